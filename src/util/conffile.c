/* The configuration file's grammar: lines to records, `source` and `profile` sections. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/conffile.h"
#include "util/sanitize.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* A configuration file is a few lines; anything this big is not one. */
#define CONFFILE_MAX_BYTES (1024 * 1024)
/* Files read for one configuration, sourced ones included: a file that
 * sources another twice, nested 8 deep, must not read for hours. */
#define CONFFILE_MAX_FILES 256
/* Words quoted in messages are cut here: the message is one status line. */
#define CONFFILE_QUOTE_MAX 40
/* The longest name of an option or key, operation-endpoint, and some: a
 * longer "name" may be a token that lost its blank. */
#define CONFFILE_NAME_MAX 20
/* A word of token characters this long in a message is taken for a token
 * (IAM tokens are hundreds of characters, OAuth tokens 58). */
#define CONFFILE_TOKEN_MIN 40

#define CONFFILE_COMMANDS "set, bind, color, source, profile or NAME = VALUE"

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

/* True at the end of a line's meaningful text: its end or a comment. */
static bool
conffile_at_end(const char *s)
{
	return !*s || *s == '#';
}

/* "'word'" for a message, cut short when long. */
static char *
conffile_quote(const char *s, size_t len)
{
	if (len > CONFFILE_QUOTE_MAX)
		return xasprintf("'%.*s...'", (int)utf8_complete_prefix(s, CONFFILE_QUOTE_MAX), s);
	return xasprintf("'%.*s'", (int)len, s);
}

char *
conffile_quoted(const char *s)
{
	return conffile_quote(s, strlen(s));
}

static bool
conffile_is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
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
		if (!conffile_at_end(end)) {
			/* Not quoted: after a stray quote inside a token comes the
			 * rest of the token. */
			*err = xstrdup("unexpected text after the quoted value");
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

/* NAME [=] VALUE, after `set` or as a bare `NAME = VALUE`. */
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
		if (!conffile_is_name_char(s[i])) {
			/* Quoted up to the first character no name has, and only
			 * when short: in `set oauth-token:SECRET` or
			 * `set oauth-tokenSECRET` the rest is a token. */
			size_t shown = strspn(s, "abcdefghijklmnopqrstuvwxyz"
			                         "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");
			char *q;

			if (shown < nlen ? shown > CONFFILE_NAME_MAX : nlen > CONFFILE_NAME_MAX) {
				*err = xasprintf("bad option name (%zu characters, no name is "
				                 "that long)",
				                 nlen);
				return -1;
			}
			q = conffile_quote(s, shown < nlen ? shown : nlen);
			*err = xasprintf("bad option name %s%s", q, shown < nlen ? "..." : "");
			free(q);
			return -1;
		}
	}
	rec->a = xstrndup(s, nlen);
	s = conffile_skip_space(s + nlen);
	if (*s == '=')
		s = conffile_skip_space(s + 1);
	if (!(value = conffile_value(s, err))) {
		free(rec->a);
		rec->a = NULL;
		return -1;
	}
	/* "" is a value only when written so; a bare `set NAME` is a slip. */
	if (!*value && *s != '"') {
		*err = xasprintf("%s needs a value", rec->a);
		free(value);
		free(rec->a);
		rec->a = NULL;
		return -1;
	}
	rec->kind = CONFFILE_SET;
	rec->b = value;
	return 1;
}

/* Splits s into at most max words (comment excluded); returns how many there
 * were, max + 1 when there were more. */
static size_t
conffile_words(const char *s, const char **word, size_t *len, size_t max)
{
	size_t n = 0;

	s = conffile_skip_space(s);
	while (!conffile_at_end(s)) {
		if (n == max)
			return max + 1;
		word[n] = s;
		len[n] = conffile_word_len(s);
		s = conffile_skip_space(s + len[n]);
		n++;
	}
	return n;
}

/* bind KEY ACTION, or bind KEYMAP KEY ACTION. */
static int
conffile_parse_bind(const char *s, struct conffile_rec *rec, char **err)
{
	const char *w[3];
	size_t len[3], n = conffile_words(s, w, len, 3);

	if (n < 2 || n > 3) {
		*err = xstrdup("usage: bind [KEYMAP] KEY ACTION");
		return -1;
	}
	rec->kind = CONFFILE_BIND;
	rec->a = xstrndup(w[n - 2], len[n - 2]);
	rec->b = xstrndup(w[n - 1], len[n - 1]);
	rec->c = n == 3 ? xstrndup(w[0], len[0]) : NULL;
	return 1;
}

/* color ELEMENT FG [BG] [ATTR...]: the words after the element are kept
 * as one string, for the theme's parser to judge. */
static int
conffile_parse_color(const char *s, struct conffile_rec *rec, char **err)
{
	struct strbuf rest = STRBUF_INIT;
	size_t elen;

	s = conffile_skip_space(s);
	elen = conffile_word_len(s);
	if (conffile_at_end(s) || conffile_at_end(conffile_skip_space(s + elen))) {
		*err = xstrdup("usage: color ELEMENT FG [BG] [ATTR...]");
		return -1;
	}
	rec->kind = CONFFILE_COLOR;
	rec->a = xstrndup(s, elen);
	s = conffile_skip_space(s + elen);
	while (!conffile_at_end(s)) {
		size_t wlen = conffile_word_len(s);

		if (rest.len)
			strbuf_addch(&rest, ' ');
		strbuf_add(&rest, s, wlen);
		s = conffile_skip_space(s + wlen);
	}
	rec->b = strbuf_detach(&rest);
	return 1;
}

static int
conffile_parse_source(const char *s, struct conffile_rec *rec, char **err)
{
	char *path;

	s = conffile_skip_space(s);
	if (conffile_at_end(s)) {
		*err = xstrdup("usage: source FILE");
		return -1;
	}
	if (!(path = conffile_value(s, err)))
		return -1;
	if (!*path) {
		free(path);
		*err = xstrdup("usage: source FILE");
		return -1;
	}
	rec->kind = CONFFILE_SOURCE;
	rec->a = path;
	return 1;
}

/* Profile names are spelled on command lines and in environments: plain. */
static int
conffile_parse_profile(const char *s, struct conffile_rec *rec, char **err)
{
	const char *w[1];
	size_t len[1], n = conffile_words(s, w, len, 1);

	if (n != 1) {
		*err = xstrdup("usage: profile NAME");
		return -1;
	}
	for (size_t i = 0; i < len[0]; i++) {
		char c = w[0][i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.')) {
			char *q = conffile_quote(w[0], len[0]);

			*err = xasprintf("bad profile name %s (letters, digits, '-', '_', '.')", q);
			free(q);
			return -1;
		}
	}
	rec->kind = CONFFILE_PROFILE;
	rec->a = xstrndup(w[0], len[0]);
	return 1;
}

/* True when the line is `NAME = VALUE` (NAME lower case, then '='). */
static bool
conffile_is_assignment(const char *s)
{
	size_t n = 0;

	while (conffile_is_name_char(s[n]))
		n++;
	return n > 0 && *conffile_skip_space(s + n) == '=';
}

int
conffile_parse_line(const char *line, struct conffile_rec *rec, char **err)
{
	const char *s = conffile_skip_space(line);
	size_t len = strlen(s), clen;
	char *copy;
	int r;

	*err = NULL;
	memset(rec, 0, sizeof(*rec));
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
	if (conffile_is_assignment(copy)) {
		/* Before the commands: `profile = NAME` sets the default profile. */
		r = conffile_parse_set(copy, rec, err);
	} else if (clen == 3 && memcmp(copy, "set", 3) == 0) {
		r = conffile_parse_set(conffile_skip_space(copy + 3), rec, err);
	} else if (clen == 4 && memcmp(copy, "bind", 4) == 0) {
		r = conffile_parse_bind(copy + 4, rec, err);
	} else if (clen == 5 && memcmp(copy, "color", 5) == 0) {
		r = conffile_parse_color(copy + 5, rec, err);
	} else if (clen == 6 && memcmp(copy, "source", 6) == 0) {
		r = conffile_parse_source(copy + 6, rec, err);
	} else if (clen == 7 && memcmp(copy, "profile", 7) == 0) {
		r = conffile_parse_profile(copy + 7, rec, err);
	} else if (clen <= 20 &&
	           strspn(copy, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-") >= clen) {
		char *q = conffile_quote(copy, clen);

		*err = xasprintf("unknown command %s (expected " CONFFILE_COMMANDS ")", q);
		free(q);
		r = -1;
	} else {
		/* Not quoted: a word that is no name may be a token pasted on a line
		 * of its own. */
		*err = xstrdup("unknown command (expected " CONFFILE_COMMANDS ")");
		r = -1;
	}
	free(copy);
	return r;
}

/* ---- whole files ---- */

/* Grows *v, of *cap items of size bytes, to hold n + 1: doubling, so that
 * a file of a million lines is not copied a million times. */
static void *
conffile_grow(void *v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 16;
	return xrealloc(v, *cap * size);
}

static bool
conffile_is_token_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '.' || c == '+' || c == '=';
}

static bool
conffile_memmem(const char *s, size_t n, const char *needle)
{
	size_t len = strlen(needle);

	for (size_t i = 0; i + len <= n; i++) {
		if (memcmp(s + i, needle, len) == 0)
			return true;
	}
	return false;
}

/* Appends s with every word that looks like a token hidden: one with the
 * start of an OAuth (y0_) or IAM (t1.) token in it, or any long run of token
 * characters. A slip (`set auth token = y0_...`, a lost blank) can make a
 * token the value or the name that a message quotes. */
static void
conffile_hide_tokens(struct strbuf *out, const char *s)
{
	while (*s) {
		size_t n = 0;

		while (conffile_is_token_char(s[n]))
			n++;
		if (n == 0) {
			strbuf_addch(out, *s++);
			continue;
		}
		if (n >= CONFFILE_TOKEN_MIN ||
		    (n >= 12 && (conffile_memmem(s, n, "y0_") || conffile_memmem(s, n, "t1."))))
			strbuf_addstr(out, "<hidden>");
		else
			strbuf_add(out, s, n);
		s += n;
	}
}

/* Appends the warning; conffile_sort_warnings() puts it in its place. */
static void
conffile_vwarn(struct conffile *cf, const char *file, unsigned line, unsigned long seq,
               const char *fmt, va_list ap)
{
	struct strbuf raw = STRBUF_INIT, why = STRBUF_INIT, out = STRBUF_INIT;

	if (line)
		strbuf_addf(&raw, "%s:%u: ", file, line);
	else
		strbuf_addf(&raw, "%s: ", file);
	strbuf_vaddf(&why, fmt, ap);
	conffile_hide_tokens(&raw, why.buf ? why.buf : "");
	sanitize_append(&out, raw.buf, raw.len, 0);
	strbuf_done(&why);
	strbuf_done(&raw);
	cf->warnings =
	    conffile_grow(cf->warnings, &cf->warnings_cap, cf->nwarnings, sizeof(*cf->warnings));
	cf->warning_seq = conffile_grow(cf->warning_seq, &cf->warning_seq_cap, cf->nwarnings,
	                                sizeof(*cf->warning_seq));
	cf->warnings[cf->nwarnings] = strbuf_detach(&out);
	cf->warning_seq[cf->nwarnings++] = seq;
}

struct conffile_warning_order {
	unsigned long seq;
	size_t index; /* ties keep the order they were told in */
	char *text;
};

static int
conffile_warning_cmp(const void *pa, const void *pb)
{
	const struct conffile_warning_order *a = pa, *b = pb;

	if (a->seq != b->seq)
		return a->seq < b->seq ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

void
conffile_sort_warnings(struct conffile *cf)
{
	struct conffile_warning_order *order;
	bool sorted = true;

	for (size_t i = 1; cf && i < cf->nwarnings && sorted; i++)
		sorted = cf->warning_seq[i - 1] <= cf->warning_seq[i];
	if (sorted)
		return;
	order = xmalloc(cf->nwarnings * sizeof(*order));
	for (size_t i = 0; i < cf->nwarnings; i++)
		order[i] = (struct conffile_warning_order){cf->warning_seq[i], i, cf->warnings[i]};
	qsort(order, cf->nwarnings, sizeof(*order), conffile_warning_cmp);
	for (size_t i = 0; i < cf->nwarnings; i++) {
		cf->warning_seq[i] = order[i].seq;
		cf->warnings[i] = order[i].text;
	}
	free(order);
}

static void __attribute__((format(printf, 5, 6)))
conffile_warn_line(struct conffile *cf, const char *file, unsigned line, unsigned long seq,
                   const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conffile_vwarn(cf, file, line, seq, fmt, ap);
	va_end(ap);
}

void
conffile_warn(struct conffile *cf, const struct conffile_rec *rec, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conffile_vwarn(cf, rec->file, rec->line, rec->seq, fmt, ap);
	va_end(ap);
}

/* Profiles are looked up by a hash of their names (FNV-1a), open
 * addressing: a file with a hundred thousand profiles is still read in
 * linear time. */
static size_t
conffile_profile_hash(const char *name)
{
	size_t h = 2166136261u;

	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 16777619u;
	return h;
}

/* The slot of name in cf->profile_slots: its own, or the empty one where it
 * belongs. The table is never full (at most half used). */
static size_t
conffile_profile_slot(const struct conffile *cf, const char *name)
{
	size_t mask = cf->profile_slots_cap - 1, i = conffile_profile_hash(name) & mask;

	while (cf->profile_slots[i] && strcmp(cf->profiles[cf->profile_slots[i] - 1], name) != 0)
		i = (i + 1) & mask;
	return i;
}

const char *
conffile_profile(const struct conffile *cf, const char *name)
{
	size_t slot;

	if (!cf || !cf->profile_slots_cap)
		return NULL;
	slot = cf->profile_slots[conffile_profile_slot(cf, name)];
	return slot ? cf->profiles[slot - 1] : NULL;
}

bool
conffile_has_profile(const struct conffile *cf, const char *name)
{
	return conffile_profile(cf, name) != NULL;
}

/* The profile's name as cf stores it, added when new. */
static const char *
conffile_add_profile(struct conffile *cf, const char *name)
{
	size_t slot;

	if (2 * (cf->nprofiles + 1) > cf->profile_slots_cap) {
		cf->profile_slots_cap = cf->profile_slots_cap ? cf->profile_slots_cap * 2 : 16;
		free(cf->profile_slots);
		cf->profile_slots = xcalloc(cf->profile_slots_cap, sizeof(*cf->profile_slots));
		for (size_t i = 0; i < cf->nprofiles; i++)
			cf->profile_slots[conffile_profile_slot(cf, cf->profiles[i])] = i + 1;
	}
	slot = conffile_profile_slot(cf, name);
	if (cf->profile_slots[slot])
		return cf->profiles[cf->profile_slots[slot] - 1];
	cf->profiles =
	    conffile_grow(cf->profiles, &cf->profiles_cap, cf->nprofiles, sizeof(*cf->profiles));
	cf->profiles[cf->nprofiles] = xstrdup(name);
	cf->profile_slots[slot] = ++cf->nprofiles;
	return cf->profiles[cf->nprofiles - 1];
}

static const char *
conffile_add_file(struct conffile *cf, const char *path)
{
	cf->files = xrealloc(cf->files, (cf->nfiles + 1) * sizeof(*cf->files));
	cf->files[cf->nfiles] = xstrdup(path);
	return cf->files[cf->nfiles++];
}

static void
conffile_add_rec(struct conffile *cf, const struct conffile_rec *rec)
{
	cf->recs = conffile_grow(cf->recs, &cf->recs_cap, cf->n, sizeof(*cf->recs));
	cf->recs[cf->n++] = *rec;
}

static void
conffile_rec_done(struct conffile_rec *rec)
{
	free(rec->a);
	free(rec->b);
	free(rec->c);
}

/* The files being read, outermost first: a `source` of one of them is a
 * cycle. */
struct conffile_stack {
	char *real[CONFFILE_MAX_DEPTH + 1];
	size_t depth;
};

static int conffile_read_into(struct conffile *cf, const char *path, const char *section,
                              struct conffile_stack *stack, char **err);

/* What `source FILE` in file names: "~/" is $HOME, a relative path is
 * relative to file's directory. Caller frees; NULL when "~/" has no HOME. */
static char *
conffile_source_path(const char *file, const char *target)
{
	const char *slash;

	if (strncmp(target, "~/", 2) == 0) {
		const char *home = getenv("HOME");

		return home && *home ? xasprintf("%s/%s", home, target + 2) : NULL;
	}
	if (target[0] == '/' || !(slash = strrchr(file, '/')))
		return xstrdup(target);
	return xasprintf("%.*s/%s", (int)(slash - file), file, target);
}

/* Parses text as the lines of file (already registered in cf); section is
 * the profile its lines start in. */
static void
conffile_parse_into(struct conffile *cf, const char *text, size_t len, const char *file,
                    const char *section, struct conffile_stack *stack)
{
	size_t pos = 0;
	unsigned lineno = 0;

	/* Notepad's UTF-8 files begin with a byte order mark. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t llen = nl ? (size_t)(nl - (text + pos)) : len - pos;
		struct conffile_rec rec;
		char *line, *why = NULL;
		unsigned long seq;
		int r;

		lineno++;
		seq = ++cf->nlines;
		if (memchr(text + pos, '\0', llen)) {
			conffile_warn_line(cf, file, lineno, seq, "NUL byte in the line");
			pos += llen + (nl ? 1 : 0);
			continue;
		}
		line = xstrndup(text + pos, llen);
		r = conffile_parse_line(line, &rec, &why);
		free(line);
		pos += llen + (nl ? 1 : 0);
		if (r < 0) {
			conffile_warn_line(cf, file, lineno, seq, "%s", why);
			free(why);
			continue;
		}
		if (r == 0)
			continue;
		rec.file = file;
		rec.line = lineno;
		rec.seq = seq;
		rec.profile = section;
		if (rec.kind == CONFFILE_PROFILE) {
			section = conffile_add_profile(cf, rec.a);
			conffile_rec_done(&rec);
		} else if (rec.kind == CONFFILE_SOURCE) {
			char *target = stack ? conffile_source_path(file, rec.a) : NULL;
			char *err = NULL;

			if (!stack)
				conffile_warn(cf, &rec, "source: not in a file");
			else if (!target)
				conffile_warn(cf, &rec, "source %s: HOME is not set", rec.a);
			else if (stack->depth > CONFFILE_MAX_DEPTH)
				conffile_warn(cf, &rec,
				              "source %s: nested more than %d deep, not read",
				              rec.a, CONFFILE_MAX_DEPTH);
			else
				conffile_read_into(cf, target, section, stack, &err);
			if (err) {
				conffile_warn(cf, &rec, "source %s", err);
				free(err);
			}
			free(target);
			conffile_rec_done(&rec);
		} else {
			conffile_add_rec(cf, &rec);
		}
	}
}

struct conffile *
conffile_parse(const char *text, size_t len, const char *name)
{
	struct conffile *cf = xcalloc(1, sizeof(*cf));

	conffile_parse_into(cf, text, len, conffile_add_file(cf, name), NULL, NULL);
	conffile_sort_warnings(cf);
	return cf;
}

/* Reads the whole file at path into sb. Returns NULL, or why not (caller
 * frees; without the path), with *enoent when there is no such file. Opened
 * without blocking and checked before reading: a FIFO would wait for a
 * writer forever, a terminal for a line, /dev/zero would never end. */
static char *
conffile_load(const char *path, struct strbuf *sb, bool *enoent)
{
	char buf[8192];
	struct stat st;
	char *why = NULL;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

	*enoent = false;
	if (fd < 0) {
		*enoent = errno == ENOENT;
		return xstrdup(strerror(errno));
	}
	if (fstat(fd, &st) < 0)
		why = xstrdup(strerror(errno));
	else if (S_ISDIR(st.st_mode))
		why = xstrdup(strerror(EISDIR));
	else if (!S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode))
		why = xasprintf("not a regular file (%s)", S_ISFIFO(st.st_mode)   ? "a FIFO"
		                                           : S_ISSOCK(st.st_mode) ? "a socket"
		                                                                  : "a device");
	else if (S_ISREG(st.st_mode) && st.st_size > CONFFILE_MAX_BYTES)
		why = xasprintf("larger than %d bytes", CONFFILE_MAX_BYTES);
	while (!why) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n == 0)
			break;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			why = xstrdup("not a regular file (reading it would wait)");
		} else if (n < 0) {
			why = xstrdup(strerror(errno));
		} else {
			strbuf_add(sb, buf, (size_t)n);
			if (sb->len > CONFFILE_MAX_BYTES)
				why = xasprintf("larger than %d bytes", CONFFILE_MAX_BYTES);
		}
	}
	close(fd);
	/* The buffer may have held a token. */
	explicit_bzero(buf, sizeof(buf));
	return why;
}

/* Reads path into cf. Returns 0, or -1 with *err ("PATH: reason", caller
 * frees), which the caller places: the top file's error is the caller's, a
 * sourced file's a warning at its `source` line; -ENOENT too when there is no
 * such file. */
static int
conffile_read_into(struct conffile *cf, const char *path, const char *section,
                   struct conffile_stack *stack, char **err)
{
	struct strbuf sb = STRBUF_INIT;
	bool enoent = false;
	char *why = NULL, *real = NULL;

	if (cf->nfiles >= CONFFILE_MAX_FILES)
		why = xasprintf("more than %d files read, not read", CONFFILE_MAX_FILES);
	else if (!(why = conffile_load(path, &sb, &enoent)) && !(real = realpath(path, NULL)))
		why = xstrdup(strerror(errno));
	for (size_t i = 0; !why && i < stack->depth; i++) {
		if (strcmp(stack->real[i], real) == 0)
			why = xstrdup("already being read (a cycle), not read again");
	}
	if (!why) {
		stack->real[stack->depth++] = real;
		conffile_parse_into(cf, sb.buf ? sb.buf : "", sb.len, conffile_add_file(cf, path),
		                    section, stack);
		stack->real[--stack->depth] = NULL;
	}
	free(real);
	if (sb.buf)
		explicit_bzero(sb.buf, sb.len);
	strbuf_done(&sb);
	if (!why)
		return 0;
	*err = xasprintf("%s: %s", path, why);
	free(why);
	return enoent ? -ENOENT : -1;
}

struct conffile *
conffile_read(const char *path, char **err)
{
	struct conffile_stack stack = {{NULL}, 0};
	struct conffile *cf = xcalloc(1, sizeof(*cf));
	char *raw = NULL;
	int rc = conffile_read_into(cf, path, NULL, &stack, &raw);

	*err = NULL;
	if (rc < 0) {
		conffile_free(cf);
		cf = NULL;
		if (rc != -ENOENT)
			*err = sanitize_str(raw);
	}
	free(raw);
	conffile_sort_warnings(cf);
	return cf;
}

void
conffile_free(struct conffile *cf)
{
	if (!cf)
		return;
	for (size_t i = 0; i < cf->n; i++)
		conffile_rec_done(&cf->recs[i]);
	free(cf->recs);
	for (size_t i = 0; i < cf->nprofiles; i++)
		free(cf->profiles[i]);
	free(cf->profiles);
	free(cf->profile_slots);
	for (size_t i = 0; i < cf->nwarnings; i++)
		free(cf->warnings[i]);
	free(cf->warnings);
	free(cf->warning_seq);
	for (size_t i = 0; i < cf->nfiles; i++)
		free(cf->files[i]);
	free(cf->files);
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
