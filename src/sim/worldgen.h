/* Realistic clusters, users, job names and specs for the initial world and arrivals. */
#ifndef DPJOBS_SIM_WORLDGEN_H
#define DPJOBS_SIM_WORLDGEN_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/rng.h"
#include "sim/store.h"

/* A folder id like the cloud's: "b1g" and 17 of [a-z0-9], from the seed. */
void worldgen_folder_id(uint64_t seed, char out[21]);
/* Fills store_world.users (the created_by pool) from the seed. */
void worldgen_users(void);
/* Creates n_clusters RUNNING clusters with n_jobs jobs each, as of now:
 * every type and status present, deterministic from the seed. */
void worldgen_world(int n_clusters, int n_jobs, int64_t now);
/* A new job of a random type, created at at, in a random cluster. */
struct sim_job *worldgen_arrival(int64_t at, struct rng *r);
/* The --big-log job: a DONE spark job named big-log in the first cluster
 * whose log is exactly mib MiB. */
struct sim_job *worldgen_big_log(uint32_t mib, int64_t now);
/* A job of the log tests in the first cluster, named name: the --firehose job
 * (RUNNING from 2 minutes before now for ten years) when running, else the
 * --nasty-log job (DONE, ran from 20 to 10 minutes before now). The log is
 * the caller's (loggen_firehose_start, loggen_nasty). */
struct sim_job *worldgen_log_job(const char *name, bool running, int64_t now);
/* Fills the ids and seeds of a job about to be added: id from r, log seed
 * from the world seed and the id, YARN application number from the cluster. */
void worldgen_identify(struct sim_job *j, struct rng *r);

#define WORLDGEN_ERR_LEN 256
/* --cluster-status / --cluster-health "CLUSTER=STATE": the cluster whose id or name is CLUSTER
 * is reported in that status (STOPPED, ERROR, ...) or health (DEGRADED, DEAD, ...) instead of
 * RUNNING and ALIVE. The state's case does not matter. false with a one-line message in err. */
bool worldgen_cluster_state(const char *spec, bool health, char err[WORLDGEN_ERR_LEN]);
/* The status and health ClusterService reports for c (wire values of cluster.h). */
int worldgen_cluster_status(const struct sim_cluster *c);
int worldgen_cluster_health(const struct sim_cluster *c);

#endif
