/* The detail pane: every field of the selected job by section, or the job as JSON (`y`). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "model/jobfields.h"
#include "rpc/rpc.h"
#include "ui/theme.h"
#include "ui/ui.h"
#include "ui/views.h"
#include "util/strbuf.h"
#include "util/textwidth.h"
#include "util/timefmt.h"
#include "util/xalloc.h"

/* Keys wider than this get a row of their own, so that one long property
 * name does not push every value of its section off the pane. */
#define VIEW_DETAIL_KEY_MAX 32
/* Below this many columns for values, values go under their keys. */
#define VIEW_DETAIL_VALUE_MIN 16
#define VIEW_DETAIL_INDENT 2

/* One screen row. Text is the server's, unsanitized: drawing sanitizes it. */
struct view_detail_row {
	char *key;  /* NULL: no key on this row */
	char *text; /* value piece, heading or JSON line */
	size_t len;
	int keyw;   /* columns of the key column (key cut/padded to it) */
	int indent; /* column where text starts */
	enum color_elem elem;
};

/* A field collected from the walk, so that key widths are known per section. */
struct view_detail_field {
	const char *section; /* static strings or the walk's, copied below */
	char *section_copy;
	char *name;
	char *value;
	enum color_elem elem;
};

struct view_detail {
	struct view_detail_row *rows;
	size_t n, cap;
	bool json;
	struct view_detail_field *fields;
	size_t n_fields, cap_fields;
	const struct timestamp *now;
};

static struct view_detail *
view_detail_state(struct view *v)
{
	if (!v->data)
		v->data = xcalloc(1, sizeof(struct view_detail));
	return v->data;
}

static void
view_detail_clear(struct view_detail *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->rows[i].key);
		free(d->rows[i].text);
	}
	d->n = 0;
}

static void
view_detail_add(struct view_detail *d, const char *key, const char *text, size_t len, int keyw,
                int indent, enum color_elem elem)
{
	struct view_detail_row *r;

	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 64;
		d->rows = xrealloc(d->rows, d->cap * sizeof(*d->rows));
	}
	r = &d->rows[d->n++];
	r->key = key ? xstrdup(key) : NULL;
	r->text = xstrndup(text, len);
	r->len = len;
	r->keyw = keyw;
	r->indent = indent;
	r->elem = elem;
}

/* Length of the character at s (an invalid byte counts alone). */
static size_t
view_detail_charlen(const char *s, size_t left)
{
	unsigned char c = (unsigned char)*s;
	size_t n = c < 0xc0 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;

	if (n > left)
		return 1;
	for (size_t i = 1; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			return 1;
	return n;
}

/* Adds s[0..len) as rows of at most cols display columns, broken between
 * characters only (a wide character or an escape is never cut in two). The
 * first row carries key; the others are continuation rows, `more` columns
 * further right (and that much narrower). */
static void
view_detail_wrap_more(struct view_detail *d, const char *key, const char *s, size_t len,
                      size_t cols, int keyw, int indent, int more, enum color_elem elem)
{
	size_t start = 0;

	if (cols < 1)
		cols = 1;
	if (more < 0 || (size_t)more >= cols / 2)
		more = 0;
	do {
		size_t i = start, w = 0;

		while (i < len) {
			size_t n = view_detail_charlen(s + i, len - i);
			unsigned char c = (unsigned char)s[i];

			/* Printable ASCII is one column; anything else is measured
			 * with the row so far (tabs, escapes, combining marks). */
			if (c >= 0x20 && c < 0x7f)
				w++;
			else
				w = textwidth_width(s + start, i + n - start);
			if (w > cols && i > start)
				break;
			i += n;
		}
		view_detail_add(d, start == 0 ? key : NULL, s + start, i - start, keyw,
		                start == 0 ? indent : indent + more, elem);
		if (start == 0)
			cols -= (size_t)more;
		start = i;
	} while (start < len);
}

static void
view_detail_wrap(struct view_detail *d, const char *key, const char *s, size_t len, size_t cols,
                 int keyw, int indent, enum color_elem elem)
{
	view_detail_wrap_more(d, key, s, len, cols, keyw, indent, 0, elem);
}

/* A value's own lines (Hive queries have many) each wrap on their own. */
static void
view_detail_value(struct view_detail *d, const char *key, const char *value, size_t cols, int keyw,
                  int indent, enum color_elem elem)
{
	const char *p = value, *nl;

	do {
		size_t len;

		nl = strchr(p, '\n');
		len = nl ? (size_t)(nl - p) : strlen(p);
		if (len && p[len - 1] == '\r')
			len--;
		view_detail_wrap(d, key, p, len, cols, keyw, indent, elem);
		key = NULL;
		p = nl + 1;
	} while (nl);
}

static const char *
view_detail_heading(const char *section)
{
	static const struct {
		const char *section, *title;
	} titles[] = {
	    {"spark_job", "Spark job"},
	    {"pyspark_job", "PySpark job"},
	    {"mapreduce_job", "MapReduce job"},
	    {"hive_job", "Hive job"},
	    {"application_info", "YARN application"},
	};

	if (!section)
		return "Job";
	for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++)
		if (strcmp(section, titles[i].section) == 0)
			return titles[i].title;
	return section;
}

static void
view_detail_collect(void *ctx, const struct jobfield *f)
{
	struct view_detail *d = ctx;
	struct view_detail_field *fd;
	struct strbuf sb = STRBUF_INIT;

	if (d->n_fields == d->cap_fields) {
		d->cap_fields = d->cap_fields ? 2 * d->cap_fields : 64;
		d->fields = xrealloc(d->fields, d->cap_fields * sizeof(*d->fields));
	}
	fd = &d->fields[d->n_fields++];
	fd->section_copy = xstrdup(f->section);
	fd->section = fd->section_copy;
	fd->name = xstrdup(f->name);
	fd->elem = COLOR_DETAIL_VALUE;
	strbuf_addstr(&sb, f->value);
	if (f->status >= 0 && !f->section) {
		fd->elem = theme_status_elem(f->status);
	} else if (f->ts && f->ts->set) {
		char age[32];

		/* The moment and how long ago: the first is exact, the second is
		 * what a user compares with the log. */
		timefmt_age(f->ts, d->now, age, sizeof(age));
		if (*age)
			strbuf_addf(&sb, "  (%s)", age);
	}
	fd->value = strbuf_detach(&sb);
}

static void
view_detail_fields_free(struct view_detail *d)
{
	for (size_t i = 0; i < d->n_fields; i++) {
		free(d->fields[i].section_copy);
		free(d->fields[i].name);
		free(d->fields[i].value);
	}
	d->n_fields = 0;
}

static bool
view_detail_same_section(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void
view_detail_build_fields(struct view_detail *d, const struct job *job, int width)
{
	size_t i = 0;

	jobfields_walk(job, d->now, view_detail_collect, d);
	while (i < d->n_fields) {
		const char *section = d->fields[i].section, *title = view_detail_heading(section);
		size_t end = i, keyw = 0, cols;
		bool under;

		while (end < d->n_fields &&
		       view_detail_same_section(d->fields[end].section, section))
			end++;
		for (size_t k = i; k < end; k++) {
			size_t w = textwidth_width(d->fields[k].name, strlen(d->fields[k].name));

			if (w > keyw && w <= VIEW_DETAIL_KEY_MAX)
				keyw = w;
		}
		/* Narrow panes put values under their keys rather than squeeze them. */
		under = width - (int)keyw - 2 < VIEW_DETAIL_VALUE_MIN;
		if (i)
			view_detail_add(d, NULL, "", 0, 0, 0, COLOR_DETAIL_VALUE);
		view_detail_add(d, NULL, title, strlen(title), 0, 0, COLOR_DETAIL_SECTION);
		for (; i < end; i++) {
			const struct view_detail_field *f = &d->fields[i];
			size_t kw = textwidth_width(f->name, strlen(f->name));

			if (under || kw > keyw) {
				view_detail_wrap(d, f->name, "", 0, 1, width, 0, f->elem);
				cols = width > VIEW_DETAIL_INDENT
				           ? (size_t)(width - VIEW_DETAIL_INDENT)
				           : 1;
				if (*f->value)
					view_detail_value(d, NULL, f->value, cols, 0,
					                  VIEW_DETAIL_INDENT, f->elem);
				continue;
			}
			cols = (size_t)(width - (int)keyw - 2);
			view_detail_value(d, f->name, f->value, cols, (int)keyw, (int)keyw + 2,
			                  f->elem);
		}
	}
	view_detail_fields_free(d);
}

static void
view_detail_build_json(struct view_detail *d, const struct job *job, int width)
{
	json_t *json = rpc_job_to_json(job);
	char *text = json ? json_dumps(json, JSON_INDENT(2)) : NULL;
	const char *p = text ? text : "";

	/* The same text as `dpjobs get --format json`, line by line. */
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		int lead = 0;

		while ((size_t)lead < len && p[lead] == ' ')
			lead++;
		/* A wrapped JSON line continues under its own indentation. */
		view_detail_wrap_more(d, NULL, p, len, width > 0 ? (size_t)width : 1, 0, 0,
		                      lead + 2 < width / 2 ? lead + 2 : 0, COLOR_DETAIL_VALUE);
		if (!nl)
			break;
		p = nl + 1;
	}
	free(text);
	json_decref(json);
}

/* Rebuilt on every draw: a job has tens of fields, and this way a refresh,
 * a resize and `y` all show the current state without bookkeeping. */
static void
view_detail_build(struct view *v)
{
	struct view_detail *d = view_detail_state(v);
	const struct job *job = app_selected_job(v->app);
	const char *none = "(no job selected)";
	int width = v->width > 1 ? v->width : 1;

	view_detail_clear(d);
	d->now = app_now(v->app);
	if (!job)
		view_detail_add(d, NULL, none, strlen(none), 0, 0, COLOR_DETAIL_VALUE);
	else if (d->json)
		view_detail_build_json(d, job, width);
	else
		view_detail_build_fields(d, job, width);
}

struct view_detail_put {
	WINDOW *w;
	int attr, escaped_attr;
};

static void
view_detail_piece(void *ctx, const char *piece, size_t len, bool escaped)
{
	struct view_detail_put *c = ctx;
	int attr = escaped ? c->escaped_attr : c->attr;

	wattron(c->w, attr);
	waddnstr(c->w, piece, (int)len);
	wattroff(c->w, attr);
}

/* Draws untrusted text sanitized, in at most cols columns; returns the columns used. */
static int
view_detail_put(struct view *v, const char *s, size_t len, int cols, enum color_elem elem)
{
	struct view_detail_put c = {v->win, app_attr(v->app, elem),
	                            app_attr(v->app, COLOR_ESCAPED)};

	if (cols <= 0)
		return 0;
	return (int)textwidth_emit(s, len, 0, (size_t)cols, TEXTWIDTH_ELLIPSIS, view_detail_piece,
	                           &c);
}

static void
view_detail_draw_row(struct view *v, const struct view_detail_row *r, int y)
{
	int x = 0;

	wmove(v->win, y, 0);
	if (r->key) {
		x = view_detail_put(v, r->key, strlen(r->key), r->keyw ? r->keyw : v->width,
		                    COLOR_DETAIL_KEY);
		if (x < v->width) {
			wattron(v->win, app_attr(v->app, COLOR_DETAIL_KEY));
			waddch(v->win, ':');
			wattroff(v->win, app_attr(v->app, COLOR_DETAIL_KEY));
		}
	}
	if (!r->len)
		return;
	wmove(v->win, y, r->indent);
	x = r->indent;
	view_detail_put(v, r->text, r->len, v->width - x, r->elem);
}

static size_t
view_detail_lines(struct view *v)
{
	struct view_detail *d = view_detail_state(v);

	if (!d->n)
		view_detail_build(v);
	return d->n;
}

static void
view_detail_draw(struct view *v)
{
	struct view_detail *d = view_detail_state(v);
	size_t max_top;

	view_detail_build(v);
	/* A refresh or a resize can leave fewer rows than before. */
	max_top = d->n > (size_t)v->height ? d->n - (size_t)v->height : 0;
	if (v->top > max_top)
		v->top = max_top;
	for (int y = 0; y < v->height && v->top + (size_t)y < d->n; y++)
		view_detail_draw_row(v, &d->rows[v->top + (size_t)y], y);
}

static int
view_detail_handle(struct view *v, enum action act, const TermKeyKey *key)
{
	struct view_detail *d = view_detail_state(v);

	(void)key;
	if (act != ACTION_JSON)
		return R_NONE;
	d->json = !d->json;
	v->top = 0;
	view_detail_build(v);
	return R_HANDLED | R_REDRAW;
}

static void
view_detail_select_job(struct view *v, const char *job_id)
{
	(void)job_id;
	view_detail_build(v);
}

void
view_detail_title(struct view *v, struct strbuf *out)
{
	struct view_detail *d = v->data;

	if (d && d->json)
		strbuf_addstr(out, " [json] ");
}

static void
view_detail_done(struct view *v)
{
	struct view_detail *d = v->data;

	if (!d)
		return;
	view_detail_clear(d);
	view_detail_fields_free(d);
	free(d->rows);
	free(d->fields);
	free(d);
	v->data = NULL;
}

const struct view_ops view_detail_ops = {
    .name = "detail",
    .lines = view_detail_lines,
    .draw = view_detail_draw,
    .handle = view_detail_handle,
    .select_job = view_detail_select_job,
    .done = view_detail_done,
};
