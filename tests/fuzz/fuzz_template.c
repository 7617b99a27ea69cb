/*
 * fuzz_template.c - libFuzzer target for the receipt template parser and
 * filler (src/core/receipt.c).  Any input either parses or is refused
 * with a "SOURCE:LINE: reason" message; a template that parses fills
 * (or is refused, never crashes) with the sample sale, the sample label
 * and no data at all, on 58 and 80 mm paper, within the item limit, and
 * every text item it makes lays out into lines no wider than the paper.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/receipt.h"
#include "core/receipt_data.h"
#include "drivers/printer/layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fill_check(const struct receipt_tpl *t, const struct receipt_rec *r, int cols)
{
	struct receipt_opts o;
	struct pos_error err;
	struct doc d;
	size_t i, k;

	receipt_opts_init(&o, cols);
	if (receipt_fill(t, r, &o, &d, &err)) {
		if (err.code != POS_ERR_INVALID && err.code != POS_ERR_NO_MEM)
			abort();
		if (err.code == POS_ERR_INVALID && !strstr(err.msg, "fuzz.tpl:"))
			abort();
		return;
	}
	if (d.n > RECEIPT_ITEMS_MAX)
		abort();
	for (i = 0; i < d.n; i++) {
		struct layout l;

		layout_init(&l);
		if (layout_item(&d.items[i], cols, &l, &err) == 0)
			for (k = 0; k < l.n; k++)
				if (layout_cells(l.lines[k], strlen(l.lines[k])) > cols)
					abort();
		layout_release(&l);
	}
	doc_release(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct receipt_rec *sale, *label;
	struct receipt_tpl *t = NULL;
	struct pos_error err;

	if (!sale && (receipt_data_sample("sale", 6, 0, &sale, NULL) ||
		      receipt_data_sample("label", 0, 0, &label, NULL)))
		abort();
	if (receipt_parse((const char *)data, size, "fuzz.tpl", &t, &err)) {
		if (err.code == POS_ERR_INVALID && strncmp(err.msg, "fuzz.tpl", 8) != 0)
			abort();
		return 0;
	}
	fill_check(t, sale, 32);
	fill_check(t, sale, 48);
	fill_check(t, label, 32);
	fill_check(t, NULL, 48);
	receipt_tpl_free(t);
	return 0;
}
