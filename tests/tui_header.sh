#!/bin/sh
# Screen tests of the header: the cluster's name, id, status and health (coloured when they
# deserve a look), how it gives way on narrow terminals, its refresh while the TUI runs, and
# the cluster picker's status and health per row.
. "${top_srcdir:-$(dirname "$0")/..}/tests/tui_lib.sh"
tui_need
plan 25

ESC=$(printf '\033')
# header_attr WORD: the escape sequences tmux reports just before WORD on line 1, or nothing.
header_attr() { tui_screen -e | sed -n 1p | grep -o "$ESC\[[0-9;]*m$1" | head -n 1 | sed "s/$1\$//"; }
# is_plain WORD DESCRIPTION: WORD in the header has the header's own colours (no yellow, no red).
is_plain() {
	_a=$(header_attr "$1")
	ok "$(printf '%s' "$_a" | grep -Eq '(^|;|\[)(31|33|41)(;|m)'; [ $? -eq 1 ]; echo $?)" "$2"
	diag "attributes before $1: $(printf '%s' "$_a" | sed "s/$ESC/ESC/g")"
}
# is_coloured WORD SGR DESCRIPTION: WORD in the header is drawn with SGR parameter SGR (33 yellow,
# 41 red background) in effect.
is_coloured() {
	_a=$(tui_screen -e | sed -n 1p | sed "s/$1.*//" | grep -o "$ESC\[[0-9;]*m" | tail -n 3 | tr -d '\n')
	ok "$(printf '%s' "$_a" | grep -Eq "(\[|;)$2(;|m)"; echo $?)" "$3"
	diag "attributes before $1: $(printf '%s' "$_a" | sed "s/$ESC/ESC/g")"
}

# ---- a healthy cluster ---------------------------------------------------------------------
tui_sim --clusters 3 --cluster-health etl-nightly=DEGRADED --cluster-status ml-sandbox=STOPPED \
	--cluster-health ml-sandbox=HEALTH_UNKNOWN
tui_start --cluster-id "$CLUSTER" --refresh 3600
tui_expect "a healthy cluster: name, id, RUNNING ALIVE" 1 1 <<'EOF'
 dpjobs  127.0.0.1:PORT  cluster analytics-prod (c9qtpsbtlk0n2v0e7788) RUNNING ALIVE            ok
EOF
is_plain RUNNING "... RUNNING in the header's own colours"
is_plain ALIVE "... and ALIVE too"

# ---- narrow terminals: the endpoint, then health, status and id give way ------------------
tui_resize 80 30
tui_expect "80 columns: the endpoint gives way first" 1 1 <<'EOF'
 dpjobs  cluster analytics-prod (c9qtpsbtlk0n2v0e7788) RUNNING ALIVE         ok
EOF
tui_resize 66 30
tui_expect "66 columns: then the health" 1 1 <<'EOF'
 dpjobs  cluster analytics-prod (c9qtpsbtlk0n2v0e7788) RUNNING ok
EOF
tui_resize 60 30
tui_expect "60 columns: then the status, before the id" 1 1 <<'EOF'
 dpjobs  cluster analytics-prod (c9qtpsbtlk0n2v0e7788)   ok
EOF
tui_resize 50 30
tui_expect "50 columns: then the id; the name stays" 1 1 <<'EOF'
 dpjobs  cluster analytics-prod                ok
EOF
tui_resize 24 30
tui_expect "24 columns: cut, never past the edge" 1 1 <<'EOF'
 dpjobs  cluster ana ok
EOF
tui_stop

# ---- the picker: status and health per row; switching drops the old cluster's state --------
tui_start --folder-id "$FOLDER" --refresh 3600
tui_expect "the picker shows each cluster's status and health (UNKNOWN without its prefix)" 3 6 <<'EOF'
ST│ NAME                                               ID                    STATUS    HEALTH    │ON
 n│ analytics-prod                                     c9qtpsbtlk0n2v0e7788  RUNNING   ALIVE     │
  │ etl-nightly                                        c9qdiv7w6guv7kj2vm9g  RUNNING   DEGRADED  │
  │ ml-sandbox                                         c9q1mp50ern2l4zeoc7t  STOPPED   UNKNOWN   │
EOF
ok "$(tui_screen -e | sed -n 5p | grep -q "$ESC\[[0-9;]*33[0-9;]*mDEGRADED"; echo $?)" \
	"... DEGRADED in the warning colour"
tui_keys 'jj<Enter>'
tui_expect "a stopped cluster: STOPPED HEALTH_UNKNOWN" 1 1 <<'EOF'
 dpjobs  127.0.0.1:PORT  cluster ml-sandbox (c9q1mp50ern2l4zeoc7t) STOPPED HEALTH_UNKNOWN       ok
EOF
is_coloured STOPPED 33 "... STOPPED in the warning colour"
tui_keys ':cluster c9qdiv7w6guv7kj2vm9g<Enter>'
tui_expect "switching clusters shows the new one's state, none of the old" 1 1 <<'EOF'
 dpjobs  127.0.0.1:PORT  cluster etl-nightly (c9qdiv7w6guv7kj2vm9g) RUNNING DEGRADED            ok
EOF
is_coloured DEGRADED 33 "... DEGRADED in the warning colour"
is_plain RUNNING "... and RUNNING in the header's"
tui_stop
sim_stop

# ---- a dead cluster --------------------------------------------------------------------------
tui_sim --cluster-health analytics-prod=DEAD
tui_start --cluster-id "$CLUSTER" --refresh 3600
tui_expect "a dead cluster: RUNNING DEAD" 1 1 <<'EOF'
 dpjobs  127.0.0.1:PORT  cluster analytics-prod (c9qtpsbtlk0n2v0e7788) RUNNING DEAD             ok
EOF
is_coloured DEAD 41 "... DEAD in the error colour"
tui_stop

# ---- the refresh: the health changes while the TUI runs ----------------------------------------
# The simulator cannot change a cluster at run time: it is restarted on the same port with
# another health (the same seed makes the same world). The TUI finds out by its periodic
# ClusterService.Get (every 6th job list refresh) or, if it saw the outage, on reconnecting.
addr=$SIM_ADDR
tui_start --cluster-id "$CLUSTER" --refresh 1
sim_stop
sim_start --listen "$addr" --folder-id "$FOLDER" --seed 7 --jobs 40 --speed 0.001 \
	--start-time "$TUI_NOW" --cluster-health analytics-prod=DEGRADED
tui_until 30 'printf "%s\n" "$SCREEN" | sed -n 1p | grep -q "RUNNING DEGRADED .* ok$"'
ok $? "after a restart with another health, the header shows DEGRADED within 30 s"
diag "$(tui_line 1)"
tui_stop
sim_stop

# ---- before the first token: "signing in" ------------------------------------------------------
# A token command that takes 2 s: the TUI is up at once and says what it waits for.
DPJOBS_IAM_TOKEN=fixed-7
export DPJOBS_IAM_TOKEN
tui_sim --require-token fixed-7
unset DPJOBS_IAM_TOKEN
printf 'sleep 2\necho fixed-7\n' >"$TEST_TMP/slow-token.sh"
TUI_NOWAIT=1 tui_start --cluster-id "$CLUSTER" --refresh 3600 \
	--token-command "sh $TEST_TMP/slow-token.sh"
tui_until 5 'printf "%s\n" "$SCREEN" | sed -n 1p | grep -q "signing in$"'
ok $? "while the token command runs, the header says 'signing in'"
tui_until 20 'printf "%s\n" "$SCREEN" | sed -n 1p | grep -q "RUNNING ALIVE .* ok$"'
ok $? "... then the cluster and ok, once the token came"
tui_stop
sim_stop
