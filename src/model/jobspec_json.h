/* A job spec as the JSON that `dpjobs get --format json` prints: its name and
 * the object of its type ("spark_job", "pyspark_job", "mapreduce_job", "hive_job"). */
#ifndef DPJOBS_MODEL_JOBSPEC_JSON_H
#define DPJOBS_MODEL_JOBSPEC_JSON_H

#include <stdbool.h>

#include <jansson.h>

#include "model/job.h"

#define JOBSPEC_JSON_ERR_LEN 512

/* {"name": name, "<type>_job": {...}} with the proto field names, empty
 * fields left out as `dpjobs get` leaves them out. name may be NULL.
 * Returns a new reference; caller json_decref()s. */
json_t *jobspec_json_dump(const char *name, const struct job_spec *spec);

/* Parses such a document into *name (caller frees) and *spec (zeroed first;
 * caller frees with job_spec_done, also after a failure). The fields of a
 * whole `dpjobs get` object that the server sets (id, status, times...) are
 * ignored; any other unknown field is an error. On failure: false, a one-line
 * message naming the JSON path in err ("spark_job.args[2]: expected a
 * string") and in *line the 1-based line of the text it is about (0 when
 * unknown). The spec is not validated against the server's rules here. */
bool jobspec_json_parse(const char *text, char **name, struct job_spec *spec,
                        char err[JOBSPEC_JSON_ERR_LEN], int *line);

/* The 1-based line of text where the field a message is about appears: the
 * last member of the path that starts msg ("spark_job.properties: ..." ->
 * the line of "properties":), 0 when not found. */
int jobspec_json_line_of(const char *text, const char *msg);

#endif
