/* Jobs as plain data: lifetime, deep copies, status and type names, string lists and maps. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/job.h"
#include "util/xalloc.h"

struct job *
job_new(void)
{
	return xcalloc(1, sizeof(struct job));
}

void
job_free(struct job *job)
{
	if (!job)
		return;
	free(job->id);
	free(job->cluster_id);
	free(job->name);
	free(job->created_by);
	job_spec_done(&job->spec);
	free(job->application_id);
	for (size_t i = 0; i < job->n_attempts; i++) {
		free(job->attempts[i].id);
		free(job->attempts[i].am_container_id);
	}
	free(job->attempts);
	free(job);
}

struct job *
job_dup(const struct job *job)
{
	struct job *c = job_new();

	c->id = xstrdup(job->id);
	c->cluster_id = xstrdup(job->cluster_id);
	c->name = xstrdup(job->name);
	c->created_by = xstrdup(job->created_by);
	c->created_at = job->created_at;
	c->started_at = job->started_at;
	c->finished_at = job->finished_at;
	c->status = job->status;
	job_spec_copy(&c->spec, &job->spec);
	c->has_application_info = job->has_application_info;
	c->application_id = xstrdup(job->application_id);
	if (job->n_attempts) {
		c->attempts = xcalloc(job->n_attempts, sizeof(*c->attempts));
		for (size_t i = 0; i < job->n_attempts; i++) {
			c->attempts[i].id = xstrdup(job->attempts[i].id);
			c->attempts[i].am_container_id = xstrdup(job->attempts[i].am_container_id);
		}
		c->n_attempts = job->n_attempts;
	}
	return c;
}

void
job_spec_done(struct job_spec *spec)
{
	strlist_done(&spec->args);
	strlist_done(&spec->jar_file_uris);
	strlist_done(&spec->file_uris);
	strlist_done(&spec->archive_uris);
	strlist_done(&spec->python_file_uris);
	strlist_done(&spec->packages);
	strlist_done(&spec->repositories);
	strlist_done(&spec->exclude_packages);
	kvlist_done(&spec->properties);
	free(spec->main_jar_file_uri);
	free(spec->main_class);
	free(spec->main_python_file_uri);
	kvlist_done(&spec->script_variables);
	free(spec->query_file_uri);
	strlist_done(&spec->queries);
	memset(spec, 0, sizeof(*spec));
}

/* dst is overwritten, not freed first: callers pass a zeroed or done spec. */
void
job_spec_copy(struct job_spec *dst, const struct job_spec *src)
{
	dst->type = src->type;
	strlist_copy(&dst->args, &src->args);
	strlist_copy(&dst->jar_file_uris, &src->jar_file_uris);
	strlist_copy(&dst->file_uris, &src->file_uris);
	strlist_copy(&dst->archive_uris, &src->archive_uris);
	strlist_copy(&dst->python_file_uris, &src->python_file_uris);
	strlist_copy(&dst->packages, &src->packages);
	strlist_copy(&dst->repositories, &src->repositories);
	strlist_copy(&dst->exclude_packages, &src->exclude_packages);
	kvlist_copy(&dst->properties, &src->properties);
	dst->main_jar_file_uri = xstrdup(src->main_jar_file_uri);
	dst->main_class = xstrdup(src->main_class);
	dst->main_python_file_uri = xstrdup(src->main_python_file_uri);
	dst->driver = src->driver;
	dst->continue_on_failure = src->continue_on_failure;
	kvlist_copy(&dst->script_variables, &src->script_variables);
	dst->query = src->query;
	dst->query_file_uri = xstrdup(src->query_file_uri);
	strlist_copy(&dst->queries, &src->queries);
}

static const char *const job_status_names[] = {
#define JOB_STATUS_NAME_(id, value, name) [value] = name,
    JOB_STATUS_INFO(JOB_STATUS_NAME_)
#undef JOB_STATUS_NAME_
};

const char *
job_status_name(int status)
{
	if (status < 0 || status >= JOB_STATUS_COUNT_)
		return "UNKNOWN";
	return job_status_names[status];
}

int
job_status_from_name(const char *name)
{
	if (!name)
		return -1;
	for (int i = 0; i < JOB_STATUS_COUNT_; i++)
		if (strcasecmp(name, job_status_names[i]) == 0)
			return i;
	return -1;
}

bool
job_status_is_terminal(int status)
{
	return status == JOB_STATUS_ERROR || status == JOB_STATUS_DONE ||
	       status == JOB_STATUS_CANCELLED;
}

bool
job_status_is_active(int status)
{
	return status == JOB_STATUS_PROVISIONING || status == JOB_STATUS_PENDING ||
	       status == JOB_STATUS_RUNNING || status == JOB_STATUS_CANCELLING;
}

static const char *const job_type_names[] = {
    [JOB_TYPE_NONE] = "",           [JOB_TYPE_MAPREDUCE] = "mapreduce", [JOB_TYPE_SPARK] = "spark",
    [JOB_TYPE_PYSPARK] = "pyspark", [JOB_TYPE_HIVE] = "hive",
};

const char *
job_type_name(enum job_type type)
{
	if ((unsigned)type >= sizeof(job_type_names) / sizeof(job_type_names[0]))
		return "";
	return job_type_names[type];
}

enum job_type
job_type_from_name(const char *name)
{
	if (!name || !*name)
		return JOB_TYPE_NONE;
	for (size_t i = 1; i < sizeof(job_type_names) / sizeof(job_type_names[0]); i++)
		if (strcmp(name, job_type_names[i]) == 0)
			return (enum job_type)i;
	return JOB_TYPE_NONE;
}

long long
job_duration(const struct job *job, const struct timestamp *now)
{
	long long d;

	if (!job->started_at.set)
		return -1;
	if (job->finished_at.set)
		d = (long long)timefmt_diff(&job->started_at, &job->finished_at);
	else
		d = (long long)timefmt_diff(&job->started_at, now);
	/* Clock skew between server and client must not show a negative run time. */
	return d < 0 ? 0 : d;
}

void
strlist_push(struct strlist *l, const char *s)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = xstrdup(s ? s : "");
}

void
strlist_done(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void
strlist_copy(struct strlist *dst, const struct strlist *src)
{
	dst->v = NULL;
	dst->n = 0;
	if (!src->n)
		return;
	dst->v = xcalloc(src->n, sizeof(*dst->v));
	for (size_t i = 0; i < src->n; i++)
		dst->v[i] = xstrdup(src->v[i]);
	dst->n = src->n;
}

void
kvlist_set(struct kvlist *l, const char *key, const char *value)
{
	for (size_t i = 0; i < l->n; i++) {
		if (strcmp(l->v[i].key, key) == 0) {
			free(l->v[i].value);
			l->v[i].value = xstrdup(value ? value : "");
			return;
		}
	}
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n].key = xstrdup(key);
	l->v[l->n].value = xstrdup(value ? value : "");
	l->n++;
}

const char *
kvlist_get(const struct kvlist *l, const char *key)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0)
			return l->v[i].value;
	return NULL;
}

void
kvlist_done(struct kvlist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].key);
		free(l->v[i].value);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void
kvlist_copy(struct kvlist *dst, const struct kvlist *src)
{
	dst->v = NULL;
	dst->n = 0;
	if (!src->n)
		return;
	dst->v = xcalloc(src->n, sizeof(*dst->v));
	for (size_t i = 0; i < src->n; i++) {
		dst->v[i].key = xstrdup(src->v[i].key);
		dst->v[i].value = xstrdup(src->v[i].value);
	}
	dst->n = src->n;
}

static int
kvlist_cmp(const void *a, const void *b)
{
	const struct kv *x = a, *y = b;

	return strcmp(x->key, y->key);
}

void
kvlist_sort(struct kvlist *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), kvlist_cmp);
}
