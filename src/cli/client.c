/* The batch commands' use of the async rpc client: connect, start a call, wait, keep the reply. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli/cli.h"
#include "rpc/errors.h"
#include "util/sanitize.h"
#include "util/xalloc.h"

/* A token is a few hundred bytes; anything much larger is not a token file. */
#define CLIENT_TOKEN_MAX 65536

/* Reads the IAM token from --iam-token-file, else DPJOBS_IAM_TOKEN; *token is NULL when there is
 * none. Error messages name neither the token nor the file, whose name might be a token
 * mistyped into the wrong option. */
static int
client_read_token(const struct cli *cli, char **token)
{
	const char *env = getenv("DPJOBS_IAM_TOKEN");
	FILE *f;
	char *buf;
	size_t len;

	*token = NULL;
	if (!cli->iam_token_file) {
		if (env && *env)
			*token = xstrdup(env);
		return CLI_CONTINUE;
	}
	f = fopen(cli->iam_token_file, "r");
	if (!f)
		return options_usage_error("cannot read the --iam-token-file: %s", strerror(errno));
	buf = xmalloc(CLIENT_TOKEN_MAX + 1);
	len = fread(buf, 1, CLIENT_TOKEN_MAX + 1, f);
	if (ferror(f) || len > CLIENT_TOKEN_MAX) {
		fclose(f);
		explicit_bzero(buf, CLIENT_TOKEN_MAX + 1);
		free(buf);
		return options_usage_error("cannot read the --iam-token-file: %s",
		                           len > CLIENT_TOKEN_MAX ? "too large for a token"
		                                                  : "read error");
	}
	fclose(f);
	while (len > 0 && strchr(" \t\r\n", buf[len - 1]))
		len--;
	buf[len] = '\0';
	if (len == 0 || memchr(buf, '\n', len)) {
		explicit_bzero(buf, CLIENT_TOKEN_MAX + 1);
		free(buf);
		return options_usage_error(
		    "the --iam-token-file must hold one IAM token on one line");
	}
	*token = buf;
	return CLI_CONTINUE;
}

/* The rpc layer's retry observer: it runs on the RPC thread, and one fprintf of
 * a line to unbuffered stderr is safe there. */
static void
client_on_retry(void *ctx, const char *method, int code, int attempt, int delay_ms)
{
	(void)ctx;
	fprintf(stderr, "dpjobs: %s: %s on attempt %d; retrying in %d ms\n", method,
	        rpc_code_name(code), attempt, delay_ms);
}

/* A key file others can read is a leaked key; say so once, where a person will see it. */
static void
client_check_key_mode(const struct cli *cli)
{
	struct stat st;

	if (cli->tui || stat(cli->sa_key_file, &st) != 0)
		return;
	if (st.st_mode & (S_IRGRP | S_IROTH)) {
		char *name = sanitize_str(cli->sa_key_file);

		fprintf(stderr,
		        "dpjobs: warning: the key file %s is readable by others; chmod 600 it\n",
		        name);
		free(name);
	}
}

/* Data Proc, OperationService, IamTokenService. */
#define CLIENT_SERVICES 3

/* The endpoints given, else with --base-domain the three services' hosts under it (hosts[] holds
 * those strings for the caller to free), else NULL: the rpc layer's defaults. */
static void
client_endpoints(const struct cli *cli, struct rpc_config *cfg, char *hosts[CLIENT_SERVICES])
{
	static const char *const service[CLIENT_SERVICES] = {"dataproc", "operation", "iam"};
	const char *given[CLIENT_SERVICES] = {cli->endpoint, cli->operation_endpoint,
	                                      cli->iam_endpoint};
	const char **slot[CLIENT_SERVICES] = {&cfg->endpoint, &cfg->operation_endpoint,
	                                      &cfg->iam_endpoint};

	for (size_t i = 0; i < CLIENT_SERVICES; i++) {
		hosts[i] = NULL;
		/* A given Data Proc endpoint is followed by the other two, as without a domain. */
		if (cli->base_domain && !given[i] && !(i > 0 && cli->endpoint))
			given[i] = hosts[i] =
			    xasprintf("%s.api.%s:443", service[i], cli->base_domain);
		*slot[i] = given[i];
	}
}

int
client_open(struct cli *cli, bool want_json)
{
	char *hosts[CLIENT_SERVICES];
	struct rpc_config cfg;
	char *token, *err = NULL;
	int rc = client_read_token(cli, &token);

	if (rc != CLI_CONTINUE)
		return rc;
	memset(&cfg, 0, sizeof(cfg));
	client_endpoints(cli, &cfg, hosts);
	/* The rpc layer treats unix: as plaintext too; saying it here keeps the intent visible. */
	cfg.plaintext =
	    cli->plaintext || (cli->endpoint && strncmp(cli->endpoint, "unix:", 5) == 0);
	cfg.ca_file = cli->ca_file;
	cfg.iam_token = token;
	if (!token && cli->sa_key_file) {
		cfg.sa_key_file = cli->sa_key_file;
		client_check_key_mode(cli);
	}
	/* rpc_auth_init takes the first source set, in the documented order. */
	cfg.oauth_token = cli->oauth_token;
	cfg.token_command = cli->token_command;
	cfg.metadata_url = cli->metadata_url ? cli->metadata_url
	                   : cli->metadata   ? RPC_METADATA_URL
	                                     : NULL;
	cfg.timeout_s = cli->timeout_s;
	cfg.want_json = want_json;
	if (cli->verbose)
		cfg.on_retry = client_on_retry;
	cli->client = rpc_client_new(&cfg, &err);
	for (size_t i = 0; i < CLIENT_SERVICES; i++)
		free(hosts[i]);
	if (token) {
		explicit_bzero(token, strlen(token));
		free(token);
	}
	if (!cli->client) {
		char *line = sanitize_str(err ? err : "cannot start the rpc client");

		fprintf(stderr, "dpjobs: %s\n", line);
		free(line);
		free(err);
		return CLI_EXIT_FAILURE;
	}
	if (cli->need_cluster && (!cli->cluster_id || !*cli->cluster_id) && cli->cluster_name)
		return cluster_name_resolve(cli);
	return CLI_CONTINUE;
}

void
client_close(struct cli *cli)
{
	rpc_client_free(cli->client);
	cli->client = NULL;
	free(cli->resolved_cluster_id);
	cli->resolved_cluster_id = NULL;
}

void
client_reply_init(struct client_reply *r)
{
	memset(r, 0, sizeof(*r));
}

void
client_reply_done(struct client_reply *r)
{
	free(r->error);
	json_decref(r->json);
	job_free(r->job);
	operation_free(r->operation);
	client_reply_init(r);
}

bool
client_reply_record(struct client_reply *r, const struct rpc_result *res)
{
	client_reply_done(r);
	r->finished = true;
	r->code = res->code;
	if (res->code != RPC_OK) {
		struct rpc_error kind;

		/* Already one sanitized line. */
		r->error = rpc_result_error_line(res);
		rpc_error_classify(res->code, res->message, &kind);
		r->permanent = kind.permanent;
		return false;
	}
	if (res->json)
		r->json = json_incref(res->json);
	switch (res->method) {
	case RPC_JOB_GET:
		r->job = rpc_result_take_job(res);
		break;
	case RPC_JOB_CREATE:
	case RPC_JOB_CANCEL:
	case RPC_OPERATION_GET:
		r->operation = rpc_result_take_operation(res);
		break;
	default:
		break;
	}
	return true;
}

void
client_reply_on_result(const struct rpc_result *res, void *ctx)
{
	client_reply_record(ctx, res);
}

void
client_reply_on_free(void *ctx)
{
	/* Replies live on the caller's stack and are freed by client_reply_done(). */
	(void)ctx;
}

bool
client_wait(struct cli *cli, struct client_reply *r)
{
	rpc_client_wait_idle(cli->client, -1);
	if (!r->finished) {
		/* on_result may be skipped for a call cancelled before it finished. */
		r->finished = true;
		r->code = RPC_CANCELLED;
		r->error = xstrdup("CANCELLED: the call ended without a reply");
	}
	return r->code == RPC_OK;
}

int
client_fail(const struct client_reply *r)
{
	fflush(stdout);
	fprintf(stderr, "dpjobs: %s\n", r->error ? r->error : "unknown error");
	return CLI_EXIT_FAILURE;
}

bool
client_is_transient(const struct client_reply *r)
{
	return (r->code == RPC_UNAVAILABLE || r->code == RPC_DEADLINE_EXCEEDED) && !r->permanent;
}

void
client_note(const struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	if (!cli->verbose)
		return;
	fputs("dpjobs: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
client_sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}
