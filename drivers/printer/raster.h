/*
 * raster.h - 1-bit bitmaps and Vietnamese text drawn into them with
 * FreeType, for printers that get text as an image (GS v 0) and for PNG
 * previews.
 *
 * The font is DejaVu Sans Mono (fonts-dejavu-core), regular and bold, with
 * DejaVu Sans for the Vietnamese letters the mono font lacks, so a line
 * lays out on the same grid of cells as font A text: the cell is
 * width_dots / columns dots wide (12 dots on both 58 mm/32 and 80 mm/48)
 * and the glyphs are sized to fill it.  The line is tall enough for
 * stacked Vietnamese marks on capitals (Ẫ, Ỗ) and for descenders with a
 * dot below (ỵ).  Rendered glyphs are cached per font, so a receipt costs
 * FreeType work only for the letters it has not seen yet.
 */
#ifndef OCOP_PRINTER_RASTER_H
#define OCOP_PRINTER_RASTER_H

#include <stddef.h>

#include "lib/err.h"
#include "lib/doc.h"

#define RASTER_FONT_DIR "/usr/share/fonts/truetype/dejavu/"
#define RASTER_FONT_REGULAR RASTER_FONT_DIR "DejaVuSansMono.ttf"
#define RASTER_FONT_BOLD RASTER_FONT_DIR "DejaVuSansMono-Bold.ttf"
/* DejaVu Sans Mono lacks 46 of the Vietnamese letters in U+1EA0-U+1EF9
 * (ố, ử, ắ ...): those come from DejaVu Sans, centred in their cell. */
#define RASTER_FONT_FALLBACK RASTER_FONT_DIR "DejaVuSans.ttf"
#define RASTER_FONT_FALLBACK_BOLD RASTER_FONT_DIR "DejaVuSans-Bold.ttf"

/* A 1-bit image: rows of stride bytes, MSB = leftmost dot, 1 = black. */
struct raster_img {
	int width, height, stride;
	unsigned char *bits;    /* owned */
	int cap_rows;
};

/* An empty image width dots wide (no allocation). */
void raster_img_init(struct raster_img *img, int width);
void raster_img_release(struct raster_img *img);
/* Drop all rows, keep the storage. */
void raster_img_clear(struct raster_img *img);
/* Append rows blank rows; returns the first new row, or -1 out of memory. */
int raster_img_add_rows(struct raster_img *img, int rows);
/* Black rectangle, clipped to the image. */
void raster_img_fill(struct raster_img *img, int x, int y, int w, int h);
/* 1 when the dot at (x, y) is black (0 outside the image). */
int raster_img_get(const struct raster_img *img, int x, int y);

struct raster_font;

/*
 * Open the fonts: regular (NULL = RASTER_FONT_REGULAR, or
 * $OCOP_POS_FONT when set) and bold (NULL = RASTER_FONT_BOLD; when it is
 * missing, regular is emboldened).  *out is owned by the caller.
 * POS_ERR_NOT_FOUND names the file and the package to install.
 */
int raster_font_open(const char *regular, const char *bold, struct raster_font **out,
		     struct pos_error *err);
void raster_font_close(struct raster_font *f);

/*
 * Set the grid: paper width_dots wide holding columns cells.  Cheap when
 * unchanged; a change drops the glyph cache.  0, POS_ERR_INVALID or
 * POS_ERR_DEVICE (FreeType failed).
 */
int raster_font_grid(struct raster_font *f, int width_dots, int columns,
		     struct pos_error *err);

/* Height in dots of one text line of style on the current grid. */
int raster_line_height(const struct raster_font *f, unsigned style);

/* Current grid: cells per line. */
int raster_columns(const struct raster_font *f);

/*
 * Append one line of text (UTF-8, already laid out to fit) to img, which
 * must be the grid's paper width: style from DOC_BOLD ..., aligned on the
 * paper.  0 or POS_ERR_NO_MEM.
 */
int raster_line(struct raster_font *f, const char *text, unsigned style,
		enum doc_align align, struct raster_img *img, struct pos_error *err);

#endif
