# src/util: strings, sanitizer, time, uuid, debug log. No curses, grpc or protobuf-c.
noinst_LIBRARIES += libdputil.a
libdputil_a_SOURCES = \
	src/util/xalloc.c src/util/xalloc.h \
	src/util/strbuf.c src/util/strbuf.h \
	src/util/uuid.c src/util/uuid.h \
	src/util/timefmt.c src/util/timefmt.h \
	src/util/sanitize.c src/util/sanitize.h \
	src/util/textwidth.c src/util/textwidth.h \
	src/util/fdio.c src/util/fdio.h \
	src/util/conffile.c src/util/conffile.h \
	src/util/log.c src/util/log.h
libdputil_a_CPPFLAGS = $(AM_CPPFLAGS) $(UUID_CFLAGS)
