/* Drawing log lines: wrap points, the visible window of long lines, matches, SGR colours. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ui/log.h"
#include "util/sanitize.h"
#include "util/textwidth.h"
#include "util/xalloc.h"

/* How far into a line its level (WARN, ERROR) is looked for: log4j and
 * Python put it in the first few dozen bytes, and a 90,000-character line
 * must not cost a scan per draw. */
#define LOG_RENDER_LEVEL_SCAN 160
/* The longest SGR sequence taken as one: anything longer is shown inert. */
#define LOG_RENDER_SGR_MAX 32

enum log_render_kind {
	LOG_RENDER_ASCII, /* one printable ASCII byte */
	LOG_RENDER_TAB,
	LOG_RENDER_SGR,  /* a colour sequence, with log-colors on: no columns */
	LOG_RENDER_ZERO, /* a combining mark after a character: joins it */
	LOG_RENDER_CHAR, /* anything else, drawn as textwidth shows it */
};

static bool
log_render_is_sgr(const char *s, size_t len, size_t i, size_t *end)
{
	size_t k;

	if (i + 2 >= len || s[i] != '\033' || s[i + 1] != '[')
		return false;
	for (k = i + 2; k < len && k - i < LOG_RENDER_SGR_MAX; k++) {
		if (s[k] == 'm') {
			*end = k + 1;
			return true;
		}
		if ((s[k] < '0' || s[k] > '9') && s[k] != ';')
			return false;
	}
	return false;
}

/* The unit at s[i]: its bytes (returned), columns and kind. col is the column
 * it would start at, counted from where tabs are counted from. */
static size_t
log_render_unit(const char *s, size_t len, size_t i, size_t col, bool first, bool colors, size_t *w,
                enum log_render_kind *kind)
{
	unsigned char b = (unsigned char)s[i];
	uint32_t cp;
	int valid;
	size_t clen, end;

	if (b >= 0x20 && b < 0x7f) {
		*w = 1;
		*kind = LOG_RENDER_ASCII;
		return 1;
	}
	if (b == '\t') {
		*w = TEXTWIDTH_TABSTOP - col % TEXTWIDTH_TABSTOP;
		*kind = LOG_RENDER_TAB;
		return 1;
	}
	if (colors && log_render_is_sgr(s, len, i, &end)) {
		*w = 0;
		*kind = LOG_RENDER_SGR;
		return end - i;
	}
	clen = utf8_next(s + i, len - i, &cp, &valid);
	/* A combining mark rides on the character before it; at the start of
	 * a row there is none, and textwidth shows it escaped. */
	if (valid && !first && cp >= 0x300 && wcwidth((wchar_t)cp) == 0 &&
	    !textwidth_is_bidi(cp)) {
		*w = 0;
		*kind = LOG_RENDER_ZERO;
		return clen;
	}
	*w = textwidth_width(s + i, clen);
	*kind = LOG_RENDER_CHAR;
	return clen;
}

void
log_render_cache_init(struct log_render_cache *c)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < LOG_RENDER_CACHE; i++)
		c->slot[i].line = SIZE_MAX;
}

void
log_render_cache_done(struct log_render_cache *c)
{
	for (size_t i = 0; i < LOG_RENDER_CACHE; i++)
		free(c->slot[i].starts);
	memset(c, 0, sizeof(*c));
}

void
log_render_cache_clear(struct log_render_cache *c)
{
	log_render_cache_done(c);
	log_render_cache_init(c);
}

size_t
log_render_wrap(struct log_render_cache *c, size_t line, const char *s, size_t len, int cols,
                bool colors, const size_t **starts)
{
	struct log_render_wrap *e;
	size_t cap, col = 0, i = 0;

	for (size_t k = 0; k < LOG_RENDER_CACHE; k++) {
		e = &c->slot[k];
		if (e->line == line && e->len == len && e->cols == cols && e->colors == colors) {
			*starts = e->starts;
			return e->n;
		}
	}
	e = &c->slot[c->next];
	c->next = (c->next + 1) % LOG_RENDER_CACHE;
	e->line = line;
	e->len = len;
	e->cols = cols;
	e->colors = colors;
	e->n = 1;
	cap = 16;
	e->starts = xrealloc(e->starts, cap * sizeof(*e->starts));
	e->starts[0] = 0;
	if (cols < 1)
		cols = 1;
	while (i < len) {
		enum log_render_kind kind;
		size_t w, n = log_render_unit(s, len, i, col, col == 0, colors, &w, &kind);

		if (col > 0 && col + w > (size_t)cols) {
			if (e->n == cap) {
				cap *= 2;
				e->starts = xrealloc(e->starts, cap * sizeof(*e->starts));
			}
			e->starts[e->n++] = i;
			col = 0;
			/* A tab or a mark is measured again at the row's start. */
			n = log_render_unit(s, len, i, 0, true, colors, &w, &kind);
		}
		col += w;
		i += n;
	}
	*starts = e->starts;
	return e->n;
}

/* The curses colour of an SGR code, in the theme's colours: the log's red
 * is the theme's error colour, and so on. */
static int
log_render_sgr_colour(const struct app *app, int code)
{
	static const enum color_elem map[8] = {
	    COLOR_LOG_TEXT,    COLOR_LOG_ERROR,           COLOR_STATUS_DONE, COLOR_LOG_WARN,
	    COLOR_PANE_BORDER, COLOR_STATUS_PROVISIONING, COLOR_DETAIL_KEY,  COLOR_LOG_TEXT,
	};

	return app_attr(app, map[code % 10]) & A_COLOR;
}

/* Applies the codes of one SGR sequence to the current attribute. */
static int
log_render_sgr_apply(const struct log_render_style *st, const char *s, size_t len, int cur)
{
	const char *p = s + 2, *end = s + len - 1;

	if (p == end)
		return st->attr;
	while (p <= end) {
		int code = 0;

		while (p < end && *p >= '0' && *p <= '9')
			code = code * 10 + (*p++ - '0');
		if (code == 0)
			cur = st->attr;
		else if (code == 1)
			cur |= A_BOLD;
		else if (code == 22)
			cur &= ~A_BOLD;
		else if (code == 39)
			cur = (cur & ~A_COLOR) | (st->attr & A_COLOR);
		else if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97))
			cur = (cur & ~A_COLOR) | log_render_sgr_colour(st->app, code % 10);
		if (code >= 90 && code <= 97)
			cur |= A_BOLD;
		p++; /* the ';' or the final 'm' */
	}
	return cur;
}

struct log_render_out {
	WINDOW *w;
	char buf[512];
	size_t len;
	int attr;
	int piece_attr; /* for textwidth pieces */
	int escaped_attr;
};

static void
log_render_flush(struct log_render_out *o)
{
	if (!o->len)
		return;
	wattron(o->w, o->attr);
	waddnstr(o->w, o->buf, (int)o->len);
	wattroff(o->w, o->attr);
	o->len = 0;
}

static void
log_render_put(struct log_render_out *o, const char *s, size_t len, int attr)
{
	if (attr != o->attr || o->len + len > sizeof(o->buf)) {
		log_render_flush(o);
		o->attr = attr;
	}
	if (len > sizeof(o->buf)) {
		wattron(o->w, attr);
		waddnstr(o->w, s, (int)len);
		wattroff(o->w, attr);
		return;
	}
	memcpy(o->buf + o->len, s, len);
	o->len += len;
}

static void
log_render_piece(void *ctx, const char *piece, size_t len, bool escaped)
{
	struct log_render_out *o = ctx;

	log_render_put(o, piece, len, escaped ? o->escaped_attr : o->piece_attr);
}

static void
log_render_spaces(struct log_render_out *o, size_t n, int attr)
{
	while (n-- > 0)
		log_render_put(o, " ", 1, attr);
}

void
log_render_draw(WINDOW *w, const char *s, size_t from, size_t to, size_t skip, int cols,
                const struct log_render_style *st)
{
	struct log_render_out o = {.w = w, .escaped_attr = st->escaped_attr};
	size_t col = 0, out = 0, i = from, m = 0;
	int cur = st->attr;
	bool drawn_prev = false;

	if (cols <= 0)
		return;
	while (i < to && out < (size_t)cols) {
		enum log_render_kind kind;
		size_t cw, n = log_render_unit(s, to, i, col, i == from, st->colors, &cw, &kind);
		bool match;
		int attr;

		while (m < st->n_matches && st->matches[m][1] <= i)
			m++;
		match = m < st->n_matches && st->matches[m][0] <= i;
		attr = match ? st->match_attr : cur;
		if (kind == LOG_RENDER_SGR) {
			cur = log_render_sgr_apply(st, s + i, n, cur);
		} else if (col + cw <= skip) {
			drawn_prev = false;
		} else if (col < skip) {
			/* Cut by the left edge: blanks, as textwidth does. */
			size_t b = col + cw - skip;

			log_render_spaces(&o, b < (size_t)cols - out ? b : (size_t)cols - out,
			                  attr);
			out += b;
			drawn_prev = false;
		} else if (out + cw > (size_t)cols) {
			break;
		} else if (kind == LOG_RENDER_ASCII) {
			log_render_put(&o, s + i, 1, attr);
			out += cw;
			drawn_prev = true;
		} else if (kind == LOG_RENDER_TAB) {
			log_render_spaces(&o, cw, attr);
			out += cw;
			drawn_prev = true;
		} else if (kind == LOG_RENDER_ZERO) {
			if (drawn_prev)
				log_render_put(&o, s + i, n, o.attr);
		} else {
			o.piece_attr = attr;
			o.escaped_attr = match ? st->match_attr : st->escaped_attr;
			textwidth_emit(s + i, n, 0, cw, 0, log_render_piece, &o);
			out += cw;
			drawn_prev = true;
		}
		col += cw;
		i += n;
	}
	log_render_flush(&o);
}

static bool
log_render_word_at(const char *s, size_t len, size_t i, size_t wlen)
{
	bool before = i == 0 || !((s[i - 1] >= 'A' && s[i - 1] <= 'Z') ||
	                          (s[i - 1] >= 'a' && s[i - 1] <= 'z'));
	bool after = i + wlen >= len || !((s[i + wlen] >= 'A' && s[i + wlen] <= 'Z') ||
	                                  (s[i + wlen] >= 'a' && s[i + wlen] <= 'z'));

	return before && after;
}

/* log4j's "WARN"/"ERROR"/"FATAL", Python's "WARNING"/"ERROR"/"CRITICAL",
 * as whole upper-case words. */
enum color_elem
log_render_level(const char *s, size_t len)
{
	static const struct {
		const char *word;
		enum color_elem elem;
	} levels[] = {
	    {"ERROR", COLOR_LOG_ERROR}, {"FATAL", COLOR_LOG_ERROR},  {"CRITICAL", COLOR_LOG_ERROR},
	    {"WARN", COLOR_LOG_WARN},   {"WARNING", COLOR_LOG_WARN},
	};
	size_t n = len < LOG_RENDER_LEVEL_SCAN ? len : LOG_RENDER_LEVEL_SCAN;

	for (size_t i = 0; i < n; i++) {
		if (s[i] != 'E' && s[i] != 'F' && s[i] != 'C' && s[i] != 'W')
			continue;
		for (size_t k = 0; k < sizeof(levels) / sizeof(levels[0]); k++) {
			size_t wl = strlen(levels[k].word);

			if (i + wl <= len && memcmp(s + i, levels[k].word, wl) == 0 &&
			    log_render_word_at(s, len, i, wl))
				return levels[k].elem;
		}
	}
	return COLOR_LOG_TEXT;
}
