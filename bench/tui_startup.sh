#!/bin/sh
# Benchmark: time from exec of the terminal UI to its first full paint with 1,000 jobs
# (the first DPJOBS_IDLE_FILE mark: list loaded, no call pending, screen written), on a
# pty of bench/ptybench's at 50x200; reference: exec of the batch CLI plus one loopback
# RPC (`dpjobs list` of the same 1,000 jobs, one page). Goal: first paint under 50 ms.
. "$(dirname "$0")/lib.sh"
jobs=${BENCH_JOBS:-1000}
runs=${BENCH_RUNS:-10}
size=${BENCH_SIZE:-50x200}
bench_tool ptybench
bench_sim --folder-id b1gbench0folder000000 --clusters 1 --jobs "$jobs" --seed 7
cluster=$(bench_cluster)
export TERM=xterm-256color
echo "TUI first paint: $jobs jobs, terminal $size, $runs runs"
i=0
: >"$BENCH_TMP/startup"
while [ $i -lt "$runs" ]; do
	"$TOOL" -s "$size" startup "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext --cluster-id "$cluster" >>"$BENCH_TMP/startup"
	i=$((i + 1))
done
awk '{ print $1 }' "$BENCH_TMP/startup" | stats "dpjobs (TUI) exec to first paint" ms
echo "  first paint: $(awk '{ print $3 }' "$BENCH_TMP/startup" | sort -n | sed -n 1p) bytes to the terminal"
i=0
: >"$BENCH_TMP/ref"
while [ $i -lt "$runs" ]; do
	t0=$(date +%s%N)
	"$DPJOBS" --endpoint "$SIM_ADDR" --plaintext --cluster-id "$cluster" list >/dev/null
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000)) | awk '{ print $1 / 1000 }' >>"$BENCH_TMP/ref"
	i=$((i + 1))
done
stats "reference: dpjobs list (exec + 1 RPC)" ms <"$BENCH_TMP/ref"
i=0
: >"$BENCH_TMP/ref"
while [ $i -lt "$runs" ]; do
	t0=$(date +%s%N)
	"$DPJOBS" --version >/dev/null
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000)) | awk '{ print $1 / 1000 }' >>"$BENCH_TMP/ref"
	i=$((i + 1))
done
stats "reference: dpjobs --version (exec only)" ms <"$BENCH_TMP/ref"
