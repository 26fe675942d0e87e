/* Measures untrusted UTF-8 as the terminal will show it and cuts it to a column budget. */
/* wcwidth() is X/Open. */
#define _GNU_SOURCE
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "util/sanitize.h"
#include "util/textwidth.h"

enum textwidth_kind {
	TEXTWIDTH_TEXT,   /* printable, width >= 1 */
	TEXTWIDTH_MARK,   /* printable, width 0: joins the character before it */
	TEXTWIDTH_ESCAPE, /* shown as the visible text in buf */
	TEXTWIDTH_TAB,
};

/* One character of the input and what stands for it on screen. */
struct textwidth_unit {
	enum textwidth_kind kind;
	const char *text; /* into the input, or into buf */
	size_t len;
	size_t width;
	size_t used; /* input bytes */
	uint32_t cp;
	char buf[16];
};

/* A copy in progress. Adjacent plain pieces of the input are handed to emit
 * as one run, so a plain line costs one call, not one per character. */
struct textwidth_walk {
	size_t skip;
	size_t budget;
	void (*emit)(void *ctx, const char *piece, size_t len, bool escaped);
	void *ctx;
	size_t out;
	bool truncated;
	const char *run;
	size_t run_len;
};

static const char textwidth_spaces[] = "                ";

bool
textwidth_is_bidi(uint32_t cp)
{
	return cp == 0x061c || cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

static void
textwidth_escape_cp(struct textwidth_unit *u, uint32_t cp)
{
	int n = snprintf(u->buf, sizeof(u->buf), "<U+%04X>", (unsigned)cp);

	u->kind = TEXTWIDTH_ESCAPE;
	u->text = u->buf;
	u->len = (size_t)n;
	u->width = (size_t)n;
}

static void
textwidth_decode(const char *s, size_t len, struct textwidth_unit *u)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char c = (unsigned char)s[0];
	uint32_t cp;
	int valid, w;

	u->text = s;
	if (c >= 0x20 && c < 0x7f) {
		u->kind = TEXTWIDTH_TEXT;
		u->len = u->used = u->width = 1;
		return;
	}
	if (c == '\t') {
		u->kind = TEXTWIDTH_TAB;
		u->len = u->used = 1;
		u->width = 0; /* depends on the column: the walk decides */
		return;
	}
	u->used = utf8_next(s, len, &cp, &valid);
	u->len = u->used;
	u->cp = cp;
	if (!valid) {
		u->kind = TEXTWIDTH_ESCAPE;
		if (wcwidth(0xfffd) == 1) {
			u->text = "\xef\xbf\xbd";
			u->len = 3;
		} else {
			u->text = "?";
			u->len = 1;
		}
		u->width = 1;
		return;
	}
	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
		u->kind = TEXTWIDTH_ESCAPE;
		u->buf[0] = '\\';
		u->buf[1] = 'x';
		u->buf[2] = hex[cp >> 4 & 0xf];
		u->buf[3] = hex[cp & 0xf];
		u->text = u->buf;
		u->len = u->width = 4;
		return;
	}
	w = textwidth_is_bidi(cp) ? -1 : wcwidth((wchar_t)cp);
	if (w < 0) {
		textwidth_escape_cp(u, cp);
		return;
	}
	u->kind = w == 0 ? TEXTWIDTH_MARK : TEXTWIDTH_TEXT;
	u->width = (size_t)w;
}

static void
textwidth_flush(struct textwidth_walk *w)
{
	if (w->run_len && w->emit)
		w->emit(w->ctx, w->run, w->run_len, false);
	w->run_len = 0;
}

static void
textwidth_put(struct textwidth_walk *w, const char *text, size_t len, bool plain_input)
{
	if (plain_input && w->run_len && w->run + w->run_len == text) {
		w->run_len += len;
		return;
	}
	textwidth_flush(w);
	if (plain_input) {
		w->run = text;
		w->run_len = len;
	} else if (w->emit) {
		w->emit(w->ctx, text, len, true);
	}
}

static void
textwidth_blank(struct textwidth_walk *w, size_t n)
{
	textwidth_flush(w);
	w->out += n;
	while (n > 0) {
		size_t k = n < sizeof(textwidth_spaces) - 1 ? n : sizeof(textwidth_spaces) - 1;

		if (w->emit)
			w->emit(w->ctx, textwidth_spaces, k, false);
		n -= k;
	}
}

/* Columns are counted from the start of the text, so tab stops and what
 * `skip` hides do not depend on the budget. */
static void
textwidth_run(struct textwidth_walk *w, const char *s, size_t len)
{
	size_t col = 0, i = 0;
	bool base = false;   /* a mark here would join a character on screen */
	bool hidden = false; /* the last character was skipped or blanked: so are its marks */

	while (i < len) {
		struct textwidth_unit u;
		size_t start, end, room;

		textwidth_decode(s + i, len - i, &u);
		i += u.used;
		if (u.kind == TEXTWIDTH_MARK) {
			if (hidden)
				continue;
			if (base) {
				textwidth_put(w, u.text, u.len, true);
				continue;
			}
			/* Alone, a mark would combine with whatever the terminal has
			 * at that cell, or be dropped: show what it is instead. */
			textwidth_escape_cp(&u, u.cp);
		}
		if (u.kind == TEXTWIDTH_TAB)
			u.width = TEXTWIDTH_TABSTOP - col % TEXTWIDTH_TABSTOP;
		start = col;
		end = col + u.width;
		col = end;
		room = w->budget - w->out;
		if (end <= w->skip) {
			hidden = true;
			base = false;
			continue;
		}
		if (start < w->skip || u.kind == TEXTWIDTH_TAB) {
			size_t n = end - (start < w->skip ? w->skip : start);

			hidden = u.kind != TEXTWIDTH_TAB;
			base = false;
			textwidth_blank(w, n < room ? n : room);
			if (n > room) {
				w->truncated = true;
				break;
			}
			continue;
		}
		if (u.width > room) {
			w->truncated = true;
			break;
		}
		textwidth_put(w, u.text, u.len, u.kind == TEXTWIDTH_TEXT);
		w->out += u.width;
		base = u.kind == TEXTWIDTH_TEXT;
		hidden = false;
	}
	textwidth_flush(w);
}

size_t
textwidth_width(const char *s, size_t len)
{
	struct textwidth_walk w = {.budget = SIZE_MAX};

	textwidth_run(&w, s, len);
	return w.out;
}

size_t
textwidth_emit(const char *s, size_t len, size_t skip, size_t cols, unsigned flags,
               void (*emit)(void *ctx, const char *piece, size_t piece_len, bool escaped),
               void *ctx)
{
	struct textwidth_walk w = {.skip = skip, .budget = cols};
	bool ellipsis = false;

	/* Whether the text is cut decides where it must stop to leave the
	 * ellipsis its column, so measure first; this pass stops at the budget. */
	if ((flags & TEXTWIDTH_ELLIPSIS) && cols > 0) {
		textwidth_run(&w, s, len);
		ellipsis = w.truncated;
		w = (struct textwidth_walk){.skip = skip, .budget = ellipsis ? cols - 1 : cols};
	}
	w.emit = emit;
	w.ctx = ctx;
	textwidth_run(&w, s, len);
	if (ellipsis) {
		if (wcwidth(0x2026) == 1)
			emit(ctx, "\xe2\x80\xa6", 3, false);
		else
			emit(ctx, "~", 1, false);
		w.out++;
	}
	if ((flags & TEXTWIDTH_PAD) && w.out < cols)
		textwidth_blank(&w, cols - w.out);
	return w.out;
}

static void
textwidth_strbuf_emit(void *ctx, const char *piece, size_t len, bool escaped)
{
	strbuf_add(ctx, piece, len);
}

size_t
textwidth_append(struct strbuf *out, const char *s, size_t len, size_t skip, size_t cols,
                 unsigned flags)
{
	return textwidth_emit(s, len, skip, cols, flags, textwidth_strbuf_emit, out);
}

char *
textwidth_fit(const char *s, size_t cols, unsigned flags)
{
	struct strbuf sb = STRBUF_INIT;

	if (!s)
		s = "";
	textwidth_append(&sb, s, strlen(s), 0, cols, flags);
	return strbuf_detach(&sb);
}
