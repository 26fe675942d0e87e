/* `dpjobs auth status`: the credential in use, its token's expiry, one cheap call to check it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "util/sanitize.h"
#include "util/timefmt.h"
#include "util/xalloc.h"

/* Whether value is the environment variable's own string (options.c keeps that pointer). */
static bool
cmd_auth_from_env(const char *value, const char *name)
{
	return value != NULL && value == getenv(name);
}

/* The config key that holds each source's setting. */
static const char *
cmd_auth_key(enum rpc_auth_source source)
{
	switch (source) {
	case RPC_AUTH_SA_KEY:
		return "sa-key-file";
	case RPC_AUTH_OAUTH:
		return "oauth-token";
	case RPC_AUTH_COMMAND:
		return "token-command";
	case RPC_AUTH_METADATA:
		return "auth";
	default:
		return NULL;
	}
}

/* Where the source came from ("--sa-key-file", "env DPJOBS_OAUTH_TOKEN", "FILE:LINE"), as
 * `dpjobs config show` says it, for the person debugging their setup (never the token).
 * Caller frees. */
static char *
cmd_auth_origin(const struct cli *cli, const struct rpc_auth_status *st)
{
	/* A metadata URL, from wherever it came, is what turned the source on. */
	const char *key = st->source == RPC_AUTH_METADATA && cli->metadata_url
	                      ? "metadata-url"
	                      : cmd_auth_key(st->source);
	struct config_setting *all;
	char *origin = NULL;
	size_t n;

	if (st->source == RPC_AUTH_IAM_TOKEN)
		return xstrdup(cli->iam_token_file ? "--iam-token-file" : "env DPJOBS_IAM_TOKEN");
	if (st->source == RPC_AUTH_METADATA &&
	    cmd_auth_from_env(cli->metadata_url, "DPJOBS_METADATA_URL"))
		return xstrdup("env DPJOBS_METADATA_URL");
	if (key == NULL)
		return xstrdup("no DPJOBS_IAM_TOKEN, --iam-token-file, --sa-key-file, "
		               "DPJOBS_OAUTH_TOKEN, --token-command or --metadata");
	all = config_settings(cli, &n);
	for (size_t i = 0; i < n && !origin; i++) {
		if (strcmp(all[i].name, key) == 0)
			origin = xstrdup(all[i].source);
	}
	config_settings_free(all, n);
	return origin ? origin : xstrdup(key);
}

static void
cmd_auth_print_source(const struct cli *cli, const struct rpc_auth_status *st)
{
	char *origin = cmd_auth_origin(cli, st);

	printf("source: %s (%s)\n", rpc_auth_source_name(st->source), origin);
	free(origin);
	if (st->source == RPC_AUTH_SA_KEY)
		printf("key: %s of service account %s\n", st->key_id, st->account_id);
	/* The URL without any user:password@; the command is not shown: it may hold a secret. */
	if (st->source == RPC_AUTH_METADATA) {
		char *url = sanitize_url(cli->metadata_url ? cli->metadata_url : RPC_METADATA_URL);

		printf("url: %s\n", url);
		free(url);
	}
}

static void
cmd_auth_print_expiry(const struct rpc_auth_status *st)
{
	struct timestamp ts = {.sec = st->expires_at, .set = true};
	char when[RFC3339_LEN], left[32];

	if (st->source == RPC_AUTH_NONE)
		return;
	if (st->expires_at == 0) {
		printf("expires: unknown (a given IAM token)\n");
		return;
	}
	timefmt_rfc3339(&ts, when);
	timefmt_duration(st->expires_at - (int64_t)time(NULL), left, sizeof(left));
	if (st->source == RPC_AUTH_COMMAND)
		printf(
		    "expires: unknown (the command gives none; it runs again before %s, in %s)\n",
		    when, left);
	else
		printf("expires: %s (in %s; refreshed before then)\n", when, left);
}

/* The cheapest call the given ids allow; false when there is nothing to check against. */
static bool
cmd_auth_check(struct cli *cli, struct client_reply *r, const char **what)
{
	if (cli->folder_id && *cli->folder_id) {
		*what = "ClusterService.List";
		rpc_list_clusters(cli->client, cli->folder_id, 1, "", "", client_reply_on_result,
		                  client_reply_on_free, r);
	} else if (cli->cluster_id && *cli->cluster_id) {
		*what = "JobService.List";
		rpc_list_jobs(cli->client, cli->cluster_id, 1, "", "", client_reply_on_result,
		              client_reply_on_free, r);
	} else {
		return false;
	}
	return true;
}

static int
cmd_auth_run(struct cli *cli, int argc, char **argv)
{
	struct rpc_auth_status st;
	struct client_reply r;
	const char *what = NULL;
	int first, rc;

	rc = options_parse(cli, &cmd_auth_command, argc, argv, NULL, NULL, &first);
	if (rc == CLI_CONTINUE)
		rc = options_expect_args(&cmd_auth_command, argv + first, argc - first, 1, 1);
	if (rc == CLI_CONTINUE && strcmp(argv[first], "status") != 0)
		rc = options_usage_error("auth: unknown subcommand '%s'; usage: dpjobs auth status",
		                         argv[first]);
	if (rc == CLI_CONTINUE)
		rc = client_open(cli, false);
	if (rc != CLI_CONTINUE)
		return rc;
	client_reply_init(&r);
	rpc_wait_token(cli->client, client_reply_on_result, client_reply_on_free, &r);
	client_wait(cli, &r);
	rpc_client_auth_status(cli->client, &st);
	cmd_auth_print_source(cli, &st);
	fflush(stdout);
	if (r.code != RPC_OK) {
		rc = client_fail(&r);
		client_reply_done(&r);
		return rc;
	}
	cmd_auth_print_expiry(&st);
	client_reply_done(&r);
	if (!cmd_auth_check(cli, &r, &what)) {
		puts("check: skipped (give --folder-id or --cluster-id to try a call)");
		return st.source == RPC_AUTH_NONE ? CLI_EXIT_FAILURE : CLI_EXIT_OK;
	}
	if (client_wait(cli, &r)) {
		printf("check: ok (%s)\n", what);
		rc = CLI_EXIT_OK;
	} else {
		printf("check: failed (%s)\n", what);
		rc = client_fail(&r);
	}
	client_reply_done(&r);
	return rc;
}

const struct cli_command cmd_auth_command = {
    .name = "auth",
    .args = "status",
    .summary = "Show which credential is in use and its token's expiry, and try one call.",
    .opts = NULL,
    .run = cmd_auth_run,
};
