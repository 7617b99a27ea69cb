/*
 * test_catalog.c - producers and products: validation, upsert, history,
 * rating upgrades, barcode look-up and ranked accent-insensitive search.
 */
#include <sqlite3.h>

#include "testutil.h"
#include "core/catalog.h"
#include "core/money.h"
#include "core/producer.h"

static void add_producer(struct db *db, const char *code, const char *name, const char *prov)
{
	struct producer p;
	struct pos_error err;
	int changed = -1;

	producer_init(&p);
	snprintf(p.code, sizeof(p.code), "%s", code);
	snprintf(p.name, sizeof(p.name), "%s", name);
	snprintf(p.province, sizeof(p.province), "%s", prov);
	p.kind = PRODUCER_COOPERATIVE;
	if (producer_save(db, &p, &changed, &err))
		fail_msg("producer_save: %s", err.msg);
	assert_int_equal(changed, 1);
}

static void make_product(struct product *p, const char *sku, const char *name,
			 const char *barcode)
{
	product_init(p);
	snprintf(p->sku, sizeof(p->sku), "%s", sku);
	snprintf(p->name, sizeof(p->name), "%s", name);
	snprintf(p->producer, sizeof(p->producer), "HTX-A");
	p->ocop_group = 1;
	p->stars = 3;
	p->price = 185000;
	p->vat_rate = 8;
	snprintf(p->cert_number, sizeof(p->cert_number), "12/QĐ-UBND");
	snprintf(p->cert_issued, sizeof(p->cert_issued), "2024-02-29");
	if (barcode) {
		snprintf(p->barcodes[0], PRODUCT_BARCODE_LEN, "%s", barcode);
		p->nbarcodes = 1;
	}
}

static int setup(void **state)
{
	struct testdb *t = calloc(1, sizeof(*t));

	testdb_open(t);
	add_producer(t->db, "HTX-A", "Hợp tác xã Mật ong Đắk Lắk", "66");
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

static void test_producer_rules(void **state)
{
	struct testdb *t = *state;
	struct producer p, q;
	struct pos_error err;
	enum producer_kind k;
	int changed;

	producer_init(&p);
	snprintf(p.code, sizeof(p.code), "HKD-1");
	snprintf(p.name, sizeof(p.name), "Hộ kinh doanh Lò Văn A");
	snprintf(p.province, sizeof(p.province), "14");
	snprintf(p.tax_code, sizeof(p.tax_code), "0100109107");   /* wrong check digit */
	assert_int_equal(producer_save(t->db, &p, &changed, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "tax_code"));
	snprintf(p.tax_code, sizeof(p.tax_code), "0100109106");
	snprintf(p.province, sizeof(p.province), "99");
	assert_int_equal(producer_save(t->db, &p, &changed, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "province"));
	snprintf(p.province, sizeof(p.province), "14");
	p.kind = PRODUCER_HOUSEHOLD;
	p.ethnic_minority_led = 1;
	assert_int_equal(producer_save(t->db, &p, &changed, &err), 0);
	assert_int_equal(changed, 1);
	assert_int_equal(producer_save(t->db, &p, &changed, &err), 0);
	assert_int_equal(changed, 0);
	assert_int_equal(producer_get(t->db, "HKD-1", &q, &err), 0);
	assert_int_equal(q.kind, PRODUCER_HOUSEHOLD);
	assert_int_equal(q.ethnic_minority_led, 1);
	assert_string_equal(q.name, "Hộ kinh doanh Lò Văn A");
	assert_int_equal(producer_get(t->db, "NOPE", &q, &err), POS_ERR_NOT_FOUND);
	assert_int_equal(producer_kind_parse("HTX", &k, &err), 0);
	assert_int_equal(k, PRODUCER_COOPERATIVE);
	assert_int_equal(producer_kind_parse("Hộ kinh doanh", &k, &err), 0);
	assert_int_equal(k, PRODUCER_HOUSEHOLD);
	assert_int_equal(producer_kind_parse("tổ hợp tác", &k, &err), 0);
	assert_int_equal(k, PRODUCER_COOP_GROUP);
	assert_int_equal(producer_kind_parse("bank", &k, &err), POS_ERR_INVALID);
}

static void test_product_validate(void **state)
{
	struct product p;
	struct pos_error err;

	(void)state;
	make_product(&p, "MO-1", "Mật ong", "8931234500016");
	snprintf(p.origin_province, sizeof(p.origin_province), "66");
	assert_int_equal(product_validate(&p, &err), 0);
	/* expiry defaults to issued + 36 months, clamped to the month's end */
	assert_string_equal(p.cert_expires, "2027-02-28");
	p.stars = 2;
	assert_int_equal(product_validate(&p, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "stars"));
	p.stars = 4;
	snprintf(p.barcodes[0], PRODUCT_BARCODE_LEN, "8931234500017");
	assert_int_equal(product_validate(&p, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "barcodes[0]"));
	snprintf(p.barcodes[0], PRODUCT_BARCODE_LEN, "8931234500016");
	p.ocop_group = 7;
	assert_int_equal(product_validate(&p, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "group"));
	p.ocop_group = 6;
	assert_int_equal(product_validate(&p, &err), 0);
	assert_int_equal(p.is_service, 1);
	p.vat_rate = 7;
	assert_int_equal(product_validate(&p, &err), POS_ERR_INVALID);
	p.vat_rate = VAT_KCT;
	p.price = -1;
	assert_int_equal(product_validate(&p, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "price"));
}

static void test_save_update_history(void **state)
{
	struct testdb *t = *state;
	struct product p, q;
	struct pos_error err;
	int changed = -1;

	make_product(&p, "MO-1", "Mật ong hoa cà phê", "8931234500016");
	assert_int_equal(catalog_save(t->db, &p, "test", &changed, &err), 0);
	assert_int_equal(changed, 1);
	assert_string_equal(p.origin_province, "66");   /* from the producer */
	assert_int_equal(catalog_save(t->db, &p, "test", &changed, &err), 0);
	assert_int_equal(changed, 0);
	p.price = 190000;
	p.stars = 4;
	snprintf(p.cert_number, sizeof(p.cert_number), "99/QĐ-UBND");
	assert_int_equal(catalog_save(t->db, &p, "test", &changed, &err), 0);
	assert_int_equal(changed, 1);
	assert_int_equal(catalog_get(t->db, "MO-1", &q, &err), 0);
	assert_int_equal(q.price, 190000);
	assert_int_equal(q.stars, 4);
	assert_int_equal(testdb_query(t->db, "SELECT count(*) FROM rating"), 2);
	assert_int_equal(testdb_query(t->db, "SELECT count(*) FROM rating WHERE previous_stars = 3 "
				      "AND stars = 4"), 1);
	assert_int_equal(testdb_query(t->db, "SELECT count(*) FROM product_history WHERE field = "
				      "'price' AND old_value = '185000' AND new_value = '190000'"), 1);
	/* history is append-only */
	assert_int_not_equal(sqlite3_exec(db_handle(t->db), "DELETE FROM rating", NULL, NULL, NULL),
			     SQLITE_OK);
	/* unknown producer */
	make_product(&p, "MO-2", "Mật ong rừng", NULL);
	snprintf(p.producer, sizeof(p.producer), "NOPE");
	assert_int_equal(catalog_save(t->db, &p, "test", &changed, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "producer"));
	/* a barcode already owned by another product */
	make_product(&p, "MO-3", "Mật ong khác", "8931234500016");
	assert_int_equal(catalog_save(t->db, &p, "test", &changed, &err), POS_ERR_EXISTS);
	assert_non_null(strstr(err.msg, "MO-1"));
	assert_int_equal(testdb_query(t->db, "SELECT count(*) FROM product"), 1);
}

static void test_lookup(void **state)
{
	struct testdb *t = *state;
	struct product p, q;
	struct pos_error err;
	char code[14];

	make_product(&p, "MO-1", "Mật ong", "8931234500016");
	assert_int_equal(catalog_save(t->db, &p, "test", NULL, &err), 0);
	make_product(&p, "UP-1", "Kẹo dừa", "036000291452");   /* UPC-A */
	assert_int_equal(catalog_save(t->db, &p, "test", NULL, &err), 0);
	assert_int_equal(catalog_lookup(t->db, "8931234500016", &q, &err), 0);
	assert_string_equal(q.sku, "MO-1");
	assert_int_equal(catalog_lookup(t->db, " 036000291452\n", &q, &err), 0);
	assert_string_equal(q.sku, "UP-1");
	assert_int_equal(catalog_lookup(t->db, "0036000291452", &q, &err), 0);
	assert_string_equal(q.sku, "UP-1");
	assert_int_equal(catalog_lookup(t->db, "mo-1", &q, &err), 0);   /* SKU, any case */
	assert_string_equal(q.sku, "MO-1");
	assert_int_equal(catalog_lookup(t->db, "8931234500017", &q, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "check digit"));
	assert_int_equal(catalog_lookup(t->db, "8931234500023", &q, &err), POS_ERR_NOT_FOUND);
	/* in-store codes are new and valid */
	assert_int_equal(catalog_new_instore_code(t->db, code, &err), 0);
	assert_int_equal(strncmp(code, "20", 2), 0);
	make_product(&p, "IN-1", "Bánh đa", code);
	assert_int_equal(catalog_save(t->db, &p, "test", NULL, &err), 0);
	assert_int_equal(catalog_new_instore_code(t->db, code, &err), 0);
	assert_string_not_equal(code, p.barcodes[0]);
}

struct hits {
	int n;
	char sku[10][PRODUCT_SKU_MAX];
	int rank[10];
};

static int collect(void *ctx, const struct catalog_hit *h)
{
	struct hits *hs = ctx;

	if (hs->n < 10) {
		snprintf(hs->sku[hs->n], PRODUCT_SKU_MAX, "%s", h->sku);
		hs->rank[hs->n] = h->rank;
		hs->n++;
	}
	return 0;
}

static void test_search(void **state)
{
	struct testdb *t = *state;
	struct product p;
	struct pos_error err;
	struct hits h;
	int n;

	make_product(&p, "A1", "Mật ong bạc hà Mèo Vạc", "8931234500016");
	assert_int_equal(catalog_save(t->db, &p, "test", NULL, &err), 0);
	make_product(&p, "A2", "Cà phê Robusta Đắk Lắk", NULL);
	assert_int_equal(catalog_save(t->db, &p, "test", NULL, &err), 0);
	make_product(&p, "A3", "Rượu mật ong Đắk Lắk", NULL);
	assert_int_equal(catalog_save(t->db, &p, "test", NULL, &err), 0);
	make_product(&p, "A4", "Trà hoa vàng", NULL);
	p.active = 0;
	assert_int_equal(catalog_save(t->db, &p, "test", NULL, &err), 0);

	memset(&h, 0, sizeof(h));
	assert_int_equal(catalog_search(t->db, "mat ong", 10, collect, &h, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(h.sku[0], "A1");   /* name prefix first */
	assert_int_equal(h.rank[0], 1);
	assert_string_equal(h.sku[1], "A3");   /* words anywhere */
	assert_int_equal(h.rank[1], 2);

	memset(&h, 0, sizeof(h));
	assert_int_equal(catalog_search(t->db, "dak lak", 10, collect, &h, &n, &err), 0);
	assert_int_equal(n, 2);

	memset(&h, 0, sizeof(h));   /* NFD input, prefix of the last word */
	assert_int_equal(catalog_search(t->db, "Ma\xcc\xa3\xcc\x82t o", 10, collect, &h, &n, &err), 0);
	assert_int_equal(n, 2);

	memset(&h, 0, sizeof(h));   /* exact barcode ranks first */
	assert_int_equal(catalog_search(t->db, "8931234500016", 10, collect, &h, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(h.rank[0], 0);

	memset(&h, 0, sizeof(h));   /* inactive products are not offered */
	assert_int_equal(catalog_search(t->db, "tra hoa", 10, collect, &h, &n, &err), 0);
	assert_int_equal(n, 0);

	memset(&h, 0, sizeof(h));   /* odd input is harmless */
	assert_int_equal(catalog_search(t->db, "\"*) OR (", 10, collect, &h, &n, &err), 0);
	assert_int_equal(catalog_search(t->db, "", 10, collect, &h, &n, &err), 0);
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_producer_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_product_validate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_save_update_history, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lookup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search, setup, teardown),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);

	refdata_free();
	return r;
}
