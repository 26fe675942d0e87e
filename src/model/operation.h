/* A long-running operation (Create/Cancel) as plain data. */
#ifndef DPJOBS_MODEL_OPERATION_H
#define DPJOBS_MODEL_OPERATION_H

#include <stdbool.h>

#include "model/job.h"
#include "util/timefmt.h"

struct operation {
	char *id;
	char *description;
	char *created_by;
	struct timestamp created_at;
	struct timestamp modified_at;
	bool done;
	/* From metadata (CreateJobMetadata), NULL if absent. */
	char *cluster_id;
	char *job_id;
	/* result oneof: error or response, or neither while running. */
	bool has_error;
	int error_code;
	char *error_message;
	struct job *response; /* owned; NULL unless the response is a Job */
};

struct operation *operation_new(void);
void operation_free(struct operation *op);

#endif
