#!/bin/sh
# Benchmark: `dpjobs log` of a 256 MiB driver log against the simulator, with
# `cat` of the same bytes from a file as the reference line, and the peak RSS
# of a 64 MiB log beside it to show memory does not grow with the log.
# Goals: at least 200 MiB/s; RSS independent of the log's size.
. "$(dirname "$0")/lib.sh"
run() { # MIB
	bench_sim --folder-id b1gbench0folder000000 --clusters 1 --jobs 1 --big-log "$1"
	dp() { "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext "$@"; }
	cluster=$(dp --format json clusters --folder-id b1gbench0folder000000 | sed -n 's/^ *"id": "\([a-z0-9]*\)".*/\1/p' | head -n 1)
	job=$(dp --cluster-id "$cluster" --format json list --filter 'name="big-log"' | sed -n 's/^ *"id": "\([a-z0-9]*\)".*/\1/p' | head -n 1)
	dp --cluster-id "$cluster" log "$job" >"$BENCH_TMP/log.$1"
	bytes=$(wc -c <"$BENCH_TMP/log.$1")
	echo "log of $1 MiB: $bytes bytes"
	for i in 1 2 3; do
		measure "dpjobs log ($1 MiB) run $i" "$bytes" /dev/null "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext --cluster-id "$cluster" log "$job"
	done
	measure "reference: cat of the same $1 MiB from a file" "$bytes" /dev/null cat "$BENCH_TMP/log.$1"
	# Through a pipe, as `dpjobs log JOB | grep ...` runs.
	measure "dpjobs log ($1 MiB) | wc -c" "$bytes" /dev/null sh -c "\"\$0\" --endpoint $SIM_ADDR --plaintext --cluster-id $cluster log $job | wc -c" "$DPJOBS"
	measure "reference: cat of the same $1 MiB | wc -c" "$bytes" /dev/null sh -c "cat \"\$0\" | wc -c" "$BENCH_TMP/log.$1"
	rm -f "$BENCH_TMP/log.$1"
}
run 64
run "${BENCH_LOG_MIB:-256}"
