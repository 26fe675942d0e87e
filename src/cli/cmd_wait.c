/* `dpjobs wait`: block until a job is finished; the exit status says how it ended. */
#include "config.h"

#include "cli/cli.h"

static int
cmd_wait_run(struct cli *cli, int argc, char **argv)
{
	const char *job_id = NULL;
	int rc;

	rc = options_parse_job(cli, &cmd_wait_command, argc, argv, NULL, NULL, &job_id);
	if (rc == CLI_CONTINUE)
		rc = client_open(cli, cli->format == CLI_FORMAT_JSON);
	if (rc != CLI_CONTINUE)
		return rc;
	return await_job(cli, job_id);
}

const struct cli_command cmd_wait_command = {
    .name = "wait",
    .args = "JOB_ID",
    .summary = "Wait until the job is DONE (exit 0), ERROR (3) or CANCELLED (4), then show it.",
    .opts = NULL,
    .run = cmd_wait_run,
};
