/* Unit tests for src/ui/theme: grammar, errors, shipped themes, colour degradation, lookup. */
#include "ui/theme.c"

#include <locale.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "tap.h"

static const char *srcdir;

static char *
slurp(const char *path, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	char *err = NULL;

	if (theme_read_file(path, &sb, &err) != 0) {
		printf("# %s: %s\n", path, err ? err : "missing");
		free(err);
		strbuf_done(&sb);
		return NULL;
	}
	*len = sb.len;
	return strbuf_detach(&sb);
}

static struct theme *
parse(const char *text, char **err)
{
	return theme_parse(text, strlen(text), "t.theme", err);
}

#define IS_ERR(text, want, desc)                                                                   \
	do {                                                                                       \
		char *err_ = NULL;                                                                 \
		struct theme *t_ = parse((text), &err_);                                           \
		ok(t_ == NULL, "rejected: %s", (desc));                                            \
		is_str(err_, (want), "message: %s", (desc));                                       \
		theme_free(t_);                                                                    \
		free(err_);                                                                        \
	} while (0)

static bool
same_colour(const struct theme_colour *a, const struct theme_colour *b)
{
	return a->kind == b->kind && a->value == b->value;
}

static bool
same_elem(const struct theme_elem *a, const struct theme_elem *b)
{
	return same_colour(&a->fg, &b->fg) && same_colour(&a->bg, &b->bg) && a->attrs == b->attrs;
}

static void
test_default(void)
{
	struct theme *t = theme_default();

	is_str(theme_name(t), "default", "default: name");
	ok(!theme_uses_colour(t), "default: no colours before theme_apply");
	is_int(theme_attr(t, COLOR_DEFAULT), A_NORMAL, "default: default element is plain");
	is_int(theme_attr(t, COLOR_HEADER), A_BOLD | A_REVERSE,
	       "without colours a background becomes reverse video");
	is_int(theme_attr(t, COLOR_LIST_SELECTED), A_REVERSE, "selection stays visible");
	is_int(theme_attr(t, COLOR_STATUS_RUNNING), A_BOLD, "fg-only elements keep attributes");
	is_int(theme_attr(t, COLOR_STATUS_CANCELLED), A_DIM, "cancelled is dim");
	is_int(theme_attr(t, COLOR_COUNT), A_NORMAL, "an out-of-range element is plain");
	is_str(theme_elem_name(COLOR_STATUS_RUNNING), "status-running", "element names");
	ok(theme_elem_name(COLOR_COUNT) == NULL, "no name past the last element");
	theme_free(t);
	theme_free(NULL);
}

static void
test_grammar(void)
{
	const char *text;
	char *err = NULL;
	struct theme *t, *d = theme_default();
	const struct theme_elem *e;

	text = "# a comment\n"
	       "\n"
	       "   \t\n"
	       "  color header   red  #00FF80  bold underline\r\n"
	       "color statusline 12 color255\n"
	       "color Message brightred BrightBlack reverse normal dim # why\n"
	       "color escaped default default\n"
	       "color escaped 0 7 italic blink standout\n"
	       "color log-text color0 default";
	t = parse(text, &err);
	ok(t != NULL && err == NULL, "grammar: comments, blanks, CRLF, case, no final newline");
	if (!t) {
		free(err);
		theme_free(d);
		return;
	}
	is_str(theme_name(t), "t.theme", "a parsed theme is named by its source");
	e = &t->elem[COLOR_HEADER];
	ok(e->fg.kind == THEME_COLOUR_INDEX && e->fg.value == 1, "named colour");
	ok(e->bg.kind == THEME_COLOUR_RGB && e->bg.value == 0x00ff80, "#rrggbb, either case");
	ok(e->attrs == (A_BOLD | A_UNDERLINE), "two attributes");
	e = &t->elem[COLOR_STATUSLINE];
	ok(e->fg.value == 12 && e->bg.value == 255, "0-255 and colorN");
	e = &t->elem[COLOR_MESSAGE];
	ok(e->fg.value == 9 && e->bg.value == 8, "bright colours, any case");
	ok(e->attrs == A_DIM, "normal clears, a trailing # comment ends the line");
	e = &t->elem[COLOR_ESCAPED];
	ok(e->fg.value == 0 && e->bg.value == 7 && e->attrs == (A_ITALIC | A_BLINK | A_STANDOUT),
	   "the last line for an element wins");
	ok(same_elem(&t->elem[COLOR_STATUS_RUNNING], &d->elem[COLOR_STATUS_RUNNING]),
	   "elements not named keep the default");
	theme_free(t);
	theme_free(d);
}

/* `color ELEMENT FG [BG] [ATTR...]` of the configuration file over a theme. */
static void
test_set_color(void)
{
	struct theme *t = theme_default();
	const struct theme_elem *e = &t->elem[COLOR_HEADER];
	char *err = NULL;

	ok(theme_set_color(t, "header", "red", &err), "color header red");
	ok(e->fg.value == 1 && e->bg.value == 4 && e->attrs == A_BOLD,
	   "only the foreground changes: the theme's blue background and bold stay");
	ok(theme_set_color(t, "header", "green underline", &err), "color header green underline");
	ok(e->fg.value == 2 && e->bg.value == 4 && e->attrs == A_UNDERLINE,
	   "attributes given replace the theme's; the background stays");
	ok(theme_set_color(t, "Header", "#102030 yellow", &err), "color Header #102030 yellow");
	ok(e->fg.kind == THEME_COLOUR_RGB && e->bg.value == 3 && e->attrs == A_UNDERLINE,
	   "a background given replaces it, attributes stay");
	ok(!theme_set_color(t, "header", "red blue sparkly", &err), "a bad attribute is refused");
	is_str(err, "color: unknown attribute 'sparkly'", "... saying which");
	free(err);
	ok(e->fg.kind == THEME_COLOUR_RGB, "... and nothing changed");
	ok(!theme_set_color(NULL, "headr", "red", &err), "an unknown element");
	is_str(err, "color: unknown element 'headr'", "... is named");
	free(err);
	ok(!theme_set_color(NULL, "header", "", &err), "no colour at all");
	free(err);
	ok(theme_set_color(NULL, "status-done", "brightgreen default bold", &err),
	   "with no theme it only checks");
	theme_free(t);
}

static void
test_errors(void)
{
	char *err = NULL;
	struct theme *t;

	IS_ERR("\ncolor nope red default\n", "t.theme:2: unknown element 'nope'",
	       "unknown element");
	IS_ERR("color header purple default\n",
	       "t.theme:1: bad colour (a name, 0-255, color0-color255 or #rrggbb) 'purple'",
	       "unknown colour name");
	IS_ERR("color header red 256\n",
	       "t.theme:1: bad colour (a name, 0-255, color0-color255 or #rrggbb) '256'",
	       "colour number out of range");
	IS_ERR("color header color-1 red\n",
	       "t.theme:1: bad colour (a name, 0-255, color0-color255 or #rrggbb) 'color-1'",
	       "negative colour");
	IS_ERR("color header #12345 red\n",
	       "t.theme:1: bad colour (a name, 0-255, color0-color255 or #rrggbb) '#12345'",
	       "short #rgb");
	IS_ERR("color header #gg0000 red\n",
	       "t.theme:1: bad colour (a name, 0-255, color0-color255 or #rrggbb) '#gg0000'",
	       "bad hex digit");
	IS_ERR("color header red blue loud\n", "t.theme:1: unknown attribute 'loud'",
	       "unknown attribute");
	IS_ERR("color header red\n", "t.theme:1: expected: color ELEMENT FG BG [ATTR...]",
	       "missing background");
	IS_ERR("colour header red blue\n",
	       "t.theme:1: unknown command (expected: color ELEMENT FG BG [ATTR...] or source "
	       "THEME) 'colour'",
	       "unknown command");
	IS_ERR("COLOR header red blue\n",
	       "t.theme:1: unknown command (expected: color ELEMENT FG BG [ATTR...] or source "
	       "THEME) 'COLOR'",
	       "the command is lower case");
	IS_ERR("color \x1b]0;x\x07 red blue\n", "t.theme:1: unknown element '\\x1b]0;x\\x07'",
	       "an escape in the file is shown inert");
	IS_ERR("color aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa red blue\n",
	       "t.theme:1: unknown element 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...'",
	       "a long word is cut");

	t = theme_parse("color header red blue\n\0x", 24, "nul.theme", &err);
	ok(t == NULL, "a NUL byte is rejected");
	is_str(err, "nul.theme:2: NUL byte: not a theme file", "NUL byte: message");
	free(err);
	t = theme_parse("", 0, "empty.theme", &err);
	ok(t != NULL && err == NULL, "an empty file is the default theme");
	theme_free(t);
}

/* default.theme is what is compiled in; light and mono name every element,
 * so they do not depend on the compiled-in defaults. */
static void
test_shipped(void)
{
	static const char *const names[] = {"default", "light", "mono"};
	struct theme *d = theme_default();

	for (size_t k = 0; k < 3; k++) {
		char *path = xasprintf("%s/themes/%s.theme", srcdir, names[k]);
		bool named[COLOR_COUNT] = {false};
		int missing = 0, coloured = 0, differ = 0;
		char *text, *err = NULL, *line, *save = NULL;
		struct theme *t;
		size_t len = 0;

		text = slurp(path, &len);
		if (!text) {
			ok(0, "%s.theme: readable", names[k]);
			free(path);
			continue;
		}
		t = theme_parse(text, len, path, &err);
		ok(t != NULL, "%s.theme parses%s%s", names[k], err ? ": " : "", err ? err : "");
		ok(text[0] == '#', "%s.theme starts with a header comment", names[k]);
		for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			char elem[64];

			if (sscanf(line, "color %63s", elem) == 1 && theme_find_elem(elem) >= 0)
				named[theme_find_elem(elem)] = true;
		}
		for (int i = 0; i < COLOR_COUNT; i++) {
			missing += !named[i];
			if (t) {
				coloured += t->elem[i].fg.kind != THEME_COLOUR_DEFAULT ||
				            t->elem[i].bg.kind != THEME_COLOUR_DEFAULT;
				differ += !same_elem(&t->elem[i], &d->elem[i]);
			}
		}
		is_int(missing, 0, "%s.theme names every element", names[k]);
		if (k == 0)
			is_int(differ, 0, "default.theme is the compiled-in theme");
		if (k == 2)
			is_int(coloured, 0, "mono.theme has no colours");
		theme_free(t);
		free(err);
		free(text);
		free(path);
	}
	theme_free(d);
}

/* Every element and its default appear in the man page, so it cannot drift. */
static void
test_manpage(void)
{
	char *path = xasprintf("%s/doc/dpjobs-config.5", srcdir);
	size_t len = 0;
	char *page = slurp(path, &len);
	int missing = 0;

	ok(page != NULL, "dpjobs-config.5 is readable");
	for (int i = 0; page && i < COLOR_COUNT; i++) {
		struct strbuf want = STRBUF_INIT;

		/* The page spells the element as roff must: '-' as "\-". */
		strbuf_addstr(&want, "\n.BI ");
		for (const char *p = theme_info[i].name; *p; p++) {
			if (*p == '-')
				strbuf_addch(&want, '\\');
			strbuf_addch(&want, *p);
		}
		strbuf_addf(&want, " \" %s\"\n", theme_info[i].def);
		if (!strstr(page, want.buf)) {
			missing++;
			printf("# not in the page: %s", want.buf + 1);
		}
		strbuf_done(&want);
	}
	is_int(missing, 0, "dpjobs-config.5 lists every element with its default");
	free(page);
	free(path);
}

static void
test_map(void)
{
	struct theme_colour red = {THEME_COLOUR_INDEX, 1}, bred = {THEME_COLOUR_INDEX, 9};
	struct theme_colour grey = {THEME_COLOUR_INDEX, 8}, c196 = {THEME_COLOUR_INDEX, 196};
	struct theme_colour rgb_red = {THEME_COLOUR_RGB, 0xff0000};
	struct theme_colour rgb_grey = {THEME_COLOUR_RGB, 0x808080};
	struct theme_colour orange = {THEME_COLOUR_RGB, 0xffa500};
	struct theme_colour rgb = {THEME_COLOUR_RGB, 0x123456};
	struct theme_colour black = {THEME_COLOUR_RGB, 0};
	struct theme_colour def = {THEME_COLOUR_DEFAULT, 0};
	bool bold = false;

	is_int(theme_map(&c196, 256, true, true, &bold), 196, "256: index kept");
	is_int(theme_map(&rgb_red, 256, true, true, &bold), 196, "256: #ff0000 is 196");
	is_int(theme_map(&rgb_grey, 256, true, true, &bold), 244, "256: #808080 is grey 244");
	is_int(theme_map(&red, 256, true, true, &bold), 1, "256: named colour kept");
	is_int(theme_map(&c196, 16, true, true, &bold), 9, "16: 196 is bright red");
	is_int(theme_map(&rgb_red, 16, true, true, &bold), 9, "16: #ff0000 is bright red");
	is_int(theme_map(&c196, 88, true, true, &bold), 9, "88: treated as 16 for indices >= 16");
	is_int(theme_map(&bred, 16, true, true, &bold), 9, "16: bright kept");
	ok(!bold, "16: no bold needed");
	is_int(theme_map(&rgb_red, 8, true, true, &bold), 1, "8: #ff0000 is red");
	is_int(theme_map(&orange, 8, true, true, &bold), 3, "8: orange is yellow");
	is_int(theme_map(&bred, 8, true, false, &bold), 1, "8: bright red background is red");
	ok(!bold, "8: background brightness is not bold");
	is_int(theme_map(&grey, 8, true, true, &bold), 0, "8: bright black is black...");
	ok(bold, "8: ...drawn bold");
	is_int(theme_map(&def, 256, true, true, &bold), -1, "default: the terminal's own");
	is_int(theme_map(&def, 256, false, true, &bold), COLOR_WHITE,
	       "default without use_default_colors: white text...");
	is_int(theme_map(&def, 256, false, false, &bold), COLOR_BLACK, "...on black");
	is_int(theme_map(&rgb, 0x1000000, true, true, &bold), 0x123456, "direct: RGB packed");
	is_int(theme_map(&red, 0x1000000, true, true, &bold), 1, "direct: ANSI kept");
	is_int(theme_map(&c196, 0x1000000, true, true, &bold), 0xff0000, "direct: 196 as RGB");
	is_int(theme_map(&black, 0x1000000, true, true, &bold), 8,
	       "direct: #000000 does not become ANSI black's number");
}

static int fake_pairs;
static int fake_fg[300], fake_bg[300];

static int
fake_init_pair(int pair, int fg, int bg)
{
	fake_pairs++;
	fake_fg[pair] = fg;
	fake_bg[pair] = bg;
	return OK;
}

static void
test_resolve(void)
{
	struct theme *t = theme_default();
	int hp, sp;

	fake_pairs = 0;
	theme_resolve(t, 256, true, 256, fake_init_pair);
	ok(theme_uses_colour(t), "resolve: colours used");
	hp = PAIR_NUMBER(theme_attr(t, COLOR_HEADER));
	sp = PAIR_NUMBER(theme_attr(t, COLOR_STATUSLINE));
	ok(hp > 0 && fake_fg[hp] == COLOR_WHITE && fake_bg[hp] == COLOR_BLUE,
	   "resolve: header is white on blue");
	is_int(hp, sp, "resolve: header and statusline share a pair");
	ok((theme_attr(t, COLOR_HEADER) & A_BOLD) && !(theme_attr(t, COLOR_STATUSLINE) & A_BOLD),
	   "resolve: attributes stay per element");
	is_int(PAIR_NUMBER(theme_attr(t, COLOR_DEFAULT)), 0, "resolve: default default is pair 0");
	ok(fake_pairs < COLOR_COUNT, "resolve: pairs are shared (%d pairs)", fake_pairs);
	ok(fake_bg[PAIR_NUMBER(theme_attr(t, COLOR_STATUS_RUNNING))] == -1,
	   "resolve: default background is -1");
	{
		struct theme *m;
		char *path = xasprintf("%s/themes/mono.theme", srcdir), *err = NULL;
		size_t len = 0;
		char *text = slurp(path, &len);

		m = text ? theme_parse(text, len, path, &err) : NULL;
		if (m)
			theme_resolve(m, 256, true, 256, fake_init_pair);
		ok(m && !theme_uses_colour(m), "resolve: mono.theme uses no colour");
		ok(m && theme_attr(m, COLOR_LIST_SELECTED) == (int)(A_REVERSE | A_BOLD),
		   "resolve: mono.theme keeps its attributes on a colour terminal");
		theme_free(m);
		free(err);
		free(text);
		free(path);
	}

	theme_resolve(t, 256, true, 2, fake_init_pair);
	is_int(PAIR_NUMBER(theme_attr(t, COLOR_HEADER)), 1, "resolve: first pair allocated");
	is_int(theme_attr(t, COLOR_LIST_SELECTED), A_REVERSE,
	       "resolve: out of pairs: attributes only, reverse for a background");

	theme_resolve(t, 0, false, 0, fake_init_pair);
	ok(!theme_uses_colour(t), "resolve: no colours");
	is_int(theme_attr(t, COLOR_HEADER), A_BOLD | A_REVERSE, "resolve: no colours, mono attrs");
	theme_free(t);
}

/* The real thing: newterm on terminfo entries that every Debian has. */
static void
test_apply(void)
{
	static const struct {
		const char *term;
		const char *no_color;
		bool colour;
	} cases[] = {
	    {"xterm-256color", NULL, true}, {"xterm", NULL, true},
	    {"xterm-mono", NULL, false},    {"xterm-256color", "1", false},
	    {"xterm-256color", "", true},
	};

	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
		struct theme *t = theme_default();
		SCREEN *scr;

		if (cases[k].no_color)
			setenv("NO_COLOR", cases[k].no_color, 1);
		else
			unsetenv("NO_COLOR");
		scr = out && in ? newterm(cases[k].term, out, in) : NULL;
		if (!scr) {
			ok(0, "newterm %s", cases[k].term);
		} else {
			int fg = 0, bg = 0, pair;

			start_color();
			theme_apply(t, true);
			ok(theme_uses_colour(t) == cases[k].colour, "apply: %s, NO_COLOR=%s: %s",
			   cases[k].term, cases[k].no_color ? cases[k].no_color : "(unset)",
			   cases[k].colour ? "colours" : "attributes only");
			pair = PAIR_NUMBER(theme_attr(t, COLOR_HEADER));
			if (cases[k].colour) {
				extended_pair_content(pair, &fg, &bg);
				ok(pair > 0 && fg == COLOR_WHITE && bg == COLOR_BLUE,
				   "apply: %s: header pair %d is white on blue", cases[k].term,
				   pair);
			} else {
				is_int(theme_attr(t, COLOR_HEADER), A_BOLD | A_REVERSE,
				       "apply: %s: header is bold reverse", cases[k].term);
			}
			theme_apply(t, false);
			ok(!theme_uses_colour(t), "apply: use_colour false turns colours off");
			endwin();
			delscreen(scr);
		}
		theme_free(t);
		if (out)
			fclose(out);
		if (in)
			fclose(in);
	}
	unsetenv("NO_COLOR");
	ok(theme_env_allows_colour(), "NO_COLOR unset allows colour");
	setenv("NO_COLOR", "", 1);
	ok(theme_env_allows_colour(), "NO_COLOR empty allows colour");
	setenv("NO_COLOR", "0", 1);
	ok(!theme_env_allows_colour(), "NO_COLOR=0 (any value) forbids colour");
	unsetenv("NO_COLOR");
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void
test_load(void)
{
	char tmpl[] = "/tmp/test_theme.XXXXXX";
	char *tmp = mkdtemp(tmpl), *err = NULL, *themes = xasprintf("%s/themes", srcdir);
	char *p;
	struct theme *t;

	if (!tmp) {
		ok(0, "mkdtemp");
		free(themes);
		return;
	}
	setenv("DPJOBS_THEME_DIR", themes, 1);
	t = theme_load("light", &err);
	ok(t && !err, "load: NAME from DPJOBS_THEME_DIR");
	if (t)
		is_str(theme_name(t), "light", "load: named by NAME");
	theme_free(t);
	t = theme_load("nope", &err);
	ok(!t, "load: unknown name fails");
	p = xasprintf("theme 'nope' not found in %s", themes);
	is_str(err, p, "load: says where it looked");
	free(p);
	free(err);
	t = theme_load(".hidden", &err);
	is_str(err, "theme: bad name (letters, digits, '.', '_', '-') '.hidden'",
	       "load: a name cannot start with '.'");
	free(err);
	t = theme_load("", &err);
	ok(!t && err, "load: empty name fails");
	free(err);

	setenv("DPJOBS_THEME_DIR", tmp, 1);
	t = theme_load("default", &err);
	ok(t && !err, "load: default falls back to the compiled-in theme");
	theme_free(t);

	p = xasprintf("%s/bad.theme", tmp);
	write_file(p, "# bad\ncolor header red\n");
	t = theme_load("bad", &err);
	ok(!t, "load: a bad theme is not loaded");
	free(p);
	p = xasprintf("%s/bad.theme:2: expected: color ELEMENT FG BG [ATTR...]", tmp);
	is_str(err, p, "load: file:line in the message");
	free(p);
	free(err);

	p = xasprintf("%s/fifo.theme", tmp);
	mkfifo(p, 0600);
	t = theme_load(p, &err);
	ok(!t && err && strstr(err, "not a regular file"), "load: a FIFO is refused, not read");
	free(err);
	unlink(p);
	free(p);

	t = theme_load(tmp, &err);
	ok(!t && err && strstr(err, "not a regular file"), "load: a directory is refused");
	free(err);

	p = xasprintf("%s/big.theme", tmp);
	{
		FILE *f = fopen(p, "w");

		for (int i = 0; f && i < THEME_MAX_SIZE / 8 + 1; i++)
			fputs("#commen\n", f);
		if (f)
			fclose(f);
	}
	t = theme_load(p, &err);
	ok(!t && err && strstr(err, "too large"), "load: a huge file is refused");
	free(err);
	unlink(p);
	free(p);

	p = xasprintf("%s/none.theme", tmp);
	t = theme_load(p, &err);
	free(p);
	p = xasprintf("%s/none.theme: No such file or directory", tmp);
	is_str(err, p, "load: a missing PATH");
	free(p);
	free(err);

	/* XDG_CONFIG_HOME, then ~/.config when it is unset. */
	unsetenv("DPJOBS_THEME_DIR");
	p = xasprintf("%s/dpjobs", tmp);
	mkdir(p, 0700);
	free(p);
	p = xasprintf("%s/dpjobs/themes", tmp);
	mkdir(p, 0700);
	free(p);
	p = xasprintf("%s/dpjobs/themes/mine-x.theme", tmp);
	write_file(p, "color header green default\n");
	setenv("XDG_CONFIG_HOME", tmp, 1);
	t = theme_load("mine-x", &err);
	ok(t && t->elem[COLOR_HEADER].fg.value == 2, "load: from $XDG_CONFIG_HOME/dpjobs/themes");
	theme_free(t);
	free(err);
	/* Not installed: the test runs from the build tree, so the source
	 * tree's themes/ is searched after the user's directory. */
	t = theme_load("light", &err);
	ok(t && !err, "load: from the source tree when run from the build tree");
	theme_free(t);
	free(err);
	unsetenv("XDG_CONFIG_HOME");
	{
		char *cfg = xasprintf("%s/.config", tmp),
		     *dir = xasprintf("%s/.config/dpjobs", tmp);
		char *tdir = xasprintf("%s/.config/dpjobs/themes", tmp);
		char *f = xasprintf("%s/.config/dpjobs/themes/mine-y.theme", tmp);

		mkdir(cfg, 0700);
		mkdir(dir, 0700);
		mkdir(tdir, 0700);
		write_file(f, "color header blue default\n");
		setenv("HOME", tmp, 1);
		t = theme_load("mine-y", &err);
		ok(t && t->elem[COLOR_HEADER].fg.value == 4, "load: from ~/.config/dpjobs/themes");
		theme_free(t);
		free(err);
		unlink(f);
		rmdir(tdir);
		rmdir(dir);
		rmdir(cfg);
		free(cfg);
		free(dir);
		free(tdir);
		free(f);
	}
	unlink(p);
	free(p);
	p = xasprintf("%s/dpjobs/themes", tmp);
	rmdir(p);
	free(p);
	p = xasprintf("%s/dpjobs", tmp);
	rmdir(p);
	free(p);
	p = xasprintf("%s/bad.theme", tmp);
	unlink(p);
	free(p);
	rmdir(tmp);
	free(themes);
}

/* `source` in a theme file: the base's colours under the file's own lines. */
static void
test_source(void)
{
	char tmpl[] = "/tmp/test_theme_src.XXXXXX";
	char *tmp = mkdtemp(tmpl), *err = NULL, *sub, *base, *mine, *loop, *p;
	struct theme *t;

	if (!tmp) {
		ok(0, "mkdtemp");
		return;
	}
	sub = xasprintf("%s/sub", tmp);
	mkdir(sub, 0700);
	base = xasprintf("%s/sub/base.theme", tmp);
	mine = xasprintf("%s/mine.theme", tmp);
	loop = xasprintf("%s/loop.theme", tmp);
	write_file(base, "color header green default\ncolor message red default\n");
	write_file(mine,
	           "# light with one change\nsource sub/base.theme\ncolor message blue default\n");
	t = theme_load(mine, &err);
	ok(t && !err, "source: a theme built on another loads");
	ok(t && t->elem[COLOR_HEADER].fg.value == 2, "source: the base's colours are there");
	ok(t && t->elem[COLOR_MESSAGE].fg.value == 4, "source: lines after it win");
	theme_free(t);
	free(err);

	write_file(mine, "color message blue default\nsource sub/base.theme\n");
	t = theme_load(mine, &err);
	ok(t && t->elem[COLOR_MESSAGE].fg.value == 1, "source: lines before it give way");
	theme_free(t);
	free(err);

	write_file(loop, "source ./loop.theme\n");
	t = theme_load(loop, &err);
	ok(!t && err && strstr(err, "nested too deep"),
	   "source: a theme that sources itself fails");
	free(err);

	write_file(mine, "\nsource sub/none.theme\n");
	t = theme_load(mine, &err);
	p = xasprintf("%s:2: %s/sub/none.theme: No such file or directory", mine, tmp);
	ok(!t, "source: a missing base fails the theme");
	is_str(err, p, "source: ... naming the line and the missing file");
	free(p);
	free(err);

	write_file(mine, "source\n");
	t = theme_load(mine, &err);
	ok(!t && err && strstr(err, ":1: source needs a theme NAME or PATH"),
	   "source: without an argument fails");
	free(err);

	unlink(base);
	unlink(mine);
	unlink(loop);
	rmdir(sub);
	rmdir(tmp);
	free(sub);
	free(base);
	free(mine);
	free(loop);
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	srcdir = getenv("top_srcdir");
	if (!srcdir || !*srcdir)
		srcdir = TOP_SRCDIR;
	test_default();
	test_grammar();
	test_set_color();
	test_errors();
	test_shipped();
	test_manpage();
	test_map();
	test_resolve();
	test_apply();
	test_load();
	test_source();
	return done_testing();
}
