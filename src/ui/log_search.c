/* The log pane's search: `/` `?` prompts, n N, the `&` filter, scanning in slices from the loop. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model/logsearch.h"
#include "ui/internal.h"
#include "ui/log.h"
#include "util/xalloc.h"

/* Bytes scanned per slice: about 10 ms at memory speed, so keys are read
 * between slices while a multi-GiB log is searched. */
#define LOG_SEARCH_SLICE ((uint64_t)8 * 1024 * 1024)

struct log_search {
	struct logsearch *ls;
	bool forward; /* the direction of the last / or ? */
	bool filter;  /* `&`: only matching lines show */
	bool invert;  /* `&!`: only the others */
	bool pending; /* a jump waits for the scan to reach its match */
	bool pending_forward;
	bool pending_inclusive; /* pending_from itself may be the match */
	size_t pending_from;
	unsigned timer;
	size_t (*ranges)[2];
	size_t n_ranges, cap_ranges;
};

static struct log_search *
log_search_state(struct view_log *lv)
{
	if (!lv->search)
		lv->search = xcalloc(1, sizeof(*lv->search));
	return lv->search;
}

static void
log_search_drop(struct view_log *lv)
{
	struct log_search *s = lv->search;

	if (!s)
		return;
	app_timer_cancel(lv->v->app, s->timer);
	s->timer = 0;
	logsearch_free(s->ls);
	s->ls = NULL;
	s->pending = s->filter = s->invert = false;
}

void
log_search_reset(struct view_log *lv)
{
	log_search_drop(lv);
	if (lv->search) {
		free(lv->search->ranges);
		free(lv->search);
		lv->search = NULL;
	}
}

bool
log_search_filtering(const struct view_log *lv)
{
	return lv->search && lv->search->ls && lv->search->filter;
}

size_t
log_search_shown(const struct view_log *lv)
{
	const struct log_search *s = lv->search;

	return s->invert ? logsearch_inverse_count(s->ls) : logsearch_count(s->ls);
}

size_t
log_search_line_at(const struct view_log *lv, size_t k)
{
	const struct log_search *s = lv->search;

	return s->invert ? logsearch_inverse_line(s->ls, k) : logsearch_match(s->ls, k);
}

size_t
log_search_row_of(const struct view_log *lv, size_t line)
{
	const struct log_search *s = lv->search;
	size_t k = logsearch_match_index(s->ls, line), scanned = logsearch_lines_scanned(s->ls);

	if (!s->invert)
		return k;
	/* Non-matching lines before `line` are the lines before it less the
	 * matches among them, as far as the scan got. */
	if (line > scanned)
		line = scanned;
	return line - (k < line ? k : line);
}

static void
log_search_range(void *ctx, size_t start, size_t end)
{
	struct log_search *s = ctx;

	if (s->n_ranges == s->cap_ranges) {
		s->cap_ranges = s->cap_ranges ? 2 * s->cap_ranges : 16;
		s->ranges = xrealloc(s->ranges, s->cap_ranges * sizeof(*s->ranges));
	}
	s->ranges[s->n_ranges][0] = start;
	s->ranges[s->n_ranges][1] = end;
	s->n_ranges++;
}

size_t
log_search_ranges(struct view_log *lv, const char *text, size_t len, const size_t (**ranges)[2])
{
	struct log_search *s = lv->search;

	*ranges = NULL;
	if (!s || !s->ls || (s->filter && s->invert))
		return 0;
	s->n_ranges = 0;
	logsearch_line_matches(s->ls, text, len, log_search_range, s);
	*ranges = (const size_t(*)[2])s->ranges;
	return s->n_ranges;
}

static void
log_search_size(char *buf, size_t size, uint64_t bytes)
{
	if (bytes >= 1024 * 1024)
		snprintf(buf, size, "%.1f MiB", (double)bytes / (1024 * 1024));
	else
		snprintf(buf, size, "%.1f KiB", (double)bytes / 1024);
}

char *
log_search_status(const struct view_log *lv)
{
	const struct log_search *s = lv->search;
	uint64_t done, total;
	char a[32], b[32];

	if (!s || !s->ls)
		return NULL;
	if (!logsearch_done(s->ls)) {
		logsearch_progress(s->ls, &done, &total);
		log_search_size(a, sizeof(a), done);
		log_search_size(b, sizeof(b), total);
		return xasprintf("searching %s: %s of %s, %zu matching lines (Esc cancels)",
		                 logsearch_pattern(s->ls), a, b, logsearch_count(s->ls));
	}
	if (s->filter)
		return xasprintf("&%s%s: %zu lines (& Enter shows all)", s->invert ? "!" : "",
		                 logsearch_pattern(s->ls), log_search_shown(lv));
	return NULL;
}

/* Goes to the match the pending jump asked for, once the scan knows it.
 * No match after the end (or before the start) wraps around, as vim does. */
static void
log_search_resolve(struct view_log *lv)
{
	struct log_search *s = lv->search;
	struct app *app = lv->v->app;
	size_t from = s->pending_from, line, count;
	bool done = logsearch_done(s->ls), found = false;

	if (s->pending_inclusive && from < logsearch_lines_scanned(s->ls) &&
	    logsearch_is_match(s->ls, from)) {
		line = from;
		found = true;
	} else if (s->pending_forward) {
		found = logsearch_next_match(s->ls, from, true, &line);
	} else if (done || logsearch_lines_scanned(s->ls) > from) {
		found = logsearch_next_match(s->ls, from, false, &line);
	} else {
		return;
	}
	if (!found && !done)
		return;
	s->pending = false;
	count = logsearch_count(s->ls);
	if (!found && count == 0) {
		app_message(app, true, "pattern not found: %s", logsearch_pattern(s->ls));
		return;
	}
	if (!found) {
		line = logsearch_match(s->ls, s->pending_forward ? 0 : count - 1);
		app_message(app, false, "search hit %s, continuing at %s",
		            s->pending_forward ? "BOTTOM" : "TOP",
		            s->pending_forward ? "TOP" : "BOTTOM");
	}
	view_log_show_line(lv, line);
	/* A filtered pane shows matching lines only: the match is among them. */
	app_view_dirty(app, lv->v);
}

static void log_search_slice(void *ctx);

static void
log_search_run(struct view_log *lv)
{
	struct log_search *s = lv->search;

	logsearch_step(s->ls, LOG_SEARCH_SLICE);
	if (s->pending)
		log_search_resolve(lv);
	app_view_dirty(lv->v->app, lv->v);
	/* A 0 ms timer: the loop reads keys before the next slice. */
	if (!logsearch_done(s->ls) && !s->timer)
		s->timer = app_timer_add(lv->v->app, 0, log_search_slice, lv);
}

static void
log_search_slice(void *ctx)
{
	struct view_log *lv = ctx;

	lv->search->timer = 0;
	log_search_run(lv);
}

void
log_search_appended(struct view_log *lv)
{
	struct log_search *s = lv->search;

	if (!s || !s->ls)
		return;
	if (logsearch_done(s->ls))
		logsearch_extend(s->ls);
	else if (!s->timer)
		log_search_run(lv);
}

/* The line searches start from: the current line, else the top line (a
 * forward search may match it), else the end while following. */
static void
log_search_jump(struct view_log *lv, bool forward)
{
	struct log_search *s = lv->search;
	size_t shown = view_log_shown(lv);

	s->pending = true;
	s->pending_forward = forward;
	s->pending_inclusive = false;
	if (lv->cur != SIZE_MAX) {
		s->pending_from = lv->cur;
	} else if (lv->follow || shown == 0) {
		/* At the end: forward wraps to the first match, backward finds the last. */
		s->pending_from = logbuf_lines(lv->lb);
		s->pending_inclusive = false;
	} else {
		s->pending_from = view_log_line_at(lv, lv->v->top < shown ? lv->v->top : shown - 1);
		s->pending_inclusive = forward;
	}
	log_search_resolve(lv);
}

static bool
log_search_start(struct view_log *lv, const char *pattern)
{
	struct log_search *s = log_search_state(lv);
	char err[256] = "";
	struct logsearch *ls = logsearch_new(lv->lb, pattern, LOGSEARCH_REGEX, err, sizeof(err));

	if (!ls) {
		app_message(lv->v->app, true, "%s", *err ? err : "empty pattern");
		return false;
	}
	log_search_drop(lv);
	s->ls = ls;
	/* A first slice at once: a small log is searched before the next draw. */
	logsearch_step(s->ls, LOG_SEARCH_SLICE);
	return true;
}

static void
log_search_done_prompt(struct app *app, const char *text, bool forward)
{
	struct view_log *lv = app->views[PANE_LOG].data;
	struct log_search *s;

	if (!text || !lv)
		return;
	s = log_search_state(lv);
	if (*text) {
		bool filter = s->filter, invert = s->invert;

		if (!log_search_start(lv, text))
			return;
		/* A new pattern keeps the filter on, now for it. */
		s->filter = filter;
		s->invert = invert;
		lv->cur = SIZE_MAX;
	} else if (!s->ls) {
		app_message(app, true, "no previous pattern");
		return;
	}
	s->forward = forward;
	log_search_jump(lv, forward);
	log_search_run(lv);
	app->views[PANE_LOG].dirty = true;
}

static void
log_search_done_forward(struct app *app, const char *text)
{
	log_search_done_prompt(app, text, true);
}

static void
log_search_done_backward(struct app *app, const char *text)
{
	log_search_done_prompt(app, text, false);
}

/* `&PATTERN` filters, `&!PATTERN` filters out, `&` alone shows every line
 * again, as less does. */
static void
log_search_done_filter(struct app *app, const char *text)
{
	struct view_log *lv = app->views[PANE_LOG].data;
	struct log_search *s;
	bool invert;
	size_t line = SIZE_MAX;

	if (!text || !lv)
		return;
	s = log_search_state(lv);
	invert = *text == '!';
	if (invert)
		text++;
	if (!lv->follow && view_log_shown(lv) > 0)
		line = view_log_line_at(
		    lv, lv->v->top < view_log_shown(lv) ? lv->v->top : view_log_shown(lv) - 1);
	if (!*text && !invert) {
		s->filter = false;
	} else {
		if (*text && !log_search_start(lv, text))
			return;
		if (!s->ls) {
			app_message(app, true, "no previous pattern");
			return;
		}
		s->filter = true;
		s->invert = invert;
		log_search_run(lv);
	}
	/* The pane stays where it was in the log, among the lines now shown. */
	if (line != SIZE_MAX) {
		lv->v->top = log_search_filtering(lv) ? log_search_row_of(lv, line) : line;
		lv->top_row = 0;
	}
	app->views[PANE_LOG].dirty = true;
}

int
log_search_handle(struct view_log *lv, enum action act, const TermKeyKey *key)
{
	struct app *app = lv->v->app;
	struct log_search *s = lv->search;

	switch (act) {
	case ACTION_SEARCH:
		prompt_open(app, "/", "", NULL, log_search_done_forward);
		return R_HANDLED;
	case ACTION_SEARCH_BACK:
		prompt_open(app, "?", "", NULL, log_search_done_backward);
		return R_HANDLED;
	case ACTION_FILTER_LINES:
		prompt_open(app, "&", "", NULL, log_search_done_filter);
		return R_HANDLED;
	case ACTION_SEARCH_NEXT:
	case ACTION_SEARCH_PREV:
		if (!s || !s->ls) {
			app_message(app, true, "no search yet (/ or ? first)");
			return R_HANDLED;
		}
		log_search_jump(lv, act == ACTION_SEARCH_NEXT ? s->forward : !s->forward);
		return R_HANDLED | R_REDRAW;
	case ACTION_NONE:
		/* Esc stops a search that is still scanning, as less's ^C does. */
		if (key && key->type == TERMKEY_TYPE_KEYSYM &&
		    key->code.sym == TERMKEY_SYM_ESCAPE && s && s->ls && !logsearch_done(s->ls)) {
			log_search_drop(lv);
			app_message(app, false, "search cancelled");
			return R_HANDLED | R_REDRAW;
		}
		return R_NONE;
	default:
		return R_NONE;
	}
}
