/* The configuration file's grammar: lines to `set` and `bind` records. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/conffile.h"
#include "util/fdio.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* A configuration file is a few lines; anything this big is not one. */
#define CONFFILE_MAX_BYTES (1024 * 1024)

static const char *
conffile_skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static size_t
conffile_word_len(const char *s)
{
	return strcspn(s, " \t");
}

/* The value of `set`: the rest of the line without a trailing comment (a `#`
 * that starts a word), or a "quoted" string that may hold spaces and `#`. */
static char *
conffile_value(const char *s, char **err)
{
	const char *end;

	if (*s == '"') {
		const char *close = strchr(s + 1, '"');

		if (!close) {
			*err = xstrdup("unterminated \"quoted\" value");
			return NULL;
		}
		end = conffile_skip_space(close + 1);
		if (*end && *end != '#') {
			*err = xasprintf("unexpected '%s' after the quoted value", end);
			return NULL;
		}
		return xstrndup(s + 1, (size_t)(close - s - 1));
	}
	end = s;
	while (*end && !(*end == '#' && (end == s || end[-1] == ' ' || end[-1] == '\t')))
		end++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	return xstrndup(s, (size_t)(end - s));
}

static int
conffile_parse_set(const char *s, struct conffile_rec *rec, char **err)
{
	size_t nlen = strcspn(s, " \t=");
	char *value;

	if (nlen == 0) {
		*err = xstrdup("usage: set NAME = VALUE");
		return -1;
	}
	for (size_t i = 0; i < nlen; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '-')) {
			*err = xasprintf("bad option name '%.*s'", (int)nlen, s);
			return -1;
		}
	}
	rec->a = xstrndup(s, nlen);
	s = conffile_skip_space(s + nlen);
	if (*s == '=')
		s = conffile_skip_space(s + 1);
	if (!(value = conffile_value(s, err))) {
		free(rec->a);
		return -1;
	}
	/* "" is a value only when written so; a bare `set NAME` is a slip. */
	if (!*value && *s != '"') {
		*err = xasprintf("set %s needs a value", rec->a);
		free(value);
		free(rec->a);
		return -1;
	}
	rec->kind = CONFFILE_SET;
	rec->b = value;
	return 1;
}

static int
conffile_parse_bind(const char *s, struct conffile_rec *rec, char **err)
{
	size_t klen = conffile_word_len(s), alen;
	const char *act = conffile_skip_space(s + klen), *rest;

	alen = conffile_word_len(act);
	rest = conffile_skip_space(act + alen);
	if (klen == 0 || alen == 0 || (*rest && *rest != '#')) {
		*err = xstrdup("usage: bind KEY ACTION");
		return -1;
	}
	rec->kind = CONFFILE_BIND;
	rec->a = xstrndup(s, klen);
	rec->b = xstrndup(act, alen);
	return 1;
}

int
conffile_parse_line(const char *line, struct conffile_rec *rec, char **err)
{
	const char *s = conffile_skip_space(line);
	size_t len = strlen(s), clen;
	char *copy;
	int r;

	*err = NULL;
	/* Files written on Windows end their lines with CR LF. */
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
		len--;
	if (len == 0 || *s == '#')
		return 0;
	for (size_t i = 0; i < len; i++) {
		if ((unsigned char)s[i] < 0x20 && s[i] != '\t') {
			*err = xstrdup("control character in the line");
			return -1;
		}
	}
	/* Without the trailing blanks, the value ends where the line does. */
	copy = xstrndup(s, len);
	clen = conffile_word_len(copy);
	memset(rec, 0, sizeof(*rec));
	if (clen == 3 && memcmp(copy, "set", 3) == 0) {
		r = conffile_parse_set(conffile_skip_space(copy + 3), rec, err);
	} else if (clen == 4 && memcmp(copy, "bind", 4) == 0) {
		r = conffile_parse_bind(conffile_skip_space(copy + 4), rec, err);
	} else {
		*err = xasprintf("unknown command '%.*s' (expected set or bind)", (int)clen, copy);
		r = -1;
	}
	free(copy);
	return r;
}

struct conffile *
conffile_parse(const char *text, size_t len, const char *name, char **err)
{
	struct conffile *cf = xcalloc(1, sizeof(*cf));
	size_t cap = 0, pos = 0;
	unsigned lineno = 0;

	*err = NULL;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t llen = nl ? (size_t)(nl - (text + pos)) : len - pos;
		struct conffile_rec rec;
		char *line, *why = NULL;
		int r;

		lineno++;
		if (memchr(text + pos, '\0', llen)) {
			*err = xasprintf("%s:%u: NUL byte in the line", name, lineno);
			conffile_free(cf);
			return NULL;
		}
		line = xstrndup(text + pos, llen);
		r = conffile_parse_line(line, &rec, &why);
		free(line);
		pos += llen + (nl ? 1 : 0);
		if (r < 0) {
			*err = xasprintf("%s:%u: %s", name, lineno, why);
			free(why);
			conffile_free(cf);
			return NULL;
		}
		if (r == 0)
			continue;
		rec.line = lineno;
		if (cf->n == cap) {
			cap = cap ? 2 * cap : 16;
			cf->recs = xrealloc(cf->recs, cap * sizeof(*cf->recs));
		}
		cf->recs[cf->n++] = rec;
	}
	return cf;
}

struct conffile *
conffile_read(const char *path, char **err)
{
	struct strbuf sb = STRBUF_INIT;
	struct conffile *cf = NULL;
	int rc = fdio_read_file(path, CONFFILE_MAX_BYTES, &sb);

	*err = NULL;
	if (rc < 0 && errno != ENOENT)
		*err = xasprintf("%s: %s", path, strerror(errno));
	else if (rc > 0)
		*err = xasprintf("%s: larger than %d bytes", path, CONFFILE_MAX_BYTES);
	else if (rc == 0)
		cf = conffile_parse(sb.buf ? sb.buf : "", sb.len, path, err);
	strbuf_done(&sb);
	return cf;
}

void
conffile_free(struct conffile *cf)
{
	if (!cf)
		return;
	for (size_t i = 0; i < cf->n; i++) {
		free(cf->recs[i].a);
		free(cf->recs[i].b);
	}
	free(cf->recs);
	free(cf);
}

char *
conffile_path(void)
{
	const char *env = getenv("DPJOBS_CONFIG");
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");

	if (env && *env)
		return xstrdup(env);
	/* XDG: a relative XDG_CONFIG_HOME is invalid and must be ignored. */
	if (xdg && xdg[0] == '/')
		return xasprintf("%s/dpjobs/config", xdg);
	if (home && home[0] == '/')
		return xasprintf("%s/.config/dpjobs/config", home);
	return NULL;
}

bool
conffile_parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = {"on", "true", "yes", "1"};
	static const char *const no[] = {"off", "false", "no", "0"};

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = true;
			return true;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = false;
			return true;
		}
	}
	return false;
}
