/*
 * fuzz_catalog_json.c - libFuzzer target for the JSON catalogue parser
 * (catfile_parse with CATFILE_JSON): any input must be parsed or refused
 * with a message, never crash, hang or leak (fuzz_catalog.h).
 */
#include <stdint.h>

#include "fuzz_catalog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_catalog(data, size, CATFILE_JSON);
}
