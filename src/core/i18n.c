/*
 * i18n.c - message catalogue: English msgid to Vietnamese text.
 *
 * The catalogue (config/locale/vi.json and config/locale/vi-*.json, one
 * per area of the program, about 340 KB of JSON) is compiled into the
 * program by src/gen-i18n.c as a sorted index (core/i18n_table.h):
 * looking up a message is a binary search (about 12 comparisons), and
 * starting the program costs nothing, where reading the JSON at the first
 * tr() cost about 1 ms of every command that printed anything.  The first
 * file to define a msgid wins (vi-*.json before vi.json), as before.
 * Until i18n_set_lang() chooses Vietnamese (main() always calls it), tr()
 * answers in English, as the unit tests of other modules expect.
 *
 * i18n_load_json() (tests) replaces it with a table built from JSON text
 * at run time, until i18n_free().
 */
#include "i18n.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_table.h"
#include "lib/hash.h"

struct entry {
	char *id;
	char *text;
};

static enum i18n_lang cur = I18N_VI;
static struct entry *table;    /* from i18n_load_json(), or NULL: the compiled one */
static size_t table_size;      /* power of two, or 0 */
static int vi_on;              /* i18n_set_lang("vi") was called */


void i18n_free(void)
{
	size_t i;

	for (i = 0; i < table_size; i++) {
		free(table[i].id);
		free(table[i].text);
	}
	free(table);
	table = NULL;
	table_size = 0;
	vi_on = 0;
}

/*
 * Build the table from one or more JSON objects (msgid -> text).  The first
 * object to define a msgid wins.  Takes ownership of roots.
 */
static int load_roots(cJSON **roots, size_t nroots, struct pos_error *err)
{
	size_t n = 0, size = 16, i, r;
	struct entry *t;
	cJSON *it;
	int rc = 0;

	for (r = 0; r < nroots; r++)
		cJSON_ArrayForEach(it, roots[r])
			n++;
	while (size < n * 2)
		size *= 2;
	t = calloc(size, sizeof(*t));
	if (!t) {
		rc = pos_fail(err, POS_ERR_NO_MEM, "out of memory loading translations");
		goto out;
	}
	for (r = 0; r < nroots; r++) {
		cJSON_ArrayForEach(it, roots[r]) {
			if (!cJSON_IsString(it) || !it->string)
				continue;
			i = hash_str(it->string) & (size - 1);
			while (t[i].id && strcmp(t[i].id, it->string) != 0)
				i = (i + 1) & (size - 1);
			if (t[i].id)
				continue;
			t[i].id = strdup(it->string);
			t[i].text = strdup(it->valuestring);
			if (!t[i].id || !t[i].text) {
				free(t[i].id);
				free(t[i].text);
				t[i].id = NULL;
				t[i].text = NULL;
			}
		}
	}
	i18n_free();
	table = t;
	table_size = size;
out:
	for (r = 0; r < nroots; r++)
		cJSON_Delete(roots[r]);
	return rc;
}

int i18n_load_json(const char *json, struct pos_error *err)
{
	cJSON *root = cJSON_Parse(json);

	if (!root || !cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return pos_fail(err, POS_ERR_INVALID, "translations: not a JSON object");
	}
	return load_roots(&root, 1, err);
}

int i18n_set_lang(const char *lang, struct pos_error *err)
{
	if (!lang || strcmp(lang, "vi") == 0) {
		cur = I18N_VI;
		vi_on = 1;
		return 0;
	}
	if (strcmp(lang, "en") == 0) {
		cur = I18N_EN;
		return 0;
	}
	return pos_fail(err, POS_ERR_INVALID, "unknown language \"%s\": use vi or en", lang);
}

enum i18n_lang i18n_lang(void)
{
	return cur;
}

const char *tr(const char *msgid)
{
	size_t i, lo = 0, hi = i18n_vi_count;

	if (cur == I18N_EN || !msgid)
		return msgid;
	if (table) {
		for (i = hash_str(msgid) & (table_size - 1); table[i].id; i = (i + 1) & (table_size - 1))
			if (strcmp(table[i].id, msgid) == 0)
				return table[i].text;
		return msgid;
	}
	if (!vi_on)
		return msgid;
	while (lo < hi) {
		int c;

		i = lo + (hi - lo) / 2;
		c = strcmp(msgid, i18n_vi_pool + i18n_vi_index[i][0]);
		if (c == 0)
			return i18n_vi_pool + i18n_vi_index[i][1];
		if (c < 0)
			hi = i;
		else
			lo = i + 1;
	}
	return msgid;
}
