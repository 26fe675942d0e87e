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
	const char *oauth_token;   /* DPJOBS_OAUTH_TOKEN */
	const char *token_command; /* --token-command or DPJOBS_TOKEN_COMMAND */
	const char *metadata_url;  /* DPJOBS_METADATA_URL (also turns the source on) */
	bool metadata;             /* --metadata: the VM metadata service */
	const char *base_domain;   /* --base-domain: api.DOMAIN hosts for the defaults */
	const char *config_file;   /* --config */
	const char *profile;       /* --profile or DPJOBS_PROFILE */
	const char *cluster_name;  /* --cluster-name: resolved to cluster_id by client_open() */
	bool need_cluster;         /* the command works on one cluster: resolve cluster_name */
	char *resolved_cluster_id; /* owned: what cluster_id points to after resolving */
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
	/* Bit i: options_global_opts[i] was on the command line (options_given()). */
	unsigned long long given;
	struct config *config; /* the configuration file's, once options are parsed (config.c) */
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
extern const struct cli_command cmd_config_command;

/* ---- options.c ---- */

/* Every command, in help order, NULL-terminated. */
extern const struct cli_command *const options_commands[];

void options_init(struct cli *cli);
/* Parses the global options before the command (argv[0] is the program). On return *cmd_index
 * is the index of the command name (argc if none). Returns CLI_CONTINUE or an exit status
 * (after printing help, the version or a usage error). */
int options_parse_global(struct cli *cli, int argc, char **argv, int *cmd_index);
/* Parses a command's arguments (argv[0] is the command name) with its options and the global
 * options, which may appear anywhere, then applies the configuration file (config_apply(),
 * below). on_opt gets each command option; it returns CLI_CONTINUE or an exit
 * status. Positional arguments are left, in order, in argv[*first ..
 * argc). Returns CLI_CONTINUE or an exit status (help printed: 0). */
int options_parse(struct cli *cli, const struct cli_command *cmd, int argc, char **argv,
                  int (*on_opt)(void *state, int id, const char *arg), void *state, int *first);
/* options_parse for a command that takes exactly one JOB_ID: also checks
 * the argument count, the cluster id and the job id. *job_id points into argv.
 * Returns CLI_CONTINUE or an exit status. */
int options_parse_job(struct cli *cli, const struct cli_command *cmd, int argc, char **argv,
                      int (*on_opt)(void *state, int id, const char *arg), void *state,
                      const char **job_id);
/* True when the global option --name was on the command line (not the environment). */
bool options_given(const struct cli *cli, const char *name);
/* Prints "dpjobs: <problem>" and the hint on stderr; returns CLI_EXIT_USAGE. */
int options_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "dpjobs: invalid argument: <message>"; returns CLI_EXIT_USAGE. */
int options_invalid_argument(const char *message);
/* Checks that there are min to max positional arguments in args[0 .. nargs). Returns
 * CLI_CONTINUE or CLI_EXIT_USAGE. */
int options_expect_args(const struct cli_command *cmd, char **args, int nargs, int min, int max);
/* The cluster id of the global options, validated, or a --cluster-name for client_open() to
 * resolve; CLI_CONTINUE or CLI_EXIT_USAGE. */
int options_need_cluster(struct cli *cli);
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
	bool permanent;              /* the failure would recur: a certificate, a name */
	json_t *json;                /* owned reference, when the client was opened for JSON */
	struct job *job;             /* taken from a RPC_JOB_GET reply */
	struct operation *operation; /* taken from a CREATE, CANCEL or OPERATION_GET reply */
};

/* Connects with the global options: endpoints (--base-domain for the defaults), TLS, the
 * credentials (DPJOBS_IAM_TOKEN or --iam-token-file, else --sa-key-file, else
 * DPJOBS_OAUTH_TOKEN, else --token-command, else the metadata service when asked for), then
 * resolves --cluster-name if the command needs a cluster. want_json asks replies for JSON.
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
/* UNAVAILABLE and DEADLINE_EXCEEDED, unless the failure would recur (an untrusted certificate,
 * a name that does not exist): worth retrying after the rpc layer's own retries. */
bool client_is_transient(const struct client_reply *r);
/* With --verbose, one note line on stderr. */
void client_note(const struct cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void client_sleep_ms(int ms);

/* ---- cluster_name.c ---- */

/* Sets cli->cluster_id from cli->cluster_name: ClusterService.List of cli->folder_id with the
 * filter name="NAME", as yc does. CLI_CONTINUE, or an exit status after printing why (no such
 * cluster, several, no folder, the call failed). */
int cluster_name_resolve(struct cli *cli);

/* ---- config.c: the configuration file's meaning (keys, profiles, precedence, sources) ---- */

struct app_config;
struct conffile;
struct conffile_rec;

/* One effective setting, as `dpjobs config show` prints it. */
struct config_setting {
	const char *name;
	char *value;  /* owned; "<set, hidden>" for a secret that is set */
	char *source; /* owned: "default", "FILE:LINE", "env VAR", "--flag" */
};

/* What the configuration file gave this run. */
struct config {
	char *path;             /* the file read or looked for; NULL when none applies */
	const char *path_by;    /* "--config", "env DPJOBS_CONFIG", "default" */
	bool found;             /* the file exists */
	struct conffile *file;  /* NULL when there is none */
	const char *profile;    /* the profile in use (borrowed); NULL: the global section only */
	const char *profile_by; /* "--profile", "env DPJOBS_PROFILE", "FILE:LINE" of profile = */
	char *profile_line;     /* owned storage for profile_by when it is FILE:LINE */
	/* The records of the global section, then of the profile, in file order:
	 * what the TUI applies (borrowed from file). */
	const struct conffile_rec **recs;
	size_t nrecs;
	char **warnings; /* "FILE:LINE: why", sanitized; owned */
	size_t nwarnings;
	char **strings; /* values made for struct cli (expanded paths); owned */
	size_t nstrings;
};

/* Reads the configuration file (--config FILE, else $DPJOBS_CONFIG, else
 * $XDG_CONFIG_HOME/dpjobs/config, else ~/.config/dpjobs/config), chooses
 * the profile (--profile, else DPJOBS_PROFILE, else the global `profile =`),
 * checks every line and fills the fields of cli that neither the command
 * line nor the environment gave: the profile's value, else the global
 * section's. The TUI's options (OPTION_INFO) are left to the TUI, which gets
 * the records (config_tui()). Runs once per process: later calls return
 * CLI_CONTINUE. Warnings go to stderr (one line each, "dpjobs: FILE:LINE:
 * why") unless cli->tui or quiet. Returns CLI_CONTINUE, or CLI_EXIT_USAGE
 * after printing why: a --config FILE that does not exist, a file that
 * cannot be read, an unknown profile named by --profile or DPJOBS_PROFILE. */
int config_apply(struct cli *cli, bool quiet);

/* The warnings on stderr, for when the TUI does not start after all. */
void config_print_warnings(const struct cli *cli);

/* The configuration of this run; NULL before config_apply(). */
const struct config *config_get(const struct cli *cli);

/* Hands the TUI its records and the first warning. cfg stays valid until
 * config_free(). */
void config_tui(const struct cli *cli, struct app_config *cfg);

/* Every effective setting, in the order of dpjobs-config(5): the TUI's
 * options, then the connection and credential keys, then `profile`. Secrets
 * are never in the values. Returns a new array of *n settings; caller frees
 * with config_settings_free(). */
struct config_setting *config_settings(const struct cli *cli, size_t *n);
void config_settings_free(struct config_setting *s, size_t n);

void config_free(struct cli *cli);

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
