/* Display width of untrusted UTF-8 text, and sanitized copies cut to a column budget. */
#ifndef DPJOBS_UTIL_TEXTWIDTH_H
#define DPJOBS_UTIL_TEXTWIDTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

/*
 * What the terminal is shown for each character of untrusted text:
 *
 *   printable character      itself, as wide as wcwidth() says (0, 1 or 2)
 *   tab                      spaces to the next multiple of TEXTWIDTH_TABSTOP
 *                            columns, counted from the start of the text
 *   C0, C1 control, DEL      "\x1b" (as sanitize_append() spells it)
 *   bidi control             "<U+202E>": U+061C, U+200E, U+200F, U+202A..U+202E,
 *                            U+2066..U+2069 can reorder the rest of a line, so
 *                            they are shown, never obeyed
 *   not printable here       "<U+2028>": wcwidth() < 0 in the current locale,
 *                            which in a non-UTF-8 locale is every non-ASCII
 *                            character, so the output then stays ASCII
 *   invalid UTF-8            U+FFFD ("?" where U+FFFD is not printable)
 *   combining mark           joins the character before it; with none before
 *                            it (start of text, after an escape) it is escaped
 *
 * Widths come from wcwidth(), so the program must have called setlocale()
 * (tests use C.UTF-8). Escapes and U+FFFD are "escaped" pieces: the text the
 * server sent was not what the terminal shows there.
 */

#define TEXTWIDTH_TABSTOP 8

enum textwidth_flags {
	TEXTWIDTH_ELLIPSIS = 1 << 0, /* a cut copy ends in "…" (in the last column) */
	TEXTWIDTH_PAD = 1 << 1,      /* pad with spaces to exactly cols columns */
};

/* Columns that the display form of s[0..len) takes. */
size_t textwidth_width(const char *s, size_t len);

/* Produces the display form of s[0..len), minus its first `skip` columns
 * (horizontal scrolling), in at most `cols` columns, as pieces passed to
 * emit(ctx, piece, piece_len, escaped) in order. A character is shown whole
 * or not at all: one cut by the left edge becomes spaces, one that does not
 * fit at the right ends the copy. Returns the columns emitted. */
size_t textwidth_emit(const char *s, size_t len, size_t skip, size_t cols, unsigned flags,
                      void (*emit)(void *ctx, const char *piece, size_t piece_len, bool escaped),
                      void *ctx);

/* textwidth_emit() into a buffer, for callers that do not colour escapes. */
size_t textwidth_append(struct strbuf *out, const char *s, size_t len, size_t skip, size_t cols,
                        unsigned flags);

/* Returns a new display copy of the NUL-terminated s (NULL reads as "") in
 * at most cols columns; caller frees. */
char *textwidth_fit(const char *s, size_t cols, unsigned flags);

/* True for the bidirectional formatting controls (U+061C, U+200E, U+200F,
 * U+202A..U+202E, U+2066..U+2069), which are always shown escaped: a raw one
 * would reorder what the terminal shows around it. */
bool textwidth_is_bidi(uint32_t cp);

#endif
