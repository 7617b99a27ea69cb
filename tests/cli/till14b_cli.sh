#!/usr/bin/env bash
# issue 14 items 18 and 20 on the command line: a consigned lot whose cost
# and commission do not add up to the price is received with a warning on
# stderr; (item 20) audit details in the user's language.
. "$(dirname "$0")/lib.sh"
export OCOP_POS_NOW=2026-11-22T03:00:00Z

run init --showroom DN01 --name "Điểm OCOP Đà Nẵng" --province 48
runin 1111 user add admin --role admin
runin $'2222\n1111' user add quanly --role manager --by admin
runin 1111 producer add HTX-A --name "HTX Mật ong Mèo Vạc" --kind HTX --province 08 --user admin
runin 1111 product add MO-001 --user admin --name "Mật ong bạc hà Mèo Vạc" --producer HTX-A --group 1 --stars 4 \
	--price 185000 --vat 5 --barcode 8931234500016 --unit hũ --cert-issued 2025-01-15
ok_rc 0 "a product of 185.000"

# --- item 18: consigned cost against price and commission -------------------
# 185.000 less 20 % is 148.000 for the producer.
runin 2222 stock receive MO-001 10 --cost 120000 --consign HTX-A --commission 20 --user quanly
ok_rc 0 "18: a consigned lot whose cost disagrees is still received"
ok_err "warning: Mật ong bạc hà Mèo Vạc (MO-001): the price 185.000 ₫ less the 20 % commission leaves 148.000 ₫ for the producer, but the unit cost is 120.000 ₫" \
	"18: with a warning on stderr that says what agrees"
ok_out "Consigned by HTX-A" "18: the receipt is said on stdout"
runin 2222 stock receive MO-001 10 --cost 148000 --consign HTX-A --commission 20 --user quanly
ok_rc 0 "18: the cost that agrees"
ok_eq "$err" "" "18: is received without a warning"
runin 2222 stock receive MO-001 10 --cost 147999 --consign HTX-A --commission 20 --user quanly
ok_eq "$err" "" "18: a dong of rounding is no disagreement"
runin 2222 stock receive MO-001 10 --cost 90000 --user quanly
ok_eq "$err" "" "18: the shop's own goods: no commission, no warning"
printf '2222\n' | "$OCOP_POS" --lang vi --db "$DB" stock receive MO-001 5 --cost 120000 --consign HTX-A \
	--commission 20 --user quanly > "$T/out" 2> "$T/err"
err=$(cat "$T/err")
ok_err "giá bán 185.000 ₫ trừ hoa hồng 20 % còn 148.000 ₫ cho chủ hàng, nhưng giá vốn là 120.000 ₫" \
	"18: the warning in Vietnamese"

# --- item 20: cash handed over in two goes is one line on the receipt -------
runin $'1234\n1111' user add thungan --role cashier --by admin
runin 1234 shift open --user thungan --float 500000
ok_rc 0 "20: a shift for the sales"
runin 1234 sale --user thungan --scan MO-001 --pay cash:100000 --pay cash:100000
ok_rc 0 "20: 185.000 paid in cash in two goes of 100.000"
no=$(printf '%s\n' "$out" | grep -oE 'DN01-[0-9]{2}-[0-9]{4}-[0-9]+' | head -n 1)
runin 1111 receipt show "$no" --user admin
n=$(printf '%s\n' "$out" | grep -c "Tiền mặt khách đưa")
ok_eq "$n" 1 "20: 'Tiền mặt khách đưa' is printed once"
ok_match "Tiền mặt khách đưa +200.000 ₫" "20: with the cash handed over in all"
ok_match "Tiền thừa trả khách +15.000 ₫" "20: and the change"

# --- item 20: the PNG preview has the paper's margins: a ₫ in the last column is whole
runin 1111 receipt preview "$no" --png "$T/r.png" --user admin
ok_rc 0 "20: a PNG preview"
w=$(od -An -tu1 -j16 -N4 "$T/r.png" | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 }')
ok_eq "$w" 592 "20: 576 printed dots and a margin of 8 each side"

# --- item 20: an XLSX sheet name is cut at a word, never mid-word -----------
printf '1111\n' | "$OCOP_POS" --lang vi --db "$DB" report products --from 2026-11-01 --to 2026-11-30 \
	--format xlsx --out "$T/r.xlsx" --user admin > "$T/out" 2>&1
out=$(unzip -p "$T/r.xlsx" xl/workbook.xml | grep -oE 'sheet name="[^"]*"')
ok_out 'sheet name="Tỷ trọng theo tiêu chí của"' "20: the long title's sheet ends at a whole word"
no_out 'của C"' "20: not cut inside 'Chương trình'"
long=$(printf '%s\n' "$out" | sed 's/sheet name="\(.*\)"/\1/' |
	while IFS= read -r name; do [ "$(printf '%s' "$name" | LC_ALL=C.UTF-8 wc -m)" -gt 31 ] && echo "$name"; done)
ok_eq "$long" "" "20: every sheet name within Excel's 31 characters"

# --- item 20: audit details in the reader's language ------------------------
printf '1111\n' | "$OCOP_POS" --lang vi --db "$DB" audit --user admin > "$T/out" 2> "$T/err"
out=$(cat "$T/out")
ok_out "vai trò quản lý" "20: audit in Vietnamese: role=manager is 'vai trò quản lý'"
ok_out "tiền đầu ca 500000" "20: float=500000 is 'tiền đầu ca 500000'"
ok_out "thêm người dùng" "20: the action user_add in words"
no_out "role=" "20: no English detail in Vietnamese"
runin 1111 audit --user admin --format csv
ok_out ",user_add,quanly,role=manager" "20: CSV keeps what is stored"
runin 1111 audit --user admin
ok_out "role=manager" "20: in English the detail as written"
ok_out "user added" "20: and the action in English words"
