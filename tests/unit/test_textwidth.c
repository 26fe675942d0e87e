/* Unit tests for src/util/textwidth: widths, cut copies, escapes, horizontal scroll. */
#include "config.h"

#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "util/sanitize.h"
#include "util/strbuf.h"
#include "util/textwidth.h"

static char *
slice(const char *s, size_t skip, size_t cols, unsigned flags, size_t *used)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = textwidth_append(&sb, s, strlen(s), skip, cols, flags);

	if (used)
		*used = n;
	return strbuf_detach(&sb);
}

#define IS_FIT(in, cols, flags, want, desc)                                                        \
	do {                                                                                       \
		char *got_ = textwidth_fit((in), (cols), (flags));                                 \
		is_str(got_, (want), "fit: %s", (desc));                                           \
		free(got_);                                                                        \
	} while (0)

#define IS_SLICE(in, skip, cols, flags, want, want_cols, desc)                                     \
	do {                                                                                       \
		size_t n_;                                                                         \
		char *got_ = slice((in), (skip), (cols), (flags), &n_);                            \
		is_str(got_, (want), "slice: %s", (desc));                                         \
		is_int(n_, (want_cols), "slice: %s: columns", (desc));                             \
		free(got_);                                                                        \
	} while (0)

static size_t
width(const char *s)
{
	return textwidth_width(s, strlen(s));
}

static void
test_width(void)
{
	is_int(width(""), 0, "width: empty");
	is_int(width("abc"), 3, "width: ASCII");
	is_int(width("\xe4\xb8\xad\xe6\x96\x87"), 4, "width: two CJK characters");
	is_int(width("\xf0\x9f\x98\x80"), 2, "width: emoji");
	is_int(width("e\xcc\x81"), 1, "width: e + combining acute");
	is_int(width("\x1b[31m"), 8, "width: ESC counts as its escape \\x1b");
	is_int(width("\xc2\x9b"), 4, "width: C1 CSI as UTF-8 counts as \\x9b");
	is_int(width("a\tb"), 9, "width: tab to column 8");
	is_int(width("abcdefgh\t"), 16, "width: tab at a stop is a whole stop");
	is_int(width("\u202Eabc"), 11, "width: RLO counts as <U+202E>");
	is_int(width("\xff"), 1, "width: invalid byte is one U+FFFD");
	is_int(width("\u0301a"), 9, "width: lone combining mark counts as <U+0301>");
	is_int(width("\xe2\x80\xa8"), 8, "width: line separator (not printable) as <U+2028>");
	is_int(width("\xf4\x8f\xbf\xbf"), 10, "width: U+10FFFF as <U+10FFFF>");
}

static void
test_fit(void)
{
	IS_FIT("hello world", 5, 0, "hello", "cut at the budget");
	IS_FIT("hello world", 5, TEXTWIDTH_ELLIPSIS, "hell\xe2\x80\xa6",
	       "ellipsis in the last column");
	IS_FIT("hello", 5, TEXTWIDTH_ELLIPSIS, "hello", "exact fit: no ellipsis");
	IS_FIT("ab", 5, TEXTWIDTH_PAD, "ab   ", "pad");
	IS_FIT("ab", 0, TEXTWIDTH_PAD | TEXTWIDTH_ELLIPSIS, "", "zero columns");
	IS_FIT("abc", 1, TEXTWIDTH_ELLIPSIS, "\xe2\x80\xa6", "one column: only the ellipsis");
	IS_FIT(NULL, 3, TEXTWIDTH_PAD, "   ", "NULL reads as empty");
	IS_FIT("\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97", 5, 0, "\xe4\xb8\xad\xe6\x96\x87",
	       "a wide character is never split");
	IS_FIT("\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97", 5, TEXTWIDTH_PAD,
	       "\xe4\xb8\xad\xe6\x96\x87 ", "wide cut, padded to the budget");
	IS_FIT("\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97", 5, TEXTWIDTH_ELLIPSIS,
	       "\xe4\xb8\xad\xe6\x96\x87\xe2\x80\xa6", "wide + ellipsis fills 5");
	IS_FIT("\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97", 4, TEXTWIDTH_ELLIPSIS | TEXTWIDTH_PAD,
	       "\xe4\xb8\xad\xe2\x80\xa6 ", "wide + ellipsis + pad to 4");
	IS_FIT("a\x1b", 3, TEXTWIDTH_PAD, "a  ", "an escape is never split");
	IS_FIT("\x1b]0;evil\x07rest", 80, 0, "\\x1b]0;evil\\x07rest", "OSC shown inert");
	IS_FIT("\x1b[2J\23331m", 80, 0, "\\x1b[2J\uFFFD31m",
	       "raw 0x9b byte is invalid UTF-8: U+FFFD");
	IS_FIT("\302\23331m", 80, 0, "\\x9b31m", "C1 CSI sent as UTF-8 is escaped");
	IS_FIT("abc\u202Edef", 80, 0, "abc<U+202E>def", "RLO neutralized");
	IS_FIT("\xe2\x81\xa6x\xe2\x81\xa9\xe2\x80\x8f\xd8\x9c", 80, 0,
	       "<U+2066>x<U+2069><U+200F><U+061C>", "LRI, PDI, RLM, ALM neutralized");
	IS_FIT("a\xffz", 80, 0, "a\xef\xbf\xbdz", "invalid UTF-8 as U+FFFD");
	IS_FIT("a\xe4\xb8", 80, 0, "a\xef\xbf\xbd", "truncated sequence as one U+FFFD");
	IS_FIT("a\nb\r", 80, 0, "a\\x0ab\\x0d", "newline and CR escaped");
	IS_FIT("\x7f", 80, 0, "\\x7f", "DEL escaped");
	IS_FIT("a\tb", 80, 0, "a       b", "tab expanded");
	IS_FIT("ab\tc", 5, 0, "ab   ", "tab cut to the budget");
	IS_FIT("ab\tc", 5, TEXTWIDTH_ELLIPSIS, "ab  \xe2\x80\xa6", "cut tab + ellipsis");
	IS_FIT("\u0301e\u0301", 80, 0, "<U+0301>e\xcc\x81",
	       "mark with no base escaped, with a base kept");
	IS_FIT("\x1b\xcc\x81", 80, 0, "\\x1b<U+0301>", "mark after an escape escaped");
	IS_FIT("e\u0301f", 1, 0, "e\xcc\x81", "mark of the last shown character kept");
}

static void
test_slice(void)
{
	IS_SLICE("abcdef", 2, 3, 0, "cde", 3, "skip 2");
	IS_SLICE("abcdef", 10, 3, 0, "", 0, "skip past the end");
	IS_SLICE("abcdef", 10, 3, TEXTWIDTH_PAD, "   ", 3, "skip past the end, padded");
	IS_SLICE("\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97", 1, 4, 0, " \xe6\x96\x87", 3,
	         "wide cut by the left edge becomes a space");
	IS_SLICE("\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97", 1, 4, TEXTWIDTH_PAD, " \xe6\x96\x87 ", 4,
	         "and padded");
	IS_SLICE("e\xcc\x81x", 1, 5, 0, "x", 1, "marks of a skipped character dropped");
	IS_SLICE("\xe4\xb8\xad\xcc\x81x", 1, 5, 0, " x", 2, "marks of a blanked character dropped");
	IS_SLICE("\033ab", 2, 10, 0, "  ab", 4, "escape cut by the left edge: spaces");
	IS_SLICE("\tx", 3, 10, 0, "     x", 6, "tab cut by the left edge keeps its stop");
	IS_SLICE("abcdefghij", 2, 4, TEXTWIDTH_ELLIPSIS, "cde\xe2\x80\xa6", 4,
	         "ellipsis after a skip");
	IS_SLICE("abcdef", 2, 4, TEXTWIDTH_ELLIPSIS, "cdef", 4, "no ellipsis when the rest fits");
}

struct piece_log {
	struct strbuf text;
	int calls;
	int escaped;
};

static void
log_piece(void *ctx, const char *piece, size_t len, bool escaped)
{
	struct piece_log *l = ctx;

	l->calls++;
	strbuf_addch(&l->text, escaped ? '[' : '(');
	strbuf_add(&l->text, piece, len);
	strbuf_addch(&l->text, escaped ? ']' : ')');
	if (escaped)
		l->escaped++;
}

static void
test_emit(void)
{
	struct piece_log l = {STRBUF_INIT, 0, 0};
	const char *s = "ok\x1b[1mno\xff.";
	size_t n;

	n = textwidth_emit(s, strlen(s), 0, 80, 0, log_piece, &l);
	is_str(strbuf_str(&l.text), "(ok)[\\x1b]([1mno)[\xef\xbf\xbd](.)",
	       "emit: plain runs and escaped pieces");
	is_int(n, 2 + 4 + 5 + 1 + 1, "emit: columns");
	strbuf_reset(&l.text);

	l.calls = 0;
	s = "a plain line of text, as most log lines are";
	textwidth_emit(s, strlen(s), 0, 200, 0, log_piece, &l);
	is_int(l.calls, 1, "emit: a plain line is one piece");
	strbuf_done(&l.text);
}

/* In a locale whose terminal cannot show UTF-8, the copy must stay ASCII. */
static void
test_c_locale(void)
{
	if (!setlocale(LC_CTYPE, "C")) {
		ok(0, "C locale");
		return;
	}
	IS_FIT("caf\xc3\xa9", 80, 0, "caf<U+00E9>", "C locale: non-ASCII escaped");
	IS_FIT("a\xff", 80, 0, "a?", "C locale: invalid UTF-8 as ?");
	IS_FIT("abcdef", 4, TEXTWIDTH_ELLIPSIS, "abc~", "C locale: ASCII ellipsis");
	setlocale(LC_CTYPE, "C.UTF-8");
}

static bool
valid_display(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int valid;

		i += utf8_next(s + i, len - i, &cp, &valid);
		if (!valid || cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x202e ||
		    cp == 0x2066 || cp == 0x200f)
			return false;
	}
	return true;
}

/* Random bytes biased towards the interesting ones: whatever comes in, what
 * goes out is valid UTF-8 without controls, as wide as claimed. */
static void
test_fuzz(void)
{
	static const char *const atoms[] = {
	    "a",    "\x1b",     "\t",       "\xe4\xb8\xad", "\xcc\x81",         "\xe2\x80\xae",
	    "\xff", "\xe4\xb8", "\xc2\x9b", "\n",           "\xf0\x9f\x98\x80", "\xe2\x81\xa6",
	};
	uint32_t seed = 12345;
	int bad_utf8 = 0, bad_width = 0, over = 0, pad = 0;

	for (int round = 0; round < 3000; round++) {
		struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;
		size_t cols, skip, n;
		unsigned flags;
		int len;

		seed = seed * 1103515245 + 12345;
		len = (int)(seed >> 16) % 24;
		for (int i = 0; i < len; i++) {
			seed = seed * 1103515245 + 12345;
			if ((seed >> 16) % 3 == 0)
				strbuf_addch(&in, (int)(seed >> 8 & 0xff));
			else
				strbuf_addstr(&in, atoms[(seed >> 16) % 12]);
		}
		seed = seed * 1103515245 + 12345;
		cols = (seed >> 16) % 20;
		skip = (seed >> 8) % 6;
		flags = (seed >> 4) % 4;
		n = textwidth_append(&out, in.buf ? in.buf : "", in.len, skip, cols, flags);
		if (!valid_display(out.buf ? out.buf : "", out.len))
			bad_utf8++;
		if (textwidth_width(out.buf ? out.buf : "", out.len) != n)
			bad_width++;
		if (n > cols)
			over++;
		if ((flags & TEXTWIDTH_PAD) && n != cols)
			pad++;
		strbuf_done(&in);
		strbuf_done(&out);
	}
	is_int(bad_utf8, 0, "fuzz: output is valid UTF-8 with no control or bidi character");
	is_int(bad_width, 0, "fuzz: output is as wide as the returned columns");
	is_int(over, 0, "fuzz: never over the budget");
	is_int(pad, 0, "fuzz: padded copies fill the budget");
}

static void
test_utf8_next(void)
{
	uint32_t cp;
	int valid;

	is_int(utf8_next("\xc3\xa9x", 3, &cp, &valid), 2, "utf8_next: 2-byte length");
	ok(valid && cp == 0xe9, "utf8_next: U+00E9");
	is_int(utf8_next("\xe4\xb8", 2, &cp, &valid), 2, "utf8_next: truncated takes the rest");
	ok(!valid && cp == 0xfffd, "utf8_next: truncated is U+FFFD");
	is_int(utf8_next("\xed\xa0\x80", 3, &cp, &valid), 1, "utf8_next: surrogate, one byte");
	ok(!valid && cp == 0xfffd, "utf8_next: surrogate is U+FFFD");
}

int
main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8")) {
		printf("1..0 # SKIP no C.UTF-8 locale\n");
		return 0;
	}
	test_width();
	test_fit();
	test_slice();
	test_emit();
	test_c_locale();
	test_fuzz();
	test_utf8_next();
	return done_testing();
}
