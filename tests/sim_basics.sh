#!/bin/sh
# dpjobs-sim's own contract: the listening line, unix sockets, clean exit on
# SIGTERM and SIGINT, usage errors, a world that follows from its seed.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_programs
plan 40

# ---- listening --------------------------------------------------------------------
sim_up --clusters 1 --jobs 3
like "$SIM_ADDR" '^127\.0\.0\.1:[0-9]+$' "the first stdout line is 'listening on 127.0.0.1:PORT'"
port=${SIM_ADDR##*:}
ok "$([ "$port" -gt 0 ] && [ "$port" -lt 65536 ]; echo $?)" "the port printed is the real one, not 0 ($port)"
run dp --format json clusters --folder-id "$FOLDER"
ok "$RC" "a client reaches it at that address"
sim_stop

sock="$TEST_TMP/sim.sock"
sim_start --listen "unix:$sock" --folder-id "$FOLDER"
is "$SIM_ADDR" "unix:$sock" "with --listen unix:PATH it prints 'listening on unix:PATH'"
run dp --format json clusters --folder-id "$FOLDER"
ok "$([ "$RC" -eq 0 ] && jq -e 'length == 1' "$TEST_TMP/out" >/dev/null; echo $?)" \
	"a client reaches it over the unix socket"
sim_stop

# ---- signals ----------------------------------------------------------------------
# stop_timed SIGNAL: sends SIGNAL to the current simulator, waits for it (killed
# after 5 s by a watchdog) and sets STOP_MS and STOP_RC.
stop_timed() {
	(sleep 5 && kill -KILL "$SIM_PID" 2>/dev/null) &
	_wd=$!
	_t0=$(now_ms)
	kill "-$1" "$SIM_PID"
	wait "$SIM_PID"
	STOP_RC=$?
	STOP_MS=$(($(now_ms) - _t0))
	kill "$_wd" 2>/dev/null
	wait "$_wd" 2>/dev/null
	_sim_pids=$(echo "$_sim_pids" | sed "s/ $SIM_PID\b//")
}
for sig in TERM INT; do
	sim_up --clusters 1 --jobs 50 --speed 600
	dpc list >/dev/null
	# A follow in flight: the simulator must not wait for it.
	dp_bg follow --cluster-id "$CLUSTER" log --follow \
		"$(dpc --format json list | jq -r '[.[] | select(.status == "RUNNING")][0].id')"
	dpc --format json list >/dev/null
	stop_timed "$sig"
	dp_bg_kill
	is "$STOP_RC" 0 "SIG$sig: exit status 0"
	ok "$([ "$STOP_MS" -lt 1000 ]; echo $?)" "SIG$sig: exits within 1 s (${STOP_MS} ms)"
	is "$(cat "$SIM_OUT")" "listening on $SIM_ADDR" "SIG$sig: the listening line was the only line on stdout"
done

# A call parked in the simulator (a 5 s latency fault) must not hold up the exit.
# (Same seed, same cluster id as above: no call is needed to learn it.)
sim_start --folder-id "$FOLDER" --jobs 1 --faults latency=5s
dp_bg parked --cluster-id "$CLUSTER" --timeout 30 list
sleep 0.5 # the call reaches the simulator and waits there (not the check itself)
stop_timed TERM
is "$STOP_RC" 0 "SIGTERM with a call in flight: exit status 0"
ok "$([ "$STOP_MS" -lt 1000 ]; echo $?)" "SIGTERM with a call in flight: exits within 1 s (${STOP_MS} ms)"
dp_bg_kill

# ---- usage errors -------------------------------------------------------------------
# bad DESCRIPTION ARGS...: dpjobs-sim ARGS exits 2 with one line on stderr, nothing on stdout.
bad() {
	_d=$1
	shift
	run timeout 10 "$DPJOBS_SIM" --listen 127.0.0.1:0 "$@"
	if [ "$RC" -eq 2 ] && [ -z "$OUT" ] && [ "$(lines "$ERR")" -eq 1 ] &&
		printf '%s\n' "$ERR" | grep -q '^dpjobs-sim: '; then
		pass "$_d: one-line error, exit 2"
	else
		fail "$_d: one-line error, exit 2"
		diag "exit $RC" "stdout: $OUT" "stderr: $ERR"
	fi
}
bad "an unknown option" --no-such-option
bad "a missing option argument" --jobs
bad "a stray argument" stray
bad "--jobs -1" --jobs -1
bad "--speed 0" --speed 0
bad "--speed abc" --speed abc
bad "--faults unknown fault" --faults frobnicate=0.5
bad "--faults share over 1" --faults unavailable=1.5
bad "--faults not NAME=VALUE" --faults unavailable
bad "--faults bad latency" --faults latency=soon
bad "--faults shares adding up over 1" --faults unavailable=0.6,internal=0.6
bad "--dump-log without --state" --dump-log c9qaaaaaaaaaaaaaaaaa
# Exit 1: what is wrong is not the command line.
sim_up --jobs 1
run timeout 10 "$DPJOBS_SIM" --listen "$SIM_ADDR"
ok "$([ "$RC" -eq 1 ] && [ -z "$OUT" ] && [ "$(lines "$ERR")" -eq 1 ]; echo $?)" \
	"an address already in use: one-line error, exit 1"
diag "$ERR"
sim_stop
run timeout 10 "$DPJOBS_SIM" --state "$TEST_TMP/empty.db" --dump-log c9qaaaaaaaaaaaaaaaaa
ok "$([ "$RC" -eq 1 ] && [ -z "$OUT" ] && [ "$(lines "$ERR")" -eq 1 ]; echo $?)" \
	"--dump-log of an unknown job: one-line error, exit 1"
printf 'not a database\n' >"$TEST_TMP/junk.db"
run timeout 10 "$DPJOBS_SIM" --listen 127.0.0.1:0 --state "$TEST_TMP/junk.db"
ok "$([ "$RC" -eq 1 ] && [ -z "$OUT" ] && [ "$(lines "$ERR")" -eq 1 ]; echo $?)" \
	"a --state file that is not a state file: one-line error, exit 1"
diag "$ERR"
run "$DPJOBS_SIM" --help
ok "$([ "$RC" -eq 0 ] && printf '%s' "$OUT" | grep -q -- '--faults'; echo $?)" "--help exits 0 and lists the options"

# ---- a world from a seed -------------------------------------------------------------
# The clock barely moves at --speed 0.001, so two simulators started from the same
# instant must answer with the very same bytes.
frozen="--speed 0.001 --start-time 2026-11-01T10:00:00Z --clusters 2 --jobs 30"
sim_up --seed 7 $frozen
dpc --format json list >"$TEST_TMP/a.json"
dp --format json clusters --folder-id "$FOLDER" >"$TEST_TMP/ca.json"
sim_stop
sim_up --seed 7 $frozen
dpc --format json list >"$TEST_TMP/b.json"
dp --format json clusters --folder-id "$FOLDER" >"$TEST_TMP/cb.json"
sim_stop
sim_up --seed 8 $frozen
dpc --format json list >"$TEST_TMP/c.json"
sim_stop
ok "$([ -s "$TEST_TMP/a.json" ] && cmp -s "$TEST_TMP/a.json" "$TEST_TMP/b.json"; echo $?)" \
	"the same --seed gives byte-identical job lists"
ok "$(cmp -s "$TEST_TMP/ca.json" "$TEST_TMP/cb.json"; echo $?)" "... and identical clusters"
common=$( (jq -r '.[].id' "$TEST_TMP/a.json"; jq -r '.[].id' "$TEST_TMP/c.json") | sort | uniq -d | wc -l)
is "$common" 0 "a different --seed gives other job ids"
is "$(jq -r '.[].id' "$TEST_TMP/a.json" "$TEST_TMP/ca.json" | grep -cvE '^[a-z0-9]{20}$')" 0 \
	"job and cluster ids are 20 characters of [a-z0-9]"
is "$(jq -r '.[].id' "$TEST_TMP/a.json" | sort -u | wc -l)" 30 "job ids are unique"

# ---- counts, types, statuses ------------------------------------------------------
sim_up --clusters 3 --jobs 11 --speed 0.001
dp --format json clusters --folder-id "$FOLDER" >"$TEST_TMP/cl.json"
is "$(jq length "$TEST_TMP/cl.json")" 3 "--clusters 3: three clusters in the folder"
counts=
for c in $(jq -r '.[].id' "$TEST_TMP/cl.json"); do
	counts="$counts $(dp --cluster-id "$c" --format json list | jq length)"
done
is "$counts" " 11 11 11" "--jobs 11: eleven jobs in each cluster"
is "$(jq -r '[.[].status] | unique | join(",")' "$TEST_TMP/cl.json")" RUNNING "the clusters are RUNNING"
dpc --format json list >"$TEST_TMP/l.json"
is "$(jq -r '[.[] | (.spark_job, .pyspark_job, .mapreduce_job, .hive_job) | select(.) ] | length' "$TEST_TMP/l.json")" 11 \
	"every job has exactly one job spec"
is "$(jq -r '[.[] | to_entries[] | select(.key | endswith("_job")) | .key] | unique | join(",")' "$TEST_TMP/l.json")" \
	"hive_job,mapreduce_job,pyspark_job,spark_job" "all four job types are present"
is "$(jq -r '[.[].status] | unique | join(",")' "$TEST_TMP/l.json")" \
	"CANCELLED,CANCELLING,DONE,ERROR,PENDING,PROVISIONING,RUNNING" "all seven job statuses are present"
sim_stop
done_testing
