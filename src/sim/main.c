/* dpjobs-sim: command line, start-up order, signals and clean exit of the local Data Proc. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <grpc/grpc.h>
#include <grpc/support/log.h>

#include "model/validate.h"
#include "sim/faults.h"
#include "sim/lifecycle.h"
#include "sim/loggen.h"
#include "sim/server.h"
#include "sim/state.h"
#include "sim/store.h"
#include "sim/worldgen.h"
#include "util/timefmt.h"
#include "util/xalloc.h"

#define MAIN_EXIT_USAGE 2

struct main_opts {
	const char *listen;
	const char *folder_id;
	long clusters;
	long jobs;
	unsigned long long seed;
	double speed;
	double arrivals;
	const char *state;
	const char *faults;
	const char *require_token;
	const char *dump_log;
	long big_log;
	const char *ready_file;
	const char *start_time;
	bool verbose;
};

static volatile sig_atomic_t main_stop;
static bool main_verbose;
static int64_t main_last_flush_ms;

static void
main_usage(FILE *f)
{
	fputs("Usage: dpjobs-sim [OPTION]...\n"
	      "A local Yandex Cloud Data Proc (JobService, OperationService, ClusterService)\n"
	      "over gRPC, for demos, tests and benchmarks.\n"
	      "\n"
	      "  --listen ADDR        HOST:PORT (port 0 picks one) or unix:PATH [127.0.0.1:0]\n"
	      "  --folder-id ID       folder of the clusters [from the seed: b1g...]\n"
	      "  --clusters N         RUNNING clusters to create [1]\n"
	      "  --jobs N             initial jobs per cluster [20]\n"
	      "  --seed N             seed of everything random [1]\n"
	      "  --speed X            simulated durations pass X times faster [1]\n"
	      "  --arrivals N         new jobs per simulated hour [0]\n"
	      "  --state FILE         keep the world in this SQLite file across restarts\n"
	      "  --faults SPEC        inject faults: CODE=SHARE,...,latency=DUR\n"
	      "  --require-token TOK  accept only calls with 'authorization: Bearer TOK'\n"
	      "  --big-log MIB        add a DONE job 'big-log' whose log is exactly MIB MiB\n"
	      "  --dump-log JOB_ID    with --state: print the job's stored log and exit\n"
	      "  --ready-file PATH    write the listening address to PATH when ready\n"
	      "  --start-time TIME    start the clock there (RFC 3339 or Unix seconds) [now]\n"
	      "  --verbose            one line per call on stderr\n"
	      "  --help               show this help\n"
	      "  --version            show the version\n",
	      f);
}

static void __attribute__((format(printf, 1, 2), noreturn)) main_bad(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "dpjobs-sim: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(MAIN_EXIT_USAGE);
}

static long
main_long(const char *opt, const char *arg, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (end == arg || *end || errno || v < min || v > max)
		main_bad("--%s: expected a whole number from %ld to %ld, got \"%s\"", opt, min, max,
		         arg);
	return v;
}

static double
main_double(const char *opt, const char *arg, double min, double max)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (end == arg || *end || errno || !isfinite(v) || v < min || v > max)
		main_bad("--%s: expected a number from %g to %g, got \"%s\"", opt, min, max, arg);
	return v;
}

static void
main_parse(int argc, char **argv, struct main_opts *o)
{
	enum {
		OPT_LISTEN = 256,
		OPT_FOLDER,
		OPT_CLUSTERS,
		OPT_JOBS,
		OPT_SEED,
		OPT_SPEED,
		OPT_ARRIVALS,
		OPT_STATE,
		OPT_FAULTS,
		OPT_TOKEN,
		OPT_DUMP,
		OPT_BIG,
		OPT_READY,
		OPT_START,
		OPT_VERBOSE,
		OPT_HELP,
		OPT_VERSION,
	};
	static const struct option longopts[] = {
	    {"listen", required_argument, NULL, OPT_LISTEN},
	    {"folder-id", required_argument, NULL, OPT_FOLDER},
	    {"clusters", required_argument, NULL, OPT_CLUSTERS},
	    {"jobs", required_argument, NULL, OPT_JOBS},
	    {"seed", required_argument, NULL, OPT_SEED},
	    {"speed", required_argument, NULL, OPT_SPEED},
	    {"arrivals", required_argument, NULL, OPT_ARRIVALS},
	    {"state", required_argument, NULL, OPT_STATE},
	    {"faults", required_argument, NULL, OPT_FAULTS},
	    {"require-token", required_argument, NULL, OPT_TOKEN},
	    {"dump-log", required_argument, NULL, OPT_DUMP},
	    {"big-log", required_argument, NULL, OPT_BIG},
	    {"ready-file", required_argument, NULL, OPT_READY},
	    {"start-time", required_argument, NULL, OPT_START},
	    {"verbose", no_argument, NULL, OPT_VERBOSE},
	    {"help", no_argument, NULL, OPT_HELP},
	    {"version", no_argument, NULL, OPT_VERSION},
	    {NULL, 0, NULL, 0},
	};
	char err[VALIDATE_ERR_LEN];
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_LISTEN:
			o->listen = optarg;
			break;
		case OPT_FOLDER:
			if (!validate_id("--folder-id", optarg, err))
				main_bad("%s", err);
			o->folder_id = optarg;
			break;
		case OPT_CLUSTERS:
			o->clusters = main_long("clusters", optarg, 0, 1000);
			break;
		case OPT_JOBS:
			o->jobs = main_long("jobs", optarg, 0, 1000000);
			break;
		case OPT_SEED:
			o->seed = (unsigned long long)main_long("seed", optarg, 0, LONG_MAX);
			break;
		case OPT_SPEED:
			o->speed = main_double("speed", optarg, 1e-3, 1e6);
			break;
		case OPT_ARRIVALS:
			o->arrivals = main_double("arrivals", optarg, 0, 1e6);
			break;
		case OPT_STATE:
			o->state = optarg;
			break;
		case OPT_FAULTS:
			o->faults = optarg;
			break;
		case OPT_TOKEN:
			if (!*optarg)
				main_bad("--require-token: empty token");
			o->require_token = optarg;
			break;
		case OPT_DUMP:
			o->dump_log = optarg;
			break;
		case OPT_BIG:
			o->big_log = main_long("big-log", optarg, 0, 4096);
			break;
		case OPT_READY:
			o->ready_file = optarg;
			break;
		case OPT_START:
			o->start_time = optarg;
			break;
		case OPT_VERBOSE:
			o->verbose = true;
			break;
		case OPT_HELP:
			main_usage(stdout);
			exit(0);
		case OPT_VERSION:
			printf("dpjobs-sim (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
			exit(0);
		default:
			if (optopt >= OPT_LISTEN)
				main_bad("%s: missing argument (see --help)", argv[optind - 1]);
			main_bad("unknown option %s (see --help)", argv[optind - 1]);
		}
	}
	if (optind < argc)
		main_bad("unexpected argument \"%s\" (see --help)", argv[optind]);
	if (o->dump_log && !o->state)
		main_bad("--dump-log needs --state FILE");
	if (o->big_log && o->clusters == 0)
		main_bad("--big-log needs at least one cluster");
}

/* Where the clock starts: wall_ms (real time) unless --start-time (or
 * DPJOBS_NOW) moves its origin; it then advances at the real rate. */
static int64_t
main_start_ms(const char *arg, int64_t wall_ms)
{
	struct timestamp ts;
	char *end;
	long long v;

	if (!arg && getenv("DPJOBS_NOW")) {
		ts = timefmt_now();
		return ts.sec * 1000 + ts.nsec / 1000000;
	}
	if (!arg)
		return wall_ms;
	errno = 0;
	v = strtoll(arg, &end, 10);
	if (end != arg && !*end && !errno && v > 0 && v < INT64_MAX / 1000)
		return v * 1000;
	if (!timefmt_parse_rfc3339(arg, &ts))
		main_bad("--start-time: expected RFC 3339 or Unix seconds, got \"%s\"", arg);
	return ts.sec * 1000 + ts.nsec / 1000000;
}

static void
main_grpc_log(gpr_log_func_args *args)
{
	/* gRPC's own chatter stays off stdout (the listening line is the contract). */
	if (main_verbose)
		fprintf(stderr, "dpjobs-sim: grpc: %s\n", args->message);
}

static void
main_on_signal(int sig)
{
	(void)sig;
	main_stop = 1;
}

static void
main_flush(void)
{
	uint64_t arr_rng;
	int64_t next;

	lifecycle_arrivals_state(&arr_rng, &next);
	state_flush(lifecycle_clock_offset(), lifecycle_now(), arr_rng, next);
	store_touched_clear();
}

static int64_t
main_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
main_tick(bool busy)
{
	int64_t now = main_mono_ms();

	size_t nj, no;

	store_touched_jobs(&nj);
	store_touched_ops(&no);
	/* Changes go to the state file at once; the clock alone once a second. */
	if (!(busy && (nj || no)) && now - main_last_flush_ms < 1000)
		return;
	main_last_flush_ms = now;
	lifecycle_advance(lifecycle_now());
	main_flush();
}

static bool
main_write_ready(const char *path, const char *addr)
{
	char *tmp = xasprintf("%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	bool ok = f && fprintf(f, "%s\n", addr) > 0;

	if (f && fclose(f) != 0)
		ok = false;
	if (ok && rename(tmp, path) != 0)
		ok = false;
	if (!ok)
		unlink(tmp);
	free(tmp);
	return ok;
}

static struct sim_job *
main_find_named(const struct sim_cluster *c, const char *name)
{
	for (size_t i = 0; i < c->n_jobs; i++)
		if (strcmp(c->jobs[i]->name, name) == 0)
			return c->jobs[i];
	return NULL;
}

/* Makes or loads the world and starts the clock. */
static void
main_world(const struct main_opts *o)
{
	char err[STATE_ERR_LEN], folder[21];
	uint64_t arr_rng = 0;
	int64_t next_arrival = 0, now, offset;

	if (o->state && !state_open(o->state, err)) {
		fprintf(stderr, "dpjobs-sim: %s\n", err);
		exit(1);
	}
	if (o->dump_log && !state_has_world()) {
		fprintf(stderr, "dpjobs-sim: %s holds no simulated world\n", o->state);
		exit(1);
	}
	if (state_has_world()) {
		char *saved_folder = NULL;
		uint64_t saved_seed = 0;

		if (!state_world_identity(&saved_folder, &saved_seed)) {
			fprintf(stderr, "dpjobs-sim: %s: not a dpjobs-sim state file\n", o->state);
			exit(1);
		}
		store_init(saved_folder, saved_seed);
		free(saved_folder);
		worldgen_users();
		if (!state_load(&offset, &now, &arr_rng, &next_arrival, err)) {
			fprintf(stderr, "dpjobs-sim: %s\n", err);
			exit(1);
		}
		/* The clock kept running while we were stopped: jobs due to end
		 * meanwhile have ended. Schedules are absolute times, already
		 * compressed by the speed they were made at. */
		lifecycle_clock_start(offset, now, o->speed);
	} else {
		worldgen_folder_id(o->seed, folder);
		store_init(o->folder_id ? o->folder_id : folder, o->seed);
		worldgen_users();
		/* The world is made as of the very start, so a --start-time
		 * gives the same times on every run. */
		offset = lifecycle_wall_ms();
		now = main_start_ms(o->start_time, offset);
		offset = now - offset;
		lifecycle_clock_start(offset, now, o->speed);
		worldgen_world((int)o->clusters, (int)o->jobs, now);
		arr_rng = rng_mix(o->seed, 0xa441);
		state_save_world(offset, now);
	}
	if (o->big_log && store_world.n_clusters &&
	    !main_find_named(store_world.clusters[0], "big-log")) {
		struct sim_job *j = worldgen_big_log((uint32_t)o->big_log, lifecycle_now());

		loggen_big(j);
		store_touch_job(j);
	}
	lifecycle_arrivals_start(o->arrivals, arr_rng, next_arrival);
	main_flush();
}

static int
main_dump_log(const char *job_id)
{
	struct sim_job *j = store_find_job(job_id);
	size_t off = 0;

	if (!j) {
		fprintf(stderr, "dpjobs-sim: job \"%s\" not found in the state file\n", job_id);
		return 1;
	}
	state_log_load(j);
	/* A finished job's log is fixed: complete it, so it matches what any
	 * client reading to the end receives. Running jobs print what was served. */
	if (job_status_is_terminal(lifecycle_status(j, lifecycle_now())))
		loggen_advance(j, lifecycle_now());
	while (off < j->log.len) {
		size_t n = fwrite(j->log.buf + off, 1, j->log.len - off, stdout);

		if (n == 0)
			break;
		off += n;
	}
	return fflush(stdout) == 0 && off == j->log.len ? 0 : 1;
}

int
main(int argc, char **argv)
{
	struct main_opts o = {
	    .listen = "127.0.0.1:0",
	    .clusters = 1,
	    .jobs = 20,
	    .seed = 1,
	    .speed = 1.0,
	};
	struct server_config cfg = {0};
	char err[SERVER_ERR_LEN], ferr[FAULTS_ERR_LEN], addr[SERVER_ADDR_LEN];
	struct sigaction sa;
	int rc = 0;

	xalloc_progname = "dpjobs-sim";
	main_parse(argc, argv, &o);
	main_verbose = o.verbose;
	if (o.faults && !faults_parse(o.faults, o.seed, ferr)) {
		fprintf(stderr, "dpjobs-sim: %s\n", ferr);
		return MAIN_EXIT_USAGE;
	}
	if (o.dump_log) {
		o.big_log = 0;
		o.arrivals = 0;
		main_world(&o);
		rc = main_dump_log(o.dump_log);
		state_close();
		store_done();
		return rc;
	}
	main_world(&o);
	if (o.verbose)
		for (size_t i = 0; i < store_world.n_clusters; i++)
			fprintf(stderr, "dpjobs-sim: folder %s cluster %s (%s), %zu jobs\n",
			        store_world.folder_id, store_world.clusters[i]->id,
			        store_world.clusters[i]->name, store_world.clusters[i]->n_jobs);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = main_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	gpr_set_log_function(main_grpc_log);
	gpr_set_log_verbosity(GPR_LOG_SEVERITY_ERROR);
	grpc_init();
	cfg.listen = o.listen;
	cfg.require_token = o.require_token;
	cfg.verbose = o.verbose;
	cfg.tick = main_tick;
	if (!server_start(&cfg, addr, err)) {
		fprintf(stderr, "dpjobs-sim: %s\n", err);
		rc = 1;
		goto out;
	}
	printf("listening on %s\n", addr);
	fflush(stdout);
	if (o.ready_file && !main_write_ready(o.ready_file, addr))
		fprintf(stderr, "dpjobs-sim: --ready-file %s: %s\n", o.ready_file, strerror(errno));
	main_last_flush_ms = main_mono_ms();
	server_run(&main_stop);
	server_stop();
out:
	grpc_shutdown();
	main_flush();
	state_close();
	store_done();
	return rc;
}
