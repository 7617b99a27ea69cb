/*
 * doc.c - building a document (see doc.h).
 *
 * Each adder validates first, copies its text through clean_text() (NFC
 * composition, control characters dropped, tabs to spaces, invalid UTF-8
 * to U+FFFD) and only then appends, so a failed call leaves the document
 * as it was.  Barcode digits get their check digit here, once, so every
 * renderer draws the same code.
 */
#include "lib/doc.h"

#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/devspec.h"
#include "lib/utf8.h"

#define DOC_TEXT_MAX 4096

void doc_init(struct doc *d)
{
	d->items = NULL;
	d->n = d->cap = 0;
}

static void item_release(struct doc_item *it)
{
	int i;

	free(it->text);
	for (i = 0; i < DOC_COLS_MAX; i++)
		free(it->cols[i].text);
	free(it->bits);
}

void doc_release(struct doc *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		item_release(&d->items[i]);
	free(d->items);
	doc_init(d);
}

static int no_mem(struct pos_error *err)
{
	return pos_fail(err, POS_ERR_NO_MEM, "out of memory building a printed document");
}

/*
 * Copy s (UTF-8; the printer composes combining marks as it renders)
 * without control characters (keep_nl keeps
 * '\n'), tabs as spaces.  Returns a malloc'd string or NULL.
 */
static char *clean_text(const char *s, int keep_nl)
{
	size_t n = s ? strlen(s) : 0, i = 0, o = 0;
	char *out;

	if (n > DOC_TEXT_MAX)
		n = DOC_TEXT_MAX;
	/* Composition never lengthens; U+FFFD (3 bytes) replaces 1 bad byte. */
	out = malloc(n * 3 + 1);
	if (!out)
		return NULL;
	while (i < n) {
		uint32_t cp;
		size_t used = utf8_next(s, n, i, &cp);

		i += used;
		if (cp == '\t')
			cp = ' ';
		if ((cp < 0x20 && !(keep_nl && cp == '\n')) || cp == 0x7F ||
		    (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 || cp == 0x2029)
			continue;
		o += utf8_encode(cp, out + o);
	}
	out[o] = '\0';
	return out;
}

/* Make room for one more item; returns it zeroed, or NULL. */
static struct doc_item *slot(struct doc *d)
{
	struct doc_item *it;

	if (POS_GROW(d->items, d->cap, d->n + 1))
		return NULL;
	it = &d->items[d->n];
	memset(it, 0, sizeof(*it));
	it->force.mode = -1;
	it->force.table = -1;
	return it;
}

int doc_text(struct doc *d, unsigned style, enum doc_align align, const char *text,
	     struct pos_error *err)
{
	struct doc_item *it = slot(d);

	if (!it)
		return no_mem(err);
	it->kind = DOC_TEXT;
	it->style = style & (DOC_BOLD | DOC_UNDERLINE | DOC_DOUBLE);
	it->align = align;
	it->text = clean_text(text, 1);
	if (!it->text)
		return no_mem(err);
	d->n++;
	return 0;
}

int doc_row(struct doc *d, unsigned style, int ncols, const char *const texts[],
	    const int widths[], const enum doc_align aligns[], struct pos_error *err)
{
	struct doc_item *it;
	int i;

	if (ncols < 2 || ncols > DOC_COLS_MAX)
		return pos_fail(err, POS_ERR_INVALID, "a row has 2 or 3 columns, not %d", ncols);
	for (i = 0; i < ncols; i++)
		if (widths[i] < DOC_COL_FILL || widths[i] > 200)
			return pos_fail(err, POS_ERR_INVALID, "column %d: width %d is not valid",
					i + 1, widths[i]);
	it = slot(d);
	if (!it)
		return no_mem(err);
	it->kind = DOC_ROW;
	it->style = style & (DOC_BOLD | DOC_UNDERLINE | DOC_DOUBLE);
	it->ncols = ncols;
	for (i = 0; i < ncols; i++) {
		it->cols[i].text = clean_text(texts[i], 0);
		it->cols[i].width = widths[i];
		it->cols[i].align = aligns[i];
		if (!it->cols[i].text) {
			item_release(it);
			return no_mem(err);
		}
	}
	d->n++;
	return 0;
}

int doc_row2(struct doc *d, unsigned style, const char *left, const char *right,
	     struct pos_error *err)
{
	const char *texts[2] = { left, right };
	static const int widths[2] = { DOC_COL_FILL, DOC_COL_AUTO };
	static const enum doc_align aligns[2] = { DOC_LEFT, DOC_RIGHT };

	return doc_row(d, style, 2, texts, widths, aligns, err);
}

int doc_separator(struct doc *d, char fill, struct pos_error *err)
{
	struct doc_item *it;

	if (!fill || !strchr("-=.*_ ", fill))
		return pos_fail(err, POS_ERR_INVALID,
				"a separator is one of - = . * _ or space, not '%c'", fill);
	it = slot(d);
	if (!it)
		return no_mem(err);
	it->kind = DOC_SEPARATOR;
	it->fill = fill;
	d->n++;
	return 0;
}

/* GS1 check digit of the n digits at s (weights 3,1,3,... from the right). */
static char gs1_check(const char *s, size_t n)
{
	int sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += (s[n - 1 - i] - '0') * (i % 2 == 0 ? 3 : 1);
	return (char)('0' + (10 - sum % 10) % 10);
}

static const char *bc_name(enum doc_barcode_type t)
{
	switch (t) {
	case DOC_EAN13: return "EAN-13";
	case DOC_EAN8: return "EAN-8";
	case DOC_UPCA: return "UPC-A";
	case DOC_CODE128: return "Code 128";
	}
	return "barcode";
}

/* Validate data for type; on success *out is a malloc'd full code. */
static int barcode_data(enum doc_barcode_type type, const char *data, char **out,
			struct pos_error *err)
{
	size_t n = data ? strlen(data) : 0, body, i;
	char *s;

	switch (type) {
	case DOC_EAN13: body = 12; break;
	case DOC_EAN8: body = 7; break;
	case DOC_UPCA: body = 11; break;
	case DOC_CODE128:
		if (n < 1 || n > 64)
			return pos_fail(err, POS_ERR_INVALID,
					"Code 128 barcode data must be 1-64 characters");
		for (i = 0; i < n; i++)
			if (data[i] < 0x20 || data[i] > 0x7E)
				return pos_fail(err, POS_ERR_INVALID,
						"Code 128 barcode data must be printable ASCII");
		s = strdup(data);
		if (!s)
			return no_mem(err);
		*out = s;
		return 0;
	default:
		return pos_fail(err, POS_ERR_INVALID, "unknown barcode type");
	}
	if ((n != body && n != body + 1) || !str_all_digits(data, n))
		return pos_fail(err, POS_ERR_INVALID, "%s barcode needs %zu or %zu digits, not \"%s\"",
				bc_name(type), body, body + 1, data ? data : "");
	if (n == body + 1 && data[body] != gs1_check(data, body))
		return pos_fail(err, POS_ERR_INVALID,
				"%s barcode \"%s\" has a wrong check digit (expected %c)",
				bc_name(type), data, gs1_check(data, body));
	s = malloc(body + 2);
	if (!s)
		return no_mem(err);
	memcpy(s, data, body);
	s[body] = gs1_check(data, body);
	s[body + 1] = '\0';
	*out = s;
	return 0;
}

int doc_barcode(struct doc *d, enum doc_barcode_type type, const char *data, int hri,
		enum doc_align align, struct pos_error *err)
{
	struct doc_item *it;
	char *code = NULL;
	int r = barcode_data(type, data, &code, err);

	if (r)
		return r;
	it = slot(d);
	if (!it) {
		free(code);
		return no_mem(err);
	}
	it->kind = DOC_BARCODE;
	it->barcode = type;
	it->text = code;
	it->hri = hri ? 1 : 0;
	it->align = align;
	d->n++;
	return 0;
}

int doc_qr(struct doc *d, const char *data, int module, enum doc_align align,
	   struct pos_error *err)
{
	struct doc_item *it;
	size_t n = data ? strlen(data) : 0;

	if (n < 1 || n > 700)
		return pos_fail(err, POS_ERR_INVALID, "QR code data must be 1-700 bytes, not %zu", n);
	if (module < 0 || module > 16)
		return pos_fail(err, POS_ERR_INVALID, "QR module size must be 1-16 dots");
	it = slot(d);
	if (!it)
		return no_mem(err);
	it->text = strdup(data);
	if (!it->text)
		return no_mem(err);
	it->kind = DOC_QR;
	it->module = module;
	it->align = align;
	d->n++;
	return 0;
}

int doc_image(struct doc *d, int width, int height, const unsigned char *bits,
	      enum doc_align align, struct pos_error *err)
{
	struct doc_item *it;
	size_t size;

	if (width < 1 || width > 2048 || height < 1 || height > 4096 || !bits)
		return pos_fail(err, POS_ERR_INVALID,
				"an image must be 1-2048 dots wide and 1-4096 high");
	size = (size_t)(width + 7) / 8 * (size_t)height;
	it = slot(d);
	if (!it)
		return no_mem(err);
	it->bits = malloc(size);
	if (!it->bits)
		return no_mem(err);
	memcpy(it->bits, bits, size);
	it->kind = DOC_IMAGE;
	it->width = width;
	it->height = height;
	it->align = align;
	d->n++;
	return 0;
}

int doc_feed(struct doc *d, int lines, struct pos_error *err)
{
	struct doc_item *it;

	if (lines < 1 || lines > 20)
		return pos_fail(err, POS_ERR_INVALID, "feed 1-20 lines, not %d", lines);
	it = slot(d);
	if (!it)
		return no_mem(err);
	it->kind = DOC_FEED;
	it->lines = lines;
	d->n++;
	return 0;
}

int doc_cut(struct doc *d, int partial, struct pos_error *err)
{
	struct doc_item *it = slot(d);

	if (!it)
		return no_mem(err);
	it->kind = DOC_CUT;
	it->partial = partial ? 1 : 0;
	d->n++;
	return 0;
}

int doc_drawer(struct doc *d, int pin, struct pos_error *err)
{
	struct doc_item *it;

	if (pin != 2 && pin != 5)
		return pos_fail(err, POS_ERR_INVALID, "the drawer is on pin 2 or 5, not %d", pin);
	it = slot(d);
	if (!it)
		return no_mem(err);
	it->kind = DOC_DRAWER;
	it->pin = pin;
	d->n++;
	return 0;
}

int doc_raw(struct doc *d, const void *bytes, size_t n, struct pos_error *err)
{
	struct doc_item *it;

	if (n < 1 || n > 4096 || !bytes)
		return pos_fail(err, POS_ERR_INVALID, "raw printer data must be 1-4096 bytes");
	it = slot(d);
	if (!it)
		return no_mem(err);
	it->bits = malloc(n);
	if (!it->bits)
		return no_mem(err);
	memcpy(it->bits, bytes, n);
	it->nbytes = n;
	it->kind = DOC_RAW;
	d->n++;
	return 0;
}

int doc_force_last(struct doc *d, int mode, int table, struct pos_error *err)
{
	if (!d->n)
		return pos_fail(err, POS_ERR_INVALID, "no item to set a mode on");
	if (mode < -1 || mode >= VN_MODE_COUNT || table < -1 || table > 255)
		return pos_fail(err, POS_ERR_INVALID, "bad mode %d / table %d", mode, table);
	d->items[d->n - 1].force.mode = mode;
	d->items[d->n - 1].force.table = table;
	return 0;
}
