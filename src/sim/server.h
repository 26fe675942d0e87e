/* The gRPC core server: completion-queue loop, call dispatch by method, delayed replies. */
#ifndef DPJOBS_SIM_SERVER_H
#define DPJOBS_SIM_SERVER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#define SERVER_ERR_LEN 256
#define SERVER_ADDR_LEN 512

struct server_config {
	const char *listen;        /* HOST:PORT or unix:PATH */
	const char *require_token; /* NULL: no fixed token */
	bool require_auth;         /* tokens issued by IamTokenService.Create are needed */
	const char *tls_cert_pem;  /* PEM certificate chain; NULL: plaintext */
	const char *tls_key_pem;   /* its PEM private key, with tls_cert_pem */
	bool verbose;              /* one stderr line per call */
	/* Called after each loop iteration with tick_ctx and whether calls were
	 * handled (the owner persists state then). */
	void (*tick)(void *tick_ctx, bool busy);
	void *tick_ctx;
};

/* Binds and starts serving; actual receives the real address (port 0 resolved).
 * Needs grpc_init() done. False with a one-line message on error. */
bool server_start(const struct server_config *cfg, char actual[SERVER_ADDR_LEN],
                  char err[SERVER_ERR_LEN]);
/* Serves until *stop becomes true (checked at least every 100 ms); *stop may be set
 * from another thread or a signal handler. */
void server_run(const atomic_bool *stop);
/* Cancels the calls in flight, drains the queue and frees everything. */
void server_stop(void);

#endif
