#!/bin/sh
# dpjobs and dpjobs-sim under valgrind: no memory error and no definite leak of
# ours (gRPC's own process-wide allocations are in src/rpc/grpc.supp).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_programs
command -v "${VALGRIND:-valgrind}" >/dev/null 2>&1 || skip_all "valgrind is not installed"
# Valgrind cannot run AddressSanitizer binaries; an --enable-asan build checks memory itself.
grep -q '__asan_init' "$DPJOBS" 2>/dev/null && skip_all "an --enable-asan build (ASan checks memory instead)"
plan 19

# vg STATUS_RE DESCRIPTION ARGS...: dp_valgrind ARGS exits with a status matching
# STATUS_RE (99 means valgrind found something) and valgrind printed nothing.
vg() {
	_want=$1 _d=$2
	shift 2
	run dp_valgrind --cluster-id "$CLUSTER" "$@"
	if printf '%s\n' "$RC" | grep -Eqx "$_want" && ! printf '%s\n' "$ERR" | grep -q '^==[0-9]*=='; then
		pass "valgrind: $_d"
	else
		fail "valgrind: $_d (exit $RC, want $_want)"
		printf '%s\n' "$ERR" | grep '^==' | head -n 40 | sed 's/^/# /'
	fi
}

# At --speed 10 a new job stays cancellable for several seconds, even under valgrind.
sim_up --speed 10 --jobs 6
done_job=$(dpc --format json list | jq -r '[.[] | select(.status == "DONE" or .status == "ERROR")][0].id')
vg 0 "list" list
vg 0 "list --format json" --format json list
vg 0 "get" get "$done_job"
vg 0 "get --format json" --format json get "$done_job"
vg 0 "log" log "$done_job"
vg 0 "log --follow of an ended job" log --follow "$done_job"
vg 0 "create spark" create spark --name vg-spark --main-jar-file-uri s3a://b/a.jar --arg x \
	--properties a.b=c --jar-file-uris u1,u2
vg 0 "create hive --format json" --format json create hive --query 'SELECT 1' --script-variables d=1
new=$(dpc --format json create pyspark --main-python-file-uri s3a://b/m.py | jq -r .metadata.job_id)
vg 0 "cancel" cancel "$new"
vg 0 "clusters" clusters --folder-id "$FOLDER"
vg 1 "a NOT_FOUND error" get zzzzzzzzzzzzzzzzzzzz
vg 2 "a usage error" create spark --name Bad_Name --main-jar-file-uri j
sim_stop

# Issue 6's paths: the configuration file with profiles and bad lines, a cluster by name, and
# the token command and metadata sources (their worker thread is started and stopped).
sim_up --speed 10 --jobs 3 --clusters 2 --metadata-listen 127.0.0.1:0
name=$(dp --format json clusters --folder-id "$FOLDER" | jq -r '.[1].name')
printf '%s\n' 'set mouse = maybe' 'refresh-interval = 2' 'bind list K last' \
	'color header red green' 'profile vg' "folder-id = $FOLDER" "cluster-name = $name" \
	>"$TEST_TMP/vg.conf"
vgn() { # STATUS_RE DESCRIPTION ARGS...: like vg, without --cluster-id
	_want=$1 _d=$2
	shift 2
	run dp_valgrind "$@"
	if printf '%s\n' "$RC" | grep -Eqx "$_want" && ! printf '%s\n' "$ERR" | grep -q '^==[0-9]*=='; then
		pass "valgrind: $_d"
	else
		fail "valgrind: $_d (exit $RC, want $_want)"
		printf '%s\n' "$ERR" | grep '^==' | head -n 40 | sed 's/^/# /'
	fi
}
vgn 0 "config show: a profile, warnings, JSON" --config "$TEST_TMP/vg.conf" --profile vg \
	--format json config show
vgn 0 "list of a profile's cluster by name" --config "$TEST_TMP/vg.conf" --profile vg list
vgn 0 "a token command" --token-command 'echo t1.vg-token' --cluster-id "$CLUSTER" list
DPJOBS_METADATA_URL=$SIM_METADATA_URL
export DPJOBS_METADATA_URL
vgn 0 "the metadata service" --cluster-id "$CLUSTER" auth status
unset DPJOBS_METADATA_URL
sim_stop
sim_up --speed 600 --jobs 1
vg '0|3' "create --wait (OperationService polling, then the job DONE or ERROR)" create mapreduce --main-class M --wait
sim_stop

# The simulator itself, under valgrind for a few calls and a SIGTERM.
cat >"$TEST_TMP/sim-vg" <<EOF
#!/bin/sh
exec ${VALGRIND:-valgrind} $VALGRIND_OPTS_DP --suppressions="$GRPC_SUPP" --log-file="$TEST_TMP/sim-vg.log" "$DPJOBS_SIM" "\$@"
EOF
chmod +x "$TEST_TMP/sim-vg"
real_sim=$DPJOBS_SIM
DPJOBS_SIM="$TEST_TMP/sim-vg"
sim_up --speed 600 --jobs 4 --state "$TEST_TMP/vg-sim.db" --faults latency=1ms
DPJOBS_SIM=$real_sim
calls=0
dpc --format json list >/dev/null && calls=$((calls + 1))
id=$(dpc --format json create spark --main-jar-file-uri j | jq -r .metadata.job_id) && calls=$((calls + 1))
dpc get "$id" >/dev/null && calls=$((calls + 1))
dpc log "$(dpc --format json list | jq -r '.[-1].id')" >/dev/null && calls=$((calls + 1))
dpc cancel "$id" >/dev/null && calls=$((calls + 1))
dpc get zzzzzzzzzzzzzzzzzzzz 2>/dev/null
dpc --no-client-validation create hive --name Bad_Name >/dev/null 2>&1
is "$calls" 5 "valgrind: the simulator answers List, Create, Get, ListLog and Cancel"
sim_stop
st=$?
ok "$([ "$st" -eq 0 ] && ! grep -q '^==' "$TEST_TMP/sim-vg.log"; echo $?)" \
	"valgrind: dpjobs-sim exits 0 on SIGTERM with no error and no definite leak (exit $st)"
grep '^==' "$TEST_TMP/sim-vg.log" | head -n 40 | sed 's/^/# /'
done_testing
