/*
 * escpos.h - documents to ESC/POS bytes for a printer profile.
 *
 * The bytes are built in memory (a receipt is a few kilobytes of text,
 * or a few tens of kilobytes as raster) and then written to a transport
 * by the caller, so a printer that fails half-way can be given the whole
 * receipt again.  Commands used: ESC @, FS . (profiles that need it),
 * ESC t, ESC a, ESC E, ESC -, GS !, GS v 0 (in bands), GS k, GS ( k,
 * ESC d, ESC J, GS V, ESC p.
 */
#ifndef OCOP_PRINTER_ESCPOS_H
#define OCOP_PRINTER_ESCPOS_H

#include "lib/bytebuf.h"
#include "lib/err.h"
#include "lib/doc.h"
#include "profile.h"
#include "raster.h"
#include "vn_codepage.h"

struct escpos_opts {
	enum vn_mode mode;      /* how Vietnamese text is sent */
	int cp1258_table;       /* ESC t for cp1258, -1 = the profile's first */
};

/* The profile's defaults: its mode and first cp1258 table. */
void escpos_opts_default(const struct printer_profile *p, struct escpos_opts *o);

/*
 * Append the bytes for document d on printer p to out.  font draws raster
 * text, rendered barcodes and QR codes, and lines a text mode cannot
 * encode; it may be NULL, then one is opened (DejaVu) for the call.  The
 * font's grid is set to the profile's.  Returns 0, POS_ERR_INVALID (a
 * barcode or QR too big for the paper), POS_ERR_NOT_FOUND (no font) or
 * POS_ERR_NO_MEM.  On failure out holds a partial document: discard it.
 */
int escpos_render(const struct doc *d, const struct printer_profile *p,
		  const struct escpos_opts *o, struct raster_font *font, struct bytebuf *out,
		  struct pos_error *err);

/*
 * The drawer kick alone (ESC @ then ESC p) for pin 2 or 5 with the
 * profile's pulse timing: opening the drawer needs no print.
 */
void escpos_drawer(const struct printer_profile *p, int pin, struct bytebuf *out);

/* Append GS v 0 commands for img in bands of band_rows rows. */
void escpos_raster(const struct raster_img *img, int band_rows, struct bytebuf *out);

#endif
