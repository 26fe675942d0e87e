#!/bin/sh
# Screen tests of the create form: one job of each type typed into it arrives
# field for field, validation marks as you type, a server rejection keeps the
# form, `C` clones, and a flaky link (--faults unavailable=0.5) starts one job.
. "${top_srcdir:-$(dirname "$0")/..}/tests/tui_lib.sh"
tui_need
plan 23

tui_sim
tui_start --cluster-id "$CLUSTER" --refresh 3600

# spec_of NAME: the job's type-specific spec object (sorted keys), by name.
spec_of() {
	dpc --format json list | jq -S -c --arg n "$1" \
		'[.[] | select(.name == $n)] | .[0] | (.spark_job // .pyspark_job // .mapreduce_job // .hive_job)'
}
# count_named NAME: how many jobs carry NAME.
count_named() { dpc --format json list | jq --arg n "$1" '[.[] | select(.name == $n)] | length'; }
# submitted NAME DESCRIPTION: after <C-s>, the form closes and the new job is
# the one the detail pane shows.
submitted() {
	_want=$1
	tui_keys '<C-s>'
	tui_until "$TUI_WAIT" 'printf "%s\n" "$SCREEN" | grep -q "^name: *$_want\$"'
	ok $? "$2"
}

# ---- Spark -------------------------------------------------------------------------
tui_keys 'n'
tui_until "$TUI_WAIT" 'printf "%s\n" "$SCREEN" | grep -q "spark_job.main_jar_file_uri: required"'
ok $? "n opens the form; an empty main jar is marked required at once"
tui_keys '<Tab>spark-one<Tab>s3a://b/main.jar<Tab>org.example.Main<Tab>'\
'a,b<Enter>x=1<Tab>spark.executor.cores=2<Enter>k2=v=2<Tab>'\
's3a://b/dep1.jar<Enter>s3a://b/dep2.jar<Tab>s3a://b/f.txt<Tab>s3a://b/a.zip<Tab>'\
'org.x:y:1.0<Tab>https://repo.example<Tab>org.z:w'
submitted spark-one "spark: <C-s> creates the job, which becomes the selection"
is "$(spec_of spark-one)" \
	'{"archive_uris":["s3a://b/a.zip"],"args":["a,b","x=1"],"exclude_packages":["org.z:w"],"file_uris":["s3a://b/f.txt"],"jar_file_uris":["s3a://b/dep1.jar","s3a://b/dep2.jar"],"main_class":"org.example.Main","main_jar_file_uri":"s3a://b/main.jar","packages":["org.x:y:1.0"],"properties":{"k2":"v=2","spark.executor.cores":"2"},"repositories":["https://repo.example"]}' \
	"spark: every field arrived exactly (commas in args kept, '=' in values kept)"

# ---- PySpark -----------------------------------------------------------------------
tui_keys 'n<Right><Tab>py-one<Tab>s3a://b/main.py<Tab>in<Enter>out<Tab>p.q=1<Tab>'\
's3a://b/j.jar<Tab>s3a://b/f<Tab>s3a://b/a.tgz<Tab>s3a://b/lib.py<Tab>pk:a:1<Tab>https://r<Tab>ex:b'
submitted py-one "pyspark: created and selected"
is "$(spec_of py-one)" \
	'{"archive_uris":["s3a://b/a.tgz"],"args":["in","out"],"exclude_packages":["ex:b"],"file_uris":["s3a://b/f"],"jar_file_uris":["s3a://b/j.jar"],"main_python_file_uri":"s3a://b/main.py","packages":["pk:a:1"],"properties":{"p.q":"1"},"python_file_uris":["s3a://b/lib.py"],"repositories":["https://r"]}' \
	"pyspark: every field arrived exactly"

# ---- MapReduce: the main class instead of a jar ------------------------------------
tui_keys 'n<Right><Right><Tab>mr-one<Tab>s3a://b/x.jar<Tab>org.Wc'
tui_until "$TUI_WAIT" 'printf "%s\n" "$SCREEN" | grep -q "main jar or the main class, not both"'
ok $? "mapreduce: a main jar and a main class together are refused"
tui_keys '<S-Tab><C-u><Tab><Tab>in<Tab>mapreduce.job.maps=4<Tab>s3a://b/l.jar<Tab>s3a://b/f<Tab>s3a://b/a.tar'
submitted mr-one "mapreduce: created and selected"
is "$(spec_of mr-one)" \
	'{"archive_uris":["s3a://b/a.tar"],"args":["in"],"file_uris":["s3a://b/f"],"jar_file_uris":["s3a://b/l.jar"],"main_class":"org.Wc","properties":{"mapreduce.job.maps":"4"}}' \
	"mapreduce: every field arrived exactly"

# ---- Hive: a list of queries ---------------------------------------------------------
tui_keys 'n<Right><Right><Right><Tab>hive-one<Tab><Tab>SELECT<Space>1<Enter>SELECT<Space>2<Tab>'\
'hive.exec.parallel=true<Tab>day=2024-01-01<Tab><Space><Tab>s3a://b/udf.jar'
submitted hive-one "hive: created and selected"
is "$(spec_of hive-one)" \
	'{"continue_on_failure":true,"jar_file_uris":["s3a://b/udf.jar"],"properties":{"hive.exec.parallel":"true"},"query_list":{"queries":["SELECT 1","SELECT 2"]},"script_variables":{"day":"2024-01-01"}}' \
	"hive: every field arrived exactly"

# ---- validation as you type --------------------------------------------------------
tui_keys 'n<Tab>1bad'
tui_until "$TUI_WAIT" 'printf "%s\n" "$SCREEN" | grep -q "name: must match"'
ok $? "a bad name is marked with the pattern it must match"
tui_keys '<C-u>good<Tab>s3a://m.jar<Tab><Tab><Tab>1x=2'
tui_until "$TUI_WAIT" 'printf "%s\n" "$SCREEN" | grep -q "properties: key \"1x\" does not match"'
ok $? "a bad property key is marked, naming the key"
tui_keys '<C-w>novalue'
tui_until "$TUI_WAIT" 'printf "%s\n" "$SCREEN" | grep -q "properties: line 1: expected key=value"'
ok $? "a property line without '=' is marked"
tui_keys '<C-u><Esc>'
tui_until "$TUI_WAIT" 'printf "%s\n" "$SCREEN" | grep -q "Discard the new job? (y/n)"'
ok $? "Esc after typing asks before discarding"
tui_keys 'n'
tui_until "$TUI_WAIT" 'printf "%s\n" "$SCREEN" | grep -q "name  *good"'
ok $? "n answers no: what was typed is still there"
tui_keys '<Esc>'
# y right after Esc would read as <M-y>: wait for the question first.
tui_until "$TUI_WAIT" 'printf "%s\n" "$SCREEN" | grep -q "Discard the new job? (y/n)"'
tui_keys 'y'
tui_until "$TUI_WAIT" '! printf "%s\n" "$SCREEN" | grep -q "new Spark job"'
ok $? "y discards the form"

# ---- clone ---------------------------------------------------------------------------
tui_keys '/^spark-one$<Enter>'
tui_wait_idle
# The filter goes; the selection stays on spark-one, and the clone will be listed.
tui_keys '/<C-u><Enter>'
tui_wait_idle
tui_keys 'C'
tui_until "$TUI_WAIT" 'printf "%s\n" "$SCREEN" | grep -q "name  *spark-one-2"'
ok $? "C opens the form pre-filled, the name suffixed"
submitted spark-one-2 "the clone is created"
is "$(spec_of spark-one-2)" "$(spec_of spark-one)" "the clone has every field of its original"
tui_stop q "q quits"

# ---- a server-side rejection keeps the form --------------------------------------
tui_start --cluster-id c9qnosuchcluster0000 --refresh 3600
tui_keys 'n<Tab>lost<Tab>s3a://b/m.jar<C-s>'
tui_until "$TUI_WAIT" 'printf "%s\n" "$SCREEN" | grep -q "server: NOT_FOUND: cluster .*request-id"'
ok $? "the server's rejection shows in the form with its request id"
tui_until 2 'printf "%s\n" "$SCREEN" | grep -q "name  *lost"'
ok $? "the form stays open with what was typed"
tmx kill-server >/dev/null 2>&1
sim_stop

# ---- a flaky link starts exactly one job ---------------------------------------------
sim_up --seed 11 --jobs 3 --speed 0.001 --start-time "$TUI_NOW" --faults unavailable=0.5
tui_start --cluster-id "$CLUSTER" --refresh 3600
tui_keys 'n<Tab>flaky-one<Tab>s3a://b/m.jar<C-s>'
# Every attempt of a send may fail (1 in 32): send again, with the same key.
for _try in 1 2 3 4 5 6; do
	tui_until "$TUI_WAIT" '! printf "%s\n" "$SCREEN" | grep -q "new Spark job" ||
		printf "%s\n" "$SCREEN" | grep -q "server: UNAVAILABLE"'
	printf '%s\n' "$SCREEN" | grep -q "new Spark job" || break
	tui_keys '<C-s>'
done
# The send may still be retrying when the screen is read: wait (bounded) for
# the job to exist, then count; a second job would show as 2.
n=
for _try in $(seq 40); do
	n=$(count_named flaky-one 2>/dev/null) && [ "$n" -ge 1 ] && break
	sleep 0.5
done
is "$n" 1 "under --faults unavailable=0.5 the form starts exactly one job"
