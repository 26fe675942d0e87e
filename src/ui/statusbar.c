/* The header line and the bottom line (key hints or message, counts by status). */
#include "config.h"

#include <string.h>

#include "ui/internal.h"
#include "ui/keymap.h"
#include "ui/ops.h"
#include "ui/theme.h"
#include "util/sanitize.h"
#include "util/textwidth.h"

/* The hints of the bottom line, most useful first: cut from the end. */
static const struct {
	enum action act;
	const char *label;
} statusbar_hints[] = {
    {ACTION_HELP, "help"},      {ACTION_FILTER, "filter"},   {ACTION_QUICK_FILTER, "status"},
    {ACTION_SORT_NEXT, "sort"}, {ACTION_FOCUS_NEXT, "pane"}, {ACTION_ZOOM, "zoom"},
    {ACTION_PAUSE, "pause"},    {ACTION_COMMAND, "command"}, {ACTION_QUIT, "quit"},
};

/* The order counts appear in: what needs attention first. */
static const int statusbar_count_order[] = {
    JOB_STATUS_RUNNING, JOB_STATUS_PENDING, JOB_STATUS_PROVISIONING, JOB_STATUS_CANCELLING,
    JOB_STATUS_ERROR,   JOB_STATUS_DONE,    JOB_STATUS_CANCELLED,
};

/* Before the first reply: still getting the first IAM token (a token command or the metadata
 * service may take seconds), or waiting for the server. */
static const char *
statusbar_connecting_text(const struct app *app)
{
	struct rpc_auth_status st;

	if (!*app->cluster_id)
		return "no cluster";
	if (!app->rpc)
		return "connecting";
	rpc_client_auth_status(app->rpc, &st);
	return st.source != RPC_AUTH_NONE && !st.have_token ? "signing in" : "connecting";
}

static const char *
statusbar_conn_text(const struct app *app)
{
	switch (app->conn) {
	case APP_CONN_CONNECTING:
		return statusbar_connecting_text(app);
	case APP_CONN_OK:
		return "ok";
	case APP_CONN_RETRYING:
		return "retrying";
	case APP_CONN_ERROR:
		return "error";
	}
	return "";
}

int
statusbar_cluster_attr(struct app *app, const char *state, int normal)
{
	/* A cluster to rely on is RUNNING and ALIVE; ERROR or DEAD is broken; anything else
	 * (DEGRADED, STOPPED, STARTING, unknown) deserves a look. */
	if (strcmp(state, "RUNNING") == 0 || strcmp(state, "ALIVE") == 0)
		return normal;
	if (strcmp(state, "ERROR") == 0 || strcmp(state, "DEAD") == 0)
		return app_attr(app, COLOR_ERROR_MESSAGE);
	return app_attr(app, COLOR_MESSAGE);
}

enum statusbar_piece {
	HEADER_LEAD,
	HEADER_ENDPOINT,
	HEADER_CLUSTER,
	HEADER_ID,
	HEADER_STATUS,
	HEADER_HEALTH,
	HEADER_PIECES_,
};

/* What a narrow header leaves out first: the endpoint is configuration the user knows; the
 * cluster's health and status go before its id, and its name stays. */
static const enum statusbar_piece statusbar_drop_order[] = {
    HEADER_ENDPOINT,
    HEADER_HEALTH,
    HEADER_STATUS,
    HEADER_ID,
};

/* The left part: " dpjobs  ENDPOINT  cluster NAME (ID) STATUS HEALTH", padded to width and
 * cut to leave at least one blank before the right part. */
static void
statusbar_header_left(struct app *app, WINDOW *w, int width, int attr)
{
	const struct cluster *cl = app->cluster;
	struct strbuf piece[HEADER_PIECES_];
	int piece_attr[HEADER_PIECES_], piece_w[HEADER_PIECES_], total = 0, used = 0;
	int fit = width - 1;

	for (int i = 0; i < HEADER_PIECES_; i++) {
		strbuf_init(&piece[i]);
		piece_attr[i] = attr;
	}
	strbuf_addstr(&piece[HEADER_LEAD], " dpjobs");
	if (app->profile) {
		strbuf_addstr(&piece[HEADER_LEAD], " [");
		sanitize_append(&piece[HEADER_LEAD], app->profile, strlen(app->profile), 0);
		strbuf_addch(&piece[HEADER_LEAD], ']');
	}
	strbuf_addstr(&piece[HEADER_ENDPOINT], "  ");
	sanitize_append(&piece[HEADER_ENDPOINT], app->endpoint, strlen(app->endpoint), 0);
	if (*app->cluster_id) {
		strbuf_addstr(&piece[HEADER_CLUSTER], "  cluster ");
		if (cl != NULL && cl->name != NULL && *cl->name) {
			sanitize_append(&piece[HEADER_CLUSTER], cl->name, strlen(cl->name), 0);
			strbuf_addstr(&piece[HEADER_ID], " (");
			sanitize_append(&piece[HEADER_ID], app->cluster_id, strlen(app->cluster_id),
			                0);
			strbuf_addch(&piece[HEADER_ID], ')');
		} else {
			sanitize_append(&piece[HEADER_CLUSTER], app->cluster_id,
			                strlen(app->cluster_id), 0);
		}
		if (cl != NULL) {
			const char *status = cluster_status_name(cl->status);
			const char *health = cluster_health_name(cl->health);

			strbuf_addf(&piece[HEADER_STATUS], " %s", status);
			strbuf_addf(&piece[HEADER_HEALTH], " %s", health);
			piece_attr[HEADER_STATUS] = statusbar_cluster_attr(app, status, attr);
			piece_attr[HEADER_HEALTH] = statusbar_cluster_attr(app, health, attr);
		}
	}
	for (int i = 0; i < HEADER_PIECES_; i++) {
		piece_w[i] = (int)textwidth_width(piece[i].buf, piece[i].len);
		total += piece_w[i];
	}
	for (size_t i = 0;
	     total > fit && i < sizeof(statusbar_drop_order) / sizeof(statusbar_drop_order[0]);
	     i++) {
		enum statusbar_piece p = statusbar_drop_order[i];

		total -= piece_w[p];
		piece_w[p] = 0;
		strbuf_reset(&piece[p]);
	}
	for (int i = 0; i < HEADER_PIECES_; i++) {
		if (piece[i].len > 0 && used < fit)
			used += view_put(w, fit - used, piece[i].buf, piece[i].len, piece_attr[i]);
		strbuf_done(&piece[i]);
	}
	view_pad(w, width - used, attr);
}

void
statusbar_draw_header(struct app *app)
{
	WINDOW *w = app->header;
	int cols = getmaxx(w), attr = app_attr(app, COLOR_HEADER);
	struct strbuf right = STRBUF_INIT;
	int rw;

	werase(w);
	wmove(w, 0, 0);
	if (app->paused)
		strbuf_addstr(&right, "PAUSED  ");
	strbuf_addf(&right, "%s ", statusbar_conn_text(app));
	rw = (int)textwidth_width(right.buf, right.len);
	if (rw > cols)
		rw = cols;
	statusbar_header_left(app, w, cols - rw, attr);
	view_put(w, rw, right.buf, right.len,
	         app->conn == APP_CONN_ERROR ? app_attr(app, COLOR_ERROR_MESSAGE) : attr);
	strbuf_done(&right);
	wnoutrefresh(w);
}

/* Whole hints only, as many as fit in cols. */
static void
statusbar_hints_text(struct strbuf *sb, int cols)
{
	char keys[128];

	for (size_t i = 0; i < sizeof(statusbar_hints) / sizeof(statusbar_hints[0]); i++) {
		size_t before = sb->len;

		keymap_keys_of(statusbar_hints[i].act, keys, sizeof(keys));
		keys[strcspn(keys, " ")] = '\0';
		if (!*keys)
			continue;
		strbuf_addf(sb, " %s %s ", keys, statusbar_hints[i].label);
		if (textwidth_width(sb->buf, sb->len) > (size_t)cols) {
			sb->len = before;
			sb->buf[before] = '\0';
			break;
		}
	}
}

/* The counts, right-aligned, each in its status colour; returns their width.
 * Short: "▶6 ✖10" instead of "6 running 10 error", for narrow terminals. */
static int
statusbar_counts_width(struct app *app, bool draw, bool shortform, WINDOW *w, int base)
{
	size_t counts[JOB_STATUS_COUNT_ + 1];
	char buf[64];
	int width = 0;

	if (!app->list_complete && app->list_req) {
		int n = snprintf(buf, sizeof(buf), " loading… %zu jobs ", app->list_loaded);

		if (draw)
			view_put(w, n, buf, strlen(buf), base);
		return (int)textwidth_width(buf, strlen(buf));
	}
	if (app->marks.n) {
		int n = snprintf(buf, sizeof(buf), " %zu marked", app->marks.n);

		if (draw)
			view_put(w, n, buf, (size_t)n, base | (int)A_BOLD);
		width += n;
	}
	jobstore_counts(app->jobs, counts);
	for (size_t i = 0; i < sizeof(statusbar_count_order) / sizeof(int); i++) {
		int s = statusbar_count_order[i];
		int n;

		if (!counts[s])
			continue;
		if (shortform) {
			snprintf(buf, sizeof(buf), " %s%zu", view_jobs_glyph(s), counts[s]);
		} else {
			snprintf(buf, sizeof(buf), " %zu %s", counts[s], job_status_name(s));
			for (char *p = buf; *p; p++)
				*p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
		}
		n = (int)textwidth_width(buf, strlen(buf));
		if (draw)
			view_put(w, n, buf, strlen(buf),
			         (base & ~A_COLOR) |
			             (app_attr(app, theme_status_elem(s)) & A_COLOR) | A_BOLD);
		width += n;
	}
	if (counts[JOB_STATUS_COUNT_]) {
		int n = snprintf(buf, sizeof(buf), " %zu unknown", counts[JOB_STATUS_COUNT_]);

		if (draw)
			view_put(w, n, buf, (size_t)n, base);
		width += n;
	}
	if (draw)
		view_put(w, 1, " ", 1, base);
	return width + 1;
}

void
statusbar_draw_bottom(struct app *app)
{
	WINDOW *w = app->status;
	int cols = getmaxx(w), attr = app_attr(app, COLOR_STATUSLINE);
	bool shortform = false;
	int counts_w = statusbar_counts_width(app, false, false, w, attr), used;
	struct strbuf sb = STRBUF_INIT;
	int text_attr = attr;

	werase(w);
	wmove(w, 0, 0);
	if (counts_w > cols / 2) {
		shortform = true;
		counts_w = statusbar_counts_width(app, false, true, w, attr);
	}
	if (counts_w > cols / 2)
		counts_w = 0;
	if (app->message) {
		strbuf_addf(&sb, " %s", app->message);
		if (app->message_error)
			text_attr = app_attr(app, COLOR_ERROR_MESSAGE);
	} else if (ops_alert(app)) {
		/* A failed operation stays until dismissed: the user must see it. */
		strbuf_addf(&sb, " %s", ops_alert(app));
		text_attr = app_attr(app, COLOR_ERROR_MESSAGE);
	} else if (app->conn_error && app->conn != APP_CONN_OK) {
		strbuf_addf(&sb, " %s", app->conn_error);
		text_attr = app_attr(app, COLOR_ERROR_MESSAGE);
	} else {
		statusbar_hints_text(&sb, cols - counts_w);
	}
	used = view_put(w, cols - counts_w, sb.buf, sb.len, text_attr);
	view_pad(w, cols - counts_w - used, attr);
	if (counts_w)
		statusbar_counts_width(app, true, shortform, w, attr);
	strbuf_done(&sb);
	wnoutrefresh(w);
}
