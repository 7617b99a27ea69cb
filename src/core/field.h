/*
 * field.h - checks shared by every record that people type or import:
 * codes, names and free text.  Each check trims the value in place, and
 * names the field in its message ("name: must not be empty").
 */
#ifndef OCOP_FIELD_H
#define OCOP_FIELD_H

#include <stddef.h>

#include "lib/err.h"

/* Remove leading and trailing ASCII white space in place. */
void field_trim(char *s);

/*
 * A code (SKU, producer code): 1..32 characters from A-Z a-z 0-9 - _ . /
 * Returns 0 or POS_ERR_INVALID.
 */
int field_code(char *s, const char *field, struct pos_error *err);

/*
 * Copy the code src (what a person typed) into dst of n bytes and check
 * it with field_code(): a code longer than 32 characters (or than dst) is
 * refused, never cut.  Returns 0 or POS_ERR_INVALID; dst is written only
 * on success.
 */
int field_copy_code(char *dst, size_t n, const char *src, const char *field,
		    struct pos_error *err);

/* 1 when s holds a bidirectional embedding, override or isolate
 * (U+202A-U+202E, U+2066-U+2069: "Trojan Source" text), else 0. */
int field_bidi(const char *s);

/*
 * 1 when a spreadsheet would take the cell text s for a formula: it
 * begins with = + - @ a tab or a carriage return and is not a plain
 * number (OWASP's CSV injection rule).  CSV writers put a ' in front of
 * such a cell; field_unguard() takes it off again on import, so a
 * catalogue survives a round trip.
 */
int field_formula_like(const char *s);

/* s without the ' a CSV writer put in front of a formula-like text. */
const char *field_unguard(const char *s);

/*
 * A required name in a buffer of size n: valid UTF-8, no control
 * characters, no direction overrides (field_bidi), not empty; rewritten in NFC so the same name typed or
 * imported in NFD compares equal.
 */
int field_name(char *s, size_t n, const char *field, struct pos_error *err);

/* Optional free text: valid UTF-8, no control characters; NFC. */
int field_plain(char *s, size_t n, const char *field, struct pos_error *err);

#endif
