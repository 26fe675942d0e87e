/* Driver log text: realistic Spark, YARN, Hive and MapReduce lines, deterministic per job. */
#ifndef DPJOBS_SIM_LOGGEN_H
#define DPJOBS_SIM_LOGGEN_H

#include <stddef.h>
#include <stdint.h>

#include "sim/store.h"

/* Resets j->log.gen to the start of the job's log (needs j->seed, schedule, cluster). */
void loggen_init(struct sim_job *j);
/* Appends to j->log every line stamped up to now; once the job is finished
 * (as of now) the log is completed to its last line. Returns bytes added.
 * The bytes depend only on the generator state, never on how calls are spaced. */
size_t loggen_advance(struct sim_job *j, int64_t now);
/* Makes the whole --big-log log (exactly j->big_mib MiB) at once and sets
 * j->finish_ms to just after its last line. */
void loggen_big(struct sim_job *j);
/* Makes j the --firehose job: from now on its log grows at mibps MiB per second of
 * wall time (loggen_advance appends what is due), in dense Spark task lines stamped
 * "yyyy-MM-dd HH:mm:ss,SSS" with the simulated time their first byte was due.
 * Continues a log loaded from the state file. */
void loggen_firehose_start(struct sim_job *j, double mibps, int64_t now);
/* Makes the whole --nasty-log log at once: escape and control sequences, C1 bytes,
 * invalid UTF-8, U+202E, tabs, CRLF and one line of exactly 1 MiB between normal
 * lines. */
void loggen_nasty(struct sim_job *j);

#endif
