/* dpjobs --demo: an in-process simulator on a private unix socket, and the options aimed at it. */
#ifndef DPJOBS_CLI_DEMO_H
#define DPJOBS_CLI_DEMO_H

#include "cli/cli.h"

/* Starts the demo simulator (src/sim) on its own thread and points cli at it: endpoint,
 * plaintext, its cluster and folder; no IAM token, TLS file or other endpoint is kept.
 * Returns CLI_CONTINUE, or CLI_EXIT_FAILURE after printing the problem. */
int demo_start(struct cli *cli);
/* Stops the simulator and removes its socket and directory; call it after client_close().
 * A no-op when no demo runs. */
void demo_stop(void);

#endif
