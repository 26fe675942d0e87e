/* Benchmark helper: runs a command (the TUI) on a pty of its own, drains and counts what
 * it writes to the terminal, and times it against the DPJOBS_IDLE_FILE marks.
 *
 *   ptybench [-s ROWSxCOLS] [-o FILE] startup CMD...  ms from fork+exec to the first idle mark
 *   ptybench ... bytes SECONDS CMD...    terminal bytes between idle marks for SECONDS
 *   ptybench ... keys PREFIX KEYS CMD... sends PREFIX, then each byte of KEYS alone: ms from
 *                                        the write to the next idle mark, one line per key,
 *                                        and to the first byte of output it caused
 *
 * The idle file is made here and passed as DPJOBS_IDLE_FILE; it is watched with inotify,
 * so the time is taken when the mark is written (after the screen went out), not at the
 * next poll. The command is ended with SIGTERM. Output is only counted (or copied to -o). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static int pb_master = -1, pb_inotify = -1, pb_idle = -1, pb_copy = -1;
static unsigned long pb_mark; /* the last idle mark seen */
static unsigned long long pb_bytes;
static pid_t pb_child;
static int pb_stopping;
static double pb_first_out = -1; /* when the first byte since the reset came */
static char pb_idle_path[] = "/tmp/ptybench-idle.XXXXXX";

static void
pb_unlink(void)
{
	unlink(pb_idle_path);
}

static double
pb_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void
pb_die(const char *what)
{
	fprintf(stderr, "ptybench: %s: %s\n", what, strerror(errno));
	if (pb_child > 0)
		kill(pb_child, SIGKILL);
	exit(1);
}

/* The idle file's counter, 0 while it holds none. */
static unsigned long
pb_read_mark(void)
{
	char buf[64];
	ssize_t n = pread(pb_idle, buf, sizeof(buf) - 1, 0);
	unsigned long v = 0;

	if (n <= 0)
		return 0;
	buf[n] = '\0';
	if (sscanf(buf, "idle %lu", &v) != 1)
		return 0;
	return v;
}

/* Pumps the pty and the watch until a new idle mark (returns its time) or until
 * deadline (monotonic ms; returns -1). */
static double
pb_wait_mark(double deadline)
{
	for (;;) {
		struct pollfd fds[2] = {{pb_master, POLLIN, 0}, {pb_inotify, POLLIN, 0}};
		double now = pb_ms();
		int timeout = deadline < 0 ? -1 : (int)(deadline - now + 1);
		int rc;

		if (deadline >= 0 && now >= deadline)
			return -1;
		rc = poll(fds, 2, timeout);
		if (rc < 0 && errno != EINTR)
			pb_die("poll");
		if (rc <= 0)
			continue;
		if (fds[0].revents & POLLIN) {
			char buf[65536];
			ssize_t n = read(pb_master, buf, sizeof(buf));

			if (n > 0) {
				if (pb_first_out < 0)
					pb_first_out = pb_ms();
				pb_bytes += (unsigned long long)n;
				if (pb_copy >= 0 && write(pb_copy, buf, (size_t)n) < 0)
					pb_die("write");
			}
		} else if (fds[0].revents & (POLLHUP | POLLERR)) {
			if (pb_stopping) {
				usleep(10000);
				return -1;
			}
			fprintf(stderr, "ptybench: the command left the terminal\n");
			exit(1);
		}
		if (fds[1].revents & POLLIN) {
			char ev[4096];
			unsigned long m;

			if (read(pb_inotify, ev, sizeof(ev)) < 0 && errno != EAGAIN)
				pb_die("inotify");
			m = pb_read_mark();
			if (m > pb_mark) {
				double t = pb_ms();
				char buf[65536];
				ssize_t n;

				pb_mark = m;
				/* The screen went out before the mark: count all of it now. */
				while (poll(fds, 1, 0) > 0 && (fds[0].revents & POLLIN) &&
				       (n = read(pb_master, buf, sizeof(buf))) > 0) {
					pb_bytes += (unsigned long long)n;
					if (pb_copy >= 0 && write(pb_copy, buf, (size_t)n) < 0)
						pb_die("write");
				}
				return t;
			}
		}
	}
}

/* Drains the pty for ms without waiting for marks. */
static void
pb_drain(double ms)
{
	double end = pb_ms() + ms;

	while (pb_wait_mark(end) >= 0)
		;
}

static void
pb_start(char **argv, int rows, int cols, const char *idle_path)
{
	struct winsize ws = {(unsigned short)rows, (unsigned short)cols, 0, 0};
	char *slave;

	pb_master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (pb_master < 0 || grantpt(pb_master) != 0 || unlockpt(pb_master) != 0)
		pb_die("posix_openpt");
	slave = ptsname(pb_master);
	if (!slave)
		pb_die("ptsname");
	pb_child = fork();
	if (pb_child < 0)
		pb_die("fork");
	if (pb_child == 0) {
		int fd;

		setsid();
		fd = open(slave, O_RDWR);
		if (fd < 0)
			_exit(127);
		ioctl(fd, TIOCSCTTY, 0);
		ioctl(fd, TIOCSWINSZ, &ws);
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
		setenv("DPJOBS_IDLE_FILE", idle_path, 1);
		execvp(argv[0], argv);
		_exit(127);
	}
}

static void
pb_stop(void)
{
	int st;

	pb_stopping = 1;
	kill(pb_child, SIGTERM);
	/* Keep draining so a blocked write cannot hold the exit up. */
	for (int i = 0; i < 500; i++) {
		if (waitpid(pb_child, &st, WNOHANG) == pb_child)
			return;
		pb_drain(10);
	}
	kill(pb_child, SIGKILL);
	waitpid(pb_child, &st, 0);
}

static void
pb_usage(void)
{
	fprintf(stderr, "usage: ptybench [-s ROWSxCOLS] [-o FILE] startup|bytes SECONDS|keys "
	                "PREFIX KEYS CMD...\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	int rows = 50, cols = 200, i = 1;
	char *idle_path = pb_idle_path;
	const char *mode;
	double t0, t;

	while (i < argc && argv[i][0] == '-') {
		if (!strcmp(argv[i], "-s") && i + 1 < argc) {
			if (sscanf(argv[i + 1], "%dx%d", &rows, &cols) != 2)
				pb_usage();
			i += 2;
		} else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
			pb_copy = open(argv[i + 1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
			if (pb_copy < 0)
				pb_die(argv[i + 1]);
			i += 2;
		} else {
			pb_usage();
		}
	}
	if (i >= argc)
		pb_usage();
	mode = argv[i++];
	pb_idle = mkstemp(idle_path);
	if (pb_idle < 0)
		pb_die("mkstemp");
	atexit(pb_unlink);
	pb_inotify = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (pb_inotify < 0 || inotify_add_watch(pb_inotify, idle_path, IN_MODIFY) < 0)
		pb_die("inotify");
	signal(SIGPIPE, SIG_IGN);

	if (!strcmp(mode, "startup")) {
		if (i >= argc)
			pb_usage();
		t0 = pb_ms();
		pb_start(argv + i, rows, cols, idle_path);
		t = pb_wait_mark(t0 + 60000);
		if (t < 0) {
			fprintf(stderr, "ptybench: no idle mark within 60 s\n");
			pb_stop();
			return 1;
		}
		printf("%.3f ms %llu bytes\n", t - t0, pb_bytes);
	} else if (!strcmp(mode, "bytes")) {
		double secs, end, prev;
		unsigned long long b0;

		if (i + 1 >= argc)
			pb_usage();
		secs = atof(argv[i++]);
		pb_start(argv + i, rows, cols, idle_path);
		if (pb_wait_mark(pb_ms() + 60000) < 0) {
			fprintf(stderr, "ptybench: no idle mark within 60 s\n");
			pb_stop();
			return 1;
		}
		printf("first paint: %llu bytes\n", pb_bytes);
		b0 = pb_bytes;
		prev = pb_ms();
		end = prev + secs * 1000;
		while ((t = pb_wait_mark(end)) >= 0) {
			printf("mark %lu after %.0f ms: %llu bytes\n", pb_mark, t - prev, pb_bytes - b0);
			b0 = pb_bytes;
			prev = t;
		}
		printf("tail: %llu bytes\n", pb_bytes - b0);
	} else if (!strcmp(mode, "keys")) {
		const char *prefix, *keys;

		if (i + 2 >= argc)
			pb_usage();
		prefix = argv[i++];
		keys = argv[i++];
		pb_start(argv + i, rows, cols, idle_path);
		if (pb_wait_mark(pb_ms() + 120000) < 0) {
			fprintf(stderr, "ptybench: no idle mark within 120 s\n");
			pb_stop();
			return 1;
		}
		/* Let anything still in flight settle, then open the prompt. */
		pb_drain(300);
		if (*prefix) {
			if (write(pb_master, prefix, strlen(prefix)) < 0)
				pb_die("write");
			if (pb_wait_mark(pb_ms() + 10000) < 0) {
				fprintf(stderr, "ptybench: no idle mark after the prefix\n");
				pb_stop();
				return 1;
			}
		}
		for (const char *k = keys; *k; k++) {
			unsigned long long b = pb_bytes;

			pb_first_out = -1;
			t0 = pb_ms();
			if (write(pb_master, k, 1) != 1)
				pb_die("write");
			t = pb_wait_mark(t0 + 10000);
			if (t < 0) {
				fprintf(stderr, "ptybench: no idle mark after key '%c'\n", *k);
				pb_stop();
				return 1;
			}
			/* Bytes that came before the mark belong to this key. */
			printf("key %c %.3f ms %llu bytes, first byte after %.3f ms (at %.3f)\n", *k,
			       t - t0, pb_bytes - b, pb_first_out < 0 ? -1.0 : pb_first_out - t0, t0);
		}
	} else {
		pb_usage();
	}
	fflush(stdout);
	pb_stop();
	return 0;
}
