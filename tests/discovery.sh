#!/bin/sh
# Cluster discovery and endpoints: --cluster-name resolved with ClusterService.List's
# name filter (batch commands and the TUI), its errors, and --base-domain's hosts
# (seen, without any packet leaving, in a network namespace of our own).
. "${top_srcdir:-$(dirname "$0")/..}/tests/tui_lib.sh"
need_programs
plan 19

sim_up --clusters 3 --jobs 4 --speed 0.001 --verbose || exit 1
run dp --format json clusters --folder-id "$FOLDER"
NAME2=$(jq -r '.[1].name' "$TEST_TMP/out")
ID2=$(jq -r '.[1].id' "$TEST_TMP/out")
ok "$([ -n "$NAME2" ] && [ -n "$ID2" ] && [ "$ID2" != "$CLUSTER" ]; echo $?)" \
	"the simulator has a second cluster with a name"

# ---- batch commands ------------------------------------------------------------------
dp --cluster-id "$ID2" --format json list >"$TEST_TMP/by_id.json"
run dp --folder-id "$FOLDER" --cluster-name "$NAME2" --format json list
ok "$([ "$RC" -eq 0 ] && [ -s "$TEST_TMP/out" ] && cmp -s "$TEST_TMP/out" "$TEST_TMP/by_id.json"; echo $?)" \
	"list --cluster-name: the same jobs as --cluster-id of that cluster"
grep -c 'ClusterService/List' "$TEST_TMP/sim.err" >"$TEST_TMP/lists.before"
JOB=$(jq -r '.[0].id' "$TEST_TMP/by_id.json")
run dp --cluster-name "$NAME2" --format json get "$JOB" --folder-id "$FOLDER"
ok "$([ "$RC" -eq 0 ] && jq_ok --arg c "$ID2" '.cluster_id == $c'; echo $?)" \
	"get with --cluster-name and --folder-id after the command"
DPJOBS_FOLDER_ID=$FOLDER run dp --cluster-name "$NAME2" log "$JOB"
ok "$([ "$RC" -eq 0 ] && [ -z "$ERR" ]; echo $?)" "log: the folder from DPJOBS_FOLDER_ID"

run dp --folder-id "$FOLDER" --cluster-id "$ID2" --cluster-name no-such-name --format json list
after=$(grep -c 'ClusterService/List' "$TEST_TMP/sim.err")
ok "$([ "$RC" -eq 0 ] && cmp -s "$TEST_TMP/out" "$TEST_TMP/by_id.json" &&
	[ "$after" -eq $(($(cat "$TEST_TMP/lists.before") + 2)) ]; echo $?)" \
	"--cluster-id wins over --cluster-name: no lookup made"

run dp --folder-id "$FOLDER" --cluster-name no-such-name list
is "$RC:$ERR" "1:dpjobs: no cluster named 'no-such-name' in folder $FOLDER (see dpjobs clusters)" \
	"an unknown name: one line, exit 1"
run dp --cluster-name "$NAME2" list
ok "$([ "$RC" -eq 2 ] && [ -z "$OUT" ] && printf '%s' "$ERR" | head -n 1 |
	grep -q '^dpjobs: --cluster-name needs the folder to look in: use --folder-id'; echo $?)" \
	"--cluster-name without a folder: usage error, exit 2"
run dp --folder-id "$FOLDER" --cluster-name "$(printf 'a"b\\c\033[2J')" list
ok "$([ "$RC" -ne 0 ] && [ "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 ] &&
	! printf '%s' "$ERR" | grep -q "$(printf '\033')"; echo $?)" \
	"a name with quotes, backslash and an escape: one inert line"
run dp --folder-id "$FOLDER" --cluster-name "$(str 300)" list
ok "$([ "$RC" -eq 2 ] && printf '%s' "$ERR" | grep -q 'cluster name: too long'; echo $?)" \
	"an overlong name is refused before any call"
run dp --folder-id "b1gotherfolder000000" --cluster-name "$NAME2" list
ok "$([ "$RC" -eq 1 ] && printf '%s' "$ERR" | grep -q "no cluster named '$NAME2' in folder b1gotherfolder000000"; echo $?)" \
	"the name is looked up in the folder given, not anywhere"
run dp --folder-id "$FOLDER" --cluster-name "$NAME2" --format json create spark \
	--name by-name --main-jar-file-uri s3a://b/app.jar --main-class Main
ok "$([ "$RC" -eq 0 ] && [ "$(dp --cluster-id "$ID2" --format json list | jq '[.[] | select(.name == "by-name")] | length')" -eq 1 ]; echo $?)" \
	"create --cluster-name: the job lands in that cluster"
run dp --format json list --cluster-name "$NAME2"
ok "$([ "$RC" -eq 2 ] && printf '%s' "$ERR" | grep -q 'needs the folder'; echo $?)" \
	"the clusters command's own --folder-id does not leak into other commands"

# ---- the TUI ---------------------------------------------------------------------
if command -v "$TUI_TMUX" >/dev/null 2>&1; then
	TUI_NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ)
	tui_start --folder-id "$FOLDER" --cluster-name "$NAME2"
	ok "$(tui_line 1 | grep -qF "$NAME2 ($ID2)"; echo $?)" \
		"TUI --cluster-name: the header names the cluster and its id"
	tui_keys q
	tui_until 10 'grep -q "dpjobs exited 0"' >/dev/null 2>&1
	ok "$(cat "$TEST_TMP/tui.rc" 2>/dev/null | grep -qx 0; echo $?)" "TUI: q quits with 0"
	tmx kill-server >/dev/null 2>&1
else
	pass "# SKIP tmux is not installed"
	pass "# SKIP tmux is not installed"
fi
sim_stop

# ---- --base-domain -------------------------------------------------------------------
run "$DPJOBS" --base-domain 'bad domain' --cluster-id "$CLUSTER" list
ok "$([ "$RC" -eq 2 ] && printf '%s' "$ERR" | grep -q '^dpjobs: invalid --base-domain'; echo $?)" \
	"--base-domain with a space: usage error"
run "$DPJOBS" --base-domain '.example' --cluster-id "$CLUSTER" list
is "$RC" 2 "--base-domain with a leading dot: usage error"
# In a network namespace of our own nothing can leave the machine: the lookup of
# dataproc.api.DOMAIN fails at once, and the error names the host we asked for.
if unshare -rn true 2>/dev/null; then
	run unshare -rn timeout -k 5 60 "$DPJOBS" --base-domain example.test --timeout 3 \
		--cluster-id "$CLUSTER" list
	ok "$([ "$RC" -eq 1 ] && printf '%s' "$ERR" | grep -q 'dataproc\.api\.example\.test:443'; echo $?)" \
		"--base-domain: Data Proc at dataproc.api.DOMAIN:443"
	key="$TEST_TMP/key.json"
	"$DPJOBS_SIM" --make-sa-key "$key" --listen 127.0.0.1:0 >/dev/null 2>&1 &
	kpid=$!
	wait_until 20 test -s "$key"
	kill "$kpid" 2>/dev/null
	wait "$kpid" 2>/dev/null
	run unshare -rn timeout -k 5 60 "$DPJOBS" --base-domain example.test --timeout 3 \
		--sa-key-file "$key" --cluster-id "$CLUSTER" list
	ok "$([ "$RC" -eq 1 ] && printf '%s' "$ERR" | grep -q 'iam\.api\.example\.test:443'; echo $?)" \
		"--base-domain: the token exchange at iam.api.DOMAIN:443"
	run unshare -rn timeout -k 5 60 "$DPJOBS" --base-domain example.test --timeout 3 \
		--endpoint 127.0.0.1:1 --plaintext --sa-key-file "$key" --cluster-id "$CLUSTER" list
	ok "$([ "$RC" -eq 1 ] && ! printf '%s' "$ERR" | grep -q 'example\.test'; echo $?)" \
		"--endpoint given: the other services follow it, not the domain"
else
	pass "# SKIP unshare -rn is not permitted here"
	pass "# SKIP unshare -rn is not permitted here"
	pass "# SKIP unshare -rn is not permitted here"
fi
done_testing
