/* Job specs to and from the JSON of `dpjobs get --format json`, for $EDITOR. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/jobspec_json.h"
#include "util/xalloc.h"

enum jobspec_json_kind {
	JSJ_LIST,   /* struct strlist */
	JSJ_MAP,    /* struct kvlist */
	JSJ_STRING, /* char * */
	JSJ_BOOL,   /* bool */
	JSJ_DRIVER, /* mapreduce: a string that also picks the driver oneof */
	JSJ_QUERY_FILE,
	JSJ_QUERY_LIST, /* {"queries": [...]} */
};

struct jobspec_json_field {
	const char *name;
	enum jobspec_json_kind kind;
	size_t off;
};

#define JSJ_F(name, kind)                                                                          \
	{                                                                                          \
#name, kind, offsetof(struct job_spec, name)                                       \
	}

/* Each type's fields in proto order: the order `dpjobs get` prints them in. */
static const struct jobspec_json_field jobspec_json_spark[] = {
    JSJ_F(args, JSJ_LIST),         JSJ_F(jar_file_uris, JSJ_LIST),
    JSJ_F(file_uris, JSJ_LIST),    JSJ_F(archive_uris, JSJ_LIST),
    JSJ_F(properties, JSJ_MAP),    JSJ_F(main_jar_file_uri, JSJ_STRING),
    JSJ_F(main_class, JSJ_STRING), JSJ_F(packages, JSJ_LIST),
    JSJ_F(repositories, JSJ_LIST), JSJ_F(exclude_packages, JSJ_LIST),
    {NULL, JSJ_LIST, 0},
};

static const struct jobspec_json_field jobspec_json_pyspark[] = {
    JSJ_F(args, JSJ_LIST),
    JSJ_F(jar_file_uris, JSJ_LIST),
    JSJ_F(file_uris, JSJ_LIST),
    JSJ_F(archive_uris, JSJ_LIST),
    JSJ_F(properties, JSJ_MAP),
    JSJ_F(main_python_file_uri, JSJ_STRING),
    JSJ_F(python_file_uris, JSJ_LIST),
    JSJ_F(packages, JSJ_LIST),
    JSJ_F(repositories, JSJ_LIST),
    JSJ_F(exclude_packages, JSJ_LIST),
    {NULL, JSJ_LIST, 0},
};

static const struct jobspec_json_field jobspec_json_mapreduce[] = {
    JSJ_F(args, JSJ_LIST),         JSJ_F(jar_file_uris, JSJ_LIST),
    JSJ_F(file_uris, JSJ_LIST),    JSJ_F(archive_uris, JSJ_LIST),
    JSJ_F(properties, JSJ_MAP),    JSJ_F(main_jar_file_uri, JSJ_DRIVER),
    JSJ_F(main_class, JSJ_DRIVER), {NULL, JSJ_LIST, 0},
};

static const struct jobspec_json_field jobspec_json_hive[] = {
    JSJ_F(properties, JSJ_MAP),
    JSJ_F(continue_on_failure, JSJ_BOOL),
    JSJ_F(script_variables, JSJ_MAP),
    JSJ_F(jar_file_uris, JSJ_LIST),
    JSJ_F(query_file_uri, JSJ_QUERY_FILE),
    {"query_list", JSJ_QUERY_LIST, offsetof(struct job_spec, queries)},
    {NULL, JSJ_LIST, 0},
};

static const struct {
	const char *key;
	enum job_type type;
	const struct jobspec_json_field *fields;
} jobspec_json_types[] = {
    {"mapreduce_job", JOB_TYPE_MAPREDUCE, jobspec_json_mapreduce},
    {"spark_job", JOB_TYPE_SPARK, jobspec_json_spark},
    {"pyspark_job", JOB_TYPE_PYSPARK, jobspec_json_pyspark},
    {"hive_job", JOB_TYPE_HIVE, jobspec_json_hive},
};
#define JOBSPEC_JSON_NTYPES (sizeof(jobspec_json_types) / sizeof(jobspec_json_types[0]))

/* Members of a whole Job that the server sets: a pasted `dpjobs get` object
 * is accepted as it is, and these are left to the server. */
static const char *const jobspec_json_ignored[] = {
    "id",     "cluster_id", "created_at",       "started_at", "finished_at",
    "status", "created_by", "application_info", NULL,
};

/* ---- dump ---- */

static json_t *
jobspec_json_list(const struct strlist *l)
{
	json_t *a = json_array();

	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, json_string(l->v[i]));
	return a;
}

static json_t *
jobspec_json_map(const struct kvlist *l)
{
	json_t *o = json_object();

	for (size_t i = 0; i < l->n; i++)
		json_object_set_new(o, l->v[i].key, json_string(l->v[i].value));
	return o;
}

json_t *
jobspec_json_dump(const char *name, const struct job_spec *spec)
{
	json_t *root = json_object(), *obj = json_object();
	const char *key = NULL;
	const struct jobspec_json_field *f = NULL;

	if (name && *name)
		json_object_set_new(root, "name", json_string(name));
	for (size_t t = 0; t < JOBSPEC_JSON_NTYPES; t++) {
		if (jobspec_json_types[t].type == spec->type) {
			key = jobspec_json_types[t].key;
			f = jobspec_json_types[t].fields;
		}
	}
	if (!key) {
		json_decref(obj);
		return root;
	}
	for (; f->name; f++) {
		const char *p = (const char *)spec + f->off;
		const struct strlist *l = (const struct strlist *)p;
		const struct kvlist *m = (const struct kvlist *)p;
		/* Only string fields hold a char *: reading one from a bool
		 * field would be a misaligned, undefined load. */
		const char *s =
		    f->kind == JSJ_STRING || f->kind == JSJ_DRIVER || f->kind == JSJ_QUERY_FILE
		        ? *(char *const *)p
		        : NULL;

		switch (f->kind) {
		case JSJ_LIST:
			if (l->n)
				json_object_set_new(obj, f->name, jobspec_json_list(l));
			break;
		case JSJ_MAP:
			if (m->n)
				json_object_set_new(obj, f->name, jobspec_json_map(m));
			break;
		case JSJ_STRING:
			if (s && *s)
				json_object_set_new(obj, f->name, json_string(s));
			break;
		case JSJ_BOOL:
			if (*(const bool *)p)
				json_object_set_new(obj, f->name, json_true());
			break;
		case JSJ_DRIVER:
			/* A oneof member is printed when it is the one set. */
			if ((spec->driver == MAPREDUCE_DRIVER_JAR &&
			     strcmp(f->name, "main_jar_file_uri") == 0) ||
			    (spec->driver == MAPREDUCE_DRIVER_CLASS &&
			     strcmp(f->name, "main_class") == 0))
				json_object_set_new(obj, f->name, json_string(s ? s : ""));
			break;
		case JSJ_QUERY_FILE:
			if (spec->query == HIVE_QUERY_FILE_URI)
				json_object_set_new(obj, f->name, json_string(s ? s : ""));
			break;
		case JSJ_QUERY_LIST:
			if (spec->query == HIVE_QUERY_LIST)
				json_object_set_new(
				    obj, f->name,
				    json_pack("{s:o}", "queries", jobspec_json_list(l)));
			break;
		}
	}
	json_object_set_new(root, key, obj);
	return root;
}

/* ---- parse ---- */

static bool jobspec_json_fail(char err[JOBSPEC_JSON_ERR_LEN], const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static bool
jobspec_json_fail(char err[JOBSPEC_JSON_ERR_LEN], const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, JOBSPEC_JSON_ERR_LEN, fmt, ap);
	va_end(ap);
	return false;
}

static const char *
jobspec_json_type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	case JSON_NULL:
		return "null";
	}
	return "something else";
}

static bool
jobspec_json_get_list(const json_t *v, const char *path, struct strlist *out,
                      char err[JOBSPEC_JSON_ERR_LEN])
{
	size_t i;
	json_t *item;

	if (!json_is_array(v))
		return jobspec_json_fail(err, "%s: expected an array of strings, not %s", path,
		                         jobspec_json_type_name(v));
	json_array_foreach(v, i, item)
	{
		if (!json_is_string(item))
			return jobspec_json_fail(err, "%s[%zu]: expected a string, not %s", path, i,
			                         jobspec_json_type_name(item));
		strlist_push(out, json_string_value(item));
	}
	return true;
}

static bool
jobspec_json_get_map(json_t *v, const char *path, struct kvlist *out,
                     char err[JOBSPEC_JSON_ERR_LEN])
{
	const char *k;
	json_t *item;

	if (!json_is_object(v))
		return jobspec_json_fail(err, "%s: expected an object of strings, not %s", path,
		                         jobspec_json_type_name(v));
	json_object_foreach(v, k, item)
	{
		if (!json_is_string(item))
			return jobspec_json_fail(err, "%s.%s: expected a string, not %s", path, k,
			                         jobspec_json_type_name(item));
		kvlist_set(out, k, json_string_value(item));
	}
	return true;
}

static bool
jobspec_json_get_string(const json_t *v, const char *path, char **out,
                        char err[JOBSPEC_JSON_ERR_LEN])
{
	if (!json_is_string(v))
		return jobspec_json_fail(err, "%s: expected a string, not %s", path,
		                         jobspec_json_type_name(v));
	free(*out);
	*out = xstrdup(json_string_value(v));
	return true;
}

static bool
jobspec_json_field(const struct jobspec_json_field *f, json_t *v, const char *path,
                   struct job_spec *spec, char err[JOBSPEC_JSON_ERR_LEN])
{
	char *p = (char *)spec + f->off;
	const char *k;
	json_t *item;
	char sub[256];

	switch (f->kind) {
	case JSJ_LIST:
		return jobspec_json_get_list(v, path, (struct strlist *)p, err);
	case JSJ_MAP:
		return jobspec_json_get_map(v, path, (struct kvlist *)p, err);
	case JSJ_STRING:
		return jobspec_json_get_string(v, path, (char **)p, err);
	case JSJ_BOOL:
		if (!json_is_boolean(v))
			return jobspec_json_fail(err, "%s: expected true or false, not %s", path,
			                         jobspec_json_type_name(v));
		*(bool *)p = json_is_true(v);
		return true;
	case JSJ_DRIVER:
		if (spec->driver != MAPREDUCE_DRIVER_NONE)
			return jobspec_json_fail(err,
			                         "%s: main_jar_file_uri and main_class are one "
			                         "choice: give only one of them",
			                         path);
		spec->driver = strcmp(f->name, "main_class") == 0 ? MAPREDUCE_DRIVER_CLASS
		                                                  : MAPREDUCE_DRIVER_JAR;
		return jobspec_json_get_string(v, path, (char **)p, err);
	case JSJ_QUERY_FILE:
	case JSJ_QUERY_LIST:
		if (spec->query != HIVE_QUERY_NONE)
			return jobspec_json_fail(err,
			                         "%s: query_file_uri and query_list are one "
			                         "choice: give only one of them",
			                         path);
		if (f->kind == JSJ_QUERY_FILE) {
			spec->query = HIVE_QUERY_FILE_URI;
			return jobspec_json_get_string(v, path, (char **)p, err);
		}
		spec->query = HIVE_QUERY_LIST;
		if (!json_is_object(v))
			return jobspec_json_fail(err,
			                         "%s: expected an object {\"queries\": [...]}, "
			                         "not %s",
			                         path, jobspec_json_type_name(v));
		json_object_foreach(v, k, item)
		{
			snprintf(sub, sizeof(sub), "%.120s.%.120s", path, k);
			if (strcmp(k, "queries") != 0)
				return jobspec_json_fail(err, "%s: unknown field", sub);
			if (!jobspec_json_get_list(item, sub, (struct strlist *)p, err))
				return false;
		}
		return true;
	}
	return true;
}

static bool
jobspec_json_type_object(json_t *obj, const char *key, const struct jobspec_json_field *fields,
                         struct job_spec *spec, char err[JOBSPEC_JSON_ERR_LEN])
{
	const char *k;
	json_t *v;
	char path[256];

	if (!json_is_object(obj))
		return jobspec_json_fail(err, "%s: expected an object, not %s", key,
		                         jobspec_json_type_name(obj));
	json_object_foreach(obj, k, v)
	{
		const struct jobspec_json_field *f = fields;

		snprintf(path, sizeof(path), "%.120s.%.120s", key, k);
		while (f->name && strcmp(f->name, k) != 0)
			f++;
		if (!f->name)
			return jobspec_json_fail(err, "%s: unknown field", path);
		/* null is how JSON says "not set", as proto3 JSON reads it. */
		if (json_is_null(v))
			continue;
		if (!jobspec_json_field(f, v, path, spec, err))
			return false;
	}
	return true;
}

static bool
jobspec_json_ignored_key(const char *k)
{
	for (size_t i = 0; jobspec_json_ignored[i]; i++) {
		if (strcmp(jobspec_json_ignored[i], k) == 0)
			return true;
	}
	return false;
}

static bool
jobspec_json_root(json_t *root, char **name, struct job_spec *spec, char err[JOBSPEC_JSON_ERR_LEN])
{
	const char *k, *type_key = NULL;
	json_t *v;

	if (!json_is_object(root))
		return jobspec_json_fail(err, "the document: expected an object, not %s",
		                         jobspec_json_type_name(root));
	json_object_foreach(root, k, v)
	{
		size_t t;

		if (strcmp(k, "name") == 0) {
			if (!json_is_null(v) && !jobspec_json_get_string(v, "name", name, err))
				return false;
			continue;
		}
		if (jobspec_json_ignored_key(k))
			continue;
		for (t = 0; t < JOBSPEC_JSON_NTYPES; t++) {
			if (strcmp(jobspec_json_types[t].key, k) == 0)
				break;
		}
		if (t == JOBSPEC_JSON_NTYPES)
			return jobspec_json_fail(err,
			                         "%s: unknown field (expected name and one of "
			                         "spark_job, pyspark_job, mapreduce_job, hive_job)",
			                         k);
		if (type_key)
			return jobspec_json_fail(err, "%s: a job has one type, and %s is given too",
			                         k, type_key);
		type_key = jobspec_json_types[t].key;
		spec->type = jobspec_json_types[t].type;
		if (!jobspec_json_type_object(v, k, jobspec_json_types[t].fields, spec, err))
			return false;
	}
	if (!type_key)
		return jobspec_json_fail(err, "the document: no job type: add one of spark_job, "
		                              "pyspark_job, mapreduce_job, hive_job");
	return true;
}

bool
jobspec_json_parse(const char *text, char **name, struct job_spec *spec,
                   char err[JOBSPEC_JSON_ERR_LEN], int *line)
{
	json_error_t je;
	json_t *root;
	bool ok;

	memset(spec, 0, sizeof(*spec));
	*name = xstrdup("");
	*line = 0;
	err[0] = '\0';
	root = json_loads(text, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		*line = je.line > 0 ? je.line : 0;
		snprintf(err, JOBSPEC_JSON_ERR_LEN, "line %d, column %d: %s", je.line, je.column,
		         je.text);
		return false;
	}
	ok = jobspec_json_root(root, name, spec, err);
	json_decref(root);
	if (!ok)
		*line = jobspec_json_line_of(text, err);
	return ok;
}

int
jobspec_json_line_of(const char *text, const char *msg)
{
	size_t len = strcspn(msg, ": ");
	const char *last = msg, *p;
	char key[128];
	int line = 1;

	/* The last member of "a.b[2].c": skip dots and drop an index. */
	for (p = msg; p < msg + len; p++) {
		if (*p == '.')
			last = p + 1;
	}
	len = (size_t)(msg + len - last);
	len = strcspn(last, "[:") < len ? strcspn(last, "[:") : len;
	if (len == 0 || len + 3 > sizeof(key))
		return 0;
	snprintf(key, sizeof(key), "\"%.*s\"", (int)len, last);
	for (p = text; *p; p++) {
		if (*p == '\n') {
			line++;
			continue;
		}
		if (strncmp(p, key, len + 2) == 0) {
			const char *q = p + len + 2;

			while (*q == ' ' || *q == '\t')
				q++;
			if (*q == ':')
				return line;
		}
	}
	return 0;
}
