#!/bin/sh
# Hostile token sources: a metadata service that stalls, floods, redirects or lies, token
# commands that misbehave, and hostile clients of dpjobs-sim's own metadata responder. Each
# case ends in bounded time with a working token or one clean line, and no token leaks.
. "${top_srcdir:-$(dirname "$0")/..}/tests/tui_lib.sh"
need_programs
HOSTILE="$top_builddir/tests/hostile_http"
[ -x "$HOSTILE" ] || skip_all "tests/hostile_http is not built (make check builds it)"
"$DPJOBS_SIM" --help | grep -q -- --metadata-listen || skip_all "dpjobs-sim has no --metadata-listen"
command -v curl >/dev/null 2>&1 || skip_all "curl is not installed (scripts/packages)"
plan 51

export DPJOBS_LOG="$TEST_TMP/debug.log"
ALL="$TEST_TMP/all-output"
: >"$ALL"
keep() { cat "$TEST_TMP/out" "$TEST_TMP/err" >>"$ALL"; }
one_line() { [ "$RC" -eq 1 ] && [ "$(lines "$ERR")" -eq 1 ]; }
# gone PID: no such process, or a zombie left for an init that does not reap.
gone() { ! kill -0 "$1" 2>/dev/null || [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" = Z ]; }
secs() { echo $(($(now_ms) - $1)); }

sim_start --folder-id "$FOLDER" --require-auth --metadata-listen 127.0.0.1:0 --verbose
TOKEN_URL=$SIM_METADATA_URL
fresh_token() { curl -s -m 5 -H 'Metadata-Flavor: Google' "$TOKEN_URL" | jq -r .access_token; }
ISSUED=$(fresh_token)
CLUSTER=$(env DPJOBS_IAM_TOKEN="$ISSUED" "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext \
	--format json clusters --folder-id "$FOLDER" | jq -r '.[0].id // empty')
# The hostile server hands out a token the simulator accepts; it gets it from its
# environment, never its argv.
HOSTILE_TOKEN=$ISSUED "$HOSTILE" serve >"$TEST_TMP/hostile.out" 2>>"$TEST_TMP/hostile.err" &
HPID=$!
_sim_pids="$_sim_pids $HPID"
wait_until 10 grep -q '^listening on ' "$TEST_TMP/hostile.out"
HADDR=$(sed -n 's/^listening on //p' "$TEST_TMP/hostile.out")

# ---- 1. the client against a hostile metadata service ----------------------------------------
# mdlist MODE: `dpjobs list` with the metadata source at the hostile server's MODE.
mdlist() {
	T0=$(now_ms)
	run env DPJOBS_METADATA_URL="http://$HADDR/$1" timeout -k 5 30 "$DPJOBS" --endpoint "$SIM_ADDR" \
		--plaintext --cluster-id "$CLUSTER" list
	T=$(secs "$T0")
	keep
}
# fails MODE REGEX WHAT: exit 1, one line naming the URL and matching REGEX.
fails() {
	mdlist "$1"
	ok "$(one_line && printf "%s" "$ERR" | grep -Eq "metadata service http://$HADDR/$1: $2" &&
		[ "$T" -lt 9000 ]; echo $?)" "metadata $3: exit 1, one line in $T ms"
	[ "$RC" -eq 1 ] || diag "rc $RC: $ERR"
	printf '%s' "$ERR" | grep -q "metadata service" || diag "$ERR"
}
works() {
	mdlist "$1"
	ok "$([ "$RC" -eq 0 ] && [ -z "$ERR" ]; echo $?)" "metadata $2: list works"
	[ "$RC" -eq 0 ] || diag "rc $RC: $ERR"
}
fails slow 'Operation timed out after 5[0-9]{3} milliseconds' "answering byte by byte past 5 s"
fails hang 'Operation timed out' "never answering"
fails midbody 'transfer closed with [0-9]+ bytes remaining' "closing mid-body"
fails huge 'the reply is larger than 64 KiB' "sending a 10 MiB body"
fails hugechunked 'the reply is larger than 64 KiB' "sending a 10 MiB chunked body"
works chunked "sending a chunked body"
works http10 "answering HTTP/1.0 with the body up to the close"
fails redirect "HTTP 302;" "redirecting (not followed)"
ok "$(grep -q "^hostile: redirect$" "$TEST_TMP/hostile.err" && ! grep -q "^hostile: ok$" "$TEST_TMP/hostile.err"; echo $?)" "... the redirect target was never asked"
fails ctl "the reply's access_token has a control character" "with ESC and newline in the token"
fails nul 'the reply is not a JSON object' "with a NUL in the token"
fails nonascii "the reply's access_token has a non-ASCII character" "with a non-ASCII token"
fails exp0 'the reply has no positive expires_in' "with expires_in 0"
fails expneg 'the reply has no positive expires_in' "with a negative expires_in"
fails expstr 'the reply has no positive expires_in' "with expires_in a string"
works expfloat "with expires_in 3599.75"
works exphuge "with expires_in 1e30"
works expbig "with expires_in 2^63-1"
fails mac "the reply's token_type is not Bearer" "with token_type MAC"
fails notjson 'the reply is not a JSON object' "answering HTML"
fails empty 'the reply is empty' "answering 200 with an empty body"
fails garbage 'Received HTTP/0.9 when not allowed' "answering no HTTP at all"
run env DPJOBS_METADATA_URL="http://$HADDR/exphuge" "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext \
	--folder-id "$FOLDER" auth status
keep
ok "$([ "$RC" -eq 0 ] && printf "%s" "$OUT" | grep -Eq "expires: [^ ]+ \(in (11h5[0-9]m|12h00m)"; echo $?)" \
	"expires_in 1e30: auth status shows the 12 h cap, not an overflow"
ok "$(! grep -q "$(printf "\033")" "$ALL"; echo $?)" \
	"no raw escape character reached any output"

# ---- 2. hostile token commands ------------------------------------------------------------------
# cmdlist COMMAND: `dpjobs list` with the token command; the real token is in $TOK for it.
cmdlist() {
	T0=$(now_ms)
	run env TOK="$ISSUED" timeout -k 5 60 "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext \
		--token-command "$1" --cluster-id "$CLUSTER" list
	T=$(secs "$T0")
	keep
}
cmdlist 'printf "%s\000\n" "$TOK"'
ok "$(one_line && printf '%s' "$ERR" | grep -q 'token command printed a control character'; echo $?)" \
	"command printing a NUL: exit 1, one line"
cmdlist 'yes "$TOK"'
ok "$(one_line && printf '%s' "$ERR" | grep -q 'token command printed more than 64 KiB' &&
	[ "$T" -lt 10000 ]; echo $?)" "command printing an endless stream: killed at 64 KiB ($T ms)"
cmdlist 'head -c 10485760 /dev/zero | tr "\0" t'
ok "$(one_line && printf '%s' "$ERR" | grep -q 'more than 64 KiB'; echo $?)" "command printing 10 MiB: one line"
cmdlist 'printf "  %s \r\n" "$TOK"'
is "$RC" 0 "command printing the token with spaces and CRLF: list works"
cmdlist 'cat >/dev/null; printf "%s\n" "$TOK"'
is "$RC" 0 "command reading stdin: gets EOF, list works"
cmdlist "sleep 67 & echo \$! >'$TEST_TMP/daemon.pid'; printf '%s\n' \"\$TOK\""
dpid=$(cat "$TEST_TMP/daemon.pid" 2>/dev/null || echo 0)
wait_until 5 gone "$dpid"
ok "$([ "$RC" -eq 0 ] && [ "$T" -lt 10000 ]; echo $?)" \
	"command leaving a daemon on its stdout: list works without waiting ($T ms)"
ok "$([ "$dpid" -gt 0 ] && gone "$dpid"; echo $?)" "... and the daemon is killed"
kill -KILL "$dpid" 2>/dev/null
cmdlist "trap '' TERM; printf '%s\n' \"\$TOK\""
is "$RC" 0 "command ignoring SIGTERM that exits by itself: list works"
# Nothing started by a token command outlives dpjobs: no `sleep 67` child of this test.
left=$(ps -eo pid=,args= | grep -c '[s]leep 67$')
is "$left" 0 "no token command process is left running"

# ---- 3. hostile clients of the simulator's responder ----------------------------------------------
MADDR=$SIM_METADATA_ADDR
MPATH=/computeMetadata/v1/instance/service-accounts/default/token
"$HOSTILE" slow "$MADDR" 8 >"$TEST_TMP/slow1.out" 2>&1 &
slow1=$!
"$HOSTILE" slow "$MADDR" 8 >"$TEST_TMP/slow2.out" 2>&1 &
slow2=$!
sleep 0.5
T0=$(now_ms)
code=$(curl -s -m 5 -o /dev/null -w '%{http_code}' -H 'Metadata-Flavor: Google' "$TOKEN_URL")
T=$(secs "$T0")
ok "$([ "$code" = 200 ] && [ "$T" -lt 1500 ]; echo $?)" \
	"two clients sending a byte every 200 ms: a good request is still served at once ($code, $T ms)"
run env DPJOBS_METADATA_URL="$TOKEN_URL" timeout -k 5 30 "$DPJOBS" --endpoint "$SIM_ADDR" --plaintext \
	--cluster-id "$CLUSTER" list
keep
is "$RC" 0 "... and dpjobs with the metadata source works meanwhile"
wait "$slow1" "$slow2"
like "$(cat "$TEST_TMP/slow1.out")" '^closed by the server after [1-3]\.' \
	"a slow client is dropped after the 2 s request limit ($(cat "$TEST_TMP/slow1.out"))"
# raw: the responder's answer to stdin sent as it is.
raw() { "$HOSTILE" raw "$MADDR"; }
status_of() { head -n 1 | tr -d '\r'; }
is "$(curl -s -m 5 -o /dev/null -w '%{http_code}' -H 'Metadata-Flavor: Google' -H "X-Big: $(str 20000)" "$TOKEN_URL")" \
	431 "a 20 KB header: 431"
is "$(printf 'GET %s HTTP/1.1\r\nMetadata-Flavor: Google\r\n\r\n' "$MPATH" | raw | status_of)" \
	"HTTP/1.1 200 OK" "no Host header: 200"
printf 'GET %s HTTP/1.1\r\nHost: x\r\nMetadata-Flavor: Google\r\n\r\nGET %s HTTP/1.1\r\nHost: x\r\nMetadata-Flavor: Google\r\n\r\n' \
	"$MPATH" "$MPATH" | raw >"$TEST_TMP/pipelined"
is "$(grep -c '^HTTP/1.1 200' "$TEST_TMP/pipelined")" 1 "two pipelined requests: the first is answered, then the connection closes"
is "$(printf '\001\002\000\377\033[2J garbage\r\n\r\n' | raw | status_of)" "HTTP/1.1 400 Bad Request" \
	"binary garbage with NULs: 400"
is "$(head -c 3000 /dev/urandom | raw | head -c 0; curl -s -m 5 -o /dev/null -w '%{http_code}' \
	-H 'Metadata-Flavor: Google' "$TOKEN_URL")" 200 "random bytes, then a good request: 200"
is "$(curl -s -0 -m 5 -o /dev/null -w '%{http_code}' -H 'Metadata-Flavor: Google' "$TOKEN_URL")" 200 "HTTP/1.0: 200"
printf 'HEAD %s HTTP/1.1\r\nHost: x\r\nMetadata-Flavor: Google\r\n\r\n' "$MPATH" | raw >"$TEST_TMP/head"
ok "$(status_of <"$TEST_TMP/head" | grep -q '^HTTP/1.1 405' && [ "$(tail -c 4 "$TEST_TMP/head" | od -An -c | tr -d ' ')" = '\r\n\r\n' ]; echo $?)" \
	"HEAD: 405, headers only"
is "$(curl -s -m 5 -o /dev/null -w '%{http_code}' -X POST -d "$(str 50000)" -H 'Metadata-Flavor: Google' "$TOKEN_URL")" \
	405 "POST with a 50 KB body: 405 (the body unread does not reset the reply)"
"$HOSTILE" slow "$MADDR" 8 >/dev/null 2>&1 &
slow3=$!
sleep 0.3
T0=$(now_ms)
sim_stop
st=$?
T=$(secs "$T0")
ok "$([ "$st" -eq 0 ] && [ "$T" -lt 5000 ]; echo $?)" \
	"the simulator stops cleanly (status $st, $T ms) with a slow client connected"
wait "$slow3"
ok "$(! grep -q 'ERROR: AddressSanitizer\|runtime error' "$TEST_TMP/sim.err"; echo $?)" \
	"no sanitizer report from the simulator"

# ---- 4. the TUI stays responsive while the metadata service hangs ---------------------------------
tui_need
sim_start --folder-id "$FOLDER" --require-auth
TUI_NOWAIT=1 TUI_ENV="DPJOBS_METADATA_URL=http://$HADDR/hang" tui_start --cluster-id "$CLUSTER"
ok "$(tui_until 5 'printf "%s" "$SCREEN" | grep -q "signing in"'; echo $?)" \
	"TUI with a hanging metadata service: the header says signing in"
T0=$(now_ms)
tui_stop q "... and q quits with exit 0, terminal restored"
T=$(secs "$T0")
ok "$([ "$T" -lt 3000 ]; echo $?)" "... promptly ($T ms, the fetch would take 5 s)"
sim_stop

# ---- a password in the metadata URL is never shown --------------------------------------------------
for userinfo in 'agent:pw-s3cret' 'agent:pw-s3c@ret' 'agent:pw-s3c#ret' 'agent:pw-s3c?ret'; do
	run env DPJOBS_METADATA_URL="http://$userinfo@$HADDR/status404" timeout -k 5 30 "$DPJOBS" \
		--endpoint 127.0.0.1:1 --plaintext auth status
	printf '%s\n%s\n' "$OUT" "$ERR" >"$TEST_TMP/shown"
	grep -q 'pw-s3c\|ret@\|agent' "$TEST_TMP/shown" && break
done
ok "$([ "$RC" -ne 0 ] && grep -q "$HADDR/status404" "$TEST_TMP/shown" &&
	! grep -q 'pw-s3c\|ret@\|agent' "$TEST_TMP/shown"; echo $?)" \
	"user:password@ in the metadata URL (with @ # ? in the password) is never shown ($userinfo)"

# ---- no token anywhere ----------------------------------------------------------------------------
kill -TERM "$HPID"
wait "$HPID" 2>/dev/null
is "$(cat "$ALL" "$DPJOBS_LOG" "$TEST_TMP/sim.err" | grep -c -F -e "$ISSUED" -e 't1.')" 0 \
	"no token in any output, the debug log or the simulator's log"
done_testing
