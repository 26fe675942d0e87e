/* The terminal: curses draws, libtermkey reads keys; taken and given back in order. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "ui/internal.h"
#include "util/xalloc.h"

#define TERM_MOUSE_ON "\033[?1000h\033[?1002h\033[?1006h"
#define TERM_MOUSE_OFF "\033[?1006l\033[?1002l\033[?1000l"
/* termkey's default is 50 ms; vis and STYLE.md use 25 ms for a lone Esc. */
#define TERM_ESC_DELAY_MS 25

/* Static because term_restore() runs from atexit and the fatal hook, where
 * no app pointer is at hand. */
static struct {
	bool active; /* curses and termkey own the terminal */
	bool mouse;
	TermKey *tk;
	bool hooks;
} term;

static void
term_write(const char *s)
{
	size_t len = strlen(s);

	/* Best effort: on a dead tty there is nobody to tell. */
	while (len > 0) {
		ssize_t n = write(STDOUT_FILENO, s, len);

		if (n <= 0)
			return;
		s += n;
		len -= (size_t)n;
	}
}

static void
term_release(void)
{
	if (term.mouse)
		term_write(TERM_MOUSE_OFF);
	/* termkey first: it restores the termios it found (curses' program mode)
	 * and rmkx; endwin then restores the shell's mode. */
	if (term.tk)
		termkey_stop(term.tk);
	endwin();
}

void
term_restore(void)
{
	if (!term.active)
		return;
	term.active = false;
	term_release();
	if (term.tk) {
		termkey_destroy(term.tk);
		term.tk = NULL;
	}
}

static void
term_fatal_hook(void)
{
	term_restore();
}

bool
term_init(struct app *app, char **err)
{
	const char *no_colour = getenv("NO_COLOR");

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		*err =
		    xstrdup("the TUI needs a terminal; use a command (dpjobs --help) in scripts");
		return false;
	}
	if (!newterm(NULL, stdout, stdin)) {
		*err = xasprintf("cannot use the terminal type '%s'",
		                 getenv("TERM") ? getenv("TERM") : "");
		return false;
	}
	typeahead(-1);
	curs_set(0);
	leaveok(stdscr, TRUE);
	app->use_colour = has_colors() && !(no_colour && *no_colour);
	if (app->use_colour) {
		start_color();
		use_default_colors();
	}
	term.tk = termkey_new(STDIN_FILENO,
	                      TERMKEY_FLAG_CTRLC | TERMKEY_FLAG_SPACESYMBOL | TERMKEY_FLAG_EINTR);
	if (!term.tk) {
		endwin();
		*err = xstrdup("cannot read the keyboard (termkey_new failed)");
		return false;
	}
	termkey_set_waittime(term.tk, TERM_ESC_DELAY_MS);
	/* curses' program mode must be termkey's raw mode, or every refresh after
	 * endwin (suspend) would bring the cooked mode back. */
	def_prog_mode();
	term.active = true;
	term.mouse = app->mouse;
	if (term.mouse)
		term_write(TERM_MOUSE_ON);
	app->tk = term.tk;
	if (!term.hooks) {
		term.hooks = true;
		xalloc_set_fatal_hook(term_fatal_hook);
		atexit(term_restore);
	}
	return true;
}

void
term_suspend(struct app *app)
{
	struct sigaction sa, old;

	if (!term.active)
		return;
	term_release();
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTSTP, &sa, &old);
	raise(SIGTSTP);
	/* Here after `fg` (SIGCONT). */
	sigaction(SIGTSTP, &old, NULL);
	termkey_start(term.tk);
	def_prog_mode();
	if (term.mouse)
		term_write(TERM_MOUSE_ON);
	term_resize();
	clearok(curscr, TRUE);
	app_dirty_all(app);
}

void
term_leave(void)
{
	if (term.active)
		term_release();
}

void
term_enter(struct app *app)
{
	if (!term.active)
		return;
	termkey_start(term.tk);
	def_prog_mode();
	if (term.mouse)
		term_write(TERM_MOUSE_ON);
	term_resize();
	clearok(curscr, TRUE);
	app_dirty_all(app);
}

void
term_set_mouse(bool on)
{
	if (term.active && term.mouse != on)
		term_write(on ? TERM_MOUSE_ON : TERM_MOUSE_OFF);
	term.mouse = on;
}

void
term_resize(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
}
