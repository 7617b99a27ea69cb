/*
 * alloc.c - overflow-checked array growth (see alloc.h).
 */
#include "lib/alloc.h"

#include <stdint.h>
#include <stdlib.h>

#include "lib/err.h"

int pos_mul_size(size_t a, size_t b, size_t *out)
{
	if (a && b > SIZE_MAX / a)
		return -1;
	*out = a * b;
	return 0;
}

int pos_grow(void **ptr, size_t *cap, size_t need, size_t elsize)
{
	size_t ncap, bytes;
	void *p;

	if (need <= *cap)
		return 0;
	/* Double, or jump straight to need; 16 elements at least. */
	ncap = *cap < 8 ? 16 : *cap;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2) {
			ncap = need;
			break;
		}
		ncap *= 2;
	}
	if (pos_mul_size(ncap, elsize ? elsize : 1, &bytes))
		return POS_ERR_NO_MEM;
	p = realloc(*ptr, bytes);
	if (!p)
		return POS_ERR_NO_MEM;
	*ptr = p;
	*cap = ncap;
	return 0;
}
