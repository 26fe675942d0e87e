/* Opaque page tokens: a keyset position or a log byte offset, base64url with a checksum. */
#ifndef DPJOBS_SIM_TOKENS_H
#define DPJOBS_SIM_TOKENS_H

#include <stdbool.h>
#include <stdint.h>

/* Enough for every token we issue (they are about 45 characters, well under
 * the 100 a request may carry). */
#define TOKENS_LEN 101

enum tokens_kind {
	TOKENS_JOBS = 'J',     /* JobService.List: (created_at, id) of the last job sent */
	TOKENS_CLUSTERS = 'C', /* ClusterService.List: (created_at, id) of the last cluster */
	TOKENS_LOG = 'L',      /* JobService.ListLog: byte offset, bound to the job id */
};

/* A keyset position: created_at in ms and an id of at most 20 characters. */
void tokens_encode_pos(enum tokens_kind kind, int64_t ms, const char *id, char out[TOKENS_LEN]);
/* False on anything we did not issue (bad base64, kind, checksum, id). */
bool tokens_decode_pos(enum tokens_kind kind, const char *tok, int64_t *ms, char id[21]);

/* A log offset; the token only decodes for the same job. */
void tokens_encode_log(const char *job_id, uint64_t offset, char out[TOKENS_LEN]);
bool tokens_decode_log(const char *tok, const char *job_id, uint64_t *offset);

#endif
