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
 * A required name in a buffer of size n: valid UTF-8, no control
 * characters, not empty; rewritten in NFC so the same name typed or
 * imported in NFD compares equal.
 */
int field_name(char *s, size_t n, const char *field, struct pos_error *err);

/* Optional free text: valid UTF-8, no control characters; NFC. */
int field_plain(char *s, size_t n, const char *field, struct pos_error *err);

#endif
