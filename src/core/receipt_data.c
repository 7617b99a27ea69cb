/*
 * receipt_data.c - template records of the printed documents (see
 * receipt_data.h).
 *
 * Adapters copy a module's structure field by field into a record: money
 * and quantities as plain integers (the template formats them with
 * |money, |qty ...), times as UTC ISO-8601 (|datetime shows them in
 * Vietnam time), and every documented field is always set, empty when it
 * does not apply, so a template may test any of them.  The only SQL here
 * is finding which kind of document a number belongs to.
 *
 * The sample data mirrors a real OCOP showroom (Vietnamese names with
 * every kind of diacritic, several VAT rates, a long name that must wrap)
 * so `ocop-pos receipt template NAME` shows a realistic page.
 */
#include "receipt_data.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "catalog.h"
#include "clock.h"
#include "db.h"
#include "einvoice.h"
#include "i18n.h"
#include "journal.h"
#include "money.h"
#include "producer.h"
#include "refdata.h"
#include "report.h"
#include "sale.h"
#include "shift.h"
#include "showroom.h"
#include "stock.h"
#include "transfer.h"
#include "user.h"
#include "vietqr.h"

static const char *const method_keys[4] = { "cash", "qr", "card", "wallet" };
static const int shift_rates[5] = { 0, 5, 8, 10, VAT_KCT };

static void set_now(struct receipt_rec *r)
{
	char ts[CLOCK_TS_LEN];

	clock_format_utc(clock_now(), ts);
	receipt_rec_set(r, "printed_at", ts);
}

static void set_seller(struct receipt_rec *r, const char *name, const char *address,
		       const char *tax_code, const char *phone, const char *code,
		       const char *province)
{
	const struct province *p = province && *province ? province_find(province) : NULL;

	receipt_rec_set(r, "showroom.name", name);
	receipt_rec_set(r, "showroom.address", address);
	receipt_rec_set(r, "showroom.tax_code", tax_code);
	receipt_rec_set(r, "showroom.phone", phone);
	receipt_rec_set(r, "showroom.code", code);
	receipt_rec_set(r, "showroom.province", p ? p->name : "");
}

static void set_showroom(struct receipt_rec *r, const struct showroom *s)
{
	if (s)
		set_seller(r, s->name, s->address, s->tax_code, s->phone, s->code, s->province);
	else
		set_seller(r, "", "", "", "", "", "");
}

/* A new document record with the showroom, copy and printed_at set; NULL when out of memory. */
static struct receipt_rec *doc_new(const struct showroom *showroom, int copy)
{
	struct receipt_rec *r = receipt_rec_new();

	if (r) {
		set_showroom(r, showroom);
		receipt_rec_set(r, "copy", copy ? "1" : "");
		set_now(r);
	}
	return r;
}

/* Replace {uuid} and {receipt_no} in pattern into out. */
static void expand_url(const char *pattern, const char *uuid, const char *receipt_no, char *out,
		       size_t n)
{
	size_t o = 0;
	const char *p = pattern;

	while (*p && o + 1 < n) {
		const char *v = NULL;
		size_t skip = 0;

		if (!strncmp(p, "{uuid}", 6)) {
			v = uuid;
			skip = 6;
		} else if (!strncmp(p, "{receipt_no}", 12)) {
			v = receipt_no;
			skip = 12;
		}
		if (v) {
			int k = snprintf(out + o, n - o, "%s", v);

			o += (size_t)k < n - o ? (size_t)k : n - o - 1;
			p += skip;
		} else {
			out[o++] = *p++;
		}
	}
	out[o] = '\0';
}

static int finish(struct receipt_rec *r, struct receipt_rec **out, struct pos_error *err)
{
	int rc = receipt_rec_check(r, err);

	if (rc) {
		receipt_rec_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

static int no_mem(struct pos_error *err)
{
	return pos_fail(err, POS_ERR_NO_MEM, tr("out of memory gathering the receipt's data"));
}

/* ---- sale, refund, void ------------------------------------------------ */

/*
 * The OCOP stars a line may show on paper: only while the product's
 * certificate is valid on the document's business date (an expiry date
 * is the last valid day; no expiry recorded = valid).
 */
static int stars_on_date(int stars, const char *expires, const char *date)
{
	if (expires && expires[0] && date && date[0] && strcmp(expires, date) < 0)
		return 0;
	return stars;
}

/* The e-invoice fields (empty when the document has no invoice, or only
 * a cancel notice without number). */
static void set_einvoice(struct receipt_rec *r, const struct receipt_extra *x)
{
	const struct einv_row *e = x ? x->einvoice : NULL;
	char sym[16];

	if (!e || !e->number) {
		receipt_rec_set(r, "einvoice", "");
		return;
	}
	snprintf(sym, sizeof(sym), "%d%s", e->form, e->series);
	receipt_rec_set(r, "einvoice", "1");
	receipt_rec_set(r, "einvoice_kind", e->kind);
	receipt_rec_set_int(r, "einvoice_form", e->form);
	receipt_rec_set(r, "einvoice_series", e->series);
	receipt_rec_set(r, "einvoice_symbol", sym);
	receipt_rec_set_int(r, "einvoice_no", e->number);
	receipt_rec_set(r, "einvoice_code", e->mtt_code);
	receipt_rec_set(r, "einvoice_qr", x->einvoice_qr ? x->einvoice_qr : "");
}

int receipt_data_from_sale(const struct sale_doc *d, const struct receipt_extra *x,
			   struct receipt_rec **out, struct pos_error *err)
{
	struct receipt_rec *r = receipt_rec_new(), *cash_rec = NULL;
	int64_t cash = 0, cash_amount = 0, cash_tendered = 0, cash_change = 0;
	char url[512];
	size_t i;

	if (!r)
		return no_mem(err);
	set_seller(r, d->seller_name, d->seller_address, d->seller_tax_code, d->seller_phone,
		   d->showroom, "");
	receipt_rec_set(r, "kind", d->kind);
	receipt_rec_set(r, "receipt_no", d->receipt_no);
	receipt_rec_set(r, "uuid", d->uuid);
	receipt_rec_set(r, "original_receipt_no", d->original_no);
	receipt_rec_set(r, "register", d->register_code);
	receipt_rec_set(r, "at", d->at);
	receipt_rec_set(r, "business_date", d->business_date);
	receipt_rec_set(r, "cashier", d->cashier_name[0] ? d->cashier_name : d->cashier);
	receipt_rec_set(r, "cashier.login", d->cashier);
	receipt_rec_set(r, "approver", d->approver);
	receipt_rec_set(r, "buyer.name", d->buyer_name);
	receipt_rec_set(r, "buyer.tax_code", d->buyer_tax_code);
	receipt_rec_set(r, "buyer.address", d->buyer_address);
	receipt_rec_set(r, "buyer.contact", d->buyer_contact);
	receipt_rec_set(r, "reason", d->reason);
	receipt_rec_set_int(r, "gross", d->gross);
	receipt_rec_set_int(r, "discount", d->discount);
	receipt_rec_set_int(r, "total", d->total);
	receipt_rec_set_int(r, "vat", d->vat);
	receipt_rec_set_int(r, "paid", d->paid);
	receipt_rec_set_int(r, "tendered", d->tendered);
	receipt_rec_set_int(r, "change", d->change);
	receipt_rec_set_int(r, "due", d->total > d->paid ? d->total - d->paid : 0);
	/* cash rounding (sale.h): "Làm tròn" and what the customer paid (or got back) */
	receipt_rec_set_int(r, "cash_rounding", d->cash_rounding);
	receipt_rec_set_int(r, "paid_rounded", d->total + d->cash_rounding);
	receipt_rec_set(r, "voided_by", d->voided_by);
	receipt_rec_set_int(r, "refunded", d->refunded);
	receipt_rec_set(r, "copy", x && x->copy ? "1" : "");
	set_now(r);
	receipt_rec_set(r, "lookup_code", d->uuid);
	url[0] = '\0';
	if (x && x->lookup_url && *x->lookup_url)
		expand_url(x->lookup_url, d->uuid, d->receipt_no, url, sizeof(url));
	receipt_rec_set(r, "lookup_url", url);
	set_einvoice(r, x);
	receipt_rec_section(r, "lines");
	for (i = 0; i < d->nlines; i++) {
		const struct sale_doc_line *l = &d->lines[i];
		struct receipt_rec *c = receipt_rec_add(r, "lines");

		receipt_rec_set_int(c, "line_no", l->line_no);
		receipt_rec_set(c, "sku", l->sku);
		receipt_rec_set(c, "name", l->name);
		receipt_rec_set(c, "unit", l->unit);
		receipt_rec_set_int(c, "stars", stars_on_date(l->stars, l->cert_expires,
							       d->business_date));
		receipt_rec_set_int(c, "qty", l->qty_milli);
		receipt_rec_set_int(c, "list_price", l->list_price);
		receipt_rec_set_int(c, "unit_price", l->unit_price);
		receipt_rec_set_int(c, "gross", l->amount + l->discount);
		receipt_rec_set_int(c, "discount", l->discount);
		receipt_rec_set_int(c, "amount", l->amount);
		receipt_rec_set_int(c, "vat_rate", l->vat_rate);
		receipt_rec_set_int(c, "vat", l->vat);
		receipt_rec_set_int(c, "returned", l->returned_milli);
	}
	receipt_rec_section(r, "vat");
	for (i = 0; i < d->nrates && i < SALE_DOC_RATES; i++) {
		struct receipt_rec *c = receipt_rec_add(r, "vat");

		receipt_rec_set_int(c, "rate", d->rates[i].rate);
		receipt_rec_set_int(c, "amount", d->rates[i].amount);
		receipt_rec_set_int(c, "vat", d->rates[i].vat);
		receipt_rec_set_int(c, "net", d->rates[i].net);
	}
	receipt_rec_section(r, "payments");
	for (i = 0; i < d->npay; i++) {
		const struct sale_doc_payment *p = &d->pay[i];
		struct receipt_rec *c;

		/* Cash handed over in two goes is one line on paper ("khách đưa"
		 * once, with the sums), not the same words twice. */
		if (p->method == PAY_CASH && cash_rec) {
			cash_amount += p->amount;
			cash_tendered += p->tendered;
			cash_change += p->change;
			receipt_rec_set_int(cash_rec, "amount", cash_amount);
			receipt_rec_set_int(cash_rec, "tendered", cash_tendered);
			receipt_rec_set_int(cash_rec, "change", cash_change);
			cash += p->amount;
			continue;
		}
		c = receipt_rec_add(r, "payments");
		if (p->method == PAY_CASH) {
			cash_rec = c;
			cash_amount = p->amount;
			cash_tendered = p->tendered;
			cash_change = p->change;
		}

		receipt_rec_set(c, "method", (unsigned)p->method < 4 ? method_keys[p->method] : "");
		receipt_rec_set_int(c, "amount", p->amount);
		receipt_rec_set_int(c, "tendered", p->tendered);
		receipt_rec_set_int(c, "change", p->change);
		receipt_rec_set(c, "reference", p->reference);
		if (p->method == PAY_CASH)
			cash += p->amount;
	}
	/* a sale's cash taken, a refund's cash paid back: what the drawer is for */
	receipt_rec_set_int(r, "cash", strcmp(d->kind, "void") != 0 ? (cash < 0 ? -cash : cash) : 0);
	receipt_rec_set(r, "vietqr", x && x->vietqr ? x->vietqr : "");
	return finish(r, out, err);
}

/* ---- shift X / Z -------------------------------------------------------- */

int receipt_data_from_shift(const struct shift_report *rep, const char *cashier,
			    const struct showroom *showroom, int copy, struct receipt_rec **out,
			    struct pos_error *err)
{
	struct receipt_rec *r = doc_new(showroom, copy);
	const struct shift *s = &rep->shift;
	int i;

	if (!r)
		return no_mem(err);
	receipt_rec_set_int(r, "shift_id", s->id);
	receipt_rec_set(r, "register", s->register_code);
	receipt_rec_set(r, "cashier", cashier ? cashier : "");
	receipt_rec_set(r, "opened_at", s->opened_at);
	receipt_rec_set(r, "business_date", s->business_date);
	receipt_rec_set(r, "closed", s->closed ? "1" : "");
	receipt_rec_set(r, "closed_at", s->closed_at);
	receipt_rec_set(r, "z_no", s->z_no);
	receipt_rec_set_int(r, "opening_float", s->opening_float);
	receipt_rec_set_int(r, "counted_cash", s->counted_cash);
	receipt_rec_set_int(r, "over_short", s->over_short);
	receipt_rec_set(r, "counts", s->counts);
	receipt_rec_set_int(r, "sales_count", rep->sales_count);
	receipt_rec_set_int(r, "refunds_count", rep->refunds_count);
	receipt_rec_set_int(r, "voids_count", rep->voids_count);
	/* e-invoices waiting to be sent or rejected: set by receipt_data_shift */
	receipt_rec_set_int(r, "einvoice_waiting", 0);
	receipt_rec_set_int(r, "einvoice_rejected", 0);
	receipt_rec_set_int(r, "sales_total", rep->sales_total);
	receipt_rec_set_int(r, "refunds_total", rep->refunds_total);
	receipt_rec_set_int(r, "voids_total", rep->voids_total);
	receipt_rec_set_int(r, "net_total", rep->sales_total - rep->refunds_total - rep->voids_total);
	receipt_rec_set_int(r, "cash_in", rep->cash_in);
	receipt_rec_set_int(r, "cash_out", rep->cash_out);
	receipt_rec_set_int(r, "discounts", rep->discounts);
	receipt_rec_set_int(r, "expected_cash", rep->expected_cash);
	receipt_rec_set_int(r, "cash_rounding", rep->cash_rounding);
	receipt_rec_set(r, "blind", "");   /* "1" on the cashier's copy (app_receipt_blind) */
	receipt_rec_section(r, "methods");
	for (i = 0; i < 4; i++) {
		struct receipt_rec *c;

		if (!rep->by_method[i] && i != PAY_CASH)
			continue;
		c = receipt_rec_add(r, "methods");
		receipt_rec_set(c, "method", method_keys[i]);
		receipt_rec_set_int(c, "amount", rep->by_method[i]);
	}
	receipt_rec_section(r, "vat");
	for (i = 0; i < 5; i++) {
		struct receipt_rec *c;

		if (!rep->vat_by_rate[i] && !rep->amount_by_rate[i])
			continue;
		c = receipt_rec_add(r, "vat");
		receipt_rec_set_int(c, "rate", shift_rates[i]);
		receipt_rec_set_int(c, "vat", rep->vat_by_rate[i]);
		receipt_rec_set_int(c, "amount", rep->amount_by_rate[i]);
	}
	return finish(r, out, err);
}

/* ---- goods received ---------------------------------------------------- */

/* A line of goods by lot (goods received, transfers). */
static void set_lot_line(struct receipt_rec *c, const char *sku, const char *name,
			 const char *unit, const char *lot_no, const char *expiry, int64_t qty)
{
	receipt_rec_set(c, "sku", sku);
	receipt_rec_set(c, "name", name);
	receipt_rec_set(c, "unit", unit);
	receipt_rec_set(c, "lot_no", lot_no);
	receipt_rec_set(c, "expiry", expiry);
	receipt_rec_set_int(c, "qty", qty);
}

int receipt_data_from_grn(const struct stock_grn *g, const struct showroom *showroom, int copy,
			  struct receipt_rec **out, struct pos_error *err)
{
	struct receipt_rec *r = doc_new(showroom, copy);
	const char *supplier = NULL;
	int consigned = 0, mixed = 0;
	size_t i;

	if (!r)
		return no_mem(err);
	receipt_rec_set(r, "grn_no", g->grn);
	receipt_rec_set(r, "received_on", g->received_on);
	receipt_rec_set(r, "at", g->at);
	receipt_rec_set(r, "received_by", g->user);
	receipt_rec_set_int(r, "total_cost", g->total);
	receipt_rec_section(r, "lines");
	for (i = 0; i < g->n; i++) {
		const struct stock_grn_line *l = &g->lines[i];
		struct receipt_rec *c = receipt_rec_add(r, "lines");

		set_lot_line(c, l->sku, l->name, l->unit, l->lot_no, l->expiry, l->qty_milli);
		receipt_rec_set_int(c, "unit_cost", l->unit_cost);
		receipt_rec_set_int(c, "amount", l->amount);
		receipt_rec_set(c, "owner", l->owner_name[0] ? l->owner_name : l->owner);
		receipt_rec_set(c, "owner_code", l->owner);
		receipt_rec_set_int(c, "commission", l->commission_bp);
		/* One supplier when every line comes from the same producer. */
		if (l->owner[0])
			consigned = 1;
		if (i == 0)
			supplier = l->owner[0] ? l->owner_name : NULL;
		else if (!supplier || strcmp(supplier, l->owner_name) != 0)
			mixed = 1;
	}
	receipt_rec_set(r, "consigned", consigned ? "1" : "");
	receipt_rec_set(r, "supplier", supplier && !mixed ? supplier : "");
	return finish(r, out, err);
}

/* ---- transfer note ------------------------------------------------------ */

/* The lots of a transfer: section "lines"; returns how many are consigned. */
static size_t transfer_lines(struct receipt_rec *r, const struct transfer_doc *d,
			     const char *const *owner_names)
{
	size_t i, consigned = 0;

	receipt_rec_section(r, "lines");
	for (i = 0; i < d->nlots; i++) {
		const struct transfer_lot *l = &d->lots[i];
		struct receipt_rec *c = receipt_rec_add(r, "lines");
		const char *owner = owner_names && owner_names[i] && owner_names[i][0] ?
					    owner_names[i] : l->owner;

		set_lot_line(c, l->sku, l->name, l->unit, l->lot_no, l->expiry, l->qty_milli);
		receipt_rec_set(c, "owner", l->owner[0] ? owner : "");
		receipt_rec_set(c, "owner_code", l->owner);
		consigned += l->owner[0] != '\0';
	}
	return consigned;
}

int receipt_data_from_transfer(const struct transfer_doc *d, const struct showroom *showroom,
			       const char *const *owner_names, int copy, struct receipt_rec **out,
			       struct pos_error *err)
{
	struct receipt_rec *r = doc_new(showroom, copy);
	char no[16];
	size_t k;

	if (!r)
		return no_mem(err);
	/* "CK-1A2B3C4D": the UUID's first 8 hex digits, as a person reads it */
	snprintf(no, sizeof(no), "CK-%.8s", d->uuid);
	for (k = 3; no[k]; k++)
		if (no[k] >= 'a' && no[k] <= 'f')
			no[k] = (char)(no[k] - 'a' + 'A');
	receipt_rec_set(r, "transfer_no", no);
	receipt_rec_set(r, "uuid", d->uuid);
	receipt_rec_set(r, "from", d->from);
	receipt_rec_set(r, "to", d->to);
	receipt_rec_set(r, "created", d->created);
	receipt_rec_set(r, "sent_by", d->user);
	receipt_rec_set(r, "note", d->note);
	receipt_rec_set_int(r, "consigned", (long long)transfer_lines(r, d, owner_names));
	return finish(r, out, err);
}

int receipt_data_transfer(struct db *db, const struct transfer_doc *d, int copy,
			  struct receipt_rec **out, struct pos_error *err)
{
	struct showroom sr;
	struct producer p;
	char (*names)[PRODUCER_NAME_MAX] = NULL;
	const char **ptr = NULL;
	size_t i;
	int r, have_sr;

	if (d->nlots) {
		names = calloc(d->nlots, sizeof(*names));
		ptr = calloc(d->nlots, sizeof(*ptr));
		if (!names || !ptr) {
			free(names);
			free(ptr);
			return no_mem(err);
		}
	}
	for (i = 0; i < d->nlots; i++) {
		if (d->lots[i].owner[0] && producer_get(db, d->lots[i].owner, &p, NULL) == 0)
			snprintf(names[i], sizeof(names[i]), "%s", p.name);
		ptr[i] = names[i];
	}
	have_sr = showroom_local(db, &sr, NULL) == 0;
	r = receipt_data_from_transfer(d, have_sr ? &sr : NULL, ptr, copy, out, err);
	free(names);
	free(ptr);
	return r;
}

/* ---- consignment statement --------------------------------------------- */

static void set_consign_lot(struct receipt_rec *c, const struct report_consign_lot *l)
{
	receipt_rec_set(c, "sku", l->sku);
	receipt_rec_set(c, "name", l->name);
	receipt_rec_set(c, "unit", l->unit);
	receipt_rec_set(c, "lot_no", l->lot_no);
	receipt_rec_set(c, "received_on", l->received_on);
	receipt_rec_set(c, "expiry", l->expiry);
	receipt_rec_set_int(c, "commission_rate", l->commission_bp);
	receipt_rec_set_int(c, "unit_cost", l->unit_cost);
	receipt_rec_set_int(c, "sold", l->sold_milli);
	receipt_rec_set_int(c, "refunded", l->refunded_milli);
	receipt_rec_set_int(c, "returned", l->returned_milli);
	receipt_rec_set_int(c, "unsold", l->unsold_milli);
	receipt_rec_set_int(c, "gross", l->gross);
	receipt_rec_set_int(c, "commission", l->commission);
	receipt_rec_set_int(c, "payable", l->payable);
}

int receipt_data_from_statement(const struct report_statement *s,
				const struct showroom *showroom, int copy,
				struct receipt_rec **out, struct pos_error *err)
{
	struct receipt_rec *r = doc_new(showroom, copy);
	size_t i;

	if (!r)
		return no_mem(err);
	receipt_rec_set_int(r, "statement_id", s->id);
	receipt_rec_set(r, "producer.code", s->producer);
	receipt_rec_set(r, "producer.name", s->producer_name);
	receipt_rec_set(r, "producer.tax_code", s->producer_tax_code);
	receipt_rec_set(r, "producer.phone", s->producer_phone);
	receipt_rec_set(r, "from", s->from);
	receipt_rec_set(r, "to", s->to);
	receipt_rec_set_int(r, "gross", s->gross);
	receipt_rec_set_int(r, "commission", s->commission);
	receipt_rec_set_int(r, "payable", s->payable);
	receipt_rec_set(r, "created_at", s->created_at);
	receipt_rec_set(r, "created_by", s->created_by);
	receipt_rec_set(r, "paid", s->paid ? "1" : "");
	receipt_rec_set(r, "paid_at", s->paid_at);
	receipt_rec_set(r, "paid_reference", s->paid_reference);
	receipt_rec_section(r, "lines");
	for (i = 0; i < s->nlines; i++)
		set_consign_lot(receipt_rec_add(r, "lines"), &s->lines[i]);
	return finish(r, out, err);
}

/* ---- shelf label ------------------------------------------------------- */

int receipt_data_from_product(const struct product *p, const struct producer *producer,
			      struct receipt_rec **out, struct pos_error *err)
{
	struct receipt_rec *r = receipt_rec_new();
	const struct province *prov = province_find(p->origin_province);

	if (!r)
		return no_mem(err);
	set_now(r);
	receipt_rec_set(r, "sku", p->sku);
	receipt_rec_set(r, "name", p->name);
	receipt_rec_set(r, "unit", p->unit);
	receipt_rec_set_int(r, "price", p->price);
	receipt_rec_set_int(r, "vat_rate", p->vat_rate);
	receipt_rec_set_int(r, "stars", p->stars);
	receipt_rec_set_int(r, "group", p->ocop_group);
	receipt_rec_set(r, "barcode", p->nbarcodes ? p->barcodes[0] : "");
	receipt_rec_set(r, "origin", prov ? prov->name : p->origin_province);
	receipt_rec_set(r, "producer", producer ? producer->name : p->producer);
	receipt_rec_set(r, "producer.code", p->producer);
	receipt_rec_set(r, "cert_number", p->cert_number);
	receipt_rec_set(r, "cert_issuer", p->cert_issuer);
	receipt_rec_set(r, "cert_expires", p->cert_expires);
	return finish(r, out, err);
}

/* ---- loaders ------------------------------------------------------------ */

static void set_tpl(char *tpl, size_t n, const char *name)
{
	if (tpl && n)
		snprintf(tpl, n, "%s", name);
}

static int setting_or_empty(struct db *db, const char *key, char *buf, size_t n,
			    struct pos_error *err)
{
	int r = setting_get(db, key, buf, n, err);

	if (r == POS_ERR_NOT_FOUND) {
		buf[0] = '\0';
		return 0;
	}
	return r;
}

int receipt_drawer_pin(struct db *db, const char *tpl, const struct receipt_rec *rec)
{
	char on[8], pin[8];
	const char *cash = rec ? receipt_rec_get(rec, "cash") : NULL;
	const char *copy = rec ? receipt_rec_get(rec, "copy") : NULL;

	if ((copy && *copy) || !tpl || (strcmp(tpl, "sale") && strcmp(tpl, "refund")) || !cash ||
	    atoll(cash) <= 0)
		return 0;
	if (setting_or_empty(db, ADMIN_SET_DRAWER, on, sizeof(on), NULL) == 0 &&
	    strcmp(on, "0") == 0)
		return 0;
	if (setting_or_empty(db, ADMIN_SET_DRAWER_PIN, pin, sizeof(pin), NULL) == 0 &&
	    strcmp(pin, "5") == 0)
		return 5;
	return 2;
}

int receipt_data_sale(struct db *db, const char *receipt_no, int copy, char *tpl, size_t tplsz,
		      struct receipt_rec **out, struct pos_error *err)
{
	struct receipt_extra x;
	struct sale_doc d;
	struct einv_row inv;
	char url[256], want[8], qr[VIETQR_MAX], look[320];
	int r;
	size_t i;

	if ((r = sale_doc_load(db, receipt_no, &d, err)))
		return r;
	memset(&x, 0, sizeof(x));
	x.copy = copy;
	/* its e-invoice, when it has one: printing never fails for it */
	if (einvoice_get(db, receipt_no, &inv, NULL) == 0 && inv.number &&
	    einvoice_lookup_text(&inv, d.seller_tax_code, look, sizeof(look), NULL) == 0) {
		x.einvoice = &inv;
		x.einvoice_qr = look;
	}
	if ((r = setting_or_empty(db, RECEIPT_SET_LOOKUP_URL, url, sizeof(url), err)) ||
	    (r = setting_or_empty(db, RECEIPT_SET_VIETQR, want, sizeof(want), err)))
		goto out;
	x.lookup_url = url;
	qr[0] = '\0';
	if (!strcmp(want, "1") && !strcmp(d.kind, "sale")) {
		/* The transfer to make for the (first) QR payment, when the
		 * showroom's account is set; otherwise no code, no failure. */
		for (i = 0; i < d.npay; i++)
			if (d.pay[i].method == PAY_QR)
				break;
		if (i < d.npay && vietqr_build_showroom(db, d.pay[i].amount, d.pay[i].reference,
							qr, sizeof(qr), NULL) == 0)
			x.vietqr = qr;
	}
	r = receipt_data_from_sale(&d, &x, out, err);
	if (!r)
		set_tpl(tpl, tplsz, strcmp(d.kind, "sale") == 0 ? "sale" : "refund");
out:
	sale_doc_release(&d);
	return r;
}

/* A Z report's fiscal journal lines: the chain head at the close (in two
 * halves, to fit 32 columns) and the perpetual grand total.  A database
 * whose journal lacks the close prints none (the Z still prints). */
static void set_journal(struct db *db, long long shift_id, struct receipt_rec *r)
{
	char hash[JOURNAL_HASH_LEN];
	long long seq, gt;

	if (journal_at_close(db, shift_id, &seq, hash, &gt, NULL))
		return;
	receipt_rec_set_int(r, "journal_seq", seq);
	receipt_rec_set_int(r, "grand_total", gt);
	receipt_rec_set(r, "journal_hash", hash);
	receipt_rec_set(r, "journal_hash2", hash + 32);
	hash[32] = '\0';
	receipt_rec_set(r, "journal_hash1", hash);
}

/* The showroom printed at the top: this database's, or an empty one. */
static void local_showroom(struct db *db, struct showroom *sr)
{
	if (showroom_local(db, sr, NULL))
		showroom_init_struct(sr);
}

int receipt_data_shift(struct db *db, long long shift_id, int copy, char *tpl, size_t tplsz,
		       struct receipt_rec **out, struct pos_error *err)
{
	struct shift_report rep;
	struct showroom sr;
	struct user u;
	const char *cashier = "";
	int r;

	if ((r = shift_report(db, shift_id, &rep, err)))
		return r;
	local_showroom(db, &sr);
	if (user_get_id(db, rep.shift.user_id, &u, NULL) == 0)
		cashier = u.full_name[0] ? u.full_name : u.name;
	r = receipt_data_from_shift(&rep, cashier, &sr, copy, out, err);
	if (!r && rep.shift.closed)
		set_journal(db, shift_id, *out);
	if (!r) {
		struct einv_counts ec;

		/* the cashier sees what the e-invoice outbox still holds */
		if (einvoice_counts(db, &ec, NULL) == 0) {
			receipt_rec_set_int(*out, "einvoice_waiting", ec.waiting);
			receipt_rec_set_int(*out, "einvoice_rejected", ec.rejected);
		}
		set_tpl(tpl, tplsz, rep.shift.closed ? "shift_z" : "shift_x");
	}
	return r;
}

int receipt_data_grn(struct db *db, const char *grn, int copy, struct receipt_rec **out,
		     struct pos_error *err)
{
	struct stock_grn g;
	struct showroom sr;
	int r;

	if ((r = stock_grn_get(db, grn, &g, err)))
		return r;
	local_showroom(db, &sr);
	r = receipt_data_from_grn(&g, &sr, copy, out, err);
	stock_grn_release(&g);
	return r;
}

int receipt_data_label(struct db *db, const char *code, struct receipt_rec **out,
		       struct pos_error *err)
{
	struct product p;
	struct producer pr;
	int r;

	if ((r = catalog_lookup(db, code, &p, err)))
		return r;
	if (producer_get(db, p.producer, &pr, NULL))
		return receipt_data_from_product(&p, NULL, out, err);
	return receipt_data_from_product(&p, &pr, out, err);
}

int receipt_data_statement(struct db *db, long long id, int copy, struct receipt_rec **out,
			   struct pos_error *err)
{
	struct report_statement st;
	struct showroom sr;
	int r;

	if ((r = report_statement_get(db, id, &st, err)))
		return r;
	local_showroom(db, &sr);
	r = receipt_data_from_statement(&st, &sr, copy, out, err);
	report_statement_release(&st);
	return r;
}

/* "CS-12" (a consignment statement's number): 1 with *id, else 0. */
static int statement_no(const char *s, long long *id)
{
	long long v = 0;

	if (strncmp(s, "CS-", 3) && strncmp(s, "cs-", 3))
		return 0;
	s += 3;
	if (!*s)
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 100000000000LL)
			return 0;
		v = v * 10 + (*s - '0');
	}
	*id = v;
	return v > 0;
}

/* The shift whose Z report has number z_no: 0 with *id, or NOT_FOUND. */
static int shift_by_z(struct db *db, const char *z_no, long long *id, struct pos_error *err)
{
	return db_row_by(db, "SELECT id FROM shift WHERE z_no = ?1", z_no, 0, db_row_int64, id,
			 "finding a Z report", err);
}

/* 1 when s may be a transfer's UUID or its first 8 or more characters. */
static int uuid_like(const char *s)
{
	size_t n = strspn(s, "0123456789abcdefABCDEF-");

	return n >= 8 && n <= 36 && !s[n];
}

int receipt_data_load(struct db *db, const char *docno, int copy, char *tpl, size_t tplsz,
		      struct receipt_rec **out, struct pos_error *err)
{
	struct pos_error e2;
	long long id = 0;
	int r;

	if (statement_no(docno, &id)) {
		r = receipt_data_statement(db, id, copy, out, err);
		if (!r)
			set_tpl(tpl, tplsz, "consignment");
		return r;
	}
	r = receipt_data_sale(db, docno, copy, tpl, tplsz, out, &e2);
	if (r != POS_ERR_NOT_FOUND) {
		if (r && err)
			*err = e2;
		return r;
	}
	r = shift_by_z(db, docno, &id, err);
	if (r == 0)
		return receipt_data_shift(db, id, copy, tpl, tplsz, out, err);
	if (r != POS_ERR_NOT_FOUND)
		return r;
	r = receipt_data_grn(db, docno, copy, out, &e2);
	if (r == 0) {
		set_tpl(tpl, tplsz, "grn");
		return 0;
	}
	if (r != POS_ERR_NOT_FOUND) {
		if (err)
			*err = e2;
		return r;
	}
	/* a transfer: its UUID (or 8+ first characters), or the note's number "CK-1A2B3C4D" */
	if ((docno[0] == 'C' || docno[0] == 'c') && (docno[1] == 'K' || docno[1] == 'k') &&
	    docno[2] == '-' && uuid_like(docno + 3))
		docno += 3;
	if (uuid_like(docno)) {
		struct transfer_doc *d = NULL;

		if ((r = transfer_get(db, docno, &d, err)))
			return r;
		r = receipt_data_transfer(db, d, copy, out, err);
		transfer_doc_free(d);
		if (!r)
			set_tpl(tpl, tplsz, "transfer");
		return r;
	}
	return pos_fail(err, POS_ERR_NOT_FOUND,
			tr("no receipt, Z report, goods-received note, consignment statement or "
			   "transfer numbered \"%s\": check the number printed on it"), docno);
}

/* ---- samples ------------------------------------------------------------ */

struct sample_item {
	const char *sku, *name, *unit;
	int stars, rate;
	int64_t qty, price, discount;
};

static const struct sample_item sample_items[] = {
	{ "MO-001", "Mật ong bạc hà Mèo Vạc", "hũ", 4, 5, 2000, 185000, 0 },
	{ "CHE-014", "Trà shan tuyết cổ thụ Hà Giang hộp quà 100g (ướp hoa nhài)", "hộp", 5, 8,
	  1000, 240000, 24000 },
	{ "NM-007", "Nước mắm Phú Quốc 40 độ đạm", "chai", 4, 8, 3000, 95000, 0 },
	{ "GAO-102", "Gạo ST25 Sóc Trăng (cân)", "kg", 5, 5, 2500, 38000, 0 },
	{ "CF-021", "Cà phê Robusta Đắk Lắk rang xay mộc", "gói", 3, 8, 1000, 120000, 0 },
	{ "RUOU-3", "Rượu ngô men lá Bắc Hà", "chai", 3, 10, 1000, 150000, 0 },
	{ "DL-001", "Tour trải nghiệm làng nghề gốm Bát Tràng", "lượt", 4, VAT_KCT, 1000, 300000,
	  0 },
	{ "KEO-09", "Kẹo dừa Bến Tre vị sầu riêng", "túi", 3, 8, 4000, 45000, 0 },
};
#define NSAMPLE (sizeof(sample_items) / sizeof(sample_items[0]))

static void sample_seller(struct receipt_rec *r)
{
	set_seller(r, "Điểm giới thiệu và bán sản phẩm OCOP Đà Nẵng",
		   "Số 12 Bạch Đằng, phường Hải Châu, TP Đà Nẵng", "0100109106", "0236 3888 999",
		   "DN01", "48");
}

static void sample_sale(struct receipt_rec *r, int nlines, int refund)
{
	int64_t gross = 0, discount = 0, total = 0, vat = 0, byrate[5][2] = { { 0 } };
	static const int rates[5] = { 0, 5, 8, 10, VAT_KCT };
	struct receipt_rec *c;
	int i, k;

	receipt_rec_set(r, "kind", refund ? "refund" : "sale");
	receipt_rec_set(r, "receipt_no", refund ? "DN01-01-2026-R000004" : "DN01-01-2026-000123");
	receipt_rec_set(r, "uuid", "3f2c9a1e-7b4d-4c8e-9a51-0d6e2b7c8f90");
	receipt_rec_set(r, "original_receipt_no", refund ? "DN01-01-2026-000123" : "");
	receipt_rec_set(r, "register", "01");
	receipt_rec_set(r, "at", "2026-11-22T03:15:42Z");
	receipt_rec_set(r, "business_date", "2026-11-22");
	receipt_rec_set(r, "cashier", "Nguyễn Thị Lan");
	receipt_rec_set(r, "cashier.login", "lan");
	receipt_rec_set(r, "approver", "");
	receipt_rec_set(r, "buyer.name", refund ? "" : "Công ty TNHH Quà Tặng Việt");
	receipt_rec_set(r, "buyer.tax_code", refund ? "" : "0300588569");
	receipt_rec_set(r, "buyer.address", "");
	receipt_rec_set(r, "buyer.contact", "");
	receipt_rec_set(r, "reason", refund ? "Khách đổi ý, hàng còn nguyên tem" : "");
	receipt_rec_set(r, "voided_by", "");
	receipt_rec_set(r, "refunded", "0");
	receipt_rec_set(r, "lookup_code", "3f2c9a1e-7b4d-4c8e-9a51-0d6e2b7c8f90");
	receipt_rec_set(r, "lookup_url", "");
	receipt_rec_set(r, "einvoice", "1");
	receipt_rec_set(r, "einvoice_kind", refund ? "adjust" : "original");
	receipt_rec_set_int(r, "einvoice_form", 1);
	receipt_rec_set(r, "einvoice_series", "C26MAB");
	receipt_rec_set(r, "einvoice_symbol", "1C26MAB");
	receipt_rec_set_int(r, "einvoice_no", refund ? 124 : 123);
	receipt_rec_set(r, "einvoice_code", refund ? "M1-26-A1B2C-00000000124" :
		       "M1-26-A1B2C-00000000123");
	receipt_rec_set(r, "einvoice_qr", refund ?
		       "hoadondientu.gdt.gov.vn|0100109106|1|C26MAB|124|M1-26-A1B2C-00000000124|"
		       "2026-11-22|185000" :
		       "hoadondientu.gdt.gov.vn|0100109106|1|C26MAB|123|M1-26-A1B2C-00000000123|"
		       "2026-11-22|1250000");
	receipt_rec_section(r, "lines");
	for (i = 0; i < nlines; i++) {
		const struct sample_item *s = &sample_items[i % NSAMPLE];
		int64_t g, amount, v;

		money_line_amount(s->price, s->qty, &g, NULL);
		amount = g - s->discount;
		v = money_vat_included(amount, s->rate);
		c = receipt_rec_add(r, "lines");
		receipt_rec_set_int(c, "line_no", i + 1);
		receipt_rec_set(c, "sku", s->sku);
		receipt_rec_set(c, "name", s->name);
		receipt_rec_set(c, "unit", s->unit);
		receipt_rec_set_int(c, "stars", s->stars);
		receipt_rec_set_int(c, "qty", s->qty);
		receipt_rec_set_int(c, "list_price", s->price);
		receipt_rec_set_int(c, "unit_price", s->price);
		receipt_rec_set_int(c, "gross", g);
		receipt_rec_set_int(c, "discount", s->discount);
		receipt_rec_set_int(c, "amount", amount);
		receipt_rec_set_int(c, "vat_rate", s->rate);
		receipt_rec_set_int(c, "vat", v);
		receipt_rec_set(c, "returned", "0");
		gross += g;
		discount += s->discount;
		total += amount;
		vat += v;
		for (k = 0; k < 5; k++)
			if (rates[k] == s->rate) {
				byrate[k][0] += amount;
				byrate[k][1] += v;
			}
	}
	receipt_rec_section(r, "vat");
	for (k = 0; k < 5; k++) {
		if (!byrate[k][0])
			continue;
		c = receipt_rec_add(r, "vat");
		receipt_rec_set_int(c, "rate", rates[k]);
		receipt_rec_set_int(c, "amount", byrate[k][0]);
		receipt_rec_set_int(c, "vat", byrate[k][1]);
		receipt_rec_set_int(c, "net", byrate[k][0] - byrate[k][1]);
	}
	receipt_rec_set_int(r, "gross", gross);
	receipt_rec_set_int(r, "discount", discount);
	receipt_rec_set_int(r, "total", total);
	receipt_rec_set_int(r, "vat", vat);
	receipt_rec_set_int(r, "paid", total);
	receipt_rec_set_int(r, "due", 0);
	receipt_rec_set_int(r, "cash_rounding", 0);
	receipt_rec_set_int(r, "paid_rounded", total);
	receipt_rec_section(r, "payments");
	if (refund) {
		c = receipt_rec_add(r, "payments");
		receipt_rec_set(c, "method", "cash");
		receipt_rec_set_int(c, "amount", total);
		receipt_rec_set_int(c, "tendered", total);
		receipt_rec_set(c, "change", "0");
		receipt_rec_set(c, "reference", "");
		receipt_rec_set_int(r, "tendered", total);
		receipt_rec_set(r, "change", "0");
		receipt_rec_set(r, "cash", "0");
		receipt_rec_set(r, "vietqr", "");
	} else {
		/* 200.000 by VietQR transfer, the rest in cash rounded up. */
		int64_t qr = total > 200000 ? 200000 : total / 2, cash = total - qr;
		int64_t tendered = (cash + 49999) / 50000 * 50000;

		c = receipt_rec_add(r, "payments");
		receipt_rec_set(c, "method", "qr");
		receipt_rec_set_int(c, "amount", qr);
		receipt_rec_set_int(c, "tendered", qr);
		receipt_rec_set(c, "change", "0");
		receipt_rec_set(c, "reference", "TT 3F2C9A1E");
		c = receipt_rec_add(r, "payments");
		receipt_rec_set(c, "method", "cash");
		receipt_rec_set_int(c, "amount", cash);
		receipt_rec_set_int(c, "tendered", tendered);
		receipt_rec_set_int(c, "change", tendered - cash);
		receipt_rec_set(c, "reference", "");
		receipt_rec_set_int(r, "tendered", tendered);
		receipt_rec_set_int(r, "change", tendered - cash);
		receipt_rec_set_int(r, "cash", cash);
		receipt_rec_set(r, "vietqr", "00020101021238570010A00000072701270006970436011300110012"
			       "345670208QRIBFTTA530370454061500005802VN62120808HD0001236304CD47");
	}
}

static void sample_shift(struct receipt_rec *r, int z)
{
	struct receipt_rec *c;
	static const struct { const char *m; int64_t a; } methods[] = {
		{ "cash", 6850000 }, { "qr", 4120000 }, { "card", 955000 }, { "wallet", 310000 },
	};
	static const struct { int rate; int64_t amount, vat; } rates[] = {
		{ 5, 2680000, 127619 }, { 8, 8655000, 641111 }, { VAT_KCT, 900000, 0 },
	};
	size_t i;

	receipt_rec_set_int(r, "einvoice_waiting", 0);
	receipt_rec_set_int(r, "einvoice_rejected", 0);
	receipt_rec_set(r, "shift_id", "42");
	receipt_rec_set(r, "register", "01");
	receipt_rec_set(r, "cashier", "Trần Văn Đức");
	receipt_rec_set(r, "opened_at", "2026-11-22T00:30:00Z");
	receipt_rec_set(r, "business_date", "2026-11-22");
	receipt_rec_set(r, "closed", z ? "1" : "");
	receipt_rec_set(r, "closed_at", z ? "2026-11-22T11:05:00Z" : "");
	receipt_rec_set(r, "z_no", z ? "DN01-01-Z2026-000087" : "");
	receipt_rec_set(r, "opening_float", "1000000");
	receipt_rec_set(r, "sales_count", "57");
	receipt_rec_set(r, "refunds_count", "2");
	receipt_rec_set(r, "voids_count", "1");
	receipt_rec_set(r, "sales_total", "12765000");
	receipt_rec_set(r, "refunds_total", "345000");
	receipt_rec_set(r, "voids_total", "185000");
	receipt_rec_set(r, "net_total", "12235000");
	receipt_rec_set(r, "cash_in", "500000");
	receipt_rec_set(r, "cash_out", "220000");
	receipt_rec_set(r, "discounts", "96000");
	receipt_rec_set(r, "expected_cash", "8130000");
	receipt_rec_set(r, "cash_rounding", "0");
	receipt_rec_set(r, "blind", "");
	receipt_rec_set(r, "counted_cash", z ? "8100000" : "0");
	receipt_rec_set(r, "over_short", z ? "-30000" : "0");
	receipt_rec_set(r, "counts", z ? "500000x10,200000x12,100000x6,50000x4,20000x5" : "");
	if (z) {
		receipt_rec_set(r, "journal_seq", "48213");
		receipt_rec_set(r, "grand_total", "1843250000");
		receipt_rec_set(r, "journal_hash1", "5995dabf40cbcc87390c7c00a4adc6dc");
		receipt_rec_set(r, "journal_hash2", "6234bfd1499c8a4e97a7cd645f8dcdf2");
	}
	receipt_rec_section(r, "methods");
	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		c = receipt_rec_add(r, "methods");
		receipt_rec_set(c, "method", methods[i].m);
		receipt_rec_set_int(c, "amount", methods[i].a);
	}
	receipt_rec_section(r, "vat");
	for (i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		c = receipt_rec_add(r, "vat");
		receipt_rec_set_int(c, "rate", rates[i].rate);
		receipt_rec_set_int(c, "amount", rates[i].amount);
		receipt_rec_set_int(c, "vat", rates[i].vat);
	}
}

static void sample_grn(struct receipt_rec *r)
{
	static const struct {
		const char *sku, *name, *unit, *lot, *expiry, *owner;
		int64_t qty, cost;
		int bp;
	} l[] = {
		{ "MO-001", "Mật ong bạc hà Mèo Vạc", "hũ", "L20261120-1", "2027-11-20",
		  "HTX Mật ong Mèo Vạc", 24000, 140000, 1500 },
		{ "CHE-014", "Trà shan tuyết cổ thụ Hà Giang hộp quà 100g", "hộp", "SH-2611",
		  "2028-05-01", "HTX Mật ong Mèo Vạc", 12000, 180000, 1500 },
		{ "KEO-09", "Kẹo dừa Bến Tre vị sầu riêng", "túi", "KD-7781", "", "", 50000, 31000,
		  0 },
	};
	struct receipt_rec *c;
	int64_t total = 0;
	size_t i;

	receipt_rec_set(r, "grn_no", "DN01-PNK-2026-000311");
	receipt_rec_set(r, "received_on", "2026-11-20");
	receipt_rec_set(r, "at", "2026-11-20T02:40:00Z");
	receipt_rec_set(r, "received_by", "quanly");
	receipt_rec_section(r, "lines");
	for (i = 0; i < sizeof(l) / sizeof(l[0]); i++) {
		int64_t amount;

		money_line_amount(l[i].cost, l[i].qty, &amount, NULL);
		c = receipt_rec_add(r, "lines");
		receipt_rec_set(c, "sku", l[i].sku);
		receipt_rec_set(c, "name", l[i].name);
		receipt_rec_set(c, "unit", l[i].unit);
		receipt_rec_set(c, "lot_no", l[i].lot);
		receipt_rec_set(c, "expiry", l[i].expiry);
		receipt_rec_set_int(c, "qty", l[i].qty);
		receipt_rec_set_int(c, "unit_cost", l[i].cost);
		receipt_rec_set_int(c, "amount", amount);
		receipt_rec_set(c, "owner", l[i].owner);
		receipt_rec_set(c, "owner_code", l[i].owner[0] ? "HTX-MEOVAC" : "");
		receipt_rec_set_int(c, "commission", l[i].bp);
		total += amount;
	}
	receipt_rec_set_int(r, "total_cost", total);
	receipt_rec_set(r, "consigned", "1");
	receipt_rec_set(r, "supplier", "");
}

static void sample_consignment(struct receipt_rec *r)
{
	static const struct {
		const char *sku, *name, *unit, *lot_no, *received_on, *expiry;
		int commission_bp;
		int64_t unit_cost, sold, refunded, returned, unsold, gross, commission, payable;
	} s[] = {
		{ "MO-001", "Mật ong bạc hà Mèo Vạc", "hũ", "L20261001-3", "2026-10-01",
		  "2027-10-01", 1500, 140000, 18000, 1000, 0, 5000, 3145000, 471750, 2673250 },
		{ "CHE-014", "Trà shan tuyết cổ thụ Hà Giang hộp quà 100g", "hộp", "SH-2609",
		  "2026-09-15", "", 1250, 180000, 7000, 0, 2000, 3000, 1680000, 210000, 1470000 },
	};
	struct report_consign_lot l;
	struct receipt_rec *c;
	size_t i;

	receipt_rec_set(r, "statement_id", "7");
	receipt_rec_set(r, "producer.code", "HTX-MEOVAC");
	receipt_rec_set(r, "producer.name", "Hợp tác xã Mật ong bạc hà Mèo Vạc");
	receipt_rec_set(r, "producer.tax_code", "0101243150");
	receipt_rec_set(r, "producer.phone", "0912 345 678");
	receipt_rec_set(r, "from", "2026-11-01");
	receipt_rec_set(r, "to", "2026-11-30");
	receipt_rec_set(r, "gross", "4825000");
	receipt_rec_set(r, "commission", "681750");
	receipt_rec_set(r, "payable", "4143250");
	receipt_rec_set(r, "created_at", "2026-12-01T02:00:00Z");
	receipt_rec_set(r, "created_by", "quanly");
	receipt_rec_set(r, "paid", "");
	receipt_rec_set(r, "paid_at", "");
	receipt_rec_set(r, "paid_reference", "");
	receipt_rec_section(r, "lines");
	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		memset(&l, 0, sizeof(l));
		snprintf(l.sku, sizeof(l.sku), "%s", s[i].sku);
		snprintf(l.name, sizeof(l.name), "%s", s[i].name);
		snprintf(l.unit, sizeof(l.unit), "%s", s[i].unit);
		snprintf(l.lot_no, sizeof(l.lot_no), "%s", s[i].lot_no);
		snprintf(l.received_on, sizeof(l.received_on), "%s", s[i].received_on);
		snprintf(l.expiry, sizeof(l.expiry), "%s", s[i].expiry);
		l.commission_bp = s[i].commission_bp;
		l.unit_cost = s[i].unit_cost;
		l.sold_milli = s[i].sold;
		l.refunded_milli = s[i].refunded;
		l.returned_milli = s[i].returned;
		l.unsold_milli = s[i].unsold;
		l.gross = s[i].gross;
		l.commission = s[i].commission;
		l.payable = s[i].payable;
		c = receipt_rec_add(r, "lines");
		set_consign_lot(c, &l);
	}
}

/* A transfer of three lots (two consigned) from DN01 to HN01. */
static int sample_transfer(int copy, struct receipt_rec **out, struct pos_error *err)
{
	static const struct {
		const char *sku, *name, *unit, *lot, *expiry, *owner;
		int64_t qty;
	} l[] = {
		{ "MO-001", "Mật ong bạc hà Mèo Vạc", "hũ", "L20261120-1", "2027-11-20",
		  "HTX-MEOVAC", 12000 },
		{ "CHE-014", "Trà shan tuyết cổ thụ Hà Giang hộp quà 100g", "hộp", "SH-2611",
		  "2028-05-01", "HTX-MEOVAC", 6000 },
		{ "KEO-09", "Kẹo dừa Bến Tre vị sầu riêng", "túi", "KD-7781", "", "", 20000 },
	};
	static const char *const owners[] = { "HTX Mật ong Mèo Vạc", "HTX Mật ong Mèo Vạc", "" };
	struct transfer_lot lots[3];
	struct transfer_doc d;
	size_t i;
	int r;

	memset(&d, 0, sizeof(d));
	memset(lots, 0, sizeof(lots));
	snprintf(d.uuid, sizeof(d.uuid), "7f3a9c2e-41b8-4d6e-9a10-5c2d8e4f6b71");
	snprintf(d.from, sizeof(d.from), "DN01");
	snprintf(d.to, sizeof(d.to), "HN01");
	snprintf(d.created, sizeof(d.created), "2026-11-22T02:15:00Z");
	snprintf(d.user, sizeof(d.user), "quanly");
	snprintf(d.note, sizeof(d.note), "Bổ sung hàng cho hội chợ OCOP Hà Nội");
	for (i = 0; i < 3; i++) {
		snprintf(lots[i].sku, sizeof(lots[i].sku), "%s", l[i].sku);
		snprintf(lots[i].name, sizeof(lots[i].name), "%s", l[i].name);
		snprintf(lots[i].unit, sizeof(lots[i].unit), "%s", l[i].unit);
		snprintf(lots[i].lot_no, sizeof(lots[i].lot_no), "%s", l[i].lot);
		snprintf(lots[i].expiry, sizeof(lots[i].expiry), "%s", l[i].expiry);
		snprintf(lots[i].owner, sizeof(lots[i].owner), "%s", l[i].owner);
		lots[i].qty_milli = l[i].qty;
	}
	d.lots = lots;
	d.nlots = 3;
	if ((r = receipt_data_from_transfer(&d, NULL, owners, copy, out, err)))
		return r;
	sample_seller(*out);
	receipt_rec_set(*out, "printed_at", "2026-11-22T09:30:00Z");
	return 0;
}

int receipt_data_sample(const char *name, int nlines, int copy, struct receipt_rec **out,
			struct pos_error *err)
{
	struct receipt_rec *r;

	if (!name)
		name = "";
	if (strcmp(name, "label") == 0) {
		struct product p;
		struct producer pr;

		product_init(&p);
		producer_init(&pr);
		snprintf(p.sku, sizeof(p.sku), "MO-001");
		snprintf(p.name, sizeof(p.name), "Mật ong bạc hà Mèo Vạc");
		snprintf(p.unit, sizeof(p.unit), "hũ 500 ml");
		snprintf(p.producer, sizeof(p.producer), "HTX-MEOVAC");
		snprintf(p.origin_province, sizeof(p.origin_province), "08");
		p.ocop_group = 1;
		p.stars = 4;
		p.price = 185000;
		p.vat_rate = 5;
		snprintf(p.cert_number, sizeof(p.cert_number), "123/QĐ-UBND");
		snprintf(p.cert_issuer, sizeof(p.cert_issuer), "UBND tỉnh Tuyên Quang");
		snprintf(p.cert_expires, sizeof(p.cert_expires), "2028-01-15");
		snprintf(p.barcodes[0], PRODUCT_BARCODE_LEN, "8931234500016");
		p.nbarcodes = 1;
		snprintf(pr.name, sizeof(pr.name), "HTX Mật ong Mèo Vạc");
		if (receipt_data_from_product(&p, &pr, &r, err))
			return POS_ERR_NO_MEM;
		/* The same whether or not the reference data is loaded. */
		receipt_rec_set(r, "origin", "Tuyên Quang");
		return finish(r, out, err);
	}
	if (strcmp(name, "transfer") == 0)
		return sample_transfer(copy, out, err);
	if (strcmp(name, "sale") && strcmp(name, "refund") && strcmp(name, "shift_x") &&
	    strcmp(name, "shift_z") && strcmp(name, "grn") && strcmp(name, "consignment"))
		return pos_fail(err, POS_ERR_NOT_FOUND, tr("no sample data for a template \"%s\" "
				"(sale, refund, shift_x, shift_z, grn, consignment, label, "
				"transfer)"), name);
	r = receipt_rec_new();
	if (!r)
		return no_mem(err);
	sample_seller(r);
	receipt_rec_set(r, "copy", copy ? "1" : "");
	receipt_rec_set(r, "printed_at", "2026-11-22T09:30:00Z");
	if (!strcmp(name, "sale") || !strcmp(name, "refund"))
		sample_sale(r, nlines > 0 ? nlines : 4, name[0] == 'r');
	else if (!strncmp(name, "shift_", 6))
		sample_shift(r, name[6] == 'z');
	else if (!strcmp(name, "grn"))
		sample_grn(r);
	else
		sample_consignment(r);
	return finish(r, out, err);
}
