/*
 * settings_sales.c - the settings screen's "Selling" section (issue 14
 * item 23): the showroom's VietQR account, the cashier's discount limit,
 * selling beyond stock, refusing products whose OCOP certificate lapsed,
 * and loyalty points -- until now only on the command line.  One form;
 * each value is checked and saved by core (admin_setting_set,
 * vietqr_set_showroom: an admin, audited).
 */
#include "ui/settings_ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/admin.h"
#include "core/customer.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/showroom.h"
#include "core/user.h"
#include "core/vietqr.h"
#include "ui/manager.h"
#include "ui/widget.h"

static void get(struct tui *t, const char *key, char *buf, size_t n, const char *dflt)
{
	if (setting_get(t->db, key, buf, n, NULL) != 0 || !buf[0])
		snprintf(buf, n, "%s", dflt);
}

struct sales_values {
	char bank[16], account[40], limit[16], oversell[16], block[4], earn[16], value[16];
	char rounding[16];
};

static void read_values(struct tui *t, struct sales_values *v)
{
	char bp[16];
	int limit_bp = USER_CASHIER_DISCOUNT_BP;

	get(t, "vietqr.bank", v->bank, sizeof(v->bank), "");
	get(t, "vietqr.account", v->account, sizeof(v->account), "");
	get(t, ADMIN_SET_DISCOUNT, bp, sizeof(bp), "");
	if (bp[0])
		limit_bp = atoi(bp);
	snprintf(v->limit, sizeof(v->limit), "%s", mgr_bp_text(limit_bp));
	/* "10 %" -> "10" for the form */
	v->limit[strcspn(v->limit, " ")] = '\0';
	get(t, ADMIN_SET_OVERSELL, v->oversell, sizeof(v->oversell), "refuse");
	get(t, ADMIN_SET_BLOCK_LAPSED, v->block, sizeof(v->block), "0");
	get(t, ADMIN_SET_LOYALTY_EARN, v->earn, sizeof(v->earn), "0");
	get(t, ADMIN_SET_LOYALTY_VALUE, v->value, sizeof(v->value), "10");
	get(t, ADMIN_SET_CASH_ROUNDING, v->rounding, sizeof(v->rounding), "0");
}

void settings_sales_draw(struct tui *t, struct tui_rect r)
{
	struct sales_values v;
	char line[200];
	int y = r.y;

	read_values(t, &v);
#define ROW(label, ...) do { snprintf(line, sizeof(line), __VA_ARGS__); \
	tui_text(y, r.x, 24, TA_LEFT, tui_attr(TR_DIM), tr(label)); \
	tui_text(y++, r.x + 25, r.w - 25, TA_LEFT, tui_attr(TR_NORMAL), line); } while (0)
	ROW(N_("VietQR account"), "%s %s", v.bank[0] ? v.bank : tr("not set"), v.account);
	ROW(N_("Cashier discount limit"), "%s %%", v.limit);
	ROW(N_("Selling beyond stock"), "%s",
	    strcmp(v.oversell, "allow") == 0 ? tr("allowed (stock goes negative)") : tr("refused"));
	ROW(N_("Lapsed OCOP certificate"), "%s",
	    strcmp(v.block, "1") == 0 ? tr("refused at the till") : tr("sold, flagged on screen"));
	if (atoi(v.earn) > 0)
		ROW(N_("Loyalty points"), tr("%s per 1.000 ₫, a point = %s ₫"), v.earn, v.value);
	else
		ROW(N_("Loyalty points"), "%s", tr("off"));
	if (atoi(v.rounding) > 0) {
		char step[MONEY_FMT_MAX];

		money_format(atoll(v.rounding), step, sizeof(step));
		ROW(N_("Cash rounding"), tr("to the nearest %s (halves up)"), step);
	} else {
		ROW(N_("Cash rounding"), "%s", tr("off"));
	}
#undef ROW
	mgr_wrap(y + 1, r.x, r.w, 3, tui_attr(TR_DIM),
		 tr("Enter: change. Managers' discounts have no limit; the limit is for "
		    "cashiers (a manager's PIN approves more)."));
}

static int sales_done(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct sales_values old;
	struct pos_error err;
	char bp[16], v[16];
	int limit_bp, i;
	static const char *const keys[] = { ADMIN_SET_OVERSELL, ADMIN_SET_BLOCK_LAPSED,
					    ADMIN_SET_LOYALTY_EARN, ADMIN_SET_LOYALTY_VALUE,
					    ADMIN_SET_CASH_ROUNDING };

	(void)ctx;
	if (!ok)
		return 0;
	read_values(t, &old);
	if ((form->f[0].buf[0] || form->f[1].buf[0]) &&
	    (strcmp(form->f[0].buf, old.bank) || strcmp(form->f[1].buf, old.account)) &&
	    vietqr_set_showroom(t->db, &t->user, form->f[0].buf, form->f[1].buf, &err)) {
		dialog_error(t, pos_error_text(&err));
		form->cur = 0;
		return 1;
	}
	if (mgr_percent_bp(form->f[2].buf, &limit_bp, &err)) {
		dialog_error(t, pos_error_text(&err));
		form->cur = 2;
		return 1;
	}
	snprintf(bp, sizeof(bp), "%d", limit_bp);
	if (admin_setting_set(t->db, &t->user, ADMIN_SET_DISCOUNT, bp, &err)) {
		dialog_error(t, pos_error_text(&err));
		form->cur = 2;
		return 1;
	}
	for (i = 0; i < (int)(sizeof(keys) / sizeof(keys[0])); i++) {
		const char *val = form->f[3 + i].buf;

		if (i == 0) {
			/* 1 = allow, 0 = refuse, or the words */
			val = mgr_yes(val) || strcmp(val, "allow") == 0 ? "allow" : "refuse";
		} else if (i == 1) {
			val = mgr_yes(val) ? "1" : "0";
		}
		snprintf(v, sizeof(v), "%s", val);
		if (admin_setting_set(t->db, &t->user, keys[i], v, &err)) {
			dialog_error(t, pos_error_text(&err));
			form->cur = 3 + i;
			return 1;
		}
	}
	tui_msg(t, TUI_MSG_OK, "%s", tr("selling settings saved"));
	return 0;
}

void settings_sales_edit(struct tui *t)
{
	struct sales_values v;
	struct wform *f;

	read_values(t, &v);
	f = dialog_form(t, tr("Selling"),
			tr("Bank: BIN or short name (vcb, bidv, mb ...). Discount limit in %. "
			   "Beyond stock and lapsed certificates: c = yes, k = no. Points per "
			   "1.000 ₫ (0 = off) and the value of a point in ₫. Cash rounding step "
			   "in ₫: 0 = off, 100, 200, 500, 1000, 2000, 5000 or 10000."),
			sales_done, NULL);
	wform_add(f, N_("Bank"), WF_TEXT, v.bank)->maxlen = 15;
	wform_add(f, N_("Account number"), WF_TEXT, v.account)->maxlen = 19;
	wform_add(f, N_("Cashier discount limit %"), WF_PERCENT, v.limit);
	wform_add(f, N_("Sell beyond stock (c/k)"), WF_TEXT,
		  strcmp(v.oversell, "allow") == 0 ? "c" : "k")->maxlen = 5;
	wform_add(f, N_("Refuse lapsed certificates (c/k)"), WF_TEXT,
		  strcmp(v.block, "1") == 0 ? "c" : "k")->maxlen = 5;
	wform_add(f, N_("Points per 1.000 ₫"), WF_DIGITS, v.earn)->maxlen = 4;
	wform_add(f, N_("Value of a point (₫)"), WF_DIGITS, v.value)->maxlen = 6;
	wform_add(f, N_("Cash rounding step (₫)"), WF_DIGITS, v.rounding)->maxlen = 5;
}
