/*
 * strmap.c - string -> integer hash map (see strmap.h).  The table keeps
 * at most half its slots used and doubles when it would exceed that.
 */
#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

void strmap_init(struct strmap *m)
{
	memset(m, 0, sizeof(*m));
}

void strmap_release(struct strmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	strmap_init(m);
}

/* The slot of key: where it is, or the empty slot where it would go. */
static size_t slot(const struct strmap *m, const char *key)
{
	size_t j = (size_t)hash(key) & (m->cap - 1);

	while (m->keys[j] && strcmp(m->keys[j], key) != 0)
		j = (j + 1) & (m->cap - 1);
	return j;
}

int strmap_get(const struct strmap *m, const char *key, long long *val)
{
	size_t j;

	if (!m->cap)
		return 0;
	j = slot(m, key);
	if (!m->keys[j])
		return 0;
	if (val)
		*val = m->vals[j];
	return 1;
}

static int grow(struct strmap *m)
{
	struct strmap g;
	size_t i;

	g.cap = m->cap ? m->cap * 2 : 64;
	g.n = m->n;
	g.keys = calloc(g.cap, sizeof(*g.keys));
	g.vals = calloc(g.cap, sizeof(*g.vals));
	if (!g.keys || !g.vals) {
		free(g.keys);
		free(g.vals);
		return POS_ERR_NO_MEM;
	}
	for (i = 0; i < m->cap; i++) {
		size_t j;

		if (!m->keys[i])
			continue;
		j = slot(&g, m->keys[i]);
		g.keys[j] = m->keys[i];
		g.vals[j] = m->vals[i];
	}
	free(m->keys);
	free(m->vals);
	*m = g;
	return 0;
}

int strmap_put(struct strmap *m, const char *key, long long val)
{
	size_t j;

	if ((m->n + 1) * 2 > m->cap && grow(m))
		return POS_ERR_NO_MEM;
	j = slot(m, key);
	if (!m->keys[j]) {
		m->keys[j] = strdup(key);
		if (!m->keys[j])
			return POS_ERR_NO_MEM;
		m->n++;
	}
	m->vals[j] = val;
	return 0;
}
