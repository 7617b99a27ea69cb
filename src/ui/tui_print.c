/*
 * tui_print.c - the till's printer side, through the command line's
 * printing module (cli/printing.h) so the TUI and `ocop-pos receipt
 * print` choose the same printer, profile and template: the configured
 * device, else $OCOP_POS_PRINTER, else the file receipts.prn beside the
 * database.  Nothing here decides whether a sale exists: it is saved
 * before anything is printed.
 */
#include "ui/tui.h"

#include <string.h>

#include "cli/printing.h"
#include "core/i18n.h"
#include "core/receipt.h"
#include "core/receipt_data.h"
#include "drivers/printer/doc.h"
#include "drivers/printer/profile.h"

static void note(struct tui *t, const struct cli_print_result *res, int r)
{
	t->printer_ok = r ? -1 : 1;
	if (!r && res->warning[0])
		tui_msg(t, TUI_MSG_WARN, "%s", res->warning);
}

int tui_print_receipt(struct tui *t, const char *receipt_no, struct pos_error *err)
{
	struct cli_print_opts o;
	struct cli_print_result res;
	int r;

	memset(&o, 0, sizeof(o));
	memset(&res, 0, sizeof(res));
	o.printer = t->printer_spec[0] ? t->printer_spec : NULL;
	r = cli_print_receipt_ex(t->cli, receipt_no, &o, &res, err);
	note(t, &res, r);
	return r;
}

/*
 * The X or Z report: cli_print_shift() reports on stdout, which would
 * scribble on the screen, so the same steps are done here quietly.
 */
int tui_print_shift(struct tui *t, long long shift_id, int z, struct pos_error *err)
{
	struct cli_print_opts o;
	struct cli_print_result res;
	struct printer_profile p;
	struct receipt_rec *rec = NULL;
	struct doc d;
	char spec[600], tpl[32];
	int r;

	(void)z;
	memset(&o, 0, sizeof(o));
	memset(&res, 0, sizeof(res));
	o.printer = t->printer_spec[0] ? t->printer_spec : NULL;
	cli_printer_spec(t->cli, o.printer, spec, sizeof(spec));
	if ((r = cli_print_profile(t->cli, &o, spec, &p, err)))
		goto out;
	if ((r = receipt_data_shift(t->db, shift_id, 0, tpl, sizeof(tpl), &rec, err)))
		goto out;
	if ((r = cli_receipt_doc(t->cli, tpl, rec, &p, &d, &res, err)))
		goto out;
	r = cli_print_doc(t->cli, &d, &p, spec, &res, err);
	doc_release(&d);
out:
	receipt_rec_free(rec);
	note(t, &res, r);
	return r;
}

int tui_open_drawer(struct tui *t, const char *reason, struct pos_error *err)
{
	struct cli_print_result res;
	int r;

	memset(&res, 0, sizeof(res));
	r = cli_open_drawer(t->cli, &t->user, t->printer_spec[0] ? t->printer_spec : NULL, NULL, 2,
			    reason, &res, err);
	note(t, &res, r);
	return r;
}
