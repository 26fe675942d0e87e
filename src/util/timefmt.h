/* Times: RFC 3339 formatting and parsing, relative ages and durations. */
#ifndef DPJOBS_UTIL_TIMEFMT_H
#define DPJOBS_UTIL_TIMEFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A protobuf Timestamp; set is false when the field was absent. */
struct timestamp {
	int64_t sec;
	int32_t nsec;
	bool set;
};

#define RFC3339_LEN 40

/* "2026-11-29T07:40:31Z", or with fractional seconds when nsec != 0
 * ("2026-11-29T07:40:31.250Z", shortest of 3/6/9 digits), always UTC. "" if unset. */
void timefmt_rfc3339(const struct timestamp *ts, char out[RFC3339_LEN]);
/* Parses RFC 3339 with 'Z' or a numeric offset; false on bad input. */
bool timefmt_parse_rfc3339(const char *s, struct timestamp *out);
/* Wall clock now; DPJOBS_NOW (RFC 3339 or Unix seconds) freezes it for tests. */
struct timestamp timefmt_now(void);
/* Milliseconds on a monotonic clock, for deadlines and backoff. */
int64_t timefmt_monotonic_ms(void);
/* Compact duration: "0s", "45s", "3m12s", "2h05m", "3d04h". Negative → "0s". */
void timefmt_duration(int64_t seconds, char *out, size_t size);
/* Age relative to now: "45s ago", "3m ago", "2h ago", "5d ago"; "" if unset. */
void timefmt_age(const struct timestamp *ts, const struct timestamp *now, char *out, size_t size);
/* Seconds from a to b (b - a), 0 if either is unset. */
int64_t timefmt_diff(const struct timestamp *a, const struct timestamp *b);

#endif
