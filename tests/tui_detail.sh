#!/bin/sh
# Screen tests of the TUI's detail pane: every job type's fields, the JSON view
# (the same text as `dpjobs get --format json`), a hostile job name shown
# inert, and the cluster picker of --folder-id.
. "${top_srcdir:-$(dirname "$0")/..}/tests/tui_lib.sh"
tui_need
command -v sqlite3 >/dev/null 2>&1 || skip_all "sqlite3 is not installed (scripts/packages)"
plan 17

tui_sim
tui_start --cluster-id "$CLUSTER" --refresh 3600

# ---- the detail of each job type: filter on its id, focus and zoom the detail -------------
spark=$(job_of_type spark)
pyspark=$(job_of_type pyspark)
mapreduce=$(job_of_type mapreduce)
hive=$(job_of_type hive 2)
# open_detail ID: only job ID listed, the detail focused and zoomed.
open_detail() { tui_keys "1/<C-u>$1<Enter>2z"; }

open_detail "$spark"
tui_expect "detail of a spark job: ids, times, main class and jar, args, URIs, properties" <<'EOF'
 dpjobs  127.0.0.1:PORT  cluster analytics-prod (c9qtpsbtlk0n2v0e7788) RUNNING ALIVE            ok
 2 detail  hourly-metrics-rollup  [zoom]
Job
id:          c9qn4izx2fq5irsqazp8
cluster_id:  c9qtpsbtlk0n2v0e7788
name:        hourly-metrics-rollup
status:      RUNNING
type:        spark
created_by:  aje49sgn5da5sqo80fvr
created_at:  2026-01-13T01:28:51Z  (2d ago)
started_at:  2026-01-13T15:04:20Z  (1d ago)
finished_at:
duration:    1d20h

Spark job
main_jar_file_uri:                s3a://dataproc-analytics-prod/jars/metrics-rollup-1.2.7.jar
main_class:                       ru.shop.metrics.HourlyRollup
args[0]:                          --date
args[1]:                          2026-01-12
args[2]:                          --output
args[3]:                          s3a://dataproc-analytics-prod/warehouse/hourly-metrics-rollup/dt=2
                                  026-01-12
jar_file_uris[0]:                 s3a://dataproc-libs/jars/postgresql-42.6.0.jar
packages[0]:                      org.apache.spark:spark-avro_2.12:3.3.2
properties[spark.dynamicAllocation.enabled]:
  true
properties[spark.executor.cores]: 2
properties[spark.executor.memory]:
  12g
 ? help  / filter  f status  > sort  <Tab> pane  z zoom  Z pause  : command   ▶2 ○1 ◌1 ◍1 ✖9 ✔24 ⊘2
EOF
tui_keys 'G'
tui_expect "detail of a spark job, its end: packages, YARN application and attempts" <<'EOF'
 dpjobs  127.0.0.1:PORT  cluster analytics-prod (c9qtpsbtlk0n2v0e7788) RUNNING ALIVE            ok
 2 detail  hourly-metrics-rollup  [zoom]
started_at:  2026-01-13T15:04:20Z  (1d ago)
finished_at:
duration:    1d20h

Spark job
main_jar_file_uri:                s3a://dataproc-analytics-prod/jars/metrics-rollup-1.2.7.jar
main_class:                       ru.shop.metrics.HourlyRollup
args[0]:                          --date
args[1]:                          2026-01-12
args[2]:                          --output
args[3]:                          s3a://dataproc-analytics-prod/warehouse/hourly-metrics-rollup/dt=2
                                  026-01-12
jar_file_uris[0]:                 s3a://dataproc-libs/jars/postgresql-42.6.0.jar
packages[0]:                      org.apache.spark:spark-avro_2.12:3.3.2
properties[spark.dynamicAllocation.enabled]:
  true
properties[spark.executor.cores]: 2
properties[spark.executor.memory]:
  12g
properties[spark.sql.shuffle.partitions]:
  400

YARN application
id:                         application_1723021587000_0047
application_attempts[0].id: appattempt_1723021587000_0047_000001
application_attempts[0].am_container_id:
  container_1723021587000_0047_01_000001
 ? help  / filter  f status  > sort  <Tab> pane  z zoom  Z pause  : command   ▶2 ○1 ◌1 ◍1 ✖9 ✔24 ⊘2
EOF
tui_keys 'z'
open_detail "$pyspark"
tui_expect "detail of a pyspark job: main python file, python files, args, properties" <<'EOF'
 dpjobs  127.0.0.1:PORT  cluster analytics-prod (c9qtpsbtlk0n2v0e7788) RUNNING ALIVE            ok
 2 detail  pyspark-feature-build-v2  [zoom]
Job
id:          c9qtpwz71bahm0m7bpoj
cluster_id:  c9qtpsbtlk0n2v0e7788
name:        pyspark-feature-build-v2
status:      CANCELLING
type:        pyspark
created_by:  aje30241sqtj6fb9liin
created_at:  2026-01-14T03:53:19Z  (1d ago)
started_at:  2026-01-15T02:13:08Z  (9h ago)
finished_at:
duration:    9h46m

PySpark job
main_python_file_uri:             s3a://dataproc-analytics-prod/jobs/feature_build.py
args[0]:                          --run-date
args[1]:                          2026-01-13
python_file_uris[0]:              s3a://dataproc-analytics-prod/jobs/libs/common_utils.zip
properties[spark.executor.memory]:
  4g
properties[spark.pyspark.python]: python3
properties[spark.submit.deployMode]:
  cluster

YARN application
id:                         application_1723021587000_0048
application_attempts[0].id: appattempt_1723021587000_0048_000001
application_attempts[0].am_container_id:
 ? help  / filter  f status  > sort  <Tab> pane  z zoom  Z pause  : command   ▶2 ○1 ◌1 ◍1 ✖9 ✔24 ⊘2
EOF
tui_keys 'z'
open_detail "$mapreduce"
tui_expect "detail of a mapreduce job: main class or jar, args, properties" <<'EOF'
 dpjobs  127.0.0.1:PORT  cluster analytics-prod (c9qtpsbtlk0n2v0e7788) RUNNING ALIVE            ok
 2 detail  teragen-benchmark  [zoom]
Job
id:          c9q5coqcpasuyo48w8vq
cluster_id:  c9qtpsbtlk0n2v0e7788
name:        teragen-benchmark
status:      PENDING
type:        mapreduce
created_by:  aje49sgn5da5sqo80fvr
created_at:  2026-01-15T06:01:07Z  (5h ago)
started_at:
finished_at:
duration:

MapReduce job
main_jar_file_uri: file:///usr/lib/hadoop-mapreduce/hadoop-mapreduce-examples.jar
args[0]:           teragen
args[1]:           100000000
args[2]:           s3a://dataproc-analytics-prod/tmp/teragen-benchmark/2026-01-14
properties[mapreduce.job.reduces]:
  8
properties[yarn.app.mapreduce.am.resource.mb]:
  2048






 ? help  / filter  f status  > sort  <Tab> pane  z zoom  Z pause  : command   ▶2 ○1 ◌1 ◍1 ✖9 ✔24 ⊘2
EOF
tui_keys 'z'
open_detail "$hive"
tui_expect "detail of a hive job: queries, script variables, continue on failure" <<'EOF'
 dpjobs  127.0.0.1:PORT  cluster analytics-prod (c9qtpsbtlk0n2v0e7788) RUNNING ALIVE            ok
 2 detail  hive-export-kpi  [zoom]
Job
id:          c9qoa7jah6ptgww342kr
cluster_id:  c9qtpsbtlk0n2v0e7788
name:        hive-export-kpi
status:      DONE
type:        hive
created_by:  aje49sgn5da5sqo80fvr
created_at:  2026-01-01T14:40:00Z  (13d ago)
started_at:  2026-01-02T05:55:41Z  (13d ago)
finished_at: 2026-01-03T00:36:19Z  (12d ago)
duration:    18h40m

Hive job
query_file_uri:       s3a://dataproc-analytics-prod/hive/export_kpi.sql
continue_on_failure:  false
script_variables[DT]: 2025-12-31
properties[hive.exec.dynamic.partition.mode]:
  nonstrict

YARN application
id:                         application_1723021587000_0045
application_attempts[0].id: appattempt_1723021587000_0045_000001
application_attempts[0].am_container_id:
  container_1723021587000_0045_01_000001



 ? help  / filter  f status  > sort  <Tab> pane  z zoom  Z pause  : command   ▶2 ○1 ◌1 ◍1 ✖9 ✔24 ⊘2
EOF

# ---- the JSON view: the text of `dpjobs get --format json` ----------------------------------
tui_keys 'z'
open_detail "$spark"
tui_keys 'y'
dpc --format json get "$spark" >"$TEST_TMP/get.json"
body=$((${TUI_HEIGHT:-30} - 3)) # the zoomed pane's rows: header, title and bottom line excluded
head -n "$body" "$TEST_TMP/get.json" >"$TEST_TMP/get.first"
tui_expect "y: the JSON view's first page is the start of dpjobs get --format json" 3 $((body + 2)) <"$TEST_TMP/get.first"
tui_screen | sed -n "3,$((body + 2))p" >"$TEST_TMP/json.pages"
tui_keys 'G'
tail -n "$body" "$TEST_TMP/get.json" >"$TEST_TMP/get.last"
tui_expect "y, G: its last page is the end of dpjobs get --format json" 3 $((body + 2)) <"$TEST_TMP/get.last"
tui_screen | sed -n "3,$((body + 2))p" >>"$TEST_TMP/json.pages"
keys() { grep -o '"[^"]*": ' "$1" | sort -u; }
is "$(keys "$TEST_TMP/json.pages")" "$(keys "$TEST_TMP/get.json")" "y: the JSON view shows every key of dpjobs get --format json"
tui_keys 'y'
tui_expect "y again: the fields again" 2 4 <<'EOF'
 2 detail  hourly-metrics-rollup  [zoom]
Job
id:          c9qn4izx2fq5irsqazp8
EOF
tui_stop

# ---- a hostile name: the simulator serves what its state file holds --------------------------
sim_stop
tui_sim --state "$TEST_TMP/hostile.db"
sim_stop
hostile=c9qb461tu83u492h5dxw
# "evil", SGR red, an OSC title, BEL, U+202E, "exe.txt", a C1 CSI (U+009B) and a raw 0x9b.
sqlite3 "$TEST_TMP/hostile.db" \
	"UPDATE jobs SET name = CAST(X'6576696c1b5b33316d7265641b5d303b70776e656407e280ae6578652e747874c29b9b' AS TEXT) WHERE id = '$hostile'"
sim_start --folder-id "$FOLDER" --state "$TEST_TMP/hostile.db" --speed 0.001
tui_start --cluster-id "$CLUSTER" --refresh 3600
title_before=$(tmx display -p -t "$TUI_PANE" '#{pane_title}')
tui_keys '2z'
tui_expect "a hostile name: escapes, bidi override and C1 bytes shown inert" 1 8 <<'EOF'
 dpjobs  127.0.0.1:PORT  cluster analytics-prod (c9qtpsbtlk0n2v0e7788) RUNNING ALIVE            ok
 2 detail  evil\x1b[31mred\x1b]0;pwned\x07<U+202E>exe.txt\x9b�  [zoom]
Job
id:          c9qb461tu83u492h5dxw
cluster_id:  c9qtpsbtlk0n2v0e7788
name:        evil\x1b[31mred\x1b]0;pwned\x07<U+202E>exe.txt\x9b�
status:      PROVISIONING
type:        hive
EOF
is "$(tmx display -p -t "$TUI_PANE" '#{pane_title}')" "$title_before" "a hostile name: the terminal's title did not change"
ok "$(! tui_screen -e | grep -q "$(printf '\033')\[31mred"; echo $?)" "a hostile name: its SGR sequence does not colour the screen"
tui_stop

# ---- the cluster picker: --folder-id alone -----------------------------------------------------
sim_stop
tui_sim --clusters 3
tui_start --folder-id "$FOLDER" --refresh 3600
tui_expect "--folder-id alone: a picker of the folder's clusters" <<'EOF'
 dpjobs  127.0.0.1:PORT                                                                 no cluster
 1┌─ clusters of folder b1gtestfolder0000000 (Enter opens, q closes) ────────────────────────────┐
ST│ NAME                                               ID                    STATUS    HEALTH    │ON
 n│ analytics-prod                                     c9qtpsbtlk0n2v0e7788  RUNNING   ALIVE     │
  │ etl-nightly                                        c9qdiv7w6guv7kj2vm9g  RUNNING   ALIVE     │
  │ ml-sandbox                                         c9q1mp50ern2l4zeoc7t  RUNNING   ALIVE     │
  │                                                                                              │
  │                                                                                              │
  │                                                                                              │
  │                                                                                              │
  │                                                                                              │
  │                                                                                              │
 2│                                                                                              │
(n│                                                                                              │
  │                                                                                              │
  │                                                                                              │
  │                                                                                              │
  │                                                                                              │
  │                                                                                              │
 3│                                                                                              │
  │                                                                                              │
  │                                                                                              │
  │                                                                                              │
  │                                                                                              │
  │                                                                                              │
  │                                                                                              │
  │                                                                                              │
  │                                                                                              │
(n└──────────────────────────────────────────────────────────────────────────────────────────────┘
 ? help  / filter  f status  > sort  <Tab> pane  z zoom  Z pause  : command  q quit
EOF
tui_keys 'j<Enter>'
tui_expect "picking the second cluster opens its jobs" 1 4 <<'EOF'
 dpjobs  127.0.0.1:PORT  cluster etl-nightly (c9qdiv7w6guv7kj2vm9g) RUNNING ALIVE               ok
 1 jobs  40/40
STATUS         NAME                                 ID                   TYPE      CREATED↓ DURATION
◌ PROVISIONING streaming-grep-errors                c9qyx33eeof0cl5mxoiu mapreduce 15m ago
EOF
tui_stop
done_testing
