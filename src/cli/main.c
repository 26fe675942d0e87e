/* dpjobs entry point: global options and environment, then a batch command or the TUI. */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/demo.h"
#include "ui/app.h"
#include "util/log.h"
#include "util/xalloc.h"

/* Without a command dpjobs is the full-screen TUI (src/ui), on the client the batch commands
 * use. Without a cluster, a folder opens the cluster picker. This part connects: the
 * configuration, the checks, the client (and a --cluster-name resolved). */
static int
main_tui_connect(struct cli *cli)
{
	int rc;

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
	if (rc != CLI_CONTINUE)
		config_print_warnings(cli);
	return rc;
}

/* The TUI on the connected client; message (or NULL) waits in its bottom line. */
static int
main_tui_run(struct cli *cli, const char *message, char **next_profile)
{
	struct app_config cfg;
	char *endpoint = NULL;
	int rc;

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
	cfg.message = message;
	rc = app_run(&cfg, next_profile);
	free(endpoint);
	return rc;
}

/* What a connect attempt printed on stderr, kept instead: its first line, without the
 * "dpjobs: " every line starts with. NULL when the file cannot be made (then stderr stays). */
struct main_stderr {
	FILE *file;
	int saved;
};

static void
main_stderr_capture(struct main_stderr *c)
{
	fflush(stderr);
	c->file = tmpfile();
	c->saved = c->file ? dup(STDERR_FILENO) : -1;
	if (c->saved < 0 || dup2(fileno(c->file), STDERR_FILENO) < 0) {
		if (c->saved >= 0)
			close(c->saved);
		if (c->file)
			fclose(c->file);
		c->file = NULL;
	}
}

static char *
main_stderr_release(struct main_stderr *c)
{
	char line[512] = "";
	const char *text = line;

	if (!c->file)
		return xstrdup("it failed");
	fflush(stderr);
	dup2(c->saved, STDERR_FILENO);
	close(c->saved);
	rewind(c->file);
	if (!fgets(line, sizeof(line), c->file))
		snprintf(line, sizeof(line), "it failed");
	fclose(c->file);
	line[strcspn(line, "\n")] = '\0';
	if (strncmp(text, "dpjobs: ", 8) == 0)
		text += 8;
	return xstrdup(text);
}

/* The TUI; `:profile NAME` ends it to start it again as `--profile NAME` would, from the
 * command line and environment as they were (they still win over the profile). When that
 * profile cannot connect, the TUI comes back on the profile it left, saying why. */
static int
main_interactive(struct cli *cli)
{
	const struct cli given = *cli;
	char *profile = NULL, *next = NULL, *message = NULL;
	int rc = main_tui_connect(cli);

	while (rc == CLI_CONTINUE) {
		struct main_stderr capture;
		char *why;

		rc = main_tui_run(cli, message, &next);
		free(message);
		message = NULL;
		if (rc != CLI_EXIT_OK || !next)
			break;
		client_close(cli);
		config_free(cli);
		*cli = given;
		cli->profile = next;
		main_stderr_capture(&capture);
		rc = main_tui_connect(cli);
		why = main_stderr_release(&capture);
		if (rc == CLI_CONTINUE) {
			free(profile);
			profile = next;
			free(why);
		} else {
			message = xasprintf("profile %s: %s", next, why);
			free(why);
			free(next);
			client_close(cli);
			config_free(cli);
			*cli = given;
			cli->profile = profile ? profile : given.profile;
			rc = main_tui_connect(cli);
		}
		next = NULL;
	}
	free(message);
	free(next);
	/* The caller's client_close and config_free do not read the profile: it may go. */
	cli->profile = given.profile;
	free(profile);
	return rc == CLI_CONTINUE ? CLI_EXIT_OK : rc;
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
	static const int fatal[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGALRM};
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
	/* An inherited SIGCHLD = SIG_IGN would reap the token command and the pager before we
	 * could read how they ended. */
	signal(SIGCHLD, SIG_DFL);
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
