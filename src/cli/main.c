/* dpjobs entry point: global options and environment, then a batch command or the TUI. */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/demo.h"
#include "ui/app.h"
#include "util/log.h"
#include "util/xalloc.h"

/* Without a command dpjobs is the full-screen TUI (src/ui), on the client the batch commands
 * use. Without a cluster, a folder opens the cluster picker. */
static int
main_tui(struct cli *cli, char **next_profile)
{
	struct app_config cfg;
	char *endpoint = NULL;
	int rc;

	*next_profile = NULL;
	/* Quiet: the warnings go to the TUI's message line, or to stderr below. */
	rc = config_apply(cli, true);
	if (rc != CLI_CONTINUE)
		return rc;
	if ((!cli->cluster_id || !*cli->cluster_id) && (!cli->folder_id || !*cli->folder_id) &&
	    (!cli->cluster_name || !*cli->cluster_name)) {
		config_print_warnings(cli);
		return options_usage_error(
		    "missing cluster id: use --cluster-id (or --folder-id to "
		    "pick a cluster), or set DPJOBS_CLUSTER_ID");
	}
	if ((cli->cluster_id && *cli->cluster_id) || (cli->cluster_name && *cli->cluster_name))
		rc = options_need_cluster(cli);
	else
		rc = options_check_id(cli, "folder_id", cli->folder_id);
	/* The screen owns stderr: retry notes would scribble over it. */
	cli->verbose = false;
	cli->tui = true;
	if (rc == CLI_CONTINUE)
		rc = client_open(cli, false);
	if (rc != CLI_CONTINUE) {
		config_print_warnings(cli);
		return rc;
	}
	memset(&cfg, 0, sizeof(cfg));
	config_tui(cli, &cfg);
	cfg.client = cli->client;
	if (cli->demo)
		cfg.endpoint = "demo (in-process simulator)";
	else if (cli->endpoint)
		cfg.endpoint = cli->endpoint;
	else
		cfg.endpoint = endpoint = cli->base_domain
		                              ? xasprintf("dataproc.api.%s:443", cli->base_domain)
		                              : xstrdup(RPC_DEFAULT_ENDPOINT);
	cfg.cluster_id = cli->cluster_id;
	cfg.folder_id = cli->folder_id;
	cfg.theme = cli->theme;
	cfg.mouse = cli->mouse;
	cfg.log_colors = cli->log_colors;
	cfg.readonly = cli->readonly;
	cfg.refresh_s = cli->refresh_s;
	cfg.log_memory_mib = cli->log_memory_mib;
	rc = app_run(&cfg, next_profile);
	free(endpoint);
	return rc;
}

/* The TUI; `:profile NAME` ends it to start it again as `--profile NAME` would, from the
 * command line and environment as they were (they still win over the profile). */
static int
main_interactive(struct cli *cli)
{
	const struct cli given = *cli;
	char *profile = NULL, *next;
	int rc;

	while ((rc = main_tui(cli, &next)) == CLI_EXIT_OK && next) {
		client_close(cli);
		config_free(cli);
		free(profile);
		profile = next;
		*cli = given;
		cli->profile = profile;
	}
	free(next);
	/* cli->profile may point into profile: the caller's client_close and config_free do
	 * not read it. */
	cli->profile = given.profile;
	free(profile);
	return rc;
}

/* A signal that ends a batch command must not leave its token command running. */
static void
main_on_fatal_signal(int sig)
{
	rpc_kill_token_command();
	/* SA_RESETHAND restored the default action: die of the same signal. */
	raise(sig);
}

static void
main_catch_fatal_signals(void)
{
	static const int fatal[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
	struct sigaction sa, old;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = main_on_fatal_signal;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++) {
		/* An ignored signal (nohup, a background job) stays ignored. */
		if (sigaction(fatal[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			sigaction(fatal[i], &sa, NULL);
	}
}

static const struct cli_command *
main_find_command(const char *name)
{
	for (size_t i = 0; options_commands[i]; i++) {
		if (strcmp(options_commands[i]->name, name) == 0)
			return options_commands[i];
	}
	return NULL;
}

/* A full disk or a closed pipe must not pass for success. */
static int
main_flush(int rc)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return rc;
	if (rc == CLI_EXIT_OK || rc == CLI_EXIT_JOB_ERROR || rc == CLI_EXIT_JOB_CANCELLED) {
		fprintf(stderr, "dpjobs: write error: %s\n", strerror(errno));
		return CLI_EXIT_FAILURE;
	}
	return rc;
}

int
main(int argc, char **argv)
{
	const struct cli_command *cmd;
	struct cli cli;
	int cmd_index, rc;

	/* Only the character type: table widths; numbers keep the C locale's '.'. */
	setlocale(LC_CTYPE, "");
	xalloc_progname = "dpjobs";
	log_open("dpjobs");
	options_init(&cli);
	rc = options_parse_global(&cli, argc, argv, &cmd_index);
	if (rc == CLI_CONTINUE && cli.demo)
		rc = demo_start(&cli);
	if (rc == CLI_CONTINUE) {
		if (cmd_index >= argc) {
			rc = main_interactive(&cli);
		} else if ((cmd = main_find_command(argv[cmd_index])) == NULL) {
			rc = options_usage_error("unknown command '%s'", argv[cmd_index]);
		} else {
			log_debug("command %s", cmd->name);
			main_catch_fatal_signals();
			rc = cmd->run(&cli, argc - cmd_index, argv + cmd_index);
		}
	}
	client_close(&cli);
	config_free(&cli);
	demo_stop();
	rc = main_flush(rc);
	log_close();
	return rc;
}
