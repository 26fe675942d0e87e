/* Channels: target kind, TLS or plaintext credentials, channel arguments. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <grpc/grpc_security.h>

#include "rpc/internal.h"
#include "util/fdio.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

bool
rpc_channel_is_unix(const char *target)
{
	return strncmp(target, "unix:", 5) == 0 || strncmp(target, "unix-abstract:", 14) == 0;
}

/* A PEM bundle of roots is a few hundred KiB; anything far larger is not one. */
#define RPC_CHANNEL_PEM_MAX (16u << 20)

/* Reads the whole PEM file; NULL with *err set on failure. */
static char *
rpc_channel_read_pem(const char *path, char **err)
{
	struct strbuf sb = STRBUF_INIT;
	int rc = fdio_read_file(path, RPC_CHANNEL_PEM_MAX, &sb);

	if (rc < 0)
		*err = xasprintf("cannot read CA file %s: %s", path, strerror(errno));
	else if (rc > 0)
		*err = xasprintf("CA file %s is too large for a PEM bundle", path);
	else if (sb.len == 0)
		*err = xasprintf("CA file %s is empty", path);
	else
		return strbuf_detach(&sb);
	strbuf_done(&sb);
	return NULL;
}

static grpc_channel_credentials *
rpc_channel_credentials(const char *target, const struct rpc_config *cfg, char **err)
{
	grpc_channel_credentials *creds;
	char *pem = NULL;

	if (cfg->plaintext || rpc_channel_is_unix(target))
		return grpc_insecure_credentials_create();
	if (cfg->ca_file != NULL) {
		pem = rpc_channel_read_pem(cfg->ca_file, err);
		if (pem == NULL)
			return NULL;
	}
	/* NULL roots: gRPC picks the system bundle (PLATFORM-NOTES §4). */
	creds = grpc_ssl_credentials_create(pem, NULL, NULL, NULL);
	free(pem);
	if (creds == NULL)
		*err = xstrdup("cannot create TLS credentials");
	return creds;
}

grpc_channel *
rpc_channel_open(const char *target, const struct rpc_config *cfg, char **err)
{
	grpc_channel_credentials *creds;
	grpc_channel *ch;
	grpc_arg args[2];
	grpc_channel_args chargs = {.num_args = 2, .args = args};

	creds = rpc_channel_credentials(target, cfg, err);
	if (creds == NULL)
		return NULL;
	args[0].type = GRPC_ARG_INTEGER;
	args[0].key = (char *)GRPC_ARG_MAX_RECEIVE_MESSAGE_LENGTH;
	args[0].value.integer = RPC_MAX_RECEIVE_BYTES;
	args[1].type = GRPC_ARG_STRING;
	args[1].key = (char *)GRPC_ARG_PRIMARY_USER_AGENT_STRING;
	args[1].value.string = (char *)PACKAGE_NAME "/" PACKAGE_VERSION;
	ch = grpc_channel_create(target, creds, &chargs);
	grpc_channel_credentials_release(creds);
	if (ch == NULL)
		*err = xasprintf("cannot create a channel to %s", target);
	return ch;
}
