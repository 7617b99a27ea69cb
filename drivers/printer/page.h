/*
 * page.h - a document drawn as one raster image: the renderer shared by
 * the raster mode of escpos.c (item by item) and by preview.c (the whole
 * page), so a preview shows what the printer gets.
 */
#ifndef OCOP_PRINTER_PAGE_H
#define OCOP_PRINTER_PAGE_H

#include "lib/err.h"
#include "lib/doc.h"
#include "raster.h"

/*
 * Append item it to img (the grid's paper width): text, rows and
 * separators as laid-out lines, barcodes, QR codes, images, feeds as
 * blank lines.  CUT, DRAWER and RAW draw nothing here.  0, or
 * POS_ERR_NO_MEM / POS_ERR_INVALID (a code too large for the paper).
 */
int page_item(struct raster_font *f, const struct doc_item *it, struct raster_img *img,
	      struct pos_error *err);

/* Rows a FEED item of lines takes. */
int page_feed_rows(const struct raster_font *f, int lines);

/*
 * Draw the whole document into img (emptied first).  With mark_cuts, a
 * cut is shown as a dashed line across the paper.
 */
int page_render(struct raster_font *f, const struct doc *d, int mark_cuts,
		struct raster_img *img, struct pos_error *err);

#endif
