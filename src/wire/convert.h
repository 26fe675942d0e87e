/* Conversion between protobuf-c messages and src/model structs. Used by the
 * client layer (replies to model) and the simulator (both ways). */
#ifndef DPJOBS_WIRE_CONVERT_H
#define DPJOBS_WIRE_CONVERT_H

#include "google/protobuf/any.pb-c.h"
#include "google/protobuf/timestamp.pb-c.h"
#include "google/rpc/status.pb-c.h"
#include "yandex/cloud/dataproc/v1/cluster.pb-c.h"
#include "yandex/cloud/dataproc/v1/cluster_service.pb-c.h"
#include "yandex/cloud/dataproc/v1/job.pb-c.h"
#include "yandex/cloud/dataproc/v1/job_service.pb-c.h"
#include "yandex/cloud/operation/operation.pb-c.h"
#include "yandex/cloud/operation/operation_service.pb-c.h"

#include "model/cluster.h"
#include "model/job.h"
#include "model/operation.h"

typedef Yandex__Cloud__Dataproc__V1__Job PbJob;
typedef Yandex__Cloud__Dataproc__V1__Cluster PbCluster;
typedef Yandex__Cloud__Dataproc__V1__CreateJobRequest PbCreateJobRequest;
typedef Yandex__Cloud__Operation__Operation PbOperation;

#define ANY_TYPE_PREFIX "type.googleapis.com/"

/* pb → model. Each returns a new object; caller frees with the model's _free(). */
struct job *wire_job_from_pb(const PbJob *pb);
struct operation *wire_operation_from_pb(const PbOperation *pb);
struct cluster *wire_cluster_from_pb(const PbCluster *pb);
/* The spec of a CreateJobRequest (type NONE when no job_spec is set). */
void wire_spec_from_create(const PbCreateJobRequest *req, struct job_spec *out);

/* model → pb. Each returns a newly heap-allocated message tree that does NOT
 * own the model's strings (they are borrowed): free it with wire_pb_free_*()
 * before the model object goes away. */
PbJob *wire_job_to_pb(const struct job *job);
/* Frees what wire_job_to_pb() allocated; NULL is a no-op. */
void wire_job_pb_free(PbJob *pb);
/* Fills req from the model spec (borrowing strings); free with wire_create_pb_done(). */
void wire_create_to_pb(const char *cluster_id, const char *name, const struct job_spec *spec,
                       PbCreateJobRequest *req);
void wire_create_pb_done(PbCreateJobRequest *req);
/* Metadata becomes a CreateJobMetadata Any when cluster_id or job_id is set;
 * the result is the error Status or the response Job packed into an Any.
 * Free with wire_operation_pb_free(). */
PbOperation *wire_operation_to_pb(const struct operation *op);
void wire_operation_pb_free(PbOperation *pb);
PbCluster *wire_cluster_to_pb(const struct cluster *c);
void wire_cluster_pb_free(PbCluster *pb);

/* Timestamps. NULL ↔ unset. */
void wire_ts_from_pb(const Google__Protobuf__Timestamp *pb, struct timestamp *out);
/* Returns a new Timestamp or NULL when unset; free with free(). */
Google__Protobuf__Timestamp *wire_ts_to_pb(const struct timestamp *ts);

/* Packs msg into a new Any (type_url = ANY_TYPE_PREFIX + full name); the Any
 * owns its type_url and value: free with wire_any_free(). */
Google__Protobuf__Any *wire_any_pack(const ProtobufCMessage *msg);
void wire_any_free(Google__Protobuf__Any *any);
/* Unpacks an Any whose type_url names desc; NULL on mismatch or bad bytes.
 * Free with protobuf_c_message_free_unpacked(). */
ProtobufCMessage *wire_any_unpack(const Google__Protobuf__Any *any,
                                  const ProtobufCMessageDescriptor *desc);

/* Packs a message into a new malloc'ed buffer; *len receives its size. */
unsigned char *wire_pack(const ProtobufCMessage *msg, size_t *len);

#endif
