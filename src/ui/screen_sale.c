/*
 * screen_sale.c - the till: the cart as a table (name, stars, quantity,
 * unit price, amount) that scrolls, the last scanned line highlighted, a
 * big total, and an entry line for codes typed by hand and quantity
 * multipliers ("3*" then a scan, or "3*8931234500016").
 *
 * Scans come as events from any source and from any screen above the
 * till (tui.c passes them down): they always land in the cart.  An
 * unknown code or a wrong check digit is said in the message line with a
 * beep, never dropped silently.  Every cart change goes through core
 * (sale.h), which saves the cart after each change, so a crash loses
 * nothing; the open cart of the register is restored when the till opens.
 *
 * Keys (each with a key that needs no F-keys, shown in the key bar):
 *   F1 ?  help           F2 /  search          F3 ^Q quantity (+ - N*)
 *   F4 ^D discount       F5 ^T hold/recall     F6 ^K customer/invoice
 *   F7 ^R return         F8 ^X remove line     F9 ^O open the drawer
 *   F10 ^P pay           F11 ^W shift          F12 ^E menu   Esc log out
 * '?', '/', '+', '-' are keys only while the entry line is empty;
 * otherwise they are typed (SKUs contain '-').
 */
#include "ui/tui.h"

#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/catalog.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/vntext.h"
#include "core/salehist.h"
#include "ui/customer_ui.h"
#include "ui/history_ui.h"
#include "ui/widget.h"

struct sale_screen {
	struct wlist list;
	struct wfield entry;
	int line;                 /* line a dialog is about (qty, discount) */
	int disc_scope;
};

static struct sale_screen *the_till(struct tui *t)
{
	return tui_find(t, "sale");
}

static void sync_list(struct tui *t, struct sale_screen *s, int select_last)
{
	wlist_set_count(&s->list, t->has_cart ? (int)t->cart.nlines : 0);
	if (select_last && t->cart.last_line >= 0)
		wlist_select(&s->list, t->cart.last_line);
}

/* Name of a line, with its flags, for messages. */
static const char *line_name(const struct cart_line *l)
{
	return l->name;
}

static void added(struct tui *t, struct sale_screen *s);

int till_add_scan(struct tui *t, const char *code)
{
	struct sale_screen *s = the_till(t);
	struct pos_error err;
	int64_t q = t->multiplier;
	int r;

	if (!t->has_cart)
		return POS_ERR_INVALID;
	r = cart_add_code(&t->cart, t->db, t->cfg, code, q, &err);
	if (r) {
		if (r == POS_ERR_NOT_FOUND)
			tui_msg(t, TUI_MSG_ERROR, tr("code %s is not in the catalogue: press F2 (or /) "
						     "to find the product by name"), code);
		else if (r == POS_ERR_INVALID && strspn(code, "0123456789") == strlen(code))
			tui_msg(t, TUI_MSG_ERROR, tr("code %s was misread (wrong check digit): scan it "
						     "again, or type the code printed under the bars"), code);
		else
			tui_msg(t, TUI_MSG_ERROR, "%s", pos_error_text(&err));
		tui_beep(t);
		return r;
	}
	added(t, s);
	return 0;
}

/* A line was added: select it (what +, - and F3 act on) and say what it was. */
static void added(struct tui *t, struct sale_screen *s)
{
	t->multiplier = 0;
	if (s)
		sync_list(t, s, 1);
	if (t->cart.last_line >= 0 && (size_t)t->cart.last_line < t->cart.nlines) {
		const struct cart_line *l = &t->cart.lines[t->cart.last_line];

		struct pos_error err;
		int64_t short_milli = 0;
		int allowed = 1;

		if (cart_stock_short(t->db, &t->cart, (size_t)t->cart.last_line, &short_milli,
				     &allowed, &err))
			short_milli = 0;
		if (short_milli > 0 && !allowed) {
			tui_msg(t, TUI_MSG_ERROR, tr("%s × %s: %s short in stock, and this shop does not "
						     "sell beyond stock: lower the quantity before "
						     "taking the money"), line_name(l),
				tui_qty(l->qty_milli), tui_qty(short_milli));
			tui_beep(t);
		} else if (short_milli > 0) {
			tui_msg(t, TUI_MSG_WARN, tr("%s × %s: %s more than the stock on hand (sold "
						    "beyond stock, as the shop allows)"), line_name(l),
				tui_qty(l->qty_milli), tui_qty(short_milli));
		} else if (l->cert_lapsed) {
			tui_msg(t, TUI_MSG_WARN, tr("%s: its OCOP certificate has lapsed (sold anyway; "
						    "tell the manager)"), line_name(l));
		} else {
			tui_msg(t, TUI_MSG_OK, "%s × %s = %s", line_name(l), tui_qty(l->qty_milli),
				tui_money(l->amount));
		}
	}
}

int till_add_product(struct tui *t, long long product_id)
{
	struct pos_error err;
	int r;

	if (!t->has_cart)
		return POS_ERR_INVALID;
	r = cart_add_product(&t->cart, t->db, product_id, t->multiplier, &err);
	if (r) {
		tui_error(t, &err);
		return r;
	}
	added(t, the_till(t));
	return 0;
}

void till_new_cart(struct tui *t)
{
	struct pos_error err;

	if (t->has_cart)
		cart_release(&t->cart);
	t->has_cart = 0;
	if (cart_init(&t->cart, t->register_code, t->user.id, &err) == 0)
		t->has_cart = 1;
	else
		tui_error(t, &err);
	t->multiplier = 0;
	if (the_till(t))
		sync_list(t, the_till(t), 0);
}

/* --- drawing ---------------------------------------------------------------- */

struct cols {
	int no, name, stars, qty, price, amount, sku, vat;
};

static struct cols layout(int w)
{
	struct cols c = { 3, 0, 5, 7, 11, 12, 0, 0 };

	if (w >= 110) {
		c.sku = 14;
		c.vat = 5;
	}
	c.name = w - 1 - c.no - c.stars - c.qty - c.price - c.amount - c.sku - c.vat - 7;
	if (c.name < 10)
		c.name = 10;
	return c;
}

struct row_ctx {
	struct tui *t;
	struct cols c;
};

static void draw_row(void *ctx, int i, int y, int x, int w, int selected)
{
	struct row_ctx *rc = ctx;
	struct tui *t = rc->t;
	const struct cart_line *l = &t->cart.lines[i];
	attr_t a = tui_attr(TR_NORMAL);
	char name[400], vat[8];
	int cx = x, mw;

	if (i == t->cart.last_line)
		a = tui_attr(TR_LAST);
	if (selected)
		a = tui_attr(TR_SEL) | (i == t->cart.last_line ? A_BOLD : 0);
	tui_fill(y, x, 1, w, a);
	/* The marks stay whole at the end of the column; the name gives way. */
	snprintf(name, sizeof(name), "%s%s",
		 l->discount > 0 ? tr(" (discount)") : "",
		 l->cert_lapsed ? tr(" (certificate lapsed!)") : "");
	mw = vn_width(name);
	if (mw > rc->c.name / 2)
		mw = rc->c.name / 2;
	tui_textf(y, cx, rc->c.no, TA_RIGHT, a, "%d", i + 1);
	cx += rc->c.no;
	cx += 1;
	if (rc->c.sku) {
		tui_text(y, cx, rc->c.sku, TA_LEFT, a, l->sku);
		cx += rc->c.sku + 1;
	}
	if (mw && vn_width(l->name) + mw > rc->c.name) {
		tui_name(y, cx, rc->c.name - mw, a, l->name);
		tui_text(y, cx + rc->c.name - mw, mw, TA_LEFT, a, name);
	} else {
		tui_textf(y, cx, rc->c.name, TA_LEFT, a, "%s%s", l->name, name);
	}
	cx += rc->c.name + 1;
	tui_text(y, cx, rc->c.stars, TA_LEFT, selected ? a : a | tui_attr(TR_STARS),
		 tui_stars(t, l->stars));
	cx += rc->c.stars + 1;
	tui_text(y, cx, rc->c.qty, TA_RIGHT, a, tui_qty(l->qty_milli));
	cx += rc->c.qty + 1;
	tui_text(y, cx, rc->c.price, TA_RIGHT, a, tui_money(l->unit_price));
	cx += rc->c.price + 1;
	if (rc->c.vat) {
		vat_rate_format(l->vat_rate, vat, sizeof(vat));
		tui_text(y, cx, rc->c.vat, TA_RIGHT, a, vat);
		cx += rc->c.vat + 1;
	}
	tui_text(y, cx, rc->c.amount, TA_RIGHT, a, tui_money(l->amount));
}

static void sale_draw(struct tui *t, void *st, struct tui_rect area)
{
	struct sale_screen *s = st;
	struct row_ctx rc;
	struct tui_rect lr;
	int y, cx, bottom = 4, listh, bw, i;
	int64_t units = 0;
	char total[MONEY_FMT_MAX], info[256];
	attr_t h = tui_attr(TR_HEADER);

	rc.t = t;
	rc.c = layout(area.w);
	/* Header. */
	y = area.y;
	tui_fill(y, area.x, 1, area.w, h);
	cx = area.x;
	tui_text(y, cx, rc.c.no, TA_RIGHT, h, "#");
	cx += rc.c.no + 1;
	if (rc.c.sku) {
		tui_text(y, cx, rc.c.sku, TA_LEFT, h, tr("SKU"));
		cx += rc.c.sku + 1;
	}
	tui_text(y, cx, rc.c.name, TA_LEFT, h, tr("Product"));
	cx += rc.c.name + 1;
	tui_text(y, cx, rc.c.stars, TA_LEFT, h, tr("OCOP"));
	cx += rc.c.stars + 1;
	tui_text(y, cx, rc.c.qty, TA_RIGHT, h, tr("Qty"));
	cx += rc.c.qty + 1;
	tui_text(y, cx, rc.c.price, TA_RIGHT, h, tr("Price"));
	cx += rc.c.price + 1;
	if (rc.c.vat) {
		tui_text(y, cx, rc.c.vat, TA_RIGHT, h, tr("VAT"));
		cx += rc.c.vat + 1;
	}
	tui_text(y, cx, rc.c.amount, TA_RIGHT, h, tr("Amount"));

	/* The lines. */
	listh = area.h - 1 - bottom;
	lr.y = area.y + 1;
	lr.x = area.x;
	lr.h = listh;
	lr.w = area.w;
	sync_list(t, s, 0);
	if (!t->has_cart || t->cart.nlines == 0) {
		tui_text(lr.y + listh / 2 - 1, area.x, area.w, TA_CENTER, tui_attr(TR_DIM),
			 tr("Scan a product, or type its code and press Enter."));
		tui_text(lr.y + listh / 2, area.x, area.w, TA_CENTER, tui_attr(TR_DIM),
			 tr("F2 or / finds a product by name (accents optional)."));
	} else {
		wlist_draw(&s->list, lr, draw_row, &rc);
	}

	/* Summary line. */
	y = area.y + 1 + listh;
	tui_hline(y, area.x, area.w, tui_attr(TR_DIM));
	if (t->has_cart) {
		for (i = 0; i < (int)t->cart.nlines; i++)
			units += t->cart.lines[i].qty_milli;
		snprintf(info, sizeof(info), " %s: %zu  %s: %s  %s: %s  %s: %s ", tr("Lines"),
			 t->cart.nlines, tr("Items"), tui_qty(units), tr("Discount"),
			 tui_money(t->cart.discount), tr("VAT incl."), tui_money(t->cart.vat));
		tui_text(y, area.x + 1, vn_width(info) < area.w - 2 ? vn_width(info) : area.w - 2,
			 TA_LEFT, tui_attr(TR_NORMAL), info);
	}

	/* Entry, multiplier, customer on the left; the big total on the right. */
	y++;
	money_format_plain(t->has_cart ? t->cart.total : 0, total, sizeof(total));
	bw = bigtext_width(total);
	{
		int lw = area.w - bw - 10;

		if (lw < 30)
			lw = 30;
		tui_textf(y, area.x, 14, TA_LEFT, tui_attr(TR_TITLE), "%s", tr("Code/qty:"));
		wfield_draw(t, &s->entry, y, area.x + 14, lw - 16 > 10 ? lw - 16 : 10, 1);
		if (t->multiplier)
			tui_textf(y + 1, area.x, lw, TA_LEFT, tui_attr(TR_WARN),
				  tr("Next scan: quantity %s"), tui_qty(t->multiplier));
		else
			tui_text(y + 1, area.x, lw, TA_LEFT, tui_attr(TR_DIM),
				 tr("+/- qty, 3* then scan = sell 3"));
		if (t->has_cart && t->cart.buyer_name[0])
			tui_textf(y + 2, area.x, lw, TA_LEFT, tui_attr(TR_NORMAL), "%s: %s %s",
				  tr("Customer"), t->cart.buyer_name, t->cart.buyer_tax_code);
		else if (t->has_cart && t->cart.paid > 0)
			tui_textf(y + 2, area.x, lw, TA_LEFT, tui_attr(TR_WARN), "%s: %s",
				  tr("Paid so far"), tui_money(t->cart.paid));
		if (area.w - bw - 2 > lw) {
			tui_text(y, area.x + area.w - bw - 9, 7, TA_RIGHT, tui_attr(TR_TOTAL),
				 tr("TOTAL"));
			bigtext_draw(t, y, area.x + area.w - bw - 1, tui_attr(TR_TOTAL), total);
		} else {
			tui_textf(y, area.x + lw, area.w - lw, TA_RIGHT, tui_attr(TR_TOTAL) | A_BOLD,
				  "%s %s", tr("TOTAL"), tui_money(t->has_cart ? t->cart.total : 0));
		}
	}
}

/* --- dialogs ------------------------------------------------------------------- */

static int sel_line(struct tui *t, struct sale_screen *s)
{
	if (!t->has_cart || t->cart.nlines == 0 || s->list.sel < 0 ||
	    s->list.sel >= (int)t->cart.nlines)
		return -1;
	return s->list.sel;
}

static int remove_cb(struct tui *t, void *ctx, int ok, struct wform *f)
{
	struct sale_screen *s = the_till(t);
	struct pos_error err;
	int line = (int)(intptr_t)ctx;
	char name[256];

	(void)f;
	if (!ok || !s || line < 0 || line >= (int)t->cart.nlines)
		return 0;
	snprintf(name, sizeof(name), "%s", t->cart.lines[line].name);
	if (cart_remove_line(&t->cart, t->db, (size_t)line, &err))
		tui_error(t, &err);
	else
		tui_msg(t, TUI_MSG_INFO, tr("removed: %s"), name);
	sync_list(t, s, 0);
	return 0;
}

static void ask_remove(struct tui *t, int line)
{
	char text[512];

	snprintf(text, sizeof(text), tr("Remove %s (x %s) from the cart?"), t->cart.lines[line].name,
		 tui_qty(t->cart.lines[line].qty_milli));
	dialog_confirm(t, tr("Remove line"), text, remove_cb, (void *)(intptr_t)line);
}

static int qty_cb(struct tui *t, void *ctx, int ok, struct wform *f)
{
	struct sale_screen *s = the_till(t);
	struct pos_error err;
	int64_t q;
	int line = (int)(intptr_t)ctx;

	if (!ok || !s)
		return 0;
	if (line < 0 || line >= (int)t->cart.nlines)
		return 0;
	if (qty_parse(f->f[0].buf, &q, &err)) {
		dialog_error(t, pos_error_text(&err));
		return 1;
	}
	if (cart_set_qty(&t->cart, t->db, (size_t)line, q, &err)) {
		dialog_error(t, pos_error_text(&err));
		return 1;
	}
	tui_msg(t, TUI_MSG_OK, "%s × %s", t->cart.lines[line].name, tui_qty(q));
	sync_list(t, s, 0);
	return 0;
}

static void ask_qty(struct tui *t, int line)
{
	struct wform *f;
	char text[400];

	snprintf(text, sizeof(text), "%s (%s)", t->cart.lines[line].name, t->cart.lines[line].unit);
	f = dialog_form(t, tr("Quantity"), text, qty_cb, (void *)(intptr_t)line);
	wform_add(f, "New quantity", WF_QTY, tui_qty(t->cart.lines[line].qty_milli));
}

static void step_qty(struct tui *t, struct sale_screen *s, int delta)
{
	struct pos_error err;
	int line = sel_line(t, s);
	int64_t q;

	if (line < 0) {
		tui_msg(t, TUI_MSG_WARN, "%s", tr("the cart is empty: scan a product first"));
		return;
	}
	q = t->cart.lines[line].qty_milli + delta * QTY_ONE;
	if (q <= 0) {
		ask_remove(t, line);
		return;
	}
	if (cart_set_qty(&t->cart, t->db, (size_t)line, q, &err))
		tui_error(t, &err);
	else
		tui_msg(t, TUI_MSG_OK, "%s × %s", t->cart.lines[line].name, tui_qty(q));
}

/* Discount: needs a manager's PIN beyond the cashier's limit. */
struct disc_req {
	int line;
	int percent_bp;
	int64_t amount;
};

static struct disc_req pending_disc;

static int approve_cb(struct tui *t, void *ctx, int ok, struct wform *f)
{
	struct pos_error err;
	struct user mgr;
	int r;

	(void)ctx;
	if (!ok)
		return 0;
	r = user_auth(t->db, f->f[0].buf, f->f[1].buf, &mgr, &err);
	explicit_bzero(f->f[1].buf, sizeof(f->f[1].buf));
	if (r) {
		dialog_error(t, pos_error_text(&err));
		return 1;
	}
	if (cart_discount(&t->cart, t->db, &t->user, pending_disc.line, pending_disc.percent_bp,
			  pending_disc.amount, &mgr, &err)) {
		dialog_error(t, pos_error_text(&err));
		return 1;
	}
	tui_msg(t, TUI_MSG_OK, tr("discount approved by %s"), mgr.name);
	return 0;
}

static int parse_percent_bp(const char *s, int *bp, struct pos_error *err)
{
	int64_t milli;

	if (qty_parse(s, &milli, err))
		return POS_ERR_INVALID;
	/* milli is percent x 1000; basis points are percent x 100. */
	if (milli % 10 || milli > 100000)
		return pos_fail(err, POS_ERR_INVALID, "%s",
				tr("a percentage is between 0 and 100 with at most two decimals"));
	*bp = (int)(milli / 10);
	return 0;
}

static int disc_cb(struct tui *t, void *ctx, int ok, struct wform *f)
{
	struct pos_error err;
	int bp = 0, line, r;
	int64_t amount = 0;
	struct wform *af;

	(void)ctx;
	if (!ok)
		return 0;
	line = f->f[2].buf[0] == '2' ? -1 : pending_disc.line;
	if (f->f[0].buf[0] && parse_percent_bp(f->f[0].buf, &bp, &err)) {
		dialog_error(t, pos_error_text(&err));
		return 1;
	}
	if (f->f[1].buf[0])
		amount = wfield_int(&f->f[1]);
	if (bp && amount) {
		dialog_error(t, tr("give a percentage or an amount, not both"));
		return 1;
	}
	r = cart_discount(&t->cart, t->db, &t->user, line, bp, amount, NULL, &err);
	if (r == POS_ERR_PERM) {
		pending_disc.line = line;
		pending_disc.percent_bp = bp;
		pending_disc.amount = amount;
		af = dialog_form(t, tr("Manager approval"), pos_error_text(&err), approve_cb, NULL);
		wform_add(af, "Manager", WF_TEXT, NULL);
		wform_add(af, "PIN", WF_PIN, NULL);
		return 0;
	}
	if (r) {
		dialog_error(t, pos_error_text(&err));
		return 1;
	}
	if (!bp && !amount)
		tui_msg(t, TUI_MSG_INFO, "%s", tr("discount removed"));
	else
		tui_msg(t, TUI_MSG_OK, tr("discount given: %s"), tui_money(t->cart.discount));
	return 0;
}

static void ask_discount(struct tui *t, struct sale_screen *s)
{
	struct wform *f;
	char text[512];
	int line = sel_line(t, s);

	if (line < 0) {
		tui_msg(t, TUI_MSG_WARN, "%s", tr("the cart is empty: scan a product first"));
		return;
	}
	pending_disc.line = line;
	snprintf(text, sizeof(text), tr("Selected line: %s. Type a percentage or an amount; "
					"0 removes the discount."), t->cart.lines[line].name);
	f = dialog_form(t, tr("Discount"), text, disc_cb, NULL);
	wform_add(f, "Percent", WF_PERCENT, NULL);
	wform_add(f, "or amount (VND)", WF_MONEY, NULL);
	wform_add(f, "For (1 line, 2 whole sale)", WF_DIGITS, "1")->maxlen = 1;
}

static int buyer_cb(struct tui *t, void *ctx, int ok, struct wform *f)
{
	struct pos_error err;

	(void)ctx;
	if (!ok)
		return 0;
	if (cart_set_buyer(&t->cart, t->db, f->f[0].buf, f->f[1].buf, f->f[2].buf, f->f[3].buf,
			   &err)) {
		dialog_error(t, pos_error_text(&err));
		return 1;
	}
	tui_msg(t, TUI_MSG_OK, "%s", tr("customer details saved for the invoice"));
	return 0;
}

static void ask_buyer(struct tui *t)
{
	struct wform *f = dialog_form(t, tr("Customer / invoice details"),
				      tr("Only when the customer asks for an invoice in their name."),
				      buyer_cb, NULL);

	wform_add(f, "Name", WF_TEXT, t->cart.buyer_name)->maxlen = 120;
	wform_add(f, "Tax code", WF_TEXT, t->cart.buyer_tax_code)->maxlen = 14;
	wform_add(f, "Address", WF_TEXT, t->cart.buyer_address)->maxlen = 200;
	wform_add(f, "Phone / e-mail", WF_TEXT, t->cart.buyer_contact)->maxlen = 120;
}

static int drawer_cb(struct tui *t, void *ctx, int ok, struct wform *f)
{
	struct pos_error err;

	(void)ctx;
	(void)f;
	if (!ok)
		return 0;
	if (tui_open_drawer(t, "no sale (F9)", &err))
		tui_error(t, &err);
	else
		tui_msg(t, TUI_MSG_OK, "%s", tr("the drawer is open (recorded in the audit log)"));
	return 0;
}

static int logout_cb(struct tui *t, void *ctx, int ok, struct wform *f)
{
	(void)ctx;
	(void)f;
	if (ok)
		tui_logout(t);
	return 0;
}

/* Leaving a cart with goods in it is never the default answer. */
static void ask_logout(struct tui *t)
{
	if (t->cart.nlines)
		dialog_confirm_safe(t, tr("Log out"),
				    tr("Log out? The open sale is put on hold and can be recalled "
				       "with F5."), logout_cb, NULL);
	else
		dialog_confirm(t, tr("Log out"), tr("Log out?"), logout_cb, NULL);
}

static int open_shift_cb(struct tui *t, void *ctx, int ok, struct wform *f)
{
	(void)ctx;
	(void)f;
	if (ok)
		screen_shift_open_float(t);
	return 0;
}

/* --- a manager's actions at the till (issue 14.22) -------------------------- */

enum mgr_act { MGR_VOID, MGR_PRICE, MGR_CLEAR };

/* The manager's name and PIN in f's first two fields: 0 and *mgr, or the error said. */
static int manager_ok(struct tui *t, struct wform *f, struct user *mgr)
{
	struct pos_error err;
	int r = user_auth(t->db, f->f[0].buf, f->f[1].buf, mgr, &err);

	explicit_bzero(f->f[1].buf, sizeof(f->f[1].buf));
	if (r)
		dialog_error(t, pos_error_text(&err));
	return r;
}

static int mgr_cb(struct tui *t, void *ctx, int ok, struct wform *f)
{
	enum mgr_act act = (enum mgr_act)(intptr_t)ctx;
	struct sale_screen *s = the_till(t);
	struct sale_result res;
	struct pos_error err;
	struct user mgr;
	int64_t price;
	int r = 0, line;

	if (!ok || !s)
		return 0;
	if (manager_ok(t, f, &mgr))
		return 1;
	switch (act) {
	case MGR_VOID:
		r = sale_void_last(t->db, &mgr, t->register_code, f->f[2].buf, &res, &err);
		if (r == 0) {
			tui_einv_queued(t);   /* the void's cancel notice */
			tui_msg(t, TUI_MSG_OK, tr("sale voided by %s: %s, give back %s"), mgr.name,
				res.receipt_no, tui_money(res.total));
			if (tui_print_receipt(t, res.receipt_no, &err))
				tui_error(t, &err);
		}
		break;
	case MGR_PRICE:
		line = sel_line(t, s);
		price = wfield_int(&f->f[2]);
		if (line < 0 || price < 0) {
			dialog_error(t, tr("type the new unit price"));
			return 1;
		}
		r = cart_override_price(&t->cart, t->db, &t->user, (size_t)line, price, &mgr, &err);
		if (r == 0)
			tui_msg(t, TUI_MSG_OK, tr("%s: price %s, approved by %s"),
				t->cart.lines[line].name, tui_money(price), mgr.name);
		break;
	case MGR_CLEAR:
		r = cart_clear_approved(&t->cart, t->db, &t->user, &mgr, &err);
		if (r == 0)
			tui_msg(t, TUI_MSG_OK, tr("cart cleared, approved by %s (recorded in the audit "
						  "log)"), mgr.name);
		break;
	}
	if (r) {
		dialog_error(t, pos_error_text(&err));
		return 1;
	}
	sync_list(t, s, 0);
	return 0;
}

static struct wform *ask_manager(struct tui *t, enum mgr_act act, const char *title,
				 const char *text)
{
	struct wform *f = dialog_form(t, title, text, mgr_cb, (void *)(intptr_t)act);

	/* A manager at the till has their name in place; the PIN is still asked. */
	wform_add(f, "Manager", WF_TEXT, user_can(&t->user, PERM_VOID) ? t->user.name : NULL);
	wform_add(f, "PIN", WF_PIN, NULL);
	if (user_can(&t->user, PERM_VOID))
		f->cur = 1;
	return f;
}

static void mgr_action(struct tui *t, struct sale_screen *s, enum mgr_act act)
{
	char text[512], no[SALE_RECEIPT_NO_MAX];
	struct pos_error err;
	struct wform *f;
	int line = sel_line(t, s);

	switch (act) {
	case MGR_VOID:
		if (sale_last_receipt(t->db, t->register_code, no, &err)) {
			tui_error(t, &err);
			return;
		}
		snprintf(text, sizeof(text), tr("Void the last sale %s? Every payment goes back the "
						"way it came. A manager's PIN and a reason."), no);
		f = ask_manager(t, act, tr("Void the last sale"), text);
		wform_add(f, "Reason", WF_TEXT, NULL)->maxlen = 120;
		return;
	case MGR_PRICE:
		if (line < 0) {
			tui_msg(t, TUI_MSG_WARN, "%s", tr("the cart is empty: scan a product first"));
			return;
		}
		snprintf(text, sizeof(text), tr("New unit price for %s (now %s): a manager's PIN."),
			 t->cart.lines[line].name, tui_money(t->cart.lines[line].unit_price));
		f = ask_manager(t, act, tr("Override the price"), text);
		wform_add(f, "New price", WF_MONEY, NULL)->maxlen = 12;
		return;
	case MGR_CLEAR:
		if (!t->cart.nlines) {
			tui_msg(t, TUI_MSG_INFO, "%s", tr("the cart is empty already"));
			return;
		}
		snprintf(text, sizeof(text), tr("Remove all %zu lines (%s) from the cart? A "
						"manager's PIN; recorded in the audit log."),
			 t->cart.nlines, tui_money(t->cart.total));
		ask_manager(t, act, tr("Clear the cart"), text);
		return;
	}
}

/*
 * "3" typed and then '*': the entry is a quantity for the next scan.
 * Returns 1 when the entry was a quantity (now the multiplier).
 */
static int take_multiplier(struct tui *t, struct sale_screen *s)
{
	struct pos_error err;
	int64_t q;
	int r;

	if (!s->entry.buf[0] || strspn(s->entry.buf, "0123456789,.") != strlen(s->entry.buf))
		return 0;                 /* not a number: '*' is typed (a code may hold one) */
	r = qty_parse(s->entry.buf, &q, &err);
	s->entry.buf[0] = '\0';
	if (r || q <= 0) {
		t->multiplier = 0;
		tui_msg(t, TUI_MSG_ERROR, "%s", tr("the quantity for the next scan must be more than 0"));
		tui_beep(t);
		return 1;
	}
	t->multiplier = q;
	tui_msg(t, TUI_MSG_INFO, tr("quantity %s for the next scan"), tui_qty(q));
	return 1;
}

/* 1 when code names a product (a SKU or a barcode in the catalogue). */
static int catalog_code_known(struct tui *t, const char *code)
{
	struct catalog_scan sc;
	struct pos_error err;

	return catalog_scan(t->db, t->cfg ? t->cfg->layouts : NULL, t->cfg ? t->cfg->nlayouts : 0,
			    code, &sc, &err) == 0;
}

/* Handle the entry line: "CODE", "N*", "N*CODE". */
static void submit_entry(struct tui *t, struct sale_screen *s)
{
	struct pos_error err;
	char text[WFIELD_MAX], *star;
	const char *code;
	int64_t q;
	int r;

	snprintf(text, sizeof(text), "%s", s->entry.buf);
	s->entry.buf[0] = '\0';
	code = text;
	while (*code == ' ')
		code++;
	if (!*code)
		return;
	star = strchr(text, '*');
	if (star) {
		*star = '\0';
		if (qty_parse(text, &q, &err)) {
			t->multiplier = 0;
			tui_error(t, &err);
			return;
		}
		if (q <= 0) {
			t->multiplier = 0;
			tui_msg(t, TUI_MSG_ERROR, "%s",
				tr("the quantity for the next scan must be more than 0"));
			tui_beep(t);
			return;
		}
		t->multiplier = q;
		code = star + 1;
		while (*code == ' ')
			code++;
		if (!*code) {
			tui_msg(t, TUI_MSG_INFO, tr("quantity %s for the next scan"), tui_qty(q));
			return;
		}
	}
	/* Words (a space, or a letter that is no SKU): a search by name. */
	if (strchr(code, ' ')) {
		screen_search_open(t, code);
		return;
	}
	if (strspn(code, "0123456789") != strlen(code) && !catalog_code_known(t, code)) {
		t->msg[0] = '\0';
		screen_search_open(t, code);
		return;
	}
	r = till_add_scan(t, code);
	(void)r;
	t->multiplier = 0;                /* "3*" is for one code, taken or refused */
}

enum {
	A_SEARCH = TUI_ACT(1), A_QTY, A_DISCOUNT, A_HOLD, A_CUSTOMER, A_RETURN, A_REMOVE,
	A_DRAWER, A_PAY, A_SHIFT, A_MENU, A_BACK, A_LOGOUT, A_ENTER, A_PLUS, A_MINUS,
	A_VOID, A_PRICE, A_CLEAR, A_REGULAR, A_HISTORY,
};

static int sale_key(struct tui *t, void *st, int key)
{
	struct sale_screen *s = st;
	int empty = s->entry.buf[0] == '\0';
	int line = sel_line(t, s);
	int page = t->rows > 12 ? t->rows - 12 : 5;

	if (!t->has_cart)
		return TUI_PASS;
	switch (key) {
	case A_REGULAR:
		dialog_customer_open(t);
		return TUI_REPAINT_ALL;
	case A_HISTORY:
		screen_history_open(t);
		return TUI_REPAINT_ALL;
	case A_SEARCH:
		screen_search_open(t, empty ? NULL : s->entry.buf);
		s->entry.buf[0] = '\0';
		return TUI_REPAINT_ALL;
	case A_QTY:
		if (line < 0)
			tui_msg(t, TUI_MSG_WARN, "%s", tr("the cart is empty: scan a product first"));
		else
			ask_qty(t, line);
		return TUI_REPAINT_ALL;
	case A_DISCOUNT:
		ask_discount(t, s);
		return TUI_REPAINT_ALL;
	case A_HOLD:
		screen_hold_open(t);
		return TUI_REPAINT_ALL;
	case A_CUSTOMER:
		ask_buyer(t);
		return TUI_REPAINT_ALL;
	case A_RETURN:
		if (!user_can(&t->user, PERM_RETURN))
			tui_msg(t, TUI_MSG_ERROR, tr("%s may not take returns: ask a manager"),
				t->user.name);
		else
			screen_return_open(t, NULL);
		return TUI_REPAINT_ALL;
	case A_REMOVE:
		if (line < 0)
			tui_msg(t, TUI_MSG_WARN, "%s", tr("the cart is empty: nothing to remove"));
		else
			ask_remove(t, line);
		return TUI_REPAINT_ALL;
	case A_DRAWER:
		dialog_confirm(t, tr("Cash drawer"),
			       tr("Open the drawer without a sale? It is recorded in the audit log."),
			       drawer_cb, NULL);
		return TUI_REPAINT_ALL;
	case A_PAY:
		if (t->cart.nlines == 0) {
			tui_msg(t, TUI_MSG_WARN, "%s", tr("the cart is empty: scan a product first"));
		} else if (!t->has_shift) {
			dialog_confirm(t, tr("No open shift"),
				       tr("A sale needs an open shift on this till. Open one now?"),
				       open_shift_cb, NULL);
		} else {
			screen_payment_open(t);
		}
		return TUI_REPAINT_ALL;
	case A_SHIFT:
		screen_shift_open(t);
		return TUI_REPAINT_ALL;
	case A_MENU:
		screen_menu_open(t);
		return TUI_REPAINT_ALL;
	case A_BACK:
		if (!empty) {
			s->entry.buf[0] = '\0';
			t->multiplier = 0;
			return TUI_REPAINT_BODY;
		}
		if (t->multiplier) {
			t->multiplier = 0;
			return TUI_REPAINT_BODY;
		}
		ask_logout(t);
		return TUI_REPAINT_ALL;
	case A_LOGOUT:
		ask_logout(t);
		return TUI_REPAINT_ALL;
	case A_ENTER:
		if (empty) {
			if (t->cart.nlines)
				tui_msg(t, TUI_MSG_INFO, "%s",
					tr("scan the next product, or press F10 (Ctrl-P) to take payment"));
			return TUI_REPAINT_ALL;
		}
		submit_entry(t, s);
		return TUI_REPAINT_ALL;
	case A_VOID:
		mgr_action(t, s, MGR_VOID);
		return TUI_REPAINT_ALL;
	case A_PRICE:
		mgr_action(t, s, MGR_PRICE);
		return TUI_REPAINT_ALL;
	case A_CLEAR:
		mgr_action(t, s, MGR_CLEAR);
		return TUI_REPAINT_ALL;
	case A_PLUS:
		step_qty(t, s, 1);
		return TUI_REPAINT_ALL;
	case A_MINUS:
		step_qty(t, s, -1);
		return TUI_REPAINT_ALL;
	}
	if (key == '*' && !empty && take_multiplier(t, s))
		return TUI_REPAINT_ALL;
	if (wlist_key(&s->list, key, page))
		return TUI_REPAINT_BODY;
	if (wfield_key(&s->entry, key))
		return TUI_REPAINT_BODY;
	return TUI_PASS;
}

static int sale_event(struct tui *t, void *st, const struct tui_event *ev)
{
	struct sale_screen *s = st;
	struct scan_event sc;

	switch (ev->kind) {
	case TUI_EV_SCAN:
		if (!t->has_cart)
			return TUI_PASS;
		/* "3*" waiting in the entry (typed without its Enter) applies too. */
		if (s->entry.buf[0]) {
			size_t n = strlen(s->entry.buf);

			if (s->entry.buf[n - 1] == '*') {
				s->entry.buf[n - 1] = '\0';
				if (!take_multiplier(t, s))
					s->entry.buf[0] = '\0';   /* not a quantity: gone */
				if (!t->multiplier)
					return TUI_REPAINT_ALL;   /* refused: the scan waits */
			}
		}
		if (salehist_is_receipt(t->db, ev->scan.code)) {
			/* a receipt's barcode: its invoice, not a product */
			screen_history_open_receipt(t, ev->scan.code);
			return TUI_REPAINT_ALL;
		}
		till_add_scan(t, ev->scan.code);
		t->multiplier = 0;        /* "3*" is for one scan, taken or refused */
		return TUI_REPAINT_ALL;
	case TUI_EV_RESUME:
		while (t->has_cart && tui_take_pending(t, &sc))
			till_add_scan(t, sc.code);
		sync_list(t, s, 0);
		return TUI_REPAINT_ALL;
	case TUI_EV_TICK:
		return TUI_REPAINT_NONE;
	}
	return TUI_REPAINT_NONE;
}

static void sale_close(struct tui *t, void *st)
{
	(void)t;
	free(st);
}

/* '?', '/', '+', '-' are keys only while the entry line is empty (SKUs contain '-'). */
static int entry_empty(struct tui *t, void *st)
{
	(void)t;
	return ((struct sale_screen *)st)->entry.buf[0] == '\0';
}

static const struct tui_binding sale_bind[] = {
	{ { TK_F(1) }, "F1", "?", N_("Help"), N_("this help"), TUI_ACT_HELP, NULL },
	{ { '?' }, NULL, NULL, NULL, NULL, TUI_ACT_HELP, entry_empty },
	{ { TK_F(2), TK_CTRL('F') }, "F2", "/", N_("Search"),
	  N_("find a product by name (accents optional)"), A_SEARCH, NULL },
	{ { '/' }, NULL, NULL, NULL, NULL, A_SEARCH, entry_empty },
	{ { TK_F(3), TK_CTRL('Q') }, "F3", "^Q", N_("Qty"),
	  N_("change the quantity of the selected line"), A_QTY, NULL },
	{ { '+' }, "+", "-", NULL, N_("one more / one less of the selected line"), A_PLUS,
	  entry_empty },
	{ { '-' }, NULL, NULL, NULL, NULL, A_MINUS, entry_empty },
	{ { 0 }, "3*", NULL, NULL, N_("typed before a scan: sell 3 of it (1,5* = 1.5 kg)"), 0,
	  NULL },
	{ { TK_F(4), TK_CTRL('D') }, "F4", "^D", N_("Discount"),
	  N_("discount on a line or the sale (big ones: manager)"), A_DISCOUNT, NULL },
	{ { TK_F(5), TK_CTRL('T') }, "F5", "^T", N_("Hold"),
	  N_("put the sale on hold / recall a held sale"), A_HOLD, NULL },
	{ { TK_F(6), TK_CTRL('K') }, "F6", "^K", N_("Customer"),
	  N_("customer details for an invoice (name, tax code)"), A_CUSTOMER, NULL },
	{ { TK_CTRL('N') }, "Ctrl-N", NULL, NULL,
	  N_("regular customer by phone: find or add, put on the sale, points"), A_REGULAR, NULL },
	{ { TK_CTRL('A') }, "Ctrl-A", "#", NULL,
	  N_("invoice history: find, reprint, return, void (or scan a receipt)"), A_HISTORY, NULL },
	{ { '#' }, NULL, NULL, NULL, NULL, A_HISTORY, entry_empty },
	{ { TK_F(7), TK_CTRL('R') }, "F7", "^R", N_("Return"),
	  N_("return goods against a receipt"), A_RETURN, NULL },
	{ { TK_F(8), TK_CTRL('X'), TK_DEL }, "F8", "^X", N_("Remove"),
	  N_("remove the selected line (asks first)"), A_REMOVE, NULL },
	{ { TK_F(9), TK_CTRL('O') }, "F9", "^O", N_("Drawer"),
	  N_("open the cash drawer without a sale (recorded)"), A_DRAWER, NULL },
	{ { TK_F(10), TK_CTRL('P') }, "F10", "^P", N_("Pay"),
	  N_("take payment: cash, VietQR, card, e-wallet, or a mix"), A_PAY, NULL },
	/* F11 ^W (shift) is in the help and the menu: two lines at 80 columns. */
	{ { TK_F(11), TK_CTRL('W') }, "F11", "^W", NULL,
	  N_("shift: open, cash in/out, X report, close with Z"), A_SHIFT, NULL },
	{ { TK_F(12), TK_CTRL('E') }, "F12", "^E", N_("Menu"), N_("menu: more screens"), A_MENU,
	  NULL },
	/* A manager's PIN in place (help and menu only: the bar is full at 80 columns). */
	{ { TK_CTRL('Y') }, "Ctrl-Y", NULL, NULL,
	  N_("clear the whole cart (manager's PIN, audited)"), A_CLEAR, NULL },
	{ { TK_CTRL('G') }, "Ctrl-G", NULL, NULL,
	  N_("override the selected line's price (manager's PIN)"), A_PRICE, NULL },
	{ { TK_CTRL('V') }, "Ctrl-V", NULL, NULL,
	  N_("void the last sale of this till (manager's PIN and a reason)"), A_VOID, NULL },
	{ { 0 }, "↑ ↓ PgUp PgDn", NULL, NULL, N_("choose a line in the cart"), 0, NULL },
	{ { TK_ENTER }, NULL, NULL, NULL, NULL, A_ENTER, NULL },
	{ { TK_ESC }, "Esc", NULL, N_("Log out"), N_("back; on the till: log out (the sale is held)"),
	  A_BACK, NULL },
	{ { TK_CTRL('C') }, NULL, NULL, NULL, NULL, A_LOGOUT, NULL },
	TUI_BIND_END
};

static const struct tui_screen screen_sale = {
	"sale", 0, sale_draw, sale_key, sale_event, sale_close, sale_bind,
};

void screen_sale_open(struct tui *t)
{
	struct sale_screen *s = xcalloc(1, sizeof(*s));
	struct pos_error err;
	struct tui_event ev;
	int r;

	s->entry.kind = WF_TEXT;
	s->entry.label = "Code";
	s->entry.maxlen = 60;
	s->list.sel = -1;
	if (!t->has_cart) {
		r = cart_restore(&t->cart, t->db, t->register_code, &err);
		if (r == 0) {
			t->has_cart = 1;
			if (t->cart.nlines > 0)
				tui_msg(t, TUI_MSG_WARN, tr("the unfinished sale of this till is back "
							    "(%zu lines, %s): carry on or remove lines"),
					t->cart.nlines, tui_money(t->cart.total));
			t->cart.user_id = t->user.id;
		} else if (r == POS_ERR_NOT_FOUND) {
			if (cart_init(&t->cart, t->register_code, t->user.id, &err) == 0)
				t->has_cart = 1;
			else
				tui_error(t, &err);
		} else {
			tui_error(t, &err);
			if (cart_init(&t->cart, t->register_code, t->user.id, &err) == 0)
				t->has_cart = 1;
		}
	}
	tui_push(t, &screen_sale, s);
	memset(&ev, 0, sizeof(ev));
	ev.kind = TUI_EV_RESUME;
	sale_event(t, s, &ev);
}
