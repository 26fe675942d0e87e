/* Cancelling jobs: `x` on the selected job or on the jobs marked with <Space>. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ui/internal.h"
#include "ui/ops.h"
#include "util/strbuf.h"
#include "util/uuid.h"
#include "util/xalloc.h"

/* How many skipped jobs the message names before "and N more". */
#define CANCEL_SKIP_NAMED 3

/* A CancelJob call in flight; its result goes to the ops tracker. */
struct cancel_call {
	struct cancel_call *next;
	struct app *app;
	struct rpc_call *call;
	char *job_id;
	char *job_name;
	bool aborted; /* the app is going away: the result is dropped */
};

/* ---- marks ---- */

bool
cancel_is_marked(const struct app *app, const char *job_id)
{
	for (size_t i = 0; i < app->marks.n; i++) {
		if (strcmp(app->marks.v[i], job_id) == 0)
			return true;
	}
	return false;
}

void
cancel_toggle_mark(struct app *app, const char *job_id)
{
	for (size_t i = 0; i < app->marks.n; i++) {
		if (strcmp(app->marks.v[i], job_id) == 0) {
			free(app->marks.v[i]);
			app->marks.v[i] = app->marks.v[--app->marks.n];
			if (!app->marks.n)
				strlist_done(&app->marks);
			app->dirty_status = true;
			return;
		}
	}
	strlist_push(&app->marks, job_id);
	app->dirty_status = true;
}

void
cancel_clear_marks(struct app *app)
{
	strlist_done(&app->marks);
	app->views[PANE_LIST].dirty = true;
	app->dirty_status = true;
}

/* ---- calls ---- */

static void
cancel_call_unlink(struct app *app, struct cancel_call *cc)
{
	for (struct cancel_call **pp = &app->cancel_calls; *pp; pp = &(*pp)->next) {
		if (*pp == cc) {
			*pp = cc->next;
			return;
		}
	}
}

static void
cancel_call_free(void *ctx)
{
	struct cancel_call *cc = ctx;

	if (!cc->aborted)
		cancel_call_unlink(cc->app, cc);
	free(cc->job_id);
	free(cc->job_name);
	free(cc);
}

/* The server answers CancelJob after the job turned CANCELLING: show that at
 * once rather than after the next refresh. The operation's end brings CANCELLED. */
static void
cancel_show_cancelling(struct app *app, const char *job_id)
{
	const struct job *old = jobstore_find(app->jobs, job_id);
	struct job *job;

	if (!old || !job_status_is_active(old->status) || old->status == JOB_STATUS_CANCELLING)
		return;
	job = job_dup(old);
	job->status = JOB_STATUS_CANCELLING;
	if (jobstore_put(app->jobs, job)) {
		view_jobs_sync(app);
		app->views[PANE_LIST].dirty = true;
		app->views[PANE_DETAIL].dirty = true;
		app->dirty_status = true;
	}
}

static void
cancel_call_result(const struct rpc_result *res, void *ctx)
{
	struct cancel_call *cc = ctx;
	struct app *app = cc->app;

	if (cc->aborted)
		return;
	ops_add(app, OPS_CANCEL, cc->job_name, cc->job_id, res);
	if (res->code == RPC_OK)
		cancel_show_cancelling(app, cc->job_id);
}

static void
cancel_start(struct app *app, const struct job *job)
{
	struct cancel_call *cc;
	char key[UUID_STR_LEN];

	/* The server is never asked to change anything in read-only mode,
	 * whatever path led here. */
	if (app->readonly)
		return;
	cc = xcalloc(1, sizeof(*cc));
	cc->app = app;
	cc->job_id = xstrdup(job->id);
	cc->job_name = xstrdup(job->name ? job->name : "");
	cc->next = app->cancel_calls;
	app->cancel_calls = cc;
	/* One key per cancel: the rpc layer's retries of UNAVAILABLE resend it,
	 * so a flaky link cannot make two operations of one request. */
	uuid_generate_str(key);
	cc->call = rpc_cancel_job(app->rpc, app->cluster_id, job->id, key, cancel_call_result,
	                          cancel_call_free, cc);
}

void
cancel_abort_all(struct app *app)
{
	struct cancel_call *cc = app->cancel_calls;

	app->cancel_calls = NULL;
	while (cc) {
		struct cancel_call *next = cc->next;

		cc->aborted = true;
		rpc_call_cancel(cc->call);
		cc = next;
	}
	strlist_done(&app->marks);
}

/* ---- the dialogs' answers ---- */

static void
cancel_one_done(struct app *app, bool confirmed, void *ctx)
{
	char *id = ctx;
	const struct job *job = jobstore_find(app->jobs, id);

	if (!confirmed) {
		app_message(app, false, "nothing cancelled");
	} else if (!job) {
		app_message(app, true, "job %s is no longer listed: nothing cancelled", id);
	} else if (!job_status_is_active(job->status)) {
		app_message(app, true, "job %s is %s now: nothing to cancel", id,
		            job_status_name(job->status));
	} else {
		app_message(app, false, "cancelling %s (%s)", job->name ? job->name : "", id);
		cancel_start(app, job);
	}
	free(id);
}

/* "skipped 2 not active: a (DONE), b (ERROR)" into sb; returns how many. */
static size_t
cancel_describe_skipped(struct app *app, struct strbuf *sb)
{
	size_t skipped = 0;

	for (size_t i = 0; i < app->marks.n; i++) {
		const struct job *job = jobstore_find(app->jobs, app->marks.v[i]);

		if (job && job_status_is_active(job->status) &&
		    job->status != JOB_STATUS_CANCELLING)
			continue;
		if (skipped < CANCEL_SKIP_NAMED)
			strbuf_addf(sb, "%s%s (%s)", skipped ? ", " : "",
			            job && job->name && *job->name ? job->name : app->marks.v[i],
			            job ? job_status_name(job->status) : "not listed");
		skipped++;
	}
	if (skipped > CANCEL_SKIP_NAMED)
		strbuf_addf(sb, " and %zu more", skipped - CANCEL_SKIP_NAMED);
	return skipped;
}

static void
cancel_marked_done(struct app *app, bool confirmed, void *ctx)
{
	struct strbuf skipped = STRBUF_INIT;
	size_t n_skipped, started = 0;

	(void)ctx;
	if (!confirmed) {
		app_message(app, false, "nothing cancelled; %zu jobs still marked", app->marks.n);
		return;
	}
	n_skipped = cancel_describe_skipped(app, &skipped);
	for (size_t i = 0; i < app->marks.n; i++) {
		const struct job *job = jobstore_find(app->jobs, app->marks.v[i]);

		if (job && job_status_is_active(job->status) &&
		    job->status != JOB_STATUS_CANCELLING) {
			cancel_start(app, job);
			started++;
		}
	}
	if (n_skipped)
		app_message(app, false, "cancelling %zu jobs; skipped %zu: %s", started, n_skipped,
		            skipped.buf);
	else
		app_message(app, false, "cancelling %zu jobs", started);
	strbuf_done(&skipped);
	cancel_clear_marks(app);
}

/* ---- `x` ---- */

static int
cancel_marked(struct app *app)
{
	struct strbuf text = STRBUF_INIT, skipped = STRBUF_INIT;
	size_t n_skipped = cancel_describe_skipped(app, &skipped);
	size_t active = app->marks.n - n_skipped;
	char title[64];

	if (!active) {
		app_message(app, true, "none of the %zu marked jobs is active: %s", app->marks.n,
		            skipped.buf);
		strbuf_done(&skipped);
		return R_HANDLED;
	}
	snprintf(title, sizeof(title), "Cancel %zu job%s?", active, active == 1 ? "" : "s");
	strbuf_addf(&text, "Cancel %zu marked active job%s on cluster %s?", active,
	            active == 1 ? "" : "s", app->cluster_id);
	if (n_skipped)
		strbuf_addf(&text, "\nSkipped, not active: %s", skipped.buf);
	strbuf_addf(&text, "\nType %zu and Enter to confirm; Esc does nothing.", active);
	dialog_confirm_open(app, title, text.buf, (unsigned)active, cancel_marked_done, NULL);
	strbuf_done(&text);
	strbuf_done(&skipped);
	return R_HANDLED;
}

int
cancel_action(struct app *app)
{
	const struct job *job;
	struct strbuf text = STRBUF_INIT;
	const char *name;

	if (app->marks.n)
		return cancel_marked(app);
	if (!(job = app_selected_job(app))) {
		app_message(app, true, "no job selected");
		return R_HANDLED;
	}
	name = job->name && *job->name ? job->name : "(no name)";
	if (job->status == JOB_STATUS_CANCELLING) {
		app_message(app, true, "job %s is CANCELLING already", name);
		return R_HANDLED;
	}
	if (!job_status_is_active(job->status)) {
		app_message(app, true, "job %s is %s: only active jobs can be cancelled", name,
		            job_status_name(job->status));
		return R_HANDLED;
	}
	strbuf_addf(&text, "Cancel job %s (%s)?\nstatus %s, %s job on cluster %s", name, job->id,
	            job_status_name(job->status), job_type_name(job->spec.type), app->cluster_id);
	dialog_confirm_open(app, "Cancel job", text.buf, 0, cancel_one_done, xstrdup(job->id));
	strbuf_done(&text);
	return R_HANDLED;
}
