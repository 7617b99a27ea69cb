/*
 * preview.h - a document as a PNG image of exactly what the raster mode
 * prints (same font, layout and bitmaps; cuts shown as a dashed line), so
 * anyone can check a receipt, and Vietnamese on it, without a printer.
 */
#ifndef OCOP_PRINTER_PREVIEW_H
#define OCOP_PRINTER_PREVIEW_H

#include "lib/err.h"
#include "lib/doc.h"
#include "profile.h"
#include "raster.h"

/*
 * Draw d for printer p into img (initialised by the caller with any
 * width; it is reset to p's width).  font may be NULL (opened for the
 * call).  0 or a negative enum pos_err.
 */
int preview_render(const struct doc *d, const struct printer_profile *p,
		   struct raster_font *font, struct raster_img *img, struct pos_error *err);

/* White dots the PNG adds left and right of the printed width (the paper). */
#define PREVIEW_MARGIN 8

/*
 * Write img as a 1-bit greyscale PNG to path, PREVIEW_MARGIN white dots
 * wider each side.  0 or POS_ERR_IO/NO_MEM.
 */
int preview_write_png(const struct raster_img *img, const char *path, struct pos_error *err);

/* preview_render + preview_write_png. */
int preview_png(const struct doc *d, const struct printer_profile *p,
		struct raster_font *font, const char *path, struct pos_error *err);

#endif
