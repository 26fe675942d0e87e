/* A Data Proc job as plain data: status, timestamps, the spec of each job type. */
#ifndef DPJOBS_MODEL_JOB_H
#define DPJOBS_MODEL_JOB_H

#include <stdbool.h>
#include <stddef.h>

#include "util/timefmt.h"

/* Values are the wire values of yandex.cloud.dataproc.v1.Job.Status. */
#define JOB_STATUS_INFO(_)                                                                         \
	_(UNSPECIFIED, 0, "STATUS_UNSPECIFIED")                                                    \
	_(PROVISIONING, 1, "PROVISIONING")                                                         \
	_(PENDING, 2, "PENDING")                                                                   \
	_(RUNNING, 3, "RUNNING")                                                                   \
	_(ERROR, 4, "ERROR")                                                                       \
	_(DONE, 5, "DONE")                                                                         \
	_(CANCELLED, 6, "CANCELLED")                                                               \
	_(CANCELLING, 7, "CANCELLING")

enum job_status {
#define JOB_STATUS_ENUM_(id, value, name) JOB_STATUS_##id = value,
	JOB_STATUS_INFO(JOB_STATUS_ENUM_)
#undef JOB_STATUS_ENUM_
	JOB_STATUS_COUNT_ /* values at or above this are unknown to us */
};

enum job_type {
	JOB_TYPE_NONE = 0,
	JOB_TYPE_MAPREDUCE,
	JOB_TYPE_SPARK,
	JOB_TYPE_PYSPARK,
	JOB_TYPE_HIVE,
};

/* Which member of MapreduceJob's `driver` oneof is set. */
enum mapreduce_driver {
	MAPREDUCE_DRIVER_NONE = 0,
	MAPREDUCE_DRIVER_JAR,
	MAPREDUCE_DRIVER_CLASS,
};

/* Which member of HiveJob's `query_type` oneof is set. */
enum hive_query {
	HIVE_QUERY_NONE = 0,
	HIVE_QUERY_FILE_URI,
	HIVE_QUERY_LIST,
};

/* An owned array of owned strings. */
struct strlist {
	char **v;
	size_t n;
};

struct kv {
	char *key;
	char *value;
};

/* An owned array of owned key/value pairs (a proto map). */
struct kvlist {
	struct kv *v;
	size_t n;
};

/* The job_spec oneof, flattened: only the fields of `type` are meaningful.
 * Field names are the proto names. */
struct job_spec {
	enum job_type type;
	struct strlist args;
	struct strlist jar_file_uris;
	struct strlist file_uris;
	struct strlist archive_uris;
	struct strlist python_file_uris; /* pyspark */
	struct strlist packages;         /* spark, pyspark */
	struct strlist repositories;     /* spark, pyspark */
	struct strlist exclude_packages; /* spark, pyspark */
	struct kvlist properties;
	char *main_jar_file_uri;    /* spark; mapreduce when driver == JAR */
	char *main_class;           /* spark; mapreduce when driver == CLASS */
	char *main_python_file_uri; /* pyspark */
	enum mapreduce_driver driver;
	/* hive */
	bool continue_on_failure;
	struct kvlist script_variables;
	enum hive_query query;
	char *query_file_uri;   /* query == HIVE_QUERY_FILE_URI */
	struct strlist queries; /* query == HIVE_QUERY_LIST */
};

struct app_attempt {
	char *id;
	char *am_container_id;
};

struct job {
	char *id;
	char *cluster_id;
	char *name;
	char *created_by;
	struct timestamp created_at;
	struct timestamp started_at;
	struct timestamp finished_at;
	int status; /* enum job_status, or an unknown wire value kept as is */
	struct job_spec spec;
	bool has_application_info;
	char *application_id;
	struct app_attempt *attempts;
	size_t n_attempts;
};

/* Returns a new zeroed job; caller frees with job_free(). */
struct job *job_new(void);
void job_free(struct job *job);
/* Returns a deep copy; caller frees with job_free(). */
struct job *job_dup(const struct job *job);
/* Frees every member and zeroes the spec. */
void job_spec_done(struct job_spec *spec);
void job_spec_copy(struct job_spec *dst, const struct job_spec *src);

/* "RUNNING", ...; "UNKNOWN(9)"-style names are not returned: unknown → "UNKNOWN". */
const char *job_status_name(int status);
/* Parses a status name (case-insensitive); -1 if unknown. */
int job_status_from_name(const char *name);
bool job_status_is_terminal(int status);
bool job_status_is_active(int status); /* PROVISIONING, PENDING, RUNNING, CANCELLING */
/* "spark", "pyspark", "mapreduce", "hive", "" for none. */
const char *job_type_name(enum job_type type);
/* Parses "spark", "pyspark", "mapreduce", "hive"; JOB_TYPE_NONE if unknown. */
enum job_type job_type_from_name(const char *name);
/* Seconds the job ran: finished - started, or now - started while running; -1 if not started. */
long long job_duration(const struct job *job, const struct timestamp *now);

void strlist_push(struct strlist *l, const char *s);
void strlist_done(struct strlist *l);
void strlist_copy(struct strlist *dst, const struct strlist *src);
/* Sets key to value, replacing an existing key. */
void kvlist_set(struct kvlist *l, const char *key, const char *value);
const char *kvlist_get(const struct kvlist *l, const char *key);
void kvlist_done(struct kvlist *l);
void kvlist_copy(struct kvlist *dst, const struct kvlist *src);
/* Sorts by key (byte order). */
void kvlist_sort(struct kvlist *l);

#endif
