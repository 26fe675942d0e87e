# Helpers for the benchmarks: start a simulator, run a command under GNU time and
# print one aligned line of figures (wall time, throughput, peak RSS).
set -eu
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir/build}"
DPJOBS="$top_builddir/dpjobs"
DPJOBS_SIM="$top_builddir/dpjobs-sim"
export LC_ALL=C.UTF-8 GRPC_VERBOSITY=NONE
unset DPJOBS_ENDPOINT DPJOBS_CLUSTER_ID DPJOBS_IAM_TOKEN
BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/dpjobs-bench.XXXXXX")
_sims=
# Scripts append shell commands here to be run on exit (tmux kill-server, kill PID).
bench_cleanup=
# Under set -e a failing cleanup step would end the trap early and leave the
# simulators running: every step is allowed to fail.
trap 'eval "$bench_cleanup" || true; for p in $_sims; do kill $p 2>/dev/null || true; wait $p 2>/dev/null || true; done; rm -rf "$BENCH_TMP"' EXIT
trap 'exit 130' INT TERM HUP

# bench_sim ARGS...: starts dpjobs-sim on a free loopback port; sets SIM_ADDR.
bench_sim() {
	_out="$BENCH_TMP/sim.$#.$(date +%s%N)"
	"$DPJOBS_SIM" --listen 127.0.0.1:0 "$@" >"$_out" 2>/dev/null &
	_sims="$_sims $!"
	_i=0
	until head -n 1 "$_out" 2>/dev/null | grep -q '^listening on '; do
		_i=$((_i + 1))
		[ $_i -lt 600 ] || { echo "bench: dpjobs-sim did not start" >&2; exit 1; }
		sleep 0.05
	done
	SIM_ADDR=$(head -n 1 "$_out" | sed 's/^listening on //')
}

# measure LABEL BYTES OUTFILE COMMAND...: runs COMMAND with stdout to OUTFILE
# (/dev/null is fine) and prints label, wall s (date's ns clock, GNU time's is
# only 10 ms), MiB/s (if BYTES > 0), peak RSS.
measure() {
	_label=$1 _bytes=$2 _outf=$3
	shift 3
	_t0=$(date +%s%N)
	/usr/bin/time -f '%M' -o "$BENCH_TMP/time" "$@" >"$_outf"
	_t1=$(date +%s%N)
	read -r _rss <"$BENCH_TMP/time"
	_wall=$(awk -v a="$_t0" -v b="$_t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
	awk -v l="$_label" -v w="$_wall" -v r="$_rss" -v b="$_bytes" 'BEGIN {
		tp = (b > 0 && w > 0) ? sprintf("%8.1f MiB/s", b / 1048576 / w) : sprintf("%14s", "-");
		printf "%-44s %8.3f s  %s  %8.1f MiB peak RSS\n", l, w, tp, r / 1024 }'
}

# bench_cluster: prints the id of the first cluster of the simulator at SIM_ADDR.
bench_cluster() {
	"$DPJOBS" --endpoint "$SIM_ADDR" --plaintext --format json clusters --folder-id b1gbench0folder000000 |
		sed -n 's/^ *"id": "\([a-z0-9]*\)".*/\1/p' | head -n 1
}

# bench_wait_finished CLUSTER: waits until no job of CLUSTER is active (a sim run
# with a high --speed ends them all within seconds).
bench_wait_finished() {
	_i=0
	while "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext --cluster-id "$1" list |
		awk 'NR > 1 && $0 ~ / (PROVISIONING|PENDING|RUNNING|CANCELLING) / { f = 1 } END { exit !f }'; do
		_i=$((_i + 1))
		[ $_i -lt 120 ] || { echo "bench: jobs still active after 60 s" >&2; exit 1; }
		sleep 0.5
	done
}

# bench_tool NAME: builds bench/NAME (an EXTRA_PROGRAM) in the build tree; sets TOOL.
bench_tool() {
	make -s -C "$top_builddir" "bench/$1" >/dev/null || { echo "bench: cannot build bench/$1" >&2; exit 1; }
	TOOL="$top_builddir/bench/$1"
}

# stats LABEL UNIT: one line of median, min and max of the numbers on stdin.
stats() {
	sort -n | awk -v l="$1" -v u="$2" '{ v[NR] = $1 } END {
		if (NR == 0) { printf "%-44s (no samples)\n", l; exit }
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
		printf "%-44s median %8.2f %s  min %8.2f  max %8.2f  (%d runs)\n", l, m, u, v[1], v[NR], NR }'
}
