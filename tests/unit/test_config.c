/* Unit tests of the configuration file: util/conffile (grammar), ui/settings (OPTION_INFO). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/logbuf.h"
#include "tap.h"
#include "ui/keymap.h"
#include "ui/settings.h"
#include "util/conffile.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static const char *srcdir;

/* Parses line; returns "set NAME|VALUE", "bind KEY|ACTION", "" (nothing) or
 * "error: WHY". Static: valid until the next call. */
static const char *
line_of(const char *line)
{
	static char out[256];
	struct conffile_rec rec;
	char *err = NULL;
	int r = conffile_parse_line(line, &rec, &err);

	if (r < 0) {
		snprintf(out, sizeof(out), "error: %s", err);
		free(err);
	} else if (r == 0) {
		out[0] = '\0';
	} else {
		snprintf(out, sizeof(out), "%s %s|%s", rec.kind == CONFFILE_SET ? "set" : "bind",
		         rec.a, rec.b);
		free(rec.a);
		free(rec.b);
	}
	return out;
}

static void
test_lines(void)
{
	is_str(line_of("set mouse = on"), "set mouse|on", "set NAME = VALUE");
	is_str(line_of("set mouse on"), "set mouse|on", "set NAME VALUE");
	is_str(line_of("set mouse=on"), "set mouse|on", "set NAME=VALUE");
	is_str(line_of("\t set  refresh-interval\t=  1.5  "), "set refresh-interval|1.5",
	       "blanks around words are ignored");
	is_str(line_of("set theme = light # for the day"), "set theme|light",
	       "a # that starts a word ends the value");
	is_str(line_of("set theme = a#b"), "set theme|a#b", "a # inside a word is kept");
	is_str(line_of("set theme = \"my themes/x # 1.theme\"  # c"),
	       "set theme|my themes/x # 1.theme", "a quoted value keeps spaces and #");
	is_str(line_of("set mouse = on\r"), "set mouse|on", "CR LF line ends");
	is_str(line_of("bind J move-down"), "bind J|move-down", "bind KEY ACTION");
	is_str(line_of("bind <C-x> quit # leave"), "bind <C-x>|quit", "bind with a comment");
	is_str(line_of(""), "", "blank line");
	is_str(line_of("   \t"), "", "whitespace only");
	is_str(line_of("# set mouse = on"), "", "comment");
	is_str(line_of("  # indented comment"), "", "indented comment");

	is_str(line_of("set"), "error: usage: set NAME = VALUE", "set without a name");
	is_str(line_of("set mouse"), "error: set mouse needs a value", "set without a value");
	is_str(line_of("set mouse ="), "error: set mouse needs a value", "set with = only");
	is_str(line_of("set Mouse = on"), "error: bad option name 'Mouse'", "names are lower case");
	is_str(line_of("set theme = \"x"), "error: unterminated \"quoted\" value",
	       "unterminated quote");
	is_str(line_of("set theme = \"x\" y"), "error: unexpected 'y' after the quoted value",
	       "text after a quoted value");
	is_str(line_of("bind J"), "error: usage: bind KEY ACTION", "bind without an action");
	is_str(line_of("bind J move-down now"), "error: usage: bind KEY ACTION",
	       "bind with a third word");
	is_str(line_of("mouse = on"), "error: unknown command 'mouse' (expected set or bind)",
	       "a line that is neither set nor bind");
	is_str(line_of("setmouse on"), "error: unknown command 'setmouse' (expected set or bind)",
	       "set must be a word of its own");
	is_str(line_of("set theme = a\033[1mb"), "error: control character in the line",
	       "control characters are refused");
}

static void
test_file(void)
{
	static const char text[] = "# dpjobs\n"
	                           "\n"
	                           "set mouse = on\n"
	                           "bind J move-down\n"
	                           "set theme light";
	struct conffile *cf;
	char *err = NULL;

	cf = conffile_parse(text, strlen(text), "cfg", &err);
	ok(cf != NULL && !err, "a file parses");
	is_int(cf ? (long)cf->n : -1, 3, "three records");
	if (cf && cf->n == 3) {
		is_int(cf->recs[0].line, 3, "records keep their line numbers");
		is_int(cf->recs[1].kind, CONFFILE_BIND, "the second record is a bind");
		is_str(cf->recs[2].b, "light", "the last line needs no newline");
	}
	conffile_free(cf);
	conffile_free(NULL);

	cf = conffile_parse("set mouse = on\n\nfrob\nset x = 1\n", 26, "/etc/c", &err);
	ok(cf == NULL, "a bad line fails the whole file");
	is_str(err, "/etc/c:3: unknown command 'frob' (expected set or bind)",
	       "the error is FILE:LINE: why, on one line");
	free(err);

	cf = conffile_parse("set mouse = on\nset a\0b\n", 22, "c", &err);
	is_str(err, "c:2: NUL byte in the line", "a NUL byte is refused");
	conffile_free(cf);
	free(err);

	cf = conffile_read("/nonexistent/dpjobs/config", &err);
	ok(cf == NULL && err == NULL, "a missing file is no file, not an error");
}

static void
test_bool_and_path(void)
{
	static const char *const yes[] = {"on", "true", "yes", "1", "ON", "True"};
	static const char *const no[] = {"off", "false", "no", "0", "OFF"};
	bool v, all = true;
	char *p;

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		all &= conffile_parse_bool(yes[i], &v) && v;
	ok(all, "on true yes 1 are true, in any case");
	all = true;
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		all &= conffile_parse_bool(no[i], &v) && !v;
	ok(all, "off false no 0 are false");
	ok(!conffile_parse_bool("maybe", &v) && !conffile_parse_bool("", &v),
	   "anything else is not a bool");

	setenv("DPJOBS_CONFIG", "/x/my.conf", 1);
	setenv("XDG_CONFIG_HOME", "/xdg", 1);
	setenv("HOME", "/home/u", 1);
	is_str(p = conffile_path(), "/x/my.conf", "DPJOBS_CONFIG wins");
	free(p);
	unsetenv("DPJOBS_CONFIG");
	is_str(p = conffile_path(), "/xdg/dpjobs/config", "then XDG_CONFIG_HOME");
	free(p);
	setenv("XDG_CONFIG_HOME", "relative", 1);
	is_str(p = conffile_path(), "/home/u/.config/dpjobs/config",
	       "a relative XDG_CONFIG_HOME is ignored: ~/.config");
	free(p);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
	ok(conffile_path() == NULL, "no HOME: no file");
}

static void
test_settings(void)
{
	struct settings s, c;
	char *err = NULL, *v;

	settings_init(&s);
	ok(!s.mouse && !s.log_colors && !s.readonly, "bools are off by default");
	ok(s.refresh_interval == 5, "refresh-interval is 5 s by default");
	is_str(s.theme, "default", "theme is default by default");
	ok(s.log_memory << 20 == LOGBUF_DEFAULT_BUDGET, "log-memory's default is logbuf's");
	is_int(settings_find("refresh-interval"), OPTION_REFRESH_INTERVAL, "find by name");
	is_int(settings_find("refresh"), OPTION_COUNT, "unknown names are not found");

	ok(settings_set(&s, OPTION_MOUSE, "yes", &err) && s.mouse, "set mouse yes");
	ok(settings_set(&s, OPTION_REFRESH_INTERVAL, "0.5", &err) && s.refresh_interval == 0.5,
	   "set refresh-interval 0.5");
	ok(!settings_set(&s, OPTION_REFRESH_INTERVAL, "0.1", &err) && s.refresh_interval == 0.5,
	   "refresh-interval below 0.5 is refused, the value kept");
	is_str(err, "refresh-interval: expected seconds between 0.5 and 86400, not '0.1'",
	       "and says why");
	free(err);
	ok(!settings_set(&s, OPTION_LOG_MEMORY, "0", &err), "log-memory 0 is refused");
	free(err);
	ok(!settings_set(&s, OPTION_LOG_MEMORY, "12x", &err), "log-memory 12x is refused");
	free(err);
	ok(!settings_set(&s, OPTION_LOG_COLORS, "maybe", &err), "log-colors maybe is refused");
	is_str(err, "log-colors: expected on or off, not 'maybe'", "and says why");
	free(err);
	ok(settings_set(&s, OPTION_THEME, "light", &err), "set theme light");
	ok(settings_set(&s, OPTION_LOG_MEMORY, "128", &err), "set log-memory 128");

	settings_copy(&c, &s);
	ok(c.theme != s.theme && strcmp(c.theme, "light") == 0, "a copy owns its strings");
	settings_done(&c);
	v = settings_format_all(&s);
	is_str(v,
	       "mouse=on refresh-interval=0.5 theme=light log-colors=off log-memory=128 "
	       "readonly=off",
	       "every option with its value, in OPTION_INFO order");
	free(v);
	for (int i = 0; i < OPTION_COUNT; i++) {
		v = settings_format(&s, (enum option_id)i);
		ok(settings_set(&s, (enum option_id)i, v, &err), "%s reads back what it shows",
		   settings_name((enum option_id)i));
		free(v);
	}
	settings_done(&s);
}

/* settings_load: through a real file named by DPJOBS_CONFIG. */
static void
test_load(void)
{
	char path[] = "/tmp/dpjobs-test-config-XXXXXX";
	struct settings s;
	char *err = NULL;
	FILE *f;
	int fd = mkstemp(path);

	ok(fd >= 0, "a temporary file");
	if (fd < 0)
		return;
	close(fd);
	setenv("DPJOBS_CONFIG", path, 1);
	keymap_init();
	settings_init(&s);

	f = fopen(path, "w");
	fputs("# mine\nset readonly = on\nset refresh-interval 1\nbind J move-down\n", f);
	fclose(f);
	ok(settings_load(&s, &err), "a good file loads");
	ok(s.readonly && s.refresh_interval == 1, "its values are set");
	is_int(keymap_lookup(PANE_LIST, "J"), ACTION_MOVE_DOWN, "its binds are bound");

	keymap_init();
	settings_done(&s);
	settings_init(&s);
	f = fopen(path, "w");
	fputs("set readonly = on\nbind J move-down\nset mouse = sometimes\n", f);
	fclose(f);
	ok(!settings_load(&s, &err), "a bad file fails");
	{
		char *want = xasprintf("%s:3: mouse: expected on or off, not 'sometimes'", path);

		is_str(err, want, "with FILE:LINE: why");
		free(want);
	}
	free(err);
	ok(!s.readonly, "nothing of it is half-applied: readonly stays off");
	is_int(keymap_lookup(PANE_LIST, "J"), ACTION_NONE, "and J stays unbound");

	unlink(path);
	ok(settings_load(&s, &err) && !err, "a missing file is fine");
	settings_done(&s);
	keymap_done();
	unsetenv("DPJOBS_CONFIG");
}

/* Every option of OPTION_INFO, with its default, is in dpjobs-config(5). */
static void
test_manpage(void)
{
	struct strbuf page = STRBUF_INIT;
	char *path = xasprintf("%s/doc/dpjobs-config.5", srcdir);
	char buf[4096];
	size_t n;
	int missing = 0;
	FILE *f = fopen(path, "r");

	ok(f != NULL, "dpjobs-config.5 is readable");
	while (f && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&page, buf, n);
	if (f)
		fclose(f);
	for (int i = 0; f && i < OPTION_COUNT; i++) {
		struct strbuf want = STRBUF_INIT;

		/* The page spells the option as roff must: '-' as "\-". */
		strbuf_addstr(&want, "\n.BI \"set ");
		for (const char *p = settings_name((enum option_id)i); *p; p++) {
			if (*p == '-')
				strbuf_addch(&want, '\\');
			strbuf_addch(&want, *p);
		}
		strbuf_addf(&want, " = \" %s\n", settings_default((enum option_id)i));
		if (!strstr(strbuf_str(&page), want.buf)) {
			missing++;
			printf("# not in the page: %s", want.buf + 1);
		}
		strbuf_done(&want);
	}
	is_int(missing, 0, "dpjobs-config.5 lists every option with its default");
	strbuf_done(&page);
	free(path);
}

int
main(void)
{
	srcdir = getenv("top_srcdir");
	if (!srcdir || !*srcdir)
		srcdir = TOP_SRCDIR;
	test_lines();
	test_file();
	test_bool_and_path();
	test_settings();
	test_load();
	test_manpage();
	return done_testing();
}
