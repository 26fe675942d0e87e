/* Generic pane behaviour: scrolling, a cursor over rows, titles, safe text. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ui/internal.h"
#include "util/textwidth.h"

size_t
view_lines(struct view *v)
{
	return v->ops && v->ops->lines ? v->ops->lines(v) : 0;
}

static size_t
view_max_top(struct view *v, size_t n)
{
	size_t h = v->height > 0 ? (size_t)v->height : 1;

	return n > h ? n - h : 0;
}

static size_t
view_step(const struct view *v, enum action act)
{
	size_t h = v->height > 1 ? (size_t)v->height : 1;

	switch (act) {
	case ACTION_PAGE_UP:
	case ACTION_PAGE_DOWN:
		return h;
	case ACTION_HALF_UP:
	case ACTION_HALF_DOWN:
		return h > 1 ? h / 2 : 1;
	default:
		return 1;
	}
}

int
view_scroll(struct view *v, enum action act)
{
	size_t n = view_lines(v), max_top = view_max_top(v, n);
	size_t top = v->top, hs = v->hscroll, half = v->width > 2 ? (size_t)v->width / 2 : 1;

	switch (act) {
	case ACTION_MOVE_UP:
	case ACTION_PAGE_UP:
	case ACTION_HALF_UP:
		top = top > view_step(v, act) ? top - view_step(v, act) : 0;
		break;
	case ACTION_MOVE_DOWN:
	case ACTION_PAGE_DOWN:
	case ACTION_HALF_DOWN:
		top += view_step(v, act);
		break;
	case ACTION_FIRST:
		top = 0;
		break;
	case ACTION_LAST:
		top = max_top;
		break;
	case ACTION_SCROLL_LEFT:
		hs = hs > half ? hs - half : 0;
		break;
	case ACTION_SCROLL_RIGHT:
		hs += half;
		break;
	default:
		return R_NONE;
	}
	if (top > max_top)
		top = max_top;
	if (top == v->top && hs == v->hscroll)
		return R_HANDLED;
	v->top = top;
	v->hscroll = hs;
	return R_HANDLED | R_REDRAW;
}

static void
view_show_cursor(struct view *v, size_t n)
{
	size_t h = v->height > 0 ? (size_t)v->height : 1;

	if (v->top > view_max_top(v, n))
		v->top = view_max_top(v, n);
	if (v->cursor < v->top)
		v->top = v->cursor;
	else if (v->cursor >= v->top + h)
		v->top = v->cursor - h + 1;
}

int
view_cursor(struct view *v, enum action act)
{
	size_t n = view_lines(v), step = view_step(v, act);
	size_t cursor = v->cursor, top = v->top, old_top = v->top, old_cursor = v->cursor;

	if (n == 0)
		return act >= ACTION_MOVE_UP && act <= ACTION_LAST ? R_HANDLED : R_NONE;
	switch (act) {
	case ACTION_MOVE_UP:
		cursor = cursor > 0 ? cursor - 1 : 0;
		break;
	case ACTION_MOVE_DOWN:
		cursor++;
		break;
	case ACTION_PAGE_UP:
	case ACTION_HALF_UP:
		/* The page moves with the cursor, as in less and tig. */
		cursor = cursor > step ? cursor - step : 0;
		top = top > step ? top - step : 0;
		break;
	case ACTION_PAGE_DOWN:
	case ACTION_HALF_DOWN:
		cursor += step;
		top += step;
		break;
	case ACTION_FIRST:
		cursor = 0;
		break;
	case ACTION_LAST:
		cursor = n - 1;
		break;
	default:
		return R_NONE;
	}
	if (cursor >= n)
		cursor = n - 1;
	v->top = top;
	v->cursor = cursor;
	view_show_cursor(v, n);
	if (v->cursor == old_cursor && v->top == old_top)
		return R_HANDLED;
	return R_HANDLED | R_REDRAW;
}

void
view_cursor_set(struct view *v, size_t row, bool keep_offset)
{
	size_t n = view_lines(v);
	size_t offset = v->cursor >= v->top ? v->cursor - v->top : 0;

	if (n == 0) {
		v->cursor = v->top = 0;
		return;
	}
	v->cursor = row < n ? row : n - 1;
	if (keep_offset)
		v->top = v->cursor >= offset ? v->cursor - offset : 0;
	view_show_cursor(v, n);
}

void
view_pad(WINDOW *w, int width, int attr)
{
	int y, x;

	getyx(w, y, x);
	(void)y;
	wattron(w, attr);
	for (int i = 0; i < width; i++) {
		if (x + i >= getmaxx(w))
			break;
		waddch(w, ' ');
	}
	wattroff(w, attr);
}

static int view_escaped_attr = A_BOLD;

void
view_set_escaped_attr(int attr)
{
	view_escaped_attr = attr;
}

struct view_put_ctx {
	WINDOW *w;
	int attr;
};

static void
view_put_piece(void *ctx, const char *piece, size_t len, bool escaped)
{
	struct view_put_ctx *c = ctx;
	int attr = escaped ? view_escaped_attr : c->attr;

	wattron(c->w, attr);
	waddnstr(c->w, piece, (int)len);
	wattroff(c->w, attr);
}

int
view_put(WINDOW *w, int width, const char *s, size_t len, int attr)
{
	struct view_put_ctx c = {w, attr};

	if (width <= 0 || !s)
		return 0;
	return (int)textwidth_emit(s, len, 0, (size_t)width, 0, view_put_piece, &c);
}

/* Line drawing as characters, not the terminal's alternate character set:
 * screen captures and terminals that lack it show the same thing. */
void
view_box(WINDOW *w, int attr)
{
	bool u = MB_CUR_MAX > 1;
	int h = getmaxy(w), cols = getmaxx(w);
	const char *hl = u ? "─" : "-", *vl = u ? "│" : "|";

	wattron(w, attr);
	for (int x = 1; x < cols - 1; x++) {
		mvwaddstr(w, 0, x, hl);
		mvwaddstr(w, h - 1, x, hl);
	}
	for (int y = 1; y < h - 1; y++) {
		mvwaddstr(w, y, 0, vl);
		mvwaddstr(w, y, cols - 1, vl);
	}
	mvwaddstr(w, 0, 0, u ? "┌" : "+");
	mvwaddstr(w, 0, cols - 1, u ? "┐" : "+");
	mvwaddstr(w, h - 1, 0, u ? "└" : "+");
	mvwaddstr(w, h - 1, cols - 1, u ? "┘" : "+");
	wattroff(w, attr);
}

void
view_vline(WINDOW *w, int attr)
{
	const char *vl = MB_CUR_MAX > 1 ? "│" : "|";

	wattron(w, attr);
	for (int y = 0; y < getmaxy(w); y++)
		mvwaddstr(w, y, 0, vl);
	wattroff(w, attr);
}

static void
view_draw_title(struct app *app, enum pane p)
{
	struct view *v = &app->views[p];
	WINDOW *t = app->titles[p];
	bool focus = app->focus == p;
	int attr = app_attr(app, focus ? COLOR_PANE_TITLE_FOCUS : COLOR_PANE_TITLE);
	struct strbuf sb = STRBUF_INIT;
	const struct job *job;
	int used;

	if (!t)
		return;
	werase(t);
	wmove(t, 0, 0);
	strbuf_addf(&sb, " %d %s ", (int)p + 1, v->ops->name);
	if (p == PANE_LIST) {
		view_jobs_title(app, &sb);
	} else if ((job = app_selected_job(app)) != NULL) {
		strbuf_addstr(&sb, " ");
		strbuf_addstr(&sb, job->name && *job->name ? job->name : job->id);
		strbuf_addstr(&sb, " ");
		if (p == PANE_DETAIL)
			view_detail_title(v, &sb);
		else
			view_log_title(v, &sb);
	}
	if (app->zoomed)
		strbuf_addstr(&sb, " [zoom] ");
	used = view_put(t, v->width, sb.buf, sb.len, attr);
	view_pad(t, v->width - used, attr);
	strbuf_done(&sb);
	wnoutrefresh(t);
}

void
view_draw(struct app *app, enum pane p)
{
	struct view *v = &app->views[p];

	v->dirty = false;
	if (!v->win)
		return;
	werase(v->win);
	if (v->ops->draw) {
		v->ops->draw(v);
	} else if (v->ops->draw_line) {
		size_t n = view_lines(v);

		for (int y = 0; y < v->height; y++) {
			size_t row = v->top + (size_t)y;

			if (row >= n)
				break;
			wmove(v->win, y, 0);
			v->ops->draw_line(v, row, y, p == PANE_LIST && row == v->cursor);
		}
	}
	wnoutrefresh(v->win);
	view_draw_title(app, p);
}

bool
view_scroll_overlay(size_t *top, enum action act, size_t page, size_t max_top)
{
	size_t t = *top;

	switch (act) {
	case ACTION_MOVE_DOWN:
		t++;
		break;
	case ACTION_MOVE_UP:
		t = t ? t - 1 : 0;
		break;
	case ACTION_PAGE_DOWN:
	case ACTION_HALF_DOWN:
		t += page;
		break;
	case ACTION_PAGE_UP:
	case ACTION_HALF_UP:
		t = t > page ? t - page : 0;
		break;
	case ACTION_FIRST:
		t = 0;
		break;
	case ACTION_LAST:
		t = max_top;
		break;
	default:
		return false;
	}
	*top = t > max_top ? max_top : t;
	return true;
}
