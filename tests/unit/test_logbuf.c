/* Unit tests for the log buffer: lines across chunks, \r\n, split UTF-8, long lines, spill. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/logbuf.h"
#include "tap.h"
#include "util/strbuf.h"

/* Line i as a NUL-terminated copy, for is_str(). */
static char *
line(struct logbuf *lb, size_t i)
{
	size_t len;
	const char *s = logbuf_line(lb, i, &len);
	char *c = malloc(len + 1);

	memcpy(c, s, len);
	c[len] = '\0';
	return c;
}

static void
is_line(struct logbuf *lb, size_t i, const char *want, const char *what)
{
	char *got = line(lb, i);

	is_str(got, want, "%s", what);
	free(got);
}

static void
test_basic(void)
{
	struct logbuf *lb = logbuf_new();

	is_int(logbuf_lines(lb), 0, "empty: no lines");
	is_int(logbuf_bytes(lb), 0, "empty: no bytes");
	logbuf_append(lb, "", 0);
	is_int(logbuf_lines(lb), 0, "appending nothing adds no line");
	logbuf_append(lb, "one\ntwo\n", 8);
	is_int(logbuf_lines(lb), 2, "two complete lines");
	is_line(lb, 0, "one", "first line");
	is_line(lb, 1, "two", "second line, without its newline");
	logbuf_append(lb, "thr", 3);
	is_int(logbuf_lines(lb), 3, "a partial last line counts");
	is_line(lb, 2, "thr", "partial last line");
	logbuf_append(lb, "ee\n", 3);
	is_int(logbuf_lines(lb), 3, "completing it adds no line");
	is_line(lb, 2, "three", "joined across chunks");
	logbuf_append(lb, "\n\n", 2);
	is_int(logbuf_lines(lb), 5, "empty lines count");
	is_line(lb, 3, "", "empty line");
	is_line(lb, 4, "", "second empty line");
	is_line(lb, 9, "", "out of range: empty");
	is_int(logbuf_bytes(lb), 16, "bytes counted");
	logbuf_clear(lb);
	is_int(logbuf_lines(lb), 0, "clear empties");
	logbuf_append(lb, "again", 5);
	is_line(lb, 0, "again", "usable after clear");
	logbuf_free(lb);
	logbuf_free(NULL);
}

static void
test_crlf(void)
{
	struct logbuf *lb = logbuf_new();

	logbuf_append(lb, "a\r\nb\r", 5);
	is_line(lb, 0, "a", "\\r\\n ends a line");
	is_line(lb, 1, "b", "a trailing \\r is not shown while its \\n is awaited");
	logbuf_append(lb, "\nc\rd\n", 5);
	is_int(logbuf_lines(lb), 3, "\\r\\n split across chunks");
	is_line(lb, 1, "b", "split \\r\\n");
	is_line(lb, 2, "c\rd", "a lone \\r inside a line is kept (the view shows it escaped)");
	logbuf_free(lb);
}

static void
test_utf8_split(void)
{
	struct logbuf *lb = logbuf_new();
	const char *text = "привет, мир\n日本語\n";

	/* Byte by byte: every chunk boundary falls inside a character at some point. */
	for (size_t i = 0; text[i]; i++)
		logbuf_append(lb, text + i, 1);
	is_int(logbuf_lines(lb), 2, "lines from one-byte chunks");
	is_line(lb, 0, "привет, мир", "Cyrillic joined");
	is_line(lb, 1, "日本語", "CJK joined");
	logbuf_free(lb);
}

/* The same log fed in chunks of every size from 1 to 97 bytes must index the same. */
static void
test_chunkings(void)
{
	struct strbuf log = STRBUF_INIT;
	bool all_ok = true;

	for (int i = 0; i < 300; i++)
		strbuf_addf(&log, "%d %.*s%s", i, i % 40,
		            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
		            i % 7 == 0    ? "\r\n"
		            : i % 11 == 0 ? "\n\n"
		                          : "\n");
	strbuf_addstr(&log, "tail");
	for (size_t chunk = 1; chunk < 98 && all_ok; chunk++) {
		struct logbuf *lb = logbuf_new();
		struct strbuf joined = STRBUF_INIT;

		for (size_t off = 0; off < log.len; off += chunk)
			logbuf_append(lb, log.buf + off,
			              off + chunk > log.len ? log.len - off : chunk);
		for (size_t i = 0; i < logbuf_lines(lb); i++) {
			size_t len;
			const char *s = logbuf_line(lb, i, &len);

			strbuf_add(&joined, s, len);
			strbuf_addch(&joined, '|');
		}
		/* The expected form: "\r\n" and "\n" both end a line. */
		{
			struct strbuf want = STRBUF_INIT;

			for (size_t i = 0; i < log.len; i++) {
				if (log.buf[i] == '\r' && log.buf[i + 1] == '\n')
					continue;
				strbuf_addch(&want, log.buf[i] == '\n' ? '|' : log.buf[i]);
			}
			strbuf_addch(&want, '|');
			if (strcmp(strbuf_str(&joined), strbuf_str(&want)) != 0) {
				printf("# chunk size %zu differs\n", chunk);
				all_ok = false;
			}
			strbuf_done(&want);
		}
		strbuf_done(&joined);
		logbuf_free(lb);
	}
	ok(all_ok, "every chunk size from 1 to 97 gives the same lines");
	strbuf_done(&log);
}

/* Lines longer than a block and lines across block boundaries come back whole. */
static void
test_blocks(void)
{
	struct logbuf *lb = logbuf_new();
	size_t big = 600 * 1024, len, total = 0, lines = 0;
	char *huge = malloc(big);
	const char *s;
	bool all_ok = true;
	char buf[64];

	memset(huge, 'z', big);
	logbuf_append(lb, "head\n", 5);
	logbuf_append(lb, huge, big);
	logbuf_append(lb, "\nafter\n", 7);
	is_int(logbuf_lines(lb), 3, "a 600 KiB line is one line");
	s = logbuf_line(lb, 1, &len);
	is_int(len, big, "its length");
	ok(len == big && memcmp(s, huge, big) == 0, "its bytes, across blocks");
	is_line(lb, 2, "after", "the line after it");
	logbuf_clear(lb);

	/* Many short lines: some straddle the 256 KiB block boundaries. */
	for (size_t i = 0; i < 100000; i++) {
		int n = snprintf(buf, sizeof(buf), "line %zu of the log\n", i);

		logbuf_append(lb, buf, (size_t)n);
		total += (size_t)n;
	}
	is_int(logbuf_bytes(lb), total, "bytes of 100,000 lines");
	is_int(logbuf_lines(lb), 100000, "100,000 lines");
	for (size_t i = 0; i < 100000; i += 1) {
		int n = snprintf(buf, sizeof(buf), "line %zu of the log", i);

		s = logbuf_line(lb, i, &len);
		if (len != (size_t)n || memcmp(s, buf, len) != 0) {
			if (all_ok)
				printf("# line %zu wrong\n", i);
			all_ok = false;
		}
		lines++;
	}
	ok(all_ok && lines == 100000, "every line intact, also across block boundaries");
	free(huge);
	logbuf_free(lb);
}

static uint64_t rng_state = 88172645463325252ull;

static uint64_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* A reference log: its bytes and the offset of every line start. */
struct ref {
	char *buf;
	size_t len;
	uint64_t *starts;
	size_t n;
};

static void
ref_index(struct ref *r)
{
	r->starts = malloc((r->len + 1) * sizeof(*r->starts));
	r->n = 0;
	for (size_t i = 0; i < r->len; i++)
		if (i == 0 || r->buf[i - 1] == '\n')
			r->starts[r->n++] = i;
}

/* About `size` bytes of log lines: mostly short, some long (up to 300 KiB,
 * across blocks), some empty, some with \r\n, embedded NULs and bytes >= 0x80;
 * no trailing newline. */
static void
ref_make(struct ref *r, size_t size)
{
	r->buf = malloc(size + 400 * 1024);
	r->len = 0;
	while (r->len < size) {
		uint64_t k = rng();
		size_t n = k % 100 == 0 ? (size_t)(rng() % (300 * 1024)) : (size_t)(k % 200);

		for (size_t i = 0; i < n; i++) {
			uint64_t c = rng() % 64;

			r->buf[r->len++] = c == 0   ? '\0'
			                   : c == 1 ? (char)0xd0
			                            : (char)('a' + c % 26);
		}
		if (k % 13 == 0)
			r->buf[r->len++] = '\r';
		r->buf[r->len++] = '\n';
	}
	r->buf[r->len++] = 'e';
	r->buf[r->len++] = 'n';
	r->buf[r->len++] = 'd';
	ref_index(r);
}

static void
ref_free(struct ref *r)
{
	free(r->buf);
	free(r->starts);
}

/* Line i of the reference as logbuf_line() should return it. */
static void
ref_line(const struct ref *r, size_t i, const char **s, size_t *len)
{
	size_t end = i + 1 < r->n ? r->starts[i + 1] - 1 : r->len;

	if (end > r->starts[i] && r->buf[end - 1] == '\n')
		end--;
	*s = r->buf + r->starts[i];
	*len = end - r->starts[i];
	if (*len && (*s)[*len - 1] == '\r')
		(*len)--;
}

static bool
line_ok(struct logbuf *lb, const struct ref *r, size_t i)
{
	size_t len, want_len;
	const char *got = logbuf_line(lb, i, &len), *want;

	ref_line(r, i, &want, &want_len);
	if (len == want_len && memcmp(got, want, len) == 0)
		return true;
	printf("# line %zu: %zu bytes, want %zu\n", i, len, want_len);
	return false;
}

static size_t
ref_line_of(const struct ref *r, uint64_t off)
{
	size_t lo = 0, hi = r->n;

	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (r->starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* 20 MiB through a 64 KiB budget: everything still readable, identical. */
static void
test_bounded(void)
{
	struct ref r;
	struct logbuf *lb = logbuf_new();
	struct logbuf_stats st;
	bool all = true;
	char *back;
	size_t total_blocks;

	ref_make(&r, 20 * 1024 * 1024);
	logbuf_set_memory_budget(64 * 1024);
	for (size_t off = 0; off < r.len;) {
		size_t n = (size_t)(rng() % 70000) + 1;

		if (n > r.len - off)
			n = r.len - off;
		logbuf_append(lb, r.buf + off, n);
		off += n;
	}
	total_blocks = (r.len + LOGBUF_BLOCK - 1) / LOGBUF_BLOCK;
	logbuf_get_stats(&st);
	is_int(logbuf_bytes(lb), r.len, "20 MiB appended");
	is_int(logbuf_lines(lb), r.n, "line count as the reference");
	is_int(logbuf_complete_lines(lb), r.n - 1, "the last line is partial");
	ok(st.resident_blocks <= 2, "at most 2 blocks resident (%zu)", st.resident_blocks);
	is_int(st.spilled_blocks, total_blocks - st.resident_blocks, "the rest is spilled");
	ok(!st.spill_failed, "the spill file works");
	for (size_t i = 0; i < r.n && all; i++)
		all = line_ok(lb, &r, i);
	ok(all, "every line, top to bottom, byte-identical");
	all = true;
	for (size_t i = r.n; i-- > 0 && all;)
		all = line_ok(lb, &r, i);
	ok(all, "every line, bottom to top");
	all = true;
	for (int k = 0; k < 3000 && all; k++)
		all = line_ok(lb, &r, (size_t)(rng() % r.n));
	ok(all, "3000 lines at random");
	all = true;
	for (int k = 0; k < 3000 && all; k++) {
		size_t i = (size_t)(rng() % r.n);
		uint64_t off = rng() % r.len;

		all = logbuf_line_offset(lb, i) == r.starts[i] &&
		      logbuf_line_of_offset(lb, off) == ref_line_of(&r, off);
		if (!all)
			printf("# line %zu / offset %llu\n", i, (unsigned long long)off);
	}
	ok(all, "line_offset and line_of_offset agree with the reference");
	is_int(logbuf_line_offset(lb, r.n), r.len, "offset past the last line: the size");
	is_int(logbuf_line_of_offset(lb, r.len + 5), r.n - 1, "offset past the end: last line");
	logbuf_get_stats(&st);
	ok(st.resident_blocks <= 3,
	   "after reading: the budget, its pinned blocks and the last one read");
	ok(st.spill_reads > 0, "blocks were read back (%llu)", (unsigned long long)st.spill_reads);

	back = malloc(r.len);
	for (size_t off = 0; off < r.len;) {
		ssize_t got = logbuf_read(lb, off, back + off, (size_t)(rng() % 400000) + 1);

		if (got <= 0)
			break;
		off += (size_t)got;
	}
	ok(memcmp(back, r.buf, r.len) == 0, "logbuf_read in random pieces equals the input");
	is_int(logbuf_read(lb, r.len, back, 10), 0, "logbuf_read at the end: 0");
	free(back);

	/* A borrowed line of one log survives calls on another. */
	{
		struct logbuf *other = logbuf_new();
		size_t len, want_len;
		const char *s = logbuf_line(lb, 5, &len), *want;

		for (int k = 0; k < 40; k++)
			logbuf_append(other, r.buf + (size_t)k * 100000, 100000);
		for (int k = 0; k < 100; k++)
			logbuf_line(other, (size_t)(rng() % logbuf_lines(other)), &want_len);
		ref_line(&r, 5, &want, &want_len);
		ok(len == want_len && memcmp(s, want, len) == 0,
		   "a line stays valid across calls on another log");
		logbuf_free(other);
	}
	logbuf_free(lb);
	logbuf_get_stats(&st);
	is_int(st.resident_blocks, 0, "free releases every block");
	is_int(st.spilled_blocks, 0, "and every spilled one");
	logbuf_set_memory_budget(LOGBUF_DEFAULT_BUDGET);
	ref_free(&r);
}

/* Chunk boundaries at every offset mod 7 (also inside \r\n and NUL runs),
 * with a tiny budget: the same lines. */
static void
test_chunk_mod7(void)
{
	struct ref r;
	bool all = true;

	ref_make(&r, 3 * 1024 * 1024);
	logbuf_set_memory_budget(64 * 1024);
	for (size_t phase = 0; phase < 7; phase++) {
		struct logbuf *lb = logbuf_new();
		size_t first = phase ? phase : 7;

		logbuf_append(lb, r.buf, first);
		for (size_t off = first; off < r.len; off += 7 * 1111)
			logbuf_append(lb, r.buf + off,
			              off + 7 * 1111 > r.len ? r.len - off : 7 * 1111);
		all = all && logbuf_lines(lb) == r.n;
		for (size_t i = 0; i < r.n && all; i++)
			all = line_ok(lb, &r, i);
		logbuf_free(lb);
	}
	ok(all, "chunks split at every offset mod 7: the same lines");
	logbuf_set_memory_budget(LOGBUF_DEFAULT_BUDGET);
	ref_free(&r);
}

static void
test_edges(void)
{
	struct logbuf *lb = logbuf_new();
	size_t len;
	const char *s;
	char buf[16];

	logbuf_append(lb, "a\0b\nno newline", 15);
	is_int(logbuf_lines(lb), 2, "a NUL does not end a line");
	s = logbuf_line(lb, 0, &len);
	ok(len == 3 && memcmp(s, "a\0b", 3) == 0, "embedded NUL kept");
	is_line(lb, 1, "no newline", "last line without newline");
	is_int(logbuf_complete_lines(lb), 1, "one complete line");
	is_int(logbuf_line_of_offset(lb, 3), 0, "a '\\n' belongs to the line it ends");
	is_int(logbuf_line_of_offset(lb, 4), 1, "the byte after it starts the next");
	is_int(logbuf_read(lb, 2, buf, sizeof(buf)), 13, "read: short at the end");
	ok(memcmp(buf, "b\nno newline", 12) == 0, "read: the bytes");
	logbuf_clear(lb);
	is_int(logbuf_line_of_offset(lb, 0), 0, "empty log: line 0");
	is_int(logbuf_line_offset(lb, 0), 0, "empty log: offset 0");
	logbuf_free(lb);
}

int
main(void)
{
	test_basic();
	test_crlf();
	test_utf8_split();
	test_chunkings();
	test_blocks();
	test_edges();
	test_bounded();
	test_chunk_mod7();
	return done_testing();
}
