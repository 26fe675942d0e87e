#!/bin/sh
# Screen tests of the TUI's job list: moving the selection, the filter as you
# type and its inverse, the status quick filter, sorting with the selection
# kept, and the selection pinned to its job while refreshes bring new jobs.
. "${top_srcdir:-$(dirname "$0")/..}/tests/tui_lib.sh"
tui_need
plan 30

tui_sim
tui_start --cluster-id "$CLUSTER" --refresh 3600
# selected_is ID DESCRIPTION: the row of job ID is the selected one, on screen.
selected_is() {
	_l=$(tui_selected_line "$1")
	ok "$([ -n "$_l" ]; echo $?)" "$2"
	[ -n "$_l" ] || diag "job $1 is not the selected row"
}

# ---- navigation (the list shows 9 of the 40 jobs; lines 2 to 15: the list, the
# detail's title and the selected job's id) -------------------------------------------
tui_keys 'jjj'
tui_expect "jjj selects the fourth job" 2 15 <<'EOF'
TODO
EOF
selected_is c9qn4izx2fq5irsqazp8 "jjj: the fourth row is drawn selected"
tui_keys 'k'
tui_expect "k selects the job above" 13 15 <<'EOF'
TODO
EOF
tui_keys 'G'
tui_expect "G selects the last job and scrolls to it" 2 15 <<'EOF'
TODO
EOF
selected_is c9qyrw8m00fdypsm9zq1 "G: the last row is drawn selected"
tui_keys 'g'
tui_expect "g goes back to the first job" 2 15 <<'EOF'
TODO
EOF
tui_keys '<PageDown>'
tui_expect "<PageDown> moves one page down" 2 15 <<'EOF'
TODO
EOF
tui_keys '<C-f><Space>'
tui_expect "<C-f> and <Space> move a page each" 2 15 <<'EOF'
TODO
EOF
tui_keys '<PageUp>'
tui_expect "<PageUp> moves one page up, the viewport follows" 2 15 <<'EOF'
TODO
EOF
tui_keys 'g<C-d>'
tui_expect "<C-d> moves half a page down" 13 15 <<'EOF'
TODO
EOF
tui_keys 'g'

# ---- filter as you type ----------------------------------------------------------------
tui_keys '/teragen'
tui_expect "/teragen filters as it is typed; the prompt shows the text" <<'EOF'
TODO
EOF
tui_keys '<Enter>'
tui_expect "<Enter> keeps the filter and closes the prompt" 1 8 <<'EOF'
TODO
EOF
tui_keys 'j/x'
tui_expect "typing more narrows the list to nothing" 2 8 <<'EOF'
TODO
EOF
tui_keys '<Esc>'
tui_expect "<Esc> gives back the filter and the selection before the prompt" 2 15 <<'EOF'
TODO
EOF
tui_keys '/<C-u><Enter>'
tui_expect "an empty filter shows every job again, the selection on the same job" 2 15 <<'EOF'
TODO
EOF
tui_keys '/!DONE<Enter>'
tui_expect "a leading ! keeps the jobs that do not match" 2 15 <<'EOF'
TODO
EOF
tui_keys '/<C-u>^(hive|spark)-?<Enter>'
tui_expect "text with regex characters is an extended regex" 2 12 <<'EOF'
TODO
EOF
tui_keys '/<C-u><Enter>g'

# ---- status quick filter ---------------------------------------------------------------------
tui_keys 'f'
tui_expect "f: active jobs only" 2 9 <<'EOF'
TODO
EOF
tui_keys 'f'
tui_expect "f again: running only" 2 6 <<'EOF'
TODO
EOF
tui_keys 'f'
tui_expect "f again: failed only" 2 4 <<'EOF'
TODO
EOF
tui_keys 'f'
tui_expect "f again: done only" 2 4 <<'EOF'
TODO
EOF
tui_keys 'f'
tui_expect "f again: cancelled only" 2 6 <<'EOF'
TODO
EOF
tui_keys 'f'
tui_expect "f again: every job" 2 4 <<'EOF'
TODO
EOF

# ---- sort, the selection on the same job --------------------------------------------------
tui_keys 'gjjj>'
tui_expect "> sorts by the next column (duration, longest first)" 2 15 <<'EOF'
TODO
EOF
selected_is c9qn4izx2fq5irsqazp8 "sort: the selected job is still selected and on screen"
tui_keys 'r'
tui_expect "r reverses the order (shortest first), the selection kept" 2 15 <<'EOF'
TODO
EOF
selected_is c9qn4izx2fq5irsqazp8 "reverse: the selected job is still selected and on screen"
tui_keys '<lt><lt>'
tui_expect "< sorts by the previous column" 2 15 <<'EOF'
TODO
EOF
tui_stop

# ---- the selection stays on its job while refreshes bring new jobs --------------------------
# A live simulator: one new job a second, refreshed every second.
sim_stop
sim_up --seed 7 --jobs 40 --speed 60 --arrivals 60
tui_start --cluster-id "$CLUSTER" --refresh 1
tui_keys 'jjjj'
tui_wait_idle
sel=$(tui_screen | sed -n '8p' | awk '{print $4}')
line=$(tui_selected_line "$sel")
is "$line" 8 "live: the fifth job ($sel) is selected on line 8"
tui_until 15 '! printf "%s\n" "$SCREEN" | grep -q " 1 jobs  40/40" &&
	printf "%s\n" "$SCREEN" | grep -Eq " 1 jobs  4[2-9]/4[2-9]"'
ok $? "live: at least two new jobs arrive"
TUI_IDLE_BEFORE=$(tui_idle_count)
tui_wait_idle
is "$(tui_selected_line "$sel")" 8 "live: the same job is still selected, on the same line"
tui_stop
done_testing
