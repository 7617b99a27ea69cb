/*
 * fuzz_cart_json.c - libFuzzer target for the cart file parser
 * (cartfile_read, the JSON kept in the cart table): any input is loaded
 * or refused with a message, never crashes, hangs or leaks; what loads
 * has sane fields and totals that add up, and writes back to a text that
 * loads to the same cart.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/cartfile.h"
#include "core/sale.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pos_error err;
	struct cart c, d;
	char *text = NULL;
	int64_t sum = 0;
	size_t i;

	pos_error_clear(&err);
	if (cartfile_read((const char *)data, size, &c, &err) != 0) {
		if (!err.msg[0])
			abort();    /* a refusal always says why */
		return 0;
	}
	if (c.nlines > CART_MAX_LINES || c.npay > CART_MAX_PAYMENTS)
		abort();
	for (i = 0; i < c.nlines; i++) {
		if (c.lines[i].qty_milli <= 0 || c.lines[i].amount < 0 ||
		    c.lines[i].gross - c.lines[i].discount != c.lines[i].amount)
			abort();
		sum += c.lines[i].amount;
	}
	if (sum != c.total)
		abort();
	if (cartfile_write(&c, &text, &err) == 0) {
		if (cartfile_read(text, strlen(text), &d, &err) != 0 || d.nlines != c.nlines ||
		    d.total != c.total || strcmp(d.uuid, c.uuid) != 0)
			abort();
		cart_release(&d);
		free(text);
	}
	cart_release(&c);
	return 0;
}
