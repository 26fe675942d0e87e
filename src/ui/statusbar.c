/* The header line and the bottom line (key hints or message, counts by status). */
#include "config.h"

#include <string.h>

#include "ui/internal.h"
#include "ui/keymap.h"
#include "ui/ops.h"
#include "ui/theme.h"
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

static const char *
statusbar_conn_text(const struct app *app)
{
	switch (app->conn) {
	case APP_CONN_CONNECTING:
		return *app->cluster_id ? "connecting" : "no cluster";
	case APP_CONN_OK:
		return "ok";
	case APP_CONN_RETRYING:
		return "retrying";
	case APP_CONN_ERROR:
		return "error";
	}
	return "";
}

void
statusbar_draw_header(struct app *app)
{
	WINDOW *w = app->header;
	int cols = getmaxx(w), attr = app_attr(app, COLOR_HEADER);
	struct strbuf left = STRBUF_INIT, right = STRBUF_INIT;
	int used, rw;

	werase(w);
	wmove(w, 0, 0);
	strbuf_addf(&left, " dpjobs  %s", app->endpoint);
	if (*app->cluster_id) {
		strbuf_addstr(&left, "  cluster ");
		if (app->cluster_name && *app->cluster_name)
			strbuf_addf(&left, "%s (%s)", app->cluster_name, app->cluster_id);
		else
			strbuf_addstr(&left, app->cluster_id);
	}
	if (app->paused)
		strbuf_addstr(&right, "PAUSED  ");
	strbuf_addf(&right, "%s ", statusbar_conn_text(app));
	rw = (int)textwidth_width(right.buf, right.len);
	if (rw > cols)
		rw = cols;
	used = view_put(w, cols - rw - 1, left.buf, left.len, attr);
	view_pad(w, cols - rw - used, attr);
	view_put(w, rw, right.buf, right.len,
	         app->conn == APP_CONN_ERROR ? app_attr(app, COLOR_ERROR_MESSAGE) : attr);
	strbuf_done(&left);
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
			             (app_attr(app, theme_status_elem(s)) & A_COLOR) |
			             A_BOLD);
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
