/* The cluster picker overlay: ClusterService.List, every page; Enter switches. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ui/internal.h"
#include "util/xalloc.h"

#define PICKER_PAGE_SIZE 1000

struct picker_row {
	char *id;
	char *name;
	const char *status; /* static names */
	const char *health;
};

struct picker {
	struct picker_row *rows;
	size_t n, cap;
	size_t cursor, top;
	struct app_req *req;
	bool loaded;
	char *error;
};

static void
picker_clear(struct picker *pk)
{
	for (size_t i = 0; i < pk->n; i++) {
		free(pk->rows[i].id);
		free(pk->rows[i].name);
	}
	pk->n = pk->cursor = pk->top = 0;
	free(pk->error);
	pk->error = NULL;
	pk->loaded = false;
}

void
picker_free(struct picker *pk)
{
	if (!pk)
		return;
	picker_clear(pk);
	free(pk->rows);
	free(pk);
}

void
picker_cancel(struct app *app)
{
	if (app->picker)
		app_req_cancel(&app->picker->req);
}

static void picker_page(struct app *app, const char *token);

/* "STATUS_UNKNOWN" and "HEALTH_UNKNOWN" do not fit their columns; the column header already
 * says which it is. */
static const char *
picker_state_name(const char *name)
{
	const char *underscore = strchr(name, '_');

	return underscore != NULL && strcmp(underscore, "_UNKNOWN") == 0 ? underscore + 1 : name;
}

static void
picker_result(const struct rpc_result *res, void *ctx)
{
	struct app_req *req = ctx;
	struct app *app = req->app;
	struct picker *pk = app->picker;

	if (req->cancelled || !pk)
		return;
	*req->owner = NULL;
	req->cancelled = true;
	app->dirty_overlay = true;
	if (res->code != RPC_OK) {
		pk->error = rpc_result_error_line(res);
		pk->loaded = true;
		return;
	}
	for (size_t i = 0; i < res->u.clusters.n_clusters; i++) {
		const struct cluster *c = res->u.clusters.clusters[i];

		if (pk->n == pk->cap) {
			pk->cap = pk->cap ? 2 * pk->cap : 16;
			pk->rows = xrealloc(pk->rows, pk->cap * sizeof(*pk->rows));
		}
		pk->rows[pk->n].id = xstrdup(c->id ? c->id : "");
		pk->rows[pk->n].name = xstrdup(c->name ? c->name : "");
		pk->rows[pk->n].status = picker_state_name(cluster_status_name(c->status));
		pk->rows[pk->n].health = picker_state_name(cluster_health_name(c->health));
		pk->n++;
	}
	if (res->u.clusters.next_page_token && *res->u.clusters.next_page_token)
		picker_page(app, res->u.clusters.next_page_token);
	else
		pk->loaded = true;
}

static void
picker_page(struct app *app, const char *token)
{
	struct app_req *req = app_req_new(app, &app->picker->req);

	req->call = rpc_list_clusters(app->rpc, app->folder_id, PICKER_PAGE_SIZE, token, NULL,
	                              picker_result, app_req_free, req);
}

void
picker_open(struct app *app)
{
	if (!app->picker)
		app->picker = xcalloc(1, sizeof(*app->picker));
	app_req_cancel(&app->picker->req);
	picker_clear(app->picker);
	app->overlay = APP_OVERLAY_PICKER;
	if (app->folder_id && *app->folder_id) {
		picker_page(app, "");
	} else {
		app->picker->error = xstrdup("no folder: start dpjobs with --folder-id or "
		                             "--cluster-id, or use :cluster ID");
		app->picker->loaded = true;
	}
	layout_apply(app);
}

/* Without a cluster there is nothing behind the picker to go back to. */
static int
picker_close(struct app *app)
{
	app_req_cancel(&app->picker->req);
	app->overlay = APP_OVERLAY_NONE;
	layout_apply(app);
	return *app->cluster_id ? R_HANDLED : R_HANDLED | R_QUIT;
}

static int
picker_choose(struct app *app)
{
	struct picker *pk = app->picker;
	char *id;

	if (pk->cursor >= pk->n)
		return R_HANDLED;
	id = xstrdup(pk->rows[pk->cursor].id);
	app_req_cancel(&pk->req);
	app->overlay = APP_OVERLAY_NONE;
	app_switch_cluster(app, id);
	free(id);
	layout_apply(app);
	return R_HANDLED;
}

static int
picker_visible_rows(const struct app *app)
{
	/* Box, title row and column header. */
	return app->overlay_win ? getmaxy(app->overlay_win) - 3 : 1;
}

int
picker_key(struct app *app, enum action act, const TermKeyKey *key)
{
	struct picker *pk = app->picker;
	size_t h = picker_visible_rows(app) > 0 ? (size_t)picker_visible_rows(app) : 1;

	if (key->type == TERMKEY_TYPE_KEYSYM && key->code.sym == TERMKEY_SYM_ESCAPE)
		return picker_close(app);
	if (key->type == TERMKEY_TYPE_KEYSYM && key->code.sym == TERMKEY_SYM_ENTER)
		return picker_choose(app);
	switch (act) {
	case ACTION_QUIT:
		return picker_close(app);
	case ACTION_QUIT_NOW:
		return R_HANDLED | R_QUIT;
	case ACTION_MOVE_DOWN:
		pk->cursor++;
		break;
	case ACTION_MOVE_UP:
		pk->cursor = pk->cursor ? pk->cursor - 1 : 0;
		break;
	case ACTION_PAGE_DOWN:
	case ACTION_HALF_DOWN:
		pk->cursor += h;
		break;
	case ACTION_PAGE_UP:
	case ACTION_HALF_UP:
		pk->cursor = pk->cursor > h ? pk->cursor - h : 0;
		break;
	case ACTION_FIRST:
		pk->cursor = 0;
		break;
	case ACTION_LAST:
		pk->cursor = pk->n ? pk->n - 1 : 0;
		break;
	case ACTION_REFRESH:
		picker_open(app);
		return R_HANDLED;
	default:
		return R_HANDLED;
	}
	if (pk->cursor >= pk->n)
		pk->cursor = pk->n ? pk->n - 1 : 0;
	if (pk->cursor < pk->top)
		pk->top = pk->cursor;
	else if (pk->cursor >= pk->top + h)
		pk->top = pk->cursor - h + 1;
	app->dirty_overlay = true;
	return R_HANDLED;
}

int
picker_click(struct app *app, int y, int x)
{
	struct picker *pk = app->picker;
	int wy, wx;
	size_t row;

	if (!app->overlay_win)
		return R_NONE;
	getbegyx(app->overlay_win, wy, wx);
	(void)x;
	(void)wx;
	if (y < wy + 2)
		return R_NONE;
	row = pk->top + (size_t)(y - wy - 2);
	if (row >= pk->n)
		return R_NONE;
	pk->cursor = row;
	return picker_choose(app);
}

void
picker_draw(struct app *app)
{
	struct picker *pk = app->picker;
	WINDOW *w = app->overlay_win;
	int cols = getmaxx(w), attr = app_attr(app, COLOR_OVERLAY);
	int border = app_attr(app, COLOR_OVERLAY_BORDER);
	int name_w = cols - 4 - 22 - 10 - 10;
	char title[128];

	wbkgdset(w, ' ' | attr);
	werase(w);
	view_box(w, border);
	wmove(w, 0, 2);
	snprintf(title, sizeof(title), " clusters of folder %s (Enter opens, q closes) ",
	         app->folder_id ? app->folder_id : "");
	view_put(w, cols - 4, title, strlen(title), border);
	if (name_w < 8)
		name_w = 8;
	wmove(w, 1, 2);
	{
		char head[160];

		snprintf(head, sizeof(head), "%-*s %-21s %-9s %-9s", name_w, "NAME", "ID", "STATUS",
		         "HEALTH");
		view_put(w, cols - 4, head, strlen(head), app_attr(app, COLOR_LIST_HEADER));
	}
	if (pk->error || (!pk->n && pk->loaded) || !pk->loaded) {
		const char *msg = pk->error ? pk->error : pk->loaded ? "no clusters" : "loading…";

		if (pk->error || !pk->n) {
			wmove(w, 2, 2);
			view_put(w, cols - 4, msg, strlen(msg),
			         app_attr(app, pk->error ? COLOR_ERROR_MESSAGE : COLOR_MESSAGE));
			return;
		}
	}
	for (int y = 0; y < picker_visible_rows(app); y++) {
		size_t row = pk->top + (size_t)y;
		const struct picker_row *r;
		int a, used;

		if (row >= pk->n)
			break;
		r = &pk->rows[row];
		a = row == pk->cursor ? app_attr(app, COLOR_LIST_SELECTED) : attr;
		wmove(w, y + 2, 2);
		used = view_put(w, name_w, r->name, strlen(r->name), a);
		view_pad(w, name_w - used + 1, a);
		used = view_put(w, 21, r->id, strlen(r->id), a);
		view_pad(w, 21 - used + 1, a);
		/* The selection's own colour wins: a coloured cell would hide the cursor. */
		used = view_put(w, 9, r->status, strlen(r->status),
		                row == pk->cursor ? a : statusbar_cluster_attr(app, r->status, a));
		view_pad(w, 9 - used + 1, a);
		used = view_put(w, 9, r->health, strlen(r->health),
		                row == pk->cursor ? a : statusbar_cluster_attr(app, r->health, a));
		view_pad(w, cols - 4 - name_w - 21 - 9 - 3 - used, a);
	}
}
