/* The batch CLI's shared parts: global options, commands, option parsing, the client and waits. */
#ifndef DPJOBS_CLI_CLI_H
#define DPJOBS_CLI_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "model/job.h"
#include "model/operation.h"
#include "rpc/rpc.h"

/* Exit statuses, part of the documented interface (dpjobs(1) EXIT STATUS). */
enum cli_exit {
	CLI_EXIT_OK = 0,
	CLI_EXIT_FAILURE = 1,   /* server or network error */
	CLI_EXIT_USAGE = 2,     /* bad command line or input */
	CLI_EXIT_JOB_ERROR = 3, /* wait/--wait: the job ended in ERROR */
	CLI_EXIT_JOB_CANCELLED = 4,
};

/* Returned by option handlers to let parsing go on; any other value is an exit status. */
#define CLI_CONTINUE (-1)

enum cli_format {
	CLI_FORMAT_TABLE,
	CLI_FORMAT_JSON,
};

/* Global options and what the batch commands share. Strings are borrowed from argv or the
 * environment. */
struct cli {
	const char *endpoint;           /* NULL: the rpc layer's default */
	const char *operation_endpoint; /* NULL: follows endpoint */
	const char *cluster_id;
	const char *iam_endpoint; /* NULL: follows endpoint */
	const char *iam_token_file;
	const char *sa_key_file; /* --sa-key-file or DPJOBS_SA_KEY_FILE */
	const char *ca_file;
	bool plaintext;
	bool verbose;
	bool no_client_validation; /* send requests unchecked, to test the server's rules */
	bool demo;                 /* --demo: everything goes to an in-process simulator */
	bool tui;                  /* the screen owns stderr: no warnings there */
	enum cli_format format;
	double timeout_s; /* 0: the rpc layer's default */
	/* The TUI's: */
	const char *folder_id; /* picker when there is no cluster id */
	const char *theme;     /* NAME or PATH; NULL: compiled-in */
	bool mouse;
	bool log_colors;
	bool readonly;             /* --readonly or DPJOBS_READONLY=1 */
	double refresh_s;          /* 0: the TUI's default */
	size_t log_memory_mib;     /* 0: the log buffer's default budget */
	struct rpc_client *client; /* NULL until client_open() */
};

/* One command-line option. An id below 128 doubles as the short option letter. */
struct options_opt {
	const char *name;
	bool has_arg;
	int id;
	const char *arg;  /* argument name for the help, NULL when has_arg is false */
	const char *help; /* one line */
};

/* A batch subcommand: its help text and options come from here, so `--help` and the
 * parser cannot drift apart. */
struct cli_command {
	const char *name;
	const char *args;               /* synopsis after the name, e.g. "JOB_ID [--follow]" */
	const char *summary;            /* one line */
	const struct options_opt *opts; /* ends with a NULL name; may be NULL */
	int (*run)(struct cli *cli, int argc, char **argv);
};

extern const struct cli_command cmd_list_command;
extern const struct cli_command cmd_get_command;
extern const struct cli_command cmd_log_command;
extern const struct cli_command cmd_wait_command;
extern const struct cli_command cmd_cancel_command;
extern const struct cli_command cmd_create_command;
extern const struct cli_command cmd_clusters_command;
extern const struct cli_command cmd_auth_command;

/* ---- options.c ---- */

/* Every command, in help order, NULL-terminated. */
extern const struct cli_command *const options_commands[];

void options_init(struct cli *cli);
/* Parses the global options before the command (argv[0] is the program). On return *cmd_index
 * is the index of the command name (argc if none). Returns CLI_CONTINUE or an exit status
 * (after printing help, the version or a usage error). */
int options_parse_global(struct cli *cli, int argc, char **argv, int *cmd_index);
/* Parses a command's arguments (argv[0] is the command name) with its options and the global
 * options, which may appear anywhere. on_opt gets each command option; it returns
 * CLI_CONTINUE or an exit status. Positional arguments are left, in order, in argv[*first ..
 * argc). Returns CLI_CONTINUE or an exit status (help printed: 0). */
int options_parse(struct cli *cli, const struct cli_command *cmd, int argc, char **argv,
                  int (*on_opt)(void *state, int id, const char *arg), void *state, int *first);
/* options_parse for a command that takes exactly one JOB_ID: also checks
 * the argument count, the cluster id and the job id. *job_id points into argv.
 * Returns CLI_CONTINUE or an exit status. */
int options_parse_job(struct cli *cli, const struct cli_command *cmd, int argc, char **argv,
                      int (*on_opt)(void *state, int id, const char *arg), void *state,
                      const char **job_id);
/* Prints "dpjobs: <problem>" and the hint on stderr; returns CLI_EXIT_USAGE. */
int options_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "dpjobs: invalid argument: <message>"; returns CLI_EXIT_USAGE. */
int options_invalid_argument(const char *message);
/* Checks that there are min to max positional arguments in args[0 .. nargs). Returns
 * CLI_CONTINUE or CLI_EXIT_USAGE. */
int options_expect_args(const struct cli_command *cmd, char **args, int nargs, int min, int max);
/* The cluster id of the global options, validated; CLI_CONTINUE or CLI_EXIT_USAGE. */
int options_need_cluster(const struct cli *cli);
/* Validates a resource id argument such as job_id; CLI_CONTINUE or CLI_EXIT_USAGE. */
int options_check_id(const struct cli *cli, const char *field, const char *value);
/* The outcome of a client-side check from model/validate.h: CLI_CONTINUE when it passed or
 * --no-client-validation is set, else the error printed and CLI_EXIT_USAGE. */
int options_checked(const struct cli *cli, bool valid, const char *err);
/* The help of the whole program (stdout). */
void options_print_main_help(FILE *out);

/* ---- client.c ---- */

/* What one finished call left behind. */
struct client_reply {
	bool finished;               /* on_result ran */
	int code;                    /* RPC_OK or the gRPC status */
	char *error;                 /* owned error line when code != RPC_OK */
	json_t *json;                /* owned reference, when the client was opened for JSON */
	struct job *job;             /* taken from a RPC_JOB_GET reply */
	struct operation *operation; /* taken from a CREATE, CANCEL or OPERATION_GET reply */
};

/* Connects with the global options: endpoints, TLS, the credentials (DPJOBS_IAM_TOKEN or
 * --iam-token-file, else --sa-key-file, else DPJOBS_OAUTH_TOKEN). want_json asks replies for JSON.
 * Returns CLI_CONTINUE or an exit status after printing the problem. */
int client_open(struct cli *cli, bool want_json);
void client_close(struct cli *cli);

void client_reply_init(struct client_reply *r);
/* Frees what the reply holds and reinitializes it, ready for the next call. */
void client_reply_done(struct client_reply *r);
/* Keeps what a result carries; true when the call succeeded. */
bool client_reply_record(struct client_reply *r, const struct rpc_result *res);
/* rpc_result_fn / rpc_free_fn for calls whose ctx is a struct client_reply. */
void client_reply_on_result(const struct rpc_result *res, void *ctx);
void client_reply_on_free(void *ctx);
/* Waits until no call is pending; true when r's call succeeded. */
bool client_wait(struct cli *cli, struct client_reply *r);
/* Prints the reply's one error line; returns CLI_EXIT_FAILURE. */
int client_fail(const struct client_reply *r);
/* UNAVAILABLE and DEADLINE_EXCEEDED: worth retrying after the rpc layer's own retries. */
bool client_is_transient(int code);
/* With --verbose, one note line on stderr. */
void client_note(const struct cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void client_sleep_ms(int ms);

/* ---- await.c ---- */

/* Exit status for a terminal job: 0 DONE, 3 ERROR, 4 CANCELLED. */
int await_exit_status(int status);
/* Polls the job until its status is terminal, then prints it (table or JSON) and returns
 * its exit status; 1 after printing the error. */
int await_job(struct cli *cli, const char *job_id);
/* Finishes Create or Cancel given the reply carrying the operation: without wait prints
 * the operation; with wait polls it until done, then awaits its job. */
int await_operation(struct cli *cli, struct client_reply *r, bool wait);

#endif
