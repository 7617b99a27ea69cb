/*
 * test_transfer.c - transfer files between two showroom databases: a good
 * transfer (lots, expiry, receipt date and ownership travel), the same
 * file twice, a tampered, a truncated, a misaddressed and an unsigned
 * file, an unregistered sender, a product unknown at the receiver, a
 * re-indented file that still verifies, and the sender's refusals (to
 * itself, an existing file, more than on hand).  Every refusal leaves the
 * receiving ledger as it was.
 */
#include <ctype.h>
#include <sqlite3.h>

#include "testutil.h"
#include "core/catalog.h"
#include "core/check.h"
#include "core/producer.h"
#include "core/receipt.h"
#include "core/receipt_data.h"
#include "core/showroom.h"
#include "core/sign.h"
#include "core/stock.h"
#include "core/transfer.h"
#include "core/user.h"

#define TEST_NOW "2026-11-22T03:00:00Z"

struct fx {
	struct testdb a, b, c;     /* DN01 sends, HUE01 receives, HN01 is a third */
	char file[160];
};

static void query_text(struct db *db, const char *sql, char *out, size_t n)
{
	sqlite3_stmt *st;

	out[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

static void add_producer(struct db *db, const char *code)
{
	struct producer p;
	struct pos_error err;

	producer_init(&p);
	snprintf(p.code, sizeof(p.code), "%s", code);
	snprintf(p.name, sizeof(p.name), "Hợp tác xã %s", code);
	snprintf(p.province, sizeof(p.province), "08");
	if (producer_save(db, &p, NULL, &err))
		fail_msg("producer_save: %s", err.msg);
}

static void add_product(struct db *db, const char *sku, const char *name, const char *barcode,
			int shelf)
{
	struct product p;
	struct pos_error err;

	product_init(&p);
	snprintf(p.sku, sizeof(p.sku), "%s", sku);
	snprintf(p.name, sizeof(p.name), "%s", name);
	snprintf(p.producer, sizeof(p.producer), "HTX-A");
	snprintf(p.origin_province, sizeof(p.origin_province), "08");
	p.ocop_group = 1;
	p.stars = 4;
	p.price = 185000;
	p.shelf_life_days = shelf;
	if (barcode) {
		snprintf(p.barcodes[0], PRODUCT_BARCODE_LEN, "%s", barcode);
		p.nbarcodes = 1;
	}
	if (product_validate(&p, &err) || catalog_save(db, &p, "test", NULL, &err))
		fail_msg("product %s: %s", sku, err.msg);
}

static void make_showroom(struct testdb *t, const char *code, int catalogue)
{
	struct showroom s;
	struct pos_error err;

	testdb_open(t);
	showroom_init_struct(&s);
	snprintf(s.code, sizeof(s.code), "%s", code);
	snprintf(s.name, sizeof(s.name), "Điểm OCOP %s", code);
	snprintf(s.province, sizeof(s.province), "46");
	if (showroom_create(t->db, &s, &err))
		fail_msg("showroom: %s", err.msg);
	add_producer(t->db, "HTX-A");
	add_producer(t->db, "HKD-B");
	add_product(t->db, "MO-1", "Mật ong bạc hà Mèo Vạc", "8931234500016", 365);
	if (catalogue)   /* only the sender has the tea */
		add_product(t->db, "CH-1", "Chè Shan tuyết", NULL, 540);
}

/* dst trusts src's key. */
static void trust(struct db *dst, struct db *src, const char *code)
{
	char key[SIGN_PUBKEY_B64];
	struct pos_error err;

	if (sign_public_key(src, key, &err) || sign_register(dst, code, key, &err))
		fail_msg("keys: %s", err.msg);
}

static long long product_id(struct db *db, const char *sku)
{
	struct product p;
	struct pos_error err;

	if (catalog_get(db, sku, &p, &err))
		fail_msg("catalog_get: %s", err.msg);
	return p.id;
}

static void receive(struct db *db, const char *sku, int64_t qty, const char *lot,
		    const char *expiry, const char *received, const char *owner, int bp)
{
	struct stock_receipt_line l;
	struct producer o;
	struct pos_error err;
	char grn[STOCK_DOC_MAX];

	memset(&l, 0, sizeof(l));
	l.product_id = product_id(db, sku);
	l.qty_milli = qty;
	l.unit_cost = 120000;
	snprintf(l.lot_no, sizeof(l.lot_no), "%s", lot);
	snprintf(l.expiry, sizeof(l.expiry), "%s", expiry ? expiry : "");
	if (owner) {
		assert_int_equal(producer_get(db, owner, &o, &err), 0);
		l.owner_producer_id = o.id;
		l.commission_bp = bp;
	}
	if (stock_receive(db, NULL, received, &l, 1, grn, &err))
		fail_msg("stock_receive: %s", err.msg);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	setenv("OCOP_POS_NOW", TEST_NOW, 1);
	make_showroom(&f->a, "DN01", 1);
	make_showroom(&f->b, "HUE01", 0);
	make_showroom(&f->c, "HN01", 0);
	trust(f->b.db, f->a.db, "DN01");
	trust(f->c.db, f->a.db, "DN01");
	snprintf(f->file, sizeof(f->file), "%s/transfer.json", f->a.dir);
	receive(f->a.db, "MO-1", 5000, "MV-2610", "2027-10-01", "2026-10-01", NULL, 0);
	receive(f->a.db, "MO-1", 4000, "MV-2611", "2027-11-01", "2026-11-01", "HKD-B", 2000);
	receive(f->a.db, "CH-1", 2000, "CH-01", NULL, NULL, NULL, 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	testdb_close(&f->a);
	testdb_close(&f->b);
	testdb_close(&f->c);
	free(f);
	unsetenv("OCOP_POS_NOW");
	return 0;
}

static char *slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long len;

	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	len = ftell(fp);
	assert_true(len > 0);
	rewind(fp);
	buf = malloc((size_t)len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, fp), (size_t)len);
	buf[len] = '\0';
	fclose(fp);
	*n = (size_t)len;
	return buf;
}

/* Send 6 jars of MO-1 (FEFO: 5 owned + 1 consigned) from DN01 to `to`. */
static void send(struct fx *f, const char *to, struct transfer_doc **out)
{
	struct transfer_item it = { 0, NULL, 6000 };
	struct pos_error err;

	it.product_id = product_id(f->a.db, "MO-1");
	if (transfer_out(f->a.db, NULL, to, &it, 1, "hàng cho Tết", f->file, out, &err))
		fail_msg("transfer_out: %s", err.msg);
}

static long long moves(struct db *db)
{
	return testdb_query(db, "SELECT count(*) FROM stock_move");
}

static int problems(struct db *db)
{
	struct pos_error err;
	int n = -1;

	assert_int_equal(check_run(db, NULL, NULL, &n, &err), 0);
	return n;
}

static void test_good_transfer(void **state)
{
	struct fx *f = *state;
	struct transfer_doc *d = NULL, *in = NULL;
	struct pos_error err;
	char text[64];
	int64_t q;

	send(f, "HUE01", &d);
	assert_int_equal(d->nlots, 2);
	assert_string_equal(d->lots[0].lot_no, "MV-2610");
	assert_int_equal(d->lots[0].qty_milli, 5000);
	assert_string_equal(d->lots[1].owner, "HKD-B");
	assert_int_equal(d->lots[1].qty_milli, 1000);
	assert_string_equal(d->lots[0].barcodes[0], "8931234500016");
	assert_int_equal(stock_on_hand(f->a.db, product_id(f->a.db, "MO-1"), &q, &err), 0);
	assert_int_equal(q, 3000);
	query_text(f->a.db, "SELECT status FROM transfer", text, sizeof(text));
	assert_string_equal(text, "in_transit");
	assert_int_equal(testdb_query(f->a.db, "SELECT count(*) FROM stock_move WHERE "
				     "kind = 'transfer_out'"), 2);

	assert_int_equal(transfer_in(f->b.db, NULL, f->file, &in, &err), 0);
	assert_string_equal(in->uuid, d->uuid);
	assert_int_equal(stock_on_hand(f->b.db, product_id(f->b.db, "MO-1"), &q, &err), 0);
	assert_int_equal(q, 6000);
	query_text(f->b.db, "SELECT expiry || ' ' || received_on || ' ' || unit_cost FROM lot "
		   "WHERE lot_no = 'MV-2610'", text, sizeof(text));
	assert_string_equal(text, "2027-10-01 2026-10-01 120000");
	query_text(f->b.db, "SELECT p.code || ' ' || l.commission_bp || ' ' || l.on_hand_milli "
		   "FROM lot l JOIN producer p ON p.id = l.owner_producer_id "
		   "WHERE l.lot_no = 'MV-2611'", text, sizeof(text));
	assert_string_equal(text, "HKD-B 2000 1000");
	assert_int_equal(testdb_query(f->b.db, "SELECT count(*) FROM stock_move WHERE "
				     "kind = 'transfer_in'"), 2);
	query_text(f->b.db, "SELECT direction || ' ' || status || ' ' || from_showroom FROM "
		   "transfer", text, sizeof(text));
	assert_string_equal(text, "in received DN01");
	assert_int_equal(problems(f->a.db), 0);
	assert_int_equal(problems(f->b.db), 0);

	/* the same file twice */
	long long before = moves(f->b.db);
	assert_int_equal(transfer_in(f->b.db, NULL, f->file, NULL, &err), POS_ERR_EXISTS);
	assert_non_null(strstr(err.msg, "already received"));
	assert_int_equal(moves(f->b.db), before);
	transfer_doc_free(d);
	transfer_doc_free(in);
}

/* Receiving data must fail with code and leave HUE01's ledger as it was. */
static void refused(struct fx *f, struct db *db, const char *data, size_t n, int code,
		    const char *words)
{
	struct transfer_doc *d = NULL;
	struct pos_error err;
	long long before = moves(db), tr = testdb_query(db, "SELECT count(*) FROM transfer");

	pos_error_clear(&err);
	assert_int_equal(transfer_in_data(db, NULL, data, n, &d, &err), code);
	assert_null(d);
	if (!strstr(err.msg, words))
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, words);
	assert_int_equal(moves(db), before);
	assert_int_equal(testdb_query(db, "SELECT count(*) FROM transfer"), tr);
	(void)f;
}

static void test_bad_files(void **state)
{
	struct fx *f = *state;
	char *text, *p;
	size_t n;

	send(f, "HUE01", NULL);
	text = slurp(f->file, &n);

	/* tampered: 5 jars become 9 */
	p = strstr(text, "\"qty_milli\": 5000");
	assert_non_null(p);
	p[13] = '9';
	refused(f, f->b.db, text, n, POS_ERR_REFUSED, "signature does not match");
	p[13] = '5';
	/* tampered: another lot number */
	p = strstr(text, "MV-2610");
	p[6] = '9';
	refused(f, f->b.db, text, n, POS_ERR_REFUSED, "changed after it was sent");
	p[6] = '0';
	/* truncated */
	refused(f, f->b.db, text, n / 2, POS_ERR_INVALID, "not valid JSON");
	refused(f, f->b.db, text, 0, POS_ERR_INVALID, "empty");
	/* misaddressed: HN01 trusts DN01 but the file is for HUE01 */
	refused(f, f->c.db, text, n, POS_ERR_REFUSED, "addressed to showroom HUE01");
	/* the sender reading its own file */
	refused(f, f->a.db, text, n, POS_ERR_REFUSED, "addressed to showroom HUE01");
	/* unsigned */
	p = strstr(text, "\"signature\"");
	assert_non_null(p);
	memcpy(p, "\"signatura\"", 11);
	refused(f, f->b.db, text, n, POS_ERR_INVALID, "not signed");
	memcpy(p, "\"signature\"", 11);
	/* a wrong format or version */
	p = strstr(text, "\"version\": 1");
	p[11] = '2';
	refused(f, f->b.db, text, n, POS_ERR_INVALID, "version 2");
	p[11] = '1';

	/* the good file, re-indented by an editor, still goes in (once) */
	for (p = text; *p; p++)
		if (*p == '\t')
			*p = ' ';
	{
		struct pos_error err;

		assert_int_equal(transfer_in_data(f->b.db, NULL, text, n, NULL, &err), 0);
		refused(f, f->b.db, text, n, POS_ERR_EXISTS, "already received");
	}
	free(text);
}

static void test_unknown_sender_and_product(void **state)
{
	struct fx *f = *state;
	struct transfer_item it = { 0, NULL, 1000 };
	struct pos_error err;
	char *text;
	size_t n;
	struct testdb d;

	/* HUE01 does not know the tea */
	it.product_id = product_id(f->a.db, "CH-1");
	assert_int_equal(transfer_out(f->a.db, NULL, "HUE01", &it, 1, NULL, f->file, NULL, &err), 0);
	text = slurp(f->file, &n);
	refused(f, f->b.db, text, n, POS_ERR_NOT_FOUND, "CH-1");
	free(text);

	/* a showroom that never registered DN01's key */
	make_showroom(&d, "HUE01", 1);
	unlink(f->file);
	it.product_id = product_id(f->a.db, "MO-1");
	assert_int_equal(transfer_out(f->a.db, NULL, "HUE01", &it, 1, NULL, f->file, NULL, &err), 0);
	text = slurp(f->file, &n);
	refused(f, d.db, text, n, POS_ERR_NOT_FOUND, "DN01");
	/* ... and one that registered another key under that name */
	trust(d.db, f->c.db, "DN01");
	refused(f, d.db, text, n, POS_ERR_REFUSED, "signature");
	free(text);
	testdb_close(&d);
}

static void test_sender_refusals(void **state)
{
	struct fx *f = *state;
	struct transfer_item it = { 0, NULL, 10000 };
	struct user cashier = { 7, "thu", "Thu", ROLE_CASHIER, 1 };
	struct pos_error err;
	long long before = moves(f->a.db);

	it.product_id = product_id(f->a.db, "MO-1");
	/* more than on hand: never oversold, even when the till may */
	assert_int_equal(setting_set(f->a.db, "stock.oversell", "allow", &err), 0);
	assert_int_equal(transfer_out(f->a.db, NULL, "HUE01", &it, 1, NULL, f->file, NULL, &err),
			 POS_ERR_REFUSED);
	assert_int_equal(access(f->file, F_OK), -1);
	it.qty_milli = 1000;
	assert_int_equal(transfer_out(f->a.db, NULL, "DN01", &it, 1, NULL, f->file, NULL, &err),
			 POS_ERR_INVALID);
	assert_int_equal(transfer_out(f->a.db, &cashier, "HUE01", &it, 1, NULL, f->file, NULL,
				      &err), POS_ERR_PERM);
	/* a named lot */
	it.lot_no = "NOPE";
	assert_int_equal(transfer_out(f->a.db, NULL, "HUE01", &it, 1, NULL, f->file, NULL, &err),
			 POS_ERR_NOT_FOUND);
	/* an existing file is never replaced, and nothing moves */
	it.lot_no = "MV-2611";
	{
		FILE *fp = fopen(f->file, "w");

		assert_non_null(fp);
		fclose(fp);
	}
	assert_int_equal(transfer_out(f->a.db, NULL, "HUE01", &it, 1, NULL, f->file, NULL, &err),
			 POS_ERR_EXISTS);
	assert_int_equal(moves(f->a.db), before);
	assert_int_equal(testdb_query(f->a.db, "SELECT count(*) FROM transfer"), 0);
	unlink(f->file);
	assert_int_equal(transfer_out(f->a.db, NULL, "HUE01", &it, 1, NULL, f->file, NULL, &err), 0);
	assert_int_equal(testdb_query(f->a.db, "SELECT count(*) FROM stock_move WHERE "
				     "kind = 'transfer_out' AND lot_id = 2"), 1);
}

static void test_parse_roundtrip(void **state)
{
	struct fx *f = *state;
	struct transfer_doc *d = NULL, *e = NULL;
	struct pos_error err;
	char *text, *t2, *c1, *c2;
	size_t n, n2, l1, l2;

	send(f, "HUE01", NULL);
	text = slurp(f->file, &n);
	assert_int_equal(transfer_parse(text, n, &d, &err), 0);
	assert_string_equal(d->note, "hàng cho Tết");
	assert_int_equal(transfer_file_text(d, &t2, &n2, &err), 0);
	assert_int_equal(n2, n);
	assert_memory_equal(t2, text, n);
	assert_int_equal(transfer_parse(t2, n2, &e, &err), 0);
	assert_int_equal(transfer_canonical(d, &c1, &l1, &err), 0);
	assert_int_equal(transfer_canonical(e, &c2, &l2, &err), 0);
	assert_int_equal(l1, l2);
	assert_memory_equal(c1, c2, l1);
	assert_null(strstr(c1, "signature"));
	free(c1);
	free(c2);
	free(t2);
	transfer_doc_free(d);
	transfer_doc_free(e);
	/* field errors name the field */
	{
		char *p = strstr(text, "\"commission_bp\": 2000");

		assert_non_null(p);
		memcpy(p, "\"commission_bp\": 9e99", 21);
		d = NULL;
		assert_int_equal(transfer_parse(text, n, &d, &err), POS_ERR_INVALID);
		assert_non_null(strstr(err.msg, "lots[1].commission_bp"));
		assert_null(d);
	}
	free(text);
}

/* The note printed again: the kept file by UUID, by its first 8 characters
 * and by the note's number; an ambiguous prefix, a transfer from before
 * files were kept and a kept file altered in the database are refused. */
static void test_reprint(void **state)
{
	struct fx *f = *state;
	struct transfer_doc *d = NULL, *got = NULL, *in = NULL;
	struct receipt_rec *rec = NULL;
	struct pos_error err;
	char prefix[16], no[24], tpl[32], sql[256];
	size_t i;

	send(f, "HUE01", &d);
	assert_int_equal(transfer_get(f->a.db, d->uuid, &got, &err), 0);
	assert_string_equal(got->uuid, d->uuid);
	assert_string_equal(got->note, "hàng cho Tết");
	assert_int_equal(got->nlots, 2);
	assert_int_equal(got->lots[1].qty_milli, 1000);
	transfer_doc_free(got);
	got = NULL;
	snprintf(prefix, sizeof(prefix), "%.8s", d->uuid);
	for (i = 0; prefix[i]; i++)
		prefix[i] = (char)toupper((unsigned char)prefix[i]);
	assert_int_equal(transfer_get(f->a.db, prefix, &got, &err), 0);
	assert_string_equal(got->uuid, d->uuid);
	transfer_doc_free(got);
	got = NULL;
	/* the receiver keeps the file it received, too */
	assert_int_equal(transfer_in(f->b.db, NULL, f->file, &in, &err), 0);
	assert_int_equal(transfer_get(f->b.db, d->uuid, &got, &err), 0);
	assert_string_equal(got->from, "DN01");
	transfer_doc_free(got);
	got = NULL;
	/* receipt print / preview / show take the note's number */
	snprintf(no, sizeof(no), "CK-%s", prefix);
	assert_int_equal(receipt_data_load(f->a.db, no, 1, tpl, sizeof(tpl), &rec, &err), 0);
	assert_string_equal(tpl, "transfer");
	assert_string_equal(receipt_rec_get(rec, "to"), "HUE01");
	receipt_rec_free(rec);
	/* not a UUID, unknown, too short */
	assert_int_equal(transfer_get(f->a.db, "xyz", &got, &err), POS_ERR_NOT_FOUND);
	assert_int_equal(transfer_get(f->a.db, "0000000000", &got, &err), POS_ERR_NOT_FOUND);
	assert_non_null(strstr(err.msg, "stock transfers"));
	/* two transfers beginning alike */
	snprintf(sql, sizeof(sql), "INSERT INTO transfer (uuid, direction, from_showroom, "
		 "to_showroom, status, created_at, sha256) VALUES ('%.8s-0000-4000-8000-"
		 "000000000000', 'out', 'DN01', 'HN01', 'in_transit', '2026-01-01T00:00:00Z', '')",
		 d->uuid);
	testdb_exec(f->a.db, sql);
	assert_int_equal(transfer_get(f->a.db, prefix, &got, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "more than one"));
	/* recorded before files were kept: no file */
	snprintf(sql, sizeof(sql), "%.8s-0000-4000-8000-000000000000", d->uuid);
	assert_int_equal(transfer_get(f->a.db, sql, &got, &err), POS_ERR_NOT_FOUND);
	assert_non_null(strstr(err.msg, "cannot be printed again"));
	/* the kept file altered with its hash made to match: the signature refuses it */
	snprintf(sql, sizeof(sql), "UPDATE transfer SET doc = replace(doc, 'hàng cho Tết', "
		 "'hàng mẫu'), sha256 = pos_sha256(replace(doc, 'hàng cho Tết', 'hàng mẫu')) "
		 "WHERE uuid = '%s'", d->uuid);
	testdb_exec(f->a.db, sql);
	assert_int_equal(transfer_get(f->a.db, d->uuid, &got, &err), POS_ERR_REFUSED);
	assert_non_null(strstr(err.msg, "not signed by showroom DN01"));
	assert_null(got);
	/* the kept file altered: refused, not printed */
	snprintf(sql, sizeof(sql), "UPDATE transfer SET doc = replace(doc, 'HUE01', 'HN01') "
		 "WHERE uuid = '%s'", d->uuid);
	testdb_exec(f->a.db, sql);
	assert_int_equal(transfer_get(f->a.db, d->uuid, &got, &err), POS_ERR_REFUSED);
	assert_non_null(strstr(err.msg, "SHA-256"));
	assert_null(got);
	transfer_doc_free(d);
	transfer_doc_free(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_good_transfer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_sender_and_product, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sender_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parse_roundtrip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reprint, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
