/* protobuf-c messages <-> src/model structs, Any packing and Timestamps. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"
#include "wire/convert.h"

/* Short names for the generated functions and enum constants. */
#define PBFN(name) yandex__cloud__dataproc__v1__##name
#define PBC(name) YANDEX__CLOUD__DATAPROC__V1__##name

/* Model strings may be NULL; protobuf-c wants "" for an unset proto3 string. */
static char *
wire_str(const char *s)
{
	return (char *)(s ? s : "");
}

/* ---- timestamps and Any ---------------------------------------------- */

void
wire_ts_from_pb(const Google__Protobuf__Timestamp *pb, struct timestamp *out)
{
	memset(out, 0, sizeof(*out));
	if (!pb)
		return;
	out->sec = pb->seconds;
	out->nsec = pb->nanos;
	out->set = true;
}

Google__Protobuf__Timestamp *
wire_ts_to_pb(const struct timestamp *ts)
{
	Google__Protobuf__Timestamp *pb;

	if (!ts || !ts->set)
		return NULL;
	pb = xmalloc(sizeof(*pb));
	google__protobuf__timestamp__init(pb);
	pb->seconds = ts->sec;
	pb->nanos = ts->nsec;
	return pb;
}

unsigned char *
wire_pack(const ProtobufCMessage *msg, size_t *len)
{
	size_t n = protobuf_c_message_get_packed_size(msg);
	unsigned char *buf = xmalloc(n ? n : 1);

	*len = protobuf_c_message_pack(msg, buf);
	return buf;
}

Google__Protobuf__Any *
wire_any_pack(const ProtobufCMessage *msg)
{
	Google__Protobuf__Any *any = xmalloc(sizeof(*any));

	google__protobuf__any__init(any);
	any->type_url = xasprintf("%s%s", ANY_TYPE_PREFIX, msg->descriptor->name);
	any->value.data = wire_pack(msg, &any->value.len);
	return any;
}

void
wire_any_free(Google__Protobuf__Any *any)
{
	if (!any)
		return;
	free(any->type_url);
	free(any->value.data);
	free(any);
}

/* The proto3 JSON mapping lets any URL prefix precede the type name: only
 * the part after the last '/' identifies the type. */
ProtobufCMessage *
wire_any_unpack(const Google__Protobuf__Any *any, const ProtobufCMessageDescriptor *desc)
{
	const char *slash;

	if (!any || !any->type_url)
		return NULL;
	slash = strrchr(any->type_url, '/');
	if (strcmp(slash ? slash + 1 : any->type_url, desc->name) != 0)
		return NULL;
	return protobuf_c_message_unpack(desc, NULL, any->value.len, any->value.data);
}

/* ---- maps: repeated ...Entry messages, handled through their descriptor --- */

static const ProtobufCFieldDescriptor *
wire_entry_field(const ProtobufCMessageDescriptor *desc, const char *name)
{
	const ProtobufCFieldDescriptor *f =
	    protobuf_c_message_descriptor_get_field_by_name(desc, name);

	if (!f)
		die("%s has no field %s", desc->name, name);
	return f;
}

static char **
wire_entry_slot(ProtobufCMessage *m, const char *name)
{
	return (char **)((char *)m + wire_entry_field(m->descriptor, name)->offset);
}

static void
wire_map_from_pb(struct kvlist *out, void *const *entries, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		ProtobufCMessage *m = entries[i];

		kvlist_set(out, *wire_entry_slot(m, "key"), *wire_entry_slot(m, "value"));
	}
}

/* Entries live in one block, so the pointer array's first element frees them all. */
static void *
wire_map_to_pb(const struct kvlist *l, const ProtobufCMessageDescriptor *desc, size_t *n)
{
	ProtobufCMessage **v;
	char *block;

	*n = l->n;
	if (!l->n)
		return NULL;
	block = xcalloc(l->n, desc->sizeof_message);
	v = xcalloc(l->n, sizeof(*v));
	for (size_t i = 0; i < l->n; i++) {
		v[i] = (ProtobufCMessage *)(block + i * desc->sizeof_message);
		protobuf_c_message_init(desc, v[i]);
		*wire_entry_slot(v[i], "key") = wire_str(l->v[i].key);
		*wire_entry_slot(v[i], "value") = wire_str(l->v[i].value);
	}
	return v;
}

static void
wire_map_pb_free(void *entries, size_t n)
{
	if (n)
		free(((void **)entries)[0]);
	free(entries);
}

static void
wire_strlist_from_pb(struct strlist *out, char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		strlist_push(out, v[i]);
}

/* Borrowed: the pb message points at the model's own array of strings. */
#define WIRE_LIST_TO_PB(pb, spec, field)                                                           \
	do {                                                                                       \
		(pb)->n_##field = (spec)->field.n;                                                 \
		(pb)->field = (spec)->field.v;                                                     \
	} while (0)

/* ---- job specs ----------------------------------------------------------- */

static void
wire_mapreduce_from_pb(const Yandex__Cloud__Dataproc__V1__MapreduceJob *pb, struct job_spec *out)
{
	out->type = JOB_TYPE_MAPREDUCE;
	wire_strlist_from_pb(&out->args, pb->args, pb->n_args);
	wire_strlist_from_pb(&out->jar_file_uris, pb->jar_file_uris, pb->n_jar_file_uris);
	wire_strlist_from_pb(&out->file_uris, pb->file_uris, pb->n_file_uris);
	wire_strlist_from_pb(&out->archive_uris, pb->archive_uris, pb->n_archive_uris);
	wire_map_from_pb(&out->properties, (void *const *)pb->properties, pb->n_properties);
	switch (pb->driver_case) {
	case PBC(MAPREDUCE_JOB__DRIVER_MAIN_JAR_FILE_URI):
		out->driver = MAPREDUCE_DRIVER_JAR;
		out->main_jar_file_uri = xstrdup(pb->main_jar_file_uri);
		break;
	case PBC(MAPREDUCE_JOB__DRIVER_MAIN_CLASS):
		out->driver = MAPREDUCE_DRIVER_CLASS;
		out->main_class = xstrdup(pb->main_class);
		break;
	default:
		out->driver = MAPREDUCE_DRIVER_NONE;
		break;
	}
}

static void
wire_spark_from_pb(const Yandex__Cloud__Dataproc__V1__SparkJob *pb, struct job_spec *out)
{
	out->type = JOB_TYPE_SPARK;
	wire_strlist_from_pb(&out->args, pb->args, pb->n_args);
	wire_strlist_from_pb(&out->jar_file_uris, pb->jar_file_uris, pb->n_jar_file_uris);
	wire_strlist_from_pb(&out->file_uris, pb->file_uris, pb->n_file_uris);
	wire_strlist_from_pb(&out->archive_uris, pb->archive_uris, pb->n_archive_uris);
	wire_map_from_pb(&out->properties, (void *const *)pb->properties, pb->n_properties);
	out->main_jar_file_uri = xstrdup(pb->main_jar_file_uri);
	out->main_class = xstrdup(pb->main_class);
	wire_strlist_from_pb(&out->packages, pb->packages, pb->n_packages);
	wire_strlist_from_pb(&out->repositories, pb->repositories, pb->n_repositories);
	wire_strlist_from_pb(&out->exclude_packages, pb->exclude_packages, pb->n_exclude_packages);
}

static void
wire_pyspark_from_pb(const Yandex__Cloud__Dataproc__V1__PysparkJob *pb, struct job_spec *out)
{
	out->type = JOB_TYPE_PYSPARK;
	wire_strlist_from_pb(&out->args, pb->args, pb->n_args);
	wire_strlist_from_pb(&out->jar_file_uris, pb->jar_file_uris, pb->n_jar_file_uris);
	wire_strlist_from_pb(&out->file_uris, pb->file_uris, pb->n_file_uris);
	wire_strlist_from_pb(&out->archive_uris, pb->archive_uris, pb->n_archive_uris);
	wire_map_from_pb(&out->properties, (void *const *)pb->properties, pb->n_properties);
	out->main_python_file_uri = xstrdup(pb->main_python_file_uri);
	wire_strlist_from_pb(&out->python_file_uris, pb->python_file_uris, pb->n_python_file_uris);
	wire_strlist_from_pb(&out->packages, pb->packages, pb->n_packages);
	wire_strlist_from_pb(&out->repositories, pb->repositories, pb->n_repositories);
	wire_strlist_from_pb(&out->exclude_packages, pb->exclude_packages, pb->n_exclude_packages);
}

static void
wire_hive_from_pb(const Yandex__Cloud__Dataproc__V1__HiveJob *pb, struct job_spec *out)
{
	out->type = JOB_TYPE_HIVE;
	wire_map_from_pb(&out->properties, (void *const *)pb->properties, pb->n_properties);
	out->continue_on_failure = pb->continue_on_failure;
	wire_map_from_pb(&out->script_variables, (void *const *)pb->script_variables,
	                 pb->n_script_variables);
	wire_strlist_from_pb(&out->jar_file_uris, pb->jar_file_uris, pb->n_jar_file_uris);
	switch (pb->query_type_case) {
	case PBC(HIVE_JOB__QUERY_TYPE_QUERY_FILE_URI):
		out->query = HIVE_QUERY_FILE_URI;
		out->query_file_uri = xstrdup(pb->query_file_uri);
		break;
	case PBC(HIVE_JOB__QUERY_TYPE_QUERY_LIST):
		out->query = HIVE_QUERY_LIST;
		if (pb->query_list)
			wire_strlist_from_pb(&out->queries, pb->query_list->queries,
			                     pb->query_list->n_queries);
		break;
	default:
		out->query = HIVE_QUERY_NONE;
		break;
	}
}

static Yandex__Cloud__Dataproc__V1__MapreduceJob *
wire_mapreduce_to_pb(const struct job_spec *spec)
{
	Yandex__Cloud__Dataproc__V1__MapreduceJob *pb = xmalloc(sizeof(*pb));

	PBFN(mapreduce_job__init)(pb);
	WIRE_LIST_TO_PB(pb, spec, args);
	WIRE_LIST_TO_PB(pb, spec, jar_file_uris);
	WIRE_LIST_TO_PB(pb, spec, file_uris);
	WIRE_LIST_TO_PB(pb, spec, archive_uris);
	pb->properties =
	    wire_map_to_pb(&spec->properties, &PBFN(mapreduce_job__properties_entry__descriptor),
	                   &pb->n_properties);
	if (spec->driver == MAPREDUCE_DRIVER_JAR) {
		pb->driver_case = PBC(MAPREDUCE_JOB__DRIVER_MAIN_JAR_FILE_URI);
		pb->main_jar_file_uri = wire_str(spec->main_jar_file_uri);
	} else if (spec->driver == MAPREDUCE_DRIVER_CLASS) {
		pb->driver_case = PBC(MAPREDUCE_JOB__DRIVER_MAIN_CLASS);
		pb->main_class = wire_str(spec->main_class);
	}
	return pb;
}

static Yandex__Cloud__Dataproc__V1__SparkJob *
wire_spark_to_pb(const struct job_spec *spec)
{
	Yandex__Cloud__Dataproc__V1__SparkJob *pb = xmalloc(sizeof(*pb));

	PBFN(spark_job__init)(pb);
	WIRE_LIST_TO_PB(pb, spec, args);
	WIRE_LIST_TO_PB(pb, spec, jar_file_uris);
	WIRE_LIST_TO_PB(pb, spec, file_uris);
	WIRE_LIST_TO_PB(pb, spec, archive_uris);
	pb->properties = wire_map_to_pb(
	    &spec->properties, &PBFN(spark_job__properties_entry__descriptor), &pb->n_properties);
	pb->main_jar_file_uri = wire_str(spec->main_jar_file_uri);
	pb->main_class = wire_str(spec->main_class);
	WIRE_LIST_TO_PB(pb, spec, packages);
	WIRE_LIST_TO_PB(pb, spec, repositories);
	WIRE_LIST_TO_PB(pb, spec, exclude_packages);
	return pb;
}

static Yandex__Cloud__Dataproc__V1__PysparkJob *
wire_pyspark_to_pb(const struct job_spec *spec)
{
	Yandex__Cloud__Dataproc__V1__PysparkJob *pb = xmalloc(sizeof(*pb));

	PBFN(pyspark_job__init)(pb);
	WIRE_LIST_TO_PB(pb, spec, args);
	WIRE_LIST_TO_PB(pb, spec, jar_file_uris);
	WIRE_LIST_TO_PB(pb, spec, file_uris);
	WIRE_LIST_TO_PB(pb, spec, archive_uris);
	pb->properties = wire_map_to_pb(
	    &spec->properties, &PBFN(pyspark_job__properties_entry__descriptor), &pb->n_properties);
	pb->main_python_file_uri = wire_str(spec->main_python_file_uri);
	WIRE_LIST_TO_PB(pb, spec, python_file_uris);
	WIRE_LIST_TO_PB(pb, spec, packages);
	WIRE_LIST_TO_PB(pb, spec, repositories);
	WIRE_LIST_TO_PB(pb, spec, exclude_packages);
	return pb;
}

static Yandex__Cloud__Dataproc__V1__HiveJob *
wire_hive_to_pb(const struct job_spec *spec)
{
	Yandex__Cloud__Dataproc__V1__HiveJob *pb = xmalloc(sizeof(*pb));

	PBFN(hive_job__init)(pb);
	pb->properties = wire_map_to_pb(
	    &spec->properties, &PBFN(hive_job__properties_entry__descriptor), &pb->n_properties);
	pb->continue_on_failure = spec->continue_on_failure;
	pb->script_variables = wire_map_to_pb(&spec->script_variables,
	                                      &PBFN(hive_job__script_variables_entry__descriptor),
	                                      &pb->n_script_variables);
	WIRE_LIST_TO_PB(pb, spec, jar_file_uris);
	if (spec->query == HIVE_QUERY_FILE_URI) {
		pb->query_type_case = PBC(HIVE_JOB__QUERY_TYPE_QUERY_FILE_URI);
		pb->query_file_uri = wire_str(spec->query_file_uri);
	} else if (spec->query == HIVE_QUERY_LIST) {
		pb->query_type_case = PBC(HIVE_JOB__QUERY_TYPE_QUERY_LIST);
		pb->query_list = xmalloc(sizeof(*pb->query_list));
		PBFN(query_list__init)(pb->query_list);
		WIRE_LIST_TO_PB(pb->query_list, spec, queries);
	}
	return pb;
}

/* Frees what wire_*_to_pb() allocated for one spec message; strings are borrowed. */
static void
wire_spec_pb_free(enum job_type type, void *msg)
{
	if (!msg)
		return;
	switch (type) {
	case JOB_TYPE_MAPREDUCE: {
		Yandex__Cloud__Dataproc__V1__MapreduceJob *pb = msg;

		wire_map_pb_free(pb->properties, pb->n_properties);
		break;
	}
	case JOB_TYPE_SPARK: {
		Yandex__Cloud__Dataproc__V1__SparkJob *pb = msg;

		wire_map_pb_free(pb->properties, pb->n_properties);
		break;
	}
	case JOB_TYPE_PYSPARK: {
		Yandex__Cloud__Dataproc__V1__PysparkJob *pb = msg;

		wire_map_pb_free(pb->properties, pb->n_properties);
		break;
	}
	case JOB_TYPE_HIVE: {
		Yandex__Cloud__Dataproc__V1__HiveJob *pb = msg;

		wire_map_pb_free(pb->properties, pb->n_properties);
		wire_map_pb_free(pb->script_variables, pb->n_script_variables);
		if (pb->query_type_case == PBC(HIVE_JOB__QUERY_TYPE_QUERY_LIST))
			free(pb->query_list);
		break;
	}
	case JOB_TYPE_NONE:
		break;
	}
	free(msg);
}

/* ---- Job ----------------------------------------------------------------- */

struct job *
wire_job_from_pb(const PbJob *pb)
{
	struct job *job = job_new();

	job->id = xstrdup(pb->id);
	job->cluster_id = xstrdup(pb->cluster_id);
	job->name = xstrdup(pb->name);
	job->created_by = xstrdup(pb->created_by);
	wire_ts_from_pb(pb->created_at, &job->created_at);
	wire_ts_from_pb(pb->started_at, &job->started_at);
	wire_ts_from_pb(pb->finished_at, &job->finished_at);
	job->status = (int)pb->status;
	switch (pb->job_spec_case) {
	case PBC(JOB__JOB_SPEC_MAPREDUCE_JOB):
		if (pb->mapreduce_job)
			wire_mapreduce_from_pb(pb->mapreduce_job, &job->spec);
		break;
	case PBC(JOB__JOB_SPEC_SPARK_JOB):
		if (pb->spark_job)
			wire_spark_from_pb(pb->spark_job, &job->spec);
		break;
	case PBC(JOB__JOB_SPEC_PYSPARK_JOB):
		if (pb->pyspark_job)
			wire_pyspark_from_pb(pb->pyspark_job, &job->spec);
		break;
	case PBC(JOB__JOB_SPEC_HIVE_JOB):
		if (pb->hive_job)
			wire_hive_from_pb(pb->hive_job, &job->spec);
		break;
	default:
		break;
	}
	if (pb->application_info) {
		const Yandex__Cloud__Dataproc__V1__ApplicationInfo *ai = pb->application_info;

		job->has_application_info = true;
		job->application_id = xstrdup(ai->id);
		if (ai->n_application_attempts) {
			job->attempts = xcalloc(ai->n_application_attempts, sizeof(*job->attempts));
			for (size_t i = 0; i < ai->n_application_attempts; i++) {
				const Yandex__Cloud__Dataproc__V1__ApplicationAttempt *a =
				    ai->application_attempts[i];

				job->attempts[i].id = xstrdup(a->id);
				job->attempts[i].am_container_id = xstrdup(a->am_container_id);
			}
			job->n_attempts = ai->n_application_attempts;
		}
	}
	return job;
}

PbJob *
wire_job_to_pb(const struct job *job)
{
	PbJob *pb = xmalloc(sizeof(*pb));

	PBFN(job__init)(pb);
	pb->id = wire_str(job->id);
	pb->cluster_id = wire_str(job->cluster_id);
	pb->name = wire_str(job->name);
	pb->created_by = wire_str(job->created_by);
	pb->created_at = wire_ts_to_pb(&job->created_at);
	pb->started_at = wire_ts_to_pb(&job->started_at);
	pb->finished_at = wire_ts_to_pb(&job->finished_at);
	pb->status = (Yandex__Cloud__Dataproc__V1__Job__Status)job->status;
	switch (job->spec.type) {
	case JOB_TYPE_MAPREDUCE:
		pb->job_spec_case = PBC(JOB__JOB_SPEC_MAPREDUCE_JOB);
		pb->mapreduce_job = wire_mapreduce_to_pb(&job->spec);
		break;
	case JOB_TYPE_SPARK:
		pb->job_spec_case = PBC(JOB__JOB_SPEC_SPARK_JOB);
		pb->spark_job = wire_spark_to_pb(&job->spec);
		break;
	case JOB_TYPE_PYSPARK:
		pb->job_spec_case = PBC(JOB__JOB_SPEC_PYSPARK_JOB);
		pb->pyspark_job = wire_pyspark_to_pb(&job->spec);
		break;
	case JOB_TYPE_HIVE:
		pb->job_spec_case = PBC(JOB__JOB_SPEC_HIVE_JOB);
		pb->hive_job = wire_hive_to_pb(&job->spec);
		break;
	case JOB_TYPE_NONE:
		break;
	}
	if (job->has_application_info) {
		Yandex__Cloud__Dataproc__V1__ApplicationInfo *ai = xmalloc(sizeof(*ai));

		PBFN(application_info__init)(ai);
		ai->id = wire_str(job->application_id);
		if (job->n_attempts) {
			Yandex__Cloud__Dataproc__V1__ApplicationAttempt *block =
			    xcalloc(job->n_attempts, sizeof(*block));

			ai->application_attempts =
			    xcalloc(job->n_attempts, sizeof(*ai->application_attempts));
			for (size_t i = 0; i < job->n_attempts; i++) {
				PBFN(application_attempt__init)(&block[i]);
				block[i].id = wire_str(job->attempts[i].id);
				block[i].am_container_id =
				    wire_str(job->attempts[i].am_container_id);
				ai->application_attempts[i] = &block[i];
			}
			ai->n_application_attempts = job->n_attempts;
		}
		pb->application_info = ai;
	}
	return pb;
}

/* The union members all point to the spec message of the case that is set. */
static enum job_type
wire_job_spec_type(const PbJob *pb)
{
	switch (pb->job_spec_case) {
	case PBC(JOB__JOB_SPEC_MAPREDUCE_JOB):
		return JOB_TYPE_MAPREDUCE;
	case PBC(JOB__JOB_SPEC_SPARK_JOB):
		return JOB_TYPE_SPARK;
	case PBC(JOB__JOB_SPEC_PYSPARK_JOB):
		return JOB_TYPE_PYSPARK;
	case PBC(JOB__JOB_SPEC_HIVE_JOB):
		return JOB_TYPE_HIVE;
	default:
		return JOB_TYPE_NONE;
	}
}

void
wire_job_pb_free(PbJob *pb)
{
	if (!pb)
		return;
	free(pb->created_at);
	free(pb->started_at);
	free(pb->finished_at);
	wire_spec_pb_free(wire_job_spec_type(pb), pb->spark_job);
	if (pb->application_info) {
		if (pb->application_info->n_application_attempts)
			free(pb->application_info->application_attempts[0]);
		free(pb->application_info->application_attempts);
		free(pb->application_info);
	}
	free(pb);
}

/* ---- CreateJobRequest ------------------------------------------------------ */

void
wire_spec_from_create(const PbCreateJobRequest *req, struct job_spec *out)
{
	memset(out, 0, sizeof(*out));
	switch (req->job_spec_case) {
	case PBC(CREATE_JOB_REQUEST__JOB_SPEC_MAPREDUCE_JOB):
		if (req->mapreduce_job)
			wire_mapreduce_from_pb(req->mapreduce_job, out);
		break;
	case PBC(CREATE_JOB_REQUEST__JOB_SPEC_SPARK_JOB):
		if (req->spark_job)
			wire_spark_from_pb(req->spark_job, out);
		break;
	case PBC(CREATE_JOB_REQUEST__JOB_SPEC_PYSPARK_JOB):
		if (req->pyspark_job)
			wire_pyspark_from_pb(req->pyspark_job, out);
		break;
	case PBC(CREATE_JOB_REQUEST__JOB_SPEC_HIVE_JOB):
		if (req->hive_job)
			wire_hive_from_pb(req->hive_job, out);
		break;
	default:
		break;
	}
}

void
wire_create_to_pb(const char *cluster_id, const char *name, const struct job_spec *spec,
                  PbCreateJobRequest *req)
{
	PBFN(create_job_request__init)(req);
	req->cluster_id = wire_str(cluster_id);
	req->name = wire_str(name);
	switch (spec ? spec->type : JOB_TYPE_NONE) {
	case JOB_TYPE_MAPREDUCE:
		req->job_spec_case = PBC(CREATE_JOB_REQUEST__JOB_SPEC_MAPREDUCE_JOB);
		req->mapreduce_job = wire_mapreduce_to_pb(spec);
		break;
	case JOB_TYPE_SPARK:
		req->job_spec_case = PBC(CREATE_JOB_REQUEST__JOB_SPEC_SPARK_JOB);
		req->spark_job = wire_spark_to_pb(spec);
		break;
	case JOB_TYPE_PYSPARK:
		req->job_spec_case = PBC(CREATE_JOB_REQUEST__JOB_SPEC_PYSPARK_JOB);
		req->pyspark_job = wire_pyspark_to_pb(spec);
		break;
	case JOB_TYPE_HIVE:
		req->job_spec_case = PBC(CREATE_JOB_REQUEST__JOB_SPEC_HIVE_JOB);
		req->hive_job = wire_hive_to_pb(spec);
		break;
	case JOB_TYPE_NONE:
		break;
	}
}

void
wire_create_pb_done(PbCreateJobRequest *req)
{
	enum job_type type = JOB_TYPE_NONE;

	switch (req->job_spec_case) {
	case PBC(CREATE_JOB_REQUEST__JOB_SPEC_MAPREDUCE_JOB):
		type = JOB_TYPE_MAPREDUCE;
		break;
	case PBC(CREATE_JOB_REQUEST__JOB_SPEC_SPARK_JOB):
		type = JOB_TYPE_SPARK;
		break;
	case PBC(CREATE_JOB_REQUEST__JOB_SPEC_PYSPARK_JOB):
		type = JOB_TYPE_PYSPARK;
		break;
	case PBC(CREATE_JOB_REQUEST__JOB_SPEC_HIVE_JOB):
		type = JOB_TYPE_HIVE;
		break;
	default:
		break;
	}
	if (type != JOB_TYPE_NONE)
		wire_spec_pb_free(type, req->spark_job);
	PBFN(create_job_request__init)(req);
}

/* ---- Operation ------------------------------------------------------------- */

struct operation *
wire_operation_from_pb(const PbOperation *pb)
{
	struct operation *op = operation_new();
	ProtobufCMessage *m;

	op->id = xstrdup(pb->id);
	op->description = xstrdup(pb->description);
	op->created_by = xstrdup(pb->created_by);
	wire_ts_from_pb(pb->created_at, &op->created_at);
	wire_ts_from_pb(pb->modified_at, &op->modified_at);
	op->done = pb->done;
	m = wire_any_unpack(pb->metadata, &PBFN(create_job_metadata__descriptor));
	if (m) {
		const Yandex__Cloud__Dataproc__V1__CreateJobMetadata *md =
		    (const Yandex__Cloud__Dataproc__V1__CreateJobMetadata *)m;

		op->cluster_id = xstrdup(md->cluster_id);
		op->job_id = xstrdup(md->job_id);
		protobuf_c_message_free_unpacked(m, NULL);
	}
	if (pb->result_case == YANDEX__CLOUD__OPERATION__OPERATION__RESULT_ERROR && pb->error) {
		op->has_error = true;
		op->error_code = pb->error->code;
		op->error_message = xstrdup(pb->error->message);
	} else if (pb->result_case == YANDEX__CLOUD__OPERATION__OPERATION__RESULT_RESPONSE) {
		m = wire_any_unpack(pb->response, &PBFN(job__descriptor));
		if (m) {
			op->response = wire_job_from_pb((const PbJob *)m);
			protobuf_c_message_free_unpacked(m, NULL);
		}
	}
	return op;
}

PbOperation *
wire_operation_to_pb(const struct operation *op)
{
	PbOperation *pb = xmalloc(sizeof(*pb));

	yandex__cloud__operation__operation__init(pb);
	pb->id = wire_str(op->id);
	pb->description = wire_str(op->description);
	pb->created_by = wire_str(op->created_by);
	pb->created_at = wire_ts_to_pb(&op->created_at);
	pb->modified_at = wire_ts_to_pb(&op->modified_at);
	pb->done = op->done;
	if (op->cluster_id || op->job_id) {
		Yandex__Cloud__Dataproc__V1__CreateJobMetadata md;

		PBFN(create_job_metadata__init)(&md);
		md.cluster_id = wire_str(op->cluster_id);
		md.job_id = wire_str(op->job_id);
		pb->metadata = wire_any_pack(&md.base);
	}
	if (op->has_error) {
		Google__Rpc__Status *st = xmalloc(sizeof(*st));

		google__rpc__status__init(st);
		st->code = op->error_code;
		st->message = wire_str(op->error_message);
		pb->result_case = YANDEX__CLOUD__OPERATION__OPERATION__RESULT_ERROR;
		pb->error = st;
	} else if (op->response) {
		PbJob *job = wire_job_to_pb(op->response);

		pb->result_case = YANDEX__CLOUD__OPERATION__OPERATION__RESULT_RESPONSE;
		pb->response = wire_any_pack(&job->base);
		wire_job_pb_free(job);
	}
	return pb;
}

void
wire_operation_pb_free(PbOperation *pb)
{
	if (!pb)
		return;
	free(pb->created_at);
	free(pb->modified_at);
	wire_any_free(pb->metadata);
	if (pb->result_case == YANDEX__CLOUD__OPERATION__OPERATION__RESULT_ERROR)
		free(pb->error);
	else if (pb->result_case == YANDEX__CLOUD__OPERATION__OPERATION__RESULT_RESPONSE)
		wire_any_free(pb->response);
	free(pb);
}

/* ---- Cluster --------------------------------------------------------------- */

struct cluster *
wire_cluster_from_pb(const PbCluster *pb)
{
	struct cluster *c = cluster_new();

	c->id = xstrdup(pb->id);
	c->folder_id = xstrdup(pb->folder_id);
	c->name = xstrdup(pb->name);
	c->description = xstrdup(pb->description);
	c->zone_id = xstrdup(pb->zone_id);
	c->version_id = xstrdup(pb->config ? pb->config->version_id : "");
	wire_ts_from_pb(pb->created_at, &c->created_at);
	c->health = (int)pb->health;
	c->status = (int)pb->status;
	wire_map_from_pb(&c->labels, (void *const *)pb->labels, pb->n_labels);
	return c;
}

PbCluster *
wire_cluster_to_pb(const struct cluster *c)
{
	PbCluster *pb = xmalloc(sizeof(*pb));

	PBFN(cluster__init)(pb);
	pb->id = wire_str(c->id);
	pb->folder_id = wire_str(c->folder_id);
	pb->name = wire_str(c->name);
	pb->description = wire_str(c->description);
	pb->zone_id = wire_str(c->zone_id);
	pb->created_at = wire_ts_to_pb(&c->created_at);
	pb->health = (Yandex__Cloud__Dataproc__V1__Health)c->health;
	pb->status = (Yandex__Cloud__Dataproc__V1__Cluster__Status)c->status;
	pb->labels =
	    wire_map_to_pb(&c->labels, &PBFN(cluster__labels_entry__descriptor), &pb->n_labels);
	if (c->version_id && *c->version_id) {
		pb->config = xmalloc(sizeof(*pb->config));
		PBFN(cluster_config__init)(pb->config);
		pb->config->version_id = c->version_id;
	}
	return pb;
}

void
wire_cluster_pb_free(PbCluster *pb)
{
	if (!pb)
		return;
	free(pb->created_at);
	wire_map_pb_free(pb->labels, pb->n_labels);
	free(pb->config);
	free(pb);
}
