/* Whole reads of small files and whole writes to a file descriptor. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
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

int
fdio_read_file(const char *path, size_t max, struct strbuf *out)
{
	char buf[8192];
	size_t n, start = out->len;
	int rc = 0, saved;
	FILE *f = fopen(path, "r");

	if (f == NULL)
		return -1;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		strbuf_add(out, buf, n);
		if (out->len - start > max) {
			rc = 1;
			break;
		}
	}
	if (rc == 0 && ferror(f))
		rc = -1;
	saved = errno;
	fclose(f);
	/* The buffer may have held a key or a token. */
	explicit_bzero(buf, sizeof(buf));
	errno = saved;
	return rc;
}
