/*
 * codes.c - barcode and QR symbols and images into raster images (see
 * codes.h).
 *
 * EAN/UPC: start guard 101, left digits in L or G patterns (for EAN-13
 * the parity pattern encodes the first digit), centre guard 01010, right
 * digits in R patterns, end guard 101; UPC-A is EAN-13 with a leading 0.
 * Code 128 uses code set C for an even run of digits (denser) and code
 * set B otherwise, with the mod-103 check symbol.  QR codes come from
 * libqrencode at error-correction level M.
 */
#include "codes.h"

#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

#include "lib/utf8.h"
#include "layout.h"

#define BAR_HEIGHT 80           /* dots: 10 mm at 203 dpi */

/* L-code bits (7 modules, MSB first); R = ~L, G = reverse of R. */
static const unsigned char ean_l[10] = {
	0x0D, 0x19, 0x13, 0x3D, 0x23, 0x31, 0x2F, 0x3B, 0x37, 0x0B,
};
/* EAN-13 parity of digits 2-7 by first digit: bit set = G. */
static const unsigned char ean_parity[10] = {
	0x00, 0x0B, 0x0D, 0x0E, 0x13, 0x19, 0x1C, 0x15, 0x16, 0x1A,
};

/* Code 128 symbols 0-106 as bar/space widths (stop has seven). */
static const char *const c128[107] = {
	"212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312",
	"132212", "221213", "221312", "231212", "112232", "122132", "122231", "113222",
	"123122", "123221", "223211", "221132", "221231", "213212", "223112", "312131",
	"311222", "321122", "321221", "312212", "322112", "322211", "212123", "212321",
	"232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
	"231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121",
	"313121", "211331", "231131", "213113", "213311", "213131", "311123", "311321",
	"331121", "312113", "312311", "332111", "314111", "221411", "431111", "111224",
	"111422", "121124", "121421", "141122", "141221", "112214", "112412", "122114",
	"122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
	"111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112",
	"421211", "212141", "214121", "412121", "111143", "111341", "131141", "114113",
	"114311", "411113", "411311", "113141", "114131", "311141", "411131", "211412",
	"211214", "211232", "2331112",
};
#define C128_CODE_B 100
#define C128_CODE_C 99
#define C128_START_B 104
#define C128_START_C 105
#define C128_STOP 106

struct mods {
	unsigned char *m;
	size_t n, cap;
	int overflow;
};

static void put_bits(struct mods *o, unsigned bits, int count)
{
	int i;

	for (i = count - 1; i >= 0; i--) {
		if (o->n >= o->cap) {
			o->overflow = 1;
			return;
		}
		o->m[o->n++] = (unsigned char)((bits >> i) & 1);
	}
}

/* Digit d in L, G or R form. */
static unsigned ean_digit(int d, char form)
{
	unsigned l = ean_l[d], r = ~l & 0x7F, g = 0;
	int i;

	if (form == 'L')
		return l;
	if (form == 'R')
		return r;
	for (i = 0; i < 7; i++)
		if (r & (1u << i))
			g |= 1u << (6 - i);
	return g;
}

static int ean(const char *digits, int len, struct mods *o)
{
	int first = 0, left, i, start = 0;

	if (len == 13) {
		first = digits[0] - '0';
		start = 1;
	}
	left = len == 13 ? 6 : 4;
	put_bits(o, 0x5, 3);
	for (i = 0; i < left; i++) {
		int d = digits[start + i] - '0';
		char form = len == 13 && (ean_parity[first] >> (5 - i) & 1) ? 'G' : 'L';

		put_bits(o, ean_digit(d, form), 7);
	}
	put_bits(o, 0x0A, 5);
	for (i = 0; i < left; i++)
		put_bits(o, ean_digit(digits[start + left + i] - '0', 'R'), 7);
	put_bits(o, 0x5, 3);
	return 0;
}

static void c128_symbol(struct mods *o, int v)
{
	const char *w = c128[v];
	int bar = 1, k;

	for (; *w; w++, bar = !bar)
		for (k = 0; k < *w - '0'; k++)
			put_bits(o, (unsigned)bar, 1);
}

static int code128(const char *s, struct mods *o)
{
	size_t n = strlen(s), i = 0;
	int vals[140], nv = 0, set, sum, k;

	if (n < 1 || n > 64)
		return -1;
	for (i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] > 0x7E)
			return -1;
	/* Start in C for 4+ leading digits, else B; switch for digit runs. */
	i = 0;
	set = (n >= 4 && str_all_digits(s, 4)) || (n == 2 && str_all_digits(s, 2)) ? 'C' : 'B';
	vals[nv++] = set == 'C' ? C128_START_C : C128_START_B;
	while (i < n) {
		size_t run = 0;

		while (i + run < n && s[i + run] >= '0' && s[i + run] <= '9')
			run++;
		if (set == 'B' && (run >= 6 || (run >= 4 && i + run == n))) {
			vals[nv++] = C128_CODE_C;
			set = 'C';
		}
		if (set == 'C') {
			if (run >= 2) {
				vals[nv++] = (s[i] - '0') * 10 + (s[i + 1] - '0');
				i += 2;
				continue;
			}
			vals[nv++] = C128_CODE_B;
			set = 'B';
		}
		vals[nv++] = s[i] - 32;
		i++;
	}
	sum = vals[0];
	for (k = 1; k < nv; k++)
		sum += k * vals[k];
	vals[nv++] = sum % 103;
	vals[nv++] = C128_STOP;
	for (k = 0; k < nv; k++)
		c128_symbol(o, vals[k]);
	return 0;
}

int codes_barcode_modules(enum doc_barcode_type type, const char *code, unsigned char *mods,
			  size_t cap)
{
	struct mods o = { mods, 0, cap, 0 };
	char buf[16];
	size_t n = code ? strlen(code) : 0;
	int r = -1;

	switch (type) {
	case DOC_EAN13:
		if (n == 13 && str_all_digits(code, n))
			r = ean(code, 13, &o);
		break;
	case DOC_EAN8:
		if (n == 8 && str_all_digits(code, n))
			r = ean(code, 8, &o);
		break;
	case DOC_UPCA:
		if (n == 12 && str_all_digits(code, n)) {
			buf[0] = '0';
			memcpy(buf + 1, code, 12);
			buf[13] = '\0';
			r = ean(buf, 13, &o);
		}
		break;
	case DOC_CODE128:
		r = code128(code, &o);
		break;
	}
	if (r || o.overflow)
		return -1;
	return (int)o.n;
}

int codes_module_width(int n, int width)
{
	int w;

	if (n <= 0)
		return 0;
	/* Leave a quiet zone of 10 modules on each side. */
	w = width / (n + 20);
	if (w > 3)
		w = 3;
	if (w < 1 && n <= width)
		w = 1;
	return w;
}

static int x_for(enum doc_align align, int w, int width)
{
	if (w >= width)
		return 0;
	return align == DOC_RIGHT ? width - w : align == DOC_CENTER ? (width - w) / 2 : 0;
}

int codes_draw_barcode(struct raster_font *f, const struct doc_item *it, struct raster_img *img,
		       struct pos_error *err)
{
	unsigned char mods[CODES_MODULES_MAX];
	int n = codes_barcode_modules(it->barcode, it->text, mods, sizeof(mods));
	int mw, x0, top, i;

	if (n < 0)
		return pos_fail(err, POS_ERR_INVALID, "barcode \"%s\" cannot be encoded", it->text);
	mw = codes_module_width(n, img->width);
	if (!mw)
		return pos_fail(err, POS_ERR_INVALID,
				"barcode \"%s\" is too long for this paper width", it->text);
	x0 = x_for(it->align, n * mw, img->width);
	top = raster_img_add_rows(img, BAR_HEIGHT + 8);
	if (top < 0)
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory drawing a barcode");
	for (i = 0; i < n; i++)
		if (mods[i])
			raster_img_fill(img, x0 + i * mw, top + 4, mw, BAR_HEIGHT);
	if (it->hri && f)
		return raster_line(f, it->text, 0, it->align, img, err);
	return 0;
}

int codes_qr_module(int qr_width, int module, int width)
{
	int m;

	if (qr_width <= 0)
		return 0;
	m = module > 0 ? module : width * 6 / 10 / qr_width;
	if (module <= 0) {
		if (m > 8)
			m = 8;
		if (m < 2)
			m = 2;
	}
	while (m > 1 && m * qr_width > width)
		m--;
	return m * qr_width <= width ? m : 0;
}

int codes_draw_qr(const struct doc_item *it, struct raster_img *img, struct pos_error *err)
{
	QRcode *qr = QRcode_encodeString8bit(it->text, 0, QR_ECLEVEL_M);
	int m, size, x0, top, r, c;

	if (!qr)
		return pos_fail(err, POS_ERR_INVALID,
				"cannot make a QR code of %zu bytes (too long?)", strlen(it->text));
	m = codes_qr_module(qr->width, it->module, img->width);
	if (!m) {
		QRcode_free(qr);
		return pos_fail(err, POS_ERR_INVALID, "the QR code is too large for this paper");
	}
	size = qr->width * m;
	x0 = x_for(it->align, size, img->width);
	top = raster_img_add_rows(img, size + 2 * 2 * m);
	if (top < 0) {
		QRcode_free(qr);
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory drawing a QR code");
	}
	top += 2 * m;           /* a quiet zone above and below */
	for (r = 0; r < qr->width; r++)
		for (c = 0; c < qr->width; c++)
			if (qr->data[r * qr->width + c] & 1)
				raster_img_fill(img, x0 + c * m, top + r * m, m, m);
	QRcode_free(qr);
	return 0;
}

int codes_draw_image(const struct doc_item *it, struct raster_img *img, struct pos_error *err)
{
	int stride = (it->width + 7) / 8, w = it->width < img->width ? it->width : img->width;
	int x0 = x_for(it->align, w, img->width), top, r, c;

	top = raster_img_add_rows(img, it->height);
	if (top < 0)
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory drawing an image");
	for (r = 0; r < it->height; r++)
		for (c = 0; c < w; c++)
			if (it->bits[(size_t)r * (size_t)stride + (size_t)(c >> 3)] & (0x80u >> (c & 7)))
				raster_img_fill(img, x0 + c, top + r, 1, 1);
	return 0;
}
