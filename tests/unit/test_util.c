/* Unit tests for src/util: strbuf, xalloc, uuid, timefmt, sanitize, log. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "util/log.h"
#include "util/sanitize.h"
#include "util/strbuf.h"
#include "util/timefmt.h"
#include "util/uuid.h"
#include "util/xalloc.h"

static void
test_strbuf(void)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;

	is_str(strbuf_str(&sb), "", "empty strbuf reads as \"\"");
	strbuf_addstr(&sb, "abc");
	strbuf_addch(&sb, '-');
	strbuf_addf(&sb, "%d/%s", 42, "x");
	is_str(strbuf_str(&sb), "abc-42/x", "addstr, addch, addf");
	is_int(sb.len, 8, "len counts bytes");
	for (int i = 0; i < 1000; i++)
		strbuf_addf(&sb, "%04d", i);
	is_int(sb.len, 8 + 4000, "grows past many reallocations");
	ok(sb.buf[sb.len] == '\0', "stays NUL-terminated");
	strbuf_add(&sb, "a\0b", 3);
	is_int(sb.len, 4011, "add keeps embedded NUL bytes");
	strbuf_reset(&sb);
	is_str(strbuf_str(&sb), "", "reset empties");
	strbuf_addstr(&sb, "kept");
	s = strbuf_detach(&sb);
	is_str(s, "kept", "detach returns the contents");
	ok(sb.buf == NULL && sb.len == 0, "detach resets the buffer");
	free(s);
	s = strbuf_detach(&sb);
	is_str(s, "", "detach of an empty buffer returns \"\"");
	free(s);
	strbuf_done(&sb);
}

static void
test_xalloc(void)
{
	char *s = xasprintf("%s=%d", "n", 7);

	is_str(s, "n=7", "xasprintf");
	free(s);
	s = xstrndup("abcdef", 3);
	is_str(s, "abc", "xstrndup cuts");
	free(s);
	s = xstrndup("ab", 10);
	is_str(s, "ab", "xstrndup stops at NUL");
	free(s);
	ok(xstrdup(NULL) == NULL, "xstrdup(NULL) is NULL");
	is_str(xalloc_progname, "dpjobs", "default program name");
}

static void
test_uuid(void)
{
	char a[UUID_STR_LEN], b[UUID_STR_LEN];
	bool shape = true;

	uuid_generate_str(a);
	uuid_generate_str(b);
	is_int(strlen(a), 36, "uuid is 36 characters");
	for (int i = 0; i < 36; i++) {
		char c = a[i];

		if (i == 8 || i == 13 || i == 18 || i == 23)
			shape &= c == '-';
		else
			shape &= (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
	}
	ok(shape, "uuid is lower-case hex with dashes: %s", a);
	ok(a[14] == '4', "uuid is version 4");
	ok(strchr("89ab", a[19]) != NULL, "uuid has the RFC 4122 variant");
	ok(strcmp(a, b) != 0, "two uuids differ");
}

static void
test_timefmt(void)
{
	struct timestamp ts = {1795938031, 0, true}, out, now, unset = {0, 0, false};
	char buf[RFC3339_LEN], small[32];

	timefmt_rfc3339(&ts, buf);
	is_str(buf, "2026-11-29T07:40:31Z", "rfc3339 without fraction");
	ts.nsec = 250000000;
	timefmt_rfc3339(&ts, buf);
	is_str(buf, "2026-11-29T07:40:31.250Z", "milliseconds");
	ts.nsec = 250001000;
	timefmt_rfc3339(&ts, buf);
	is_str(buf, "2026-11-29T07:40:31.250001Z", "microseconds");
	ts.nsec = 1;
	timefmt_rfc3339(&ts, buf);
	is_str(buf, "2026-11-29T07:40:31.000000001Z", "nanoseconds");
	timefmt_rfc3339(&unset, buf);
	is_str(buf, "", "unset formats as empty");

	ok(timefmt_parse_rfc3339("2026-11-29T07:40:31Z", &out) && out.sec == 1795938031 &&
	       out.nsec == 0 && out.set,
	   "parse Z");
	ok(timefmt_parse_rfc3339("2026-11-29T10:40:31.5+03:00", &out) && out.sec == 1795938031 &&
	       out.nsec == 500000000,
	   "parse offset and fraction");
	ok(timefmt_parse_rfc3339("2026-11-28T23:40:31-08:00", &out) && out.sec == 1795938031,
	   "parse negative offset");
	ok(timefmt_parse_rfc3339("2024-02-29T00:00:00Z", &out), "leap day accepted");
	ok(!timefmt_parse_rfc3339("2026-02-29T00:00:00Z", &out),
	   "Feb 29 of a common year rejected");
	ok(!timefmt_parse_rfc3339("2026-11-29 07:40", &out), "truncated rejected");
	ok(!timefmt_parse_rfc3339("2026-11-29T07:40:31", &out), "missing zone rejected");
	ok(!timefmt_parse_rfc3339("2026-13-01T00:00:00Z", &out), "month 13 rejected");
	ok(!timefmt_parse_rfc3339("2026-11-29T07:40:31Zjunk", &out), "trailing junk rejected");
	ok(!timefmt_parse_rfc3339(NULL, &out), "NULL rejected");

	setenv("DPJOBS_NOW", "2026-11-29T07:40:31Z", 1);
	now = timefmt_now();
	is_int(now.sec, 1795938031, "DPJOBS_NOW as RFC 3339 freezes the clock");
	setenv("DPJOBS_NOW", "1700000000", 1);
	now = timefmt_now();
	is_int(now.sec, 1700000000, "DPJOBS_NOW as Unix seconds freezes the clock");
	unsetenv("DPJOBS_NOW");
	now = timefmt_now();
	ok(now.set && now.sec > 1700000000, "real clock without DPJOBS_NOW");
	ok(timefmt_monotonic_ms() > 0, "monotonic clock");

	timefmt_duration(0, small, sizeof(small));
	is_str(small, "0s", "duration 0");
	timefmt_duration(-5, small, sizeof(small));
	is_str(small, "0s", "negative duration");
	timefmt_duration(45, small, sizeof(small));
	is_str(small, "45s", "duration seconds");
	timefmt_duration(192, small, sizeof(small));
	is_str(small, "3m12s", "duration minutes");
	timefmt_duration(2 * 3600 + 5 * 60 + 9, small, sizeof(small));
	is_str(small, "2h05m", "duration hours");
	timefmt_duration(3 * 86400 + 4 * 3600, small, sizeof(small));
	is_str(small, "3d04h", "duration days");

	now.sec = 1795938031;
	ts.sec = now.sec - 45;
	timefmt_age(&ts, &now, small, sizeof(small));
	is_str(small, "45s ago", "age seconds");
	ts.sec = now.sec - 200;
	timefmt_age(&ts, &now, small, sizeof(small));
	is_str(small, "3m ago", "age minutes");
	ts.sec = now.sec - 2 * 3600 - 59;
	timefmt_age(&ts, &now, small, sizeof(small));
	is_str(small, "2h ago", "age hours");
	ts.sec = now.sec - 5 * 86400;
	timefmt_age(&ts, &now, small, sizeof(small));
	is_str(small, "5d ago", "age days");
	ts.sec = now.sec + 10;
	timefmt_age(&ts, &now, small, sizeof(small));
	is_str(small, "0s ago", "future time shows no negative age");
	timefmt_age(&unset, &now, small, sizeof(small));
	is_str(small, "", "age of unset");
	is_int(timefmt_diff(&unset, &now), 0, "diff with unset is 0");
	ts.sec = now.sec - 7;
	is_int(timefmt_diff(&ts, &now), 7, "diff b - a");
}

static char *
sanitized(const char *s, size_t len, int keep_tab)
{
	struct strbuf sb = STRBUF_INIT;

	sanitize_append(&sb, s, len, keep_tab);
	return strbuf_detach(&sb);
}

#define IS_SANITIZED(in, keep_tab, want, name)                                                     \
	do {                                                                                       \
		char *got_ = sanitized(in, sizeof(in) - 1, keep_tab);                              \
		is_str(got_, want, name);                                                          \
		free(got_);                                                                        \
	} while (0)

static void
test_sanitize(void)
{
	char *s;

	IS_SANITIZED("plain text", 0, "plain text", "ASCII passes");
	IS_SANITIZED("\x1b[31mred\x1b[0m", 0, "\\x1b[31mred\\x1b[0m", "ESC becomes \\x1b");
	IS_SANITIZED("a\tb", 0, "a\\x09b", "tab escaped by default");
	IS_SANITIZED("a\tb", 1, "a\tb", "tab kept with keep_tab");
	IS_SANITIZED("a\nb\rc", 1, "a\\x0ab\\x0dc", "newline and CR escaped");
	IS_SANITIZED("del\x7f", 0, "del\\x7f", "DEL escaped");
	IS_SANITIZED("a\0b", 0, "a\\x00b", "NUL escaped");
	IS_SANITIZED("csi\xc2\x9b"
	             "31m",
	             0, "csi\\x9b31m", "C1 CSI as UTF-8 escaped");
	IS_SANITIZED("nel\xc2\x85", 0, "nel\\x85", "C1 NEL as UTF-8 escaped");
	IS_SANITIZED("raw\x9b", 0, "raw\xef\xbf\xbd", "raw C1 byte is invalid UTF-8");
	IS_SANITIZED("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 0,
	             "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "valid UTF-8 passes");
	IS_SANITIZED("\xc2\xa0nbsp", 0, "\xc2\xa0nbsp", "U+00A0 is not a control");
	IS_SANITIZED("x\xffy", 0, "x\xef\xbf\xbdy", "0xff becomes U+FFFD");
	IS_SANITIZED("\xc0\xaf", 0, "\xef\xbf\xbd\xef\xbf\xbd", "overlong: one U+FFFD per byte");
	IS_SANITIZED("\xed\xa0\x80", 0, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
	             "surrogate rejected");
	IS_SANITIZED("\xf4\x90\x80\x80", 0, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
	             "above U+10FFFF rejected");
	IS_SANITIZED("\xe2\x82x", 0, "\xef\xbf\xbdx", "truncated sequence is one U+FFFD");
	IS_SANITIZED("end\xe2\x82", 0, "end\xef\xbf\xbd", "truncated at end is one U+FFFD");
	s = sanitize_str("\x1b]0;title\x07");
	is_str(s, "\\x1b]0;title\\x07", "sanitize_str: OSC cannot reach the terminal");
	{
		static const char *const urls[][2] = {
		    {"http://169.254.169.254/x", "http://169.254.169.254/x"},
		    {"http://u:pw@host:80/x?a@b", "http://host:80/x?a@b"},
		    {"http://u:p@ss@host/x", "http://host/x"},
		    {"https://u:p#ss@host/x", "https://host/x"},
		    {"u:pw@host/x", "host/x"},
		    {"http://u:pw@\x1bhost", "http://\\x1bhost"},
		};

		for (size_t i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
			char *u = sanitize_url(urls[i][0]);

			is_str(u, urls[i][1], "sanitize_url: %s", urls[i][1]);
			free(u);
		}
	}
	free(s);

	is_int(utf8_complete_prefix("abc", 3), 3, "complete ASCII");
	is_int(utf8_complete_prefix("ab\xc3", 3), 2, "split 2-byte sequence");
	is_int(utf8_complete_prefix("ab\xe2\x82", 4), 2, "split 3-byte sequence after 2 bytes");
	is_int(utf8_complete_prefix("ab\xe2", 3), 2, "split 3-byte sequence after 1 byte");
	is_int(utf8_complete_prefix("a\xf0\x9f\x98", 4), 1, "split 4-byte sequence after 3 bytes");
	is_int(utf8_complete_prefix("a\xf0\x9f\x98\x80", 5), 5, "complete 4-byte sequence");
	is_int(utf8_complete_prefix("a\x80", 2), 2, "stray continuation is not held back");
	is_int(utf8_complete_prefix("a\xe0\x80", 3), 3, "invalid prefix is not held back");
	is_int(utf8_complete_prefix("", 0), 0, "empty");

	is_int(utf8_count("caf\xc3\xa9", 5), 4, "utf8_count counts characters");
	is_int(utf8_count("\xf0\x9f\x98\x80x", 5), 2, "utf8_count: 4-byte character");
	is_int(utf8_count("a\xffz", 3), 3, "utf8_count: invalid byte is one");

	{
		struct strbuf sb = STRBUF_INIT;

		utf8_repair_append(&sb, "\x1b\xff\xc3\xa9", 4);
		is_str(strbuf_str(&sb), "\x1b\xef\xbf\xbd\xc3\xa9",
		       "utf8_repair_append keeps controls, fixes invalid UTF-8");
		strbuf_done(&sb);
	}
}

static void
test_log(void)
{
	char path[] = "/tmp/dpjobs-test-log-XXXXXX";
	int fd = mkstemp(path);
	char line[256] = "";
	FILE *f;

	ok(fd >= 0, "temporary log file");
	close(fd);
	log_debug("before open: %d", 1);
	setenv("DPJOBS_LOG", path, 1);
	log_open("test_util");
	log_open("test_util");
	log_debug("hello %s", "world");
	log_close();
	unsetenv("DPJOBS_LOG");
	f = fopen(path, "r");
	ok(f && fgets(line, sizeof(line), f) && strstr(line, "] log_open: test_util started"),
	   "first line names the program");
	ok(f && fgets(line, sizeof(line), f), "second line present");
	ok(line[0] == '[' && strstr(line, "Z] test_log: hello world\n"),
	   "line is \"[time] func: msg\": %s", line);
	ok(f && !fgets(line, sizeof(line), f), "nothing logged before open, one open only");
	if (f)
		fclose(f);
	unlink(path);
}

int
main(void)
{
	test_strbuf();
	test_xalloc();
	test_uuid();
	test_timefmt();
	test_sanitize();
	test_log();
	return done_testing();
}
