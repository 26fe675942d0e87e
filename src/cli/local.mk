# src/cli: main() and the batch subcommands of dpjobs.
bin_PROGRAMS += dpjobs
dpjobs_SOURCES = \
	src/cli/cli.h src/cli/output.h \
	src/cli/main.c src/cli/options.c src/cli/client.c src/cli/await.c src/cli/output.c \
	src/cli/cmd_list.c src/cli/cmd_get.c src/cli/cmd_log.c src/cli/cmd_wait.c \
	src/cli/cmd_cancel.c src/cli/cmd_create.c src/cli/cmd_clusters.c src/cli/cmd_auth.c \
	src/cli/cluster_name.c \
	src/cli/config.c src/cli/cmd_config.c \
	src/cli/demo.c src/cli/demo.h
dpjobs_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS)
# --demo embeds the simulator (src/sim/sim.h): libdpsim.a and SQLite.
dpjobs_LDADD = $(DP_UI_LIBS) libdpsim.a $(DP_RPC_LIBS) $(DP_RPC_LDLIBS) $(SQLITE_LIBS) \
	$(DP_UI_LDLIBS) -lm
