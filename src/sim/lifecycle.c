/* The clock (wall time, --speed compressing durations) and the job lifecycle as of a time. */
#include "config.h"

#include <math.h>
#include <time.h>

#include "sim/lifecycle.h"
#include "sim/worldgen.h"

static int64_t lifecycle_offset;
static double lifecycle_cur_speed = 1.0;
static int64_t lifecycle_last;

static double lifecycle_per_hour;
static struct rng lifecycle_arrival_rng;
static int64_t lifecycle_next_arrival;

int64_t
lifecycle_wall_ms(void)
{
	struct timespec ts;

	/* The real clock, not timefmt_now(): DPJOBS_NOW must not freeze the
	 * simulator's jobs (at most it picks the start, like --start-time). */
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
lifecycle_clock_start(int64_t offset_ms, int64_t not_before, double speed)
{
	lifecycle_offset = offset_ms;
	lifecycle_cur_speed = speed;
	lifecycle_last = not_before;
}

int64_t
lifecycle_clock_offset(void)
{
	return lifecycle_offset;
}

double
lifecycle_speed(void)
{
	return lifecycle_cur_speed;
}

int64_t
lifecycle_now(void)
{
	int64_t t = lifecycle_wall_ms() + lifecycle_offset;

	/* The wall clock may be stepped back (NTP): hold still rather than
	 * serve a job's times out of order. */
	if (t < lifecycle_last)
		t = lifecycle_last;
	lifecycle_last = t;
	return t;
}

static int64_t
lifecycle_compress_by(int64_t sim_ms, double speed)
{
	return (int64_t)floor((double)sim_ms / speed);
}

int64_t
lifecycle_compress(int64_t sim_ms)
{
	return lifecycle_compress_by(sim_ms, lifecycle_cur_speed);
}

int64_t
lifecycle_run_at(const struct sim_job *j, int64_t sim_off)
{
	return j->running_ms + lifecycle_compress_by(sim_off, j->speed > 0 ? j->speed : 1.0);
}

int
lifecycle_status(const struct sim_job *j, int64_t t)
{
	if (j->cancel_ms && t >= j->cancel_ms)
		return t >= j->cancelled_ms ? JOB_STATUS_CANCELLED : JOB_STATUS_CANCELLING;
	if (t < j->pending_ms)
		return JOB_STATUS_PROVISIONING;
	if (t < j->running_ms)
		return JOB_STATUS_PENDING;
	if (t < j->finish_ms)
		return JOB_STATUS_RUNNING;
	return j->outcome;
}

static bool
lifecycle_ran(const struct sim_job *j)
{
	return !j->cancel_ms || j->cancel_ms > j->running_ms;
}

int64_t
lifecycle_started_ms(const struct sim_job *j, int64_t t)
{
	return lifecycle_ran(j) && t >= j->running_ms ? j->running_ms : 0;
}

int64_t
lifecycle_finished_ms(const struct sim_job *j, int64_t t)
{
	if (j->cancel_ms)
		return t >= j->cancelled_ms ? j->cancelled_ms : 0;
	return t >= j->finish_ms ? j->finish_ms : 0;
}

int64_t
lifecycle_run_end_ms(const struct sim_job *j)
{
	if (!lifecycle_ran(j))
		return 0;
	return j->cancel_ms ? j->cancel_ms : j->finish_ms;
}

int64_t
lifecycle_op_done_ms(const struct sim_op *op)
{
	const struct sim_job *j = op->job;

	if (op->kind == STORE_OP_CANCEL)
		return j->cancelled_ms;
	if (j->cancel_ms && j->cancel_ms < j->pending_ms)
		return j->cancel_ms;
	return j->pending_ms;
}

/* Run times skewed to the short end, like a real queue: most jobs take a few minutes. */
static int64_t
lifecycle_run_ms(struct rng *r)
{
	double u = rng_unit(r);

	return 60000 + (int64_t)(u * u * 14 * 60000);
}

void
lifecycle_schedule(struct sim_job *j, int64_t created_ms, struct rng *r)
{
	j->speed = lifecycle_cur_speed;
	j->created_ms = created_ms;
	j->pending_ms = created_ms + lifecycle_compress(rng_between(r, 10000, 30000));
	j->running_ms = j->pending_ms + lifecycle_compress(rng_between(r, 10000, 60000));
	j->run_sim_ms = lifecycle_run_ms(r);
	j->finish_ms = j->running_ms + lifecycle_compress(j->run_sim_ms);
	j->outcome = rng_chance(r, 0.2) ? JOB_STATUS_ERROR : JOB_STATUS_DONE;
	j->cancel_ms = 0;
	j->cancelled_ms = 0;
}

/* Simulated spans are drawn first and compressed afterwards, in the order
 * of the draws at speed 1, so the world is the same at any speed. */
void
lifecycle_schedule_as(struct sim_job *j, int status, int64_t now, struct rng *r)
{
	int64_t ran, min_pending = now + lifecycle_compress(10000);

	switch (status) {
	case JOB_STATUS_PROVISIONING:
		lifecycle_schedule(j, now - lifecycle_compress(rng_between(r, 0, 5000)), r);
		if (j->pending_ms < min_pending) {
			j->running_ms += min_pending - j->pending_ms;
			j->finish_ms += min_pending - j->pending_ms;
			j->pending_ms = min_pending;
		}
		break;
	case JOB_STATUS_PENDING:
		j->speed = lifecycle_cur_speed;
		j->pending_ms = now - lifecycle_compress(rng_between(r, 1000, 8000));
		j->created_ms = j->pending_ms - lifecycle_compress(rng_between(r, 10000, 30000));
		j->running_ms = now + lifecycle_compress(rng_between(r, 20000, 60000));
		j->run_sim_ms = lifecycle_run_ms(r);
		j->finish_ms = j->running_ms + lifecycle_compress(j->run_sim_ms);
		j->outcome = rng_chance(r, 0.2) ? JOB_STATUS_ERROR : JOB_STATUS_DONE;
		break;
	case JOB_STATUS_RUNNING:
	case JOB_STATUS_CANCELLING:
		j->speed = lifecycle_cur_speed;
		ran = rng_between(r, 20000, 240000);
		j->running_ms = now - lifecycle_compress(ran);
		j->pending_ms = j->running_ms - lifecycle_compress(rng_between(r, 10000, 60000));
		j->created_ms = j->pending_ms - lifecycle_compress(rng_between(r, 10000, 30000));
		/* Floors: compress(ran + left) >= compress(ran) + compress(left),
		 * so the job still runs at now. */
		j->run_sim_ms = ran + rng_between(r, 30000, 600000);
		j->finish_ms = j->running_ms + lifecycle_compress(j->run_sim_ms);
		j->outcome = rng_chance(r, 0.2) ? JOB_STATUS_ERROR : JOB_STATUS_DONE;
		if (status == JOB_STATUS_CANCELLING) {
			/* A kill that hangs for minutes, as YARN's sometimes do, so the
			 * initial world shows CANCELLING for a while. */
			j->cancel_ms = now - lifecycle_compress(rng_between(r, 0, 1000));
			j->cancelled_ms = now + lifecycle_compress(rng_between(r, 120000, 300000));
		}
		break;
	default:
		/* Terminal: the caller picks created_ms far enough in the past
		 * (a whole schedule, compressed, before now). */
		lifecycle_schedule(j, j->created_ms, r);
		if (status == JOB_STATUS_CANCELLED) {
			j->cancel_ms = j->running_ms +
			               lifecycle_compress(rng_between(r, 5000, j->run_sim_ms / 2));
			j->cancelled_ms =
			    j->cancel_ms + lifecycle_compress(rng_between(r, 2000, 6000));
		} else {
			j->outcome = status;
		}
		break;
	}
}

bool
lifecycle_cancel(struct sim_job *j, int64_t now)
{
	struct rng r;

	if (job_status_is_terminal(lifecycle_status(j, now)))
		return false;
	if (j->cancel_ms)
		return true;
	rng_seed(&r, rng_mix(j->seed, (uint64_t)now));
	j->cancel_ms = now;
	j->cancelled_ms = now + lifecycle_compress(rng_between(&r, 2000, 6000));
	j->dirty = true;
	return true;
}

static int64_t
lifecycle_arrival_gap(void)
{
	/* Poisson arrivals: exponential gaps with the requested mean, in
	 * simulated time, then compressed like every other span. */
	double mean = 3600000.0 / lifecycle_per_hour;
	double u = rng_unit(&lifecycle_arrival_rng);
	int64_t gap = (int64_t)(-log(1.0 - u) * mean);

	gap = lifecycle_compress(gap < 1 ? 1 : gap);
	return gap < 1 ? 1 : gap;
}

void
lifecycle_arrivals_start(double per_hour, uint64_t rng_state, int64_t next_ms)
{
	lifecycle_per_hour = per_hour;
	lifecycle_arrival_rng.state = rng_state;
	lifecycle_next_arrival = next_ms;
	if (per_hour > 0 && next_ms == 0)
		lifecycle_next_arrival = lifecycle_now() + lifecycle_arrival_gap();
}

void
lifecycle_arrivals_state(uint64_t *rng_state, int64_t *next_ms)
{
	*rng_state = lifecycle_arrival_rng.state;
	*next_ms = lifecycle_next_arrival;
}

int
lifecycle_advance(int64_t now)
{
	int n = 0;

	if (lifecycle_per_hour <= 0 || store_world.n_clusters == 0)
		return 0;
	/* Bounded, so a huge rate or a long downtime (--state) cannot stall the
	 * server in one go; the rest arrive on the next calls with their own
	 * (past) creation times. */
	while (lifecycle_next_arrival <= now && n < 10000) {
		worldgen_arrival(lifecycle_next_arrival, &lifecycle_arrival_rng);
		lifecycle_next_arrival += lifecycle_arrival_gap();
		n++;
	}
	return n;
}
