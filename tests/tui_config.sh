#!/bin/sh
# Screen tests of the configuration file ($XDG_CONFIG_HOME/dpjobs/config or
# $DPJOBS_CONFIG): set and bind lines take effect, the command line overrides
# them, a bad line stops dpjobs before the screen; and :set at run time.
. "${top_srcdir:-$(dirname "$0")/..}/tests/tui_lib.sh"
tui_need
plan 19

# on_screen DESCRIPTION PATTERN: the screen shows PATTERN (grep -F) within TUI_WAIT.
on_screen() {
	_pat=$2
	tui_wait_idle
	tui_until "$TUI_WAIT" 'printf "%s\n" "$SCREEN" | grep -qF -- "$_pat"'
	ok $? "$1"
	printf '%s\n' "$SCREEN" | grep -qF -- "$_pat" || diag "no '$_pat' on:" "$SCREEN"
}
# lists: how many ListJobs calls reached the simulator.
lists() { grep -c "JobService/List " "$TEST_TMP/sim.err"; }
# mouse_flag: 1 while the pane's program asks for mouse reporting.
mouse_flag() { tmx display -p -t "$TUI_PANE" '#{mouse_any_flag}'; }

tui_sim --verbose
CONF_DIR=$TEST_TMP/home/.config/dpjobs
mkdir -p "$CONF_DIR"
cat >"$CONF_DIR/config" <<'EOF_CONF'
# dpjobs configuration for the tests

set readonly = on
set refresh-interval = 1   # seconds
bind J move-down
EOF_CONF

# ---- the file in $XDG_CONFIG_HOME/dpjobs ------------------------------------------
tui_start --cluster-id "$CLUSTER"
tui_keys 'x'
on_screen "set readonly = on: x is refused" "read-only mode: cancel is off"
before=$(lists)
wait_until 6 sh -c "[ \$(grep -c 'JobService/List ' '$TEST_TMP/sim.err') -ge $((before + 3)) ]"
ok $? "set refresh-interval = 1: three refreshes within 6 s"
# The second row of the list (line 5: header, pane title, column titles, row 1).
second=$(tui_line 5 | grep -oE 'c9q[a-z0-9]{17}')
tui_keys 'J'
tui_wait_idle
tui_until "$TUI_WAIT" '[ -n "$second" ] && [ "$(tui_selected_line "$second")" = 5 ]'
ok $? "bind J move-down: J selects the second row"
# (The counts by status take the right end of the status line at 100 columns.)
tui_keys ':set<Enter>'
on_screen ":set shows every option's value" \
	"mouse=off refresh-interval=1 theme=default log-colors=off log-memory=64"
tui_keys ':set readonly<Enter>'
on_screen ":set NAME shows one" "readonly=on"
tui_keys ':set readonly off<Enter>'
on_screen ":set readonly off is refused" "readonly cannot be turned off at run time"
tui_keys 'x'
on_screen "and x is still refused" "read-only mode: cancel is off"
is "$(mouse_flag)" 0 "mouse reporting is off by default"
tui_keys ':set mouse on<Enter>'
on_screen ":set mouse on says so" "mouse on"
is "$(mouse_flag)" 1 ":set mouse on turns mouse reporting on at once"
tui_keys ':set mouse = off<Enter>'
on_screen ":set NAME = VALUE works too" "mouse off"
is "$(mouse_flag)" 0 ":set mouse off turns it off"
tui_keys ':set mouse sometimes<Enter>'
on_screen ":set with a bad value says why" "mouse: expected on or off, not 'sometimes'"
tui_stop

# ---- the command line overrides the file ------------------------------------------
tui_start --cluster-id "$CLUSTER" --refresh 3600 --mouse
tui_keys ':set refresh-interval<Enter>'
on_screen "--refresh overrides refresh-interval of the file" "refresh-interval=3600"
is "$(mouse_flag)" 1 "--mouse turns mouse reporting on"
tui_stop

# ---- a bad line: exit 2 with FILE:LINE, before the screen -------------------------
printf 'set mouse = on\n\nbind J jump-around\n' >"$TEST_TMP/bad.conf"
TUI_NOWAIT=1 TUI_ENV="DPJOBS_CONFIG=$TEST_TMP/bad.conf" tui_start --cluster-id "$CLUSTER"
wait_until 10 test -s "$TEST_TMP/tui.rc"
is "$(cat "$TEST_TMP/tui.rc")" 2 "a bad line in DPJOBS_CONFIG exits 2"
is "$(cat "$TEST_TMP/tui.err")" "dpjobs: $TEST_TMP/bad.conf:3: bind J: unknown action 'jump-around'" \
	"with one line: dpjobs: FILE:LINE: what is wrong"
tmx kill-server >/dev/null 2>&1
done_testing
