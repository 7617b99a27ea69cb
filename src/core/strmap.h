/*
 * strmap.h - a small hash map from strings to integers (open addressing,
 * FNV-1a, linear probing), for the look-up tables of report.c and batch.c
 * (row keys, SKU -> id, UUID -> id) where a query per row would cost more
 * than the work itself.  Keys are copied; never aborts.
 */
#ifndef OCOP_STRMAP_H
#define OCOP_STRMAP_H

#include <stddef.h>

struct strmap {
	char **keys;
	long long *vals;
	size_t cap, n;
};

/* An empty map (no allocation until the first put). */
void strmap_init(struct strmap *m);
/* Free the keys and tables; m is empty again. */
void strmap_release(struct strmap *m);

/* 1 and *val (may be NULL) when key is present, else 0. */
int strmap_get(const struct strmap *m, const char *key, long long *val);

/* Insert key -> val, or replace its value.  0, or POS_ERR_NO_MEM. */
int strmap_put(struct strmap *m, const char *key, long long val);

#endif
