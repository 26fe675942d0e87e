/* A driver log in memory: bytes in fixed-size blocks and an incremental index of line starts. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model/logbuf.h"
#include "util/xalloc.h"

/* Bytes live in blocks addressed by log offset (offset / LOGBUF_BLOCK), never
 * moved once written: a block is the unit the bounded-memory version will
 * write to its spill file and read back, and lines are located by offset
 * only, so the index does not care where a block currently lives. */
#define LOGBUF_BLOCK ((size_t)256 * 1024)

struct logbuf {
	char **blocks;
	size_t n_blocks;
	uint64_t bytes;
	/* starts[i] = offset of line i. A line ends at the next '\n'; the last
	 * one, without its '\n' yet, ends at `bytes`. */
	uint64_t *starts;
	size_t n_starts, cap_starts;
	/* A line that spans blocks is copied here to be returned whole. */
	char *scratch;
	size_t scratch_cap;
};

struct logbuf *
logbuf_new(void)
{
	return xcalloc(1, sizeof(struct logbuf));
}

void
logbuf_clear(struct logbuf *lb)
{
	for (size_t i = 0; i < lb->n_blocks; i++)
		free(lb->blocks[i]);
	free(lb->blocks);
	free(lb->starts);
	free(lb->scratch);
	memset(lb, 0, sizeof(*lb));
}

void
logbuf_free(struct logbuf *lb)
{
	if (!lb)
		return;
	logbuf_clear(lb);
	free(lb);
}

static void
logbuf_push_start(struct logbuf *lb, uint64_t off)
{
	if (lb->n_starts == lb->cap_starts) {
		lb->cap_starts = lb->cap_starts ? 2 * lb->cap_starts : 1024;
		lb->starts = xrealloc(lb->starts, lb->cap_starts * sizeof(*lb->starts));
	}
	lb->starts[lb->n_starts++] = off;
}

void
logbuf_append(struct logbuf *lb, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		size_t at = (size_t)(lb->bytes % LOGBUF_BLOCK), n = LOGBUF_BLOCK - at;
		const char *q, *end;
		char *dst;

		if (at == 0) {
			lb->blocks = xrealloc(lb->blocks, (lb->n_blocks + 1) * sizeof(*lb->blocks));
			lb->blocks[lb->n_blocks++] = xmalloc(LOGBUF_BLOCK);
		}
		if (n > len)
			n = len;
		dst = lb->blocks[lb->n_blocks - 1] + at;
		memcpy(dst, p, n);
		/* A line starts at the first byte and after every '\n': its start
		 * is recorded when its first byte arrives, so a chunk that ends
		 * right after a '\n' does not count an empty line. */
		if (lb->bytes == 0)
			logbuf_push_start(lb, 0);
		else if (at == 0 ? lb->blocks[lb->n_blocks - 2][LOGBUF_BLOCK - 1] == '\n'
		                 : dst[-1] == '\n')
			logbuf_push_start(lb, lb->bytes);
		end = dst + n;
		for (q = dst; (q = memchr(q, '\n', (size_t)(end - q))) != NULL; q++)
			if (q + 1 < end)
				logbuf_push_start(lb, lb->bytes + (uint64_t)(q + 1 - dst));
		lb->bytes += n;
		p += n;
		len -= n;
	}
}

uint64_t
logbuf_bytes(const struct logbuf *lb)
{
	return lb->bytes;
}

size_t
logbuf_lines(const struct logbuf *lb)
{
	return lb->n_starts;
}

const char *
logbuf_line(struct logbuf *lb, size_t i, size_t *len)
{
	uint64_t start, end;
	size_t first, last, n;

	if (i >= lb->n_starts) {
		*len = 0;
		return "";
	}
	start = lb->starts[i];
	end = i + 1 < lb->n_starts ? lb->starts[i + 1] - 1 : lb->bytes;
	/* The last line's '\n' may have arrived: it is not part of the line. */
	if (i + 1 == lb->n_starts && end > start &&
	    lb->blocks[(end - 1) / LOGBUF_BLOCK][(end - 1) % LOGBUF_BLOCK] == '\n')
		end--;
	n = (size_t)(end - start);
	first = (size_t)(start / LOGBUF_BLOCK);
	last = n ? (size_t)((end - 1) / LOGBUF_BLOCK) : first;
	if (first == last) {
		const char *s = lb->blocks[first] + start % LOGBUF_BLOCK;

		if (n && s[n - 1] == '\r')
			n--;
		*len = n;
		return s;
	}
	if (n + 1 > lb->scratch_cap) {
		lb->scratch_cap = n + 1;
		lb->scratch = xrealloc(lb->scratch, lb->scratch_cap);
	}
	for (size_t done = 0; done < n;) {
		uint64_t off = start + done;
		size_t at = (size_t)(off % LOGBUF_BLOCK), k = LOGBUF_BLOCK - at;

		if (k > n - done)
			k = n - done;
		memcpy(lb->scratch + done, lb->blocks[off / LOGBUF_BLOCK] + at, k);
		done += k;
	}
	if (lb->scratch[n - 1] == '\r')
		n--;
	lb->scratch[n] = '\0';
	*len = n;
	return lb->scratch;
}
