#!/usr/bin/env bash
# sale, return, sale void/show/held: scripted sales with exact VND
# arithmetic, payments and change, idempotent retries (--uuid), discounts
# and approvals, oversell, label-scale codes, returns and their limits,
# voids, and db check at the end.
. "$(dirname "$0")/lib.sh"
export OCOP_POS_NOW=2026-11-22T03:00:00Z

run init --showroom DN01 --name "Điểm OCOP Đà Nẵng" --province 48
runin 1111 user add admin --role admin
runin $'1234\n1111' user add thungan --role cashier --by admin
runin $'2222\n1111' user add quanly --role manager --by admin
runin 1111 producer add HTX-A --name "HTX Mật ong Mèo Vạc" --kind HTX --province 08 --user admin
runin 1111 producer add HKD-B --name "Hộ Lò Thị Mai" --kind household --province 14 --user admin
runin 1111 product add MO-001 --name "Mật ong bạc hà Mèo Vạc" --producer HTX-A --group 1 --stars 4 --price 185000 --vat 5 --barcode 8931234500016 --unit hũ --cert-issued 2025-01-15 --user admin
runin 1111 product add TRA-01 --name "Trà shan tuyết" --producer HKD-B --group 1 --stars 4 --price 90000 --vat 8 --unit gói --cert-issued 2025-01-15 --user admin
runin 1111 product add GAO-01 --name "Gạo ST25" --producer HTX-A --group 1 --stars 5 --price 33333 --vat KCT --unit kg --cert-issued 2025-01-15 --barcode 2100001000004 --user admin
runin 1111 product add DL-001 --name "Tour bản Lác" --producer HKD-B --group 6 --stars 3 --price 300000 --unit lượt --cert-issued 2025-01-15 --user admin
runin 2222 stock receive MO-001 10 --cost 120000 --user quanly
runin 2222 stock receive TRA-01 4 --cost 60000 --user quanly --consign HKD-B --commission 15
runin 2222 stock receive GAO-01 50 --cost 20000 --user quanly
ok_rc 0 "stock received"

# --- no shift, no sale ---------------------------------------------------
runin 1234 sale --user thungan --scan MO-001 --pay cash
ok_rc 1 "no sale without an open shift"
ok_err "shift" "the message says to open a shift"
runin 1234 shift open --user thungan --float 500000
ok_rc 0 "shift opened"

# --- usage ------------------------------------------------------------------
run sale --help
ok_rc 0 "sale --help"
ok_out "--scan CODE" "help shows --scan"
run return --help
ok_rc 0 "return --help"
runin 1234 sale --user thungan --pay cash
ok_rc 2 "a sale without --scan is a usage error"
runin 1234 sale --user thungan --scan MO-001
ok_rc 2 "a sale without --pay is a usage error"
runin 1234 sale --user thungan --scan MO-001 --pay cheque
ok_rc 1 "an unknown payment method is refused"
ok_err "cash, qr, card or wallet" "the message lists the methods"
runin 9999 sale --user thungan --scan MO-001 --pay cash
ok_rc 1 "a wrong PIN is refused"
runin 1234 sale --user thungan --scan NOPE --pay cash
ok_rc 1 "an unknown code is refused"
ok_err "NOPE" "the message names the code"
runin 1234 sale --user thungan --scan 8931234500017 --pay cash
ok_rc 1 "a wrong check digit is refused"

# --- a sale with change, VAT by rate ----------------------------------------
runin 1234 sale --user thungan --scan 8931234500016*2 --scan GAO-01*1.5 --scan TRA-01 --pay cash:600000
ok_rc 0 "a sale with three lines"
ok_out "Receipt DN01-01-2026-000001" "the first receipt number"
ok_match "^Total: +510.000 ₫" "total 370.000 + 50.000 (1,5 x 33.333 rounded) + 90.000"
ok_match "^VAT at 5%: +17.619 ₫" "VAT 5 % inside 370.000"
ok_match "^VAT at 8%: +6.667 ₫" "VAT 8 % inside 90.000"
ok_match "^Not subject to VAT: +0 ₫" "rice is not subject to VAT"
ok_match "^Change: +90.000 ₫" "change from 600.000"
runin 1234 sale --user thungan --scan MO-001 --pay cash:200000
ok_match "^Change: +15.000 ₫" "change from 200.000"
ok_match "cash received: +200.000 ₫" "what was handed over is shown"

# --- split payments and JSON ---------------------------------------------
runin 1234 sale --user thungan --scan DL-001*2 --pay card:100000:VCB-889 --pay qr:200000 --pay cash --format json
ok_rc 0 "a split payment"
ok_out '"receipt_no": "DN01-01-2026-000003"' "JSON has the receipt number"
ok_out '"total": 600000' "JSON total is an integer"
ok_out '"method": "card", "amount": 100000' "card payment"
ok_out '"method": "cash", "amount": 300000' "cash pays the rest"
runin 1234 sale --user thungan --scan MO-001 --pay card:50000
ok_rc 1 "a card payment needs a reference"
runin 1234 sale --user thungan --scan MO-001 --pay card:900000:X1
ok_rc 1 "a card cannot pay more than is due"

# --- idempotent retries ---------------------------------------------------
U=6f1c2d3e-4b5a-4978-8a1b-2c3d4e5f6a7b
runin 1234 sale --user thungan --scan TRA-01 --pay cash --uuid $U
ok_rc 0 "a sale with --uuid"
ok_out "DN01-01-2026-000004" "numbered 4"
runin 1234 sale --user thungan --scan TRA-01 --pay cash --uuid $U
ok_rc 0 "the same --uuid again"
ok_out "Already recorded" "the retry says it was recorded already"
ok_out "DN01-01-2026-000004" "same receipt number"
runin 1234 sale --user thungan --scan TRA-01 --pay cash --uuid $U --format json
ok_out '"replayed": true' "JSON marks the replay"
runin 1234 sale --user thungan --scan TRA-01 --pay cash --uuid not-a-uuid
ok_rc 1 "a malformed --uuid is refused"

# --- discounts and approval -------------------------------------------------
runin 1234 sale --user thungan --scan MO-001 --discount 20% --pay cash
ok_rc 1 "20 % is over the cashier's limit"
ok_err "manager" "the message asks for a manager"
runin $'1234\n1111' sale --user thungan --scan MO-001 --discount 20% --pay cash --approve quanly
ok_rc 1 "a wrong approver PIN is refused"
runin $'1234\n2222' sale --user thungan --scan MO-001 --discount 20% --pay cash --approve quanly
ok_rc 0 "approved by a manager"
ok_match "^Total: +148.000 ₫" "20 % off 185.000"
ok_out "Approved by: quanly" "the approver is on the receipt"
runin 1234 sale --user thungan --scan MO-001 --scan GAO-01 --line-discount 1:10000 --discount 5% --pay cash
ok_rc 0 "a line discount and a sale discount"
ok_match "^Total: +197.916 ₫" "(185.000 - 10.000 + 33.333) less 5 % (10.416,65 -> 10.417)"
runin 1234 sale --user thungan --scan MO-001 --line-discount 3:10% --pay cash
ok_rc 1 "a discount on a line that does not exist"
runin 1234 sale --user thungan --scan MO-001 --price 1:100000 --pay cash
ok_rc 1 "a price change needs a manager"
runin 1111 audit --user admin
ok_out "discount" "the approved discount is audited"

# --- buyer details ------------------------------------------------------------
runin 1234 sale --user thungan --scan MO-001 --buyer-name "Công ty A" --buyer-tax 0100109107 --pay cash
ok_rc 1 "a wrong buyer tax code is refused"
ok_err "check digit" "the message says check digit"
runin 1234 sale --user thungan --scan MO-001 --buyer-name "Công ty TNHH A" --buyer-tax 0100109106 --buyer-address "Huế" --pay cash
ok_rc 0 "a sale with an invoice buyer"
ok_out "tax code 0100109106" "the buyer's tax code is on the receipt"

# --- oversell, numbering without gaps --------------------------------------
runin 1111 sale show DN01-01-2026-000007 --user admin
ok_rc 0 "the last receipt so far"
runin 1234 sale --user thungan --scan TRA-01*9 --pay cash
ok_rc 1 "selling more than is on hand is refused"
ok_err "TRA-01" "the message names the product"
runin 1234 sale --user thungan --scan 2100001015008 --pay cash
ok_rc 0 "a label-scale code (1,5 kg)"
ok_out "DN01-01-2026-000008" "no number was lost to the refused sale"
ok_out "1,5 kg" "the weight comes from the label"

# --- returns -------------------------------------------------------------------
runin 1234 return DN01-01-2026-000001 --scan MO-001 --user thungan --refund cash
ok_rc 0 "return one jar"
ok_out "Refund DN01-01-2026-R000001" "a refund has its own number"
ok_match "^Total: +185.000 ₫" "one jar refunded"
runin 1234 return DN01-01-2026-000001 --scan MO-001*2 --user thungan
ok_rc 1 "cannot return more than sold minus returned"
ok_err "already returned" "the message says what was returned"
runin 1234 return DN01-01-2026-000001 --scan DL-001 --user thungan
ok_rc 1 "cannot return what was not sold on the receipt"
runin 1234 return DN01-01-2026-000001 --all --user thungan
ok_rc 0 "return the rest"
ok_match "^Total: +325.000 ₫" "the rest: 185.000 + 50.000 + 90.000"
runin 1234 return DN01-01-2026-000001 --all --user thungan
ok_rc 1 "nothing left to return"
runin 1234 return DN01-01-2026-000099 --all --user thungan
ok_rc 1 "an unknown receipt"
runin 1234 return DN01-01-2026-000002 --user thungan
ok_rc 2 "return needs --scan or --all"
runin 1234 return DN01-01-2026-000002 --all --user thungan --writeoff "vỡ"
ok_rc 1 "a cashier cannot write stock off"
runin 2222 return DN01-01-2026-000002 --all --user quanly --writeoff "damaged: vỡ nắp"
ok_rc 0 "a manager takes it back and writes it off"
runin 1111 sale show DN01-01-2026-000001 --user admin
ok_out "Returns: 2, refunded 510.000 ₫" "the sale shows its returns"

# --- void ---------------------------------------------------------------------
runin 1234 sale void --user thungan --reason "nhầm"
ok_rc 1 "a cashier cannot void"
runin 2222 sale void --user quanly
ok_rc 2 "a void needs a reason"
runin 2222 sale void --user quanly --reason "khách đổi ý"
ok_rc 0 "the manager voids the last sale"
ok_out "Void DN01-01-2026-R000004" "a void is numbered in the refund series"
ok_out "Of sale: DN01-01-2026-000008" "it voids the last sale"
runin 2222 sale void --user quanly --reason "lần nữa"
ok_rc 1 "the same sale cannot be voided twice"
runin 1111 sale show DN01-01-2026-000008 --user admin
ok_out "Voided by: DN01-01-2026-R000004" "the sale shows its void"
runin 1111 sale show NOPE --user admin
ok_rc 1 "an unknown receipt"
runin 1111 sale held --user admin
ok_rc 0 "sale held"
runin 1111 sale held --format csv --user admin
ok_out "uuid,label,lines,total" "held carts as CSV"

# --- printing after the commit ----------------------------------------------
runin 1234 sale --user thungan --scan MO-001 --pay cash --print --printer "file:$T/r.prn"
ok_rc 0 "sale --print"
ok_out "Printed receipt DN01-01-2026-000009" "the receipt is printed after the commit"
ok_eq "$([ -s "$T/r.prn" ] && echo yes)" yes "the printer file got the bytes"
runin 1234 sale --user thungan --scan MO-001 --pay cash --print --printer tcp:127.0.0.1:1
ok_rc 0 "a print failure does not undo the sale"
ok_err "receipt print DN01-01-2026-000010" "the message says how to print it again"
runin 1111 sale show DN01-01-2026-000010 --user admin
ok_rc 0 "the sale is saved"

# --- the database is consistent -------------------------------------------
run db check
ok_rc 0 "db check passes"
ok_out "no problems" "db check finds nothing"
runin 1111 stock list --format csv --user admin
ok_out "MO-001" "stock list"
