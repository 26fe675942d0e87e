/* Test helper: a hostile loopback metadata service (serve) and hostile HTTP clients (raw, slow). */
#define _GNU_SOURCE /* accept4, memmem */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* No hostile connection outlives this, whatever the client does. */
#define HOSTILE_LIFE_S 30

static void
hostile_sleep_ms(int ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* false once the peer is gone. */
static int
hostile_send(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return 0;
		p += n;
		len -= (size_t)n;
	}
	return 1;
}

static int
hostile_sendstr(int fd, const char *s)
{
	return hostile_send(fd, s, strlen(s));
}

/* Reads the request head into buf; the mode is the path's last component. */
static void
hostile_read_mode(int fd, char *mode, size_t cap)
{
	char buf[8192];
	size_t len = 0;
	char *slash, *sp;

	mode[0] = '\0';
	while (len + 1 < sizeof buf) {
		ssize_t n = read(fd, buf + len, sizeof buf - 1 - len);

		if (n <= 0)
			break;
		len += (size_t)n;
		buf[len] = '\0';
		if (memmem(buf, len, "\r\n\r\n", 4) != NULL)
			break;
	}
	buf[len] = '\0';
	sp = strchr(buf, ' ');
	if (sp == NULL)
		return;
	*strchrnul(sp + 1, ' ') = '\0';
	slash = strrchr(sp + 1, '/');
	snprintf(mode, cap, "%s", slash != NULL ? slash + 1 : sp + 1);
}

static void
hostile_reply(int fd, const char *status, const char *body)
{
	char head[512];

	snprintf(head, sizeof head,
	         "HTTP/1.1 %s\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
	         "Connection: close\r\n\r\n",
	         status, strlen(body));
	if (hostile_sendstr(fd, head))
		hostile_sendstr(fd, body);
}

static void
hostile_json(int fd, const char *token, const char *expires, const char *type)
{
	char body[4096];

	snprintf(body, sizeof body,
	         "{\"access_token\": \"%s\", \"expires_in\": %s, \"token_type\": \"%s\"}", token,
	         expires, type);
	hostile_reply(fd, "200 OK", body);
}

/* size bytes of 'a' as the body; chunked or with a Content-Length. */
static void
hostile_big(int fd, size_t size, int chunked)
{
	static char chunk[65536];
	char head[256];

	memset(chunk, 'a', sizeof chunk);
	if (chunked)
		snprintf(head, sizeof head,
		         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
	else
		snprintf(head, sizeof head, "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n\r\n", size);
	if (!hostile_sendstr(fd, head))
		return;
	for (size_t sent = 0; sent < size; sent += sizeof chunk) {
		if (chunked) {
			snprintf(head, sizeof head, "%zx\r\n", sizeof chunk);
			if (!hostile_sendstr(fd, head))
				return;
		}
		if (!hostile_send(fd, chunk, sizeof chunk) ||
		    (chunked && !hostile_sendstr(fd, "\r\n")))
			return;
	}
	if (chunked)
		hostile_sendstr(fd, "0\r\n\r\n");
}

static void
hostile_serve(int fd, int port, const char *token)
{
	char mode[64], body[4096];

	hostile_read_mode(fd, mode, sizeof mode);
	fprintf(stderr, "hostile: %s\n", mode);
	if (strcmp(mode, "ok") == 0) {
		hostile_json(fd, token, "3600", "Bearer");
	} else if (strcmp(mode, "slow") == 0) {
		/* Byte by byte, past the client's 5 s limit. */
		snprintf(body, sizeof body,
		         "HTTP/1.1 200 OK\r\nContent-Length: 200\r\n\r\n{\"access_token\": \"%s\"",
		         token);
		for (const char *p = body; *p != '\0'; p++) {
			if (!hostile_send(fd, p, 1))
				return;
			hostile_sleep_ms(250);
		}
	} else if (strcmp(mode, "hang") == 0) {
		hostile_sleep_ms(HOSTILE_LIFE_S * 1000);
	} else if (strcmp(mode, "midbody") == 0) {
		hostile_sendstr(
		    fd, "HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n{\"access_token\": ");
	} else if (strcmp(mode, "huge") == 0) {
		hostile_big(fd, (size_t)10 << 20, 0);
	} else if (strcmp(mode, "hugechunked") == 0) {
		hostile_big(fd, (size_t)10 << 20, 1);
	} else if (strcmp(mode, "chunked") == 0) {
		snprintf(
		    body, sizeof body,
		    "{\"access_token\": \"%s\", \"expires_in\": 3600, \"token_type\": \"Bearer\"}",
		    token);
		size_t half = strlen(body) / 2;
		char head[128];

		hostile_sendstr(fd, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
		snprintf(head, sizeof head, "%zx\r\n", half);
		hostile_sendstr(fd, head);
		hostile_send(fd, body, half);
		snprintf(head, sizeof head, "\r\n%zx\r\n", strlen(body) - half);
		hostile_sendstr(fd, head);
		hostile_sendstr(fd, body + half);
		hostile_sendstr(fd, "\r\n0\r\n\r\n");
	} else if (strcmp(mode, "http10") == 0) {
		/* No length: the body ends when the connection does. */
		snprintf(body, sizeof body,
		         "HTTP/1.0 200 OK\r\n\r\n{\"access_token\": \"%s\", \"expires_in\": 3600}",
		         token);
		hostile_sendstr(fd, body);
	} else if (strcmp(mode, "redirect") == 0) {
		snprintf(body, sizeof body,
		         "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:%d/ok\r\n"
		         "Content-Length: 0\r\n\r\n",
		         port);
		hostile_sendstr(fd, body);
	} else if (strcmp(mode, "ctl") == 0) {
		hostile_json(fd, "t1.\\u001b[31mred\\u001b]0;title\\u0007\\nInjected: yes", "3600",
		             "Bearer");
	} else if (strcmp(mode, "nul") == 0) {
		hostile_json(fd, "t1.a\\u0000b", "3600", "Bearer");
	} else if (strcmp(mode, "nonascii") == 0) {
		hostile_json(fd, "t1.\\u00e9\\u009b31m", "3600", "Bearer");
	} else if (strcmp(mode, "exp0") == 0) {
		hostile_json(fd, token, "0", "Bearer");
	} else if (strcmp(mode, "expneg") == 0) {
		hostile_json(fd, token, "-5", "Bearer");
	} else if (strcmp(mode, "expstr") == 0) {
		hostile_json(fd, token, "\"3600\"", "Bearer");
	} else if (strcmp(mode, "exphuge") == 0) {
		hostile_json(fd, token, "1e30", "Bearer");
	} else if (strcmp(mode, "expbig") == 0) {
		hostile_json(fd, token, "9223372036854775807", "Bearer");
	} else if (strcmp(mode, "expfloat") == 0) {
		hostile_json(fd, token, "3599.75", "Bearer");
	} else if (strcmp(mode, "mac") == 0) {
		hostile_json(fd, token, "3600", "MAC");
	} else if (strcmp(mode, "notjson") == 0) {
		hostile_reply(fd, "200 OK", "<html>\x1b[2J hello</html>");
	} else if (strcmp(mode, "empty") == 0) {
		hostile_reply(fd, "200 OK", "");
	} else if (strcmp(mode, "garbage") == 0) {
		hostile_sendstr(fd, "\x1b]0;pwned\x07\x01\x02 not http at all\r\n\r\n");
	} else {
		hostile_reply(fd, "404 Not Found", "{}");
	}
}

/* serve: listens on 127.0.0.1:0, prints "listening on 127.0.0.1:PORT", forks a child per
 * connection. The token the good modes hand out comes from $HOSTILE_TOKEN (never argv). */
static int
hostile_server(void)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t salen = sizeof sa;
	const char *token = getenv("HOSTILE_TOKEN");
	int lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;

	if (token == NULL)
		token = "t1.hostile-fake";
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(lfd, 64) != 0 ||
	    getsockname(lfd, (struct sockaddr *)&sa, &salen) != 0) {
		perror("hostile_http: listen");
		return 1;
	}
	printf("listening on 127.0.0.1:%d\n", ntohs(sa.sin_port));
	fflush(stdout);
	signal(SIGCHLD, SIG_IGN); /* children are reaped by the kernel */
	for (;;) {
		int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			perror("hostile_http: accept");
			return 1;
		}
		if (fork() == 0) {
			/* Dies with the server, and in any case after HOSTILE_LIFE_S. */
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (getppid() == 1)
				_exit(0);
			alarm(HOSTILE_LIFE_S);
			close(lfd);
			hostile_serve(fd, ntohs(sa.sin_port), token);
			shutdown(fd, SHUT_WR);
			close(fd);
			_exit(0);
		}
		close(fd);
	}
}

static int
hostile_connect(const char *addr)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	const char *colon = strrchr(addr, ':');
	char host[64];
	int fd;

	if (colon == NULL || (size_t)(colon - addr) >= sizeof host)
		return -1;
	memcpy(host, addr, (size_t)(colon - addr));
	host[colon - addr] = '\0';
	sa.sin_port = htons((unsigned short)atoi(colon + 1));
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1)
		return -1;
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Copies the reply to stdout until EOF or timeout_ms of silence; "(no reply)" when none came. */
static int
hostile_copy_reply(int fd, int timeout_ms)
{
	char buf[4096];
	size_t total = 0;

	for (;;) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		ssize_t n;

		if (poll(&p, 1, timeout_ms) <= 0)
			break;
		n = read(fd, buf, sizeof buf);
		if (n <= 0)
			break;
		fwrite(buf, 1, (size_t)n, stdout);
		total += (size_t)n;
	}
	if (total == 0)
		printf("(no reply)\n");
	return 0;
}

int
main(int argc, char **argv)
{
	int fd;

	signal(SIGPIPE, SIG_IGN);
	if (argc == 2 && strcmp(argv[1], "serve") == 0)
		return hostile_server();
	if (argc == 3 && strcmp(argv[1], "raw") == 0) {
		/* raw ADDR: sends stdin, half-closes only after the reply (pipelining keeps the
		 * connection open), prints the reply. */
		char buf[65536];
		size_t n;

		fd = hostile_connect(argv[2]);
		if (fd < 0) {
			perror("hostile_http: connect");
			return 1;
		}
		while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
			if (!hostile_send(fd, buf, n))
				break;
		return hostile_copy_reply(fd, 3000);
	}
	if (argc == 4 && strcmp(argv[1], "slow") == 0) {
		/* slow ADDR SECONDS: one byte of a never-finished request every 200 ms. */
		int seconds = atoi(argv[3]);
		const char *req = "GET /computeMetadata/v1/instance/service-accounts/default/token "
		                  "HTTP/1.1\r\nHost: x\r\nMetadata-Flavor: Google\r\nX-Slow: ";

		fd = hostile_connect(argv[2]);
		if (fd < 0) {
			perror("hostile_http: connect");
			return 1;
		}
		for (int i = 0; i < seconds * 5; i++) {
			/* After the request line and headers, an endless header value. */
			char ch = (size_t)i < strlen(req) ? req[i] : 'x';

			if (!hostile_send(fd, &ch, 1)) {
				printf("closed by the server after %.1f s\n", i / 5.0);
				return 0;
			}
			hostile_sleep_ms(200);
		}
		printf("still open after %d s\n", seconds);
		return 0;
	}
	fprintf(stderr, "usage: hostile_http serve | raw ADDR | slow ADDR SECONDS\n");
	return 2;
}
