/* Keys to actions: the defaults of ACTION_INFO, `bind` lines, lookups by pane. */
#ifndef DPJOBS_UI_KEYMAP_H
#define DPJOBS_UI_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/ui.h"

/* Longest key name termkey_strfkey writes in vim format, with room to spare. */
#define KEYMAP_KEY_MAX 64

/* Loads the default keys of every action. Safe to call again (resets binds). */
void keymap_init(void);
void keymap_done(void);
/* The action of a key name ("<C-r>", "G") in the focused pane: a binding of
 * that pane wins over a global one. ACTION_NONE when unbound. */
enum action keymap_lookup(int pane, const char *key);
/* The vim-notation name of a key, as the keymap, help and tests spell it. */
void keymap_key_name(TermKey *tk, const TermKeyKey *key, char buf[KEYMAP_KEY_MAX]);
/* Binds key to the action named `name` ("none" unbinds) in the action's own
 * pane scope. false with *err (caller frees) when the name is unknown. */
bool keymap_bind(const char *key, const char *name, char **err);
/* Binds key to the action named `name` in the keymap named `keymap` (one of
 * KEYMAP_NAMES; NULL: the action's own, as keymap_bind()). A pane's keymap
 * takes the global actions and its own; "none" there unbinds the key in that
 * pane only. false with *err (caller frees, one line, sanitized) when the
 * keymap, the key or the action is unknown, or the action works elsewhere. */
bool keymap_bind_in(const char *keymap, const char *key, const char *name, char **err);
/* keymap_bind_in() without binding: whether it would succeed. */
bool keymap_check(const char *keymap, const char *key, const char *name, char **err);
/* The names `bind KEYMAP KEY ACTION` takes: the global keymap and one per pane. */
#define KEYMAP_NAMES "global, list, detail, log"
/* The keys bound to act, space separated (e.g. "k <Up>"); "" when none. */
void keymap_keys_of(enum action act, char *out, size_t size);

/* From ACTION_INFO. */
const char *action_name(enum action act);
const char *action_help(enum action act);
/* The pane of an action, or -1 for a global one. */
int action_pane(enum action act);

#endif
