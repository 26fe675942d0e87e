/* Unit tests for src/rpc/auth_key: authorized key files and the PS256 JWT, checked with OpenSSL. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "rpc/auth.h"
#include "tap.h"
#include "util/xalloc.h"

#define TEST_KEY_ID "ajetestkeyid00000001"
#define TEST_SA_ID "ajetestaccount000001"
#define TEST_MARKER "PLEASE DO NOT REMOVE THIS LINE! Yandex.Cloud SA Key ID " TEST_KEY_ID "\n"

/* Decodes unpadded base64url; NULL on a character outside the alphabet. */
static unsigned char *
test_b64url_decode(const char *s, size_t len, size_t *n)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	unsigned char *out = xmalloc(len * 3 / 4 + 3);
	uint32_t acc = 0;
	int bits = 0;

	*n = 0;
	for (size_t i = 0; i < len; i++) {
		const char *p = s[i] != '\0' ? strchr(a, s[i]) : NULL;

		if (p == NULL) {
			free(out);
			return NULL;
		}
		acc = acc << 6 | (uint32_t)(p - a);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[(*n)++] = (unsigned char)(acc >> bits);
		}
	}
	out[*n] = '\0';
	return out;
}

static json_t *
test_json_part(const char *s, size_t len)
{
	size_t n;
	unsigned char *raw = test_b64url_decode(s, len, &n);
	json_t *j = raw != NULL ? json_loadb((const char *)raw, n, 0, NULL) : NULL;

	free(raw);
	return j;
}

static char *
test_pem(EVP_PKEY *pkey, bool private_key)
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *data, *copy;
	long len;

	if (private_key)
		PEM_write_bio_PrivateKey(bio, pkey, NULL, NULL, 0, NULL, NULL);
	else
		PEM_write_bio_PUBKEY(bio, pkey);
	len = BIO_get_mem_data(bio, &data);
	copy = xstrndup(data, (size_t)len);
	BIO_free(bio);
	return copy;
}

/* RSASSA-PSS, SHA-256, MGF1-SHA-256, salt 32: true when sig signs input under pkey. */
static bool
test_verify(EVP_PKEY *pkey, const char *input, size_t input_len, const unsigned char *sig,
            size_t sig_len)
{
	EVP_MD_CTX *mctx = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	bool good =
	    mctx != NULL && EVP_DigestVerifyInit(mctx, &pctx, EVP_sha256(), NULL, pkey) == 1 &&
	    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
	    EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1 &&
	    EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) == 1 &&
	    EVP_DigestVerify(mctx, sig, sig_len, (const unsigned char *)input, input_len) == 1;

	EVP_MD_CTX_free(mctx);
	return good;
}

static char *
test_key_json(const char *id, const char *sa, const char *private_pem)
{
	json_t *root = json_object();
	char *text;

	if (id != NULL)
		json_object_set_new(root, "id", json_string(id));
	if (sa != NULL)
		json_object_set_new(root, "service_account_id", json_string(sa));
	json_object_set_new(root, "key_algorithm", json_string("RSA_2048"));
	if (private_pem != NULL)
		json_object_set_new(root, "private_key", json_string(private_pem));
	text = json_dumps(root, JSON_INDENT(2));
	json_decref(root);
	return text;
}

/* A line of the private key's base64 body, which no error may quote. */
static char *
test_key_material(const char *pem)
{
	const char *line = strchr(pem, '\n') + 1;

	return xstrndup(line, 40);
}

static void
test_bad_files(const char *private_pem)
{
	char *material = test_key_material(private_pem);
	char *text, *err;
	struct rpc_auth_key *key;
	size_t len;

	/* A JSON syntax error inside the private key's string. */
	text = test_key_json(TEST_KEY_ID, TEST_SA_ID, private_pem);
	len = strlen(text);
	text[len / 2] = '"';
	err = NULL;
	key = rpc_auth_key_parse(text, len, &err);
	ok(key == NULL && err != NULL, "broken JSON is refused: %s", err ? err : "(no error)");
	ok(err != NULL && strstr(err, material) == NULL && strstr(err, "PRIVATE") == NULL,
	   "... without quoting the key");
	free(err);
	free(text);

	text = test_key_json(NULL, TEST_SA_ID, private_pem);
	err = NULL;
	key = rpc_auth_key_parse(text, strlen(text), &err);
	ok(key == NULL && err != NULL && strstr(err, "no id") != NULL,
	   "a key file without id names what is missing");
	ok(err != NULL && strstr(err, material) == NULL, "... without quoting the key");
	free(err);
	free(text);

	/* The PEM body damaged: OpenSSL cannot read it. */
	char *damaged = xstrdup(private_pem);
	char *body = strchr(damaged, '\n') + 1;

	for (int i = 0; i < 30; i++)
		body[i] = '!';
	text = test_key_json(TEST_KEY_ID, TEST_SA_ID, damaged);
	err = NULL;
	key = rpc_auth_key_parse(text, strlen(text), &err);
	ok(key == NULL && err != NULL, "a damaged private_key is refused: %s", err ? err : "");
	ok(err != NULL && strstr(err, material + 30) == NULL && strstr(err, "!!!!") == NULL,
	   "... without quoting it");
	free(err);
	free(text);
	free(damaged);

	err = NULL;
	key = rpc_auth_key_load("/nonexistent/dpjobs-key.json", &err);
	ok(key == NULL && err != NULL && strstr(err, "cannot read") != NULL,
	   "a missing key file: %s", err ? err : "");
	free(err);
	free(material);
}

int
main(void)
{
	EVP_PKEY *pkey = EVP_RSA_gen(2048);
	char *private_pem, *with_marker, *text, *err = NULL, *jwt;
	struct rpc_auth_key *key;
	int64_t now = (int64_t)time(NULL);

	plan(27);
	if (pkey == NULL) {
		printf("Bail out! no RSA key from OpenSSL\n");
		return 1;
	}
	private_pem = test_pem(pkey, true);
	with_marker = xasprintf("%s%s", TEST_MARKER, private_pem);
	text = test_key_json(TEST_KEY_ID, TEST_SA_ID, with_marker);
	key = rpc_auth_key_parse(text, strlen(text), &err);
	ok(key != NULL, "a key file whose private_key starts with PLEASE DO NOT REMOVE parses%s%s",
	   err ? ": " : "", err ? err : "");
	free(text);
	if (key == NULL)
		return done_testing();
	is_str(rpc_auth_key_id(key), TEST_KEY_ID, "key id");
	is_str(rpc_auth_key_account(key), TEST_SA_ID, "service account id");

	jwt = rpc_auth_key_jwt(key, now, &err);
	ok(jwt != NULL, "a JWT is made");
	const char *dot1 = strchr(jwt, '.');
	const char *dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;

	ok(dot1 != NULL && dot2 != NULL && strchr(dot2 + 1, '.') == NULL, "... of three parts");
	if (dot2 == NULL)
		return done_testing();
	json_t *header = test_json_part(jwt, (size_t)(dot1 - jwt));
	json_t *payload = test_json_part(dot1 + 1, (size_t)(dot2 - dot1 - 1));

	ok(header != NULL && payload != NULL, "header and payload are base64url JSON");
	is_str(json_string_value(json_object_get(header, "typ")), "JWT", "typ JWT");
	is_str(json_string_value(json_object_get(header, "alg")), "PS256", "alg PS256");
	is_str(json_string_value(json_object_get(header, "kid")), TEST_KEY_ID, "kid is the key id");
	is_str(json_string_value(json_object_get(payload, "iss")), TEST_SA_ID,
	       "iss is the service account");
	is_str(json_string_value(json_object_get(payload, "aud")),
	       "https://iam.api.cloud.yandex.net/iam/v1/tokens", "aud is the IAM token URL");
	json_int_t iat = json_integer_value(json_object_get(payload, "iat"));
	json_int_t exp = json_integer_value(json_object_get(payload, "exp"));

	ok(iat == now, "iat is now");
	ok(exp > iat && exp - iat <= 3600, "0 < exp - iat <= 3600 (%lld)", (long long)(exp - iat));

	size_t sig_len;
	unsigned char *sig = test_b64url_decode(dot2 + 1, strlen(dot2 + 1), &sig_len);

	ok(sig != NULL && sig_len == 256, "the signature is 256 bytes (RSA-2048)");
	ok(strchr(jwt, '=') == NULL && strchr(jwt, '+') == NULL && strchr(jwt, '/') == NULL,
	   "base64url without padding");
	ok(sig != NULL && test_verify(pkey, jwt, (size_t)(dot2 - jwt), sig, sig_len),
	   "RSASSA-PSS (SHA-256, MGF1-SHA-256, salt 32) verifies against the public key");

	/* The same check on an edited payload must fail, or the check proves nothing. */
	char *tampered = xstrdup(jwt);
	char *p = tampered + (dot1 - jwt) + 3;

	*p = *p == 'A' ? 'B' : 'A';
	ok(sig != NULL && !test_verify(pkey, tampered, (size_t)(dot2 - jwt), sig, sig_len),
	   "a tampered payload fails verification");
	free(tampered);

	/* A salt length other than 32 must not verify: the signer really used 32. */
	EVP_MD_CTX *mctx = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	bool other_salt = EVP_DigestVerifyInit(mctx, &pctx, EVP_sha256(), NULL, pkey) == 1 &&
	                  EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
	                  EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 20) == 1 &&
	                  EVP_DigestVerify(mctx, sig, sig_len, (const unsigned char *)jwt,
	                                   (size_t)(dot2 - jwt)) == 1;

	EVP_MD_CTX_free(mctx);
	ok(!other_salt, "... and does not verify with salt length 20");

	/* The public key from a PEM, as the simulator gets it. */
	char *public_pem = test_pem(pkey, false);
	BIO *bio = BIO_new_mem_buf(public_pem, -1);
	EVP_PKEY *pub = PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);

	ok(pub != NULL && sig != NULL && test_verify(pub, jwt, (size_t)(dot2 - jwt), sig, sig_len),
	   "it verifies against the PEM public key alone");
	EVP_PKEY_free(pub);
	BIO_free(bio);
	free(public_pem);

	/* Without the marker line too. */
	text = test_key_json(TEST_KEY_ID, TEST_SA_ID, private_pem);
	struct rpc_auth_key *plain = rpc_auth_key_parse(text, strlen(text), &err);

	ok(plain != NULL, "a key file without the marker line parses too");
	rpc_auth_key_free(plain);
	free(text);

	test_bad_files(private_pem);

	json_decref(header);
	json_decref(payload);
	free(sig);
	free(jwt);
	rpc_auth_key_free(key);
	free(with_marker);
	free(private_pem);
	EVP_PKEY_free(pkey);
	return done_testing();
}
