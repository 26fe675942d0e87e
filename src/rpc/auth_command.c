/* The token command: runs `/bin/sh -c CMD` and reads one IAM token from its stdout. */
#define _GNU_SOURCE /* pipe2, posix_spawn_file_actions_addclosefrom_np */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "rpc/auth_fetch.h"
#include "rpc/rpc.h"
#include "util/sanitize.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

extern char **environ;

/* Only the first line of stderr is quoted; the rest is read and dropped so the command never
 * blocks on a full pipe. */
#define RPC_AUTH_STDERR_KEEP 4096
/* How much of that first line goes into the error. */
#define RPC_AUTH_STDERR_QUOTE 200
/* A shell that ended but left something holding its pipes: how long that may still write. */
#define RPC_AUTH_LINGER_MS 200
/* How often the shell's exit is looked for while its pipes stay open. */
#define RPC_AUTH_EXIT_POLL_MS 20

struct rpc_auth_output {
	int fd; /* -1 once at EOF */
	char *buf;
	size_t len, cap;
	bool overflow; /* more than cap bytes came */
};

static int64_t
rpc_auth_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reads what is there; at EOF or on an error the fd is closed and set to -1. */
static void
rpc_auth_output_read(struct rpc_auth_output *o)
{
	char chunk[4096];
	ssize_t n = read(o->fd, chunk, sizeof chunk);

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		close(o->fd);
		o->fd = -1;
		return;
	}
	if (o->len + (size_t)n > o->cap) {
		o->overflow = true;
		n = (ssize_t)(o->cap - o->len);
	}
	memcpy(o->buf + o->len, chunk, (size_t)n);
	o->len += (size_t)n;
	explicit_bzero(chunk, sizeof chunk);
}

/* The running command's process group, for rpc_kill_token_command in a signal handler. */
static volatile sig_atomic_t rpc_auth_command_group;

void
rpc_kill_token_command(void)
{
	pid_t group = (pid_t)rpc_auth_command_group;

	if (group > 0)
		kill(-group, SIGKILL);
}

/* The child: stdin /dev/null, stdout and stderr the pipes, its own process group (so a
 * timeout kills what it started too), default signals and mask, nothing else inherited. */
static int
rpc_auth_spawn(const char *command, int out_w, int err_w, pid_t *pid)
{
	static const int reset[] = {SIGPIPE, SIGINT,  SIGTERM, SIGQUIT, SIGHUP,  SIGCHLD, SIGTSTP,
	                            SIGTTIN, SIGTTOU, SIGUSR1, SIGUSR2, SIGALRM, SIGWINCH};
	char *argv[] = {"sh", "-c", (char *)command, NULL};
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, defaults;
	int rc;

	sigemptyset(&none);
	sigemptyset(&defaults);
	for (size_t i = 0; i < sizeof reset / sizeof reset[0]; i++)
		sigaddset(&defaults, reset[i]);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out_w, STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, err_w, STDERR_FILENO);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
	/* Our descriptors are CLOEXEC; this also covers any a library opened without it. */
	posix_spawn_file_actions_addclosefrom_np(&fa, 3);
#endif
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
	                                    POSIX_SPAWN_SETSIGDEF);
	posix_spawnattr_setpgroup(&attr, 0);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &defaults);
	rc = posix_spawn(pid, "/bin/sh", &fa, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	return rc;
}

/* The first line of stderr, sanitized and cut, for the error; "" when there is none. */
static char *
rpc_auth_first_line(const struct rpc_auth_output *e)
{
	struct strbuf sb;
	size_t n = 0;

	while (n < e->len && (e->buf[n] == '\n' || e->buf[n] == '\r'))
		n++;
	const char *line = e->buf + n;
	size_t len = 0;

	while (n + len < e->len && line[len] != '\n' && line[len] != '\r')
		len++;
	if (len > RPC_AUTH_STDERR_QUOTE)
		len = RPC_AUTH_STDERR_QUOTE;
	len = utf8_complete_prefix(line, len);
	strbuf_init(&sb);
	if (len > 0) {
		strbuf_addstr(&sb, ": ");
		sanitize_append(&sb, line, len, 0);
	}
	return strbuf_detach(&sb);
}

static bool
rpc_auth_is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* The token from stdout: trimmed, one line, printable; NULL with *err. */
static char *
rpc_auth_parse_output(const struct rpc_auth_output *o, char **err)
{
	const char *s = o->buf;
	size_t len = o->len;

	while (len > 0 && rpc_auth_is_space(s[0])) {
		s++;
		len--;
	}
	while (len > 0 && rpc_auth_is_space(s[len - 1]))
		len--;
	if (o->overflow || len > RPC_AUTH_FETCH_MAX) {
		*err =
		    xasprintf("token command printed more than %d KiB", RPC_AUTH_FETCH_MAX / 1024);
		return NULL;
	}
	if (len == 0) {
		*err = xstrdup("token command printed nothing");
		return NULL;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '\n' || ch == '\r') {
			*err = xstrdup("token command printed more than one line");
			return NULL;
		}
		/* gRPC refuses such a header value; say so here rather than on every call. */
		if (ch < 0x20 || ch == 0x7f) {
			*err = xstrdup("token command printed a control character");
			return NULL;
		}
		if (ch > 0x7f) {
			*err = xstrdup("token command printed a non-ASCII character");
			return NULL;
		}
	}
	return xstrndup(s, len);
}

/* Reads what is left without blocking: a writer that escaped the process group (setsid) may
 * hold the pipe open for ever. */
static void
rpc_auth_output_drain(struct rpc_auth_output *o)
{
	if (o->fd >= 0 && fcntl(o->fd, F_SETFL, O_NONBLOCK) == 0) {
		while (o->fd >= 0 && !o->overflow) {
			size_t before = o->len;
			int fd = o->fd;

			rpc_auth_output_read(o);
			if (o->fd == fd && o->len == before)
				break; /* EAGAIN: nothing more now */
		}
	}
	if (o->fd >= 0) {
		close(o->fd);
		o->fd = -1;
	}
}

/* Whether the command's shell has ended; it stays a zombie (WNOWAIT), so its process group
 * id cannot be reused before the kill that follows. */
static bool
rpc_auth_leader_ended(pid_t pid)
{
	siginfo_t info;

	memset(&info, 0, sizeof info);
	if (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) != 0)
		/* ECHILD: reaped already, by an inherited SIGCHLD = SIG_IGN. */
		return errno == ECHILD;
	return info.si_pid == pid;
}

char *
rpc_auth_command_run(const char *command, int timeout_ms, int cancel_fd, char **err)
{
	/* Room for a final "\r\n" after a token of the longest size. */
	struct rpc_auth_output out = {.fd = -1, .cap = RPC_AUTH_FETCH_MAX + 2};
	struct rpc_auth_output errout = {.fd = -1, .cap = RPC_AUTH_STDERR_KEEP};
	int out_pipe[2], err_pipe[2], status = 0, rc;
	int64_t deadline = rpc_auth_now_ms() + timeout_ms, ended_at = -1;
	bool timed_out = false, cancelled = false;
	int poll_errno = 0;
	char *token = NULL;
	pid_t pid;

	*err = NULL;
	if (pipe2(out_pipe, O_CLOEXEC) != 0) {
		*err = xasprintf("token command: pipe: %s", strerror(errno));
		return NULL;
	}
	if (pipe2(err_pipe, O_CLOEXEC) != 0) {
		*err = xasprintf("token command: pipe: %s", strerror(errno));
		close(out_pipe[0]);
		close(out_pipe[1]);
		return NULL;
	}
	rc = rpc_auth_spawn(command, out_pipe[1], err_pipe[1], &pid);
	close(out_pipe[1]);
	close(err_pipe[1]);
	if (rc != 0) {
		close(out_pipe[0]);
		close(err_pipe[0]);
		*err = xasprintf("cannot run the token command: %s", strerror(rc));
		return NULL;
	}
	rpc_auth_command_group = (sig_atomic_t)pid;
	out.fd = out_pipe[0];
	errout.fd = err_pipe[0];
	out.buf = xmalloc(out.cap);
	errout.buf = xmalloc(errout.cap);

	/* Until the shell has ended and its pipes are closed (or, when something it left behind
	 * keeps them open, RPC_AUTH_LINGER_MS after it ended), it overflows, the time is up or
	 * cancel_fd says stop. */
	for (;;) {
		struct pollfd pfd[3];
		int n = 0, i_out = -1, i_err = -1, i_cancel = -1;
		int64_t now = rpc_auth_now_ms(), left = deadline - now;

		if (out.overflow)
			break;
		if (ended_at < 0 && rpc_auth_leader_ended(pid))
			ended_at = now;
		if (ended_at >= 0 &&
		    ((out.fd < 0 && errout.fd < 0) || now - ended_at >= RPC_AUTH_LINGER_MS))
			break;
		if (left <= 0) {
			timed_out = true;
			break;
		}
		if (out.fd >= 0) {
			i_out = n;
			pfd[n++] = (struct pollfd){.fd = out.fd, .events = POLLIN};
		}
		if (errout.fd >= 0) {
			i_err = n;
			pfd[n++] = (struct pollfd){.fd = errout.fd, .events = POLLIN};
		}
		if (cancel_fd >= 0) {
			i_cancel = n;
			pfd[n++] = (struct pollfd){.fd = cancel_fd, .events = POLLIN};
		}
		/* The shell's exit wakes nobody: look again every RPC_AUTH_EXIT_POLL_MS. */
		if (left > RPC_AUTH_EXIT_POLL_MS)
			left = RPC_AUTH_EXIT_POLL_MS;
		if (poll(pfd, (nfds_t)n, (int)left) < 0 && errno != EINTR) {
			poll_errno = errno;
			break;
		}
		if (i_cancel >= 0 && (pfd[i_cancel].revents & POLLIN)) {
			cancelled = true;
			break;
		}
		if (i_out >= 0 && pfd[i_out].revents != 0)
			rpc_auth_output_read(&out);
		if (i_err >= 0 && pfd[i_err].revents != 0)
			rpc_auth_output_read(&errout);
	}
	/* Whatever of the group still runs (all of it, or what the shell left behind) goes; the
	 * shell is not reaped before this, so the group id is still ours. */
	kill(-pid, SIGKILL);
	/* Forgotten before the reap: from then on the group id may be someone else's. */
	rpc_auth_command_group = 0;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			/* Reaped by the kernel (SIGCHLD ignored): its status is lost. */
			status = 0;
			break;
		}
	}
	rpc_auth_output_drain(&out);
	rpc_auth_output_drain(&errout);

	if (cancelled) {
		*err = xstrdup("token command cancelled");
	} else if (out.overflow) {
		*err =
		    xasprintf("token command printed more than %d KiB", RPC_AUTH_FETCH_MAX / 1024);
	} else if (timed_out) {
		*err = timeout_ms % 1000 == 0
		           ? xasprintf("token command timed out after %d s (killed)",
		                       timeout_ms / 1000)
		           : xasprintf("token command timed out after %d ms (killed)", timeout_ms);
	} else if (poll_errno != 0) {
		*err = xasprintf("token command: poll: %s", strerror(poll_errno));
	} else if (WIFSIGNALED(status)) {
		*err = xasprintf("token command was killed by signal %d", WTERMSIG(status));
	} else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
		char *line = rpc_auth_first_line(&errout);

		*err =
		    xasprintf("token command exited with status %d%s", WEXITSTATUS(status), line);
		free(line);
	} else {
		token = rpc_auth_parse_output(&out, err);
	}
	explicit_bzero(out.buf, out.cap);
	free(out.buf);
	/* A command's stderr may echo what it was given. */
	explicit_bzero(errout.buf, errout.cap);
	free(errout.buf);
	return token;
}
