/* Random (v4) UUID strings from libuuid. */
#include "config.h"

#include <uuid/uuid.h>

#include "util/uuid.h"

void
uuid_generate_str(char out[UUID_STR_LEN])
{
	uuid_t u;

	uuid_generate_random(u);
	uuid_unparse_lower(u, out);
}
