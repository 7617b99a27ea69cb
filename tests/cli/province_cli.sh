#!/usr/bin/env bash
# province consolidation: three demo showrooms export their files, a hub
# registers their keys and imports them; the hub's per-product totals are
# the three showrooms' own added up; refused: unknown, tampered, truncated
# and out-of-sequence files (nothing written); the same file twice adds
# nothing; the hub sells nothing.
. "$(dirname "$0")/lib.sh"
export OCOP_POS_NOW=2026-11-22T03:00:00Z
FROM=2026-10-01
TO=2026-11-22
HUB=$T/hub.db

# runat DB ARGS...: like run, on another database
runat() {
	local db=$1; shift
	"$OCOP_POS" --lang en --db "$db" "$@" > "$T/out" 2> "$T/err" < /dev/null
	rc=$?
	out=$(cat "$T/out"); err=$(cat "$T/err")
}
runatin() {
	local input=$1 db=$2; shift 2
	printf '%s\n' "$input" | "$OCOP_POS" --lang en --db "$db" "$@" > "$T/out" 2> "$T/err"
	rc=$?
	out=$(cat "$T/out"); err=$(cat "$T/err")
}
# per-product revenue of a report in CSV: "SKU revenue" lines, sorted
# (sqlite3 reads the CSV: names may hold quoted commas)
per_product() {
	sed '1s/^\xEF\xBB\xBF//' "$T/out" | tr -d '\r' > "$T/p.csv"
	sqlite3 :memory: ".import --csv $T/p.csv t" \
		"SELECT SKU || ' ' || Revenue FROM t WHERE SKU <> 'Total' ORDER BY SKU"
}

# the SKUs a commercialization report (CSV) flags "NO SALES", sorted
unsold() {
	sed '1s/^\xEF\xBB\xBF//' "$T/out" | tr -d '\r' > "$T/c.csv"
	sqlite3 :memory: ".import --csv $T/c.csv t" \
		"SELECT SKU FROM t WHERE \"No sales\" <> '' ORDER BY SKU"
}

# the SKUs it shows as sold
sold() {
	sqlite3 :memory: ".import --csv $T/c.csv t" "SELECT SKU FROM t WHERE \"No sales\" = ''" |
		LC_ALL=C sort
}

runat "$HUB" init --showroom TQ --name "Sở Nông nghiệp và Môi trường Tuyên Quang" --province 08 --province-hub
ok_rc 0 "hub created"
seed=1
for sr in DN01:48 HN01:01 TQ01:08; do
	code=${sr%%:*}; prov=${sr##*:}
	db=$T/$code.db
	runat "$db" init --showroom "$code" --name "Điểm OCOP $code" --province "$prov"
	runat "$db" demo --days 30 --seed $seed
	ok_rc 0 "demo showroom $code"
	seed=$((seed + 1))
	runat "$db" showroom key
	ok_match "^$code [A-Za-z0-9+/]{43}=$" "$code prints its code and public key"
	key=${out#* }
	runat "$db" export --out "$T/$code-1.jsonl"
	ok_rc 0 "$code exports file 1"
	ok_out "exchange file 1 of $code" "the file is number 1"
	runat "$db" report products --from $FROM --to $TO --format csv
	per_product > "$T/$code.products"
	runat "$db" report commercialization --from $FROM --to $TO --format csv
	unsold > "$T/$code.unsold"
	sold > "$T/$code.sold"
	[ "$code" = TQ01 ] && continue       # registered later: the unknown-showroom case
	runat "$HUB" showroom register "$code" --key "$key"
	ok_rc 0 "hub registers $code"
done

# unknown showroom: refused, nothing written
runat "$HUB" import "$T/TQ01-1.jsonl"
ok_rc 1 "a file from an unregistered showroom is refused"
ok_err "not registered" "says the showroom is not registered"
ok_eq "$(sqlite3 "$HUB" 'SELECT count(*) FROM sale')" "0" "nothing was written"
runat "$T/TQ01.db" showroom key
runat "$HUB" showroom register TQ01 --key "${out#* }"

# tampered and truncated copies: refused, nothing written
sed 's/"amount":\([1-9]\)/"amount":9\1/' "$T/DN01-1.jsonl" > "$T/tampered.jsonl"
runat "$HUB" import "$T/tampered.jsonl"
ok_rc 1 "a changed file is refused"
ok_err "signature does not match" "says the signature does not match"
head -c 5000 "$T/DN01-1.jsonl" > "$T/truncated.jsonl"
runat "$HUB" import "$T/truncated.jsonl"
ok_rc 1 "a truncated file is refused"
ok_err "truncated" "says it is truncated"
ok_eq "$(sqlite3 "$HUB" 'SELECT count(*) FROM sale')" "0" "still nothing written"

# the three files, in any order
runat "$HUB" import "$T/TQ01-1.jsonl" "$T/HN01-1.jsonl" "$T/DN01-1.jsonl"
ok_rc 0 "hub imports the three files"
ok_out "file 1 of DN01 imported" "DN01 imported"
runat "$HUB" report products --from $FROM --to $TO --format csv
per_product > "$T/hub.products"
cat "$T/DN01.products" "$T/HN01.products" "$T/TQ01.products" |
	awk '{s[$1] += $2} END {for (k in s) print k, s[k]}' | sort > "$T/sum.products"
if diff "$T/sum.products" "$T/hub.products" > "$T/diff"; then
	_tap 0 "hub per-product totals = the three showrooms' reports added up"
else
	_tap 1 "hub per-product totals = the three showrooms' reports added up"; head "$T/diff" | sed 's/^/#   /'
fi
ok_eq "$(wc -l < "$T/hub.products")" "$(wc -l < "$T/sum.products")" "same number of products"
runat "$HUB" report products --from $FROM --to $TO --format csv --showroom HN01
per_product > "$T/hub-hn.products"
if diff -q "$T/HN01.products" "$T/hub-hn.products" > /dev/null; then
	_tap 0 "--showroom HN01 at the hub = HN01's own report"
else
	_tap 1 "--showroom HN01 at the hub = HN01's own report"
fi
runat "$HUB" report provinces --from $FROM --to $TO --showroom DN01
ok_rc 0 "roll-ups work across showrooms"
runat "$HUB" report commercialization --from $FROM --to $TO --format csv
ok_rc 0 "commercialization at the hub"
ok_match ",3,[0-9]+[[:space:]]*$" "some product sold in the three showrooms"
# never sold at the hub = offered (active) at some showroom and sold at none
# (files carry the whole catalogue each showroom offers, sold or not)
unsold > "$T/hub.unsold"
for c in DN01 HN01 TQ01; do
	sqlite3 "$T/$c.db" "SELECT sku FROM product WHERE active = 1"
done | LC_ALL=C sort -u > "$T/offered"
cat "$T/DN01.sold" "$T/HN01.sold" "$T/TQ01.sold" | LC_ALL=C sort -u > "$T/sold"
LC_ALL=C comm -23 "$T/offered" "$T/sold" > "$T/expect.unsold"
ok_eq "$(wc -l < "$T/DN01.unsold")" "$(sqlite3 "$T/DN01.db" "SELECT count(*) FROM product WHERE active = 1 AND id NOT IN (SELECT product_id FROM sale_line)")" "DN01's unsold list is its catalogue less what it sold"
if [ -s "$T/hub.unsold" ] && diff "$T/expect.unsold" "$T/hub.unsold" > "$T/diff"; then
	_tap 0 "the hub's never-sold products = offered somewhere, sold nowhere ($(wc -l < "$T/hub.unsold"))"
else
	_tap 1 "the hub's never-sold products = offered somewhere, sold nowhere"; head "$T/diff" | sed 's/^/#   /'
fi
runat "$HUB" showroom list --format csv
ok_out "DN01,Điểm OCOP DN01,48,1,1," "showroom list: DN01 file 1"

# the same file again adds nothing
before=$(sqlite3 "$HUB" 'SELECT count(*) || "/" || (SELECT count(*) FROM stock_move) FROM sale')
runat "$HUB" import "$T/DN01-1.jsonl"
ok_rc 0 "importing a file twice is not an error"
ok_out "imported before" "says it was imported before"
ok_eq "$(sqlite3 "$HUB" 'SELECT count(*) || "/" || (SELECT count(*) FROM stock_move) FROM sale')" "$before" "nothing added"

# more sales at DN01: files 2 and 3; 3 before 2 is refused
db=$T/DN01.db
runatin 1234 "$db" shift open --user thungan --float 500000
sku=$(sqlite3 "$db" "SELECT p.sku FROM product p JOIN stock_balance b ON b.product_id = p.id WHERE b.on_hand_milli >= 3000 AND p.is_service = 0 ORDER BY p.sku LIMIT 1")
runatin 1234 "$db" sale --user thungan --scan "$sku" --pay cash
ok_rc 0 "a new sale at DN01"
runat "$db" export --out "$T/DN01-2.jsonl"
runatin 1234 "$db" sale --user thungan --scan "$sku*2" --pay cash
runat "$db" export --out "$T/DN01-3.jsonl"
ok_out "exchange file 3 of DN01" "file 3"
runat "$HUB" import "$T/DN01-3.jsonl"
ok_rc 1 "file 3 before file 2 is refused"
ok_err "out of sequence" "says out of sequence"
ok_err "import files 2 to 2 first" "says which file is missing"
runat "$HUB" import "$T/DN01-2.jsonl" "$T/DN01-3.jsonl"
ok_rc 0 "files 2 and 3 in order"
runat "$db" report products --from $FROM --to $TO --format csv --showroom DN01
per_product > "$T/DN01.products"
runat "$HUB" report products --from $FROM --to $TO --format csv --showroom DN01
per_product > "$T/hub-dn.products"
if diff -q "$T/DN01.products" "$T/hub-dn.products" > /dev/null; then
	_tap 0 "after files 2 and 3 the hub matches DN01"
else
	_tap 1 "after files 2 and 3 the hub matches DN01"
fi
runat "$HUB" db check
ok_rc 0 "hub database check passes"

# the hub sells nothing and does not export; a showroom does not import
runatin 1111 "$HUB" user add admin --role admin
runatin 1111 "$HUB" shift open --user admin --float 0
ok_rc 1 "no shift opens at the hub"
ok_err "does not sell" "says the hub does not sell"
runat "$HUB" export --out "$T/hub.jsonl"
ok_rc 1 "a hub does not export"
runat "$db" import "$T/HN01-1.jsonl"
ok_rc 1 "a showroom does not import"
ok_err "province-hub" "says where to import"
runat "$db" export
ok_rc 2 "export needs --out"
