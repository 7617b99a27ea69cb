/*
 * preview.c - PNG previews with libpng (see preview.h).  The image is the
 * one page.c draws for the raster mode; only the 1 = black convention
 * flips, because a 1-bit greyscale PNG has 0 = black.  libpng reports
 * errors by longjmp, so everything it may see after setjmp is volatile
 * or set before it.
 */
#include "preview.h"

#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "page.h"

int preview_render(const struct doc *d, const struct printer_profile *p,
		   struct raster_font *font, struct raster_img *img, struct pos_error *err)
{
	struct raster_font *own = NULL;
	int r;

	if (!font) {
		r = raster_font_open(NULL, NULL, &own, err);
		if (r)
			return r;
		font = own;
	}
	r = raster_font_grid(font, p->width_dots, p->columns, err);
	if (!r) {
		if (img->width != p->width_dots) {
			raster_img_release(img);
			raster_img_init(img, p->width_dots);
		}
		r = page_render(font, d, 1, img, err);
	}
	raster_font_close(own);
	return r;
}

int preview_write_png(const struct raster_img *img, const char *path, struct pos_error *err)
{
	png_structp png = NULL;
	png_infop info = NULL;
	unsigned char *volatile row = NULL;
	FILE *volatile fp = NULL;
	int y, i, h = img->height > 0 ? img->height : 1;

	fp = fopen(path, "wb");
	if (!fp)
		return pos_fail(err, POS_ERR_IO, "cannot write %s: %s", path, strerror(errno));
	row = malloc((size_t)img->stride + 2);
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	if (png)
		info = png_create_info_struct(png);
	if (!row || !png || !info) {
		png_destroy_write_struct(&png, &info);
		free(row);
		fclose(fp);
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory writing %s", path);
	}
	if (setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		free(row);
		fclose(fp);
		return pos_fail(err, POS_ERR_IO, "cannot write the PNG %s (disk full?)", path);
	}
	png_init_io(png, fp);
	png_set_IHDR(png, info, (png_uint_32)(img->width + 2 * PREVIEW_MARGIN), (png_uint_32)h, 1,
		     PNG_COLOR_TYPE_GRAY,
		     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	/* The paper's margins: one white byte (PREVIEW_MARGIN dots) each side,
	 * so ink in the last column (a ₫) is seen whole, not against the edge. */
	for (y = 0; y < h; y++) {
		row[0] = row[img->stride + 1] = 0xFF;
		for (i = 0; i < img->stride; i++)
			row[i + 1] = y < img->height ?
				     (unsigned char)~img->bits[(size_t)y * (size_t)img->stride +
							       (size_t)i] :
				     0xFF;
		png_write_row(png, row);
	}
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	free(row);
	if (fclose(fp) != 0)
		return pos_fail(err, POS_ERR_IO, "cannot write %s: %s", path, strerror(errno));
	return 0;
}

int preview_png(const struct doc *d, const struct printer_profile *p,
		struct raster_font *font, const char *path, struct pos_error *err)
{
	struct raster_img img;
	int r;

	raster_img_init(&img, p->width_dots);
	r = preview_render(d, p, font, &img, err);
	if (!r)
		r = preview_write_png(&img, path, err);
	raster_img_release(&img);
	return r;
}
