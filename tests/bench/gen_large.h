/*
 * gen_large.h - a national-size catalogue with a year of sales, for the
 * large-catalogue report benchmark (tests/bench/bench_report_large.c).
 *
 * 2,000 producers of every kind and `products` products (100,000 by
 * default: over the 17,000 OCOP products of the whole programme), then
 * `lines` sale lines over one year (2025), one to four lines per sale,
 * products drawn with a mild skew (x^2: popular products sell most days,
 * every product now and then, so the day and month summaries barely
 * shrink the data, as in a province hub), one sale in thirty followed by
 * a refund of its first line.
 *
 * Written with plain prepared INSERTs in one transaction, with the
 * schema's per-row triggers set aside during the load (the FTS index of
 * product names, which no report reads, and the sales-summary trigger);
 * the summaries (sale_day, sale_month, sale_product) are then built with
 * one INSERT ... SELECT ... GROUP BY each and the trigger put back, and
 * report_check_summary() can prove them equal to the lines.  So 2M lines
 * take well under a minute instead of several.  Deterministic for a
 * seed; everything is static inline; progress goes to stderr.  The
 * users admin (PIN 1111) and quanly (manager, 2222) are made, so the
 * command line can be run as someone.
 */
#ifndef OCOP_GEN_LARGE_H
#define OCOP_GEN_LARGE_H

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/db.h"
#include "core/money.h"
#include "core/report.h"
#include "core/showroom.h"
#include "core/user.h"
#include "bench.h"

#define GENL_PRODUCERS 2000

static const char genl_catalogue_sql[] =
	"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 1999)"
	" INSERT INTO producer (code, name, name_fold, kind, province, women_led,"
	"  ethnic_minority_led, created_at, updated_at)"
	" SELECT printf('NSX-%04d', i), 'Chủ thể OCOP số ' || i, 'chu the ocop so ' || i,"
	"  CASE i % 4 WHEN 0 THEN 'cooperative' WHEN 1 THEN 'cooperative_group'"
	"   WHEN 2 THEN 'enterprise' ELSE 'household' END,"
	"  printf('%02d', 1 + i % 60), i % 3 = 0, i % 5 = 0,"
	"  '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z' FROM n;"
	"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?1 - 1)"
	" INSERT INTO product (sku, name, name_fold, unit, producer_id, origin_province,"
	"  ocop_group, stars, price, vat_rate, is_service, created_at, updated_at)"
	" SELECT printf('SP-%06d', i), 'Sản phẩm OCOP số ' || i, 'san pham ocop so ' || i,"
	"  'gói', 1 + i % 2000, printf('%02d', 1 + i % 2000 % 60), 1 + i % 6, 3 + i * 7 % 3,"
	"  (30 + i * 37 % 400) * 1000, iif(i % 6 = 0, 8, 10), 0,"
	"  '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z' FROM n";

static const char genl_summaries_sql[] =
	"INSERT INTO sale_day (business_date, showroom, product_id, stars, qty_milli, amount,"
	"  vat, cost, commission, sales, returns, returned_milli, returned_amount)"
	" SELECT sl.business_date, s.showroom, sl.product_id, sl.stars,"
	"  sum(iif(s.kind = 'sale', sl.qty_milli, -sl.qty_milli)),"
	"  sum(iif(s.kind = 'sale', sl.amount, -sl.amount)),"
	"  sum(iif(s.kind = 'sale', sl.vat, -sl.vat)),"
	"  sum(iif(s.kind = 'sale', sl.cost, -sl.cost)),"
	"  sum(iif(s.kind = 'sale', sl.commission, -sl.commission)),"
	"  sum(s.kind = 'sale'), sum(s.kind <> 'sale'),"
	"  sum(iif(s.kind = 'sale', 0, sl.qty_milli)), sum(iif(s.kind = 'sale', 0, sl.amount))"
	" FROM sale_line sl JOIN sale s ON s.id = sl.sale_id"
	" GROUP BY sl.business_date, s.showroom, sl.product_id, sl.stars;"
	"INSERT INTO sale_month (month, showroom, product_id, stars, qty_milli, amount, vat,"
	"  cost, commission, sales, returns, returned_milli, returned_amount)"
	" SELECT substr(business_date, 1, 7), showroom, product_id, stars, sum(qty_milli),"
	"  sum(amount), sum(vat), sum(cost), sum(commission), sum(sales), sum(returns),"
	"  sum(returned_milli), sum(returned_amount) FROM sale_day"
	" GROUP BY substr(business_date, 1, 7), showroom, product_id, stars;"
	"INSERT INTO sale_product (product_id, showroom, first_date, last_date)"
	" SELECT product_id, showroom, min(business_date), max(business_date) FROM sale_day"
	" WHERE sales > 0 GROUP BY product_id, showroom;";

/* Run sql (several statements; the first may take ?1 = n). */
static inline int genl_exec(sqlite3 *h, const char *sql, long n)
{
	const char *tail = sql;
	sqlite3_stmt *st;
	int rc;

	while (tail && *tail) {
		if (sqlite3_prepare_v2(h, tail, -1, &st, &tail) != SQLITE_OK)
			return -1;
		if (!st)
			break;
		if (sqlite3_bind_parameter_count(st) > 0)
			sqlite3_bind_int64(st, 1, n);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			;
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return -1;
	}
	return 0;
}

/*
 * Make the database path (which must not exist): `products` products and
 * about `lines` sale lines in 2025, at showroom code; check: also prove
 * the summaries against the lines (report_check_summary).
 */
static inline int gen_large(const char *path, const char *code, long products, long lines,
			    uint64_t seed, int check, struct pos_error *err)
{
	struct db *db = NULL;
	struct showroom s;
	struct bench_rand rnd;
	sqlite3 *h;
	sqlite3_stmt *ins_sale = NULL, *ins_line = NULL, *st = NULL;
	int64_t *price = NULL, first;
	int *stars = NULL;
	char *trigger = NULL;
	long written = 0, nsale = 0, day, per_day, i;
	int r;

	if ((r = db_open(path, DB_CREATE, &db, err)))
		return r;
	showroom_init_struct(&s);
	snprintf(s.code, sizeof(s.code), "%s", code);
	snprintf(s.name, sizeof(s.name), "Trung tâm OCOP %s", code);
	snprintf(s.province, sizeof(s.province), "48");
	if ((r = showroom_create(db, &s, err)))
		goto out;
	{
		struct user admin, manager;

		if ((r = user_add(db, NULL, "admin", "", ROLE_ADMIN, "1111", &admin, err)) ||
		    (r = user_add(db, &admin, "quanly", "", ROLE_MANAGER, "2222", &manager, err)))
			goto out;
	}
	h = db_handle(db);
	price = calloc((size_t)products + 1, sizeof(*price));
	stars = calloc((size_t)products + 1, sizeof(*stars));
	if (!price || !stars) {
		r = pos_fail(err, POS_ERR_NO_MEM, "out of memory");
		goto out;
	}
	sqlite3_exec(h, "PRAGMA synchronous = OFF", NULL, NULL, NULL);
	if (sqlite3_prepare_v2(h, "SELECT sql FROM sqlite_master WHERE name = 'sale_line_summary'",
			       -1, &st, NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
		goto dberr;
	trigger = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	st = NULL;
	if (!trigger || sqlite3_exec(h, "BEGIN; DROP TRIGGER product_fts_ai;"
				     " DROP TRIGGER sale_line_summary", NULL, NULL, NULL) != SQLITE_OK ||
	    genl_exec(h, genl_catalogue_sql, products))
		goto dberr;
	if (sqlite3_prepare_v2(h, "SELECT id, price, stars FROM product ORDER BY id", -1, &st,
			       NULL) != SQLITE_OK)
		goto dberr;
	for (i = 1; i <= products && sqlite3_step(st) == SQLITE_ROW; i++) {
		price[i] = sqlite3_column_int64(st, 1);
		stars[i] = sqlite3_column_int(st, 2);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(h, "INSERT INTO sale (uuid, kind, receipt_no, showroom, register,"
			       " seq, original_sale_id, at, business_date, gross, discount, total, vat)"
			       " VALUES (?1, ?2, ?1, ?3, '01', ?4, ?5, ?6, ?7, ?8, 0, ?8, ?9)",
			       -1, &ins_sale, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h, "INSERT INTO sale_line (sale_id, line_no, product_id, sku, name,"
			       " unit, stars, qty_milli, list_price, unit_price, amount, vat_rate,"
			       " vat, cost, original_line_id, business_date)"
			       " VALUES (?1, ?2, ?3, printf('SP-%06d', ?3 - 1), 'Sản phẩm OCOP',"
			       " 'gói', ?4, ?5, ?6, ?6, ?7, 10, ?8, ?9, ?10, ?11)",
			       -1, &ins_line, NULL) != SQLITE_OK)
		goto dberr;
	bench_rand_seed(&rnd, seed * 7919 + 1);
	clock_date_parse("2025-01-01", &first, NULL);
	per_day = lines / 365;
	for (day = 0; day < 365; day++) {
		char date[CLOCK_DATE_LEN], at[40];
		long today = day == 364 ? lines - written : per_day, done = 0;

		clock_date_from_days(first + day, date);
		snprintf(at, sizeof(at), "%sT09:00:00Z", date);
		while (done < today) {
			int nl = 1 + (int)bench_rand_below(&rnd, 4), l, refund;
			long prod[4];
			int64_t qty[4], amt[4], tax[4], total = 0, vtot = 0;
			long long sale_id = 0, line0 = 0;
			char uuid[48];

			for (l = 0; l < nl; l++) {
				uint64_t x = bench_rand_below(&rnd, 1000000);

				prod[l] = 1 + (long)(x * x / 1000000 * (uint64_t)products / 1000000);
				qty[l] = 1000 * (1 + (int64_t)bench_rand_below(&rnd, 3));
				amt[l] = price[prod[l]] * qty[l] / 1000;
				tax[l] = money_vat_included(amt[l], 10);
				total += amt[l];
				vtot += tax[l];
			}
			for (refund = 0; refund < 2; refund++) {
				int n = refund ? 1 : nl;
				long long id;

				nsale++;
				snprintf(uuid, sizeof(uuid), "%s-%010ld", code, nsale);
				sqlite3_bind_text(ins_sale, 1, uuid, -1, SQLITE_TRANSIENT);
				sqlite3_bind_text(ins_sale, 2, refund ? "refund" : "sale", -1,
						  SQLITE_STATIC);
				sqlite3_bind_text(ins_sale, 3, code, -1, SQLITE_STATIC);
				sqlite3_bind_int64(ins_sale, 4, nsale);
				if (refund)
					sqlite3_bind_int64(ins_sale, 5, sale_id);
				else
					sqlite3_bind_null(ins_sale, 5);
				sqlite3_bind_text(ins_sale, 6, at, -1, SQLITE_STATIC);
				sqlite3_bind_text(ins_sale, 7, date, -1, SQLITE_STATIC);
				sqlite3_bind_int64(ins_sale, 8, refund ? amt[0] : total);
				sqlite3_bind_int64(ins_sale, 9, refund ? tax[0] : vtot);
				if (sqlite3_step(ins_sale) != SQLITE_DONE)
					goto dberr;
				sqlite3_reset(ins_sale);
				id = sqlite3_last_insert_rowid(h);
				for (l = 0; l < n; l++) {
					sqlite3_bind_int64(ins_line, 1, id);
					sqlite3_bind_int(ins_line, 2, l + 1);
					sqlite3_bind_int64(ins_line, 3, prod[l]);
					sqlite3_bind_int(ins_line, 4, stars[prod[l]]);
					sqlite3_bind_int64(ins_line, 5, qty[l]);
					sqlite3_bind_int64(ins_line, 6, price[prod[l]]);
					sqlite3_bind_int64(ins_line, 7, amt[l]);
					sqlite3_bind_int64(ins_line, 8, tax[l]);
					sqlite3_bind_int64(ins_line, 9, amt[l] * 65 / 100);
					if (refund)
						sqlite3_bind_int64(ins_line, 10, line0);
					else
						sqlite3_bind_null(ins_line, 10);
					sqlite3_bind_text(ins_line, 11, date, -1, SQLITE_STATIC);
					if (sqlite3_step(ins_line) != SQLITE_DONE)
						goto dberr;
					sqlite3_reset(ins_line);
					if (!refund && l == 0)
						line0 = sqlite3_last_insert_rowid(h);
					written++;
				}
				sale_id = id;
				if (refund || bench_rand_below(&rnd, 30) != 0)
					break;
			}
			done += nl;
		}
	}
	if (genl_exec(h, genl_summaries_sql, 0) ||
	    sqlite3_exec(h, trigger, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(h, "CREATE TRIGGER product_fts_ai AFTER INSERT ON product BEGIN"
			 " INSERT INTO product_fts(rowid, name_fold) VALUES (new.id, new.name_fold);"
			 " END; COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto dberr;
	if (check && (r = report_check_summary(db, err)))
		goto out;
	fprintf(stderr, "generated %s: %ld products, %ld lines, %ld documents\n", path, products,
		written, nsale);
	r = 0;
	goto out;
dberr:
	r = pos_fail(err, POS_ERR_DB, "generating %s: %s", path, sqlite3_errmsg(db_handle(db)));
	sqlite3_exec(db_handle(db), "ROLLBACK", NULL, NULL, NULL);
out:
	sqlite3_finalize(st);
	sqlite3_finalize(ins_sale);
	sqlite3_finalize(ins_line);
	free(trigger);
	free(price);
	free(stars);
	db_close(db);
	return r;
}

#endif
