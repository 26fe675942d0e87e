/* --state FILE: the world, logs, operations and the clock in SQLite, across restarts. */
#ifndef DPJOBS_SIM_STATE_H
#define DPJOBS_SIM_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/store.h"

#define STATE_ERR_LEN 512

/* Opens or creates the file. False with a one-line message on error. */
bool state_open(const char *path, char err[STATE_ERR_LEN]);
/* True once state_open() succeeded: the other calls are no-ops otherwise. */
bool state_active(void);
/* True when the file already holds a world: load it instead of making one. */
bool state_has_world(void);
/* Loads the world into the (initialised) store; logs stay in the file until
 * a job's log is needed. Returns the clock's offset from the wall clock (it
 * kept running while the simulator was stopped), the last time it served,
 * and the arrival state. */
bool state_load(int64_t *offset_ms, int64_t *now_ms, uint64_t *arrival_rng, int64_t *next_arrival,
                char err[STATE_ERR_LEN]);
/* The folder and seed a saved world was made with (valid after state_open). */
bool state_world_identity(char **folder_id, uint64_t *seed);
/* Writes a freshly made world (every cluster and job) in one transaction. */
void state_save_world(int64_t offset_ms, int64_t now_ms);
/* Reads j's stored log bytes into memory (no-op if already loaded). */
void state_log_load(struct sim_job *j);
/* Writes what changed since the last flush (touched jobs and their new log
 * bytes, new operations), the clock (offset and now) and the arrival state,
 * in one transaction. */
void state_flush(int64_t offset_ms, int64_t now_ms, uint64_t arrival_rng, int64_t next_arrival);
void state_close(void);

#endif
