/*
 * screen_payment.c - taking the money: cash with quick amounts and the
 * change in big digits, VietQR drawn as a QR code the customer scans,
 * card and e-wallet with their reference, and any mix of them (split
 * payments).  When the cart is paid, sale_complete() saves the sale; only
 * then is the receipt printed and the drawer opened, so a jammed or
 * missing printer never decides whether a sale exists: a print failure
 * says why and offers a reprint.
 *
 * Keys: Left/Right or m/q/t/v choose cash, QR, card, wallet; digits type
 * the amount; a..d are the next 50.000/100.000/200.000/500.000 note above
 * the total (each once), x (or Enter on an empty amount) is the exact
 * amount; "500" for a total of 164.480 asks "did you mean 500.000?"; Enter takes the
 * payment; Del removes the last payment; Esc goes back to the cart (the
 * payments stay on it).  After the sale: Enter starts the next sale, r
 * (or F2) reprints, d (or F9) opens the drawer again.
 */
#include "lib/utf8.h"
#include "ui/tui.h"

#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/vietqr.h"
#include "core/vntext.h"
#include "ui/widget.h"

static const enum pay_method methods[] = { PAY_CASH, PAY_QR, PAY_CARD, PAY_WALLET };
#define NMETHODS 4

/* Quick cash: the next note of each size above what is due (a-d). */
static const int64_t notes[] = { 50000, 100000, 200000, 500000 };
#define NQUICK 4

enum {
	A_TAKE = TUI_ACT(1), A_BACK, A_PREV, A_NEXT, A_TAB, A_UNPAY, A_EXACT,
	A_NEXT_SALE, A_PRINT, A_DRAWER,
	A_METHOD = TUI_ACT(0x100),        /* + index in methods */
	A_QUICK = TUI_ACT(0x200),         /* + index in quick */
};

struct payment {
	int m;                    /* index in methods */
	struct wfield amount;
	struct wfield ref;
	int focus_ref;
	int checked_small;        /* "did you mean x 1000?" answered no */
	int64_t step;             /* the cash rounding step (sale.h), 0 = off */
	/* after the sale */
	int done;
	struct sale_result res;
	int64_t cash_paid;
	char print_error[POS_ERRMSG_MAX];
	int printed;
};

static const char *method_label(enum pay_method m)
{
	switch (m) {
	case PAY_CASH:
		return tr("Cash");
	case PAY_QR:
		return tr("VietQR transfer");
	case PAY_CARD:
		return tr("Card");
	case PAY_WALLET:
		return tr("E-wallet");
	}
	return "?";
}

static void do_print(struct tui *t, struct payment *p)
{
	struct pos_error err;

	tui_msg(t, TUI_MSG_INFO, "%s", tr("printing the receipt..."));
	tui_flush(t);
	if (tui_print_receipt(t, p->res.receipt_no, &err)) {
		snprintf(p->print_error, sizeof(p->print_error), "%s", pos_error_text(&err));
		t->printer_ok = -1;
		p->printed = 0;
		tui_msg(t, TUI_MSG_ERROR, tr("the receipt did not print: %s. The sale is saved; "
					     "press r to print it again."), pos_error_text(&err));
		tui_beep(t);
	} else {
		p->print_error[0] = '\0';
		t->printer_ok = 1;
		p->printed = 1;
		tui_msg(t, TUI_MSG_OK, tr("sale %s saved and printed"), p->res.receipt_no);
	}
}

static void do_drawer(struct tui *t, struct payment *p)
{
	struct pos_error err;
	char reason[128];

	snprintf(reason, sizeof(reason), "sale %s", p->res.receipt_no);
	if (tui_open_drawer(t, reason, &err)) {
		tui_msg(t, TUI_MSG_ERROR, "%s: %s", tr("the drawer did not open"), pos_error_text(&err));
		tui_beep(t);
	} else {
		tui_msg(t, TUI_MSG_OK, "%s", tr("the drawer is open"));
	}
}

/* The cart is fully paid: save the sale, then print and open the drawer. */
static void complete(struct tui *t, struct payment *p)
{
	struct pos_error err;
	size_t i;

	tui_msg(t, TUI_MSG_INFO, "%s", tr("saving the sale..."));
	tui_flush(t);
	if (sale_complete(t->db, &t->cart, &t->user, &p->res, &err)) {
		tui_error(t, &err);
		return;
	}
	p->done = 1;
	tui_einv_queued(t);               /* sent in the background when the till is idle */
	p->cash_paid = 0;
	for (i = 0; i < t->cart.npay; i++)
		if (t->cart.pay[i].method == PAY_CASH)
			p->cash_paid += t->cart.pay[i].amount;
	/* The sale receipt kicks the drawer itself when cash was paid; when it
	 * did not print, try the drawer on its own so the change can be given. */
	do_print(t, p);
	if (p->cash_paid > 0 && !p->printed)
		do_drawer(t, p);
}

/* --- the QR view ------------------------------------------------------------ */

struct qrview {
	struct payment *p;
	int64_t amount;
	char payload[VIETQR_MAX];
	char purpose[SALE_QR_PURPOSE_MAX];
	struct vietqr_info info;
};

static void qr_draw(struct tui *t, void *st, struct tui_rect area)
{
	struct qrview *q = st;
	struct tui_rect qr = area, info;
	int rows, cols, y;

	tui_fill(area.y, area.x, area.h, area.w, tui_attr(TR_NORMAL));
	if (wqr_size(q->payload, 2, &rows, &cols) < 0)
		cols = 0;
	/* The code on the left (or on top when the terminal is narrow), the facts beside it. */
	if (area.w - cols - 4 >= 30) {
		qr.w = cols + 4 < area.w / 2 + 10 ? cols + 4 : area.w / 2 + 10;
		if (qr.w < cols)
			qr.w = cols;
		info.y = area.y + 1;
		info.x = area.x + qr.w + 2;
		info.w = area.w - qr.w - 3;
		info.h = area.h - 2;
	} else {
		qr.h = rows + 1;
		info.y = area.y + qr.h;
		info.x = area.x + 1;
		info.w = area.w - 2;
		info.h = area.h - qr.h;
	}
	if (wqr_draw(t, q->payload, qr) < 0)
		tui_text(qr.y + 1, qr.x, qr.w, TA_LEFT, tui_attr(TR_ERROR),
			 tr("the terminal is too small for the QR code: make the window larger"));
	y = info.y;
	tui_text(y++, info.x, info.w, TA_LEFT, tui_attr(TR_TITLE), tr("PAY BY BANK TRANSFER (VietQR)"));
	y++;
	tui_textf(y++, info.x, info.w, TA_LEFT, tui_attr(TR_NORMAL), "%s: %s", tr("Bank (BIN)"),
		  q->info.bin);
	tui_textf(y++, info.x, info.w, TA_LEFT, tui_attr(TR_NORMAL), "%s: %s", tr("Account"),
		  q->info.account);
	tui_textf(y++, info.x, info.w, TA_LEFT, tui_attr(TR_TOTAL) | A_BOLD, "%s: %s",
		  tr("Amount to transfer"),
		  tui_money(q->amount));
	tui_textf(y++, info.x, info.w, TA_LEFT, tui_attr(TR_NORMAL), "%s: %s", tr("Purpose"),
		  q->info.purpose);
	y++;
	y += tui_wrap(y, info.x, info.w, 5, tui_attr(TR_DIM),
		      tr("Ask the customer to scan the code with their banking app, then check "
			 "that the money arrived (amount and purpose) before confirming."), 1);
	y++;
	tui_text(y++, info.x, info.w, TA_LEFT, tui_attr(TR_KEY), tr(" Enter / F10: money received "));
	tui_text(y++, info.x, info.w, TA_LEFT, tui_attr(TR_KEY), tr(" Esc: back, not paid "));
	if (t->msg[0] && y < info.y + info.h)
		tui_wrap(y + 1, info.x, info.w, info.y + info.h - y - 1,
			 tui_attr(t->msg_level == TUI_MSG_ERROR ? TR_ERROR : TR_WARN), t->msg, 1);
	tui_cursor(t, -1, -1);
}

static int qr_confirm_cb(struct tui *t, void *ctx, int ok, struct wform *f)
{
	struct qrview *q = ctx;
	struct payment *p = q->p;
	struct pos_error err;

	(void)f;
	if (!ok)
		return 0;
	if (cart_pay(&t->cart, t->db, PAY_QR, q->amount, q->amount, q->purpose, &err)) {
		tui_error(t, &err);
		return 0;
	}
	tui_msg(t, TUI_MSG_OK, tr("transfer of %s recorded"), tui_money(q->amount));
	tui_remove_state(t, q);   /* the QR view */
	p->amount.buf[0] = '\0';
	if (cart_due(&t->cart) == 0)
		complete(t, p);
	return 0;
}

static int qr_key(struct tui *t, void *st, int key)
{
	struct qrview *q = st;
	char text[256];

	switch (key) {
	case A_TAKE:
		snprintf(text, sizeof(text), tr("Has the transfer of %s with purpose \"%s\" arrived?"),
			 tui_money(q->amount), q->info.purpose);
		dialog_confirm(t, tr("Confirm the transfer"), text, qr_confirm_cb, q);
		return TUI_REPAINT_ALL;
	case A_BACK:
		tui_pop(t);
		tui_msg(t, TUI_MSG_INFO, "%s", tr("QR payment cancelled: nothing was recorded"));
		return TUI_REPAINT_ALL;
	}
	return TUI_REPAINT_NONE;
}

static void qr_close(struct tui *t, void *st)
{
	(void)t;
	free(st);
}

static const struct tui_binding qr_bind[] = {
	{ { TK_ENTER, TK_F(10), TK_CTRL('P') }, "Enter", "F10", N_("money received"), NULL,
	  A_TAKE, NULL },
	{ { TK_ESC }, "Esc", NULL, N_("back, not paid"), NULL, A_BACK, NULL },
	TUI_BIND_END
};

static const struct tui_screen screen_qr = {
	"qr", TUI_FULL, qr_draw, qr_key, NULL, qr_close, qr_bind,
};

static void open_qr(struct tui *t, struct payment *p, int64_t amount)
{
	struct qrview *q = xcalloc(1, sizeof(*q));
	struct pos_error err;

	q->p = p;
	q->amount = amount;
	cart_qr_purpose(&t->cart, q->purpose);
	if (cart_qr_payload(&t->cart, t->db, amount, q->payload, sizeof(q->payload), &err) ||
	    vietqr_decode(q->payload, strlen(q->payload), &q->info, &err)) {
		free(q);
		dialog_message(t, TUI_MSG_ERROR, tr("VietQR"), pos_error_text(&err));
		return;
	}
	tui_push(t, &screen_qr, q);
}

/* --- the payment screen -------------------------------------------------------- */

/*
 * The amounts a customer is likely to hand over for due: the next
 * 50.000, 100.000, 200.000 and 500.000 above it, each once, smallest
 * first.  Returns how many (at most NQUICK) went into out.
 */
static int quick_amounts(int64_t due, int64_t out[NQUICK])
{
	int n = 0, i, j, dup;

	for (i = 0; i < NQUICK && due > 0; i++) {
		int64_t v = (due / notes[i] + 1) * notes[i];

		if (due % notes[i] == 0)
			v = due + notes[i];
		dup = 0;
		for (j = 0; j < n; j++)
			dup |= out[j] == v;
		if (!dup)
			out[n++] = v;
	}
	return n;
}

/* What is due in cash: rounded to the shop's step (sale.h); other methods pay it exactly. */
static int64_t cash_due(struct tui *t, const struct payment *p)
{
	int64_t due = cart_due(&t->cart), r = sale_round_cash(due, p->step);

	return r > 0 ? r : due;
}

static int64_t typed_amount(const struct payment *p)
{
	return p->amount.buf[0] ? wfield_int(&p->amount) : 0;
}

static void pay_draw_done(struct tui *t, struct payment *p, struct tui_rect area)
{
	char change[MONEY_FMT_MAX];
	int y = area.y + 1, bw;

	tui_text(y++, area.x + 2, area.w - 4, TA_LEFT, tui_attr(TR_OK),
		 tr("SALE COMPLETE"));
	tui_textf(y++, area.x + 2, area.w - 4, TA_LEFT, tui_attr(TR_NORMAL), "%s: %s",
		  tr("Receipt"), p->res.receipt_no);
	tui_textf(y++, area.x + 2, area.w - 4, TA_LEFT, tui_attr(TR_NORMAL), "%s: %s   %s: %s",
		  tr("Total"), tui_money(p->res.total), tr("Paid"), tui_money(p->res.paid));
	if (p->res.rounding)
		tui_textf(y++, area.x + 2, area.w - 4, TA_LEFT, tui_attr(TR_NORMAL), "%s: %s   %s: %s",
			  tr("Cash rounding"), tui_money(p->res.rounding), tr("Paid after rounding"),
			  tui_money(p->res.total + p->res.rounding));
	y++;
	money_format_plain(p->res.change, change, sizeof(change));
	tui_text(y, area.x + 2, 20, TA_LEFT, tui_attr(TR_TITLE), tr("CHANGE"));
	bw = bigtext_width(change);
	if (bw + 24 < area.w)
		bigtext_draw(t, y, area.x + 22, tui_attr(TR_TOTAL), change);
	else
		tui_text(y, area.x + 22, area.w - 24, TA_LEFT, tui_attr(TR_TOTAL) | A_BOLD,
			 tui_money(p->res.change));
	tui_textf(y + 1, area.x + 2, 18, TA_LEFT, tui_attr(TR_TOTAL) | A_BOLD, "%s",
		  tui_money(p->res.change));
	y += BIGTEXT_ROWS + 1;
	if (p->print_error[0]) {
		char why[POS_ERRMSG_MAX + 64];

		snprintf(why, sizeof(why), "%s: %s", tr("Not printed"), p->print_error);
		y += tui_wrap(y, area.x + 2, area.w - 4, 3, tui_attr(TR_ERROR), why, 1);
		tui_text(y++, area.x + 2, area.w - 4, TA_LEFT, tui_attr(TR_WARN),
			 tr("The sale is saved. Fix the printer, then press r to print again."));
	} else if (p->printed) {
		tui_text(y++, area.x + 2, area.w - 4, TA_LEFT, tui_attr(TR_OK), tr("Receipt printed."));
	}
	y++;
	tui_text(y, area.x + 2, area.w - 4, TA_LEFT, tui_attr(TR_DIM),
		 tr("Enter: next customer   r: print again   d: open the drawer"));
	tui_cursor(t, -1, -1);
}

static void pay_draw(struct tui *t, void *st, struct tui_rect area)
{
	struct payment *p = st;
	char due[MONEY_FMT_MAX];
	int y = area.y, i, x, bw;
	int64_t tendered, change;

	tui_fill(area.y, area.x, area.h, area.w, tui_attr(TR_NORMAL));
	if (p->done) {
		pay_draw_done(t, p, area);
		return;
	}
	tui_text(y++, area.x, area.w, TA_LEFT, tui_attr(TR_TITLE), tr("PAYMENT"));
	tui_text(y, area.x + 2, 16, TA_LEFT, tui_attr(TR_NORMAL), tr("Total"));
	tui_text(y++, area.x + 18, 16, TA_RIGHT, tui_attr(TR_NORMAL), tui_money(t->cart.total));
	tui_text(y, area.x + 2, 16, TA_LEFT, tui_attr(TR_NORMAL), tr("Paid"));
	tui_text(y++, area.x + 18, 16, TA_RIGHT, tui_attr(TR_NORMAL), tui_money(t->cart.paid));
	tui_text(y, area.x + 2, 16, TA_LEFT, tui_attr(TR_TOTAL) | A_BOLD, tr("To pay"));
	tui_text(y++, area.x + 18, 16, TA_RIGHT, tui_attr(TR_TOTAL) | A_BOLD,
		 tui_money(cart_due(&t->cart)));
	/* Cash is rounded to the shop's step: the rounding, then what to take. */
	if (methods[p->m] == PAY_CASH && cash_due(t, p) != cart_due(&t->cart)) {
		tui_text(y, area.x + 2, 16, TA_LEFT, tui_attr(TR_NORMAL), tr("Rounding"));
		tui_text(y++, area.x + 18, 16, TA_RIGHT, tui_attr(TR_NORMAL),
			 tui_money(cash_due(t, p) - cart_due(&t->cart)));
		tui_text(y, area.x + 2, 16, TA_LEFT, tui_attr(TR_TOTAL) | A_BOLD, tr("In cash"));
		tui_text(y++, area.x + 18, 16, TA_RIGHT, tui_attr(TR_TOTAL) | A_BOLD,
			 tui_money(cash_due(t, p)));
	}
	/* The amount still due (in cash: rounded) in big digits on the right. */
	money_format_plain(methods[p->m] == PAY_CASH ? cash_due(t, p) : cart_due(&t->cart), due,
			   sizeof(due));
	bw = bigtext_width(due);
	if (area.w - bw - 2 > 44)
		bigtext_draw(t, area.y + 1, area.x + area.w - bw - 1, tui_attr(TR_TOTAL), due);
	/* Payments so far. */
	for (i = 0; i < (int)t->cart.npay && y < area.y + 9; i++) {
		const struct cart_payment *cp = &t->cart.pay[i];

		tui_textf(y, area.x + 4, 24, TA_LEFT, tui_attr(TR_DIM), "%d. %s", i + 1,
			  method_label(cp->method));
		tui_text(y, area.x + 28, 14, TA_RIGHT, tui_attr(TR_DIM), tui_money(cp->amount));
		tui_text(y++, area.x + 44, area.w - 46, TA_LEFT, tui_attr(TR_DIM), cp->reference);
	}
	y++;
	/* Methods. */
	tui_text(y, area.x, 12, TA_LEFT, tui_attr(TR_NORMAL), tr("Method:"));
	x = area.x + 12;
	for (i = 0; i < NMETHODS; i++) {
		static const char keys[] = "mqtv";
		char label[64];
		int w;

		snprintf(label, sizeof(label), " %c %s ", keys[i], method_label(methods[i]));
		w = vn_width(label);
		if (x + w > area.x + area.w)
			break;
		tui_text(y, x, w, TA_LEFT, i == p->m ? tui_attr(TR_SEL) | A_BOLD : tui_attr(TR_DIM),
			 label);
		x += w + 1;
	}
	y += 2;
	/* Amount (and reference). */
	if (methods[p->m] == PAY_CASH) {
		tui_text(y, area.x, 20, TA_LEFT, tui_attr(TR_NORMAL), tr("Customer gives:"));
		wfield_draw(t, &p->amount, y, area.x + 20, 16, !p->focus_ref);
		if (!p->amount.buf[0])
			tui_textf(y, area.x + 38, area.w - 38, TA_LEFT, tui_attr(TR_DIM), "%s",
				  tr("(empty = exact amount)"));
		tendered = typed_amount(p);
		/* as cart_pay: the rounded amount settles, the exact amount too */
		change = tendered - cash_due(t, p);
		if (change < 0 && tendered >= cart_due(&t->cart))
			change = tendered - cart_due(&t->cart);
		y++;
		if (tendered > 0 && change >= 0) {
			char c[MONEY_FMT_MAX];

			money_format_plain(change, c, sizeof(c));
			tui_textf(y + 1, area.x, 20, TA_LEFT, tui_attr(TR_TITLE), "%s", tr("Change:"));
			if (bigtext_width(c) + 22 < area.w)
				bigtext_draw(t, y, area.x + 20, tui_attr(TR_OK), c);
			else
				tui_text(y + 1, area.x + 20, 20, TA_LEFT, tui_attr(TR_OK) | A_BOLD,
					 tui_money(change));
			tui_textf(y + 2, area.x, 19, TA_LEFT, tui_attr(TR_OK) | A_BOLD, "%s",
				  tui_money(change));
		} else if (tendered > 0) {
			tui_textf(y + 1, area.x, area.w, TA_LEFT, tui_attr(TR_WARN),
				  tr("%s short: Enter takes it as part payment, the rest another way"),
				  tui_money(-change));
		}
		y += BIGTEXT_ROWS + 1;
		{
			char line[256] = "";
			int64_t q[NQUICK];
			int k, nq = quick_amounts(cart_due(&t->cart), q);

			for (k = 0; k < nq; k++) {
				char one[40];

				char m[MONEY_FMT_MAX];

				money_format_plain(q[k], m, sizeof(m));
				snprintf(one, sizeof(one), "%c %s  ", (char)('a' + k), m);
				utf8_append(line, sizeof(line), one);
			}
			utf8_append(line, sizeof(line), tr("x exact"));
			tui_textf(y, area.x, area.w, TA_LEFT, tui_attr(TR_DIM), "%s %s", tr("Quick:"),
				  line);
		}
	} else {
		tui_text(y, area.x, 20, TA_LEFT, tui_attr(TR_NORMAL), tr("Amount:"));
		wfield_draw(t, &p->amount, y, area.x + 20, 16, !p->focus_ref);
		if (!p->amount.buf[0])
			tui_textf(y, area.x + 38, area.w - 38, TA_LEFT, tui_attr(TR_DIM), "%s",
				  tr("(empty = all that is due)"));
		y++;
		if (methods[p->m] == PAY_CARD || methods[p->m] == PAY_WALLET) {
			tui_text(y, area.x, 20, TA_LEFT, tui_attr(TR_NORMAL), tr("Reference:"));
			wfield_draw(t, &p->ref, y, area.x + 20, 30, p->focus_ref);
			y++;
			tui_text(y + 1, area.x, area.w, TA_LEFT, tui_attr(TR_DIM),
				 tr("Type the approval code from the card terminal or the wallet app; "
				    "Tab switches fields."));
		} else {
			tui_text(y + 1, area.x, area.w, TA_LEFT, tui_attr(TR_DIM),
				 tr("Enter shows the QR code for the customer to scan."));
		}
	}
}

static int pay_cash(struct tui *t, struct payment *p, int64_t tendered);

/* "500" typed for a total of 164.480: the answer to "did you mean 500.000?". */
static int thousands_cb(struct tui *t, void *ctx, int ok, struct wform *f)
{
	struct payment *p = ctx;
	int64_t v = typed_amount(p);

	(void)f;
	if (ok) {
		snprintf(p->amount.buf, sizeof(p->amount.buf), "%lld", (long long)(v * 1000));
		pay_cash(t, p, v * 1000);
	} else {
		p->checked_small = 1;     /* really v đồng: a part payment */
		pay_cash(t, p, v);
	}
	return 0;
}

static int pay_cash(struct tui *t, struct payment *p, int64_t tendered)
{
	struct pos_error err;
	int64_t due = cart_due(&t->cart);

	/* Amounts are often typed in thousands: ask before taking 500 đồng. */
	if (tendered > 0 && tendered < 1000 && tendered < due && tendered * 1000 >= due &&
	    !p->checked_small) {
		char text[256], a[MONEY_FMT_MAX], b[MONEY_FMT_MAX];

		money_format(tendered, a, sizeof(a));
		money_format(tendered * 1000, b, sizeof(b));
		snprintf(text, sizeof(text), tr("The customer gives %s? Did you mean %s?"), a, b);
		dialog_confirm(t, tr("Check the amount"), text, thousands_cb, p);
		return TUI_REPAINT_ALL;
	}
	p->checked_small = 0;

	if (tendered <= 0)
		tendered = cash_due(t, p);
	if (tendered >= due || tendered >= cash_due(t, p)) {
		if (cart_pay(&t->cart, t->db, PAY_CASH, 0, tendered, NULL, &err)) {
			tui_error(t, &err);
			return TUI_REPAINT_ALL;
		}
	} else if (cart_pay(&t->cart, t->db, PAY_CASH, tendered, tendered, NULL, &err)) {
		tui_error(t, &err);
		return TUI_REPAINT_ALL;
	} else {
		tui_msg(t, TUI_MSG_INFO, tr("%s in cash taken; %s still to pay"), tui_money(tendered),
			tui_money(cart_due(&t->cart)));
	}
	p->amount.buf[0] = '\0';
	if (cart_due(&t->cart) == 0)
		complete(t, p);
	return TUI_REPAINT_ALL;
}

static int pay_other(struct tui *t, struct payment *p)
{
	struct pos_error err;
	int64_t amount = typed_amount(p), due = cart_due(&t->cart);
	enum pay_method m = methods[p->m];

	if (amount <= 0)
		amount = due;
	if (amount > due) {
		tui_msg(t, TUI_MSG_ERROR, tr("%s is more than the %s still to pay"), tui_money(amount),
			tui_money(due));
		tui_beep(t);
		return TUI_REPAINT_ALL;
	}
	if (m == PAY_QR) {
		open_qr(t, p, amount);
		return TUI_REPAINT_ALL;
	}
	if (!p->ref.buf[0]) {
		p->focus_ref = 1;
		tui_msg(t, TUI_MSG_WARN, "%s", tr("type the payment's reference (approval code) first"));
		return TUI_REPAINT_ALL;
	}
	if (cart_pay(&t->cart, t->db, m, amount, amount, p->ref.buf, &err)) {
		tui_error(t, &err);
		return TUI_REPAINT_ALL;
	}
	p->amount.buf[0] = '\0';
	p->ref.buf[0] = '\0';
	p->focus_ref = 0;
	if (cart_due(&t->cart) == 0)
		complete(t, p);
	else
		tui_msg(t, TUI_MSG_INFO, tr("%s by %s taken; %s still to pay"), tui_money(amount),
			method_label(m), tui_money(cart_due(&t->cart)));
	return TUI_REPAINT_ALL;
}

/* A confirmed transfer, card or e-wallet payment goes only with a manager's PIN (audited by core). */
static int unpay_approve_cb(struct tui *t, void *ctx, int ok, struct wform *f)
{
	struct pos_error err;
	struct user mgr;
	int r;

	(void)ctx;
	if (!ok || t->cart.npay == 0)
		return 0;
	r = user_auth(t->db, f->f[0].buf, f->f[1].buf, &mgr, &err);
	explicit_bzero(f->f[1].buf, sizeof(f->f[1].buf));
	if (r == 0)
		r = cart_remove_payment_approved(&t->cart, t->db, t->cart.npay - 1, &t->user, &mgr,
						 &err);
	if (r) {
		dialog_error(t, pos_error_text(&err));
		return 1;
	}
	tui_msg(t, TUI_MSG_OK, tr("payment removed, approved by %s (recorded in the audit log)"),
		mgr.name);
	return 0;
}

static int unpay_cb(struct tui *t, void *ctx, int ok, struct wform *f)
{
	struct pos_error err;
	struct wform *af;
	int r;

	(void)ctx;
	(void)f;
	if (!ok || t->cart.npay == 0)
		return 0;
	r = cart_remove_payment(&t->cart, t->db, t->cart.npay - 1, &err);
	if (r == POS_ERR_PERM) {
		af = dialog_form(t, tr("Manager approval"), pos_error_text(&err), unpay_approve_cb,
				 NULL);
		wform_add(af, "Manager", WF_TEXT, NULL);
		wform_add(af, "PIN", WF_PIN, NULL);
	} else if (r) {
		tui_error(t, &err);
	}
	return 0;
}

static int pay_key_done(struct tui *t, struct payment *p, int key)
{
	switch (key) {
	case A_NEXT_SALE:
		till_new_cart(t);
		tui_msg(t, TUI_MSG_OK, tr("receipt %s done: ready for the next customer"),
			p->res.receipt_no[0] ? p->res.receipt_no : "");
		tui_pop(t);               /* p is freed after this key */
		return TUI_REPAINT_ALL;
	case A_PRINT:
		do_print(t, p);
		return TUI_REPAINT_ALL;
	case A_DRAWER:
		do_drawer(t, p);
		return TUI_REPAINT_ALL;
	}
	return TUI_REPAINT_NONE;
}

/*
 * Choose method i.  A card or e-wallet payment needs the terminal's
 * approval code: the cursor goes there (an empty amount pays what is
 * due; Tab goes to the amount for a part), so a 6-digit code is never
 * typed into the amount by mistake.
 */
static void choose(struct payment *p, int i)
{
	p->m = i;
	p->focus_ref = methods[i] == PAY_CARD || methods[i] == PAY_WALLET;
}

static int has_ref(const struct payment *p)
{
	return methods[p->m] == PAY_CARD || methods[p->m] == PAY_WALLET;
}

static int pay_key(struct tui *t, void *st, int key)
{
	struct payment *p = st;
	char text[256];

	if (p->done)
		return pay_key_done(t, p, key);
	if (key >= A_METHOD && key < A_METHOD + NMETHODS) {
		choose(p, key - A_METHOD);
		return TUI_REPAINT_BODY;
	}
	if (key >= A_QUICK && key < A_QUICK + NQUICK) {
		int64_t q[NQUICK];
		int nq = quick_amounts(cart_due(&t->cart), q);

		if (key - A_QUICK < nq)
			snprintf(p->amount.buf, sizeof(p->amount.buf), "%lld",
				 (long long)q[key - A_QUICK]);
		return TUI_REPAINT_BODY;
	}
	switch (key) {
	case A_BACK:
		tui_pop(t);
		return TUI_REPAINT_ALL;
	case A_PREV:
		choose(p, (p->m + NMETHODS - 1) % NMETHODS);
		return TUI_REPAINT_BODY;
	case A_NEXT:
		choose(p, (p->m + 1) % NMETHODS);
		return TUI_REPAINT_BODY;
	case A_TAB:
		if (has_ref(p))
			p->focus_ref = !p->focus_ref;
		return TUI_REPAINT_BODY;
	case A_TAKE:
		if (cart_due(&t->cart) == 0 && t->cart.nlines > 0) {
			/* Paid already: the save failed before (stock, shift); try again. */
			complete(t, p);
			return TUI_REPAINT_ALL;
		}
		if (methods[p->m] == PAY_CASH)
			return pay_cash(t, p, typed_amount(p));
		return pay_other(t, p);
	case A_EXACT:
		return pay_cash(t, p, cash_due(t, p));
	case A_UNPAY:
		if (t->cart.npay == 0)
			return TUI_REPAINT_NONE;
		snprintf(text, sizeof(text), tr("Remove the payment of %s by %s?"),
			 tui_money(t->cart.pay[t->cart.npay - 1].amount),
			 method_label(t->cart.pay[t->cart.npay - 1].method));
		dialog_confirm(t, tr("Remove payment"), text, unpay_cb, NULL);
		return TUI_REPAINT_ALL;
	}
	if (p->focus_ref)
		return wfield_key(&p->ref, key) ? TUI_REPAINT_BODY : TUI_PASS;
	if (wfield_key(&p->amount, key))
		return TUI_REPAINT_BODY;
	/* Card, e-wallet: a letter the amount refuses starts the reference. */
	if (has_ref(p) && tui_key_is_text(key) && wfield_key(&p->ref, key)) {
		p->focus_ref = 1;
		return TUI_REPAINT_BODY;
	}
	return TUI_PASS;
}

static int pay_event(struct tui *t, void *st, const struct tui_event *ev)
{
	struct payment *p = st;

	if (ev->kind == TUI_EV_SCAN && p->done) {
		/* The next customer's first scan: start the new sale with it. */
		till_new_cart(t);
		tui_pop(t);
		till_add_scan(t, ev->scan.code);
		return TUI_REPAINT_ALL;
	}
	return ev->kind == TUI_EV_SCAN ? TUI_PASS : TUI_REPAINT_NONE;
}

static void pay_close(struct tui *t, void *st)
{
	(void)t;
	free(st);
}

static int is_done(struct tui *t, void *st)
{
	(void)t;
	return ((struct payment *)st)->done;
}

static int is_paying(struct tui *t, void *st)
{
	return !is_done(t, st);
}

/*
 * Letters choose the method only while no text field has the focus: in
 * cash and VietQR the amount field takes digits only; card and e-wallet
 * have a reference field where letters are typed (there ← → choose).
 */
static int letters_choose(struct tui *t, void *st)
{
	return is_paying(t, st) && !has_ref(st);
}

static int is_cash(struct tui *t, void *st)
{
	return is_paying(t, st) && methods[((struct payment *)st)->m] == PAY_CASH;
}

static int is_ref(struct tui *t, void *st)
{
	return is_paying(t, st) && has_ref(st);
}

static const struct tui_binding pay_bind[] = {
	{ { TK_ENTER, TK_F(10), TK_CTRL('P') }, "Enter", "F10", N_("Take payment"), NULL, A_TAKE,
	  is_paying },
	{ { TK_LEFT }, "←→", "m q t v", N_("Method"),
	  N_("choose cash (m), VietQR (q), card (t) or e-wallet (v)"), A_PREV, letters_choose },
	{ { TK_LEFT }, "←→", NULL, N_("Method"), NULL, A_PREV, is_ref },
	{ { TK_RIGHT }, NULL, NULL, NULL, NULL, A_NEXT, is_paying },
	{ { 'm', 'M' }, NULL, NULL, NULL, NULL, A_METHOD + 0, letters_choose },
	{ { 'q', 'Q' }, NULL, NULL, NULL, NULL, A_METHOD + 1, letters_choose },
	{ { 't', 'T' }, NULL, NULL, NULL, NULL, A_METHOD + 2, letters_choose },
	{ { 'v', 'V' }, NULL, NULL, NULL, NULL, A_METHOD + 3, letters_choose },
	{ { 'a' }, "a-d", NULL, N_("Quick cash"),
	  N_("the customer gives the next 50.000, 100.000, 200.000 or 500.000 note above the total"),
	  A_QUICK + 0, is_cash },
	{ { 'b' }, NULL, NULL, NULL, NULL, A_QUICK + 1, is_cash },
	{ { 'c' }, NULL, NULL, NULL, NULL, A_QUICK + 2, is_cash },
	{ { 'd' }, NULL, NULL, NULL, NULL, A_QUICK + 3, is_cash },
	{ { 'x', 'X' }, "x", NULL, N_("Exact"), N_("the customer gives the exact amount"), A_EXACT,
	  is_cash },
	{ { TK_TAB, TK_BTAB }, "Tab", NULL, N_("Amount / reference"), NULL, A_TAB, is_ref },
	{ { TK_DEL, TK_CTRL('X') }, "Del", "^X", N_("Remove payment"), NULL, A_UNPAY, is_paying },
	{ { TK_ESC }, "Esc", NULL, N_("Back to cart"), NULL, A_BACK, is_paying },
	{ { TK_ENTER, TK_ESC }, "Enter", NULL, N_("Next customer"), NULL, A_NEXT_SALE, is_done },
	{ { 'r', 'R', TK_F(2) }, "r", "F2", N_("Print again"), NULL, A_PRINT, is_done },
	{ { 'd', 'D', TK_F(9) }, "d", "F9", N_("Drawer"), NULL, A_DRAWER, is_done },
	TUI_BIND_END
};

static const struct tui_screen screen_payment = {
	"payment", 0, pay_draw, pay_key, pay_event, pay_close, pay_bind,
};

void screen_payment_open(struct tui *t)
{
	struct payment *p = xcalloc(1, sizeof(*p));

	p->amount.kind = WF_MONEY;
	p->amount.maxlen = 13;
	p->ref.kind = WF_TEXT;
	p->ref.maxlen = 60;
	if (sale_cash_rounding_step(t->db, &p->step, NULL))
		p->step = 0;      /* a bad setting: cash is taken exactly */
	cart_totals(&t->cart);
	tui_push(t, &screen_payment, p);
	if (cart_due(&t->cart) == 0 && t->cart.nlines > 0)
		complete(t, p);
}
