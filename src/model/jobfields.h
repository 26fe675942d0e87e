/* Every field of a job in display order, walked once for `dpjobs get` and the TUI's detail pane. */
#ifndef DPJOBS_MODEL_JOBFIELDS_H
#define DPJOBS_MODEL_JOBFIELDS_H

#include "model/job.h"
#include "util/timefmt.h"

/* One field. Strings are borrowed for the duration of the callback and may
 * hold anything the server sent: sanitize before showing them. */
struct jobfield {
	/* NULL for the job's own fields; "spark_job", "pyspark_job",
	 * "mapreduce_job", "hive_job" for the spec; "application_info". */
	const char *section;
	/* Proto name within the section: "id", "args[0]",
	 * "properties[spark.executor.memory]", "application_attempts[0].id". */
	const char *name;
	const char *value;          /* never NULL; "" for an unset scalar */
	const struct timestamp *ts; /* the time of *_at fields, else NULL */
	int status;                 /* the job's status on the "status" field, else -1 */
};

/* Calls fn for each field, in proto order: id, cluster_id, name, status,
 * type, created_by, created_at, started_at, finished_at, duration (up to now
 * while running), then the spec of the job's type (maps sorted by key), then
 * the application info and each attempt when the job has them. Lists give one
 * field per element and nothing when empty. */
void jobfields_walk(const struct job *job, const struct timestamp *now,
                    void (*fn)(void *ctx, const struct jobfield *f), void *ctx);

#endif
