/* Whole writes to a file descriptor, retried on EINTR and short writes. */
#ifndef DPJOBS_UTIL_FDIO_H
#define DPJOBS_UTIL_FDIO_H

#include <stdbool.h>
#include <stddef.h>

/* Writes all len bytes of p to fd; false (errno set) if a write failed. */
bool fdio_write_all(int fd, const void *p, size_t len);

#endif
