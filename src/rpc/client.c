/* Client lifecycle, the RPC thread, the result queue with its wake-up fd, dispatch. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <grpc/support/log.h>

#include "rpc/internal.h"
#include "util/log.h"
#include "util/xalloc.h"

static pthread_once_t rpc_client_log_once = PTHREAD_ONCE_INIT;

/* gRPC writes to stderr by default, which is the curses screen. Lines that
 * might quote request headers (GRPC_TRACE=http) are dropped: they can hold the token. */
static void
rpc_client_gpr_log(gpr_log_func_args *args)
{
	const char *msg = args->message != NULL ? args->message : "";

	if (strstr(msg, "uthorization") != NULL || strstr(msg, "Bearer") != NULL)
		msg = "(line that may contain credentials dropped)";
	log_debug("grpc %s %s:%d: %s", gpr_log_severity_string(args->severity),
	          args->file != NULL ? args->file : "?", args->line, msg);
}

static void
rpc_client_log_init(void)
{
	gpr_set_log_function(rpc_client_gpr_log);
}

static void *
rpc_client_thread(void *arg)
{
	struct rpc_client *c = arg;
	gpr_timespec deadline, refresh;
	grpc_event ev;

	for (;;) {
		/* Due retries and token refreshes are started here, so neither ever blocks
		 * the caller's thread. */
		pthread_mutex_lock(&c->mu);
		deadline = rpc_call_start_due_locked(c);
		refresh = rpc_auth_due_locked(c);
		pthread_mutex_unlock(&c->mu);
		if (gpr_time_cmp(refresh, deadline) < 0)
			deadline = refresh;
		ev = grpc_completion_queue_next(c->cq, deadline, NULL);
		if (ev.type == GRPC_QUEUE_SHUTDOWN)
			break;
		if (ev.type == GRPC_OP_COMPLETE)
			rpc_call_complete(c, ev.tag, ev.success != 0);
	}
	return NULL;
}

void
rpc_client_unlink_locked(struct rpc_client *c, struct rpc_call *call)
{
	if (call->prev != NULL)
		call->prev->next = call->next;
	else
		c->active = call->next;
	if (call->next != NULL)
		call->next->prev = call->prev;
	call->prev = call->next = NULL;
}

void
rpc_client_push_locked(struct rpc_client *c, struct rpc_call *call)
{
	uint64_t one = 1;

	rpc_client_unlink_locked(c, call);
	call->state = RPC_CALL_DONE;
	call->qnext = NULL;
	if (c->queue_tail != NULL)
		c->queue_tail->qnext = call;
	else
		c->queue = call;
	c->queue_tail = call;
	/* Cannot block (EFD_NONBLOCK) and cannot overflow in practice; a failed
	 * write still leaves the result queued for the next dispatch. */
	if (write(c->wakeup_fd, &one, sizeof one) < 0)
		log_debug("eventfd write: %s", strerror(errno));
}

/* Picks the operation or IAM endpoint: explicit, else a non-default main endpoint
 * (a test server or a private installation serves them all), else the public one. */
static const char *
rpc_client_service_target(const struct rpc_config *cfg, const char *endpoint,
                          const char *explicit, const char *fallback)
{
	if (explicit != NULL)
		return explicit;
	if (cfg->endpoint != NULL && strcmp(endpoint, RPC_DEFAULT_ENDPOINT) != 0)
		return endpoint;
	return fallback;
}

/* The IAM channel, only for a credential that is exchanged for tokens. */
static bool
rpc_client_open_iam_channel(struct rpc_client *c, const struct rpc_config *cfg,
                            const char *endpoint, const char *op_endpoint, char **err)
{
	const char *target = rpc_client_service_target(cfg, endpoint, cfg->iam_endpoint,
	                                               RPC_DEFAULT_IAM_ENDPOINT);

	if (!rpc_auth_exchanged(c))
		return true;
	if (strcmp(target, endpoint) == 0)
		c->iam_channel = c->channel;
	else if (strcmp(target, op_endpoint) == 0)
		c->iam_channel = c->op_channel;
	else
		c->iam_channel = rpc_channel_open(target, cfg, err);
	return c->iam_channel != NULL;
}

static bool
rpc_client_open_channels(struct rpc_client *c, const struct rpc_config *cfg, char **err)
{
	const char *endpoint = cfg->endpoint != NULL ? cfg->endpoint : RPC_DEFAULT_ENDPOINT;
	const char *op_endpoint = rpc_client_service_target(cfg, endpoint, cfg->operation_endpoint,
	                                                    RPC_DEFAULT_OPERATION_ENDPOINT);

	c->channel = rpc_channel_open(endpoint, cfg, err);
	if (c->channel == NULL)
		return false;
	if (strcmp(endpoint, op_endpoint) == 0)
		c->op_channel = c->channel;
	else
		c->op_channel = rpc_channel_open(op_endpoint, cfg, err);
	if (c->op_channel == NULL ||
	    !rpc_client_open_iam_channel(c, cfg, endpoint, op_endpoint, err)) {
		if (c->op_channel != NULL && c->op_channel != c->channel)
			grpc_channel_destroy(c->op_channel);
		grpc_channel_destroy(c->channel);
		c->channel = c->op_channel = NULL;
		return false;
	}
	return true;
}

static void
rpc_client_close_channels(struct rpc_client *c)
{
	if (c->iam_channel != NULL && c->iam_channel != c->channel &&
	    c->iam_channel != c->op_channel)
		grpc_channel_destroy(c->iam_channel);
	c->iam_channel = NULL;
	if (c->op_channel != NULL && c->op_channel != c->channel)
		grpc_channel_destroy(c->op_channel);
	if (c->channel != NULL)
		grpc_channel_destroy(c->channel);
	c->channel = c->op_channel = NULL;
}

/* Wipes a token before its memory goes back to the allocator. */
static void
rpc_client_forget_token(char *token)
{
	if (token == NULL)
		return;
	explicit_bzero(token, strlen(token));
	free(token);
}

struct rpc_client *
rpc_client_new(const struct rpc_config *cfg, char **errp)
{
	struct rpc_client *c;
	char *discard = NULL, **err = errp != NULL ? errp : &discard;
	sigset_t all, old;
	int rc;

	*err = NULL;
	pthread_once(&rpc_client_log_once, rpc_client_log_init);
	/* Reference-counted by gRPC itself: one grpc_shutdown per client balances it. */
	grpc_init();
	c = xcalloc(1, sizeof *c);
	c->want_json = cfg->want_json;
	c->timeout_s = cfg->timeout_s > 0 ? cfg->timeout_s : RPC_DEFAULT_TIMEOUT_S;
	c->max_attempts = cfg->max_attempts > 0 ? cfg->max_attempts : RPC_DEFAULT_MAX_ATTEMPTS;
	c->on_retry = cfg->on_retry;
	c->on_retry_ctx = cfg->on_retry_ctx;
	c->wakeup_fd = -1;
	rpc_backoff_seed(&c->rng);
	pthread_mutex_init(&c->mu, NULL);
	atomic_init(&c->pending, 0);

	if (!rpc_auth_init(c, cfg, err) || !rpc_client_open_channels(c, cfg, err))
		goto fail;
	c->wakeup_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (c->wakeup_fd < 0) {
		*err = xasprintf("eventfd: %s", strerror(errno));
		goto fail;
	}
	c->cq = grpc_completion_queue_create_for_next(NULL);
	/* Signals belong to the UI thread's self-pipe, not to the RPC thread. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&c->thread, NULL, rpc_client_thread, c);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		*err = xasprintf("cannot start the RPC thread: %s", strerror(rc));
		grpc_completion_queue_shutdown(c->cq);
		grpc_completion_queue_destroy(c->cq);
		goto fail;
	}
	return c;

fail:
	rpc_client_close_channels(c);
	if (c->wakeup_fd >= 0)
		close(c->wakeup_fd);
	pthread_mutex_destroy(&c->mu);
	rpc_client_forget_token(c->token);
	rpc_auth_free(c);
	free(c);
	grpc_shutdown();
	free(discard);
	return NULL;
}

void
rpc_client_free(struct rpc_client *c)
{
	struct rpc_call *call, *next;

	if (c == NULL)
		return;
	rpc_auth_stop(c);
	/* PLATFORM-NOTES §5: cancel, destroy channels, shut the queue down, join
	 * (the thread drains the cancelled completions), destroy the queue. */
	pthread_mutex_lock(&c->mu);
	c->shutting_down = true;
	for (call = c->active; call != NULL; call = next) {
		next = call->next;
		call->cancel_requested = true;
		if (call->gcall != NULL) {
			grpc_call_cancel(call->gcall, NULL);
		} else if (call->state == RPC_CALL_BACKOFF || call->state == RPC_CALL_AUTH_WAIT) {
			/* Ending the exchange ends the calls parked on it: start over. */
			rpc_call_finish_locked(call, RPC_CANCELLED, RPC_CANCELLED_MESSAGE);
			next = c->active;
		}
	}
	pthread_mutex_unlock(&c->mu);
	rpc_client_close_channels(c);
	grpc_completion_queue_shutdown(c->cq);
	pthread_join(c->thread, NULL);
	grpc_completion_queue_destroy(c->cq);

	/* Every call is DONE now. Only on_free runs: the caller is tearing down
	 * and its on_result would act on state it may already have destroyed. */
	for (call = c->queue; call != NULL; call = next) {
		next = call->qnext;
		if (call->on_free != NULL)
			call->on_free(call->ctx);
		rpc_call_free(call);
	}
	close(c->wakeup_fd);
	pthread_mutex_destroy(&c->mu);
	rpc_client_forget_token(c->token);
	rpc_auth_free(c);
	free(c);
	grpc_shutdown();
}

void
rpc_client_set_token(struct rpc_client *c, const char *iam_token)
{
	char *copy = xstrdup(iam_token);
	char *old;

	pthread_mutex_lock(&c->mu);
	old = c->token;
	c->token = copy;
	c->token_gen++;
	pthread_mutex_unlock(&c->mu);
	rpc_client_forget_token(old);
}

int
rpc_client_wakeup_fd(const struct rpc_client *c)
{
	return c->wakeup_fd;
}

int
rpc_client_dispatch(struct rpc_client *c)
{
	struct rpc_call *call, *next;
	uint64_t count;
	int n = 0;

	/* Read the fd before taking the queue: a result pushed after this read
	 * makes the fd readable again, so none is left without a wake-up. */
	if (read(c->wakeup_fd, &count, sizeof count) < 0 && errno != EAGAIN)
		log_debug("eventfd read: %s", strerror(errno));
	pthread_mutex_lock(&c->mu);
	call = c->queue;
	c->queue = c->queue_tail = NULL;
	pthread_mutex_unlock(&c->mu);

	for (; call != NULL; call = next) {
		next = call->qnext;
		rpc_call_apply_cancel(call);
		if (call->on_result != NULL)
			call->on_result(&call->res, call->ctx);
		if (call->on_free != NULL)
			call->on_free(call->ctx);
		atomic_fetch_sub(&c->pending, 1);
		rpc_call_free(call);
		n++;
	}
	return n;
}

size_t
rpc_pending_count(const struct rpc_client *c)
{
	return atomic_load(&c->pending);
}

static int64_t
rpc_client_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

size_t
rpc_client_wait_idle(struct rpc_client *c, int timeout_ms)
{
	int64_t end = timeout_ms >= 0 ? rpc_client_now_ms() + timeout_ms : 0;
	struct pollfd pfd = {.fd = c->wakeup_fd, .events = POLLIN};

	for (;;) {
		int wait_ms = -1;

		rpc_client_dispatch(c);
		if (rpc_pending_count(c) == 0)
			break;
		if (timeout_ms >= 0) {
			int64_t left = end - rpc_client_now_ms();

			if (left <= 0)
				break;
			wait_ms = left > INT32_MAX ? INT32_MAX : (int)left;
		}
		if (poll(&pfd, 1, wait_ms) < 0 && errno != EINTR)
			break;
	}
	return rpc_pending_count(c);
}
