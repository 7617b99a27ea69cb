/*
 * taxcode.h - Vietnamese tax codes (mã số thuế, MST).
 *
 * An enterprise or household business has a 10-digit tax code; a branch
 * or dependent unit has 13, written "XXXXXXXXXX-YYY": the parent's ten
 * digits, a dash and a three-digit branch number 001-999.  The tenth digit
 * is a check digit over the first nine:
 *   N10 = 10 - (N1*31 + N2*29 + N3*23 + N4*19 + N5*17 + N6*13 + N7*7 +
 *               N8*5 + N9*3) mod 11,
 * and a result of 10 means no valid code has those nine digits.
 *
 * Since 1 July 2025 an individual (and a household business owner) uses
 * the 12-digit citizen ID (CCCD) as tax code: accepted as 12 digits whose
 * first three are a province code 001-096 (a CCCD has no check digit).
 *
 * Accepted spellings: 10 digits; 12 (CCCD); 13 digits with the dash; 13
 * digits without it (as some forms print them).  Surrounding whitespace is
 * ignored.  The canonical form (taxcode_normalize) has the dash.
 *
 * Pure functions: no allocation, no global state.
 */
#ifndef OCOP_TAXCODE_H
#define OCOP_TAXCODE_H

#include <stddef.h>

#include "lib/err.h"

/* "XXXXXXXXXX-YYY" + NUL */
#define TAXCODE_MAX 15

/*
 * Return 0 when s is a valid tax code, or POS_ERR_INVALID with an English
 * message such as "tax code 0100109107 has a wrong check digit".
 */
int taxcode_validate(const char *s, struct pos_error *err);

/*
 * Validate s and write its canonical form ("0100109106" or
 * "0100109106-001") into out (n bytes, caller-owned; TAXCODE_MAX always
 * suffices).  Returns the length, or POS_ERR_INVALID (bad code, or n too
 * small) with out untouched.
 */
int taxcode_normalize(const char *s, char *out, size_t n,
		      struct pos_error *err);

/* The check digit (0-9) of the nine digits at d, or -1 if there is none
 * (a result of 10, or a non-digit). */
int taxcode_check_digit(const char *d);

#endif
