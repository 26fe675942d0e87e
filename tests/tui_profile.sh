#!/bin/sh
# :profile in the TUI: the profiles of the configuration file listed, an unknown one
# refused, and a switch that starts the session again as --profile NAME would (another
# cluster, its readonly), the header naming the profile; options given on the command
# line still win.
. "${top_srcdir:-$(dirname "$0")/..}/tests/tui_lib.sh"
tui_need
plan 12

# on_screen DESCRIPTION PATTERN: the screen shows PATTERN (grep -F) within TUI_WAIT.
on_screen() {
	_pat=$2
	tui_wait_idle
	tui_until "$TUI_WAIT" 'printf "%s\n" "$SCREEN" | grep -qF -- "$_pat"'
	ok $? "$1"
	printf '%s\n' "$SCREEN" | grep -qF -- "$_pat" || diag "no '$_pat' on:" "$SCREEN"
}

tui_sim --clusters 2
ID2=$(dp --format json clusters --folder-id "$FOLDER" | jq -r '.[1].id')
NAME1=$(dp --format json clusters --folder-id "$FOLDER" | jq -r '.[0].name')
NAME2=$(dp --format json clusters --folder-id "$FOLDER" | jq -r '.[1].name')
cat >"$TEST_TMP/profiles.conf" <<EOF_CONF
profile one
cluster-id = $CLUSTER
profile two
cluster-id = $ID2
readonly = on
profile broken
folder-id = $FOLDER
cluster-name = no-such-cluster
EOF_CONF

tui_start --config "$TEST_TMP/profiles.conf" --profile one --refresh 3600
ok "$(tui_line 1 | grep -q "^ dpjobs \[one\] .*cluster $NAME1 ($CLUSTER)"; echo $?)" \
	"--profile one: the header names the profile and its cluster"
tui_keys ':profile<Enter>'
on_screen ":profile lists the profiles" "profile one (profiles: one, two, broken)"
tui_keys ':profile nope<Enter>'
on_screen ":profile with an unknown name is refused" "no profile 'nope' (profiles: one, two, broken)"
tui_keys ':profile broken<Enter>'
on_screen "a profile that cannot connect: the TUI comes back, saying why" \
	"profile broken: no cluster named 'no-such-cluster' in folder"
ok "$(tui_line 1 | grep -q "^ dpjobs \[one\] .*cluster $NAME1"; echo $?)" \
	"... on the profile it left"
tui_keys ':profile two<Enter>'
tui_until 10 'printf "%s\n" "$SCREEN" | sed -n 1p | grep -q "^ dpjobs \[two\] .*cluster $NAME2 ($ID2)"'
ok $? ":profile two: the other profile's cluster, the header names it"
tui_keys 'x'
on_screen "... and its readonly applies" "read-only mode: cancel is off"
tui_keys ':profile one<Enter>'
tui_until 10 'printf "%s\n" "$SCREEN" | sed -n 1p | grep -q "^ dpjobs \[one\] .*cluster $NAME1"'
ok $? ":profile one: back, the first cluster again"
tui_keys 'x'
on_screen "... and readonly is off again (the dialog asks)" "Cancel"
tui_keys '<Esc>'
tui_wait_idle
tui_stop

# A cluster given on the command line wins over every profile's.
tui_start --config "$TEST_TMP/profiles.conf" --profile one --cluster-id "$ID2" --refresh 3600
tui_keys ':profile two<Enter>'
tui_until 10 'printf "%s\n" "$SCREEN" | sed -n 1p | grep -q "^ dpjobs \[two\] .*($ID2)"'
ok $? "--cluster-id given: still its cluster after :profile two"
tui_stop
done_testing
