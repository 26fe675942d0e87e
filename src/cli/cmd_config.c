/* `dpjobs config show`: every effective setting with its source, secrets masked. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "util/conffile.h"
#include "util/sanitize.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* A value as the configuration file would take it back: quoted when it has
 * blanks, a '#' or nothing; sanitized, as it comes from files and the
 * environment. */
static char *
cmd_config_value(const char *v)
{
	char *clean = sanitize_str(v);
	char *out;

	if (*clean && !strpbrk(clean, " \t#\""))
		return clean;
	out = xasprintf("\"%s\"", clean);
	free(clean);
	return out;
}

static void
cmd_config_print_table(const struct config *c, const struct config_setting *s, size_t n)
{
	char *path = c && c->path ? sanitize_str(c->path) : NULL;

	if (path)
		printf("# config file: %s (%s%s)\n", path, c->path_by,
		       c->found ? "" : "; not found");
	else
		printf("# config file: none (no HOME or XDG_CONFIG_HOME)\n");
	free(path);
	if (c && c->profile)
		printf("# profile: %s (%s)\n", c->profile, c->profile_by);
	else
		printf("# profile: none (the global section only)\n");
	printf("# profiles defined:");
	for (size_t i = 0; c && c->file && i < c->file->nprofiles; i++)
		printf(" %s", c->file->profiles[i]);
	if (!c || !c->file || !c->file->nprofiles)
		printf(" none");
	printf("\n");
	for (size_t i = 0; i < n; i++) {
		char *v = cmd_config_value(s[i].value), *src = sanitize_str(s[i].source);

		printf("%s = %s  # %s\n", s[i].name, v, src);
		free(v);
		free(src);
	}
	for (size_t i = 0; c && i < c->nwarnings; i++)
		printf("# warning: %s\n", c->warnings[i]);
}

/* Strings from files go into JSON repaired to valid UTF-8; jansson escapes
 * the controls. */
static json_t *
cmd_config_json_str(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *j;

	if (!s)
		return json_null();
	utf8_repair_append(&sb, s, strlen(s));
	j = json_string(sb.buf ? sb.buf : "");
	strbuf_done(&sb);
	return j;
}

static void
cmd_config_print_json(const struct config *c, const struct config_setting *s, size_t n)
{
	json_t *root = json_object(), *settings = json_object(), *profiles = json_array(),
	       *warnings = json_array();

	json_object_set_new(root, "config_file", cmd_config_json_str(c ? c->path : NULL));
	json_object_set_new(root, "config_file_source", cmd_config_json_str(c ? c->path_by : NULL));
	json_object_set_new(root, "config_file_found", json_boolean(c && c->found));
	json_object_set_new(root, "profile", cmd_config_json_str(c ? c->profile : NULL));
	json_object_set_new(root, "profile_source",
	                    cmd_config_json_str(c && c->profile ? c->profile_by : NULL));
	for (size_t i = 0; c && c->file && i < c->file->nprofiles; i++)
		json_array_append_new(profiles, cmd_config_json_str(c->file->profiles[i]));
	json_object_set_new(root, "profiles", profiles);
	for (size_t i = 0; i < n; i++) {
		json_t *one = json_object();

		json_object_set_new(one, "value", cmd_config_json_str(s[i].value));
		json_object_set_new(one, "source", cmd_config_json_str(s[i].source));
		json_object_set_new(settings, s[i].name, one);
	}
	json_object_set_new(root, "settings", settings);
	for (size_t i = 0; c && i < c->nwarnings; i++)
		json_array_append_new(warnings, cmd_config_json_str(c->warnings[i]));
	json_object_set_new(root, "warnings", warnings);
	output_json(stdout, root);
	json_decref(root);
}

static int
cmd_config_run(struct cli *cli, int argc, char **argv)
{
	struct config_setting *s;
	size_t n;
	int first, rc;

	rc = options_parse(cli, &cmd_config_command, argc, argv, NULL, NULL, &first);
	if (rc == CLI_CONTINUE)
		rc = options_expect_args(&cmd_config_command, argv + first, argc - first, 1, 1);
	if (rc == CLI_CONTINUE && strcmp(argv[first], "show") != 0)
		rc = options_usage_error(
		    "config: unknown subcommand '%s'; usage: dpjobs config show", argv[first]);
	if (rc != CLI_CONTINUE)
		return rc;
	/* No server, no credentials: only what this run would use. */
	s = config_settings(cli, &n);
	if (cli->format == CLI_FORMAT_JSON)
		cmd_config_print_json(config_get(cli), s, n);
	else
		cmd_config_print_table(config_get(cli), s, n);
	config_settings_free(s, n);
	return CLI_EXIT_OK;
}

const struct cli_command cmd_config_command = {
    .name = "config",
    .args = "show",
    .summary = "Show every effective setting and where it came from (secrets hidden).",
    .opts = NULL,
    .run = cmd_config_run,
};
