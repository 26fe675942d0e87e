#!/bin/sh
# Benchmark: keypress-to-screen time of the list filter with 100,000 jobs: after the list
# has loaded, `/` opens the prompt and a 6-character word is typed one key at a time;
# each key is timed from its write to the pty (bench/ptybench) to the next idle mark
# (filter applied, screen written, the newly selected job's calls answered), and to
# the first byte of the screen update it caused (the list redrawn). The
# refresh is set to an hour so that no reload of the 100,000 jobs falls between keys.
# Reference: bench/filter_bench, the same word through the model alone (its own
# 100,000 synthetic names). Goal: under 16 ms per key.
. "$(dirname "$0")/lib.sh"
jobs=${BENCH_JOBS:-100000}
word=${BENCH_WORD:-hourly}
runs=${BENCH_RUNS:-3}
size=${BENCH_SIZE:-50x200}
bench_tool ptybench
pty=$TOOL
bench_tool filter_bench
bench_sim --folder-id b1gbench0folder000000 --clusters 1 --jobs "$jobs" --seed 7
cluster=$(bench_cluster)
export TERM=xterm-256color
echo "filter keypress to screen: $jobs jobs, typing '$word', terminal $size, $runs runs"
i=0
: >"$BENCH_TMP/keys"
while [ $i -lt "$runs" ]; do
	"$pty" -s "$size" keys / "$word" "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext \
		--cluster-id "$cluster" --refresh 3600 >"$BENCH_TMP/run"
	awk -v r=$((i + 1)) '{ s = s sprintf("  %s %.1f", $2, $3) } END { print "  run " r ", ms per key:" s }' "$BENCH_TMP/run"
	cat "$BENCH_TMP/run" >>"$BENCH_TMP/keys"
	i=$((i + 1))
done
awk '{ print $3 }' "$BENCH_TMP/keys" | stats "dpjobs (TUI) filter, key to idle" ms
awk '{ print $(NF - 3) }' "$BENCH_TMP/keys" | stats "dpjobs (TUI) filter, key to first output" ms
"$TOOL" "$word" "$jobs" >"$BENCH_TMP/model"
sed -n "s/^typing '[^']*': \([0-9.]*\) ms per key on average, \([0-9.]*\) ms at worst.*/reference: filter_bench (model only)            mean     \1 ms  max     \2 ms/p" "$BENCH_TMP/model"
