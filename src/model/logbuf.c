/* A driver log in bounded memory: blocks cached LRU over one spill file, and a sparse line index.
 */
/* mkostemp(), O_TMPFILE. */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/logbuf.h"
#include "util/xalloc.h"

/* A block in memory. Blocks are never moved or rewritten once full, so a
 * block spilled once keeps its copy in the file: evicting it again later
 * only frees memory. */
struct logbuf_blk {
	struct logbuf *lb;
	size_t idx;
	char *data;
	struct logbuf_blk *prev, *next; /* process-wide LRU, head most recent */
};

struct logbuf_slot {
	struct logbuf_blk *res; /* NULL when only in the spill file */
	int64_t spill;          /* offset of its copy in the spill file, or -1 */
};

/* Line `line` starts at byte `off`. */
struct logbuf_mark {
	uint64_t line;
	uint64_t off;
};

struct logbuf {
	struct logbuf_slot *slots;
	size_t n_slots, cap_slots;
	uint64_t bytes;
	uint64_t n_nl; /* '\n' bytes so far */
	char last;     /* the last byte appended */
	/* marks[0] is line 0 at offset 0; the line of a mark may not have
	 * started yet (its offset is then `bytes`). */
	struct logbuf_mark *marks;
	size_t n_marks, cap_marks;
	/* The last line start found, so that drawing consecutive lines scans
	 * only the lines in between. */
	uint64_t cur_line, cur_off;
	size_t pin; /* block of the last line returned; SIZE_MAX for none */
	char *scratch;
	size_t scratch_cap;
};

static struct {
	size_t budget;
	size_t resident;
	size_t blocks; /* of all logs, resident or not */
	struct logbuf_blk *head, *tail;
	int fd;
	bool tried, failed;
	uint64_t file_end;
	int64_t *free_spill;
	size_t n_free, cap_free;
	uint64_t writes, reads;
} logbuf_g = {.budget = LOGBUF_DEFAULT_BUDGET, .fd = -1};

/* One file for every log, so the number of open descriptors does not grow
 * with the number of logs viewed. Unlinked at once: it disappears with the
 * process whatever way it ends. */
static bool
logbuf_spill_open(void)
{
	const char *dir;
	char *path;
	size_t n;

	if (logbuf_g.fd >= 0)
		return true;
	if (logbuf_g.tried)
		return false;
	logbuf_g.tried = true;
	dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
#ifdef O_TMPFILE
	logbuf_g.fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (logbuf_g.fd >= 0)
		return true;
#endif
	n = strlen(dir) + sizeof("/dpjobs-log-XXXXXX");
	path = xmalloc(n);
	strcpy(path, dir);
	strcat(path, "/dpjobs-log-XXXXXX");
	logbuf_g.fd = mkostemp(path, O_CLOEXEC);
	if (logbuf_g.fd >= 0)
		unlink(path);
	free(path);
	if (logbuf_g.fd < 0)
		logbuf_g.failed = true;
	return logbuf_g.fd >= 0;
}

static bool
logbuf_pwrite_all(int fd, const char *p, size_t n, uint64_t off)
{
	while (n) {
		ssize_t w = pwrite(fd, p, n, (off_t)off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
		off += (uint64_t)w;
	}
	return true;
}

static bool
logbuf_pread_all(int fd, char *p, size_t n, uint64_t off)
{
	while (n) {
		ssize_t r = pread(fd, p, n, (off_t)off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO;
			return false;
		}
		p += r;
		n -= (size_t)r;
		off += (uint64_t)r;
	}
	return true;
}

static void
logbuf_lru_unlink(struct logbuf_blk *b)
{
	if (b->prev)
		b->prev->next = b->next;
	else
		logbuf_g.head = b->next;
	if (b->next)
		b->next->prev = b->prev;
	else
		logbuf_g.tail = b->prev;
	b->prev = b->next = NULL;
}

static void
logbuf_lru_push(struct logbuf_blk *b)
{
	b->prev = NULL;
	b->next = logbuf_g.head;
	if (logbuf_g.head)
		logbuf_g.head->prev = b;
	logbuf_g.head = b;
	if (!logbuf_g.tail)
		logbuf_g.tail = b;
}

static size_t
logbuf_max_blocks(void)
{
	size_t n = logbuf_g.budget / LOGBUF_BLOCK;

	return n ? n : 1;
}

/* The block being appended to and the block of the line last returned stay
 * in memory: the first is still being written, the second is borrowed. */
static bool
logbuf_pinned(const struct logbuf_blk *b)
{
	return b->idx + 1 == b->lb->n_slots || b->idx == b->lb->pin;
}

/* Evicts least recently used blocks until at most `max` are resident.
 * Returns the memory of one evicted block when `want_buf`, for the caller
 * to reuse instead of freeing and allocating 256 KiB again. */
static char *
logbuf_evict(size_t max, bool want_buf)
{
	struct logbuf_blk *b = logbuf_g.tail;
	char *keep = NULL;

	while (b && logbuf_g.resident > max) {
		struct logbuf_blk *prev = b->prev;
		struct logbuf_slot *slot = &b->lb->slots[b->idx];

		if (logbuf_pinned(b)) {
			b = prev;
			continue;
		}
		if (slot->spill < 0) {
			int64_t at;

			if (!logbuf_spill_open())
				return keep;
			if (logbuf_g.n_free)
				at = logbuf_g.free_spill[--logbuf_g.n_free];
			else
				at = (int64_t)logbuf_g.file_end;
			if (!logbuf_pwrite_all(logbuf_g.fd, b->data, LOGBUF_BLOCK, (uint64_t)at)) {
				/* A full disk: keep the rest in memory rather
				 * than lose bytes. */
				if ((uint64_t)at != logbuf_g.file_end)
					logbuf_g.free_spill[logbuf_g.n_free++] = at;
				logbuf_g.failed = true;
				return keep;
			}
			if ((uint64_t)at == logbuf_g.file_end)
				logbuf_g.file_end += LOGBUF_BLOCK;
			slot->spill = at;
			logbuf_g.writes++;
		}
		logbuf_lru_unlink(b);
		slot->res = NULL;
		logbuf_g.resident--;
		if (want_buf && !keep)
			keep = b->data;
		else
			free(b->data);
		free(b);
		b = prev;
	}
	return keep;
}

static void
logbuf_make_resident(struct logbuf *lb, size_t idx, char *data)
{
	struct logbuf_blk *b = xcalloc(1, sizeof(*b));

	b->lb = lb;
	b->idx = idx;
	b->data = data;
	lb->slots[idx].res = b;
	logbuf_lru_push(b);
	logbuf_g.resident++;
}

/* Block idx in memory, most recently used. Reading back may evict others. */
static char *
logbuf_block(struct logbuf *lb, size_t idx)
{
	struct logbuf_slot *slot = &lb->slots[idx];
	char *data;

	if (slot->res) {
		if (logbuf_g.head != slot->res) {
			logbuf_lru_unlink(slot->res);
			logbuf_lru_push(slot->res);
		}
		return slot->res->data;
	}
	data = logbuf_evict(logbuf_max_blocks() - 1, true);
	if (!data)
		data = xmalloc(LOGBUF_BLOCK);
	if (!logbuf_pread_all(logbuf_g.fd, data, LOGBUF_BLOCK, (uint64_t)slot->spill))
		die("cannot read the log spill file: %s", strerror(errno));
	logbuf_g.reads++;
	logbuf_make_resident(lb, idx, data);
	return data;
}

void
logbuf_set_memory_budget(size_t bytes)
{
	logbuf_g.budget = bytes;
	logbuf_evict(logbuf_max_blocks(), false);
}

size_t
logbuf_memory_budget(void)
{
	return logbuf_g.budget;
}

void
logbuf_get_stats(struct logbuf_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->budget = logbuf_g.budget;
	st->resident_blocks = logbuf_g.resident;
	st->spill_writes = logbuf_g.writes;
	st->spill_reads = logbuf_g.reads;
	st->spill_file_bytes = logbuf_g.file_end;
	st->spill_failed = logbuf_g.failed;
	st->spilled_blocks = logbuf_g.blocks - logbuf_g.resident;
}

static void
logbuf_push_mark(struct logbuf *lb, uint64_t line, uint64_t off)
{
	if (lb->n_marks == lb->cap_marks) {
		lb->cap_marks = lb->cap_marks ? 2 * lb->cap_marks : 64;
		lb->marks = xrealloc(lb->marks, lb->cap_marks * sizeof(*lb->marks));
	}
	lb->marks[lb->n_marks].line = line;
	lb->marks[lb->n_marks].off = off;
	lb->n_marks++;
}

static void
logbuf_init(struct logbuf *lb)
{
	memset(lb, 0, sizeof(*lb));
	lb->pin = SIZE_MAX;
	logbuf_push_mark(lb, 0, 0);
}

struct logbuf *
logbuf_new(void)
{
	struct logbuf *lb = xmalloc(sizeof(*lb));

	logbuf_init(lb);
	return lb;
}

void
logbuf_clear(struct logbuf *lb)
{
	for (size_t i = 0; i < lb->n_slots; i++) {
		struct logbuf_slot *slot = &lb->slots[i];

		if (slot->res) {
			logbuf_lru_unlink(slot->res);
			free(slot->res->data);
			free(slot->res);
			logbuf_g.resident--;
		}
		if (slot->spill >= 0) {
			if (logbuf_g.n_free == logbuf_g.cap_free) {
				logbuf_g.cap_free = logbuf_g.cap_free ? 2 * logbuf_g.cap_free : 64;
				logbuf_g.free_spill =
				    xrealloc(logbuf_g.free_spill,
				             logbuf_g.cap_free * sizeof(*logbuf_g.free_spill));
			}
			logbuf_g.free_spill[logbuf_g.n_free++] = slot->spill;
		}
	}
	logbuf_g.blocks -= lb->n_slots;
	free(lb->slots);
	free(lb->marks);
	free(lb->scratch);
	logbuf_init(lb);
}

void
logbuf_free(struct logbuf *lb)
{
	if (!lb)
		return;
	logbuf_clear(lb);
	free(lb->marks);
	free(lb);
}

static void
logbuf_add_block(struct logbuf *lb)
{
	char *data;

	if (lb->n_slots == lb->cap_slots) {
		lb->cap_slots = lb->cap_slots ? 2 * lb->cap_slots : 16;
		lb->slots = xrealloc(lb->slots, lb->cap_slots * sizeof(*lb->slots));
	}
	lb->slots[lb->n_slots].res = NULL;
	lb->slots[lb->n_slots].spill = -1;
	lb->n_slots++;
	logbuf_g.blocks++;
	/* The new block is pinned as the tail: the previous tail becomes
	 * evictable now. */
	data = logbuf_evict(logbuf_max_blocks() - 1, true);
	if (!data)
		data = xmalloc(LOGBUF_BLOCK);
	logbuf_make_resident(lb, lb->n_slots - 1, data);
}

void
logbuf_append(struct logbuf *lb, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		size_t at = (size_t)(lb->bytes % LOGBUF_BLOCK), n = LOGBUF_BLOCK - at;
		const char *q, *end;
		char *dst;

		if (at == 0)
			logbuf_add_block(lb);
		if (n > len)
			n = len;
		dst = lb->slots[lb->n_slots - 1].res->data + at;
		memcpy(dst, p, n);
		end = dst + n;
		for (q = dst; (q = memchr(q, '\n', (size_t)(end - q))) != NULL; q++) {
			uint64_t start = lb->bytes + (uint64_t)(q + 1 - dst);
			const struct logbuf_mark *m = &lb->marks[lb->n_marks - 1];

			lb->n_nl++;
			if (lb->n_nl - m->line >= LOGBUF_MARK_LINES ||
			    start - m->off >= LOGBUF_MARK_BYTES)
				logbuf_push_mark(lb, lb->n_nl, start);
		}
		lb->last = end[-1];
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
	return (size_t)lb->n_nl + (lb->bytes && lb->last != '\n');
}

size_t
logbuf_complete_lines(const struct logbuf *lb)
{
	return (size_t)lb->n_nl;
}

/* Offset just after the n-th '\n' at or after `off` (n >= 1); the caller
 * knows there are that many. */
static uint64_t
logbuf_skip_lines(struct logbuf *lb, uint64_t off, uint64_t n)
{
	while (n) {
		size_t at = (size_t)(off % LOGBUF_BLOCK);
		const char *blk = logbuf_block(lb, (size_t)(off / LOGBUF_BLOCK));
		size_t lim = LOGBUF_BLOCK;
		const char *q = blk + at, *end;

		if (off / LOGBUF_BLOCK == lb->n_slots - 1)
			lim = (size_t)(lb->bytes - (lb->n_slots - 1) * (uint64_t)LOGBUF_BLOCK);
		end = blk + lim;
		while (n && (q = memchr(q, '\n', (size_t)(end - q))) != NULL) {
			q++;
			n--;
		}
		if (!n)
			return off + (uint64_t)(q - (blk + at));
		off += lim - at;
	}
	return off;
}

/* The last mark at or before line i (by line), or at or before offset off. */
static const struct logbuf_mark *
logbuf_mark_for(const struct logbuf *lb, uint64_t key, bool by_offset)
{
	size_t lo = 0, hi = lb->n_marks;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		uint64_t v = by_offset ? lb->marks[mid].off : lb->marks[mid].line;

		if (v <= key)
			lo = mid;
		else
			hi = mid;
	}
	return &lb->marks[lo];
}

uint64_t
logbuf_line_offset(struct logbuf *lb, size_t i)
{
	const struct logbuf_mark *m;
	uint64_t line, off;

	if (i >= logbuf_lines(lb))
		return lb->bytes;
	m = logbuf_mark_for(lb, i, false);
	line = m->line;
	off = m->off;
	if (lb->cur_line <= i && lb->cur_line > line) {
		line = lb->cur_line;
		off = lb->cur_off;
	}
	if (line < i)
		off = logbuf_skip_lines(lb, off, i - line);
	lb->cur_line = i;
	lb->cur_off = off;
	return off;
}

size_t
logbuf_line_of_offset(struct logbuf *lb, uint64_t off)
{
	const struct logbuf_mark *m;
	uint64_t line, start;

	if (off >= lb->bytes)
		return logbuf_lines(lb) ? logbuf_lines(lb) - 1 : 0;
	m = logbuf_mark_for(lb, off, true);
	line = m->line;
	start = m->off;
	if (lb->cur_off <= off && lb->cur_off > start && lb->cur_line > line) {
		line = lb->cur_line;
		start = lb->cur_off;
	}
	/* Count the '\n' in [start, off): each starts a line at or before
	 * off; remember where the last one starts, for the cursor. */
	lb->cur_off = start;
	while (start < off) {
		size_t at = (size_t)(start % LOGBUF_BLOCK);
		const char *blk = logbuf_block(lb, (size_t)(start / LOGBUF_BLOCK));
		uint64_t stop = off - start < LOGBUF_BLOCK - at ? off - start : LOGBUF_BLOCK - at;
		const char *q = blk + at, *end = q + stop, *nl;

		while ((nl = memchr(q, '\n', (size_t)(end - q))) != NULL) {
			line++;
			q = nl + 1;
			lb->cur_off = start + (uint64_t)(q - (blk + at));
		}
		start += stop;
	}
	lb->cur_line = line;
	return (size_t)line;
}

const char *
logbuf_line(struct logbuf *lb, size_t i, size_t *len)
{
	uint64_t start, end, lim;
	size_t first, last, n;
	bool cut;

	if (i >= logbuf_lines(lb)) {
		*len = 0;
		return "";
	}
	start = logbuf_line_offset(lb, i);
	/* The end: the next '\n', or the end of the log; searching stops
	 * after LOGBUF_LINE_MAX bytes. */
	lim = lb->bytes - start > LOGBUF_LINE_MAX ? start + LOGBUF_LINE_MAX : lb->bytes;
	end = lim;
	for (uint64_t off = start; off < lim;) {
		size_t at = (size_t)(off % LOGBUF_BLOCK);
		const char *blk = logbuf_block(lb, (size_t)(off / LOGBUF_BLOCK));
		uint64_t k = lim - off < LOGBUF_BLOCK - at ? lim - off : LOGBUF_BLOCK - at;
		const char *nl = memchr(blk + at, '\n', (size_t)k);

		if (nl) {
			end = off + (uint64_t)(nl - (blk + at));
			break;
		}
		off += k;
	}
	cut = end == lim && lim < lb->bytes;
	n = (size_t)(end - start);
	first = (size_t)(start / LOGBUF_BLOCK);
	last = n ? (size_t)((end - 1) / LOGBUF_BLOCK) : first;
	if (first == last) {
		const char *s = logbuf_block(lb, first) + start % LOGBUF_BLOCK;

		lb->pin = first;
		if (n && !cut && s[n - 1] == '\r')
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
		memcpy(lb->scratch + done, logbuf_block(lb, (size_t)(off / LOGBUF_BLOCK)) + at, k);
		done += k;
	}
	if (!cut && lb->scratch[n - 1] == '\r')
		n--;
	lb->scratch[n] = '\0';
	*len = n;
	return lb->scratch;
}

ssize_t
logbuf_read(struct logbuf *lb, uint64_t off, void *buf, size_t len)
{
	char *dst = buf;
	size_t done = 0;

	if (off >= lb->bytes)
		return 0;
	if (len > lb->bytes - off)
		len = (size_t)(lb->bytes - off);
	while (done < len) {
		uint64_t o = off + done;
		size_t idx = (size_t)(o / LOGBUF_BLOCK), at = (size_t)(o % LOGBUF_BLOCK);
		size_t k = LOGBUF_BLOCK - at;
		const struct logbuf_slot *slot = &lb->slots[idx];

		if (k > len - done)
			k = len - done;
		/* Not through logbuf_block(): a save or a search reads every
		 * block once and must not push recently viewed ones out. */
		if (slot->res)
			memcpy(dst + done, slot->res->data + at, k);
		else if (!logbuf_pread_all(logbuf_g.fd, dst + done, k, (uint64_t)slot->spill + at))
			return -1;
		done += k;
	}
	return (ssize_t)done;
}
