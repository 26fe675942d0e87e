/* The operations this session started (create, cancel), polled until done. */
#ifndef DPJOBS_UI_OPS_H
#define DPJOBS_UI_OPS_H

#include <stdbool.h>
#include <stddef.h>

#include "rpc/rpc.h"
#include "util/timefmt.h"

struct app;

enum ops_kind {
	OPS_CREATE,
	OPS_CANCEL,
};

enum ops_state {
	OPS_RUNNING, /* polled with OperationService.Get */
	OPS_DONE,    /* done, with a response */
	OPS_FAILED,  /* the call or the operation failed; error_* say why */
};

/* One operation of the session. Owned by the tracker; borrowed pointers stay
 * valid until ops_free() (entries are never removed during a session). */
struct ops_entry {
	unsigned id; /* 1, 2, ... in the order they were added */
	enum ops_kind kind;
	enum ops_state state;
	char *job_name;           /* "" when the job has none */
	char *job_id;             /* NULL until known (a create learns it from metadata) */
	char *operation_id;       /* NULL when the call itself failed */
	struct timestamp started; /* wall clock when it was added */
	struct timestamp ended;   /* set when it left OPS_RUNNING */
	int error_code;           /* RPC_* / google.rpc.Code when OPS_FAILED */
	char *error_message;      /* the server's message when OPS_FAILED, else NULL */
	char request_id[RPC_REQUEST_ID_LEN]; /* of the call that failed, or of the first call */
	bool dismissed;                      /* a failure no longer shown in the bottom line */

	/* the tracker's own */
	struct app *app;
	struct app_req *req;
	unsigned timer;
	int delay_ms;
	int errors; /* consecutive transient polling errors */
};

/* "create", "cancel". */
const char *ops_kind_name(enum ops_kind kind);
/* "running", "done", "failed". */
const char *ops_state_name(enum ops_state state);

/* Tracks the operation that a successful CreateJob/CancelJob call returned
 * (takes it from res): polls it until done, then updates the job in the list
 * (a create selects the new job, so the detail and log panes follow it).
 * For a failed call (res->code != RPC_OK) the entry is recorded as failed
 * and the failure shows in the bottom line. job_name/job_id may be NULL.
 * Returns the entry (borrowed). */
const struct ops_entry *ops_add(struct app *app, enum ops_kind kind, const char *job_name,
                                const char *job_id, const struct rpc_result *res);

/* Sends CreateJob for the cluster in view with this idempotency key (the rpc
 * layer retries UNAVAILABLE with the same key, so one job at most starts).
 * On success the operation is tracked as with ops_add(); either way done()
 * runs once with the result (borrowed) and the name. One create at a time:
 * false (nothing sent) while one is in flight. */
bool ops_create_job(struct app *app, const char *name, const struct job_spec *spec,
                    const char *idempotency_key,
                    void (*done)(struct app *app, const struct rpc_result *res, const char *name));

/* Entries in the order they were added; i < ops_count(). Borrowed. */
size_t ops_count(const struct app *app);
const struct ops_entry *ops_get(const struct app *app, size_t i);
/* Operations still running. */
size_t ops_running(const struct app *app);

/* The newest failure not yet dismissed, as one line for the bottom line
 * ("create spark-x failed: INVALID_ARGUMENT: ... (request-id ...)"), or NULL.
 * Borrowed; valid until the next ops_* call. */
const char *ops_alert(struct app *app);
/* Dismisses every failure shown so far (Esc on the bottom line, or :ops). */
void ops_dismiss(struct app *app);

/* Stops polling (before the app drains its calls), then frees everything. */
void ops_cancel_all(struct app *app);
void ops_free(struct app *app);

#endif
