/* What the files of the log pane share: its state, line rendering, search and export. */
#ifndef DPJOBS_UI_LOG_H
#define DPJOBS_UI_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/logbuf.h"
#include "model/logfollow.h"
#include "ui/ui.h"

/* How many lines' wrap points are kept: a screenful of long lines, so that
 * redrawing a wrapped 1 MiB line does not walk it again. */
#define LOG_RENDER_CACHE 16

/* Where the rows of one wrapped line start, for one width. */
struct log_render_wrap {
	size_t line; /* SIZE_MAX: unused slot */
	size_t len;  /* the line's length when computed: the last line still grows */
	int cols;
	bool colors;
	size_t *starts; /* byte offsets of the rows; starts[0] == 0 */
	size_t n;
};

struct log_render_cache {
	struct log_render_wrap slot[LOG_RENDER_CACHE];
	unsigned next; /* round-robin victim */
};

/* How a piece of a line is drawn. */
struct log_render_style {
	int attr;         /* the line's colour (its level) */
	int escaped_attr; /* visible escapes of control bytes */
	int match_attr;   /* search matches */
	bool colors;      /* SGR sequences set colours instead of being shown */
	const struct app *app;
	/* Byte ranges [from, to) of the line to draw in match_attr, sorted. */
	const size_t (*matches)[2];
	size_t n_matches;
};

struct view_log_marker {
	size_t before; /* drawn above this line (== lines: at the end) */
	unsigned seq;  /* the order they were made in, for the range of `C` */
	char text[128];
};

struct view_log_req;
struct log_search;
struct log_export;

/* The log of a job viewed recently, kept so that coming back to it shows it at
 * once and asks only for what is new. Its bytes count against the same
 * log-memory budget as every logbuf, so keeping them costs no extra bound. */
#define VIEW_LOG_CACHED 8

struct view_log_cached {
	char *job_id;
	struct logbuf *lb;
	struct logfollow lf;
	bool complete;
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
	bool catching_up;   /* pages come back full: the end is not here yet */
	bool follow;        /* stick to the end */
	size_t paused_at;   /* lines when following stopped */
	bool wrap;
	size_t top_row; /* with wrap: the first visible row of the top item */
	size_t cur;     /* the current line (copy, n/N), SIZE_MAX: none */
	char *note;     /* why the log is not growing: an error, a retry */
	bool note_error;
	bool colors; /* log-colors */
	struct view_log_marker *markers;
	size_t n_markers, cap_markers;
	unsigned marker_seq;
	struct log_render_cache cache;
	struct log_search *search;                      /* NULL: no pattern */
	struct log_export *export;                      /* a save in progress, or NULL */
	struct view_log_cached cached[VIEW_LOG_CACHED]; /* most recent first */
	size_t n_cached;
};

/* ---- log_render.c ---- */
void log_render_cache_init(struct log_render_cache *c);
void log_render_cache_done(struct log_render_cache *c);
/* Forgets every line's wrap points (new log, new width, colours toggled). */
void log_render_cache_clear(struct log_render_cache *c);
/* The rows line `line` (s[0..len)) takes wrapped to cols columns, and their
 * start offsets in *starts (borrowed from the cache; valid until the next
 * call). A row never splits a character. */
size_t log_render_wrap(struct log_render_cache *c, size_t line, const char *s, size_t len, int cols,
                       bool colors, const size_t **starts);
/* Draws s[from..to) at the cursor of w: its first `skip` columns scrolled off,
 * at most cols columns, tabs counted from `from`. Controls and escape
 * sequences are shown inert, except SGR colours when style->colors. Only the
 * visible part is looked at past the skipped columns, so a 1 MiB line costs
 * what fits on screen. */
void log_render_draw(WINDOW *w, const char *s, size_t from, size_t to, size_t skip, int cols,
                     const struct log_render_style *style);
/* The theme colour of a line by its level word (WARN, ERROR...). */
enum color_elem log_render_level(const char *s, size_t len);

/* ---- view_log.c ---- */
/* Lines shown (the `&` filter's or all), and the log line of shown row k. */
size_t view_log_shown(struct view_log *lv);
size_t view_log_line_at(struct view_log *lv, size_t k);
/* Shows log line `line` with a few lines of context above it (n, N, :LINE);
 * stops following. */
void view_log_show_line(struct view_log *lv, size_t line);
/* Stops following, remembering how many lines there were. */
void view_log_pause(struct view_log *lv);

/* ---- log_search.c ---- */
/* `/` `?` `n` `N` `&` and Esc while a search runs; R_NONE for other actions. */
int log_search_handle(struct view_log *lv, enum action act, const TermKeyKey *key);
/* After bytes were appended: matches in them, at once for small appends. */
void log_search_appended(struct view_log *lv);
/* Drops the search (a new job, or the pane goes away). */
void log_search_reset(struct view_log *lv);
/* The `&` filter is on: only matching (or, inverted, non-matching) lines show. */
bool log_search_filtering(const struct view_log *lv);
size_t log_search_shown(const struct view_log *lv);
size_t log_search_line_at(const struct view_log *lv, size_t k);
/* The shown row of the first shown line at or after line. */
size_t log_search_row_of(const struct view_log *lv, size_t line);
/* Match byte ranges of a line for highlighting, into a buffer owned by the
 * search (valid until the next call); 0 when nothing is searched. */
size_t log_search_ranges(struct view_log *lv, const char *s, size_t len,
                         const size_t (**ranges)[2]);
/* A status-row text while the search runs or after it failed; NULL: none.
 * Caller frees. */
char *log_search_status(const struct view_log *lv);

/* ---- log_export.c ---- */
/* `<C-s>` `|` `m` `c`; R_NONE for other actions. */
int log_export_handle(struct view_log *lv, enum action act);
/* Stops a save in progress (the file is left as far as written). */
void log_export_cancel(struct view_log *lv);
/* Stops a save in progress because the pane leaves its log (why: "another job was selected"),
 * saying in the bottom line that the file holds only part of it. */
void log_export_interrupt(struct view_log *lv, const char *why);
/* A status-row text while a save runs; NULL: none. Caller frees. */
char *log_export_status(const struct view_log *lv);

#endif
