/* Small deterministic random numbers (splitmix64), so a seed gives the same world. */
#include "config.h"

#include "sim/rng.h"

static uint64_t
rng_splitmix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void
rng_seed(struct rng *r, uint64_t seed)
{
	r->state = rng_splitmix(seed ^ 0x6a09e667f3bcc909ULL);
}

uint64_t
rng_next(struct rng *r)
{
	r->state += 0x9e3779b97f4a7c15ULL;
	return rng_splitmix(r->state);
}

uint64_t
rng_below(struct rng *r, uint64_t n)
{
	/* The modulo bias is below 2^-40 for the small n we use: not worth a loop. */
	return rng_next(r) % n;
}

int64_t
rng_between(struct rng *r, int64_t lo, int64_t hi)
{
	return lo + (int64_t)rng_below(r, (uint64_t)(hi - lo) + 1);
}

double
rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

int
rng_chance(struct rng *r, double p)
{
	return rng_unit(r) < p;
}

uint64_t
rng_mix(uint64_t a, uint64_t b)
{
	return rng_splitmix(a * 0x9e3779b97f4a7c15ULL + rng_splitmix(b));
}

uint64_t
rng_hash_str(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return rng_splitmix(h);
}
