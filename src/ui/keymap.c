/* Keys to actions, with the defaults of ACTION_INFO. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ui/keymap.h"
#include "util/xalloc.h"

struct keymap_entry {
	char *key;
	enum action act;
	int pane; /* -1 global */
};

struct action_def {
	const char *name;
	const char *keys;
	int pane;
	const char *help;
};

static const struct action_def keymap_actions[ACTION_COUNT] = {[ACTION_NONE] = {"none", "", -1, ""},
#define ACTION_DEF_(id, name, keys, pane, help) [ACTION_##id] = {name, keys, pane, help},
                                                               ACTION_INFO(ACTION_DEF_)
#undef ACTION_DEF_
};

static struct keymap_entry *keymap_entries;
static size_t keymap_n, keymap_cap;

const char *
action_name(enum action act)
{
	return act < ACTION_COUNT ? keymap_actions[act].name : "none";
}

const char *
action_help(enum action act)
{
	return act < ACTION_COUNT ? keymap_actions[act].help : "";
}

int
action_pane(enum action act)
{
	return act < ACTION_COUNT ? keymap_actions[act].pane : -1;
}

static enum action
keymap_action_by_name(const char *name)
{
	for (int a = 0; a < ACTION_COUNT; a++) {
		if (strcmp(keymap_actions[a].name, name) == 0)
			return (enum action)a;
	}
	return ACTION_COUNT;
}

/* A key bound again in the same scope moves to the new action, as in vim. */
static void
keymap_set(const char *key, size_t len, enum action act, int pane)
{
	for (size_t i = 0; i < keymap_n; i++) {
		struct keymap_entry *e = &keymap_entries[i];

		if (e->pane == pane && strlen(e->key) == len && memcmp(e->key, key, len) == 0) {
			e->act = act;
			return;
		}
	}
	if (keymap_n == keymap_cap) {
		keymap_cap = keymap_cap ? 2 * keymap_cap : 64;
		keymap_entries = xrealloc(keymap_entries, keymap_cap * sizeof(*keymap_entries));
	}
	keymap_entries[keymap_n].key = xstrndup(key, len);
	keymap_entries[keymap_n].act = act;
	keymap_entries[keymap_n].pane = pane;
	keymap_n++;
}

void
keymap_done(void)
{
	for (size_t i = 0; i < keymap_n; i++)
		free(keymap_entries[i].key);
	free(keymap_entries);
	keymap_entries = NULL;
	keymap_n = keymap_cap = 0;
}

void
keymap_init(void)
{
	keymap_done();
	for (int a = 1; a < ACTION_COUNT; a++) {
		const char *k = keymap_actions[a].keys;

		while (*k) {
			size_t len = strcspn(k, " ");

			if (len)
				keymap_set(k, len, (enum action)a, keymap_actions[a].pane);
			k += len;
			k += strspn(k, " ");
		}
	}
}

enum action
keymap_lookup(int pane, const char *key)
{
	enum action global = ACTION_NONE;

	for (size_t i = 0; i < keymap_n; i++) {
		const struct keymap_entry *e = &keymap_entries[i];

		if (strcmp(e->key, key) != 0)
			continue;
		if (e->pane == pane)
			return e->act;
		if (e->pane == -1)
			global = e->act;
	}
	return global;
}

void
keymap_key_name(TermKey *tk, const TermKeyKey *key, char buf[KEYMAP_KEY_MAX])
{
	/* strfkey takes a non-const key. */
	TermKeyKey k = *key;

	/* Terminals that send the vt220 keypad's codes (CSI 1~, CSI 4~, as
	 * tmux and screen do) give Find and Select for Home and End. */
	if (k.type == TERMKEY_TYPE_KEYSYM && k.code.sym == TERMKEY_SYM_FIND)
		k.code.sym = TERMKEY_SYM_HOME;
	else if (k.type == TERMKEY_TYPE_KEYSYM && k.code.sym == TERMKEY_SYM_SELECT)
		k.code.sym = TERMKEY_SYM_END;

	termkey_strfkey(tk, buf, KEYMAP_KEY_MAX, &k, TERMKEY_FORMAT_VIM);
}

bool
keymap_bind(const char *key, const char *name, char **err)
{
	enum action act = keymap_action_by_name(name);

	if (act == ACTION_COUNT) {
		*err = xasprintf("unknown action '%s'", name);
		return false;
	}
	if (!*key || strchr(key, ' ')) {
		*err = xasprintf("bad key '%s'", key);
		return false;
	}
	keymap_set(key, strlen(key), act, act == ACTION_NONE ? -1 : keymap_actions[act].pane);
	return true;
}

void
keymap_keys_of(enum action act, char *out, size_t size)
{
	size_t used = 0;

	if (size == 0)
		return;
	out[0] = '\0';
	for (size_t i = 0; i < keymap_n; i++) {
		const struct keymap_entry *e = &keymap_entries[i];
		size_t len = strlen(e->key);

		if (e->act != act || used + len + 2 > size)
			continue;
		if (used)
			out[used++] = ' ';
		memcpy(out + used, e->key, len);
		used += len;
		out[used] = '\0';
	}
}
