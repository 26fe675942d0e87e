/* Sorts failed calls into DNS, connect, TLS, auth and permission errors and words their line. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "rpc/errors.h"
#include "rpc/rpc.h"
#include "util/sanitize.h"
#include "util/strbuf.h"

/* The phrases gRPC core 1.51 writes into the details of a call that never reached a server
 * (measured; the unit test keeps the exact strings). Anything else came from the server. */
#define RPC_ERRORS_DNS_PREFIX "DNS resolution failed for "
#define RPC_ERRORS_CONNECT_PREFIX "failed to connect to all addresses"
#define RPC_ERRORS_LAST_ERROR "last error: "

static void
rpc_error_copy(char *dst, size_t size, const char *src, size_t len)
{
	if (len >= size)
		len = size - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

/* gRPC capitalises the OS's wording ("Connection refused"); in the middle of our sentence
 * it reads better in lower case. Acronyms ("DNS servers") stay as they are. */
static void
rpc_error_lower_first(char *s)
{
	if (isupper((unsigned char)s[0]) && islower((unsigned char)s[1]))
		s[0] = (char)tolower((unsigned char)s[0]);
}

/* The text after the last ':' of s (OpenSSL's "error:0A000086:SSL routines::certificate
 * verify failed", errno texts after "recvmsg:"), without leading blanks. */
static const char *
rpc_error_last_part(const char *s)
{
	const char *colon = strrchr(s, ':');

	if (colon != NULL && colon[1] != '\0')
		s = colon + 1;
	while (*s == ' ')
		s++;
	return s;
}

/* Keeps what our own code said before gRPC's phrase at `at`, minus the joining ": ". */
static void
rpc_error_set_context(struct rpc_error *err, const char *details, const char *at)
{
	size_t len = (size_t)(at - details);

	while (len > 0 && (details[len - 1] == ' ' || details[len - 1] == ':'))
		len--;
	rpc_error_copy(err->context, sizeof err->context, details, len);
}

static bool
rpc_error_contains_nocase(const char *s, const char *needle)
{
	size_t n = strlen(needle);

	for (; *s != '\0'; s++) {
		if (strncasecmp(s, needle, n) == 0)
			return true;
	}
	return false;
}

static bool
rpc_error_dns_not_found(const char *reason)
{
	/* c-ares says "Domain name not found" for NXDOMAIN; getaddrinfo (GRPC_DNS_RESOLVER=
	 * native) "Name or service not known". */
	return rpc_error_contains_nocase(reason, "not found") ||
	       rpc_error_contains_nocase(reason, "not known") ||
	       rpc_error_contains_nocase(reason, "no address associated");
}

/* "DNS resolution failed for HOST:PORT: C-ares status ...: Could not contact DNS servers" */
static void
rpc_error_classify_dns(const char *details, const char *at, struct rpc_error *err)
{
	const char *host = at + strlen(RPC_ERRORS_DNS_PREFIX);
	const char *end = strstr(host, ": ");

	rpc_error_set_context(err, details, at);
	err->kind = RPC_ERROR_DNS;
	rpc_error_copy(err->host, sizeof err->host, host,
	               end != NULL ? (size_t)(end - host) : strlen(host));
	if (end != NULL) {
		rpc_error_copy(err->reason, sizeof err->reason, rpc_error_last_part(end + 2),
		               strlen(rpc_error_last_part(end + 2)));
		rpc_error_lower_first(err->reason);
	}
	if (rpc_error_dns_not_found(err->reason)) {
		err->cause = RPC_CAUSE_DNS_NOT_FOUND;
		err->permanent = true;
	} else {
		err->cause = RPC_CAUSE_DNS_FAILED;
	}
}

static void
rpc_error_classify_tls(const char *rest, struct rpc_error *err)
{
	const char *peer = strstr(rest, "Peer name ");

	err->kind = RPC_ERROR_TLS;
	/* A certificate, a name or a protocol mismatch is configuration: it will not heal. */
	err->permanent = true;
	if (peer != NULL) {
		err->cause = RPC_CAUSE_TLS_NAME;
		rpc_error_copy(err->reason, sizeof err->reason, peer, strlen(peer));
	} else {
		const char *reason = rpc_error_last_part(rest);

		rpc_error_copy(err->reason, sizeof err->reason, reason, strlen(reason));
		if (strstr(rest, "certificate verify failed") != NULL)
			err->cause = RPC_CAUSE_TLS_UNTRUSTED;
		else if (strstr(rest, "wrong version number") != NULL)
			err->cause = RPC_CAUSE_TLS_NOT_TLS;
		else {
			err->cause = RPC_CAUSE_TLS_FAILED;
			/* A handshake cut short by a restarting server is not a protocol error. */
			err->permanent = strstr(rest, "SSL_ERROR_SSL") != NULL;
		}
	}
	rpc_error_lower_first(err->reason);
}

/* "failed to connect to all addresses; last error: UNKNOWN: ipv4:127.0.0.1:1: Failed to
 * connect to remote host: Connection refused" */
static void
rpc_error_classify_connect(const char *details, const char *at, struct rpc_error *err)
{
	const char *p = strstr(at, RPC_ERRORS_LAST_ERROR), *end, *reason;

	rpc_error_set_context(err, details, at);
	err->kind = RPC_ERROR_CONNECT;
	err->cause = RPC_CAUSE_CONNECT_FAILED;
	if (p == NULL)
		return;
	p += strlen(RPC_ERRORS_LAST_ERROR);
	/* The status code name of the subchannel's error ("UNKNOWN: ", "UNAVAILABLE: "). */
	end = p + strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_");
	if (end > p && strncmp(end, ": ", 2) == 0)
		p = end + 2;
	if (strncmp(p, "ipv4:", 5) == 0 || strncmp(p, "ipv6:", 5) == 0)
		p += 5;
	end = strstr(p, ": ");
	if (end == NULL)
		return;
	rpc_error_copy(err->host, sizeof err->host, p, (size_t)(end - p));
	p = end + 2;
	if (strstr(p, "Ssl handshake failed") != NULL || strncmp(p, "Peer name ", 10) == 0 ||
	    strstr(p, "Handshake") != NULL) {
		rpc_error_classify_tls(p, err);
		return;
	}
	reason = rpc_error_last_part(p);
	rpc_error_copy(err->reason, sizeof err->reason, reason, strlen(reason));
	rpc_error_lower_first(err->reason);
	if (strcasecmp(reason, "Connection refused") == 0)
		err->cause = RPC_CAUSE_CONNECT_REFUSED;
	else if (strcasecmp(reason, "Socket closed") == 0)
		err->cause = RPC_CAUSE_CONNECT_CLOSED;
}

void
rpc_error_classify(int code, const char *details, struct rpc_error *err)
{
	const char *at;

	memset(err, 0, sizeof *err);
	if (details == NULL)
		details = "";
	switch (code) {
	case RPC_OK:
		err->kind = RPC_ERROR_NONE;
		return;
	case RPC_UNAUTHENTICATED:
		err->kind = RPC_ERROR_AUTH;
		return;
	case RPC_PERMISSION_DENIED:
		err->kind = RPC_ERROR_PERMISSION;
		return;
	case RPC_UNAVAILABLE:
		/* gRPC reports every failure to reach a server as UNAVAILABLE: only the details
		 * tell a missing name from a refused port or a bad certificate. */
		if ((at = strstr(details, RPC_ERRORS_DNS_PREFIX)) != NULL) {
			rpc_error_classify_dns(details, at, err);
			return;
		}
		if ((at = strstr(details, RPC_ERRORS_CONNECT_PREFIX)) != NULL) {
			rpc_error_classify_connect(details, at, err);
			return;
		}
		break;
	default:
		break;
	}
	err->kind = RPC_ERROR_OTHER;
}

const char *
rpc_error_kind_name(enum rpc_error_kind kind)
{
	switch (kind) {
	case RPC_ERROR_NONE:
		return "";
	case RPC_ERROR_DNS:
		return "dns";
	case RPC_ERROR_CONNECT:
		return "connect";
	case RPC_ERROR_TLS:
		return "tls";
	case RPC_ERROR_AUTH:
		return "auth";
	case RPC_ERROR_PERMISSION:
		return "permission";
	case RPC_ERROR_OTHER:
		break;
	}
	return "other";
}

/* Appends untrusted text as part of one line: line breaks become spaces, the rest is
 * sanitized. */
static void
rpc_error_add_clean(struct strbuf *sb, const char *s)
{
	for (const char *p = s; *p != '\0';) {
		size_t n = strcspn(p, "\r\n");

		sanitize_append(sb, p, n, 0);
		p += n;
		if (*p != '\0') {
			strbuf_addch(sb, ' ');
			p++;
		}
	}
}

/* How each cause reads: BEFORE host AFTER code ")", then gRPC's reason, then the hint. */
struct rpc_error_wording {
	const char *before, *after, *hint;
};

static const struct rpc_error_wording rpc_error_wordings[] = {
    [RPC_CAUSE_DNS_NOT_FOUND] = {"cannot resolve ", " (DNS, ", NULL},
    [RPC_CAUSE_DNS_FAILED] = {"cannot resolve ", " (DNS, ", NULL},
    [RPC_CAUSE_TLS_UNTRUSTED] = {"TLS: the server certificate of ", " is not trusted (",
                                 "use --ca-file for a private CA"},
    [RPC_CAUSE_TLS_NAME] = {"TLS: the server certificate of ", " is not issued for that name (",
                            "connect by a name the certificate lists"},
    [RPC_CAUSE_TLS_NOT_TLS] = {"TLS: ", " does not speak TLS (",
                               "use --plaintext for a server without TLS"},
    [RPC_CAUSE_TLS_FAILED] = {"TLS: the handshake with ", " failed (", NULL},
    /* Measured: only a plaintext client sees "Socket closed" while connecting (a TLS
     * client sees a reset or a handshake failure), and a TLS server does just that. */
    [RPC_CAUSE_CONNECT_CLOSED] = {"cannot connect to ", " (", "if it serves TLS, drop --plaintext"},
};

/* "cannot connect to HOST (UNAVAILABLE): connection refused" and the like. */
static void
rpc_error_add_transport(struct strbuf *sb, int code, const struct rpc_error *err, const char *host)
{
	static const struct rpc_error_wording connect = {"cannot connect to ", " (", NULL};
	const struct rpc_error_wording *w = &connect;

	if ((size_t)err->cause < sizeof(rpc_error_wordings) / sizeof(rpc_error_wordings[0]) &&
	    rpc_error_wordings[err->cause].before != NULL)
		w = &rpc_error_wordings[err->cause];
	strbuf_addstr(sb, w->before);
	rpc_error_add_clean(sb, host);
	strbuf_addf(sb, "%s%s)", w->after, rpc_code_name(code));
	if (err->cause == RPC_CAUSE_CONNECT_CLOSED)
		strbuf_addstr(sb, ": the server closed the connection");
	else if (err->reason[0] != '\0') {
		strbuf_addstr(sb, ": ");
		rpc_error_add_clean(sb, err->reason);
	}
	if (w->hint != NULL)
		strbuf_addf(sb, "; %s", w->hint);
}

char *
rpc_error_line(int code, const char *details, const char *target, const char *request_id)
{
	struct strbuf sb = STRBUF_INIT;
	struct rpc_error err;
	const char *host;

	if (details == NULL)
		details = "";
	rpc_error_classify(code, details, &err);
	host = target != NULL && target[0] != '\0' ? target : err.host;
	if (host[0] == '\0')
		host = "the server";
	if (err.context[0] != '\0') {
		rpc_error_add_clean(&sb, err.context);
		strbuf_addstr(&sb, ": ");
	}
	switch (err.kind) {
	case RPC_ERROR_DNS:
	case RPC_ERROR_CONNECT:
	case RPC_ERROR_TLS:
		rpc_error_add_transport(&sb, code, &err, host);
		break;
	case RPC_ERROR_AUTH:
		strbuf_addf(&sb, "authentication failed (%s)", rpc_code_name(code));
		if (details[0] != '\0') {
			strbuf_addstr(&sb, ": ");
			rpc_error_add_clean(&sb, details);
		}
		strbuf_addstr(&sb, "; see dpjobs auth status");
		break;
	case RPC_ERROR_PERMISSION:
		strbuf_addf(&sb, "permission denied (%s)", rpc_code_name(code));
		if (details[0] != '\0') {
			strbuf_addstr(&sb, ": ");
			rpc_error_add_clean(&sb, details);
		}
		break;
	default:
		strbuf_addstr(&sb, rpc_code_name(code));
		if (details[0] != '\0') {
			strbuf_addstr(&sb, ": ");
			rpc_error_add_clean(&sb, details);
		}
		break;
	}
	if (request_id != NULL && request_id[0] != '\0') {
		strbuf_addstr(&sb, " (request-id ");
		rpc_error_add_clean(&sb, request_id);
		strbuf_addch(&sb, ')');
	}
	return strbuf_detach(&sb);
}
