/* Random (v4) UUIDs for x-request-id and idempotency-key metadata. */
#ifndef DPJOBS_UTIL_UUID_H
#define DPJOBS_UTIL_UUID_H

#define UUID_STR_LEN 37 /* 36 characters and the NUL */

/* Writes a lower-case v4 UUID such as "0b7c...-...." into out. */
void uuid_generate_str(char out[UUID_STR_LEN]);

#endif
