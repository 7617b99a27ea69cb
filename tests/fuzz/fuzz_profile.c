/*
 * fuzz_profile.c - libFuzzer target for the printer profile parser
 * (drivers/printer/profile.c).  A profile that parses must describe a
 * printer the writer can drive: its numbers stay in their documented
 * ranges, and a one-line document renders with it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/printer/escpos.h"
#include "drivers/printer/profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct printer_profile p;
	struct pos_error err;
	struct escpos_opts o;
	struct bytebuf b;
	struct doc d;

	if (profile_parse((const char *)data, size, "fuzz", &p, &err))
		return 0;
	if (p.width_dots < 128 || p.width_dots > 1024 || p.width_dots % 8 ||
	    p.columns < 16 || p.columns > 80 || p.band_rows < 8 || p.band_rows > 256 ||
	    p.ncp1258 < 0 || p.ncp1258 > PROFILE_CP1258_MAX || p.nids > PROFILE_IDS_MAX ||
	    memchr(p.name, 0, sizeof(p.name)) == NULL)
		abort();
	doc_init(&d);
	bytebuf_init(&b);
	if (doc_text(&d, 0, DOC_LEFT, "Đắk Lắk", &err) == 0) {
		escpos_opts_default(&p, &o);
		if (p.mode == VN_MODE_RASTER)
			o.mode = VN_MODE_ASCII;         /* keep the fuzzer off FreeType */
		if (escpos_render(&d, &p, &o, NULL, &b, &err) != 0 && err.code != POS_ERR_NO_MEM &&
		    err.code != POS_ERR_NOT_FOUND)
			abort();
	}
	bytebuf_release(&b);
	doc_release(&d);
	return 0;
}
