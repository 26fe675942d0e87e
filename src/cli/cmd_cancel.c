/* `dpjobs cancel`: ask the server to cancel a job; optionally wait until it has ended. */
#include "config.h"

#include <stdbool.h>

#include "cli/cli.h"

enum {
	CMD_CANCEL_OPT_WAIT = 256,
};

static const struct options_opt cmd_cancel_opts[] = {
    {"wait", false, CMD_CANCEL_OPT_WAIT, NULL,
     "wait until the job has ended, show it and exit as 'wait' does"},
    {NULL, false, 0, NULL, NULL},
};

static int
cmd_cancel_option(void *state, int id, const char *arg)
{
	bool *wait = state;

	(void)id;
	(void)arg;
	*wait = true;
	return CLI_CONTINUE;
}

static int
cmd_cancel_run(struct cli *cli, int argc, char **argv)
{
	struct client_reply r;
	bool wait = false;
	const char *job_id = NULL;
	int rc;

	rc = options_parse_job(cli, &cmd_cancel_command, argc, argv, cmd_cancel_option, &wait,
	                       &job_id);
	if (rc == CLI_CONTINUE)
		rc = client_open(cli, cli->format == CLI_FORMAT_JSON);
	if (rc != CLI_CONTINUE)
		return rc;
	client_reply_init(&r);
	rpc_cancel_job(cli->client, cli->cluster_id, job_id, NULL, client_reply_on_result,
	               client_reply_on_free, &r);
	if (client_wait(cli, &r))
		rc = await_operation(cli, &r, wait);
	else
		rc = client_fail(&r);
	client_reply_done(&r);
	return rc;
}

const struct cli_command cmd_cancel_command = {
    .name = "cancel",
    .args = "JOB_ID [--wait]",
    .summary = "Cancel a job; print the operation, or with --wait the ended job.",
    .opts = cmd_cancel_opts,
    .run = cmd_cancel_run,
};
