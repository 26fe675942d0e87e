/* Unit tests of the form's editing: readline keys, UTF-8, lines, focus, results. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "tests/unit/tap.h"
#include "ui/form.h"

static TermKeyKey
test_form_char(const char *utf8)
{
	TermKeyKey k;

	memset(&k, 0, sizeof(k));
	k.type = TERMKEY_TYPE_UNICODE;
	k.code.codepoint = (unsigned char)utf8[0];
	snprintf(k.utf8, sizeof(k.utf8), "%s", utf8);
	return k;
}

static TermKeyKey
test_form_ctrl(char c)
{
	TermKeyKey k = test_form_char("x");

	k.code.codepoint = c;
	k.modifiers = TERMKEY_KEYMOD_CTRL;
	return k;
}

static TermKeyKey
test_form_sym(TermKeySym sym, int mods)
{
	TermKeyKey k;

	memset(&k, 0, sizeof(k));
	k.type = TERMKEY_TYPE_KEYSYM;
	k.code.sym = sym;
	k.modifiers = mods;
	return k;
}

/* Types a UTF-8 string one character at a time. */
static void
test_form_type(struct form *f, const char *s)
{
	while (*s) {
		char ch[8] = "";
		size_t n = 1;
		TermKeyKey k;

		while (((unsigned char)s[n] & 0xc0) == 0x80)
			n++;
		memcpy(ch, s, n);
		k = test_form_char(ch);
		form_key(f, &k);
		s += n;
	}
}

static enum form_result
test_form_press(struct form *f, TermKeyKey k)
{
	return form_key(f, &k);
}

static void
test_form_add_line(void *ctx, const char *line)
{
	struct strbuf *sb = ctx;

	strbuf_addf(sb, "[%s]", line);
}

int
main(void)
{
	struct form f;
	struct form_field *t, *l, *c;
	struct strbuf sb = STRBUF_INIT;

	setlocale(LC_ALL, "C.UTF-8");
	plan(17);
	form_init(&f);
	form_add(&f, FORM_TEXT, 1, "text", NULL, 0);
	form_add(&f, FORM_LINES, 2, "lines", NULL, 0);
	form_add(&f, FORM_CHECK, 3, "check", NULL, 0);
	form_add(&f, FORM_BUTTON, 4, "Submit", NULL, 0);
	t = form_field(&f, 1);
	l = form_field(&f, 2);
	c = form_field(&f, 3);

	test_form_type(&f, "héllo wörld");
	ok(strcmp(form_text(t), "héllo wörld") == 0 && f.edited, "typing UTF-8 inserts it");
	test_form_press(&f, test_form_ctrl('w'));
	ok(strcmp(form_text(t), "héllo ") == 0, "<C-w> deletes the word before the cursor");
	test_form_press(&f, test_form_ctrl('a'));
	test_form_press(&f, test_form_sym(TERMKEY_SYM_RIGHT, 0));
	test_form_press(&f, test_form_sym(TERMKEY_SYM_RIGHT, 0));
	test_form_press(&f, test_form_sym(TERMKEY_SYM_BACKSPACE, 0));
	ok(strcmp(form_text(t), "hllo ") == 0, "Backspace after <C-a> Right Right removes é whole");
	test_form_press(&f, test_form_sym(TERMKEY_SYM_DELETE, 0));
	ok(strcmp(form_text(t), "hlo ") == 0, "Delete removes the character under the cursor");
	test_form_press(&f, test_form_ctrl('k'));
	ok(strcmp(form_text(t), "h") == 0, "<C-k> deletes to the end of the line");
	test_form_press(&f, test_form_ctrl('e'));
	test_form_type(&f, "ey");
	test_form_press(&f, test_form_sym(TERMKEY_SYM_HOME, 0));
	test_form_type(&f, "<");
	ok(strcmp(form_text(t), "<hey") == 0, "<C-e> and Home move to the ends");
	test_form_press(&f, test_form_ctrl('u'));
	ok(strcmp(form_text(t), "hey") == 0, "<C-u> deletes to the start of the line");

	ok(test_form_press(&f, test_form_sym(TERMKEY_SYM_TAB, 0)) == FORM_MOVED && f.focus == 1,
	   "Tab moves to the next field");
	test_form_type(&f, "a,b");
	test_form_press(&f, test_form_sym(TERMKEY_SYM_ENTER, 0));
	test_form_press(&f, test_form_sym(TERMKEY_SYM_ENTER, 0));
	test_form_type(&f, "c");
	ok(strcmp(form_text(l), "a,b\n\nc") == 0, "Enter adds a line in a multi-line field");
	form_lines(l, test_form_add_line, &sb);
	ok(strcmp(strbuf_str(&sb), "[a,b][c]") == 0, "form_lines gives the non-empty lines");
	test_form_press(&f, test_form_sym(TERMKEY_SYM_UP, 0));
	test_form_press(&f, test_form_sym(TERMKEY_SYM_UP, 0));
	test_form_press(&f, test_form_sym(TERMKEY_SYM_END, 0));
	test_form_type(&f, "!");
	ok(strcmp(form_text(l), "a,b!\n\nc") == 0 && f.focus == 1,
	   "Up moves between lines inside the field");
	test_form_press(&f, test_form_ctrl('k'));
	ok(strcmp(form_text(l), "a,b!\nc") == 0, "<C-k> at the end of a line joins the next");
	test_form_press(&f, test_form_sym(TERMKEY_SYM_TAB, 0));
	ok(test_form_press(&f, test_form_sym(TERMKEY_SYM_SPACE, 0)) == FORM_EDITED && c->checked,
	   "Space toggles a checkbox");
	f.fields[3].hidden = true;
	ok(test_form_press(&f, test_form_sym(TERMKEY_SYM_TAB, 0)) == FORM_MOVED && f.focus == 2,
	   "Tab skips hidden fields");
	test_form_press(&f, test_form_sym(TERMKEY_SYM_TAB, TERMKEY_KEYMOD_SHIFT));
	ok(f.focus == 1, "<S-Tab> moves back");
	ok(test_form_press(&f, test_form_ctrl('s')) == FORM_SUBMIT, "<C-s> submits");
	ok(test_form_press(&f, test_form_sym(TERMKEY_SYM_ESCAPE, 0)) == FORM_CANCEL, "Esc cancels");
	strbuf_done(&sb);
	form_done(&f);
	return done_testing();
}
