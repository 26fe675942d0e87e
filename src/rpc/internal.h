/* Private to src/rpc: the client and call structs and the pieces that share them. */
#ifndef DPJOBS_RPC_INTERNAL_H
#define DPJOBS_RPC_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <grpc/grpc.h>
#include <protobuf-c/protobuf-c.h>

#include "rpc/rpc.h"
#include "util/uuid.h"

#define RPC_DEFAULT_TIMEOUT_S 30.0
#define RPC_DEFAULT_MAX_ATTEMPTS 5
/* Log pages are 1 MiB and job lists up to 1000 jobs: gRPC's 4 MiB default is too tight. */
#define RPC_MAX_RECEIVE_BYTES (16 * 1024 * 1024)
/* The message of a call we cancelled ourselves (gRPC says "CANCELLED"). */
#define RPC_CANCELLED_MESSAGE "Cancelled"

enum rpc_channel_kind {
	RPC_CHANNEL_MAIN,      /* JobService, ClusterService */
	RPC_CHANNEL_OPERATION, /* OperationService */
	RPC_CHANNEL_IAM,       /* IamTokenService: never carries authorization metadata */
	RPC_CHANNEL_NONE,      /* RPC_AUTH_WAIT: nothing is sent */
};

/* Everything a request builder may need; each method reads its own fields. */
struct rpc_args {
	const char *cluster_id;
	const char *job_id;
	const char *folder_id;
	const char *operation_id;
	const char *name;
	const struct job_spec *spec;
	const char *page_token;
	const char *filter;
	int64_t page_size;
	const char *jwt;         /* RPC_IAM_CREATE_TOKEN: one of these two */
	const char *oauth_token;
};

/* One row of the method table (methods.c). */
struct rpc_method_info {
	const char *path; /* "/package.Service/Method" */
	enum rpc_channel_kind channel;
	bool idempotency_key; /* mutating: sends idempotency-key, same on every retry */
	/* Returns the packed request (malloc'ed); *len receives its size. */
	unsigned char *(*build)(const struct rpc_args *a, size_t *len);
	const ProtobufCMessageDescriptor *reply;
	/* Fills res->u from the unpacked reply. The reply outlives on_result, so
	 * a converter may borrow from it (the log page does). */
	void (*convert)(const ProtobufCMessage *reply, struct rpc_result *res);
	/* Frees what convert put in res->u (whatever the callback did not take). */
	void (*free_payload)(struct rpc_result *res);
};

enum rpc_call_state {
	RPC_CALL_RUNNING, /* an attempt is in gRPC (gcall set) or being decoded (gcall NULL) */
	RPC_CALL_BACKOFF, /* waiting for retry_at */
	RPC_CALL_DONE,    /* on the result queue or being dispatched */
	RPC_CALL_AUTH_WAIT, /* parked until the token exchange ends (auth.c) */
};

struct rpc_call {
	struct rpc_client *client;
	const struct rpc_method_info *m;
	rpc_result_fn on_result;
	rpc_free_fn on_free;
	void *ctx;

	unsigned char *request; /* packed once, resent on every attempt */
	size_t request_len;
	char *idempotency_key; /* NULL unless m->idempotency_key */
	/* The token exchange of auth.c: its outcome goes to auth, never to the result queue,
	 * and it is not counted in pending. */
	bool internal;

	/* Guarded by client->mu. */
	enum rpc_call_state state;
	bool cancel_requested;
	bool auth_retried;  /* UNAUTHENTICATED already refreshed the token once */
	uint64_t token_gen; /* client->token_gen of the token the attempt sent */
	grpc_call *gcall;
	gpr_timespec retry_at;        /* GPR_CLOCK_MONOTONIC */
	struct rpc_call *prev, *next; /* client->active while not DONE */
	struct rpc_call *qnext;       /* client->queue while DONE */

	/* One attempt's batch; owned by whichever thread runs the attempt. */
	grpc_metadata md[3];
	grpc_slice auth_value;
	grpc_byte_buffer *send_bb;
	grpc_byte_buffer *recv_bb;
	grpc_metadata_array initial_md;
	grpc_metadata_array trailing_md;
	grpc_status_code status;
	grpc_slice details;
	const char *error_string;
	char *target;         /* the channel's target, for error lines; set at the first attempt */
	gpr_timespec started; /* of the first attempt, for the debug log */

	/* The outcome, filled by the RPC thread before the call goes DONE. */
	struct rpc_result res;
	char *message;
	ProtobufCMessage *reply;
};

struct rpc_client {
	bool want_json;
	double timeout_s;
	int max_attempts;
	void (*on_retry)(void *ctx, const char *method, int code, int attempt, int delay_ms);
	void *on_retry_ctx;

	grpc_channel *channel;
	grpc_channel *op_channel; /* == channel when both endpoints are equal */
	grpc_channel *iam_channel; /* NULL without an exchanged credential; may be channel */
	grpc_completion_queue *cq;
	pthread_t thread;
	int wakeup_fd;
	uint64_t rng; /* backoff jitter; RPC thread only */

	pthread_mutex_t mu;
	char *token;                         /* guarded by mu */
	uint64_t token_gen;                  /* guarded by mu; bumped for each new token */
	struct rpc_auth *auth;               /* auth.c; its state is guarded by mu */
	bool shutting_down;                  /* guarded by mu */
	struct rpc_call *active;             /* guarded by mu */
	struct rpc_call *queue, *queue_tail; /* guarded by mu */

	atomic_size_t pending;
};

/* methods.c */
const struct rpc_method_info *rpc_method_get(enum rpc_method method);

/* call.c */
/* Creates a call and starts its first attempt; the result always arrives
 * through dispatch, even when the attempt could not be started. */
struct rpc_call *rpc_call_start(struct rpc_client *c, enum rpc_method method,
                                const struct rpc_args *args, const char *idempotency_key,
                                rpc_result_fn on_result, rpc_free_fn on_free, void *ctx);
/* RPC thread: handles the completion of the attempt of call. */
void rpc_call_complete(struct rpc_client *c, struct rpc_call *call, bool success);
/* RPC thread, mu held: starts every retry due by now; returns the earliest
 * retry still waiting, or gpr_inf_future when none. */
gpr_timespec rpc_call_start_due_locked(struct rpc_client *c);
/* mu held: starts an attempt of call, or parks it until there is a token. */
void rpc_call_attempt_locked(struct rpc_call *call);
/* mu held: creates and starts an internal call (not counted in pending). */
struct rpc_call *rpc_call_start_internal_locked(struct rpc_client *c, enum rpc_method method,
                                                const struct rpc_args *args);
/* mu held: finishes a call that is not in gRPC (waiting for a retry, or not
 * startable) with code and message. */
void rpc_call_finish_locked(struct rpc_call *call, int code, const char *message);
/* Caller's thread, before on_result: a call cancelled after its reply was
 * queued still reports CANCELLED, so no stale data reaches a cancelled caller. */
void rpc_call_apply_cancel(struct rpc_call *call);
/* Frees the call and what its result still owns. */
void rpc_call_free(struct rpc_call *call);

/* client.c */
/* mu held: moves call from the active list to the result queue and wakes the caller. */
void rpc_client_push_locked(struct rpc_client *c, struct rpc_call *call);
/* mu held: takes call off the active list. */
void rpc_client_unlink_locked(struct rpc_client *c, struct rpc_call *call);

/* auth.c */
/* Picks the credential source of cfg and loads it; false with *err (caller frees). */
bool rpc_auth_init(struct rpc_client *c, const struct rpc_config *cfg, char **err);
/* Stops and joins the token worker thread (command, metadata); first thing in rpc_client_free,
 * without client->mu held. */
void rpc_auth_stop(struct rpc_client *c);
void rpc_auth_free(struct rpc_client *c);
/* Whether the source is exchanged for tokens (and needs the IAM channel). */
bool rpc_auth_exchanged(const struct rpc_client *c);
/* mu held: true when call must wait for a token; then it is parked and an exchange runs. */
bool rpc_auth_park_locked(struct rpc_client *c, struct rpc_call *call);
/* mu held: after UNAUTHENTICATED; true when call deserves one more attempt with a new token
 * (the one it sent is dropped), false when the error stands. */
bool rpc_auth_retry_locked(struct rpc_client *c, struct rpc_call *call);
/* RPC thread, mu held: starts a refresh that is due; returns when the next one is due. */
gpr_timespec rpc_auth_due_locked(struct rpc_client *c);
/* mu held: the exchange call ended with code; takes and frees call. */
void rpc_auth_exchange_done_locked(struct rpc_client *c, struct rpc_call *call, int code,
                                   const char *message);

/* channel.c */
/* Returns a new channel to target, or NULL with a message in *err (caller frees). */
grpc_channel *rpc_channel_open(const char *target, const struct rpc_config *cfg, char **err);
/* Whether target names a unix socket (always plaintext). */
bool rpc_channel_is_unix(const char *target);

/* backoff.c */
/* Milliseconds to wait before attempt number `attempt` + 1 (attempt >= 1). */
int64_t rpc_backoff_ms(int attempt, uint64_t *rng);
/* Seeds the jitter generator from the clock and the address of state. */
void rpc_backoff_seed(uint64_t *rng);

#endif
