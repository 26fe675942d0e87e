#!/bin/sh
# dpjobs-sim's IAM and TLS: --make-sa-key's key file, --sa-public-key, --require-auth,
# --tls-cert/--tls-key against dpjobs --ca-file. (JWT checks: tests/unit/test_sim_iam.)
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_programs
command -v openssl >/dev/null 2>&1 || skip_all "openssl is not installed"
plan 22

# one_line_error: the last run failed with exit 1 and one stderr line matching $1.
one_line_error() {
	[ "$RC" -eq 1 ] && [ "$(lines "$ERR")" -eq 1 ] && printf '%s\n' "$ERR" | grep -q -- "$1"
}

# ---- --make-sa-key --------------------------------------------------------------------
key="$TEST_TMP/key.json"
sim_up --make-sa-key "$key"
ok "$([ -f "$key" ]; echo $?)" "--make-sa-key writes the key file, then serves"
is "$(stat -c %a "$key")" 600 "the key file has mode 0600"
ok "$(jq -e '(keys_unsorted == ["id","service_account_id","created_at","key_algorithm","public_key","private_key"]) and .key_algorithm == "RSA_2048"' "$key" >/dev/null; echo $?)" \
	"it has the fields of a real authorized key file, RSA_2048"
kid=$(jq -r .id "$key")
is "$(jq -r .private_key "$key" | head -n 2)" "PLEASE DO NOT REMOVE THIS LINE! Yandex.Cloud SA Key ID $kid
-----BEGIN PRIVATE KEY-----" "private_key starts with the 'PLEASE DO NOT REMOVE' line naming the key"
jq -r .private_key "$key" >"$TEST_TMP/priv.pem"
jq -j .public_key "$key" >"$TEST_TMP/pub.pem"
ok "$(openssl pkey -in "$TEST_TMP/priv.pem" -pubout 2>/dev/null | cmp -s - "$TEST_TMP/pub.pem"; echo $?)" \
	"openssl reads the private key past that line; public_key is its public half"
is "$(cat "$SIM_OUT")" "listening on $SIM_ADDR" "stdout has the listening line only"
run dp --format json clusters --folder-id "$FOLDER"
ok "$RC" "without --require-auth calls need no token"
sim_stop

# ---- --sa-public-key and usage ----------------------------------------------------------
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$TEST_TMP/k2.pem" 2>/dev/null
openssl pkey -in "$TEST_TMP/k2.pem" -pubout -out "$TEST_TMP/k2.pub" 2>/dev/null
sim_start --sa-public-key "ajkk2:ajesa2=$TEST_TMP/k2.pub" --sa-public-key "ajkk3=$TEST_TMP/pub.pem"
ok "$?" "--sa-public-key KEY_ID:SA_ID=FILE and KEY_ID=FILE (repeated) start"
sim_stop
run "$DPJOBS_SIM" --sa-public-key "ajkk2=$TEST_TMP/k2.pem"
ok "$(one_line_error 'not a PEM RSA public key'; echo $?)" \
	"a private key given as public key: exit 1, one line ($ERR)"
ok "$(printf '%s\n' "$ERR" | grep -q 'PRIVATE\|BEGIN'; [ $? -eq 1 ]; echo $?)" "... quoting nothing of the file"
run "$DPJOBS_SIM" --sa-public-key nofile
ok "$(one_line_error 'KEY_ID\[:SA_ID\]=FILE'; echo $?)" "a spec without =FILE: exit 1, one line"
run "$DPJOBS_SIM" --tls-cert "$TEST_TMP/k2.pem"
ok "$([ "$RC" -eq 2 ] && printf '%s\n' "$ERR" | grep -q 'go together'; echo $?)" \
	"--tls-cert without --tls-key is a usage error (exit 2)"
run "$DPJOBS_SIM" --token-ttl 0
ok "$([ "$RC" -eq 2 ]; echo $?)" "--token-ttl 0 is a usage error"

# ---- --require-auth ---------------------------------------------------------------------
sim_start --folder-id "$FOLDER" --require-auth --require-token fixed-7 --token-ttl 60 --oauth-token y0_oauth
run dp clusters --folder-id "$FOLDER"
ok "$(one_line_error UNAUTHENTICATED; echo $?)" "--require-auth: a call without a token is UNAUTHENTICATED"
run with_token t1.not-issued-here dp clusters --folder-id "$FOLDER"
ok "$(one_line_error UNAUTHENTICATED; echo $?)" "... and one with a token not issued is too"
run with_token fixed-7 dp --format json clusters --folder-id "$FOLDER"
ok "$([ "$RC" -eq 0 ] && jq_ok 'length == 1'; echo $?)" "... the --require-token one is accepted"
sim_stop
ok "$(grep -q 'fixed-7\|y0_oauth\|not-issued' "$TEST_TMP/sim.err" "$SIM_OUT"; [ $? -eq 1 ]; echo $?)" \
	"the simulator printed no token"

# ---- TLS ----------------------------------------------------------------------------------
# A throwaway CA, a server certificate for localhost and 127.0.0.1 signed by it, and a
# second CA that signed nothing.
tls=$TEST_TMP/tls
test_pki "$tls"
sim_start --folder-id "$FOLDER" --tls-cert "$tls/local.pem" --tls-key "$tls/local.key"
like "$SIM_ADDR" '^127\.0\.0\.1:[0-9]+$' "with TLS the line is still 'listening on ADDR'"
tlsdp() { timeout -k 5 60 "$DPJOBS" --endpoint "$SIM_ADDR" "$@"; }
run tlsdp --ca-file "$tls/ca.pem" --format json clusters --folder-id "$FOLDER"
ok "$([ "$RC" -eq 0 ] && jq_ok 'length == 1'; echo $?)" "dpjobs --ca-file with the right CA reaches it over TLS"
run tlsdp --endpoint "localhost:${SIM_ADDR##*:}" --ca-file "$tls/ca.pem" --format json clusters --folder-id "$FOLDER"
ok "$RC" "... as localhost too (DNS SAN)"
run tlsdp --ca-file "$tls/other.pem" clusters --folder-id "$FOLDER"
ok "$([ "$RC" -eq 1 ] && [ "$(lines "$ERR")" -eq 1 ]; echo $?)" \
	"with a CA that did not sign the certificate: exit 1, one line ($ERR)"
run dp clusters --folder-id "$FOLDER"
ok "$([ "$RC" -eq 1 ] && [ "$(lines "$ERR")" -eq 1 ]; echo $?)" "plaintext against TLS: exit 1, one line"
sim_stop
