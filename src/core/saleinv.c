/*
 * saleinv.c - invariants of one sale document (see saleinv.h).  Sentences
 * are those of `db check` (English, as the rest of its report); callers
 * that show them to people wrap them in a translated frame.
 */
#include "saleinv.h"

#include <stdint.h>
#include <stdio.h>

#include "money.h"

int saleinv_totals(const struct saleinv *s, char *msg, size_t n)
{
	if (s->line_amount == s->total && s->line_vat == s->vat &&
	    s->line_discount == s->discount && s->gross - s->discount == s->total)
		return 0;
	snprintf(msg, n, "receipt %s: lines add up to %lld (VAT %lld, discount %lld) but the "
		 "receipt says %lld (VAT %lld, discount %lld)", s->receipt_no, s->line_amount,
		 s->line_vat, s->line_discount, s->total, s->vat, s->discount);
	if (s->line_amount == s->total && s->line_vat == s->vat &&
	    s->line_discount == s->discount)
		snprintf(msg, n, "receipt %s: gross %lld less discount %lld is not the total %lld",
			 s->receipt_no, s->gross, s->discount, s->total);
	return 1;
}

int saleinv_has_lines(const struct saleinv *s, char *msg, size_t n)
{
	if (s->nlines > 0)
		return 0;
	snprintf(msg, n, "receipt %s: has no lines", s->receipt_no);
	return 1;
}

int saleinv_payments(const struct saleinv *s, char *msg, size_t n)
{
	if (s->payments == s->total)
		return 0;
	snprintf(msg, n, "receipt %s: payments add up to %lld, not the total %lld", s->receipt_no,
		 s->payments, s->total);
	return 1;
}

int saleinv_cash_change(const char *receipt_no, long long amount, long long tendered,
			long long change, long long rounding, char *msg, size_t n)
{
	if (change == tendered - amount - rounding)
		return 0;
	if (rounding)
		snprintf(msg, n, "receipt %s: the cash change is not tendered - amount - the cash "
			 "rounding %lld", receipt_no, rounding);
	else
		snprintf(msg, n, "receipt %s: a cash payment's change is not tendered - amount",
			 receipt_no);
	return 1;
}

int saleinv_line_vat(const char *receipt_no, long long line_no, long long amount, int rate,
		     long long vat, char *msg, size_t n)
{
	if (money_vat_included((int64_t)amount, rate) == (int64_t)vat)
		return 0;
	snprintf(msg, n, "receipt %s line %lld: VAT %lld is not the VAT in %lld at %d%%",
		 receipt_no, line_no, vat, amount, rate);
	return 1;
}

int saleinv_document(const struct saleinv *s, char *msg, size_t n)
{
	return saleinv_totals(s, msg, n) || saleinv_has_lines(s, msg, n) ||
	       saleinv_payments(s, msg, n);
}
