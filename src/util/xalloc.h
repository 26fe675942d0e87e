/* Allocation that cannot fail: on out-of-memory the process exits cleanly. */
#ifndef DPJOBS_UTIL_XALLOC_H
#define DPJOBS_UTIL_XALLOC_H

#include <stddef.h>

/* Called before exiting on out-of-memory or die(), e.g. to restore the terminal. */
void xalloc_set_fatal_hook(void (*hook)(void));

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *ptr, size_t size);
/* xstrdup(NULL) returns NULL. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Returns a new string; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "PROGNAME: message" on stderr after the fatal hook, exits with status 1. */
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* Program name used by die() and error messages; defaults to "dpjobs". */
extern const char *xalloc_progname;

#endif
