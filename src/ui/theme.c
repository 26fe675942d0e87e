/* Theme files: parsing, lookup by name, and mapping colours to what the terminal has. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ui/theme.h"
#include "util/sanitize.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Where `make install` puts themes/ (-DDPJOBS_THEMEDIR='"$(pkgdatadir)/themes"'),
 * and the trees a program that was not installed finds them in. Without
 * them only $DPJOBS_THEME_DIR and the user's config directory are searched. */
#ifndef DPJOBS_THEMEDIR
#define DPJOBS_THEMEDIR NULL
#endif
#ifndef DPJOBS_BUILDDIR
#define DPJOBS_BUILDDIR NULL
#endif
#ifndef DPJOBS_SRC_THEMEDIR
#define DPJOBS_SRC_THEMEDIR NULL
#endif

/* Theme files are a few hundred bytes; anything far bigger is a mistake. */
#define THEME_MAX_SIZE (64 * 1024)

enum theme_colour_kind {
	THEME_COLOUR_DEFAULT, /* the terminal's own foreground or background */
	THEME_COLOUR_INDEX,   /* 0..255, the xterm palette */
	THEME_COLOUR_RGB,     /* 0xrrggbb */
};

struct theme_colour {
	enum theme_colour_kind kind;
	uint32_t value;
};

struct theme_elem {
	struct theme_colour fg, bg;
	attr_t attrs;
};

struct theme {
	char *name;
	struct theme_elem elem[COLOR_COUNT];
	int attr[COLOR_COUNT]; /* what theme_attr() hands out */
	bool colour;
};

static const struct {
	const char *name;
	const char *def;
} theme_info[COLOR_COUNT] = {
#define THEME_INFO_(id, name, def) [COLOR_##id] = {name, def},
    COLOR_INFO(THEME_INFO_)
#undef THEME_INFO_
};

static const char *const theme_colour_names[8] = {
    "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

static const struct {
	const char *name;
	attr_t attr;
} theme_attr_names[] = {
    {"normal", A_NORMAL},   {"bold", A_BOLD},     {"dim", A_DIM},     {"underline", A_UNDERLINE},
    {"reverse", A_REVERSE}, {"italic", A_ITALIC}, {"blink", A_BLINK}, {"standout", A_STANDOUT},
};

/* xterm's default palette: what "red" or colour 196 look like, for finding
 * the nearest colour a smaller terminal has. */
static void
theme_palette_rgb(int i, int rgb[3])
{
	static const unsigned char base[16][3] = {
	    {0, 0, 0},       {205, 0, 0},   {0, 205, 0},   {205, 205, 0},
	    {0, 0, 238},     {205, 0, 205}, {0, 205, 205}, {229, 229, 229},
	    {127, 127, 127}, {255, 0, 0},   {0, 255, 0},   {255, 255, 0},
	    {92, 92, 255},   {255, 0, 255}, {0, 255, 255}, {255, 255, 255},
	};
	static const unsigned char level[6] = {0, 95, 135, 175, 215, 255};

	if (i < 16) {
		for (int k = 0; k < 3; k++)
			rgb[k] = base[i][k];
	} else if (i < 232) {
		i -= 16;
		rgb[0] = level[i / 36];
		rgb[1] = level[i / 6 % 6];
		rgb[2] = level[i % 6];
	} else {
		rgb[0] = rgb[1] = rgb[2] = 8 + 10 * (i - 232);
	}
}

static void
theme_colour_rgb(const struct theme_colour *c, int rgb[3])
{
	if (c->kind == THEME_COLOUR_RGB) {
		rgb[0] = c->value >> 16 & 0xff;
		rgb[1] = c->value >> 8 & 0xff;
		rgb[2] = c->value & 0xff;
	} else {
		theme_palette_rgb((int)c->value, rgb);
	}
}

/* The palette entry in [from, to) closest to rgb. Entries 0..15 are left
 * out when the 256-colour cube can be used: users retune those freely. */
static int
theme_nearest(const int rgb[3], int from, int to)
{
	long best_d = LONG_MAX;
	int best = from;

	for (int i = from; i < to; i++) {
		int p[3];
		long d = 0;

		theme_palette_rgb(i, p);
		for (int k = 0; k < 3; k++)
			d += (long)(p[k] - rgb[k]) * (p[k] - rgb[k]);
		if (d < best_d) {
			best_d = d;
			best = i;
		}
	}
	return best;
}

/* The terminal's colour number for c, -1 for its default colour. ncolours
 * is COLORS (>= 8); 0x1000000 means direct colour (xterm-direct), where
 * numbers below 8 are still the ANSI colours and the rest are 0xrrggbb. An
 * 8-colour terminal shows bright foregrounds as bold, so *bold asks for it. */
static int
theme_map(const struct theme_colour *c, int ncolours, bool have_default, bool fg, bool *bold)
{
	int rgb[3];

	if (c->kind == THEME_COLOUR_DEFAULT) {
		if (have_default)
			return -1;
		return fg ? COLOR_WHITE : COLOR_BLACK;
	}
	if (ncolours >= 0x1000000) {
		int packed;

		if (c->kind == THEME_COLOUR_INDEX && c->value < 8)
			return (int)c->value;
		theme_colour_rgb(c, rgb);
		packed = rgb[0] << 16 | rgb[1] << 8 | rgb[2];
		/* Values below 8 would select ANSI colours: 0x000008 is as black. */
		return packed < 8 ? 8 : packed;
	}
	if (c->kind == THEME_COLOUR_INDEX) {
		if ((int)c->value < ncolours && (ncolours >= 256 || c->value < 16))
			return (int)c->value;
		if (c->value < 16) {
			if (fg && c->value >= 8)
				*bold = true;
			return (int)c->value - 8;
		}
	}
	theme_colour_rgb(c, rgb);
	if (ncolours >= 256)
		return theme_nearest(rgb, 16, 256);
	return theme_nearest(rgb, 0, ncolours >= 16 ? 16 : 8);
}

/* Without colours an element keeps its attributes; a background colour is
 * what makes headers and selections stand out, so it becomes reverse video. */
static int
theme_mono_attr(const struct theme_elem *e)
{
	return (int)(e->attrs | (e->bg.kind != THEME_COLOUR_DEFAULT ? A_REVERSE : 0));
}

static void
theme_set_mono(struct theme *t)
{
	for (int i = 0; i < COLOR_COUNT; i++)
		t->attr[i] = theme_mono_attr(&t->elem[i]);
	t->colour = false;
}

/* Computes every element's attribute for a terminal with ncolours colours
 * and npairs colour pairs, calling init_pair_fn for each pair it uses.
 * Elements that share colours share a pair; if pairs run out (or
 * init_pair_fn fails) the element falls back to attributes only. */
static void
theme_resolve(struct theme *t, int ncolours, bool have_default, int npairs,
              int (*init_pair_fn)(int pair, int fg, int bg))
{
	int pair_fg[256], pair_bg[256];
	int used = 1; /* pair 0 is the terminal's default colours */

	if (ncolours < 8) {
		theme_set_mono(t);
		return;
	}
	if (npairs > 256) /* COLOR_PAIR() only holds 8 bits */
		npairs = 256;
	for (int i = 0; i < COLOR_COUNT; i++) {
		const struct theme_elem *e = &t->elem[i];
		bool bold = false;
		int fg, bg, pair = 0;

		if (e->fg.kind == THEME_COLOUR_DEFAULT && e->bg.kind == THEME_COLOUR_DEFAULT) {
			t->attr[i] = (int)e->attrs;
			continue;
		}
		fg = theme_map(&e->fg, ncolours, have_default, true, &bold);
		bg = theme_map(&e->bg, ncolours, have_default, false, &bold);
		for (int p = 1; p < used; p++) {
			if (pair_fg[p] == fg && pair_bg[p] == bg) {
				pair = p;
				break;
			}
		}
		if (!pair && used < npairs && init_pair_fn(used, fg, bg) == OK) {
			pair = used++;
			pair_fg[pair] = fg;
			pair_bg[pair] = bg;
		}
		if (pair)
			t->attr[i] = (int)(e->attrs | (bold ? A_BOLD : 0) | COLOR_PAIR(pair));
		else
			t->attr[i] = theme_mono_attr(e);
	}
	/* A theme of default colours only (mono.theme) uses none. */
	t->colour = used > 1;
}

static int
theme_init_pair(int pair, int fg, int bg)
{
	return init_extended_pair(pair, fg, bg);
}

bool
theme_env_allows_colour(void)
{
	const char *v = getenv("NO_COLOR");

	return !v || !*v;
}

void
theme_apply(struct theme *t, bool use_colour)
{
	int ncolours = 0;
	bool have_default = false;

	if (use_colour && theme_env_allows_colour() && has_colors())
		ncolours = COLORS;
	if (ncolours >= 8)
		have_default = use_default_colors() == OK;
	theme_resolve(t, ncolours, have_default, ncolours >= 8 ? COLOR_PAIRS : 0, theme_init_pair);
}

int
theme_attr(const struct theme *t, enum color_elem e)
{
	if ((int)e < 0 || e >= COLOR_COUNT)
		return A_NORMAL;
	return t->attr[e];
}

bool
theme_uses_colour(const struct theme *t)
{
	return t->colour;
}

const char *
theme_elem_name(enum color_elem e)
{
	if ((int)e < 0 || e >= COLOR_COUNT)
		return NULL;
	return theme_info[e].name;
}

const char *
theme_name(const struct theme *t)
{
	return t->name;
}

void
theme_free(struct theme *t)
{
	if (!t)
		return;
	free(t->name);
	free(t);
}

/* ---- parsing ---- */

static bool
theme_parse_number(const char *s, uint32_t *out)
{
	uint32_t v = 0;
	size_t n = strlen(s);

	if (n == 0 || n > 3)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (uint32_t)(s[i] - '0');
	}
	if (v > 255)
		return false;
	*out = v;
	return true;
}

static int
theme_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool
theme_parse_colour(const char *s, struct theme_colour *c)
{
	if (strcasecmp(s, "default") == 0) {
		c->kind = THEME_COLOUR_DEFAULT;
		c->value = 0;
		return true;
	}
	if (s[0] == '#') {
		uint32_t v = 0;

		if (strlen(s) != 7)
			return false;
		for (int i = 1; i < 7; i++) {
			int h = theme_hexval(s[i]);

			if (h < 0)
				return false;
			v = v << 4 | (uint32_t)h;
		}
		c->kind = THEME_COLOUR_RGB;
		c->value = v;
		return true;
	}
	c->kind = THEME_COLOUR_INDEX;
	if (strncasecmp(s, "color", 5) == 0)
		return theme_parse_number(s + 5, &c->value);
	if (theme_parse_number(s, &c->value))
		return true;
	for (uint32_t i = 0; i < 8; i++) {
		if (strcasecmp(s, theme_colour_names[i]) == 0) {
			c->value = i;
			return true;
		}
		if (strncasecmp(s, "bright", 6) == 0 &&
		    strcasecmp(s + 6, theme_colour_names[i]) == 0) {
			c->value = i + 8;
			return true;
		}
	}
	return false;
}

static int
theme_find_elem(const char *s)
{
	for (int i = 0; i < COLOR_COUNT; i++)
		if (strcasecmp(s, theme_info[i].name) == 0)
			return i;
	return -1;
}

/* Error messages go to the status line: the file name and the offending
 * word are untrusted, so they are sanitized and kept short. */
static char *
theme_error(const char *source, unsigned line, const char *what, const char *word)
{
	struct strbuf sb = STRBUF_INIT;

	sanitize_append(&sb, source, strlen(source), 0);
	if (line)
		strbuf_addf(&sb, ":%u", line);
	strbuf_addf(&sb, ": %s", what);
	if (word) {
		size_t n = strlen(word);

		strbuf_addstr(&sb, " '");
		sanitize_append(&sb, word, n > 40 ? utf8_complete_prefix(word, 40) : n, 0);
		strbuf_addstr(&sb, n > 40 ? "...'" : "'");
	}
	return strbuf_detach(&sb);
}

#define THEME_SYNTAX "expected: color ELEMENT FG BG [ATTR...]"

/* Parses one line, split into words in place. Returns NULL or an error
 * (without the source and line, which the caller adds). */
static const char *
theme_parse_line(struct theme *t, char *line, const char **bad)
{
	char *word[4], *save = NULL, *w;
	struct theme_elem e;
	int n = 0, id;

	*bad = NULL;
	for (w = strtok_r(line, " \t\r", &save); w && n < 4; w = strtok_r(NULL, " \t\r", &save))
		word[n++] = w;
	if (n == 0 || word[0][0] == '#')
		return NULL;
	if (strcmp(word[0], "color") != 0) {
		*bad = word[0];
		return "unknown command (" THEME_SYNTAX " or source THEME)";
	}
	if (n < 4)
		return THEME_SYNTAX;
	id = theme_find_elem(word[1]);
	if (id < 0) {
		*bad = word[1];
		return "unknown element";
	}
	if (!theme_parse_colour(word[2], &e.fg)) {
		*bad = word[2];
		return "bad colour (a name, 0-255, color0-color255 or #rrggbb)";
	}
	if (!theme_parse_colour(word[3], &e.bg)) {
		*bad = word[3];
		return "bad colour (a name, 0-255, color0-color255 or #rrggbb)";
	}
	e.attrs = A_NORMAL;
	for (; w; w = strtok_r(NULL, " \t\r", &save)) {
		size_t k;

		if (w[0] == '#')
			break;
		for (k = 0; k < sizeof(theme_attr_names) / sizeof(theme_attr_names[0]); k++)
			if (strcasecmp(w, theme_attr_names[k].name) == 0)
				break;
		if (k == sizeof(theme_attr_names) / sizeof(theme_attr_names[0])) {
			*bad = w;
			return "unknown attribute";
		}
		/* "normal" clears what came before it on the line. */
		e.attrs = theme_attr_names[k].attr ? e.attrs | theme_attr_names[k].attr : A_NORMAL;
	}
	t->elem[id] = e;
	return NULL;
}

static size_t
theme_find_attr(const char *w)
{
	size_t k;

	for (k = 0; k < sizeof(theme_attr_names) / sizeof(theme_attr_names[0]); k++)
		if (strcasecmp(w, theme_attr_names[k].name) == 0)
			break;
	return k;
}

bool
theme_set_color(struct theme *t, const char *element, const char *spec, char **err)
{
	char *copy = xstrdup(spec), *save = NULL, *w;
	const char *what = NULL, *bad = NULL;
	struct theme_elem e;
	bool have_attrs = false;
	int id = theme_find_elem(element);

	*err = NULL;
	if (id < 0) {
		what = "unknown element";
		bad = element;
		goto out;
	}
	e = t ? t->elem[id]
	      : (struct theme_elem){{THEME_COLOUR_DEFAULT, 0}, {THEME_COLOUR_DEFAULT, 0}, A_NORMAL};
	w = strtok_r(copy, " \t", &save);
	if (!w || !theme_parse_colour(w, &e.fg)) {
		what = w ? "bad colour (a name, 0-255, color0-color255 or #rrggbb)"
		         : "expected: color ELEMENT FG [BG] [ATTR...]";
		bad = w;
		goto out;
	}
	w = strtok_r(NULL, " \t", &save);
	/* No attribute is spelled as a colour: the second word tells itself. */
	if (w && theme_find_attr(w) == sizeof(theme_attr_names) / sizeof(theme_attr_names[0])) {
		if (!theme_parse_colour(w, &e.bg)) {
			what = "bad colour or attribute";
			bad = w;
			goto out;
		}
		w = strtok_r(NULL, " \t", &save);
	}
	for (; w; w = strtok_r(NULL, " \t", &save)) {
		size_t k = theme_find_attr(w);

		if (k == sizeof(theme_attr_names) / sizeof(theme_attr_names[0])) {
			what = "unknown attribute";
			bad = w;
			goto out;
		}
		if (!have_attrs)
			e.attrs = A_NORMAL;
		have_attrs = true;
		e.attrs = theme_attr_names[k].attr ? e.attrs | theme_attr_names[k].attr : A_NORMAL;
	}
	if (t) {
		t->elem[id] = e;
		/* Until theme_apply() runs again, attributes only, as after parsing. */
		t->attr[id] = theme_mono_attr(&e);
	}
out:
	if (what)
		*err = theme_error("color", 0, what, bad);
	free(copy);
	return what == NULL;
}

/* How deep `source` lines may nest: deeper is a theme that sources itself. */
#define THEME_SOURCE_DEPTH 8

static int theme_source_depth;

/* "source NAME|PATH": the word after it (NUL-ended in line), else NULL. */
static char *
theme_source_arg(char *line)
{
	char *save = NULL, *w = strtok_r(line, " \t\r", &save), *arg;

	if (!w || strcmp(w, "source") != 0)
		return NULL;
	arg = strtok_r(NULL, " \t\r", &save);
	return arg ? arg : (char *)"";
}

/* err is "FILE:LINE: ..." for this file. */
static bool
theme_error_names_line(const char *err, const char *file)
{
	size_t n = strlen(file);

	return strncmp(err, file, n) == 0 && err[n] == ':' && err[n + 1] >= '1' &&
	       err[n + 1] <= '9';
}

/* `source BASE` in a theme file: BASE's colours, then this file's lines over them. A relative
 * PATH is read from the sourcing file's directory. */
static bool
theme_source_onto(struct theme *t, const char *arg, const char *source, unsigned lineno, char **err)
{
	const char *slash = strrchr(source, '/');
	char *path = NULL, *inner = NULL;
	struct theme *base;

	if (!*arg) {
		*err = theme_error(source, lineno, "source needs a theme NAME or PATH", NULL);
		return false;
	}
	if (theme_source_depth >= THEME_SOURCE_DEPTH) {
		*err = theme_error(source, lineno,
		                   "source nested too deep (does it source itself?)", arg);
		return false;
	}
	if (strchr(arg, '/') && arg[0] != '/' && slash) {
		const char *rel = arg;

		while (rel[0] == '.' && rel[1] == '/')
			rel += 2;
		path = xasprintf("%.*s/%s", (int)(slash - source), source, rel);
	}
	theme_source_depth++;
	base = theme_load(path ? path : arg, &inner);
	theme_source_depth--;
	if (!base) {
		/* "BASE:LINE: why" already says where; anything else needs this line. */
		if (inner && theme_error_names_line(inner, path ? path : arg)) {
			*err = inner;
		} else {
			*err = theme_error(source, lineno, inner ? inner : "cannot load", NULL);
			free(inner);
		}
		free(path);
		return false;
	}
	free(path);
	memcpy(t->elem, base->elem, sizeof(t->elem));
	theme_free(base);
	return true;
}

/* 1 when line is a `source` line, applied; 0 when it is not; -1 with *err when it failed. */
static int
theme_parse_source(struct theme *t, const char *line, const char *source, unsigned lineno,
                   char **err)
{
	char *copy = xstrdup(line), *arg = theme_source_arg(copy);
	int rc = !arg ? 0 : theme_source_onto(t, arg, source, lineno, err) ? 1 : -1;

	free(copy);
	return rc;
}

static struct theme *
theme_parse_onto(struct theme *t, const char *text, size_t len, const char *source, char **err)
{
	unsigned lineno = 0;
	size_t i = 0;

	while (i < len) {
		const char *end = memchr(text + i, '\n', len - i);
		size_t n = end ? (size_t)(end - (text + i)) : len - i;
		const char *what, *bad;
		char *line;

		lineno++;
		if (memchr(text + i, '\0', n)) {
			*err = theme_error(source, lineno, "NUL byte: not a theme file", NULL);
			return NULL;
		}
		line = xstrndup(text + i, n);
		switch (theme_parse_source(t, line, source, lineno, err)) {
		case -1:
			free(line);
			return NULL;
		case 1:
			free(line);
			i += n + 1;
			continue;
		}
		what = theme_parse_line(t, line, &bad);
		if (what)
			*err = theme_error(source, lineno, what, bad);
		free(line);
		if (what)
			return NULL;
		i += n + 1;
	}
	theme_set_mono(t);
	return t;
}

/* The compiled-in theme is COLOR_INFO written out as a theme file, so it
 * goes through the same parser as themes/default.theme. */
static void
theme_init_default(struct theme *t)
{
	struct strbuf sb = STRBUF_INIT;
	char *err = NULL;

	for (int i = 0; i < COLOR_COUNT; i++) {
		t->elem[i] = (struct theme_elem){
		    {THEME_COLOUR_DEFAULT, 0}, {THEME_COLOUR_DEFAULT, 0}, A_NORMAL};
		strbuf_addf(&sb, "color %s %s\n", theme_info[i].name, theme_info[i].def);
	}
	if (!theme_parse_onto(t, sb.buf, sb.len, "COLOR_INFO", &err))
		die("broken compiled-in theme: %s", err);
	strbuf_done(&sb);
}

struct theme *
theme_default(void)
{
	struct theme *t = xcalloc(1, sizeof(*t));

	theme_init_default(t);
	t->name = xstrdup("default");
	return t;
}

struct theme *
theme_parse(const char *text, size_t len, const char *source, char **err)
{
	struct theme *t = xcalloc(1, sizeof(*t));

	*err = NULL;
	theme_init_default(t);
	if (!theme_parse_onto(t, text, len, source, err)) {
		free(t);
		return NULL;
	}
	t->name = xstrdup(source);
	return t;
}

/* ---- files ---- */

/* Reads path into *text. Returns 0, -ENOENT when there is no such file
 * (the next directory is tried), or -1 with *err set. */
static int
theme_read_file(const char *path, struct strbuf *text, char **err)
{
	struct stat st;
	int fd, e;

	/* O_NONBLOCK: a FIFO named as a theme must not hang the UI thread
	 * before fstat() can turn it away. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		if (e == ENOENT)
			return -ENOENT;
		*err = theme_error(path, 0, strerror(e), NULL);
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		*err = theme_error(path, 0, strerror(errno), NULL);
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > THEME_MAX_SIZE) {
		*err = theme_error(path, 0,
		                   S_ISREG(st.st_mode) ? "too large for a theme file"
		                                       : "not a regular file",
		                   NULL);
		close(fd);
		return -1;
	}
	for (;;) {
		ssize_t n;

		strbuf_grow(text, 4096);
		n = read(fd, text->buf + text->len, text->cap - text->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*err = theme_error(path, 0, strerror(errno), NULL);
			close(fd);
			return -1;
		}
		if (n == 0)
			break;
		text->len += (size_t)n;
		text->buf[text->len] = '\0';
		if (text->len > THEME_MAX_SIZE) {
			*err = theme_error(path, 0, "too large for a theme file", NULL);
			close(fd);
			return -1;
		}
	}
	close(fd);
	return 0;
}

/* Returns the theme in path, or NULL with *err set, or NULL with *err NULL
 * when there is no such file. */
static struct theme *
theme_load_file(const char *path, const char *name, char **err)
{
	struct strbuf text = STRBUF_INIT;
	struct theme *t = NULL;

	if (theme_read_file(path, &text, err) == 0) {
		t = theme_parse(text.buf ? text.buf : "", text.len, path, err);
		if (t) {
			free(t->name);
			t->name = xstrdup(name);
		}
	}
	strbuf_done(&text);
	return t;
}

static bool
theme_valid_name(const char *s)
{
	if (!*s || *s == '.')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' || *s == '-'))
			return false;
	return true;
}

/* True when the running program lives under the build tree, so that an
 * uninstalled ./dpjobs finds the source tree's themes. */
static bool
theme_running_from_build_tree(void)
{
	const char *builddir = DPJOBS_BUILDDIR;
	char exe[PATH_MAX], *dir;
	ssize_t n;
	size_t dlen;
	bool inside;

	if (!builddir)
		return false;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return false;
	exe[n] = '\0';
	dir = realpath(builddir, NULL);
	if (!dir)
		return false;
	dlen = strlen(dir);
	inside = strncmp(exe, dir, dlen) == 0 && exe[dlen] == '/';
	free(dir);
	return inside;
}

/* The directories searched for NAME.theme, first to last; caller frees each
 * string. Returns how many were stored (at most 4). */
static int
theme_search_dirs(char *dirs[4])
{
	const char *env = getenv("DPJOBS_THEME_DIR");
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	struct strbuf sb = STRBUF_INIT;
	int n = 0;

	if (env && *env) {
		dirs[n++] = xstrdup(env);
		return n;
	}
	/* XDG: a relative XDG_CONFIG_HOME is invalid and must be ignored. */
	if (xdg && xdg[0] == '/') {
		strbuf_addf(&sb, "%s/dpjobs/themes", xdg);
		dirs[n++] = strbuf_detach(&sb);
	} else if (home && home[0] == '/') {
		strbuf_addf(&sb, "%s/.config/dpjobs/themes", home);
		dirs[n++] = strbuf_detach(&sb);
	}
	if (DPJOBS_THEMEDIR)
		dirs[n++] = xstrdup(DPJOBS_THEMEDIR);
	if (DPJOBS_SRC_THEMEDIR && theme_running_from_build_tree())
		dirs[n++] = xstrdup(DPJOBS_SRC_THEMEDIR);
	return n;
}

struct theme *
theme_load(const char *name_or_path, char **err)
{
	struct strbuf looked = STRBUF_INIT;
	struct theme *t = NULL;
	char *dirs[4];
	int ndirs;

	*err = NULL;
	if (!name_or_path || !*name_or_path) {
		*err = xstrdup("theme: empty name");
		return NULL;
	}
	if (strchr(name_or_path, '/')) {
		t = theme_load_file(name_or_path, name_or_path, err);
		if (!t && !*err)
			*err = theme_error(name_or_path, 0, strerror(ENOENT), NULL);
		return t;
	}
	if (!theme_valid_name(name_or_path)) {
		*err = theme_error("theme", 0, "bad name (letters, digits, '.', '_', '-')",
		                   name_or_path);
		return NULL;
	}
	ndirs = theme_search_dirs(dirs);
	for (int i = 0; i < ndirs; i++) {
		if (!t && !*err) {
			char *path = xasprintf("%s/%s.theme", dirs[i], name_or_path);

			t = theme_load_file(path, name_or_path, err);
			free(path);
			strbuf_addstr(&looked, looked.len ? ", " : " in ");
			strbuf_addstr(&looked, dirs[i]);
		}
		free(dirs[i]);
	}
	if (!t && !*err) {
		if (strcmp(name_or_path, "default") == 0) {
			t = theme_default();
		} else {
			struct strbuf msg = STRBUF_INIT;

			/* The name is plain (theme_valid_name); directories may not be. */
			strbuf_addf(&msg, "theme '%s' not found", name_or_path);
			sanitize_append(&msg, looked.buf ? looked.buf : "", looked.len, 0);
			*err = strbuf_detach(&msg);
		}
	}
	strbuf_done(&looked);
	return t;
}

enum color_elem
theme_status_elem(int status)
{
	switch (status) {
	case JOB_STATUS_PROVISIONING:
		return COLOR_STATUS_PROVISIONING;
	case JOB_STATUS_PENDING:
		return COLOR_STATUS_PENDING;
	case JOB_STATUS_RUNNING:
		return COLOR_STATUS_RUNNING;
	case JOB_STATUS_DONE:
		return COLOR_STATUS_DONE;
	case JOB_STATUS_ERROR:
		return COLOR_STATUS_ERROR;
	case JOB_STATUS_CANCELLING:
		return COLOR_STATUS_CANCELLING;
	case JOB_STATUS_CANCELLED:
		return COLOR_STATUS_CANCELLED;
	default:
		return COLOR_STATUS_UNKNOWN;
	}
}
