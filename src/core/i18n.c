/*
 * i18n.c - message catalogue: a small open-addressing hash table from
 * English msgid to Vietnamese text, loaded once from the embedded
 * config/locale/vi.json and config/locale/vi-*.json (one per area).
 */
#include "i18n.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"

struct entry {
	char *id;
	char *text;
};

static enum i18n_lang cur = I18N_VI;
static struct entry *table;
static size_t table_size;   /* power of two, or 0 */
static int loaded;

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

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
	loaded = 0;
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
			i = hash(it->string) & (size - 1);
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
	loaded = 1;
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

/*
 * The Vietnamese catalogue is config/locale/vi.json plus any
 * config/locale/vi-*.json (one per area of the program), all embedded.
 */
static int load_embedded_vi(struct pos_error *err)
{
	cJSON *roots[32];
	size_t n = 0, len;
	const struct embedded_file *f;

	for (f = embedded_files; f->path && n < 32; f++) {
		len = strlen(f->path);
		if (strncmp(f->path, "config/locale/vi", 16) != 0 || len < 21 ||
		    strcmp(f->path + len - 5, ".json") != 0 ||
		    (f->path[16] != '.' && f->path[16] != '-'))
			continue;
		roots[n] = cJSON_Parse((const char *)f->data);
		if (!roots[n] || !cJSON_IsObject(roots[n])) {
			cJSON_Delete(roots[n]);
			while (n--)
				cJSON_Delete(roots[n]);
			return pos_fail(err, POS_ERR_INVALID, "translations %s: not a JSON object",
					f->path);
		}
		n++;
	}
	if (!n)
		return 0;
	return load_roots(roots, n, err);
}

int i18n_set_lang(const char *lang, struct pos_error *err)
{
	if (!lang || strcmp(lang, "vi") == 0) {
		cur = I18N_VI;
		if (!loaded)
			return load_embedded_vi(err);
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
	size_t i;

	if (cur == I18N_EN || !table_size || !msgid)
		return msgid;
	i = hash(msgid) & (table_size - 1);
	while (table[i].id) {
		if (strcmp(table[i].id, msgid) == 0)
			return table[i].text;
		i = (i + 1) & (table_size - 1);
	}
	return msgid;
}
