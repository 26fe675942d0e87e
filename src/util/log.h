/* Debug log to the file named by DPJOBS_LOG; silent when unset. Never log tokens. */
#ifndef DPJOBS_UTIL_LOG_H
#define DPJOBS_UTIL_LOG_H

/* Opens $DPJOBS_LOG (append) if set. Safe to call more than once. */
void log_open(const char *progname);
void log_close(void);
void log_debug_(const char *func, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define log_debug(...) log_debug_(__func__, __VA_ARGS__)

#endif
