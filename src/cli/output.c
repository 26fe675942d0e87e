/* Output of the batch CLI: aligned tables, `field: value` records of a job, pretty JSON. */
/* wcwidth() is X/Open. */
#define _GNU_SOURCE
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "cli/output.h"
#include "model/jobfields.h"
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

/* A field of jobfields_walk() as `dpjobs get` prints it: `spark_job.args[0]: --day`. */
static void
output_job_field(void *ctx, const struct jobfield *f)
{
	FILE *out = ctx;

	if (f->section) {
		char *key = xasprintf("%s.%s", f->section, f->name);

		output_field(out, key, f->value);
		free(key);
	} else {
		output_field(out, f->name, f->value);
	}
}

static void
output_job_fields(const struct job *job, FILE *out)
{
	struct timestamp now = timefmt_now();

	jobfields_walk(job, &now, output_job_field, out);
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
