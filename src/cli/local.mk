# src/cli: main() and the batch subcommands of dpjobs.
bin_PROGRAMS += dpjobs
dpjobs_SOURCES = src/cli/main.c
dpjobs_CPPFLAGS = $(AM_CPPFLAGS)
dpjobs_LDADD = $(DP_CORE_LIBS) $(DP_CORE_LDLIBS)
