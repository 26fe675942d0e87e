/* The walk over every field of a job that `dpjobs get` prints and the detail pane shows. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "model/jobfields.h"
#include "util/strbuf.h"

struct jobfields_walk {
	void (*fn)(void *ctx, const struct jobfield *f);
	void *ctx;
	const char *section;
	struct strbuf name;
};

static void
jobfields_emit(struct jobfields_walk *w, const char *name, const char *value,
               const struct timestamp *ts, int status)
{
	struct jobfield f = {w->section, name, value ? value : "", ts, status};

	w->fn(w->ctx, &f);
}

static void jobfields_emitf(struct jobfields_walk *w, const char *value, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
jobfields_emitf(struct jobfields_walk *w, const char *value, const char *fmt, ...)
{
	va_list ap;

	strbuf_reset(&w->name);
	va_start(ap, fmt);
	strbuf_vaddf(&w->name, fmt, ap);
	va_end(ap);
	jobfields_emit(w, strbuf_str(&w->name), value, NULL, -1);
}

static void
jobfields_time(struct jobfields_walk *w, const char *name, const struct timestamp *ts)
{
	char buf[RFC3339_LEN];

	timefmt_rfc3339(ts, buf);
	jobfields_emit(w, name, buf, ts, -1);
}

static void
jobfields_list(struct jobfields_walk *w, const char *name, const struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		jobfields_emitf(w, l->v[i], "%s[%zu]", name, i);
}

/* Maps come sorted by key: the server's order is arbitrary and would make
 * the same job look different from one refresh to the next. */
static void
jobfields_map(struct jobfields_walk *w, const char *name, const struct kvlist *l)
{
	struct kvlist sorted = {NULL, 0};

	kvlist_copy(&sorted, l);
	kvlist_sort(&sorted);
	for (size_t i = 0; i < sorted.n; i++)
		jobfields_emitf(w, sorted.v[i].value, "%s[%s]", name, sorted.v[i].key);
	kvlist_done(&sorted);
}

/* The URIs and packages most job types share, in proto order. */
static void
jobfields_files(struct jobfields_walk *w, const struct job_spec *s, bool packages)
{
	jobfields_list(w, "jar_file_uris", &s->jar_file_uris);
	jobfields_list(w, "file_uris", &s->file_uris);
	jobfields_list(w, "archive_uris", &s->archive_uris);
	if (!packages)
		return;
	jobfields_list(w, "packages", &s->packages);
	jobfields_list(w, "repositories", &s->repositories);
	jobfields_list(w, "exclude_packages", &s->exclude_packages);
}

static void
jobfields_spec(struct jobfields_walk *w, const struct job_spec *s)
{
	char section[32];

	if (s->type == JOB_TYPE_NONE)
		return;
	snprintf(section, sizeof(section), "%s_job", job_type_name(s->type));
	w->section = section;
	switch (s->type) {
	case JOB_TYPE_SPARK:
		jobfields_emit(w, "main_jar_file_uri", s->main_jar_file_uri, NULL, -1);
		jobfields_emit(w, "main_class", s->main_class, NULL, -1);
		jobfields_list(w, "args", &s->args);
		jobfields_files(w, s, true);
		break;
	case JOB_TYPE_PYSPARK:
		jobfields_emit(w, "main_python_file_uri", s->main_python_file_uri, NULL, -1);
		jobfields_list(w, "args", &s->args);
		jobfields_list(w, "python_file_uris", &s->python_file_uris);
		jobfields_files(w, s, true);
		break;
	case JOB_TYPE_MAPREDUCE:
		if (s->driver == MAPREDUCE_DRIVER_JAR)
			jobfields_emit(w, "main_jar_file_uri", s->main_jar_file_uri, NULL, -1);
		else if (s->driver == MAPREDUCE_DRIVER_CLASS)
			jobfields_emit(w, "main_class", s->main_class, NULL, -1);
		jobfields_list(w, "args", &s->args);
		jobfields_files(w, s, false);
		break;
	case JOB_TYPE_HIVE:
		if (s->query == HIVE_QUERY_FILE_URI)
			jobfields_emit(w, "query_file_uri", s->query_file_uri, NULL, -1);
		else if (s->query == HIVE_QUERY_LIST)
			jobfields_list(w, "query_list.queries", &s->queries);
		jobfields_emit(w, "continue_on_failure", s->continue_on_failure ? "true" : "false",
		               NULL, -1);
		jobfields_map(w, "script_variables", &s->script_variables);
		jobfields_list(w, "jar_file_uris", &s->jar_file_uris);
		break;
	case JOB_TYPE_NONE:
		break;
	}
	jobfields_map(w, "properties", &s->properties);
	w->section = NULL;
}

void
jobfields_walk(const struct job *job, const struct timestamp *now,
               void (*fn)(void *ctx, const struct jobfield *f), void *ctx)
{
	struct jobfields_walk w = {fn, ctx, NULL, STRBUF_INIT};
	long long secs = job_duration(job, now);
	char duration[32] = "";

	if (secs >= 0)
		timefmt_duration(secs, duration, sizeof(duration));
	jobfields_emit(&w, "id", job->id, NULL, -1);
	jobfields_emit(&w, "cluster_id", job->cluster_id, NULL, -1);
	jobfields_emit(&w, "name", job->name, NULL, -1);
	jobfields_emit(&w, "status", job_status_name(job->status), NULL, job->status);
	jobfields_emit(&w, "type", job_type_name(job->spec.type), NULL, -1);
	jobfields_emit(&w, "created_by", job->created_by, NULL, -1);
	jobfields_time(&w, "created_at", &job->created_at);
	jobfields_time(&w, "started_at", &job->started_at);
	jobfields_time(&w, "finished_at", &job->finished_at);
	jobfields_emit(&w, "duration", duration, NULL, -1);
	jobfields_spec(&w, &job->spec);
	if (job->has_application_info) {
		w.section = "application_info";
		jobfields_emit(&w, "id", job->application_id, NULL, -1);
		for (size_t i = 0; i < job->n_attempts; i++) {
			jobfields_emitf(&w, job->attempts[i].id, "application_attempts[%zu].id", i);
			jobfields_emitf(&w, job->attempts[i].am_container_id,
			                "application_attempts[%zu].am_container_id", i);
		}
	}
	strbuf_done(&w.name);
}
