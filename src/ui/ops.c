/* The session's operations: OperationService.Get with backoff until done. */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/internal.h"
#include "ui/ops.h"
#include "util/xalloc.h"

/* The sim finishes a create when the job leaves PROVISIONING, a real cluster
 * within seconds: start fast, then back off so a long one costs little. */
#define OPS_FIRST_DELAY_MS 250
#define OPS_MAX_DELAY_MS 4000
/* Polling errors of a flaky link are retried; this many in a row give up. */
#define OPS_MAX_ERRORS 30

struct ops {
	struct ops_entry **v; /* owned */
	size_t n, cap;
	char *alert;
	/* the CreateJob in flight */
	struct app_req *create_req;
	char *create_name;
	void (*create_done)(struct app *app, const struct rpc_result *res, const char *name);
};

static struct ops *
ops_of(struct app *app)
{
	if (!app->ops)
		app->ops = xcalloc(1, sizeof(*app->ops));
	return app->ops;
}

const char *
ops_kind_name(enum ops_kind kind)
{
	return kind == OPS_CREATE ? "create" : "cancel";
}

const char *
ops_state_name(enum ops_state state)
{
	switch (state) {
	case OPS_RUNNING:
		return "running";
	case OPS_DONE:
		return "done";
	case OPS_FAILED:
		break;
	}
	return "failed";
}

size_t
ops_count(const struct app *app)
{
	return app->ops ? app->ops->n : 0;
}

const struct ops_entry *
ops_get(const struct app *app, size_t i)
{
	return app->ops && i < app->ops->n ? app->ops->v[i] : NULL;
}

size_t
ops_running(const struct app *app)
{
	size_t n = 0;

	for (size_t i = 0; i < ops_count(app); i++)
		n += app->ops->v[i]->state == OPS_RUNNING;
	return n;
}

static void
ops_fail(struct app *app, struct ops_entry *e, int code, const char *message,
         const char *request_id)
{
	e->state = OPS_FAILED;
	e->ended = *app_now(app);
	e->error_code = code;
	free(e->error_message);
	e->error_message = xstrdup(message ? message : "");
	if (request_id && *request_id)
		snprintf(e->request_id, sizeof(e->request_id), "%s", request_id);
	e->dismissed = false;
	app->dirty_status = true;
}

/* Puts the job the operation returned into the list; a create selects it. */
static void
ops_job_arrived(struct app *app, struct ops_entry *e, struct job *job)
{
	const char *id = job ? job->id : e->job_id;

	if (job && job->id && *job->id)
		jobstore_put(app->jobs, job);
	else
		job_free(job);
	if (e->kind == OPS_CREATE && id && *id) {
		char *keep = xstrdup(id);

		app_select(app, keep);
		free(keep);
	}
	/* Not yet listed, the selection waits for the refresh below to bring
	 * the job (a sync now would move it to a neighbour). */
	if (!app->selected_id || jobstore_find(app->jobs, app->selected_id))
		view_jobs_sync(app);
	app->views[PANE_LIST].dirty = true;
	app->views[PANE_DETAIL].dirty = true;
	app->dirty_status = true;
	/* A refresh in flight may have listed before the job existed and would
	 * drop it at its end: start over. */
	app_req_cancel(&app->list_req);
	app_refresh(app);
}

static void
ops_finish(struct app *app, struct ops_entry *e, struct operation *op, const char *request_id)
{
	struct job *job = op->response;

	op->response = NULL;
	if (op->job_id && *op->job_id && !e->job_id)
		e->job_id = xstrdup(op->job_id);
	if (job && job->id && !e->job_id)
		e->job_id = xstrdup(job->id);
	if (op->has_error) {
		job_free(job);
		ops_fail(app, e, op->error_code, op->error_message, request_id);
		/* A failed cancel leaves the job as it was; show it as the server has it. */
		app_refresh(app);
		return;
	}
	e->state = OPS_DONE;
	e->ended = *app_now(app);
	ops_job_arrived(app, e, job);
}

static void ops_schedule(struct app *app, struct ops_entry *e);

static struct ops_entry *
ops_entry_of_req(struct app_req *req)
{
	return (struct ops_entry *)(void *)((char *)req->owner - offsetof(struct ops_entry, req));
}

static bool
ops_transient(int code)
{
	return code == RPC_UNAVAILABLE || code == RPC_DEADLINE_EXCEEDED || code == RPC_ABORTED ||
	       code == RPC_RESOURCE_EXHAUSTED || code == RPC_INTERNAL || code == RPC_UNKNOWN;
}

static void
ops_poll_result(const struct rpc_result *res, void *ctx)
{
	struct app_req *req = ctx;
	struct app *app = req->app;
	struct ops_entry *e;
	struct operation *op;

	if (req->cancelled)
		return;
	e = ops_entry_of_req(req);
	if (res->code != RPC_OK) {
		if (ops_transient(res->code) && ++e->errors < OPS_MAX_ERRORS) {
			ops_schedule(app, e);
			return;
		}
		ops_fail(app, e, res->code, res->message, res->request_id);
		return;
	}
	e->errors = 0;
	op = rpc_result_take_operation(res);
	if (!op) {
		ops_schedule(app, e);
		return;
	}
	if (op->job_id && *op->job_id && !e->job_id)
		e->job_id = xstrdup(op->job_id);
	if (op->done)
		ops_finish(app, e, op, res->request_id);
	else
		ops_schedule(app, e);
	operation_free(op);
}

static void
ops_poll_fire(void *ctx)
{
	struct ops_entry *e = ctx;
	struct app_req *req;

	e->timer = 0;
	req = app_req_new(e->app, &e->req);
	req->call =
	    rpc_get_operation(e->app->rpc, e->operation_id, ops_poll_result, app_req_free, req);
}

static void
ops_schedule(struct app *app, struct ops_entry *e)
{
	if (e->delay_ms <= 0)
		e->delay_ms = OPS_FIRST_DELAY_MS;
	else if ((e->delay_ms = e->delay_ms * 3 / 2) > OPS_MAX_DELAY_MS)
		e->delay_ms = OPS_MAX_DELAY_MS;
	e->timer = app_timer_add(app, e->delay_ms, ops_poll_fire, e);
}

const struct ops_entry *
ops_add(struct app *app, enum ops_kind kind, const char *job_name, const char *job_id,
        const struct rpc_result *res)
{
	struct ops *o = ops_of(app);
	struct ops_entry *e = xcalloc(1, sizeof(*e));
	struct operation *op;

	if (o->n == o->cap) {
		o->cap = o->cap ? 2 * o->cap : 8;
		o->v = xrealloc(o->v, o->cap * sizeof(*o->v));
	}
	o->v[o->n++] = e;
	e->id = (unsigned)o->n;
	e->app = app;
	e->kind = kind;
	e->job_name = xstrdup(job_name ? job_name : "");
	e->job_id = job_id && *job_id ? xstrdup(job_id) : NULL;
	e->started = *app_now(app);
	snprintf(e->request_id, sizeof(e->request_id), "%s", res->request_id);
	e->state = OPS_RUNNING;
	if (res->code != RPC_OK) {
		ops_fail(app, e, res->code, res->message, res->request_id);
		return e;
	}
	op = rpc_result_take_operation(res);
	if (!op) {
		ops_fail(app, e, RPC_INTERNAL, "the reply carried no operation", NULL);
		return e;
	}
	e->operation_id = xstrdup(op->id ? op->id : "");
	if (op->job_id && *op->job_id && !e->job_id)
		e->job_id = xstrdup(op->job_id);
	if (op->done) {
		ops_finish(app, e, op, res->request_id);
	} else {
		ops_schedule(app, e);
		/* The new job is listed (PROVISIONING) and followed at once. */
		if (kind == OPS_CREATE && e->job_id)
			ops_job_arrived(app, e, NULL);
	}
	operation_free(op);
	/* A cancel's row shows CANCELLING at once when the list is fetched again. */
	if (kind == OPS_CANCEL)
		app_refresh(app);
	return e;
}

static void
ops_create_result(const struct rpc_result *res, void *ctx)
{
	struct app_req *req = ctx;
	struct app *app = req->app;
	struct ops *o = ops_of(app);
	char *name = o->create_name;

	if (req->cancelled)
		return;
	o->create_name = NULL;
	if (res->code == RPC_OK)
		ops_add(app, OPS_CREATE, name, NULL, res);
	if (o->create_done)
		o->create_done(app, res, name ? name : "");
	free(name);
}

bool
ops_create_job(struct app *app, const char *name, const struct job_spec *spec,
               const char *idempotency_key,
               void (*done)(struct app *app, const struct rpc_result *res, const char *name))
{
	struct ops *o = ops_of(app);
	struct app_req *req;

	if (o->create_req)
		return false;
	free(o->create_name);
	o->create_name = xstrdup(name ? name : "");
	o->create_done = done;
	req = app_req_new(app, &o->create_req);
	req->call = rpc_create_job(app->rpc, app->cluster_id, name ? name : "", spec,
	                           idempotency_key, ops_create_result, app_req_free, req);
	return true;
}

const char *
ops_alert(struct app *app)
{
	struct ops *o = app->ops;
	struct strbuf sb = STRBUF_INIT;

	if (!o)
		return NULL;
	free(o->alert);
	o->alert = NULL;
	for (size_t i = o->n; i-- > 0;) {
		const struct ops_entry *e = o->v[i];

		if (e->state != OPS_FAILED || e->dismissed)
			continue;
		strbuf_addf(&sb, "%s %s failed: %s: %s", ops_kind_name(e->kind),
		            *e->job_name ? e->job_name
		            : e->job_id  ? e->job_id
		                         : "job",
		            rpc_code_name(e->error_code), e->error_message ? e->error_message : "");
		if (*e->request_id)
			strbuf_addf(&sb, " (request-id %s)", e->request_id);
		strbuf_addstr(&sb, "  [Esc dismisses]");
		o->alert = strbuf_detach(&sb);
		break;
	}
	return o->alert;
}

void
ops_dismiss(struct app *app)
{
	for (size_t i = 0; i < ops_count(app); i++)
		app->ops->v[i]->dismissed = true;
	app->dirty_status = true;
}

void
ops_cancel_all(struct app *app)
{
	if (app->ops)
		app_req_cancel(&app->ops->create_req);
	for (size_t i = 0; i < ops_count(app); i++) {
		struct ops_entry *e = app->ops->v[i];

		app_timer_cancel(app, e->timer);
		e->timer = 0;
		app_req_cancel(&e->req);
	}
}

void
ops_free(struct app *app)
{
	struct ops *o = app->ops;

	if (!o)
		return;
	for (size_t i = 0; i < o->n; i++) {
		struct ops_entry *e = o->v[i];

		free(e->job_name);
		free(e->job_id);
		free(e->operation_id);
		free(e->error_message);
		free(e);
	}
	free(o->v);
	free(o->alert);
	free(o->create_name);
	free(o);
	app->ops = NULL;
}
