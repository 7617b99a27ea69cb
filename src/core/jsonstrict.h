/*
 * jsonstrict.h - what cJSON lets through and an ocop-pos file must not
 * hold (issue 12): a NUL character written \u0000 inside a string (cJSON
 * decodes it and the C string ends there: "Mat\u0000ong" would be stored
 * as "Mat"), a key given twice in one object (cJSON keeps both and a
 * look-up takes the first: "price":1,"price":340000), and bidirectional
 * overrides (U+202E and kin, "Trojan Source") in any key or text.  The
 * catalogue and exchange-file readers call these on every record and
 * refuse the file with the record's position.
 */
#ifndef OCOP_JSONSTRICT_H
#define OCOP_JSONSTRICT_H

#include <stddef.h>

struct cJSON;

/*
 * Scan JSON text[0..len) for a \u0000 escape inside a string; 1 with
 * *offset (the escape's byte offset in text) when there is one, else 0.
 */
int jsonstrict_nul(const char *text, size_t len, size_t *offset);

/*
 * Walk item and everything inside it: 0 when clean, else -1 with a
 * sentence in why[n] naming the key ("the key \"price\" is given twice",
 * "field \"name\": a direction override character (U+202A-U+202E,
 * U+2066-U+2069)").
 */
int jsonstrict_tree(const struct cJSON *item, char *why, size_t n);

#endif
