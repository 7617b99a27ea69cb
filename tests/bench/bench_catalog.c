/*
 * bench_catalog.c - the catalogue's hot paths at 100,000 products.
 *
 * 1. Builds a throw-away database under /tmp with ~2,000 producers in 40
 *    places across the provinces and N products (BENCH_PRODUCTS, default
 *    100000) through catalog_save() in one transaction, and reports the
 *    load rate.  Names are Vietnamese with diacritics, built from tables:
 *    product type x qualifier x place x size (x pack count), so every
 *    name is distinct ("Mật ong rừng Đắk Lắk 500ml").  Barcodes are valid
 *    EAN-13 893 + 4-digit producer + 5-digit item + check digit.
 * 2. Baseline, same run: a raw sqlite3 connection to the same file with
 *    the same pragmas, one prepared barcode JOIN per random barcode.
 * 3. catalog_lookup() on the same barcodes, on SKUs, and on unknown
 *    barcodes; budget < 1 ms.
 * 4. catalog_search() for every prefix of 50 queries typed without
 *    accents, one key at a time; baselines: the bare name_fold range
 *    scan of the same folded prefix and the bare FTS5 MATCH of the same
 *    words; budget < 5 ms per keystroke.
 * 5. Resident memory after the searches; a summary table.
 *
 * Knobs: BENCH_PRODUCTS (100000), BENCH_LOOKUPS (10000), BENCH_ROUNDS (3
 * passes over the keystrokes), BENCH_KEEP=1 (keep the database and print
 * its path, for EXPLAIN QUERY PLAN and perf).  Timings are printed, never
 * asserted: the exit status is 0 unless something fails.  The database
 * and its WAL files are removed at the end.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/barcode.h"
#include "core/catalog.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/producer.h"
#include "core/refdata.h"
#include "core/vntext.h"
#include "bench.h"

#define NPRODUCERS 2000
#define NQUALS 6
#define NSIZES 4
#define SEARCH_LIMIT 20
#define LOOKUP_BUDGET_US 1000.0
#define KEYSTROKE_BUDGET_US 5000.0
#define RSS_BUDGET_MB 32.0

/* ---- generated data ---------------------------------------------- */

struct ptype {
	const char *name;
	int group;
	const char *set;
	const char *unit;
	int vat;
	int price_lo, price_hi;     /* thousands of VND */
	int shelf_life_days;
	const char *quals[NQUALS];
	const char *sizes[NSIZES];
};

static const struct ptype types[] = {
	{ "Mật ong", 1, "1.04", "chai", 5, 120, 450, 730,
	  { "rừng", "hoa cà phê", "bạc hà", "hoa nhãn", "ong dú", "hoa keo" },
	  { "250ml", "500ml", "750ml", "1 lít" } },
	{ "Chè", 1, "1.11", "gói", 10, 80, 900, 540,
	  { "Shan tuyết", "búp", "móc câu", "ướp sen", "xanh", "Ô long" },
	  { "100g", "200g", "500g", "1kg" } },
	{ "Cà phê", 1, "1.13", "gói", 10, 90, 1200, 365,
	  { "Robusta", "Arabica", "chồn", "rang xay", "hạt rang mộc", "hòa tan" },
	  { "250g", "500g", "1kg", "hộp 20 gói" } },
	{ "Gạo", 1, "1.03", "túi", 5, 35, 350, 365,
	  { "ST25", "ST24", "nếp cái hoa vàng", "nếp nương", "tám thơm", "lứt đỏ" },
	  { "1kg", "2kg", "5kg", "10kg" } },
	{ "Nước mắm", 1, "1.09", "chai", 10, 45, 400, 730,
	  { "cá cơm", "nhỉ", "cốt", "40 độ đạm", "truyền thống", "cá cơm than" },
	  { "250ml", "500ml", "750ml", "1 lít" } },
	{ "Rượu", 2, "2.01", "chai", 10, 90, 950, 1825,
	  { "ngô men lá", "nếp cẩm", "táo mèo", "chuối hột", "sim", "mơ" },
	  { "300ml", "500ml", "750ml", "1 lít" } },
	{ "Khăn thổ cẩm", 4, "4.02", "chiếc", 10, 150, 1500, 0,
	  { "dệt tay", "Mông", "Thái", "Ê Đê", "Chăm", "Dao đỏ" },
	  { "30x150cm", "50x180cm", "60x200cm", "80x220cm" } },
	{ "Tinh dầu", 3, "3.03", "lọ", 10, 60, 480, 1095,
	  { "quế", "sả chanh", "tràm", "bạc hà", "hồi", "vỏ bưởi" },
	  { "10ml", "30ml", "50ml", "100ml" } },
	{ "Bánh", 1, "1.06", "hộp", 10, 30, 250, 90,
	  { "pía", "tráng", "đa", "gai", "cáy", "cốm" },
	  { "250g", "400g", "500g", "1kg" } },
	{ "Kẹo", 1, "1.07", "hộp", 10, 25, 180, 270,
	  { "dừa", "lạc", "gương", "mè xửng", "chuối", "sìu châu" },
	  { "200g", "300g", "400g", "500g" } },
	{ "Nấm", 1, "1.07", "túi", 5, 60, 1500, 365,
	  { "hương", "linh chi", "mộc nhĩ", "đông cô", "rơm sấy", "kim châm sấy" },
	  { "100g", "200g", "300g", "500g" } },
	{ "Miến", 1, "1.06", "gói", 5, 30, 200, 365,
	  { "dong", "dong riềng", "gạo", "khoai", "đao", "ngô" },
	  { "200g", "300g", "500g", "1kg" } },
	{ "Trà", 1, "1.12", "hộp", 10, 50, 450, 540,
	  { "hoa cúc", "atiso", "đinh", "gừng", "túi lọc hoa sen", "mãng cầu" },
	  { "50g", "100g", "200g", "hộp 25 túi" } },
	{ "Tương", 1, "1.09", "chai", 10, 25, 120, 365,
	  { "Bần", "ớt", "đậu nành", "Nam Đàn", "nếp", "gạo lứt" },
	  { "250ml", "500ml", "750ml", "1 lít" } },
	{ "Hạt điều", 1, "1.07", "hộp", 5, 90, 650, 270,
	  { "rang muối", "vỏ lụa", "tẩm mật ong", "rang củi", "sấy giòn", "nguyên hạt" },
	  { "250g", "500g", "800g", "1kg" } },
};

#define NTYPES (sizeof(types) / sizeof(types[0]))

struct place {
	const char *name;
	const char *province;       /* 2025 code */
};

/* NPRODUCERS is a multiple of NPLACES: product i is made in place i % NPLACES */
static const struct place places[] = {
	{ "Đắk Lắk", "66" }, { "Buôn Ma Thuột", "66" }, { "Mèo Vạc", "08" },
	{ "Đồng Văn", "08" }, { "Hà Giang", "08" }, { "Phú Quốc", "91" },
	{ "Sóc Trăng", "92" }, { "Bắc Hà", "15" }, { "Sa Pa", "15" },
	{ "Mộc Châu", "14" }, { "Thái Nguyên", "19" }, { "Tân Cương", "19" },
	{ "Cao Bằng", "04" }, { "Lạng Sơn", "20" }, { "Điện Biên", "11" },
	{ "Lai Châu", "12" }, { "Vân Đồn", "22" }, { "Hạ Long", "22" },
	{ "Bắc Ninh", "24" }, { "Phú Thọ", "25" }, { "Hải Phòng", "31" },
	{ "Hưng Yên", "33" }, { "Ninh Bình", "37" }, { "Thanh Hóa", "38" },
	{ "Nghệ An", "40" }, { "Hà Tĩnh", "42" }, { "Quảng Trị", "44" },
	{ "Huế", "46" }, { "Hội An", "48" }, { "Quảng Ngãi", "51" },
	{ "Gia Lai", "52" }, { "Nha Trang", "56" }, { "Đà Lạt", "68" },
	{ "Bảo Lộc", "68" }, { "Đồng Nai", "75" }, { "Củ Chi", "79" },
	{ "Tây Ninh", "80" }, { "Bến Tre", "86" }, { "Châu Đốc", "91" },
	{ "Cà Mau", "96" },
};

#define NPLACES (sizeof(places) / sizeof(places[0]))

static const char *const kind_prefix[PRODUCER_KIND_COUNT] = { "HTX", "THT", "DN", "HKD" };
static const char *const kind_label[PRODUCER_KIND_COUNT] = {
	"Hợp tác xã", "Tổ hợp tác", "Công ty TNHH", "Hộ kinh doanh"
};
static const char *const trades[] = {
	"Nông sản", "Dược liệu", "Chè", "Cà phê", "Mật ong", "Thổ cẩm", "Thực phẩm sạch",
	"Đặc sản",
};

/* Accent-free queries as a cashier types them (the last one is a SKU). */
static const char *const queries[] = {
	"mat ong", "mat ong rung", "mat ong hoa ca phe", "dak lak", "ca phe",
	"ca phe robusta", "ca phe chon", "gao st25", "gao nep cai hoa vang",
	"nuoc mam phu quoc", "nuoc mam ca com", "ruou", "ruou ngo bac ha", "ruou tao meo",
	"che shan", "che shan tuyet ha giang", "che thai nguyen", "che tan cuong",
	"khan tho cam", "tinh dau que", "tinh dau sa chanh", "banh pia soc trang",
	"banh trang", "keo dua ben tre", "keo lac", "nam huong", "nam linh chi",
	"mien dong", "mien dong rieng", "moc chau", "meo vac", "phu quoc", "sa pa",
	"da lat", "hoi an", "tra atiso", "tra hoa cuc", "tuong ban", "hat dieu",
	"st25", "shan tuyet", "linh chi", "tao meo", "nep cam", "1kg", "500ml",
	"ca mau", "robusta dak lak", "ca phe shan tuyet", "sp001234",
};

#define NQUERIES (sizeof(queries) / sizeof(queries[0]))

static void make_sku(size_t i, char *out, size_t n)
{
	snprintf(out, n, "SP%06zu", i + 1);
}

/* 893 + producer (4 digits) + item (5 digits) + check digit. */
static void make_barcode(unsigned producer, unsigned item, char out[14])
{
	snprintf(out, 14, "893%04u%05u", producer % 10000, item % 100000);
	out[12] = (char)('0' + barcode_check_digit(out, 12));
	out[13] = '\0';
}

static void product_barcode_of(size_t i, char out[14])
{
	make_barcode((unsigned)(i % NPRODUCERS), (unsigned)(i / NPRODUCERS), out);
}

static void producer_code(size_t k, char *out, size_t n)
{
	snprintf(out, n, "%s-%04zu", kind_prefix[k % PRODUCER_KIND_COUNT], k);
}

static int load_producers(struct db *db, struct pos_error *err)
{
	struct producer p;
	size_t k;
	int r;

	r = db_begin(db, err);
	if (r)
		return r;
	for (k = 0; k < NPRODUCERS; k++) {
		const struct place *pl = &places[k % NPLACES];

		producer_init(&p);
		producer_code(k, p.code, sizeof(p.code));
		p.kind = (enum producer_kind)(k % PRODUCER_KIND_COUNT);
		snprintf(p.name, sizeof(p.name), "%s %s %s số %zu", kind_label[p.kind],
			 trades[(k / NPLACES) % (sizeof(trades) / sizeof(trades[0]))],
			 pl->name, k / NPLACES + 1);
		snprintf(p.province, sizeof(p.province), "%s", pl->province);
		p.women_led = k % 3 == 0;
		p.ethnic_minority_led = k % 5 == 0;
		r = producer_save(db, &p, NULL, err);
		if (r) {
			db_rollback(db);
			return r;
		}
	}
	return db_commit(db, err);
}

/* Product i, fully determined by i (see the top of the file). */
static void make_product(size_t i, int64_t day0, struct product *p)
{
	size_t u = i / NPLACES, tq = u % (NTYPES * NQUALS), rest = u / (NTYPES * NQUALS);
	const struct ptype *t = &types[tq / NQUALS];
	const struct place *pl = &places[i % NPLACES];
	const struct province *prov = province_find(pl->province);
	size_t pack = rest / NSIZES + 1;
	uint64_t h = (uint64_t)(i + 1) * 0x9e3779b97f4a7c15u;
	char pack_text[32] = "";

	product_init(p);
	make_sku(i, p->sku, sizeof(p->sku));
	if (pack > 1)
		snprintf(pack_text, sizeof(pack_text), " (lốc %zu)", pack);
	snprintf(p->name, sizeof(p->name), "%s %s %s %s%s", t->name, t->quals[tq % NQUALS],
		 pl->name, t->sizes[rest % NSIZES], pack_text);
	snprintf(p->unit, sizeof(p->unit), "%s", t->unit);
	producer_code(i % NPRODUCERS, p->producer, sizeof(p->producer));
	snprintf(p->origin_province, sizeof(p->origin_province), "%s", pl->province);
	p->ocop_group = t->group;
	snprintf(p->product_set, sizeof(p->product_set), "%s", t->set);
	p->stars = i % 20 < 12 ? 3 : i % 20 < 19 ? 4 : 5;
	snprintf(p->cert_number, sizeof(p->cert_number), "%zu/QĐ-UBND", (i * 37) % 4000 + 1);
	if (p->stars == 5)
		snprintf(p->cert_issuer, sizeof(p->cert_issuer), "%s",
			 "Bộ Nông nghiệp và Môi trường");
	else
		snprintf(p->cert_issuer, sizeof(p->cert_issuer), "UBND %s",
			 prov ? prov->name : pl->name);
	clock_date_from_days(day0 + (int64_t)((h >> 20) % 1277), p->cert_issued);
	p->price = (int64_t)(t->price_lo + (int)((h >> 40) % (uint64_t)(t->price_hi - t->price_lo
									+ 1))) * 1000;
	p->vat_rate = t->vat;
	p->shelf_life_days = t->shelf_life_days;
	product_barcode_of(i, p->barcodes[0]);
	p->nbarcodes = 1;
}

static int load_products(struct db *db, size_t n, double *secs, double *commit_ms,
			 struct pos_error *err)
{
	struct product p;
	int64_t day0;
	uint64_t t0, t1, tc;
	size_t i;
	int r;

	r = clock_date_parse("2022-01-01", &day0, err);
	if (r)
		return r;
	t0 = bench_now_ns();
	r = db_begin(db, err);
	if (r)
		return r;
	for (i = 0; i < n; i++) {
		make_product(i, day0, &p);
		r = catalog_save(db, &p, "bench", NULL, err);
		if (r) {
			db_rollback(db);
			return r;
		}
		if ((i + 1) % 10000 == 0 || i + 1 == n) {
			double s = (double)(bench_now_ns() - t0) / 1e9;

			fprintf(stderr, "bench: %zu/%zu products saved, %.0f/s\n", i + 1, n,
				s > 0 ? (double)(i + 1) / s : 0.0);
		}
	}
	tc = bench_now_ns();
	r = db_commit(db, err);
	if (r)
		return r;
	t1 = bench_now_ns();
	*secs = (double)(t1 - t0) / 1e9;
	*commit_ms = (double)(t1 - tc) / 1e6;
	return 0;
}

/* ---- look-ups ----------------------------------------------------- */

struct lookup_ctx {
	struct db *db;
	sqlite3_stmt *st;                    /* baseline statement */
	char (*codes)[PRODUCT_BARCODE_LEN];  /* what to look up */
	char (*skus)[PRODUCT_SKU_MAX];       /* the expected product; "" = unknown */
	size_t n;
};

static int lookup_raw(void *vctx, size_t i)
{
	struct lookup_ctx *c = vctx;
	int rc;

	sqlite3_bind_text(c->st, 1, c->codes[i], -1, SQLITE_STATIC);
	rc = sqlite3_step(c->st);
	if (rc == SQLITE_ROW) {
		volatile long long id = sqlite3_column_int64(c->st, 0);
		volatile const unsigned char *name = sqlite3_column_text(c->st, 1);
		volatile long long price = sqlite3_column_int64(c->st, 2);

		(void)id;
		(void)name;
		(void)price;
	}
	sqlite3_reset(c->st);
	if (rc != SQLITE_ROW && !(rc == SQLITE_DONE && !c->skus[i][0])) {
		fprintf(stderr, "bench: baseline look-up of %s: %s\n", c->codes[i],
			rc == SQLITE_DONE ? "not found" : sqlite3_errstr(rc));
		return -1;
	}
	return 0;
}

static int lookup_core(void *vctx, size_t i)
{
	struct lookup_ctx *c = vctx;
	struct product p;
	struct pos_error err;
	int r = catalog_lookup(c->db, c->codes[i], &p, &err);

	if (!c->skus[i][0]) {
		if (r == POS_ERR_NOT_FOUND)
			return 0;
		fprintf(stderr, "bench: unknown code %s: expected not found, got %d\n",
			c->codes[i], r);
		return -1;
	}
	if (r) {
		fprintf(stderr, "bench: catalog_lookup(%s): %s\n", c->codes[i],
			pos_error_text(&err));
		return -1;
	}
	if (strcmp(p.sku, c->skus[i]) != 0) {
		fprintf(stderr, "bench: catalog_lookup(%s) found %s, expected %s\n", c->codes[i],
			p.sku, c->skus[i]);
		return -1;
	}
	return 0;
}

static int lookup_ctx_alloc(struct lookup_ctx *c, size_t n)
{
	c->n = n;
	c->codes = calloc(n, sizeof(*c->codes));
	c->skus = calloc(n, sizeof(*c->skus));
	return c->codes && c->skus ? 0 : -1;
}

static void lookup_ctx_free(struct lookup_ctx *c)
{
	free(c->codes);
	free(c->skus);
	c->codes = NULL;
	c->skus = NULL;
}

/* ---- search ------------------------------------------------------- */

struct keystroke {
	char text[64];       /* what is in the search box */
	char fold[64];       /* vn_fold(text) */
	char hi[66];         /* fold + "~": the range's upper bound */
	char match[160];     /* FTS5 expression: "w1" "w2"* */
	int hits;            /* catalog_search's hits (last round) */
	int fts;             /* 1 when it went on to the FTS5 step */
	double median_us;    /* over the rounds */
	double fts_median_us; /* the bare FTS5 baseline, over the rounds */
};

struct hit_count {
	int hits;
	int direct;          /* rank 0 or 1: exact code or name prefix */
};

static int count_hit(void *ctx, const struct catalog_hit *h)
{
	struct hit_count *c = ctx;

	c->hits++;
	if (h->rank <= 1)
		c->direct++;
	return 0;
}

/* The FTS5 expression catalog_search builds: quoted words, last as prefix. */
static void make_match(const char *fold, char *out, size_t n)
{
	size_t len = 0, wl;
	const char *w = fold;

	out[0] = '\0';
	while (*w) {
		wl = strcspn(w, " ");
		if (len + wl + 8 >= n)
			break;
		len += (size_t)snprintf(out + len, n - len, "%s\"%.*s\"%s", len ? " " : "",
					(int)wl, w, w[wl] ? "" : "*");
		w += wl;
		while (*w == ' ')
			w++;
	}
}

static struct keystroke *make_keystrokes(size_t *count)
{
	struct keystroke *ks;
	size_t q, len, n = 0, total = 0;

	for (q = 0; q < NQUERIES; q++)
		total += strlen(queries[q]);
	ks = calloc(total, sizeof(*ks));
	if (!ks)
		return NULL;
	for (q = 0; q < NQUERIES; q++) {
		for (len = 1; len <= strlen(queries[q]) && len < sizeof(ks->text); len++) {
			struct keystroke *k = &ks[n++];

			snprintf(k->text, sizeof(k->text), "%.*s", (int)len, queries[q]);
			vn_fold(k->text, k->fold, sizeof(k->fold));
			snprintf(k->hi, sizeof(k->hi), "%s~", k->fold);
			make_match(k->fold, k->match, sizeof(k->match));
		}
	}
	*count = n;
	return ks;
}

static int step_all(sqlite3_stmt *st, int *rows)
{
	int rc;

	*rows = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		(*rows)++;
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

#define NSLOWEST 5

struct search_figures {
	struct bench_result core, range, fts;
	double max_us;
	char max_text[64];
	size_t keystrokes, to_fts, over_budget;
	struct keystroke slowest[NSLOWEST];   /* by median over the rounds */
};

static int cmp_keystroke_desc(const void *a, const void *b)
{
	double x = ((const struct keystroke *)a)->median_us;
	double y = ((const struct keystroke *)b)->median_us;

	return x < y ? 1 : x > y ? -1 : 0;
}

/*
 * Median of each keystroke over the rounds, of catalog_search (s) and of
 * the bare FTS5 query (fts); both hold round after round.
 */
static int keystroke_medians(struct keystroke *ks, size_t nks, const uint64_t *s,
			     const uint64_t *fts, long rounds)
{
	struct bench_result r;
	uint64_t *v = calloc((size_t)rounds, sizeof(*v));
	size_t i;
	long k;

	if (!v)
		return -1;
	for (i = 0; i < nks; i++) {
		for (k = 0; k < rounds; k++)
			v[k] = s[(size_t)k * nks + i];
		bench_summarise(ks[i].text, v, (size_t)rounds, &r);
		ks[i].median_us = r.median_us;
		for (k = 0; k < rounds; k++)
			v[k] = fts[(size_t)k * nks + i];
		bench_summarise(ks[i].text, v, (size_t)rounds, &r);
		ks[i].fts_median_us = r.median_us;
	}
	free(v);
	return 0;
}

static int run_searches(struct db *db, sqlite3 *raw, long rounds,
			struct search_figures *out, struct pos_error *err)
{
	sqlite3_stmt *range = NULL, *fts = NULL;
	struct keystroke *ks;
	uint64_t *s_core = NULL, *s_range = NULL, *s_fts = NULL, t0, dt;
	struct search_figures f;
	struct hit_count hc;
	size_t nks, i, j = 0;
	long round;
	int r = -1, rows, nhits;

	memset(&f, 0, sizeof(f));
	ks = make_keystrokes(&nks);
	if (!ks)
		return -1;
	s_core = calloc(nks * (size_t)rounds, sizeof(*s_core));
	s_range = calloc(nks * (size_t)rounds, sizeof(*s_range));
	s_fts = calloc(nks * (size_t)rounds, sizeof(*s_fts));
	if (!s_core || !s_range || !s_fts)
		goto out;
	if (sqlite3_prepare_v2(raw, "SELECT id FROM product WHERE name_fold >= ?1 AND "
			       "name_fold < ?2 LIMIT 20", -1, &range, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(raw, "SELECT rowid FROM product_fts WHERE product_fts "
			       "MATCH ?1 LIMIT 40", -1, &fts, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench: preparing the search baselines: %s\n", sqlite3_errmsg(raw));
		goto out;
	}
	/* round 0 warms both connections' caches and is not recorded */
	for (round = 0; round <= rounds; round++) {
		for (i = 0; i < nks; i++) {
			struct keystroke *k = &ks[i];

			memset(&hc, 0, sizeof(hc));
			t0 = bench_now_ns();
			r = catalog_search(db, k->text, SEARCH_LIMIT, count_hit, &hc, &nhits, err);
			dt = bench_now_ns() - t0;
			if (r) {
				fprintf(stderr, "bench: catalog_search(\"%s\"): %s\n", k->text,
					pos_error_text(err));
				goto out;
			}
			if (round > 0) {
				s_core[j] = dt;
				if ((double)dt / 1e3 > f.max_us) {
					f.max_us = (double)dt / 1e3;
					snprintf(f.max_text, sizeof(f.max_text), "%s", k->text);
				}
				k->hits = hc.hits;
				k->fts = k->fold[0] && hc.direct < SEARCH_LIMIT;
				f.to_fts += (size_t)k->fts;
				if ((double)dt / 1e3 >= KEYSTROKE_BUDGET_US)
					f.over_budget++;
			}

			sqlite3_bind_text(range, 1, k->fold, -1, SQLITE_STATIC);
			sqlite3_bind_text(range, 2, k->hi, -1, SQLITE_STATIC);
			t0 = bench_now_ns();
			r = step_all(range, &rows);
			dt = bench_now_ns() - t0;
			if (round > 0)
				s_range[j] = dt;
			if (!r && k->match[0]) {
				sqlite3_bind_text(fts, 1, k->match, -1, SQLITE_STATIC);
				t0 = bench_now_ns();
				r = step_all(fts, &rows);
				dt = bench_now_ns() - t0;
			} else {
				dt = 0;
			}
			if (r) {
				fprintf(stderr, "bench: search baseline \"%s\": %s\n", k->text,
					sqlite3_errmsg(raw));
				goto out;
			}
			if (round > 0)
				s_fts[j++] = dt;
		}
	}
	f.keystrokes = j;
	if (keystroke_medians(ks, nks, s_core, s_fts, rounds)) {
		r = -1;
		goto out;
	}
	qsort(ks, nks, sizeof(*ks), cmp_keystroke_desc);
	for (i = 0; i < NSLOWEST && i < nks; i++)
		f.slowest[i] = ks[i];
	bench_summarise("catalog_search per keystroke", s_core, j, &f.core);
	bench_summarise("sqlite: name_fold range LIMIT 20", s_range, j, &f.range);
	bench_summarise("sqlite: fts5 MATCH LIMIT 40", s_fts, j, &f.fts);
	*out = f;
	r = 0;
out:
	sqlite3_finalize(range);
	sqlite3_finalize(fts);
	free(s_core);
	free(s_range);
	free(s_fts);
	free(ks);
	return r;
}

/* ---- main --------------------------------------------------------- */

static int open_raw(const char *path, sqlite3 **out)
{
	sqlite3 *h = NULL;

	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    sqlite3_exec(h, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
			 "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench: raw connection to %s: %s\n", path,
			h ? sqlite3_errmsg(h) : "out of memory");
		sqlite3_close(h);
		return -1;
	}
	*out = h;
	return 0;
}

static void remove_db(const char *dir, const char *path)
{
	char f[300];

	unlink(path);
	snprintf(f, sizeof(f), "%s-wal", path);
	unlink(f);
	snprintf(f, sizeof(f), "%s-shm", path);
	unlink(f);
	snprintf(f, sizeof(f), "%s-journal", path);
	unlink(f);
	rmdir(dir);
}

static void summary_row(const char *what, const struct bench_result *r,
			const struct bench_result *base, const char *budget, int ok)
{
	char ratio[32] = "-";

	if (base && base->median_us > 0)
		snprintf(ratio, sizeof(ratio), "%.2fx", r->median_us / base->median_us);
	printf("%-28s %10.2f %10.2f %10.2f %8s  %-8s %s\n", what, r->median_us, r->p99_us,
	       r->max_us, ratio, budget, budget[0] == '-' ? "" : ok ? "OK" : "OVER");
}

int main(void)
{
	struct lookup_ctx lk = { 0 }, sk = { 0 }, uk = { 0 };
	struct bench_result b_code, b_sku, r_code, r_sku, r_unknown;
	struct search_figures sf;
	struct pos_error err = { 0 };
	struct bench_rand rnd;
	struct db *db = NULL;
	sqlite3 *raw = NULL;
	sqlite3_stmt *st_code = NULL, *st_sku = NULL;
	char dir[64] = "/tmp/ocop-bench-XXXXXX", path[128];
	double load_s = 0, commit_ms = 0, prod_s;
	long nprod, nlook, rounds, rss_kb, hwm_kb;
	size_t i, nsku, nunk;
	uint64_t t0;
	int ok_code, ok_sku, ok_search, ok_rss, status = 1, have_dir = 0;
	const char *keep_env = getenv("BENCH_KEEP");
	int keep = keep_env && strcmp(keep_env, "1") == 0;

	nprod = bench_env_long("BENCH_PRODUCTS", 100000);
	nlook = bench_env_long("BENCH_LOOKUPS", 10000);
	rounds = bench_env_long("BENCH_ROUNDS", 3);
	if (nprod < 0 || nlook < 0 || rounds < 0)
		return 1;
	if (nprod > 99999L * NPRODUCERS) {
		fprintf(stderr, "bench: BENCH_PRODUCTS is at most %ld\n", 99999L * NPRODUCERS);
		return 1;
	}
	nsku = (size_t)nlook / 10 + 1;
	nunk = (size_t)nlook / 10 + 1;

	if (!mkdtemp(dir)) {
		perror("bench: mkdtemp");
		return 1;
	}
	have_dir = 1;
	snprintf(path, sizeof(path), "%s/catalog.db", dir);
	if (refdata_load(NULL, &err) || db_open(path, DB_CREATE, &db, &err))
		goto fail;

	printf("== catalogue benchmark: %ld products, %d producers, SQLite %s ==\n", nprod,
	       NPRODUCERS, sqlite3_libversion());
	t0 = bench_now_ns();
	if (load_producers(db, &err))
		goto fail;
	prod_s = (double)(bench_now_ns() - t0) / 1e9;
	printf("load: %d producers via producer_save in %.2f s\n", NPRODUCERS, prod_s);
	if (load_products(db, (size_t)nprod, &load_s, &commit_ms, &err))
		goto fail;
	printf("load: %ld products via catalog_save in one transaction: %.1f s, %.0f products/s "
	       "(commit %.0f ms)\n", nprod, load_s, (double)nprod / load_s, commit_ms);
	if (load_s > 180)
		printf("load: WARNING: catalog_save took over 3 minutes at %ld products\n", nprod);

	/* the codes to look up, chosen at random (same every run) */
	bench_rand_seed(&rnd, 20251122);
	if (lookup_ctx_alloc(&lk, (size_t)nlook) || lookup_ctx_alloc(&sk, nsku) ||
	    lookup_ctx_alloc(&uk, nunk)) {
		fprintf(stderr, "bench: out of memory\n");
		goto fail;
	}
	for (i = 0; i < lk.n; i++) {
		size_t k = bench_rand_below(&rnd, (size_t)nprod);

		product_barcode_of(k, lk.codes[i]);
		make_sku(k, lk.skus[i], sizeof(lk.skus[i]));
	}
	for (i = 0; i < sk.n; i++) {
		size_t k = bench_rand_below(&rnd, (size_t)nprod);

		make_sku(k, sk.codes[i], sizeof(sk.codes[i]));
		make_sku(k, sk.skus[i], sizeof(sk.skus[i]));
	}
	for (i = 0; i < uk.n; i++)   /* valid check digit, producer 9xxx: nobody's */
		make_barcode(9000 + (unsigned)(i % 1000), (unsigned)i, uk.codes[i]);

	if (open_raw(path, &raw))
		goto fail;
	if (sqlite3_prepare_v2(raw, "SELECT p.id, p.name, p.price FROM product_barcode b "
			       "JOIN product p ON p.id = b.product_id WHERE b.code = ?", -1,
			       &st_code, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(raw, "SELECT p.id, p.name, p.price FROM product p "
			       "WHERE p.sku = ?", -1, &st_sku, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench: preparing the baselines: %s\n", sqlite3_errmsg(raw));
		goto fail;
	}
	lk.db = sk.db = uk.db = db;
	lk.st = uk.st = st_code;
	sk.st = st_sku;

	/* warm both connections on a share of the codes, untimed */
	for (i = 0; i < lk.n && i < 2000; i++)
		if (lookup_raw(&lk, i) || lookup_core(&lk, i))
			goto fail;

	printf("\n-- barcode scan (catalog_lookup), %zu random codes --\n", lk.n);
	bench_print_header();
	if (bench_run("sqlite: barcode JOIN (baseline)", lk.n, lookup_raw, &lk, &b_code) ||
	    bench_run("catalog_lookup barcode", lk.n, lookup_core, &lk, &r_code) ||
	    bench_run("sqlite: sku (baseline)", sk.n, lookup_raw, &sk, &b_sku) ||
	    bench_run("catalog_lookup sku", sk.n, lookup_core, &sk, &r_sku) ||
	    bench_run("catalog_lookup unknown barcode", uk.n, lookup_core, &uk, &r_unknown))
		goto fail;
	bench_print(&b_code, NULL);
	bench_print(&r_code, &b_code);
	bench_print(&b_sku, NULL);
	bench_print(&r_sku, &b_sku);
	bench_print(&r_unknown, &b_code);
	ok_code = bench_verdict("barcode lookup < 1 ms", "p99", r_code.p99_us / 1e3,
				LOOKUP_BUDGET_US / 1e3, "ms");
	ok_sku = bench_verdict("SKU lookup < 1 ms", "p99", r_sku.p99_us / 1e3,
			       LOOKUP_BUDGET_US / 1e3, "ms");

	if (run_searches(db, raw, rounds, &sf, &err))
		goto fail;
	printf("\n-- search per keystroke (catalog_search, limit %d): %zu queries, "
	       "%zu keystrokes x %ld rounds --\n", SEARCH_LIMIT, NQUERIES,
	       sf.keystrokes / (size_t)rounds, rounds);
	bench_print_header();
	bench_print(&sf.range, NULL);
	bench_print(&sf.fts, NULL);
	bench_print(&sf.core, &sf.range);
	printf("slowest keystroke: %.2f us (\"%s\"); %zu of %zu keystrokes went on to the "
	       "FTS5 step; %zu over 5 ms\n", sf.max_us, sf.max_text, sf.to_fts, sf.keystrokes,
	       sf.over_budget);
	printf("slowest keystrokes (median over the rounds):\n");
	for (i = 0; i < NSLOWEST && i < sf.keystrokes; i++)
		printf("  %9.2f us  \"%s\"  %d hits%s (bare FTS5 MATCH: %.2f us)\n",
		       sf.slowest[i].median_us, sf.slowest[i].text, sf.slowest[i].hits,
		       sf.slowest[i].fts ? ", FTS5 step" : "", sf.slowest[i].fts_median_us);
	ok_search = bench_verdict("search < 5 ms per keystroke", "p99",
				  sf.core.p99_us / 1e3, KEYSTROKE_BUDGET_US / 1e3, "ms");

	rss_kb = bench_status_kb("VmRSS");
	hwm_kb = bench_status_kb("VmHWM");
	printf("\n-- memory after the searches --\n");
	printf("VmRSS %.1f MB, VmHWM (peak) %.1f MB (this process: generator, two "
	       "connections, samples)\n", (double)rss_kb / 1024, (double)hwm_kb / 1024);
	ok_rss = bench_verdict("resident memory < 32 MB", "VmRSS", (double)rss_kb / 1024,
			       RSS_BUDGET_MB, "MB");

	printf("\n== summary: %ld products ==\n", nprod);
	printf("%-28s %10s %10s %10s %8s  %-8s %s\n", "what", "median_us", "p99_us",
	       "max_us", "ratio", "budget", "verdict");
	summary_row("barcode lookup", &r_code, &b_code, "< 1 ms", ok_code);
	summary_row("SKU lookup", &r_sku, &b_sku, "< 1 ms", ok_sku);
	summary_row("unknown barcode", &r_unknown, &b_code, "-", 1);
	summary_row("search keystroke", &sf.core, &sf.range, "< 5 ms", ok_search);
	printf("%-28s %10.0f products/s over %.1f s\n", "load (catalog_save)",
	       (double)nprod / load_s, load_s);
	printf("%-28s %10.1f MB (peak %.1f MB)  %-8s %s\n", "resident memory",
	       (double)rss_kb / 1024, (double)hwm_kb / 1024, "< 32 MB", ok_rss ? "OK" : "OVER");
	status = 0;
	goto out;
fail:
	if (err.code)
		fprintf(stderr, "bench: %s\n", pos_error_text(&err));
	else
		fprintf(stderr, "bench: failed\n");
out:
	sqlite3_finalize(st_code);
	sqlite3_finalize(st_sku);
	sqlite3_close(raw);
	db_close(db);
	lookup_ctx_free(&lk);
	lookup_ctx_free(&sk);
	lookup_ctx_free(&uk);
	refdata_free();
	if (have_dir && status == 0 && keep)
		fprintf(stderr, "bench: kept %s\n", path);
	else if (have_dir)
		remove_db(dir, path);
	return status;
}
