/* Screen layout: header, three panes with title lines, status line. */
#include "config.h"

#include "ui/internal.h"

/* From this width the list and the detail sit side by side above the log. */
#define LAYOUT_WIDE_COLS 160
/* The widest and tallest an overlay (help, picker) gets. */
#define LAYOUT_OVERLAY_MAX_COLS 96

struct layout_box {
	int y, x, h, w; /* h includes the title line; h == 0 hides the pane */
};

static void
layout_place(struct app *app, enum pane p, const struct layout_box *b)
{
	struct view *v = &app->views[p];

	if (b->h < 2 || b->w < 1) {
		v->win = NULL;
		v->height = v->width = 0;
		return;
	}
	app->titles[p] = newwin(1, b->w, b->y, b->x);
	v->win = newwin(b->h - 1, b->w, b->y + 1, b->x);
	/* The list's first line is its column header: rows start below it. */
	v->height = b->h - 1 - (p == PANE_LIST ? VIEW_JOBS_HEADER_ROWS : 0);
	if (v->height < 0)
		v->height = 0;
	v->width = b->w;
	/* Keep the cursor on screen; the rows above it stay put when they can. */
	if (v->cursor >= v->top + (size_t)v->height)
		v->top = v->cursor - (size_t)v->height + 1;
	v->dirty = true;
}

static void
layout_free_windows(struct app *app)
{
	for (int p = 0; p < PANE_COUNT; p++) {
		if (app->titles[p])
			delwin(app->titles[p]);
		if (app->views[p].win)
			delwin(app->views[p].win);
		app->titles[p] = NULL;
		app->views[p].win = NULL;
	}
	if (app->header)
		delwin(app->header);
	if (app->status)
		delwin(app->status);
	if (app->separator)
		delwin(app->separator);
	if (app->overlay_win)
		delwin(app->overlay_win);
	app->header = app->status = app->separator = app->overlay_win = NULL;
}

void
layout_apply(struct app *app)
{
	struct layout_box box[PANE_COUNT] = {{0, 0, 0, 0}};
	int rows = LINES, cols = COLS;
	int body_y = 1, body_h = rows - 2;

	layout_free_windows(app);
	if (rows < 1 || cols < 1)
		return;
	app->header = newwin(1, cols, 0, 0);
	if (rows >= 2)
		app->status = newwin(1, cols, rows - 1, 0);
	if (body_h < 2) {
		body_h = 0;
	} else if (app->zoomed || body_h < 6) {
		/* Too short for three panes: the focused one takes the body. */
		box[app->focus] = (struct layout_box){body_y, 0, body_h, cols};
	} else if (cols >= LAYOUT_WIDE_COLS) {
		int top_h = body_h * 55 / 100;
		int list_w = cols * 55 / 100;

		box[PANE_LIST] = (struct layout_box){body_y, 0, top_h, list_w};
		box[PANE_DETAIL] =
		    (struct layout_box){body_y, list_w + 1, top_h, cols - list_w - 1};
		box[PANE_LOG] = (struct layout_box){body_y + top_h, 0, body_h - top_h, cols};
		app->separator = newwin(top_h, 1, body_y, list_w);
	} else {
		int list_h = body_h * 40 / 100;
		int detail_h = body_h * 25 / 100;

		if (detail_h < 2)
			detail_h = 2;
		box[PANE_LIST] = (struct layout_box){body_y, 0, list_h, cols};
		box[PANE_DETAIL] = (struct layout_box){body_y + list_h, 0, detail_h, cols};
		box[PANE_LOG] = (struct layout_box){body_y + list_h + detail_h, 0,
		                                    body_h - list_h - detail_h, cols};
	}
	for (int p = 0; p < PANE_COUNT; p++)
		layout_place(app, (enum pane)p, &box[p]);
	if (app->overlay != APP_OVERLAY_NONE && body_h >= 3) {
		int w = cols - 4 < LAYOUT_OVERLAY_MAX_COLS ? cols - 4 : LAYOUT_OVERLAY_MAX_COLS;
		int h = body_h;

		int y = body_y;

		if (w < 10)
			w = cols;
		/* A question is a small box in the middle: the job stays in view. */
		if (app->overlay == APP_OVERLAY_CONFIRM && h > dialog_confirm_lines(app) + 4) {
			h = dialog_confirm_lines(app) + 4;
			y = body_y + (body_h - h) / 2;
		}
		app->overlay_win = newwin(h, w, y, (cols - w) / 2);
	}
	app_dirty_all(app);
}

int
layout_pane_at(const struct app *app, int y, int x, int *row)
{
	for (int p = 0; p < PANE_COUNT; p++) {
		const struct view *v = &app->views[p];
		int wy, wx;

		if (v->win) {
			getbegyx(v->win, wy, wx);
			if (y >= wy && y < wy + getmaxy(v->win) && x >= wx && x < wx + v->width) {
				*row = y - wy - (p == PANE_LIST ? VIEW_JOBS_HEADER_ROWS : 0);
				return p;
			}
		}
		if (app->titles[p]) {
			getbegyx(app->titles[p], wy, wx);
			if (y == wy && x >= wx && x < wx + v->width) {
				*row = -1;
				return p;
			}
		}
	}
	return -1;
}
