#!/bin/sh
# dpjobs --demo: the in-process simulator on a private unix socket, batch and TUI.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_programs
plan 15

DEMO_FOLDER=b1gdpjobsdemo0000001
# The demo's socket directory goes here, so that leftovers are easy to see.
RUNDIR=$TEST_TMP/run
mkdir -m 700 "$RUNDIR"
export XDG_RUNTIME_DIR="$RUNDIR"
# demo ARGS...: dpjobs --demo ARGS, bounded.
demo() { timeout -k 5 "${DP_TIMEOUT:-120}" "$DPJOBS" --demo "$@"; }
# leftovers: what the demo left in its runtime directory (nothing, normally).
leftovers() { ls -A "$RUNDIR"; }

run demo list
is "$RC" 0 "--demo list: exit 0"
rows=$(printf '%s\n' "$OUT" | grep -cE '^c9q[a-z0-9]{17}  ')
like "$(printf '%s\n' "$OUT" | head -n 1)" '^ID +NAME +TYPE +STATUS' "--demo list: a table header"
ok "$([ "$rows" -ge 25 ] && [ -z "$ERR" ]; echo $?)" \
	"--demo list: the demo's jobs, nothing on stderr ($rows rows)"
is "$(leftovers)" "" "--demo list: no socket or directory left behind"

run demo --format json clusters --folder-id "$DEMO_FOLDER"
ok "$([ "$RC" -eq 0 ] && jq_ok --arg f "$DEMO_FOLDER" \
	'length == 1 and .[0].folder_id == $f and .[0].status == "RUNNING"'; echo $?)" \
	"--demo --format json clusters --folder-id $DEMO_FOLDER: one RUNNING cluster"
cluster=$(jq -r '.[0].id' "$TEST_TMP/out")

# The caller's real cloud settings are ignored: no other endpoint, no token.
run env DPJOBS_ENDPOINT=192.0.2.1:443 DPJOBS_CLUSTER_ID=c9qnotthedemo0000000 \
	DPJOBS_IAM_TOKEN=t1.not-for-the-demo "$DPJOBS" --demo --format json list
ok "$([ "$RC" -eq 0 ] && jq_ok --arg c "$cluster" 'length >= 25 and all(.[]; .cluster_id == $c)'; echo $?)" \
	"--demo overrides DPJOBS_ENDPOINT, DPJOBS_CLUSTER_ID and the token"
done_id=$(jq -r '[.[] | select(.status == "DONE")][0].id' "$TEST_TMP/out")
run demo log "$done_id"
ok "$([ "$RC" -eq 0 ] && [ -n "$OUT" ]; echo $?)" "--demo log of a DONE job prints its driver log"

run "$DPJOBS" list --demo
ok "$([ "$RC" -eq 2 ] && [ -z "$OUT" ] && printf '%s' "$ERR" | grep -q -- '--demo goes before the command'; echo $?)" \
	"--demo after the command: a usage error, exit 2"
run "$DPJOBS" --demo list --endpoint 192.0.2.1:443
ok "$([ "$RC" -eq 2 ] && [ -z "$OUT" ] && printf '%s' "$ERR" | grep -q -- 'no --endpoint'; echo $?)" \
	"--demo with --endpoint after it: a usage error, exit 2"
is "$(leftovers)" "" "no socket or directory left behind by any of them"

# Every connect(2) of the demo stays on this machine: the unix socket, or loopback.
if command -v strace >/dev/null 2>&1 && strace -f -o /dev/null true 2>/dev/null; then
	# LeakSanitizer cannot run under ptrace: an --enable-asan build checks leaks elsewhere.
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 timeout -k 5 120 \
		strace -f -qq -e trace=connect -o "$TEST_TMP/connects" "$DPJOBS" --demo list >/dev/null 2>&1
	st=$?
	total=$(grep -c 'connect(' "$TEST_TMP/connects")
	unix=$(grep -c 'connect(.*AF_UNIX' "$TEST_TMP/connects")
	far=$(grep 'connect(' "$TEST_TMP/connects" | grep -v 'AF_UNIX' |
		grep -vE 'inet_addr\("127\.|inet_pton\(AF_INET6, "::1"|"::ffff:127\.' || true)
	ok "$([ "$st" -eq 0 ] && [ "$unix" -ge 1 ] && [ -z "$far" ]; echo $?)" \
		"--demo list connects only to its unix socket or loopback ($unix of $total AF_UNIX)"
	[ -z "$far" ] || diag "$far"
else
	pass "# SKIP strace is missing or cannot trace here"
fi

# The TUI in a private tmux server: a job row shows, q ends it with status 0.
if command -v tmux >/dev/null 2>&1; then
	unset TMUX TMUX_PANE
	TSOCK=demo-$$
	tmx() { tmux -L "$TSOCK" -f /dev/null "$@"; }
	trap 'tmx kill-server >/dev/null 2>&1; _lib_cleanup' EXIT
	cat >"$TEST_TMP/tui.run" <<EOF
export LC_ALL=C.UTF-8 HOME='$TEST_TMP' XDG_CONFIG_HOME='$TEST_TMP/.config' XDG_RUNTIME_DIR='$RUNDIR'
'$DPJOBS' --demo 2>'$TEST_TMP/tui.err'
echo \$? >'$TEST_TMP/tui.rc'
EOF
	tmx start-server \; set -g default-terminal screen-256color \; set -g status off \; \
		new-session -d -s demo -x 120 -y 35 "sh '$TEST_TMP/tui.run'"
	screen() { tmx capture-pane -p -t demo 2>/dev/null; }
	shows_job() { screen | grep -qE '(RUNNING|DONE|PENDING|ERROR) +[a-z].* c9q[a-z0-9]{17} '; }
	if wait_until 20 shows_job; then pass "--demo TUI: the job list shows demo jobs"; else
		fail "--demo TUI: the job list shows demo jobs"
		screen | head -n 12 | sed 's/^/# /'
		diag "$(cat "$TEST_TMP/tui.err" 2>/dev/null)"
	fi
	like "$(screen | head -n 1)" "demo .*analytics-prod \\($cluster\\)" \
		"--demo TUI: the header says demo and names the demo cluster"
	tmx send-keys -t demo q
	pane_gone() { ! tmx has-session -t demo; }
	wait_until 10 test -s "$TEST_TMP/tui.rc"
	ok "$(wait_until 10 pane_gone && [ "$(cat "$TEST_TMP/tui.rc" 2>/dev/null)" = 0 ]; echo $?)" \
		"--demo TUI: q quits with status 0 and the pane ends"
	is "$(leftovers)" "" "--demo TUI: no socket or directory left behind"
	tmx kill-server >/dev/null 2>&1
else
	for t in "job rows" "header" "q quits" "no leftovers"; do pass "# SKIP tmux is not installed: TUI $t"; done
fi
done_testing
