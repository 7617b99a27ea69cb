/*
 * journal_tables.h - the tables the fiscal journal chains (journal.c) and
 * what of each row it covers, in one place: schema.c builds the journal's
 * triggers from this list and journal_check() recomputes the same
 * canonical content, so the two can never disagree.
 *
 * X(table, key, row of new, key of old, "OF columns" for updates, columns)
 *   key          SQL expression over the table's columns naming the row
 *                (the journal's row_key, as text)
 *   row of new   condition selecting the row a trigger fired for
 *   key of old   the key from `old` (deleted rows)
 *   update of    "" (any update) or " OF c1, c2" (only those columns)
 *   columns      the row's canonical content, in this order:
 *                json_array(columns) (docs/formats.md)
 *
 * user: the failed-login counter, lock time and updated_at change on
 * every PIN try and are not fiscal, so they are left out.  A table or
 * column added by a later migration is chained only when added here (and
 * in docs/formats.md) by a migration of its own.
 */
#ifndef OCOP_JOURNAL_TABLES_H
#define OCOP_JOURNAL_TABLES_H

#define JOURNAL_TABLES(X) \
X("sale", "id", "id = new.id", "old.id", "", \
  "id, uuid, kind, receipt_no, showroom, register, seq, original_sale_id, shift_id, " \
  "user_id, approved_by, at, business_date, gross, discount, total, vat, buyer_name, " \
  "buyer_tax_code, buyer_address, buyer_contact, reason, seller_name, seller_address, " \
  "seller_tax_code") \
X("sale_line", "id", "id = new.id", "old.id", "", \
  "id, sale_id, line_no, product_id, sku, name, unit, stars, qty_milli, list_price, " \
  "unit_price, discount, amount, vat_rate, vat, cost, commission, original_line_id, " \
  "business_date") \
X("payment", "id", "id = new.id", "old.id", "", \
  "id, sale_id, method, amount, tendered, change, reference") \
X("cash_move", "id", "id = new.id", "old.id", "", \
  "id, shift_id, kind, amount, reason, user_id, at") \
X("shift", "id", "id = new.id", "old.id", "", \
  "id, register, user_id, opened_at, business_date, opening_float, closed_at, closed_by, " \
  "expected_cash, counted_cash, over_short, counts, z_no") \
X("consign_statement", "id", "id = new.id", "old.id", "", \
  "id, producer_id, from_date, to_date, gross, commission, payable, created_at, " \
  "created_by, paid_at, paid_by, paid_reference") \
X("consign_statement_line", "statement_id || '/' || line_no", \
  "statement_id = new.statement_id AND line_no = new.line_no", \
  "old.statement_id || '/' || old.line_no", "", \
  "statement_id, line_no, lot_id, sku, name, lot_no, commission_bp, sold_milli, " \
  "refunded_milli, returned_milli, unsold_milli, gross, commission, payable") \
X("user", "id", "id = new.id", "old.id", " OF name, full_name, role, pin_hash, active, created_at", \
  "id, name, full_name, role, pin_hash, active, created_at") \
X("setting", "key", "key = new.key", "old.key", "", "key, value") \
X("stock_move", "id", "id = new.id", "old.id", "", \
  "id, lot_id, product_id, qty_milli, kind, reason, doc, sale_line_id, user_id, at, " \
  "business_date") \
X("audit", "id", "id = new.id", "old.id", "", \
  "id, at, user_id, approved_by, action, doc, detail")

/* The hash before the first record. */
#define JOURNAL_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

#endif
