#!/usr/bin/env bash
# The till at 80x24: log in (a wrong PIN first), open the shift, scan as a
# wedge burst, change quantities (+, F3, "3*" before a scan), unknown code
# and wrong check digit, search without accents, a discount over the
# cashier's limit approved by a manager's PIN, pay cash with change; then
# the database (sale show) and the printed bytes; log out and quit.
. "$(dirname "$0")/lib.sh"

tui_start 80 24
ok_screen "Đăng nhập" "the POS opens on the login screen"
typ thungan; key Enter; typ 9999; key Enter
ok_screen "sai mã PIN" "a wrong PIN is refused with a reason"
no_screen "Mã/SL:" "a wrong PIN does not open the till"

typ 1234; key Enter
ok_screen "Mở ca" "no open shift: the float is asked at login"
typ 500000; wait_for "500.000"; key Enter
ok_screen_re "│ Ca [0-9]+ │" "the status bar shows the open shift"
ok_screen "Quầy 01" "the status bar shows the till"
ok_screen "thungan" "the status bar shows the cashier"

scan 8937903100259
ok_screen "Ba kích tím Quảng Ninh khô 500 g" "a scanned code lands in the cart"
scan 2000000936048
scan 2000000936048
wait_for "Bánh đa Kế"
if screen | grep -E "Bánh đa Kế 10 cái .* 2 +39.000 ₫ +78.000 ₫" > /dev/null; then ok "scanning again adds to the line"; else notok "scanning again adds to the line"; fi
key +
if wait_for "117.000 ₫" 5; then ok "+ adds one to the selected line"; else notok "+ adds one to the selected line"; fi
key F3
ok_screen "Số lượng mới" "F3 asks for the quantity"
key C-u; typ 4; wait_for ": 4"; key Enter
ok_screen "156.000 ₫" "the new quantity is applied"
typ "3*"; wait_for "Lần quét tới: số lượng 3"
ok "3* sets the quantity of the next scan"
scan 8937903100259
ok_screen "1.360.000 ₫" "3* then a scan sells 3 more (4 in all)"

scan 8931234500016
ok_screen "không có trong danh mục" "an unknown code is said, not dropped"
scan 8937903100258
ok_screen "sai số kiểm tra" "a wrong check digit is said"

key /
ok_screen "Tìm:" "/ opens the search"
typ "mat ong"
ok_screen "Mật ong bạc hà Mèo Vạc 250 ml" "search without accents finds Mật ong"
key Enter
ok_screen "Mật ong bạc hà Mèo Vạc 250 ml × 1" "Enter adds the product from the search"
key +
ok_screen "Mật ong bạc hà Mèo Vạc 250 ml × 2" "the line added from the search is the selected one (+ acts on it)"

# 20 % is over the cashier's limit: a manager approves with a PIN.
key F4
ok_screen "Phần trăm" "F4 asks for the discount"
ok_screen "Áp dụng (1 dòng, 2 cả đơn):" "its fields fit the dialog"
typ 20; key Enter Enter Enter
ok_screen "vượt hạn mức của thungan" "over the cashier's limit: a manager must approve"
typ quanly; key Enter; typ 2222; key Enter
ok_screen "quanly đã duyệt giảm giá" "the manager's PIN approves it"
ok_screen_re "Mật ong bạc hà M…250 ml +\(giảm giá\) +★★★ +2 +170.000 ₫ +272.000 ₫" "the line says it has a discount, whole (and the name its size: 250 ml)"
ok_screen "Giảm giá: 68.000 ₫" "the discount is in the totals"

key F10
ok_screen "THANH TOÁN" "F10 opens the payment"
ok_screen "1.788.000 ₫" "the total to pay"
typ 2000000; wait_for "2.000.000"
ok_screen "212.000 ₫" "the change is shown before taking the money"
key Enter
ok_screen "ĐÃ BÁN XONG" "the sale is complete"
ok_screen "Đã in hóa đơn" "the receipt printed (file printer)"
no=$(receipt_on_screen)
[ -n "$no" ] && ok "a receipt number is shown ($no)" || notok "a receipt number is shown"
ok_cmd '"total": 1788000' "the sale is in the database" sale show "$no" --format json
ok_cmd '"change": 212000' "with the change" sale show "$no" --format json
ok_cmd '"discount": 68000' "with the approved discount" sale show "$no" --format json
ok_cmd '"method": "cash"' "paid in cash" sale show "$no" --format json
[ -s "$PRN" ] && ok "bytes went to the printer" || notok "bytes went to the printer"
if od -An -tx1 -v "$PRN" | tr -d '\n' | grep -q "1b 70"; then ok "the cash sale kicked the drawer (ESC p)"; else notok "the cash sale kicked the drawer (ESC p)"; fi
key Enter
ok_screen "Quét mã sản phẩm" "Enter starts the next sale with an empty cart"
ok_screen "xong hóa đơn $no" "the till says which receipt was done"
screen > "$T/till.txt"
key Escape
ok_screen "Đăng xuất?" "Esc on the till asks before logging out"
key Enter
ok_screen "Đăng nhập" "logged out"
key Escape; key Enter
rc=$(wait_exit 5)
[ "$rc" = 0 ] && ok "Esc, Enter on the login screen quits cleanly" || notok "Esc, Enter on the login screen quits cleanly (exit '$rc')"
