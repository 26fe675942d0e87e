/* The log follow state machine over ListLog pages: token, byte offset, poll delays. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model/logfollow.h"
#include "util/xalloc.h"

void
logfollow_init(struct logfollow *lf)
{
	memset(lf, 0, sizeof(*lf));
	lf->token = xstrdup("");
}

void
logfollow_done(struct logfollow *lf)
{
	free(lf->token);
	memset(lf, 0, sizeof(*lf));
}

enum logfollow_next
logfollow_page(struct logfollow *lf, size_t content_len, const char *next_token)
{
	uint64_t overlap = lf->offset - lf->token_offset;
	uint64_t fresh = content_len > overlap ? content_len - overlap : 0;

	lf->offset += fresh;
	lf->error_streak = 0;
	if (fresh)
		lf->empty_polls = 0;
	else
		lf->empty_polls++;
	/* Keeping the old token (and where its page starts) lets a caller poll
	 * on when the job turns out to be still running; logfollow_overlap()
	 * then tells it how much of that page it already has. */
	if (!next_token || !*next_token)
		return LOGFOLLOW_END;
	free(lf->token);
	lf->token = xstrdup(next_token);
	lf->token_offset = lf->offset;
	return fresh ? LOGFOLLOW_MORE : LOGFOLLOW_WAIT;
}

size_t
logfollow_overlap(const struct logfollow *lf)
{
	return (size_t)(lf->offset - lf->token_offset);
}

int
logfollow_failed(struct logfollow *lf)
{
	int ms = LOGFOLLOW_MIN_DELAY_MS;

	lf->error_streak++;
	for (int i = 1; i < lf->error_streak && ms < LOGFOLLOW_MAX_DELAY_MS; i++)
		ms *= 2;
	return ms < LOGFOLLOW_MAX_DELAY_MS ? ms : LOGFOLLOW_MAX_DELAY_MS;
}

int
logfollow_delay_ms(const struct logfollow *lf)
{
	int ms = LOGFOLLOW_MIN_DELAY_MS;

	for (int i = 1; i < lf->empty_polls && ms < LOGFOLLOW_MAX_DELAY_MS; i++)
		ms += ms / 2;
	return ms < LOGFOLLOW_MAX_DELAY_MS ? ms : LOGFOLLOW_MAX_DELAY_MS;
}

const char *
logfollow_token(const struct logfollow *lf)
{
	return lf->token ? lf->token : "";
}
