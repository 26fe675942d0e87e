/* What the files of src/ui share: the application state and their entry points. */
#ifndef DPJOBS_UI_INTERNAL_H
#define DPJOBS_UI_INTERNAL_H

#include <stdint.h>

#include "model/jobstore.h"
#include "rpc/rpc.h"
#include "ui/app.h"
#include "ui/settings.h"
#include "ui/ui.h"
#include "ui/views.h"
#include "util/strbuf.h"

/* The panes' views, one file each (detail and log: views.h). */
extern const struct view_ops view_jobs_ops;

enum app_conn {
	APP_CONN_CONNECTING,
	APP_CONN_OK,
	APP_CONN_RETRYING,
	APP_CONN_ERROR,
};

enum app_overlay {
	APP_OVERLAY_NONE,
	APP_OVERLAY_HELP,
	APP_OVERLAY_PICKER,
	APP_OVERLAY_CONFIRM, /* dialog_confirm.c */
	APP_OVERLAY_OPS,     /* ops_view.c */
	APP_OVERLAY_CREATE,  /* dialog_create.c */
};

enum app_time_format {
	APP_TIME_RELATIVE,
	APP_TIME_ABSOLUTE,
};

struct app_timer {
	unsigned id;
	int64_t due_ms; /* monotonic */
	void (*fn)(void *ctx);
	void *ctx;
};

/* The one-line prompt of `/` and `:` (prompt.c). */
struct prompt {
	bool active;
	const char *prefix;
	struct strbuf text;
	size_t cursor; /* byte offset in text, always on a character boundary */
	/* Called after each edit with the whole text. */
	void (*on_change)(struct app *app, const char *text);
	/* Called once: text on Enter, NULL on Esc. */
	void (*on_done)(struct app *app, const char *text);
};

struct theme;

/* A call of ours in flight; *owner points back at it until it ends. */
struct app_req {
	struct app *app;
	struct app_req **owner;
	struct rpc_call *call;
	bool cancelled;
};

struct picker;
struct ops;
struct dialog_create;
struct dialog_confirm;
struct cancel_call;

struct app {
	/* configuration */
	struct rpc_client *rpc;
	char *endpoint;
	char *cluster_id; /* "" while the picker is open */
	char *folder_id;
	bool mouse;
	bool log_colors; /* SGR sequences in logs colour them */
	int refresh_ms;
	struct settings settings; /* what `:set` shows; the fields above follow it */

	/* data */
	struct jobstore *jobs;
	char *selected_id; /* the pinned selection; NULL when the list is empty */
	/* The cluster's last ClusterService.Get (name, status, health for the header); NULL
	 * until the first arrives. Owned. */
	struct cluster *cluster;
	struct timestamp now;
	enum app_time_format time_format;
	unsigned quick_filter; /* index into the quick filter cycle */

	/* job list refresh */
	struct app_req *list_req;
	size_t list_loaded; /* jobs received in the refresh in flight */
	bool list_complete; /* a whole refresh has finished at least once */
	unsigned refresh_timer;
	struct app_req *get_req;
	unsigned poll_timer;
	struct app_req *cluster_req;
	unsigned cluster_age; /* job list refreshes since the cluster was asked for */
	unsigned tick_timer;  /* redraws live durations and ages */
	bool paused;
	enum app_conn conn;
	char *conn_error;

	/* screen */
	struct view views[PANE_COUNT];
	WINDOW *titles[PANE_COUNT];
	WINDOW *header, *status, *separator, *overlay_win;
	enum pane focus;
	bool zoomed;
	bool dirty_header, dirty_status, dirty_overlay;
	struct theme *theme;
	bool use_colour;
	char *message;
	bool message_error;
	struct prompt prompt;
	enum app_overlay overlay;
	size_t help_top;
	struct picker *picker;
	struct ops *ops;              /* the session's operations (ops.c) */
	struct dialog_create *create; /* the create form while open (dialog_create.c) */
	char *profile;                /* the configuration profile in use, or NULL */
	char *next_profile;   /* :profile NAME: quit, for the caller to start again with it */
	char *edit_sent;      /* `e`: the file of the spec whose Create is in flight (edit.c) */
	char *edit_kept;      /* `e`: a refused spec's file, reopened by the next `e` */
	bool readonly;        /* --readonly: nothing that changes jobs */
	struct strlist marks; /* ids of the jobs marked with <Space> (cancel.c) */
	struct dialog_confirm *confirm;   /* the confirmation dialog while open */
	struct cancel_call *cancel_calls; /* CancelJob calls in flight (cancel.c) */
	size_t ops_top;                   /* first row of the :ops overlay */

	/* loop */
	TermKey *tk;
	bool frozen_clock; /* DPJOBS_NOW: nothing ticks */
	struct app_timer *timers;
	size_t n_timers, cap_timers;
	unsigned next_timer_id;
	bool quit;
	int exit_status;
};

/* ---- app.c ---- */
/* Handles one key; returns reactions. */
int app_key(struct app *app, const TermKeyKey *key);
/* A mouse event, 0-based screen coordinates. */
int app_mouse(struct app *app, TermKeyMouseEvent ev, int button, int y, int x);
/* Runs the callbacks of the timers that are due; returns how many ran. */
int app_timers_run(struct app *app);
/* Milliseconds until the next timer, -1 when none. */
int app_timers_wait(const struct app *app);
/* The clock of this iteration: wall time for display, DPJOBS_NOW honoured. */
void app_tick_clock(struct app *app);
/* Marks the whole screen dirty. */
void app_dirty_all(struct app *app);
/* True when something waits to be drawn. */
bool app_dirty(const struct app *app);
/* Makes a job the selection (NULL: none) and tells the detail and log views. */
void app_select(struct app *app, const char *job_id);
/* Switches to another cluster, dropping everything of the old one. */
void app_switch_cluster(struct app *app, const char *cluster_id);
/* Starts a job list refresh now unless one is in flight. */
void app_refresh(struct app *app);
void app_focus(struct app *app, enum pane p);

/* A request slot: cancels what *owner holds (its result is ignored). */
void app_req_cancel(struct app_req **owner);
/* A new request for slot owner, to pass as ctx with app_req_free as on_free. */
struct app_req *app_req_new(struct app *app, struct app_req **owner);
void app_req_free(void *ctx);
/* Runs a `:` command line. */
void app_command(struct app *app, const char *line);
/* Actions that change jobs on the server: off in read-only mode. */
bool app_action_writes(enum action act);

/* ---- loop.c ---- */
/* Routes the signals the loop handles into its self-pipe. Before term_init,
 * so that curses does not install a SIGWINCH handler of its own. */
bool loop_signals_init(char **err);
/* Puts the signal handlers back as they were. */
void loop_signals_done(void);
/* Runs until app->quit; returns the exit status. */
int loop_run(struct app *app);

/* ---- term.c ---- */
/* Takes the terminal (curses for output, termkey for input). false with *err
 * (caller frees) when the terminal cannot be used; nothing is left changed. */
bool term_init(struct app *app, char **err);
/* Gives the terminal back exactly as it was. Safe to call more than once and
 * from the fatal hook or atexit. */
void term_restore(void);
/* <C-z>: gives the terminal back, stops, and takes it again on `fg`. */
void term_suspend(struct app *app);
/* Gives the terminal to a child (`|` into a pager) and takes it back, without
 * stopping: the shell's mode, no mouse, then curses' mode and a full redraw. */
void term_leave(void);
void term_enter(struct app *app);
/* Reads the window size after SIGWINCH and resizes curses' screen. */
void term_resize(void);
/* Turns mouse reporting on or off now (`:set mouse`); suspend and resume keep it. */
void term_set_mouse(bool on);

/* ---- layout.c ---- */
/* Places header, panes and status line for the current size, focus and zoom. */
void layout_apply(struct app *app);
/* The pane whose content window holds screen cell (y, x), with the row inside
 * it; -1 when none. */
int layout_pane_at(const struct app *app, int y, int x, int *row);

/* ---- view.c ---- */
/* The generic scrolling of views: MOVE_*, PAGE_*, HALF_*, FIRST, LAST, SCROLL_*. */
int view_scroll(struct view *v, enum action act);
/* Moves an overlay's first shown row *top for a movement action, by a line
 * or a page of `page` rows, within 0..max_top. False when act is not one. */
bool view_scroll_overlay(size_t *top, enum action act, size_t page, size_t max_top);
/* The same actions moving a cursor over rows, keeping it visible. */
int view_cursor(struct view *v, enum action act);
/* Puts the cursor on row (clamped), keeping it at the same screen line when possible. */
void view_cursor_set(struct view *v, size_t row, bool keep_offset);
size_t view_lines(struct view *v);
/* Draws the pane's content (ops->draw or every visible row) and its title. */
void view_draw(struct app *app, enum pane p);
/* Draws len bytes of untrusted text at the cursor of w, sanitized, cut to
 * width display columns without splitting a character. Returns the columns used. */
int view_put(WINDOW *w, int width, const char *s, size_t len, int attr);
/* The attribute view_put gives to escapes of control bytes (the theme's). */
void view_set_escaped_attr(int attr);
/* A border around w, and a vertical line down a one-column w. */
void view_box(WINDOW *w, int attr);
void view_vline(WINDOW *w, int attr);
/* Pads with spaces to width columns. */
void view_pad(WINDOW *w, int width, int attr);

/* ---- view_jobs.c ---- */
/* Lines above the rows of the list: its column header. */
#define VIEW_JOBS_HEADER_ROWS 1
/* After the store changed: puts the cursor back on the selected job (or the
 * nearest row when it went away) without moving the viewport. */
void view_jobs_sync(struct app *app);
/* The status glyph ("▶"; ASCII outside UTF-8 locales). */
const char *view_jobs_glyph(int status);
/* "3/40 jobs  filter: x  sort: created desc": the list pane's title extra. */
void view_jobs_title(struct app *app, struct strbuf *out);

/* ---- prompt.c ---- */
void prompt_open(struct app *app, const char *prefix, const char *initial,
                 void (*on_change)(struct app *app, const char *text),
                 void (*on_done)(struct app *app, const char *text));
int prompt_key(struct app *app, const TermKeyKey *key);
void prompt_draw(struct app *app, WINDOW *w);
void prompt_done(struct prompt *p);

/* ---- statusbar.c ---- */
void statusbar_draw_header(struct app *app);
/* The attribute of a cluster status or health name ("RUNNING", "DEGRADED"): normal when all is
 * well, the message colour when it deserves a look, the error colour when it is broken. */
int statusbar_cluster_attr(struct app *app, const char *state, int normal);
void statusbar_draw_bottom(struct app *app);

/* ---- help.c ---- */
void help_open(struct app *app);
int help_key(struct app *app, enum action act, const TermKeyKey *key);
void help_draw(struct app *app);

/* ---- picker.c ---- */
/* Opens the cluster picker and lists the clusters of app->folder_id. */
void picker_open(struct app *app);
void picker_free(struct picker *pk);
/* Cancels the picker's listing, if any (before the app goes away). */
void picker_cancel(struct app *app);
int picker_key(struct app *app, enum action act, const TermKeyKey *key);
void picker_draw(struct app *app);
/* The row of the picker under a click, or -1. */
int picker_click(struct app *app, int y, int x);

/* ---- dialog_confirm.c ---- */
/* Opens a question over the panes: text (lines split at '\n') with Yes/No
 * buttons, No the default; or, when typed > 0, a prompt that confirms only
 * when that number is typed. on_done(app, confirmed, ctx) runs exactly once,
 * after the dialog closed (it may open another). */
void dialog_confirm_open(struct app *app, const char *title, const char *text, unsigned typed,
                         void (*on_done)(struct app *app, bool confirmed, void *ctx), void *ctx);
int dialog_confirm_key(struct app *app, enum action act, const TermKeyKey *key);
void dialog_confirm_draw(struct app *app);
/* Lines of the open dialog's text (for its height). */
int dialog_confirm_lines(const struct app *app);
/* Answers an open dialog No without drawing (teardown). */
void dialog_confirm_free(struct app *app);

/* ---- cancel.c ---- */
/* `x`: asks to cancel the selected job, or the marked ones; says why not. */
int cancel_action(struct app *app);
bool cancel_is_marked(const struct app *app, const char *job_id);
void cancel_toggle_mark(struct app *app, const char *job_id);
void cancel_clear_marks(struct app *app);
/* Drops the calls in flight (their results are ignored) and the marks. */
void cancel_abort_all(struct app *app);

/* ---- ops_view.c ---- */
/* The `:ops` overlay: the operations of this session, newest last. */
void ops_view_open(struct app *app);
int ops_view_key(struct app *app, enum action act, const TermKeyKey *key);
void ops_view_draw(struct app *app);

/* ---- spawn.c ---- */
/* Runs argv[0] (searched in PATH) with the terminal its own: the TUI is
 * suspended (term_leave), SIGINT/SIGQUIT/SIGPIPE ignored as system() does,
 * posix_spawn so that nothing runs between fork and exec while the gRPC
 * threads run. stdin_fd >= 0 becomes the child's stdin. Returns the pid, or
 * -1 with the terminal taken back and errno set. Finish with spawn_wait. */
int spawn_start(char *const argv[], int stdin_fd);
/* Waits for pid (if > 0), takes the terminal back, restores the signals.
 * Returns the wait status (-1 when pid <= 0). */
int spawn_wait(struct app *app, int pid);

/* ---- edit.c ---- */
/* `e`: the selected job's spec (or a Spark template) as JSON in $EDITOR,
 * submitted as a new job when it parses and validates. */
int edit_action(struct app *app);

/* ---- dialog_create.c ---- */
/* Sends what the create form holds: the app/ops layer calls CreateJob with
 * key as the idempotency key, then dialog_create_close() or _rejected(). */
typedef void (*dialog_create_submit_fn)(struct app *app, const char *name,
                                        const struct job_spec *spec, const char *key);
/* Opens the create form: empty (from NULL) or a clone of from, name suffixed. */
void dialog_create_open(struct app *app, const struct job *from, dialog_create_submit_fn on_submit);
int dialog_create_key(struct app *app, enum action act, const TermKeyKey *key);
void dialog_create_draw(struct app *app);
/* True when the terminal's cursor belongs in the form (a text field has focus). */
bool dialog_create_cursor(const struct app *app);
/* The server refused the job: its message next to the form, which stays open. */
void dialog_create_rejected(struct app *app, const char *line);
void dialog_create_close(struct app *app);
void dialog_create_free(struct app *app);
/* "etl" → "etl-2", "etl-2" → "etl-3", kept within 63 characters. */
void dialog_create_clone_name(const char *name, char out[64]);

#endif
