/* Unit tests for src/sim/iam: the key file, JWT (PS256) checks, OAuth and issued tokens. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "sim/iam.h"
#include "tap.h"
#include "util/xalloc.h"

#define TEST_MARKER "PLEASE DO NOT REMOVE THIS LINE! Yandex.Cloud SA Key ID "

static char test_dir[] = "/tmp/test_sim_iam.XXXXXX";

/* Unpadded base64url of n bytes, as a new string. */
static char *
test_b64url(const unsigned char *p, size_t n)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	char *out = xmalloc(n * 4 / 3 + 4);
	size_t o = 0;

	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16;
		size_t left = n - i;

		if (left > 1)
			v |= (uint32_t)p[i + 1] << 8;
		if (left > 2)
			v |= p[i + 2];
		out[o++] = a[v >> 18];
		out[o++] = a[(v >> 12) & 63];
		if (left > 1)
			out[o++] = a[(v >> 6) & 63];
		if (left > 2)
			out[o++] = a[v & 63];
	}
	out[o] = '\0';
	return out;
}

static char *
test_b64url_str(const char *s)
{
	return test_b64url((const unsigned char *)s, strlen(s));
}

/* Signs "HEADER.PAYLOAD" (JSON texts) with pkey: padding RSA_PKCS1_PSS_PADDING with
 * saltlen, or RSA_PKCS1_PADDING; returns the whole JWT. */
static char *
test_jwt(EVP_PKEY *pkey, const char *header, const char *payload, int padding, int saltlen)
{
	char *h = test_b64url_str(header), *p = test_b64url_str(payload);
	char *signing = xasprintf("%s.%s", h, p), *sig_b64, *jwt;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	unsigned char sig[1024];
	size_t sig_len = sizeof(sig);

	if (EVP_DigestSignInit(md, &pctx, EVP_sha256(), NULL, pkey) != 1 ||
	    EVP_PKEY_CTX_set_rsa_padding(pctx, padding) != 1 ||
	    (padding == RSA_PKCS1_PSS_PADDING &&
	     (EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, saltlen) != 1 ||
	      EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) != 1)) ||
	    EVP_DigestSign(md, sig, &sig_len, (const unsigned char *)signing, strlen(signing)) != 1)
		die("test: signing failed");
	EVP_MD_CTX_free(md);
	sig_b64 = test_b64url(sig, sig_len);
	jwt = xasprintf("%s.%s", signing, sig_b64);
	free(h);
	free(p);
	free(signing);
	free(sig_b64);
	return jwt;
}

static char *
test_header(const char *alg, const char *kid)
{
	return xasprintf("{\"typ\":\"JWT\",\"alg\":\"%s\",\"kid\":\"%s\"}", alg, kid);
}

static char *
test_payload(const char *iss, const char *aud, long long iat, long long exp)
{
	return xasprintf("{\"iss\":\"%s\",\"aud\":\"%s\",\"iat\":%lld,\"exp\":%lld}", iss, aud, iat,
	                 exp);
}

/* Verifies a JWT made from the parts; *err receives the reason. */
static bool
test_verify(EVP_PKEY *pkey, const char *alg, const char *kid, const char *iss, const char *aud,
            long long iat, long long exp, int padding, int saltlen, int64_t now,
            char err[IAM_ERR_LEN])
{
	char *h = test_header(alg, kid), *p = test_payload(iss, aud, iat, exp);
	char *jwt = test_jwt(pkey, h, p, padding, saltlen);
	const char *sig = strrchr(jwt, '.') + 1;
	bool ok;

	err[0] = '\0';
	ok = iam_verify_jwt(jwt, now, err);
	/* A refusal names what is wrong, never the JWT or a part of it. */
	if (!ok && (strstr(err, sig) || strstr(err, jwt)))
		strcpy(err, "THE MESSAGE QUOTES THE JWT");
	free(h);
	free(p);
	free(jwt);
	return ok;
}

static EVP_PKEY *
test_generate(void)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, NULL);
	EVP_PKEY *pkey = NULL;

	if (!ctx || EVP_PKEY_keygen_init(ctx) != 1 ||
	    EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, 2048) != 1 || EVP_PKEY_keygen(ctx, &pkey) != 1)
		die("test: cannot generate a key");
	EVP_PKEY_CTX_free(ctx);
	return pkey;
}

static char *
test_read(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = xcalloc(1, 65536);

	if (f) {
		size_t n = fread(buf, 1, 65535, f);

		buf[n] = '\0';
		fclose(f);
	}
	return buf;
}

int
main(void)
{
	char *key_path, *pub_path, *text, err[IAM_ERR_LEN], tok[IAM_TOKEN_LEN], tok2[IAM_TOKEN_LEN];
	const char *kid, *sa, *priv, *pub, *aud = IAM_AUDIENCE;
	json_t *doc;
	struct stat st;
	EVP_PKEY *pkey, *other;
	BIO *b;
	FILE *f;
	int64_t now = (int64_t)time(NULL), exp_at, exp2;
	const int pss = RSA_PKCS1_PSS_PADDING, salt = RSA_PSS_SALTLEN_DIGEST;
	bool good_chars = true;

	plan(44);
	if (!mkdtemp(test_dir))
		die("mkdtemp: %s", test_dir);
	key_path = xasprintf("%s/key.json", test_dir);
	pub_path = xasprintf("%s/pub.pem", test_dir);

	/* ---- the key file ---- */
	err[0] = '\0';
	ok(iam_make_key_file(key_path, err), "--make-sa-key writes a key file %s", err);
	memset(&st, 0, sizeof(st));
	stat(key_path, &st);
	ok((st.st_mode & 0777) == 0600, "it has mode 0600 (%o)", (unsigned)(st.st_mode & 0777));
	text = test_read(key_path);
	doc = json_loads(text, 0, NULL);
	ok(json_is_object(doc), "it is a JSON object");
	kid = json_string_value(json_object_get(doc, "id"));
	sa = json_string_value(json_object_get(doc, "service_account_id"));
	priv = json_string_value(json_object_get(doc, "private_key"));
	pub = json_string_value(json_object_get(doc, "public_key"));
	ok(kid && strlen(kid) == 20 && sa && strlen(sa) == 20 && strcmp(kid, sa) != 0,
	   "id and service_account_id are 20-character ids");
	is_str(json_string_value(json_object_get(doc, "key_algorithm")), "RSA_2048",
	       "key_algorithm is RSA_2048");
	ok(json_string_value(json_object_get(doc, "created_at")) &&
	       strlen(json_string_value(json_object_get(doc, "created_at"))) == 20,
	   "created_at is an RFC 3339 UTC time");
	ok(pub && strncmp(pub, "-----BEGIN PUBLIC KEY-----\n", 27) == 0,
	   "public_key is a PEM SPKI public key");
	{
		char *want = xasprintf(TEST_MARKER "%s\n-----BEGIN PRIVATE KEY-----\n", kid);

		ok(priv && strncmp(priv, want, strlen(want)) == 0,
		   "private_key starts with the 'PLEASE DO NOT REMOVE THIS LINE!' line naming "
		   "the key, then a PKCS#8 PEM block");
		free(want);
	}
	b = BIO_new_mem_buf(priv ? priv : "", -1);
	pkey = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);
	BIO_free(b);
	ok(pkey && EVP_PKEY_bits(pkey) == 2048,
	   "OpenSSL's PEM reader skips that line and reads an RSA-2048 key");
	if (!pkey)
		return done_testing();

	/* ---- JWTs against the generated key ---- */
	ok(test_verify(pkey, "PS256", kid, sa, aud, now, now + 3600, pss, salt, now, err),
	   "a good PS256 JWT verifies %s", err);
	ok(test_verify(pkey, "PS256", kid, sa, aud, now - 10, now + 60, pss, salt, now, err),
	   "a short-lived one too %s", err);
	ok(!test_verify(pkey, "PS256", "ajkunknownkey0000000", sa, aud, now, now + 60, pss, salt,
	                now, err) &&
	       strstr(err, "unknown key id"),
	   "an unknown kid is refused: %s", err);
	ok(!test_verify(pkey, "PS256", kid, sa, "https://example.com/", now, now + 60, pss, salt,
	                now, err) &&
	       strstr(err, "aud"),
	   "a wrong aud is refused: %s", err);
	ok(!test_verify(pkey, "PS256", kid, "ajeotheraccount00000", aud, now, now + 60, pss, salt,
	                now, err) &&
	       strstr(err, "iss"),
	   "another service account as iss is refused: %s", err);
	ok(!test_verify(pkey, "PS256", kid, sa, aud, now, now + 3601, pss, salt, now, err) &&
	       strstr(err, "3600"),
	   "exp - iat of 3601 s is refused: %s", err);
	ok(!test_verify(pkey, "PS256", kid, sa, aud, now - 200, now - 100, pss, salt, now, err) &&
	       strstr(err, "expired"),
	   "an expired JWT is refused: %s", err);
	ok(!test_verify(pkey, "PS256", kid, sa, aud, now + 3000, now + 3100, pss, salt, now, err) &&
	       strstr(err, "future"),
	   "an iat far in the future is refused: %s", err);
	ok(!test_verify(pkey, "PS256", kid, sa, aud, now, now, pss, salt, now, err) &&
	       strstr(err, "after iat"),
	   "exp equal to iat is refused: %s", err);
	ok(!test_verify(pkey, "RS256", kid, sa, aud, now, now + 60, RSA_PKCS1_PADDING, 0, now,
	                err) &&
	       strstr(err, "PS256"),
	   "alg RS256 is refused: %s", err);
	ok(!test_verify(pkey, "PS256", kid, sa, aud, now, now + 60, RSA_PKCS1_PADDING, 0, now,
	                err) &&
	       strstr(err, "signature"),
	   "a PKCS#1 v1.5 signature under alg PS256 is refused: %s", err);
	ok(!test_verify(pkey, "PS256", kid, sa, aud, now, now + 60, pss, RSA_PSS_SALTLEN_MAX, now,
	                err) &&
	       strstr(err, "signature"),
	   "a PSS signature with the maximum salt, not 32 bytes, is refused: %s", err);
	{
		char *h = test_header("PS256", kid), *p = test_payload(sa, aud, now, now + 60);
		char *p2 = test_payload(sa, aud, now, now + 600);
		char *jwt = test_jwt(pkey, h, p, pss, salt);
		char *jwt2 = test_jwt(pkey, h, p2, pss, salt);
		char *sig = strrchr(jwt, '.');
		char *sig2 = strrchr(jwt2, '.');
		char *swapped = xasprintf("%.*s%s", (int)(sig2 - jwt2), jwt2, sig);
		char *padded = xasprintf("%s=", jwt);

		ok(!iam_verify_jwt(swapped, now, err) && strstr(err, "signature"),
		   "a payload changed after signing (exp moved) is refused: %s", err);
		ok(!iam_verify_jwt(padded, now, err) && strstr(err, "base64url"),
		   "a padded signature is refused: %s", err);
		err[0] = '\0';
		ok(iam_verify_jwt(jwt, now, err), "the unchanged JWT verifies %s", err);
		sig[5] = sig[5] == 'A' ? 'B' : 'A';
		ok(!iam_verify_jwt(jwt, now, err) && strstr(err, "signature"),
		   "a changed signature is refused: %s", err);
		sig[0] = '\0';
		ok(!iam_verify_jwt(jwt, now, err), "a JWT without a signature part is refused: %s",
		   err);
		free(h);
		free(p);
		free(p2);
		free(jwt);
		free(jwt2);
		free(swapped);
		free(padded);
	}
	ok(!iam_verify_jwt("not a jwt", now, err) && strstr(err, "three"), "garbage is refused: %s",
	   err);
	ok(!iam_verify_jwt("e30.!!!.AAAA", now, err) && strstr(err, "payload"),
	   "a payload that is not base64url is refused: %s", err);

	/* ---- --sa-public-key ---- */
	other = test_generate();
	f = fopen(pub_path, "w");
	PEM_write_PUBKEY(f, other);
	fclose(f);
	{
		char *spec = xasprintf("ajkpubkey00000000000:ajepubsa000000000000=%s", pub_path);
		char *spec_any = xasprintf("ajkanyiss00000000000=%s", pub_path);
		char *bad = xasprintf("ajkbadkey00000000000=%s", key_path);

		ok(iam_add_public_key(spec, err), "--sa-public-key KEY_ID:SA_ID=FILE loads (%s)",
		   err);
		ok(iam_add_public_key(spec_any, err), "--sa-public-key KEY_ID=FILE loads %s", err);
		ok(!iam_add_public_key(bad, err) && strstr(err, "not a PEM RSA public key"),
		   "a file that is not a PEM public key is refused: %s", err);
		ok(!iam_add_public_key("nofile", err) && strstr(err, "KEY_ID"),
		   "a spec without =FILE is refused: %s", err);
		free(spec);
		free(spec_any);
		free(bad);
	}
	ok(test_verify(other, "PS256", "ajkpubkey00000000000", "ajepubsa000000000000", aud, now,
	               now + 60, pss, salt, now, err),
	   "a JWT signed with that key verifies %s", err);
	ok(!test_verify(other, "PS256", "ajkpubkey00000000000", sa, aud, now, now + 60, pss, salt,
	                now, err),
	   "with another iss it does not: %s", err);
	ok(test_verify(other, "PS256", "ajkanyiss00000000000", sa, aud, now, now + 60, pss, salt,
	               now, err),
	   "without SA_ID any iss goes %s", err);
	ok(!test_verify(pkey, "PS256", "ajkpubkey00000000000", "ajepubsa000000000000", aud, now,
	                now + 60, pss, salt, now, err) &&
	       strstr(err, "signature"),
	   "a JWT naming that key but signed with another is refused: %s", err);

	/* ---- OAuth and issued tokens ---- */
	ok(!iam_check_oauth("y0_anything"), "no OAuth token is accepted before --oauth-token");
	iam_set_oauth_token("y0_secret");
	ok(iam_check_oauth("y0_secret") && !iam_check_oauth("y0_secreT") &&
	       !iam_check_oauth("y0_secret2"),
	   "--oauth-token accepts exactly that token");
	iam_set_ttl(60);
	iam_issue(now, tok, &exp_at);
	iam_issue(now, tok2, &exp2);
	for (size_t i = 3; i < strlen(tok); i++)
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
		            tok[i]) &&
		    i != 25)
			good_chars = false;
	ok(strncmp(tok, "t1.", 3) == 0 && strlen(tok) == 112 && tok[25] == '.' && good_chars,
	   "an issued token looks like a real one: t1.<22>.<86> in base64url");
	ok(exp_at == now + 60 && strcmp(tok, tok2) != 0,
	   "it expires after --token-ttl; each is new");
	ok(iam_token_valid(tok, now + 59) && iam_token_valid(tok2, now),
	   "issued tokens are valid before they expire");
	ok(!iam_token_valid(tok, now + 60), "and not once expired");
	tok2[40] = tok2[40] == 'A' ? 'B' : 'A';
	ok(!iam_token_valid(tok2, now) && !iam_token_valid("t1.x", now),
	   "a token not issued here is not valid");

	iam_reset();
	ok(!iam_token_valid(tok, now) && !iam_check_oauth("y0_secret"),
	   "iam_reset forgets tokens and the OAuth token");
	EVP_PKEY_free(pkey);
	EVP_PKEY_free(other);
	json_decref(doc);
	free(text);
	unlink(key_path);
	unlink(pub_path);
	rmdir(test_dir);
	free(key_path);
	free(pub_path);
	return done_testing();
}
