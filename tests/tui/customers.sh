#!/usr/bin/env bash
# Customers at the till (issue 14 item 24): Ctrl-N finds a regular by
# phone and puts them on the sale (the e-invoice buyer), offers their
# points as a discount; an unknown phone adds a customer with a 12-digit
# CCCD; the sale lands in their purchase history with points earned.
. "$(dirname "$0")/lib.sh"

echo 1234 | pos shift open --user thungan --float 0 > /dev/null 2>&1
echo 1111 | pos customer loyalty --earn 1 --value 10 --user admin > /dev/null 2>&1
echo 1234 | pos customer add --phone 0912345678 --name "Trần Thị Hoa" --user thungan > /dev/null 2>&1
echo 1234 | pos sale --user thungan --scan 8937903100259 --customer 0912345678 --pay cash > "$T/s1" 2>&1
grep -qE "cộng [1-9][0-9]* điểm" "$T/s1" && ok "a first sale earns points" || { notok "a first sale earns points"; cat "$T/s1"; }
pts=$(echo 1234 | pos customer show 0912345678 --format json --user thungan 2>/dev/null | grep -c receipt_no)
[ "$pts" = 1 ] && ok "one purchase in the history" || notok "one purchase in the history ($pts)"

tui_start 80 24
login thungan 1234
scan 8937903100259
ok_screen "Ba kích" "a product in the cart"
key C-n
ok_screen "Số điện thoại của khách" "Ctrl-N asks for the customer's phone"
typ 0912345678; key Enter
ok_screen "Điểm tích lũy" "a regular with points is offered to redeem them"
ok_screen "Trần Thị Hoa có" "named"
typ 100; key Enter
ok_screen "đã dùng 100 điểm" "100 points redeemed"
ok_screen "Trần Thị Hoa" "the customer is on the sale"
key F10
ok_screen "THANH TOÁN" "payment"
key Enter
ok_screen "ĐÃ BÁN XONG" "sold"
no=$(receipt_on_screen)
key Enter
json=$(echo 1234 | pos customer show 0912345678 --format json --user thungan 2>/dev/null)
case $json in *"$no"*) ok "the till's sale is in the customer's history ($no)" ;; *) notok "the till's sale is in the customer's history ($no)" ;; esac
case $(printf '%s' "$json" | tr -d ' \t') in *'"points_redeemed":100'*) ok "the points redeemed are recorded" ;; *) notok "the points redeemed are recorded" ;; esac
ok_cmd "Trần Thị Hoa" "the e-invoice buyer is the customer" sale show "$no"
ok_cmd "1.000 ₫" "the points were a 1.000 ₫ discount" sale show "$no"

# an unknown phone: a new customer with a CCCD as tax code
scan 8937903100259
key C-n
ok_screen "Số điện thoại của khách" "Ctrl-N again"
typ 0987000111; key Enter
ok_screen "Khách hàng mới" "an unknown phone opens the new-customer form"
typ "Lê Văn Nam"; key Enter
typ 079123456789; key Enter
key Enter
key Enter
ok_screen "Lê Văn Nam đã gắn vào đơn" "added and put on the sale"
ok_cmd "079123456789" "the CCCD is stored" customer list --personal --user quanly <<< 2222
key F10; key Enter
ok_screen "ĐÃ BÁN XONG" "sold to the new customer"
no2=$(receipt_on_screen)
ok_cmd "079123456789" "their CCCD is the invoice's tax code" sale show "$no2"
tui_stop

# the manager's customer list
. "$(dirname "$0")/lib_mgr.sh"
tui_start 80 24
mgr_login quanly 2222
menu_open "Khách hàng"
ok_screen "Khách hàng (2)" "the manager's customer list"
ok_screen "Trần Thị Hoa" "names for a manager"
ok_screen "0987000111" "phones"
key /
ok_screen "Tìm khách hàng" "/ searches"
typ "le van"; key Enter
ok_screen "Khách hàng (1) · le van" "found without accents"
key Down; key Enter
ok_screen "079123456789" "Enter shows the customer's purchases with their tax code"
ok_screen "$no2" "and the sale made at the till"
key Enter
key F6
ok_screen "Xuất kèm thông tin cá nhân" "F6 asks before exporting personal data"
key Enter
ok_screen "đã xuất 1 khách hàng" "exported"
f=$(ls "$T"/customers-*-personal.csv 2>/dev/null | head -n 1)
ok_file "$f" "Lê Văn Nam" "the CSV has the personal data"
ok_cmd "customer.export" "the export is in the audit log" audit --format csv
key F5
ok_screen "đã xuất 1 khách hàng" "F5 exports without personal data"
f=$(ls "$T"/customers-*.csv 2>/dev/null | grep -v personal | head -n 1)
ok_file "$f" "098****111" "masked phone"
grep -q "Lê Văn Nam" "$f" && notok "no names in it" || ok "no names in it"
