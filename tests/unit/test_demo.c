/*
 * test_demo.c - the demo catalogue: its content (counts, provinces,
 * groups, stars, producers, barcodes, certificates, history), that it
 * is the same for the same seed and differs for another, small and
 * large counts, bad options, and that a failure leaves nothing behind.
 *
 * The clock is pinned with OCOP_POS_NOW so certificate dates are fixed.
 */
#include <sqlite3.h>

#include "testutil.h"
#include "core/barcode.h"
#include "core/catalog.h"
#include "core/clock.h"
#include "core/demo.h"
#include "core/money.h"
#include "core/producer.h"

#define TEST_NOW "2026-03-15T03:00:00Z"

struct plist {
	struct product *v;
	size_t n, cap;
};

static int collect_cb(void *ctx, const struct product *p)
{
	struct plist *l = ctx;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct product *v = realloc(l->v, cap * sizeof(*v));

		assert_non_null(v);
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *p;
	return 0;
}

static void collect(struct db *db, const struct catalog_filter *f, struct plist *l)
{
	struct catalog_filter all = { .include_inactive = 1 };
	struct pos_error err;

	memset(l, 0, sizeof(*l));
	if (catalog_list(db, f ? f : &all, collect_cb, l, &err))
		fail_msg("catalog_list: %s", err.msg);
}

struct prlist {
	struct producer v[256];
	size_t n;
};

static int producer_cb(void *ctx, const struct producer *p)
{
	struct prlist *l = ctx;

	assert_true(l->n < sizeof(l->v) / sizeof(l->v[0]));
	l->v[l->n++] = *p;
	return 0;
}

static void collect_producers(struct db *db, struct prlist *l)
{
	struct producer_filter f = { .kind = -1, .include_inactive = 1 };
	struct pos_error err;

	l->n = 0;
	if (producer_list(db, &f, producer_cb, l, &err))
		fail_msg("producer_list: %s", err.msg);
}

static void generate(struct db *db, int products, uint64_t seed)
{
	struct demo_options o;
	struct pos_error err;

	demo_options_init(&o);
	o.products = products;
	o.seed = seed;
	if (demo_generate(db, &o, &err))
		fail_msg("demo_generate: %s", err.msg);
}

static int setup(void **state)
{
	struct testdb *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	testdb_open(t);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct testdb *t = *state;

	testdb_close(t);
	free(t);
	return 0;
}

/* An MST with a right check digit (FACTS: weights 31,29,...,3). */
static int mst_ok(const char *s)
{
	static const int w[9] = { 31, 29, 23, 19, 17, 13, 7, 5, 3 };
	int i, sum = 0, check;

	if (strlen(s) != 10)
		return 0;
	for (i = 0; i < 10; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	for (i = 0; i < 9; i++)
		sum += (s[i] - '0') * w[i];
	check = 10 - sum % 11;
	return check != 10 && check == s[9] - '0';
}

static int has_name(const struct plist *l, const char *text)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strstr(l->v[i].name, text))
			return 1;
	return 0;
}

static void test_defaults(void **state)
{
	struct demo_options o;

	(void)state;
	memset(&o, 0x5a, sizeof(o));
	demo_options_init(&o);
	assert_int_equal(o.products, 150);
	assert_int_equal(o.days, DEMO_DAYS_DEFAULT);
	assert_true(o.seed == 1);
	assert_null(o.progress);
	assert_null(o.ctx);
}

static void test_default_catalogue(void **state)
{
	static const char *const names[] = {
		"Mật ong bạc hà Mèo Vạc", "Nước mắm Phú Quốc 40 độ đạm",
		"Chè Shan tuyết Suối Giàng", "Cà phê Robusta Buôn Ma Thuột Đắk Lắk",
		"Gạo ST25 Sóc Trăng", "Rượu ngô Bắc Hà", "Khăn thổ cẩm Mai Châu",
		"Giỏ mây tre đan Phú Vinh", "Tinh dầu sả chanh", "Bưởi da xanh Bến Tre",
		"Kẹo dừa", "Nấm linh chi", "Trà hoa vàng", "Miến dong", "Bánh đa",
		"Hạt điều rang muối Bình Phước", "Tour du lịch cộng đồng bản Lác",
	};
	struct testdb *t = *state;
	struct pos_error err;
	struct plist l, exp;
	struct prlist *pl = calloc(1, sizeof(*pl));
	struct catalog_filter f = { .include_inactive = 1, .cert_expiring_days = 60 };
	char today[CLOCK_DATE_LEN], provinces[100] = { 0 }, sets[64][8];
	int groups[7] = { 0 }, stars[6] = { 0 }, kinds[PRODUCER_KIND_COUNT] = { 0 };
	int nprov = 0, nsets = 0, goods = 0, gs1 = 0, no_gs1 = 0, instore = 0, two = 0;
	int vat5 = 0, vat8 = 0, vat10 = 0, kct = 0, food = 0, food_shelf = 0;
	int women = 0, ethnic = 0, with_mst = 0, without_mst = 0, near = 0, lapsed = 0;
	size_t i, j;
	int b;

	assert_non_null(pl);
	if (demo_generate(t->db, NULL, &err))
		fail_msg("demo_generate: %s", err.msg);
	clock_local_date(clock_now(), today);
	assert_string_equal(today, "2026-03-15");
	collect(t->db, NULL, &l);
	assert_int_equal(l.n, 150);

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!has_name(&l, names[i]))
			fail_msg("no product named like \"%s\"", names[i]);

	for (i = 0; i < l.n; i++) {
		const struct product *p = &l.v[i];
		struct producer pr;
		int k, is_gs1 = 0;

		/* identity */
		assert_int_equal(strlen(p->sku), 7);
		assert_true(p->sku[0] >= 'A' && p->sku[0] <= 'Z');
		assert_true(p->sku[1] >= 'A' && p->sku[1] <= 'Z');
		assert_int_equal(p->sku[2], '-');
		for (j = 0; j < i; j++)
			assert_string_not_equal(p->sku, l.v[j].sku);
		assert_true(p->active);
		assert_true(p->name[0] != '\0');

		/* origin: a 2025 province, the producer's */
		assert_non_null(province_find(p->origin_province));
		assert_int_equal(producer_get(t->db, p->producer, &pr, &err), 0);
		assert_string_equal(p->origin_province, pr.province);
		k = atoi(p->origin_province);
		if (!provinces[k]++)
			nprov++;

		/* group, set, stars */
		assert_true(p->ocop_group >= 1 && p->ocop_group <= 6);
		groups[p->ocop_group]++;
		assert_int_equal(p->product_set[0], '0' + p->ocop_group);
		for (j = 0; j < (size_t)nsets; j++)
			if (strcmp(sets[j], p->product_set) == 0)
				break;
		if (j == (size_t)nsets)
			snprintf(sets[nsets++], sizeof(sets[0]), "%s", p->product_set);
		assert_true(p->stars >= 3 && p->stars <= 5);
		stars[p->stars]++;

		/* certificate */
		assert_non_null(strstr(p->cert_number, "/QĐ-"));
		if (p->stars == 5)
			assert_string_equal(p->cert_issuer, "Bộ Nông nghiệp và Môi trường");
		else
			assert_true(strncmp(p->cert_issuer, "UBND ", 5) == 0);
		assert_int_equal(clock_date_parse(p->cert_issued, NULL, &err), 0);
		assert_int_equal(clock_date_parse(p->cert_expires, NULL, &err), 0);
		assert_true(strcmp(p->cert_issued, today) < 0);
		assert_true(strcmp(p->cert_issued, "2022-12-01") > 0);
		if (strcmp(p->cert_expires, today) < 0)
			lapsed++;

		/* money */
		assert_true(p->price >= 20000 && p->price <= 1500000);
		assert_int_equal(p->price % 1000, 0);
		assert_true(vat_rate_valid(p->vat_rate));
		vat5 += p->vat_rate == 5;
		vat8 += p->vat_rate == 8;
		vat10 += p->vat_rate == 10;
		kct += p->vat_rate == VAT_KCT;

		/* services carry no stock and no barcode */
		if (p->ocop_group == 6) {
			assert_true(p->is_service);
			assert_int_equal(p->nbarcodes, 0);
			assert_string_equal(p->unit, "lượt");
			continue;
		}
		assert_false(p->is_service);
		goods++;
		if (p->ocop_group == 1) {
			food++;
			food_shelf += p->shelf_life_days > 0;
		}

		/* barcodes: valid, normalised, unique */
		for (b = 0; b < p->nbarcodes; b++) {
			char norm[BARCODE_NORM_MAX];
			enum barcode_kind kind;
			size_t m;
			int c;

			if (barcode_validate(p->barcodes[b], norm, sizeof(norm), &kind, &err))
				fail_msg("%s: barcode %s: %s", p->sku, p->barcodes[b], err.msg);
			assert_string_equal(norm, p->barcodes[b]);
			assert_int_equal(strlen(norm), 13);
			if (kind == BARCODE_EAN13) {
				assert_memory_equal(norm, "893", 3);
				is_gs1 = 1;
			} else {
				assert_int_equal(kind, BARCODE_INSTORE);
				assert_memory_equal(norm, "20", 2);
				instore++;
			}
			for (m = 0; m <= i; m++)
				for (c = 0; c < l.v[m].nbarcodes; c++)
					if (!(m == i && c == b))
						assert_string_not_equal(norm, l.v[m].barcodes[c]);
		}
		gs1 += is_gs1;
		no_gs1 += !is_gs1;
		two += p->nbarcodes >= 2;
	}

	assert_true(l.n >= 120);
	assert_true(nprov >= 20);
	for (b = 1; b <= 6; b++)
		if (!groups[b])
			fail_msg("no product of OCOP group %d", b);
	/* the default count covers every line of the table: all 26 sets */
	assert_int_equal(nsets, (int)ocop_set_count());
	/* mostly 3 and 4 stars, a few 5 */
	assert_true(stars[3] > 0 && stars[4] > 0 && stars[5] > 0);
	assert_true(stars[5] * 5 < (int)l.n);
	assert_true(stars[3] + stars[4] > stars[5] * 4);
	/* about three quarters of the goods with a GS1 code */
	assert_true(gs1 * 100 >= goods * 60 && gs1 * 100 <= goods * 90);
	assert_true(no_gs1 > 0);
	assert_true(instore > 0);
	assert_true(two > 0 && two < 20);
	/* VAT: mostly 8 or 10, fresh produce 5 or KCT */
	assert_true(vat5 > 0 && vat10 > 0 && kct > 0);
	assert_true(vat8 + vat10 > (int)l.n / 2);
	assert_true(food_shelf * 10 >= food * 9);

	/* certificates near their end: within 60 days, and a couple lapsed */
	collect(t->db, &f, &exp);
	for (i = 0; i < exp.n; i++) {
		char limit[CLOCK_DATE_LEN];

		assert_int_equal(clock_date_add_days(today, 60, limit, &err), 0);
		assert_true(strcmp(exp.v[i].cert_expires, limit) <= 0);
		near += strcmp(exp.v[i].cert_expires, today) >= 0;
	}
	assert_true(near >= 2);
	assert_true(lapsed >= 1 && lapsed <= 10);
	assert_true(exp.n < l.n / 3);

	/* a couple of star upgrades in the rating history */
	assert_true(testdb_query(t->db, "SELECT count(*) FROM rating WHERE previous_stars IS NOT NULL "
			         "AND stars = previous_stars + 1 AND source = 'demo'") >= 2);
	assert_int_equal(testdb_query(t->db, "SELECT count(*) FROM rating WHERE previous_stars > stars"),
			    0);

	/* producers: every kind, some women-led and ethnic-minority-led */
	collect_producers(t->db, pl);
	assert_true(pl->n >= 40);
	for (i = 0; i < pl->n; i++) {
		const struct producer *p = &pl->v[i];

		kinds[p->kind]++;
		women += p->women_led;
		ethnic += p->ethnic_minority_led;
		if (p->tax_code[0]) {
			if (!mst_ok(p->tax_code))
				fail_msg("%s: bad tax code %s", p->code, p->tax_code);
			with_mst++;
		} else {
			without_mst++;
		}
		assert_non_null(province_find(p->province));
		assert_true(strchr(p->code, '-') != NULL);
		assert_true(strlen(p->phone) == 10 && p->phone[0] == '0');
		if (p->kind == PRODUCER_COOPERATIVE)
			assert_memory_equal(p->name, "HTX ", 4);
		else if (p->kind == PRODUCER_COOP_GROUP)
			assert_memory_equal(p->name, "Tổ hợp tác ", strlen("Tổ hợp tác "));
		else if (p->kind == PRODUCER_ENTERPRISE)
			assert_memory_equal(p->name, "Công ty ", strlen("Công ty "));
	}
	for (b = 0; b < PRODUCER_KIND_COUNT; b++)
		if (!kinds[b])
			fail_msg("no producer of kind %s", producer_kind_name((enum producer_kind)b));
	assert_true(women > 0 && women < (int)pl->n);
	assert_true(ethnic > 0 && ethnic < (int)pl->n);
	assert_true(with_mst > 0 && without_mst > 0);

	/* the names are searchable without accents */
	{
		int nhits = 0;

		assert_int_equal(catalog_search(t->db, "mat ong bac ha meo vac", 10, NULL, NULL,
						&nhits, &err), 0);
		assert_true(nhits >= 1);
	}
	free(exp.v);
	free(l.v);
	free(pl);
}

static void compare_lists(const struct plist *a, const struct plist *b)
{
	size_t i;
	int k;

	assert_int_equal(a->n, b->n);
	for (i = 0; i < a->n; i++) {
		const struct product *p = &a->v[i], *q = &b->v[i];

		assert_true(p->id == q->id);
		assert_string_equal(p->sku, q->sku);
		assert_string_equal(p->name, q->name);
		assert_string_equal(p->unit, q->unit);
		assert_string_equal(p->producer, q->producer);
		assert_string_equal(p->origin_province, q->origin_province);
		assert_int_equal(p->ocop_group, q->ocop_group);
		assert_string_equal(p->product_set, q->product_set);
		assert_int_equal(p->stars, q->stars);
		assert_string_equal(p->cert_number, q->cert_number);
		assert_string_equal(p->cert_issuer, q->cert_issuer);
		assert_string_equal(p->cert_issued, q->cert_issued);
		assert_string_equal(p->cert_expires, q->cert_expires);
		assert_int_equal(p->price, q->price);
		assert_int_equal(p->vat_rate, q->vat_rate);
		assert_int_equal(p->shelf_life_days, q->shelf_life_days);
		assert_int_equal(p->is_service, q->is_service);
		assert_int_equal(p->active, q->active);
		assert_int_equal(p->nbarcodes, q->nbarcodes);
		for (k = 0; k < p->nbarcodes; k++)
			assert_string_equal(p->barcodes[k], q->barcodes[k]);
	}
}

static void test_same_seed_same_catalogue(void **state)
{
	struct testdb *t = *state, t2;
	struct plist a, b;
	struct prlist *pa = calloc(1, sizeof(*pa)), *pb = calloc(1, sizeof(*pb));
	size_t i;

	assert_non_null(pa);
	assert_non_null(pb);
	testdb_open(&t2);
	generate(t->db, 150, 42);
	generate(t2.db, 150, 42);
	collect(t->db, NULL, &a);
	collect(t2.db, NULL, &b);
	compare_lists(&a, &b);

	collect_producers(t->db, pa);
	collect_producers(t2.db, pb);
	assert_int_equal(pa->n, pb->n);
	for (i = 0; i < pa->n; i++) {
		assert_string_equal(pa->v[i].code, pb->v[i].code);
		assert_string_equal(pa->v[i].name, pb->v[i].name);
		assert_string_equal(pa->v[i].tax_code, pb->v[i].tax_code);
		assert_string_equal(pa->v[i].phone, pb->v[i].phone);
		assert_string_equal(pa->v[i].commune, pb->v[i].commune);
		assert_int_equal(pa->v[i].kind, pb->v[i].kind);
	}
	assert_int_equal(testdb_query(t->db, "SELECT count(*) FROM rating"),
			    testdb_query(t2.db, "SELECT count(*) FROM rating"));
	free(a.v);
	free(b.v);
	free(pa);
	free(pb);
	testdb_close(&t2);
}

static void test_other_seed_differs(void **state)
{
	struct testdb *t = *state, t2;
	struct plist a, b;
	size_t i;
	int differ = 0;

	testdb_open(&t2);
	generate(t->db, 150, 1);
	generate(t2.db, 150, 2);
	collect(t->db, NULL, &a);
	collect(t2.db, NULL, &b);
	assert_int_equal(a.n, b.n);
	for (i = 0; i < a.n; i++)
		differ += strcmp(a.v[i].sku, b.v[i].sku) != 0 || a.v[i].price != b.v[i].price ||
			  strcmp(a.v[i].cert_number, b.v[i].cert_number) != 0;
	assert_true(differ > (int)a.n / 2);
	free(a.v);
	free(b.v);
	testdb_close(&t2);
}

struct progress {
	int calls;
	int last;
	int total;
	int in_order;
};

static void progress_cb(void *ctx, int done, int total)
{
	struct progress *p = ctx;

	p->calls++;
	if (done != p->last + 1)
		p->in_order = 0;
	p->last = done;
	p->total = total;
}

static void test_small_count_and_progress(void **state)
{
	struct testdb *t = *state;
	struct demo_options o;
	struct progress pr = { .in_order = 1 };
	struct pos_error err;
	struct plist l;
	long long n = -1;
	size_t i, j;

	demo_options_init(&o);
	o.products = 10;
	o.seed = 7;
	o.progress = progress_cb;
	o.ctx = &pr;
	assert_int_equal(demo_generate(t->db, &o, &err), 0);
	assert_int_equal(catalog_count(t->db, &n, &err), 0);
	assert_true(n == 10);
	assert_int_equal(pr.calls, 10);
	assert_int_equal(pr.last, 10);
	assert_int_equal(pr.total, 10);
	assert_true(pr.in_order);
	/* ten different lines: the first sizes come first */
	collect(t->db, NULL, &l);
	for (i = 0; i < l.n; i++)
		for (j = 0; j < i; j++)
			assert_string_not_equal(l.v[i].name, l.v[j].name);
	/* only the producers of those products */
	assert_true(testdb_query(t->db, "SELECT count(*) FROM producer") <= 10);
	assert_int_equal(testdb_query(t->db, "SELECT count(*) FROM producer WHERE id NOT IN "
				      "(SELECT producer_id FROM product)"), 0);
	free(l.v);

	/* a single product works too */
	{
		struct testdb t2;

		testdb_open(&t2);
		generate(t2.db, 1, 99);
		assert_int_equal(catalog_count(t2.db, &n, &err), 0);
		assert_true(n == 1);
		testdb_close(&t2);
	}
}

static void test_beyond_the_table(void **state)
{
	struct testdb *t = *state;
	struct plist l;
	int packs = 0, combos = 0;
	size_t i;

	generate(t->db, 900, 3);
	collect(t->db, NULL, &l);
	assert_int_equal(l.n, 900);
	for (i = 0; i < l.n; i++) {
		packs += strstr(l.v[i].name, "(hộp quà") != NULL;
		combos += strstr(l.v[i].name, "(combo ") != NULL;
		assert_true(l.v[i].price >= 20000 && l.v[i].price <= 1500000);
		assert_false(l.v[i].is_service && strstr(l.v[i].name, "(") != NULL);
	}
	assert_true(packs > 0);
	assert_true(combos > 0);
	assert_int_equal(testdb_query(t->db, "SELECT count(DISTINCT sku) FROM product"), 900);
	assert_int_equal(testdb_query(t->db, "SELECT count(*) FROM product_barcode"),
			    testdb_query(t->db, "SELECT count(DISTINCT code) FROM product_barcode"));
	free(l.v);
}

static void test_bad_options(void **state)
{
	struct testdb *t = *state;
	struct demo_options o;
	struct pos_error err;
	long long n = -1;

	demo_options_init(&o);
	o.products = 0;
	assert_int_equal(demo_generate(t->db, &o, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "products"));
	o.products = -3;
	assert_int_equal(demo_generate(t->db, &o, &err), POS_ERR_INVALID);
	o.products = DEMO_PRODUCTS_MAX + 1;
	assert_int_equal(demo_generate(t->db, &o, &err), POS_ERR_INVALID);
	o.products = 5;
	o.days = -1;
	assert_int_equal(demo_generate(t->db, &o, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "days"));
	assert_int_equal(demo_generate(t->db, &o, NULL), POS_ERR_INVALID);
	assert_int_equal(catalog_count(t->db, &n, &err), 0);
	assert_true(n == 0);
	assert_int_equal(testdb_query(t->db, "SELECT count(*) FROM producer"), 0);
}

static void test_refuses_a_filled_catalogue(void **state)
{
	struct testdb *t = *state;
	struct demo_options o;
	struct pos_error err;
	long long n = -1;

	generate(t->db, 5, 1);
	demo_options_init(&o);
	o.products = 5;
	assert_int_equal(demo_generate(t->db, &o, &err), POS_ERR_REFUSED);
	assert_non_null(strstr(err.msg, "5 products"));
	assert_int_equal(catalog_count(t->db, &n, &err), 0);
	assert_true(n == 5);
}

static void test_failure_rolls_back(void **state)
{
	struct testdb *t = *state;
	struct demo_options o;
	struct pos_error err;
	long long n = -1;
	int r;

	/* The 30th product cannot be inserted. */
	assert_int_equal(db_exec(t->db, "CREATE TRIGGER demo_boom BEFORE INSERT ON product "
				 "WHEN (SELECT count(*) FROM product) >= 29 "
				 "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END", &err), 0);
	demo_options_init(&o);
	o.products = 60;
	r = demo_generate(t->db, &o, &err);
	assert_true(r < 0);
	assert_non_null(strstr(err.msg, "disk on fire"));
	assert_int_equal(catalog_count(t->db, &n, &err), 0);
	assert_true(n == 0);
	assert_int_equal(testdb_query(t->db, "SELECT count(*) FROM producer"), 0);
	assert_int_equal(testdb_query(t->db, "SELECT count(*) FROM rating"), 0);
	assert_int_equal(testdb_query(t->db, "SELECT count(*) FROM product_barcode"), 0);

	/* No transaction left open: the same database works afterwards. */
	assert_int_equal(db_exec(t->db, "DROP TRIGGER demo_boom", &err), 0);
	generate(t->db, 60, 1);
	assert_int_equal(catalog_count(t->db, &n, &err), 0);
	assert_true(n == 60);
}

static void test_needs_reference_data(void **state)
{
	struct testdb *t = *state;
	struct pos_error err;

	refdata_free();
	assert_int_equal(demo_generate(t->db, NULL, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "reference data"));
	assert_int_equal(refdata_load(NULL, &err), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test_setup_teardown(test_default_catalogue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_seed_same_catalogue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_seed_differs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_small_count_and_progress, setup, teardown),
		cmocka_unit_test_setup_teardown(test_beyond_the_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_options, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuses_a_filled_catalogue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failure_rolls_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_needs_reference_data, setup, teardown),
	};
	int r;

	setenv("OCOP_POS_NOW", TEST_NOW, 1);
	r = cmocka_run_group_tests(tests, NULL, NULL);
	refdata_free();
	return r;
}
