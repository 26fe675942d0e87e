/* `dpjobs get`: every field of one job, as `field: value` lines or the Job as JSON. */
#include "config.h"

#include "cli/cli.h"
#include "cli/output.h"

static int
cmd_get_run(struct cli *cli, int argc, char **argv)
{
	struct client_reply r;
	int first, rc;

	rc = options_parse(cli, &cmd_get_command, argc, argv, NULL, NULL, &first);
	if (rc == CLI_CONTINUE)
		rc = options_expect_args(&cmd_get_command, argv + first, argc - first, 1, 1);
	if (rc == CLI_CONTINUE)
		rc = options_need_cluster(cli);
	if (rc == CLI_CONTINUE)
		rc = options_check_id(cli, "job_id", argv[first]);
	if (rc == CLI_CONTINUE)
		rc = client_open(cli, cli->format == CLI_FORMAT_JSON);
	if (rc != CLI_CONTINUE)
		return rc;
	client_reply_init(&r);
	rpc_get_job(cli->client, cli->cluster_id, argv[first], client_reply_on_result,
	            client_reply_on_free, &r);
	if (client_wait(cli, &r)) {
		output_job(cli, r.job, r.json, stdout);
		rc = CLI_EXIT_OK;
	} else {
		rc = client_fail(&r);
	}
	client_reply_done(&r);
	return rc;
}

const struct cli_command cmd_get_command = {
    .name = "get",
    .args = "JOB_ID",
    .summary = "Show every field of a job, its whole spec and YARN application attempts.",
    .opts = NULL,
    .run = cmd_get_run,
};
