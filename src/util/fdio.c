/* Whole writes to a file descriptor, retried on EINTR and short writes. */
#include "config.h"

#include <errno.h>
#include <unistd.h>

#include "util/fdio.h"

bool
fdio_write_all(int fd, const void *p, size_t len)
{
	const char *c = p;

	while (len > 0) {
		ssize_t n = write(fd, c, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		c += n;
		len -= (size_t)n;
	}
	return true;
}
