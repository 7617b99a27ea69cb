/*
 * cmd_stock.c - `ocop-pos stock ...`: what a shop manager does with the
 * goods: receive (owned or consigned lots), adjust, count, transfer to and
 * from another showroom, return consigned goods, and see stock, lots and
 * alerts.  Everything is decided in core (stock.c, transfer.c); this file
 * parses, authenticates the person (--user NAME, PIN on standard input)
 * and prints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "app/outfile.h"
#include "app/printing.h"
#include "core/catalog.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/producer.h"
#include "core/refdata.h"
#include "core/stock.h"
#include "core/transfer.h"
#include "core/user.h"

static int run_receive(struct app_ctx *ctx, const struct cli_args *a);
static int run_grn(struct app_ctx *ctx, const struct cli_args *a);
static int run_adjust(struct app_ctx *ctx, const struct cli_args *a);
static int run_count_start(struct app_ctx *ctx, const struct cli_args *a);
static int run_count_enter(struct app_ctx *ctx, const struct cli_args *a);
static int run_count_show(struct app_ctx *ctx, const struct cli_args *a);
static int run_count_post(struct app_ctx *ctx, const struct cli_args *a);
static int run_count_cancel(struct app_ctx *ctx, const struct cli_args *a);
static int run_transfer_out(struct app_ctx *ctx, const struct cli_args *a);
static int run_transfer_in(struct app_ctx *ctx, const struct cli_args *a);
static int run_transfers(struct app_ctx *ctx, const struct cli_args *a);
static int run_return(struct app_ctx *ctx, const struct cli_args *a);
static int run_see(struct app_ctx *ctx, const struct cli_args *a);
static int run_reorder(struct app_ctx *ctx, const struct cli_args *a);
static int run_bundle(struct app_ctx *ctx, const struct cli_args *a);
static int run_oversell(struct app_ctx *ctx, const struct cli_args *a);

#define O_LOT CLI_STR("lot", "L", "the lot")
#define O_COUNT CLI_INT("count", 1, 0x7fffffffffffffffLL, "ID", "the count (default: the open one)")
#define FILTERS \
	CLI_STR("province", "P", "only goods from this province"), \
	CLI_STR("producer", "CODE", "only this producer's goods"), \
	CLI_INT("group", 1, 6, "1-6", "only this OCOP group"), \
	CLI_INT("stars", 3, 5, "3-5", "only this rating"), \
	CLI_STR("owner", "shop|consigned|PRODUCER_CODE", "only goods of this owner")

static const struct cli_opt receive_opts[] = {
	CLI_MONEY("cost", 0, CLI_MONEY_MAX, "the unit cost (required)"),
	O_LOT,
	CLI_STR("expiry", "YYYY-MM-DD", "expiry (default: received + shelf life)"),
	CLI_STR("received", "YYYY-MM-DD", "date received (default today)"),
	CLI_STR("consign", "PRODUCER_CODE", "consigned goods: the producer who owns them"),
	CLI_STR("commission", "PCT", "consignment commission (20 or 17.5)"),
	CLI_USER, CLI_END,
};
static const struct cli_opt adjust_opts[] = {
	CLI_STR("reason", "REASON", "damaged, expired, lost, sample or correction"),
	O_LOT, CLI_STR("note", "TEXT", "a note"), CLI_USER, CLI_END,
};
static const struct cli_opt count_start_opts[] = {
	FILTERS, CLI_FLAG("all", "also inactive products"), CLI_USER, CLI_END,
};
static const struct cli_opt count_enter_opts[] = {
	O_LOT, CLI_FLAG("add", "add to what was counted before"),
	CLI_FLAG("scan", "read scanned codes from standard input after the PIN"),
	O_COUNT,
	CLI_USER, CLI_END,
};
static const struct cli_opt count_show_opts[] = {
	O_COUNT,
	CLI_FLAG("missing", "only lines not counted yet"), CLI_FORMAT, CLI_USER, CLI_END,
};
static const struct cli_opt count_post_opts[] = {
	CLI_FLAG("zero-missing", "what was not counted is zero"),
	O_COUNT,
	CLI_USER, CLI_END,
};
static const struct cli_opt count_cancel_opts[] = {
	O_COUNT,
	CLI_USER, CLI_END,
};
static const struct cli_opt transfer_out_opts[] = {
	CLI_STR("to", "SHOWROOM", "the receiving showroom (required)"),
	CLI_STR("out", "FILE", "the transfer file to write (required)"),
	O_LOT, CLI_STR("note", "TEXT", "a note"),
	CLI_FLAG("print", "print the transfer note that travels with the goods"),
	CLI_STR("printer", "SPEC", "that printer instead of the configured one"),
	CLI_STR("profile", "NAME|FILE", "that printer profile"), CLI_USER, CLI_END,
};
static const struct cli_opt user_opts[] = { CLI_USER, CLI_END };
#define SEE CLI_NEEDS(PERM_REPORTS)
static const struct cli_opt format_opts[] = { CLI_FORMAT, CLI_USER, CLI_END };
static const struct cli_opt return_opts[] = {
	O_LOT, CLI_FLAG("all", "everything the producer consigned"), CLI_USER, CLI_END,
};
static const struct cli_opt list_opts[] = {
	FILTERS, CLI_FLAG("all", "also inactive products"), CLI_FORMAT, CLI_USER, CLI_END,
};
static const struct cli_opt alerts_opts[] = {
	CLI_INT("days", 0, 36500, "N", "lots expiring within N days (default 30)"),
	CLI_INT("cert-days", 0, 36500, "N", "certificates expiring within N days (default 60)"),
	FILTERS, CLI_FLAG("all", "also inactive products"), CLI_FORMAT, CLI_USER, CLI_END,
};
static const struct cli_opt bundle_opts[] = {
	CLI_FLAG("clear", "the product is no longer a bundle"), CLI_USER, CLI_END,
};

static const struct cli_sub stock_subs[] = {
	{ "receive", "SKU|BARCODE QTY", "receive goods into a lot (owned or consigned)",
	  receive_opts, run_receive, 0, NULL },
	{ "grn", "GRN_NO", "show a goods-received note", user_opts, run_grn, SEE, NULL },
	{ "adjust", "SKU|BARCODE -QTY|+QTY", "write goods off or correct the stock", adjust_opts,
	  run_adjust, 0, NULL },
	{ "count start", NULL, "start a stock count", count_start_opts, run_count_start, 0,
	  NULL },
	{ "count enter", "[SKU|BARCODE QTY ...]", "enter what was counted", count_enter_opts,
	  run_count_enter, 0, NULL },
	{ "count show", NULL, "show a count and its variances", count_show_opts, run_count_show,
	  SEE, NULL },
	{ "count post", NULL, "post the count: adjust the stock to it", count_post_opts,
	  run_count_post, 0, NULL },
	{ "count cancel", NULL, "cancel the open count", count_cancel_opts, run_count_cancel, 0,
	  NULL },
	{ "transfer-out", "SKU QTY [SKU QTY ...]", "send goods to another showroom",
	  transfer_out_opts, run_transfer_out, 0, NULL },
	{ "transfer-in", "FILE", "receive a transfer file", user_opts, run_transfer_in, 0, NULL },
	{ "transfers", NULL, "list transfers", format_opts, run_transfers, SEE, NULL },
	{ "return-to-producer", "PRODUCER_CODE [SKU [QTY]]", "give consigned goods back",
	  return_opts, run_return, 0, NULL },
	{ "list", NULL, "stock per product", list_opts, run_see, SEE, NULL },
	{ "lots", "[SKU]", "stock per lot", list_opts, run_see, SEE, NULL },
	{ "alerts", NULL, "low, expiring, expired, certificates, negative", alerts_opts, run_see,
	  SEE, NULL },
	{ "reorder", "SKU|BARCODE QTY", "set a product's reorder level", user_opts, run_reorder,
	  0, NULL },
	{ "bundle", "SKU [COMPONENT QTY ...]", "show or set what a bundle is made of",
	  bundle_opts, run_bundle, 0, NULL },
	{ "oversell", "[refuse|allow]", "show or set whether stock may go negative", user_opts,
	  run_oversell, 0, NULL },
	CLI_SUBS_END,
};

const struct cli_cmd cmd_stock = {
	"stock", "receive, count, adjust, transfer and see the stock", stock_subs,
	"QTY may be decimal (1,5 or 1.5).  Reasons: damaged, expired, lost, sample\n"
	"(these remove: -QTY) and correction (-QTY or +QTY).  A lot number is made\n"
	"(L<yyyymmdd>-<n>) when none is given; the expiry defaults to the receipt\n"
	"date plus the product's shelf life.  The commission of consigned goods is\n"
	"a percentage of the selling price (20 or 17.5).\n"
	"The PIN of --user is read from standard input (one line); with --scan the\n"
	"following lines are scanned codes, each counting one (CODE*QTY for more).\n",
};

struct opts {
	const char *user, *lot, *expiry, *received, *consign, *commission, *reason, *note, *to,
		*out, *format, *province, *producer, *owner, *printer, *profile;
	long long group, stars, days, cert_days, count;
	int64_t cost;
	int all, add, scan, zero_missing, missing, clear, cost_seen, print;
};

static void load(const struct cli_args *a, struct opts *o)
{
	memset(o, 0, sizeof(*o));
	o->user = cli_str(a, "user");
	o->lot = cli_str(a, "lot");
	o->expiry = cli_str(a, "expiry");
	o->received = cli_str(a, "received");
	o->consign = cli_str(a, "consign");
	o->commission = cli_str(a, "commission");
	o->reason = cli_str(a, "reason");
	o->note = cli_str(a, "note");
	o->to = cli_str(a, "to");
	o->out = cli_str(a, "out");
	o->format = cli_str(a, "format");
	o->province = cli_str(a, "province");
	o->producer = cli_str(a, "producer");
	o->owner = cli_str(a, "owner");
	o->printer = cli_str(a, "printer");
	o->profile = cli_str(a, "profile");
	o->print = cli_has(a, "print");
	o->group = cli_int(a, "group", 0);
	o->stars = cli_int(a, "stars", 0);
	o->days = cli_int(a, "days", -1);
	o->cert_days = cli_int(a, "cert-days", -1);
	o->count = cli_int(a, "count", 0);
	o->cost = cli_money(a, "cost", 0);
	o->cost_seen = cli_has(a, "cost");
	o->all = cli_has(a, "all");
	o->add = cli_has(a, "add");
	o->scan = cli_has(a, "scan");
	o->zero_missing = cli_has(a, "zero-missing");
	o->missing = cli_has(a, "missing");
	o->clear = cli_has(a, "clear");
}

/* ---- helpers ---------------------------------------------------------- */

static int lookup(struct app_ctx *ctx, const char *code, struct product *p)
{
	struct pos_error err;

	if (catalog_lookup(ctx->db, code, p, &err))
		return app_error(&err);
	return 0;
}

static int parse_qty(const char *s, int64_t *milli)
{
	struct pos_error err;

	if (qty_parse(s, milli, &err))
		return app_fail("%s", pos_error_text(&err));
	return 0;
}

/* "-2", "+1,5" (a sign is required, so a change is never mistaken for a count). */
static int parse_delta(const char *s, int64_t *milli)
{
	int64_t v;

	if (s[0] != '-' && s[0] != '+')
		return app_fail(tr("the change needs a sign: -%s removes, +%s adds"), s, s);
	if (parse_qty(s + 1, &v))
		return 1;
	*milli = s[0] == '-' ? -v : v;
	return 0;
}

/* A count: zero is allowed. */
static int parse_count(const char *s, int64_t *milli)
{
	if (strcmp(s, "0") == 0) {
		*milli = 0;
		return 0;
	}
	return parse_qty(s, milli);
}

/* "20", "17.5", "17,5", "20%" -> basis points. */
static int parse_pct(const char *s, int *bp)
{
	char buf[32];
	size_t len;
	int64_t milli;
	struct pos_error err;

	snprintf(buf, sizeof(buf), "%s", s);
	len = strlen(buf);
	if (len && buf[len - 1] == '%')
		buf[--len] = '\0';
	if (strcmp(buf, "0") == 0) {
		*bp = 0;
		return 0;
	}
	if (qty_parse(buf, &milli, &err) || milli % 10 || milli > 100000)
		return app_fail(tr("--commission: a percentage from 0 to 100 with at most two "
				   "decimals, not \"%s\""), s);
	*bp = (int)(milli / 10);
	return 0;
}

static void pct_text(int bp, char *out, size_t n)
{
	if (bp % 100)
		snprintf(out, n, "%d%s%02d %%", bp / 100, i18n_lang() == I18N_EN ? "." : ",",
			 bp % 100);
	else
		snprintf(out, n, "%d %%", bp / 100);
}

static int fill_filter(struct app_ctx *ctx, const struct opts *o, struct stock_filter *f)
{
	struct pos_error err;

	memset(f, 0, sizeof(*f));
	if (o->province) {
		/* a 2025 code, a legacy code or a name */
		const struct province *prov;

		if (province_resolve(o->province, &prov, NULL, &err))
			return app_error(&err);
		snprintf(f->province, sizeof(f->province), "%s", prov->code);
	}
	snprintf(f->producer, sizeof(f->producer), "%s", o->producer ? o->producer : "");
	snprintf(f->owner, sizeof(f->owner), "%s", o->owner ? o->owner : "");
	f->group = (int)o->group;
	f->stars = (int)o->stars;
	f->all = o->all;
	if (stock_filter_check(ctx->db, f, &err))
		return app_error(&err);
	return 0;
}

static const char *owner_text(const char *code)
{
	return code && code[0] ? code : tr("shop");
}

/* ---- receive ---------------------------------------------------------- */

static int do_receive(struct app_ctx *ctx, const struct opts *o, int npos, char **argv)
{
	struct stock_receipt_line l;
	struct producer owner;
	struct pos_error err;
	struct product p;
	struct user u;
	char grn[STOCK_DOC_MAX], q[QTY_FMT_MAX], c[MONEY_FMT_MAX], pct[16];
	int r;

	if (npos != 3)
		return cli_usage(&cmd_stock, "%s", tr("stock receive needs SKU|BARCODE and QTY"));
	if (!o->cost_seen)
		return cli_usage(&cmd_stock, "%s", tr("stock receive needs --cost VND (the unit cost)"));
	if (!!o->consign != !!o->commission)
		return cli_usage(&cmd_stock, "%s",
				 tr("consigned goods need both --consign PRODUCER_CODE and "
				    "--commission PCT"));
	memset(&l, 0, sizeof(l));
	if ((r = parse_qty(argv[3], &l.qty_milli)))
		return r;
	if (o->commission && (r = parse_pct(o->commission, &l.commission_bp)))
		return r;
	if ((r = cli_auth_user(ctx, o->user, &u)))
		return r;
	if ((r = lookup(ctx, argv[2], &p)))
		return r;
	if (o->consign) {
		if (producer_get(ctx->db, o->consign, &owner, &err))
			return app_error(&err);
		l.owner_producer_id = owner.id;
	}
	l.product_id = p.id;
	l.unit_cost = o->cost;
	snprintf(l.lot_no, sizeof(l.lot_no), "%s", o->lot ? o->lot : "");
	snprintf(l.expiry, sizeof(l.expiry), "%s", o->expiry ? o->expiry : "");
	if (o->expiry && strlen(o->expiry) >= sizeof(l.expiry))
		return app_fail(tr("--expiry: \"%s\" is not a date YYYY-MM-DD"), o->expiry);
	if (o->lot && strlen(o->lot) >= sizeof(l.lot_no))
		return app_fail(tr("--lot: at most %d bytes"), STOCK_LOT_NO_MAX - 1);
	if (stock_receive(ctx->db, &u, o->received, &l, 1, grn, &err))
		return app_error(&err);
	qty_format(l.qty_milli, q, sizeof(q));
	money_format(l.unit_cost, c, sizeof(c));
	printf(tr("Received %s %s of %s (%s) at %s into lot %s, expiry %s.\n"), q, p.unit, p.sku,
	       p.name, c, l.lot_no, l.expiry[0] ? l.expiry : tr("none"));
	if (o->consign) {
		pct_text(l.commission_bp, pct, sizeof(pct));
		printf(tr("Consigned by %s (%s), commission %s: the goods stay the producer's until "
			  "sold.\n"), owner.code, owner.name, pct);
	}
	printf(tr("Goods receipt: %s\n"), grn);
	return 0;
}

static int do_grn(struct app_ctx *ctx, int npos, char **argv)
{
	struct stock_grn g;
	struct pos_error err;
	char q[QTY_FMT_MAX], c[MONEY_FMT_MAX], a[MONEY_FMT_MAX];
	size_t i;

	if (npos != 2)
		return cli_usage(&cmd_stock, "%s", tr("stock grn needs a goods receipt number"));
	if (stock_grn_get(ctx->db, argv[2], &g, &err))
		return app_error(&err);
	printf(tr("Goods receipt %s of %s, by %s\n"), g.grn, g.received_on,
	       g.user[0] ? g.user : tr("system"));
	for (i = 0; i < g.n; i++) {
		const struct stock_grn_line *l = &g.lines[i];

		qty_format(l->qty_milli, q, sizeof(q));
		money_format(l->unit_cost, c, sizeof(c));
		money_format(l->amount, a, sizeof(a));
		printf("  %s %s\n    %s: %s  %s: %s  %s %s x %s = %s  %s: %s\n", l->sku, l->name,
		       tr("lot"), l->lot_no, tr("expiry"), l->expiry[0] ? l->expiry : "-", q, l->unit,
		       c, a, tr("owner"), owner_text(l->owner));
	}
	money_format(g.total, a, sizeof(a));
	printf(tr("Total at cost: %s\n"), a);
	stock_grn_release(&g);
	return 0;
}

/* ---- adjust, reorder, bundle, oversell ---------------------------------- */

static int do_adjust(struct app_ctx *ctx, const struct opts *o, int npos, char **argv)
{
	enum stock_reason why;
	struct pos_error err;
	struct product p;
	struct user u;
	char doc[STOCK_DOC_MAX], q[QTY_FMT_MAX], h[QTY_FMT_MAX];
	int64_t delta = 0, now;
	int r;

	if (npos != 3)
		return cli_usage(&cmd_stock, "%s",
				 tr("stock adjust needs SKU|BARCODE and a change such as -2 or +1"));
	if (!o->reason)
		return cli_usage(&cmd_stock, "%s", tr("stock adjust needs --reason damaged, expired, "
						      "lost, sample or correction"));
	if (stock_reason_parse(o->reason, &why, &err))
		return app_error(&err);
	if ((r = parse_delta(argv[3], &delta)))
		return r;
	if ((r = cli_auth_user(ctx, o->user, &u)))
		return r;
	if ((r = lookup(ctx, argv[2], &p)))
		return r;
	if (stock_adjust(ctx->db, &u, p.id, o->lot, delta, why, o->note, doc, &err))
		return app_error(&err);
	if (stock_on_hand(ctx->db, p.id, &now, &err))
		return app_error(&err);
	qty_format(delta, q, sizeof(q));
	qty_format(now, h, sizeof(h));
	printf(tr("Adjusted %s (%s) by %s %s (%s), document %s: %s %s on hand.\n"), p.sku, p.name,
	       q, p.unit, tr(stock_reason_name(why)), doc, h, p.unit);
	return 0;
}

static int do_reorder(struct app_ctx *ctx, const struct opts *o, int npos, char **argv)
{
	struct pos_error err;
	struct product p;
	struct user u;
	char q[QTY_FMT_MAX];
	int64_t level;
	int r;

	if (npos != 3)
		return cli_usage(&cmd_stock, "%s", tr("stock reorder needs SKU|BARCODE and QTY"));
	if ((r = parse_count(argv[3], &level)))
		return r;
	if ((r = cli_auth_user(ctx, o->user, &u)))
		return r;
	if ((r = lookup(ctx, argv[2], &p)))
		return r;
	if (stock_set_reorder(ctx->db, &u, p.id, level, &err))
		return app_error(&err);
	qty_format(level, q, sizeof(q));
	if (level)
		printf(tr("Reorder level of %s (%s): %s %s.\n"), p.sku, p.name, q, p.unit);
	else
		printf(tr("%s (%s) has no reorder level now.\n"), p.sku, p.name);
	return 0;
}

static int do_bundle(struct app_ctx *ctx, const struct opts *o, int npos, char **argv)
{
	struct stock_bundle_item items[32], *got = NULL;
	struct pos_error err;
	struct product p, c;
	struct user u;
	char q[QTY_FMT_MAX];
	size_t n = 0, i;
	int r, k;

	if (npos < 2 || (npos - 2) % 2)
		return cli_usage(&cmd_stock, "%s",
				 tr("stock bundle needs SKU and pairs of COMPONENT QTY"));
	if ((r = lookup(ctx, argv[2], &p)))
		return r;
	if (npos > 2 || o->clear) {
		if ((npos - 2) / 2 > 32)
			return app_fail(tr("a bundle has at most %d components"), 32);
		for (k = 3; k + 1 <= npos; k += 2) {
			if ((r = lookup(ctx, argv[k], &c)))
				return r;
			items[n].component_id = c.id;
			if ((r = parse_qty(argv[k + 1], &items[n].qty_milli)))
				return r;
			n++;
		}
		if ((r = cli_auth_user(ctx, o->user, &u)))
			return r;
		if (stock_bundle_set(ctx->db, &u, p.id, items, n, &err))
			return app_error(&err);
	}
	if (stock_bundle_get(ctx->db, p.id, &got, &n, &err))
		return app_error(&err);
	if (n == 0)
		printf(tr("%s (%s) is not a bundle.\n"), p.sku, p.name);
	else
		printf(tr("%s (%s) is a bundle of:\n"), p.sku, p.name);
	for (i = 0; i < n; i++) {
		if (catalog_get_id(ctx->db, got[i].component_id, &c, &err)) {
			free(got);
			return app_error(&err);
		}
		qty_format(got[i].qty_milli, q, sizeof(q));
		printf("  %s %s  %s %s\n", c.sku, c.name, q, c.unit);
	}
	free(got);
	return 0;
}

static int do_oversell(struct app_ctx *ctx, const struct opts *o, int npos, char **argv)
{
	enum stock_oversell p;
	struct pos_error err;
	struct user u;
	int r;

	if (npos > 2)
		return cli_usage(&cmd_stock, "%s", tr("stock oversell takes refuse or allow"));
	if (npos == 2) {
		if (strcmp(argv[2], "refuse") == 0)
			p = STOCK_OVERSELL_REFUSE;
		else if (strcmp(argv[2], "allow") == 0)
			p = STOCK_OVERSELL_ALLOW;
		else
			return cli_usage(&cmd_stock, tr("stock oversell takes refuse or allow, not "
							"\"%s\""), argv[2]);
		if ((r = cli_auth_user(ctx, o->user, &u)))
			return r;
		if (stock_oversell_set(ctx->db, &u, p, &err))
			return app_error(&err);
	}
	if (stock_oversell_get(ctx->db, &p, &err))
		return app_error(&err);
	printf("%s\n", p == STOCK_OVERSELL_ALLOW ?
		       tr("Overselling: allowed (stock may go negative; alerts show it).") :
		       tr("Overselling: refused (a sale needs the goods on hand)."));
	return 0;
}

/* ---- counts ----------------------------------------------------------- */

static int count_id(struct app_ctx *ctx, const struct opts *o, long long *id)
{
	struct pos_error err;

	if (o->count > 0) {
		*id = o->count;
		return 0;
	}
	if (stock_count_current(ctx->db, id, &err))
		return app_error(&err);
	return 0;
}

struct count_print {
	struct app_table *t;
	int64_t value;
	int64_t sku_counted;
	const char *sku;
};

static int count_row(void *vctx, const struct stock_count_row *r)
{
	struct count_print *c = vctx;

	app_table_add_text(c->t, r->sku);
	app_table_add_text(c->t, r->name);
	app_table_add_text(c->t, r->lot_no);
	app_table_add_text(c->t, r->expiry);
	app_table_add_qty(c->t, r->expected_milli);
	if (r->entered)
		app_table_add_qty(c->t, r->counted_milli);
	else
		app_table_add_text(c->t, "");
	app_table_add_qty(c->t, r->entered ? r->variance_milli : 0);
	app_table_add_money(c->t, r->unit_cost);
	app_table_add_money(c->t, r->entered ? r->variance_value : 0);
	app_table_add_qty(c->t, r->on_hand_milli);
	app_table_add_bool(c->t, r->entered);
	if (r->entered)
		c->value += r->variance_value;
	return 0;
}

static int sku_total(void *vctx, const struct stock_count_row *r)
{
	struct count_print *c = vctx;

	if (r->entered && strcmp(r->sku, c->sku) == 0)
		c->sku_counted += r->counted_milli;
	return 0;
}

static int count_enter_one(struct app_ctx *ctx, const struct user *u, long long id,
			   const char *code, const char *lot, int64_t qty, int add)
{
	struct count_print c = { NULL, 0, 0, NULL };
	struct pos_error err;
	struct product p;
	char q[QTY_FMT_MAX];
	int r;

	if ((r = lookup(ctx, code, &p)))
		return r;
	if (stock_count_enter(ctx->db, u, id, p.id, lot, qty, add, &err))
		return app_error(&err);
	c.sku = p.sku;
	if (stock_count_lines(ctx->db, id, 0, sku_total, &c, &err))
		return app_error(&err);
	qty_format(c.sku_counted, q, sizeof(q));
	printf(tr("%s (%s): %s %s counted.\n"), p.sku, p.name, q, p.unit);
	return 0;
}

/* --scan: the lines after the PIN are codes, each one unit, or CODE*QTY. */
static int count_scan(struct app_ctx *ctx, const struct user *u, long long id, const char *lot)
{
	char line[256];
	int n = 0, bad = 0;

	for (;;) {
		char *star;
		int64_t qty = QTY_ONE;

		if (cli_getline(line, sizeof(line)))
			break;
		if (!line[0])
			continue;
		star = strchr(line, '*');
		if (star) {
			*star = '\0';
			if (parse_qty(star + 1, &qty)) {
				bad++;
				continue;
			}
		}
		if (count_enter_one(ctx, u, id, line, lot, qty, 1))
			bad++;
		else
			n++;
		if (db_lost(ctx->db))
			break;   /* the file went away: the rest would be lost too */
	}
	printf(tr("%d scans counted, %d refused.\n"), n, bad);
	return bad ? 1 : 0;
}

/* Each `stock count` subcommand; argv[1..2] are "count" and its word. */
static int count_show(struct app_ctx *ctx, const struct opts *o, enum app_format fmt, int npos,
		      char **argv)
{
	struct stock_count_info info;
	struct pos_error err;
	long long id;
	char v[MONEY_FMT_MAX];
	int r;
	struct count_print c = { NULL, 0, 0, NULL };

	if (npos != 2)
		return cli_usage(&cmd_stock, tr("unexpected argument \"%s\""), argv[3]);
	if ((r = count_id(ctx, o, &id)))
		return r;
	if (stock_count_get(ctx->db, id, &info, &err))
		return app_error(&err);
	c.t = app_table_new(11);
	app_table_col(c.t, 0, "sku", "SKU", COL_TEXT);
	app_table_col(c.t, 1, "name", "Name", COL_TEXT);
	app_table_col(c.t, 2, "lot", "Lot", COL_TEXT);
	app_table_col(c.t, 3, "expiry", "Expiry", COL_TEXT);
	app_table_col(c.t, 4, "expected", "Expected", COL_QTY);
	app_table_col(c.t, 5, "counted", "Counted", COL_QTY);
	app_table_col(c.t, 6, "variance", "Variance", COL_QTY);
	app_table_col(c.t, 7, "unit_cost", "Unit cost", COL_MONEY);
	app_table_col(c.t, 8, "variance_value", "Variance value", COL_MONEY);
	app_table_col(c.t, 9, "on_hand", "On hand now", COL_QTY);
	app_table_col(c.t, 10, "entered", "Counted?", COL_BOOL);
	r = stock_count_lines(ctx->db, id, o->missing, count_row, &c, &err);
	if (fmt == APP_TABLE) {
		char when[17] = "";
		time_t t;

		if (clock_parse_utc(info.started_at, &t, NULL) == 0)
			clock_format_local(t, when);
		printf(tr("Count %lld (%s), started %s by %s; scope: %s\n"), info.id,
		       tr(info.status), when,
		       info.started_by[0] ? info.started_by : tr("system"), info.scope);
	}
	app_table_print(c.t, fmt, stdout);
	if (r)
		return app_error(&err);
	if (fmt == APP_TABLE) {
		money_format(c.value, v, sizeof(v));
		printf(tr("Variance at cost: %s\n"), v);
	}
	return 0;
}

static int count_start(struct app_ctx *ctx, const struct opts *o, int npos, char **argv)
{
	struct stock_count_info info;
	struct stock_filter f;
	struct pos_error err;
	struct user u;
	long long id;
	int r;

	if ((r = cli_auth_user(ctx, o->user, &u)))
		return r;
	if (npos != 2)
		return cli_usage(&cmd_stock, tr("unexpected argument \"%s\""), argv[3]);
	if ((r = fill_filter(ctx, o, &f)))
		return r;
	if (stock_count_start(ctx->db, &u, &f, &id, &err) ||
	    stock_count_get(ctx->db, id, &info, &err))
		return app_error(&err);
	printf(tr("Count %lld started (scope: %s). Selling goes on; enter what you count "
		  "with `ocop-pos stock count enter SKU QTY`.\n"), id, info.scope);
	return 0;
}

/* The person (PIN first) and the count (--count, else the open one). */
static int count_who(struct app_ctx *ctx, const struct opts *o, struct user *u, long long *id)
{
	int r;

	if ((r = cli_auth_user(ctx, o->user, u)))
		return r;
	return count_id(ctx, o, id);
}

static int count_enter(struct app_ctx *ctx, const struct opts *o, int npos, char **argv)
{
	struct user u;
	long long id;
	int r, k;

	if ((r = count_who(ctx, o, &u, &id)))
		return r;
	if (o->scan) {
		if (npos != 2)
			return cli_usage(&cmd_stock, "%s",
					 tr("with --scan the codes come from standard input"));
		return count_scan(ctx, &u, id, o->lot);
	}
	if (npos < 4 || (npos - 2) % 2)
		return cli_usage(&cmd_stock, "%s",
				 tr("stock count enter needs pairs of SKU|BARCODE QTY"));
	if (o->lot && npos != 4)
		return cli_usage(&cmd_stock, "%s", tr("--lot goes with a single product"));
	for (k = 3; k + 1 <= npos; k += 2) {
		int64_t qty;

		if ((r = parse_count(argv[k + 1], &qty)))
			return r;
		if ((r = count_enter_one(ctx, &u, id, argv[k], o->lot, qty, o->add)))
			return r;
	}
	return 0;
}

static int count_post(struct app_ctx *ctx, const struct opts *o)
{
	struct pos_error err;
	struct user u;
	long long id, adjusted;
	int64_t value;
	char v[MONEY_FMT_MAX];
	int r;

	if ((r = count_who(ctx, o, &u, &id)))
		return r;
	if (stock_count_post(ctx->db, &u, id, o->zero_missing, &adjusted, &value, &err))
		return app_error(&err);
	money_format(value, v, sizeof(v));
	printf(tr("Count %lld posted: %lld lot(s) adjusted, variance at cost %s.\n"), id,
	       adjusted, v);
	return 0;
}

static int count_cancel(struct app_ctx *ctx, const struct opts *o)
{
	struct pos_error err;
	struct user u;
	long long id;
	int r;

	if ((r = count_who(ctx, o, &u, &id)))
		return r;
	if (stock_count_cancel(ctx->db, &u, id, &err))
		return app_error(&err);
	printf(tr("Count %lld cancelled: nothing was adjusted.\n"), id);
	return 0;
}

/* ---- transfers and returns ---------------------------------------------- */

static void print_lots(const struct transfer_doc *d)
{
	char q[QTY_FMT_MAX], pct[16];
	size_t i;

	for (i = 0; i < d->nlots; i++) {
		const struct transfer_lot *l = &d->lots[i];

		qty_format(l->qty_milli, q, sizeof(q));
		printf("  %-12s %s  %s %s  %s %s  %s %s", l->sku, l->name, tr("lot"), l->lot_no,
		       q, l->unit, tr("expiry"), l->expiry[0] ? l->expiry : "-");
		if (l->owner[0]) {
			pct_text(l->commission_bp, pct, sizeof(pct));
			printf(tr("  consigned by %s (%s)"), l->owner, pct);
		}
		putchar('\n');
	}
}

static int do_transfer_out(struct app_ctx *ctx, const struct opts *o, int npos, char **argv)
{
	struct transfer_item items[64];
	struct transfer_doc *d = NULL;
	struct pos_error err;
	struct product p;
	struct user u;
	size_t n = 0;
	int r, k;

	if (!o->to || !o->out)
		return cli_usage(&cmd_stock, "%s",
				 tr("stock transfer-out needs --to SHOWROOM and --out FILE"));
	if (npos < 3 || (npos - 1) % 2)
		return cli_usage(&cmd_stock, "%s",
				 tr("stock transfer-out needs pairs of SKU|BARCODE QTY"));
	if ((npos - 1) / 2 > 64)
		return app_fail(tr("at most %d products per transfer"), 64);
	if (o->lot && npos != 3)
		return cli_usage(&cmd_stock, "%s", tr("--lot goes with a single product"));
	if ((r = cli_auth_user(ctx, o->user, &u)))
		return r;
	for (k = 2; k + 1 <= npos; k += 2) {
		if ((r = lookup(ctx, argv[k], &p)))
			return r;
		items[n].product_id = p.id;
		items[n].lot_no = o->lot;
		if ((r = parse_qty(argv[k + 1], &items[n].qty_milli)))
			return r;
		n++;
	}
	/* core writes the file itself, atomically and never over an existing one */
	if ((r = app_out_check(ctx, o->out, 0)))
		return r;
	if (transfer_out(ctx->db, &u, o->to, items, n, o->note, o->out, &d, &err))
		return app_error(&err);
	printf(tr("Transfer %s to %s: %zu lot(s) taken out of stock (in transit), file %s.\n"),
	       d->uuid, d->to, d->nlots, o->out);
	print_lots(d);
	printf(tr("Send the file with the goods; %s receives it with `ocop-pos stock transfer-in "
		  "FILE`.\n"), d->to);
	if (o->print) {
		struct app_print_result res;
		struct app_print_opts po;

		/* the goods are out already: a print failure is said, not fatal */
		memset(&po, 0, sizeof(po));
		po.printer = o->printer;
		po.profile = o->profile;
		fflush(stdout);
		if (app_print_transfer(ctx, d, &po, &res, &err))
			fprintf(stderr, tr("ocop-pos: the transfer %s is recorded, but its note did not "
					   "print: %s\n"), d->uuid, pos_error_text(&err));
		else
			printf(tr("Printed the transfer note on %s (profile %s, %zu bytes).\n"),
			       res.device, res.profile, res.bytes);
	}
	transfer_doc_free(d);
	return 0;
}

static int do_transfer_in(struct app_ctx *ctx, const struct opts *o, int npos, char **argv)
{
	struct transfer_doc *d = NULL;
	struct pos_error err;
	struct user u;
	int r;

	if (npos != 2)
		return cli_usage(&cmd_stock, "%s", tr("stock transfer-in needs the transfer FILE"));
	if ((r = cli_auth_user(ctx, o->user, &u)))
		return r;
	if (transfer_in(ctx->db, &u, argv[2], &d, &err))
		return app_error(&err);
	printf(tr("Received transfer %s from %s: %zu lot(s).\n"), d->uuid, d->from, d->nlots);
	print_lots(d);
	transfer_doc_free(d);
	return 0;
}

struct transfer_print {
	struct app_table *t;
	enum app_format fmt;
};

/* A UTC timestamp as local time for people, as is for machines. */
static void add_time(struct app_table *t, enum app_format fmt, const char *ts)
{
	char local[17];
	time_t when;

	if (fmt == APP_TABLE && ts[0] && clock_parse_utc(ts, &when, NULL) == 0) {
		clock_format_local(when, local);
		app_table_add_text(t, local);
	} else {
		app_table_add_text(t, ts);
	}
}

static int transfer_row(void *vctx, const struct transfer_row *r)
{
	struct transfer_print *c = vctx;
	struct app_table *t = c->t;
	int human = c->fmt == APP_TABLE;

	app_table_add_text(t, r->uuid);
	app_table_add_text(t, human ? tr(r->direction) : r->direction);
	app_table_add_text(t, r->from);
	app_table_add_text(t, r->to);
	app_table_add_text(t, human ? tr(r->status) : r->status);
	add_time(t, c->fmt, r->created);
	add_time(t, c->fmt, r->received);
	app_table_add_int(t, r->lots);
	app_table_add_qty(t, r->qty_milli);
	return 0;
}

static int do_transfers(struct app_ctx *ctx, enum app_format fmt)
{
	struct app_table *t = app_table_new(9);
	struct transfer_print c = { t, fmt };
	struct pos_error err;
	int r;

	app_table_col(t, 0, "uuid", "Transfer", COL_TEXT);
	app_table_col(t, 1, "direction", "Direction", COL_TEXT);
	app_table_col(t, 2, "from", "From", COL_TEXT);
	app_table_col(t, 3, "to", "To", COL_TEXT);
	app_table_col(t, 4, "status", "Status", COL_TEXT);
	app_table_col(t, 5, "created", "Sent", COL_TEXT);
	app_table_col(t, 6, "received", "Received", COL_TEXT);
	app_table_col(t, 7, "moves", "Moves", COL_INT);
	app_table_col(t, 8, "qty", "Quantity", COL_QTY);
	r = transfer_list(ctx->db, transfer_row, &c, &err);
	app_table_print(t, fmt, stdout);
	return r ? app_error(&err) : 0;
}

static int do_return(struct app_ctx *ctx, const struct opts *o, int npos, char **argv)
{
	struct stock_alloc *a = NULL;
	struct producer pr;
	struct pos_error err;
	struct product p;
	struct user u;
	char doc[STOCK_DOC_MAX], q[QTY_FMT_MAX];
	int64_t qty = 0;
	long long pid = 0;
	size_t n = 0, i;
	int r;

	if (npos != 2 && npos != 3 && npos != 4)
		return cli_usage(&cmd_stock, "%s", tr("stock return-to-producer needs PRODUCER_CODE, "
						      "then SKU QTY, SKU --all or --all"));
	if (npos == 2 && !o->all)
		return cli_usage(&cmd_stock, "%s", tr("say what goes back: SKU QTY, or --all for "
						      "everything the producer consigned"));
	if (npos == 3 && !o->all)
		return cli_usage(&cmd_stock, "%s", tr("give a quantity, or --all"));
	if (npos == 4 && o->all)
		return cli_usage(&cmd_stock, "%s", tr("give a quantity or --all, not both"));
	if (npos == 4 && (r = parse_qty(argv[4], &qty)))
		return r;
	if ((r = cli_auth_user(ctx, o->user, &u)))
		return r;
	if (producer_get(ctx->db, argv[2], &pr, &err))
		return app_error(&err);
	if (npos >= 3) {
		if ((r = lookup(ctx, argv[3], &p)))
			return r;
		pid = p.id;
	}
	if (stock_return_to_producer(ctx->db, &u, pr.id, pid, o->lot, qty, &a, &n, doc, &err))
		return app_error(&err);
	printf(tr("Returned to %s (%s), document %s:\n"), pr.code, pr.name, doc);
	for (i = 0; i < n; i++) {
		struct product c;

		if (catalog_get_id(ctx->db, a[i].product_id, &c, &err)) {
			free(a);
			return app_error(&err);
		}
		qty_format(a[i].qty_milli, q, sizeof(q));
		printf("  %-12s %s  %s %s  %s %s\n", c.sku, c.name, tr("lot"), a[i].lot_no, q, c.unit);
	}
	free(a);
	return 0;
}

/* ---- lists and alerts --------------------------------------------------- */

static int list_row(void *vt, const struct stock_product_row *r)
{
	struct app_table *t = vt;

	app_table_add_text(t, r->sku);
	app_table_add_text(t, r->name);
	app_table_add_text(t, r->unit);
	app_table_add_qty(t, r->on_hand_milli);
	app_table_add_qty(t, r->consigned_milli);
	app_table_add_money(t, r->value);
	app_table_add_qty(t, r->reorder_milli);
	app_table_add_int(t, r->nlots);
	app_table_add_text(t, r->producer);
	app_table_add_text(t, r->origin_province);
	return 0;
}

struct lot_print {
	struct app_table *t;
	enum app_format fmt;
	int64_t value;
};

static int lot_row(void *vctx, const struct stock_lot_row *r)
{
	struct lot_print *c = vctx;
	char pct[16];

	app_table_add_text(c->t, r->sku);
	app_table_add_text(c->t, r->name);
	app_table_add_text(c->t, r->lot_no);
	app_table_add_text(c->t, r->expiry);
	if (r->has_expiry)
		app_table_add_int(c->t, r->days_left);
	else
		app_table_add_text(c->t, "");
	app_table_add_text(c->t, r->received_on);
	app_table_add_text(c->t, c->fmt == APP_TABLE ? owner_text(r->owner) : r->owner);
	if (c->fmt == APP_TABLE) {
		if (r->owner[0])
			pct_text(r->commission_bp, pct, sizeof(pct));
		else
			pct[0] = '\0';
		app_table_add_text(c->t, pct);
	} else {
		app_table_add_int(c->t, r->commission_bp);
	}
	app_table_add_money(c->t, r->unit_cost);
	app_table_add_qty(c->t, r->on_hand_milli);
	app_table_add_money(c->t, r->value);
	c->value += r->value;
	return 0;
}

struct alert_print {
	struct app_table *t;
	enum app_format fmt;
	int n;
};

static const char *alert_text(enum stock_alert_kind k)
{
	switch (k) {
	case STOCK_ALERT_LOW: return tr("below reorder level");
	case STOCK_ALERT_EXPIRING: return tr("expiring soon");
	case STOCK_ALERT_EXPIRED: return tr("expired");
	case STOCK_ALERT_CERT: return tr("certificate expiring");
	case STOCK_ALERT_NEGATIVE: return tr("negative stock");
	case STOCK_ALERT_CACHE: return tr("cache differs from ledger");
	}
	return "?";
}

static int alert_row(void *vctx, const struct stock_alert *a)
{
	struct alert_print *c = vctx;

	app_table_add_text(c->t, c->fmt == APP_TABLE ? alert_text(a->kind) :
			   stock_alert_kind_name(a->kind));
	app_table_add_text(c->t, a->sku);
	app_table_add_text(c->t, a->name);
	app_table_add_text(c->t, a->lot_no);
	app_table_add_text(c->t, a->date);
	if (a->date[0])
		app_table_add_int(c->t, a->days);
	else
		app_table_add_text(c->t, "");
	app_table_add_qty(c->t, a->qty_milli);
	if (a->kind == STOCK_ALERT_LOW || a->kind == STOCK_ALERT_CACHE)
		app_table_add_qty(c->t, a->level_milli);
	else
		app_table_add_text(c->t, "");
	c->n++;
	return 0;
}

static int do_see(struct app_ctx *ctx, const struct opts *o, const char *sub,
		  enum app_format fmt, int npos, char **argv)
{
	struct stock_filter f;
	struct pos_error err;
	struct app_table *t;
	int r;

	if ((r = fill_filter(ctx, o, &f)))
		return r;
	if (strcmp(sub, "list") == 0) {
		if (npos != 1)
			return cli_usage(&cmd_stock, tr("unexpected argument \"%s\""), argv[2]);
		t = app_table_new(10);
		app_table_col(t, 0, "sku", "SKU", COL_TEXT);
		app_table_col(t, 1, "name", "Name", COL_TEXT);
		app_table_col(t, 2, "unit", "Unit", COL_TEXT);
		app_table_col(t, 3, "on_hand", "On hand", COL_QTY);
		app_table_col(t, 4, "consigned", "Consigned", COL_QTY);
		app_table_col(t, 5, "value", "Value at cost", COL_MONEY);
		app_table_col(t, 6, "reorder", "Reorder at", COL_QTY);
		app_table_col(t, 7, "lots", "Lots", COL_INT);
		app_table_col(t, 8, "producer", "Producer", COL_TEXT);
		app_table_col(t, 9, "origin", "Prov.", COL_TEXT);
		r = stock_list(ctx->db, &f, list_row, t, &err);
		app_table_print(t, fmt, stdout);
		return r ? app_error(&err) : 0;
	}
	if (strcmp(sub, "lots") == 0) {
		struct lot_print c = { NULL, fmt, 0 };
		struct product p;
		char v[MONEY_FMT_MAX];

		p.id = 0;
		if (npos > 2)
			return cli_usage(&cmd_stock, tr("unexpected argument \"%s\""), argv[3]);
		if (npos == 2 && (r = lookup(ctx, argv[2], &p)))
			return r;
		c.t = t = app_table_new(11);
		app_table_col(t, 0, "sku", "SKU", COL_TEXT);
		app_table_col(t, 1, "name", "Name", COL_TEXT);
		app_table_col(t, 2, "lot", "Lot", COL_TEXT);
		app_table_col(t, 3, "expiry", "Expiry", COL_TEXT);
		app_table_col(t, 4, "days_left", "Days left", COL_INT);
		app_table_col(t, 5, "received", "Received", COL_TEXT);
		app_table_col(t, 6, "owner", "Owner", COL_TEXT);
		app_table_col(t, 7, "commission_bp", "Commission", fmt == APP_TABLE ? COL_TEXT : COL_INT);
		app_table_col(t, 8, "unit_cost", "Unit cost", COL_MONEY);
		app_table_col(t, 9, "on_hand", "On hand", COL_QTY);
		app_table_col(t, 10, "value", "Value at cost", COL_MONEY);
		r = stock_lots(ctx->db, &f, p.id, lot_row, &c, &err);
		app_table_print(t, fmt, stdout);
		if (r)
			return app_error(&err);
		if (fmt == APP_TABLE) {
			money_format(c.value, v, sizeof(v));
			printf(tr("Value at cost: %s\n"), v);
		}
		return 0;
	}
	/* alerts */
	{
		struct alert_print c = { NULL, fmt, 0 };
		long long days = o->days >= 0 ? o->days : 30;
		long long cdays = o->cert_days >= 0 ? o->cert_days : 60;

		if (npos != 1)
			return cli_usage(&cmd_stock, tr("unexpected argument \"%s\""), argv[2]);
		if (days > 36500 || cdays > 36500)
			return cli_usage(&cmd_stock, "%s", tr("--days and --cert-days: 0 to 36500"));
		c.t = t = app_table_new(8);
		app_table_col(t, 0, "alert", "Alert", COL_TEXT);
		app_table_col(t, 1, "sku", "SKU", COL_TEXT);
		app_table_col(t, 2, "name", "Name", COL_TEXT);
		app_table_col(t, 3, "lot", "Lot", COL_TEXT);
		app_table_col(t, 4, "date", "Date", COL_TEXT);
		app_table_col(t, 5, "days", "Days", COL_INT);
		app_table_col(t, 6, "qty", "On hand", COL_QTY);
		app_table_col(t, 7, "level", "Level", COL_QTY);
		r = stock_alerts(ctx->db, &f, (int)days, (int)cdays, alert_row, &c, &err);
		if (c.n == 0 && fmt == APP_TABLE && !r) {
			app_table_print(t, fmt, NULL);
			printf("%s\n", tr("No stock alerts."));
			return 0;
		}
		app_table_print(t, fmt, stdout);
		return r ? app_error(&err) : 0;
	}
}

/* ---- dispatch: each subcommand's options are in stock_subs ------------ */

#define SUB(name, call) \
static int name(struct app_ctx *ctx, const struct cli_args *a) \
{ \
	enum app_format fmt; \
	struct opts o; \
	int npos = a->npos, r; \
	char **argv = a->argv; \
	load(a, &o); \
	if ((r = cli_format(a, &fmt)) || (r = app_db(ctx, 0))) \
		return r; \
	(void)fmt; (void)npos; (void)argv; \
	return call; \
}

SUB(run_receive, do_receive(ctx, &o, npos, argv))
SUB(run_grn, do_grn(ctx, npos, argv))
SUB(run_adjust, do_adjust(ctx, &o, npos, argv))
SUB(run_count_show, count_show(ctx, &o, fmt, npos, argv))
SUB(run_count_start, count_start(ctx, &o, npos, argv))
SUB(run_count_enter, count_enter(ctx, &o, npos, argv))
SUB(run_count_post, count_post(ctx, &o))
SUB(run_count_cancel, count_cancel(ctx, &o))
SUB(run_transfer_out, do_transfer_out(ctx, &o, npos, argv))
SUB(run_transfer_in, do_transfer_in(ctx, &o, npos, argv))
SUB(run_transfers, do_transfers(ctx, fmt))
SUB(run_return, do_return(ctx, &o, npos, argv))
SUB(run_reorder, do_reorder(ctx, &o, npos, argv))
SUB(run_bundle, do_bundle(ctx, &o, npos, argv))
SUB(run_oversell, do_oversell(ctx, &o, npos, argv))
SUB(run_see, do_see(ctx, &o, argv[1], fmt, npos, argv))
