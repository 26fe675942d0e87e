/* The configuration file's grammar: lines to `set` and `bind` records, no meaning attached. */
#ifndef DPJOBS_UTIL_CONFFILE_H
#define DPJOBS_UTIL_CONFFILE_H

#include <stdbool.h>
#include <stddef.h>

/* Named conffile, not config: a src/util/config.h would shadow autoconf's
 * config.h for every `#include "config.h"` in this directory. */

enum conffile_kind {
	CONFFILE_SET,  /* set NAME = VALUE (or set NAME VALUE) */
	CONFFILE_BIND, /* bind KEY ACTION */
};

/* One meaningful line. For SET, a is the option name and b its value; for
 * BIND, a is the key (vim notation) and b the action name. */
struct conffile_rec {
	enum conffile_kind kind;
	unsigned line; /* 1-based */
	char *a;
	char *b;
};

/* A parsed file; owns its records and their strings. */
struct conffile {
	struct conffile_rec *recs;
	size_t n;
};

/* Parses one line. Returns 1 with *rec filled (caller frees a and b), 0 for
 * a blank or comment line, -1 with *err (caller frees; no file or line in it)
 * for a line that is not `set` or `bind` as the grammar wants. */
int conffile_parse_line(const char *line, struct conffile_rec *rec, char **err);

/* Parses a whole text. Returns a new conffile (caller frees with
 * conffile_free()), or NULL with *err = "NAME:LINE: what is wrong" (caller
 * frees) at the first bad line. */
struct conffile *conffile_parse(const char *text, size_t len, const char *name, char **err);

/* Reads and parses the file at path. NULL with *err NULL when the file does
 * not exist (no configuration is not an error); NULL with *err (caller frees,
 * "PATH: reason" or "PATH:LINE: what is wrong") when it cannot be read or
 * does not parse. */
struct conffile *conffile_read(const char *path, char **err);

void conffile_free(struct conffile *cf);

/* Where the configuration file is: $DPJOBS_CONFIG, else
 * $XDG_CONFIG_HOME/dpjobs/config (an absolute XDG_CONFIG_HOME only), else
 * $HOME/.config/dpjobs/config. NULL when none applies. Caller frees. */
char *conffile_path(void);

/* on off true false yes no 1 0 (any case). false when s is none of them. */
bool conffile_parse_bool(const char *s, bool *out);

#endif
