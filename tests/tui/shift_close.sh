#!/usr/bin/env bash
# A shift from opening to the Z report: float, cash in, a sale, the X
# report, then the blind count per banknote and the Z report, printed.
. "$(dirname "$0")/lib.sh"

tui_start 80 24
login thungan 1234
ok_screen "Mở ca" "the float is asked"
typ 500000; key Enter
ok_screen "tiền đầu ca 500.000 ₫" "the shift is open with its float"
key F11
ok_screen "CA LÀM VIỆC" "F11 opens the shift screen"
key 2
ok_screen "Nộp vào két" "cash in asks the amount"
typ 100000; key Tab; typ "tien le"; key Enter
ok_screen "đã ghi nhận nộp 100.000 ₫ vào két" "cash in recorded"
key Escape
scan 2000000936048
key F10; key x
ok_screen "ĐÃ BÁN XONG" "a cash sale (x = exact)"
key Enter
key C-w; key 3
ok_screen "Rút ra khỏi két" "cash out asks the amount"
typ 5000000; key Tab; typ "nop ngan hang"; key Enter
ok_screen "không có đủ số tiền đó" "14.14: too large a cash-out is refused"
no_screen "639.000" "14.14: without telling the cashier what the drawer should hold"
key Escape; key Escape
key C-w; key 4
ok_screen "BÁO CÁO X" "the X report"
key PageDown
settle
no_screen "639.000 ₫" "14.14: the cashier's X report has no expected cash (the close is blind)"
key Escape; key Escape
# A manager sees it.
key Escape; wait_for "Đăng xuất?"; key Enter
login quanly 2222
key C-w; key 4
ok_screen "BÁO CÁO X" "the manager's X report"
key PageDown
ok_screen "639.000 ₫" "14.14: shows the manager expected cash = float + cash in + sale"
key Escape; key Escape
key Escape; wait_for "Đăng xuất?"; key Enter
login thungan 1234
size=$(stat -c %s "$PRN")
key F11; key 5
ok_screen "ĐẾM TIỀN TRONG KÉT" "closing starts with the count"
no_screen "639.000" "the count is blind (no expected amount shown)"
typ 1; key Down; key Down; typ 1; key Down; key Down; key Down; typ 3
ok_screen "Đếm được: 630.000 ₫" "the counted total adds up the notes"
key F10
ok_screen "Đóng ca" "closing asks once"
key Enter
ok_screen "BÁO CÁO Z" "the Z report is shown"
ok_screen "630.000 ₫" "with the counted cash"
no_screen "-9.000" "14.14: but not the shortage: over/short is the manager's (blind close)"
no_screen "639.000" "14.14: nor the expected cash"
ok_screen "đã in báo cáo Z" "and printed"
[ "$(stat -c %s "$PRN")" -gt "$size" ] && ok "the Z report went to the printer" || notok "the Z report went to the printer"
ok_cmd '"closed":true' "the shift is closed in the database" shift show --format json
ok_cmd '"counted_cash":630000' "with the count" shift show --format json
ok_cmd '"over_short":-9000' "and the over/short" shift show --format json
key Escape
ok_screen "Chưa mở ca" "the status bar says no shift is open"
