/*
 * journal_tables.h - the tables the fiscal journal chains (journal.c) and
 * what of each row it covers, in one place: schema.c builds the journal's
 * triggers from this list and journal_check() recomputes the same
 * canonical content, so the two can never disagree.
 *
 * X(table, key, key of new, key of old, "OF columns" for updates, columns)
 *   key          SQL expression over the table's columns naming the row
 *                (the journal's row_key, as text)
 *   key of new   the same over `new` (inserted and updated rows)
 *   key of old   the same over `old` (deleted rows)
 *   update of    "" (any update) or " OF c1, c2" (only those columns)
 *   columns      J_COLS_<TABLE>(F, N): the first column through F, the
 *                others through N, so the triggers can write new.c and the
 *                check c from one list; the row's canonical content is
 *                json_array(columns) in this order (docs/formats.md)
 *
 * user: the failed-login counter, lock time and updated_at change on
 * every PIN try and are not fiscal, so they are left out.  A table or
 * column added by a later migration is chained only when added here (and
 * in docs/formats.md) by a migration of its own.
 */
#ifndef OCOP_JOURNAL_TABLES_H
#define OCOP_JOURNAL_TABLES_H

#define J_COLS_SALE(F, N) F(id) N(uuid) N(kind) N(receipt_no) N(showroom) N(register) N(seq) \
	 N(original_sale_id) N(shift_id) N(user_id) N(approved_by) N(at) N(business_date) N(gross) \
	 N(discount) N(total) N(vat) N(buyer_name) N(buyer_tax_code) N(buyer_address) \
	 N(buyer_contact) N(reason) N(seller_name) N(seller_address) N(seller_tax_code)
#define J_COLS_SALE_LINE(F, N) F(id) N(sale_id) N(line_no) N(product_id) N(sku) N(name) \
	 N(unit) N(stars) N(qty_milli) N(list_price) N(unit_price) N(discount) N(amount) \
	 N(vat_rate) N(vat) N(cost) N(commission) N(original_line_id) N(business_date)
#define J_COLS_PAYMENT(F, N) F(id) N(sale_id) N(method) N(amount) N(tendered) N(change) \
	 N(reference)
#define J_COLS_CASH_MOVE(F, N) F(id) N(shift_id) N(kind) N(amount) N(reason) N(user_id) \
	 N(at)
#define J_COLS_SHIFT(F, N) F(id) N(register) N(user_id) N(opened_at) N(business_date) \
	 N(opening_float) N(closed_at) N(closed_by) N(expected_cash) N(counted_cash) N(over_short) \
	 N(counts) N(z_no)
#define J_COLS_CONSIGN_STATEMENT(F, N) F(id) N(producer_id) N(from_date) N(to_date) N(gross) \
	 N(commission) N(payable) N(created_at) N(created_by) N(paid_at) N(paid_by) \
	 N(paid_reference)
#define J_COLS_CONSIGN_STATEMENT_LINE(F, N) F(statement_id) N(line_no) N(lot_id) N(sku) \
	 N(name) N(lot_no) N(commission_bp) N(sold_milli) N(refunded_milli) N(returned_milli) \
	 N(unsold_milli) N(gross) N(commission) N(payable)
#define J_COLS_USER(F, N) F(id) N(name) N(full_name) N(role) N(pin_hash) N(active) \
	 N(created_at)
#define J_COLS_SETTING(F, N) F(key) N(value)
#define J_COLS_STOCK_MOVE(F, N) F(id) N(lot_id) N(product_id) N(qty_milli) N(kind) N(reason) \
	 N(doc) N(sale_line_id) N(user_id) N(at) N(business_date)
#define J_COLS_AUDIT(F, N) F(id) N(at) N(user_id) N(approved_by) N(action) N(doc) N(detail)

#define JOURNAL_TABLES(X) \
X("sale", "id", "new.id", "old.id", "", J_COLS_SALE) \
X("sale_line", "id", "new.id", "old.id", "", J_COLS_SALE_LINE) \
X("payment", "id", "new.id", "old.id", "", J_COLS_PAYMENT) \
X("cash_move", "id", "new.id", "old.id", "", J_COLS_CASH_MOVE) \
X("shift", "id", "new.id", "old.id", "", J_COLS_SHIFT) \
X("consign_statement", "id", "new.id", "old.id", "", J_COLS_CONSIGN_STATEMENT) \
X("consign_statement_line", "statement_id || '/' || line_no", \
  "new.statement_id || '/' || new.line_no", "old.statement_id || '/' || old.line_no", "", \
  J_COLS_CONSIGN_STATEMENT_LINE) \
X("user", "id", "new.id", "old.id", " OF name, full_name, role, pin_hash, active, created_at", J_COLS_USER) \
X("setting", "key", "new.key", "old.key", "", J_COLS_SETTING) \
X("stock_move", "id", "new.id", "old.id", "", J_COLS_STOCK_MOVE) \
X("audit", "id", "new.id", "old.id", "", J_COLS_AUDIT)

/* A column list as "a, b, c" and as "new.a, new.b, new.c". */
#define J_PLAIN_F(c) #c
#define J_PLAIN_N(c) ", " #c
#define J_NEW_F(c) "new." #c
#define J_NEW_N(c) ", new." #c

/* The hash before the first record. */
#define JOURNAL_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

#endif
