/* A tiny TAP producer for the C unit tests: plan, ok, is_str, is_int, done_testing. */
#ifndef DPJOBS_TESTS_TAP_H
#define DPJOBS_TESTS_TAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int tap_run;
static int tap_failed;
static int tap_planned = -1;

static void __attribute__((unused)) plan(int n)
{
	tap_planned = n;
	printf("1..%d\n", n);
}

static bool __attribute__((format(printf, 4, 0)))
tap_vok(bool pass, const char *file, int line, const char *fmt, va_list ap)
{
	tap_run++;
	if (!pass)
		tap_failed++;
	printf("%s %d - ", pass ? "ok" : "not ok", tap_run);
	vprintf(fmt, ap);
	printf("\n");
	if (!pass)
		printf("#   Failed test at %s line %d.\n", file, line);
	fflush(stdout);
	return pass;
}

static bool __attribute__((format(printf, 4, 5), unused))
tap_ok(bool pass, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vok(pass, file, line, fmt, ap);
	va_end(ap);
	return pass;
}

/* NULL compares equal only to NULL. */
static bool __attribute__((format(printf, 5, 6), unused))
tap_is_str(const char *got, const char *want, const char *file, int line, const char *fmt, ...)
{
	bool pass = (got && want) ? strcmp(got, want) == 0 : got == want;
	va_list ap;

	va_start(ap, fmt);
	tap_vok(pass, file, line, fmt, ap);
	va_end(ap);
	if (!pass) {
		printf("#          got: %s%s%s\n", got ? "'" : "", got ? got : "NULL",
		       got ? "'" : "");
		printf("#     expected: %s%s%s\n", want ? "'" : "", want ? want : "NULL",
		       want ? "'" : "");
	}
	return pass;
}

static bool __attribute__((format(printf, 5, 6), unused))
tap_is_int(long long got, long long want, const char *file, int line, const char *fmt, ...)
{
	bool pass = got == want;
	va_list ap;

	va_start(ap, fmt);
	tap_vok(pass, file, line, fmt, ap);
	va_end(ap);
	if (!pass)
		printf("#          got: %lld\n#     expected: %lld\n", got, want);
	return pass;
}

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_str(got, want, ...) tap_is_str((got), (want), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...)                                                                     \
	tap_is_int((long long)(got), (long long)(want), __FILE__, __LINE__, __VA_ARGS__)

/* Prints the plan if none was given; returns the exit status for main(). */
static int __attribute__((unused)) done_testing(void)
{
	if (tap_planned < 0)
		printf("1..%d\n", tap_run);
	else if (tap_planned != tap_run)
		printf("# planned %d tests but ran %d\n", tap_planned, tap_run);
	if (tap_failed)
		printf("# failed %d of %d tests\n", tap_failed, tap_run);
	return tap_failed || (tap_planned >= 0 && tap_planned != tap_run) ? 1 : 0;
}

#endif
