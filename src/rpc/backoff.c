/* Retry delays: exponential backoff with full jitter. */
#include "config.h"

#include <time.h>

#include "rpc/internal.h"

#define RPC_BACKOFF_BASE_MS 100
#define RPC_BACKOFF_CAP_MS 5000

/* xorshift64*: the jitter only has to decorrelate clients, not be unpredictable,
 * and rand() would share hidden state with the rest of the process. */
static uint64_t
rpc_backoff_next(uint64_t *rng)
{
	uint64_t x = *rng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*rng = x;
	return x * 0x2545F4914F6CDD1DULL;
}

void
rpc_backoff_seed(uint64_t *rng)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	*rng = ((uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec) ^ (uintptr_t)rng;
	if (*rng == 0)
		*rng = 0x9E3779B97F4A7C15ULL;
}

/* Full jitter (uniform in [0, min(cap, base * 2^(attempt-1))]) spreads the
 * retries of many clients hit by the same outage instead of synchronising them. */
int64_t
rpc_backoff_ms(int attempt, uint64_t *rng)
{
	int64_t ceiling = RPC_BACKOFF_BASE_MS;

	for (int i = 1; i < attempt && ceiling < RPC_BACKOFF_CAP_MS; i++)
		ceiling *= 2;
	if (ceiling > RPC_BACKOFF_CAP_MS)
		ceiling = RPC_BACKOFF_CAP_MS;
	return (int64_t)(rpc_backoff_next(rng) % (uint64_t)(ceiling + 1));
}
