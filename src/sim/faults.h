/* Fault injection from --faults SPEC: error codes by share of calls, and reply latency. */
#ifndef DPJOBS_SIM_FAULTS_H
#define DPJOBS_SIM_FAULTS_H

#include <stdbool.h>
#include <stdint.h>

#define FAULTS_ERR_LEN 256

/* No faults (the state before any faults_parse). */
void faults_reset(void);
/* Parses "unavailable=0.2,latency=200ms,deadline=0.05" on top of the current faults
 * (faults_reset first for a fresh start). On error returns false with a one-line
 * message in err. */
bool faults_parse(const char *spec, uint64_t seed, char err[FAULTS_ERR_LEN]);
/* Decides the fate of one call: 0 for none, else the gRPC status code to fail with. */
int faults_pick(void);
/* Extra delay of every reply, in ms (0: none). */
int64_t faults_latency_ms(void);
/* "UNAVAILABLE" for 14, ...: for messages. */
const char *faults_code_name(int code);

#endif
