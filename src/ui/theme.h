/* Themes: `color ELEMENT FG BG [ATTR...]` files, degraded to the terminal's colours. */
#ifndef DPJOBS_UI_THEME_H
#define DPJOBS_UI_THEME_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/ui.h"

struct theme;

/* Returns a new copy of the compiled-in default theme, built from the
 * defaults in COLOR_INFO (themes/default.theme says the same); caller frees
 * with theme_free(). Never fails. */
struct theme *theme_default(void);

/* Parses the text of a theme file. Elements it does not name keep their
 * compiled-in default. `source` names the text in error messages. On the
 * first error returns NULL and stores "SOURCE:LINE: what is wrong" (one line,
 * sanitized) in *err, which the caller frees. Needs no curses: parsing is
 * separate from theme_apply(). The theme's name is `source`. */
struct theme *theme_parse(const char *text, size_t len, const char *source, char **err);

/* Loads a theme by NAME or PATH. A PATH (anything with a '/') is read as it
 * is. A NAME (letters, digits, '.', '_', '-'; not starting with '.') is
 * looked up as NAME.theme in, first to last: $DPJOBS_THEME_DIR alone when
 * set; else $XDG_CONFIG_HOME/dpjobs/themes (or ~/.config/dpjobs/themes),
 * the installed themes directory, and the source tree's themes/ when the
 * program runs from its build tree. "default" falls back to theme_default().
 * Reads a small local file on the calling thread; only regular files are
 * read, so a FIFO cannot block it. Returns a new theme (caller frees with
 * theme_free()), or NULL with a one-line message in *err (caller frees). */
struct theme *theme_load(const char *name_or_path, char **err);

void theme_free(struct theme *t);

/* A `color ELEMENT FG [BG] [ATTR...]` line of the configuration file, over
 * theme t: element's foreground becomes FG; its background BG when given
 * (else the theme's stays); its attributes the ATTRs when any are given
 * (else the theme's stay). With t NULL only checks. false with *err
 * ("unknown element 'x'", one line, sanitized; caller frees) and t unchanged
 * when a word is wrong. spec is "FG [BG] [ATTR...]", words separated by
 * blanks. Call theme_apply() after changing an applied theme. */
bool theme_set_color(struct theme *t, const char *element, const char *spec, char **err);

/* The NAME, PATH or "default" it was loaded by. Borrowed from t. */
const char *theme_name(const struct theme *t);

/* Makes theme_attr() return curses attributes for this terminal. Call after
 * initscr()/newterm() and start_color(), and again after switching themes
 * (colour pairs are reused, so redraw everything). Colours are used when
 * use_colour is true, NO_COLOR is unset or empty (no-color.org) and the
 * terminal has at least 8 colours; they are mapped to the nearest the
 * terminal has (direct colour, 256, 16 or 8), and "default" is the
 * terminal's own colour where use_default_colors() works. Without colours
 * every element keeps its attributes, and an element with a background
 * colour is also drawn in reverse video, so the header, the status line and
 * selections still stand out. */
void theme_apply(struct theme *t, bool use_colour);

/* The full curses attribute of element e (A_* | COLOR_PAIR(n)). Before
 * theme_apply(), or without colours, attributes only. */
int theme_attr(const struct theme *t, enum color_elem e);

/* True when theme_apply() last used colours. */
bool theme_uses_colour(const struct theme *t);

/* False when NO_COLOR is set to a non-empty value. */
bool theme_env_allows_colour(void);

/* The name of element e in theme files ("status-running"). */
const char *theme_elem_name(enum color_elem e);
/* The element a job status is drawn in (COLOR_STATUS_UNKNOWN for unknown values). */
enum color_elem theme_status_elem(int status);

#endif
