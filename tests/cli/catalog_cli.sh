#!/usr/bin/env bash
# producer and product commands: add, edit, show, list, search, history.
. "$(dirname "$0")/lib.sh"
export OCOP_POS_NOW=2026-11-22T03:00:00Z

run init --showroom DN01 --name "Điểm OCOP Đà Nẵng" --province 48
runin 1111 user add admin --role admin
runin 1111 producer add HTX-MEOVAC --name "HTX Mật ong Mèo Vạc" --kind HTX --province "Hà Giang" --women-led yes --user admin
ok_rc 0 "producer add with a legacy province name"
run producer show HTX-MEOVAC
ok_out "08 Tuyên Quang" "Hà Giang is mapped to Tuyên Quang (08)"
ok_out "cooperative" "kind HTX is a cooperative"

runin 1111 producer add BAD --name "X" --kind HTX --province 01 --tax-code 0100109107 --user admin
ok_rc 1 "a wrong tax code is refused"
ok_err "tax_code" "the message names the field"

runin 1111 producer add HKD-LO --name "Hộ kinh doanh Lò Thị Mai" --kind household --province 14 --tax-code 0100109106 --ethnic-minority-led yes --user admin
ok_rc 0 "household producer with a valid tax code"

runin 1111 product add MO-001 --name "Mật ong bạc hà Mèo Vạc" --producer HTX-MEOVAC --group 1 --stars 4 --price "185.000" --vat 5 --barcode 8931234500016 --unit hũ --cert-number "123/QĐ-UBND" --cert-issued 2025-01-15 --set "1.04" --user admin
ok_rc 0 "product add"
run product show MO-001
ok_out "185.000 ₫" "price is shown as VND"
ok_out "2028-01-15" "certificate expires 36 months after issue"
ok_out "★★★★" "stars shown"
run product show 8931234500016
ok_rc 0 "show by barcode"
ok_out "MO-001" "barcode finds the SKU"

runin 1111 product add MO-002 --name "Mật ong rừng" --producer HTX-MEOVAC --group 1 --stars 3 --price 150000 --barcode 8931234500017 --user admin
ok_rc 1 "a wrong check digit is refused"
ok_err "check digit" "message says check digit"

runin 1111 product add MO-002 --name "Mật ong rừng" --producer NOPE --group 1 --stars 3 --price 150000 --user admin
ok_rc 1 "unknown producer"
ok_err "unknown producer" "message names the producer"

runin 1111 product add TR-001 --name "Trà hoa vàng" --producer HKD-LO --group 1 --stars 3 --price 90000 --new-barcode --user admin
ok_rc 0 "product without GS1 code gets an in-store barcode"
ok_out "In-store barcode: 20" "in-store barcode is printed"

runin 1111 product add DL-001 --name "Tour bản Lác" --producer HKD-LO --group 6 --stars 3 --price 300000 --unit lượt --user admin
run product show DL-001
ok_match "^Service: +yes" "group 6 is a service"

runin 1111 product edit MO-001 --stars 5 --price 195000 --cert-number "45/QĐ-BNNMT" --cert-issued 2026-06-01 --user admin
ok_rc 0 "product edit"
run product show MO-001
ok_out "rating" "history shows the rating"
ok_out "4 -> 5" "history shows the upgrade 4 -> 5"
ok_out "185000 -> 195000" "history shows the price change"

runin 1111 product edit MO-001 --stars 5 --user admin
ok_out "unchanged" "editing with the same value changes nothing"

run product search mat ong
ok_rc 0 "search without accents"
ok_out "Mật ong bạc hà Mèo Vạc" "search finds the Vietnamese name"
run product search "MÈO"
ok_out "MO-001" "search ignores case and accents"
run product search xyzzy
ok_err "No product matches" "search with no hits says so"

run product list --format csv
ok_out "sku,name,unit,price" "CSV header"
ok_out "MO-001,Mật ong bạc hà Mèo Vạc,hũ,195000" "CSV has integer VND"
run product list --format json
ok_out '"price":	195000' "JSON price is a number"
run product list --stars 3
no_out "MO-001" "stars filter"
ok_out "TR-001" "stars filter keeps 3-star products"
run product list --format xml
ok_rc 2 "unknown format is a usage error"

run producer list --province 08
ok_out "HTX-MEOVAC" "producer list by province"
no_out "HKD-LO" "producer list filters"
run producer list --search "lo thi"
ok_out "HKD-LO" "producer search ignores accents"

runin 1111 product add MO-003 --name "Mật ong" --producer HTX-MEOVAC --group 1 --stars 3 --price abc --user admin
ok_rc 2 "bad price is a usage error"
ok_err "price" "bad price message"
run product show 0000000000000
ok_rc 1 "unknown barcode"
ok_err "no product has the code" "unknown barcode message"

run db check
ok_rc 0 "db check after edits"
