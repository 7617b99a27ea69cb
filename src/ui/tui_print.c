/*
 * tui_print.c - the till's printer side, through the command line's
 * printing module (cli/printing.h) so the TUI and `ocop-pos receipt
 * print` choose the same printer, profile and template: the configured
 * device, else $OCOP_POS_PRINTER, else the file receipts.prn beside the
 * database.  Nothing here decides whether a sale exists: it is saved
 * before anything is printed.
 *
 * The quiet printing.h functions (the _ex ones) write nothing on the
 * terminal, and with own_retry their failures give the printer's reason
 * only: the screens say themselves which key prints again.  The reason
 * comes back in err in words a cashier can act on (explain), and the
 * outcome is kept for the status bar (printer_ok).
 */
#include "ui/tui.h"

#include <string.h>

#include "app/printing.h"
#include "core/i18n.h"
#include "core/shift.h"

/*
 * Put the reason a print failed in the cashier's words, in err itself.
 * The printer's own fixed sentences (out of paper, cover open, offline...)
 * are msgids with a translation.  A sentence naming a device or an address
 * has none: in Vietnamese, what to check is said by the kind of failure,
 * and the driver's English detail follows in brackets for whoever sets the
 * till up.  In English the driver's sentence is the clearest as it is.
 */
static int ascii_only(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

static void explain(struct pos_error *err)
{
	char msg[POS_ERRMSG_MAX];
	const char *t, *what;

	if (!err)
		return;
	snprintf(msg, sizeof(msg), "%s", pos_error_text(err));
	t = tr(msg);
	if (t != msg && strcmp(t, msg) != 0) {
		pos_fail(err, err->code, "%s", t);
		return;
	}
	/* Ours (core, cli) are translated already; the drivers' English
	 * sentences are plain ASCII, which no Vietnamese sentence is. */
	if (i18n_lang() != I18N_VI || !ascii_only(msg))
		return;
	switch (err->code) {
	case POS_ERR_NOT_FOUND:
		what = tr("the printer is not found: check that its cable is plugged in and it "
			  "is switched on");
		break;
	case POS_ERR_PERM:
		what = tr("this computer may not use the printer: call whoever set the till up");
		break;
	case POS_ERR_FULL:
		what = tr("the disk is full");
		break;
	default:
		what = tr("the printer does not answer: check that it is switched on, has "
			  "paper and its cover is closed");
		break;
	}
	pos_fail(err, err->code, "%s (%s)", what, msg);   /* cut on a UTF-8 boundary */
}

static void note(struct tui *t, const struct app_print_result *res, int r,
		 struct pos_error *err)
{
	t->printer_ok = r ? -1 : 1;
	t->dirty |= TUI_REPAINT_STATUS;
	if (r)
		explain(err);
	else if (res->warning[0])
		tui_msg(t, TUI_MSG_WARN, "%s", res->warning);
}

static void opts(struct tui *t, struct app_print_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->printer = t->printer_spec[0] ? t->printer_spec : NULL;
	o->own_retry = 1;
}

int tui_print_receipt(struct tui *t, const char *receipt_no, struct pos_error *err)
{
	struct app_print_opts o;
	struct app_print_result res;
	int r;

	opts(t, &o);
	memset(&res, 0, sizeof(res));
	r = app_print_receipt_ex(t->app, receipt_no, &o, &res, err);
	note(t, &res, r, err);
	return r;
}

int tui_reprint_receipt(struct tui *t, const char *receipt_no, struct pos_error *err)
{
	struct app_print_opts o;
	struct app_print_result res;
	int r;

	opts(t, &o);
	o.copy = 1;
	memset(&res, 0, sizeof(res));
	r = app_print_receipt_ex(t->app, receipt_no, &o, &res, err);
	note(t, &res, r, err);
	return r;
}

int tui_print_shift(struct tui *t, long long shift_id, int z, struct pos_error *err)
{
	struct app_print_opts o;
	struct app_print_result res;
	int r;

	(void)z;                  /* X while the shift is open, Z once closed */
	opts(t, &o);
	o.blind = !shift_may_see_expected(&t->user);   /* the cashier's copy */
	memset(&res, 0, sizeof(res));
	r = app_print_shift_ex(t->app, shift_id, &o, &res, err);
	note(t, &res, r, err);
	return r;
}

int tui_open_drawer(struct tui *t, const char *why, struct pos_error *err)
{
	struct app_print_result res;
	int r;

	memset(&res, 0, sizeof(res));
	r = app_open_drawer(t->app, &t->user, t->printer_spec[0] ? t->printer_spec : NULL, NULL, 2,
			    why, &res, err);
	note(t, &res, r, err);
	return r;
}
