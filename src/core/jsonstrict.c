/*
 * jsonstrict.c - strict checks over cJSON's parse (see jsonstrict.h).
 *
 * Duplicate keys: objects are usually small, so names are compared
 * pairwise; an object with more than SORT_FROM members has its names
 * sorted first (a hostile file with 100,000 keys in one object costs
 * n log n, not n^2).
 */
#include "jsonstrict.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "i18n.h"

#define SORT_FROM 32
#define MAX_DEPTH 64

int jsonstrict_nul(const char *text, size_t len, size_t *offset)
{
	size_t i;
	int in = 0;

	for (i = 0; i < len; i++) {
		char c = text[i];

		if (!in) {
			if (c == '"')
				in = 1;
			continue;
		}
		if (c == '"') {
			in = 0;
		} else if (c == '\\' && i + 1 < len) {
			if (text[i + 1] == 'u' && i + 5 < len && memcmp(text + i + 2, "0000", 4) == 0) {
				*offset = i;
				return 1;
			}
			i++;   /* the escaped character, whatever it is */
		}
	}
	return 0;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The first name given twice among obj's members, or NULL (or "" when out
 * of memory: treated as a refusal, never as clean). */
static const char *dup_key(const cJSON *obj)
{
	const cJSON *a, *b;
	const char **names;
	const char *dup = NULL;
	size_t n = 0, i;

	for (a = obj->child; a; a = a->next)
		n++;
	if (n <= SORT_FROM) {
		/* first, whether two names are the same at all: each compared only
		 * with the names before it that share its hash (first and last
		 * bytes, length) -- the pairwise loop below was a fifth of an
		 * import's client time; it runs only to name the duplicate */
		const cJSON *m[SORT_FROM];
		unsigned char hs[SORT_FROM];
		uint64_t seen = 0;
		size_t k = 0, j;
		int same = 0;

		for (a = obj->child; a && !same; a = a->next) {
			size_t len;
			unsigned h;

			if (!a->string)
				continue;
			len = strlen(a->string);
			h = ((unsigned char)a->string[0] + 3u * (len ? (unsigned char)a->string[len - 1] : 0) +
			     5u * (unsigned)len) & 63u;
			if (seen & ((uint64_t)1 << h))
				for (j = 0; j < k && !same; j++)
					same = hs[j] == h && strcmp(m[j]->string, a->string) == 0;
			seen |= (uint64_t)1 << h;
			m[k] = a;
			hs[k++] = (unsigned char)h;
		}
		if (!same)
			return NULL;
		for (a = obj->child; a; a = a->next)
			for (b = a->next; b; b = b->next)
				if (a->string && b->string && strcmp(a->string, b->string) == 0)
					return a->string;
		return NULL;
	}
	names = malloc(n * sizeof(*names));
	if (!names)
		return "";
	for (i = 0, a = obj->child; a; a = a->next)
		names[i++] = a->string ? a->string : "";
	qsort(names, n, sizeof(*names), cmp_name);
	for (i = 1; i < n && !dup; i++)
		if (strcmp(names[i - 1], names[i]) == 0)
			dup = names[i];
	free(names);
	return dup;
}

static int walk(const cJSON *it, const char *field, int depth, char *why, size_t n)
{
	const cJSON *c;
	const char *d;

	if (depth > MAX_DEPTH) {
		snprintf(why, n, "%s", tr("nested too deeply"));
		return -1;
	}
	if (it->string && field_bidi(it->string)) {
		snprintf(why, n, "%s", tr("a key holds a direction override character "
					  "(U+202A-U+202E, U+2066-U+2069)"));
		return -1;
	}
	if (cJSON_IsString(it) && it->valuestring && field_bidi(it->valuestring)) {
		snprintf(why, n, tr("field \"%.40s\": a direction override character "
				    "(U+202A-U+202E, U+2066-U+2069) is not allowed"), field);
		return -1;
	}
	if (cJSON_IsObject(it) && (d = dup_key(it)) != NULL) {
		if (*d)
			snprintf(why, n, tr("the key \"%.40s\" is given twice"), d);
		else
			snprintf(why, n, "%s", tr("out of memory"));
		return -1;
	}
	for (c = it->child; c; c = c->next)
		if (walk(c, c->string ? c->string : field, depth + 1, why, n))
			return -1;
	return 0;
}

int jsonstrict_tree(const cJSON *item, char *why, size_t n)
{
	if (!item)
		return 0;
	return walk(item, item->string ? item->string : "", 0, why, n);
}
