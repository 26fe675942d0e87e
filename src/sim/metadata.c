/* A loopback stand-in for the VM metadata service: HTTP/1.1 GET of the IAM token, own thread. */
#define _GNU_SOURCE /* accept4, pipe2, memmem */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "sim/iam.h"
#include "sim/metadata.h"
#include "util/sanitize.h"
#include "util/xalloc.h"

/* A request is a line and a few headers; a client slower than this is dropped. */
#define METADATA_REQUEST_MAX 8192
#define METADATA_IO_TIMEOUT_MS 2000
/* Each connection has a thread of its own, so a slow client holds only that one; past this
 * many at once new ones wait in the listen backlog. */
#define METADATA_CLIENTS_MAX 32

struct metadata {
	int listen_fd;
	int stop[2]; /* a pipe: written once by metadata_stop */
	int status;
	bool verbose;
	char address[128];
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t idle; /* signalled as each connection's thread ends */
	int clients;         /* connection threads running; guarded by mu */
};

struct metadata_conn {
	struct metadata *m;
	int fd;
};

struct metadata_request {
	char method[16];
	char path[512];
	bool flavor; /* Metadata-Flavor: Google */
};

enum metadata_read { METADATA_READ_OK, METADATA_READ_TOO_LARGE, METADATA_READ_FAILED };

static int64_t
metadata_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits until fd is ready for events, the deadline passes or metadata_stop is called; true
 * only for the first. */
static bool
metadata_wait(struct metadata *m, int fd, short events, int64_t deadline)
{
	for (;;) {
		struct pollfd p[2] = {{.fd = fd, .events = events},
		                      {.fd = m->stop[0], .events = POLLIN}};
		int64_t left = deadline - metadata_now_ms();
		int n;

		if (left <= 0)
			return false;
		n = poll(p, 2, (int)left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || p[1].revents != 0)
			return false;
		return true;
	}
}

static const char *
metadata_reason(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 400:
		return "Bad Request";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 431:
		return "Request Header Fields Too Large";
	case 500:
		return "Internal Server Error";
	case 503:
		return "Service Unavailable";
	default:
		return "Error";
	}
}

/* Reads until the blank line ending the headers, within METADATA_IO_TIMEOUT_MS in all (a
 * client sending a byte a second must not hold its thread for ever). Binary garbage may hold
 * NULs: the end is found with memmem. */
static enum metadata_read
metadata_read_request(struct metadata *m, int fd, char *buf, size_t cap, size_t *len)
{
	int64_t deadline = metadata_now_ms() + METADATA_IO_TIMEOUT_MS;

	*len = 0;
	while (*len + 1 < cap) {
		ssize_t n;

		if (!metadata_wait(m, fd, POLLIN, deadline))
			return METADATA_READ_FAILED;
		n = read(fd, buf + *len, cap - 1 - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return METADATA_READ_FAILED;
		*len += (size_t)n;
		buf[*len] = '\0';
		if (memmem(buf, *len, "\r\n\r\n", 4) != NULL ||
		    memmem(buf, *len, "\n\n", 2) != NULL)
			return METADATA_READ_OK;
	}
	return METADATA_READ_TOO_LARGE;
}

static void
metadata_parse(char *buf, struct metadata_request *r)
{
	char *line, *save = NULL;
	bool first = true;

	memset(r, 0, sizeof *r);
	for (line = strtok_r(buf, "\r\n", &save); line != NULL;
	     line = strtok_r(NULL, "\r\n", &save)) {
		if (first) {
			first = false;
			if (sscanf(line, "%15s %511s", r->method, r->path) != 2)
				r->method[0] = r->path[0] = '\0';
			continue;
		}
		if (strncasecmp(line, "Metadata-Flavor:", 16) == 0) {
			const char *v = line + 16;

			while (*v == ' ' || *v == '\t')
				v++;
			if (strcmp(v, "Google") == 0)
				r->flavor = true;
		}
	}
}

/* Within METADATA_IO_TIMEOUT_MS in all: a client that never reads loses its reply. */
static void
metadata_write_all(struct metadata *m, int fd, const char *s, size_t len)
{
	int64_t deadline = metadata_now_ms() + METADATA_IO_TIMEOUT_MS;

	while (len > 0) {
		ssize_t n;

		if (!metadata_wait(m, fd, POLLOUT, deadline))
			return;
		n = send(fd, s, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		s += n;
		len -= (size_t)n;
	}
}

/* head_only: the reply to HEAD, its headers without the body. */
static void
metadata_reply(struct metadata *m, int fd, int status, const char *type, const char *body,
               bool head_only)
{
	char *head = xasprintf("HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
	                       "Metadata-Flavor: Google\r\nConnection: close\r\n\r\n",
	                       status, metadata_reason(status), type, strlen(body));

	metadata_write_all(m, fd, head, strlen(head));
	if (!head_only)
		metadata_write_all(m, fd, body, strlen(body));
	free(head);
}

static void
metadata_serve(struct metadata *m, int fd)
{
	char buf[METADATA_REQUEST_MAX];
	struct metadata_request r;
	enum metadata_read got;
	size_t len;
	int status;
	bool head_only;

	got = metadata_read_request(m, fd, buf, sizeof buf, &len);
	if (got == METADATA_READ_FAILED)
		return;
	metadata_parse(buf, &r);
	head_only = strcmp(r.method, "HEAD") == 0;
	if (got == METADATA_READ_TOO_LARGE)
		status = 431;
	else if (r.method[0] == '\0' || r.path[0] != '/')
		status = 400;
	else if (strcmp(r.path, METADATA_TOKEN_PATH) != 0)
		status = 404;
	else if (strcmp(r.method, "GET") != 0)
		status = 405;
	else if (!r.flavor)
		status = 403;
	else if (m->status != 0)
		status = m->status;
	else
		status = 200;
	if (status == 200) {
		char token[IAM_TOKEN_LEN], *body;
		int64_t now = (int64_t)time(NULL), expires_at;

		iam_issue(now, token, &expires_at);
		body = xasprintf("{\"access_token\": \"%s\", \"expires_in\": %lld, "
		                 "\"token_type\": \"Bearer\"}\n",
		                 token, (long long)(expires_at - now));
		metadata_reply(m, fd, status, "application/json", body, false);
		OPENSSL_cleanse(token, sizeof token);
		OPENSSL_cleanse(body, strlen(body));
		free(body);
	} else {
		char *body = xasprintf("%d %s\n", status, metadata_reason(status));

		metadata_reply(m, fd, status, "text/plain", body, head_only);
		free(body);
	}
	if (m->verbose) {
		char *method = sanitize_str(r.method), *path = sanitize_str(r.path);

		fprintf(stderr, "%s: metadata %s %s -> %d\n", xalloc_progname,
		        method[0] != '\0' ? method : "-", path[0] != '\0' ? path : "-", status);
		free(method);
		free(path);
	}
	/* Unread bytes (a POST body, a pipelined request) would turn close into a reset that
	 * can destroy the reply in flight: end our side, then drain briefly. */
	shutdown(fd, SHUT_WR);
	{
		int64_t deadline = metadata_now_ms() + 200;
		char sink[1024];

		while (metadata_wait(m, fd, POLLIN, deadline) && read(fd, sink, sizeof sink) > 0)
			;
	}
}

static void *
metadata_conn_main(void *arg)
{
	struct metadata_conn *conn = arg;
	struct metadata *m = conn->m;

	metadata_serve(m, conn->fd);
	close(conn->fd);
	free(conn);
	pthread_mutex_lock(&m->mu);
	m->clients--;
	pthread_cond_broadcast(&m->idle);
	pthread_mutex_unlock(&m->mu);
	return NULL;
}

/* Serves fd on a detached thread of its own; without one, serves it here. */
static void
metadata_spawn(struct metadata *m, int fd)
{
	struct metadata_conn *conn = xmalloc(sizeof *conn);
	pthread_attr_t attr;
	pthread_t t;
	int rc;

	conn->m = m;
	conn->fd = fd;
	pthread_mutex_lock(&m->mu);
	m->clients++;
	pthread_mutex_unlock(&m->mu);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	/* The thread inherits this one's mask: every signal blocked. */
	rc = pthread_create(&t, &attr, metadata_conn_main, conn);
	pthread_attr_destroy(&attr);
	if (rc != 0)
		metadata_conn_main(conn);
}

static void *
metadata_main(void *arg)
{
	struct metadata *m = arg;

	for (;;) {
		struct pollfd p[2] = {{.fd = m->listen_fd, .events = POLLIN},
		                      {.fd = m->stop[0], .events = POLLIN}};
		bool full;
		int fd;

		pthread_mutex_lock(&m->mu);
		full = m->clients >= METADATA_CLIENTS_MAX;
		pthread_mutex_unlock(&m->mu);
		/* Full: only the stop pipe, and a look again shortly. */
		if (poll(full ? p + 1 : p, full ? 1 : 2, full ? 50 : -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[1].revents != 0)
			break;
		if (full || !(p[0].revents & POLLIN))
			continue;
		fd = accept4(m->listen_fd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0) {
			/* EMFILE leaves the connection pending: do not spin on it. */
			if (errno == EMFILE || errno == ENFILE || errno == ENOMEM ||
			    errno == ENOBUFS)
				poll(NULL, 0, 50);
			continue;
		}
		metadata_spawn(m, fd);
	}
	return NULL;
}

/* Binds HOST:PORT; false with *err. */
static bool
metadata_listen(struct metadata *m, const char *addr, char **err)
{
	struct addrinfo hints = {.ai_family = AF_UNSPEC,
	                         .ai_socktype = SOCK_STREAM,
	                         .ai_flags = AI_PASSIVE | AI_NUMERICSERV};
	struct addrinfo *res = NULL, *ai;
	const char *colon = strrchr(addr, ':');
	char host[100], port[16], bhost[NI_MAXHOST], bport[NI_MAXSERV];
	struct sockaddr_storage ss;
	socklen_t sslen = sizeof ss;
	int rc, one = 1;

	if (colon == NULL || colon == addr || (size_t)(colon - addr) >= sizeof host ||
	    strlen(colon + 1) >= sizeof port || colon[1] == '\0') {
		*err = xasprintf("--metadata-listen %s: expected HOST:PORT", addr);
		return false;
	}
	memcpy(host, addr, (size_t)(colon - addr));
	host[colon - addr] = '\0';
	snprintf(port, sizeof port, "%s", colon + 1);
	/* [::1]:0 */
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		memmove(host, host + 1, strlen(host));
		host[strlen(host) - 1] = '\0';
	}
	rc = getaddrinfo(host, port, &hints, &res);
	if (rc != 0) {
		*err = xasprintf("--metadata-listen %s: %s", addr, gai_strerror(rc));
		return false;
	}
	m->listen_fd = -1;
	for (ai = res; ai != NULL && m->listen_fd < 0; ai = ai->ai_next) {
		int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);

		if (fd < 0)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 16) == 0)
			m->listen_fd = fd;
		else
			close(fd);
	}
	freeaddrinfo(res);
	if (m->listen_fd < 0) {
		*err = xasprintf("--metadata-listen %s: cannot listen: %s", addr, strerror(errno));
		return false;
	}
	if (getsockname(m->listen_fd, (struct sockaddr *)&ss, &sslen) != 0 ||
	    getnameinfo((struct sockaddr *)&ss, sslen, bhost, sizeof bhost, bport, sizeof bport,
	                NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
		*err = xasprintf("--metadata-listen %s: getsockname: %s", addr, strerror(errno));
		close(m->listen_fd);
		return false;
	}
	snprintf(m->address, sizeof m->address, ss.ss_family == AF_INET6 ? "[%s]:%s" : "%s:%s",
	         bhost, bport);
	return true;
}

/* What metadata_start made, once no thread uses it. */
static void
metadata_free(struct metadata *m)
{
	close(m->stop[0]);
	close(m->stop[1]);
	close(m->listen_fd);
	pthread_cond_destroy(&m->idle);
	pthread_mutex_destroy(&m->mu);
	free(m);
}

struct metadata *
metadata_start(const char *addr, int status, bool verbose, char **err)
{
	struct metadata *m = xcalloc(1, sizeof *m);
	sigset_t all, old;
	int rc;

	*err = NULL;
	m->status = status;
	m->verbose = verbose;
	if (!metadata_listen(m, addr, err)) {
		free(m);
		return NULL;
	}
	if (pipe2(m->stop, O_CLOEXEC) != 0) {
		*err = xasprintf("--metadata-listen: pipe: %s", strerror(errno));
		close(m->listen_fd);
		free(m);
		return NULL;
	}
	pthread_mutex_init(&m->mu, NULL);
	pthread_cond_init(&m->idle, NULL);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&m->thread, NULL, metadata_main, m);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		*err = xasprintf("--metadata-listen: cannot start a thread: %s", strerror(rc));
		metadata_free(m);
		return NULL;
	}
	return m;
}

const char *
metadata_address(const struct metadata *m)
{
	return m->address;
}

void
metadata_stop(struct metadata *m)
{
	if (m == NULL)
		return;
	if (write(m->stop[1], "x", 1) < 0)
		fprintf(stderr, "%s: metadata: %s\n", xalloc_progname, strerror(errno));
	pthread_join(m->thread, NULL);
	/* Connection threads see the stop pipe too and end within their I/O limits. */
	pthread_mutex_lock(&m->mu);
	while (m->clients > 0)
		pthread_cond_wait(&m->idle, &m->mu);
	pthread_mutex_unlock(&m->mu);
	metadata_free(m);
}
