/* `dpjobs wait`: block until a job is finished; the exit status says how it ended. */
#include "config.h"

#include "cli/cli.h"

static int
cmd_wait_run(struct cli *cli, int argc, char **argv)
{
	int first, rc;

	rc = options_parse(cli, &cmd_wait_command, argc, argv, NULL, NULL, &first);
	if (rc == CLI_CONTINUE)
		rc = options_expect_args(&cmd_wait_command, argv + first, argc - first, 1, 1);
	if (rc == CLI_CONTINUE)
		rc = options_need_cluster(cli);
	if (rc == CLI_CONTINUE)
		rc = options_check_id(cli, "job_id", argv[first]);
	if (rc == CLI_CONTINUE)
		rc = client_open(cli, cli->format == CLI_FORMAT_JSON);
	if (rc != CLI_CONTINUE)
		return rc;
	return await_job(cli, argv[first]);
}

const struct cli_command cmd_wait_command = {
    .name = "wait",
    .args = "JOB_ID",
    .summary = "Wait until the job is DONE (exit 0), ERROR (3) or CANCELLED (4), then show it.",
    .opts = NULL,
    .run = cmd_wait_run,
};
