/* Makes untrusted bytes (server strings, log lines) safe for a terminal. */
#ifndef DPJOBS_UTIL_SANITIZE_H
#define DPJOBS_UTIL_SANITIZE_H

#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

/* Appends a printable copy of len bytes of s to out: C0 and C1 controls and
 * DEL become visible escapes ("\x1b", "\t" kept as a tab only when keep_tab),
 * invalid UTF-8 becomes U+FFFD, valid UTF-8 passes through. Never emits a raw
 * control byte, not even '\n' ("\x0a"): split lines first. A C1 control sent
 * as UTF-8 (U+0080..U+009F) is escaped by its code point ("\x9b"); a bare
 * 0x80..0x9f byte is invalid UTF-8 and becomes U+FFFD. */
void sanitize_append(struct strbuf *out, const char *s, size_t len, int keep_tab);
/* Appends s[0..len) with only invalid UTF-8 replaced by U+FFFD: controls are
 * kept, for consumers such as JSON encoders that escape them themselves. */
void utf8_repair_append(struct strbuf *out, const char *s, size_t len);
/* Returns a new sanitized copy of a NUL-terminated string; caller frees. */
char *sanitize_str(const char *s);
/* sanitize_str for a URL that may hold user:password@ (with or without "scheme://"): that
 * part, up to the last '@' before the path, is left out. Caller frees. */
char *sanitize_url(const char *url);
/* Length of the longest prefix of s[0..len) that does not end inside an
 * incomplete UTF-8 sequence (so a chunk boundary never splits a character). */
size_t utf8_complete_prefix(const char *s, size_t len);
/* Number of characters (code points) in s[0..len), the unit of the API's
 * "length" limits; each piece of invalid UTF-8 that sanitize_append() would
 * turn into one U+FFFD counts as one character. */
size_t utf8_count(const char *s, size_t len);
/* Decodes the character at s[0..len), len >= 1: stores its code point in
 * *cp, sets *valid and returns the bytes it takes. A piece of invalid UTF-8
 * (the same pieces sanitize_append() turns into one U+FFFD each, including a
 * sequence cut short by the end of the input) yields U+FFFD with *valid 0. */
size_t utf8_next(const char *s, size_t len, uint32_t *cp, int *valid);

#endif
