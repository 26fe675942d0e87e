/* dpjobs entry point (the batch commands land next). */
#include "config.h"

#include <stdio.h>

int
main(void)
{
	puts(PACKAGE_STRING);
	return 0;
}
