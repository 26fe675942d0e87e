/* `dpjobs create`: submit a Spark, PySpark, MapReduce or Hive job, checked before it is sent. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "model/validate.h"
#include "util/xalloc.h"

/* Job types a flag applies to, as bits. */
#define CREATE_SPARK (1u << JOB_TYPE_SPARK)
#define CREATE_PYSPARK (1u << JOB_TYPE_PYSPARK)
#define CREATE_MAPREDUCE (1u << JOB_TYPE_MAPREDUCE)
#define CREATE_HIVE (1u << JOB_TYPE_HIVE)
#define CREATE_JAVA (CREATE_SPARK | CREATE_PYSPARK | CREATE_MAPREDUCE)
#define CREATE_ALL (CREATE_JAVA | CREATE_HIVE)

/* The flags mirror `yc dataproc job create-*`: one list gives the enum, the getopt table,
 * the help and which job types accept each flag. */
#define CMD_CREATE_OPT_INFO(_)                                                                     \
	_(NAME, "name", "NAME", CREATE_ALL, "job name: 3-63 of a-z 0-9 -, starting with a letter") \
	_(MAIN_JAR_FILE_URI, "main-jar-file-uri", "URI", CREATE_SPARK | CREATE_MAPREDUCE,          \
	  "the JAR with the job's main class")                                                     \
	_(MAIN_CLASS, "main-class", "CLASS", CREATE_SPARK | CREATE_MAPREDUCE,                      \
	  "the job's main class")                                                                  \
	_(MAIN_PYTHON_FILE_URI, "main-python-file-uri", "URI", CREATE_PYSPARK,                     \
	  "the main Python file")                                                                  \
	_(JAR_FILE_URIS, "jar-file-uris", "URI[,URI]", CREATE_ALL, "JARs for the classpath")       \
	_(FILE_URIS, "file-uris", "URI[,URI]", CREATE_JAVA, "files for the working directory")     \
	_(ARCHIVE_URIS, "archive-uris", "URI[,URI]", CREATE_JAVA, "archives to unpack there")      \
	_(PYTHON_FILE_URIS, "python-file-uris", "URI[,URI]", CREATE_PYSPARK,                       \
	  "Python files for the path")                                                             \
	_(PACKAGES, "packages", "PKG[,PKG]", CREATE_SPARK | CREATE_PYSPARK,                        \
	  "Maven coordinates to include")                                                          \
	_(REPOSITORIES, "repositories", "URL[,URL]", CREATE_SPARK | CREATE_PYSPARK,                \
	  "extra Maven repositories")                                                              \
	_(EXCLUDE_PACKAGES, "exclude-packages", "PKG[,PKG]", CREATE_SPARK | CREATE_PYSPARK,        \
	  "groupId:artifactId to exclude")                                                         \
	_(PROPERTIES, "properties", "K=V[,K=V]", CREATE_ALL, "job properties")                     \
	_(ARG, "arg", "VALUE", CREATE_JAVA, "one argument of the job (repeat; commas kept)")       \
	_(QUERY_FILE_URI, "query-file-uri", "URI", CREATE_HIVE, "file with the Hive queries")      \
	_(QUERY, "query", "QUERY", CREATE_HIVE, "one Hive query (repeat for more)")                \
	_(SCRIPT_VARIABLES, "script-variables", "K=V[,K=V]", CREATE_HIVE, "Hive script variables") \
	_(CONTINUE_ON_FAILURE, "continue-on-failure", NULL, CREATE_HIVE,                           \
	  "run on after a failed query")                                                           \
	_(WAIT, "wait", NULL, CREATE_ALL,                                                          \
	  "wait until the job has ended, show it and exit as 'wait' does")

/* clang-format off */
enum {
	CMD_CREATE_OPT_BASE_ = 255,
#define CMD_CREATE_OPT_ENUM_(id, name, arg, types, help) CMD_CREATE_OPT_##id,
	CMD_CREATE_OPT_INFO(CMD_CREATE_OPT_ENUM_)
#undef CMD_CREATE_OPT_ENUM_
	CMD_CREATE_OPT_END_
};

#define CMD_CREATE_NOPTS (CMD_CREATE_OPT_END_ - CMD_CREATE_OPT_BASE_ - 1)

static const struct options_opt cmd_create_opts[] = {
#define CMD_CREATE_OPT_TABLE_(id, name, arg, types, help) \
	{name, arg != NULL, CMD_CREATE_OPT_##id, arg, help},
	CMD_CREATE_OPT_INFO(CMD_CREATE_OPT_TABLE_)
#undef CMD_CREATE_OPT_TABLE_
	{NULL, false, 0, NULL, NULL},
};

static const unsigned cmd_create_types[] = {
#define CMD_CREATE_OPT_TYPES_(id, name, arg, types, help) types,
	CMD_CREATE_OPT_INFO(CMD_CREATE_OPT_TYPES_)
#undef CMD_CREATE_OPT_TYPES_
};
/* clang-format on */

struct cmd_create {
	struct job_spec spec;
	const char *name;
	bool wait;
	bool seen[CMD_CREATE_NOPTS];
};

/* A comma-separated list flag, repeatable: each non-empty item is appended. */
static void
cmd_create_split(struct strlist *l, const char *arg)
{
	while (*arg) {
		size_t n = strcspn(arg, ",");

		if (n > 0) {
			char *item = xstrndup(arg, n);

			strlist_push(l, item);
			free(item);
		}
		arg += n;
		if (*arg == ',')
			arg++;
	}
}

/* A map flag, `k=v[,k=v]`, repeatable; a later key replaces an earlier one. */
static int
cmd_create_split_kv(struct kvlist *l, const char *arg, const char *flag)
{
	while (*arg) {
		size_t n = strcspn(arg, ",");
		char *item = xstrndup(arg, n);
		char *eq = strchr(item, '=');

		if (n > 0 && !eq) {
			int rc =
			    options_usage_error("%s: expected KEY=VALUE, got '%s'", flag, item);

			free(item);
			return rc;
		}
		if (eq) {
			*eq = '\0';
			kvlist_set(l, item, eq + 1);
		}
		free(item);
		arg += n;
		if (*arg == ',')
			arg++;
	}
	return CLI_CONTINUE;
}

static void
cmd_create_set(char **field, const char *arg)
{
	free(*field);
	*field = xstrdup(arg);
}

static int
cmd_create_option(void *state, int id, const char *arg)
{
	struct cmd_create *st = state;
	struct job_spec *s = &st->spec;

	st->seen[id - CMD_CREATE_OPT_BASE_ - 1] = true;
	switch (id) {
	case CMD_CREATE_OPT_NAME:
		st->name = arg;
		break;
	case CMD_CREATE_OPT_MAIN_JAR_FILE_URI:
		cmd_create_set(&s->main_jar_file_uri, arg);
		break;
	case CMD_CREATE_OPT_MAIN_CLASS:
		cmd_create_set(&s->main_class, arg);
		break;
	case CMD_CREATE_OPT_MAIN_PYTHON_FILE_URI:
		cmd_create_set(&s->main_python_file_uri, arg);
		break;
	case CMD_CREATE_OPT_JAR_FILE_URIS:
		cmd_create_split(&s->jar_file_uris, arg);
		break;
	case CMD_CREATE_OPT_FILE_URIS:
		cmd_create_split(&s->file_uris, arg);
		break;
	case CMD_CREATE_OPT_ARCHIVE_URIS:
		cmd_create_split(&s->archive_uris, arg);
		break;
	case CMD_CREATE_OPT_PYTHON_FILE_URIS:
		cmd_create_split(&s->python_file_uris, arg);
		break;
	case CMD_CREATE_OPT_PACKAGES:
		cmd_create_split(&s->packages, arg);
		break;
	case CMD_CREATE_OPT_REPOSITORIES:
		cmd_create_split(&s->repositories, arg);
		break;
	case CMD_CREATE_OPT_EXCLUDE_PACKAGES:
		cmd_create_split(&s->exclude_packages, arg);
		break;
	case CMD_CREATE_OPT_PROPERTIES:
		return cmd_create_split_kv(&s->properties, arg, "--properties");
	case CMD_CREATE_OPT_ARG:
		strlist_push(&s->args, arg);
		break;
	case CMD_CREATE_OPT_QUERY_FILE_URI:
		cmd_create_set(&s->query_file_uri, arg);
		break;
	case CMD_CREATE_OPT_QUERY:
		strlist_push(&s->queries, arg);
		break;
	case CMD_CREATE_OPT_SCRIPT_VARIABLES:
		return cmd_create_split_kv(&s->script_variables, arg, "--script-variables");
	case CMD_CREATE_OPT_CONTINUE_ON_FAILURE:
		s->continue_on_failure = true;
		break;
	case CMD_CREATE_OPT_WAIT:
		st->wait = true;
		break;
	}
	return CLI_CONTINUE;
}

static bool
cmd_create_seen(const struct cmd_create *st, int id)
{
	return st->seen[id - CMD_CREATE_OPT_BASE_ - 1];
}

/* Once the type is known: refuses flags of other types, picks the oneof members. */
static int
cmd_create_check_type(struct cmd_create *st, const char *type_name)
{
	struct job_spec *s = &st->spec;

	s->type = job_type_from_name(type_name);
	if (s->type == JOB_TYPE_NONE)
		return options_usage_error(
		    "create: unknown job type '%s' (expected spark, pyspark, "
		    "mapreduce or hive)",
		    type_name);
	for (size_t i = 0; i < CMD_CREATE_NOPTS; i++) {
		if (st->seen[i] && !(cmd_create_types[i] & (1u << s->type)))
			return options_usage_error("--%s does not apply to %s jobs",
			                           cmd_create_opts[i].name, job_type_name(s->type));
	}
	if (s->type == JOB_TYPE_MAPREDUCE) {
		if (cmd_create_seen(st, CMD_CREATE_OPT_MAIN_JAR_FILE_URI) &&
		    cmd_create_seen(st, CMD_CREATE_OPT_MAIN_CLASS))
			return options_usage_error(
			    "--main-jar-file-uri and --main-class exclude each "
			    "other for mapreduce jobs");
		if (cmd_create_seen(st, CMD_CREATE_OPT_MAIN_JAR_FILE_URI))
			s->driver = MAPREDUCE_DRIVER_JAR;
		else if (cmd_create_seen(st, CMD_CREATE_OPT_MAIN_CLASS))
			s->driver = MAPREDUCE_DRIVER_CLASS;
	}
	if (s->type == JOB_TYPE_HIVE) {
		if (cmd_create_seen(st, CMD_CREATE_OPT_QUERY_FILE_URI) &&
		    cmd_create_seen(st, CMD_CREATE_OPT_QUERY))
			return options_usage_error(
			    "--query-file-uri and --query exclude each other");
		if (cmd_create_seen(st, CMD_CREATE_OPT_QUERY_FILE_URI))
			s->query = HIVE_QUERY_FILE_URI;
		else if (cmd_create_seen(st, CMD_CREATE_OPT_QUERY))
			s->query = HIVE_QUERY_LIST;
	}
	return CLI_CONTINUE;
}

static int
cmd_create_submit(struct cli *cli, struct cmd_create *st)
{
	struct client_reply r;
	int rc;

	client_reply_init(&r);
	rpc_create_job(cli->client, cli->cluster_id, st->name ? st->name : "", &st->spec, NULL,
	               client_reply_on_result, client_reply_on_free, &r);
	if (client_wait(cli, &r))
		rc = await_operation(cli, &r, st->wait);
	else
		rc = client_fail(&r);
	client_reply_done(&r);
	return rc;
}

static int
cmd_create_run(struct cli *cli, int argc, char **argv)
{
	struct cmd_create st;
	char err[VALIDATE_ERR_LEN];
	int first, rc;

	memset(&st, 0, sizeof(st));
	rc = options_parse(cli, &cmd_create_command, argc, argv, cmd_create_option, &st, &first);
	if (rc == CLI_CONTINUE)
		rc = options_expect_args(&cmd_create_command, argv + first, argc - first, 1, 1);
	if (rc == CLI_CONTINUE)
		rc = cmd_create_check_type(&st, argv[first]);
	if (rc == CLI_CONTINUE)
		rc = options_need_cluster(cli);
	/* Opening resolves a --cluster-name; nothing is created before the check below. */
	if (rc == CLI_CONTINUE)
		rc = client_open(cli, cli->format == CLI_FORMAT_JSON);
	/* The server's own rules, so that a bad job is refused before anything is sent. */
	if (rc == CLI_CONTINUE)
		rc = options_checked(
		    cli,
		    validate_create_job(cli->cluster_id, st.name ? st.name : "", &st.spec, err),
		    err);
	if (rc == CLI_CONTINUE)
		rc = cmd_create_submit(cli, &st);
	job_spec_done(&st.spec);
	return rc;
}

const struct cli_command cmd_create_command = {
    .name = "create",
    .args = "spark|pyspark|mapreduce|hive [--name NAME] [flags] [--wait]",
    .summary = "Submit a job; print the operation, or with --wait the ended job.",
    .opts = cmd_create_opts,
    .run = cmd_create_run,
};
