/* dpjobs entry point: global options and environment, then a batch command or the TUI. */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "util/log.h"
#include "util/xalloc.h"

/* Without a command dpjobs will be the full-screen TUI (src/ui). Until that layer is linked
 * in, this is a one-line usage error, so that scripts fail loudly rather than hang. */
static int
main_interactive(struct cli *cli)
{
	if (!cli->cluster_id || !*cli->cluster_id)
		return options_usage_error("missing command or cluster id (see --cluster-id)");
	fputs("dpjobs: missing command (the full-screen view is not built yet)\n", stderr);
	return CLI_EXIT_USAGE;
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
	if (rc == CLI_CONTINUE) {
		if (cmd_index >= argc) {
			rc = main_interactive(&cli);
		} else if ((cmd = main_find_command(argv[cmd_index])) == NULL) {
			rc = options_usage_error("unknown command '%s'", argv[cmd_index]);
		} else {
			log_debug("command %s", cmd->name);
			rc = cmd->run(&cli, argc - cmd_index, argv + cmd_index);
		}
	}
	client_close(&cli);
	rc = main_flush(rc);
	log_close();
	return rc;
}
