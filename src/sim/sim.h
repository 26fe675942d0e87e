/* The embeddable simulator (libdpsim.a): a local Data Proc served on its own thread. */
#ifndef DPJOBS_SIM_SIM_H
#define DPJOBS_SIM_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * One simulator per process: the world, its clock and the fault injection are the
 * library's own state, so sim_start() refuses a second one while the first runs (a new
 * one may start after sim_stop()). The library installs no signal handler and never
 * touches gRPC's log function or verbosity: those belong to the program (dpjobs-sim's
 * main, or the TUI). Its thread blocks every signal. Errors of the state file
 * (--state) other than opening and loading it are fatal (exit 1), as in dpjobs-sim.
 */

/* What the dpjobs-sim command line fills; strings are borrowed until sim_start returns. */
struct sim_options {
	const char *listen;        /* HOST:PORT (port 0 picks one) or unix:PATH */
	const char *folder_id;     /* NULL: made from the seed ("b1g...") */
	long clusters;             /* RUNNING clusters to create */
	long jobs;                 /* initial jobs per cluster */
	unsigned long long seed;   /* of everything random */
	double speed;              /* simulated durations pass this many times faster */
	double arrivals;           /* new jobs per simulated hour */
	const char *state;         /* SQLite file keeping the world; NULL: in memory */
	const char *faults;        /* CODE=SHARE,...,latency=DUR; NULL: none */
	const char *require_token; /* accept only 'authorization: Bearer TOKEN'; NULL: any */
	bool require_auth;         /* all but IamTokenService.Create need an issued token */
	const char *oauth_token;   /* the yandex_passport_oauth_token accepted; NULL: none */
	const char *const *sa_public_keys; /* KEY_ID[:SA_ID]=FILE, FILE a PEM public key */
	size_t n_sa_public_keys;
	const char *make_sa_key; /* write a new authorized key file there and accept it */
	long token_ttl;          /* seconds an issued token lives; 0: 12 hours */
	const char *tls_cert;    /* PEM certificate chain: serve TLS; NULL: plaintext */
	const char *tls_key;     /* PEM private key of tls_cert */
	long big_log;            /* MiB of the DONE job 'big-log'; 0: none */
	double firehose;         /* MiB/s of wall time of the RUNNING job 'firehose'; 0: none */
	bool nasty_log;          /* the DONE job 'nasty-log' (escapes, 1 MiB line) */
	const char *start_time;  /* RFC 3339 or Unix seconds; NULL: now (or DPJOBS_NOW) */
	bool verbose;            /* one stderr line per call */
};

struct sim;

/* The defaults of dpjobs-sim: 127.0.0.1:0, 1 cluster, 20 jobs, seed 1, speed 1. */
void sim_options_init(struct sim_options *o);
/* Checks what sim_start would refuse as a usage error (--faults, --start-time) before
 * anything starts. False with *err (malloc'd, one line, no program name). Call it while no
 * simulator runs. */
bool sim_options_check(const struct sim_options *o, char **err);
/* Makes or loads the world, binds and serves on a new thread; returns once listening. NULL
 * with *err (malloc'd, one line) on failure. */
struct sim *sim_start(const struct sim_options *o, char **err);
/* The real listening address (port 0 resolved), e.g. "127.0.0.1:40123" or "unix:/p". */
const char *sim_address(const struct sim *s);
/* The folder of the simulated clusters. */
const char *sim_folder_id(const struct sim *s);
/* The id of the first cluster, NULL when the world has none. */
const char *sim_first_cluster_id(const struct sim *s);
/* Stops serving (calls in flight are cancelled), joins the thread, saves the state file
 * and frees everything. NULL is a no-op. */
void sim_stop(struct sim *s);

/* dpjobs-sim --dump-log: writes the stored log of job_id in o->state to out. False with
 * *err (malloc'd; NULL after a write error on out). Needs no simulator running. */
bool sim_dump_log(const struct sim_options *o, const char *job_id, FILE *out, char **err);

#endif
