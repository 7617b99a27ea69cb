/*
 * bench_einvoice.c - what issuing the e-invoice adds to the durable sale
 * commit (budget: at most 1 ms, issue 13).
 *
 * Two databases under $BENCH_DIR (default /var/tmp, a real disk) built
 * the same way: a showroom with its tax code, users, BENCH_PRODUCTS
 * products (default 500) with stock, an open shift; the second one also
 * has `einvoice setup`.  Then, alternately so both see the same disk,
 * sale_complete() of the same 3-line cash cart in each: without the
 * invoice, and with it (settings read, two counters, the invoice row,
 * all in the sale's transaction).  Prints both, their ratio and the
 * difference of the medians, and the verdict on the difference.
 *
 * Knobs: BENCH_SALES (300), BENCH_PRODUCTS (500), BENCH_DIR.
 * Timings are printed, never asserted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/catalog.h"
#include "core/db.h"
#include "core/einvoice.h"
#include "core/producer.h"
#include "core/refdata.h"
#include "core/sale.h"
#include "core/shift.h"
#include "core/showroom.h"
#include "core/stock.h"
#include "core/user.h"
#include "bench.h"

#define BUDGET_MS 1.0

struct side {
	struct db *db;
	struct user admin, cashier;
	uint64_t *ns;
};

static int fail(const char *what, const struct pos_error *err)
{
	fprintf(stderr, "bench_einvoice: %s: %s\n", what, err ? pos_error_text(err) : "");
	return 1;
}

static int setup(struct side *s, const char *dir, const char *name, long nproducts,
		 int einvoice)
{
	struct pos_error err;
	struct showroom sr;
	struct producer p;
	struct shift sh;
	struct stock_receipt_line *lines;
	char path[400], grn[STOCK_DOC_MAX];
	int changed;
	long i;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (db_open(path, DB_CREATE, &s->db, &err))
		return fail("db_open", &err);
	showroom_init_struct(&sr);
	snprintf(sr.code, sizeof(sr.code), "BN01");
	snprintf(sr.name, sizeof(sr.name), "Điểm OCOP thử tải");
	snprintf(sr.province, sizeof(sr.province), "48");
	snprintf(sr.address, sizeof(sr.address), "12 Bạch Đằng, Đà Nẵng");
	snprintf(sr.tax_code, sizeof(sr.tax_code), "0100109106");
	if (showroom_create(s->db, &sr, &err))
		return fail("showroom", &err);
	if (user_add(s->db, NULL, "admin", "", ROLE_ADMIN, "1111", &s->admin, &err) ||
	    user_add(s->db, &s->admin, "thungan", "", ROLE_CASHIER, "1234", &s->cashier, &err))
		return fail("users", &err);
	producer_init(&p);
	snprintf(p.code, sizeof(p.code), "HTX-BENCH");
	snprintf(p.name, sizeof(p.name), "Hợp tác xã thử tải");
	snprintf(p.province, sizeof(p.province), "48");
	if (producer_save(s->db, &p, &changed, &err))
		return fail("producer", &err);
	lines = calloc((size_t)nproducts, sizeof(*lines));
	if (!lines)
		return fail("out of memory", NULL);
	if (db_begin(s->db, &err))
		return fail("begin", &err);
	for (i = 0; i < nproducts; i++) {
		struct product pr;
		static const int rates[] = { 0, 5, 8, 10 };

		product_init(&pr);
		snprintf(pr.sku, sizeof(pr.sku), "BS-%05ld", i);
		snprintf(pr.name, sizeof(pr.name), "Mật ong rừng số %ld", i);
		snprintf(pr.producer, sizeof(pr.producer), "HTX-BENCH");
		snprintf(pr.origin_province, sizeof(pr.origin_province), "48");
		pr.ocop_group = 1;
		pr.stars = 3 + (int)(i % 3);
		pr.price = 10000 + (i * 7919) % 500 * 1000;
		pr.vat_rate = rates[i % 4];
		if (product_validate(&pr, &err) || catalog_save(s->db, &pr, "bench", &changed, &err))
			return fail("product", &err);
		lines[i].product_id = pr.id;
		lines[i].qty_milli = 1000000000;
		lines[i].unit_cost = pr.price / 2;
	}
	if (db_commit(s->db, &err))
		return fail("commit", &err);
	if (stock_receive(s->db, NULL, NULL, lines, (size_t)nproducts, grn, &err))
		return fail("stock_receive", &err);
	free(lines);
	if (shift_open(s->db, &s->cashier, "01", 0, &sh, &err))
		return fail("shift_open", &err);
	if (einvoice) {
		struct einv_settings es;

		memset(&es, 0, sizeof(es));
		es.form = EINV_FORM_VAT;
		snprintf(es.series, sizeof(es.series), "C26MAB");
		snprintf(es.code, sizeof(es.code), "A1B2C");
		if (einvoice_setup(s->db, &s->admin, &es, &err))
			return fail("einvoice_setup", &err);
	}
	return 0;
}

/* The same 3-line cash sale on s; the commit's time into s->ns[i]. */
static int sale_one(struct side *s, size_t i, const long pick[3])
{
	struct sale_result res;
	struct pos_error err;
	struct cart c;
	char sku[16];
	uint64_t t0;
	int k;

	if (cart_init(&c, "01", s->cashier.id, &err))
		return fail("cart_init", &err);
	c.transient = 1;
	for (k = 0; k < 3; k++) {
		snprintf(sku, sizeof(sku), "BS-%05ld", pick[k]);
		if (cart_add_code(&c, s->db, NULL, sku, 1000 + k * 1000, &err))
			return fail("cart_add_code", &err);
	}
	if (cart_pay(&c, s->db, PAY_CASH, 0, 0, NULL, &err))
		return fail("cart_pay", &err);
	t0 = bench_now_ns();
	if (sale_complete(s->db, &c, &s->cashier, &res, &err))
		return fail("sale_complete", &err);
	s->ns[i] = bench_now_ns() - t0;
	cart_release(&c);
	return 0;
}

int main(void)
{
	struct side a, b;
	struct bench_result ra, rb;
	struct bench_rand rnd;
	struct pos_error err;
	const char *dir = getenv("BENCH_DIR");
	long nsales = bench_env_long("BENCH_SALES", 300);
	long nproducts = bench_env_long("BENCH_PRODUCTS", 500);
	char tmp[300], cmd[400];
	long long invoices = -1;
	size_t i, n;
	int r = 1, k;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	if (nsales <= 0 || nproducts <= 0)
		return 1;
	setenv("OCOP_POS_NOW", "2026-11-22T03:00:00Z", 1);
	snprintf(tmp, sizeof(tmp), "%s/ocop-bench-einv-XXXXXX", dir && *dir ? dir : "/var/tmp");
	if (!mkdtemp(tmp)) {
		perror("bench_einvoice: mkdtemp");
		return 1;
	}
	n = (size_t)nsales;
	a.ns = calloc(n, sizeof(uint64_t));
	b.ns = calloc(n, sizeof(uint64_t));
	if (!a.ns || !b.ns || refdata_load(NULL, &err))
		goto out;
	fprintf(stderr, "bench_einvoice: %ld products, %ld sales each in %s\n", nproducts, nsales,
		tmp);
	if (setup(&a, tmp, "plain.db", nproducts, 0) || setup(&b, tmp, "einvoice.db", nproducts, 1))
		goto out;
	bench_rand_seed(&rnd, 42);
	{
		long warm[3] = { 0, 1, 2 };

		if (sale_one(&a, 0, warm) || sale_one(&b, 0, warm))
			goto out;
	}
	for (i = 0; i < n; i++) {
		long pick[3];

		for (k = 0; k < 3; k++)
			pick[k] = (long)bench_rand_below(&rnd, (size_t)nproducts);
		/* alternate which goes first, so neither always follows the other's fsync */
		if (i % 2 ? (sale_one(&b, i, pick) || sale_one(&a, i, pick)) :
			    (sale_one(&a, i, pick) || sale_one(&b, i, pick)))
			goto out;
	}
	if (db_query_int64(b.db, "SELECT count(*) FROM einvoice", "counting", &invoices, &err))
		goto out;
	bench_summarise("sale_complete without e-invoice", a.ns, n, &ra);
	bench_summarise("sale_complete with e-invoice", b.ns, n, &rb);
	printf("e-invoice issuing in the durable sale commit: WAL, synchronous=FULL, %zu sales "
	       "each, %lld invoices issued, dir %s\n", n, invoices, tmp);
	bench_print_header();
	bench_print(&ra, NULL);
	bench_print(&rb, &ra);
	printf("added by the e-invoice (median difference): %.3f ms\n",
	       (rb.median_us - ra.median_us) / 1000.0);
	bench_verdict("e-invoice adds <= 1 ms to the durable sale commit", "median difference",
		      (rb.median_us - ra.median_us) / 1000.0, BUDGET_MS, "ms");
	r = invoices == (long long)n + 1 ? 0 : fail("not every sale got its invoice", NULL);
out:
	db_close(a.db);
	db_close(b.db);
	free(a.ns);
	free(b.ns);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		fprintf(stderr, "bench_einvoice: could not remove %s\n", tmp);
	return r;
}
