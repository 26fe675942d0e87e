/* The job store: jobs by id, refresh generations, and the filtered, sorted rows of the list. */
#include "config.h"

#include <regex.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "model/jobstore.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* One stored job with what filtering and lookup need precomputed. */
struct jobstore_entry {
	struct job *job;
	/* name, id, type, status and creator, lower-cased, joined by '\n' so
	 * that a filter typed on one line never matches across two fields. */
	char *hay;
	const char *creator; /* the creator's field in hay */
	unsigned gen;        /* refresh generation of the last put */
	size_t row;          /* valid when row_stamp == the store's rows_stamp */
	unsigned row_stamp;
	bool pending; /* added since the order was last built */
};

struct jobstore_filter {
	char *text; /* as given, '!' included */
	char *pat;  /* lower-cased, without the '!' */
	bool invert;
	bool regex; /* the text after '!' compiled into re */
	regex_t re;
	/* Lower-cased text every match of re contains (NULL if none is
	 * known): a strstr() rules most jobs out before the slow regexec(). */
	char *literal;
};

struct jobstore {
	struct jobstore_entry **entries; /* insertion order; owned */
	size_t n, cap;
	size_t *table; /* open addressing: entry index + 1, 0 = empty */
	size_t table_size;
	unsigned gen;

	/* Every entry in sort order, except `pending` ones not merged yet. */
	struct jobstore_entry **order;
	size_t n_order;
	bool order_stale; /* must be sorted again from scratch */
	size_t n_pending;

	/* The visible rows: entries of `order` that pass the mask and filter. */
	struct jobstore_entry **rows;
	size_t n_rows;
	bool rows_stale;
	unsigned rows_stamp;
	/* The filter and mask the rows were computed with, for narrowing. */
	struct jobstore_filter rows_filter;
	unsigned rows_mask;

	struct jobstore_filter filter;
	unsigned mask;
	enum jobcol sort_col;
	bool sort_desc;
	struct timestamp now;

	size_t counts[JOB_STATUS_COUNT_ + 1];
};

static const char *const jobstore_col_titles[] = {
#define JOBCOL_TITLE_(id, title, drop) [JOBCOL_##id] = title,
    JOBCOL_INFO(JOBCOL_TITLE_)
#undef JOBCOL_TITLE_
};

static const int jobstore_col_drops[] = {
#define JOBCOL_DROP_(id, title, drop) [JOBCOL_##id] = drop,
    JOBCOL_INFO(JOBCOL_DROP_)
#undef JOBCOL_DROP_
};

const char *
jobcol_title(enum jobcol col)
{
	if ((unsigned)col >= JOBCOL_COUNT)
		return "";
	return jobstore_col_titles[col];
}

int
jobcol_drop_rank(enum jobcol col)
{
	if ((unsigned)col >= JOBCOL_COUNT)
		return 0;
	return jobstore_col_drops[col];
}

/* ---- lower-casing ---------------------------------------------------------- */

/* Decodes one UTF-8 character; returns its length, or 0 when s does not
 * start a valid sequence (the byte is then kept as it is). */
static size_t
jobstore_utf8_decode(const unsigned char *s, size_t left, uint32_t *cp)
{
	size_t n;
	uint32_t c;

	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	n = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	if (left < n)
		return 0;
	c = s[0] & (0x7f >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

static void
jobstore_utf8_encode(struct strbuf *out, uint32_t c)
{
	char b[4];
	size_t n;

	if (c < 0x80) {
		b[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		b[0] = (char)(0xc0 | (c >> 6));
		b[1] = (char)(0x80 | (c & 0x3f));
		n = 2;
	} else if (c < 0x10000) {
		b[0] = (char)(0xe0 | (c >> 12));
		b[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		b[2] = (char)(0x80 | (c & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | (c >> 18));
		b[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		b[3] = (char)(0x80 | (c & 0x3f));
		n = 4;
	}
	strbuf_add(out, b, n);
}

/* Haystack and pattern are folded the same way, so a substring test on the
 * results is case-insensitive; non-ASCII letters (Cyrillic job names) fold
 * through towlower() when the locale knows them. */
static void
jobstore_lower_append(struct strbuf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t left = strlen((const char *)p);

	while (left) {
		uint32_t cp;
		size_t n;

		if (*p < 0x80) {
			strbuf_addch(out, *p >= 'A' && *p <= 'Z' ? *p + ('a' - 'A') : *p);
			p++, left--;
			continue;
		}
		n = jobstore_utf8_decode(p, left, &cp);
		if (!n) {
			strbuf_addch(out, *p);
			p++, left--;
			continue;
		}
		jobstore_utf8_encode(out, (uint32_t)towlower((wint_t)cp));
		p += n;
		left -= n;
	}
}

static char *
jobstore_hay(const struct job *job)
{
	struct strbuf sb = STRBUF_INIT;

	jobstore_lower_append(&sb, job->name);
	strbuf_addch(&sb, '\n');
	jobstore_lower_append(&sb, job->id);
	strbuf_addch(&sb, '\n');
	jobstore_lower_append(&sb, job_type_name(job->spec.type));
	strbuf_addch(&sb, '\n');
	jobstore_lower_append(&sb, job_status_name(job->status));
	strbuf_addch(&sb, '\n');
	jobstore_lower_append(&sb, job->created_by);
	return strbuf_detach(&sb);
}

/* ---- lifetime and lookup ---------------------------------------------------- */

struct jobstore *
jobstore_new(void)
{
	struct jobstore *js = xcalloc(1, sizeof(*js));

	js->sort_col = JOBCOL_CREATED;
	js->sort_desc = true;
	js->filter.text = xstrdup("");
	js->filter.pat = xstrdup("");
	js->rows_filter.text = xstrdup("");
	js->rows_filter.pat = xstrdup("");
	js->rows_stale = true;
	js->now = timefmt_now();
	return js;
}

static void
jobstore_filter_done(struct jobstore_filter *f)
{
	free(f->text);
	free(f->pat);
	free(f->literal);
	if (f->regex)
		regfree(&f->re);
	memset(f, 0, sizeof(*f));
}

static void
jobstore_entry_free(struct jobstore_entry *e)
{
	job_free(e->job);
	free(e->hay);
	free(e);
}

void
jobstore_free(struct jobstore *js)
{
	if (!js)
		return;
	for (size_t i = 0; i < js->n; i++)
		jobstore_entry_free(js->entries[i]);
	free(js->entries);
	free(js->table);
	free(js->order);
	free(js->rows);
	jobstore_filter_done(&js->filter);
	jobstore_filter_done(&js->rows_filter);
	free(js);
}

/* FNV-1a: ids are short and random-looking; anything fair will do. */
static size_t
jobstore_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return (size_t)(h ^ (h >> 32));
}

static const char *
jobstore_entry_id(const struct jobstore_entry *e)
{
	return e->job->id ? e->job->id : "";
}

/* The table slot holding id, or the empty slot where it would go. */
static size_t
jobstore_slot(const struct jobstore *js, const char *id)
{
	size_t mask = js->table_size - 1, i = jobstore_hash(id) & mask;

	while (js->table[i] && strcmp(jobstore_entry_id(js->entries[js->table[i] - 1]), id) != 0)
		i = (i + 1) & mask;
	return i;
}

/* Kept at most half full, so probes stay short. */
static void
jobstore_rehash(struct jobstore *js)
{
	size_t size = 64;

	while (size < 2 * (js->n + 1))
		size *= 2;
	free(js->table);
	js->table = xcalloc(size, sizeof(*js->table));
	js->table_size = size;
	for (size_t i = 0; i < js->n; i++)
		js->table[jobstore_slot(js, jobstore_entry_id(js->entries[i]))] = i + 1;
}

static struct jobstore_entry *
jobstore_lookup(const struct jobstore *js, const char *id)
{
	size_t i;

	if (!js->table_size || !id)
		return NULL;
	i = jobstore_slot(js, id);
	return js->table[i] ? js->entries[js->table[i] - 1] : NULL;
}

const struct job *
jobstore_find(const struct jobstore *js, const char *id)
{
	struct jobstore_entry *e = jobstore_lookup(js, id);

	return e ? e->job : NULL;
}

size_t
jobstore_size(const struct jobstore *js)
{
	return js->n;
}

static size_t
jobstore_count_index(int status)
{
	return status >= 0 && status < JOB_STATUS_COUNT_ ? (size_t)status : JOB_STATUS_COUNT_;
}

/* ---- equality of jobs --------------------------------------------------------- */

static bool
jobstore_str_eq(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static bool
jobstore_ts_eq(const struct timestamp *a, const struct timestamp *b)
{
	return a->set == b->set && (!a->set || (a->sec == b->sec && a->nsec == b->nsec));
}

static bool
jobstore_strlist_eq(const struct strlist *a, const struct strlist *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (!jobstore_str_eq(a->v[i], b->v[i]))
			return false;
	return true;
}

static bool
jobstore_kvlist_eq(const struct kvlist *a, const struct kvlist *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (!jobstore_str_eq(a->v[i].key, b->v[i].key) ||
		    !jobstore_str_eq(a->v[i].value, b->v[i].value))
			return false;
	return true;
}

static bool
jobstore_spec_eq(const struct job_spec *a, const struct job_spec *b)
{
	return a->type == b->type && a->driver == b->driver && a->query == b->query &&
	       a->continue_on_failure == b->continue_on_failure &&
	       jobstore_strlist_eq(&a->args, &b->args) &&
	       jobstore_strlist_eq(&a->jar_file_uris, &b->jar_file_uris) &&
	       jobstore_strlist_eq(&a->file_uris, &b->file_uris) &&
	       jobstore_strlist_eq(&a->archive_uris, &b->archive_uris) &&
	       jobstore_strlist_eq(&a->python_file_uris, &b->python_file_uris) &&
	       jobstore_strlist_eq(&a->packages, &b->packages) &&
	       jobstore_strlist_eq(&a->repositories, &b->repositories) &&
	       jobstore_strlist_eq(&a->exclude_packages, &b->exclude_packages) &&
	       jobstore_kvlist_eq(&a->properties, &b->properties) &&
	       jobstore_str_eq(a->main_jar_file_uri, b->main_jar_file_uri) &&
	       jobstore_str_eq(a->main_class, b->main_class) &&
	       jobstore_str_eq(a->main_python_file_uri, b->main_python_file_uri) &&
	       jobstore_kvlist_eq(&a->script_variables, &b->script_variables) &&
	       jobstore_str_eq(a->query_file_uri, b->query_file_uri) &&
	       jobstore_strlist_eq(&a->queries, &b->queries);
}

static bool
jobstore_job_eq(const struct job *a, const struct job *b)
{
	if (!jobstore_str_eq(a->id, b->id) || !jobstore_str_eq(a->cluster_id, b->cluster_id) ||
	    !jobstore_str_eq(a->name, b->name) || !jobstore_str_eq(a->created_by, b->created_by) ||
	    !jobstore_ts_eq(&a->created_at, &b->created_at) ||
	    !jobstore_ts_eq(&a->started_at, &b->started_at) ||
	    !jobstore_ts_eq(&a->finished_at, &b->finished_at) || a->status != b->status ||
	    a->has_application_info != b->has_application_info ||
	    !jobstore_str_eq(a->application_id, b->application_id) ||
	    a->n_attempts != b->n_attempts || !jobstore_spec_eq(&a->spec, &b->spec))
		return false;
	for (size_t i = 0; i < a->n_attempts; i++)
		if (!jobstore_str_eq(a->attempts[i].id, b->attempts[i].id) ||
		    !jobstore_str_eq(a->attempts[i].am_container_id,
		                     b->attempts[i].am_container_id))
			return false;
	return true;
}

/* ---- sorting ------------------------------------------------------------------ */

/* Active jobs first, in the order they progress, then the finished ones:
 * what a user sorting by status wants to see at the top. */
static int
jobstore_status_rank(int status)
{
	switch (status) {
	case JOB_STATUS_RUNNING:
		return 0;
	case JOB_STATUS_CANCELLING:
		return 1;
	case JOB_STATUS_PENDING:
		return 2;
	case JOB_STATUS_PROVISIONING:
		return 3;
	case JOB_STATUS_ERROR:
		return 4;
	case JOB_STATUS_DONE:
		return 5;
	case JOB_STATUS_CANCELLED:
		return 6;
	default:
		return 7;
	}
}

static int
jobstore_cmp_ts(const struct timestamp *a, const struct timestamp *b)
{
	/* Unset times sort as the oldest. */
	if (a->set != b->set)
		return a->set ? 1 : -1;
	if (a->sec != b->sec)
		return a->sec < b->sec ? -1 : 1;
	if (a->nsec != b->nsec)
		return a->nsec < b->nsec ? -1 : 1;
	return 0;
}

static int
jobstore_cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* Compares two fields of haystacks, each ended by '\n' or the end: the
 * lower-cased copies make a case-insensitive order cheap to sort by. */
static int
jobstore_cmp_field(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;

	for (;; x++, y++) {
		unsigned cx = *x == '\n' ? 0 : *x, cy = *y == '\n' ? 0 : *y;

		if (cx != cy)
			return cx < cy ? -1 : 1;
		if (!cx)
			return 0;
	}
}

static int
jobstore_cmp_col(const struct jobstore *js, enum jobcol col, const struct jobstore_entry *x,
                 const struct jobstore_entry *y)
{
	const struct job *a = x->job, *b = y->job;
	long long da, db;
	int ra, rb;

	switch (col) {
	case JOBCOL_STATUS:
		ra = jobstore_status_rank(a->status);
		rb = jobstore_status_rank(b->status);
		return ra < rb ? -1 : ra > rb;
	case JOBCOL_NAME:
		return jobstore_cmp_field(x->hay, y->hay);
	case JOBCOL_ID:
		return jobstore_cmp_str(a->id, b->id);
	case JOBCOL_TYPE:
		return strcmp(job_type_name(a->spec.type), job_type_name(b->spec.type));
	case JOBCOL_CREATED:
		return jobstore_cmp_ts(&a->created_at, &b->created_at);
	case JOBCOL_DURATION:
		da = job_duration(a, &js->now);
		db = job_duration(b, &js->now);
		return da < db ? -1 : da > db;
	case JOBCOL_CREATED_BY:
		return jobstore_cmp_field(x->creator, y->creator);
	case JOBCOL_APP_ID:
		return jobstore_cmp_str(a->application_id, b->application_id);
	case JOBCOL_COUNT:
		break;
	}
	return 0;
}

/* qsort() has no context argument; the store being sorted is set around each call. */
static const struct jobstore *jobstore_sorting;

static int
jobstore_cmp(const struct jobstore *js, const struct jobstore_entry *x,
             const struct jobstore_entry *y)
{
	const struct job *a = x->job, *b = y->job;
	int c = jobstore_cmp_col(js, js->sort_col, x, y);

	if (c)
		return js->sort_desc ? -c : c;
	/* Ties do not flip with the direction: newest first, then by id, so
	 * that equal keys keep one stable, predictable order. */
	c = jobstore_cmp_ts(&b->created_at, &a->created_at);
	if (c)
		return c;
	return jobstore_cmp_str(a->id, b->id);
}

static int
jobstore_qsort_cmp(const void *a, const void *b)
{
	return jobstore_cmp(jobstore_sorting, *(struct jobstore_entry *const *)a,
	                    *(struct jobstore_entry *const *)b);
}

static void
jobstore_sort_entries(const struct jobstore *js, struct jobstore_entry **v, size_t n)
{
	if (n < 2)
		return;
	jobstore_sorting = js;
	qsort(v, n, sizeof(*v), jobstore_qsort_cmp);
	jobstore_sorting = NULL;
}

/* Makes `order` hold every entry sorted. New jobs arriving page by page are
 * sorted alone and merged, so a progressive load of a large cluster does not
 * sort everything again for each page. */
static void
jobstore_build_order(struct jobstore *js)
{
	struct jobstore_entry **added, **merged;
	size_t n_added = 0, i = 0, j = 0, k = 0;

	if (js->order_stale || js->n_order == 0) {
		js->order = xrealloc(js->order, (js->n ? js->n : 1) * sizeof(*js->order));
		for (size_t e = 0; e < js->n; e++) {
			js->entries[e]->pending = false;
			js->order[e] = js->entries[e];
		}
		js->n_order = js->n;
		jobstore_sort_entries(js, js->order, js->n_order);
		js->order_stale = false;
		js->n_pending = 0;
		return;
	}
	if (!js->n_pending)
		return;
	added = xmalloc(js->n_pending * sizeof(*added));
	for (size_t e = 0; e < js->n; e++) {
		if (js->entries[e]->pending) {
			js->entries[e]->pending = false;
			added[n_added++] = js->entries[e];
		}
	}
	jobstore_sort_entries(js, added, n_added);
	merged = xmalloc((js->n_order + n_added) * sizeof(*merged));
	while (i < js->n_order && j < n_added)
		merged[k++] =
		    jobstore_cmp(js, js->order[i], added[j]) <= 0 ? js->order[i++] : added[j++];
	while (i < js->n_order)
		merged[k++] = js->order[i++];
	while (j < n_added)
		merged[k++] = added[j++];
	free(added);
	free(js->order);
	js->order = merged;
	js->n_order = k;
	js->n_pending = 0;
}

/* ---- filtering ---------------------------------------------------------------- */

static bool
jobstore_has_meta(const char *s)
{
	return strpbrk(s, "\\^$.|?*+()[]{}") != NULL;
}

/* Ends the literal run being read: keeps it when it is the longest so far. */
static void
jobstore_literal_end(struct strbuf *cur, struct strbuf *best)
{
	if (cur->len > best->len) {
		strbuf_reset(best);
		strbuf_add(best, cur->buf, cur->len);
	}
	strbuf_reset(cur);
}

/* Skips a bracket expression starting at re[i] == '['; returns the index after it. */
static size_t
jobstore_skip_bracket(const char *re, size_t i)
{
	i++;
	if (re[i] == '^')
		i++;
	if (re[i] == ']')
		i++;
	while (re[i] && re[i] != ']') {
		/* [:alpha:], [.x.], [=e=] hold a ']' of their own. */
		if (re[i] == '[' && (re[i + 1] == ':' || re[i + 1] == '.' || re[i + 1] == '=')) {
			const char *end = strchr(re + i + 2, re[i + 1]);

			while (end && end[1] != ']')
				end = strchr(end + 1, re[i + 1]);
			if (!end)
				return strlen(re);
			i = (size_t)(end - re) + 2;
			continue;
		}
		i++;
	}
	return re[i] ? i + 1 : i;
}

/* The longest run of plain characters outside groups and brackets that every
 * match of the ERE must contain; NULL when an alternation at the top level
 * means nothing is required. Returns a new lower-cased string; caller frees. */
static char *
jobstore_regex_literal(const char *re)
{
	struct strbuf cur = STRBUF_INIT, best = STRBUF_INIT, low = STRBUF_INIT;
	size_t i = 0;
	int depth;

	while (re[i]) {
		char c = re[i];

		switch (c) {
		case '|':
			strbuf_done(&cur);
			strbuf_done(&best);
			return NULL;
		case '*':
		case '?':
		case '{':
			/* The character before may occur zero times: it is not required. */
			while (cur.len && ((unsigned char)cur.buf[cur.len - 1] & 0xc0) == 0x80)
				cur.len--;
			if (cur.len)
				cur.len--;
			jobstore_literal_end(&cur, &best);
			if (c == '{') {
				while (re[i] && re[i] != '}')
					i++;
			}
			i += re[i] != '\0';
			break;
		case '[':
			jobstore_literal_end(&cur, &best);
			i = jobstore_skip_bracket(re, i);
			break;
		case '(':
			jobstore_literal_end(&cur, &best);
			for (depth = 0; re[i]; i++) {
				if (re[i] == '\\' && re[i + 1]) {
					i++;
				} else if (re[i] == '[') {
					i = jobstore_skip_bracket(re, i) - 1;
				} else if (re[i] == '(') {
					depth++;
				} else if (re[i] == ')' && --depth == 0) {
					i++;
					break;
				}
			}
			break;
		case '\\':
			/* \. is a literal, but \w and friends are classes: stop either way. */
			jobstore_literal_end(&cur, &best);
			i += re[i + 1] ? 2 : 1;
			break;
		case '+':
		case '^':
		case '$':
		case '.':
		case ')':
			jobstore_literal_end(&cur, &best);
			i++;
			break;
		default:
			strbuf_addch(&cur, c);
			i++;
			break;
		}
	}
	jobstore_literal_end(&cur, &best);
	strbuf_done(&cur);
	if (!best.len) {
		strbuf_done(&best);
		return NULL;
	}
	jobstore_lower_append(&low, best.buf);
	strbuf_done(&best);
	return strbuf_detach(&low);
}

static void
jobstore_filter_set(struct jobstore_filter *f, const char *text, char **err)
{
	struct strbuf sb = STRBUF_INIT;
	const char *body;
	int rc;

	jobstore_filter_done(f);
	f->text = xstrdup(text ? text : "");
	f->invert = f->text[0] == '!';
	body = f->text + f->invert;
	jobstore_lower_append(&sb, body);
	f->pat = strbuf_detach(&sb);
	if (!*f->pat || !jobstore_has_meta(f->pat))
		return;
	/* The text as typed, not lower-cased: \W and \w differ. REG_NEWLINE:
	 * ^ and $ anchor at each field of the haystack. */
	rc = regcomp(&f->re, body, REG_EXTENDED | REG_ICASE | REG_NOSUB | REG_NEWLINE);
	if (rc == 0) {
		f->regex = true;
		f->literal = jobstore_regex_literal(body);
		return;
	}
	if (err) {
		char msg[256];

		regerror(rc, &f->re, msg, sizeof(msg));
		*err = xasprintf("not a regex (%s): matching it as text", msg);
	}
}

static void
jobstore_filter_copy(struct jobstore_filter *dst, const struct jobstore_filter *src)
{
	jobstore_filter_set(dst, src->text, NULL);
}

static bool
jobstore_match(const struct jobstore *js, const struct jobstore_entry *e)
{
	const struct jobstore_filter *f = &js->filter;
	bool m;

	if (js->mask &&
	    !(e->job->status >= 0 && e->job->status < 32 && (js->mask & (1u << e->job->status))))
		return false;
	if (!*f->pat)
		return true;
	if (f->regex)
		m = (!f->literal || strstr(e->hay, f->literal)) &&
		    regexec(&f->re, e->hay, 0, NULL, 0) == 0;
	else
		m = strstr(e->hay, f->pat) != NULL;
	return m != f->invert;
}

/* True when every row the current filter shows was shown by the one the rows
 * were computed with, so filtering those rows again is enough: typing one
 * more letter of a substring, or deleting one from an inverted substring. */
static bool
jobstore_filter_narrows(const struct jobstore *js)
{
	const struct jobstore_filter *old = &js->rows_filter, *cur = &js->filter;

	if (js->rows_mask != js->mask || old->regex || cur->regex)
		return false;
	if (!*old->pat)
		return true;
	if (!*cur->pat)
		return false;
	if (old->invert != cur->invert)
		return false;
	if (!cur->invert)
		return strstr(cur->pat, old->pat) != NULL;
	return strstr(old->pat, cur->pat) != NULL;
}

static void
jobstore_filter_rows(struct jobstore *js, struct jobstore_entry **from, size_t n)
{
	size_t k = 0;

	if (js->rows != from)
		js->rows = xrealloc(js->rows, (n ? n : 1) * sizeof(*js->rows));
	/* A stamp instead of clearing every entry's row: O(visible), not O(all). */
	js->rows_stamp++;
	for (size_t i = 0; i < n; i++) {
		struct jobstore_entry *e = from[i];

		if (!jobstore_match(js, e))
			continue;
		e->row = k;
		e->row_stamp = js->rows_stamp;
		js->rows[k++] = e;
	}
	js->n_rows = k;
}

static void
jobstore_update(struct jobstore *js)
{
	bool narrow;

	if (js->order_stale || js->n_pending) {
		jobstore_build_order(js);
		js->rows_stale = true;
	}
	if (!js->rows_stale && js->rows_mask == js->mask &&
	    strcmp(js->rows_filter.text, js->filter.text) == 0)
		return;
	narrow = !js->rows_stale && jobstore_filter_narrows(js);
	if (narrow)
		jobstore_filter_rows(js, js->rows, js->n_rows);
	else
		jobstore_filter_rows(js, js->order, js->n_order);
	js->rows_stale = false;
	js->rows_mask = js->mask;
	if (strcmp(js->rows_filter.text, js->filter.text) != 0)
		jobstore_filter_copy(&js->rows_filter, &js->filter);
}

/* ---- refresh and put ------------------------------------------------------------ */

void
jobstore_begin_refresh(struct jobstore *js)
{
	js->gen++;
}

size_t
jobstore_end_refresh(struct jobstore *js)
{
	size_t kept = 0, removed, k = 0;

	/* Dropping entries keeps the rest in order: compact rather than sort. */
	for (size_t i = 0; i < js->n_order; i++)
		if (js->order[i]->gen == js->gen)
			js->order[k++] = js->order[i];
	js->n_order = k;
	for (size_t i = 0; i < js->n; i++) {
		struct jobstore_entry *e = js->entries[i];

		if (e->gen == js->gen) {
			js->entries[kept++] = e;
			continue;
		}
		if (e->pending)
			js->n_pending--;
		js->counts[jobstore_count_index(e->job->status)]--;
		jobstore_entry_free(e);
	}
	removed = js->n - kept;
	if (!removed)
		return 0;
	js->n = kept;
	jobstore_rehash(js);
	js->rows_stale = true;
	return removed;
}

/* Sets the entry's haystack for its job. */
static void
jobstore_entry_index(struct jobstore_entry *e)
{
	const char *p;

	e->hay = jobstore_hay(e->job);
	/* The creator is the fifth field. */
	p = e->hay;
	for (int i = 0; i < 4; i++)
		p = strchr(p, '\n') + 1;
	e->creator = p;
}

/* Whether replacing the job of a with that of b may move it in the current sort. */
static bool
jobstore_sort_moves(const struct jobstore *js, const struct jobstore_entry *a,
                    const struct jobstore_entry *b)
{
	const struct job *x = a->job, *y = b->job;

	if (!jobstore_ts_eq(&x->created_at, &y->created_at))
		return true;
	if (js->sort_col == JOBCOL_DURATION)
		return !jobstore_ts_eq(&x->started_at, &y->started_at) ||
		       !jobstore_ts_eq(&x->finished_at, &y->finished_at);
	return jobstore_cmp_col(js, js->sort_col, a, b) != 0;
}

bool
jobstore_put(struct jobstore *js, struct job *job)
{
	struct jobstore_entry *e, fresh = {0};

	if (!job)
		return false;
	if (!job->id)
		job->id = xstrdup("");
	e = jobstore_lookup(js, job->id);
	if (e) {
		e->gen = js->gen;
		if (jobstore_job_eq(e->job, job)) {
			job_free(job);
			return false;
		}
		fresh.job = job;
		jobstore_entry_index(&fresh);
		if (jobstore_sort_moves(js, e, &fresh))
			js->order_stale = true;
		if (strcmp(fresh.hay, e->hay) != 0 || e->job->status != job->status)
			js->rows_stale = true;
		js->counts[jobstore_count_index(e->job->status)]--;
		js->counts[jobstore_count_index(job->status)]++;
		/* The entry stays, so rows and order keep pointing at it. */
		job_free(e->job);
		free(e->hay);
		e->job = job;
		e->hay = fresh.hay;
		e->creator = fresh.creator;
		return true;
	}
	e = xcalloc(1, sizeof(*e));
	e->job = job;
	jobstore_entry_index(e);
	e->gen = js->gen;
	e->pending = true;
	js->n_pending++;
	if (js->n == js->cap) {
		js->cap = js->cap ? 2 * js->cap : 256;
		js->entries = xrealloc(js->entries, js->cap * sizeof(*js->entries));
	}
	js->entries[js->n++] = e;
	if (2 * (js->n + 1) > js->table_size)
		jobstore_rehash(js);
	else
		js->table[jobstore_slot(js, job->id)] = js->n;
	js->counts[jobstore_count_index(job->status)]++;
	js->rows_stale = true;
	return true;
}

/* ---- filter, mask, sort -------------------------------------------------------- */

void
jobstore_set_filter(struct jobstore *js, const char *text, char **err)
{
	if (err)
		*err = NULL;
	if (strcmp(js->filter.text, text ? text : "") == 0)
		return;
	jobstore_filter_set(&js->filter, text, err);
}

const char *
jobstore_filter(const struct jobstore *js)
{
	return js->filter.text;
}

void
jobstore_set_status_mask(struct jobstore *js, unsigned mask)
{
	js->mask = mask;
}

unsigned
jobstore_status_mask(const struct jobstore *js)
{
	return js->mask;
}

void
jobstore_set_sort(struct jobstore *js, enum jobcol col, bool descending)
{
	if ((unsigned)col >= JOBCOL_COUNT || (col == js->sort_col && descending == js->sort_desc))
		return;
	js->sort_col = col;
	js->sort_desc = descending;
	js->order_stale = true;
}

enum jobcol
jobstore_sort_column(const struct jobstore *js)
{
	return js->sort_col;
}

bool
jobstore_sort_descending(const struct jobstore *js)
{
	return js->sort_desc;
}

void
jobstore_set_now(struct jobstore *js, const struct timestamp *now)
{
	bool running = false;

	if (js->now.sec == now->sec && js->now.nsec == now->nsec && js->now.set == now->set)
		return;
	js->now = *now;
	if (js->sort_col != JOBCOL_DURATION)
		return;
	/* Only running jobs' durations move with the clock. */
	for (size_t i = 0; i < js->n && !running; i++) {
		const struct job *j = js->entries[i]->job;

		running = j->started_at.set && !j->finished_at.set;
	}
	if (running)
		js->order_stale = true;
}

/* ---- rows --------------------------------------------------------------------- */

size_t
jobstore_rows(struct jobstore *js)
{
	jobstore_update(js);
	return js->n_rows;
}

const struct job *
jobstore_row(struct jobstore *js, size_t row)
{
	jobstore_update(js);
	return row < js->n_rows ? js->rows[row]->job : NULL;
}

ssize_t
jobstore_row_of(struct jobstore *js, const char *id)
{
	struct jobstore_entry *e;

	jobstore_update(js);
	e = jobstore_lookup(js, id);
	if (!e || e->row_stamp != js->rows_stamp)
		return -1;
	return (ssize_t)e->row;
}

void
jobstore_counts(const struct jobstore *js, size_t counts[JOB_STATUS_COUNT_ + 1])
{
	memcpy(counts, js->counts, sizeof(js->counts));
}
