/* The simulated IAM: service-account keys, JWT (PS256) checks, OAuth and issued tokens. */
#ifndef DPJOBS_SIM_IAM_H
#define DPJOBS_SIM_IAM_H

#include <stdbool.h>
#include <stdint.h>

#define IAM_ERR_LEN 256
/* The audience every JWT for IamTokenService.Create must name. */
#define IAM_AUDIENCE "https://iam.api.cloud.yandex.net/iam/v1/tokens"
/* The longest JWT lifetime (exp - iat) the real service accepts, in seconds. */
#define IAM_JWT_MAX_LIFETIME 3600
/* How far in the future iat may lie (clock skew between client and us), in seconds. */
#define IAM_JWT_SKEW 300
/* Default lifetime of an issued token: the real service's 12 hours. */
#define IAM_DEFAULT_TTL (12 * 3600)
/* Size of an issued token with its NUL: "t1." 22 "." 86. */
#define IAM_TOKEN_LEN 113

/*
 * The state is the process's own (one simulator per process, sim.h) and is used from the
 * server thread only once serving starts. No function here prints a token or a key.
 */

/* Forgets every key, the OAuth token and every issued token. */
void iam_reset(void);
/* The accepted yandex_passport_oauth_token; NULL accepts none. Copied. */
void iam_set_oauth_token(const char *token);
/* Lifetime of the tokens issued from now on, in seconds (> 0). */
void iam_set_ttl(int64_t seconds);

/* --sa-public-key SPEC: "KEY_ID=FILE" or "KEY_ID:SA_ID=FILE", FILE a PEM public key
 * (SPKI, "BEGIN PUBLIC KEY"). Without SA_ID any non-empty iss is accepted for that key. */
bool iam_add_public_key(const char *spec, char err[IAM_ERR_LEN]);
/* --make-sa-key FILE: makes an RSA-2048 key pair with fresh key and service account ids,
 * writes the authorized key file (JSON as `yc iam key create` writes it, private key
 * behind the "PLEASE DO NOT REMOVE THIS LINE!" line) with mode 0600 and accepts the key. */
bool iam_make_key_file(const char *path, char err[IAM_ERR_LEN]);

/* Checks a JWT for IamTokenService.Create at Unix time now: PS256 with a known kid,
 * iss, aud, iat and exp, the RSASSA-PSS signature. False with a one-line reason that
 * never quotes the JWT. */
bool iam_verify_jwt(const char *jwt, int64_t now, char err[IAM_ERR_LEN]);
/* True when token is the accepted OAuth token (compared in constant time). */
bool iam_check_oauth(const char *token);

/* Issues a new token at Unix time now; *expires_at receives its expiry (Unix seconds). */
void iam_issue(int64_t now, char token[IAM_TOKEN_LEN], int64_t *expires_at);
/* True when token was issued here and has not expired at now. */
bool iam_token_valid(const char *token, int64_t now);

#endif
