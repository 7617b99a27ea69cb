/*
 * utf8.h - UTF-8 and digit primitives of the base layer.  Nothing here
 * knows Vietnamese (core/vntext.h folds and measures Vietnamese text on
 * top of these) or a device (the printer's code pages sit on top, too).
 */
#ifndef OCOP_LIB_UTF8_H
#define OCOP_LIB_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* The replacement character that stands for every invalid byte. */
#define UTF8_REPLACEMENT 0xFFFDu

/*
 * Decode the code point starting at s[i] (s has n bytes).  Returns the
 * number of bytes consumed: 1-4 for a valid sequence, 1 with *cp =
 * UTF8_REPLACEMENT for an invalid, overlong, surrogate, out-of-range or
 * truncated sequence, and 0 (with *cp = 0) when i >= n.  cp may be NULL.
 */
size_t utf8_next(const char *s, size_t n, size_t i, uint32_t *cp);

/*
 * Return 1 when the n bytes at s are valid UTF-8 (shortest form, no
 * surrogates, nothing above U+10FFFF), else 0.  NUL bytes are valid.
 */
int utf8_valid(const char *s, size_t n);

/*
 * Encode cp into out (1-4 bytes, not NUL-terminated); a surrogate or a
 * value above U+10FFFF is encoded as U+FFFD.  Returns the byte count.
 */
size_t utf8_encode(uint32_t cp, char out[4]);

/*
 * Append src (NULL: nothing) to the string dst of n > 0 bytes, cut to fit
 * on a character boundary, always terminated; the bounded strcat that
 * banned.h leaves.  Returns the new length of dst.
 */
size_t utf8_append(char *dst, size_t n, const char *src);

/* 1 when the n bytes at s are all ASCII digits (n == 0: 1), else 0. */
int str_all_digits(const char *s, size_t n);

/* 1 for ASCII white space (space, \t \n \v \f \r), else 0. */
int str_is_space(char c);

/*
 * The string s without its leading and trailing ASCII white space: returns
 * its first byte kept (inside s) and sets *n to the length kept.
 */
const char *str_trim(const char *s, size_t *n);

#endif
