/* The method table (path, request builder, reply type, converter) and the public call functions. */
#include "config.h"

#include <stdlib.h>

#include "rpc/internal.h"
#include "util/xalloc.h"
#include "wire/convert.h"
#include "yandex/cloud/iam/v1/iam_token_service.pb-c.h"

/* protoc-c string fields are never NULL; "" means unset in proto3. */
#define RPC_STR(s) ((char *)((s) != NULL ? (s) : ""))

/* ---- request builders: args → packed request ------------------------------ */

static unsigned char *
rpc_build_list_jobs(const struct rpc_args *a, size_t *len)
{
	Yandex__Cloud__Dataproc__V1__ListJobsRequest req =
	    YANDEX__CLOUD__DATAPROC__V1__LIST_JOBS_REQUEST__INIT;

	req.cluster_id = RPC_STR(a->cluster_id);
	req.page_size = a->page_size;
	req.page_token = RPC_STR(a->page_token);
	req.filter = RPC_STR(a->filter);
	return wire_pack(&req.base, len);
}

static unsigned char *
rpc_build_get_job(const struct rpc_args *a, size_t *len)
{
	Yandex__Cloud__Dataproc__V1__GetJobRequest req =
	    YANDEX__CLOUD__DATAPROC__V1__GET_JOB_REQUEST__INIT;

	req.cluster_id = RPC_STR(a->cluster_id);
	req.job_id = RPC_STR(a->job_id);
	return wire_pack(&req.base, len);
}

static unsigned char *
rpc_build_create_job(const struct rpc_args *a, size_t *len)
{
	PbCreateJobRequest req = YANDEX__CLOUD__DATAPROC__V1__CREATE_JOB_REQUEST__INIT;
	unsigned char *buf;

	if (a->spec == NULL) {
		req.cluster_id = RPC_STR(a->cluster_id);
		req.name = RPC_STR(a->name);
		return wire_pack(&req.base, len);
	}
	wire_create_to_pb(RPC_STR(a->cluster_id), RPC_STR(a->name), a->spec, &req);
	buf = wire_pack(&req.base, len);
	wire_create_pb_done(&req);
	return buf;
}

static unsigned char *
rpc_build_cancel_job(const struct rpc_args *a, size_t *len)
{
	Yandex__Cloud__Dataproc__V1__CancelJobRequest req =
	    YANDEX__CLOUD__DATAPROC__V1__CANCEL_JOB_REQUEST__INIT;

	req.cluster_id = RPC_STR(a->cluster_id);
	req.job_id = RPC_STR(a->job_id);
	return wire_pack(&req.base, len);
}

static unsigned char *
rpc_build_list_job_log(const struct rpc_args *a, size_t *len)
{
	Yandex__Cloud__Dataproc__V1__ListJobLogRequest req =
	    YANDEX__CLOUD__DATAPROC__V1__LIST_JOB_LOG_REQUEST__INIT;

	req.cluster_id = RPC_STR(a->cluster_id);
	req.job_id = RPC_STR(a->job_id);
	req.page_size = a->page_size;
	req.page_token = RPC_STR(a->page_token);
	return wire_pack(&req.base, len);
}

static unsigned char *
rpc_build_get_operation(const struct rpc_args *a, size_t *len)
{
	Yandex__Cloud__Operation__GetOperationRequest req =
	    YANDEX__CLOUD__OPERATION__GET_OPERATION_REQUEST__INIT;

	req.operation_id = RPC_STR(a->operation_id);
	return wire_pack(&req.base, len);
}

static unsigned char *
rpc_build_list_clusters(const struct rpc_args *a, size_t *len)
{
	Yandex__Cloud__Dataproc__V1__ListClustersRequest req =
	    YANDEX__CLOUD__DATAPROC__V1__LIST_CLUSTERS_REQUEST__INIT;

	req.folder_id = RPC_STR(a->folder_id);
	req.page_size = a->page_size;
	req.page_token = RPC_STR(a->page_token);
	req.filter = RPC_STR(a->filter);
	return wire_pack(&req.base, len);
}

static unsigned char *
rpc_build_get_cluster(const struct rpc_args *a, size_t *len)
{
	Yandex__Cloud__Dataproc__V1__GetClusterRequest req =
	    YANDEX__CLOUD__DATAPROC__V1__GET_CLUSTER_REQUEST__INIT;

	req.cluster_id = RPC_STR(a->cluster_id);
	return wire_pack(&req.base, len);
}

/* ---- converters: reply → model, and their frees ----------------------------- */

static void
rpc_convert_job_page(const ProtobufCMessage *reply, struct rpc_result *res)
{
	const Yandex__Cloud__Dataproc__V1__ListJobsResponse *r = (const void *)reply;
	struct rpc_job_page *p = &res->u.jobs;

	p->n_jobs = r->n_jobs;
	p->jobs = xcalloc(r->n_jobs ? r->n_jobs : 1, sizeof *p->jobs);
	for (size_t i = 0; i < r->n_jobs; i++)
		p->jobs[i] = wire_job_from_pb(r->jobs[i]);
	p->next_page_token = xstrdup(RPC_STR(r->next_page_token));
}

static void
rpc_free_job_page(struct rpc_result *res)
{
	struct rpc_job_page *p = &res->u.jobs;

	for (size_t i = 0; i < p->n_jobs; i++)
		job_free(p->jobs[i]);
	free(p->jobs);
	free(p->next_page_token);
}

static void
rpc_convert_job(const ProtobufCMessage *reply, struct rpc_result *res)
{
	res->u.job = wire_job_from_pb((const PbJob *)reply);
}

static void
rpc_free_job(struct rpc_result *res)
{
	job_free(res->u.job);
}

static void
rpc_convert_operation(const ProtobufCMessage *reply, struct rpc_result *res)
{
	res->u.operation = wire_operation_from_pb((const PbOperation *)reply);
}

static void
rpc_free_operation(struct rpc_result *res)
{
	operation_free(res->u.operation);
}

/* The content stays in the reply, which lives until on_result returns: a
 * 1 MiB page is not copied just to be appended to the log buffer. */
static void
rpc_convert_log_page(const ProtobufCMessage *reply, struct rpc_result *res)
{
	const Yandex__Cloud__Dataproc__V1__ListJobLogResponse *r = (const void *)reply;
	struct rpc_log_page *p = &res->u.log;

	p->content = r->content.data != NULL ? r->content.data : (const unsigned char *)"";
	p->len = r->content.len;
	p->next_page_token = RPC_STR(r->next_page_token);
}

static void
rpc_free_log_page(struct rpc_result *res)
{
	(void)res;
}

static void
rpc_convert_cluster_page(const ProtobufCMessage *reply, struct rpc_result *res)
{
	const Yandex__Cloud__Dataproc__V1__ListClustersResponse *r = (const void *)reply;
	struct rpc_cluster_page *p = &res->u.clusters;

	p->n_clusters = r->n_clusters;
	p->clusters = xcalloc(r->n_clusters ? r->n_clusters : 1, sizeof *p->clusters);
	for (size_t i = 0; i < r->n_clusters; i++)
		p->clusters[i] = wire_cluster_from_pb(r->clusters[i]);
	p->next_page_token = xstrdup(RPC_STR(r->next_page_token));
}

static void
rpc_free_cluster_page(struct rpc_result *res)
{
	struct rpc_cluster_page *p = &res->u.clusters;

	for (size_t i = 0; i < p->n_clusters; i++)
		cluster_free(p->clusters[i]);
	free(p->clusters);
	free(p->next_page_token);
}

static void
rpc_convert_cluster(const ProtobufCMessage *reply, struct rpc_result *res)
{
	res->u.cluster = wire_cluster_from_pb((const PbCluster *)reply);
}

static void
rpc_free_cluster(struct rpc_result *res)
{
	cluster_free(res->u.cluster);
}

static unsigned char *
rpc_build_create_token(const struct rpc_args *a, size_t *len)
{
	Yandex__Cloud__Iam__V1__CreateIamTokenRequest req =
	    YANDEX__CLOUD__IAM__V1__CREATE_IAM_TOKEN_REQUEST__INIT;

	if (a->jwt != NULL) {
		req.identity_case = YANDEX__CLOUD__IAM__V1__CREATE_IAM_TOKEN_REQUEST__IDENTITY_JWT;
		req.jwt = (char *)a->jwt;
	} else {
		req.identity_case =
		    YANDEX__CLOUD__IAM__V1__CREATE_IAM_TOKEN_REQUEST__IDENTITY_YANDEX_PASSPORT_OAUTH_TOKEN;
		req.yandex_passport_oauth_token = RPC_STR(a->oauth_token);
	}
	return wire_pack(&req.base, len);
}

static unsigned char *
rpc_build_nothing(const struct rpc_args *a, size_t *len)
{
	(void)a;
	*len = 0;
	return xcalloc(1, 1);
}

/* The exchange's reply is read by auth.c straight from the message: no token in res. */
static void
rpc_convert_none(const ProtobufCMessage *reply, struct rpc_result *res)
{
	(void)reply;
	(void)res;
}

static void
rpc_free_none(struct rpc_result *res)
{
	(void)res;
}

/* ---- the table ------------------------------------------------------------- */

#define RPC_JOB_SERVICE "/yandex.cloud.dataproc.v1.JobService/"
#define RPC_CLUSTER_SERVICE "/yandex.cloud.dataproc.v1.ClusterService/"
#define RPC_OPERATION_SERVICE "/yandex.cloud.operation.OperationService/"
#define RPC_IAM_TOKEN_SERVICE "/yandex.cloud.iam.v1.IamTokenService/"

static const struct rpc_method_info rpc_methods[] = {
    [RPC_JOB_LIST] = {RPC_JOB_SERVICE "List", RPC_CHANNEL_MAIN, false, rpc_build_list_jobs,
                      &yandex__cloud__dataproc__v1__list_jobs_response__descriptor,
                      rpc_convert_job_page, rpc_free_job_page},
    [RPC_JOB_GET] = {RPC_JOB_SERVICE "Get", RPC_CHANNEL_MAIN, false, rpc_build_get_job,
                     &yandex__cloud__dataproc__v1__job__descriptor, rpc_convert_job, rpc_free_job},
    [RPC_JOB_CREATE] = {RPC_JOB_SERVICE "Create", RPC_CHANNEL_MAIN, true, rpc_build_create_job,
                        &yandex__cloud__operation__operation__descriptor, rpc_convert_operation,
                        rpc_free_operation},
    [RPC_JOB_CANCEL] = {RPC_JOB_SERVICE "Cancel", RPC_CHANNEL_MAIN, true, rpc_build_cancel_job,
                        &yandex__cloud__operation__operation__descriptor, rpc_convert_operation,
                        rpc_free_operation},
    [RPC_JOB_LIST_LOG] = {RPC_JOB_SERVICE "ListLog", RPC_CHANNEL_MAIN, false,
                          rpc_build_list_job_log,
                          &yandex__cloud__dataproc__v1__list_job_log_response__descriptor,
                          rpc_convert_log_page, rpc_free_log_page},
    [RPC_OPERATION_GET] = {RPC_OPERATION_SERVICE "Get", RPC_CHANNEL_OPERATION, false,
                           rpc_build_get_operation,
                           &yandex__cloud__operation__operation__descriptor, rpc_convert_operation,
                           rpc_free_operation},
    [RPC_CLUSTER_LIST] = {RPC_CLUSTER_SERVICE "List", RPC_CHANNEL_MAIN, false,
                          rpc_build_list_clusters,
                          &yandex__cloud__dataproc__v1__list_clusters_response__descriptor,
                          rpc_convert_cluster_page, rpc_free_cluster_page},
    [RPC_CLUSTER_GET] = {RPC_CLUSTER_SERVICE "Get", RPC_CHANNEL_MAIN, false, rpc_build_get_cluster,
                         &yandex__cloud__dataproc__v1__cluster__descriptor, rpc_convert_cluster,
                         rpc_free_cluster},
    [RPC_IAM_CREATE_TOKEN] = {RPC_IAM_TOKEN_SERVICE "Create", RPC_CHANNEL_IAM, false,
                              rpc_build_create_token,
                              &yandex__cloud__iam__v1__create_iam_token_response__descriptor,
                              rpc_convert_none, rpc_free_none},
    [RPC_AUTH_WAIT] = {"(wait for a token)", RPC_CHANNEL_NONE, false, rpc_build_nothing, NULL,
                       rpc_convert_none, rpc_free_none},
};

const struct rpc_method_info *
rpc_method_get(enum rpc_method method)
{
	return &rpc_methods[method];
}

/* ---- public entry points: collect the arguments, hand them to the engine ---- */

struct rpc_call *
rpc_list_jobs(struct rpc_client *c, const char *cluster_id, int64_t page_size,
              const char *page_token, const char *filter, rpc_result_fn on_result,
              rpc_free_fn on_free, void *ctx)
{
	struct rpc_args a = {.cluster_id = cluster_id,
	                     .page_size = page_size,
	                     .page_token = page_token,
	                     .filter = filter};

	return rpc_call_start(c, RPC_JOB_LIST, &a, NULL, on_result, on_free, ctx);
}

struct rpc_call *
rpc_get_job(struct rpc_client *c, const char *cluster_id, const char *job_id,
            rpc_result_fn on_result, rpc_free_fn on_free, void *ctx)
{
	struct rpc_args a = {.cluster_id = cluster_id, .job_id = job_id};

	return rpc_call_start(c, RPC_JOB_GET, &a, NULL, on_result, on_free, ctx);
}

struct rpc_call *
rpc_create_job(struct rpc_client *c, const char *cluster_id, const char *name,
               const struct job_spec *spec, const char *idempotency_key, rpc_result_fn on_result,
               rpc_free_fn on_free, void *ctx)
{
	struct rpc_args a = {.cluster_id = cluster_id, .name = name, .spec = spec};

	return rpc_call_start(c, RPC_JOB_CREATE, &a, idempotency_key, on_result, on_free, ctx);
}

struct rpc_call *
rpc_cancel_job(struct rpc_client *c, const char *cluster_id, const char *job_id,
               const char *idempotency_key, rpc_result_fn on_result, rpc_free_fn on_free, void *ctx)
{
	struct rpc_args a = {.cluster_id = cluster_id, .job_id = job_id};

	return rpc_call_start(c, RPC_JOB_CANCEL, &a, idempotency_key, on_result, on_free, ctx);
}

struct rpc_call *
rpc_list_job_log(struct rpc_client *c, const char *cluster_id, const char *job_id,
                 int64_t page_size, const char *page_token, rpc_result_fn on_result,
                 rpc_free_fn on_free, void *ctx)
{
	struct rpc_args a = {.cluster_id = cluster_id,
	                     .job_id = job_id,
	                     .page_size = page_size,
	                     .page_token = page_token};

	return rpc_call_start(c, RPC_JOB_LIST_LOG, &a, NULL, on_result, on_free, ctx);
}

struct rpc_call *
rpc_get_operation(struct rpc_client *c, const char *operation_id, rpc_result_fn on_result,
                  rpc_free_fn on_free, void *ctx)
{
	struct rpc_args a = {.operation_id = operation_id};

	return rpc_call_start(c, RPC_OPERATION_GET, &a, NULL, on_result, on_free, ctx);
}

struct rpc_call *
rpc_list_clusters(struct rpc_client *c, const char *folder_id, int64_t page_size,
                  const char *page_token, const char *filter, rpc_result_fn on_result,
                  rpc_free_fn on_free, void *ctx)
{
	struct rpc_args a = {.folder_id = folder_id,
	                     .page_size = page_size,
	                     .page_token = page_token,
	                     .filter = filter};

	return rpc_call_start(c, RPC_CLUSTER_LIST, &a, NULL, on_result, on_free, ctx);
}

struct rpc_call *
rpc_get_cluster(struct rpc_client *c, const char *cluster_id, rpc_result_fn on_result,
                rpc_free_fn on_free, void *ctx)
{
	struct rpc_args a = {.cluster_id = cluster_id};

	return rpc_call_start(c, RPC_CLUSTER_GET, &a, NULL, on_result, on_free, ctx);
}

struct rpc_call *
rpc_wait_token(struct rpc_client *c, rpc_result_fn on_result, rpc_free_fn on_free, void *ctx)
{
	struct rpc_args a = {.page_size = 0};

	return rpc_call_start(c, RPC_AUTH_WAIT, &a, NULL, on_result, on_free, ctx);
}
