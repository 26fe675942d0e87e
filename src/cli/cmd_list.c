/* `dpjobs list`: every job of the cluster, following every page, as a table or one JSON array. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "model/validate.h"
#include "util/xalloc.h"

/* The largest page List allows: fewest round trips. */
#define CMD_LIST_PAGE_SIZE 1000

enum {
	CMD_LIST_OPT_FILTER = 256,
	CMD_LIST_OPT_LIMIT,
	CMD_LIST_OPT_PAGE_SIZE,
	CMD_LIST_OPT_PAGE_TOKEN,
};

static const struct options_opt cmd_list_opts[] = {
    {"filter", true, CMD_LIST_OPT_FILTER, "EXPR", "only jobs matching EXPR, e.g. name=\"nightly\""},
    {"limit", true, CMD_LIST_OPT_LIMIT, "N", "print at most N jobs"},
    {"page-size", true, CMD_LIST_OPT_PAGE_SIZE, "N", "jobs per request, 0 to 1000 (default 1000)"},
    {"page-token", true, CMD_LIST_OPT_PAGE_TOKEN, "TOKEN", "start at this page of an earlier list"},
    {NULL, false, 0, NULL, NULL},
};

struct cmd_list {
	struct client_reply reply;
	const char *filter;
	const char *page_token;
	int64_t page_size;
	long long limit; /* 0: no limit */
	long long count;
	char *next_token;
	json_t *array; /* --format json */
	struct output_table table;
	struct timestamp now;
};

static int
cmd_list_option(void *state, int id, const char *arg)
{
	struct cmd_list *st = state;
	char *end;

	switch (id) {
	case CMD_LIST_OPT_FILTER:
		st->filter = arg;
		break;
	case CMD_LIST_OPT_PAGE_TOKEN:
		st->page_token = arg;
		break;
	case CMD_LIST_OPT_LIMIT:
		errno = 0;
		st->limit = strtoll(arg, &end, 10);
		if (end == arg || *end || errno || st->limit <= 0)
			return options_usage_error(
			    "invalid --limit '%s': expected a positive integer", arg);
		break;
	case CMD_LIST_OPT_PAGE_SIZE:
		/* Any integer: its range is the server's rule, checked with the others. */
		errno = 0;
		st->page_size = strtoll(arg, &end, 10);
		if (end == arg || *end || errno)
			return options_usage_error("invalid --page-size '%s': expected an integer",
			                           arg);
		break;
	}
	return CLI_CONTINUE;
}

static bool
cmd_list_full(const struct cmd_list *st)
{
	return st->limit > 0 && st->count >= st->limit;
}

static void
cmd_list_on_result(const struct rpc_result *res, void *ctx)
{
	struct cmd_list *st = ctx;
	const struct rpc_job_page *page = &res->u.jobs;

	if (!client_reply_record(&st->reply, res))
		return;
	free(st->next_token);
	st->next_token = xstrdup(page->next_page_token ? page->next_page_token : "");
	if (st->array) {
		/* The reply's JSON is the ListJobsResponse; "jobs" is absent on an empty page. */
		json_t *jobs = st->reply.json ? json_object_get(st->reply.json, "jobs") : NULL;
		size_t i;
		json_t *item;

		json_array_foreach(jobs, i, item)
		{
			if (cmd_list_full(st))
				break;
			json_array_append(st->array, item);
			st->count++;
		}
		return;
	}
	for (size_t i = 0; i < page->n_jobs && !cmd_list_full(st); i++, st->count++)
		output_jobs_add(&st->table, page->jobs[i], &st->now);
}

static int
cmd_list_fetch(struct cli *cli, struct cmd_list *st)
{
	do {
		rpc_list_jobs(cli->client, cli->cluster_id, st->page_size, st->next_token,
		              st->filter ? st->filter : "", cmd_list_on_result,
		              client_reply_on_free, st);
		if (!client_wait(cli, &st->reply))
			return client_fail(&st->reply);
		client_reply_done(&st->reply);
	} while (*st->next_token && !cmd_list_full(st));
	if (st->array)
		output_json(stdout, st->array);
	else
		output_table_print(&st->table, stdout);
	return CLI_EXIT_OK;
}

static int
cmd_list_run(struct cli *cli, int argc, char **argv)
{
	struct cmd_list st;
	char err[VALIDATE_ERR_LEN];
	int first, rc;

	memset(&st, 0, sizeof(st));
	st.page_size = CMD_LIST_PAGE_SIZE;
	rc = options_parse(cli, &cmd_list_command, argc, argv, cmd_list_option, &st, &first);
	if (rc == CLI_CONTINUE)
		rc = options_expect_args(&cmd_list_command, argv + first, argc - first, 0, 0);
	if (rc == CLI_CONTINUE)
		rc = options_need_cluster(cli);
	if (rc == CLI_CONTINUE && st.filter)
		rc = options_checked(cli, validate_filter(st.filter, NULL, err), err);
	if (rc == CLI_CONTINUE)
		rc = options_checked(
		    cli, validate_page_size("page_size", st.page_size, CMD_LIST_PAGE_SIZE, err),
		    err);
	if (rc == CLI_CONTINUE && st.page_token)
		rc = options_checked(cli, validate_page_token(st.page_token, err), err);
	if (rc == CLI_CONTINUE)
		rc = client_open(cli, cli->format == CLI_FORMAT_JSON);
	if (rc != CLI_CONTINUE)
		return rc;
	client_reply_init(&st.reply);
	st.next_token = xstrdup(st.page_token ? st.page_token : "");
	st.now = timefmt_now();
	if (cli->format == CLI_FORMAT_JSON)
		st.array = json_array();
	else
		output_jobs_init(&st.table);
	rc = cmd_list_fetch(cli, &st);
	client_reply_done(&st.reply);
	if (cli->format == CLI_FORMAT_JSON)
		json_decref(st.array);
	else
		output_table_done(&st.table);
	free(st.next_token);
	return rc;
}

const struct cli_command cmd_list_command = {
    .name = "list",
    .args = "[--filter EXPR] [--limit N] [--page-size N] [--page-token TOKEN]",
    .summary = "List the jobs of the cluster, following every page.",
    .opts = cmd_list_opts,
    .run = cmd_list_run,
};
