/* The server's validation rules for CreateJobRequest, ids, paging and filters. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/validate.h"
#include "util/sanitize.h"

#define NAME_PATTERN "[a-z][-a-z0-9]{1,61}[a-z0-9]"
#define PROPERTY_KEY_PATTERN "[a-zA-Z][-_0-9a-zA-Z.]*"
#define VARIABLE_KEY_PATTERN "[a-zA-Z][_0-9a-zA-Z]*"
#define MAP_MAX_ENTRIES 100
#define MAP_KEY_MAX 128
/* Keys quoted in messages are cut to this many bytes: a message is one line. */
#define QUOTE_MAX 40

static bool __attribute__((format(printf, 2, 3)))
validate_fail(char err[VALIDATE_ERR_LEN], const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, VALIDATE_ERR_LEN, fmt, ap);
	va_end(ap);
	return false;
}

/* The API's "length" counts characters, not bytes. */
static size_t
validate_chars(const char *s)
{
	return s ? utf8_count(s, strlen(s)) : 0;
}

static bool
validate_is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static bool
validate_is_alpha(char c)
{
	return validate_is_lower(c) || (c >= 'A' && c <= 'Z');
}

static bool
validate_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* [a-z][-a-z0-9]{1,61}[a-z0-9] over exactly len bytes. */
static bool
validate_name_pattern(const char *s, size_t len)
{
	if (len < 3 || len > 63 || !validate_is_lower(s[0]))
		return false;
	for (size_t i = 1; i < len; i++) {
		char c = s[i];

		if (!validate_is_lower(c) && !validate_is_digit(c) && (c != '-' || i == len - 1))
			return false;
	}
	return true;
}

bool
validate_job_name(const char *name)
{
	return !name || !*name || validate_name_pattern(name, strlen(name));
}

/* A printable, bounded copy of a user's key for an error message. */
static void
validate_quote(const char *s, char out[QUOTE_MAX + 4])
{
	char *clean = sanitize_str(s);
	size_t len = strlen(clean);

	if (len > QUOTE_MAX) {
		len = utf8_complete_prefix(clean, QUOTE_MAX);
		snprintf(out, QUOTE_MAX + 4, "%.*s...", (int)len, clean);
	} else {
		snprintf(out, QUOTE_MAX + 4, "%s", clean);
	}
	free(clean);
}

static bool
validate_string(const char *path, const char *value, size_t max_chars, bool required,
                char err[VALIDATE_ERR_LEN])
{
	if (required && (!value || !*value))
		return validate_fail(err, "%s: required", path);
	if (validate_chars(value) > max_chars)
		return validate_fail(err, "%s: longer than %zu characters", path, max_chars);
	return true;
}

static bool
validate_list(const char *type, const char *field, const struct strlist *l, size_t max_chars,
              size_t max_elems, char err[VALIDATE_ERR_LEN])
{
	if (l->n > max_elems)
		return validate_fail(err, "%s.%s: more than %zu elements", type, field, max_elems);
	for (size_t i = 0; i < l->n; i++)
		if (validate_chars(l->v[i]) > max_chars)
			return validate_fail(err, "%s.%s[%zu]: longer than %zu characters", type,
			                     field, i, max_chars);
	return true;
}

/* Property keys allow '-' and '.'; Hive script variable keys do not. */
static bool
validate_key_pattern(const char *key, bool property)
{
	if (!validate_is_alpha(key[0]))
		return false;
	for (const char *p = key + 1; *p; p++) {
		if (validate_is_alpha(*p) || validate_is_digit(*p) || *p == '_')
			continue;
		if (property && (*p == '-' || *p == '.'))
			continue;
		return false;
	}
	return true;
}

static bool
validate_map(const char *type, const char *field, const struct kvlist *l, size_t max_value,
             bool property, char err[VALIDATE_ERR_LEN])
{
	char quoted[QUOTE_MAX + 4];

	if (l->n > MAP_MAX_ENTRIES)
		return validate_fail(err, "%s.%s: more than %d entries", type, field,
		                     MAP_MAX_ENTRIES);
	for (size_t i = 0; i < l->n; i++) {
		const char *key = l->v[i].key ? l->v[i].key : "";

		if (!*key)
			return validate_fail(err, "%s.%s: empty key", type, field);
		validate_quote(key, quoted);
		if (validate_chars(key) > MAP_KEY_MAX)
			return validate_fail(err, "%s.%s: key \"%s\" longer than %d characters",
			                     type, field, quoted, MAP_KEY_MAX);
		if (!validate_key_pattern(key, property))
			return validate_fail(
			    err, "%s.%s: key \"%s\" does not match %s", type, field, quoted,
			    property ? PROPERTY_KEY_PATTERN : VARIABLE_KEY_PATTERN);
		if (validate_chars(l->v[i].value) > max_value)
			return validate_fail(err, "%s.%s[\"%s\"]: longer than %zu characters", type,
			                     field, quoted, max_value);
	}
	return true;
}

/* jar_file_uris, file_uris and archive_uris: each < 2048, at most 100. */
static bool
validate_uri_lists(const char *type, const struct job_spec *s, char err[VALIDATE_ERR_LEN])
{
	return validate_list(type, "jar_file_uris", &s->jar_file_uris, 2047, 100, err) &&
	       validate_list(type, "file_uris", &s->file_uris, 2047, 100, err) &&
	       validate_list(type, "archive_uris", &s->archive_uris, 2047, 100, err);
}

/* packages, repositories and exclude_packages of Spark and PySpark. */
static bool
validate_package_lists(const char *type, const struct job_spec *s, char err[VALIDATE_ERR_LEN])
{
	return validate_list(type, "packages", &s->packages, 255, 100, err) &&
	       validate_list(type, "repositories", &s->repositories, 2047, 10, err) &&
	       validate_list(type, "exclude_packages", &s->exclude_packages, 255, 100, err);
}

static bool
validate_mapreduce(const struct job_spec *s, char err[VALIDATE_ERR_LEN])
{
	const char *t = "mapreduce_job";

	if (!validate_list(t, "args", &s->args, 1024, 32, err) || !validate_uri_lists(t, s, err) ||
	    !validate_map(t, "properties", &s->properties, 256, true, err))
		return false;
	switch (s->driver) {
	case MAPREDUCE_DRIVER_JAR:
		return validate_string("mapreduce_job.main_jar_file_uri", s->main_jar_file_uri,
		                       2047, true, err);
	case MAPREDUCE_DRIVER_CLASS:
		return validate_string("mapreduce_job.main_class", s->main_class, 255, true, err);
	case MAPREDUCE_DRIVER_NONE:
		break;
	}
	return validate_fail(err, "mapreduce_job.driver: one of main_jar_file_uri, main_class "
	                          "is required");
}

static bool
validate_spark(const struct job_spec *s, char err[VALIDATE_ERR_LEN])
{
	const char *t = "spark_job";

	return validate_list(t, "args", &s->args, 10000, 256, err) &&
	       validate_uri_lists(t, s, err) &&
	       validate_map(t, "properties", &s->properties, 256, true, err) &&
	       validate_string("spark_job.main_jar_file_uri", s->main_jar_file_uri, 2047, true,
	                       err) &&
	       validate_string("spark_job.main_class", s->main_class, 255, false, err) &&
	       validate_package_lists(t, s, err);
}

static bool
validate_pyspark(const struct job_spec *s, char err[VALIDATE_ERR_LEN])
{
	const char *t = "pyspark_job";

	return validate_list(t, "args", &s->args, 100000, 2500, err) &&
	       validate_uri_lists(t, s, err) &&
	       validate_map(t, "properties", &s->properties, 10000, true, err) &&
	       validate_string("pyspark_job.main_python_file_uri", s->main_python_file_uri, 2047,
	                       true, err) &&
	       validate_list(t, "python_file_uris", &s->python_file_uris, 2047, 100, err) &&
	       validate_package_lists(t, s, err);
}

/* The query_type oneof carries no "required" rule upstream, so neither do we. */
static bool
validate_hive(const struct job_spec *s, char err[VALIDATE_ERR_LEN])
{
	const char *t = "hive_job";

	if (!validate_map(t, "properties", &s->properties, 256, true, err) ||
	    !validate_map(t, "script_variables", &s->script_variables, 2048, false, err) ||
	    !validate_list(t, "jar_file_uris", &s->jar_file_uris, 2047, 100, err))
		return false;
	if (s->query == HIVE_QUERY_FILE_URI)
		return validate_string("hive_job.query_file_uri", s->query_file_uri, 2047, false,
		                       err);
	if (s->query == HIVE_QUERY_LIST)
		return validate_list(t, "query_list.queries", &s->queries, 10239, 100, err);
	return true;
}

bool
validate_create_job(const char *cluster_id, const char *name, const struct job_spec *spec,
                    char err[VALIDATE_ERR_LEN])
{
	if (!validate_id("cluster_id", cluster_id, err) ||
	    !validate_string("name", name, 255, false, err))
		return false;
	if (!validate_job_name(name))
		return validate_fail(err, "name: must match " NAME_PATTERN);
	switch (spec ? spec->type : JOB_TYPE_NONE) {
	case JOB_TYPE_MAPREDUCE:
		return validate_mapreduce(spec, err);
	case JOB_TYPE_SPARK:
		return validate_spark(spec, err);
	case JOB_TYPE_PYSPARK:
		return validate_pyspark(spec, err);
	case JOB_TYPE_HIVE:
		return validate_hive(spec, err);
	case JOB_TYPE_NONE:
		break;
	}
	return validate_fail(err, "job_spec: one of mapreduce_job, spark_job, pyspark_job, "
	                          "hive_job is required");
}

bool
validate_id(const char *field, const char *value, char err[VALIDATE_ERR_LEN])
{
	return validate_string(field, value, 50, true, err);
}

bool
validate_page_size(const char *field, int64_t value, int64_t max, char err[VALIDATE_ERR_LEN])
{
	if (value < 0 || value > max)
		return validate_fail(err, "%s: must be between 0 and %lld", field, (long long)max);
	return true;
}

bool
validate_page_token(const char *value, char err[VALIDATE_ERR_LEN])
{
	return validate_string("page_token", value, 100, false, err);
}

static const char *
validate_skip_spaces(const char *p)
{
	while (*p == ' ')
		p++;
	return p;
}

bool
validate_filter(const char *filter, char name_out[64], char err[VALIDATE_ERR_LEN])
{
	const char *p, *value, *end;

	if (name_out)
		name_out[0] = '\0';
	if (!validate_string("filter", filter, 1000, false, err))
		return false;
	p = validate_skip_spaces(filter ? filter : "");
	if (!*p)
		return true;
	if (strncmp(p, "name", 4) != 0)
		return validate_fail(err, "filter: only name=\"VALUE\" is supported");
	p = validate_skip_spaces(p + 4);
	if (*p != '=')
		return validate_fail(err, "filter: expected '=' after name");
	p = validate_skip_spaces(p + 1);
	if (*p != '"')
		return validate_fail(err, "filter: expected a quoted value after name=");
	value = p + 1;
	end = strchr(value, '"');
	if (!end)
		return validate_fail(err, "filter: missing closing quote");
	if (*validate_skip_spaces(end + 1))
		return validate_fail(err, "filter: unexpected text after the closing quote");
	if (!validate_name_pattern(value, (size_t)(end - value)))
		return validate_fail(err, "filter: name must match " NAME_PATTERN);
	if (name_out)
		snprintf(name_out, 64, "%.*s", (int)(end - value), value);
	return true;
}
