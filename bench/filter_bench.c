/* Benchmark: ms per keystroke of the job list filter, typing a word over 100,000 jobs. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/jobstore.h"
#include "util/xalloc.h"

#define FILTER_BENCH_JOBS 100000

static double
filter_bench_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Names shaped like real ones: a few words, a date, a counter. */
static struct jobstore *
filter_bench_store(size_t n)
{
	static const char *const words[] = {"etl",    "report", "daily",  "ingest", "spark",
	                                    "clean",  "export", "model",  "hourly", "backfill",
	                                    "events", "users",  "orders", "sales",  "metrics"};
	static const char *const users[] = {"ajeb2c1n5lgv7ffqfk8d", "aje9k3pq1rmv0t2x8w4a",
	                                    "aje0000000000000user"};
	struct jobstore *js = jobstore_new();
	unsigned seed = 12345;

	for (size_t i = 0; i < n; i++) {
		struct job *j = job_new();
		char buf[128];

		seed = seed * 1103515245 + 12345;
		snprintf(buf, sizeof(buf), "c9q%017zu", i);
		j->id = xstrdup(buf);
		snprintf(buf, sizeof(buf), "%s-%s-%s-2026%02u%02u-%zu", words[(seed >> 8) % 15],
		         words[(seed >> 12) % 15], words[(seed >> 16) % 15], 1 + (seed >> 20) % 12,
		         1 + (seed >> 24) % 28, i % 1000);
		j->name = xstrdup(buf);
		j->status = (int)(1 + (seed >> 4) % 7);
		j->spec.type = (enum job_type)(1 + (seed >> 6) % 4);
		j->created_by = xstrdup(users[i % 3]);
		j->created_at =
		    (struct timestamp){1700000000 + (int64_t)(seed % 10000000), 0, true};
		jobstore_put(js, j);
	}
	return js;
}

int
main(int argc, char **argv)
{
	const char *word = argc > 1 ? argv[1] : "etl-da";
	size_t n = argc > 2 ? strtoul(argv[2], NULL, 10) : FILTER_BENCH_JOBS;
	struct jobstore *js;
	double t0, t, total = 0, worst = 0;
	char typed[64] = "";
	size_t len = strlen(word), rows;

	setlocale(LC_CTYPE, "");
	if (len >= sizeof(typed))
		len = sizeof(typed) - 1;
	js = filter_bench_store(n);
	t0 = filter_bench_ms();
	rows = jobstore_rows(js);
	t = filter_bench_ms() - t0;
	printf("%zu jobs, first sort and list: %zu rows in %.2f ms\n", n, rows, t);
	for (size_t k = 0; k < len; k++) {
		typed[k] = word[k];
		typed[k + 1] = '\0';
		t0 = filter_bench_ms();
		jobstore_set_filter(js, typed, NULL);
		rows = jobstore_rows(js);
		t = filter_bench_ms() - t0;
		total += t;
		if (t > worst)
			worst = t;
		printf("  key %zu  filter %-8s %7zu rows  %6.2f ms\n", k + 1, typed, rows, t);
	}
	printf("typing '%s': %.2f ms per key on average, %.2f ms at worst (goal: < 16 ms)\n", word,
	       total / (double)len, worst);
	for (size_t k = len; k-- > 0;) {
		typed[k] = '\0';
		t0 = filter_bench_ms();
		jobstore_set_filter(js, typed, NULL);
		rows = jobstore_rows(js);
		t = filter_bench_ms() - t0;
		printf("  backspace  filter %-8s %7zu rows  %6.2f ms\n", typed, rows, t);
	}
	t0 = filter_bench_ms();
	jobstore_set_filter(js, "^etl-.*-(daily|hourly)-", NULL);
	rows = jobstore_rows(js);
	t = filter_bench_ms() - t0;
	printf("regex '^etl-.*-(daily|hourly)-': %zu rows in %.2f ms\n", rows, t);
	t0 = filter_bench_ms();
	jobstore_set_sort(js, JOBCOL_NAME, false);
	rows = jobstore_rows(js);
	t = filter_bench_ms() - t0;
	printf("sort by name (regex filter on): %zu rows in %.2f ms\n", rows, t);
	jobstore_free(js);
	return 0;
}
