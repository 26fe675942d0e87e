/* The simulated world: clusters, their jobs, operations and idempotency keys, in memory. */
#ifndef DPJOBS_SIM_STORE_H
#define DPJOBS_SIM_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/job.h"
#include "sim/rng.h"

#define STORE_ID_LEN 20 /* "c9q" and 17 of [a-z0-9] */

/* Where the driver log generator stands; persisted with the job so a restart
 * continues the same bytes. */
struct loggen_state {
	uint64_t rng;
	int64_t next_sim; /* simulated ms into the run of the next line */
	uint32_t phase;
	uint32_t step;  /* line within the phase */
	uint32_t stage; /* Spark stage / MapReduce or Hive job number */
	uint32_t task;  /* tasks finished in the stage */
	uint32_t ntasks;
	uint32_t tid; /* next Spark task id */
};

/* One job's driver log: every byte generated so far. */
struct sim_log {
	char *buf;
	size_t len;
	size_t cap;
	size_t stored; /* bytes already in the state file */
	bool loaded;   /* false while the bytes are only in the state file */
	bool complete; /* nothing more will be appended */
	struct loggen_state gen;
};

struct sim_cluster {
	char id[STORE_ID_LEN + 1];
	char *name;
	char *description;
	char *zone_id;
	char *version_id;
	int64_t created_ms; /* also the YARN ResourceManager start time in application ids */
	uint32_t next_app;  /* next YARN application number */
	/* Jobs ascending by (created_ms, id): List walks it backwards (newest
	 * first) and new jobs usually land at the end. Owned. */
	struct sim_job **jobs;
	size_t n_jobs;
	size_t cap_jobs;
};

/* A job is a schedule: its status at any time follows from these instants
 * (Unix ms of the clock, already compressed by the speed when they were
 * drawn), so time can pass (restarts) without a tick per job. */
struct sim_job {
	char id[STORE_ID_LEN + 1];
	struct sim_cluster *cluster;
	char *name;
	char *created_by;
	struct job_spec spec;
	int64_t created_ms;
	int64_t pending_ms; /* PROVISIONING → PENDING */
	int64_t running_ms; /* PENDING → RUNNING */
	int64_t finish_ms;  /* RUNNING → outcome */
	int64_t run_sim_ms; /* the run's simulated length: the log's own timeline */
	double speed;       /* the --speed the schedule was drawn at (log line spacing) */
	int outcome;        /* JOB_STATUS_DONE or JOB_STATUS_ERROR */
	int64_t cancel_ms;  /* Cancel accepted (→ CANCELLING); 0 if never */
	int64_t cancelled_ms;
	uint32_t app_seq; /* YARN application number */
	uint64_t seed;    /* drives the log */
	uint32_t big_mib; /* --big-log: the log is exactly this many MiB, made at once */
	bool dirty;       /* row changed since last saved to the state file */
	bool touched;     /* queued by store_touch_job() */
	struct sim_log log;
	/* --firehose (not in the state file: set again at each start): the log grows at
	 * firehose_bps bytes per wall second from firehose_len0 at firehose_mono0 (the
	 * monotonic clock, ms), stamped from firehose_t0 (Unix ms of the simulated clock). */
	double firehose_bps;
	int64_t firehose_mono0;
	int64_t firehose_t0;
	size_t firehose_len0;
};

enum store_op_kind {
	STORE_OP_CREATE = 1,
	STORE_OP_CANCEL = 2,
};

struct sim_op {
	char id[STORE_ID_LEN + 1];
	enum store_op_kind kind;
	struct sim_job *job; /* borrowed from its cluster */
	int64_t created_ms;
	char *created_by;
	char *idem_key; /* store_idem_name() of the call's key; NULL when it had none */
};

struct sim_world {
	char *folder_id;
	uint64_t seed;
	struct rng id_rng;             /* ids of jobs and operations made after start-up */
	struct sim_cluster **clusters; /* owned, in creation order */
	size_t n_clusters;
	struct sim_op **ops; /* owned */
	size_t n_ops;
	size_t cap_ops;
	char **users; /* created_by pool; users[0] is "the caller" of API requests */
	size_t n_users;
};

extern struct sim_world store_world;

void store_init(const char *folder_id, uint64_t seed);
void store_done(void);

/* Writes a fresh unique id ("c9q..."), drawn from r. */
void store_new_id(struct rng *r, char out[STORE_ID_LEN + 1]);

/* Takes ownership. */
void store_add_cluster(struct sim_cluster *c);
struct sim_cluster *store_find_cluster(const char *id);
/* Takes ownership; inserts in (created_ms, id) order and indexes the id. */
void store_add_job(struct sim_job *j);
struct sim_job *store_find_job(const char *id);
/* Index of the first job of c that sorts strictly before (ms, id) in List
 * order (newest first), as a position counted from the newest: 0 when the
 * position is newer than every job. */
size_t store_list_start(const struct sim_cluster *c, int64_t ms, const char *id);
/* The i-th newest job of c. */
struct sim_job *store_list_at(const struct sim_cluster *c, size_t i);

/* Takes ownership. */
void store_add_op(struct sim_op *op);
struct sim_op *store_find_op(const char *id);
/* Idempotency keys are scoped by method: returns "Create\nKEY"; caller frees. */
char *store_idem_name(enum store_op_kind kind, const char *key);
/* The operation recorded for an idempotency key of a method. */
struct sim_op *store_find_idem(enum store_op_kind kind, const char *key);

struct sim_job *store_job_new(void);
void store_job_free(struct sim_job *j);
struct sim_cluster *store_cluster_new(void);
void store_cluster_free(struct sim_cluster *c);
struct sim_op *store_op_new(void);
void store_op_free(struct sim_op *op);

/* Queues a changed job (row or log) or a new operation for the state file's
 * next flush; cheap, and a job is queued once however often it changes. */
void store_touch_job(struct sim_job *j);
void store_touch_op(struct sim_op *op);
/* The queued objects (borrowed; valid until store_touched_clear()). */
struct sim_job **store_touched_jobs(size_t *n);
struct sim_op **store_touched_ops(size_t *n);
void store_touched_clear(void);

/* Makes room for extra more log bytes. */
void store_log_reserve(struct sim_log *log, size_t extra);

#endif
