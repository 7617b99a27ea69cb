#!/usr/bin/env bash
# issue 14 (receipts, reports, customers): OCOP stars on paper only while
# the certificate is valid on the sale's date; reports count invoices
# apart from lines, never add kilograms to pieces, and show the last sale
# inside the period; customers (see the second half).
. "$(dirname "$0")/lib.sh"
export OCOP_POS_NOW=2026-11-22T03:00:00Z

run init --showroom DN01 --name "Điểm OCOP Đà Nẵng" --province 48
runin 1111 user add admin --role admin
runin $'1234\n1111' user add thungan --role cashier --by admin
runin $'2222\n1111' user add quanly --role manager --by admin
run producer add HTX-A --name "HTX Mật ong Mèo Vạc" --kind HTX --province 08
run product add MO-001 --name "Mật ong bạc hà Mèo Vạc" --producer HTX-A --group 1 --stars 4 \
	--price 185000 --vat 5 --barcode 8931234500016 --unit hũ --cert-issued 2025-01-15
run product add BO-001 --name "Thịt bò khô Đồng Văn" --producer HTX-A --group 1 --stars 4 \
	--price 180000 --vat 8 --unit gói --cert-issued 2023-11-15 --cert-expires 2026-11-15
run product add GAO-01 --name "Gạo ST25" --producer HTX-A --group 1 --stars 5 --price 33000 \
	--vat KCT --unit kg --cert-issued 2025-01-15
runin 2222 stock receive MO-001 20 --cost 120000 --user quanly
runin 2222 stock receive BO-001 10 --cost 120000 --user quanly
runin 2222 stock receive GAO-01 50 --cost 20000 --user quanly
ok_rc 0 "stock received"
runin 1234 shift open --user thungan --float 500000
ok_rc 0 "shift opened"

# --- item 7: stars only while the certificate is valid ----------------------
runin 1234 sale --user thungan --scan MO-001*2 --scan BO-001 --scan GAO-01*1,5 --pay cash:1000000
ok_rc 0 "a sale of honey, lapsed beef and rice"
no=DN01-01-2026-000001
run receipt show $no
ok_out "1. Mật ong bạc hà Mèo Vạc ★★★★" "a valid certificate prints its stars"
ok_out "2. Thịt bò khô Đồng Văn" "the lapsed product is on the receipt"
no_out "Thịt bò khô Đồng Văn ★" "but without stars: its certificate expired 15/11/2026"
runin 1234 sale --user thungan --scan MO-001 --pay cash:200000
ok_rc 0 "a second invoice the same day"

# a sale in December: outside a November report
OCOP_POS_NOW=2026-12-05T03:00:00Z runin 1234 sale --user thungan --scan MO-001 --pay cash:200000
ok_rc 0 "a sale in December"

# --- item 8: invoices, quantities per unit, last sale in the period --------
run report products --from 2026-11-01 --to 2026-11-30
ok_rc 0 "November products report"
ok_out "Invoices sold: 2" "two invoices (four lines)"
run report products --from 2026-11-01 --to 2026-11-30 --format csv
ok_out "Lines sold" "the line count says what it counts"
total=$(printf '%s\n' "$out" | grep '^Total,')
[ -n "$total" ]; _tap $? "the CSV has a total row"
ok_eq "$(printf '%s' "$total" | cut -d, -f6)" "" "no quantity total over hũ, gói and kg"
ok_eq "$(printf '%s\n' "$out" | grep '^MO-001,' | cut -d, -f6)" "3" "a product's own quantity stays"
run report products --from 2026-11-01 --to 2026-11-30 --format json
ok_match '"invoices":[[:space:]]+2,' "JSON has the invoice count"
run report products --from 2026-11-01 --to 2026-11-30 --producer HTX-A --format csv
ok_rc 0 "filtered by producer"
run report commercialization --from 2026-11-01 --to 2026-11-30 --format csv
ok_match '^MO-001,.*2026-11-22' "last sale of a November report is in November"
no_out "2026-12-05" "not the December sale"
run report commercialization --from 2026-11-01 --to 2026-12-31 --format csv
ok_out "2026-12-05" "a report through December shows it"

# --- item 24: customers -------------------------------------------------------
runin $'3333\n1111' user add kiemtoan --role auditor --by admin
runin 1234 customer add --phone "+84 912 345 678" --name "Trần Thị Hoa" --tax-code 079123456789 \
	--email hoa@example.vn --user thungan
ok_rc 0 "a cashier adds a customer at the till"
ok_out "KH000001" "the customer gets a number"
ok_out "0912345678" "+84 becomes 0"
runin 1234 customer add --phone 0912345678 --name "Someone else" --user thungan
ok_rc 1 "the phone is the key: no second customer with it"
runin 1234 customer add --phone 12345 --name "X" --user thungan
ok_rc 1 "not a phone number"
runin 1234 customer add --phone 0987654321 --name "Công ty TNHH Hoa Sen" --tax-code 0100109107 \
	--user thungan
ok_rc 1 "an MST with a wrong check digit is refused"
runin 1234 customer add --phone 0987654321 --name "Công ty TNHH Hoa Sen" --tax-code 0100109106 \
	--address "12 Trần Phú, Đà Nẵng" --user thungan
ok_rc 0 "an enterprise with its MST"

# attached to a sale: the buyer fields of the e-invoice
runin 1234 sale --user thungan --scan MO-001 --customer 0912345678 --pay cash:200000
ok_rc 0 "a sale for the customer"
ok_out "Trần Thị Hoa" "the buyer's name is on the sale"
ok_out "079123456789" "the CCCD is the buyer's tax code"
ok_out "0912345678 hoa@example.vn" "contact: phone and e-mail"
ok_out "0 points earned" "loyalty is off by default"
cno=$(printf '%s\n' "$out" | grep -o 'DN01-01-2026-[0-9]*' | head -1)

# loyalty: configurable, admin only
runin 1234 customer loyalty --earn 1 --value 10 --user thungan
ok_rc 1 "a cashier cannot switch loyalty on"
runin 1111 customer loyalty --earn 1 --value 10 --user admin
ok_rc 0 "the admin switches it on"
ok_out "1 per 1.000 ₫" "and it says so"
runin 1234 sale --user thungan --scan MO-001 --customer 0912345678 --pay cash:200000
ok_out "185 points earned" "185.000 ₫ earns 185 points"
runin 1234 sale --user thungan --scan MO-001 --customer 0912345678 --redeem 100 --pay cash:200000
ok_rc 0 "100 points redeemed"
ok_out "184.000" "as a 1.000 ₫ discount"
ok_out "184 points earned, 100 redeemed" "points on the discounted total"
runin 1234 sale --user thungan --scan MO-001 --customer 0912345678 --redeem 100000 --pay cash:200000
ok_rc 1 "not more points than the customer has"

# purchase history
runin 1234 customer show 0912345678 --user thungan
ok_rc 0 "customer show"
ok_out "Purchases:" "the summary"
ok_out "$cno" "the first sale is in the history"
ok_match "Points: +269" "points balance 185 + 184 - 100"
runin 1234 customer show 0900000000 --user thungan
ok_rc 1 "an unknown phone"

# personal data only for those who need it
runin 1234 customer list --personal --user thungan
ok_rc 1 "a cashier does not list everybody's personal data"
runin 3333 customer list --user kiemtoan
ok_rc 0 "the auditor sees a masked list"
ok_out "091****678" "phones masked"
no_out "Trần Thị Hoa" "no names"
runin 3333 customer list --personal --user kiemtoan
ok_rc 1 "and never the personal data"
runin 2222 customer list "tran thi" --personal --user quanly
ok_rc 0 "a manager searches by name without accents"
ok_out "Trần Thị Hoa" "found"
no_out "Hoa Sen" "only the matching one"
runin 2222 customer export --out "$T/kh.csv" --user quanly
ok_rc 0 "export"
grep -q '091\*\*\*\*678' "$T/kh.csv"; _tap $? "an export without --personal is masked"
runin 2222 customer export --out "$T/kh.csv" --personal --user quanly
head -1 "$T/kh.csv" | grep -q '^code,phone,name,tax_code,email,purchases,spent,last_purchase,points'
_tap $? "CSV header"
grep -q '^KH000001,0912345678,Trần Thị Hoa,079123456789,hoa@example.vn,3,' "$T/kh.csv"
_tap $? "the personal export when asked: three purchases"
run audit --format csv
ok_out "customer.add" "adding a customer is audited"
no_out "hoa@example.vn" "the audit log holds no personal data"
