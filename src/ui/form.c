/* A terminal form: fields with readline editing, Tab between them, scrolling, marks. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ui/form.h"
#include "ui/internal.h"
#include "util/textwidth.h"
#include "util/xalloc.h"

void
form_init(struct form *f)
{
	memset(f, 0, sizeof(*f));
}

void
form_done(struct form *f)
{
	for (size_t i = 0; i < f->n; i++) {
		strbuf_done(&f->fields[i].text);
		free(f->fields[i].error);
	}
	free(f->fields);
	free(f->message);
	memset(f, 0, sizeof(*f));
}

size_t
form_add(struct form *f, enum form_type type, int id, const char *label, const char *const *choices,
         size_t n_choices)
{
	struct form_field *fld;

	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 16;
		f->fields = xrealloc(f->fields, f->cap * sizeof(*f->fields));
	}
	fld = &f->fields[f->n];
	memset(fld, 0, sizeof(*fld));
	strbuf_init(&fld->text);
	fld->type = type;
	fld->id = id;
	fld->label = label;
	fld->choices = choices;
	fld->n_choices = n_choices;
	return f->n++;
}

struct form_field *
form_field(struct form *f, int id)
{
	for (size_t i = 0; i < f->n; i++) {
		if (f->fields[i].id == id)
			return &f->fields[i];
	}
	return NULL;
}

void
form_set_text(struct form_field *fld, const char *text)
{
	strbuf_reset(&fld->text);
	strbuf_addstr(&fld->text, text ? text : "");
	fld->cursor = fld->text.len;
}

const char *
form_text(const struct form_field *fld)
{
	return fld->text.buf ? fld->text.buf : "";
}

void
form_mark(struct form_field *fld, const char *msg)
{
	free(fld->error);
	fld->error = msg ? xstrdup(msg) : NULL;
}

void
form_clear_marks(struct form *f)
{
	for (size_t i = 0; i < f->n; i++)
		form_mark(&f->fields[i], NULL);
}

void
form_set_message(struct form *f, bool error, const char *fmt, ...)
{
	va_list ap;
	struct strbuf sb = STRBUF_INIT;

	free(f->message);
	f->message = NULL;
	f->message_error = error;
	if (!fmt)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	f->message = strbuf_detach(&sb);
}

void
form_focus(struct form *f, size_t i)
{
	if (i < f->n)
		f->focus = i;
}

void
form_focus_visible(struct form *f)
{
	for (size_t i = f->focus; i < f->n; i++) {
		if (!f->fields[i].hidden) {
			f->focus = i;
			return;
		}
	}
	for (size_t i = f->focus; i-- > 0;) {
		if (!f->fields[i].hidden) {
			f->focus = i;
			return;
		}
	}
}

/* ---- editing ---- */

static bool
form_is_continuation(char c)
{
	return ((unsigned char)c & 0xc0) == 0x80;
}

static size_t
form_prev_char(const struct strbuf *t, size_t at)
{
	while (at > 0 && form_is_continuation(t->buf[--at]))
		;
	return at;
}

static size_t
form_next_char(const struct strbuf *t, size_t at)
{
	if (at < t->len)
		at++;
	while (at < t->len && form_is_continuation(t->buf[at]))
		at++;
	return at;
}

static size_t
form_line_start(const struct strbuf *t, size_t at)
{
	while (at > 0 && t->buf[at - 1] != '\n')
		at--;
	return at;
}

static size_t
form_line_end(const struct strbuf *t, size_t at)
{
	while (at < t->len && t->buf[at] != '\n')
		at++;
	return at;
}

static void
form_delete(struct form_field *fld, size_t from, size_t to)
{
	struct strbuf *t = &fld->text;

	if (to <= from)
		return;
	memmove(t->buf + from, t->buf + to, t->len - to + 1);
	t->len -= to - from;
	fld->cursor = from;
}

static void
form_insert(struct form_field *fld, const char *s, size_t len)
{
	struct strbuf *t = &fld->text;

	strbuf_grow(t, len);
	memmove(t->buf + fld->cursor + len, t->buf + fld->cursor, t->len - fld->cursor + 1);
	memcpy(t->buf + fld->cursor, s, len);
	t->len += len;
	fld->cursor += len;
}

/* Display column of the cursor within its line, and the byte offset of the
 * same column in another line (for Up/Down in a multi-line field). */
static size_t
form_column(const struct strbuf *t, size_t at)
{
	size_t start = form_line_start(t, at);

	return textwidth_width(t->buf + start, at - start);
}

static size_t
form_at_column(const struct strbuf *t, size_t start, size_t col)
{
	size_t end = form_line_end(t, start), at = start;

	while (at < end) {
		size_t next = form_next_char(t, at);

		if (textwidth_width(t->buf + start, next - start) > col)
			break;
		at = next;
	}
	return at;
}

static bool
form_is_text(const struct form_field *fld)
{
	return fld->type == FORM_TEXT || fld->type == FORM_LINES;
}

static bool
form_move_focus(struct form *f, int dir)
{
	size_t i = f->focus;

	for (;;) {
		if (dir > 0 ? i + 1 >= f->n : i == 0)
			return false;
		i = dir > 0 ? i + 1 : i - 1;
		if (!f->fields[i].hidden)
			break;
	}
	f->focus = i;
	return true;
}

/* Up/Down: between the lines of a multi-line field, else between fields. */
static enum form_result
form_vertical(struct form *f, struct form_field *fld, int dir)
{
	struct strbuf *t = &fld->text;

	if (fld->type == FORM_LINES) {
		size_t start = form_line_start(t, fld->cursor), col = form_column(t, fld->cursor);

		if (dir < 0 && start > 0) {
			fld->cursor = form_at_column(t, form_line_start(t, start - 1), col);
			return FORM_MOVED;
		}
		if (dir > 0 && form_line_end(t, fld->cursor) < t->len) {
			fld->cursor = form_at_column(t, form_line_end(t, fld->cursor) + 1, col);
			return FORM_MOVED;
		}
	}
	form_move_focus(f, dir);
	return FORM_MOVED;
}

static enum form_result
form_ctrl(struct form *f, struct form_field *fld, long cp)
{
	struct strbuf *t = &fld->text;
	bool text = form_is_text(fld);

	switch (cp) {
	case 's':
		return FORM_SUBMIT;
	case 'c':
	case 'g':
		return FORM_CANCEL;
	case 'i': /* Tab on terminals that send it as <C-i> */
		form_move_focus(f, 1);
		return FORM_MOVED;
	case 'n':
		return form_vertical(f, fld, 1);
	case 'p':
		return form_vertical(f, fld, -1);
	default:
		break;
	}
	if (!text)
		return FORM_IGNORED;
	switch (cp) {
	case 'a':
		fld->cursor = form_line_start(t, fld->cursor);
		return FORM_MOVED;
	case 'e':
		fld->cursor = form_line_end(t, fld->cursor);
		return FORM_MOVED;
	case 'b':
		fld->cursor = form_prev_char(t, fld->cursor);
		return FORM_MOVED;
	case 'f':
		fld->cursor = form_next_char(t, fld->cursor);
		return FORM_MOVED;
	case 'u':
		form_delete(fld, form_line_start(t, fld->cursor), fld->cursor);
		return FORM_EDITED;
	case 'k': {
		size_t end = form_line_end(t, fld->cursor);

		/* At the end of a line, <C-k> joins the next one (emacs). */
		if (end == fld->cursor && end < t->len)
			end++;
		form_delete(fld, fld->cursor, end);
		return FORM_EDITED;
	}
	case 'w': {
		size_t start = form_line_start(t, fld->cursor), at = fld->cursor;

		/* readline's unix-word-rubout: blanks, then the word before them. */
		while (at > start && (t->buf[at - 1] == ' ' || t->buf[at - 1] == '\t'))
			at--;
		while (at > start && t->buf[at - 1] != ' ' && t->buf[at - 1] != '\t')
			at--;
		form_delete(fld, at, fld->cursor);
		return FORM_EDITED;
	}
	case 'h':
		form_delete(fld, form_prev_char(t, fld->cursor), fld->cursor);
		return FORM_EDITED;
	case 'd':
		form_delete(fld, fld->cursor, form_next_char(t, fld->cursor));
		return FORM_EDITED;
	default:
		return FORM_IGNORED;
	}
}

/* Enter and Space on the fields that are not text. */
static enum form_result
form_activate(struct form *f, struct form_field *fld, bool enter)
{
	switch (fld->type) {
	case FORM_CHECK:
		fld->checked = !fld->checked;
		return FORM_EDITED;
	case FORM_CHOICE:
		if (enter) {
			form_move_focus(f, 1);
			return FORM_MOVED;
		}
		fld->choice = (fld->choice + 1) % (fld->n_choices ? fld->n_choices : 1);
		return FORM_EDITED;
	case FORM_BUTTON:
		return FORM_SUBMIT;
	default:
		return FORM_IGNORED;
	}
}

static enum form_result
form_sym(struct form *f, struct form_field *fld, const TermKeyKey *key)
{
	struct strbuf *t = &fld->text;
	bool text = form_is_text(fld);

	switch (key->code.sym) {
	case TERMKEY_SYM_ESCAPE:
		return FORM_CANCEL;
	case TERMKEY_SYM_TAB:
		form_move_focus(f, key->modifiers & TERMKEY_KEYMOD_SHIFT ? -1 : 1);
		return FORM_MOVED;
	case TERMKEY_SYM_UP:
		return form_vertical(f, fld, -1);
	case TERMKEY_SYM_DOWN:
		return form_vertical(f, fld, 1);
	case TERMKEY_SYM_ENTER:
		if (fld->type == FORM_LINES) {
			form_insert(fld, "\n", 1);
			return FORM_EDITED;
		}
		if (fld->type == FORM_TEXT) {
			form_move_focus(f, 1);
			return FORM_MOVED;
		}
		return form_activate(f, fld, true);
	case TERMKEY_SYM_SPACE:
		if (text) {
			form_insert(fld, " ", 1);
			return FORM_EDITED;
		}
		return form_activate(f, fld, false);
	case TERMKEY_SYM_LEFT:
	case TERMKEY_SYM_RIGHT:
		if (fld->type == FORM_CHOICE && fld->n_choices) {
			bool right = key->code.sym == TERMKEY_SYM_RIGHT;

			fld->choice =
			    (fld->choice + (right ? 1 : fld->n_choices - 1)) % fld->n_choices;
			return FORM_EDITED;
		}
		if (!text)
			return FORM_MOVED;
		fld->cursor = key->code.sym == TERMKEY_SYM_LEFT ? form_prev_char(t, fld->cursor)
		                                                : form_next_char(t, fld->cursor);
		return FORM_MOVED;
	case TERMKEY_SYM_HOME:
	case TERMKEY_SYM_FIND:
		if (text)
			fld->cursor = form_line_start(t, fld->cursor);
		return FORM_MOVED;
	case TERMKEY_SYM_END:
	case TERMKEY_SYM_SELECT:
		if (text)
			fld->cursor = form_line_end(t, fld->cursor);
		return FORM_MOVED;
	case TERMKEY_SYM_BACKSPACE:
	case TERMKEY_SYM_DEL:
		if (!text)
			return FORM_MOVED;
		form_delete(fld, form_prev_char(t, fld->cursor), fld->cursor);
		return FORM_EDITED;
	case TERMKEY_SYM_DELETE:
		if (!text)
			return FORM_MOVED;
		form_delete(fld, fld->cursor, form_next_char(t, fld->cursor));
		return FORM_EDITED;
	default:
		return FORM_IGNORED;
	}
}

enum form_result
form_key(struct form *f, const TermKeyKey *key)
{
	struct form_field *fld;
	enum form_result r = FORM_IGNORED;

	if (f->n == 0)
		return FORM_IGNORED;
	form_focus_visible(f);
	fld = &f->fields[f->focus];
	if (key->type == TERMKEY_TYPE_UNICODE && !(key->modifiers & ~TERMKEY_KEYMOD_SHIFT)) {
		if (form_is_text(fld)) {
			form_insert(fld, key->utf8, strlen(key->utf8));
			r = FORM_EDITED;
		} else if (key->code.codepoint == ' ' || key->code.codepoint == 'x') {
			r = fld->type == FORM_CHECK ? form_activate(f, fld, false) : FORM_MOVED;
		} else {
			/* Letters on a checkbox or a button do nothing, but are not
			 * passed on: a stray `q` must not quit with a form open. */
			r = FORM_MOVED;
		}
	} else if (key->type == TERMKEY_TYPE_UNICODE && key->modifiers == TERMKEY_KEYMOD_CTRL) {
		r = form_ctrl(f, fld, key->code.codepoint);
	} else if (key->type == TERMKEY_TYPE_KEYSYM) {
		r = form_sym(f, fld, key);
	}
	if (r == FORM_EDITED)
		f->edited = true;
	return r;
}

void
form_lines(const struct form_field *fld, void (*add)(void *ctx, const char *line), void *ctx)
{
	const char *s = form_text(fld);

	while (*s) {
		size_t n = strcspn(s, "\n");

		if (n > 0) {
			char *line = xstrndup(s, n);

			add(ctx, line);
			free(line);
		}
		s += n;
		if (*s == '\n')
			s++;
	}
}

/* ---- drawing ---- */

static size_t
form_nlines(const struct form_field *fld)
{
	size_t n = 1;

	if (fld->type != FORM_LINES)
		return 1;
	for (size_t i = 0; i < fld->text.len; i++)
		n += fld->text.buf[i] == '\n';
	return n;
}

static int
form_field_rows(const struct form_field *fld)
{
	return fld->hidden ? 0 : (int)form_nlines(fld) + (fld->error ? 1 : 0);
}

static int
form_label_width(const struct form *f)
{
	int w = f->label_width;

	if (w > 0)
		return w;
	for (size_t i = 0; i < f->n; i++) {
		int lw = (int)textwidth_width(f->fields[i].label, strlen(f->fields[i].label));

		if (lw > w)
			w = lw;
	}
	return w;
}

/* One line of a text value; the cursor's line scrolls to keep it visible. */
static void
form_draw_text_line(WINDOW *w, const char *s, size_t len, int width, int attr, long cursor_col,
                    int *cx)
{
	struct strbuf sb = STRBUF_INIT;
	size_t skip = 0;
	int used;

	if (width <= 0)
		return;
	if (cursor_col >= 0 && (size_t)cursor_col >= (size_t)width)
		skip = (size_t)cursor_col - (size_t)width + 1;
	textwidth_append(&sb, s, len, skip, (size_t)width,
	                 cursor_col >= 0 ? 0 : TEXTWIDTH_ELLIPSIS);
	if (cx)
		*cx = getcurx(w) + (int)((size_t)cursor_col - skip);
	used = view_put(w, width, sb.buf, sb.len, attr);
	view_pad(w, width - used, attr);
	strbuf_done(&sb);
}

void
form_draw(struct form *f, WINDOW *w, const char *title, const struct form_attrs *a, int *cy,
          int *cx)
{
	int h = getmaxy(w), cols = getmaxx(w);
	int content = h - 3; /* borders and the message line */
	int label_w = form_label_width(f), value_x = 2 + label_w + 2;
	int value_w = cols - value_x - 2;
	int row, focus_first = 0, focus_last = 0;

	*cy = *cx = -1;
	wbkgdset(w, ' ' | a->normal);
	werase(w);
	view_box(w, a->border);
	wmove(w, 0, 2);
	view_put(w, cols - 4, title, strlen(title), a->border);
	if (content < 1)
		return;
	form_focus_visible(f);
	/* Where the focused line sits, to scroll it into view. */
	row = 0;
	for (size_t i = 0; i < f->n; i++) {
		const struct form_field *fld = &f->fields[i];

		if (i == f->focus) {
			size_t line = 0;

			for (size_t k = 0; form_is_text(fld) && k < fld->cursor; k++)
				line += fld->text.buf[k] == '\n';
			focus_first = row + (int)line;
			focus_last =
			    row + (i == f->focus && fld->error ? (int)form_nlines(fld) : (int)line);
			break;
		}
		row += form_field_rows(fld);
	}
	if (focus_last >= f->top + content)
		f->top = focus_last - content + 1;
	if (focus_first < f->top)
		f->top = focus_first;
	if (f->top < 0)
		f->top = 0;
	row = 0;
	for (size_t i = 0; i < f->n; i++) {
		struct form_field *fld = &f->fields[i];
		bool focused = i == f->focus;
		int vattr = focused ? a->field_focus : a->field;
		size_t nl = form_nlines(fld), start = 0;

		if (fld->hidden)
			continue;
		for (size_t line = 0; line < nl; line++, row++) {
			int y = 1 + row - f->top;
			size_t end = fld->type == FORM_LINES ? form_line_end(&fld->text, start)
			                                     : fld->text.len;

			if (y >= 1 && y <= content) {
				long ccol = -1;

				if (line == 0) {
					wmove(w, y, 2);
					view_put(w, label_w, fld->label, strlen(fld->label),
					         fld->error ? a->error : a->label);
				}
				wmove(w, y, value_x);
				if (focused && form_is_text(fld) && fld->cursor >= start &&
				    fld->cursor <= end)
					ccol = (long)textwidth_width(fld->text.buf + start,
					                             fld->cursor - start);
				if (form_is_text(fld)) {
					form_draw_text_line(
					    w, fld->text.buf ? fld->text.buf + start : "",
					    end - start, value_w, vattr, ccol,
					    ccol >= 0 ? cx : NULL);
					if (ccol >= 0)
						*cy = y;
				} else {
					char buf[128];

					if (fld->type == FORM_CHECK)
						snprintf(buf, sizeof(buf), "[%c]",
						         fld->checked ? 'x' : ' ');
					else if (fld->type == FORM_CHOICE)
						snprintf(buf, sizeof(buf), "< %s >  (Left/Right)",
						         fld->n_choices ? fld->choices[fld->choice]
						                        : "");
					else
						snprintf(buf, sizeof(buf), "[ %s ]", fld->label);
					view_put(w, value_w, buf, strlen(buf),
					         focused ? a->button_focus : a->normal);
				}
			}
			start = end < fld->text.len ? end + 1 : end;
		}
		if (fld->error) {
			int y = 1 + row - f->top;

			if (y >= 1 && y <= content) {
				wmove(w, y, value_x);
				view_put(w, value_w, fld->error, strlen(fld->error), a->error);
			}
			row++;
		}
	}
	/* More above or below: say so in the border. */
	if (f->top > 0)
		mvwaddstr(w, 0, cols - 8, " more ");
	if (row - f->top > content)
		mvwaddstr(w, h - 1, cols - 8, " more ");
	wmove(w, h - 2, 2);
	if (f->message)
		view_put(w, cols - 4, f->message, strlen(f->message),
		         f->message_error ? a->error : a->normal);
}
