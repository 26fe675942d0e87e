/* The RPC handlers: JobService, OperationService, ClusterService, IamTokenService.Create. */
#ifndef DPJOBS_SIM_SERVICE_H
#define DPJOBS_SIM_SERVICE_H

#include <stddef.h>

#define SERVICE_MSG_LEN 600

/* One unary call as the handlers see it: no gRPC types, just bytes. */
struct service_call {
	const unsigned char *req;
	size_t req_len;
	const char *idem_key; /* idempotency-key metadata, NULL if absent */
	int status;           /* gRPC status code; 0 = OK */
	char message[SERVICE_MSG_LEN];
	unsigned char *resp; /* packed reply when status is OK; malloc'ed, the caller frees */
	size_t resp_len;
};

typedef void service_fn(struct service_call *c);

service_fn service_job_list;
service_fn service_job_create;
service_fn service_job_get;
service_fn service_job_list_log;
service_fn service_job_cancel;
service_fn service_operation_get;
service_fn service_operation_cancel;
service_fn service_cluster_list;
service_fn service_cluster_get;
service_fn service_iam_create;

/* Brings the world up to the simulated now (arrivals); call before each handler. */
void service_sync(void);

#endif
