/*
 * exchange_fx.h - the fixture of the exchange-file tests (test_batch.c,
 * test_pghub.c): two showrooms (DN01, HN01) with a small catalogue and
 * sales written with SQL as sale_complete() would, an SQLite hub, and
 * tamper(): a file changed and signed again with the showroom's own key.
 * Include after testutil.h and the core headers it uses.
 */
#ifndef OCOP_TEST_EXCHANGE_FX_H
#define OCOP_TEST_EXCHANGE_FX_H

struct fx {
	struct testdb t;              /* showroom DN01 */
	struct db *hn, *hub;          /* showroom HN01, the hub */
	char file[8][200];
	int nsale;
};

static inline void make_showroom(struct db *db, const char *code, const char *name, const char *prov,
			  int hub)
{
	struct showroom s;
	struct pos_error err;

	showroom_init_struct(&s);
	snprintf(s.code, sizeof(s.code), "%s", code);
	snprintf(s.name, sizeof(s.name), "%s", name);
	snprintf(s.province, sizeof(s.province), "%s", prov);
	s.is_hub = hub;
	if (showroom_create(db, &s, &err))
		fail_msg("showroom: %s", err.msg);
}

static inline void catalogue(struct db *db)
{
	static const struct {
		const char *code, *name, *prov;
		enum producer_kind kind;
	} pr[] = {
		{ "HTX-A", "HTX Mật ong Mèo Vạc", "08", PRODUCER_COOPERATIVE },
		{ "HKD-C", "Hộ Thào Thị Dính", "08", PRODUCER_HOUSEHOLD },
	};
	static const struct {
		const char *sku, *name, *producer;
		int stars;
	} pd[] = {
		{ "MO-1", "Mật ong bạc hà 500 ml", "HTX-A", 4 },
		{ "TH-1", "Thịt bò khô Đồng Văn", "HKD-C", 3 },
	};
	struct pos_error err;
	size_t i;

	for (i = 0; i < 2; i++) {
		struct producer p;

		producer_init(&p);
		snprintf(p.code, sizeof(p.code), "%s", pr[i].code);
		snprintf(p.name, sizeof(p.name), "%s", pr[i].name);
		snprintf(p.province, sizeof(p.province), "%s", pr[i].prov);
		p.kind = pr[i].kind;
		if (producer_save(db, &p, NULL, &err))
			fail_msg("producer: %s", err.msg);
	}
	for (i = 0; i < 2; i++) {
		struct product p;

		product_init(&p);
		snprintf(p.sku, sizeof(p.sku), "%s", pd[i].sku);
		snprintf(p.name, sizeof(p.name), "%s", pd[i].name);
		snprintf(p.producer, sizeof(p.producer), "%s", pd[i].producer);
		snprintf(p.origin_province, sizeof(p.origin_province), "08");
		p.ocop_group = 1;
		p.stars = pd[i].stars;
		p.price = 150000;
		p.vat_rate = 8;
		if (catalog_save(db, &p, "test", NULL, &err))
			fail_msg("product: %s", err.msg);
	}
}

/*
 * A sale (or a refund of sale `orig` when orig > 0) of qty units of sku
 * from lot lot_no (created when missing: HKD-C's goods are consigned at
 * 20 %), with its lot row, stock move and a cash payment.
 */
static inline void sell(struct fx *f, struct db *db, const char *code, const char *sku, int qty,
		 long long amount, const char *date, long long orig)
{
	sqlite3_stmt *st;
	char uuid[40], no[48];
	long long sale, line, lot, product, seq;
	int consigned = !strcmp(sku, "TH-1");

	/* numbers are gapless per showroom, register, year and series */
	assert_int_equal(sqlite3_prepare_v2(db_handle(db),
		"SELECT count(*) + 1 FROM sale WHERE showroom = ?1 AND register = '01' AND "
		"substr(business_date, 1, 4) = substr(?2, 1, 4) AND (kind = 'sale') = ?3",
		-1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, !orig);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	seq = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	f->nsale++;
	snprintf(uuid, sizeof(uuid), "00000000-0000-4000-8000-%012d", f->nsale);
	snprintf(no, sizeof(no), "%s-01-%.4s-%s%06lld", code, date, orig ? "R" : "", seq);
	product = testdb_query(db, consigned ? "SELECT id FROM product WHERE sku = 'TH-1'"
				         : "SELECT id FROM product WHERE sku = 'MO-1'");
	lot = testdb_query(db, consigned ? "SELECT coalesce(max(l.id), 0) FROM lot l JOIN product p"
				       " ON p.id = l.product_id WHERE p.sku = 'TH-1'"
				     : "SELECT coalesce(max(l.id), 0) FROM lot l JOIN product p"
				       " ON p.id = l.product_id WHERE p.sku = 'MO-1'");
	if (!lot) {
		assert_int_equal(sqlite3_prepare_v2(db_handle(db),
			"INSERT INTO lot (product_id, lot_no, received_on, unit_cost, owner_producer_id,"
			" commission_bp, created_at) VALUES (?1, 'LOT-1', '2026-01-01', 90000,"
			" (SELECT id FROM producer WHERE code = ?2), ?3, '2026-01-01T00:00:00Z')",
			-1, &st, NULL), SQLITE_OK);
		sqlite3_bind_int64(st, 1, product);
		if (consigned)
			sqlite3_bind_text(st, 2, "HKD-C", -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, consigned ? 2000 : 0);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_finalize(st);
		lot = sqlite3_last_insert_rowid(db_handle(db));
		assert_int_equal(sqlite3_prepare_v2(db_handle(db),
			"INSERT INTO stock_move (lot_id, product_id, qty_milli, kind, doc, at,"
			" business_date) VALUES (?1, ?2, 100000, 'receive', 'GRN-1',"
			" '2026-01-01T00:00:00Z', '2026-01-01')", -1, &st, NULL), SQLITE_OK);
		sqlite3_bind_int64(st, 1, lot);
		sqlite3_bind_int64(st, 2, product);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_finalize(st);
	}
	assert_int_equal(sqlite3_prepare_v2(db_handle(db),
		"INSERT INTO sale (uuid, kind, receipt_no, showroom, register, seq, original_sale_id,"
		" at, business_date, gross, total, vat) VALUES (?1, ?2, ?3, ?4, '01', ?5, ?6,"
		" ?7 || 'T03:00:00Z', ?7, ?8, ?8, (?8 * 8 + 54) / 108)", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, orig ? "refund" : "sale", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, no, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, seq);
	if (orig)
		sqlite3_bind_int64(st, 6, orig);
	sqlite3_bind_text(st, 7, date, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, amount);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sale = sqlite3_last_insert_rowid(db_handle(db));
	assert_int_equal(sqlite3_prepare_v2(db_handle(db),
		"INSERT INTO sale_line (sale_id, line_no, product_id, sku, name, stars, qty_milli,"
		" list_price, unit_price, amount, vat_rate, vat, cost, commission, original_line_id,"
		" business_date) SELECT ?1, 1, id, sku, name, stars, ?2, price, price, ?3, 8,"
		" (?3 * 8 + 54) / 108, ?2 * 90, ?4, (SELECT id FROM sale_line WHERE sale_id = ?5),"
		" ?6 FROM product WHERE id = ?7", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, sale);
	sqlite3_bind_int64(st, 2, (long long)qty * 1000);
	sqlite3_bind_int64(st, 3, amount);
	sqlite3_bind_int64(st, 4, consigned ? amount / 5 : 0);
	sqlite3_bind_int64(st, 5, orig);
	sqlite3_bind_text(st, 6, date, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, product);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	line = sqlite3_last_insert_rowid(db_handle(db));
	assert_int_equal(sqlite3_prepare_v2(db_handle(db),
		"INSERT INTO sale_line_lot (sale_line_id, lot_id, qty_milli, unit_cost,"
		" owner_producer_id, commission_bp) SELECT ?1, id, ?2, unit_cost, owner_producer_id,"
		" commission_bp FROM lot WHERE id = ?3", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, line);
	sqlite3_bind_int64(st, 2, (long long)qty * 1000);
	sqlite3_bind_int64(st, 3, lot);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(db_handle(db),
		"INSERT INTO stock_move (lot_id, product_id, qty_milli, kind, doc, sale_line_id, at,"
		" business_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7 || 'T03:00:00Z', ?7)", -1, &st,
		NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, lot);
	sqlite3_bind_int64(st, 2, product);
	sqlite3_bind_int64(st, 3, orig ? (long long)qty * 1000 : -(long long)qty * 1000);
	sqlite3_bind_text(st, 4, orig ? "refund" : "sale", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, no, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, line);
	sqlite3_bind_text(st, 7, date, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(db_handle(db),
		"INSERT INTO payment (sale_id, method, amount, tendered) VALUES (?1, 'cash', ?2, ?2)",
		-1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, sale);
	sqlite3_bind_int64(st, 2, amount);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

static inline struct db *open_db(struct fx *f, const char *name)
{
	char path[200];
	struct pos_error err;
	struct db *db;

	testdb_path(&f->t, name, path, sizeof(path));
	if (db_open(path, DB_CREATE, &db, &err))
		fail_msg("db_open: %s", err.msg);
	return db;
}

static inline void register_key(struct db *from, struct db *to, const char *code)
{
	char pk[SIGN_PUBKEY_B64];
	struct pos_error err;

	assert_int_equal(sign_public_key(from, pk, &err), 0);
	assert_int_equal(sign_register(to, code, pk, &err), 0);
}

static inline int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	int i;

	setenv("OCOP_POS_NOW", "2026-03-31T10:00:00Z", 1);
	i18n_set_lang("en", NULL);
	testdb_open(&f->t);
	make_showroom(f->t.db, "DN01", "Điểm OCOP Đà Nẵng", "48", 0);
	catalogue(f->t.db);
	f->hn = open_db(f, "hn.db");
	make_showroom(f->hn, "HN01", "Điểm OCOP Hà Nội", "01", 0);
	catalogue(f->hn);
	f->hub = open_db(f, "hub.db");
	make_showroom(f->hub, "TQ", "Sở Nông nghiệp Tuyên Quang", "08", 1);
	for (i = 0; i < 8; i++)
		testdb_path(&f->t, "", f->file[i], sizeof(f->file[i])),
		snprintf(f->file[i] + strlen(f->file[i]), sizeof(f->file[i]) - strlen(f->file[i]),
			 "x%d.jsonl", i);
	sell(f, f->t.db, "DN01", "MO-1", 2, 300000, "2026-03-02", 0);
	sell(f, f->t.db, "DN01", "TH-1", 1, 120000, "2026-03-03", 0);
	sell(f, f->hn, "HN01", "MO-1", 1, 150000, "2026-03-04", 0);
	*state = f;
	return 0;
}

static inline int teardown(void **state)
{
	struct fx *f = *state;

	db_close(f->hn);
	db_close(f->hub);
	testdb_close(&f->t);
	free(f);
	return 0;
}

static inline char *slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	char *buf;

	assert_non_null(fp);
	buf = malloc(1 << 20);
	*n = fread(buf, 1, 1 << 20, fp);
	fclose(fp);
	return buf;
}

static inline void spit(const char *path, const char *data, size_t n)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, n, fp), n);
	fclose(fp);
}

/*
 * Copy exchange file in to out with the first `old` in the first line
 * holding `match` replaced by `repl`, then signed again with signer's own
 * key: the file a dishonest showroom could make.
 */
static inline void tamper(struct db *signer, const char *in, const char *out, const char *match,
		   const char *old, const char *repl)
{
	size_t n, body;
	char *data = slurp(in, &n), *line, *at, *res, sig[SIGN_SIG_B64];
	struct pos_error err;
	size_t off;

	for (body = n - 1; body > 0 && data[body - 1] != '\n'; body--)
		;
	data[body] = '\0';
	line = strstr(data, match);
	assert_non_null(line);
	while (line > data && line[-1] != '\n')
		line--;
	at = strstr(line, old);
	assert_non_null(at);
	off = (size_t)(at - data);
	res = malloc(body + strlen(repl) + 200);
	memcpy(res, data, off);
	memcpy(res + off, repl, strlen(repl));
	memcpy(res + off + strlen(repl), at + strlen(old), body - off - strlen(old));
	body = body - strlen(old) + strlen(repl);
	{
		struct sign_stream ss;     /* version 2: Ed25519ph over the stream */

		sign_stream_init(&ss);
		sign_stream_update(&ss, res, body);
		assert_int_equal(sign_stream_final(signer, &ss, sig, &err), 0);
	}
	body += (size_t)snprintf(res + body, 200, "{\"signature\":\"%s\"}\n", sig);
	spit(out, res, body);
	free(res);
	free(data);
}

#endif
