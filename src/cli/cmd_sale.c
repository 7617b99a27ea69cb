/*
 * cmd_sale.c - `ocop-pos sale` (a whole scripted sale, void, show, held)
 * and `ocop-pos return`.
 *
 * A scripted sale builds a transient cart (never mirrored in the cart
 * table: the command is one shot, and a half-built cart left by a killed
 * script must not pop up at the till) and completes it in one
 * transaction.  --uuid makes a retry idempotent: the sale with that UUID,
 * when it exists, is printed again (marked as already recorded) and
 * nothing is written.  --print prints after the commit; a print failure
 * leaves the sale saved, says so and how to print it again, and does not
 * change the exit status (the sale is done).
 *
 * --scan, --pay, --line-discount and --price repeat, which cli_parse()
 * does not do: they are taken out of argv first, in order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "app/printing.h"
#include "core/admin.h"
#include "core/catalog.h"
#include "core/customer.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/sale.h"
#include "core/user.h"
#include "core/vntext.h"

static int run_sale(struct app_ctx *ctx, const struct cli_args *a);
static int run_void(struct app_ctx *ctx, const struct cli_args *a);
static int run_show(struct app_ctx *ctx, const struct cli_args *a);
static int run_held(struct app_ctx *ctx, const struct cli_args *a);
static int run_rounding(struct app_ctx *ctx, const struct cli_args *a);
static int run_return(struct app_ctx *ctx, const struct cli_args *a);

#define O_UUID CLI_STR("uuid", "UUID", "makes a retried script safe")
#define O_PRINT CLI_FLAG("print", "print the receipt"), \
	CLI_PRINTER

static const struct cli_opt sell_opts[] = {
	CLI_USER,
	CLI_LIST("scan", "CODE[*QTY]", "a barcode or SKU (and a quantity)"),
	CLI_LIST("pay", "METHOD", "cash[:VND], qr[:VND], card[:VND]:REF, wallet[:VND]:REF"),
	CLI_STR("discount", "PCT%|VND", "a discount on the whole sale"),
	CLI_LIST("line-discount", "N:PCT%|N:VND", "a discount on line N"),
	CLI_LIST("price", "N:VND", "another price for line N (a manager approves)"),
	CLI_STR("approve", "MANAGER", "who approves (PIN on the next line)"),
	CLI_STR("buyer-name", "TEXT", "the buyer, for an invoice"),
	CLI_STR("buyer-tax", "MST", "the buyer's tax code"),
	CLI_STR("buyer-address", "TEXT", "the buyer's address"),
	CLI_STR("buyer-contact", "TEXT", "the buyer's e-mail or phone"),
	CLI_STR("customer", "PHONE", "the customer buying (their points, their invoice details)"),
	CLI_INT("redeem", 1, 1000000000, "POINTS", "the customer's points to pay with"),
	O_UUID,
	O_PRINT, CLI_FORMAT_JSON, CLI_END,
};
static const struct cli_opt void_opts[] = {
	CLI_USER, CLI_STR("reason", "TEXT", "why (required)"), O_PRINT, CLI_FORMAT_JSON, CLI_END,
};
static const struct cli_opt show_opts[] = { CLI_FORMAT_JSON, CLI_USER, CLI_END };
static const struct cli_opt held_opts[] = { CLI_FORMAT, CLI_USER, CLI_END };
static const struct cli_opt rounding_opts[] = { CLI_USER, CLI_END };

static const struct cli_sub sale_subs[] = {
	{ NULL, NULL, "sell: scan, pay, print", sell_opts, run_sale, 0,
	"CODE is a barcode (label-scale codes too) or a SKU; QTY may be decimal\n"
	"(1.5 kg).  Scanning a product again adds to its line.  METHOD is\n"
	"cash[:VND] (what the customer hands over; no amount = exact cash),\n"
	"qr[:VND], card[:VND]:REF or wallet[:VND]:REF (the terminal's or app's\n"
	"reference); several --pay split the payment, cash last gives change.\n"
	"--line-discount and --price name a line by its number (1 = first).\n"
	"The PIN of --user is read from standard input; with --approve, the\n"
	"approver's PIN is on the next line (a discount over the cashier's limit\n"
	"or a price change).  --uuid UUID makes a retried script safe: a sale\n"
	"with that UUID is shown again, never made twice.  The shift of the\n"
	"register must be open.  A print failure does not undo the sale:\n"
	"print it again with `ocop-pos receipt print RECEIPT_NO`.\n" },
	{ "void", NULL, "void the register's last sale of the open shift (a manager)", void_opts,
	  run_void, 0, NULL },
	{ "show", "RECEIPT_NO|UUID", "show a sale, return or void", show_opts, run_show,
	  CLI_NEEDS(PERM_RECEIPTS), NULL },
	{ "held", NULL, "the register's held carts", held_opts, run_held, CLI_NEEDS(PERM_SELL),
	  NULL },
	{ "rounding", "[STEP]", "the cash rounding step (an admin sets it)", rounding_opts,
	  run_rounding, CLI_NEEDS(PERM_SELL),
	"Cash totals are rounded to STEP VND, to the nearest with halves up\n"
	"(164.480 -> 164.000 at 1000): 0 = off (the default), or 100, 200, 500,\n"
	"1000, 2000, 5000, 10000.  Only cash is rounded; the sale's total, VAT\n"
	"and e-invoice stay exact and the rounding is its own line on the receipt\n"
	"and in the X/Z reports.  Without STEP, shows the step in force.\n" },
	CLI_SUBS_END,
};

static const struct cli_opt return_opts[] = {
	CLI_USER,
	CLI_LIST("scan", "CODE[*QTY]", "what comes back"),
	CLI_FLAG("all", "everything not yet returned"),
	CLI_STR("refund", "original|cash", "how the refund is paid (default original)"),
	CLI_STR("writeoff", "REASON", "write the goods off instead (a manager)"),
	O_UUID,
	O_PRINT, CLI_FORMAT_JSON, CLI_END,
};

static const struct cli_sub return_subs[] = {
	{ NULL, "RECEIPT_NO", "take goods back against a receipt and refund them", return_opts,
	  run_return, 0,
	"Takes back what is scanned (--scan, a SKU or barcode; no QTY = one\n"
	"unit) or everything not yet returned (--all), never more than was\n"
	"sold minus earlier returns.  Goods go back to the lot and owner they\n"
	"came from; with --writeoff REASON they are written off instead (a\n"
	"manager; REASON may start with damaged, expired, lost or sample).  The\n"
	"refund is paid by the sale's own methods (--refund original, the\n"
	"default) or all in cash.  The refund gets its own number\n"
	"(<showroom>-<register>-<year>-R<seq>).  The user's PIN is read from\n"
	"standard input.\n" },
	CLI_SUBS_END,
};

const struct cli_cmd cmd_sale = {
	"sale", "sell (a whole scripted sale), void the last sale, show a receipt, held carts",
	sale_subs, NULL,
};

const struct cli_cmd cmd_return = {
	"return", "take goods back against a receipt and refund them", return_subs, NULL,
};

/* ---- repeated options ---------------------------------------------- */

#define MAX_REPEAT 256

struct repeated {
	const char *const *scan, *const *pay, *const *ldisc, *const *price;
	int nscan, npay, nldisc, nprice;
};

/* The repeatable options of a; 0, or 2 after a usage message. */
static int take_repeated(const struct cli_args *a, struct repeated *r)
{
	r->scan = cli_list(a, "scan", &r->nscan);
	r->pay = cli_list(a, "pay", &r->npay);
	r->ldisc = cli_list(a, "line-discount", &r->nldisc);
	r->price = cli_list(a, "price", &r->nprice);
	if (r->nscan > MAX_REPEAT || r->npay > MAX_REPEAT || r->nldisc > MAX_REPEAT ||
	    r->nprice > MAX_REPEAT)
		return cli_usage(a->cmd, tr("too many options (at most %d of each)"), MAX_REPEAT);
	return 0;
}
/* "CODE*QTY" -> code (in buf) and qty (0 = none given). */
static int parse_scan(const char *s, char *code, size_t n, int64_t *qty)
{
	const char *star = strrchr(s, '*');
	struct pos_error err;

	*qty = 0;
	if (!star) {
		snprintf(code, n, "%s", s);
		return 0;
	}
	if ((size_t)(star - s) >= n || star == s)
		return app_fail(tr("\"%s\" is not CODE*QTY"), s);
	snprintf(code, n, "%.*s", (int)(star - s), s);
	if (qty_parse(star + 1, qty, &err))
		return app_fail(tr("\"%s\": %s"), s, pos_error_text(&err));
	return 0;
}

/* "12.5%" -> 1250 basis points, or "50000" / "50.000" -> an amount. */
static int parse_discount(const char *s, int *bp, int64_t *amount)
{
	size_t len = strlen(s);
	struct pos_error err;

	*bp = 0;
	*amount = 0;
	if (len && s[len - 1] == '%') {
		char num[32], *dot;
		long whole = 0, frac = 0;
		int digits = 0;
		size_t i;

		if (len - 1 >= sizeof(num) || len == 1)
			return app_fail(tr("\"%s\" is not a discount: give 10%% or an amount"), s);
		snprintf(num, sizeof(num), "%.*s", (int)(len - 1), s);
		dot = strpbrk(num, ".,");
		for (i = 0; num[i]; i++) {
			if (&num[i] == dot)
				continue;
			if (num[i] < '0' || num[i] > '9')
				return app_fail(tr("\"%s\" is not a discount: give 10%% or an amount"), s);
			if (dot && &num[i] > dot) {
				if (++digits > 2)
					return app_fail(tr("\"%s\": at most two decimals in a percentage"),
							s);
				frac = frac * 10 + (num[i] - '0');
			} else if (whole < 1000) {
				whole = whole * 10 + (num[i] - '0');
			}
		}
		if (digits == 1)
			frac *= 10;
		if (whole > 100 || (whole == 100 && frac))
			return app_fail(tr("\"%s\": a discount is at most 100%%"), s);
		*bp = (int)(whole * 100 + frac);
		return 0;
	}
	if (money_parse(s, amount, &err))
		return app_fail("%s", pos_error_text(&err));
	return 0;
}

/* "N:VALUE" -> line index (0-based) and the value text. */
static int parse_line_ref(const char *s, size_t nlines, size_t *line, const char **val)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (end == s || *end != ':' || n < 1)
		return app_fail(tr("\"%s\" is not N:VALUE (N = the line number, 1 = first)"), s);
	if ((size_t)n > nlines)
		return app_fail(tr("\"%s\": there is no line %ld (the sale has %zu)"), s, n, nlines);
	*line = (size_t)n - 1;
	*val = end + 1;
	return 0;
}

/* "cash[:VND]", "qr[:VND]", "card[:VND]:REF", "wallet[:VND]:REF". */
static int parse_pay(const char *s, enum pay_method *m, int64_t *amount, char *ref, size_t n)
{
	char method[16], a[64];
	const char *c1 = strchr(s, ':'), *c2;
	struct pos_error err;

	*amount = 0;
	ref[0] = '\0';
	snprintf(method, sizeof(method), "%.*s", (int)(c1 ? (size_t)(c1 - s) : strlen(s)), s);
	if (pay_method_parse(method, m, &err))
		return app_fail("%s", pos_error_text(&err));
	if (!c1)
		return 0;
	c2 = strchr(c1 + 1, ':');
	snprintf(a, sizeof(a), "%.*s", (int)(c2 ? (size_t)(c2 - c1 - 1) : strlen(c1 + 1)), c1 + 1);
	if (c2)
		snprintf(ref, n, "%s", c2 + 1);
	if (!a[0])
		return 0;
	if (money_parse(a, amount, &err)) {
		/* card:REF and wallet:REF, without an amount */
		if (!c2 && (*m == PAY_CARD || *m == PAY_WALLET)) {
			snprintf(ref, n, "%s", a);
			return 0;
		}
		return app_fail(tr("--pay %s: %s"), s, pos_error_text(&err));
	}
	if (*amount <= 0)
		return app_fail(tr("--pay %s: the amount must be more than 0"), s);
	return 0;
}

/* ---- printing ------------------------------------------------------ */

static void pad(int n)
{
	while (n-- > 0)
		putchar(' ');
}

static void money_row(const char *label, int64_t v, const char *note)
{
	char m[MONEY_FMT_MAX];

	money_format(v, m, sizeof(m));
	printf("%s", label);
	pad(32 - vn_width(label));
	pad(14 - vn_width(m));
	printf("%s%s%s\n", m, note && *note ? "  " : "", note ? note : "");
}

static void vat_label(int rate, char *out, size_t n)
{
	char r[8];

	if (rate == VAT_KCT) {
		snprintf(out, n, "%s", tr("Not subject to VAT:"));
		return;
	}
	if (vat_rate_format(rate, r, sizeof(r)) < 0)
		snprintf(r, sizeof(r), "?");
	snprintf(out, n, tr("VAT at %s:"), r);
}

/* "Paid by card:" or "Refunded by card:": one msgid each, for translators. */
static const char *method_label(int refund, enum pay_method m)
{
	switch (m) {
	case PAY_CASH: return refund ? tr("Refunded in cash:") : tr("Paid in cash:");
	case PAY_QR: return refund ? tr("Refunded by bank transfer:") :
				     tr("Paid by bank transfer (VietQR):");
	case PAY_CARD: return refund ? tr("Refunded to the card:") : tr("Paid by card:");
	default: return refund ? tr("Refunded to the e-wallet:") : tr("Paid by e-wallet:");
	}
}

/* The figures of a document: totals, VAT by rate, payments, change. */
static void print_totals(const struct sale_doc *d)
{
	char label[96], note[128];
	size_t i;

	if (d->discount)
		money_row(tr("Discount:"), d->discount, NULL);
	money_row(tr("Total:"), d->total, NULL);
	for (i = 0; i < d->nrates; i++) {
		char base[MONEY_FMT_MAX];

		vat_label(d->rates[i].rate, label, sizeof(label));
		money_format(d->rates[i].net, base, sizeof(base));
		snprintf(note, sizeof(note), tr("(net %s)"), base);
		money_row(label, d->rates[i].vat, note);
	}
	for (i = 0; i < d->npay; i++) {
		const struct sale_doc_payment *p = &d->pay[i];

		snprintf(label, sizeof(label), "%s",
			 method_label(strcmp(d->kind, "sale") != 0, p->method));
		snprintf(note, sizeof(note), "%s", p->reference);
		money_row(label, p->amount, note);
		if (p->method == PAY_CASH && p->tendered > p->amount && strcmp(d->kind, "sale") == 0)
			money_row(tr("  cash received:"), p->tendered, NULL);
	}
	if (d->cash_rounding) {
		money_row(tr("Cash rounding:"), d->cash_rounding, NULL);
		money_row(strcmp(d->kind, "sale") == 0 ? tr("Paid after rounding:")
						       : tr("Given back after rounding:"),
			  d->total + d->cash_rounding, NULL);
	}
	if (strcmp(d->kind, "sale") == 0)
		money_row(tr("Change:"), d->change, NULL);
}

static void print_lines(const struct sale_doc *d)
{
	size_t i;

	for (i = 0; i < d->nlines; i++) {
		const struct sale_doc_line *l = &d->lines[i];
		char q[QTY_FMT_MAX], up[MONEY_FMT_MAX], am[MONEY_FMT_MAX], vr[8], name[80];
		int used;
		size_t cut = vn_fit(l->name, 34, &used);

		qty_format(l->qty_milli, q, sizeof(q));
		money_format(l->unit_price, up, sizeof(up));
		money_format(l->amount, am, sizeof(am));
		if (vat_rate_format(l->vat_rate, vr, sizeof(vr)) < 0)
			snprintf(vr, sizeof(vr), "?");
		snprintf(name, sizeof(name), "%.*s", (int)(cut < sizeof(name) ? cut : sizeof(name) - 1),
			 l->name);
		printf("%3d  %s", l->line_no, name);
		pad(35 - vn_width(name));
		printf("%s %s x %s", q, l->unit, up);
		printf("  = %s  (%s)\n", am, vr);
		if (l->discount) {
			char dm[MONEY_FMT_MAX];

			money_format(l->discount, dm, sizeof(dm));
			printf("     %s %s\n", tr("discount"), dm);
		}
		if (l->returned_milli) {
			qty_format(l->returned_milli, q, sizeof(q));
			printf("     %s %s\n", tr("returned:"), q);
		}
	}
}

static const char *kind_title(const char *kind)
{
	if (strcmp(kind, "refund") == 0)
		return tr("Refund");
	if (strcmp(kind, "void") == 0)
		return tr("Void");
	return tr("Receipt");
}

static void print_doc(const struct sale_doc *d)
{
	printf("%s %s\n", kind_title(d->kind), d->receipt_no);
	if (d->original_no[0])
		printf("%s %s\n", tr("Of sale:"), d->original_no);
	printf("%s %s  %s %s  %s %s\n", tr("Time:"), d->local_time, tr("Register:"),
	       d->register_code, tr("Cashier:"), d->cashier);
	printf("%s %s", tr("Seller:"), d->seller_name);
	if (d->seller_address[0])
		printf(", %s", d->seller_address);
	if (d->seller_tax_code[0])
		printf(", %s %s", tr("tax code"), d->seller_tax_code);
	putchar('\n');
	if (d->buyer_name[0] || d->buyer_tax_code[0] || d->buyer_address[0] ||
	    d->buyer_contact[0]) {
		const char *part[4] = { d->buyer_name, d->buyer_tax_code, d->buyer_address,
					d->buyer_contact };
		int i, first = 1;

		printf("%s", tr("Buyer:"));
		for (i = 0; i < 4; i++) {
			if (!part[i][0])
				continue;
			printf("%s %s%s%s", first ? "" : ",", i == 1 ? tr("tax code") : "",
			       i == 1 ? " " : "", part[i]);
			first = 0;
		}
		putchar('\n');
	}
	if (d->approver[0])
		printf("%s %s\n", tr("Approved by:"), d->approver);
	if (d->reason[0])
		printf("%s %s\n", tr("Reason:"), d->reason);
	print_lines(d);
	print_totals(d);
	if (d->voided_by[0])
		printf("%s %s\n", tr("Voided by:"), d->voided_by);
	if (d->nrefunds) {
		char m[MONEY_FMT_MAX];

		money_format(d->refunded, m, sizeof(m));
		printf(tr("Returns: %d, refunded %s\n"), d->nrefunds, m);
	}
	printf("%s %s\n", tr("Look-up code:"), d->uuid);
}

static void json_str(const char *key, const char *v, int last)
{
	const unsigned char *p;

	printf("  \"%s\": \"", key);
	for (p = (const unsigned char *)v; *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p < 0x20)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	printf("\"%s\n", last ? "" : ",");
}

static void print_doc_json(const struct sale_doc *d, int replayed)
{
	size_t i;

	printf("{\n");
	json_str("receipt_no", d->receipt_no, 0);
	json_str("kind", d->kind, 0);
	json_str("uuid", d->uuid, 0);
	json_str("original_no", d->original_no, 0);
	json_str("at", d->at, 0);
	json_str("business_date", d->business_date, 0);
	json_str("register", d->register_code, 0);
	json_str("cashier", d->cashier, 0);
	json_str("voided_by", d->voided_by, 0);
	printf("  \"replayed\": %s,\n", replayed ? "true" : "false");
	printf("  \"gross\": %lld, \"discount\": %lld, \"total\": %lld, \"vat\": %lld,\n",
	       (long long)d->gross, (long long)d->discount, (long long)d->total, (long long)d->vat);
	printf("  \"paid\": %lld, \"change\": %lld, \"refunded\": %lld, \"cash_rounding\": %lld,\n",
	       (long long)d->paid, (long long)d->change, (long long)d->refunded,
	       (long long)d->cash_rounding);
	printf("  \"vat_by_rate\": [");
	for (i = 0; i < d->nrates; i++)
		printf("%s{\"rate\": %d, \"amount\": %lld, \"vat\": %lld}", i ? ", " : "",
		       d->rates[i].rate, (long long)d->rates[i].amount, (long long)d->rates[i].vat);
	printf("],\n  \"lines\": [");
	for (i = 0; i < d->nlines; i++) {
		const struct sale_doc_line *l = &d->lines[i];
		char q[QTY_FMT_MAX];

		qty_format_c(l->qty_milli, q, sizeof(q));
		printf("%s\n    {\"line\": %d, \"sku\": \"%s\", \"qty\": %s, \"unit_price\": %lld, "
		       "\"discount\": %lld, \"amount\": %lld, \"vat_rate\": %d, \"vat\": %lld}",
		       i ? "," : "", l->line_no, l->sku, q, (long long)l->unit_price,
		       (long long)l->discount, (long long)l->amount, l->vat_rate, (long long)l->vat);
	}
	printf("],\n  \"payments\": [");
	for (i = 0; i < d->npay; i++)
		printf("%s{\"method\": \"%s\", \"amount\": %lld, \"tendered\": %lld, "
		       "\"change\": %lld}", i ? ", " : "", pay_method_name(d->pay[i].method),
		       (long long)d->pay[i].amount, (long long)d->pay[i].tendered,
		       (long long)d->pay[i].change);
	printf("]\n}\n");
}

/* Show the document no (a just-made sale or refund) in fmt. */
static int show_doc(struct app_ctx *ctx, const char *no, enum app_format fmt, int replayed)
{
	struct pos_error err;
	struct sale_doc d;

	if (sale_doc_load(ctx->db, no, &d, &err))
		return app_error(&err);
	if (fmt == APP_JSON) {
		print_doc_json(&d, replayed);
	} else {
		if (replayed)
			printf("%s\n", tr("Already recorded earlier with the same --uuid: nothing "
					  "was written."));
		print_doc(&d);
	}
	sale_doc_release(&d);
	return 0;
}

static void print_after(struct app_ctx *ctx, const char *no, int print, const char *printer)
{
	struct pos_error err;

	if (!print)
		return;
	fflush(stdout);
	if (app_print_receipt(ctx, no, printer, 0, &err)) {
		/* printing.c's sentences already say the sale is saved and how to
		 * print it again; say it ourselves when one does not */
		if (strstr(pos_error_text(&err), "receipt print"))
			app_fail("%s", pos_error_text(&err));
		else
			fprintf(stderr, tr("ocop-pos: %s is saved, but its receipt did not print: "
					   "%s. Print it again with `ocop-pos receipt print %s`.\n"),
				no, pos_error_text(&err), no);
	}
}

/* ---- sale ------------------------------------------------------------ */

static int sale_show(struct app_ctx *ctx, int npos, char **argv, const char *format)
{
	enum app_format fmt;
	int r;

	if (app_format_parse(format, &fmt) || fmt == APP_CSV)
		return cli_usage(&cmd_sale, tr("unknown format \"%s\": use table or json"), format);
	if (npos != 2)
		return cli_usage(&cmd_sale, "%s", tr("sale show needs one receipt number"));
	if ((r = app_db(ctx, 0)))
		return r;
	return show_doc(ctx, argv[2], fmt, 0);
}

static int sale_held(struct app_ctx *ctx, const char *format)
{
	struct held_cart *h = NULL;
	struct app_table *t;
	struct pos_error err;
	enum app_format fmt;
	size_t n = 0, i;
	int r;

	if (app_format_parse(format, &fmt))
		return cli_usage(&cmd_sale, tr("unknown format \"%s\""), format);
	if ((r = app_db(ctx, 0)))
		return r;
	if (cart_held_list(ctx->db, ctx->cfg.register_code, &h, &n, &err))
		return app_error(&err);
	if (n == 0 && fmt == APP_TABLE) {
		fprintf(stderr, tr("No held carts on register %s.\n"), ctx->cfg.register_code);
		free(h);
		return 0;
	}
	t = app_table_new(5);
	app_table_col(t, 0, "uuid", "Cart", COL_TEXT);
	app_table_col(t, 1, "label", "Label", COL_TEXT);
	app_table_col(t, 2, "lines", "Lines", COL_INT);
	app_table_col(t, 3, "total", "Total", COL_MONEY);
	app_table_col(t, 4, "updated_at", "Held at", COL_TEXT);
	for (i = 0; i < n; i++) {
		app_table_add_text(t, h[i].uuid);
		app_table_add_text(t, h[i].label);
		app_table_add_int(t, h[i].nlines);
		app_table_add_money(t, h[i].total);
		app_table_add_text(t, h[i].updated_at);
	}
	app_table_print(t, fmt, stdout);
	free(h);
	return 0;
}

static int sale_void(struct app_ctx *ctx, const char *user, const char *reason,
		     const char *format, int print, const char *printer)
{
	struct sale_result res;
	struct pos_error err;
	enum app_format fmt;
	struct user u;
	int r;

	if (app_format_parse(format, &fmt) || fmt == APP_CSV)
		return cli_usage(&cmd_sale, tr("unknown format \"%s\": use table or json"), format);
	if (!reason || !*reason)
		return cli_usage(&cmd_sale, "%s", tr("a void needs --reason TEXT"));
	if ((r = cli_auth_user(ctx, user, &u)))
		return r;
	if (sale_void_last(ctx->db, &u, ctx->cfg.register_code, reason, &res, &err))
		return app_error(&err);
	if ((r = show_doc(ctx, res.receipt_no, fmt, 0)))
		return r;
	print_after(ctx, res.receipt_no, print, printer);
	return 0;
}

struct sale_opts {
	const char *user, *approve, *discount, *buyer_name, *buyer_tax, *buyer_address,
		*buyer_contact, *uuid, *printer, *format, *reason, *customer;
	long long redeem;
	int print;
};

static int build_and_sell(struct app_ctx *ctx, const struct sale_opts *o,
			  const struct repeated *rep)
{
	struct user u, approver;
	struct sale_result res;
	struct pos_error err;
	enum app_format fmt;
	struct cart c;
	struct customer cust;
	int64_t earned = 0, redeemed = 0;
	int have_approver = 0, r, i;

	memset(&cust, 0, sizeof(cust));
	if (app_format_parse(o->format, &fmt) || fmt == APP_CSV)
		return cli_usage(&cmd_sale, tr("unknown format \"%s\": use table or json"),
				 o->format);
	if (!rep->nscan)
		return cli_usage(&cmd_sale, "%s", tr("nothing to sell: give --scan CODE"));
	if (!rep->npay)
		return cli_usage(&cmd_sale, "%s",
				 tr("how is it paid? give --pay cash (or qr, card, wallet)"));
	if ((r = cli_auth_user(ctx, o->user, &u)))
		return r;
	if (o->approve) {
		if ((r = cli_auth_user(ctx, o->approve, &approver)))
			return r;
		have_approver = 1;
	}
	if (o->uuid) {
		r = sale_find_uuid(ctx->db, o->uuid, &res, &err);
		if (r == 0) {
			if ((r = show_doc(ctx, res.receipt_no, fmt, 1)))
				return r;
			print_after(ctx, res.receipt_no, o->print, o->printer);
			return 0;
		}
		if (r != POS_ERR_NOT_FOUND)
			return app_error(&err);
		r = cart_init_uuid(&c, ctx->cfg.register_code, u.id, o->uuid, &err);
	} else {
		r = cart_init(&c, ctx->cfg.register_code, u.id, &err);
	}
	if (r)
		return app_error(&err);
	c.transient = 1;
	for (i = 0; i < rep->nscan; i++) {
		char code[64];
		int64_t qty;

		if ((r = parse_scan(rep->scan[i], code, sizeof(code), &qty)))
			goto out;
		if (cart_add_code(&c, ctx->db, &ctx->cfg, code, qty, &err)) {
			r = app_error(&err);
			goto out;
		}
	}
	for (i = 0; i < rep->nprice; i++) {
		const char *val = NULL;
		size_t line = 0;
		int64_t price;

		if ((r = parse_line_ref(rep->price[i], c.nlines, &line, &val)))
			goto out;
		if (money_parse(val, &price, &err) ||
		    cart_override_price(&c, ctx->db, &u, line, price,
					have_approver ? &approver : NULL, &err)) {
			r = app_error(&err);
			goto out;
		}
	}
	for (i = 0; i < rep->nldisc; i++) {
		const char *val = NULL;
		size_t line = 0;
		int bp;
		int64_t amount;

		if ((r = parse_line_ref(rep->ldisc[i], c.nlines, &line, &val)) ||
		    (r = parse_discount(val, &bp, &amount)))
			goto out;
		if (cart_discount(&c, ctx->db, &u, (int)line, bp, amount,
				  have_approver ? &approver : NULL, &err)) {
			r = app_error(&err);
			goto out;
		}
	}
	if (o->discount) {
		int bp;
		int64_t amount;

		if ((r = parse_discount(o->discount, &bp, &amount)))
			goto out;
		if (cart_discount(&c, ctx->db, &u, -1, bp, amount, have_approver ? &approver : NULL,
				  &err)) {
			r = app_error(&err);
			goto out;
		}
	}
	if ((o->buyer_name || o->buyer_tax || o->buyer_address || o->buyer_contact) &&
	    cart_set_buyer(&c, ctx->db, o->buyer_name, o->buyer_tax, o->buyer_address,
			   o->buyer_contact, &err)) {
		r = app_error(&err);
		goto out;
	}
	if (o->customer &&
	    (customer_find(ctx->db, &u, o->customer, &cust, &err) ||
	     customer_attach(ctx->db, &u, &c, &cust, &err) ||
	     (o->redeem > 0 && customer_redeem(ctx->db, &u, &c, &cust, o->redeem, NULL, &err)))) {
		r = app_error(&err);
		goto out;
	}
	for (i = 0; i < rep->npay; i++) {
		enum pay_method m;
		int64_t amount;
		char ref[64];

		if ((r = parse_pay(rep->pay[i], &m, &amount, ref, sizeof(ref))))
			goto out;
		/* "cash:500" for 164.480 due is 500.000 typed in thousands: a
		 * script cannot be asked, so it is refused with the likely amount */
		if (m == PAY_CASH && amount > 0 && amount < 1000 && amount * 100 < cart_due(&c)) {
			char a1[MONEY_FMT_MAX], a2[MONEY_FMT_MAX], a3[MONEY_FMT_MAX];

			money_format(amount, a1, sizeof(a1));
			money_format(cart_due(&c), a2, sizeof(a2));
			money_format(amount * 1000, a3, sizeof(a3));
			r = app_fail(tr("--pay %s: %s is not 1/100 of the %s due: did you mean %s? "
					"Give the whole amount (cash:%lld)"), rep->pay[i], a1, a2, a3,
				     (long long)amount * 1000);
			goto out;
		}
		if (m == PAY_CASH)
			r = cart_pay(&c, ctx->db, m, 0, amount, ref, &err);
		else
			r = cart_pay(&c, ctx->db, m, amount, 0, ref, &err);
		if (r) {
			r = app_error(&err);
			goto out;
		}
	}
	if (sale_complete(ctx->db, &c, &u, &res, &err)) {
		r = app_error(&err);
		goto out;
	}
	if (o->customer &&
	    customer_sale_points(ctx->db, res.receipt_no, &earned, &redeemed, &err)) {
		r = app_error(&err);
		goto out;
	}
	if ((r = show_doc(ctx, res.receipt_no, fmt, res.replayed)))
		goto out;
	if (o->customer && fmt == APP_TABLE)
		printf(tr("Customer %s: %lld points earned, %lld redeemed.\n"), cust.code,
		       (long long)earned, (long long)redeemed);
	print_after(ctx, res.receipt_no, o->print, o->printer);
out:
	cart_release(&c);
	return r;
}

static int run_sale(struct app_ctx *ctx, const struct cli_args *a)
{
	struct sale_opts o = { 0 };
	struct repeated rep;
	int r;

	o.user = cli_str(a, "user");
	o.approve = cli_str(a, "approve");
	o.discount = cli_str(a, "discount");
	o.buyer_name = cli_str(a, "buyer-name");
	o.buyer_tax = cli_str(a, "buyer-tax");
	o.buyer_address = cli_str(a, "buyer-address");
	o.buyer_contact = cli_str(a, "buyer-contact");
	o.uuid = cli_str(a, "uuid");
	o.printer = cli_str(a, "printer");
	o.format = cli_str(a, "format");
	o.print = cli_has(a, "print");
	o.customer = cli_str(a, "customer");
	o.redeem = cli_int(a, "redeem", 0);
	if ((r = take_repeated(a, &rep)))
		return r;
	return build_and_sell(ctx, &o, &rep);
}

static int run_void(struct app_ctx *ctx, const struct cli_args *a)
{
	return sale_void(ctx, cli_str(a, "user"), cli_str(a, "reason"), cli_str(a, "format"),
			 cli_has(a, "print"), cli_str(a, "printer"));
}

static int run_show(struct app_ctx *ctx, const struct cli_args *a)
{
	return sale_show(ctx, a->npos, a->argv, cli_str(a, "format"));
}

static int run_held(struct app_ctx *ctx, const struct cli_args *a)
{
	return sale_held(ctx, cli_str(a, "format"));
}

/* ---- return ---------------------------------------------------------- */

static int run_return(struct app_ctx *ctx, const struct cli_args *a)
{
	const char *user = cli_str(a, "user"), *refund = cli_str(a, "refund"),
		   *writeoff = cli_str(a, "writeoff"), *uuid = cli_str(a, "uuid"),
		   *printer = cli_str(a, "printer"), *format = cli_str(a, "format");
	int all = cli_has(a, "all"), print = cli_has(a, "print"), npos = a->npos, r, i;
	char **argv = a->argv;
	struct return_item items[MAX_REPEAT];
	char codes[MAX_REPEAT][64];
	struct return_request rq;
	struct sale_result res;
	struct pos_error err;
	enum app_format fmt;
	struct repeated rep;
	struct user u;

	if ((r = take_repeated(a, &rep)))
		return r;
	if (npos != 1)
		return cli_usage(&cmd_return, "%s", tr("give one receipt number"));
	if (!all == !rep.nscan)
		return cli_usage(&cmd_return, "%s",
				 tr("say what comes back: --scan CODE[*QTY] ... or --all"));
	if (app_format_parse(format, &fmt) || fmt == APP_CSV)
		return cli_usage(&cmd_return, tr("unknown format \"%s\": use table or json"),
				 format);
	memset(&rq, 0, sizeof(rq));
	rq.refund = REFUND_ORIGINAL;
	if (refund && strcmp(refund, "cash") == 0)
		rq.refund = REFUND_CASH;
	else if (refund && strcmp(refund, "original") != 0)
		return cli_usage(&cmd_return, tr("--refund %s: use original or cash"), refund);
	for (i = 0; i < rep.nscan; i++) {
		if ((r = parse_scan(rep.scan[i], codes[i], sizeof(codes[i]), &items[i].qty_milli)))
			return r;
		items[i].code = codes[i];
	}
	if ((r = app_db(ctx, 0)))
		return r;
	for (i = 0; i < rep.nscan; i++) {
		struct catalog_scan sc;

		/* a label-scale code names its product and carries its weight */
		if (ctx->cfg.nlayouts && catalog_scan(ctx->db, ctx->cfg.layouts, ctx->cfg.nlayouts,
						      codes[i], &sc, NULL) == 0 && sc.variable) {
			snprintf(codes[i], sizeof(codes[i]), "%s", sc.product.sku);
			if (items[i].qty_milli == 0)
				items[i].qty_milli = sc.qty_milli;
		}
		if (items[i].qty_milli == 0)
			items[i].qty_milli = QTY_ONE;   /* one scan, one unit */
	}
	rq.register_code = ctx->cfg.register_code;
	rq.receipt_no = argv[1];
	rq.items = items;
	rq.nitems = (size_t)rep.nscan;
	rq.writeoff = writeoff;
	rq.uuid = uuid;
	if ((r = cli_auth_user(ctx, user, &u)))
		return r;
	if (sale_return(ctx->db, &u, &rq, &res, &err))
		return app_error(&err);
	if ((r = show_doc(ctx, res.receipt_no, fmt, res.replayed)))
		return r;
	print_after(ctx, res.receipt_no, print, printer);
	return 0;
}

static int run_rounding(struct app_ctx *ctx, const struct cli_args *a)
{
	struct pos_error err;
	int64_t step;
	char m[MONEY_FMT_MAX];

	if (cli_nargs(a) > 1)
		return cli_usage(&cmd_sale, "%s", tr("sale rounding takes one STEP at most"));
	if (cli_nargs(a) == 1 &&
	    admin_setting_set(ctx->db, a->user, ADMIN_SET_CASH_ROUNDING, cli_arg(a, 0), &err))
		return app_error(&err);
	if (sale_cash_rounding_step(ctx->db, &step, &err))
		return app_error(&err);
	money_format(step, m, sizeof(m));
	if (step)
		printf(tr("Cash totals are rounded to the nearest %s (halves up).\n"), m);
	else
		printf("%s\n", tr("Cash totals are not rounded."));
	return 0;
}
