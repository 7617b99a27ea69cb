#!/usr/bin/env bash
# issue 14, items 14, 15 and 25: the close is blind for a cashier (X
# report, Z report on screen and paper, JSON); cash totals rounded to the
# shop's step with the rounding on the receipt and the Z report; the
# transfer note that travels with transferred goods.
. "$(dirname "$0")/lib.sh"
export OCOP_POS_NOW=2026-11-22T03:00:00Z

run init --showroom DN01 --name "Điểm OCOP Đà Nẵng" --province 48
runin 1111 user add admin --role admin
runin $'1234\n1111' user add thungan --role cashier --by admin
runin $'2222\n1111' user add quanly --role manager --by admin
runin $'3333\n1111' user add tinh --role auditor --by admin
runin 1111 producer add HTX-A --name "HTX Mật ong Mèo Vạc" --kind HTX --province 08 --user admin
runin 1111 product add MO-001 --user admin --name "Mật ong bạc hà Mèo Vạc" --producer HTX-A --group 1 --stars 4 \
	--price 185000 --vat 5 --barcode 8931234500016 --unit hũ --cert-issued 2025-01-15
runin 1111 product add GAO-01 --user admin --name "Gạo ST25" --producer HTX-A --group 1 --stars 5 --price 32960 \
	--vat KCT --unit kg --cert-issued 2025-01-15
runin 2222 stock receive MO-001 20 --cost 120000 --lot L1 --expiry 2027-06-30 --user quanly
runin 2222 stock receive GAO-01 50 --cost 20000 --user quanly
ok_rc 0 "stock received"

# --- item 14: the blind close --------------------------------------------------
runin 1234 shift open --user thungan --float 500000
ok_rc 0 "shift opened"
runin 1234 sale --user thungan --scan MO-001 --pay cash:200000
ok_rc 0 "a cash sale of 185.000"
runin 1234 shift x --user thungan
ok_rc 0 "the cashier's X report"
ok_out "Cash sales (net)" "shows the cash taken"
no_out "685.000" "14.14: not the cash the drawer should hold"
no_out "Expected" "14.14: nor a line for it"
runin 1234 shift x --user thungan --format json
no_out "expected_cash" "14.14: the cashier's JSON has no expected cash"
runin 2222 shift x --user quanly --format json
ok_out '"expected_cash":685000' "14.14: the manager's has it"
runin 3333 shift x --user tinh
ok_match "Expected cash +685.000 ₫" "14.14: so has the auditor's"
runin 1234 shift cash-out 900000 --reason "Nộp ngân hàng" --user thungan
ok_rc 1 "14.14: too large a cash-out is refused"
case $err in *685[.,]000*) _tap 1 "14.14: without naming the expected cash to the cashier" ;; *) _tap 0 "14.14: without naming the expected cash to the cashier" ;; esac
runin 2222 shift cash-out 900000 --reason "Nộp ngân hàng" --user quanly
ok_err "685.000" "14.14: the manager is told what the drawer should hold"
runin 1234 shift x --user thungan --print --printer "file:$T/x.prn"
ok_rc 0 "14.14: the cashier prints the X report"
runin 1234 shift close --user thungan --counted 680000
ok_rc 0 "14.14: the cashier closes with a count"
ok_out "Counted cash" "14.14: the cashier sees the count"
no_out "Short" "14.14: not the over/short"
no_out "685.000" "14.14: nor the expected cash"
z=DN01-01-Z2026-000001
runin 1234 receipt show $z --user thungan
ok_rc 0 "14.14: the cashier may see the Z report's paper"
ok_out "Đếm thực tế" "14.14: with the count"
no_out "Dự kiến trong két" "14.14: but no expected cash on the cashier's copy"
no_out "THIẾU" "14.14: and no shortage"
runin 2222 receipt show $z --user quanly
ok_out "Dự kiến trong két" "14.14: the manager's copy has the expected cash"
ok_out "THIẾU" "14.14: and the shortage"
ok_out "-5.000 ₫" "14.14: of 5.000"

# --- item 15: cash rounding ------------------------------------------------------
runin 1111 product add GAO-02 --user admin --name "Gạo Séng Cù" --producer HTX-A --group 1 --stars 4 \
	--price 32896 --vat KCT --unit kg --cert-issued 2025-01-15
runin 2222 stock receive GAO-02 100 --cost 20000 --user quanly
export OCOP_POS_NOW=2026-11-23T02:00:00Z
runin 1234 shift open --user thungan --float 500000
runin 1234 sale rounding --user thungan
ok_rc 0 "14.15: the rounding step can be read"
ok_out "Cash totals are not rounded." "14.15: off by default"
runin 1234 sale --user thungan --scan GAO-02*5 --pay cash --format json
ok_rc 0 "a cash sale of 164.480 without rounding"
ok_out '"cash_rounding": 0' "14.15: no rounding while it is off"
runin 1234 sale rounding 1000 --user thungan
ok_rc 1 "14.15: a cashier may not change the step"
runin 1111 sale rounding 300 --user admin
ok_rc 1 "14.15: a step that is no note is refused"
ok_err "is not 0 (off), 100, 200, 500, 1000" "14.15: the refusal lists the steps"
runin 1111 sale rounding 1000 --user admin
ok_rc 0 "14.15: an admin sets the step"
ok_out "rounded to the nearest 1.000 ₫" "14.15: 1.000 ₫"
runin 1234 sale --user thungan --scan GAO-02*5 --pay cash:200000 --format json
ok_rc 0 "14.15: a cash sale of 164.480"
ok_out '"total": 164480' "14.15: the total (VAT, e-invoice) stays exact"
ok_out '"cash_rounding": -480' "14.15: rounded to 164.000 (480 down)"
ok_out '"change": 36000' "14.15: the change is from 164.000"
no1=$(printf '%s' "$out" | grep -o '"receipt_no": "[^"]*"' | head -n 1 | cut -d'"' -f4)
runin 1234 receipt show "$no1" --user thungan
ok_match "Làm tròn +-480 ₫" "14.15: the receipt has its own Làm tròn line"
ok_match "KHÁCH THANH TOÁN +164.000 ₫" "14.15: and what the customer paid"
ok_match "TỔNG CỘNG +164.480 ₫" "14.15: the total stays 164.480"
runin 1111 receipt preview "$no1" --png "$T/rounding.png" --user admin
ok_rc 0 "14.15: the receipt with rounding renders to PNG"
[ -n "${KEEP_PNG:-}" ] && cp "$T/rounding.png" "$KEEP_PNG"
runin 1234 sale --user thungan --scan GAO-02*5 --pay cash:500
ok_rc 1 "14.15: cash:500 for 164.480 is refused"
ok_err "did you mean 500.000 ₫?" "14.15: and asks whether 500.000 was meant"
runin 1234 sale --user thungan --scan GAO-02*5 --pay qr:100000 --pay cash --format json
ok_rc 0 "14.15: VietQR 100.000 and the rest in cash"
ok_out '"cash_rounding": -480' "14.15: the cash part 64.480 is rounded to 64.000"
ok_out '{"method": "qr", "amount": 100000, "tendered": 100000' "14.15: the transfer is never rounded"
runin 1234 sale --user thungan --scan GAO-02*5 --pay card:TERM-77 --format json
ok_rc 0 "14.15: a card sale"
ok_out '"cash_rounding": 0' "14.15: card payments are never rounded"
runin 1234 return "$no1" --scan GAO-02 --refund cash --user thungan --format json
ok_rc 0 "14.15: a return of 1 kg (32.896) in cash"
ok_out '"cash_rounding": 104' "14.15: the cash given back is rounded too (33.000)"
runin 1234 sale --user thungan --scan GAO-02*5 --pay cash
ok_rc 0 "14.15: exact cash, rounded"
runin 2222 sale void --user quanly --reason "Khách đổi ý" --format json
ok_rc 0 "14.15: the manager voids it"
ok_out '"cash_rounding": -480' "14.15: the void gives back what was taken (164.000)"
# drawer: 500.000 + 164.480 + 164.000 + 64.000 - 33.000 + 164.000 - 164.000 = 859.480
runin 2222 shift x --user quanly --format json
ok_out '"cash_rounding":-1064' "14.15: the X report's net rounding (-480 -480 -104)"
ok_out '"expected_cash":859480' "14.15: expected cash = the cash taken after rounding"
runin 2222 shift x --user quanly
ok_match "Cash rounding +-1.064 ₫" "14.15: a line of its own in the X report"
run db check
ok_rc 0 "14.15: db check passes with rounded sales, a rounded return and a void"
runin 2222 shift close --user quanly --counted 859480 --format json
ok_out '"over_short":0' "14.15: the drawer balances to the đồng"
runin 2222 receipt show DN01-01-Z2026-000002 --user quanly
ok_match "Làm tròn tiền mặt +-1.064 ₫" "14.15: the Z report shows the rounding"
runin 1111 export --all --out "$T/x.jsonl" --user admin
ok_rc 0 "14.15: the exchange file is written"
grep -q '"cash_rounding":-480' "$T/x.jsonl"; _tap $? "14.15: the exchange file carries the rounding"
run showroom key
key=${out#* }
HUB=$T/hub.db
"$OCOP_POS" --lang en --db "$HUB" init --showroom TQ --name "Sở NN và MT Đà Nẵng" --province 48 --province-hub > /dev/null 2>&1
printf '1111\n' | "$OCOP_POS" --lang en --db "$HUB" user add admin --role admin > /dev/null 2>&1
printf '1111\n' | "$OCOP_POS" --lang en --db "$HUB" showroom register DN01 --key "$key" --user admin > /dev/null 2>&1
printf '1111\n' | "$OCOP_POS" --lang en --db "$HUB" import "$T/x.jsonl" --user admin > "$T/out" 2> "$T/err"
rc=$?; out=$(cat "$T/out"); err=$(cat "$T/err")
ok_rc 0 "14.15: the hub imports rounded sales"
ok_eq "$(sqlite3 "$HUB" "SELECT sum(cash_rounding) FROM sale WHERE kind = 'sale'")" "-1440" "14.15: with their rounding"
"$OCOP_POS" --lang en --db "$HUB" db check > "$T/out" 2>&1
_tap $? "14.15: the hub's db check passes"

# --- item 25: the transfer note that travels with the goods ------------------------
runin 1111 producer add HTX-B --name "HTX Chè Shan Tuyết" --kind HTX --province 08 --user admin
runin 2222 stock receive MO-001 6 --cost 120000 --lot KG-7 --expiry 2027-03-31 --consign HTX-B --commission 15 --user quanly
ok_rc 0 "a consigned lot to send"
sed 's/"mode": "raster"/"mode": "ascii"/' "$OCOP_SRC/config/printers/generic-80.json" > "$T/ascii-80.json"
runin 2222 stock transfer-out MO-001 2 --lot KG-7 --to HN01 --out "$T/tf.json" --note "Hội chợ" --print \
	--printer "file:$T/tf.prn" --profile "$T/ascii-80.json" --user quanly
ok_rc 0 "14.25: a transfer out with --print"
ok_out "Printed the transfer note" "14.25: the note is printed"
tf=$(tr -d '\000' < "$T/tf.prn")
case $tf in *"PHIEU CHUYEN KHO"*) _tap 0 "14.25: the note's title" ;; *) _tap 1 "14.25: the note's title" ;; esac
case $tf in *"DN01"*"HN01"*) _tap 0 "14.25: from and to showroom" ;; *) _tap 1 "14.25: from and to showroom" ;; esac
case $tf in *"Lo KG-7"*"HSD 31/03/2027"*) _tap 0 "14.25: the lot and its expiry" ;; *) _tap 1 "14.25: the lot and its expiry" ;; esac
case $tf in *"Hang ky gui cua HTX Che Shan Tuyet"*) _tap 0 "14.25: the owner (consigned)" ;; *) _tap 1 "14.25: the owner (consigned)" ;; esac
case $tf in *"2 hu"*) _tap 0 "14.25: quantity and unit" ;; *) _tap 1 "14.25: quantity and unit" ;; esac
case $tf in *"Nguoi giao"*"Nguoi nhan"*) _tap 0 "14.25: signature lines for sender and receiver" ;; *) _tap 1 "14.25: signature lines" ;; esac
uuid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["uuid"])' "$T/tf.json")
case $tf in *"CK-$(printf '%s' "${uuid:0:8}" | tr a-f A-F)"*) _tap 0 "14.25: the transfer number" ;; *) _tap 1 "14.25: the transfer number" ;; esac
runin 2222 stock transfer-out MO-001 1 --to HN01 --out "$T/tf2.json" --user quanly
ok_rc 0 "14.25: without --print nothing is printed"
no_out "Printed" "14.25: and it says nothing about printing"
run receipt template transfer --png "$T/transfer.png"
ok_rc 0 "14.25: the transfer template renders to PNG"
[ -s "$T/transfer.png" ]; _tap $? "14.25: the PNG is written"
