/* Unit tests for the job store: lookup, refresh, filter, status mask, sort, rows, counts. */
#include "config.h"

#include <locale.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/jobstore.h"
#include "tap.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static struct job *
mkjob(const char *id, const char *name, int status, enum job_type type, const char *by,
      long long created)
{
	struct job *j = job_new();

	j->id = xstrdup(id);
	j->name = xstrdup(name);
	j->status = status;
	j->spec.type = type;
	j->created_by = xstrdup(by);
	j->created_at.sec = created;
	j->created_at.set = true;
	return j;
}

/* The visible ids joined by spaces, to compare whole row lists at once. */
static char *
rows_str(struct jobstore *js)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = jobstore_rows(js);

	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addch(&sb, ' ');
		strbuf_addstr(&sb, jobstore_row(js, i)->id);
	}
	return strbuf_detach(&sb);
}

static void
is_rows(struct jobstore *js, const char *want, const char *what)
{
	char *got = rows_str(js);

	is_str(got, want, "%s", what);
	free(got);
}

static struct jobstore *
small_store(void)
{
	struct jobstore *js = jobstore_new();

	jobstore_put(js,
	             mkjob("j1", "etl-daily", JOB_STATUS_RUNNING, JOB_TYPE_SPARK, "alice", 100));
	jobstore_put(js, mkjob("j2", "Report", JOB_STATUS_DONE, JOB_TYPE_HIVE, "bob", 300));
	jobstore_put(js,
	             mkjob("j3", "ETL-hourly", JOB_STATUS_ERROR, JOB_TYPE_PYSPARK, "alice", 200));
	jobstore_put(
	    js, mkjob("j4", "cleanup", JOB_STATUS_CANCELLED, JOB_TYPE_MAPREDUCE, "carol", 200));
	return js;
}

static void
test_columns(void)
{
	is_str(jobcol_title(JOBCOL_STATUS), "STATUS", "first column title");
	is_str(jobcol_title(JOBCOL_APP_ID), "APPLICATION", "last column title");
	is_str(jobcol_title(JOBCOL_COUNT), "", "out of range title");
	is_int(jobcol_drop_rank(JOBCOL_STATUS), 0, "status is never dropped first");
	is_int(jobcol_drop_rank(JOBCOL_APP_ID), 7, "application id dropped first");
}

static void
test_put_find(void)
{
	struct jobstore *js = small_store();
	struct job *same;
	size_t counts[JOB_STATUS_COUNT_ + 1];

	is_int(jobstore_size(js), 4, "four jobs stored");
	is_str(jobstore_find(js, "j3")->name, "ETL-hourly", "find by id");
	ok(jobstore_find(js, "nope") == NULL, "unknown id: NULL");
	ok(jobstore_find(js, NULL) == NULL, "NULL id: NULL");

	same = mkjob("j2", "Report", JOB_STATUS_DONE, JOB_TYPE_HIVE, "bob", 300);
	ok(!jobstore_put(js, same), "putting an identical job changes nothing");
	same = mkjob("j2", "Report", JOB_STATUS_DONE, JOB_TYPE_HIVE, "bob", 300);
	kvlist_set(&same->spec.properties, "k", "v");
	ok(jobstore_put(js, same), "a changed property is a change");
	ok(jobstore_put(js, mkjob("j2", "Report", JOB_STATUS_ERROR, JOB_TYPE_HIVE, "bob", 300)),
	   "a changed status is a change");
	is_int(jobstore_size(js), 4, "replacing keeps the size");

	jobstore_counts(js, counts);
	is_int(counts[JOB_STATUS_RUNNING], 1, "count running");
	is_int(counts[JOB_STATUS_ERROR], 2, "count error after replace");
	is_int(counts[JOB_STATUS_DONE], 0, "count done after replace");
	ok(jobstore_put(js, mkjob("j9", "odd", 42, JOB_TYPE_HIVE, "bob", 1)), "unknown status");
	jobstore_counts(js, counts);
	is_int(counts[JOB_STATUS_COUNT_], 1, "unknown statuses counted apart");
	jobstore_free(js);
	jobstore_free(NULL);
}

static void
test_refresh(void)
{
	struct jobstore *js = small_store();

	is_rows(js, "j2 j3 j4 j1", "default order: created, newest first, ties by id");
	jobstore_begin_refresh(js);
	jobstore_put(js, mkjob("j1", "etl-daily", JOB_STATUS_DONE, JOB_TYPE_SPARK, "alice", 100));
	jobstore_put(js,
	             mkjob("j3", "ETL-hourly", JOB_STATUS_ERROR, JOB_TYPE_PYSPARK, "alice", 200));
	jobstore_put(js, mkjob("j5", "new", JOB_STATUS_PENDING, JOB_TYPE_SPARK, "dan", 400));
	is_int(jobstore_end_refresh(js), 2, "jobs not seen in the refresh are removed");
	is_int(jobstore_size(js), 3, "three left");
	ok(jobstore_find(js, "j2") == NULL, "j2 gone");
	ok(jobstore_find(js, "j5") != NULL, "j5 added");
	is_rows(js, "j5 j3 j1", "rows follow the refresh");
	is_int(jobstore_row_of(js, "j1"), 2, "row_of after refresh");
	is_int(jobstore_row_of(js, "j2"), -1, "row_of a removed job");
	jobstore_begin_refresh(js);
	is_int(jobstore_end_refresh(js), 3, "an empty refresh empties the store");
	is_int(jobstore_rows(js), 0, "no rows");
	ok(jobstore_row(js, 0) == NULL, "row out of range: NULL");
	jobstore_free(js);
}

static void
test_filter(void)
{
	struct jobstore *js = small_store();
	char *err = NULL;

	jobstore_set_filter(js, "etl", &err);
	ok(err == NULL, "substring: no error");
	is_rows(js, "j3 j1", "substring, case-insensitive, on name");
	is_str(jobstore_filter(js), "etl", "filter text kept");
	jobstore_set_filter(js, "etl-h", NULL);
	is_rows(js, "j3", "typing narrows");
	jobstore_set_filter(js, "etl", NULL);
	is_rows(js, "j3 j1", "deleting widens again");
	jobstore_set_filter(js, "!etl", NULL);
	is_rows(js, "j2 j4", "! inverts");
	jobstore_set_filter(js, "!et", NULL);
	is_rows(js, "j2 j4", "inverted, shorter");
	jobstore_set_filter(js, "!", NULL);
	is_rows(js, "j2 j3 j4 j1", "a bare ! shows everything");
	jobstore_set_filter(js, "ALICE", NULL);
	is_rows(js, "j3 j1", "matches the creator");
	jobstore_set_filter(js, "hive", NULL);
	is_rows(js, "j2", "matches the type");
	jobstore_set_filter(js, "cancelled", NULL);
	is_rows(js, "j4", "matches the status");
	jobstore_set_filter(js, "J4", NULL);
	is_rows(js, "j4", "matches the id");
	jobstore_set_filter(js, "^etl-(daily|hourly)$", &err);
	ok(err == NULL, "regex compiles");
	is_rows(js, "j3 j1", "regex, case-insensitive, anchored per field");
	jobstore_set_filter(js, "^spark$", NULL);
	is_rows(js, "j1", "regex anchors match a whole field");
	jobstore_set_filter(js, "!^etl", NULL);
	is_rows(js, "j2 j4", "inverted regex");
	jobstore_set_filter(js, "dailyj1", NULL);
	is_rows(js, "", "no match across fields");
	jobstore_set_filter(js, "(etl", &err);
	ok(err != NULL, "a bad regex reports an error");
	free(err);
	is_rows(js, "", "a bad regex is matched as text");
	jobstore_set_filter(js, "", NULL);
	is_rows(js, "j2 j3 j4 j1", "empty filter shows everything");

	jobstore_set_status_mask(js, 1u << JOB_STATUS_ERROR | 1u << JOB_STATUS_RUNNING);
	is_int(jobstore_status_mask(js), 1u << JOB_STATUS_ERROR | 1u << JOB_STATUS_RUNNING,
	       "mask kept");
	is_rows(js, "j3 j1", "status mask");
	jobstore_set_filter(js, "daily", NULL);
	is_rows(js, "j1", "mask and filter together");
	jobstore_set_status_mask(js, JOBSTORE_STATUS_ALL);
	is_rows(js, "j1", "mask off");

	/* A job changing under a narrowed filter must leave or join the rows. */
	jobstore_set_filter(js, "etl", NULL);
	is_rows(js, "j3 j1", "before the change");
	jobstore_put(js, mkjob("j1", "renamed", JOB_STATUS_RUNNING, JOB_TYPE_SPARK, "bob", 100));
	jobstore_set_filter(js, "etl-", NULL);
	is_rows(js, "j3", "a renamed job leaves even when the filter narrows");
	jobstore_put(js, mkjob("j6", "etl-new", JOB_STATUS_RUNNING, JOB_TYPE_SPARK, "bob", 50));
	is_rows(js, "j3 j6", "a new matching job joins");
	jobstore_free(js);
}

static void
test_utf8_filter(void)
{
	struct jobstore *js = jobstore_new();

	jobstore_put(js, mkjob("u1", "Отчёт-ДНЕВНОЙ", JOB_STATUS_DONE, JOB_TYPE_SPARK, "x", 1));
	jobstore_put(js, mkjob("u2",
	                       "bad\xff\xfe"
	                       "bytes",
	                       JOB_STATUS_DONE, JOB_TYPE_SPARK, "x", 2));
	jobstore_set_filter(js, "ДНЕВ", NULL);
	is_rows(js, "u1", "non-ASCII substring");
	jobstore_set_filter(js, "дневной", NULL);
	is_rows(js, "u1", "non-ASCII case folding (UTF-8 locale)");
	jobstore_set_filter(js, "\xff\xfe", NULL);
	is_rows(js, "u2", "invalid UTF-8 matched bytewise");
	jobstore_free(js);
}

static void
test_sort(void)
{
	struct jobstore *js = small_store();
	struct job *j;

	ok(jobstore_sort_column(js) == JOBCOL_CREATED && jobstore_sort_descending(js),
	   "default sort: created, descending");
	jobstore_set_sort(js, JOBCOL_NAME, false);
	is_rows(js, "j4 j1 j3 j2", "by name, case-insensitive");
	jobstore_set_sort(js, JOBCOL_NAME, true);
	is_rows(js, "j2 j3 j1 j4", "by name, descending");
	jobstore_set_sort(js, JOBCOL_STATUS, false);
	is_rows(js, "j1 j3 j2 j4", "by status: running, error, done, cancelled");
	jobstore_set_sort(js, JOBCOL_CREATED_BY, false);
	is_rows(js, "j3 j1 j2 j4", "by creator, ties newest first");
	jobstore_set_sort(js, JOBCOL_CREATED, false);
	is_rows(js, "j1 j3 j4 j2", "by created ascending, ties by id");
	jobstore_set_sort(js, JOBCOL_TYPE, false);
	is_rows(js, "j2 j4 j3 j1", "by type");
	jobstore_set_sort(js, JOBCOL_ID, true);
	is_rows(js, "j4 j3 j2 j1", "by id descending");

	j = mkjob("j7", "app", JOB_STATUS_RUNNING, JOB_TYPE_SPARK, "z", 50);
	j->has_application_info = true;
	j->application_id = xstrdup("application_1");
	jobstore_put(js, j);
	jobstore_set_sort(js, JOBCOL_APP_ID, true);
	is_str(jobstore_row(js, 0)->id, "j7", "by application id, descending");

	/* Durations: j1 ran 50 s and is done; j3 started at 100 and runs on. */
	jobstore_set_sort(js, JOBCOL_DURATION, true);
	j = mkjob("j1", "etl-daily", JOB_STATUS_DONE, JOB_TYPE_SPARK, "alice", 100);
	j->started_at = (struct timestamp){100, 0, true};
	j->finished_at = (struct timestamp){150, 0, true};
	jobstore_put(js, j);
	j = mkjob("j3", "ETL-hourly", JOB_STATUS_RUNNING, JOB_TYPE_PYSPARK, "alice", 200);
	j->started_at = (struct timestamp){200, 0, true};
	jobstore_put(js, j);
	jobstore_set_now(js, &(struct timestamp){210, 0, true});
	is_str(jobstore_row(js, 0)->id, "j1", "50 s beats a running 10 s");
	jobstore_set_now(js, &(struct timestamp){300, 0, true});
	is_str(jobstore_row(js, 0)->id, "j3", "the running job overtakes as time passes");
	jobstore_free(js);
}

static void
test_progressive(void)
{
	struct jobstore *js = jobstore_new();
	char id[32], *want;

	/* Pages arrive out of order; the merge must give the same order as a sort. */
	for (int page = 0; page < 5; page++) {
		for (int i = 0; i < 20; i++) {
			int n = (i * 5 + page * 37) % 100;

			snprintf(id, sizeof(id), "id%03d", n);
			jobstore_put(js,
			             mkjob(id, "x", JOB_STATUS_DONE, JOB_TYPE_SPARK, "u", n / 3));
		}
		(void)jobstore_rows(js);
	}
	want = rows_str(js);
	jobstore_set_sort(js, JOBCOL_ID, false);
	(void)jobstore_rows(js);
	jobstore_set_sort(js, JOBCOL_CREATED, true);
	is_rows(js, want, "merging pages equals sorting everything");
	free(want);
	jobstore_free(js);
}

/* The reference filter, written the slow obvious way: a substring, or with
 * re the regex alone (no literal prefilter). */
static bool
naive_match_re(const struct job *j, const char *pat, const regex_t *re)
{
	char hay[256];

	snprintf(hay, sizeof(hay), "%s\n%s\n%s\n%s\n%s", j->name, j->id,
	         job_type_name(j->spec.type), job_status_name(j->status), j->created_by);
	for (char *p = hay; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p += 'a' - 'A';
	if (re)
		return regexec(re, hay, 0, NULL, 0) == 0;
	return strstr(hay, pat) != NULL;
}

static bool
naive_match(const struct job *j, const char *pat)
{
	return naive_match_re(j, pat, NULL);
}

/* Regexes whose required literal is easy to get wrong: optional characters,
 * groups, alternations, brackets with ']' inside, escapes. */
static void
test_regex_literals(struct jobstore *js)
{
	static const char *const res[] = {
	    "etl-?d",          "etl-d?a",        "^(etl|report)-da", "x|daily-1",   "[]x-]daily",
	    "[[:alpha:]]+-da", "etl\\-da",       "Da(i|x)ly-12$",    "e{0,1}tl-da", "(ab|cd)*ly-5",
	    "^ETL.*EXPORT",    "etl-(daily)+-9", "\\W?daily",        "l{2}",        "[^e]tl-",
	    "ex(p(o)r)?t-",
	};
	char id[32];
	bool all_ok = true;

	for (size_t k = 0; k < sizeof(res) / sizeof(res[0]); k++) {
		regex_t re;
		size_t want = 0, got;

		if (regcomp(&re, res[k], REG_EXTENDED | REG_ICASE | REG_NOSUB | REG_NEWLINE)) {
			printf("# does not compile: %s\n", res[k]);
			all_ok = false;
			continue;
		}
		for (size_t i = 0; i < jobstore_size(js); i++) {
			snprintf(id, sizeof(id), "c9q%017zu", i);
			want += naive_match_re(jobstore_find(js, id), NULL, &re);
		}
		regfree(&re);
		jobstore_set_filter(js, res[k], NULL);
		got = jobstore_rows(js);
		if (got != want) {
			printf("# regex '%s': %zu rows, naive scan %zu\n", res[k], got, want);
			all_ok = false;
		}
	}
	ok(all_ok, "regex filters (with their literal prefilter) agree with plain regexec");
}

static void
test_large(void)
{
	static const char *const words[] = {"etl",   "Report", "daily",  "ingest",
	                                    "spark", "clean",  "Export", "model"};
	const size_t n = 100000;
	struct jobstore *js = jobstore_new();
	const char *typed = "etl-da";
	char pat[16] = "", id[32], name[64];
	bool all_ok = true;
	size_t want = 0, visible;

	for (size_t i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "c9q%017zu", (i * 7919) % n);
		snprintf(name, sizeof(name), "%s-%s-%zu", words[i % 8], words[(i / 8) % 8],
		         i % 977);
		jobstore_put(js, mkjob(id, name, (int)(1 + i % 7), (enum job_type)(1 + i % 4),
		                       "user", (long long)(i % 5000)));
	}
	is_int(jobstore_rows(js), n, "100,000 jobs visible");
	for (size_t k = 0; typed[k]; k++) {
		pat[k] = typed[k];
		pat[k + 1] = '\0';
		jobstore_set_filter(js, pat, NULL);
		visible = jobstore_rows(js);
		want = 0;
		for (size_t i = 0; i < jobstore_size(js); i++) {
			snprintf(id, sizeof(id), "c9q%017zu", i);
			want += naive_match(jobstore_find(js, id), pat);
		}
		if (visible != want) {
			all_ok = false;
			printf("# filter '%s': %zu rows, naive scan %zu\n", pat, visible, want);
		}
		for (size_t r = 1; r < visible && all_ok; r++) {
			const struct job *a = jobstore_row(js, r - 1), *b = jobstore_row(js, r);

			if (a->created_at.sec < b->created_at.sec ||
			    (a->created_at.sec == b->created_at.sec && strcmp(a->id, b->id) > 0))
				all_ok = false;
			if (!naive_match(b, pat))
				all_ok = false;
		}
	}
	ok(all_ok, "typing a filter over 100,000 jobs: same rows as a naive scan, still sorted");
	ok(want > 0 && want < n, "the final filter selects some rows (%zu)", want);
	jobstore_set_filter(js, "etl-", NULL);
	ok(jobstore_rows(js) > want, "backspace widens");
	jobstore_set_filter(js, "!etl-da", NULL);
	is_int(jobstore_rows(js), n - want, "inverted: the complement");
	snprintf(id, sizeof(id), "c9q%017zu", (size_t)12345);
	visible = (size_t)jobstore_row_of(js, id);
	ok(jobstore_row(js, visible) == jobstore_find(js, id) || jobstore_row_of(js, id) == -1,
	   "row_of agrees with row");
	test_regex_literals(js);
	jobstore_free(js);
}

int
main(void)
{
	/* The UTF-8 case folding test needs a UTF-8 locale; C.UTF-8 is always there on glibc. */
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "");
	test_columns();
	test_put_find();
	test_refresh();
	test_filter();
	test_utf8_filter();
	test_sort();
	test_progressive();
	test_large();
	return done_testing();
}
