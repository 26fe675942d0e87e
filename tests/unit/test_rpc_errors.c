/* Unit tests for src/rpc/errors.c: gRPC core 1.51's measured failure texts, sorted and worded. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rpc/errors.h"
#include "rpc/rpc.h"
#include "tap.h"

/* The details strings gRPC core 1.51 (Debian 12) gave for each failure, measured with a
 * probe client on loopback (unresolvable names inside `unshare -rn`). */
#define DNS_NO_SERVER                                                                              \
	"DNS resolution failed for dataproc.api.example:443: C-ares status is not ARES_SUCCESS "   \
	"qtype=A name=dataproc.api.example is_balancer=0: Could not contact DNS servers"
#define DNS_NATIVE                                                                                 \
	"DNS resolution failed for dataproc.api.example:443: UNKNOWN: Temporary failure in name "  \
	"resolution"
#define DNS_NOT_FOUND                                                                              \
	"DNS resolution failed for nosuch.invalid:443: C-ares status is not ARES_SUCCESS "         \
	"qtype=AAAA "                                                                              \
	"name=nosuch.invalid is_balancer=0: Domain name not found"
#define CONNECT_REFUSED                                                                            \
	"failed to connect to all addresses; last error: UNKNOWN: ipv4:127.0.0.1:1: Failed to "    \
	"connect to remote host: Connection refused"
#define CONNECT_UNIX                                                                               \
	"failed to connect to all addresses; last error: UNKNOWN: unix:/tmp/nonexist.sock: No "    \
	"such file or directory"
#define CONNECT_RESET                                                                              \
	"failed to connect to all addresses; last error: UNAVAILABLE: ipv4:127.0.0.1:44353: "      \
	"recvmsg:Connection reset by peer"
#define PLAIN_TO_TLS                                                                               \
	"failed to connect to all addresses; last error: UNAVAILABLE: ipv4:127.0.0.1:38987: "      \
	"Socket closed"
#define TLS_UNTRUSTED                                                                              \
	"failed to connect to all addresses; last error: UNKNOWN: ipv4:127.0.0.1:38987: Ssl "      \
	"handshake failed: SSL_ERROR_SSL: error:0A000086:SSL routines::certificate verify failed"
#define TLS_TO_PLAIN                                                                               \
	"failed to connect to all addresses; last error: UNKNOWN: ipv4:127.0.0.1:44175: Ssl "      \
	"handshake failed: SSL_ERROR_SSL: error:0A00010B:SSL routines::wrong version number"
#define TLS_NAME                                                                                   \
	"failed to connect to all addresses; last error: UNKNOWN: ipv4:127.0.0.1:39709: Peer "     \
	"name 127.0.0.1 is not in peer certificate"
#define TLS_NAME_V6                                                                                \
	"failed to connect to all addresses; last error: UNKNOWN: ipv6:[::1]:39709: Peer "         \
	"name ::1 is not in peer certificate"

struct classify_case {
	const char *what;
	int code;
	const char *details;
	enum rpc_error_kind kind;
	enum rpc_error_cause cause;
	const char *host;
	const char *reason;
	bool permanent;
};

static const struct classify_case classify_cases[] = {
    {"c-ares without a reachable resolver", RPC_UNAVAILABLE, DNS_NO_SERVER, RPC_ERROR_DNS,
     RPC_CAUSE_DNS_FAILED, "dataproc.api.example:443", "could not contact DNS servers", false},
    {"getaddrinfo, temporary", RPC_UNAVAILABLE, DNS_NATIVE, RPC_ERROR_DNS, RPC_CAUSE_DNS_FAILED,
     "dataproc.api.example:443", "temporary failure in name resolution", false},
    {"NXDOMAIN", RPC_UNAVAILABLE, DNS_NOT_FOUND, RPC_ERROR_DNS, RPC_CAUSE_DNS_NOT_FOUND,
     "nosuch.invalid:443", "domain name not found", true},
    {"closed loopback port", RPC_UNAVAILABLE, CONNECT_REFUSED, RPC_ERROR_CONNECT,
     RPC_CAUSE_CONNECT_REFUSED, "127.0.0.1:1", "connection refused", false},
    {"missing unix socket", RPC_UNAVAILABLE, CONNECT_UNIX, RPC_ERROR_CONNECT,
     RPC_CAUSE_CONNECT_FAILED, "unix:/tmp/nonexist.sock", "no such file or directory", false},
    {"TLS client at a closing port", RPC_UNAVAILABLE, CONNECT_RESET, RPC_ERROR_CONNECT,
     RPC_CAUSE_CONNECT_FAILED, "127.0.0.1:44353", "connection reset by peer", false},
    {"plaintext client at a TLS server", RPC_UNAVAILABLE, PLAIN_TO_TLS, RPC_ERROR_CONNECT,
     RPC_CAUSE_CONNECT_CLOSED, "127.0.0.1:38987", "socket closed", false},
    {"certificate of an untrusted CA", RPC_UNAVAILABLE, TLS_UNTRUSTED, RPC_ERROR_TLS,
     RPC_CAUSE_TLS_UNTRUSTED, "127.0.0.1:38987", "certificate verify failed", true},
    {"TLS client at a plaintext server", RPC_UNAVAILABLE, TLS_TO_PLAIN, RPC_ERROR_TLS,
     RPC_CAUSE_TLS_NOT_TLS, "127.0.0.1:44175", "wrong version number", true},
    {"certificate for another name", RPC_UNAVAILABLE, TLS_NAME, RPC_ERROR_TLS, RPC_CAUSE_TLS_NAME,
     "127.0.0.1:39709", "peer name 127.0.0.1 is not in peer certificate", true},
    {"certificate for another name, IPv6", RPC_UNAVAILABLE, TLS_NAME_V6, RPC_ERROR_TLS,
     RPC_CAUSE_TLS_NAME, "[::1]:39709", "peer name ::1 is not in peer certificate", true},
    {"--require-auth without a token", RPC_UNAUTHENTICATED, "missing or invalid IAM token",
     RPC_ERROR_AUTH, RPC_CAUSE_NONE, "", "", false},
    {"injected PERMISSION_DENIED", RPC_PERMISSION_DENIED, "injected fault: PERMISSION_DENIED",
     RPC_ERROR_PERMISSION, RPC_CAUSE_NONE, "", "", false},
    {"a server's own UNAVAILABLE", RPC_UNAVAILABLE, "injected fault: UNAVAILABLE", RPC_ERROR_OTHER,
     RPC_CAUSE_NONE, "", "", false},
    {"NOT_FOUND", RPC_NOT_FOUND, "job c9q not found", RPC_ERROR_OTHER, RPC_CAUSE_NONE, "", "",
     false},
    /* Only UNAVAILABLE carries gRPC's own transport words. */
    {"DNS words under another code", RPC_INTERNAL, DNS_NO_SERVER, RPC_ERROR_OTHER, RPC_CAUSE_NONE,
     "", "", false},
    {"OK", RPC_OK, "", RPC_ERROR_NONE, RPC_CAUSE_NONE, "", "", false},
    {"NULL details", RPC_UNAVAILABLE, NULL, RPC_ERROR_OTHER, RPC_CAUSE_NONE, "", "", false},
    {"truncated connect text", RPC_UNAVAILABLE, "failed to connect to all addresses",
     RPC_ERROR_CONNECT, RPC_CAUSE_CONNECT_FAILED, "", "", false},
};

static void
test_classify(void)
{
	for (size_t i = 0; i < sizeof classify_cases / sizeof classify_cases[0]; i++) {
		const struct classify_case *c = &classify_cases[i];
		struct rpc_error err;

		rpc_error_classify(c->code, c->details, &err);
		ok(err.kind == c->kind && err.cause == c->cause && strcmp(err.host, c->host) == 0 &&
		       strcmp(err.reason, c->reason) == 0 && err.permanent == c->permanent,
		   "%s: %s %d '%s' '%s'%s", c->what, rpc_error_kind_name(err.kind), (int)err.cause,
		   err.host, err.reason, err.permanent ? " permanent" : "");
	}
}

static void
is_line(int code, const char *details, const char *target, const char *want, const char *what)
{
	char *line = rpc_error_line(code, details, target, "0b7c");

	is_str(line, want, "line: %s", what);
	free(line);
}

static void
test_lines(void)
{
	is_line(RPC_UNAVAILABLE, DNS_NO_SERVER, "dataproc.api.example:443",
	        "cannot resolve dataproc.api.example:443 (DNS, UNAVAILABLE): could not contact DNS "
	        "servers (request-id 0b7c)",
	        "DNS");
	is_line(RPC_UNAVAILABLE, CONNECT_REFUSED, "127.0.0.1:1",
	        "cannot connect to 127.0.0.1:1 (UNAVAILABLE): connection refused (request-id 0b7c)",
	        "connection refused");
	is_line(RPC_UNAVAILABLE, CONNECT_REFUSED, "localhost:1",
	        "cannot connect to localhost:1 (UNAVAILABLE): connection refused (request-id 0b7c)",
	        "the target as the user gave it wins over gRPC's address");
	is_line(RPC_UNAVAILABLE, CONNECT_REFUSED, NULL,
	        "cannot connect to 127.0.0.1:1 (UNAVAILABLE): connection refused (request-id 0b7c)",
	        "without a target, the address in the details");
	is_line(
	    RPC_UNAVAILABLE, PLAIN_TO_TLS, "127.0.0.1:38987",
	    "cannot connect to 127.0.0.1:38987 (UNAVAILABLE): the server closed the connection; "
	    "if it serves TLS, drop --plaintext (request-id 0b7c)",
	    "plaintext against TLS");
	is_line(RPC_UNAVAILABLE, TLS_UNTRUSTED, "127.0.0.1:38987",
	        "TLS: the server certificate of 127.0.0.1:38987 is not trusted (UNAVAILABLE): "
	        "certificate verify failed; use --ca-file for a private CA (request-id 0b7c)",
	        "untrusted certificate");
	is_line(RPC_UNAVAILABLE, TLS_TO_PLAIN, "127.0.0.1:44175",
	        "TLS: 127.0.0.1:44175 does not speak TLS (UNAVAILABLE): wrong version number; use "
	        "--plaintext for a server without TLS (request-id 0b7c)",
	        "TLS against plaintext");
	is_line(RPC_UNAVAILABLE, TLS_NAME, "127.0.0.1:39709",
	        "TLS: the server certificate of 127.0.0.1:39709 is not issued for that name "
	        "(UNAVAILABLE): peer name 127.0.0.1 is not in peer certificate; connect by a name "
	        "the certificate lists (request-id 0b7c)",
	        "certificate for another name");
	is_line(RPC_UNAUTHENTICATED, "missing or invalid IAM token", "127.0.0.1:5",
	        "authentication failed (UNAUTHENTICATED): missing or invalid IAM token; see dpjobs "
	        "auth status (request-id 0b7c)",
	        "UNAUTHENTICATED");
	is_line(RPC_PERMISSION_DENIED, "injected fault: PERMISSION_DENIED", "127.0.0.1:5",
	        "permission denied (PERMISSION_DENIED): injected fault: PERMISSION_DENIED "
	        "(request-id 0b7c)",
	        "PERMISSION_DENIED");
	is_line(RPC_NOT_FOUND, "job c9q\nnot found", "127.0.0.1:5",
	        "NOT_FOUND: job c9q not found (request-id 0b7c)",
	        "other codes keep CODE: message, on one line");
	is_line(RPC_UNAVAILABLE, "injected fault: UNAVAILABLE", "127.0.0.1:5",
	        "UNAVAILABLE: injected fault: UNAVAILABLE (request-id 0b7c)",
	        "a server's own UNAVAILABLE is passed on as it is");
	is_line(RPC_CANCELLED, "", NULL, "CANCELLED (request-id 0b7c)", "no message");
	is_line(RPC_UNAVAILABLE, "cannot get an IAM token with the OAuth token: " CONNECT_REFUSED,
	        NULL,
	        "cannot get an IAM token with the OAuth token: cannot connect to 127.0.0.1:1 "
	        "(UNAVAILABLE): connection refused (request-id 0b7c)",
	        "our own context before gRPC's words is kept");
	is_line(RPC_UNAUTHENTICATED, "bad \x1b[31mtoken", NULL,
	        "authentication failed (UNAUTHENTICATED): bad \\x1b[31mtoken; see dpjobs auth "
	        "status (request-id 0b7c)",
	        "the server's message is sanitized");
	is_line(RPC_UNAVAILABLE,
	        "DNS resolution failed for evil\x1b]0;x\x07:443: C-ares: Domain name not found",
	        NULL,
	        "cannot resolve evil\\x1b]0;x\\x07:443 (DNS, UNAVAILABLE): domain name not found "
	        "(request-id 0b7c)",
	        "so is a host taken from the details");
}

int
main(void)
{
	test_classify();
	test_lines();
	is_str(rpc_error_kind_name(RPC_ERROR_TLS), "tls", "kind names");
	return done_testing();
}
