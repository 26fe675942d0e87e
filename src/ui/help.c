/* The `?` overlay: keys of the focused pane and global keys, from ACTION_INFO. */
#include "config.h"

#include <string.h>

#include "ui/internal.h"
#include "ui/keymap.h"
#include "util/textwidth.h"

/* The key column is as wide as its widest entry, within these bounds. */
#define HELP_KEYS_MIN 14
#define HELP_KEYS_MAX 32

static const char *const help_pane_names[PANE_COUNT] = {
    [PANE_LIST] = "job list",
    [PANE_DETAIL] = "detail",
    [PANE_LOG] = "log",
};

/* Row `row` of the overlay's text: a section title (key NULL) or a key line.
 * Returns false past the end. */
static bool
help_row(const struct app *app, size_t row, char *keys, size_t size, const char **text, bool *title)
{
	size_t i = 0;

	for (int section = 0; section < 2; section++) {
		int pane = section == 0 ? (int)app->focus : -1;

		if (section == 0 && app->readonly && i++ == row) {
			*title = true;
			*text =
			    "read-only mode (--readonly): create, clone, edit and cancel are off";
			return true;
		}
		if (i++ == row) {
			*title = true;
			*text = section == 0 ? help_pane_names[app->focus] : "global";
			return true;
		}
		for (int a = 1; a < ACTION_COUNT; a++) {
			if (action_pane((enum action)a) != pane)
				continue;
			if (app->readonly && app_action_writes((enum action)a))
				continue;
			if (i++ != row)
				continue;
			*title = false;
			keymap_keys_of((enum action)a, keys, size);
			*text = action_help((enum action)a);
			return true;
		}
		if (section == 0 && i++ == row) {
			*title = true;
			*text = "";
			return true;
		}
	}
	return false;
}

static size_t
help_rows(const struct app *app)
{
	char keys[128];
	const char *text;
	bool title;
	size_t n = 0;

	while (help_row(app, n, keys, sizeof(keys), &text, &title))
		n++;
	return n;
}

void
help_open(struct app *app)
{
	app->overlay = APP_OVERLAY_HELP;
	app->help_top = 0;
	layout_apply(app);
}

static int
help_close(struct app *app)
{
	app->overlay = APP_OVERLAY_NONE;
	layout_apply(app);
	return R_HANDLED;
}

int
help_key(struct app *app, enum action act, const TermKeyKey *key)
{
	size_t n = help_rows(app);
	int h = app->overlay_win ? getmaxy(app->overlay_win) - 2 : 1;
	size_t max_top = n > (size_t)h ? n - (size_t)h : 0;
	size_t top = app->help_top;

	if (key->type == TERMKEY_TYPE_KEYSYM && key->code.sym == TERMKEY_SYM_ESCAPE)
		return help_close(app);
	switch (act) {
	case ACTION_QUIT:
	case ACTION_HELP:
		return help_close(app);
	case ACTION_QUIT_NOW:
		return R_HANDLED | R_QUIT;
	default:
		break;
	}
	if (view_scroll_overlay(&top, act, (size_t)h, max_top)) {
		app->help_top = top;
		app->dirty_overlay = true;
	}
	return R_HANDLED;
}

/* Width of the key column: the widest key list plus a gap, so that no key list
 * runs into its description. */
static int
help_keys_column(const struct app *app)
{
	char keys[128];
	const char *text;
	bool title;
	int widest = HELP_KEYS_MIN;

	for (size_t row = 0; help_row(app, row, keys, sizeof(keys), &text, &title); row++) {
		int w = (int)textwidth_width(keys, strlen(keys)) + 2;

		if (!title && w > widest)
			widest = w;
	}
	return widest > HELP_KEYS_MAX ? HELP_KEYS_MAX : widest;
}

void
help_draw(struct app *app)
{
	WINDOW *w = app->overlay_win;
	int h = getmaxy(w), cols = getmaxx(w);
	int attr = app_attr(app, COLOR_OVERLAY), border = app_attr(app, COLOR_OVERLAY_BORDER);
	char keys[128];
	const char *text;
	bool title;
	int keys_column = help_keys_column(app);

	wbkgdset(w, ' ' | attr);
	werase(w);
	view_box(w, border);
	wattron(w, border);
	mvwaddstr(w, 0, 2, " keys  (q or Esc closes) ");
	wattroff(w, border);
	for (int y = 1; y < h - 1; y++) {
		size_t row = app->help_top + (size_t)(y - 1);
		int used = 0;

		if (!help_row(app, row, keys, sizeof(keys), &text, &title))
			break;
		wmove(w, y, 2);
		if (title) {
			view_put(w, cols - 4, text, strlen(text),
			         app_attr(app, COLOR_DETAIL_SECTION));
			continue;
		}
		used = view_put(w, cols - 4, keys, strlen(keys), app_attr(app, COLOR_DETAIL_KEY));
		if (used < keys_column && cols - 4 > keys_column) {
			view_pad(w, keys_column - used, attr);
			used = keys_column;
		} else {
			view_pad(w, 1, attr);
			used++;
		}
		view_put(w, cols - 4 - used, text, strlen(text), attr);
	}
}
