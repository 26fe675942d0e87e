#!/bin/sh
# Credentials end to end against dpjobs-sim --require-auth: a service account key file, an
# OAuth token, a wrong one, token refresh under `log --follow`, and no token in any output.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_programs
"$DPJOBS_SIM" --help | grep -q -- --make-sa-key || skip_all "dpjobs-sim has no IamTokenService"
plan 17

OAUTH=y0_oauth-secret-4711-do-not-print
KEY="$TEST_TMP/key.json"
export DPJOBS_LOG="$TEST_TMP/debug.log"
# Everything dpjobs prints goes here too, for the final grep.
ALL="$TEST_TMP/all-output"
keep() { cat "$TEST_TMP/out" "$TEST_TMP/err" >>"$ALL"; }

DPJOBS_OAUTH_TOKEN=$OAUTH
export DPJOBS_OAUTH_TOKEN
sim_up --require-auth --oauth-token "$OAUTH" --make-sa-key "$KEY" --token-ttl 600
ok "$([ -n "$CLUSTER" ]; echo $?)" "the OAuth token is exchanged and opens --require-auth calls"

# ---- service account key ---------------------------------------------------------------------
run env -u DPJOBS_OAUTH_TOKEN "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext --sa-key-file "$KEY" \
	--folder-id "$FOLDER" auth status
keep
is "$RC" 0 "auth status with the --make-sa-key file: exit 0"
like "$OUT" "source: service account key" "... names the source"
like "$OUT" "check: ok" "... and the check call passes"
ok "$(head -c 200 "$KEY" >/dev/null && jq -r .private_key "$KEY" | head -n 1 | grep -q '^PLEASE DO NOT REMOVE THIS LINE!'; echo $?)" \
	"... a key file whose private_key starts with the PLEASE DO NOT REMOVE line"
is "$ERR" "" "... and no warning for a mode 0600 key file"
run env -u DPJOBS_OAUTH_TOKEN DPJOBS_SA_KEY_FILE="$KEY" "$DPJOBS" --endpoint "$SIM_ADDR" \
	--plaintext --cluster-id "$CLUSTER" list
keep
is "$RC" 0 "DPJOBS_SA_KEY_FILE works for list"
cp "$KEY" "$TEST_TMP/open-key.json"
chmod 644 "$TEST_TMP/open-key.json"
run env -u DPJOBS_OAUTH_TOKEN "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext \
	--sa-key-file "$TEST_TMP/open-key.json" --cluster-id "$CLUSTER" list
keep
is "$RC/$(printf '%s\n' "$ERR" | grep -c 'readable by others')" 0/1 \
	"a key file readable by others still works, with one warning line"

# ---- OAuth ----------------------------------------------------------------------------------
run dp --folder-id "$FOLDER" auth status
keep
like "$RC $OUT" "^0 source: OAuth token" "auth status with DPJOBS_OAUTH_TOKEN: exit 0, source named"
run env DPJOBS_OAUTH_TOKEN=wrong-oauth-token "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext \
	--cluster-id "$CLUSTER" list
keep
is "$RC/$(printf '%s\n' "$ERR" | wc -l | tr -d ' ')" 1/1 "a wrong OAuth token: exit 1 and one line"
like "$ERR" "UNAUTHENTICATED" "... that says UNAUTHENTICATED"
run env -u DPJOBS_OAUTH_TOKEN "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext \
	--cluster-id "$CLUSTER" list
keep
is "$RC" 1 "no credential against --require-auth: exit 1"
sim_stop

# ---- refresh during log --follow -----------------------------------------------------------
state="$TEST_TMP/follow.db"
sim_up --require-auth --oauth-token "$OAUTH" --token-ttl 3 --speed 10 --jobs 2 --state "$state"
run dpc --format json create spark --name refresh-me --main-jar-file-uri s3a://b/app.jar
keep
job=$(jq -r '.metadata.job_id' "$TEST_TMP/out")
dp_bg f --cluster-id "$CLUSTER" log "$job" --follow
ok "$(wait_until 120 dp_bg_ended f; echo $?)" "log --follow ends by itself"
is "$(dp_bg_rc f)" 0 "... with exit 0 across several 3 s tokens"
cat "$TEST_TMP/f.err" >>"$ALL" 2>/dev/null
sim_stop
"$DPJOBS_SIM" --state "$state" --dump-log "$job" >"$TEST_TMP/f.want"
ok "$([ -s "$TEST_TMP/f.want" ] && cmp "$TEST_TMP/f.out" "$TEST_TMP/f.want" >&2; echo $?)" \
	"... and no byte lost or doubled ($(wc -c <"$TEST_TMP/f.want" | tr -d ' ') bytes)"
n=$(grep -c 'auth: new IAM token' "$DPJOBS_LOG")
ok "$([ "$n" -ge 3 ]; echo $?)" "... with the token refreshed in the background ($n tokens)"

# ---- no credential anywhere ------------------------------------------------------------------
cat "$TEST_TMP/f.out" >>"$ALL"
leaks=$(cat "$ALL" "$DPJOBS_LOG" | grep -c -e "$OAUTH" -e 't1\.' -e 'eyJ')
is "$leaks" 0 "no OAuth token, IAM token or JWT in any output or the debug log"
done_testing
