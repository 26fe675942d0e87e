/* The event loop: one poll() over tty, rpc, signals and timers; one draw per pass. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui/internal.h"
#include "util/log.h"
#include "util/xalloc.h"

static const int loop_signals[] = {SIGWINCH, SIGTERM, SIGINT, SIGTSTP, SIGCONT, SIGCHLD, SIGHUP};
#define LOOP_NSIGNALS (sizeof(loop_signals) / sizeof(loop_signals[0]))

static int loop_sigpipe[2] = {-1, -1};
static struct sigaction loop_old_actions[LOOP_NSIGNALS];
static bool loop_signals_on;

enum {
	LOOP_FD_TTY,
	LOOP_FD_RPC,
	LOOP_FD_SIGNAL,
	LOOP_NFDS,
};

/* Only async-signal-safe work here: the loop acts on the byte. */
static void
loop_on_signal(int sig)
{
	int saved = errno;
	unsigned char b = (unsigned char)sig;

	if (write(loop_sigpipe[1], &b, 1) < 0) {
		/* A full pipe already holds a wake-up. */
	}
	errno = saved;
}

bool
loop_signals_init(char **err)
{
	struct sigaction sa;

	if (pipe(loop_sigpipe) != 0) {
		*err = xasprintf("cannot create the signal pipe: %s", strerror(errno));
		return false;
	}
	for (int i = 0; i < 2; i++) {
		fcntl(loop_sigpipe[i], F_SETFL, fcntl(loop_sigpipe[i], F_GETFL) | O_NONBLOCK);
		fcntl(loop_sigpipe[i], F_SETFD, FD_CLOEXEC);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = loop_on_signal;
	sigemptyset(&sa.sa_mask);
	/* Restarted system calls elsewhere; poll() still returns EINTR. */
	sa.sa_flags = SA_RESTART;
	for (size_t i = 0; i < LOOP_NSIGNALS; i++)
		sigaction(loop_signals[i], &sa, &loop_old_actions[i]);
	loop_signals_on = true;
	return true;
}

void
loop_signals_done(void)
{
	if (!loop_signals_on)
		return;
	for (size_t i = 0; i < LOOP_NSIGNALS; i++)
		sigaction(loop_signals[i], &loop_old_actions[i], NULL);
	close(loop_sigpipe[0]);
	close(loop_sigpipe[1]);
	loop_sigpipe[0] = loop_sigpipe[1] = -1;
	loop_signals_on = false;
}

static void
loop_signal(struct app *app, int sig)
{
	log_debug("signal %d", sig);
	switch (sig) {
	case SIGWINCH:
		term_resize();
		layout_apply(app);
		break;
	case SIGTSTP:
		term_suspend(app);
		layout_apply(app);
		break;
	case SIGCONT:
		/* Stopped by someone else (SIGSTOP): the screen may be anything. */
		clearok(curscr, TRUE);
		app_dirty_all(app);
		break;
	case SIGTERM:
	case SIGINT:
	case SIGHUP:
		app->quit = true;
		app->exit_status = 128 + sig;
		break;
	default:
		/* SIGCHLD: children are reaped by whoever started them. */
		break;
	}
}

static void
loop_signals_read(struct app *app)
{
	unsigned char buf[64];
	ssize_t n;

	while ((n = read(loop_sigpipe[0], buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++)
			loop_signal(app, buf[i]);
	}
}

static void
loop_key(struct app *app, TermKeyKey *key)
{
	TermKeyMouseEvent ev;
	int button, line, col;

	if (key->type == TERMKEY_TYPE_MOUSE) {
		if (termkey_interpret_mouse(app->tk, key, &ev, &button, &line, &col) ==
		    TERMKEY_RES_KEY)
			/* termkey counts from 1, curses from 0. */
			app_mouse(app, ev, button, line - 1, col - 1);
		return;
	}
	app_key(app, key);
}

static void
loop_draw(struct app *app)
{
	bool any = false;

	if (!app->header)
		return;
	if (app->dirty_header) {
		statusbar_draw_header(app);
		app->dirty_header = false;
		any = true;
	}
	for (int p = 0; p < PANE_COUNT; p++) {
		if (app->views[p].dirty && app->views[p].win) {
			view_draw(app, (enum pane)p);
			any = true;
			if (p != PANE_LOG && app->separator) {
				view_vline(app->separator, app_attr(app, COLOR_PANE_BORDER));
				wnoutrefresh(app->separator);
			}
		}
	}
	if (app->status && (app->dirty_status || app->prompt.active)) {
		if (app->prompt.active)
			prompt_draw(app, app->status);
		else
			statusbar_draw_bottom(app);
		app->dirty_status = false;
		any = true;
	}
	/* The overlay sits on top of whatever was drawn under it. */
	if (app->overlay != APP_OVERLAY_NONE && app->overlay_win && (any || app->dirty_overlay)) {
		if (app->overlay == APP_OVERLAY_HELP)
			help_draw(app);
		else if (app->overlay == APP_OVERLAY_CONFIRM)
			dialog_confirm_draw(app);
		else if (app->overlay == APP_OVERLAY_OPS)
			ops_view_draw(app);
		else if (app->overlay == APP_OVERLAY_CREATE)
			dialog_create_draw(app);
		else
			picker_draw(app);
		touchwin(app->overlay_win);
		wnoutrefresh(app->overlay_win);
		any = true;
	}
	app->dirty_overlay = false;
	if (!any)
		return;
	if (app->prompt.active) {
		/* The prompt's window last: the terminal's cursor stays there. */
		wnoutrefresh(app->status);
		curs_set(1);
	} else if (app->overlay == APP_OVERLAY_CREATE && dialog_create_cursor(app)) {
		/* The form's window was refreshed last: the cursor is in its field. */
		curs_set(1);
	} else {
		curs_set(0);
	}
	doupdate();
}

/* The screen-test hook: "idle N" each time the loop goes to sleep with no
 * call pending and nothing to draw. */
static void
loop_idle_mark(int fd, unsigned *count)
{
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "idle %u\n", ++*count);

	/* Counts only grow, so the new text always covers the old. */
	if (pwrite(fd, buf, (size_t)len, 0) < 0)
		log_debug("idle file: %s", strerror(errno));
}

int
loop_run(struct app *app)
{
	struct pollfd fds[LOOP_NFDS];
	const char *idle_path = getenv("DPJOBS_IDLE_FILE");
	int idle_fd = -1;
	unsigned idle_count = 0;
	bool activity = true, again = false;
	int64_t again_since = 0;

	if (idle_path && *idle_path)
		idle_fd =
		    open(idle_path, O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK | O_CLOEXEC, 0644);
	fds[LOOP_FD_TTY].fd = termkey_get_fd(app->tk);
	fds[LOOP_FD_RPC].fd = rpc_client_wakeup_fd(app->rpc);
	fds[LOOP_FD_SIGNAL].fd = loop_sigpipe[0];
	while (!app->quit) {
		int timeout, rc;
		TermKeyKey key;
		TermKeyResult res;

		app_tick_clock(app);
		loop_draw(app);
		/* Not idle while a lone Esc (or a partial key) waits for its timeout. */
		if (idle_fd >= 0 && activity && !again && rpc_pending_count(app->rpc) == 0 &&
		    !app_dirty(app)) {
			loop_idle_mark(idle_fd, &idle_count);
			activity = false;
		}
		timeout = app_timers_wait(app);
		if (again) {
			int wait = termkey_get_waittime(app->tk) -
			           (int)(timefmt_monotonic_ms() - again_since);

			if (wait < 0)
				wait = 0;
			if (timeout < 0 || wait < timeout)
				timeout = wait;
		}
		for (int i = 0; i < LOOP_NFDS; i++) {
			fds[i].events = POLLIN;
			fds[i].revents = 0;
		}
		rc = poll(fds, LOOP_NFDS, timeout);
		if (rc < 0 && errno != EINTR) {
			log_debug("poll: %s", strerror(errno));
			app->exit_status = 1;
			break;
		}
		if (rc > 0 && fds[LOOP_FD_SIGNAL].revents) {
			loop_signals_read(app);
			activity = true;
		}
		if (rc > 0 && fds[LOOP_FD_RPC].revents) {
			if (rpc_client_dispatch(app->rpc) > 0)
				activity = true;
		}
		if (rc > 0 && fds[LOOP_FD_TTY].revents) {
			if (fds[LOOP_FD_TTY].revents & (POLLHUP | POLLERR | POLLNVAL) &&
			    !(fds[LOOP_FD_TTY].revents & POLLIN)) {
				/* The terminal went away. */
				app->quit = true;
				app->exit_status = 128 + SIGHUP;
				break;
			}
			termkey_advisereadable(app->tk);
			while ((res = termkey_getkey(app->tk, &key)) == TERMKEY_RES_KEY &&
			       !app->quit)
				loop_key(app, &key);
			if (res == TERMKEY_RES_EOF) {
				app->quit = true;
				break;
			}
			if (res == TERMKEY_RES_AGAIN && !again)
				again_since = timefmt_monotonic_ms();
			again = res == TERMKEY_RES_AGAIN;
			activity = true;
		} else if (again &&
		           timefmt_monotonic_ms() - again_since >= termkey_get_waittime(app->tk)) {
			/* A lone Esc: nothing followed it in time. */
			again = false;
			if (termkey_getkey_force(app->tk, &key) == TERMKEY_RES_KEY)
				loop_key(app, &key);
			activity = true;
		}
		if (app_timers_run(app) > 0 && (app_dirty(app) || rpc_pending_count(app->rpc)))
			activity = true;
	}
	if (idle_fd >= 0)
		close(idle_fd);
	return app->exit_status;
}
