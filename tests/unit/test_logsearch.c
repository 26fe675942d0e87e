/* Unit tests for log search: literal, regex, smart case, inverse, extend, next/prev, highlights. */
/* memmem(), strncasecmp(). */
#define _GNU_SOURCE
#include "config.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/logbuf.h"
#include "model/logsearch.h"
#include "tap.h"

static struct logsearch *
search(struct logbuf *lb, const char *pat, enum logsearch_kind kind)
{
	char err[128];
	struct logsearch *s = logsearch_new(lb, pat, kind, err, sizeof(err));

	if (!s)
		printf("# %s: %s\n", pat, err);
	return s;
}

/* The matching lines as "1,4,7". */
static char *
matches(struct logsearch *s)
{
	static char out[512];
	size_t at = 0;

	out[0] = '\0';
	for (size_t k = 0; k < logsearch_count(s) && at < sizeof(out) - 24; k++)
		at += (size_t)snprintf(out + at, sizeof(out) - at, "%s%zu", k ? "," : "",
		                       logsearch_match(s, k));
	return out;
}

static struct logsearch *
run(struct logbuf *lb, const char *pat, enum logsearch_kind kind)
{
	struct logsearch *s = search(lb, pat, kind);

	if (s)
		while (!logsearch_step(s, 7))
			;
	return s;
}

static const char text[] = "INFO start\n"            /* 0 */
                           "WARN disk low\n"         /* 1 */
                           "info: Executor lost\n"   /* 2 */
                           "ERROR executor 7 lost\n" /* 3 */
                           "\n"                      /* 4 */
                           "lost lost lost\r\n"      /* 5 */
                           "done";                   /* 6: partial */

static void
test_literal_regex(void)
{
	struct logbuf *lb = logbuf_new();
	struct logsearch *s;
	char err[128];
	size_t line;

	logbuf_append(lb, text, sizeof(text) - 1);
	s = run(lb, "lost", LOGSEARCH_LITERAL);
	is_str(matches(s), "2,3,5", "literal");
	is_int(logsearch_lines_scanned(s), 7, "all 7 lines scanned");
	is_int(logsearch_inverse_count(s), 4, "4 lines do not match");
	is_int(logsearch_inverse_line(s, 0), 0, "inverse 0");
	is_int(logsearch_inverse_line(s, 2), 4, "inverse 2");
	is_int(logsearch_inverse_line(s, 3), 6, "inverse 3");
	ok(logsearch_next_match(s, 3, true, &line) && line == 5, "next after 3 is 5");
	ok(logsearch_next_match(s, 0, true, &line) && line == 2, "next after 0 is 2");
	ok(!logsearch_next_match(s, 5, true, &line), "none after 5");
	ok(logsearch_next_match(s, 5, false, &line) && line == 3, "previous before 5 is 3");
	ok(!logsearch_next_match(s, 2, false, &line), "none before 2");
	ok(logsearch_is_match(s, 3) && !logsearch_is_match(s, 4), "is_match");
	is_int(logsearch_match_index(s, 4), 2, "match index of line 4");
	logsearch_free(s);

	s = run(lb, "info", LOGSEARCH_LITERAL);
	is_str(matches(s), "0,2", "lower-case literal: case-insensitive");
	logsearch_free(s);
	s = run(lb, "INFO", LOGSEARCH_LITERAL);
	is_str(matches(s), "0", "an upper-case letter: case-sensitive");
	logsearch_free(s);
	s = run(lb, "executor [0-9]+ lost", LOGSEARCH_REGEX);
	is_str(matches(s), "3", "regex with a literal prefilter");
	logsearch_free(s);
	s = run(lb, "^(warn|error)", LOGSEARCH_REGEX);
	is_str(matches(s), "1,3", "regex with alternation (a prefilter per alternative)");
	logsearch_free(s);
	s = run(lb, "^$", LOGSEARCH_REGEX);
	is_str(matches(s), "4", "empty line");
	logsearch_free(s);
	s = run(lb, "lost\\.?$", LOGSEARCH_REGEX);
	is_str(matches(s), "2,3,5", "$ before a \\r\\n");
	logsearch_free(s);
	s = run(lb, "don", LOGSEARCH_LITERAL);
	is_str(matches(s), "6", "the partial last line");
	logsearch_free(s);
	ok(logsearch_new(lb, "(", LOGSEARCH_REGEX, err, sizeof(err)) == NULL && *err,
	   "an invalid regex: NULL and a message");
	ok(logsearch_new(lb, "", LOGSEARCH_LITERAL, err, sizeof(err)) == NULL, "empty: NULL");
	logbuf_free(lb);
}

struct spans {
	char out[128];
	size_t at;
};

static void
span_cb(void *ctx, size_t start, size_t end)
{
	struct spans *sp = ctx;

	sp->at +=
	    (size_t)snprintf(sp->out + sp->at, sizeof(sp->out) - sp->at, "[%zu,%zu)", start, end);
}

static const char *
spans(struct logsearch *s, const char *line)
{
	static struct spans sp;

	sp.at = 0;
	sp.out[0] = '\0';
	logsearch_line_matches(s, line, strlen(line), span_cb, &sp);
	return sp.out;
}

static void
test_highlight(void)
{
	struct logbuf *lb = logbuf_new();
	struct logsearch *s;

	s = search(lb, "lost", LOGSEARCH_LITERAL);
	is_str(spans(s, "lost Lost LOST"), "[0,4)[5,9)[10,14)", "literal spans, any case");
	logsearch_free(s);
	s = search(lb, "a+", LOGSEARCH_REGEX);
	is_str(spans(s, "baaca"), "[1,3)[4,5)", "regex spans");
	logsearch_free(s);
	s = search(lb, "x*", LOGSEARCH_REGEX);
	is_str(spans(s, "axxb"), "[1,3)", "empty matches are skipped");
	logsearch_free(s);
	s = search(lb, "^a", LOGSEARCH_REGEX);
	is_str(spans(s, "aaa"), "[0,1)", "^ only at the start");
	logsearch_free(s);
	logbuf_free(lb);
}

static void
test_extend(void)
{
	struct logbuf *lb = logbuf_new();
	struct logsearch *s;
	uint64_t done, total;

	logbuf_append(lb, "a hit\nmiss\nhi", 13);
	s = run(lb, "hit", LOGSEARCH_LITERAL);
	is_str(matches(s), "0", "before the append");
	logbuf_append(lb, "t here\nno\nhit\n", 15);
	ok(!logsearch_done(s), "not done after an append");
	is_int(logsearch_extend(s), 2, "extend: 2 new matches");
	is_str(matches(s), "0,2,4", "a line completed by the append, and a new one");
	logsearch_progress(s, &done, &total);
	ok(done == total && total == 28, "progress at the end");
	logbuf_append(lb, "partial h", 9);
	is_int(logsearch_extend(s), 0, "partial line without a match");
	logbuf_append(lb, "it", 2);
	is_int(logsearch_extend(s), 1, "it matches once completed");
	is_str(matches(s), "0,2,4,5", "the partial line counts");
	logsearch_free(s);
	logbuf_free(lb);
}

/* Random data through a tiny budget: every pattern agrees with regexec()
 * on each line, and slices of any size give the same result. */
static void
test_random(void)
{
	static const char *pats[] = {
	    "abc", "q", "Ab", "zz[a-c]", "b.d", "^a", "c$", "x|yy", "ab+c", "(ab)?cd", "a\\.b",
	    "[[:digit:]]{2}", "Zab*c", "a{2}bc", "d(x|y)zq", "0+\\.1",
	    /* Alternations: a prefilter per alternative. */
	    "^(ab|cd)", "xy|0\\.1|Zq", "(a|b)c|dd", "A(b|c)|zq", "abc|b", "(zz|qq)+x", "[|]a|b.",
	    "(x|yy)*q", "((ab|c)d|z)q", "(Ab|zZ)(0|1)", "^(ab|cd)0", "(AB|c)x"};
	struct logbuf *lb = logbuf_new();
	size_t size = 3 * 1024 * 1024, lines = 0;
	char *buf = malloc(size), one[4096];
	uint64_t st = 12345;
	size_t *starts = malloc(size * sizeof(*starts));
	bool all = true;

	logbuf_set_memory_budget(64 * 1024);
	for (size_t i = 0; i < size; i++) {
		st = st * 6364136223846793005ull + 1442695040888963407ull;
		buf[i] = "abcdxyzqAB.0123\n"[(st >> 33) % 16];
		if ((st >> 20) % 997 == 0)
			buf[i] = 'Z';
	}
	for (size_t i = 0; i < size; i++)
		if (i == 0 || buf[i - 1] == '\n')
			starts[lines++] = i;
	logbuf_append(lb, buf, size);
	for (size_t p = 0; p < sizeof(pats) / sizeof(*pats); p++) {
		struct logsearch *s = search(lb, pats[p], LOGSEARCH_REGEX);
		struct logsearch *lit = search(lb, pats[p], LOGSEARCH_LITERAL);
		regex_t re;
		size_t k = 0, kl = 0;
		bool icase = true;

		for (const char *c = pats[p]; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				icase = false;
		regcomp(&re, pats[p], REG_EXTENDED | REG_NEWLINE | (icase ? REG_ICASE : 0));
		while (!logsearch_step(s, 1 + (uint64_t)p * 10000))
			;
		while (!logsearch_step(lit, 100000))
			;
		for (size_t i = 0; i < lines && all; i++) {
			size_t end = i + 1 < lines ? starts[i + 1] - 1 : size;
			bool want;

			/* A NUL-terminated copy: ASan's regexec() reads to a NUL. */
			memcpy(one, buf + starts[i], end - starts[i]);
			one[end - starts[i]] = '\0';
			want = regexec(&re, one, 0, NULL, 0) == 0;
			bool got = k < logsearch_count(s) && logsearch_match(s, k) == i;
			bool want_lit,
			    got_lit = kl < logsearch_count(lit) && logsearch_match(lit, kl) == i;

			if (icase) {
				want_lit = false;
				for (size_t j = starts[i]; j + strlen(pats[p]) <= end && !want_lit;
				     j++)
					want_lit =
					    strncasecmp(buf + j, pats[p], strlen(pats[p])) == 0;
			} else {
				want_lit = memmem(buf + starts[i], end - starts[i], pats[p],
				                  strlen(pats[p])) != NULL;
			}
			k += got;
			kl += got_lit;
			if (want != got || want_lit != got_lit) {
				printf("# %s line %zu: regex %d/%d literal %d/%d\n", pats[p], i,
				       got, want, got_lit, want_lit);
				all = false;
			}
		}
		all = all && k == logsearch_count(s) && kl == logsearch_count(lit);
		regfree(&re);
		logsearch_free(s);
		logsearch_free(lit);
	}
	ok(all, "%zu patterns, regex and literal, agree with a per-line reference on 3 MiB",
	   sizeof(pats) / sizeof(*pats));
	logbuf_set_memory_budget(LOGBUF_DEFAULT_BUDGET);
	logbuf_free(lb);
	free(buf);
	free(starts);
}

int
main(void)
{
	test_literal_regex();
	test_highlight();
	test_extend();
	test_random();
	return done_testing();
}
