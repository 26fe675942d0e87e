/* The log pane's exports: save to a file, pipe into a command, markers, copy with OSC 52. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ui/internal.h"
#include "ui/log.h"
#include "util/fdio.h"
#include "util/xalloc.h"

/* Bytes written per slice of a save: the loop reads keys between slices. */
#define LOG_EXPORT_SLICE ((size_t)8 * 1024 * 1024)
#define LOG_EXPORT_CHUNK ((size_t)1024 * 1024)
/* How often a save that reached the bytes received so far looks again. */
#define LOG_EXPORT_WAIT_MS 50
/* Terminals and tmux drop longer OSC 52 payloads. */
#define LOG_EXPORT_COPY_MAX ((size_t)64 * 1024)

struct log_export {
	int fd;
	char *path;
	uint64_t off;
	unsigned timer;
	char *buf;
};

static void
log_export_free(struct log_export *e)
{
	if (!e)
		return;
	if (e->fd >= 0)
		close(e->fd);
	free(e->path);
	free(e->buf);
	free(e);
}

void
log_export_cancel(struct view_log *lv)
{
	if (!lv->export)
		return;
	app_timer_cancel(lv->v->app, lv->export->timer);
	log_export_free(lv->export);
	lv->export = NULL;
}

void
log_export_interrupt(struct view_log *lv, const char *why)
{
	if (!lv->export)
		return;
	app_message(lv->v->app, true,
	            "save to %s stopped at %llu bytes (%s): the file is incomplete",
	            lv->export->path, (unsigned long long)lv->export->off, why);
	log_export_cancel(lv);
}

char *
log_export_status(const struct view_log *lv)
{
	if (!lv->export)
		return NULL;
	return xasprintf("saving to %s: %llu of %llu bytes%s", lv->export->path,
	                 (unsigned long long)lv->export->off,
	                 (unsigned long long)logbuf_bytes(lv->lb),
	                 lv->catching_up ? " received so far" : "");
}

static void log_export_slice(void *ctx);

/* Writes the bytes of the log as the server sent them, from the logbuf
 * (also what was spilled to disk), one slice per loop pass; bytes that
 * arrive meanwhile are saved too. */
static void
log_export_slice(void *ctx)
{
	struct view_log *lv = ctx;
	struct log_export *e = lv->export;
	struct app *app = lv->v->app;
	size_t done = 0;

	e->timer = 0;
	while (done < LOG_EXPORT_SLICE) {
		ssize_t n = logbuf_read(lv->lb, e->off, e->buf, LOG_EXPORT_CHUNK);

		if (n < 0) {
			app_message(app, true, "save: reading the log: %s", strerror(errno));
			log_export_cancel(lv);
			app_view_dirty(app, lv->v);
			return;
		}
		if (n == 0 && lv->catching_up) {
			/* The log is still arriving page by page: the whole of it
			 * is what is asked for, so wait for the next pages. */
			app_view_dirty(app, lv->v);
			e->timer = app_timer_add(app, LOG_EXPORT_WAIT_MS, log_export_slice, lv);
			return;
		}
		if (n == 0) {
			app_message(app, false, "saved %llu bytes to %s",
			            (unsigned long long)e->off, e->path);
			if (close(e->fd) != 0)
				app_message(app, true, "save: %s: %s", e->path, strerror(errno));
			e->fd = -1;
			log_export_cancel(lv);
			app_view_dirty(app, lv->v);
			return;
		}
		if (!fdio_write_all(e->fd, e->buf, (size_t)n)) {
			app_message(app, true, "save: %s: %s", e->path, strerror(errno));
			log_export_cancel(lv);
			app_view_dirty(app, lv->v);
			return;
		}
		e->off += (uint64_t)n;
		done += (size_t)n;
	}
	app_view_dirty(app, lv->v);
	e->timer = app_timer_add(app, 0, log_export_slice, lv);
}

/* "~/x" is the home directory's x, as a shell would read it. */
static char *
log_export_expand(const char *path)
{
	const char *home = getenv("HOME");

	if (path[0] == '~' && path[1] == '/' && home && *home)
		return xasprintf("%s%s", home, path + 1);
	return xstrdup(path);
}

static void
log_export_save_done(struct app *app, const char *text)
{
	struct view_log *lv = app->views[PANE_LOG].data;
	struct log_export *e;
	char *path;
	int fd;

	if (!text || !*text || !lv)
		return;
	if (lv->export) {
		app_message(app, true, "a save is running already");
		return;
	}
	path = log_export_expand(text);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0644);
	if (fd < 0) {
		app_message(app, true, "save: %s: %s", path, strerror(errno));
		free(path);
		return;
	}
	e = xcalloc(1, sizeof(*e));
	e->fd = fd;
	e->path = path;
	e->buf = xmalloc(LOG_EXPORT_CHUNK);
	lv->export = e;
	/* The first slice at once: a log of a few MiB is saved before the next draw. */
	log_export_slice(lv);
}

/* "<job-name>-<job-id>.log", with what a file name cannot hold made '_'. */
static char *
log_export_default_name(struct view_log *lv)
{
	const struct job *job = app_selected_job(lv->v->app);
	const char *name =
	    job && job->id && strcmp(job->id, lv->job_id) == 0 && job->name && *job->name
	        ? job->name
	        : NULL;
	char *s = name ? xasprintf("%s-%s.log", name, lv->job_id) : xasprintf("%s.log", lv->job_id);

	for (char *p = s; *p; p++) {
		if (*p == '/' || *p == ' ' || (unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '_';
	}
	return s;
}

/* Runs cmd with `sh -c`, the log on its stdin, the terminal its own
 * (spawn.c: posix_spawn, so nothing of ours runs between fork and exec). */
static void
log_export_pipe_done(struct app *app, const char *text)
{
	struct view_log *lv = app->views[PANE_LOG].data;
	char *argv[] = {"/bin/sh", "-c", (char *)text, NULL};
	char *buf;
	int fds[2], status = 0, pid, spawn_errno = 0;
	uint64_t off = 0;
	bool broken = false;

	if (!text || !*text || !lv)
		return;
	/* Close-on-exec: only the dup2 onto stdin reaches the child. */
	if (pipe(fds) != 0 || fcntl(fds[0], F_SETFD, FD_CLOEXEC) != 0 ||
	    fcntl(fds[1], F_SETFD, FD_CLOEXEC) != 0) {
		app_message(app, true, "pipe: %s", strerror(errno));
		return;
	}
	pid = spawn_start(argv, fds[0]);
	if (pid < 0)
		spawn_errno = errno;
	close(fds[0]);
	if (pid > 0) {
		buf = xmalloc(LOG_EXPORT_CHUNK);
		for (;;) {
			ssize_t n = logbuf_read(lv->lb, off, buf, LOG_EXPORT_CHUNK);

			if (n <= 0)
				break;
			/* The pager quit before the end (EPIPE): that is fine. */
			if (!fdio_write_all(fds[1], buf, (size_t)n)) {
				broken = true;
				break;
			}
			off += (uint64_t)n;
		}
		free(buf);
	}
	close(fds[1]);
	status = spawn_wait(app, pid);
	if (pid < 0)
		app_message(app, true, "pipe: cannot run /bin/sh: %s", strerror(spawn_errno));
	else if (WIFEXITED(status) && WEXITSTATUS(status) != 0 && !broken)
		app_message(app, true, "pipe: %s exited with %d", text, WEXITSTATUS(status));
	else if (broken)
		app_message(app, false, "%s stopped reading after %llu bytes", text,
		            (unsigned long long)off);
	else
		app_message(app, false, "piped %llu bytes into %s", (unsigned long long)off, text);
}

static void
log_export_mark(struct view_log *lv)
{
	size_t before = logbuf_lines(lv->lb), at;
	char when[RFC3339_LEN];
	struct view_log_marker *m;

	/* Below the newest line while following; else below the current line
	 * (where n, N or :LINE went), else above the top line. */
	if (!lv->follow)
		before = lv->cur != SIZE_MAX
		             ? lv->cur + 1
		             : (view_log_shown(lv) > lv->v->top ? view_log_line_at(lv, lv->v->top)
		                                                : before);
	if (lv->n_markers == lv->cap_markers) {
		lv->cap_markers = lv->cap_markers ? 2 * lv->cap_markers : 8;
		lv->markers = xrealloc(lv->markers, lv->cap_markers * sizeof(*lv->markers));
	}
	/* Sorted by place, in the order they were made, so they draw in order. */
	for (at = lv->n_markers; at > 0 && lv->markers[at - 1].before > before; at--)
		;
	memmove(lv->markers + at + 1, lv->markers + at, (lv->n_markers - at) * sizeof(*m));
	m = &lv->markers[at];
	lv->n_markers++;
	m->before = before;
	m->seq = ++lv->marker_seq;
	timefmt_rfc3339(app_now(lv->v->app), when);
	/* To the second: "2026-01-15T12:00:00Z". */
	if (strlen(when) > 19)
		strcpy(when + 19, "Z");
	snprintf(m->text, sizeof(m->text), "%s mark %s %s", MB_CUR_MAX > 1 ? "───" : "---", when,
	         MB_CUR_MAX > 1 ? "───" : "---");
}

static const char log_export_b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void
log_export_base64(struct strbuf *out, const unsigned char *p, size_t len)
{
	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)p[i] << 16;
		char q[4];

		if (i + 1 < len)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < len)
			v |= p[i + 2];
		q[0] = log_export_b64[(v >> 18) & 63];
		q[1] = log_export_b64[(v >> 12) & 63];
		q[2] = i + 1 < len ? log_export_b64[(v >> 6) & 63] : '=';
		q[3] = i + 2 < len ? log_export_b64[v & 63] : '=';
		strbuf_add(out, q, 4);
	}
}

/* OSC 52 straight to the terminal, outside curses: the terminal (or tmux
 * with `set-clipboard on`, and ssh in between) puts it on the clipboard. */
static void
log_export_osc52(const char *s, size_t len)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, "\033]52;c;");
	log_export_base64(&sb, (const unsigned char *)s, len);
	strbuf_addstr(&sb, "\a");
	fflush(stdout);
	fdio_write_all(STDOUT_FILENO, sb.buf, sb.len);
	strbuf_done(&sb);
}

static void
log_export_copy(struct view_log *lv)
{
	struct app *app = lv->v->app;
	size_t n = logbuf_lines(lv->lb), line, len;
	const char *s;
	bool cut;

	if (!n) {
		app_message(app, true, "nothing to copy");
		return;
	}
	/* The current line, else the newest while following, else the top one. */
	if (lv->cur != SIZE_MAX && lv->cur < n)
		line = lv->cur;
	else if (lv->follow || view_log_shown(lv) <= lv->v->top)
		line = n - 1;
	else
		line = view_log_line_at(lv, lv->v->top);
	s = logbuf_line(lv->lb, line, &len);
	cut = len > LOG_EXPORT_COPY_MAX;
	if (cut)
		len = LOG_EXPORT_COPY_MAX;
	log_export_osc52(s, len);
	app_message(app, false, "copied line %zu (%zu bytes%s)", line + 1, len,
	            cut ? ", cut to 64 KiB" : "");
}

/* The lines between the two newest markers, as the server sent them
 * (their '\n' included). */
static void
log_export_copy_range(struct view_log *lv)
{
	struct app *app = lv->v->app;
	const struct view_log_marker *a = NULL, *b = NULL;
	uint64_t from, to;
	size_t len;
	char *buf;
	ssize_t got;

	for (size_t i = 0; i < lv->n_markers; i++) {
		const struct view_log_marker *m = &lv->markers[i];

		if (!a || m->seq > a->seq) {
			b = a;
			a = m;
		} else if (!b || m->seq > b->seq) {
			b = m;
		}
	}
	if (!b) {
		app_message(app, true, "C copies between two markers: m makes them");
		return;
	}
	from = logbuf_line_offset(lv->lb, a->before < b->before ? a->before : b->before);
	to = logbuf_line_offset(lv->lb, a->before < b->before ? b->before : a->before);
	len = to - from > LOG_EXPORT_COPY_MAX ? LOG_EXPORT_COPY_MAX : (size_t)(to - from);
	buf = xmalloc(len + 1);
	got = logbuf_read(lv->lb, from, buf, len);
	if (got < 0) {
		app_message(app, true, "copy: reading the log: %s", strerror(errno));
	} else {
		log_export_osc52(buf, (size_t)got);
		app_message(app, false, "copied %zu lines (%zd bytes%s)",
		            (a->before > b->before ? a->before - b->before : b->before - a->before),
		            got, (uint64_t)got < to - from ? ", cut to 64 KiB" : "");
	}
	free(buf);
}

int
log_export_handle(struct view_log *lv, enum action act)
{
	struct app *app = lv->v->app;
	const char *pager = getenv("PAGER");
	char *name;

	if (!lv->job_id)
		return act == ACTION_SAVE || act == ACTION_PIPE || act == ACTION_MARK ||
		               act == ACTION_COPY || act == ACTION_COPY_RANGE
		           ? R_HANDLED
		           : R_NONE;
	switch (act) {
	case ACTION_SAVE:
		name = log_export_default_name(lv);
		prompt_open(app, "save to: ", name, NULL, log_export_save_done);
		free(name);
		return R_HANDLED;
	case ACTION_PIPE:
		prompt_open(app, "pipe to: ", pager && *pager ? pager : "less", NULL,
		            log_export_pipe_done);
		return R_HANDLED;
	case ACTION_MARK:
		log_export_mark(lv);
		return R_HANDLED | R_REDRAW;
	case ACTION_COPY:
		log_export_copy(lv);
		return R_HANDLED;
	case ACTION_COPY_RANGE:
		log_export_copy_range(lv);
		return R_HANDLED;
	default:
		return R_NONE;
	}
}
