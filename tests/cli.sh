#!/bin/sh
# The dpjobs batch CLI end to end: every command in table and JSON form, the
# shapes of its output, exit statuses, one-line errors, and the IAM token that
# never shows.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_programs
plan 86

esc=$(printf '\033')
RFC3339_RE='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z$'
# usage_error: the last run failed with exit 2, nothing on stdout, and one line
# "dpjobs: ..." on stderr (the line "Try 'dpjobs --help'." may follow it).
usage_error() {
	[ "$RC" -eq 2 ] && [ -z "$OUT" ] &&
		[ "$(printf '%s\n' "$ERR" | grep -cv "^Try 'dpjobs --help'\.$")" -eq 1 ] &&
		printf '%s\n' "$ERR" | head -n 1 | grep -q '^dpjobs: '
}
# clean_text FILE: valid UTF-8, no escape byte, no trailing blank.
clean_text() {
	iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1 && ! grep -q "$esc" "$1" && ! grep -q '[[:space:]]$' "$1"
}
# header: the last run's first line, runs of blanks squeezed.
header() { head -n 1 "$TEST_TMP/out" | tr -s ' '; }
# has_lines FILE REGEX...: FILE has a line matching each REGEX (the first missing one is noted).
has_lines() {
	_f=$1
	shift
	for _re; do grep -Eq "$_re" "$_f" || { diag "no line matches /$_re/"; return 1; }; done
}

# ---- help and version (no server needed) ------------------------------------------
run "$DPJOBS" --help
ok "$([ "$RC" -eq 0 ] && [ -z "$ERR" ] && has_lines "$TEST_TMP/out" '^  list ' '^  get ' '^  log ' '^  wait ' \
	'^  cancel ' '^  create ' '^  clusters ' >&2; echo $?)" "--help: exit 0, every command listed"
run "$DPJOBS" --version
ok "$([ "$RC" -eq 0 ] && printf '%s' "$OUT" | grep -Eqx 'dpjobs [0-9]+\.[0-9]+\.[0-9]+'; echo $?)" \
	"--version: 'dpjobs X.Y.Z', exit 0"
helps=0
for c in list get log wait cancel create clusters; do
	run "$DPJOBS" "$c" --help
	[ "$RC" -eq 0 ] && printf '%s' "$OUT" | grep -q "^Usage: dpjobs .*$c" || { helps=1; diag "$c --help: exit $RC"; }
done
ok $helps "COMMAND --help: exit 0 and the command's usage, for every command"

# ---- a frozen world ------------------------------------------------------------------
state="$TEST_TMP/cli.db"
sim_up --state "$state" --speed 0.001 --jobs 16 --seed 11 --big-log 3
dpc --format json list >"$TEST_TMP/all.json"
n_jobs=$(jq length "$TEST_TMP/all.json")

# ---- list -------------------------------------------------------------------------------
run dpc list
cp "$TEST_TMP/out" "$TEST_TMP/list.txt"
is "$RC/$(header)" "0/ID NAME TYPE STATUS CREATED DURATION" "list: the table header"
is "$(lines "$OUT")" $((n_jobs + 1)) "list: one row per job under the header"
ok "$(clean_text "$TEST_TMP/list.txt"; echo $?)" "list: valid UTF-8, no escape byte, no trailing blank (stdout is not a tty)"
ok "$(awk 'NR > 1 && (length($1) != 20 || $1 !~ /^[a-z0-9]+$/ || $3 !~ /^(spark|pyspark|mapreduce|hive)$/ ||
	$4 !~ /^(PROVISIONING|PENDING|RUNNING|ERROR|DONE|CANCELLED|CANCELLING)$/ || length($5) != 20 ||
	$5 !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z$/) { bad = 1 } END { exit bad }' "$TEST_TMP/list.txt"; echo $?)" \
	"list: ID, TYPE, STATUS and CREATED (whole seconds, Z) in every row"
# Rows in the JSON order: the DURATION cell (6th field) is blank exactly for jobs not started.
durations=$(awk 'NR > 1 { print ($6 == "" ? "-" : "d") }' "$TEST_TMP/list.txt" | tr -d '\n')
is "$durations" "$(jq -r '.[] | if has("started_at") then "d" else "-" end' "$TEST_TMP/all.json" | tr -d '\n')" \
	"list: DURATION blank for jobs not started, set for the others"
like "$(awk 'NR > 1 && $6 != "" { print $6 }' "$TEST_TMP/list.txt" | sort -u | tr '\n' ' ')" \
	'^(([0-9]+s|[0-9]+m[0-9]{2}s|[0-9]+h[0-9]{2}m|[0-9]+d[0-9]{2}h) )+$' "list: durations are compact (45s, 3m12s, 2h05m, 3d04h)"

run dpc --format json list
ok "$([ "$RC" -eq 0 ] && jq -s 'length == 1 and (.[0] | type == "array")' "$TEST_TMP/out" | grep -qx true; echo $?)" \
	"list --format json: exactly one JSON array"
ok "$(jq_ok --arg re "$RFC3339_RE" 'all(.[]; (.created_at | test($re)) and ((.started_at // "2000-01-01T00:00:00Z") | test($re)) and ((.finished_at // "2000-01-01T00:00:00Z") | test($re)))'; echo $?)" \
	"list JSON: timestamps RFC 3339 in UTC with Z"
ok "$(jq_ok 'all(.[]; .status | IN("PROVISIONING","PENDING","RUNNING","ERROR","DONE","CANCELLED","CANCELLING"))'; echo $?)" \
	"list JSON: .status by enum name"
# Every key, except the user's own map keys, is a proto field name in snake_case.
ok "$(jq_ok '[paths | . as $p | select(length > 0) | select(length < 2 or ($p[-2] | IN("properties", "script_variables") | not)) | .[-1] | strings] | all(test("^[a-z][a-z0-9_]*$"))'; echo $?)" \
	"list JSON: field names are snake_case proto names"
ok "$(jq_ok '[.. | select(. == null or . == "" or . == [] or . == {})] | length == 0'; echo $?)" \
	"list JSON: unset fields are left out (no null, empty string, array or object)"
ok "$(jq_ok 'all(.[] | select(.status == "PROVISIONING" or .status == "PENDING"); (has("started_at") or has("finished_at") or has("application_info")) | not)
	and any(.[]; .status == "PROVISIONING")'; echo $?)" \
	"list JSON: a job not started has no started_at, finished_at or application_info"
ok "$(jq_ok 'all(.[]; [has("spark_job"), has("pyspark_job"), has("mapreduce_job"), has("hive_job")] | map(select(.)) | length == 1)'; echo $?)" \
	"list JSON: one job spec per job, under its proto name"
run dpc list --limit 3
is "$RC/$(lines "$OUT")" 0/4 "list --limit 3: the header and 3 rows"
run dpc list --format json --endpoint "$SIM_ADDR" --cluster-id "$CLUSTER"
ok "$([ "$RC" -eq 0 ] && jq_ok "length == $n_jobs"; echo $?)" "global options are accepted after the command"
run env DPJOBS_ENDPOINT="$SIM_ADDR" DPJOBS_CLUSTER_ID="$CLUSTER" "$DPJOBS" --plaintext --format json list
ok "$([ "$RC" -eq 0 ] && jq_ok "length == $n_jobs"; echo $?)" "DPJOBS_ENDPOINT and DPJOBS_CLUSTER_ID stand for --endpoint and --cluster-id"

# ---- get ----------------------------------------------------------------------------------
spark=$(jq -r '[.[] | select(has("spark_job") and has("application_info"))][0].id' "$TEST_TMP/all.json")
run dpc get "$spark"
cp "$TEST_TMP/out" "$TEST_TMP/get.txt"
ok "$([ "$RC" -eq 0 ] && head -n 1 "$TEST_TMP/get.txt" | grep -qx "id: $spark"; echo $?)" "get: 'field: value' lines, id first"
ok "$(has_lines "$TEST_TMP/get.txt" '^cluster_id: .' '^name: .' '^status: .' '^type: spark$' '^created_by: .' \
	'^created_at: .' '^started_at: .' '^duration: .' '^spark_job\.main_jar_file_uri: .' '^application_info\.id: .' \
	'^application_info\.application_attempts\[0\]\.id: .' \
	'^application_info\.application_attempts\[0\]\.am_container_id: .' >&2; echo $?)" \
	"get: status, type, times, duration, the spec and the YARN attempt"
is "$(grep -c '^spark_job\.args\[[0-9]*\]: ' "$TEST_TMP/get.txt")" \
	"$(jq --arg id "$spark" '[.[] | select(.id == $id)][0].spark_job.args | length' "$TEST_TMP/all.json")" \
	"get: one spark_job.args[i] line per argument"
ok "$(clean_text "$TEST_TMP/get.txt"; echo $?)" "get: no escape byte, no trailing blank"
run dpc --format json get "$spark"
is "$(jq -c . "$TEST_TMP/out")" "$(jq -c --arg id "$spark" '.[] | select(.id == $id)' "$TEST_TMP/all.json")" \
	"get --format json: the Job, as list shows it"
ok "$(jq_ok '(.spark_job.main_jar_file_uri | length > 0) and (.application_info.application_attempts[0].am_container_id | startswith("container_")) and (.created_at | endswith("Z"))'; echo $?)" \
	"get JSON: .spark_job.main_jar_file_uri and .application_info.application_attempts[].am_container_id"
pending=$(jq -r '[.[] | select(.status == "PENDING")][0].id' "$TEST_TMP/all.json")
run dpc get "$pending"
ok "$(grep -qx 'started_at:' "$TEST_TMP/out" && ! grep -q '^application_info' "$TEST_TMP/out"; echo $?)" \
	"get of a job not started: 'started_at:' alone, no application_info"

# ---- create, all four types -----------------------------------------------------------------
run dpc create spark --name sp-one --main-jar-file-uri s3a://b/app.jar --main-class org.ex.Main \
	--arg 'a,b' --arg --date --jar-file-uris s3a://b/1.jar,s3a://b/2.jar --file-uris s3a://b/f \
	--archive-uris s3a://b/a.zip --packages org.x:y:1.0 --repositories https://repo.example \
	--exclude-packages org.z:w --properties spark.executor.memory=4g,spark.a=1 --properties spark.a=2
is "$RC/$(header)" "0/OPERATION_ID JOB_ID DONE" "create spark: the operation table"
ok "$(awk 'NR == 2 && length($1) == 20 && $1 ~ /^[a-z0-9]+$/ && length($2) == 20 && $2 ~ /^[a-z0-9]+$/ && $3 == "false" { found = 1 } END { exit !found }' "$TEST_TMP/out"; echo $?)" \
	"create: OPERATION_ID, JOB_ID, DONE false"
job=$(awk 'NR == 2 { print $2 }' "$TEST_TMP/out")
run dpc --format json get "$job"
is "$(jq -cS '.spark_job' "$TEST_TMP/out")" \
	'{"archive_uris":["s3a://b/a.zip"],"args":["a,b","--date"],"exclude_packages":["org.z:w"],"file_uris":["s3a://b/f"],"jar_file_uris":["s3a://b/1.jar","s3a://b/2.jar"],"main_class":"org.ex.Main","main_jar_file_uri":"s3a://b/app.jar","packages":["org.x:y:1.0"],"properties":{"spark.a":"2","spark.executor.memory":"4g"},"repositories":["https://repo.example"]}' \
	"create spark: every flag reaches the job (list flags split on commas, --arg keeps them, a later key wins)"

run dpc --format json create pyspark --name py-one --main-python-file-uri s3a://b/m.py \
	--python-file-uris s3a://b/u.py --arg x --properties spark.submit.deployMode=cluster
ok "$([ "$RC" -eq 0 ] && jq_ok '.metadata["@type"] | endswith("CreateJobMetadata")'; echo $?)" "create pyspark --format json: the Operation"
run dpc --format json get "$(jq -r .metadata.job_id "$TEST_TMP/out")"
is "$(jq -cS '[.name, .pyspark_job]' "$TEST_TMP/out")" \
	'["py-one",{"args":["x"],"main_python_file_uri":"s3a://b/m.py","properties":{"spark.submit.deployMode":"cluster"},"python_file_uris":["s3a://b/u.py"]}]' \
	"create pyspark: the spec as sent"

run dpc --format json create mapreduce --main-jar-file-uri s3a://b/mr.jar --arg in --arg out
run dpc --format json get "$(jq -r .metadata.job_id "$TEST_TMP/out")"
is "$(jq -cS '[.name // "", .mapreduce_job]' "$TEST_TMP/out")" \
	'["",{"args":["in","out"],"main_jar_file_uri":"s3a://b/mr.jar"}]' "create mapreduce with a JAR, no name: the spec as sent"
run dpc --format json create mapreduce --name mr-two --main-class org.ex.Wc
run dpc --format json get "$(jq -r .metadata.job_id "$TEST_TMP/out")"
is "$(jq -c '.mapreduce_job' "$TEST_TMP/out")" '{"main_class":"org.ex.Wc"}' "create mapreduce with a main class"

run dpc --format json create hive --name hv-one --query 'SELECT 1' --query 'SELECT "x", 2' \
	--script-variables DAY=29,Month_1=11 --continue-on-failure --properties hive.exec.parallel=true
run dpc --format json get "$(jq -r .metadata.job_id "$TEST_TMP/out")"
is "$(jq -cS '.hive_job' "$TEST_TMP/out")" \
	'{"continue_on_failure":true,"properties":{"hive.exec.parallel":"true"},"query_list":{"queries":["SELECT 1","SELECT \"x\", 2"]},"script_variables":{"DAY":"29","Month_1":"11"}}' \
	"create hive with queries: the spec as sent"
run dpc --format json create hive --query-file-uri s3a://b/q.sql
run dpc --format json get "$(jq -r .metadata.job_id "$TEST_TMP/out")"
is "$(jq -c '.hive_job' "$TEST_TMP/out")" '{"query_file_uri":"s3a://b/q.sql"}' \
	"create hive with a query file: continue_on_failure false is left out"

# Strings from the server are shown, never obeyed: controls as visible escapes in
# tables, one field per line, invalid UTF-8 as U+FFFD; JSON keeps the text itself.
run dpc --format json create spark --main-jar-file-uri s3a://b/c.jar \
	--arg "$(printf 'a\033[31mred\tb')" --arg "$(printf 'l1\nl2')" --arg "$(printf 'bad\377utf')" \
	--properties "k=$(printf 'v\rx')"
odd=$(jq -r .metadata.job_id "$TEST_TMP/out")
run dpc get "$odd"
cp "$TEST_TMP/out" "$TEST_TMP/odd.txt"
ok "$([ "$RC" -eq 0 ] && clean_text "$TEST_TMP/odd.txt" && ! grep -q "$(printf '\r')" "$TEST_TMP/odd.txt"; echo $?)" \
	"get: escape, CR and invalid bytes from the server do not reach stdout"
ok "$(grep -c '^spark_job\.args\[[0-9]\]: ' "$TEST_TMP/odd.txt" | grep -qx 3 && [ "$(grep -c . "$TEST_TMP/odd.txt")" -eq "$(lines "$OUT")" ] &&
	grep -q '^spark_job\.args\[0\]: a.*31mred.*b$' "$TEST_TMP/odd.txt" && grep -q '^spark_job\.args\[1\]: l1.*l2$' "$TEST_TMP/odd.txt"; echo $?)" \
	"get: a value with a newline stays on its field's line, shown escaped"
run dpc --format json get "$odd"
ok "$(jq_ok '.spark_job.args[0:2] == ["a\u001b[31mred\tb", "l1\nl2"] and .spark_job.properties.k == "v\rx" and (.spark_job.args[2] | test("^bad.utf$"))'; echo $?)" \
	"get --format json: the same strings, exactly, as JSON escapes"

# ---- cancel ------------------------------------------------------------------------------
run dpc cancel "$job"
ok "$([ "$RC" -eq 0 ] && [ "$(header)" = "OPERATION_ID JOB_ID DONE" ] &&
	awk -v j="$job" 'NR == 2 && $2 == j && $3 == "false" { f = 1 } END { exit !f }' "$TEST_TMP/out"; echo $?)" \
	"cancel: the operation table naming the job"
run dpc --format json create hive --query 'SELECT 3'
victim=$(jq -r .metadata.job_id "$TEST_TMP/out")
run dpc --format json cancel "$victim"
ok "$([ "$RC" -eq 0 ] && jq_ok --arg j "$victim" '.metadata.job_id == $j and (.description | length > 0) and (.modified_at | endswith("Z")) and (.done // false) == false'; echo $?)" \
	"cancel --format json: the Operation"

# ---- wait: exit statuses 0, 3, 4 -------------------------------------------------------------
for pair in DONE:0 ERROR:3 CANCELLED:4; do
	st=${pair%:*} want=${pair#*:}
	id=$(jq -r --arg s "$st" '[.[] | select(.status == $s)][0].id' "$TEST_TMP/all.json")
	run dpc wait "$id"
	ok "$([ "$RC" -eq "$want" ] && grep -qx "status: $st" "$TEST_TMP/out"; echo $?)" "wait on a $st job: exit $want, the job as get shows it"
	run dpc --format json wait "$id"
	ok "$([ "$RC" -eq "$want" ] && jq_ok --arg s "$st" --arg id "$id" '.status == $s and .id == $id'; echo $?)" "wait --format json on a $st job: exit $want, the Job"
done

# ---- clusters ---------------------------------------------------------------------------------
run dp clusters --folder-id "$FOLDER"
ok "$([ "$RC" -eq 0 ] && [ "$(header)" = "ID NAME STATUS HEALTH ZONE CREATED" ] && [ "$(lines "$OUT")" -eq 2 ] &&
	awk -v c="$CLUSTER" 'NR == 2 && $1 == c && $3 == "RUNNING" { f = 1 } END { exit !f }' "$TEST_TMP/out"; echo $?)" \
	"clusters: the table"
run dp --format json clusters --folder-id "$FOLDER"
ok "$([ "$RC" -eq 0 ] && jq_ok --arg f "$FOLDER" --arg re "$RFC3339_RE" 'length == 1 and .[0].folder_id == $f and .[0].status == "RUNNING" and (.[0].health | IN("ALIVE","DEGRADED","DEAD","HEALTH_UNKNOWN")) and (.[0].created_at | test($re)) and (.[0].zone_id | startswith("ru-central1-"))'; echo $?)" \
	"clusters --format json: one array of Clusters"
DPJOBS_FOLDER_ID=$FOLDER
export DPJOBS_FOLDER_ID
run dp --format json clusters
unset DPJOBS_FOLDER_ID
ok "$([ "$RC" -eq 0 ] && jq_ok 'length == 1'; echo $?)" "clusters: the folder from DPJOBS_FOLDER_ID"

# ---- log: the bytes as the server holds them ---------------------------------------------------
for id in $(jq -r '.[] | select(.status == "DONE" or .status == "ERROR") | .id' "$TEST_TMP/all.json"); do
	dpc log "$id" >"$TEST_TMP/log.$id"
done
big=$(dpc --format json list --filter 'name="big-log"' | jq -r '.[0].id')
dpc log "$big" >"$TEST_TMP/big.log"
run dpc --format json log "$big"
ok "$(cmp -s "$TEST_TMP/out" "$TEST_TMP/big.log"; echo $?)" "log ignores --format json: the same bytes"
# On a terminal (script(1) gives it one) plain log text keeps its tabs, newlines and
# UTF-8; only the terminal's own CR before each LF is added.
utf8_log=$(LC_ALL=C grep -l "$(printf '[\300-\367]')" "$TEST_TMP"/log.* | head -n 1)
if command -v script >/dev/null 2>&1 && [ -n "$utf8_log" ]; then
	timeout 60 script -qfec "$DPJOBS --endpoint $SIM_ADDR --plaintext --cluster-id $CLUSTER log ${utf8_log##*.}" \
		/dev/null </dev/null | tr -d '\r' >"$TEST_TMP/tty.log"
	ok "$(cmp "$TEST_TMP/tty.log" "$utf8_log" >&2; echo $?)" "log on a terminal: multi-byte UTF-8 text shown as it is"
else
	ok 0 "log on a terminal # SKIP no script(1) or no log with multi-byte UTF-8"
fi
# The logs as the simulator stored them, once it has stopped.
sim_stop
diffs=0 long=0 multi=0 nlogs=0
for f in "$TEST_TMP"/log.*; do
	id=${f##*.}
	"$DPJOBS_SIM" --state "$state" --dump-log "$id" >"$TEST_TMP/want.$id"
	cmp -s "$f" "$TEST_TMP/want.$id" || { diffs=$((diffs + 1)); diag "log of $id differs"; }
	[ "$(awk 'length($0) > 4096' "$f" | wc -l)" -gt 0 ] && long=$((long + 1))
	LC_ALL=C grep -q "$(printf '[\200-\377]')" "$f" && multi=$((multi + 1))
	nlogs=$((nlogs + 1))
done
is "$diffs/$nlogs" "0/$(jq '[.[] | select(.status == "DONE" or .status == "ERROR")] | length' "$TEST_TMP/all.json")" \
	"log: the bytes of every ended job's log equal what the simulator holds"
ok "$([ $long -gt 0 ] && [ $multi -gt 0 ]; echo $?)" "... including lines over 4 KiB ($long logs) and multi-byte UTF-8 ($multi logs)"
ok "$(iconv -f UTF-8 -t UTF-8 "$TEST_TMP"/log.* >/dev/null 2>&1; echo $?)" "... and no UTF-8 sequence split between pages"
"$DPJOBS_SIM" --state "$state" --dump-log "$big" >"$TEST_TMP/big.want"
is "$(wc -c <"$TEST_TMP/big.log" | tr -d ' ')" 3145728 "log of the 3 MiB --big-log job: 3145728 bytes (over several pages)"
ok "$(cmp -s "$TEST_TMP/big.log" "$TEST_TMP/big.want"; echo $?)" "... equal to the stored log"

# ---- exit statuses and one-line errors --------------------------------------------------------
sim_up --speed 0.001 --jobs 3
run dpc get zzzzzzzzzzzzzzzzzzzz
ok "$([ "$RC" -eq 1 ] && [ -z "$OUT" ] && [ "$(lines "$ERR")" -eq 1 ] &&
	printf '%s' "$ERR" | grep -Eq '^dpjobs: NOT_FOUND: .+ \(request-id [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\)$'; echo $?)" \
	"a server error: exit 1, one line 'dpjobs: CODE: message (request-id UUID)'"
diag "$ERR"
run "$DPJOBS" --endpoint "unix:$TEST_TMP/no-such.sock" --timeout 1 --cluster-id "$CLUSTER" list
ok "$([ "$RC" -eq 1 ] && [ "$(lines "$ERR")" -eq 1 ] && printf '%s' "$ERR" | grep -q '^dpjobs: cannot connect to unix:.* (UNAVAILABLE): '; echo $?)" \
	"no server: exit 1, one line 'cannot connect to ADDR (UNAVAILABLE)'"
diag "$ERR"
sim_stop
# Transient failures: retried (List, Get, ListLog are idempotent), else one line.
sim_up --speed 0.001 --jobs 3 --faults unavailable=0.3 --verbose
injected() { grep -c 'JobService/List -> UNAVAILABLE' "$TEST_TMP/sim.err"; }
okays=0
: >"$TEST_TMP/quiet.err"
for i in 1 2 3 4 5 6; do dpc --format json list >/dev/null 2>>"$TEST_TMP/quiet.err" && okays=$((okays + 1)); done
quiet=$(injected)
ok "$([ $okays -eq 6 ] && [ "$quiet" -gt 0 ] && [ ! -s "$TEST_TMP/quiet.err" ]; echo $?)" \
	"a 30% UNAVAILABLE server: list succeeds through retries, silently ($quiet failures injected, $okays of 6 ok)"
: >"$TEST_TMP/verbose.err"
for i in 1 2 3 4 5 6; do dpc --verbose --format json list >/dev/null 2>>"$TEST_TMP/verbose.err"; done
loud=$(($(injected) - quiet))
notes=$(grep -c . "$TEST_TMP/verbose.err")
# dpjobs(1): "--verbose  Note each retry of a transient failure on stderr, one line each."
ok "$([ "$loud" -gt 0 ] && [ "$notes" -ge "$loud" ]; echo $?)" \
	"--verbose notes each retry on stderr ($notes lines for $loud injected failures)"
sim_stop
sim_up --speed 0.001 --jobs 3
first=$CLUSTER
sim_stop
sim_start --folder-id "$FOLDER" --speed 0.001 --jobs 3 --faults unavailable=1
run dp --cluster-id "$first" --timeout 5 list
ok "$([ "$RC" -eq 1 ] && [ "$(lines "$ERR")" -eq 1 ] && printf '%s' "$ERR" | grep -q '^dpjobs: UNAVAILABLE: '; echo $?)" \
	"an always UNAVAILABLE server: exit 1 after the retries, one line"
sim_stop
sim_start --folder-id "$FOLDER" --speed 0.001 --jobs 3 --faults latency=3s
run dp --cluster-id "$first" --timeout 0.2 list
ok "$([ "$RC" -eq 1 ] && [ "$(lines "$ERR")" -eq 1 ] && printf '%s' "$ERR" | grep -q '^dpjobs: DEADLINE_EXCEEDED: '; echo $?)" \
	"a server slower than --timeout: exit 1, one line DEADLINE_EXCEEDED"
sim_stop
sim_up --speed 0.001 --jobs 3

# usage DESCRIPTION ARGS...: dpjobs ARGS is a usage error.
usage() {
	_d=$1
	shift
	run dp "$@"
	ok "$(usage_error; echo $?)" "usage error, exit 2, one line: $_d"
	usage_error || diag "exit $RC" "$ERR"
}
# Without a command dpjobs is the TUI, which needs a terminal: a script gets one line.
run dp --cluster-id "$CLUSTER"
ok "$([ "$RC" -ne 0 ] && [ -z "$OUT" ] && [ "$(lines "$ERR")" -eq 1 ] && printf '%s' "$ERR" | grep -q '^dpjobs: ' &&
	! grep -q "$esc" "$TEST_TMP/err"; echo $?)" "no command and no terminal: one line on stderr, nothing on stdout, exit $RC"
diag "$ERR"
usage "no command and no cluster id"
usage "unknown command" --cluster-id "$CLUSTER" frobnicate
usage "unknown option" --cluster-id "$CLUSTER" list --frobnicate
usage "missing option argument" --cluster-id "$CLUSTER" list --limit
usage "bad --format" --cluster-id "$CLUSTER" --format yaml list
usage "bad --limit" --cluster-id "$CLUSTER" list --limit 0
usage "bad --timeout" --cluster-id "$CLUSTER" --timeout -1 list
usage "no cluster id" list
usage "get without a job id" --cluster-id "$CLUSTER" get
usage "get with two job ids" --cluster-id "$CLUSTER" get a b
usage "unknown job type" --cluster-id "$CLUSTER" create flink
usage "a flag of another job type" --cluster-id "$CLUSTER" create hive --main-class X
usage "both mapreduce drivers" --cluster-id "$CLUSTER" create mapreduce --main-class X --main-jar-file-uri j
usage "both hive query kinds" --cluster-id "$CLUSTER" create hive --query q --query-file-uri u
usage "a map flag without =" --cluster-id "$CLUSTER" create hive --properties novalue
usage "clusters without a folder" clusters
run dpc create spark --name Bad_Name --main-jar-file-uri j
ok "$([ "$RC" -eq 2 ] && [ "$(lines "$ERR")" -eq 1 ] && printf '%s' "$ERR" | grep -q '^dpjobs: invalid argument: name'; echo $?)" \
	"a request against the server's rules: exit 2, 'dpjobs: invalid argument: name...'"

# ---- the IAM token never shows ------------------------------------------------------------
sim_stop
secret='secret-token-123'
sim_up --require-token "$secret" --speed 0.001 --jobs 4 2>/dev/null
CLUSTER=$(with_token "$secret" dp --format json clusters --folder-id "$FOLDER" | jq -r '.[0].id')
all="$TEST_TMP/all-output"
: >"$all"
DPJOBS_LOG="$TEST_TMP/debug.log"
export DPJOBS_LOG
# tok ARGS...: dpc with the token, every output byte collected in $all.
tok() {
	run with_token "$secret" dpc "$@"
	cat "$TEST_TMP/out" "$TEST_TMP/err" >>"$all"
}
tok list
ok "$([ "$RC" -eq 0 ] && [ "$(lines "$OUT")" -eq 5 ]; echo $?)" "with DPJOBS_IAM_TOKEN the calls are authorized"
tok --format json list
cp "$TEST_TMP/out" "$TEST_TMP/all.json"
first=$(jq -r '.[0].id' "$TEST_TMP/out")
tok get "$first"
tok --format json get "$first"
tok log "$first"
tok --verbose create hive --query 'SELECT 1'
tok --format json create spark --main-jar-file-uri j
tok wait "$(jq -r '[.[] | select(.status == "DONE")][0].id' "$TEST_TMP/all.json")"
tok cancel "$first"
tok get nosuchjob
run with_token wrong-token dpc --verbose list
cat "$TEST_TMP/out" "$TEST_TMP/err" >>"$all"
ok "$([ "$RC" -eq 1 ] && printf '%s' "$ERR" | grep -q UNAUTHENTICATED; echo $?)" "a refused token: UNAUTHENTICATED"
run dpc --iam-token "$secret" list
cat "$TEST_TMP/out" "$TEST_TMP/err" >>"$all"
ok "$(usage_error; echo $?)" "--iam-token on the command line is refused"
run dpc "--token=$secret" list
cat "$TEST_TMP/out" "$TEST_TMP/err" >>"$all"
ok "$(usage_error; echo $?)" "--token=TOKEN on the command line is refused"
run dpc "--iam-token-fil=$secret" list
cat "$TEST_TMP/out" "$TEST_TMP/err" >>"$all"
printf '%s\n' "$secret" >"$TEST_TMP/token"
run dpc --iam-token-file "$TEST_TMP/token" --verbose get nosuchjob
cat "$TEST_TMP/out" "$TEST_TMP/err" >>"$all"
unset DPJOBS_LOG
ok "$([ -s "$all" ] && ! grep -q "$secret" "$all"; echo $?)" \
	"the token appears in no output and no error ($(wc -c <"$all" | tr -d ' ') bytes checked)"
ok "$(! grep -q "$secret" "$TEST_TMP/debug.log" 2>/dev/null; echo $?)" "... nor in the DPJOBS_LOG debug log"
sim_stop
done_testing
