/* The TUI's entry point, as main.c sees it: free of curses and termkey. */
#ifndef DPJOBS_UI_APP_H
#define DPJOBS_UI_APP_H

#include <stdbool.h>
#include <stddef.h>

struct conffile_rec;
struct rpc_client;

/* What the command line gives the TUI. Strings are borrowed for the run.
 * Each field overrides the configuration file's option when it is given: a
 * string not NULL, a number not 0, a bool true (the command line can only
 * turn a bool on). */
struct app_config {
	struct rpc_client *client; /* connected; the TUI does not free it */
	const char *endpoint;      /* shown in the header; NULL = the default endpoint */
	const char *cluster_id;    /* NULL or "": folder_id opens the cluster picker */
	const char *folder_id;     /* for the picker and :cluster without an id */
	const char *theme;         /* NAME or PATH; NULL = the compiled-in theme */
	bool mouse;                /* click and wheel; off keeps terminal selection */
	double refresh_s;          /* job list refresh interval; 0 = 5 s */
	bool log_colors;           /* SGR colours in logs shown as colours */
	bool readonly;             /* never ask the server to change anything */
	size_t log_memory_mib;     /* budget of all logs; 0 = the file's or 64 */
	/* The configuration file's lines of the global section, then of the
	 * chosen profile (src/cli/config.c chose and checked them): `set` of
	 * OPTION_INFO options, `bind`, `color`. The fields above override them. */
	const struct conffile_rec *const *config;
	size_t config_n;
	const char *config_warning;  /* the first "FILE:LINE: why", shown at start; NULL none */
	size_t config_more;          /* how many warnings follow it */
	const char *message;         /* an error for the bottom line at start; NULL none */
	const char *profile;         /* the profile in use (in the header); NULL none */
	const char *const *profiles; /* the profiles the file defines, for :profile */
	size_t n_profiles;
};

/* Runs the full-screen browser until the user quits. Restores the terminal
 * on every exit path. Returns an exit status (0; 1 with a message on stderr
 * when the terminal or the theme cannot be used; 128+N after signal N).
 * *next_profile (caller frees) is the profile `:profile NAME` asked for, to
 * run again with it; NULL when the user quit. */
int app_run(const struct app_config *cfg, char **next_profile);

#endif
