#!/bin/sh
# Screen tests of the configuration file ($XDG_CONFIG_HOME/dpjobs/config or
# $DPJOBS_CONFIG): set, bind and color lines take effect, the command line
# overrides them, a bad line is told in the message line while the TUI starts
# with the defaults; and :set at run time.
. "${top_srcdir:-$(dirname "$0")/..}/tests/tui_lib.sh"
tui_need
plan 25

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

# ---- a bad line: the TUI starts anyway, and its message line says FILE:LINE --------
printf 'set mouse = on\n\nbind J jump-around\nset refresh-interval = never\n' >"$TEST_TMP/bad.conf"
TUI_ENV="DPJOBS_CONFIG=$TEST_TMP/bad.conf" tui_start --cluster-id "$CLUSTER"
on_screen "a bad line: the TUI starts and shows FILE:LINE: why, and how many more" \
	"bad.conf:3: unknown action 'jump-around' (1 more"
is "$(mouse_flag)" 1 "the good lines apply: mouse = on"
tui_keys ':set refresh-interval<Enter>'
on_screen "a bad value leaves the default" "refresh-interval=5"
tui_stop

# ---- bind KEYMAP KEY ACTION and color ELEMENT FG BG ---------------------------------
cat >"$TEST_TMP/keys.conf" <<'EOF_CONF'
bind list q none
bind list K last
color header red green
EOF_CONF
TUI_ENV="DPJOBS_CONFIG=$TEST_TMP/keys.conf" tui_start --cluster-id "$CLUSTER"
ESC=$(printf '\033')
# The default theme draws the header white on blue (37, 44).
is "$(tmx capture-pane -p -e -t "$TUI_PANE" | head -n 1 | grep -c "$ESC\[31m$ESC\[42m")" 1 \
	"color header red green: the header is red on green"
last=$(jq -r 'sort_by(.created_at) | .[0].id' "$TEST_TMP/jobs.json")
tui_keys 'K'
tui_wait_idle
tui_until "$TUI_WAIT" '[ -n "$(tui_selected_line "$last")" ]'
ok $? "bind list K last: K selects the last row of the list"
tui_keys 'q'
tui_wait_idle
ok "$([ ! -e "$TEST_TMP/tui.rc" ]; echo $?)" "bind list q none: q no longer quits in the list"
tui_stop '<Tab>q' "but q still quits in the detail pane: that keymap only"
done_testing
