/* Unit tests for src/rpc/auth_command: the token command's output, exit status and timeout. */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
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

	plan(20);
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
	rmdir(test_dir);
	return done_testing();
}
