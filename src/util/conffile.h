/* The configuration file's grammar: lines to records, `source` and `profile` sections. */
#ifndef DPJOBS_UTIL_CONFFILE_H
#define DPJOBS_UTIL_CONFFILE_H

#include <stdbool.h>
#include <stddef.h>

/* Named conffile, not config: a src/util/config.h would shadow autoconf's
 * config.h for every `#include "config.h"` in this directory.
 *
 * This layer knows the shape of a line, not its meaning: which names, keys,
 * actions and colours exist is for the callers (src/cli/config.c,
 * src/ui/settings.c) to judge. */

enum conffile_kind {
	CONFFILE_SET,     /* set NAME = VALUE, set NAME VALUE, NAME = VALUE */
	CONFFILE_BIND,    /* bind [KEYMAP] KEY ACTION */
	CONFFILE_COLOR,   /* color ELEMENT FG [BG] [ATTR...] */
	CONFFILE_SOURCE,  /* source FILE */
	CONFFILE_PROFILE, /* profile NAME */
};

/* One meaningful line.
 *   SET:     a = option name, b = value
 *   BIND:    a = key (vim notation), b = action, c = keymap or NULL (`bind KEY ACTION`)
 *   COLOR:   a = element, b = "FG [BG] [ATTR...]" (words separated by one space)
 *   SOURCE:  a = the file as written (quotes removed)
 *   PROFILE: a = the profile's name
 * conffile_read() keeps SET, BIND and COLOR records only: it follows the
 * SOURCE lines and turns the PROFILE lines into sections. */
struct conffile_rec {
	enum conffile_kind kind;
	const char *file;    /* the file the line is in; borrowed from the conffile */
	unsigned line;       /* 1-based */
	unsigned long seq;   /* the line's place in reading order, across sourced files */
	const char *profile; /* the section: NULL before the first `profile`, else its name
	                        (borrowed from the conffile) */
	char *a;
	char *b;
	char *c;
};

/* A parsed file and what it sourced; owns its records and their strings. */
struct conffile {
	struct conffile_rec *recs;
	size_t n;
	char **profiles; /* every profile the files define, in order of first mention */
	size_t nprofiles;
	size_t profiles_cap;
	size_t *profile_slots; /* conffile.c's hash of the profiles: index + 1, 0 empty */
	size_t profile_slots_cap;
	char **warnings;            /* "FILE:LINE: why", sanitized, one line each, in reading
	                               order (after conffile_sort_warnings()) */
	unsigned long *warning_seq; /* each warning's line in reading order, to sort by */
	size_t nwarnings;
	size_t warnings_cap;
	size_t warning_seq_cap;
	size_t recs_cap;
	unsigned long nlines; /* lines read, for seq */
	char **files;         /* the files read, the first one first */
	size_t nfiles;
};

/* Parses one line. Returns 1 with *rec filled (caller frees a, b and c; file,
 * line and profile are left 0), 0 for a blank or comment line, -1 with *err
 * (caller frees; no file or line in it) for a line the grammar refuses. */
int conffile_parse_line(const char *line, struct conffile_rec *rec, char **err);

/* Parses a whole text, which cannot `source` anything (that is refused with
 * a warning). Every bad line becomes a warning "NAME:LINE: why" and is left
 * out; the rest is kept. Returns a new conffile; caller frees with
 * conffile_free(). */
struct conffile *conffile_parse(const char *text, size_t len, const char *name);

/* Reads and parses the file at path, and what its `source` lines name
 * (relative to the directory of the file that says it, "~/" for $HOME,
 * nested at most CONFFILE_MAX_DEPTH deep, a file that is already being read
 * is refused). A sourced file's lines belong to the section of its `source`
 * line until the sourced file starts sections of its own, which end with it.
 * A missing, unreadable or cyclic sourced file is a warning. Returns NULL
 * with *err NULL when path does not exist (no configuration is not an
 * error); NULL with *err ("PATH: reason", sanitized; caller frees) when it
 * cannot be read. */
struct conffile *conffile_read(const char *path, char **err);

#define CONFFILE_MAX_DEPTH 8

/* Adds the warning "FILE:LINE: why" about rec's line (the whole warning
 * sanitized) to cf, after the others; conffile_sort_warnings() puts the
 * warnings in the reading order of their lines. */
void conffile_warn(struct conffile *cf, const struct conffile_rec *rec, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Orders cf's warnings by the reading order of their lines (a stable sort:
 * two warnings of one line keep theirs). cf may be NULL. */
void conffile_sort_warnings(struct conffile *cf);

/* The profile's name as cf (may be NULL) stores it, or NULL when cf does not define it. */
const char *conffile_profile(const struct conffile *cf, const char *name);
/* True when cf (may be NULL) defines the profile. */
bool conffile_has_profile(const struct conffile *cf, const char *name);

void conffile_free(struct conffile *cf);

/* Where the configuration file is: $DPJOBS_CONFIG, else
 * $XDG_CONFIG_HOME/dpjobs/config (an absolute XDG_CONFIG_HOME only), else
 * $HOME/.config/dpjobs/config. NULL when none applies. Caller frees. */
char *conffile_path(void);

/* "'s'" for a message, cut to 40 bytes (whole UTF-8 characters) and "..."
 * when longer: a warning is one status line. Caller frees. */
char *conffile_quoted(const char *s);

/* on off true false yes no 1 0 (any case). false when s is none of them. */
bool conffile_parse_bool(const char *s, bool *out);

#endif
