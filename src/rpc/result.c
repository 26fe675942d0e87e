/* What a callback may do with a result (take its job or operation, describe its error), and a job
 * as JSON. */
#include "config.h"

#include <stddef.h>

#include "rpc/errors.h"
#include "rpc/rpc.h"
#include "wire/convert.h"
#include "wire/pbjson.h"

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

struct cluster *
rpc_result_take_cluster(const struct rpc_result *res)
{
	struct rpc_result *r = (struct rpc_result *)res;
	struct cluster *cluster;

	if (r == NULL || r->method != RPC_CLUSTER_GET)
		return NULL;
	cluster = r->u.cluster;
	r->u.cluster = NULL;
	return cluster;
}

char *
rpc_result_error_line(const struct rpc_result *res)
{
	/* A call that never left (its token could not be had) has no request for support to
	 * look up. */
	return rpc_error_line(res->code, res->message, res->target,
	                      res->attempts > 0 ? res->request_id : NULL);
}

json_t *
rpc_job_to_json(const struct job *job)
{
	PbJob *pb = wire_job_to_pb(job);
	json_t *json = pbjson_from_message(&pb->base);

	wire_job_pb_free(pb);
	return json;
}
