/* Application state and controllers: job list refresh, keys, commands, timers. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/internal.h"
#include "ui/keymap.h"
#include "ui/ops.h"
#include "model/logbuf.h"
#include "ui/theme.h"
#include "util/conffile.h"
#include "util/xalloc.h"

/* Jobs per ListJobs page: the API's maximum, so 1,000 jobs cost one call. */
#define APP_PAGE_SIZE 1000
/* The selected job, while active, is polled this often. */
#define APP_POLL_MS 2000
/* Live durations and ages. */
#define APP_TICK_MS 1000
#define APP_TICK_IDLE_MS 30000
/* A wheel notch scrolls this many lines. */
#define APP_WHEEL_LINES 3
/* How long teardown waits for cancelled calls to report back. */
#define APP_DRAIN_MS 2000
/* The cluster's status and health change rarely: ask again every this many job list refreshes
 * (30 s at the default 5 s refresh), and after an outage. */
#define APP_CLUSTER_EVERY 6

static void app_schedule_refresh(struct app *app);
static void app_schedule_poll(struct app *app);
static void app_schedule_tick(struct app *app);
static void app_get_result(const struct rpc_result *res, void *ctx);

/* ---- requests ---- */

struct app_req *
app_req_new(struct app *app, struct app_req **owner)
{
	struct app_req *req = xcalloc(1, sizeof(*req));

	req->app = app;
	req->owner = owner;
	*owner = req;
	return req;
}

void
app_req_free(void *ctx)
{
	struct app_req *req = ctx;

	if (!req->cancelled && *req->owner == req)
		*req->owner = NULL;
	free(req);
}

void
app_req_cancel(struct app_req **owner)
{
	struct app_req *req = *owner;

	if (!req)
		return;
	/* The result may already be queued: the flag makes it ignored. */
	req->cancelled = true;
	*owner = NULL;
	rpc_call_cancel(req->call);
}

/* ---- accessors of ui.h ---- */

struct rpc_client *
app_rpc(struct app *app)
{
	return app->rpc;
}

const char *
app_cluster_id(const struct app *app)
{
	return app->cluster_id;
}

const struct job *
app_selected_job(struct app *app)
{
	return app->selected_id ? jobstore_find(app->jobs, app->selected_id) : NULL;
}

const struct timestamp *
app_now(const struct app *app)
{
	return &app->now;
}

bool
app_paused(const struct app *app)
{
	return app->paused;
}

bool
app_has_focus(const struct app *app, const struct view *v)
{
	return &app->views[app->focus] == v;
}

void
app_message(struct app *app, bool error, const char *fmt, ...)
{
	va_list ap;
	struct strbuf sb = STRBUF_INIT;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	free(app->message);
	app->message = strbuf_detach(&sb);
	app->message_error = error;
	app->dirty_status = true;
}

void
app_view_dirty(struct app *app, struct view *v)
{
	(void)app;
	v->dirty = true;
}

int
app_attr(const struct app *app, enum color_elem elem)
{
	return theme_attr(app->theme, elem);
}

/* ---- theme ---- */

/* The configuration's lines, for the `color` lines over every theme loaded. */
static const struct app_config *app_cfg;

static bool
app_theme_load(struct app *app, const char *name, char **err)
{
	app->theme = name && *name ? theme_load(name, err) : theme_default();
	if (app->theme && app_cfg)
		settings_apply_colors(app->theme, app_cfg->config, app_cfg->config_n);
	return app->theme != NULL;
}

static void
app_theme_apply(struct app *app)
{
	theme_apply(app->theme, app->use_colour);
	view_set_escaped_attr(theme_attr(app->theme, COLOR_ESCAPED));
}

static bool
app_theme_command(struct app *app, const char *name)
{
	struct theme *t;
	char *err = NULL;

	if (!(t = theme_load(name, &err))) {
		app_message(app, true, "%s", err);
		free(err);
		return false;
	}
	if (app_cfg)
		settings_apply_colors(t, app_cfg->config, app_cfg->config_n);
	theme_free(app->theme);
	app->theme = t;
	app_theme_apply(app);
	/* Colour pairs were reused: every cell must be sent again. */
	clearok(curscr, TRUE);
	app_dirty_all(app);
	app_message(app, false, "theme %s", theme_name(t));
	return true;
}

/* ---- timers ---- */

unsigned
app_timer_add(struct app *app, int ms, void (*fn)(void *ctx), void *ctx)
{
	struct app_timer *t;

	if (app->n_timers == app->cap_timers) {
		app->cap_timers = app->cap_timers ? 2 * app->cap_timers : 16;
		app->timers = xrealloc(app->timers, app->cap_timers * sizeof(*app->timers));
	}
	if (++app->next_timer_id == 0)
		app->next_timer_id = 1;
	t = &app->timers[app->n_timers++];
	t->id = app->next_timer_id;
	t->due_ms = timefmt_monotonic_ms() + (ms > 0 ? ms : 0);
	t->fn = fn;
	t->ctx = ctx;
	return t->id;
}

void
app_timer_cancel(struct app *app, unsigned id)
{
	if (id == 0)
		return;
	for (size_t i = 0; i < app->n_timers; i++) {
		if (app->timers[i].id == id) {
			app->timers[i] = app->timers[--app->n_timers];
			return;
		}
	}
}

int
app_timers_run(struct app *app)
{
	int64_t now = timefmt_monotonic_ms();
	unsigned last = app->next_timer_id;
	int ran = 0;
	bool again = true;

	/* A callback may add or cancel timers: rescan after each one, and leave
	 * the timers it added for the next iteration. */
	while (again) {
		again = false;
		for (size_t i = 0; i < app->n_timers; i++) {
			struct app_timer t = app->timers[i];

			if (t.due_ms > now || t.id > last)
				continue;
			app->timers[i] = app->timers[--app->n_timers];
			t.fn(t.ctx);
			ran++;
			again = true;
			break;
		}
	}
	return ran;
}

int
app_timers_wait(const struct app *app)
{
	int64_t now = timefmt_monotonic_ms(), best = -1;

	for (size_t i = 0; i < app->n_timers; i++) {
		int64_t d = app->timers[i].due_ms - now;

		if (d < 0)
			d = 0;
		if (best < 0 || d < best)
			best = d;
	}
	return best > 24 * 3600 * 1000 ? 24 * 3600 * 1000 : (int)best;
}

void
app_tick_clock(struct app *app)
{
	app->now = timefmt_now();
	jobstore_set_now(app->jobs, &app->now);
}

/* ---- drawing state ---- */

void
app_dirty_all(struct app *app)
{
	for (int p = 0; p < PANE_COUNT; p++)
		app->views[p].dirty = true;
	app->dirty_header = app->dirty_status = app->dirty_overlay = true;
}

bool
app_dirty(const struct app *app)
{
	for (int p = 0; p < PANE_COUNT; p++) {
		if (app->views[p].dirty && app->views[p].win)
			return true;
	}
	return app->dirty_header || app->dirty_status ||
	       (app->dirty_overlay && app->overlay != APP_OVERLAY_NONE);
}

void
app_focus(struct app *app, enum pane p)
{
	if (app->focus == p)
		return;
	app->views[app->focus].dirty = true;
	app->focus = p;
	app->views[p].dirty = true;
	app->dirty_status = true;
	/* A zoomed screen shows the focused pane only. */
	if (app->zoomed)
		layout_apply(app);
}

/* ---- the selected job ---- */

static void
app_poll_fire(void *ctx)
{
	struct app *app = ctx;
	struct app_req *req;

	app->poll_timer = 0;
	if (app->paused || !app->selected_id || app->get_req)
		return;
	req = app_req_new(app, &app->get_req);
	req->call = rpc_get_job(app->rpc, app->cluster_id, app->selected_id, app_get_result,
	                        app_req_free, req);
}

static void
app_schedule_poll(struct app *app)
{
	const struct job *job = app_selected_job(app);

	app_timer_cancel(app, app->poll_timer);
	app->poll_timer = 0;
	if (job && job_status_is_active(job->status) && !app->paused)
		app->poll_timer = app_timer_add(app, APP_POLL_MS, app_poll_fire, app);
}

/* Stores a job that came from the server; marks what shows it. */
static bool
app_put_job(struct app *app, struct job *job)
{
	bool selected = app->selected_id && strcmp(job->id, app->selected_id) == 0;
	bool changed = jobstore_put(app->jobs, job);

	if (changed && selected) {
		app->views[PANE_DETAIL].dirty = true;
		app->views[PANE_LOG].dirty = true;
	}
	return changed;
}

static void
app_get_result(const struct rpc_result *res, void *ctx)
{
	struct app_req *req = ctx;
	struct app *app = req->app;
	struct job *job;

	if (req->cancelled)
		return;
	if (res->code != RPC_OK) {
		/* The list refresh reports connection trouble; a job that went
		 * away disappears with the next refresh. */
		app_schedule_poll(app);
		return;
	}
	job = rpc_result_take_job(res);
	if (job && app_put_job(app, job)) {
		view_jobs_sync(app);
		app->dirty_status = true;
	}
	app_schedule_poll(app);
}

void
app_select(struct app *app, const char *job_id)
{
	if ((!job_id && !app->selected_id) ||
	    (job_id && app->selected_id && strcmp(job_id, app->selected_id) == 0))
		return;
	free(app->selected_id);
	app->selected_id = xstrdup(job_id);
	app_req_cancel(&app->get_req);
	for (int p = PANE_DETAIL; p < PANE_COUNT; p++) {
		struct view *v = &app->views[p];

		v->top = v->cursor = v->hscroll = 0;
		if (v->ops->select_job)
			v->ops->select_job(v, job_id);
		v->dirty = true;
	}
	app_schedule_poll(app);
}

/* ---- the job list ---- */

static void
app_set_conn(struct app *app, enum app_conn conn, char *error)
{
	free(app->conn_error);
	app->conn_error = error;
	if (app->conn != conn || error)
		app->dirty_header = app->dirty_status = true;
	app->conn = conn;
}

static void app_list_result(const struct rpc_result *res, void *ctx);
static void app_cluster_fetch(struct app *app);

static void
app_list_page(struct app *app, const char *token)
{
	struct app_req *req = app_req_new(app, &app->list_req);

	req->call = rpc_list_jobs(app->rpc, app->cluster_id, APP_PAGE_SIZE, token, NULL,
	                          app_list_result, app_req_free, req);
}

static void
app_list_result(const struct rpc_result *res, void *ctx)
{
	struct app_req *req = ctx;
	struct app *app = req->app;
	const struct rpc_job_page *page = &res->u.jobs;
	bool changed = false;

	if (req->cancelled)
		return;
	/* on_free clears the slot after this returns; the next page takes it now. */
	*req->owner = NULL;
	req->cancelled = true;
	if (res->code != RPC_OK) {
		app_set_conn(app, APP_CONN_ERROR, rpc_result_error_line(res));
		app->views[PANE_LIST].dirty = true;
		app_schedule_refresh(app);
		return;
	}
	if (app->conn != APP_CONN_OK) {
		/* Back after an outage: the cluster may have changed meanwhile. */
		if (app->conn != APP_CONN_CONNECTING)
			app_cluster_fetch(app);
		app_set_conn(app, APP_CONN_OK, NULL);
	}
	for (size_t i = 0; i < page->n_jobs; i++)
		changed |= app_put_job(app, job_dup(page->jobs[i]));
	app->list_loaded += page->n_jobs;
	if (page->next_page_token && *page->next_page_token) {
		app_list_page(app, page->next_page_token);
	} else {
		if (jobstore_end_refresh(app->jobs) > 0)
			changed = true;
		if (!app->list_complete)
			changed = true;
		app->list_complete = true;
		app_schedule_refresh(app);
		app_schedule_tick(app);
		if (++app->cluster_age >= APP_CLUSTER_EVERY)
			app_cluster_fetch(app);
	}
	if (changed || !app->list_complete) {
		view_jobs_sync(app);
		app->views[PANE_LIST].dirty = true;
		app->dirty_status = true;
	}
}

void
app_refresh(struct app *app)
{
	if (app->list_req || !*app->cluster_id)
		return;
	app_timer_cancel(app, app->refresh_timer);
	app->refresh_timer = 0;
	if (app->conn == APP_CONN_ERROR)
		app_set_conn(app, APP_CONN_RETRYING, xstrdup(app->conn_error));
	app->list_loaded = 0;
	jobstore_begin_refresh(app->jobs);
	app_list_page(app, "");
	if (!app->list_complete)
		app->views[PANE_LIST].dirty = true;
}

static void
app_refresh_fire(void *ctx)
{
	struct app *app = ctx;

	app->refresh_timer = 0;
	if (!app->paused)
		app_refresh(app);
}

static void
app_schedule_refresh(struct app *app)
{
	app_timer_cancel(app, app->refresh_timer);
	app->refresh_timer = 0;
	if (!app->paused)
		app->refresh_timer = app_timer_add(app, app->refresh_ms, app_refresh_fire, app);
}

static void
app_tick_fire(void *ctx)
{
	struct app *app = ctx;

	app->tick_timer = 0;
	app->views[PANE_LIST].dirty = true;
	app->views[PANE_DETAIL].dirty = true;
	app_schedule_tick(app);
}

/* Durations of running jobs change every second, ages every minute at most. */
static void
app_schedule_tick(struct app *app)
{
	size_t counts[JOB_STATUS_COUNT_ + 1];
	bool active = false;

	app_timer_cancel(app, app->tick_timer);
	app->tick_timer = 0;
	if (app->frozen_clock || jobstore_size(app->jobs) == 0)
		return;
	jobstore_counts(app->jobs, counts);
	for (int s = 0; s < JOB_STATUS_COUNT_; s++)
		active |= counts[s] > 0 && job_status_is_active(s);
	app->tick_timer =
	    app_timer_add(app, active ? APP_TICK_MS : APP_TICK_IDLE_MS, app_tick_fire, app);
}

/* ---- the cluster ---- */

static void
app_cluster_result(const struct rpc_result *res, void *ctx)
{
	struct app_req *req = ctx;
	struct app *app = req->app;

	if (req->cancelled)
		return;
	if (res->code == RPC_OK && res->u.cluster) {
		cluster_free(app->cluster);
		app->cluster = rpc_result_take_cluster(res);
		app->dirty_header = true;
	} else if (res->code != RPC_OK && app->cluster == NULL) {
		/* Only the first failure is news: later ones keep the last known state, and the job
		 * list's own error already says the connection is down. */
		char *line = rpc_result_error_line(res);

		app_message(app, true, "cluster: %s", line);
		free(line);
	}
}

/* Asks for the cluster again unless a request is in flight. */
static void
app_cluster_fetch(struct app *app)
{
	struct app_req *req;

	app->cluster_age = 0;
	if (app->cluster_req || !*app->cluster_id)
		return;
	req = app_req_new(app, &app->cluster_req);
	req->call =
	    rpc_get_cluster(app->rpc, app->cluster_id, app_cluster_result, app_req_free, req);
}

void
app_switch_cluster(struct app *app, const char *cluster_id)
{
	app_req_cancel(&app->list_req);
	app_req_cancel(&app->get_req);
	app_req_cancel(&app->cluster_req);
	app_timer_cancel(app, app->refresh_timer);
	app_timer_cancel(app, app->poll_timer);
	app_timer_cancel(app, app->tick_timer);
	app->refresh_timer = app->poll_timer = app->tick_timer = 0;
	app_select(app, NULL);
	jobstore_free(app->jobs);
	app->jobs = jobstore_new();
	jobstore_set_sort(app->jobs, JOBCOL_CREATED, true);
	jobstore_set_now(app->jobs, &app->now);
	app->quick_filter = 0;
	strlist_done(&app->marks);
	app->list_complete = false;
	app->list_loaded = 0;
	app->views[PANE_LIST].top = app->views[PANE_LIST].cursor = 0;
	free(app->cluster_id);
	app->cluster_id = xstrdup(cluster_id);
	cluster_free(app->cluster);
	app->cluster = NULL;
	app_set_conn(app, APP_CONN_CONNECTING, NULL);
	app_dirty_all(app);
	if (!*cluster_id)
		return;
	app_cluster_fetch(app);
	app_refresh(app);
}

/* ---- commands ---- */

static void
app_set_paused(struct app *app, bool paused)
{
	app->paused = paused;
	app->dirty_header = app->dirty_status = true;
	if (paused) {
		app_timer_cancel(app, app->refresh_timer);
		app_timer_cancel(app, app->poll_timer);
		app->refresh_timer = app->poll_timer = 0;
		app_message(app, false, "updates paused (Z resumes)");
	} else {
		app_message(app, false, "updates resumed");
		app_refresh(app);
		app_schedule_poll(app);
	}
}

/* Makes option id of s (already parsed) take effect now. false, with the
 * reason in the status line, when it cannot: then nothing changed. */
static bool
app_option_apply(struct app *app, enum option_id id, const struct settings *s)
{
	switch (id) {
	case OPTION_MOUSE:
		app->mouse = s->mouse;
		term_set_mouse(s->mouse);
		app_message(app, false, "mouse %s", s->mouse ? "on" : "off");
		return true;
	case OPTION_REFRESH_INTERVAL:
		app->refresh_ms = (int)(s->refresh_interval * 1000);
		app_message(app, false, "refresh every %gs", s->refresh_interval);
		/* A refresh in flight schedules the next one when it ends. */
		if (!app->list_req)
			app_schedule_refresh(app);
		return true;
	case OPTION_THEME:
		return app_theme_command(app, s->theme);
	case OPTION_LOG_COLORS:
		app->log_colors = s->log_colors;
		view_log_set_colors(&app->views[PANE_LOG], s->log_colors);
		app_message(app, false, "log-colors %s", s->log_colors ? "on" : "off");
		return true;
	case OPTION_LOG_MEMORY:
		logbuf_set_memory_budget(s->log_memory << 20);
		app_message(app, false, "log-memory %zu MiB", s->log_memory);
		return true;
	case OPTION_READONLY:
		/* Turning it off from inside would defeat a --readonly given by
		 * whoever started dpjobs for someone else to browse. */
		if (app->readonly && !s->readonly) {
			app_message(app, true, "readonly cannot be turned off at run time");
			return false;
		}
		app->readonly = s->readonly;
		app_dirty_all(app);
		app_message(app, false, "readonly %s", s->readonly ? "on" : "off");
		return true;
	case OPTION_COUNT:
		break;
	}
	return false;
}

/* Sets option name to value now; the status line says what happened. */
static void
app_set_option(struct app *app, const char *name, const char *value)
{
	enum option_id id = settings_find(name);
	struct settings tmp;
	char *err = NULL;

	if (id == OPTION_COUNT) {
		app_message(app, true, ":set: unknown option '%s'", name);
		return;
	}
	settings_copy(&tmp, &app->settings);
	if (!settings_set(&tmp, id, value, &err)) {
		app_message(app, true, ":set: %s", err);
		free(err);
		settings_done(&tmp);
	} else if (app_option_apply(app, id, &tmp)) {
		settings_done(&app->settings);
		app->settings = tmp;
	} else {
		settings_done(&tmp);
	}
}

/* `:set` shows every option; `:set NAME` one; `:set NAME VALUE` (or
 * `NAME = VALUE`, as in the configuration file) changes it now. */
static void
app_set_command(struct app *app, const char *args)
{
	struct conffile_rec rec;
	enum option_id id;
	char *line, *err = NULL, *v;
	size_t len;

	args += strspn(args, " \t");
	len = strcspn(args, " \t=");
	if (!*args) {
		v = settings_format_all(&app->settings);
		app_message(app, false, "%s", v);
		free(v);
		return;
	}
	if (!args[len + strspn(args + len, " \t")]) {
		char *name = xstrndup(args, len);

		id = settings_find(name);
		free(name);
		if (id == OPTION_COUNT) {
			app_message(app, true, ":set: unknown option '%.*s'", (int)len, args);
			return;
		}
		v = settings_format(&app->settings, id);
		app_message(app, false, "%s=%s", settings_name(id), v);
		free(v);
		return;
	}
	/* The configuration file's grammar, so that a line can be tried here. */
	line = xasprintf("set %s", args);
	if (conffile_parse_line(line, &rec, &err) < 0) {
		app_message(app, true, ":set: %s", err);
		free(err);
		free(line);
		return;
	}
	free(line);
	app_set_option(app, rec.a, rec.b);
	free(rec.a);
	free(rec.b);
}

/* :profile NAME: the same session with another profile of the configuration file, as
 * `--profile NAME` would start it (options given on the command line still win). The
 * connection is made anew, so the TUI ends here and the caller starts it again. */
static void
app_profile_command(struct app *app, const char *name)
{
	struct strbuf list = STRBUF_INIT;
	bool known = false;

	for (size_t i = 0; i < app_cfg->n_profiles; i++) {
		strbuf_addf(&list, "%s%s", i ? ", " : "", app_cfg->profiles[i]);
		known = known || (name && strcmp(name, app_cfg->profiles[i]) == 0);
	}
	if (!list.len)
		strbuf_addstr(&list, "none in the configuration file");
	if (!name)
		app_message(app, false, "profile %s (profiles: %s)",
		            app->profile ? app->profile : "none", list.buf);
	else if (!known)
		app_message(app, true, "no profile '%s' (profiles: %s)", name, list.buf);
	else {
		app->next_profile = xstrdup(name);
		app->quit = true;
	}
	strbuf_done(&list);
}

void
app_command(struct app *app, const char *line)
{
	char cmd[32] = "", arg[256] = "", extra[256] = "";
	int n = sscanf(line, " %31s %255s %255s", cmd, arg, extra);

	if (n <= 0)
		return;
	/* `:LINE` goes to a line of the log, as in less and vim. */
	if (strspn(cmd, "0123456789") == strlen(cmd) && app->focus == PANE_LOG) {
		if (!view_log_goto(&app->views[PANE_LOG], strtoul(cmd, NULL, 10)))
			app_message(app, true, "no line %s in the log", cmd);
		return;
	}
	if (strcmp(cmd, "q") == 0 || strcmp(cmd, "quit") == 0) {
		app->quit = true;
	} else if (strcmp(cmd, "cluster") == 0) {
		if (n >= 2) {
			app_switch_cluster(app, arg);
		} else if (app->folder_id && *app->folder_id) {
			picker_open(app);
		} else {
			app_message(app, true, ":cluster needs an id (or start with --folder-id)");
		}
	} else if (strcmp(cmd, "refresh") == 0) {
		if (n < 2)
			app_message(app, true, ":refresh needs seconds between 0.5 and 86400");
		else
			app_set_option(app, "refresh-interval", arg);
	} else if (strcmp(cmd, "theme") == 0) {
		if (n >= 2)
			app_set_option(app, "theme", arg);
		else
			app_message(app, false, "theme %s", theme_name(app->theme));
	} else if (strcmp(cmd, "bind") == 0) {
		char *err = NULL, act[256] = "";
		/* :bind KEYMAP KEY ACTION, as in the configuration file. */
		bool in_keymap = sscanf(line, " %*s %*s %*s %255s", act) == 1;

		if (n < 3) {
			app_message(app, true, "usage: :bind [KEYMAP] KEY ACTION");
		} else if (!keymap_bind_in(in_keymap ? arg : NULL, in_keymap ? extra : arg,
		                           in_keymap ? act : extra, &err)) {
			app_message(app, true, ":bind: %s", err);
			free(err);
		} else if (in_keymap) {
			app_message(app, false, "%s is now %s in %s", extra, act, arg);
		} else {
			app_message(app, false, "%s is now %s", arg, extra);
		}
	} else if (strcmp(cmd, "set") == 0) {
		/* The whole rest of the line: a quoted theme path may hold spaces. */
		app_set_command(app, strstr(line, "set") + 3);
	} else if (strcmp(cmd, "help") == 0) {
		help_open(app);
	} else if (strcmp(cmd, "ops") == 0) {
		ops_view_open(app);
	} else if (strcmp(cmd, "profile") == 0) {
		app_profile_command(app, n >= 2 ? arg : NULL);
	} else if (strcmp(cmd, "dismiss") == 0) {
		ops_dismiss(app);
		app->dirty_status = true;
	} else {
		app_message(
		    app, true,
		    "unknown command :%s (try :cluster, :profile, :theme, :refresh, :set, :q)",
		    cmd);
	}
}

static void
app_command_done(struct app *app, const char *text)
{
	if (text)
		app_command(app, text);
}

/* ---- keys ---- */

/* Applies what a handler reported. */
static int
app_react(struct app *app, struct view *v, int r)
{
	if (r & R_QUIT)
		app->quit = true;
	if (r & R_RELAYOUT)
		layout_apply(app);
	if (r & R_REDRAW_ALL)
		app_dirty_all(app);
	if ((r & R_REDRAW) && v)
		v->dirty = true;
	return r;
}

bool
app_action_writes(enum action act)
{
	return act == ACTION_CANCEL || act == ACTION_EDIT || act == ACTION_MARK_JOB ||
	       act == ACTION_NEW_JOB || act == ACTION_CLONE;
}

/* The create form's answer: the job went (the form closes, ops.c follows the
 * operation) or the server refused it (the form stays, with the reason). */
static void
app_create_done(struct app *app, const struct rpc_result *res, const char *name)
{
	char *line;

	if (res->code == RPC_OK) {
		dialog_create_close(app);
		app_message(app, false, "creating job %s", *name ? name : "(no name)");
		return;
	}
	line = rpc_result_error_line(res);
	dialog_create_rejected(app, line);
	free(line);
}

static void
app_create_submit(struct app *app, const char *name, const struct job_spec *spec, const char *key)
{
	if (!ops_create_job(app, name, spec, key, app_create_done))
		dialog_create_rejected(app, "a create is already in flight");
}

static int
app_global(struct app *app, enum action act)
{
	if (app->readonly && app_action_writes(act)) {
		app_message(app, true, "read-only mode: %s is off (readonly is on)",
		            action_name(act));
		return R_HANDLED;
	}
	switch (act) {
	case ACTION_QUIT:
	case ACTION_QUIT_NOW:
		return R_HANDLED | R_QUIT;
	case ACTION_HELP:
		help_open(app);
		return R_HANDLED;
	case ACTION_FOCUS_NEXT:
		app_focus(app, (enum pane)((app->focus + 1) % PANE_COUNT));
		return R_HANDLED;
	case ACTION_FOCUS_PREV:
		app_focus(app, (enum pane)((app->focus + PANE_COUNT - 1) % PANE_COUNT));
		return R_HANDLED;
	case ACTION_FOCUS_LIST:
	case ACTION_FOCUS_DETAIL:
	case ACTION_FOCUS_LOG:
		app_focus(app, (enum pane)(act - ACTION_FOCUS_LIST));
		return R_HANDLED;
	case ACTION_ZOOM:
		app->zoomed = !app->zoomed;
		return R_HANDLED | R_RELAYOUT;
	case ACTION_REDRAW:
		clearok(curscr, TRUE);
		return R_HANDLED | R_RELAYOUT;
	case ACTION_SUSPEND:
		term_suspend(app);
		return R_HANDLED | R_RELAYOUT;
	case ACTION_REFRESH:
		if (app->paused)
			app_set_paused(app, false);
		else
			app_refresh(app);
		app_schedule_poll(app);
		return R_HANDLED;
	case ACTION_PAUSE:
		app_set_paused(app, !app->paused);
		return R_HANDLED;
	case ACTION_COMMAND:
		prompt_open(app, ":", "", NULL, app_command_done);
		return R_HANDLED;
	case ACTION_CANCEL:
		return cancel_action(app);
	case ACTION_EDIT:
		return edit_action(app);
	case ACTION_OPS:
		ops_view_open(app);
		return R_HANDLED;
	case ACTION_NEW_JOB:
		dialog_create_open(app, NULL, app_create_submit);
		return R_HANDLED;
	case ACTION_CLONE:
		if (!app_selected_job(app)) {
			app_message(app, true, "no job to clone");
			return R_HANDLED;
		}
		dialog_create_open(app, app_selected_job(app), app_create_submit);
		return R_HANDLED;
	default:
		return R_NONE;
	}
}

int
app_key(struct app *app, const TermKeyKey *key)
{
	char name[KEYMAP_KEY_MAX];
	struct view *v = &app->views[app->focus];
	enum action act;
	int r;

	if (app->message) {
		free(app->message);
		app->message = NULL;
		app->dirty_status = true;
	}
	if (app->prompt.active)
		return app_react(app, NULL, prompt_key(app, key));
	keymap_key_name(app->tk, key, name);
	act = keymap_lookup(app->overlay == APP_OVERLAY_NONE ? (int)app->focus : -1, name);
	if (app->overlay == APP_OVERLAY_HELP)
		return app_react(app, NULL, help_key(app, act, key));
	if (app->overlay == APP_OVERLAY_PICKER)
		return app_react(app, NULL, picker_key(app, act, key));
	if (app->overlay == APP_OVERLAY_CONFIRM)
		return app_react(app, NULL, dialog_confirm_key(app, act, key));
	if (app->overlay == APP_OVERLAY_OPS)
		return app_react(app, NULL, ops_view_key(app, act, key));
	if (app->overlay == APP_OVERLAY_CREATE) {
		r = dialog_create_key(app, act, key);
		return app_react(app, NULL, r & R_HANDLED ? r : app_global(app, act));
	}
	/* Esc on the bottom line's failed operation dismisses it. */
	if (key->type == TERMKEY_TYPE_KEYSYM && key->code.sym == TERMKEY_SYM_ESCAPE &&
	    ops_alert(app)) {
		ops_dismiss(app);
		return R_HANDLED;
	}
	r = app_global(app, act);
	if (r & R_HANDLED)
		return app_react(app, v, r);
	if (v->ops->handle) {
		r = v->ops->handle(v, act, key);
		if (r & R_HANDLED)
			return app_react(app, v, r);
	}
	if (app->focus == PANE_LIST)
		return R_NONE;
	return app_react(app, v, view_scroll(v, act));
}

int
app_mouse(struct app *app, TermKeyMouseEvent ev, int button, int y, int x)
{
	int row, p;
	struct view *v;

	if (app->overlay == APP_OVERLAY_PICKER && ev == TERMKEY_MOUSE_PRESS && button == 1)
		return app_react(app, NULL, picker_click(app, y, x));
	if (app->overlay != APP_OVERLAY_NONE || app->prompt.active)
		return R_NONE;
	if (ev != TERMKEY_MOUSE_PRESS || (p = layout_pane_at(app, y, x, &row)) < 0)
		return R_NONE;
	v = &app->views[p];
	if (button == 4 || button == 5) {
		enum action act = button == 4 ? ACTION_MOVE_UP : ACTION_MOVE_DOWN;
		int r = R_NONE;

		/* The log pane scrolls by its own rows (wrapped, with markers). */
		for (int i = 0; i < APP_WHEEL_LINES; i++)
			r |= p == PANE_LIST  ? view_jobs_ops.handle(v, act, NULL)
			     : p == PANE_LOG ? view_log_ops.handle(v, act, NULL)
			                     : view_scroll(v, act);
		return app_react(app, v, r);
	}
	if (button != 1)
		return R_NONE;
	app_focus(app, (enum pane)p);
	if (p == PANE_LIST && row >= 0 && v->top + (size_t)row < view_lines(v)) {
		view_cursor_set(v, v->top + (size_t)row, false);
		app_select(app, jobstore_row(app->jobs, v->cursor)->id);
		v->dirty = true;
	}
	return R_HANDLED;
}

/* ---- run ---- */

static void
app_free(struct app *app)
{
	for (int p = 0; p < PANE_COUNT; p++) {
		if (app->views[p].ops->done)
			app->views[p].ops->done(&app->views[p]);
	}
	app_req_cancel(&app->list_req);
	app_req_cancel(&app->get_req);
	app_req_cancel(&app->cluster_req);
	picker_cancel(app);
	dialog_confirm_free(app);
	dialog_create_free(app);
	cancel_abort_all(app);
	ops_cancel_all(app);
	/* Every on_free must run while the app they point at still exists. */
	rpc_client_wait_idle(app->rpc, APP_DRAIN_MS);
	picker_free(app->picker);
	ops_free(app);
	prompt_done(&app->prompt);
	theme_free(app->theme);
	jobstore_free(app->jobs);
	keymap_done();
	settings_done(&app->settings);
	free(app->timers);
	free(app->selected_id);
	free(app->cluster_id);
	cluster_free(app->cluster);
	free(app->folder_id);
	free(app->endpoint);
	free(app->conn_error);
	free(app->message);
	/* A refused spec's file stays on disk for the user; only the names go. */
	free(app->edit_sent);
	free(app->edit_kept);
	free(app->next_profile);
	free(app->profile);
	free(app);
}

/* The command line over the configuration file, then both into the app. */
static void
app_apply_config(struct app *app, const struct app_config *cfg)
{
	struct settings *s = &app->settings;

	if (cfg->theme) {
		free(s->theme);
		s->theme = xstrdup(cfg->theme);
	}
	s->mouse |= cfg->mouse;
	s->log_colors |= cfg->log_colors;
	s->readonly |= cfg->readonly;
	if (cfg->refresh_s > 0)
		s->refresh_interval = cfg->refresh_s;
	if (cfg->log_memory_mib)
		s->log_memory = cfg->log_memory_mib;
	app->mouse = s->mouse;
	app->readonly = s->readonly;
	app->refresh_ms = (int)(s->refresh_interval * 1000);
	app->log_colors = s->log_colors;
	if (s->log_colors)
		view_log_set_colors(&app->views[PANE_LOG], true);
	logbuf_set_memory_budget(s->log_memory << 20);
}

int
app_run(const struct app_config *cfg, char **next_profile)
{
	static const struct view_ops *const ops[PANE_COUNT] = {
	    [PANE_LIST] = &view_jobs_ops,
	    [PANE_DETAIL] = &view_detail_ops,
	    [PANE_LOG] = &view_log_ops,
	};
	struct app *app = xcalloc(1, sizeof(*app));
	const char *now_env = getenv("DPJOBS_NOW");
	char *err = NULL;
	int rc;

	app->rpc = cfg->client;
	app->endpoint = xstrdup(cfg->endpoint ? cfg->endpoint : RPC_DEFAULT_ENDPOINT);
	app->cluster_id = xstrdup("");
	app->folder_id = xstrdup(cfg->folder_id);
	app->profile = cfg->profile ? xstrdup(cfg->profile) : NULL;
	app->frozen_clock = now_env && *now_env;
	app->jobs = jobstore_new();
	jobstore_set_sort(app->jobs, JOBCOL_CREATED, true);
	app_tick_clock(app);
	keymap_init();
	for (int p = 0; p < PANE_COUNT; p++) {
		app->views[p].ops = ops[p];
		app->views[p].app = app;
	}
	settings_init(&app->settings);
	app_cfg = cfg;
	settings_apply(&app->settings, cfg->config, cfg->config_n);
	app_apply_config(app, cfg);
	/* Curses would wipe a warning on stderr: the message line tells it. */
	if (cfg->config_warning && cfg->config_more)
		app_message(app, true, "%s (%zu more: dpjobs config show)", cfg->config_warning,
		            cfg->config_more);
	else if (cfg->config_warning)
		app_message(app, true, "%s", cfg->config_warning);
	if (cfg->message)
		app_message(app, true, "%s", cfg->message);
	if (!app_theme_load(app, app->settings.theme, &err) && !cfg->theme) {
		/* The configuration's theme: start anyway, as with any bad line. */
		app_message(app, true, "%s", err);
		free(err);
		err = NULL;
		free(app->settings.theme);
		app->settings.theme = xstrdup("default");
		app_theme_load(app, app->settings.theme, &err);
	}
	if (!app->theme || !loop_signals_init(&err) || !term_init(app, &err)) {
		loop_signals_done();
		fprintf(stderr, "dpjobs: %s\n", err);
		free(err);
		app_free(app);
		app_cfg = NULL;
		*next_profile = NULL;
		return 1;
	}
	app_theme_apply(app);
	layout_apply(app);
	if (cfg->cluster_id && *cfg->cluster_id)
		app_switch_cluster(app, cfg->cluster_id);
	else
		picker_open(app);
	rc = loop_run(app);
	term_restore();
	loop_signals_done();
	*next_profile = app->next_profile;
	app->next_profile = NULL;
	app_free(app);
	app_cfg = NULL;
	return rc;
}
