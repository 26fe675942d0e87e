/* Allocation that cannot fail, and die(): both restore the terminal before exiting. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

const char *xalloc_progname = "dpjobs";

static void (*fatal_hook)(void);

void
xalloc_set_fatal_hook(void (*hook)(void))
{
	fatal_hook = hook;
}

/* The hook runs once: it may itself allocate and fail again. */
static void
xalloc_run_hook(void)
{
	void (*hook)(void) = fatal_hook;

	fatal_hook = NULL;
	if (hook)
		hook();
}

static void __attribute__((noreturn)) xalloc_oom(size_t size)
{
	xalloc_run_hook();
	fprintf(stderr, "%s: out of memory (allocating %zu bytes)\n", xalloc_progname, size);
	exit(1);
}

void *
xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		xalloc_oom(size);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p;

	if (n == 0 || size == 0)
		n = size = 1;
	p = calloc(n, size);
	if (!p)
		xalloc_oom(n * size);
	return p;
}

void *
xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (!p)
		xalloc_oom(size);
	return p;
}

char *
xstrdup(const char *s)
{
	if (!s)
		return NULL;
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	return strbuf_detach(&sb);
}

void
die(const char *fmt, ...)
{
	va_list ap;

	xalloc_run_hook();
	fprintf(stderr, "%s: ", xalloc_progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}
