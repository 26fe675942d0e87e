/* The VM metadata service: GET its token URL with libcurl and read the JSON reply. */
#include "config.h"

#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <jansson.h>

#include "rpc/auth_fetch.h"
#include "rpc/rpc.h"
#include "util/sanitize.h"
#include "util/xalloc.h"

#define RPC_METADATA_CONNECT_TIMEOUT_MS 2000L
#define RPC_METADATA_TIMEOUT_MS 5000L

static pthread_once_t rpc_metadata_once = PTHREAD_ONCE_INIT;
static CURLcode rpc_metadata_init_rc;

/* curl_global_init is not thread-safe before curl 7.84: once per process, whoever is first. */
static void
rpc_metadata_global_init(void)
{
	rpc_metadata_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

struct rpc_metadata_body {
	char buf[RPC_AUTH_FETCH_MAX];
	size_t len;
	bool overflow;
};

static size_t
rpc_metadata_write(char *data, size_t size, size_t nmemb, void *arg)
{
	struct rpc_metadata_body *b = arg;
	size_t n = size * nmemb;

	if (n > sizeof b->buf - b->len) {
		b->overflow = true;
		return 0; /* aborts the transfer */
	}
	memcpy(b->buf + b->len, data, n);
	b->len += n;
	return n;
}

static bool
rpc_metadata_scheme_ok(const char *url)
{
	return strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0;
}

/* The reply of a 200: the token, or NULL with *why (static text). */
static char *
rpc_metadata_parse(const struct rpc_metadata_body *b, int64_t *expires_in, const char **why)
{
	json_t *root = b->len > 0 ? json_loadb(b->buf, b->len, 0, NULL) : NULL;
	const char *token, *type;
	json_t *exp;
	char *copy = NULL;
	double life;

	if (b->len == 0) {
		*why = "the reply is empty";
		goto out;
	}
	if (!json_is_object(root)) {
		*why = "the reply is not a JSON object";
		goto out;
	}
	token = json_string_value(json_object_get(root, "access_token"));
	exp = json_object_get(root, "expires_in");
	type = json_string_value(json_object_get(root, "token_type"));
	if (token == NULL || token[0] == '\0') {
		*why = "the reply has no access_token";
		goto out;
	}
	if (!json_is_number(exp) || json_number_value(exp) <= 0) {
		*why = "the reply has no positive expires_in";
		goto out;
	}
	if (type != NULL && strcasecmp(type, "Bearer") != 0) {
		*why = "the reply's token_type is not Bearer";
		goto out;
	}
	for (const char *p = token; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			*why = "the reply's access_token has a control character";
			goto out;
		}
		/* gRPC refuses a header value outside printable ASCII: the call would fail. */
		if ((unsigned char)*p > 0x7f) {
			*why = "the reply's access_token has a non-ASCII character";
			goto out;
		}
	}
	/* 1e30 does not fit an int64_t: cut before converting. */
	life = json_number_value(exp);
	*expires_in = life > RPC_AUTH_MAX_LIFETIME_S ? RPC_AUTH_MAX_LIFETIME_S
	              : life < 1                     ? 1
	                                             : (int64_t)life;
	copy = xstrdup(token);
out:
	if (root != NULL) {
		/* jansson keeps its own copy of the token: wipe it before it is freed. */
		json_t *t = json_object_get(root, "access_token");

		if (json_is_string(t))
			explicit_bzero((char *)json_string_value(t), json_string_length(t));
		json_decref(root);
	}
	return copy;
}

/* Runs the transfer; false when cancel_fd became readable first. */
static bool
rpc_metadata_perform(CURL *easy, int cancel_fd, CURLcode *result)
{
	CURLM *multi = curl_multi_init();
	struct curl_waitfd wfd = {.fd = cancel_fd, .events = POLLIN};
	bool cancelled = false;
	int running = 1;

	*result = CURLE_FAILED_INIT;
	if (multi == NULL)
		return true;
	curl_multi_add_handle(multi, easy);
	while (running > 0) {
		if (curl_multi_perform(multi, &running) != CURLM_OK)
			break;
		if (running == 0)
			break;
		wfd.revents = 0;
		if (curl_multi_poll(multi, cancel_fd >= 0 ? &wfd : NULL, cancel_fd >= 0 ? 1 : 0,
		                    1000, NULL) != CURLM_OK)
			break;
		if (wfd.revents & POLLIN) {
			cancelled = true;
			break;
		}
	}
	if (!cancelled) {
		CURLMsg *msg;
		int left;

		while ((msg = curl_multi_info_read(multi, &left)) != NULL)
			if (msg->msg == CURLMSG_DONE && msg->easy_handle == easy)
				*result = msg->data.result;
	}
	curl_multi_remove_handle(multi, easy);
	curl_multi_cleanup(multi);
	return !cancelled;
}

char *
rpc_auth_metadata_get(const char *url, int cancel_fd, int64_t *expires_in, char **err)
{
	struct rpc_metadata_body *body;
	struct curl_slist *headers = NULL;
	char errbuf[CURL_ERROR_SIZE] = "";
	const char *why = NULL;
	char *safe_url, *token = NULL;
	long http = 0;
	CURLcode rc;
	CURL *easy;

	*err = NULL;
	safe_url = sanitize_url(url);
	if (!rpc_metadata_scheme_ok(url)) {
		*err = xasprintf("metadata service URL %s: only http:// and https:// are allowed",
		                 safe_url);
		free(safe_url);
		return NULL;
	}
	pthread_once(&rpc_metadata_once, rpc_metadata_global_init);
	easy = rpc_metadata_init_rc == CURLE_OK ? curl_easy_init() : NULL;
	if (easy == NULL) {
		*err = xstrdup("metadata service: cannot initialise libcurl");
		free(safe_url);
		return NULL;
	}
	body = xcalloc(1, sizeof *body);
	headers = curl_slist_append(headers, "Metadata-Flavor: Google");
	curl_easy_setopt(easy, CURLOPT_URL, url);
	curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(easy, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(easy, CURLOPT_PROXY, "");
	curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, RPC_METADATA_CONNECT_TIMEOUT_MS);
	curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, RPC_METADATA_TIMEOUT_MS);
	curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)RPC_AUTH_FETCH_MAX);
	/* Threads: no SIGALRM-based DNS timeouts. */
	curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, rpc_metadata_write);
	curl_easy_setopt(easy, CURLOPT_WRITEDATA, body);
	curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, errbuf);

	if (!rpc_metadata_perform(easy, cancel_fd, &rc)) {
		*err = xasprintf("metadata service %s: cancelled", safe_url);
		goto out;
	}
	curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &http);
	if (body->overflow || rc == CURLE_FILESIZE_EXCEEDED) {
		*err = xasprintf("metadata service %s: the reply is larger than %d KiB", safe_url,
		                 RPC_AUTH_FETCH_MAX / 1024);
	} else if (rc != CURLE_OK) {
		char *detail = sanitize_str(errbuf[0] != '\0' ? errbuf : curl_easy_strerror(rc));

		*err = xasprintf("metadata service %s: %s", safe_url, detail);
		free(detail);
	} else if (http == 400) {
		*err = xasprintf("metadata service %s: HTTP 400: the VM refuses metadata requests "
		                 "(check its settings gce-http-endpoint and gce-http-token)",
		                 safe_url);
	} else if (http == 404) {
		*err = xasprintf("metadata service %s: HTTP 404: no service account is attached to "
		                 "this VM",
		                 safe_url);
	} else if (http != 200) {
		*err = xasprintf("metadata service %s: HTTP %ld", safe_url, http);
	} else if ((token = rpc_metadata_parse(body, expires_in, &why)) == NULL) {
		*err = xasprintf("metadata service %s: %s", safe_url, why);
	}
out:
	explicit_bzero(body, sizeof *body);
	free(body);
	curl_slist_free_all(headers);
	curl_easy_cleanup(easy);
	free(safe_url);
	return token;
}
