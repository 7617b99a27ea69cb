/*
 * einvoice_xml.c - the invoice XML of the tax authority's standard, built
 * with libxml2 from the stored sale (see einvoice_xml.h, and
 * docs/formats.md for the mapping).
 *
 * Amounts are integer đồng; an adjustment invoice (a return) writes its
 * quantities, amounts and totals negative, as adjustment-down invoices
 * are written, and its total in words starts with "Âm".  A replacement
 * invoice for a void carries one note line (TChat 4) and zero totals.
 * Form 1 (VAT invoice) shows prices and amounts before VAT with the rate
 * per line and the VAT per rate; form 2 (sales invoice) shows the prices
 * as paid and no VAT.  Discounts (the line's own and its share of the
 * whole-sale discount, as sale.c stores them) are STCKhau/TLCKhau per
 * line, ThTien is after the discount, and TTCKTMai is their total.
 */
#include "einvoice_xml.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "i18n.h"
#include "money.h"
#include "showroom.h"
#include "vnwords.h"

int einv_doc_load(struct db *db, const char *receipt_no, struct einv_doc *out,
		  struct pos_error *err)
{
	struct einv_doc d;
	int r, enabled;

	memset(&d, 0, sizeof(d));
	if ((r = einvoice_get(db, receipt_no, &d.inv, err)))
		return r;
	if ((r = einvoice_settings_get(db, &d.set, &enabled, err)))
		return r;
	if ((r = sale_doc_load(db, receipt_no, &d.sale, err)))
		return r;
	*out = d;
	return 0;
}

void einv_doc_release(struct einv_doc *d)
{
	if (d)
		sale_doc_release(&d->sale);
}

const char *einv_rate_text(int rate)
{
	switch (rate) {
	case 0:
		return "0%";
	case 5:
		return "5%";
	case 8:
		return "8%";
	case 10:
		return "10%";
	default:
		return "KCT";
	}
}

struct xb {
	int fail;
};

static xmlNodePtr add(struct xb *b, xmlNodePtr parent, const char *name, const char *text)
{
	xmlNodePtr n;

	if (b->fail || !parent)
		return NULL;
	n = xmlNewTextChild(parent, NULL, BAD_CAST name, text ? BAD_CAST text : NULL);
	if (!n)
		b->fail = 1;
	return n;
}

static void add_int(struct xb *b, xmlNodePtr parent, const char *name, long long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", v);
	add(b, parent, name, buf);
}

/* v / 10^places written with the trailing zeros (and point) dropped. */
static void fmt_fixed(long long v, int places, char *out, size_t n)
{
	long long p = 1, ip, fp;
	int neg = v < 0, i, len;

	for (i = 0; i < places; i++)
		p *= 10;
	if (neg)
		v = -v;
	ip = v / p;
	fp = v % p;
	len = snprintf(out, n, "%s%lld", neg ? "-" : "", ip);
	if (fp && len > 0 && (size_t)len < n) {
		char frac[24];

		snprintf(frac, sizeof(frac), "%0*lld", places, fp);
		for (i = places - 1; i > 0 && frac[i] == '0'; i--)
			frac[i] = '\0';
		snprintf(out + len, n - (size_t)len, ".%s", frac);
	}
}

static void add_fixed(struct xb *b, xmlNodePtr parent, const char *name, long long v, int places)
{
	char buf[40];

	fmt_fixed(v, places, buf, sizeof(buf));
	add(b, parent, name, buf);
}

/* price * 100 / (100 + rate) in ten-thousandths, rounded half up. */
static long long ex_vat_4(int64_t price, int rate)
{
	long long num, den;

	if (rate <= 0)
		return (long long)price * 10000;
	num = (long long)price * 1000000;
	den = 100 + rate;
	return (num + den / 2) / den;
}

static const char *pay_text(const struct sale_doc *s)
{
	int cash = 0, other = 0;
	size_t i;

	for (i = 0; i < s->npay; i++) {
		if (s->pay[i].method == PAY_CASH)
			cash = 1;
		else
			other = 1;
	}
	if (cash && other)
		return "Tiền mặt/Chuyển khoản";
	return other ? "Chuyển khoản" : "Tiền mặt";
}

/* A buyer's tax code of 12 digits is a citizen ID (CCCD). */
static int is_cccd(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return i == 12;
}

static void build_ttchung(struct xb *b, xmlNodePtr dl, const struct einv_doc *d)
{
	xmlNodePtr tt = add(b, dl, "TTChung", NULL), lq;
	const struct einv_row *e = &d->inv;

	add(b, tt, "PBan", "2.0.0");
	add(b, tt, "THDon", e->form == 1 ? "Hóa đơn giá trị gia tăng" : "Hóa đơn bán hàng");
	add_int(b, tt, "KHMSHDon", e->form);
	add(b, tt, "KHHDon", e->series);
	add_int(b, tt, "SHDon", e->number);
	add(b, tt, "NLap", e->date);
	add(b, tt, "DVTTe", "VND");
	add(b, tt, "TGia", "1");
	add(b, tt, "HTTToan", pay_text(&d->sale));
	if (strcmp(e->kind, "adjust") == 0 || strcmp(e->kind, "replace") == 0) {
		lq = add(b, tt, "TTHDLQuan", NULL);
		add(b, lq, "TCHDon", strcmp(e->kind, "replace") == 0 ? "1" : "2");
		add(b, lq, "LHDCLQuan", "1");
		add_int(b, lq, "KHMSHDCLQuan", e->form);
		add(b, lq, "KHHDCLQuan", e->ref_series);
		add_int(b, lq, "SHDCLQuan", e->ref_number);
		add(b, lq, "NLHDCLQuan", e->ref_date);
	}
}

static void build_parties(struct xb *b, xmlNodePtr nd, const struct sale_doc *s)
{
	xmlNodePtr nb = add(b, nd, "NBan", NULL), nm;

	add(b, nb, "Ten", s->seller_name);
	add(b, nb, "MST", s->seller_tax_code);
	add(b, nb, "DChi", s->seller_address);
	if (s->seller_phone[0])
		add(b, nb, "SDThoai", s->seller_phone);
	nm = add(b, nd, "NMua", NULL);
	if (s->buyer_name[0])
		add(b, nm, "Ten", s->buyer_name);
	if (s->buyer_tax_code[0] && !is_cccd(s->buyer_tax_code))
		add(b, nm, "MST", s->buyer_tax_code);
	if (s->buyer_address[0])
		add(b, nm, "DChi", s->buyer_address);
	if (s->buyer_tax_code[0] && is_cccd(s->buyer_tax_code))
		add(b, nm, "CCCDan", s->buyer_tax_code);
	if (s->buyer_contact[0])
		add(b, nm, strchr(s->buyer_contact, '@') ? "DCTDTu" : "SDThoai", s->buyer_contact);
}

/* The goods lines; *disc receives the total discount as shown. */
static void build_lines(struct xb *b, xmlNodePtr list, const struct einv_doc *d, int sign,
			long long *disc)
{
	const struct sale_doc *s = &d->sale;
	int vat_form = d->inv.form == 1;
	size_t i;

	*disc = 0;
	for (i = 0; i < s->nlines; i++) {
		const struct sale_doc_line *l = &s->lines[i];
		xmlNodePtr h = add(b, list, "HHDVu", NULL);
		int rate = l->vat_rate;
		long long net = (long long)(l->amount - l->vat);
		long long dsc = (long long)l->discount, gross = (long long)(l->amount + l->discount);
		long long amount = vat_form ? net : (long long)l->amount;

		if (vat_form)
			dsc -= (long long)money_vat_included(l->discount, rate);
		*disc += dsc;
		add(b, h, "TChat", "1");
		add_int(b, h, "STT", (long long)i + 1);
		add(b, h, "MHHDVu", l->sku);
		add(b, h, "THHDVu", l->name);
		add(b, h, "DVTinh", l->unit);
		add_fixed(b, h, "SLuong", sign * (long long)l->qty_milli, 3);
		add_fixed(b, h, "DGia",
			  vat_form ? ex_vat_4(l->unit_price, rate) : (long long)l->unit_price * 10000,
			  4);
		add_fixed(b, h, "TLCKhau", gross > 0 ? (l->discount * 10000 + gross / 2) / gross : 0,
			  2);
		add_int(b, h, "STCKhau", sign * dsc);
		add_int(b, h, "ThTien", sign * amount);
		if (vat_form)
			add(b, h, "TSuat", einv_rate_text(rate));
	}
}

static void build_totals(struct xb *b, xmlNodePtr nd, const struct einv_doc *d, int sign,
			 long long disc, int zero)
{
	const struct sale_doc *s = &d->sale;
	xmlNodePtr tt = add(b, nd, "TToan", NULL), lt;
	long long total = zero ? 0 : sign * (long long)s->total;
	long long vat = zero ? 0 : sign * (long long)s->vat;
	char words[VNWORDS_MAX];
	size_t i;

	if (d->inv.form == 1) {
		lt = add(b, tt, "THTTLTSuat", NULL);
		for (i = 0; !zero && i < s->nrates; i++) {
			xmlNodePtr r = add(b, lt, "LTSuat", NULL);

			add(b, r, "TSuat", einv_rate_text(s->rates[i].rate));
			add_int(b, r, "ThTien", sign * (long long)s->rates[i].net);
			add_int(b, r, "TThue", sign * (long long)s->rates[i].vat);
		}
		add_int(b, tt, "TgTCThue", total - vat);
		add_int(b, tt, "TgTThue", vat);
	}
	add_int(b, tt, "TTCKTMai", zero ? 0 : sign * disc);
	add_int(b, tt, "TgTTTBSo", total);
	if (vnwords_amount(total, 0, words, sizeof(words)) < 0)
		b->fail = 1;
	add(b, tt, "TgTTTBChu", words);
}

int einvoice_xml_build(const struct einv_doc *d, char **out, size_t *len,
		       struct pos_error *err)
{
	struct xb b = { 0 };
	xmlDocPtr doc;
	xmlNodePtr root, dl, nd, list, mc, sig;
	xmlChar *mem = NULL;
	char id[40];
	long long disc = 0;
	int n = 0, sign = strcmp(d->inv.kind, "adjust") == 0 ? -1 : 1;
	int replace = strcmp(d->inv.kind, "replace") == 0;
	char *copy;

	if (strcmp(d->inv.kind, "cancel") == 0)
		return pos_fail(err, POS_ERR_REFUSED,
				tr("%s cancels the e-invoice of %s (%s %lld): a cancel notice has no "
				   "invoice XML"), d->inv.receipt_no, d->inv.ref_receipt_no,
				d->inv.ref_series, d->inv.ref_number);
	doc = xmlNewDoc(BAD_CAST "1.0");
	if (!doc)
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory building the e-invoice XML");
	root = xmlNewNode(NULL, BAD_CAST "HDon");
	if (!root) {
		xmlFreeDoc(doc);
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory building the e-invoice XML");
	}
	xmlDocSetRootElement(doc, root);
	dl = add(&b, root, "DLHDon", NULL);
	snprintf(id, sizeof(id), "HD-%s-%lld", d->inv.series, d->inv.number);
	if (dl && !xmlNewProp(dl, BAD_CAST "Id", BAD_CAST id))
		b.fail = 1;
	build_ttchung(&b, dl, d);
	nd = add(&b, dl, "NDHDon", NULL);
	build_parties(&b, nd, &d->sale);
	list = add(&b, nd, "DSHHDVu", NULL);
	if (replace) {
		char note[1024];
		xmlNodePtr h = add(&b, list, "HHDVu", NULL);

		snprintf(note, sizeof(note), "Thay thế hóa đơn ký hiệu %s số %lld ngày %s: giao dịch "
			 "%s đã hủy (%s)%s%s", d->inv.ref_series, d->inv.ref_number, d->inv.ref_date,
			 d->inv.ref_receipt_no, d->sale.receipt_no, d->sale.reason[0] ? ": " : "",
			 d->sale.reason);
		add(&b, h, "TChat", "4");
		add(&b, h, "STT", "1");
		add(&b, h, "THHDVu", note);
	} else {
		build_lines(&b, list, d, sign, &disc);
	}
	build_totals(&b, nd, d, sign, disc, replace);
	mc = add(&b, root, "MCCQT", d->inv.mtt_code);
	(void)mc;
	sig = add(&b, root, "DSCKS", NULL);
	add(&b, sig, "NBan", NULL);
	if (!b.fail)
		xmlDocDumpFormatMemoryEnc(doc, &mem, &n, "UTF-8", 1);
	xmlFreeDoc(doc);
	if (b.fail || !mem || n <= 0) {
		xmlFree(mem);
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory building the e-invoice XML");
	}
	copy = malloc((size_t)n + 1);
	if (!copy) {
		xmlFree(mem);
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory building the e-invoice XML");
	}
	memcpy(copy, mem, (size_t)n);
	copy[n] = '\0';
	xmlFree(mem);
	*out = copy;
	*len = (size_t)n;
	return 0;
}

int einvoice_xml(struct db *db, const char *receipt_no, char **out, size_t *len,
		 struct pos_error *err)
{
	struct einv_doc d;
	int r;

	if ((r = einv_doc_load(db, receipt_no, &d, err)))
		return r;
	r = einvoice_xml_build(&d, out, len, err);
	einv_doc_release(&d);
	return r;
}

/* The first validation error, kept by the structured error handler. */
struct verr {
	int seen;
	char msg[300];
};

static void on_error(void *ctx, xmlErrorPtr e)
{
	struct verr *v = ctx;
	size_t n;

	if (v->seen++ || !e)
		return;
	snprintf(v->msg, sizeof(v->msg), "line %d: %s", e->line, e->message ? e->message : "?");
	n = strlen(v->msg);
	while (n && (v->msg[n - 1] == '\n' || v->msg[n - 1] == ' '))
		v->msg[--n] = '\0';
}

int einvoice_xml_validate(const char *xml, size_t len, const char *xsd_path,
			  struct pos_error *err)
{
	xmlSchemaParserCtxtPtr pc;
	xmlSchemaPtr schema = NULL;
	xmlSchemaValidCtxtPtr vc = NULL;
	xmlDocPtr doc = NULL;
	struct verr v = { 0, "" };
	int r = 0, rc;

	pc = xmlSchemaNewParserCtxt(xsd_path);
	if (pc) {
		xmlSchemaSetParserStructuredErrors(pc, on_error, &v);
		schema = xmlSchemaParse(pc);
		xmlSchemaFreeParserCtxt(pc);
	}
	if (!schema)
		return pos_fail(err, POS_ERR_IO, "cannot load the schema %s: %s", xsd_path, v.msg);
	v.seen = 0;
	v.msg[0] = '\0';
	doc = xmlReadMemory(xml, (int)len, "einvoice.xml", "UTF-8", XML_PARSE_NONET);
	if (!doc) {
		r = pos_fail(err, POS_ERR_INVALID, "the e-invoice XML does not parse");
		goto out;
	}
	vc = xmlSchemaNewValidCtxt(schema);
	if (!vc) {
		r = pos_fail(err, POS_ERR_NO_MEM, "out of memory validating the e-invoice XML");
		goto out;
	}
	xmlSchemaSetValidStructuredErrors(vc, on_error, &v);
	rc = xmlSchemaValidateDoc(vc, doc);
	if (rc != 0)
		r = pos_fail(err, POS_ERR_INVALID, "the e-invoice XML is not valid: %s",
			     v.msg[0] ? v.msg : "?");
out:
	xmlSchemaFreeValidCtxt(vc);
	xmlFreeDoc(doc);
	xmlSchemaFree(schema);
	return r;
}
