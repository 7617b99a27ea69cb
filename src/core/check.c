/*
 * check.c - database integrity and invariant checks (see check.h): the
 * catalogue's here, then stock's, sales' (sale_check) and the sales
 * summary tables' (report_check_summary).
 * Each check is a query returning one row per problem, with the sentence
 * built in SQL, or a C walk where SQL cannot say it (barcode digits).
 */
#include "check.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "barcode.h"
#include "db.h"
#include "einvoice.h"
#include "journal.h"
#include "report.h"
#include "sale.h"

struct check_sql {
	const char *sql;    /* rows of one TEXT column: the problem */
};

static const struct check_sql checks[] = {
	{ "SELECT 'SQLite: ' || integrity_check FROM pragma_integrity_check "
	  "WHERE integrity_check <> 'ok'" },
	/* a WITHOUT ROWID table has no rowid: its row is named by the columns
	 * of the broken reference (check_fk_norowid) */
	{ "SELECT 'broken reference in ' || \"table\" || ' row ' || rowid || ' to ' || parent "
	  "FROM pragma_foreign_key_check WHERE rowid IS NOT NULL" },
	{ "SELECT 'product ' || sku || ': search key is stale (name changed outside ocop-pos?)' "
	  "FROM product WHERE name_fold <> vn_fold(name)" },
	{ "SELECT 'producer ' || code || ': search key is stale' FROM producer "
	  "WHERE name_fold <> vn_fold(name)" },
	{ "SELECT 'product ' || sku || ': certificate expires (' || cert_expires || "
	  "') before it was issued (' || cert_issued || ')' FROM product "
	  "WHERE cert_expires < cert_issued" },
	{ "SELECT 'product ' || p.sku || ': rating history ends at ' || r.stars || "
	  "' stars but the product has ' || p.stars FROM product p JOIN rating r "
	  "ON r.id = (SELECT max(id) FROM rating WHERE product_id = p.id) "
	  "WHERE r.stars <> p.stars" },
	{ "SELECT 'product ' || sku || ': no rating history' FROM product p "
	  "WHERE NOT EXISTS (SELECT 1 FROM rating WHERE product_id = p.id)" },
	{ "SELECT 'more than one local showroom' "
	  "WHERE (SELECT count(*) FROM showroom WHERE is_local = 1) > 1" },
	/* stock (stock.c): the caches equal the ledger, moves match their lot */
	{ "SELECT 'lot ' || l.lot_no || ' of ' || p.sku || ': cached on hand ' || l.on_hand_milli "
	  "|| ' but the stock ledger sums to ' || coalesce(m.s, 0) || ' (thousandths)' "
	  "FROM lot l JOIN product p ON p.id = l.product_id LEFT JOIN (SELECT lot_id, "
	  "sum(qty_milli) s FROM stock_move GROUP BY lot_id) m ON m.lot_id = l.id "
	  "WHERE l.on_hand_milli <> coalesce(m.s, 0)" },
	{ "SELECT 'product ' || p.sku || ': cached stock ' || x.c || ' but the stock ledger "
	  "sums to ' || x.s || ' (thousandths)' FROM (SELECT b.product_id pid, b.on_hand_milli c, "
	  "coalesce((SELECT sum(qty_milli) FROM stock_move m WHERE m.product_id = b.product_id), 0) s "
	  "FROM stock_balance b UNION ALL SELECT m.product_id, 0, sum(m.qty_milli) FROM stock_move m "
	  "WHERE NOT EXISTS (SELECT 1 FROM stock_balance b WHERE b.product_id = m.product_id) "
	  "GROUP BY m.product_id) x JOIN product p ON p.id = x.pid WHERE x.c <> x.s" },
	{ "SELECT 'stock movement ' || m.id || ' names product ' || m.product_id || ' but its lot ' "
	  "|| l.lot_no || ' belongs to product ' || l.product_id "
	  "FROM stock_move m JOIN lot l ON l.id = m.lot_id WHERE m.product_id <> l.product_id" },
	{ "SELECT 'more than one stock count is open' "
	  "WHERE (SELECT count(*) FROM stock_count WHERE status = 'open') > 1" },
};

static int run_sql(struct db *db, const char *sql,
		   void (*report)(void *ctx, const char *problem), void *ctx, int *n,
		   struct pos_error *err)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(db, err, "checking the database");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *p = (const char *)sqlite3_column_text(st, 0);

		(*n)++;
		if (report)
			report(ctx, p ? p : "?");
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, err, "checking the database");
	return 0;
}

static int check_fts(struct db *db, void (*report)(void *ctx, const char *problem),
		     void *ctx, int *n)
{
	int rc;

	/* FTS5's integrity check is an INSERT: not on a read-only medium */
	if (sqlite3_db_readonly(db_handle(db), "main") == 1)
		return 0;
	rc = sqlite3_exec(db_handle(db), "INSERT INTO product_fts(product_fts, rank) "
			  "VALUES ('integrity-check', 1)", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		(*n)++;
		if (report)
			report(ctx, "the product search index does not match the catalogue "
				    "(rebuild: ocop-pos db migrate)");
	}
	return 0;
}

static int check_barcodes(struct db *db, void (*report)(void *ctx, const char *problem),
			  void *ctx, int *n, struct pos_error *err)
{
	sqlite3_stmt *st;
	char msg[256], norm[64];
	enum barcode_kind kind;
	int rc;

	rc = sqlite3_prepare_v2(db_handle(db), "SELECT b.code, p.sku FROM product_barcode b "
				"JOIN product p ON p.id = b.product_id", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(db, err, "checking barcodes");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);
		const char *sku = (const char *)sqlite3_column_text(st, 1);

		if (barcode_validate(code, norm, sizeof(norm), &kind, NULL) != 0 ||
		    strcmp(norm, code) != 0) {
			(*n)++;
			snprintf(msg, sizeof(msg), "product %s: barcode %s is not valid", sku, code);
			if (report)
				report(ctx, msg);
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, err, "checking barcodes");
}

/*
 * Broken references in WITHOUT ROWID tables (pragma_foreign_key_check
 * gives no rowid there): for each, the rows whose reference columns name
 * no parent row, shown by those columns' values:
 * "broken reference in stock_count_line (count_id=1, lot_id=99) to lot".
 */
static int check_fk_norowid(struct db *db, void (*report)(void *ctx, const char *problem),
			    void *ctx, int *n, struct pos_error *err)
{
	sqlite3_stmt *st, *fk, *rows;
	char sql[1024], msg[512];
	int rc;

	rc = sqlite3_prepare_v2(db_handle(db), "SELECT DISTINCT \"table\", parent, fkid FROM "
				"pragma_foreign_key_check WHERE rowid IS NULL", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(db, err, "checking references");
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *tbl = (const char *)sqlite3_column_text(st, 0);
		const char *parent = (const char *)sqlite3_column_text(st, 1);
		int fkid = sqlite3_column_int(st, 2);
		size_t len = 0, wl = 0;
		char where[512] = "", cols[256] = "";

		if (!tbl || !parent)
			continue;
		if (sqlite3_prepare_v2(db_handle(db), "SELECT \"from\", coalesce(\"to\", 'rowid') "
				       "FROM pragma_foreign_key_list(?1) WHERE id = ?2 ORDER BY seq",
				       -1, &fk, NULL) != SQLITE_OK)
			continue;
		sqlite3_bind_text(fk, 1, tbl, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(fk, 2, fkid);
		while (sqlite3_step(fk) == SQLITE_ROW) {
			const char *from = (const char *)sqlite3_column_text(fk, 0);
			const char *to = (const char *)sqlite3_column_text(fk, 1);

			len += (size_t)snprintf(cols + len, len < sizeof(cols) ? sizeof(cols) - len : 0,
						"%s'%s=' || quote(c.\"%s\")", len ? " || ', ' || " : "",
						from, from);
			wl += (size_t)snprintf(where + wl, wl < sizeof(where) ? sizeof(where) - wl : 0,
					       "%sp.\"%s\" = c.\"%s\"", wl ? " AND " : "", to, from);
		}
		sqlite3_finalize(fk);
		if (!len || len >= sizeof(cols) || wl >= sizeof(where))
			continue;
		snprintf(sql, sizeof(sql), "SELECT %s FROM \"%s\" c WHERE NOT EXISTS (SELECT 1 "
			 "FROM \"%s\" p WHERE %s)", cols, tbl, parent, where);
		if (sqlite3_prepare_v2(db_handle(db), sql, -1, &rows, NULL) != SQLITE_OK)
			continue;
		while (sqlite3_step(rows) == SQLITE_ROW) {
			snprintf(msg, sizeof(msg), "broken reference in %s (%s) to %s", tbl,
				 (const char *)sqlite3_column_text(rows, 0), parent);
			(*n)++;
			if (report)
				report(ctx, msg);
		}
		sqlite3_finalize(rows);
	}
	sqlite3_finalize(st);
	return 0;
}

int check_run(struct db *db, void (*report)(void *ctx, const char *problem), void *ctx,
	      int *problems, struct pos_error *err)
{
	size_t i;
	int n = 0, r;

	for (i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		r = run_sql(db, checks[i].sql, report, ctx, &n, err);
		if (r)
			return r;
	}
	if ((r = check_fk_norowid(db, report, ctx, &n, err)))
		return r;
	check_fts(db, report, ctx, &n);
	r = check_barcodes(db, report, ctx, &n, err);
	if (r)
		return r;
	{
		int ns = 0;   /* sales, payments, lots, numbering (sale.c) */

		if ((r = sale_check(db, report, ctx, &ns, err)))
			return r;
		n += ns;
	}
	{
		int ne = 0;   /* every document has its e-invoice, no gaps (einvoice.c) */

		if ((r = einvoice_check(db, report, ctx, &ne, err)))
			return r;
		n += ne;
	}
	/* the fiscal journal: chain, rows, clock (journal.c) */
	if ((r = journal_check(db, report, ctx, &n, err)))
		return r;
	/* the sales summary tables the reports read (report.c) */
	{
		struct pos_error e;

		r = report_check_summary(db, &e);
		if (r == POS_ERR_CORRUPT) {
			n++;
			if (report)
				report(ctx, e.msg);
		} else if (r) {
			if (err)
				*err = e;
			return r;
		}
	}
	*problems = n;
	return 0;
}
