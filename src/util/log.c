/* Debug log: "[time] func: message" lines appended to the file named by $DPJOBS_LOG. */
#include "config.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "util/log.h"
#include "util/strbuf.h"

static FILE *log_file;
/* The RPC thread logs too; one lock keeps each line whole. */
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

void
log_open(const char *progname)
{
	const char *path = getenv("DPJOBS_LOG");
	FILE *f;

	if (!path || !*path)
		return;
	pthread_mutex_lock(&log_lock);
	if (log_file) {
		pthread_mutex_unlock(&log_lock);
		return;
	}
	f = fopen(path, "ae");
	log_file = f;
	pthread_mutex_unlock(&log_lock);
	if (f)
		log_debug("%s started, pid %ld", progname ? progname : "dpjobs", (long)getpid());
}

void
log_close(void)
{
	pthread_mutex_lock(&log_lock);
	if (log_file)
		fclose(log_file);
	log_file = NULL;
	pthread_mutex_unlock(&log_lock);
}

/* The log shows the real clock, not a DPJOBS_NOW frozen for tests: it is for
 * reading timings, so milliseconds are always printed. */
void
log_debug_(const char *func, const char *fmt, ...)
{
	struct strbuf line = STRBUF_INIT;
	char when[32];
	struct timespec ts;
	struct tm tm;
	va_list ap;

	/* An unlocked peek keeps the disabled path cheap; the write re-checks under the lock. */
	if (!log_file)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	strbuf_addf(&line, "[%s.%03ldZ] %s: ", when, ts.tv_nsec / 1000000, func);
	va_start(ap, fmt);
	strbuf_vaddf(&line, fmt, ap);
	va_end(ap);
	strbuf_addch(&line, '\n');
	pthread_mutex_lock(&log_lock);
	if (log_file) {
		fwrite(line.buf, 1, line.len, log_file);
		fflush(log_file);
	}
	pthread_mutex_unlock(&log_lock);
	strbuf_done(&line);
}
