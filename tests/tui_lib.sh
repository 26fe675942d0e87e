# Helpers for the screen tests (tests/tui_*.sh): the real dpjobs in a pane of a
# private tmux server, against a dpjobs-sim on a free loopback port. Keys go in
# by `tmux send-keys` in vim notation, the test waits until the TUI is idle
# (the DPJOBS_IDLE_FILE counter moved past its value before the keys) and
# compares `capture-pane -p` with an expected screen kept inline (tig's
# assert_equals heredocs). Source it instead of lib.sh:
#	. "${top_srcdir:-$(dirname "$0")/..}/tests/tui_lib.sh"
#
# Screens are deterministic: fixed seed, the simulator's clock started at
# TUI_NOW and nearly stopped (--speed 0.001), the TUI's clock frozen at the
# same instant (DPJOBS_NOW), LC_ALL=C.UTF-8, TERM=screen-256color, a fixed
# pane size, no user configuration (HOME is private), the port of the
# endpoint normalised to PORT.
#
# Writing or updating a test: TUI_SAVE=DIR keeps the screen each tui_expect
# captured in DIR/TEST.N.txt (its description in DIR/TEST.N.desc), to be
# checked by eye and pasted into the heredoc.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

TUI_TMUX=${TMUX_BIN:-tmux}
# The private server's socket: in TEST_TMP, so that it goes with it (tmux
# leaves its socket behind when the server is killed).
TUI_SOCKET=$TEST_TMP/tmux-dpjobs-test-$$
TUI_NOW=2026-01-15T12:00:00Z
TUI_IDLE=$TEST_TMP/tui.idle
TUI_PANE=dpjobs:0.0
# How long a screen may take to become the expected one, in seconds.
: "${TUI_WAIT:=5}"
_tui_saved=0
# The tests' tmux must not talk to a tmux the tests run in.
unset TMUX TMUX_PANE NO_COLOR

# tmx ARGS...: tmux on the test's private server, without any configuration.
tmx() { "$TUI_TMUX" -S "$TUI_SOCKET" -f /dev/null "$@"; }

_tui_cleanup() {
	tmx kill-server >/dev/null 2>&1
	_lib_cleanup
}
trap _tui_cleanup EXIT

# tui_need: skips the test when a program it needs is missing.
tui_need() {
	need_programs
	command -v "$TUI_TMUX" >/dev/null 2>&1 || skip_all "tmux is not installed (scripts/packages)"
	infocmp screen-256color >/dev/null 2>&1 || [ -e /usr/share/terminfo/s/screen-256color ] ||
		[ -e /lib/terminfo/s/screen-256color ] || skip_all "no terminfo entry for screen-256color"
}

# tui_sim [dpjobs-sim options...]: a frozen simulator (seed 7, 40 jobs per
# cluster, clock at TUI_NOW) in FOLDER; sets CLUSTER and writes every job, as
# `dpjobs --format json list` prints them, to $TEST_TMP/jobs.json.
tui_sim() {
	sim_up --seed 7 --jobs 40 --speed 0.001 --start-time "$TUI_NOW" "$@" || return 1
	dpc --format json list >"$TEST_TMP/jobs.json"
}

# _tui_quote ARG...: the ARGs quoted for sh.
_tui_quote() {
	for _a; do printf "'%s' " "$(printf '%s' "$_a" | sed "s/'/'\\\\''/g")"; done
}

# tui_start [dpjobs options...]: opens a new private tmux server with one
# TUI_WIDTH x TUI_HEIGHT pane (default 100x30) running `dpjobs --endpoint
# SIM_ADDR --plaintext OPTIONS` under sh, which notes the terminal's modes
# (stty -g) before and after and dpjobs' exit status, then waits. TUI_ENV
# ("VAR=VALUE ...") adds to dpjobs' environment. Returns once the TUI is idle
# for the first time (at once when TUI_NOWAIT is set).
tui_start() {
	tmx kill-server >/dev/null 2>&1
	rm -f "$TUI_IDLE" "$TEST_TMP"/tui.rc "$TEST_TMP"/tui.stty.*
	mkdir -p "$TEST_TMP/home"
	cat >"$TEST_TMP/tui.run" <<EOF
stty -g >'$TEST_TMP/tui.stty.before'
export LC_ALL=C.UTF-8 HOME='$TEST_TMP/home' XDG_CONFIG_HOME='$TEST_TMP/home/.config'
export DPJOBS_NOW=$TUI_NOW DPJOBS_IDLE_FILE='$TUI_IDLE' GRPC_VERBOSITY=NONE
unset DPJOBS_LOG DPJOBS_FOLDER_ID DPJOBS_CLUSTER_ID DPJOBS_THEME_DIR NO_COLOR
export ${TUI_ENV:-LC_ALL=C.UTF-8}
$(_tui_quote "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext "$@") 2>'$TEST_TMP/tui.err'
rc=\$?
stty -g >'$TEST_TMP/tui.stty.after'
echo \$rc >'$TEST_TMP/tui.rc'
echo "dpjobs exited \$rc"
exec sleep 3600
EOF
	tmx start-server \; set -g default-terminal screen-256color \; \
		set -g status off \; set -g history-limit 0 \; \
		new-session -d -s dpjobs -x "${TUI_WIDTH:-100}" -y "${TUI_HEIGHT:-30}" \
		"sh '$TEST_TMP/tui.run'" || return 1
	TUI_IDLE_BEFORE=0
	[ -z "${TUI_NOWAIT:-}" ] || return 0
	tui_wait_idle || {
		diag "dpjobs did not become idle: $(cat "$TEST_TMP/tui.err" 2>/dev/null | tail -n 3)"
		return 1
	}
}

# tui_idle_count: the TUI's idle counter (0 before the first idle).
tui_idle_count() {
	_c=$(sed -n '1s/^idle \([0-9][0-9]*\).*/\1/p' "$TUI_IDLE" 2>/dev/null)
	echo "${_c:-0}"
}

# tui_keys KEYS...: notes the idle counter, then types KEYS, written as vim
# writes them: "jjG", "/spark<Enter>", "<S-Tab>", "<C-r>", "<lt>" for "<".
# All of them go in one tmux command, so the TUI reads them at once. (A run of
# text must not be a lone ";", which tmux takes for a command separator.)
tui_keys() {
	TUI_IDLE_BEFORE=$(tui_idle_count)
	set -- "$(printf '%s' "$*")"
	_s=$1
	_cmd=
	_lit=
	while [ -n "$_s" ]; do
		case $_s in
		\<?*\>*)
			_tok=${_s%%>*}
			_tok=${_tok#<}
			_s=${_s#*>}
			case $_tok in
			lt) _lit="$_lit<"; continue ;;
			Tab) _k=Tab ;;
			S-Tab) _k=BTab ;;
			Enter | CR) _k=Enter ;;
			Esc) _k=Escape ;;
			Space) _k=Space ;;
			BS) _k=BSpace ;;
			PageUp) _k=PPage ;;
			PageDown) _k=NPage ;;
			Up | Down | Left | Right | Home | End | F[0-9]*) _k=$_tok ;;
			C-?) _k=$_tok ;;
			*) diag "tui_keys: unknown key <$_tok>"; return 1 ;;
			esac
			[ -z "$_lit" ] || _cmd="$_cmd send-keys -t $TUI_PANE -l $(_tui_quote "$_lit") \\;"
			_lit=
			_cmd="$_cmd send-keys -t $TUI_PANE $_k \\;"
			;;
		*)
			_rest=${_s#?}
			_lit="$_lit${_s%"$_rest"}"
			_s=$_rest
			;;
		esac
	done
	[ -z "$_lit" ] || _cmd="$_cmd send-keys -t $TUI_PANE -l $(_tui_quote "$_lit")"
	eval "tmx $_cmd"
}

# tui_resize WIDTH HEIGHT: resizes the window as a terminal would (SIGWINCH).
tui_resize() {
	TUI_IDLE_BEFORE=$(tui_idle_count)
	tmx resize-window -t "$TUI_PANE" -x "$1" -y "$2"
}

# tui_wait_idle [SECONDS]: waits (at most SECONDS, default 10) until the idle
# counter has moved past its value before the last tui_keys.
tui_wait_idle() {
	_lim=$((${1:-10} * 50))
	_i=0
	while [ "$(tui_idle_count)" -le "${TUI_IDLE_BEFORE:-0}" ]; do
		_i=$((_i + 1))
		[ $_i -lt $_lim ] || { diag "not idle after ${1:-10} s"; return 1; }
		sleep 0.02
	done
}

# tui_screen [capture-pane options...]: the pane's text, trailing blanks
# trimmed, the endpoint's port replaced by PORT.
tui_screen() {
	tmx capture-pane -p -t "$TUI_PANE" "$@" | sed 's/127\.0\.0\.1:[0-9][0-9]*/127.0.0.1:PORT/'
}

# tui_expect DESCRIPTION [FIRST [LAST]] <<EOF: one TAP test: after the TUI is
# idle, the screen (or its lines FIRST to LAST) is the text on stdin. The
# screen is captured again until it matches or TUI_WAIT seconds have passed
# (tmux may not have drawn the last bytes yet, a background refresh may have
# made the TUI idle before it read the keys); on a mismatch the diff is given
# as TAP diagnostics. TUI_FILTER, a shell command, edits the lines before they are
# compared.
tui_expect() {
	_desc=$1
	_first=${2:-1}
	_last=${3:-\$}
	cat >"$TEST_TMP/tui.expected"
	tui_wait_idle
	_lim=$((TUI_WAIT * 20))
	_i=0
	while :; do
		tui_screen | sed -n "${_first},${_last}p" | eval "${TUI_FILTER:-cat}" >"$TEST_TMP/tui.got"
		cmp -s "$TEST_TMP/tui.expected" "$TEST_TMP/tui.got" && break
		_i=$((_i + 1))
		[ $_i -lt $_lim ] || break
		sleep 0.05
	done
	_tui_save
	if cmp -s "$TEST_TMP/tui.expected" "$TEST_TMP/tui.got"; then
		pass "$_desc"
	else
		fail "$_desc"
		diff -u "$TEST_TMP/tui.expected" "$TEST_TMP/tui.got" | sed 's/^/# /'
	fi
}

_tui_save() {
	[ -n "${TUI_SAVE:-}" ] || return 0
	mkdir -p "$TUI_SAVE"
	_tui_saved=$((_tui_saved + 1))
	cp "$TEST_TMP/tui.got" "$TUI_SAVE/$(basename "$0" .sh).$_tui_saved.txt"
	printf '%s\n' "$_desc" >"$TUI_SAVE/$(basename "$0" .sh).$_tui_saved.desc"
}

# tui_until SECONDS SHELL_CONDITION: polls the condition (in which $SCREEN is
# the current screen) every 0.05 s; false after SECONDS.
tui_until() {
	_lim=$(($1 * 20))
	_i=0
	while :; do
		SCREEN=$(tui_screen)
		eval "$2" && return 0
		_i=$((_i + 1))
		[ $_i -lt $_lim ] || return 1
		sleep 0.05
	done
}

# tui_line N: line N of the screen.
tui_line() { tui_screen | sed -n "${1}p"; }

# tui_selected_line ID: the number of the screen line where job ID is the
# selected row of the list (drawn in list-selected, black on cyan), or nothing.
tui_selected_line() {
	tmx capture-pane -p -e -t "$TUI_PANE" |
		grep -n "^\(.\[0m\)\{0,1\}.\[30m.\[46m.*$1" | cut -d: -f1 | head -n 1
}

# tui_job_line ID: the number of the first screen line that shows ID.
tui_job_line() { tui_screen | grep -n -- "$1" | cut -d: -f1 | head -n 1; }

# tui_stop [KEYS] [DESCRIPTION]: one TAP test: KEYS (default q) end dpjobs
# with exit status 0 and the pane's terminal is as before: the same stty
# modes, the normal screen, no mouse reporting, no keypad mode, the cursor
# shown. The tmux server is then killed.
tui_stop() {
	tui_keys "${1:-q}"
	_why=
	if ! wait_until 10 test -s "$TEST_TMP/tui.rc"; then
		_why="dpjobs did not exit"
	else
		_rc=$(cat "$TEST_TMP/tui.rc")
		_modes=$(tmx display -p -t "$TUI_PANE" \
			'alt=#{alternate_on} mouse=#{mouse_any_flag} keypad=#{keypad_flag} cursorkeys=#{keypad_cursor_flag} cursor=#{cursor_flag}')
		[ "$_rc" = 0 ] || _why="exit status $_rc: $(tail -n 3 "$TEST_TMP/tui.err")"
		cmp -s "$TEST_TMP/tui.stty.before" "$TEST_TMP/tui.stty.after" ||
			_why="$_why stty modes changed: $(cat "$TEST_TMP/tui.stty.before") -> $(cat "$TEST_TMP/tui.stty.after")"
		[ "$_modes" = "alt=0 mouse=0 keypad=0 cursorkeys=0 cursor=1" ] || _why="$_why pane modes $_modes"
	fi
	tmx kill-server >/dev/null 2>&1
	if [ -z "$_why" ]; then pass "${2:-quit: exit 0, terminal restored}"; else
		fail "${2:-quit: exit 0, terminal restored}"
		diag "$_why"
	fi
}

# job_of_type TYPE [N]: the id of the Nth (default 1st) job of TYPE (spark, pyspark,
# mapreduce, hive: the job has TYPE_job) in jobs.json.
job_of_type() {
	jq -r --arg t "$1" --argjson n "${2:-1}" '[.[] | select(has($t + "_job"))][$n - 1].id // empty' \
		"$TEST_TMP/jobs.json"
}
