/* Unit tests for src/wire: pb <-> model round trips, wire tags, JSON shape. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "util/sanitize.h"
#include "util/xalloc.h"
#include "wire/convert.h"
#include "wire/pbjson.h"

#define PBFN(name) yandex__cloud__dataproc__v1__##name

static struct job *
sample_job(enum job_type type)
{
	struct job *job = job_new();
	struct job_spec *s = &job->spec;

	job->id = xstrdup("c9qj0b1f2g3h");
	job->cluster_id = xstrdup("c9q8ml85r1oh");
	job->name = xstrdup("nightly-etl");
	job->created_by = xstrdup("ajeuser");
	job->created_at = (struct timestamp){1795938031, 250000000, true};
	job->started_at = (struct timestamp){1795938040, 0, true};
	job->status = JOB_STATUS_RUNNING;
	job->has_application_info = true;
	job->application_id = xstrdup("application_1700000000000_0001");
	job->n_attempts = 2;
	job->attempts = xcalloc(2, sizeof(*job->attempts));
	job->attempts[0].id = xstrdup("appattempt_1");
	job->attempts[0].am_container_id = xstrdup("container_1");
	job->attempts[1].id = xstrdup("appattempt_2");
	job->attempts[1].am_container_id = xstrdup("container_2");
	s->type = type;
	if (type != JOB_TYPE_HIVE) {
		strlist_push(&s->args, "--date");
		strlist_push(&s->args, "2026-11-29");
		strlist_push(&s->file_uris, "s3a://b/f.txt");
		strlist_push(&s->archive_uris, "s3a://b/a.zip");
	}
	strlist_push(&s->jar_file_uris, "s3a://b/lib.jar");
	kvlist_set(&s->properties, "spark.executor.memory", "4g");
	kvlist_set(&s->properties, "spark.driver.cores", "2");
	switch (type) {
	case JOB_TYPE_MAPREDUCE:
		s->driver = MAPREDUCE_DRIVER_CLASS;
		s->main_class = xstrdup("org.example.WordCount");
		break;
	case JOB_TYPE_SPARK:
		s->main_jar_file_uri = xstrdup("s3a://b/app.jar");
		s->main_class = xstrdup("org.example.App");
		strlist_push(&s->packages, "org.x:y:1.0");
		strlist_push(&s->repositories, "https://repo.example/maven");
		strlist_push(&s->exclude_packages, "org.z:w");
		break;
	case JOB_TYPE_PYSPARK:
		s->main_python_file_uri = xstrdup("s3a://b/main.py");
		strlist_push(&s->python_file_uris, "s3a://b/util.py");
		strlist_push(&s->packages, "org.x:y:1.0");
		strlist_push(&s->repositories, "https://repo.example/maven");
		strlist_push(&s->exclude_packages, "org.z:w");
		break;
	case JOB_TYPE_HIVE:
		s->continue_on_failure = true;
		kvlist_set(&s->script_variables, "DAY", "29");
		s->query = HIVE_QUERY_LIST;
		strlist_push(&s->queries, "SELECT 1;");
		strlist_push(&s->queries, "SELECT 2;");
		break;
	case JOB_TYPE_NONE:
		break;
	}
	return job;
}

static bool
bytes_equal(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen)
{
	return alen == blen && memcmp(a, b, alen) == 0;
}

/* model → pb → bytes → pb → model → pb → bytes: the bytes must not change. */
static struct job *
round_trip(const struct job *job, const char *what)
{
	PbJob *pb = wire_job_to_pb(job), *back, *again;
	unsigned char *b1, *b2;
	size_t l1, l2;
	struct job *out;

	b1 = wire_pack(&pb->base, &l1);
	back = PBFN(job__unpack)(NULL, l1, b1);
	ok(back != NULL, "%s: unpacks", what);
	out = wire_job_from_pb(back);
	again = wire_job_to_pb(out);
	b2 = wire_pack(&again->base, &l2);
	ok(bytes_equal(b1, l1, b2, l2), "%s: round trip gives the same %zu bytes", what, l1);
	PBFN(job__free_unpacked)(back, NULL);
	wire_job_pb_free(pb);
	wire_job_pb_free(again);
	free(b1);
	free(b2);
	return out;
}

static void
test_job_round_trips(void)
{
	struct job *job, *out;

	job = sample_job(JOB_TYPE_SPARK);
	out = round_trip(job, "spark job");
	is_str(out->id, "c9qj0b1f2g3h", "id");
	is_str(out->created_by, "ajeuser", "created_by");
	ok(out->created_at.set && out->created_at.sec == 1795938031 &&
	       out->created_at.nsec == 250000000,
	   "created_at with nanos");
	ok(out->started_at.set && !out->finished_at.set, "unset timestamp stays unset");
	is_int(out->status, JOB_STATUS_RUNNING, "status");
	is_int(out->spec.type, JOB_TYPE_SPARK, "spec type");
	is_str(out->spec.args.v[1], "2026-11-29", "args");
	is_str(kvlist_get(&out->spec.properties, "spark.driver.cores"), "2", "properties");
	is_str(out->spec.main_jar_file_uri, "s3a://b/app.jar", "main_jar_file_uri");
	is_str(out->spec.main_class, "org.example.App", "main_class");
	is_str(out->spec.repositories.v[0], "https://repo.example/maven", "repositories");
	is_str(out->spec.exclude_packages.v[0], "org.z:w", "exclude_packages");
	ok(out->has_application_info, "application_info present");
	is_str(out->application_id, "application_1700000000000_0001", "application id");
	is_int(out->n_attempts, 2, "attempts");
	is_str(out->attempts[1].am_container_id, "container_2", "am_container_id");
	job_free(job);
	job_free(out);

	job = sample_job(JOB_TYPE_PYSPARK);
	out = round_trip(job, "pyspark job");
	is_str(out->spec.main_python_file_uri, "s3a://b/main.py", "main_python_file_uri");
	is_str(out->spec.python_file_uris.v[0], "s3a://b/util.py", "python_file_uris");
	is_str(out->spec.packages.v[0], "org.x:y:1.0", "packages");
	job_free(job);
	job_free(out);

	job = sample_job(JOB_TYPE_MAPREDUCE);
	out = round_trip(job, "mapreduce job (main_class)");
	is_int(out->spec.driver, MAPREDUCE_DRIVER_CLASS, "driver oneof: main_class");
	is_str(out->spec.main_class, "org.example.WordCount", "main_class");
	ok(out->spec.main_jar_file_uri == NULL, "main_jar_file_uri not set");
	job_free(out);
	free(job->spec.main_class);
	job->spec.main_class = NULL;
	job->spec.driver = MAPREDUCE_DRIVER_JAR;
	job->spec.main_jar_file_uri = xstrdup("s3a://b/wc.jar");
	out = round_trip(job, "mapreduce job (main_jar_file_uri)");
	is_int(out->spec.driver, MAPREDUCE_DRIVER_JAR, "driver oneof: main_jar_file_uri");
	is_str(out->spec.main_jar_file_uri, "s3a://b/wc.jar", "main_jar_file_uri");
	job_free(job);
	job_free(out);

	job = sample_job(JOB_TYPE_HIVE);
	out = round_trip(job, "hive job (query_list)");
	is_int(out->spec.query, HIVE_QUERY_LIST, "query_type oneof: query_list");
	is_str(out->spec.queries.v[1], "SELECT 2;", "queries");
	ok(out->spec.continue_on_failure, "continue_on_failure");
	is_str(kvlist_get(&out->spec.script_variables, "DAY"), "29", "script_variables");
	job_free(out);
	strlist_done(&job->spec.queries);
	job->spec.query = HIVE_QUERY_FILE_URI;
	job->spec.query_file_uri = xstrdup("s3a://b/q.sql");
	out = round_trip(job, "hive job (query_file_uri)");
	is_int(out->spec.query, HIVE_QUERY_FILE_URI, "query_type oneof: query_file_uri");
	is_str(out->spec.query_file_uri, "s3a://b/q.sql", "query_file_uri");
	job_free(job);
	job_free(out);

	job = job_new();
	out = round_trip(job, "empty job");
	is_int(out->spec.type, JOB_TYPE_NONE, "no job_spec");
	ok(!out->has_application_info, "no application_info");
	job_free(job);
	job_free(out);
}

static void
test_tags(void)
{
	static const unsigned char want[] = {0x62, 0x01, 'u', 0x6a, 0x00};
	static const unsigned char oneof_empty[] = {0x42, 0x02, 0x32, 0x00};
	struct job *job = job_new(), *out;
	PbJob *pb;
	unsigned char *b;
	size_t len;

	job->created_by = xstrdup("u");
	job->has_application_info = true;
	pb = wire_job_to_pb(job);
	b = wire_pack(&pb->base, &len);
	ok(bytes_equal(b, len, want, sizeof(want)),
	   "created_by is field 12 (0x62), application_info field 13 (0x6a)");
	free(b);
	wire_job_pb_free(pb);
	job_free(job);

	/* An empty string in a oneof is still sent: the case says it is set. */
	job = job_new();
	job->spec.type = JOB_TYPE_MAPREDUCE;
	job->spec.driver = MAPREDUCE_DRIVER_JAR;
	pb = wire_job_to_pb(job);
	b = wire_pack(&pb->base, &len);
	ok(bytes_equal(b, len, oneof_empty, sizeof(oneof_empty)),
	   "mapreduce_job (field 8) with an empty main_jar_file_uri (field 6) is encoded");
	wire_job_pb_free(pb);
	pb = PBFN(job__unpack)(NULL, len, b);
	out = wire_job_from_pb(pb);
	is_int(out->spec.driver, MAPREDUCE_DRIVER_JAR, "empty oneof string keeps its case");
	is_str(out->spec.main_jar_file_uri, "", "and its empty value");
	PBFN(job__free_unpacked)(pb, NULL);
	free(b);
	job_free(job);
	job_free(out);
}

static char *
json_of(const ProtobufCMessage *msg)
{
	json_t *j = pbjson_from_message(msg);
	char *s = json_dumps(j, JSON_COMPACT);

	json_decref(j);
	return s;
}

static void
test_unknown_enum(void)
{
	static const unsigned char status9[] = {0x38, 0x09};
	PbJob *pb = PBFN(job__unpack)(NULL, sizeof(status9), status9);
	struct job *job;
	char *s;

	ok(pb != NULL, "a Job with status 9 unpacks");
	job = wire_job_from_pb(pb);
	is_int(job->status, 9, "unknown status value kept as is");
	is_str(job_status_name(job->status), "UNKNOWN", "and named UNKNOWN");
	ok(!job_status_is_terminal(job->status) && !job_status_is_active(job->status),
	   "unknown status is neither terminal nor active");
	s = json_of(&pb->base);
	is_str(s, "{\"status\":9}", "unknown enum value printed as its number");
	free(s);
	PBFN(job__free_unpacked)(pb, NULL);
	job_free(job);
}

static void
test_job_json(void)
{
	struct job *job = job_new();
	PbJob *pb;
	char *s;

	job->id = xstrdup("j1");
	job->created_at = (struct timestamp){1795938031, 250000000, true};
	job->status = JOB_STATUS_DONE;
	job->spec.type = JOB_TYPE_SPARK;
	strlist_push(&job->spec.args, "a");
	kvlist_set(&job->spec.properties, "k", "v");
	job->spec.main_jar_file_uri = xstrdup("s3a://b/app.jar");
	job->created_by = xstrdup("u1");
	job->has_application_info = true;
	job->application_id = xstrdup("app1");
	job->n_attempts = 1;
	job->attempts = xcalloc(1, sizeof(*job->attempts));
	job->attempts[0].id = xstrdup("att1");
	pb = wire_job_to_pb(job);
	s = json_of(&pb->base);
	is_str(
	    s,
	    "{\"id\":\"j1\",\"created_at\":\"2026-11-29T07:40:31.250Z\",\"status\":\"DONE\","
	    "\"spark_job\":{\"args\":[\"a\"],\"properties\":{\"k\":\"v\"},"
	    "\"main_jar_file_uri\":\"s3a://b/app.jar\"},\"created_by\":\"u1\","
	    "\"application_info\":{\"id\":\"app1\",\"application_attempts\":[{\"id\":\"att1\"}]}}",
	    "Job JSON: proto names, enum names, RFC 3339, maps as objects, zero fields omitted");
	free(s);
	wire_job_pb_free(pb);

	/* A oneof member is printed whenever its case is set, even when empty. */
	job_spec_done(&job->spec);
	job->spec.type = JOB_TYPE_HIVE;
	job->spec.query = HIVE_QUERY_LIST;
	job->has_application_info = false;
	free(job->created_by);
	job->created_by = NULL;
	job->created_at.set = false;
	pb = wire_job_to_pb(job);
	s = json_of(&pb->base);
	is_str(s, "{\"id\":\"j1\",\"status\":\"DONE\",\"hive_job\":{\"query_list\":{}}}",
	       "set oneof members are present even when empty");
	free(s);
	wire_job_pb_free(pb);
	job_free(job);
}

static void
test_scalars_json(void)
{
	Yandex__Cloud__Dataproc__V1__ListJobsRequest req;
	Yandex__Cloud__Dataproc__V1__ListJobLogResponse resp;
	char *s;

	PBFN(list_jobs_request__init)(&req);
	req.cluster_id = "c1";
	req.page_size = 100;
	s = json_of(&req.base);
	is_str(s, "{\"cluster_id\":\"c1\",\"page_size\":\"100\"}", "int64 printed as a string");
	free(s);
	PBFN(list_job_log_response__init)(&resp);
	resp.content.data = (uint8_t *)"hello";
	resp.content.len = 5;
	resp.next_page_token = "\x1b\xff";
	s = json_of(&resp.base);
	is_str(s, "{\"content\":\"aGVsbG8=\",\"next_page_token\":\"\\u001B\xef\xbf\xbd\"}",
	       "bytes as base64; invalid UTF-8 repaired, controls escaped by JSON");
	free(s);
}

static Google__Protobuf__Any *
metadata_any(const char *cluster_id, const char *job_id)
{
	Yandex__Cloud__Dataproc__V1__CreateJobMetadata md;

	PBFN(create_job_metadata__init)(&md);
	md.cluster_id = (char *)cluster_id;
	md.job_id = (char *)job_id;
	return wire_any_pack(&md.base);
}

static void
test_operation(void)
{
	struct operation *op = operation_new(), *out;
	PbOperation *pb, *back;
	unsigned char *b;
	size_t len;
	char *s;

	op->id = xstrdup("op1");
	op->done = true;
	op->cluster_id = xstrdup("c1");
	op->job_id = xstrdup("j1");
	op->response = job_new();
	op->response->id = xstrdup("j1");
	op->response->status = JOB_STATUS_PROVISIONING;
	pb = wire_operation_to_pb(op);
	is_str(pb->metadata->type_url,
	       "type.googleapis.com/yandex.cloud.dataproc.v1.CreateJobMetadata",
	       "metadata Any type URL");
	is_str(pb->response->type_url, "type.googleapis.com/yandex.cloud.dataproc.v1.Job",
	       "response Any type URL");
	s = json_of(&pb->base);
	is_str(
	    s,
	    "{\"id\":\"op1\",\"done\":true,\"metadata\":{\"@type\":\"type.googleapis.com/"
	    "yandex.cloud.dataproc.v1.CreateJobMetadata\",\"cluster_id\":\"c1\",\"job_id\":"
	    "\"j1\"},\"response\":{\"@type\":\"type.googleapis.com/yandex.cloud.dataproc.v1.Job\","
	    "\"id\":\"j1\",\"status\":\"PROVISIONING\"}}",
	    "Operation JSON expands known Any types");
	free(s);
	b = wire_pack(&pb->base, &len);
	wire_operation_pb_free(pb);
	back = yandex__cloud__operation__operation__unpack(NULL, len, b);
	free(b);
	out = wire_operation_from_pb(back);
	yandex__cloud__operation__operation__free_unpacked(back, NULL);
	ok(out->done && !out->has_error, "done with a response");
	is_str(out->cluster_id, "c1", "metadata cluster_id");
	is_str(out->job_id, "j1", "metadata job_id");
	ok(out->response && strcmp(out->response->id, "j1") == 0, "response Job unpacked");
	operation_free(out);
	operation_free(op);

	op = operation_new();
	op->id = xstrdup("op2");
	op->done = true;
	op->has_error = true;
	op->error_code = 3;
	op->error_message = xstrdup("bad");
	pb = wire_operation_to_pb(op);
	s = json_of(&pb->base);
	is_str(s, "{\"id\":\"op2\",\"done\":true,\"error\":{\"code\":3,\"message\":\"bad\"}}",
	       "Operation JSON with an error");
	free(s);
	out = wire_operation_from_pb(pb);
	ok(out->has_error && out->error_code == 3 && strcmp(out->error_message, "bad") == 0,
	   "error Status converted");
	ok(out->cluster_id == NULL && out->response == NULL, "no metadata, no response");
	operation_free(out);
	wire_operation_pb_free(pb);
	operation_free(op);

	/* Unknown Any types stay opaque but visible. */
	{
		PbOperation raw;
		Google__Protobuf__Any any;

		yandex__cloud__operation__operation__init(&raw);
		google__protobuf__any__init(&any);
		any.type_url = "type.googleapis.com/yandex.cloud.Other";
		any.value.data = (uint8_t *)"\x0a\x01x";
		any.value.len = 3;
		raw.metadata = &any;
		s = json_of(&raw.base);
		is_str(s,
		       "{\"metadata\":{\"@type\":\"type.googleapis.com/yandex.cloud.Other\","
		       "\"value\":\"CgF4\"}}",
		       "unknown Any type: @type and base64 value");
		free(s);
		out = wire_operation_from_pb(&raw);
		ok(out->cluster_id == NULL, "unknown metadata type ignored");
		operation_free(out);
	}
}

static void
test_any(void)
{
	Google__Protobuf__Any *any = metadata_any("c1", "j1");
	ProtobufCMessage *m;

	m = wire_any_unpack(any, &PBFN(create_job_metadata__descriptor));
	ok(m && strcmp(((Yandex__Cloud__Dataproc__V1__CreateJobMetadata *)m)->job_id, "j1") == 0,
	   "Any round trip");
	protobuf_c_message_free_unpacked(m, NULL);
	ok(wire_any_unpack(any, &PBFN(job__descriptor)) == NULL, "type mismatch gives NULL");
	free(any->type_url);
	any->type_url = xstrdup("example.com/x/yandex.cloud.dataproc.v1.CreateJobMetadata");
	m = wire_any_unpack(any, &PBFN(create_job_metadata__descriptor));
	ok(m != NULL, "any URL prefix accepted");
	protobuf_c_message_free_unpacked(m, NULL);
	wire_any_free(any);
	wire_any_free(NULL);
}

static void
test_cluster(void)
{
	struct cluster *c = cluster_new(), *out;
	PbCluster *pb, *back;
	unsigned char *b;
	size_t len;
	char *s;

	c->id = xstrdup("c1");
	c->folder_id = xstrdup("f1");
	c->name = xstrdup("analytics");
	c->zone_id = xstrdup("ru-central1-a");
	c->version_id = xstrdup("2.1");
	c->health = 1;
	c->status = 2;
	kvlist_set(&c->labels, "env", "prod");
	pb = wire_cluster_to_pb(c);
	s = json_of(&pb->base);
	is_str(s,
	       "{\"id\":\"c1\",\"folder_id\":\"f1\",\"name\":\"analytics\",\"labels\":{\"env\":"
	       "\"prod\"},\"config\":{\"version_id\":\"2.1\"},\"health\":\"ALIVE\",\"status\":"
	       "\"RUNNING\",\"zone_id\":\"ru-central1-a\"}",
	       "Cluster JSON");
	free(s);
	b = wire_pack(&pb->base, &len);
	wire_cluster_pb_free(pb);
	back = PBFN(cluster__unpack)(NULL, len, b);
	free(b);
	out = wire_cluster_from_pb(back);
	PBFN(cluster__free_unpacked)(back, NULL);
	ok(strcmp(out->version_id, "2.1") == 0 && out->health == 1 && out->status == 2 &&
	       strcmp(kvlist_get(&out->labels, "env"), "prod") == 0,
	   "Cluster round trip");
	cluster_free(out);
	cluster_free(c);
}

static void
test_create_request(void)
{
	static const enum job_type types[] = {JOB_TYPE_MAPREDUCE, JOB_TYPE_SPARK, JOB_TYPE_PYSPARK,
	                                      JOB_TYPE_HIVE};

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		struct job *job = sample_job(types[i]);
		PbCreateJobRequest req, again;
		PbCreateJobRequest *back;
		struct job_spec spec;
		unsigned char *b1, *b2;
		size_t l1, l2;

		wire_create_to_pb("c1", "my-job", &job->spec, &req);
		b1 = wire_pack(&req.base, &l1);
		wire_create_pb_done(&req);
		back = PBFN(create_job_request__unpack)(NULL, l1, b1);
		wire_spec_from_create(back, &spec);
		is_str(back->name, "my-job", "%s create request: name", job_type_name(types[i]));
		is_int(spec.type, types[i], "%s create request: job_spec case",
		       job_type_name(types[i]));
		wire_create_to_pb(back->cluster_id, back->name, &spec, &again);
		b2 = wire_pack(&again.base, &l2);
		ok(bytes_equal(b1, l1, b2, l2), "%s create request: round trip bytes equal",
		   job_type_name(types[i]));
		wire_create_pb_done(&again);
		PBFN(create_job_request__free_unpacked)(back, NULL);
		job_spec_done(&spec);
		free(b1);
		free(b2);
		job_free(job);
	}
}

/* Server strings can carry terminal escapes and broken UTF-8 through the wire
 * untouched; the sanitizer is what makes them safe to show. */
static void
test_hostile_strings(void)
{
	static const char name[] = "evil\x1b[2J\xc2\x9b"
	                           "31m\xff\xe2\x82";
	struct job *job = job_new(), *out;
	char *s;

	job->name = xstrdup(name);
	out = round_trip(job, "job with hostile name");
	is_str(out->name, name, "bytes survive the wire unchanged");
	s = sanitize_str(out->name);
	is_str(s, "evil\\x1b[2J\\x9b31m\xef\xbf\xbd\xef\xbf\xbd",
	       "ESC and C1 escaped, invalid and split UTF-8 replaced");
	free(s);
	is_int(utf8_complete_prefix(out->name, strlen(out->name)), strlen(out->name) - 2,
	       "a chunk ending in a split sequence holds it back");
	job_free(job);
	job_free(out);
}

int
main(void)
{
	test_job_round_trips();
	test_tags();
	test_unknown_enum();
	test_job_json();
	test_scalars_json();
	test_operation();
	test_any();
	test_cluster();
	test_create_request();
	test_hostile_strings();
	return done_testing();
}
