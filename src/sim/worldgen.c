/* Realistic clusters, users, job names and specs for the initial world and arrivals. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "model/cluster.h"
#include "sim/lifecycle.h"
#include "sim/loggen.h"
#include "sim/worldgen.h"
#include "util/xalloc.h"

#define WORLDGEN_NUSERS 5

static const char *const worldgen_cluster_names[] = {
    "analytics-prod", "etl-nightly", "ml-sandbox",   "reporting-dwh",
    "clickstream",    "adhoc-spark", "risk-scoring", "logistics-hadoop",
};

static const char *const worldgen_zones[] = {"ru-central1-a", "ru-central1-b", "ru-central1-d"};

static const char *const worldgen_name_suffixes[] = {"", "",          "",       "",
                                                     "", "-backfill", "-retry", "-v2"};

struct worldgen_spark {
	const char *name;
	const char *main_class;
	const char *jar;
};

static const struct worldgen_spark worldgen_spark_jobs[] = {
    {"daily-etl-orders", "ru.shop.etl.DailyOrders", "jars/orders-etl-assembly-2.3.1.jar"},
    {"sessionize-clickstream", "ru.shop.analytics.Sessionize",
     "jars/clickstream-jobs_2.12-1.8.0.jar"},
    {"dedup-customer-profiles", "ru.shop.crm.DedupProfiles", "jars/crm-batch-0.9.4.jar"},
    {"compact-events-parquet", "ru.shop.lake.CompactEvents", "jars/lake-tools-3.1.0.jar"},
    {"hourly-metrics-rollup", "ru.shop.metrics.HourlyRollup", "jars/metrics-rollup-1.2.7.jar"},
};

struct worldgen_pyspark {
	const char *name;
	const char *file;
};

static const struct worldgen_pyspark worldgen_pyspark_jobs[] = {
    {"pyspark-feature-build", "jobs/feature_build.py"},
    {"churn-model-scoring", "jobs/score_churn.py"},
    {"ab-test-report", "jobs/ab_report.py"},
    {"geo-enrich-deliveries", "jobs/geo_enrich.py"},
};

static const char *const worldgen_mapreduce_names[] = {"wordcount-logs", "streaming-grep-errors",
                                                       "teragen-benchmark"};

static const char *const worldgen_hive_names[] = {"hive-report-sales", "hive-partition-repair",
                                                  "hive-export-kpi"};

static const char *const worldgen_executor_memory[] = {"2g", "4g", "8g", "12g"};
static const char *const worldgen_partitions[] = {"200", "400", "800"};

void
worldgen_folder_id(uint64_t seed, char out[21])
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	struct rng r;

	rng_seed(&r, rng_mix(seed, 0xf01de5));
	memcpy(out, "b1g", 3);
	for (int i = 3; i < 20; i++)
		out[i] = alphabet[rng_below(&r, sizeof(alphabet) - 1)];
	out[20] = '\0';
}

void
worldgen_users(void)
{
	static const char alphabet[] = "abcdefghijklmnopqrstuv0123456789";
	struct rng r;

	rng_seed(&r, rng_mix(store_world.seed, 0x05e5));
	store_world.users = xcalloc(WORLDGEN_NUSERS, sizeof(*store_world.users));
	for (int u = 0; u < WORLDGEN_NUSERS; u++) {
		char *s = xmalloc(21);

		memcpy(s, "aje", 3);
		for (int i = 3; i < 20; i++)
			s[i] = alphabet[rng_below(&r, sizeof(alphabet) - 1)];
		s[20] = '\0';
		store_world.users[u] = s;
	}
	store_world.n_users = WORLDGEN_NUSERS;
}

/* "2024-11-29": the business date a scheduled job processes. */
static void
worldgen_date(int64_t ms, char out[16])
{
	time_t t = (time_t)(ms / 1000) - 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 16, "%Y-%m-%d", &tm);
}

static void
worldgen_bucket(const struct sim_job *j, char *out, size_t size)
{
	snprintf(out, size, "dataproc-%s", j->cluster->name);
}

static void __attribute__((format(printf, 2, 3)))
worldgen_pushf(struct strlist *l, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	strlist_push(l, buf);
}

static void
worldgen_spec_spark(struct sim_job *j, struct rng *r, const char *bucket, const char *date)
{
	const struct worldgen_spark *t = &rng_pick(r, worldgen_spark_jobs);
	struct job_spec *s = &j->spec;

	j->name = xasprintf("%s%s", t->name, rng_pick(r, worldgen_name_suffixes));
	s->type = JOB_TYPE_SPARK;
	s->main_jar_file_uri = xasprintf("s3a://%s/%s", bucket, t->jar);
	s->main_class = xstrdup(t->main_class);
	strlist_push(&s->args, "--date");
	strlist_push(&s->args, date);
	strlist_push(&s->args, "--output");
	worldgen_pushf(&s->args, "s3a://%s/warehouse/%s/dt=%s", bucket, t->name, date);
	if (rng_chance(r, 0.5))
		strlist_push(&s->jar_file_uris, "s3a://dataproc-libs/jars/postgresql-42.6.0.jar");
	if (rng_chance(r, 0.3))
		strlist_push(&s->packages, "org.apache.spark:spark-avro_2.12:3.3.2");
	kvlist_set(&s->properties, "spark.executor.memory", rng_pick(r, worldgen_executor_memory));
	kvlist_set(&s->properties, "spark.executor.cores", rng_chance(r, 0.5) ? "2" : "4");
	kvlist_set(&s->properties, "spark.sql.shuffle.partitions",
	           rng_pick(r, worldgen_partitions));
	if (rng_chance(r, 0.5))
		kvlist_set(&s->properties, "spark.dynamicAllocation.enabled", "true");
}

static void
worldgen_spec_pyspark(struct sim_job *j, struct rng *r, const char *bucket, const char *date)
{
	const struct worldgen_pyspark *t = &rng_pick(r, worldgen_pyspark_jobs);
	struct job_spec *s = &j->spec;

	j->name = xasprintf("%s%s", t->name, rng_pick(r, worldgen_name_suffixes));
	s->type = JOB_TYPE_PYSPARK;
	s->main_python_file_uri = xasprintf("s3a://%s/%s", bucket, t->file);
	worldgen_pushf(&s->python_file_uris, "s3a://%s/jobs/libs/common_utils.zip", bucket);
	strlist_push(&s->args, "--run-date");
	strlist_push(&s->args, date);
	if (rng_chance(r, 0.5))
		strlist_push(&s->args, "--overwrite");
	kvlist_set(&s->properties, "spark.submit.deployMode", "cluster");
	kvlist_set(&s->properties, "spark.pyspark.python", "python3");
	kvlist_set(&s->properties, "spark.executor.memory", rng_pick(r, worldgen_executor_memory));
	if (rng_chance(r, 0.4))
		kvlist_set(&s->properties, "spark.sql.execution.arrow.pyspark.enabled", "true");
}

static void
worldgen_spec_mapreduce(struct sim_job *j, struct rng *r, const char *bucket, const char *date)
{
	struct job_spec *s = &j->spec;
	int which = (int)rng_below(r, 3);

	j->name = xstrdup(worldgen_mapreduce_names[which]);
	s->type = JOB_TYPE_MAPREDUCE;
	if (which == 1) {
		s->driver = MAPREDUCE_DRIVER_CLASS;
		s->main_class = xstrdup("org.apache.hadoop.streaming.HadoopStreaming");
		strlist_push(&s->args, "-mapper");
		strlist_push(&s->args, "grep_mapper.py");
		strlist_push(&s->args, "-reducer");
		strlist_push(&s->args, "count_reducer.py");
		strlist_push(&s->args, "-input");
		worldgen_pushf(&s->args, "s3a://%s/logs/app/dt=%s", bucket, date);
		strlist_push(&s->args, "-output");
		worldgen_pushf(&s->args, "s3a://%s/tmp/grep-errors/%s", bucket, date);
		worldgen_pushf(&s->file_uris, "s3a://%s/mr/grep_mapper.py", bucket);
		worldgen_pushf(&s->file_uris, "s3a://%s/mr/count_reducer.py", bucket);
	} else {
		s->driver = MAPREDUCE_DRIVER_JAR;
		s->main_jar_file_uri =
		    xstrdup("file:///usr/lib/hadoop-mapreduce/hadoop-mapreduce-examples.jar");
		strlist_push(&s->args, which == 0 ? "wordcount" : "teragen");
		if (which == 0)
			worldgen_pushf(&s->args, "s3a://%s/logs/nginx/dt=%s", bucket, date);
		else
			strlist_push(&s->args, "100000000");
		worldgen_pushf(&s->args, "s3a://%s/tmp/%s/%s", bucket, j->name, date);
	}
	kvlist_set(&s->properties, "mapreduce.job.reduces", rng_chance(r, 0.5) ? "4" : "8");
	kvlist_set(&s->properties, "yarn.app.mapreduce.am.resource.mb", "2048");
}

static void
worldgen_spec_hive(struct sim_job *j, struct rng *r, const char *bucket, const char *date)
{
	struct job_spec *s = &j->spec;
	int which = (int)rng_below(r, 3);

	j->name = xstrdup(worldgen_hive_names[which]);
	s->type = JOB_TYPE_HIVE;
	kvlist_set(&s->properties, "hive.exec.dynamic.partition.mode", "nonstrict");
	if (rng_chance(r, 0.5))
		kvlist_set(&s->properties, "hive.execution.engine", "tez");
	kvlist_set(&s->script_variables, "DT", date);
	s->continue_on_failure = rng_chance(r, 0.2);
	if (which == 2) {
		s->query = HIVE_QUERY_FILE_URI;
		s->query_file_uri = xasprintf("s3a://%s/hive/export_kpi.sql", bucket);
		return;
	}
	s->query = HIVE_QUERY_LIST;
	if (which == 0) {
		strlist_push(&s->queries, "SET hive.exec.dynamic.partition=true");
		strlist_push(&s->queries,
		             "INSERT OVERWRITE TABLE mart.sales_daily PARTITION (dt='${DT}') "
		             "SELECT store_id, region, sum(amount) AS revenue, count(*) AS orders "
		             "FROM raw.sales WHERE dt='${DT}' GROUP BY store_id, region");
	} else {
		strlist_push(&s->queries, "MSCK REPAIR TABLE raw.events");
		strlist_push(&s->queries, "ANALYZE TABLE raw.events PARTITION (dt='${DT}') "
		                          "COMPUTE STATISTICS");
	}
}

/* Name, spec and created_by for a job of type in j->cluster. */
static void
worldgen_fill(struct sim_job *j, enum job_type type, int64_t created_ms, struct rng *r)
{
	char bucket[128], date[16];

	worldgen_bucket(j, bucket, sizeof(bucket));
	worldgen_date(created_ms, date);
	switch (type) {
	case JOB_TYPE_SPARK:
		worldgen_spec_spark(j, r, bucket, date);
		break;
	case JOB_TYPE_PYSPARK:
		worldgen_spec_pyspark(j, r, bucket, date);
		break;
	case JOB_TYPE_MAPREDUCE:
		worldgen_spec_mapreduce(j, r, bucket, date);
		break;
	default:
		worldgen_spec_hive(j, r, bucket, date);
		break;
	}
	/* A few people submit most jobs; the first is the API caller. */
	j->created_by = xstrdup(store_world.users[rng_below(r, 4) == 0 ? 0 : 1 + rng_below(r, 4)]);
}

void
worldgen_identify(struct sim_job *j, struct rng *r)
{
	store_new_id(r, j->id);
	j->seed = rng_mix(store_world.seed, rng_hash_str(j->id));
	j->app_seq = j->cluster->next_app++;
	loggen_init(j);
}

static const int worldgen_first_statuses[] = {
    JOB_STATUS_PROVISIONING, JOB_STATUS_PENDING, JOB_STATUS_RUNNING,   JOB_STATUS_CANCELLING,
    JOB_STATUS_DONE,         JOB_STATUS_ERROR,   JOB_STATUS_CANCELLED, JOB_STATUS_RUNNING,
};

static int
worldgen_initial_status(int i, struct rng *r)
{
	double u;

	if (i < (int)(sizeof(worldgen_first_statuses) / sizeof(worldgen_first_statuses[0])))
		return worldgen_first_statuses[i];
	u = rng_unit(r);
	return u < 0.75 ? JOB_STATUS_DONE : u < 0.93 ? JOB_STATUS_ERROR : JOB_STATUS_CANCELLED;
}

static void
worldgen_cluster_jobs(struct sim_cluster *c, int n_jobs, int64_t now, struct rng *r)
{
	/* The history is compressed like any schedule: the newest ended job
	 * was created 20 simulated minutes ago. */
	int64_t cursor = now - lifecycle_compress(20 * 60000);
	struct sim_job **made = xcalloc((size_t)n_jobs + 1, sizeof(*made));
	int type_offset = (int)rng_below(r, 4);

	for (int i = 0; i < n_jobs; i++) {
		struct sim_job *j = store_job_new();
		int status = worldgen_initial_status(i, r);
		enum job_type type = i < 8 ? (enum job_type)(1 + (i + type_offset) % 4)
		                           : (enum job_type)(1 + rng_below(r, 4));

		j->cluster = c;
		store_new_id(r, j->id);
		if (job_status_is_terminal(status)) {
			j->created_ms = cursor;
			cursor -= lifecycle_compress(rng_between(r, 3 * 60000, 40 * 60000));
		}
		lifecycle_schedule_as(j, status, now, r);
		worldgen_fill(j, type, j->created_ms, r);
		made[i] = j;
	}
	for (int i = 0; i < n_jobs; i++) {
		made[i]->seed = rng_mix(store_world.seed, rng_hash_str(made[i]->id));
		store_add_job(made[i]);
	}
	/* At a slow --speed the history stretches: the cluster predates it. */
	if (c->n_jobs && c->jobs[0]->created_ms - 86400000LL < c->created_ms)
		c->created_ms = c->jobs[0]->created_ms - 86400000LL;
	/* YARN numbers applications in submission order. */
	for (size_t k = 0; k < c->n_jobs; k++) {
		c->jobs[k]->app_seq = c->next_app++;
		loggen_init(c->jobs[k]);
	}
	free(made);
}

void
worldgen_world(int n_clusters, int n_jobs, int64_t now)
{
	for (int i = 0; i < n_clusters; i++) {
		struct sim_cluster *c = store_cluster_new();
		struct rng r;
		size_t nn = sizeof(worldgen_cluster_names) / sizeof(worldgen_cluster_names[0]);

		rng_seed(&r, rng_mix(store_world.seed, 0xc1u + (uint64_t)i));
		store_new_id(&r, c->id);
		if ((size_t)i < nn)
			c->name = xstrdup(worldgen_cluster_names[i]);
		else
			c->name =
			    xasprintf("%s-%d", worldgen_cluster_names[i % nn], (int)(i / nn) + 1);
		c->description = xasprintf("Data Proc cluster %s (simulated)", c->name);
		c->zone_id = xstrdup(rng_pick(&r, worldgen_zones));
		c->version_id = xstrdup(rng_chance(&r, 0.7) ? "2.1" : "2.0");
		c->created_ms =
		    now - rng_between(&r, 30, 400) * 86400000LL - rng_between(&r, 0, 86399999);
		c->next_app = 1 + (uint32_t)rng_below(&r, 60);
		store_add_cluster(c);
		worldgen_cluster_jobs(c, n_jobs, now, &r);
	}
}

struct sim_job *
worldgen_arrival(int64_t at, struct rng *r)
{
	struct sim_job *j = store_job_new();

	j->cluster = store_world.clusters[rng_below(r, store_world.n_clusters)];
	lifecycle_schedule(j, at, r);
	worldgen_fill(j, (enum job_type)(1 + rng_below(r, 4)), at, r);
	worldgen_identify(j, &store_world.id_rng);
	j->dirty = true;
	store_add_job(j);
	store_touch_job(j);
	return j;
}

struct sim_job *
worldgen_big_log(uint32_t mib, int64_t now)
{
	struct sim_job *j = store_job_new();
	struct rng r;
	char bucket[128];
	/* It ran 12 simulated hours ago, or earlier if its dense lines (at most
	 * 20 ms apart, 20 bytes or more each) could take longer: it ends before now. */
	int64_t back = 12 * 3600000LL, span = (int64_t)mib << 20;

	if (span + 3600000LL > back)
		back = span + 3600000LL;
	rng_seed(&r, rng_mix(store_world.seed, 0xb161060));
	j->cluster = store_world.clusters[0];
	worldgen_bucket(j, bucket, sizeof(bucket));
	j->name = xstrdup("big-log");
	j->created_by = xstrdup(store_world.users[0]);
	j->spec.type = JOB_TYPE_SPARK;
	j->spec.main_jar_file_uri =
	    xasprintf("s3a://%s/jars/log-spammer-assembly-1.0.0.jar", bucket);
	j->spec.main_class = xstrdup("ru.shop.tools.LogSpammer");
	strlist_push(&j->spec.args, "--verbose");
	kvlist_set(&j->spec.properties, "spark.executor.memory", "4g");
	j->speed = lifecycle_speed();
	j->created_ms = now - lifecycle_compress(back);
	j->pending_ms = j->created_ms + lifecycle_compress(15000);
	j->running_ms = j->pending_ms + lifecycle_compress(20000);
	/* loggen_big() sets the run's length and finish_ms. */
	j->run_sim_ms = back - 35000 - 3600000LL;
	j->finish_ms = j->running_ms + lifecycle_compress(j->run_sim_ms);
	j->outcome = JOB_STATUS_DONE;
	j->big_mib = mib;
	worldgen_identify(j, &r);
	j->dirty = true;
	store_add_job(j);
	store_touch_job(j);
	return j;
}

struct sim_job *
worldgen_log_job(const char *name, bool running, int64_t now)
{
	struct sim_job *j = store_job_new();
	struct rng r;
	char bucket[128];

	/* Plain wall spans, not compressed by the speed: the tests want these
	 * jobs where they are (at the top of the list) whatever the clock does. */
	rng_seed(&r, rng_mix(store_world.seed, running ? 0xf1e405e : 0x4a5791));
	j->cluster = store_world.clusters[0];
	worldgen_bucket(j, bucket, sizeof(bucket));
	j->name = xstrdup(name);
	j->created_by = xstrdup(store_world.users[0]);
	j->spec.type = JOB_TYPE_SPARK;
	j->spec.main_jar_file_uri = xasprintf("s3a://%s/jars/%s-assembly-1.0.0.jar", bucket, name);
	j->spec.main_class = xstrdup("ru.shop.tools.LogSpammer");
	kvlist_set(&j->spec.properties, "spark.executor.memory", "4g");
	j->speed = lifecycle_speed();
	if (running) {
		j->created_ms = now - 180000;
		j->pending_ms = now - 150000;
		j->running_ms = now - 120000;
		j->finish_ms = now + 10 * 365 * 86400000LL;
	} else {
		j->created_ms = now - 1200000;
		j->pending_ms = now - 1185000;
		j->running_ms = now - 1165000;
		j->finish_ms = now - 600000;
	}
	j->run_sim_ms = (int64_t)((double)(j->finish_ms - j->running_ms) * j->speed);
	j->outcome = JOB_STATUS_DONE;
	worldgen_identify(j, &r);
	j->dirty = true;
	store_add_job(j);
	store_touch_job(j);
	return j;
}

/* ---- --cluster-status / --cluster-health ---- */

#define WORLDGEN_STATES_MAX 64
#define WORLDGEN_STATUS_RUNNING 2
#define WORLDGEN_HEALTH_ALIVE 1

/* A cluster, by id or name, shown in another state; -1 keeps the default. */
static struct {
	char key[64];
	int status;
	int health;
} worldgen_states[WORLDGEN_STATES_MAX];
static size_t worldgen_n_states;

/* The wire value whose name (cluster_status_name or cluster_health_name) is word, or -1. */
static int
worldgen_state_value(const char *word, bool health)
{
	for (int v = 0; v < 16; v++) {
		const char *name = health ? cluster_health_name(v) : cluster_status_name(v);

		if (strcmp(name, "UNKNOWN") == 0)
			break;
		if (strcasecmp(word, name) == 0)
			return v;
	}
	return -1;
}

bool
worldgen_cluster_state(const char *spec, bool health, char err[WORLDGEN_ERR_LEN])
{
	const char *opt = health ? "--cluster-health" : "--cluster-status";
	const char *eq = strchr(spec, '=');
	size_t i, klen = eq != NULL ? (size_t)(eq - spec) : 0;
	int value = eq != NULL ? worldgen_state_value(eq + 1, health) : -1;

	if (eq == NULL || klen == 0 || klen >= sizeof(worldgen_states[0].key)) {
		snprintf(err, WORLDGEN_ERR_LEN,
		         "%s: expected CLUSTER=%s (an id or a name), got \"%s\"", opt,
		         health ? "HEALTH" : "STATUS", spec);
		return false;
	}
	if (value < 0) {
		snprintf(err, WORLDGEN_ERR_LEN, "%s: unknown %s \"%s\" (%s)", opt,
		         health ? "health" : "status", eq + 1,
		         health ? "ALIVE, DEAD, DEGRADED or HEALTH_UNKNOWN"
		                : "CREATING, RUNNING, ERROR, STOPPING, STOPPED, STARTING or "
		                  "STATUS_UNKNOWN");
		return false;
	}
	for (i = 0; i < worldgen_n_states; i++) {
		if (strncmp(worldgen_states[i].key, spec, klen) == 0 &&
		    worldgen_states[i].key[klen] == '\0')
			break;
	}
	if (i == worldgen_n_states) {
		if (i == WORLDGEN_STATES_MAX) {
			snprintf(err, WORLDGEN_ERR_LEN, "%s: more than %d clusters", opt,
			         WORLDGEN_STATES_MAX);
			return false;
		}
		memcpy(worldgen_states[i].key, spec, klen);
		worldgen_states[i].key[klen] = '\0';
		worldgen_states[i].status = worldgen_states[i].health = -1;
		worldgen_n_states++;
	}
	if (health)
		worldgen_states[i].health = value;
	else
		worldgen_states[i].status = value;
	return true;
}

/* The id names a cluster more precisely than its name: a name given later does not win. */
static int
worldgen_state_of(const struct sim_cluster *c, bool health, int fallback)
{
	int by_name = -1;

	for (size_t i = 0; i < worldgen_n_states; i++) {
		int v = health ? worldgen_states[i].health : worldgen_states[i].status;

		if (v < 0)
			continue;
		if (strcmp(worldgen_states[i].key, c->id) == 0)
			return v;
		if (c->name != NULL && strcmp(worldgen_states[i].key, c->name) == 0)
			by_name = v;
	}
	return by_name >= 0 ? by_name : fallback;
}

int
worldgen_cluster_status(const struct sim_cluster *c)
{
	return worldgen_state_of(c, false, WORLDGEN_STATUS_RUNNING);
}

int
worldgen_cluster_health(const struct sim_cluster *c)
{
	return worldgen_state_of(c, true, WORLDGEN_HEALTH_ALIVE);
}
