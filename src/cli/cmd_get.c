/* `dpjobs get`: every field of one job, as `field: value` lines or the Job as JSON. */
#include "config.h"

#include "cli/cli.h"
#include "cli/output.h"

static int
cmd_get_run(struct cli *cli, int argc, char **argv)
{
	struct client_reply r;
	const char *job_id = NULL;
	int rc;

	rc = options_parse_job(cli, &cmd_get_command, argc, argv, NULL, NULL, &job_id);
	if (rc == CLI_CONTINUE)
		rc = client_open(cli, cli->format == CLI_FORMAT_JSON);
	if (rc != CLI_CONTINUE)
		return rc;
	client_reply_init(&r);
	rpc_get_job(cli->client, cli->cluster_id, job_id, client_reply_on_result,
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
