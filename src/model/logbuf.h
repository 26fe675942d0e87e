/* One job's driver log: append-only bytes with an index of lines. A chunk may
 * end inside a line or a UTF-8 sequence; lines are joined across chunks. */
#ifndef DPJOBS_MODEL_LOGBUF_H
#define DPJOBS_MODEL_LOGBUF_H

#include <stddef.h>
#include <stdint.h>

struct logbuf;

struct logbuf *logbuf_new(void);
void logbuf_free(struct logbuf *lb);
void logbuf_clear(struct logbuf *lb);
void logbuf_append(struct logbuf *lb, const void *data, size_t len);
/* Bytes appended so far. */
uint64_t logbuf_bytes(const struct logbuf *lb);
/* Lines, counting a last line without its '\n' yet. */
size_t logbuf_lines(const struct logbuf *lb);
/* Line i without its '\n' (and without a trailing '\r'); *len gets its
 * length. Borrowed: valid until the next call on lb. */
const char *logbuf_line(struct logbuf *lb, size_t i, size_t *len);

#endif
