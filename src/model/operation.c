/* Long-running operations as plain data. */
#include "config.h"

#include <stdlib.h>

#include "model/operation.h"
#include "util/xalloc.h"

struct operation *
operation_new(void)
{
	return xcalloc(1, sizeof(struct operation));
}

void
operation_free(struct operation *op)
{
	if (!op)
		return;
	free(op->id);
	free(op->description);
	free(op->created_by);
	free(op->cluster_id);
	free(op->job_id);
	free(op->error_message);
	job_free(op->response);
	free(op);
}
