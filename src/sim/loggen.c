/* Driver log text: realistic Spark, YARN, Hive and MapReduce lines, deterministic per job. */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim/lifecycle.h"
#include "sim/loggen.h"
#include "sim/rng.h"

/* Room made before each event: an event writes at most a few lines, the
 * longest (a partition listing or a stack trace) under 16 KiB. */
#define LOGGEN_EVENT_ROOM 65536

enum loggen_phase {
	LOGGEN_START = 0, /* driver start-up and YARN submission */
	LOGGEN_WORK,      /* stages and tasks, or job progress */
	LOGGEN_END,       /* shutdown, stack trace or kill */
	LOGGEN_DONE,
};

/* What one call of the generator works with. */
struct loggen {
	struct sim_log *l;
	const struct sim_job *j;
	struct loggen_state *g;
	struct rng r;
	int64_t t;   /* time stamp of the lines being written (Unix ms) */
	int64_t off; /* the same moment in simulated ms into the run */
	int zone;    /* 'a', 'b' or 'd' */
	char master[80];
	char workers[3][80];
	char app[64];    /* application_1732871234567_0042 */
	char mrjob[64];  /* job_1732871234567_0042 */
	char bucket[96]; /* dataproc-<cluster name> */
	bool dense;      /* --big-log: lines milliseconds apart */
};

/* Cache of the "yy/MM/dd HH:mm:ss" prefix: lines share seconds, and
 * formatting a date per line would dominate the cost of the big log. */
static int64_t loggen_ts_sec = -1;
static char loggen_ts_text[18];

static inline void
loggen_put(struct loggen *x, const char *s, size_t n)
{
	memcpy(x->l->buf + x->l->len, s, n);
	x->l->len += n;
}

static inline void
loggen_str(struct loggen *x, const char *s)
{
	loggen_put(x, s, strlen(s));
}

static inline void
loggen_ch(struct loggen *x, char c)
{
	x->l->buf[x->l->len++] = c;
}

static void
loggen_num(struct loggen *x, uint64_t v)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[sizeof(tmp) - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	loggen_put(x, tmp + sizeof(tmp) - n, (size_t)n);
}

static void
loggen_stamp(struct loggen *x)
{
	int64_t sec = x->t / 1000;

	if (sec != loggen_ts_sec) {
		time_t tt = (time_t)sec;
		struct tm tm;

		gmtime_r(&tt, &tm);
		int v[6] = {tm.tm_year % 100, tm.tm_mon + 1, tm.tm_mday,
		            tm.tm_hour,       tm.tm_min,     tm.tm_sec};

		/* "yy/MM/dd HH:mm:ss", log4j's pattern in Spark's default config. */
		for (int i = 0; i < 6; i++) {
			loggen_ts_text[i * 3] = (char)('0' + v[i] / 10 % 10);
			loggen_ts_text[i * 3 + 1] = (char)('0' + v[i] % 10);
			loggen_ts_text[i * 3 + 2] = i < 2 ? '/' : i == 2 ? ' ' : ':';
		}
		loggen_ts_text[17] = '\0';
		loggen_ts_sec = sec;
	}
	loggen_put(x, loggen_ts_text, 17);
}

/* "24/11/29 07:40:31 INFO Logger: " */
static void
loggen_head(struct loggen *x, const char *level, const char *logger)
{
	loggen_stamp(x);
	loggen_ch(x, ' ');
	loggen_str(x, level);
	loggen_ch(x, ' ');
	loggen_str(x, logger);
	loggen_put(x, ": ", 2);
}

static void __attribute__((format(printf, 2, 3))) loggen_f(struct loggen *x, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(x->l->buf + x->l->len, x->l->cap - x->l->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		x->l->len +=
		    (size_t)n < x->l->cap - x->l->len ? (size_t)n : x->l->cap - x->l->len - 1;
}

/* One log4j line. */
static void __attribute__((format(printf, 4, 5)))
loggen_line(struct loggen *x, const char *level, const char *logger, const char *fmt, ...)
{
	va_list ap;
	int n;

	loggen_head(x, level, logger);
	va_start(ap, fmt);
	n = vsnprintf(x->l->buf + x->l->len, x->l->cap - x->l->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		x->l->len +=
		    (size_t)n < x->l->cap - x->l->len ? (size_t)n : x->l->cap - x->l->len - 1;
	loggen_ch(x, '\n');
}

static void
loggen_uuid(struct loggen *x, char out[37])
{
	static const char hex[] = "0123456789abcdef";

	for (int i = 0; i < 36; i++)
		out[i] =
		    (i == 8 || i == 13 || i == 18 || i == 23) ? '-' : hex[rng_below(&x->r, 16)];
	out[14] = '4';
	out[36] = '\0';
}

static void
loggen_host(const struct sim_job *j, int role, int n, char *out, size_t size)
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	struct rng r;
	char id[17];
	char zone =
	    j->cluster->zone_id ? j->cluster->zone_id[strlen(j->cluster->zone_id) - 1] : 'a';

	rng_seed(&r, rng_mix(rng_hash_str(j->cluster->id), (uint64_t)(role * 16 + n)));
	for (int i = 0; i < 16; i++)
		id[i] = alphabet[rng_below(&r, sizeof(alphabet) - 1)];
	id[16] = '\0';
	snprintf(out, size, "rc1%c-dataproc-%c-%s.mdb.yandexcloud.net", zone, role, id);
}

static void
loggen_setup(struct loggen *x, struct sim_job *j)
{
	memset(x, 0, sizeof(*x));
	x->l = &j->log;
	x->j = j;
	x->g = &j->log.gen;
	x->r.state = x->g->rng;
	loggen_host(j, 'm', 0, x->master, sizeof(x->master));
	for (int i = 0; i < 3; i++)
		loggen_host(j, 'd', i, x->workers[i], sizeof(x->workers[i]));
	snprintf(x->app, sizeof(x->app), "application_%lld_%04u", (long long)j->cluster->created_ms,
	         j->app_seq);
	snprintf(x->mrjob, sizeof(x->mrjob), "job_%lld_%04u", (long long)j->cluster->created_ms,
	         j->app_seq);
	snprintf(x->bucket, sizeof(x->bucket), "dataproc-%s", j->cluster->name);
}

static const char *
loggen_action(const struct loggen *x, uint32_t stage)
{
	static const char *const scala[] = {
	    "parquet at DailyJob.scala:87", "count at DailyJob.scala:64",
	    "save at DailyJob.scala:112",   "collect at DailyJob.scala:95",
	    "count at DailyJob.scala:133",  "save at DailyJob.scala:141",
	};
	static const char *const python[] = {
	    "showString at NativeMethodAccessorImpl.java:0",
	    "count at NativeMethodAccessorImpl.java:0",
	    "parquet at NativeMethodAccessorImpl.java:0",
	    "collect at /tmp/spark-job/job.py:58",
	    "toPandas at /tmp/spark-job/job.py:74",
	};

	if (x->j->spec.type == JOB_TYPE_PYSPARK)
		return python[stage % (sizeof(python) / sizeof(python[0]))];
	return scala[stage % (sizeof(scala) / sizeof(scala[0]))];
}

/* ---- start-up -------------------------------------------------------------- */

static int
loggen_start_spark(struct loggen *x)
{
	const struct sim_job *j = x->j;
	char u[37];

	switch (x->g->step) {
	case 0:
		loggen_line(x, "INFO", "SparkContext", "Running Spark version 3.3.2");
		loggen_line(x, "INFO", "ResourceUtils",
		            "==============================================================");
		loggen_line(x, "INFO", "ResourceUtils",
		            "No custom resources configured for spark.driver.");
		loggen_line(x, "INFO", "ResourceUtils",
		            "==============================================================");
		loggen_line(x, "INFO", "SparkContext", "Submitted application: %s", j->name);
		return 1;
	case 1:
		loggen_line(
		    x, "INFO", "ResourceProfile",
		    "Default ResourceProfile created, executor resources: Map(cores -> name: "
		    "cores, amount: 2, script: , vendor: , memory -> name: memory, amount: "
		    "4096, script: , vendor: , offHeap -> name: offHeap, amount: 0, script: , "
		    "vendor: ), task resources: Map(cpus -> name: cpus, amount: 1.0)");
		loggen_line(x, "INFO", "SecurityManager", "Changing view acls to: root");
		loggen_line(
		    x, "INFO", "SecurityManager",
		    "SecurityManager: authentication disabled; ui acls disabled; users  with "
		    "view permissions: Set(root); groups with view permissions: Set(); users  "
		    "with modify permissions: Set(root); groups with modify permissions: Set()");
		return 1;
	case 2:
		loggen_line(x, "INFO", "Utils",
		            "Successfully started service 'sparkDriver' on port %d.",
		            (int)rng_between(&x->r, 32768, 60999));
		loggen_line(x, "INFO", "SparkEnv", "Registering MapOutputTracker");
		loggen_line(x, "INFO", "SparkEnv", "Registering BlockManagerMaster");
		loggen_line(
		    x, "INFO", "BlockManagerMasterEndpoint",
		    "Using org.apache.spark.storage.DefaultTopologyMapper for getting topology "
		    "information");
		loggen_uuid(x, u);
		loggen_line(x, "INFO", "DiskBlockManager",
		            "Created local directory at /tmp/blockmgr-%s", u);
		loggen_line(x, "INFO", "MemoryStore",
		            "MemoryStore started with capacity 2004.6 MiB");
		return 1;
	case 3:
		loggen_line(x, "INFO", "Utils",
		            "Successfully started service 'SparkUI' on port 4040.");
		loggen_line(x, "INFO", "DefaultNoHARMFailoverProxyProvider",
		            "Connecting to ResourceManager at %s/10.128.0.%d:8032", x->master,
		            (int)(x->j->cluster->created_ms % 200) + 10);
		loggen_line(x, "INFO", "Client",
		            "Requesting a new application from cluster with 3 NodeManagers");
		loggen_line(
		    x, "INFO", "Client",
		    "Verifying our application has not requested more than the maximum memory "
		    "capability of the cluster (12288 MB per container)");
		loggen_line(x, "INFO", "Client", "Setting up container launch context for our AM");
		return 1;
	case 4:
		loggen_uuid(x, u);
		loggen_line(x, "INFO", "Client",
		            "Uploading resource file:/tmp/spark-%s/__spark_conf__%llu.zip -> "
		            "s3a://%s/user/root/.sparkStaging/%s/__spark_conf__.zip",
		            u, (unsigned long long)rng_between(&x->r, 1000000000, 9999999999LL),
		            x->bucket, x->app);
		loggen_line(x, "INFO", "Client", "Submitting application %s to ResourceManager",
		            x->app);
		loggen_line(x, "INFO", "YarnClientImpl", "Submitted application %s", x->app);
		return 1;
	case 5:
		loggen_line(x, "INFO", "Client", "Application report for %s (state: ACCEPTED)",
		            x->app);
		return 1;
	case 6:
		loggen_line(x, "INFO", "Client", "Application report for %s (state: RUNNING)",
		            x->app);
		loggen_line(x, "INFO", "YarnClientSchedulerBackend",
		            "Application %s has started running.", x->app);
		loggen_line(x, "INFO", "BlockManagerMasterEndpoint",
		            "Registering block manager %s:%d with 2004.6 MiB RAM, "
		            "BlockManagerId(driver, %s, %d, None)",
		            x->master, 41234, x->master, 41234);
		return 1;
	default:
		for (int e = 1; e <= 3; e++) {
			loggen_line(
			    x, "INFO", "YarnSchedulerBackend$YarnDriverEndpoint",
			    "Registered executor NettyRpcEndpointRef(spark-client://Executor) "
			    "(10.128.0.%d:%d) with ID %d,  ResourceProfileId 0",
			    20 + e, (int)rng_between(&x->r, 40000, 59999), e);
			loggen_line(x, "INFO", "BlockManagerMasterEndpoint",
			            "Registering block manager %s:%d with 2.1 GiB RAM, "
			            "BlockManagerId(%d, %s, %d, None)",
			            x->workers[e - 1], 35000 + e, e, x->workers[e - 1], 35000 + e);
		}
		return 0;
	}
}

static int
loggen_start_hive(struct loggen *x)
{
	char u[37];

	switch (x->g->step) {
	case 0:
		loggen_line(x, "INFO", "conf.HiveConf",
		            "Found configuration file file:/etc/hive/conf.dist/hive-site.xml");
		loggen_uuid(x, u);
		loggen_f(x, "Hive Session ID = %s\n", u);
		loggen_f(x, "\nLogging initialized using configuration in "
		            "file:/etc/hive/conf.dist/hive-log4j2.properties Async: true\n");
		return 1;
	case 1:
		loggen_uuid(x, u);
		loggen_line(x, "INFO", "session.SessionState",
		            "Created HDFS directory: /tmp/hive/root/%s", u);
		loggen_f(x, "Query ID = root_%lld_%s\n", (long long)(x->t / 1000), x->j->id + 3);
		loggen_f(x, "Total jobs = %u\n", 1 + (unsigned)(x->j->seed % 3));
		return 1;
	default:
		loggen_line(x, "INFO", "client.DefaultNoHARMFailoverProxyProvider",
		            "Connecting to ResourceManager at %s/10.128.0.11:8032", x->master);
		loggen_line(x, "INFO", "impl.YarnClientImpl", "Submitted application %s", x->app);
		return 0;
	}
}

static int
loggen_start_mapreduce(struct loggen *x)
{
	switch (x->g->step) {
	case 0:
		loggen_line(x, "INFO", "client.DefaultNoHARMFailoverProxyProvider",
		            "Connecting to ResourceManager at %s/10.128.0.11:8032", x->master);
		loggen_line(x, "INFO", "mapreduce.JobResourceUploader",
		            "Disabling Erasure Coding for path: "
		            "/tmp/hadoop-yarn/staging/root/.staging/%s",
		            x->mrjob);
		return 1;
	case 1:
		loggen_line(x, "INFO", "input.FileInputFormat", "Total input files to process : %d",
		            (int)rng_between(&x->r, 12, 480));
		loggen_line(x, "INFO", "mapreduce.JobSubmitter", "number of splits:%d",
		            (int)rng_between(&x->r, 12, 480));
		loggen_line(x, "INFO", "mapreduce.JobSubmitter", "Submitting tokens for job: %s",
		            x->mrjob);
		loggen_line(x, "INFO", "impl.YarnClientImpl", "Submitted application %s", x->app);
		return 1;
	default:
		loggen_line(x, "INFO", "mapreduce.Job",
		            "The url to track the job: http://%s:8088/proxy/%s/", x->master,
		            x->app);
		loggen_line(x, "INFO", "mapreduce.Job", "Running job: %s", x->mrjob);
		loggen_line(x, "INFO", "mapreduce.Job", "Job %s running in uber mode : false",
		            x->mrjob);
		loggen_line(x, "INFO", "mapreduce.Job", " map 0%% reduce 0%%");
		return 0;
	}
}

/* ---- work: Spark stages and tasks ------------------------------------------ */

/* A line over 4 KiB with multi-byte paths: what Spark prints when it prunes
 * partitions of a big table. */
static void
loggen_long_line(struct loggen *x)
{
	char u[37];
	int nfiles = (int)rng_between(&x->r, 40, 70);

	loggen_head(x, "INFO", "InMemoryFileIndex");
	loggen_f(x, "Selected %d files in s3a://%s/raw/заказы/ for scan: [", nfiles, x->bucket);
	for (int i = 0; i < nfiles; i++) {
		loggen_uuid(x, u);
		loggen_f(x,
		         "%ss3a://%s/raw/заказы/dt=2024-11-%02d/part-%05d-%s-c000.snappy.parquet",
		         i ? ", " : "", x->bucket, 1 + i % 28, i, u);
	}
	loggen_str(x, "]\n");
}

static void
loggen_sample_rows(struct loggen *x)
{
	static const char *const cities[] = {
	    "Москва          ", "Санкт-Петербург ", "Новосибирск     ", "北京            ",
	    "上海            ", "Екатеринбург    ", "東京            ", "Казань          ",
	};

	loggen_str(x, "+--------+----------------+----------+\n"
	              "|store_id|city            |   revenue|\n"
	              "+--------+----------------+----------+\n");
	for (int i = 0; i < 5; i++)
		loggen_f(x, "|%8d|%s|%10.1f|\n", (int)rng_between(&x->r, 1000, 9999),
		         rng_pick(&x->r, cities), (double)rng_between(&x->r, 1000, 999999) / 10);
	loggen_str(x, "+--------+----------------+----------+\nonly showing top 5 rows\n\n");
}

static void
loggen_stage_begin(struct loggen *x)
{
	struct loggen_state *g = x->g;
	const char *action = loggen_action(x, g->stage);
	uint32_t rdd = 4 + g->stage * 3;

	g->ntasks = (uint32_t)rng_between(&x->r, 8, x->dense ? 400 : 160);
	g->task = 0;
	loggen_line(x, "INFO", "SparkContext", "Starting job: %s", action);
	loggen_line(x, "INFO", "DAGScheduler", "Got job %u (%s) with %u output partitions",
	            g->stage, action, g->ntasks);
	loggen_line(x, "INFO", "DAGScheduler", "Final stage: ResultStage %u (%s)", g->stage,
	            action);
	loggen_line(x, "INFO", "DAGScheduler", "Parents of final stage: List()");
	loggen_line(x, "INFO", "DAGScheduler",
	            "Submitting ResultStage %u (MapPartitionsRDD[%u] at %s), which has no missing "
	            "parents",
	            g->stage, rdd, action);
	loggen_line(x, "INFO", "MemoryStore",
	            "Block broadcast_%u stored as values in memory (estimated size %u.%u KiB, free "
	            "2004.%u MiB)",
	            g->stage, 10 + (unsigned)rng_below(&x->r, 40), (unsigned)rng_below(&x->r, 10),
	            (unsigned)rng_below(&x->r, 10));
	loggen_head(x, "INFO", "DAGScheduler");
	loggen_f(x,
	         "Submitting %u missing tasks from ResultStage %u (MapPartitionsRDD[%u] at %s) "
	         "(first 15 tasks are for partitions Vector(",
	         g->ntasks, g->stage, rdd, action);
	for (uint32_t i = 0; i < 15 && i < g->ntasks; i++)
		loggen_f(x, "%s%u", i ? ", " : "", i);
	loggen_str(x, "))\n");
	loggen_line(x, "INFO", "YarnScheduler",
	            "Adding task set %u.0 with %u tasks resource profile 0", g->stage, g->ntasks);
}

/* The hot path of the big log: hand-made, no printf. */
static void
loggen_task_line(struct loggen *x, bool finished, uint32_t task, uint32_t tid, int exec)
{
	const char *host = x->workers[exec - 1];

	loggen_head(x, "INFO", "TaskSetManager");
	loggen_str(x, finished ? "Finished task " : "Starting task ");
	loggen_num(x, task);
	loggen_str(x, ".0 in stage ");
	loggen_num(x, x->g->stage);
	loggen_str(x, ".0 (TID ");
	loggen_num(x, tid);
	if (finished) {
		loggen_str(x, ") in ");
		loggen_num(x, (uint64_t)rng_between(&x->r, 80, 9000));
		loggen_str(x, " ms on ");
		loggen_str(x, host);
		loggen_str(x, " (executor ");
		loggen_num(x, (uint64_t)exec);
		loggen_str(x, ") (");
		loggen_num(x, task + 1);
		loggen_ch(x, '/');
		loggen_num(x, x->g->ntasks);
		loggen_str(x, ")\n");
	} else {
		loggen_str(x, ") (");
		loggen_str(x, host);
		loggen_str(x, ", executor ");
		loggen_num(x, (uint64_t)exec);
		loggen_str(x, ", partition ");
		loggen_num(x, task);
		loggen_str(x, ", NODE_LOCAL, ");
		loggen_num(x, (uint64_t)rng_between(&x->r, 4400, 9900));
		loggen_str(x, " bytes) taskResourceAssignments Map()\n");
	}
}

static void
loggen_stage_end(struct loggen *x)
{
	struct loggen_state *g = x->g;
	const char *action = loggen_action(x, g->stage);
	unsigned ms = (unsigned)rng_between(&x->r, 800, 95000);

	loggen_line(x, "INFO", "YarnScheduler",
	            "Removed TaskSet %u.0, whose tasks have all completed, from pool ", g->stage);
	loggen_line(x, "INFO", "DAGScheduler", "ResultStage %u (%s) finished in %u.%03u s",
	            g->stage, action, ms / 1000, ms % 1000);
	loggen_line(
	    x, "INFO", "DAGScheduler",
	    "Job %u is finished. Cancelling potential speculative or zombie tasks for this job",
	    g->stage);
	loggen_line(x, "INFO", "DAGScheduler", "Job %u finished: %s, took %u.%06u s", g->stage,
	            action, ms / 1000 + 1, (unsigned)rng_below(&x->r, 1000000));
	if (x->j->spec.type == JOB_TYPE_PYSPARK && g->stage % 3 == 1)
		loggen_sample_rows(x);
	g->stage++;
	g->ntasks = 0;
}

static void
loggen_work_spark(struct loggen *x)
{
	struct loggen_state *g = x->g;
	uint32_t par = 6;
	uint64_t roll;

	if (g->ntasks == 0) {
		loggen_stage_begin(x);
		for (uint32_t i = 0; i < par && i < g->ntasks; i++)
			loggen_task_line(x, false, i, g->tid + i, (int)(i % 3) + 1);
		return;
	}
	if (g->task >= g->ntasks) {
		loggen_stage_end(x);
		return;
	}
	roll = rng_below(&x->r, 1000);
	if (roll < 12) {
		loggen_long_line(x);
	} else if (roll < 20 && x->j->spec.type == JOB_TYPE_PYSPARK) {
		loggen_f(
		    x,
		    "Processing partition dt=2024-11-%02u (регион: Сибирь, 区域: 华北): %u rows\n",
		    1 + g->task % 28, (unsigned)rng_between(&x->r, 10000, 2000000));
	} else if (roll < 25) {
		loggen_line(x, "WARN", "TaskSetManager",
		            "Stage %u contains a task of very large size (%u KiB). The maximum "
		            "recommended task size is 1000 KiB.",
		            g->stage, 1000 + (unsigned)rng_below(&x->r, 900));
	} else if (roll < 120) {
		loggen_line(
		    x, "INFO", "BlockManagerInfo",
		    "Added broadcast_%u_piece0 in memory on %s:%u (size: %u.%u KiB, free: 2.1 "
		    "GiB)",
		    g->stage, x->workers[roll % 3], 35001 + (unsigned)(roll % 3),
		    1 + (unsigned)rng_below(&x->r, 60), (unsigned)rng_below(&x->r, 10));
	}
	loggen_task_line(x, true, g->task, g->tid + g->task, (int)(g->task % 3) + 1);
	if (g->task + par < g->ntasks)
		loggen_task_line(x, false, g->task + par, g->tid + g->task + par,
		                 (int)((g->task + par) % 3) + 1);
	g->task++;
	if (g->task >= g->ntasks)
		g->tid += g->ntasks;
}

/* ---- work: Hive and MapReduce progress ------------------------------------- */

static unsigned
loggen_percent(const struct loggen *x)
{
	int64_t span = x->j->run_sim_ms;
	int64_t p = span > 0 ? x->off * 100 / span : 100;

	return p < 0 ? 0 : p > 100 ? 100 : (unsigned)p;
}

static void
loggen_work_hive(struct loggen *x)
{
	struct loggen_state *g = x->g;
	unsigned p = loggen_percent(x), map = p * 2 > 100 ? 100 : p * 2,
	         red = p > 50 ? (p - 50) * 2 : 0;
	time_t tt = (time_t)(x->t / 1000);
	struct tm tm;
	char when[32];

	gmtime_r(&tt, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	if (g->ntasks == 0) {
		g->ntasks = 1;
		loggen_f(x, "Launching Job %u out of %u\n", g->stage + 1,
		         1 + (unsigned)(x->j->seed % 3));
		loggen_f(
		    x, "Number of reduce tasks not specified. Estimated from input data size: %u\n",
		    1 + (unsigned)rng_below(&x->r, 8));
		loggen_f(x, "Starting Job = %s, Tracking URL = http://%s:8088/proxy/%s/\n",
		         x->mrjob, x->master, x->app);
		loggen_f(x, "Kill Command = /usr/lib/hadoop/bin/mapred job  -kill %s\n", x->mrjob);
		loggen_f(x,
		         "Hadoop job information for Stage-%u: number of mappers: %u; number of "
		         "reducers: %u\n",
		         g->stage + 1, 2 + (unsigned)rng_below(&x->r, 40),
		         1 + (unsigned)rng_below(&x->r, 8));
		return;
	}
	g->task++;
	loggen_f(x, "%s,%03u Stage-%u map = %u%%,  reduce = %u%%, Cumulative CPU %u.%02u sec\n",
	         when, (unsigned)(x->t % 1000), g->stage + 1, map, red,
	         g->task * 3 + (unsigned)rng_below(&x->r, 3), (unsigned)rng_below(&x->r, 100));
	if (rng_below(&x->r, 50) == 0)
		loggen_long_line(x);
}

static void
loggen_work_mapreduce(struct loggen *x)
{
	unsigned p = loggen_percent(x), map = p * 3 / 2 > 100 ? 100 : p * 3 / 2,
	         red = p > 60 ? (p - 60) * 5 / 2 : 0;

	if (red > 100)
		red = 100;
	loggen_line(x, "INFO", "mapreduce.Job", " map %u%% reduce %u%%", map, red);
	if (rng_below(&x->r, 40) == 0)
		loggen_line(x, "INFO", "mapreduce.Job",
		            "Task Id : attempt_%lld_%04u_m_%06u_0, Status : "
		            "FAILED\nError: java.io.IOException: Premature EOF reading "
		            "s3a://%s/logs/журнал-%u.gz",
		            (long long)x->j->cluster->created_ms, x->j->app_seq,
		            (unsigned)rng_below(&x->r, 400), x->bucket,
		            (unsigned)rng_below(&x->r, 99));
}

/* ---- the end --------------------------------------------------------------- */

static void
loggen_java_trace(struct loggen *x)
{
	static const char *const frames[] = {
	    "org.apache.spark.scheduler.DAGScheduler.failJobAndIndependentStages(DAGScheduler."
	    "scala:2672)",
	    "org.apache.spark.scheduler.DAGScheduler.$anonfun$abortStage$2(DAGScheduler.scala:"
	    "2608)",
	    "org.apache.spark.scheduler.DAGScheduler.$anonfun$abortStage$2$adapted(DAGScheduler."
	    "scala:2607)",
	    "scala.collection.mutable.ResizableArray.foreach(ResizableArray.scala:62)",
	    "scala.collection.mutable.ArrayBuffer.foreach(ArrayBuffer.scala:49)",
	    "org.apache.spark.scheduler.DAGScheduler.abortStage(DAGScheduler.scala:2607)",
	    "org.apache.spark.scheduler.DAGScheduler.handleTaskSetFailed(DAGScheduler.scala:1182)",
	    "org.apache.spark.scheduler.DAGSchedulerEventProcessLoop.onReceive(DAGScheduler.scala:"
	    "2801)",
	    "org.apache.spark.util.EventLoop$$anon$1.run(EventLoop.scala:49)",
	    "org.apache.spark.SparkContext.runJob(SparkContext.scala:2238)",
	    "org.apache.spark.sql.execution.datasources.FileFormatWriter$.write(FileFormatWriter."
	    "scala:245)",
	};
	static const char *const cause[] = {
	    "org.apache.hadoop.fs.s3a.S3AFileSystem.s3GetFileStatus(S3AFileSystem.java:3866)",
	    "org.apache.hadoop.fs.s3a.S3AFileSystem.innerGetFileStatus(S3AFileSystem.java:3688)",
	    "org.apache.hadoop.fs.s3a.S3AFileSystem.open(S3AFileSystem.java:1492)",
	    "org.apache.parquet.hadoop.util.HadoopInputFile.newStream(HadoopInputFile.java:69)",
	    "org.apache.parquet.hadoop.ParquetFileReader.<init>(ParquetFileReader.java:774)",
	    "org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat.$anonfun$"
	    "buildReaderWithPartitionValues$1(ParquetFileFormat.scala:299)",
	    "org.apache.spark.sql.execution.datasources.FileScanRDD$$anon$1.org$apache$spark$sql$"
	    "execution$datasources$FileScanRDD$$anon$$readCurrentFile(FileScanRDD.scala:209)",
	    "org.apache.spark.scheduler.ResultTask.runTask(ResultTask.scala:90)",
	    "org.apache.spark.executor.Executor$TaskRunner.run(Executor.scala:551)",
	    "java.base/"
	    "java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)",
	    "java.base/java.lang.Thread.run(Thread.java:833)",
	};
	unsigned task = (unsigned)rng_below(&x->r, 64), tid = x->g->tid + task;
	const char *host = x->workers[task % 3];
	char msg[1024];

	snprintf(
	    msg, sizeof(msg),
	    "Job aborted due to stage failure: Task %u in stage %u.0 failed 4 times, most recent "
	    "failure: Lost task %u.3 in stage %u.0 (TID %u) (%s executor %u): "
	    "java.io.FileNotFoundException: No such file or directory: "
	    "s3a://%s/raw/заказы/dt=2024-11-28/part-%05u.snappy.parquet",
	    task, x->g->stage, task, x->g->stage, tid, host, task % 3 + 1, x->bucket, task);
	loggen_line(x, "ERROR", "ApplicationMaster", "User class threw exception: %s", msg);
	loggen_f(x, "org.apache.spark.SparkException: %s\n", msg);
	for (size_t i = 0; i < sizeof(frames) / sizeof(frames[0]); i++)
		loggen_f(x, "\tat %s\n", frames[i]);
	loggen_f(x,
	         "Caused by: java.io.FileNotFoundException: No such file or directory: "
	         "s3a://%s/raw/заказы/dt=2024-11-28/part-%05u.snappy.parquet\n",
	         x->bucket, task);
	for (size_t i = 0; i < sizeof(cause) / sizeof(cause[0]); i++)
		loggen_f(x, "\tat %s\n", cause[i]);
	loggen_str(x, "\t... 3 more\n");
}

static void
loggen_python_trace(struct loggen *x)
{
	loggen_str(x, "Traceback (most recent call last):\n");
	loggen_f(
	    x, "  File \"/tmp/spark-job/%s\", line 74, in <module>\n",
	    strrchr(x->j->spec.main_python_file_uri ? x->j->spec.main_python_file_uri : "/job.py",
	            '/') +
	        1);
	loggen_str(x, "    main(parse_args())\n");
	loggen_str(
	    x, "  File \"/usr/lib/spark/python/lib/pyspark.zip/pyspark/sql/readwriter.py\", line "
	       "1140, in parquet\n"
	       "    self._jwrite.parquet(path)\n"
	       "  File \"/usr/lib/spark/python/lib/py4j-0.10.9.5-src.zip/py4j/java_gateway.py\", "
	       "line 1321, in __call__\n"
	       "  File \"/usr/lib/spark/python/lib/pyspark.zip/pyspark/sql/utils.py\", line 190, "
	       "in deco\n"
	       "    return f(*a, **kw)\n");
	loggen_str(x,
	           "py4j.protocol.Py4JJavaError: An error occurred while calling o112.parquet.\n");
}

/* Returns 1 while more end lines follow. */
static int
loggen_end(struct loggen *x)
{
	const struct sim_job *j = x->j;
	bool cancelled = j->cancel_ms != 0;
	bool failed = !cancelled && j->outcome == JOB_STATUS_ERROR;
	bool spark = j->spec.type == JOB_TYPE_SPARK || j->spec.type == JOB_TYPE_PYSPARK;
	char u[37];

	switch (x->g->step) {
	case 0:
		if (cancelled) {
			loggen_line(
			    x, "ERROR", "YarnClientSchedulerBackend",
			    "YARN application has exited unexpectedly with state KILLED! Check "
			    "the YARN application logs for more details.");
			loggen_line(
			    x, "ERROR", "YarnClientSchedulerBackend",
			    "Diagnostics message: Application %s was killed by user root at "
			    "10.128.0.11",
			    x->app);
			return 1;
		}
		if (failed) {
			if (j->spec.type == JOB_TYPE_PYSPARK)
				loggen_python_trace(x);
			else if (j->spec.type == JOB_TYPE_MAPREDUCE)
				loggen_line(x, "INFO", "mapreduce.Job",
				            "Job %s failed with state FAILED due to: Task failed "
				            "task_%lld_%04u_m_000003",
				            x->mrjob, (long long)j->cluster->created_ms,
				            j->app_seq);
			else if (j->spec.type == JOB_TYPE_HIVE)
				loggen_f(x, "FAILED: Execution Error, return code 2 from "
				            "org.apache.hadoop.hive.ql.exec.mr.MapRedTask\n");
			loggen_java_trace(x);
			return 1;
		}
		if (j->spec.type == JOB_TYPE_MAPREDUCE) {
			loggen_line(x, "INFO", "mapreduce.Job", " map 100%% reduce 100%%");
			loggen_line(x, "INFO", "mapreduce.Job", "Job %s completed successfully",
			            x->mrjob);
			loggen_line(x, "INFO", "mapreduce.Job", "Counters: 54");
			loggen_f(x,
			         "\tFile System Counters\n\t\tFILE: Number of bytes read=%u\n"
			         "\t\tS3A: Number of bytes written=%u\n\tJob Counters \n"
			         "\t\tLaunched map tasks=%u\n\t\tLaunched reduce tasks=4\n",
			         (unsigned)rng_below(&x->r, 90000000),
			         (unsigned)rng_below(&x->r, 900000000),
			         (unsigned)rng_between(&x->r, 12, 480));
		} else if (j->spec.type == JOB_TYPE_HIVE) {
			loggen_f(x, "Ended Job = %s\n", x->mrjob);
			loggen_f(
			    x,
			    "MapReduce Jobs Launched: \nStage-Stage-1: Map: %u  Reduce: 4   "
			    "Cumulative CPU: %u.%02u sec   HDFS Read: 0 HDFS Write: 0 SUCCESS\n",
			    (unsigned)rng_between(&x->r, 2, 40),
			    (unsigned)rng_between(&x->r, 10, 900), (unsigned)rng_below(&x->r, 100));
			loggen_f(x, "OK\nTime taken: %u.%03u seconds\n",
			         (unsigned)(j->run_sim_ms / 1000),
			         (unsigned)rng_below(&x->r, 1000));
		}
		return 1;
	case 1:
		if (!spark)
			return 0;
		loggen_line(x, "INFO", "SparkUI", "Stopped Spark web UI at http://%s:4040",
		            x->master);
		loggen_line(x, "INFO", "YarnClientSchedulerBackend", "Shutting down all executors");
		loggen_line(x, "INFO", "YarnSchedulerBackend$YarnDriverEndpoint",
		            "Asking each executor to shut down");
		loggen_line(x, "INFO", "YarnClientSchedulerBackend",
		            "YARN client scheduler backend Stopped");
		return 1;
	default:
		loggen_line(x, "INFO", "MapOutputTrackerMasterEndpoint",
		            "MapOutputTrackerMasterEndpoint stopped!");
		loggen_line(x, "INFO", "MemoryStore", "MemoryStore cleared");
		loggen_line(x, "INFO", "BlockManager", "BlockManager stopped");
		loggen_line(x, "INFO", "SparkContext", "Successfully stopped SparkContext");
		loggen_line(x, "INFO", "ShutdownHookManager", "Shutdown hook called");
		loggen_uuid(x, u);
		loggen_line(x, "INFO", "ShutdownHookManager", "Deleting directory /tmp/spark-%s",
		            u);
		return 0;
	}
}

static size_t loggen_firehose(struct sim_job *j);

/* ---- driving ---------------------------------------------------------------- */

void
loggen_init(struct sim_job *j)
{
	struct loggen_state *g = &j->log.gen;

	memset(g, 0, sizeof(*g));
	g->rng = rng_mix(j->seed, 0x106);
	g->next_sim = 0;
	g->phase = LOGGEN_START;
	g->tid = 0;
}

/* Places the next lines sim_off simulated ms into the run. */
static void
loggen_at(struct loggen *x, int64_t sim_off)
{
	x->off = sim_off;
	x->t = lifecycle_run_at(x->j, sim_off);
}

/* Writes the lines of one event at x->off; moves the state and next_sim on.
 * Spacing is drawn in simulated ms, so the text is the same at any speed. */
static void
loggen_event(struct loggen *x, int64_t work_end, int64_t end_off)
{
	struct loggen_state *g = x->g;
	const struct sim_job *j = x->j;
	int more;

	switch (g->phase) {
	case LOGGEN_START:
		if (j->spec.type == JOB_TYPE_HIVE)
			more = loggen_start_hive(x);
		else if (j->spec.type == JOB_TYPE_MAPREDUCE)
			more = loggen_start_mapreduce(x);
		else
			more = loggen_start_spark(x);
		g->step = more ? g->step + 1 : 0;
		if (!more)
			g->phase = LOGGEN_WORK;
		g->next_sim += x->dense ? rng_between(&x->r, 1, 20) : rng_between(&x->r, 40, 1500);
		break;
	case LOGGEN_WORK:
		if (j->spec.type == JOB_TYPE_HIVE) {
			loggen_work_hive(x);
			g->next_sim += rng_between(&x->r, 2000, 9000);
		} else if (j->spec.type == JOB_TYPE_MAPREDUCE) {
			loggen_work_mapreduce(x);
			g->next_sim += rng_between(&x->r, 1500, 7000);
		} else {
			loggen_work_spark(x);
			g->next_sim +=
			    x->dense ? rng_between(&x->r, 1, 12) : rng_between(&x->r, 60, 900);
		}
		break;
	case LOGGEN_END:
		more = loggen_end(x);
		g->step++;
		if (!more)
			g->phase = LOGGEN_DONE;
		/* The end lines fit between the last progress line and finished_at. */
		g->next_sim += (end_off - work_end) / 4 > 1 ? (end_off - work_end) / 4 : 1;
		break;
	default:
		break;
	}
}

size_t
loggen_advance(struct sim_job *j, int64_t now)
{
	struct sim_log *log = &j->log;
	struct loggen_state *g = &log->gen;
	struct loggen x;
	int64_t run_end, work_end, end_off, limit;
	size_t before = log->len;
	bool terminal;

	if (j->firehose_bps > 0)
		return loggen_firehose(j);
	if (log->complete || j->big_mib)
		return 0;
	terminal = job_status_is_terminal(lifecycle_status(j, now));
	run_end = lifecycle_run_end_ms(j);
	if (run_end == 0 || g->phase == LOGGEN_DONE) {
		/* Cancelled before it ever ran: the driver wrote nothing. */
		log->complete = terminal;
		return 0;
	}
	/* A finished job's log is whole. Its lines all lie in the run, so they
	 * never carry a time after finished_at. */
	limit = terminal ? INT64_MAX : now;
	/* The run's work and end, in simulated ms into it. */
	if (j->cancel_ms) {
		double speed = j->speed > 0 ? j->speed : 1.0;

		/* Work lines stop before the kill, the end lines by CANCELLED
		 * (rounded inwards: a line never lands outside them). */
		work_end = (int64_t)ceil((double)(j->cancel_ms - j->running_ms) * speed);
		end_off = (int64_t)floor((double)(j->cancelled_ms - j->running_ms) * speed);
	} else {
		work_end = j->run_sim_ms > 2000 ? j->run_sim_ms - 2000 : 0;
		end_off = j->run_sim_ms;
	}
	loggen_setup(&x, j);
	while (g->phase != LOGGEN_DONE && lifecycle_run_at(j, g->next_sim) <= limit) {
		if (g->phase != LOGGEN_END && g->next_sim >= work_end) {
			/* The end lines fit between the last work line and the end. */
			g->phase = LOGGEN_END;
			g->step = 0;
			g->next_sim = work_end;
			continue;
		}
		store_log_reserve(log, LOGGEN_EVENT_ROOM);
		loggen_at(&x, g->next_sim);
		loggen_event(&x, work_end, end_off);
	}
	g->rng = x.r.state;
	if (g->phase == LOGGEN_DONE)
		log->complete = true;
	return log->len - before;
}

void
loggen_big(struct sim_job *j)
{
	struct sim_log *log = &j->log;
	size_t target = (size_t)j->big_mib << 20;
	struct loggen x;
	char u[37];

	loggen_init(j);
	loggen_setup(&x, j);
	x.dense = true;
	free(log->buf);
	log->buf = NULL;
	log->len = log->cap = 0;
	store_log_reserve(log, target + LOGGEN_EVENT_ROOM);
	while (log->len + LOGGEN_EVENT_ROOM < target) {
		loggen_at(&x, x.g->next_sim);
		loggen_event(&x, INT64_MAX, INT64_MAX);
	}
	/* Short shutdown lines, then one line padded to land exactly on target. */
	while (target - log->len > 400) {
		loggen_at(&x, x.g->next_sim++);
		loggen_uuid(&x, u);
		loggen_line(&x, "INFO", "ShutdownHookManager", "Deleting directory /tmp/spark-%s",
		            u);
	}
	{
		size_t fixed, pad;

		loggen_at(&x, x.g->next_sim);
		loggen_uuid(&x, u);
		loggen_head(&x, "INFO", "ShutdownHookManager");
		loggen_f(&x, "Deleting directory /tmp/spark-%s/userFiles-", u);
		fixed = log->len;
		pad = target - fixed - 1;
		for (size_t i = 0; i < pad; i++)
			log->buf[log->len++] = "0123456789abcdef"[rng_below(&x.r, 16)];
		loggen_ch(&x, '\n');
	}
	x.g->phase = LOGGEN_DONE;
	x.g->rng = x.r.state;
	j->run_sim_ms = x.g->next_sim + 1000;
	j->finish_ms = lifecycle_run_at(j, j->run_sim_ms);
	log->complete = true;
	log->loaded = true;
}

/* ---- --firehose ------------------------------------------------------------- */

/* Cache of the "yyyy-MM-dd HH:mm:ss" part of the firehose's stamps. */
static int64_t loggen_ms_sec = -1;
static char loggen_ms_text[20];

/* "2026-11-29 09:15:43,123": log4j's ISO8601 pattern, with milliseconds. */
static void
loggen_stamp_ms(struct loggen *x)
{
	int64_t sec = x->t / 1000;
	unsigned ms = (unsigned)(x->t % 1000);
	char frac[4] = {',', (char)('0' + ms / 100), (char)('0' + ms / 10 % 10),
	                (char)('0' + ms % 10)};

	if (sec != loggen_ms_sec) {
		time_t tt = (time_t)sec;
		struct tm tm;

		gmtime_r(&tt, &tm);
		strftime(loggen_ms_text, sizeof(loggen_ms_text), "%Y-%m-%d %H:%M:%S", &tm);
		loggen_ms_sec = sec;
	}
	loggen_put(x, loggen_ms_text, 19);
	loggen_put(x, frac, 4);
}

static int64_t
loggen_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One line of a busy Spark driver; tasks and stages move on in j->log.gen. */
static void
loggen_firehose_line(struct loggen *x)
{
	struct loggen_state *g = x->g;
	uint64_t roll = rng_below(&x->r, 100);
	uint32_t task = g->task;

	loggen_stamp_ms(x);
	if (roll < 46) {
		loggen_str(x, " INFO TaskSetManager: Finished task ");
		loggen_num(x, task);
		loggen_str(x, ".0 in stage ");
		loggen_num(x, g->stage);
		loggen_str(x, ".0 (TID ");
		loggen_num(x, g->tid + task);
		loggen_str(x, ") in ");
		loggen_num(x, (uint64_t)rng_between(&x->r, 40, 4000));
		loggen_str(x, " ms on ");
		loggen_str(x, x->workers[task % 3]);
		loggen_str(x, " (executor ");
		loggen_num(x, task % 12 + 1);
		loggen_str(x, ") (");
		loggen_num(x, task + 1);
		loggen_ch(x, '/');
		loggen_num(x, g->ntasks);
		loggen_str(x, ")\n");
		g->task++;
	} else if (roll < 92) {
		loggen_str(x, " INFO TaskSetManager: Starting task ");
		loggen_num(x, task + 24);
		loggen_str(x, ".0 in stage ");
		loggen_num(x, g->stage);
		loggen_str(x, ".0 (TID ");
		loggen_num(x, g->tid + task + 24);
		loggen_str(x, ") (");
		loggen_str(x, x->workers[(task + 1) % 3]);
		loggen_str(x, ", executor ");
		loggen_num(x, (task + 24) % 12 + 1);
		loggen_str(x, ", partition ");
		loggen_num(x, task + 24);
		loggen_str(x, ", PROCESS_LOCAL, ");
		loggen_num(x, (uint64_t)rng_between(&x->r, 4400, 4900));
		loggen_str(x, " bytes) taskResourceAssignments Map()\n");
	} else if (roll < 98) {
		loggen_f(x,
		         " INFO BlockManagerInfo: Added rdd_%u_%u in memory on %s:%u (size: %u.%u "
		         "MiB, free: %u.%u GiB)\n",
		         g->stage + 3, task, x->workers[roll % 3], 35001 + (unsigned)(roll % 3),
		         1 + (unsigned)rng_below(&x->r, 90), (unsigned)rng_below(&x->r, 10),
		         1 + (unsigned)rng_below(&x->r, 3), (unsigned)rng_below(&x->r, 10));
	} else {
		loggen_f(x,
		         " WARN TaskSetManager: Lost task %u.0 in stage %u.0 (TID %u) (%s executor "
		         "%u): FetchFailed(BlockManagerId(%u, %s, 7337, None), shuffleId=%u, "
		         "mapIndex=%u, mapId=%u, reduceId=%u, message=\n"
		         "org.apache.spark.shuffle.FetchFailedException: Connection reset by "
		         "peer\n",
		         task + 7, g->stage, g->tid + task + 7, x->workers[(task + 2) % 3],
		         (task + 7) % 12 + 1, (task + 2) % 12 + 1, x->workers[(task + 2) % 3],
		         g->stage, (unsigned)rng_below(&x->r, 800),
		         (unsigned)rng_below(&x->r, 9000), task);
	}
	if (g->task >= g->ntasks) {
		loggen_stamp_ms(x);
		loggen_f(x,
		         " INFO DAGScheduler: ShuffleMapStage %u (mapPartitions at "
		         "Sessionize.scala:%u) finished in %u.%03u s\n",
		         g->stage, 40 + g->stage % 90, (unsigned)rng_between(&x->r, 20, 400),
		         (unsigned)rng_below(&x->r, 1000));
		g->stage++;
		g->tid += g->ntasks + 24;
		g->task = 0;
		g->ntasks = (uint32_t)rng_between(&x->r, 400, 4000);
	}
}

/* Appends what is due by now at the firehose's rate. */
static size_t
loggen_firehose(struct sim_job *j)
{
	struct sim_log *log = &j->log;
	size_t before = log->len, due;
	double per_byte = 1000.0 / j->firehose_bps * j->speed;
	struct loggen x;

	due = j->firehose_len0 +
	      (size_t)(j->firehose_bps * (double)(loggen_mono_ms() - j->firehose_mono0) / 1000.0);
	if (log->len >= due)
		return 0;
	/* A line is under 600 bytes: the last one overshoots due by less. */
	store_log_reserve(log, due - log->len + 4096);
	loggen_setup(&x, j);
	while (log->len < due) {
		x.t = j->firehose_t0 + (int64_t)((double)(log->len - j->firehose_len0) * per_byte);
		loggen_firehose_line(&x);
	}
	x.g->rng = x.r.state;
	return log->len - before;
}

void
loggen_firehose_start(struct sim_job *j, double mibps, int64_t now)
{
	struct loggen_state *g = &j->log.gen;

	if (g->phase != LOGGEN_DONE) {
		/* A new job: LOGGEN_DONE keeps the ordinary generator away from it,
		 * also after a restart without --firehose. */
		loggen_init(j);
		g->phase = LOGGEN_DONE;
		g->stage = 0;
		g->ntasks = 2000;
	}
	j->firehose_bps = mibps * 1048576.0;
	j->firehose_mono0 = loggen_mono_ms();
	j->firehose_t0 = now;
	j->firehose_len0 = j->log.loaded ? j->log.len : j->log.stored;
	if (!(j->speed > 0))
		j->speed = 1.0;
}

/* ---- --nasty-log -------------------------------------------------------------- */

#define LOGGEN_NASTY_LONG 1048576 /* bytes of the long line, its newline not counted */

/* One log4j line whose message is the raw bytes text (a C string). */
static void
loggen_nasty_line(struct loggen *x, const char *level, const char *text)
{
	x->t += 7;
	loggen_head(x, level, "NastyLog");
	loggen_str(x, text);
	loggen_ch(x, '\n');
}

/* The line of exactly LOGGEN_NASTY_LONG bytes. A 3-byte character straddles the
 * log's byte 1048576 (the end of a full 1 MiB ListLog page) when the line covers it. */
static void
loggen_nasty_long(struct loggen *x)
{
	static const char tail[] = " <- end of the 1 MiB line";
	size_t start = x->l->len, end = start + LOGGEN_NASTY_LONG, split = 1048575;

	x->t += 7;
	loggen_head(x, "INFO", "NastyLog");
	loggen_str(x, "one line of exactly 1 MiB: ");
	while (x->l->len < end - (sizeof(tail) - 1)) {
		if (x->l->len == split && split + 3 <= end - (sizeof(tail) - 1))
			loggen_put(x, "\xe2\x82\xac", 3); /* € */
		else
			loggen_ch(x, "0123456789abcdef"[x->l->len % 16]);
	}
	loggen_put(x, tail, sizeof(tail) - 1);
	loggen_ch(x, '\n');
}

void
loggen_nasty(struct sim_job *j)
{
	struct sim_log *log = &j->log;
	struct loggen x;

	loggen_init(j);
	loggen_setup(&x, j);
	free(log->buf);
	log->buf = NULL;
	log->len = log->cap = 0;
	store_log_reserve(log, LOGGEN_NASTY_LONG + LOGGEN_EVENT_ROOM);
	x.t = j->running_ms + 1500;
	loggen_line(&x, "INFO", "SparkContext", "Running Spark version 3.3.2");
	loggen_line(&x, "INFO", "SparkContext", "Submitted application: %s", j->name);
	loggen_line(&x, "INFO", "Utils",
	            "Successfully started service 'sparkDriver' on port 38457.");
	loggen_nasty_line(&x, "INFO", "normal line before the nasty ones");
	loggen_nasty_line(&x, "INFO",
	                  "SGR colours: \033[31mred\033[0m \033[1;32mbold green\033[0m "
	                  "\033[4munderlined\033[24m \033[38;5;208morange\033[39m "
	                  "\033[48;2;0;0;255mtruecolour background\033[0m end");
	loggen_nasty_line(&x, "WARN",
	                  "OSC title: \033]0;nasty-title-bel\007 and \033]2;nasty-title-st\033\\ "
	                  "end");
	loggen_nasty_line(&x, "WARN", "OSC 52 clipboard: \033]52;c;bmFzdHk=\007 end");
	loggen_nasty_line(&x, "INFO",
	                  "cursor movement: \033[2J\033[H\033[10;20Hmoved\033[5A\033[3Dleft\033[K"
	                  "\0337saved\0338 \033[?1049h\033[?25l end");
	loggen_nasty_line(&x, "ERROR", "full reset: \033c end");
	loggen_nasty_line(&x, "INFO",
	                  "C1 bytes: raw \x9b"
	                  "31m csi \x9d"
	                  "0;t\x9c osc \x85 nel; as UTF-8 \xc2\x9b"
	                  "31m csi \xc2\x9d"
	                  "0;t\xc2\x9c osc end");
	loggen_nasty_line(&x, "INFO",
	                  "invalid UTF-8: \xff\xfe lone, \xc0\xaf overlong, \xe2\x82 cut, "
	                  "\xed\xa0\x80 surrogate, \xf4\x90\x80\x80 too big, end");
	loggen_nasty_line(&x, "INFO", "bidi: file \xe2\x80\xaegnp.exe\xe2\x80\xac end");
	loggen_nasty_line(&x, "INFO", "tabs:\tone\ttwo\t\tthree");
	loggen_nasty_line(&x, "INFO", "CRLF line one\r");
	loggen_nasty_line(&x, "INFO", "CRLF line two\r");
	loggen_nasty_line(&x, "INFO", "progress 10%\rprogress 100%");
	loggen_nasty_line(&x, "INFO",
	                  "control bytes: BEL\007 BS\010 VT\013 FF\014 SO\016 SI\017 DEL\177 end");
	loggen_nasty_line(&x, "INFO",
	                  "wide and combining: \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e "
	                  "e\xcc\x81 \xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd end");
	loggen_nasty_line(&x, "INFO", "normal line before the long one");
	loggen_nasty_long(&x);
	loggen_nasty_line(&x, "INFO", "normal line after the long one");
	loggen_line(&x, "INFO", "SparkContext", "Successfully stopped SparkContext");
	loggen_line(&x, "INFO", "ShutdownHookManager", "Shutdown hook called");
	log->gen.phase = LOGGEN_DONE;
	log->gen.rng = x.r.state;
	log->complete = true;
	log->loaded = true;
}
