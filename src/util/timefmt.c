/* RFC 3339 timestamps, the (freezable) clock, compact durations and ages. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/timefmt.h"

void
timefmt_rfc3339(const struct timestamp *ts, char out[RFC3339_LEN])
{
	time_t t;
	struct tm tm;
	size_t n;
	int32_t ns;

	out[0] = '\0';
	if (!ts || !ts->set)
		return;
	t = (time_t)ts->sec;
	if (!gmtime_r(&t, &tm))
		return;
	n = strftime(out, RFC3339_LEN, "%Y-%m-%dT%H:%M:%S", &tm);
	if (n == 0)
		return;
	ns = ts->nsec;
	/* Out-of-range nanos cannot be shown faithfully; drop them rather than lie. */
	if (ns > 0 && ns < 1000000000) {
		if (ns % 1000000 == 0)
			n += (size_t)snprintf(out + n, RFC3339_LEN - n, ".%03d", ns / 1000000);
		else if (ns % 1000 == 0)
			n += (size_t)snprintf(out + n, RFC3339_LEN - n, ".%06d", ns / 1000);
		else
			n += (size_t)snprintf(out + n, RFC3339_LEN - n, ".%09d", ns);
	}
	snprintf(out + n, RFC3339_LEN - n, "Z");
}

static bool
timefmt_digits(const char **p, int count, int *out)
{
	int v = 0;

	for (int i = 0; i < count; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return false;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += count;
	*out = v;
	return true;
}

static bool
timefmt_expect(const char **p, const char *chars)
{
	if (**p == '\0' || !strchr(chars, **p))
		return false;
	(*p)++;
	return true;
}

bool
timefmt_parse_rfc3339(const char *s, struct timestamp *out)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	const char *p = s;
	struct tm tm;
	int year, mon, day, hour, min, sec, off_h = 0, off_m = 0;
	int32_t nsec = 0;
	int sign = 0;
	time_t t;

	if (!s)
		return false;
	if (!timefmt_digits(&p, 4, &year) || !timefmt_expect(&p, "-") ||
	    !timefmt_digits(&p, 2, &mon) || !timefmt_expect(&p, "-") ||
	    !timefmt_digits(&p, 2, &day) || !timefmt_expect(&p, "Tt ") ||
	    !timefmt_digits(&p, 2, &hour) || !timefmt_expect(&p, ":") ||
	    !timefmt_digits(&p, 2, &min) || !timefmt_expect(&p, ":") ||
	    !timefmt_digits(&p, 2, &sec))
		return false;
	if (*p == '.') {
		int digits = 0;

		p++;
		if (!isdigit((unsigned char)*p))
			return false;
		for (; isdigit((unsigned char)*p); p++, digits++)
			if (digits < 9)
				nsec = nsec * 10 + (*p - '0');
		for (; digits < 9; digits++)
			nsec *= 10;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '-' ? -1 : 1;
		p++;
		if (!timefmt_digits(&p, 2, &off_h) || !timefmt_expect(&p, ":") ||
		    !timefmt_digits(&p, 2, &off_m) || off_h > 23 || off_m > 59)
			return false;
	} else {
		return false;
	}
	if (*p != '\0')
		return false;
	/* RFC 3339 allows a leap second (60); time_t cannot hold it, so it folds into :59. */
	if (mon < 1 || mon > 12 || day < 1 || day > mdays[mon - 1] || hour > 23 || min > 59 ||
	    sec > 60)
		return false;
	if (sec == 60)
		sec = 59;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = year - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = day;
	tm.tm_hour = hour;
	tm.tm_min = min;
	tm.tm_sec = sec;
	t = timegm(&tm);
	/* timegm normalises Feb 29 of a common year to Mar 1: reject that. */
	if (tm.tm_mday != day)
		return false;
	out->sec = (int64_t)t - sign * (off_h * 3600 + off_m * 60);
	out->nsec = nsec;
	out->set = true;
	return true;
}

struct timestamp
timefmt_now(void)
{
	struct timestamp now = {0, 0, true};
	const char *frozen = getenv("DPJOBS_NOW");
	struct timespec ts;

	if (frozen && *frozen) {
		char *end;
		long long v;

		errno = 0;
		v = strtoll(frozen, &end, 10);
		if (errno == 0 && end != frozen && *end == '\0') {
			now.sec = v;
			return now;
		}
		if (timefmt_parse_rfc3339(frozen, &now))
			return now;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	now.sec = ts.tv_sec;
	now.nsec = (int32_t)ts.tv_nsec;
	return now;
}

int64_t
timefmt_monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
timefmt_duration(int64_t seconds, char *out, size_t size)
{
	long long s = seconds < 0 ? 0 : (long long)seconds;

	if (s < 60)
		snprintf(out, size, "%llds", s);
	else if (s < 3600)
		snprintf(out, size, "%lldm%02llds", s / 60, s % 60);
	else if (s < 86400)
		snprintf(out, size, "%lldh%02lldm", s / 3600, s % 3600 / 60);
	else
		snprintf(out, size, "%lldd%02lldh", s / 86400, s % 86400 / 3600);
}

void
timefmt_age(const struct timestamp *ts, const struct timestamp *now, char *out, size_t size)
{
	long long s;

	if (!ts || !ts->set) {
		if (size)
			out[0] = '\0';
		return;
	}
	/* A clock slightly behind the server's must not show a negative age. */
	s = (long long)timefmt_diff(ts, now);
	if (s < 0)
		s = 0;
	if (s < 60)
		snprintf(out, size, "%llds ago", s);
	else if (s < 3600)
		snprintf(out, size, "%lldm ago", s / 60);
	else if (s < 86400)
		snprintf(out, size, "%lldh ago", s / 3600);
	else
		snprintf(out, size, "%lldd ago", s / 86400);
}

int64_t
timefmt_diff(const struct timestamp *a, const struct timestamp *b)
{
	if (!a || !b || !a->set || !b->set)
		return 0;
	return b->sec - a->sec;
}
