/*
 * test_escpos.c - the ESC/POS writer, the document model, layout and the
 * Vietnamese code pages.
 *
 * Golden byte files (tests/data/escpos/NAME.bin) hold a small receipt in
 * every mode on 58 and 80 mm paper; set OCOP_UPDATE_GOLDEN=1 to rewrite
 * them after an intended change (then review the decoder's dump).  Every
 * output is also parsed back by the ESC/POS decoder (escpos_decode.h):
 * each command must be well-formed, no control byte may leak from encoded
 * text, and in the text modes the printed text decoded through the
 * printer's tables must read as the original Vietnamese.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/bytebuf.h"
#include "lib/utf8.h"
#include "lib/doc.h"
#include "drivers/printer/escpos.h"
#include "drivers/printer/layout.h"
#include "drivers/printer/profile.h"
#include "drivers/printer/vn_codepage.h"

#include "escpos_decode.h"

static const char *p58_json =
	"{\"format\":\"ocop-pos/printer-profile\",\"version\":1,\"name\":\"t58\","
	"\"width_dots\":384,\"columns\":32,"
	"\"vietnamese\":{\"mode\":\"raster\",\"tcvn3\":[30,31],\"cp1258\":[27]},"
	"\"cut\":{\"type\":\"none\",\"feed_lines\":4},\"needs_fs_dot\":true,"
	"\"drawer\":{\"pins\":[2],\"on_ms\":50,\"off_ms\":500}}";
static const char *p80_json =
	"{\"format\":\"ocop-pos/printer-profile\",\"version\":1,\"name\":\"t80\","
	"\"width_dots\":576,\"columns\":48,\"native_qr\":true,\"native_barcode\":true,"
	"\"vietnamese\":{\"mode\":\"raster\",\"tcvn3\":[30,31],\"cp1258\":[52]},"
	"\"cut\":{\"type\":\"partial\"},\"raster_band_rows\":64,"
	"\"drawer\":{\"pins\":[2,5],\"on_ms\":100,\"off_ms\":200}}";

static void load(const char *json, struct printer_profile *p)
{
	struct pos_error err;

	if (profile_parse(json, strlen(json), "test", p, &err))
		fail_msg("profile: %s", err.msg);
}

/* The small receipt of the golden files. */
static void receipt(struct doc *d)
{
	struct pos_error err;
	const char *t3[3] = { "Trà shan tuyết cổ thụ Hà Giang hộp 100g", "2", "240.000" };
	int w3[3] = { DOC_COL_FILL, 3, 9 };
	enum doc_align a3[3] = { DOC_LEFT, DOC_RIGHT, DOC_RIGHT };

	assert_int_equal(doc_text(d, DOC_BOLD | DOC_DOUBLE, DOC_CENTER, "CỬA HÀNG OCOP", &err), 0);
	assert_int_equal(doc_text(d, 0, DOC_CENTER, "Đặc sản Đắk Lắk", &err), 0);
	assert_int_equal(doc_separator(d, '-', &err), 0);
	assert_int_equal(doc_row2(d, 0, "Mật ong hoa cà phê Đắk Lắk 500ml", "185.000 ₫", &err), 0);
	assert_int_equal(doc_row(d, 0, 3, t3, w3, a3, &err), 0);
	assert_int_equal(doc_text(d, DOC_UNDERLINE, DOC_RIGHT, "TỔNG CỘNG: 425.000 ₫", &err), 0);
	assert_int_equal(doc_text(d, 0, DOC_LEFT, "Quà tặng 漢字", &err), 0);
	assert_int_equal(doc_barcode(d, DOC_EAN13, "893123450001", 1, DOC_CENTER, &err), 0);
	assert_int_equal(doc_qr(d, "https://ocop.example/p/1", 0, DOC_CENTER, &err), 0);
	assert_int_equal(doc_feed(d, 2, &err), 0);
	assert_int_equal(doc_cut(d, 1, &err), 0);
	assert_int_equal(doc_drawer(d, 2, &err), 0);
}

/* --- helpers ----------------------------------------------------------- */

static void render(const char *json, enum vn_mode mode, struct bytebuf *b,
		   struct printer_profile *p)
{
	struct escpos_opts o;
	struct pos_error err;
	struct doc d;

	load(json, p);
	doc_init(&d);
	receipt(&d);
	escpos_opts_default(p, &o);
	o.mode = mode;
	bytebuf_init(b);
	if (escpos_render(&d, p, &o, NULL, b, &err))
		fail_msg("render: %s", err.msg);
	doc_release(&d);
}

static int contains(const char *hay, const char *needle)
{
	return strstr(hay, needle) != NULL;
}

/* --- tests ------------------------------------------------------------- */

static void check_text_mode(const char *json, enum vn_mode mode, const char *name)
{
	struct printer_profile p;
	struct vncp_tables tab;
	struct decoded o;
	struct bytebuf b;

	render(json, mode, &b, &p);
	escpos_golden("escpos", name, b.data, b.len);
	profile_tables(&p, -1, &tab);
	escpos_decode(b.data, b.len, &tab, &o);
	if (!o.ok)
		fail_msg("%s: %s", name, o.why);
	/* Starts with ESC @ (and FS . where the profile asks). */
	assert_int_equal(b.data[0], 0x1B);
	assert_int_equal(b.data[1], '@');
	assert_int_equal(o.n_init, 1);
	assert_int_equal(o.n_fsdot, p.needs_fs_dot ? 1 : 0);
	/* The line with Chinese fell back to raster, the rest is text. */
	assert_true(o.n_raster >= 1);
	assert_false(contains(o.text, "Quà"));
	assert_true(o.n_drawer == 1);
	if (mode == VN_MODE_ASCII) {
		assert_true(contains(o.text, "CUA HANG OCOP"));
		assert_true(contains(o.text, "Dac san Dak Lak"));
		assert_true(contains(o.text, "185.000 d"));
	} else if (mode == VN_MODE_TCVN3) {
		assert_true(contains(o.text, "CỬA HÀNG OCOP"));
		assert_true(contains(o.text, "Đặc sản Đắk Lắk"));
		assert_true(contains(o.text, "Mật ong hoa cà phê"));
		assert_true(contains(o.text, "185.000 đ"));     /* ₫ written đ */
		assert_true(contains(o.text, "TỔNG CỘNG: 425.000 đ"));
	} else {
		/* CP1258 prints base letters + combining tones: compare composed. */
		char nfc[8192];
		size_t i = 0, k = 0, n = strlen(o.text);

		while (i < n) {
			uint32_t cp;

			i += vncp_next(o.text, n, i, &cp);
			k += utf8_encode(cp, nfc + k);
		}
		nfc[k] = '\0';
		assert_true(contains(nfc, "CỬA HÀNG OCOP"));
		assert_true(contains(nfc, "Đặc sản Đắk Lắk"));
		assert_true(contains(nfc, "185.000 ₫"));
	}
	bytebuf_release(&b);
}

static void test_tcvn3_58(void **s) { (void)s; check_text_mode(p58_json, VN_MODE_TCVN3, "tcvn3-58"); }
static void test_tcvn3_80(void **s) { (void)s; check_text_mode(p80_json, VN_MODE_TCVN3, "tcvn3-80"); }
static void test_cp1258_58(void **s) { (void)s; check_text_mode(p58_json, VN_MODE_CP1258, "cp1258-58"); }
static void test_cp1258_80(void **s) { (void)s; check_text_mode(p80_json, VN_MODE_CP1258, "cp1258-80"); }
static void test_ascii_58(void **s) { (void)s; check_text_mode(p58_json, VN_MODE_ASCII, "ascii-58"); }
static void test_ascii_80(void **s) { (void)s; check_text_mode(p80_json, VN_MODE_ASCII, "ascii-80"); }

static void check_raster(const char *json, const char *name, int stride, int band)
{
	struct printer_profile p;
	struct vncp_tables tab;
	struct decoded o;
	struct bytebuf b;

	render(json, VN_MODE_RASTER, &b, &p);
	escpos_golden("escpos", name, b.data, b.len);
	profile_tables(&p, -1, &tab);
	escpos_decode(b.data, b.len, &tab, &o);
	if (!o.ok)
		fail_msg("%s: %s", name, o.why);
	/* No text at all: only line feeds after native codes. */
	assert_null(strpbrk(o.text, "ACEGIKMOQSUWYacegikmoqsuwy"));
	assert_int_equal(o.raster_stride, stride);
	assert_true(o.raster_rows > 200);
	/* The first band's header: GS v 0, m 0, width in bytes, band rows. */
	{
		const unsigned char *h = memchr(b.data, 0x1D, b.len);

		while (h && h[1] != 'v')
			h = memchr(h + 1, 0x1D, b.len - (size_t)(h + 1 - b.data));
		assert_non_null(h);
		assert_int_equal(h[2], '0');
		assert_int_equal(h[3], 0);
		assert_int_equal(h[4] | h[5] << 8, stride);
		assert_int_equal(h[6] | h[7] << 8, band);
	}
	bytebuf_release(&b);
}

static void test_raster_58(void **s)
{
	(void)s;
	check_raster(p58_json, "raster-58", 48, 24);
}

static void test_raster_80(void **s)
{
	(void)s;
	check_raster(p80_json, "raster-80", 72, 64);
}

/* Exact command bytes for style, alignment, size, cut and drawer. */
static void test_commands(void **s)
{
	struct printer_profile p;
	struct escpos_opts o;
	struct pos_error err;
	struct bytebuf b;
	struct doc d;
	static const unsigned char want[] = {
		0x1B, '@',
		0x1B, 'a', 1, 0x1B, 'E', 1, 0x1D, '!', 0x11, 'O', 'K', '\n',
		0x1B, 'a', 0, 0x1B, 'E', 0, 0x1B, '-', 1, 0x1D, '!', 0x00, 'x', '\n',
		0x1B, '-', 0, 0x1D, '!', 0x10, '-', '-', '-', '-', '-', '-', '-', '-', '-', '-',
		'-', '-', '-', '-', '-', '-', '-', '-', '-', '-', '-', '-', '-', '-', '\n',
		0x1B, 'd', 3,
		0x1D, 'V', 66, 0,
		0x1B, 'p', 1, 50, 100,
	};

	(void)s;
	load(p80_json, &p);
	doc_init(&d);
	assert_int_equal(doc_text(&d, DOC_BOLD | DOC_DOUBLE, DOC_CENTER, "OK", &err), 0);
	assert_int_equal(doc_text(&d, DOC_UNDERLINE, DOC_LEFT, "x", &err), 0);
	assert_int_equal(doc_separator(&d, '-', &err), 0);
	assert_int_equal(d.n, 3);
	d.items[2].style = DOC_DOUBLE_WIDTH;    /* a double-width rule: 24 cells */
	assert_int_equal(doc_feed(&d, 3, &err), 0);
	assert_int_equal(doc_cut(&d, 1, &err), 0);
	assert_int_equal(doc_drawer(&d, 5, &err), 0);
	escpos_opts_default(&p, &o);
	o.mode = VN_MODE_ASCII;
	bytebuf_init(&b);
	assert_int_equal(escpos_render(&d, &p, &o, NULL, &b, &err), 0);
	assert_int_equal(b.len, sizeof(want));
	assert_memory_equal(b.data, want, sizeof(want));
	bytebuf_reset(&b);
	escpos_drawer(&p, 2, &b);
	assert_int_equal(b.len, 7);
	assert_memory_equal(b.data, "\x1b@\x1bp\x00\x32\x64", 7);
	bytebuf_release(&b);
	doc_release(&d);
}

/* TCVN-3 of a sentence, byte by byte against the table. */
static void test_tcvn3_bytes(void **s)
{
	struct printer_profile p;
	struct escpos_opts o;
	struct pos_error err;
	struct bytebuf b;
	struct doc d;
	static const unsigned char want[] = {
		0x1B, '@', 0x1C, '.',
		'M', 0x1B, 't', 30, 0xCB, 't', ' ', 'o', 'n', 'g', ' ',
		0x1B, 't', 31, 0xA7, 0x1B, 't', 30, 0xBE, 'k', ' ', 'L', 0xBE, 'k', ' ',
		0x1B, 't', 31, 0xA7, 0xA2, 'U', ' ', 0x1B, 't', 30, 0xAE, 0xA9, 'u', '\n',
	};

	(void)s;
	load(p58_json, &p);
	doc_init(&d);
	/* NFD input: "Đắk" with ă + U+0301 composes like NFC. */
	assert_int_equal(doc_text(&d, 0, DOC_LEFT,
				  "Mật ong Đa\xcc\x86\xcc\x81k Lắk ĐÂU đâu", &err), 0);
	escpos_opts_default(&p, &o);
	o.mode = VN_MODE_TCVN3;
	bytebuf_init(&b);
	assert_int_equal(escpos_render(&d, &p, &o, NULL, &b, &err), 0);
	assert_int_equal(b.len, sizeof(want));
	assert_memory_equal(b.data, want, sizeof(want));
	bytebuf_release(&b);
	doc_release(&d);
}

/* Đ is U+0110 at 0xA7 of the capitals table; U+00D0 (Ð) is not Vietnamese. */
static void test_tcvn3_d_fix(void **s)
{
	struct vncp_tables tab = { 30, 31, -1 };
	struct vncp_char c;
	int b, upper;

	(void)s;
	assert_int_equal(vncp_tcvn3_at(1, 0xA7), 0x0110);
	assert_int_equal(vncp_tcvn3_at(0, 0xAE), 0x0111);
	for (upper = 0; upper < 2; upper++)
		for (b = 0x80; b <= 0xFF; b++)
			assert_int_not_equal(vncp_tcvn3_at(upper, (unsigned char)b), 0x00D0);
	assert_int_equal(vncp_encode(VN_MODE_TCVN3, &tab, 0x0110, &c), 0);
	assert_int_equal(c.table, 31);
	assert_int_equal(c.len, 1);
	assert_int_equal(c.bytes[0], 0xA7);
	assert_int_equal(vncp_encode(VN_MODE_TCVN3, &tab, 0x00D0, &c), -1);
}

/* All 134 Vietnamese letters encode in every text mode; TCVN-3 bytes are
 * unique and never control codes (the glibc TCVN5712-1 pitfall). */
static void test_all_letters(void **s)
{
	struct vncp_tables tab = { 30, 31, 52 };
	int seen[2][256] = { { 0 } }, count = 0;
	uint32_t cp;

	(void)s;
	for (cp = 0xC0; cp <= 0x1EF9; cp++) {
		struct vncp_char c;

		if (!vncp_fold_letter(cp))
			continue;
		count++;
		assert_int_equal(vncp_encode(VN_MODE_TCVN3, &tab, cp, &c), 0);
		assert_int_equal(c.len, 1);
		assert_true(c.bytes[0] >= 0xA0);
		assert_true(c.table == 30 || c.table == 31);
		assert_int_equal(vncp_tcvn3_at(c.table == 31, c.bytes[0]), cp);
		assert_int_equal(seen[c.table == 31][c.bytes[0]]++, 0);
		assert_int_equal(vncp_encode(VN_MODE_CP1258, &tab, cp, &c), 0);
		assert_true(c.len == 1 || c.len == 2);
		assert_int_equal(vncp_encode(VN_MODE_ASCII, &tab, cp, &c), 0);
		assert_true(c.bytes[0] >= 'A' && c.bytes[0] <= 'z');
	}
	assert_int_equal(count, 134);          /* the precomposed letters beyond ASCII */
}

static void test_cp1258_bytes(void **s)
{
	struct vncp_tables tab = { -1, -1, 52 };
	struct vncp_char c;

	(void)s;
	/* ạ = a + dot below (0xF2); à is precomposed (0xE0); ố = ô + acute. */
	assert_int_equal(vncp_encode(VN_MODE_CP1258, &tab, 0x1EA1, &c), 0);
	assert_int_equal(c.len, 2);
	assert_int_equal(c.bytes[0], 'a');
	assert_int_equal(c.bytes[1], 0xF2);
	assert_int_equal(vncp_encode(VN_MODE_CP1258, &tab, 0x00E0, &c), 0);
	assert_int_equal(c.len, 1);
	assert_int_equal(c.bytes[0], 0xE0);
	assert_int_equal(vncp_encode(VN_MODE_CP1258, &tab, 0x1ED1, &c), 0);
	assert_int_equal(c.bytes[0], 0xF4);
	assert_int_equal(c.bytes[1], 0xEC);
	assert_int_equal(vncp_encode(VN_MODE_CP1258, &tab, 0x20AB, &c), 0);
	assert_int_equal(c.bytes[0], 0xFE);
	assert_int_equal(c.table, 52);
	/* No table configured: nothing beyond ASCII. */
	tab.cp1258 = -1;
	assert_int_equal(vncp_encode(VN_MODE_CP1258, &tab, 0x00E0, &c), -1);
	assert_int_equal(vncp_encode(VN_MODE_CP1258, &tab, 'a', &c), 0);
	/* Control characters never encode. */
	assert_int_equal(vncp_encode(VN_MODE_ASCII, &tab, 0x1B, &c), -1);
	assert_int_equal(vncp_encode(VN_MODE_TCVN3, &tab, '\n', &c), -1);
}

static void test_utf8(void **s)
{
	uint32_t cp;

	(void)s;
	assert_int_equal(utf8_next("\xe1\xba\xad", 3, 0, &cp), 3);
	assert_int_equal(cp, 0x1EAD);
	assert_int_equal(utf8_next("\xe1\xba", 2, 0, &cp), 1);       /* truncated */
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(utf8_next("\xc0\xaf", 2, 0, &cp), 1);       /* overlong */
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(utf8_next("\xed\xa0\x80", 3, 0, &cp), 1);   /* surrogate */
	assert_int_equal(utf8_next("", 0, 0, &cp), 0);
	/* Composition: u + horn + hook above -> ử; a second tone stays apart. */
	assert_int_equal(vncp_next("u\xcc\x9b\xcc\x89", 5, 0, &cp), 5);
	assert_int_equal(cp, 0x1EED);
	assert_int_equal(vncp_next("\xc3\xa1\xcc\x80", 4, 0, &cp), 2);
	assert_int_equal(cp, 0x00E1);
	assert_int_equal(vncp_fold_letter(0x0110), 'D');
	assert_int_equal(vncp_fold_letter('a'), 0);
}

static void test_layout(void **s)
{
	struct pos_error err;
	struct layout l;
	struct doc d;
	const char *t3[3] = { "Mật ong hoa cà phê Đắk Lắk loại đặc biệt", "12", "2.220.000" };
	int w3[3] = { DOC_COL_FILL, 3, DOC_COL_AUTO };
	enum doc_align a3[3] = { DOC_LEFT, DOC_RIGHT, DOC_RIGHT };
	size_t i;

	(void)s;
	doc_init(&d);
	layout_init(&l);
	assert_int_equal(doc_row(&d, 0, 3, t3, w3, a3, &err), 0);
	assert_int_equal(layout_item(&d.items[0], 32, &l, &err), 0);
	/* Name column: 32 - 3 - 9 - 2 gaps = 18 cells; wraps at spaces. */
	assert_int_equal(l.n, 3);
	assert_string_equal(l.lines[0], "Mật ong hoa cà phê  12 2.220.000");
	assert_string_equal(l.lines[1], "Đắk Lắk loại đặc                ");
	assert_string_equal(l.lines[2], "biệt                            ");
	for (i = 0; i < l.n; i++)
		assert_int_equal(layout_cells(l.lines[i], strlen(l.lines[i])), 32);
	layout_release(&l);
	/* A word longer than the line is split; spaces at breaks dropped. */
	assert_int_equal(doc_text(&d, DOC_DOUBLE_WIDTH, DOC_LEFT,
				  "Xin   chào ABCDEFGHIJKLMNOPQRSTUVWXYZ", &err), 0);
	assert_int_equal(layout_item(&d.items[1], 32, &l, &err), 0);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.lines[0], "Xin   chào");
	assert_string_equal(l.lines[1], "ABCDEFGHIJKLMNOP");
	assert_string_equal(l.lines[2], "QRSTUVWXYZ");
	layout_release(&l);
	doc_release(&d);
}

static void test_doc_errors(void **s)
{
	struct pos_error err;
	struct doc d;
	const char *t[2] = { "a", "b" };
	int w[2] = { 0, -5 };
	enum doc_align a[2] = { DOC_LEFT, DOC_LEFT };

	(void)s;
	doc_init(&d);
	assert_int_equal(doc_barcode(&d, DOC_EAN13, "8931234500017", 1, DOC_CENTER, &err),
			 POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "check digit"));
	assert_int_equal(doc_barcode(&d, DOC_EAN13, "89312345", 1, DOC_CENTER, &err),
			 POS_ERR_INVALID);
	assert_int_equal(doc_barcode(&d, DOC_CODE128, "", 1, DOC_CENTER, &err), POS_ERR_INVALID);
	assert_int_equal(doc_barcode(&d, DOC_CODE128, "t\xe1\xba\xadp", 1, DOC_CENTER, &err),
			 POS_ERR_INVALID);
	assert_int_equal(doc_row(&d, 0, 2, t, w, a, &err), POS_ERR_INVALID);
	assert_int_equal(doc_row(&d, 0, 4, t, w, a, &err), POS_ERR_INVALID);
	assert_int_equal(doc_separator(&d, 'x', &err), POS_ERR_INVALID);
	assert_int_equal(doc_feed(&d, 0, &err), POS_ERR_INVALID);
	assert_int_equal(doc_drawer(&d, 3, &err), POS_ERR_INVALID);
	assert_int_equal(doc_qr(&d, "", 0, DOC_CENTER, &err), POS_ERR_INVALID);
	assert_int_equal(doc_force_last(&d, 1, -1, &err), POS_ERR_INVALID);
	assert_int_equal(d.n, 0);
	/* The check digit is added: 893123450001 -> 8931234500016 (FACTS). */
	assert_int_equal(doc_barcode(&d, DOC_EAN13, "893123450001", 1, DOC_CENTER, &err), 0);
	assert_string_equal(d.items[0].text, "8931234500016");
	/* Control characters never reach the document. */
	assert_int_equal(doc_text(&d, 0, DOC_LEFT, "a\x1b@b\tc\r", &err), 0);
	assert_string_equal(d.items[1].text, "a@b c");
	doc_release(&d);
}

static void test_profile_parse(void **s)
{
	struct printer_profile p;
	struct pos_error err;
	static const char *bad[] = {
		"{\"name\":\"x\",\"width_dots\":385,\"columns\":32}",
		"{\"name\":\"x\",\"width_dots\":384}",
		"{\"name\":\"X Y\",\"width_dots\":384,\"columns\":32}",
		"{\"name\":\"x\",\"width_dots\":384,\"columns\":32,\"vietnamese\":{\"mode\":\"tcvn3\"}}",
		"{\"name\":\"x\",\"width_dots\":384,\"columns\":32,\"vietnamese\":{\"tcvn3\":[30]}}",
		"{\"name\":\"x\",\"width_dots\":384,\"columns\":32,\"usb_ids\":[\"zz:1\"]}",
		"{\"name\":\"x\",\"width_dots\":384,\"columns\":32,\"drawer\":{\"pins\":[3]}}",
		"{\"name\":\"x\",\"width_dots\":384,\"columns\":32,\"raster_band_rows\":1e300}",
		"{\"name\":\"x\",\"width_dots\":384,\"columns\":32,\"version\":2}",
		"{\"name\":\"x\",\"width_dots\":384,\"columns\":32,\"cut\":{\"type\":\"half\"}}",
		"[1,2]", "{\"name\":", "",
	};
	size_t i;

	(void)s;
	load(p80_json, &p);
	assert_string_equal(p.name, "t80");
	assert_int_equal(p.width_dots, 576);
	assert_int_equal(p.tcvn3_lower, 30);
	assert_int_equal(p.ncp1258, 1);
	assert_int_equal(p.cut, PROFILE_CUT_PARTIAL);
	assert_int_equal(p.drawer_pins, (1u << 2) | (1u << 5));
	assert_int_equal(p.band_rows, 64);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&p, 0x5A, sizeof(p));
		assert_int_equal(profile_parse(bad[i], strlen(bad[i]), "bad", &p, &err),
				 POS_ERR_INVALID);
		assert_int_equal(p.width_dots, 0x5A5A5A5A);     /* untouched */
		assert_non_null(strstr(err.msg, "bad"));
	}
	load("{\"name\":\"x\",\"width_dots\":384,\"columns\":32,"
	     "\"usb_ids\":[\"0416:5011\",\"04b8:*\"]}", &p);
	assert_int_equal(profile_match_usb(&p, 0x0416, 0x5011), 2);
	assert_int_equal(profile_match_usb(&p, 0x04b8, 0x1234), 1);
	assert_int_equal(profile_match_usb(&p, 0x0416, 0x5012), 0);
	assert_int_equal(p.mode, VN_MODE_RASTER);       /* the safe default */
	assert_int_equal(p.cut, PROFILE_CUT_NONE);
}

/* bytebuf as a string builder, and str_trim (both in src/lib). */
static void test_bytebuf_text(void **state)
{
	struct bytebuf b;
	const char *s;
	size_t n;

	(void)state;
	bytebuf_init(&b);
	assert_string_equal(bytebuf_cstr(&b), "");
	bytebuf_str(&b, "Mật ong");
	bytebuf_byte(&b, ' ');
	bytebuf_put(&b, "185.000 ₫ extra", 11);
	assert_string_equal(bytebuf_cstr(&b), "Mật ong 185.000 ₫");
	assert_int_equal(b.len, strlen("Mật ong 185.000 ₫"));
	bytebuf_cmd(&b, 2, 0x1b, 0x40);
	assert_int_equal(b.data[b.len], 0);    /* a NUL after the last byte, not counted */
	assert_int_equal(b.len, strlen("Mật ong 185.000 ₫") + 2);
	bytebuf_reset(&b);
	assert_string_equal(bytebuf_cstr(&b), "");
	assert_int_equal(bytebuf_check(&b, NULL), 0);
	bytebuf_release(&b);

	s = str_trim(" \t\r\n Gạo ST25 \v\f", &n);
	assert_int_equal(n, strlen("Gạo ST25"));
	assert_memory_equal(s, "Gạo ST25", n);
	s = str_trim(" \t ", &n);
	assert_int_equal(n, 0);
	assert_true(str_is_space('\v') && !str_is_space('x'));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commands),
		cmocka_unit_test(test_bytebuf_text),
		cmocka_unit_test(test_tcvn3_bytes),
		cmocka_unit_test(test_tcvn3_d_fix),
		cmocka_unit_test(test_all_letters),
		cmocka_unit_test(test_cp1258_bytes),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_doc_errors),
		cmocka_unit_test(test_profile_parse),
		cmocka_unit_test(test_tcvn3_58),
		cmocka_unit_test(test_tcvn3_80),
		cmocka_unit_test(test_cp1258_58),
		cmocka_unit_test(test_cp1258_80),
		cmocka_unit_test(test_ascii_58),
		cmocka_unit_test(test_ascii_80),
		cmocka_unit_test(test_raster_58),
		cmocka_unit_test(test_raster_80),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
