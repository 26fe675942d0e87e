/* Unit tests of src/ui/keymap.c: defaults from ACTION_INFO, keymaps, binds, key names. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "ui/keymap.h"

/* The vim name of the first key termkey decodes from bytes. */
static const char *
key_name_of(TermKey *tk, const char *bytes)
{
	static char name[KEYMAP_KEY_MAX];
	TermKeyKey key;

	termkey_push_bytes(tk, bytes, strlen(bytes));
	if (termkey_getkey_force(tk, &key) != TERMKEY_RES_KEY)
		return NULL;
	keymap_key_name(tk, &key, name);
	/* Drain what a test pushed beyond one key. */
	while (termkey_getkey_force(tk, &key) == TERMKEY_RES_KEY)
		;
	return name;
}

static void
test_defaults(void)
{
	char keys[128];

	keymap_init();
	ok(keymap_lookup(-1, "j") == ACTION_MOVE_DOWN, "j moves down everywhere");
	ok(keymap_lookup(PANE_LOG, "<Down>") == ACTION_MOVE_DOWN, "<Down> moves down in the log");
	ok(keymap_lookup(-1, "<C-c>") == ACTION_QUIT_NOW, "<C-c> quits at once");
	ok(keymap_lookup(-1, "Q") == ACTION_QUIT_NOW, "a second key of the same action");
	ok(keymap_lookup(PANE_LIST, "/") == ACTION_FILTER, "/ filters in the list");
	ok(keymap_lookup(PANE_LOG, "/") == ACTION_SEARCH, "/ searches in the log pane");
	ok(keymap_lookup(PANE_LIST, "q") == ACTION_QUIT, "a global key works in a pane");
	ok(keymap_lookup(-1, "<Space>") == ACTION_PAGE_DOWN, "<Space> pages down");
	ok(keymap_lookup(-1, "v") == ACTION_NONE, "an unbound key");
	ok(keymap_lookup(PANE_LIST, "x") == ACTION_CANCEL, "x cancels");
	keymap_keys_of(ACTION_MOVE_UP, keys, sizeof(keys));
	is_str(keys, "k <Up>", "keys of move-up, in ACTION_INFO's order");
	keymap_keys_of(ACTION_NONE, keys, sizeof(keys));
	is_str(keys, "", "no keys for none");
	is_str(action_name(ACTION_SORT_REVERSE), "sort-reverse", "action names");
	ok(action_pane(ACTION_JSON) == PANE_DETAIL, "pane of an action");
	ok(action_pane(ACTION_ZOOM) == -1, "global action");
}

static void
test_bind(void)
{
	char *err = NULL;
	char keys[128];

	keymap_init();
	ok(keymap_bind("x", "zoom", &err), "bind x zoom");
	ok(keymap_lookup(PANE_LOG, "x") == ACTION_ZOOM, "x zooms");
	ok(keymap_bind("j", "none", &err), "unbind j");
	ok(keymap_lookup(-1, "j") == ACTION_NONE, "j is unbound");
	keymap_keys_of(ACTION_MOVE_DOWN, keys, sizeof(keys));
	is_str(keys, "<Down>", "move-down keeps its other key");
	ok(keymap_bind("<C-s>", "filter", &err), "bind a pane action");
	ok(keymap_lookup(PANE_LIST, "<C-s>") == ACTION_FILTER, "in its pane");
	ok(keymap_lookup(PANE_DETAIL, "<C-s>") == ACTION_NONE, "not in another pane");
	ok(!keymap_bind("y", "no-such-action", &err), "unknown action refused");
	is_str(err, "unknown action 'no-such-action'", "message names the action");
	free(err);
	err = NULL;
	ok(!keymap_bind("a b", "quit", &err), "a key with a space refused");
	free(err);
	keymap_init();
	ok(keymap_lookup(-1, "j") == ACTION_MOVE_DOWN, "init puts the defaults back");
	keymap_done();
}

/* bind KEYMAP KEY ACTION, and the checks of keys, keymaps and actions. */
static void
test_bind_in(void)
{
	char *err = NULL;

	keymap_init();
	ok(keymap_bind_in("log", "x", "quit", &err), "bind log x quit");
	ok(keymap_lookup(PANE_LOG, "x") == ACTION_QUIT, "x quits in the log pane");
	ok(keymap_lookup(PANE_LIST, "x") == ACTION_CANCEL, "and still cancels in the list");
	ok(keymap_bind_in("list", "q", "none", &err), "bind list q none");
	ok(keymap_lookup(PANE_LIST, "q") == ACTION_NONE, "q does nothing in the list");
	ok(keymap_lookup(PANE_DETAIL, "q") == ACTION_QUIT, "q still quits in the detail pane");
	ok(keymap_bind_in("global", "<F5>", "refresh", &err), "bind global <F5> refresh");
	ok(keymap_lookup(PANE_DETAIL, "<F5>") == ACTION_REFRESH,
	   "the global keymap is every pane's");
	ok(!keymap_bind_in("list", "w", "wrap", &err),
	   "a log action in the list keymap is refused");
	is_str(err, "action 'wrap' works in the log keymap only", "... saying where it works");
	free(err);
	ok(!keymap_bind_in("panel", "w", "wrap", &err), "an unknown keymap is refused");
	is_str(err, "unknown keymap 'panel' (global, list, detail, log)", "... naming the keymaps");
	free(err);
	ok(!keymap_check(NULL, "C-x", "quit", &err), "C-x is not how keys are spelled");
	is_str(err, "bad key 'C-x' (write it <C-x>)", "... and the message says how");
	free(err);
	ok(!keymap_check(NULL, "<Nope>", "quit", &err), "an unknown key name");
	free(err);
	ok(keymap_check(NULL, "<Space>", "page-down", &err) &&
	       keymap_check(NULL, "<S-Tab>", "focus-prev", &err) &&
	       keymap_check(NULL, "<C-x>", "quit", &err) && keymap_check(NULL, "é", "quit", &err) &&
	       keymap_check(NULL, "<PageDown>", "page-down", &err),
	   "keys as keymap_key_name() spells them are fine");
	ok(keymap_lookup(PANE_LIST, "<C-x>") == ACTION_NONE, "keymap_check binds nothing");
	keymap_done();
}

static void
test_names(void)
{
	TermKey *tk = termkey_new_abstract("xterm", TERMKEY_FLAG_CTRLC | TERMKEY_FLAG_SPACESYMBOL);

	if (!tk) {
		ok(false, "termkey_new_abstract");
		return;
	}
	is_str(key_name_of(tk, "j"), "j", "a letter");
	is_str(key_name_of(tk, "G"), "G", "a capital");
	is_str(key_name_of(tk, "\x12"), "<C-r>", "ctrl-r");
	is_str(key_name_of(tk, "\x03"), "<C-c>", "ctrl-c is a key, not SIGINT");
	is_str(key_name_of(tk, " "), "<Space>", "space as a symbol");
	is_str(key_name_of(tk, "\x1b[Z"), "<S-Tab>", "shift-tab");
	is_str(key_name_of(tk, "\r"), "<Enter>", "enter");
	is_str(key_name_of(tk, "\x1b[1~"), "<Home>", "vt220 Find is Home");
	is_str(key_name_of(tk, "\x1b[4~"), "<End>", "vt220 Select is End");
	is_str(key_name_of(tk, "\x1b[6~"), "<PageDown>", "page down");
	is_str(key_name_of(tk, "<"), "<", "a bare <");
	termkey_destroy(tk);
}

int
main(void)
{
	plan(55);
	test_defaults();
	test_bind();
	test_bind_in();
	test_names();
	return tap_failed ? 1 : 0;
}
