/* The asynchronous client layer: one RPC thread drives a gRPC completion
 * queue; results arrive as src/model structs on the caller's thread.
 *
 * Contract (the tmux job contract): every call takes on_result, on_free and
 * ctx and returns a cancellable handle. on_result runs at most once, on_free
 * exactly once after it (on success, error or cancel), both only inside
 * rpc_client_dispatch() on the thread that calls it. A handle stays valid
 * until on_free has run. No gRPC or protobuf-c type appears in this header. */
#ifndef DPJOBS_RPC_RPC_H
#define DPJOBS_RPC_RPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "model/cluster.h"
#include "model/job.h"
#include "model/operation.h"

#define RPC_DEFAULT_ENDPOINT "dataproc.api.cloud.yandex.net:443"
#define RPC_DEFAULT_OPERATION_ENDPOINT "operation.api.cloud.yandex.net:443"
#define RPC_DEFAULT_IAM_ENDPOINT "iam.api.cloud.yandex.net:443"
/* The VM metadata service's token (wire-reference §8.4); used only when asked for. */
#define RPC_METADATA_URL                                                                           \
	"http://169.254.169.254/computeMetadata/v1/instance/service-accounts/default/token"
#define RPC_REQUEST_ID_LEN 37

/* gRPC status codes, by their wire values. */
#define RPC_CODE_INFO(_)                                                                           \
	_(OK, 0)                                                                                   \
	_(CANCELLED, 1)                                                                            \
	_(UNKNOWN, 2)                                                                              \
	_(INVALID_ARGUMENT, 3)                                                                     \
	_(DEADLINE_EXCEEDED, 4)                                                                    \
	_(NOT_FOUND, 5)                                                                            \
	_(ALREADY_EXISTS, 6)                                                                       \
	_(PERMISSION_DENIED, 7)                                                                    \
	_(RESOURCE_EXHAUSTED, 8)                                                                   \
	_(FAILED_PRECONDITION, 9)                                                                  \
	_(ABORTED, 10)                                                                             \
	_(OUT_OF_RANGE, 11)                                                                        \
	_(UNIMPLEMENTED, 12)                                                                       \
	_(INTERNAL, 13)                                                                            \
	_(UNAVAILABLE, 14)                                                                         \
	_(DATA_LOSS, 15)                                                                           \
	_(UNAUTHENTICATED, 16)

enum rpc_code {
#define RPC_CODE_ENUM_(name, value) RPC_##name = value,
	RPC_CODE_INFO(RPC_CODE_ENUM_)
#undef RPC_CODE_ENUM_
};

/* "NOT_FOUND", ...; "CODE_17"-style is never returned: unknown → "UNKNOWN". */
const char *rpc_code_name(int code);

struct rpc_config {
	const char *endpoint; /* JobService/ClusterService; default RPC_DEFAULT_ENDPOINT */
	const char
	    *operation_endpoint;  /* NULL: endpoint when endpoint was given, else the default */
	bool plaintext;           /* no TLS (unix: targets are always plaintext) */
	const char *ca_file;      /* PEM roots instead of the system's; NULL = system */
	const char *iam_endpoint; /* IamTokenService; NULL: follows endpoint like the above */
	/* Credentials, first match wins. All copied; none is ever logged or quoted. */
	const char *iam_token;   /* used as is; NULL or "": next source */
	const char *sa_key_file; /* authorized key: a PS256 JWT exchanged for IAM tokens */
	const char *oauth_token; /* Yandex OAuth token exchanged for IAM tokens */
	/* A shell command whose stdout is an IAM token (`yc iam create-token`); run again before
	 * the token expires. */
	const char *token_command;
	/* The VM metadata service's token URL (RPC_METADATA_URL on a cloud VM); only when asked
	 * for, never probed. */
	const char *metadata_url;
	double timeout_s; /* per-attempt deadline; 0 = 30 s */
	int max_attempts; /* retries for idempotent calls; 0 = 5 */
	bool want_json;   /* also fill rpc_result.json */
	/* Told of each retry as it is scheduled, for --verbose: the method path,
	 * the code of the failed attempt, the attempt number and the delay. Runs
	 * on the RPC thread, so it must only do thread-safe work such as writing
	 * one line to stderr. NULL: silent. */
	void (*on_retry)(void *ctx, const char *method, int code, int attempt, int delay_ms);
	void *on_retry_ctx;
};

struct rpc_client;
struct rpc_call;

enum rpc_method {
	RPC_JOB_LIST,
	RPC_JOB_GET,
	RPC_JOB_CREATE,
	RPC_JOB_CANCEL,
	RPC_JOB_LIST_LOG,
	RPC_OPERATION_GET,
	RPC_CLUSTER_LIST,
	RPC_CLUSTER_GET,
	RPC_IAM_CREATE_TOKEN, /* internal: the token exchange, never started by callers */
	RPC_AUTH_WAIT,        /* rpc_wait_token: no request, ends once a token is there */
};

enum rpc_auth_source {
	RPC_AUTH_NONE,      /* no authorization metadata */
	RPC_AUTH_IAM_TOKEN, /* the token given in the config */
	RPC_AUTH_SA_KEY,    /* sa_key_file, exchanged through IamTokenService.Create */
	RPC_AUTH_OAUTH,     /* oauth_token, exchanged through IamTokenService.Create */
	RPC_AUTH_COMMAND,   /* token_command's stdout */
	RPC_AUTH_METADATA,  /* the VM metadata service (metadata_url) */
};

/* What the client authenticates with; never the token itself. */
struct rpc_auth_status {
	enum rpc_auth_source source;
	bool have_token;     /* a token usable now */
	int64_t expires_at;  /* Unix seconds; 0 when unknown (a given IAM token) */
	char key_id[64];     /* RPC_AUTH_SA_KEY: the key's id */
	char account_id[64]; /* RPC_AUTH_SA_KEY: the service account */
	int exchanges;       /* tokens obtained so far */
};

struct rpc_job_page {
	struct job **jobs; /* owned by the result */
	size_t n_jobs;
	char *next_page_token; /* "" on the last page */
};

struct rpc_cluster_page {
	struct cluster **clusters;
	size_t n_clusters;
	char *next_page_token;
};

struct rpc_log_page {
	const unsigned char *content; /* not NUL-terminated; may hold any bytes */
	size_t len;
	char *next_page_token;
};

/* A finished call. Borrowed: valid only during on_result. A callback that
 * wants to keep the job or operation takes it with the helpers below. */
struct rpc_result {
	enum rpc_method method;
	int code;                            /* RPC_OK or the gRPC status */
	const char *message;                 /* server's status message, "" when OK */
	char request_id[RPC_REQUEST_ID_LEN]; /* x-request-id we sent */
	int attempts;                        /* how many attempts were made */
	/* The address the call went to, as configured ("127.0.0.1:1"); NULL when no attempt
	 * reached gRPC. For error lines. */
	const char *target;
	union {
		struct rpc_job_page jobs;         /* RPC_JOB_LIST */
		struct job *job;                  /* RPC_JOB_GET */
		struct operation *operation;      /* CREATE, CANCEL, OPERATION_GET */
		struct rpc_log_page log;          /* RPC_JOB_LIST_LOG */
		struct rpc_cluster_page clusters; /* RPC_CLUSTER_LIST */
		struct cluster *cluster;          /* RPC_CLUSTER_GET */
	} u;
	json_t *json; /* the reply as JSON when config.want_json (borrowed), else NULL */
};

/* Takes ownership of the job of a RPC_JOB_GET result (NULL afterwards). */
struct job *rpc_result_take_job(const struct rpc_result *res);
/* Takes ownership of the operation of a CREATE/CANCEL/OPERATION_GET result. */
struct operation *rpc_result_take_operation(const struct rpc_result *res);
/* Takes ownership of the cluster of a RPC_CLUSTER_GET result; caller frees with cluster_free(). */
struct cluster *rpc_result_take_cluster(const struct rpc_result *res);
/* The job as `dpjobs get --format json` prints it (proto field names, enums
 * by name, RFC 3339 times). Returns a new reference; caller json_decref()s. */
json_t *rpc_job_to_json(const struct job *job);
/* One line for humans: "NOT_FOUND: job c9q... not found (request-id 0b7c...)", or one that names
 * what failed: "cannot connect to 127.0.0.1:1 (UNAVAILABLE): connection refused (...)" (see
 * src/rpc/errors.h). Sanitized. Caller frees. */
char *rpc_result_error_line(const struct rpc_result *res);

typedef void (*rpc_result_fn)(const struct rpc_result *res, void *ctx);
typedef void (*rpc_free_fn)(void *ctx);

/* Returns a new client, or NULL with a one-line message in *err (caller frees).
 * Starts the RPC thread. The token is copied and never logged. */
struct rpc_client *rpc_client_new(const struct rpc_config *cfg, char **err);
/* Cancels pending calls (their on_free runs), stops the thread, frees. NULL is a no-op. */
void rpc_client_free(struct rpc_client *c);
/* Replaces the IAM token (NULL clears it) for calls started from now on. */
void rpc_client_set_token(struct rpc_client *c, const char *iam_token);
/* Fills *st; safe from any thread. */
void rpc_client_auth_status(struct rpc_client *c, struct rpc_auth_status *st);
/* Kills the token command's process group if one is running. Async-signal-safe: for a
 * handler of a signal that ends the process, which would leave the command behind (it runs in
 * a process group of its own, away from the terminal's signals). */
void rpc_kill_token_command(void);
/* "service account key", "OAuth token", ... for humans. */
const char *rpc_auth_source_name(enum rpc_auth_source source);
/* A readable fd that becomes readable when results are waiting. */
int rpc_client_wakeup_fd(const struct rpc_client *c);
/* Runs the callbacks of finished calls on this thread; returns how many. */
int rpc_client_dispatch(struct rpc_client *c);
/* Calls started whose on_free has not run yet. */
size_t rpc_pending_count(const struct rpc_client *c);
/* Blocks (poll on the wakeup fd, dispatching) until no call is pending or
 * timeout_ms passes (-1 = no limit). For batch commands. Returns pending count. */
size_t rpc_client_wait_idle(struct rpc_client *c, int timeout_ms);

/* Cancels a pending call: its on_result sees RPC_CANCELLED (unless it has
 * already finished), then on_free runs. Safe on a call whose result is queued. */
void rpc_call_cancel(struct rpc_call *call);

struct rpc_call *rpc_list_jobs(struct rpc_client *c, const char *cluster_id, int64_t page_size,
                               const char *page_token, const char *filter, rpc_result_fn on_result,
                               rpc_free_fn on_free, void *ctx);
struct rpc_call *rpc_get_job(struct rpc_client *c, const char *cluster_id, const char *job_id,
                             rpc_result_fn on_result, rpc_free_fn on_free, void *ctx);
/* idempotency_key: NULL = a new uuid; the same key is sent on every retry. */
struct rpc_call *rpc_create_job(struct rpc_client *c, const char *cluster_id, const char *name,
                                const struct job_spec *spec, const char *idempotency_key,
                                rpc_result_fn on_result, rpc_free_fn on_free, void *ctx);
struct rpc_call *rpc_cancel_job(struct rpc_client *c, const char *cluster_id, const char *job_id,
                                const char *idempotency_key, rpc_result_fn on_result,
                                rpc_free_fn on_free, void *ctx);
struct rpc_call *rpc_list_job_log(struct rpc_client *c, const char *cluster_id, const char *job_id,
                                  int64_t page_size, const char *page_token,
                                  rpc_result_fn on_result, rpc_free_fn on_free, void *ctx);
struct rpc_call *rpc_get_operation(struct rpc_client *c, const char *operation_id,
                                   rpc_result_fn on_result, rpc_free_fn on_free, void *ctx);
struct rpc_call *rpc_list_clusters(struct rpc_client *c, const char *folder_id, int64_t page_size,
                                   const char *page_token, const char *filter,
                                   rpc_result_fn on_result, rpc_free_fn on_free, void *ctx);
struct rpc_call *rpc_get_cluster(struct rpc_client *c, const char *cluster_id,
                                 rpc_result_fn on_result, rpc_free_fn on_free, void *ctx);

/* Ends (RPC_OK) once the client holds a usable token, getting one first if needed; with
 * the exchange's error when that fails. Nothing is sent to the Data Proc API. */
struct rpc_call *rpc_wait_token(struct rpc_client *c, rpc_result_fn on_result, rpc_free_fn on_free,
                                void *ctx);

#endif
