#!/bin/sh
# What the simulated JobService does, seen through the CLI: order and paging of
# List, the name filter, NOT_FOUND, the job lifecycle, Create and Cancel
# operations, --state across a restart, --arrivals and --require-token.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_programs
plan 48

# list_calls: how many JobService/List calls the simulators have logged (--verbose).
list_calls() { grep -c 'JobService/List ->' "$TEST_TMP/sim.err" 2>/dev/null || true; }
# one_line_error CODE: the last run failed with exit 1 and one stderr line naming CODE.
one_line_error() {
	[ "$RC" -eq 1 ] && [ "$(lines "$ERR")" -eq 1 ] &&
		printf '%s\n' "$ERR" | grep -Eq "^dpjobs: $1: "
}

# ---- List: order, paging, filter (a frozen world of 250 jobs) ---------------------
sim_up --verbose --speed 0.001 --jobs 250 --seed 3
run dpc --format json list
cp "$TEST_TMP/out" "$TEST_TMP/all.json"
ok "$([ "$RC" -eq 0 ] && jq_ok 'type == "array" and length == 250'; echo $?)" \
	"list: one JSON array with all 250 jobs"
is "$(jqt '[.[].created_at | ts] | . == (sort | reverse)' "$TEST_TMP/all.json")" true \
	"list: newest first (created_at never increases)"
is "$(jq -r '[.[].id] | unique | length' "$TEST_TMP/all.json")" 250 "list: no job twice"

run dpc --format json list --limit 10
is "$(jq -c '[.[].id]' "$TEST_TMP/out")" "$(jq -c '[.[0:10][].id]' "$TEST_TMP/all.json")" \
	"list --limit 10: the first 10 jobs of the full list"

before=$(list_calls)
run dpc --format json list --page-size 7
is "$RC/$(jq -c '[.[].id]' "$TEST_TMP/out")" "0/$(jq -c '[.[].id]' "$TEST_TMP/all.json")" \
	"pages of 7 put together give exactly the full list"
is "$(($(list_calls) - before))" 36 "... in ceil(250/7) = 36 List calls"
before=$(list_calls)
run dpc --format json list --page-size 0
is "$RC/$(jq length "$TEST_TMP/out")/$(($(list_calls) - before))" 0/250/3 \
	"page_size 0: the server's default of 100 per page (3 calls for 250 jobs)"
before=$(list_calls)
run dpc --format json list --page-size 1000
is "$RC/$(jq length "$TEST_TMP/out")/$(($(list_calls) - before))" 0/250/1 \
	"page_size 1000 (the maximum): one call"
run dpc --no-client-validation list --page-size 1001
ok "$(one_line_error INVALID_ARGUMENT && printf '%s' "$ERR" | grep -q page_size; echo $?)" \
	"page_size 1001: INVALID_ARGUMENT naming page_size"
diag "$ERR"

name=$(jq -r '[group_by(.name)[] | select(length > 1)][0][0].name' "$TEST_TMP/all.json")
want=$(jq --arg n "$name" '[.[] | select(.name == $n)] | length' "$TEST_TMP/all.json")
run dpc --format json list --filter "name=\"$name\""
is "$RC/$(jq length "$TEST_TMP/out")/$(jq -r '[.[].name] | unique | join(",")' "$TEST_TMP/out")" \
	"0/$want/$name" "filter name=\"$name\": exactly its $want jobs"
is "$(jq -c '[.[].id]' "$TEST_TMP/out")" \
	"$(jq -c --arg n "$name" '[.[] | select(.name == $n) | .id]' "$TEST_TMP/all.json")" \
	"... newest first, as in the full list"
run dpc --format json list --filter 'name="no-such-job"'
is "$RC/$OUT" "0/[]" "a filter that matches nothing: an empty array, exit 0"

# ---- NOT_FOUND ----------------------------------------------------------------------
missing=zzzzzzzzzzzzzzzzzzzz
run dpc get $missing
ok "$(one_line_error NOT_FOUND; echo $?)" "get of an unknown job: exit 1, one line NOT_FOUND"
diag "$ERR"
run dpc log $missing
ok "$(one_line_error NOT_FOUND; echo $?)" "log of an unknown job: NOT_FOUND"
run dpc cancel $missing
ok "$(one_line_error NOT_FOUND; echo $?)" "cancel of an unknown job: NOT_FOUND"
run dpc wait $missing
ok "$(one_line_error NOT_FOUND; echo $?)" "wait for an unknown job: NOT_FOUND"
run dp --cluster-id $missing list
ok "$(one_line_error NOT_FOUND; echo $?)" "list of an unknown cluster: NOT_FOUND"
run dp --cluster-id $missing create hive --query 'SELECT 1'
ok "$(one_line_error NOT_FOUND; echo $?)" "create on an unknown cluster: NOT_FOUND"
sim_stop
sim_up --clusters 2 --speed 0.001 --seed 3
second=$(dp --format json clusters --folder-id "$FOLDER" | jq -r '.[1].id')
run dp --cluster-id "$second" get "$(dpc --format json list | jq -r '.[0].id')"
ok "$(one_line_error NOT_FOUND; echo $?)" "get of a job through another cluster: NOT_FOUND"
sim_stop

# ---- lifecycle of a created job -------------------------------------------------------
sim_up --speed 100 --jobs 2
run dpc --format json create spark --name life-cycle --main-jar-file-uri s3a://b/app.jar \
	--main-class org.example.Main --arg one
cp "$TEST_TMP/out" "$TEST_TMP/op.json"
job=$(jq -r '.metadata.job_id // empty' "$TEST_TMP/op.json")
is "$RC/$(jq -r '.metadata["@type"]' "$TEST_TMP/op.json")" \
	"0/type.googleapis.com/yandex.cloud.dataproc.v1.CreateJobMetadata" \
	"create: an Operation whose metadata is a CreateJobMetadata"
ok "$(jq_ok --arg c "$CLUSTER" '.metadata.cluster_id == $c and (.metadata.job_id | test("^[a-z0-9]{20}$")) and (.id | length > 0)' "$TEST_TMP/op.json"; echo $?)" \
	"... naming the cluster and the new job, with an operation id"
ok "$(jq_ok '(.done | not) and (has("response") | not) and (has("error") | not) and (.created_at | endswith("Z"))' "$TEST_TMP/op.json"; echo $?)" \
	"... not done yet: no response, no error"
# Polls until the job ends (20 s at most), noting each status seen.
seen=
deadline=$(($(now_ms) + 20000))
while [ "$(now_ms)" -lt $deadline ]; do
	st=$(job_field "$job" .status)
	[ "$st" = "${seen##*,}" ] || seen="${seen:+$seen,}$st"
	case $st in DONE | ERROR) break ;; esac
done
like "$seen" '^(PROVISIONING,)?(PENDING,)?RUNNING,(DONE|ERROR)$' \
	"statuses in order PROVISIONING, PENDING, RUNNING, then DONE or ERROR ($seen)"
run dpc --format json get "$job"
ok "$(jq_ok '(.application_info.id | startswith("application_")) and (.application_info.application_attempts[0].id | length > 0) and (.application_info.application_attempts[0].am_container_id | length > 0)'; echo $?)" \
	"an ended job has its YARN application with an attempt"
is "$(jqt '(.created_at | ts) <= (.started_at | ts) and (.started_at | ts) <= (.finished_at | ts)')" true \
	"... and created_at <= started_at <= finished_at"
run dpc --format json create mapreduce --name wait-done --main-class org.example.Wc --wait
ok "$(case $RC in 0) jq_ok '.status == "DONE"' ;; 3) jq_ok '.status == "ERROR"' ;; *) false ;; esac; echo $?)" \
	"create --wait: the ended job, exit 0 for DONE or 3 for ERROR (exit $RC)"
sim_stop

# ---- a new job; cancel (at --speed 2, PROVISIONING lasts 5 to 15 s, CANCELLING 1 to 3 s) ----
sim_up --speed 2 --jobs 8
run dpc --format json create hive --name to-cancel --query 'SELECT 1'
victim=$(jq -r '.metadata.job_id' "$TEST_TMP/out")
job=$victim
run dpc --format json get "$job"
ok "$(jq_ok '.status == "PROVISIONING" and has("created_at") and (has("started_at") | not) and (has("finished_at") | not) and (has("application_info") | not)'; echo $?)" \
	"a new job is PROVISIONING, with created_at only"
is "$(jq -r '.name + " " + .hive_job.query_list.queries[0]' "$TEST_TMP/out")" \
	"to-cancel SELECT 1" "... and the name and spec that were sent"
run dpc --format json cancel "$victim"
cp "$TEST_TMP/out" "$TEST_TMP/cancel.json"
ok "$([ "$RC" -eq 0 ] && jq_ok --arg j "$victim" '.metadata["@type"] == "type.googleapis.com/yandex.cloud.dataproc.v1.CreateJobMetadata" and .metadata.job_id == $j and (.done | not)' "$TEST_TMP/cancel.json"; echo $?)" \
	"cancel: an Operation with CreateJobMetadata naming the job, not done yet"
is "$(job_field "$victim" .status)" CANCELLING "right after the cancel the job is CANCELLING"
ok "$(wait_until 20 job_status_is "$victim" CANCELLED; echo $?)" "... then CANCELLED"
run dpc --format json get "$victim"
ok "$(jq_ok 'has("finished_at")'; echo $?)" "a cancelled job has finished_at"
run dpc wait "$victim"
is "$RC" 4 "wait on a CANCELLED job: exit 4"
run dpc cancel "$victim"
ok "$(one_line_error FAILED_PRECONDITION; echo $?)" "cancel of a cancelled job: FAILED_PRECONDITION"
diag "$ERR"
ended=$(dpc --format json list | jq -r '[.[] | select(.status == "DONE" or .status == "ERROR")][0].id')
run dpc cancel "$ended"
ok "$(one_line_error FAILED_PRECONDITION; echo $?)" "cancel of a DONE or ERROR job: FAILED_PRECONDITION"
run dpc --format json create pyspark --name cancel-wait --main-python-file-uri s3a://b/m.py
victim=$(jq -r '.metadata.job_id' "$TEST_TMP/out")
run dpc --format json cancel "$victim" --wait
ok "$([ "$RC" -eq 4 ] && jq_ok --arg j "$victim" '.id == $j and .status == "CANCELLED"'; echo $?)" \
	"cancel --wait: exit 4 and the CANCELLED job"
sim_stop

# ---- --state across a restart ---------------------------------------------------------------
state="$TEST_TMP/state.db"
sim_up --state "$state" --speed 0.001 --jobs 12
run dpc --format json create spark --name kept --main-jar-file-uri s3a://b/kept.jar --properties a.b=c
kept=$(jq -r '.metadata.job_id' "$TEST_TMP/out")
dpc --format json list >"$TEST_TMP/before.json"
dpc --format json get "$kept" >"$TEST_TMP/kept1.json"
sim_stop
is "$?" 0 "a simulator with --state exits 0 on SIGTERM"
sim_up --state "$state" --speed 0.001 --jobs 12
dpc --format json list >"$TEST_TMP/after.json"
is "$(jq -c '[.[] | {id, name, created_at}]' "$TEST_TMP/after.json")" \
	"$(jq -c '[.[] | {id, name, created_at}]' "$TEST_TMP/before.json")" \
	"after a restart with the same --state: the same 13 jobs"
dpc --format json get "$kept" >"$TEST_TMP/kept2.json"
is "$(jq -c 'del(.status, .started_at, .finished_at, .application_info)' "$TEST_TMP/kept2.json")" \
	"$(jq -c 'del(.status, .started_at, .finished_at, .application_info)' "$TEST_TMP/kept1.json")" \
	"... the created job with its name and spec"
run dpc --format json create hive --name after-restart --query 'SELECT 2'
new=$(jq -r '.metadata.job_id' "$TEST_TMP/out")
ok "$([ -n "$new" ] && ! jq -r '.[].id' "$TEST_TMP/before.json" | grep -qx "$new"; echo $?)" \
	"a job created after the restart gets a new id"
is "$(dpc --format json list | jq '[.[].id] | unique | length')" 14 "... and the list holds 14 distinct jobs"
sim_stop

# ---- --arrivals -----------------------------------------------------------------------------
sim_up --jobs 5 --speed 60 --arrivals 600
dpc --format json list >"$TEST_TMP/initial.json"
initial=$(jq length "$TEST_TMP/initial.json")
grown() { [ "$(dpc --format json list | jq length)" -gt "$initial" ]; }
ok "$(wait_until 15 grown; echo $?)" "--arrivals: new jobs appear on their own"
run dpc --format json list
ok "$(jq_ok --slurpfile i "$TEST_TMP/initial.json" '[.[].id] as $all | ($all - [$i[0][].id]) as $new
	| ($new | length) > 0 and $all[0:($new | length)] == $new and ($all[($new | length):] == [$i[0][].id])'; echo $?)" \
	"... at the head of the list (newest first), before the initial jobs"
sim_stop

# ---- idempotency: a Create retried after its reply was lost makes one job -------------------
sim_up --speed 0.001 --jobs 1 --verbose --faults latency=700ms
creates() { grep -c 'JobService/Create ->' "$TEST_TMP/sim.err"; }
before=$(creates)
run dpc --timeout 0.3 create hive --name idem-test --query 'SELECT 1'
tries=$(($(creates) - before))
run dpc --timeout 10 --format json list --filter 'name="idem-test"'
ok "$([ "$tries" -gt 1 ] && jq_ok 'length == 1'; echo $?)" \
	"Create sent $tries times (every reply later than --timeout) makes exactly one job (idempotency-key)"
sim_stop

# ---- --require-token --------------------------------------------------------------------------
sim_up --require-token sesame-42 --jobs 3 2>/dev/null
# sim_up's own clusters call had no token: find the cluster with one.
CLUSTER=$(with_token sesame-42 dp --format json clusters --folder-id "$FOLDER" | jq -r '.[0].id')
run dpc list
ok "$(one_line_error 'authentication failed \(UNAUTHENTICATED\)'; echo $?)" "--require-token: a call without a token is UNAUTHENTICATED"
run with_token wrong-token dpc list
ok "$(one_line_error 'authentication failed \(UNAUTHENTICATED\)'; echo $?)" "... and one with a wrong token too"
run with_token sesame-42 dpc --format json list
ok "$([ "$RC" -eq 0 ] && jq_ok 'length == 3'; echo $?)" "... the right token from DPJOBS_IAM_TOKEN is accepted"
printf 'sesame-42\n' >"$TEST_TMP/token"
run dpc --iam-token-file "$TEST_TMP/token" --format json list
ok "$([ "$RC" -eq 0 ] && jq_ok 'length == 3'; echo $?)" "... and from --iam-token-file"
sim_stop
done_testing
