/* The confirmation dialog: Yes/No with No the default, or a number to type. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ui/internal.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define DIALOG_CONFIRM_INPUT_MAX 10

struct dialog_confirm {
	char *title;
	char *text; /* lines separated by '\n' */
	unsigned typed;
	bool yes; /* the button with focus; No until moved */
	char input[DIALOG_CONFIRM_INPUT_MAX + 1];
	bool wrong; /* Enter on a number other than typed */
	void (*on_done)(struct app *app, bool confirmed, void *ctx);
	void *ctx;
};

static void
dialog_confirm_state_free(struct dialog_confirm *d)
{
	if (!d)
		return;
	free(d->title);
	free(d->text);
	free(d);
}

int
dialog_confirm_lines(const struct app *app)
{
	const struct dialog_confirm *d = app->confirm;
	int n = 1;

	if (!d)
		return 1;
	for (const char *p = d->text; *p; p++)
		n += *p == '\n';
	return n;
}

void
dialog_confirm_open(struct app *app, const char *title, const char *text, unsigned typed,
                    void (*on_done)(struct app *app, bool confirmed, void *ctx), void *ctx)
{
	struct dialog_confirm *d = xcalloc(1, sizeof(*d));

	d->title = xstrdup(title);
	d->text = xstrdup(text);
	d->typed = typed;
	d->on_done = on_done;
	d->ctx = ctx;
	/* One question at a time: a dialog still open is answered No. */
	dialog_confirm_free(app);
	app->confirm = d;
	app->overlay = APP_OVERLAY_CONFIRM;
	layout_apply(app);
}

/* Closes the dialog first, so that on_done may open another one. */
static int
dialog_confirm_close(struct app *app, bool confirmed)
{
	struct dialog_confirm *d = app->confirm;

	app->confirm = NULL;
	app->overlay = APP_OVERLAY_NONE;
	layout_apply(app);
	if (d->on_done)
		d->on_done(app, confirmed, d->ctx);
	dialog_confirm_state_free(d);
	return R_HANDLED | R_REDRAW_ALL;
}

void
dialog_confirm_free(struct app *app)
{
	struct dialog_confirm *d = app->confirm;

	if (!d)
		return;
	/* No layout here: this also runs at teardown, after the terminal went back. */
	app->confirm = NULL;
	if (d->on_done)
		d->on_done(app, false, d->ctx);
	dialog_confirm_state_free(d);
}

static int
dialog_confirm_typed_key(struct app *app, const TermKeyKey *key)
{
	struct dialog_confirm *d = app->confirm;
	size_t len = strlen(d->input);

	if (key->type == TERMKEY_TYPE_UNICODE && !key->modifiers && key->code.codepoint >= '0' &&
	    key->code.codepoint <= '9') {
		if (len < DIALOG_CONFIRM_INPUT_MAX) {
			d->input[len] = (char)key->code.codepoint;
			d->input[len + 1] = '\0';
		}
		d->wrong = false;
	} else if (key->type == TERMKEY_TYPE_KEYSYM &&
	           (key->code.sym == TERMKEY_SYM_BACKSPACE || key->code.sym == TERMKEY_SYM_DEL)) {
		if (len)
			d->input[len - 1] = '\0';
		d->wrong = false;
	} else if (key->type == TERMKEY_TYPE_KEYSYM && key->code.sym == TERMKEY_SYM_ENTER) {
		char want[16];

		snprintf(want, sizeof(want), "%u", d->typed);
		if (strcmp(d->input, want) == 0)
			return dialog_confirm_close(app, true);
		/* A wrong count keeps the dialog: it is a typo, not an answer. */
		d->wrong = true;
	}
	app->dirty_overlay = true;
	return R_HANDLED;
}

int
dialog_confirm_key(struct app *app, enum action act, const TermKeyKey *key)
{
	struct dialog_confirm *d = app->confirm;

	if (!d)
		return R_NONE;
	if (act == ACTION_QUIT_NOW)
		return R_HANDLED | R_QUIT;
	if ((key->type == TERMKEY_TYPE_KEYSYM && key->code.sym == TERMKEY_SYM_ESCAPE) ||
	    (key->type == TERMKEY_TYPE_UNICODE && !key->modifiers &&
	     (key->code.codepoint == 'q' || key->code.codepoint == 'n')))
		return dialog_confirm_close(app, false);
	if (d->typed)
		return dialog_confirm_typed_key(app, key);
	if (key->type == TERMKEY_TYPE_UNICODE && !key->modifiers && key->code.codepoint == 'y')
		return dialog_confirm_close(app, true);
	if (key->type == TERMKEY_TYPE_KEYSYM && key->code.sym == TERMKEY_SYM_ENTER)
		return dialog_confirm_close(app, d->yes);
	if ((key->type == TERMKEY_TYPE_KEYSYM &&
	     (key->code.sym == TERMKEY_SYM_LEFT || key->code.sym == TERMKEY_SYM_RIGHT ||
	      key->code.sym == TERMKEY_SYM_TAB)) ||
	    act == ACTION_SCROLL_LEFT || act == ACTION_SCROLL_RIGHT || act == ACTION_FOCUS_NEXT ||
	    act == ACTION_FOCUS_PREV) {
		d->yes = !d->yes;
		app->dirty_overlay = true;
	}
	return R_HANDLED;
}

static void
dialog_confirm_button(struct app *app, WINDOW *w, const char *label, bool focus)
{
	int attr = app_attr(app, focus ? COLOR_LIST_SELECTED : COLOR_OVERLAY);

	view_put(w, (int)strlen(label), label, strlen(label), attr);
}

void
dialog_confirm_draw(struct app *app)
{
	struct dialog_confirm *d = app->confirm;
	WINDOW *w = app->overlay_win;
	int h = getmaxy(w), cols = getmaxx(w), y = 1;
	int attr = app_attr(app, COLOR_OVERLAY), border = app_attr(app, COLOR_OVERLAY_BORDER);
	const char *p;

	if (!d)
		return;
	wbkgdset(w, ' ' | attr);
	werase(w);
	view_box(w, border);
	wmove(w, 0, 2);
	{
		char *t = xasprintf(" %s ", d->title);

		view_put(w, cols - 4, t, strlen(t), border);
		free(t);
	}
	for (p = d->text; y < h - 2; y++) {
		size_t len = strcspn(p, "\n");

		wmove(w, y, 2);
		view_put(w, cols - 4, p, len, attr);
		p += len;
		if (!*p)
			break;
		p++;
	}
	y = h - 2;
	wmove(w, y, 2);
	if (d->typed) {
		struct strbuf sb = STRBUF_INIT;

		int used;

		strbuf_addf(&sb, "Type %u to confirm: %s_", d->typed, d->input);
		used = view_put(w, cols - 4, sb.buf, sb.len, app_attr(app, COLOR_PROMPT));
		strbuf_reset(&sb);
		if (d->wrong)
			strbuf_addstr(&sb, "  not that number (Esc: do nothing)");
		view_put(w, cols - 4 - used, sb.buf, sb.len, app_attr(app, COLOR_ERROR_MESSAGE));
		strbuf_done(&sb);
		return;
	}
	dialog_confirm_button(app, w, "[ Yes ]", d->yes);
	view_pad(w, 2, attr);
	dialog_confirm_button(app, w, "[ No ]", !d->yes);
	view_pad(w, 2, attr);
	view_put(w, cols - 4 - 17, "y: yes  n, Esc: no", 18, attr);
}
