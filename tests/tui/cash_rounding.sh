#!/usr/bin/env bash
# Issue 14 item 15 at the till: with cash rounding to 1.000 ₫ a total of
# 164.480 ₫ is 164.000 ₫ in cash (the rounding on screen, on the receipt,
# in the database); a transfer pays the exact amount.
. "$(dirname "$0")/lib.sh"

prod=$(pos producer list --format csv | sed -n 2p | cut -d, -f1)
pos product add TEST-GAO --name "Gạo thử làm tròn" --producer "$prod" --group 1 --stars 4 \
	--price 32896 --vat KCT --unit kg --cert-issued 2025-01-15 > /dev/null 2>&1
printf '1111\n' | pos stock receive TEST-GAO 50 --cost 20000 --user admin > /dev/null 2>&1
printf '1111\n' | pos sale rounding 1000 --user admin > /dev/null 2>&1

tui_start 80 24
login thungan 1234
if wait_for "Mở ca" 2; then typ 500000; key Enter; fi
typ "5*"; scan TEST-GAO
ok_screen "164.480 ₫" "15: a cart of 164.480"
key F10
ok_screen_re "Làm tròn +-480 ₫" "15: the rounding is shown"
ok_screen_re "Tiền mặt +164.000 ₫" "15: the cash to take is rounded to 164.000"
ok_screen "a 200.000  b 500.000  x" "15: quick notes above it"
key a; key Enter
ok_screen "ĐÃ BÁN XONG" "15: a and Enter take 200.000"
ok_screen "36.000 ₫" "15: the change is from 164.000"
ok_screen "Làm tròn tiền mặt: -480 ₫" "15: the rounding is said after the sale"
no=$(receipt_on_screen)
ok_cmd '"cash_rounding": -480' "15: stored with the sale" sale show "$no" --format json
ok_cmd '"total": 164480' "15: the total stays exact" sale show "$no" --format json
ok_cmd "Làm tròn" "15: the receipt has a Làm tròn line" receipt show "$no"
key Enter
# A transfer is never rounded: the QR asks for the exact 164.480.
typ "5*"; scan TEST-GAO
key F10
key q
ok_screen "164.480 ₫" "15: VietQR asks for the exact amount"
no_screen "Làm tròn" "15: no rounding for a transfer"
