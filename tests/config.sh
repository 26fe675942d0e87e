#!/bin/sh
# The configuration file end to end: profiles chosen by --profile, DPJOBS_PROFILE or the
# file's default; precedence command line > environment > profile > global > default; a
# profile's endpoint, cluster and credentials used against dpjobs-sim --require-auth; bad
# lines warned about with FILE:LINE while the command still works; source; `config show`.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_programs
plan 74

OAUTH=y0_config-oauth-secret-0815-never-print
IAM=t1.config-iam-secret-4242-never-print
export DPJOBS_LOG="$TEST_TMP/debug.log"
ALL="$TEST_TMP/all-output"
keep() { cat "$TEST_TMP/out" "$TEST_TMP/err" >>"$ALL"; }
# Nothing of the caller's configuration, profile or credentials takes part.
unset DPJOBS_CONFIG DPJOBS_PROFILE DPJOBS_OAUTH_TOKEN DPJOBS_SA_KEY_FILE XDG_CONFIG_HOME \
	DPJOBS_TOKEN_COMMAND DPJOBS_METADATA_URL DPJOBS_READONLY
HOME=$TEST_TMP/home
export HOME
mkdir -p "$HOME/.config/dpjobs"

DPJOBS_OAUTH_TOKEN=$OAUTH sim_up --require-auth --oauth-token "$OAUTH"
[ -n "$CLUSTER" ] || diag "no cluster in the simulator"
# A dead end on loopback: what the global section points at, so that a missing profile
# can never reach a real address.
DEAD="unix:$TEST_TMP/nobody-listens.sock"

CONF=$HOME/.config/dpjobs/config
cat >"$CONF" <<EOF
# global section
endpoint = $DEAD
plaintext = on
timeout = 5
refresh-interval = 2
cluster-id = c9qglobalcluster00001

profile sim
endpoint = $SIM_ADDR
cluster-id = $CLUSTER
oauth-token = $OAUTH
refresh-interval = 3

profile noauth
endpoint = $SIM_ADDR
cluster-id = $CLUSTER
EOF
chmod 600 "$CONF"
# dpj ARGS...: dpjobs with nothing but the configuration file to go on.
dpj() { timeout -k 5 60 "$DPJOBS" "$@"; }

# ---- choosing the profile ------------------------------------------------------------------
run dpj --profile sim list
keep
is "$RC" 0 "--profile sim: its endpoint, cluster and OAuth token reach the simulator"
like "$OUT" "^ID +NAME" "... and list prints the jobs"
is "$ERR" "" "... without a warning"
run dpj list --profile sim
keep
is "$RC" 0 "--profile after the command works too"
run env DPJOBS_PROFILE=sim "$DPJOBS" list
keep
is "$RC" 0 "DPJOBS_PROFILE=sim chooses the profile"
run dpj --profile noauth list
keep
is "$RC" 1 "a profile without credentials: the simulator refuses (its credentials are used)"
run dpj list
keep
is "$RC" 1 "no profile: the global section's dead endpoint, a failure"
sed 's/^timeout = 5$/timeout = 5\nprofile = sim/' "$CONF" >"$TEST_TMP/default.conf"
chmod 600 "$TEST_TMP/default.conf"
run dpj --config "$TEST_TMP/default.conf" list
keep
is "$RC" 0 "profile = sim in the global section is the default profile"
run dpj --config "$TEST_TMP/default.conf" --profile noauth list
keep
is "$RC" 1 "--profile overrides the default profile"

# ---- unknown profile, missing file ----------------------------------------------------------
run dpj --profile nope list
is "$RC" 2 "an unknown --profile: exit 2"
like "$ERR" "^dpjobs: unknown profile 'nope' \(--profile; profiles: sim, noauth\)$" \
	"... naming the profiles the file defines"
run env DPJOBS_PROFILE=nope "$DPJOBS" config show
is "$RC" 2 "an unknown DPJOBS_PROFILE: exit 2, even for config show"
like "$ERR" "unknown profile 'nope' \(env DPJOBS_PROFILE; profiles: sim, noauth\)" \
	"... and says where the name came from"
run dpj --config "$TEST_TMP/no-such.conf" config show
is "$RC" 2 "--config naming a missing file: exit 2"
like "$ERR" "^dpjobs: $TEST_TMP/no-such.conf: No such file or directory \(named by --config\)" \
	"... with the path and why"
run env HOME="$TEST_TMP/empty" "$DPJOBS" --endpoint "$DEAD" config show
is "$RC" 0 "no file in the default place: fine"

# ---- precedence ----------------------------------------------------------------------------
# show KEY: the line `config show` prints for KEY.
show() { printf '%s\n' "$OUT" | grep "^$1 = "; }
run dpj --profile sim config show
keep
is "$RC" 0 "config show needs no server and no credentials"
is "$(show refresh-interval)" "refresh-interval = 3  # $CONF:12" "profile > global"
is "$(show timeout)" "timeout = 5  # $CONF:4" "global > default"
is "$(show mouse)" "mouse = off  # default" "default when nobody sets it"
is "$(show profile)" "profile = sim  # --profile" "the profile and where it was chosen"
run env DPJOBS_CLUSTER_ID=c9qenvcluster00000001 "$DPJOBS" --profile sim config show
is "$(show cluster-id)" "cluster-id = c9qenvcluster00000001  # env DPJOBS_CLUSTER_ID" \
	"environment > profile"
run env DPJOBS_CLUSTER_ID=c9qenvcluster00000001 "$DPJOBS" --profile sim config show \
	--cluster-id c9qflagcluster0000001 --refresh 7
is "$(show cluster-id)" "cluster-id = c9qflagcluster0000001  # --cluster-id" \
	"command line > environment"
is "$(show refresh-interval)" "refresh-interval = 7  # --refresh" \
	"command line > profile for the TUI's options too"
run dpj --profile sim --endpoint "$DEAD" list
is "$RC" 1 "--endpoint on the command line beats the profile's endpoint"

# ---- secrets -------------------------------------------------------------------------------
run dpj --profile sim config show
keep
is "$(show oauth-token)" "oauth-token = \"<set, hidden>\"  # $CONF:11" \
	"the profile's OAuth token: hidden, with its line"
run env DPJOBS_IAM_TOKEN="$IAM" "$DPJOBS" --profile sim config show
keep
is "$(show oauth-token)" "oauth-token = \"\"  # default" \
	"a credential in the environment replaces the file's credentials"
is "$(show iam-token)" "iam-token = \"<set, hidden>\"  # env DPJOBS_IAM_TOKEN" \
	"an IAM token in the environment: hidden"
run dpj --profile sim --format json config show
keep
is "$RC" 0 "config show --format json"
ok "$(jq_ok '.settings["oauth-token"].value == "<set, hidden>" and
	.settings["oauth-token"].source == "'"$CONF"':11" and .profile == "sim" and
	.profile_source == "--profile" and .profiles == ["sim", "noauth"] and
	.config_file == "'"$CONF"'" and .config_file_found and .warnings == []'; echo $?)" \
	"... with the documented fields"
chmod 644 "$CONF"
run dpj --profile sim list
keep
is "$RC" 0 "an OAuth token in a file others can read still works"
is "$ERR" "dpjobs: $CONF:11: holds an oauth-token but others can read it (chmod 600 $CONF)" \
	"... with a warning at its line"
chmod 600 "$CONF"

# ---- bad lines: warnings with FILE:LINE, the rest applies ----------------------------------
cat >"$TEST_TMP/bad.conf" <<EOF
endpoint = $DEAD
frobnicate = 1
plaintext = maybe
set mouse = sometimes
bind J jump-around
bind nowhere J quit
color headr red
color header rojo
teleport now
profile sim
plaintext = yes
endpoint = $SIM_ADDR
cluster-id = not an id
cluster-id = $CLUSTER
oauth-token = $OAUTH
auth = magic
$OAUTH
EOF
chmod 600 "$TEST_TMP/bad.conf"
B=$TEST_TMP/bad.conf
run dpj --config "$B" --profile sim list
keep
is "$RC" 0 "a file with bad lines: the command still works"
is "$ERR" "dpjobs: $B:2: unknown key 'frobnicate'
dpjobs: $B:3: plaintext: expected on or off, not 'maybe'
dpjobs: $B:4: mouse: expected on or off, not 'sometimes'
dpjobs: $B:5: unknown action 'jump-around'
dpjobs: $B:6: unknown keymap 'nowhere' (global, list, detail, log)
dpjobs: $B:7: color: unknown element 'headr'
dpjobs: $B:8: color: bad colour (a name, 0-255, color0-color255 or #rrggbb) 'rojo'
dpjobs: $B:9: unknown command 'teleport' (expected set, bind, color, source, profile or NAME = VALUE)
dpjobs: $B:13: cluster-id: expected an id of letters and digits, not 'not an id'
dpjobs: $B:16: auth: expected auto or metadata, not 'magic'
dpjobs: $B:17: unknown command (expected set, bind, color, source, profile or NAME = VALUE)" \
	"... and each bad line is one warning: dpjobs: FILE:LINE: why"
run dpj --config "$B" --profile sim --format json config show
ok "$(jq_ok '(.warnings | length) == 11 and .settings["cluster-id"].source == "'"$B"':14"'; echo $?)" \
	"config show lists the warnings; a bad value leaves the good one in force"

# ---- source --------------------------------------------------------------------------------
mkdir -p "$TEST_TMP/cfg/parts"
cat >"$TEST_TMP/cfg/main" <<EOF
endpoint = $DEAD
plaintext = on
profile sim
source parts/conn
EOF
cat >"$TEST_TMP/cfg/parts/conn" <<EOF
endpoint = $SIM_ADDR
cluster-id = $CLUSTER
source ../main
source creds
EOF
printf 'oauth-token = %s\n' "$OAUTH" >"$TEST_TMP/cfg/parts/creds"
chmod 600 "$TEST_TMP/cfg/main" "$TEST_TMP/cfg/parts/conn" "$TEST_TMP/cfg/parts/creds"
run dpj --config "$TEST_TMP/cfg/main" --profile sim list
keep
is "$RC" 0 "source: relative to the including file, into the section of its line"
is "$ERR" "dpjobs: $TEST_TMP/cfg/parts/conn:3: source $TEST_TMP/cfg/parts/../main: already being read (a cycle), not read again" \
	"a cycle is refused with a warning at its line"
run dpj --config "$TEST_TMP/cfg/main" --profile sim config show
is "$(show endpoint)" "endpoint = $SIM_ADDR  # $TEST_TMP/cfg/parts/conn:1" \
	"config show names the sourced file and line"

# ---- the other keys ------------------------------------------------------------------------
cat >"$TEST_TMP/keys.conf" <<EOF
token-command = yc iam create-token --profile x
auth = metadata
metadata-url = http://127.0.0.1:9/token
base-domain = cloud.example.org
ca-file = certs/ca.pem
folder-id = b1gconfigfolder00001
set theme = "my theme.theme"
EOF
run dpj --config "$TEST_TMP/keys.conf" config show
is "$RC/$ERR" "0/" "token-command, auth, metadata-url, base-domain, ca-file, folder-id are keys"
is "$(show token-command)" "token-command = \"yc …\"  # $TEST_TMP/keys.conf:1" \
	"a token command shows its first word only, its arguments as …"
is "$(show auth)" "auth = metadata  # $TEST_TMP/keys.conf:2" "auth = metadata"
is "$(show endpoint)" "endpoint = dataproc.api.cloud.example.org:443  # default (base-domain)" \
	"base-domain makes the default endpoints"
is "$(show ca-file)" "ca-file = $TEST_TMP/certs/ca.pem  # $TEST_TMP/keys.conf:5" \
	"a relative path is relative to the file's directory"
is "$(show theme)" "theme = \"my theme.theme\"  # $TEST_TMP/keys.conf:7" \
	"a quoted value keeps its blanks"
run dpj --config "$TEST_TMP/keys.conf" --metadata config show
is "$(show auth)" "auth = metadata  # --metadata" "--metadata shows as the source of auth"

# ---- a profile's group replaces the global section's ----------------------------------------
G=$TEST_TMP/group.conf
cat >"$G" <<EOF
oauth-token = $OAUTH
cluster-id = c9qglobalcluster00001
endpoint = $DEAD
profile p
token-command = echo t1.fromprofile
cluster-name = etl
profile badid
cluster-id = not an id
EOF
chmod 600 "$G"
run dpj --config "$G" --profile p --iam-endpoint "$DEAD" auth status
keep
is "$RC" 0 "a profile's token-command with a global oauth-token: auth status works"
like "$OUT" "token command \($G:5\)" "... and uses the profile's command, not the global OAuth token"
run dpj --config "$G" --profile p config show
keep
is "$(show oauth-token)/$(show token-command)" \
	"oauth-token = \"\"  # default/token-command = \"echo …\"  # $G:5" \
	"config show: the global credential is not used, the profile's is"
is "$(show cluster-id)/$(show cluster-name)" \
	"cluster-id = \"\"  # default/cluster-name = etl  # $G:6" \
	"a profile's cluster-name replaces a global cluster-id"
is "$(show endpoint)" "endpoint = $DEAD  # $G:3" "... while a group the profile leaves alone stays global"
run dpj --config "$G" --profile p --cluster-id c9qflagcluster0000001 config show
is "$(show cluster-id)/$(show cluster-name)" \
	"cluster-id = c9qflagcluster0000001  # --cluster-id/cluster-name = \"\"  # default" \
	"the command line still beats the profile's group"
run dpj --config "$G" config show
is "$(show oauth-token)/$(show cluster-id)" \
	"oauth-token = \"<set, hidden>\"  # $G:1/cluster-id = c9qglobalcluster00001  # $G:2" \
	"without a profile the global section's group applies"
run dpj --config "$G" --profile badid config show
is "$(show cluster-id)" "cluster-id = c9qglobalcluster00001  # $G:2" \
	"a profile's bad line is left out: it replaces nothing"

# ---- no secret of a URL or a command in config show ---------------------------------------
S=$TEST_TMP/secret.conf
cat >"$S" <<EOF
metadata-url = http://metauser:urlpw-s3cr3t@127.0.0.1:9/token
token-command = curl -s -H "Authorization: Bearer cmdarg-s3cr3t" http://127.0.0.1:9/
profile badurl
metadata-url = ftp://metauser:urlpw-s3cr3t@127.0.0.1:9/token
profile bare
metadata-url = metauser:urlpw-s3cr3t@127.0.0.1
EOF
run dpj --config "$S" config show
keep
is "$(show metadata-url)" "metadata-url = http://127.0.0.1:9/token  # $S:1" \
	"config show: a metadata-url without its user:password@"
is "$(show token-command)" "token-command = \"curl …\"  # $S:2" \
	"config show: a token command without its arguments"
is "$(show auth)" "auth = metadata  # $S:1" "auth's source is the metadata-url line that turned it on"
run dpj --config "$S" --format json config show
keep
ok "$(jq_ok '.settings["metadata-url"].value == "http://127.0.0.1:9/token" and
	.settings["token-command"].value == "curl …" and
	.settings.auth.source == "'"$S"':1"'; echo $?)" "... and the same in JSON"
run dpj --config "$S" --profile badurl config show
keep
like "$OUT" "# warning: $S:4: metadata-url: expected an http:// URL, not 'ftp://127.0.0.1:9/token'" \
	"a bad metadata-url is quoted without its user:password@"
run dpj --config "$S" --profile bare config show
keep
like "$OUT" "# warning: $S:6: metadata-url: expected an http:// URL, not '127.0.0.1'" \
	"... also without a scheme"
ok "$(grep -c -e urlpw-s3cr3t -e cmdarg-s3cr3t "$ALL" | grep -qx 0; echo $?)" \
	"neither the URL's password nor the command's argument was printed"
run env DPJOBS_METADATA_URL=http://127.0.0.1:9/token "$DPJOBS" --config /dev/null config show
is "$(show auth)" "auth = metadata  # env DPJOBS_METADATA_URL" \
	"auth's source: env DPJOBS_METADATA_URL"

# ---- careless and hostile files ------------------------------------------------------------
mkfifo "$TEST_TMP/fifo"
run timeout -k 2 20 "$DPJOBS" --config "$TEST_TMP/fifo" config show
is "$RC" 2 "--config naming a FIFO: exit 2 at once (no wait for a writer)"
is "$ERR" "dpjobs: $TEST_TMP/fifo: not a regular file (a FIFO)
Try 'dpjobs --help'." "... saying why"
run timeout -k 2 20 "$DPJOBS" --config /dev/zero config show
is "$RC/$ERR" "2/dpjobs: /dev/zero: larger than 1048576 bytes
Try 'dpjobs --help'." "--config /dev/zero: the size limit, not all of memory"
run dpj --config /dev/null config show
is "$RC/$ERR" "0/" "--config /dev/null: no settings"
# Written on Windows: a byte order mark, CR LF, a comment after a value.
printf '\357\273\277# windows\r\nendpoint = 127.0.0.1:1 # prod\r\ntimeout = 7   \r\nprofile w\r\nset theme = "a b"  \r\n' \
	>"$TEST_TMP/win.conf"
run dpj --config "$TEST_TMP/win.conf" --profile w config show
is "$RC/$ERR" "0/" "a file written on Windows: no warning"
is "$(show endpoint)" "endpoint = 127.0.0.1:1  # $TEST_TMP/win.conf:2" \
	"... its values without CR, blanks or comment"
is "$(show theme)" "theme = \"a b\"  # $TEST_TMP/win.conf:5" "... a quoted value in a profile"
printf 'ca-file = ~/ca.pem\n' >"$TEST_TMP/tilde.conf"
run env -u HOME "$DPJOBS" --config "$TEST_TMP/tilde.conf" config show
is "$(show ca-file)" 'ca-file = ""  # default' "ca-file = ~/... without HOME: not used"
like "$OUT" "# warning: $TEST_TMP/tilde.conf:1: ca-file '~/ca.pem': HOME is not set" \
	"... and said why"
# Slips that used to print the token back: a lost blank, a stray quote, a wrong key.
cat >"$TEST_TMP/slip.conf" <<EOF
set oauth-token$OAUTH
oauth-token = "${OAUTH%%-*}"${OAUTH#*-}
set auth token = $OAUTH
profile p
timeout = 3
profile q
profile p
plaintext = on
EOF
run dpj --config "$TEST_TMP/slip.conf" --profile p config show
keep
is "$(printf '%s\n' "$OUT" | grep -c '^# warning')" 3 "three slips, three warnings (none shows the token)"
is "$(show timeout)/$(show plaintext)" \
	"timeout = 3  # $TEST_TMP/slip.conf:5/plaintext = on  # $TEST_TMP/slip.conf:8" \
	"two sections of one profile make one profile"

# ---- no secret anywhere --------------------------------------------------------------------
cat "$DPJOBS_LOG" >>"$ALL" 2>/dev/null
ok "$(grep -c -e "$OAUTH" -e "$IAM" "$ALL" | grep -qx 0; echo $?)" \
	"neither token appears in any output or the debug log"
ok "$([ -s "$ALL" ]; echo $?)" "... of which there was some"
sim_stop
done_testing
