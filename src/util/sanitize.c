/* Terminal-safe copies of untrusted bytes, and UTF-8 helpers shared with the log buffer. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "util/sanitize.h"
#include "util/xalloc.h"

enum utf8_result {
	UTF8_OK,
	UTF8_INVALID,   /* *used bytes form the maximal invalid subpart */
	UTF8_TRUNCATED, /* a valid prefix that runs into the end of the input */
};

/* Decodes one sequence at s (len >= 1). Follows Unicode's "maximal subpart"
 * practice so that each broken sequence costs exactly one U+FFFD, and rejects
 * overlongs, surrogates and values above U+10FFFF by their second byte. */
static enum utf8_result
utf8_decode(const unsigned char *s, size_t len, uint32_t *cp, size_t *used)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xbf;
	size_t need;
	uint32_t v;

	*used = 1;
	if (c < 0x80) {
		*cp = c;
		return UTF8_OK;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		need = 1;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		v = c & 0x0f;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		v = c & 0x07;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else {
		return UTF8_INVALID;
	}
	for (size_t i = 1; i <= need; i++) {
		if (i >= len)
			return UTF8_TRUNCATED;
		if (s[i] < lo || s[i] > hi)
			return UTF8_INVALID;
		v = v << 6 | (s[i] & 0x3f);
		lo = 0x80;
		hi = 0xbf;
		*used = i + 1;
	}
	*cp = v;
	return UTF8_OK;
}

static void
sanitize_escape(struct strbuf *out, uint32_t cp)
{
	static const char hex[] = "0123456789abcdef";
	char esc[4] = {'\\', 'x', hex[cp >> 4 & 0xf], hex[cp & 0xf]};

	strbuf_add(out, esc, sizeof(esc));
}

/* Escapes use the code point (U+001B → "\x1b", U+009B → "\x9b"), so a C1
 * control looks the same whether it came as UTF-8 or not; a raw 0x80..0x9f
 * byte is not UTF-8 at all and becomes U+FFFD like any other invalid byte.
 * Newlines are escaped too: callers split lines before sanitizing. */
void
sanitize_append(struct strbuf *out, const char *s, size_t len, int keep_tab)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	strbuf_grow(out, len);
	while (i < len) {
		size_t start = i, used;
		uint32_t cp;

		/* Plain printable ASCII runs are the common case: copy them whole. */
		while (i < len && p[i] >= 0x20 && p[i] < 0x7f)
			i++;
		if (i > start)
			strbuf_add(out, p + start, i - start);
		if (i >= len)
			break;
		switch (utf8_decode(p + i, len - i, &cp, &used)) {
		case UTF8_OK:
			if (cp == '\t' && keep_tab)
				strbuf_addch(out, '\t');
			else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
				sanitize_escape(out, cp);
			else
				strbuf_add(out, p + i, used);
			break;
		case UTF8_INVALID:
		case UTF8_TRUNCATED:
			strbuf_addstr(out, "\xef\xbf\xbd");
			break;
		}
		i += used;
	}
}

void
utf8_repair_append(struct strbuf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	strbuf_grow(out, len);
	while (i < len) {
		size_t used;
		uint32_t cp;

		if (p[i] < 0x80) {
			strbuf_addch(out, p[i++]);
			continue;
		}
		if (utf8_decode(p + i, len - i, &cp, &used) == UTF8_OK)
			strbuf_add(out, p + i, used);
		else
			strbuf_addstr(out, "\xef\xbf\xbd");
		i += used;
	}
}

char *
sanitize_str(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	if (s)
		sanitize_append(&sb, s, strlen(s), 0);
	return strbuf_detach(&sb);
}

char *
sanitize_url(const char *url)
{
	const char *scheme = strstr(url, "://");
	const char *host = scheme ? scheme + 3 : url, *at = NULL;
	struct strbuf sb = STRBUF_INIT;

	/* A password may hold '@', '#' or '?' (invalid, but typed): the last '@' wins. */
	for (const char *p = host; *p != '\0' && *p != '/'; p++)
		if (*p == '@')
			at = p;
	if (at == NULL)
		return sanitize_str(url);
	sanitize_append(&sb, url, (size_t)(host - url), 0);
	sanitize_append(&sb, at + 1, strlen(at + 1), 0);
	return strbuf_detach(&sb);
}

size_t
utf8_complete_prefix(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t stop = len > 3 ? len - 3 : 0;

	for (size_t i = len; i > stop; i--) {
		unsigned char c = p[i - 1];
		uint32_t cp;
		size_t used;

		if (c < 0x80)
			return len;
		if (c >= 0xc0) {
			if (utf8_decode(p + i - 1, len - (i - 1), &cp, &used) == UTF8_TRUNCATED)
				return i - 1;
			return len;
		}
	}
	return len;
}

size_t
utf8_count(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;

	for (size_t i = 0; i < len; n++) {
		uint32_t cp;
		size_t used;

		if (p[i] < 0x80)
			used = 1;
		else
			utf8_decode(p + i, len - i, &cp, &used);
		i += used;
	}
	return n;
}

size_t
utf8_next(const char *s, size_t len, uint32_t *cp, int *valid)
{
	size_t used;

	*valid = utf8_decode((const unsigned char *)s, len, cp, &used) == UTF8_OK;
	if (!*valid)
		*cp = 0xfffd;
	return used;
}
