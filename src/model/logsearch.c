/* Log search: block scans with a literal prefilter, regexec() only on the lines that hold it. */
/* memmem(). */
#define _GNU_SOURCE
#include "config.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "model/logsearch.h"
#include "util/xalloc.h"

struct logsearch {
	struct logbuf *lb;
	char *pattern;
	enum logsearch_kind kind;
	bool icase;
	bool has_re;
	regex_t re;
	/* Literals every match contains one of: the whole pattern for a literal search, a run of
	 * plain characters every match of the regex holds, or one per alternative of an
	 * alternation every match goes through. None for some regexes. */
	struct logsearch_lit *lits;
	size_t n_lits;
	size_t lit_max; /* the longest literal's length */
	/* Matching lines ended by '\n', ascending. */
	size_t *matches;
	size_t n, cap;
	uint64_t off;     /* bytes below this are scanned (a line start when at the end) */
	size_t lines;     /* lines below this are scanned */
	bool checked_any; /* last_checked is valid */
	size_t last_checked;
	/* The partial last line, judged when the scan reached the end. */
	bool tail_valid, tail_match;
	size_t tail_line;
	uint64_t
	    end_bytes; /* logbuf_bytes() when the scan last reached the end; UINT64_MAX never */
	char *buf;
	/* A NUL-terminated copy of a line for regexec(): some implementations
	 * (and ASan's interceptor) read up to a NUL even with REG_STARTEND. */
	char *line;
	size_t line_cap;
};

/* A literal to scan for, lower-cased when the search ignores case. */
struct logsearch_lit {
	char *text;
	size_t len;
	size_t rare; /* index in text of the byte to look for with memchr */
	/* In the window being scanned (logsearch_scan_blocks): its next hit at or after
	 * where the scan is, or NULL when there is none up to the window's end. */
	const char *next;
};

#define LOGSEARCH_MAX_LITS 16

static int
logsearch_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Rough frequency rank of a byte in log text (higher is more common), to
 * pick the byte of a literal that memchr stops at least often. */
static int
logsearch_byte_rank(unsigned char c)
{
	static const char common[] = "etaoinsrhldcumfpgwybvkxjqz";
	const char *p;

	if (c == ' ')
		return 255;
	if (c >= '0' && c <= '9')
		return 200;
	if (c >= 'A' && c <= 'Z')
		return 60 +
		       (int)(sizeof(common) - (size_t)(strchr(common, c - 'A' + 'a') - common));
	if (c >= 'a' && c <= 'z' && (p = strchr(common, c)) != NULL)
		return 120 + (int)(sizeof(common) - (size_t)(p - common)) * 3;
	if (strchr(".:-_/=,[]()'\"", c) && c)
		return 180;
	return 10;
}

static void
logsearch_add_literal(struct logsearch *s, const char *text, size_t len)
{
	struct logsearch_lit *l;
	int best = 1 << 30;

	s->lits = xrealloc(s->lits, (s->n_lits + 1) * sizeof(*s->lits));
	l = &s->lits[s->n_lits++];
	memset(l, 0, sizeof(*l));
	l->text = xmalloc(len + 1);
	for (size_t i = 0; i < len; i++)
		l->text[i] = s->icase ? (char)logsearch_lower((unsigned char)text[i]) : text[i];
	l->text[len] = '\0';
	l->len = len;
	if (len > s->lit_max)
		s->lit_max = len;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)l->text[i];
		int r = logsearch_byte_rank(c);

		if (s->icase && c >= 'a' && c <= 'z')
			r += logsearch_byte_rank((unsigned char)(c - 'a' + 'A'));
		if (r < best) {
			best = r;
			l->rare = i;
		}
	}
}

static void
logsearch_drop_literals(struct logsearch *s)
{
	for (size_t i = 0; i < s->n_lits; i++)
		free(s->lits[i].text);
	free(s->lits);
	s->lits = NULL;
	s->n_lits = 0;
	s->lit_max = 0;
}

/* The index after the bracket expression that starts at p[i] == '['. */
static size_t
logsearch_skip_bracket(const char *p, size_t n, size_t i)
{
	i++;
	if (i < n && p[i] == '^')
		i++;
	if (i < n && p[i] == ']')
		i++;
	while (i < n && p[i] != ']') {
		if (p[i] == '[' && i + 1 < n && strchr(":.=", p[i + 1])) {
			const char *e = strstr(p + i + 2, p[i + 1] == ':'   ? ":]"
			                                  : p[i + 1] == '.' ? ".]"
			                                                    : "=]");
			i = e ? (size_t)(e - p) + 2 : n;
		} else {
			i++;
		}
	}
	return i < n ? i + 1 : n;
}

/* The index after the atom that starts at p[i]: an escape, a bracket expression, a
 * group (with what it holds) or one character. */
static size_t
logsearch_skip_atom(const char *p, size_t n, size_t i)
{
	int depth = 0;

	if (p[i] == '\\')
		return i + 2 < n ? i + 2 : n;
	if (p[i] == '[')
		return logsearch_skip_bracket(p, n, i);
	if (p[i] != '(')
		return i + 1;
	while (i < n) {
		if (p[i] == '\\') {
			i += 2;
		} else if (p[i] == '[') {
			i = logsearch_skip_bracket(p, n, i);
		} else if (p[i] == '(') {
			depth++;
			i++;
		} else if (p[i] == ')' && --depth == 0) {
			return i + 1;
		} else {
			i++;
		}
	}
	return n;
}

/* Whether p[0..n) is an alternation: a '|' outside groups and brackets. */
static bool
logsearch_has_alternatives(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i = logsearch_skip_atom(p, n, i))
		if (p[i] == '|')
			return true;
	return false;
}

/*
 * The longest run of plain characters that every match of the ERE p[0..n),
 * which is no alternation, must contain: its length, copied to best; 0 when
 * there is none. Conservative: groups and brackets are skipped as unknown; an
 * atom followed by '*', '?' or '{' is optional and breaks the run. With
 * icase, non-ASCII bytes break runs, since regcomp() may fold them and we
 * fold only ASCII.
 */
static size_t
logsearch_best_run(const char *p, size_t n, bool icase, char *best)
{
	size_t best_len = 0, cur_len = 0;
	char *run = xmalloc(n + 1);

	for (size_t i = 0; i < n;) {
		bool literal = false, plus;
		char c = 0;

		if (p[i] == '\\' && i + 1 < n) {
			c = p[i + 1];
			literal = strchr(".[]()*+?{}|^$\\", c) != NULL;
			i += 2;
		} else if (p[i] == '[' || p[i] == '(') {
			i = logsearch_skip_atom(p, n, i);
		} else if (strchr(".^$)", p[i])) {
			i++;
		} else {
			c = p[i++];
			literal = true;
		}
		if (literal && icase && (unsigned char)c >= 0x80)
			literal = false;
		plus = false;
		while (i < n && strchr("*?+{", p[i])) {
			/* '*', '?' and '{' (conservatively) make the atom
			 * optional; after '+' it is required but what follows
			 * need not be next to it. */
			if (p[i] == '+') {
				plus = true;
				i++;
				continue;
			}
			literal = false;
			if (p[i] == '{') {
				const char *e = memchr(p + i, '}', n - i);

				i = e ? (size_t)(e - p) + 1 : n;
			} else {
				i++;
			}
		}
		if (literal)
			run[cur_len++] = c;
		if (!literal || plus) {
			if (cur_len > best_len) {
				memcpy(best, run, cur_len);
				best_len = cur_len;
			}
			cur_len = 0;
		}
	}
	if (cur_len > best_len) {
		memcpy(best, run, cur_len);
		best_len = cur_len;
	}
	free(run);
	return best_len;
}

/* One literal for each alternative of the alternation p[0..n); all of them, or none (an
 * alternative without one could match anything). */
static bool
logsearch_alternative_literals(struct logsearch *s, const char *p, size_t n, char *best)
{
	size_t start = 0, len;

	for (size_t i = 0;; i = logsearch_skip_atom(p, n, i)) {
		if (i < n && p[i] != '|')
			continue;
		len = logsearch_best_run(p + start, i - start, s->icase, best);
		if (len == 0 || s->n_lits == LOGSEARCH_MAX_LITS) {
			logsearch_drop_literals(s);
			return false;
		}
		logsearch_add_literal(s, best, len);
		if (i >= n)
			return true;
		start = i + 1;
	}
}

/* The literals of the first required group of p[0..n) that is an alternation ("(ERROR|WARN)"),
 * one per alternative; false (none added) when there is no such group. */
static bool
logsearch_group_literals(struct logsearch *s, const char *p, size_t n, char *best)
{
	for (size_t i = 0, j; i < n; i = j) {
		j = logsearch_skip_atom(p, n, i);
		/* A group that may be skipped ('*', '?', '{0,') holds nothing required. */
		if (p[i] != '(' || (j < n && strchr("*?{", p[j])))
			continue;
		if (logsearch_has_alternatives(p + i + 1, j - i - 2) &&
		    logsearch_alternative_literals(s, p + i + 1, j - i - 2, best))
			return true;
	}
	return false;
}

/*
 * The literals of a regex: for an alternation ("ERROR|FATAL"), one per
 * alternative (each a concatenation with a run of its own); else the longest
 * run every match holds, or the alternatives of a required group
 * ("^(ERROR|WARN) ") when each of those is longer than that run (a lone " "
 * would stop on every line). Nested alternations give up.
 */
static void
logsearch_regex_literals(struct logsearch *s, const char *p)
{
	size_t n = strlen(p), len, shortest = SIZE_MAX;
	char *best = xmalloc(n + 1), *run = xmalloc(n + 1);

	if (logsearch_has_alternatives(p, n)) {
		logsearch_alternative_literals(s, p, n, best);
		goto out;
	}
	len = logsearch_best_run(p, n, s->icase, run);
	if (logsearch_group_literals(s, p, n, best)) {
		for (size_t i = 0; i < s->n_lits; i++)
			if (s->lits[i].len < shortest)
				shortest = s->lits[i].len;
		if (shortest > len)
			goto out;
		logsearch_drop_literals(s);
	}
	if (len)
		logsearch_add_literal(s, run, len);
out:
	free(best);
	free(run);
}

struct logsearch *
logsearch_new(struct logbuf *lb, const char *pattern, enum logsearch_kind kind, char *err,
              size_t errlen)
{
	struct logsearch *s;

	if (!pattern || !*pattern) {
		snprintf(err, errlen, "empty pattern");
		return NULL;
	}
	s = xcalloc(1, sizeof(*s));
	s->lb = lb;
	s->pattern = xstrdup(pattern);
	s->kind = kind;
	s->icase = true;
	for (const char *p = pattern; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			s->icase = false;
	s->end_bytes = UINT64_MAX;
	if (kind == LOGSEARCH_REGEX) {
		int rc = regcomp(&s->re, pattern,
		                 REG_EXTENDED | REG_NEWLINE | (s->icase ? REG_ICASE : 0));

		if (rc) {
			regerror(rc, &s->re, err, errlen);
			free(s->pattern);
			free(s);
			return NULL;
		}
		s->has_re = true;
		logsearch_regex_literals(s, pattern);
	} else {
		logsearch_add_literal(s, pattern, strlen(pattern));
	}
	return s;
}

void
logsearch_free(struct logsearch *s)
{
	if (!s)
		return;
	if (s->has_re)
		regfree(&s->re);
	free(s->pattern);
	logsearch_drop_literals(s);
	free(s->matches);
	free(s->buf);
	free(s->line);
	free(s);
}

const char *
logsearch_pattern(const struct logsearch *s)
{
	return s->pattern;
}

static bool
logsearch_lit_eq(const struct logsearch *s, const struct logsearch_lit *l, const char *p)
{
	if (!s->icase)
		return memcmp(p, l->text, l->len) == 0;
	for (size_t i = 0; i < l->len; i++)
		if (logsearch_lower((unsigned char)p[i]) != (unsigned char)l->text[i])
			return false;
	return true;
}

/* First occurrence of literal l in h[0..n), or NULL. */
static const char *
logsearch_lit_find(const struct logsearch *s, const struct logsearch_lit *l, const char *h,
                   size_t n)
{
	unsigned char lo, up;
	const char *end, *a, *b;

	if (n < l->len)
		return NULL;
	if (!s->icase)
		return memmem(h, n, l->text, l->len);
	/* Case-insensitive: stop at the rarest byte in either case, then
	 * compare the whole literal there. */
	lo = (unsigned char)l->text[l->rare];
	up = lo >= 'a' && lo <= 'z' ? (unsigned char)(lo - 'a' + 'A') : lo;
	end = h + n - (l->len - l->rare - 1);
	a = h + l->rare;
	b = a;
	for (;;) {
		const char *pa = a < end ? memchr(a, lo, (size_t)(end - a)) : NULL;
		const char *pb = up == lo  ? NULL
		                 : b < end ? memchr(b, up, (size_t)(end - b))
		                           : NULL;
		const char *q;

		if (!pa && !pb)
			return NULL;
		q = !pb || (pa && pa < pb) ? pa : pb;
		if (logsearch_lit_eq(s, l, q - l->rare))
			return q - l->rare;
		/* Whichever we did not take stays valid for the next round. */
		a = pa ? (q == pa ? pa + 1 : pa) : end;
		b = pb ? (q == pb ? pb + 1 : pb) : end;
	}
}

/* The first hit of any literal in h[0..n), or NULL; *len is its length. */
static const char *
logsearch_find(const struct logsearch *s, const char *h, size_t n, size_t *len)
{
	const char *first = NULL;

	for (size_t i = 0; i < s->n_lits; i++) {
		/* Only a hit that starts before the first one so far can come first. */
		size_t window = first ? (size_t)(first - h) + s->lits[i].len - 1 : n;
		const char *hit = logsearch_lit_find(s, &s->lits[i], h, window < n ? window : n);

		if (hit) {
			first = hit;
			*len = s->lits[i].len;
		}
	}
	return first;
}

/* logsearch_find for the block scan, which moves forward through one window: each
 * literal's next hit is kept, and looked for again only once the scan passed it. fresh:
 * a new window. */
static const char *
logsearch_find_next(struct logsearch *s, const char *h, const char *end, bool fresh)
{
	const char *first = NULL;

	for (size_t i = 0; i < s->n_lits; i++) {
		struct logsearch_lit *l = &s->lits[i];

		if (fresh || (l->next && l->next < h))
			l->next = logsearch_lit_find(s, l, h, (size_t)(end - h));
		if (l->next && (!first || l->next < first))
			first = l->next;
	}
	return first;
}

static const char *
logsearch_terminated(struct logsearch *s, const char *text, size_t len)
{
	if (len + 1 > s->line_cap) {
		s->line_cap = len + 1 > 256 ? len + 1 : 256;
		s->line = xrealloc(s->line, s->line_cap);
	}
	memcpy(s->line, text, len);
	s->line[len] = '\0';
	return s->line;
}

/* Whether text[0..len) matches (with REG_STARTEND, so NULs are fine). */
static bool
logsearch_text_matches(struct logsearch *s, const char *text, size_t len)
{
	regmatch_t m[1];

	size_t hit_len;

	if (!s->has_re)
		return logsearch_find(s, text, len, &hit_len) != NULL;
	if (s->n_lits && !logsearch_find(s, text, len, &hit_len))
		return false;
	text = logsearch_terminated(s, text, len);
	m[0].rm_so = 0;
	m[0].rm_eo = (regoff_t)len;
	return regexec(&s->re, text, 1, m, REG_STARTEND) == 0;
}

static void
logsearch_push(struct logsearch *s, size_t line)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->matches = xrealloc(s->matches, s->cap * sizeof(*s->matches));
	}
	s->matches[s->n++] = line;
}

/* A literal hit at offset h: judge its line once. */
static void
logsearch_hit(struct logsearch *s, uint64_t h)
{
	size_t line = logbuf_line_of_offset(s->lb, h), len;
	const char *text;

	if (s->checked_any && line <= s->last_checked)
		return;
	s->checked_any = true;
	s->last_checked = line;
	if (!s->has_re) {
		logsearch_push(s, line);
		return;
	}
	text = logbuf_line(s->lb, line, &len);
	if (logsearch_text_matches(s, text, len))
		logsearch_push(s, line);
}

/* Scans [s->off, limit) by blocks for the literal; returns bytes scanned. */
static uint64_t
logsearch_scan_blocks(struct logsearch *s, uint64_t limit, uint64_t budget)
{
	uint64_t used = 0;
	size_t keep = s->lit_max - 1;

	if (!s->buf)
		s->buf = xmalloc(LOGBUF_BLOCK + s->lit_max);
	while (s->off < limit && used < budget) {
		/* A window ends at a block boundary, so spilled bytes come
		 * back as whole-block preads; it starts lit_max - 1 bytes
		 * early, to find a hit that straddles the previous window. */
		uint64_t wend = (s->off / LOGBUF_BLOCK + 1) * LOGBUF_BLOCK;
		uint64_t carry = s->off < keep ? s->off : keep, wstart = s->off - carry;
		const char *p, *end;
		ssize_t got;

		if (wend > limit)
			wend = limit;
		got = logbuf_read(s->lb, wstart, s->buf, (size_t)(wend - wstart));
		if (got <= 0)
			break;
		p = s->buf;
		end = s->buf + got;
		for (bool fresh = true; p < end; fresh = false) {
			const char *hit = logsearch_find_next(s, p, end, fresh), *nl;

			if (!hit)
				break;
			logsearch_hit(s, wstart + (uint64_t)(hit - s->buf));
			/* The rest of that line is judged: go on after it. */
			nl = memchr(hit, '\n', (size_t)(end - hit));
			p = nl ? nl + 1 : hit + 1;
		}
		used += wend - s->off;
		s->off = wend;
	}
	return used;
}

/* Scans [s->off, limit) line by line with regexec(). */
static void
logsearch_scan_lines(struct logsearch *s, uint64_t limit, uint64_t budget)
{
	uint64_t used = 0;
	size_t line = logbuf_line_of_offset(s->lb, s->off);

	while (s->off < limit && used < budget) {
		size_t len;
		const char *text = logbuf_line(s->lb, line, &len);
		uint64_t next = logbuf_line_offset(s->lb, line + 1);

		if (logsearch_text_matches(s, text, len))
			logsearch_push(s, line);
		used += next - s->off;
		s->off = next;
		line++;
	}
}

bool
logsearch_step(struct logsearch *s, uint64_t byte_budget)
{
	struct logbuf *lb = s->lb;
	size_t complete = logbuf_complete_lines(lb);
	uint64_t limit = logbuf_line_offset(lb, complete);

	if (s->end_bytes == logbuf_bytes(lb))
		return true;
	if (byte_budget == 0)
		byte_budget = 1;
	if (s->n_lits)
		logsearch_scan_blocks(s, limit, byte_budget);
	else
		logsearch_scan_lines(s, limit, byte_budget);
	if (s->off < limit) {
		s->lines = logbuf_line_of_offset(lb, s->off);
		return false;
	}
	s->lines = complete;
	s->tail_valid = logbuf_lines(lb) > complete;
	s->tail_match = false;
	if (s->tail_valid) {
		size_t len;
		const char *text = logbuf_line(lb, complete, &len);

		s->tail_line = complete;
		s->tail_match = logsearch_text_matches(s, text, len);
	}
	s->end_bytes = logbuf_bytes(lb);
	return true;
}

size_t
logsearch_extend(struct logsearch *s)
{
	size_t before = logsearch_count(s);

	if (s->end_bytes == UINT64_MAX)
		return 0;
	logsearch_step(s, UINT64_MAX);
	return logsearch_count(s) > before ? logsearch_count(s) - before : 0;
}

void
logsearch_progress(const struct logsearch *s, uint64_t *done, uint64_t *total)
{
	*total = logbuf_bytes(s->lb);
	*done = s->end_bytes == *total ? *total : s->off;
}

bool
logsearch_done(const struct logsearch *s)
{
	return s->end_bytes == logbuf_bytes(s->lb);
}

size_t
logsearch_lines_scanned(const struct logsearch *s)
{
	return s->lines + (s->end_bytes != UINT64_MAX && s->tail_valid);
}

size_t
logsearch_count(const struct logsearch *s)
{
	return s->n + (s->end_bytes != UINT64_MAX && s->tail_valid && s->tail_match);
}

size_t
logsearch_match(const struct logsearch *s, size_t k)
{
	return k < s->n ? s->matches[k] : s->tail_line;
}

size_t
logsearch_match_index(const struct logsearch *s, size_t line)
{
	size_t lo = 0, hi = logsearch_count(s);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (logsearch_match(s, mid) < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool
logsearch_is_match(const struct logsearch *s, size_t line)
{
	size_t k = logsearch_match_index(s, line);

	return k < logsearch_count(s) && logsearch_match(s, k) == line;
}

size_t
logsearch_inverse_count(const struct logsearch *s)
{
	return logsearch_lines_scanned(s) - logsearch_count(s);
}

size_t
logsearch_inverse_line(const struct logsearch *s, size_t k)
{
	/* Before match j there are match(j) - j non-matching lines: find the
	 * first match with more than k before it; the answer is k + j. */
	size_t lo = 0, hi = logsearch_count(s);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (logsearch_match(s, mid) - mid > k)
			hi = mid;
		else
			lo = mid + 1;
	}
	return k + lo;
}

bool
logsearch_next_match(const struct logsearch *s, size_t from_line, bool forward, size_t *line)
{
	size_t k;

	if (forward) {
		k = logsearch_match_index(s, from_line + 1);
		if (k >= logsearch_count(s))
			return false;
	} else {
		k = logsearch_match_index(s, from_line);
		if (k == 0)
			return false;
		k--;
	}
	*line = logsearch_match(s, k);
	return true;
}

size_t
logsearch_line_matches(struct logsearch *s, const char *text, size_t len,
                       void (*cb)(void *ctx, size_t start, size_t end), void *ctx)
{
	size_t pos = 0, count = 0;

	if (s->has_re)
		text = logsearch_terminated(s, text, len);

	while (pos < len) {
		size_t so, eo;

		if (!s->has_re) {
			size_t hit_len = 0;
			const char *hit = logsearch_find(s, text + pos, len - pos, &hit_len);

			if (!hit)
				break;
			so = (size_t)(hit - text);
			eo = so + hit_len;
		} else {
			regmatch_t m[1];

			m[0].rm_so = (regoff_t)pos;
			m[0].rm_eo = (regoff_t)len;
			if (regexec(&s->re, text, 1, m, REG_STARTEND | (pos ? REG_NOTBOL : 0)))
				break;
			so = (size_t)m[0].rm_so;
			eo = (size_t)m[0].rm_eo;
			if (eo == so) {
				/* An empty match highlights nothing; look on. */
				pos = so + 1;
				continue;
			}
		}
		cb(ctx, so, eo);
		count++;
		pos = eo;
	}
	return count;
}
