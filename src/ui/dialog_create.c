/* The create dialog: a form per job type, validated as you type; `n` and `C` open it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/validate.h"
#include "ui/form.h"
#include "ui/internal.h"
#include "util/uuid.h"
#include "util/xalloc.h"

/* Job types a field belongs to, as bits. */
#define DC_SPARK (1u << JOB_TYPE_SPARK)
#define DC_PYSPARK (1u << JOB_TYPE_PYSPARK)
#define DC_MAPREDUCE (1u << JOB_TYPE_MAPREDUCE)
#define DC_HIVE (1u << JOB_TYPE_HIVE)
#define DC_JAVA (DC_SPARK | DC_PYSPARK | DC_MAPREDUCE)
#define DC_ALL (DC_JAVA | DC_HIVE)

/* Every field of the form: id, label, kind, job types, the proto field that
 * validate.h names in its messages (NULL: none). The order is the form's. */
#define DC_FIELD_INFO(_)                                                                           \
	_(TYPE, "type", FORM_CHOICE, DC_ALL, NULL)                                                 \
	_(NAME, "name", FORM_TEXT, DC_ALL, "name")                                                 \
	_(MAIN_JAR, "main jar file uri", FORM_TEXT, DC_SPARK | DC_MAPREDUCE, "main_jar_file_uri")  \
	_(MAIN_CLASS, "main class", FORM_TEXT, DC_SPARK | DC_MAPREDUCE, "main_class")              \
	_(MAIN_PY, "main python file uri", FORM_TEXT, DC_PYSPARK, "main_python_file_uri")          \
	_(QUERY_FILE, "query file uri", FORM_TEXT, DC_HIVE, "query_file_uri")                      \
	_(QUERIES, "queries (one a line)", FORM_LINES, DC_HIVE, "query_list")                      \
	_(ARGS, "args (one a line)", FORM_LINES, DC_JAVA, "args")                                  \
	_(PROPERTIES, "properties (k=v)", FORM_LINES, DC_ALL, "properties")                        \
	_(SCRIPT_VARS, "script variables (k=v)", FORM_LINES, DC_HIVE, "script_variables")          \
	_(CONTINUE, "continue on failure", FORM_CHECK, DC_HIVE, "continue_on_failure")             \
	_(JARS, "jar file uris", FORM_LINES, DC_ALL, "jar_file_uris")                              \
	_(FILES, "file uris", FORM_LINES, DC_JAVA, "file_uris")                                    \
	_(ARCHIVES, "archive uris", FORM_LINES, DC_JAVA, "archive_uris")                           \
	_(PYFILES, "python file uris", FORM_LINES, DC_PYSPARK, "python_file_uris")                 \
	_(PACKAGES, "packages", FORM_LINES, DC_SPARK | DC_PYSPARK, "packages")                     \
	_(REPOSITORIES, "repositories", FORM_LINES, DC_SPARK | DC_PYSPARK, "repositories")         \
	_(EXCLUDE, "exclude packages", FORM_LINES, DC_SPARK | DC_PYSPARK, "exclude_packages")      \
	_(SUBMIT, "Submit", FORM_BUTTON, DC_ALL, NULL)

enum dc_field {
#define DC_FIELD_ENUM_(id, label, kind, types, proto) DC_##id,
	DC_FIELD_INFO(DC_FIELD_ENUM_)
#undef DC_FIELD_ENUM_
	    DC_COUNT
};

static const struct {
	const char *label;
	enum form_type kind;
	unsigned types;
	const char *proto;
} dc_fields[] = {
#define DC_FIELD_ROW_(id, label, kind, types, proto) {label, kind, types, proto},
    DC_FIELD_INFO(DC_FIELD_ROW_)
#undef DC_FIELD_ROW_
};

/* The choice's order, as the Cloud console lists them. */
static const char *const dc_type_names[] = {"Spark", "PySpark", "MapReduce", "Hive"};
static const enum job_type dc_types[] = {JOB_TYPE_SPARK, JOB_TYPE_PYSPARK, JOB_TYPE_MAPREDUCE,
                                         JOB_TYPE_HIVE};
#define DC_NTYPES (sizeof(dc_types) / sizeof(dc_types[0]))

struct dialog_create {
	struct form form;
	dialog_create_submit_fn on_submit;
	bool confirm_discard; /* "Discard the new job?" waits for y/n */
	bool sending;         /* a CreateJob is in flight */
	/* One key per attempt sequence: kept while the content stays as it was
	 * sent, so a retry after a lost reply can never start a second job. */
	char key[UUID_STR_LEN];
	char *key_content;
	char *rejection; /* the server's last answer, shown above the message */
};

static struct form_field *
dc_field(struct dialog_create *d, enum dc_field id)
{
	return form_field(&d->form, (int)id);
}

static enum job_type
dc_type(struct dialog_create *d)
{
	return dc_types[dc_field(d, DC_TYPE)->choice % DC_NTYPES];
}

/* Shows the fields of the chosen type; the others keep what was typed. */
static void
dc_apply_type(struct dialog_create *d)
{
	unsigned bit = 1u << dc_type(d);

	for (int i = 0; i < DC_COUNT; i++)
		dc_field(d, (enum dc_field)i)->hidden = !(dc_fields[i].types & bit);
	form_focus_visible(&d->form);
}

static void
dc_add_list(void *ctx, const char *line)
{
	strlist_push(ctx, line);
}

static void
dc_list(struct dialog_create *d, enum dc_field id, struct strlist *out)
{
	form_lines(dc_field(d, id), dc_add_list, out);
}

/* key=value lines into a map; false with a message naming the line when one has no '='. */
static bool
dc_map(struct dialog_create *d, enum dc_field id, struct kvlist *out, char *err, size_t len)
{
	struct strlist lines = {NULL, 0};
	bool ok = true;

	dc_list(d, id, &lines);
	for (size_t i = 0; i < lines.n && ok; i++) {
		char *eq = strchr(lines.v[i], '=');

		if (!eq) {
			snprintf(err, len, "%s: line %zu: expected key=value", dc_fields[id].proto,
			         i + 1);
			ok = false;
			break;
		}
		*eq = '\0';
		kvlist_set(out, lines.v[i], eq + 1);
	}
	strlist_done(&lines);
	return ok;
}

static char *
dc_string(struct dialog_create *d, enum dc_field id)
{
	const char *s = form_text(dc_field(d, id));

	return *s ? xstrdup(s) : NULL;
}

/* The spec the form says, for the type chosen. false with the field at fault
 * and why, for what validate.h cannot see (a oneof given twice, a line that
 * is not key=value). */
static bool
dc_build(struct dialog_create *d, struct job_spec *s, enum dc_field *bad, char *err, size_t len)
{
	enum job_type t = dc_type(d);

	memset(s, 0, sizeof(*s));
	s->type = t;
	if (t != JOB_TYPE_HIVE) {
		dc_list(d, DC_ARGS, &s->args);
		dc_list(d, DC_FILES, &s->file_uris);
		dc_list(d, DC_ARCHIVES, &s->archive_uris);
	}
	dc_list(d, DC_JARS, &s->jar_file_uris);
	if (!dc_map(d, DC_PROPERTIES, &s->properties, err, len)) {
		*bad = DC_PROPERTIES;
		return false;
	}
	if (t == JOB_TYPE_SPARK || t == JOB_TYPE_PYSPARK) {
		dc_list(d, DC_PACKAGES, &s->packages);
		dc_list(d, DC_REPOSITORIES, &s->repositories);
		dc_list(d, DC_EXCLUDE, &s->exclude_packages);
	}
	switch (t) {
	case JOB_TYPE_SPARK:
		s->main_jar_file_uri = dc_string(d, DC_MAIN_JAR);
		s->main_class = dc_string(d, DC_MAIN_CLASS);
		break;
	case JOB_TYPE_PYSPARK:
		s->main_python_file_uri = dc_string(d, DC_MAIN_PY);
		dc_list(d, DC_PYFILES, &s->python_file_uris);
		break;
	case JOB_TYPE_MAPREDUCE:
		s->main_jar_file_uri = dc_string(d, DC_MAIN_JAR);
		s->main_class = dc_string(d, DC_MAIN_CLASS);
		if (s->main_jar_file_uri && s->main_class) {
			snprintf(err, len,
			         "mapreduce: give the main jar or the main class, not both");
			*bad = DC_MAIN_CLASS;
			return false;
		}
		s->driver = s->main_class          ? MAPREDUCE_DRIVER_CLASS
		            : s->main_jar_file_uri ? MAPREDUCE_DRIVER_JAR
		                                   : MAPREDUCE_DRIVER_NONE;
		break;
	case JOB_TYPE_HIVE:
		s->continue_on_failure = dc_field(d, DC_CONTINUE)->checked;
		if (!dc_map(d, DC_SCRIPT_VARS, &s->script_variables, err, len)) {
			*bad = DC_SCRIPT_VARS;
			return false;
		}
		s->query_file_uri = dc_string(d, DC_QUERY_FILE);
		dc_list(d, DC_QUERIES, &s->queries);
		if (s->query_file_uri && s->queries.n) {
			snprintf(err, len, "hive: give the query file or the queries, not both");
			*bad = DC_QUERIES;
			return false;
		}
		s->query = s->query_file_uri ? HIVE_QUERY_FILE_URI
		           : s->queries.n    ? HIVE_QUERY_LIST
		                             : HIVE_QUERY_NONE;
		break;
	case JOB_TYPE_NONE:
		break;
	}
	return true;
}

/* The field a validate.h message names: "spark_job.properties: ..." → properties. */
static enum dc_field
dc_field_of_error(const char *err)
{
	const char *dot = strchr(err, '.'), *colon = strchr(err, ':');
	const char *p = dot && colon && dot < colon ? dot + 1 : err;
	size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyz_");

	if (n == strlen("driver") && strncmp(p, "driver", n) == 0)
		return DC_MAIN_JAR;
	for (int i = 0; i < DC_COUNT; i++) {
		if (dc_fields[i].proto && strlen(dc_fields[i].proto) == n &&
		    strncmp(dc_fields[i].proto, p, n) == 0)
			return (enum dc_field)i;
	}
	return DC_COUNT;
}

/* Checks the form as it stands: marks the field at fault. Returns true when
 * it can be sent; spec (may be NULL) then holds it, for the caller to free. */
static bool
dc_check(struct app *app, struct dialog_create *d, struct job_spec *out)
{
	struct job_spec s;
	char err[VALIDATE_ERR_LEN];
	enum dc_field bad = DC_COUNT;
	bool ok = dc_build(d, &s, &bad, err, sizeof(err));

	if (ok &&
	    !validate_create_job(app_cluster_id(app), form_text(dc_field(d, DC_NAME)), &s, err)) {
		ok = false;
		bad = dc_field_of_error(err);
	}
	form_clear_marks(&d->form);
	if (ok) {
		form_set_message(&d->form, false, "%s",
		                 d->sending ? "sending…" : "<C-s> submits, Esc abandons");
	} else {
		if (bad != DC_COUNT && !dc_field(d, bad)->hidden)
			form_mark(dc_field(d, bad), err);
		form_set_message(&d->form, true, "%s", err);
	}
	if (ok && out)
		*out = s;
	else
		job_spec_done(&s);
	return ok;
}

/* What was sent, to tell a retry of the same job from a changed one. */
static char *
dc_content(struct dialog_create *d)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%d", (int)dc_type(d));
	for (int i = 0; i < DC_COUNT; i++) {
		const struct form_field *f = dc_field(d, (enum dc_field)i);

		if (!f->hidden)
			strbuf_addf(&sb, "\x1f%s\x1f%d", form_text(f), f->checked);
	}
	return strbuf_detach(&sb);
}

static void
dc_submit(struct app *app, struct dialog_create *d)
{
	struct job_spec spec;
	char *content;

	if (d->sending)
		return;
	if (!dc_check(app, d, &spec)) {
		for (size_t i = 0; i < d->form.n; i++) {
			if (d->form.fields[i].error) {
				form_focus(&d->form, i);
				break;
			}
		}
		return;
	}
	content = dc_content(d);
	if (!d->key_content || strcmp(content, d->key_content) != 0) {
		uuid_generate_str(d->key);
		free(d->key_content);
		d->key_content = content;
	} else {
		free(content);
	}
	d->sending = true;
	free(d->rejection);
	d->rejection = NULL;
	form_set_message(&d->form, false, "sending…");
	d->on_submit(app, form_text(dc_field(d, DC_NAME)), &spec, d->key);
	job_spec_done(&spec);
}

static struct dialog_create *
dc_new(dialog_create_submit_fn on_submit)
{
	struct dialog_create *d = xcalloc(1, sizeof(*d));

	form_init(&d->form);
	for (int i = 0; i < DC_COUNT; i++)
		form_add(&d->form, dc_fields[i].kind, i, dc_fields[i].label,
		         i == DC_TYPE ? dc_type_names : NULL, i == DC_TYPE ? DC_NTYPES : 0);
	d->on_submit = on_submit;
	return d;
}

static void
dc_set_lines(struct dialog_create *d, enum dc_field id, const struct strlist *l)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < l->n; i++)
		strbuf_addf(&sb, "%s%s", i ? "\n" : "", l->v[i]);
	form_set_text(dc_field(d, id), strbuf_str(&sb));
	strbuf_done(&sb);
}

static void
dc_set_map(struct dialog_create *d, enum dc_field id, const struct kvlist *l)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < l->n; i++)
		strbuf_addf(&sb, "%s%s=%s", i ? "\n" : "", l->v[i].key, l->v[i].value);
	form_set_text(dc_field(d, id), strbuf_str(&sb));
	strbuf_done(&sb);
}

void
dialog_create_clone_name(const char *name, char out[64])
{
	size_t len = strlen(name), digits = 0;
	unsigned long n = 2;
	char suffix[24];

	if (!*name) {
		out[0] = '\0';
		return;
	}
	/* "etl-7" → "etl-8": a number after the last '-' counts up. */
	while (digits < len && name[len - 1 - digits] >= '0' && name[len - 1 - digits] <= '9')
		digits++;
	if (digits > 0 && digits < 10 && digits < len && name[len - 1 - digits] == '-') {
		n = strtoul(name + len - digits, NULL, 10) + 1;
		len -= digits + 1;
	}
	snprintf(suffix, sizeof(suffix), "-%lu", n);
	/* Within 63 characters, and no '-' before the suffix's own. */
	if (len + strlen(suffix) > 63)
		len = 63 - strlen(suffix);
	while (len > 1 && name[len - 1] == '-')
		len--;
	snprintf(out, 64, "%.*s%s", (int)len, name, suffix);
}

static void
dc_fill(struct dialog_create *d, const struct job *job)
{
	const struct job_spec *s = &job->spec;
	char name[64];

	for (size_t i = 0; i < DC_NTYPES; i++) {
		if (dc_types[i] == s->type)
			dc_field(d, DC_TYPE)->choice = i;
	}
	dialog_create_clone_name(job->name ? job->name : "", name);
	form_set_text(dc_field(d, DC_NAME), name);
	form_set_text(dc_field(d, DC_MAIN_JAR), s->main_jar_file_uri);
	form_set_text(dc_field(d, DC_MAIN_CLASS), s->main_class);
	if (s->type == JOB_TYPE_MAPREDUCE)
		form_set_text(
		    dc_field(d, s->driver == MAPREDUCE_DRIVER_JAR ? DC_MAIN_CLASS : DC_MAIN_JAR),
		    "");
	form_set_text(dc_field(d, DC_MAIN_PY), s->main_python_file_uri);
	if (s->query == HIVE_QUERY_FILE_URI)
		form_set_text(dc_field(d, DC_QUERY_FILE), s->query_file_uri);
	if (s->query == HIVE_QUERY_LIST)
		dc_set_lines(d, DC_QUERIES, &s->queries);
	dc_set_lines(d, DC_ARGS, &s->args);
	dc_set_map(d, DC_PROPERTIES, &s->properties);
	dc_set_map(d, DC_SCRIPT_VARS, &s->script_variables);
	dc_field(d, DC_CONTINUE)->checked = s->continue_on_failure;
	dc_set_lines(d, DC_JARS, &s->jar_file_uris);
	dc_set_lines(d, DC_FILES, &s->file_uris);
	dc_set_lines(d, DC_ARCHIVES, &s->archive_uris);
	dc_set_lines(d, DC_PYFILES, &s->python_file_uris);
	dc_set_lines(d, DC_PACKAGES, &s->packages);
	dc_set_lines(d, DC_REPOSITORIES, &s->repositories);
	dc_set_lines(d, DC_EXCLUDE, &s->exclude_packages);
}

void
dialog_create_open(struct app *app, const struct job *from, dialog_create_submit_fn on_submit)
{
	struct dialog_create *d;

	dialog_create_free(app);
	d = app->create = dc_new(on_submit);
	if (from) {
		dc_fill(d, from);
		/* A clone opens on its name, the field most often changed. */
		form_focus(&d->form, DC_NAME);
	}
	dc_apply_type(d);
	dc_check(app, d, NULL);
	app->overlay = APP_OVERLAY_CREATE;
	layout_apply(app);
}

void
dialog_create_free(struct app *app)
{
	struct dialog_create *d = app->create;

	if (!d)
		return;
	form_done(&d->form);
	free(d->key_content);
	free(d->rejection);
	free(d);
	app->create = NULL;
}

void
dialog_create_close(struct app *app)
{
	dialog_create_free(app);
	if (app->overlay == APP_OVERLAY_CREATE)
		app->overlay = APP_OVERLAY_NONE;
	layout_apply(app);
}

void
dialog_create_rejected(struct app *app, const char *line)
{
	struct dialog_create *d = app->create;

	if (!d) {
		app_message(app, true, "create: %s", line);
		return;
	}
	d->sending = false;
	free(d->rejection);
	d->rejection = xstrdup(line);
	form_set_message(&d->form, true, "server: %s", line);
	app->dirty_overlay = true;
}

bool
dialog_create_cursor(const struct app *app)
{
	const struct dialog_create *d = app->create;

	if (!d || d->confirm_discard || d->form.n == 0)
		return false;
	return d->form.fields[d->form.focus].type == FORM_TEXT ||
	       d->form.fields[d->form.focus].type == FORM_LINES;
}

int
dialog_create_key(struct app *app, enum action act, const TermKeyKey *key)
{
	struct dialog_create *d = app->create;
	enum form_result r;

	if (!d)
		return R_NONE;
	app->dirty_overlay = true;
	if (d->confirm_discard) {
		d->confirm_discard = false;
		if (key->type == TERMKEY_TYPE_UNICODE && !key->modifiers &&
		    (key->code.codepoint == 'y' || key->code.codepoint == 'Y')) {
			dialog_create_close(app);
			return R_HANDLED;
		}
		dc_check(app, d, NULL);
		return R_HANDLED;
	}
	r = form_key(&d->form, key);
	switch (r) {
	case FORM_IGNORED:
		/* The dialog inherits the global keymap for what it does not use. */
		return act == ACTION_REDRAW || act == ACTION_SUSPEND || act == ACTION_REFRESH
		           ? R_NONE
		           : R_HANDLED;
	case FORM_MOVED:
		return R_HANDLED;
	case FORM_EDITED:
		if (d->form.focus == DC_TYPE)
			dc_apply_type(d);
		dc_check(app, d, NULL);
		if (d->rejection && !d->sending)
			form_set_message(&d->form, true, "server: %s", d->rejection);
		return R_HANDLED;
	case FORM_SUBMIT:
		dc_submit(app, d);
		return R_HANDLED;
	case FORM_CANCEL:
		if (!d->form.edited) {
			dialog_create_close(app);
			return R_HANDLED;
		}
		d->confirm_discard = true;
		form_set_message(&d->form, true, "Discard the new job? (y/n)");
		return R_HANDLED;
	}
	return R_HANDLED;
}

void
dialog_create_draw(struct app *app)
{
	struct dialog_create *d = app->create;
	struct form_attrs a = {
	    .normal = app_attr(app, COLOR_OVERLAY),
	    .label = app_attr(app, COLOR_FORM_LABEL),
	    .field = app_attr(app, COLOR_FORM_FIELD),
	    .field_focus = app_attr(app, COLOR_FORM_FIELD_FOCUS),
	    .error = app_attr(app, COLOR_FORM_ERROR),
	    .border = app_attr(app, COLOR_OVERLAY_BORDER),
	    .button_focus = app_attr(app, COLOR_FORM_FIELD_FOCUS),
	};
	WINDOW *w = app->overlay_win;
	char title[160];
	int cy, cx;

	if (!d || !w)
		return;
	snprintf(title, sizeof(title),
	         " new %s job  (Tab: next field, <C-s>: submit, Esc: abandon) ",
	         dc_type_names[dc_field(d, DC_TYPE)->choice % DC_NTYPES]);
	form_draw(&d->form, w, title, &a, &cy, &cx);
	if (cy >= 0 && cx >= 0)
		wmove(w, cy, cx);
}
