/* A loopback stand-in for the VM metadata service: HTTP/1.1 GET of the IAM token, own thread. */
#ifndef DPJOBS_SIM_METADATA_H
#define DPJOBS_SIM_METADATA_H

#include <stdbool.h>

/* The one path served (wire-reference §8.4). */
#define METADATA_TOKEN_PATH "/computeMetadata/v1/instance/service-accounts/default/token"

struct metadata;

/*
 * Listens on addr (HOST:PORT, port 0 picks one) and answers, on a thread of its own:
 * GET METADATA_TOKEN_PATH with `Metadata-Flavor: Google` → 200 and
 * {"access_token", "expires_in", "token_type": "Bearer"}, the token issued by iam_issue (so
 * --require-auth accepts it and --token-ttl sets its life); without the header 403; other
 * paths 404, other methods 405. status (0: normal) makes the token path answer that code
 * instead. verbose: one stderr line per request (method, path, status; never the token).
 * Returns NULL with *err (malloc'd, one line).
 */
struct metadata *metadata_start(const char *addr, int status, bool verbose, char **err);
/* "127.0.0.1:40123": the address bound. */
const char *metadata_address(const struct metadata *m);
/* Stops the thread and frees; NULL is a no-op. */
void metadata_stop(struct metadata *m);

#endif
