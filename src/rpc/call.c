/* The one unary call engine: metadata, one batch per attempt, decoding, retries, cancel. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <grpc/byte_buffer_reader.h>
#include <grpc/support/alloc.h>

#include "rpc/errors.h"
#include "rpc/internal.h"
#include "util/log.h"
#include "util/xalloc.h"
#include "wire/pbjson.h"

static int64_t
rpc_call_elapsed_ms(const struct rpc_call *call)
{
	gpr_timespec d = gpr_time_sub(gpr_now(GPR_CLOCK_MONOTONIC), call->started);

	return gpr_time_to_millis(d);
}

/* Releases what one attempt's batch used, so the next attempt starts clean. */
static void
rpc_call_attempt_done(struct rpc_call *call)
{
	grpc_metadata_array_destroy(&call->initial_md);
	grpc_metadata_array_destroy(&call->trailing_md);
	grpc_slice_unref(call->details);
	call->details = grpc_empty_slice();
	grpc_slice_unref(call->auth_value);
	call->auth_value = grpc_empty_slice();
	gpr_free((void *)call->error_string);
	call->error_string = NULL;
	if (call->send_bb != NULL)
		grpc_byte_buffer_destroy(call->send_bb);
	call->send_bb = NULL;
	if (call->recv_bb != NULL)
		grpc_byte_buffer_destroy(call->recv_bb);
	call->recv_bb = NULL;
}

/* Builds the request metadata; the slices must outlive the batch (PLATFORM-NOTES §9.5). */
static size_t
rpc_call_metadata_locked(struct rpc_call *call)
{
	const char *token = call->client->token;
	size_t n = 0;

	call->token_gen = call->client->token_gen;
	/* IamTokenService.Create carries its credential in the body (wire-reference §5). */
	if (token != NULL && token[0] != '\0' && call->m->channel != RPC_CHANNEL_IAM) {
		size_t len = strlen(token);

		call->auth_value = grpc_slice_malloc(7 + len);
		memcpy(GRPC_SLICE_START_PTR(call->auth_value), "Bearer ", 7);
		memcpy(GRPC_SLICE_START_PTR(call->auth_value) + 7, token, len);
		call->md[n].key = grpc_slice_from_static_string("authorization");
		call->md[n].value = call->auth_value;
		n++;
	}
	call->md[n].key = grpc_slice_from_static_string("x-request-id");
	call->md[n].value = grpc_slice_from_static_string(call->res.request_id);
	n++;
	if (call->idempotency_key != NULL) {
		call->md[n].key = grpc_slice_from_static_string("idempotency-key");
		call->md[n].value = grpc_slice_from_static_string(call->idempotency_key);
		n++;
	}
	return n;
}

static grpc_channel *
rpc_call_channel(const struct rpc_call *call)
{
	switch (call->m->channel) {
	case RPC_CHANNEL_OPERATION:
		return call->client->op_channel;
	case RPC_CHANNEL_IAM:
		return call->client->iam_channel;
	default:
		return call->client->channel;
	}
}

/* mu held (so a concurrent cancel or shutdown sees gcall as soon as it exists). */
void
rpc_call_attempt_locked(struct rpc_call *call)
{
	struct rpc_client *c = call->client;
	grpc_channel *ch = rpc_call_channel(call);
	gpr_timespec deadline;
	grpc_slice payload;
	grpc_call_error err;
	grpc_call *gcall;
	grpc_op ops[6];
	size_t n_md;

	if (!call->internal && rpc_auth_park_locked(c, call))
		return;
	if (call->m->channel == RPC_CHANNEL_NONE) {
		rpc_call_finish_locked(call, RPC_OK, "");
		return;
	}
	call->res.attempts++;
	call->state = RPC_CALL_RUNNING;
	if (call->target == NULL) {
		/* Asked now: at completion the channel may already be gone (rpc_client_free). */
		char *target = grpc_channel_get_target(ch);

		call->target = xstrdup(target != NULL ? target : "");
		call->res.target = call->target;
		gpr_free(target);
	}
	grpc_metadata_array_init(&call->initial_md);
	grpc_metadata_array_init(&call->trailing_md);
	call->status = GRPC_STATUS_UNKNOWN;
	n_md = rpc_call_metadata_locked(call);
	payload = grpc_slice_from_copied_buffer((const char *)call->request, call->request_len);
	call->send_bb = grpc_raw_byte_buffer_create(&payload, 1);
	grpc_slice_unref(payload);

	deadline =
	    gpr_time_add(gpr_now(GPR_CLOCK_MONOTONIC),
	                 gpr_time_from_millis((int64_t)(c->timeout_s * 1000.0), GPR_TIMESPAN));
	gcall = grpc_channel_create_call(ch, NULL, GRPC_PROPAGATE_DEFAULTS, c->cq,
	                                 grpc_slice_from_static_string(call->m->path), NULL,
	                                 deadline, NULL);

	memset(ops, 0, sizeof ops);
	ops[0].op = GRPC_OP_SEND_INITIAL_METADATA;
	ops[0].data.send_initial_metadata.count = n_md;
	ops[0].data.send_initial_metadata.metadata = call->md;
	ops[1].op = GRPC_OP_SEND_MESSAGE;
	ops[1].data.send_message.send_message = call->send_bb;
	ops[2].op = GRPC_OP_SEND_CLOSE_FROM_CLIENT;
	ops[3].op = GRPC_OP_RECV_INITIAL_METADATA;
	ops[3].data.recv_initial_metadata.recv_initial_metadata = &call->initial_md;
	ops[4].op = GRPC_OP_RECV_MESSAGE;
	ops[4].data.recv_message.recv_message = &call->recv_bb;
	ops[5].op = GRPC_OP_RECV_STATUS_ON_CLIENT;
	ops[5].data.recv_status_on_client.trailing_metadata = &call->trailing_md;
	ops[5].data.recv_status_on_client.status = &call->status;
	ops[5].data.recv_status_on_client.status_details = &call->details;
	ops[5].data.recv_status_on_client.error_string = &call->error_string;

	err = grpc_call_start_batch(gcall, ops, 6, call, NULL);
	if (err != GRPC_CALL_OK) {
		char *msg = xasprintf("cannot start the call: %s", grpc_call_error_to_string(err));

		grpc_call_unref(gcall);
		rpc_call_attempt_done(call);
		log_debug("%s request-id %s: %s", call->m->path, call->res.request_id, msg);
		rpc_call_finish_locked(call, RPC_INTERNAL, msg);
		free(msg);
		return;
	}
	call->gcall = gcall;
}

static struct rpc_call *
rpc_call_new(struct rpc_client *c, enum rpc_method method, const struct rpc_args *args,
             const char *idempotency_key, rpc_result_fn on_result, rpc_free_fn on_free, void *ctx)
{
	struct rpc_call *call = xcalloc(1, sizeof *call);

	call->client = c;
	call->m = rpc_method_get(method);
	call->on_result = on_result;
	call->on_free = on_free;
	call->ctx = ctx;
	call->res.method = method;
	call->res.message = "";
	uuid_generate_str(call->res.request_id);
	if (call->m->idempotency_key) {
		if (idempotency_key != NULL) {
			call->idempotency_key = xstrdup(idempotency_key);
		} else {
			call->idempotency_key = xmalloc(UUID_STR_LEN);
			uuid_generate_str(call->idempotency_key);
		}
	}
	call->request = call->m->build(args, &call->request_len);
	call->details = grpc_empty_slice();
	call->auth_value = grpc_empty_slice();
	call->started = gpr_now(GPR_CLOCK_MONOTONIC);
	return call;
}

static void
rpc_call_link_locked(struct rpc_client *c, struct rpc_call *call)
{
	call->next = c->active;
	if (c->active != NULL)
		c->active->prev = call;
	c->active = call;
}

struct rpc_call *
rpc_call_start_internal_locked(struct rpc_client *c, enum rpc_method method,
                               const struct rpc_args *args)
{
	struct rpc_call *call = rpc_call_new(c, method, args, NULL, NULL, NULL, NULL);

	call->internal = true;
	rpc_call_link_locked(c, call);
	rpc_call_attempt_locked(call);
	return call;
}

struct rpc_call *
rpc_call_start(struct rpc_client *c, enum rpc_method method, const struct rpc_args *args,
               const char *idempotency_key, rpc_result_fn on_result, rpc_free_fn on_free, void *ctx)
{
	struct rpc_call *call = rpc_call_new(c, method, args, idempotency_key, on_result, on_free,
	                                     ctx);

	atomic_fetch_add(&c->pending, 1);
	pthread_mutex_lock(&c->mu);
	rpc_call_link_locked(c, call);
	if (c->shutting_down)
		rpc_call_finish_locked(call, RPC_CANCELLED, RPC_CANCELLED_MESSAGE);
	else
		rpc_call_attempt_locked(call);
	pthread_mutex_unlock(&c->mu);
	return call;
}

/* Turns a successful reply into the result; false if the bytes do not parse. */
static bool
rpc_call_decode(struct rpc_call *call)
{
	grpc_byte_buffer_reader reader;
	grpc_slice all;

	if (call->recv_bb == NULL || !grpc_byte_buffer_reader_init(&reader, call->recv_bb))
		return false;
	all = grpc_byte_buffer_reader_readall(&reader);
	grpc_byte_buffer_reader_destroy(&reader);
	call->reply = protobuf_c_message_unpack(call->m->reply, NULL, GRPC_SLICE_LENGTH(all),
	                                        GRPC_SLICE_START_PTR(all));
	grpc_slice_unref(all);
	if (call->reply == NULL)
		return false;
	call->m->convert(call->reply, &call->res);
	/* The exchange's reply holds a token: it never becomes JSON someone could print. */
	if (call->client->want_json && !call->internal)
		call->res.json = pbjson_from_message(call->reply);
	return true;
}

/* UNAVAILABLE is normally transient (a refused connection may be a server restarting), but
 * an untrusted certificate or a name that does not exist fails the same way every time. */
static bool
rpc_call_retryable(int code, const char *message)
{
	struct rpc_error err;

	if (code != RPC_UNAVAILABLE && code != RPC_DEADLINE_EXCEEDED)
		return false;
	rpc_error_classify(code, message, &err);
	return !err.permanent;
}

void
rpc_call_complete(struct rpc_client *c, struct rpc_call *call, bool success)
{
	grpc_call *gcall;
	char *message = NULL;
	int code;

	/* Out of the in-flight set before the unref, so a cancel never touches a
	 * freed call. Taking mu first also orders this thread after the one that
	 * started the attempt (which held mu), for readers and for TSan alike. */
	pthread_mutex_lock(&c->mu);
	gcall = call->gcall;
	call->gcall = NULL;
	pthread_mutex_unlock(&c->mu);
	grpc_call_unref(gcall);

	code = success ? (int)call->status : RPC_UNKNOWN;
	if (!success)
		message = xstrdup("the call failed inside gRPC");
	else if (code != RPC_OK) {
		message = xstrndup((const char *)GRPC_SLICE_START_PTR(call->details),
		                   GRPC_SLICE_LENGTH(call->details));
		/* gRPC's own account of a local failure (DNS, connect, TLS); a server's words
		 * ("received from peer") stay out: an IAM reply could quote a credential. */
		if (call->error_string != NULL &&
		    strstr(call->error_string, "received from peer") == NULL)
			log_debug("%s request-id %s: grpc says %s", call->m->path,
			          call->res.request_id, call->error_string);
	} else if (!rpc_call_decode(call)) {
		code = RPC_INTERNAL;
		message = xstrdup("malformed reply from the server");
	}
	rpc_call_attempt_done(call);
	log_debug("%s request-id %s attempt %d: %s after %lld ms", call->m->path,
	          call->res.request_id, call->res.attempts, rpc_code_name(code),
	          (long long)rpc_call_elapsed_ms(call));

	pthread_mutex_lock(&c->mu);
	if (code == RPC_UNAUTHENTICATED && !call->internal && !call->cancel_requested &&
	    !c->shutting_down && rpc_auth_retry_locked(c, call)) {
		log_debug("%s request-id %s: retry with a new token", call->m->path,
		          call->res.request_id);
		rpc_call_attempt_locked(call);
		pthread_mutex_unlock(&c->mu);
		free(message);
		return;
	}
	if (rpc_call_retryable(code, message) && call->res.attempts < c->max_attempts &&
	    !call->cancel_requested && !c->shutting_down) {
		int64_t delay = rpc_backoff_ms(call->res.attempts, &c->rng);

		call->state = RPC_CALL_BACKOFF;
		call->retry_at = gpr_time_add(gpr_now(GPR_CLOCK_MONOTONIC),
		                              gpr_time_from_millis(delay, GPR_TIMESPAN));
		pthread_mutex_unlock(&c->mu);
		log_debug("%s request-id %s: retry in %lld ms", call->m->path, call->res.request_id,
		          (long long)delay);
		if (c->on_retry)
			c->on_retry(c->on_retry_ctx, call->m->path, code, call->res.attempts,
			            (int)delay);
		free(message);
		return;
	}
	if (call->internal) {
		rpc_auth_exchange_done_locked(c, call, code, message != NULL ? message : "");
		pthread_mutex_unlock(&c->mu);
		free(message);
		return;
	}
	call->res.code = code;
	call->message = message;
	call->res.message = message != NULL ? message : "";
	rpc_client_push_locked(c, call);
	pthread_mutex_unlock(&c->mu);
}

gpr_timespec
rpc_call_start_due_locked(struct rpc_client *c)
{
	gpr_timespec now = gpr_now(GPR_CLOCK_MONOTONIC);
	gpr_timespec earliest = gpr_inf_future(GPR_CLOCK_MONOTONIC);
	struct rpc_call *call, *next;

	if (c->shutting_down)
		return earliest;
	for (call = c->active; call != NULL; call = next) {
		next = call->next;
		if (call->state != RPC_CALL_BACKOFF)
			continue;
		if (gpr_time_cmp(call->retry_at, now) <= 0) {
			rpc_call_attempt_locked(call);
			/* An attempt may park calls or end others: the list changed under next. */
			next = c->active;
		} else if (gpr_time_cmp(call->retry_at, earliest) < 0)
			earliest = call->retry_at;
	}
	return earliest;
}

void
rpc_call_finish_locked(struct rpc_call *call, int code, const char *message)
{
	if (call->internal) {
		rpc_auth_exchange_done_locked(call->client, call, code, message);
		return;
	}
	call->res.code = code;
	free(call->message);
	call->message = xstrdup(message);
	call->res.message = call->message;
	rpc_client_push_locked(call->client, call);
}

void
rpc_call_cancel(struct rpc_call *call)
{
	struct rpc_client *c;

	if (call == NULL)
		return;
	c = call->client;
	pthread_mutex_lock(&c->mu);
	call->cancel_requested = true;
	if (call->state == RPC_CALL_RUNNING && call->gcall != NULL)
		grpc_call_cancel(call->gcall, NULL);
	else if (call->state == RPC_CALL_BACKOFF || call->state == RPC_CALL_AUTH_WAIT)
		rpc_call_finish_locked(call, RPC_CANCELLED, RPC_CANCELLED_MESSAGE);
	pthread_mutex_unlock(&c->mu);
}

/* Drops everything the reply produced; the union and json are NULL afterwards. */
static void
rpc_call_drop_payload(struct rpc_call *call)
{
	call->m->free_payload(&call->res);
	memset(&call->res.u, 0, sizeof call->res.u);
	json_decref(call->res.json);
	call->res.json = NULL;
	if (call->reply != NULL)
		protobuf_c_message_free_unpacked(call->reply, NULL);
	call->reply = NULL;
}

void
rpc_call_apply_cancel(struct rpc_call *call)
{
	struct rpc_client *c = call->client;
	bool cancelled;

	pthread_mutex_lock(&c->mu);
	cancelled = call->cancel_requested;
	pthread_mutex_unlock(&c->mu);
	if (!cancelled || call->res.code == RPC_CANCELLED)
		return;
	rpc_call_drop_payload(call);
	call->res.code = RPC_CANCELLED;
	free(call->message);
	call->message = xstrdup(RPC_CANCELLED_MESSAGE);
	call->res.message = call->message;
}

void
rpc_call_free(struct rpc_call *call)
{
	if (call == NULL)
		return;
	rpc_call_drop_payload(call);
	free(call->message);
	/* The exchange's request holds a JWT or an OAuth token. */
	if (call->request != NULL)
		explicit_bzero(call->request, call->request_len);
	free(call->request);
	free(call->idempotency_key);
	free(call->target);
	free(call);
}
