/*
 * test_receipt.c - the receipt template language, the data records, the
 * built-in templates and the document builders.
 *
 * Parser: every error names the source, the line and the reason.  Fill:
 * fields, filters, conditions, loops, styles, columns, codes, images,
 * limits.  Built-in templates: each one filled with its sample data on 58
 * and 80 mm paper and rendered in raster, tcvn3 and ascii modes must equal
 * its golden byte file (tests/data/receipts/TEMPLATE-WIDTH-MODE.bin; set
 * OCOP_UPDATE_GOLDEN=1 to rewrite them after an intended change, then
 * look at the previews), and decode as well-formed ESC/POS whose text
 * reads as the Vietnamese it should.  Builders: a real sale, refund,
 * void, shift X/Z report, goods-received note and label from a database.
 */
#include <png.h>
#include <sqlite3.h>

#include "testutil.h"
#include "fixture.h"
#include "escpos_decode.h"
#include "core/admin.h"
#include "core/catalog.h"
#include "core/money.h"
#include "core/producer.h"
#include "core/report.h"
#include "core/receipt.h"
#include "core/receipt_data.h"
#include "core/sale.h"
#include "core/shift.h"
#include "core/showroom.h"
#include "core/stock.h"
#include "core/user.h"
#include "lib/bytebuf.h"
#include "drivers/printer/escpos.h"
#include "drivers/printer/layout.h"
#include "drivers/printer/profile.h"

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

static const char *const templates[] = {
	"sale", "refund", "shift_x", "shift_z", "grn", "consignment", "label", "transfer",
};
#define NTEMPLATES (sizeof(templates) / sizeof(templates[0]))

/* ---- helpers ------------------------------------------------------------ */

static struct receipt_tpl *parse_ok(const char *text)
{
	struct receipt_tpl *t = NULL;
	struct pos_error err;

	if (receipt_parse(text, strlen(text), "t.tpl", &t, &err))
		fail_msg("parse: %s", err.msg);
	return t;
}

static void parse_fails(const char *text, const char *want)
{
	struct receipt_tpl *t = NULL;
	struct pos_error err;
	int r = receipt_parse(text, strlen(text), "t.tpl", &t, &err);

	if (r == 0) {
		receipt_tpl_free(t);
		fail_msg("\"%s\" parsed; expected \"%s\"", text, want);
	}
	assert_int_equal(r, POS_ERR_INVALID);
	assert_null(t);
	if (!strstr(err.msg, want))
		fail_msg("error \"%s\" lacks \"%s\"", err.msg, want);
}

/* Fill text with rec on cols columns; all lines of the document, '\n' after each. */
static int fill_text(const char *text, const struct receipt_rec *rec, int cols, char *out,
		     size_t n, struct pos_error *err)
{
	struct receipt_tpl *t = parse_ok(text);
	struct receipt_opts o;
	struct doc d;
	size_t i, k, len = 0;
	int r;

	receipt_opts_init(&o, cols);
	r = receipt_fill(t, rec, &o, &d, err);
	receipt_tpl_free(t);
	out[0] = '\0';
	if (r)
		return r;
	for (i = 0; i < d.n; i++) {
		struct layout l;

		layout_init(&l);
		assert_int_equal(layout_item(&d.items[i], cols, &l, err), 0);
		for (k = 0; k < l.n; k++)
			len += (size_t)snprintf(out + len, n - len, "%s\n", l.lines[k]);
		if (d.items[i].kind == DOC_BARCODE || d.items[i].kind == DOC_QR)
			len += (size_t)snprintf(out + len, n - len, "<%s %s>\n",
						d.items[i].kind == DOC_QR ? "qr" : "bc",
						d.items[i].text);
		layout_release(&l);
	}
	doc_release(&d);
	return 0;
}

static void fill_eq(const char *text, const struct receipt_rec *rec, const char *want)
{
	struct pos_error err;
	char out[8192];

	if (fill_text(text, rec, 32, out, sizeof(out), &err))
		fail_msg("fill \"%s\": %s", text, err.msg);
	if (strcmp(out, want))
		fail_msg("fill \"%s\"\n got: \"%s\"\nwant: \"%s\"", text, out, want);
}

static void fill_fails(const char *text, const struct receipt_rec *rec, const char *want)
{
	struct pos_error err;
	char out[8192];
	int r = fill_text(text, rec, 32, out, sizeof(out), &err);

	if (!r)
		fail_msg("\"%s\" filled; expected \"%s\"", text, want);
	if (!strstr(err.msg, want))
		fail_msg("error \"%s\" lacks \"%s\"", err.msg, want);
}

static struct receipt_rec *small_rec(void)
{
	struct receipt_rec *r = receipt_rec_new(), *c;
	struct pos_error err;

	assert_non_null(r);
	receipt_rec_set(r, "name", "Mật ong Đắk Lắk");
	receipt_rec_set_int(r, "total", 1250000);
	receipt_rec_set_int(r, "qty", 1500);
	receipt_rec_set_int(r, "stars", 4);
	receipt_rec_set_int(r, "rate", 8);
	receipt_rec_set_int(r, "kct", VAT_KCT);
	receipt_rec_set_int(r, "bp", 1250);
	receipt_rec_set(r, "at", "2026-11-22T17:30:00Z");
	receipt_rec_set(r, "day", "2026-02-03");
	receipt_rec_set(r, "empty", "");
	receipt_rec_set(r, "zero", "0");
	receipt_rec_set(r, "kind", "sale");
	receipt_rec_setf(r, "code", "%s", "8931234500016");
	c = receipt_rec_add(r, "lines");
	receipt_rec_set(c, "name", "Trà shan tuyết");
	receipt_rec_set_int(c, "amount", 90000);
	receipt_rec_section(c, "subs");
	c = receipt_rec_add(r, "lines");
	receipt_rec_set(c, "name", "Nước mắm");
	receipt_rec_set_int(c, "amount", 285000);
	receipt_rec_add(c, "subs");
	receipt_rec_section(r, "none");
	assert_int_equal(receipt_rec_check(r, &err), 0);
	return r;
}

/* ---- records ------------------------------------------------------------- */

static void test_records(void **s)
{
	struct receipt_rec *r = receipt_rec_new(), *c;
	struct pos_error err;

	(void)s;
	assert_non_null(r);
	receipt_rec_set(r, "a", "1");
	receipt_rec_set(r, "a", "2");           /* replaces */
	receipt_rec_set(r, "b", NULL);
	assert_string_equal(receipt_rec_get(r, "a"), "2");
	assert_string_equal(receipt_rec_get(r, "b"), "");
	assert_null(receipt_rec_get(r, "c"));
	assert_int_equal(receipt_rec_count(r, "x"), 0);
	c = receipt_rec_add(r, "x");
	receipt_rec_set(c, "k", "v");
	assert_int_equal(receipt_rec_count(r, "x"), 1);
	assert_string_equal(receipt_rec_get(receipt_rec_at(r, "x", 0), "k"), "v");
	assert_null(receipt_rec_at(r, "x", 1));
	assert_null(receipt_rec_get(r, "k"));  /* not inherited by get */
	receipt_rec_set(NULL, "a", "b");        /* a failed add: nothing happens */
	assert_int_equal(receipt_rec_check(r, &err), 0);
	receipt_rec_set(c, "bad key!", "x");
	assert_int_equal(receipt_rec_check(r, &err), POS_ERR_INVALID);
	receipt_rec_free(r);
	receipt_rec_free(NULL);
}

/* ---- parser ------------------------------------------------------------- */

static void test_parse_errors(void **s)
{
	char big[RECEIPT_TPL_MAX + 2];
	struct receipt_tpl *t = NULL;
	struct pos_error err;
	char deep[2048];
	int i, n = 0;

	(void)s;
	parse_fails("@bol x", "t.tpl:1: unknown directive @bol");
	parse_fails("ok\n\n@frobnicate", "t.tpl:3: unknown directive @frobnicate");
	parse_fails("{name|monye}", "t.tpl:1: unknown filter \"monye\"");
	parse_fails("a\n{name", "t.tpl:2: \"{\" without \"}\"");
	parse_fails("{}", "a field name is missing");
	parse_fails("{na me}", "unexpected \"m\"");
	parse_fails("{x|default}", "the default filter needs a text");
	parse_fails("@if a\nx", "t.tpl:1: @if has no @endif");
	parse_fails("@each lines\nx", "t.tpl:1: @each has no @end");
	parse_fails("@else", "@else without @if");
	parse_fails("@if a\n@else\n@else\n@endif", "t.tpl:3: @else without @if");
	parse_fails("@elif a", "@elif without @if");
	parse_fails("@endif", "@endif without @if");
	parse_fails("@end", "@end without @each or @if");
	parse_fails("@each lines\n@endif", "@endif without @if");
	parse_fails("@if a\n@endeach", "@endeach closes an @if");
	parse_fails("@if", "@if needs a condition");
	parse_fails("@if a ==", "a value is missing");
	parse_fails("@if a b", "expected ==");
	parse_fails("@if a &&", "it ends with &&");
	parse_fails("@if !a == 1", "\"!\" goes with a field alone");
	parse_fails("@if a == \"x", "a quote is not closed");
	parse_fails("@if 9$", "expected a field name");
	parse_fails("@each", "@each takes one section name");
	parse_fails("@each a b", "@each takes one section name");
	parse_fails("@bold @if a", "@if cannot follow a style directive");
	parse_fails("@cols *,x | a | b", "bad column width");
	parse_fails("@cols *,5 | a", "@cols has 2 widths but 1 texts");
	parse_fails("@cols * | a", "@cols takes 2 or 3 columns");
	parse_fails("@cols *,1,2,3 | a | b | c | d", "not more");
	parse_fails("@cols 0,* | a | b", "not 1-200 cells");
	parse_fails("@cols 101%,* | a | b", "not 1-100%");
	parse_fails("@cols *;5 | a | b", "separated by commas");
	parse_fails("@cols *,5 a | b", "the texts follow after");
	parse_fails("@row only one", "@row takes 2 or 3 texts");
	parse_fails("@sep #", "@sep takes one of");
	parse_fails("@barcode", "@barcode needs data");
	parse_fails("@barcode ean13", "@barcode needs data");
	parse_fails("@qr", "@qr needs data");
	parse_fails("@qr size=99 x", "@qr size= takes a number 1-16");
	parse_fails("@image ../etc/passwd", "@image takes a file name");
	parse_fails("@image", "@image takes a file name");
	parse_fails("@feed 0", "@feed takes a number 1-20");
	parse_fails("@feed x", "@feed takes a number");
	parse_fails("@cut sideways", "@cut takes partial");
	parse_fails("@drawer 3", "@drawer is not a template command");
	parse_fails("@drawer", "the drawer opens by the settings drawer.open_on_cash");
	parse_fails("@", "must be followed by a directive");
	parse_fails("@bold @# x", "a comment (@#) must start the line");
	parse_fails("@else x", "@else takes nothing");
	parse_fails("ok\n\xff\xfe bad", "t.tpl:2: the line is not UTF-8");
	/* NUL bytes, size and depth limits. */
	assert_int_equal(receipt_parse("a\0b", 3, "n.tpl", &t, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "NUL"));
	memset(big, 'a', sizeof(big));
	assert_int_equal(receipt_parse(big, sizeof(big), "big.tpl", &t, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "at most"));
	for (i = 0; i <= RECEIPT_DEPTH_MAX; i++)
		n += snprintf(deep + n, sizeof(deep) - (size_t)n, "@if a\n");
	assert_int_equal(receipt_parse(deep, (size_t)n, "d.tpl", &t, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "nested more than"));
	assert_null(t);
	/* A long line. */
	memset(big, 'x', 5000);
	big[5000] = '\0';
	parse_fails(big, "longer than");
}

static void test_parse_ok(void **s)
{
	struct receipt_tpl *t;
	struct pos_error err;

	(void)s;
	/* BOM, CRLF, comments, blank lines, indentation, escapes. */
	t = parse_ok("\xEF\xBB\xBF@# comment\r\n\r\n   @center x\r\n@@at {{b}}\r\n"
		     "@row a \\| b | c\n@cols 30%>,*,~^ | a | b | c\n@if a\n@elif b\n@else\n"
		     "@endif\n@each lines\n@each subs\n@end\n@endeach\n@barcode ean13 {code}\n"
		     "@qr size=4 {x}\n@feed\n@cut full\n@cut\n@image logo.png\n"
		     "@sep =\n@normal\n@text   x\n@if a && b || !c and d or e > 1\n@end");
	assert_string_equal(receipt_tpl_source(t), "t.tpl");
	receipt_tpl_free(t);
	receipt_tpl_free(NULL);
	/* Loading by name: built in, and a shop's own directory first. */
	assert_int_equal(receipt_load("sale", NULL, &t, &err), 0);
	assert_string_equal(receipt_tpl_source(t), "receipts/sale.tpl");
	receipt_tpl_free(t);
	assert_int_equal(receipt_load("nope", NULL, &t, &err), POS_ERR_NOT_FOUND);
	assert_int_equal(receipt_load("../x", NULL, &t, &err), POS_ERR_INVALID);
	assert_int_equal(receipt_load("sale", "/nonexistent-dir", &t, &err), 0);
	receipt_tpl_free(t);
	assert_int_equal(receipt_load_file("/nonexistent/x.tpl", &t, &err), POS_ERR_NOT_FOUND);
}

static void test_shop_override(void **s)
{
	char dir[] = "/tmp/ocop-tpl-XXXXXX", path[128], cmd[160];
	struct receipt_tpl *t;
	struct pos_error err;
	FILE *f;

	(void)s;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/sale.tpl", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("Cửa hàng của tôi\n@bol oops\n", f);
	fclose(f);
	assert_int_equal(receipt_load("sale", dir, &t, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "/sale.tpl:2: unknown directive @bol"));
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("Cửa hàng của tôi\n", f);
	fclose(f);
	assert_int_equal(receipt_load("sale", dir, &t, &err), 0);
	assert_string_equal(receipt_tpl_source(t), path);
	receipt_tpl_free(t);
	/* Other templates still come built in. */
	assert_int_equal(receipt_load("refund", dir, &t, &err), 0);
	assert_string_equal(receipt_tpl_source(t), "receipts/refund.tpl");
	receipt_tpl_free(t);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* ---- fill ---------------------------------------------------------------- */

static void test_fields_and_filters(void **s)
{
	struct receipt_rec *r = small_rec();

	(void)s;
	fill_eq("{name}", r, "Mật ong Đắk Lắk\n");
	fill_eq("{name|upper}", r, "MẬT ONG ĐẮK LẮK\n");
	fill_eq("{total|money}", r, "1.250.000 ₫\n");
	fill_eq("{total|plain} / {total}", r, "1.250.000 / 1250000\n");
	fill_eq("{qty|qty}", r, "1,5\n");
	fill_eq("{stars|stars}", r, "★★★★\n");
	fill_eq("{rate|vat} {kct|vat}", r, "8% KCT\n");
	fill_eq("{bp|pct} {total|pct}", r, "12,5% 12500%\n");
	fill_eq("{at|date} {at|time}\n{at|datetime}", r, "23/11/2026 00:30\n23/11/2026 00:30\n");
	fill_eq("{day|date} {day|datetime}", r, "03/02/2026 03/02/2026\n");
	fill_eq("{empty|default:không có}|{name|default:x}", r, "không có|Mật ong Đắk Lắk\n");
	fill_eq("{empty|money}x", r, "x\n");      /* empty stays empty */
	fill_eq("{ name | upper }", r, "MẬT ONG ĐẮK LẮK\n");
	fill_eq("{{literal}} {lines} {none}", r, "{literal} 2 0\n");
	fill_eq("{paper.cols} {paper.wide} {paper.dots}", r, "32 0 384\n");
	fill_eq("@@home", r, "@home\n");
	fill_eq("@text    indented", r, "indented\n");   /* layout trims; the doc keeps */
	fill_eq("{empty}\n   \n{zero}", r, "0\n");       /* empty lines are skipped */
	fill_fails("x\n{nmae}", r, "t.tpl:2: unknown field {nmae}");
	fill_fails("{name|money}", r, "t.tpl:1: {name|money}: \"Mật ong Đắk Lắk\" is not a whole number");
	fill_fails("{name|date}", r, "is not a date");
	fill_fails("{day|time}", r, "is not a date and time");
	fill_fails("{total|vat}", r, "is not a VAT rate");
	fill_fails("@if nope\n@endif", r, "unknown field \"nope\" in @if");
	fill_fails("@each nope\n@end", r, "unknown section \"nope\"");
	fill_fails("@barcode ean13 12345", r, "t.tpl:1: EAN-13 barcode needs 12 or 13 digits");
	receipt_rec_free(r);
}

static void test_conditions_and_loops(void **s)
{
	struct receipt_rec *r = small_rec();

	(void)s;
	fill_eq("@if name\nA\n@else\nB\n@endif", r, "A\n");
	fill_eq("@if empty\nA\n@elif zero\nB\n@elif kind == sale\nC\n@else\nD\n@endif", r, "C\n");
	fill_eq("@if !empty && !zero\nA\n@endif", r, "A\n");
	fill_eq("@if total > 999999\nbig\n@endif", r, "big\n");
	fill_eq("@if total >= 1250000 and total <= 1250000\neq\n@endif", r, "eq\n");
	fill_eq("@if total < 10 || kind != refund\nor\n@endif", r, "or\n");
	fill_eq("@if total < 10 || kind == refund\nor\n@endif", r, "");
	fill_eq("@if empty || zero && name\nno\n@endif", r, "");
	fill_eq("@if kind == \"sale\"\nq\n@endif", r, "q\n");
	fill_eq("@if kct < 0\nneg\n@endif", r, "neg\n");
	fill_eq("@if lines > 1\nmany\n@endif\n@if none\nx\n@endif", r, "many\n");
	fill_eq("@each lines\n{index}. {name} {amount|plain} ({kind})\n@end", r,
		"1. Trà shan tuyết 90.000 (sale)\n2. Nước mắm 285.000 (sale)\n");
	fill_eq("@each lines\n@each subs\nsub of {name}\n@end\n@end", r, "sub of Nước mắm\n");
	fill_eq("@each none\nx\n@end", r, "");
	fill_eq("@if paper.wide\nwide\n@else\nnarrow\n@endif", r, "narrow\n");
	receipt_rec_free(r);
}

static void test_layout_items(void **s)
{
	struct receipt_rec *r = small_rec();
	struct receipt_tpl *t;
	struct receipt_opts o;
	struct pos_error err;
	struct doc d;

	(void)s;
	fill_eq("@row Tổng | {total|money}", r, "Tổng                 1.250.000 ₫\n");
	fill_eq("@cols 2,*,~> | | {name} | {total|plain}", r,
		"   Mật ong Đắk Lắk     1.250.000\n");
	fill_eq("@cols 50%^,50%^ | A | B", r, "       A               B        \n");
	fill_eq("@row a \\| b | c", r, "a | b                          c\n");
	fill_eq("@row {empty} | {empty}", r, "");       /* a blank row is skipped */
	fill_eq("@sep =", r, "================================\n");
	fill_eq("@barcode {code}\n@barcode abc-1\n@qr size=3 {name}", r,
		"<bc 8931234500016>\n<bc abc-1>\n<qr Mật ong Đắk Lắk>\n");
	fill_eq("@barcode {empty}\n@qr {empty}", r, "");
	/* Styles: prefixes apply to one line, alone they change the running style. */
	t = parse_ok("@center\n@bold a\nb\n@right @double c\n@normal\n@left\nd\n@feed 2\n"
		     "@cut full\n@barcode upca 03600029145");
	receipt_opts_init(&o, 48);
	assert_int_equal(receipt_fill(t, r, &o, &d, &err), 0);
	assert_int_equal(d.n, 7);
	assert_int_equal(d.items[0].style, DOC_BOLD);
	assert_int_equal(d.items[0].align, DOC_CENTER);
	assert_int_equal(d.items[1].style, 0);
	assert_int_equal(d.items[1].align, DOC_CENTER);
	assert_int_equal(d.items[2].style, DOC_DOUBLE);
	assert_int_equal(d.items[2].align, DOC_RIGHT);
	assert_int_equal(d.items[3].style, 0);
	assert_int_equal(d.items[3].align, DOC_LEFT);
	assert_int_equal(d.items[4].kind, DOC_FEED);
	assert_int_equal(d.items[4].lines, 2);
	assert_int_equal(d.items[5].kind, DOC_CUT);
	assert_int_equal(d.items[5].partial, 0);
	assert_int_equal(d.items[6].kind, DOC_BARCODE);
	assert_int_equal(d.items[6].barcode, DOC_UPCA);
	assert_string_equal(d.items[6].text, "036000291452");
	doc_release(&d);
	receipt_tpl_free(t);
	/* @text keeps leading spaces in the document. */
	t = parse_ok("@text   x\n@bold @text  y");
	assert_int_equal(receipt_fill(t, r, &o, &d, &err), 0);
	assert_string_equal(d.items[0].text, "  x");
	assert_string_equal(d.items[1].text, " y");
	assert_int_equal(d.items[1].style, DOC_BOLD);
	doc_release(&d);
	receipt_tpl_free(t);
	/* Bad paper, and no data at all. */
	t = parse_ok("x {paper.wide}");
	receipt_opts_init(&o, 3);
	assert_int_equal(receipt_fill(t, r, &o, &d, &err), POS_ERR_INVALID);
	receipt_opts_init(&o, 48);
	assert_int_equal(receipt_fill(t, NULL, &o, &d, &err), 0);
	assert_string_equal(d.items[0].text, "x 1");
	doc_release(&d);
	receipt_tpl_free(t);
	receipt_rec_free(r);
}

static void test_item_limit(void **s)
{
	struct receipt_rec *r = receipt_rec_new();
	struct receipt_tpl *t;
	struct receipt_opts o;
	struct pos_error err;
	struct doc d;
	int i;

	(void)s;
	for (i = 0; i < 200; i++)
		receipt_rec_add(r, "a");
	assert_int_equal(receipt_rec_check(r, &err), 0);
	receipt_opts_init(&o, 32);
	t = parse_ok("@each a\nx {index}\n@end");
	assert_int_equal(receipt_fill(t, r, &o, &d, &err), 0);
	assert_int_equal(d.n, 200);
	assert_string_equal(d.items[199].text, "x 200");
	doc_release(&d);
	receipt_tpl_free(t);
	/* An inner loop over the outer section: 200 x 200 items is refused. */
	t = parse_ok("@each a\n@each a\nx\n@end\n@end");
	assert_int_equal(receipt_fill(t, r, &o, &d, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "t.tpl:3: the document would have more than"));
	receipt_tpl_free(t);
	receipt_rec_free(r);
}

/* Write a w x h PNG: a black frame on white, a transparent corner. */
static void write_png(const char *path, int w, int h)
{
	png_image img;
	unsigned char *px = calloc((size_t)w * (size_t)h * 2, 1);
	int x, y;

	assert_non_null(px);
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			unsigned char *p = px + ((size_t)y * (size_t)w + (size_t)x) * 2;
			int edge = x < 4 || y < 4 || x >= w - 4 || y >= h - 4;

			p[0] = edge ? 0 : 255;
			p[1] = x > w - 10 && y > h - 10 ? 0 : 255;     /* transparent = white */
		}
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	img.width = (png_uint_32)w;
	img.height = (png_uint_32)h;
	img.format = PNG_FORMAT_GA;
	assert_true(png_image_write_to_file(&img, path, 0, px, 0, NULL));
	free(px);
}

static void test_image(void **s)
{
	char dir[] = "/tmp/ocop-img-XXXXXX", path[128], cmd[160];
	struct receipt_tpl *t = parse_ok("@center @image logo.png\n@image missing.png\nok");
	struct receipt_opts o;
	struct pos_error err;
	struct doc d;

	(void)s;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/logo.png", dir);
	write_png(path, 800, 200);
	receipt_opts_init(&o, 32);
	o.width_dots = 384;
	o.image_dir = dir;
	assert_int_equal(receipt_fill(t, NULL, &o, &d, &err), 0);
	/* The logo scaled to the paper, the missing one skipped with a warning. */
	assert_int_equal(d.n, 2);
	assert_int_equal(d.items[0].kind, DOC_IMAGE);
	assert_int_equal(d.items[0].width, 384);
	assert_int_equal(d.items[0].height, 96);
	assert_int_equal(d.items[0].align, DOC_CENTER);
	assert_int_equal(d.items[0].bits[0] & 0x80, 0x80);          /* frame: black */
	assert_int_equal(d.items[0].bits[48 * 48 + 24], 0);         /* middle: white */
	assert_non_null(strstr(o.warning, "t.tpl:2: @image"));
	assert_non_null(strstr(o.warning, "missing.png"));
	doc_release(&d);
	/* Without an image directory: skipped, warned. */
	o.image_dir = NULL;
	assert_int_equal(receipt_fill(t, NULL, &o, &d, &err), 0);
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(o.warning, "no image directory"));
	doc_release(&d);
	/* Not a PNG. */
	snprintf(cmd, sizeof(cmd), "echo hello > '%s/logo.png'", dir);
	assert_int_equal(system(cmd), 0);
	o.image_dir = dir;
	assert_int_equal(receipt_fill(t, NULL, &o, &d, &err), 0);
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(o.warning, "skipped"));
	doc_release(&d);
	receipt_tpl_free(t);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* ---- built-in templates: golden bytes and decoding ------------------------ */

static void load_profile(const char *json, struct printer_profile *p)
{
	struct pos_error err;

	if (profile_parse(json, strlen(json), "test", p, &err))
		fail_msg("profile: %s", err.msg);
}

static void build(const char *name, int cols, struct doc *d)
{
	struct receipt_rec *r;
	struct receipt_tpl *t;
	struct receipt_opts o;
	struct pos_error err;

	if (receipt_load(name, NULL, &t, &err))
		fail_msg("%s: %s", name, err.msg);
	if (receipt_data_sample(name, 0, 0, &r, &err))
		fail_msg("%s sample: %s", name, err.msg);
	receipt_opts_init(&o, cols);
	if (receipt_fill(t, r, &o, d, &err))
		fail_msg("%s fill: %s", name, err.msg);
	assert_string_equal(o.warning, "");
	receipt_rec_free(r);
	receipt_tpl_free(t);
}

static int has(const char *hay, const char *needle)
{
	return strstr(hay, needle) != NULL;
}

/* What each template's text must show in tcvn3 (Vietnamese) and ascii. */
static const struct {
	const char *tpl, *vi, *ascii;
} expect[] = {
	{ "sale", "TỔNG CỘNG", "TONG CONG" },
	{ "refund", "TỔNG HOÀN TRẢ", "TONG HOAN TRA" },
	{ "shift_x", "Tiền mặt dự kiến", "Tien mat du kien" },
	{ "shift_z", "DN01-01-Z2026-000087", "Dem thuc te" },
	{ "grn", "Trà shan tuyết cổ thụ Hà", "Tra shan tuyet co thu Ha" },
	{ "consignment", "PHẢI TRẢ CHỦ HÀNG", "PHAI TRA CHU HANG" },
	{ "label", "Chủ thể: HTX Mật ong Mèo Vạc", "Chu the: HTX Mat ong Meo Vac" },
	{ "transfer", "PHIẾU CHUYỂN KHO", "PHIEU CHUYEN KHO" },
};

static void check_one(const char *name, int w, enum vn_mode mode)
{
	struct printer_profile p;
	struct vncp_tables tab;
	struct escpos_opts eo;
	struct pos_error err;
	struct bytebuf b;
	struct decoded *o = malloc(sizeof(*o));
	char gname[64];
	struct doc d;
	size_t i;

	assert_non_null(o);
	load_profile(w == 58 ? p58_json : p80_json, &p);
	build(name, p.columns, &d);
	escpos_opts_default(&p, &eo);
	eo.mode = mode;
	bytebuf_init(&b);
	if (escpos_render(&d, &p, &eo, NULL, &b, &err))
		fail_msg("%s %d %s: %s", name, w, vn_mode_name(mode), err.msg);
	snprintf(gname, sizeof(gname), "%s-%d-%s", name, w, vn_mode_name(mode));
	escpos_golden("receipts", gname, b.data, b.len);
	profile_tables(&p, -1, &tab);
	escpos_decode(b.data, b.len, &tab, o);
	if (!o->ok)
		fail_msg("%s: %s", gname, o->why);
	assert_int_equal(o->n_init, 1);
	assert_int_equal(o->n_fsdot, p.needs_fs_dot ? 1 : 0);
	/* No template kicks the drawer: the program decides (receipt_drawer_pin). */
	assert_int_equal(o->n_drawer, 0);
	for (i = 0; i < sizeof(expect) / sizeof(expect[0]); i++) {
		if (strcmp(expect[i].tpl, name))
			continue;
		if (mode == VN_MODE_TCVN3 && !has(o->text, expect[i].vi))
			fail_msg("%s: the text lacks \"%s\":\n%s", gname, expect[i].vi, o->text);
		if (mode == VN_MODE_ASCII && !has(o->text, expect[i].ascii))
			fail_msg("%s: the text lacks \"%s\":\n%s", gname, expect[i].ascii, o->text);
		if (mode == VN_MODE_RASTER && strpbrk(o->text, "ACEGIKMOQSUWYacegikmoqsuwy"))
			fail_msg("%s: text in raster mode:\n%s", gname, o->text);
	}
	if (mode == VN_MODE_RASTER)
		assert_int_equal(o->raster_stride, w == 58 ? 48 : 72);
	/* Text modes only fall back to raster for lines with ★ (or codes). */
	if (mode == VN_MODE_ASCII)
		assert_null(strpbrk(o->text, "\x80\x81"));
	bytebuf_release(&b);
	doc_release(&d);
	free(o);
}

static void test_builtin_templates(void **s)
{
	static const enum vn_mode modes[] = { VN_MODE_RASTER, VN_MODE_TCVN3, VN_MODE_ASCII };
	size_t i, m;

	(void)s;
	setenv("OCOP_POS_NOW", "2026-11-22T09:30:00Z", 1);
	for (i = 0; i < NTEMPLATES; i++)
		for (m = 0; m < 3; m++) {
			check_one(templates[i], 58, modes[m]);
			check_one(templates[i], 80, modes[m]);
		}
	unsetenv("OCOP_POS_NOW");
}

/* Reprint copies say BẢN SAO and never open the drawer. */
static void test_copy(void **s)
{
	struct receipt_rec *r;
	struct pos_error err;
	char out[16384];
	size_t i;

	(void)s;
	for (i = 0; i < 2; i++) {
		const char *name = i ? "refund" : "sale";
		const struct receipt_tpl *unused = NULL;
		struct receipt_tpl *t;
		struct receipt_opts o;
		struct doc d;
		size_t k;
		int drawer = 0, copy = 0;

		(void)unused;
		assert_int_equal(receipt_data_sample(name, 0, 1, &r, &err), 0);
		assert_int_equal(receipt_load(name, NULL, &t, &err), 0);
		receipt_opts_init(&o, 32);
		assert_int_equal(receipt_fill(t, r, &o, &d, &err), 0);
		for (k = 0; k < d.n; k++) {
			drawer += d.items[k].kind == DOC_DRAWER;
			copy += d.items[k].text && strcmp(d.items[k].text, "BẢN SAO") == 0;
		}
		assert_int_equal(drawer, 0);
		assert_int_equal(copy, 1);
		doc_release(&d);
		receipt_tpl_free(t);
		receipt_rec_free(r);
	}
	/* A 40-line sale still fits the item limit and wraps long names. */
	assert_int_equal(receipt_data_sample("sale", 40, 0, &r, &err), 0);
	assert_int_equal(fill_text("@each lines\n{index}. {name}\n@end", r, 32, out, sizeof(out),
				   &err), 0);
	assert_true(has(out, "40. Kẹo dừa Bến Tre vị sầu riêng\n"));
	assert_true(has(out, "2. Trà shan tuyết cổ thụ Hà\n"));
	receipt_rec_free(r);
	assert_int_equal(receipt_data_sample("nope", 0, 0, &r, &err), POS_ERR_NOT_FOUND);
}

/* ---- builders from a real database ---------------------------------------- */

#define REG "01"

struct fixture {
	struct testdb t;
	struct user admin, cashier, manager;
	long long mo, tra, gao;
};

static long long add_product(struct db *db, const char *sku, const char *name, const char *unit,
			     int64_t price, int vat, const char *barcode, int stars)
{
	struct fx_product x = { sku, name, unit, price, vat, barcode, 1, stars, NULL };

	return fx_product(db, &x);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct stock_receipt_line l[2];
	struct shift sh;
	struct pos_error err;
	char grn[STOCK_DOC_MAX];
	long long htx;

	setenv("OCOP_POS_NOW", "2026-11-22T03:00:00Z", 1);
	testdb_open(&f->t);
	fx_showroom(f->t.db, "Điểm OCOP Đà Nẵng", "12 Bạch Đằng, Hải Châu, Đà Nẵng", "0100109106");
	fx_staff(f->t.db, "lan", "Nguyễn Thị Lan", &f->admin, &f->cashier, &f->manager, NULL);
	htx = fx_producer(f->t.db, "HTX-A", "HTX Mật ong Mèo Vạc", PRODUCER_COOPERATIVE);
	f->mo = add_product(f->t.db, "MO-001", "Mật ong bạc hà Mèo Vạc", "hũ", 185000, 5,
			    "8931234500016", 4);
	f->tra = add_product(f->t.db, "TRA-01", "Trà shan tuyết cổ thụ", "gói", 90000, 8, NULL, 5);
	f->gao = add_product(f->t.db, "GAO-01", "Gạo ST25", "kg", 33333, VAT_KCT, NULL, 3);
	memset(l, 0, sizeof(l));
	l[0].product_id = f->mo;
	l[0].qty_milli = 10000;
	l[0].unit_cost = 120000;
	snprintf(l[0].lot_no, sizeof(l[0].lot_no), "L-MO-1");
	l[1].product_id = f->tra;
	l[1].qty_milli = 5000;
	l[1].unit_cost = 70000;
	snprintf(l[1].lot_no, sizeof(l[1].lot_no), "L-TRA-K");
	l[1].owner_producer_id = htx;
	l[1].commission_bp = 1500;
	if (stock_receive(f->t.db, &f->manager, "2026-11-20", l, 2, grn, &err))
		fail_msg("stock_receive: %s", err.msg);
	memset(l, 0, sizeof(l));
	l[0].product_id = f->gao;
	l[0].qty_milli = 50000;
	l[0].unit_cost = 20000;
	snprintf(l[0].lot_no, sizeof(l[0].lot_no), "L-GAO");
	if (stock_receive(f->t.db, &f->manager, "2026-11-21", l, 1, grn, &err))
		fail_msg("stock_receive: %s", err.msg);
	if (shift_open(f->t.db, &f->cashier, REG, 500000, &sh, &err))
		fail_msg("shift_open: %s", err.msg);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	testdb_close(&f->t);
	free(f);
	unsetenv("OCOP_POS_NOW");
	return 0;
}

static void sell(struct fixture *f, struct sale_result *res)
{
	struct pos_error err;
	struct cart c;

	assert_int_equal(cart_init(&c, REG, f->cashier.id, &err), 0);
	if (cart_add_code(&c, f->t.db, NULL, "8931234500016", 2000, &err) ||
	    cart_add_code(&c, f->t.db, NULL, "TRA-01", 1000, &err) ||
	    cart_add_code(&c, f->t.db, NULL, "GAO-01", 2500, &err))
		fail_msg("cart_add_code: %s", err.msg);
	if (cart_pay(&c, f->t.db, PAY_QR, 100000, 0, NULL, &err) ||
	    cart_pay(&c, f->t.db, PAY_CASH, 0, 500000, NULL, &err))
		fail_msg("cart_pay: %s", err.msg);
	if (sale_complete(f->t.db, &c, &f->cashier, res, &err))
		fail_msg("sale_complete: %s", err.msg);
	cart_release(&c);
}

/* Fill the built-in template the loader names and return its text. */
static void print_text(struct receipt_rec *r, const char *tpl, int cols, char *out, size_t n)
{
	struct receipt_tpl *t;
	struct receipt_opts o;
	struct pos_error err;
	struct doc d;
	size_t i, k, len = 0;

	if (receipt_load(tpl, NULL, &t, &err))
		fail_msg("%s", err.msg);
	receipt_opts_init(&o, cols);
	if (receipt_fill(t, r, &o, &d, &err))
		fail_msg("%s: %s", tpl, err.msg);
	out[0] = '\0';
	for (i = 0; i < d.n; i++) {
		struct layout l;

		layout_init(&l);
		layout_item(&d.items[i], cols, &l, &err);
		for (k = 0; k < l.n; k++)
			len += (size_t)snprintf(out + len, n - len, "%s\n", l.lines[k]);
		if (d.items[i].kind == DOC_QR || d.items[i].kind == DOC_BARCODE)
			len += (size_t)snprintf(out + len, n - len, "<%s>\n", d.items[i].text);
		if (d.items[i].kind == DOC_DRAWER)
			len += (size_t)snprintf(out + len, n - len, "<drawer>\n");
		layout_release(&l);
	}
	doc_release(&d);
	receipt_tpl_free(t);
}

static void must_have(const char *text, const char *what)
{
	if (!has(text, what))
		fail_msg("the receipt lacks \"%s\":\n%s", what, text);
}

static void test_sale_receipt(void **state)
{
	struct fixture *f = *state;
	struct sale_result res;
	struct receipt_rec *r;
	struct pos_error err;
	char tpl[32], text[16384];

	sell(f, &res);
	assert_int_equal(receipt_data_load(f->t.db, res.receipt_no, 0, tpl, sizeof(tpl), &r, &err),
			 0);
	assert_string_equal(tpl, "sale");
	assert_string_equal(receipt_rec_get(r, "receipt_no"), res.receipt_no);
	assert_int_equal(receipt_rec_count(r, "lines"), 3);
	assert_int_equal(receipt_rec_count(r, "payments"), 2);
	assert_string_equal(receipt_rec_get(r, "vietqr"), "");   /* receipt.vietqr unset */
	print_text(r, tpl, 48, text, sizeof(text));
	/* What FACTS lists for a cash-register invoice. */
	must_have(text, "ĐIỂM OCOP ĐÀ NẴNG");                  /* seller */
	must_have(text, "12 Bạch Đằng, Hải Châu, Đà Nẵng");    /* address */
	must_have(text, "MST: 0100109106");                    /* tax code */
	must_have(text, "1. Mật ong bạc hà Mèo Vạc ★★★★\n");   /* item + OCOP stars */
	must_have(text, "2 hũ x 185.000");                     /* qty x unit price */
	must_have(text, "370.000\n");                          /* amount */
	must_have(text, "2,5 kg x 33.333");                    /* weighed */
	must_have(text, "Thuế GTGT 5% (đã gồm)");              /* VAT per rate */
	must_have(text, "Thuế GTGT 8% (đã gồm)");
	must_have(text, "Không chịu thuế GTGT");
	must_have(text, "TỔNG CỘNG");
	must_have(text, "Chuyển khoản VietQR");                /* payments */
	must_have(text, "Tiền mặt khách đưa                     500.000 ₫");
	must_have(text, "Tiền thừa trả khách");                /* change */
	must_have(text, "Ngày: 22/11/2026 10:00");             /* time of issue, local */
	must_have(text, res.receipt_no);                       /* number */
	must_have(text, "Thu ngân: Nguyễn Thị Lan");           /* cashier */
	must_have(text, "Mã tra cứu hóa đơn:");                /* look-up code */
	assert_false(has(text, "<drawer>"));                  /* not the template's call */
	/* The program's rule: an original cash sale kicks pin 2 ... */
	assert_int_equal(receipt_drawer_pin(f->t.db, tpl, r), 2);
	/* ... and so does a refund slip that pays cash back (issue 14.6: no
	 * separate "without a sale" opening); other documents never do */
	assert_int_equal(receipt_drawer_pin(f->t.db, "refund", r), 2);
	assert_int_equal(receipt_drawer_pin(f->t.db, "shift_x", r), 0);
	assert_int_equal(setting_set(f->t.db, ADMIN_SET_DRAWER_PIN, "5", &err), 0);
	assert_int_equal(receipt_drawer_pin(f->t.db, tpl, r), 5);
	assert_int_equal(setting_set(f->t.db, ADMIN_SET_DRAWER, "0", &err), 0);
	assert_int_equal(receipt_drawer_pin(f->t.db, tpl, r), 0);         /* switched off */
	assert_int_equal(setting_set(f->t.db, ADMIN_SET_DRAWER, "1", &err), 0);
	receipt_rec_set(r, "copy", "1");
	assert_int_equal(receipt_drawer_pin(f->t.db, tpl, r), 0);         /* never a copy */
	receipt_rec_set(r, "copy", "");
	receipt_rec_set_int(r, "cash", 0);
	assert_int_equal(receipt_drawer_pin(f->t.db, tpl, r), 0);         /* no cash taken */
	receipt_rec_free(r);

	/* A reprint: BẢN SAO, no drawer; a look-up URL and a VietQR when set. */
	assert_int_equal(setting_set(f->t.db, RECEIPT_SET_LOOKUP_URL,
				     "https://hd.example.vn/?id={uuid}&no={receipt_no}", &err), 0);
	assert_int_equal(setting_set(f->t.db, RECEIPT_SET_VIETQR, "1", &err), 0);
	assert_int_equal(setting_set(f->t.db, "vietqr.bank", "970436", &err), 0);
	assert_int_equal(setting_set(f->t.db, "vietqr.account", "0011001234567", &err), 0);
	assert_int_equal(receipt_data_sale(f->t.db, res.receipt_no, 1, tpl, sizeof(tpl), &r, &err),
			 0);
	print_text(r, tpl, 32, text, sizeof(text));
	must_have(text, "BẢN SAO");
	assert_false(has(text, "<drawer>"));
	must_have(text, "https://hd.example.vn/?id=");
	must_have(text, res.receipt_no);
	must_have(text, "<000201010212");                      /* a dynamic VietQR */
	assert_true(has(receipt_rec_get(r, "vietqr"), "540610000058"));  /* amount 100000 */
	receipt_rec_free(r);

	assert_int_equal(receipt_data_load(f->t.db, "DN01-01-2026-999999", 0, tpl, sizeof(tpl), &r,
					   &err), POS_ERR_NOT_FOUND);
	assert_non_null(strstr(err.msg, "DN01-01-2026-999999"));
}

static void test_refund_and_void(void **state)
{
	struct fixture *f = *state;
	struct sale_result res, back, v;
	struct return_item item = { "MO-001", 1000 };
	struct return_request rq;
	struct receipt_rec *r;
	struct pos_error err;
	char tpl[32], text[16384];

	sell(f, &res);
	memset(&rq, 0, sizeof(rq));
	rq.register_code = REG;
	rq.receipt_no = res.receipt_no;
	rq.items = &item;
	rq.nitems = 1;
	rq.refund = REFUND_CASH;
	if (sale_return(f->t.db, &f->cashier, &rq, &back, &err))
		fail_msg("sale_return: %s", err.msg);
	assert_int_equal(receipt_data_load(f->t.db, back.receipt_no, 0, tpl, sizeof(tpl), &r,
					   &err), 0);
	assert_string_equal(tpl, "refund");
	print_text(r, tpl, 32, text, sizeof(text));
	must_have(text, "PHIẾU TRẢ HÀNG");
	must_have(text, res.receipt_no);                       /* the original */
	must_have(text, "1 hũ x 185.000");
	must_have(text, "Trả tiền mặt");
	assert_false(has(text, "<drawer>"));
	receipt_rec_free(r);

	sell(f, &res);
	if (sale_void_last(f->t.db, &f->manager, REG, "Khách hủy đơn", &v, &err))
		fail_msg("sale_void_last: %s", err.msg);
	assert_int_equal(receipt_data_load(f->t.db, v.receipt_no, 0, tpl, sizeof(tpl), &r, &err),
			 0);
	print_text(r, tpl, 48, text, sizeof(text));
	must_have(text, "HÓA ĐƠN HỦY");
	must_have(text, "Lý do: Khách hủy đơn");
	receipt_rec_free(r);
}

static void test_shift_reports(void **state)
{
	struct fixture *f = *state;
	struct shift_report rep;
	struct sale_result res;
	struct receipt_rec *r;
	struct pos_error err;
	struct shift sh;
	char tpl[32], text[16384];

	sell(f, &res);
	assert_int_equal(shift_current(f->t.db, REG, &sh, &err), 0);
	assert_int_equal(receipt_data_shift(f->t.db, sh.id, 0, tpl, sizeof(tpl), &r, &err), 0);
	assert_string_equal(tpl, "shift_x");
	print_text(r, tpl, 32, text, sizeof(text));
	must_have(text, "BÁO CÁO X");
	must_have(text, "Nguyễn Thị Lan");
	must_have(text, "Bán hàng (1 HĐ)");
	receipt_rec_free(r);
	if (shift_close(f->t.db, &f->cashier, REG, NULL, NULL, 0, 900000, &rep, &err))
		fail_msg("shift_close: %s", err.msg);
	/* The Z report by its number. */
	assert_int_equal(receipt_data_load(f->t.db, rep.shift.z_no, 0, tpl, sizeof(tpl), &r, &err),
			 0);
	assert_string_equal(tpl, "shift_z");
	print_text(r, tpl, 48, text, sizeof(text));
	must_have(text, "BÁO CÁO Z");
	must_have(text, rep.shift.z_no);
	must_have(text, "Đếm thực tế");
	receipt_rec_free(r);
}

static void test_grn_and_label(void **state)
{
	struct fixture *f = *state;
	struct receipt_rec *r;
	struct pos_error err;
	char tpl[32], text[16384], grn[STOCK_DOC_MAX];
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(db_handle(f->t.db),
					    "SELECT doc FROM stock_move WHERE kind = 'receive' "
					    "ORDER BY id LIMIT 1", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(grn, sizeof(grn), "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	assert_int_equal(receipt_data_load(f->t.db, grn, 0, tpl, sizeof(tpl), &r, &err), 0);
	assert_string_equal(tpl, "grn");
	print_text(r, tpl, 32, text, sizeof(text));
	must_have(text, "PHIẾU NHẬP KHO");
	must_have(text, grn);
	must_have(text, "Lô L-MO-1");
	must_have(text, "Ký gửi: HTX Mật ong");
	must_have(text, "Ngày nhập             20/11/2026");
	must_have(text, "HH 15%");
	must_have(text, "TỔNG GIÁ VỐN");
	receipt_rec_free(r);

	assert_int_equal(receipt_data_label(f->t.db, "8931234500016", &r, &err), 0);
	print_text(r, "label", 32, text, sizeof(text));
	must_have(text, "Mật ong bạc hà Mèo Vạc");
	must_have(text, "OCOP ★★★★");
	must_have(text, "185.000 ₫");
	must_have(text, "<8931234500016>");
	must_have(text, "Tuyên Quang");
	must_have(text, "Chủ thể: HTX Mật ong Mèo Vạc");
	receipt_rec_free(r);
	/* A product without a barcode gets a Code 128 of its SKU. */
	assert_int_equal(receipt_data_label(f->t.db, "TRA-01", &r, &err), 0);
	print_text(r, "label", 32, text, sizeof(text));
	must_have(text, "<TRA-01>");
	receipt_rec_free(r);
	assert_int_equal(receipt_data_label(f->t.db, "NOPE", &r, &err), POS_ERR_NOT_FOUND);
}

static void test_consignment_statement(void **state)
{
	struct fixture *f = *state;
	struct report_statement st;
	struct sale_result res;
	struct receipt_rec *r;
	struct pos_error err;
	char tpl[32], text[16384], no[32];

	sell(f, &res);                          /* one consigned TRA-01 */
	if (report_statement_create(f->t.db, &f->manager, "HTX-A", "2026-11-01", "2026-11-30",
				    &st, &err))
		fail_msg("report_statement_create: %s", err.msg);
	snprintf(no, sizeof(no), "CS-%lld", st.id);
	report_statement_release(&st);
	assert_int_equal(receipt_data_load(f->t.db, no, 0, tpl, sizeof(tpl), &r, &err), 0);
	assert_string_equal(tpl, "consignment");
	print_text(r, tpl, 48, text, sizeof(text));
	must_have(text, "BẢNG KÊ HÀNG KÝ GỬI");
	must_have(text, no);
	must_have(text, "Chủ hàng: HTX Mật ong Mèo Vạc");
	must_have(text, "Trà shan tuyết cổ thụ");
	must_have(text, "HH 15%");
	must_have(text, "PHẢI TRẢ CHỦ HÀNG");
	receipt_rec_free(r);
	assert_int_equal(receipt_data_load(f->t.db, "CS-999", 0, tpl, sizeof(tpl), &r, &err),
			 POS_ERR_NOT_FOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_parse_ok),
		cmocka_unit_test(test_shop_override),
		cmocka_unit_test(test_fields_and_filters),
		cmocka_unit_test(test_conditions_and_loops),
		cmocka_unit_test(test_layout_items),
		cmocka_unit_test(test_item_limit),
		cmocka_unit_test(test_image),
		cmocka_unit_test(test_builtin_templates),
		cmocka_unit_test(test_copy),
		cmocka_unit_test_setup_teardown(test_sale_receipt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refund_and_void, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shift_reports, setup, teardown),
		cmocka_unit_test_setup_teardown(test_grn_and_label, setup, teardown),
		cmocka_unit_test_setup_teardown(test_consignment_statement, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
