/* Log buffer figures: a synthetic Spark log into a logbuf, peak RSS, top/bottom jumps, a
 * rare-literal search. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "model/logbuf.h"
#include "model/logsearch.h"

static double
log_bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
log_bench_rss_mib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_maxrss / 1024.0;
}

/* Usage: log_bench [MIB [FILE]]: MIB of log (default 1024); FILE also gets
 * the same bytes, for the reference tools in bench/log_memory.sh. The rare
 * literal "needle-4242" is on one line in the middle. */
int
main(int argc, char **argv)
{
	uint64_t want = (uint64_t)(argc > 1 ? atoi(argv[1]) : 1024) * 1024 * 1024, n = 0;
	FILE *out = argc > 2 ? fopen(argv[2], "w") : NULL;
	struct logbuf *lb = logbuf_new();
	static char chunk[65536];
	size_t at = 0, len;
	uint64_t line = 0;
	double t0, t1;
	struct logsearch *s;
	struct logbuf_stats st;
	char err[128];
	const char *p;

	t0 = log_bench_now();
	while (n < want) {
		int k = snprintf(
		    chunk + at, sizeof(chunk) - at,
		    "26/11/29 12:%02u:%02u INFO executor.Executor: Finished task %llu.0 "
		    "in stage %llu.0 (TID %llu). %llu bytes result sent to driver%s\n",
		    (unsigned)(line / 60 % 60), (unsigned)(line % 60), (unsigned long long)line,
		    (unsigned long long)(line / 1000), (unsigned long long)(line * 7),
		    (unsigned long long)(1000 + line % 9000),
		    line == want / 200 ? " needle-4242" : "");

		if ((size_t)k >= sizeof(chunk) - at) {
			logbuf_append(lb, chunk, at);
			if (out)
				fwrite(chunk, 1, at, out);
			at = 0;
			continue;
		}
		at += (size_t)k;
		n += (uint64_t)k;
		line++;
	}
	logbuf_append(lb, chunk, at);
	if (out)
		fwrite(chunk, 1, at, out);
	t1 = log_bench_now();
	if (out)
		fclose(out);
	printf("%-44s %8.3f s  %8.1f MiB/s  (%llu lines)\n", "append all", t1 - t0,
	       (double)n / 1048576 / (t1 - t0), (unsigned long long)logbuf_lines(lb));

	t0 = log_bench_now();
	p = logbuf_line(lb, logbuf_lines(lb) - 1, &len);
	t1 = log_bench_now();
	printf("%-44s %8.3f ms  %.*s\n", "fetch the last line", (t1 - t0) * 1e3, 20, p);
	t0 = log_bench_now();
	for (size_t i = 0; i < 60; i++)
		logbuf_line(lb, i, &len);
	t1 = log_bench_now();
	printf("%-44s %8.3f ms\n", "jump to top (60 lines)", (t1 - t0) * 1e3);
	t0 = log_bench_now();
	for (size_t i = logbuf_lines(lb) - 60; i < logbuf_lines(lb); i++)
		logbuf_line(lb, i, &len);
	t1 = log_bench_now();
	printf("%-44s %8.3f ms\n", "and back to the bottom (60 lines)", (t1 - t0) * 1e3);
	t0 = log_bench_now();
	for (size_t i = logbuf_lines(lb) / 2; i < logbuf_lines(lb) / 2 + 60; i++)
		logbuf_line(lb, i, &len);
	t1 = log_bench_now();
	printf("%-44s %8.3f ms\n", "jump to the middle (60 lines)", (t1 - t0) * 1e3);

	const char *pats[][2] = {{"needle-4242", "L"},
	                         {"NEEDLE-4242", "L"},
	                         {"needle-[0-9]+", "R"},
	                         {"(needle|haystack)-4242", "R"},
	                         {"needle-4242|haystack-4242", "R"},
	                         {"^(NEEDLE|HAYSTACK) ", "R"}};
	for (size_t k = 0; k < sizeof(pats) / sizeof(*pats); k++) {
		s = logsearch_new(lb, pats[k][0],
		                  pats[k][1][0] == 'L' ? LOGSEARCH_LITERAL : LOGSEARCH_REGEX, err,
		                  sizeof(err));
		t0 = log_bench_now();
		while (!logsearch_step(s, 16 * 1024 * 1024))
			;
		t1 = log_bench_now();
		printf("search %-37s %8.3f s  %8.1f MiB/s  %zu match(es)\n", pats[k][0], t1 - t0,
		       (double)n / 1048576 / (t1 - t0), logsearch_count(s));
		logsearch_free(s);
		if (k == 2 && getenv("LOG_BENCH_QUICK"))
			break;
	}
	logbuf_get_stats(&st);
	printf("%-44s %8.1f MiB  (budget %zu MiB, %zu blocks resident, %zu spilled)\n", "peak RSS",
	       log_bench_rss_mib(), st.budget >> 20, st.resident_blocks, st.spilled_blocks);
	logbuf_free(lb);
	return 0;
}
