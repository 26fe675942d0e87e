/* Whole reads of small files and whole writes to a file descriptor. */
#ifndef DPJOBS_UTIL_FDIO_H
#define DPJOBS_UTIL_FDIO_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

/* Writes all len bytes of p to fd; false (errno set) if a write failed. */
bool fdio_write_all(int fd, const void *p, size_t len);

/* Appends the whole file at path to out, reading at most max + 1 bytes.
 * Returns 0, 1 when the file is larger than max bytes (out holds the first
 * max + 1), or -1 with errno when it cannot be opened (errno from fopen, e.g.
 * ENOENT) or read. */
int fdio_read_file(const char *path, size_t max, struct strbuf *out);

#endif
