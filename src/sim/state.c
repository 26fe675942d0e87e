/* --state FILE: the world, logs, operations and the clock in SQLite, across restarts. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "sim/state.h"
#include "util/xalloc.h"
#include "wire/convert.h"

/* Bumped when the schema changes: an old file is refused, not misread.
 * 2: the clock is the wall clock (a saved offset); jobs keep their speed and
 * simulated run length; the log generator counts simulated ms into the run. */
#define STATE_VERSION 2
/* Log bytes go in rows of at most this size, so loading a log never needs
 * one huge blob and appends never rewrite what is stored. */
#define STATE_CHUNK (1u << 20)
#define STATE_GEN_WORDS 8

static sqlite3 *state_db;

enum {
	STATE_Q_META_SET,
	STATE_Q_JOB_UPSERT,
	STATE_Q_JOB_LOG,
	STATE_Q_CHUNK,
	STATE_Q_OP,
	STATE_Q_CLUSTER,
	STATE_Q_COUNT_,
};

static const char *const state_sql[STATE_Q_COUNT_] = {
    [STATE_Q_META_SET] = "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)",
    [STATE_Q_JOB_UPSERT] =
        "INSERT OR REPLACE INTO jobs(id, cluster_id, name, created_by, spec, created_ms, "
        "pending_ms, running_ms, finish_ms, outcome, cancel_ms, cancelled_ms, app_seq, seed, "
        "big_mib, gen, log_len, run_sim_ms, speed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
        "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
    [STATE_Q_JOB_LOG] = "UPDATE jobs SET gen = ?2, log_len = ?3 WHERE id = ?1",
    [STATE_Q_CHUNK] = "INSERT OR REPLACE INTO log_chunks(job_id, off, data) VALUES (?1, ?2, ?3)",
    [STATE_Q_OP] = "INSERT OR REPLACE INTO operations(id, kind, job_id, created_ms, created_by, "
                   "idem_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [STATE_Q_CLUSTER] =
        "INSERT OR REPLACE INTO clusters(idx, id, name, description, zone_id, version_id, "
        "created_ms, next_app) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
};

static sqlite3_stmt *state_stmt[STATE_Q_COUNT_];

static const char state_schema[] =
    "PRAGMA journal_mode = WAL;"
    "PRAGMA synchronous = NORMAL;"
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value);"
    "CREATE TABLE IF NOT EXISTS clusters (idx INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL,"
    " name TEXT, description TEXT, zone_id TEXT, version_id TEXT, created_ms INTEGER,"
    " next_app INTEGER);"
    "CREATE TABLE IF NOT EXISTS jobs (id TEXT PRIMARY KEY, cluster_id TEXT NOT NULL,"
    " name TEXT, created_by TEXT, spec BLOB, created_ms INTEGER, pending_ms INTEGER,"
    " running_ms INTEGER, finish_ms INTEGER, outcome INTEGER, cancel_ms INTEGER,"
    " cancelled_ms INTEGER, app_seq INTEGER, seed INTEGER, big_mib INTEGER, gen BLOB,"
    " log_len INTEGER, run_sim_ms INTEGER, speed REAL);"
    "CREATE TABLE IF NOT EXISTS log_chunks (job_id TEXT NOT NULL, off INTEGER NOT NULL,"
    " data BLOB NOT NULL, PRIMARY KEY (job_id, off)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS operations (seq INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL,"
    " kind INTEGER, job_id TEXT, created_ms INTEGER, created_by TEXT, idem_key TEXT);";

static void
state_fatal(const char *what)
{
	die("state file: %s: %s", what, sqlite3_errmsg(state_db));
}

static void
state_exec(const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(state_db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "%s: state file: %s\n", xalloc_progname, msg ? msg : "error");
		sqlite3_free(msg);
		exit(1);
	}
}

static void
state_step(sqlite3_stmt *st, const char *what)
{
	if (sqlite3_step(st) != SQLITE_DONE)
		state_fatal(what);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

/* A file of another schema version is refused before anything touches it. */
static bool
state_check_version(const char *path, char err[STATE_ERR_LEN])
{
	sqlite3_stmt *st = NULL;
	sqlite3_int64 v = STATE_VERSION;

	/* No meta table yet (a new file) is fine. */
	if (sqlite3_prepare_v2(state_db, "SELECT value FROM meta WHERE key = 'version'", -1, &st,
	                       NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (v == STATE_VERSION)
		return true;
	snprintf(err, STATE_ERR_LEN,
	         "%s: made by another version of dpjobs-sim (state version %lld, this one "
	         "reads %d); remove it or use another file",
	         path, (long long)v, STATE_VERSION);
	sqlite3_close(state_db);
	state_db = NULL;
	return false;
}

bool
state_open(const char *path, char err[STATE_ERR_LEN])
{
	if (sqlite3_open_v2(path, &state_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		snprintf(err, STATE_ERR_LEN, "%s: %s", path,
		         state_db ? sqlite3_errmsg(state_db) : "cannot open");
		sqlite3_close(state_db);
		state_db = NULL;
		return false;
	}
	sqlite3_busy_timeout(state_db, 2000);
	if (!state_check_version(path, err))
		return false;
	if (sqlite3_exec(state_db, state_schema, NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, STATE_ERR_LEN, "%s: %s", path, sqlite3_errmsg(state_db));
		sqlite3_close(state_db);
		state_db = NULL;
		return false;
	}
	for (int i = 0; i < STATE_Q_COUNT_; i++) {
		if (sqlite3_prepare_v2(state_db, state_sql[i], -1, &state_stmt[i], NULL) !=
		    SQLITE_OK) {
			snprintf(err, STATE_ERR_LEN, "%s: %s", path, sqlite3_errmsg(state_db));
			state_close();
			return false;
		}
	}
	return true;
}

bool
state_active(void)
{
	return state_db != NULL;
}

static bool
state_meta_get(const char *key, sqlite3_int64 *num, char **text)
{
	sqlite3_stmt *st;
	bool found = false;

	if (sqlite3_prepare_v2(state_db, "SELECT value FROM meta WHERE key = ?1", -1, &st, NULL) !=
	    SQLITE_OK)
		state_fatal("meta");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		found = true;
		if (num)
			*num = sqlite3_column_int64(st, 0);
		if (text)
			*text = xstrdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	return found;
}

static void
state_meta_set(const char *key, sqlite3_int64 num, const char *text)
{
	sqlite3_stmt *st = state_stmt[STATE_Q_META_SET];

	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (text)
		sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 2, num);
	state_step(st, "meta");
}

bool
state_has_world(void)
{
	sqlite3_int64 v = 0;

	return state_db && state_meta_get("version", &v, NULL);
}

bool
state_world_identity(char **folder_id, uint64_t *seed)
{
	sqlite3_int64 v = 0, s = 0;

	if (!state_meta_get("version", &v, NULL) || v != STATE_VERSION)
		return false;
	if (!state_meta_get("seed", &s, NULL) || !state_meta_get("folder_id", NULL, folder_id))
		return false;
	*seed = (uint64_t)s;
	return true;
}

/* ---- rows -------------------------------------------------------------------- */

static void
state_gen_pack(const struct loggen_state *g, unsigned char out[STATE_GEN_WORDS * 8])
{
	uint64_t w[STATE_GEN_WORDS] = {
	    g->rng, (uint64_t)g->next_sim, g->phase, g->step, g->stage, g->task, g->ntasks, g->tid,
	};

	for (int i = 0; i < STATE_GEN_WORDS; i++)
		for (int b = 0; b < 8; b++)
			out[i * 8 + b] = (unsigned char)(w[i] >> (8 * b));
}

static bool
state_gen_unpack(const void *blob, int len, struct loggen_state *g)
{
	const unsigned char *p = blob;
	uint64_t w[STATE_GEN_WORDS] = {0};

	if (!p || len != STATE_GEN_WORDS * 8)
		return false;
	for (int i = 0; i < STATE_GEN_WORDS; i++)
		for (int b = 0; b < 8; b++)
			w[i] |= (uint64_t)p[i * 8 + b] << (8 * b);
	g->rng = w[0];
	g->next_sim = (int64_t)w[1];
	g->phase = (uint32_t)w[2];
	g->step = (uint32_t)w[3];
	g->stage = (uint32_t)w[4];
	g->task = (uint32_t)w[5];
	g->ntasks = (uint32_t)w[6];
	g->tid = (uint32_t)w[7];
	return true;
}

static void
state_save_cluster(size_t idx, const struct sim_cluster *c)
{
	sqlite3_stmt *st = state_stmt[STATE_Q_CLUSTER];

	sqlite3_bind_int64(st, 1, (sqlite3_int64)idx);
	sqlite3_bind_text(st, 2, c->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, c->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, c->description, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, c->zone_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, c->version_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, c->created_ms);
	sqlite3_bind_int64(st, 8, c->next_app);
	state_step(st, "cluster");
}

/* Only the bytes not yet stored, in chunks: a growing log is never rewritten. */
static void
state_save_log(struct sim_job *j)
{
	sqlite3_stmt *st = state_stmt[STATE_Q_CHUNK];

	if (!j->log.loaded)
		return;
	while (j->log.stored < j->log.len) {
		size_t n = j->log.len - j->log.stored;

		if (n > STATE_CHUNK)
			n = STATE_CHUNK;
		sqlite3_bind_text(st, 1, j->id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)j->log.stored);
		sqlite3_bind_blob64(st, 3, j->log.buf + j->log.stored, n, SQLITE_STATIC);
		state_step(st, "log");
		j->log.stored += n;
	}
}

static void
state_save_job(struct sim_job *j)
{
	sqlite3_stmt *st;
	unsigned char gen[STATE_GEN_WORDS * 8];

	state_gen_pack(&j->log.gen, gen);
	state_save_log(j);
	if (j->dirty) {
		PbCreateJobRequest req;
		unsigned char *spec;
		size_t spec_len;

		wire_create_to_pb(j->cluster->id, j->name, &j->spec, &req);
		spec = wire_pack(&req.base, &spec_len);
		wire_create_pb_done(&req);
		st = state_stmt[STATE_Q_JOB_UPSERT];
		sqlite3_bind_text(st, 1, j->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, j->cluster->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, j->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, j->created_by, -1, SQLITE_STATIC);
		sqlite3_bind_blob64(st, 5, spec, spec_len, SQLITE_STATIC);
		sqlite3_bind_int64(st, 6, j->created_ms);
		sqlite3_bind_int64(st, 7, j->pending_ms);
		sqlite3_bind_int64(st, 8, j->running_ms);
		sqlite3_bind_int64(st, 9, j->finish_ms);
		sqlite3_bind_int(st, 10, j->outcome);
		sqlite3_bind_int64(st, 11, j->cancel_ms);
		sqlite3_bind_int64(st, 12, j->cancelled_ms);
		sqlite3_bind_int64(st, 13, j->app_seq);
		sqlite3_bind_int64(st, 14, (sqlite3_int64)j->seed);
		sqlite3_bind_int64(st, 15, j->big_mib);
		sqlite3_bind_blob(st, 16, gen, sizeof(gen), SQLITE_STATIC);
		sqlite3_bind_int64(st, 17, (sqlite3_int64)j->log.stored);
		sqlite3_bind_int64(st, 18, j->run_sim_ms);
		sqlite3_bind_double(st, 19, j->speed);
		state_step(st, "job");
		free(spec);
		j->dirty = false;
	} else {
		st = state_stmt[STATE_Q_JOB_LOG];
		sqlite3_bind_text(st, 1, j->id, -1, SQLITE_STATIC);
		sqlite3_bind_blob(st, 2, gen, sizeof(gen), SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)j->log.stored);
		state_step(st, "job log");
	}
}

static void
state_save_op(const struct sim_op *op)
{
	sqlite3_stmt *st = state_stmt[STATE_Q_OP];

	sqlite3_bind_text(st, 1, op->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, (int)op->kind);
	sqlite3_bind_text(st, 3, op->job->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, op->created_ms);
	sqlite3_bind_text(st, 5, op->created_by, -1, SQLITE_STATIC);
	if (op->idem_key)
		sqlite3_bind_text(st, 6, op->idem_key, -1, SQLITE_STATIC);
	state_step(st, "operation");
}

static void
state_save_clock(int64_t offset_ms, int64_t now_ms, uint64_t arrival_rng, int64_t next_arrival)
{
	state_meta_set("clock_offset", offset_ms, NULL);
	state_meta_set("now_ms", now_ms, NULL);
	state_meta_set("id_rng", (sqlite3_int64)store_world.id_rng.state, NULL);
	state_meta_set("arrival_rng", (sqlite3_int64)arrival_rng, NULL);
	state_meta_set("next_arrival", next_arrival, NULL);
}

void
state_save_world(int64_t offset_ms, int64_t now_ms)
{
	if (!state_db)
		return;
	state_exec("BEGIN");
	state_meta_set("version", STATE_VERSION, NULL);
	state_meta_set("seed", (sqlite3_int64)store_world.seed, NULL);
	state_meta_set("folder_id", 0, store_world.folder_id);
	for (size_t i = 0; i < store_world.n_clusters; i++) {
		struct sim_cluster *c = store_world.clusters[i];

		state_save_cluster(i, c);
		for (size_t k = 0; k < c->n_jobs; k++) {
			c->jobs[k]->dirty = true;
			state_save_job(c->jobs[k]);
		}
	}
	state_save_clock(offset_ms, now_ms, 0, 0);
	state_exec("COMMIT");
}

void
state_flush(int64_t offset_ms, int64_t now_ms, uint64_t arrival_rng, int64_t next_arrival)
{
	struct sim_job **jobs;
	struct sim_op **ops;
	size_t nj, no;

	if (!state_db)
		return;
	jobs = store_touched_jobs(&nj);
	ops = store_touched_ops(&no);
	state_exec("BEGIN");
	for (size_t i = 0; i < nj; i++)
		state_save_job(jobs[i]);
	for (size_t i = 0; i < no; i++)
		state_save_op(ops[i]);
	/* New jobs took YARN application numbers. */
	if (nj)
		for (size_t i = 0; i < store_world.n_clusters; i++)
			state_save_cluster(i, store_world.clusters[i]);
	state_save_clock(offset_ms, now_ms, arrival_rng, next_arrival);
	state_exec("COMMIT");
}

/* ---- loading ------------------------------------------------------------------ */

static char *
state_col_str(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	return xstrdup(s ? (const char *)s : "");
}

static bool
state_load_clusters(char err[STATE_ERR_LEN])
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(state_db,
	                       "SELECT id, name, description, zone_id, version_id, created_ms, "
	                       "next_app FROM clusters ORDER BY idx",
	                       -1, &st, NULL) != SQLITE_OK)
		state_fatal("clusters");
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct sim_cluster *c = store_cluster_new();

		snprintf(c->id, sizeof(c->id), "%s", (const char *)sqlite3_column_text(st, 0));
		c->name = state_col_str(st, 1);
		c->description = state_col_str(st, 2);
		c->zone_id = state_col_str(st, 3);
		c->version_id = state_col_str(st, 4);
		c->created_ms = sqlite3_column_int64(st, 5);
		c->next_app = (uint32_t)sqlite3_column_int64(st, 6);
		store_add_cluster(c);
	}
	sqlite3_finalize(st);
	(void)err;
	return true;
}

static bool
state_load_jobs(char err[STATE_ERR_LEN])
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(
	        state_db,
	        "SELECT id, cluster_id, name, created_by, spec, created_ms, pending_ms, "
	        "running_ms, finish_ms, outcome, cancel_ms, cancelled_ms, app_seq, seed, "
	        "big_mib, gen, log_len, run_sim_ms, speed FROM jobs",
	        -1, &st, NULL) != SQLITE_OK)
		state_fatal("jobs");
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct sim_job *j = store_job_new();
		PbCreateJobRequest *req;
		const char *id = (const char *)sqlite3_column_text(st, 0);

		j->cluster = store_find_cluster((const char *)sqlite3_column_text(st, 1));
		req = (PbCreateJobRequest *)protobuf_c_message_unpack(
		    &yandex__cloud__dataproc__v1__create_job_request__descriptor, NULL,
		    (size_t)sqlite3_column_bytes(st, 4), sqlite3_column_blob(st, 4));
		if (!j->cluster || !req || !id || strlen(id) != STORE_ID_LEN ||
		    !state_gen_unpack(sqlite3_column_blob(st, 15), sqlite3_column_bytes(st, 15),
		                      &j->log.gen)) {
			snprintf(err, STATE_ERR_LEN, "state file: job %s is damaged",
			         id ? id : "?");
			if (req)
				protobuf_c_message_free_unpacked(&req->base, NULL);
			store_job_free(j);
			sqlite3_finalize(st);
			return false;
		}
		memcpy(j->id, id, STORE_ID_LEN + 1);
		wire_spec_from_create(req, &j->spec);
		protobuf_c_message_free_unpacked(&req->base, NULL);
		j->name = state_col_str(st, 2);
		j->created_by = state_col_str(st, 3);
		j->created_ms = sqlite3_column_int64(st, 5);
		j->pending_ms = sqlite3_column_int64(st, 6);
		j->running_ms = sqlite3_column_int64(st, 7);
		j->finish_ms = sqlite3_column_int64(st, 8);
		j->outcome = sqlite3_column_int(st, 9);
		j->cancel_ms = sqlite3_column_int64(st, 10);
		j->cancelled_ms = sqlite3_column_int64(st, 11);
		j->app_seq = (uint32_t)sqlite3_column_int64(st, 12);
		j->seed = (uint64_t)sqlite3_column_int64(st, 13);
		j->big_mib = (uint32_t)sqlite3_column_int64(st, 14);
		j->log.stored = (size_t)sqlite3_column_int64(st, 16);
		j->run_sim_ms = sqlite3_column_int64(st, 17);
		j->speed = sqlite3_column_double(st, 18);
		if (!(j->speed > 0))
			j->speed = 1.0;
		/* Logs stay on disk until someone reads them. */
		j->log.loaded = j->log.stored == 0;
		j->log.complete = j->big_mib != 0;
		store_add_job(j);
	}
	sqlite3_finalize(st);
	return true;
}

static bool
state_load_ops(char err[STATE_ERR_LEN])
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(state_db,
	                       "SELECT id, kind, job_id, created_ms, created_by, idem_key FROM "
	                       "operations ORDER BY seq",
	                       -1, &st, NULL) != SQLITE_OK)
		state_fatal("operations");
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct sim_op *op = store_op_new();
		const unsigned char *idem = sqlite3_column_text(st, 5);

		snprintf(op->id, sizeof(op->id), "%s", (const char *)sqlite3_column_text(st, 0));
		op->kind = sqlite3_column_int(st, 1) == STORE_OP_CANCEL ? STORE_OP_CANCEL
		                                                        : STORE_OP_CREATE;
		op->job = store_find_job((const char *)sqlite3_column_text(st, 2));
		op->created_ms = sqlite3_column_int64(st, 3);
		op->created_by = state_col_str(st, 4);
		op->idem_key = idem ? xstrdup((const char *)idem) : NULL;
		if (!op->job) {
			snprintf(err, STATE_ERR_LEN, "state file: operation %s is damaged", op->id);
			store_op_free(op);
			sqlite3_finalize(st);
			return false;
		}
		store_add_op(op);
	}
	sqlite3_finalize(st);
	return true;
}

bool
state_load(int64_t *offset_ms, int64_t *now_ms, uint64_t *arrival_rng, int64_t *next_arrival,
           char err[STATE_ERR_LEN])
{
	sqlite3_int64 v = 0;

	if (!state_load_clusters(err) || !state_load_jobs(err) || !state_load_ops(err))
		return false;
	*offset_ms = state_meta_get("clock_offset", &v, NULL) ? v : 0;
	*now_ms = state_meta_get("now_ms", &v, NULL) ? v : 0;
	if (state_meta_get("id_rng", &v, NULL))
		store_world.id_rng.state = (uint64_t)v;
	*arrival_rng = state_meta_get("arrival_rng", &v, NULL) ? (uint64_t)v : 0;
	*next_arrival = state_meta_get("next_arrival", &v, NULL) ? v : 0;
	return true;
}

void
state_log_load(struct sim_job *j)
{
	sqlite3_stmt *st;
	size_t len = 0;

	if (!state_db || j->log.loaded)
		return;
	if (sqlite3_prepare_v2(state_db,
	                       "SELECT off, data FROM log_chunks WHERE job_id = ?1 ORDER BY off",
	                       -1, &st, NULL) != SQLITE_OK)
		state_fatal("log");
	sqlite3_bind_text(st, 1, j->id, -1, SQLITE_STATIC);
	j->log.len = 0;
	store_log_reserve(&j->log, j->log.stored + 1);
	while (sqlite3_step(st) == SQLITE_ROW) {
		size_t off = (size_t)sqlite3_column_int64(st, 0);
		size_t n = (size_t)sqlite3_column_bytes(st, 1);

		if (off != len || len + n > j->log.stored)
			die("state file: the log of job %s is damaged", j->id);
		memcpy(j->log.buf + len, sqlite3_column_blob(st, 1), n);
		len += n;
	}
	sqlite3_finalize(st);
	if (len != j->log.stored)
		die("state file: the log of job %s is incomplete", j->id);
	j->log.len = len;
	j->log.loaded = true;
}

void
state_close(void)
{
	for (int i = 0; i < STATE_Q_COUNT_; i++) {
		sqlite3_finalize(state_stmt[i]);
		state_stmt[i] = NULL;
	}
	if (state_db)
		sqlite3_close(state_db);
	state_db = NULL;
}
