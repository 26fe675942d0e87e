#!/bin/sh
# Benchmark: key latency in the log pane while the 1 MiB line of dpjobs-sim --nasty-log
# is on screen, unwrapped (k j l h at the end of the log) and wrapped (w, then k j
# through the line's rows): each key is timed by bench/ptybench from its write to the
# pty to the next idle mark and to the first byte of output. Reference: the same keys
# on a normal 1 MiB log (--big-log 1, lines of 100 to 200 bytes). The terminal is 12 rows
# high by default, so that j and k scroll the 23 lines of the nasty log. Goal: under 16 ms.
. "$(dirname "$0")/lib.sh"
runs=${BENCH_RUNS:-3}
size=${BENCH_SIZE:-12x200}
bench_tool ptybench
pty=$TOOL
export TERM=xterm-256color

# keys LABEL PREFIX KEYS SIM_OPTIONS...: runs ptybench keys runs times against a
# simulator with only the one job; prints the per-key figures.
keys() {
	_label=$1 _prefix=$2 _keys=$3
	shift 3
	bench_sim --folder-id b1gbench0folder000000 --clusters 1 --jobs 0 --seed 7 "$@"
	_cluster=$(bench_cluster)
	: >"$BENCH_TMP/keys"
	_i=0
	while [ $_i -lt "$runs" ]; do
		HOME=$BENCH_TMP "$pty" -s "$size" keys "$_prefix" "$_keys" "$DPJOBS" --endpoint "$SIM_ADDR" \
			--plaintext --cluster-id "$_cluster" --refresh 3600 >"$BENCH_TMP/run"
		awk -v r=$((_i + 1)) '{ s = s sprintf(" %s %.1f", $2, $3) } END { print "  run " r ", ms per key:" s }' "$BENCH_TMP/run"
		cat "$BENCH_TMP/run" >>"$BENCH_TMP/keys"
		_i=$((_i + 1))
	done
	awk '{ print $3 }' "$BENCH_TMP/keys" | stats "$_label, key to idle" ms
	awk '{ print $(NF - 3) }' "$BENCH_TMP/keys" | stats "$_label, key to first output" ms
}

echo "log pane keys: terminal $size, $runs runs"
keys "1 MiB line, no wrap (kjkjllhh)" 3z kjkjllhh --nasty-log
keys "1 MiB line, wrapped (kkkkjjjj)" 3zw kkkkjjjj --nasty-log
keys "reference: normal 1 MiB log, no wrap" 3z kjkjllhh --big-log 1
keys "reference: normal 1 MiB log, wrapped" 3zw kkkkjjjj --big-log 1
