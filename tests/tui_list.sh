#!/bin/sh
# Screen tests of the TUI's job list: moving the selection, the filter as you
# type and its inverse, the status quick filter, sorting with the selection
# kept, and the selection pinned to its job while refreshes bring new jobs.
. "${top_srcdir:-$(dirname "$0")/..}/tests/tui_lib.sh"
tui_need
plan 34

tui_sim
tui_start --cluster-id "$CLUSTER" --refresh 3600
# selected_is ID DESCRIPTION: the row of job ID is the selected one, on screen.
selected_is() {
	tui_wait_idle
	_sel=$1
	tui_until "$TUI_WAIT" '[ -n "$(tui_selected_line "$_sel")" ]'
	ok $? "$2"
	[ -n "$(tui_selected_line "$1")" ] || diag "job $1 is not the selected row"
}

# ---- navigation (the list shows 9 of the 40 jobs; lines 2 to 15: the list, the
# detail's title and the selected job's id) -------------------------------------------
tui_keys 'jjj'
tui_expect "jjj selects the fourth job" 2 15 <<'EOF'
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
 2 detail  hourly-metrics-rollup
Job
id:          c9qn4izx2fq5irsqazp8
EOF
selected_is c9qn4izx2fq5irsqazp8 "jjj: the fourth row is drawn selected"
tui_keys 'k'
tui_expect "k selects the job above" 13 15 <<'EOF'
 2 detail  pyspark-feature-build-v2
Job
id:          c9qtpwz71bahm0m7bpoj
EOF
tui_keys 'G'
tui_expect "G selects the last job and scrolls to it" 2 15 <<'EOF'
 1 jobs  40/40
STATUS         NAME                                 ID                   TYPE      CREATED↓ DURATION
✖ ERROR        hourly-metrics-rollup                c9qnj3kna58lqxmewbl7 spark     406d ago 8d22h
✖ ERROR        hive-partition-repair                c9qanm5oqt43mkhi3a02 hive      409d ago 3d18h
✔ DONE         hive-report-sales                    c9qilk2qmas4lweilra3 hive      418d ago 2d04h
✖ ERROR        hive-report-sales                    c9qimjxc908g8fa702g8 hive      435d ago 2d08h
✖ ERROR        daily-etl-orders                     c9qxbopnqw0mnesipc43 spark     451d ago 6d16h
✔ DONE         pyspark-feature-build-retry          c9qmahweogsa6tw65qcd pyspark   469d ago 7d02h
✔ DONE         hourly-metrics-rollup                c9q7oxo8nubaejeq0y9s spark     493d ago 1d12h
✔ DONE         streaming-grep-errors                c9qv63pcmqtkcbpo19v9 mapreduce 512d ago 4d07h
✖ ERROR        hive-partition-repair                c9qyrw8m00fdypsm9zq1 hive      525d ago 3d02h
 2 detail  hive-partition-repair
Job
id:          c9qyrw8m00fdypsm9zq1
EOF
selected_is c9qyrw8m00fdypsm9zq1 "G: the last row is drawn selected"
tui_keys 'g'
tui_expect "g goes back to the first job" 2 15 <<'EOF'
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
EOF
tui_keys '<PageDown>'
tui_expect "<PageDown> moves one page down" 2 15 <<'EOF'
 1 jobs  40/40
STATUS         NAME                                 ID                   TYPE      CREATED↓ DURATION
✔ DONE         streaming-grep-errors                c9q9jo404dhz0qy3udto mapreduce 92d ago  18h25m
✔ DONE         ab-test-report                       c9qdb8zuhql9ubwd0bi8 pyspark   109d ago 19h59m
✔ DONE         pyspark-feature-build                c9qslp9bsy8w16xwsdhp pyspark   115d ago 6d02h
✔ DONE         teragen-benchmark                    c9q2p2ddfvfqfpj17kl7 mapreduce 128d ago 18h06m
✔ DONE         hourly-metrics-rollup-retry          c9q7wola362xc71fp4iw spark     133d ago 20h03m
✔ DONE         hive-export-kpi                      c9q6fm18416nsefkvrvt hive      148d ago 5d19h
✔ DONE         pyspark-feature-build                c9qwu0yvgoly6m95rhch pyspark   160d ago 1d03h
✔ DONE         hive-export-kpi                      c9qjc59cq0q27ut3x64a hive      174d ago 4d05h
✔ DONE         wordcount-logs                       c9q4gfcvdfz5qhk6yrm0 mapreduce 199d ago 2d05h
 2 detail  streaming-grep-errors
Job
id:          c9q9jo404dhz0qy3udto
EOF
tui_keys '<C-f><C-f>'
tui_expect "<C-f> moves a page each time (<Space> marks in the list)" 2 15 <<'EOF'
 1 jobs  40/40
STATUS         NAME                                 ID                   TYPE      CREATED↓ DURATION
✖ ERROR        hive-export-kpi                      c9qujkm8a2s1r6tnz276 hive      310d ago 20h53m
⊘ CANCELLED    churn-model-scoring-v2               c9qqtx5fa6ap4x6euak0 pyspark   335d ago 2d03h
✔ DONE         hive-partition-repair                c9qyby99vkb2gbmbiaxf hive      361d ago 4d03h
✔ DONE         hive-export-kpi                      c9qn0kvi2qz1fvgvhaup hive      387d ago 8d16h
✖ ERROR        hourly-metrics-rollup                c9qnj3kna58lqxmewbl7 spark     406d ago 8d22h
✖ ERROR        hive-partition-repair                c9qanm5oqt43mkhi3a02 hive      409d ago 3d18h
✔ DONE         hive-report-sales                    c9qilk2qmas4lweilra3 hive      418d ago 2d04h
✖ ERROR        hive-report-sales                    c9qimjxc908g8fa702g8 hive      435d ago 2d08h
✖ ERROR        daily-etl-orders                     c9qxbopnqw0mnesipc43 spark     451d ago 6d16h
 2 detail  hive-export-kpi
Job
id:          c9qujkm8a2s1r6tnz276
EOF
tui_keys '<PageUp>'
tui_expect "<PageUp> moves one page up, the viewport follows" 2 15 <<'EOF'
 1 jobs  40/40
STATUS         NAME                                 ID                   TYPE      CREATED↓ DURATION
✖ ERROR        hourly-metrics-rollup                c9qy2adzo8xz8geh7vf9 spark     204d ago 2d11h
✔ DONE         pyspark-feature-build                c9qer1nuvmwfxq0dj3zg pyspark   215d ago 2d17h
✔ DONE         wordcount-logs                       c9qigaq0coua8zfzyjn9 mapreduce 238d ago 1d18h
✔ DONE         hourly-metrics-rollup-v2             c9q9mtaflrmq3m78qtx6 spark     241d ago 23h55m
✔ DONE         streaming-grep-errors                c9qhcv8bg1hzb4n65ocv mapreduce 263d ago 8d10h
✖ ERROR        dedup-customer-profiles-retry        c9q3dng8385yokp245lt spark     270d ago 16h50m
✔ DONE         hive-report-sales                    c9qbfzfh51owou5d0cwa hive      276d ago 9d13h
✔ DONE         teragen-benchmark                    c9qcl3ia7o20pyyxb19c mapreduce 294d ago 1d18h
✔ DONE         wordcount-logs                       c9q8u24m0witj2otr166 mapreduce 299d ago 2d07h
 2 detail  hourly-metrics-rollup
Job
id:          c9qy2adzo8xz8geh7vf9
EOF
tui_keys 'g<C-d>'
tui_expect "<C-d> moves half a page down" 13 15 <<'EOF'
 2 detail  pyspark-feature-build-v2
Job
id:          c9qr6gsnitgh70vkvumu
EOF
tui_keys 'g'

# ---- filter as you type ----------------------------------------------------------------
tui_keys '/teragen'
tui_expect "/teragen filters as it is typed; the prompt shows the text" <<'EOF'
 dpjobs  127.0.0.1:PORT  cluster analytics-prod (c9qtpsbtlk0n2v0e7788) RUNNING ALIVE            ok
 1 jobs  4/40  filter: teragen
STATUS         NAME                                 ID                   TYPE      CREATED↓ DURATION
○ PENDING      teragen-benchmark                    c9q5coqcpasuyo48w8vq mapreduce 5h ago
✔ DONE         teragen-benchmark                    c9qzluf5ok820abbym7s mapreduce 86d ago  21h10m
✔ DONE         teragen-benchmark                    c9q2p2ddfvfqfpj17kl7 mapreduce 128d ago 18h06m
✔ DONE         teragen-benchmark                    c9qcl3ia7o20pyyxb19c mapreduce 294d ago 1d18h





 2 detail  teragen-benchmark
Job
id:          c9q5coqcpasuyo48w8vq
cluster_id:  c9qtpsbtlk0n2v0e7788
name:        teragen-benchmark
status:      PENDING
type:        mapreduce
 3 log  teragen-benchmark  following








(no output yet; following)
/teragen
EOF
tui_keys '<Enter>'
tui_expect "<Enter> keeps the filter and closes the prompt" 1 8 <<'EOF'
 dpjobs  127.0.0.1:PORT  cluster analytics-prod (c9qtpsbtlk0n2v0e7788) RUNNING ALIVE            ok
 1 jobs  4/40  filter: teragen
STATUS         NAME                                 ID                   TYPE      CREATED↓ DURATION
○ PENDING      teragen-benchmark                    c9q5coqcpasuyo48w8vq mapreduce 5h ago
✔ DONE         teragen-benchmark                    c9qzluf5ok820abbym7s mapreduce 86d ago  21h10m
✔ DONE         teragen-benchmark                    c9q2p2ddfvfqfpj17kl7 mapreduce 128d ago 18h06m
✔ DONE         teragen-benchmark                    c9qcl3ia7o20pyyxb19c mapreduce 294d ago 1d18h

EOF
tui_keys 'j/x'
tui_expect "typing more narrows the list to nothing" 2 8 <<'EOF'
 1 jobs  0/40  filter: teragenx
STATUS         NAME                                 ID                   TYPE      CREATED↓ DURATION
 no job matches the filter




EOF
tui_keys '<Esc>'
selected_is c9qzluf5ok820abbym7s "<Esc>: the job selected before the prompt is selected again"
tui_expect "<Esc> gives back the filter and the selection before the prompt" 2 15 <<'EOF'
 1 jobs  4/40  filter: teragen
STATUS         NAME                                 ID                   TYPE      CREATED↓ DURATION
○ PENDING      teragen-benchmark                    c9q5coqcpasuyo48w8vq mapreduce 5h ago
✔ DONE         teragen-benchmark                    c9qzluf5ok820abbym7s mapreduce 86d ago  21h10m
✔ DONE         teragen-benchmark                    c9q2p2ddfvfqfpj17kl7 mapreduce 128d ago 18h06m
✔ DONE         teragen-benchmark                    c9qcl3ia7o20pyyxb19c mapreduce 294d ago 1d18h





 2 detail  teragen-benchmark
Job
id:          c9qzluf5ok820abbym7s
EOF
tui_keys '/<C-u><Enter>'
tui_expect "an empty filter shows every job again, the selection on the same job" 2 15 <<'EOF'
 1 jobs  40/40
STATUS         NAME                                 ID                   TYPE      CREATED↓ DURATION
⊘ CANCELLED    sessionize-clickstream               c9qfoziowqicw2yix0oo spark     61d ago  2d00h
✔ DONE         teragen-benchmark                    c9qzluf5ok820abbym7s mapreduce 86d ago  21h10m
✔ DONE         streaming-grep-errors                c9q9jo404dhz0qy3udto mapreduce 92d ago  18h25m
✔ DONE         ab-test-report                       c9qdb8zuhql9ubwd0bi8 pyspark   109d ago 19h59m
✔ DONE         pyspark-feature-build                c9qslp9bsy8w16xwsdhp pyspark   115d ago 6d02h
✔ DONE         teragen-benchmark                    c9q2p2ddfvfqfpj17kl7 mapreduce 128d ago 18h06m
✔ DONE         hourly-metrics-rollup-retry          c9q7wola362xc71fp4iw spark     133d ago 20h03m
✔ DONE         hive-export-kpi                      c9q6fm18416nsefkvrvt hive      148d ago 5d19h
✔ DONE         pyspark-feature-build                c9qwu0yvgoly6m95rhch pyspark   160d ago 1d03h
 2 detail  teragen-benchmark
Job
id:          c9qzluf5ok820abbym7s
EOF
tui_keys '/!DONE<Enter>'
tui_expect "a leading ! keeps the jobs that do not match" 2 15 <<'EOF'
 1 jobs  16/40  filter: !DONE
STATUS         NAME                                 ID                   TYPE      CREATED↓ DURATION
✖ ERROR        hourly-metrics-rollup                c9qy2adzo8xz8geh7vf9 spark     204d ago 2d11h
✖ ERROR        dedup-customer-profiles-retry        c9q3dng8385yokp245lt spark     270d ago 16h50m
✖ ERROR        hive-export-kpi                      c9qujkm8a2s1r6tnz276 hive      310d ago 20h53m
⊘ CANCELLED    churn-model-scoring-v2               c9qqtx5fa6ap4x6euak0 pyspark   335d ago 2d03h
✖ ERROR        hourly-metrics-rollup                c9qnj3kna58lqxmewbl7 spark     406d ago 8d22h
✖ ERROR        hive-partition-repair                c9qanm5oqt43mkhi3a02 hive      409d ago 3d18h
✖ ERROR        hive-report-sales                    c9qimjxc908g8fa702g8 hive      435d ago 2d08h
✖ ERROR        daily-etl-orders                     c9qxbopnqw0mnesipc43 spark     451d ago 6d16h
✖ ERROR        hive-partition-repair                c9qyrw8m00fdypsm9zq1 hive      525d ago 3d02h
 2 detail  hive-export-kpi
Job
id:          c9qujkm8a2s1r6tnz276
EOF
tui_keys '/<C-u>^(hive|spark)-?<Enter>'
tui_expect "text with regex characters is an extended regex" 2 12 <<'EOF'
 1 jobs  21/40  filter: ^(hive|spark)-?
STATUS         NAME                                 ID                   TYPE      CREATED↓ DURATION
◌ PROVISIONING hive-partition-repair                c9qb461tu83u492h5dxw hive      51m ago
▶ RUNNING      hourly-metrics-rollup                c9qn4izx2fq5irsqazp8 spark     2d ago   1d20h
✔ DONE         hive-export-kpi                      c9qoa7jah6ptgww342kr hive      13d ago  18h40m
⊘ CANCELLED    sessionize-clickstream               c9qfoziowqicw2yix0oo spark     61d ago  2d00h
✔ DONE         hourly-metrics-rollup-retry          c9q7wola362xc71fp4iw spark     133d ago 20h03m
✔ DONE         hive-export-kpi                      c9q6fm18416nsefkvrvt hive      148d ago 5d19h
✔ DONE         hive-export-kpi                      c9qjc59cq0q27ut3x64a hive      174d ago 4d05h
✖ ERROR        hourly-metrics-rollup                c9qy2adzo8xz8geh7vf9 spark     204d ago 2d11h
✔ DONE         hourly-metrics-rollup-v2             c9q9mtaflrmq3m78qtx6 spark     241d ago 23h55m
EOF
tui_keys '/<C-u><Enter>g'

# ---- status quick filter ---------------------------------------------------------------------
tui_keys 'f'
tui_expect "f: active jobs only" 2 9 <<'EOF'
 1 jobs  5/40  status: active
STATUS         NAME                                 ID                   TYPE      CREATED↓ DURATION
◌ PROVISIONING hive-partition-repair                c9qb461tu83u492h5dxw hive      51m ago
○ PENDING      teragen-benchmark                    c9q5coqcpasuyo48w8vq mapreduce 5h ago
◍ CANCELLING   pyspark-feature-build-v2             c9qtpwz71bahm0m7bpoj pyspark   1d ago   9h46m
▶ RUNNING      hourly-metrics-rollup                c9qn4izx2fq5irsqazp8 spark     2d ago   1d20h
▶ RUNNING      pyspark-feature-build-v2             c9qr6gsnitgh70vkvumu pyspark   3d ago   2d08h

EOF
tui_keys 'f'
tui_expect "f again: running only" 2 6 <<'EOF'
 1 jobs  2/40  status: running
STATUS         NAME                                 ID                   TYPE      CREATED↓ DURATION
▶ RUNNING      hourly-metrics-rollup                c9qn4izx2fq5irsqazp8 spark     2d ago   1d20h
▶ RUNNING      pyspark-feature-build-v2             c9qr6gsnitgh70vkvumu pyspark   3d ago   2d08h

EOF
tui_keys 'f'
tui_expect "f again: failed only" 2 4 <<'EOF'
 1 jobs  9/40  status: failed
STATUS         NAME                                 ID                   TYPE      CREATED↓ DURATION
✖ ERROR        streaming-grep-errors                c9qlnyu56oh5eejldxwd mapreduce 34d ago  1d02h
EOF
tui_keys 'f'
tui_expect "f again: done only" 2 4 <<'EOF'
 1 jobs  24/40  status: done
STATUS         NAME                                 ID                   TYPE      CREATED↓ DURATION
✔ DONE         hive-export-kpi                      c9qoa7jah6ptgww342kr hive      13d ago  18h40m
EOF
tui_keys 'f'
tui_expect "f again: cancelled only" 2 6 <<'EOF'
 1 jobs  3/40  status: cancelled
STATUS         NAME                                 ID                   TYPE      CREATED↓ DURATION
◍ CANCELLING   pyspark-feature-build-v2             c9qtpwz71bahm0m7bpoj pyspark   1d ago   9h46m
⊘ CANCELLED    sessionize-clickstream               c9qfoziowqicw2yix0oo spark     61d ago  2d00h
⊘ CANCELLED    churn-model-scoring-v2               c9qqtx5fa6ap4x6euak0 pyspark   335d ago 2d03h
EOF
tui_keys 'f'
tui_expect "f again: every job" 2 4 <<'EOF'
 1 jobs  40/40
STATUS         NAME                                 ID                   TYPE      CREATED↓ DURATION
◍ CANCELLING   pyspark-feature-build-v2             c9qtpwz71bahm0m7bpoj pyspark   1d ago   9h46m
EOF

# ---- sort, the selection on the same job --------------------------------------------------
tui_keys 'gjjj>'
tui_expect "> sorts by the next column (duration, longest first)" 2 15 <<'EOF'
 1 jobs  40/40
STATUS         NAME                                 ID                   TYPE      CREATED  DURATIO↓
✔ DONE         hive-report-sales                    c9qilk2qmas4lweilra3 hive      418d ago 2d04h
⊘ CANCELLED    churn-model-scoring-v2               c9qqtx5fa6ap4x6euak0 pyspark   335d ago 2d03h
⊘ CANCELLED    sessionize-clickstream               c9qfoziowqicw2yix0oo spark     61d ago  2d00h
▶ RUNNING      hourly-metrics-rollup                c9qn4izx2fq5irsqazp8 spark     2d ago   1d20h
✔ DONE         wordcount-logs                       c9qigaq0coua8zfzyjn9 mapreduce 238d ago 1d18h
✔ DONE         teragen-benchmark                    c9qcl3ia7o20pyyxb19c mapreduce 294d ago 1d18h
✔ DONE         hourly-metrics-rollup                c9q7oxo8nubaejeq0y9s spark     493d ago 1d12h
✔ DONE         pyspark-feature-build                c9qwu0yvgoly6m95rhch pyspark   160d ago 1d03h
✖ ERROR        streaming-grep-errors                c9qlnyu56oh5eejldxwd mapreduce 34d ago  1d02h
 2 detail  hourly-metrics-rollup
Job
id:          c9qn4izx2fq5irsqazp8
EOF
selected_is c9qn4izx2fq5irsqazp8 "sort: the selected job is still selected and on screen"
tui_keys 'r'
tui_expect "r reverses the order (shortest first), the selection kept" 2 15 <<'EOF'
 1 jobs  40/40
STATUS         NAME                                 ID                   TYPE      CREATED  DURATIO↑
✔ DONE         hourly-metrics-rollup                c9q7oxo8nubaejeq0y9s spark     493d ago 1d12h
✔ DONE         teragen-benchmark                    c9qcl3ia7o20pyyxb19c mapreduce 294d ago 1d18h
✔ DONE         wordcount-logs                       c9qigaq0coua8zfzyjn9 mapreduce 238d ago 1d18h
▶ RUNNING      hourly-metrics-rollup                c9qn4izx2fq5irsqazp8 spark     2d ago   1d20h
⊘ CANCELLED    sessionize-clickstream               c9qfoziowqicw2yix0oo spark     61d ago  2d00h
⊘ CANCELLED    churn-model-scoring-v2               c9qqtx5fa6ap4x6euak0 pyspark   335d ago 2d03h
✔ DONE         hive-report-sales                    c9qilk2qmas4lweilra3 hive      418d ago 2d04h
✔ DONE         wordcount-logs                       c9q4gfcvdfz5qhk6yrm0 mapreduce 199d ago 2d05h
✔ DONE         wordcount-logs                       c9q8u24m0witj2otr166 mapreduce 299d ago 2d07h
 2 detail  hourly-metrics-rollup
Job
id:          c9qn4izx2fq5irsqazp8
EOF
selected_is c9qn4izx2fq5irsqazp8 "reverse: the selected job is still selected and on screen"
tui_keys '<lt><lt>'
tui_expect "< sorts by the previous column" 2 15 <<'EOF'
 1 jobs  40/40
STATUS         NAME                                 ID                   TYPE↑     CREATED  DURATION
✔ DONE         pyspark-feature-build                c9qslp9bsy8w16xwsdhp pyspark   115d ago 6d02h
✔ DONE         pyspark-feature-build                c9qwu0yvgoly6m95rhch pyspark   160d ago 1d03h
✔ DONE         pyspark-feature-build                c9qer1nuvmwfxq0dj3zg pyspark   215d ago 2d17h
⊘ CANCELLED    churn-model-scoring-v2               c9qqtx5fa6ap4x6euak0 pyspark   335d ago 2d03h
✔ DONE         pyspark-feature-build-retry          c9qmahweogsa6tw65qcd pyspark   469d ago 7d02h
▶ RUNNING      hourly-metrics-rollup                c9qn4izx2fq5irsqazp8 spark     2d ago   1d20h
⊘ CANCELLED    sessionize-clickstream               c9qfoziowqicw2yix0oo spark     61d ago  2d00h
✔ DONE         hourly-metrics-rollup-retry          c9q7wola362xc71fp4iw spark     133d ago 20h03m
✖ ERROR        hourly-metrics-rollup                c9qy2adzo8xz8geh7vf9 spark     204d ago 2d11h
 2 detail  hourly-metrics-rollup
Job
id:          c9qn4izx2fq5irsqazp8
EOF
tui_stop

# ---- the selection stays on its job while refreshes bring new jobs --------------------------
# A live simulator: one new job a second, refreshed every second.
sim_stop
sim_up --seed 7 --jobs 40 --speed 60 --arrivals 60
tui_start --cluster-id "$CLUSTER" --refresh 1
tui_keys 'jjjj'
tui_wait_idle
# The job on line 8 once it is drawn selected (a refresh may land first).
tui_until "$TUI_WAIT" 'sel=$(printf "%s\n" "$SCREEN" | sed -n 8p | awk "{ print \$4 }")
	[ "$(tui_selected_line "$sel")" = 8 ]'
ok $? "live: the fifth job ($sel) is selected, on line 8"
tui_until 15 '! printf "%s\n" "$SCREEN" | grep -q " 1 jobs  40/40" &&
	printf "%s\n" "$SCREEN" | grep -Eq " 1 jobs  4[2-9]/4[2-9]"'
ok $? "live: at least two new jobs arrive"
TUI_IDLE_BEFORE=$(tui_idle_count)
tui_wait_idle
tui_until "$TUI_WAIT" '[ "$(tui_selected_line "$sel")" = 8 ]'
ok $? "live: the same job is still selected, on the same line"
[ "$(tui_selected_line "$sel")" = 8 ] || diag "job $sel is on line '$(tui_selected_line "$sel")'"
tui_stop
done_testing
