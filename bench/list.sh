#!/bin/sh
# Benchmark: `dpjobs list` of 10,000 jobs (10 pages of 1000) against the simulator,
# table and JSON, with `cat` of the same bytes from a file as the reference line.
# Goal: the whole list in under 0.5 s.
. "$(dirname "$0")/lib.sh"
jobs=${BENCH_JOBS:-10000}
bench_sim --folder-id b1gbench0folder000000 --clusters 1 --jobs "$jobs" --seed 7
dp() { "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext "$@"; }
cluster=$(dp --format json clusters --folder-id b1gbench0folder000000 | sed -n 's/^ *"id": "\([a-z0-9]*\)".*/\1/p' | head -n 1)
dp --cluster-id "$cluster" list >"$BENCH_TMP/list.txt"
dp --cluster-id "$cluster" --format json list >"$BENCH_TMP/list.json"
rows=$(($(wc -l <"$BENCH_TMP/list.txt") - 1))
echo "dpjobs list: $rows jobs; table $(wc -c <"$BENCH_TMP/list.txt") bytes, json $(wc -c <"$BENCH_TMP/list.json") bytes"
for i in 1 2 3; do
	measure "dpjobs list (table) run $i" 0 /dev/null "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext --cluster-id "$cluster" list
done
for i in 1 2 3; do
	measure "dpjobs list --format json run $i" 0 /dev/null "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext --cluster-id "$cluster" --format json list
done
measure "reference: cat of the same json from a file" 0 /dev/null cat "$BENCH_TMP/list.json"
