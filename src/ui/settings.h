/* Run-time options (OPTION_INFO): their values, `set` parsing, the TUI's configuration lines. */
#ifndef DPJOBS_UI_SETTINGS_H
#define DPJOBS_UI_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

/* Named settings, not options: src/cli/options.c owns the options_ prefix.
 *
 * Every option: id, field of struct settings, name (in `set` and `:set`),
 * type, default as the config file would spell it, one line of help. The
 * struct, the parser, `:set`, the help and doc/dpjobs-config.5 (checked by
 * tests/unit/test_config) all come from here. */
#define OPTION_INFO(_)                                                                             \
	_(MOUSE, mouse, "mouse", BOOL, "off", "click selects and focuses, the wheel scrolls")      \
	_(REFRESH_INTERVAL, refresh_interval, "refresh-interval", SECONDS, "5",                    \
	  "refresh the job list this often, in seconds (0.5 to 86400)")                            \
	_(THEME, theme, "theme", STRING, "default",                                                \
	  "colour theme: default, light, mono, another NAME or a PATH")                            \
	_(LOG_COLORS, log_colors, "log-colors", BOOL, "off",                                       \
	  "show SGR colour sequences in logs as colours (else inert)")                             \
	_(LOG_MEMORY, log_memory, "log-memory", MIB, "64",                                         \
	  "MiB of memory for all logs; older blocks go to a temporary file (1 to 1048576)")        \
	_(READONLY, readonly, "readonly", BOOL, "off",                                             \
	  "browse only: no create, clone, edit or cancel (`:set` can turn it on, never off)")

enum option_type {
	OPTION_TYPE_BOOL,    /* on off true false yes no 1 0 */
	OPTION_TYPE_SECONDS, /* 0.5 to 86400 */
	OPTION_TYPE_STRING,
	OPTION_TYPE_MIB, /* 1 to 1048576 */
};

enum option_id {
#define OPTION_ENUM_(id, field, name, type, def, help) OPTION_##id,
	OPTION_INFO(OPTION_ENUM_)
#undef OPTION_ENUM_
	    OPTION_COUNT
};

#define OPTION_CTYPE_BOOL bool
#define OPTION_CTYPE_SECONDS double
#define OPTION_CTYPE_STRING char *
#define OPTION_CTYPE_MIB size_t

/* The value of every option. Strings are owned. */
struct settings {
#define OPTION_FIELD_(id, field, name, type, def, help) OPTION_CTYPE_##type field;
	OPTION_INFO(OPTION_FIELD_)
#undef OPTION_FIELD_
};

/* Every option at its default. */
void settings_init(struct settings *s);
void settings_done(struct settings *s);
void settings_copy(struct settings *dst, const struct settings *src);

/* From OPTION_INFO. */
const char *settings_name(enum option_id id);
const char *settings_help(enum option_id id);
const char *settings_default(enum option_id id);
enum option_type settings_type(enum option_id id);
/* The id of an option name; OPTION_COUNT when there is none. */
enum option_id settings_find(const char *name);

/* Parses value by the option's type into s. false with *err (caller frees,
 * e.g. "refresh-interval: expected seconds between 0.5 and 86400, not 'x'")
 * and s unchanged when it does not fit. */
bool settings_set(struct settings *s, enum option_id id, const char *value, char **err);
/* The value as `set` would take it back ("on", "5", "light"). Caller frees. */
char *settings_format(const struct settings *s, enum option_id id);
/* "mouse=off refresh-interval=5 ...": every option. Caller frees. */
char *settings_format_all(const struct settings *s);

struct conffile_rec;
struct theme;

/* What one record of the configuration file means to the TUI. Returns 1
 * when it is the TUI's and right (a `set` of an OPTION_INFO option, a
 * `bind`, a `color`), 0 for a `set` of a name that is not an OPTION_INFO
 * option (the caller judges those), -1 with *err (one line, sanitized, no
 * file or line; caller frees) when it is wrong. Changes nothing. */
int settings_check(const struct conffile_rec *rec, char **err);

/* Applies records in order: the `set` lines of OPTION_INFO options into s,
 * the `bind` lines into the keymap (which must be initialised). Lines
 * settings_check() refuses are skipped: the caller has told them. */
void settings_apply(struct settings *s, const struct conffile_rec *const *recs, size_t n);

/* Applies the `color` lines of recs over theme t, in order, skipping wrong
 * ones. Call theme_apply() afterwards. */
void settings_apply_colors(struct theme *t, const struct conffile_rec *const *recs, size_t n);

#endif
