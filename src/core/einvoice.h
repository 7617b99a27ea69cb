/*
 * einvoice.h - cash-register e-invoices (hóa đơn điện tử khởi tạo từ máy
 * tính tiền, "MTT"): settings, issuing in the sale's own transaction, the
 * outbox rows, look-ups for the CLI and the TUI, and the checks.
 *
 * Every sale, refund and void committed after `einvoice setup` gets one
 * row in table einvoice in the SAME transaction (einvoice_issue_in_tx,
 * called by sale.c): a number gapless per series and year, and the
 * 23-character MTT code M{form}-{YY}-{XXXXX}-{11 digits} made offline.
 *   - a sale issues an original invoice;
 *   - a refund (return) issues an adjustment invoice (điều chỉnh giảm)
 *     referencing the sale's invoice;
 *   - a void cancels the sale's invoice when the rule set in force allows
 *     it and the invoice was not sent yet (a cancel notice: no number, no
 *     code), otherwise it issues a replacement invoice (thay thế).
 * The rule set is chosen by the document's business date from a table
 * (einvoice_rules_for): Decree 123/2020 as amended by Decree 70/2025 up
 * to 2026-06-30, Decree 254/2026 + Circular 91/2026 from 2026-07-01.  A
 * new law is a new table entry.
 *
 * The invoice's XML is built from the stored sale when needed
 * (einvoice_xml.h), so issuing stays a handful of small statements.  The
 * row is the outbox entry too: state queued -> sending -> accepted or
 * rejected (with the provider's reason); einvoice_send.h sends it.
 *
 * Settings live in the setting table under "einvoice.*" and change only
 * through einvoice_setup() (admin, audited).  The provider's credentials
 * are never stored in the database: only the path of a file that must be
 * readable by its owner alone (mode 0600).
 */
#ifndef OCOP_EINVOICE_H
#define OCOP_EINVOICE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"

struct db;
struct user;

#define EINV_SERIES_LEN 7      /* "C26MAB" + NUL */
#define EINV_CODE_LEN 6        /* the 5-character code from registration + NUL */
#define EINV_MTT_LEN 24        /* "M1-26-A1B2C-00000000001" + NUL */
#define EINV_PROVIDER_MAX 32
#define EINV_PATH_MAX 256

enum einv_form {
	EINV_FORM_VAT = 1,     /* hóa đơn GTGT: seller on the VAT-deduction method */
	EINV_FORM_SALES = 2,   /* hóa đơn bán hàng: seller on the direct method */
};

struct einv_settings {
	int form;                            /* enum einv_form */
	char series[EINV_SERIES_LEN];        /* as registered: C + YY + M + 2 letters */
	char code[EINV_CODE_LEN];            /* XXXXX of the MTT code */
	char provider[EINV_PROVIDER_MAX];    /* "viettel", or "" = queue only */
	char endpoint[EINV_PATH_MAX];        /* the provider's base URL (https://) */
	char credentials[EINV_PATH_MAX];     /* path of the 0600 credentials file */
};

/* A rule set: which texts govern invoices issued in [from, until]. */
struct einv_rules {
	const char *id;          /* stored on each invoice: "nd123-70", "nd254-2026" */
	const char *from;        /* first business date, YYYY-MM-DD */
	const char *until;       /* last business date */
	int may_cancel;          /* 1: an unsent invoice may be cancelled */
	const char *legal;       /* the texts, in Vietnamese */
};

/* The rule set in force on date (YYYY-MM-DD); never NULL (the last entry
 * applies to dates after the table). */
const struct einv_rules *einvoice_rules_for(const char *date);

/* The method names of the CLI: "deduction" -> 1, "direct" -> 2;
 * POS_ERR_INVALID otherwise. */
int einvoice_method_parse(const char *s, int *form, struct pos_error *err);
const char *einvoice_method_name(int form);

/* Checks of the settings' parts: series C + 2 digits + M + 2 capital
 * letters; code 5 capital letters or digits.  0 or POS_ERR_INVALID. */
int einvoice_series_valid(const char *s, struct pos_error *err);
int einvoice_code_valid(const char *s, struct pos_error *err);

/*
 * Write the settings in one audited transaction ("einvoice.setup").
 * Needs PERM_SETTINGS.  Refused (POS_ERR_REFUSED) while the showroom has
 * no valid tax code (`init --tax-code` or the settings screen).  The
 * provider needs an https:// endpoint and a credentials file that exists
 * with mode 0600 (no group or other bits); provider "" means invoices are
 * only queued.
 * The first setup records from which sale on invoices are owed.
 */
int einvoice_setup(struct db *db, const struct user *u, const struct einv_settings *s,
		   struct pos_error *err);

/* The settings in *out and *enabled = 1 when set up; *enabled = 0 (and
 * *out zeroed) otherwise. */
int einvoice_settings_get(struct db *db, struct einv_settings *out, int *enabled,
			  struct pos_error *err);

/*
 * Issue the invoice of sale row sale_id (a sale, refund or void just
 * inserted) inside the caller's transaction: numbers it, makes its MTT
 * code and queues it.  Does nothing (returns 0) when e-invoicing is not
 * set up, or for a refund/void of a sale that has no invoice.  Calling it
 * twice for one sale issues nothing new.  Errors roll the sale back with
 * everything else.
 */
int einvoice_issue_in_tx(struct db *db, long long sale_id, struct pos_error *err);

/* One invoice as listed and shown. */
struct einv_row {
	long long id, sale_id;
	char receipt_no[48];
	char sale_kind[8];                   /* "sale", "refund", "void" */
	char kind[12];                       /* "original", "adjust", "replace", "cancel" */
	char ref_receipt_no[48];             /* adjust/replace/cancel: the original sale */
	char ref_series[EINV_SERIES_LEN];    /* ... and its invoice */
	long long ref_number;
	char ref_date[11];
	char ref_provider_no[64];            /* the original's number at the provider */
	char ref_state[12];                  /* the original's outbox state */
	char rules[16];
	int form;
	char series[EINV_SERIES_LEN];        /* with the year of issue */
	long long number;                    /* 0 for a cancel notice */
	char mtt_code[EINV_MTT_LEN];         /* "" for a cancel notice */
	char issued_at[21];                  /* UTC ISO-8601 */
	char date[11];                       /* business date (NLap) */
	char state[12];                      /* queued, sending, accepted, rejected */
	int attempts;
	char next_try_at[21];
	char last_error[256];
	char provider_no[64];                /* the provider's number/reference once accepted */
	int64_t total;                       /* the document's total (positive) */
};

/* The invoice of receipt_no.  POS_ERR_NOT_FOUND when that document has
 * no invoice (or does not exist). */
int einvoice_get(struct db *db, const char *receipt_no, struct einv_row *out,
		 struct pos_error *err);

/*
 * The invoices in issue order, all or those in state (queued, sending,
 * accepted, rejected; "sent" = sending or accepted), the newest `limit`
 * when limit > 0.  *out is malloc'ed (free()); NULL when none.
 */
int einvoice_list(struct db *db, const char *state, size_t limit, struct einv_row **out,
		  size_t *n, struct pos_error *err);

/* How many invoices wait to be sent (queued + sending) and how many were
 * rejected: for the status bar and the X/Z reports. */
struct einv_counts {
	long long waiting, rejected, accepted;
};
int einvoice_counts(struct db *db, struct einv_counts *out, struct pos_error *err);

/*
 * Put a rejected (or stuck) invoice back in the queue to be sent at the
 * next einvoice_send: state queued, attempts kept, next try now.  Needs
 * PERM_VOID (a manager or an admin).  Audited ("einvoice.resend").  An
 * accepted invoice is refused (POS_ERR_REFUSED): it is never sent twice.
 */
int einvoice_resend(struct db *db, const struct user *u, const char *receipt_no,
		    struct pos_error *err);

/*
 * What a buyer needs to look the invoice up on the tax authority's site
 * (hoadondientu.gdt.gov.vn), for the receipt's QR code: one line
 * "hoadondientu.gdt.gov.vn|<seller MST>|<form>|<series>|<number>|<MTT
 * code>|<date>|<total>".  0, or POS_ERR_INVALID when out is too small.
 */
int einvoice_lookup_text(const struct einv_row *r, const char *seller_tax_code, char *out,
			 size_t n, struct pos_error *err);

/*
 * `db check` and the crash test: every document committed since setup has
 * its invoice (except refunds/voids of sales without one), numbers have no
 * gap per series, MTT codes are unique and well formed.  report(ctx,
 * sentence) per problem; *problems their number.
 */
int einvoice_check(struct db *db, void (*report)(void *ctx, const char *problem), void *ctx,
		   int *problems, struct pos_error *err);

/* --- for einvoice_send.c: outbox state changes (core only) ----------- */

/* Mark invoice id as being sent (committed before the request leaves). */
int einvoice_mark_sending(struct db *db, long long id, struct pos_error *err);
/*
 * The same, only if nobody claimed it since it was read with `attempts`
 * tries (two senders at once, e.g. the till's background send and a
 * `einvoice send`): 0 when this caller has it, POS_ERR_BUSY when another
 * sender took it first (leave it alone).
 */
int einvoice_claim(struct db *db, long long id, int attempts, struct pos_error *err);
/* Accepted by the provider, with its number/reference. */
int einvoice_mark_accepted(struct db *db, long long id, const char *provider_no,
			   struct pos_error *err);
/* Rejected for good, with the provider's reason. */
int einvoice_mark_rejected(struct db *db, long long id, const char *reason,
			   struct pos_error *err);
/* No definite answer: next try after backoff_s seconds, the error kept
 * for `einvoice list`.  State queued, or sending when the request may
 * have reached the provider (unsure), so the next run looks it up first. */
int einvoice_mark_retry(struct db *db, long long id, const char *error, int backoff_s,
			int unsure, struct pos_error *err);

#endif
