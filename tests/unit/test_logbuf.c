/* Unit tests for the log buffer: lines across chunks, \r\n, split UTF-8, long lines, blocks. */
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

int
main(void)
{
	test_basic();
	test_crlf();
	test_utf8_split();
	test_chunkings();
	test_blocks();
	return done_testing();
}
