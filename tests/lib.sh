# Shared helpers for the end-to-end tests: TAP output, a dpjobs-sim on a free
# loopback port stopped by its pid, the dpjobs CLI pointed at it, bounded waits.
# Source it from a test: `. "$top_srcdir/tests/lib.sh"`.

: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir/build}"
DPJOBS="$top_builddir/dpjobs"
DPJOBS_SIM="$top_builddir/dpjobs-sim"
GRPC_SUPP="$top_srcdir/src/rpc/grpc.supp"
# Under --enable-asan, LeakSanitizer ignores only what src/rpc/lsan.supp names
# (c-ares' own leak); anything of ours still fails.
# print_suppressions=0: its summary would be one more line of stderr in one-line checks.
LSAN_OPTIONS="suppressions=$top_srcdir/src/rpc/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
export LC_ALL=C.UTF-8 GRPC_VERBOSITY=NONE
# Tests never reach the network: anything but loopback is a bug.
unset DPJOBS_ENDPOINT DPJOBS_CLUSTER_ID DPJOBS_IAM_TOKEN http_proxy https_proxy
# Nor does the caller's environment leak in (a frozen clock, a debug log, a folder).
unset DPJOBS_FOLDER_ID DPJOBS_NOW DPJOBS_LOG

TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/dpjobs-test.XXXXXX")
# Nor the caller's configuration file or credentials: each test brings its own.
unset DPJOBS_CONFIG DPJOBS_PROFILE DPJOBS_OAUTH_TOKEN DPJOBS_SA_KEY_FILE DPJOBS_TOKEN_COMMAND \
	DPJOBS_METADATA_URL DPJOBS_READONLY
XDG_CONFIG_HOME=$TEST_TMP/config-home
export XDG_CONFIG_HOME
_tap_n=0
_tap_failed=0
_sim_pids=
_bg_shells=

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
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }
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
# --listen is given) and sets SIM_PID and SIM_ADDR once it prints its address
# (SIM_OUT is the file that receives its stdout).
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
	SIM_OUT=$_out
	export SIM_ADDR SIM_PID SIM_OUT
	# --metadata-listen: SIM_METADATA_URL is its token URL (the next stdout line).
	case " $* " in
	*" --metadata-listen "*)
		wait_until 10 grep -q '^metadata listening on ' "$_out" || {
			diag "dpjobs-sim printed no metadata address"
			return 1
		}
		SIM_METADATA_ADDR=$(sed -n 's/^metadata listening on //p' "$_out")
		SIM_METADATA_URL="http://$SIM_METADATA_ADDR/computeMetadata/v1/instance/service-accounts/default/token"
		export SIM_METADATA_ADDR SIM_METADATA_URL
		;;
	esac
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
	for _p in $_sim_pids $(cat "$TEST_TMP/bg.pids" 2>/dev/null); do
		kill -KILL "$_p" 2>/dev/null
		wait "$_p" 2>/dev/null
	done
	for _p in $_bg_shells; do wait "$_p" 2>/dev/null; done
	rm -rf "$TEST_TMP"
}
trap _lib_cleanup EXIT
# A signal must still run the cleanup: a test piped into `head` dies of SIGPIPE.
trap 'exit 129' HUP
trap 'exit 130' INT TERM
trap 'exit 141' PIPE

# ---- the CLI ---------------------------------------------------------------------
# dp ARGS...: dpjobs against the current simulator. A hung dpjobs is killed after
# DP_TIMEOUT seconds (exit 124) rather than hanging the suite.
dp() { timeout -k 5 "${DP_TIMEOUT:-120}" "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext "$@"; }
# dp_bg NAME ARGS...: dp ARGS in the background, its stdout and stderr in
# $TEST_TMP/NAME.out and NAME.err and, once it has ended, its exit status in
# NAME.rc. It is killed at the end of the test if still running.
dp_bg() {
	_name=$1
	shift
	rm -f "$TEST_TMP/$_name.rc"
	(
		"$DPJOBS" --endpoint "$SIM_ADDR" --plaintext "$@" \
			>"$TEST_TMP/$_name.out" 2>"$TEST_TMP/$_name.err" &
		echo $! >>"$TEST_TMP/bg.pids"
		wait $!
		echo $? >"$TEST_TMP/$_name.rc"
	) >/dev/null 2>&1 </dev/null &
	_bg_shells="$_bg_shells $!"
}
# dp_bg_rc NAME: the exit status of a dp_bg command, or "running".
dp_bg_rc() { cat "$TEST_TMP/$1.rc" 2>/dev/null || echo running; }
# dp_bg_ended NAME: true once the dp_bg command has ended.
dp_bg_ended() { [ -s "$TEST_TMP/$1.rc" ]; }
# dp_bg_kill: stops every dp_bg command still running.
dp_bg_kill() {
	for _p in $(cat "$TEST_TMP/bg.pids" 2>/dev/null); do kill "$_p" 2>/dev/null; done
}
# dp_valgrind ARGS...: the same under valgrind; exit 99 on a leak or error of ours.
# Only errors and definite leaks are shown (a joined thread's cached stack may show as
# "possibly lost"); --num-callers=40 lets grpc.supp see the gRPC frame deep in a stack.
VALGRIND_OPTS_DP="-q --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite --error-exitcode=99 --num-callers=40"
dp_valgrind() {
	timeout -k 5 300 ${VALGRIND:-valgrind} $VALGRIND_OPTS_DP \
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
# need_programs: skips the whole test when dpjobs or dpjobs-sim is not built, or
# jq (which reads every JSON answer) is not installed.
need_programs() {
	for _b in "$DPJOBS" "$DPJOBS_SIM"; do
		[ -x "$_b" ] || skip_all "$_b is not built"
	done
	command -v jq >/dev/null 2>&1 || skip_all "jq is not installed (scripts/packages)"
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
# jq_ok [JQ_OPTIONS...] FILTER [FILE]: jq -e, silent, on FILE (default: the
# last run's stdout, when the last argument is not a file).
jq_ok() {
	eval "_last=\${$#}"
	if [ -f "$_last" ]; then jq -e "$@"; else jq -e "$@" "$TEST_TMP/out"; fi >/dev/null 2>&1
}
# with_token TOKEN CMD...: CMD with DPJOBS_IAM_TOKEN=TOKEN in its environment.
with_token() (
	DPJOBS_IAM_TOKEN=$1
	export DPJOBS_IAM_TOKEN
	shift
	"$@"
)
# free_port: a loopback port that was free a moment ago (a simulator bound it on
# :0 and has exited), for tests that restart a simulator on the same address.
free_port() {
	sim_start --clusters 1 --jobs 1 || return 1
	_fp=${SIM_ADDR##*:}
	sim_stop "$SIM_PID"
	echo "$_fp"
}
# The folder every test's simulator puts its clusters in.
FOLDER=b1gtestfolder0000000
# sim_up [dpjobs-sim options...]: sim_start in FOLDER, then CLUSTER is the id of
# its first cluster (empty when it has none).
sim_up() {
	sim_start --folder-id "$FOLDER" "$@" || return 1
	CLUSTER=$(dp --format json clusters --folder-id "$FOLDER" | jq -r '.[0].id // empty')
}
# dpc ARGS...: dp on CLUSTER.
dpc() { dp --cluster-id "$CLUSTER" "$@"; }
# job_field JOB_ID JQ_PATH: one field of a job, by `get --format json`.
job_field() { dpc --format json get "$1" | jq -r "$2 // empty"; }
# job_status_is JOB_ID STATUS...: true when the job's status is one of STATUS.
job_status_is() {
	_js=$(job_field "$1" .status)
	shift
	for _want; do [ "$_js" = "$_want" ] && return 0; done
	return 1
}
# now_ms: wall clock in milliseconds.
now_ms() { echo $(($(date +%s%N) / 1000000)); }
# jq definitions for the tests' filters: ts turns an RFC 3339 `Z` timestamp
# (fractions allowed) into seconds, so times compare as numbers.
JQ_DEFS='def ts: (.[0:19] + "Z" | fromdateiso8601) + ((capture("\\.(?<f>[0-9]+)Z$") | .f | ("0." + .) | tonumber) // 0);'
# jqt FILTER [FILE]: jq -r with JQ_DEFS on FILE (default the last run's stdout).
jqt() { jq -r "$JQ_DEFS $1" "${2:-$TEST_TMP/out}"; }
# test_pki DIR: a throwaway CA (DIR/ca.pem), a second CA that signed nothing (other.pem), and
# certificates signed by the first with their keys: local.pem for localhost and 127.0.0.1,
# elsewhere.pem for another name only. Valid for two days.
test_pki() {
	mkdir -p "$1"
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=dpjobs-test-ca \
		-keyout "$1/ca.key" -out "$1/ca.pem" 2>/dev/null &&
		openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=dpjobs-other-ca \
			-keyout "$1/other.key" -out "$1/other.pem" 2>/dev/null || return 1
	printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$1/local.ext"
	printf 'subjectAltName=DNS:elsewhere.example\n' >"$1/elsewhere.ext"
	for _n in local elsewhere; do
		openssl req -newkey rsa:2048 -nodes -subj "/CN=$_n" \
			-keyout "$1/$_n.key" -out "$1/$_n.csr" 2>/dev/null &&
			openssl x509 -req -in "$1/$_n.csr" -CA "$1/ca.pem" -CAkey "$1/ca.key" \
				-CAcreateserial -days 2 -extfile "$1/$_n.ext" -out "$1/$_n.pem" \
				2>/dev/null || return 1
	done
}
