# src/sim: dpjobs-sim, a local Data Proc over the gRPC core server API.
# Uses src/wire, src/model and src/util; nothing of src/ui, src/cli or src/rpc.
bin_PROGRAMS += dpjobs-sim
dpjobs_sim_SOURCES = \
	src/sim/main.c \
	src/sim/server.c src/sim/server.h \
	src/sim/service.c src/sim/service.h \
	src/sim/store.c src/sim/store.h \
	src/sim/worldgen.c src/sim/worldgen.h \
	src/sim/lifecycle.c src/sim/lifecycle.h \
	src/sim/loggen.c src/sim/loggen.h \
	src/sim/tokens.c src/sim/tokens.h \
	src/sim/faults.c src/sim/faults.h \
	src/sim/state.c src/sim/state.h \
	src/sim/rng.c src/sim/rng.h
dpjobs_sim_CPPFLAGS = $(AM_CPPFLAGS) $(GRPC_CFLAGS) $(PROTOBUFC_CFLAGS) $(SQLITE_CFLAGS)
dpjobs_sim_LDADD = $(DP_CORE_LIBS) $(GRPC_LIBS) $(SQLITE_LIBS) $(DP_CORE_LDLIBS) -lm
