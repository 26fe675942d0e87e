#!/bin/sh
# Error lines that name what failed, through `dpjobs list`: DNS (in a network namespace of its
# own, so no query leaves), a refused port, a missing socket, TLS (untrusted CA, wrong name,
# TLS against plaintext and the reverse), UNAUTHENTICATED and PERMISSION_DENIED. Each is one
# line on stderr and exit 1; what cannot heal is not retried.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_programs
command -v openssl >/dev/null 2>&1 || skip_all "openssl is not installed"
plan 17

FOLDER=b1gerrorstest0000001
ANY_CLUSTER=c9qtpsbtlk0n2v0e7788
RID='\(request-id [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\)'

# one_line REGEX DESCRIPTION: the last run failed with exit 1, printed nothing on stdout and
# exactly one line on stderr, matching REGEX.
one_line() {
	ok "$([ "$RC" -eq 1 ] && [ -z "$OUT" ] && [ "$(lines "$ERR")" -eq 1 ] &&
		printf '%s\n' "$ERR" | grep -Eq -- "$1"; echo $?)" "$2"
	diag "$ERR"
}
# list ARGS...: dpjobs ARGS list, bounded.
list() { timeout -k 5 60 "$DPJOBS" --cluster-id "$ANY_CLUSTER" "$@" list; }
# retries: how many retry notes --verbose wrote in the last run's stderr.
retries() { grep -c 'retrying in' "$TEST_TMP/err"; }

# ---- DNS ----------------------------------------------------------------------------------
# A private network namespace has no interface up but a down loopback: the resolver cannot be
# reached and nothing is sent anywhere.
if unshare -rn true 2>/dev/null; then
	run unshare -rn "$DPJOBS" --endpoint dataproc.api.example:443 --cluster-id "$ANY_CLUSTER" list
	one_line "^dpjobs: cannot resolve dataproc.api.example:443 \(DNS, UNAVAILABLE\): .+ $RID\$" \
		"an unresolvable name: 'cannot resolve HOST:PORT (DNS, UNAVAILABLE)'"
else
	pass "# SKIP unshare -rn is not permitted here"
fi

# ---- connect ------------------------------------------------------------------------------
# A port that was just served and is closed now.
sim_start --folder-id "$FOLDER" --jobs 1
closed=$SIM_ADDR
sim_stop
run list --endpoint "$closed" --plaintext --verbose
ERR=$(grep -v 'retrying in' "$TEST_TMP/err")
one_line "^dpjobs: cannot connect to $closed \(UNAVAILABLE\): connection refused $RID\$" \
	"a closed port: 'cannot connect to ADDR (UNAVAILABLE): connection refused'"
is "$(retries)" 4 "... retried (a server may be restarting): 5 attempts"
run list --endpoint "unix:$TEST_TMP/no-such.sock"
one_line "^dpjobs: cannot connect to unix:$TEST_TMP/no-such.sock \(UNAVAILABLE\): no such file or directory $RID\$" \
	"a missing unix socket: 'cannot connect to unix:PATH (UNAVAILABLE): no such file or directory'"

# ---- TLS ----------------------------------------------------------------------------------
# A throwaway CA and a certificate for localhost and 127.0.0.1 signed by it, one for another
# name only, and a second CA that signed nothing.
tls=$TEST_TMP/tls
test_pki "$tls"

sim_start --folder-id "$FOLDER" --jobs 1 --tls-cert "$tls/local.pem" --tls-key "$tls/local.key"
run list --endpoint "$SIM_ADDR" --ca-file "$tls/ca.pem"
ok "$([ "$RC" -eq 1 ] && printf '%s\n' "$ERR" | grep -q '^dpjobs: NOT_FOUND: '; echo $?)" \
	"the right CA reaches the server (NOT_FOUND: the cluster is made up)"
run list --endpoint "$SIM_ADDR" --ca-file "$tls/other.pem" --verbose
one_line "^dpjobs: TLS: the server certificate of $SIM_ADDR is not trusted \(UNAVAILABLE\): certificate verify failed; use --ca-file for a private CA $RID\$" \
	"a CA that did not sign the certificate: 'TLS: the server certificate of ADDR is not trusted'"
is "$(retries)" 0 "... not retried: a certificate does not heal"
run timeout -k 5 60 "$DPJOBS" --endpoint "$SIM_ADDR" --ca-file "$tls/other.pem" \
	--cluster-id "$ANY_CLUSTER" log c9qjobjobjobjobjobjo --follow
one_line "^dpjobs: TLS: the server certificate of $SIM_ADDR is not trusted" \
	"log --follow, which waits out network failures, gives up on an untrusted certificate"
run list --endpoint "$SIM_ADDR" --plaintext --verbose
ERR=$(grep -v 'retrying in' "$TEST_TMP/err")
one_line "^dpjobs: cannot connect to $SIM_ADDR \(UNAVAILABLE\): the server closed the connection; if it serves TLS, drop --plaintext $RID\$" \
	"plaintext against TLS: 'the server closed the connection; if it serves TLS, drop --plaintext'"
sim_stop

sim_start --folder-id "$FOLDER" --jobs 1 --tls-cert "$tls/elsewhere.pem" --tls-key "$tls/elsewhere.key"
run list --endpoint "$SIM_ADDR" --ca-file "$tls/ca.pem" --verbose
one_line "^dpjobs: TLS: the server certificate of $SIM_ADDR is not issued for that name \(UNAVAILABLE\): peer name 127.0.0.1 is not in peer certificate; .+ $RID\$" \
	"a certificate for another name: 'TLS: the server certificate of ADDR is not issued for that name'"
is "$(retries)" 0 "... not retried"
sim_stop

sim_start --folder-id "$FOLDER" --jobs 1
run list --endpoint "$SIM_ADDR" --ca-file "$tls/ca.pem" --verbose
one_line "^dpjobs: TLS: $SIM_ADDR does not speak TLS \(UNAVAILABLE\): wrong version number; use --plaintext for a server without TLS $RID\$" \
	"TLS against plaintext: 'TLS: ADDR does not speak TLS ... use --plaintext'"
is "$(retries)" 0 "... not retried"
sim_stop

# ---- auth and permission -------------------------------------------------------------------
sim_start --folder-id "$FOLDER" --jobs 1 --require-auth
run list --endpoint "$SIM_ADDR" --plaintext
one_line "^dpjobs: authentication failed \(UNAUTHENTICATED\): missing or invalid IAM token; see dpjobs auth status $RID\$" \
	"no credentials: 'authentication failed (UNAUTHENTICATED): ...; see dpjobs auth status'"
sim_stop

sim_start --folder-id "$FOLDER" --jobs 1 --faults permission_denied=1
run list --endpoint "$SIM_ADDR" --plaintext --verbose
one_line "^dpjobs: permission denied \(PERMISSION_DENIED\): injected fault: PERMISSION_DENIED $RID\$" \
	"PERMISSION_DENIED: 'permission denied (PERMISSION_DENIED): MESSAGE'"
sim_stop

# ---- what stays as it was ------------------------------------------------------------------
sim_start --folder-id "$FOLDER" --jobs 1 --faults unavailable=1
run list --endpoint "$SIM_ADDR" --plaintext --timeout 5
one_line "^dpjobs: UNAVAILABLE: injected fault: UNAVAILABLE $RID\$" \
	"a server's own UNAVAILABLE keeps 'CODE: message'"
sim_stop
sim_start --folder-id "$FOLDER" --jobs 1
run list --endpoint "$SIM_ADDR" --plaintext
one_line "^dpjobs: NOT_FOUND: cluster \"$ANY_CLUSTER\" not found $RID\$" "... and so does NOT_FOUND"
sim_stop
