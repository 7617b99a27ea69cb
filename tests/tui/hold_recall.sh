#!/usr/bin/env bash
# Hold a sale, serve the next customer, recall the first one (the second
# is held in turn, never thrown away); held carts survive in the database.
. "$(dirname "$0")/lib.sh"

tui_start 80 24
login thungan 1234
wait_for "Mở ca"; typ 0; key Enter
scan 8937903100259
ok_screen "Ba kích tím" "first customer's product"
key F5
ok_screen "ĐƠN ĐANG TẠM GIỮ" "F5 opens the held sales"
ok_screen "+ Tạm giữ đơn đang bán (1 dòng" "the first row holds the current sale"
key Enter
ok_screen "Tên đơn" "a label is asked"
key C-u; typ "chi Lan"; key Enter
ok_screen 'đã tạm giữ đơn với tên "chi Lan"' "the sale is on hold"
ok_screen "Quét mã sản phẩm" "the cart is empty for the next customer"
ok_cmd "chi Lan" "the held cart is in the database" sale held --format csv
scan 2000000936048
ok_screen "Bánh đa Kế" "second customer's product"
key C-t
ok_screen "chi Lan" "Ctrl-T lists the held sale"
key Down; key Enter
ok_screen "đã gọi lại đơn: 1 dòng, 340.000 ₫" "the held sale is recalled"
ok_screen "Ba kích tím" "its product is back in the cart"
no_screen "Bánh đa Kế" "the second customer's cart was put aside"
pos sale held --format csv > "$T/held.csv"
if grep -q "39000" "$T/held.csv" && ! grep -q "chi Lan" "$T/held.csv"; then
	ok "the second cart is held, the recalled one is not"
else notok "the second cart is held, the recalled one is not"; cat "$T/held.csv"; fi
