/* The configuration file's meaning for dpjobs: keys, profiles, precedence, sources, warnings. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "model/validate.h"
#include "ui/app.h"
#include "ui/settings.h"
#include "util/conffile.h"
#include "util/sanitize.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

enum config_type {
	CONFIG_STRING,
	CONFIG_PATH,    /* "~/" is $HOME; relative to the configuration file's directory */
	CONFIG_BOOL,    /* on off true false yes no 1 0 */
	CONFIG_TIMEOUT, /* positive seconds, at most 1e7 */
	CONFIG_DOMAIN,  /* a DNS name */
	CONFIG_ID,      /* a resource id (model/validate.h) */
	CONFIG_SECRET,  /* never shown */
	CONFIG_AUTH,    /* auto or metadata: the bool `metadata` */
	CONFIG_URL,     /* http:// or https:// */
};

/* A command line or environment that sets one key of a group replaces the
 * file's keys of the whole group: `--cluster-name` is not overruled by a
 * profile's cluster-id, nor a `--sa-key-file` by its iam-token-file. */
enum config_group {
	CONFIG_GROUP_NONE,
	CONFIG_GROUP_ENDPOINT,
	CONFIG_GROUP_CLUSTER,
	CONFIG_GROUP_CREDENTIAL,
};

/* The keys besides OPTION_INFO's: name, type, field of struct cli, the
 * environment variable and flag that set the field, group. --demo replaces
 * every key of a group (it brings its own endpoint, cluster and no auth). */
#define CONFIG_KEY_INFO(_)                                                                         \
	_(ENDPOINT, "endpoint", STRING, endpoint, "DPJOBS_ENDPOINT", "endpoint", ENDPOINT)         \
	_(OPERATION_ENDPOINT, "operation-endpoint", STRING, operation_endpoint, NULL,              \
	  "operation-endpoint", ENDPOINT)                                                          \
	_(IAM_ENDPOINT, "iam-endpoint", STRING, iam_endpoint, NULL, "iam-endpoint", ENDPOINT)      \
	_(BASE_DOMAIN, "base-domain", DOMAIN, base_domain, NULL, "base-domain", ENDPOINT)          \
	_(PLAINTEXT, "plaintext", BOOL, plaintext, NULL, "plaintext", NONE)                        \
	_(CA_FILE, "ca-file", PATH, ca_file, NULL, "ca-file", NONE)                                \
	_(TIMEOUT, "timeout", TIMEOUT, timeout_s, NULL, "timeout", NONE)                           \
	_(FOLDER_ID, "folder-id", ID, folder_id, "DPJOBS_FOLDER_ID", "folder-id", NONE)            \
	_(CLUSTER_ID, "cluster-id", ID, cluster_id, "DPJOBS_CLUSTER_ID", "cluster-id", CLUSTER)    \
	_(CLUSTER_NAME, "cluster-name", STRING, cluster_name, NULL, "cluster-name", CLUSTER)       \
	_(IAM_TOKEN_FILE, "iam-token-file", PATH, iam_token_file, NULL, "iam-token-file",          \
	  CREDENTIAL)                                                                              \
	_(SA_KEY_FILE, "sa-key-file", PATH, sa_key_file, "DPJOBS_SA_KEY_FILE", "sa-key-file",      \
	  CREDENTIAL)                                                                              \
	_(OAUTH_TOKEN, "oauth-token", SECRET, oauth_token, "DPJOBS_OAUTH_TOKEN", NULL, CREDENTIAL) \
	_(TOKEN_COMMAND, "token-command", STRING, token_command, "DPJOBS_TOKEN_COMMAND",           \
	  "token-command", CREDENTIAL)                                                             \
	_(AUTH, "auth", AUTH, metadata, NULL, "metadata", CREDENTIAL)                              \
	_(METADATA_URL, "metadata-url", URL, metadata_url, "DPJOBS_METADATA_URL", NULL, CREDENTIAL)

enum config_key_id {
#define CONFIG_KEY_ENUM_(id, name, type, field, env, flag, group) CONFIG_KEY_##id,
	CONFIG_KEY_INFO(CONFIG_KEY_ENUM_)
#undef CONFIG_KEY_ENUM_
	    CONFIG_KEY_COUNT
};

struct config_key {
	const char *name;
	enum config_type type;
	size_t offset;
	const char *env;
	const char *flag;
	enum config_group group;
};

static const struct config_key config_keys[CONFIG_KEY_COUNT] = {
#define CONFIG_KEY_DEF_(id, name, type, field, env, flag, group)                                   \
	[CONFIG_KEY_##id] = {name, CONFIG_##type, offsetof(struct cli, field),                     \
	                     env,  flag,          CONFIG_GROUP_##group},
    CONFIG_KEY_INFO(CONFIG_KEY_DEF_)
#undef CONFIG_KEY_DEF_
};

/* What struct cli does not hold: where each key's value came from. */
struct config_state {
	struct config pub;
	const struct conffile_rec *from[CONFIG_KEY_COUNT]; /* the line a value came from */
};

#define CONFIG_HIDDEN "<set, hidden>"

static enum config_key_id
config_key_find(const char *name)
{
	for (int i = 0; i < CONFIG_KEY_COUNT; i++) {
		if (strcmp(config_keys[i].name, name) == 0)
			return (enum config_key_id)i;
	}
	return CONFIG_KEY_COUNT;
}

static const char **
config_string_field(struct cli *cli, enum config_key_id k)
{
	return (const char **)(void *)((char *)cli + config_keys[k].offset);
}

static bool *
config_bool_field(struct cli *cli, enum config_key_id k)
{
	return (bool *)(void *)((char *)cli + config_keys[k].offset);
}

static double *
config_double_field(struct cli *cli, enum config_key_id k)
{
	return (double *)(void *)((char *)cli + config_keys[k].offset);
}

/* True when the command line, the environment or --demo set key k. */
static bool
config_key_given(struct cli *cli, enum config_key_id k)
{
	switch (config_keys[k].type) {
	case CONFIG_BOOL:
	case CONFIG_AUTH:
		return *config_bool_field(cli, k) ||
		       (k == CONFIG_KEY_AUTH && cli->metadata_url && *cli->metadata_url);
	case CONFIG_TIMEOUT:
		return *config_double_field(cli, k) > 0;
	default: {
		const char *v = *config_string_field(cli, k);

		return v && *v;
	}
	}
}

static bool
config_group_given(struct cli *cli, enum config_group g)
{
	if (g == CONFIG_GROUP_NONE)
		return false;
	if (cli->demo && g != CONFIG_GROUP_NONE)
		return true;
	/* DPJOBS_IAM_TOKEN has no field: client.c reads it itself. */
	if (g == CONFIG_GROUP_CREDENTIAL) {
		const char *t = getenv("DPJOBS_IAM_TOKEN");

		if (t && *t)
			return true;
	}
	for (int k = 0; k < CONFIG_KEY_COUNT; k++) {
		if (config_keys[k].group == g && config_key_given(cli, (enum config_key_id)k))
			return true;
	}
	return false;
}

static bool
config_valid_domain(const char *s)
{
	size_t len = strlen(s);

	return len > 0 && len <= 200 &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") ==
	           len &&
	       s[0] != '.' && s[0] != '-' && s[len - 1] != '.' && !strstr(s, "..");
}

/* A value quoted for a message, cut short when long: a warning is one
 * status line. Static: valid until the next call. */
static const char *
config_quote(const char *v)
{
	static char out[64];
	char *quoted = conffile_quoted(v);

	snprintf(out, sizeof(out), "%s", quoted);
	free(quoted);
	return out;
}

/* A token command for `config show`: its first word, and " …" for the
 * arguments, which may hold a secret (curl -H "Authorization: ..."). Caller
 * frees. */
static char *
config_command_shown(const char *command)
{
	size_t lead = strspn(command, " \t"), word = strcspn(command + lead, " \t");

	if (!command[lead + word + strspn(command + lead + word, " \t")])
		return xasprintf("%.*s", (int)word, command + lead);
	return xasprintf("%.*s \u2026", (int)word, command + lead);
}

/* Checks the value of a SET record of key k. NULL when it is right, else why
 * (caller frees; the value is quoted only when it is no secret). */
static char *
config_check_value(enum config_key_id k, const char *v)
{
	char err[VALIDATE_ERR_LEN], *end;
	const char *home = getenv("HOME");
	bool b;

	switch (config_keys[k].type) {
	case CONFIG_STRING:
		return *v ? NULL : xasprintf("%s needs a value", config_keys[k].name);
	case CONFIG_PATH:
		if (!*v)
			return xasprintf("%s needs a value", config_keys[k].name);
		/* Else "~/x" would be taken as a directory named "~". */
		if (strncmp(v, "~/", 2) == 0 && !(home && *home))
			return xasprintf("%s %s: HOME is not set", config_keys[k].name,
			                 config_quote(v));
		return NULL;
	case CONFIG_SECRET:
		/* Never echo it: a typo in a token is still most of the token. */
		return *v && !strpbrk(v, " \t")
		           ? NULL
		           : xasprintf("%s: expected one word", config_keys[k].name);
	case CONFIG_BOOL:
		return conffile_parse_bool(v, &b) ? NULL
		                                  : xasprintf("%s: expected on or off, not %s",
		                                              config_keys[k].name, config_quote(v));
	case CONFIG_TIMEOUT: {
		double d = strtod(v, &end);

		return end != v && !*end && isfinite(d) && d > 0 && d <= 1e7
		           ? NULL
		           : xasprintf("timeout: expected a positive number of seconds, not %s",
		                       config_quote(v));
	}
	case CONFIG_DOMAIN:
		return config_valid_domain(v)
		           ? NULL
		           : xasprintf("base-domain: expected a DNS name such as cloud.yandex.net, "
		                       "not %s",
		                       config_quote(v));
	case CONFIG_ID:
		if (!validate_id(config_keys[k].name, v, err))
			return xstrdup(err);
		/* Ids are one word; a blank means a slip such as a comment without '#'. */
		return strspn(v,
		              "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") ==
		               strlen(v)
		           ? NULL
		           : xasprintf("%s: expected an id of letters and digits, not %s",
		                       config_keys[k].name, config_quote(v));
	case CONFIG_AUTH:
		return strcmp(v, "auto") == 0 || strcmp(v, "metadata") == 0
		           ? NULL
		           : xasprintf("auth: expected auto or metadata, not %s", config_quote(v));
	case CONFIG_URL: {
		char *shown, *why;

		if (strncmp(v, "http://", 7) == 0 || strncmp(v, "https://", 8) == 0)
			return NULL;
		/* A URL may hold user:password@: never in a message. */
		shown = sanitize_url(v);
		why =
		    xasprintf("metadata-url: expected an http:// URL, not %s", config_quote(shown));
		free(shown);
		return why;
	}
	}
	return NULL;
}

/* Checks one record. NULL when it is right, else why (caller frees). */
static char *
config_check_rec(const struct conffile_rec *r)
{
	char *err = NULL;
	enum config_key_id k;

	switch (settings_check(r, &err)) {
	case 1:
		return NULL;
	case -1:
		return err;
	default:
		break;
	}
	/* A `set` of a name that is not the TUI's. */
	if (strcmp(r->a, "profile") == 0) {
		if (r->profile)
			return xstrdup(
			    "profile = NAME belongs in the global section (before the first "
			    "profile line)");
		return NULL;
	}
	k = config_key_find(r->a);
	if (k == CONFIG_KEY_COUNT)
		return xasprintf("unknown key %s", config_quote(r->a));
	return config_check_value(k, r->b);
}

static const char *
config_keep(struct config_state *st, char *s)
{
	struct config *c = &st->pub;

	c->strings = xrealloc(c->strings, (c->nstrings + 1) * sizeof(*c->strings));
	c->strings[c->nstrings++] = s;
	return s;
}

/* A path key's value: "~/" is $HOME; a relative path is relative to the
 * directory of the file that says it, as for `source`. */
static char *
config_path_value(const struct conffile_rec *r)
{
	const char *home = getenv("HOME"), *slash = strrchr(r->file, '/');

	if (strncmp(r->b, "~/", 2) == 0 && home && *home)
		return xasprintf("%s/%s", home, r->b + 2);
	if (r->b[0] == '/' || !slash)
		return xstrdup(r->b);
	return xasprintf("%.*s/%s", (int)(slash - r->file), r->file, r->b);
}

static void
config_set_field(struct config_state *st, struct cli *cli, enum config_key_id k,
                 const struct conffile_rec *r)
{
	bool b = false;

	switch (config_keys[k].type) {
	case CONFIG_BOOL:
		conffile_parse_bool(r->b, &b);
		*config_bool_field(cli, k) = b;
		break;
	case CONFIG_AUTH:
		*config_bool_field(cli, k) = strcmp(r->b, "metadata") == 0;
		break;
	case CONFIG_TIMEOUT:
		*config_double_field(cli, k) = strtod(r->b, NULL);
		break;
	case CONFIG_PATH:
		*config_string_field(cli, k) = config_keep(st, config_path_value(r));
		break;
	default:
		*config_string_field(cli, k) = r->b;
		break;
	}
	st->from[k] = r;
}

/* The records of the global section and of the chosen profile, in order. */
static void
config_select(struct config_state *st)
{
	struct config *c = &st->pub;
	const struct conffile *cf = c->file;

	for (size_t i = 0; cf && i < cf->n; i++) {
		const struct conffile_rec *r = &cf->recs[i];

		if (r->profile && (!c->profile || strcmp(r->profile, c->profile) != 0))
			continue;
		c->recs = xrealloc(c->recs, (c->nrecs + 1) * sizeof(*c->recs));
		c->recs[c->nrecs++] = r;
	}
	/* Global lines first, then the profile's: the profile wins. */
	for (size_t i = 0, j = 0; i < c->nrecs; i++) {
		if (!c->recs[i]->profile) {
			const struct conffile_rec *r = c->recs[i];

			memmove(c->recs + j + 1, c->recs + j, (i - j) * sizeof(*c->recs));
			c->recs[j++] = r;
		}
	}
}

/* "a, b" or "none". Caller frees. */
static char *
config_profile_list(const struct conffile *cf)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; cf && i < cf->nprofiles; i++) {
		/* A message is one line, whatever the file defines. */
		if (i == 20) {
			strbuf_addf(&sb, ", ... (%zu in all)", cf->nprofiles);
			break;
		}
		strbuf_addf(&sb, "%s%s", i ? ", " : "", cf->profiles[i]);
	}
	if (!sb.len)
		strbuf_addstr(&sb, "none");
	return strbuf_detach(&sb);
}

/* The profile: --profile, else DPJOBS_PROFILE, else the global `profile =`.
 * CLI_CONTINUE or a usage error. */
static int
config_choose_profile(struct config_state *st, struct cli *cli, char **bad)
{
	struct config *c = &st->pub;
	const struct conffile *cf = c->file;

	*bad = NULL;
	if (cli->profile && *cli->profile) {
		c->profile_by = options_given(cli, "profile") ? "--profile" : "env DPJOBS_PROFILE";
		c->profile = conffile_profile(cf, cli->profile);
		if (c->profile)
			return CLI_CONTINUE;
		*bad = sanitize_str(cli->profile);
		return CLI_EXIT_USAGE;
	}
	for (size_t i = 0; cf && i < cf->n; i++) {
		const struct conffile_rec *r = &cf->recs[i];

		if (r->kind != CONFFILE_SET || r->profile || strcmp(r->a, "profile") != 0)
			continue;
		if (!conffile_profile(cf, r->b))
			continue; /* told by config_check_all() */
		c->profile = conffile_profile(cf, r->b);
		free(c->profile_line);
		c->profile_line = xasprintf("%s:%u", r->file, r->line);
		c->profile_by = c->profile_line;
	}
	return CLI_CONTINUE;
}

/* Every line of every section is checked, the chosen profile's or not. */
static void
config_check_all(struct config_state *st)
{
	struct conffile *cf = st->pub.file;
	size_t n = cf ? cf->n : 0;
	bool warned_mode = false;

	for (size_t i = 0; i < n; i++) {
		const struct conffile_rec *r = &cf->recs[i];
		char *why = config_check_rec(r);
		struct stat sb;

		if (why) {
			conffile_warn(cf, r, "%s", why);
			free(why);
			continue;
		}
		if (r->kind != CONFFILE_SET)
			continue;
		if (strcmp(r->a, "profile") == 0 && !r->profile &&
		    !conffile_has_profile(cf, r->b)) {
			char *list = config_profile_list(cf);

			conffile_warn(cf, r, "profile %s is not defined (profiles: %s)",
			              config_quote(r->b), list);
			free(list);
		}
		if (!warned_mode && strcmp(r->a, "oauth-token") == 0 && stat(r->file, &sb) == 0 &&
		    (sb.st_mode & (S_IRGRP | S_IROTH))) {
			conffile_warn(cf, r,
			              "holds an oauth-token but others can read it (chmod 600 %s)",
			              r->file);
			warned_mode = true;
		}
	}
}

/* The key of a SET record whose value is right, else CONFIG_KEY_COUNT. */
static enum config_key_id
config_rec_key(const struct conffile_rec *r)
{
	enum config_key_id k;
	char *why;

	if (r->kind != CONFFILE_SET || (k = config_key_find(r->a)) == CONFIG_KEY_COUNT)
		return CONFIG_KEY_COUNT;
	if ((why = config_check_value(k, r->b)) != NULL) {
		free(why);
		return CONFIG_KEY_COUNT;
	}
	return k;
}

/* The keys of the groups nobody else set, from the chosen records. A group
 * the profile sets replaces the global section's as the command line does:
 * a profile's token-command is not overruled by a global oauth-token (which
 * comes first among the credential sources), nor its cluster-name by a
 * global cluster-id. */
static void
config_fill(struct config_state *st, struct cli *cli)
{
	bool group_given[CONFIG_GROUP_CREDENTIAL + 1],
	    group_in_profile[CONFIG_GROUP_CREDENTIAL + 1];

	for (int g = 0; g <= CONFIG_GROUP_CREDENTIAL; g++) {
		group_given[g] = config_group_given(cli, (enum config_group)g);
		group_in_profile[g] = false;
	}
	for (size_t i = 0; i < st->pub.nrecs; i++) {
		const struct conffile_rec *r = st->pub.recs[i];
		enum config_key_id k = config_rec_key(r);

		if (r->profile && k != CONFIG_KEY_COUNT)
			group_in_profile[config_keys[k].group] = true;
	}
	group_in_profile[CONFIG_GROUP_NONE] = false;
	for (size_t i = 0; i < st->pub.nrecs; i++) {
		const struct conffile_rec *r = st->pub.recs[i];
		enum config_key_id k;
		char *why;

		if (r->kind != CONFFILE_SET || (k = config_key_find(r->a)) == CONFIG_KEY_COUNT)
			continue;
		if (group_given[config_keys[k].group] || (!st->from[k] && config_key_given(cli, k)))
			continue;
		if (!r->profile && group_in_profile[config_keys[k].group])
			continue;
		if ((why = config_check_value(k, r->b)) != NULL) {
			free(why);
			continue;
		}
		config_set_field(st, cli, k, r);
	}
}

static void
config_warnings_to_stderr(const struct config *c)
{
	fflush(stdout);
	for (size_t i = 0; i < c->nwarnings; i++)
		fprintf(stderr, "dpjobs: %s\n", c->warnings[i]);
}

int
config_apply(struct cli *cli, bool quiet)
{
	struct config_state *st;
	struct config *c;
	const char *env = getenv("DPJOBS_CONFIG");
	char *err = NULL, *bad = NULL;
	int rc;

	if (cli->config)
		return CLI_CONTINUE;
	st = xcalloc(1, sizeof(*st));
	c = &st->pub;
	cli->config = c;
	if (cli->config_file) {
		c->path = xstrdup(cli->config_file);
		c->path_by = "--config";
	} else if (env && *env) {
		c->path = xstrdup(env);
		c->path_by = "env DPJOBS_CONFIG";
	} else {
		c->path = conffile_path();
		c->path_by = "default";
	}
	if (c->path)
		c->file = conffile_read(c->path, &err);
	c->found = c->file != NULL;
	if (err) {
		rc = options_usage_error("%s", err);
		free(err);
		return rc;
	}
	/* A file named on purpose must be there: a typo would silently run with
	 * another cluster and credentials. */
	if (!c->found && strcmp(c->path_by, "default") != 0) {
		char *p = sanitize_str(c->path);

		rc = options_usage_error("%s: %s (named by %s)", p, strerror(ENOENT), c->path_by);
		free(p);
		return rc;
	}
	rc = config_choose_profile(st, cli, &bad);
	if (rc != CLI_CONTINUE) {
		char *list = config_profile_list(c->file);

		if (c->found)
			rc = options_usage_error("unknown profile '%s' (%s; profiles: %s)", bad,
			                         c->profile_by, list);
		else
			rc = options_usage_error("unknown profile '%s' (%s): no configuration file",
			                         bad, c->profile_by);
		free(list);
		free(bad);
		return rc;
	}
	config_check_all(st);
	conffile_sort_warnings(c->file);
	config_select(st);
	config_fill(st, cli);
	if (c->file) {
		c->warnings = c->file->warnings;
		c->nwarnings = c->file->nwarnings;
	}
	if (!quiet && !cli->tui)
		config_warnings_to_stderr(c);
	return CLI_CONTINUE;
}

const struct config *
config_get(const struct cli *cli)
{
	return cli->config;
}

void
config_tui(const struct cli *cli, struct app_config *cfg)
{
	const struct config *c = cli->config;

	if (!c)
		return;
	cfg->config = c->recs;
	cfg->config_n = c->nrecs;
	cfg->config_warning = c->nwarnings ? c->warnings[0] : NULL;
	cfg->config_more = c->nwarnings ? c->nwarnings - 1 : 0;
	cfg->profile = c->profile;
	if (c->file) {
		cfg->profiles = (const char *const *)c->file->profiles;
		cfg->n_profiles = c->file->nprofiles;
	}
}

void
config_print_warnings(const struct cli *cli)
{
	if (cli->config)
		config_warnings_to_stderr(cli->config);
}

/* ---- config show ---- */

/* Where a value that the configuration did not give came from. */
static char *
config_outside_source(const struct cli *cli, const char *flag, const char *env, const char *value)
{
	const char *e = env ? getenv(env) : NULL;

	if (flag && options_given(cli, flag))
		return xasprintf("--%s", flag);
	if (e && *e && (!value || strcmp(e, value) == 0))
		return xasprintf("env %s", env);
	if (cli->demo)
		return xstrdup("--demo");
	return xstrdup(flag ? "command line" : "environment");
}

static char *
config_rec_source(const struct conffile_rec *r)
{
	return xasprintf("%s:%u", r->file, r->line);
}

static void
config_add(struct config_setting **v, size_t *n, const char *name, char *value, char *source)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[*n].name = name;
	(*v)[*n].value = value;
	(*v)[*n].source = source;
	(*n)++;
}

/* The flag and environment variable of an OPTION_INFO option. */
static void
config_option_flag(enum option_id id, const char **flag, const char **env)
{
	*env = NULL;
	switch (id) {
	case OPTION_REFRESH_INTERVAL:
		*flag = "refresh";
		break;
	case OPTION_READONLY:
		*flag = "readonly";
		*env = "DPJOBS_READONLY";
		break;
	default:
		*flag = settings_name(id);
		break;
	}
}

/* The command line's value of an OPTION_INFO option; NULL when it gave none. */
static char *
config_option_given(const struct cli *cli, enum option_id id)
{
	switch (id) {
	case OPTION_MOUSE:
		return cli->mouse ? xstrdup("on") : NULL;
	case OPTION_REFRESH_INTERVAL:
		return cli->refresh_s > 0 ? xasprintf("%g", cli->refresh_s) : NULL;
	case OPTION_THEME:
		return cli->theme ? xstrdup(cli->theme) : NULL;
	case OPTION_LOG_COLORS:
		return cli->log_colors ? xstrdup("on") : NULL;
	case OPTION_LOG_MEMORY:
		return cli->log_memory_mib ? xasprintf("%zu", cli->log_memory_mib) : NULL;
	case OPTION_READONLY:
		return cli->readonly ? xstrdup("on") : NULL;
	case OPTION_COUNT:
		break;
	}
	return NULL;
}

static void
config_options(const struct cli *cli, struct config_setting **v, size_t *n)
{
	const struct config *c = cli->config;

	for (int i = 0; i < OPTION_COUNT; i++) {
		enum option_id id = (enum option_id)i;
		const struct conffile_rec *from = NULL;
		const char *flag, *env;
		char *given = config_option_given(cli, id), *why;

		config_option_flag(id, &flag, &env);
		if (given) {
			config_add(v, n, settings_name(id), given,
			           config_outside_source(cli, flag, env, NULL));
			continue;
		}
		for (size_t r = 0; c && r < c->nrecs; r++) {
			const struct conffile_rec *rec = c->recs[r];

			if (rec->kind != CONFFILE_SET || strcmp(rec->a, settings_name(id)) != 0)
				continue;
			if (settings_check(rec, &why) == 1)
				from = rec;
			free(why);
		}
		if (from)
			config_add(v, n, settings_name(id), xstrdup(from->b),
			           config_rec_source(from));
		else
			config_add(v, n, settings_name(id), xstrdup(settings_default(id)),
			           xstrdup("default"));
	}
}

/* The value of key k when nothing set it. */
static char *
config_default_value(const struct cli *cli, enum config_key_id k, char **source)
{
	const char *domain = cli->base_domain;
	static const char *const service[] = {"dataproc", "operation", "iam"};

	*source = xstrdup("default");
	switch (k) {
	case CONFIG_KEY_ENDPOINT:
	case CONFIG_KEY_OPERATION_ENDPOINT:
	case CONFIG_KEY_IAM_ENDPOINT: {
		int s = k == CONFIG_KEY_ENDPOINT ? 0 : k == CONFIG_KEY_OPERATION_ENDPOINT ? 1 : 2;

		if (s > 0 && cli->endpoint) {
			free(*source);
			*source = xstrdup("default (follows endpoint)");
			return xstrdup(cli->endpoint);
		}
		if (domain) {
			free(*source);
			*source = xstrdup("default (base-domain)");
			return xasprintf("%s.api.%s:443", service[s], domain);
		}
		return xstrdup(s == 0   ? RPC_DEFAULT_ENDPOINT
		               : s == 1 ? RPC_DEFAULT_OPERATION_ENDPOINT
		                        : RPC_DEFAULT_IAM_ENDPOINT);
	}
	case CONFIG_KEY_BASE_DOMAIN:
		return xstrdup("cloud.yandex.net");
	case CONFIG_KEY_PLAINTEXT:
		return xstrdup("off");
	case CONFIG_KEY_TIMEOUT:
		return xstrdup("30");
	case CONFIG_KEY_AUTH:
		return xstrdup("auto");
	case CONFIG_KEY_METADATA_URL:
		if (cli->metadata) {
			free(*source);
			*source = xstrdup("default (auth = metadata)");
			return xstrdup(RPC_METADATA_URL);
		}
		return xstrdup("");
	default:
		return xstrdup("");
	}
}

static char *
config_key_value(const struct cli *cli, enum config_key_id k)
{
	struct cli *mut = (struct cli *)cli;

	switch (config_keys[k].type) {
	case CONFIG_BOOL:
		return xstrdup(*config_bool_field(mut, k) ? "on" : "off");
	case CONFIG_AUTH:
		return xstrdup(*config_bool_field(mut, k) ? "metadata" : "auto");
	case CONFIG_TIMEOUT:
		return xasprintf("%g", *config_double_field(mut, k));
	case CONFIG_SECRET:
		return xstrdup(CONFIG_HIDDEN);
	default:
		return xstrdup(*config_string_field(mut, k));
	}
}

/* auth: "metadata" when --metadata, `auth = metadata` or a metadata URL turned
 * the metadata service on, with the source of whichever did. */
static void
config_auth(const struct cli *cli, const struct config_state *st, struct config_setting **v,
            size_t *n)
{
	const struct conffile_rec *auth = st ? st->from[CONFIG_KEY_AUTH] : NULL;
	const struct conffile_rec *url = st ? st->from[CONFIG_KEY_METADATA_URL] : NULL;
	const char *env = getenv("DPJOBS_METADATA_URL");
	char *source;

	if (!cli->metadata && !(cli->metadata_url && *cli->metadata_url)) {
		config_add(v, n, "auth", xstrdup("auto"),
		           auth ? config_rec_source(auth) : xstrdup("default"));
		return;
	}
	if (options_given(cli, "metadata"))
		source = xstrdup("--metadata");
	else if (cli->metadata && auth)
		source = config_rec_source(auth);
	else if (url)
		source = config_rec_source(url);
	else if (env && *env)
		source = xstrdup("env DPJOBS_METADATA_URL");
	else
		source = xstrdup(cli->demo ? "--demo" : "command line");
	config_add(v, n, "auth", xstrdup("metadata"), source);
}

/* A value of key k as `config show` may print it. Takes value. */
static char *
config_value_shown(enum config_key_id k, char *value)
{
	char *shown;

	if (k == CONFIG_KEY_METADATA_URL && *value)
		shown = sanitize_url(value);
	else if (k == CONFIG_KEY_TOKEN_COMMAND && *value)
		shown = config_command_shown(value);
	else
		return value;
	free(value);
	return shown;
}

static void
config_connection(const struct cli *cli, struct config_setting **v, size_t *n)
{
	const struct config_state *st = (const struct config_state *)(const void *)cli->config;
	struct cli *mut = (struct cli *)cli;

	for (int i = 0; i < CONFIG_KEY_COUNT; i++) {
		enum config_key_id k = (enum config_key_id)i;
		char *source;

		if (k == CONFIG_KEY_AUTH) {
			config_auth(cli, st, v, n);
		} else if (st && st->from[k]) {
			config_add(v, n, config_keys[k].name,
			           config_value_shown(k, config_key_value(cli, k)),
			           config_rec_source(st->from[k]));
		} else if (config_key_given(mut, k)) {
			char *value = config_key_value(cli, k);

			source = config_outside_source(
			    cli, config_keys[k].flag, config_keys[k].env,
			    config_keys[k].type == CONFIG_SECRET ? NULL : value);
			config_add(v, n, config_keys[k].name, config_value_shown(k, value), source);
		} else {
			char *value = config_default_value(cli, k, &source);

			config_add(v, n, config_keys[k].name, value, source);
		}
	}
	/* The IAM token has no key: it is never written in a file. */
	{
		const char *t = getenv("DPJOBS_IAM_TOKEN");

		if (t && *t)
			config_add(v, n, "iam-token", xstrdup(CONFIG_HIDDEN),
			           xstrdup("env DPJOBS_IAM_TOKEN"));
	}
}

struct config_setting *
config_settings(const struct cli *cli, size_t *n)
{
	const struct config *c = cli->config;
	struct config_setting *v = NULL;

	*n = 0;
	config_options(cli, &v, n);
	config_connection(cli, &v, n);
	if (c && c->profile)
		config_add(&v, n, "profile", xstrdup(c->profile), xstrdup(c->profile_by));
	else
		config_add(&v, n, "profile", xstrdup(""), xstrdup("default"));
	return v;
}

void
config_settings_free(struct config_setting *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(s[i].value);
		free(s[i].source);
	}
	free(s);
}

void
config_free(struct cli *cli)
{
	struct config *c = cli->config;

	if (!c)
		return;
	conffile_free(c->file);
	free(c->path);
	free(c->profile_line);
	free(c->recs);
	for (size_t i = 0; i < c->nstrings; i++)
		free(c->strings[i]);
	free(c->strings);
	free(c);
	cli->config = NULL;
}
