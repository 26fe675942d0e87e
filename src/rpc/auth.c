/* Credentials and IAM tokens: exchange via IamTokenService.Create, refresh, UNAUTHENTICATED. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rpc/auth.h"
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

struct rpc_auth {
	enum rpc_auth_source source;
	struct rpc_auth_key *key; /* RPC_AUTH_SA_KEY */
	char *oauth;              /* RPC_AUTH_OAUTH */
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
	}
	return true;
}

void
rpc_auth_free(struct rpc_client *c)
{
	struct rpc_auth *a = c->auth;

	if (a == NULL)
		return;
	rpc_auth_key_free(a->key);
	rpc_auth_wipe(a->oauth);
	free(a);
	c->auth = NULL;
}

bool
rpc_auth_exchanged(const struct rpc_client *c)
{
	return c->auth->source == RPC_AUTH_SA_KEY || c->auth->source == RPC_AUTH_OAUTH;
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
		if (p->state != RPC_CALL_AUTH_WAIT)
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

/* mu held: starts IamTokenService.Create unless one is running. */
static void
rpc_auth_start_locked(struct rpc_client *c)
{
	struct rpc_auth *a = c->auth;
	struct rpc_args args;
	char *jwt = NULL, *err = NULL;

	if (a->exchanging || c->shutting_down)
		return;
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

	if (!rpc_auth_exchanged(c))
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
	if (!rpc_auth_exchanged(c) || call->auth_retried)
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

	/* Without a valid token the next call starts the exchange: no refresh while idle. */
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

/* mu held: keeps the token of a successful reply; false when the reply has none. */
static bool
rpc_auth_take_reply_locked(struct rpc_client *c, const PbCreateIamTokenResponse *r)
{
	struct rpc_auth *a = c->auth;
	int64_t life, exp_ms;
	char *old;

	if (r == NULL || r->iam_token == NULL || r->iam_token[0] == '\0')
		return false;
	old = c->token;
	c->token = xstrdup(r->iam_token);
	rpc_auth_wipe(old);
	c->token_gen++;
	if (r->expires_at != NULL) {
		exp_ms = r->expires_at->seconds * 1000 + r->expires_at->nanos / 1000000;
		life = exp_ms - rpc_auth_realtime_ms();
	} else {
		life = RPC_AUTH_DEFAULT_LIFETIME_MS;
		exp_ms = rpc_auth_realtime_ms() + life;
	}
	if (life < 1000)
		life = 1000;
	a->refresh_at = rpc_auth_after_ms(life - (life / 10 < RPC_AUTH_REFRESH_MARGIN_MS
	                                              ? life / 10
	                                              : RPC_AUTH_REFRESH_MARGIN_MS));
	a->expires = rpc_auth_after_ms(
	    life - (life / 20 < RPC_AUTH_EXPIRY_MARGIN_MS ? life / 20 : RPC_AUTH_EXPIRY_MARGIN_MS));
	a->expires_unix = exp_ms / 1000;
	a->valid = true;
	a->exchanges++;
	log_debug("auth: new IAM token from the %s, valid for %lld s",
	          rpc_auth_source_name(a->source), (long long)(life / 1000));
	return true;
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
		gpr_timespec now = gpr_now(GPR_CLOCK_MONOTONIC);

		log_debug("auth: token exchange failed: %s", rpc_code_name(code));
		error = rpc_auth_error_message(a, message);
		if (a->valid && gpr_time_cmp(now, a->expires) < 0) {
			gpr_timespec left = gpr_time_sub(a->expires, now);
			int64_t half = gpr_time_to_millis(left) / 2;

			a->refresh_at =
			    rpc_auth_after_ms(half < RPC_AUTH_RETRY_MS ? half : RPC_AUTH_RETRY_MS);
		} else {
			a->valid = false;
		}
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
