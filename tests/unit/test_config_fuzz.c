/* Fuzz test of the configuration file: random and mutated input through util/conffile and
 * cli/config. */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* config.c itself, to reach its checks (config_check_all(), config_fill())
 * without the rest of src/cli; its two calls into options.c are stubbed below. */
#include "../../src/cli/config.c"
#include "tap.h"

/* Never in a warning, never in what `config show` prints. Its '_' keeps it
 * out of the "unknown command 'WORD'" message, as a real token's would. */
#define SECRET "y0_FUZZSECRET_0815abcdef"

#define FUZZ_INPUTS 20000

static char usage_error[512];

#define diag(...) (printf("# "), printf(__VA_ARGS__), printf("\n"))

static bool
ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return n >= t && strcmp(s + n - t, tail) == 0;
}

bool
options_given(const struct cli *cli, const char *name)
{
	(void)cli;
	(void)name;
	return false;
}

int
options_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(usage_error, sizeof(usage_error), fmt, ap);
	va_end(ap);
	return CLI_EXIT_USAGE;
}

/* xorshift64*: the same inputs on every run, so a failure can be replayed. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t
rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static size_t
rng_below(size_t n)
{
	return n ? (size_t)(rng() % n) : 0;
}

static const char *const valid_lines[] = {
    "set mouse = on",
    "mouse = off",
    "set refresh-interval 2.5",
    "theme = light # day",
    "set theme = \"my theme # 1\"",
    "log-colors = yes",
    "log-memory = 128",
    "readonly = 1",
    "endpoint = 127.0.0.1:9 # prod",
    "operation-endpoint = unix:/tmp/x.sock",
    "iam-endpoint=127.0.0.1:10",
    "base-domain = cloud.example.org",
    "plaintext = on",
    "ca-file = ~/ca.pem",
    "ca-file = certs/ca.pem",
    "timeout = 5",
    "folder-id = b1gfuzzfolder0000001",
    "cluster-id = c9qfuzzcluster000001",
    "cluster-name = my cluster",
    "iam-token-file = ~/token",
    "sa-key-file = key.json",
    "oauth-token = " SECRET,
    "set oauth-token = " SECRET " # mine",
    "oauth-token = \"" SECRET "\"",
    "token-command = yc iam create-token",
    "auth = metadata",
    "metadata-url = http://127.0.0.1:9/token",
    "profile = work",
    "profile work",
    "profile prod-1.eu_x",
    "profile endpoint",
    "bind J move-down",
    "bind log w wrap",
    "bind <C-x> quit # leave",
    "color header red blue bold",
    "color status-done green",
    "source other.conf",
    "source \"my dir/x.conf\"",
    "# a comment",
    "",
    "=",
    " = ",
    "set",
    "set \"open",
    "oauth-token = \"" SECRET,
    "Oauth-Token = " SECRET,
    "OAUTH-TOKEN=" SECRET,
    "set oauth-token:" SECRET,
    "oauth-token: " SECRET,
    "oauth-token = \"y0_FUZZ\"SECRET_0815abcdef",
    SECRET,
    "endpoint = host:443\r",
    "\xef\xbb\xbfmouse = on",
};
#define NVALID (sizeof(valid_lines) / sizeof(valid_lines[0]))

static const char interesting[] = {'\0',   '\r',   '\n',   '\t',   ' ', '=', '"', '#', '\\', '\x1b',
                                   '\x7f', '\x80', '\xc3', '\xff', '~', '/', 'A', 'z', '-'};

static void
add_random_bytes(struct strbuf *sb, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = rng_below(3) == 0 ? interesting[rng_below(sizeof(interesting))]
		                           : (char)rng_below(256);

		strbuf_addch(sb, c);
	}
}

/* A valid line with a few bytes inserted, deleted, replaced or flipped in case. */
static void
add_mutated_line(struct strbuf *sb)
{
	const char *line = valid_lines[rng_below(NVALID)];
	struct strbuf m = STRBUF_INIT;
	size_t edits = 1 + rng_below(4);

	strbuf_addstr(&m, line);
	for (size_t e = 0; e < edits; e++) {
		size_t at = rng_below(m.len + 1);

		switch (rng_below(4)) {
		case 0: {
			char c = interesting[rng_below(sizeof(interesting))];

			strbuf_addch(&m, ' ');
			memmove(m.buf + at + 1, m.buf + at, m.len - at - 1);
			m.buf[at] = c;
			break;
		}
		case 1:
			if (at < m.len) {
				memmove(m.buf + at, m.buf + at + 1, m.len - at - 1);
				m.len--;
				m.buf[m.len] = '\0';
			}
			break;
		case 2:
			if (at < m.len)
				m.buf[at] = interesting[rng_below(sizeof(interesting))];
			break;
		default:
			if (at < m.len && m.buf[at] >= 'a' && m.buf[at] <= 'z')
				m.buf[at] = (char)(m.buf[at] - 'a' + 'A');
			break;
		}
	}
	strbuf_add(sb, m.buf ? m.buf : "", m.len);
	strbuf_done(&m);
}

/* One input of the kind k. */
static void
make_input(struct strbuf *sb, unsigned k)
{
	size_t lines = 1 + rng_below(30);

	switch (k % 6) {
	case 0: /* bytes */
		add_random_bytes(sb, rng_below(400));
		break;
	case 1: /* valid lines */
	case 2: /* and mutated ones */
		for (size_t i = 0; i < lines; i++) {
			if (k % 6 == 1 || rng_below(2))
				strbuf_addstr(sb, valid_lines[rng_below(NVALID)]);
			else
				add_mutated_line(sb);
			strbuf_addstr(sb, rng_below(4) ? "\n" : "\r\n");
		}
		break;
	case 3: /* many profiles, some of one name */
		for (size_t i = 0; i < lines * 10; i++) {
			if (rng_below(3) == 0)
				strbuf_addf(sb, "profile p%zu\n", rng_below(40));
			else
				strbuf_addf(sb, "%s\n", valid_lines[rng_below(NVALID)]);
		}
		break;
	case 4: /* lines that end in an open quote, or without a newline */
		for (size_t i = 0; i < lines; i++)
			strbuf_addf(sb, "%s = \"%s", rng_below(2) ? "theme" : "oauth-token",
			            rng_below(2) ? SECRET : "x y");
		break;
	default: /* a mixture */
		for (size_t i = 0; i < lines; i++) {
			if (rng_below(2))
				add_mutated_line(sb);
			else
				add_random_bytes(sb, rng_below(60));
			strbuf_addch(sb, '\n');
		}
		break;
	}
}

static unsigned long failures_warning_shape, failures_secret, failures_order;
static char first_failure[512];

static void
note_failure(unsigned long *counter, const char *what, const char *text)
{
	if (!first_failure[0]) {
		struct strbuf sb = STRBUF_INIT;

		sanitize_append(&sb, text, strlen(text) > 200 ? 200 : strlen(text), 0);
		snprintf(first_failure, sizeof(first_failure), "%s: %s", what, sb.buf);
		strbuf_done(&sb);
	}
	(*counter)++;
}

/* True when w is "FILE:LINE: why" for one of the files cf read. */
static bool
warning_names_file_and_line(const struct conffile *cf, const char *w)
{
	for (size_t f = 0; f < cf->nfiles; f++) {
		struct strbuf clean = STRBUF_INIT;
		bool match;

		sanitize_append(&clean, cf->files[f], strlen(cf->files[f]), 0);
		match = strncmp(w, clean.buf, clean.len) == 0 && w[clean.len] == ':' &&
		        w[clean.len + 1] >= '1' && w[clean.len + 1] <= '9';
		if (match) {
			const char *p = w + clean.len + 1;

			p += strspn(p, "0123456789");
			match = p[0] == ':' && p[1] == ' ' && p[2];
		}
		strbuf_done(&clean);
		if (match)
			return true;
	}
	return false;
}

static void
check_warnings(const struct conffile *cf)
{
	for (size_t i = 0; i < cf->nwarnings; i++) {
		const char *w = cf->warnings[i];

		for (const unsigned char *p = (const unsigned char *)w; *p; p++) {
			if (*p < 0x20 || *p == 0x7f) {
				note_failure(&failures_warning_shape, "control byte in warning", w);
				break;
			}
		}
		if (!warning_names_file_and_line(cf, w))
			note_failure(&failures_warning_shape, "warning without FILE:LINE", w);
		if (strstr(w, SECRET) || strstr(w, "FUZZSECRET"))
			note_failure(&failures_secret, "secret in warning", w);
		if (i > 0 && cf->warning_seq[i - 1] > cf->warning_seq[i])
			note_failure(&failures_order, "warnings out of reading order", w);
	}
}

/* What config_apply() does with a parsed file, then what `config show`
 * prints; cf is consumed. */
static void
apply_and_show(struct conffile *cf, const char *profile)
{
	struct config_state *st = xcalloc(1, sizeof(*st));
	struct cli cli;
	struct config_setting *s;
	char *bad = NULL;
	size_t n;

	memset(&cli, 0, sizeof(cli));
	cli.profile = profile;
	cli.config = &st->pub;
	st->pub.file = cf;
	st->pub.found = true;
	st->pub.path = xstrdup(cf->files[0]);
	st->pub.path_by = "--config";
	if (config_choose_profile(st, &cli, &bad) == CLI_CONTINUE) {
		config_check_all(st);
		conffile_sort_warnings(cf);
		config_select(st);
		config_fill(st, &cli);
		st->pub.warnings = cf->warnings;
		st->pub.nwarnings = cf->nwarnings;
	}
	free(bad);
	check_warnings(cf);
	s = config_settings(&cli, &n);
	for (size_t i = 0; i < n; i++) {
		if (strstr(s[i].value, "FUZZSECRET") || strstr(s[i].source, "FUZZSECRET"))
			note_failure(&failures_secret, "secret in config show", s[i].value);
	}
	config_settings_free(s, n);
	config_free(&cli);
}

static void
test_random_inputs(void)
{
	size_t total_bytes = 0;

	for (unsigned k = 0; k < FUZZ_INPUTS; k++) {
		struct strbuf sb = STRBUF_INIT;
		struct conffile *cf;
		const char *profile = NULL;

		make_input(&sb, k);
		total_bytes += sb.len;
		cf = conffile_parse(sb.buf ? sb.buf : "", sb.len, "fuzz.conf");
		check_warnings(cf);
		if (cf->nprofiles && rng_below(2))
			profile = cf->profiles[rng_below(cf->nprofiles)];
		/* The name outlives cf in the check, as --profile's would. */
		{
			char *copy = profile ? xstrdup(profile) : NULL;

			apply_and_show(cf, copy);
			free(copy);
		}
		strbuf_done(&sb);
	}
	diag("%d inputs, %zu bytes", FUZZ_INPUTS, total_bytes);
	ok(failures_warning_shape == 0,
	   "every warning is one printable line naming FILE:LINE (%lu bad)",
	   failures_warning_shape);
	ok(failures_secret == 0, "the OAuth token is in no warning and no shown setting (%lu bad)",
	   failures_secret);
	ok(failures_order == 0, "warnings are in the reading order of their lines (%lu bad)",
	   failures_order);
	if (first_failure[0])
		diag("first failure: %s", first_failure);
}

/* ---- files: source chains, cycles, odd files ---- */

static char tmpdir[] = "/tmp/dpjobs-test-fuzz-XXXXXX";

static char *
tmp_path(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

static void
write_file(const char *name, const char *text, size_t len)
{
	char *p = tmp_path(name);
	FILE *f = fopen(p, "w");

	if (f) {
		fwrite(text, 1, len, f);
		fclose(f);
	}
	free(p);
}

static void
write_str(const char *name, const char *text)
{
	write_file(name, text, strlen(text));
}

/* conffile_read() of name; returns the error ("" when none) and leaves the
 * conffile in *out (may be NULL) when out is given. Static result. */
static const char *
read_err(const char *name, struct conffile **out)
{
	static char buf[512];
	char *p = name[0] == '/' ? xstrdup(name) : tmp_path(name), *err = NULL;
	struct conffile *cf = conffile_read(p, &err);

	snprintf(buf, sizeof(buf), "%s", err ? err : "");
	if (cf)
		check_warnings(cf);
	if (out)
		*out = cf;
	else
		conffile_free(cf);
	free(err);
	free(p);
	return buf;
}

static bool
has_warning(const struct conffile *cf, const char *needle)
{
	for (size_t i = 0; cf && i < cf->nwarnings; i++) {
		if (strstr(cf->warnings[i], needle))
			return true;
	}
	return false;
}

static void
test_source_graphs(void)
{
	unsigned long before = failures_warning_shape + failures_secret + failures_order;
	char name[64];

	{
		char *sub = tmp_path("d1"), *sub2 = tmp_path("d1/d2");

		mkdir(sub, 0700);
		mkdir(sub2, 0700);
		free(sub);
		free(sub2);
	}
	/* Random graphs of 8 files in three directories that source each other. */
	for (int round = 0; round < 300; round++) {
		static const char *const files[] = {"f0",       "f1",       "d1/f2", "d1/f3",
		                                    "d1/d2/f4", "d1/d2/f5", "f6",    "d1/f7"};
		static const char *const targets[] = {
		    "f0", "f1",      "d1/f2", "../f0",     "../../f1", "f3",   "d2/f4",     "../f7",
		    "f5", "missing", "d1",    "/dev/null", "~/f6",     "loop", "\"d1/f2\"", ""};

		for (size_t f = 0; f < 8; f++) {
			struct strbuf sb = STRBUF_INIT;
			size_t lines = rng_below(8);

			for (size_t l = 0; l < lines; l++) {
				if (rng_below(2))
					strbuf_addf(&sb, "source %s", targets[rng_below(16)]);
				else if (rng_below(2))
					add_mutated_line(&sb);
				else
					strbuf_addstr(&sb, valid_lines[rng_below(NVALID)]);
				strbuf_addch(&sb, '\n');
			}
			write_file(files[f], sb.buf ? sb.buf : "", sb.len);
			strbuf_done(&sb);
		}
		{
			struct conffile *cf = NULL;

			read_err(files[rng_below(8)], &cf);
			if (cf)
				apply_and_show(cf, NULL);
		}
	}
	ok(failures_warning_shape + failures_secret + failures_order == before,
	   "300 random graphs of sourced files: well-formed warnings, no secret");
	if (first_failure[0])
		diag("first failure: %s", first_failure);

	/* A chain deeper than allowed. */
	for (int i = 0; i < 12; i++) {
		char text[64];

		snprintf(name, sizeof(name), "chain%d", i);
		snprintf(text, sizeof(text), "source chain%d\ntimeout = %d\n", i + 1, i + 1);
		write_str(name, text);
	}
	write_str("chain12", "timeout = 99\n");
	{
		struct conffile *cf = NULL;

		is_str(read_err("chain0", &cf), "", "a chain of 13 files: read");
		ok(cf && cf->nfiles == CONFFILE_MAX_DEPTH + 1 &&
		       has_warning(cf, "nested more than 8 deep, not read"),
		   "... the top and 8 nested files, then a warning at the deepest source line");
		conffile_free(cf);
	}
	/* Every file sources itself and the next twice: 2^8 reads, bounded. */
	for (int i = 0; i < 10; i++) {
		char text[128];

		snprintf(name, sizeof(name), "fan%d", i);
		snprintf(text, sizeof(text), "source fan%d\nsource fan%d\nsource fan%d\n", i, i + 1,
		         i + 1);
		write_str(name, text);
	}
	{
		struct conffile *cf = NULL;

		is_str(read_err("fan0", &cf), "", "a file sourcing the next twice, 10 deep");
		ok(cf && cf->nfiles <= 256 && has_warning(cf, "a cycle"),
		   "... at most 256 files read (%zu), cycles refused", cf ? cf->nfiles : 0);
		conffile_free(cf);
	}
	{
		char *a = tmp_path("loop"), *b = tmp_path("loop-b");
		struct conffile *cf = NULL;

		unlink(a);
		unlink(b);
		ok(symlink("loop-b", a) == 0 && symlink("loop", b) == 0, "a symlink loop made");
		write_str("srcloop", "source loop\nmouse = on\n");
		is_str(read_err("srcloop", &cf), "", "source of a symlink loop: the file is read");
		ok(cf && cf->n == 1 && has_warning(cf, "srcloop:1: source ") &&
		       has_warning(cf, "Too many levels of symbolic links"),
		   "... and the loop is a warning at its line");
		conffile_free(cf);
		ok(strstr(read_err("loop", NULL), "Too many levels of symbolic links") != NULL,
		   "--config naming a symlink loop: an error");
		free(a);
		free(b);
	}
}

static volatile sig_atomic_t alarm_rang;

static void
on_alarm(int sig)
{
	(void)sig;
	alarm_rang = 1;
}

/* config_check_all() on a file read alone, as config_apply() runs it. */
static void
config_check_all_for_test(struct conffile *cf)
{
	struct config_state st;

	memset(&st, 0, sizeof(st));
	st.pub.file = cf;
	config_check_all(&st);
	conffile_sort_warnings(cf);
}

static void
test_odd_files(void)
{
	char *fifo = tmp_path("fifo"), *dir = tmp_path("d1");
	struct strbuf big = STRBUF_INIT;
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	/* A read that waits is interrupted (EINTR) after 10 s and counts as a hang. */
	alarm(10);
	ok(mkfifo(fifo, 0600) == 0, "a FIFO made");
	ok(ends_with(read_err(fifo, NULL), "/fifo: not a regular file (a FIFO)"),
	   "--config naming a FIFO: an error, not a wait for a writer");
	write_str("srcfifo", "source fifo\n");
	{
		struct conffile *cf = NULL;

		read_err("srcfifo", &cf);
		ok(has_warning(cf, "srcfifo:1: source ") && has_warning(cf, "a FIFO"),
		   "source of a FIFO: a warning at its line");
		conffile_free(cf);
	}
	ok(ends_with(read_err(dir, NULL), "/d1: Is a directory"), "a directory: an error");
	is_str(read_err("/dev/zero", NULL), "/dev/zero: larger than 1048576 bytes",
	       "/dev/zero: an error at the size limit");
	is_str(read_err("/dev/urandom", NULL), "/dev/urandom: larger than 1048576 bytes",
	       "/dev/urandom: the same");
	is_str(read_err("/dev/null", NULL), "", "/dev/null: an empty configuration");
	ok(!alarm_rang, "... none of them waited");
	alarm(0);
	strbuf_addstr(&big, "mouse = on\n");
	while (big.len <= 1024 * 1024)
		strbuf_addstr(&big, "# padding padding padding padding padding padding padding\n");
	write_file("big", big.buf, big.len);
	ok(ends_with(read_err("big", NULL), "/big: larger than 1048576 bytes"),
	   "a file over 1 MiB: an error (%s)", read_err("big", NULL));
	strbuf_done(&big);
	{
		char *p = tmp_path("secret-noperm");

		write_str("secret-noperm", "oauth-token = " SECRET "\n");
		chmod(p, 0);
		if (geteuid() == 0)
			ok(1, "# SKIP root reads files without permission");
		else
			ok(ends_with(read_err(p, NULL), "/secret-noperm: Permission denied"),
			   "a file without read permission: an error");
		free(p);
	}
	{
		struct conffile *cf = NULL;
		const char *home = getenv("HOME");
		char *saved = home ? xstrdup(home) : NULL;

		write_str("tilde", "source ~/x\nca-file = ~/ca.pem\n");
		unsetenv("HOME");
		read_err("tilde", &cf);
		ok(has_warning(cf, "tilde:1: source ~/x: HOME is not set"),
		   "source ~/ without HOME: a warning");
		if (cf) {
			config_check_all_for_test(cf);
			ok(has_warning(cf, "tilde:2: ca-file '~/ca.pem': HOME is not set"),
			   "a path key ~/ without HOME: a warning, not a directory named '~'");
		} else {
			ok(0, "a path key ~/ without HOME: a warning");
		}
		conffile_free(cf);
		if (saved)
			setenv("HOME", saved, 1);
		free(saved);
	}
	free(fifo);
	free(dir);
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Parse time is linear: 10 MiB of valid lines, with a profile every 20 lines
 * (20,000 names, some sections of one name), in well under a second. */
static void
test_linear_time(void)
{
#if defined(__SANITIZE_ADDRESS__)
	const double limit = 8.0; /* ASan makes every access slower */
#else
	const double limit = 1.0;
#endif
	struct strbuf sb = STRBUF_INIT, line = STRBUF_INIT;
	struct conffile *cf;
	double t0, t1, t2;
	size_t nlines = 0;

	while (sb.len < 10 * 1024 * 1024) {
		const char *v = valid_lines[nlines % 31];

		if (nlines % 20 == 0)
			strbuf_addf(&sb, "profile p%zu\n", (nlines / 20) % 20000);
		else
			strbuf_addf(&sb, "%s\n", v);
		nlines++;
	}
	t0 = now_s();
	cf = conffile_parse(sb.buf, sb.len, "big.conf");
	t1 = now_s();
	config_check_all_for_test(cf);
	t2 = now_s();
	diag("10 MiB, %zu lines, %zu records, %zu profiles: parsed in %.3f s, checked in %.3f s",
	     nlines, cf->n, cf->nprofiles, t1 - t0, t2 - t1);
	ok(cf->n > 350000 && cf->nprofiles >= 20000, "a 10 MiB file: every record and profile");
	ok(t1 - t0 < limit, "... parsed in under %.0f s (%.3f s)", limit, t1 - t0);
	ok(t2 - t1 < limit, "... checked in under %.0f s (%.3f s)", limit, t2 - t1);
	conffile_free(cf);
	/* The same length of bad lines: a warning each, still linear. */
	strbuf_reset(&sb);
	while (sb.len < 10 * 1024 * 1024)
		strbuf_addstr(&sb, "frobnicate = 1\nset Mouse = on\n");
	t0 = now_s();
	cf = conffile_parse(sb.buf, sb.len, "bad.conf");
	config_check_all_for_test(cf);
	t1 = now_s();
	diag("10 MiB of bad lines, %zu warnings: %.3f s", cf->nwarnings, t1 - t0);
	ok(t1 - t0 < 2 * limit, "10 MiB of bad lines: parsed and checked in under %.0f s (%.3f s)",
	   2 * limit, t1 - t0);
	conffile_free(cf);
	/* One line of 1 MiB. */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "set theme = ");
	for (int i = 0; i < 1024 * 1024; i++)
		strbuf_addch(&sb, (char)('a' + i % 26));
	strbuf_addstr(&sb, "\nplaintext = ");
	strbuf_add(&sb, sb.buf + 12, 1024 * 1024);
	strbuf_addstr(&sb, "\n");
	cf = conffile_parse(sb.buf, sb.len, "long.conf");
	config_check_all_for_test(cf);
	ok(cf->n == 2 && strlen(cf->recs[0].b) == 1024 * 1024,
	   "a line of 1 MiB is one value of 1 MiB");
	ok(cf->nwarnings == 1 && strlen(cf->warnings[0]) < 200,
	   "... and a bad one is a warning that quotes it short (%zu bytes)",
	   cf->nwarnings ? strlen(cf->warnings[0]) : 0);
	conffile_free(cf);
	strbuf_done(&sb);
	strbuf_done(&line);
}

static void
remove_tmpdir(void)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);

	if (system(cmd) != 0)
		diag("could not remove %s", tmpdir);
	free(cmd);
}

int
main(void)
{
	if (!mkdtemp(tmpdir)) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	/* For the "~/" of source lines. */
	setenv("HOME", tmpdir, 1);
	test_random_inputs();
	test_source_graphs();
	test_odd_files();
	test_linear_time();
	remove_tmpdir();
	return done_testing();
}
