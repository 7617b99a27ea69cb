/*
 * vntext.h - Vietnamese UTF-8 text: decoding, search keys, composition,
 * terminal width and collation, without ICU.
 *
 * Vietnamese needs 134 precomposed letters (a ă â e ê i o ô ơ u ư y with
 * none or one of five tones, in both cases, plus đ Đ).  vntext.c keeps one
 * const table of them, mapping each to its ASCII base letter, its letter
 * mark (circumflex, breve, horn, or the stroke of đ) and its tone.  Every
 * function here is built on that table:
 *
 *   vn_fold     accent-insensitive search key ("Mật ong Đắk Lắk" ->
 *               "mat ong dak lak"); NFC, NFD and old tone placement
 *               ("hoà"/"hòa") give the same key.
 *   vn_nfc      composes base letters + combining marks into the
 *               precomposed letters, so names are stored uniformly.
 *   vn_width    display columns in a terminal; vn_fit cuts a string to a
 *               number of columns without splitting a letter from its marks.
 *   vn_collate  Vietnamese dictionary order (CLDR "vi").
 *
 * All functions are pure: no allocation, no global state, no locale.
 * Strings are NUL-terminated UTF-8 unless a length is given.  Invalid
 * UTF-8 never crashes anything: each bad byte decodes as U+FFFD.
 */
#ifndef OCOP_VNTEXT_H
#define OCOP_VNTEXT_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"
#include "lib/utf8.h"

/*
 * Copy the string src (NULL: "") into dst of n > 0 bytes, cut to fit on a
 * UTF-8 character boundary so a long name never ends in half a letter.
 * VN_COPY(array, src) copies into a char array of known size.
 */
void vn_copy(char *dst, size_t n, const char *src);
#define VN_COPY(dst, src) vn_copy((dst), sizeof(dst), (src))

/*
 * Write the search key of s into out (outsz bytes, caller-owned).
 *
 * The key is lowercase ASCII [a-z0-9] words separated by single spaces,
 * with no leading or trailing space.  Vietnamese letters lose their tone
 * and letter marks (đ/Đ -> d), combining marks U+0300-U+036F are dropped
 * (so NFD input folds like NFC), and every other character -- ASCII
 * punctuation, non-Vietnamese letters such as ü or 漢, controls, invalid
 * bytes -- is a word separator.
 *
 * Returns the length the whole key needs (without the NUL), like
 * snprintf; when outsz > 0 out always gets a NUL-terminated key, truncated
 * if outsz is too small (the key is ASCII, so truncation is always clean).
 * s == NULL folds as "".
 */
size_t vn_fold(const char *s, char *out, size_t outsz);

/*
 * Compose s into Vietnamese NFC: a base letter (a e i o u y, either case,
 * or an already precomposed Vietnamese letter) followed by combining
 * tone marks (U+0300 U+0301 U+0303 U+0309 U+0323) and letter marks
 * (U+0302 U+0306 U+031B), in any order, becomes one precomposed letter.
 * A mark that does not compose (a second tone, "e" + breve, marks on
 * other letters) and all other text are copied unchanged, so the output
 * is never longer than the input: outsz >= strlen(s) + 1 always suffices.
 *
 * Returns the length written (without the NUL) into out (caller-owned).
 * Returns POS_ERR_INVALID, leaving out untouched, when s is not valid
 * UTF-8, or when out is too small for the result (check outsz first if
 * the two must be told apart).
 */
int vn_nfc(const char *s, char *out, size_t outsz);

/*
 * Display width of s in terminal columns: combining marks, zero-width
 * characters and controls count 0; East Asian wide and fullwidth
 * characters (CJK, Hangul, kana, fullwidth forms, most emoji) count 2;
 * everything else, including ambiguous-width symbols such as ★ U+2605 and
 * each invalid byte, counts 1.  s == NULL has width 0.
 */
int vn_width(const char *s);

/*
 * Return how many leading bytes of s fit in cols display columns, never
 * splitting a UTF-8 sequence and never separating a character from the
 * combining marks that follow it.  Stops before the first character that
 * would not fit, and before anything further once cols are all used
 * (except combining marks of the last character).  *used (may be NULL)
 * gets the width of the returned prefix.  cols <= 0 returns 0.
 */
size_t vn_fit(const char *s, int cols, int *used);

/*
 * Compare a and b in Vietnamese order (CLDR "vi").  Returns <0, 0 or >0.
 *
 * Primary: punctuation and spaces < digits < letters, letters in the
 * Vietnamese alphabet a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t
 * u ư v w x y z, ignoring case and tones; other characters after z by
 * code point.  Secondary: tones, none < grave < hook < tilde < acute <
 * dot (huyền, hỏi, ngã, sắc, nặng).  Tertiary: lowercase < uppercase.
 * Last: byte order, so only identical strings compare equal.
 * NFC and NFD input sort alike.  NULL sorts as "".
 */
int vn_collate(const char *a, const char *b);

#endif
