/* Waiting in batch commands: an operation until done, a job until its status is terminal. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "util/sanitize.h"
#include "util/xalloc.h"

/* Status polls start quick, for short jobs and tests, and slow down while nothing changes. */
#define AWAIT_MIN_DELAY_MS 500
#define AWAIT_MAX_DELAY_MS 5000

static int
await_next_delay(int ms)
{
	ms += ms / 2;
	return ms > AWAIT_MAX_DELAY_MS ? AWAIT_MAX_DELAY_MS : ms;
}

int
await_exit_status(int status)
{
	switch (status) {
	case JOB_STATUS_DONE:
		return CLI_EXIT_OK;
	case JOB_STATUS_ERROR:
		return CLI_EXIT_JOB_ERROR;
	case JOB_STATUS_CANCELLED:
		return CLI_EXIT_JOB_CANCELLED;
	}
	return CLI_EXIT_FAILURE;
}

/* After a failed poll: true (having slept) when the poll should be retried. Once the server
 * has answered, a network failure or a server restart is waited out; before that a wrong
 * endpoint fails after the rpc layer's own retries instead of hanging. */
static bool
await_retry(struct cli *cli, struct client_reply *r, bool answered, int *delay)
{
	if (!answered || !client_is_transient(r))
		return false;
	client_note(cli, "%s; retrying in %d ms", r->error, *delay);
	client_sleep_ms(*delay);
	*delay = await_next_delay(*delay);
	return true;
}

int
await_job(struct cli *cli, const char *job_id)
{
	struct client_reply r;
	bool answered = false;
	int delay = AWAIT_MIN_DELAY_MS, last_status = -1, rc;

	client_reply_init(&r);
	for (;;) {
		rpc_get_job(cli->client, cli->cluster_id, job_id, client_reply_on_result,
		            client_reply_on_free, &r);
		if (!client_wait(cli, &r)) {
			if (await_retry(cli, &r, answered, &delay))
				continue;
			rc = client_fail(&r);
			break;
		}
		answered = true;
		if (!r.job) {
			fprintf(stderr, "dpjobs: INTERNAL: the job reply carried no job\n");
			rc = CLI_EXIT_FAILURE;
			break;
		}
		if (job_status_is_terminal(r.job->status)) {
			output_job(cli, r.job, r.json, stdout);
			rc = await_exit_status(r.job->status);
			break;
		}
		if (r.job->status != last_status)
			delay = AWAIT_MIN_DELAY_MS;
		last_status = r.job->status;
		client_reply_done(&r);
		client_sleep_ms(delay);
		delay = await_next_delay(delay);
	}
	client_reply_done(&r);
	return rc;
}

/* Prints a finished operation's error (a google.rpc.Status) as one line. */
static int
await_operation_error(const struct operation *op)
{
	char *msg = sanitize_str(op->error_message ? op->error_message : "");
	char *id = sanitize_str(op->id ? op->id : "");

	fflush(stdout);
	fprintf(stderr, "dpjobs: %s: %s (operation %s)\n", rpc_code_name(op->error_code), msg, id);
	free(id);
	free(msg);
	return CLI_EXIT_FAILURE;
}

/* Polls OperationService.Get until the operation in r is done; r then holds the last reply. */
static int
await_operation_done(struct cli *cli, struct client_reply *r)
{
	char *op_id = xstrdup(r->operation->id);
	int delay = AWAIT_MIN_DELAY_MS, rc = CLI_CONTINUE;

	while (!r->operation || !r->operation->done) {
		client_sleep_ms(delay);
		delay = await_next_delay(delay);
		rpc_get_operation(cli->client, op_id, client_reply_on_result, client_reply_on_free,
		                  r);
		if (client_wait(cli, r) && r->operation)
			continue;
		/* The server answered Create or Cancel, so a transient failure is waited out. */
		if (!r->operation && r->code == RPC_OK) {
			fprintf(stderr,
			        "dpjobs: INTERNAL: the operation reply carried no operation\n");
			rc = CLI_EXIT_FAILURE;
			break;
		}
		if (!await_retry(cli, r, true, &delay)) {
			rc = client_fail(r);
			break;
		}
	}
	free(op_id);
	return rc;
}

int
await_operation(struct cli *cli, struct client_reply *r, bool wait)
{
	const struct operation *op = r->operation;
	const char *job_id;
	char *id;
	int rc;

	if (!op || !op->id || !*op->id) {
		fprintf(stderr, "dpjobs: INTERNAL: the reply carried no operation\n");
		return CLI_EXIT_FAILURE;
	}
	if (!wait) {
		output_operation(cli, op, r->json, stdout);
		return op->done && op->has_error ? await_operation_error(op) : CLI_EXIT_OK;
	}
	rc = await_operation_done(cli, r);
	if (rc != CLI_CONTINUE)
		return rc;
	op = r->operation;
	if (op->has_error)
		return await_operation_error(op);
	job_id = op->job_id && *op->job_id ? op->job_id : op->response ? op->response->id : NULL;
	if (!job_id || !*job_id) {
		fprintf(stderr, "dpjobs: INTERNAL: operation finished without a job id\n");
		return CLI_EXIT_FAILURE;
	}
	id = xstrdup(job_id);
	client_reply_done(r);
	rc = await_job(cli, id);
	free(id);
	return rc;
}
