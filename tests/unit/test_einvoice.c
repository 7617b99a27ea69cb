/*
 * test_einvoice.c - cash-register e-invoices in core: setup checks
 * (permission, the showroom's tax code, series, code, provider, the 0600
 * credentials file, audit), invoices issued in the sale's transaction with
 * gapless numbers and well-formed MTT codes, adjustments for returns,
 * cancel or replacement for voids by the rule set in force, the XML of
 * each (validated against tests/data/einvoice/hdon.xsd, amounts, VAT per
 * rate, KCT, discounts, escaping, words), resend, counts, the look-up
 * text, and the check that finds a missing invoice or a gap.
 */
#include <sqlite3.h>
#include <sys/stat.h>

#include "testutil.h"
#include "fixture.h"
#include "core/admin.h"
#include "core/catalog.h"
#include "core/einvoice.h"
#include "core/einvoice_send.h"
#include "core/einvoice_xml.h"
#include "core/money.h"
#include "core/producer.h"
#include "core/receipt.h"
#include "core/receipt_data.h"
#include "core/sale.h"
#include "core/shift.h"
#include "core/showroom.h"
#include "core/stock.h"
#include "core/user.h"

#define REG "01"

struct fixture {
	struct testdb t;
	struct user admin, cashier, manager;
	long long mo, tra, gao, cu;
	char xsd[512];
};

/* A product of HTX-A with 100 units in stock (lot L-<sku>). */
static long long add_product(struct db *db, const char *sku, const char *name, const char *unit,
			     int64_t price, int vat)
{
	struct fx_product x = { sku, name, unit, price, vat, NULL, 0, 0, NULL };
	long long id = fx_product(db, &x);
	char lot[32];

	snprintf(lot, sizeof(lot), "L-%s", sku);
	fx_receive(db, NULL, "2026-01-02", id, 100000, price / 2, lot, NULL, 0, 0);
	return id;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct shift sh;
	struct pos_error err;
	const char *src = getenv("OCOP_SRC");

	setenv("OCOP_POS_NOW", "2026-11-22T03:00:00Z", 1);
	snprintf(f->xsd, sizeof(f->xsd), "%s/tests/data/einvoice/hdon.xsd",
		 src && *src ? src : ".");
	testdb_open(&f->t);
	fx_showroom(f->t.db, "Điểm OCOP Đà Nẵng <Sơn & Trà>", "12 Bạch Đằng, Hải Châu, Đà Nẵng",
		    "0100109106");
	fx_staff(f->t.db, "thungan", "", &f->admin, &f->cashier, &f->manager, NULL);
	fx_producer(f->t.db, "HTX-A", NULL, PRODUCER_COOPERATIVE);
	f->mo = add_product(f->t.db, "MO-001", "Mật ong bạc hà Mèo Vạc", "hũ", 185000, 5);
	f->tra = add_product(f->t.db, "TRA-01", "Trà shan tuyết", "gói", 90000, 8);
	f->gao = add_product(f->t.db, "GAO-01", "Gạo ST25", "kg", 33333, VAT_KCT);
	f->cu = add_product(f->t.db, "CU-01", "Củ cải muối", "hũ", 50000, 0);
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

static void do_setup(struct fixture *f, int form)
{
	struct einv_settings s;
	struct pos_error err;

	memset(&s, 0, sizeof(s));
	s.form = form;
	snprintf(s.series, sizeof(s.series), "C26MAB");
	snprintf(s.code, sizeof(s.code), "A1B2C");
	if (einvoice_setup(f->t.db, &f->admin, &s, &err))
		fail_msg("einvoice_setup: %s", err.msg);
}

/* A sale of the products (NULL-terminated ids with quantities in units),
 * paid in cash; the receipt number into no. */
static void sell(struct fixture *f, const long long *ids, const int *qty, int disc_bp,
		 const char *buyer_tax, char *no, size_t n)
{
	struct cart c;
	struct sale_result res;
	struct pos_error err;
	size_t i;

	assert_int_equal(cart_init(&c, REG, f->cashier.id, &err), 0);
	for (i = 0; ids[i]; i++)
		if (cart_add_product(&c, f->t.db, ids[i], qty[i] * 1000, &err))
			fail_msg("cart_add_product: %s", err.msg);
	if (disc_bp && cart_discount(&c, f->t.db, &f->manager, -1, disc_bp, 0, NULL, &err))
		fail_msg("cart_discount: %s", err.msg);
	if (buyer_tax && cart_set_buyer(&c, f->t.db, "Công ty \"Hoa Sen\" & Cộng sự", buyer_tax,
					"5 Lê Lợi", "ketoan@hoasen.vn", &err))
		fail_msg("cart_set_buyer: %s", err.msg);
	if (cart_pay(&c, f->t.db, PAY_CASH, cart_due(&c), cart_due(&c), NULL, &err))
		fail_msg("cart_pay: %s", err.msg);
	if (sale_complete(f->t.db, &c, &f->cashier, &res, &err))
		fail_msg("sale_complete: %s", err.msg);
	snprintf(no, n, "%s", res.receipt_no);
	cart_release(&c);
}

static char *xml_of(struct fixture *f, const char *no)
{
	struct pos_error err;
	char *xml = NULL;
	size_t len;

	if (einvoice_xml(f->t.db, no, &xml, &len, &err))
		fail_msg("einvoice_xml %s: %s", no, err.msg);
	if (einvoice_xml_validate(xml, len, f->xsd, &err))
		fail_msg("%s: %s\n%s", no, err.msg, xml);
	assert_int_equal(strlen(xml), len);
	return xml;
}

static void assert_has(const char *hay, const char *needle)
{
	if (!strstr(hay, needle)) {
		fprintf(stderr, "%s\n", hay);
		fail_msg("missing %s", needle);
	}
}

static void count_problem(void *ctx, const char *p)
{
	(void)p;
	(*(int *)ctx)++;
}

static void assert_clean(struct fixture *f)
{
	struct pos_error err;
	int problems = -1, seen = 0;

	assert_int_equal(einvoice_check(f->t.db, count_problem, &seen, &problems, &err), 0);
	assert_int_equal(problems, 0);
	assert_int_equal(seen, 0);
}

static void test_setup_checks(void **state)
{
	struct fixture *f = *state;
	struct einv_settings s, got;
	struct showroom sr;
	struct pos_error err;
	char cred[200];
	FILE *fp;
	int enabled = -1;

	memset(&s, 0, sizeof(s));
	s.form = EINV_FORM_VAT;
	snprintf(s.series, sizeof(s.series), "C26MAB");
	snprintf(s.code, sizeof(s.code), "A1B2C");
	/* admins only */
	assert_int_equal(einvoice_setup(f->t.db, &f->manager, &s, &err), POS_ERR_PERM);
	/* not without the showroom's tax code */
	assert_int_equal(showroom_local(f->t.db, &sr, &err), 0);
	sr.tax_code[0] = '\0';
	assert_int_equal(admin_showroom_update(f->t.db, &f->admin, &sr, NULL, &err), 0);
	assert_int_equal(einvoice_setup(f->t.db, &f->admin, &s, &err), POS_ERR_REFUSED);
	assert_non_null(strstr(err.msg, "tax code"));
	snprintf(sr.tax_code, sizeof(sr.tax_code), "0100109106");
	assert_int_equal(admin_showroom_update(f->t.db, &f->admin, &sr, NULL, &err), 0);
	/* the parts */
	snprintf(s.series, sizeof(s.series), "C26TAB");
	assert_int_equal(einvoice_setup(f->t.db, &f->admin, &s, &err), POS_ERR_INVALID);
	snprintf(s.series, sizeof(s.series), "C26Mab");
	assert_int_equal(einvoice_setup(f->t.db, &f->admin, &s, &err), POS_ERR_INVALID);
	snprintf(s.series, sizeof(s.series), "C26MAB");
	snprintf(s.code, sizeof(s.code), "A1B2");
	assert_int_equal(einvoice_setup(f->t.db, &f->admin, &s, &err), POS_ERR_INVALID);
	snprintf(s.code, sizeof(s.code), "A1B2C");
	s.form = 3;
	assert_int_equal(einvoice_setup(f->t.db, &f->admin, &s, &err), POS_ERR_INVALID);
	s.form = EINV_FORM_VAT;
	/* a provider needs https and a 0600 credentials file */
	snprintf(s.provider, sizeof(s.provider), "viettel");
	snprintf(s.endpoint, sizeof(s.endpoint), "http://example.vn/api");
	assert_int_equal(einvoice_setup(f->t.db, &f->admin, &s, &err), POS_ERR_INVALID);
	snprintf(s.endpoint, sizeof(s.endpoint), "https://example.vn/api");
	testdb_path(&f->t, "cred", cred, sizeof(cred));
	snprintf(s.credentials, sizeof(s.credentials), "%s", cred);
	assert_int_equal(einvoice_setup(f->t.db, &f->admin, &s, &err), POS_ERR_NOT_FOUND);
	fp = fopen(cred, "w");
	assert_non_null(fp);
	fputs("user=0100109106\npassword=bí mật\n", fp);
	fclose(fp);
	chmod(cred, 0644);
	assert_int_equal(einvoice_setup(f->t.db, &f->admin, &s, &err), POS_ERR_REFUSED);
	assert_non_null(strstr(err.msg, "chmod 600"));
	snprintf(s.provider, sizeof(s.provider), "vnpt-nope");
	chmod(cred, 0600);
	assert_int_equal(einvoice_setup(f->t.db, &f->admin, &s, &err), POS_ERR_INVALID);
	snprintf(s.provider, sizeof(s.provider), "viettel");
	/* nothing written by the refusals */
	assert_int_equal(einvoice_settings_get(f->t.db, &got, &enabled, &err), 0);
	assert_int_equal(enabled, 0);
	assert_int_equal(einvoice_setup(f->t.db, &f->admin, &s, &err), 0);
	assert_int_equal(einvoice_settings_get(f->t.db, &got, &enabled, &err), 0);
	assert_int_equal(enabled, 1);
	assert_int_equal(got.form, 1);
	assert_string_equal(got.series, "C26MAB");
	assert_string_equal(got.provider, "viettel");
	assert_string_equal(got.credentials, cred);
	/* the password is in the file only, never in the database */
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM setting WHERE value LIKE '%bí mật%'"),
			 0);
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM audit WHERE action = "
					       "'einvoice.setup' AND detail NOT LIKE '%bí mật%'"), 1);
	{
		char u[64], p[64];

		assert_int_equal(einvoice_read_credentials(cred, u, sizeof(u), p, sizeof(p), &err), 0);
		assert_string_equal(u, "0100109106");
		assert_string_equal(p, "bí mật");
		chmod(cred, 0640);
		assert_int_equal(einvoice_read_credentials(cred, u, sizeof(u), p, sizeof(p), &err),
				 POS_ERR_REFUSED);
	}
}

static void test_rules_by_date(void **state)
{
	int form;
	struct pos_error err;

	(void)state;
	assert_string_equal(einvoice_rules_for("2025-06-01")->id, "nd123-70");
	assert_string_equal(einvoice_rules_for("2026-06-30")->id, "nd123-70");
	assert_int_equal(einvoice_rules_for("2026-06-30")->may_cancel, 1);
	assert_string_equal(einvoice_rules_for("2026-07-01")->id, "nd254-2026");
	assert_int_equal(einvoice_rules_for("2026-07-01")->may_cancel, 0);
	assert_string_equal(einvoice_rules_for("2031-01-01")->id, "nd254-2026");
	assert_int_equal(einvoice_method_parse("deduction", &form, &err), 0);
	assert_int_equal(form, 1);
	assert_int_equal(einvoice_method_parse("direct", &form, &err), 0);
	assert_int_equal(form, 2);
	assert_int_equal(einvoice_method_parse("khac", &form, &err), POS_ERR_INVALID);
}

static void test_no_setup_no_invoice(void **state)
{
	struct fixture *f = *state;
	long long ids[] = { f->mo, 0 };
	int qty[] = { 1 };
	char no[48];
	struct einv_row row;
	struct pos_error err;

	sell(f, ids, qty, 0, NULL, no, sizeof(no));
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM einvoice"), 0);
	assert_int_equal(einvoice_get(f->t.db, no, &row, &err), POS_ERR_NOT_FOUND);
	/* after setup, earlier sales are not owed an invoice */
	do_setup(f, EINV_FORM_VAT);
	assert_clean(f);
}

static void test_sales_numbered(void **state)
{
	struct fixture *f = *state;
	long long ids[] = { f->mo, f->tra, f->gao, f->cu, 0 };
	int qty[] = { 2, 1, 3, 1 };
	char no1[48], no2[48], no3[48], look[200];
	struct einv_row r1, r2, r3;
	struct einv_counts cn;
	struct pos_error err;
	char *xml;

	do_setup(f, EINV_FORM_VAT);
	sell(f, ids, qty, 500, "0300588569", no1, sizeof(no1));
	sell(f, ids + 1, qty + 1, 0, NULL, no2, sizeof(no2));
	sell(f, ids, qty, 0, NULL, no3, sizeof(no3));
	assert_int_equal(einvoice_get(f->t.db, no1, &r1, &err), 0);
	assert_int_equal(einvoice_get(f->t.db, no2, &r2, &err), 0);
	assert_int_equal(einvoice_get(f->t.db, no3, &r3, &err), 0);
	assert_string_equal(r1.series, "C26MAB");
	assert_int_equal(r1.number, 1);
	assert_int_equal(r2.number, 2);
	assert_int_equal(r3.number, 3);
	assert_string_equal(r1.mtt_code, "M1-26-A1B2C-00000000001");
	assert_string_equal(r3.mtt_code, "M1-26-A1B2C-00000000003");
	assert_int_equal(strlen(r1.mtt_code), 23);
	assert_string_equal(r1.kind, "original");
	assert_string_equal(r1.state, "queued");
	assert_string_equal(r1.rules, "nd254-2026");
	assert_string_equal(r1.date, "2026-11-22");
	assert_int_equal(einvoice_counts(f->t.db, &cn, &err), 0);
	assert_int_equal(cn.waiting, 3);
	assert_int_equal(cn.rejected, 0);

	xml = xml_of(f, no1);
	assert_has(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
	assert_has(xml, "<KHMSHDon>1</KHMSHDon>");
	assert_has(xml, "<KHHDon>C26MAB</KHHDon>");
	assert_has(xml, "<SHDon>1</SHDon>");
	assert_has(xml, "<THDon>Hóa đơn giá trị gia tăng</THDon>");
	assert_has(xml, "<MCCQT>M1-26-A1B2C-00000000001</MCCQT>");
	/* escaping by libxml2 */
	assert_has(xml, "<Ten>Điểm OCOP Đà Nẵng &lt;Sơn &amp; Trà&gt;</Ten>");
	assert_has(xml, "<Ten>Công ty \"Hoa Sen\" &amp; Cộng sự</Ten>");
	assert_has(xml, "<MST>0300588569</MST>");
	assert_has(xml, "<DCTDTu>ketoan@hoasen.vn</DCTDTu>");
	/* rates: 5 %, 8 %, KCT and 0 % each summarised */
	assert_has(xml, "<TSuat>5%</TSuat>");
	assert_has(xml, "<TSuat>8%</TSuat>");
	assert_has(xml, "<TSuat>KCT</TSuat>");
	assert_has(xml, "<TSuat>0%</TSuat>");
	assert_has(xml, "<TLCKhau>5</TLCKhau>");
	assert_has(xml, "<HTTToan>Tiền mặt</HTTToan>");
	free(xml);
	{
		struct sale_doc d;
		char buf[64], words[600];

		assert_int_equal(sale_doc_load(f->t.db, no2, &d, &err), 0);
		xml = xml_of(f, no2);
		/* 90000 + 99999 + 50000 = 239999 */
		snprintf(buf, sizeof(buf), "<TgTTTBSo>%lld</TgTTTBSo>", (long long)d.total);
		assert_has(xml, buf);
		assert_int_equal(d.total, 239999);
		assert_has(xml, "<TgTTTBChu>Hai trăm ba mươi chín nghìn chín trăm chín mươi chín đồng</TgTTTBChu>");
		snprintf(buf, sizeof(buf), "<TgTThue>%lld</TgTThue>", (long long)d.vat);
		assert_has(xml, buf);
		snprintf(words, sizeof(words), "<TgTCThue>%lld</TgTCThue>", (long long)(d.total - d.vat));
		assert_has(xml, words);
		assert_has(xml, "<TLCKhau>0</TLCKhau>");
		sale_doc_release(&d);
		free(xml);
	}
	{
		/* a citizen ID (12 digits) as the buyer's code goes to CCCDan
		 * (cart_set_buyer does not take one yet: set it on the data) */
		struct einv_doc d;
		size_t len;

		assert_int_equal(einv_doc_load(f->t.db, no3, &d, &err), 0);
		snprintf(d.sale.buyer_tax_code, sizeof(d.sale.buyer_tax_code), "079204001234");
		snprintf(d.sale.buyer_contact, sizeof(d.sale.buyer_contact), "0905123456");
		assert_int_equal(einvoice_xml_build(&d, &xml, &len, &err), 0);
		einv_doc_release(&d);
		if (einvoice_xml_validate(xml, len, f->xsd, &err))
			fail_msg("%s\n%s", err.msg, xml);
		assert_has(xml, "<CCCDan>079204001234</CCCDan>");
		assert_has(xml, "<SDThoai>0905123456</SDThoai>");
		assert_null(strstr(xml, "<MST>079204001234</MST>"));
		free(xml);
	}
	assert_int_equal(einvoice_lookup_text(&r1, "0100109106", look, sizeof(look), &err), 0);
	assert_has(look, "hoadondientu.gdt.gov.vn|0100109106|1|C26MAB|1|M1-26-A1B2C-00000000001|"
			 "2026-11-22|");
	assert_clean(f);
}

static void test_direct_method(void **state)
{
	struct fixture *f = *state;
	long long ids[] = { f->mo, 0 };
	int qty[] = { 1 };
	char no[48];
	struct einv_row r;
	struct pos_error err;
	char *xml;

	do_setup(f, EINV_FORM_SALES);
	sell(f, ids, qty, 0, NULL, no, sizeof(no));
	assert_int_equal(einvoice_get(f->t.db, no, &r, &err), 0);
	assert_string_equal(r.mtt_code, "M2-26-A1B2C-00000000001");
	xml = xml_of(f, no);
	assert_has(xml, "<THDon>Hóa đơn bán hàng</THDon>");
	assert_has(xml, "<DGia>185000</DGia>");
	assert_has(xml, "<ThTien>185000</ThTien>");
	assert_has(xml, "<TgTTTBChu>Một trăm tám mươi lăm nghìn đồng</TgTTTBChu>");
	assert_null(strstr(xml, "<TSuat>"));
	assert_null(strstr(xml, "<TgTThue>"));
	free(xml);
}

static void test_return_adjusts(void **state)
{
	struct fixture *f = *state;
	long long ids[] = { f->mo, f->tra, 0 };
	int qty[] = { 2, 1 };
	struct return_item it = { "MO-001", 1000 };
	struct return_request rq;
	struct sale_result res;
	struct einv_row r;
	struct pos_error err;
	char no[48], *xml;

	do_setup(f, EINV_FORM_VAT);
	sell(f, ids, qty, 0, NULL, no, sizeof(no));
	memset(&rq, 0, sizeof(rq));
	rq.register_code = REG;
	rq.receipt_no = no;
	rq.items = &it;
	rq.nitems = 1;
	rq.refund = REFUND_CASH;
	assert_int_equal(sale_return(f->t.db, &f->cashier, &rq, &res, &err), 0);
	assert_int_equal(einvoice_get(f->t.db, res.receipt_no, &r, &err), 0);
	assert_string_equal(r.kind, "adjust");
	assert_int_equal(r.number, 2);
	assert_string_equal(r.ref_receipt_no, no);
	assert_int_equal(r.ref_number, 1);
	xml = xml_of(f, res.receipt_no);
	assert_has(xml, "<TCHDon>2</TCHDon>");
	assert_has(xml, "<SHDCLQuan>1</SHDCLQuan>");
	assert_has(xml, "<KHHDCLQuan>C26MAB</KHHDCLQuan>");
	assert_has(xml, "<SLuong>-1</SLuong>");
	assert_has(xml, "<TgTTTBSo>-185000</TgTTTBSo>");
	assert_has(xml, "<TgTTTBChu>Âm một trăm tám mươi lăm nghìn đồng</TgTTTBChu>");
	free(xml);
	assert_clean(f);
}

static void test_void_replaces_after_july(void **state)
{
	struct fixture *f = *state;
	long long ids[] = { f->mo, 0 };
	int qty[] = { 1 };
	struct sale_result v;
	struct einv_row r;
	struct pos_error err;
	char no[48], *xml;

	do_setup(f, EINV_FORM_VAT);
	sell(f, ids, qty, 0, NULL, no, sizeof(no));
	assert_int_equal(sale_void_last(f->t.db, &f->manager, REG, "khách đổi ý", &v, &err), 0);
	assert_int_equal(einvoice_get(f->t.db, v.receipt_no, &r, &err), 0);
	/* the 2026 rules never cancel, even an unsent invoice */
	assert_string_equal(r.kind, "replace");
	assert_string_equal(r.rules, "nd254-2026");
	assert_int_equal(r.number, 2);
	xml = xml_of(f, v.receipt_no);
	assert_has(xml, "<TCHDon>1</TCHDon>");
	assert_has(xml, "<TChat>4</TChat>");
	assert_has(xml, "khách đổi ý");
	assert_has(xml, "<TgTTTBChu>Không đồng</TgTTTBChu>");
	free(xml);
	assert_clean(f);
}

static void test_void_cancels_before_july(void **state)
{
	struct fixture *f = *state;
	long long ids[] = { f->mo, 0 };
	int qty[] = { 1 };
	struct sale_result v;
	struct einv_row r;
	struct pos_error err;
	char no[48], *xml = NULL;
	size_t len;

	setenv("OCOP_POS_NOW", "2026-06-15T03:00:00Z", 1);
	/* the fixture's shift, as if opened that morning (a sale outside its
	 * shift's business day is refused: the clock guard of issue 12) */
	testdb_exec(f->t.db, "UPDATE shift SET opened_at = '2026-06-15T01:00:00Z', "
		    "business_date = '2026-06-15' WHERE closed_at IS NULL");
	do_setup(f, EINV_FORM_VAT);
	sell(f, ids, qty, 0, NULL, no, sizeof(no));
	assert_int_equal(sale_void_last(f->t.db, &f->manager, REG, "nhầm hàng", &v, &err), 0);
	assert_int_equal(einvoice_get(f->t.db, v.receipt_no, &r, &err), 0);
	assert_string_equal(r.kind, "cancel");
	assert_string_equal(r.rules, "nd123-70");
	assert_int_equal(r.number, 0);
	assert_string_equal(r.mtt_code, "");
	assert_int_equal(einvoice_xml(f->t.db, v.receipt_no, &xml, &len, &err), POS_ERR_REFUSED);
	/* a sale after it keeps the numbers gapless */
	sell(f, ids, qty, 0, NULL, no, sizeof(no));
	assert_int_equal(einvoice_get(f->t.db, no, &r, &err), 0);
	assert_int_equal(r.number, 2);
	assert_clean(f);
	/* once sent (accepted), the old rules replace instead */
	assert_int_equal(einvoice_mark_accepted(f->t.db, r.id, "C26MAB2", &err), 0);
	assert_int_equal(sale_void_last(f->t.db, &f->manager, REG, "trả lại", &v, &err), 0);
	assert_int_equal(einvoice_get(f->t.db, v.receipt_no, &r, &err), 0);
	assert_string_equal(r.kind, "replace");
	assert_int_equal(r.number, 3);
	free(xml_of(f, v.receipt_no));
	assert_clean(f);
}

static void test_resend_and_states(void **state)
{
	struct fixture *f = *state;
	long long ids[] = { f->mo, 0 };
	int qty[] = { 1 };
	struct einv_row r, *rows = NULL;
	struct einv_counts cn;
	struct pos_error err;
	size_t n = 0;
	char no[48], no2[48];

	do_setup(f, EINV_FORM_VAT);
	sell(f, ids, qty, 0, NULL, no, sizeof(no));
	sell(f, ids, qty, 0, NULL, no2, sizeof(no2));
	assert_int_equal(einvoice_get(f->t.db, no, &r, &err), 0);
	assert_int_equal(einvoice_mark_sending(f->t.db, r.id, &err), 0);
	assert_int_equal(einvoice_mark_rejected(f->t.db, r.id, "Mã số thuế người mua sai", &err), 0);
	assert_int_equal(einvoice_list(f->t.db, "rejected", 0, &rows, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].last_error, "Mã số thuế người mua sai");
	assert_int_equal(rows[0].attempts, 1);
	free(rows);
	assert_int_equal(einvoice_list(f->t.db, "bogus", 0, &rows, &n, &err), POS_ERR_INVALID);
	assert_int_equal(einvoice_counts(f->t.db, &cn, &err), 0);
	assert_int_equal(cn.waiting, 1);
	assert_int_equal(cn.rejected, 1);
	/* a cashier may not resend; a manager may */
	assert_int_equal(einvoice_resend(f->t.db, &f->cashier, no, &err), POS_ERR_PERM);
	assert_int_equal(einvoice_resend(f->t.db, &f->manager, no, &err), 0);
	assert_int_equal(einvoice_get(f->t.db, no, &r, &err), 0);
	assert_string_equal(r.state, "queued");
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM audit WHERE action = "
					       "'einvoice.resend'"), 1);
	assert_int_equal(einvoice_mark_accepted(f->t.db, r.id, "C26MAB1", &err), 0);
	assert_int_equal(einvoice_resend(f->t.db, &f->manager, no, &err), POS_ERR_REFUSED);
	assert_int_equal(einvoice_list(f->t.db, "sent", 0, &rows, &n, &err), 0);
	assert_int_equal(n, 1);
	free(rows);
	assert_int_equal(einvoice_list(f->t.db, NULL, 1, &rows, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].receipt_no, no2);
	free(rows);
	/* an issued invoice's identity is fixed */
	assert_int_not_equal(sqlite3_exec(db_handle(f->t.db), "UPDATE einvoice SET number = 9",
					  NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db_handle(f->t.db), "DELETE FROM einvoice", NULL, NULL,
					  NULL), SQLITE_OK);
}

static void test_check_finds_problems(void **state)
{
	struct fixture *f = *state;
	long long ids[] = { f->mo, 0 };
	int qty[] = { 1 };
	struct pos_error err;
	char no[48];
	int problems = 0, seen = 0;

	do_setup(f, EINV_FORM_VAT);
	sell(f, ids, qty, 0, NULL, no, sizeof(no));
	assert_clean(f);
	/* a sale slipping through without its invoice */
	testdb_exec(f->t.db, "DELETE FROM setting WHERE key = 'einvoice.series'");
	sell(f, ids, qty, 0, NULL, no, sizeof(no));
	assert_int_equal(einvoice_check(f->t.db, count_problem, &seen, &problems, &err), 0);
	assert_int_equal(problems, 1);
	/* a gap in the numbers */
	testdb_exec(f->t.db, "INSERT INTO einvoice (sale_id, kind, rules, form, series, number, "
			     "mtt_code, issued_at, business_date, updated_at) VALUES "
			     "(2, 'original', 'x', 1, 'C26MAB', 3, 'M1-26-A1B2C-00000000002', '', "
			     "'2026-11-22', '')");
	seen = 0;
	assert_int_equal(einvoice_check(f->t.db, count_problem, &seen, &problems, &err), 0);
	assert_int_equal(problems, 2);    /* series gap, counter behind; the sale is covered now */
	assert_int_equal(seen, 2);
}

static void test_receipt_fields(void **state)
{
	struct fixture *f = *state;
	long long ids[] = { f->mo, 0 };
	int qty[] = { 1 };
	struct receipt_rec *rec = NULL;
	struct shift sh;
	struct einv_row r;
	struct pos_error err;
	char no[48], tpl[32];

	do_setup(f, EINV_FORM_VAT);
	sell(f, ids, qty, 0, NULL, no, sizeof(no));
	sell(f, ids, qty, 0, NULL, no, sizeof(no));
	assert_int_equal(receipt_data_sale(f->t.db, no, 0, tpl, sizeof(tpl), &rec, &err), 0);
	assert_string_equal(receipt_rec_get(rec, "einvoice"), "1");
	assert_string_equal(receipt_rec_get(rec, "einvoice_symbol"), "1C26MAB");
	assert_string_equal(receipt_rec_get(rec, "einvoice_no"), "2");
	assert_string_equal(receipt_rec_get(rec, "einvoice_code"), "M1-26-A1B2C-00000000002");
	assert_string_equal(receipt_rec_get(rec, "einvoice_qr"),
			    "hoadondientu.gdt.gov.vn|0100109106|1|C26MAB|2|M1-26-A1B2C-00000000002|"
			    "2026-11-22|185000");
	receipt_rec_free(rec);
	/* the X report counts what waits and what was rejected */
	assert_int_equal(einvoice_get(f->t.db, no, &r, &err), 0);
	assert_int_equal(einvoice_mark_rejected(f->t.db, r.id, "sai", &err), 0);
	assert_int_equal(shift_current(f->t.db, REG, &sh, &err), 0);
	assert_int_equal(receipt_data_shift(f->t.db, sh.id, 0, tpl, sizeof(tpl), &rec, &err), 0);
	assert_string_equal(tpl, "shift_x");
	assert_string_equal(receipt_rec_get(rec, "einvoice_waiting"), "1");
	assert_string_equal(receipt_rec_get(rec, "einvoice_rejected"), "1");
	receipt_rec_free(rec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_setup_checks, setup, teardown),
		cmocka_unit_test(test_rules_by_date),
		cmocka_unit_test_setup_teardown(test_no_setup_no_invoice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sales_numbered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_direct_method, setup, teardown),
		cmocka_unit_test_setup_teardown(test_return_adjusts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_void_replaces_after_july, setup, teardown),
		cmocka_unit_test_setup_teardown(test_void_cancels_before_july, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resend_and_states, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_finds_problems, setup, teardown),
		cmocka_unit_test_setup_teardown(test_receipt_fields, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
