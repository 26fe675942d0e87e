/* Any protobuf-c message to JSON the way `yc --format json` prints it: proto
 * field names, enums by name, Timestamps in RFC 3339 UTC, int64 as strings,
 * maps as objects, unset fields omitted, known Any types expanded with "@type". */
#ifndef DPJOBS_WIRE_PBJSON_H
#define DPJOBS_WIRE_PBJSON_H

#include <jansson.h>
#include <protobuf-c/protobuf-c.h>

/* Returns a new reference; caller releases with json_decref(). */
json_t *pbjson_from_message(const ProtobufCMessage *msg);

#endif
