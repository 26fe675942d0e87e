/* Printing for the batch CLI: aligned tables, `field: value` records and JSON. */
#ifndef DPJOBS_CLI_OUTPUT_H
#define DPJOBS_CLI_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "cli/cli.h"
#include "model/cluster.h"
#include "model/job.h"
#include "model/operation.h"

/* Rows of sanitized cells, printed with columns aligned by display width, two spaces
 * apart, no trailing blanks. Owns its cells. */
struct output_table {
	const char *const *headers;
	size_t ncols;
	char **cells; /* nrows * ncols */
	size_t nrows;
	size_t cap;
	size_t *width;
};

void output_table_init(struct output_table *t, const char *const *headers, size_t ncols);
void output_table_done(struct output_table *t);
/* Adds one row of ncols untrusted strings (NULL = empty); each is sanitized. */
void output_table_add(struct output_table *t, const char *const *cells);
void output_table_print(const struct output_table *t, FILE *out);

/* The columns of `list`: ID NAME TYPE STATUS CREATED DURATION. */
void output_jobs_init(struct output_table *t);
/* Adds the job's row; DURATION is measured up to now for a running job. */
void output_jobs_add(struct output_table *t, const struct job *job, const struct timestamp *now);
/* The columns of `clusters`: ID NAME STATUS HEALTH ZONE CREATED. */
void output_clusters_init(struct output_table *t);
void output_clusters_add(struct output_table *t, const struct cluster *c);

/* Pretty JSON (2-space indent) and a newline; NULL prints nothing. */
void output_json(FILE *out, const json_t *json);
/* A job as the global --format asks: JSON as received, or `field: value` lines. */
void output_job(const struct cli *cli, const struct job *job, const json_t *json, FILE *out);
/* An operation: JSON as received, or the table OPERATION_ID JOB_ID DONE. */
void output_operation(const struct cli *cli, const struct operation *op, const json_t *json,
                      FILE *out);

#endif
