#!/bin/sh
# Screen tests of the TUI's layout: 80x24 (everything usable), 170x40 (list
# and detail side by side above the log), and resizing, which relayouts at
# once and keeps the selection.
. "${top_srcdir:-$(dirname "$0")/..}/tests/tui_lib.sh"
tui_need
plan 10

tui_sim

# ---- narrow: 80x24 ----------------------------------------------------------------------
TUI_WIDTH=80 TUI_HEIGHT=24 tui_start --cluster-id "$CLUSTER" --refresh 3600
tui_expect "80x24: the three panes stacked, columns that do not fit dropped" <<'EOF'
 dpjobs  cluster analytics-prod (c9qtpsbtlk0n2v0e7788) RUNNING ALIVE         ok
 1 jobs  40/40
STATUS         NAME                       ID                   CREATED↓ DURATION
◌ PROVISIONING hive-partition-repair      c9qb461tu83u492h5dxw 51m ago
○ PENDING      teragen-benchmark          c9q5coqcpasuyo48w8vq 5h ago
◍ CANCELLING   pyspark-feature-build-v2   c9qtpwz71bahm0m7bpoj 1d ago   9h46m
▶ RUNNING      hourly-metrics-rollup      c9qn4izx2fq5irsqazp8 2d ago   1d20h
▶ RUNNING      pyspark-feature-build-v2   c9qr6gsnitgh70vkvumu 3d ago   2d08h
✔ DONE         hive-export-kpi            c9qoa7jah6ptgww342kr 13d ago  18h40m
 2 detail  hive-partition-repair
Job
id:          c9qb461tu83u492h5dxw
cluster_id:  c9qtpsbtlk0n2v0e7788
name:        hive-partition-repair
 3 log  hive-partition-repair  following







(no output yet; following)
 ? help  / filter  f status  > sort  <Tab> pane  z zoom   ▶2 ○1 ◌1 ◍1 ✖9 ✔24 ⊘2
EOF
tui_keys 'jjjjjjjjjj'
tui_expect "80x24: the list scrolls to the selection" <<'EOF'
 dpjobs  cluster analytics-prod (c9qtpsbtlk0n2v0e7788) RUNNING ALIVE         ok
 1 jobs  40/40
STATUS         NAME                       ID                   CREATED↓ DURATION
✔ DONE         hive-export-kpi            c9qoa7jah6ptgww342kr 13d ago  18h40m
✖ ERROR        streaming-grep-errors      c9qlnyu56oh5eejldxwd 34d ago  1d02h
⊘ CANCELLED    sessionize-clickstream     c9qfoziowqicw2yix0oo 61d ago  2d00h
✔ DONE         teragen-benchmark          c9qzluf5ok820abbym7s 86d ago  21h10m
✔ DONE         streaming-grep-errors      c9q9jo404dhz0qy3udto 92d ago  18h25m
✔ DONE         ab-test-report             c9qdb8zuhql9ubwd0bi8 109d ago 19h59m
 2 detail  ab-test-report
Job
id:          c9qdb8zuhql9ubwd0bi8
cluster_id:  c9qtpsbtlk0n2v0e7788
name:        ab-test-report
 3 log  ab-test-report  complete
25/09/29 06:39:13 INFO YarnSchedulerBackend$YarnDriverEndpoint: Asking each exec
25/09/29 06:39:13 INFO YarnClientSchedulerBackend: YARN client scheduler backend
25/09/29 06:47:33 INFO MapOutputTrackerMasterEndpoint: MapOutputTrackerMasterEnd
25/09/29 06:47:33 INFO MemoryStore: MemoryStore cleared
25/09/29 06:47:33 INFO BlockManager: BlockManager stopped
25/09/29 06:47:33 INFO SparkContext: Successfully stopped SparkContext
25/09/29 06:47:33 INFO ShutdownHookManager: Shutdown hook called
25/09/29 06:47:33 INFO ShutdownHookManager: Deleting directory /tmp/spark-30316a
 ? help  / filter  f status  > sort  <Tab> pane  z zoom   ▶2 ○1 ◌1 ◍1 ✖9 ✔24 ⊘2
EOF
tui_stop

# ---- wide: 170x40 ----------------------------------------------------------------------
TUI_WIDTH=170 TUI_HEIGHT=40 tui_start --cluster-id "$CLUSTER" --refresh 3600
tui_expect "170x40: list and detail side by side above the log" <<'EOF'
 dpjobs  127.0.0.1:PORT  cluster analytics-prod (c9qtpsbtlk0n2v0e7788) RUNNING ALIVE                                                                                  ok
 1 jobs  40/40                                                                               │ 2 detail  hive-partition-repair
STATUS         NAME                          ID                   TYPE      CREATED↓ DURATION│Job
◌ PROVISIONING hive-partition-repair         c9qb461tu83u492h5dxw hive      51m ago          │id:          c9qb461tu83u492h5dxw
○ PENDING      teragen-benchmark             c9q5coqcpasuyo48w8vq mapreduce 5h ago           │cluster_id:  c9qtpsbtlk0n2v0e7788
◍ CANCELLING   pyspark-feature-build-v2      c9qtpwz71bahm0m7bpoj pyspark   1d ago   9h46m   │name:        hive-partition-repair
▶ RUNNING      hourly-metrics-rollup         c9qn4izx2fq5irsqazp8 spark     2d ago   1d20h   │status:      PROVISIONING
▶ RUNNING      pyspark-feature-build-v2      c9qr6gsnitgh70vkvumu pyspark   3d ago   2d08h   │type:        hive
✔ DONE         hive-export-kpi               c9qoa7jah6ptgww342kr hive      13d ago  18h40m  │created_by:  aje49sgn5da5sqo80fvr
✖ ERROR        streaming-grep-errors         c9qlnyu56oh5eejldxwd mapreduce 34d ago  1d02h   │created_at:  2026-01-15T11:08:26Z  (51m ago)
⊘ CANCELLED    sessionize-clickstream        c9qfoziowqicw2yix0oo spark     61d ago  2d00h   │started_at:
✔ DONE         teragen-benchmark             c9qzluf5ok820abbym7s mapreduce 86d ago  21h10m  │finished_at:
✔ DONE         streaming-grep-errors         c9q9jo404dhz0qy3udto mapreduce 92d ago  18h25m  │duration:
✔ DONE         ab-test-report                c9qdb8zuhql9ubwd0bi8 pyspark   109d ago 19h59m  │
✔ DONE         pyspark-feature-build         c9qslp9bsy8w16xwsdhp pyspark   115d ago 6d02h   │Hive job
✔ DONE         teragen-benchmark             c9q2p2ddfvfqfpj17kl7 mapreduce 128d ago 18h06m  │query_list.queries[0]: MSCK REPAIR TABLE raw.events
✔ DONE         hourly-metrics-rollup-retry   c9q7wola362xc71fp4iw spark     133d ago 20h03m  │query_list.queries[1]: ANALYZE TABLE raw.events PARTITION (dt='${DT}') COMPU
✔ DONE         hive-export-kpi               c9q6fm18416nsefkvrvt hive      148d ago 5d19h   │                       TE STATISTICS
✔ DONE         pyspark-feature-build         c9qwu0yvgoly6m95rhch pyspark   160d ago 1d03h   │continue_on_failure:   false
✔ DONE         hive-export-kpi               c9qjc59cq0q27ut3x64a hive      174d ago 4d05h   │script_variables[DT]:  2026-01-14
✔ DONE         wordcount-logs                c9q4gfcvdfz5qhk6yrm0 mapreduce 199d ago 2d05h   │properties[hive.exec.dynamic.partition.mode]:
 3 log  hive-partition-repair  following
















(no output yet; following)
 ? help  / filter  f status  > sort  <Tab> pane  z zoom  Z pause  : command  q quit           2 running 1 pending 1 provisioning 1 cancelling 9 error 24 done 2 cancelled
EOF
tui_stop

# ---- resize: the selection and the filter kept ---------------------------------------------
tui_start --cluster-id "$CLUSTER" --refresh 3600
tui_keys '/<C-u>DONE<Enter>jjjjjjjjjjj'
sel=$(jq -r '[.[] | select(.status == "DONE")][11].id' "$TEST_TMP/jobs.json")
tui_wait_idle
tui_until "$TUI_WAIT" '[ -n "$(tui_selected_line "$sel")" ]'
ok $? "resize: the 12th DONE job ($sel) is selected before"
tui_resize 170 40
tui_expect "resize to 170x40: side by side, the filter and the selection kept" <<'EOF'
 dpjobs  127.0.0.1:PORT  cluster analytics-prod (c9qtpsbtlk0n2v0e7788) RUNNING ALIVE                                                                                  ok
 1 jobs  24/40  filter: DONE                                                                 │ 2 detail  pyspark-feature-build
STATUS         NAME                          ID                   TYPE      CREATED↓ DURATION│Job
✔ DONE         ab-test-report                c9qdb8zuhql9ubwd0bi8 pyspark   109d ago 19h59m  │id:          c9qer1nuvmwfxq0dj3zg
✔ DONE         pyspark-feature-build         c9qslp9bsy8w16xwsdhp pyspark   115d ago 6d02h   │cluster_id:  c9qtpsbtlk0n2v0e7788
✔ DONE         teragen-benchmark             c9q2p2ddfvfqfpj17kl7 mapreduce 128d ago 18h06m  │name:        pyspark-feature-build
✔ DONE         hourly-metrics-rollup-retry   c9q7wola362xc71fp4iw spark     133d ago 20h03m  │status:      DONE
✔ DONE         hive-export-kpi               c9q6fm18416nsefkvrvt hive      148d ago 5d19h   │type:        pyspark
✔ DONE         pyspark-feature-build         c9qwu0yvgoly6m95rhch pyspark   160d ago 1d03h   │created_by:  aje49sgn5da5sqo80fvr
✔ DONE         hive-export-kpi               c9qjc59cq0q27ut3x64a hive      174d ago 4d05h   │created_at:  2025-06-13T23:38:09Z  (215d ago)
✔ DONE         wordcount-logs                c9q4gfcvdfz5qhk6yrm0 mapreduce 199d ago 2d05h   │started_at:  2025-06-14T13:41:41Z  (214d ago)
✔ DONE         pyspark-feature-build         c9qer1nuvmwfxq0dj3zg pyspark   215d ago 2d17h   │finished_at: 2025-06-17T06:49:19Z  (212d ago)
✔ DONE         wordcount-logs                c9qigaq0coua8zfzyjn9 mapreduce 238d ago 1d18h   │duration:    2d17h
✔ DONE         hourly-metrics-rollup-v2      c9q9mtaflrmq3m78qtx6 spark     241d ago 23h55m  │
✔ DONE         streaming-grep-errors         c9qhcv8bg1hzb4n65ocv mapreduce 263d ago 8d10h   │PySpark job
✔ DONE         hive-report-sales             c9qbfzfh51owou5d0cwa hive      276d ago 9d13h   │main_python_file_uri:             s3a://dataproc-analytics-prod/jobs/feature
✔ DONE         teragen-benchmark             c9qcl3ia7o20pyyxb19c mapreduce 294d ago 1d18h   │                                  _build.py
✔ DONE         wordcount-logs                c9q8u24m0witj2otr166 mapreduce 299d ago 2d07h   │args[0]:                          --run-date
✔ DONE         hive-partition-repair         c9qyby99vkb2gbmbiaxf hive      361d ago 4d03h   │args[1]:                          2025-06-12
✔ DONE         hive-export-kpi               c9qn0kvi2qz1fvgvhaup hive      387d ago 8d16h   │args[2]:                          --overwrite
✔ DONE         hive-report-sales             c9qilk2qmas4lweilra3 hive      418d ago 2d04h   │python_file_uris[0]:              s3a://dataproc-analytics-prod/jobs/libs/co
 3 log  pyspark-feature-build  complete
25/06/17 05:51:40 INFO TaskSetManager: Starting task 33.0 in stage 5.0 (TID 448) (rc1d-dataproc-d-5eiikfnpvd7joc6z.mdb.yandexcloud.net, executor 1, partition 33, NODE_LOC
25/06/17 05:58:15 INFO TaskSetManager: Finished task 28.0 in stage 5.0 (TID 443) in 4523 ms on rc1d-dataproc-d-bre4fhlb5lvjr2f0.mdb.yandexcloud.net (executor 2) (29/121)
25/06/17 05:58:15 INFO TaskSetManager: Starting task 34.0 in stage 5.0 (TID 449) (rc1d-dataproc-d-bre4fhlb5lvjr2f0.mdb.yandexcloud.net, executor 2, partition 34, NODE_LOC
25/06/17 06:08:19 INFO TaskSetManager: Finished task 29.0 in stage 5.0 (TID 444) in 573 ms on rc1d-dataproc-d-xaoo5v1naw1ixwnx.mdb.yandexcloud.net (executor 3) (30/121)
25/06/17 06:08:19 INFO TaskSetManager: Starting task 35.0 in stage 5.0 (TID 450) (rc1d-dataproc-d-xaoo5v1naw1ixwnx.mdb.yandexcloud.net, executor 3, partition 35, NODE_LOC
25/06/17 06:11:13 INFO TaskSetManager: Finished task 30.0 in stage 5.0 (TID 445) in 3411 ms on rc1d-dataproc-d-5eiikfnpvd7joc6z.mdb.yandexcloud.net (executor 1) (31/121)
25/06/17 06:11:13 INFO TaskSetManager: Starting task 36.0 in stage 5.0 (TID 451) (rc1d-dataproc-d-5eiikfnpvd7joc6z.mdb.yandexcloud.net, executor 1, partition 36, NODE_LOC
25/06/17 06:24:19 INFO SparkUI: Stopped Spark web UI at http://rc1d-dataproc-m-0cz87r6duh0gyxf3.mdb.yandexcloud.net:4040
25/06/17 06:24:19 INFO YarnClientSchedulerBackend: Shutting down all executors
25/06/17 06:24:19 INFO YarnSchedulerBackend$YarnDriverEndpoint: Asking each executor to shut down
25/06/17 06:24:19 INFO YarnClientSchedulerBackend: YARN client scheduler backend Stopped
25/06/17 06:32:39 INFO MapOutputTrackerMasterEndpoint: MapOutputTrackerMasterEndpoint stopped!
25/06/17 06:32:39 INFO MemoryStore: MemoryStore cleared
25/06/17 06:32:39 INFO BlockManager: BlockManager stopped
25/06/17 06:32:39 INFO SparkContext: Successfully stopped SparkContext
25/06/17 06:32:39 INFO ShutdownHookManager: Shutdown hook called
25/06/17 06:32:39 INFO ShutdownHookManager: Deleting directory /tmp/spark-bbe85c18-50ef-4222-c281-eea7eeec2b4d
 ? help  / filter  f status  > sort  <Tab> pane  z zoom  Z pause  : command  q quit           2 running 1 pending 1 provisioning 1 cancelling 9 error 24 done 2 cancelled
EOF
ok "$([ -n "$(tui_selected_line "$sel")" ]; echo $?)" "resize to 170x40: the job's row is drawn selected"
tui_resize 80 24
tui_expect "resize to 80x24: stacked again, the filter and the selection kept" <<'EOF'
 dpjobs  cluster analytics-prod (c9qtpsbtlk0n2v0e7788) RUNNING ALIVE         ok
 1 jobs  24/40  filter: DONE
STATUS         NAME                       ID                   CREATED↓ DURATION
✔ DONE         hourly-metrics-rollup-retr c9q7wola362xc71fp4iw 133d ago 20h03m
✔ DONE         hive-export-kpi            c9q6fm18416nsefkvrvt 148d ago 5d19h
✔ DONE         pyspark-feature-build      c9qwu0yvgoly6m95rhch 160d ago 1d03h
✔ DONE         hive-export-kpi            c9qjc59cq0q27ut3x64a 174d ago 4d05h
✔ DONE         wordcount-logs             c9q4gfcvdfz5qhk6yrm0 199d ago 2d05h
✔ DONE         pyspark-feature-build      c9qer1nuvmwfxq0dj3zg 215d ago 2d17h
 2 detail  pyspark-feature-build
Job
id:          c9qer1nuvmwfxq0dj3zg
cluster_id:  c9qtpsbtlk0n2v0e7788
name:        pyspark-feature-build
 3 log  pyspark-feature-build  complete
25/06/17 06:24:19 INFO YarnSchedulerBackend$YarnDriverEndpoint: Asking each exec
25/06/17 06:24:19 INFO YarnClientSchedulerBackend: YARN client scheduler backend
25/06/17 06:32:39 INFO MapOutputTrackerMasterEndpoint: MapOutputTrackerMasterEnd
25/06/17 06:32:39 INFO MemoryStore: MemoryStore cleared
25/06/17 06:32:39 INFO BlockManager: BlockManager stopped
25/06/17 06:32:39 INFO SparkContext: Successfully stopped SparkContext
25/06/17 06:32:39 INFO ShutdownHookManager: Shutdown hook called
25/06/17 06:32:39 INFO ShutdownHookManager: Deleting directory /tmp/spark-bbe85c
 ? help  / filter  f status  > sort  <Tab> pane  z zoom   ▶2 ○1 ◌1 ◍1 ✖9 ✔24 ⊘2
EOF
tui_stop
done_testing
