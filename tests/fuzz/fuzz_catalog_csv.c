/*
 * fuzz_catalog_csv.c - libFuzzer target for the CSV catalogue parser
 * (catfile_parse with CATFILE_CSV): quoting, line ends, BOM,
 * headers and inline producers: any input must be parsed or refused
 * with a message, never crash, hang or leak (fuzz_catalog.h).
 */
#include <stdint.h>

#include "fuzz_catalog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_catalog(data, size, CATFILE_CSV);
}
