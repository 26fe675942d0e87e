/* Unit tests of model/jobspec_json: every field of every job type both ways, and the errors. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/jobspec_json.h"
#include "tap.h"

/* Parses text; on success dumps the spec again and compares with want (or
 * text when want is NULL), compact and key-sorted. */
static void
roundtrip(const char *desc, const char *text, const char *want)
{
	char *name = NULL, err[JOBSPEC_JSON_ERR_LEN];
	struct job_spec spec;
	int line;
	bool ok = jobspec_json_parse(text, &name, &spec, err, &line);
	json_t *a = NULL, *b = json_loads(want ? want : text, 0, NULL);

	if (ok)
		a = jobspec_json_dump(name, &spec);
	ok = ok && b && json_equal(a, b);
	ok(ok, "%s", desc);
	if (!ok) {
		char *s = a ? json_dumps(a, JSON_SORT_KEYS) : NULL;

		printf("# err: %s; got %s\n", err, s ? s : "(nothing)");
		free(s);
	}
	json_decref(a);
	json_decref(b);
	free(name);
	job_spec_done(&spec);
}

/* text must fail with exactly msg, about line. */
static void
fails(const char *text, const char *msg, int want_line)
{
	char *name = NULL, err[JOBSPEC_JSON_ERR_LEN];
	struct job_spec spec;
	int line = -1;
	bool ok = jobspec_json_parse(text, &name, &spec, err, &line);

	ok(!ok && strcmp(err, msg) == 0 && line == want_line, "error: %s", msg);
	if (ok || strcmp(err, msg) != 0 || line != want_line)
		printf("# got ok=%d err '%s' line %d\n", ok, err, line);
	free(name);
	job_spec_done(&spec);
}

int
main(void)
{
	char *name = NULL, err[JOBSPEC_JSON_ERR_LEN];
	struct job_spec spec;
	int line;

	plan(27);

	roundtrip("spark: every field",
	          "{\"name\":\"etl\",\"spark_job\":{\"args\":[\"a,b\",\"c\"],"
	          "\"jar_file_uris\":[\"s3a://b/j.jar\"],\"file_uris\":[\"s3a://b/f\"],"
	          "\"archive_uris\":[\"s3a://b/a.zip\"],\"properties\":{\"k.x\":\"v=1\"},"
	          "\"main_jar_file_uri\":\"s3a://b/m.jar\",\"main_class\":\"org.M\","
	          "\"packages\":[\"g:a:1\"],\"repositories\":[\"https://r\"],"
	          "\"exclude_packages\":[\"g:x\"]}}",
	          NULL);
	roundtrip(
	    "pyspark: every field",
	    "{\"name\":\"py\",\"pyspark_job\":{\"args\":[\"1\"],\"jar_file_uris\":[\"j\"],"
	    "\"file_uris\":[\"f\"],\"archive_uris\":[\"a\"],\"properties\":{\"p\":\"q\"},"
	    "\"main_python_file_uri\":\"s3a://b/m.py\",\"python_file_uris\":[\"s3a://b/u.py\"],"
	    "\"packages\":[\"p\"],\"repositories\":[\"r\"],\"exclude_packages\":[\"e\"]}}",
	    NULL);
	roundtrip("mapreduce: every field, jar driver",
	          "{\"name\":\"mr\",\"mapreduce_job\":{\"args\":[\"x\"],\"jar_file_uris\":[\"j\"],"
	          "\"file_uris\":[\"f\"],\"archive_uris\":[\"a\"],\"properties\":{\"p\":\"q\"},"
	          "\"main_jar_file_uri\":\"s3a://b/m.jar\"}}",
	          NULL);
	roundtrip("mapreduce: class driver",
	          "{\"name\":\"mr\",\"mapreduce_job\":{\"main_class\":\"org.Main\"}}", NULL);
	roundtrip(
	    "hive: every field, query list",
	    "{\"name\":\"hv\",\"hive_job\":{\"properties\":{\"h.x\":\"1\"},"
	    "\"continue_on_failure\":true,\"script_variables\":{\"DT\":\"2026\"},"
	    "\"jar_file_uris\":[\"j\"],\"query_list\":{\"queries\":[\"SELECT 1\",\"SELECT 2\"]}}}",
	    NULL);
	roundtrip("hive: query file",
	          "{\"name\":\"hv\",\"hive_job\":{\"query_file_uri\":\"s3a://b/q.sql\"}}", NULL);
	roundtrip("empty lists and maps, null and no name are left out",
	          "{\"name\":null,\"spark_job\":{\"args\":[],\"properties\":{},\"main_class\":null,"
	          "\"main_jar_file_uri\":\"m\"}}",
	          "{\"spark_job\":{\"main_jar_file_uri\":\"m\"}}");
	roundtrip("a whole `dpjobs get` object: what the server sets is ignored",
	          "{\"id\":\"c9q\",\"cluster_id\":\"c9x\",\"created_at\":\"2026-01-15T12:00:00Z\","
	          "\"status\":\"DONE\",\"created_by\":\"aje\",\"application_info\":{\"id\":\"a\"},"
	          "\"name\":\"n1\",\"spark_job\":{\"main_class\":\"M\"}}",
	          "{\"name\":\"n1\",\"spark_job\":{\"main_class\":\"M\"}}");

	/* The parsed values themselves, not only their JSON. */
	ok(jobspec_json_parse("{\"name\":\"mr\",\"mapreduce_job\":{\"main_class\":\"C\","
	                      "\"args\":[\"a\",\"b\"],\"properties\":{\"k\":\"v\"}}}",
	                      &name, &spec, err, &line) &&
	       spec.type == JOB_TYPE_MAPREDUCE && spec.driver == MAPREDUCE_DRIVER_CLASS &&
	       strcmp(spec.main_class, "C") == 0 && spec.args.n == 2 &&
	       strcmp(spec.args.v[1], "b") == 0 &&
	       strcmp(kvlist_get(&spec.properties, "k"), "v") == 0 && strcmp(name, "mr") == 0,
	   "mapreduce: values and the driver oneof");
	free(name);
	job_spec_done(&spec);
	ok(jobspec_json_parse("{\"hive_job\":{\"query_list\":{\"queries\":[\"Q\"]},"
	                      "\"continue_on_failure\":false}}",
	                      &name, &spec, err, &line) &&
	       spec.type == JOB_TYPE_HIVE && spec.query == HIVE_QUERY_LIST && spec.queries.n == 1 &&
	       !spec.continue_on_failure && strcmp(name, "") == 0,
	   "hive: the query oneof, no name is \"\"");
	free(name);
	job_spec_done(&spec);

	fails("{\"name\": \"x\",\n  \"spark_job\": {\n  \"args\": [1]\n}}",
	      "spark_job.args[0]: expected a string, not a number", 3);
	fails("{\"spark_job\": {\n\"main_clas\": \"x\"}}", "spark_job.main_clas: unknown field", 2);
	fails("{\"sparkjob\": {}}",
	      "sparkjob: unknown field (expected name and one of spark_job, pyspark_job, "
	      "mapreduce_job, hive_job)",
	      1);
	fails("{\"name\": \"x\"}",
	      "the document: no job type: add one of spark_job, pyspark_job, mapreduce_job, "
	      "hive_job",
	      0);
	fails("[1]", "the document: expected an object, not an array", 0);
	fails("{\n\"name\": 3,\n\"spark_job\": {}}", "name: expected a string, not a number", 2);
	fails("{\"spark_job\": {},\n\"hive_job\": {}}",
	      "hive_job: a job has one type, and spark_job is given too", 2);
	fails("{\"spark_job\": []}", "spark_job: expected an object, not an array", 1);
	fails("{\"spark_job\": {\"properties\": {\"a\": 1}}}",
	      "spark_job.properties.a: expected a string, not a number", 1);
	fails("{\"spark_job\": {\"properties\": []}}",
	      "spark_job.properties: expected an object of strings, not an array", 1);
	fails("{\"hive_job\": {\"continue_on_failure\": \"yes\"}}",
	      "hive_job.continue_on_failure: expected true or false, not a string", 1);
	fails("{\"mapreduce_job\": {\"main_class\": \"a\", \"main_jar_file_uri\": \"b\"}}",
	      "mapreduce_job.main_jar_file_uri: main_jar_file_uri and main_class are one choice: "
	      "give only one of them",
	      1);
	fails("{\"hive_job\": {\"query_file_uri\": \"a\", \"query_list\": {\"queries\": []}}}",
	      "hive_job.query_list: query_file_uri and query_list are one choice: give only one "
	      "of them",
	      1);
	fails("{\"hive_job\": {\"query_list\": {\"query\": []}}}",
	      "hive_job.query_list.query: unknown field", 1);
	fails("{\n\"spark_job\": {\n\"args\": [\"a\",]\n}}",
	      "line 3, column 14: unexpected token near ']'", 3);
	fails("{\"spark_job\": {}, \"spark_job\": {}}",
	      "line 1, column 29: duplicate object key near '\"spark_job\"'", 1);
	ok(jobspec_json_line_of("{\n \"spark_job\": {\n  \"properties\" : {}}}",
	                        "spark_job.properties: key \"1x\" bad") == 3,
	   "line_of: the line of the path's last member");
	return done_testing();
}
