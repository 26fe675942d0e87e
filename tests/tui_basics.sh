#!/bin/sh
# Screen tests of the TUI, the basics: the first screen, the help overlay,
# pane focus and zoom, keys answered while the server is slow, NO_COLOR, and
# every way out giving the terminal back.
. "${top_srcdir:-$(dirname "$0")/..}/tests/tui_lib.sh"
tui_need
plan 26

tui_sim
tui_start --cluster-id "$CLUSTER" --refresh 3600

tui_expect "first screen: header, list, detail, log, hints and counts" <<'EOF'
 dpjobs  127.0.0.1:PORT  cluster analytics-prod (c9qtpsbtlk0n2v0e7788) RUNNING ALIVE            ok
 1 jobs  40/40
STATUS         NAME                                 ID                   TYPE      CREATED↓ DURATION
◌ PROVISIONING hive-partition-repair                c9qb461tu83u492h5dxw hive      51m ago
○ PENDING      teragen-benchmark                    c9q5coqcpasuyo48w8vq mapreduce 5h ago
◍ CANCELLING   pyspark-feature-build-v2             c9qtpwz71bahm0m7bpoj pyspark   1d ago   9h46m
▶ RUNNING      hourly-metrics-rollup                c9qn4izx2fq5irsqazp8 spark     2d ago   1d20h
▶ RUNNING      pyspark-feature-build-v2             c9qr6gsnitgh70vkvumu pyspark   3d ago   2d08h
✔ DONE         hive-export-kpi                      c9qoa7jah6ptgww342kr hive      13d ago  18h40m
✖ ERROR        streaming-grep-errors                c9qlnyu56oh5eejldxwd mapreduce 34d ago  1d02h
⊘ CANCELLED    sessionize-clickstream               c9qfoziowqicw2yix0oo spark     61d ago  2d00h
✔ DONE         teragen-benchmark                    c9qzluf5ok820abbym7s mapreduce 86d ago  21h10m
 2 detail  hive-partition-repair
Job
id:          c9qb461tu83u492h5dxw
cluster_id:  c9qtpsbtlk0n2v0e7788
name:        hive-partition-repair
status:      PROVISIONING
type:        hive
 3 log  hive-partition-repair  following








(no output yet; following)
 ? help  / filter  f status  > sort  <Tab> pane  z zoom  Z pause  : command   ▶2 ○1 ◌1 ◍1 ✖9 ✔24 ⊘2
EOF
tui_screen >"$TEST_TMP/first.txt"

tui_keys '?'
tui_expect "? shows the keys of the job list and the global keys" <<'EOF'
 dpjobs  127.0.0.1:PORT  cluster analytics-prod (c9qtpsbtlk0n2v0e7788) RUNNING ALIVE            ok
 1┌─ keys  (q or Esc closes) ────────────────────────────────────────────────────────────────────┐
ST│ job list                                                                                     │ON
◌ │ /                         filter jobs as you type (regex; ! inverts)                         │
○ │ f                         cycle status filter: all, active, running, failed, done, cancelled │
◍ │ >                         sort by the next column                                            │
▶ │ <                         sort by the previous column                                        │
▶ │ r                         reverse the sort order                                             │
✔ │ t                         created: relative or absolute                                      │
✖ │ <Enter>                   show the job's detail and log                                      │
⊘ │ n                         create a job: a form for its type and fields                       │
✔ │ C                         create a job from a copy of the selected one                       │
 2│ <Space>                   mark or unmark the job and go down (x cancels the marked jobs)     │
Jo│                                                                                              │
id│ global                                                                                       │
cl│ q                         close the overlay, or quit                                         │
na│ Q <C-c>                   quit at once                                                       │
st│ ? <F1>                    keys of the focused pane                                           │
ty│ <Tab>                     focus the next pane                                                │
 3│ <S-Tab>                   focus the previous pane                                            │
  │ 1                         focus the job list                                                 │
  │ 2                         focus the detail pane                                              │
  │ 3                         focus the log pane                                                 │
  │ z                         zoom the focused pane, or unzoom                                   │
  │ <C-l>                     redraw the screen                                                  │
  │ <C-z>                     suspend dpjobs (fg resumes)                                        │
  │ <C-r>                     refresh now                                                        │
  │ Z                         pause or resume automatic updates                                  │
(n└──────────────────────────────────────────────────────────────────────────────────────────────┘
 ? help  / filter  f status  > sort  <Tab> pane  z zoom  Z pause  : command   ▶2 ○1 ◌1 ◍1 ✖9 ✔24 ⊘2
EOF
tui_keys 'q'
tui_expect "q closes the help and leaves the screen as it was" <"$TEST_TMP/first.txt"

# ---- focus: <F1> names the focused pane on the overlay's first line (the section's
# name: the overlay's border and what is under it are cut off). <F1>, not ?: in
# the log pane ? searches backward, as in less ----------------------------------
focus_is() { # KEYS PANE DESCRIPTION
	tui_keys "$1<F1>"
	printf '%s\n' "$2" >"$TEST_TMP/focus.txt"
	TUI_FILTER="sed 's/^..│ \\([a-z ]*[a-z]\\) *│.*\$/\\1/'" tui_expect "$3" 3 3 <"$TEST_TMP/focus.txt"
	tui_keys q
}
focus_is '' 'job list' \
	"focus: the list has it at start"
focus_is '<Tab>' 'detail' \
	"focus: <Tab> moves it to the detail"
focus_is '<Tab>' 'log' \
	"focus: <Tab> moves it to the log"
focus_is '<Tab>' 'job list' \
	"focus: <Tab> from the log wraps to the list"
focus_is '<S-Tab>' 'log' \
	"focus: <S-Tab> from the list wraps to the log"
focus_is '<S-Tab>' 'detail' \
	"focus: <S-Tab> moves it back to the detail"
focus_is '3' 'log' \
	"focus: 3 jumps to the log"
focus_is '1' 'job list' \
	"focus: 1 jumps to the list"
focus_is '2' 'detail' \
	"focus: 2 jumps to the detail"

# ---- zoom -----------------------------------------------------------------------------
tui_keys 'z'
tui_expect "z zooms the focused detail pane to the whole body" <<'EOF'
 dpjobs  127.0.0.1:PORT  cluster analytics-prod (c9qtpsbtlk0n2v0e7788) RUNNING ALIVE            ok
 2 detail  hive-partition-repair  [zoom]
Job
id:          c9qb461tu83u492h5dxw
cluster_id:  c9qtpsbtlk0n2v0e7788
name:        hive-partition-repair
status:      PROVISIONING
type:        hive
created_by:  aje49sgn5da5sqo80fvr
created_at:  2026-01-15T11:08:26Z  (51m ago)
started_at:
finished_at:
duration:

Hive job
query_list.queries[0]: MSCK REPAIR TABLE raw.events
query_list.queries[1]: ANALYZE TABLE raw.events PARTITION (dt='${DT}') COMPUTE STATISTICS
continue_on_failure:   false
script_variables[DT]:  2026-01-14
properties[hive.exec.dynamic.partition.mode]:
  nonstrict








 ? help  / filter  f status  > sort  <Tab> pane  z zoom  Z pause  : command   ▶2 ○1 ◌1 ◍1 ✖9 ✔24 ⊘2
EOF
tui_keys 'z'
tui_expect "z again gives the three panes back" <"$TEST_TMP/first.txt"
tui_stop

# ---- keys answer at once while every call takes 2 s ----------------------------------
sim_stop
tui_sim --faults latency=2s
TUI_NOWAIT=1 tui_start --cluster-id "$CLUSTER" --refresh 3600
t0=$(now_ms)
tui_keys '?'
tui_until 3 'printf "%s\n" "$SCREEN" | grep -q "keys  (q or Esc closes)"'
t1=$(now_ms)
ok "$([ $((t1 - t0)) -lt 800 ]; echo $?)" "slow server: ? shows the help within 0.8 s while the list loads (took $((t1 - t0)) ms)"
tui_keys 'q'
tui_until 6 'printf "%s\n" "$SCREEN" | grep -q " 1 jobs  40/40"'
ok $? "slow server: the list still arrives"
tui_keys 'j'
tui_wait_idle 1 >/dev/null 2>&1 # the detail and log calls take 2 s: not waited for
t0=$(now_ms)
tui_keys '2?'
tui_until 3 'printf "%s\n" "$SCREEN" | grep -q "│ detail "'
t1=$(now_ms)
ok "$([ $((t1 - t0)) -lt 800 ]; echo $?)" "slow server: 2 then ? answer within 0.8 s while the job's calls are pending (took $((t1 - t0)) ms)"
tui_stop 'Q' "slow server: Q quits at once, calls pending; terminal restored"

# ---- NO_COLOR -----------------------------------------------------------------------------
sim_stop
tui_sim
# SGR parameters that set a colour: 30-37, 39?, 40-47, 90-97, 100-107, 38;5;N, 48;5;N, 38;2.
colour_sgr='\[([0-9;]*;)?(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;[0-9;]*)?m'
tui_start --cluster-id "$CLUSTER" --refresh 3600
tui_screen -e >"$TEST_TMP/colour.txt"
ok "$(grep -Eq "$colour_sgr" "$TEST_TMP/colour.txt"; echo $?)" "default theme: the screen has colours"
tui_stop '<C-c>' "<C-c> quits; terminal restored"
TUI_ENV=NO_COLOR=1 tui_start --cluster-id "$CLUSTER" --refresh 3600
tui_keys 'j'
tui_wait_idle
tui_screen -e >"$TEST_TMP/nocolour.txt"
ok "$(! grep -Eq "$colour_sgr" "$TEST_TMP/nocolour.txt"; echo $?)" "NO_COLOR=1: no colour escape sequence on the screen"
ok "$(grep -q "$(printf '\033')\[7m.*teragen-benchma" "$TEST_TMP/nocolour.txt"; echo $?)" \
	"NO_COLOR=1: the selected row is shown in reverse video"
tui_stop

# ---- --mouse: mouse reporting on while it runs, off after ------------------------------------
tui_start --cluster-id "$CLUSTER" --refresh 3600 --mouse
is "$(tmx display -p -t "$TUI_PANE" 'alt=#{alternate_on} mouse=#{mouse_any_flag}')" "alt=1 mouse=1" \
	"--mouse: the alternate screen and mouse reporting while dpjobs runs"
tui_stop q "--mouse: q quits; alternate screen and mouse reporting off again"
done_testing
