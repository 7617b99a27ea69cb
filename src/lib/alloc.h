/*
 * alloc.h - overflow-checked growth of heap arrays (git's ALLOC_GROW is
 * the model).  Every growable array in core, drivers and lib grows
 * through pos_grow(): the size is computed with checked multiplies, the
 * array at least doubles (amortised O(1) appends), and on failure the
 * old array and capacity are left untouched so the caller can unwind.
 *
 *   struct item *items = NULL; size_t n = 0, cap = 0;
 *   if (POS_GROW(items, cap, n + 1))
 *           return pos_fail(err, POS_ERR_NO_MEM, "...");
 *   items[n++] = x;
 */
#ifndef OCOP_LIB_ALLOC_H
#define OCOP_LIB_ALLOC_H

#include <stddef.h>

/*
 * Make *ptr (an array of elsize-byte elements with room for *cap) hold at
 * least need elements.  Returns 0 (with *ptr and *cap updated when it
 * grew) or POS_ERR_NO_MEM when need * elsize overflows or realloc fails
 * (then *ptr and *cap are unchanged).  New elements are not initialised.
 */
int pos_grow(void **ptr, size_t *cap, size_t need, size_t elsize);

/* pos_grow for an array variable and its capacity variable. */
#define POS_GROW(arr, cap, need) \
	pos_grow((void **)&(arr), &(cap), (need), sizeof(*(arr)))

/*
 * a * b into *out; 0, or -1 when it overflows size_t (then *out is
 * unchanged).  For sizes computed outside pos_grow().
 */
int pos_mul_size(size_t a, size_t b, size_t *out);

#endif
