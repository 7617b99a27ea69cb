/*
 * fuzz_catalog_csv.c - libFuzzer target for the CSV catalogue parser
 * (catfile_parse with CATFILE_CSV): quoting, line ends, BOM,
 * headers and inline producers: any input must be parsed or refused
 * with a message, never crash, hang or leak.  The reference data
 * (provinces, OCOP groups) is loaded once, on the first call.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/catfile.h"
#include "core/refdata.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
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
	if (catfile_parse((const char *)data, size, CATFILE_CSV, &doc, &err) == 0) {
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
