/* The log follow protocol over ListLog paging (there is no streaming RPC):
 * which token to ask with next, how long to wait, when the log is complete.
 * Bytes are committed only when a page is accepted, so a retry with the same
 * token after an error or a reconnect loses no byte and doubles none. */
#ifndef DPJOBS_MODEL_LOGFOLLOW_H
#define DPJOBS_MODEL_LOGFOLLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LOGFOLLOW_MIN_DELAY_MS 1000
#define LOGFOLLOW_MAX_DELAY_MS 5000

enum logfollow_next {
	LOGFOLLOW_MORE, /* more content is likely: poll again at once */
	LOGFOLLOW_WAIT, /* at the current end: poll again after logfollow_delay_ms() */
	LOGFOLLOW_END,  /* next_page_token was empty: the log is complete if the job is terminal */
};

struct logfollow {
	char *token;           /* token for the next request; "" asks for the start */
	uint64_t offset;       /* bytes accepted so far */
	uint64_t token_offset; /* offset at which the page of `token` starts */
	int empty_polls;       /* consecutive pages without content */
	int error_streak;      /* consecutive failed requests, for retry backoff */
};

void logfollow_init(struct logfollow *lf);
void logfollow_done(struct logfollow *lf);
/* Accepts one ListLog page: content_len bytes (already delivered by the
 * caller) and its next_page_token. An empty next token keeps the previous
 * token, so that a caller who learns the job is still running can poll on.
 * content_len is the whole page as received: when logfollow_overlap() was
 * non-zero, the caller delivered only the bytes after the overlap. */
enum logfollow_next logfollow_page(struct logfollow *lf, size_t content_len,
                                   const char *next_token);
/* Bytes at the start of the next page that were already accepted: non-zero
 * only after LOGFOLLOW_END kept an old token and the caller polls on. Drop
 * them before delivering, so no byte is doubled. */
size_t logfollow_overlap(const struct logfollow *lf);
/* A request failed (transient): the token is unchanged; returns ms to wait:
 * 1 s, doubling with each consecutive failure, at most 5 s. */
int logfollow_failed(struct logfollow *lf);
/* Milliseconds to wait before the next poll after LOGFOLLOW_WAIT:
 * 1 s, growing by half each empty poll, at most 5 s. */
int logfollow_delay_ms(const struct logfollow *lf);
/* Borrowed token for the next request. */
const char *logfollow_token(const struct logfollow *lf);

#endif
