/* The embeddable simulator: world, clock, state file and the server thread behind sim.h. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <grpc/grpc.h>

#include "sim/faults.h"
#include "sim/iam.h"
#include "sim/lifecycle.h"
#include "sim/loggen.h"
#include "sim/server.h"
#include "sim/sim.h"
#include "sim/state.h"
#include "sim/store.h"
#include "sim/worldgen.h"
#include "util/timefmt.h"
#include "util/xalloc.h"

struct sim {
	char address[SERVER_ADDR_LEN];
	char *folder_id;
	char *first_cluster_id;
	char *require_token; /* the server config borrows it for the whole run */
	char *tls_cert_pem;  /* as are these */
	char *tls_key_pem;
	struct server_config cfg;
	atomic_bool stop;
	pthread_t thread;
	int64_t last_flush_ms;
};

/* One simulator per process (sim.h): the store, clock and faults are globals. */
static atomic_bool sim_running;

void
sim_options_init(struct sim_options *o)
{
	memset(o, 0, sizeof(*o));
	o->listen = "127.0.0.1:0";
	o->clusters = 1;
	o->jobs = 20;
	o->seed = 1;
	o->speed = 1.0;
}

/* Where the clock starts: wall_ms (real time) unless --start-time (or DPJOBS_NOW) moves
 * its origin; it then advances at the real rate. False when arg is not a time. */
static bool
sim_start_ms(const char *arg, int64_t wall_ms, int64_t *out)
{
	struct timestamp ts;
	char *end;
	long long v;

	if (!arg && getenv("DPJOBS_NOW")) {
		ts = timefmt_now();
		*out = ts.sec * 1000 + ts.nsec / 1000000;
		return true;
	}
	if (!arg) {
		*out = wall_ms;
		return true;
	}
	errno = 0;
	v = strtoll(arg, &end, 10);
	if (end != arg && !*end && !errno && v > 0 && v < INT64_MAX / 1000) {
		*out = v * 1000;
		return true;
	}
	if (!timefmt_parse_rfc3339(arg, &ts))
		return false;
	*out = ts.sec * 1000 + ts.nsec / 1000000;
	return true;
}

static char *
sim_bad_start_time(const char *arg)
{
	return xasprintf("--start-time: expected RFC 3339 or Unix seconds, got \"%s\"", arg);
}

bool
sim_options_check(const struct sim_options *o, char **err)
{
	char ferr[FAULTS_ERR_LEN];
	int64_t ms;
	bool ok = true;

	*err = NULL;
	if (atomic_load(&sim_running)) {
		*err = xstrdup("a simulator already runs in this process");
		return false;
	}
	if (o->faults) {
		faults_reset();
		ok = faults_parse(o->faults, o->seed, ferr);
		faults_reset();
		if (!ok) {
			*err = xstrdup(ferr);
			return false;
		}
	}
	if (o->start_time && !sim_start_ms(o->start_time, 0, &ms)) {
		*err = sim_bad_start_time(o->start_time);
		return false;
	}
	return true;
}

static int64_t
sim_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
sim_flush(void)
{
	uint64_t arr_rng;
	int64_t next;

	lifecycle_arrivals_state(&arr_rng, &next);
	state_flush(lifecycle_clock_offset(), lifecycle_now(), arr_rng, next);
	store_touched_clear();
}

/* After each server loop iteration, on the server thread. */
static void
sim_tick(void *ctx, bool busy)
{
	struct sim *s = ctx;
	int64_t now = sim_mono_ms();
	size_t nj, no;

	store_touched_jobs(&nj);
	store_touched_ops(&no);
	/* Changes go to the state file at once; the clock alone once a second. */
	if (!(busy && (nj || no)) && now - s->last_flush_ms < 1000)
		return;
	s->last_flush_ms = now;
	lifecycle_advance(lifecycle_now());
	sim_flush();
}

static struct sim_job *
sim_find_named(const struct sim_cluster *c, const char *name)
{
	for (size_t i = 0; i < c->n_jobs; i++)
		if (strcmp(c->jobs[i]->name, name) == 0)
			return c->jobs[i];
	return NULL;
}

/* Makes or loads the world and starts the clock. On failure nothing is left open. */
static bool
sim_world(const struct sim_options *o, bool dump, char **err)
{
	char serr[STATE_ERR_LEN], folder[21];
	uint64_t arr_rng = 0;
	int64_t next_arrival = 0, now, offset;

	if (o->state && !state_open(o->state, serr)) {
		*err = xstrdup(serr);
		return false;
	}
	if (dump && !state_has_world()) {
		*err = xasprintf("%s holds no simulated world", o->state);
		state_close();
		return false;
	}
	if (state_has_world()) {
		char *saved_folder = NULL;
		uint64_t saved_seed = 0;

		if (!state_world_identity(&saved_folder, &saved_seed)) {
			*err = xasprintf("%s: not a dpjobs-sim state file", o->state);
			state_close();
			return false;
		}
		store_init(saved_folder, saved_seed);
		free(saved_folder);
		worldgen_users();
		if (!state_load(&offset, &now, &arr_rng, &next_arrival, serr)) {
			*err = xstrdup(serr);
			state_close();
			store_done();
			return false;
		}
		/* The clock kept running while we were stopped: jobs due to end
		 * meanwhile have ended. Schedules are absolute times, already
		 * compressed by the speed they were made at. */
		lifecycle_clock_start(offset, now, o->speed);
	} else {
		offset = lifecycle_wall_ms();
		if (!sim_start_ms(o->start_time, offset, &now)) {
			*err = sim_bad_start_time(o->start_time);
			state_close();
			return false;
		}
		worldgen_folder_id(o->seed, folder);
		store_init(o->folder_id ? o->folder_id : folder, o->seed);
		worldgen_users();
		/* The world is made as of the very start, so a --start-time
		 * gives the same times on every run. */
		offset = now - offset;
		lifecycle_clock_start(offset, now, o->speed);
		worldgen_world((int)o->clusters, (int)o->jobs, now);
		arr_rng = rng_mix(o->seed, 0xa441);
		state_save_world(offset, now);
	}
	if (!dump && o->big_log && store_world.n_clusters &&
	    !sim_find_named(store_world.clusters[0], "big-log")) {
		struct sim_job *j = worldgen_big_log((uint32_t)o->big_log, lifecycle_now());

		loggen_big(j);
		store_touch_job(j);
	}
	if (!dump && o->nasty_log && store_world.n_clusters &&
	    !sim_find_named(store_world.clusters[0], "nasty-log")) {
		struct sim_job *j = worldgen_log_job("nasty-log", false, lifecycle_now());

		loggen_nasty(j);
		store_touch_job(j);
	}
	if (!dump && o->firehose > 0 && store_world.n_clusters) {
		/* Found again after a restart (--state): it grows on from its stored end. */
		struct sim_job *j = sim_find_named(store_world.clusters[0], "firehose");

		if (!j)
			j = worldgen_log_job("firehose", true, lifecycle_now());
		loggen_firehose_start(j, o->firehose, lifecycle_now());
	}
	lifecycle_arrivals_start(dump ? 0 : o->arrivals, arr_rng, next_arrival);
	sim_flush();
	return true;
}

/* Saves and frees the world (the server is down). */
static void
sim_world_done(void)
{
	sim_flush();
	state_close();
	store_done();
}

static void *
sim_thread(void *arg)
{
	struct sim *s = arg;

	server_run(&s->stop);
	server_stop();
	return NULL;
}

/* The whole of a small file (a PEM) as a string; NULL with *err (malloc'd). */
static char *
sim_read_pem(const char *opt, const char *path, char **err)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t n;

	if (!f) {
		*err = xasprintf("%s %s: %s", opt, path, strerror(errno));
		return NULL;
	}
	/* 1 MiB is far more than a certificate chain or a key needs. */
	buf = xmalloc(1048576 + 1);
	n = fread(buf, 1, 1048576 + 1, f);
	if (ferror(f) || n > 1048576 || n == 0) {
		*err = xasprintf("%s %s: %s", opt, path,
		                 ferror(f) ? strerror(errno)
		                 : n       ? "larger than 1 MiB"
		                           : "empty");
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	return buf;
}

static void
sim_free_secret(char *p)
{
	if (p) {
		/* The TLS key and fixed token leave no copy in freed memory. */
		explicit_bzero(p, strlen(p));
		free(p);
	}
}

static void
sim_free(struct sim *s)
{
	free(s->folder_id);
	free(s->first_cluster_id);
	sim_free_secret(s->require_token);
	free(s->tls_cert_pem);
	sim_free_secret(s->tls_key_pem);
	free(s);
}

/* The IAM side: keys, the OAuth token, the token lifetime. On failure it is reset. */
static bool
sim_iam(const struct sim_options *o, char **err)
{
	char ierr[IAM_ERR_LEN];

	iam_reset();
	iam_set_oauth_token(o->oauth_token);
	iam_set_ttl(o->token_ttl);
	for (size_t i = 0; i < o->n_sa_public_keys; i++) {
		if (!iam_add_public_key(o->sa_public_keys[i], ierr)) {
			*err = xstrdup(ierr);
			iam_reset();
			return false;
		}
	}
	if (o->make_sa_key && !iam_make_key_file(o->make_sa_key, ierr)) {
		*err = xstrdup(ierr);
		iam_reset();
		return false;
	}
	return true;
}

struct sim *
sim_start(const struct sim_options *o, char **err)
{
	char ferr[FAULTS_ERR_LEN], serr[SERVER_ERR_LEN];
	bool expected = false;
	sigset_t all, old;
	struct sim *s;
	int rc;

	*err = NULL;
	if (!atomic_compare_exchange_strong(&sim_running, &expected, true)) {
		*err = xstrdup("a simulator already runs in this process");
		return NULL;
	}
	faults_reset();
	if (o->faults && !faults_parse(o->faults, o->seed, ferr)) {
		*err = xstrdup(ferr);
		faults_reset();
		atomic_store(&sim_running, false);
		return NULL;
	}
	if (!sim_iam(o, err)) {
		faults_reset();
		atomic_store(&sim_running, false);
		return NULL;
	}
	s = xcalloc(1, sizeof(*s));
	if (o->tls_cert || o->tls_key) {
		if (!o->tls_cert || !o->tls_key) {
			*err = xstrdup("--tls-cert and --tls-key go together");
			goto early_fail;
		}
		s->tls_cert_pem = sim_read_pem("--tls-cert", o->tls_cert, err);
		if (s->tls_cert_pem)
			s->tls_key_pem = sim_read_pem("--tls-key", o->tls_key, err);
		if (!s->tls_key_pem)
			goto early_fail;
	}
	if (!sim_world(o, false, err))
		goto early_fail;
	s->folder_id = xstrdup(store_world.folder_id);
	if (store_world.n_clusters)
		s->first_cluster_id = xstrdup(store_world.clusters[0]->id);
	if (o->verbose)
		for (size_t i = 0; i < store_world.n_clusters; i++)
			fprintf(stderr, "%s: folder %s cluster %s (%s), %zu jobs\n",
			        xalloc_progname, store_world.folder_id, store_world.clusters[i]->id,
			        store_world.clusters[i]->name, store_world.clusters[i]->n_jobs);
	s->require_token = o->require_token ? xstrdup(o->require_token) : NULL;
	s->cfg.listen = o->listen;
	s->cfg.require_token = s->require_token;
	s->cfg.require_auth = o->require_auth;
	s->cfg.tls_cert_pem = s->tls_cert_pem;
	s->cfg.tls_key_pem = s->tls_key_pem;
	s->cfg.verbose = o->verbose;
	s->cfg.tick = sim_tick;
	s->cfg.tick_ctx = s;
	atomic_init(&s->stop, false);

	/* gRPC's threads (made by grpc_init) and ours take no signal: they belong to
	 * the program's main thread (the TUI's self-pipe, dpjobs-sim's sigwait). */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	grpc_init();
	if (!server_start(&s->cfg, s->address, serr)) {
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		*err = xstrdup(serr);
		goto fail;
	}
	s->last_flush_ms = sim_mono_ms();
	rc = pthread_create(&s->thread, NULL, sim_thread, s);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		*err = xasprintf("cannot start the simulator thread: %s", strerror(rc));
		server_stop();
		goto fail;
	}
	return s;

fail:
	grpc_shutdown();
	sim_world_done();
early_fail:
	sim_free(s);
	iam_reset();
	faults_reset();
	atomic_store(&sim_running, false);
	return NULL;
}

const char *
sim_address(const struct sim *s)
{
	return s->address;
}

const char *
sim_folder_id(const struct sim *s)
{
	return s->folder_id;
}

const char *
sim_first_cluster_id(const struct sim *s)
{
	return s->first_cluster_id;
}

void
sim_stop(struct sim *s)
{
	if (!s)
		return;
	atomic_store(&s->stop, true);
	pthread_join(s->thread, NULL);
	grpc_shutdown();
	sim_world_done();
	sim_free(s);
	iam_reset();
	faults_reset();
	atomic_store(&sim_running, false);
}

bool
sim_dump_log(const struct sim_options *o, const char *job_id, FILE *out, char **err)
{
	struct sim_job *j;
	size_t off = 0;
	bool ok;

	*err = NULL;
	if (!o->state) {
		*err = xstrdup("--dump-log needs --state FILE");
		return false;
	}
	if (atomic_load(&sim_running)) {
		*err = xstrdup("a simulator already runs in this process");
		return false;
	}
	if (!sim_world(o, true, err))
		return false;
	j = store_find_job(job_id);
	if (!j) {
		*err = xasprintf("job \"%s\" not found in the state file", job_id);
		state_close();
		store_done();
		return false;
	}
	state_log_load(j);
	/* A finished job's log is fixed: complete it, so it matches what any
	 * client reading to the end receives. Running jobs print what was served. */
	if (job_status_is_terminal(lifecycle_status(j, lifecycle_now())))
		loggen_advance(j, lifecycle_now());
	while (off < j->log.len) {
		size_t n = fwrite(j->log.buf + off, 1, j->log.len - off, out);

		if (n == 0)
			break;
		off += n;
	}
	ok = fflush(out) == 0 && off == j->log.len;
	state_close();
	store_done();
	return ok;
}
