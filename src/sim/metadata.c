/* A loopback stand-in for the VM metadata service: HTTP/1.1 GET of the IAM token, own thread. */
#define _GNU_SOURCE /* accept4, pipe2 */
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

struct metadata {
	int listen_fd;
	int stop[2]; /* a pipe: written once by metadata_stop */
	int status;
	bool verbose;
	char address[128];
	pthread_t thread;
};

struct metadata_request {
	char method[16];
	char path[512];
	bool flavor; /* Metadata-Flavor: Google */
};

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
	case 500:
		return "Internal Server Error";
	case 503:
		return "Service Unavailable";
	default:
		return "Error";
	}
}

/* Reads until the blank line ending the headers; false on a timeout, EOF or overlong request. */
static bool
metadata_read_request(int fd, char *buf, size_t cap, size_t *len)
{
	*len = 0;
	while (*len + 1 < cap) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		ssize_t n;

		if (poll(&p, 1, METADATA_IO_TIMEOUT_MS) <= 0)
			return false;
		n = read(fd, buf + *len, cap - 1 - *len);
		if (n <= 0)
			return false;
		*len += (size_t)n;
		buf[*len] = '\0';
		if (strstr(buf, "\r\n\r\n") != NULL || strstr(buf, "\n\n") != NULL)
			return true;
	}
	return false;
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

static void
metadata_write_all(int fd, const char *s, size_t len)
{
	while (len > 0) {
		struct pollfd p = {.fd = fd, .events = POLLOUT};
		ssize_t n;

		if (poll(&p, 1, METADATA_IO_TIMEOUT_MS) <= 0)
			return;
		n = send(fd, s, len, MSG_NOSIGNAL);
		if (n <= 0)
			return;
		s += n;
		len -= (size_t)n;
	}
}

static void
metadata_reply(int fd, int status, const char *type, const char *body)
{
	char *head = xasprintf("HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
	                       "Metadata-Flavor: Google\r\nConnection: close\r\n\r\n",
	                       status, metadata_reason(status), type, strlen(body));

	metadata_write_all(fd, head, strlen(head));
	metadata_write_all(fd, body, strlen(body));
	free(head);
}

static void
metadata_serve(struct metadata *m, int fd)
{
	char buf[METADATA_REQUEST_MAX];
	struct metadata_request r;
	size_t len;
	int status;

	if (!metadata_read_request(fd, buf, sizeof buf, &len))
		return;
	metadata_parse(buf, &r);
	if (strcmp(r.path, METADATA_TOKEN_PATH) != 0)
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
		metadata_reply(fd, status, "application/json", body);
		OPENSSL_cleanse(token, sizeof token);
		OPENSSL_cleanse(body, strlen(body));
		free(body);
	} else {
		char *body = xasprintf("%d %s\n", status, metadata_reason(status));

		metadata_reply(fd, status, "text/plain", body);
		free(body);
	}
	if (m->verbose) {
		char *method = sanitize_str(r.method), *path = sanitize_str(r.path);

		fprintf(stderr, "%s: metadata %s %s -> %d\n", xalloc_progname, method, path,
		        status);
		free(method);
		free(path);
	}
}

static void *
metadata_main(void *arg)
{
	struct metadata *m = arg;

	for (;;) {
		struct pollfd p[2] = {{.fd = m->listen_fd, .events = POLLIN},
		                      {.fd = m->stop[0], .events = POLLIN}};
		int fd;

		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[1].revents != 0)
			break;
		if (!(p[0].revents & POLLIN))
			continue;
		fd = accept4(m->listen_fd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0)
			continue;
		metadata_serve(m, fd);
		close(fd);
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
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&m->thread, NULL, metadata_main, m);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		*err = xasprintf("--metadata-listen: cannot start a thread: %s", strerror(rc));
		close(m->stop[0]);
		close(m->stop[1]);
		close(m->listen_fd);
		free(m);
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
	close(m->stop[0]);
	close(m->stop[1]);
	close(m->listen_fd);
	free(m);
}
