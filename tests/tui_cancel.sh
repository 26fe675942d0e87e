#!/bin/sh
# Screen tests of cancelling from the TUI (x with its Yes/No dialog, marks with
# <Space> and a typed count), the :ops overlay, read-only mode, and `e` (the job
# as JSON in a scripted $EDITOR, submitted as a new job).
. "${top_srcdir:-$(dirname "$0")/..}/tests/tui_lib.sh"
tui_need
plan 53

# on_screen DESCRIPTION PATTERN: the screen shows PATTERN (grep -F) within TUI_WAIT.
on_screen() {
	_pat=$2
	tui_wait_idle
	tui_until "$TUI_WAIT" 'printf "%s\n" "$SCREEN" | grep -qF -- "$_pat"'
	ok $? "$1"
	printf '%s\n' "$SCREEN" | grep -qF -- "$_pat" || diag "no '$_pat' on:" "$SCREEN"
}
# row_has ID TEXT: the row of job ID shows TEXT.
row_has() { tui_screen | grep -F -- "$1" | head -n 1 | grep -qF -- "$2"; }
# calls METHOD: how many calls of METHOD (Cancel, Create) reached the simulator.
calls() { grep -c "JobService/$1 " "$TEST_TMP/sim.err"; }

tui_sim --verbose
RUNNING_ID=c9qn4izx2fq5irsqazp8
DONE_ID=c9qoa7jah6ptgww342kr
tui_start --cluster-id "$CLUSTER" --refresh 3600

# ---- one job: the dialog, No by default --------------------------------------
tui_keys 'jjjx'
on_screen "x on a RUNNING job asks, naming it and its id" \
	"Cancel job hourly-metrics-rollup (c9qn4izx2fq5irsqazp8)?"
on_screen "the dialog says the status" "status RUNNING, spark job on cluster $CLUSTER"
tui_keys '<Enter>'
on_screen "Enter on the default (No) cancels nothing" "nothing cancelled"
tui_keys 'x'
tui_wait_idle
tui_keys 'n'
on_screen "n answers no" "nothing cancelled"
tui_keys '<C-k>'
on_screen "<C-k> asks too" "Cancel job hourly-metrics-rollup"
tui_keys '<Esc>'
on_screen "Esc answers no" "nothing cancelled"
is "$(calls Cancel)" 0 "no CancelJob reached the server while the answer was no"
is "$(job_field $RUNNING_ID .status)" RUNNING "the job still runs"

tui_keys 'x'
tui_wait_idle
tui_keys 'y'
tui_wait_idle
tui_until "$TUI_WAIT" 'row_has $RUNNING_ID CANCELLING'
ok $? "y cancels: the row shows CANCELLING"
is "$(calls Cancel)" 1 "one CancelJob reached the server"
is "$(job_field $RUNNING_ID .status)" CANCELLING "the server has the job CANCELLING"

# ---- :ops ----------------------------------------------------------------------
tui_keys ':ops<Enter>'
on_screen ":ops lists the cancel with its job" "cancel hourly-metrics-rollup  c9qn4izx2fq5irsqazp8 12:00:00 running"
tui_keys 'q'
tui_wait_idle
tui_keys 'o'
on_screen "o opens it too" "operations of this session"
tui_keys 'q'

# ---- a finished job ------------------------------------------------------------
tui_keys 'jjx'
on_screen "x on a DONE job says why not" \
	"job hive-export-kpi is DONE: only active jobs can be cancelled"

# ---- marks: <Space>, then x with the count typed -------------------------------
# Rows: PROVISIONING, PENDING, CANCELLING, CANCELLING (the one above), RUNNING, DONE.
tui_keys 'g<Space><Space>jj<Space><Space>'
on_screen "the bottom line counts the marks" "4 marked"
on_screen "marked rows show a mark" "● ✔ DONE"
tui_keys 'x'
on_screen "x with marks asks for the count of the active ones" "Type 3 to confirm:"
on_screen "and names the skipped one" "Skipped, not active: hive-export-kpi (DONE)"
tui_keys '2<Enter>'
on_screen "a wrong count does not confirm" "not that number"
is "$(calls Cancel)" 1 "nothing sent on a wrong count"
tui_keys '<BS>3<Enter>'
on_screen "the right count cancels the active ones, reporting the skipped" \
	"cancelling 3 jobs; skipped 1: hive-export-kpi (DONE)"
is "$(calls Cancel)" 4 "three more CancelJob calls"
n=0
for id in c9qb461tu83u492h5dxw c9q5coqcpasuyo48w8vq c9qr6gsnitgh70vkvumu; do
	job_status_is $id CANCELLING CANCELLED && n=$((n + 1))
done
is "$n" 3 "the three marked active jobs are cancelling on the server"
tui_stop

# ---- CANCELLING, then CANCELLED (a simulator whose cancels take 2 to 6 s) -------
TUI_SIM_ERR_KEEP=1
sim_up --seed 7 --jobs 40 --speed 1 || exit 1
row=$(dpc --format json list | jq -r 'sort_by(.created_at) | reverse | map(.status) | index("RUNNING")')
id=$(dpc --format json list | jq -r 'sort_by(.created_at) | reverse | map(select(.status == "RUNNING"))[0].id')
keys=
i=0
while [ $i -lt "$row" ]; do keys="${keys}j"; i=$((i + 1)); done
tui_start --cluster-id "$CLUSTER" --refresh 3600
tui_keys "${keys}x"
tui_wait_idle
tui_keys 'y'
tui_until 10 'row_has $id CANCELLING || row_has $id CANCELLED'
ok $? "the row shows CANCELLING"
tui_until 20 'row_has $id CANCELLED'
ok $? "then CANCELLED, when the operation is done"
tui_stop

# ---- read-only mode ------------------------------------------------------------
: >"$TEST_TMP/sim.err"
tui_sim --verbose
tui_start --cluster-id "$CLUSTER" --refresh 3600 --readonly
tui_keys 'jjjx'
on_screen "--readonly: x is refused" "read-only mode: cancel is off"
tui_keys 'e'
on_screen "--readonly: e is refused" "read-only mode: edit is off"
tui_keys '<Space>?'
on_screen "--readonly: the help says so" "read-only mode (--readonly): create, clone, edit and cancel"
tui_screen | grep -q "cancel the selected job"
ok $((!$?)) "--readonly: the help does not offer cancel"
tui_stop 'qq'
TUI_ENV="DPJOBS_READONLY=1" tui_start --cluster-id "$CLUSTER" --refresh 3600
tui_keys 'x'
on_screen "DPJOBS_READONLY=1: x is refused" "read-only mode: cancel is off"
tui_stop
is "$(($(calls Cancel) + $(calls Create)))" 0 "read-only: no Cancel or Create reached the server"

# ---- e: the job as JSON in $EDITOR ---------------------------------------------
# The editor runs the sed script of line N of ed.scripts on its Nth run, notes
# its arguments, and exits 0.
cat >"$TEST_TMP/editor" <<EOS
#!/bin/sh
n=\$((\$(cat '$TEST_TMP/ed.count' 2>/dev/null || echo 0) + 1))
echo \$n >'$TEST_TMP/ed.count'
echo "\$*" >>'$TEST_TMP/ed.args'
for f; do :; done
script=\$(sed -n "\${n}p" '$TEST_TMP/ed.scripts')
[ -z "\$script" ] || sed -i "\$script" "\$f"
EOS
chmod +x "$TEST_TMP/editor"
ed_reset() { rm -f "$TEST_TMP/ed.count" "$TEST_TMP/ed.args"; printf '%s\n' "$@" >"$TEST_TMP/ed.scripts"; }
: >"$TEST_TMP/sim.err"
TUI_ENV="EDITOR=$TEST_TMP/editor VISUAL=" tui_start --cluster-id "$CLUSTER" --refresh 3600
HIVE_ID=c9qb461tu83u492h5dxw

ed_reset 's/"name": "hive-partition-repair"/"name": "edited-hive"/'
tui_keys 'e'
on_screen "a valid edit creates a job" "creating edited-hive"
tui_until 10 '[ "$(dpc --format json list | jq -r "map(select(.name == \"edited-hive\")) | length")" = 1 ]'
ok $? "the server has the new job"
is "$(dpc --format json list | jq -c 'map(select(.name == "edited-hive"))[0].hive_job')" \
	"$(jq -c --arg id $HIVE_ID '.[] | select(.id == $id).hive_job' "$TEST_TMP/jobs.json")" \
	"every field of the spec arrived as it was"

ed_reset 's/"name": "[^"]*"/"name": 5/' 's/"name": 5/"name": "fixed-hive"/'
tui_keys 'e'
tui_until 10 '[ "$(dpc --format json list | jq -r "map(select(.name == \"fixed-hive\")) | length")" = 1 ]'
ok $? "an invalid edit reopens the editor; the fixed text creates the job"
is "$(sed -n 2p "$TEST_TMP/ed.args" | cut -d' ' -f1)" "+2" "the editor reopened at the failing line"

before=$(calls Create)
ed_reset ''
tui_keys 'e'
on_screen "an unchanged file creates nothing" "not changed: nothing created"
is "$(calls Create)" "$before" "no CreateJob for an abandoned edit"
tui_stop

# ---- e: a spec the server refuses is kept for the next e -----------------------------
: >"$TEST_TMP/sim.err"
TUI_ENV="EDITOR=$TEST_TMP/editor VISUAL=" tui_start --cluster-id c9qnosuchcluster0000 --refresh 3600
ed_reset 's/"new-spark-job"/"kept-job"/; s|"main_jar_file_uri": ""|"main_jar_file_uri": "s3a://b/m.jar"|' \
	'' 's/"kept-job"/"kept-job-2"/' 's/.*//'
tui_keys 'e'
on_screen "a refused edit says the text is kept" "create kept-job refused: e reopens your text"
kept=$(sed -n 1p "$TEST_TMP/ed.args" | awk '{print $NF}')
ok "$(grep -q '"kept-job"' "$kept" && grep -q 's3a://b/m.jar' "$kept"; echo $?)" \
	"the refused text is still in its file"
tui_keys 'e'
tui_until "$TUI_WAIT" '[ "$(calls Create)" -ge 2 ]'
ok $? "e reopens it; saved unchanged, it is sent again (the refusal may have passed)"
is "$(sed -n 2p "$TEST_TMP/ed.args" | awk '{print $NF}')" "$kept" "the same file was reopened"
tui_keys 'e'
on_screen "the changed text is sent, refused again" "create kept-job-2 refused"
ok "$(grep -q '"kept-job-2"' "$kept" && grep -q 's3a://b/m.jar' "$kept"; echo $?)" \
	"every edit so far is still there"
tui_keys 'e'
on_screen "emptying the file discards it" "empty file: nothing created"
ok "$([ ! -e "$kept" ]; echo $?)" "the discarded file is removed"
is "$(calls Create)" 3 "three Creates reached the server, all refused"
tui_stop
