/* dpjobs --demo: starts src/sim in-process on a private unix socket and aims the options at it. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "cli/demo.h"
#include "sim/sim.h"
#include "util/xalloc.h"

/* A lively world: one cluster whose jobs move along (30 times faster than real time) and a
 * new job every two seconds or so. A fixed seed: the same demo every time. */
#define DEMO_JOBS 25
#define DEMO_SEED 1
#define DEMO_SPEED 30.0
#define DEMO_ARRIVALS 60.0 /* per simulated hour */
#define DEMO_SOCKET_NAME "sim.sock"
/* The folder of the demo cluster, as in dpjobs(1): `dpjobs --demo clusters` lists it. */
#define DEMO_FOLDER_ID "b1gdpjobsdemo0000001"

static struct sim *demo_sim;
static char *demo_dir;      /* private (0700) directory holding the socket */
static char *demo_socket;   /* its path */
static char *demo_endpoint; /* "unix:" and the path, as the simulator reports it */

/* Makes the private directory under base; false (errno set) when it cannot, or when the
 * socket path would not fit in a sockaddr_un. */
static bool
demo_make_dir(const char *base)
{
	struct sockaddr_un sun;
	char *tmpl;

	if (!base || base[0] != '/')
		return false;
	tmpl = xasprintf("%s/dpjobs-demo-%ld-XXXXXX", base, (long)getpid());
	if (strlen(tmpl) + 1 + strlen(DEMO_SOCKET_NAME) >= sizeof(sun.sun_path)) {
		free(tmpl);
		errno = ENAMETOOLONG;
		return false;
	}
	/* mkdtemp makes it 0700: only this user can reach the socket. */
	if (!mkdtemp(tmpl)) {
		free(tmpl);
		return false;
	}
	demo_dir = tmpl;
	demo_socket = xasprintf("%s/%s", demo_dir, DEMO_SOCKET_NAME);
	return true;
}

/* $XDG_RUNTIME_DIR, else $TMPDIR, else /tmp. */
static bool
demo_private_socket(void)
{
	const char *bases[] = {getenv("XDG_RUNTIME_DIR"), getenv("TMPDIR"), "/tmp"};

	for (size_t i = 0; i < sizeof(bases) / sizeof(bases[0]); i++)
		if (demo_make_dir(bases[i]))
			return true;
	return false;
}

static void
demo_cleanup(void)
{
	if (demo_socket && unlink(demo_socket) != 0 && errno != ENOENT)
		fprintf(stderr, "dpjobs: --demo: cannot remove %s: %s\n", demo_socket,
		        strerror(errno));
	if (demo_dir && rmdir(demo_dir) != 0 && errno != ENOENT)
		fprintf(stderr, "dpjobs: --demo: cannot remove %s: %s\n", demo_dir,
		        strerror(errno));
	free(demo_socket);
	free(demo_dir);
	free(demo_endpoint);
	demo_socket = NULL;
	demo_dir = NULL;
	demo_endpoint = NULL;
}

int
demo_start(struct cli *cli)
{
	struct sim_options o;
	char *listen, *err = NULL;

	if (demo_sim)
		return CLI_CONTINUE;
	if (!demo_private_socket()) {
		fprintf(stderr,
		        "dpjobs: --demo: cannot make a private directory for the socket: %s\n",
		        strerror(errno));
		return CLI_EXIT_FAILURE;
	}
	/* Before the simulator's and gRPC's threads exist: setenv is not thread-safe. The
	 * caller's real token is not for the demo; `clusters` finds the demo folder. */
	setenv("DPJOBS_FOLDER_ID", DEMO_FOLDER_ID, 1);
	listen = xasprintf("unix:%s", demo_socket);
	sim_options_init(&o);
	o.listen = listen;
	o.folder_id = DEMO_FOLDER_ID;
	o.clusters = 1;
	o.jobs = DEMO_JOBS;
	o.seed = DEMO_SEED;
	o.speed = DEMO_SPEED;
	o.arrivals = DEMO_ARRIVALS;
	demo_sim = sim_start(&o, &err);
	free(listen);
	if (!demo_sim) {
		fprintf(stderr, "dpjobs: --demo: %s\n", err ? err : "cannot start the simulator");
		free(err);
		demo_cleanup();
		return CLI_EXIT_FAILURE;
	}
	demo_endpoint = xstrdup(sim_address(demo_sim));
	/* Only the demo: never the endpoints, token or CA of the caller's real cloud. */
	cli->endpoint = demo_endpoint;
	cli->operation_endpoint = NULL;
	cli->plaintext = true;
	cli->ca_file = NULL;
	cli->iam_token_file = NULL;
	cli->sa_key_file = NULL;
	cli->iam_endpoint = NULL;
	/* The OAuth token comes from the environment: the demo never sends it anywhere. */
	unsetenv("DPJOBS_OAUTH_TOKEN");
	cli->cluster_id = sim_first_cluster_id(demo_sim);
	cli->folder_id = sim_folder_id(demo_sim);
	return CLI_CONTINUE;
}

void
demo_stop(void)
{
	if (!demo_sim)
		return;
	sim_stop(demo_sim);
	demo_sim = NULL;
	demo_cleanup();
}
