#!/bin/sh
# Every validation limit of wire-reference.md §1, one value at the limit and one
# just over it, checked twice: against the SERVER (dpjobs --no-client-validation
# sends the request unchecked; the simulator must accept the one and reject the
# other with INVALID_ARGUMENT naming the field) and against the CLIENT (dpjobs
# accepts the one, and refuses the other with exit 2 before sending anything).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_programs
plan 205

# A frozen world with no jobs, logging its calls so that we can count what is sent.
sim_up --verbose --speed 0.001 --jobs 0

# calls METHOD: how many calls of METHOD the simulator has logged.
calls() { grep -c "$1 ->" "$TEST_TMP/sim.err" 2>/dev/null || true; }
# csv N LEN: N items of LEN characters, comma-separated (a list flag's value).
csv() {
	_item=$(str "$2")
	_n=$1
	_out=$_item
	while [ "$_n" -gt 1 ]; do _out="$_out,$_item"; _n=$((_n - 1)); done
	printf '%s' "$_out"
}
# rep FLAG N LEN: FLAG with a value of LEN characters, N times.
rep() { repeat "$2" "$1" "$(str "$3")" | tr '\n' ' '; }
# kvs N: N map entries k1=v,...,kN=v.
kvs() {
	_out=k1=v
	_i=2
	while [ "$_i" -le "$1" ]; do _out="$_out,k$_i=v"; _i=$((_i + 1)); done
	printf '%s' "$_out"
}
base_args() {
	case $1 in
	spark) echo "--main-jar-file-uri s3a://b/app.jar" ;;
	pyspark) echo "--main-python-file-uri s3a://b/main.py" ;;
	mapreduce) echo "--main-class org.example.Main" ;;
	hive) echo "" ;;
	esac
}

# server_rejects FIELD_RE: the last run was refused by the server: exit 1, one line
# "dpjobs: INVALID_ARGUMENT: ..." naming the field.
server_rejects() {
	[ "$RC" -eq 1 ] && [ "$(lines "$ERR")" -eq 1 ] &&
		printf '%s\n' "$ERR" | grep -Eq "^dpjobs: INVALID_ARGUMENT: .*$1"
}
# client_rejects FIELD_RE: the last run was refused before sending: exit 2, one line
# "dpjobs: invalid argument: FIELD...".
client_rejects() {
	[ "$RC" -eq 2 ] && [ "$(lines "$ERR")" -eq 1 ] &&
		printf '%s\n' "$ERR" | grep -Eq "^dpjobs: invalid argument: $1"
}

# limit TYPE FIELD_RE DESCRIPTION OK_ARGS BAD_ARGS [BASE_ARGS]: two tests, one for
# the server and one for the client. The ARGS are split on blanks; BASE_ARGS
# defaults to what TYPE requires.
limit() {
	_type=$1 _field=$2 _desc=$3 _ok=$4 _bad=$5
	if [ $# -ge 6 ]; then _base=$6; else _base=$(base_args "$_type"); fi
	run dpc --no-client-validation create "$_type" $_base $_ok
	_sok=$RC _sokerr=$ERR
	run dpc --no-client-validation create "$_type" $_base $_bad
	if [ "$_sok" -eq 0 ] && server_rejects "$_field"; then
		pass "server: $_type $_desc"
	else
		fail "server: $_type $_desc"
		diag "at the limit: exit $_sok $(printf '%s' "$_sokerr" | head -c 300)" \
			"over it: exit $RC $(printf '%s' "$ERR" | head -c 300)"
	fi
	_c0=$(calls JobService/Create)
	run dpc create "$_type" $_base $_ok
	_cok=$RC _cokerr=$ERR
	run dpc create "$_type" $_base $_bad
	_sent=$(($(calls JobService/Create) - _c0))
	if [ "$_cok" -eq 0 ] && client_rejects "$_field" && [ "$_sent" -eq 1 ]; then
		pass "client: $_type $_desc"
	else
		fail "client: $_type $_desc"
		diag "at the limit: exit $_cok $(printf '%s' "$_cokerr" | head -c 300)" \
			"over it: exit $RC $(printf '%s' "$ERR" | head -c 300)" "Create calls sent: $_sent (want 1)"
	fi
}

# list_limits TYPE FIELD csv|rep FLAG MAX_CHARS MAX_ELEMENTS
list_limits() {
	_p="${1}_job\\.$(echo "$2" | sed 's/\./\\./g')"
	case $3 in
	csv)
		limit "$1" "$_p" "$2: an element of $5 characters, not $(($5 + 1))" \
			"$4 $(str "$5")" "$4 $(str $(($5 + 1)))"
		limit "$1" "$_p" "$2: $6 elements, not $(($6 + 1))" \
			"$4 $(csv "$6" 3)" "$4 $(csv $(($6 + 1)) 3)"
		;;
	rep)
		limit "$1" "$_p" "$2: an element of $5 characters, not $(($5 + 1))" \
			"$4 $(str "$5")" "$4 $(str $(($5 + 1)))"
		limit "$1" "$_p" "$2: $6 elements, not $(($6 + 1))" \
			"$(rep "$4" "$6" 3)" "$(rep "$4" $(($6 + 1)) 3)"
		;;
	esac
}

# map_limits TYPE FIELD FLAG MAX_VALUE property|variable
map_limits() {
	_p="${1}_job\\.$2"
	limit "$1" "$_p" "$2: a value of $4 characters, not $(($4 + 1))" \
		"$3 k=$(str "$4")" "$3 k=$(str $(($4 + 1)))"
	limit "$1" "$_p" "$2: a key of 128 characters, not 129" \
		"$3 k$(str 127)=v" "$3 k$(str 128)=v"
	limit "$1" "$_p" "$2: a key of 1 character, not 0" "$3 k=v" "$3 =v"
	limit "$1" "$_p" "$2: 100 entries, not 101" "$3 $(kvs 100)" "$3 $(kvs 101)"
	limit "$1" "$_p" "$2: a key starts with a letter" "$3 Ab=v" "$3 9b=v"
	if [ "$5" = property ]; then
		limit "$1" "$_p" "$2: a key may hold - . _ and digits, not /" \
			"$3 a-b.c_D9=v" "$3 a/b=v"
	else
		limit "$1" "$_p" "$2: a key may hold _ and digits, not -" "$3 a_B9=v" "$3 a-b=v"
		limit "$1" "$_p" "$2: a key may not hold ." "$3 a_b=v" "$3 a.b=v"
	fi
}

# ---- name ------------------------------------------------------------------------------
limit hive name "name: 3 characters, not 2" "--name abc" "--name ab"
limit hive name "name: 63 characters, not 64" "--name a$(str 62 b)" "--name a$(str 63 b)"
limit hive name "name: no - at the end" "--name a-b" "--name ab-"
limit hive name "name: starts with a letter" "--name a1b" "--name 1ab"
limit hive name "name: lower case only" "--name abc" "--name aBc"
limit hive name "name: no _" "--name a-c" "--name a_c"

# ---- MapreduceJob --------------------------------------------------------------------
list_limits mapreduce args rep --arg 1024 32
list_limits mapreduce jar_file_uris csv --jar-file-uris 2047 100
list_limits mapreduce file_uris csv --file-uris 2047 100
list_limits mapreduce archive_uris csv --archive-uris 2047 100
map_limits mapreduce properties --properties 256 property
limit mapreduce 'mapreduce_job\.main_jar_file_uri' "main_jar_file_uri: 2047 characters, not 2048" \
	"--main-jar-file-uri $(str 2047)" "--main-jar-file-uri $(str 2048)" ""
limit mapreduce 'mapreduce_job\.main_class' "main_class: 255 characters, not 256" \
	"--main-class $(str 255)" "--main-class $(str 256)" ""
limit mapreduce 'mapreduce_job\.(driver|main_jar_file_uri|main_class)' \
	"driver: main_jar_file_uri or main_class is required" "--main-class M" "" ""

# ---- SparkJob --------------------------------------------------------------------------
list_limits spark args rep --arg 10000 256
list_limits spark jar_file_uris csv --jar-file-uris 2047 100
list_limits spark file_uris csv --file-uris 2047 100
list_limits spark archive_uris csv --archive-uris 2047 100
list_limits spark packages csv --packages 255 100
list_limits spark repositories csv --repositories 2047 10
list_limits spark exclude_packages csv --exclude-packages 255 100
map_limits spark properties --properties 256 property
limit spark 'spark_job\.main_jar_file_uri' "main_jar_file_uri: 2047 characters, not 2048" \
	"--main-jar-file-uri $(str 2047)" "--main-jar-file-uri $(str 2048)" ""
limit spark 'spark_job\.main_jar_file_uri' "main_jar_file_uri is required" \
	"--main-jar-file-uri j --main-class M" "--main-class M" ""
limit spark 'spark_job\.main_class' "main_class: 255 characters, not 256" \
	"--main-class $(str 255)" "--main-class $(str 256)"
# Lengths count characters, not bytes: 256 two-byte characters are within the limit.
limit spark 'spark_job\.properties' "properties: a value of 256 two-byte characters, not 257" \
	"--properties k=$(str 256 | sed 's/x/é/g')" "--properties k=$(str 257 | sed 's/x/é/g')"

# ---- PysparkJob ------------------------------------------------------------------------
list_limits pyspark args rep --arg 100000 2500
list_limits pyspark jar_file_uris csv --jar-file-uris 2047 100
list_limits pyspark file_uris csv --file-uris 2047 100
list_limits pyspark archive_uris csv --archive-uris 2047 100
list_limits pyspark python_file_uris csv --python-file-uris 2047 100
list_limits pyspark packages csv --packages 255 100
list_limits pyspark repositories csv --repositories 2047 10
list_limits pyspark exclude_packages csv --exclude-packages 255 100
map_limits pyspark properties --properties 10000 property
limit pyspark 'pyspark_job\.main_python_file_uri' "main_python_file_uri: 2047 characters, not 2048" \
	"--main-python-file-uri $(str 2047)" "--main-python-file-uri $(str 2048)" ""
limit pyspark 'pyspark_job\.main_python_file_uri' "main_python_file_uri is required" \
	"--main-python-file-uri m.py" "--python-file-uris m.py" ""

# ---- HiveJob -----------------------------------------------------------------------------
map_limits hive properties --properties 256 property
map_limits hive script_variables --script-variables 2048 variable
list_limits hive jar_file_uris csv --jar-file-uris 2047 100
list_limits hive query_list.queries rep --query 10239 100
limit hive 'hive_job\.query_file_uri' "query_file_uri: 2047 characters, not 2048" \
	"--query-file-uri $(str 2047)" "--query-file-uri $(str 2048)"

# ---- resource ids -------------------------------------------------------------------------
# id_limit DESCRIPTION FIELD CMD...: with a 50-character id CMD gets NOT_FOUND (the id
# is valid, the resource unknown), with 51 INVALID_ARGUMENT; the client refuses 51.
id50=$(str 50 a)
id51=$(str 51 a)
run dp --no-client-validation --cluster-id "$id50" list
_s50=$RC/$ERR
run dp --no-client-validation --cluster-id "$id51" list
ok "$(printf '%s\n' "$_s50" | grep -q '^1/dpjobs: NOT_FOUND' && server_rejects cluster_id; echo $?)" \
	"server: cluster_id of 50 characters is looked up (NOT_FOUND), of 51 INVALID_ARGUMENT"
run dp --cluster-id "$id51" list
ok "$(client_rejects cluster_id; echo $?)" "client: cluster_id of 51 characters refused"
run dpc --no-client-validation get "$id50"
_s50=$RC/$ERR
run dpc --no-client-validation get "$id51"
ok "$(printf '%s\n' "$_s50" | grep -q '^1/dpjobs: NOT_FOUND' && server_rejects job_id; echo $?)" \
	"server: job_id of 50 characters is looked up (NOT_FOUND), of 51 INVALID_ARGUMENT"
run dpc get "$id51"
ok "$(client_rejects job_id; echo $?)" "client: job_id of 51 characters refused"
run dp --no-client-validation clusters --folder-id "$id50"
_s50=$RC/$OUT
run dp --no-client-validation clusters --folder-id "$id51"
ok "$([ "${_s50%%/*}" = 0 ] && server_rejects folder_id; echo $?)" \
	"server: folder_id of 50 characters lists (nothing), of 51 INVALID_ARGUMENT"
run dp clusters --folder-id "$id51"
ok "$(client_rejects folder_id; echo $?)" "client: folder_id of 51 characters refused"
run dpc --no-client-validation log "$id51"
ok "$(server_rejects job_id; echo $?)" "server: ListLog job_id of 51 characters: INVALID_ARGUMENT"
run dpc --no-client-validation cancel "$id51"
ok "$(server_rejects job_id; echo $?)" "server: Cancel job_id of 51 characters: INVALID_ARGUMENT"

# ---- List: page_size, page_token, filter ---------------------------------------------------
run dpc --no-client-validation list --page-size 1000
_s=$RC
run dpc --no-client-validation list --page-size 1001
ok "$([ "$_s" -eq 0 ] && server_rejects page_size; echo $?)" "server: page_size 1000 accepted, 1001 INVALID_ARGUMENT"
run dpc list --page-size 1001
ok "$(client_rejects page_size; echo $?)" "client: page_size 1001 refused"
run dpc --no-client-validation list --page-size -1
ok "$(server_rejects page_size; echo $?)" "server: page_size -1 INVALID_ARGUMENT"
# No token of exactly 100 characters is valid, but it must be refused as a bad
# token, not for its length; 101 characters are refused for the length.
run dpc --no-client-validation list --page-token "$(str 100)"
_s=$ERR
run dpc --no-client-validation list --page-token "$(str 101)"
ok "$(server_rejects page_token && printf '%s' "$ERR" | grep -q 100 && ! printf '%s' "$_s" | grep -q 'longer'; echo $?)" \
	"server: page_token of 101 characters refused for its length, of 100 not"
diag "100: $_s" "101: $ERR"
run dpc list --page-token "$(str 101)"
ok "$(client_rejects page_token; echo $?)" "client: page_token of 101 characters refused"

# filter_limit DESCRIPTION GOOD BAD: the server accepts GOOD and rejects BAD naming
# the filter; the client accepts GOOD and refuses BAD.
filter_limit() {
	run dpc --no-client-validation list --filter "$2"
	_s=$RC
	run dpc --no-client-validation list --filter "$3"
	if [ "$_s" -eq 0 ] && server_rejects filter; then pass "server: filter $1"; else
		fail "server: filter $1"
		diag "good: exit $_s" "bad: exit $RC $ERR"
	fi
	run dpc list --filter "$2"
	_s=$RC
	run dpc list --filter "$3"
	if [ "$_s" -eq 0 ] && client_rejects filter; then pass "client: filter $1"; else
		fail "client: filter $1"
		diag "good: exit $_s" "bad: exit $RC $ERR"
	fi
}
filter_limit "of 1000 characters, not 1001" "name=\"abc\"$(str 990 ' ')" "name=\"abc\"$(str 991 ' ')"
filter_limit "needs quotes" 'name="abc"' 'name=abc'
filter_limit "only on name" 'name="abc"' 'id="abc"'
filter_limit "value of 3 characters, not 2" 'name="abc"' 'name="ab"'
filter_limit "value of 63 characters, not 64" "name=\"a$(str 62)\"" "name=\"a$(str 63)\""
filter_limit "value in lower case" 'name = "a-c"' 'name="A-c"'
filter_limit "nothing after the value" 'name="abc" ' 'name="abc" and 1'
sim_stop
done_testing
