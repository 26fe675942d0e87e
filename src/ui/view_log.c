/* The log pane: the selected job's driver log, fetched with ListLog and followed while it runs. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rpc/rpc.h"
#include "ui/log.h"
#include "ui/ui.h"
#include "ui/views.h"
#include "util/strbuf.h"
#include "util/textwidth.h"
#include "util/xalloc.h"

/* The largest page ListLog allows: fewest round trips per byte. */
#define VIEW_LOG_PAGE_SIZE 1048576
/* Lines kept above a line jumped to (n, N, :LINE), so that it is read in
 * its context, as less keeps them. */
#define VIEW_LOG_CONTEXT 3

/* The ctx of one ListLog call. It outlives the view when the view is freed
 * with the call in flight: `lv` is cleared then, and on_free only frees. */
struct view_log_req {
	struct view_log *lv;
};

static void view_log_fetch(struct view_log *lv);

static struct view_log *
view_log_state(struct view *v)
{
	struct view_log *lv = v->data;

	if (!lv) {
		lv = xcalloc(1, sizeof(*lv));
		lv->v = v;
		lv->lb = logbuf_new();
		logfollow_init(&lv->lf);
		log_render_cache_init(&lv->cache);
		lv->follow = true;
		lv->cur = SIZE_MAX;
		v->data = lv;
	}
	return lv;
}

static void
view_log_set_note(struct view_log *lv, bool error, char *note)
{
	free(lv->note);
	lv->note = note;
	lv->note_error = error;
}

/* Cancels the call in flight and the poll timer: nothing of the old job may
 * arrive after a switch. */
static void
view_log_stop(struct view_log *lv)
{
	if (lv->req) {
		lv->req->lv = NULL;
		rpc_call_cancel(lv->call);
		lv->req = NULL;
		lv->call = NULL;
	}
	app_timer_cancel(lv->v->app, lv->timer);
	lv->timer = 0;
}

static void
view_log_timer_fired(void *ctx)
{
	struct view_log *lv = ctx;

	lv->timer = 0;
	/* While `Z` pauses updates the log holds still too; look again later
	 * (a timer, not a poll: no call is made while paused). */
	if (app_paused(lv->v->app)) {
		lv->timer =
		    app_timer_add(lv->v->app, LOGFOLLOW_MAX_DELAY_MS, view_log_timer_fired, lv);
		return;
	}
	view_log_fetch(lv);
}

static void
view_log_poll_later(struct view_log *lv, int ms)
{
	app_timer_cancel(lv->v->app, lv->timer);
	lv->timer = app_timer_add(lv->v->app, ms, view_log_timer_fired, lv);
}

/* The selected job as the app last saw it, when it is the one of this log. */
static const struct job *
view_log_job(struct view_log *lv)
{
	const struct job *job = app_selected_job(lv->v->app);

	return job && job->id && lv->job_id && strcmp(job->id, lv->job_id) == 0 ? job : NULL;
}

static bool
view_log_job_terminal(struct view_log *lv)
{
	const struct job *job = view_log_job(lv);

	return job && job_status_is_terminal(job->status);
}

/* Worth trying again with the same token: the server or the network had a
 * bad moment. Anything else (no such job, no permission) will not change. */
static bool
view_log_transient(int code)
{
	switch (code) {
	case RPC_CANCELLED:
	case RPC_UNKNOWN:
	case RPC_DEADLINE_EXCEEDED:
	case RPC_RESOURCE_EXHAUSTED:
	case RPC_ABORTED:
	case RPC_INTERNAL:
	case RPC_UNAVAILABLE:
		return true;
	default:
		return false;
	}
}

static void
view_log_failed(struct view_log *lv, const struct rpc_result *res)
{
	char *line = rpc_result_error_line(res);

	if (view_log_transient(res->code)) {
		int ms = logfollow_failed(&lv->lf);

		view_log_set_note(lv, true,
		                  xasprintf("log: %s; retrying in %d s", line, (ms + 999) / 1000));
		view_log_poll_later(lv, ms);
	} else {
		view_log_set_note(lv, true, xasprintf("log: %s", line));
	}
	free(line);
}

static void
view_log_result(const struct rpc_result *res, void *ctx)
{
	struct view_log_req *req = ctx;
	struct view_log *lv = req->lv;
	const struct rpc_log_page *page = &res->u.log;
	enum logfollow_next next;
	size_t skip;

	if (!lv)
		return;
	/* Detached now: on_free, which comes next, has nothing to clear. */
	req->lv = NULL;
	lv->req = NULL;
	lv->call = NULL;
	app_view_dirty(lv->v->app, lv->v);
	if (res->code != RPC_OK) {
		view_log_failed(lv, res);
		return;
	}
	view_log_set_note(lv, false, NULL);
	lv->fetched = true;
	/* Polling on from the start of the last page (the job was still running
	 * at the end of its log): the bytes already here are not added again. */
	skip = logfollow_overlap(&lv->lf);
	if (skip > page->len)
		skip = page->len;
	logbuf_append(lv->lb, page->content + skip, page->len - skip);
	log_search_appended(lv);
	next = logfollow_page(&lv->lf, page->len, page->next_page_token);
	/* Full pages mean the end is further on: the progress shows. */
	lv->catching_up = next == LOGFOLLOW_MORE;
	if (next == LOGFOLLOW_MORE) {
		view_log_fetch(lv);
	} else if (lv->sent_terminal) {
		/* The job had ended before this page was asked for, and the page
		 * brought nothing more or was the last: every byte is here. */
		lv->complete = true;
	} else if (view_log_job_terminal(lv)) {
		/* It ended meanwhile: one more page catches what it wrote last. */
		view_log_fetch(lv);
	} else {
		view_log_poll_later(lv, logfollow_delay_ms(&lv->lf));
	}
}

static void
view_log_req_free(void *ctx)
{
	struct view_log_req *req = ctx;

	if (req->lv) {
		req->lv->req = NULL;
		req->lv->call = NULL;
	}
	free(req);
}

static void
view_log_fetch(struct view_log *lv)
{
	struct app *app = lv->v->app;
	struct view_log_req *req;

	if (lv->call || !lv->job_id || lv->complete)
		return;
	/* Seen before the call goes out, as `dpjobs log --follow` does: a job
	 * already over when the page was asked for cannot add to it after. */
	lv->sent_terminal = view_log_job_terminal(lv);
	req = xcalloc(1, sizeof(*req));
	req->lv = lv;
	lv->req = req;
	lv->call =
	    rpc_list_job_log(app_rpc(app), app_cluster_id(app), lv->job_id, VIEW_LOG_PAGE_SIZE,
	                     logfollow_token(&lv->lf), view_log_result, view_log_req_free, req);
}

/* ---- rows: shown lines, markers between them, wrapped rows ---- */

/* A place in the pane's rows: an item (a shown line, or the markers after
 * the last line) and a row inside it (markers first, then the text). */
struct view_log_pos {
	size_t item, row;
};

size_t
view_log_shown(struct view_log *lv)
{
	return log_search_filtering(lv) ? log_search_shown(lv) : logbuf_lines(lv->lb);
}

size_t
view_log_line_at(struct view_log *lv, size_t k)
{
	return log_search_filtering(lv) ? log_search_line_at(lv, k) : k;
}

static size_t
view_log_markers_at(struct view_log *lv, size_t line)
{
	size_t n = 0;

	for (size_t i = 0; i < lv->n_markers; i++)
		n += lv->markers[i].before == line;
	return n;
}

static size_t
view_log_items(struct view_log *lv)
{
	return view_log_shown(lv) + (view_log_markers_at(lv, logbuf_lines(lv->lb)) > 0);
}

static size_t
view_log_item_line(struct view_log *lv, size_t item)
{
	return item < view_log_shown(lv) ? view_log_line_at(lv, item) : logbuf_lines(lv->lb);
}

static size_t
view_log_item_rows(struct view_log *lv, size_t item)
{
	size_t line = view_log_item_line(lv, item), m = view_log_markers_at(lv, line), len;
	const size_t *starts;
	const char *s;

	if (line >= logbuf_lines(lv->lb))
		return m;
	if (!lv->wrap)
		return m + 1;
	s = logbuf_line(lv->lb, line, &len);
	return m + log_render_wrap(&lv->cache, line, s, len, lv->v->width, lv->colors, &starts);
}

static int
view_log_pos_cmp(struct view_log_pos a, struct view_log_pos b)
{
	if (a.item != b.item)
		return a.item < b.item ? -1 : 1;
	return a.row < b.row ? -1 : a.row > b.row;
}

/* The top that shows the last rows: where following keeps the pane. */
static struct view_log_pos
view_log_end(struct view_log *lv, size_t avail)
{
	struct view_log_pos p = {0, 0};
	size_t left = avail, d = view_log_items(lv);

	while (d > 0 && left > 0) {
		size_t r = view_log_item_rows(lv, d - 1);

		if (r >= left) {
			p.item = d - 1;
			p.row = r - left;
			return p;
		}
		left -= r;
		d--;
	}
	return p;
}

static struct view_log_pos
view_log_down(struct view_log *lv, struct view_log_pos p, size_t k, size_t avail)
{
	struct view_log_pos end = view_log_end(lv, avail);
	size_t items = view_log_items(lv);

	while (k-- > 0 && view_log_pos_cmp(p, end) < 0) {
		if (p.row + 1 < view_log_item_rows(lv, p.item)) {
			p.row++;
		} else if (p.item + 1 < items) {
			p.item++;
			p.row = 0;
		}
	}
	return view_log_pos_cmp(p, end) > 0 ? end : p;
}

static struct view_log_pos
view_log_up(struct view_log *lv, struct view_log_pos p, size_t k)
{
	while (k-- > 0) {
		if (p.row > 0) {
			p.row--;
		} else if (p.item > 0) {
			size_t r = view_log_item_rows(lv, --p.item);

			p.row = r > 0 ? r - 1 : 0;
		} else {
			break;
		}
	}
	return p;
}

/* ---- drawing ---- */

static void
view_log_size(char *buf, size_t size, uint64_t bytes)
{
	if (bytes >= 1024 * 1024)
		snprintf(buf, size, "%.1f MiB", (double)bytes / (1024 * 1024));
	else if (bytes >= 1024)
		snprintf(buf, size, "%.1f KiB", (double)bytes / 1024);
	else
		snprintf(buf, size, "%u bytes", (unsigned)bytes);
}

static const char *
view_log_dot(void)
{
	return MB_CUR_MAX > 1 ? "·" : "-";
}

/* The bottom row tells what the lines above do not: paused, an error, a
 * search or a save running, nothing yet. Caller frees. */
static char *
view_log_status_text(struct view_log *lv, enum color_elem *elem)
{
	size_t n = logbuf_lines(lv->lb);
	char size[32], *s;

	*elem = COLOR_MESSAGE;
	if (lv->note) {
		if (lv->note_error)
			*elem = COLOR_ERROR_MESSAGE;
		return xstrdup(lv->note);
	}
	if (!lv->job_id)
		return xstrdup("(no job selected)");
	if ((s = log_export_status(lv)) || (s = log_search_status(lv)))
		return s;
	view_log_size(size, sizeof(size), logbuf_bytes(lv->lb));
	if (!lv->follow)
		return xasprintf("PAUSED %s +%zu new lines (G or f follows)%s%s%s%s",
		                 view_log_dot(), n > lv->paused_at ? n - lv->paused_at : 0,
		                 lv->catching_up ? " " : "", lv->catching_up ? view_log_dot() : "",
		                 lv->catching_up ? " receiving, " : "",
		                 lv->catching_up ? size : "");
	if (lv->catching_up)
		return xasprintf("receiving the log: %s so far...", size);
	if (n || view_log_items(lv))
		return NULL;
	if (lv->complete)
		return xstrdup("(the log is empty)");
	if (lv->fetched)
		return xstrdup("(no output yet; following)");
	return xstrdup("loading the log...");
}

static size_t
view_log_avail(struct view_log *lv)
{
	enum color_elem elem;
	char *s = view_log_status_text(lv, &elem);
	size_t h = lv->v->height > 0 ? (size_t)lv->v->height : 0;

	if (s && h > 0)
		h--;
	free(s);
	return h;
}

/* The pane's top as the keys left it, or the end while following. */
static struct view_log_pos
view_log_top(struct view_log *lv, size_t avail)
{
	struct view_log_pos p = {lv->v->top, lv->top_row}, end = view_log_end(lv, avail);

	if (lv->follow || view_log_pos_cmp(p, end) > 0)
		return end;
	return p;
}

static size_t
view_log_lines(struct view *v)
{
	struct view_log *lv = view_log_state(v);

	return view_log_items(lv);
}

static void
view_log_draw_text(struct view_log *lv, size_t line, size_t first, size_t *y, size_t avail)
{
	struct view *v = lv->v;
	struct log_render_style st = {
	    .escaped_attr = app_attr(v->app, COLOR_ESCAPED),
	    .match_attr = app_attr(v->app, COLOR_LOG_SEARCH_MATCH),
	    .colors = lv->colors,
	    .app = v->app,
	};
	size_t len, n = 1;
	const char *s;
	const size_t *starts = NULL;

	/* Matches first: the line pointer is only valid until the next call on lb. */
	s = logbuf_line(lv->lb, line, &len);
	st.n_matches = log_search_ranges(lv, s, len, &st.matches);
	st.attr = app_attr(v->app, log_render_level(s, len));
	if (lv->wrap)
		n = log_render_wrap(&lv->cache, line, s, len, v->width, lv->colors, &starts);
	for (size_t r = first; r < n && *y < avail; r++, (*y)++) {
		wmove(v->win, (int)*y, 0);
		if (lv->wrap)
			log_render_draw(v->win, s, starts[r], r + 1 < n ? starts[r + 1] : len, 0,
			                v->width, &st);
		else
			log_render_draw(v->win, s, 0, len, v->hscroll, v->width, &st);
	}
}

static void
view_log_draw_plain(struct view_log *lv, int y, const char *text, enum color_elem elem)
{
	struct log_render_style st = {
	    .attr = app_attr(lv->v->app, elem),
	    .escaped_attr = app_attr(lv->v->app, COLOR_ESCAPED),
	    .app = lv->v->app,
	};

	wmove(lv->v->win, y, 0);
	log_render_draw(lv->v->win, text, 0, strlen(text), 0, lv->v->width, &st);
}

static void
view_log_draw(struct view *v)
{
	struct view_log *lv = view_log_state(v);
	size_t avail = view_log_avail(lv), items = view_log_items(lv), y = 0;
	struct view_log_pos p = view_log_top(lv, avail);
	enum color_elem elem;
	char *status;

	v->top = p.item;
	lv->top_row = p.row;
	for (size_t d = p.item; d < items && y < avail; d++) {
		size_t line = view_log_item_line(lv, d), first = d == p.item ? p.row : 0, m = 0;

		for (size_t i = 0; i < lv->n_markers; i++) {
			if (lv->markers[i].before != line)
				continue;
			if (m++ >= first && y < avail)
				view_log_draw_plain(lv, (int)y++, lv->markers[i].text,
				                    COLOR_MESSAGE);
		}
		if (line < logbuf_lines(lv->lb))
			view_log_draw_text(lv, line, first > m ? first - m : 0, &y, avail);
	}
	if ((status = view_log_status_text(lv, &elem))) {
		view_log_draw_plain(lv, v->height - 1, status, elem);
		free(status);
	}
}

/* ---- keys ---- */

void
view_log_pause(struct view_log *lv)
{
	if (!lv->follow)
		return;
	/* The top the pane shows now becomes the place to stay at. */
	struct view_log_pos p = view_log_end(lv, view_log_avail(lv));

	lv->v->top = p.item;
	lv->top_row = p.row;
	lv->follow = false;
	lv->paused_at = logbuf_lines(lv->lb);
}

void
view_log_show_line(struct view_log *lv, size_t line)
{
	size_t item = log_search_filtering(lv) ? log_search_row_of(lv, line) : line;
	struct view_log_pos p = {item, 0};

	view_log_pause(lv);
	lv->cur = line;
	/* Its markers stay above it; then a few lines of context. */
	p = view_log_up(lv, p, VIEW_LOG_CONTEXT);
	lv->v->top = p.item;
	lv->top_row = p.row;
}

bool
view_log_goto(struct view *v, size_t line)
{
	struct view_log *lv = view_log_state(v);
	size_t n = logbuf_lines(lv->lb);

	if (!n || line == 0)
		return false;
	view_log_show_line(lv, (line > n ? n : line) - 1);
	v->dirty = true;
	return true;
}

void
view_log_set_colors(struct view *v, bool on)
{
	struct view_log *lv = view_log_state(v);

	lv->colors = on;
	log_render_cache_clear(&lv->cache);
	v->dirty = true;
}

/* The widest visible line, so that `l` stops where there is nothing more.
 * A very long line is taken as wide as its bytes: measuring it on each key
 * would cost what the visible-window drawing saves. */
static size_t
view_log_visible_width(struct view_log *lv, size_t avail)
{
	struct view_log_pos p = view_log_top(lv, avail);
	size_t items = view_log_items(lv), w = 0;

	for (size_t d = p.item; d < items && d < p.item + avail; d++) {
		size_t len, lw, line = view_log_item_line(lv, d);
		const char *s;

		if (line >= logbuf_lines(lv->lb))
			continue;
		s = logbuf_line(lv->lb, line, &len);
		lw = len > 65536 ? len : textwidth_width(s, len);
		if (lw > w)
			w = lw;
	}
	return w;
}

static size_t
view_log_step(enum action act, size_t avail)
{
	switch (act) {
	case ACTION_PAGE_UP:
	case ACTION_PAGE_DOWN:
		return avail > 1 ? avail : 1;
	case ACTION_HALF_UP:
	case ACTION_HALF_DOWN:
		return avail > 1 ? avail / 2 : 1;
	default:
		return 1;
	}
}

static int
view_log_handle(struct view *v, enum action act, const TermKeyKey *key)
{
	struct view_log *lv = view_log_state(v);
	size_t half = v->width > 2 ? (size_t)v->width / 2 : 1, avail = view_log_avail(lv);
	struct view_log_pos p = view_log_top(lv, avail), q;
	int r;

	switch (act) {
	case ACTION_LAST:
		lv->follow = true;
		return R_HANDLED | R_REDRAW;
	case ACTION_FOLLOW:
		if (lv->follow)
			view_log_pause(lv);
		else
			lv->follow = true;
		return R_HANDLED | R_REDRAW;
	case ACTION_MOVE_DOWN:
	case ACTION_PAGE_DOWN:
	case ACTION_HALF_DOWN:
		/* At the end while following: nothing below. Paused at the end:
		 * it stays paused until G or f, so the counter keeps counting. */
		if (lv->follow)
			return R_HANDLED;
		q = view_log_down(lv, p, view_log_step(act, avail), avail);
		break;
	case ACTION_MOVE_UP:
	case ACTION_PAGE_UP:
	case ACTION_HALF_UP:
	case ACTION_FIRST:
		q = act == ACTION_FIRST ? (struct view_log_pos){0, 0}
		                        : view_log_up(lv, p, view_log_step(act, avail));
		if (view_log_pos_cmp(p, q) == 0)
			return R_HANDLED;
		view_log_pause(lv);
		break;
	case ACTION_SCROLL_RIGHT:
		if (lv->wrap || v->hscroll + (size_t)v->width >= view_log_visible_width(lv, avail))
			return R_HANDLED;
		v->hscroll += half;
		return R_HANDLED | R_REDRAW;
	case ACTION_SCROLL_LEFT:
		if (lv->wrap || !v->hscroll)
			return R_HANDLED;
		v->hscroll = v->hscroll > half ? v->hscroll - half : 0;
		return R_HANDLED | R_REDRAW;
	case ACTION_WRAP:
		lv->wrap = !lv->wrap;
		/* The top line stays; its rows are counted anew. */
		lv->top_row = 0;
		app_message(v->app, false, "wrap %s", lv->wrap ? "on" : "off");
		return R_HANDLED | R_REDRAW;
	default:
		r = log_search_handle(lv, act, key);
		if (r & R_HANDLED)
			return r;
		return log_export_handle(lv, act);
	}
	if (view_log_pos_cmp(p, q) == 0)
		return R_HANDLED;
	v->top = q.item;
	lv->top_row = q.row;
	return R_HANDLED | R_REDRAW;
}

static void
view_log_cached_free(struct view_log_cached *c)
{
	free(c->job_id);
	logbuf_free(c->lb);
	logfollow_done(&c->lf);
}

/* Keeps the log of the job being left at the front of the cache (the oldest
 * entry goes when it is full); lv->lb and lv->lf are moved out. */
static void
view_log_stash(struct view_log *lv)
{
	struct view_log_cached *c;

	if (!lv->job_id || !lv->fetched || logbuf_bytes(lv->lb) == 0) {
		logbuf_free(lv->lb);
		logfollow_done(&lv->lf);
		lv->lb = NULL;
		return;
	}
	if (lv->n_cached == VIEW_LOG_CACHED)
		view_log_cached_free(&lv->cached[--lv->n_cached]);
	memmove(&lv->cached[1], &lv->cached[0], lv->n_cached * sizeof(lv->cached[0]));
	lv->n_cached++;
	c = &lv->cached[0];
	c->job_id = lv->job_id;
	c->lb = lv->lb;
	c->lf = lv->lf;
	c->complete = lv->complete;
	lv->job_id = NULL;
	lv->lb = NULL;
}

/* Takes the cached log of job_id back, if there is one. */
static bool
view_log_unstash(struct view_log *lv, const char *job_id)
{
	for (size_t i = 0; job_id && i < lv->n_cached; i++) {
		struct view_log_cached *c = &lv->cached[i];

		if (strcmp(c->job_id, job_id) != 0)
			continue;
		lv->lb = c->lb;
		lv->lf = c->lf;
		lv->complete = c->complete;
		free(c->job_id);
		lv->n_cached--;
		memmove(c, c + 1, (lv->n_cached - i) * sizeof(*c));
		return true;
	}
	return false;
}

static void
view_log_select_job(struct view *v, const char *job_id)
{
	struct view_log *lv = view_log_state(v);
	bool cached;

	view_log_stop(lv);
	log_export_interrupt(lv, "another job was selected");
	log_search_reset(lv);
	view_log_stash(lv);
	cached = view_log_unstash(lv, job_id);
	if (!cached) {
		lv->lb = logbuf_new();
		logfollow_init(&lv->lf);
		lv->complete = false;
	}
	log_render_cache_clear(&lv->cache);
	free(lv->job_id);
	lv->job_id = xstrdup(job_id);
	view_log_set_note(lv, false, NULL);
	lv->fetched = cached;
	lv->sent_terminal = lv->catching_up = false;
	lv->follow = true;
	lv->paused_at = lv->top_row = 0;
	lv->n_markers = 0;
	lv->cur = SIZE_MAX;
	v->top = v->hscroll = 0;
	/* A cached log of an ended job is whole: nothing to ask. A cached
	 * running one goes on from its token, without fetching again. */
	if (!lv->complete)
		view_log_fetch(lv);
}

void
view_log_title(struct view *v, struct strbuf *out)
{
	struct view_log *lv = v->data;
	size_t n;

	if (!lv || !lv->job_id)
		return;
	n = logbuf_lines(lv->lb);
	if (!lv->follow)
		strbuf_addf(out, " PAUSED +%zu new lines ",
		            n > lv->paused_at ? n - lv->paused_at : 0);
	else if (lv->complete)
		strbuf_addstr(out, " complete ");
	else if (lv->catching_up)
		strbuf_addstr(out, " loading ");
	else if (lv->fetched)
		strbuf_addstr(out, " following ");
	if (lv->wrap)
		strbuf_addstr(out, " wrap ");
}

static void
view_log_done(struct view *v)
{
	struct view_log *lv = v->data;

	if (!lv)
		return;
	view_log_stop(lv);
	log_export_cancel(lv);
	log_search_reset(lv);
	logbuf_free(lv->lb);
	logfollow_done(&lv->lf);
	for (size_t i = 0; i < lv->n_cached; i++)
		view_log_cached_free(&lv->cached[i]);
	log_render_cache_done(&lv->cache);
	free(lv->markers);
	free(lv->job_id);
	free(lv->note);
	free(lv);
	v->data = NULL;
}

const struct view_ops view_log_ops = {
    .name = "log",
    .lines = view_log_lines,
    .draw = view_log_draw,
    .handle = view_log_handle,
    .select_job = view_log_select_job,
    .done = view_log_done,
};
