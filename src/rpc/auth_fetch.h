/* Tokens got outside gRPC: a shell command's stdout and the VM metadata service. */
#ifndef DPJOBS_RPC_AUTH_FETCH_H
#define DPJOBS_RPC_AUTH_FETCH_H

#include <stdint.h>

/* The longest token (and metadata reply) accepted; real IAM tokens are a few hundred bytes. */
#define RPC_AUTH_FETCH_MAX (64 * 1024)
/* IAM tokens live at most 12 h: a longer (or absurd) lifetime from a source is cut to this. */
#define RPC_AUTH_MAX_LIFETIME_S (12 * 3600)
/* How long the token command may run before its process group is killed. */
#define RPC_AUTH_COMMAND_TIMEOUT_MS 30000

/*
 * Both functions block (they run on auth.c's own thread, never on the RPC thread or the
 * caller's) and return early, failing with "cancelled", once cancel_fd (-1: none) is
 * readable. Errors are one line and never contain a token; caller frees *err. The token
 * returned is the caller's: wipe it (explicit_bzero) and free it.
 */

/* Runs `/bin/sh -c command` with stdin from /dev/null, in its own process group, with no
 * other descriptor of ours; its stdout, trimmed, must be exactly one non-empty line of at most
 * RPC_AUTH_FETCH_MAX bytes. A non-zero exit quotes the first line of its stderr, sanitized.
 * After timeout_ms the process group is killed. */
char *rpc_auth_command_run(const char *command, int timeout_ms, int cancel_fd, char **err);

/* GET url (http or https only, no proxy, no redirect) with `Metadata-Flavor: Google`;
 * parses {"access_token", "expires_in", "token_type"}. *expires_in receives the remaining
 * lifetime in seconds. */
char *rpc_auth_metadata_get(const char *url, int cancel_fd, int64_t *expires_in, char **err);

#endif
