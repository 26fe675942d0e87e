/* Small deterministic random numbers (splitmix64), so a seed gives the same world. */
#ifndef DPJOBS_SIM_RNG_H
#define DPJOBS_SIM_RNG_H

#include <stdint.h>

/* One 64-bit word of state: cheap to persist in the state file. */
struct rng {
	uint64_t state;
};

void rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_next(struct rng *r);
/* Uniform in [0, n); n > 0. */
uint64_t rng_below(struct rng *r, uint64_t n);
/* Uniform in [lo, hi], inclusive; lo <= hi. */
int64_t rng_between(struct rng *r, int64_t lo, int64_t hi);
/* Uniform in [0, 1). */
double rng_unit(struct rng *r);
/* True with probability p. */
int rng_chance(struct rng *r, double p);
/* Picks one of n entries. */
#define rng_pick(r, arr) ((arr)[rng_below((r), sizeof(arr) / sizeof((arr)[0]))])
/* Mixes two words into one well-spread word (derives per-object seeds). */
uint64_t rng_mix(uint64_t a, uint64_t b);
/* FNV-1a of a string, mixed. */
uint64_t rng_hash_str(const char *s);

#endif
