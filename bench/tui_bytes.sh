#!/bin/sh
# Benchmark: bytes the terminal UI writes to its terminal during an idle refresh where
# nothing changed: 1,000 jobs all finished, DPJOBS_NOW frozen, refresh every 2 s, the
# pty's output counted by bench/ptybench between idle marks. A second line with the
# clock live (ages may change at a minute's turn). Reference: the first full paint.
# Goal: 0 bytes per unchanged refresh (apart from clocks that changed).
. "$(dirname "$0")/lib.sh"
jobs=${BENCH_JOBS:-1000}
secs=${BENCH_BYTES_SECS:-20}
refresh=${BENCH_REFRESH:-2}
size=${BENCH_SIZE:-50x200}
bench_tool ptybench
bench_sim --folder-id b1gbench0folder000000 --clusters 1 --jobs "$jobs" --seed 7 --speed 1000
cluster=$(bench_cluster)
bench_wait_finished "$cluster"
export TERM=xterm-256color
echo "terminal bytes per idle refresh: $jobs jobs all finished, refresh ${refresh} s, $secs s, terminal $size"
run() { # LABEL ENV...
	label=$1
	shift
	env "$@" "$TOOL" -s "$size" bytes "$secs" "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext \
		--cluster-id "$cluster" --refresh "$refresh" >"$BENCH_TMP/bytes"
	awk -v l="$label" '
		/^first paint:/ { first = $3 }
		/^mark / { n++; b += $(NF - 1); if ($(NF - 1) > max) max = $(NF - 1) }
		/^tail:/ { tail = $2 }
		END { printf "%-44s %8.1f bytes per refresh  max %6d  (%d refreshes, %d bytes; first paint %d bytes)\n",
			l, n ? b / n : 0, max, n, b + tail, first }' "$BENCH_TMP/bytes"
}
run "dpjobs, DPJOBS_NOW frozen" DPJOBS_NOW="$(date +%s)"
run "dpjobs, live clock" DPJOBS_NOW=
first=$(sed -n 's/^first paint: \([0-9]*\).*/\1/p' "$BENCH_TMP/bytes")
echo "reference: a full repaint of the same screen   $first bytes"
