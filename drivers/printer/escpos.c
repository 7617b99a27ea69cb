/*
 * escpos.c - the ESC/POS writer (see escpos.h).
 *
 * The writer keeps the printer's state (alignment, bold, underline,
 * size, code table) and sends a command only when the state changes.
 * Raster output collects in a pending image and is flushed as GS v 0
 * bands before any other command, so text, images and commands come out
 * in document order.
 *
 * Text modes encode each laid-out line completely before sending any of
 * it: a line with a character the code page lacks (a Chinese name, an
 * emoji) is drawn as raster instead, so it prints correctly rather than
 * as "?".  Only lines forced into a mode (the self-test page) print "?"
 * for what they cannot encode, because they exist to show the printer's
 * own rendering.
 */
#include "escpos.h"

#include <qrencode.h>
#include <string.h>

#include "codes.h"
#include "layout.h"
#include "page.h"

#define ESC 0x1B
#define GS 0x1D
#define FS 0x1C

struct writer {
	const struct printer_profile *p;
	struct raster_font *f;
	struct bytebuf *out;
	struct raster_img pending;
	int align, bold, underline, size, table;
};

void escpos_opts_default(const struct printer_profile *p, struct escpos_opts *o)
{
	o->mode = p->mode;
	o->cp1258_table = p->ncp1258 > 0 ? p->cp1258[0] : -1;
}

void escpos_raster(const struct raster_img *img, int band_rows, struct bytebuf *out)
{
	int y, rows;

	if (band_rows < 1)
		band_rows = 24;
	for (y = 0; y < img->height; y += rows) {
		rows = img->height - y < band_rows ? img->height - y : band_rows;
		bytebuf_cmd(out, 8, GS, 'v', '0', 0, img->stride & 0xFF, (img->stride >> 8) & 0xFF,
			    rows & 0xFF, (rows >> 8) & 0xFF);
		bytebuf_put(out, img->bits + (size_t)y * (size_t)img->stride,
			    (size_t)rows * (size_t)img->stride);
	}
}

static void set_align(struct writer *w, int a)
{
	if (w->align != a) {
		bytebuf_cmd(w->out, 3, ESC, 'a', a);
		w->align = a;
	}
}

static void set_style(struct writer *w, unsigned style)
{
	int bold = (style & DOC_BOLD) != 0, ul = (style & DOC_UNDERLINE) != 0;
	int size = ((style & DOC_DOUBLE_WIDTH) ? 0x10 : 0) | ((style & DOC_DOUBLE_HEIGHT) ? 0x01 : 0);

	if (w->bold != bold) {
		bytebuf_cmd(w->out, 3, ESC, 'E', bold);
		w->bold = bold;
	}
	if (w->underline != ul) {
		bytebuf_cmd(w->out, 3, ESC, '-', ul);
		w->underline = ul;
	}
	if (w->size != size) {
		bytebuf_cmd(w->out, 3, GS, '!', size);
		w->size = size;
	}
}

/* Send the pending raster image (left-aligned: ESC a moves images too). */
static void flush(struct writer *w)
{
	if (!w->pending.height)
		return;
	set_align(w, 0);
	escpos_raster(&w->pending, w->p->band_rows, w->out);
	raster_img_clear(&w->pending);
}

/*
 * Encode one line in mode into line (with ESC t switches from *table).
 * Returns 0, or -1 when a character cannot be encoded and !force (then
 * line and *table are unusable).
 */
static int encode_line(const char *s, enum vn_mode mode, const struct vncp_tables *tab,
		       int force, int *table, struct bytebuf *line)
{
	size_t n = strlen(s), i = 0;

	while (i < n) {
		struct vncp_char c;
		uint32_t cp;

		i += vncp_next(s, n, i, &cp);
		if (vncp_encode(mode, tab, cp, &c)) {
			if (!force)
				return -1;
			if (vncp_is_combining(cp))
				continue;
			c.table = -1;
			c.bytes[0] = '?';
			c.len = 1;
		}
		if (c.table >= 0 && c.table != *table) {
			bytebuf_cmd(line, 3, ESC, 't', c.table);
			*table = c.table;
		}
		bytebuf_put(line, c.bytes, (size_t)c.len);
	}
	return 0;
}

static int text_item(struct writer *w, const struct doc_item *it, enum vn_mode mode,
		     const struct vncp_tables *tab, struct pos_error *err)
{
	enum doc_align align = it->kind == DOC_TEXT ? it->align : DOC_LEFT;
	struct bytebuf line;
	struct layout l;
	size_t i;
	int r;

	layout_init(&l);
	r = layout_item(it, w->p->columns, &l, err);
	if (r || mode == VN_MODE_RASTER) {
		for (i = 0; !r && i < l.n; i++)
			r = raster_line(w->f, l.lines[i], it->style, align, &w->pending, err);
		layout_release(&l);
		return r;
	}
	bytebuf_init(&line);
	for (i = 0; i < l.n; i++) {
		int table = w->table;

		bytebuf_reset(&line);
		if (encode_line(l.lines[i], mode, tab, it->force.mode >= 0, &table, &line)) {
			r = raster_line(w->f, l.lines[i], it->style, align, &w->pending, err);
			if (r)
				break;
			flush(w);
			continue;
		}
		flush(w);
		set_align(w, (int)align);
		set_style(w, it->style);
		bytebuf_put(w->out, line.data, line.len);
		bytebuf_byte(w->out, '\n');
		w->table = table;
	}
	if (!r)
		r = bytebuf_check(&line, err);
	bytebuf_release(&line);
	layout_release(&l);
	return r;
}

static int native_barcode(struct writer *w, const struct doc_item *it)
{
	unsigned char mods[CODES_MODULES_MAX];
	int n = codes_barcode_modules(it->barcode, it->text, mods, sizeof(mods));
	int mw = codes_module_width(n, w->p->width_dots), m, len;
	const char *data = it->text;

	if (n < 0 || mw < 2)
		return -1;      /* the printer's smallest module is 2 dots: draw it */
	switch (it->barcode) {
	case DOC_EAN13: m = 67; len = 12; break;
	case DOC_EAN8: m = 68; len = 7; break;
	case DOC_UPCA: m = 65; len = 11; break;
	default: m = 73; len = (int)strlen(data) + 2; break;
	}
	flush(w);
	set_align(w, (int)it->align);
	set_style(w, 0);
	bytebuf_cmd(w->out, 3, GS, 'h', 80);
	bytebuf_cmd(w->out, 3, GS, 'w', mw);
	bytebuf_cmd(w->out, 3, GS, 'H', it->hri ? 2 : 0);
	bytebuf_cmd(w->out, 4, GS, 'k', m, len);
	if (m == 73) {
		bytebuf_cmd(w->out, 2, '{', 'B');
		bytebuf_put(w->out, data, (size_t)len - 2);
	} else {
		/* The body only: every printer computes the check digit itself. */
		bytebuf_put(w->out, data, (size_t)len);
	}
	bytebuf_byte(w->out, '\n');
	return 0;
}

static int native_qr(struct writer *w, const struct doc_item *it)
{
	QRcode *qr = QRcode_encodeString8bit(it->text, 0, QR_ECLEVEL_M);
	size_t len = strlen(it->text) + 3;
	int m;

	if (!qr)
		return -1;
	m = codes_qr_module(qr->width, it->module, w->p->width_dots);
	QRcode_free(qr);
	if (m < 1 || m > 16 || len > 0xFFFF)
		return -1;
	flush(w);
	set_align(w, (int)it->align);
	bytebuf_cmd(w->out, 9, GS, '(', 'k', 4, 0, '1', 'A', '2', 0);           /* model 2 */
	bytebuf_cmd(w->out, 8, GS, '(', 'k', 3, 0, '1', 'C', m);                /* module */
	bytebuf_cmd(w->out, 8, GS, '(', 'k', 3, 0, '1', 'E', '1');              /* level M */
	bytebuf_cmd(w->out, 8, GS, '(', 'k', (int)(len & 0xFF), (int)(len >> 8), '1', 'P', '0');
	bytebuf_put(w->out, it->text, len - 3);
	bytebuf_cmd(w->out, 8, GS, '(', 'k', 3, 0, '1', 'Q', '0');              /* print */
	bytebuf_byte(w->out, '\n');
	return 0;
}

static void feed_dots(struct writer *w, int dots)
{
	while (dots > 0) {
		int n = dots > 255 ? 255 : dots;

		bytebuf_cmd(w->out, 3, ESC, 'J', n);
		dots -= n;
	}
}

static void cut(struct writer *w, const struct doc_item *it)
{
	flush(w);
	if (w->p->cut == PROFILE_CUT_NONE) {
		/* No cutter: feed the last line past the tear bar. */
		if (w->p->cut_feed > 0)
			bytebuf_cmd(w->out, 3, ESC, 'd', w->p->cut_feed);
		return;
	}
	/* GS V 65/66 n: feed to the cutter (+n) and cut. */
	if (w->p->cut == PROFILE_CUT_FULL && !it->partial)
		bytebuf_cmd(w->out, 4, GS, 'V', 65, 0);
	else
		bytebuf_cmd(w->out, 4, GS, 'V', 66, 0);
}

static void drawer_kick(const struct printer_profile *p, int pin, struct bytebuf *out)
{
	bytebuf_cmd(out, 5, ESC, 'p', pin == 5 ? 1 : 0, p->drawer_on_ms / 2, p->drawer_off_ms / 2);
}

static void init(struct writer *w)
{
	bytebuf_cmd(w->out, 2, ESC, '@');
	if (w->p->needs_fs_dot)
		bytebuf_cmd(w->out, 2, FS, '.');
	w->align = w->bold = w->underline = w->size = 0;
	w->table = -1;
}

static int item(struct writer *w, const struct doc_item *it, const struct escpos_opts *o,
		struct pos_error *err)
{
	enum vn_mode mode = it->force.mode >= 0 ? (enum vn_mode)it->force.mode : o->mode;
	struct vncp_tables tab;

	profile_tables(w->p, it->force.table >= 0 ? it->force.table : o->cp1258_table, &tab);
	switch (it->kind) {
	case DOC_TEXT:
	case DOC_ROW:
	case DOC_SEPARATOR:
		return text_item(w, it, mode, &tab, err);
	case DOC_BARCODE:
		if (w->p->native_barcode && native_barcode(w, it) == 0)
			return 0;
		return page_item(w->f, it, &w->pending, err);
	case DOC_QR:
		if (w->p->native_qr && native_qr(w, it) == 0)
			return 0;
		return page_item(w->f, it, &w->pending, err);
	case DOC_IMAGE:
		return page_item(w->f, it, &w->pending, err);
	case DOC_FEED:
		flush(w);
		if (mode == VN_MODE_RASTER)
			feed_dots(w, page_feed_rows(w->f, it->lines));
		else
			bytebuf_cmd(w->out, 3, ESC, 'd', it->lines);
		return 0;
	case DOC_CUT:
		cut(w, it);
		return 0;
	case DOC_DRAWER:
		flush(w);
		drawer_kick(w->p, it->pin, w->out);
		return 0;
	case DOC_RAW:
		flush(w);
		bytebuf_put(w->out, it->bits, it->nbytes);
		w->table = -1;          /* raw bytes may have changed anything */
		w->align = w->bold = w->underline = w->size = -1;
		return 0;
	}
	return 0;
}

int escpos_render(const struct doc *d, const struct printer_profile *p,
		  const struct escpos_opts *o, struct raster_font *font, struct bytebuf *out,
		  struct pos_error *err)
{
	struct writer w;
	struct raster_font *own = NULL;
	size_t i;
	int r;

	if (!font) {
		r = raster_font_open(NULL, NULL, &own, err);
		if (r)
			return r;
		font = own;
	}
	r = raster_font_grid(font, p->width_dots, p->columns, err);
	if (r)
		goto out;
	memset(&w, 0, sizeof(w));
	w.p = p;
	w.f = font;
	w.out = out;
	raster_img_init(&w.pending, p->width_dots);
	init(&w);
	for (i = 0; i < d->n && !r; i++)
		r = item(&w, &d->items[i], o, err);
	if (!r)
		flush(&w);
	raster_img_release(&w.pending);
	if (!r)
		r = bytebuf_check(out, err);
out:
	raster_font_close(own);
	return r;
}

void escpos_drawer(const struct printer_profile *p, int pin, struct bytebuf *out)
{
	bytebuf_cmd(out, 2, ESC, '@');
	drawer_kick(p, pin, out);
}
