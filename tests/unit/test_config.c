/* Unit tests of the configuration file: util/conffile (grammar, source, profiles), ui/settings. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/logbuf.h"
#include "tap.h"
#include "ui/keymap.h"
#include "ui/settings.h"
#include "util/conffile.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static const char *srcdir;

/* Parses line; returns "set NAME|VALUE", "bind [KEYMAP|]KEY|ACTION",
 * "color ELEM|SPEC", "source FILE", "profile NAME", "" (nothing) or
 * "error: WHY". Static: valid until the next call. */
static const char *
line_of(const char *line)
{
	static const char *const kinds[] = {"set", "bind", "color", "source", "profile"};
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
		snprintf(out, sizeof(out), "%s %s%s%s%s%s", kinds[rec.kind], rec.c ? rec.c : "",
		         rec.c ? "|" : "", rec.a, rec.b ? "|" : "", rec.b ? rec.b : "");
		free(rec.a);
		free(rec.b);
		free(rec.c);
	}
	return out;
}

static void
test_lines(void)
{
	is_str(line_of("set mouse = on"), "set mouse|on", "set NAME = VALUE");
	is_str(line_of("set mouse on"), "set mouse|on", "set NAME VALUE");
	is_str(line_of("set mouse=on"), "set mouse|on", "set NAME=VALUE");
	is_str(line_of("mouse = on"), "set mouse|on", "bare NAME = VALUE");
	is_str(line_of("token-command = yc iam create-token"),
	       "set token-command|yc iam create-token",
	       "an unquoted value is the rest of the line");
	is_str(line_of("auth=metadata"), "set auth|metadata", "bare NAME=VALUE");
	is_str(line_of("profile = work"), "set profile|work", "profile = NAME sets a key");
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
	is_str(line_of("bind log w quit"), "bind log|w|quit", "bind KEYMAP KEY ACTION");
	is_str(line_of("color header  red   blue bold # x"), "color header|red blue bold",
	       "color ELEMENT FG BG ATTR, words joined by one space");
	is_str(line_of("color status-done green"), "color status-done|green", "color without BG");
	is_str(line_of("source  \"my dir/x.conf\""), "source my dir/x.conf", "source FILE, quoted");
	is_str(line_of("source ~/.dpjobs-extra # c"), "source ~/.dpjobs-extra", "source ~/FILE");
	is_str(line_of("profile prod-1.eu_x"), "profile prod-1.eu_x", "profile NAME");
	is_str(line_of(""), "", "blank line");
	is_str(line_of("   \t"), "", "whitespace only");
	is_str(line_of("# set mouse = on"), "", "comment");
	is_str(line_of("  # indented comment"), "", "indented comment");

	is_str(line_of("set"), "error: usage: set NAME = VALUE", "set without a name");
	is_str(line_of("set mouse"), "error: mouse needs a value", "set without a value");
	is_str(line_of("set mouse ="), "error: mouse needs a value", "set with = only");
	is_str(line_of("mouse ="), "error: mouse needs a value", "bare NAME = without a value");
	is_str(line_of("set Mouse = on"), "error: bad option name 'Mouse'", "names are lower case");
	is_str(line_of("set theme = \"x"), "error: unterminated \"quoted\" value",
	       "unterminated quote");
	/* Was "unexpected 'RET'": the rest of a token with a stray quote in it. */
	is_str(line_of("set theme = \"x\" y"), "error: unexpected text after the quoted value",
	       "text after a quoted value: not quoted back");
	is_str(line_of("set oauth-token:y0_AgAAAAsecret"),
	       "error: bad option name 'oauth-token'...",
	       "a bad name is quoted up to its first odd character only");
	is_str(line_of("set oauth-tokeny0_AgAAAAsecret = x"),
	       "error: bad option name (26 characters, no name is that long)",
	       "a name longer than any is not quoted (a token that lost its blank)");
	is_str(line_of("bind J"), "error: usage: bind [KEYMAP] KEY ACTION",
	       "bind without an action");
	is_str(line_of("bind log J move-down now"), "error: usage: bind [KEYMAP] KEY ACTION",
	       "bind with a fourth word");
	is_str(line_of("color header"), "error: usage: color ELEMENT FG [BG] [ATTR...]",
	       "color without a colour");
	is_str(line_of("source"), "error: usage: source FILE", "source without a file");
	is_str(line_of("profile"), "error: usage: profile NAME", "profile without a name");
	is_str(line_of("profile a b"), "error: usage: profile NAME", "profile with two names");
	is_str(line_of("profile a/b"),
	       "error: bad profile name 'a/b' (letters, digits, '-', '_', '.')",
	       "profile names are plain");
	is_str(line_of("mouse on"),
	       "error: unknown command 'mouse' (expected set, bind, color, source, profile or "
	       "NAME = VALUE)",
	       "a NAME without = is not an assignment");
	is_str(line_of("setmouse on"),
	       "error: unknown command 'setmouse' (expected set, bind, color, source, profile or "
	       "NAME = VALUE)",
	       "set must be a word of its own");
	is_str(
	    line_of("y0_AgAAAAsecret-token.value"),
	    "error: unknown command (expected set, bind, color, source, profile or NAME = VALUE)",
	    "a word that is no name is not repeated: it may be a token");
	is_str(line_of("set theme = a\033[1mb"), "error: control character in the line",
	       "control characters are refused");
}

/* Writes text to dir/name; returns the path (caller frees). */
static char *
write_file(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
	return path;
}

static void
test_file(void)
{
	static const char text[] = "# dpjobs\n"
	                           "\n"
	                           "set mouse = on\n"
	                           "bind J move-down\n"
	                           "set theme light";
	static const char bad[] = "set mouse = on\n\nfrob\nset x = 1\nsource y\n";
	struct conffile *cf;

	cf = conffile_parse(text, strlen(text), "cfg");
	ok(cf != NULL && cf->nwarnings == 0, "a file parses");
	is_int(cf ? (long)cf->n : -1, 3, "three records");
	if (cf && cf->n == 3) {
		is_int(cf->recs[0].line, 3, "records keep their line numbers");
		is_str(cf->recs[0].file, "cfg", "and their file");
		ok(cf->recs[0].profile == NULL, "lines before any profile are global");
		is_int(cf->recs[1].kind, CONFFILE_BIND, "the second record is a bind");
		is_str(cf->recs[2].b, "light", "the last line needs no newline");
	}
	conffile_free(cf);
	conffile_free(NULL);

	cf = conffile_parse(bad, strlen(bad), "/etc/c");
	is_int(cf->n, 2, "a bad line is left out, the others kept");
	is_int(cf->nwarnings, 2, "each bad line is one warning");
	is_str(cf->nwarnings ? cf->warnings[0] : "",
	       "/etc/c:3: unknown command 'frob' (expected set, bind, color, source, profile or "
	       "NAME = VALUE)",
	       "the warning is FILE:LINE: why, on one line");
	is_str(cf->nwarnings > 1 ? cf->warnings[1] : "", "/etc/c:5: source: not in a file",
	       "a text that is no file sources nothing");
	conffile_free(cf);

	cf = conffile_parse("set mouse = on\nset a\0b\nset c = 1\n", 32, "c");
	is_str(cf->nwarnings ? cf->warnings[0] : "", "c:2: NUL byte in the line",
	       "a NUL byte is refused");
	is_int(cf->n, 2, "and the lines around it kept");
	conffile_free(cf);

	cf = conffile_parse("set x = \033]0;pwn\007\n", 16, "f\033[2J");
	ok(cf->nwarnings == 1 && !strchr(cf->warnings[0], '\033'),
	   "warnings are sanitized: no escape from the file or its name");
	conffile_free(cf);
}

static void
test_profiles(void)
{
	static const char text[] = "set mouse = on\n"
	                           "profile work\n"
	                           "endpoint = a:1\n"
	                           "profile home\n"
	                           "endpoint = b:2\n"
	                           "profile work\n"
	                           "cluster-id = c\n";
	struct conffile *cf = conffile_parse(text, strlen(text), "p");

	is_int(cf->nprofiles, 2, "two profiles defined");
	ok(cf->nprofiles == 2 && strcmp(cf->profiles[0], "work") == 0 &&
	       strcmp(cf->profiles[1], "home") == 0,
	   "in order of first mention");
	ok(conffile_has_profile(cf, "home") && !conffile_has_profile(cf, "nope"),
	   "conffile_has_profile");
	is_int(cf->n, 4, "profile lines are no records");
	if (cf->n == 4) {
		ok(!cf->recs[0].profile, "before the first profile: global");
		is_str(cf->recs[1].profile, "work", "a section runs to the next profile line");
		is_str(cf->recs[2].profile, "home", "the next one starts there");
		is_str(cf->recs[3].profile, "work", "a profile may be continued later");
	}
	conffile_free(cf);
}

/* source: relative paths, ~/, sections, a missing file, a cycle, depth. */
static void
test_source(void)
{
	char dir[] = "/tmp/dpjobs-test-source-XXXXXX";
	char *top, *sub, *deep, *err = NULL, *want;
	struct conffile *cf;

	if (!mkdtemp(dir)) {
		ok(0, "a temporary directory");
		return;
	}
	sub = xasprintf("%s/sub", dir);
	mkdir(sub, 0700);
	free(sub);
	top = write_file(dir, "top",
	                 "set mouse = on\nprofile p\nsource sub/a\nsource nope\n"
	                 "set theme = x\n");
	sub = write_file(dir, "sub/a",
	                 "set log-colors = on\nsource b\nprofile q\nset readonly = on\n");
	free(write_file(dir, "sub/b", "set refresh-interval = 2\nsource ../top\n"));
	cf = conffile_read(top, &err);
	ok(cf && !err, "a file with sources reads");
	if (!cf)
		return;
	is_int(cf->n, 5, "its records and those of the files it sources");
	if (cf->n == 5) {
		is_str(cf->recs[1].a, "log-colors", "sourced lines come where the source line is");
		is_str(cf->recs[1].profile, "p", "in the section of the source line");
		is_str(cf->recs[2].a, "refresh-interval",
		       "a relative source is relative to its file");
		is_str(cf->recs[3].profile, "q", "a sourced file's own profile line");
		is_str(cf->recs[4].profile, "p", "ends with that file");
		want = xasprintf("%s/sub/a", dir);
		is_str(cf->recs[1].file, want, "records name the file they are in");
		free(want);
	}
	is_int(cf->nwarnings, 2, "a cycle and a missing file: two warnings");
	want = xasprintf("%s/sub/b:2: source %s/sub/../top: already being read (a cycle), not "
	                 "read again",
	                 dir, dir);
	is_str(cf->nwarnings > 0 ? cf->warnings[0] : "", want, "a cycle is refused at its line");
	free(want);
	want = xasprintf("%s:4: source %s/nope: No such file or directory", top, dir);
	is_str(cf->nwarnings > 1 ? cf->warnings[1] : "", want, "a missing source is a warning");
	free(want);
	conffile_free(cf);

	/* A chain of 10 files: the 9th (8 sources deep) may not source the 10th. */
	for (int i = 0; i < 10; i++) {
		char name[8], *text;

		snprintf(name, sizeof(name), "d%d", i);
		text = xasprintf("set k%d = v\nsource d%d\n", i, i + 1);
		free(write_file(dir, name, text));
		free(text);
	}
	deep = xasprintf("%s/d0", dir);
	cf = conffile_read(deep, &err);
	is_int(cf ? (long)cf->n : -1, 9, "sources nest 8 deep");
	want = xasprintf("%s/d8:2: source d9: nested more than 8 deep, not read", dir);
	is_str(cf && cf->nwarnings ? cf->warnings[0] : "", want, "and no deeper");
	free(want);
	conffile_free(cf);

	setenv("HOME", dir, 1);
	free(write_file(dir, "home.conf", "source ~/sub/b\n"));
	free(deep);
	deep = xasprintf("%s/home.conf", dir);
	cf = conffile_read(deep, &err);
	ok(cf && cf->n >= 1 && strcmp(cf->recs[0].a, "refresh-interval") == 0,
	   "source ~/FILE is under $HOME");
	conffile_free(cf);

	cf = conffile_read("/nonexistent/dpjobs/config", &err);
	ok(cf == NULL && err == NULL, "a missing file is no file, not an error");
	cf = conffile_read(dir, &err);
	ok(cf == NULL && err != NULL, "a directory is an error");
	free(err);
	free(deep);
	free(top);
	free(sub);
	deep = xasprintf("rm -rf '%s'", dir);
	ok(system(deep) == 0, "the temporary files are removed");
	free(deep);
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

/* A record as conffile_parse_line() makes it. */
static struct conffile_rec
rec_of(const char *line)
{
	struct conffile_rec rec;
	char *err = NULL;

	if (conffile_parse_line(line, &rec, &err) != 1) {
		free(err);
		memset(&rec, 0, sizeof(rec));
		rec.kind = CONFFILE_SOURCE;
	}
	return rec;
}

static const char *
check_of(const char *line)
{
	static char out[256];
	struct conffile_rec rec = rec_of(line);
	char *err = NULL;
	int r = settings_check(&rec, &err);

	snprintf(out, sizeof(out), "%d%s%s", r, err ? " " : "", err ? err : "");
	free(err);
	free(rec.a);
	free(rec.b);
	free(rec.c);
	return out;
}

/* settings_check and settings_apply: what the TUI makes of the records. */
static void
test_apply(void)
{
	const char *lines[] = {"set readonly = on", "refresh-interval = 1", "bind J move-down",
	                       "bind log x quit",   "endpoint = a:1",       "set mouse = sometimes",
	                       "bind log Q filter"};
	struct conffile_rec recs[7];
	const struct conffile_rec *ptrs[7];
	struct settings s;

	is_str(check_of("set mouse = on"), "1", "an option of the TUI");
	is_str(check_of("endpoint = x"), "0", "not the TUI's: the caller judges");
	is_str(check_of("set mouse = sometimes"), "-1 mouse: expected on or off, not 'sometimes'",
	       "a bad value");
	{
		/* 130 characters, then a value of two-byte characters cut between the bytes of one.
		 */
		struct strbuf line = STRBUF_INIT, odd = STRBUF_INIT;
		const char *got;

		strbuf_addstr(&line, "set mouse = ");
		for (int i = 0; i < 13; i++)
			strbuf_addstr(&line, "sometimes ");
		got = check_of(line.buf);
		is_str(got,
		       "-1 mouse: expected on or off, not 'sometimes sometimes sometimes sometimes "
		       "...'",
		       "a long bad value is quoted cut to 40 characters, as config.c quotes");
		ok(strlen(got) < 100, "... so the warning stays one short line (%zu bytes)",
		   strlen(got));
		strbuf_addstr(&odd, "set log-memory = a");
		for (int i = 0; i < 30; i++)
			strbuf_addstr(&odd, "\xc3\xa9");
		got = check_of(odd.buf);
		is_str(
		    got,
		    "-1 log-memory: expected MiB between 1 and 1048576, not "
		    "'a\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3"
		    "\xa9"
		    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9...'",
		    "... and never between the bytes of a character");
		strbuf_done(&line);
		strbuf_done(&odd);
	}
	is_str(check_of("bind J move-down"), "1", "a bind");
	is_str(check_of("bind J jump"), "-1 unknown action 'jump'", "an unknown action");
	is_str(check_of("bind nowhere J quit"),
	       "-1 unknown keymap 'nowhere' (global, list, detail, log)", "an unknown keymap");
	is_str(check_of("bind C-x quit"), "-1 bad key 'C-x' (write it <C-x>)",
	       "a key spelled otherwise than the keymap spells it");
	is_str(check_of("bind <Nope> quit"),
	       "-1 bad key '<Nope>' (vim notation: x, G, <C-x>, <Enter>, <F5>, <S-Tab>)",
	       "an unknown key");
	is_str(check_of("bind list w wrap"), "-1 action 'wrap' works in the log keymap only",
	       "a pane's action in another pane's keymap");
	is_str(check_of("bind <Space> page-down"), "1", "<Space> is a key");
	is_str(check_of("color header red"), "1", "color with a foreground only");
	is_str(check_of("color header red bold"), "1", "color FG ATTR");
	is_str(check_of("color header red blue underline bold"), "1", "color FG BG ATTR...");
	is_str(check_of("color headr red"), "-1 color: unknown element 'headr'", "unknown element");
	is_str(check_of("color header rojo"),
	       "-1 color: bad colour (a name, 0-255, color0-color255 or #rrggbb) 'rojo'",
	       "bad colour");
	is_str(check_of("color header red blue blinky"), "-1 color: unknown attribute 'blinky'",
	       "bad attribute");

	for (int i = 0; i < 7; i++) {
		recs[i] = rec_of(lines[i]);
		ptrs[i] = &recs[i];
	}
	keymap_init();
	settings_init(&s);
	settings_apply(&s, ptrs, 7);
	ok(s.readonly && s.refresh_interval == 1, "set lines of OPTION_INFO options apply");
	ok(!s.mouse, "a bad one is skipped");
	is_int(keymap_lookup(PANE_LIST, "J"), ACTION_MOVE_DOWN, "bind KEY ACTION binds");
	is_int(keymap_lookup(PANE_LOG, "x"), ACTION_QUIT, "bind KEYMAP KEY ACTION binds there");
	is_int(keymap_lookup(PANE_LIST, "x"), ACTION_CANCEL, "and nowhere else");
	is_int(keymap_lookup(PANE_LOG, "Q"), ACTION_QUIT_NOW, "a refused bind changes nothing");
	settings_done(&s);
	keymap_done();
	for (int i = 0; i < 7; i++) {
		free(recs[i].a);
		free(recs[i].b);
		free(recs[i].c);
	}
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

/* What careless and hostile files found (tests/unit/test_config_fuzz.c
 * fuzzes the same code). */
static void
test_hostile(void)
{
	static const char bom[] = "\xef\xbb\xbfset mouse = on\r\nendpoint = h:443 # prod\r\n";
	static const char dup[] = "profile a\nmouse = on\nprofile b\nprofile a\ntheme = x\n";
	static const char slip[] = "set auth token = y0_AgAAAAsecretsecretsecretsecret\n"
	                           "set mouse = t1.9euelZqsecretsecretsecret\n";
	struct conffile *cf;

	cf = conffile_parse(bom, strlen(bom), "win");
	ok(cf->nwarnings == 0 && cf->n == 2,
	   "a UTF-8 byte order mark and CR LF: a Windows file works");
	is_str(cf->n == 2 ? cf->recs[1].b : "", "h:443", "... a value ends before its comment");
	conffile_free(cf);

	cf = conffile_parse(dup, strlen(dup), "dup");
	ok(cf->nprofiles == 2 && cf->n == 2 && cf->recs[0].profile == cf->recs[1].profile,
	   "two sections of one profile make one profile");
	conffile_free(cf);

	cf = conffile_parse(slip, strlen(slip), "slip");
	ok(cf->nwarnings == 0, "a slip that makes a token a value parses");
	if (cf->n == 2) {
		conffile_warn(cf, &cf->recs[1], "mouse: not '%s'", cf->recs[1].b);
		conffile_warn(cf, &cf->recs[0], "auth: not '%s'", cf->recs[0].b);
		conffile_sort_warnings(cf);
	}
	is_str(cf->nwarnings == 2 ? cf->warnings[0] : "", "slip:1: auth: not 'token = <hidden>'",
	       "a word that looks like an OAuth token is hidden in a warning");
	is_str(cf->nwarnings == 2 ? cf->warnings[1] : "", "slip:2: mouse: not '<hidden>'",
	       "... an IAM token too, and the warnings are in line order");
	conffile_free(cf);
}

int
main(void)
{
	srcdir = getenv("top_srcdir");
	if (!srcdir || !*srcdir)
		srcdir = TOP_SRCDIR;
	test_lines();
	test_file();
	test_profiles();
	test_source();
	test_bool_and_path();
	test_settings();
	test_apply();
	test_manpage();
	test_hostile();
	return done_testing();
}
