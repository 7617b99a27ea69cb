#!/usr/bin/env bash
# Issue 12, item 7 (core and parsers): over-long codes were cut to 32
# characters, "Mat\u0000ong" was stored as "Mat", a key given twice took
# the first value, U+202E passed in a name, and a name like
# =HYPERLINK("http://x") went back out of a CSV export as a formula.  Each
# is refused (exit 1, the reason, the record's position, nothing written)
# or neutralised.
. "$(dirname "$0")/lib.sh"
export OCOP_POS_NOW=2026-11-22T01:00:00Z
setup_shop
RLO=$(printf '\u202e')
before=$(dbhash)

# ---- over-long codes ----------------------------------------------------------
runin 1111 producer add --user admin ABCDEFGHIJABCDEFGHIJABCDEFGHIJABC --name "HTX dài" --kind cooperative --province 48
ok_rc 1 "producer add: a 33-character code is refused"
ok_err "is longer than 32 characters (33)" "and the message says so"
runin 1111 product add --user admin "$(head -c 120000 /dev/zero | tr '\0' A)" --name "Dài" --producer HTX-A --price 1000 --group 1 --stars 3
ok_rc 1 "product add: a 120,000-character code is refused"
ok_err "is longer than 32 characters (120000)" "with its length"

# ---- a right-to-left override in a name --------------------------------------
runin 1111 producer add --user admin HTX-B --name "Mật${RLO}gnô" --kind cooperative --province 48
ok_rc 1 "a name holding U+202E is refused"
ok_err "direction override" "the message names the character class"
runin 1111 product edit --user admin MO-1 --name "Mật ong ${RLO}x"
ok_rc 1 "product edit refuses it too"
same_db "$before" "nothing of the refused commands was written"

# ---- catalogue JSON: NUL, a key twice, an override -----------------------------
cat_json() {
	printf '{"format":"ocop-pos/catalog","version":1,"producers":[{"code":"HTX-A","name":"HTX A","kind":"cooperative","province":"48"}],\n"products":[{"sku":"MO-1","name":"Mật ong","producer":"HTX-A","group":1,"stars":4,"price":150000},\n%s]}\n' "$1" > "$T/cat.json"
}
cat_json '{"sku":"MO-9","name":"Mat\u0000ong","producer":"HTX-A","group":1,"stars":4,"price":1000}'
runin 1111 catalog import --user admin "$T/cat.json"
ok_rc 1 "catalogue: \\u0000 inside a name is refused"
ok_err "line 3, column" "with its line and column"
ok_err "NUL character" "and the reason"
cat_json '{"sku":"MO-9","name":"Mật ong","producer":"HTX-A","group":1,"stars":4,"price":1,"price":340000}'
runin 1111 catalog import --user admin "$T/cat.json"
ok_rc 1 "catalogue: a key given twice is refused"
ok_err 'products[1] (sku "MO-9"): the key "price" is given twice' "with the record's position"
cat_json "{\"sku\":\"MO-9\",\"name\":\"Mật ong\",\"producer\":\"HTX-A\",\"group\":1,\"stars\":4,\"price\":1000,\"product_set\":\"1${RLO}2\"}"
runin 1111 catalog import --user admin "$T/cat.json"
ok_rc 1 "catalogue: U+202E in any text is refused"
ok_err 'products[1] (sku "MO-9")' "with the record's position"
same_db "$before" "no refused catalogue wrote anything"

# ---- CSV and XLSX: formulas are shown, not run --------------------------------
cp "$DB" "$T/shop.db"
runin 1111 product add --user admin LINK-1 --name '=HYPERLINK("http://x")' --producer HTX-A --price 1000 --group 1 --stars 3
ok_rc 0 "a name beginning with = is a name"
runin 1111 product add --user admin -- -SALE --name '@SUM(1+1)' --producer HTX-A --price 1000 --group 1 --stars 3
runin 1111 catalog export --user admin --format csv
ok_rc 0 "catalogue CSV export"
ok_out "\"'=HYPERLINK(\"\"http://x\"\")\"" "the = cell is written behind a ' (OWASP)"
no_out ',=HYPERLINK' "never as a bare formula"
printf '%s\n' "$out" > "$T/cat.csv"
run product list --format csv
ok_out "\"'=HYPERLINK(\"\"http://x\"\")\"" "table CSV output too"
runin 2222 stock receive LINK-1 2 --cost 500 --user quanly
runin 1234 sale --user thungan --scan LINK-1 --pay cash
runin 1111 report products --user admin --from 2026-11-01 --to 2026-11-30 --format csv
ok_out "'=HYPERLINK" "report CSV too"
ok_match ',-?[0-9]+' "plain numbers stay numbers"
# the catalogue CSV goes back in unchanged (the ' comes off)
h=$(dbhash)
runin 1111 catalog import --user admin "$T/cat.csv"
ok_rc 0 "the exported CSV imports again"
ok_eq "$(sqlite3 "$DB" "SELECT name FROM product WHERE sku = 'LINK-1'")" '=HYPERLINK("http://x")' \
	"and the name is what it was"
ok_eq "$(dbhash)" "$h" "re-importing the export changes nothing"
if command -v unzip > /dev/null; then
	runin 1111 report products --user admin --from 2026-11-01 --to 2026-11-30 --format xlsx --out "$T/r.xlsx"
	ok_rc 0 "XLSX report"
	# constant-memory workbooks keep strings inline: a text cell, t="inlineStr"
	unzip -p "$T/r.xlsx" 'xl/worksheets/*.xml' | grep -q 't="inlineStr"><is><t>=HYPERLINK'
	_tap $? "XLSX: the name is a string cell (text)"
	! unzip -p "$T/r.xlsx" 'xl/worksheets/*.xml' | grep -q '<f>'
	_tap $? "XLSX: no formula in any sheet"
fi
echo "1..$_n"
