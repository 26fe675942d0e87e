/* dpjobs-sim: command line, signals and clean exit around the simulator library (sim.h). */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <grpc/support/log.h>

#include "model/validate.h"
#include "sim/metadata.h"
#include "sim/sim.h"
#include "sim/worldgen.h"
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
	bool require_auth;
	const char *oauth_token;
	const char **sa_public_keys;
	size_t n_sa_public_keys;
	const char *make_sa_key;
	long token_ttl;
	const char *tls_cert;
	const char *tls_key;
	const char *dump_log;
	long big_log;
	double firehose;
	bool nasty_log;
	const char *ready_file;
	const char *start_time;
	const char *metadata_listen;
	long metadata_status;
	bool verbose;
};

static volatile sig_atomic_t main_stop;
static bool main_verbose;

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
	      "  --cluster-status CLUSTER=STATUS\n"
	      "                       report the cluster (id or name) as STOPPED, ERROR, ...\n"
	      "  --cluster-health CLUSTER=HEALTH\n"
	      "                       report the cluster (id or name) as DEGRADED, DEAD, ...\n"
	      "  --jobs N             initial jobs per cluster [20]\n"
	      "  --seed N             seed of everything random [1]\n"
	      "  --speed X            simulated durations pass X times faster [1]\n"
	      "  --arrivals N         new jobs per simulated hour [0]\n"
	      "  --state FILE         keep the world in this SQLite file across restarts\n"
	      "  --faults SPEC        inject faults: CODE=SHARE,...,latency=DUR\n"
	      "  --require-token TOK  accept only calls with 'authorization: Bearer TOK'\n"
	      "  --require-auth       refuse calls without a token issued by IamTokenService\n"
	      "                       (or the --require-token one)\n"
	      "  --oauth-token TOK    IamTokenService.Create accepts this OAuth token\n"
	      "  --sa-public-key KEY_ID[:SA_ID]=FILE\n"
	      "                       IamTokenService.Create accepts JWTs signed with the key\n"
	      "                       whose PEM public key is FILE (repeatable)\n"
	      "  --make-sa-key FILE   write a new service account key file (mode 0600) and\n"
	      "                       accept JWTs signed with it\n"
	      "  --token-ttl SECONDS  lifetime of the issued IAM tokens [43200]\n"
	      "  --tls-cert FILE      serve TLS with this PEM certificate chain\n"
	      "  --tls-key FILE       the PEM private key of --tls-cert\n"
	      "  --big-log MIB        add a DONE job 'big-log' whose log is exactly MIB MiB\n"
	      "  --firehose MIBPS     add a RUNNING job 'firehose' whose log grows MIBPS MiB/s\n"
	      "  --nasty-log          add a DONE job 'nasty-log' whose log has escapes, control\n"
	      "                       bytes, invalid UTF-8 and a line of 1 MiB\n"
	      "  --dump-log JOB_ID    with --state: print the job's stored log and exit\n"
	      "  --ready-file PATH    write the listening address to PATH when ready\n"
	      "  --start-time TIME    start the clock there (RFC 3339 or Unix seconds) [now]\n"
	      "  --metadata-listen ADDR\n"
	      "                       also play the VM metadata service over HTTP on HOST:PORT\n"
	      "                       (port 0 picks one): IAM tokens for GET of its token path\n"
	      "  --metadata-status CODE\n"
	      "                       the metadata token path answers this HTTP status instead\n"
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
		OPT_CLUSTER_STATUS,
		OPT_CLUSTER_HEALTH,
		OPT_JOBS,
		OPT_SEED,
		OPT_SPEED,
		OPT_ARRIVALS,
		OPT_STATE,
		OPT_FAULTS,
		OPT_TOKEN,
		OPT_REQUIRE_AUTH,
		OPT_OAUTH,
		OPT_SA_KEY,
		OPT_MAKE_KEY,
		OPT_TTL,
		OPT_TLS_CERT,
		OPT_TLS_KEY,
		OPT_DUMP,
		OPT_BIG,
		OPT_FIREHOSE,
		OPT_NASTY,
		OPT_READY,
		OPT_START,
		OPT_METADATA_LISTEN,
		OPT_METADATA_STATUS,
		OPT_VERBOSE,
		OPT_HELP,
		OPT_VERSION,
	};
	static const struct option longopts[] = {
	    {"listen", required_argument, NULL, OPT_LISTEN},
	    {"folder-id", required_argument, NULL, OPT_FOLDER},
	    {"clusters", required_argument, NULL, OPT_CLUSTERS},
	    {"cluster-status", required_argument, NULL, OPT_CLUSTER_STATUS},
	    {"cluster-health", required_argument, NULL, OPT_CLUSTER_HEALTH},
	    {"jobs", required_argument, NULL, OPT_JOBS},
	    {"seed", required_argument, NULL, OPT_SEED},
	    {"speed", required_argument, NULL, OPT_SPEED},
	    {"arrivals", required_argument, NULL, OPT_ARRIVALS},
	    {"state", required_argument, NULL, OPT_STATE},
	    {"faults", required_argument, NULL, OPT_FAULTS},
	    {"require-token", required_argument, NULL, OPT_TOKEN},
	    {"require-auth", no_argument, NULL, OPT_REQUIRE_AUTH},
	    {"oauth-token", required_argument, NULL, OPT_OAUTH},
	    {"sa-public-key", required_argument, NULL, OPT_SA_KEY},
	    {"make-sa-key", required_argument, NULL, OPT_MAKE_KEY},
	    {"token-ttl", required_argument, NULL, OPT_TTL},
	    {"tls-cert", required_argument, NULL, OPT_TLS_CERT},
	    {"tls-key", required_argument, NULL, OPT_TLS_KEY},
	    {"dump-log", required_argument, NULL, OPT_DUMP},
	    {"big-log", required_argument, NULL, OPT_BIG},
	    {"firehose", required_argument, NULL, OPT_FIREHOSE},
	    {"nasty-log", no_argument, NULL, OPT_NASTY},
	    {"ready-file", required_argument, NULL, OPT_READY},
	    {"start-time", required_argument, NULL, OPT_START},
	    {"metadata-listen", required_argument, NULL, OPT_METADATA_LISTEN},
	    {"metadata-status", required_argument, NULL, OPT_METADATA_STATUS},
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
		case OPT_CLUSTER_STATUS:
		case OPT_CLUSTER_HEALTH:
			if (!worldgen_cluster_state(optarg, c == OPT_CLUSTER_HEALTH, err))
				main_bad("%s", err);
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
		case OPT_REQUIRE_AUTH:
			o->require_auth = true;
			break;
		case OPT_OAUTH:
			if (!*optarg)
				main_bad("--oauth-token: empty token");
			o->oauth_token = optarg;
			break;
		case OPT_SA_KEY:
			o->sa_public_keys =
			    xrealloc(o->sa_public_keys,
			             (o->n_sa_public_keys + 1) * sizeof(*o->sa_public_keys));
			o->sa_public_keys[o->n_sa_public_keys++] = optarg;
			break;
		case OPT_MAKE_KEY:
			o->make_sa_key = optarg;
			break;
		case OPT_TTL:
			o->token_ttl = main_long("token-ttl", optarg, 1, 10L * 365 * 86400);
			break;
		case OPT_TLS_CERT:
			o->tls_cert = optarg;
			break;
		case OPT_TLS_KEY:
			o->tls_key = optarg;
			break;
		case OPT_DUMP:
			o->dump_log = optarg;
			break;
		case OPT_BIG:
			o->big_log = main_long("big-log", optarg, 0, 4096);
			break;
		case OPT_FIREHOSE:
			o->firehose = main_double("firehose", optarg, 0.001, 1024);
			break;
		case OPT_NASTY:
			o->nasty_log = true;
			break;
		case OPT_READY:
			o->ready_file = optarg;
			break;
		case OPT_START:
			o->start_time = optarg;
			break;
		case OPT_METADATA_LISTEN:
			o->metadata_listen = optarg;
			break;
		case OPT_METADATA_STATUS:
			o->metadata_status = main_long("metadata-status", optarg, 400, 599);
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
	if (!o->tls_cert != !o->tls_key)
		main_bad("--tls-cert and --tls-key go together");
	if (o->dump_log && !o->state)
		main_bad("--dump-log needs --state FILE");
	if (o->big_log && o->clusters == 0)
		main_bad("--big-log needs at least one cluster");
	if (o->firehose > 0 && o->clusters == 0)
		main_bad("--firehose needs at least one cluster");
	if (o->nasty_log && o->clusters == 0)
		main_bad("--nasty-log needs at least one cluster");
	if (o->metadata_status && !o->metadata_listen)
		main_bad("--metadata-status needs --metadata-listen ADDR");
}

static void
main_grpc_log(gpr_log_func_args *args)
{
	/* gRPC's own chatter stays off stdout (the listening line is the contract). */
	if (main_verbose)
		fprintf(stderr, "dpjobs-sim: grpc: %s\n", args->message);
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

static void
main_on_signal(int sig)
{
	(void)sig;
	main_stop = 1;
}

/* Fills the library's options from the command line's. */
static void
main_sim_options(const struct main_opts *o, struct sim_options *so)
{
	sim_options_init(so);
	so->listen = o->listen;
	so->folder_id = o->folder_id;
	so->clusters = o->clusters;
	so->jobs = o->jobs;
	so->seed = o->seed;
	so->speed = o->speed;
	so->arrivals = o->arrivals;
	so->state = o->state;
	so->faults = o->faults;
	so->require_token = o->require_token;
	so->require_auth = o->require_auth;
	so->oauth_token = o->oauth_token;
	so->sa_public_keys = o->sa_public_keys;
	so->n_sa_public_keys = o->n_sa_public_keys;
	so->make_sa_key = o->make_sa_key;
	so->token_ttl = o->token_ttl;
	so->tls_cert = o->tls_cert;
	so->tls_key = o->tls_key;
	so->big_log = o->big_log;
	so->firehose = o->firehose;
	so->nasty_log = o->nasty_log;
	so->start_time = o->start_time;
	so->verbose = o->verbose;
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
	struct sim_options so;
	struct sim *sim;
	struct metadata *metadata = NULL;
	char *err = NULL;
	struct timespec tick = {0, 100 * 1000 * 1000};
	struct sigaction sa;
	sigset_t stop_set;

	xalloc_progname = "dpjobs-sim";
	main_parse(argc, argv, &o);
	main_verbose = o.verbose;
	main_sim_options(&o, &so);
	if (!sim_options_check(&so, &err)) {
		fprintf(stderr, "dpjobs-sim: %s\n", err);
		free(err);
		free(o.sa_public_keys);
		return MAIN_EXIT_USAGE;
	}
	if (o.dump_log) {
		int rc = sim_dump_log(&so, o.dump_log, stdout, &err) ? 0 : 1;

		if (err)
			fprintf(stderr, "dpjobs-sim: %s\n", err);
		free(err);
		free(o.sa_public_keys);
		return rc;
	}

	/* SIGTERM and SIGINT: waited for below with sigtimedwait. Threads made before main
	 * (a sanitizer's) may not block them: the handler makes one caught there count too. */
	sigemptyset(&stop_set);
	sigaddset(&stop_set, SIGTERM);
	sigaddset(&stop_set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop_set, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = main_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	gpr_set_log_function(main_grpc_log);
	gpr_set_log_verbosity(GPR_LOG_SEVERITY_ERROR);
	sim = sim_start(&so, &err);
	if (!sim) {
		fprintf(stderr, "dpjobs-sim: %s\n", err);
		free(err);
		free(o.sa_public_keys);
		return 1;
	}
	printf("listening on %s\n", sim_address(sim));
	if (o.metadata_listen) {
		metadata =
		    metadata_start(o.metadata_listen, (int)o.metadata_status, o.verbose, &err);
		if (!metadata) {
			fprintf(stderr, "dpjobs-sim: %s\n", err);
			free(err);
			sim_stop(sim);
			free(o.sa_public_keys);
			return 1;
		}
		/* After the listening line, which stays the first: tests read it as a contract. */
		printf("metadata listening on %s\n", metadata_address(metadata));
	}
	fflush(stdout);
	if (o.ready_file && !main_write_ready(o.ready_file, sim_address(sim)))
		fprintf(stderr, "dpjobs-sim: --ready-file %s: %s\n", o.ready_file, strerror(errno));
	while (!main_stop && sigtimedwait(&stop_set, NULL, &tick) < 0)
		;
	metadata_stop(metadata);
	sim_stop(sim);
	free(o.sa_public_keys);
	return 0;
}
