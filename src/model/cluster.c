/* Clusters as plain data, with the names of their status and health enums. */
#include "config.h"

#include <stdlib.h>

#include "model/cluster.h"
#include "util/xalloc.h"

struct cluster *
cluster_new(void)
{
	return xcalloc(1, sizeof(struct cluster));
}

void
cluster_free(struct cluster *c)
{
	if (!c)
		return;
	free(c->id);
	free(c->folder_id);
	free(c->name);
	free(c->description);
	free(c->zone_id);
	free(c->version_id);
	kvlist_done(&c->labels);
	free(c);
}

/* Values are the wire values of yandex.cloud.dataproc.v1.Cluster.Status. */
static const char *const cluster_status_names[] = {
    "STATUS_UNKNOWN", "CREATING", "RUNNING", "ERROR", "STOPPING", "STOPPED", "STARTING",
};

/* Values are the wire values of yandex.cloud.dataproc.v1.Health. */
static const char *const cluster_health_names[] = {
    "HEALTH_UNKNOWN",
    "ALIVE",
    "DEAD",
    "DEGRADED",
};

const char *
cluster_status_name(int status)
{
	if (status < 0 || (size_t)status >= sizeof(cluster_status_names) / sizeof(char *))
		return "UNKNOWN";
	return cluster_status_names[status];
}

const char *
cluster_health_name(int health)
{
	if (health < 0 || (size_t)health >= sizeof(cluster_health_names) / sizeof(char *))
		return "UNKNOWN";
	return cluster_health_names[health];
}
