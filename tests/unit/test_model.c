/* Unit tests for src/model: jobs, lists and maps, names, validation limits, log follow. */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "model/cluster.h"
#include "model/job.h"
#include "model/logfollow.h"
#include "model/operation.h"
#include "model/validate.h"
#include "tap.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* n copies of a UTF-8 character: limits count characters, so a 2-byte "é"
 * at the limit proves the count is not in bytes. */
static char *
repeat(const char *ch, size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < n; i++)
		strbuf_addstr(&sb, ch);
	return strbuf_detach(&sb);
}

static void
test_job(void)
{
	struct job *job = job_new(), *copy;
	struct timestamp now = {1000, 0, true};

	job->id = xstrdup("j1");
	job->name = xstrdup("my-job");
	job->status = JOB_STATUS_RUNNING;
	job->spec.type = JOB_TYPE_SPARK;
	strlist_push(&job->spec.args, "a1");
	strlist_push(&job->spec.args, "a2");
	kvlist_set(&job->spec.properties, "k", "v");
	job->spec.main_jar_file_uri = xstrdup("s3a://b/app.jar");
	job->has_application_info = true;
	job->application_id = xstrdup("application_1");
	job->attempts = xcalloc(1, sizeof(*job->attempts));
	job->attempts[0].id = xstrdup("attempt_1");
	job->attempts[0].am_container_id = xstrdup("container_1");
	job->n_attempts = 1;

	copy = job_dup(job);
	job_free(job);
	is_str(copy->id, "j1", "dup copies id");
	is_str(copy->spec.args.v[1], "a2", "dup copies lists");
	is_str(kvlist_get(&copy->spec.properties, "k"), "v", "dup copies maps");
	is_str(copy->attempts[0].am_container_id, "container_1", "dup copies attempts");
	job_free(copy);
	job_free(NULL);

	is_str(job_status_name(JOB_STATUS_RUNNING), "RUNNING", "status name");
	is_str(job_status_name(JOB_STATUS_UNSPECIFIED), "STATUS_UNSPECIFIED", "status 0 name");
	is_str(job_status_name(JOB_STATUS_CANCELLING), "CANCELLING", "status 7 name");
	is_str(job_status_name(9), "UNKNOWN", "unknown status value");
	is_str(job_status_name(-1), "UNKNOWN", "negative status value");
	is_int(job_status_from_name("done"), JOB_STATUS_DONE, "status from name, any case");
	is_int(job_status_from_name("bogus"), -1, "unknown status name");
	ok(job_status_is_terminal(JOB_STATUS_DONE) && job_status_is_terminal(JOB_STATUS_ERROR) &&
	       job_status_is_terminal(JOB_STATUS_CANCELLED) &&
	       !job_status_is_terminal(JOB_STATUS_CANCELLING) && !job_status_is_terminal(9),
	   "terminal statuses");
	ok(job_status_is_active(JOB_STATUS_PROVISIONING) &&
	       job_status_is_active(JOB_STATUS_PENDING) &&
	       job_status_is_active(JOB_STATUS_RUNNING) &&
	       job_status_is_active(JOB_STATUS_CANCELLING) &&
	       !job_status_is_active(JOB_STATUS_DONE) &&
	       !job_status_is_active(JOB_STATUS_UNSPECIFIED),
	   "active statuses");
	is_str(job_type_name(JOB_TYPE_PYSPARK), "pyspark", "type name");
	is_str(job_type_name(JOB_TYPE_NONE), "", "no type name");
	is_int(job_type_from_name("mapreduce"), JOB_TYPE_MAPREDUCE, "type from name");
	is_int(job_type_from_name("flink"), JOB_TYPE_NONE, "unknown type name");

	job = job_new();
	is_int(job_duration(job, &now), -1, "duration of a job not started");
	job->started_at = (struct timestamp){900, 0, true};
	is_int(job_duration(job, &now), 100, "duration while running");
	job->finished_at = (struct timestamp){950, 0, true};
	is_int(job_duration(job, &now), 50, "duration when finished");
	job_free(job);
}

static void
test_lists(void)
{
	struct strlist l = {0}, lc;
	struct kvlist kv = {0}, kc;

	strlist_push(&l, "x");
	strlist_push(&l, NULL);
	is_int(l.n, 2, "strlist_push");
	is_str(l.v[1], "", "NULL pushes as \"\"");
	strlist_copy(&lc, &l);
	strlist_done(&l);
	is_str(lc.v[0], "x", "strlist_copy is deep");
	strlist_done(&lc);
	ok(lc.v == NULL && lc.n == 0, "strlist_done empties");

	kvlist_set(&kv, "b", "1");
	kvlist_set(&kv, "a", "2");
	kvlist_set(&kv, "b", "3");
	is_int(kv.n, 2, "kvlist_set replaces an existing key");
	is_str(kvlist_get(&kv, "b"), "3", "replaced value");
	ok(kvlist_get(&kv, "zz") == NULL, "missing key");
	kvlist_sort(&kv);
	is_str(kv.v[0].key, "a", "kvlist_sort by key");
	kvlist_copy(&kc, &kv);
	kvlist_done(&kv);
	is_str(kvlist_get(&kc, "a"), "2", "kvlist_copy is deep");
	kvlist_done(&kc);
}

static void
test_names(void)
{
	struct cluster *c = cluster_new();
	struct operation *op = operation_new();

	is_str(cluster_status_name(2), "RUNNING", "cluster status");
	is_str(cluster_status_name(0), "STATUS_UNKNOWN", "cluster status 0");
	is_str(cluster_status_name(42), "UNKNOWN", "unknown cluster status");
	is_str(cluster_health_name(3), "DEGRADED", "cluster health");
	is_str(cluster_health_name(-2), "UNKNOWN", "unknown cluster health");
	c->id = xstrdup("c1");
	kvlist_set(&c->labels, "env", "prod");
	cluster_free(c);
	cluster_free(NULL);
	op->id = xstrdup("op1");
	op->response = job_new();
	op->error_message = xstrdup("boom");
	operation_free(op);
	operation_free(NULL);
	ok(1, "cluster and operation free everything (checked under valgrind)");
}

/* ---- validation ----------------------------------------------------------- */

static void
base_spec(struct job_spec *s, enum job_type type)
{
	memset(s, 0, sizeof(*s));
	s->type = type;
	switch (type) {
	case JOB_TYPE_MAPREDUCE:
		s->driver = MAPREDUCE_DRIVER_CLASS;
		s->main_class = xstrdup("org.example.Main");
		break;
	case JOB_TYPE_SPARK:
		s->main_jar_file_uri = xstrdup("s3a://bucket/app.jar");
		break;
	case JOB_TYPE_PYSPARK:
		s->main_python_file_uri = xstrdup("s3a://bucket/main.py");
		break;
	case JOB_TYPE_HIVE:
	case JOB_TYPE_NONE:
		break;
	}
}

static bool
check(const struct job_spec *s, char err[VALIDATE_ERR_LEN])
{
	err[0] = '\0';
	return validate_create_job("c9q8ml85r1oh", "my-job", s, err);
}

#define EXPECT_OK(s, what)                                                                         \
	do {                                                                                       \
		char err_[VALIDATE_ERR_LEN];                                                       \
		bool ok_ = check(s, err_);                                                         \
		ok(ok_, "%s passes", what);                                                        \
		if (!ok_)                                                                          \
			printf("#   %s\n", err_);                                                  \
	} while (0)

#define EXPECT_ERR(s, want, what)                                                                  \
	do {                                                                                       \
		char err_[VALIDATE_ERR_LEN];                                                       \
		bool ok_ = check(s, err_);                                                         \
		ok(!ok_, "%s fails", what);                                                        \
		is_str(err_, want, "%s: message", what);                                           \
	} while (0)

struct list_rule {
	enum job_type type;
	const char *path;
	size_t offset;
	size_t max_chars;
	size_t max_elems;
	enum hive_query query;
};

#define LIST(t, prefix, field, chars, elems)                                                       \
	{                                                                                          \
		JOB_TYPE_##t, prefix "." #field, offsetof(struct job_spec, field), chars, elems,   \
		    HIVE_QUERY_NONE                                                                \
	}

static const struct list_rule list_rules[] = {
    LIST(MAPREDUCE, "mapreduce_job", args, 1024, 32),
    LIST(MAPREDUCE, "mapreduce_job", jar_file_uris, 2047, 100),
    LIST(MAPREDUCE, "mapreduce_job", file_uris, 2047, 100),
    LIST(MAPREDUCE, "mapreduce_job", archive_uris, 2047, 100),
    LIST(SPARK, "spark_job", args, 10000, 256),
    LIST(SPARK, "spark_job", jar_file_uris, 2047, 100),
    LIST(SPARK, "spark_job", file_uris, 2047, 100),
    LIST(SPARK, "spark_job", archive_uris, 2047, 100),
    LIST(SPARK, "spark_job", packages, 255, 100),
    LIST(SPARK, "spark_job", repositories, 2047, 10),
    LIST(SPARK, "spark_job", exclude_packages, 255, 100),
    LIST(PYSPARK, "pyspark_job", args, 100000, 2500),
    LIST(PYSPARK, "pyspark_job", jar_file_uris, 2047, 100),
    LIST(PYSPARK, "pyspark_job", file_uris, 2047, 100),
    LIST(PYSPARK, "pyspark_job", archive_uris, 2047, 100),
    LIST(PYSPARK, "pyspark_job", python_file_uris, 2047, 100),
    LIST(PYSPARK, "pyspark_job", packages, 255, 100),
    LIST(PYSPARK, "pyspark_job", repositories, 2047, 10),
    LIST(PYSPARK, "pyspark_job", exclude_packages, 255, 100),
    LIST(HIVE, "hive_job", jar_file_uris, 2047, 100),
    {JOB_TYPE_HIVE, "hive_job.query_list.queries", offsetof(struct job_spec, queries), 10239, 100,
     HIVE_QUERY_LIST},
};

static void
test_list_rules(void)
{
	char want[VALIDATE_ERR_LEN];

	for (size_t r = 0; r < sizeof(list_rules) / sizeof(list_rules[0]); r++) {
		const struct list_rule *rule = &list_rules[r];
		struct job_spec s;
		struct strlist *l;
		char *v;

		base_spec(&s, rule->type);
		s.query = rule->query;
		l = (struct strlist *)((char *)&s + rule->offset);
		strlist_push(l, "ok");
		v = repeat("\xc3\xa9", rule->max_chars);
		strlist_push(l, v);
		free(v);
		EXPECT_OK(&s, rule->path);
		strlist_done(l);
		strlist_push(l, "ok");
		v = repeat("\xc3\xa9", rule->max_chars + 1);
		strlist_push(l, v);
		free(v);
		snprintf(want, sizeof(want), "%s[1]: longer than %zu characters", rule->path,
		         rule->max_chars);
		EXPECT_ERR(&s, want, rule->path);
		strlist_done(l);
		for (size_t i = 0; i < rule->max_elems; i++)
			strlist_push(l, "x");
		EXPECT_OK(&s, rule->path);
		strlist_push(l, "x");
		snprintf(want, sizeof(want), "%s: more than %zu elements", rule->path,
		         rule->max_elems);
		EXPECT_ERR(&s, want, rule->path);
		job_spec_done(&s);
	}
}

struct map_rule {
	enum job_type type;
	const char *path;
	size_t offset;
	size_t max_value;
	bool property;
};

static const struct map_rule map_rules[] = {
    {JOB_TYPE_MAPREDUCE, "mapreduce_job.properties", offsetof(struct job_spec, properties), 256,
     true},
    {JOB_TYPE_SPARK, "spark_job.properties", offsetof(struct job_spec, properties), 256, true},
    {JOB_TYPE_PYSPARK, "pyspark_job.properties", offsetof(struct job_spec, properties), 10000,
     true},
    {JOB_TYPE_HIVE, "hive_job.properties", offsetof(struct job_spec, properties), 256, true},
    {JOB_TYPE_HIVE, "hive_job.script_variables", offsetof(struct job_spec, script_variables), 2048,
     false},
};

static void
test_map_rules(void)
{
	char want[VALIDATE_ERR_LEN], key[16];

	for (size_t r = 0; r < sizeof(map_rules) / sizeof(map_rules[0]); r++) {
		const struct map_rule *rule = &map_rules[r];
		struct job_spec s;
		struct kvlist *m;
		char *v;

		base_spec(&s, rule->type);
		m = (struct kvlist *)((char *)&s + rule->offset);
		v = repeat("\xc3\xa9", rule->max_value);
		kvlist_set(m, "k", v);
		free(v);
		EXPECT_OK(&s, rule->path);
		v = repeat("\xc3\xa9", rule->max_value + 1);
		kvlist_set(m, "k", v);
		free(v);
		snprintf(want, sizeof(want), "%s[\"k\"]: longer than %zu characters", rule->path,
		         rule->max_value);
		EXPECT_ERR(&s, want, rule->path);
		kvlist_done(m);

		v = repeat("k", 128);
		kvlist_set(m, v, "v");
		free(v);
		EXPECT_OK(&s, rule->path);
		kvlist_done(m);
		v = repeat("k", 129);
		kvlist_set(m, v, "v");
		free(v);
		snprintf(want, sizeof(want),
		         "%s: key \"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk...\" longer than 128 "
		         "characters",
		         rule->path);
		EXPECT_ERR(&s, want, rule->path);
		kvlist_done(m);
		kvlist_set(m, "", "v");
		snprintf(want, sizeof(want), "%s: empty key", rule->path);
		EXPECT_ERR(&s, want, rule->path);
		kvlist_done(m);

		kvlist_set(m, rule->property ? "spark.exec-mem_2" : "my_var2", "v");
		EXPECT_OK(&s, rule->path);
		kvlist_done(m);
		kvlist_set(m, "1x", "v");
		snprintf(want, sizeof(want), "%s: key \"1x\" does not match %s", rule->path,
		         rule->property ? "[a-zA-Z][-_0-9a-zA-Z.]*" : "[a-zA-Z][_0-9a-zA-Z]*");
		EXPECT_ERR(&s, want, rule->path);
		kvlist_done(m);
		if (!rule->property) {
			kvlist_set(m, "a.b", "v");
			snprintf(want, sizeof(want),
			         "%s: key \"a.b\" does not match [a-zA-Z][_0-9a-zA-Z]*",
			         rule->path);
			EXPECT_ERR(&s, want, rule->path);
			kvlist_done(m);
		}
		kvlist_set(m, "k\x1b", "v");
		snprintf(want, sizeof(want), "%s: key \"k\\x1b\" does not match %s", rule->path,
		         rule->property ? "[a-zA-Z][-_0-9a-zA-Z.]*" : "[a-zA-Z][_0-9a-zA-Z]*");
		EXPECT_ERR(&s, want, "key with a control character is quoted safely");
		kvlist_done(m);

		for (int i = 0; i < 100; i++) {
			snprintf(key, sizeof(key), "k%d", i);
			kvlist_set(m, key, "v");
		}
		EXPECT_OK(&s, rule->path);
		kvlist_set(m, "k100", "v");
		snprintf(want, sizeof(want), "%s: more than 100 entries", rule->path);
		EXPECT_ERR(&s, want, rule->path);
		job_spec_done(&s);
	}
}

/* A single string field: at the limit passes, one character over fails. */
static void
string_limit(char **field, const char *path, size_t max, struct job_spec *s)
{
	char want[VALIDATE_ERR_LEN];

	free(*field);
	*field = repeat("\xc3\xa9", max);
	EXPECT_OK(s, path);
	free(*field);
	*field = repeat("\xc3\xa9", max + 1);
	snprintf(want, sizeof(want), "%s: longer than %zu characters", path, max);
	EXPECT_ERR(s, want, path);
}

static void
test_string_rules(void)
{
	struct job_spec s;

	base_spec(&s, JOB_TYPE_SPARK);
	string_limit(&s.main_jar_file_uri, "spark_job.main_jar_file_uri", 2047, &s);
	free(s.main_jar_file_uri);
	s.main_jar_file_uri = NULL;
	EXPECT_ERR(&s, "spark_job.main_jar_file_uri: required", "spark without main jar");
	s.main_jar_file_uri = xstrdup("s3a://b/a.jar");
	string_limit(&s.main_class, "spark_job.main_class", 255, &s);
	job_spec_done(&s);

	base_spec(&s, JOB_TYPE_PYSPARK);
	string_limit(&s.main_python_file_uri, "pyspark_job.main_python_file_uri", 2047, &s);
	free(s.main_python_file_uri);
	s.main_python_file_uri = xstrdup("");
	EXPECT_ERR(&s, "pyspark_job.main_python_file_uri: required", "pyspark without main file");
	job_spec_done(&s);

	base_spec(&s, JOB_TYPE_MAPREDUCE);
	string_limit(&s.main_class, "mapreduce_job.main_class", 255, &s);
	job_spec_done(&s);
	base_spec(&s, JOB_TYPE_MAPREDUCE);
	s.driver = MAPREDUCE_DRIVER_JAR;
	string_limit(&s.main_jar_file_uri, "mapreduce_job.main_jar_file_uri", 2047, &s);
	s.driver = MAPREDUCE_DRIVER_NONE;
	EXPECT_ERR(&s, "mapreduce_job.driver: one of main_jar_file_uri, main_class is required",
	           "mapreduce without driver");
	job_spec_done(&s);

	base_spec(&s, JOB_TYPE_HIVE);
	EXPECT_OK(&s, "hive without a query");
	s.query = HIVE_QUERY_FILE_URI;
	string_limit(&s.query_file_uri, "hive_job.query_file_uri", 2047, &s);
	job_spec_done(&s);

	base_spec(&s, JOB_TYPE_NONE);
	EXPECT_ERR(&s,
	           "job_spec: one of mapreduce_job, spark_job, pyspark_job, hive_job is required",
	           "no job type");
}

static void
test_request_rules(void)
{
	char err[VALIDATE_ERR_LEN], name[64];
	struct job_spec s;
	char *v;

	base_spec(&s, JOB_TYPE_SPARK);
	ok(validate_create_job("c1", "", &s, err), "empty name passes");
	ok(validate_create_job("c1", NULL, &s, err), "NULL name passes");
	ok(validate_create_job("c1", "abc", &s, err), "3-character name passes");
	ok(validate_create_job("c1", "a-0", &s, err), "name with dash and digit passes");
	v = repeat("a", 63);
	ok(validate_create_job("c1", v, &s, err), "63-character name passes");
	free(v);
	v = repeat("a", 64);
	ok(!validate_create_job("c1", v, &s, err), "64-character name fails");
	is_str(err, "name: must match [a-z][-a-z0-9]{1,61}[a-z0-9]", "name pattern message");
	free(v);
	v = repeat("a", 255);
	ok(!validate_create_job("c1", v, &s, err), "255-character name fails the pattern");
	is_str(err, "name: must match [a-z][-a-z0-9]{1,61}[a-z0-9]", "pattern is the real limit");
	free(v);
	v = repeat("a", 256);
	ok(!validate_create_job("c1", v, &s, err), "256-character name fails");
	is_str(err, "name: longer than 255 characters", "name length message");
	free(v);
	ok(!validate_create_job("c1", "ab", &s, err), "2-character name fails");
	ok(!validate_create_job("c1", "ab-", &s, err), "name ending in a dash fails");
	ok(!validate_create_job("c1", "1ab", &s, err), "name starting with a digit fails");
	ok(!validate_create_job("c1", "Abc", &s, err), "upper-case name fails");
	ok(!validate_create_job("c1", "ab_c", &s, err), "underscore fails");
	ok(validate_job_name("x-y") && !validate_job_name("x.y"), "validate_job_name");

	v = repeat("c", 50);
	ok(validate_create_job(v, "abc", &s, err), "50-character cluster_id passes");
	free(v);
	v = repeat("c", 51);
	ok(!validate_create_job(v, "abc", &s, err), "51-character cluster_id fails");
	is_str(err, "cluster_id: longer than 50 characters", "cluster_id length message");
	free(v);
	ok(!validate_create_job("", "abc", &s, err), "empty cluster_id fails");
	is_str(err, "cluster_id: required", "cluster_id required message");
	ok(!validate_create_job(NULL, "abc", &s, err), "NULL cluster_id fails");
	job_spec_done(&s);

	ok(validate_id("job_id", "j1", err), "validate_id");
	ok(!validate_id("job_id", "", err), "validate_id empty");
	is_str(err, "job_id: required", "validate_id names its field");
	ok(validate_page_size("page_size", 1000, 1000, err), "page_size at max");
	ok(!validate_page_size("page_size", 1001, 1000, err), "page_size over max");
	is_str(err, "page_size: must be between 0 and 1000", "page_size message");
	ok(validate_page_size("page_size", 1048576, 1048576, err), "ListLog page_size at max");
	ok(!validate_page_size("page_size", -1, 1000, err), "negative page_size");
	v = repeat("t", 100);
	ok(validate_page_token(v, err), "100-character page_token");
	free(v);
	v = repeat("t", 101);
	ok(!validate_page_token(v, err), "101-character page_token");
	is_str(err, "page_token: longer than 100 characters", "page_token message");
	free(v);

	ok(validate_filter("", name, err) && name[0] == '\0', "empty filter");
	ok(validate_filter(NULL, name, err), "NULL filter");
	ok(validate_filter("name=\"my-job\"", name, err), "name=\"VALUE\"");
	is_str(name, "my-job", "filter value extracted");
	ok(validate_filter("  name = \"abc\"  ", name, err), "spaces around = and the filter");
	is_str(name, "abc", "value with spaces around");
	ok(validate_filter("name=\"abc\"", NULL, err), "name_out may be NULL");
	v = xasprintf("name=\"%s\"",
	              "a23456789012345678901234567890123456789012345678901234567890123");
	ok(validate_filter(v, name, err), "63-character filter value");
	is_int(strlen(name), 63, "63-character value fits name_out");
	free(v);
	v = xasprintf("name=\"%s\"",
	              "a234567890123456789012345678901234567890123456789012345678901234");
	ok(!validate_filter(v, name, err), "64-character filter value");
	is_str(err, "filter: name must match [a-z][-a-z0-9]{1,61}[a-z0-9]",
	       "value pattern message");
	free(v);
	ok(!validate_filter("status=\"RUNNING\"", name, err), "other field");
	is_str(err, "filter: only name=\"VALUE\" is supported", "other field message");
	ok(!validate_filter("name=abc", name, err), "unquoted value");
	ok(!validate_filter("name=\"abc", name, err), "unterminated quote");
	ok(!validate_filter("name=\"abc\" AND x", name, err), "trailing text");
	ok(!validate_filter("name \"abc\"", name, err), "missing =");
	ok(!validate_filter("name=\"ab\"", name, err), "too short value");
	ok(strncmp(err, "filter: ", 8) == 0, "messages start with \"filter: \"");
	v = repeat(" ", 1001);
	ok(!validate_filter(v, name, err), "filter over 1000 characters");
	is_str(err, "filter: longer than 1000 characters", "filter length message");
	free(v);
}

static void
test_logfollow(void)
{
	struct logfollow lf;

	logfollow_init(&lf);
	is_str(logfollow_token(&lf), "", "starts with an empty token");
	is_int(logfollow_page(&lf, 100, "t1"), LOGFOLLOW_MORE, "content and a token: more");
	is_str(logfollow_token(&lf), "t1", "token advances");
	is_int(lf.offset, 100, "offset counts bytes");
	is_int(logfollow_failed(&lf), 1000, "first failure waits 1 s");
	is_int(logfollow_failed(&lf), 2000, "second failure waits 2 s");
	is_int(logfollow_failed(&lf), 4000, "third failure waits 4 s");
	is_int(logfollow_failed(&lf), 5000, "failures wait at most 5 s");
	is_str(logfollow_token(&lf), "t1", "a failure keeps the token: the retry resumes exactly");
	is_int(lf.offset, 100, "a failure accepts no bytes");
	is_int(logfollow_page(&lf, 0, "t2"), LOGFOLLOW_WAIT, "no content: wait");
	is_int(lf.error_streak, 0, "a page resets the error streak");
	is_int(logfollow_delay_ms(&lf), 1000, "first empty poll waits 1 s");
	logfollow_page(&lf, 0, "t2");
	is_int(logfollow_delay_ms(&lf), 1500, "second empty poll waits 1.5 s");
	logfollow_page(&lf, 0, "t2");
	logfollow_page(&lf, 0, "t2");
	logfollow_page(&lf, 0, "t2");
	logfollow_page(&lf, 0, "t2");
	is_int(logfollow_delay_ms(&lf), 5000, "delay capped at 5 s");
	is_int(logfollow_page(&lf, 10, "t3"), LOGFOLLOW_MORE, "content again");
	is_int(logfollow_delay_ms(&lf), 1000, "content resets the delay");
	is_int(logfollow_overlap(&lf), 0, "no overlap while tokens advance");

	is_int(logfollow_page(&lf, 30, ""), LOGFOLLOW_END, "empty next token: end");
	is_str(logfollow_token(&lf), "t3", "end keeps the previous token");
	is_int(lf.offset, 140, "end page bytes accepted");
	is_int(logfollow_overlap(&lf), 30, "polling on re-reads the 30 bytes already accepted");
	is_int(logfollow_page(&lf, 45, "t4"), LOGFOLLOW_MORE, "re-read page with 15 new bytes");
	is_int(lf.offset, 155, "only new bytes counted: none doubled");
	is_int(logfollow_overlap(&lf), 0, "overlap cleared by a new token");
	logfollow_page(&lf, 0, "");
	is_int(logfollow_overlap(&lf), 0, "empty end page: no overlap");
	logfollow_done(&lf);
	ok(lf.token == NULL, "done frees the token");
}

int
main(void)
{
	test_job();
	test_lists();
	test_names();
	test_list_rules();
	test_map_rules();
	test_string_rules();
	test_request_rules();
	test_logfollow();
	return done_testing();
}
