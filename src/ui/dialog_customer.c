/*
 * dialog_customer.c - the till's customer dialog (see customer_ui.h).
 *
 * Phone first, as the customer says it: a known phone attaches the
 * customer to the cart at once (core fills the e-invoice buyer fields);
 * an unknown one opens the form to add them with the phone filled in.
 * With loyalty on and points to spend, a second small form offers to
 * redeem some as a discount on this sale.  The customer in hand between
 * the dialogs is kept here (one till per process).
 */
#include "ui/customer_ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/customer.h"
#include "core/i18n.h"
#include "core/vntext.h"
#include "ui/widget.h"

static struct customer cur;

/* The customer on the cart, in one line for the message line. */
static void say_attached(struct tui *t)
{
	char last[64] = "";

	if (cur.last_purchase[0])
		snprintf(last, sizeof(last), tr(", last %s"), cur.last_purchase);
	tui_msg(t, TUI_MSG_OK, tr("customer %s %s on the sale: %lld purchases%s, %lld points"),
		cur.code, cur.name, (long long)cur.purchases, last, (long long)cur.points);
}

static int redeem_done(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct pos_error err;
	int64_t pts, amount = 0;

	(void)ctx;
	if (!ok)
		return 0;
	pts = wfield_int(&form->f[0]);
	if (pts <= 0)
		return 0;
	if (customer_redeem(t->db, &t->user, &t->cart, &cur, pts, &amount, &err)) {
		dialog_error(t, pos_error_text(&err));
		return 1;
	}
	tui_msg(t, TUI_MSG_OK, tr("%lld points redeemed: %s off this sale"), (long long)pts,
		tui_money(amount));
	return 0;
}

/* Attach cur to the cart; offer points when there are some to spend. */
static int attach(struct tui *t)
{
	struct pos_error err;
	struct loyalty l;
	char text[300];
	struct wform *f;

	if (customer_attach(t->db, &t->user, &t->cart, &cur, &err)) {
		dialog_error(t, pos_error_text(&err));
		return 1;
	}
	say_attached(t);
	if (customer_loyalty(t->db, &l, &err) || l.points_per_1000 <= 0 || cur.points <= 0)
		return 0;
	snprintf(text, sizeof(text),
		 tr("%s has %lld points, worth %s. Points to redeem on this sale (empty: none):"),
		 cur.name, (long long)cur.points, tui_money(cur.points * l.point_vnd));
	f = dialog_form(t, tr("Loyalty points"), text, redeem_done, NULL);
	wform_add(f, N_("Points"), WF_DIGITS, "")->maxlen = 9;
	return 0;
}

static int add_done(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct pos_error err;
	struct customer in;

	(void)ctx;
	if (!ok)
		return 0;
	memset(&in, 0, sizeof(in));
	vn_copy(in.phone, sizeof(in.phone), form->f[0].buf);
	vn_copy(in.name, sizeof(in.name), form->f[1].buf);
	vn_copy(in.tax_code, sizeof(in.tax_code), form->f[2].buf);
	vn_copy(in.email, sizeof(in.email), form->f[3].buf);
	vn_copy(in.address, sizeof(in.address), form->f[4].buf);
	if (customer_add(t->db, &t->user, &in, &cur, &err)) {
		dialog_error(t, pos_error_text(&err));
		return 1;
	}
	return attach(t);
}

static void open_add(struct tui *t, const char *phone)
{
	struct wform *f = dialog_form(t, tr("New customer"),
				      tr("Not a customer yet. Name and phone are needed; the tax "
					 "code (MST, or the 12-digit CCCD) only for an invoice in "
					 "their name."), add_done, NULL);

	wform_add(f, N_("Phone"), WF_DIGITS, phone)->maxlen = CUSTOMER_PHONE_MAX - 1;
	wform_add(f, N_("Name"), WF_TEXT, "")->maxlen = 120;
	wform_add(f, N_("Tax code / CCCD"), WF_TEXT, "")->maxlen = 14;
	wform_add(f, N_("E-mail"), WF_TEXT, "")->maxlen = 120;
	wform_add(f, N_("Address"), WF_TEXT, "")->maxlen = 200;
	f->cur = 1;
}

static int phone_done(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct pos_error err;
	char phone[CUSTOMER_PHONE_MAX];
	int r;

	(void)ctx;
	if (!ok)
		return 0;
	if (customer_phone_normalize(form->f[0].buf, phone, &err)) {
		dialog_error(t, pos_error_text(&err));
		return 1;
	}
	r = customer_find(t->db, &t->user, phone, &cur, &err);
	if (r == POS_ERR_NOT_FOUND) {
		open_add(t, phone);
		return 0;
	}
	if (r) {
		dialog_error(t, pos_error_text(&err));
		return 1;
	}
	return attach(t);
}

void dialog_customer_open(struct tui *t)
{
	struct wform *f;

	if (!t->has_cart)
		return;
	f = dialog_form(t, tr("Customer"),
			tr("The customer's phone number: a regular customer is put on the sale "
			   "(invoice details, points); a new one is added."), phone_done, NULL);
	wform_add(f, N_("Phone"), WF_DIGITS, "")->maxlen = CUSTOMER_PHONE_MAX - 1;
}
