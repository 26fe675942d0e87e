/* Credentials and IAM tokens: getting them (exchange, command, metadata), refresh, UNAUTHENTICATED.
 */
#define _GNU_SOURCE /* pipe2 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rpc/auth.h"
#include "rpc/auth_fetch.h"
#include "rpc/internal.h"
#include "util/log.h"
#include "util/xalloc.h"
#include "yandex/cloud/iam/v1/iam_token_service.pb-c.h"

/* Refresh at most this long before expiry (a tenth of the lifetime when that is shorter), so
 * a token is replaced while the old one still works and no call ever waits for it. */
#define RPC_AUTH_REFRESH_MARGIN_MS 300000
/* The old token is not sent in its last minute (or twentieth): clocks and queues differ. */
#define RPC_AUTH_EXPIRY_MARGIN_MS 60000
/* A failed refresh while the old token still works is tried again after at most this. */
#define RPC_AUTH_RETRY_MS 30000
/* IAM tokens live at most 12 h; a reply without expires_at is trusted for an hour. */
#define RPC_AUTH_DEFAULT_LIFETIME_MS 3600000

typedef Yandex__Cloud__Iam__V1__CreateIamTokenResponse PbCreateIamTokenResponse;

/*
 * The token command and the metadata service block for up to seconds, so they run on a
 * thread of their own, started on the first need. It hands its token over under client->mu
 * and calls rpc_auth_resume_locked, as the exchange's completion does on the RPC thread, and
 * it times the background refresh itself (the RPC thread could sleep through a deadline set
 * from another thread). rpc_client_free stops and joins it first (rpc_auth_stop), before the
 * lock and the channels go away.
 */
struct rpc_auth_worker {
	struct rpc_client *client;
	pthread_t thread;
	pthread_mutex_t mu; /* taken after client->mu, never before */
	pthread_cond_t cond;
	bool wanted;  /* a token is needed now */
	bool due_set; /* due: the next background refresh (CLOCK_MONOTONIC) */
	struct timespec due;
	bool stop;
	int cancel[2]; /* a pipe: written once to cut a running command or request short */
};

struct rpc_auth {
	enum rpc_auth_source source;
	struct rpc_auth_key *key;       /* RPC_AUTH_SA_KEY */
	char *oauth;                    /* RPC_AUTH_OAUTH */
	char *command;                  /* RPC_AUTH_COMMAND */
	char *metadata_url;             /* RPC_AUTH_METADATA */
	struct rpc_auth_worker *worker; /* RPC_AUTH_COMMAND, RPC_AUTH_METADATA; guarded by mu */
	/* The rest is guarded by client->mu. */
	bool exchanging;         /* an IamTokenService.Create is in flight */
	bool valid;              /* client->token may be sent */
	gpr_timespec expires;    /* monotonic: valid ends */
	gpr_timespec refresh_at; /* monotonic: the next background refresh, or inf future */
	int64_t expires_unix;
	int exchanges;
};

static void
rpc_auth_wipe(char *s)
{
	if (s == NULL)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}

const char *
rpc_auth_source_name(enum rpc_auth_source source)
{
	switch (source) {
	case RPC_AUTH_IAM_TOKEN:
		return "IAM token";
	case RPC_AUTH_SA_KEY:
		return "service account key";
	case RPC_AUTH_OAUTH:
		return "OAuth token";
	case RPC_AUTH_COMMAND:
		return "token command";
	case RPC_AUTH_METADATA:
		return "metadata service";
	default:
		return "none";
	}
}

bool
rpc_auth_init(struct rpc_client *c, const struct rpc_config *cfg, char **err)
{
	struct rpc_auth *a = xcalloc(1, sizeof *a);
	char *kerr = NULL;

	c->auth = a;
	a->expires = gpr_inf_past(GPR_CLOCK_MONOTONIC);
	a->refresh_at = gpr_inf_future(GPR_CLOCK_MONOTONIC);
	if (cfg->iam_token != NULL && cfg->iam_token[0] != '\0') {
		a->source = RPC_AUTH_IAM_TOKEN;
		c->token = xstrdup(cfg->iam_token);
		a->valid = true;
	} else if (cfg->sa_key_file != NULL && cfg->sa_key_file[0] != '\0') {
		a->key = rpc_auth_key_load(cfg->sa_key_file, &kerr);
		if (a->key == NULL) {
			*err = xasprintf("service account key file: %s", kerr);
			free(kerr);
			return false;
		}
		a->source = RPC_AUTH_SA_KEY;
	} else if (cfg->oauth_token != NULL && cfg->oauth_token[0] != '\0') {
		a->oauth = xstrdup(cfg->oauth_token);
		a->source = RPC_AUTH_OAUTH;
	} else if (cfg->token_command != NULL && cfg->token_command[0] != '\0') {
		a->command = xstrdup(cfg->token_command);
		a->source = RPC_AUTH_COMMAND;
	} else if (cfg->metadata_url != NULL && cfg->metadata_url[0] != '\0') {
		a->metadata_url = xstrdup(cfg->metadata_url);
		a->source = RPC_AUTH_METADATA;
	}
	return true;
}

static void rpc_auth_worker_stop(struct rpc_auth_worker *w);

void
rpc_auth_free(struct rpc_client *c)
{
	struct rpc_auth *a = c->auth;

	if (a == NULL)
		return;
	/* Stopped already by rpc_auth_stop unless the client never got that far. */
	rpc_auth_worker_stop(a->worker);
	rpc_auth_key_free(a->key);
	rpc_auth_wipe(a->oauth);
	rpc_auth_wipe(a->command);
	free(a->metadata_url);
	free(a);
	c->auth = NULL;
}

bool
rpc_auth_exchanged(const struct rpc_client *c)
{
	return c->auth->source == RPC_AUTH_SA_KEY || c->auth->source == RPC_AUTH_OAUTH;
}

/* Sources whose tokens expire and are got again: all but a given IAM token. */
static bool
rpc_auth_renewed(const struct rpc_auth *a)
{
	return a->source != RPC_AUTH_NONE && a->source != RPC_AUTH_IAM_TOKEN;
}

/* Sources fetched by the worker thread rather than by a gRPC call. */
static bool
rpc_auth_fetched(const struct rpc_auth *a)
{
	return a->source == RPC_AUTH_COMMAND || a->source == RPC_AUTH_METADATA;
}

static gpr_timespec
rpc_auth_after_ms(int64_t ms)
{
	return gpr_time_add(gpr_now(GPR_CLOCK_MONOTONIC), gpr_time_from_millis(ms, GPR_TIMESPAN));
}

/* mu held: the exchange ended; parked calls go on with the token or end with error. */
static void
rpc_auth_resume_locked(struct rpc_client *c, int code, const char *error)
{
	/* Each start or finish may change the list: rescan from the head. */
	for (struct rpc_call *p = c->active, *next; p != NULL; p = next) {
		next = p->next;
		if (p->state != RPC_CALL_AUTH_WAIT || p->internal)
			continue;
		if (c->shutting_down)
			rpc_call_finish_locked(p, RPC_CANCELLED, RPC_CANCELLED_MESSAGE);
		else if (c->auth->valid)
			rpc_call_attempt_locked(p);
		else
			rpc_call_finish_locked(p, code == RPC_OK ? RPC_UNAUTHENTICATED : code,
			                       error != NULL ? error : "no IAM token");
		next = c->active;
	}
}

static void rpc_auth_start_locked(struct rpc_client *c);
static int64_t rpc_auth_take_token_locked(struct rpc_client *c, const char *token, int64_t life_ms);
static int64_t rpc_auth_failed_locked(struct rpc_client *c);

static void
rpc_auth_timespec_after_ms(struct timespec *ts, int64_t ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (ms % 1000) * 1000000;
	if (ts->tv_nsec >= 1000000000) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000;
	}
}

static bool
rpc_auth_worker_stopping(struct rpc_auth_worker *w)
{
	bool stop;

	pthread_mutex_lock(&w->mu);
	stop = w->stop;
	pthread_mutex_unlock(&w->mu);
	return stop;
}

/* Takes client->mu unless the worker is being stopped. rpc_auth_stop joins the worker without
 * holding client->mu, so waiting for it here cannot deadlock. */
static bool
rpc_auth_worker_lock_client(struct rpc_auth_worker *w)
{
	pthread_mutex_lock(&w->client->mu);
	if (rpc_auth_worker_stopping(w)) {
		pthread_mutex_unlock(&w->client->mu);
		return false;
	}
	return true;
}

/* client->mu held: sets (ms >= 0) or clears the next background refresh. */
static void
rpc_auth_worker_due_locked(struct rpc_auth_worker *w, int64_t ms)
{
	pthread_mutex_lock(&w->mu);
	w->due_set = ms >= 0;
	if (ms >= 0)
		rpc_auth_timespec_after_ms(&w->due, ms);
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->mu);
}

/* client->mu held: the fetch ended with token (or err); parked calls go on or fail. */
static void
rpc_auth_fetch_done_locked(struct rpc_client *c, const char *token, int64_t life_ms,
                           const char *err)
{
	struct rpc_auth *a = c->auth;

	a->exchanging = false;
	if (a->worker == NULL)
		return; /* rpc_auth_stop took it: the client is going away */
	if (token != NULL) {
		rpc_auth_worker_due_locked(a->worker,
		                           rpc_auth_take_token_locked(c, token, life_ms));
	} else {
		log_debug("auth: %s", err);
		rpc_auth_worker_due_locked(a->worker, rpc_auth_failed_locked(c));
	}
	/* A source that gave tokens before and fails now is having a bad moment (the metadata
	 * service restarting, a network blip under the command): UNAVAILABLE, which a long
	 * `log --follow` waits out. Failing from the start is a setup to fix: UNAUTHENTICATED. */
	rpc_auth_resume_locked(c, a->exchanges > 0 ? RPC_UNAVAILABLE : RPC_UNAUTHENTICATED, err);
}

/* One fetch; the token (or NULL with *err) and its lifetime in ms (-1: not said). */
static char *
rpc_auth_worker_fetch(struct rpc_auth_worker *w, int64_t *life_ms, char **err)
{
	const struct rpc_auth *a = w->client->auth; /* source, command, url: set once at init */
	int64_t expires_in = 0;
	char *token;

	*life_ms = -1;
	if (a->source == RPC_AUTH_COMMAND)
		return rpc_auth_command_run(a->command, RPC_AUTH_COMMAND_TIMEOUT_MS, w->cancel[0],
		                            err);
	token = rpc_auth_metadata_get(a->metadata_url, w->cancel[0], &expires_in, err);
	if (token != NULL)
		*life_ms = expires_in * 1000;
	return token;
}

static void *
rpc_auth_worker_main(void *arg)
{
	struct rpc_auth_worker *w = arg;
	struct rpc_client *c = w->client;

	for (;;) {
		struct timespec now;
		bool fetch;
		int64_t life_ms;
		char *token, *err = NULL;

		pthread_mutex_lock(&w->mu);
		for (;;) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			if (w->stop || w->wanted ||
			    (w->due_set &&
			     (now.tv_sec > w->due.tv_sec ||
			      (now.tv_sec == w->due.tv_sec && now.tv_nsec >= w->due.tv_nsec))))
				break;
			if (w->due_set)
				pthread_cond_timedwait(&w->cond, &w->mu, &w->due);
			else
				pthread_cond_wait(&w->cond, &w->mu);
		}
		if (w->stop) {
			pthread_mutex_unlock(&w->mu);
			return NULL;
		}
		fetch = w->wanted;
		w->wanted = false;
		if (!fetch)
			w->due_set = false;
		pthread_mutex_unlock(&w->mu);

		if (!fetch) {
			/* The refresh is due: it goes through start, which sets wanted. */
			if (!rpc_auth_worker_lock_client(w))
				return NULL;
			rpc_auth_start_locked(c);
			pthread_mutex_unlock(&c->mu);
			continue;
		}
		token = rpc_auth_worker_fetch(w, &life_ms, &err);
		if (rpc_auth_worker_lock_client(w)) {
			rpc_auth_fetch_done_locked(c, token, life_ms, err);
			pthread_mutex_unlock(&c->mu);
		}
		rpc_auth_wipe(token);
		free(err);
	}
}

/* Stops and joins the worker and frees it; NULL is a no-op. */
static void
rpc_auth_worker_stop(struct rpc_auth_worker *w)
{
	if (w == NULL)
		return;
	pthread_mutex_lock(&w->mu);
	w->stop = true;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->mu);
	if (write(w->cancel[1], "x", 1) < 0)
		log_debug("auth: cannot cancel the %s: %s", "fetch", strerror(errno));
	pthread_join(w->thread, NULL);
	close(w->cancel[0]);
	close(w->cancel[1]);
	pthread_cond_destroy(&w->cond);
	pthread_mutex_destroy(&w->mu);
	free(w);
}

void
rpc_auth_stop(struct rpc_client *c)
{
	struct rpc_auth_worker *w;

	pthread_mutex_lock(&c->mu);
	/* No new worker once this one is gone: rpc_auth_start_locked checks it. */
	c->shutting_down = true;
	w = c->auth != NULL ? c->auth->worker : NULL;
	if (w != NULL) {
		/* Told to stop before the client forgets it: a fetch that ends now finds stop set
		 * once it holds c->mu, and hands nothing to a worker that is gone. */
		pthread_mutex_lock(&w->mu);
		w->stop = true;
		pthread_mutex_unlock(&w->mu);
		c->auth->worker = NULL;
	}
	pthread_mutex_unlock(&c->mu);
	rpc_auth_worker_stop(w);
}

/* mu held: starts the worker thread; false with *err. */
static bool
rpc_auth_worker_start_locked(struct rpc_client *c, char **err)
{
	struct rpc_auth *a = c->auth;
	struct rpc_auth_worker *w = xcalloc(1, sizeof *w);
	pthread_condattr_t attr;
	sigset_t all, old;
	int rc;

	if (pipe2(w->cancel, O_CLOEXEC | O_NONBLOCK) != 0) {
		*err = xasprintf("cannot start the %s: %s", rpc_auth_source_name(a->source),
		                 strerror(errno));
		free(w);
		return false;
	}
	w->client = c;
	pthread_mutex_init(&w->mu, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&w->cond, &attr);
	pthread_condattr_destroy(&attr);
	/* Signals belong to the UI thread; the command gets a clean mask of its own. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&w->thread, NULL, rpc_auth_worker_main, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		*err = xasprintf("cannot start the %s thread: %s", rpc_auth_source_name(a->source),
		                 strerror(rc));
		close(w->cancel[0]);
		close(w->cancel[1]);
		pthread_cond_destroy(&w->cond);
		pthread_mutex_destroy(&w->mu);
		free(w);
		return false;
	}
	a->worker = w;
	return true;
}

/* mu held: gets a new token (IamTokenService.Create or the worker) unless that runs. */
static void
rpc_auth_start_locked(struct rpc_client *c)
{
	struct rpc_auth *a = c->auth;
	struct rpc_args args;
	char *jwt = NULL, *err = NULL;

	if (a->exchanging || c->shutting_down)
		return;
	if (rpc_auth_fetched(a)) {
		if (a->worker == NULL && !rpc_auth_worker_start_locked(c, &err)) {
			a->valid = false;
			log_debug("auth: %s", err);
			rpc_auth_resume_locked(c, RPC_UNAVAILABLE, err);
			free(err);
			return;
		}
		a->exchanging = true;
		a->refresh_at = gpr_inf_future(GPR_CLOCK_MONOTONIC);
		log_debug("auth: getting an IAM token from the %s",
		          rpc_auth_source_name(a->source));
		pthread_mutex_lock(&a->worker->mu);
		a->worker->wanted = true;
		pthread_cond_signal(&a->worker->cond);
		pthread_mutex_unlock(&a->worker->mu);
		return;
	}
	a->exchanging = true;
	a->refresh_at = gpr_inf_future(GPR_CLOCK_MONOTONIC);
	memset(&args, 0, sizeof args);
	if (a->source == RPC_AUTH_SA_KEY) {
		jwt = rpc_auth_key_jwt(a->key, (int64_t)time(NULL), &err);
		if (jwt == NULL) {
			a->exchanging = false;
			a->valid = false;
			log_debug("auth: %s", err);
			rpc_auth_resume_locked(c, RPC_UNAUTHENTICATED, err);
			free(err);
			return;
		}
		args.jwt = jwt;
	} else {
		args.oauth_token = a->oauth;
	}
	log_debug("auth: getting an IAM token with the %s", rpc_auth_source_name(a->source));
	rpc_call_start_internal_locked(c, RPC_IAM_CREATE_TOKEN, &args);
	rpc_auth_wipe(jwt);
}

bool
rpc_auth_park_locked(struct rpc_client *c, struct rpc_call *call)
{
	struct rpc_auth *a = c->auth;

	if (!rpc_auth_renewed(a))
		return false;
	if (a->valid && gpr_time_cmp(gpr_now(GPR_CLOCK_MONOTONIC), a->expires) < 0)
		return false;
	a->valid = false;
	/* Parked first: an exchange that cannot even start ends this call too. */
	call->state = RPC_CALL_AUTH_WAIT;
	rpc_auth_start_locked(c);
	return true;
}

bool
rpc_auth_retry_locked(struct rpc_client *c, struct rpc_call *call)
{
	if (!rpc_auth_renewed(c->auth) || call->auth_retried)
		return false;
	call->auth_retried = true;
	/* A token newer than the one refused is tried as it is. */
	if (call->token_gen == c->token_gen)
		c->auth->valid = false;
	return true;
}

gpr_timespec
rpc_auth_due_locked(struct rpc_client *c)
{
	struct rpc_auth *a = c->auth;
	gpr_timespec never = gpr_inf_future(GPR_CLOCK_MONOTONIC);

	/* Without a valid token the next call starts the exchange: no refresh while idle. The
	 * worker times its own refreshes. */
	if (!rpc_auth_exchanged(c) || c->shutting_down || a->exchanging || !a->valid)
		return never;
	if (gpr_time_cmp(gpr_now(GPR_CLOCK_MONOTONIC), a->refresh_at) >= 0) {
		rpc_auth_start_locked(c);
		return never;
	}
	return a->refresh_at;
}

static int64_t
rpc_auth_realtime_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* mu held: keeps a new token that lives life_ms more (-1: not said, the default); returns
 * the milliseconds until its background refresh. */
static int64_t
rpc_auth_take_token_locked(struct rpc_client *c, const char *token, int64_t life_ms)
{
	struct rpc_auth *a = c->auth;
	int64_t life = life_ms >= 0 ? life_ms : RPC_AUTH_DEFAULT_LIFETIME_MS;
	int64_t exp_ms, refresh;
	char *old;

	if (life > (int64_t)RPC_AUTH_MAX_LIFETIME_S * 1000)
		life = (int64_t)RPC_AUTH_MAX_LIFETIME_S * 1000;
	exp_ms = rpc_auth_realtime_ms() + life;

	old = c->token;
	c->token = xstrdup(token);
	rpc_auth_wipe(old);
	c->token_gen++;
	if (life < 1000)
		life = 1000;
	refresh = life -
	          (life / 10 < RPC_AUTH_REFRESH_MARGIN_MS ? life / 10 : RPC_AUTH_REFRESH_MARGIN_MS);
	a->refresh_at = rpc_auth_after_ms(refresh);
	a->expires = rpc_auth_after_ms(
	    life - (life / 20 < RPC_AUTH_EXPIRY_MARGIN_MS ? life / 20 : RPC_AUTH_EXPIRY_MARGIN_MS));
	a->expires_unix = exp_ms / 1000;
	a->valid = true;
	a->exchanges++;
	log_debug("auth: new IAM token from the %s, valid for %lld s",
	          rpc_auth_source_name(a->source), (long long)(life / 1000));
	return refresh;
}

/* mu held: keeps the token of a successful reply; false when the reply has none. */
static bool
rpc_auth_take_reply_locked(struct rpc_client *c, const PbCreateIamTokenResponse *r)
{
	int64_t life = -1; /* no expires_at: the default lifetime */

	if (r == NULL || r->iam_token == NULL || r->iam_token[0] == '\0')
		return false;
	if (r->expires_at != NULL) {
		/* Seconds first: an expires_at near INT64_MAX must not overflow the sum. */
		int64_t now_ms = rpc_auth_realtime_ms();

		if (r->expires_at->seconds > now_ms / 1000 + RPC_AUTH_MAX_LIFETIME_S)
			life = (int64_t)RPC_AUTH_MAX_LIFETIME_S * 1000;
		else if (r->expires_at->seconds < now_ms / 1000)
			life = 0;
		else
			life =
			    r->expires_at->seconds * 1000 + r->expires_at->nanos / 1000000 - now_ms;
		if (life < 0)
			life = 0;
	}
	rpc_auth_take_token_locked(c, r->iam_token, life);
	return true;
}

/* mu held: a failed attempt to get a token. While the old token still works the attempt is
 * repeated after at most RPC_AUTH_RETRY_MS; returns that delay, or -1 (token dropped). */
static int64_t
rpc_auth_failed_locked(struct rpc_client *c)
{
	struct rpc_auth *a = c->auth;
	gpr_timespec now = gpr_now(GPR_CLOCK_MONOTONIC);

	if (a->valid && gpr_time_cmp(now, a->expires) < 0) {
		int64_t half = gpr_time_to_millis(gpr_time_sub(a->expires, now)) / 2;
		int64_t delay = half < RPC_AUTH_RETRY_MS ? half : RPC_AUTH_RETRY_MS;

		a->refresh_at = rpc_auth_after_ms(delay);
		return delay;
	}
	a->valid = false;
	return -1;
}

/* The error the parked calls get; the server's words minus any credential it echoed. */
static char *
rpc_auth_error_message(const struct rpc_auth *a, const char *message)
{
	if (a->oauth != NULL && strstr(message, a->oauth) != NULL)
		message = "(message withheld: it quoted the credential)";
	return xasprintf("cannot get an IAM token with the %s: %s", rpc_auth_source_name(a->source),
	                 message);
}

void
rpc_auth_exchange_done_locked(struct rpc_client *c, struct rpc_call *call, int code,
                              const char *message)
{
	struct rpc_auth *a = c->auth;
	char *error = NULL;

	a->exchanging = false;
	if (code == RPC_OK && !rpc_auth_take_reply_locked(c, (const void *)call->reply)) {
		code = RPC_INTERNAL;
		message = "the IAM token service replied without a token";
	}
	if (code != RPC_OK) {
		log_debug("auth: token exchange failed: %s", rpc_code_name(code));
		error = rpc_auth_error_message(a, message);
		rpc_auth_failed_locked(c);
	}
	rpc_client_unlink_locked(c, call);
	rpc_call_free(call);
	rpc_auth_resume_locked(c, code, error);
	free(error);
}

void
rpc_client_auth_status(struct rpc_client *c, struct rpc_auth_status *st)
{
	struct rpc_auth *a = c->auth;

	memset(st, 0, sizeof *st);
	pthread_mutex_lock(&c->mu);
	st->source = a->source;
	st->have_token = c->token != NULL && c->token[0] != '\0' &&
	                 (a->source == RPC_AUTH_IAM_TOKEN ||
	                  (a->valid && gpr_time_cmp(gpr_now(GPR_CLOCK_MONOTONIC), a->expires) < 0));
	st->expires_at = a->source == RPC_AUTH_IAM_TOKEN ? 0 : a->expires_unix;
	st->exchanges = a->exchanges;
	pthread_mutex_unlock(&c->mu);
	if (a->key != NULL) {
		snprintf(st->key_id, sizeof st->key_id, "%s", rpc_auth_key_id(a->key));
		snprintf(st->account_id, sizeof st->account_id, "%s", rpc_auth_key_account(a->key));
	}
}
