/*
 * pghub.c - a province or national hub on PostgreSQL (see pghub.h).
 *
 * All SQL of the PostgreSQL hub is here, with parameters ($1 ...) for
 * every value; the only SQL text built at run time is the name and bounds
 * of a month's partition, made of digits this file formats.
 *
 * An import is: header and idempotence checks under an advisory lock on
 * the showroom; the file itself sent ahead into batch_in (so a national
 * hub can be fed the very bytes the showroom signed), stored by the server
 * while batch_verify() (shared with the SQLite hub) reads the file once,
 * with the PostgreSQL answers to its questions (key, sale known, last
 * number) and each checked record turned into COPY rows there and then
 * (pv_record): streamed to the server by a sender thread while the file
 * is read when the hub cannot have any of them (struct stream), else kept
 * until the file is verified; then the summaries folded here, a fixed
 * sequence of INSERT ... SELECT ... ON CONFLICT, the counters.
 */
#include "pghub.h"

#include <cjson/cJSON.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "catalog.h"
#include "clock.h"
#include "fileio.h"
#include "hubcat.h"
#include "i18n.h"
#include "report.h"
#include "sign.h"
#include "vntext.h"
#include "lib/hash.h"
#include "lib/alloc.h"
#include "lib/bytebuf.h"

struct pghub {
	PGconn *c;
	/* this hub's key pair once read (hub_keys) */
	int have_key;
	char code[17], pk[SIGN_PUBKEY_B64], sk[SIGN_SECKEY_B64];
	unsigned staged;           /* the temporary staging tables made, a bit per ST_ */
	int schema_ok;             /* schema_current() said yes */
	unsigned prepared;         /* statements prepared (qp), a bit per slot */
	/* the months of sale_line with a partition (years 2000..2199), once read */
	int parts_read;
	unsigned char parts[200][13];
};

int pghub_is_uri(const char *s)
{
	return s && (!strncmp(s, "postgresql://", 13) || !strncmp(s, "postgres://", 11));
}

/* The server's message (first line) for what, as a pos_error. */
static int pg_fail(struct pghub *h, const PGresult *res, struct pos_error *err, const char *what)
{
	const char *m = res ? PQresultErrorMessage(res) : NULL;
	char line[400];
	size_t n;

	if (!m || !*m)
		m = PQerrorMessage(h->c);
	snprintf(line, sizeof(line), "%s", m ? m : "");
	n = strcspn(line, "\n");
	line[n] = '\0';
	return pos_fail(err, POS_ERR_DB, tr("PostgreSQL: %s failed: %s"), what, line);
}

/* Run sql with n text parameters; *out (may be NULL) keeps the result. */
static int q(struct pghub *h, const char *sql, int n, const char *const *p, PGresult **out,
	     struct pos_error *err, const char *what)
{
	PGresult *res = PQexecParams(h->c, sql, n, NULL, p, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(res);

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		int r = pg_fail(h, res, err, what);

		PQclear(res);
		return r;
	}
	if (out)
		*out = res;
	else
		PQclear(res);
	return 0;
}

/* sql without parameters (may be several statements). */
static int q0(struct pghub *h, const char *sql, struct pos_error *err, const char *what)
{
	PGresult *res = PQexec(h->c, sql);
	ExecStatusType st = PQresultStatus(res);
	int r = 0;

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		r = pg_fail(h, res, err, what);
	PQclear(res);
	return r;
}

int pghub_open(const char *uri, struct pghub **out, struct pos_error *err)
{
	struct pghub *h = calloc(1, sizeof(*h));
	PGresult *res;

	if (!h)
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
	h->c = PQconnectdb(uri);
	if (PQstatus(h->c) != CONNECTION_OK) {
		char line[300];

		snprintf(line, sizeof(line), "%s", PQerrorMessage(h->c));
		line[strcspn(line, "\n")] = '\0';
		PQfinish(h->c);
		free(h);
		return pos_fail(err, POS_ERR_IO, tr("cannot connect to the PostgreSQL hub: %s"), line);
	}
	/* quiet notices (CREATE ... IF NOT EXISTS), UTC, ISO dates; prepared
	 * reports planned for their parameters every time (after five runs the
	 * server would otherwise try a generic plan, which for "every showroom
	 * or this one" filters loops over the products: minutes instead of a
	 * second at national size) */
	res = PQexec(h->c, "SET client_min_messages = warning; SET TIME ZONE 'UTC';"
			   " SET DateStyle = 'ISO'; SET client_encoding = 'UTF8';"
			   " SET plan_cache_mode = force_custom_plan");
	PQclear(res);
	*out = h;
	return 0;
}

void pghub_close(struct pghub *h)
{
	if (!h)
		return;
	PQfinish(h->c);
	memset(h->sk, 0, sizeof(h->sk));
	free(h);
}

/* ---- schema -------------------------------------------------------------- */

static const char schema_sql[] =
"CREATE TABLE IF NOT EXISTS hub (\n"
"  one boolean PRIMARY KEY DEFAULT true CHECK (one),\n"
"  code text NOT NULL, name text NOT NULL, province text NOT NULL,\n"
"  created_at timestamptz NOT NULL DEFAULT now());\n"
"CREATE TABLE IF NOT EXISTS showroom (\n"
"  code text PRIMARY KEY, name text NOT NULL DEFAULT '', province text NOT NULL DEFAULT '',\n"
"  public_key text, registered_at timestamptz);\n"
"CREATE TABLE IF NOT EXISTS audit (\n"
"  id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(),\n"
"  who text NOT NULL DEFAULT current_user, action text NOT NULL, doc text NOT NULL,\n"
"  detail text NOT NULL);\n"
"CREATE TABLE IF NOT EXISTS producer (\n"
"  code text PRIMARY KEY, name text NOT NULL, kind text NOT NULL, province text NOT NULL,\n"
"  commune text NOT NULL DEFAULT '', tax_code text NOT NULL DEFAULT '',\n"
"  women_led boolean NOT NULL DEFAULT false,\n"
"  ethnic_minority_led boolean NOT NULL DEFAULT false);\n"
"CREATE TABLE IF NOT EXISTS product (\n"
"  sku text PRIMARY KEY, name text NOT NULL, unit text NOT NULL,\n"
"  producer text NOT NULL REFERENCES producer, origin_province text NOT NULL,\n"
"  ocop_group int NOT NULL, product_set text NOT NULL DEFAULT '', stars int NOT NULL,\n"
"  cert_number text NOT NULL DEFAULT '', cert_issuer text NOT NULL DEFAULT '',\n"
"  cert_issued date, cert_expires date, price bigint NOT NULL, vat_rate int NOT NULL,\n"
"  shelf_life_days int NOT NULL DEFAULT 0, is_service boolean NOT NULL DEFAULT false);\n"
"-- a product row is written once (imports add SKUs and change none), so a\n"
"-- client may keep a copy of the catalogue (core/hubcat.h) for this hub\n"
"-- (instance); anything else that changes the table draws a new\n"
"-- catalog_epoch at random (so two copies of a hub's database changed apart\n"
"-- do not meet on one number), which makes every copy stale (also when it\n"
"-- comes by replication)\n"
"ALTER TABLE hub ADD COLUMN IF NOT EXISTS instance text NOT NULL DEFAULT gen_random_uuid()::text,\n"
"  ADD COLUMN IF NOT EXISTS catalog_epoch bigint NOT NULL DEFAULT 0;\n"
"CREATE OR REPLACE FUNCTION hub_catalog_changed() RETURNS trigger LANGUAGE plpgsql AS\n"
"  $$BEGIN UPDATE hub SET catalog_epoch = 1 + floor(random() * 9e15)::bigint; RETURN NULL;\n"
"  END$$;\n"
"DROP TRIGGER IF EXISTS product_changed ON product;\n"
"CREATE TRIGGER product_changed AFTER UPDATE OR DELETE OR TRUNCATE ON product\n"
"  FOR EACH STATEMENT EXECUTE FUNCTION hub_catalog_changed();\n"
"ALTER TABLE product ENABLE ALWAYS TRIGGER product_changed;\n"
"-- what each showroom offers (its exchange files carry its whole catalogue)\n"
"-- (no foreign keys: its rows come from the file's own catalogue, merged\n"
"-- just before; two checks per product and file were most of a day's import)\n"
"CREATE TABLE IF NOT EXISTS offer (\n"
"  showroom text NOT NULL, sku text NOT NULL,\n"
"  since date NOT NULL, PRIMARY KEY (showroom, sku));\n"
"ALTER TABLE offer DROP CONSTRAINT IF EXISTS offer_showroom_fkey,\n"
"  DROP CONSTRAINT IF EXISTS offer_sku_fkey;\n"
"-- the SHA-256 of the catalogue the showroom's last file carried\n"
"ALTER TABLE showroom ADD COLUMN IF NOT EXISTS catalog_sha text;\n"
"CREATE TABLE IF NOT EXISTS lot (\n"
"  showroom text NOT NULL, sku text NOT NULL REFERENCES product, lot_no text NOT NULL,\n"
"  expiry date, received_on date NOT NULL, unit_cost bigint NOT NULL,\n"
"  owner text REFERENCES producer, commission_bp int NOT NULL DEFAULT 0,\n"
"  PRIMARY KEY (showroom, sku, lot_no));\n"
"-- no foreign key to showroom: an import checks the showroom's key first,\n"
"-- and a key per sale row would cost a trigger call each\n"
"CREATE TABLE IF NOT EXISTS sale (\n"
"  showroom text NOT NULL, uuid uuid NOT NULL,\n"
"  kind text NOT NULL CHECK (kind IN ('sale', 'refund', 'void')),\n"
"  receipt_no text NOT NULL UNIQUE, register text NOT NULL, seq bigint NOT NULL,\n"
"  original uuid, at timestamptz NOT NULL, business_date date NOT NULL,\n"
"  gross bigint NOT NULL, discount bigint NOT NULL, total bigint NOT NULL,\n"
"  vat bigint NOT NULL, reason text NOT NULL DEFAULT '', file_seq bigint NOT NULL,\n"
"  PRIMARY KEY (showroom, uuid));\n"
"CREATE TABLE IF NOT EXISTS sale_line (\n"
"  business_date date NOT NULL, showroom text NOT NULL, uuid uuid NOT NULL,\n"
"  line_no int NOT NULL, sku text NOT NULL, name text NOT NULL, unit text NOT NULL,\n"
"  stars int NOT NULL, qty_milli bigint NOT NULL, list_price bigint NOT NULL,\n"
"  unit_price bigint NOT NULL, discount bigint NOT NULL, amount bigint NOT NULL,\n"
"  vat_rate int NOT NULL, vat bigint NOT NULL, cost bigint NOT NULL,\n"
"  commission bigint NOT NULL, original_line int,\n"
"  PRIMARY KEY (business_date, showroom, uuid, line_no)\n"
") PARTITION BY RANGE (business_date);\n"
"CREATE TABLE IF NOT EXISTS sale_line_lot (\n"
"  showroom text NOT NULL, uuid uuid NOT NULL, line_no int NOT NULL, sku text NOT NULL,\n"
"  lot_no text NOT NULL, qty_milli bigint NOT NULL, unit_cost bigint NOT NULL,\n"
"  owner text, commission_bp int NOT NULL,\n"
"  PRIMARY KEY (showroom, uuid, line_no, sku, lot_no));\n"
"CREATE TABLE IF NOT EXISTS payment (\n"
"  showroom text NOT NULL, uuid uuid NOT NULL, n int NOT NULL, method text NOT NULL,\n"
"  amount bigint NOT NULL, tendered bigint NOT NULL, change bigint NOT NULL,\n"
"  reference text NOT NULL, PRIMARY KEY (showroom, uuid, n));\n"
"CREATE TABLE IF NOT EXISTS stock_move (\n"
"  showroom text NOT NULL, id bigint NOT NULL, sku text NOT NULL, lot_no text NOT NULL,\n"
"  qty_milli bigint NOT NULL, kind text NOT NULL, reason text NOT NULL, doc text NOT NULL,\n"
"  sale uuid, line_no int, at timestamptz NOT NULL, business_date date NOT NULL,\n"
"  PRIMARY KEY (showroom, id));\n"
"CREATE TABLE IF NOT EXISTS doc_counter (\n"
"  showroom text NOT NULL, register text NOT NULL, year int NOT NULL, series text NOT NULL,\n"
"  last bigint NOT NULL, PRIMARY KEY (showroom, register, year, series));\n"
"CREATE TABLE IF NOT EXISTS batch_in (\n"
"  showroom text NOT NULL, seq bigint NOT NULL, sha256 text NOT NULL,\n"
"  imported_at timestamptz NOT NULL DEFAULT now(), sales bigint NOT NULL,\n"
"  data bytea NOT NULL, PRIMARY KEY (showroom, seq));\n"
"ALTER TABLE sale DROP CONSTRAINT IF EXISTS sale_showroom_fkey;\n"
"-- a sum of bigints as a bigint (the built-in sum goes through numeric: the\n"
"-- per-product report's nine sums took twice a plain aggregate); int8pl\n"
"-- stops with an error on overflow, it never wraps\n"
"CREATE OR REPLACE AGGREGATE hub_sum(bigint) (SFUNC = int8pl, STYPE = bigint,\n"
"  COMBINEFUNC = int8pl, PARALLEL = SAFE);\n"
"-- the sale's cash rounding (sale.h; a hub made before it: 0)\n"
"ALTER TABLE sale ADD COLUMN IF NOT EXISTS cash_rounding bigint NOT NULL DEFAULT 0;\n"
"-- the files as signed, compressed with lz4 where the server has it (faster than pglz)\n"
"DO $$ BEGIN\n"
"  ALTER TABLE batch_in ALTER COLUMN data SET COMPRESSION lz4;\n"
"EXCEPTION WHEN others THEN NULL;\n"
"END $$;\n"
"-- a forwarded file: the province it came through and its countersignature\n"
"ALTER TABLE batch_in ADD COLUMN IF NOT EXISTS via text,\n"
"  ADD COLUMN IF NOT EXISTS via_sig text,\n"
"-- a file imported here: this hub's countersignature, made at the import\n"
"-- over the file and the showroom's key then registered (pghub.h)\n"
"  ADD COLUMN IF NOT EXISTS showroom_key text,\n"
"  ADD COLUMN IF NOT EXISTS countersig text;\n"
"-- this hub's own key pair (a province countersigns what it imports)\n"
"CREATE TABLE IF NOT EXISTS hub_key (\n"
"  one boolean PRIMARY KEY DEFAULT true CHECK (one),\n"
"  public_key text NOT NULL, secret_key text NOT NULL);\n"
"-- at the national server: the provinces' keys\n"
"CREATE TABLE IF NOT EXISTS province (\n"
"  code text PRIMARY KEY, public_key text NOT NULL, registered_at timestamptz NOT NULL);\n"
"CREATE TABLE IF NOT EXISTS sale_day (\n"
"  business_date date NOT NULL, showroom text NOT NULL, sku text NOT NULL, stars int NOT NULL,\n"
"  qty_milli bigint NOT NULL, amount bigint NOT NULL, vat bigint NOT NULL,\n"
"  cost bigint NOT NULL, commission bigint NOT NULL, sales bigint NOT NULL,\n"
"  returns bigint NOT NULL, returned_milli bigint NOT NULL, returned_amount bigint NOT NULL,\n"
"  PRIMARY KEY (business_date, showroom, sku, stars));\n"
"CREATE TABLE IF NOT EXISTS sale_month (\n"
"  month date NOT NULL, showroom text NOT NULL, sku text NOT NULL, stars int NOT NULL,\n"
"  qty_milli bigint NOT NULL, amount bigint NOT NULL, vat bigint NOT NULL,\n"
"  cost bigint NOT NULL, commission bigint NOT NULL, sales bigint NOT NULL,\n"
"  returns bigint NOT NULL, returned_milli bigint NOT NULL, returned_amount bigint NOT NULL,\n"
"  PRIMARY KEY (month, showroom, sku, stars));\n"
"CREATE INDEX IF NOT EXISTS sale_month_sku ON sale_month (sku, month);\n"
"-- per month and product for all showrooms (what the nation reads), in 16\n"
"-- slots by showroom so that imports of different showrooms seldom wait on\n"
"-- the same row\n"
"CREATE TABLE IF NOT EXISTS sale_month_all (\n"
"  month date NOT NULL, sku text NOT NULL, stars int NOT NULL, slot int NOT NULL,\n"
"  qty_milli bigint NOT NULL, amount bigint NOT NULL, vat bigint NOT NULL,\n"
"  cost bigint NOT NULL, commission bigint NOT NULL, sales bigint NOT NULL,\n"
"  returns bigint NOT NULL, returned_milli bigint NOT NULL, returned_amount bigint NOT NULL,\n"
"  PRIMARY KEY (month, sku, stars, slot));\n"
"CREATE INDEX IF NOT EXISTS offer_sku ON offer (sku);\n"
"-- (filled from sale_month in a hub made before it existed)\n"
"INSERT INTO sale_month_all SELECT month, sku, stars, hashtext(showroom) & 15, sum(qty_milli),\n"
"  sum(amount), sum(vat), sum(cost), sum(commission), sum(sales), sum(returns),\n"
"  sum(returned_milli), sum(returned_amount) FROM sale_month\n"
"  WHERE NOT EXISTS (SELECT 1 FROM sale_month_all) GROUP BY 1, 2, 3, 4;\n"
"CREATE TABLE IF NOT EXISTS sale_product (\n"
"  sku text NOT NULL, showroom text NOT NULL, first_date date NOT NULL,\n"
"  last_date date NOT NULL, PRIMARY KEY (sku, showroom));\n"
"-- commercialization (pghub_com_merge): per month, product and block of\n"
"-- 1024 showrooms (by their number here), the showrooms that sold it as a\n"
"-- bitmap and the measures; the same per year; per product and block its\n"
"-- first and last sale\n"
"ALTER TABLE showroom ADD COLUMN IF NOT EXISTS num int;\n"
"CREATE SEQUENCE IF NOT EXISTS showroom_num MINVALUE 0 START 0;\n"
"CREATE UNIQUE INDEX IF NOT EXISTS showroom_num_key ON showroom (num);\n"
"CREATE TABLE IF NOT EXISTS sale_month_com (\n"
"  month date NOT NULL, sku text NOT NULL, block int NOT NULL,\n"
"  showrooms bit(1024) NOT NULL,\n"
"  qty_milli bigint NOT NULL, amount bigint NOT NULL, vat bigint NOT NULL,\n"
"  cost bigint NOT NULL, commission bigint NOT NULL, sales bigint NOT NULL,\n"
"  returns bigint NOT NULL, returned_milli bigint NOT NULL, returned_amount bigint NOT NULL,\n"
"  PRIMARY KEY (month, sku, block));\n"
"-- the same per year (months: bit m - 1 set when month m had a sale)\n"
"CREATE TABLE IF NOT EXISTS sale_year_com (\n"
"  year date NOT NULL, sku text NOT NULL, block int NOT NULL,\n"
"  showrooms bit(1024) NOT NULL, months int NOT NULL,\n"
"  qty_milli bigint NOT NULL, amount bigint NOT NULL, vat bigint NOT NULL,\n"
"  cost bigint NOT NULL, commission bigint NOT NULL, sales bigint NOT NULL,\n"
"  returns bigint NOT NULL, returned_milli bigint NOT NULL, returned_amount bigint NOT NULL,\n"
"  PRIMARY KEY (year, sku, block));\n"
"-- the nine measures packed as 72 bytes (big-endian bigints, in the order\n"
"-- above): the per-product year report reads two columns a row, not ten\n"
"ALTER TABLE sale_year_com ADD COLUMN IF NOT EXISTS measures bytea GENERATED ALWAYS AS (\n"
"  int8send(qty_milli) || int8send(amount) || int8send(vat) || int8send(cost) ||\n"
"  int8send(commission) || int8send(sales) || int8send(returns) || int8send(returned_milli) ||\n"
"  int8send(returned_amount)) STORED;\n"
"CREATE TABLE IF NOT EXISTS sale_sku_span (\n"
"  sku text NOT NULL, block int NOT NULL, first_date date NOT NULL, last_date date NOT NULL,\n"
"  PRIMARY KEY (sku, block));\n"
"-- (a hub made before them: every showroom numbered, each filled once from\n"
"-- sale_month, sale_month_com and sale_product)\n"
"UPDATE showroom SET num = nextval('showroom_num') WHERE num IS NULL;\n"
"INSERT INTO sale_month_com SELECT m.month, m.sku, s.num / 1024,\n"
"  bit_or(CASE WHEN m.sales > 0 THEN set_bit(0::bit(1024), s.num % 1024, 1)\n"
"    ELSE 0::bit(1024) END), sum(m.qty_milli), sum(m.amount), sum(m.vat), sum(m.cost),\n"
"  sum(m.commission), sum(m.sales), sum(m.returns), sum(m.returned_milli),\n"
"  sum(m.returned_amount) FROM sale_month m JOIN showroom s ON s.code = m.showroom\n"
"  WHERE NOT EXISTS (SELECT 1 FROM sale_month_com) GROUP BY 1, 2, 3;\n"
"INSERT INTO sale_year_com SELECT date_trunc('year', month)::date, sku, block,\n"
"  bit_or(showrooms), bit_or(CASE WHEN sales > 0 THEN 1 << (extract(month FROM month)::int - 1)\n"
"    ELSE 0 END), sum(qty_milli), sum(amount), sum(vat), sum(cost), sum(commission),\n"
"  sum(sales), sum(returns), sum(returned_milli), sum(returned_amount) FROM sale_month_com\n"
"  WHERE NOT EXISTS (SELECT 1 FROM sale_year_com) GROUP BY 1, 2, 3;\n"
"INSERT INTO sale_sku_span SELECT p.sku, s.num / 1024, min(p.first_date), max(p.last_date)\n"
"  FROM sale_product p JOIN showroom s ON s.code = p.showroom\n"
"  WHERE NOT EXISTS (SELECT 1 FROM sale_sku_span) GROUP BY 1, 2;\n"
"-- views for people and BI tools (docs/province.md): money in VND,\n"
"-- quantities in units, refunds already subtracted\n"
"CREATE OR REPLACE VIEW v_product_month AS\n"
"  SELECT m.month, p.sku, p.name AS product, p.producer, p.origin_province AS province,\n"
"    p.ocop_group, p.stars, sum(m.qty_milli) / 1000.0 AS quantity, sum(m.amount) AS revenue,\n"
"    sum(m.vat) AS vat, sum(m.amount - m.vat - m.cost) AS margin, sum(m.sales) AS sales,\n"
"    count(DISTINCT m.showroom) AS showrooms\n"
"  FROM sale_month m JOIN product p ON p.sku = m.sku GROUP BY m.month, p.sku;\n"
"CREATE OR REPLACE VIEW v_producer_month AS\n"
"  SELECT m.month, pr.code AS producer, pr.name AS producer_name, pr.kind, pr.province,\n"
"    pr.women_led, pr.ethnic_minority_led, sum(m.amount) AS revenue,\n"
"    count(DISTINCT m.sku) AS products, sum(m.sales) AS sales\n"
"  FROM sale_month m JOIN product p ON p.sku = m.sku JOIN producer pr ON pr.code = p.producer\n"
"  GROUP BY m.month, pr.code;\n"
"CREATE OR REPLACE VIEW v_province_month AS\n"
"  SELECT m.month, p.origin_province AS province, sum(m.amount) AS revenue,\n"
"    count(DISTINCT m.sku) AS products, sum(m.sales) AS sales\n"
"  FROM sale_month m JOIN product p ON p.sku = m.sku GROUP BY m.month, p.origin_province;\n"
"CREATE OR REPLACE VIEW v_showroom_month AS\n"
"  SELECT m.month, s.code AS showroom, s.name AS showroom_name, s.province,\n"
"    sum(m.amount) AS revenue, count(DISTINCT m.sku) AS products, sum(m.sales) AS sales\n"
"  FROM sale_month m JOIN showroom s ON s.code = m.showroom GROUP BY m.month, s.code;\n"
"CREATE OR REPLACE VIEW v_month AS\n"
"  SELECT month, sum(amount) AS revenue, sum(vat) AS vat, sum(sales) AS sales,\n"
"    sum(returns) AS returns, count(DISTINCT showroom) AS showrooms,\n"
"    count(DISTINCT sku) AS products FROM sale_month GROUP BY month;\n"
"DO $$ BEGIN\n"
"  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ocop_reader') THEN\n"
"    CREATE ROLE ocop_reader NOLOGIN;\n"
"  END IF;\n"
"  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ocop_admin') THEN\n"
"    CREATE ROLE ocop_admin NOLOGIN;\n"
"  END IF;\n"
"END $$;\n"
"GRANT USAGE ON SCHEMA public TO ocop_reader;\n"
"GRANT SELECT ON ALL TABLES IN SCHEMA public TO ocop_reader;\n"
"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO ocop_reader;\n"
"REVOKE ALL ON hub_key FROM ocop_reader;\n";

int pghub_init(struct pghub *h, const char *code, const char *name, const char *province,
	       struct pos_error *err)
{
	const char *p[3] = { code, name, province };
	PGresult *res;
	int r;

	if (!code || !*code || strlen(code) > 16)
		return pos_fail(err, POS_ERR_INVALID, tr("a showroom code has 1 to 16 characters"));
	if ((r = q0(h, "BEGIN", err, "starting")))
		return r;
	/* one init at a time (two at once would race on CREATE) */
	if ((r = q0(h, "SELECT pg_advisory_xact_lock(7415001)", err, "locking the schema")) ||
	    (r = q0(h, schema_sql, err, "creating the hub's tables")) ||
	    (r = q(h, "INSERT INTO hub (code, name, province) VALUES ($1, $2, $3)"
		   " ON CONFLICT (one) DO NOTHING", 3, p, NULL, err, "recording the hub")) ||
	    (r = q(h, "SELECT code FROM hub", 0, NULL, &res, err, "reading the hub")))
		goto fail;
	if (strcmp(PQgetvalue(res, 0, 0), code)) {
		r = pos_fail(err, POS_ERR_EXISTS, tr("this PostgreSQL database is already the hub %s"),
			     PQgetvalue(res, 0, 0));
		PQclear(res);
		goto fail;
	}
	PQclear(res);
	return q0(h, "COMMIT", err, "committing");
fail:
	PQclear(PQexec(h->c, "ROLLBACK"));
	return r;
}

/*
 * The hub's schema has what this program writes and reads (a hub made by
 * an older ocop-pos gets it when `init --province-hub` is run again):
 * asked once per connection.
 */
static int schema_current(struct pghub *h, struct pos_error *err)
{
	PGresult *res;
	int r, ok;

	if (h->schema_ok)
		return 0;
	if ((r = q(h, "SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'sale'::regclass"
		   " AND attname = 'cash_rounding' AND NOT attisdropped)"
		   " AND EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'sale_year_com'::regclass"
		   " AND attname = 'measures' AND NOT attisdropped)"
		   " AND EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'hub'::regclass"
		   " AND attname = 'catalog_epoch' AND NOT attisdropped)"
		   " AND to_regprocedure('hub_sum(bigint)') IS NOT NULL", 0, NULL, &res, err,
		   "reading the hub's schema")))
		return r;
	ok = PQgetvalue(res, 0, 0)[0] == 't';
	PQclear(res);
	if (!ok)
		return pos_fail(err, POS_ERR_DB, "%s",
				tr("this PostgreSQL hub was made by an older ocop-pos: run `init "
				   "--province-hub` again with the same code to bring its tables up to "
				   "date (nothing is lost)"));
	h->schema_ok = 1;
	return 0;
}

/* ---- keys and showrooms ---------------------------------------------------- */

/* Showroom keys and province keys: the same rules, their own table and words. */
struct keykind {
	const char *select, *upsert, *action;
};

static const struct keykind showroom_keys = {
	"SELECT public_key FROM showroom WHERE code = $1 FOR UPDATE",
	"INSERT INTO showroom (code, public_key, registered_at) VALUES ($1, $2, now())"
	" ON CONFLICT (code) DO UPDATE SET public_key = excluded.public_key,"
	" registered_at = excluded.registered_at",
	"showroom_key",
};

static const struct keykind province_keys = {
	"SELECT public_key FROM province WHERE code = $1 FOR UPDATE",
	"INSERT INTO province (code, public_key, registered_at) VALUES ($1, $2, now())"
	" ON CONFLICT (code) DO UPDATE SET public_key = excluded.public_key,"
	" registered_at = excluded.registered_at",
	"province_key",
};

/*
 * Register code's key as k says; replacing a different key needs replace,
 * an administrator (a superuser or a member of ocop_admin) and leaves an
 * audit row with the database user.
 */
static int register_key(struct pghub *h, const struct keykind *k, const char *code,
			const char *key, int replace, struct pos_error *err)
{
	char detail[160];
	const char *p[2] = { code, key }, *ap[3] = { k->action, code, detail };
	PGresult *res;
	int r;

	if (!code || !*code || strlen(code) > 16)
		return pos_fail(err, POS_ERR_INVALID, tr("a showroom code has 1 to 16 characters"));
	if (!key || strlen(key) != SIGN_PUBKEY_B64 - 1)
		return pos_fail(err, POS_ERR_INVALID,
				tr("\"%s\" is not a public key: copy the line `ocop-pos showroom key` "
				   "prints at showroom %s"), key ? key : "", code);
	if ((r = q0(h, "BEGIN", err, "starting")))
		return r;
	if ((r = q(h, k->select, 1, p, &res, err, "reading keys")))
		goto fail;
	if (PQntuples(res) && !PQgetisnull(res, 0, 0)) {
		const char *old = PQgetvalue(res, 0, 0);

		if (!strcmp(old, key)) {
			PQclear(res);
			return q0(h, "COMMIT", err, "committing");
		}
		if (!replace) {
			PQclear(res);
			if (k == &province_keys)
				r = pos_fail(err, POS_ERR_REFUSED,
					     tr("province %s already has a different key: a file "
						"countersigned with a new key would be taken for %s's. "
						"Replace it only when the province hub really has a new "
						"key, with --replace-key, as an administrator"),
					     code, code);
			else
				r = pos_fail(err, POS_ERR_REFUSED,
					     tr("showroom %s already has a different key: a file signed "
						"with a new key would be taken for %s's. Replace it only "
						"when the showroom really has a new key, with "
						"--replace-key, as an administrator"), code, code);
			goto fail;
		}
		snprintf(detail, sizeof(detail), "old %.12s..., new %.12s...", old, key);
		PQclear(res);
		if ((r = q(h, "SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)"
			   " OR pg_has_role(current_user, 'ocop_admin', 'MEMBER')", 0, NULL, &res, err,
			   "reading the role")))
			goto fail;
		if (PQgetvalue(res, 0, 0)[0] != 't') {
			PQclear(res);
			r = pos_fail(err, POS_ERR_PERM,
				     tr("only an administrator replaces a key: a PostgreSQL superuser "
					"or a member of the role ocop_admin"));
			goto fail;
		}
		PQclear(res);
		if ((r = q(h, "INSERT INTO audit (action, doc, detail) VALUES ($1, $2, $3)", 3, ap,
			   NULL, err, "auditing the new key")))
			goto fail;
	} else {
		PQclear(res);
	}
	if ((r = q(h, k->upsert, 2, p, NULL, err, "registering a key")))
		goto fail;
	return q0(h, "COMMIT", err, "committing");
fail:
	PQclear(PQexec(h->c, "ROLLBACK"));
	return r;
}

int pghub_register(struct pghub *h, const char *code, const char *key, int replace,
		   struct pos_error *err)
{
	return register_key(h, &showroom_keys, code, key, replace, err);
}

int pghub_register_province(struct pghub *h, const char *code, const char *key, int replace,
			    struct pos_error *err)
{
	return register_key(h, &province_keys, code, key, replace, err);
}

int pghub_showrooms(struct pghub *h, struct batch_showroom **out, size_t *n,
		    struct pos_error *err)
{
	struct batch_showroom *v;
	PGresult *res;
	int i, r = q(h, "SELECT s.code, s.name, s.province, s.public_key IS NOT NULL,"
		     " coalesce(max(b.seq), 0), coalesce(to_char(max(b.imported_at),"
		     " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), ''), count(b.seq), coalesce(sum(b.sales), 0)"
		     " FROM showroom s LEFT JOIN batch_in b ON b.showroom = s.code"
		     " GROUP BY s.code ORDER BY s.code", 0, NULL, &res, err, "reading the showrooms");

	if (r)
		return r;
	v = calloc((size_t)PQntuples(res) + 1, sizeof(*v));
	if (!v) {
		PQclear(res);
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
	}
	for (i = 0; i < PQntuples(res); i++) {
		VN_COPY(v[i].code, PQgetvalue(res, i, 0));
		VN_COPY(v[i].name, PQgetvalue(res, i, 1));
		VN_COPY(v[i].province, PQgetvalue(res, i, 2));
		v[i].has_key = PQgetvalue(res, i, 3)[0] == 't';
		v[i].last_seq = atoll(PQgetvalue(res, i, 4));
		VN_COPY(v[i].last_import, PQgetvalue(res, i, 5));
		v[i].files = atoll(PQgetvalue(res, i, 6));
		v[i].sales = atoll(PQgetvalue(res, i, 7));
	}
	*n = (size_t)PQntuples(res);
	*out = v;
	PQclear(res);
	return 0;
}

/* ---- COPY text (lib/bytebuf.h: appends set .failed instead of failing) ---- */

static void cb_add(struct bytebuf *b, const char *s, size_t n)
{
	bytebuf_put(b, s, n);
}

/* A text field, escaped for COPY's text format, then a tab. */
static void cb_text(struct bytebuf *b, const char *s)
{
	const char *run = s;

	for (; *s; s++) {
		const char *esc = *s == '\\' ? "\\\\" : *s == '\t' ? "\\t" : *s == '\n' ? "\\n" :
				  *s == '\r' ? "\\r" : NULL;

		if (!esc)
			continue;
		cb_add(b, run, (size_t)(s - run));
		cb_add(b, esc, 2);
		run = s + 1;
	}
	cb_add(b, run, (size_t)(s - run));
	cb_add(b, "\t", 1);
}

static void cb_null(struct bytebuf *b)
{
	cb_add(b, "\\N\t", 3);
}

static void cb_ll(struct bytebuf *b, long long v)
{
	char s[24], *e = s + sizeof(s), *d = e;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	/* digits by hand: snprintf was a tenth of an import's client time */
	*--d = '\t';
	do
		*--d = (char)('0' + u % 10);
	while ((u /= 10));
	if (v < 0)
		*--d = '-';
	cb_add(b, d, (size_t)(e - d));
}

/* The row is complete: its last tab becomes the newline. */
static void cb_end(struct bytebuf *b)
{
	if (!b->failed && b->len)
		b->data[b->len - 1] = '\n';
}

/*
 * Field key of an object, looked up from just after the field found last
 * (then from the start): the fields are read in the order the exporter
 * writes them, so each lookup is one comparison instead of a walk of the
 * object from its first member.
 */
struct jcur {
	const cJSON *o, *at;
};

static const cJSON *jget(struct jcur *c, const char *key)
{
	const cJSON *v, *start;

	if (!c->o)
		return NULL;
	start = c->at ? c->at : c->o->child;
	for (v = start; v; v = v->next)
		if (v->string && !strcmp(v->string, key))
			goto hit;
	for (v = c->o->child; v && v != start; v = v->next)
		if (v->string && !strcmp(v->string, key))
			goto hit;
	return NULL;
hit:
	c->at = v->next;
	return v;
}

static void f_str(struct bytebuf *b, struct jcur *c, const char *key, int nullable)
{
	const cJSON *v = jget(c, key);

	if (cJSON_IsString(v) && v->valuestring && (v->valuestring[0] || !nullable))
		cb_text(b, v->valuestring);
	else if (nullable)
		cb_null(b);
	else
		cb_text(b, "");
}

static void f_int(struct bytebuf *b, struct jcur *c, const char *key, int nullable)
{
	const cJSON *v = jget(c, key);

	if (cJSON_IsNumber(v))
		cb_ll(b, (long long)v->valuedouble);
	else if (cJSON_IsBool(v))
		cb_ll(b, cJSON_IsTrue(v) ? 1 : 0);
	else if (nullable)
		cb_null(b);
	else
		cb_ll(b, 0);
}

static void f_bool(struct bytebuf *b, struct jcur *c, const char *key)
{
	const cJSON *v = jget(c, key);

	cb_text(b, cJSON_IsTrue(v) || (cJSON_IsNumber(v) && v->valuedouble != 0) ? "t" : "f");
}

/*
 * A record's fields in the order of its table's columns.  F_STR and F_INT
 * go into text and bigint columns; F_I4 (int), F_DATE, F_TS (timestamptz)
 * and F_UUID_NULL are told apart for COPY's binary format (the streamed
 * tables': r_fields) and written as F_INT, F_STR and F_STR_NULL in text.
 */
enum fkind { F_STR, F_STR_NULL, F_INT, F_INT_NULL, F_BOOL, F_I4, F_I4_NULL, F_DATE, F_TS,
	     F_UUID_NULL };

/* The column's type in COPY's binary format: B_DEF is text, or bigint for a number. */
enum btype { B_DEF, B_I4, B_DATE, B_TS, B_UUID };

struct field {
	const char *key;
	enum fkind kind;
};

static void put_fields(struct bytebuf *b, struct jcur *c, const struct field *f)
{
	for (; f->key; f++) {
		if (f->kind == F_BOOL)
			f_bool(b, c, f->key);
		else if (f->kind == F_INT || f->kind == F_INT_NULL || f->kind == F_I4 ||
			 f->kind == F_I4_NULL)
			f_int(b, c, f->key, f->kind == F_INT_NULL || f->kind == F_I4_NULL);
		else
			f_str(b, c, f->key, f->kind == F_STR_NULL || f->kind == F_UUID_NULL);
	}
}

static const struct field producer_fields[] = {
	{ "code", F_STR }, { "name", F_STR }, { "kind", F_STR }, { "province", F_STR },
	{ "commune", F_STR }, { "tax_code", F_STR }, { "women_led", F_BOOL },
	{ "ethnic_minority_led", F_BOOL }, { NULL, F_STR },
};
static const struct field product_fields[] = {
	{ "sku", F_STR }, { "name", F_STR }, { "unit", F_STR }, { "producer", F_STR },
	{ "origin_province", F_STR }, { "group", F_INT }, { "product_set", F_STR },
	{ "stars", F_INT }, { NULL, F_STR },
};
static const struct field cert_fields[] = {       /* in the product's "certificate" */
	{ "number", F_STR }, { "issuer", F_STR }, { "issued", F_STR_NULL },
	{ "expires", F_STR_NULL }, { NULL, F_STR },
};
static const struct field product_tail[] = {
	{ "price", F_INT }, { "vat_rate", F_INT }, { "shelf_life_days", F_INT },
	{ "is_service", F_BOOL }, { NULL, F_STR },
};
static const struct field lot_fields[] = {         /* after the showroom */
	{ "sku", F_STR }, { "lot_no", F_STR }, { "expiry", F_STR_NULL },
	{ "received_on", F_STR }, { "unit_cost", F_INT }, { "owner", F_STR_NULL },
	{ "commission_bp", F_INT }, { NULL, F_STR },
};
static const struct field sale_fields[] = {        /* after showroom and uuid */
	{ "kind", F_STR }, { "receipt_no", F_STR }, { "register", F_STR }, { "seq", F_INT },
	{ "original", F_UUID_NULL }, { "at", F_TS },
	{ "business_date", F_DATE }, { "gross", F_INT }, { "discount", F_INT },
	{ "total", F_INT }, { "vat", F_INT }, { "reason", F_STR }, { "cash_rounding", F_INT },
	{ NULL, F_STR },
};
static const struct field line_fields[] = {        /* after date, showroom and uuid */
	{ "line_no", F_I4 }, { "product", F_STR }, { "name", F_STR }, { "unit", F_STR },
	{ "stars", F_I4 }, { "qty_milli", F_INT }, { "list_price", F_INT },
	{ "unit_price", F_INT }, { "discount", F_INT }, { "amount", F_INT },
	{ "vat_rate", F_I4 }, { "vat", F_INT }, { "cost", F_INT }, { "commission", F_INT },
	{ "original_line", F_I4_NULL }, { NULL, F_STR },
};
static const struct field line_lot_fields[] = {    /* after showroom, uuid, line number */
	{ "sku", F_STR }, { "lot_no", F_STR }, { "qty_milli", F_INT }, { "unit_cost", F_INT },
	{ "owner", F_STR_NULL }, { "commission_bp", F_I4 }, { NULL, F_STR },
};
static const struct field payment_fields[] = {     /* after showroom, uuid, number */
	{ "method", F_STR }, { "amount", F_INT }, { "tendered", F_INT }, { "change", F_INT },
	{ "reference", F_STR }, { NULL, F_STR },
};
static const struct field move_fields[] = {        /* after showroom and id */
	{ "sku", F_STR }, { "lot_no", F_STR }, { "qty_milli", F_INT }, { "kind", F_STR },
	{ "reason", F_STR }, { "doc", F_STR }, { "sale", F_UUID_NULL },
	{ "line_no", F_I4_NULL }, { "at", F_TS }, { "business_date", F_DATE },
	{ NULL, F_STR },
};

/* ---- the verifier's questions ---------------------------------------------- */

/*
 * One import: the hub, the sales of the file the hub holds already (their
 * UUIDs, sorted once verified), the COPY text per table and the figures
 * for the summaries, folded per (date, SKU, stars) before they are sent.
 */
struct dayrow {
	char date[11], sku[PRODUCT_SKU_MAX];
	int stars;
	long long q, a, v, c, cm, sales, returns, rq, ra;
};

struct counter {
	char reg[32];
	int year, refunds;
	long long last;
};

enum { ST_PRODUCER, ST_PRODUCT, ST_LOT, ST_SALE, ST_LINE, ST_LINE_LOT, ST_PAYMENT, ST_MOVE,
       ST_DAY, ST_COUNTER, ST_MONTH, ST_SPAN, ST_COUNT };

/*
 * A sale of the file as staged (pv_record): where its rows start in the
 * buffers of sales, lines, line lots and payments and in days, and its
 * number, so that the sales the hub holds already (known only once the
 * whole file is read) can be taken out again (unstage_known).
 */
enum { SP_SALE, SP_LINE, SP_LINE_LOT, SP_PAYMENT, SP_COUNT };

struct span {
	char uuid[40], reg[32];
	int year, refunds;
	long long seq, lines, line_lots, payments;
	size_t off[SP_COUNT], day;
};

struct imp {
	struct pghub *h;
	const char *showroom;      /* the file's (header) */
	long long file_seq;
	char (*known)[40];
	size_t nknown, capknown;
	struct bytebuf b[ST_COUNT];
	struct dayrow *days;
	size_t ndays, capdays;
	struct span *spans;
	size_t nspans, capspans;
	struct counter *ctr;
	size_t nctr, capctr;
	long long sales, lines, line_lots, payments, moves, move_min, move_max;
	int failed;                /* out of memory */
	char key[SIGN_PUBKEY_B64]; /* the showroom's registered key (read_key) */
	int has_key;
	/*
	 * The file's row of batch_in, sent before the verification and left
	 * to the server (it compresses the file and computes its SHA-256)
	 * while the file is read here; settle() takes its answer before the
	 * connection's next statement.
	 */
	int pending;
	char sha[SIGN_SHA256_HEX]; /* the file's SHA-256, as the server computed it */
	/*
	 * The file's sales, lines, line lots, payments and moves COPYed while
	 * the file is read (struct stream), or NULL: buffered until it is
	 * verified.  stream_failed: a COPY was refused (a sale or move the
	 * hub has, or the file's own duplicate): the import is run again,
	 * buffered, whose verdict is the import's.
	 */
	struct stream *st;
	size_t chunk;              /* the rows handed to the sender every this many bytes */
	size_t depth;              /* chunks queued at most (STREAM_QUEUE) */
	int stream_failed;
	int streamed;              /* the stream was started (m->st, then NULL once joined) */
	char (*own)[40];           /* streamed: the UUIDs of the file's sales, sorted (pv_has_sales) */
	size_t nown;
	/*
	 * assumed: pv_has_sales said the file's own sales are new before their
	 * COPY was done: the verdict stands only once it is (import_run waits
	 * for the whole stream then, even for a refused file)
	 */
	int assumed;
	/* streamed: the showroom's receipt counters, read before (pv_last_seq) */
	struct counter *pre;
	size_t npre;
	int pre_ok;
	/*
	 * bin: the streamed tables' rows in COPY's binary format (streamed
	 * only); bin_bad: a value it cannot say as the text format would (the
	 * import is run again, buffered, in text).  row_at, row_nf: where the
	 * row being written starts in each buffer, and its fields so far.
	 */
	int bin, bin_bad;
	size_t row_at[ST_COUNT];
	int row_nf[ST_COUNT];
};

static int stream_push(struct imp *m);
static int stream_finish(struct imp *m, struct pos_error *err);

/* The answer to the statement sent ahead (m->pending), if any: 0 or the error. */
static int settle(struct imp *m, struct pos_error *err)
{
	PGresult *res;
	int r = 0;

	if (!m->pending)
		return 0;
	m->pending = 0;
	while ((res = PQgetResult(m->h->c))) {
		ExecStatusType st = PQresultStatus(res);

		if (!r && st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
			r = pg_fail(m->h, res, err, "recording the import");
		else if (!r && PQntuples(res) == 1)
			VN_COPY(m->sha, PQgetvalue(res, 0, 0));
		PQclear(res);
	}
	return r;
}

/* The key registered for showroom into m (m->has_key 0: none). */
static int read_key(struct imp *m, const char *showroom, struct pos_error *err)
{
	const char *p[1] = { showroom };
	PGresult *res;
	int r = q(m->h, "SELECT public_key FROM showroom WHERE code = $1 AND public_key IS NOT NULL",
		  1, p, &res, err, "reading showroom keys");

	if (r)
		return r;
	m->has_key = PQntuples(res) > 0;
	if (m->has_key)
		VN_COPY(m->key, PQgetvalue(res, 0, 0));
	PQclear(res);
	return 0;
}

/* The key, read before the verification (read_key): the connection may be busy then. */
static int pv_key(void *ctx, const char *showroom, char *out, size_t n, struct pos_error *err)
{
	struct imp *m = ctx;
	int r;

	if (strcmp(showroom, m->showroom) &&
	    ((r = stream_finish(m, err)) || (r = read_key(m, showroom, err))))
		return r;                /* (the header's showroom: always) */
	if (!m->has_key)
		return pos_fail(err, POS_ERR_NOT_FOUND, tr("no signing key is registered for showroom "
							   "%s"), showroom);
	snprintf(out, n, "%s", m->key);
	return 0;
}

/* One query for all: the array of UUIDs as a parameter, the indexes found back (and kept). */
static int uuid_cmp(const void *a, const void *b);

static int pv_has_sales(void *ctx, const char *showroom, const char *const *uuids, size_t n,
			int *found, struct pos_error *err)
{
	struct imp *m = ctx;
	struct bytebuf arr;
	const char *p[3];
	char fseq[24];
	PGresult *res;
	size_t i;
	int r;

	size_t *idx, k = 0;

	memset(found, 0, n * sizeof(*found));
	/*
	 * Streamed, the file's own sales go into `sale`, and their COPY proves
	 * the hub had none of them before (its keys are (showroom, uuid)): they
	 * are said new without waiting for the sender (m->assumed: the import
	 * checks the stream succeeded before it trusts the verdict); only the
	 * others (originals of refunds) are asked.
	 */
	if (m->streamed && !m->own && m->nspans) {
		if (!(m->own = malloc(m->nspans * sizeof(*m->own))))
			return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
		for (i = 0; i < m->nspans; i++)
			VN_COPY(m->own[i], m->spans[i].uuid);
		m->nown = m->nspans;
		qsort(m->own, m->nown, sizeof(*m->own), uuid_cmp);
	}
	if (!(idx = malloc((n ? n : 1) * sizeof(*idx))))
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
	bytebuf_init(&arr);
	cb_add(&arr, "{", 1);
	for (i = 0; i < n; i++) {
		if (m->own && bsearch(uuids[i], m->own, m->nown, sizeof(*m->own), uuid_cmp))
			continue;
		if (k)
			cb_add(&arr, ",", 1);
		cb_add(&arr, uuids[i], strlen(uuids[i]));     /* verified UUIDs */
		idx[k++] = i;
	}
	cb_add(&arr, "}", 2);
	if (m->own)
		m->assumed = 1;
	if (!k) {                                /* (the sender goes on) */
		bytebuf_release(&arr);
		free(idx);
		return 0;
	}
	if ((r = stream_finish(m, err)) || (r = settle(m, err)) || (r = bytebuf_check(&arr, err))) {
		bytebuf_release(&arr);
		free(idx);
		return r;
	}
	p[0] = showroom;
	p[1] = (const char *)arr.data;
	/* not the sales this import wrote already (streamed: struct stream) */
	snprintf(fseq, sizeof(fseq), "%lld", m->file_seq);
	p[2] = fseq;
	r = q(m->h, "SELECT u.i - 1 FROM unnest($2::uuid[]) WITH ORDINALITY AS u(id, i)"
	      " WHERE EXISTS (SELECT 1 FROM sale s WHERE s.showroom = $1 AND s.uuid = u.id"
	      " AND s.file_seq <> $3::bigint)", 3, p, &res, err, "looking up sales");
	bytebuf_release(&arr);
	if (r) {
		free(idx);
		return r;
	}
	for (i = 0; i < (size_t)PQntuples(res); i++) {
		long long j = atoll(PQgetvalue(res, (int)i, 0));

		if (j < 0 || (size_t)j >= k)
			continue;
		j = (long long)idx[j];
		found[j] = 1;
		if (m->streamed)
			continue;                /* (a refund's original: not the file's) */
		if (POS_GROW(m->known, m->capknown, m->nknown + 1)) {
			PQclear(res);
			free(idx);
			return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
		}
		VN_COPY(m->known[m->nknown], uuids[j]);
		m->nknown++;
	}
	PQclear(res);
	free(idx);
	return 0;
}

static int pv_last_seq(void *ctx, const char *showroom, const char *reg, int year, int refunds,
		       long long *last, struct pos_error *err)
{
	char y[16];
	const char *p[4] = { showroom, reg, y, refunds ? "refund" : "sale" };
	struct imp *m = ctx;
	PGresult *res;
	size_t i;
	int r;

	if (m->pre_ok && strlen(reg) < sizeof(m->pre[0].reg)) {
		/* read before the stream (the showroom's lock is held: they cannot change) */
		*last = 0;
		for (i = 0; i < m->npre; i++)
			if (m->pre[i].year == year && m->pre[i].refunds == refunds &&
			    !strcmp(m->pre[i].reg, reg))
				*last = m->pre[i].last;
		return 0;
	}
	if ((r = stream_finish(m, err)) || (r = settle(m, err)))
		return r;
	snprintf(y, sizeof(y), "%d", year);
	r = q(m->h, "SELECT last FROM doc_counter WHERE showroom = $1 AND register = $2"
	      " AND year = $3::int AND series = $4", 4, p, &res, err, "reading receipt numbers");
	if (r)
		return r;
	*last = PQntuples(res) ? atoll(PQgetvalue(res, 0, 0)) : 0;
	PQclear(res);
	return 0;
}

/*
 * Where each buffer goes: the file's own sales, lines, line lots and
 * payments straight into the hub's tables (the showroom's lock is held and
 * the sales the hub has are left out, so nothing can clash), the rest into
 * temporary tables made once per connection, emptied at each commit.
 */
static const char *const st_names[ST_COUNT] = {
	"st_producer", "st_product", "st_lot",
	("sale (showroom, uuid, kind, receipt_no, register, seq, original, at, business_date,"
	 " gross, discount, total, vat, reason, cash_rounding, file_seq)"),
	"sale_line", "sale_line_lot", "payment",
	"st_move", "st_day", "st_counter", "st_month", "st_span",
};

/*
 * The temporary tables, made once per connection when first needed: the
 * summaries' always (every import with sales fills them), the catalogue's
 * and the moves' only for a file whose catalogue changed or whose moves
 * the hub partly has (a day's file after the first: neither).
 */
static const char *const staging_sql[ST_COUNT] = {
	[ST_PRODUCER] = "CREATE TEMP TABLE IF NOT EXISTS st_producer (LIKE producer)"
			" ON COMMIT DELETE ROWS",
	[ST_PRODUCT] = "CREATE TEMP TABLE IF NOT EXISTS st_product (LIKE product)"
		       " ON COMMIT DELETE ROWS",
	[ST_LOT] = "CREATE TEMP TABLE IF NOT EXISTS st_lot (LIKE lot) ON COMMIT DELETE ROWS",
	[ST_MOVE] = "CREATE TEMP TABLE IF NOT EXISTS st_move (LIKE stock_move)"
		    " ON COMMIT DELETE ROWS",
	[ST_DAY] = "CREATE TEMP TABLE IF NOT EXISTS st_day (LIKE sale_day) ON COMMIT DELETE ROWS;"
		   " CREATE TEMP TABLE IF NOT EXISTS st_counter (LIKE doc_counter)"
		   " ON COMMIT DELETE ROWS;"
		   " CREATE TEMP TABLE IF NOT EXISTS st_month (LIKE sale_month) ON COMMIT DELETE ROWS;"
		   " CREATE TEMP TABLE IF NOT EXISTS st_span (LIKE sale_product) ON COMMIT DELETE ROWS",
};

/* Staging table t (ST_DAY: also st_counter, st_month, st_span) made if this connection has not yet. */
static int staged(struct pghub *h, int t, struct pos_error *err)
{
	int r;

	if (!staging_sql[t] || (h->staged & (1u << t)))
		return 0;
	if ((r = q0(h, staging_sql[t], err, "making the staging tables")))
		return r;
	h->staged |= 1u << t;
	return 0;
}

static int uuid_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

static int day_cmp(const void *a, const void *b)
{
	const struct dayrow *x = a, *y = b;
	int c = strcmp(x->date, y->date);

	if (!c)
		c = strcmp(x->sku, y->sku);
	return c ? c : (x->stars > y->stars) - (x->stars < y->stars);
}

static const char *jstr(struct jcur *c, const char *key)
{
	const cJSON *v = jget(c, key);

	return cJSON_IsString(v) && v->valuestring ? v->valuestring : "";
}

static long long jll(struct jcur *c, const char *key)
{
	const cJSON *v = jget(c, key);

	return cJSON_IsNumber(v) ? (long long)v->valuedouble : 0;
}

/* A line x of a new document for the summaries (refunds and voids subtract). */
static void add_day(struct imp *m, const char *date, const cJSON *x, int sale)
{
	struct jcur c = { x, NULL };
	struct dayrow *d;
	long long sign = sale ? 1 : -1;

	if (POS_GROW(m->days, m->capdays, m->ndays + 1)) {
		m->failed = 1;
		return;
	}
	d = &m->days[m->ndays++];
	memset(d, 0, sizeof(*d));
	VN_COPY(d->date, date);
	/* in the order the exporter writes a line's fields */
	VN_COPY(d->sku, jstr(&c, "product"));
	d->stars = (int)jll(&c, "stars");
	d->q = sign * jll(&c, "qty_milli");
	d->a = sign * jll(&c, "amount");
	d->v = sign * jll(&c, "vat");
	d->c = sign * jll(&c, "cost");
	d->cm = sign * jll(&c, "commission");
	d->sales = sale;
	d->returns = !sale;
	d->rq = sale ? 0 : -d->q;
	d->ra = sale ? 0 : -d->a;
}

/* The highest number per register, year and series. */
static void add_counter(struct imp *m, const char *reg, int year, int refunds, long long seq)
{
	size_t i;

	for (i = 0; i < m->nctr; i++)
		if (m->ctr[i].year == year && m->ctr[i].refunds == refunds &&
		    !strcmp(m->ctr[i].reg, reg)) {
			if (seq > m->ctr[i].last)
				m->ctr[i].last = seq;
			return;
		}
	if (POS_GROW(m->ctr, m->capctr, m->nctr + 1)) {
		m->failed = 1;
		return;
	}
	VN_COPY(m->ctr[m->nctr].reg, reg);
	m->ctr[m->nctr].year = year;
	m->ctr[m->nctr].refunds = refunds;
	m->ctr[m->nctr].last = seq;
	m->nctr++;
}

static int day_pcmp(const void *a, const void *b)
{
	return day_cmp(*(const struct dayrow *const *)a, *(const struct dayrow *const *)b);
}

/*
 * Rows [0, n) of d folded into out, one per key (day_cmp), in key order:
 * how many.  ix: room for n pointers (sorted, not the rows: a row is 124
 * bytes, and sorting 300,000 of them was a tenth of a second with the
 * server waiting).
 */
static size_t fold_rows(const struct dayrow *d, size_t n, struct dayrow *out,
			const struct dayrow **ix)
{
	size_t i, j, w = 0;

	for (i = 0; i < n; i++)
		ix[i] = &d[i];
	qsort(ix, n, sizeof(*ix), day_pcmp);
	for (i = 0; i < n; i = j) {
		struct dayrow t = *ix[i];

		for (j = i + 1; j < n && !day_cmp(ix[j], &t); j++) {
			t.q += ix[j]->q;
			t.a += ix[j]->a;
			t.v += ix[j]->v;
			t.c += ix[j]->c;
			t.cm += ix[j]->cm;
			t.sales += ix[j]->sales;
			t.returns += ix[j]->returns;
			t.rq += ix[j]->rq;
			t.ra += ix[j]->ra;
		}
		out[w++] = t;
	}
	return w;
}

static void r_begin(struct imp *m, int t);
static void r_end(struct imp *m, int t);
static void r_int(struct imp *m, int t, long long v, enum btype bt);
static void r_str(struct imp *m, int t, const char *s, enum btype bt);

/* A summary row (sale_day's and sale_month's columns) into buffer t (binary when streamed). */
static void put_summary(struct imp *m, int t, const struct dayrow *d, const char *showroom)
{
	const long long v[] = { d->q, d->a, d->v, d->c, d->cm, d->sales, d->returns, d->rq, d->ra };
	size_t i;

	r_begin(m, t);
	r_str(m, t, d->date, B_DATE);
	r_str(m, t, showroom, B_DEF);
	r_str(m, t, d->sku, B_DEF);
	r_int(m, t, d->stars, B_I4);
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		r_int(m, t, v[i], B_DEF);
	r_end(m, t);
}

static int span_pcmp(const void *a, const void *b)
{
	const struct dayrow *x = *(const struct dayrow *const *)a, *y = *(const struct dayrow *const *)b;
	int c = strcmp(x->sku, y->sku);

	return c ? c : strcmp(x->date, y->date);
}

/*
 * The summaries folded here, as COPY text: the file's rows per (date, SKU,
 * stars) for sale_day (m->days folded), per (month, SKU, stars) for
 * sale_month (st_month: also what sale_month_all and the commercialization
 * summaries are made from) and per SKU its first and last day with a sale
 * (st_span: sale_product, sale_sku_span); then the counters.  The server
 * has a fraction of the rows to group then.
 */
static void stage_summaries(struct imp *m, const char *showroom)
{
	const struct dayrow **ix = NULL;
	struct dayrow *days = NULL, *x = NULL, *y = NULL;
	struct bytebuf *b;
	size_t i, j, n;

	if (m->ndays && (!(ix = malloc(m->ndays * sizeof(*ix))) ||
			 !(days = malloc(m->ndays * sizeof(*days))) ||
			 !(x = malloc(m->ndays * sizeof(*x))) || !(y = malloc(m->ndays * sizeof(*y))))) {
		m->failed = 1;
		goto out;
	}
	if (!m->ndays)
		goto counters;
	n = fold_rows(m->days, m->ndays, days, ix);
	free(m->days);
	m->days = days;
	m->capdays = m->ndays;
	m->ndays = n;
	days = NULL;
	for (i = 0; i < m->ndays; i++)
		put_summary(m, ST_DAY, &m->days[i], showroom);
	/* months */
	memcpy(x, m->days, m->ndays * sizeof(*x));
	for (i = 0; i < m->ndays; i++)
		memcpy(x[i].date + 8, "01", 3);      /* (dates are YYYY-MM-DD) */
	n = fold_rows(x, m->ndays, y, ix);
	for (i = 0; i < n; i++)
		put_summary(m, ST_MONTH, &y[i], showroom);
	/* first and last sale per SKU */
	for (i = n = 0; i < m->ndays; i++)
		if (m->days[i].sales > 0)
			ix[n++] = &m->days[i];
	qsort(ix, n, sizeof(*ix), span_pcmp);
	b = &m->b[ST_SPAN];
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && !strcmp(ix[j]->sku, ix[i]->sku); j++)
			;
		cb_text(b, ix[i]->sku);
		cb_text(b, showroom);
		cb_text(b, ix[i]->date);
		cb_text(b, ix[j - 1]->date);
		cb_end(b);
	}
counters:
	b = &m->b[ST_COUNTER];
	for (i = 0; i < m->nctr; i++) {
		cb_text(b, showroom);
		cb_text(b, m->ctr[i].reg);
		cb_ll(b, m->ctr[i].year);
		cb_text(b, m->ctr[i].refunds ? "refund" : "sale");
		cb_ll(b, m->ctr[i].last);
		cb_end(b);
	}
out:
	free(ix);
	free(days);
	free(x);
	free(y);
}

/* ---- rows of the streamed tables: COPY text, or binary when streamed ---- */

/*
 * Streamed, the sales, lines, line lots, payments and moves go in COPY's
 * binary format: the server stores numbers, dates, timestamps and UUIDs
 * as they come instead of parsing their text (a third of a COPY's time on
 * the server, which is the import's bottleneck).  Each value is written
 * as the text format would have it read: a date or timestamp the file
 * does not give in the form the verifier checks (YYYY-MM-DD,
 * YYYY-MM-DDTHH:MM:SSZ), a UUID not in its canonical form or an int out of
 * range sets bin_bad, and the import runs again in text.
 */
#define PG_EPOCH_DAYS 10957              /* 2000-01-01 (PostgreSQL's epoch) in days since 1970 */

static void be(struct bytebuf *b, uint64_t v, int bytes)
{
	unsigned char x[8];
	int i;

	for (i = 0; i < bytes; i++)
		x[i] = (unsigned char)(v >> (8 * (bytes - 1 - i)));
	cb_add(b, (const char *)x, (size_t)bytes);
}

static void r_begin(struct imp *m, int t)
{
	static const char sig[19] = "PGCOPY\n\377\r\n";    /* then flags and extension: 0 */
	struct bytebuf *b = &m->b[t];

	if (!m->bin)
		return;
	if (!b->len)
		cb_add(b, sig, sizeof(sig));
	m->row_at[t] = b->len;
	m->row_nf[t] = 0;
	be(b, 0, 2);                             /* the number of fields, set by r_end */
}

static void r_end(struct imp *m, int t)
{
	struct bytebuf *b = &m->b[t];

	if (!m->bin) {
		cb_end(b);
		return;
	}
	if (!b->failed) {
		b->data[m->row_at[t]] = (unsigned char)(m->row_nf[t] >> 8);
		b->data[m->row_at[t] + 1] = (unsigned char)m->row_nf[t];
	}
}

static void r_null(struct imp *m, int t)
{
	if (!m->bin) {
		cb_null(&m->b[t]);
		return;
	}
	be(&m->b[t], 0xffffffffu, 4);
	m->row_nf[t]++;
}

static void r_int(struct imp *m, int t, long long v, enum btype bt)
{
	if (!m->bin) {
		cb_ll(&m->b[t], v);
		return;
	}
	if (bt == B_I4) {
		if (v < -2147483648LL || v > 2147483647LL)
			m->bin_bad = 1;
		be(&m->b[t], 4, 4);
		be(&m->b[t], (uint64_t)v, 4);
	} else {
		be(&m->b[t], 8, 4);
		be(&m->b[t], (uint64_t)v, 8);
	}
	m->row_nf[t]++;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	       c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* A text value of type bt (B_DEF: text). */
static void r_str(struct imp *m, int t, const char *s, enum btype bt)
{
	struct bytebuf *b = &m->b[t];

	if (!m->bin) {
		cb_text(b, s);
		return;
	}
	m->row_nf[t]++;
	if (bt == B_DATE) {
		int64_t days = 0;

		if (clock_date_parse(s, &days, NULL))
			m->bin_bad = 1;
		be(b, 4, 4);
		be(b, (uint64_t)(days - PG_EPOCH_DAYS), 4);
	} else if (bt == B_TS) {
		time_t at = 0;

		if (clock_parse_utc(s, &at, NULL))
			m->bin_bad = 1;
		be(b, 8, 4);
		be(b, (uint64_t)(((int64_t)at - (int64_t)PG_EPOCH_DAYS * 86400) * 1000000), 8);
	} else if (bt == B_UUID) {
		unsigned char u[16];
		int i, k = 0;

		for (i = 0; i < 36 && k < 16; i++) {
			int hi, lo;

			if (i == 8 || i == 13 || i == 18 || i == 23) {
				if (s[i] != '-')
					break;
				continue;
			}
			if ((hi = hexval(s[i])) < 0 || (lo = hexval(s[i + 1])) < 0)
				break;
			u[k++] = (unsigned char)(hi << 4 | lo);
			i++;
		}
		if (k != 16 || s[36])
			m->bin_bad = 1;
		be(b, 16, 4);
		if (k == 16)
			cb_add(b, (const char *)u, 16);
		else
			cb_add(b, "0000000000000000", 16);
	} else {
		size_t n = strlen(s);

		be(b, (uint64_t)n, 4);
		cb_add(b, s, n);
	}
}

/* A record's fields into buffer t (f_str, f_int: the same values). */
static void r_fields(struct imp *m, int t, struct jcur *c, const struct field *f)
{
	for (; f->key; f++) {
		const cJSON *v = jget(c, f->key);
		int num = f->kind == F_INT || f->kind == F_INT_NULL || f->kind == F_I4 ||
			  f->kind == F_I4_NULL;
		int null = f->kind == F_INT_NULL || f->kind == F_I4_NULL || f->kind == F_STR_NULL ||
			   f->kind == F_UUID_NULL;
		enum btype bt = f->kind == F_I4 || f->kind == F_I4_NULL ? B_I4 :
				f->kind == F_DATE ? B_DATE : f->kind == F_TS ? B_TS :
				f->kind == F_UUID_NULL ? B_UUID : B_DEF;

		if (f->kind == F_BOOL) {
			if (m->bin)
				m->bin_bad = 1;          /* (no streamed table has one) */
			r_str(m, t, cJSON_IsTrue(v) || (cJSON_IsNumber(v) && v->valuedouble != 0) ?
				    "t" : "f", B_DEF);
		} else if (num) {
			if (cJSON_IsNumber(v))
				r_int(m, t, (long long)v->valuedouble, bt);
			else if (cJSON_IsBool(v))
				r_int(m, t, cJSON_IsTrue(v) ? 1 : 0, bt);
			else if (null)
				r_null(m, t);
			else
				r_int(m, t, 0, bt);
		} else if (cJSON_IsString(v) && v->valuestring && (v->valuestring[0] || !null)) {
			r_str(m, t, v->valuestring, bt);
		} else if (null) {
			r_null(m, t);
		} else {
			r_str(m, t, "", bt);
		}
	}
}

/*
 * The verifier's record callback (struct batch_hub.record): one record of
 * the file, checked by the verifier, into the COPY buffers, during the one
 * reading of the file.
 */
static int pv_record(void *ctx, const char *type, const cJSON *o, struct pos_error *err)
{
	struct imp *m = ctx;
	struct bytebuf *b = m->b;
	struct jcur c = { o, NULL };
	const cJSON *x, *y;

	if (!strcmp(type, "sale")) {
		struct span *sp;
		const char *date;
		int n = 0, sale;

		if (POS_GROW(m->spans, m->capspans, m->nspans + 1))
			return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
		sp = &m->spans[m->nspans++];
		memset(sp, 0, sizeof(*sp));
		sp->off[SP_SALE] = b[ST_SALE].len;
		sp->off[SP_LINE] = b[ST_LINE].len;
		sp->off[SP_LINE_LOT] = b[ST_LINE_LOT].len;
		sp->off[SP_PAYMENT] = b[ST_PAYMENT].len;
		sp->day = m->ndays;
		VN_COPY(sp->uuid, jstr(&c, "uuid"));
		r_begin(m, ST_SALE);
		r_str(m, ST_SALE, m->showroom, B_DEF);
		r_str(m, ST_SALE, sp->uuid, B_UUID);
		{
			/* the sale's fields, keeping those the summaries need */
			struct jcur k = c;

			sale = !strcmp(jstr(&k, "kind"), "sale");
			VN_COPY(sp->reg, jstr(&k, "register"));
			sp->seq = jll(&k, "seq");
			date = jstr(&k, "business_date");
		}
		r_fields(m, ST_SALE, &c, sale_fields);
		r_int(m, ST_SALE, m->file_seq, B_DEF);
		r_end(m, ST_SALE);
		sp->year = atoi(date);
		sp->refunds = !sale;
		cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(o, "lines")) {
			struct jcur lc = { x, NULL };
			long long line_no;

			sp->lines++;
			add_day(m, date, x, sale);
			r_begin(m, ST_LINE);
			r_str(m, ST_LINE, date, B_DATE);
			r_str(m, ST_LINE, m->showroom, B_DEF);
			r_str(m, ST_LINE, sp->uuid, B_UUID);
			line_no = jll(&lc, "line_no");
			lc.at = NULL;
			r_fields(m, ST_LINE, &lc, line_fields);
			r_end(m, ST_LINE);
			cJSON_ArrayForEach(y, jget(&lc, "lots")) {
				struct jcur yc = { y, NULL };

				sp->line_lots++;
				r_begin(m, ST_LINE_LOT);
				r_str(m, ST_LINE_LOT, m->showroom, B_DEF);
				r_str(m, ST_LINE_LOT, sp->uuid, B_UUID);
				r_int(m, ST_LINE_LOT, line_no, B_I4);
				r_fields(m, ST_LINE_LOT, &yc, line_lot_fields);
				r_end(m, ST_LINE_LOT);
			}
		}
		cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(o, "payments")) {
			struct jcur pc = { x, NULL };

			sp->payments++;
			r_begin(m, ST_PAYMENT);
			r_str(m, ST_PAYMENT, m->showroom, B_DEF);
			r_str(m, ST_PAYMENT, sp->uuid, B_UUID);
			r_int(m, ST_PAYMENT, ++n, B_I4);
			r_fields(m, ST_PAYMENT, &pc, payment_fields);
			r_end(m, ST_PAYMENT);
		}
	} else if (!strcmp(type, "move")) {
		long long id = jll(&c, "id");

		if (!m->moves || id < m->move_min)
			m->move_min = id;
		if (!m->moves || id > m->move_max)
			m->move_max = id;
		m->moves++;
		r_begin(m, ST_MOVE);
		r_str(m, ST_MOVE, m->showroom, B_DEF);
		r_int(m, ST_MOVE, id, B_DEF);
		r_fields(m, ST_MOVE, &c, move_fields);
		r_end(m, ST_MOVE);
	} else if (!strcmp(type, "producer")) {
		put_fields(&b[ST_PRODUCER], &c, producer_fields);
		cb_end(&b[ST_PRODUCER]);
	} else if (!strcmp(type, "product")) {
		struct jcur cert = { cJSON_GetObjectItemCaseSensitive(o, "certificate"), NULL };

		put_fields(&b[ST_PRODUCT], &c, product_fields);
		put_fields(&b[ST_PRODUCT], &cert, cert_fields);
		put_fields(&b[ST_PRODUCT], &c, product_tail);
		cb_end(&b[ST_PRODUCT]);
	} else if (!strcmp(type, "lot")) {
		cb_text(&b[ST_LOT], m->showroom);
		put_fields(&b[ST_LOT], &c, lot_fields);
		cb_end(&b[ST_LOT]);
	}
	if (m->bin_bad) {
		m->stream_failed = 1;            /* (run again in text) */
		return pos_fail(err, POS_ERR_INVALID, "%s", tr("a value cannot be sent in binary"));
	}
	if (m->st && !m->failed && stream_push(m))
		return stream_finish(m, err);    /* the stream failed (or no memory) */
	if (m->failed)
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
	return 0;
}

/*
 * The file is verified: the sales the hub holds already (pv_has_sales)
 * out of the buffers and the summaries, the counters of the others; then
 * the summaries folded.
 */
static int stage_done(struct imp *m, struct pos_error *err)
{
	static const int bufs[SP_COUNT] = { ST_SALE, ST_LINE, ST_LINE_LOT, ST_PAYMENT };
	size_t i, k, w[SP_COUNT] = { 0 }, wd = 0;
	int t, r;

	for (t = 0; t < ST_COUNT; t++)
		if ((r = bytebuf_check(&m->b[t], err)))
			return r;
	if (m->nknown) {
		qsort(m->known, m->nknown, sizeof(*m->known), uuid_cmp);
		for (i = 0; i < m->nspans; i++) {
			const struct span *sp = &m->spans[i];
			int keep = !bsearch(sp->uuid, m->known, m->nknown, sizeof(*m->known),
					    uuid_cmp);
			size_t dend = i + 1 < m->nspans ? sp[1].day : m->ndays;

			for (k = 0; k < SP_COUNT; k++) {
				struct bytebuf *b = &m->b[bufs[k]];
				size_t end = i + 1 < m->nspans ? sp[1].off[k] : b->len;

				if (keep && w[k] != sp->off[k])
					memmove(b->data + w[k], b->data + sp->off[k], end - sp->off[k]);
				if (keep)
					w[k] += end - sp->off[k];
			}
			if (keep && wd != sp->day)
				memmove(&m->days[wd], &m->days[sp->day],
					(dend - sp->day) * sizeof(*m->days));
			if (keep)
				wd += dend - sp->day;
			else
				m->spans[i].seq = -1;   /* the hub has it */
		}
		for (k = 0; k < SP_COUNT; k++)
			m->b[bufs[k]].len = w[k];
		m->ndays = wd;
	}
	for (i = 0; i < m->nspans; i++) {
		const struct span *sp = &m->spans[i];

		if (sp->seq < 0)
			continue;
		m->sales++;
		m->lines += sp->lines;
		m->line_lots += sp->line_lots;
		m->payments += sp->payments;
		add_counter(m, sp->reg, sp->year, sp->refunds, sp->seq);
	}
	stage_summaries(m, m->showroom);
	if (m->failed)
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
	for (t = 0; t < ST_COUNT; t++)
		if ((r = bytebuf_check(&m->b[t], err)))
			return r;
	return 0;
}

/* b into table (bin: b is in COPY's binary format, else text). */
static int copy_in(struct pghub *h, const char *table, const struct bytebuf *b, int bin,
		   struct pos_error *err)
{
	char sql[256];
	PGresult *res;
	int r = 0;

	if (!b->len)
		return 0;
	snprintf(sql, sizeof(sql), "COPY %s FROM STDIN%s", table, bin ? " (FORMAT binary)" : "");
	res = PQexec(h->c, sql);
	if (PQresultStatus(res) != PGRES_COPY_IN) {
		r = pg_fail(h, res, err, "copying into the staging tables");
		PQclear(res);
		return r;
	}
	PQclear(res);
	if (PQputCopyData(h->c, (const char *)b->data, (int)b->len) != 1 ||
	    PQputCopyEnd(h->c, NULL) != 1)
		r = pg_fail(h, NULL, err, "copying into the staging tables");
	while ((res = PQgetResult(h->c))) {
		if (!r && PQresultStatus(res) != PGRES_COMMAND_OK)
			r = pg_fail(h, res, err, "copying into the staging tables");
		PQclear(res);
	}
	return r;
}

/* ---- streaming: the rows COPYed while the file is read ------------------ */

/*
 * The file's sales, lines, line lots, payments and moves go to the server
 * while the client reads and verifies the rest of the file: pv_record
 * hands every chunk of COPY rows (stream_chunk) to a sender thread, which
 * owns the connection until the verifier's first question to the hub
 * (stream_finish): it takes the answer of the file's row of batch_in sent
 * ahead (settle), then COPYs each chunk into the hub's tables, table by
 * table.  So the server stores the file and COPYs its rows on one core
 * while the client parses and checks on the other, instead of one after
 * the other.  All of it is in the import's transaction, rolled back with
 * the rest when the file is refused.  Used when the hub cannot have any
 * of the file's sales or moves (the showroom's first file, or one that
 * continues its last: import_data); a COPY refused all the same (a
 * duplicate key) makes the import start again, buffered.
 */
/*
 * A chunk is a 32nd of the file, 1 to 8 MB: each chunk is a COPY per
 * table, whose start costs the server as much as a few hundred rows
 * (a big file in 1 MB chunks was 600 COPYs); a small file still starts
 * being written after its first 32nd.
 */
#define STREAM_CHUNK_MIN (1u << 20)
#define STREAM_CHUNK_MAX (8u << 20)
/*
 * Rows queued for the sender, at most (then the reader waits): enough
 * that the reader goes on while the server stores the file, sent first
 * (a tenth of the server's work for the file), not the whole file.
 */
#define STREAM_QUEUE (48u << 20)

enum { SS_SALE, SS_LINE, SS_LINE_LOT, SS_PAYMENT, SS_MOVE, SS_COUNT };

static const int ss_buf[SS_COUNT] = { ST_SALE, ST_LINE, ST_LINE_LOT, ST_PAYMENT, ST_MOVE };

struct chunk {
	struct chunk *next;
	struct bytebuf b[SS_COUNT];
};

/* The file's row of batch_in, sent by the sender (send_batch_in's arguments). */
struct batch_in_row {
	const struct batch_header *hd;
	const char *seq, *data, *via, *via_sig;
	size_t n;
};

struct stream {
	struct imp *m;
	struct batch_in_row row;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct chunk *head, *tail;
	size_t queued;
	int done;                  /* no more chunks: the sender stops when the queue is empty */
	int abort;                 /* the file is refused: the chunks left are dropped */
	int failed;                /* a COPY (or the row of batch_in) failed: err says why */
	struct pos_error err;
};

static int send_batch_in(struct imp *m, const struct batch_header *hd, const char *seq,
			 const char *data, size_t n, const char *via, const char *via_sig,
			 struct pos_error *err);

static void chunk_free(struct chunk *c)
{
	int k;

	for (k = 0; k < SS_COUNT; k++)
		bytebuf_release(&c->b[k]);
	free(c);
}

/* The sender: the connection is its own until stream_finish joins it. */
static void *stream_main(void *v)
{
	struct stream *s = v;
	struct imp *m = s->m;
	const struct batch_in_row *w = &s->row;
	struct pos_error e;
	int bad = send_batch_in(m, w->hd, w->seq, w->data, w->n, w->via, w->via_sig, &e) ||
		  settle(m, &e);

	if (bad) {
		pthread_mutex_lock(&s->mu);
		s->failed = 1;
		s->err = e;
		pthread_cond_broadcast(&s->cv);
		pthread_mutex_unlock(&s->mu);
	}
	for (;;) {
		struct chunk *c;
		int k, drop;

		pthread_mutex_lock(&s->mu);
		while (!s->head && !s->done)
			pthread_cond_wait(&s->cv, &s->mu);
		c = s->head;
		if (c) {
			s->head = c->next;
			if (!s->head)
				s->tail = NULL;
		}
		drop = s->abort || s->failed;
		pthread_mutex_unlock(&s->mu);
		if (!c)
			break;
		for (k = 0; k < SS_COUNT && !drop; k++) {
			const char *table = ss_buf[k] == ST_MOVE ? "stock_move" : st_names[ss_buf[k]];

			if (copy_in(m->h, table, &c->b[k], m->bin, &e))
				drop = bad = 1;
		}
		chunk_free(c);
		pthread_mutex_lock(&s->mu);
		s->queued--;
		if (bad && !s->failed) {
			s->failed = 1;
			s->err = e;
		}
		pthread_cond_broadcast(&s->cv);
		pthread_mutex_unlock(&s->mu);
	}
	return NULL;
}

/*
 * The sender started for m, first sending the file's row of batch_in (when
 * it cannot be started: no stream, the import is buffered).
 */
static void stream_start(struct imp *m, const struct batch_in_row *row)
{
	struct stream *s = calloc(1, sizeof(*s));

	if (!s)
		return;
	s->m = m;
	s->row = *row;
	if (pthread_mutex_init(&s->mu, NULL)) {
		free(s);
		return;
	}
	if (pthread_cond_init(&s->cv, NULL)) {
		pthread_mutex_destroy(&s->mu);
		free(s);
		return;
	}
	if (pthread_create(&s->th, NULL, stream_main, s)) {
		pthread_cond_destroy(&s->cv);
		pthread_mutex_destroy(&s->mu);
		free(s);
		return;
	}
	m->st = s;
}

/*
 * m's streamed buffers to the sender when they hold m->chunk bytes
 * (force: whatever they hold): 0, or 1 when the stream failed or memory
 * ran out (m->failed).
 */
static int stream_hand(struct imp *m, int force)
{
	struct stream *s = m->st;
	struct chunk *c;
	size_t total = 0;
	int k, failed;

	for (k = 0; k < SS_COUNT; k++)
		total += m->b[ss_buf[k]].len;
	if (!total || (!force && total < m->chunk))
		return 0;
	for (k = 0; k < SS_COUNT; k++)
		if (m->b[ss_buf[k]].failed) {
			m->failed = 1;
			return 1;
		}
	if (!(c = calloc(1, sizeof(*c)))) {
		m->failed = 1;
		return 1;
	}
	for (k = 0; k < SS_COUNT; k++) {
		if (m->bin && m->b[ss_buf[k]].len)
			be(&m->b[ss_buf[k]], 0xffff, 2);         /* the binary format's trailer */
		c->b[k] = m->b[ss_buf[k]];
		bytebuf_init(&m->b[ss_buf[k]]);
	}
	pthread_mutex_lock(&s->mu);
	while (s->queued >= m->depth && !s->failed)
		pthread_cond_wait(&s->cv, &s->mu);
	failed = s->failed;
	if (!failed) {
		if (s->tail)
			s->tail->next = c;
		else
			s->head = c;
		s->tail = c;
		s->queued++;
		pthread_cond_broadcast(&s->cv);
	}
	pthread_mutex_unlock(&s->mu);
	if (failed)
		chunk_free(c);
	return failed;
}

static int stream_push(struct imp *m)
{
	return stream_hand(m, 0);
}

/*
 * The rest sent, the sender joined: the connection is the caller's again.
 * 0, or the stream's error (m->stream_failed set: the import starts again,
 * buffered).  abort: the file is refused, what is queued is dropped.
 */
static int stream_end(struct imp *m, int abort, struct pos_error *err)
{
	struct stream *s = m->st;
	int failed;

	if (!s)
		return m->stream_failed ? pos_fail(err, POS_ERR_DB, "%s", tr("PostgreSQL: the "
							"streamed rows were refused")) : 0;
	if (!abort && !m->failed)
		stream_hand(m, 1);
	pthread_mutex_lock(&s->mu);
	s->done = 1;
	s->abort = abort || m->failed;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	pthread_join(s->th, NULL);
	failed = s->failed;
	if (failed) {
		m->stream_failed = 1;
		*err = s->err;
	}
	pthread_cond_destroy(&s->cv);
	pthread_mutex_destroy(&s->mu);
	while (s->head) {
		struct chunk *c = s->head;

		s->head = c->next;
		chunk_free(c);
	}
	free(s);
	m->st = NULL;
	if (failed)
		return POS_ERR_DB;
	return m->failed ? pos_fail(err, POS_ERR_NO_MEM, "out of memory") : 0;
}

static int stream_finish(struct imp *m, struct pos_error *err)
{
	return stream_end(m, 0, err);
}

/* ---- partitions ------------------------------------------------------------ */

/* n decimal digits at p into *v; 0 when one is not a digit. */
static int digits(const char *p, int n, int *v)
{
	int i;

	for (*v = 0, i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return 0;
		*v = *v * 10 + (p[i] - '0');
	}
	return 1;
}

/* The first occurrence of key[0..k) in [p, end), or NULL. */
static const char *find(const char *p, const char *end, const char *key, size_t k)
{
	for (; (size_t)(end - p) >= k; p++) {
		p = memchr(p, key[0], (size_t)(end - p) - k + 1);
		if (!p)
			return NULL;
		if (!memcmp(p, key, k))
			return p;
	}
	return NULL;
}

/*
 * The months marked in need (years 2000..2199) that have no partition yet:
 * created, all in one short transaction of their own (one commit for a new
 * year's twelve instead of twelve).
 */
static int create_months(struct pghub *h, int need[200][13], struct pos_error *err)
{
	static const char begin[] = "BEGIN; SELECT pg_advisory_xact_lock(7415002);";
	struct bytebuf sql;
	PGresult *res;
	int r = 0, y, m, any = 0;

	bytebuf_init(&sql);
	cb_add(&sql, begin, sizeof(begin) - 1);
	for (y = 0; y < 200; y++)
		for (m = 1; m <= 12; m++) {
			char one[200];
			int n;

			if (!need[y][m] || h->parts[y][m])
				continue;
			n = snprintf(one, sizeof(one), " CREATE TABLE IF NOT EXISTS sale_line_%04d_%02d"
				     " PARTITION OF sale_line FOR VALUES FROM ('%04d-%02d-01') TO"
				     " ('%04d-%02d-01');", 2000 + y, m, 2000 + y, m,
				     m == 12 ? 2001 + y : 2000 + y, m == 12 ? 1 : m + 1);
			cb_add(&sql, one, (size_t)n);
			any = 1;
		}
	cb_add(&sql, " COMMIT", 8);            /* (with its NUL) */
	if (!any || (r = bytebuf_check(&sql, err))) {
		bytebuf_release(&sql);
		return r;
	}
	res = PQexec(h->c, (const char *)sql.data);
	bytebuf_release(&sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		r = pg_fail(h, res, err, "creating a month's partition");
		PQclear(res);
		PQclear(PQexec(h->c, "ROLLBACK"));
		return r;
	}
	PQclear(res);
	for (y = 0; y < 200; y++)
		for (m = 1; m <= 12; m++)
			if (need[y][m])
				h->parts[y][m] = 1;
	return 0;
}

/*
 * The month partitions of sale_line the file's sales need, created (when
 * missing) in one short transaction before the import's: DDL
 * on the partitioned table inside imports running at once could deadlock.
 * The partitions there are are read once per connection; when every month
 * of the file's period (hd) has one -- every file but the first of a
 * month -- nothing else is asked.  Otherwise the sales' lines are looked
 * for their months (a partition per month with lines, no more).
 */
static int ensure_partitions(struct pghub *h, const struct batch_header *hd, const char *data,
			     size_t n, struct pos_error *err)
{
	static const char key[] = "\"business_date\":\"";
	int seen[200][13];               /* years 2000..2199 */
	const char *p = data, *end = data + n;
	int r, y, m, y2, m2, all = 1;

	if (!h->parts_read) {
		PGresult *res;
		int i;

		if ((r = q(h, "SELECT c.relname FROM pg_inherits i JOIN pg_class c"
			   " ON c.oid = i.inhrelid WHERE i.inhparent = 'sale_line'::regclass", 0, NULL,
			   &res, err, "looking up the partitions")))
			return r;
		for (i = 0; i < PQntuples(res); i++) {
			const char *s = PQgetvalue(res, i, 0);

			if (!strncmp(s, "sale_line_", 10) && strlen(s) == 17 &&
			    digits(s + 10, 4, &y) && s[14] == '_' && digits(s + 15, 2, &m) &&
			    y >= 2000 && y <= 2199 && m >= 1 && m <= 12)
				h->parts[y - 2000][m] = 1;
		}
		PQclear(res);
		h->parts_read = 1;
	}
	if (digits(hd->from, 4, &y) && digits(hd->from + 5, 2, &m) && digits(hd->to, 4, &y2) &&
	    digits(hd->to + 5, 2, &m2) && y >= 2000 && y2 <= 2199 && y * 12 + m <= y2 * 12 + m2 &&
	    y2 * 12 + m2 - y * 12 - m < 2400) {
		for (; all && y * 12 + m <= y2 * 12 + m2; m = m == 12 ? 1 : m + 1, y += m == 1)
			all = m >= 1 && m <= 12 && h->parts[y - 2000][m];
		if (all)
			return 0;
	}
	memset(seen, 0, sizeof(seen));
	for (; p < end; p++) {
		static const char sale[] = "{\"type\":\"sale\",";
		const char *eol = memchr(p, '\n', (size_t)(end - p));

		if (!eol)
			eol = end;
		/* only sales have lines (moves keep their own dates) */
		if ((size_t)(eol - p) < sizeof(sale) || memcmp(p, sale, sizeof(sale) - 1) ||
		    !(p = find(p, eol, key, sizeof(key) - 1))) {
			p = eol;
			continue;
		}
		p += sizeof(key) - 1;
		/* digits read by hand: sscanf would measure the whole rest of the file */
		if (eol - p < 7 || !digits(p, 4, &y) || p[4] != '-' || !digits(p + 5, 2, &m) ||
		    y < 2000 || y > 2199 || m < 1 || m > 12 || seen[y - 2000][m]) {
			p = eol;
			continue;
		}
		p = eol;
		seen[y - 2000][m] = 1;
	}
	return create_months(h, seen, err);
}

/* ---- import ------------------------------------------------------------------ */

/*
 * The merge of the staged rows, in key order (concurrent imports insert
 * shared catalogue rows alike, so they do not deadlock); $1 is the
 * showroom, $2 the end of the file's period.  The first four report how
 * many rows they added.
 */
enum { M_PRODUCER, M_PRODUCT, M_OFFER, M_LOT, M_DAY, M_MONTH };

/* The buffer each merge reads (an empty one: the merge is skipped). */
static const int merge_src[] = {
	ST_PRODUCER, ST_PRODUCT, ST_PRODUCT, ST_LOT, ST_DAY, ST_MONTH, ST_MONTH, ST_SPAN, ST_COUNTER,
};

static const char *const merge_sql[] = {
	"INSERT INTO producer SELECT * FROM st_producer ORDER BY code ON CONFLICT DO NOTHING",
	"INSERT INTO product SELECT * FROM st_product ORDER BY sku ON CONFLICT DO NOTHING",
	"INSERT INTO offer SELECT $1, sku, $2::date FROM st_product ORDER BY sku"
	" ON CONFLICT DO NOTHING",
	"INSERT INTO lot SELECT * FROM st_lot ORDER BY sku, lot_no ON CONFLICT DO NOTHING",
	/* summaries: the file's (date, SKU, stars) rows (when the hub has some of
	 * the showroom's for its days; else COPYed straight in), its (month, SKU,
	 * stars) rows and first/last sales, folded by the client (stage_summaries) */
	"INSERT INTO sale_day SELECT * FROM st_day ORDER BY 1, 2, 3, 4"
	" ON CONFLICT (business_date, showroom, sku, stars) DO UPDATE SET"
	" qty_milli = sale_day.qty_milli + excluded.qty_milli,"
	" amount = sale_day.amount + excluded.amount, vat = sale_day.vat + excluded.vat,"
	" cost = sale_day.cost + excluded.cost,"
	" commission = sale_day.commission + excluded.commission,"
	" sales = sale_day.sales + excluded.sales, returns = sale_day.returns + excluded.returns,"
	" returned_milli = sale_day.returned_milli + excluded.returned_milli,"
	" returned_amount = sale_day.returned_amount + excluded.returned_amount",
	"INSERT INTO sale_month SELECT * FROM st_month ORDER BY 1, 2, 3, 4"
	" ON CONFLICT (month, showroom, sku, stars) DO UPDATE SET"
	" qty_milli = sale_month.qty_milli + excluded.qty_milli,"
	" amount = sale_month.amount + excluded.amount, vat = sale_month.vat + excluded.vat,"
	" cost = sale_month.cost + excluded.cost,"
	" commission = sale_month.commission + excluded.commission,"
	" sales = sale_month.sales + excluded.sales,"
	" returns = sale_month.returns + excluded.returns,"
	" returned_milli = sale_month.returned_milli + excluded.returned_milli,"
	" returned_amount = sale_month.returned_amount + excluded.returned_amount",
	/* (one showroom: one slot, st_month's keys are unique) */
	"INSERT INTO sale_month_all SELECT month, sku, stars, hashtext(showroom) & 15, qty_milli,"
	" amount, vat, cost, commission, sales, returns, returned_milli, returned_amount"
	" FROM st_month ORDER BY 1, 2, 3"
	" ON CONFLICT (month, sku, stars, slot) DO UPDATE SET"
	" qty_milli = sale_month_all.qty_milli + excluded.qty_milli,"
	" amount = sale_month_all.amount + excluded.amount,"
	" vat = sale_month_all.vat + excluded.vat, cost = sale_month_all.cost + excluded.cost,"
	" commission = sale_month_all.commission + excluded.commission,"
	" sales = sale_month_all.sales + excluded.sales,"
	" returns = sale_month_all.returns + excluded.returns,"
	" returned_milli = sale_month_all.returned_milli + excluded.returned_milli,"
	" returned_amount = sale_month_all.returned_amount + excluded.returned_amount",
	"INSERT INTO sale_product SELECT * FROM st_span ORDER BY 1, 2"
	" ON CONFLICT (sku, showroom) DO UPDATE SET"
	" first_date = least(sale_product.first_date, excluded.first_date),"
	" last_date = greatest(sale_product.last_date, excluded.last_date)",
	"INSERT INTO doc_counter SELECT * FROM st_counter ORDER BY 1, 2, 3, 4"
	" ON CONFLICT (showroom, register, year, series) DO UPDATE SET"
	" last = greatest(doc_counter.last, excluded.last)",
};

/*
 * sale_day and sale_month when the hub has no row of the showroom for any
 * of the file's days (months): no conflict to look for -- the showroom's
 * rows are written under its lock.  sale_day's rows are COPYed straight
 * in then (no merge), sale_month's inserted.
 */
static const char *const merge_fresh_sql[] = {
	NULL,
	"INSERT INTO sale_month SELECT * FROM st_month",
};

/* fresh[0] (sale_day), fresh[1] (sale_month): 1 when the hub has no row of the showroom for the staged days (months). */
static int summaries_fresh(struct imp *m, int fresh[2], struct pos_error *err)
{
	struct bytebuf days, months;
	const char *p[3];
	PGresult *res;
	size_t i;
	int r;

	fresh[0] = fresh[1] = 0;
	if (!m->ndays)
		return 0;
	bytebuf_init(&days);
	bytebuf_init(&months);
	/* m->days is sorted by date (stage_summaries) */
	for (i = 0; i < m->ndays; i++) {
		if (i && !strcmp(m->days[i].date, m->days[i - 1].date))
			continue;
		cb_add(&days, i ? "," : "{", 1);
		cb_add(&days, m->days[i].date, strlen(m->days[i].date));
		if (i && !strncmp(m->days[i].date, m->days[i - 1].date, 7))
			continue;
		cb_add(&months, i ? "," : "{", 1);
		cb_add(&months, m->days[i].date, 8);
		cb_add(&months, "01", 2);
	}
	cb_add(&days, "}", 2);
	cb_add(&months, "}", 2);
	if ((r = bytebuf_check(&days, err)) || (r = bytebuf_check(&months, err)))
		goto out;
	p[0] = m->showroom;
	p[1] = (const char *)days.data;
	p[2] = (const char *)months.data;
	if ((r = q(m->h, "SELECT NOT EXISTS (SELECT 1 FROM sale_day WHERE showroom = $1"
		   " AND business_date = ANY ($2::date[])), NOT EXISTS (SELECT 1 FROM sale_month"
		   " WHERE showroom = $1 AND month = ANY ($3::date[]))", 3, p, &res, err,
		   "reading the summaries")))
		goto out;
	fresh[0] = PQgetvalue(res, 0, 0)[0] == 't';
	fresh[1] = PQgetvalue(res, 0, 1)[0] == 't';
	PQclear(res);
out:
	bytebuf_release(&days);
	bytebuf_release(&months);
	return r;
}

/*
 * Moves: straight into stock_move when the hub has none of the file's ids
 * (the usual case), else through st_move, leaving out those it has.
 */
static int merge_moves(struct imp *m, const char *showroom, long long *added,
		       struct pos_error *err)
{
	char lo[24], hi[24];
	const char *p[3] = { showroom, lo, hi };
	PGresult *res;
	int r, clash;

	*added = 0;
	if (!m->moves)
		return 0;
	snprintf(lo, sizeof(lo), "%lld", m->move_min);
	snprintf(hi, sizeof(hi), "%lld", m->move_max);
	if ((r = q(m->h, "SELECT EXISTS (SELECT 1 FROM stock_move WHERE showroom = $1"
		   " AND id BETWEEN $2::bigint AND $3::bigint)", 3, p, &res, err,
		   "looking up stock moves")))
		return r;
	clash = PQgetvalue(res, 0, 0)[0] == 't';
	PQclear(res);
	if (!clash) {
		*added = m->moves;
		return copy_in(m->h, "stock_move", &m->b[ST_MOVE], 0, err);
	}
	if ((r = staged(m->h, ST_MOVE, err)) ||
	    (r = copy_in(m->h, "st_move", &m->b[ST_MOVE], 0, err)) ||
	    (r = q(m->h, "INSERT INTO stock_move SELECT * FROM st_move ORDER BY id"
		   " ON CONFLICT DO NOTHING", 0, NULL, &res, err, "merging stock moves")))
		return r;
	*added = atoll(PQcmdTuples(res));
	PQclear(res);
	return 0;
}

static void imp_free(struct imp *m)
{
	int t;

	for (t = 0; t < ST_COUNT; t++)
		bytebuf_release(&m->b[t]);
	free(m->known);
	free(m->own);
	free(m->pre);
	free(m->days);
	free(m->ctr);
	free(m->spans);
}

static int hub_keys(struct pghub *h, char code[17], char pk[SIGN_PUBKEY_B64],
		    char sk[SIGN_SECKEY_B64], struct pos_error *err);
static int countersign_sha(struct pghub *h, const char *sha, const char *showroom,
			   long long seq, const char *showroom_key, struct pghub_fwd *fw,
			   struct pos_error *err);

/*
 * The file's row of batch_in, sent without waiting for the answer (settle
 * takes it): the server stores and compresses the file and computes its
 * SHA-256 while it is verified here.  Its number of sales and this hub's
 * countersignature follow once known (finish_batch_in).
 */
static int send_batch_in(struct imp *m, const struct batch_header *hd, const char *seq,
			 const char *data, size_t n, const char *via, const char *via_sig,
			 struct pos_error *err)
{
	const char *bp[5] = { hd->showroom, seq, data, via, via_sig };
	int lens[5] = { 0, 0, (int)n, 0, 0 };
	int fmts[5] = { 0, 0, 1, 0, 0 };

	int r;

	/* a generic plan: a custom one would copy the file into the plan as a
	 * constant, several times (a tenth of the import's time on the server) */
	if ((r = q0(m->h, "SET LOCAL plan_cache_mode = force_generic_plan", err,
		    "recording the import")))
		return r;
	if (!PQsendQueryParams(m->h->c, "INSERT INTO batch_in (showroom, seq, sha256, sales, data,"
			       " via, via_sig) VALUES ($1, $2::bigint, encode(sha256($3::bytea), 'hex'),"
			       " 0, $3::bytea, $4, $5) RETURNING sha256", 5, NULL, bp, lens, fmts, 0))
		return pg_fail(m->h, NULL, err, "recording the import");
	m->pending = 1;
	return 0;
}

/*
 * The showroom's receipt counters into m->pre (pv_last_seq answers from
 * them while the sender owns the connection); m->pre_ok stays 0 (the
 * questions go to the server) when one cannot be kept whole.
 */
static int read_counters(struct imp *m, const char *showroom, struct pos_error *err)
{
	const char *p[1] = { showroom };
	PGresult *res;
	int r, i, n;

	if ((r = q(m->h, "SELECT register, year, series = 'refund', last FROM doc_counter"
		   " WHERE showroom = $1", 1, p, &res, err, "reading receipt numbers")))
		return r;
	n = PQntuples(res);
	if (n && !(m->pre = calloc((size_t)n, sizeof(*m->pre)))) {
		PQclear(res);
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
	}
	m->pre_ok = 1;
	for (i = 0; i < n; i++) {
		const char *reg = PQgetvalue(res, i, 0);

		if (strlen(reg) >= sizeof(m->pre[0].reg))
			m->pre_ok = 0;
		VN_COPY(m->pre[i].reg, reg);
		m->pre[i].year = atoi(PQgetvalue(res, i, 1));
		m->pre[i].refunds = PQgetvalue(res, i, 2)[0] == 't';
		m->pre[i].last = atoll(PQgetvalue(res, i, 3));
	}
	m->npre = (size_t)n;
	PQclear(res);
	return 0;
}

/*
 * The commercialization summaries of the file staged in m (its month rows in
 * st_month, first and last sales in st_span), in the import's transaction: the showroom's number (given at its
 * first file), then per month and product its bit in the block's bitmap
 * when it sold (sales, not only refunds) and the measures added, and per
 * product its first and last sale.  Rows are taken in key order (no
 * deadlock between imports); showrooms of one block wait on each other's
 * rows of a product until commit, which comes right after.
 */
static int pghub_com_merge(struct imp *m, const char *showroom, struct pos_error *err)
{
	static const char *const sql[] = {
		"INSERT INTO sale_month_com AS c SELECT month, sku, $1::int / 1024,"
		" CASE WHEN hub_sum(sales) > 0 THEN"
		" set_bit(0::bit(1024), $1::int % 1024, 1) ELSE 0::bit(1024) END,"
		" hub_sum(qty_milli), hub_sum(amount), hub_sum(vat), hub_sum(cost),"
		" hub_sum(commission), hub_sum(sales), hub_sum(returns), hub_sum(returned_milli),"
		" hub_sum(returned_amount) FROM st_month"
		" GROUP BY 1, 2 ORDER BY 1, 2"
		" ON CONFLICT (month, sku, block) DO UPDATE SET"
		" showrooms = c.showrooms | excluded.showrooms,"
		" qty_milli = c.qty_milli + excluded.qty_milli, amount = c.amount + excluded.amount,"
		" vat = c.vat + excluded.vat, cost = c.cost + excluded.cost,"
		" commission = c.commission + excluded.commission, sales = c.sales + excluded.sales,"
		" returns = c.returns + excluded.returns,"
		" returned_milli = c.returned_milli + excluded.returned_milli,"
		" returned_amount = c.returned_amount + excluded.returned_amount",
		"INSERT INTO sale_year_com AS c SELECT date_trunc('year', month)::date,"
		" sku, $1::int / 1024, CASE WHEN hub_sum(sales) > 0 THEN"
		" set_bit(0::bit(1024), $1::int % 1024, 1) ELSE 0::bit(1024) END,"
		" bit_or(CASE WHEN sales > 0 THEN 1 << (extract(month FROM month)::int - 1)"
		" ELSE 0 END),"
		" hub_sum(qty_milli), hub_sum(amount), hub_sum(vat), hub_sum(cost),"
		" hub_sum(commission), hub_sum(sales), hub_sum(returns), hub_sum(returned_milli),"
		" hub_sum(returned_amount) FROM st_month"
		" GROUP BY 1, 2 ORDER BY 1, 2"
		" ON CONFLICT (year, sku, block) DO UPDATE SET"
		" showrooms = c.showrooms | excluded.showrooms, months = c.months | excluded.months,"
		" qty_milli = c.qty_milli + excluded.qty_milli, amount = c.amount + excluded.amount,"
		" vat = c.vat + excluded.vat, cost = c.cost + excluded.cost,"
		" commission = c.commission + excluded.commission, sales = c.sales + excluded.sales,"
		" returns = c.returns + excluded.returns,"
		" returned_milli = c.returned_milli + excluded.returned_milli,"
		" returned_amount = c.returned_amount + excluded.returned_amount",
		"INSERT INTO sale_sku_span AS t SELECT sku, $1::int / 1024, first_date, last_date"
		" FROM st_span ORDER BY 1"
		" ON CONFLICT (sku, block) DO UPDATE SET"
		" first_date = least(t.first_date, excluded.first_date),"
		" last_date = greatest(t.last_date, excluded.last_date)"
		" WHERE excluded.first_date < t.first_date OR excluded.last_date > t.last_date",
	};
	const char *p[1] = { showroom };
	PGresult *res;
	char num[16];
	size_t i;
	int r;

	if (!m->b[ST_MONTH].len)
		return 0;
	if ((r = q(m->h, "UPDATE showroom SET num = coalesce(num, nextval('showroom_num'))"
		   " WHERE code = $1 RETURNING num", 1, p, &res, err, "numbering the showroom")))
		return r;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return pos_fail(err, POS_ERR_NOT_FOUND,
				tr("showroom %s is not registered here: register its key "
				   "with `ocop-pos showroom register %s --key KEY` (the key "
				   "is what `ocop-pos showroom key` prints there)"), showroom, showroom);
	}
	snprintf(num, sizeof(num), "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	p[0] = num;
	for (i = 0; i < sizeof(sql) / sizeof(sql[0]); i++)
		if ((r = q(m->h, sql[i], 1, p, NULL, err, "summing the commercialization")))
			return r;
	return 0;
}

/*
 * The import; via and via_sig (both NULL for a showroom's own file) are
 * recorded.  stream: the rows may be COPYed while the file is read (struct
 * stream); *again set: that failed, nothing is written, the import is to
 * be run again without.
 */
static int import_run(struct pghub *h, const char *data, size_t n, const char *name,
		      const char *via, const char *via_sig, int stream, int *again,
		      struct batch_result *out, struct pos_error *err)
{
	struct imp m;
	struct batch_hub ops = { &m, pv_key, pv_has_sales, pv_last_seq, pv_record };
	struct pghub_fwd fw;
	struct batch_result res;
	struct batch_header hd;
	char sha[SIGN_SHA256_HEX], seq[24], cont[24], sales[24];
	const char *p[6];
	PGresult *pr;
	long long last = 0;
	size_t i;
	int r, t, fresh[2], streamed = 0;
	unsigned staged_before = 0;

	memset(&res, 0, sizeof(res));
	memset(&m, 0, sizeof(m));
	m.h = h;
	m.showroom = hd.showroom;
	for (t = 0; t < ST_COUNT; t++)
		bytebuf_init(&m.b[t]);
	if (!name)
		name = tr("exchange file");
	if ((r = batch_header_of(data, n, name, &hd, err)))
		return r;
	res.h = hd;
	m.file_seq = hd.sequence;
	snprintf(seq, sizeof(seq), "%lld", hd.sequence);
	snprintf(cont, sizeof(cont), "%lld", hd.continues);
	p[0] = hd.showroom;
	p[1] = seq;
	/* partitions and (once per connection) the staging tables, outside the import */
	if ((r = ensure_partitions(h, &hd, data, n, err)))
		return r;
	if ((r = schema_current(h, err)))
		return r;
	if ((r = staged(h, ST_DAY, err)))
		return r;
	if (!via && (r = hub_keys(h, fw.province, fw.showroom_key, NULL, err)))
		return r;                        /* made before the import's transaction */
	if ((r = q0(h, "BEGIN", err, "starting")))
		return r;
	staged_before = h->staged;       /* (tables made in a rolled back import are gone) */
	/* one import per showroom at a time; other showrooms go on */
	if ((r = q(h, "SELECT pg_advisory_xact_lock(7415003, hashtext($1))", 1, p, NULL, err,
		   "locking the showroom")) ||
	    (r = q(h, "SELECT sha256 FROM batch_in WHERE showroom = $1 AND seq = $2::bigint", 2, p,
		   &pr, err, "reading the imported files")))
		goto fail;
	if (PQntuples(pr)) {
		int same;

		sign_sha256_hex(data, n, sha);
		same = !strcmp(PQgetvalue(pr, 0, 0), sha);
		PQclear(pr);
		if (same) {
			PQclear(PQexec(h->c, "ROLLBACK"));
			res.already = 1;
			if (out)
				*out = res;
			return 0;
		}
		r = pos_fail(err, POS_ERR_REFUSED,
			     tr("%s: a different file %lld from %s was imported already: this one "
				"was made later from the same database state or another database; "
				"nothing was imported"), name, hd.sequence, hd.showroom);
		goto fail;
	}
	PQclear(pr);
	if ((r = q(h, "SELECT coalesce(max(seq), 0) FROM batch_in WHERE showroom = $1", 1, p, &pr,
		   err, "reading the imported files")))
		goto fail;
	last = atoll(PQgetvalue(pr, 0, 0));
	PQclear(pr);
	if (hd.sequence <= last) {
		r = pos_fail(err, POS_ERR_REFUSED,
			     tr("%s: out of sequence: file %lld from %s is older than file %lld "
				"already imported, which holds its sales; nothing was imported"),
			     name, hd.sequence, hd.showroom, last);
		goto fail;
	}
	if (hd.continues && hd.continues != last) {
		r = pos_fail(err, POS_ERR_REFUSED,
			     tr("%s: out of sequence: file %lld from %s continues file %lld, but the "
				"last file imported from %s is %lld: import files %lld to %lld first"),
			     name, hd.sequence, hd.showroom, hd.continues, hd.showroom, last, last + 1,
			     hd.continues);
		goto fail;
	}
	/* the file itself stored by the server while it is verified here (a
	 * refused file is rolled back with the rest) */
	if ((r = read_key(&m, hd.showroom, err)))
		goto fail;
	/* the rows streamed while the file is read when the hub can have none
	 * of them: the showroom's first file, or the one after its last (a file
	 * exported again over an imported period is rare; a COPY refused all
	 * the same starts the import again, buffered); the sender sends the
	 * file's row first */
	if (stream && m.has_key && (!last || hd.continues == last)) {
		struct batch_in_row row = { &hd, seq, data, via, via_sig, n };

		if ((r = read_counters(&m, hd.showroom, err)))
			goto fail;
		m.chunk = n / 32 < STREAM_CHUNK_MIN ? STREAM_CHUNK_MIN
			  : n / 32 > STREAM_CHUNK_MAX ? STREAM_CHUNK_MAX : n / 32;
		m.depth = STREAM_QUEUE / m.chunk;
		stream_start(&m, &row);
		streamed = m.streamed = m.bin = m.st != NULL;
	}
	if (m.has_key && !streamed &&
	    (r = send_batch_in(&m, &hd, seq, data, n, via, via_sig, err)))
		goto fail;
	/* everything checked before the hub's tables are written for good (the
	 * code of the SQLite hub), the records staged (or streamed) as they
	 * are read */
	r = batch_verify(data, n, name, &ops, NULL, err);
	if (m.st && !r) {
		/* the rest to the sender, and the summaries folded here while the
		 * server writes it */
		stream_hand(&m, 1);
		r = stage_done(&m, err);
	}
	if (m.st) {
		/* (a file refused after its sales were said new: the stream's end
		 * decides whether that was so, else it is verified again, buffered) */
		struct pos_error e;
		int r2 = stream_end(&m, r != 0 && !m.assumed, r ? &e : err);

		if (!r)
			r = r2;
	}
	if (m.stream_failed || (streamed && m.nknown)) {
		*again = 1;
		if (!r)
			r = pos_fail(err, POS_ERR_DB, "%s", tr("PostgreSQL: the streamed rows were "
							       "refused"));
		goto fail;
	}
	if (r || (r = settle(&m, err)) ||
	    (r = q0(h, "SET LOCAL plan_cache_mode TO DEFAULT", err, "recording the import")) ||
	    (!streamed && (r = stage_done(&m, err))))
		goto fail;
	/* the catalogue as the showroom's last file had it: not merged again */
	{
		char csha[SIGN_SHA256_HEX];
		struct bytebuf cat;

		bytebuf_init(&cat);
		bytebuf_put(&cat, m.b[ST_PRODUCER].data, m.b[ST_PRODUCER].len);
		bytebuf_put(&cat, m.b[ST_PRODUCT].data, m.b[ST_PRODUCT].len);
		if ((r = bytebuf_check(&cat, err))) {
			bytebuf_release(&cat);
			goto fail;
		}
		sign_sha256_hex(cat.data, cat.len, csha);
		bytebuf_release(&cat);
		p[0] = hd.showroom;
		p[1] = hd.name;
		p[2] = hd.province;
		p[3] = csha;
		if ((r = q(h, "WITH old AS (SELECT catalog_sha FROM showroom WHERE code = $1)"
			   " UPDATE showroom s SET name = $2, province = $3, catalog_sha = $4 FROM old"
			   " WHERE s.code = $1 RETURNING old.catalog_sha IS NOT DISTINCT FROM $4", 4, p,
			   &pr, err, "saving the showroom")))
			goto fail;
		if (PQntuples(pr) && PQgetvalue(pr, 0, 0)[0] == 't') {
			bytebuf_reset(&m.b[ST_PRODUCER]);
			bytebuf_reset(&m.b[ST_PRODUCT]);
		}
		PQclear(pr);
	}
	if ((r = summaries_fresh(&m, fresh, err)))
		goto fail;
	if (m.bin_bad) {                         /* (the summaries' dates and stars) */
		*again = 1;
		r = pos_fail(err, POS_ERR_INVALID, "%s", tr("a value cannot be sent in binary"));
		goto fail;
	}
	for (t = 0; t < ST_COUNT; t++) {
		int bin = m.bin && (t == ST_DAY || t == ST_MONTH);

		if (bin && m.b[t].len)
			be(&m.b[t], 0xffff, 2);          /* the binary format's trailer */
		if (t != ST_MOVE && m.b[t].len &&
		    ((r = staged(h, t, err)) ||
		     (r = copy_in(h, t == ST_DAY && fresh[0] ? "sale_day" : st_names[t], &m.b[t],
				  bin, err))))
			goto fail;
	}
	if (streamed)
		res.moves_added = m.moves;       /* COPYed already */
	else if ((r = merge_moves(&m, hd.showroom, &res.moves_added, err)))
		goto fail;
	p[1] = hd.to;
	for (i = 0; i < sizeof(merge_sql) / sizeof(merge_sql[0]); i++) {
		const char *sql = merge_sql[i];
		long long added;

		_Static_assert(sizeof(merge_src) / sizeof(merge_src[0]) ==
			       sizeof(merge_sql) / sizeof(merge_sql[0]), "a source per merge");
		if (!m.b[merge_src[i]].len)
			continue;
		if ((i == M_DAY || i == M_MONTH) && fresh[i - M_DAY])
			sql = merge_fresh_sql[i - M_DAY];
		if (!sql)
			continue;                /* (sale_day's rows COPYed straight in) */
		if ((r = q(h, sql, i == M_OFFER ? 2 : 0, p, &pr, err, "merging the file")))
			goto fail;
		added = atoll(PQcmdTuples(pr));
		PQclear(pr);
		if (i == M_PRODUCER)
			res.producers_added = added;
		else if (i == M_PRODUCT)
			res.products_added = added;
		else if (i == M_LOT)
			res.lots_added = added;
	}
	if ((r = pghub_com_merge(&m, hd.showroom, err)))
		goto fail;
	/* this hub's countersignature (over the SHA-256 the server computed), kept
	 * for the national server */
	if (strlen(m.sha) != SIGN_SHA256_HEX - 1) {
		r = pos_fail(err, POS_ERR_DB, "PostgreSQL: no SHA-256 for the file");
		goto fail;
	}
	if (!via && (r = countersign_sha(h, m.sha, hd.showroom, hd.sequence, m.key, &fw, err)))
		goto fail;
	res.sales_added = m.sales;
	res.rows = res.producers_added + res.products_added + res.lots_added + res.sales_added +
		   res.moves_added + m.lines + m.line_lots + m.payments;
	res.sales_skipped = hd.sales - res.sales_added;
	res.moves_skipped = hd.moves - res.moves_added;
	snprintf(sales, sizeof(sales), "%lld", res.sales_added);
	{
		const char *bp[5] = { hd.showroom, seq, sales, via ? NULL : m.key,
				      via ? NULL : fw.sig };

		if ((r = q(h, "UPDATE batch_in SET sales = $3::bigint, showroom_key = $4,"
			   " countersig = $5 WHERE showroom = $1 AND seq = $2::bigint", 5, bp, NULL, err,
			   "recording the import")))
			goto fail;
	}
	res.rows++;
	if ((r = q0(h, "COMMIT", err, "committing the import")))
		goto out;
	if (out)
		*out = res;
	goto out;
fail:
	if (m.st)
		stream_end(&m, 1, &(struct pos_error){ 0 });
	settle(&m, &(struct pos_error){ 0 });
	PQclear(PQexec(h->c, "ROLLBACK"));
	h->staged = staged_before;
out:
	imp_free(&m);
	return r;
}

static int import_data(struct pghub *h, const char *data, size_t n, const char *name,
		       const char *via, const char *via_sig, struct batch_result *out,
		       struct pos_error *err)
{
	int again = 0, r = import_run(h, data, n, name, via, via_sig, 1, &again, out, err);

	if (again)
		r = import_run(h, data, n, name, via, via_sig, 0, &again, out, err);
	return r;
}

int pghub_import_data(struct pghub *h, const char *data, size_t n, const char *name,
		      struct batch_result *out, struct pos_error *err)
{
	return import_data(h, data, n, name, NULL, NULL, out, err);
}

int pghub_import(struct pghub *h, const char *path, struct batch_result *out,
		 struct pos_error *err)
{
	char *data = NULL;
	size_t n = 0;
	int r;

	if ((r = fileio_read(path, BATCH_FILE_MAX, &data, &n, err)))
		return r;
	r = pghub_import_data(h, data, n, path, out, err);
	free(data);
	return r;
}

/* ---- reports ---------------------------------------------------------------- */

/*
 * The summary rows of [from, to]: whole months from sale_month, the days
 * before the first and after the last whole month from sale_day.  $1..$4
 * are from, to, the first whole month and the end of the last (exclusive).
 */
#define COLS_SQL \
	"sku, stars, qty_milli, amount, vat, cost, commission, sales, returns, returned_milli," \
	" returned_amount"
/* The days of [from, m1) and [m2, to] from sale_day (from .. m2: parameter names). */
#define DAYS_SQL(from, to, m1, m2) \
	" UNION ALL SELECT showroom, " COLS_SQL ", business_date FROM sale_day" \
	" WHERE business_date >= " from "::date AND business_date < " m1 "::date" \
	" UNION ALL SELECT showroom, " COLS_SQL ", business_date FROM sale_day" \
	" WHERE business_date >= " m2 "::date AND business_date <= " to "::date"
/* The months [m1, m2) of table (sale_month or sale_month_all), its showroom column as col. */
#define MONTHS_SQL(col, table, m1, m2) \
	"(SELECT " col " AS showroom, " COLS_SQL ", month AS d FROM " table \
	" WHERE month >= " m1 "::date AND month < " m2 "::date"
#define FACTS_SQL \
	MONTHS_SQL("showroom", "sale_month", "$3", "$4") DAYS_SQL("$1", "$2", "$3", "$4") ")"

/*
 * For every showroom at once ($5 = ''), the months from sale_month_all (a
 * row per month, product, stars and slot: a fraction of sale_month's rows
 * once there are many showrooms); a whole-months period reads nothing
 * else ($1, $2 only typed).
 */
#define FACTS_ALL_SQL \
	MONTHS_SQL("''", "sale_month_all", "$3", "$4") DAYS_SQL("$1", "$2", "$3", "$4") ")"
/* One showroom's whole months: sale_month only. */
#define FACTS_MONTHS_SQL \
	MONTHS_SQL("showroom", "sale_month", "$3", "$4") " AND $1::date <= $2::date)"
#define FACTS_ALL_MONTHS_SQL \
	MONTHS_SQL("''", "sale_month_all", "$3", "$4") " AND $1::date <= $2::date)"

/* First whole month m1 in [from, to] and the end m2 of the last (exclusive). */
static void span(const char *from, const char *to, char m1[11], char m2[11])
{
	char next[11];

	if (!strcmp(from + 8, "01"))
		snprintf(m1, 11, "%s", from);
	else {
		char first[11];

		snprintf(first, sizeof(first), "%.8s01", from);
		clock_date_add_months(first, 1, m1, NULL);
	}
	clock_date_add_days(to, 1, next, NULL);
	snprintf(m2, 11, "%.8s01", next);
	if (strcmp(m1, m2) >= 0) {        /* no whole month: all from sale_day */
		snprintf(m1, 11, "%s", next);
		snprintf(m2, 11, "%s", next);
	}
}

/* The filter as report_filter_check takes it (no database: names are not looked up). */
static int check_filter(const struct report_filter *f, struct pos_error *err)
{
	if (f->owner[0] || f->kind >= 0)
		return pos_fail(err, POS_ERR_INVALID, "%s",
				tr("the PostgreSQL hub reports by showroom, province, producer, "
				   "group and stars; --owner and --kind are not available there"));
	return report_filter_check(NULL, f, err);
}

/* $1..$9 of the report queries: period, its whole months, then the filters. */
static void filter_params(const struct report_filter *f, const char m1[11], const char m2[11],
			  char group[8], char stars[8], const char *p[9])
{
	snprintf(group, 8, "%d", f->group);
	snprintf(stars, 8, "%d", f->stars);
	p[0] = f->from;
	p[1] = f->to;
	p[2] = m1;
	p[3] = m2;
	p[4] = f->showroom;
	p[5] = f->province;
	p[6] = f->producer;
	p[7] = group;
	p[8] = stars;
}

/* 1 when [from, to] is whole months (then no day summaries are read). */
static int whole_months(const struct report_filter *f, const char m1[11], const char m2[11])
{
	char next[11];

	clock_date_add_days(f->to, 1, next, NULL);
	return !strcmp(m1, f->from) && !strcmp(m2, next);
}

/*
 * Every showroom, no stars filter: the whole years [y1, y2) from
 * sale_year_com, the whole months around them from sale_month_com (both a
 * row per period, product and block of 1024 showrooms, whatever the number
 * of showrooms), the days around those from sale_day.
 */
#define COM_COLS_SQL \
	"sku, qty_milli, amount, vat, cost, commission, sales, returns, returned_milli," \
	" returned_amount"
#define COM_FACTS_SQL(from, to, m1, m2, y1, y2) \
	"(SELECT " COM_COLS_SQL ", year AS d FROM sale_year_com" \
	" WHERE year >= " y1 "::date AND year < " y2 "::date" \
	" UNION ALL SELECT " COM_COLS_SQL ", month FROM sale_month_com" \
	" WHERE (month >= " m1 "::date AND month < " y1 "::date)" \
	" OR (month >= " y2 "::date AND month < " m2 "::date)" \
	" UNION ALL SELECT " COM_COLS_SQL ", business_date FROM sale_day" \
	" WHERE business_date >= " from "::date AND business_date < " m1 "::date" \
	" UNION ALL SELECT " COM_COLS_SQL ", business_date FROM sale_day" \
	" WHERE business_date >= " m2 "::date AND business_date <= " to "::date)"

/*
 * The whole years [y1, y2) inside the whole months [m1, m2) (both first
 * days; y1 = y2 = m2 when there is none, so the months are all of them).
 */
static void years(const char m1[11], const char m2[11], char y1[11], char y2[11])
{
	if (!strcmp(m1 + 4, "-01-01"))
		snprintf(y1, 11, "%s", m1);
	else {
		clock_date_add_months(m1, 12, y1, NULL);
		memcpy(y1 + 4, "-01-01", 6);
	}
	snprintf(y2, 11, "%.4s-01-01", m2);
	if (strcmp(y1, y2) >= 0) {
		snprintf(y1, 11, "%s", m2);
		snprintf(y2, 11, "%s", m2);
	}
}

/* The nine measures summed as bigints (hub_sum: schema_sql; sum() gives numeric). */
#define MEASURES8_SQL \
	"hub_sum(f.qty_milli) AS q, hub_sum(f.amount) AS a, hub_sum(f.vat) AS v," \
	" hub_sum(f.cost) AS c, hub_sum(f.commission) AS cm, hub_sum(f.sales) AS s," \
	" hub_sum(f.returns) AS rt, hub_sum(f.returned_milli) AS rq," \
	" hub_sum(f.returned_amount) AS ra"

/* The catalogue columns of a products report, then (where joined) the measures. */
#define PCAT_COLS_SQL "p.sku, p.name, p.producer, p.origin_province, p.ocop_group, p.stars"
#define PCAT_WHERE_SQL(prov, producer, group) \
	"(" prov " = '' OR p.origin_province = " prov ") AND (" producer " = ''" \
	" OR p.producer = " producer ") AND (" group "::int = 0 OR p.ocop_group = " group "::int)"

/* One showroom: its summaries summed per SKU, then the catalogue joined (few rows). */
#define PRODUCTS_SQL(facts) \
	"SELECT " PCAT_COLS_SQL ", f.q, f.a, f.v, f.c, f.cm, f.s, f.rt, f.rq, f.ra FROM" \
	" (SELECT f.sku, " MEASURES8_SQL " FROM " facts " f" \
	"  WHERE ($5 = '' OR f.showroom = $5) AND ($9::int = 0 OR f.stars = $9::int)" \
	"  GROUP BY f.sku) f JOIN product p ON p.sku = f.sku" \
	" WHERE " PCAT_WHERE_SQL("$6", "$7", "$8")

/*
 * Every showroom: the measures per SKU (not joined: the catalogue comes
 * from the client's copy, hub_catalogue, and is matched here), only the products the
 * catalogue filters keep when there are any (the condition folds away
 * when there are none: plans are made with the values).  With a stars
 * filter (the stars at the sale) from sale_month_all and sale_day, which
 * keep them; without, from the summaries of COM_FACTS_SQL ($10, $11: its
 * whole years), a fifth of sale_month_all's rows at national size.
 */
#define PFACTS_KEEP_SQL \
	" AND (($6 = '' AND $7 = '' AND $8::int = 0) OR f.sku IN (SELECT p.sku FROM product p" \
	" WHERE " PCAT_WHERE_SQL("$6", "$7", "$8") "))"
#define PRODUCTS_STARS_SQL(facts) \
	"SELECT f.sku, " MEASURES8_SQL " FROM " facts " f" \
	" WHERE $5 = '' AND f.stars = $9::int" PFACTS_KEEP_SQL " GROUP BY f.sku"
#define PRODUCTS_ALL_SQL \
	"SELECT f.sku, " MEASURES8_SQL " FROM " \
	COM_FACTS_SQL("$1", "$2", "$3", "$4", "$10", "$11") " f" \
	" WHERE $5 = '' AND $9::int = 0" PFACTS_KEEP_SQL " GROUP BY f.sku"
/*
 * The same when the period is whole months and no whole year (sale_month_com
 * alone), or has no whole month (sale_day alone): one table, so that the
 * planner knows how many products to expect (through a UNION it guesses
 * 200, and plans a parallel sort that costs more than the sums).
 */
#define PRODUCTS_ONE_SQL(table, col, lo, hi) \
	"SELECT f.sku, " MEASURES8_SQL " FROM " table " f" \
	" WHERE f." col " >= " lo "::date AND f." col " < " hi "::date" \
	" AND $1::date <= $2::date AND $3::date <= $4::date" \
	" AND $5 = '' AND $9::int = 0" PFACTS_KEEP_SQL " GROUP BY f.sku"
#define PRODUCTS_MONTHS_SQL PRODUCTS_ONE_SQL("sale_month_com", "month", "$3", "$4")
#define PRODUCTS_DAYS_SQL PRODUCTS_ONE_SQL("sale_day", "business_date", "$1", "$10")
/*
 * Whole years only: the rows of sale_year_com as they are (a product has
 * one per year and block of 1024 showrooms), added up here rather than by
 * the server, their measures packed in one column (fact_measures).
 */
#define PRODUCTS_YEARS_SQL \
	"SELECT f.sku, f.measures FROM sale_year_com f" \
	" WHERE f.year >= $3::date AND f.year < $4::date AND $1::date <= $2::date" \
	" AND $5 = '' AND $9::int = 0" PFACTS_KEEP_SQL
/*
 * Whole months of one calendar year, most of it (seven to eleven months):
 * the year's rows less the other months' (their rows as they are, a row
 * per month, product and block), which are fewer than the period's own
 * ($10, $11: the year; a year to date reads the year and the month so far).
 */
#define PRODUCTS_MONTHS_OUT_SQL \
	"SELECT f.sku, f.qty_milli, f.amount, f.vat, f.cost, f.commission, f.sales, f.returns," \
	" f.returned_milli, f.returned_amount FROM sale_month_com f" \
	" WHERE ((f.month >= $10::date AND f.month < $3::date)" \
	" OR (f.month >= $4::date AND f.month < $11::date)) AND $1::date <= $2::date" \
	" AND $5 = '' AND $9::int = 0" PFACTS_KEEP_SQL
/* Which copy of the catalogue is good (hub_catalogue), asked with the sums. */
#define HUB_CAT_SQL "SELECT instance, catalog_epoch FROM hub"
/* Below this many SKUs missing from the copy, the catalogue is read for them only. */
#define PRODUCTS_FEW 2000

/*
 * sql with n text parameters, its result in binary (bigints as 8 bytes,
 * no text to format and parse: the reports' rows are many).
 */
static int qbin(struct pghub *h, const char *sql, int n, const char *const *p, PGresult **out,
		struct pos_error *err, const char *what)
{
	PGresult *res = PQexecParams(h->c, sql, n, NULL, p, NULL, NULL, 1);

	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		int r = pg_fail(h, res, err, what);

		PQclear(res);
		return r;
	}
	*out = res;
	return 0;
}

/*
 * The n statements sql[k] (np[k] text parameters p[k], results in binary)
 * sent together and answered in one round trip (libpq's pipeline), their
 * results into res[k]; one after the other when libpq has no pipeline.
 * 0, or the first statement's error that failed (res[] all NULL then).
 */
static int qbin_many(struct pghub *h, int n, const char *const *sql, const int *np,
		     const char *const *const *p, PGresult **res, struct pos_error *err,
		     const char *what)
{
	int k, r = 0, nulls = 0;

	for (k = 0; k < n; k++)
		res[k] = NULL;
	if (!PQenterPipelineMode(h->c)) {
		for (k = 0; k < n && !r; k++)
			r = qbin(h, sql[k], np[k], p[k], &res[k], err, what);
		goto done;
	}
	for (k = 0; k < n && !r; k++)
		if (!PQsendQueryParams(h->c, sql[k], np[k], NULL, p[k], NULL, NULL, 1))
			r = pg_fail(h, NULL, err, what);
	if (PQpipelineSync(h->c) != 1 && !r)
		r = pg_fail(h, NULL, err, what);
	/* each statement's result, then a NULL; the sync's last (a statement
	 * after a failed one is answered "aborted") */
	while (nulls <= n) {
		PGresult *x = PQgetResult(h->c);
		ExecStatusType st;

		if (!x) {
			nulls++;
			continue;
		}
		st = PQresultStatus(x);
		if (st == PGRES_PIPELINE_SYNC) {
			PQclear(x);
			break;
		}
		if (st == PGRES_TUPLES_OK && nulls < n && !res[nulls])
			res[nulls] = x;
		else {
			if (!r)
				r = pg_fail(h, x, err, what);
			PQclear(x);
		}
	}
	if (!PQexitPipelineMode(h->c) && !r)
		r = pg_fail(h, NULL, err, what);
done:
	for (k = 0; r && k < n; k++) {
		PQclear(res[k]);
		res[k] = NULL;
	}
	return r;
}

/* Column types of a binary result (PostgreSQL's type oids). */
#define OID_INT8 20
#define OID_INT4 23
#define OID_TEXT 25
#define OID_BYTEA 17

/* 0 when columns [col, col + n) of res are of type oid; else a POS_ERR_DB. */
static int bin_cols(const PGresult *res, int col, int n, unsigned oid, struct pos_error *err)
{
	int k;

	for (k = col; k < col + n; k++)
		if (k >= PQnfields(res) || PQftype(res, k) != oid)
			return pos_fail(err, POS_ERR_DB, "PostgreSQL: column %d of a report is not of "
					"type %u", k + 1, oid);
	return 0;
}

/* A big-endian bigint at b. */
static int64_t be_i8(const unsigned char *b)
{
	uint64_t v = 0;
	int k;

	for (k = 0; k < 8; k++)
		v = v << 8 | b[k];
	return (int64_t)v;
}

/* A bigint of a binary result (0 when NULL). */
static int64_t bin_i8(const PGresult *res, int row, int col)
{
	if (PQgetlength(res, row, col) != 8)
		return 0;
	return be_i8((const unsigned char *)PQgetvalue(res, row, col));
}

/* An int of a binary result (0 when NULL). */
static int bin_i4(const PGresult *res, int row, int col)
{
	const unsigned char *b = (const unsigned char *)PQgetvalue(res, row, col);
	uint32_t v;

	if (PQgetlength(res, row, col) != 4)
		return 0;
	v = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
	return (int)(int32_t)v;
}

/* The nine measures at columns col .. col + 8 of a binary result, added to m. */
static void bin_measures_add(const PGresult *res, int row, int col, struct report_measures *m)
{
	m->qty_milli += bin_i8(res, row, col);
	m->amount += bin_i8(res, row, col + 1);
	m->vat += bin_i8(res, row, col + 2);
	m->cost += bin_i8(res, row, col + 3);
	m->commission += bin_i8(res, row, col + 4);
	m->sales += bin_i8(res, row, col + 5);
	m->returns += bin_i8(res, row, col + 6);
	m->returned_milli += bin_i8(res, row, col + 7);
	m->returned_amount += bin_i8(res, row, col + 8);
}

/*
 * The measures of row of facts added to m: nine bigints from column 1 on,
 * or (packed) the 72 bytes of sale_year_com.measures in column 1; a
 * packed value of another length (not what the hub writes) counts as
 * none.
 */
static void fact_measures(const PGresult *facts, int row, int packed, struct report_measures *m)
{
	const unsigned char *b;

	if (!packed) {
		bin_measures_add(facts, row, 1, m);
		return;
	}
	if (PQgetlength(facts, row, 1) != 72)
		return;
	b = (const unsigned char *)PQgetvalue(facts, row, 1);
	m->qty_milli += be_i8(b);
	m->amount += be_i8(b + 8);
	m->vat += be_i8(b + 16);
	m->cost += be_i8(b + 24);
	m->commission += be_i8(b + 32);
	m->sales += be_i8(b + 40);
	m->returns += be_i8(b + 48);
	m->returned_milli += be_i8(b + 56);
	m->returned_amount += be_i8(b + 64);
}

/*
 * A products report row to be: its sort value, the first 16 bytes of its
 * SKU as two numbers that order as strcmp does, the SKU, its catalogue row
 * and measures.  Sorted through pointers (8-byte elements: qsort moves
 * them cheaply), compared mostly as numbers.
 */
struct prow {
	int64_t v;
	uint64_t pre[2];
	const char *sku;
	int cat;
	const struct report_measures *m;
	int unsold, stars;               /* commercialization only (com_cmp) */
};

static void sku_prefix(const char *s, uint64_t pre[2])
{
	int k, end = 0;

	pre[0] = pre[1] = 0;
	for (k = 0; k < 16; k++) {
		unsigned char c = end ? 0 : (unsigned char)s[k];

		end |= c == 0;
		pre[k / 8] = pre[k / 8] << 8 | c;
	}
}

/* Larger v first, then by SKU (bytes, as the SQLite hub's reports sort). */
static int prow_cmp(const void *pa, const void *pb)
{
	const struct prow *a = *(const struct prow *const *)pa, *b = *(const struct prow *const *)pb;

	if (a->v != b->v)
		return a->v > b->v ? -1 : 1;
	if (a->pre[0] != b->pre[0])
		return a->pre[0] < b->pre[0] ? -1 : 1;
	if (a->pre[1] != b->pre[1])
		return a->pre[1] < b->pre[1] ? -1 : 1;
	return strcmp(a->sku, b->sku);
}

/* What f->sort orders the products by (larger first; 0 for all: by SKU). */
static int64_t prow_value(const struct report_filter *f, const struct report_measures *m)
{
	switch (f->sort) {
	case REPORT_SORT_QTY:
		return m->qty_milli;
	case REPORT_SORT_MARGIN:
		return report_margin(m);
	case REPORT_SORT_KEY:
		return 0;
	default:
		return m->amount;
	}
}


/*
 * Catalogue row i: from the server's result cat (SKU, name, producer,
 * province, group, stars), or from the copy hc.
 */
static void cat_row(const PGresult *cat, const struct hubcat *hc, int i, struct hubcat_row *out)
{
	if (hc) {
		hubcat_row(hc, (size_t)i, out);
		return;
	}
	out->sku = PQgetvalue(cat, i, 0);
	out->name = PQgetvalue(cat, i, 1);
	out->producer = PQgetvalue(cat, i, 2);
	out->province = PQgetvalue(cat, i, 3);
	out->group = bin_i4(cat, i, 4);
	out->stars = bin_i4(cat, i, 5);
}

/* The SKUs s[0..n) as a PostgreSQL array literal into b, each quoted. */
static void sku_array(const char *const *s, size_t n, struct bytebuf *b)
{
	size_t i;

	bytebuf_byte(b, '{');
	for (i = 0; i < n; i++) {
		const char *k;

		if (i)
			bytebuf_byte(b, ',');
		bytebuf_byte(b, '"');
		for (k = s[i]; *k; k++) {
			if (*k == '"' || *k == '\\')
				bytebuf_byte(b, '\\');
			bytebuf_byte(b, (unsigned char)*k);
		}
		bytebuf_byte(b, '"');
	}
	bytebuf_byte(b, '}');
}

/*
 * The hub's catalogue for the SKUs of facts (column 0), hub (its instance
 * and catalogue epoch, HUB_CAT_SQL) telling which: the copy kept
 * between runs (hubcat.h), completed from the server with the SKUs it
 * lacks (all of the catalogue when it lacks many), then saved.
 * *out: the copy (a SKU the hub has no product for is not in it); 0 or an
 * error.
 */
static int hub_catalogue(struct pghub *h, const PGresult *hub, const PGresult *facts,
			 struct hubcat **out, struct pos_error *err)
{
	PGresult *res = NULL;
	struct hubcat *hc;
	const char **miss = NULL;
	size_t nmiss = 0, cap = 0;
	long long epoch;
	int i, r = 0, keep;

	/* which hub, and which epoch of its catalogue (a change by hand bumps
	 * it): hub is HUB_CAT_SQL's answer */
	if (PQntuples(hub) != 1)
		return pos_fail(err, POS_ERR_DB, "%s", tr("this PostgreSQL database is not a hub yet: "
							   "run init --province-hub"));
	epoch = bin_i8(hub, 0, 1);
	keep = hubcat_id_ok(PQgetvalue(hub, 0, 0));
	hc = keep ? hubcat_open(PQgetvalue(hub, 0, 0), epoch) : hubcat_new("0", epoch);
	if (!hc)
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
	for (i = 0; i < PQntuples(facts); i++) {
		const char *sku = PQgetvalue(facts, i, 0);

		if (hubcat_find(hc, sku) >= 0 || (nmiss && !strcmp(miss[nmiss - 1], sku)))
			continue;
		if (POS_GROW(miss, cap, nmiss + 1)) {
			r = pos_fail(err, POS_ERR_NO_MEM, "out of memory");
			goto out;
		}
		miss[nmiss++] = sku;
	}
	if (nmiss) {
		if (nmiss >= PRODUCTS_FEW)
			r = qbin(h, "SELECT " PCAT_COLS_SQL " FROM product p", 0, NULL, &res, err,
				 "reading the catalogue");
		else {
			struct bytebuf skus;
			const char *pc[1];

			bytebuf_init(&skus);
			sku_array(miss, nmiss, &skus);
			pc[0] = bytebuf_cstr(&skus);
			if (!(r = bytebuf_check(&skus, err)))
				r = qbin(h, "SELECT " PCAT_COLS_SQL " FROM product p"
					 " WHERE p.sku = ANY ($1::text[])", 1, pc, &res, err,
					 "reading the catalogue");
			bytebuf_release(&skus);
		}
		if (r || (r = bin_cols(res, 0, 4, OID_TEXT, err)) ||
		    (r = bin_cols(res, 4, 2, OID_INT4, err)))
			goto out;
		for (i = 0; i < PQntuples(res); i++) {
			struct hubcat_row row;

			cat_row(res, NULL, i, &row);
			if (hubcat_add(hc, &row)) {
				r = pos_fail(err, POS_ERR_NO_MEM, "out of memory");
				goto out;
			}
		}
		if (keep)
			hubcat_save(hc, NULL);   /* (only a cache: the report goes on without) */
	}
out:
	PQclear(res);
	free(miss);
	if (r)
		hubcat_free(hc);
	else
		*out = hc;
	return r;
}

/* a -= b, measure by measure. */
static void measures_sub(struct report_measures *a, const struct report_measures *b)
{
	a->qty_milli -= b->qty_milli;
	a->amount -= b->amount;
	a->vat -= b->vat;
	a->cost -= b->cost;
	a->commission -= b->commission;
	a->sales -= b->sales;
	a->returns -= b->returns;
	a->returned_milli -= b->returned_milli;
	a->returned_amount -= b->returned_amount;
}

/* How many months [m1, m2) is (both first days) when they are of one calendar year, else 0. */
static int months_in_year(const char m1[11], const char m2[11])
{
	char last[11];
	int a, b;

	if (clock_date_add_months(m2, -1, last, NULL) || strncmp(m1, last, 4) ||
	    !digits(m1 + 5, 2, &a) || !digits(last + 5, 2, &b) || b < a)
		return 0;
	return b - a + 1;
}

/* 1 when catalogue row c passes f's product filters (province, producer, group). */
static int cat_keeps(const struct report_filter *f, const struct hubcat_row *c)
{
	return (!f->province[0] || !strcmp(c->province, f->province)) &&
	       (!f->producer[0] || !strcmp(c->producer, f->producer)) &&
	       (!f->group || c->group == f->group);
}

int pghub_report_products(struct pghub *h, const struct report_filter *f, struct report **out,
			  struct pos_error *err)
{
	char m1[11], m2[11], y1[11], y2[11], next[11], group[8], stars[8];
	const char *p[11], *facts_sql = NULL;
	struct report *rep = NULL;
	PGresult *cat = NULL, *facts = NULL, *out_facts = NULL, *hub = NULL;
	struct hubcat *hc = NULL;
	struct report_measures *m = NULL;
	unsigned char *seen = NULL;
	struct prow *e = NULL, **o = NULL;
	struct hubcat_row c;
	size_t i, n = 0, ncat;
	int r, nfacts = 9, packed = 0, months = 0;

	if ((r = check_filter(f, err)) || (r = schema_current(h, err)))
		return r;
	span(f->from, f->to, m1, m2);
	filter_params(f, m1, m2, group, stars, p);
	/* planned each time with the values (a prepared statement's generic
	 * plan, taken after five runs, did not see that the filters are empty
	 * and looped over the summaries once per product: seconds instead of
	 * milliseconds); rows in binary, sorted here */
	if (f->showroom[0]) {
		/* one showroom: summed per SKU and joined by the server */
		if ((r = qbin(h, whole_months(f, m1, m2) ? PRODUCTS_SQL(FACTS_MONTHS_SQL)
							 : PRODUCTS_SQL(FACTS_SQL),
			      9, p, &cat, err, "reading the sales summaries")) ||
		    (r = bin_cols(cat, 0, 4, OID_TEXT, err)) ||
		    (r = bin_cols(cat, 4, 2, OID_INT4, err)) ||
		    (r = bin_cols(cat, 6, 9, OID_INT8, err)))
			goto out;
		ncat = (size_t)PQntuples(cat);
	} else {
		/* every showroom: the measures per SKU from the server, the
		 * catalogue from the copy kept here (hubcat.h; the server's
		 * join of 17,000 products cost more than the sums, and sending
		 * the catalogue again each time as much), matched here */
		years(m1, m2, y1, y2);
		p[9] = y1;
		p[10] = y2;
		if (f->stars && whole_months(f, m1, m2))
			facts_sql = PRODUCTS_STARS_SQL(FACTS_ALL_MONTHS_SQL);
		else if (f->stars)
			facts_sql = PRODUCTS_STARS_SQL(FACTS_ALL_SQL);
		else if (whole_months(f, m1, m2) && !strcmp(y1, m1) && !strcmp(y2, m2)) {
			facts_sql = PRODUCTS_YEARS_SQL;
			packed = 1;
		} else if (whole_months(f, m1, m2) && !strcmp(y1, y2) &&
			   (months = months_in_year(m1, m2)) >= 7) {
			/* most of one year: the year less the other months */
			facts_sql = PRODUCTS_YEARS_SQL;
			packed = 1;
		} else if (whole_months(f, m1, m2) && !strcmp(y1, y2))
			facts_sql = PRODUCTS_MONTHS_SQL;
		else if (!strcmp(m1, m2)) {
			/* no whole month: the days [from, to + 1) */
			clock_date_add_days(f->to, 1, next, NULL);
			p[9] = next;
			facts_sql = PRODUCTS_DAYS_SQL;
			nfacts = 10;
		} else {
			facts_sql = PRODUCTS_ALL_SQL;
			nfacts = 11;
		}
		{
			/* the hub's catalogue epoch, the other months of the year
			 * ($10, $11; then the year is $3, $4) and the sums, in one
			 * round trip */
			const char *sqls[3], *const *ps[3], *po[11];
			PGresult *res[3];
			int nps[3], nq = 0, at_out = -1;

			sqls[nq] = HUB_CAT_SQL;
			nps[nq] = 0;
			ps[nq++] = NULL;
			if (months >= 7) {
				snprintf(y1, sizeof(y1), "%.4s-01-01", m1);
				clock_date_add_months(y1, 12, y2, NULL);
				memcpy(po, p, sizeof(po));
				po[9] = y1;
				po[10] = y2;
				sqls[nq] = PRODUCTS_MONTHS_OUT_SQL;
				nps[nq] = 11;
				ps[at_out = nq++] = po;
				p[2] = y1;
				p[3] = y2;
			}
			sqls[nq] = facts_sql;
			nps[nq] = nfacts;
			ps[nq++] = p;
			if ((r = qbin_many(h, nq, sqls, nps, ps, res, err,
					   "reading the sales summaries")))
				goto out;
			hub = res[0];
			facts = res[nq - 1];
			if (at_out >= 0)
				out_facts = res[at_out];
		}
		if ((r = bin_cols(hub, 0, 1, OID_TEXT, err)) ||
		    (r = bin_cols(hub, 1, 1, OID_INT8, err)) ||
		    (out_facts && ((r = bin_cols(out_facts, 0, 1, OID_TEXT, err)) ||
				   (r = bin_cols(out_facts, 1, 9, OID_INT8, err)))) ||
		    (r = bin_cols(facts, 0, 1, OID_TEXT, err)) ||
		    (r = packed ? bin_cols(facts, 1, 1, OID_BYTEA, err)
				: bin_cols(facts, 1, 9, OID_INT8, err)) ||
		    (r = hub_catalogue(h, hub, facts, &hc, err)))
			goto out;
		ncat = hubcat_count(hc);
	}
	m = calloc(ncat + 1, sizeof(*m));
	seen = calloc(ncat + 1, 1);
	e = malloc((ncat + 1) * sizeof(*e));
	o = malloc((ncat + 1) * sizeof(*o));
	if (!m || !seen || !e || !o)
		goto nomem;
	if (facts) {
		/* facts of a SKU the hub has no product for are left out */
		for (i = 0; i < (size_t)PQntuples(facts); i++) {
			long k = hubcat_find(hc, PQgetvalue(facts, (int)i, 0));

			if (k < 0)
				continue;
			fact_measures(facts, (int)i, packed, &m[k]);
			seen[k] = 1;
		}
		/* (the year less its other months: a product with no line in
		 * the period has no sale and no return left) */
		for (i = 0; out_facts && i < (size_t)PQntuples(out_facts); i++) {
			long k = hubcat_find(hc, PQgetvalue(out_facts, (int)i, 0));
			struct report_measures x;

			if (k < 0)
				continue;
			memset(&x, 0, sizeof(x));
			bin_measures_add(out_facts, (int)i, 1, &x);
			measures_sub(&m[k], &x);
		}
		for (i = 0; out_facts && i < ncat; i++)
			seen[i] = seen[i] && (m[i].sales || m[i].returns);
		PQclear(facts);
		facts = NULL;
	} else {
		for (i = 0; i < ncat; i++) {
			bin_measures_add(cat, (int)i, 6, &m[i]);
			seen[i] = 1;
		}
	}
	for (i = 0; i < ncat; i++) {
		if (!seen[i])
			continue;
		cat_row(cat, hc, (int)i, &c);
		if (hc && !cat_keeps(f, &c))
			continue;
		e[n].v = prow_value(f, &m[i]);
		e[n].sku = c.sku;
		sku_prefix(e[n].sku, e[n].pre);
		e[n].cat = (int)i;
		e[n].m = &m[i];
		o[n] = &e[n];
		n++;
	}
	qsort(o, n, sizeof(*o), prow_cmp);
	rep = report_alloc();
	if (rep)
		rep->rows = calloc(n + 1, sizeof(*rep->rows));
	if (!rep || !rep->rows)
		goto nomem;
	rep->group = REPORT_PRODUCTS;
	rep->f = *f;
	rep->invoices = -1;              /* (the hub's summaries count lines, not invoices) */
	for (i = 0; i < n; i++) {
		struct report_row *row = &rep->rows[i];

		cat_row(cat, hc, o[i]->cat, &c);
		VN_COPY(row->key, c.sku);
		row->unit = "";
		if (!(row->label = report_keep(rep, c.name, REPORT_NAME_SIZE)) ||
		    !(row->producer = report_keep(rep, c.producer, REPORT_CODE_MAX)))
			goto nomem;
		VN_COPY(row->province, c.province);
		row->group = c.group;
		row->stars = c.stars;
		row->m = *o[i]->m;
		row->products = 1;
		report_measures_add(&rep->total.m, &row->m);
	}
	rep->n = n;
	rep->total.products = (int64_t)n;
	VN_COPY(rep->total.key, "Total");
	*out = rep;
	rep = NULL;
	goto out;
nomem:
	r = pos_fail(err, POS_ERR_NO_MEM, "out of memory");
out:
	report_free(rep);
	PQclear(facts);
	PQclear(out_facts);
	PQclear(hub);
	PQclear(cat);
	hubcat_free(hc);
	free(m);
	free(seen);
	free(e);
	free(o);
	return r;
}

/*
 * Commercialization: cur (the period, from cur_facts), sr (showrooms with
 * sales in the period, from the per-showroom summaries), prev (the year
 * before, from prev_months and the days around them), ever (first and last
 * sale), then every product offered or sold.
 */
/* What all read: every product offered or sold, with the parts above (SR: the
 * showrooms with sales, SR_JOIN what joins them when cur does not have them). */
#define COM_TAIL_SQL(SR, SR_JOIN) \
	" SELECT p.sku, p.name, p.producer, pr.name, p.origin_province, p.ocop_group," \
	" p.stars, p.cert_number, coalesce(p.cert_issued::text, '')," \
	" coalesce(p.cert_expires::text, ''), coalesce(e.first::text, '')," \
	" coalesce(e.last::text, '')," \
	" coalesce(cur.q, 0), coalesce(cur.a, 0), coalesce(cur.v, 0), coalesce(cur.c, 0)," \
	" coalesce(cur.cm, 0), coalesce(cur.s, 0), coalesce(cur.rt, 0), coalesce(cur.rq, 0)," \
	" coalesce(cur.ra, 0)," \
	" coalesce(prev.q, 0), coalesce(prev.a, 0), coalesce(prev.v, 0), coalesce(prev.c, 0)," \
	" coalesce(prev.cm, 0), coalesce(prev.s, 0), coalesce(prev.rt, 0)," \
	" coalesce(prev.rq, 0), coalesce(prev.ra, 0)," \
	" coalesce(cur.mo, 0), coalesce(" SR ", 0)" \
	" FROM product p JOIN producer pr ON pr.code = p.producer" \
	" LEFT JOIN cur ON cur.sku = p.sku LEFT JOIN prev ON prev.sku = p.sku" \
	" LEFT JOIN ever e ON e.sku = p.sku" SR_JOIN \
	" WHERE (cur.s > 0 OR cur.rt > 0 OR EXISTS (SELECT 1 FROM offer o WHERE o.sku = p.sku" \
	"   AND ($5 = '' OR o.showroom = $5)))" \
	" AND ($6 = '' OR p.origin_province = $6) AND ($7 = '' OR p.producer = $7)" \
	" AND ($8::int = 0 OR p.ocop_group = $8::int) AND ($9::int = 0 OR p.stars = $9::int)"

#define COM_SQL(cur_facts, prev_months) \
	"WITH cur AS (SELECT f.sku, " MEASURES8_SQL "," \
	"  count(DISTINCT date_trunc('month', f.d)) FILTER (WHERE f.sales > 0) AS mo" \
	"  FROM " cur_facts " f WHERE ($5 = '' OR f.showroom = $5) GROUP BY f.sku)," \
	" sr AS (SELECT sku, count(*) AS sr FROM (SELECT DISTINCT f.sku, f.showroom FROM " \
	FACTS_SQL " f WHERE f.sales > 0 AND ($5 = '' OR f.showroom = $5)) x GROUP BY sku)," \
	" prev AS (SELECT f.sku, " MEASURES8_SQL " FROM " prev_months \
	DAYS_SQL("$10", "$11", "$12", "$13") ") f" \
	"  WHERE ($5 = '' OR f.showroom = $5) GROUP BY f.sku)," \
	" ever AS (SELECT sku, min(first_date) AS first, max(last_date) AS last" \
	"  FROM sale_product WHERE ($5 = '' OR showroom = $5) GROUP BY sku)" \
	COM_TAIL_SQL("sr.sr", " LEFT JOIN sr ON sr.sku = p.sku")

/*
 * Every showroom at once ($5 = ''): the whole months from sale_month_com
 * (a row per month, product and block of 1024 showrooms, whatever the
 * number of showrooms), the days around them from sale_day; the showrooms
 * that sold a product are the bits of its blocks' bitmaps, or-ed over the
 * months (and the days around them) and counted; first and last sales
 * from sale_sku_span.
 */
/* The month of date x as an index from $1's month (0 = the period's first). */
#define MONTH_INDEX(x) \
	"((extract(year FROM " x ") - extract(year FROM $1::date)) * 12" \
	" + extract(month FROM " x ") - extract(month FROM $1::date))::int"
/*
 * One pass over the period's rows: per product and block the measures,
 * the or of the showroom bitmaps and of the months with a sale (a bit per
 * month of the period), then per product.  The months' bits: BIT(x) for
 * the month of x, ZERO, and COUNT(or of them) -- a bigint for periods of
 * up to 63 months, a bit string of $14 bits (the months) beyond.  Whole
 * years of the period ($15 .. $16, the year before's $17 .. $18) are read
 * from sale_year_com (a row per year, product and block: a twelfth of the
 * month rows), the months around them from sale_month_com; periods over 63
 * months read months only.
 */
#define COM_ALL_SQL(BIT, ZERO, COUNT, YBITS) \
	"WITH z AS (SELECT repeat('0', $14::int)::varbit AS z)," \
	" cb AS (SELECT f.sku, " MEASURES8_SQL ", bit_or(f.b) AS b, bit_or(f.mo) AS mo" \
	"  FROM (SELECT y.sku, y.block, y.qty_milli, y.amount, y.vat, y.cost, y.commission," \
	"   y.sales, y.returns, y.returned_milli, y.returned_amount, y.showrooms AS b," \
	"   " YBITS " AS mo FROM sale_year_com y, z WHERE y.year >= $15::date" \
	"   AND y.year < $16::date" \
	"   UNION ALL SELECT m.sku, m.block, m.qty_milli, m.amount, m.vat, m.cost, m.commission," \
	"   m.sales, m.returns, m.returned_milli, m.returned_amount, m.showrooms," \
	"   CASE WHEN m.sales > 0 THEN " BIT("m.month") " ELSE " ZERO " END" \
	"   FROM sale_month_com m, z WHERE (m.month >= $3::date AND m.month < $15::date)" \
	"   OR (m.month >= $16::date AND m.month < $4::date)" \
	"   UNION ALL SELECT d.sku, s.num / 1024, d.qty_milli, d.amount, d.vat, d.cost," \
	"   d.commission, d.sales, d.returns, d.returned_milli, d.returned_amount," \
	"   CASE WHEN d.sales > 0 THEN set_bit(0::bit(1024), s.num % 1024, 1)" \
	"   ELSE 0::bit(1024) END," \
	"   CASE WHEN d.sales > 0 THEN " BIT("d.business_date") " ELSE " ZERO " END" \
	"   FROM sale_day d JOIN showroom s ON s.code = d.showroom, z" \
	"   WHERE (d.business_date >= $1::date AND d.business_date < $3::date)" \
	"   OR (d.business_date >= $4::date AND d.business_date <= $2::date)) f" \
	"  WHERE $5 = '' GROUP BY f.sku, f.block)," \
	" cur AS (SELECT sku, hub_sum(q) AS q, hub_sum(a) AS a, hub_sum(v) AS v," \
	"  hub_sum(c) AS c, hub_sum(cm) AS cm, hub_sum(s) AS s, hub_sum(rt) AS rt," \
	"  hub_sum(rq) AS rq, hub_sum(ra) AS ra," \
	"  " COUNT " AS mo, hub_sum(bit_count(b)) AS sr FROM cb GROUP BY sku)," \
	" prev AS (SELECT f.sku, " MEASURES8_SQL " FROM " \
	COM_FACTS_SQL("$10", "$11", "$12", "$13", "$17", "$18") " f GROUP BY f.sku)," \
	" ever AS (SELECT sku, min(first_date) AS first, max(last_date) AS last" \
	"  FROM sale_sku_span GROUP BY sku)" \
	COM_TAIL_SQL("cur.sr", "")
/*
 * One whole calendar year: a row per product and block in sale_year_com,
 * so no sum per block first (its months with a sale or-ed over the
 * blocks, its showrooms counted per block and added; $1 .. $4 and $14
 * only typed).
 */
#define COM_YEAR_SQL \
	"WITH cur AS (SELECT f.sku, " MEASURES8_SQL "," \
	"  bit_count(bit_or(f.months)::bit(32)) AS mo, hub_sum(bit_count(f.showrooms)) AS sr" \
	"  FROM sale_year_com f WHERE f.year >= $15::date AND f.year < $16::date AND $5 = ''" \
	"  AND $1::date <= $2::date AND $3::date <= $4::date AND $14::int = 12 GROUP BY f.sku)," \
	" prev AS (SELECT f.sku, " MEASURES8_SQL " FROM " \
	COM_FACTS_SQL("$10", "$11", "$12", "$13", "$17", "$18") " f GROUP BY f.sku)," \
	" ever AS (SELECT sku, min(first_date) AS first, max(last_date) AS last" \
	"  FROM sale_sku_span GROUP BY sku)" \
	COM_TAIL_SQL("cur.sr", "")
#define MONTH_BIT64(x) "(1::bigint << " MONTH_INDEX(x) ")"
/* A whole year's months with a sale (bit m - 1: month m) as the period's bits. */
#define YEAR_BITS64 "(y.months::bigint << " MONTH_INDEX("y.year") ")"
#define MONTH_BITS(x) "set_bit(z.z, " MONTH_INDEX(x) ", 1)"

/*
 * Statement sql prepared once per connection under the name "s<slot>"
 * (h->prepared), then run with n text parameters, its result in binary.
 */
static int qpbin(struct pghub *h, int slot, const char *sql, int n, const char *const *p,
		 PGresult **out, struct pos_error *err, const char *what)
{
	char name[16];
	PGresult *res;

	snprintf(name, sizeof(name), "s%d", slot);
	if (!(h->prepared & (1u << slot))) {
		res = PQprepare(h->c, name, sql, n, NULL);
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			int r = pg_fail(h, res, err, what);

			PQclear(res);
			return r;
		}
		PQclear(res);
		h->prepared |= 1u << slot;
	}
	res = PQexecPrepared(h->c, name, n, p, NULL, NULL, 1);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		int r = pg_fail(h, res, err, what);

		PQclear(res);
		return r;
	}
	*out = res;
	return 0;
}

/* Commercialization rows: the unsold first, more stars first among them, then as prow_cmp. */
static int com_cmp(const void *pa, const void *pb)
{
	const struct prow *a = *(const struct prow *const *)pa, *b = *(const struct prow *const *)pb;

	if (a->unsold != b->unsold)
		return a->unsold ? -1 : 1;
	if (a->stars != b->stars)
		return a->stars > b->stars ? -1 : 1;
	return prow_cmp(pa, pb);
}

int pghub_report_commercialization(struct pghub *h, const struct report_filter *f,
				   struct report_com **out, struct pos_error *err)
{
	char m1[11], m2[11], pm1[11], pm2[11], group[8], stars[8], nmonths[16];
	char y1[11], y2[11], py1[11], py2[11];
	const char *p[18];
	struct report_com *c;
	struct prow *e = NULL, **o = NULL;
	PGresult *res = NULL;
	int i, k, n, r;

	if ((r = check_filter(f, err)))
		return r;
	if (!(c = report_com_new(f)))
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
	span(f->from, f->to, m1, m2);
	span(c->prev_from, c->prev_to, pm1, pm2);
	filter_params(f, m1, m2, group, stars, p);
	p[9] = c->prev_from;
	p[10] = c->prev_to;
	p[11] = pm1;
	p[12] = pm2;
	/* the months of the period, from's to to's (a bit each) */
	snprintf(nmonths, sizeof(nmonths), "%d",
		 (atoi(f->to) - atoi(f->from)) * 12 + atoi(f->to + 5) - atoi(f->from + 5) + 1);
	p[13] = nmonths;
	/* whole years (none read beyond 63 months: their bits would not fit) */
	years(m1, m2, y1, y2);
	years(pm1, pm2, py1, py2);
	if (atoi(nmonths) > 63) {
		snprintf(y1, sizeof(y1), "%s", m2);
		snprintf(y2, sizeof(y2), "%s", m2);
		snprintf(py1, sizeof(py1), "%s", pm2);
		snprintf(py2, sizeof(py2), "%s", pm2);
	}
	p[14] = y1;
	p[15] = y2;
	p[16] = py1;
	p[17] = py2;
	/* every product some showroom offers (or sold in the period), its
	 * period, the year before, months and showrooms with sales */
	if (f->showroom[0])
		r = qpbin(h, 3, COM_SQL(FACTS_SQL, MONTHS_SQL("showroom", "sale_month", "$12", "$13")),
		       13, p, &res, err, "reading the commercialization");
	else if (atoi(nmonths) == 12 && whole_months(f, m1, m2) && !strcmp(y1, m1) &&
		 !strcmp(y2, m2))
		r = qpbin(h, 5, COM_YEAR_SQL, 18, p, &res, err, "reading the commercialization");
	else if (atoi(nmonths) <= 63)
		r = qpbin(h, 4, COM_ALL_SQL(MONTH_BIT64, "0::bigint", "bit_count(bit_or(mo)::bit(64))",
					 YEAR_BITS64), 18, p, &res, err,
		       "reading the commercialization");
	else
		r = qpbin(h, 20, COM_ALL_SQL(MONTH_BITS, "z.z", "bit_count(bit_or(mo))", "z.z"), 18, p,
		       &res, err, "reading the commercialization");
	if (!r && !(r = bin_cols(res, 0, 5, OID_TEXT, err)) &&
	    !(r = bin_cols(res, 5, 2, OID_INT4, err)) && !(r = bin_cols(res, 7, 5, OID_TEXT, err)))
		r = bin_cols(res, 12, 20, OID_INT8, err);
	if (r) {
		PQclear(res);
		free(c);
		return r;
	}
	n = PQntuples(res);
	c->rows = calloc((size_t)n + 1, sizeof(*c->rows));
	e = malloc(((size_t)n + 1) * sizeof(*e));
	o = malloc(((size_t)n + 1) * sizeof(*o));
	if (!c->rows || !e || !o) {
		PQclear(res);
		free(e);
		free(o);
		report_com_free(c);
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
	}
	/* the products never sold in the period first (more stars first), then
	 * by revenue, then by SKU */
	for (i = 0; i < n; i++) {
		int unsold = bin_i8(res, i, 17) == 0;

		e[i].v = bin_i8(res, i, 13);
		e[i].cat = i;
		e[i].sku = PQgetvalue(res, i, 0);
		sku_prefix(e[i].sku, e[i].pre);
		e[i].m = NULL;
		e[i].unsold = unsold;
		e[i].stars = unsold ? bin_i4(res, i, 6) : 0;
		o[i] = &e[i];
	}
	qsort(o, (size_t)n, sizeof(*o), com_cmp);
	for (k = 0; k < n; k++) {
		struct report_com_row *row = &c->rows[k];

		i = o[k]->cat;
		row->product_id = k + 1;
		if (!(row->sku = report_com_keep(c, PQgetvalue(res, i, 0), REPORT_SKU_SIZE)) ||
		    !(row->name = report_com_keep(c, PQgetvalue(res, i, 1), REPORT_NAME_SIZE)) ||
		    !(row->producer = report_com_keep(c, PQgetvalue(res, i, 2), REPORT_CODE_MAX)) ||
		    !(row->producer_name = report_com_keep(c, PQgetvalue(res, i, 3),
							   REPORT_NAME_SIZE)) ||
		    !(row->cert_number = report_com_keep(c, PQgetvalue(res, i, 7),
							 REPORT_CERT_SIZE))) {
			PQclear(res);
			free(e);
			free(o);
			report_com_free(c);
			return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
		}
		VN_COPY(row->province, PQgetvalue(res, i, 4));
		row->group = bin_i4(res, i, 5);
		row->stars = bin_i4(res, i, 6);
		VN_COPY(row->cert_issued, PQgetvalue(res, i, 8));
		VN_COPY(row->cert_expires, PQgetvalue(res, i, 9));
		VN_COPY(row->first_sale, PQgetvalue(res, i, 10));
		VN_COPY(row->last_sale, PQgetvalue(res, i, 11));
		bin_measures_add(res, i, 12, &row->cur);
		bin_measures_add(res, i, 21, &row->prev);
		row->months = (int)bin_i8(res, i, 30);
		row->showrooms = (int)bin_i8(res, i, 31);
		row->no_sales = row->cur.sales == 0;
		if (row->prev.amount > 0) {
			row->has_growth = 1;
			row->growth_bp = (row->cur.amount - row->prev.amount) * 10000 / row->prev.amount;
		}
		c->no_sales += (size_t)row->no_sales;
		report_measures_add(&c->cur, &row->cur);
		report_measures_add(&c->prev, &row->prev);
	}
	c->n = (size_t)n;
	PQclear(res);
	free(e);
	free(o);
	*out = c;
	return 0;
}

/* ---- national hub ------------------------------------------------------------ */

/* This hub's key pair (made on first use, then kept in h); the secret only when sk is given. */
static int hub_keys(struct pghub *h, char code[17], char pk[SIGN_PUBKEY_B64],
		    char sk[SIGN_SECKEY_B64], struct pos_error *err)
{
	char npk[SIGN_PUBKEY_B64], nsk[SIGN_SECKEY_B64];
	const char *p[2] = { npk, nsk };
	PGresult *res;
	int r;

	if (!h->have_key) {
		if ((r = sign_init(err)))
			return r;
		sign_keypair(npk, nsk);
		r = q(h, "INSERT INTO hub_key (public_key, secret_key) VALUES ($1, $2)"
		      " ON CONFLICT (one) DO NOTHING", 2, p, NULL, err, "making the hub's key");
		memset(nsk, 0, sizeof(nsk));
		if (r || (r = q(h, "SELECT h.code, k.public_key, k.secret_key FROM hub h, hub_key k",
				0, NULL, &res, err, "reading the hub's key")))
			return r;
		if (!PQntuples(res)) {
			PQclear(res);
			return pos_fail(err, POS_ERR_NOT_FOUND, "%s",
					tr("this PostgreSQL database is not a hub yet: run init "
					   "--province-hub"));
		}
		VN_COPY(h->code, PQgetvalue(res, 0, 0));
		VN_COPY(h->pk, PQgetvalue(res, 0, 1));
		VN_COPY(h->sk, PQgetvalue(res, 0, 2));
		PQclear(res);
		h->have_key = 1;
	}
	snprintf(code, 17, "%s", h->code);
	snprintf(pk, SIGN_PUBKEY_B64, "%s", h->pk);
	if (sk)
		snprintf(sk, SIGN_SECKEY_B64, "%s", h->sk);
	return 0;
}

int pghub_hub_key(struct pghub *h, char code[17], char pk[SIGN_PUBKEY_B64],
		  struct pos_error *err)
{
	PGresult *res;
	int i, r;

	if ((r = hub_keys(h, code, pk, NULL, err)) ||
	    (r = q(h, "SELECT b.showroom, b.seq, s.public_key, b.data FROM batch_in b"
		   " JOIN showroom s ON s.code = b.showroom WHERE b.countersig IS NULL"
		   " AND b.via IS NULL", 0, NULL, &res, err, "reading the files")))
		return r;
	/* files imported before this hub countersigned them */
	for (i = 0; i < PQntuples(res) && !r; i++) {
		const char *p[4] = { PQgetvalue(res, i, 0), PQgetvalue(res, i, 1),
				     PQgetvalue(res, i, 2), NULL };
		struct pghub_fwd fw;
		unsigned char *raw;
		size_t len;

		raw = PQunescapeBytea((const unsigned char *)PQgetvalue(res, i, 3), &len);
		if (!raw) {
			r = pos_fail(err, POS_ERR_NO_MEM, "out of memory");
			break;
		}
		r = pghub_countersign(h, (const char *)raw, len, p[2], &fw, err);
		PQfreemem(raw);
		p[3] = fw.sig;
		if (!r)
			r = q(h, "UPDATE batch_in SET showroom_key = $3, countersig = $4"
			      " WHERE showroom = $1 AND seq = $2::bigint", 4, p, NULL, err,
			      "countersigning a file");
	}
	PQclear(res);
	return r;
}

/* What a province signs for a file: its hash, the province, showroom, number, key. */
static void fwd_message(char *out, size_t n, const char *sha, const char *province,
			const char *showroom, long long seq, const char *showroom_key)
{
	snprintf(out, n, "ocop-pos forward 1\nsha256 %s\nprovince %s\nshowroom %s\nseq %lld\n"
		 "key %s\n", sha, province, showroom, seq, showroom_key);
}

/* Countersign, as province with its secret key sk64, the file whose SHA-256 is sha. */
static int countersign_msg(const char *province, const char *sk64, const char *sha,
			   const char *showroom, long long seq, const char *showroom_key,
			   struct pghub_fwd *fw, struct pos_error *err)
{
	char msg[400];
	int r;

	snprintf(fw->province, sizeof(fw->province), "%s", province);
	fwd_message(msg, sizeof(msg), sha, fw->province, showroom, seq, showroom_key);
	r = sign_data_key(sk64, msg, strlen(msg), fw->sig, err);
	snprintf(fw->showroom_key, sizeof(fw->showroom_key), "%s", showroom_key);
	return r;
}

/* The countersignature of a file whose SHA-256 is sha (hex), with this hub's key. */
static int countersign_sha(struct pghub *h, const char *sha, const char *showroom,
			   long long seq, const char *showroom_key, struct pghub_fwd *fw,
			   struct pos_error *err)
{
	char pk[SIGN_PUBKEY_B64], sk[SIGN_SECKEY_B64], code[17];
	int r;

	if ((r = hub_keys(h, code, pk, sk, err)))
		return r;
	r = countersign_msg(code, sk, sha, showroom, seq, showroom_key, fw, err);
	memset(sk, 0, sizeof(sk));
	return r;
}

/* The header and SHA-256 of the exchange file data[0..n). */
static int file_sha(const char *data, size_t n, struct batch_header *hd,
		    char sha[SIGN_SHA256_HEX], struct pos_error *err)
{
	int r = batch_header_of(data, n, tr("exchange file"), hd, err);

	if (!r)
		sign_sha256_hex(data, n, sha);
	return r;
}

int pghub_countersign_key(const char *province, const char *sk64, const char *data, size_t n,
			  const char *showroom_key, struct pghub_fwd *fw, struct pos_error *err)
{
	char sha[SIGN_SHA256_HEX];
	struct batch_header hd;
	int r = file_sha(data, n, &hd, sha, err);

	return r ? r : countersign_msg(province, sk64, sha, hd.showroom, hd.sequence,
				       showroom_key, fw, err);
}

int pghub_countersign(struct pghub *h, const char *data, size_t n, const char *showroom_key,
		      struct pghub_fwd *fw, struct pos_error *err)
{
	char sha[SIGN_SHA256_HEX];
	struct batch_header hd;
	int r = file_sha(data, n, &hd, sha, err);

	return r ? r : countersign_sha(h, sha, hd.showroom, hd.sequence, showroom_key, fw, err);
}

int pghub_import_forwarded(struct pghub *h, const char *data, size_t n, const char *name,
			   const struct pghub_fwd *fw, struct batch_result *out,
			   struct pos_error *err)
{
	char sha[SIGN_SHA256_HEX], msg[400];
	const char *p[1] = { fw->province };
	struct batch_header hd;
	struct pos_error e;
	PGresult *res;
	int r;

	if (!name)
		name = tr("exchange file");
	if ((r = batch_header_of(data, n, name, &hd, err)) ||
	    (r = q(h, "SELECT public_key FROM province WHERE code = $1", 1, p, &res, err,
		   "reading province keys")))
		return r;
	if (!PQntuples(res)) {
		PQclear(res);
		return pos_fail(err, POS_ERR_NOT_FOUND,
				tr("%s: no key is registered for province %s here: register the key "
				   "`ocop-pos hub key` prints at the province with `ocop-pos hub "
				   "register %s --key KEY`; nothing was imported"), name, fw->province,
				fw->province);
	}
	sign_sha256_hex(data, n, sha);
	fwd_message(msg, sizeof(msg), sha, fw->province, hd.showroom, hd.sequence,
		    fw->showroom_key);
	r = sign_verify_key(PQgetvalue(res, 0, 0), fw->province, msg, strlen(msg), fw->sig, &e);
	PQclear(res);
	if (r)
		return pos_fail(err, POS_ERR_REFUSED,
				tr("%s: province %s's countersignature does not verify (%s): the "
				   "file, its showroom, number or key was changed after the province "
				   "forwarded it, or another key signed it; nothing was imported"),
				name, fw->province, r == POS_ERR_REFUSED ? tr("signature mismatch")
									  : e.msg);
	/* the showroom's key, vouched for by the province (a different one is refused) */
	if ((r = pghub_register(h, hd.showroom, fw->showroom_key, 0, err)))
		return r;
	return import_data(h, data, n, name, fw->province, fw->sig, out, err);
}

/* (showroom, seq) of row i of res (columns 0 and 1) against row j of other. */
static int key_cmp(const PGresult *a, int i, const PGresult *b, int j)
{
	int c = strcmp(PQgetvalue(a, i, 0), PQgetvalue(b, j, 0));

	if (c)
		return c;
	return atoll(PQgetvalue(a, i, 1)) < atoll(PQgetvalue(b, j, 1)) ? -1 :
	       atoll(PQgetvalue(a, i, 1)) > atoll(PQgetvalue(b, j, 1));
}

int pghub_forward(struct pghub *from, struct pghub *to, long long *files,
		  struct pos_error *err)
{
	PGresult *have, *src;
	long long done = 0;
	int i, j = 0, r;

	/* what the national server has and what the province has, both in order
	 * (reading the province needs no more than the role ocop_reader) */
	if ((r = q(to, "SELECT showroom, seq FROM batch_in ORDER BY showroom COLLATE \"C\", seq",
		   0, NULL, &have, err, "reading the national server's files")))
		return r;
	if ((r = q(from, "SELECT b.showroom, b.seq, b.showroom_key, b.countersig, h.code"
		   " FROM batch_in b, hub h ORDER BY b.showroom COLLATE \"C\", b.seq", 0, NULL, &src,
		   err, "reading the province's files"))) {
		PQclear(have);
		return r;
	}
	for (i = 0; i < PQntuples(src) && !r; i++) {
		const char *code = PQgetvalue(src, i, 0), *seq = PQgetvalue(src, i, 1);
		const char *p[2] = { code, seq };
		struct batch_result res;
		struct pghub_fwd fw;
		PGresult *file;
		char name[64];
		unsigned char *raw;
		size_t len;

		while (j < PQntuples(have) && key_cmp(have, j, src, i) < 0)
			j++;
		if (j < PQntuples(have) && !key_cmp(have, j, src, i))
			continue;                /* there already */
		snprintf(name, sizeof(name), "%s#%s", code, seq);
		if (PQgetisnull(src, i, 3)) {
			r = pos_fail(err, POS_ERR_REFUSED,
				     tr("%s: province %s has not countersigned this file (imported "
					"before files were countersigned): run `ocop-pos hub key` at "
					"the province, then forward again"), name, PQgetvalue(src, i, 4));
			break;
		}
		VN_COPY(fw.province, PQgetvalue(src, i, 4));
		VN_COPY(fw.showroom_key, PQgetvalue(src, i, 2));
		VN_COPY(fw.sig, PQgetvalue(src, i, 3));
		if ((r = q(from, "SELECT data FROM batch_in WHERE showroom = $1 AND seq = $2::bigint",
			   2, p, &file, err, "reading a file")))
			break;
		raw = PQunescapeBytea((const unsigned char *)PQgetvalue(file, 0, 0), &len);
		PQclear(file);
		if (!raw) {
			r = pos_fail(err, POS_ERR_NO_MEM, "out of memory");
			break;
		}
		if (!(r = pghub_import_forwarded(to, (const char *)raw, len, name, &fw, &res, err)) &&
		    !res.already)
			done++;
		PQfreemem(raw);
	}
	PQclear(have);
	PQclear(src);
	if (files)
		*files = done;
	return r;
}
