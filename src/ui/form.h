/* A terminal form: labelled text, multi-line, checkbox, choice and button fields. */
#ifndef DPJOBS_UI_FORM_H
#define DPJOBS_UI_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/ui.h"
#include "util/strbuf.h"

enum form_type {
	FORM_TEXT,   /* one line */
	FORM_LINES,  /* one item per line; Enter adds a line */
	FORM_CHECK,  /* [x] / [ ]: Space or Enter toggles */
	FORM_CHOICE, /* < a >: Left/Right/Space cycle */
	FORM_BUTTON, /* [ label ]: Enter or Space submits */
};

/* What a key did to the form. */
enum form_result {
	FORM_IGNORED = 0, /* not a key of the form: the caller may use it */
	FORM_MOVED,       /* focus or cursor moved: redraw only */
	FORM_EDITED,      /* a value changed */
	FORM_SUBMIT,      /* <C-s>, or Enter/Space on a button */
	FORM_CANCEL,      /* Esc or <C-c> */
};

struct form_field {
	enum form_type type;
	int id;                     /* the caller's */
	const char *label;          /* static */
	struct strbuf text;         /* TEXT/LINES: the value, lines joined by '\n' */
	size_t cursor;              /* byte offset in text, on a character boundary */
	bool checked;               /* CHECK */
	const char *const *choices; /* CHOICE: static names */
	size_t n_choices, choice;
	bool hidden; /* not shown, skipped by Tab; its value is kept */
	char *error; /* the mark: what is wrong, shown under the field; NULL if none */
};

struct form {
	struct form_field *fields; /* owned */
	size_t n, cap;
	size_t focus;
	int top;         /* first row of the form on screen (scrolling) */
	int label_width; /* columns for labels; 0 = the widest label */
	char *message;   /* the message line under the form; NULL if none */
	bool message_error;
	bool edited; /* something was typed since form_init */
};

void form_init(struct form *f);
void form_done(struct form *f);
/* Appends a field; returns its index. choices (CHOICE only) must outlive the form. */
size_t form_add(struct form *f, enum form_type type, int id, const char *label,
                const char *const *choices, size_t n_choices);
/* The field with this id, or NULL. Borrowed until the next form_add. */
struct form_field *form_field(struct form *f, int id);
/* Replaces a TEXT/LINES value; the cursor goes to its end. */
void form_set_text(struct form_field *fld, const char *text);
const char *form_text(const struct form_field *fld);
/* Marks a field (msg NULL: clears its mark). */
void form_mark(struct form_field *fld, const char *msg);
void form_clear_marks(struct form *f);
/* The message line (NULL: none). */
void form_set_message(struct form *f, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Moves the focus to field index i (skipping nothing: i must be visible). */
void form_focus(struct form *f, size_t i);
/* Focus on the first visible field at or after i. */
void form_focus_visible(struct form *f);

/* Handles a key (Tab, <S-Tab>, arrows, Home/End, <C-a> <C-e> <C-w> <C-u>
 * <C-k>, Backspace, Delete, Enter, Space, text). Never draws. */
enum form_result form_key(struct form *f, const TermKeyKey *key);

/* The lines of a LINES field without the empty ones; appended to out. */
void form_lines(const struct form_field *fld, void (*add)(void *ctx, const char *line), void *ctx);

/* Theme attributes the form draws with. */
struct form_attrs {
	int normal, label, field, field_focus, error, border, button_focus;
};

/* Draws the form into w (with a border and title), scrolling f->top so the
 * focused line stays visible; *cy and *cx get the cursor's position in w (-1
 * when the focused field has no text cursor). */
void form_draw(struct form *f, WINDOW *w, const char *title, const struct form_attrs *a, int *cy,
               int *cx);

#endif
