/* The simulated world: clusters, their jobs, operations and idempotency keys, in memory. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sim/store.h"
#include "util/xalloc.h"

struct sim_world store_world;

/* Open-addressing map from a borrowed string key to a pointer: ids and
 * idempotency keys are looked up on every call, so no linear scans. */
struct store_map {
	const char **keys;
	void **vals;
	size_t cap; /* power of two */
	size_t n;
};

static struct store_map store_jobs_by_id;
static struct store_map store_ops_by_id;
static struct store_map store_idem;
static struct store_map store_clusters_by_id;

static struct sim_job **store_touched_j;
static size_t store_n_touched_j, store_cap_touched_j;
static struct sim_op **store_touched_o;
static size_t store_n_touched_o, store_cap_touched_o;

static uint64_t
store_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h ^ (h >> 29);
}

static void store_map_put(struct store_map *m, const char *key, void *val);

static void
store_map_grow(struct store_map *m)
{
	struct store_map old = *m;

	m->cap = old.cap ? old.cap * 2 : 64;
	m->keys = xcalloc(m->cap, sizeof(*m->keys));
	m->vals = xcalloc(m->cap, sizeof(*m->vals));
	m->n = 0;
	for (size_t i = 0; i < old.cap; i++)
		if (old.keys[i])
			store_map_put(m, old.keys[i], old.vals[i]);
	free(old.keys);
	free(old.vals);
}

static void
store_map_put(struct store_map *m, const char *key, void *val)
{
	size_t i;

	if ((m->n + 1) * 4 > m->cap * 3)
		store_map_grow(m);
	for (i = store_hash(key) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1)) {
		if (strcmp(m->keys[i], key) == 0) {
			m->keys[i] = key;
			m->vals[i] = val;
			return;
		}
	}
	m->keys[i] = key;
	m->vals[i] = val;
	m->n++;
}

static void *
store_map_get(const struct store_map *m, const char *key)
{
	if (!m->cap)
		return NULL;
	for (size_t i = store_hash(key) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1))
		if (strcmp(m->keys[i], key) == 0)
			return m->vals[i];
	return NULL;
}

static void
store_map_done(struct store_map *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

void
store_init(const char *folder_id, uint64_t seed)
{
	memset(&store_world, 0, sizeof(store_world));
	store_world.folder_id = xstrdup(folder_id);
	store_world.seed = seed;
	rng_seed(&store_world.id_rng, rng_mix(seed, 0x1d5));
}

void
store_done(void)
{
	for (size_t i = 0; i < store_world.n_clusters; i++)
		store_cluster_free(store_world.clusters[i]);
	free(store_world.clusters);
	for (size_t i = 0; i < store_world.n_ops; i++)
		store_op_free(store_world.ops[i]);
	free(store_world.ops);
	for (size_t i = 0; i < store_world.n_users; i++)
		free(store_world.users[i]);
	free(store_world.users);
	free(store_world.folder_id);
	store_map_done(&store_jobs_by_id);
	store_map_done(&store_ops_by_id);
	store_map_done(&store_idem);
	store_map_done(&store_clusters_by_id);
	free(store_touched_j);
	free(store_touched_o);
	store_touched_j = NULL;
	store_touched_o = NULL;
	store_n_touched_j = store_cap_touched_j = 0;
	store_n_touched_o = store_cap_touched_o = 0;
	memset(&store_world, 0, sizeof(store_world));
}

void
store_new_id(struct rng *r, char out[STORE_ID_LEN + 1])
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";

	do {
		memcpy(out, "c9q", 3);
		for (int i = 3; i < STORE_ID_LEN; i++)
			out[i] = alphabet[rng_below(r, sizeof(alphabet) - 1)];
		out[STORE_ID_LEN] = '\0';
	} while (store_find_job(out) || store_find_op(out) || store_find_cluster(out));
}

void
store_add_cluster(struct sim_cluster *c)
{
	store_world.clusters = xrealloc(store_world.clusters, (store_world.n_clusters + 1) *
	                                                          sizeof(*store_world.clusters));
	store_world.clusters[store_world.n_clusters++] = c;
	store_map_put(&store_clusters_by_id, c->id, c);
}

struct sim_cluster *
store_find_cluster(const char *id)
{
	return store_map_get(&store_clusters_by_id, id);
}

/* Ascending (created_ms, id) order of the cluster arrays. */
static int
store_job_cmp(int64_t ms, const char *id, const struct sim_job *j)
{
	if (ms != j->created_ms)
		return ms < j->created_ms ? -1 : 1;
	return strcmp(id, j->id);
}

/* First index whose job sorts at or after (ms, id) in ascending order. */
static size_t
store_lower_bound(const struct sim_cluster *c, int64_t ms, const char *id)
{
	size_t lo = 0, hi = c->n_jobs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (store_job_cmp(ms, id, c->jobs[mid]) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void
store_add_job(struct sim_job *j)
{
	struct sim_cluster *c = j->cluster;
	size_t at;

	if (c->n_jobs == c->cap_jobs) {
		c->cap_jobs = c->cap_jobs ? c->cap_jobs * 2 : 64;
		c->jobs = xrealloc(c->jobs, c->cap_jobs * sizeof(*c->jobs));
	}
	/* New jobs are the newest nearly always: skip the search then. */
	if (c->n_jobs == 0 || store_job_cmp(j->created_ms, j->id, c->jobs[c->n_jobs - 1]) > 0)
		at = c->n_jobs;
	else
		at = store_lower_bound(c, j->created_ms, j->id);
	memmove(c->jobs + at + 1, c->jobs + at, (c->n_jobs - at) * sizeof(*c->jobs));
	c->jobs[at] = j;
	c->n_jobs++;
	store_map_put(&store_jobs_by_id, j->id, j);
}

struct sim_job *
store_find_job(const char *id)
{
	return store_map_get(&store_jobs_by_id, id);
}

size_t
store_list_start(const struct sim_cluster *c, int64_t ms, const char *id)
{
	/* Jobs strictly older than (ms, id) are those below the lower bound. */
	return c->n_jobs - store_lower_bound(c, ms, id);
}

struct sim_job *
store_list_at(const struct sim_cluster *c, size_t i)
{
	return i < c->n_jobs ? c->jobs[c->n_jobs - 1 - i] : NULL;
}

char *
store_idem_name(enum store_op_kind kind, const char *key)
{
	return xasprintf("%s\n%s", kind == STORE_OP_CREATE ? "Create" : "Cancel", key);
}

void
store_add_op(struct sim_op *op)
{
	if (store_world.n_ops == store_world.cap_ops) {
		store_world.cap_ops = store_world.cap_ops ? store_world.cap_ops * 2 : 64;
		store_world.ops =
		    xrealloc(store_world.ops, store_world.cap_ops * sizeof(*store_world.ops));
	}
	store_world.ops[store_world.n_ops++] = op;
	store_map_put(&store_ops_by_id, op->id, op);
	if (op->idem_key)
		store_map_put(&store_idem, op->idem_key, op);
}

struct sim_op *
store_find_op(const char *id)
{
	return store_map_get(&store_ops_by_id, id);
}

struct sim_op *
store_find_idem(enum store_op_kind kind, const char *key)
{
	char *name = store_idem_name(kind, key);
	struct sim_op *op = store_map_get(&store_idem, name);

	free(name);
	return op;
}

void
store_touch_job(struct sim_job *j)
{
	if (j->touched)
		return;
	if (store_n_touched_j == store_cap_touched_j) {
		store_cap_touched_j = store_cap_touched_j ? store_cap_touched_j * 2 : 64;
		store_touched_j =
		    xrealloc(store_touched_j, store_cap_touched_j * sizeof(*store_touched_j));
	}
	store_touched_j[store_n_touched_j++] = j;
	j->touched = true;
}

void
store_touch_op(struct sim_op *op)
{
	if (store_n_touched_o == store_cap_touched_o) {
		store_cap_touched_o = store_cap_touched_o ? store_cap_touched_o * 2 : 16;
		store_touched_o =
		    xrealloc(store_touched_o, store_cap_touched_o * sizeof(*store_touched_o));
	}
	store_touched_o[store_n_touched_o++] = op;
}

struct sim_job **
store_touched_jobs(size_t *n)
{
	*n = store_n_touched_j;
	return store_touched_j;
}

struct sim_op **
store_touched_ops(size_t *n)
{
	*n = store_n_touched_o;
	return store_touched_o;
}

void
store_touched_clear(void)
{
	for (size_t i = 0; i < store_n_touched_j; i++)
		store_touched_j[i]->touched = false;
	store_n_touched_j = 0;
	store_n_touched_o = 0;
}

struct sim_job *
store_job_new(void)
{
	struct sim_job *j = xcalloc(1, sizeof(struct sim_job));

	j->log.loaded = true;
	return j;
}

void
store_job_free(struct sim_job *j)
{
	if (!j)
		return;
	free(j->name);
	free(j->created_by);
	job_spec_done(&j->spec);
	free(j->log.buf);
	free(j);
}

struct sim_cluster *
store_cluster_new(void)
{
	return xcalloc(1, sizeof(struct sim_cluster));
}

void
store_cluster_free(struct sim_cluster *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n_jobs; i++)
		store_job_free(c->jobs[i]);
	free(c->jobs);
	free(c->name);
	free(c->description);
	free(c->zone_id);
	free(c->version_id);
	free(c);
}

struct sim_op *
store_op_new(void)
{
	return xcalloc(1, sizeof(struct sim_op));
}

void
store_op_free(struct sim_op *op)
{
	if (!op)
		return;
	free(op->created_by);
	free(op->idem_key);
	free(op);
}

void
store_log_reserve(struct sim_log *log, size_t extra)
{
	size_t need = log->len + extra;

	if (need <= log->cap)
		return;
	if (log->cap * 2 > need)
		need = log->cap * 2;
	log->buf = xrealloc(log->buf, need);
	log->cap = need;
}
