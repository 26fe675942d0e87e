/* The server's validation rules (wire-reference.md), shared by the client's
 * early checks and the simulator, so both give the same answer. */
#ifndef DPJOBS_MODEL_VALIDATE_H
#define DPJOBS_MODEL_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/job.h"

#define VALIDATE_ERR_LEN 512

/* Each returns true when valid; otherwise false with a one-line message in err
 * that names the field by its proto path, e.g.
 * "spark_job.properties: key \"1x\" does not match [a-zA-Z][-_0-9a-zA-Z.]*"
 * or "spark_job.main_jar_file_uri: required". */

/* CreateJobRequest: cluster_id, name, and the spec of its type (which must be set). */
bool validate_create_job(const char *cluster_id, const char *name, const struct job_spec *spec,
			 char err[VALIDATE_ERR_LEN]);
/* A resource id field (cluster_id, job_id, folder_id): required, length <= 50. */
bool validate_id(const char *field, const char *value, char err[VALIDATE_ERR_LEN]);
/* page_size of List (max 1000) or ListLog (max 1048576): 0 <= v <= max. */
bool validate_page_size(const char *field, int64_t value, int64_t max, char err[VALIDATE_ERR_LEN]);
/* page_token: length <= 100. */
bool validate_page_token(const char *value, char err[VALIDATE_ERR_LEN]);
/* The List filter grammar: empty, or name="VALUE" with VALUE matching
 * [a-z][-a-z0-9]{1,61}[a-z0-9] (spaces allowed around '='). On success
 * name_out (may be NULL) receives the value, "" for an empty filter. */
bool validate_filter(const char *filter, char name_out[64], char err[VALIDATE_ERR_LEN]);
/* Job name: empty, or matching [a-z][-a-z0-9]{1,61}[a-z0-9]. */
bool validate_job_name(const char *name);

#endif
