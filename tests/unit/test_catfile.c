/*
 * test_catfile.c - catalogue import/export: the JSON and CSV samples in
 * tests/data, idempotent re-import, updates with history, legacy
 * provinces, all-or-nothing rejection with the record and field named,
 * CSV quoting, partial spreadsheets, and export -> import -> export
 * round trips for both formats.
 */
#include <sys/stat.h>

#include "testutil.h"
#include "core/catalog.h"
#include "core/catfile.h"
#include "core/money.h"
#include "core/producer.h"

/* --- helpers --------------------------------------------------------- */

static void data_path(const char *name, char *out, size_t n)
{
	const char *src = getenv("OCOP_SRC");

	snprintf(out, n, "%s/tests/data/%s", src && *src ? src : ".", name);
}

static void import_ok(struct db *db, const char *text, enum catfile_format fmt,
		      struct catfile_result *res)
{
	struct pos_error err;

	pos_error_clear(&err);
	if (catfile_import(db, text, strlen(text), fmt, "test", res, &err))
		fail_msg("catfile_import: %s", err.msg);
}

/* Import that must fail; returns the code, message in err. */
static int import_bad(struct db *db, const char *text, enum catfile_format fmt,
		      struct pos_error *err)
{
	struct catfile_result res;
	int r;

	memset(&res, 0x5a, sizeof(res));
	pos_error_clear(err);
	r = catfile_import(db, text, strlen(text), fmt, "test", &res, err);
	assert_int_not_equal(r, 0);
	/* the result is written only on success */
	assert_int_equal(res.products_added, 0x5a5a5a5a);
	return r;
}

static void assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("expected \"%s\" in \"%s\"", needle, hay);
}

static long long count_products(struct db *db)
{
	struct pos_error err;
	long long n = -1;

	if (catalog_count(db, &n, &err))
		fail_msg("catalog_count: %s", err.msg);
	return n;
}

static int count_cb(void *ctx, const struct producer *p)
{
	(void)p;
	(*(int *)ctx)++;
	return 0;
}

static int count_producers(struct db *db)
{
	struct producer_filter f = { NULL, -1, NULL, 1 };
	struct pos_error err;
	int n = 0;

	if (producer_list(db, &f, count_cb, &n, &err))
		fail_msg("producer_list: %s", err.msg);
	return n;
}

/* The export of db in fmt as a malloc'd string. */
static char *export_str(struct db *db, enum catfile_format fmt)
{
	struct pos_error err;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	if (catfile_export(db, fmt, f, &err))
		fail_msg("catfile_export: %s", err.msg);
	fclose(f);
	return buf;
}

static void import_sample(struct db *db, const char *name, struct catfile_result *res)
{
	struct pos_error err;
	char path[512];

	data_path(name, path, sizeof(path));
	if (catfile_import_file(db, path, NULL, res, &err))
		fail_msg("catfile_import_file(%s): %s", path, err.msg);
}

static void get_product(struct db *db, const char *sku, struct product *p)
{
	struct pos_error err;

	if (catalog_get(db, sku, p, &err))
		fail_msg("catalog_get(%s): %s", sku, err.msg);
}

static void get_producer(struct db *db, const char *code, struct producer *p)
{
	struct pos_error err;

	if (producer_get(db, code, p, &err))
		fail_msg("producer_get(%s): %s", code, err.msg);
}

struct hist {
	int price_changes;
	char last_old[32], last_new[32], last_source[64];
};

static int hist_cb(void *ctx, const struct catalog_change *c)
{
	struct hist *h = ctx;

	if (strcmp(c->kind, "price") == 0) {
		h->price_changes++;
		snprintf(h->last_old, sizeof(h->last_old), "%s", c->old_value ? c->old_value : "");
		snprintf(h->last_new, sizeof(h->last_new), "%s", c->new_value ? c->new_value : "");
		snprintf(h->last_source, sizeof(h->last_source), "%s", c->source ? c->source : "");
	}
	return 0;
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

/* A second, fresh database beside the first. */
static void open_second(struct testdb *t, struct db **db2)
{
	struct pos_error err;
	char path[256];

	testdb_path(t, "second.db", path, sizeof(path));
	if (db_open(path, DB_CREATE, db2, &err))
		fail_msg("db_open: %s", err.msg);
}

/* --- tests ------------------------------------------------------------ */

static void test_format_from_name(void **state)
{
	enum catfile_format fmt = CATFILE_CSV;
	struct pos_error err;

	(void)state;
	assert_int_equal(catfile_format_from_name("a/b/catalog.json", &fmt, &err), 0);
	assert_int_equal(fmt, CATFILE_JSON);
	assert_int_equal(catfile_format_from_name("SanPham.CSV", &fmt, &err), 0);
	assert_int_equal(fmt, CATFILE_CSV);
	assert_int_equal(catfile_format_from_name("x.JsOn", &fmt, &err), 0);
	assert_int_equal(fmt, CATFILE_JSON);
	fmt = CATFILE_CSV;
	assert_int_equal(catfile_format_from_name("catalog.xlsx", &fmt, &err), POS_ERR_INVALID);
	assert_contains(err.msg, "catalog.xlsx");
	assert_int_equal(catfile_format_from_name("dir.json/catalog", &fmt, &err),
			 POS_ERR_INVALID);
	assert_int_equal(catfile_format_from_name("json", &fmt, &err), POS_ERR_INVALID);
	assert_int_equal(fmt, CATFILE_CSV);   /* untouched on failure */
}

static void test_json_sample(void **state)
{
	struct testdb *t = *state;
	struct catfile_result res;
	struct producer q;
	struct product p;

	import_sample(t->db, "catalog-sample.json", &res);
	assert_int_equal(res.producers_added, 4);
	assert_int_equal(res.producers_updated, 0);
	assert_int_equal(res.producers_unchanged, 0);
	assert_int_equal(res.products_added, 5);
	assert_int_equal(res.products_updated, 0);
	assert_int_equal(res.products_unchanged, 0);
	assert_int_equal(count_products(t->db), 5);

	/* legacy code 49 (Quảng Nam) is 48 Đà Nẵng since 2025 */
	get_producer(t->db, "HTX-SAM-TRAMY", &q);
	assert_string_equal(q.province, "48");
	assert_int_equal(q.kind, PRODUCER_COOPERATIVE);   /* "HTX" */
	assert_int_equal(q.ethnic_minority_led, 1);
	assert_int_equal(q.active, 1);
	get_producer(t->db, "DN-ONG-DAKLAK", &q);
	assert_string_equal(q.province, "66");             /* by name */
	assert_int_equal(q.kind, PRODUCER_ENTERPRISE);     /* "doanh nghiệp" */
	assert_int_equal(q.women_led, 1);
	get_producer(t->db, "HTX-CHE-TANLAP", &q);
	assert_string_equal(q.phone, "0912 345 678");
	assert_string_equal(q.tax_code, "0100109106");

	/* legacy province name as origin */
	get_product(t->db, "TM-RUOU-SAM", &p);
	assert_string_equal(p.origin_province, "48");
	assert_int_equal(p.nbarcodes, 2);
	assert_string_equal(p.barcodes[1], "8931234500047");
	assert_int_equal(p.stars, 5);
	assert_string_equal(p.cert_expires, "2028-03-01");
	/* price as "250.000", product set by name, origin from the producer */
	get_product(t->db, "DL-MATONG-500", &p);
	assert_int_equal(p.price, 250000);
	assert_string_equal(p.product_set, "1.04");
	assert_string_equal(p.origin_province, "66");
	assert_int_equal(p.vat_rate, 5);
	/* expiry defaults to issue + 36 months */
	get_product(t->db, "TL-CHE-200", &p);
	assert_string_equal(p.cert_issued, "2024-05-10");
	assert_string_equal(p.cert_expires, "2027-05-10");
	assert_string_equal(p.unit, "hộp");
	assert_int_equal(p.shelf_life_days, 540);
	get_product(t->db, "TL-TOUR-HAICHE", &p);
	assert_int_equal(p.is_service, 1);
	assert_int_equal(p.vat_rate, VAT_KCT);
	assert_string_equal(p.origin_province, "14");
}

static void test_reimport_unchanged(void **state)
{
	struct testdb *t = *state;
	struct catfile_result res;
	struct product p;
	struct hist h = { 0 };
	struct pos_error err;

	import_sample(t->db, "catalog-sample.json", &res);
	import_sample(t->db, "catalog-sample.json", &res);
	assert_int_equal(res.producers_added, 0);
	assert_int_equal(res.producers_updated, 0);
	assert_int_equal(res.producers_unchanged, 4);
	assert_int_equal(res.products_added, 0);
	assert_int_equal(res.products_updated, 0);
	assert_int_equal(res.products_unchanged, 5);
	import_sample(t->db, "catalog-sample.csv", &res);
	assert_int_equal(res.producers_unchanged, 4);
	assert_int_equal(res.products_unchanged, 5);
	assert_int_equal(count_products(t->db), 5);
	get_product(t->db, "TL-CHE-200", &p);
	assert_int_equal(catalog_history(t->db, p.id, hist_cb, &h, &err), 0);
	assert_int_equal(h.price_changes, 0);
}

static const char price_update[] =
	"{\"format\": \"ocop-pos/catalog\", \"version\": 1, \"products\": [\n"
	"  {\"sku\": \"TL-CHE-200\", \"name\": \"Chè Shan tuyết Tân Lập 200g\",\n"
	"   \"producer\": \"HTX-CHE-TANLAP\", \"group\": 1, \"stars\": 4, \"price\": 195000}\n"
	"]}";

static void test_price_change(void **state)
{
	struct testdb *t = *state;
	struct catfile_result res;
	struct pos_error err;
	struct product p;
	struct hist h = { 0 };

	import_sample(t->db, "catalog-sample.json", NULL);
	/* the producer is only in the database; fields left out keep their values */
	import_ok(t->db, price_update, CATFILE_JSON, &res);
	assert_int_equal(res.products_updated, 1);
	assert_int_equal(res.products_added, 0);
	assert_int_equal(res.products_unchanged, 0);
	assert_int_equal(res.producers_added + res.producers_updated + res.producers_unchanged, 0);
	get_product(t->db, "TL-CHE-200", &p);
	assert_int_equal(p.price, 195000);
	assert_int_equal(p.nbarcodes, 1);
	assert_string_equal(p.barcodes[0], "8931234500016");
	assert_string_equal(p.unit, "hộp");
	assert_string_equal(p.cert_number, "1234/QĐ-UBND");
	assert_string_equal(p.product_set, "1.11");
	assert_int_equal(p.vat_rate, 5);
	assert_int_equal(p.shelf_life_days, 540);
	assert_int_equal(catalog_history(t->db, p.id, hist_cb, &h, &err), 0);
	assert_int_equal(h.price_changes, 1);
	assert_string_equal(h.last_old, "185000");
	assert_string_equal(h.last_new, "195000");
	assert_string_equal(h.last_source, "test");
	/* again: nothing to do */
	import_ok(t->db, price_update, CATFILE_JSON, &res);
	assert_int_equal(res.products_unchanged, 1);
	assert_int_equal(res.products_updated, 0);
}

static const char bad_middle_json[] =
	"{\"format\": \"ocop-pos/catalog\", \"version\": 1,\n"
	" \"producers\": [{\"code\": \"HTX-NEW\", \"name\": \"HTX Mới\", \"kind\": \"cooperative\",\n"
	"   \"province\": \"01\"}],\n"
	" \"products\": [\n"
	"  {\"sku\": \"NEW-1\", \"name\": \"Sản phẩm một\", \"producer\": \"HTX-NEW\", \"group\": 1,\n"
	"   \"stars\": 3, \"price\": 1000},\n"
	"  {\"sku\": \"TL-CHE-200\", \"name\": \"Chè Shan tuyết Tân Lập 200g\",\n"
	"   \"producer\": \"HTX-CHE-TANLAP\", \"group\": 1, \"stars\": 4, \"price\": 1},\n"
	"  {\"sku\": \"MO-001\", \"name\": \"Mật ong\", \"producer\": \"HTX-NEW\", \"group\": 1,\n"
	"   \"stars\": 2, \"price\": 1000},\n"
	"  {\"sku\": \"NEW-3\", \"name\": \"Sản phẩm ba\", \"producer\": \"HTX-NEW\", \"group\": 1,\n"
	"   \"stars\": 3, \"price\": 1000}\n"
	"]}";

static void test_bad_record_rejects_file(void **state)
{
	struct testdb *t = *state;
	struct pos_error err;
	struct product p;
	long long before;
	int producers_before;

	import_sample(t->db, "catalog-sample.json", NULL);
	before = count_products(t->db);
	producers_before = count_producers(t->db);
	assert_int_equal(import_bad(t->db, bad_middle_json, CATFILE_JSON, &err),
			 POS_ERR_INVALID);
	assert_string_equal(err.msg,
			    "products[2] (sku \"MO-001\"): stars: must be 3, 4 or 5, got 2");
	assert_int_equal(count_products(t->db), before);
	assert_int_equal(count_producers(t->db), producers_before);
	get_product(t->db, "TL-CHE-200", &p);
	assert_int_equal(p.price, 185000);   /* the valid update before it was not kept */
}

static void test_bad_record_csv(void **state)
{
	struct testdb *t = *state;
	struct pos_error err;
	long long before;
	const char *csv =
		"sku,name,producer_code,producer_name,producer_kind,producer_province,group,stars,price\n"
		"A-1,Một,HTX-X,HTX X,HTX,01,1,3,1000\n"
		"A-2,Hai,HTX-X,,,,1,3,2000\n"
		"MO-001,Ba,HTX-X,,,,1,3,12abc\n"
		"A-4,Bốn,HTX-X,,,,1,3,4000\n";

	before = count_products(t->db);
	assert_int_equal(import_bad(t->db, csv, CATFILE_CSV, &err), POS_ERR_INVALID);
	assert_contains(err.msg, "line 4 (sku \"MO-001\"): price: ");
	assert_int_equal(count_products(t->db), before);
	assert_int_equal(count_producers(t->db), 0);

	/* validation errors name the line too */
	csv = "sku,name,producer_code,producer_name,producer_kind,producer_province,group,stars,price\n"
	      "A-1,Một,HTX-X,HTX X,HTX,01,1,3,1000\n"
	      "A-2,Hai,HTX-X,,,,7,3,2000\n";
	import_bad(t->db, csv, CATFILE_CSV, &err);
	assert_string_equal(err.msg, "line 3 (sku \"A-2\"): group: must be 1 to 6, got 7");
	assert_int_equal(count_producers(t->db), 0);
}

static void test_unknown_producer(void **state)
{
	struct testdb *t = *state;
	struct catfile_result res;
	struct pos_error err;
	struct product p;
	const char *json =
		"{\"format\": \"ocop-pos/catalog\", \"version\": 1, \"products\": [\n"
		" {\"sku\": \"X-1\", \"name\": \"Bánh\", \"producer\": \"NO-SUCH\", \"group\": 1,\n"
		"  \"stars\": 3, \"price\": 5000}]}";
	const char *csv =
		"sku,name,producer_code,group,stars,price\n"
		"X-2,Kẹo dừa,HTX-CHE-TANLAP,1,3,\"25,000\"\n"
		"X-3,Kẹo lạc,NO-SUCH-2,1,3,30000\n";

	assert_int_equal(import_bad(t->db, json, CATFILE_JSON, &err), POS_ERR_INVALID);
	assert_contains(err.msg, "products[0] (sku \"X-1\"): producer: unknown producer "
			"\"NO-SUCH\"");
	import_sample(t->db, "catalog-sample.json", NULL);
	import_bad(t->db, csv, CATFILE_CSV, &err);
	assert_contains(err.msg, "line 3 (sku \"X-3\"): producer: unknown producer \"NO-SUCH-2\"");
	assert_int_equal(count_products(t->db), 5);

	/* a producer already in the database needs no details in the file */
	import_ok(t->db, "sku,name,producer_code,group,stars,price\n"
		  "X-2,Kẹo dừa,HTX-CHE-TANLAP,1,3,\"25,000\"\n", CATFILE_CSV, &res);
	assert_int_equal(res.products_added, 1);
	get_product(t->db, "X-2", &p);
	assert_int_equal(p.price, 25000);
	assert_string_equal(p.origin_province, "14");   /* the producer's province */
	assert_string_equal(p.unit, "cái");              /* default unit */
	assert_int_equal(p.vat_rate, 10);                /* default VAT */
}

static void test_format_and_version(void **state)
{
	struct testdb *t = *state;
	struct pos_error err;

	import_bad(t->db, "{\"format\": \"ocop-pos/exchange\", \"version\": 1}", CATFILE_JSON,
		   &err);
	assert_contains(err.msg, "format: expected \"ocop-pos/catalog\", got \"ocop-pos/exchange\"");
	import_bad(t->db, "{\"version\": 1, \"products\": []}", CATFILE_JSON, &err);
	assert_contains(err.msg, "format: expected");
	import_bad(t->db, "{\"format\": \"ocop-pos/catalog\", \"version\": 2}", CATFILE_JSON, &err);
	assert_contains(err.msg, "version: this ocop-pos reads catalogue version 1, the file is "
			"version 2");
	import_bad(t->db, "{\"format\": \"ocop-pos/catalog\"}", CATFILE_JSON, &err);
	assert_contains(err.msg, "version");
	import_bad(t->db, "[1, 2]", CATFILE_JSON, &err);
	assert_contains(err.msg, "must be an object");
	import_bad(t->db, "{\"format\": \"ocop-pos/catalog\",\n \"version\": 1,\n \"products\": [,]}",
		   CATFILE_JSON, &err);
	assert_contains(err.msg, "syntax error at line 3");
	import_bad(t->db, "{\"format\": \"ocop-pos/catalog\", \"version\": 1} x", CATFILE_JSON,
		   &err);
	assert_contains(err.msg, "unexpected text after the end");
	import_bad(t->db, "", CATFILE_JSON, &err);
	import_bad(t->db, "{\"format\": \"ocop-pos/catalog\", \"version\": 1, \"products\": {}}",
		   CATFILE_JSON, &err);
	assert_contains(err.msg, "products: must be a list");
	/* an empty catalogue is fine, and a BOM is skipped */
	import_ok(t->db, "\xEF\xBB\xBF{\"format\": \"ocop-pos/catalog\", \"version\": 1}",
		  CATFILE_JSON, NULL);
}

static void test_bad_values(void **state)
{
	struct testdb *t = *state;
	struct pos_error err;
	char json[1024];
	static const struct {
		const char *fields;
		const char *msg;
	} cases[] = {
		{ "\"barcodes\": [\"8931234500016\", \"8931234500017\"]",
		  "products[0] (sku \"B-1\"): barcodes[1]: wrong check digit in 8931234500017: "
		  "expected 6" },
		{ "\"barcodes\": [8931234500016]", "barcodes[0]: must be a string" },
		{ "\"price\": 185.5", "price: must be a whole number, got 185.5" },
		{ "\"price\": \"185.5\"", "price: " },
		{ "\"price\": -5", "price: must be between 0" },
		{ "\"vat_rate\": 7", "vat_rate: invalid VAT rate \"7\"" },
		{ "\"vat_rate\": \"12%\"", "vat_rate: " },
		{ "\"origin_province\": \"Atlantis\"", "origin_province: " },
		{ "\"product_set\": \"2.01\"", "product_set: " },
		{ "\"certificate\": {\"issued\": \"2024-02-30\"}", "certificate issued: " },
		{ "\"certificate\": \"123\"", "certificate: must be an object" },
		{ "\"active\": \"maybe\"", "active: must be yes or no" },
		{ "\"shelf_life_days\": \"ba tháng\"", "shelf_life_days: must be a whole number" },
		{ "\"unit\": 5", "unit: must be a string" },
		{ "\"name\": \"\"", "name: missing" },
		{ "\"group\": null", "group: missing" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		/* the case's field, then the defaults it does not replace (a key
		 * given twice is itself refused) */
		static const char *const defaults[] = {
			"\"sku\": \"B-1\"", "\"name\": \"Bánh\"", "\"producer\": \"P\"",
			"\"group\": 1", "\"stars\": 3", "\"price\": 1000",
		};
		char rest[256] = "";
		size_t k, used = 0;

		for (k = 0; k < sizeof(defaults) / sizeof(defaults[0]); k++) {
			size_t kl = (size_t)(strchr(defaults[k], ':') - defaults[k]);

			if (strncmp(cases[i].fields, defaults[k], kl) == 0)
				continue;
			used += (size_t)snprintf(rest + used, sizeof(rest) - used, ", %s", defaults[k]);
		}
		snprintf(json, sizeof(json),
			 "{\"format\": \"ocop-pos/catalog\", \"version\": 1, \"producers\": [\n"
			 "{\"code\": \"P\", \"name\": \"HTX P\", \"kind\": \"HTX\", \"province\": \"01\"}],\n"
			 "\"products\": [{%s%s}]}", cases[i].fields, rest);
		import_bad(t->db, json, CATFILE_JSON, &err);
		if (!strstr(err.msg, cases[i].msg))
			fail_msg("case %zu: expected \"%s\" in \"%s\"", i, cases[i].msg, err.msg);
	}
	/* producers: bad tax code, unknown kind, missing province */
	import_bad(t->db, "{\"format\": \"ocop-pos/catalog\", \"version\": 1, \"producers\": [\n"
		   "{\"code\": \"P\", \"name\": \"HTX P\", \"kind\": \"HTX\", \"province\": \"01\",\n"
		   " \"tax_code\": \"0100109107\"}]}", CATFILE_JSON, &err);
	assert_contains(err.msg, "producers[0] (code \"P\"): tax_code: ");
	import_bad(t->db, "{\"format\": \"ocop-pos/catalog\", \"version\": 1, \"producers\": [\n"
		   "{\"code\": \"P\", \"name\": \"HTX P\", \"kind\": \"bank\", \"province\": \"01\"}]}",
		   CATFILE_JSON, &err);
	assert_contains(err.msg, "producers[0] (code \"P\"): kind: unknown producer kind");
	import_bad(t->db, "{\"format\": \"ocop-pos/catalog\", \"version\": 1, \"producers\": [\n"
		   "{\"code\": \"P\", \"name\": \"HTX P\", \"kind\": \"HTX\"}]}", CATFILE_JSON, &err);
	assert_contains(err.msg, "producers[0] (code \"P\"): province: missing");
	assert_int_equal(count_producers(t->db), 0);
	assert_int_equal(count_products(t->db), 0);
}

static void test_duplicates(void **state)
{
	struct testdb *t = *state;
	struct pos_error err;

	import_bad(t->db, "{\"format\": \"ocop-pos/catalog\", \"version\": 1, \"producers\": [\n"
		   "{\"code\": \"P\", \"name\": \"HTX P\", \"kind\": \"HTX\", \"province\": \"01\"},\n"
		   "{\"code\": \"P\", \"name\": \"HTX Q\", \"kind\": \"HTX\", \"province\": \"01\"}]}",
		   CATFILE_JSON, &err);
	assert_string_equal(err.msg, "producers[1] (code \"P\"): code: listed twice (also "
			    "producers[0])");
	import_bad(t->db, "sku,name,producer_code,producer_name,producer_kind,producer_province,"
		   "group,stars,price,barcodes\n"
		   "S-1,Một,P,HTX P,HTX,01,1,3,1000,8931234500016\n"
		   "S-1,Hai,P,,,,1,3,1000,\n", CATFILE_CSV, &err);
	assert_string_equal(err.msg, "line 3 (sku \"S-1\"): sku: listed twice (also line 2)");
	import_bad(t->db, "sku,name,producer_code,producer_name,producer_kind,producer_province,"
		   "group,stars,price,barcodes\n"
		   "S-1,Một,P,HTX P,HTX,01,1,3,1000,8931234500016\n"
		   "S-2,Hai,P,,,,1,3,1000,8931234500023|8931234500016\n", CATFILE_CSV, &err);
	assert_string_equal(err.msg, "line 3 (sku \"S-2\"): barcodes[1]: 8931234500016 is also "
			    "a barcode of line 2 (sku \"S-1\")");
	assert_int_equal(count_products(t->db), 0);
}

static void test_csv_quoting(void **state)
{
	struct testdb *t = *state;
	struct catfile_result res;
	struct pos_error err;
	struct producer q;
	struct product p;
	/* BOM, CRLF, columns in another order, an unknown column, quoted
	 * commas, doubled quotes, a newline inside a field, a blank line,
	 * no newline at the end */
	const char *csv =
		"\xEF\xBB\xBF" "Price,SKU,name,ghi chú,producer_code,producer_name,producer_kind,"
		"producer_province,producer_commune,group,stars,unit\r\n"
		"\"1.250.000\",Q-1,\"Bánh \"\"cốm\"\", đặc biệt\",\"a,b\nc\",P-1,\"HTX Làng Vòng, Hà Nội\","
		"htx,Hà Nội,\"Phường Cầu Giấy\",1,4,hộp\r\n"
		"\r\n"
		"2000,Q-2,Bánh \"dẻo,không ghi,P-1,,,,,1,3,\"\"";

	import_ok(t->db, csv, CATFILE_CSV, &res);
	assert_int_equal(res.producers_added, 1);
	assert_int_equal(res.products_added, 2);
	get_product(t->db, "Q-1", &p);
	assert_string_equal(p.name, "Bánh \"cốm\", đặc biệt");
	assert_int_equal(p.price, 1250000);
	assert_int_equal(p.stars, 4);
	get_product(t->db, "Q-2", &p);
	assert_string_equal(p.name, "Bánh \"dẻo");   /* a quote inside an unquoted field */
	assert_string_equal(p.unit, "cái");          /* "" is an empty cell: the default */
	get_producer(t->db, "P-1", &q);
	assert_string_equal(q.name, "HTX Làng Vòng, Hà Nội");
	assert_string_equal(q.province, "01");
	assert_string_equal(q.commune, "Phường Cầu Giấy");
	/* a line break inside a name is refused, naming the line the row starts on */
	import_bad(t->db, "sku,name,producer_code,group,stars,price\r\n"
		   "Q-3,\"Bánh\r\ncốm\",P-1,1,3,1000\r\n", CATFILE_CSV, &err);
	assert_contains(err.msg, "line 2 (sku \"Q-3\"): name: must not contain control");
}

static void test_csv_errors(void **state)
{
	struct testdb *t = *state;
	struct pos_error err;
	static const char hdr[] = "sku,name,producer_code,producer_name,producer_kind,"
				  "producer_province,group,stars,price\n";
	static const struct {
		const char *rows;
		const char *msg;
	} cases[] = {
		{ "A,B,P,HTX P,HTX,01,1,3,1000\nC,\"D\nE,P,,,,1,3,1000\n",
		  "line 3: a quoted field is never closed" },
		{ "A,B,P,HTX P,HTX,01,1,3,1000,extra\n", "line 2: 10 fields, but the header has 9" },
		{ "A,\"B\nB\",P,HTX P,HTX,01,1,3,1000\nC,D,P\n", "line 4: 3 fields, but the header has 9" },
		{ "A,\"B\"x,P,HTX P,HTX,01,1,3,1000\n", "line 2: text after a closing quote" },
		{ "A,B,P,HTX P,HTX,01,1,3,1000\nC,D,P,,Doanh nghiệp,,1,3,1000\n",
		  "line 3 (producer \"P\"): producer_kind: \"enterprise\" here, \"cooperative\" on line 2" },
		{ "A,B,P,HTX P,HTX,01,1,3,1000\nC,D,P,HTX P,HTX,04,1,3,1000\n",
		  "line 3 (producer \"P\"): producer_province: \"04\" here, \"01\" on line 2" },
		{ "C,D,P,,,04,1,3,1000\n", "line 2 (producer \"P\"): producer_name: missing" },
		{ "A,B,,,,,1,3,1000\n", "line 2 (sku \"A\"): producer_code: missing" },
		{ ",B,P,,,,1,3,1000\n", "line 2: sku: missing" },
		{ "A,B,P,HTX P,,01,1,3,1000\n", "line 2 (producer \"P\"): producer_kind: missing" },
		{ "A,B\x80,P,HTX P,HTX,01,1,3,1000\n", "line 2: field 2 is not valid UTF-8" },
	};
	size_t i;
	char buf[512];

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(buf, sizeof(buf), "%s%s", hdr, cases[i].rows);
		import_bad(t->db, buf, CATFILE_CSV, &err);
		if (!strstr(err.msg, cases[i].msg))
			fail_msg("case %zu: expected \"%s\" in \"%s\"", i, cases[i].msg, err.msg);
	}
	import_bad(t->db, "sku,name,producer_code,group,stars\nA,B,P,1,3\n", CATFILE_CSV, &err);
	assert_contains(err.msg, "line 1: the header has no \"price\" column");
	import_bad(t->db, "sku,name,producer_code,group,stars,price,Price\n", CATFILE_CSV, &err);
	assert_contains(err.msg, "the column \"price\" appears twice");
	import_bad(t->db, "", CATFILE_CSV, &err);
	assert_contains(err.msg, "the file is empty");
	{
		static const char nul[] = "sku,name\0,producer_code,group,stars,price\n";

		assert_int_equal(catfile_import(t->db, nul, sizeof(nul) - 1, CATFILE_CSV, "test",
						NULL, &err), POS_ERR_INVALID);
		assert_contains(err.msg, "line 1: the file contains a NUL byte");
	}
	assert_int_equal(count_products(t->db), 0);
	assert_int_equal(count_producers(t->db), 0);
}

static void test_csv_booleans(void **state)
{
	struct testdb *t = *state;
	struct pos_error err;
	struct producer q;
	const char *csv =
		"sku,name,producer_code,producer_name,producer_kind,producer_province,women_led,"
		"ethnic_minority_led,group,stars,price,active\n"
		"A,Một,P1,HTX 1,HTX,01,Có,KHÔNG,1,3,1,yes\n"
		"B,Hai,P2,HTX 2,HTX,01,x,,1,3,1,TRUE\n"
		"C,Ba,P3,HTX 3,HTX,01,0,1,1,3,1,0\n"
		"D,Bốn,P4,HTX 4,HTX,01,false,yes,1,3,1,không\n";
	struct product p;

	import_ok(t->db, csv, CATFILE_CSV, NULL);
	get_producer(t->db, "P1", &q);
	assert_int_equal(q.women_led, 1);
	assert_int_equal(q.ethnic_minority_led, 0);
	get_producer(t->db, "P2", &q);
	assert_int_equal(q.women_led, 1);
	assert_int_equal(q.ethnic_minority_led, 0);
	get_producer(t->db, "P3", &q);
	assert_int_equal(q.women_led, 0);
	assert_int_equal(q.ethnic_minority_led, 1);
	get_producer(t->db, "P4", &q);
	assert_int_equal(q.ethnic_minority_led, 1);
	get_product(t->db, "A", &p);
	assert_int_equal(p.active, 1);
	get_product(t->db, "C", &p);
	assert_int_equal(p.active, 0);
	get_product(t->db, "D", &p);
	assert_int_equal(p.active, 0);
	import_bad(t->db, "sku,name,producer_code,group,stars,price,is_service\n"
		   "A,Một,P1,1,3,1,maybe\n", CATFILE_CSV, &err);
	assert_contains(err.msg, "line 2 (sku \"A\"): is_service: must be yes or no");
}

/* A spreadsheet of prices only leaves everything else alone. */
static void test_partial_csv(void **state)
{
	struct testdb *t = *state;
	struct catfile_result res;
	struct product p;

	import_sample(t->db, "catalog-sample.json", NULL);
	import_ok(t->db, "sku,name,producer_code,group,stars,price\n"
		  "TM-RUOU-SAM,Rượu sâm Ngọc Linh 500ml,HTX-SAM-TRAMY,2,5,1.350.000\n"
		  "TL-CHE-200,Chè Shan tuyết Tân Lập 200g,HTX-CHE-TANLAP,1,4,185000\n",
		  CATFILE_CSV, &res);
	assert_int_equal(res.products_updated, 1);
	assert_int_equal(res.products_unchanged, 1);
	get_product(t->db, "TM-RUOU-SAM", &p);
	assert_int_equal(p.price, 1350000);
	assert_int_equal(p.nbarcodes, 2);
	assert_string_equal(p.origin_province, "48");
	assert_string_equal(p.product_set, "2.02");
	assert_string_equal(p.cert_number, "88/QĐ-BNNMT");
	assert_string_equal(p.unit, "chai");
	/* a changed group drops a product set of the old group */
	import_ok(t->db, "sku,name,producer_code,group,stars,price\n"
		  "TM-RUOU-SAM,Rượu sâm Ngọc Linh 500ml,HTX-SAM-TRAMY,3,5,1350000\n",
		  CATFILE_CSV, &res);
	get_product(t->db, "TM-RUOU-SAM", &p);
	assert_int_equal(p.ocop_group, 3);
	assert_string_equal(p.product_set, "");
}

/* The CSV and JSON samples describe the same catalogue. */
static void test_csv_equals_json(void **state)
{
	struct testdb *t = *state;
	struct catfile_result res;
	struct db *db2;
	char *a, *b;

	import_sample(t->db, "catalog-sample.json", NULL);
	open_second(t, &db2);
	import_sample(db2, "catalog-sample.csv", &res);
	assert_int_equal(res.producers_added, 4);
	assert_int_equal(res.products_added, 5);
	a = export_str(t->db, CATFILE_JSON);
	b = export_str(db2, CATFILE_JSON);
	assert_string_equal(a, b);
	free(a);
	free(b);
	db_close(db2);
}

/* Extra records that exercise quoting and inactive flags. */
static const char extra_json[] =
	"{\"format\": \"ocop-pos/catalog\", \"version\": 1,\n"
	" \"producers\": [\n"
	"  {\"code\": \"HKD-LANG-VONG\", \"name\": \"Cơ sở \\\"Cốm\\\" Làng Vòng, Hà Nội\",\n"
	"   \"kind\": \"household\", \"province\": \"01\", \"contact\": \"Bà Nguyễn Thị Hà\",\n"
	"   \"women_led\": true, \"active\": false},\n"
	"  {\"code\": \"THT-MAY-TRE\", \"name\": \"Tổ hợp tác Mây tre Phú Vinh\",\n"
	"   \"kind\": \"cooperative_group\", \"province\": \"01\", \"commune\": \"Xã Phú Nghĩa\"}\n"
	" ],\n"
	" \"products\": [\n"
	"  {\"sku\": \"LV-COM-01\", \"name\": \"Cốm \\\"Làng Vòng\\\", gói 500g\",\n"
	"   \"producer\": \"HKD-LANG-VONG\", \"group\": 1, \"stars\": 3, \"price\": 120000,\n"
	"   \"barcodes\": [\"8936045001011\"], \"active\": false, \"vat_rate\": 0,\n"
	"   \"certificate\": {\"number\": \"5/QĐ-UBND\", \"issuer\": \"UBND TP Hà Nội\"}}\n"
	" ]}";

static void roundtrip(struct testdb *t, enum catfile_format fmt)
{
	struct catfile_result res;
	struct pos_error err;
	struct db *db2;
	char *first, *second;

	import_sample(t->db, "catalog-sample.json", NULL);
	import_ok(t->db, extra_json, CATFILE_JSON, NULL);
	first = export_str(t->db, fmt);
	/* into the same database: nothing changes */
	import_ok(t->db, first, fmt, &res);
	assert_int_equal(res.producers_added + res.producers_updated, 0);
	assert_int_equal(res.products_added + res.products_updated, 0);
	assert_int_equal(res.producers_unchanged, 6);
	assert_int_equal(res.products_unchanged, 6);
	/* into a fresh one, and out again: the same bytes */
	open_second(t, &db2);
	if (catfile_import(db2, first, strlen(first), fmt, "test", &res, &err))
		fail_msg("re-import: %s\n%s", err.msg, first);
	assert_int_equal(res.producers_added, 6);
	assert_int_equal(res.products_added, 6);
	second = export_str(db2, fmt);
	assert_string_equal(first, second);
	free(first);
	free(second);
	db_close(db2);
}

static void test_roundtrip_json(void **state)
{
	struct testdb *t = *state;
	char *s;

	roundtrip(t, CATFILE_JSON);
	s = export_str(t->db, CATFILE_JSON);
	assert_true(strncmp(s, "{\n\t\"format\":\t\"ocop-pos/catalog\",\n\t\"version\":\t1,", 45) == 0);
	assert_contains(s, "\"name\":\t\"Cốm \\\"Làng Vòng\\\", gói 500g\"");   /* UTF-8 as is */
	assert_contains(s, "\"vat_rate\":\t\"KCT\"");
	assert_contains(s, "\"price\":\t1200000,");
	free(s);
}

static void test_roundtrip_csv(void **state)
{
	struct testdb *t = *state;
	char *s;

	roundtrip(t, CATFILE_CSV);
	s = export_str(t->db, CATFILE_CSV);
	assert_true(strncmp(s, "\xEF\xBB\xBFsku,barcodes,name,unit,producer_code,producer_name,", 50) == 0);
	assert_contains(s, ",\"Cốm \"\"Làng Vòng\"\", gói 500g\",");
	/* the producer without products has a row of its own */
	assert_contains(s, "\r\n,,,,THT-MAY-TRE,Tổ hợp tác Mây tre Phú Vinh,cooperative_group,01,");
	free(s);
}

static void test_export_empty(void **state)
{
	struct testdb *t = *state;
	struct catfile_result res;
	char *s;

	s = export_str(t->db, CATFILE_JSON);
	assert_string_equal(s, "{\n\t\"format\":\t\"ocop-pos/catalog\",\n\t\"version\":\t1,\n"
			    "\t\"producers\":\t[],\n\t\"products\":\t[]\n}\n");
	import_ok(t->db, s, CATFILE_JSON, &res);
	assert_int_equal(res.products_added + res.producers_added, 0);
	free(s);
	s = export_str(t->db, CATFILE_CSV);
	assert_int_equal(strncmp(s, "\xEF\xBB\xBFsku,", 7), 0);
	assert_non_null(strstr(s, "producer_active\r\n"));
	assert_int_equal(s[strlen(s) - 1], '\n');
	free(s);
}

static void test_parse_without_db(void **state)
{
	struct catfile_doc *doc = NULL;
	struct pos_error err;
	const char *csv = "sku,name,producer_code,group,stars,price,origin_province\n"
			  "A,Một,IN-DB,1,3,1000,\n"
			  "B,Hai,IN-DB,1,3,1000,Bắc Giang\n";

	(void)state;
	assert_int_equal(catfile_parse(csv, strlen(csv), CATFILE_CSV, &doc, &err), 0);
	assert_non_null(doc);
	assert_int_equal(doc->nproducers, 0);
	assert_int_equal(doc->nproducts, 2);
	assert_string_equal(doc->products[0].origin_province, "");   /* from the db, later */
	assert_string_equal(doc->products[1].origin_province, "24"); /* legacy name */
	assert_string_equal(doc->products[1].producer, "IN-DB");
	catfile_doc_free(doc);
	catfile_doc_free(NULL);
	doc = NULL;
	assert_int_not_equal(catfile_parse("x", 1, CATFILE_JSON, &doc, &err), 0);
	assert_null(doc);
}

static void test_import_file_errors(void **state)
{
	struct testdb *t = *state;
	struct pos_error err;
	char path[256];
	FILE *f;

	testdb_path(t, "missing.json", path, sizeof(path));
	assert_int_equal(catfile_import_file(t->db, path, NULL, NULL, &err), POS_ERR_NOT_FOUND);
	assert_contains(err.msg, "missing.json: no such file");
	testdb_path(t, "dir.csv", path, sizeof(path));
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(catfile_import_file(t->db, path, NULL, NULL, &err), POS_ERR_INVALID);
	assert_contains(err.msg, "is a directory");
	testdb_path(t, "catalog.txt", path, sizeof(path));
	assert_int_equal(catfile_import_file(t->db, path, NULL, NULL, &err), POS_ERR_INVALID);
	assert_contains(err.msg, "use a .json or .csv file");
	/* a file the import reads and records as its source */
	testdb_path(t, "prices.csv", path, sizeof(path));
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("sku,name,producer_code,producer_name,producer_kind,producer_province,group,stars,"
	      "price\nA,Một,P,HTX P,HTX,01,1,3,1000\n", f);
	fclose(f);
	assert_int_equal(catfile_import_file(t->db, path, NULL, NULL, &err), 0);
	assert_int_equal(count_products(t->db), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_from_name),
		cmocka_unit_test_setup_teardown(test_json_sample, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reimport_unchanged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_price_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_record_rejects_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_record_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_producer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_format_and_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_quoting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_booleans, setup, teardown),
		cmocka_unit_test_setup_teardown(test_partial_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_equals_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_roundtrip_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_roundtrip_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parse_without_db, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_file_errors, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
