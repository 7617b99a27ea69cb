/*
 * fuzz_hubcat.c - libFuzzer target for the reader of a kept copy of a
 * PostgreSQL hub's catalogue (core/hubcat): any bytes are a copy or
 * refused, never read out of bounds; what is accepted has every row's
 * strings inside it, groups 0..99 and stars 0..5, each row found by its
 * SKU (or an earlier row of the same SKU), and is written back to the
 * same bytes.  The input is tried at its own epoch (from its header) so
 * the checks after the header are reached.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/hubcat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	long long epoch = 0;
	struct hubcat *c;
	unsigned char *b;
	size_t i, n;

	if (size >= 20)
		epoch = (long long)((uint64_t)data[12] | (uint64_t)data[13] << 8 |
				    (uint64_t)data[14] << 16 | (uint64_t)data[15] << 24 |
				    (uint64_t)data[16] << 32 | (uint64_t)data[17] << 40 |
				    (uint64_t)data[18] << 48 | (uint64_t)data[19] << 56);
	c = hubcat_new("0", epoch);
	if (!c)
		return 0;
	if (hubcat_parse(c, data, size)) {
		if (hubcat_count(c))
			abort();
		hubcat_free(c);
		return 0;
	}
	for (i = 0; i < hubcat_count(c); i++) {
		struct hubcat_row r;
		long k;

		hubcat_row(c, i, &r);
		if (strlen(r.sku) >= size || strlen(r.name) >= size || r.group < 0 || r.group > 99 ||
		    r.stars < 0 || r.stars > 5)
			abort();
		k = hubcat_find(c, r.sku);
		if (k < 0 || (size_t)k > i)
			abort();
	}
	if (hubcat_format(c, &b, &n) == 0) {
		if (n != size || memcmp(b, data, n))
			abort();
		free(b);
	}
	hubcat_free(c);
	return 0;
}
