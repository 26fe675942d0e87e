/* One job's driver log: append-only bytes, bounded in memory, with a compact line index. */
#ifndef DPJOBS_MODEL_LOGBUF_H
#define DPJOBS_MODEL_LOGBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * A chunk may end inside a line or a UTF-8 sequence; lines are joined
 * across chunks. Bytes are kept exactly as the server sent them (markers
 * and other view decorations live outside the buffer), so logbuf_read()
 * of the whole log equals the server's log byte for byte.
 *
 * Memory. Bytes live in blocks of LOGBUF_BLOCK bytes. All logbufs of the
 * process share one budget (logbuf_set_memory_budget(), the `log-memory`
 * option, default LOGBUF_DEFAULT_BUDGET): when the resident blocks of all
 * logs exceed it, the least recently used full block of any log is written
 * to one unlinked temporary file (in $TMPDIR, else /tmp) and its memory
 * freed; asking for a line in it reads the block back. Nothing is dropped.
 * Each log keeps its block being appended to and the block of its last
 * returned line resident (two blocks per open log may exceed a tiny
 * budget). If no temporary file can be created, blocks stay in memory.
 *
 * The line index is sparse: one (line, offset) mark every LOGBUF_MARK_LINES
 * lines or LOGBUF_MARK_BYTES bytes, whichever comes first; a lookup scans
 * forward from the mark before it. About 16 bytes per 64 lines: 2.5 MiB for
 * a 1 GiB log of 100-byte lines.
 *
 * Threading: spill writes and read-backs are a pwrite()/pread() of one
 * block to a local file, done on the calling (UI) thread. That is bounded
 * (one block, 256 KiB, per eviction or miss; a screen of lines touches a few
 * blocks) and goes to the page cache, tens of microseconds, well under a
 * frame; a worker thread would add locking to every line lookup for no
 * visible gain. Every logbuf must be used from that one thread.
 */

#define LOGBUF_BLOCK ((size_t)256 * 1024)
#define LOGBUF_DEFAULT_BUDGET ((size_t)64 * 1024 * 1024)
#define LOGBUF_MARK_LINES 64
#define LOGBUF_MARK_BYTES ((uint64_t)64 * 1024)
/* logbuf_line() returns at most this many bytes of a line (the rest is
 * still in the log, for logbuf_read()), so one pathological line cannot
 * take unbounded memory. */
#define LOGBUF_LINE_MAX ((size_t)8 * 1024 * 1024)

struct logbuf;

/* Statistics of all logbufs together, for tests and benchmarks. */
struct logbuf_stats {
	size_t budget;          /* current budget in bytes */
	size_t resident_blocks; /* blocks in memory */
	size_t spilled_blocks;  /* blocks whose only copy is in the spill file */
	uint64_t spill_writes;  /* blocks written to the spill file so far */
	uint64_t spill_reads;   /* blocks read back so far */
	uint64_t spill_file_bytes;
	bool spill_failed; /* no spill file: memory is not bounded */
};

/* Sets the budget for the resident blocks of all logbufs together (bytes;
 * at least one block is used whatever the value) and evicts down to it. */
void logbuf_set_memory_budget(size_t bytes);
size_t logbuf_memory_budget(void);
void logbuf_get_stats(struct logbuf_stats *st);

/* Returns a new empty log; caller frees with logbuf_free(). */
struct logbuf *logbuf_new(void);
void logbuf_free(struct logbuf *lb);
/* Empties the log (its spilled blocks are released too). */
void logbuf_clear(struct logbuf *lb);
void logbuf_append(struct logbuf *lb, const void *data, size_t len);
/* Bytes appended so far. */
uint64_t logbuf_bytes(const struct logbuf *lb);
/* Lines, counting a last line without its '\n' yet. */
size_t logbuf_lines(const struct logbuf *lb);
/* Lines ended by a '\n': logbuf_lines(), or one less while the last line
 * is still partial. */
size_t logbuf_complete_lines(const struct logbuf *lb);
/* Line i without its '\n' (and without a trailing '\r'), at most
 * LOGBUF_LINE_MAX bytes; *len gets its length. May contain NUL bytes.
 * Borrowed: valid until the next call on lb (calls on other logbufs do not
 * invalidate it). Out of range: "" with *len 0. */
const char *logbuf_line(struct logbuf *lb, size_t i, size_t *len);
/* Byte offset of the start of line i; logbuf_bytes() for i >= lines. */
uint64_t logbuf_line_offset(struct logbuf *lb, size_t i);
/* The line that holds byte offset off (a '\n' belongs to the line it
 * ends); the last line for off >= logbuf_bytes(), 0 for an empty log. */
size_t logbuf_line_of_offset(struct logbuf *lb, uint64_t off);
/* Copies up to len bytes from offset off into buf (also bytes that live in
 * the spill file, which are read without disturbing the cache); returns
 * the bytes copied (short only at the end of the log) or -1 with errno set
 * if the spill file cannot be read. For save and pipe: loop until 0. */
ssize_t logbuf_read(struct logbuf *lb, uint64_t off, void *buf, size_t len);

#endif
