# src/model: plain data (jobs, operations, clusters, log follow, validation, log buffer and
# search). No network or terminal I/O; the log buffer spills to a temporary file.
noinst_LIBRARIES += libdpmodel.a
libdpmodel_a_SOURCES = \
	src/model/job.c src/model/job.h \
	src/model/validate.c src/model/validate.h \
	src/model/operation.c src/model/operation.h \
	src/model/cluster.c src/model/cluster.h \
	src/model/logfollow.c src/model/logfollow.h \
	src/model/jobstore.c src/model/jobstore.h \
	src/model/logbuf.c src/model/logbuf.h \
	src/model/logsearch.c src/model/logsearch.h \
	src/model/jobfields.c src/model/jobfields.h \
	src/model/jobspec_json.c src/model/jobspec_json.h
