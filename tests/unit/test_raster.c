/*
 * test_raster.c - Vietnamese text drawn with FreeType, the page renderer,
 * the PNG preview, and the promise that the preview is what the raster
 * mode prints: the GS v 0 bands of a document, stacked, equal the
 * preview's bitmap bit for bit.  Also times a typical 30-line receipt
 * rendered to raster bytes at 576 dots (printed; budget 5 ms warm).
 *
 * OCOP_KEEP_PNG=DIR keeps the preview PNGs there for a person to look at.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "drivers/printer/codes.h"
#include "drivers/printer/escpos.h"
#include "drivers/printer/page.h"
#include "drivers/printer/preview.h"
#include "drivers/printer/raster.h"

static struct raster_font *font;

static int setup(void **s)
{
	struct pos_error err;

	(void)s;
	if (raster_font_open(NULL, NULL, &font, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **s)
{
	(void)s;
	raster_font_close(font);
	return 0;
}

static void load(int width, int columns, struct printer_profile *p)
{
	struct pos_error err;
	char json[256];

	snprintf(json, sizeof(json), "{\"name\":\"t\",\"width_dots\":%d,\"columns\":%d,"
		 "\"raster_band_rows\":24}", width, columns);
	if (profile_parse(json, strlen(json), "test", p, &err))
		fail_msg("%s", err.msg);
}

static int black_in(const struct raster_img *img, int x0, int x1, int y0, int y1)
{
	int x, y, n = 0;

	for (y = y0; y < y1; y++)
		for (x = x0; x < x1; x++)
			n += raster_img_get(img, x, y);
	return n;
}

static void test_line(void **s)
{
	struct raster_img img;
	struct pos_error err;
	int h;

	(void)s;
	assert_int_equal(raster_font_grid(font, 576, 48, &err), 0);
	raster_img_init(&img, 576);
	assert_int_equal(raster_line(font, "Đắk Lắk", 0, DOC_LEFT, &img, &err), 0);
	h = raster_line_height(font, 0);
	assert_int_equal(img.height, h);
	assert_int_equal(img.stride, 72);
	assert_true(h >= 24 && h <= 40);
	/* Ink in the first 7 cells only (12 dots each), none to the right. */
	assert_true(black_in(&img, 0, 84, 0, h) > 100);
	assert_int_equal(black_in(&img, 86, 576, 0, h), 0);
	/* Each letter cell has ink (the 'Đ' and the 'ắ' with its marks). */
	assert_true(black_in(&img, 0, 12, 0, h) > 20);
	assert_true(black_in(&img, 12, 24, 0, h) > 20);
	/* Marks above ắ sit higher than the top of plain 'k'. */
	{
		int y, top_a = h, top_k = h;

		for (y = h - 1; y >= 0; y--) {
			if (black_in(&img, 12, 24, y, y + 1))
				top_a = y;
			if (black_in(&img, 24, 36, y, y + 1))
				top_k = y;
		}
		assert_true(top_a < top_k);
		assert_true(top_a > 0);         /* not clipped at the top */
	}
	/* Right alignment and double width. */
	raster_img_clear(&img);
	assert_int_equal(raster_line(font, "OK", DOC_DOUBLE, DOC_RIGHT, &img, &err), 0);
	assert_int_equal(img.height, 2 * h);
	assert_int_equal(black_in(&img, 0, 576 - 48, 0, 2 * h), 0);
	assert_true(black_in(&img, 576 - 48, 576, 0, 2 * h) > 200);
	raster_img_release(&img);
}

static void test_wrap(void **s)
{
	struct raster_img img;
	struct pos_error err;
	struct doc d;
	int h;

	(void)s;
	assert_int_equal(raster_font_grid(font, 384, 32, &err), 0);
	h = raster_line_height(font, 0);
	doc_init(&d);
	raster_img_init(&img, 384);
	assert_int_equal(doc_text(&d, 0, DOC_LEFT, "Cà phê Buôn Ma Thuột", &err), 0);
	assert_int_equal(page_item(font, &d.items[0], &img, &err), 0);
	assert_int_equal(img.height, h);
	assert_int_equal(doc_text(&d, 0, DOC_LEFT, "Nước mắm Phú Quốc, chè Thái Nguyên, mật ong "
				  "Đắk Lắk, gạo ST25 Sóc Trăng", &err), 0);
	raster_img_clear(&img);
	assert_int_equal(page_item(font, &d.items[1], &img, &err), 0);
	assert_int_equal(img.height, 3 * h);            /* 71 cells on 32 a line */
	assert_true(black_in(&img, 0, 384, 2 * h, 3 * h) > 50);
	raster_img_release(&img);
	doc_release(&d);
}

/* A receipt like the ones the till prints. */
static void receipt(struct doc *d, int lines)
{
	struct pos_error err;
	char name[128], amount[32];
	int i;

	assert_int_equal(doc_text(d, DOC_BOLD | DOC_DOUBLE, DOC_CENTER, "HTX MẬT ONG ĐẮK LẮK", &err), 0);
	assert_int_equal(doc_text(d, 0, DOC_CENTER, "Điểm bán sản phẩm OCOP - Buôn Ma Thuột", &err), 0);
	assert_int_equal(doc_separator(d, '=', &err), 0);
	for (i = 0; i < lines - 8; i++) {
		snprintf(name, sizeof(name), "%d. Mật ong hoa cà phê %d00ml ★★★★", i + 1, i % 9 + 1);
		snprintf(amount, sizeof(amount), "%d.000 ₫", 120 + 15 * i);
		assert_int_equal(doc_row2(d, 0, name, amount, &err), 0);
	}
	assert_int_equal(doc_separator(d, '-', &err), 0);
	assert_int_equal(doc_row2(d, DOC_BOLD, "TỔNG CỘNG", "4.185.000 ₫", &err), 0);
	assert_int_equal(doc_row2(d, 0, "Thuế GTGT 8%", "310.000 ₫", &err), 0);
	assert_int_equal(doc_text(d, 0, DOC_CENTER, "Cảm ơn quý khách! Hẹn gặp lại.", &err), 0);
}

static int png_ok(const char *path, int *w, int *h)
{
	unsigned char b[24];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return 0;
	n = fread(b, 1, sizeof(b), f);
	fclose(f);
	if (n < 24 || memcmp(b, "\x89PNG\r\n\x1a\n", 8) || memcmp(b + 12, "IHDR", 4))
		return 0;
	*w = b[16] << 24 | b[17] << 16 | b[18] << 8 | b[19];
	*h = b[20] << 24 | b[21] << 16 | b[22] << 8 | b[23];
	return 1;
}

static void test_png(void **s)
{
	struct printer_profile p;
	struct pos_error err;
	struct doc d;
	const char *keep = getenv("OCOP_KEEP_PNG");
	char path[512];
	int w, h;

	(void)s;
	if (keep)
		snprintf(path, sizeof(path), "%s/receipt-80.png", keep);
	else
		snprintf(path, sizeof(path), "/tmp/ocop-raster-%d.png", (int)getpid());
	load(576, 48, &p);
	doc_init(&d);
	receipt(&d, 14);
	assert_int_equal(doc_qr(&d, "00020101021238570010A00000072701270006970415011300110019324180208"
				"QRIBFTTA530370454061200005802VN62170813ung ho lu lut6304C15C", 0,
				DOC_CENTER, &err), 0);
	assert_int_equal(doc_cut(&d, 1, &err), 0);
	assert_int_equal(preview_png(&d, &p, font, path, &err), 0);
	assert_true(png_ok(path, &w, &h));
	assert_int_equal(w, 576 + 2 * PREVIEW_MARGIN);   /* the printed width on its paper */
	assert_true(h > 14 * 24);
	if (!keep)
		unlink(path);
	assert_int_equal(preview_png(&d, &p, font, "/nonexistent/dir/x.png", &err), POS_ERR_IO);
	assert_non_null(strstr(err.msg, "/nonexistent/dir/x.png"));
	doc_release(&d);
}

/* The GS v 0 bands, stacked, are the preview bitmap. */
static void test_raster_is_preview(void **s)
{
	struct printer_profile p;
	struct escpos_opts o;
	struct raster_img img;
	struct pos_error err;
	struct bytebuf b;
	struct doc d;
	size_t i, off = 0;
	int rows = 0;

	(void)s;
	load(384, 32, &p);
	doc_init(&d);
	receipt(&d, 12);
	assert_int_equal(doc_barcode(&d, DOC_EAN13, "893123450001", 1, DOC_CENTER, &err), 0);
	bytebuf_init(&b);
	escpos_opts_default(&p, &o);
	assert_int_equal(escpos_render(&d, &p, &o, font, &b, &err), 0);
	raster_img_init(&img, 384);
	assert_int_equal(preview_render(&d, &p, font, &img, &err), 0);
	assert_true(img.height > 0);
	assert_memory_equal(b.data, "\x1b@", 2);
	i = 2;
	while (i < b.len) {
		int x, y;

		assert_int_equal(b.data[i], 0x1D);
		assert_int_equal(b.data[i + 1], 'v');
		x = b.data[i + 4] | b.data[i + 5] << 8;
		y = b.data[i + 6] | b.data[i + 7] << 8;
		assert_int_equal(x, 48);
		assert_true(y >= 1 && y <= 24);
		assert_memory_equal(b.data + i + 8, img.bits + off, (size_t)x * (size_t)y);
		off += (size_t)x * (size_t)y;
		rows += y;
		i += 8 + (size_t)x * (size_t)y;
	}
	assert_int_equal(rows, img.height);
	raster_img_release(&img);
	bytebuf_release(&b);
	doc_release(&d);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void test_bench(void **s)
{
	struct printer_profile p;
	struct escpos_opts o;
	struct pos_error err;
	struct bytebuf b;
	struct doc d;
	double t0, cold, best = 1e9;
	int i;

	(void)s;
	load(576, 48, &p);
	escpos_opts_default(&p, &o);
	doc_init(&d);
	receipt(&d, 30);
	bytebuf_init(&b);
	raster_font_grid(font, 100, 10, &err);  /* force a fresh glyph cache */
	t0 = now_ms();
	assert_int_equal(escpos_render(&d, &p, &o, font, &b, &err), 0);
	cold = now_ms() - t0;
	for (i = 0; i < 20; i++) {
		double t;

		bytebuf_reset(&b);
		t0 = now_ms();
		assert_int_equal(escpos_render(&d, &p, &o, font, &b, &err), 0);
		t = now_ms() - t0;
		if (t < best)
			best = t;
	}
	print_message("30-line receipt to raster at 576 dots: %.2f ms (first, cold glyph "
		      "cache %.2f ms), %zu bytes\n", best, cold, b.len);
	assert_true(b.len > 30 * 72 * 24);
	assert_true(best < 50.0);       /* generous: sanitizers and slow CI */
	bytebuf_release(&b);
	doc_release(&d);
}

static void test_codes(void **s)
{
	unsigned char m[CODES_MODULES_MAX];

	(void)s;
	/* EAN-13: 95 modules, guards 101 / 01010 / 101. */
	assert_int_equal(codes_barcode_modules(DOC_EAN13, "8931234500016", m, sizeof(m)), 95);
	assert_memory_equal(m, "\1\0\1", 3);
	assert_memory_equal(m + 45, "\0\1\0\1\0", 5);
	assert_memory_equal(m + 92, "\1\0\1", 3);
	/* First digit 8 = LGLGGL: digit 2 '9' in L = 0001011. */
	assert_memory_equal(m + 3, "\0\0\0\1\0\1\1", 7);
	assert_int_equal(codes_barcode_modules(DOC_EAN8, "96385074", m, sizeof(m)), 67);
	assert_int_equal(codes_barcode_modules(DOC_UPCA, "036000291452", m, sizeof(m)), 95);
	/* Code 128 B "A": start B, 'A' (33), check (104+33)%103=34, stop: 3 x 11 + 13. */
	assert_int_equal(codes_barcode_modules(DOC_CODE128, "A", m, sizeof(m)), 46);
	assert_memory_equal(m, "\1\1\0\1\0\0\1\0\0\0\0", 11);  /* start B 211214 */
	assert_int_equal(codes_barcode_modules(DOC_EAN13, "123", m, sizeof(m)), -1);
	assert_int_equal(codes_barcode_modules(DOC_CODE128, "A", m, 10), -1);
	assert_int_equal(codes_module_width(95, 384), 3);
	assert_int_equal(codes_module_width(95, 100), 1);       /* fits, no quiet zone */
	assert_int_equal(codes_module_width(95, 90), 0);
	assert_int_equal(codes_qr_module(29, 0, 576), 8);
	assert_int_equal(codes_qr_module(29, 0, 384), 7);
	assert_int_equal(codes_qr_module(29, 20, 384), 13);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_png),
		cmocka_unit_test(test_raster_is_preview),
		cmocka_unit_test(test_bench),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
