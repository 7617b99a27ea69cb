#!/usr/bin/env bash
# Invoice history on the till (issue 14 item 21): Ctrl-A lists today's
# invoices, / finds by the number's last digits, by buyer without accents
# and by total; Enter shows one, F4 reprints a copy, F7 starts a return
# against it, F8 voids the last sale with a manager's PIN typed in place
# (another sale is refused in words); scanning a receipt's barcode on the
# sale screen opens its invoice instead of "not in the catalogue".
. "$(dirname "$0")/lib.sh"

echo 1234 | pos shift open --user thungan --float 0 > /dev/null 2>&1
echo 1234 | pos sale --user thungan --scan 8937903100259 --buyer-name "Công ty Hoa Sen" \
	--pay cash > "$T/s1" 2>&1
no1=$(grep -oE '[A-Z0-9]+-[0-9]{2}-[0-9]{4}-[0-9]{6}' "$T/s1" | head -n 1)
echo 1234 | pos sale --user thungan --scan "8937903100259*2" --pay cash > "$T/s2" 2>&1
no2=$(grep -oE '[A-Z0-9]+-[0-9]{2}-[0-9]{4}-[0-9]{6}' "$T/s2" | head -n 1)
[ -n "$no1" ] && [ -n "$no2" ] && ok "two sales ($no1, $no2)" || notok "two sales"

tui_start 80 24
login thungan 1234
key C-a
ok_screen "Lịch sử hóa đơn" "Ctrl-A opens the invoice history"
ok_screen "$no2" "today's invoices, the newest"
ok_screen "$no1" "and the one before"
key /
ok_screen "Tìm hóa đơn" "/ searches"
typ "hoa sen"; key Enter; key Enter; key Enter
ok_screen "Lịch sử hóa đơn (1)" "a buyer found without accents"
ok_screen "$no1" "the right invoice"
key Enter
ok_screen "Công ty Hoa Sen" "Enter shows the invoice"
ok_screen "Ba kích tím" "with its lines"
key Enter
: > "$PRN"
key F4
ok_screen "đã in lại $no1" "F4 reprints it"
grep -qa "BẢN SAO\|B.N SAO" "$PRN" || grep -qa "$no1" "$PRN"; [ -s "$PRN" ] && ok "the copy went to the printer" || notok "the copy went to the printer"
key F8
ok_screen "Hủy $no1" "F8 asks a manager to void it"
typ quanly; key Enter; typ 2222; key Enter; typ "khách đổi ý"; key Enter
ok_screen "chỉ hủy được đơn bán cuối cùng" "not the last sale: refused in words"
key Escape
key /
key C-u; typ "${no2: -4}"; key Enter; key Enter; key Enter
ok_screen "Lịch sử hóa đơn (1)" "found by the number's last digits"
key F8
typ quanly; key Enter; typ 2222; key Enter; typ "khách đổi ý"; key Enter
ok_screen "đã hủy $no2" "the last sale voided with the manager's PIN"
ok_cmd "\"voided_by\": \"${no2%%-*}-" "voided in the database" sale show "$no2" --format json
key Escape
# a scanned receipt barcode opens its invoice
scan "$no1"
ok_screen "Lịch sử hóa đơn (1)" "scanning a receipt opens the history"
no_screen "không có trong danh mục" "not taken for a product"
key F7
ok_screen "TRẢ HÀNG" "F7 starts a return against it"
ok_screen "Ba kích tím" "with its lines"
