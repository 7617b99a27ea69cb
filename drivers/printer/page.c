/*
 * page.c - doc items into raster rows (see page.h).  Text goes through
 * layout.c first, so the raster breaks lines where the text modes do.
 */
#include "page.h"

#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "layout.h"
#include "vn_codepage.h"
#include "drivers/device.h"

int page_feed_rows(const struct raster_font *f, int lines)
{
	return lines * raster_line_height(f, 0);
}

/* A line forced into ascii mode, as that mode prints it (folded). */
static char *folded(const char *s)
{
	size_t n = strlen(s), i = 0, o = 0;
	char *out = malloc(n + 1);

	if (!out)
		return NULL;
	while (i < n) {
		struct vncp_char c;
		uint32_t cp;

		i += vncp_next(s, n, i, &cp);
		if (vncp_encode(VN_MODE_ASCII, NULL, cp, &c) == 0)
			out[o++] = (char)c.bytes[0];
		else if (!vncp_is_combining(cp))
			out[o++] = '?';
	}
	out[o] = '\0';
	return out;
}

static int draw_lines(struct raster_font *f, const struct doc_item *it, struct raster_img *img,
		      struct pos_error *err)
{
	enum doc_align align = it->kind == DOC_TEXT ? it->align : DOC_LEFT;
	struct layout l;
	size_t i;
	int r;

	layout_init(&l);
	r = layout_item(it, raster_columns(f), &l, err);
	for (i = 0; !r && i < l.n; i++) {
		char *fold = NULL;

		if (it->force.mode == VN_MODE_ASCII) {
			fold = folded(l.lines[i]);
			if (!fold) {
				r = pos_fail(err, POS_ERR_NO_MEM, DRV_TR("out of memory drawing a receipt"));
				break;
			}
		}
		r = raster_line(f, fold ? fold : l.lines[i], it->style, align, img, err);
		free(fold);
	}
	layout_release(&l);
	return r;
}

int page_item(struct raster_font *f, const struct doc_item *it, struct raster_img *img,
	      struct pos_error *err)
{
	switch (it->kind) {
	case DOC_TEXT:
	case DOC_ROW:
	case DOC_SEPARATOR:
		return draw_lines(f, it, img, err);
	case DOC_BARCODE:
		return codes_draw_barcode(f, it, img, err);
	case DOC_QR:
		return codes_draw_qr(it, img, err);
	case DOC_IMAGE:
		return codes_draw_image(it, img, err);
	case DOC_FEED:
		if (raster_img_add_rows(img, page_feed_rows(f, it->lines)) < 0)
			return pos_fail(err, POS_ERR_NO_MEM, DRV_TR("out of memory drawing a receipt"));
		return 0;
	case DOC_CUT:
	case DOC_DRAWER:
	case DOC_RAW:
		return 0;
	}
	return 0;
}

int page_render(struct raster_font *f, const struct doc *d, int mark_cuts,
		struct raster_img *img, struct pos_error *err)
{
	size_t i;
	int r, x, y;

	raster_img_clear(img);
	for (i = 0; i < d->n; i++) {
		const struct doc_item *it = &d->items[i];

		r = page_item(f, it, img, err);
		if (r)
			return r;
		if (it->kind == DOC_CUT && mark_cuts) {
			y = raster_img_add_rows(img, 9);
			if (y < 0)
				return pos_fail(err, POS_ERR_NO_MEM, DRV_TR("out of memory drawing a receipt"));
			for (x = 0; x < img->width; x += 12)
				raster_img_fill(img, x, y + 4, 6, 1);
		}
	}
	return 0;
}
