/*
 * fuzz_exchange.c - libFuzzer target for the exchange-file reader
 * (batch_check: the header, every record and its fields, the signature
 * line; the same walker batch_import runs before writing).  Any input
 * must be accepted or refused with a message, never crash, hang or leak.
 * The reference data is loaded once, on the first call.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/batch.h"
#include "core/refdata.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int loaded;
	struct batch_header h;
	struct pos_error err;

	if (!loaded) {
		if (refdata_load(NULL, NULL) != 0)
			abort();
		loaded = 1;
	}
	pos_error_clear(&err);
	memset(&h, 0, sizeof(h));
	if (batch_check((const char *)data, size, &h, &err) == 0) {
		/* what was accepted has a header that makes sense */
		if (!h.showroom[0] || h.sequence < 1 || h.continues < 0 ||
		    h.continues >= h.sequence || h.sales < 0)
			abort();
	} else if (!err.msg[0]) {
		abort();    /* a refusal always says why */
	}
	return 0;
}
