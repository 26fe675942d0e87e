/* The clock (wall time, --speed compressing durations) and the job lifecycle as of a time. */
#ifndef DPJOBS_SIM_LIFECYCLE_H
#define DPJOBS_SIM_LIFECYCLE_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/rng.h"
#include "sim/store.h"

/* The clock is the wall clock, shifted by offset_ms (--start-time: the clock
 * starts there and advances at the real rate), so every timestamp served is
 * a real time. Simulated durations are compressed instead: each schedule made
 * from now on (phases, cancel delays, arrival gaps, the spacing of log lines,
 * the initial world's history) takes its simulated ms divided by speed.
 * The clock never reads less than not_before (the last time served before a
 * restart), even if the wall clock was set back. */
void lifecycle_clock_start(int64_t offset_ms, int64_t not_before, double speed);
/* The offset_ms of the running clock (persisted: the clock keeps running
 * while the simulator is stopped). */
int64_t lifecycle_clock_offset(void);
/* The wall clock in Unix ms, unshifted. */
int64_t lifecycle_wall_ms(void);
/* The clock in Unix ms: wall time plus offset; never goes backwards. */
int64_t lifecycle_now(void);
/* The current --speed: how many times faster simulated durations pass. */
double lifecycle_speed(void);
/* The wall ms that sim_ms simulated ms take at the current speed (rounded
 * down, so the parts of a span never add up to more than the whole). */
int64_t lifecycle_compress(int64_t sim_ms);
/* The time of the moment sim_off simulated ms into j's run (log lines), at
 * the speed j was scheduled with: j->running_ms + sim_off / j->speed. */
int64_t lifecycle_run_at(const struct sim_job *j, int64_t sim_off);

/* Status, started_at and finished_at of j as of t (the times are 0 when unset). */
int lifecycle_status(const struct sim_job *j, int64_t t);
int64_t lifecycle_started_ms(const struct sim_job *j, int64_t t);
int64_t lifecycle_finished_ms(const struct sim_job *j, int64_t t);
/* When the driver stops making progress (job end or cancel); 0 if it never ran. */
int64_t lifecycle_run_end_ms(const struct sim_job *j);
/* When an operation completes: Create when the job leaves PROVISIONING, Cancel
 * when it is CANCELLED. */
int64_t lifecycle_op_done_ms(const struct sim_op *op);

/* Fills the schedule of a job created at created_ms: provisioning 10-30 s,
 * pending 10-60 s, running 1-15 min (simulated, so divided by the speed),
 * about one in five ends in ERROR. The random draws do not depend on the
 * speed: a seed gives the same jobs and logs at any speed. */
void lifecycle_schedule(struct sim_job *j, int64_t created_ms, struct rng *r);
/* Fills a schedule that puts j in status at time now (initial jobs): its past
 * and its future compressed by the speed like any other schedule. */
void lifecycle_schedule_as(struct sim_job *j, int status, int64_t now, struct rng *r);
/* Accepts a Cancel at now (CANCELLING, CANCELLED a few simulated seconds later).
 * False when j is already finished. */
bool lifecycle_cancel(struct sim_job *j, int64_t now);

/* Jobs arriving on their own: per_hour per simulated hour (so per_hour *
 * speed per real hour), drawn from r (state persisted by the caller), the
 * next one at next_ms (0: draw it). */
void lifecycle_arrivals_start(double per_hour, uint64_t rng_state, int64_t next_ms);
void lifecycle_arrivals_state(uint64_t *rng_state, int64_t *next_ms);
/* Adds the jobs that arrived up to now. Returns how many. */
int lifecycle_advance(int64_t now);

#endif
