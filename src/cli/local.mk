# src/cli: main() and the batch subcommands of dpjobs.
bin_PROGRAMS += dpjobs
dpjobs_SOURCES = \
	src/cli/cli.h src/cli/output.h \
	src/cli/main.c src/cli/options.c src/cli/client.c src/cli/await.c src/cli/output.c \
	src/cli/cmd_list.c src/cli/cmd_get.c src/cli/cmd_log.c src/cli/cmd_wait.c \
	src/cli/cmd_cancel.c src/cli/cmd_create.c src/cli/cmd_clusters.c
dpjobs_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS)
dpjobs_LDADD = $(DP_RPC_LIBS) $(DP_RPC_LDLIBS)
