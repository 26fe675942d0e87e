/* Types shared by every part of the TUI: reactions, actions, panes, views and
 * the theme's elements. Curses is output only; libtermkey owns input. */
#ifndef DPJOBS_UI_UI_H
#define DPJOBS_UI_UI_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <termkey.h>

struct app;

/* What a handler changed; the loop draws dirty panes once per iteration with
 * wnoutrefresh and one doupdate(). Handlers never draw. */
enum reaction {
	R_NONE = 0,
	R_HANDLED = 1 << 0,    /* the key was consumed */
	R_REDRAW = 1 << 1,     /* the view that handled it */
	R_REDRAW_ALL = 1 << 2, /* every pane, header and status line */
	R_RELAYOUT = 1 << 3,   /* pane geometry changed (focus, zoom, resize) */
	R_QUIT = 1 << 4,
};

enum pane {
	PANE_LIST,
	PANE_DETAIL,
	PANE_LOG,
	PANE_COUNT,
};

/* Every user action: id, name (for `bind` and :commands), default keys in
 * vim notation (space separated), the pane it belongs to (-1 = global), help.
 * The keymap, the `?` overlay and the man page table all come from here. */
#define ACTION_INFO(_)                                                                             \
	_(QUIT, "quit", "q", -1, "close the overlay, or quit")                                     \
	_(QUIT_NOW, "quit-now", "Q <C-c>", -1, "quit at once")                                     \
	_(HELP, "help", "? <F1>", -1, "keys of the focused pane")                                  \
	_(FOCUS_NEXT, "focus-next", "<Tab>", -1, "focus the next pane")                            \
	_(FOCUS_PREV, "focus-prev", "<S-Tab>", -1, "focus the previous pane")                      \
	_(FOCUS_LIST, "focus-list", "1", -1, "focus the job list")                                 \
	_(FOCUS_DETAIL, "focus-detail", "2", -1, "focus the detail pane")                          \
	_(FOCUS_LOG, "focus-log", "3", -1, "focus the log pane")                                   \
	_(ZOOM, "zoom", "z", -1, "zoom the focused pane, or unzoom")                               \
	_(REDRAW, "redraw", "<C-l>", -1, "redraw the screen")                                      \
	_(SUSPEND, "suspend", "<C-z>", -1, "suspend dpjobs (fg resumes)")                          \
	_(REFRESH, "refresh", "<C-r>", -1, "refresh now")                                          \
	_(PAUSE, "pause", "Z", -1, "pause or resume automatic updates")                            \
	_(COMMAND, "command", ":", -1,                                                             \
	  "command line (:cluster, :profile, :theme, :set, :LINE, :q)")                            \
	_(MOVE_UP, "move-up", "k <Up>", -1, "up one line")                                         \
	_(MOVE_DOWN, "move-down", "j <Down>", -1, "down one line")                                 \
	_(PAGE_UP, "page-up", "<PageUp> <C-b>", -1, "up one page")                                 \
	_(PAGE_DOWN, "page-down", "<PageDown> <C-f> <Space>", -1, "down one page")                 \
	_(HALF_UP, "half-page-up", "<C-u>", -1, "up half a page")                                  \
	_(HALF_DOWN, "half-page-down", "<C-d>", -1, "down half a page")                            \
	_(FIRST, "first", "g <Home>", -1, "to the first line")                                     \
	_(LAST, "last", "G <End>", -1, "to the last line (log: follow again)")                     \
	_(SCROLL_LEFT, "scroll-left", "h <Left>", -1, "scroll left")                               \
	_(SCROLL_RIGHT, "scroll-right", "l <Right>", -1, "scroll right")                           \
	_(FILTER, "filter", "/", PANE_LIST, "filter jobs as you type (regex; ! inverts)")          \
	_(QUICK_FILTER, "quick-filter", "f", PANE_LIST,                                            \
	  "cycle status filter: all, active, running, failed, done, cancelled")                    \
	_(SORT_NEXT, "sort-next", ">", PANE_LIST, "sort by the next column")                       \
	_(SORT_PREV, "sort-prev", "<", PANE_LIST, "sort by the previous column")                   \
	_(SORT_REVERSE, "sort-reverse", "r", PANE_LIST, "reverse the sort order")                  \
	_(TIME_FORMAT, "time-format", "t", PANE_LIST, "created: relative or absolute")             \
	_(OPEN, "open", "<Enter>", PANE_LIST, "show the job's detail and log")                     \
	_(NEW_JOB, "new-job", "n", PANE_LIST, "create a job: a form for its type and fields")      \
	_(CLONE, "clone", "C", PANE_LIST, "create a job from a copy of the selected one")          \
	_(MARK_JOB, "mark-job", "<Space>", PANE_LIST,                                              \
	  "mark or unmark the job and go down (x cancels the marked jobs)")                        \
	_(CANCEL, "cancel", "x <C-k>", -1, "cancel the selected job, or the marked ones")          \
	_(EDIT, "edit", "e", -1, "edit the job (or a new one) as JSON in $EDITOR, submit it new")  \
	_(OPS, "ops", "o", -1, "operations of this session (create, cancel) and their errors")     \
	_(JSON, "json", "y", PANE_DETAIL, "show the job as JSON, or the fields again")             \
	_(FOLLOW, "follow", "f F", PANE_LOG, "follow the log (stick to its end), or pause")        \
	_(WRAP, "wrap", "w", PANE_LOG, "wrap long lines, or scroll them sideways")                 \
	_(SEARCH, "search", "/", PANE_LOG, "search forward (regex; empty: the last pattern)")      \
	_(SEARCH_BACK, "search-back", "?", PANE_LOG, "search backward (<F1> shows help here)")     \
	_(SEARCH_NEXT, "search-next", "n", PANE_LOG, "next match, in the direction searched")      \
	_(SEARCH_PREV, "search-prev", "N", PANE_LOG, "previous match")                             \
	_(FILTER_LINES, "filter-lines", "&", PANE_LOG,                                             \
	  "show only matching lines (&!PATTERN: only the others; empty: all lines)")               \
	_(SAVE, "save", "<C-s>", PANE_LOG, "save the whole log to a file")                         \
	_(PIPE, "pipe", "|", PANE_LOG, "pipe the whole log into a command ($PAGER, less)")         \
	_(MARK, "mark", "m", PANE_LOG, "insert a marker line with the time")                       \
	_(COPY, "copy", "c", PANE_LOG, "copy the current line to the clipboard (OSC 52)")          \
	_(COPY_RANGE, "copy-range", "C", PANE_LOG, "copy the lines between the last two markers")

enum action {
	ACTION_NONE = 0,
#define ACTION_ENUM_(id, name, keys, pane, help) ACTION_##id,
	ACTION_INFO(ACTION_ENUM_)
#undef ACTION_ENUM_
	ACTION_COUNT
};

/* Theme elements: id, name in theme files, default colours in the compiled-in
 * theme. The parser, the default theme and doc/dpjobs-config.5 come from here. */
#define COLOR_INFO(_)                                                                              \
	_(DEFAULT, "default", "default default")                                                   \
	_(HEADER, "header", "white blue bold")                                                     \
	_(STATUSLINE, "statusline", "white blue")                                                  \
	_(MESSAGE, "message", "yellow default bold")                                               \
	_(ERROR_MESSAGE, "error-message", "white red bold")                                        \
	_(PANE_TITLE, "pane-title", "cyan default")                                                \
	_(PANE_TITLE_FOCUS, "pane-title-focus", "black cyan bold")                                 \
	_(PANE_BORDER, "pane-border", "blue default")                                              \
	_(LIST_HEADER, "list-header", "default default bold underline")                            \
	_(LIST_SELECTED, "list-selected", "black cyan")                                            \
	_(LIST_SELECTED_UNFOCUSED, "list-selected-unfocused", "default default reverse")           \
	_(STATUS_PROVISIONING, "status-provisioning", "magenta default")                           \
	_(STATUS_PENDING, "status-pending", "yellow default")                                      \
	_(STATUS_RUNNING, "status-running", "cyan default bold")                                   \
	_(STATUS_DONE, "status-done", "green default")                                             \
	_(STATUS_ERROR, "status-error", "red default bold")                                        \
	_(STATUS_CANCELLING, "status-cancelling", "yellow default bold")                           \
	_(STATUS_CANCELLED, "status-cancelled", "default default dim")                             \
	_(STATUS_UNKNOWN, "status-unknown", "default default")                                     \
	_(DETAIL_KEY, "detail-key", "cyan default")                                                \
	_(DETAIL_VALUE, "detail-value", "default default")                                         \
	_(DETAIL_SECTION, "detail-section", "default default bold")                                \
	_(LOG_TEXT, "log-text", "default default")                                                 \
	_(LOG_WARN, "log-warn", "yellow default")                                                  \
	_(LOG_ERROR, "log-error", "red default")                                                   \
	_(LOG_SEARCH_MATCH, "log-search-match", "black yellow")                                    \
	_(ESCAPED, "escaped", "magenta default")                                                   \
	_(PROMPT, "prompt", "default default bold")                                                \
	_(OVERLAY, "overlay", "default default")                                                   \
	_(OVERLAY_BORDER, "overlay-border", "cyan default")                                        \
	_(FORM_LABEL, "form-label", "cyan default")                                                \
	_(FORM_FIELD, "form-field", "default default underline")                                   \
	_(FORM_FIELD_FOCUS, "form-field-focus", "white blue")                                      \
	_(FORM_ERROR, "form-error", "red default bold")

enum color_elem {
#define COLOR_ENUM_(id, name, def) COLOR_##id,
	COLOR_INFO(COLOR_ENUM_)
#undef COLOR_ENUM_
	COLOR_COUNT
};

struct view;

/* A pane's behaviour. Hooks left NULL get the generic behaviour of view.c
 * (scrolling over `lines` rows). */
struct view_ops {
	const char *name; /* "jobs", "detail", "log": the pane title */
	/* Number of rows of content (for generic scrolling). */
	size_t (*lines)(struct view *v);
	/* Draws content row `row` at window line y (the loop erased the line). */
	void (*draw_line)(struct view *v, size_t row, int y, bool selected);
	/* Draws the whole pane, when draw_line is not enough (e.g. a header row). */
	void (*draw)(struct view *v);
	/* A key the global keymap did not consume; returns reactions. */
	int (*handle)(struct view *v, enum action act, const TermKeyKey *key);
	/* The selected job changed (id may be NULL). */
	void (*select_job)(struct view *v, const char *job_id);
	void (*done)(struct view *v);
};

struct view {
	const struct view_ops *ops;
	struct app *app;
	WINDOW *win; /* content window, without the title line */
	int height, width;
	size_t top;    /* first visible row */
	size_t cursor; /* selected row (list) or unused */
	size_t hscroll;
	bool dirty;
	void *data; /* the view's own state */
};

#endif

/* ---- what views may ask of the application (app.c) ---- */
#include "model/job.h"
#include "util/timefmt.h"

struct rpc_client;

/* The rpc client, the cluster in view, the selected job (borrowed, may be NULL). */
struct rpc_client *app_rpc(struct app *app);
const char *app_cluster_id(const struct app *app);
const struct job *app_selected_job(struct app *app);
/* The wall clock of this loop iteration (DPJOBS_NOW freezes it for tests). */
const struct timestamp *app_now(const struct app *app);
/* True while `Z` has paused automatic updates. */
bool app_paused(const struct app *app);
bool app_has_focus(const struct app *app, const struct view *v);
/* A one-line message in the status line (error: in the error colour). */
void app_message(struct app *app, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The curses attribute of a theme element. */
int app_attr(const struct app *app, enum color_elem elem);
/* A one-shot timer on the UI thread: fn(ctx) runs from the loop after ms.
 * Returns an id > 0 for app_timer_cancel (a no-op for 0 or a fired id). */
unsigned app_timer_add(struct app *app, int ms, void (*fn)(void *ctx), void *ctx);
void app_timer_cancel(struct app *app, unsigned id);
/* Marks a view dirty from a callback (an rpc result or a timer). */
void app_view_dirty(struct app *app, struct view *v);
