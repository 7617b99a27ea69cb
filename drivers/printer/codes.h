/*
 * codes.h - barcodes (EAN-13, EAN-8, UPC-A, Code 128), QR codes
 * (libqrencode) and 1-bit images drawn into a raster image, for printers
 * without native support and for previews.  The module patterns are also
 * what the tests check against the standards.
 */
#ifndef OCOP_PRINTER_CODES_H
#define OCOP_PRINTER_CODES_H

#include <stddef.h>

#include "lib/err.h"
#include "lib/doc.h"
#include "raster.h"

/* Most modules any supported barcode needs (Code 128, 64 characters). */
#define CODES_MODULES_MAX 1024

/*
 * The modules of a barcode (1 = bar, 0 = space), without quiet zones,
 * into mods (cap entries).  code is complete (check digit included, as
 * doc_barcode stores it).  Returns the module count, or -1 when code is
 * not valid for type or does not fit.
 */
int codes_barcode_modules(enum doc_barcode_type type, const char *code, unsigned char *mods,
			  size_t cap);

/* Dots per module that fit a barcode of n modules on width dots (1-3), or
 * 0 when it does not fit at all. */
int codes_module_width(int n, int width);

/* Append a barcode item (bars, and the digits under them when it->hri)
 * to img.  0, POS_ERR_INVALID (does not fit) or POS_ERR_NO_MEM. */
int codes_draw_barcode(struct raster_font *f, const struct doc_item *it, struct raster_img *img,
		       struct pos_error *err);

/* Dots per module for a QR code of qr_width modules: it->module if set,
 * else about 60% of the paper width, 2-8 dots. */
int codes_qr_module(int qr_width, int module, int width);

/* Append a QR item to img (error correction M).  0, POS_ERR_INVALID or
 * POS_ERR_NO_MEM. */
int codes_draw_qr(const struct doc_item *it, struct raster_img *img, struct pos_error *err);

/* Append an IMAGE item to img, aligned, clipped to the paper width. */
int codes_draw_image(const struct doc_item *it, struct raster_img *img, struct pos_error *err);

#endif
