/* Command-line parsing shared by every command: global options, getopt_long, help, usage errors. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "model/validate.h"
#include "util/xalloc.h"

enum {
	OPT_HELP = 'h',
	OPT_ENDPOINT = 512,
	OPT_OPERATION_ENDPOINT,
	OPT_PLAINTEXT,
	OPT_CLUSTER_ID,
	OPT_FORMAT,
	OPT_TIMEOUT,
	OPT_IAM_TOKEN_FILE,
	OPT_CA_FILE,
	OPT_VERBOSE,
	OPT_VERSION,
	OPT_IAM_TOKEN,
	OPT_FOLDER_ID,
	OPT_THEME,
	OPT_MOUSE,
	OPT_LOG_COLORS,
	OPT_REFRESH,
	OPT_LOG_MEMORY,
	OPT_NO_CLIENT_VALIDATION,
	OPT_READONLY,
	OPT_SA_KEY_FILE,
	OPT_IAM_ENDPOINT,
	OPT_TOKEN_COMMAND,
	OPT_METADATA,
	OPT_BASE_DOMAIN,
	OPT_CONFIG,
	OPT_PROFILE,
	OPT_CLUSTER_NAME,
	OPT_DEMO, /* the last global option (options_is_global) */
};

/* Options without help are accepted but not shown: --iam-token and --token exist only so that
 * getopt does not take them as abbreviations of --iam-token-file and so that their value is
 * swallowed and refused, never echoed. */
static const struct options_opt options_global_opts[] = {
    {"endpoint", true, OPT_ENDPOINT, "ADDR", "Data Proc API address (env DPJOBS_ENDPOINT)"},
    {"operation-endpoint", true, OPT_OPERATION_ENDPOINT, "ADDR",
     "OperationService address (default: follows --endpoint)"},
    {"iam-endpoint", true, OPT_IAM_ENDPOINT, "ADDR",
     "IamTokenService address (default: follows --endpoint)"},
    {"plaintext", false, OPT_PLAINTEXT, NULL, "connect without TLS (implied for unix: addresses)"},
    {"base-domain", true, OPT_BASE_DOMAIN, "DOMAIN",
     "default endpoints under api.DOMAIN (default cloud.yandex.net)"},
    {"cluster-id", true, OPT_CLUSTER_ID, "ID", "cluster of the jobs (env DPJOBS_CLUSTER_ID)"},
    {"cluster-name", true, OPT_CLUSTER_NAME, "NAME",
     "cluster of the jobs by name, looked up in --folder-id"},
    {"config", true, OPT_CONFIG, "FILE", "configuration file (env DPJOBS_CONFIG)"},
    {"profile", true, OPT_PROFILE, "NAME",
     "use the configuration file's profile NAME (env DPJOBS_PROFILE)"},
    {"format", true, OPT_FORMAT, "FORMAT", "output format: table (default) or json"},
    {"timeout", true, OPT_TIMEOUT, "SECONDS", "deadline of each request (default 30)"},
    {"iam-token-file", true, OPT_IAM_TOKEN_FILE, "FILE",
     "read the IAM token from FILE (else env DPJOBS_IAM_TOKEN)"},
    {"sa-key-file", true, OPT_SA_KEY_FILE, "FILE",
     "service account authorized key (env DPJOBS_SA_KEY_FILE)"},
    {"token-command", true, OPT_TOKEN_COMMAND, "CMD",
     "run CMD (e.g. 'yc iam create-token') for IAM tokens (env DPJOBS_TOKEN_COMMAND)"},
    {"metadata", false, OPT_METADATA, NULL,
     "on a cloud VM: IAM tokens of its service account from the metadata service"},
    {"ca-file", true, OPT_CA_FILE, "PEM", "trust the CA certificates in PEM, not the system's"},
    {"verbose", false, OPT_VERBOSE, NULL, "note retries and reconnections on stderr"},
    {"no-client-validation", false, OPT_NO_CLIENT_VALIDATION, NULL,
     "send requests unchecked, for the server to judge"},
    {"demo", false, OPT_DEMO, NULL, "try dpjobs on a built-in simulator, no cloud account needed"},
    {"folder-id", true, OPT_FOLDER_ID, "ID",
     "TUI without --cluster-id: pick a cluster of this folder (env DPJOBS_FOLDER_ID)"},
    {"theme", true, OPT_THEME, "NAME|PATH", "TUI colour theme (default, light, mono or a file)"},
    {"mouse", false, OPT_MOUSE, NULL, "TUI: click selects and focuses, the wheel scrolls"},
    {"log-colors", false, OPT_LOG_COLORS, NULL, "TUI: colour SGR sequences in logs (else inert)"},
    {"readonly", false, OPT_READONLY, NULL,
     "TUI: browse only: no create, clone, edit or cancel (env DPJOBS_READONLY=1)"},
    {"refresh", true, OPT_REFRESH, "SECONDS", "TUI: refresh the job list this often (default 5)"},
    {"log-memory", true, OPT_LOG_MEMORY, "MIB",
     "TUI: memory for all logs together (default 64); the rest waits in a temporary file"},
    {"help", false, OPT_HELP, NULL, "show this help and exit"},
    {"version", false, OPT_VERSION, NULL, "show the version and exit"},
    {"iam-token", true, OPT_IAM_TOKEN, "TOKEN", NULL},
    {"token", true, OPT_IAM_TOKEN, "TOKEN", NULL},
    {NULL, false, 0, NULL, NULL},
};

static const struct options_opt options_help_opt[] = {
    {"help", false, OPT_HELP, NULL, "show this help and exit"},
    {NULL, false, 0, NULL, NULL},
};

const struct cli_command *const options_commands[] = {
    &cmd_list_command,     &cmd_get_command,
    &cmd_log_command,      &cmd_wait_command,
    &cmd_cancel_command,   &cmd_create_command,
    &cmd_clusters_command, &cmd_auth_command,
    &cmd_config_command,   NULL,
};

#define OPTIONS_HELP_COLUMN 30

void
options_init(struct cli *cli)
{
	const char *env;

	memset(cli, 0, sizeof(*cli));
	cli->format = CLI_FORMAT_TABLE;
	env = getenv("DPJOBS_ENDPOINT");
	if (env && *env)
		cli->endpoint = env;
	env = getenv("DPJOBS_CLUSTER_ID");
	if (env && *env)
		cli->cluster_id = env;
	env = getenv("DPJOBS_SA_KEY_FILE");
	if (env && *env)
		cli->sa_key_file = env;
	env = getenv("DPJOBS_FOLDER_ID");
	if (env && *env)
		cli->folder_id = env;
	env = getenv("DPJOBS_READONLY");
	cli->readonly = env && strcmp(env, "1") == 0;
	env = getenv("DPJOBS_OAUTH_TOKEN");
	if (env && *env)
		cli->oauth_token = env;
	env = getenv("DPJOBS_TOKEN_COMMAND");
	if (env && *env)
		cli->token_command = env;
	env = getenv("DPJOBS_METADATA_URL");
	if (env && *env)
		cli->metadata_url = env;
	env = getenv("DPJOBS_PROFILE");
	if (env && *env)
		cli->profile = env;
}

int
options_usage_error(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("dpjobs: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'dpjobs --help'.\n", stderr);
	return CLI_EXIT_USAGE;
}

int
options_invalid_argument(const char *message)
{
	fflush(stdout);
	fprintf(stderr, "dpjobs: invalid argument: %s\n", message);
	return CLI_EXIT_USAGE;
}

static size_t
options_count(const struct options_opt *opts)
{
	size_t n = 0;

	while (opts && opts[n].name)
		n++;
	return n;
}

static void
options_print_opts(FILE *out, const struct options_opt *opts)
{
	char label[96];

	for (size_t i = 0; opts && opts[i].name; i++) {
		const struct options_opt *o = &opts[i];

		if (!o->help)
			continue;
		if (o->id < 128)
			snprintf(label, sizeof(label), "  -%c, --%s%s%s", o->id, o->name,
			         o->arg ? " " : "", o->arg ? o->arg : "");
		else
			snprintf(label, sizeof(label), "      --%s%s%s", o->name, o->arg ? " " : "",
			         o->arg ? o->arg : "");
		if (strlen(label) + 2 > OPTIONS_HELP_COLUMN)
			fprintf(out, "%s\n%*s%s\n", label, OPTIONS_HELP_COLUMN, "", o->help);
		else
			fprintf(out, "%-*s%s\n", OPTIONS_HELP_COLUMN, label, o->help);
	}
}

void
options_print_main_help(FILE *out)
{
	fputs("Usage: dpjobs [global options] COMMAND [command options] [args]\n"
	      "\n"
	      "Batch commands for Yandex Cloud Data Proc jobs; without a command, a\n"
	      "full-screen browser of the jobs of --cluster-id (or of a cluster of --folder-id).\n"
	      "\n"
	      "Commands:\n",
	      out);
	for (size_t i = 0; options_commands[i]; i++)
		fprintf(out, "  %-10s%s\n", options_commands[i]->name,
		        options_commands[i]->summary);
	fputs("\nGlobal options (also accepted after the command):\n", out);
	options_print_opts(out, options_global_opts);
	fputs("\n"
	      "Environment:\n"
	      "  DPJOBS_ENDPOINT           default for --endpoint (else " RPC_DEFAULT_ENDPOINT ")\n"
	      "  DPJOBS_CLUSTER_ID         default for --cluster-id\n"
	      "  DPJOBS_FOLDER_ID          default for clusters --folder-id\n"
	      "  DPJOBS_IAM_TOKEN          IAM token (never accepted on the command line)\n"
	      "  DPJOBS_SA_KEY_FILE        default for --sa-key-file\n"
	      "  DPJOBS_OAUTH_TOKEN        OAuth token, exchanged for IAM tokens\n"
	      "  DPJOBS_TOKEN_COMMAND      default for --token-command\n"
	      "  DPJOBS_METADATA_URL       use the metadata service at this URL (implies "
	      "--metadata)\n"
	      "  DPJOBS_PROFILE            default for --profile\n"
	      "  DPJOBS_CONFIG             default for --config\n"
	      "Credentials, first match wins: IAM token, service account key, OAuth token,\n"
	      "token command, metadata service.\n"
	      "\n"
	      "Exit status: 0 success, 1 server or network error, 2 usage error;\n"
	      "wait and --wait: 0 DONE, 3 ERROR, 4 CANCELLED.\n"
	      "\n"
	      "Run 'dpjobs COMMAND --help' for the options of a command; see dpjobs(1).\n",
	      out);
}

/* --help before the command shows the program's help, after it the command's. */
static int
options_help(const struct cli_command *cmd)
{
	if (!cmd) {
		options_print_main_help(stdout);
		return CLI_EXIT_OK;
	}
	printf("Usage: dpjobs [global options] %s %s\n\n%s\n\nOptions:\n", cmd->name, cmd->args,
	       cmd->summary);
	options_print_opts(stdout, cmd->opts);
	options_print_opts(stdout, options_help_opt);
	fputs("\nGlobal options ('dpjobs --help') may come before or after the command.\n", stdout);
	return CLI_EXIT_OK;
}

/* The option text a getopt error is about, without any "=VALUE" (which may be a secret). */
static int
options_getopt_error(int c, char **argv)
{
	const char *word = argv[optind - 1];
	size_t len = strcspn(word, "=");

	if (c == ':')
		return options_usage_error("option '%.*s' requires an argument", (int)len, word);
	if (strncmp(word, "--", 2) != 0 && optopt)
		return options_usage_error("invalid option '-%c'", optopt);
	if (optopt && word[len] == '=')
		return options_usage_error("option '%.*s' doesn't allow an argument", (int)len,
		                           word);
	return options_usage_error("unrecognized or ambiguous option '%.*s'", (int)len, word);
}

static int
options_parse_refresh(struct cli *cli, const char *arg)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || *end || !isfinite(v) || v < 0.5 || v > 86400)
		return options_usage_error("invalid --refresh '%s': expected seconds between 0.5 "
		                           "and 86400",
		                           arg);
	cli->refresh_s = v;
	return CLI_CONTINUE;
}

static int
options_parse_log_memory(struct cli *cli, const char *arg)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(arg, &end, 10);
	if (end == arg || *end || errno || v < 1 || v > 1048576)
		return options_usage_error("invalid --log-memory '%s': expected MiB between 1 and "
		                           "1048576",
		                           arg);
	cli->log_memory_mib = (size_t)v;
	return CLI_CONTINUE;
}

static int
options_parse_timeout(struct cli *cli, const char *arg)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || *end || !isfinite(v) || v <= 0 || v > 1e7)
		return options_usage_error("invalid --timeout '%s': expected a positive number of "
		                           "seconds",
		                           arg);
	cli->timeout_s = v;
	return CLI_CONTINUE;
}

/* A DNS name: the endpoints become dataproc.api.DOMAIN:443 and the like. */
static int
options_parse_base_domain(struct cli *cli, const char *arg)
{
	size_t len = strlen(arg);

	if (len == 0 || len > 200 ||
	    strspn(arg, "abcdefghijklmnopqrstuvwxyz"
	                "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") != len ||
	    arg[0] == '.' || arg[0] == '-' || arg[len - 1] == '.' || strstr(arg, "..") != NULL)
		return options_usage_error("invalid --base-domain: expected a DNS name such as "
		                           "cloud.yandex.net");
	cli->base_domain = arg;
	return CLI_CONTINUE;
}

/* Where id sits in options_global_opts, for cli->given. */
static int
options_global_index(int id)
{
	for (size_t i = 0; options_global_opts[i].name; i++) {
		if (options_global_opts[i].id == id)
			return (int)i;
	}
	return -1;
}

bool
options_given(const struct cli *cli, const char *name)
{
	for (size_t i = 0; options_global_opts[i].name && i < 64; i++) {
		if (strcmp(options_global_opts[i].name, name) == 0)
			return (cli->given >> i) & 1;
	}
	return false;
}

/* Applies one global option; CLI_CONTINUE or an exit status. */
static int
options_global(struct cli *cli, int id, const char *arg)
{
	int index = options_global_index(id);

	/* The configuration's `config show` says which values the command line gave. */
	if (index >= 0 && index < 64)
		cli->given |= 1ULL << index;
	switch (id) {
	case OPT_ENDPOINT:
		cli->endpoint = arg;
		return CLI_CONTINUE;
	case OPT_OPERATION_ENDPOINT:
		cli->operation_endpoint = arg;
		return CLI_CONTINUE;
	case OPT_PLAINTEXT:
		cli->plaintext = true;
		return CLI_CONTINUE;
	case OPT_CLUSTER_ID:
		cli->cluster_id = arg;
		return CLI_CONTINUE;
	case OPT_FORMAT:
		if (strcmp(arg, "table") == 0)
			cli->format = CLI_FORMAT_TABLE;
		else if (strcmp(arg, "json") == 0)
			cli->format = CLI_FORMAT_JSON;
		else
			return options_usage_error("invalid --format '%s': expected table or json",
			                           arg);
		return CLI_CONTINUE;
	case OPT_TIMEOUT:
		return options_parse_timeout(cli, arg);
	case OPT_IAM_TOKEN_FILE:
		cli->iam_token_file = arg;
		return CLI_CONTINUE;
	case OPT_SA_KEY_FILE:
		cli->sa_key_file = arg;
		return CLI_CONTINUE;
	case OPT_IAM_ENDPOINT:
		cli->iam_endpoint = arg;
		return CLI_CONTINUE;
	case OPT_CA_FILE:
		cli->ca_file = arg;
		return CLI_CONTINUE;
	case OPT_TOKEN_COMMAND:
		cli->token_command = arg;
		return CLI_CONTINUE;
	case OPT_METADATA:
		cli->metadata = true;
		return CLI_CONTINUE;
	case OPT_BASE_DOMAIN:
		return options_parse_base_domain(cli, arg);
	case OPT_CONFIG:
		cli->config_file = arg;
		return CLI_CONTINUE;
	case OPT_PROFILE:
		cli->profile = arg;
		return CLI_CONTINUE;
	case OPT_CLUSTER_NAME:
		cli->cluster_name = arg;
		return CLI_CONTINUE;
	case OPT_VERBOSE:
		cli->verbose = true;
		return CLI_CONTINUE;
	case OPT_NO_CLIENT_VALIDATION:
		cli->no_client_validation = true;
		return CLI_CONTINUE;
	case OPT_DEMO:
		cli->demo = true;
		return CLI_CONTINUE;
	case OPT_FOLDER_ID:
		cli->folder_id = arg;
		return CLI_CONTINUE;
	case OPT_THEME:
		cli->theme = arg;
		return CLI_CONTINUE;
	case OPT_MOUSE:
		cli->mouse = true;
		return CLI_CONTINUE;
	case OPT_LOG_COLORS:
		cli->log_colors = true;
		return CLI_CONTINUE;
	case OPT_READONLY:
		cli->readonly = true;
		return CLI_CONTINUE;
	case OPT_REFRESH:
		return options_parse_refresh(cli, arg);
	case OPT_LOG_MEMORY:
		return options_parse_log_memory(cli, arg);
	case OPT_VERSION:
		puts(PACKAGE_STRING);
		return CLI_EXIT_OK;
	case OPT_IAM_TOKEN:
		return options_usage_error("the IAM token is not accepted on the command line: set "
		                           "DPJOBS_IAM_TOKEN or use --iam-token-file");
	}
	return options_usage_error("internal: unhandled option %d", id);
}

/* Builds getopt_long's tables from the command's options followed by the global ones. */
static void
options_build(const struct options_opt *cmd_opts, struct option **longopts, char **shortopts)
{
	const struct options_opt *lists[2] = {cmd_opts, options_global_opts};
	size_t n = options_count(cmd_opts) + options_count(options_global_opts);
	struct option *lo = xcalloc(n + 1, sizeof(*lo));
	char *so = xcalloc(2 * n + 2, 1);
	size_t k = 0, s = 0;

	/* A leading ':' makes a missing argument return ':' instead of '?'. */
	so[s++] = ':';
	for (size_t l = 0; l < 2; l++) {
		for (size_t i = 0; lists[l] && lists[l][i].name; i++) {
			const struct options_opt *o = &lists[l][i];

			lo[k].name = o->name;
			lo[k].has_arg = o->has_arg ? required_argument : no_argument;
			lo[k].flag = NULL;
			lo[k].val = o->id;
			k++;
			if (o->id < 128) {
				so[s++] = (char)o->id;
				if (o->has_arg)
					so[s++] = ':';
			}
		}
	}
	*longopts = lo;
	*shortopts = so;
}

static bool
options_is_global(int id)
{
	return id == OPT_HELP || (id >= OPT_ENDPOINT && id <= OPT_DEMO);
}

/* The loop both parsers share; cmd is NULL for the options before the command, which stop at
 * the first non-option (the command's name). */
static int
options_run(struct cli *cli, const struct cli_command *cmd, int argc, char **argv,
            int (*on_opt)(void *state, int id, const char *arg), void *state, int *first)
{
	struct option *longopts;
	char *shortopts, *optstring;
	int c, rc = CLI_CONTINUE;

	options_build(cmd ? cmd->opts : NULL, &longopts, &shortopts);
	/* '+': stop at the command name instead of permuting it away. */
	optstring = cmd ? xstrdup(shortopts) : xasprintf("+%s", shortopts);
	/* optind = 0 makes glibc re-read the optstring's '+' between the two parses. */
	optind = 0;
	opterr = 0;
	while (rc == CLI_CONTINUE &&
	       (c = getopt_long(argc, argv, optstring, longopts, NULL)) != -1) {
		if (c == '?' || c == ':')
			rc = options_getopt_error(c, argv);
		else if (c == OPT_HELP)
			rc = options_help(cmd);
		else if (c == OPT_DEMO && cmd && !cli->demo)
			/* The simulator starts before the command runs. */
			rc = options_usage_error("--demo goes before the command: dpjobs --demo %s",
			                         cmd->name);
		else if (cli->demo && (c == OPT_ENDPOINT || c == OPT_OPERATION_ENDPOINT ||
		                       c == OPT_IAM_ENDPOINT))
			/* The demo never talks to anything but its own simulator. */
			rc = options_usage_error("--demo runs its own simulator: no --endpoint, "
			                         "--operation-endpoint or --iam-endpoint");
		else if (options_is_global(c))
			rc = options_global(cli, c, optarg);
		else
			rc = on_opt(state, c, optarg);
	}
	*first = optind;
	free(optstring);
	free(shortopts);
	free(longopts);
	return rc;
}

int
options_parse_global(struct cli *cli, int argc, char **argv, int *cmd_index)
{
	return options_run(cli, NULL, argc, argv, NULL, NULL, cmd_index);
}

int
options_parse(struct cli *cli, const struct cli_command *cmd, int argc, char **argv,
              int (*on_opt)(void *state, int id, const char *arg), void *state, int *first)
{
	int rc = options_run(cli, cmd, argc, argv, on_opt, state, first);

	/* After every option: `dpjobs list --profile p` names the profile late. */
	if (rc == CLI_CONTINUE)
		rc = config_apply(cli, cmd == &cmd_config_command);
	return rc;
}

int
options_expect_args(const struct cli_command *cmd, char **args, int nargs, int min, int max)
{
	if (nargs < min)
		return options_usage_error("%s: missing argument; usage: dpjobs %s %s", cmd->name,
		                           cmd->name, cmd->args);
	if (nargs > max)
		return options_usage_error("%s: unexpected argument '%s'", cmd->name, args[max]);
	return CLI_CONTINUE;
}

int
options_checked(const struct cli *cli, bool valid, const char *err)
{
	if (valid || cli->no_client_validation)
		return CLI_CONTINUE;
	return options_invalid_argument(err);
}

int
options_check_id(const struct cli *cli, const char *field, const char *value)
{
	char err[VALIDATE_ERR_LEN];

	return options_checked(cli, validate_id(field, value, err), err);
}

int
options_need_cluster(struct cli *cli)
{
	cli->need_cluster = true;
	if ((!cli->cluster_id || !*cli->cluster_id) && cli->cluster_name && *cli->cluster_name)
		return CLI_CONTINUE;
	if (!cli->cluster_id || !*cli->cluster_id)
		return options_usage_error(
		    "missing cluster id: use --cluster-id (or --cluster-name) "
		    "or set DPJOBS_CLUSTER_ID");
	return options_check_id(cli, "cluster_id", cli->cluster_id);
}

int
options_parse_job(struct cli *cli, const struct cli_command *cmd, int argc, char **argv,
                  int (*on_opt)(void *state, int id, const char *arg), void *state,
                  const char **job_id)
{
	int first, rc = options_parse(cli, cmd, argc, argv, on_opt, state, &first);

	if (rc == CLI_CONTINUE)
		rc = options_expect_args(cmd, argv + first, argc - first, 1, 1);
	if (rc == CLI_CONTINUE)
		rc = options_need_cluster(cli);
	if (rc == CLI_CONTINUE)
		rc = options_check_id(cli, "job_id", argv[first]);
	if (rc == CLI_CONTINUE)
		*job_id = argv[first];
	return rc;
}
