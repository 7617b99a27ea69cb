/*
 * audit.h - the append-only audit log (triggers refuse UPDATE and DELETE).
 *
 * Recorded: voids, returns, discounts beyond the limit, price overrides,
 * drawer opened without a sale, stock adjustments and counts, user
 * changes, shift closes.  Never a PIN.
 */
#ifndef OCOP_AUDIT_H
#define OCOP_AUDIT_H

#include <stddef.h>

#include "lib/err.h"

struct db;

/*
 * Append an entry: who (user_id, 0 = system), who approved it (0 = none),
 * the action ("void", "discount", "drawer", ...), the document it concerns
 * (receipt number, ...) and a short detail.  Runs in the caller's
 * transaction when there is one.
 */
int audit_log(struct db *db, long long user_id, long long approved_by, const char *action,
	      const char *doc, const char *detail, struct pos_error *err);

struct audit_entry {
	long long id;
	char at[21];
	char user[33];
	char approved_by[33];
	char action[32];
	char doc[64];
	char detail[256];
};

/* Entries with from <= local date <= to (either may be NULL), oldest first; *out malloc'd. */
int audit_list(struct db *db, const char *from, const char *to, struct audit_entry **out,
	       size_t *n, struct pos_error *err);

/* An action in words in the current language ("void" -> "hủy đơn"); unknown: as is. */
const char *audit_action_text(const char *action);

/*
 * An entry's detail in the current language: the details the program
 * writes are stored in English and matched against their patterns here,
 * so old entries read in Vietnamese too; anything else (a reason typed by
 * a person) is shown as stored.  Returns out.
 */
const char *audit_detail_text(const char *action, const char *detail, char *out, size_t n);

#endif
