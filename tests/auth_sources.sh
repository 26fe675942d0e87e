#!/bin/sh
# Every credential source end to end against dpjobs-sim --require-auth, their order, the token
# command's and metadata service's failures, refresh under `log --follow` for both, TLS on the
# IAM channel, and no token in any output or debug log.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_programs
"$DPJOBS_SIM" --help | grep -q -- --metadata-listen || skip_all "dpjobs-sim has no --metadata-listen"
"$DPJOBS" --help | grep -q -- --token-command || skip_all "dpjobs has no --token-command"
command -v curl >/dev/null 2>&1 || skip_all "curl is not installed (scripts/packages)"
command -v openssl >/dev/null 2>&1 || skip_all "openssl is not installed"
plan 56

OAUTH=y0_oauth-secret-5150-do-not-print
KEY="$TEST_TMP/key.json"
export DPJOBS_LOG="$TEST_TMP/debug.log"
# Everything dpjobs prints goes here too; every token handed out goes to TOKENS.
ALL="$TEST_TMP/all-output"
TOKENS="$TEST_TMP/tokens"
CALLS="$TEST_TMP/command-calls"
: >"$ALL"
: >"$TOKENS"
: >"$CALLS"
keep() { cat "$TEST_TMP/out" "$TEST_TMP/err" >>"$ALL"; }
# Only the variables a test sets reach dpjobs.
unset DPJOBS_OAUTH_TOKEN DPJOBS_SA_KEY_FILE DPJOBS_TOKEN_COMMAND DPJOBS_METADATA_URL
# sdp ARGS...: dpjobs against the simulator, plaintext, with a time limit.
sdp() { timeout -k 5 "${DP_TIMEOUT:-120}" "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext "$@"; }
# A token command that takes a token from the simulator's metadata responder (so
# --require-auth accepts it), counts its runs and records the token for the final grep.
cat >"$TEST_TMP/get-token" <<EOS
#!/bin/sh
echo run >>"$CALLS"
curl -s -H 'Metadata-Flavor: Google' "\$1" | jq -r .access_token | tee -a "$TOKENS"
EOS
chmod +x "$TEST_TMP/get-token"
# metadata_calls: how many token requests the simulators answered with 200 so far.
metadata_calls() { grep -c 'metadata GET .* -> 200' "$TEST_TMP/sim.err" 2>/dev/null || echo 0; }
calls() { wc -l <"$CALLS" 2>/dev/null | tr -d ' ' || echo 0; }
# asim_up [dpjobs-sim options...]: a --require-auth simulator that also takes the OAuth
# token, so CLUSTER can be looked up whatever the source under test.
asim_up() {
	sim_start --folder-id "$FOLDER" --require-auth --oauth-token "$OAUTH" "$@" || return 1
	CLUSTER=$(env DPJOBS_OAUTH_TOKEN="$OAUTH" "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext \
		--format json clusters --folder-id "$FOLDER" | jq -r '.[0].id // empty')
}
# one_line RC ERR: exit 1 and exactly one line on stderr.
one_line() { [ "$RC" -eq 1 ] && [ "$(lines "$ERR")" -eq 1 ]; }

asim_up --make-sa-key "$KEY" --token-ttl 600 --metadata-listen 127.0.0.1:0 --verbose
like "$SIM_METADATA_ADDR" '^127\.0\.0\.1:[0-9]+$' "dpjobs-sim prints 'metadata listening on ADDR'"
is "$(head -n 1 "$SIM_OUT")" "listening on $SIM_ADDR" "... after the unchanged listening line"
CMD="$TEST_TMP/get-token $SIM_METADATA_URL"

# ---- the responder itself -------------------------------------------------------------------
code=$(curl -s -o "$TEST_TMP/md.json" -w '%{http_code}' -H 'Metadata-Flavor: Google' "$SIM_METADATA_URL")
jq -r .access_token "$TEST_TMP/md.json" >>"$TOKENS"
ok "$([ "$code" = 200 ] && jq_ok '(.access_token | startswith("t1.")) and .expires_in > 590 and .expires_in <= 600 and .token_type == "Bearer"' "$TEST_TMP/md.json"; echo $?)" \
	"GET of the token path with Metadata-Flavor: Google: 200 and the JSON token (--token-ttl sets expires_in)"
is "$(curl -s -o /dev/null -w '%{http_code}' "$SIM_METADATA_URL")" 403 "... without the header: 403"
is "$(curl -s -o /dev/null -w '%{http_code}' -H 'Metadata-Flavor: Google' "http://$SIM_METADATA_ADDR/computeMetadata/v1/")" 404 \
	"another path: 404"
ok "$(grep -q 'metadata GET /computeMetadata/v1/instance/service-accounts/default/token -> 403' "$TEST_TMP/sim.err"; echo $?)" \
	"--verbose logs method, path and status"

# ---- each source end to end -------------------------------------------------------------------
ISSUED=$(jq -r .access_token "$TEST_TMP/md.json")
run env DPJOBS_IAM_TOKEN="$ISSUED" "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext --folder-id "$FOLDER" auth status
keep
like "$RC $OUT" "^0 source: IAM token \(env DPJOBS_IAM_TOKEN\)" "DPJOBS_IAM_TOKEN: auth status names it, exit 0"
like "$OUT" "check: ok" "... and the check call passes with the issued token"
printf '%s\n' "$ISSUED" >"$TEST_TMP/token-file"
run sdp --iam-token-file "$TEST_TMP/token-file" --cluster-id "$CLUSTER" list
keep
is "$RC" 0 "--iam-token-file: list works"
run sdp --sa-key-file "$KEY" --folder-id "$FOLDER" auth status
keep
like "$RC $OUT" "^0 source: service account key" "--sa-key-file: auth status names it, exit 0"
run env DPJOBS_OAUTH_TOKEN="$OAUTH" "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext --folder-id "$FOLDER" auth status
keep
like "$RC $OUT" "^0 source: OAuth token" "DPJOBS_OAUTH_TOKEN: auth status names it, exit 0"
before=$(calls)
run sdp --token-command "$CMD" --folder-id "$FOLDER" auth status
keep
like "$RC $OUT" "^0 source: token command \(--token-command\)" "--token-command: auth status names it, exit 0"
like "$OUT" "check: ok" "... and the check call passes"
like "$OUT" "expires: unknown \(the command gives none" "... and says the command gives no expiry"
is "$(($(calls) - before))" 1 "... the command ran once"
run env DPJOBS_TOKEN_COMMAND="$CMD" "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext --cluster-id "$CLUSTER" list
keep
is "$RC" 0 "DPJOBS_TOKEN_COMMAND: list works"
before=$(metadata_calls)
run env DPJOBS_METADATA_URL="$SIM_METADATA_URL" "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext --folder-id "$FOLDER" auth status
keep
like "$RC $OUT" "^0 source: metadata service \(env DPJOBS_METADATA_URL\)" "DPJOBS_METADATA_URL: auth status names the metadata service"
like "$OUT" "url: $SIM_METADATA_URL" "... with its URL"
like "$OUT" "expires: .*in (9m5[0-9]s|10m00s)" "... and the expiry from expires_in"
like "$OUT" "check: ok" "... and the check call passes"
is "$(($(metadata_calls) - before))" 1 "... one request to the metadata service"
run env DPJOBS_METADATA_URL="$SIM_METADATA_URL" "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext --metadata \
	--cluster-id "$CLUSTER" list
keep
ok "$([ "$RC" -eq 0 ] && grep -q 'auth: new IAM token from the metadata service' "$DPJOBS_LOG"; echo $?)" \
	"--metadata with DPJOBS_METADATA_URL (no 169.254.169.254): list works"

# ---- the metadata service is never probed unless asked for -----------------------------------------
# With no credential at all (the simulator refuses the call, which does not matter here),
# and with --metadata pointed at loopback: every connect() goes to loopback or a unix socket.
if command -v strace >/dev/null 2>&1 && strace -f -o /dev/null true 2>/dev/null; then
	for how in none metadata; do
		if [ "$how" = none ]; then set --; else set -- --metadata; fi
		env DPJOBS_METADATA_URL="$(
			[ "$how" = none ] || printf '%s' "$SIM_METADATA_URL"
		)" ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 timeout -k 5 60 \
			strace -f -qq -e trace=connect -o "$TEST_TMP/connects.$how" \
			"$DPJOBS" --endpoint "$SIM_ADDR" --plaintext "$@" --folder-id "$FOLDER" \
			clusters >/dev/null 2>&1
		far=$(grep 'connect(' "$TEST_TMP/connects.$how" | grep -v 'AF_UNIX' |
			grep -vE 'inet_addr\("127\.|inet_pton\(AF_INET6, "::1"|"::ffff:127\.' || true)
		ok "$([ -s "$TEST_TMP/connects.$how" ] && [ -z "$far" ] &&
			! grep -q '169\.254' "$TEST_TMP/connects.$how"; echo $?)" \
			"credentials '$how': only loopback is contacted, never 169.254.169.254"
		[ -z "$far" ] || diag "$far"
	done
else
	pass "# SKIP strace is missing or cannot trace here"
	pass "# SKIP strace is missing or cannot trace here"
fi

# ---- first match wins -------------------------------------------------------------------------
run env DPJOBS_IAM_TOKEN="$ISSUED" DPJOBS_OAUTH_TOKEN=wrong "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext \
	--token-command false --folder-id "$FOLDER" auth status
keep
like "$RC $OUT" "^0 source: IAM token" "IAM token before OAuth token and command"
run env DPJOBS_OAUTH_TOKEN=wrong "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext --sa-key-file "$KEY" \
	--folder-id "$FOLDER" auth status
keep
like "$RC $OUT" "^0 source: service account key" "service account key before OAuth token"
run env DPJOBS_OAUTH_TOKEN="$OAUTH" "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext --token-command false \
	--folder-id "$FOLDER" auth status
keep
like "$RC $OUT" "^0 source: OAuth token" "OAuth token before the (failing) token command"
before=$(metadata_calls)
cbefore=$(calls)
run env DPJOBS_METADATA_URL="$SIM_METADATA_URL" "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext \
	--token-command "$CMD" --folder-id "$FOLDER" auth status
keep
like "$RC $OUT" "^0 source: token command" "token command before the metadata service"
is "$(($(metadata_calls) - before))/$(($(calls) - cbefore))" 1/1 \
	"... the metadata service was asked only by the command"

# ---- token command failures -------------------------------------------------------------------
run sdp --token-command 'echo "profile default has no token" >&2; exit 3' --cluster-id "$CLUSTER" list
keep
ok "$(one_line; echo $?)" "command exiting 3: exit 1, one line"
like "$ERR" "token command exited with status 3: profile default has no token" "... with status and stderr"
ok "$(! printf '%s' "$ERR" | grep -q request-id; echo $?)" "... and no request-id: no request was sent"
run sdp --token-command true --cluster-id "$CLUSTER" list
keep
ok "$(one_line && printf '%s' "$ERR" | grep -q 'token command printed nothing'; echo $?)" \
	"empty output: exit 1, one line: printed nothing"
run sdp --token-command 'echo one; echo two' --cluster-id "$CLUSTER" list
keep
ok "$(one_line && printf '%s' "$ERR" | grep -q 'token command printed more than one line'; echo $?)" \
	"two lines: exit 1, one line: more than one line"
run sdp --token-command 'echo not-an-issued-token' --cluster-id "$CLUSTER" list
keep
ok "$(one_line && printf '%s' "$ERR" | grep -q UNAUTHENTICATED; echo $?)" \
	"a token the service refuses: exit 1, one line, UNAUTHENTICATED"
# SIGCHLD ignored by whoever started dpjobs (inherited across exec): the command's end is
# still seen at once, not after the 30 s timeout.
t0=$(now_ms)
run sh -c 'trap "" CHLD; exec "$@"' sh "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext \
	--token-command 'echo not-an-issued-token' --cluster-id "$CLUSTER" list
t=$(($(now_ms) - t0))
ok "$([ "$RC" -eq 1 ] && printf '%s' "$ERR" | grep -q UNAUTHENTICATED && [ "$t" -lt 10000 ]; echo $?)" \
	"SIGCHLD ignored by the parent: the command's token is read at once ($t ms), not timed out"
# Killed while its token command runs, dpjobs takes the command's process group with it.
"$DPJOBS" --endpoint "$SIM_ADDR" --plaintext --cluster-id "$CLUSTER" \
	--token-command "sleep 60 & echo \$! >'$TEST_TMP/cmd.pid'; wait" list \
	>/dev/null 2>&1 </dev/null &
dpid=$!
wait_until 20 test -s "$TEST_TMP/cmd.pid"
kill -TERM "$dpid"
wait "$dpid"
drc=$?
cpid=$(cat "$TEST_TMP/cmd.pid")
# gone PID: no such process, or a zombie left for an init that does not reap.
gone() { ! kill -0 "$1" 2>/dev/null || [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" = Z ]; }
wait_until 5 gone "$cpid"
ok "$([ "$drc" -eq 143 ] && gone "$cpid"; echo $?)" \
	"SIGTERM during the token command: dpjobs dies of it (status $drc) and the command is gone"
kill -KILL "$cpid" 2>/dev/null
sim_stop

# ---- metadata failures --------------------------------------------------------------------------
for code in 400 404 403 500; do
	asim_up --metadata-listen 127.0.0.1:0 --metadata-status "$code"
	run env DPJOBS_METADATA_URL="$SIM_METADATA_URL" "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext \
		--cluster-id "$CLUSTER" list
	keep
	case $code in
	400) want='HTTP 400: .*gce-http-endpoint.*gce-http-token' ;;
	404) want='HTTP 404: no service account is attached to this VM' ;;
	*) want="HTTP $code" ;;
	esac
	ok "$(one_line && printf '%s' "$ERR" | grep -q "metadata service $SIM_METADATA_URL: $want"; echo $?)" \
		"metadata answering $code: exit 1, one line naming the URL and the cause"
	sim_stop
done
port=$(free_port)
url="http://127.0.0.1:$port/computeMetadata/v1/instance/service-accounts/default/token"
asim_up
run env DPJOBS_METADATA_URL="$url" "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext --cluster-id "$CLUSTER" list
keep
ok "$(one_line && printf '%s' "$ERR" | grep -q "metadata service $url: .*onnect"; echo $?)" \
	"metadata on a refused port: exit 1, one line naming the URL"
run env DPJOBS_METADATA_URL="file:///etc/passwd" "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext --cluster-id "$CLUSTER" list
keep
ok "$(one_line && printf '%s' "$ERR" | grep -q 'only http:// and https://'; echo $?)" \
	"a file: metadata URL is refused in one line"
sim_stop

# ---- refresh during log --follow ------------------------------------------------------------------
state="$TEST_TMP/follow.db"
asim_up --token-ttl 3 --speed 10 --jobs 2 --state "$state" --metadata-listen 127.0.0.1:0 --verbose
CMD="$TEST_TMP/get-token $SIM_METADATA_URL"
run env DPJOBS_METADATA_URL="$SIM_METADATA_URL" "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext \
	--cluster-id "$CLUSTER" --format json create spark --name refresh-md --main-jar-file-uri s3a://b/app.jar
keep
job_md=$(jq -r '.metadata.job_id' "$TEST_TMP/out")
run env DPJOBS_METADATA_URL="$SIM_METADATA_URL" "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext \
	--cluster-id "$CLUSTER" --format json create spark --name refresh-cmd --main-jar-file-uri s3a://b/app.jar
keep
job_cmd=$(jq -r '.metadata.job_id' "$TEST_TMP/out")
run env DPJOBS_METADATA_URL="$SIM_METADATA_URL" "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext \
	--cluster-id "$CLUSTER" --format json create spark --name refresh-flaky --main-jar-file-uri s3a://b/app.jar
keep
job_flaky=$(jq -r '.metadata.job_id' "$TEST_TMP/out")
# A command that fails on its second and third runs, as yc might during a network blip.
cat >"$TEST_TMP/flaky-token" <<EOS
#!/bin/sh
n=\$((\$(cat '$TEST_TMP/flaky.n' 2>/dev/null || echo 0) + 1))
echo \$n >'$TEST_TMP/flaky.n'
case \$n in 2|3) echo "network is unreachable" >&2; exit 1 ;; esac
exec '$TEST_TMP/get-token' '$SIM_METADATA_URL'
EOS
chmod +x "$TEST_TMP/flaky-token"
md_before=$(metadata_calls)
: >"$CALLS"
DPJOBS_METADATA_URL=$SIM_METADATA_URL dp_bg fmd --cluster-id "$CLUSTER" log "$job_md" --follow
DPJOBS_LOG="$TEST_TMP/debug-cmd.log" dp_bg fcmd --token-command "$CMD" --cluster-id "$CLUSTER" \
	log "$job_cmd" --follow
dp_bg fflaky --token-command "$TEST_TMP/flaky-token" --cluster-id "$CLUSTER" log "$job_flaky" --follow
ok "$(wait_until 150 dp_bg_ended fmd && wait_until 60 dp_bg_ended fcmd; echo $?)" \
	"log --follow ends by itself with the metadata service and with the command"
is "$(dp_bg_rc fmd)/$(dp_bg_rc fcmd)" 0/0 "... both with exit 0 across several 3 s tokens"
ok "$(wait_until 60 dp_bg_ended fflaky; echo $?)" "a command failing twice after its first token: log --follow goes on"
is "$(dp_bg_rc fflaky):$(cat "$TEST_TMP/fflaky.err")" "0:" "... and ends with exit 0, nothing on stderr"
cat "$TEST_TMP/fmd.err" "$TEST_TMP/fcmd.err" >>"$ALL" 2>/dev/null
md_runs=$(($(metadata_calls) - md_before))
cmd_runs=$(calls)
sim_stop
"$DPJOBS_SIM" --state "$state" --dump-log "$job_md" >"$TEST_TMP/fmd.want"
"$DPJOBS_SIM" --state "$state" --dump-log "$job_cmd" >"$TEST_TMP/fcmd.want"
ok "$([ -s "$TEST_TMP/fmd.want" ] && cmp "$TEST_TMP/fmd.out" "$TEST_TMP/fmd.want" >&2; echo $?)" \
	"metadata: no byte lost or doubled ($(wc -c <"$TEST_TMP/fmd.want" | tr -d ' ') bytes)"
ok "$([ -s "$TEST_TMP/fcmd.want" ] && cmp "$TEST_TMP/fcmd.out" "$TEST_TMP/fcmd.want" >&2; echo $?)" \
	"command: no byte lost or doubled ($(wc -c <"$TEST_TMP/fcmd.want" | tr -d ' ') bytes)"
"$DPJOBS_SIM" --state "$state" --dump-log "$job_flaky" >"$TEST_TMP/fflaky.want"
ok "$([ -s "$TEST_TMP/fflaky.want" ] && cmp "$TEST_TMP/fflaky.out" "$TEST_TMP/fflaky.want" >&2 &&
	[ "$(cat "$TEST_TMP/flaky.n")" -ge 4 ]; echo $?)" \
	"flaky command: no byte lost or doubled, $(cat "$TEST_TMP/flaky.n") runs"
# The command's own tokens came from the responder too: subtract them.
ok "$([ $((md_runs - cmd_runs)) -ge 2 ]; echo $?)" \
	"... the metadata service was asked again before expiry ($((md_runs - cmd_runs)) requests)"
ok "$([ "$cmd_runs" -ge 2 ]; echo $?)" "... the command ran again after UNAUTHENTICATED ($cmd_runs runs)"
cat "$TEST_TMP/debug-cmd.log" >>"$ALL" 2>/dev/null

# ---- TLS on the IAM channel -------------------------------------------------------------------
tls=$TEST_TMP/tls
test_pki "$tls"
sim_start --folder-id "$FOLDER" --require-auth --oauth-token "$OAUTH" \
	--tls-cert "$tls/local.pem" --tls-key "$tls/local.key"
tlsdp() {
	timeout -k 5 60 env DPJOBS_OAUTH_TOKEN="$OAUTH" "$DPJOBS" --endpoint "$SIM_ADDR" \
		--iam-endpoint "localhost:${SIM_ADDR##*:}" "$@"
}
run tlsdp --ca-file "$tls/ca.pem" --folder-id "$FOLDER" auth status
keep
ok "$([ "$RC" -eq 0 ] && printf '%s' "$OUT" | grep -q 'check: ok'; echo $?)" \
	"the OAuth exchange over TLS with --iam-endpoint and the right --ca-file"
run tlsdp --ca-file "$tls/other.pem" clusters --folder-id "$FOLDER"
keep
ok "$(one_line && printf '%s' "$ERR" | grep -q 'IAM token'; echo $?)" \
	"a CA that did not sign the IAM endpoint's certificate: exit 1, one line ($ERR)"
sim_stop

# ---- no token anywhere -----------------------------------------------------------------------
cat "$TEST_TMP/fmd.out" "$TEST_TMP/fcmd.out" >>"$ALL"
n_tokens=$(sort -u "$TOKENS" | grep -c .)
found=$(sort -u "$TOKENS" | grep . | grep -c -F -f - "$ALL" "$DPJOBS_LOG" | awk -F: '{s += $NF} END {print s + 0}')
ok "$([ "$n_tokens" -ge 3 ] && [ "$found" -eq 0 ]; echo $?)" \
	"none of the $n_tokens tokens handed out is in any output or debug log"
leaks=$(cat "$ALL" "$DPJOBS_LOG" "$TEST_TMP/sim.err" | grep -c -e "$OAUTH" -e 't1\.' -e 'eyJ')
is "$leaks" 0 "no OAuth token, IAM token or JWT in any output, debug log or the simulator's log"
done_testing
