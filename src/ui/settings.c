/* Run-time options from OPTION_INFO: values, `set` parsing, the TUI's lines of the configuration.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ui/keymap.h"
#include "ui/settings.h"
#include "ui/theme.h"
#include "util/conffile.h"
#include "util/sanitize.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

struct settings_def {
	const char *name;
	enum option_type type;
	const char *def;
	const char *help;
	size_t offset;
};

static const struct settings_def settings_defs[OPTION_COUNT] = {
#define OPTION_DEF_(id, field, name, type, def, help)                                              \
	[OPTION_##id] = {name, OPTION_TYPE_##type, def, help, offsetof(struct settings, field)},
    OPTION_INFO(OPTION_DEF_)
#undef OPTION_DEF_
};

const char *
settings_name(enum option_id id)
{
	return id < OPTION_COUNT ? settings_defs[id].name : "";
}

const char *
settings_help(enum option_id id)
{
	return id < OPTION_COUNT ? settings_defs[id].help : "";
}

const char *
settings_default(enum option_id id)
{
	return id < OPTION_COUNT ? settings_defs[id].def : "";
}

enum option_type
settings_type(enum option_id id)
{
	return settings_defs[id].type;
}

enum option_id
settings_find(const char *name)
{
	for (int i = 0; i < OPTION_COUNT; i++) {
		if (strcmp(settings_defs[i].name, name) == 0)
			return (enum option_id)i;
	}
	return OPTION_COUNT;
}

static void *
settings_field(const struct settings *s, enum option_id id)
{
	return (char *)s + settings_defs[id].offset;
}

bool
settings_set(struct settings *s, enum option_id id, const char *value, char **err)
{
	const struct settings_def *d = &settings_defs[id];
	void *field = settings_field(s, id);
	char *end, *quoted;

	*err = NULL;
	switch (d->type) {
	case OPTION_TYPE_BOOL: {
		bool on;

		if (!conffile_parse_bool(value, &on))
			break;
		*(bool *)field = on;
		return true;
	}
	case OPTION_TYPE_SECONDS: {
		double v = strtod(value, &end);

		if (end == value || *end || !isfinite(v) || v < 0.5 || v > 86400)
			break;
		*(double *)field = v;
		return true;
	}
	case OPTION_TYPE_STRING:
		if (!*value)
			break;
		free(*(char **)field);
		*(char **)field = xstrdup(value);
		return true;
	case OPTION_TYPE_MIB: {
		long long v;

		errno = 0;
		v = strtoll(value, &end, 10);
		if (end == value || *end || errno || v < 1 || v > 1048576)
			break;
		*(size_t *)field = (size_t)v;
		return true;
	}
	}
	/* Cut as every warning of the file is: one status line, whatever was pasted. */
	quoted = conffile_quoted(value);
	*err = xasprintf("%s: expected %s, not %s", d->name,
	                 d->type == OPTION_TYPE_BOOL      ? "on or off"
	                 : d->type == OPTION_TYPE_SECONDS ? "seconds between 0.5 and 86400"
	                 : d->type == OPTION_TYPE_MIB     ? "MiB between 1 and 1048576"
	                                                  : "a name",
	                 quoted);
	free(quoted);
	return false;
}

char *
settings_format(const struct settings *s, enum option_id id)
{
	const void *field = settings_field(s, id);

	switch (settings_defs[id].type) {
	case OPTION_TYPE_BOOL:
		return xstrdup(*(const bool *)field ? "on" : "off");
	case OPTION_TYPE_SECONDS:
		return xasprintf("%g", *(const double *)field);
	case OPTION_TYPE_STRING:
		return xstrdup(*(char *const *)field);
	case OPTION_TYPE_MIB:
		return xasprintf("%zu", *(const size_t *)field);
	}
	return xstrdup("");
}

char *
settings_format_all(const struct settings *s)
{
	struct strbuf sb = STRBUF_INIT;

	for (int i = 0; i < OPTION_COUNT; i++) {
		char *v = settings_format(s, (enum option_id)i);

		strbuf_addf(&sb, "%s%s=%s", i ? " " : "", settings_defs[i].name, v);
		free(v);
	}
	return strbuf_detach(&sb);
}

void
settings_init(struct settings *s)
{
	char *err;

	memset(s, 0, sizeof(*s));
	for (int i = 0; i < OPTION_COUNT; i++) {
		/* The defaults are parsed as a file's values are: one spelling. */
		if (!settings_set(s, (enum option_id)i, settings_defs[i].def, &err))
			die("OPTION_INFO: %s", err);
	}
}

void
settings_done(struct settings *s)
{
	for (int i = 0; i < OPTION_COUNT; i++) {
		if (settings_defs[i].type == OPTION_TYPE_STRING) {
			free(*(char **)settings_field(s, (enum option_id)i));
			*(char **)settings_field(s, (enum option_id)i) = NULL;
		}
	}
}

void
settings_copy(struct settings *dst, const struct settings *src)
{
	*dst = *src;
	for (int i = 0; i < OPTION_COUNT; i++) {
		char **p = settings_field(dst, (enum option_id)i);

		if (settings_defs[i].type == OPTION_TYPE_STRING)
			*p = xstrdup(*p);
	}
}

int
settings_check(const struct conffile_rec *rec, char **err)
{
	*err = NULL;
	switch (rec->kind) {
	case CONFFILE_SET: {
		enum option_id id = settings_find(rec->a);
		struct settings tmp;
		bool ok;

		if (id == OPTION_COUNT)
			return 0;
		settings_init(&tmp);
		ok = settings_set(&tmp, id, rec->b, err);
		settings_done(&tmp);
		if (!ok) {
			char *raw = *err;

			*err = sanitize_str(raw);
			free(raw);
		}
		return ok ? 1 : -1;
	}
	case CONFFILE_BIND:
		return keymap_check(rec->c, rec->a, rec->b, err) ? 1 : -1;
	case CONFFILE_COLOR:
		return theme_set_color(NULL, rec->a, rec->b, err) ? 1 : -1;
	case CONFFILE_SOURCE:
	case CONFFILE_PROFILE:
		break;
	}
	*err = xstrdup("not a setting");
	return -1;
}

void
settings_apply(struct settings *s, const struct conffile_rec *const *recs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct conffile_rec *r = recs[i];
		char *err = NULL;

		if (r->kind == CONFFILE_SET) {
			enum option_id id = settings_find(r->a);

			if (id != OPTION_COUNT)
				settings_set(s, id, r->b, &err);
		} else if (r->kind == CONFFILE_BIND) {
			keymap_bind_in(r->c, r->a, r->b, &err);
		}
		free(err);
	}
}

void
settings_apply_colors(struct theme *t, const struct conffile_rec *const *recs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *err = NULL;

		if (recs[i]->kind == CONFFILE_COLOR)
			theme_set_color(t, recs[i]->a, recs[i]->b, &err);
		free(err);
	}
}
