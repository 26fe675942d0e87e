/* Running a child (pager, $EDITOR) on the terminal while the TUI is suspended. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ui/internal.h"

extern char **environ;

/* The dispositions spawn_start replaced, put back by spawn_wait. Static:
 * one child at a time, run from the UI thread. */
static struct sigaction spawn_old_int, spawn_old_quit, spawn_old_pipe;

int
spawn_start(char *const argv[], int stdin_fd)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, deflt;
	struct sigaction ign;
	pid_t pid;
	int rc;

	posix_spawn_file_actions_init(&fa);
	if (stdin_fd >= 0)
		posix_spawn_file_actions_adddup2(&fa, stdin_fd, STDIN_FILENO);
	posix_spawnattr_init(&attr);
	/* The child starts with no signal blocked and every handler default:
	 * ours write to the loop's self-pipe, which means nothing there. */
	sigemptyset(&none);
	sigfillset(&deflt);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &deflt);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	/* Like system(): ^C in the child is the child's, not a reason to quit. */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &spawn_old_int);
	sigaction(SIGQUIT, &ign, &spawn_old_quit);
	sigaction(SIGPIPE, &ign, &spawn_old_pipe);
	/* The terminal goes back to the shell's mode before the child exists:
	 * the gRPC threads keep running, so the child must exec at once. */
	term_leave();
	rc = posix_spawnp(&pid, argv[0], &fa, &attr, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	if (rc != 0) {
		errno = rc;
		return -1;
	}
	return (int)pid;
}

int
spawn_wait(struct app *app, int pid)
{
	int status = -1, saved = errno;

	if (pid > 0) {
		while (waitpid((pid_t)pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	term_enter(app);
	sigaction(SIGINT, &spawn_old_int, NULL);
	sigaction(SIGQUIT, &spawn_old_quit, NULL);
	sigaction(SIGPIPE, &spawn_old_pipe, NULL);
	errno = saved;
	return pid > 0 ? status : -1;
}
