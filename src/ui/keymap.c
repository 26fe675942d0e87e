/* Keys to actions, with the defaults of ACTION_INFO. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ui/keymap.h"
#include "util/sanitize.h"
#include "util/strbuf.h"
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

/* The names of the keymaps: "global" is pane -1, the rest are enum pane. */
static const char *const keymap_names[PANE_COUNT] = {
    [PANE_LIST] = "list",
    [PANE_DETAIL] = "detail",
    [PANE_LOG] = "log",
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

/* "'word'" sanitized and cut short, for a one-line message. */
static char *
keymap_quote(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = strlen(s);

	strbuf_addch(&sb, '\'');
	sanitize_append(&sb, s, n > 40 ? utf8_complete_prefix(s, 40) : n, 0);
	strbuf_addstr(&sb, n > 40 ? "...'" : "'");
	return strbuf_detach(&sb);
}

/* The pane of a keymap name, -1 for "global", -2 when there is none. */
static int
keymap_pane_by_name(const char *name)
{
	if (strcmp(name, "global") == 0)
		return -1;
	for (int p = 0; p < PANE_COUNT; p++) {
		if (strcmp(keymap_names[p], name) == 0)
			return p;
	}
	return -2;
}

/* Whether key is spelled as keymap_key_name() spells a key: libtermkey
 * parses it (without the brackets) and writes it back the same. A key
 * spelled otherwise ("C-x" for "<C-x>") would never match; the message says
 * the right spelling when there is one. */
static bool
keymap_key_valid(const char *key, char **err)
{
	size_t n = strlen(key);
	char inner[KEYMAP_KEY_MAX], back[KEYMAP_KEY_MAX] = "";
	const char *rest = NULL;
	TermKey *tk;
	TermKeyKey k;

	if (n == 0 || n >= KEYMAP_KEY_MAX || strchr(key, ' '))
		goto bad;
	if (n > 2 && key[0] == '<' && key[n - 1] == '>') {
		memcpy(inner, key + 1, n - 2);
		inner[n - 2] = '\0';
	} else {
		memcpy(inner, key, n + 1);
	}
	/* An abstract instance: key names do not depend on the terminal. */
	tk = termkey_new_abstract("xterm", TERMKEY_FLAG_UTF8 | TERMKEY_FLAG_SPACESYMBOL);
	if (tk) {
		rest = termkey_strpkey(tk, inner, &k, TERMKEY_FORMAT_ALTISMETA);
		if (rest && !*rest)
			termkey_strfkey(tk, back, sizeof(back), &k, TERMKEY_FORMAT_VIM);
		termkey_destroy(tk);
	}
	if (!tk)
		return true;
	/* libtermkey writes <Space> back as a bare blank. */
	if (rest && !*rest && (strcmp(back, key) == 0 || strstr(key, "Space>")))
		return true;
	if (rest && !*rest && back[0] && !strchr(back, ' ')) {
		char *q = keymap_quote(key);

		*err = xasprintf("bad key %s (write it %s)", q, back);
		free(q);
		return false;
	}
bad : {
	char *q = keymap_quote(key);

	*err = xasprintf("bad key %s (vim notation: x, G, <C-x>, <Enter>, <F5>, <S-Tab>)", q);
	free(q);
	return false;
}
}

/* Checks a bind; on success *act and *pane say what to bind where. */
static bool
keymap_resolve(const char *keymap, const char *key, const char *name, enum action *act, int *pane,
               char **err)
{
	char *q;

	*err = NULL;
	*pane = keymap ? keymap_pane_by_name(keymap) : -1;
	if (*pane == -2) {
		q = keymap_quote(keymap);
		*err = xasprintf("unknown keymap %s (" KEYMAP_NAMES ")", q);
		free(q);
		return false;
	}
	*act = keymap_action_by_name(name);
	if (*act == ACTION_COUNT) {
		q = keymap_quote(name);
		*err = xasprintf("unknown action %s", q);
		free(q);
		return false;
	}
	if (!keymap_key_valid(key, err))
		return false;
	if (!keymap)
		*pane = *act == ACTION_NONE ? -1 : keymap_actions[*act].pane;
	else if (*act != ACTION_NONE && keymap_actions[*act].pane != -1 &&
	         keymap_actions[*act].pane != *pane) {
		*err = xasprintf("action '%s' works in the %s keymap only", name,
		                 keymap_names[keymap_actions[*act].pane]);
		return false;
	}
	return true;
}

bool
keymap_check(const char *keymap, const char *key, const char *name, char **err)
{
	enum action act;
	int pane;

	return keymap_resolve(keymap, key, name, &act, &pane, err);
}

bool
keymap_bind_in(const char *keymap, const char *key, const char *name, char **err)
{
	enum action act;
	int pane;

	if (!keymap_resolve(keymap, key, name, &act, &pane, err))
		return false;
	keymap_set(key, strlen(key), act, pane);
	return true;
}

bool
keymap_bind(const char *key, const char *name, char **err)
{
	return keymap_bind_in(NULL, key, name, err);
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
