/* The simulated IAM: service-account keys, JWT (PS256) checks, OAuth and issued tokens. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include "sim/iam.h"
#include "util/fdio.h"
#include "util/xalloc.h"

/* The marker line newer authorized key files carry before the private key's PEM block. */
#define IAM_KEY_MARKER "PLEASE DO NOT REMOVE THIS LINE! Yandex.Cloud SA Key ID "
/* Random bytes of the two parts of an issued token: 22 and 86 base64url characters. */
#define IAM_TOKEN_HEAD 16
#define IAM_TOKEN_TAIL 64

struct iam_key {
	char *kid;
	char *sa_id; /* NULL: any iss */
	EVP_PKEY *pkey;
};

struct iam_token {
	char token[IAM_TOKEN_LEN];
	int64_t expires_at;
};

static struct iam_key *iam_keys;
static size_t iam_n_keys;
static char *iam_oauth;
static int64_t iam_ttl = IAM_DEFAULT_TTL;
static struct iam_token *iam_tokens;
static size_t iam_n_tokens;
/* The issued tokens (and the ttl) are shared by the gRPC server thread and the metadata
 * responder's (metadata.c); keys and the OAuth token are set before serving starts. */
static pthread_mutex_t iam_tokens_mu = PTHREAD_MUTEX_INITIALIZER;

static bool __attribute__((format(printf, 2, 3)))
iam_fail(char err[IAM_ERR_LEN], const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, IAM_ERR_LEN, fmt, ap);
	va_end(ap);
	/* OpenSSL's queue would otherwise surface in an unrelated later check. */
	ERR_clear_error();
	return false;
}

void
iam_reset(void)
{
	for (size_t i = 0; i < iam_n_keys; i++) {
		free(iam_keys[i].kid);
		free(iam_keys[i].sa_id);
		EVP_PKEY_free(iam_keys[i].pkey);
	}
	free(iam_keys);
	iam_keys = NULL;
	iam_n_keys = 0;
	if (iam_oauth) {
		OPENSSL_cleanse(iam_oauth, strlen(iam_oauth));
		free(iam_oauth);
	}
	iam_oauth = NULL;
	pthread_mutex_lock(&iam_tokens_mu);
	iam_ttl = IAM_DEFAULT_TTL;
	if (iam_tokens)
		OPENSSL_cleanse(iam_tokens, iam_n_tokens * sizeof(*iam_tokens));
	free(iam_tokens);
	iam_tokens = NULL;
	iam_n_tokens = 0;
	pthread_mutex_unlock(&iam_tokens_mu);
}

void
iam_set_oauth_token(const char *token)
{
	free(iam_oauth);
	iam_oauth = token ? xstrdup(token) : NULL;
}

void
iam_set_ttl(int64_t seconds)
{
	pthread_mutex_lock(&iam_tokens_mu);
	iam_ttl = seconds > 0 ? seconds : IAM_DEFAULT_TTL;
	pthread_mutex_unlock(&iam_tokens_mu);
}

static const char iam_b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* Unpadded base64url of n bytes into out (room for 4 * n / 3 + 2 characters). */
static void
iam_b64url_encode(const unsigned char *p, size_t n, char *out)
{
	size_t i = 0, o = 0;

	for (; i + 3 <= n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];

		out[o++] = iam_b64url[v >> 18];
		out[o++] = iam_b64url[(v >> 12) & 63];
		out[o++] = iam_b64url[(v >> 6) & 63];
		out[o++] = iam_b64url[v & 63];
	}
	if (n - i == 1) {
		uint32_t v = (uint32_t)p[i] << 16;

		out[o++] = iam_b64url[v >> 18];
		out[o++] = iam_b64url[(v >> 12) & 63];
	} else if (n - i == 2) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;

		out[o++] = iam_b64url[v >> 18];
		out[o++] = iam_b64url[(v >> 12) & 63];
		out[o++] = iam_b64url[(v >> 6) & 63];
	}
	out[o] = '\0';
}

static int
iam_b64url_value(char ch)
{
	const char *p = ch ? strchr(iam_b64url, ch) : NULL;

	return p ? (int)(p - iam_b64url) : -1;
}

/* Decodes unpadded base64url (JWT parts carry no '='); NULL on anything else. The result
 * is NUL-terminated for the JSON parser; *n excludes the NUL. */
static unsigned char *
iam_b64url_decode(const char *s, size_t len, size_t *n)
{
	unsigned char *out;
	uint32_t acc = 0;
	int bits = 0;
	size_t o = 0;

	if (len % 4 == 1)
		return NULL;
	out = xmalloc(len * 3 / 4 + 2);
	for (size_t i = 0; i < len; i++) {
		int v = iam_b64url_value(s[i]);

		if (v < 0) {
			free(out);
			return NULL;
		}
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (unsigned char)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	out[o] = '\0';
	*n = o;
	return out;
}

static struct iam_key *
iam_find_key(const char *kid)
{
	for (size_t i = 0; i < iam_n_keys; i++)
		if (strcmp(iam_keys[i].kid, kid) == 0)
			return &iam_keys[i];
	return NULL;
}

/* Takes pkey. A second key with the same id replaces the first. */
static void
iam_register(const char *kid, const char *sa_id, EVP_PKEY *pkey)
{
	struct iam_key *k = iam_find_key(kid);

	if (!k) {
		iam_keys = xrealloc(iam_keys, (iam_n_keys + 1) * sizeof(*iam_keys));
		k = &iam_keys[iam_n_keys++];
		k->kid = xstrdup(kid);
	} else {
		free(k->sa_id);
		EVP_PKEY_free(k->pkey);
	}
	k->sa_id = sa_id ? xstrdup(sa_id) : NULL;
	k->pkey = pkey;
}

bool
iam_add_public_key(const char *spec, char err[IAM_ERR_LEN])
{
	const char *eq = strchr(spec, '=');
	char *id, *colon, *sa = NULL;
	EVP_PKEY *pkey;
	FILE *f;

	if (!eq || eq == spec || !eq[1])
		return iam_fail(err, "--sa-public-key: expected KEY_ID[:SA_ID]=FILE, got \"%s\"",
		                spec);
	id = xstrndup(spec, (size_t)(eq - spec));
	colon = strchr(id, ':');
	if (colon) {
		*colon = '\0';
		sa = colon + 1;
	}
	if (!*id || (sa && !*sa)) {
		free(id);
		return iam_fail(err, "--sa-public-key: expected KEY_ID[:SA_ID]=FILE, got \"%s\"",
		                spec);
	}
	f = fopen(eq + 1, "r");
	if (!f) {
		free(id);
		return iam_fail(err, "--sa-public-key: %s: %s", eq + 1, strerror(errno));
	}
	pkey = PEM_read_PUBKEY(f, NULL, NULL, NULL);
	fclose(f);
	if (!pkey || EVP_PKEY_base_id(pkey) != EVP_PKEY_RSA) {
		EVP_PKEY_free(pkey);
		free(id);
		return iam_fail(err, "--sa-public-key: %s: not a PEM RSA public key", eq + 1);
	}
	iam_register(id, sa, pkey);
	free(id);
	return true;
}

/* A fresh id in the style of Yandex Cloud's: a 3-letter prefix and 17 characters. */
static void
iam_random_id(const char *prefix, char out[21])
{
	static const char alphabet[] = "0123456789abcdefghijklmnopqrstuv";
	unsigned char r[17];

	if (RAND_bytes(r, sizeof(r)) != 1)
		die("no random bytes from OpenSSL");
	memcpy(out, prefix, 3);
	for (size_t i = 0; i < sizeof(r); i++)
		out[3 + i] = alphabet[r[i] & 31];
	out[20] = '\0';
}

/* The PEM text of pkey's public or private half, as a new string; NULL on failure. */
static char *
iam_pem(EVP_PKEY *pkey, bool private_key)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *data, *out = NULL;
	long n;
	int ok;

	if (!b)
		return NULL;
	/* PEM_write_bio_PrivateKey writes PKCS#8 ("BEGIN PRIVATE KEY"), as the real files. */
	ok = private_key ? PEM_write_bio_PrivateKey(b, pkey, NULL, NULL, 0, NULL, NULL)
	                 : PEM_write_bio_PUBKEY(b, pkey);
	n = BIO_get_mem_data(b, &data);
	if (ok == 1 && n > 0) {
		out = xstrndup(data, (size_t)n);
		OPENSSL_cleanse(data, (size_t)n);
	}
	BIO_free(b);
	return out;
}

static EVP_PKEY *
iam_generate(void)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, NULL);
	EVP_PKEY *pkey = NULL;

	if (ctx && EVP_PKEY_keygen_init(ctx) == 1 &&
	    EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, 2048) == 1)
		EVP_PKEY_keygen(ctx, &pkey);
	EVP_PKEY_CTX_free(ctx);
	return pkey;
}

static void
iam_free_secret(char *s)
{
	if (s) {
		OPENSSL_cleanse(s, strlen(s));
		free(s);
	}
}

bool
iam_make_key_file(const char *path, char err[IAM_ERR_LEN])
{
	char kid[21], sa[21], created[32];
	char *pub = NULL, *priv = NULL, *marked = NULL, *text = NULL;
	EVP_PKEY *pkey;
	json_t *doc = NULL;
	struct tm tm;
	time_t now = time(NULL);
	bool ok = false;
	int fd;

	pkey = iam_generate();
	if (!pkey)
		return iam_fail(err, "--make-sa-key: cannot generate an RSA key");
	iam_random_id("ajk", kid);
	iam_random_id("aje", sa);
	gmtime_r(&now, &tm);
	strftime(created, sizeof(created), "%Y-%m-%dT%H:%M:%SZ", &tm);
	pub = iam_pem(pkey, false);
	priv = iam_pem(pkey, true);
	if (!pub || !priv) {
		iam_fail(err, "--make-sa-key: cannot encode the key");
		goto out;
	}
	marked = xasprintf(IAM_KEY_MARKER "%s\n%s", kid, priv);
	doc = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "id", kid, "service_account_id", sa,
	                "created_at", created, "key_algorithm", "RSA_2048", "public_key", pub,
	                "private_key", marked);
	text = doc ? json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	if (!text) {
		iam_fail(err, "--make-sa-key: cannot encode the key file");
		goto out;
	}
	/* 0600 from the first byte (and again below for a file that existed): it holds a
	 * private key. */
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		iam_fail(err, "--make-sa-key: %s: %s", path, strerror(errno));
		goto out;
	}
	if (fchmod(fd, 0600) != 0 || !fdio_write_all(fd, text, strlen(text)) ||
	    !fdio_write_all(fd, "\n", 1)) {
		iam_fail(err, "--make-sa-key: %s: %s", path, strerror(errno));
		close(fd);
		goto out;
	}
	if (close(fd) != 0) {
		iam_fail(err, "--make-sa-key: %s: %s", path, strerror(errno));
		goto out;
	}
	iam_register(kid, sa, pkey);
	pkey = NULL;
	ok = true;
out:
	iam_free_secret(text);
	json_decref(doc);
	iam_free_secret(marked);
	iam_free_secret(priv);
	free(pub);
	EVP_PKEY_free(pkey);
	return ok;
}

/* Decodes a base64url JSON object (a JWT header or payload); NULL if it is none. */
static json_t *
iam_json_part(const char *s, size_t len)
{
	size_t n;
	unsigned char *raw = iam_b64url_decode(s, len, &n);
	json_t *j;

	if (!raw)
		return NULL;
	j = json_loadb((const char *)raw, n, JSON_REJECT_DUPLICATES, NULL);
	free(raw);
	if (j && !json_is_object(j)) {
		json_decref(j);
		j = NULL;
	}
	return j;
}

static bool
iam_aud_ok(const json_t *aud)
{
	if (json_is_string(aud))
		return strcmp(json_string_value(aud), IAM_AUDIENCE) == 0;
	/* RFC 7519 also allows a list of audiences. */
	for (size_t i = 0; i < json_array_size(aud); i++) {
		const json_t *v = json_array_get(aud, i);

		if (json_is_string(v) && strcmp(json_string_value(v), IAM_AUDIENCE) == 0)
			return true;
	}
	return false;
}

static bool
iam_signature_ok(const struct iam_key *k, const char *signed_part, size_t signed_len,
                 const unsigned char *sig, size_t sig_len)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	bool ok;

	/* PS256 is exactly this: PSS, SHA-256, MGF1-SHA-256, salt as long as the hash. */
	ok =
	    md && EVP_DigestVerifyInit(md, &pctx, EVP_sha256(), NULL, k->pkey) == 1 &&
	    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
	    EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1 &&
	    EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) == 1 &&
	    EVP_DigestVerify(md, sig, sig_len, (const unsigned char *)signed_part, signed_len) == 1;
	EVP_MD_CTX_free(md);
	ERR_clear_error();
	return ok;
}

/* The claims of the payload against key k at now. */
static bool
iam_claims_ok(const json_t *payload, const struct iam_key *k, int64_t now, char err[IAM_ERR_LEN])
{
	const json_t *iss = json_object_get(payload, "iss");
	const json_t *iat = json_object_get(payload, "iat");
	const json_t *exp = json_object_get(payload, "exp");
	double t_iat, t_exp;

	if (!json_is_string(iss) || !*json_string_value(iss))
		return iam_fail(err, "invalid JWT: no iss (the service account id)");
	if (k->sa_id && strcmp(json_string_value(iss), k->sa_id) != 0)
		return iam_fail(err, "invalid JWT: iss is not the service account of key %s",
		                k->kid);
	if (!iam_aud_ok(json_object_get(payload, "aud")))
		return iam_fail(err, "invalid JWT: aud must be %s", IAM_AUDIENCE);
	if (!json_is_number(iat) || !json_is_number(exp))
		return iam_fail(err, "invalid JWT: iat and exp must be numbers (Unix seconds)");
	t_iat = json_number_value(iat);
	t_exp = json_number_value(exp);
	if (t_exp <= t_iat)
		return iam_fail(err, "invalid JWT: exp is not after iat");
	if (t_exp - t_iat > IAM_JWT_MAX_LIFETIME)
		return iam_fail(err, "invalid JWT: lifetime exp - iat is over %d s",
		                IAM_JWT_MAX_LIFETIME);
	if (t_iat > (double)(now + IAM_JWT_SKEW))
		return iam_fail(err, "invalid JWT: iat is in the future");
	if (t_exp <= (double)now)
		return iam_fail(err, "invalid JWT: expired");
	return true;
}

bool
iam_verify_jwt(const char *jwt, int64_t now, char err[IAM_ERR_LEN])
{
	const char *d1 = strchr(jwt, '.');
	const char *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
	json_t *header = NULL, *payload = NULL;
	const json_t *alg, *kid;
	const struct iam_key *k;
	unsigned char *sig = NULL;
	size_t sig_len;
	bool ok = false;

	if (!d2 || strchr(d2 + 1, '.'))
		return iam_fail(err, "invalid JWT: expected three base64url parts");
	header = iam_json_part(jwt, (size_t)(d1 - jwt));
	payload = iam_json_part(d1 + 1, (size_t)(d2 - d1 - 1));
	if (!header || !payload) {
		iam_fail(err, "invalid JWT: %s is not base64url JSON",
		         header ? "payload" : "header");
		goto out;
	}
	alg = json_object_get(header, "alg");
	kid = json_object_get(header, "kid");
	if (!json_is_string(alg) || strcmp(json_string_value(alg), "PS256") != 0) {
		iam_fail(err, "invalid JWT: alg must be PS256");
		goto out;
	}
	if (!json_is_string(kid)) {
		iam_fail(err, "invalid JWT: no kid (the key id)");
		goto out;
	}
	k = iam_find_key(json_string_value(kid));
	if (!k) {
		iam_fail(err, "invalid JWT: unknown key id \"%.40s\"", json_string_value(kid));
		goto out;
	}
	sig = iam_b64url_decode(d2 + 1, strlen(d2 + 1), &sig_len);
	if (!sig || sig_len == 0) {
		iam_fail(err, "invalid JWT: the signature is not base64url");
		goto out;
	}
	/* The signature first: claims of an unsigned JWT are not worth reporting. */
	if (!iam_signature_ok(k, jwt, (size_t)(d2 - jwt), sig, sig_len)) {
		iam_fail(err, "invalid JWT: the PS256 signature does not verify with key %s",
		         k->kid);
		goto out;
	}
	ok = iam_claims_ok(payload, k, now, err);
out:
	free(sig);
	json_decref(header);
	json_decref(payload);
	return ok;
}

bool
iam_check_oauth(const char *token)
{
	size_t n;

	if (!iam_oauth || !token)
		return false;
	n = strlen(token);
	return n == strlen(iam_oauth) && CRYPTO_memcmp(token, iam_oauth, n) == 0;
}

void
iam_issue(int64_t now, char token[IAM_TOKEN_LEN], int64_t *expires_at)
{
	unsigned char r[IAM_TOKEN_HEAD + IAM_TOKEN_TAIL];
	size_t keep = 0;

	if (RAND_bytes(r, sizeof(r)) != 1)
		die("no random bytes from OpenSSL");
	memcpy(token, "t1.", 3);
	iam_b64url_encode(r, IAM_TOKEN_HEAD, token + 3);
	token[25] = '.';
	iam_b64url_encode(r + IAM_TOKEN_HEAD, IAM_TOKEN_TAIL, token + 26);
	OPENSSL_cleanse(r, sizeof(r));
	pthread_mutex_lock(&iam_tokens_mu);
	*expires_at = now + iam_ttl;
	/* Expired tokens go here, so a long run with a short --token-ttl stays small. */
	for (size_t i = 0; i < iam_n_tokens; i++)
		if (iam_tokens[i].expires_at > now)
			iam_tokens[keep++] = iam_tokens[i];
	iam_n_tokens = keep;
	iam_tokens = xrealloc(iam_tokens, (iam_n_tokens + 1) * sizeof(*iam_tokens));
	memcpy(iam_tokens[iam_n_tokens].token, token, IAM_TOKEN_LEN);
	iam_tokens[iam_n_tokens].expires_at = *expires_at;
	iam_n_tokens++;
	pthread_mutex_unlock(&iam_tokens_mu);
}

bool
iam_token_valid(const char *token, int64_t now)
{
	size_t n = strlen(token);
	bool valid = false;

	if (n != IAM_TOKEN_LEN - 1)
		return false;
	pthread_mutex_lock(&iam_tokens_mu);
	for (size_t i = 0; i < iam_n_tokens; i++)
		if (CRYPTO_memcmp(iam_tokens[i].token, token, n) == 0) {
			valid = iam_tokens[i].expires_at > now;
			break;
		}
	pthread_mutex_unlock(&iam_tokens_mu);
	return valid;
}
