/*
 * fuzz_catalog.h - the body of the catalogue fuzz targets
 * (fuzz_catalog_json.c, fuzz_catalog_csv.c): catfile_parse() on any input
 * must accept valid products (a SKU, 3-5 stars) or refuse with a message
 * and hand nothing back; never crash, hang or leak.  The reference data
 * (provinces, OCOP groups) is loaded once, on the first call.
 */
#ifndef OCOP_FUZZ_CATALOG_H
#define OCOP_FUZZ_CATALOG_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/catfile.h"
#include "core/refdata.h"

static int fuzz_catalog(const uint8_t *data, size_t size, enum catfile_format fmt)
{
	static int loaded;
	struct catfile_doc *doc = NULL;
	struct pos_error err;
	size_t i;

	if (!loaded) {
		if (refdata_load(NULL, NULL) != 0)
			abort();
		loaded = 1;
	}
	pos_error_clear(&err);
	if (catfile_parse((const char *)data, size, fmt, &doc, &err) == 0) {
		/* what was accepted is valid, and the references are in place */
		for (i = 0; i < doc->nproducts; i++)
			if (!doc->products[i].sku[0] || doc->products[i].stars < 3 ||
			    doc->products[i].stars > 5)
				abort();
		catfile_doc_free(doc);
	} else if (!err.msg[0] || doc) {
		abort();    /* a refusal always says why, and hands nothing back */
	}
	return 0;
}

#endif
