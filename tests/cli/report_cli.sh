#!/usr/bin/env bash
# report command: every grouping, formats (table, CSV with BOM, JSON, XLSX
# read back by unzipping), totals reconciled with the sale lines in the
# database, commercialization, consignment statements, bad input.
. "$(dirname "$0")/lib.sh"
export OCOP_POS_NOW=2026-11-22T03:00:00Z
FROM=2026-10-01
TO=2026-11-22

run init --showroom DN01 --name "Điểm OCOP Đà Nẵng" --province 48
run demo --days 30 --seed 3
ok_rc 0 "demo showroom with 30 days of sales"

# the sales in the database, signed by kind, for the period
sql_total() {
	sqlite3 "$DB" "SELECT coalesce(sum(CASE s.kind WHEN 'sale' THEN sl.amount ELSE -sl.amount END), 0)
		FROM sale_line sl JOIN sale s ON s.id = sl.sale_id WHERE sl.business_date BETWEEN '$1' AND '$2' $3"
}
want=$(sql_total $FROM $TO "")

for g in products producers provinces groups stars daily weekly monthly; do
	run report $g --from $FROM --to $TO --format csv
	ok_rc 0 "report $g (csv)"
	# the total row's revenue, and the sum of the rows' revenue
	col=$(head -n 1 "$T/out" | tr -d '\r' | sed 's/^\xEF\xBB\xBF//' | tr ',' '\n' | grep -n '^Revenue$' | cut -d: -f1)
	tot=$(tail -n 1 "$T/out" | tr -d '\r' | awk -F, -v c="$col" '{print $c}')
	sum=$(sed 1d "$T/out" | sed '$d' | tr -d '\r' | awk -F, -v c="$col" '{s += $c} END {print s + 0}')
	ok_eq "$tot" "$want" "report $g: the total is the sales of the period"
	if [ "$g" != products ] && [ "$g" != producers ] && [ "$g" != provinces ] && [ "$g" != groups ]; then
		ok_eq "$sum" "$want" "report $g: the rows add up to the total"
	fi
done

run report products --from $FROM --to $TO
ok_rc 0 "products as a table"
ok_out "Sales by product" "table title"
ok_out "Programme shares" "programme shares table"
ok_match "^Total " "a total row"

# CSV for Excel: BOM, Vietnamese text, integer money
run report products --from $FROM --to $TO --format csv
first=$(head -c 3 "$T/out" | od -An -tx1 | tr -d ' ')
ok_eq "$first" "efbbbf" "CSV starts with a UTF-8 BOM"
ok_match "Mật ong|Cà phê|Gạo|Chè|Nước mắm" "CSV keeps Vietnamese names"
no_out "₫" "CSV money is a bare number"
run report products --from $FROM --to $TO --format csv --table programme
ok_out "Households" "--table picks another table"
run report products --from $FROM --to $TO --format csv --table nope
ok_rc 2 "--table with an unknown name"
ok_err "programme" "the message lists the tables"

run report provinces --from $FROM --to $TO --format json
ok_rc 0 "JSON"
ok_match '"report":[[:space:]]+"provinces"' "JSON names the report"
ok_out '"cooperative_pct":' "JSON has the programme shares"
ok_match "\"revenue\":[[:space:]]+$want,?\$" "JSON total revenue is a number equal to the sales"

# the owner filter: shop's goods + consigned goods = everything
run report products --from $FROM --to $TO --owner shop --format csv
shop=$(tail -n 1 "$T/out" | tr -d '\r' | awk -F, '{print $7}')
run report products --from $FROM --to $TO --owner consigned --format csv
cons=$(tail -n 1 "$T/out" | tr -d '\r' | awk -F, '{print $7}')
ok_eq "$((shop + cons))" "$want" "shop-owned + consigned = all sales"

# filters: one showroom, a province of origin, a producer kind
run report products --from $FROM --to $TO --showroom DN01 --format csv
ok_eq "$(tail -n 1 "$T/out" | tr -d '\r' | awk -F, '{print $7}')" "$want" "--showroom DN01 is everything here"
run report products --from $FROM --to $TO --showroom HN01 --format csv
ok_eq "$(tail -n 1 "$T/out" | tr -d '\r' | awk -F, '{print $7}')" "0" "--showroom of another showroom is empty"
run report producers --from $FROM --to $TO --kind HTX
ok_rc 0 "--kind HTX (cooperatives)"
run report products --from $FROM --to $TO --province "Hà Giang" --sort qty
ok_rc 0 "--province by a legacy name, --sort qty"

# XLSX: a sheet per grouping and a chart sheet, numbers typed
run report monthly --from 2026-01-01 --to $TO --format xlsx
ok_rc 2 "xlsx needs --out"
run report products --from $FROM --to $TO --format xlsx --out "$T/r.xlsx"
ok_rc 0 "xlsx written"
ok_out "sheets" "says how many sheets"
list=$(unzip -l "$T/r.xlsx")
case $list in *xl/chartsheets/sheet1.xml*) _tap 0 "xlsx has a chart sheet" ;; *) _tap 1 "xlsx has a chart sheet" ;; esac
case $list in *xl/worksheets/sheet7.xml*) _tap 0 "xlsx has a sheet per grouping" ;; *) _tap 1 "xlsx has a sheet per grouping" ;; esac
out=$(unzip -p "$T/r.xlsx" xl/worksheets/sheet1.xml)
ok_match "<v>$want</v>" "the products sheet holds the total as a number"
out=$(unzip -p "$T/r.xlsx" 'xl/worksheets/sheet*.xml')   # strings inline (constant memory)
ok_match "Mật ong|Cà phê|Gạo" "the workbook keeps Vietnamese text"

# commercialization: products without sales first
run report commercialization --from 2026-11-01 --to $TO --format csv
ok_rc 0 "commercialization"
ok_eq "$(sed -n 2p "$T/out" | awk -F, '{print $9}')" "NO SALES" "3★+ products without sales come first"
run report commercialization --from 2026-11-01 --to $TO
ok_out "Rating upgrades in the period" "rating upgrades are listed"

# consignment: a statement, once; paid, once
run report consignment --from $FROM --to $TO --format csv
ok_rc 0 "consignment report"
prod=$(sed -n 2p "$T/out" | awk -F, '{print $1}')
pay=$(sed -n 2p "$T/out" | tr -d '\r' | awk -F, '{print $11}')
runin 1234 report consignment --producer "$prod" --from $FROM --to $TO --statement --user thungan
ok_rc 1 "a cashier may not settle"
runin 2222 report consignment --producer "$prod" --from $FROM --to $TO --statement --user quanly
ok_rc 0 "statement created"
ok_out "Consignment statement CS-1" "statement number"
ok_out "$(printf '%s' "$pay" | sed ':a;s/\B[0-9]\{3\}\>/.&/;ta') ₫" "payable as in the report"
runin 2222 report consignment --producer "$prod" --from 2026-11-01 --to 2026-11-30 --statement --user quanly
ok_rc 1 "an overlapping statement is refused"
ok_err "already covers" "says why"
run report consignment-paid CS-1 --reference "UNC 0042" --user quanly
ok_rc 1 "paying needs the PIN"
runin 2222 report consignment-paid CS-1 --reference "UNC 0042" --user quanly
ok_rc 0 "statement paid"
runin 2222 report consignment-paid 1 --reference "again" --user quanly
ok_rc 1 "paid only once"
run report statement CS-1
ok_out "Paid on" "the statement shows the payment"
run report statements --format csv
ok_out "UNC 0042" "statements list"
n=$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action IN ('consign_statement', 'consign_paid')")
ok_eq "$n" "2" "statement and payment audited"

# bad input: clear message, exit 1 or 2
run report products --from 2026-13-01 --to $TO
ok_rc 1 "a wrong date"
ok_err "2026-13-01" "names the date"
run report products --from $TO --to $FROM
ok_rc 1 "from after to"
run report nonsense
ok_rc 2 "unknown report"
run report products --sort price
ok_rc 2 "unknown sort"
run report products --format pdf
ok_rc 2 "unknown format"
run report products --producer NOPE
ok_rc 1 "unknown producer"
ok_err "NOPE" "names the producer"
run report products --stars 7
ok_rc 1 "stars out of range"
run report --help
ok_rc 0 "--help"
ok_out "commercialization" "help lists the reports"

# Vietnamese by default
"$OCOP_POS" --db "$DB" report provinces --from $FROM --to $TO > "$T/out" 2>&1
out=$(cat "$T/out")
ok_out "Doanh thu" "Vietnamese headers by default"
