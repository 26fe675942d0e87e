/* Growable byte buffer, always NUL-terminated after len bytes. */
#ifndef DPJOBS_UTIL_STRBUF_H
#define DPJOBS_UTIL_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf; /* NULL until the first append; then owned */
	size_t len;
	size_t cap;
};

#define STRBUF_INIT {NULL, 0, 0}

void strbuf_init(struct strbuf *sb);
void strbuf_done(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/* Returns the buffer ("" if empty) and resets sb; caller frees. */
char *strbuf_detach(struct strbuf *sb);
/* Borrowed; "" when empty. Valid until the next change to sb. */
const char *strbuf_str(const struct strbuf *sb);

#endif
