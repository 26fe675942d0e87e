/* Fault injection from --faults SPEC: error codes by share of calls, and reply latency. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/faults.h"
#include "sim/rng.h"

/* Spec names for the gRPC codes (lower case, as in the man page). */
#define FAULTS_CODE_INFO(_)                                                                        \
	_("cancelled", 1, "CANCELLED")                                                             \
	_("unknown", 2, "UNKNOWN")                                                                 \
	_("invalid_argument", 3, "INVALID_ARGUMENT")                                               \
	_("deadline", 4, "DEADLINE_EXCEEDED")                                                      \
	_("deadline_exceeded", 4, "DEADLINE_EXCEEDED")                                             \
	_("not_found", 5, "NOT_FOUND")                                                             \
	_("already_exists", 6, "ALREADY_EXISTS")                                                   \
	_("permission_denied", 7, "PERMISSION_DENIED")                                             \
	_("resource_exhausted", 8, "RESOURCE_EXHAUSTED")                                           \
	_("failed_precondition", 9, "FAILED_PRECONDITION")                                         \
	_("aborted", 10, "ABORTED")                                                                \
	_("out_of_range", 11, "OUT_OF_RANGE")                                                      \
	_("unimplemented", 12, "UNIMPLEMENTED")                                                    \
	_("internal", 13, "INTERNAL")                                                              \
	_("unavailable", 14, "UNAVAILABLE")                                                        \
	_("data_loss", 15, "DATA_LOSS")                                                            \
	_("unauthenticated", 16, "UNAUTHENTICATED")

struct faults_code {
	const char *spec;
	int code;
	const char *name;
};

static const struct faults_code faults_codes[] = {
#define FAULTS_CODE_ROW_(spec, code, name) {spec, code, name},
    FAULTS_CODE_INFO(FAULTS_CODE_ROW_)
#undef FAULTS_CODE_ROW_
};

#define FAULTS_NCODES (sizeof(faults_codes) / sizeof(faults_codes[0]))

/* Share of calls failed with each gRPC code (index = code). */
static double faults_share[17];
static int64_t faults_latency;
static struct rng faults_rng;

void
faults_reset(void)
{
	memset(faults_share, 0, sizeof(faults_share));
	faults_latency = 0;
	faults_rng.state = 0;
}

const char *
faults_code_name(int code)
{
	for (size_t i = 0; i < FAULTS_NCODES; i++)
		if (faults_codes[i].code == code)
			return faults_codes[i].name;
	return "OK";
}

static bool
faults_parse_duration(const char *s, int64_t *ms)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || errno || !isfinite(v) || v < 0)
		return false;
	if (strcmp(end, "ms") == 0 || *end == '\0')
		;
	else if (strcmp(end, "s") == 0)
		v *= 1000;
	else if (strcmp(end, "us") == 0)
		v /= 1000;
	else
		return false;
	if (v > 3600e3)
		return false;
	*ms = (int64_t)(v + 0.5);
	return true;
}

static bool
faults_parse_item(char *item, char err[FAULTS_ERR_LEN])
{
	char *eq = strchr(item, '='), *end;
	double p;

	if (!eq || eq == item || eq[1] == '\0') {
		snprintf(err, FAULTS_ERR_LEN, "--faults: expected NAME=VALUE, got \"%s\"", item);
		return false;
	}
	*eq = '\0';
	if (strcmp(item, "latency") == 0) {
		if (!faults_parse_duration(eq + 1, &faults_latency)) {
			snprintf(err, FAULTS_ERR_LEN,
			         "--faults: latency: bad duration \"%s\" (use e.g. 200ms or 1.5s)",
			         eq + 1);
			return false;
		}
		return true;
	}
	for (size_t i = 0; i < FAULTS_NCODES; i++) {
		if (strcmp(item, faults_codes[i].spec) != 0)
			continue;
		errno = 0;
		p = strtod(eq + 1, &end);
		if (end == eq + 1 || *end || errno || !(p >= 0 && p <= 1)) {
			snprintf(err, FAULTS_ERR_LEN,
			         "--faults: %s: share must be a number from 0 to 1, got \"%s\"",
			         item, eq + 1);
			return false;
		}
		faults_share[faults_codes[i].code] = p;
		return true;
	}
	snprintf(err, FAULTS_ERR_LEN, "--faults: unknown fault \"%s\"", item);
	return false;
}

bool
faults_parse(const char *spec, uint64_t seed, char err[FAULTS_ERR_LEN])
{
	char *copy = strdup(spec), *save = NULL, *item;
	double total = 0;
	bool ok = true;

	rng_seed(&faults_rng, rng_mix(seed, 0xfa017));
	if (!copy) {
		snprintf(err, FAULTS_ERR_LEN, "--faults: out of memory");
		return false;
	}
	if (*spec == '\0' || spec[strlen(spec) - 1] == ',' || *spec == ',' || strstr(spec, ",,")) {
		snprintf(err, FAULTS_ERR_LEN, "--faults: empty item in \"%s\"", spec);
		free(copy);
		return false;
	}
	for (item = strtok_r(copy, ",", &save); item && ok; item = strtok_r(NULL, ",", &save))
		ok = faults_parse_item(item, err);
	free(copy);
	if (!ok)
		return false;
	for (size_t i = 0; i < sizeof(faults_share) / sizeof(faults_share[0]); i++)
		total += faults_share[i];
	if (total > 1.0 + 1e-9) {
		snprintf(err, FAULTS_ERR_LEN, "--faults: the error shares add up to %.3g (over 1)",
		         total);
		return false;
	}
	return true;
}

int
faults_pick(void)
{
	double u = rng_unit(&faults_rng), acc = 0;

	for (int code = 1; code < (int)(sizeof(faults_share) / sizeof(faults_share[0])); code++) {
		acc += faults_share[code];
		if (faults_share[code] > 0 && u < acc)
			return code;
	}
	return 0;
}

int64_t
faults_latency_ms(void)
{
	return faults_latency;
}
