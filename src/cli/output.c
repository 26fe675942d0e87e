/* Output of the batch CLI: aligned tables, `field: value` records of a job, pretty JSON. */
/* wcwidth() is X/Open. */
#define _GNU_SOURCE
#include "config.h"

#include <stdarg.h>

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "cli/output.h"
#include "util/sanitize.h"
#include "util/strbuf.h"
#include "util/timefmt.h"
#include "util/xalloc.h"

static const char *const output_job_headers[] = {"ID",     "NAME",    "TYPE",
                                                 "STATUS", "CREATED", "DURATION"};
static const char *const output_cluster_headers[] = {"ID",     "NAME", "STATUS",
                                                     "HEALTH", "ZONE", "CREATED"};
static const char *const output_operation_headers[] = {"OPERATION_ID", "JOB_ID", "DONE"};

#define OUTPUT_NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Terminal columns of a sanitized string (valid UTF-8, no controls). */
static size_t
output_width(const char *s)
{
	mbstate_t st;
	size_t w = 0, left = strlen(s);

	memset(&st, 0, sizeof(st));
	while (left > 0) {
		wchar_t wc;
		size_t n;
		int cw;

		if ((unsigned char)*s < 0x80) {
			w++, s++, left--;
			continue;
		}
		n = mbrtowc(&wc, s, left, &st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			/* Not decodable in this locale: count a column per byte. */
			memset(&st, 0, sizeof(st));
			w++, s++, left--;
			continue;
		}
		cw = wcwidth(wc);
		w += cw < 0 ? 1 : (size_t)cw;
		s += n;
		left -= n;
	}
	return w;
}

void
output_table_init(struct output_table *t, const char *const *headers, size_t ncols)
{
	memset(t, 0, sizeof(*t));
	t->headers = headers;
	t->ncols = ncols;
	t->width = xcalloc(ncols, sizeof(*t->width));
	for (size_t i = 0; i < ncols; i++)
		t->width[i] = output_width(headers[i]);
}

void
output_table_done(struct output_table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->width);
	memset(t, 0, sizeof(*t));
}

void
output_table_add(struct output_table *t, const char *const *cells)
{
	if (t->nrows == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->cells = xrealloc(t->cells, t->cap * t->ncols * sizeof(*t->cells));
	}
	for (size_t i = 0; i < t->ncols; i++) {
		char *s = sanitize_str(cells[i] ? cells[i] : "");
		size_t w = output_width(s);

		t->cells[t->nrows * t->ncols + i] = s;
		if (w > t->width[i])
			t->width[i] = w;
	}
	t->nrows++;
}

static void
output_table_row(const struct output_table *t, const char *const *cells, FILE *out)
{
	size_t last = t->ncols;

	/* Empty trailing cells would leave blanks at the end of the line. */
	while (last > 1 && !*cells[last - 1])
		last--;
	for (size_t i = 0; i < last; i++) {
		fputs(cells[i], out);
		if (i + 1 < last)
			fprintf(out, "%*s", (int)(t->width[i] - output_width(cells[i]) + 2), "");
	}
	fputc('\n', out);
}

void
output_table_print(const struct output_table *t, FILE *out)
{
	output_table_row(t, t->headers, out);
	for (size_t r = 0; r < t->nrows; r++)
		output_table_row(t, (const char *const *)&t->cells[r * t->ncols], out);
}

void
output_jobs_init(struct output_table *t)
{
	output_table_init(t, output_job_headers, OUTPUT_NELEM(output_job_headers));
}

/* RFC 3339 in whole seconds, as table columns show it. */
static void
output_time_seconds(const struct timestamp *ts, char out[RFC3339_LEN])
{
	struct timestamp whole = *ts;

	whole.nsec = 0;
	timefmt_rfc3339(&whole, out);
}

void
output_jobs_add(struct output_table *t, const struct job *job, const struct timestamp *now)
{
	char created[RFC3339_LEN], duration[32] = "";
	long long secs = job_duration(job, now);
	const char *cells[6];

	output_time_seconds(&job->created_at, created);
	if (secs >= 0)
		timefmt_duration(secs, duration, sizeof(duration));
	cells[0] = job->id;
	cells[1] = job->name;
	cells[2] = job_type_name(job->spec.type);
	cells[3] = job_status_name(job->status);
	cells[4] = created;
	cells[5] = duration;
	output_table_add(t, cells);
}

void
output_clusters_init(struct output_table *t)
{
	output_table_init(t, output_cluster_headers, OUTPUT_NELEM(output_cluster_headers));
}

void
output_clusters_add(struct output_table *t, const struct cluster *c)
{
	char created[RFC3339_LEN];
	const char *cells[6];

	output_time_seconds(&c->created_at, created);
	cells[0] = c->id;
	cells[1] = c->name;
	cells[2] = cluster_status_name(c->status);
	cells[3] = cluster_health_name(c->health);
	cells[4] = c->zone_id;
	cells[5] = created;
	output_table_add(t, cells);
}

void
output_json(FILE *out, const json_t *json)
{
	if (!json)
		return;
	json_dumpf(json, out, JSON_INDENT(2));
	fputc('\n', out);
}

/* One `key: value` line; both may hold server text. An empty value leaves no trailing blank. */
static void
output_field(FILE *out, const char *key, const char *value)
{
	char *k = sanitize_str(key);
	char *v = sanitize_str(value ? value : "");

	if (*v)
		fprintf(out, "%s: %s\n", k, v);
	else
		fprintf(out, "%s:\n", k);
	free(v);
	free(k);
}

static void output_fieldf(FILE *out, const char *value, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
output_fieldf(FILE *out, const char *value, const char *fmt, ...)
{
	struct strbuf key = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&key, fmt, ap);
	va_end(ap);
	output_field(out, strbuf_str(&key), value);
	strbuf_done(&key);
}

static void
output_time_field(FILE *out, const char *key, const struct timestamp *ts)
{
	char buf[RFC3339_LEN];

	timefmt_rfc3339(ts, buf);
	output_field(out, key, buf);
}

/* A repeated field, one line per element: `spark_job.args[0]: --day`. */
static void
output_list_field(FILE *out, const char *prefix, const char *name, const struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		output_fieldf(out, l->v[i], "%s.%s[%zu]", prefix, name, i);
}

/* A map field sorted by key: `spark_job.properties[spark.executor.memory]: 4g`. */
static void
output_map_field(FILE *out, const char *prefix, const char *name, const struct kvlist *l)
{
	struct kvlist sorted = {NULL, 0};

	kvlist_copy(&sorted, l);
	kvlist_sort(&sorted);
	for (size_t i = 0; i < sorted.n; i++)
		output_fieldf(out, sorted.v[i].value, "%s.%s[%s]", prefix, name, sorted.v[i].key);
	kvlist_done(&sorted);
}

/* The URIs and packages most job types share, in proto order. */
static void
output_spec_files(FILE *out, const char *p, const struct job_spec *s, bool packages)
{
	output_list_field(out, p, "jar_file_uris", &s->jar_file_uris);
	output_list_field(out, p, "file_uris", &s->file_uris);
	output_list_field(out, p, "archive_uris", &s->archive_uris);
	if (!packages)
		return;
	output_list_field(out, p, "packages", &s->packages);
	output_list_field(out, p, "repositories", &s->repositories);
	output_list_field(out, p, "exclude_packages", &s->exclude_packages);
}

static void
output_spec(FILE *out, const struct job_spec *s)
{
	char p[32];

	if (s->type == JOB_TYPE_NONE)
		return;
	snprintf(p, sizeof(p), "%s_job", job_type_name(s->type));
	switch (s->type) {
	case JOB_TYPE_SPARK:
		output_fieldf(out, s->main_jar_file_uri, "%s.main_jar_file_uri", p);
		output_fieldf(out, s->main_class, "%s.main_class", p);
		output_list_field(out, p, "args", &s->args);
		output_spec_files(out, p, s, true);
		break;
	case JOB_TYPE_PYSPARK:
		output_fieldf(out, s->main_python_file_uri, "%s.main_python_file_uri", p);
		output_list_field(out, p, "args", &s->args);
		output_list_field(out, p, "python_file_uris", &s->python_file_uris);
		output_spec_files(out, p, s, true);
		break;
	case JOB_TYPE_MAPREDUCE:
		if (s->driver == MAPREDUCE_DRIVER_JAR)
			output_fieldf(out, s->main_jar_file_uri, "%s.main_jar_file_uri", p);
		else if (s->driver == MAPREDUCE_DRIVER_CLASS)
			output_fieldf(out, s->main_class, "%s.main_class", p);
		output_list_field(out, p, "args", &s->args);
		output_spec_files(out, p, s, false);
		break;
	case JOB_TYPE_HIVE:
		if (s->query == HIVE_QUERY_FILE_URI)
			output_fieldf(out, s->query_file_uri, "%s.query_file_uri", p);
		else if (s->query == HIVE_QUERY_LIST)
			output_list_field(out, p, "query_list.queries", &s->queries);
		output_fieldf(out, s->continue_on_failure ? "true" : "false",
		              "%s.continue_on_failure", p);
		output_map_field(out, p, "script_variables", &s->script_variables);
		output_list_field(out, p, "jar_file_uris", &s->jar_file_uris);
		break;
	case JOB_TYPE_NONE:
		break;
	}
	output_map_field(out, p, "properties", &s->properties);
}

static void
output_job_fields(const struct job *job, FILE *out)
{
	struct timestamp now = timefmt_now();
	long long secs = job_duration(job, &now);
	char duration[32] = "";

	if (secs >= 0)
		timefmt_duration(secs, duration, sizeof(duration));
	output_field(out, "id", job->id);
	output_field(out, "cluster_id", job->cluster_id);
	output_field(out, "name", job->name);
	output_field(out, "status", job_status_name(job->status));
	output_field(out, "type", job_type_name(job->spec.type));
	output_field(out, "created_by", job->created_by);
	output_time_field(out, "created_at", &job->created_at);
	output_time_field(out, "started_at", &job->started_at);
	output_time_field(out, "finished_at", &job->finished_at);
	output_field(out, "duration", duration);
	output_spec(out, &job->spec);
	if (!job->has_application_info)
		return;
	output_field(out, "application_info.id", job->application_id);
	for (size_t i = 0; i < job->n_attempts; i++) {
		output_fieldf(out, job->attempts[i].id,
		              "application_info.application_attempts[%zu].id", i);
		output_fieldf(out, job->attempts[i].am_container_id,
		              "application_info.application_attempts[%zu].am_container_id", i);
	}
}

void
output_job(const struct cli *cli, const struct job *job, const json_t *json, FILE *out)
{
	if (cli->format == CLI_FORMAT_JSON && json)
		output_json(out, json);
	else
		output_job_fields(job, out);
}

void
output_operation(const struct cli *cli, const struct operation *op, const json_t *json, FILE *out)
{
	struct output_table t;
	const char *cells[3];

	if (cli->format == CLI_FORMAT_JSON && json) {
		output_json(out, json);
		return;
	}
	cells[0] = op->id;
	cells[1] = op->job_id && *op->job_id ? op->job_id : op->response ? op->response->id : "";
	cells[2] = op->done ? "true" : "false";
	output_table_init(&t, output_operation_headers, OUTPUT_NELEM(output_operation_headers));
	output_table_add(&t, cells);
	output_table_print(&t, out);
	output_table_done(&t);
}
