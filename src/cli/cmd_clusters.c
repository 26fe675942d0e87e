/* `dpjobs clusters`: the Data Proc clusters of a folder, to find the cluster id to use. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "util/xalloc.h"

#define CMD_CLUSTERS_PAGE_SIZE 1000

enum {
	CMD_CLUSTERS_OPT_FOLDER_ID = 256,
};

static const struct options_opt cmd_clusters_opts[] = {
    {"folder-id", true, CMD_CLUSTERS_OPT_FOLDER_ID, "ID",
     "folder of the clusters (env DPJOBS_FOLDER_ID)"},
    {NULL, false, 0, NULL, NULL},
};

struct cmd_clusters {
	struct client_reply reply;
	const char *folder_id;
	char *next_token;
	json_t *array; /* --format json */
	struct output_table table;
};

static int
cmd_clusters_option(void *state, int id, const char *arg)
{
	struct cmd_clusters *st = state;

	(void)id;
	st->folder_id = arg;
	return CLI_CONTINUE;
}

static void
cmd_clusters_on_result(const struct rpc_result *res, void *ctx)
{
	struct cmd_clusters *st = ctx;
	const struct rpc_cluster_page *page = &res->u.clusters;

	if (!client_reply_record(&st->reply, res))
		return;
	free(st->next_token);
	st->next_token = xstrdup(page->next_page_token ? page->next_page_token : "");
	if (st->array) {
		json_t *clusters =
		    st->reply.json ? json_object_get(st->reply.json, "clusters") : NULL;

		if (json_is_array(clusters))
			json_array_extend(st->array, clusters);
		return;
	}
	for (size_t i = 0; i < page->n_clusters; i++)
		output_clusters_add(&st->table, page->clusters[i]);
}

static int
cmd_clusters_fetch(struct cli *cli, struct cmd_clusters *st)
{
	do {
		rpc_list_clusters(cli->client, st->folder_id, CMD_CLUSTERS_PAGE_SIZE,
		                  st->next_token ? st->next_token : "", "", cmd_clusters_on_result,
		                  client_reply_on_free, st);
		if (!client_wait(cli, &st->reply))
			return client_fail(&st->reply);
		client_reply_done(&st->reply);
	} while (*st->next_token);
	if (st->array)
		output_json(stdout, st->array);
	else
		output_table_print(&st->table, stdout);
	return CLI_EXIT_OK;
}

static int
cmd_clusters_run(struct cli *cli, int argc, char **argv)
{
	struct cmd_clusters st;
	int first, rc;

	memset(&st, 0, sizeof(st));
	rc =
	    options_parse(cli, &cmd_clusters_command, argc, argv, cmd_clusters_option, &st, &first);
	/* The command's own --folder-id, else the global one: flag, DPJOBS_FOLDER_ID, profile. */
	if (!st.folder_id)
		st.folder_id = cli->folder_id;
	if (rc == CLI_CONTINUE)
		rc = options_expect_args(&cmd_clusters_command, argv + first, argc - first, 0, 0);
	if (rc == CLI_CONTINUE && (!st.folder_id || !*st.folder_id))
		rc = options_usage_error("missing folder id: use --folder-id or set "
		                         "DPJOBS_FOLDER_ID");
	if (rc == CLI_CONTINUE)
		rc = options_check_id(cli, "folder_id", st.folder_id);
	if (rc == CLI_CONTINUE)
		rc = client_open(cli, cli->format == CLI_FORMAT_JSON);
	if (rc != CLI_CONTINUE)
		return rc;
	client_reply_init(&st.reply);
	if (cli->format == CLI_FORMAT_JSON)
		st.array = json_array();
	else
		output_clusters_init(&st.table);
	rc = cmd_clusters_fetch(cli, &st);
	client_reply_done(&st.reply);
	if (cli->format == CLI_FORMAT_JSON)
		json_decref(st.array);
	else
		output_table_done(&st.table);
	free(st.next_token);
	return rc;
}

const struct cli_command cmd_clusters_command = {
    .name = "clusters",
    .args = "--folder-id ID",
    .summary = "List the Data Proc clusters of a folder, following every page.",
    .opts = cmd_clusters_opts,
    .run = cmd_clusters_run,
};
