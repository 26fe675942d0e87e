/* The `:ops` overlay: this session's operations, their state and errors. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ui/internal.h"
#include "ui/ops.h"
#include "util/strbuf.h"

/* Row `row` of the overlay's text into sb: one line per operation, and one
 * more under a failed one for its error. Returns false past the end. */
static bool
ops_view_row(struct app *app, size_t row, struct strbuf *sb, bool *error)
{
	size_t r = 0;

	for (size_t i = 0; i < ops_count(app); i++) {
		const struct ops_entry *e = ops_get(app, i);
		char when[RFC3339_LEN];

		if (r++ == row) {
			timefmt_rfc3339(&e->started, when);
			/* The time of day is enough within one session. */
			when[19] = '\0';
			strbuf_addf(sb, "%-3u %-6s %-22.22s %-20s %s %-7s %s", e->id,
			            ops_kind_name(e->kind), *e->job_name ? e->job_name : "-",
			            e->job_id ? e->job_id : "-", when + 11,
			            ops_state_name(e->state),
			            e->operation_id ? e->operation_id : "");
			*error = false;
			return true;
		}
		if (e->state != OPS_FAILED)
			continue;
		if (r++ == row) {
			strbuf_addf(sb, "    %s", rpc_code_name(e->error_code));
			if (e->error_message && *e->error_message)
				strbuf_addf(sb, ": %s", e->error_message);
			if (e->request_id[0])
				strbuf_addf(sb, " (request-id %s)", e->request_id);
			*error = true;
			return true;
		}
	}
	return false;
}

static size_t
ops_view_rows(struct app *app)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = 0;
	bool error;

	while (ops_view_row(app, n, &sb, &error)) {
		strbuf_reset(&sb);
		n++;
	}
	strbuf_done(&sb);
	return n;
}

/* Box, title and column header. */
static size_t
ops_view_height(const struct app *app)
{
	int h = app->overlay_win ? getmaxy(app->overlay_win) - 3 : 1;

	return h > 0 ? (size_t)h : 1;
}

void
ops_view_open(struct app *app)
{
	/* Seen here, a failure need not stay in the bottom line. */
	ops_dismiss(app);
	app->overlay = APP_OVERLAY_OPS;
	app->ops_top = 0;
	app->dirty_status = true;
	layout_apply(app);
	{
		size_t n = ops_view_rows(app), h = ops_view_height(app);

		/* The newest at the bottom, in view. */
		app->ops_top = n > h ? n - h : 0;
	}
}

int
ops_view_key(struct app *app, enum action act, const TermKeyKey *key)
{
	size_t n = ops_view_rows(app), h = ops_view_height(app);
	size_t max_top = n > h ? n - h : 0, top = app->ops_top;

	if ((key->type == TERMKEY_TYPE_KEYSYM && key->code.sym == TERMKEY_SYM_ESCAPE) ||
	    act == ACTION_QUIT || act == ACTION_OPS) {
		app->overlay = APP_OVERLAY_NONE;
		layout_apply(app);
		return R_HANDLED;
	}
	switch (act) {
	case ACTION_QUIT_NOW:
		return R_HANDLED | R_QUIT;
	default:
		break;
	}
	if (view_scroll_overlay(&top, act, h, max_top)) {
		app->ops_top = top;
		app->dirty_overlay = true;
	}
	return R_HANDLED;
}

void
ops_view_draw(struct app *app)
{
	WINDOW *w = app->overlay_win;
	int cols = getmaxx(w), attr = app_attr(app, COLOR_OVERLAY);
	int border = app_attr(app, COLOR_OVERLAY_BORDER);
	struct strbuf sb = STRBUF_INIT;
	static const char title[] = " operations of this session (q or Esc closes) ";
	char head[128];
	bool error;

	wbkgdset(w, ' ' | attr);
	werase(w);
	view_box(w, border);
	wmove(w, 0, 2);
	view_put(w, cols - 4, title, strlen(title), border);
	wmove(w, 1, 2);
	snprintf(head, sizeof(head), "%-3s %-6s %-22s %-20s %-8s %-7s %s", "#", "WHAT", "JOB",
	         "JOB ID", "STARTED", "STATUS", "OPERATION");
	view_put(w, cols - 4, head, strlen(head), app_attr(app, COLOR_LIST_HEADER));
	if (!ops_count(app)) {
		static const char none[] = "no operations yet: x cancels a job, n and e create one";

		wmove(w, 2, 2);
		view_put(w, cols - 4, none, strlen(none), app_attr(app, COLOR_MESSAGE));
		return;
	}
	for (size_t y = 0; y < ops_view_height(app); y++) {
		strbuf_reset(&sb);
		if (!ops_view_row(app, app->ops_top + y, &sb, &error))
			break;
		wmove(w, (int)y + 2, 2);
		view_put(w, cols - 4, sb.buf, sb.len,
		         error ? app_attr(app, COLOR_STATUS_ERROR) : attr);
	}
	strbuf_done(&sb);
}
