/* The log pane: the selected job's driver log, fetched with ListLog and followed while it runs. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model/logbuf.h"
#include "model/logfollow.h"
#include "rpc/rpc.h"
#include "ui/ui.h"
#include "ui/views.h"
#include "util/strbuf.h"
#include "util/textwidth.h"
#include "util/xalloc.h"

/* The largest page ListLog allows: fewest round trips per byte. */
#define VIEW_LOG_PAGE_SIZE 1048576
/* How far into a line its level (WARN, ERROR) is looked for: log4j and
 * Python put it in the first few dozen bytes, and a 90,000-character line
 * must not cost a scan per draw. */
#define VIEW_LOG_LEVEL_SCAN 160

struct view_log;

/* The ctx of one ListLog call. It outlives the view when the view is freed
 * with the call in flight: `lv` is cleared then, and on_free only frees. */
struct view_log_req {
	struct view_log *lv;
};

struct view_log {
	struct view *v;
	struct logbuf *lb;
	struct logfollow lf;
	char *job_id; /* the job whose log this is; NULL: none selected */
	struct rpc_call *call;
	struct view_log_req *req;
	unsigned timer;
	bool fetched;       /* a page has arrived */
	bool complete;      /* the job has ended and its whole log is here */
	bool sent_terminal; /* the job was terminal when the call in flight was sent */
	bool follow;        /* stick to the end */
	size_t drawn_top;   /* v->top as last drawn, to notice scrolling by others */
	size_t drawn_lines;
	size_t paused_at; /* lines when following stopped */
	char *note;       /* why the log is not growing: an error, a retry */
	bool note_error;
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
		lv->follow = true;
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
	next = logfollow_page(&lv->lf, page->len, page->next_page_token);
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

/* ---- drawing ---- */

static bool
view_log_word_at(const char *s, size_t len, size_t i, size_t wlen)
{
	bool before = i == 0 || !((s[i - 1] >= 'A' && s[i - 1] <= 'Z') ||
	                          (s[i - 1] >= 'a' && s[i - 1] <= 'z'));
	bool after = i + wlen >= len || !((s[i + wlen] >= 'A' && s[i + wlen] <= 'Z') ||
	                                  (s[i + wlen] >= 'a' && s[i + wlen] <= 'z'));

	return before && after;
}

/* The colour of a line by its level word: log4j's "WARN"/"ERROR"/"FATAL",
 * Python's "WARNING"/"ERROR"/"CRITICAL", as whole upper-case words. */
static enum color_elem
view_log_level(const char *s, size_t len)
{
	static const struct {
		const char *word;
		enum color_elem elem;
	} levels[] = {
	    {"ERROR", COLOR_LOG_ERROR}, {"FATAL", COLOR_LOG_ERROR},  {"CRITICAL", COLOR_LOG_ERROR},
	    {"WARN", COLOR_LOG_WARN},   {"WARNING", COLOR_LOG_WARN},
	};
	size_t n = len < VIEW_LOG_LEVEL_SCAN ? len : VIEW_LOG_LEVEL_SCAN;

	for (size_t i = 0; i < n; i++) {
		if (s[i] != 'E' && s[i] != 'F' && s[i] != 'C' && s[i] != 'W')
			continue;
		for (size_t k = 0; k < sizeof(levels) / sizeof(levels[0]); k++) {
			size_t wl = strlen(levels[k].word);

			if (i + wl <= len && memcmp(s + i, levels[k].word, wl) == 0 &&
			    view_log_word_at(s, len, i, wl))
				return levels[k].elem;
		}
	}
	return COLOR_LOG_TEXT;
}

struct view_log_put {
	WINDOW *w;
	int attr, escaped_attr;
};

static void
view_log_piece(void *ctx, const char *piece, size_t len, bool escaped)
{
	struct view_log_put *c = ctx;
	int attr = escaped ? c->escaped_attr : c->attr;

	wattron(c->w, attr);
	waddnstr(c->w, piece, (int)len);
	wattroff(c->w, attr);
}

/* Sanitized, tabs expanded, the first skip columns scrolled off. */
static void
view_log_put(struct view *v, const char *s, size_t len, size_t skip, int cols, enum color_elem elem)
{
	struct view_log_put c = {v->win, app_attr(v->app, elem), app_attr(v->app, COLOR_ESCAPED)};

	if (cols > 0)
		textwidth_emit(s, len, skip, (size_t)cols, 0, view_log_piece, &c);
}

/* The bottom row tells what the lines above do not: paused, an error, nothing yet. */
static char *
view_log_status_text(struct view_log *lv, enum color_elem *elem)
{
	size_t n = logbuf_lines(lv->lb);

	*elem = COLOR_MESSAGE;
	if (lv->note) {
		if (lv->note_error)
			*elem = COLOR_ERROR_MESSAGE;
		return xstrdup(lv->note);
	}
	if (!lv->job_id)
		return xstrdup("(no job selected)");
	if (!lv->follow)
		return xasprintf("PAUSED +%zu new lines (G or F follows again)",
		                 n > lv->paused_at ? n - lv->paused_at : 0);
	if (n)
		return NULL;
	if (lv->complete)
		return xstrdup("(the log is empty)");
	if (lv->fetched)
		return xstrdup("(no output yet; following)");
	return xstrdup("loading the log...");
}

static bool
view_log_has_status(struct view_log *lv)
{
	enum color_elem elem;
	char *s = view_log_status_text(lv, &elem);
	bool shown = s != NULL;

	free(s);
	return shown;
}

static size_t
view_log_lines(struct view *v)
{
	struct view_log *lv = view_log_state(v);

	/* The status row counts as a row, so that the generic scrolling stops
	 * with the last line above it. */
	return logbuf_lines(lv->lb) + view_log_has_status(lv);
}

static void
view_log_draw(struct view *v)
{
	struct view_log *lv = view_log_state(v);
	size_t n = logbuf_lines(lv->lb), rows, max_top;
	enum color_elem elem;
	char *status;

	/* Scrolled up by something that did not come through handle (the
	 * mouse wheel): following stops there as it would for `k`. */
	if (lv->follow && v->top < lv->drawn_top) {
		lv->follow = false;
		lv->paused_at = lv->drawn_lines;
	}
	status = view_log_status_text(lv, &elem);
	rows = v->height > 0 ? (size_t)v->height - (status != NULL) : 0;
	max_top = n > rows ? n - rows : 0;
	if (lv->follow || v->top > max_top)
		v->top = max_top;
	lv->drawn_top = v->top;
	lv->drawn_lines = n;
	for (size_t y = 0; y < rows && v->top + y < n; y++) {
		size_t len;
		const char *s = logbuf_line(lv->lb, v->top + y, &len);

		wmove(v->win, (int)y, 0);
		view_log_put(v, s, len, v->hscroll, v->width, view_log_level(s, len));
	}
	if (status) {
		wmove(v->win, v->height - 1, 0);
		view_log_put(v, status, strlen(status), 0, v->width, elem);
		free(status);
	}
}

/* The widest visible line, so that `l` stops where there is nothing more. */
static size_t
view_log_visible_width(struct view *v, struct view_log *lv)
{
	size_t n = logbuf_lines(lv->lb), w = 0;

	for (size_t y = 0; y < (size_t)(v->height > 0 ? v->height : 0) && v->top + y < n; y++) {
		size_t len, lw;
		const char *s = logbuf_line(lv->lb, v->top + y, &len);

		lw = textwidth_width(s, len);
		if (lw > w)
			w = lw;
	}
	return w;
}

static int
view_log_handle(struct view *v, enum action act, const TermKeyKey *key)
{
	struct view_log *lv = view_log_state(v);
	size_t half = v->width > 2 ? (size_t)v->width / 2 : 1;

	(void)key;
	switch (act) {
	case ACTION_LAST:
	case ACTION_FOLLOW:
		lv->follow = true;
		return R_HANDLED | R_REDRAW;
	case ACTION_MOVE_DOWN:
	case ACTION_PAGE_DOWN:
	case ACTION_HALF_DOWN:
		/* Already at the end, and lines may have come since the last draw:
		 * the generic scroll would move by them and look like a scroll up. */
		return lv->follow ? R_HANDLED : R_NONE;
	case ACTION_MOVE_UP:
	case ACTION_PAGE_UP:
	case ACTION_HALF_UP:
	case ACTION_FIRST:
		if (lv->follow && v->top > 0) {
			lv->follow = false;
			lv->paused_at = logbuf_lines(lv->lb);
		}
		return R_NONE; /* the generic scroll moves */
	case ACTION_SCROLL_RIGHT:
		if (v->hscroll + (size_t)v->width >= view_log_visible_width(v, lv))
			return R_HANDLED;
		v->hscroll += half;
		return R_HANDLED | R_REDRAW;
	case ACTION_SCROLL_LEFT:
		if (!v->hscroll)
			return R_HANDLED;
		v->hscroll = v->hscroll > half ? v->hscroll - half : 0;
		return R_HANDLED | R_REDRAW;
	default:
		return R_NONE;
	}
}

static void
view_log_select_job(struct view *v, const char *job_id)
{
	struct view_log *lv = view_log_state(v);

	view_log_stop(lv);
	logbuf_clear(lv->lb);
	logfollow_done(&lv->lf);
	logfollow_init(&lv->lf);
	free(lv->job_id);
	lv->job_id = xstrdup(job_id);
	view_log_set_note(lv, false, NULL);
	lv->fetched = lv->complete = lv->sent_terminal = false;
	lv->follow = true;
	lv->drawn_top = lv->drawn_lines = lv->paused_at = 0;
	v->hscroll = 0;
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
	else if (lv->fetched)
		strbuf_addstr(out, " following ");
}

static void
view_log_done(struct view *v)
{
	struct view_log *lv = v->data;

	if (!lv)
		return;
	view_log_stop(lv);
	logbuf_free(lv->lb);
	logfollow_done(&lv->lf);
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
