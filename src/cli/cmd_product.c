/*
 * cmd_product.c - `ocop-pos product add|edit|list|show|search`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/catalog.h"
#include "core/db.h"
#include "core/field.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/refdata.h"

static int run(struct app_ctx *ctx, int argc, char **argv);

const struct cli_cmd cmd_product = {
	"product", "add, edit, list, show and search products",
	"Usage: ocop-pos product add SKU --name NAME --producer CODE --group 1-6\n"
	"                            --stars 3-5 --price VND [options]\n"
	"       ocop-pos product edit SKU [options]\n"
	"       ocop-pos product list [--producer CODE] [--province P] [--group G]\n"
	"                             [--stars S] [--cert-expiring DAYS] [--all]\n"
	"                             [--format table|csv|json]\n"
	"       ocop-pos product show SKU|BARCODE (also a label-scale code)\n"
	"       ocop-pos product search TEXT [--limit N] [--format table|csv|json]\n"
	"Options: --unit TEXT --barcode CODE[,CODE...] --new-barcode (an in-store EAN-13)\n"
	"         --origin P --set CODE|NAME --vat 0|5|8|10|KCT --shelf-life DAYS\n"
	"         --cert-number TEXT --cert-issuer TEXT --cert-issued YYYY-MM-DD\n"
	"         --cert-expires YYYY-MM-DD (default: issued + 36 months)\n"
	"         --service yes|no --active yes|no\n"
	"Search ignores accents and case: \"mat ong\" finds \"Mật ong\".\n",
	run,
};

struct opts {
	const char *name, *producer, *unit, *barcode, *origin, *set, *vat, *cert_number,
		*cert_issuer, *cert_issued, *cert_expires, *service, *active, *format,
		*province;
	long long group, stars, shelf, limit, expiring;
	int64_t price;
	int new_barcode, all;
};

static int yesno(const char *s, int *v)
{
	if (!strcmp(s, "yes") || !strcmp(s, "1") || !strcmp(s, "true"))
		*v = 1;
	else if (!strcmp(s, "no") || !strcmp(s, "0") || !strcmp(s, "false"))
		*v = 0;
	else
		return app_fail(tr("expected yes or no, not \"%s\""), s);
	return 0;
}

static int apply(struct app_ctx *ctx, const struct opts *o, const struct cli_opt *opt,
		 struct product *p)
{
	const struct province *prov;
	struct pos_error err;
	const char *b;

	if (o->name)
		snprintf(p->name, sizeof(p->name), "%s", o->name);
	if (o->producer)
		snprintf(p->producer, sizeof(p->producer), "%s", o->producer);
	if (o->unit)
		snprintf(p->unit, sizeof(p->unit), "%s", o->unit);
	if (o->origin) {
		if (province_resolve(o->origin, &prov, NULL, &err))
			return app_error(&err);
		snprintf(p->origin_province, sizeof(p->origin_province), "%s", prov->code);
	}
	if (opt[0].seen)
		p->ocop_group = (int)o->group;
	if (opt[1].seen)
		p->stars = (int)o->stars;
	if (opt[2].seen)
		p->price = o->price;
	if (opt[3].seen)
		p->shelf_life_days = (int)o->shelf;
	if (o->set)
		snprintf(p->product_set, sizeof(p->product_set), "%s", o->set);
	if (o->vat && vat_rate_parse(o->vat, &p->vat_rate, &err))
		return app_error(&err);
	if (o->cert_number)
		snprintf(p->cert_number, sizeof(p->cert_number), "%s", o->cert_number);
	if (o->cert_issuer)
		snprintf(p->cert_issuer, sizeof(p->cert_issuer), "%s", o->cert_issuer);
	if (o->cert_issued) {
		snprintf(p->cert_issued, sizeof(p->cert_issued), "%s", o->cert_issued);
		if (!o->cert_expires)
			p->cert_expires[0] = '\0';   /* recomputed from the new issue date */
	}
	if (o->cert_expires)
		snprintf(p->cert_expires, sizeof(p->cert_expires), "%s", o->cert_expires);
	if (o->service && yesno(o->service, &p->is_service))
		return 1;
	if (o->active && yesno(o->active, &p->active))
		return 1;
	if (o->barcode) {
		p->nbarcodes = 0;
		for (b = o->barcode; *b;) {
			size_t len = strcspn(b, ",;");

			if (len) {
				if (p->nbarcodes >= PRODUCT_BARCODES_MAX)
					return app_fail(tr("at most %d barcodes per product"),
							PRODUCT_BARCODES_MAX);
				snprintf(p->barcodes[p->nbarcodes++], PRODUCT_BARCODE_LEN, "%.*s",
					 (int)len, b);
			}
			b += len;
			if (*b)
				b++;
		}
	}
	if (o->new_barcode) {
		if (p->nbarcodes >= PRODUCT_BARCODES_MAX)
			return app_fail(tr("at most %d barcodes per product"), PRODUCT_BARCODES_MAX);
		if (catalog_new_instore_code(ctx->db, p->barcodes[p->nbarcodes], &err))
			return app_error(&err);
		p->nbarcodes++;
	}
	return 0;
}

static void stars(int n, char *buf, size_t size)
{
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < n && len + 4 < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "★");
}

static int list_row(void *vt, const struct product *p)
{
	struct app_table *t = vt;
	char s[32], vat[8];

	stars(p->stars, s, sizeof(s));
	app_table_add_text(t, p->sku);
	app_table_add_text(t, p->name);
	app_table_add_text(t, p->unit);
	app_table_add_money(t, p->price);
	if (p->vat_rate == VAT_KCT)
		snprintf(vat, sizeof(vat), "KCT");
	else
		snprintf(vat, sizeof(vat), "%d%%", p->vat_rate);
	app_table_add_text(t, vat);
	app_table_add_int(t, p->stars);
	app_table_add_int(t, p->ocop_group);
	app_table_add_text(t, p->origin_province);
	app_table_add_text(t, p->producer);
	app_table_add_text(t, p->nbarcodes ? p->barcodes[0] : "");
	app_table_add_text(t, p->cert_expires);
	return 0;
}

static struct app_table *product_table(void)
{
	struct app_table *t = app_table_new(11);

	app_table_col(t, 0, "sku", "SKU", COL_TEXT);
	app_table_col(t, 1, "name", "Name", COL_TEXT);
	app_table_col(t, 2, "unit", "Unit", COL_TEXT);
	app_table_col(t, 3, "price", "Price", COL_MONEY);
	app_table_col(t, 4, "vat", "VAT", COL_TEXT);
	app_table_col(t, 5, "stars", "Stars", COL_INT);
	app_table_col(t, 6, "group", "Group", COL_INT);
	app_table_col(t, 7, "origin", "Prov.", COL_TEXT);
	app_table_col(t, 8, "producer", "Producer", COL_TEXT);
	app_table_col(t, 9, "barcode", "Barcode", COL_TEXT);
	app_table_col(t, 10, "cert_expires", "Cert. expires", COL_TEXT);
	return t;
}

static int search_row(void *vt, const struct catalog_hit *h)
{
	struct app_table *t = vt;

	app_table_add_text(t, h->sku);
	app_table_add_text(t, h->name);
	app_table_add_text(t, h->unit);
	app_table_add_money(t, h->price);
	app_table_add_int(t, h->stars);
	app_table_add_text(t, h->origin_province);
	return 0;
}

static int history_row(void *vctx, const struct catalog_change *c)
{
	(void)vctx;
	printf("  %s  %-14s %s -> %s  (%s)\n", c->at, c->kind, c->old_value ? c->old_value : "",
	       c->new_value ? c->new_value : "", c->source ? c->source : "");
	return 0;
}

static int show(struct app_ctx *ctx, const char *code)
{
	const struct province *prov;
	const struct ocop_group *g;
	struct catalog_scan scan;
	struct pos_error err;
	struct product p;
	char price[48], s[32], qty[32], lb[96];
	int i;

	if (catalog_scan(ctx->db, ctx->cfg.layouts, ctx->cfg.nlayouts, code, &scan, &err))
		return app_error(&err);
	p = scan.product;
	if (scan.variable) {
		qty_format(scan.qty_milli, qty, sizeof(qty));
		money_format(scan.amount >= 0 ? scan.amount : 0, price, sizeof(price));
		printf("%s %s %s%s%s\n", app_pad(lb, sizeof(lb), tr("Label-scale code:"), 19),
		       qty, p.unit,
		       scan.amount >= 0 ? ", " : "", scan.amount >= 0 ? price : "");
	}
	prov = province_find(p.origin_province);
	g = ocop_group_find(p.ocop_group);
	money_format(p.price, price, sizeof(price));
	stars(p.stars, s, sizeof(s));
	printf("%s %s\n", app_pad(lb, sizeof(lb), tr("SKU:"), 19), p.sku);
	printf("%s %s\n", app_pad(lb, sizeof(lb), tr("Name:"), 19), p.name);
	printf("%s %s\n", app_pad(lb, sizeof(lb), tr("Unit:"), 19), p.unit);
	printf("%s %s\n", app_pad(lb, sizeof(lb), tr("Price:"), 19), price);
	if (p.vat_rate == VAT_KCT)
		printf("%s KCT\n", app_pad(lb, sizeof(lb), tr("VAT:"), 19));
	else
		printf("%s %d%%\n", app_pad(lb, sizeof(lb), tr("VAT:"), 19), p.vat_rate);
	printf("%s %s (%d)\n", app_pad(lb, sizeof(lb), tr("OCOP stars:"), 19), s, p.stars);
	printf("%s %d %s %s\n", app_pad(lb, sizeof(lb), tr("Group:"), 19),
	       p.ocop_group, g ? g->name : "", p.product_set);
	printf("%s %s %s\n", app_pad(lb, sizeof(lb), tr("Origin:"), 19),
	       p.origin_province, prov ? prov->name : "");
	printf("%s %s\n", app_pad(lb, sizeof(lb), tr("Producer:"), 19), p.producer);
	printf("%s %s / %s / %s → %s\n", app_pad(lb, sizeof(lb), tr("Certificate:"), 19),
	       p.cert_number, p.cert_issuer,
	       p.cert_issued, p.cert_expires);
	printf("%s", app_pad(lb, sizeof(lb), tr("Barcodes:"), 19));
	for (i = 0; i < p.nbarcodes; i++)
		printf(" %s", p.barcodes[i]);
	printf("\n%s %d\n", app_pad(lb, sizeof(lb), tr("Shelf life (days):"), 19),
	       p.shelf_life_days);
	printf("%s %s\n", app_pad(lb, sizeof(lb), tr("Service:"), 19),
	       p.is_service ? tr("yes") : tr("no"));
	printf("%s %s\n", app_pad(lb, sizeof(lb), tr("Active:"), 19),
	       p.active ? tr("yes") : tr("no"));
	printf("%s\n", tr("History:"));
	if (catalog_history(ctx->db, p.id, history_row, NULL, &err))
		return app_error(&err);
	return 0;
}

static int run(struct app_ctx *ctx, int argc, char **argv)
{
	struct opts o = { 0 };
	struct cli_opt opts[] = {
		{ "group", OPT_INT, &o.group, 0 }, { "stars", OPT_INT, &o.stars, 0 },
		{ "price", OPT_MONEY, &o.price, 0 }, { "shelf-life", OPT_INT, &o.shelf, 0 },
		{ "name", OPT_STR, &o.name, 0 }, { "producer", OPT_STR, &o.producer, 0 },
		{ "unit", OPT_STR, &o.unit, 0 }, { "barcode", OPT_STR, &o.barcode, 0 },
		{ "origin", OPT_STR, &o.origin, 0 }, { "set", OPT_STR, &o.set, 0 },
		{ "vat", OPT_STR, &o.vat, 0 }, { "cert-number", OPT_STR, &o.cert_number, 0 },
		{ "cert-issuer", OPT_STR, &o.cert_issuer, 0 },
		{ "cert-issued", OPT_STR, &o.cert_issued, 0 },
		{ "cert-expires", OPT_STR, &o.cert_expires, 0 },
		{ "service", OPT_STR, &o.service, 0 }, { "active", OPT_STR, &o.active, 0 },
		{ "format", OPT_STR, &o.format, 0 }, { "province", OPT_STR, &o.province, 0 },
		{ "limit", OPT_INT, &o.limit, 0 }, { "cert-expiring", OPT_INT, &o.expiring, 0 },
		{ "new-barcode", OPT_FLAG, &o.new_barcode, 0 }, { "all", OPT_FLAG, &o.all, 0 },
		{ NULL, 0, NULL, 0 },
	};
	struct catalog_filter f = { 0 };
	const struct province *prov;
	struct app_table *t;
	enum app_format fmt;
	struct pos_error err;
	struct product p;
	int npos, help, r, changed, n;
	const char *sub;

	r = cli_parse(&cmd_product, argc, argv, opts, &npos, &help);
	if (r || help)
		return r;
	if (npos < 1)
		return cli_usage(&cmd_product, "%s",
				 tr("product needs add, edit, list, show or search"));
	sub = argv[1];
	if (app_format_parse(o.format, &fmt))
		return cli_usage(&cmd_product, tr("unknown format \"%s\""), o.format);
	if (strcmp(sub, "add") && strcmp(sub, "edit") && strcmp(sub, "show") &&
	    strcmp(sub, "list") && strcmp(sub, "search"))
		return cli_usage(&cmd_product, tr("unknown product command \"%s\""), sub);
	if ((r = app_db(ctx, 0)))
		return r;
	if (strcmp(sub, "list") == 0) {
		if (npos != 1)
			return cli_usage(&cmd_product, tr("unexpected argument \"%s\""), argv[2]);
		f.producer = o.producer;
		if (o.province) {
			if (province_resolve(o.province, &prov, NULL, &err))
				return app_error(&err);
			f.province = prov->code;
		}
		f.group = (int)o.group;
		f.stars = (int)o.stars;
		f.include_inactive = o.all;
		f.cert_expiring_days = (int)o.expiring;
		t = product_table();
		r = catalog_list(ctx->db, &f, list_row, t, &err);
		app_table_print(t, fmt, stdout);
		return r ? app_error(&err) : 0;
	}
	if (strcmp(sub, "search") == 0) {
		char query[512] = "";
		size_t len = 0;
		int i;

		if (npos < 2)
			return cli_usage(&cmd_product, "%s", tr("product search needs TEXT"));
		for (i = 2; i <= npos; i++)
			len += (size_t)snprintf(query + len, len < sizeof(query) ? sizeof(query) - len : 0,
						"%s%s", i > 2 ? " " : "", argv[i]);
		t = app_table_new(6);
		app_table_col(t, 0, "sku", "SKU", COL_TEXT);
		app_table_col(t, 1, "name", "Name", COL_TEXT);
		app_table_col(t, 2, "unit", "Unit", COL_TEXT);
		app_table_col(t, 3, "price", "Price", COL_MONEY);
		app_table_col(t, 4, "stars", "Stars", COL_INT);
		app_table_col(t, 5, "origin", "Prov.", COL_TEXT);
		r = catalog_search(ctx->db, query, o.limit > 0 ? (int)o.limit : 20, search_row, t,
				   &n, &err);
		app_table_print(t, fmt, n > 0 || fmt != APP_TABLE ? stdout : NULL);
		if (r)
			return app_error(&err);
		if (n == 0 && fmt == APP_TABLE)
			fprintf(stderr, tr("No product matches \"%s\".\n"), query);
		return 0;
	}
	if (npos != 2)
		return cli_usage(&cmd_product, tr("product %s needs one SKU"), sub);
	if (strcmp(sub, "show") == 0)
		return show(ctx, argv[2]);
	if (strcmp(sub, "add") == 0) {
		if (catalog_get(ctx->db, argv[2], &p, NULL) == 0)
			return app_fail(tr("product %s already exists; change it with `product edit`"),
					argv[2]);
		if (!o.name || !o.producer || !opts[0].seen || !opts[1].seen || !opts[2].seen)
			return cli_usage(&cmd_product, "%s", tr("product add needs --name, --producer, "
								"--group, --stars and --price"));
		product_init(&p);
		if (field_copy_code(p.sku, sizeof(p.sku), argv[2], "sku", &err))
			return app_error(&err);
	} else if (catalog_get(ctx->db, argv[2], &p, &err)) {
		return app_error(&err);
	}
	if ((r = apply(ctx, &o, opts, &p)))
		return r;
	if (catalog_save(ctx->db, &p, "cli", &changed, &err))
		return app_error(&err);
	printf(changed ? tr("Saved product %s (%s).\n") : tr("Product %s (%s) unchanged.\n"),
	       p.sku, p.name);
	if (o.new_barcode)
		printf(tr("In-store barcode: %s\n"), p.barcodes[p.nbarcodes - 1]);
	return 0;
}
