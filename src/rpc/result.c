/* What a callback may do with a result (take its job or operation, describe its error), and a job as JSON. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rpc/rpc.h"
#include "util/sanitize.h"
#include "wire/convert.h"
#include "wire/pbjson.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* The result is const for the callback's sake, but it is the rpc layer's own
 * writable object: taking ownership clears the pointer so the free skips it. */
struct job *
rpc_result_take_job(const struct rpc_result *res)
{
	struct rpc_result *r = (struct rpc_result *)res;
	struct job *job;

	if (r == NULL || r->method != RPC_JOB_GET)
		return NULL;
	job = r->u.job;
	r->u.job = NULL;
	return job;
}

struct operation *
rpc_result_take_operation(const struct rpc_result *res)
{
	struct rpc_result *r = (struct rpc_result *)res;
	struct operation *op;

	if (r == NULL || (r->method != RPC_JOB_CREATE && r->method != RPC_JOB_CANCEL &&
	                  r->method != RPC_OPERATION_GET))
		return NULL;
	op = r->u.operation;
	r->u.operation = NULL;
	return op;
}

char *
rpc_result_error_line(const struct rpc_result *res)
{
	struct strbuf sb = STRBUF_INIT;
	char *flat, *clean;

	strbuf_addstr(&sb, rpc_code_name(res->code));
	if (res->message != NULL && res->message[0] != '\0') {
		/* One line: the server's message may span several. */
		flat = xstrdup(res->message);
		for (char *p = flat; *p != '\0'; p++) {
			if (*p == '\n' || *p == '\r')
				*p = ' ';
		}
		clean = sanitize_str(flat);
		strbuf_addf(&sb, ": %s", clean);
		free(clean);
		free(flat);
	}
	if (res->request_id[0] != '\0')
		strbuf_addf(&sb, " (request-id %s)", res->request_id);
	return strbuf_detach(&sb);
}

json_t *
rpc_job_to_json(const struct job *job)
{
	PbJob *pb = wire_job_to_pb(job);
	json_t *json = pbjson_from_message(&pb->base);

	wire_job_pb_free(pb);
	return json;
}
