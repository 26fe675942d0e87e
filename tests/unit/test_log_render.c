/* Unit tests of src/ui/log_render.c: wrap points, inert escapes, SGR colours, long lines. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "ui/log.h"
#include "util/timefmt.h"

/* log_render.c asks the app for theme colours; the test has no app. */
int
app_attr(const struct app *app, enum color_elem elem)
{
	(void)app;
	return elem == COLOR_LOG_ERROR ? COLOR_PAIR(1) : 0;
}

static WINDOW *win;

/* Row 0 of the window as text, trailing blanks cut. */
static const char *
row_text(void)
{
	static char buf[512];
	int n = mvwinnstr(win, 0, 0, buf, (int)sizeof(buf) - 1);

	if (n < 0)
		n = 0;
	buf[n] = '\0';
	while (n > 0 && buf[n - 1] == ' ')
		buf[--n] = '\0';
	return buf;
}

static const char *
draw(const char *s, size_t from, size_t to, size_t skip, int cols, bool colors)
{
	struct log_render_style st = {.colors = colors};

	werase(win);
	wmove(win, 0, 0);
	log_render_draw(win, s, from, to, skip, cols, &st);
	return row_text();
}

static void
test_wrap(void)
{
	struct log_render_cache c;
	const size_t *st;
	const char *wide = "a\xe4\xb8\x96\xe7\x95\x8c"
	                   "b"; /* a世界b */

	log_render_cache_init(&c);
	is_int(log_render_wrap(&c, 0, "abcdefghij", 10, 4, false, &st), 3,
	       "10 columns in 4: 3 rows");
	ok(st[1] == 4 && st[2] == 8, "rows start every 4 bytes");
	is_int(log_render_wrap(&c, 1, wide, strlen(wide), 2, false, &st), 4,
	       "a wide character never splits: a|世|界|b");
	ok(st[1] == 1 && st[2] == 4 && st[3] == 7, "rows start on character boundaries");
	is_int(log_render_wrap(&c, 2, "", 0, 10, false, &st), 1, "an empty line takes one row");
	is_int(log_render_wrap(&c, 3, "ab\033[31mcd", 9, 4, true, &st), 1,
	       "with log-colors an SGR sequence takes no columns");
	is_int(log_render_wrap(&c, 4, "ab\033[31mcd", 9, 4, false, &st), 4,
	       "without, it is shown as an escape and wraps: ab, \\x1b, [31m, cd");
	log_render_cache_done(&c);
}

static void
test_draw(void)
{
	is_str(draw("hello world", 0, 11, 0, 5, false), "hello", "cut to the columns");
	is_str(draw("hello world", 0, 11, 6, 20, false), "world", "skip scrolls sideways");
	is_str(draw("a\033[31mb", 0, 7, 0, 20, false), "a\\x1b[31mb", "escapes inert by default");
	is_str(draw("a\033[31mb\033[0m", 0, 11, 0, 20, true), "ab", "log-colors hides SGR");
	is_str(draw("a\033]0;title\007b", 0, 12, 0, 30, true), "a\\x1b]0;title\\x07b",
	       "other sequences stay inert with log-colors");
	is_str(draw("x\ty", 0, 3, 0, 20, false), "x       y", "tabs to the next stop");
	is_str(draw("abcdef", 2, 5, 0, 20, false), "cde", "a row of a wrapped line");
}

static void
test_long_line(void)
{
	size_t n = (size_t)1 << 20;
	char *s = malloc(n);
	struct log_render_cache c;
	const size_t *st;
	int64_t t0, t1, t2;

	for (size_t i = 0; i < n; i++)
		s[i] = (char)('a' + i % 26);
	t0 = timefmt_monotonic_ms();
	for (int k = 0; k < 100; k++)
		draw(s, 0, n, 0, 200, false);
	t1 = timefmt_monotonic_ms();
	ok(t1 - t0 < 200, "100 draws of a 1 MiB line's window: %d ms", (int)(t1 - t0));
	log_render_cache_init(&c);
	is_int(log_render_wrap(&c, 7, s, n, 100, false, &st), (int)(n / 100 + 1),
	       "1 MiB wrapped in 100 columns");
	t1 = timefmt_monotonic_ms();
	for (int k = 0; k < 1000; k++)
		log_render_wrap(&c, 7, s, n, 100, false, &st);
	t2 = timefmt_monotonic_ms();
	ok(t2 - t1 < 50, "its wrap points are cached: 1000 lookups in %d ms", (int)(t2 - t1));
	log_render_cache_done(&c);
	free(s);
}

int
main(void)
{
	FILE *out = fopen("/dev/null", "w");
	SCREEN *scr;

	setlocale(LC_ALL, "C.UTF-8");
	setenv("TERM", "xterm", 0);
	scr = newterm("xterm", out, stdin);
	if (!scr) {
		printf("1..0 # SKIP no terminal description\n");
		return 0;
	}
	win = newwin(1, 200, 0, 0);
	test_wrap();
	test_draw();
	test_long_line();
	delwin(win);
	endwin();
	delscreen(scr);
	fclose(out);
	return done_testing();
}
