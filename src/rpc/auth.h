/* Service-account authorized keys and the PS256 JWT exchanged for an IAM token; no gRPC types. */
#ifndef DPJOBS_RPC_AUTH_H
#define DPJOBS_RPC_AUTH_H

#include <stddef.h>
#include <stdint.h>

/* The audience IamTokenService accepts (wire-reference §8.3). */
#define RPC_AUTH_JWT_AUDIENCE "https://iam.api.cloud.yandex.net/iam/v1/tokens"
/* exp - iat; IAM refuses more than an hour. */
#define RPC_AUTH_JWT_LIFETIME_S 3600

struct rpc_auth_key;

/* Parses an authorized key file (JSON: id, service_account_id, private_key). Errors say what
 * is wrong without quoting the file's content; caller frees *err. */
struct rpc_auth_key *rpc_auth_key_parse(const char *json, size_t len, char **err);
/* Reads and parses path. */
struct rpc_auth_key *rpc_auth_key_load(const char *path, char **err);
void rpc_auth_key_free(struct rpc_auth_key *key);
const char *rpc_auth_key_id(const struct rpc_auth_key *key);
const char *rpc_auth_key_account(const struct rpc_auth_key *key);
/* header.payload.signature for iat = now; NULL with *err on failure. Caller wipes and frees. */
char *rpc_auth_key_jwt(const struct rpc_auth_key *key, int64_t now, char **err);
/* base64url without padding; caller frees. */
char *rpc_auth_base64url(const unsigned char *data, size_t len);

#endif
