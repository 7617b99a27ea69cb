/*
 * fuzz_transfer.c - libFuzzer target for the transfer-file reader
 * (transfer_parse): any input must be parsed or refused with a message,
 * never crash, hang or leak.  What is accepted must survive a round trip:
 * written back (transfer_file_text) and parsed again, it gives the same
 * canonical bytes, so the signature of an accepted file is always checked
 * over exactly what was read.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/transfer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct transfer_doc *d = NULL, *e = NULL;
	struct pos_error err;
	char *c1 = NULL, *c2 = NULL, *text = NULL;
	size_t n1, n2, nt, i;

	pos_error_clear(&err);
	if (transfer_parse((const char *)data, size, &d, &err) != 0) {
		if (!err.msg[0] || d)
			abort();    /* a refusal always says why, and hands nothing back */
		return 0;
	}
	if (d->nlots == 0 || !d->signature[0])
		abort();
	for (i = 0; i < d->nlots; i++)
		if (d->lots[i].qty_milli <= 0 || d->lots[i].unit_cost < 0 ||
		    (!d->lots[i].owner[0] && d->lots[i].commission_bp) || !d->lots[i].lot_no[0])
			abort();
	if (transfer_canonical(d, &c1, &n1, &err) || transfer_file_text(d, &text, &nt, &err))
		abort();
	if (transfer_parse(text, nt, &e, &err) || transfer_canonical(e, &c2, &n2, &err))
		abort();    /* what we write, we read */
	if (n1 != n2 || memcmp(c1, c2, n1) != 0)
		abort();
	free(c1);
	free(c2);
	free(text);
	transfer_doc_free(d);
	transfer_doc_free(e);
	return 0;
}
