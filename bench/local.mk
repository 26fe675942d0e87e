# bench: figures beside a reference tool, never pass/fail (run by hand: see bench/README.md).
EXTRA_DIST += bench/README.md bench/lib.sh bench/list.sh bench/log.sh
EXTRA_DIST += bench/tui_startup.sh bench/tui_idle.sh bench/tui_bytes.sh bench/tui_filter.sh
EXTRA_DIST += bench/log_live.sh bench/log_keys.sh

# `make bench/filter_bench`: ms per keystroke of the list filter over 100,000 jobs.
EXTRA_PROGRAMS = bench/filter_bench
bench_filter_bench_SOURCES = bench/filter_bench.c
bench_filter_bench_LDADD = $(DP_CORE_LIBS) $(DP_CORE_LDLIBS)
CLEANFILES += bench/filter_bench

# `make bench/ptybench`: runs the TUI on a pty of its own for the tui_*.sh benchmarks
# (bytes written to the terminal, time to an idle mark).
EXTRA_PROGRAMS += bench/ptybench
bench_ptybench_SOURCES = bench/ptybench.c
CLEANFILES += bench/ptybench

# `make bench/log_bench`: a synthetic Spark log into a logbuf with the default budget:
# peak RSS, top/bottom jumps, rare-literal search (run by bench/log_memory.sh).
EXTRA_PROGRAMS += bench/log_bench
bench_log_bench_SOURCES = bench/log_bench.c
bench_log_bench_LDADD = $(DP_CORE_LIBS) $(DP_CORE_LDLIBS)
CLEANFILES += bench/log_bench
EXTRA_DIST += bench/log_memory.sh
# bench/log_1gib.sh: issue 4 bench item 1, a 1 GiB simulator log in the TUI beside less +G.
EXTRA_DIST += bench/log_1gib.sh
