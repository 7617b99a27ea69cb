/*
 * bench_pgnational.c - a national server fed by 34 provinces of 60
 * showrooms (issue 15, "Scale, measured"), ratios in one run.
 *
 * Needs OCOP_BENCH_PG_URI and OCOP_BENCH_PG_NAT_URI (two databases of a
 * throwaway cluster: tests/bench/bench_pgnational.sh sets them; `make
 * bench` runs that script).  BENCH_PG_NATIONAL_LINES sale lines in all
 * (300,000 by default: a couple of minutes; the figures are 2M
 * and 20M) over 2025, spread evenly over the 2,040 showrooms.
 *
 * The exchange files are made here, in memory, as batch_export writes them
 * (docs/formats.md "Exchange file": header, producers, the whole
 * catalogue the showroom offers, sales with their lines and payments, the
 * Ed25519ph signature line by the streaming signer) and imported through
 * the real paths, which verify each of them in full:
 *   - province 01's 60 showrooms into a province hub (pghub_import_data);
 *   - every showroom of every province into the national server, forwarded
 *     with its province's countersignature (pghub_import_forwarded; the
 *     bench holds the 34 provinces' keys);
 *   - with BENCH_SQLITE=1 (the default below 5M lines), every file into an
 *     SQLite hub (batch_import_data) too.
 * Each province has 500 products of 50 producers (17,000 in all), each of
 * its showrooms offers all 500; products are drawn with a skewed
 * popularity, and the last 20 of each province are offered and never
 * sold (680 never-sold products, which the commercialization must list).
 * Then: import throughput per hub; the year's per-product report against
 * the plain aggregate over the month summaries; commercialization; a
 * showroom's next day (about 300 lines) end to end at the province and at
 * the national server; the national per-product totals against the
 * generator's own sums, province by province (a check line).  Timings are
 * printed, never asserted.
 */
#include <libpq-fe.h>
#include <stdarg.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/batch.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/pghub.h"
#include "core/refdata.h"
#include "core/report.h"
#include "core/showroom.h"
#include "core/sign.h"
#include "lib/bytebuf.h"
#include "bench.h"
#include "bench_pg.h"

#define DATA_DIR "build/bench-data"
#define NPROV 34
#define PER_PROV 60
#define NSHOW (NPROV * PER_PROV)
#define PROD_PER_PROV 500
#define SOLD_PER_PROV 480               /* the last 20: offered, never sold */
#define NPROD (NPROV * PROD_PER_PROV)
#define PRODUCERS_PER_PROV 50
#define DAYS 364                        /* 2025-01-01 .. 2025-12-30; the 31st: next files */

static const char *uri, *nat_uri;

struct keys {
	char pk[SIGN_PUBKEY_B64], sk[SIGN_SECKEY_B64];
};

static struct keys prov_keys[NPROV], show_keys[NSHOW];
static long long truth[NPROD];            /* revenue per product, from the generator */
static long long nsales[NSHOW];           /* sales in each showroom's first file */


/* The p-th of the 34 provinces of 2025 (refdata), "01" Hà Nội first. */
static void prov_code(int p, char out[8])
{
	const struct province *pr = province_at((size_t)p);

	snprintf(out, 8, "%s", pr ? pr->code : "??");
}

static void show_code(int s, char out[24])
{
	char pc[8];

	prov_code(s / PER_PROV, pc);
	snprintf(out, 24, "T%s%02d", pc, s % PER_PROV);
}

static long long price_of(int k)
{
	return 20000 + (long long)((k * 7919) % 50) * 5000;
}

static int rate_of(int k)
{
	return k % 7 == 0 ? 5 : k % 11 == 0 ? 10 : 8;
}

static void day_of(int d, char out[11])
{
	snprintf(out, 11, "2025-01-01");
	clock_date_add_days(out, d, out, NULL);
}

static void die(const char *what, const struct pos_error *err) __attribute__((noreturn));
static void die(const char *what, const struct pos_error *err)
{
	fprintf(stderr, "bench: %s: %s\n", what, err ? err->msg : "");
	exit(1);
}

/* printf onto b (each piece of a record is well under 4 KB). */
static void bprintf(struct bytebuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void bprintf(struct bytebuf *b, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf))
		die("record too long", NULL);
	bytebuf_put(b, buf, (size_t)n);
}

/* The signed body so far into the stream, then the signature line. */
static void sign_file(struct bytebuf *b, const struct keys *k)
{
	unsigned char sk[crypto_sign_SECRETKEYBYTES], sig[crypto_sign_BYTES];
	char sig64[SIGN_SIG_B64];
	struct sign_stream ss;
	size_t len;

	sign_stream_init(&ss);
	sign_stream_update(&ss, b->data, b->len);
	if (sodium_base642bin(sk, sizeof(sk), k->sk, strlen(k->sk), NULL, &len, NULL,
			      sodium_base64_VARIANT_ORIGINAL) || len != sizeof(sk))
		die("secret key", NULL);
	crypto_sign_final_create((crypto_sign_state *)(void *)ss.ph, sig, NULL, sk);
	sodium_memzero(sk, sizeof(sk));
	sodium_bin2base64(sig64, sizeof(sig64), sig, sizeof(sig), sodium_base64_VARIANT_ORIGINAL);
	bprintf(b, "{\"signature\":\"%s\"}\n", sig64);
}

/*
 * Showroom s's exchange file into b: first (sequence 1, 2025-01-01 ..
 * 2025-12-30, `lines` sale lines) or its next (sequence 2, the 31st,
 * `lines` lines).  The generator's revenue per product goes into truth
 * when count is set.
 */
static void gen_file(int s, long lines, int next, int count, struct bytebuf *b)
{
	int p = s / PER_PROV, i, k, day;
	char code[24], prov[8], date[11], from[11], to[11];
	struct bench_rand rnd;
	long done = 0, nsale = 0, seq0 = next ? nsales[s] : 0;
	long long est;
	struct bytebuf body;

	show_code(s, code);
	prov_code(p, prov);
	bench_rand_seed(&rnd, 1000 + (uint64_t)s * 7 + (uint64_t)next);
	/* the sales first (the header counts them) */
	bytebuf_init(&body);
	day_of(next ? DAYS : 0, from);
	day_of(next ? DAYS : DAYS - 1, to);
	for (day = 0; done < lines; day++) {
		long target = next ? lines : (long)((double)lines * (day + 1) / DAYS);

		day_of(next ? DAYS : (day < DAYS ? day : DAYS - 1), date);
		while (done < target) {
			int nl = 1 + (int)bench_rand_below(&rnd, 4), l;
			long long gross = 0, vat = 0;
			char uuid[64];

			if (nl > lines - done)
				nl = (int)(lines - done);
			nsale++;
			snprintf(uuid, sizeof(uuid), "%08x-%04x-4000-8000-%012lx", (unsigned)s,
				 (unsigned)next, (unsigned long)nsale);
			bprintf(&body, "{\"type\":\"sale\",\"uuid\":\"%s\",\"kind\":\"sale\","
				       "\"receipt_no\":\"%s-01-2025-%06ld\",\"register\":\"01\","
				       "\"seq\":%ld,\"original\":null,\"at\":\"%sT%02ld:%02ld:00Z\","
				       "\"business_date\":\"%s\",\"lines\":[", uuid, code,
				       seq0 + nsale, seq0 + nsale, date, 1 + (nsale / 60) % 12,
				       nsale % 60, date);
			for (l = 0; l < nl; l++) {
				double u = (double)bench_rand_below(&rnd, 1000000) / 1e6;
				int qty = 1 + (int)bench_rand_below(&rnd, 3);
				long long price, amount, v;
				int rate, sku;

				k = (int)(SOLD_PER_PROV * u * u * u);
				sku = p * PROD_PER_PROV + k;
				price = price_of(sku);
				rate = rate_of(sku);
				amount = price * qty;
				v = money_vat_included(amount, rate);
				gross += amount;
				vat += v;
				if (count)
					truth[sku] += amount;
				bprintf(&body, "%s{\"line_no\":%d,\"product\":\"SP%05d\","
					       "\"sku\":\"SP%05d\",\"name\":\"Sản phẩm %d\",\"unit\":\"gói\","
					       "\"stars\":%d,\"qty_milli\":%d,\"list_price\":%lld,"
					       "\"unit_price\":%lld,\"discount\":0,\"amount\":%lld,"
					       "\"vat_rate\":%d,\"vat\":%lld,\"cost\":%lld,\"commission\":0,"
					       "\"original_line\":null,\"lots\":[]}", l ? "," : "", l + 1,
					       sku, sku, sku, 3 + sku % 3, qty * 1000, price, price,
					       amount, rate, v, amount * 6 / 10);
			}
			bprintf(&body, "],\"payments\":[{\"method\":\"qr\",\"amount\":%lld,"
				       "\"tendered\":%lld,\"change\":0,\"reference\":\"TT %ld\"}],"
				       "\"gross\":%lld,\"discount\":0,\"total\":%lld,\"vat\":%lld,"
				       "\"reason\":\"\",\"einvoice\":null}\n", gross, gross, nsale,
				       gross, gross, vat);
			done += nl;
		}
	}
	if (!next)
		nsales[s] = nsale;
	/* header, producers, the catalogue, the sales, the signature */
	est = (long long)body.len + PROD_PER_PROV * 400 + 4096;
	(void)est;
	bytebuf_reset(b);
	bprintf(b, "{\"format\":\"ocop-pos/exchange\",\"version\":2,\"showroom\":\"%s\","
		       "\"name\":\"Điểm OCOP %s\",\"province\":\"%s\",\"sequence\":%d,"
		       "\"continues\":%d,\"period\":{\"from\":\"%s\",\"to\":\"%s\"},"
		       "\"created\":\"%sT23:00:00Z\",\"public_key\":\"%s\",\"counts\":{"
		       "\"producers\":%d,\"products\":%d,\"lots\":0,\"sales\":%ld,\"moves\":0},"
		       "\"journal\":{\"seq\":0,\"head\":\"\"}}\n", code, code, prov, next ? 2 : 1,
		       next ? 1 : 0, from, to, to, show_keys[s].pk, PRODUCERS_PER_PROV,
		       PROD_PER_PROV, nsale);
	for (i = 0; i < PRODUCERS_PER_PROV; i++)
		bprintf(b, "{\"type\":\"producer\",\"code\":\"NSX-%s-%02d\",\"name\":\"HTX %s"
			       " số %d\",\"kind\":\"cooperative\",\"province\":\"%s\",\"commune\":\"\","
			       "\"tax_code\":\"\",\"women_led\":%s,\"ethnic_minority_led\":false}\n",
			       prov, i, prov, i, prov, i % 3 ? "false" : "true");
	for (i = 0; i < PROD_PER_PROV; i++) {
		int sku = p * PROD_PER_PROV + i;

		bprintf(b, "{\"type\":\"product\",\"sku\":\"SP%05d\",\"name\":\"Sản phẩm %d\","
			       "\"unit\":\"gói\",\"producer\":\"NSX-%s-%02d\",\"origin_province\":\"%s\","
			       "\"group\":%d,\"product_set\":\"\",\"stars\":%d,\"certificate\":{"
			       "\"number\":\"%d/QĐ-UBND\",\"issuer\":\"UBND tỉnh %s\",\"issued\":"
			       "\"2024-01-15\",\"expires\":\"2027-01-15\"},\"price\":%lld,"
			       "\"vat_rate\":%d,\"shelf_life_days\":365,\"is_service\":false}\n", sku,
			       sku, prov, i % PRODUCERS_PER_PROV, prov, 1 + sku % 6, 3 + sku % 3, sku,
			       prov, price_of(sku), rate_of(sku));
	}
	bytebuf_put(b, body.data, body.len);
	bytebuf_release(&body);
	sign_file(b, &show_keys[s]);
	if (b->failed)
		die("out of memory", NULL);
}

static struct pghub *fresh_hub(const char *u, const char *code, const char *prov)
{
	PGconn *c = bench_pg_connect(u);
	struct pghub *h;
	struct pos_error err;

	bench_pg_must(c, "DROP SCHEMA public CASCADE; CREATE SCHEMA public");
	PQfinish(c);
	if (pghub_open(u, &h, &err) || pghub_init(h, code, "Bench", prov, &err))
		die("hub", &err);
	return h;
}

/* ---- reports ---------------------------------------------------------------- */

struct rep {
	struct pghub *h;
	PGconn *c;
	struct db *db;
	struct report_filter f;
};

static int run_products(void *v, size_t i)
{
	struct rep *x = v;
	struct report *r;
	struct pos_error err;
	(void)i;

	if (x->db ? report_sales(x->db, REPORT_PRODUCTS, &x->f, &r, &err)
		  : pghub_report_products(x->h, &x->f, &r, &err))
		return 1;
	report_free(r);
	return 0;
}

static int run_com(void *v, size_t i)
{
	struct rep *x = v;
	struct report_com *r;
	struct pos_error err;
	(void)i;

	if (x->db ? report_commercialization(x->db, &x->f, &r, &err)
		  : pghub_report_commercialization(x->h, &x->f, &r, &err))
		return 1;
	report_com_free(r);
	return 0;
}

/*
 * The baseline: the commercialization query of the national server as it
 * was before its own summary (commit 5377a57: the showrooms that sold a
 * product counted with a DISTINCT over the per-showroom month summaries,
 * the rest from sale_month_all), for 2025 against 2024.
 */
static const char com_before_sql[] =
	"WITH cur AS (SELECT f.sku, sum(f.qty_milli) AS q, sum(f.amount) AS a, "
	"sum(f.vat) AS v, sum(f.cost) AS c, sum(f.commission) AS cm, sum(f.sales) AS s, "
	"sum(f.returns) AS rt, sum(f.returned_milli) AS rq, sum(f.returned_amount) AS "
	"ra,  count(DISTINCT date_trunc('month', f.d)) FILTER (WHERE f.sales > 0) AS mo "
	"FROM (SELECT '' AS showroom, sku, stars, qty_milli, amount, vat, cost, "
	"commission, sales, returns, returned_milli, returned_amount, month AS d FROM "
	"sale_month_all WHERE month >= $3::date AND month < $4::date UNION ALL SELECT "
	"showroom, sku, stars, qty_milli, amount, vat, cost, commission, sales, "
	"returns, returned_milli, returned_amount, business_date FROM sale_day WHERE "
	"business_date >= $1::date AND business_date < $3::date UNION ALL SELECT "
	"showroom, sku, stars, qty_milli, amount, vat, cost, commission, sales, "
	"returns, returned_milli, returned_amount, business_date FROM sale_day WHERE "
	"business_date >= $4::date AND business_date <= $2::date) f WHERE ($5 = '' OR "
	"f.showroom = $5) GROUP BY f.sku), sr AS (SELECT sku, count(*) AS sr FROM "
	"(SELECT DISTINCT f.sku, f.showroom FROM (SELECT showroom AS showroom, sku, "
	"stars, qty_milli, amount, vat, cost, commission, sales, returns, "
	"returned_milli, returned_amount, month AS d FROM sale_month WHERE month >= "
	"$3::date AND month < $4::date UNION ALL SELECT showroom, sku, stars, "
	"qty_milli, amount, vat, cost, commission, sales, returns, returned_milli, "
	"returned_amount, business_date FROM sale_day WHERE business_date >= $1::date "
	"AND business_date < $3::date UNION ALL SELECT showroom, sku, stars, qty_milli, "
	"amount, vat, cost, commission, sales, returns, returned_milli, "
	"returned_amount, business_date FROM sale_day WHERE business_date >= $4::date "
	"AND business_date <= $2::date) f WHERE f.sales > 0 AND ($5 = '' OR f.showroom "
	"= $5)) x GROUP BY sku), prev AS (SELECT f.sku, sum(f.qty_milli) AS q, "
	"sum(f.amount) AS a, sum(f.vat) AS v, sum(f.cost) AS c, sum(f.commission) AS "
	"cm, sum(f.sales) AS s, sum(f.returns) AS rt, sum(f.returned_milli) AS rq, "
	"sum(f.returned_amount) AS ra FROM (SELECT '' AS showroom, sku, stars, "
	"qty_milli, amount, vat, cost, commission, sales, returns, returned_milli, "
	"returned_amount, month AS d FROM sale_month_all WHERE month >= $12::date AND "
	"month < $13::date UNION ALL SELECT showroom, sku, stars, qty_milli, amount, "
	"vat, cost, commission, sales, returns, returned_milli, returned_amount, "
	"business_date FROM sale_day WHERE business_date >= $10::date AND business_date "
	"< $12::date UNION ALL SELECT showroom, sku, stars, qty_milli, amount, vat, "
	"cost, commission, sales, returns, returned_milli, returned_amount, "
	"business_date FROM sale_day WHERE business_date >= $13::date AND business_date "
	"<= $11::date) f  WHERE ($5 = '' OR f.showroom = $5) GROUP BY f.sku), ever AS "
	"(SELECT sku, min(first_date) AS first, max(last_date) AS last  FROM "
	"sale_product WHERE ($5 = '' OR showroom = $5) GROUP BY sku) SELECT p.sku, "
	"p.name, p.producer, pr.name, p.origin_province, p.ocop_group, p.stars, "
	"p.cert_number, coalesce(p.cert_issued::text, ''), "
	"coalesce(p.cert_expires::text, ''), coalesce(e.first::text, ''), "
	"coalesce(e.last::text, ''), coalesce(cur.q, 0), coalesce(cur.a, 0), "
	"coalesce(cur.v, 0), coalesce(cur.c, 0), coalesce(cur.cm, 0), coalesce(cur.s, "
	"0), coalesce(cur.rt, 0), coalesce(cur.rq, 0), coalesce(cur.ra, 0), "
	"coalesce(prev.q, 0), coalesce(prev.a, 0), coalesce(prev.v, 0), "
	"coalesce(prev.c, 0), coalesce(prev.cm, 0), coalesce(prev.s, 0), "
	"coalesce(prev.rt, 0), coalesce(prev.rq, 0), coalesce(prev.ra, 0), "
	"coalesce(cur.mo, 0), coalesce(sr.sr, 0) FROM product p JOIN producer pr ON "
	"pr.code = p.producer LEFT JOIN cur ON cur.sku = p.sku LEFT JOIN prev ON "
	"prev.sku = p.sku LEFT JOIN ever e ON e.sku = p.sku LEFT JOIN sr ON sr.sku = "
	"p.sku WHERE (EXISTS (SELECT 1 FROM offer o WHERE o.sku = p.sku   AND ($5 = '' "
	"OR o.showroom = $5)) OR cur.s > 0 OR cur.rt > 0) AND ($6 = '' OR "
	"p.origin_province = $6) AND ($7 = '' OR p.producer = $7) AND ($8::int = 0 OR "
	"p.ocop_group = $8::int) AND ($9::int = 0 OR p.stars = $9::int) ORDER BY "
	"(coalesce(cur.s, 0) = 0) DESC, CASE WHEN coalesce(cur.s, 0) = 0 THEN -p.stars "
	"ELSE 0 END, coalesce(cur.a, 0) DESC, p.sku";

static int run_com_before(void *v, size_t i)
{
	struct rep *x = v;
	const char *p[13] = { "2025-01-01", "2025-12-31", "2025-01-01", "2026-01-01", "", "", "",
			      "0", "0", "2024-01-01", "2024-12-31", "2024-01-01", "2025-01-01" };
	PGresult *r = PQexecParams(x->c, com_before_sql, 13, NULL, p, NULL, NULL, 0);
	int bad = PQresultStatus(r) != PGRES_TUPLES_OK;
	(void)i;

	if (bad)
		fprintf(stderr, "bench: %s", PQerrorMessage(x->c));
	PQclear(r);
	return bad;
}

static void year_filter(struct report_filter *f)
{
	report_filter_init(f);
	snprintf(f->from, sizeof(f->from), "2025-01-01");
	snprintf(f->to, sizeof(f->to), "2025-12-31");
}

/*
 * A baseline and a report run in turns, n times each (a, b, a, b ...), so
 * that a change of the machine's load falls on both: their samples into
 * *ra and *rb.  0, or non-zero when a run fails.
 */
static int run_pair(const char *na, int (*fa)(void *, size_t), void *ca, struct bench_result *ra,
		    const char *nb, int (*fb)(void *, size_t), void *cb, struct bench_result *rb,
		    size_t n)
{
	uint64_t *a = malloc(n * sizeof(*a)), *b = malloc(n * sizeof(*b)), t0;
	size_t i;
	int r = a && b ? 0 : -1;

	for (i = 0; !r && i < n; i++) {
		t0 = bench_now_ns();
		r = fa(ca, i);
		a[i] = bench_now_ns() - t0;
		t0 = bench_now_ns();
		r = r ? r : fb(cb, i);
		b[i] = bench_now_ns() - t0;
	}
	if (!r) {
		bench_summarise(na, a, n, ra);
		bench_summarise(nb, b, n, rb);
	}
	free(a);
	free(b);
	return r;
}

/*
 * A per-product report and, measured in turns with it, the plain aggregate
 * (sum(amount) per SKU) over the summary rows of its period: those the
 * report reads, but for Jan-Nov, which the report reads as the year less
 * December (sale_year_com and December's sale_month_com rows: fewer rows
 * than the eleven months'), against the plain aggregate a person would
 * write, over the eleven months of sale_month_com.
 */
struct pcase {
	const char *what;       /* the period and filter, for the output */
	const char *from, *to, *showroom, *producer;
	int stars;
	const char *plain;      /* its baseline */
	const char *reads;      /* the summary both read */
};

#define PLAIN_SQL(table, where) "SELECT sku, sum(amount) FROM " table " WHERE " where " GROUP BY sku"

static const struct pcase pcases[] = {
	{ "year 2025", "2025-01-01", "2025-12-31", "", "", 0,
	  PLAIN_SQL("sale_year_com", "year >= '2025-01-01' AND year < '2026-01-01'"),
	  "sale_year_com" },
	{ "Jan-Nov 2025", "2025-01-01", "2025-11-30", "", "", 0,
	  PLAIN_SQL("sale_month_com", "month >= '2025-01-01' AND month < '2025-12-01'"),
	  "sale_month_com" },
	{ "10-31 Mar 2025", "2025-03-10", "2025-03-31", "", "", 0,
	  PLAIN_SQL("sale_day", "business_date >= '2025-03-10' AND business_date <= '2025-03-31'"),
	  "sale_day" },
	{ "year 2025, 4 stars", "2025-01-01", "2025-12-31", "", "", 4,
	  PLAIN_SQL("sale_month_all", "month >= '2025-01-01' AND month < '2026-01-01' AND stars = 4"),
	  "sale_month_all" },
	{ "year 2025, showroom T0100", "2025-01-01", "2025-12-31", "T0100", "", 0,
	  PLAIN_SQL("sale_month", "month >= '2025-01-01' AND month < '2026-01-01'"
			      " AND showroom = 'T0100'"),
	  "sale_month" },
	{ "year 2025, producer NSX-01-00", "2025-01-01", "2025-12-31", "", "NSX-01-00", 0,
	  PLAIN_SQL("sale_year_com", "year >= '2025-01-01' AND year < '2026-01-01' AND sku IN"
				 " (SELECT sku FROM product WHERE producer = 'NSX-01-00')"),
	  "sale_year_com" },
};

/* The reports at PostgreSQL hub h, each against the plain aggregate over what it reads. */
static void pg_reports(const char *what, struct pghub *h, const char *u, long rounds)
{
	struct bench_result prod, com, plain, plain_all, plain_year, before;
	struct bench_pg_plain pa = { NULL, BENCH_PG_PLAIN("sale_month_all", "month") };
	struct bench_pg_plain py = { NULL, BENCH_PG_PLAIN("sale_year_com", "year") };
	struct bench_pg_plain pp;
	struct rep x;
	char name[3][BENCH_NAME_MAX], verdict[128];
	double year_ms = 0;
	size_t k;

	memset(&x, 0, sizeof(x));
	x.h = h;
	x.c = bench_pg_connect(u);
	bench_pg_must(x.c, "VACUUM ANALYZE");
	printf("\n%s: per-product reports, each run in turns with the plain aggregate over the"
	       " summary it reads (sum(amount) per SKU, the same rows)\n", what);
	bench_print_header();
	pa.c = py.c = pp.c = x.c;
	for (k = 0; k < sizeof(pcases) / sizeof(pcases[0]); k++) {
		const struct pcase *pc = &pcases[k];

		year_filter(&x.f);
		snprintf(x.f.from, sizeof(x.f.from), "%s", pc->from);
		snprintf(x.f.to, sizeof(x.f.to), "%s", pc->to);
		snprintf(x.f.showroom, sizeof(x.f.showroom), "%s", pc->showroom);
		snprintf(x.f.producer, sizeof(x.f.producer), "%s", pc->producer);
		x.f.stars = pc->stars;
		pp.sql = pc->plain;
		snprintf(name[0], sizeof(name[0]), "plain over %s, %s", pc->reads, pc->what);
		snprintf(name[1], sizeof(name[1]), "report products, %s", pc->what);
		/* (a pair takes milliseconds: three times the rounds, for a median
		 * the machine's other work moves less) */
		if (run_pair(name[0], bench_pg_plain_run, &pp, &plain, name[1], run_products, &x,
			     &prod, (size_t)rounds * 3))
			die("report", NULL);
		bench_print(&plain, NULL);
		bench_print(&prod, &plain);
		if (!k)
			year_ms = prod.median_us / 1e3;
		snprintf(verdict, sizeof(verdict), "%s: products, %s <= 1.5x the plain aggregate over %s",
			 what, pc->what, pc->reads);
		bench_verdict(verdict, "ratio", prod.median_us / plain.median_us, 1.5001, "x");
	}
	bench_verdict("per-product year < 1 s", "median", year_ms, 1000, "ms");

	year_filter(&x.f);
	snprintf(name[0], sizeof(name[0]), "%s: plain over sale_month_all, 2025", what);
	snprintf(name[1], sizeof(name[1]), "%s: plain over sale_year_com, 2025", what);
	snprintf(name[2], sizeof(name[2]), "%s: report commercialization 2025", what);
	printf("\n");
	bench_print_header();
	if (bench_run(name[0], (size_t)rounds, bench_pg_plain_run, &pa, &plain_all) ||
	    run_pair(name[1], bench_pg_plain_run, &py, &plain_year, name[2], run_com, &x, &com,
		     (size_t)rounds) ||
	    bench_run("commercialization as before its summary", 3, run_com_before, &x, &before))
		die("report", NULL);
	bench_print(&plain_all, NULL);
	bench_print(&plain_year, &plain_all);
	bench_print(&com, &plain_all);
	printf("  report commercialization / plain aggregate over sale_year_com: %.2fx\n",
	       com.median_us / plain_year.median_us);
	bench_print(&before, &plain_all);
	printf("  commercialization: before its summary / now %.1fx\n",
	       before.median_us / com.median_us);
	bench_verdict("commercialization year < 2 s", "median", com.median_us / 1e3, 2000, "ms");
	PQfinish(x.c);
}

/*
 * The per-product year at hub h against truth for products [lo, hi):
 * every product with sales equal, no other.  Returns the mismatches.
 */
static long check_totals(struct pghub *h, int lo, int hi, long *products)
{
	struct report_filter f;
	struct report *r = NULL;
	struct pos_error err;
	long long *got = calloc(NPROD, sizeof(*got));
	long bad = 0;
	size_t i;
	int k;

	year_filter(&f);
	if (!got)
		die("report products: out of memory", NULL);
	if (pghub_report_products(h, &f, &r, &err))
		die("report products", &err);
	for (i = 0; i < r->n; i++) {
		k = atoi(r->rows[i].key + 2);
		if (k < 0 || k >= NPROD)
			bad++;
		else
			got[k] += r->rows[i].m.amount;
	}
	*products = 0;
	for (k = 0; k < NPROD; k++) {
		long long want = k >= lo && k < hi ? truth[k] : 0;

		*products += want != 0;
		bad += got[k] != want;
	}
	report_free(r);
	free(got);
	return bad;
}

/* ---- the run ----------------------------------------------------------------- */

struct clock {
	uint64_t ns;
	long long lines;
};

static void timed(struct clock *c, long lines, uint64_t t0)
{
	c->ns += bench_now_ns() - t0;
	c->lines += lines;
}

static void rate(const char *what, const struct clock *c)
{
	double s = (double)c->ns / 1e9;

	printf("  %-58s %8.1f s  %9.0f lines/s\n", what, s, s > 0 ? (double)c->lines / s : 0);
}

static struct db *sqlite_hub(const char *path)
{
	struct pos_error err;
	struct showroom s;
	struct db *db;
	char code[24];
	int i;

	unlink(path);
	if (db_open(path, DB_CREATE, &db, &err))
		die("sqlite hub", &err);
	showroom_init_struct(&s);
	snprintf(s.code, sizeof(s.code), "VN");
	snprintf(s.name, sizeof(s.name), "Bench");
	snprintf(s.province, sizeof(s.province), "01");
	s.is_hub = 1;
	if (showroom_create(db, &s, &err))
		die("sqlite hub", &err);
	for (i = 0; i < NSHOW; i++) {
		show_code(i, code);
		if (sign_register(db, code, show_keys[i].pk, &err))
			die("sqlite register", &err);
	}
	return db;
}

static void sqlite_reports(struct db *db, long rounds)
{
	struct bench_result prod, com;
	struct rep x;

	memset(&x, 0, sizeof(x));
	x.db = db;
	year_filter(&x.f);
	printf("\n");
	bench_print_header();
	if (bench_run("SQLite hub: report products 2025", (size_t)rounds, run_products, &x,
		      &prod) ||
	    bench_run("SQLite hub: report commercialization 2025", (size_t)rounds, run_com, &x,
		      &com))
		die("sqlite report", NULL);
	bench_print(&prod, NULL);
	bench_print(&com, &prod);
}

int main(void)
{
	long lines = bench_env_long("BENCH_PG_NATIONAL_LINES", 300000);
	long rounds = bench_env_long("BENCH_ROUNDS", 5);
	long day_lines = bench_env_long("BENCH_PG_DAY_LINES", 300);
	long days = bench_env_long("BENCH_PG_DAYS", 7);
	const char *sqenv = getenv("BENCH_SQLITE");
	int with_sqlite = sqenv ? atoi(sqenv) != 0 : lines < 5000000;
	struct clock c_prov = { 0, 0 }, c_nat = { 0, 0 }, c_sq = { 0, 0 }, c_gen = { 0, 0 };
	struct pghub *prov, *nat;
	struct db *sq = NULL;
	struct pos_error err;
	struct bytebuf b;
	char sqpath[128];
	uint64_t t0, t_all = bench_now_ns(), *d_prov, *d_nat;
	long per, bad, products;
	char first_prov[8];
	int s, p;

	setvbuf(stdout, NULL, _IOLBF, 0);
	uri = getenv("OCOP_BENCH_PG_URI");
	nat_uri = getenv("OCOP_BENCH_PG_NAT_URI");
	if (!uri || !nat_uri) {
		printf("bench_pgnational: OCOP_BENCH_PG_URI / OCOP_BENCH_PG_NAT_URI are not set; run"
		       " tests/bench/bench_pgnational.sh\n");
		return 0;
	}
	if (lines < NSHOW || rounds < 1 || days < 1 || days > PER_PROV || sign_init(&err) ||
	    refdata_load(NULL, &err)) {
		fprintf(stderr, "bench: bad sizes or set-up\n");
		return 1;
	}
	setenv("OCOP_POS_NOW", "2026-01-02T03:00:00Z", 1);
	i18n_set_lang("en", NULL);
	per = lines / NSHOW;
	for (p = 0; p < NPROV; p++)
		sign_keypair(prov_keys[p].pk, prov_keys[p].sk);
	for (s = 0; s < NSHOW; s++)
		sign_keypair(show_keys[s].pk, show_keys[s].sk);
	prov_code(0, first_prov);
	prov = fresh_hub(uri, first_prov, first_prov);
	nat = fresh_hub(nat_uri, "VN", "00");
	for (p = 0; p < NPROV; p++) {
		char code[8];

		prov_code(p, code);
		if (pghub_register_province(nat, code, prov_keys[p].pk, 0, &err))
			die("register province", &err);
	}
	for (s = 0; s < PER_PROV; s++) {
		char code[24];

		show_code(s, code);
		if (pghub_register(prov, code, show_keys[s].pk, 0, &err))
			die("register showroom", &err);
	}
	if (with_sqlite) {
		mkdir("build", 0755);
		mkdir(DATA_DIR, 0755);
		snprintf(sqpath, sizeof(sqpath), DATA_DIR "/national-%ld.hub.db", lines);
		sq = sqlite_hub(sqpath);
	}
	printf("national simulation: %ld sale lines of 2025 (%ld per showroom), %d provinces x %d"
	       " showrooms, %d products (%d never sold)%s\n", per * NSHOW, per, NPROV, PER_PROV,
	       NPROD, NPROV * (PROD_PER_PROV - SOLD_PER_PROV), with_sqlite ? "; and an SQLite hub" : "");
	bytebuf_init(&b);
	for (s = 0; s < NSHOW; s++) {
		struct batch_result res;
		struct pghub_fwd fw;

		t0 = bench_now_ns();
		gen_file(s, per, 0, 1, &b);
		timed(&c_gen, per, t0);
		if (s < PER_PROV) {            /* province 01: through its hub */
			t0 = bench_now_ns();
			if (pghub_import_data(prov, (const char *)b.data, b.len, "province file", &res, &err))
				die("province import", &err);
			timed(&c_prov, per, t0);
		}
		t0 = bench_now_ns();
		{
			char pc[8];

			prov_code(s / PER_PROV, pc);
			if (pghub_countersign_key(pc, prov_keys[s / PER_PROV].sk, (const char *)b.data, b.len,
						  show_keys[s].pk, &fw, &err) ||
			    pghub_import_forwarded(nat, (const char *)b.data, b.len, "forwarded file", &fw, &res,
						   &err))
				die("national import", &err);
		}
		timed(&c_nat, per, t0);
		if (sq) {
			t0 = bench_now_ns();
			if (batch_import_data(sq, (const char *)b.data, b.len, "file", &res, &err))
				die("sqlite import", &err);
			timed(&c_sq, per, t0);
		}
		if (s % 204 == 203)
			fprintf(stderr, "  %d/%d showrooms (%.0f s)\n", s + 1, NSHOW,
				(double)(bench_now_ns() - t_all) / 1e9);
	}
	printf("\nimports (each file verified in full; one transaction per file)\n");
	rate("files made in memory and signed (Ed25519ph)", &c_gen);
	rate("province hub 01: 60 showrooms' files (pghub_import_data)", &c_prov);
	rate("national: 2,040 forwarded files (countersign + import)", &c_nat);
	if (sq)
		rate("SQLite hub: 2,040 files (batch_import_data)", &c_sq);

	pg_reports("province 01", prov, uri, rounds);
	pg_reports("national", nat, nat_uri, rounds);
	if (sq)
		sqlite_reports(sq, rounds);

	/* the sums: province 01's hub = its showrooms'; the nation = every province's */
	bad = check_totals(prov, 0, PROD_PER_PROV, &products);
	printf("\ncheck: province 01 per-product totals == its showrooms' sums: %s (%ld products)\n",
	       bad ? "MISMATCH" : "ok", products);
	bad = check_totals(nat, 0, NPROD, &products);
	printf("check: national per-product totals == sum of the 34 provinces': %s (%ld products,"
	       " %ld differ)\n", bad ? "MISMATCH" : "ok", products, bad);

	/* a showroom's next day, end to end (verify, stage, merge, summaries, commit) */
	d_prov = calloc((size_t)days, sizeof(*d_prov));
	d_nat = calloc((size_t)days, sizeof(*d_nat));
	for (s = 0; s < days; s++) {
		struct batch_result res;
		struct pghub_fwd fw;

		gen_file(s, day_lines, 1, 0, &b);
		t0 = bench_now_ns();
		if (pghub_import_data(prov, (const char *)b.data, b.len, "day", &res, &err))
			die("day import", &err);
		d_prov[s] = bench_now_ns() - t0;
		t0 = bench_now_ns();
		if (pghub_countersign_key(first_prov, prov_keys[0].sk, (const char *)b.data, b.len, show_keys[s].pk,
					  &fw, &err) ||
		    pghub_import_forwarded(nat, (const char *)b.data, b.len, "day", &fw, &res, &err))
			die("day forward", &err);
		d_nat[s] = bench_now_ns() - t0;
	}
	{
		struct bench_result r1, r2;
		char n1[80], n2[80];

		snprintf(n1, sizeof(n1), "province 01: a showroom's day (%ld lines)", day_lines);
		snprintf(n2, sizeof(n2), "national: the same day forwarded");
		bench_summarise(n1, d_prov, (size_t)days, &r1);
		bench_summarise(n2, d_nat, (size_t)days, &r2);
		printf("\n");
		bench_print_header();
		bench_print(&r1, NULL);
		bench_print(&r2, &r1);
		bench_verdict("a showroom's day imported < 100 ms (province)", "median",
			      r1.median_us / 1e3, 100, "ms");
		bench_verdict("a showroom's day imported < 100 ms (national)", "median",
			      r2.median_us / 1e3, 100, "ms");
	}
	{
		PGconn *c = bench_pg_connect(nat_uri);
		PGresult *r = PQexec(c, "SELECT (SELECT count(*) FROM sale_line),"
				     " (SELECT count(*) FROM sale_day), (SELECT count(*) FROM sale_month),"
				     " (SELECT count(*) FROM sale_month_all),"
				     " (SELECT count(*) FROM sale_month_com),"
				     " (SELECT count(*) FROM sale_year_com),"
				     " pg_size_pretty(pg_database_size(current_database()))");

		if (PQresultStatus(r) == PGRES_TUPLES_OK)
			printf("\nnational rows: %s sale_line, %s sale_day, %s sale_month, %s"
			       " sale_month_all, %s sale_month_com, %s sale_year_com; database %s\n",
			       PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 2),
			       PQgetvalue(r, 0, 3), PQgetvalue(r, 0, 4), PQgetvalue(r, 0, 5),
			       PQgetvalue(r, 0, 6));
		PQclear(r);
		PQfinish(c);
	}
	printf("whole run %.0f s\n", (double)(bench_now_ns() - t_all) / 1e9);
	free(d_prov);
	free(d_nat);
	bytebuf_release(&b);
	pghub_close(prov);
	pghub_close(nat);
	if (sq) {
		db_close(sq);
		unlink(sqpath);
		snprintf(sqpath + strlen(sqpath), sizeof(sqpath) - strlen(sqpath), ".import");
		unlink(sqpath);
	}
	i18n_free();
	refdata_free();
	return 0;
}
