/*
 * raster.c - 1-bit images and text rendered with FreeType (see raster.h).
 *
 * Glyphs are rendered in FreeType's monochrome mode with hinting, which
 * gives crisp strokes on a 203 dpi thermal head, and kept in a small
 * open-addressing cache keyed by code point and variant (bold, double
 * width, double height).  Each glyph is drawn at its cell's position, not
 * by accumulated advances, so raster text lines up with the layout's
 * columns exactly.  A combining mark left over after composition is drawn
 * over the previous cell.
 */
#include "raster.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_SYNTHESIS_H

#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "vn_codepage.h"

#define CACHE_SLOTS 1024        /* power of two */
#define V_BOLD 1u
#define V_DW 2u
#define V_DH 4u

struct glyph {
	uint32_t key;           /* (cp << 3) | variant; 0 = empty slot */
	int w, h, pitch;
	int left, top;          /* offset from the cell origin and baseline */
	unsigned char *bits;    /* h rows of pitch bytes, MSB first */
};

struct raster_font {
	FT_Library lib;
	FT_Face regular, bold;
	FT_Face fallback, fallback_bold;        /* letters the mono font lacks */
	int width, columns;     /* grid */
	int cell;               /* dots per cell */
	int px;                 /* font pixel size */
	int ascent, descent;    /* dots above and below the baseline (single height) */
	int cached;
	struct glyph cache[CACHE_SLOTS];
};

/* --- images ---------------------------------------------------------- */

void raster_img_init(struct raster_img *img, int width)
{
	img->width = width;
	img->stride = (width + 7) / 8;
	img->height = 0;
	img->bits = NULL;
	img->cap_rows = 0;
}

void raster_img_release(struct raster_img *img)
{
	free(img->bits);
	raster_img_init(img, img->width);
}

void raster_img_clear(struct raster_img *img)
{
	img->height = 0;
}

int raster_img_add_rows(struct raster_img *img, int rows)
{
	int first = img->height;

	if (rows < 0 || rows > 1 << 20)
		return -1;
	if (img->height + rows > img->cap_rows) {
		int cap = img->cap_rows ? img->cap_rows : 256;
		unsigned char *p;

		while (cap < img->height + rows)
			cap *= 2;
		p = realloc(img->bits, (size_t)cap * (size_t)img->stride);
		if (!p)
			return -1;
		img->bits = p;
		img->cap_rows = cap;
	}
	memset(img->bits + (size_t)first * (size_t)img->stride, 0,
	       (size_t)rows * (size_t)img->stride);
	img->height += rows;
	return first;
}

void raster_img_fill(struct raster_img *img, int x, int y, int w, int h)
{
	int r, c;

	if (x < 0) {
		w += x;
		x = 0;
	}
	if (y < 0) {
		h += y;
		y = 0;
	}
	if (x + w > img->width)
		w = img->width - x;
	if (y + h > img->height)
		h = img->height - y;
	for (r = y; r < y + h; r++) {
		unsigned char *row = img->bits + (size_t)r * (size_t)img->stride;

		for (c = x; c < x + w; c++)
			row[c >> 3] |= (unsigned char)(0x80u >> (c & 7));
	}
}

int raster_img_get(const struct raster_img *img, int x, int y)
{
	if (x < 0 || y < 0 || x >= img->width || y >= img->height)
		return 0;
	return (img->bits[(size_t)y * (size_t)img->stride + (size_t)(x >> 3)] >> (7 - (x & 7))) & 1;
}

/* --- fonts ----------------------------------------------------------- */

static void cache_clear(struct raster_font *f)
{
	int i;

	for (i = 0; i < CACHE_SLOTS; i++) {
		free(f->cache[i].bits);
		f->cache[i].bits = NULL;
		f->cache[i].key = 0;
	}
	f->cached = 0;
}

void raster_font_close(struct raster_font *f)
{
	if (!f)
		return;
	cache_clear(f);
	if (f->fallback_bold)
		FT_Done_Face(f->fallback_bold);
	if (f->fallback)
		FT_Done_Face(f->fallback);
	if (f->bold)
		FT_Done_Face(f->bold);
	if (f->regular)
		FT_Done_Face(f->regular);
	if (f->lib)
		FT_Done_FreeType(f->lib);
	free(f);
}

int raster_font_open(const char *regular, const char *bold, struct raster_font **out,
		     struct pos_error *err)
{
	struct raster_font *f;
	const char *env = getenv("OCOP_POS_FONT");
	int r;

	if (!regular)
		regular = env && *env ? env : RASTER_FONT_REGULAR;
	if (!bold)
		bold = env && *env ? NULL : RASTER_FONT_BOLD;
	f = calloc(1, sizeof(*f));
	if (!f)
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory loading the receipt font");
	if (FT_Init_FreeType(&f->lib)) {
		free(f);
		return pos_fail(err, POS_ERR_NO_MEM, "cannot start FreeType (out of memory?)");
	}
	r = FT_New_Face(f->lib, regular, 0, &f->regular);
	if (r) {
		f->regular = NULL;
		raster_font_close(f);
		return pos_fail(err, POS_ERR_NOT_FOUND,
				"cannot load the receipt font %s: install the package "
				"fonts-dejavu-core (or set OCOP_POS_FONT to a TrueType font)", regular);
	}
	if (bold && FT_New_Face(f->lib, bold, 0, &f->bold))
		f->bold = NULL;         /* emboldened regular instead */
	if (FT_New_Face(f->lib, RASTER_FONT_FALLBACK, 0, &f->fallback))
		f->fallback = NULL;
	if (FT_New_Face(f->lib, RASTER_FONT_FALLBACK_BOLD, 0, &f->fallback_bold))
		f->fallback_bold = NULL;
	*out = f;
	return 0;
}

/* Load and render cp for a variant on the current grid; NULL if missing. */
static int render_glyph(struct raster_font *f, uint32_t cp, unsigned var, struct glyph *g)
{
	FT_Face face = (var & V_BOLD) && f->bold ? f->bold : f->regular;
	int synth_bold = (var & V_BOLD) && !f->bold, centre = 0, cell;
	FT_GlyphSlot slot;
	FT_UInt idx;
	size_t size;
	int row;

	idx = FT_Get_Char_Index(face, cp);
	if (!idx && f->fallback && FT_Get_Char_Index(f->fallback, cp)) {
		face = (var & V_BOLD) && f->fallback_bold ? f->fallback_bold : f->fallback;
		synth_bold = (var & V_BOLD) && !f->fallback_bold;
		idx = FT_Get_Char_Index(face, cp);
		centre = 1;
	}
	if (!idx)
		idx = FT_Get_Char_Index(face, '?');
	if (FT_Set_Pixel_Sizes(face, (FT_UInt)(f->px * ((var & V_DW) ? 2 : 1)),
			       (FT_UInt)(f->px * ((var & V_DH) ? 2 : 1))))
		return -1;
	if (FT_Load_Glyph(face, idx, FT_LOAD_TARGET_MONO))
		return -1;
	slot = face->glyph;
	if (synth_bold)
		FT_GlyphSlot_Embolden(slot);
	if (FT_Render_Glyph(slot, FT_RENDER_MODE_MONO))
		return -1;
	g->w = (int)slot->bitmap.width;
	g->h = (int)slot->bitmap.rows;
	g->pitch = (g->w + 7) / 8;
	g->left = slot->bitmap_left;
	g->top = slot->bitmap_top;
	if (centre) {
		/* A proportional glyph: centre its ink in the cell. */
		cell = f->cell * ((var & V_DW) ? 2 : 1);
		g->left = (cell - g->w) / 2;
	}
	size = (size_t)g->pitch * (size_t)g->h;
	g->bits = malloc(size ? size : 1);
	if (!g->bits)
		return -1;
	for (row = 0; row < g->h; row++) {
		const unsigned char *src = slot->bitmap.buffer +
			(ptrdiff_t)row * slot->bitmap.pitch;

		if (slot->bitmap.pitch < 0)
			src = slot->bitmap.buffer + (ptrdiff_t)(g->h - 1 - row) * -slot->bitmap.pitch;
		memcpy(g->bits + (size_t)row * (size_t)g->pitch, src, (size_t)g->pitch);
	}
	return 0;
}

/* The cached glyph for (cp, var), rendering it on a miss; NULL on failure. */
static const struct glyph *glyph_get(struct raster_font *f, uint32_t cp, unsigned var)
{
	uint32_t key = (cp << 3) | var | (cp == 0 ? 0x80000000u : 0), h;
	struct glyph *g;
	int probes;

	h = (key * 2654435761u) & (CACHE_SLOTS - 1);
	for (probes = 0; probes < CACHE_SLOTS; probes++) {
		g = &f->cache[(h + (uint32_t)probes) & (CACHE_SLOTS - 1)];
		if (g->key == key)
			return g;
		if (g->key == 0)
			break;
	}
	if (f->cached >= CACHE_SLOTS * 3 / 4) {
		cache_clear(f);
		g = &f->cache[h];
	}
	if (render_glyph(f, cp, var, g)) {
		free(g->bits);
		g->bits = NULL;
		return NULL;
	}
	g->key = key;
	f->cached++;
	return g;
}

/* Measure the extent of tall and deep Vietnamese letters at f->px. */
static void measure(struct raster_font *f)
{
	static const uint32_t probe[] = {
		0x1EAA, 0x1ED6, 0x1EE0, 0x1EB4, 0x1EEE, 0x1EF8, 0x1EA4, 0x1EC4, /* Ẫ Ỗ Ỡ Ẵ Ữ Ỹ Ấ Ễ */
		0x0110, 0x00C1, 'g', 'j', 'p', 'q', 'y', 0x1EF5, 0x1EA0, '|',   /* Đ Á ... ỵ Ạ */
	};
	size_t i;
	int asc, desc;

	asc = (int)((f->regular->size->metrics.ascender + 63) >> 6);
	desc = (int)((-f->regular->size->metrics.descender + 63) >> 6);
	for (i = 0; i < sizeof(probe) / sizeof(probe[0]); i++) {
		const struct glyph *g = glyph_get(f, probe[i], 0);

		if (!g)
			continue;
		if (g->top > asc)
			asc = g->top;
		if (g->h - g->top > desc)
			desc = g->h - g->top;
	}
	f->ascent = asc + 1;
	f->descent = desc + 1;
}

int raster_font_grid(struct raster_font *f, int width_dots, int columns,
		     struct pos_error *err)
{
	if (width_dots < 64 || width_dots > 4096 || columns < 8 || width_dots / columns < 6)
		return pos_fail(err, POS_ERR_INVALID, "cannot draw %d columns on %d dots", columns,
				width_dots);
	if (f->width == width_dots && f->columns == columns)
		return 0;
	cache_clear(f);
	f->width = width_dots;
	f->columns = columns;
	f->cell = width_dots / columns;
	/* DejaVu Sans Mono advances 1233/2048 em: size the em to fill a cell. */
	f->px = (f->cell * 2048 + 616) / 1233;
	if (FT_Set_Pixel_Sizes(f->regular, (FT_UInt)f->px, (FT_UInt)f->px)) {
		f->width = 0;
		return pos_fail(err, POS_ERR_DEVICE, "the receipt font cannot be drawn at %d dots",
				f->px);
	}
	measure(f);
	return 0;
}

int raster_columns(const struct raster_font *f)
{
	return f->columns;
}

int raster_line_height(const struct raster_font *f, unsigned style)
{
	int h = f->ascent + f->descent;

	return (style & DOC_DOUBLE_HEIGHT) ? 2 * h : h;
}

/* OR glyph g into img with its origin at (x, baseline y). */
static void blit(struct raster_img *img, const struct glyph *g, int x, int y)
{
	int r, c;

	for (r = 0; r < g->h; r++) {
		int yy = y - g->top + r;
		const unsigned char *src = g->bits + (size_t)r * (size_t)g->pitch;
		unsigned char *dst;

		if (yy < 0 || yy >= img->height)
			continue;
		dst = img->bits + (size_t)yy * (size_t)img->stride;
		for (c = 0; c < g->w; c++) {
			int xx = x + g->left + c;

			if (!(src[c >> 3] & (0x80u >> (c & 7))) || xx < 0 || xx >= img->width)
				continue;
			dst[xx >> 3] |= (unsigned char)(0x80u >> (xx & 7));
		}
	}
}

int raster_line(struct raster_font *f, const char *text, unsigned style,
		enum doc_align align, struct raster_img *img, struct pos_error *err)
{
	unsigned var = ((style & DOC_BOLD) ? V_BOLD : 0) | ((style & DOC_DOUBLE_WIDTH) ? V_DW : 0) |
		       ((style & DOC_DOUBLE_HEIGHT) ? V_DH : 0);
	int scale_y = (style & DOC_DOUBLE_HEIGHT) ? 2 : 1;
	int cw = f->cell * ((style & DOC_DOUBLE_WIDTH) ? 2 : 1);
	size_t n = strlen(text), i = 0;
	int top, baseline, x0, x, prev_x, tw;

	top = raster_img_add_rows(img, raster_line_height(f, style));
	if (top < 0)
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory drawing a receipt line");
	baseline = top + f->ascent * scale_y;
	tw = layout_cells(text, n) * cw;
	if (tw > img->width)
		tw = img->width;
	x0 = align == DOC_RIGHT ? img->width - tw : align == DOC_CENTER ? (img->width - tw) / 2 : 0;
	x = prev_x = x0;
	while (i < n) {
		uint32_t cp;
		const struct glyph *g;
		int at;

		i += vncp_next(text, n, i, &cp);
		at = vncp_is_combining(cp) ? prev_x : x;
		if (!vncp_is_combining(cp)) {
			prev_x = x;
			x += cw;
		}
		if (cp == ' ' || at >= img->width)
			continue;
		g = glyph_get(f, cp, var);
		if (g)
			blit(img, g, at, baseline);
	}
	if (style & DOC_UNDERLINE)
		raster_img_fill(img, x0, baseline + 2 * scale_y, tw, scale_y * 2);
	return 0;
}
