#!/bin/sh
# Screen tests of the log pane: the nasty log (escapes, bad UTF-8, a 1 MiB line)
# shown inert, wrap, sideways scroll, search, filter, :LINE, marker, copy, save
# and pipe; following a growing log (--firehose), pausing and re-pinning; and a
# followed log saved byte for byte across faults and a simulator restart.
. "${top_srcdir:-$(dirname "$0")/..}/tests/tui_lib.sh"
tui_need
plan 51

size() { wc -c <"$1" | tr -d ' '; }
# key_ms KEYS: ms from typing KEYS to the TUI's next idle mark.
key_ms() {
	_t0=$(now_ms)
	tui_keys "$1"
	tui_wait_idle 5 || { echo 99999; return; }
	echo $(($(now_ms) - _t0))
}
# status_says TEXT: the bottom line says TEXT (waits TUI_WAIT seconds).
status_says() { tui_until "$TUI_WAIT" "printf '%s\n' \"\$SCREEN\" | tail -n 1 | grep -qF -- '$1'"; }

# ---- the nasty log ---------------------------------------------------------------------
# The newest job of the frozen world, so the one whose log shows at start.
tui_sim --nasty-log
nasty=$(jq -r '.[] | select(.name == "nasty-log") | .id' "$TEST_TMP/jobs.json")
dpc log "$nasty" >"$TEST_TMP/nasty.cli"
TUI_HEIGHT=14 tui_start --cluster-id "$CLUSTER" --refresh 3600
tmx set -g set-clipboard on
tui_keys '3z'
# The bidi line is compared on its own below.
TUI_FILTER="sed '/bidi: file/d'" tui_expect "nasty log: opens at its end, the 1 MiB line cut at the pane's edge" <<'EOF'
 dpjobs  127.0.0.1:PORT  cluster analytics-prod (c9qtpsbtlk0n2v0e7788) RUNNING ALIVE            ok
 3 log  nasty-log  complete  [zoom]
26/01/15 11:40:36 INFO NastyLog: tabs:  one     two             three
26/01/15 11:40:36 INFO NastyLog: CRLF line one
26/01/15 11:40:36 INFO NastyLog: CRLF line two
26/01/15 11:40:36 INFO NastyLog: progress 10%\x0dprogress 100%
26/01/15 11:40:36 INFO NastyLog: control bytes: BEL\x07 BS\x08 VT\x0b FF\x0c SO\x0e SI\x0f DEL\x7f e
26/01/15 11:40:36 INFO NastyLog: wide and combining: 日本語 é 👍🏽 end
26/01/15 11:40:36 INFO NastyLog: normal line before the long one
26/01/15 11:40:36 INFO NastyLog: one line of exactly 1 MiB: 23456789abcdef0123456789abcdef0123456789
26/01/15 11:40:36 INFO NastyLog: normal line after the long one
26/01/15 11:40:36 INFO SparkContext: Successfully stopped SparkContext
26/01/15 11:40:36 INFO ShutdownHookManager: Shutdown hook called
 ? help  / filter  f status  > sort  <Tab> pane  z zoom  Z pause  : command   ▶2 ○1 ◌1 ◍1 ✖9 ✔25 ⊘2
EOF
tui_keys 'g'
TUI_FILTER="sed '/bidi: file/d'" tui_expect "nasty log: g shows the top; SGR, OSC, cursor moves, ESC c, C1 and bad UTF-8 as visible escapes" <<'EOF'
 dpjobs  127.0.0.1:PORT  cluster analytics-prod (c9qtpsbtlk0n2v0e7788) RUNNING ALIVE            ok
 3 log  nasty-log  PAUSED +0 new lines  [zoom]
26/01/15 11:40:36 INFO SparkContext: Running Spark version 3.3.2
26/01/15 11:40:36 INFO SparkContext: Submitted application: nasty-log
26/01/15 11:40:36 INFO Utils: Successfully started service 'sparkDriver' on port 38457.
26/01/15 11:40:36 INFO NastyLog: normal line before the nasty ones
26/01/15 11:40:36 INFO NastyLog: SGR colours: \x1b[31mred\x1b[0m \x1b[1;32mbold green\x1b[0m \x1b[4m
26/01/15 11:40:36 WARN NastyLog: OSC title: \x1b]0;nasty-title-bel\x07 and \x1b]2;nasty-title-st\x1b
26/01/15 11:40:36 WARN NastyLog: OSC 52 clipboard: \x1b]52;c;bmFzdHk=\x07 end
26/01/15 11:40:36 INFO NastyLog: cursor movement: \x1b[2J\x1b[H\x1b[10;20Hmoved\x1b[5A\x1b[3Dleft
26/01/15 11:40:36 ERROR NastyLog: full reset: \x1bc end
26/01/15 11:40:36 INFO NastyLog: C1 bytes: raw �31m csi �0;t� osc � nel; as UTF-8 \x9b31m csi \x9d0;
PAUSED · +0 new lines (G or f follows)
 ? help  / filter  f status  > sort  <Tab> pane  z zoom  Z pause  : command   ▶2 ○1 ◌1 ◍1 ✖9 ✔25 ⊘2
EOF
title=$(tmx display -p -t "$TUI_PANE" '#{pane_title}')
ok "$(printf '%s' "$title" | grep -q nasty; [ $? -ne 0 ]; echo $?)" \
	"nasty log: the OSC titles did not reach the terminal (pane title '$title')"
is "$(tmx display -p -t "$TUI_PANE" 'alt=#{alternate_on} cursor=#{cursor_flag} insert=#{insert_flag}')" \
	"alt=1 cursor=0 insert=0" "nasty log: ESC c, ?1049h, ?25l did not reach the terminal's modes"
is "$(tmx show-buffer 2>/dev/null)" "" "nasty log: its OSC 52 did not reach the clipboard"
tui_keys ':12<Enter>'
tui_wait_idle
bidi=$(tui_screen | grep 'bidi: file')
case $bidi in
*"$(printf '\342\200\256')"*) fail "nasty log: U+202E is shown as a visible escape, not passed to the terminal" ;;
*'<U+202E>'*) pass "nasty log: U+202E is shown as a visible escape, not passed to the terminal" ;;
*) fail "nasty log: U+202E is shown as a visible escape (line: $bidi)" ;;
esac
tui_expect ":12 shows line 12 with three lines of context above it" 3 3 <<'EOF'
26/01/15 11:40:36 ERROR NastyLog: full reset: \x1bc end
EOF

# ---- wrap and sideways scroll, with the 1 MiB line on screen ---------------------------------
tui_keys 'G'
tui_wait_idle
tui_keys 'w'
tui_expect "w wraps: the end of the 1 MiB line, the character split at the 1 MiB page boundary whole" <<'EOF'
 dpjobs  127.0.0.1:PORT  cluster analytics-prod (c9qtpsbtlk0n2v0e7788) RUNNING ALIVE            ok
 3 log  nasty-log  complete  wrap  [zoom]
0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123
456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef01234567
89abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab
cdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123
456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef01234567
89abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab
cdef0123456789abcdef0123456789abcdef0123456789abc <- end of the 1 MiB line
26/01/15 11:40:36 INFO NastyLog: normal line after the long one
26/01/15 11:40:36 INFO SparkContext: Successfully stopped SparkContext
26/01/15 11:40:36 INFO ShutdownHookManager: Shutdown hook called
 wrap on                                                                      ▶2 ○1 ◌1 ◍1 ✖9 ✔25 ⊘2
EOF
ms=$(key_ms k)
ok "$([ "$ms" -lt 500 ]; echo $?)" "1 MiB line wrapped on screen: k answered within 0.5 s ($ms ms)"
ms=$(key_ms j)
ok "$([ "$ms" -lt 500 ]; echo $?)" "1 MiB line wrapped on screen: j answered within 0.5 s ($ms ms)"
tui_keys 'w'
tui_wait_idle
tui_keys 'Gll'
TUI_FILTER="sed '/bidi: file/d;/‬/d'" tui_expect "w unwraps; l l scroll sideways by half a pane each" <<'EOF'
 dpjobs  127.0.0.1:PORT  cluster analytics-prod (c9qtpsbtlk0n2v0e7788) RUNNING ALIVE            ok
 3 log  nasty-log  complete  [zoom]




nd


abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd



 ? help  / filter  f status  > sort  <Tab> pane  z zoom  Z pause  : command   ▶2 ○1 ◌1 ◍1 ✖9 ✔25 ⊘2
EOF
ms=$(key_ms l)
ok "$([ "$ms" -lt 500 ]; echo $?)" "1 MiB line on screen: l answered within 0.5 s ($ms ms)"
ms=$(key_ms h)
ok "$([ "$ms" -lt 500 ]; echo $?)" "1 MiB line on screen: h answered within 0.5 s ($ms ms)"
tui_keys 'hh'
TUI_FILTER="sed '/bidi: file/d'" tui_expect "h h scroll back to the left edge" <<'EOF'
 dpjobs  127.0.0.1:PORT  cluster analytics-prod (c9qtpsbtlk0n2v0e7788) RUNNING ALIVE            ok
 3 log  nasty-log  complete  [zoom]
26/01/15 11:40:36 INFO NastyLog: tabs:  one     two             three
26/01/15 11:40:36 INFO NastyLog: CRLF line one
26/01/15 11:40:36 INFO NastyLog: CRLF line two
26/01/15 11:40:36 INFO NastyLog: progress 10%\x0dprogress 100%
26/01/15 11:40:36 INFO NastyLog: control bytes: BEL\x07 BS\x08 VT\x0b FF\x0c SO\x0e SI\x0f DEL\x7f e
26/01/15 11:40:36 INFO NastyLog: wide and combining: 日本語 é 👍🏽 end
26/01/15 11:40:36 INFO NastyLog: normal line before the long one
26/01/15 11:40:36 INFO NastyLog: one line of exactly 1 MiB: 23456789abcdef0123456789abcdef0123456789
26/01/15 11:40:36 INFO NastyLog: normal line after the long one
26/01/15 11:40:36 INFO SparkContext: Successfully stopped SparkContext
26/01/15 11:40:36 INFO ShutdownHookManager: Shutdown hook called
 ? help  / filter  f status  > sort  <Tab> pane  z zoom  Z pause  : command   ▶2 ○1 ◌1 ◍1 ✖9 ✔25 ⊘2
EOF

# ---- search, n and N, the & filter ---------------------------------------------------------------
tui_keys 'g/CRLF<Enter>'
tui_expect "/CRLF goes to the first match with three lines of context" 3 3 <<'EOF'
26/01/15 11:40:36 INFO NastyLog: invalid UTF-8: �� lone, �� overlong, � cut, ��� surrogate, ���� too
EOF
# match_lines TEXT: the screen lines where TEXT is drawn as a match (black on yellow).
match_lines() {
	tmx capture-pane -p -e -t "$TUI_PANE" | grep -n "$(printf '\033')\[30m$(printf '\033')\[43m$1" |
		cut -d: -f1 | tr '\n' ' '
}
is "$(match_lines CRLF)" "6 7 " "/CRLF: both matches on the screen are highlighted"
tui_keys 'n'
tui_expect "n goes to the next match" 3 3 <<'EOF'
26/01/15 11:40:36 INFO NastyLog: bidi: file <U+202E>gnp.exe<U+202C> end
EOF
tui_keys 'N'
tui_expect "N goes back to the previous one" 3 3 <<'EOF'
26/01/15 11:40:36 INFO NastyLog: invalid UTF-8: �� lone, �� overlong, � cut, ��� surrogate, ���� too
EOF
tui_keys '?Spark<Enter>'
tui_expect "?Spark searches backward" 3 3 <<'EOF'
26/01/15 11:40:36 INFO SparkContext: Running Spark version 3.3.2
EOF
tui_keys '&CRLF<Enter>'
tui_expect "&CRLF shows only the matching lines" <<'EOF'
 dpjobs  127.0.0.1:PORT  cluster analytics-prod (c9qtpsbtlk0n2v0e7788) RUNNING ALIVE            ok
 3 log  nasty-log  PAUSED +0 new lines  [zoom]
26/01/15 11:40:36 INFO NastyLog: CRLF line one
26/01/15 11:40:36 INFO NastyLog: CRLF line two








&CRLF: 2 lines (& Enter shows all)
 ? help  / filter  f status  > sort  <Tab> pane  z zoom  Z pause  : command   ▶2 ○1 ◌1 ◍1 ✖9 ✔25 ⊘2
EOF
tui_keys '&!NastyLog<Enter>'
tui_expect "&!NastyLog shows only the other lines" <<'EOF'
 dpjobs  127.0.0.1:PORT  cluster analytics-prod (c9qtpsbtlk0n2v0e7788) RUNNING ALIVE            ok
 3 log  nasty-log  PAUSED +0 new lines  [zoom]
26/01/15 11:40:36 INFO SparkContext: Running Spark version 3.3.2
26/01/15 11:40:36 INFO SparkContext: Submitted application: nasty-log
26/01/15 11:40:36 INFO Utils: Successfully started service 'sparkDriver' on port 38457.
26/01/15 11:40:36 INFO SparkContext: Successfully stopped SparkContext
26/01/15 11:40:36 INFO ShutdownHookManager: Shutdown hook called





&!NastyLog: 5 lines (& Enter shows all)
 ? help  / filter  f status  > sort  <Tab> pane  z zoom  Z pause  : command   ▶2 ○1 ◌1 ◍1 ✖9 ✔25 ⊘2
EOF
tui_keys '&<Enter>'
TUI_FILTER="sed '/bidi: file/d'" tui_expect "& with an empty pattern shows every line again" <<'EOF'
 dpjobs  127.0.0.1:PORT  cluster analytics-prod (c9qtpsbtlk0n2v0e7788) RUNNING ALIVE            ok
 3 log  nasty-log  PAUSED +0 new lines  [zoom]
26/01/15 11:40:36 INFO SparkContext: Running Spark version 3.3.2
26/01/15 11:40:36 INFO SparkContext: Submitted application: nasty-log
26/01/15 11:40:36 INFO Utils: Successfully started service 'sparkDriver' on port 38457.
26/01/15 11:40:36 INFO NastyLog: normal line before the nasty ones
26/01/15 11:40:36 INFO NastyLog: SGR colours: \x1b[31mred\x1b[0m \x1b[1;32mbold green\x1b[0m \x1b[4m
26/01/15 11:40:36 WARN NastyLog: OSC title: \x1b]0;nasty-title-bel\x07 and \x1b]2;nasty-title-st\x1b
26/01/15 11:40:36 WARN NastyLog: OSC 52 clipboard: \x1b]52;c;bmFzdHk=\x07 end
26/01/15 11:40:36 INFO NastyLog: cursor movement: \x1b[2J\x1b[H\x1b[10;20Hmoved\x1b[5A\x1b[3Dleft
26/01/15 11:40:36 ERROR NastyLog: full reset: \x1bc end
26/01/15 11:40:36 INFO NastyLog: C1 bytes: raw �31m csi �0;t� osc � nel; as UTF-8 \x9b31m csi \x9d0;
PAUSED · +0 new lines (G or f follows)
 ? help  / filter  f status  > sort  <Tab> pane  z zoom  Z pause  : command   ▶2 ○1 ◌1 ◍1 ✖9 ✔25 ⊘2
EOF

# ---- marker, copy, save, pipe -------------------------------------------------------------------
tui_keys ':18<Enter>m'
TUI_FILTER="sed '/bidi: file/d'" tui_expect "m inserts a marker with the time below the current line" <<'EOF'
 dpjobs  127.0.0.1:PORT  cluster analytics-prod (c9qtpsbtlk0n2v0e7788) RUNNING ALIVE            ok
 3 log  nasty-log  PAUSED +0 new lines  [zoom]
26/01/15 11:40:36 INFO NastyLog: CRLF line two
26/01/15 11:40:36 INFO NastyLog: progress 10%\x0dprogress 100%
26/01/15 11:40:36 INFO NastyLog: control bytes: BEL\x07 BS\x08 VT\x0b FF\x0c SO\x0e SI\x0f DEL\x7f e
26/01/15 11:40:36 INFO NastyLog: wide and combining: 日本語 é 👍🏽 end
─── mark 2026-01-15T12:00:00Z ───
26/01/15 11:40:36 INFO NastyLog: normal line before the long one
26/01/15 11:40:36 INFO NastyLog: one line of exactly 1 MiB: 23456789abcdef0123456789abcdef0123456789
26/01/15 11:40:36 INFO NastyLog: normal line after the long one
26/01/15 11:40:36 INFO SparkContext: Successfully stopped SparkContext
26/01/15 11:40:36 INFO ShutdownHookManager: Shutdown hook called
PAUSED · +0 new lines (G or f follows)
 ? help  / filter  f status  > sort  <Tab> pane  z zoom  Z pause  : command   ▶2 ○1 ◌1 ◍1 ✖9 ✔25 ⊘2
EOF
tui_keys 'c'
tui_wait_idle
has_buffer() { [ -n "$(tmx show-buffer 2>/dev/null)" ]; }
wait_until 5 has_buffer
is "$(tmx show-buffer 2>/dev/null)" "$(sed -n 18p "$TEST_TMP/nasty.cli")" \
	"c copies the current line with OSC 52 (into tmux's buffer)"
tui_keys '<C-s>'
printf 'save to: nasty-log-%s.log\n' "$nasty" >"$TEST_TMP/prompt.txt"
tui_expect "<C-s> prompts with JOBNAME-JOBID.log" '$' '$' <"$TEST_TMP/prompt.txt"
tui_keys "<C-u>$TEST_TMP/saved.log<Enter>"
status_says "saved $(size "$TEST_TMP/nasty.cli") bytes to $TEST_TMP/saved.log"
ok $? "... Enter saves, and says how many bytes"
ok "$(cmp "$TEST_TMP/saved.log" "$TEST_TMP/nasty.cli" >&2; echo $?)" \
	"... the file equals 'dpjobs log' byte for byte ($(size "$TEST_TMP/saved.log") bytes)"
tui_screen >"$TEST_TMP/before-pipe.txt"
tui_keys '|'
tui_wait_idle
tui_keys "<C-u>cat >$TEST_TMP/piped.log<Enter>"
wait_until 10 test -s "$TEST_TMP/piped.log"
sed '$d' "$TEST_TMP/before-pipe.txt" >"$TEST_TMP/before-pipe.top"
tui_expect "| pipes the log to a command; the screen comes back" 1 13 <"$TEST_TMP/before-pipe.top"
ok "$(cmp "$TEST_TMP/piped.log" "$TEST_TMP/nasty.cli" >&2; echo $?)" "... which received the whole log byte for byte"
tui_stop q "nasty log: q quits; terminal restored"
sim_stop

# ---- following a growing log ---------------------------------------------------------------------
# About 11 lines a second; the firehose is the newest job, so its log shows at start.
tui_sim --firehose 0.002
TUI_HEIGHT=14 tui_start --cluster-id "$CLUSTER" --refresh 3600
tui_keys '3z'
tui_wait_idle
title() { tui_line 2; }
paused_n() { printf '%s\n' "$SCREEN" | sed -n 's/^PAUSED · +\([0-9]*\) new lines.*/\1/p'; }
bottom_log() { printf '%s\n' "$SCREEN" | sed -n '3,13p' | grep . | tail -n 1; }
like "$(title)" ' 3 log  firehose  following  \[zoom\]' "firehose: the log opens following"
SCREEN=$(tui_screen)
b0=$(bottom_log)
tui_until 5 '[ "$(bottom_log)" != "$b0" ]'
ok $? "... new lines appear at the bottom"
tui_keys 'k'
tui_until 5 '[ "$(paused_n)" -gt 0 ] 2>/dev/null'
ok $? "k pauses: 'PAUSED · +N new lines' counts the lines come since"
n1=$(paused_n)
top1=$(tui_line 3)
tui_until 5 '[ "$(paused_n)" -gt "$n1" ] 2>/dev/null'
ok $? "... the counter grows (from $n1 to $(paused_n))"
is "$(tui_line 3)" "$top1" "... while the view stays where it was"
like "$(title)" 'PAUSED \+[0-9]+ new lines' "... and the title says PAUSED +N new lines"
tui_keys 'G'
tui_until 5 '[ -z "$(paused_n)" ] && printf "%s\n" "$SCREEN" | sed -n 2p | grep -q " following "'
ok $? "G follows again"
tui_keys 'f'
tui_until 5 '[ -n "$(paused_n)" ]'
ok $? "f pauses"
tui_keys 'f'
tui_until 5 '[ -z "$(paused_n)" ]'
ok $? "f follows again"
tui_keys 'l'
tui_wait_idle
SCREEN=$(tui_screen)
b0=$(bottom_log)
tui_until 5 '[ "$(bottom_log)" != "$b0" ]'
ok "$(printf '%s\n' "$SCREEN" | sed -n '3,13p' | grep -q '^20[0-9][0-9]-'; [ $? -ne 0 ]; echo $?)" \
	"scrolled sideways, new lines while following keep the offset"
tui_stop q "firehose: q quits; terminal restored"
sim_stop

# ---- follow under faults and a restart, then save: the simulator's bytes ------------------------
FAULTS=unavailable=0.3,latency=300ms
state="$TEST_TMP/follow.db"
port=$(free_port)
listen="127.0.0.1:$port"
# At --speed 30 a job runs for 2 to 30 s: long enough to stop the simulator under it.
sim_up --listen "$listen" --state "$state" --speed 30 --jobs 2
run dpc --format json create spark --name follow-me --main-jar-file-uri s3a://b/app.jar
job=$(jq -r '.metadata.job_id' "$TEST_TMP/out")
sim_stop
sim_start --listen "$listen" --state "$state" --speed 30 --verbose --faults "$FAULTS"
# follow-me is the newest job: the one whose log shows.
tui_start --cluster-id "$CLUSTER" --refresh 1
tui_keys '3z'
got_lines() { tui_screen | sed -n 3p | grep -q '^[0-9][0-9]/'; }
ok "$(wait_until 60 got_lines; echo $?)" "faults: the log of the running job shows"
following() { tui_line 2 | grep -q '^ 3 log  follow-me  following'; }
ok "$(wait_until 30 following; echo $?)" "... and followed"
sim_stop
ok "$?" "... the simulator stops under the follow"
sim_start --listen "$listen" --state "$state" --speed 30 --verbose --faults "$FAULTS"
is "$SIM_ADDR" "$listen" "... and starts again on the same address and state"
complete() { tui_line 2 | grep -q ' complete '; }
ok "$(wait_until 120 complete; echo $?)" "... the pane says complete once the job has ended"
tui_keys '<C-s>'
tui_wait_idle
tui_keys "<C-u>$TEST_TMP/follow.log<Enter>"
saved() { tui_screen | tail -n 1 | grep -q "saved [0-9]* bytes to $TEST_TMP/follow.log"; }
wait_until 20 saved
tui_stop q "faults: q quits; terminal restored"
sim_stop
"$DPJOBS_SIM" --state "$state" --dump-log "$job" >"$TEST_TMP/follow.want"
ok "$([ -s "$TEST_TMP/follow.want" ] && cmp "$TEST_TMP/follow.log" "$TEST_TMP/follow.want" >&2; echo $?)" \
	"faults: the saved log equals the simulator's stored log byte for byte ($(size "$TEST_TMP/follow.log") of $(size "$TEST_TMP/follow.want") bytes)"
faulted=$(grep -cE 'JobService/ListLog -> UNAVAILABLE' "$TEST_TMP/sim.err")
ok "$([ "$faulted" -gt 0 ]; echo $?)" "... though $faulted ListLog calls failed with UNAVAILABLE"

# ---- a save cut short by selecting another job says so --------------------------------------
# 256 MiB at 300 ms a page: the log is still arriving, and the save waiting for it, when
# another job is selected a few seconds later.
sim_up --jobs 3 --big-log 256 --speed 0.001 --start-time "$TUI_NOW" --faults latency=300ms
tui_start --cluster-id "$CLUSTER" --refresh 3600
# No waiting for idle from here: the TUI is busy until the whole log has come (minutes).
tui_keys '/big-log<Enter>'
tui_until 10 'printf "%s\n" "$SCREEN" | grep -q " log  big-log "'
tui_keys '3<C-s>'
tui_until 10 'printf "%s\n" "$SCREEN" | tail -n 1 | grep -q "save to:"'
tui_keys "<C-u>$TEST_TMP/cut.log<Enter>"
tui_until 10 'printf "%s\n" "$SCREEN" | grep -q "saving to $TEST_TMP/cut.log"'
tui_keys '1/<C-u><Enter>k'
# The bottom line is cut at the pane's width: its start is enough.
tui_until 10 'printf "%s\n" "$SCREEN" | tail -n 1 | grep -q "^ *save to $TEST_TMP/cut.log stopped at [0-9]"'
ok $? "a save cut short by another job: the bottom line says where it stopped"
tui_screen | tail -n 1 | grep -q "stopped at" || diag "$(tui_screen | tail -n 3)"
tui_stop q "cut save: q quits; terminal restored"
sim_stop
done_testing
