# src/sim: the simulator library libdpsim.a (a local Data Proc over the gRPC core server
# API, served on its own thread; public API sim.h) and dpjobs-sim, its command line.
# Uses src/wire, src/model and src/util; nothing of src/ui, src/cli or src/rpc.
noinst_LIBRARIES += libdpsim.a
libdpsim_a_SOURCES = \
	src/sim/sim.c src/sim/sim.h \
	src/sim/server.c src/sim/server.h \
	src/sim/service.c src/sim/service.h \
	src/sim/store.c src/sim/store.h \
	src/sim/worldgen.c src/sim/worldgen.h \
	src/sim/lifecycle.c src/sim/lifecycle.h \
	src/sim/loggen.c src/sim/loggen.h \
	src/sim/tokens.c src/sim/tokens.h \
	src/sim/faults.c src/sim/faults.h \
	src/sim/iam.c src/sim/iam.h \
	src/sim/metadata.c src/sim/metadata.h \
	src/sim/state.c src/sim/state.h \
	src/sim/rng.c src/sim/rng.h
libdpsim_a_CPPFLAGS = $(AM_CPPFLAGS) $(GRPC_CFLAGS) $(PROTOBUFC_CFLAGS) $(SQLITE_CFLAGS) \
	$(OPENSSL_CFLAGS) $(JANSSON_CFLAGS)
$(libdpsim_a_OBJECTS): $(PROTO_GEN_H)

# Link order for programs that embed the simulator: this library, then the core layers.
DP_SIM_LIBS = libdpsim.a $(DP_CORE_LIBS)
DP_SIM_LDLIBS = $(GRPC_LIBS) $(SQLITE_LIBS) $(OPENSSL_LIBS) $(DP_CORE_LDLIBS) -lm

bin_PROGRAMS += dpjobs-sim
dpjobs_sim_SOURCES = src/sim/main.c
dpjobs_sim_CPPFLAGS = $(AM_CPPFLAGS) $(GRPC_CFLAGS)
dpjobs_sim_LDADD = $(DP_SIM_LIBS) $(DP_SIM_LDLIBS)
