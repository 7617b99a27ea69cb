/*
 * hubcat.h - the client's copy of a PostgreSQL hub's catalogue, as its
 * per-product reports show it (SKU, name, producer, origin province, OCOP
 * group, stars), kept in the user's cache folder between runs.
 *
 * The hub's product rows are written once (an import adds the SKUs it
 * does not have and changes none, core/pghub.c), so a copy stays true:
 * a report reads the sums from the hub and the names from here, and
 * asks the hub only for the SKUs the copy lacks.  Anything else that
 * changes the product table (an UPDATE, DELETE or TRUNCATE by hand) draws
 * a new catalogue epoch for the hub (a trigger), which makes every copy
 * stale.
 * A copy belongs to one hub (its instance, a random id made with the
 * hub) and one epoch; a file that is missing, unreadable, malformed or
 * of another epoch is an empty copy, never an error.
 *
 * Where: $XDG_CACHE_HOME/ocop-pos, else $HOME/.cache/ocop-pos (neither
 * set, or the folder not the user's own or writable by others: no file,
 * every report reads the catalogue), one file per hub
 * ("hub-INSTANCE.cat"), mode 0600, replaced whole (a temporary file
 * renamed).  The format is hubcat.c's, checked in full when read.
 */
#ifndef OCOP_CORE_HUBCAT_H
#define OCOP_CORE_HUBCAT_H

#include <stddef.h>

#include "lib/err.h"

/* A hub instance id: 1 to 64 of [0-9a-f-] (a UUID). */
#define HUBCAT_ID_MAX 64

struct hubcat;

struct hubcat_row {
	const char *sku, *name, *producer, *province;
	int group, stars;
};

/* 1 when id can name a hub's copy (HUBCAT_ID_MAX, the characters above). */
int hubcat_id_ok(const char *id);

/* An empty copy for hub id at epoch; NULL when out of memory or id is not one. */
struct hubcat *hubcat_new(const char *id, long long epoch);

/*
 * The copy of hub id at epoch from the cache folder, or an empty one
 * (see above); NULL when out of memory or id is not one.
 */
struct hubcat *hubcat_open(const char *id, long long epoch);

/*
 * The rows of a cache file's bytes data[0..n) into c (empty before), when
 * the file is whole and of c's epoch: 0; else POS_ERR_INVALID (c left
 * empty) or POS_ERR_NO_MEM.
 */
int hubcat_parse(struct hubcat *c, const void *data, size_t n);

size_t hubcat_count(const struct hubcat *c);

/* The row of sku: its index, or -1. */
long hubcat_find(const struct hubcat *c, const char *sku);

/* Row i (< hubcat_count) into *out; its strings live as long as c. */
void hubcat_row(const struct hubcat *c, size_t i, struct hubcat_row *out);

/*
 * r copied into c (a SKU c has already: left as it is).  Strings are cut
 * at 1000 bytes.  0 or POS_ERR_NO_MEM.
 */
int hubcat_add(struct hubcat *c, const struct hubcat_row *r);

/*
 * The bytes of c's file into *out (malloc'ed, *n bytes): 0 or
 * POS_ERR_NO_MEM.
 */
int hubcat_format(const struct hubcat *c, unsigned char **out, size_t *n);

/*
 * c written to the cache folder when rows were added since it was opened:
 * 0 (also when there is no cache folder), or an error to report if the
 * caller wants (a report goes on: the copy is only a cache).
 */
int hubcat_save(struct hubcat *c, struct pos_error *err);

void hubcat_free(struct hubcat *c);

#endif
