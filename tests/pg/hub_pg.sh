#!/usr/bin/env bash
# Province hubs on PostgreSQL (issue 15), on throwaway clusters:
# - three demo showrooms' files imported into an SQLite hub and into a
#   PostgreSQL province hub give the same per-product totals (= the
#   showrooms' own added up) and the same never-sold products;
# - the same file twice adds nothing; a file from an unregistered showroom
#   and an altered file are refused; a different key is not registered over
#   a showroom's key;
# - trust cases re-signed with the showroom's own key (test_pghub, run
#   here against the cluster);
# - national server: two province clusters forward their verified files to
#   a third; the national per-product totals are the provinces' added up;
#   a province without a registered key, or countersigning with another
#   key, is refused; replacing a province's key needs --replace-key and is
#   audited (tampered files and countersignatures: test_pghub).
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
export OCOP_POS_NOW=2026-11-22T03:00:00Z
FROM=2026-10-01
TO=2026-11-22
HUB=$T/hub.db

if ! pg_available; then
	echo "ok 1 # SKIP no PostgreSQL server binaries (Debian package postgresql)"
	exit 0
fi

runat() {
	local db=$1; shift
	"$OCOP_POS" --lang en --db "$db" "$@" > "$T/out" 2> "$T/err" < /dev/null
	rc=$?
	out=$(cat "$T/out"); err=$(cat "$T/err")
}
# runau DB ARGS...: as the SQLite database's admin (PIN 1111 on standard
# input, --user admin); a PostgreSQL hub takes who acts from its URI
runau() {
	local db=$1; shift
	printf '1111\n' | "$OCOP_POS" --lang en --db "$db" "$@" --user admin > "$T/out" 2> "$T/err"
	rc=$?
	out=$(cat "$T/out"); err=$(cat "$T/err")
}
# "SKU revenue" lines of a products report (CSV), sorted
per_product() {
	sed '1s/^\xEF\xBB\xBF//' "$T/out" | tr -d '\r' > "$T/p.csv"
	sqlite3 :memory: ".import --csv $T/p.csv t" \
		"SELECT SKU || ' ' || Revenue FROM t WHERE SKU <> 'Total' ORDER BY SKU"
}
# SKUs a commercialization report (CSV) flags NO SALES, sorted
unsold() {
	sed '1s/^\xEF\xBB\xBF//' "$T/out" | tr -d '\r' > "$T/c.csv"
	sqlite3 :memory: ".import --csv $T/c.csv t" \
		"SELECT SKU FROM t WHERE \"No sales\" <> '' ORDER BY SKU"
}
same() {   # same FILE1 FILE2 "desc"
	if [ -s "$1" ] && diff "$1" "$2" > "$T/diff"; then _tap 0 "$3"; else
		_tap 1 "$3"; head "$T/diff" | sed 's/^/#   /'; fi
}

pg_start prov || { echo "not ok 1 - a throwaway cluster starts"; exit 1; }
P=$PG_URI_prov
runat "$P" init --showroom TQ --name "Sở Nông nghiệp và Môi trường Tuyên Quang" --province 08 --province-hub
ok_rc 0 "PostgreSQL province hub created"
ok_out "is ready" "says it is ready"
runat "$P" init --showroom TQ --name "Sở Nông nghiệp và Môi trường Tuyên Quang" --province 08 --province-hub
ok_rc 0 "init again changes nothing"
runat "$P" init --showroom XX --name "Other" --province 08 --province-hub
ok_rc 1 "init as another hub is refused"
runat "$P" init --showroom TQ01 --name "Showroom" --province 08
ok_rc 1 "a showroom does not live on PostgreSQL"
runat "$HUB" init --showroom TQ --name "Sở Nông nghiệp và Môi trường Tuyên Quang" --province 08 --province-hub
printf '1111\n' | "$OCOP_POS" --db "$HUB" user add admin --role admin > /dev/null 2>&1

seed=1
for sr in DN01:48 HN01:01 TQ01:08; do
	code=${sr%%:*}; prov=${sr##*:}
	db=$T/$code.db
	runat "$db" init --showroom "$code" --name "Điểm OCOP $code" --province "$prov"
	runat "$db" demo --days 30 --seed $seed
	seed=$((seed + 1))
	runat "$db" showroom key
	key=${out#* }
	runau "$db" export --out "$T/$code-1.jsonl"
	runau "$db" report products --from $FROM --to $TO --format csv
	per_product > "$T/$code.products"
	runau "$HUB" showroom register "$code" --key "$key"
	[ "$code" = TQ01 ] && { echo "$key" > "$T/TQ01.key"; continue; }
	runat "$P" showroom register "$code" --key "$key"
	ok_rc 0 "PostgreSQL hub registers $code"
done

runat "$P" import "$T/TQ01-1.jsonl"
ok_rc 1 "unregistered showroom refused"
ok_err "not registered" "says so"
ok_eq "$(psql_at prov 'SELECT count(*) FROM sale')" "0" "nothing written"
runat "$P" showroom register TQ01 --key "$(cat "$T/TQ01.key")"
runat "$T/DN01.db" showroom key
runat "$P" showroom register TQ01 --key "${out#* }"
ok_rc 1 "another key over TQ01's is refused"
ok_err "--replace-key" "says how to replace a key"

sed 's/"amount":\([1-9]\)/"amount":9\1/' "$T/DN01-1.jsonl" > "$T/tampered.jsonl"
runat "$P" import "$T/tampered.jsonl"
ok_rc 1 "an altered file is refused"
ok_err "signature does not match" "says the signature does not match"

runat "$P" import "$T/TQ01-1.jsonl" "$T/HN01-1.jsonl" "$T/DN01-1.jsonl"
ok_rc 0 "PostgreSQL hub imports the three files"
ok_out "file 1 of HN01 imported" "HN01 imported"
runau "$HUB" import "$T/TQ01-1.jsonl" "$T/HN01-1.jsonl" "$T/DN01-1.jsonl"
ok_rc 0 "SQLite hub imports the three files"

cat "$T/DN01.products" "$T/HN01.products" "$T/TQ01.products" |
	awk '{s[$1] += $2} END {for (k in s) print k, s[k]}' | sort > "$T/sum.products"
runat "$P" report products --from $FROM --to $TO --format csv
ok_rc 0 "products report on PostgreSQL"
per_product > "$T/pg.products"
runau "$HUB" report products --from $FROM --to $TO --format csv
per_product > "$T/sq.products"
same "$T/sum.products" "$T/pg.products" "PostgreSQL hub per-product totals = the showrooms' added up"
same "$T/sq.products" "$T/pg.products" "PostgreSQL hub = SQLite hub, product by product"
runat "$P" report products --from $FROM --to $TO --format csv --showroom HN01
per_product > "$T/pg-hn.products"
same "$T/HN01.products" "$T/pg-hn.products" "--showroom HN01 on PostgreSQL = HN01's own report"
# a period not on month boundaries reads days and months alike
runat "$P" report products --from 2026-10-15 --to 2026-11-03 --format csv
per_product > "$T/pg.part"
runau "$HUB" report products --from 2026-10-15 --to 2026-11-03 --format csv
per_product > "$T/sq.part"
same "$T/sq.part" "$T/pg.part" "a period across a month boundary agrees too"
# whole months read the month summaries alone
runat "$P" report products --from 2026-10-01 --to 2026-10-31 --format csv
per_product > "$T/pg.month"
runau "$HUB" report products --from 2026-10-01 --to 2026-10-31 --format csv
per_product > "$T/sq.month"
same "$T/sq.month" "$T/pg.month" "a whole month agrees too"
# whole years of every showroom read the year summary alone
runat "$P" report products --from 2026-01-01 --to 2026-12-31 --format csv
per_product > "$T/pg.year"
runau "$HUB" report products --from 2026-01-01 --to 2026-12-31 --format csv
per_product > "$T/sq.year"
same "$T/sq.year" "$T/pg.year" "a whole year agrees too"
same "$T/sum.products" "$T/pg.year" "and is the showrooms' sales added up"
# most of a year reads the year less its other months: November's sales
# taken off for January..October (a product sold in November alone would
# show as a row of 0 here, not at the SQLite hub), the future December for
# a year to date; most of a month reads its days (sale_day)
for period in "2026-01-01 2026-10-31" "2026-01-01 2026-11-30" "2026-06-01 2026-12-31" \
	"2026-10-05 2026-10-31" "2026-11-02 2026-11-22" "2026-10-03 2026-10-29"; do
	set -- $period
	runat "$P" report products --from $1 --to $2 --format csv
	per_product > "$T/pg.most"
	runau "$HUB" report products --from $1 --to $2 --format csv
	per_product > "$T/sq.most"
	same "$T/sq.most" "$T/pg.most" "$1..$2 agrees too"
done
# the catalogue comes from the copy kept between runs (core/hubcat.h)
cat_file=$(ls "$XDG_CACHE_HOME"/ocop-pos/hub-*.cat 2> /dev/null | head -n 1)
ok_eq "$([ -n "$cat_file" ] && stat -c %a "$cat_file")" "600" "the hub's catalogue is kept in the user's cache, mode 600"
runat "$P" report products --from 2026-01-01 --to 2026-12-31 --format csv
cp "$T/out" "$T/pg.year.csv"
runat "$P" report products --from 2026-01-01 --to 2026-12-31 --format csv
same "$T/pg.year.csv" "$T/out" "a report from the kept catalogue is the same, byte for byte"
# a product renamed by hand: every kept copy is stale (the hub's epoch)
sku1=$(psql_at prov "SELECT sku FROM sale_year_com ORDER BY sku LIMIT 1")
name1=$(psql_at prov "SELECT name FROM product WHERE sku = '$sku1'")
psql_at prov "UPDATE product SET name = 'Tên đổi tay' WHERE sku = '$sku1'" > /dev/null
runat "$P" report products --from 2026-01-01 --to 2026-12-31 --format csv
ok_out "Tên đổi tay" "a product renamed on the hub by hand shows its new name (the copy is stale)"
psql_at prov "UPDATE product SET name = '$name1' WHERE sku = '$sku1'" > /dev/null
runat "$P" report products --from 2026-01-01 --to 2026-12-31 --format csv
same "$T/pg.year.csv" "$T/out" "and its old name again once renamed back"
# a product the copy lacks (added since, as an import adds them) is read from the hub
psql_at prov "INSERT INTO product (sku, name, unit, producer, origin_province, ocop_group, stars, price, vat_rate) SELECT 'ZZ-CACHE', 'Sản phẩm mới', unit, producer, origin_province, ocop_group, stars, price, vat_rate FROM product WHERE sku = '$sku1'; INSERT INTO sale_year_com (year, sku, block, showrooms, months, qty_milli, amount, vat, cost, commission, sales, returns, returned_milli, returned_amount) VALUES ('2026-01-01', 'ZZ-CACHE', 0, 0::bit(1024), 1024, 1000, 77000, 7000, 0, 0, 1, 0, 0, 0)" > /dev/null
runat "$P" report products --from 2026-01-01 --to 2026-12-31 --format csv
ok_match "^ZZ-CACHE,Sản phẩm mới,.*,77000" "a product sold since the copy was made shows with its name"
psql_at prov "DELETE FROM sale_year_com WHERE sku = 'ZZ-CACHE'; DELETE FROM product WHERE sku = 'ZZ-CACHE'" > /dev/null
# a damaged copy is no copy: the report reads the catalogue again
for bad in "garbage" ""; do
	printf '%s' "$bad" > "$cat_file"
	runat "$P" report products --from 2026-01-01 --to 2026-12-31 --format csv
	same "$T/pg.year.csv" "$T/out" "a damaged kept catalogue ('${bad:-empty}') is read again from the hub"
done
# (the first row's province offset, bytes 40..43, far outside the text)
printf '\377\377\377\177' | dd of="$cat_file" bs=1 seek=40 conv=notrunc 2> /dev/null
runat "$P" report products --from 2026-01-01 --to 2026-12-31 --format csv
same "$T/pg.year.csv" "$T/out" "a kept catalogue pointing outside itself is read again from the hub"
# the hub's summaries count lines, not invoices: no "0 invoices" said
runat "$P" report products --from 2026-01-01 --to 2026-12-31
ok_out "Sales by product" "the products report on PostgreSQL as a table"
no_out "Invoices sold" "and no invoice count it cannot know (not a false 0)"
# no cache folder at all (no HOME, no XDG_CACHE_HOME): the same report
env -u HOME -u XDG_CACHE_HOME "$OCOP_POS" --lang en --db "$P" report products --from 2026-01-01 \
	--to 2026-12-31 --format csv > "$T/out" 2> "$T/err" < /dev/null
same "$T/pg.year.csv" "$T/out" "without a cache folder the report is the same"
# "SKU revenue quantity" lines in the report's own order
in_order() {
	sed '1s/^\xEF\xBB\xBF//' "$T/out" | tr -d '\r' > "$T/p.csv"
	sqlite3 :memory: ".import --csv $T/p.csv t" \
		"SELECT SKU || ' ' || Revenue || ' ' || Quantity FROM t WHERE SKU <> 'Total' ORDER BY rowid"
}
# the rows are sorted by the client (revenue, quantity, margin or SKU;
# ties by SKU, as the SQLite hub does)
for s in revenue qty margin key; do
	runat "$P" report products --from $FROM --to $TO --format csv --sort $s
	in_order > "$T/pg.order"
	runau "$HUB" report products --from $FROM --to $TO --format csv --sort $s
	in_order > "$T/sq.order"
	same "$T/sq.order" "$T/pg.order" "--sort $s: the same rows in the same order as the SQLite hub"
done
# filters: read on the catalogue and matched to the sums (every showroom),
# or at the sale (stars)
producer=$(psql_at prov "SELECT producer FROM product p WHERE EXISTS (SELECT 1 FROM sale_day d WHERE d.sku = p.sku) ORDER BY sku LIMIT 1")
group=$(psql_at prov "SELECT ocop_group FROM product p WHERE EXISTS (SELECT 1 FROM sale_day d WHERE d.sku = p.sku) ORDER BY sku LIMIT 1")
p="--from $FROM --to $TO"
for flt in "$p --province 48" "$p --producer $producer" "$p --group $group" "$p --stars 4" \
	"--from 2026-10-01 --to 2026-10-31 --stars 4" "$p --province 01 --showroom HN01"; do
	# shellcheck disable=SC2086
	runat "$P" report products --format csv $flt
	per_product > "$T/pg.f"
	# shellcheck disable=SC2086
	runau "$HUB" report products --format csv $flt
	per_product > "$T/sq.f"
	same "$T/sq.f" "$T/pg.f" "products $flt: PostgreSQL hub = SQLite hub ($(wc -l < "$T/pg.f") products)"
done
# a period of months then a whole year: sale_month_com and sale_year_com
runat "$P" report products --from 2025-06-01 --to 2026-12-31 --format csv
per_product > "$T/pg.span"
same "$T/sum.products" "$T/pg.span" "June 2025 to the end of 2026 (months, then a year) = the showrooms' sales"

runat "$P" report commercialization --from $FROM --to $TO --format csv
ok_rc 0 "commercialization on PostgreSQL"
unsold > "$T/pg.unsold"
runau "$HUB" report commercialization --from $FROM --to $TO --format csv
unsold > "$T/sq.unsold"
unsold > /dev/null
sqlite3 :memory: ".import --csv $T/c.csv t" "SELECT SKU || ' ' || Revenue || ' ' || \"Months with sales\" || ' ' || Showrooms FROM t ORDER BY SKU" > "$T/sq.com"
runat "$P" report commercialization --from $FROM --to $TO --format csv
unsold > /dev/null
sqlite3 :memory: ".import --csv $T/c.csv t" "SELECT SKU || ' ' || Revenue || ' ' || \"Months with sales\" || ' ' || Showrooms FROM t ORDER BY SKU" > "$T/pg.com"
same "$T/sq.com" "$T/pg.com" "commercialization: revenue, months and showrooms with sales agree"
same "$T/sq.unsold" "$T/pg.unsold" "never-sold products: PostgreSQL hub = SQLite hub ($(wc -l < "$T/pg.unsold"))"
# a whole calendar year reads sale_year_com alone (no sum per block first)
# and the rows are sorted here: the same rows, in the same order
com_rows() {
	sed '1s/^\xEF\xBB\xBF//' "$T/out" | tr -d '\r' > "$T/c.csv"
	sqlite3 :memory: ".import --csv $T/c.csv t" \
		"SELECT SKU || ' ' || Revenue || ' ' || \"Months with sales\" || ' ' || Showrooms || ' ' || \"No sales\" FROM t ORDER BY $1"
}
runat "$P" report commercialization --from 2026-01-01 --to 2026-12-31 --format csv
com_rows SKU > "$T/pg.comy"
com_rows rowid > "$T/pg.comy-order"
runau "$HUB" report commercialization --from 2026-01-01 --to 2026-12-31 --format csv
com_rows SKU > "$T/sq.comy"
com_rows rowid > "$T/sq.comy-order"
same "$T/sq.comy" "$T/pg.comy" "commercialization of a whole year: PostgreSQL hub = SQLite hub ($(wc -l < "$T/pg.comy") products)"
same "$T/sq.comy-order" "$T/pg.comy-order" "in the same order (the unsold first, more stars first; then by revenue; then by SKU)"

runat "$P" showroom list --format csv
ok_out "DN01,Điểm OCOP DN01,48,1,1," "showroom list: DN01 file 1"
before=$(psql_at prov "SELECT count(*) || '/' || (SELECT count(*) FROM stock_move) || '/' || (SELECT sum(amount) FROM sale_day) FROM sale")
runat "$P" import "$T/DN01-1.jsonl"
ok_rc 0 "the same file again is not an error"
ok_out "imported before" "says it was imported before"
ok_eq "$(psql_at prov "SELECT count(*) || '/' || (SELECT count(*) FROM stock_move) || '/' || (SELECT sum(amount) FROM sale_day) FROM sale")" "$before" "nothing added"
ok_eq "$(psql_at prov "SELECT sum(CASE WHEN s.kind = 'sale' THEN l.amount ELSE -l.amount END) FROM sale_line l JOIN sale s USING (showroom, uuid)")" "$(psql_at prov "SELECT sum(amount) FROM sale_day")" "sale_day sums the lines (refunds subtract)"
ok_eq "$(psql_at prov "SELECT sum(amount) FROM sale_day")" "$(psql_at prov "SELECT sum(amount) FROM sale_month")" "sale_month = sale_day"
ok_eq "$(psql_at prov "SELECT sum(amount) || '/' || sum(qty_milli) || '/' || sum(returns) FROM sale_month_all")" "$(psql_at prov "SELECT sum(amount) || '/' || sum(qty_milli) || '/' || sum(returns) FROM sale_month")" "sale_month_all = sale_month"
ok_eq "$(psql_at prov "SELECT count(*) FROM pg_inherits WHERE inhparent = 'sale_line'::regclass")" "$(psql_at prov "SELECT count(DISTINCT date_trunc('month', business_date)) FROM sale_line")" "one partition per business month of the lines"
# the views answer a read-only client
psql_at prov "CREATE ROLE lan LOGIN IN ROLE ocop_reader" > /dev/null
ok_eq "$(psql -X -A -t -h "$PG_SOCK_prov" -p "$PG_PORT_prov" -U lan -d ocop -c "SELECT sum(revenue) FROM v_month")" \
	"$(psql_at prov "SELECT sum(amount) FROM sale_month")" "role ocop_reader reads the views"
psql -X -A -t -h "$PG_SOCK_prov" -p "$PG_PORT_prov" -U lan -d ocop -c "DELETE FROM sale_day" > /dev/null 2> "$T/err"
ok_eq "$(grep -c 'permission denied' "$T/err")" "1" "and cannot change anything"

# trust cases re-signed with the showroom's own key (cmocka, against a fresh database)
psql_at prov "CREATE DATABASE trust" > /dev/null
if [ -x "${BUILD:-build/out}/tests/unit/test_pghub" ]; then
	OCOP_TEST_PG_URI="postgresql://postgres@/trust?host=$PG_SOCK_prov&port=$PG_PORT_prov" \
		"${BUILD:-build/out}/tests/unit/test_pghub" > "$T/trust.out" 2>&1
	rc=$?
	out=$(tail -n 20 "$T/trust.out")
	ok_rc 0 "trust cases on PostgreSQL (test_pghub)"
	ok_eq "$(grep -cE '^ok|\[       OK \]' "$T/trust.out")" "$(grep -c 'cmocka_unit_test' "$OCOP_SRC/tests/unit/test_pghub.c")" "every trust test ran"
fi

# national server: two provinces forward their verified files
pg_start prov2 || { echo "not ok - second province cluster"; exit 1; }
pg_start nation || { echo "not ok - national cluster"; exit 1; }
P2=$PG_URI_prov2
N=$PG_URI_nation
runat "$P2" init --showroom DN --name "Sở Công Thương Đà Nẵng" --province 48 --province-hub
runat "$T/DN02.db" init --showroom DN02 --name "Điểm OCOP DN02" --province 48
runat "$T/DN02.db" demo --days 30 --seed 7
runat "$T/DN02.db" showroom key
runat "$P2" showroom register DN02 --key "${out#* }"
ok_rc 0 "second province registers DN02"
runau "$T/DN02.db" export --out "$T/DN02-1.jsonl"
runat "$P2" import "$T/DN02-1.jsonl"
ok_rc 0 "second province imports DN02"
runau "$T/DN02.db" report products --from $FROM --to $TO --format csv
per_product > "$T/DN02.products"

runat "$N" init --showroom VN --name "Văn phòng Điều phối OCOP quốc gia" --province 01 --province-hub
ok_rc 0 "national server created"
# the national server reads the province as ocop_reader (lan), no more
PR="postgresql://lan@/ocop?host=$PG_SOCK_prov&port=$PG_PORT_prov"
# the countersignature: no key registered for the province yet -> refused, nothing written
runat "$N" hub forward --from "$PR"
ok_rc 1 "a province without a registered key is refused"
ok_err "no key is registered for province TQ" "says the province's key is not registered"
ok_eq "$(psql_at nation "SELECT count(*) FROM sale")/$(psql_at nation "SELECT count(*) FROM batch_in")" "0/0" "nothing written"
runat "$P" hub key
ok_rc 0 "the province prints its key"
pkey=${out#* }
ok_eq "${out%% *}" "TQ" "the line starts with the province's code"
runat "$P" hub key
ok_eq "${out#* }" "$pkey" "the same key the second time"
ok_eq "$(psql -X -A -t -h "$PG_SOCK_prov" -p "$PG_PORT_prov" -U lan -d ocop -c "SELECT count(*) FROM hub_key" 2>&1 | grep -c 'permission denied')" "1" "ocop_reader cannot read the province's secret key"
runat "$P2" hub key
p2key=${out#* }
# a wrong key for TQ (province 2's): every countersignature of TQ fails
runat "$N" hub register TQ --key "$p2key"
ok_rc 0 "a key registered for TQ"
runat "$N" hub forward --from "$PR"
ok_rc 1 "files countersigned by another key are refused"
ok_err "province TQ's countersignature does not verify" "says the countersignature does not verify"
ok_eq "$(psql_at nation "SELECT count(*) FROM batch_in")" "0" "nothing written"
runat "$N" hub register TQ --key "$pkey"
ok_rc 1 "a different key over TQ's is refused"
ok_err "--replace-key" "says how to replace it"
runat "$N" hub register TQ --key "$pkey" --replace-key
ok_rc 0 "replaced with --replace-key (a superuser)"
ok_eq "$(psql_at nation "SELECT action || ' ' || doc || ' ' || who FROM audit")" "province_key TQ postgres" "the replacement is audited"
runat "$N" hub register DN --key "$p2key"
runat "$N" hub forward --from "$PR"
ok_rc 0 "province 1 forwards its files (read as ocop_reader)"
ok_out "3 file(s)" "three files forwarded"
ok_eq "$(psql_at nation "SELECT count(*) FROM batch_in WHERE via = 'TQ' AND via_sig IS NOT NULL")" "3" "each kept with its countersignature"
# a file imported before countersigning existed: refused until `hub key` signs it
psql_at prov2 "UPDATE batch_in SET countersig = NULL" > /dev/null
runat "$N" hub forward --from "$P2"
ok_rc 1 "a file without the province's countersignature is refused"
ok_err "has not countersigned" "says so"
runat "$P2" hub key
ok_eq "$(psql_at prov2 "SELECT count(*) FROM batch_in WHERE countersig IS NULL")" "0" "hub key countersigns the files imported before"
runat "$N" hub forward --from "$P2"
ok_rc 0 "province 2 forwards its files"
runat "$N" hub forward --from "$PR"
ok_out "0 file(s)" "forwarding again sends nothing"
runat "$N" report products --from $FROM --to $TO --format csv
per_product > "$T/nation.products"
cat "$T/pg.products" "$T/DN02.products" |
	awk '{s[$1] += $2} END {for (k in s) print k, s[k]}' | sort > "$T/sum2.products"
same "$T/sum2.products" "$T/nation.products" "national per-product totals = the two provinces' added up"
ok_eq "$(psql_at nation "SELECT count(*) FROM sale")" "$(( $(psql_at prov "SELECT count(*) FROM sale") + $(psql_at prov2 "SELECT count(*) FROM sale") ))" "every sale reached the national server"
runat "$N" report commercialization --from $FROM --to $TO --format csv
unsold > "$T/nation.unsold"
for c in DN01 HN01 TQ01 DN02; do
	sqlite3 "$T/$c.db" "SELECT sku FROM product WHERE active = 1"
done | LC_ALL=C sort -u > "$T/offered"
for c in DN01 HN01 TQ01 DN02; do cut -d' ' -f1 "$T/$c.products"; done | LC_ALL=C sort -u > "$T/sold"
LC_ALL=C comm -23 "$T/offered" "$T/sold" > "$T/expect.unsold"
LC_ALL=C sort "$T/nation.unsold" > "$T/nation.unsold.s"
same "$T/expect.unsold" "$T/nation.unsold.s" "national never-sold = offered somewhere, sold nowhere"
