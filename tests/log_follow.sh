#!/bin/sh
# `dpjobs log --follow`: every byte exactly once, across injected faults and a
# restart of the simulator, and an exit 0 once the ended job's log is drained.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_programs
plan 25

FAULTS=unavailable=0.2,deadline=0.05,latency=20ms
# follow_start NAME JOB_ID: `log JOB_ID --follow` in the background (dp_bg NAME).
follow_start() { dp_bg "$1" --cluster-id "$CLUSTER" log "$2" --follow; }
follow_rc() { dp_bg_rc "$1"; }
ended() { dp_bg_ended "$1"; }
size() { wc -c <"$1" | tr -d ' '; }
has_bytes() { [ -s "$1" ]; }
# dump JOB_ID STATE: the job's log as the stopped simulator holds it.
dump() { "$DPJOBS_SIM" --state "$2" --dump-log "$1"; }

# ---- faults and a restart in the middle of the follow --------------------------------------
state="$TEST_TMP/follow.db"
port=$(free_port)
ok "$([ -n "$port" ]; echo $?)" "a free loopback port for the restarts ($port)"
listen="127.0.0.1:$port"
# At --speed 30 a job runs for 2 to 30 s: long enough to stop the simulator under it.
sim_up --listen "$listen" --state "$state" --speed 30 --jobs 2
run dpc --format json create spark --name follow-me --main-jar-file-uri s3a://b/app.jar
job=$(jq -r '.metadata.job_id' "$TEST_TMP/out")
sim_stop
sim_start --listen "$listen" --state "$state" --speed 30 --verbose --faults "$FAULTS"
is "$SIM_ADDR" "$listen" "the simulator restarts on the same address with --faults $FAULTS"
follow_start a "$job"
running() { job_status_is "$job" RUNNING; }
ok "$(wait_until 30 running && wait_until 30 has_bytes "$TEST_TMP/a.out"; echo $?)" \
	"log --follow receives the log while the job runs"
at_restart=$(size "$TEST_TMP/a.out")
status_at_restart=$(job_field "$job" .status)
is "$(follow_rc a)/$status_at_restart" running/RUNNING \
	"the follow is going and the job RUNNING when the simulator stops ($at_restart bytes so far)"
sim_stop
ok "$?" "the simulator stops cleanly under the follow"
sim_start --listen "$listen" --state "$state" --speed 30 --verbose --faults "$FAULTS"
is "$SIM_ADDR" "$listen" "... and starts again on the same address and state"
ok "$(wait_until 90 ended a; echo $?)" "the follow ends by itself once the job has ended"
is "$(follow_rc a)" 0 "... with exit status 0"
sim_stop
dump "$job" "$state" >"$TEST_TMP/a.want"
ok "$([ -s "$TEST_TMP/a.want" ] && cmp "$TEST_TMP/a.out" "$TEST_TMP/a.want" >&2; echo $?)" \
	"the bytes received equal the simulator's stored log: none lost, none doubled ($(size "$TEST_TMP/a.out") of $(size "$TEST_TMP/a.want") bytes)"
ok "$([ "$(size "$TEST_TMP/a.out")" -gt "$at_restart" ]; echo $?)" "... including bytes written after the restart"
faulted=$(grep -cE 'JobService/ListLog -> (UNAVAILABLE|DEADLINE_EXCEEDED)' "$TEST_TMP/sim.err")
ok "$([ "$faulted" -gt 0 ]; echo $?)" "... though $faulted ListLog calls failed with UNAVAILABLE or DEADLINE_EXCEEDED"

# ---- wait across a restart -----------------------------------------------------------------
# At --speed 30 a new job lives 3 to 33 s; time runs on while the simulator is down.
state="$TEST_TMP/wait.db"
sim_up --listen "$listen" --state "$state" --speed 30 --jobs 2 --verbose
run dpc --format json create hive --name wait-me --query 'SELECT 1'
job=$(jq -r '.metadata.job_id' "$TEST_TMP/out")
gets() { grep -c 'JobService/Get ->' "$TEST_TMP/sim.err"; }
before=$(gets)
got_more() { [ "$(gets)" -gt "$before" ]; }
dp_bg w --cluster-id "$CLUSTER" --format json wait "$job"
# Once the job has been seen, wait must ride out the restart.
wait_until 10 got_more
sim_stop
is "$(dp_bg_rc w)" running "wait is still waiting when the simulator stops"
sim_start --listen "$listen" --state "$state" --speed 30
ok "$(wait_until 90 dp_bg_ended w; echo $?)" "... and ends after the simulator comes back"
ok "$(case $(dp_bg_rc w) in 0) jq_ok '.status == "DONE"' "$TEST_TMP/w.out" ;; 3) jq_ok '.status == "ERROR"' "$TEST_TMP/w.out" ;; *) false ;; esac; echo $?)" \
	"... with exit 0 for DONE or 3 for ERROR, and the ended job (exit $(dp_bg_rc w))"
sim_stop

# ---- a plain follow, then the same log read again --------------------------------------
sim_up --speed 120 --jobs 2 --state "$TEST_TMP/plain.db"
run dpc --format json create pyspark --name plain-follow --main-python-file-uri s3a://b/m.py
job=$(jq -r '.metadata.job_id' "$TEST_TMP/out")
follow_start b "$job"
# Meanwhile, a plain `log` of the running job and a follow whose reader goes away.
running() { job_status_is "$job" RUNNING; }
wait_until 30 running
grows() { [ "$(dpc log "$job" | wc -c)" -gt 0 ]; }
wait_until 30 grows
run dpc log "$job"
cp "$TEST_TMP/out" "$TEST_TMP/b.early"
ok "$([ "$RC" -eq 0 ] && [ -s "$TEST_TMP/b.early" ]; echo $?)" "log (no --follow) of a running job: what it holds now, exit 0"
run timeout 30 sh -c '"$1" --endpoint "$2" --plaintext --cluster-id "$3" log --follow "$4" | head -c 10' \
	sh "$DPJOBS" "$SIM_ADDR" "$CLUSTER" "$job"
ok "$([ "$RC" -ne 124 ] && [ "$(printf '%s' "$OUT" | wc -c)" -eq 10 ]; echo $?)" \
	"log --follow into a pipe closed early ends instead of following on"
ok "$(wait_until 60 ended b; echo $?)" "log --follow of a new job ends when the job has ended"
is "$(follow_rc b)/$(job_field "$job" .status | grep -cE '^(DONE|ERROR)$')" 0/1 "... exit 0, the job DONE or ERROR"
dpc log "$job" >"$TEST_TMP/b.again"
ok "$(cmp "$TEST_TMP/b.out" "$TEST_TMP/b.again" >&2; echo $?)" "... the followed bytes equal a later plain 'log'"
ok "$(cmp -n "$(size "$TEST_TMP/b.early")" "$TEST_TMP/b.early" "$TEST_TMP/b.again" >&2; echo $?)" \
	"... of which the early plain 'log' was a prefix"

# ---- an ended job: the whole log, at once ----------------------------------------------------
done_job=$(dpc --format json list | jq -r '[.[] | select(.status == "DONE" or .status == "ERROR")][0].id')
follow_start c "$done_job"
ok "$(wait_until 10 ended c; echo $?)" "log --follow of an ended job returns at once"
dpc log "$done_job" >"$TEST_TMP/c.plain"
ok "$([ "$(follow_rc c)" = 0 ] && [ -s "$TEST_TMP/c.out" ] && cmp "$TEST_TMP/c.out" "$TEST_TMP/c.plain" >&2; echo $?)" \
	"... exit 0 with its whole log"

# ---- a job cancelled while followed ------------------------------------------------------------
run dpc --format json create spark --name cancel-follow --main-jar-file-uri s3a://b/app.jar
job=$(jq -r '.metadata.job_id' "$TEST_TMP/out")
running() { job_status_is "$job" RUNNING; }
wait_until 30 running
follow_start d "$job"
wait_until 30 has_bytes "$TEST_TMP/d.out"
dpc cancel "$job" >/dev/null
ok "$(wait_until 60 ended d; echo $?)" "log --follow of a job cancelled meanwhile ends"
is "$(follow_rc d)/$(job_field "$job" .status)" 0/CANCELLED "... with exit 0 once it is CANCELLED"
sim_stop
dump "$job" "$TEST_TMP/plain.db" >"$TEST_TMP/d.want"
ok "$(cmp "$TEST_TMP/d.out" "$TEST_TMP/d.want" >&2; echo $?)" "... and the bytes equal the stored log"
done_testing
