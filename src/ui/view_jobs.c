/* The job list pane: columns, filter, status filters, sorting, pinned selection. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ui/internal.h"
#include "ui/keymap.h"
#include "ui/theme.h"
#include "util/textwidth.h"
#include "util/xalloc.h"

#define VIEW_JOBS_SEP 1
/* Narrower, names that share a prefix ("pyspark-feature-...") look alike: columns of a
 * lower rank give way first. */
#define VIEW_JOBS_NAME_MIN 24
/* The mark column, shown only while some job is marked, so that the list
 * keeps its width for the common case. */
#define VIEW_JOBS_MARK_COLS 2

struct view_jobs {
	char *saved_filter; /* to put back when the `/` prompt is cancelled */
	char *saved_id;     /* the selection to put back with it (may be NULL) */
	bool saved_active;
};

/* Natural widths; NAME takes what is left. */
static int
view_jobs_col_width(const struct app *app, enum jobcol col)
{
	switch (col) {
	case JOBCOL_STATUS:
		return 14; /* glyph, space, PROVISIONING */
	case JOBCOL_NAME:
		return VIEW_JOBS_NAME_MIN;
	case JOBCOL_ID:
		return 20;
	case JOBCOL_TYPE:
		return 9;
	case JOBCOL_CREATED:
		return app->time_format == APP_TIME_ABSOLUTE ? 19 : 8;
	case JOBCOL_DURATION:
		return 8;
	case JOBCOL_CREATED_BY:
		return 20;
	case JOBCOL_APP_ID:
		return 30;
	default:
		return 8;
	}
}

/* Which columns show and how wide: columns are dropped by their drop rank,
 * highest first, until the rest fit; NAME grows into what is left. */
static void
view_jobs_columns(const struct app *app, int width, int widths[JOBCOL_COUNT])
{
	bool shown[JOBCOL_COUNT];
	int total = 0, n = 0;

	for (int c = 0; c < JOBCOL_COUNT; c++) {
		shown[c] = true;
		widths[c] = view_jobs_col_width(app, (enum jobcol)c);
		total += widths[c];
		n++;
	}
	total += (n - 1) * VIEW_JOBS_SEP;
	while (total > width && n > 1) {
		int drop = -1;

		for (int c = 0; c < JOBCOL_COUNT; c++) {
			if (shown[c] && jobcol_drop_rank((enum jobcol)c) > 0 &&
			    (drop < 0 || jobcol_drop_rank((enum jobcol)c) >
			                     jobcol_drop_rank((enum jobcol)drop)))
				drop = c;
		}
		if (drop < 0)
			break;
		shown[drop] = false;
		total -= widths[drop] + VIEW_JOBS_SEP;
		n--;
	}
	for (int c = 0; c < JOBCOL_COUNT; c++) {
		if (!shown[c])
			widths[c] = 0;
	}
	if (shown[JOBCOL_NAME] && total < width)
		widths[JOBCOL_NAME] += width - total;
}

static bool
view_jobs_utf8(void)
{
	return MB_CUR_MAX > 1;
}

const char *
view_jobs_glyph(int status)
{
	bool u = view_jobs_utf8();

	switch (status) {
	case JOB_STATUS_PROVISIONING:
		return u ? "◌" : "~";
	case JOB_STATUS_PENDING:
		return u ? "○" : ".";
	case JOB_STATUS_RUNNING:
		return u ? "▶" : ">";
	case JOB_STATUS_DONE:
		return u ? "✔" : "+";
	case JOB_STATUS_ERROR:
		return u ? "✖" : "x";
	case JOB_STATUS_CANCELLING:
		return u ? "◍" : "-";
	case JOB_STATUS_CANCELLED:
		return u ? "⊘" : "-";
	default:
		return "?";
	}
}

/* The text of one cell; buf is scratch space for computed ones. */
static const char *
view_jobs_cell(struct app *app, const struct job *job, enum jobcol col, char *buf, size_t size)
{
	long long secs;

	switch (col) {
	case JOBCOL_STATUS:
		snprintf(buf, size, "%s %s", view_jobs_glyph(job->status),
		         job_status_name(job->status));
		return buf;
	case JOBCOL_NAME:
		return job->name ? job->name : "";
	case JOBCOL_ID:
		return job->id ? job->id : "";
	case JOBCOL_TYPE:
		return job_type_name(job->spec.type);
	case JOBCOL_CREATED:
		if (app->time_format == APP_TIME_RELATIVE) {
			timefmt_age(&job->created_at, &app->now, buf, size);
		} else {
			char *t;

			timefmt_rfc3339(&job->created_at, buf);
			if ((t = strchr(buf, 'T')))
				*t = ' ';
			buf[19 < size ? 19 : size - 1] = '\0';
		}
		return buf;
	case JOBCOL_DURATION:
		secs = job_duration(job, &app->now);
		if (secs < 0)
			return "";
		timefmt_duration(secs, buf, size);
		return buf;
	case JOBCOL_CREATED_BY:
		return job->created_by ? job->created_by : "";
	case JOBCOL_APP_ID:
		return job->application_id ? job->application_id : "";
	default:
		return "";
	}
}

static size_t
view_jobs_lines(struct view *v)
{
	return jobstore_rows(v->app->jobs);
}

static void
view_jobs_draw_header(struct view *v, const int widths[JOBCOL_COUNT])
{
	struct app *app = v->app;
	int attr = app_attr(app, COLOR_LIST_HEADER), x = 0;
	enum jobcol sort = jobstore_sort_column(app->jobs);
	const char *arrow = jobstore_sort_descending(app->jobs) ? (view_jobs_utf8() ? "↓" : "v")
	                                                        : (view_jobs_utf8() ? "↑" : "^");
	int gutter = app->marks.n ? VIEW_JOBS_MARK_COLS : 0;

	wmove(v->win, 0, 0);
	view_pad(v->win, gutter, attr);
	for (int c = 0; c < JOBCOL_COUNT; c++) {
		char title[64];
		int used;

		if (!widths[c])
			continue;
		if (x) {
			view_pad(v->win, VIEW_JOBS_SEP, attr);
			x += VIEW_JOBS_SEP;
		}
		/* The arrow must show even when the title fills its column
		 * (DURATION): the title (ASCII) gives up its last letters. */
		snprintf(title, sizeof(title), "%.*s%s",
		         (enum jobcol)c == sort ? widths[c] - 1 : widths[c],
		         jobcol_title((enum jobcol)c), (enum jobcol)c == sort ? arrow : "");
		used = view_put(v->win, widths[c], title, strlen(title), attr);
		view_pad(v->win, widths[c] - used, attr);
		x += widths[c];
	}
	view_pad(v->win, v->width - gutter - x, attr);
}

static void
view_jobs_draw_row(struct view *v, size_t row, int y, const int widths[JOBCOL_COUNT])
{
	struct app *app = v->app;
	const struct job *job = jobstore_row(app->jobs, row);
	bool selected = row == v->cursor;
	int base = app_attr(app, COLOR_DEFAULT), x = 0;
	int gutter = app->marks.n ? VIEW_JOBS_MARK_COLS : 0;
	char buf[64];

	if (!job)
		return;
	if (selected)
		base = app_attr(app, app_has_focus(app, v) ? COLOR_LIST_SELECTED
		                                           : COLOR_LIST_SELECTED_UNFOCUSED);
	wmove(v->win, y, 0);
	if (gutter) {
		bool marked = cancel_is_marked(app, job->id);
		const char *glyph = !marked ? " " : view_jobs_utf8() ? "●" : "*";

		view_put(v->win, 1, glyph, strlen(glyph), marked ? base | (int)A_BOLD : base);
		view_pad(v->win, gutter - 1, base);
	}
	for (int c = 0; c < JOBCOL_COUNT; c++) {
		const char *text;
		int used, attr = base;

		if (!widths[c])
			continue;
		if (x) {
			view_pad(v->win, VIEW_JOBS_SEP, base);
			x += VIEW_JOBS_SEP;
		}
		text = view_jobs_cell(app, job, (enum jobcol)c, buf, sizeof(buf));
		if (c == JOBCOL_STATUS && !selected)
			attr = app_attr(app, theme_status_elem(job->status));
		used = view_put(v->win, widths[c], text, strlen(text), attr);
		view_pad(v->win, widths[c] - used, base);
		x += widths[c];
	}
	view_pad(v->win, v->width - gutter - x, base);
}

static void
view_jobs_draw(struct view *v)
{
	struct app *app = v->app;
	int widths[JOBCOL_COUNT];
	size_t n = jobstore_rows(app->jobs);

	view_jobs_columns(app, v->width - (app->marks.n ? VIEW_JOBS_MARK_COLS : 0), widths);
	view_jobs_draw_header(v, widths);
	for (int y = 0; y < v->height; y++) {
		size_t row = v->top + (size_t)y;

		if (row >= n)
			break;
		view_jobs_draw_row(v, row, y + VIEW_JOBS_HEADER_ROWS, widths);
	}
	if (n == 0 && v->height > 0) {
		const char *msg = !*app->cluster_id             ? "no cluster selected"
		                  : app->conn == APP_CONN_ERROR ? "cannot list the jobs (see below)"
		                  : !app->list_complete         ? "loading…"
		                  : jobstore_size(app->jobs)    ? "no job matches the filter"
		                                                : "no jobs on this cluster";

		wmove(v->win, VIEW_JOBS_HEADER_ROWS, 1);
		view_put(v->win, v->width - 1, msg, strlen(msg), app_attr(app, COLOR_MESSAGE));
	}
}

void
view_jobs_sync(struct app *app)
{
	struct view *v = &app->views[PANE_LIST];
	size_t n = jobstore_rows(app->jobs);
	ssize_t row = app->selected_id ? jobstore_row_of(app->jobs, app->selected_id) : -1;

	v->dirty = true;
	if (n == 0) {
		v->cursor = v->top = 0;
		app_select(app, NULL);
		return;
	}
	if (row >= 0) {
		view_cursor_set(v, (size_t)row, true);
		return;
	}
	/* The selected job went away or was filtered out: its neighbour. */
	view_cursor_set(v, v->cursor, true);
	app_select(app, jobstore_row(app->jobs, v->cursor)->id);
}

static const struct {
	const char *name;
	unsigned mask;
} view_jobs_quick[] = {
    {"all", JOBSTORE_STATUS_ALL},
    {"active", (1u << JOB_STATUS_PROVISIONING) | (1u << JOB_STATUS_PENDING) |
                   (1u << JOB_STATUS_RUNNING) | (1u << JOB_STATUS_CANCELLING)},
    {"running", 1u << JOB_STATUS_RUNNING},
    {"failed", 1u << JOB_STATUS_ERROR},
    {"done", 1u << JOB_STATUS_DONE},
    {"cancelled", (1u << JOB_STATUS_CANCELLED) | (1u << JOB_STATUS_CANCELLING)},
};
#define VIEW_JOBS_NQUICK (sizeof(view_jobs_quick) / sizeof(view_jobs_quick[0]))

void
view_jobs_title(struct app *app, struct strbuf *out)
{
	const char *filter = jobstore_filter(app->jobs);

	strbuf_addf(out, " %zu/%zu ", jobstore_rows(app->jobs), jobstore_size(app->jobs));
	if (!app->list_complete && app->list_req)
		strbuf_addf(out, " loading… %zu jobs ", app->list_loaded);
	if (app->quick_filter)
		strbuf_addf(out, " status: %s ", view_jobs_quick[app->quick_filter].name);
	if (filter && *filter)
		strbuf_addf(out, " filter: %s ", filter);
}

static struct view_jobs *
view_jobs_data(struct view *v)
{
	if (!v->data)
		v->data = xcalloc(1, sizeof(struct view_jobs));
	return v->data;
}

static void
view_jobs_filter_change(struct app *app, const char *text)
{
	char *err = NULL;

	jobstore_set_filter(app->jobs, text, &err);
	if (err) {
		app_message(app, true, "%s", err);
		free(err);
	}
	view_jobs_sync(app);
	app->views[PANE_LIST].dirty = true;
	app->dirty_status = true;
}

static void
view_jobs_filter_done(struct app *app, const char *text)
{
	struct view_jobs *d = view_jobs_data(&app->views[PANE_LIST]);

	if (!text) {
		/* Typing may have filtered the selected job out, or every job:
		 * Esc gives back the selection too. */
		if (d->saved_id && jobstore_find(app->jobs, d->saved_id))
			app_select(app, d->saved_id);
		view_jobs_filter_change(app, d->saved_filter ? d->saved_filter : "");
	}
	free(d->saved_filter);
	d->saved_filter = NULL;
	free(d->saved_id);
	d->saved_id = NULL;
}

static int
view_jobs_sort(struct view *v, enum action act)
{
	struct jobstore *js = v->app->jobs;
	int col = (int)jobstore_sort_column(js);
	bool desc = jobstore_sort_descending(js);

	if (act == ACTION_SORT_REVERSE)
		desc = !desc;
	else
		col = (col + (act == ACTION_SORT_NEXT ? 1 : JOBCOL_COUNT - 1)) % JOBCOL_COUNT;
	jobstore_set_sort(js, (enum jobcol)col, desc);
	view_jobs_sync(v->app);
	app_message(v->app, false, "sorted by %s, %s", jobcol_title((enum jobcol)col),
	            desc ? "descending" : "ascending");
	return R_HANDLED | R_REDRAW;
}

static int
view_jobs_handle(struct view *v, enum action act, const TermKeyKey *key)
{
	struct app *app = v->app;
	struct view_jobs *d;
	int r;

	(void)key;
	switch (act) {
	case ACTION_FILTER:
		d = view_jobs_data(v);
		free(d->saved_filter);
		d->saved_filter = xstrdup(jobstore_filter(app->jobs));
		free(d->saved_id);
		d->saved_id = app->selected_id ? xstrdup(app->selected_id) : NULL;
		prompt_open(app, "/", d->saved_filter, view_jobs_filter_change,
		            view_jobs_filter_done);
		return R_HANDLED;
	case ACTION_QUICK_FILTER:
		app->quick_filter = (app->quick_filter + 1) % VIEW_JOBS_NQUICK;
		jobstore_set_status_mask(app->jobs, view_jobs_quick[app->quick_filter].mask);
		view_jobs_sync(app);
		app_message(app, false, "status filter: %s",
		            view_jobs_quick[app->quick_filter].name);
		return R_HANDLED | R_REDRAW;
	case ACTION_SORT_NEXT:
	case ACTION_SORT_PREV:
	case ACTION_SORT_REVERSE:
		return view_jobs_sort(v, act);
	case ACTION_TIME_FORMAT:
		app->time_format =
		    app->time_format == APP_TIME_RELATIVE ? APP_TIME_ABSOLUTE : APP_TIME_RELATIVE;
		return R_HANDLED | R_REDRAW;
	case ACTION_OPEN:
		if (app->selected_id)
			app_focus(app, PANE_DETAIL);
		return R_HANDLED;
	case ACTION_MARK_JOB:
		if (!app->selected_id)
			return R_HANDLED;
		cancel_toggle_mark(app, app->selected_id);
		/* Down one, as in mutt and ranger: <Space><Space> marks two jobs. */
		r = view_cursor(v, ACTION_MOVE_DOWN);
		if (jobstore_rows(app->jobs) > 0)
			app_select(app, jobstore_row(app->jobs, v->cursor)->id);
		return r | R_HANDLED | R_REDRAW;
	case ACTION_SCROLL_LEFT:
	case ACTION_SCROLL_RIGHT:
		return R_HANDLED;
	default:
		r = view_cursor(v, act);
		if ((r & R_REDRAW) && jobstore_rows(app->jobs) > 0)
			app_select(app, jobstore_row(app->jobs, v->cursor)->id);
		return r;
	}
}

static void
view_jobs_done(struct view *v)
{
	struct view_jobs *d = v->data;

	if (d) {
		free(d->saved_filter);
		free(d->saved_id);
		free(d);
		v->data = NULL;
	}
}

const struct view_ops view_jobs_ops = {
    .name = "jobs",
    .lines = view_jobs_lines,
    .draw = view_jobs_draw,
    .handle = view_jobs_handle,
    .done = view_jobs_done,
};
