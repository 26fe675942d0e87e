/* The RPC handlers: JobService, OperationService, ClusterService, IamTokenService.Create. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/validate.h"
#include "sim/iam.h"
#include "sim/lifecycle.h"
#include "sim/loggen.h"
#include "sim/service.h"
#include "sim/state.h"
#include "sim/store.h"
#include "sim/tokens.h"
#include "sim/worldgen.h"
#include "util/xalloc.h"
#include "wire/convert.h"
#include "yandex/cloud/iam/v1/iam_token_service.pb-c.h"

/* gRPC status codes, spelled out here so this file needs no gRPC header. */
enum {
	SERVICE_OK = 0,
	SERVICE_INVALID_ARGUMENT = 3,
	SERVICE_NOT_FOUND = 5,
	SERVICE_FAILED_PRECONDITION = 9,
	SERVICE_UNIMPLEMENTED = 12,
	SERVICE_UNAUTHENTICATED = 16,
};

#define SERVICE_LIST_DEFAULT 100
#define SERVICE_LIST_MAX 1000
#define SERVICE_LOG_MAX 1048576

#define PBFN(name) yandex__cloud__dataproc__v1__##name

/* A job as the model sees it at one instant, with storage for the strings
 * that exist only in replies (YARN ids). Borrows everything else. */
struct service_view {
	struct job job;
	struct app_attempt attempt;
	char app_id[64];
	char attempt_id[72];
	char container_id[80];
};

static bool __attribute__((format(printf, 3, 4)))
service_fail(struct service_call *c, int status, const char *fmt, ...)
{
	va_list ap;

	c->status = status;
	va_start(ap, fmt);
	vsnprintf(c->message, sizeof(c->message), fmt, ap);
	va_end(ap);
	return false;
}

static bool
service_invalid(struct service_call *c, const char *err)
{
	return service_fail(c, SERVICE_INVALID_ARGUMENT, "%s", err);
}

static void *
service_unpack(struct service_call *c, const ProtobufCMessageDescriptor *desc)
{
	void *m = protobuf_c_message_unpack(desc, NULL, c->req_len, c->req);

	if (!m)
		service_fail(c, SERVICE_INVALID_ARGUMENT, "request: cannot decode %s", desc->name);
	return m;
}

static void
service_reply(struct service_call *c, const ProtobufCMessage *m)
{
	c->resp = wire_pack(m, &c->resp_len);
	c->status = SERVICE_OK;
}

static struct timestamp
service_ts(int64_t ms)
{
	struct timestamp ts = {0};

	if (ms) {
		ts.sec = ms / 1000;
		ts.nsec = (int32_t)(ms % 1000) * 1000000;
		ts.set = true;
	}
	return ts;
}

static void
service_view_job(const struct sim_job *j, int64_t t, struct service_view *v)
{
	long long rm = (long long)j->cluster->created_ms;

	memset(v, 0, sizeof(*v));
	v->job.id = (char *)j->id;
	v->job.cluster_id = (char *)j->cluster->id;
	v->job.name = j->name;
	v->job.created_by = j->created_by;
	v->job.created_at = service_ts(j->created_ms);
	v->job.started_at = service_ts(lifecycle_started_ms(j, t));
	v->job.finished_at = service_ts(lifecycle_finished_ms(j, t));
	v->job.status = lifecycle_status(j, t);
	v->job.spec = j->spec;
	if (v->job.started_at.set) {
		snprintf(v->app_id, sizeof(v->app_id), "application_%lld_%04u", rm, j->app_seq);
		snprintf(v->attempt_id, sizeof(v->attempt_id), "appattempt_%lld_%04u_000001", rm,
		         j->app_seq);
		snprintf(v->container_id, sizeof(v->container_id), "container_%lld_%04u_01_000001",
		         rm, j->app_seq);
		v->attempt.id = v->attempt_id;
		v->attempt.am_container_id = v->container_id;
		v->job.has_application_info = true;
		v->job.application_id = v->app_id;
		v->job.attempts = &v->attempt;
		v->job.n_attempts = 1;
	}
}

static void
service_reply_job(struct service_call *c, const struct sim_job *j, int64_t t)
{
	struct service_view v;
	PbJob *pb;

	service_view_job(j, t, &v);
	pb = wire_job_to_pb(&v.job);
	service_reply(c, &pb->base);
	wire_job_pb_free(pb);
}

static void
service_reply_op(struct service_call *c, const struct sim_op *op, int64_t now)
{
	int64_t done_ms = lifecycle_op_done_ms(op);
	struct operation o = {0};
	struct service_view v;
	PbOperation *pb;

	o.id = (char *)op->id;
	o.description = op->kind == STORE_OP_CREATE ? "Create job" : "Cancel job";
	o.created_by = op->created_by;
	o.created_at = service_ts(op->created_ms);
	o.done = now >= done_ms;
	o.modified_at = service_ts(o.done ? done_ms : op->created_ms);
	o.cluster_id = (char *)op->job->cluster->id;
	o.job_id = (char *)op->job->id;
	if (o.done) {
		/* The Job as it was when the operation completed, like a real snapshot. */
		service_view_job(op->job, done_ms, &v);
		o.response = &v.job;
	}
	pb = wire_operation_to_pb(&o);
	service_reply(c, &pb->base);
	wire_operation_pb_free(pb);
}

/* Checks the ids and finds the cluster, and the job when job_id is given. */
static bool
service_find(struct service_call *c, const char *cluster_id, const char *job_id,
             struct sim_cluster **cluster, struct sim_job **job)
{
	char err[VALIDATE_ERR_LEN];

	if (!validate_id("cluster_id", cluster_id, err))
		return service_invalid(c, err);
	if (job && !validate_id("job_id", job_id, err))
		return service_invalid(c, err);
	*cluster = store_find_cluster(cluster_id);
	if (!*cluster)
		return service_fail(c, SERVICE_NOT_FOUND, "cluster \"%s\" not found", cluster_id);
	if (job) {
		*job = store_find_job(job_id);
		if (!*job || (*job)->cluster != *cluster)
			return service_fail(c, SERVICE_NOT_FOUND, "job \"%s\" not found", job_id);
	}
	return true;
}

void
service_sync(void)
{
	lifecycle_advance(lifecycle_now());
}

void
service_job_get(struct service_call *c)
{
	Yandex__Cloud__Dataproc__V1__GetJobRequest *req =
	    service_unpack(c, &PBFN(get_job_request__descriptor));
	struct sim_cluster *cl;
	struct sim_job *j;

	if (!req)
		return;
	if (service_find(c, req->cluster_id, req->job_id, &cl, &j))
		service_reply_job(c, j, lifecycle_now());
	protobuf_c_message_free_unpacked(&req->base, NULL);
}

static bool
service_page(struct service_call *c, int64_t page_size, int64_t max, const char *token,
             int64_t *size)
{
	char err[VALIDATE_ERR_LEN];

	if (!validate_page_size("page_size", page_size, max, err))
		return service_invalid(c, err);
	if (!validate_page_token(token, err))
		return service_invalid(c, err);
	*size = page_size;
	return true;
}

void
service_job_list(struct service_call *c)
{
	Yandex__Cloud__Dataproc__V1__ListJobsRequest *req =
	    service_unpack(c, &PBFN(list_jobs_request__descriptor));
	Yandex__Cloud__Dataproc__V1__ListJobsResponse resp =
	    YANDEX__CLOUD__DATAPROC__V1__LIST_JOBS_RESPONSE__INIT;
	struct service_view *views = NULL;
	char err[VALIDATE_ERR_LEN], name[64], id[21], token[TOKENS_LEN] = "";
	struct sim_cluster *cl;
	int64_t size, ms, now = lifecycle_now();
	size_t i = 0, n = 0, last_i = 0;

	if (!req)
		return;
	if (!service_find(c, req->cluster_id, NULL, &cl, NULL))
		goto out;
	if (!service_page(c, req->page_size, SERVICE_LIST_MAX, req->page_token, &size))
		goto out;
	if (!validate_filter(req->filter, name, err)) {
		service_invalid(c, err);
		goto out;
	}
	if (*req->page_token) {
		if (!tokens_decode_pos(TOKENS_JOBS, req->page_token, &ms, id)) {
			service_invalid(c, "page_token: invalid");
			goto out;
		}
		i = store_list_start(cl, ms, id);
	}
	if (size == 0)
		size = SERVICE_LIST_DEFAULT;
	views = xcalloc((size_t)size, sizeof(*views));
	resp.jobs = xcalloc((size_t)size, sizeof(*resp.jobs));
	for (; i < cl->n_jobs; i++) {
		struct sim_job *j = store_list_at(cl, i);

		if (*name && strcmp(j->name, name) != 0)
			continue;
		if (n == (size_t)size) {
			/* One more match exists: the client needs a token for it. */
			const struct sim_job *last = store_list_at(cl, last_i);

			tokens_encode_pos(TOKENS_JOBS, last->created_ms, last->id, token);
			break;
		}
		last_i = i;
		service_view_job(j, now, &views[n]);
		resp.jobs[n] = wire_job_to_pb(&views[n].job);
		n++;
	}
	resp.n_jobs = n;
	resp.next_page_token = token;
	service_reply(c, &resp.base);
	for (size_t k = 0; k < n; k++)
		wire_job_pb_free(resp.jobs[k]);
out:
	free(resp.jobs);
	free(views);
	protobuf_c_message_free_unpacked(&req->base, NULL);
}

void
service_job_list_log(struct service_call *c)
{
	Yandex__Cloud__Dataproc__V1__ListJobLogRequest *req =
	    service_unpack(c, &PBFN(list_job_log_request__descriptor));
	Yandex__Cloud__Dataproc__V1__ListJobLogResponse resp =
	    YANDEX__CLOUD__DATAPROC__V1__LIST_JOB_LOG_RESPONSE__INIT;
	char token[TOKENS_LEN] = "";
	struct sim_cluster *cl;
	struct sim_job *j;
	uint64_t offset = 0;
	int64_t size;
	size_t n;

	if (!req)
		return;
	if (!service_find(c, req->cluster_id, req->job_id, &cl, &j))
		goto out;
	if (!service_page(c, req->page_size, SERVICE_LOG_MAX, req->page_token, &size))
		goto out;
	if (*req->page_token && !tokens_decode_log(req->page_token, j->id, &offset)) {
		service_invalid(c, "page_token: invalid");
		goto out;
	}
	if (size == 0)
		size = SERVICE_LOG_MAX;
	state_log_load(j);
	if (loggen_advance(j, lifecycle_now()) || j->log.complete)
		store_touch_job(j);
	if (offset > j->log.len) {
		service_invalid(c, "page_token: invalid");
		goto out;
	}
	n = j->log.len - offset < (uint64_t)size ? j->log.len - offset : (size_t)size;
	resp.content.data = (uint8_t *)j->log.buf + offset;
	resp.content.len = n;
	/* An empty token means "all there is and ever will be"; until then the
	 * client polls with a token for the current end. */
	if (!(j->log.complete && offset + n == j->log.len))
		tokens_encode_log(j->id, offset + n, token);
	resp.next_page_token = token;
	service_reply(c, &resp.base);
out:
	protobuf_c_message_free_unpacked(&req->base, NULL);
}

static struct sim_op *
service_new_op(enum store_op_kind kind, struct sim_job *j, int64_t now, const char *idem_key)
{
	struct sim_op *op = store_op_new();

	store_new_id(&store_world.id_rng, op->id);
	op->kind = kind;
	op->job = j;
	op->created_ms = now;
	op->created_by = xstrdup(store_world.users[0]);
	op->idem_key = idem_key ? store_idem_name(kind, idem_key) : NULL;
	store_add_op(op);
	store_touch_op(op);
	return op;
}

void
service_job_create(struct service_call *c)
{
	PbCreateJobRequest *req;
	struct job_spec spec = {0};
	char err[VALIDATE_ERR_LEN];
	struct sim_cluster *cl;
	struct sim_job *j;
	struct sim_op *op;
	struct rng r;
	int64_t now = lifecycle_now();

	if (c->idem_key && (op = store_find_idem(STORE_OP_CREATE, c->idem_key))) {
		service_reply_op(c, op, now);
		return;
	}
	req = service_unpack(c, &PBFN(create_job_request__descriptor));
	if (!req)
		return;
	wire_spec_from_create(req, &spec);
	if (!validate_create_job(req->cluster_id, req->name, &spec, err)) {
		service_invalid(c, err);
		goto out;
	}
	if (!service_find(c, req->cluster_id, NULL, &cl, NULL))
		goto out;
	j = store_job_new();
	j->cluster = cl;
	j->name = xstrdup(req->name);
	j->created_by = xstrdup(store_world.users[0]);
	j->spec = spec;
	memset(&spec, 0, sizeof(spec));
	rng_seed(&r, rng_next(&store_world.id_rng));
	lifecycle_schedule(j, now, &r);
	worldgen_identify(j, &store_world.id_rng);
	j->dirty = true;
	store_add_job(j);
	store_touch_job(j);
	op = service_new_op(STORE_OP_CREATE, j, now, c->idem_key);
	service_reply_op(c, op, now);
out:
	job_spec_done(&spec);
	protobuf_c_message_free_unpacked(&req->base, NULL);
}

void
service_job_cancel(struct service_call *c)
{
	Yandex__Cloud__Dataproc__V1__CancelJobRequest *req;
	struct sim_cluster *cl;
	struct sim_job *j;
	struct sim_op *op;
	int64_t now = lifecycle_now();

	if (c->idem_key && (op = store_find_idem(STORE_OP_CANCEL, c->idem_key))) {
		service_reply_op(c, op, now);
		return;
	}
	req = service_unpack(c, &PBFN(cancel_job_request__descriptor));
	if (!req)
		return;
	if (!service_find(c, req->cluster_id, req->job_id, &cl, &j))
		goto out;
	if (!lifecycle_cancel(j, now)) {
		service_fail(c, SERVICE_FAILED_PRECONDITION, "job \"%s\" is already finished (%s)",
		             j->id, job_status_name(lifecycle_status(j, now)));
		goto out;
	}
	store_touch_job(j);
	op = service_new_op(STORE_OP_CANCEL, j, now, c->idem_key);
	service_reply_op(c, op, now);
out:
	protobuf_c_message_free_unpacked(&req->base, NULL);
}

void
service_operation_get(struct service_call *c)
{
	Yandex__Cloud__Operation__GetOperationRequest *req =
	    service_unpack(c, &yandex__cloud__operation__get_operation_request__descriptor);
	char err[VALIDATE_ERR_LEN];
	struct sim_op *op;

	if (!req)
		return;
	if (!validate_id("operation_id", req->operation_id, err))
		service_invalid(c, err);
	else if (!(op = store_find_op(req->operation_id)))
		service_fail(c, SERVICE_NOT_FOUND, "operation \"%s\" not found", req->operation_id);
	else
		service_reply_op(c, op, lifecycle_now());
	protobuf_c_message_free_unpacked(&req->base, NULL);
}

void
service_operation_cancel(struct service_call *c)
{
	Yandex__Cloud__Operation__CancelOperationRequest *req =
	    service_unpack(c, &yandex__cloud__operation__cancel_operation_request__descriptor);
	char err[VALIDATE_ERR_LEN];

	if (!req)
		return;
	if (!validate_id("operation_id", req->operation_id, err))
		service_invalid(c, err);
	else if (!store_find_op(req->operation_id))
		service_fail(c, SERVICE_NOT_FOUND, "operation \"%s\" not found", req->operation_id);
	else
		service_fail(c, SERVICE_UNIMPLEMENTED,
		             "operations of Data Proc jobs cannot be cancelled; use "
		             "JobService.Cancel on the job");
	protobuf_c_message_free_unpacked(&req->base, NULL);
}

static PbCluster *
service_cluster_pb(const struct sim_cluster *cl, struct cluster *m, struct kv labels[2])
{
	memset(m, 0, sizeof(*m));
	m->id = (char *)cl->id;
	m->folder_id = store_world.folder_id;
	m->name = cl->name;
	m->description = cl->description;
	m->zone_id = cl->zone_id;
	m->version_id = cl->version_id;
	m->created_at = service_ts(cl->created_ms);
	m->health = worldgen_cluster_health(cl);
	m->status = worldgen_cluster_status(cl);
	labels[0].key = "env";
	labels[0].value = "simulated";
	labels[1].key = "team";
	labels[1].value = "data-platform";
	m->labels.v = labels;
	m->labels.n = 2;
	return wire_cluster_to_pb(m);
}

void
service_cluster_get(struct service_call *c)
{
	Yandex__Cloud__Dataproc__V1__GetClusterRequest *req =
	    service_unpack(c, &PBFN(get_cluster_request__descriptor));
	struct sim_cluster *cl;
	struct cluster m;
	struct kv labels[2];
	PbCluster *pb;

	if (!req)
		return;
	if (service_find(c, req->cluster_id, NULL, &cl, NULL)) {
		pb = service_cluster_pb(cl, &m, labels);
		service_reply(c, &pb->base);
		wire_cluster_pb_free(pb);
	}
	protobuf_c_message_free_unpacked(&req->base, NULL);
}

void
service_cluster_list(struct service_call *c)
{
	Yandex__Cloud__Dataproc__V1__ListClustersRequest *req =
	    service_unpack(c, &PBFN(list_clusters_request__descriptor));
	Yandex__Cloud__Dataproc__V1__ListClustersResponse resp =
	    YANDEX__CLOUD__DATAPROC__V1__LIST_CLUSTERS_RESPONSE__INIT;
	char err[VALIDATE_ERR_LEN], name[64], id[21], token[TOKENS_LEN] = "";
	struct cluster *models = NULL;
	struct kv *labels = NULL;
	int64_t size, ms;
	size_t i = 0, n = 0, last_i = 0;

	if (!req)
		return;
	if (!validate_id("folder_id", req->folder_id, err)) {
		service_invalid(c, err);
		goto out;
	}
	if (!service_page(c, req->page_size, SERVICE_LIST_MAX, req->page_token, &size))
		goto out;
	if (!validate_filter(req->filter, name, err)) {
		service_invalid(c, err);
		goto out;
	}
	if (*req->page_token) {
		struct sim_cluster *from;

		if (!tokens_decode_pos(TOKENS_CLUSTERS, req->page_token, &ms, id) ||
		    !(from = store_find_cluster(id))) {
			service_invalid(c, "page_token: invalid");
			goto out;
		}
		while (i < store_world.n_clusters && store_world.clusters[i] != from)
			i++;
		i++;
	}
	if (size == 0)
		size = SERVICE_LIST_DEFAULT;
	/* Another folder has no clusters here, like a folder without Data Proc. */
	if (strcmp(req->folder_id, store_world.folder_id) != 0)
		i = store_world.n_clusters;
	models = xcalloc(store_world.n_clusters + 1, sizeof(*models));
	labels = xcalloc(2 * store_world.n_clusters + 2, sizeof(*labels));
	resp.clusters = xcalloc(store_world.n_clusters + 1, sizeof(*resp.clusters));
	for (; i < store_world.n_clusters; i++) {
		struct sim_cluster *cl = store_world.clusters[i];

		if (*name && strcmp(cl->name, name) != 0)
			continue;
		if (n == (size_t)size) {
			const struct sim_cluster *last = store_world.clusters[last_i];

			tokens_encode_pos(TOKENS_CLUSTERS, last->created_ms, last->id, token);
			break;
		}
		last_i = i;
		resp.clusters[n] = service_cluster_pb(cl, &models[n], &labels[2 * n]);
		n++;
	}
	resp.n_clusters = n;
	resp.next_page_token = token;
	service_reply(c, &resp.base);
	for (size_t k = 0; k < n; k++)
		wire_cluster_pb_free(resp.clusters[k]);
out:
	free(resp.clusters);
	free(models);
	free(labels);
	protobuf_c_message_free_unpacked(&req->base, NULL);
}

/* IamTokenService.Create. Tokens live in real time (the client compares expires_at with
 * its own clock), not in the simulated clock. No message quotes a credential. */
void
service_iam_create(struct service_call *c)
{
	Yandex__Cloud__Iam__V1__CreateIamTokenRequest *req =
	    service_unpack(c, &yandex__cloud__iam__v1__create_iam_token_request__descriptor);
	Yandex__Cloud__Iam__V1__CreateIamTokenResponse resp =
	    YANDEX__CLOUD__IAM__V1__CREATE_IAM_TOKEN_RESPONSE__INIT;
	Google__Protobuf__Timestamp expires = GOOGLE__PROTOBUF__TIMESTAMP__INIT;
	char token[IAM_TOKEN_LEN], err[IAM_ERR_LEN];
	int64_t now = (int64_t)time(NULL), expires_at;

	if (!req)
		return;
	switch (req->identity_case) {
	case YANDEX__CLOUD__IAM__V1__CREATE_IAM_TOKEN_REQUEST__IDENTITY_YANDEX_PASSPORT_OAUTH_TOKEN:
		if (!iam_check_oauth(req->yandex_passport_oauth_token)) {
			service_fail(c, SERVICE_UNAUTHENTICATED, "invalid OAuth token");
			goto out;
		}
		break;
	case YANDEX__CLOUD__IAM__V1__CREATE_IAM_TOKEN_REQUEST__IDENTITY_JWT:
		if (strlen(req->jwt) > 8000) {
			service_invalid(c, "jwt: longer than 8000 characters");
			goto out;
		}
		if (!iam_verify_jwt(req->jwt, now, err)) {
			service_fail(c, SERVICE_UNAUTHENTICATED, "%s", err);
			goto out;
		}
		break;
	default:
		service_invalid(c, "one of yandex_passport_oauth_token or jwt is required");
		goto out;
	}
	iam_issue(now, token, &expires_at);
	expires.seconds = expires_at;
	resp.iam_token = token;
	resp.expires_at = &expires;
	service_reply(c, &resp.base);
	memset(token, 0, sizeof(token));
out:
	protobuf_c_message_free_unpacked(&req->base, NULL);
}
