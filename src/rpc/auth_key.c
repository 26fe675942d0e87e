/* Authorized key files and the RSASSA-PSS (PS256) JWT built from them with OpenSSL. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "rpc/auth.h"
#include "util/fdio.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Key files are a few KiB; anything far larger is the wrong file. */
#define RPC_AUTH_KEY_MAX (1024 * 1024)

struct rpc_auth_key {
	char *id;
	char *account;
	EVP_PKEY *pkey;
};

char *
rpc_auth_base64url(const unsigned char *data, size_t len)
{
	static const char alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	char *out = xmalloc((len + 2) / 3 * 4 + 1);
	size_t i, o = 0;

	for (i = 0; i + 2 < len; i += 3) {
		uint32_t v = (uint32_t)data[i] << 16 | (uint32_t)data[i + 1] << 8 | data[i + 2];

		out[o++] = alphabet[v >> 18 & 63];
		out[o++] = alphabet[v >> 12 & 63];
		out[o++] = alphabet[v >> 6 & 63];
		out[o++] = alphabet[v & 63];
	}
	if (len - i == 1) {
		uint32_t v = (uint32_t)data[i] << 16;

		out[o++] = alphabet[v >> 18 & 63];
		out[o++] = alphabet[v >> 12 & 63];
	} else if (len - i == 2) {
		uint32_t v = (uint32_t)data[i] << 16 | (uint32_t)data[i + 1] << 8;

		out[o++] = alphabet[v >> 18 & 63];
		out[o++] = alphabet[v >> 12 & 63];
		out[o++] = alphabet[v >> 6 & 63];
	}
	out[o] = '\0';
	return out;
}

static const char *
rpc_auth_key_string(json_t *root, const char *name)
{
	const char *s = json_string_value(json_object_get(root, name));

	return s != NULL && *s != '\0' ? s : NULL;
}

/* Newer key files put "PLEASE DO NOT REMOVE THIS LINE! ..." before the PEM block; starting
 * the reader at -----BEGIN does not depend on how the OpenSSL version treats that line. */
static EVP_PKEY *
rpc_auth_key_read_pem(const char *pem)
{
	const char *begin = strstr(pem, "-----BEGIN");
	EVP_PKEY *pkey;
	BIO *bio;

	if (begin == NULL)
		return NULL;
	bio = BIO_new_mem_buf(begin, (int)strlen(begin));
	if (bio == NULL)
		return NULL;
	pkey = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
	BIO_free(bio);
	return pkey;
}

struct rpc_auth_key *
rpc_auth_key_parse(const char *json, size_t len, char **err)
{
	struct rpc_auth_key *key;
	const char *id, *account, *pem;
	json_error_t jerr;
	json_t *root;

	root = json_loadb(json, len, 0, &jerr);
	if (root == NULL || !json_is_object(root)) {
		/* jerr.text may quote the content, which holds the private key. */
		*err = xasprintf("not a JSON key file (line %d)", jerr.line);
		json_decref(root);
		return NULL;
	}
	id = rpc_auth_key_string(root, "id");
	account = rpc_auth_key_string(root, "service_account_id");
	pem = rpc_auth_key_string(root, "private_key");
	if (id == NULL || account == NULL || pem == NULL) {
		*err = xasprintf("the key file has no %s (is it a service account authorized key?)",
		                 id == NULL        ? "id"
		                 : account == NULL ? "service_account_id"
		                                   : "private_key");
		json_decref(root);
		return NULL;
	}
	key = xcalloc(1, sizeof *key);
	key->pkey = rpc_auth_key_read_pem(pem);
	if (key->pkey == NULL || EVP_PKEY_base_id(key->pkey) != EVP_PKEY_RSA) {
		*err = xstrdup("the private_key of the key file is not a PEM RSA private key");
		EVP_PKEY_free(key->pkey);
		free(key);
		json_decref(root);
		return NULL;
	}
	key->id = xstrdup(id);
	key->account = xstrdup(account);
	json_decref(root);
	return key;
}

struct rpc_auth_key *
rpc_auth_key_load(const char *path, char **err)
{
	struct strbuf sb = STRBUF_INIT;
	struct rpc_auth_key *key = NULL;
	int rc = fdio_read_file(path, RPC_AUTH_KEY_MAX, &sb);

	if (rc < 0)
		*err = xasprintf("cannot read the key file: %s", strerror(errno));
	else if (rc > 0)
		*err = xstrdup("the key file is too large for a key");
	else
		key = rpc_auth_key_parse(sb.len ? sb.buf : "", sb.len, err);
	if (sb.buf != NULL)
		explicit_bzero(sb.buf, sb.len);
	strbuf_done(&sb);
	return key;
}

void
rpc_auth_key_free(struct rpc_auth_key *key)
{
	if (key == NULL)
		return;
	EVP_PKEY_free(key->pkey);
	free(key->id);
	free(key->account);
	free(key);
}

const char *
rpc_auth_key_id(const struct rpc_auth_key *key)
{
	return key->id;
}

const char *
rpc_auth_key_account(const struct rpc_auth_key *key)
{
	return key->account;
}

/* base64url of the compact JSON of obj; steals the reference. */
static char *
rpc_auth_key_b64json(json_t *obj)
{
	char *text = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
	char *out = rpc_auth_base64url((const unsigned char *)text, strlen(text));

	free(text);
	json_decref(obj);
	return out;
}

/* RSASSA-PSS over input: SHA-256, MGF1-SHA-256, salt as long as the digest (§8.3). */
static unsigned char *
rpc_auth_key_sign(EVP_PKEY *pkey, const char *input, size_t *sig_len)
{
	EVP_MD_CTX *mctx = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	unsigned char *sig = NULL;
	size_t len = 0;

	if (mctx == NULL || EVP_DigestSignInit(mctx, &pctx, EVP_sha256(), NULL, pkey) != 1 ||
	    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
	    EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1 ||
	    EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) != 1 ||
	    EVP_DigestSign(mctx, NULL, &len, (const unsigned char *)input, strlen(input)) != 1)
		goto out;
	sig = xmalloc(len);
	if (EVP_DigestSign(mctx, sig, &len, (const unsigned char *)input, strlen(input)) != 1) {
		free(sig);
		sig = NULL;
		goto out;
	}
	*sig_len = len;
out:
	EVP_MD_CTX_free(mctx);
	return sig;
}

char *
rpc_auth_key_jwt(const struct rpc_auth_key *key, int64_t now, char **err)
{
	char *header, *payload, *input, *b64sig, *jwt;
	unsigned char *sig;
	size_t sig_len;

	header = rpc_auth_key_b64json(
	    json_pack("{s:s, s:s, s:s}", "typ", "JWT", "alg", "PS256", "kid", key->id));
	payload = rpc_auth_key_b64json(
	    json_pack("{s:s, s:s, s:I, s:I}", "iss", key->account, "aud", RPC_AUTH_JWT_AUDIENCE,
	              "iat", (json_int_t)now, "exp", (json_int_t)(now + RPC_AUTH_JWT_LIFETIME_S)));
	input = xasprintf("%s.%s", header, payload);
	free(header);
	free(payload);
	sig = rpc_auth_key_sign(key->pkey, input, &sig_len);
	if (sig == NULL) {
		*err = xstrdup("cannot sign the JWT with the key file's private key");
		free(input);
		return NULL;
	}
	b64sig = rpc_auth_base64url(sig, sig_len);
	free(sig);
	jwt = xasprintf("%s.%s", input, b64sig);
	free(input);
	free(b64sig);
	return jwt;
}
