#!/usr/bin/env bash
# acceptance_cli.sh - ocop-pos used from the command line as its three kinds
# of users would, on fresh databases, with the arithmetic checked by hand:
#   a shop manager: a real showroom (not the demo), a catalogue import,
#     users, owned and consigned lots, a goods-received note (PNG), a gift
#     pack, a stocktake with a variance, an adjustment, alerts, a transfer
#     to a second showroom database (and the refusals around it);
#   a cashier: a shift, scripted sales with every payment method, splits,
#     discounts over the limit with a manager's approval, label-scale
#     codes, a partial return, a void, a reprint (BẢN SAO), X and Z reports
#     with a blind close, receipts read back;
#   province staff: two demo showrooms and a hub, per-product totals,
#     commercialization, a consignment statement, CSV and XLSX.
# Bad input everywhere: Vietnamese messages by default, exit codes, a locked
# database, a printer path in a missing directory, PIN lockout.
. "$(dirname "$0")/lib.sh"
export OCOP_POS_NOW=2026-11-22T03:00:00Z
NL=$'\n'
CAT="$OCOP_SRC/tests/data/catalog-sample.json"

# runat DB ARGS... / runatin INPUT DB ARGS...: run on another database
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
# runvi INPUT ARGS...: the default language (Vietnamese), INPUT on stdin
runvi() {
	local input=$1; shift
	printf '%s\n' "$input" | "$OCOP_POS" --db "$DB" "$@" > "$T/out" 2> "$T/err"
	rc=$?
	out=$(cat "$T/out"); err=$(cat "$T/err")
}
is_png() { [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ]; }
count_rows() { sqlite3 "$1" "$2"; }

# ---- manager: a real showroom -----------------------------------------------
run init --showroom DN01 --name "Điểm giới thiệu và bán sản phẩm OCOP Đà Nẵng" --province 48 \
	--address "12 Bạch Đằng, Hải Châu, Đà Nẵng" --tax-code 0100109106 --phone 0236123456
ok_rc 0 "init a real showroom with seller details"
ok_eq "$(stat -c %a "$DB")" "600" "the database file is private (0600)"
runin 1111 user add admin --role admin
ok_rc 0 "first user: an admin"
runin "2222${NL}1111" user add quanly --role manager --full-name "Nguyễn Thị Quản" --by admin
runin "1234${NL}1111" user add thungan --role cashier --full-name "Trần Văn Thu" --by admin
ok_rc 0 "users added by the admin"
runin "1234${NL}1234" user add x --role cashier --by thungan
ok_rc 1 "a cashier cannot add users"
runin 1111 catalog import "$CAT" --user admin
ok_rc 0 "catalogue import"
runin 1111 catalog import "$CAT" --user admin
ok_out "products 0 added, 0 updated, 5 unchanged" "importing it again changes nothing"

runin 2222 stock receive TL-CHE-200 20 --cost 120000 --user quanly
ok_rc 0 "receive an owned lot"
ok_out "DN01-PNK-2026-00001" "a goods-received note number"
runin 2222 stock receive TM-RUOU-SAM 6 --cost 950000 --consign HTX-SAM-TRAMY --commission 15 --user quanly
ok_out "Consigned by HTX-SAM-TRAMY" "a consigned lot names its owner"
runin 2222 stock receive BL-NUOCMAM-40 30 --cost 60000 --consign HKD-MAM-BALANG --commission 12.5 --expiry 2026-12-05 --user quanly
runin 2222 stock receive BL-NUOCMAM-40 5 --cost 58000 --lot OLD1 --expiry 2026-12-01 --received 2026-11-01 --user quanly
ok_rc 0 "an older owned lot of the same product"
runin 2222 stock receive 8931234500023 10 --cost 160000 --lot SX2611A --expiry 2027-06-30 --user quanly
ok_rc 0 "receive by barcode"
runin 2222 stock receive DL-MATONG-500 3 --cost 160000 --expiry 2026-01-01 --user quanly
ok_rc 1 "an expiry before the receipt is refused"
runin 2222 stock receive TL-TOUR-HAICHE 5 --cost 1 --user quanly
ok_rc 1 "a service has no stock to receive"
runin 2222 stock receive TL-CHE-200 -5 --cost 1 --user quanly
ok_rc 1 "a negative quantity is refused"
runin 2222 stock receive NOPE-1 5 --cost 1 --user quanly
ok_rc 1 "an unknown product is refused"
runin 1111 stock grn DN01-PNK-2026-00002 --user admin
ok_out "HTX-SAM-TRAMY" "the note shows the owner"
runin 1111 receipt preview DN01-PNK-2026-00003 --png "$T/grn.png" --user admin
ok_rc 0 "goods-received note preview"
is_png "$T/grn.png"; ok_eq $? 0 "the preview is a PNG"

# a product sold by weight with label-scale codes (21: weight in g, 22: price)
runin 1111 product add MH-KG --user admin --name "Mận hậu Mộc Châu" --producer HTX-CHE-TANLAP --group 1 --stars 3 \
	--price 60000 --vat 5 --unit kg --barcode 2100123000005,2200123000002 \
	--cert-number "45/QĐ-UBND" --cert-issued 2025-06-01 --shelf-life 10
ok_rc 0 "a weighed product with label-scale base codes"
runin 2222 stock receive MH-KG 20 --cost 35000 --user quanly
run product show 2100123012503
ok_out "1,25 kg" "show decodes a label-scale code"
# labels line up in Vietnamese too (display width, not bytes)
runvi "" product show MH-KG
ok_out "Tên:                Mận hậu Mộc Châu" "Vietnamese labels are padded by display width"
ok_out "Đơn vị tính:        kg" "values start in the same column"

# a gift pack
runin 1111 product add GQ-TET-01 --name "Hộp quà Tết Đà Nẵng" --producer HTX-SAM-TRAMY --group 1 --stars 3 --price 450000 --vat 5 --new-barcode --user admin
runin 2222 stock bundle GQ-TET-01 TL-CHE-200 1 DL-MATONG-500 1 --user quanly
ok_rc 0 "a gift pack of two components"

# a stocktake with a variance, codes scanned; one misread code is refused
runin 2222 stock count start --user quanly
ok_rc 0 "count started"
runin 2222 stock count enter TL-CHE-200 19 DL-MATONG-500 10 --user quanly
runin "2222${NL}8931234500030${NL}8931234500030${NL}TM-RUOU-SAM*3${NL}8931234500017${NL}BL-NUOCMAM-40*33" \
	stock count enter --scan --user quanly
ok_rc 1 "a refused scan makes the count exit 1"
ok_out "4 scans counted, 1 refused" "the good scans are kept"
ok_err "wrong check digit" "the misread code is named"
runin 1111 stock count show --user admin
ok_out "-1.186.000 ₫" "variance at cost: -2x58.000 -120.000 -950.000"
runin 2222 stock count post --user quanly
ok_out "3 lot(s)" "posting adjusts three lots"
runin 1111 stock list --format csv --user admin
ok_out "TL-CHE-200,Chè Shan tuyết Tân Lập 200g,hộp,19," "counted quantity on hand"
ok_out "BL-NUOCMAM-40,Nước mắm Ba Làng 40 độ đạm,chai,33,30," "consigned part kept apart"

# adjustments
runin 2222 stock adjust BL-NUOCMAM-40 -1 --reason damaged --user quanly
ok_rc 1 "two lots: the lot must be named"
runin 2222 stock adjust BL-NUOCMAM-40 -1 --reason damaged --lot OLD1 --note "vỡ chai" --user quanly
ok_rc 0 "adjust one lot"
runin 2222 stock adjust TL-CHE-200 +2 --reason damaged --user quanly
ok_rc 1 "damaged only removes"
runin 1234 stock adjust TL-CHE-200 -1 --reason lost --user thungan
ok_rc 1 "a cashier cannot adjust stock"
runin 2222 stock adjust TL-CHE-200 +2 --reason correction --user quanly
runin 2222 stock reorder TL-CHE-200 25 --user quanly
runin 1111 stock alerts --format csv --user admin
ok_out "low,TL-CHE-200" "below the reorder level"
ok_out "expiring,BL-NUOCMAM-40,Nước mắm Ba Làng 40 độ đạm,OLD1,2026-12-01,9" "lot expiring in 9 days"

# transfer to a second showroom database
H=$T/hue.db
runat "$H" init --showroom HUE01 --name "Điểm OCOP Huế" --province 46
runatin 1111 "$H" user add admin --role admin
runatin 1111 "$H" catalog import "$CAT" --user admin
run showroom key
set -- $out
runatin 1111 "$H" showroom register "$1" --key "$2" --user admin
ok_rc 0 "Huế registers DN01's key"
runin 2222 stock transfer-out --to HUE01 --out "$T/tr.json" TL-CHE-200 3 BL-NUOCMAM-40 4 --note "hàng Tết" --user quanly
ok_rc 0 "transfer out"
ok_out "3 lot(s) taken out of stock (in transit)" "FEFO takes the older lot first, then the consigned one"
runin 1111 stock transfers --format csv --user admin
ok_out "in_transit" "the transfer is in transit"
sed 's/"qty_milli": 3000/"qty_milli": 30000/' "$T/tr.json" > "$T/tr-bad.json"
runatin 1111 "$H" stock transfer-in "$T/tr-bad.json" --user admin
ok_rc 1 "a tampered transfer file is refused"
ok_err "signature" "the signature does not match"
head -c 600 "$T/tr.json" > "$T/tr-cut.json"
runatin 1111 "$H" stock transfer-in "$T/tr-cut.json" --user admin
ok_rc 1 "a truncated transfer file is refused"
runatin 1111 "$H" stock list --format csv --user admin
ok_eq "$(printf '%s\n' "$out" | wc -l)" "1" "nothing was received"
runatin 1111 "$H" stock transfer-in "$T/tr.json" --user admin
ok_rc 0 "transfer in"
runatin 1111 "$H" stock lots BL-NUOCMAM-40 --format csv --user admin
ok_out "OLD1" "the lot number travels"
ok_out "HKD-MAM-BALANG" "the owner travels"
runatin 1111 "$H" stock transfer-in "$T/tr.json" --user admin
ok_rc 1 "the same file twice is refused"
O=$T/hn.db
runat "$O" init --showroom HN01 --name "Điểm OCOP Hà Nội" --province 01
runatin 1111 "$O" user add admin --role admin
run showroom key
set -- $out
runatin 1111 "$O" showroom register "$1" --key "$2" --user admin
runatin 1111 "$O" stock transfer-in "$T/tr.json" --user admin
ok_rc 1 "a file addressed to another showroom is refused"
ok_err "HUE01" "the message names the addressee"
run db check
ok_rc 0 "db check passes at the sender"
runat "$H" db check
ok_rc 0 "db check passes at the receiver"

# ---- cashier ------------------------------------------------------------------
runin 1234 sale --user thungan --scan TL-CHE-200 --pay cash
ok_rc 1 "no sale without an open shift"
runin 1234 shift open --user thungan --float 500000
ok_rc 0 "shift open"
export OCOP_POS_NOW=2026-11-22T03:05:00Z
# sale 1: four VAT rates and KCT, cash with change; by hand:
#   5 %: 370.000 x 5/105 = 17.619 + 75.000 x 5/105 = 3.571 -> 21.190
#   8 %: 95.000 x 8/108 = 7.037; 10 %: 1.200.000 x 10/110 = 109.091
runin 1234 sale --user thungan --scan TL-CHE-200*2 --scan BL-NUOCMAM-40 --scan TM-RUOU-SAM \
	--scan TL-TOUR-HAICHE*3 --scan 2100123012503 --pay cash:3000000
ok_rc 0 "sale 1"
ok_out "DN01-01-2026-000001" "the first receipt number"
ok_match "^Total: +2.190.000 ₫" "total 370.000+95.000+1.200.000+450.000+75.000"
ok_match "^VAT at 5%: +21.190 ₫" "VAT 5 % per line, summed"
ok_match "^VAT at 8%: +7.037 ₫" "VAT 8 %"
ok_match "^VAT at 10%: +109.091 ₫" "VAT 10 %"
ok_match "^Change: +810.000 ₫" "change from 3.000.000"
runin 1111 receipt show DN01-01-2026-000001 --user admin
ok_out "MST: 0100109106" "the seller's tax code is printed"
ok_out "12 Bạch Đằng, Hải Châu, Đà Nẵng" "the seller's address"
ok_out "Rượu sâm Ngọc Linh 500ml ★★★★★" "each item carries its OCOP stars"
ok_out "Thuế GTGT 10% (đã gồm)                 109.091 ₫" "VAT per rate on paper"
ok_out "Ngày: 22/11/2026 10:05" "time of issue in local time"
runin 1111 receipt preview DN01-01-2026-000001 --png "$T/r1.png" --user admin
is_png "$T/r1.png"; ok_eq $? 0 "receipt preview PNG"

export OCOP_POS_NOW=2026-11-22T03:10:00Z
# sale 2: 5 % off 935.000 = 46.750 spread 9.250 + 37.500; split over four methods
runin 1234 sale --user thungan --scan 8931234500016 --scan DL-MATONG-500*3 --discount 5% \
	--pay qr:300000 --pay card:200000:VCB-889911 --pay wallet:100000:MOMO-123 --pay cash:500000
ok_rc 0 "sale 2 split over qr, card, wallet and cash"
ok_match "^Total: +888.250 ₫" "935.000 - 46.750"
ok_match "^VAT at 5%: +42.298 ₫" "8.369 + 33.929"
ok_match "^Change: +211.750 ₫" "500.000 - (888.250 - 600.000)"
runin 1234 sale --user thungan --scan TL-CHE-200 --pay card:185000
ok_rc 1 "a card payment needs its reference"
runin 1234 sale --user thungan --scan TL-CHE-200 --pay qr:200000
ok_rc 1 "only cash may exceed what is due"
runin 1234 sale --user thungan --scan TL-CHE-200 --discount 20% --pay cash
ok_rc 1 "20 % is over the cashier's limit"
runin "1234${NL}9999" sale --user thungan --scan TL-CHE-200 --discount 20% --approve quanly --pay cash
ok_rc 1 "a wrong approver PIN is refused"
runin "1234${NL}2222" sale --user thungan --scan TL-CHE-200 --discount 20% --approve quanly --pay card::VTB-1
ok_rc 0 "approved by the manager"
ok_match "^Total: +148.000 ₫" "185.000 - 37.000"
runin 1111 audit --action discount --format csv --user admin
ok_out "DN01-01-2026-000003" "the approved discount is audited"

# label-scale codes: each package its own line, plain scans on their own line
runin 1234 sale --user thungan --scan 2100123012503 --scan MH-KG*0.5 --scan 2100123012503 \
	--scan 2200123450005 --pay cash
ok_rc 0 "weighed goods"
ok_eq "$(printf '%s\n' "$out" | grep -c ' 1,25 kg x 60.000 ₫  = 75.000 ₫')" "2" "two 1,25 kg packages on two lines"
ok_out "0,5 kg x 60.000 ₫  = 30.000 ₫" "the typed weight on its own line"
ok_out "= 45.000 ₫" "a price label carries its amount"
ok_match "^Total: +225.000 ₫" "75.000 x 2 + 30.000 + 45.000"

# a discounted line prints what it costs before the discount, then the discount
runin 1234 sale --user thungan --scan BL-NUOCMAM-40*2 --line-discount 1:5000 --pay cash:200000
ok_rc 0 "a line discount"
no=$(printf '%s\n' "$out" | sed -n 's/^Receipt \(DN01-[0-9-]*\).*/\1/p')
runin 1111 receipt show "$no" --width 58 --user admin
ok_out "2 chai x 95.000       190.000" "the line shows 2 x 95.000 = 190.000"
ok_out "Giảm giá               -5.000" "then its discount"
ok_out "TỔNG CỘNG              185.000 ₫" "and the total after it"

# the gift pack takes its components' stock
runin 1111 stock list --format csv --user admin
before=$(printf '%s\n' "$out" | grep '^DL-MATONG-500,' | cut -d, -f4)
runin 1234 sale --user thungan --scan GQ-TET-01 --pay cash
ok_rc 0 "sell a gift pack"
runin 1111 stock list --format csv --user admin
ok_eq "$(printf '%s\n' "$out" | grep '^DL-MATONG-500,' | cut -d, -f4)" "$((before - 1))" "one component unit taken"

# a partial return: one of two boxes and the wine, back to their lots
export OCOP_POS_NOW=2026-11-22T04:00:00Z
runin 1234 return DN01-01-2026-000001 --scan TL-CHE-200 --scan 8931234500030 --user thungan
ok_rc 0 "partial return"
ok_out "DN01-01-2026-R000001" "the refund has its own number"
ok_match "^Total: +1.385.000 ₫" "185.000 + 1.200.000"
runin 1234 return DN01-01-2026-000001 --scan TL-CHE-200*2 --user thungan
ok_rc 1 "never more than sold minus returned"
ok_err "2 were sold" "the message says what was sold"
runin 1234 return DN01-01-2026-000002 --scan DL-MATONG-500*2 --user thungan
ok_match "^Total: +475.000 ₫" "2/3 of the discounted line 712.500"
runin 1111 receipt show DN01-01-2026-R000002 --user admin
ok_out "2 chai x 250.000                      500.000" "the refund line before its discount"
ok_out "-25.000" "and the discount share"

# a void: the last sale, by a manager, with a reason
runin 1234 sale --user thungan --scan TM-RUOU-SAM --pay cash:1500000
runin 1234 sale void --user thungan --reason "Khách đổi ý"
ok_rc 1 "a cashier cannot void"
runin 2222 sale void --user quanly
ok_rc 2 "a void needs a reason"
runin 2222 sale void --user quanly --reason "Khách đổi ý"
ok_rc 0 "the manager voids the last sale"
runin 2222 sale void --user quanly --reason "Khách đổi ý"
ok_rc 1 "not twice"

# reprint
runin 1111 receipt show DN01-01-2026-000002 --copy --user admin
ok_out "BẢN SAO" "a reprint is marked BẢN SAO"
no_out "[drawer" "a reprint does not open the drawer"
runin 1111 receipt print DN01-01-2026-000002 --copy --printer "file:$T/copy.prn" --user admin
ok_rc 0 "reprint to a file"
[ -s "$T/copy.prn" ]; ok_eq $? 0 "the printer file has the bytes"
runin 1111 receipt print DN01-01-2026-000002 --printer "file:$T/no/such/dir/r.prn" --user admin
ok_rc 1 "a printer file in a missing directory"
ok_err "receipt print DN01-01-2026-000002" "says how to print it again"
runin 1111 sale show DN01-01-2026-000002 --user admin
ok_rc 0 "the sale is still there"

# cash in/out, X report, blind close, Z report
export OCOP_POS_NOW=2026-11-22T05:00:00Z
runin 1234 shift cash-in 200000 --reason "Đổi tiền lẻ" --user thungan
runin 1234 shift cash-out 100000000 --reason "Nộp ngân hàng" --user thungan
ok_rc 1 "cannot take out more than the drawer holds"
runin 1234 shift cash-out 1000000 --reason "Nộp ngân hàng" --user thungan
runin 2222 shift x --user quanly --format json
ok_rc 0 "X report"
xs=$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["sales_total"], d["refunds_total"], d["voids_total"], d["by_method"]["cash"], d["expected_cash"])')
# sales 2.190.000 + 888.250 + 148.000 + 225.000 + 185.000 + 450.000 + 1.200.000;
# refunds 1.385.000 + 475.000; the void 1.200.000; cash 2.190.000 + 288.250 +
# 225.000 + 185.000 + 450.000 + 1.200.000 - 1.385.000 - 1.200.000 = 1.953.250;
# expected cash 500.000 + 1.953.250 + 200.000 - 1.000.000 = 1.653.250
ok_eq "$xs" "5286250 1860000 1200000 1953250 1653250" "X report figures add up (cash 4.538.250 - 1.385.000 - 1.200.000)"
export OCOP_POS_NOW=2026-11-22T10:00:00Z
runin 1234 shift close --user thungan
ok_rc 2 "the close asks for the counted cash first"
runin 1234 shift close --user thungan --count 500000x3,100000x1,50000x1,1000x1
ok_rc 0 "blind close"
ok_out "DN01-01-Z2026-000001" "the Z report has its number"
runin 2222 shift show --user quanly
ok_match "Short +-2.250 ₫" "counted 1.651.000 against 1.653.250"
runin 1111 receipt preview DN01-01-Z2026-000001 --png "$T/z.png" --user admin
is_png "$T/z.png"; ok_eq $? 0 "Z report preview"
runin 1234 shift x --user thungan
ok_rc 1 "no X report after the close"

# ---- bad input, in Vietnamese by default ----------------------------------------
runin 1234 shift open --user thungan --float 300000
runvi 1234 sale --user thungan --scan 8931234500017 --pay cash
ok_rc 1 "a wrong check digit"
ok_err "ocop-pos: sai số kiểm tra trong 8931234500017: phải là 6" "said in Vietnamese"
runvi 1234 sale --user thungan --scan "TL-CHE-200*-1" --pay cash
ok_err "phải lớn hơn 0" "a negative quantity, in Vietnamese"
runvi 1111 audit --from 2026-02-30 --user admin
ok_rc 2 "a bad date is a usage error"
ok_err "2026-02-30" "naming the date"
runvi 1111 product add X --name X --producer HTX-SAM-TRAMY --group 1 --stars 3 --price 1000 --barcode 8931234500024 --user admin
ok_err "sai số kiểm tra" "a catalogue barcode check in Vietnamese"
printf '{"format":"ocop-pos/catalog","version":1,"products":[' > "$T/bad.json"
runin 1111 catalog import "$T/bad.json" --user admin
ok_rc 1 "a malformed catalogue is refused"
ok_err "nothing was imported" "and nothing is imported"
runin 1111 catalog import "$T/none.json" --user admin
ok_rc 1 "a missing catalogue file"
ok_eq "$err" "ocop-pos: $T/none.json: no such file (nothing was imported)" "the path is named once"
runvi 1111 showroom register XX --key abc --user admin
ok_err "không phải khóa công khai" "a bad key, in Vietnamese"
run frobnicate
ok_rc 2 "an unknown command"
run sale --frobnicate
ok_rc 2 "an unknown option"
runin 1234 sale --user thungan --scan TL-CHE-200
ok_rc 2 "a sale without --pay"

# a database locked by another program: refused after the busy timeout, nothing lost
n0=$(count_rows "$DB" "SELECT count(*) FROM sale")
python3 -c '
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
c.execute("ROLLBACK")' "$DB" 11 > "$T/lock" &
lockpid=$!
for _ in $(seq 50); do grep -q locked "$T/lock" 2>/dev/null && break; sleep 0.1; done
runvi 1234 sale --user thungan --scan TL-CHE-200 --pay cash
ok_rc 1 "a locked database refuses the sale"
ok_err "ocop-pos: cập nhật cơ sở dữ liệu: cơ sở dữ liệu" "the message is Vietnamese throughout"
wait "$lockpid"
ok_eq "$(count_rows "$DB" "SELECT count(*) FROM sale")" "$n0" "no sale was written"
runin 1234 sale --user thungan --scan TL-CHE-200 --pay cash
ok_rc 0 "the same sale goes through once the lock is gone"

# PIN lockout after 5 wrong PINs, for 5 minutes
for i in 1 2 3 4 5; do runin 0000 shift x --user thungan; done
ok_err "locked for 5 minutes" "the fifth wrong PIN locks the user"
runin 1234 shift x --user thungan
ok_rc 1 "even the right PIN is refused while locked"
OCOP_POS_NOW=2026-11-22T10:06:00Z runin 1234 shift x --user thungan
ok_rc 0 "after 5 minutes the right PIN works"

# ---- province ---------------------------------------------------------------------
export OCOP_POS_NOW=2026-11-22T03:00:00Z
HUB=$T/hub.db
runat "$HUB" init --showroom DNH --name "Sở Nông nghiệp và Môi trường Đà Nẵng" --province 48 --province-hub
ok_rc 0 "a province hub"
runatin 1111 "$HUB" user add admin --role admin
for s in AB01:7 AB02:8; do
	code=${s%%:*}
	runat "$T/$code.db" init --showroom "$code" --name "Điểm OCOP $code" --province 48
	runat "$T/$code.db" demo --products 40 --days 10 --seed "${s##*:}"
	ok_rc 0 "demo showroom $code"
	runat "$T/$code.db" showroom key
	set -- $out
	runatin 1111 "$HUB" showroom register "$1" --key "$2" --user admin
	runatin 1111 "$T/$code.db" export --out "$T/$code.jsonl" --user admin
	ok_rc 0 "$code exports"
	runatin 1111 "$T/$code.db" report products --from 2026-11-01 --to 2026-11-22 --format csv --out "$T/$code.csv" --user admin
done
runatin 1111 "$HUB" import "$T/AB02.jsonl" "$T/AB01.jsonl" --user admin
ok_rc 0 "the hub imports both files"
runatin 1111 "$HUB" showroom list --user admin
ok_out "2026-11-22 10:00" "import times are shown in local time"
runatin 1111 "$HUB" report products --from 2026-11-01 --to 2026-11-22 --format csv --out "$T/hub.csv" --user admin
ok_rc 0 "hub report as CSV"
# python's csv module: BOM, Vietnamese intact, totals = the showrooms' added up
python3 - "$T/hub.csv" "$T/AB01.csv" "$T/AB02.csv" > "$T/csvcheck" <<'EOF'
import csv, sys
def total(path):
    raw = open(path, 'rb').read()
    assert raw.startswith(b'\xef\xbb\xbf'), 'no BOM'
    rows = list(csv.reader(open(path, encoding='utf-8-sig', newline='')))
    h = rows[0]
    t = [r for r in rows if r[0] == 'Total'][0]
    names = ''.join(r[1] for r in rows[1:])
    return [int(t[h.index(k)]) for k in ('Revenue', 'VAT', 'Cost')], names
hub, names = total(sys.argv[1])
a, _ = total(sys.argv[2]); b, _ = total(sys.argv[3])
print('sum' if hub == [x + y for x, y in zip(a, b)] else 'differ %s %s %s' % (hub, a, b))
print('vi' if any(c in names for c in 'ăâđêôơư') else 'no-vi')
EOF
ok_eq "$(head -1 "$T/csvcheck")" "sum" "hub revenue, VAT and cost = the two showrooms' added up"
ok_eq "$(tail -1 "$T/csvcheck")" "vi" "Vietnamese names read back from the CSV"
runatin 1111 "$HUB" report products --from 2026-11-01 --to 2026-11-22 --showroom AB01 --format csv --out "$T/hub-ab01.csv" --user admin
ok_eq "$(tail -1 "$T/hub-ab01.csv")" "$(tail -1 "$T/AB01.csv")" "the hub filtered by showroom gives that showroom's own totals"
runatin 1111 "$HUB" report products --from 2026-11-01 --to 2026-11-22 --format xlsx --out "$T/hub.xlsx" --user admin
ok_rc 0 "hub report as XLSX"
unzip -p "$T/hub.xlsx" xl/workbook.xml > "$T/wb.xml"
ok_eq "$(grep -o '<sheet ' "$T/wb.xml" | wc -l)" "8" "a sheet per grouping and a chart sheet"
# constant-memory workbooks keep their strings inline in the sheets
ok_eq "$(unzip -p "$T/hub.xlsx" 'xl/worksheets/sheet*.xml' | grep -q 'Mật ong\|Chè\|Cà phê' && echo 1)" "1" "Vietnamese text in the workbook"
runatin 1111 "$HUB" report commercialization --from 2026-11-01 --to 2026-11-22 --format csv --user admin
python3 -c '
import csv, sys
rows = list(csv.reader(sys.stdin.read().lstrip("\ufeff").splitlines()))
h = rows[0]; i = h.index("No sales")
flags = [r[i] for r in rows[1:]]
first = flags.index("") if "" in flags else len(flags)
print("ok" if first > 0 and all(f == "" for f in flags[first:]) else "bad")' <<< "$out" > "$T/comm"
ok_eq "$(cat "$T/comm")" "ok" "3★+ products without sales come first"
# a consignment statement at a showroom
runatin 1111 "$T/AB01.db" report consignment --from 2026-11-01 --to 2026-11-22 --format csv --user admin
prod=$(printf '%s\n' "$out" | awk -F, 'NR > 1 && $5 > 0 { print $1; exit }')
runatin 2222 "$T/AB01.db" report consignment --producer "$prod" --from 2026-11-01 --to 2026-11-22 --statement --user quanly
ok_rc 0 "a consignment statement for $prod"
ok_out "CS-1" "numbered CS-1"
runatin 1111 "$T/AB01.db" receipt preview CS-1 --png "$T/cs.png" --user admin
is_png "$T/cs.png"; ok_eq $? 0 "statement preview PNG"
runatin 2222 "$T/AB01.db" report consignment-paid CS-1 --reference "UNC 0042" --user quanly
ok_rc 0 "marked paid"
runatin 2222 "$T/AB01.db" report consignment-paid CS-1 --reference "again" --user quanly
ok_rc 1 "not paid twice"
runatin 1111 "$T/AB01.db" report statement CS-1 --user admin
ok_out "Paid on 2026-11-22 10:00" "the payment time in local time"

echo "1..$_n"
