/* Opaque page tokens: a keyset position or a log byte offset, base64url with a checksum. */
#include "config.h"

#include <string.h>

#include "sim/rng.h"
#include "sim/tokens.h"

/* Bumped if the layout changes, so old tokens are refused instead of misread. */
#define TOKENS_VERSION 1
#define TOKENS_RAW_MAX 40

static const char tokens_b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static void
tokens_put64(unsigned char *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--) {
		p[i] = (unsigned char)v;
		v >>= 8;
	}
}

static uint64_t
tokens_get64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

/* 16 bits of a keyed hash: enough to turn garbage and edited tokens away. */
static uint16_t
tokens_check(const unsigned char *p, size_t n)
{
	uint64_t h = 0x84222325cbf29ce4ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	h = rng_mix(h, 0x746f6b656e73ULL);
	return (uint16_t)(h >> 48);
}

static void
tokens_seal(unsigned char *raw, size_t n, char out[TOKENS_LEN])
{
	uint16_t c = tokens_check(raw, n);
	size_t o = 0;
	uint32_t acc = 0;
	int bits = 0;

	raw[n++] = (unsigned char)(c >> 8);
	raw[n++] = (unsigned char)c;
	for (size_t i = 0; i < n; i++) {
		acc = acc << 8 | raw[i];
		bits += 8;
		while (bits >= 6) {
			bits -= 6;
			out[o++] = tokens_b64[(acc >> bits) & 63];
		}
	}
	if (bits > 0)
		out[o++] = tokens_b64[(acc << (6 - bits)) & 63];
	out[o] = '\0';
}

/* Returns the payload length (checksum stripped), or -1. */
static int
tokens_open(const char *tok, unsigned char raw[TOKENS_RAW_MAX])
{
	size_t len = strlen(tok), n = 0;
	uint32_t acc = 0;
	int bits = 0;

	if (len == 0 || len > (TOKENS_RAW_MAX * 4 + 2) / 3)
		return -1;
	for (size_t i = 0; i < len; i++) {
		const char *p = strchr(tokens_b64, tok[i]);

		if (tok[i] == '\0' || !p)
			return -1;
		acc = acc << 6 | (uint32_t)(p - tokens_b64);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			raw[n++] = (unsigned char)(acc >> bits);
		}
	}
	/* Canonical encoding only: leftover bits must be zero. */
	if (bits >= 6 || (acc & ((1u << bits) - 1)) != 0 || n < 4)
		return -1;
	n -= 2;
	if (tokens_check(raw, n) != (uint16_t)(raw[n] << 8 | raw[n + 1]))
		return -1;
	if (raw[1] != TOKENS_VERSION)
		return -1;
	return (int)n;
}

void
tokens_encode_pos(enum tokens_kind kind, int64_t ms, const char *id, char out[TOKENS_LEN])
{
	unsigned char raw[TOKENS_RAW_MAX];
	size_t idlen = strnlen(id, 20);

	raw[0] = (unsigned char)kind;
	raw[1] = TOKENS_VERSION;
	tokens_put64(raw + 2, (uint64_t)ms);
	memcpy(raw + 10, id, idlen);
	tokens_seal(raw, 10 + idlen, out);
}

bool
tokens_decode_pos(enum tokens_kind kind, const char *tok, int64_t *ms, char id[21])
{
	unsigned char raw[TOKENS_RAW_MAX];
	int n = tokens_open(tok, raw);

	if (n < 11 || n > 30 || raw[0] != (unsigned char)kind)
		return false;
	for (int i = 10; i < n; i++)
		if (!((raw[i] >= 'a' && raw[i] <= 'z') || (raw[i] >= '0' && raw[i] <= '9')))
			return false;
	*ms = (int64_t)tokens_get64(raw + 2);
	memcpy(id, raw + 10, (size_t)n - 10);
	id[n - 10] = '\0';
	return true;
}

void
tokens_encode_log(const char *job_id, uint64_t offset, char out[TOKENS_LEN])
{
	unsigned char raw[TOKENS_RAW_MAX];

	raw[0] = TOKENS_LOG;
	raw[1] = TOKENS_VERSION;
	tokens_put64(raw + 2, offset);
	tokens_put64(raw + 10, rng_hash_str(job_id));
	tokens_seal(raw, 18, out);
}

bool
tokens_decode_log(const char *tok, const char *job_id, uint64_t *offset)
{
	unsigned char raw[TOKENS_RAW_MAX];
	int n = tokens_open(tok, raw);

	if (n != 18 || raw[0] != TOKENS_LOG)
		return false;
	if (tokens_get64(raw + 10) != rng_hash_str(job_id))
		return false;
	*offset = tokens_get64(raw + 2);
	return true;
}
