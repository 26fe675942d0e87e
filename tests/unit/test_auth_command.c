/* Unit tests for src/rpc/auth_command: the token command's output, exit status and timeout. */
#include "config.h"

#include <fcntl.h>
#include <stdbool.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rpc/auth_fetch.h"
#include "tap.h"
#include "util/xalloc.h"

static char test_dir[] = "/tmp/test_auth_command.XXXXXX";

static double
test_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Runs command with a 10 s limit; returns the token, or the error prefixed with "ERR ". */
static char *
test_run(const char *command, int timeout_ms, int cancel_fd)
{
	char *err = NULL;
	char *token = rpc_auth_command_run(command, timeout_ms, cancel_fd, &err);
	char *out;

	if (token != NULL) {
		if (err != NULL)
			printf("# an error came with the token: %s\n", err);
		free(err);
		return token;
	}
	out = xasprintf("ERR %s", err != NULL ? err : "(none)");
	free(err);
	return out;
}

static void test_is(const char *command, const char *want, const char *what);
static int test_read_pid(const char *path);

/* A run of a command that writes the pid of what it starts to a file: its result, its
 * time and that pid. */
struct test_spawning {
	char *got;
	double secs;
	int pid;
};

static struct test_spawning __attribute__((format(printf, 3, 4)))
test_run_spawning(const char *pid_path, int timeout_ms, const char *fmt, ...)
{
	struct test_spawning r;
	double start = test_now();
	char cmd[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	r.got = test_run(cmd, timeout_ms, -1);
	r.secs = test_now() - start;
	r.pid = test_read_pid(pid_path);
	return r;
}

/* The pid written to path by a command, 0 when none. */
static int
test_read_pid(const char *path)
{
	FILE *f = fopen(path, "r");
	int pid = 0;

	if (f != NULL) {
		if (fscanf(f, "%d", &pid) != 1)
			pid = 0;
		fclose(f);
	}
	unlink(path);
	return pid;
}

/* Whether pid is gone (a zombie waiting for an init that does not reap counts), within 5 s. */
static bool
test_gone(int pid)
{
	for (int i = 0; i < 50; i++) {
		char path[64], state = '?';
		FILE *f;

		if (kill(pid, 0) != 0)
			return true;
		snprintf(path, sizeof path, "/proc/%d/stat", pid);
		f = fopen(path, "r");
		if (f != NULL) {
			if (fscanf(f, "%*d %*s %c", &state) != 1)
				state = '?';
			fclose(f);
		}
		if (state == 'Z')
			return true;
		usleep(100000);
	}
	return false;
}

/* Hostile commands: each must end within its limit with a token or one error, and leave
 * nothing of its process group running. */
static void
test_hostile(void)
{
	char *path = xasprintf("%s/hostile.pid", test_dir), *got;
	struct test_spawning r;
	double start;

	test_is("printf 'ab\\000cd\\n'", "ERR token command printed a control character",
	        "a NUL byte in the output");
	test_is("printf 't1.\\303\\251t\\n'", "ERR token command printed a non-ASCII character",
	        "a non-ASCII byte (gRPC would refuse the header)");
	test_is("printf 'tok-crlf\\r\\n'", "tok-crlf", "CRLF after the token");
	test_is("printf ' \\t tok-sp \\t \\r\\n'", "tok-sp", "spaces and tabs around the token");

	start = test_now();
	got = test_run("yes", 20000, -1);
	is_str(got, "ERR token command printed more than 64 KiB", "an endless stream: too long");
	ok(test_now() - start < 5.0, "... killed as soon as it overflows (%.2f s)",
	   test_now() - start);
	free(got);
	test_is("head -c 10485760 /dev/zero | tr '\\0' t",
	        "ERR token command printed more than 64 KiB", "a 10 MiB stream");

	r = test_run_spawning(path, 700, "echo $$ > %s; exec >&- 2>&-; sleep 30", path);
	is_str(r.got, "ERR token command timed out after 700 ms (killed)",
	       "closes stdout and stderr but keeps running: times out");
	ok(r.secs < 5.0 && r.pid > 0 && test_gone(r.pid), "... killed, and gone (%.2f s)", r.secs);
	free(r.got);

	r = test_run_spawning(
	    path, 700, "trap '' TERM HUP INT; echo $$ > %s; while :; do sleep 1; done", path);
	is_str(r.got, "ERR token command timed out after 700 ms (killed)",
	       "ignores SIGTERM: times out");
	ok(r.secs < 5.0 && r.pid > 0 && test_gone(r.pid), "... killed, and gone (%.2f s)", r.secs);
	free(r.got);

	/* A daemon keeping the pipe open: the shell's exit is enough, the daemon is killed. */
	r = test_run_spawning(path, 10000, "sleep 30 & echo $! > %s; echo tok-daemon", path);
	is_str(r.got, "tok-daemon",
	       "a daemon holding stdout open: the token, once the shell exits");
	ok(r.secs < 5.0, "... without waiting for the timeout (%.2f s)", r.secs);
	ok(r.pid > 0 && test_gone(r.pid), "... and the daemon is killed");
	free(r.got);

	r = test_run_spawning(path, 10000, "sleep 30 >/dev/null 2>&1 & echo $! > %s; echo tok-bg",
	                      path);
	is_str(r.got, "tok-bg", "a background child with its own output: the token");
	ok(r.pid > 0 && test_gone(r.pid), "... and nothing of its process group is left running");
	free(r.got);

	/* One that left the group cannot be killed, but cannot hold the run either. */
	r = test_run_spawning(path, 10000, "setsid sleep 30 & echo $! > %s; echo tok-setsid", path);
	is_str(r.got, "tok-setsid", "a setsid daemon holding stdout open: the token");
	ok(r.secs < 5.0, "... without waiting for the timeout (%.2f s)", r.secs);
	if (r.pid > 0)
		kill(r.pid, SIGKILL);
	free(r.got);

	test_is("echo tok-before; trap 'exit 0' TERM; kill -TERM $$; echo after", "tok-before",
	        "a shell that exits 0 from its SIGTERM trap: what it printed before");
	free(path);
}

static void
test_is(const char *command, const char *want, const char *what)
{
	char *got = test_run(command, 10000, -1);

	is_str(got, want, "%s", what);
	free(got);
}

int
main(void)
{
	char *got, *cmd, *path;
	double start;
	int leaked, cancel[2];

	plan(39);
	signal(SIGPIPE, SIG_IGN);
	if (mkdtemp(test_dir) == NULL) {
		printf("Bail out! mkdtemp\n");
		return 1;
	}
	test_is("echo t1.token-of-the-test", "t1.token-of-the-test", "one line: the token");
	test_is("printf '  \\n tok-en \\r\\n\\n'", "tok-en", "blank lines and spaces are trimmed");
	test_is("true", "ERR token command printed nothing", "no output");
	test_is("printf '   \\n\\n'", "ERR token command printed nothing", "only blanks");
	test_is("printf 'a\\nb\\n'", "ERR token command printed more than one line", "two lines");
	test_is("printf 'a\\001b'", "ERR token command printed a control character",
	        "a control character");
	test_is("head -c 70000 /dev/zero | tr '\\0' a",
	        "ERR token command printed more than 64 KiB", "more than 64 KiB");
	got = test_run("head -c 65536 /dev/zero | tr '\\0' a; echo", 10000, -1);
	ok(strlen(got) == 65536 && got[0] == 'a', "exactly 64 KiB is a token");
	free(got);
	test_is("echo 'no such profile' >&2; echo half-a-token; exit 3",
	        "ERR token command exited with status 3: no such profile",
	        "non-zero exit: status and the first stderr line, not stdout");
	test_is("exit 7", "ERR token command exited with status 7", "non-zero exit, silent");
	test_is("printf '\\n\\033[31mred\\033[0m\\nsecond\\n' >&2; exit 1",
	        "ERR token command exited with status 1: \\x1b[31mred\\x1b[0m",
	        "the stderr line is sanitized");
	test_is("kill -9 $$", "ERR token command was killed by signal 9", "killed by a signal");
	test_is("cat; echo after-stdin", "after-stdin", "stdin is /dev/null");

	/* An fd of ours without CLOEXEC must not reach the command. */
	leaked = fcntl(STDOUT_FILENO, F_DUPFD, 57);
	cmd = xasprintf("ls /proc/self/fd | tr '\\n' ' '");
	got = test_run(cmd, 10000, -1);
	ok(leaked == 57 && strstr(got, "57") == NULL && strncmp(got, "0 1 2", 5) == 0,
	   "no other descriptor is inherited (%s)", got);
	free(got);
	free(cmd);
	close(leaked);

	/* A timeout kills the whole process group, the command's children too. */
	path = xasprintf("%s/child.pid", test_dir);
	cmd = xasprintf("sleep 30 & echo $! > %s; wait", path);
	start = test_now();
	got = test_run(cmd, 500, -1);
	is_str(got, "ERR token command timed out after 500 ms (killed)", "a timeout: the error");
	ok(test_now() - start < 5.0, "... ends the run early (%.2f s)", test_now() - start);
	free(got);
	free(cmd);
	FILE *f = fopen(path, "r");
	int child = 0;

	if (f != NULL) {
		if (fscanf(f, "%d", &child) != 1)
			child = 0;
		fclose(f);
	}
	/* Killed, perhaps not reaped yet by init: give it a moment. */
	for (int i = 0; i < 50 && child > 0 && kill(child, 0) == 0; i++)
		usleep(100000);
	ok(child > 0 && kill(child, 0) != 0, "... and the command's background child is gone");
	unlink(path);
	free(path);

	/* cancel_fd: readable means stop now. */
	if (pipe(cancel) != 0) {
		printf("Bail out! pipe\n");
		return 1;
	}
	start = test_now();
	if (write(cancel[1], "x", 1) != 1)
		printf("# write failed\n");
	got = test_run("sleep 20", 30000, cancel[0]);
	is_str(got, "ERR token command cancelled", "a readable cancel fd stops the command");
	ok(test_now() - start < 5.0, "... at once (%.2f s)", test_now() - start);
	free(got);
	close(cancel[0]);
	close(cancel[1]);

	/* 200 KB on stderr first: both pipes are drained, so the command never blocks. */
	test_is("head -c 200000 /dev/zero | tr '\\0' e >&2; echo tok-after-noise",
	        "tok-after-noise", "a chatty stderr does not stall the command");
	test_hostile();
	rmdir(test_dir);
	return done_testing();
}
