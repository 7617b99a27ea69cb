/*
 * schema.c - SQL of each schema migration (see schema.h and
 * docs/architecture.md for the data model).
 *
 * Conventions: money is INTEGER VND, quantities INTEGER thousandths
 * (qty_milli), timestamps TEXT UTC ISO-8601, dates TEXT YYYY-MM-DD,
 * booleans INTEGER 0/1 with CHECKs.  *_fold columns hold vn_fold() of the
 * text beside them for accent-insensitive search.
 */
#include "schema.h"

#include "journal_tables.h"

/* v1: showroom, producers, catalogue, rating and change history. */
static const char v1[] =
"CREATE TABLE setting (\n"
"  key TEXT PRIMARY KEY,\n"
"  value TEXT NOT NULL\n"
") WITHOUT ROWID;\n"
"CREATE TABLE showroom (\n"
"  id INTEGER PRIMARY KEY,\n"
"  code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 16),\n"
"  name TEXT NOT NULL CHECK (name <> ''),\n"
"  province TEXT NOT NULL CHECK (length(province) = 2),\n"
"  address TEXT NOT NULL DEFAULT '',\n"
"  tax_code TEXT NOT NULL DEFAULT '',\n"
"  phone TEXT NOT NULL DEFAULT '',\n"
"  is_local INTEGER NOT NULL DEFAULT 0 CHECK (is_local IN (0, 1)),\n"
"  created_at TEXT NOT NULL\n"
");\n"
"CREATE UNIQUE INDEX showroom_one_local ON showroom(is_local) WHERE is_local = 1;\n"
"CREATE TABLE producer (\n"
"  id INTEGER PRIMARY KEY,\n"
"  code TEXT NOT NULL UNIQUE CHECK (code <> ''),\n"
"  name TEXT NOT NULL CHECK (name <> ''),\n"
"  name_fold TEXT NOT NULL,\n"
"  kind TEXT NOT NULL CHECK (kind IN ('cooperative', 'cooperative_group', 'enterprise', 'household')),\n"
"  province TEXT NOT NULL CHECK (length(province) = 2),\n"
"  commune TEXT NOT NULL DEFAULT '',\n"
"  tax_code TEXT NOT NULL DEFAULT '',\n"
"  women_led INTEGER NOT NULL DEFAULT 0 CHECK (women_led IN (0, 1)),\n"
"  ethnic_minority_led INTEGER NOT NULL DEFAULT 0 CHECK (ethnic_minority_led IN (0, 1)),\n"
"  contact TEXT NOT NULL DEFAULT '',\n"
"  phone TEXT NOT NULL DEFAULT '',\n"
"  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),\n"
"  created_at TEXT NOT NULL,\n"
"  updated_at TEXT NOT NULL\n"
");\n"
"CREATE INDEX producer_province ON producer(province);\n"
"CREATE TABLE product (\n"
"  id INTEGER PRIMARY KEY,\n"
"  sku TEXT NOT NULL UNIQUE CHECK (sku <> ''),\n"
"  name TEXT NOT NULL CHECK (name <> ''),\n"
"  name_fold TEXT NOT NULL,\n"
"  unit TEXT NOT NULL CHECK (unit <> ''),\n"
"  producer_id INTEGER NOT NULL REFERENCES producer(id),\n"
"  origin_province TEXT NOT NULL CHECK (length(origin_province) = 2),\n"
"  ocop_group INTEGER NOT NULL CHECK (ocop_group BETWEEN 1 AND 6),\n"
"  product_set TEXT NOT NULL DEFAULT '',\n"
"  stars INTEGER NOT NULL CHECK (stars BETWEEN 3 AND 5),\n"
"  cert_number TEXT NOT NULL DEFAULT '',\n"
"  cert_issuer TEXT NOT NULL DEFAULT '',\n"
"  cert_issued TEXT,\n"
"  cert_expires TEXT,\n"
"  price INTEGER NOT NULL CHECK (price >= 0),\n"
"  vat_rate INTEGER NOT NULL CHECK (vat_rate IN (-1, 0, 5, 8, 10)),\n"
"  shelf_life_days INTEGER CHECK (shelf_life_days IS NULL OR shelf_life_days > 0),\n"
"  is_service INTEGER NOT NULL DEFAULT 0 CHECK (is_service IN (0, 1)),\n"
"  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),\n"
"  created_at TEXT NOT NULL,\n"
"  updated_at TEXT NOT NULL,\n"
"  CHECK (cert_expires IS NULL OR cert_issued IS NULL OR cert_expires >= cert_issued)\n"
");\n"
"CREATE INDEX product_name_fold ON product(name_fold);\n"
"CREATE INDEX product_producer ON product(producer_id);\n"
"CREATE INDEX product_origin ON product(origin_province);\n"
"CREATE TABLE product_barcode (\n"
"  code TEXT PRIMARY KEY,\n"
"  product_id INTEGER NOT NULL REFERENCES product(id) ON DELETE CASCADE,\n"
"  kind TEXT NOT NULL CHECK (kind IN ('ean13', 'ean8', 'upca', 'gtin14', 'instore', 'internal')),\n"
"  position INTEGER NOT NULL DEFAULT 0\n"
") WITHOUT ROWID;\n"
"CREATE INDEX product_barcode_product ON product_barcode(product_id);\n"
"CREATE TABLE rating (\n"
"  id INTEGER PRIMARY KEY,\n"
"  product_id INTEGER NOT NULL REFERENCES product(id),\n"
"  stars INTEGER NOT NULL CHECK (stars BETWEEN 3 AND 5),\n"
"  previous_stars INTEGER CHECK (previous_stars IS NULL OR previous_stars BETWEEN 3 AND 5),\n"
"  cert_number TEXT NOT NULL DEFAULT '',\n"
"  cert_issued TEXT,\n"
"  cert_expires TEXT,\n"
"  recorded_at TEXT NOT NULL,\n"
"  source TEXT NOT NULL\n"
");\n"
"CREATE INDEX rating_product ON rating(product_id, id);\n"
"CREATE TABLE product_history (\n"
"  id INTEGER PRIMARY KEY,\n"
"  product_id INTEGER NOT NULL REFERENCES product(id),\n"
"  field TEXT NOT NULL,\n"
"  old_value TEXT,\n"
"  new_value TEXT,\n"
"  changed_at TEXT NOT NULL,\n"
"  source TEXT NOT NULL\n"
");\n"
"CREATE INDEX product_history_product ON product_history(product_id, id);\n"
"CREATE TABLE bundle_item (\n"
"  bundle_id INTEGER NOT NULL REFERENCES product(id),\n"
"  component_id INTEGER NOT NULL REFERENCES product(id),\n"
"  qty_milli INTEGER NOT NULL CHECK (qty_milli > 0),\n"
"  PRIMARY KEY (bundle_id, component_id),\n"
"  CHECK (bundle_id <> component_id)\n"
") WITHOUT ROWID;\n"
"CREATE VIRTUAL TABLE product_fts USING fts5(name_fold, content='product',\n"
"  content_rowid='id', tokenize='unicode61', prefix='1 2 3');\n"
"CREATE TRIGGER product_fts_ai AFTER INSERT ON product BEGIN\n"
"  INSERT INTO product_fts(rowid, name_fold) VALUES (new.id, new.name_fold);\n"
"END;\n"
"CREATE TRIGGER product_fts_ad AFTER DELETE ON product BEGIN\n"
"  INSERT INTO product_fts(product_fts, rowid, name_fold) VALUES ('delete', old.id, old.name_fold);\n"
"END;\n"
"CREATE TRIGGER product_fts_au AFTER UPDATE OF name_fold ON product BEGIN\n"
"  INSERT INTO product_fts(product_fts, rowid, name_fold) VALUES ('delete', old.id, old.name_fold);\n"
"  INSERT INTO product_fts(rowid, name_fold) VALUES (new.id, new.name_fold);\n"
"END;\n"
"CREATE TRIGGER rating_no_update BEFORE UPDATE ON rating BEGIN\n"
"  SELECT RAISE(ABORT, 'rating history is append-only');\n"
"END;\n"
"CREATE TRIGGER rating_no_delete BEFORE DELETE ON rating BEGIN\n"
"  SELECT RAISE(ABORT, 'rating history is append-only');\n"
"END;\n"
"CREATE TRIGGER product_history_no_update BEFORE UPDATE ON product_history BEGIN\n"
"  SELECT RAISE(ABORT, 'product history is append-only');\n"
"END;\n"
"CREATE TRIGGER product_history_no_delete BEFORE DELETE ON product_history BEGIN\n"
"  SELECT RAISE(ABORT, 'product history is append-only');\n"
"END;\n";


/*
 * v2: users, audit, lots and the stock ledger, counts, transfers, shifts,
 * sales, carts, consignment statements, exchange bookkeeping.  Not yet
 * released: areas may still change here until the first release (see
 * docs/architecture.md); after it, only new migrations.
 */
/* The columns sale_day and sale_month share after their date or month. */
#define SUMMARY_COLS \
"  showroom TEXT NOT NULL,\n" \
"  product_id INTEGER NOT NULL REFERENCES product(id),\n" \
"  stars INTEGER NOT NULL,\n" \
"  qty_milli INTEGER NOT NULL,\n" \
"  amount INTEGER NOT NULL,\n" \
"  vat INTEGER NOT NULL,\n" \
"  cost INTEGER NOT NULL,\n" \
"  commission INTEGER NOT NULL,\n" \
"  sales INTEGER NOT NULL,\n" \
"  returns INTEGER NOT NULL,\n" \
"  returned_milli INTEGER NOT NULL,\n" \
"  returned_amount INTEGER NOT NULL,\n"

/* The trigger's upsert of one sale line into sale_day or sale_month (table
 * T keyed by column KEY, filled from the line's EXPR); refunds and voids
 * subtract. */
#define SUMMARY_UPSERT(T, KEY, EXPR) \
"  INSERT INTO " T " (" KEY ", showroom, product_id, stars, qty_milli, amount, vat,\n" \
"      cost, commission, sales, returns, returned_milli, returned_amount)\n" \
"    SELECT " EXPR ", s.showroom, new.product_id, new.stars,\n" \
"      iif(s.kind = 'sale', new.qty_milli, -new.qty_milli),\n" \
"      iif(s.kind = 'sale', new.amount, -new.amount),\n" \
"      iif(s.kind = 'sale', new.vat, -new.vat),\n" \
"      iif(s.kind = 'sale', new.cost, -new.cost),\n" \
"      iif(s.kind = 'sale', new.commission, -new.commission),\n" \
"      s.kind = 'sale', s.kind <> 'sale',\n" \
"      iif(s.kind = 'sale', 0, new.qty_milli), iif(s.kind = 'sale', 0, new.amount)\n" \
"    FROM sale s WHERE s.id = new.sale_id\n" \
"    ON CONFLICT (" KEY ", showroom, product_id, stars) DO UPDATE SET\n" \
"      qty_milli = qty_milli + excluded.qty_milli, amount = amount + excluded.amount,\n" \
"      vat = vat + excluded.vat, cost = cost + excluded.cost,\n" \
"      commission = commission + excluded.commission, sales = sales + excluded.sales,\n" \
"      returns = returns + excluded.returns,\n" \
"      returned_milli = returned_milli + excluded.returned_milli,\n" \
"      returned_amount = returned_amount + excluded.returned_amount;\n"

static const char v2[] =
"-- ---- catalogue additions -------------------------------------------------\n"
"ALTER TABLE product ADD COLUMN reorder_milli INTEGER NOT NULL DEFAULT 0 CHECK (reorder_milli >= 0);\n"
"CREATE INDEX product_barcode_first ON product_barcode(product_id, position, code);\n"
"\n"
"-- ---- users and audit (issue 4: user.c, audit.c) --------------------------\n"
"CREATE TABLE user (\n"
"  id INTEGER PRIMARY KEY,\n"
"  name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 32),\n"
"  full_name TEXT NOT NULL DEFAULT '',\n"
"  role TEXT NOT NULL CHECK (role IN ('cashier', 'manager', 'admin', 'auditor')),\n"
"  pin_hash TEXT NOT NULL,\n"
"  failed_logins INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),\n"
"  locked_until TEXT,\n"
"  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),\n"
"  created_at TEXT NOT NULL,\n"
"  updated_at TEXT NOT NULL\n"
");\n"
"CREATE TABLE audit (\n"
"  id INTEGER PRIMARY KEY,\n"
"  at TEXT NOT NULL,\n"
"  user_id INTEGER REFERENCES user(id),\n"
"  approved_by INTEGER REFERENCES user(id),\n"
"  action TEXT NOT NULL CHECK (action <> ''),\n"
"  doc TEXT NOT NULL DEFAULT '',\n"
"  detail TEXT NOT NULL DEFAULT ''\n"
");\n"
"CREATE INDEX audit_at ON audit(at);\n"
"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN\n"
"  SELECT RAISE(ABORT, 'the audit log is append-only');\n"
"END;\n"
"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN\n"
"  SELECT RAISE(ABORT, 'the audit log is append-only');\n"
"END;\n"
"\n"
"-- ---- stock: lots and the ledger (issue 3: stock.c) -----------------------\n"
"-- owner_producer_id NULL = bought outright by the shop; otherwise the lot is\n"
"-- consigned and stays the producer's until sold.  commission_bp is the\n"
"-- shop's commission in basis points (1500 = 15 %).  on_hand_milli is a\n"
"-- cache of SUM(stock_move.qty_milli) for the lot, kept by a trigger in the\n"
"-- same transaction; db check verifies it against the ledger.\n"
"CREATE TABLE lot (\n"
"  id INTEGER PRIMARY KEY,\n"
"  product_id INTEGER NOT NULL REFERENCES product(id),\n"
"  lot_no TEXT NOT NULL CHECK (lot_no <> ''),\n"
"  expiry TEXT,\n"
"  received_on TEXT NOT NULL,\n"
"  unit_cost INTEGER NOT NULL CHECK (unit_cost >= 0),\n"
"  owner_producer_id INTEGER REFERENCES producer(id),\n"
"  commission_bp INTEGER NOT NULL DEFAULT 0 CHECK (commission_bp BETWEEN 0 AND 10000),\n"
"  source TEXT NOT NULL DEFAULT '',\n"
"  on_hand_milli INTEGER NOT NULL DEFAULT 0,\n"
"  created_at TEXT NOT NULL,\n"
"  UNIQUE (product_id, lot_no),\n"
"  CHECK (expiry IS NULL OR expiry >= received_on),\n"
"  CHECK (owner_producer_id IS NOT NULL OR commission_bp = 0)\n"
");\n"
"CREATE INDEX lot_fefo ON lot(product_id, expiry, id);\n"
"CREATE INDEX lot_owner ON lot(owner_producer_id);\n"
"-- Per-product cache of the ledger's sum, for stock lists at 100k products.\n"
"CREATE TABLE stock_balance (\n"
"  product_id INTEGER PRIMARY KEY REFERENCES product(id),\n"
"  on_hand_milli INTEGER NOT NULL DEFAULT 0\n"
");\n"
"CREATE TABLE stock_move (\n"
"  id INTEGER PRIMARY KEY,\n"
"  lot_id INTEGER NOT NULL REFERENCES lot(id),\n"
"  product_id INTEGER NOT NULL REFERENCES product(id),\n"
"  qty_milli INTEGER NOT NULL CHECK (qty_milli <> 0),\n"
"  kind TEXT NOT NULL CHECK (kind IN ('receive', 'sale', 'refund', 'void', 'adjust',\n"
"    'count', 'transfer_out', 'transfer_in', 'return_to_producer')),\n"
"  reason TEXT NOT NULL DEFAULT '',\n"
"  doc TEXT NOT NULL DEFAULT '',\n"
"  sale_line_id INTEGER REFERENCES sale_line(id),\n"
"  user_id INTEGER REFERENCES user(id),\n"
"  at TEXT NOT NULL,\n"
"  business_date TEXT NOT NULL\n"
");\n"
"-- qty_milli in the lot index: the cache check (db check, stock alerts)\n"
"-- sums the ledger per lot from the index alone.\n"
"CREATE INDEX stock_move_lot ON stock_move(lot_id, qty_milli);\n"
"CREATE INDEX stock_move_product ON stock_move(product_id, business_date);\n"
"CREATE INDEX stock_move_doc ON stock_move(doc) WHERE doc <> '';\n"
"CREATE INDEX stock_move_sale_line ON stock_move(sale_line_id) WHERE sale_line_id IS NOT NULL;\n"
"CREATE TRIGGER stock_move_no_update BEFORE UPDATE ON stock_move BEGIN\n"
"  SELECT RAISE(ABORT, 'the stock ledger is append-only');\n"
"END;\n"
"CREATE TRIGGER stock_move_no_delete BEFORE DELETE ON stock_move BEGIN\n"
"  SELECT RAISE(ABORT, 'the stock ledger is append-only');\n"
"END;\n"
"CREATE TRIGGER stock_move_balance AFTER INSERT ON stock_move BEGIN\n"
"  UPDATE lot SET on_hand_milli = on_hand_milli + new.qty_milli WHERE id = new.lot_id;\n"
"  INSERT INTO stock_balance(product_id, on_hand_milli) VALUES (new.product_id, new.qty_milli)\n"
"    ON CONFLICT(product_id) DO UPDATE SET on_hand_milli = on_hand_milli + new.qty_milli;\n"
"END;\n"
"-- Stocktakes: scope is a description of what is counted ('all', or a\n"
"-- filter in JSON).  expected_milli is the ledger at the moment the line\n"
"-- was entered, so selling during a count does not distort the variance.\n"
"CREATE TABLE stock_count (\n"
"  id INTEGER PRIMARY KEY,\n"
"  scope TEXT NOT NULL DEFAULT 'all',\n"
"  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'posted', 'cancelled')),\n"
"  started_at TEXT NOT NULL,\n"
"  started_by INTEGER REFERENCES user(id),\n"
"  closed_at TEXT,\n"
"  closed_by INTEGER REFERENCES user(id)\n"
");\n"
"CREATE TABLE stock_count_line (\n"
"  count_id INTEGER NOT NULL REFERENCES stock_count(id),\n"
"  lot_id INTEGER NOT NULL REFERENCES lot(id),\n"
"  counted_milli INTEGER NOT NULL CHECK (counted_milli >= 0),\n"
"  expected_milli INTEGER NOT NULL,\n"
"  entered_at TEXT NOT NULL,\n"
"  PRIMARY KEY (count_id, lot_id)\n"
") WITHOUT ROWID;\n"
"-- Transfers between showrooms, both directions.  A transfer file is\n"
"-- received once: its uuid is the primary key.\n"
"CREATE TABLE transfer (\n"
"  uuid TEXT PRIMARY KEY,\n"
"  direction TEXT NOT NULL CHECK (direction IN ('out', 'in')),\n"
"  from_showroom TEXT NOT NULL,\n"
"  to_showroom TEXT NOT NULL,\n"
"  status TEXT NOT NULL CHECK (status IN ('in_transit', 'received')),\n"
"  created_at TEXT NOT NULL,\n"
"  received_at TEXT,\n"
"  user_id INTEGER REFERENCES user(id),\n"
"  sha256 TEXT NOT NULL DEFAULT ''\n"
") WITHOUT ROWID;\n"
"\n"
"-- ---- shifts and cash (issue 4: shift.c) ----------------------------------\n"
"CREATE TABLE shift (\n"
"  id INTEGER PRIMARY KEY,\n"
"  register TEXT NOT NULL,\n"
"  user_id INTEGER NOT NULL REFERENCES user(id),\n"
"  opened_at TEXT NOT NULL,\n"
"  business_date TEXT NOT NULL,\n"
"  opening_float INTEGER NOT NULL CHECK (opening_float >= 0),\n"
"  closed_at TEXT,\n"
"  closed_by INTEGER REFERENCES user(id),\n"
"  expected_cash INTEGER,\n"
"  counted_cash INTEGER,\n"
"  over_short INTEGER,\n"
"  counts TEXT NOT NULL DEFAULT '',\n"
"  z_no TEXT UNIQUE\n"
");\n"
"CREATE UNIQUE INDEX shift_one_open ON shift(register) WHERE closed_at IS NULL;\n"
"CREATE TABLE cash_move (\n"
"  id INTEGER PRIMARY KEY,\n"
"  shift_id INTEGER NOT NULL REFERENCES shift(id),\n"
"  kind TEXT NOT NULL CHECK (kind IN ('in', 'out')),\n"
"  amount INTEGER NOT NULL CHECK (amount > 0),\n"
"  reason TEXT NOT NULL CHECK (reason <> ''),\n"
"  user_id INTEGER NOT NULL REFERENCES user(id),\n"
"  at TEXT NOT NULL\n"
");\n"
"CREATE INDEX cash_move_shift ON cash_move(shift_id);\n"
"\n"
"-- ---- sales (issue 4: sale.c, payment.c) ----------------------------------\n"
"-- Gapless numbers per showroom, register, year and document kind: the\n"
"-- counter row is updated in the transaction that writes the document.\n"
"CREATE TABLE doc_counter (\n"
"  showroom TEXT NOT NULL,\n"
"  register TEXT NOT NULL,\n"
"  year INTEGER NOT NULL,\n"
"  kind TEXT NOT NULL CHECK (kind IN ('sale', 'refund', 'z', 'grn')),\n"
"  last INTEGER NOT NULL CHECK (last >= 0),\n"
"  PRIMARY KEY (showroom, register, year, kind)\n"
") WITHOUT ROWID;\n"
"-- A sale, a refund or a void.  Amounts are positive; kind gives the sign\n"
"-- (refund and void take money back).  A refund or void points at the\n"
"-- original sale.  Sales are never updated or deleted.\n"
"CREATE TABLE sale (\n"
"  id INTEGER PRIMARY KEY,\n"
"  uuid TEXT NOT NULL,\n"
"  kind TEXT NOT NULL CHECK (kind IN ('sale', 'refund', 'void')),\n"
"  receipt_no TEXT NOT NULL UNIQUE,\n"
"  showroom TEXT NOT NULL,\n"
"  register TEXT NOT NULL,\n"
"  seq INTEGER NOT NULL,\n"
"  original_sale_id INTEGER REFERENCES sale(id),\n"
"  shift_id INTEGER REFERENCES shift(id),\n"
"  user_id INTEGER REFERENCES user(id),\n"
"  approved_by INTEGER REFERENCES user(id),\n"
"  at TEXT NOT NULL,\n"
"  business_date TEXT NOT NULL,\n"
"  gross INTEGER NOT NULL CHECK (gross >= 0),\n"
"  discount INTEGER NOT NULL DEFAULT 0 CHECK (discount >= 0),\n"
"  total INTEGER NOT NULL CHECK (total >= 0),\n"
"  vat INTEGER NOT NULL CHECK (vat >= 0),\n"
"  buyer_name TEXT NOT NULL DEFAULT '',\n"
"  buyer_tax_code TEXT NOT NULL DEFAULT '',\n"
"  buyer_address TEXT NOT NULL DEFAULT '',\n"
"  buyer_contact TEXT NOT NULL DEFAULT '',\n"
"  reason TEXT NOT NULL DEFAULT '',\n"
"  -- the seller as printed (e-invoice data), copied from the showroom\n"
"  seller_name TEXT NOT NULL DEFAULT '',\n"
"  seller_address TEXT NOT NULL DEFAULT '',\n"
"  seller_tax_code TEXT NOT NULL DEFAULT '',\n"
"  CHECK ((kind = 'sale') = (original_sale_id IS NULL)),\n"
"  -- a UUID is unique per showroom: at a hub, one showroom cannot take\n"
"  -- another's (issue 15)\n"
"  UNIQUE (uuid, showroom)   -- uuid first: the till looks sales up by uuid\n"
");\n"
"CREATE INDEX sale_date ON sale(business_date);\n"
"CREATE INDEX sale_original ON sale(original_sale_id) WHERE original_sale_id IS NOT NULL;\n"
"CREATE INDEX sale_shift ON sale(shift_id);\n"
"-- One line per product; quantities in thousandths.  name, stars, prices,\n"
"-- VAT, cost and commission are what they were at the time of sale.\n"
"-- amount is VAT-inclusive after the line's discount and its share of the\n"
"-- whole-sale discount; vat = round(amount * rate / (100 + rate)).\n"
"CREATE TABLE sale_line (\n"
"  id INTEGER PRIMARY KEY,\n"
"  sale_id INTEGER NOT NULL REFERENCES sale(id),\n"
"  line_no INTEGER NOT NULL CHECK (line_no > 0),\n"
"  product_id INTEGER NOT NULL REFERENCES product(id),\n"
"  sku TEXT NOT NULL,\n"
"  name TEXT NOT NULL,\n"
"  unit TEXT NOT NULL DEFAULT '',\n"
"  stars INTEGER NOT NULL DEFAULT 0,\n"
"  qty_milli INTEGER NOT NULL CHECK (qty_milli > 0),\n"
"  list_price INTEGER NOT NULL CHECK (list_price >= 0),\n"
"  unit_price INTEGER NOT NULL CHECK (unit_price >= 0),\n"
"  discount INTEGER NOT NULL DEFAULT 0 CHECK (discount >= 0),\n"
"  amount INTEGER NOT NULL CHECK (amount >= 0),\n"
"  vat_rate INTEGER NOT NULL CHECK (vat_rate IN (-1, 0, 5, 8, 10)),\n"
"  vat INTEGER NOT NULL CHECK (vat >= 0),\n"
"  cost INTEGER NOT NULL DEFAULT 0,\n"
"  commission INTEGER NOT NULL DEFAULT 0,\n"
"  original_line_id INTEGER REFERENCES sale_line(id),\n"
"  business_date TEXT NOT NULL,\n"
"  UNIQUE (sale_id, line_no)\n"
");\n"
"CREATE INDEX sale_line_date_product ON sale_line(business_date, product_id);\n"
"CREATE INDEX sale_line_product ON sale_line(product_id);\n"
"CREATE INDEX sale_line_original ON sale_line(original_line_id) WHERE original_line_id IS NOT NULL;\n"
"-- Which lots a line took its goods from (or put them back to), with the\n"
"-- owner, cost and commission at that time: the consignment statement's data.\n"
"CREATE TABLE sale_line_lot (\n"
"  sale_line_id INTEGER NOT NULL REFERENCES sale_line(id),\n"
"  lot_id INTEGER NOT NULL REFERENCES lot(id),\n"
"  qty_milli INTEGER NOT NULL CHECK (qty_milli > 0),\n"
"  unit_cost INTEGER NOT NULL,\n"
"  owner_producer_id INTEGER REFERENCES producer(id),\n"
"  commission_bp INTEGER NOT NULL DEFAULT 0,\n"
"  PRIMARY KEY (sale_line_id, lot_id)\n"
") WITHOUT ROWID;\n"
"CREATE INDEX sale_line_lot_owner ON sale_line_lot(owner_producer_id) WHERE owner_producer_id IS NOT NULL;\n"
"CREATE TABLE payment (\n"
"  id INTEGER PRIMARY KEY,\n"
"  sale_id INTEGER NOT NULL REFERENCES sale(id),\n"
"  method TEXT NOT NULL CHECK (method IN ('cash', 'qr', 'card', 'wallet')),\n"
"  amount INTEGER NOT NULL CHECK (amount > 0),\n"
"  tendered INTEGER NOT NULL DEFAULT 0,\n"
"  change INTEGER NOT NULL DEFAULT 0 CHECK (change >= 0),\n"
"  reference TEXT NOT NULL DEFAULT ''\n"
");\n"
"CREATE INDEX payment_sale ON payment(sale_id);\n"
"CREATE TRIGGER sale_no_update BEFORE UPDATE ON sale BEGIN\n"
"  SELECT RAISE(ABORT, 'sales are never edited: void or return instead');\n"
"END;\n"
"CREATE TRIGGER sale_no_delete BEFORE DELETE ON sale BEGIN\n"
"  SELECT RAISE(ABORT, 'sales are never deleted: void or return instead');\n"
"END;\n"
"CREATE TRIGGER sale_line_no_update BEFORE UPDATE ON sale_line BEGIN\n"
"  SELECT RAISE(ABORT, 'sales are never edited: void or return instead');\n"
"END;\n"
"CREATE TRIGGER sale_line_no_delete BEFORE DELETE ON sale_line BEGIN\n"
"  SELECT RAISE(ABORT, 'sales are never deleted: void or return instead');\n"
"END;\n"
"-- Carts not yet completed: the open cart of a register (restored after a\n"
"-- crash) and held (parked) carts.  data is the cart as JSON.\n"
"CREATE TABLE cart (\n"
"  uuid TEXT PRIMARY KEY,\n"
"  register TEXT NOT NULL,\n"
"  user_id INTEGER REFERENCES user(id),\n"
"  status TEXT NOT NULL CHECK (status IN ('open', 'held')),\n"
"  label TEXT NOT NULL DEFAULT '',\n"
"  data TEXT NOT NULL,\n"
"  updated_at TEXT NOT NULL\n"
") WITHOUT ROWID;\n"
"CREATE INDEX cart_register ON cart(register, status);\n"
"\n"
"-- ---- consignment settlement and province exchange (issue 8) -------------\n"
"-- Sales summaries for reports (report.c), kept by one trigger in the\n"
"-- sale's own transaction: per business date (sale_day) and month\n"
"-- (sale_month), showroom, product and stars at the time of sale.  Refund\n"
"-- and void lines subtract on their own business date (the kind gives the\n"
"-- sign); returns/returned_* count them apart.  sales and returns count\n"
"-- lines.  sale_product keeps each product's first and last sale per\n"
"-- showroom.  Never written by anything else: report_check_summary()\n"
"-- compares them with sale_line.\n"
"CREATE TABLE sale_day (\n"
"  business_date TEXT NOT NULL,\n"
SUMMARY_COLS
"  PRIMARY KEY (business_date, showroom, product_id, stars)\n"
") WITHOUT ROWID;\n"
"CREATE TABLE sale_month (\n"
"  month TEXT NOT NULL,\n"
SUMMARY_COLS
"  PRIMARY KEY (month, showroom, product_id, stars)\n"
") WITHOUT ROWID;\n"
"CREATE TABLE sale_product (\n"
"  product_id INTEGER NOT NULL REFERENCES product(id),\n"
"  showroom TEXT NOT NULL,\n"
"  first_date TEXT NOT NULL,\n"
"  last_date TEXT NOT NULL,\n"
"  PRIMARY KEY (product_id, showroom)\n"
") WITHOUT ROWID;\n"
"CREATE TRIGGER sale_line_summary AFTER INSERT ON sale_line BEGIN\n"
SUMMARY_UPSERT("sale_day", "business_date", "new.business_date")
SUMMARY_UPSERT("sale_month", "month", "substr(new.business_date, 1, 7)")
"  INSERT INTO sale_product (product_id, showroom, first_date, last_date)\n"
"    SELECT new.product_id, s.showroom, new.business_date, new.business_date\n"
"    FROM sale s WHERE s.id = new.sale_id AND s.kind = 'sale'\n"
"    ON CONFLICT (product_id, showroom) DO UPDATE SET\n"
"      first_date = min(first_date, excluded.first_date),\n"
"      last_date = max(last_date, excluded.last_date);\n"
"END;\n"
"-- A consignment statement's lines as printed and signed: one per lot.\n"
"CREATE TABLE consign_statement_line (\n"
"  statement_id INTEGER NOT NULL REFERENCES consign_statement(id),\n"
"  line_no INTEGER NOT NULL CHECK (line_no > 0),\n"
"  lot_id INTEGER NOT NULL REFERENCES lot(id),\n"
"  sku TEXT NOT NULL,\n"
"  name TEXT NOT NULL,\n"
"  lot_no TEXT NOT NULL,\n"
"  commission_bp INTEGER NOT NULL,\n"
"  sold_milli INTEGER NOT NULL,\n"
"  refunded_milli INTEGER NOT NULL,\n"
"  returned_milli INTEGER NOT NULL,\n"
"  unsold_milli INTEGER NOT NULL,\n"
"  gross INTEGER NOT NULL,\n"
"  commission INTEGER NOT NULL,\n"
"  payable INTEGER NOT NULL,\n"
"  PRIMARY KEY (statement_id, line_no)\n"
") WITHOUT ROWID;\n"
"-- A province hub (setting role = 'hub') merges showrooms' sales and sells\n"
"-- nothing itself: no shift opens there, so no sale can be made.\n"
"CREATE TRIGGER shift_not_at_hub BEFORE INSERT ON shift\n"
"  WHEN (SELECT value FROM setting WHERE key = 'role') = 'hub' BEGIN\n"
"  SELECT RAISE(ABORT, 'a province hub does not sell: it imports the showrooms'' exchange files');\n"
"END;\n"
"-- At a hub: the stock moves received from each showroom (by their id\n"
"-- there), so a move sent in two files is stored once.\n"
"CREATE TABLE exchange_move (\n"
"  showroom TEXT NOT NULL,\n"
"  remote_id INTEGER NOT NULL,\n"
"  move_id INTEGER NOT NULL REFERENCES stock_move(id),\n"
"  PRIMARY KEY (showroom, remote_id)\n"
") WITHOUT ROWID;\n"
"CREATE TABLE consign_statement (\n"
"  id INTEGER PRIMARY KEY,\n"
"  producer_id INTEGER NOT NULL REFERENCES producer(id),\n"
"  from_date TEXT NOT NULL,\n"
"  to_date TEXT NOT NULL,\n"
"  gross INTEGER NOT NULL,\n"
"  commission INTEGER NOT NULL,\n"
"  payable INTEGER NOT NULL,\n"
"  created_at TEXT NOT NULL,\n"
"  created_by INTEGER REFERENCES user(id),\n"
"  paid_at TEXT,\n"
"  paid_by INTEGER REFERENCES user(id),\n"
"  paid_reference TEXT NOT NULL DEFAULT ''\n"
");\n"
"-- Public keys of other showrooms (transfer files; exchange files at a hub).\n"
"CREATE TABLE showroom_key (\n"
"  showroom TEXT PRIMARY KEY,\n"
"  public_key TEXT NOT NULL,\n"
"  registered_at TEXT NOT NULL\n"
") WITHOUT ROWID;\n"
"-- Exchange files written here and imported here.\n"
"CREATE TABLE batch_out (\n"
"  seq INTEGER PRIMARY KEY,\n"
"  created_at TEXT NOT NULL,\n"
"  since TEXT NOT NULL,\n"
"  until TEXT NOT NULL,\n"
"  last_sale_id INTEGER NOT NULL DEFAULT 0,\n"
"  last_move_id INTEGER NOT NULL DEFAULT 0,\n"
"  sha256 TEXT NOT NULL\n"
");\n"
"CREATE TABLE batch_in (\n"
"  showroom TEXT NOT NULL,\n"
"  seq INTEGER NOT NULL,\n"
"  sha256 TEXT NOT NULL,\n"
"  imported_at TEXT NOT NULL,\n"
"  sales INTEGER NOT NULL DEFAULT 0,\n"
"  PRIMARY KEY (showroom, seq)\n"
") WITHOUT ROWID;\n"
"CREATE INDEX consign_statement_producer ON consign_statement(producer_id, from_date);\n";

/*
 * v3: cash-register e-invoices (einvoice.c).  One row per sale, refund or
 * void issued after `einvoice setup`, written in the document's own
 * transaction; the row is also the outbox entry (state).  A cancel notice
 * has no number and no code of its own; every other invoice has both,
 * numbered gapless per series (which names the year) by einvoice_counter,
 * and the MTT code's 11 digits gapless per seller code and year.
 */
static const char v3[] =
"CREATE TABLE einvoice (\n"
"  id INTEGER PRIMARY KEY,\n"
"  sale_id INTEGER NOT NULL UNIQUE REFERENCES sale(id),\n"
"  kind TEXT NOT NULL CHECK (kind IN ('original', 'adjust', 'replace', 'cancel')),\n"
"  ref_id INTEGER REFERENCES einvoice(id),\n"
"  rules TEXT NOT NULL CHECK (rules <> ''),\n"
"  form INTEGER NOT NULL CHECK (form IN (1, 2)),\n"
"  series TEXT NOT NULL CHECK (length(series) = 6),\n"
"  number INTEGER CHECK (number IS NULL OR number > 0),\n"
"  mtt_code TEXT UNIQUE CHECK (mtt_code IS NULL OR length(mtt_code) = 23),\n"
"  issued_at TEXT NOT NULL,\n"
"  business_date TEXT NOT NULL,\n"
"  state TEXT NOT NULL DEFAULT 'queued'\n"
"    CHECK (state IN ('queued', 'sending', 'accepted', 'rejected')),\n"
"  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),\n"
"  next_try_at TEXT NOT NULL DEFAULT '',\n"
"  last_error TEXT NOT NULL DEFAULT '',\n"
"  provider_no TEXT NOT NULL DEFAULT '',\n"
"  updated_at TEXT NOT NULL,\n"
"  UNIQUE (series, number),\n"
"  CHECK ((kind = 'cancel') = (number IS NULL)),\n"
"  CHECK ((number IS NULL) = (mtt_code IS NULL)),\n"
"  CHECK ((kind = 'original') = (ref_id IS NULL))\n"
");\n"
"CREATE INDEX einvoice_state ON einvoice(state, id);\n"
"CREATE TABLE einvoice_counter (\n"
"  key TEXT PRIMARY KEY,\n"
"  last INTEGER NOT NULL CHECK (last > 0)\n"
") WITHOUT ROWID;\n"
"-- an issued invoice keeps its identity: only the outbox columns change\n"
"CREATE TRIGGER einvoice_fixed BEFORE UPDATE OF sale_id, kind, ref_id, rules, form, series,\n"
"    number, mtt_code, issued_at, business_date ON einvoice BEGIN\n"
"  SELECT RAISE(ABORT, 'an issued e-invoice is never edited: adjust or replace it');\n"
"END;\n"
"CREATE TRIGGER einvoice_no_delete BEFORE DELETE ON einvoice BEGIN\n"
"  SELECT RAISE(ABORT, 'an issued e-invoice is never deleted');\n"
"END;\n";

/*
 * Customers (issue 14 item 24): found by phone, loyalty points per sale.
 * A sale's customer is the first word of its buyer contact (the phone);
 * sale_buyer_phone indexes exactly that expression.
 */
static const char v_customer[] =
"CREATE TABLE customer (\n"
"  id INTEGER PRIMARY KEY,\n"
"  phone TEXT NOT NULL UNIQUE,\n"
"  name TEXT NOT NULL,\n"
"  name_fold TEXT NOT NULL,\n"
"  tax_code TEXT NOT NULL DEFAULT '',\n"
"  email TEXT NOT NULL DEFAULT '',\n"
"  address TEXT NOT NULL DEFAULT '',\n"
"  points INTEGER NOT NULL DEFAULT 0 CHECK (points >= 0),\n"
"  created_at TEXT NOT NULL,\n"
"  created_by INTEGER REFERENCES user(id)\n"
");\n"
"CREATE INDEX customer_name ON customer(name_fold);\n"
"CREATE TABLE customer_points (\n"
"  sale_id INTEGER PRIMARY KEY REFERENCES sale(id),\n"
"  customer_id INTEGER NOT NULL REFERENCES customer(id),\n"
"  earned INTEGER NOT NULL,\n"
"  redeemed INTEGER NOT NULL,\n"
"  at TEXT NOT NULL\n"
");\n"
"CREATE INDEX customer_points_customer ON customer_points(customer_id);\n"
"-- points redeemed on an open cart, taken when its sale completes\n"
"CREATE TABLE customer_redeem (\n"
"  cart_uuid TEXT PRIMARY KEY,\n"
"  customer_id INTEGER NOT NULL REFERENCES customer(id),\n"
"  points INTEGER NOT NULL\n"
") WITHOUT ROWID;\n"
"CREATE INDEX sale_buyer_phone ON sale(substr(buyer_contact, 1,"
" instr(buyer_contact || ' ', ' ') - 1)) WHERE buyer_contact <> '';\n";

/*
 * v5: the fiscal journal (issue 12, journal.c): a hash chain over every
 * fiscal record, appended by triggers in the writing transaction.  Each
 * record's hash = SHA-256 of "prev|table|key|op|content_hash" where
 * content_hash = SHA-256 of json_array(the row's columns); pos_sha256()
 * is registered by db_open() (docs/formats.md gives the canonical form).
 * Rows already in the database are chained first, table by table.
 */
#define J_APPEND(OP, T, K, C) \
"  INSERT INTO journal (tbl, row_key, op, content_hash, hash)\n" \
"    SELECT " T ", k, '" OP "', c, pos_sha256(p || '|' || " T " || '|' || k || '|" OP "|' || c)\n" \
"    FROM (SELECT coalesce((SELECT hash FROM journal ORDER BY seq DESC LIMIT 1), '" \
JOURNAL_GENESIS "') AS p,\n" \
"      CAST(" K " AS TEXT) AS k, " C " AS c);\n"
#define J_SEED(T, KEY, KNEW, KOLD, UPD, COLS) \
"INSERT INTO journal_seed (t, k, c) SELECT '" T "', CAST(" KEY " AS TEXT), " \
"pos_sha256(json_array(" COLS(J_PLAIN_F, J_PLAIN_N) ")) FROM \"" T "\" ORDER BY " KEY ";\n"
#define J_TRIGGERS(T, KEY, KNEW, KOLD, UPD, COLS) \
"CREATE TRIGGER journal_" T "_ai AFTER INSERT ON \"" T "\" BEGIN\n" \
J_APPEND("I", "'" T "'", KNEW, "pos_sha256(json_array(" COLS(J_NEW_F, J_NEW_N) "))") \
"END;\n" \
"CREATE TRIGGER journal_" T "_au AFTER UPDATE" UPD " ON \"" T "\" BEGIN\n" \
J_APPEND("U", "'" T "'", KNEW, "pos_sha256(json_array(" COLS(J_NEW_F, J_NEW_N) "))") \
"END;\n" \
"CREATE TRIGGER journal_" T "_ad AFTER DELETE ON \"" T "\" BEGIN\n" \
J_APPEND("D", "'" T "'", KOLD, "''") \
"END;\n"

static const char v_journal[] =
"CREATE TABLE journal (\n"
"  seq INTEGER PRIMARY KEY,\n"
"  tbl TEXT NOT NULL,\n"
"  row_key TEXT NOT NULL,\n"
"  op TEXT NOT NULL CHECK (op IN ('I', 'U', 'D')),\n"
"  content_hash TEXT NOT NULL,\n"
"  hash TEXT NOT NULL\n"
");\n"
"CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal BEGIN\n"
"  SELECT RAISE(ABORT, 'the fiscal journal is append-only');\n"
"END;\n"
"CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal BEGIN\n"
"  SELECT RAISE(ABORT, 'the fiscal journal is append-only');\n"
"END;\n"
"CREATE TEMP TABLE journal_seed (t TEXT, k TEXT, c TEXT);\n"
"CREATE TEMP TRIGGER journal_seed_ai AFTER INSERT ON journal_seed BEGIN\n"
J_APPEND("I", "new.t", "new.k", "new.c")
"END;\n"
JOURNAL_TABLES(J_SEED)
"DROP TRIGGER temp.journal_seed_ai;\n"
"DROP TABLE temp.journal_seed;\n"
JOURNAL_TABLES(J_TRIGGERS)
"-- ---- a clock that moves (issue 12) ----------------------------------------\n"
"-- A document dated more than 5 minutes before the last one of its register,\n"
"-- or outside its shift's business day +-1, is refused: the till's clock is\n"
"-- wrong.  Not at a province hub, which imports other showrooms' sales.\n"
"CREATE TRIGGER clock_sale_behind BEFORE INSERT ON sale\n"
"  WHEN (SELECT value FROM setting WHERE key = 'role') IS NOT 'hub'\n"
"   AND unixepoch(new.at) IS NOT NULL\n"
"   AND unixepoch(new.at) < (SELECT unixepoch(at) FROM sale WHERE register = new.register\n"
"                            ORDER BY id DESC LIMIT 1) - 300 BEGIN\n"
"  SELECT RAISE(ABORT, 'the till''s clock is behind the last receipt: have the clock fixed, then try again (nothing was saved)');\n"
"END;\n"
"CREATE TRIGGER clock_sale_day BEFORE INSERT ON sale\n"
"  WHEN new.shift_id IS NOT NULL\n"
"   AND (SELECT value FROM setting WHERE key = 'role') IS NOT 'hub'\n"
"   AND NOT abs(julianday(new.business_date) -\n"
"          julianday((SELECT business_date FROM shift WHERE id = new.shift_id))) <= 1 BEGIN\n"
"  SELECT RAISE(ABORT, 'the till''s clock is outside the open shift''s business day: have the clock fixed, then try again (nothing was saved)');\n"
"END;\n"
"CREATE TRIGGER clock_shift_open BEFORE INSERT ON shift\n"
"  WHEN unixepoch(new.opened_at) < max(\n"
"    coalesce((SELECT unixepoch(at) FROM sale ORDER BY id DESC LIMIT 1), 0),\n"
"    coalesce((SELECT unixepoch(coalesce(closed_at, opened_at)) FROM shift\n"
"              ORDER BY id DESC LIMIT 1), 0)) - 300 BEGIN\n"
"  SELECT RAISE(ABORT, 'the till''s clock is behind the last recorded document: have the clock fixed, then try again (nothing was saved)');\n"
"END;\n"
"CREATE TRIGGER clock_shift_close BEFORE UPDATE OF closed_at ON shift\n"
"  WHEN new.closed_at IS NOT NULL AND old.closed_at IS NULL\n"
"   AND (unixepoch(new.closed_at) < unixepoch(new.opened_at) - 300\n"
"     OR unixepoch(new.closed_at) < coalesce((SELECT unixepoch(at) FROM sale\n"
"          WHERE shift_id = new.id ORDER BY id DESC LIMIT 1), 0) - 300) BEGIN\n"
"  SELECT RAISE(ABORT, 'the till''s clock is before the shift''s last document: have the clock fixed, then try again (nothing was saved)');\n"
"END;\n"
"CREATE TRIGGER clock_cash_move BEFORE INSERT ON cash_move\n"
"  WHEN unixepoch(new.at) < (SELECT unixepoch(opened_at) FROM shift WHERE id = new.shift_id) - 300\n"
"  BEGIN\n"
"  SELECT RAISE(ABORT, 'the till''s clock is behind the shift''s opening: have the clock fixed, then try again (nothing was saved)');\n"
"END;\n";
/* v5: bundles by component (the nested-bundle check of stock_bundle_set
 * scanned every bundle: quadratic over a large catalogue, issue 16). */
static const char v_bundle[] =
"CREATE INDEX bundle_item_component ON bundle_item(component_id);\n";

/* v7: cash rounding (issue 14 item 15).  A cash total is rounded to the
 * showroom's step (setting cash.rounding_step); the rounding is what the
 * drawer took beyond (or short of) the cash payments' amounts, which still
 * add up to the sale's total (VAT and e-invoice unchanged).  Not chained
 * by the journal itself: it equals the sum over the sale's cash payments
 * of tendered - change - amount, which is chained, and `db check` holds
 * the two together.  A step is at most 10.000 VND, so |rounding| <= 5.000. */
static const char v_cash_rounding[] =
"ALTER TABLE sale ADD COLUMN cash_rounding INTEGER NOT NULL DEFAULT 0\n"
"  CHECK (cash_rounding BETWEEN -5000 AND 5000);\n";

/* v8: the signed transfer file kept with its transfer (sent or received),
 * so its note can be printed again (`receipt print UUID`) after the paper
 * or the printer failed; transfer.sha256 is the file's SHA-256, checked
 * before the text is used.  NULL for transfers made before v8. */
static const char v_transfer_doc[] =
"ALTER TABLE transfer ADD COLUMN doc TEXT;\n";
/*
 * v9: the fiscal journal's chaining written once (issue 16 item 4).  The
 * 33 per-table triggers of v4 each carried the whole append (the previous
 * hash, the record's hash, a sub-select): half of what SQLite parses to
 * read this schema at every open.  Each now only names its record --
 * table, key, operation, content hash -- and inserts it into the view
 * journal_chain, whose one INSTEAD OF trigger appends it to the journal
 * with the same hash as before (docs/formats.md): the chain goes on
 * unchanged across the migration, `db check` is untouched, and the
 * journal stays append-only (journal_no_update, journal_no_delete).  The
 * view adds no way in: inserting into it needs pos_sha256(), which only
 * ocop-pos registers, like inserting into the journal itself.  The
 * append is an INSERT ... VALUES: an INSERT ... SELECT that reads the
 * journal it writes makes SQLite copy each row through a temporary table.
 */
#define J_CHAIN_INSERT(OP, T, K, C) \
"  INSERT INTO journal_chain VALUES (" T ", " K ", '" OP "', " C ");\n"
#define J_CHAINED(T, KEY, KNEW, KOLD, UPD, COLS) \
"DROP TRIGGER journal_" T "_ai;\n" \
"CREATE TRIGGER journal_" T "_ai AFTER INSERT ON \"" T "\" BEGIN\n" \
J_CHAIN_INSERT("I", "'" T "'", KNEW, "pos_sha256(json_array(" COLS(J_NEW_F, J_NEW_N) "))") \
"END;\n" \
"DROP TRIGGER journal_" T "_au;\n" \
"CREATE TRIGGER journal_" T "_au AFTER UPDATE" UPD " ON \"" T "\" BEGIN\n" \
J_CHAIN_INSERT("U", "'" T "'", KNEW, "pos_sha256(json_array(" COLS(J_NEW_F, J_NEW_N) "))") \
"END;\n" \
"DROP TRIGGER journal_" T "_ad;\n" \
"CREATE TRIGGER journal_" T "_ad AFTER DELETE ON \"" T "\" BEGIN\n" \
J_CHAIN_INSERT("D", "'" T "'", KOLD, "''") \
"END;\n"

static const char v_journal_chain[] =
"CREATE VIEW journal_chain (tbl, row_key, op, content_hash) AS\n"
"  SELECT tbl, row_key, op, content_hash FROM journal WHERE 0;\n"
"CREATE TRIGGER journal_chain_append INSTEAD OF INSERT ON journal_chain BEGIN\n"
"  INSERT INTO journal (tbl, row_key, op, content_hash, hash) VALUES (new.tbl,\n"
"    CAST(new.row_key AS TEXT), new.op, new.content_hash,\n"
"    pos_sha256(coalesce((SELECT hash FROM journal ORDER BY seq DESC LIMIT 1), '"
JOURNAL_GENESIS "')\n"
"      || '|' || new.tbl || '|' || CAST(new.row_key AS TEXT) || '|' || new.op || '|'\n"
"      || new.content_hash));\n"
"END;\n"
JOURNAL_TABLES(J_CHAINED);

const char *const schema_migrations[] = {
	v1,
	v2,
	v3,
	v_customer,
	v_journal,
	v_bundle,
	v_cash_rounding,
	v_transfer_doc,
	v_journal_chain,
};

size_t schema_count(void)
{
	return sizeof(schema_migrations) / sizeof(schema_migrations[0]);
}
