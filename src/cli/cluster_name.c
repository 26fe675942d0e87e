/* --cluster-name: a cluster's name turned into its id with ClusterService.List's name filter. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "model/validate.h"
#include "util/sanitize.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Names are unique in a folder; asking for two pages' worth shows when they are not. */
#define CLUSTER_NAME_PAGE_SIZE 10
/* Data Proc cluster names are at most 63 characters; the rest of the filter is small. */
#define CLUSTER_NAME_MAX 256

struct cluster_name_lookup {
	const char *name;
	struct client_reply reply;
	char **ids;
	size_t n_ids;
};

static void
cluster_name_on_result(const struct rpc_result *res, void *ctx)
{
	struct cluster_name_lookup *st = ctx;
	const struct rpc_cluster_page *page = &res->u.clusters;

	if (!client_reply_record(&st->reply, res))
		return;
	st->ids = xcalloc(page->n_clusters + 1, sizeof(*st->ids));
	/* A server that ignored the filter must not pick a cluster for us. */
	for (size_t i = 0; i < page->n_clusters; i++)
		if (page->clusters[i]->name && strcmp(page->clusters[i]->name, st->name) == 0)
			st->ids[st->n_ids++] = xstrdup(page->clusters[i]->id);
}

/* name="NAME" with the filter language's escapes, as yc builds it. */
static char *
cluster_name_filter(const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, "name=\"");
	for (const char *p = name; *p; p++) {
		if (*p == '"' || *p == '\\')
			strbuf_addch(&sb, '\\');
		strbuf_addch(&sb, *p);
	}
	strbuf_addch(&sb, '"');
	return strbuf_detach(&sb);
}

static int
cluster_name_report(const struct cli *cli, const struct cluster_name_lookup *st)
{
	char *name = sanitize_str(cli->cluster_name);
	char *folder = sanitize_str(cli->folder_id);
	struct strbuf ids = STRBUF_INIT;

	fflush(stdout);
	if (st->n_ids == 0) {
		fprintf(stderr,
		        "dpjobs: no cluster named '%s' in folder %s (see dpjobs clusters)\n", name,
		        folder);
	} else {
		for (size_t i = 0; i < st->n_ids; i++) {
			char *id = sanitize_str(st->ids[i]);

			strbuf_addf(&ids, "%s%s", i ? ", " : "", id);
			free(id);
		}
		fprintf(stderr,
		        "dpjobs: %zu clusters are named '%s' in folder %s: %s; use --cluster-id\n",
		        st->n_ids, name, folder, ids.buf);
	}
	strbuf_done(&ids);
	free(name);
	free(folder);
	return CLI_EXIT_FAILURE;
}

int
cluster_name_resolve(struct cli *cli)
{
	struct cluster_name_lookup st;
	char *filter;
	int rc;

	if (!cli->folder_id || !*cli->folder_id)
		return options_usage_error("--cluster-name needs the folder to look in: use "
		                           "--folder-id or set DPJOBS_FOLDER_ID");
	if (strlen(cli->cluster_name) > CLUSTER_NAME_MAX)
		return options_invalid_argument("cluster name: too long");
	rc = options_check_id(cli, "folder_id", cli->folder_id);
	if (rc != CLI_CONTINUE)
		return rc;
	memset(&st, 0, sizeof(st));
	st.name = cli->cluster_name;
	client_reply_init(&st.reply);
	filter = cluster_name_filter(cli->cluster_name);
	rpc_list_clusters(cli->client, cli->folder_id, CLUSTER_NAME_PAGE_SIZE, "", filter,
	                  cluster_name_on_result, client_reply_on_free, &st);
	free(filter);
	if (!client_wait(cli, &st.reply))
		rc = client_fail(&st.reply);
	else if (st.n_ids != 1)
		rc = cluster_name_report(cli, &st);
	else {
		cli->resolved_cluster_id = st.ids[0];
		st.ids[0] = NULL;
		cli->cluster_id = cli->resolved_cluster_id;
		rc = options_check_id(cli, "cluster_id", cli->cluster_id);
	}
	for (size_t i = 0; i < st.n_ids; i++)
		free(st.ids[i]);
	free(st.ids);
	client_reply_done(&st.reply);
	return rc;
}
