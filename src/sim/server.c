/* The gRPC core server: completion-queue loop, call dispatch by method, delayed replies. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <grpc/byte_buffer.h>
#include <grpc/byte_buffer_reader.h>
#include <grpc/grpc.h>
#include <grpc/grpc_security.h>
#include <grpc/slice.h>
#include <grpc/support/time.h>

#include "sim/faults.h"
#include "sim/iam.h"
#include "sim/server.h"
#include "sim/service.h"
#include "util/xalloc.h"

/* request_call slots kept open, so a burst of new calls does not wait for
 * the loop to come round. */
#define SERVER_SLOTS 16
/* Longest sleep in the loop: bounds how late a stop request is seen. */
#define SERVER_TICK_MS 50

#define SERVER_METHOD_INFO(_)                                                                      \
	_("/yandex.cloud.dataproc.v1.JobService/List", service_job_list)                           \
	_("/yandex.cloud.dataproc.v1.JobService/Create", service_job_create)                       \
	_("/yandex.cloud.dataproc.v1.JobService/Get", service_job_get)                             \
	_("/yandex.cloud.dataproc.v1.JobService/ListLog", service_job_list_log)                    \
	_("/yandex.cloud.dataproc.v1.JobService/Cancel", service_job_cancel)                       \
	_("/yandex.cloud.operation.OperationService/Get", service_operation_get)                   \
	_("/yandex.cloud.operation.OperationService/Cancel", service_operation_cancel)             \
	_("/yandex.cloud.dataproc.v1.ClusterService/List", service_cluster_list)                   \
	_("/yandex.cloud.dataproc.v1.ClusterService/Get", service_cluster_get)                     \
	_("/yandex.cloud.iam.v1.IamTokenService/Create", service_iam_create)

struct server_method {
	const char *path;
	service_fn *fn;
};

static const struct server_method server_methods[] = {
#define SERVER_METHOD_ROW_(path, fn) {path, fn},
    SERVER_METHOD_INFO(SERVER_METHOD_ROW_)
#undef SERVER_METHOD_ROW_
};

enum server_tag_kind {
	SERVER_TAG_NEW,
	SERVER_TAG_READ,
	SERVER_TAG_SEND,
	SERVER_TAG_CLOSE,
	SERVER_TAG_SHUTDOWN,
};

struct server_call;

struct server_tag {
	enum server_tag_kind kind;
	struct server_call *call;
};

/* One call from request_call to its last completion. Freed when refs, the
 * number of batches in flight, drops to zero. */
struct server_call {
	struct server_tag t_new;
	struct server_tag t_read;
	struct server_tag t_send;
	struct server_tag t_close;
	int refs;
	grpc_call *call;
	grpc_call_details details;
	grpc_metadata_array md;
	grpc_byte_buffer *req;
	int cancelled;
	grpc_byte_buffer *resp;
	int status;
	char *message;
	grpc_metadata trailing[1];
	size_t n_trailing;
	const char *method; /* for --verbose */
	int64_t start_ms;
	int64_t due_ms; /* when a delayed reply goes out */
	struct server_call *next;
};

static grpc_server *server_grpc;
static grpc_completion_queue *server_cq;
static const struct server_config *server_cfg;
static bool server_stopping;
static struct server_tag server_shutdown_tag = {SERVER_TAG_SHUTDOWN, NULL};
/* Replies held back by latency=: all share one delay, so a FIFO is in due order. */
static struct server_call *server_delayed_head;
static struct server_call *server_delayed_tail;

static int64_t
server_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool
server_slice_is(grpc_slice s, const char *str)
{
	size_t n = strlen(str);

	return GRPC_SLICE_LENGTH(s) == n && memcmp(GRPC_SLICE_START_PTR(s), str, n) == 0;
}

/* Value of a request metadata key, copied into a new string, or NULL. */
static char *
server_md_get(const struct server_call *c, const char *key)
{
	for (size_t i = 0; i < c->md.count; i++) {
		const grpc_metadata *m = &c->md.metadata[i];

		if (server_slice_is(m->key, key))
			return xstrndup((const char *)GRPC_SLICE_START_PTR(m->value),
			                GRPC_SLICE_LENGTH(m->value));
	}
	return NULL;
}

static void
server_call_free(struct server_call *c)
{
	if (c->call)
		grpc_call_unref(c->call);
	grpc_call_details_destroy(&c->details);
	grpc_metadata_array_destroy(&c->md);
	if (c->req)
		grpc_byte_buffer_destroy(c->req);
	if (c->resp)
		grpc_byte_buffer_destroy(c->resp);
	for (size_t i = 0; i < c->n_trailing; i++) {
		grpc_slice_unref(c->trailing[i].key);
		grpc_slice_unref(c->trailing[i].value);
	}
	free(c->message);
	free(c);
}

static void
server_unref(struct server_call *c)
{
	if (--c->refs == 0)
		server_call_free(c);
}

static void
server_request(void)
{
	struct server_call *c = xcalloc(1, sizeof(*c));
	grpc_call_error e;

	c->t_new = (struct server_tag){SERVER_TAG_NEW, c};
	c->t_read = (struct server_tag){SERVER_TAG_READ, c};
	c->t_send = (struct server_tag){SERVER_TAG_SEND, c};
	c->t_close = (struct server_tag){SERVER_TAG_CLOSE, c};
	grpc_call_details_init(&c->details);
	grpc_metadata_array_init(&c->md);
	c->refs = 1;
	e = grpc_server_request_call(server_grpc, &c->call, &c->details, &c->md, server_cq,
	                             server_cq, &c->t_new);
	if (e != GRPC_CALL_OK) {
		fprintf(stderr, "%s: grpc_server_request_call failed (%d)\n", xalloc_progname,
		        (int)e);
		server_call_free(c);
	}
}

static void
server_start_batch(struct server_call *c, const grpc_op *ops, size_t n, struct server_tag *tag)
{
	grpc_call_error e;

	c->refs++;
	e = grpc_call_start_batch(c->call, ops, n, tag, NULL);
	if (e != GRPC_CALL_OK) {
		fprintf(stderr, "%s: grpc_call_start_batch failed (%d)\n", xalloc_progname, (int)e);
		c->refs--;
	}
}

static void
server_send(struct server_call *c)
{
	grpc_op ops[3];
	size_t n = 0;
	grpc_slice details = grpc_slice_from_copied_string(c->message ? c->message : "");

	memset(ops, 0, sizeof(ops));
	ops[n].op = GRPC_OP_SEND_INITIAL_METADATA;
	ops[n].data.send_initial_metadata.count = 0;
	n++;
	if (c->status == 0 && c->resp) {
		ops[n].op = GRPC_OP_SEND_MESSAGE;
		ops[n].data.send_message.send_message = c->resp;
		n++;
	}
	ops[n].op = GRPC_OP_SEND_STATUS_FROM_SERVER;
	ops[n].data.send_status_from_server.status = (grpc_status_code)c->status;
	ops[n].data.send_status_from_server.status_details = &details;
	ops[n].data.send_status_from_server.trailing_metadata_count = c->n_trailing;
	ops[n].data.send_status_from_server.trailing_metadata = c->trailing;
	n++;
	server_start_batch(c, ops, n, &c->t_send);
	grpc_slice_unref(details);
	if (server_cfg->verbose)
		fprintf(stderr, "%s: %s -> %s%s%s (%lld ms)\n", xalloc_progname, c->method,
		        c->status ? faults_code_name(c->status) : "OK", c->status ? ": " : "",
		        c->status ? c->message : "", (long long)(server_mono_ms() - c->start_ms));
}

static void
server_set_status(struct server_call *c, int status, const char *message)
{
	c->status = status;
	free(c->message);
	c->message = xstrdup(message);
}

/* --require-token's fixed token, or with --require-auth one issued by
 * IamTokenService.Create and not yet expired (in real time, as issued). */
static bool
server_authorized(const struct server_call *c)
{
	const char *token;
	char *value;
	bool ok = false;

	if (!server_cfg->require_token && !server_cfg->require_auth)
		return true;
	value = server_md_get(c, "authorization");
	if (!value)
		return false;
	if (strncmp(value, "Bearer ", 7) == 0) {
		token = value + 7;
		ok = (server_cfg->require_token && strcmp(token, server_cfg->require_token) == 0) ||
		     (server_cfg->require_auth && iam_token_valid(token, (int64_t)time(NULL)));
	}
	free(value);
	return ok;
}

/* Runs the handler of a call whose request has arrived and queues the reply. */
static void
server_handle(struct server_call *c)
{
	const struct server_method *m = NULL;
	struct service_call sc;
	grpc_slice all = grpc_empty_slice();
	char *request_id = server_md_get(c, "x-request-id");
	char *idem = NULL;
	int fault;

	memset(&sc, 0, sizeof(sc));
	c->method = "?";
	for (size_t i = 0; i < sizeof(server_methods) / sizeof(server_methods[0]); i++) {
		if (server_slice_is(c->details.method, server_methods[i].path)) {
			m = &server_methods[i];
			c->method = m->path;
			break;
		}
	}
	if (request_id) {
		c->trailing[0].key = grpc_slice_from_static_string("x-request-id");
		c->trailing[0].value = grpc_slice_from_copied_string(request_id);
		c->n_trailing = 1;
		free(request_id);
	}
	fault = faults_pick();
	if (fault) {
		char msg[96];

		snprintf(msg, sizeof(msg), "injected fault: %s", faults_code_name(fault));
		server_set_status(c, fault, msg);
	} else if (!m) {
		server_set_status(c, 12, "unknown method");
	} else if (m->fn != service_iam_create && !server_authorized(c)) {
		/* Create is how a client gets a token: like the real one, it needs none. */
		server_set_status(c, 16, "missing or invalid IAM token");
	} else {
		if (c->req) {
			grpc_byte_buffer_reader r;

			if (grpc_byte_buffer_reader_init(&r, c->req)) {
				all = grpc_byte_buffer_reader_readall(&r);
				grpc_byte_buffer_reader_destroy(&r);
			}
		}
		idem = server_md_get(c, "idempotency-key");
		sc.req = GRPC_SLICE_START_PTR(all);
		sc.req_len = GRPC_SLICE_LENGTH(all);
		sc.idem_key = idem;
		service_sync();
		m->fn(&sc);
		grpc_slice_unref(all);
		free(idem);
		server_set_status(c, sc.status, sc.status ? sc.message : "");
		if (sc.status == 0 && sc.resp) {
			/* The slice takes the packed buffer: no copy of a 1 MiB log page. */
			grpc_slice s = grpc_slice_new(sc.resp, sc.resp_len, free);

			c->resp = grpc_raw_byte_buffer_create(&s, 1);
			grpc_slice_unref(s);
		} else {
			free(sc.resp);
		}
	}
	if (faults_latency_ms() > 0) {
		c->due_ms = server_mono_ms() + faults_latency_ms();
		c->refs++; /* held by the delay queue */
		if (server_delayed_tail)
			server_delayed_tail->next = c;
		else
			server_delayed_head = c;
		server_delayed_tail = c;
		return;
	}
	server_send(c);
}

static void
server_flush_delayed(bool all)
{
	int64_t now = server_mono_ms();

	while (server_delayed_head && (all || server_delayed_head->due_ms <= now)) {
		struct server_call *c = server_delayed_head;

		server_delayed_head = c->next;
		if (!server_delayed_head)
			server_delayed_tail = NULL;
		c->next = NULL;
		server_send(c);
		server_unref(c);
	}
}

static void
server_on_new(struct server_call *c, bool ok)
{
	grpc_op op;

	if (!ok || server_stopping) {
		server_unref(c);
		return;
	}
	server_request();
	c->start_ms = server_mono_ms();
	memset(&op, 0, sizeof(op));
	op.op = GRPC_OP_RECV_CLOSE_ON_SERVER;
	op.data.recv_close_on_server.cancelled = &c->cancelled;
	server_start_batch(c, &op, 1, &c->t_close);
	memset(&op, 0, sizeof(op));
	op.op = GRPC_OP_RECV_MESSAGE;
	op.data.recv_message.recv_message = &c->req;
	server_start_batch(c, &op, 1, &c->t_read);
	server_unref(c);
}

/* Returns true when a handler ran. */
static bool
server_dispatch(grpc_event ev)
{
	struct server_tag *tag = ev.tag;
	struct server_call *c = tag->call;

	switch (tag->kind) {
	case SERVER_TAG_NEW:
		server_on_new(c, ev.success);
		return false;
	case SERVER_TAG_READ:
		if (ev.success && !server_stopping) {
			server_handle(c);
			server_unref(c);
			return true;
		}
		server_unref(c);
		return false;
	case SERVER_TAG_SEND:
	case SERVER_TAG_CLOSE:
		server_unref(c);
		return false;
	case SERVER_TAG_SHUTDOWN:
		return false;
	}
	return false;
}

bool
server_start(const struct server_config *cfg, char actual[SERVER_ADDR_LEN],
             char err[SERVER_ERR_LEN])
{
	grpc_arg arg = {GRPC_ARG_INTEGER, GRPC_ARG_ALLOW_REUSEPORT, {.integer = 0}};
	grpc_channel_args args = {1, &arg};
	grpc_server_credentials *creds;
	int port;

	server_cfg = cfg;
	server_cq = grpc_completion_queue_create_for_next(NULL);
	/* gRPC sets SO_REUSEPORT by default: a second simulator would then share
	 * a busy port silently instead of failing to bind. */
	server_grpc = grpc_server_create(&args, NULL);
	grpc_server_register_completion_queue(server_grpc, server_cq, NULL);
	if (cfg->tls_cert_pem) {
		grpc_ssl_pem_key_cert_pair pair = {cfg->tls_key_pem, cfg->tls_cert_pem};

		/* No client certificates: the client proves itself with its IAM token. */
		creds = grpc_ssl_server_credentials_create(NULL, &pair, 1, 0, NULL);
	} else {
		creds = grpc_insecure_server_credentials_create();
	}
	port = grpc_server_add_http2_port(server_grpc, cfg->listen, creds);
	grpc_server_credentials_release(creds);
	if (port <= 0) {
		snprintf(err, SERVER_ERR_LEN, "cannot listen on %s", cfg->listen);
		grpc_server_destroy(server_grpc);
		grpc_completion_queue_shutdown(server_cq);
		while (
		    grpc_completion_queue_next(server_cq, gpr_inf_future(GPR_CLOCK_REALTIME), NULL)
		        .type != GRPC_QUEUE_SHUTDOWN)
			;
		grpc_completion_queue_destroy(server_cq);
		server_grpc = NULL;
		server_cq = NULL;
		return false;
	}
	if (strncmp(cfg->listen, "unix:", 5) == 0) {
		snprintf(actual, SERVER_ADDR_LEN, "%s", cfg->listen);
	} else {
		const char *colon = strrchr(cfg->listen, ':');
		int hostlen = colon ? (int)(colon - cfg->listen) : (int)strlen(cfg->listen);

		snprintf(actual, SERVER_ADDR_LEN, "%.*s:%d", hostlen, cfg->listen, port);
	}
	grpc_server_start(server_grpc);
	for (int i = 0; i < SERVER_SLOTS; i++)
		server_request();
	return true;
}

void
server_run(const atomic_bool *stop)
{
	while (!atomic_load(stop)) {
		int64_t wait = SERVER_TICK_MS;
		bool busy = false;
		grpc_event ev;

		if (server_delayed_head) {
			int64_t d = server_delayed_head->due_ms - server_mono_ms();

			wait = d < 0 ? 0 : d < wait ? d : wait;
		}
		ev = grpc_completion_queue_next(
		    server_cq,
		    gpr_time_add(gpr_now(GPR_CLOCK_MONOTONIC),
		                 gpr_time_from_millis(wait, GPR_TIMESPAN)),
		    NULL);
		/* Drain what is ready without sleeping, then do the periodic work once. */
		while (ev.type == GRPC_OP_COMPLETE) {
			busy |= server_dispatch(ev);
			ev = grpc_completion_queue_next(server_cq,
			                                gpr_inf_past(GPR_CLOCK_MONOTONIC), NULL);
		}
		server_flush_delayed(false);
		if (server_cfg->tick)
			server_cfg->tick(server_cfg->tick_ctx, busy);
	}
}

void
server_stop(void)
{
	grpc_event ev;
	bool down = false;

	if (!server_grpc)
		return;
	server_stopping = true;
	grpc_server_shutdown_and_notify(server_grpc, server_cq, &server_shutdown_tag);
	grpc_server_cancel_all_calls(server_grpc);
	server_flush_delayed(true);
	while (!down) {
		ev = grpc_completion_queue_next(server_cq, gpr_inf_future(GPR_CLOCK_MONOTONIC),
		                                NULL);
		if (ev.type != GRPC_OP_COMPLETE)
			break;
		if (((struct server_tag *)ev.tag)->kind == SERVER_TAG_SHUTDOWN)
			down = true;
		else
			server_dispatch(ev);
	}
	grpc_completion_queue_shutdown(server_cq);
	do {
		ev = grpc_completion_queue_next(server_cq, gpr_inf_future(GPR_CLOCK_MONOTONIC),
		                                NULL);
		if (ev.type == GRPC_OP_COMPLETE)
			server_dispatch(ev);
	} while (ev.type != GRPC_QUEUE_SHUTDOWN);
	grpc_server_destroy(server_grpc);
	grpc_completion_queue_destroy(server_cq);
	server_grpc = NULL;
	server_cq = NULL;
}
