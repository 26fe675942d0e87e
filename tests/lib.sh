# Shared helpers for the end-to-end tests: TAP output, a dpjobs-sim on a free
# loopback port stopped by its pid, the dpjobs CLI pointed at it, bounded waits.
# Source it from a test: `. "$top_srcdir/tests/lib.sh"`.

: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir/build}"
DPJOBS="$top_builddir/dpjobs"
DPJOBS_SIM="$top_builddir/dpjobs-sim"
GRPC_SUPP="$top_srcdir/src/rpc/grpc.supp"
export LC_ALL=C.UTF-8 GRPC_VERBOSITY=NONE
# Tests never reach the network: anything but loopback is a bug.
unset DPJOBS_ENDPOINT DPJOBS_CLUSTER_ID DPJOBS_IAM_TOKEN http_proxy https_proxy

TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/dpjobs-test.XXXXXX")
_tap_n=0
_tap_failed=0
_sim_pids=

# ---- TAP ---------------------------------------------------------------------
plan() { echo "1..$1"; }
ok() { # ok COND_EXIT_STATUS DESCRIPTION
	_tap_n=$((_tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_tap_n - $2"
	else
		echo "not ok $_tap_n - $2"
		_tap_failed=$((_tap_failed + 1))
	fi
}
pass() { ok 0 "$1"; }
fail() { ok 1 "$1"; }
diag() { printf '# %s\n' "$@"; }
# is GOT EXPECTED DESCRIPTION
is() {
	if [ "$1" = "$2" ]; then pass "$3"; else
		fail "$3"
		diag "got:      $(printf '%s' "$1" | head -c 400)" "expected: $(printf '%s' "$2" | head -c 400)"
	fi
}
# like GOT EXTENDED_REGEX DESCRIPTION
like() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then pass "$3"; else
		fail "$3"
		diag "got:      $(printf '%s' "$1" | head -c 400)" "expected /$2/"
	fi
}
skip_all() { echo "1..0 # SKIP $1"; exit 0; }

# ---- the simulator --------------------------------------------------------------
# sim_start [dpjobs-sim options...]: starts a simulator on 127.0.0.1:0 (unless
# --listen is given) and sets SIM_PID and SIM_ADDR once it prints its address.
sim_start() {
	_out="$TEST_TMP/sim.$$.$(date +%s%N).out"
	case " $* " in
	*" --listen "*) "$DPJOBS_SIM" "$@" >"$_out" 2>>"$TEST_TMP/sim.err" & ;;
	*) "$DPJOBS_SIM" --listen 127.0.0.1:0 "$@" >"$_out" 2>>"$TEST_TMP/sim.err" & ;;
	esac
	SIM_PID=$!
	_sim_pids="$_sim_pids $SIM_PID"
	_i=0
	until head -n 1 "$_out" 2>/dev/null | grep -q '^listening on '; do
		_i=$((_i + 1))
		if [ $_i -gt 200 ] || ! kill -0 "$SIM_PID" 2>/dev/null; then
			diag "dpjobs-sim did not start: $(cat "$TEST_TMP/sim.err" 2>/dev/null | tail -n 3)"
			return 1
		fi
		sleep 0.05
	done
	SIM_ADDR=$(head -n 1 "$_out" | sed 's/^listening on //')
	export SIM_ADDR SIM_PID
}
# sim_stop [PID]: SIGTERM, then wait; returns the simulator's exit status.
sim_stop() {
	_p=${1:-$SIM_PID}
	kill -TERM "$_p" 2>/dev/null
	wait "$_p" 2>/dev/null
	_st=$?
	_sim_pids=$(echo "$_sim_pids" | sed "s/ $_p\b//")
	return $_st
}
_lib_cleanup() {
	for _p in $_sim_pids; do kill -KILL "$_p" 2>/dev/null; wait "$_p" 2>/dev/null; done
	rm -rf "$TEST_TMP"
}
trap _lib_cleanup EXIT
trap 'exit 130' INT TERM

# ---- the CLI ---------------------------------------------------------------------
# dp ARGS...: dpjobs against the current simulator.
dp() { "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext "$@"; }
# dp_valgrind ARGS...: the same under valgrind; exit 99 on a leak or error of ours.
dp_valgrind() {
	valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99 \
		--suppressions="$GRPC_SUPP" "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext "$@"
}
# first_cluster FOLDER: id of the first cluster of a folder in the simulator.
first_cluster() {
	dp --format json clusters --folder-id "$1" |
		sed -n 's/^ *"id": "\([a-z0-9]*\)".*/\1/p' | head -n 1
}

# wait_until SECONDS COMMAND...: polls COMMAND every 0.1 s; fails after SECONDS.
wait_until() {
	_limit=$(($1 * 10))
	shift
	_i=0
	until "$@" >/dev/null 2>&1; do
		_i=$((_i + 1))
		[ $_i -lt $_limit ] || return 1
		sleep 0.1
	done
}

done_testing() {
	[ "$_tap_failed" -eq 0 ]
}

# ---- helpers shared by the end-to-end tests -----------------------------------------
# run CMD...: runs CMD (a function such as dp works too) with stdin from
# /dev/null; its stdout, stderr and exit status land in OUT, ERR and RC (and in
# the files $TEST_TMP/out and $TEST_TMP/err, byte for byte).
run() {
	"$@" </dev/null >"$TEST_TMP/out" 2>"$TEST_TMP/err"
	RC=$?
	OUT=$(cat "$TEST_TMP/out")
	ERR=$(cat "$TEST_TMP/err")
}
# need_programs: skips the whole test when dpjobs or dpjobs-sim is not built.
need_programs() {
	for _b in "$DPJOBS" "$DPJOBS_SIM"; do
		[ -x "$_b" ] || skip_all "$_b is not built"
	done
}
# str N [CHAR]: N copies of CHAR (default x), no newline.
str() { head -c "$1" /dev/zero | tr '\0' "${2:-x}"; }
# repeat N ARG...: the ARGs N times, one word per line (for `set -- $(repeat ...)`).
repeat() {
	_n=$1
	shift
	while [ "$_n" -gt 0 ]; do printf '%s\n' "$@"; _n=$((_n - 1)); done
}
# lines TEXT: the number of lines of TEXT (0 for an empty one).
lines() { [ -z "$1" ] && echo 0 || printf '%s\n' "$1" | wc -l | tr -d ' '; }
# jq_ok FILTER [FILE]: jq -e on FILE (default the last run's stdout).
jq_ok() { jq -e "$1" "${2:-$TEST_TMP/out}" >/dev/null 2>&1; }
# free_port: a loopback port that was free a moment ago (a simulator bound it on
# :0 and has exited), for tests that restart a simulator on the same address.
free_port() {
	sim_start --clusters 1 --jobs 1 || return 1
	_fp=${SIM_ADDR##*:}
	sim_stop "$SIM_PID"
	echo "$_fp"
}
