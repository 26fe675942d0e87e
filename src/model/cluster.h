/* A Data Proc cluster as plain data: what a cluster picker shows. */
#ifndef DPJOBS_MODEL_CLUSTER_H
#define DPJOBS_MODEL_CLUSTER_H

#include "model/job.h"
#include "util/timefmt.h"

struct cluster {
	char *id;
	char *folder_id;
	char *name;
	char *description;
	char *zone_id;
	char *version_id;
	struct timestamp created_at;
	int health; /* HEALTH_UNKNOWN 0, ALIVE 1, DEAD 2, DEGRADED 3 */
	int status; /* STATUS_UNKNOWN 0, CREATING 1, RUNNING 2, ERROR 3, STOPPING 4, STOPPED 5, STARTING 6 */
	struct kvlist labels;
};

struct cluster *cluster_new(void);
void cluster_free(struct cluster *c);
const char *cluster_status_name(int status);
const char *cluster_health_name(int health);

#endif
