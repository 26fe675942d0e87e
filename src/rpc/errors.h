/* What a failed call says went wrong (DNS, connect, TLS, auth, permission) and its error line. */
#ifndef DPJOBS_RPC_ERRORS_H
#define DPJOBS_RPC_ERRORS_H

#include <stdbool.h>

enum rpc_error_kind {
	RPC_ERROR_NONE, /* the call succeeded */
	RPC_ERROR_DNS,
	RPC_ERROR_CONNECT,
	RPC_ERROR_TLS,
	RPC_ERROR_AUTH,
	RPC_ERROR_PERMISSION,
	RPC_ERROR_OTHER, /* whatever the server said: its code and message tell it */
};

/* The finer cause, where the kind alone would leave the user guessing. */
enum rpc_error_cause {
	RPC_CAUSE_NONE,
	RPC_CAUSE_DNS_NOT_FOUND, /* the name does not exist: a typo does not heal */
	RPC_CAUSE_DNS_FAILED,    /* no answer (resolver unreachable, network down) */
	RPC_CAUSE_CONNECT_REFUSED,
	RPC_CAUSE_CONNECT_CLOSED, /* closed before HTTP/2 began: a plaintext client at a TLS port */
	RPC_CAUSE_CONNECT_FAILED,
	RPC_CAUSE_TLS_UNTRUSTED, /* the chain does not lead to a trusted root */
	RPC_CAUSE_TLS_NAME,      /* the certificate does not name the host */
	RPC_CAUSE_TLS_NOT_TLS,   /* the server answered the handshake with something else */
	RPC_CAUSE_TLS_FAILED,
};

#define RPC_ERROR_HOST_LEN 256
#define RPC_ERROR_REASON_LEN 256

struct rpc_error {
	enum rpc_error_kind kind;
	enum rpc_error_cause cause;
	/* The address gRPC names ("dataproc.api.example:443", "127.0.0.1:1", "unix:/x");
	 * "" when the status names none. Raw: sanitize before printing. */
	char host[RPC_ERROR_HOST_LEN];
	/* gRPC's last words on it ("connection refused", "certificate verify failed");
	 * "" for the kinds the server's own message describes. Raw, like host. */
	char reason[RPC_ERROR_REASON_LEN];
	/* What our own code put before gRPC's words ("cannot get an IAM token with the OAuth
	 * token"), without the ": " that joined them; "" when none. Raw, like host. */
	char context[RPC_ERROR_REASON_LEN];
	/* Another attempt would fail the same way (a certificate or a name does not heal
	 * within a retry's backoff; a refused connection may: the server may be restarting). */
	bool permanent;
};

/* Sorts a status (gRPC code and its details string) into *err. Pure: looks only at the text
 * gRPC core 1.51 writes for local failures (wire-reference has none; see tests/unit/
 * test_rpc_errors.c for the measured strings). */
void rpc_error_classify(int code, const char *details, struct rpc_error *err);
/* "dns", "connect", "tls", "auth", "permission", "other" ("" for NONE). */
const char *rpc_error_kind_name(enum rpc_error_kind kind);
/* The one line a person reads, sanitized, e.g.
 * "cannot connect to 127.0.0.1:1 (UNAVAILABLE): connection refused (request-id 0b7c...)".
 * target: the address the call went to as the user gave it, preferred over the one in the
 * details; NULL or "" when unknown. request_id: NULL or "" for none. Caller frees. */
char *rpc_error_line(int code, const char *details, const char *target, const char *request_id);

#endif
