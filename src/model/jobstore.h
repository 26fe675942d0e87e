/* The jobs of one cluster, kept by id across refreshes, with a filtered and
 * sorted view of them for the job list and counts by status. */
#ifndef DPJOBS_MODEL_JOBSTORE_H
#define DPJOBS_MODEL_JOBSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "model/job.h"
#include "util/timefmt.h"

/* The job list's columns, in their default left-to-right order. The drop
 * rank says which go first when the terminal is too narrow (higher = sooner). */
#define JOBCOL_INFO(_)                                                                             \
	/* id        title         drop */                                                         \
	_(STATUS, "STATUS", 0)                                                                     \
	_(NAME, "NAME", 1)                                                                         \
	_(ID, "ID", 3)                                                                             \
	_(TYPE, "TYPE", 5)                                                                         \
	_(CREATED, "CREATED", 4)                                                                   \
	_(DURATION, "DURATION", 2)                                                                 \
	_(CREATED_BY, "CREATED BY", 6)                                                             \
	_(APP_ID, "APPLICATION", 7)

enum jobcol {
#define JOBCOL_ENUM_(id, title, drop) JOBCOL_##id,
	JOBCOL_INFO(JOBCOL_ENUM_)
#undef JOBCOL_ENUM_
	JOBCOL_COUNT
};

const char *jobcol_title(enum jobcol col);
int jobcol_drop_rank(enum jobcol col);

/* Status quick filters: a bit per status (1u << JOB_STATUS_x); 0 = all. */
#define JOBSTORE_STATUS_ALL 0u

struct jobstore;

struct jobstore *jobstore_new(void);
void jobstore_free(struct jobstore *js);

/* A full refresh: begin, put every job of every page, end. Jobs not put
 * between begin and end are removed at end. Returns how many were removed. */
void jobstore_begin_refresh(struct jobstore *js);
size_t jobstore_end_refresh(struct jobstore *js);
/* Inserts or replaces a job (takes ownership). Returns true when something
 * visible changed (new job, or any field differs from the stored one). */
bool jobstore_put(struct jobstore *js, struct job *job);
/* Borrowed; valid until the job is replaced or removed. NULL if unknown. */
const struct job *jobstore_find(const struct jobstore *js, const char *id);
size_t jobstore_size(const struct jobstore *js);

/* The filter of the list: empty = everything. A leading '!' inverts it. Text
 * without regex metacharacters is a case-insensitive substring match; with
 * them, a case-insensitive POSIX extended regex (if it does not compile, it is
 * matched as a substring and *err, when not NULL, says why). Matched against
 * name, id, type, status and creator. */
void jobstore_set_filter(struct jobstore *js, const char *text, char **err);
const char *jobstore_filter(const struct jobstore *js);
void jobstore_set_status_mask(struct jobstore *js, unsigned mask);
unsigned jobstore_status_mask(const struct jobstore *js);
/* Sorting by a column; ties broken by created_at (newest first) then id. */
void jobstore_set_sort(struct jobstore *js, enum jobcol col, bool descending);
enum jobcol jobstore_sort_column(const struct jobstore *js);
bool jobstore_sort_descending(const struct jobstore *js);
/* Times used for DURATION sorting of running jobs. */
void jobstore_set_now(struct jobstore *js, const struct timestamp *now);

/* The visible rows (filtered and sorted), recomputed lazily after a change. */
size_t jobstore_rows(struct jobstore *js);
/* Borrowed; valid until the next change to the store. */
const struct job *jobstore_row(struct jobstore *js, size_t row);
/* Row of the job with this id, or -1 when it is not visible. */
ssize_t jobstore_row_of(struct jobstore *js, const char *id);
/* Counts by status over ALL jobs (not just the visible ones); index
 * JOB_STATUS_COUNT_ counts unknown statuses. */
void jobstore_counts(const struct jobstore *js, size_t counts[JOB_STATUS_COUNT_ + 1]);

#endif
