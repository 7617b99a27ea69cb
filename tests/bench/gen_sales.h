/*
 * gen_sales.h - a realistic sales history for the report and exchange
 * benchmarks (tests/bench/bench_report.c), written straight into a
 * showroom database with prepared inserts in one transaction (the
 * schema's triggers keep the stock caches and the sales summaries, as
 * they do for a real sale).
 *
 * The catalogue (100 producers of every kind, 1,000 products with
 * Vietnamese names over the six OCOP groups and 3-5 stars) goes through
 * producer_save()/catalog_save().  Then, day after day, sales of one to
 * four lines until the day's share of the requested number of lines is
 * reached: products drawn with a skewed popularity (a few sell every day,
 * most now and then), 1-3 units, 0-10 % discounts, VAT per line; one sale
 * in thirty is followed by a refund of its first line.  With lots, each
 * product has one lot (every fifth producer's on consignment at 20 %),
 * each line takes from it (sale_line_lot) and the ledger gets its move;
 * without, only sales, lines and payments are written (what the sales
 * reports read).  Deterministic for a seed.  Everything is static inline
 * (one user per benchmark); progress goes to stderr.
 */
#ifndef OCOP_GEN_SALES_H
#define OCOP_GEN_SALES_H

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/catalog.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/money.h"
#include "core/producer.h"
#include "core/showroom.h"
#include "bench.h"

#define GEN_PRODUCERS 100
#define GEN_PRODUCTS 1000

struct gen_opts {
	const char *code;           /* showroom code */
	const char *first_day;      /* YYYY-MM-DD */
	long days;
	long lines;                 /* sale lines to write (about) */
	int lots;                   /* also lots, sale_line_lot and stock moves */
	uint64_t seed;
};

static const char *const gen_types[][3] = {
	/* name, group, unit */
	{ "Mật ong bạc hà", "1", "chai" }, { "Chè Shan tuyết", "1", "gói" },
	{ "Cà phê Robusta", "1", "gói" }, { "Gạo ST25", "1", "túi" },
	{ "Nước mắm cá cơm", "1", "chai" }, { "Rượu ngô men lá", "2", "chai" },
	{ "Tinh dầu quế", "3", "lọ" }, { "Khăn thổ cẩm", "4", "cái" },
	{ "Giỏ mây tre đan", "4", "cái" }, { "Lan hồ điệp", "5", "chậu" },
	{ "Tour bản Lác", "6", "lượt" }, { "Miến dong", "1", "gói" },
};
static const char *const gen_places[] = {
	"Mèo Vạc", "Đắk Lắk", "Sóc Trăng", "Phú Quốc", "Tà Xùa", "Bắc Hà", "Lạng Sơn",
	"Mai Châu", "Phú Vinh", "Đà Lạt", "Bình Liêu", "Hạ Long", "Thanh Hà", "Cao Bằng",
};
static const char *const gen_provinces[] = {
	"08", "66", "92", "91", "14", "15", "20", "25", "01", "68", "22", "31", "04", "48",
};
static const char *const gen_kinds[] = { "cooperative", "cooperative_group", "enterprise",
					  "household" };

static inline int gen_catalogue(struct db *db, uint64_t seed, struct pos_error *err)
{
	struct bench_rand rnd;
	int i, r;

	bench_rand_seed(&rnd, seed);
	if ((r = db_begin(db, err)))
		return r;
	for (i = 0; i < GEN_PRODUCERS; i++) {
		struct producer p;

		producer_init(&p);
		snprintf(p.code, sizeof(p.code), "NSX-%03d", i);
		snprintf(p.name, sizeof(p.name), "Chủ thể OCOP %s số %d",
			 gen_places[i % 14], i);
		snprintf(p.province, sizeof(p.province), "%s", gen_provinces[i % 14]);
		p.kind = (enum producer_kind)(i % 4);
		p.women_led = i % 3 == 0;
		p.ethnic_minority_led = i % 5 == 0;
		if ((r = producer_kind_parse(gen_kinds[i % 4], &p.kind, err)) ||
		    (r = producer_save(db, &p, NULL, err)))
			goto fail;
	}
	for (i = 0; i < GEN_PRODUCTS; i++) {
		struct product p;
		size_t t = (size_t)i % 12;

		product_init(&p);
		snprintf(p.sku, sizeof(p.sku), "SP-%04d", i);
		snprintf(p.name, sizeof(p.name), "%s %s loại %d", gen_types[t][0],
			 gen_places[(size_t)i / 12 % 14], i);
		snprintf(p.unit, sizeof(p.unit), "%s", gen_types[t][2]);
		snprintf(p.producer, sizeof(p.producer), "NSX-%03d", i % GEN_PRODUCERS);
		snprintf(p.origin_province, sizeof(p.origin_province), "%s",
			 gen_provinces[i % GEN_PRODUCERS % 14]);
		p.ocop_group = gen_types[t][1][0] - '0';
		p.stars = 3 + (int)bench_rand_below(&rnd, 3);
		p.price = (int64_t)(30 + bench_rand_below(&rnd, 400)) * 1000;
		p.vat_rate = p.ocop_group == 6 ? 10 : p.ocop_group == 1 ? 8 : 10;
		p.is_service = p.ocop_group == 6;
		snprintf(p.cert_number, sizeof(p.cert_number), "%d/QĐ-UBND", 100 + i);
		snprintf(p.cert_issued, sizeof(p.cert_issued), "2020-0%d-15", 1 + i % 9);
		if ((r = catalog_save(db, &p, "bench", NULL, err)))
			goto fail;
	}
	return db_commit(db, err);
fail:
	db_rollback(db);
	return r;
}

/* Fill an empty database at path (schema made by db_open) with o's history. */
static inline int gen_sales(const char *path, const struct gen_opts *o, struct pos_error *err)
{
	struct db *db = NULL;
	struct showroom s;
	struct bench_rand rnd;
	sqlite3 *h;
	sqlite3_stmt *ins_sale = NULL, *ins_line = NULL, *ins_lot = NULL, *ins_move = NULL,
		     *ins_pay = NULL, *ins_lotrow = NULL;
	int64_t price[GEN_PRODUCTS + 1], cost[GEN_PRODUCTS + 1], first;
	int vat[GEN_PRODUCTS + 1], stars[GEN_PRODUCTS + 1], owner[GEN_PRODUCTS + 1];
	long day, written = 0, nsale = 0, per_day, series[2] = { 0, 0 };
	int year = 0;
	int r, i;

	if ((r = db_open(path, DB_CREATE, &db, err)))
		return r;
	showroom_init_struct(&s);
	snprintf(s.code, sizeof(s.code), "%s", o->code);
	snprintf(s.name, sizeof(s.name), "Điểm OCOP %s", o->code);
	snprintf(s.province, sizeof(s.province), "48");
	if ((r = showroom_create(db, &s, err)) || (r = gen_catalogue(db, o->seed, err)))
		goto out;
	h = db_handle(db);
	sqlite3_exec(h, "PRAGMA synchronous = OFF", NULL, NULL, NULL);
	{
		sqlite3_stmt *st;

		sqlite3_prepare_v2(h, "SELECT p.id, p.price, p.vat_rate, p.stars,"
				   " CAST(substr(pr.code, 5) AS INTEGER) % 5 = 0 FROM product p"
				   " JOIN producer pr ON pr.id = p.producer_id ORDER BY p.id", -1, &st,
				   NULL);
		for (i = 1; i <= GEN_PRODUCTS && sqlite3_step(st) == SQLITE_ROW; i++) {
			price[i] = sqlite3_column_int64(st, 1);
			vat[i] = sqlite3_column_int(st, 2);
			stars[i] = sqlite3_column_int(st, 3);
			owner[i] = sqlite3_column_int(st, 4);
			cost[i] = price[i] * 65 / 100;
		}
		sqlite3_finalize(st);
	}
	/* raw rows of a generator, not a till: the clock guard (issue 12) is for
	 * documents a till writes, dated by its own clock */
	if (sqlite3_exec(h, "BEGIN; DROP TRIGGER IF EXISTS clock_sale_behind;"
			 " DROP TRIGGER IF EXISTS clock_sale_day", NULL, NULL, NULL) != SQLITE_OK)
		goto dberr;
#define PREP(st, sql) \
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) goto dberr
	PREP(ins_sale, "INSERT INTO sale (uuid, kind, receipt_no, showroom, register, seq,"
	     " original_sale_id, at, business_date, gross, discount, total, vat)"
	     " VALUES (?1, ?2, ?3, ?4, '01', ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
	PREP(ins_line, "INSERT INTO sale_line (sale_id, line_no, product_id, sku, name, unit,"
	     " stars, qty_milli, list_price, unit_price, discount, amount, vat_rate, vat, cost,"
	     " commission, original_line_id, business_date)"
	     " VALUES (?1, ?2, ?3, printf('SP-%04d', ?3 - 1), 'Sản phẩm OCOP', 'cái', ?4, ?5,"
	     " ?6, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
	PREP(ins_pay, "INSERT INTO payment (sale_id, method, amount, tendered)"
	     " VALUES (?1, ?2, ?3, ?3)");
	if (o->lots) {
		PREP(ins_lotrow, "INSERT INTO lot (id, product_id, lot_no, received_on, unit_cost,"
		     " owner_producer_id, commission_bp, created_at) VALUES (?1, ?1, 'L1', ?2, ?3,"
		     " iif(?4, (SELECT producer_id FROM product WHERE id = ?1), NULL),"
		     " iif(?4, 2000, 0), ?2 || 'T00:00:00Z')");
		PREP(ins_lot, "INSERT INTO sale_line_lot (sale_line_id, lot_id, qty_milli, unit_cost,"
		     " owner_producer_id, commission_bp) SELECT ?1, id, ?2, unit_cost,"
		     " owner_producer_id, commission_bp FROM lot WHERE id = ?3");
		PREP(ins_move, "INSERT INTO stock_move (lot_id, product_id, qty_milli, kind, doc,"
		     " sale_line_id, at, business_date) VALUES (?1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)");
		for (i = 1; i <= GEN_PRODUCTS; i++) {
			sqlite3_bind_int(ins_lotrow, 1, i);
			sqlite3_bind_text(ins_lotrow, 2, o->first_day, -1, SQLITE_STATIC);
			sqlite3_bind_int64(ins_lotrow, 3, cost[i]);
			sqlite3_bind_int(ins_lotrow, 4, owner[i]);
			if (sqlite3_step(ins_lotrow) != SQLITE_DONE)
				goto dberr;
			sqlite3_reset(ins_lotrow);
			sqlite3_bind_int(ins_move, 1, i);
			sqlite3_bind_int64(ins_move, 2, 100000000);
			sqlite3_bind_text(ins_move, 3, "receive", -1, SQLITE_STATIC);
			sqlite3_bind_text(ins_move, 4, "GRN-1", -1, SQLITE_STATIC);
			sqlite3_bind_null(ins_move, 5);
			sqlite3_bind_text(ins_move, 6, "2020-01-01T00:00:00Z", -1, SQLITE_STATIC);
			sqlite3_bind_text(ins_move, 7, o->first_day, -1, SQLITE_STATIC);
			if (sqlite3_step(ins_move) != SQLITE_DONE)
				goto dberr;
			sqlite3_reset(ins_move);
		}
	}
	bench_rand_seed(&rnd, o->seed * 7919 + 1);
	clock_date_parse(o->first_day, &first, NULL);
	per_day = o->lines / o->days;
	for (day = 0; day < o->days; day++) {
		char date[CLOCK_DATE_LEN], at[40];
		long today = per_day / 2 + (long)bench_rand_below(&rnd, (size_t)per_day + 1), done = 0;

		clock_date_from_days(first + day, date);
		if (atoi(date) != year) {        /* numbers start again each year */
			year = atoi(date);
			series[0] = series[1] = 0;
		}
		while (done < today) {
			int nl = 1 + (int)bench_rand_below(&rnd, 4), l, refund;
			int prod[4];
			int64_t amt[4], tax[4], qty[4], disc[4], total = 0, vtot = 0, gross = 0;
			char uuid[48], no[80];
			long long sale_id = 0, line_id[4] = { 0, 0, 0, 0 };

			/* minutes that never go back (the till's clock guard, issue 12) */
			{
				long m = 60 + done * 660 / (today + 1);

				snprintf(at, sizeof(at), "%sT%02ld:%02ld:00Z", date, m / 60, m % 60);
			}
			for (l = 0; l < nl; l++) {
				uint64_t x = bench_rand_below(&rnd, 1000000);

				/* skewed: x^3 puts most draws on the first products */
				prod[l] = 1 + (int)((x * x / 1000000 * x / 1000000) * GEN_PRODUCTS / 1000000);
				if (l && prod[l] == prod[l - 1])
					prod[l] = prod[l] % GEN_PRODUCTS + 1;
				qty[l] = 1000 * (1 + (int64_t)bench_rand_below(&rnd, 3));
				disc[l] = bench_rand_below(&rnd, 10) == 0 ? price[prod[l]] / 10 : 0;
				amt[l] = price[prod[l]] * qty[l] / 1000 - disc[l];
				tax[l] = money_vat_included(amt[l], vat[prod[l]]);
				gross += amt[l] + disc[l];
				total += amt[l];
				vtot += tax[l];
			}
			for (refund = 0; refund < 2; refund++) {
				int n = refund ? 1 : nl;
				int64_t t = refund ? amt[0] : total, v = refund ? tax[0] : vtot;

				nsale++;
				snprintf(uuid, sizeof(uuid), "%08lx-0000-4000-8000-%012llx",
					 (unsigned long)(o->seed & 0xffffffffu), (unsigned long long)nsale);
				/* gapless per register, year and series, as sale.c numbers */
				series[refund]++;
				snprintf(no, sizeof(no), "%s-01-%.4s-%s%06ld", o->code, date,
					 refund ? "R" : "", series[refund]);
				sqlite3_bind_text(ins_sale, 1, uuid, -1, SQLITE_TRANSIENT);
				sqlite3_bind_text(ins_sale, 2, refund ? "refund" : "sale", -1, SQLITE_STATIC);
				sqlite3_bind_text(ins_sale, 3, no, -1, SQLITE_TRANSIENT);
				sqlite3_bind_text(ins_sale, 4, o->code, -1, SQLITE_STATIC);
				sqlite3_bind_int64(ins_sale, 5, series[refund]);
				if (refund)
					sqlite3_bind_int64(ins_sale, 6, sale_id);
				else
					sqlite3_bind_null(ins_sale, 6);
				sqlite3_bind_text(ins_sale, 7, at, -1, SQLITE_STATIC);
				sqlite3_bind_text(ins_sale, 8, date, -1, SQLITE_STATIC);
				/* a refund's line keeps its discount: gross - discount = total */
				sqlite3_bind_int64(ins_sale, 9, refund ? t + disc[0] : gross);
				sqlite3_bind_int64(ins_sale, 10, refund ? disc[0] : gross - total);
				sqlite3_bind_int64(ins_sale, 11, t);
				sqlite3_bind_int64(ins_sale, 12, v);
				if (sqlite3_step(ins_sale) != SQLITE_DONE)
					goto dberr;
				sqlite3_reset(ins_sale);
				{
					long long id = sqlite3_last_insert_rowid(h);

					for (l = 0; l < n; l++) {
						int p = prod[l];
						int64_t c = cost[p] * qty[l] / 1000;

						sqlite3_bind_int64(ins_line, 1, id);
						sqlite3_bind_int(ins_line, 2, l + 1);
						sqlite3_bind_int(ins_line, 3, p);
						sqlite3_bind_int(ins_line, 4, stars[p]);
						sqlite3_bind_int64(ins_line, 5, qty[l]);
						sqlite3_bind_int64(ins_line, 6, price[p]);
						sqlite3_bind_int64(ins_line, 7, disc[l]);
						sqlite3_bind_int64(ins_line, 8, amt[l]);
						sqlite3_bind_int(ins_line, 9, vat[p]);
						sqlite3_bind_int64(ins_line, 10, tax[l]);
						sqlite3_bind_int64(ins_line, 11, c);
						sqlite3_bind_int64(ins_line, 12, owner[p] ? amt[l] / 5 : 0);
						if (refund)
							sqlite3_bind_int64(ins_line, 13, line_id[0]);
						else
							sqlite3_bind_null(ins_line, 13);
						sqlite3_bind_text(ins_line, 14, date, -1, SQLITE_STATIC);
						if (sqlite3_step(ins_line) != SQLITE_DONE)
							goto dberr;
						sqlite3_reset(ins_line);
						if (!refund)
							line_id[l] = sqlite3_last_insert_rowid(h);
						written++;
						if (!o->lots)
							continue;
						sqlite3_bind_int64(ins_lot, 1, sqlite3_last_insert_rowid(h));
						sqlite3_bind_int64(ins_lot, 2, qty[l]);
						sqlite3_bind_int(ins_lot, 3, p);
						if (sqlite3_step(ins_lot) != SQLITE_DONE)
							goto dberr;
						sqlite3_reset(ins_lot);
						sqlite3_bind_int(ins_move, 1, p);
						sqlite3_bind_int64(ins_move, 2, refund ? qty[l] : -qty[l]);
						sqlite3_bind_text(ins_move, 3, refund ? "refund" : "sale", -1,
								  SQLITE_STATIC);
						sqlite3_bind_text(ins_move, 4, no, -1, SQLITE_TRANSIENT);
						sqlite3_bind_int64(ins_move, 5, refund ? line_id[0] : line_id[l]);
						sqlite3_bind_text(ins_move, 6, at, -1, SQLITE_STATIC);
						sqlite3_bind_text(ins_move, 7, date, -1, SQLITE_STATIC);
						if (sqlite3_step(ins_move) != SQLITE_DONE)
							goto dberr;
						sqlite3_reset(ins_move);
					}
					if (!refund)
						sale_id = id;
					sqlite3_bind_int64(ins_pay, 1, id);
					sqlite3_bind_text(ins_pay, 2, bench_rand_below(&rnd, 3) ? "cash" : "qr",
							  -1, SQLITE_STATIC);
					sqlite3_bind_int64(ins_pay, 3, t > 0 ? t : 1);
					if (sqlite3_step(ins_pay) != SQLITE_DONE)
						goto dberr;
					sqlite3_reset(ins_pay);
				}
				if (refund || bench_rand_below(&rnd, 30) != 0)
					break;
			}
			done += nl;
		}
		if (day % 100 == 99)
			fprintf(stderr, "\rgenerating %s: %ld of %ld days, %ld lines", path, day + 1,
				o->days, written);
	}
	fprintf(stderr, "\rgenerating %s: %ld days, %ld lines, %ld documents\n", path, o->days,
		written, nsale);
	if (sqlite3_exec(h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto dberr;
	r = 0;
	goto out;
dberr:
	r = pos_fail(err, POS_ERR_DB, "generating %s: %s", path, sqlite3_errmsg(db_handle(db)));
	sqlite3_exec(db_handle(db), "ROLLBACK", NULL, NULL, NULL);
out:
	sqlite3_finalize(ins_sale);
	sqlite3_finalize(ins_line);
	sqlite3_finalize(ins_lot);
	sqlite3_finalize(ins_move);
	sqlite3_finalize(ins_pay);
	sqlite3_finalize(ins_lotrow);
#undef PREP
	db_close(db);
	return r;
}

#endif
