/* The one-line prompt of `/` and `:`: UTF-8 editing, live callback, Enter/Esc. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ui/internal.h"
#include "util/textwidth.h"

void
prompt_open(struct app *app, const char *prefix, const char *initial,
            void (*on_change)(struct app *app, const char *text),
            void (*on_done)(struct app *app, const char *text))
{
	struct prompt *p = &app->prompt;

	strbuf_reset(&p->text);
	strbuf_addstr(&p->text, initial ? initial : "");
	p->cursor = p->text.len;
	p->prefix = prefix;
	p->on_change = on_change;
	p->on_done = on_done;
	p->active = true;
	app->dirty_status = true;
}

void
prompt_done(struct prompt *p)
{
	strbuf_done(&p->text);
	p->active = false;
}

static bool
prompt_is_continuation(char c)
{
	return ((unsigned char)c & 0xc0) == 0x80;
}

static size_t
prompt_prev_char(const struct prompt *p, size_t at)
{
	while (at > 0 && prompt_is_continuation(p->text.buf[--at]))
		;
	return at;
}

static size_t
prompt_next_char(const struct prompt *p, size_t at)
{
	if (at < p->text.len)
		at++;
	while (at < p->text.len && prompt_is_continuation(p->text.buf[at]))
		at++;
	return at;
}

static void
prompt_delete(struct prompt *p, size_t from, size_t to)
{
	if (to <= from)
		return;
	memmove(p->text.buf + from, p->text.buf + to, p->text.len - to + 1);
	p->text.len -= to - from;
	p->cursor = from;
}

static void
prompt_insert(struct prompt *p, const char *s, size_t len)
{
	strbuf_grow(&p->text, len);
	memmove(p->text.buf + p->cursor + len, p->text.buf + p->cursor,
	        p->text.len - p->cursor + 1);
	memcpy(p->text.buf + p->cursor, s, len);
	p->text.len += len;
	p->cursor += len;
}

/* Ends the prompt first, so that the callback may open another. */
static int
prompt_finish(struct app *app, bool accept)
{
	struct prompt *p = &app->prompt;
	char *text = strbuf_detach(&p->text);
	void (*done)(struct app *, const char *) = p->on_done;

	p->active = false;
	p->cursor = 0;
	app->dirty_status = true;
	if (done)
		done(app, accept ? text : NULL);
	free(text);
	return R_HANDLED;
}

int
prompt_key(struct app *app, const TermKeyKey *key)
{
	struct prompt *p = &app->prompt;
	bool edited = false;

	if (key->type == TERMKEY_TYPE_UNICODE && !(key->modifiers & ~TERMKEY_KEYMOD_SHIFT)) {
		prompt_insert(p, key->utf8, strlen(key->utf8));
		edited = true;
	} else if (key->type == TERMKEY_TYPE_KEYSYM) {
		switch (key->code.sym) {
		case TERMKEY_SYM_ESCAPE:
			return prompt_finish(app, false);
		case TERMKEY_SYM_ENTER:
			return prompt_finish(app, true);
		case TERMKEY_SYM_SPACE:
			prompt_insert(p, " ", 1);
			edited = true;
			break;
		case TERMKEY_SYM_BACKSPACE:
		case TERMKEY_SYM_DEL:
			if (p->cursor == 0 && p->text.len == 0)
				return prompt_finish(app, false);
			prompt_delete(p, prompt_prev_char(p, p->cursor), p->cursor);
			edited = true;
			break;
		case TERMKEY_SYM_DELETE:
			prompt_delete(p, p->cursor, prompt_next_char(p, p->cursor));
			edited = true;
			break;
		case TERMKEY_SYM_LEFT:
			p->cursor = prompt_prev_char(p, p->cursor);
			break;
		case TERMKEY_SYM_RIGHT:
			p->cursor = prompt_next_char(p, p->cursor);
			break;
		case TERMKEY_SYM_HOME:
		case TERMKEY_SYM_FIND: /* Home on vt220-like terminals */
			p->cursor = 0;
			break;
		case TERMKEY_SYM_END:
		case TERMKEY_SYM_SELECT:
			p->cursor = p->text.len;
			break;
		default:
			break;
		}
	} else if (key->type == TERMKEY_TYPE_UNICODE && key->modifiers == TERMKEY_KEYMOD_CTRL) {
		switch (key->code.codepoint) {
		case 'c':
		case 'g':
			return prompt_finish(app, false);
		case 'u':
			prompt_delete(p, 0, p->cursor);
			edited = true;
			break;
		case 'w': {
			size_t at = p->cursor;

			while (at > 0 && p->text.buf[at - 1] == ' ')
				at--;
			while (at > 0 && p->text.buf[at - 1] != ' ')
				at--;
			prompt_delete(p, at, p->cursor);
			edited = true;
			break;
		}
		case 'a':
			p->cursor = 0;
			break;
		case 'e':
			p->cursor = p->text.len;
			break;
		case 'h':
			prompt_delete(p, prompt_prev_char(p, p->cursor), p->cursor);
			edited = true;
			break;
		default:
			break;
		}
	}
	app->dirty_status = true;
	if (edited && p->on_change)
		p->on_change(app, strbuf_str(&p->text));
	return R_HANDLED;
}

void
prompt_draw(struct app *app, WINDOW *w)
{
	struct prompt *p = &app->prompt;
	int cols = getmaxx(w), attr = app_attr(app, COLOR_PROMPT);
	const char *text = strbuf_str(&p->text);
	int pre = (int)textwidth_width(p->prefix, strlen(p->prefix));
	size_t before = textwidth_width(text, p->cursor), skip = 0;
	int room = cols - pre - 1;

	werase(w);
	wbkgdset(w, ' ');
	wmove(w, 0, 0);
	view_put(w, pre, p->prefix, strlen(p->prefix), attr);
	/* Scroll the text so that the cursor stays in view. */
	if (room > 0 && before >= (size_t)room)
		skip = before - (size_t)room + 1;
	if (room > 0) {
		struct strbuf sb = STRBUF_INIT;

		textwidth_append(&sb, text, p->text.len, skip, (size_t)room, 0);
		view_put(w, room, sb.buf, sb.len, attr);
		strbuf_done(&sb);
	}
	view_pad(w, cols, attr);
	wmove(w, 0, pre + (int)(before - skip));
	wnoutrefresh(w);
}
