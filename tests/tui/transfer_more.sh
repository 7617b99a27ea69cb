#!/usr/bin/env bash
# Transfer-in fixes (issue 14 item 19): the file picker's label
# "Đường dẫn:" is not overwritten by the path; this showroom's own
# outgoing file is refused before any summary; the summary's time is
# Vietnam time, as the clock shows, not UTC.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_mgr.sh"

pick_product 2 || { notok "the demo has a product with 2 in stock"; echo "1..$_n"; exit 0; }
echo 2222 | pos stock transfer-out --to HUE01 --out "$T/tf.json" "$SKU" 1 --user quanly \
	> "$T/out" 2>&1
[ -s "$T/tf.json" ] && ok "a transfer file from DEMO" || { notok "a transfer file"; cat "$T/out"; }

tui_start 80 24
mgr_login quanly 2222
menu_open "Kho hàng"
key C-o
ok_screen "Đường dẫn:" "the picker's label is whole"
field_set "$T/tf.json"; key Enter
ok_screen "gửi đến HUE01: hàng được nhận ở đó" "our own outgoing file is refused"
no_screen "Nhập số hàng này vào kho" "without offering to receive it"
key Enter
tui_stop

key_line=$(pos showroom key)
pos catalog export --format json > "$T/catalog.json"
DB=$T/hue.db
pos init --showroom HUE01 --name "Điểm OCOP Huế" --province 46 > /dev/null
echo 1111 | pos user add admin --role admin > /dev/null 2>&1
printf '2222\n1111\n' | pos user add quanly --role manager --by admin > /dev/null 2>&1
pos catalog import "$T/catalog.json" > /dev/null
pos showroom register DEMO --key "${key_line#DEMO }" > /dev/null
tui_start 80 24
mgr_login quanly 2222
menu_open "Kho hàng"
key C-o
wait_for "Đường dẫn"
field_set "$T/tf.json"; key Enter
ok_screen "Từ điểm bán DEMO đến HUE01" "the file is summed up at HUE01"
vn=$(TZ=Asia/Ho_Chi_Minh date +%Y-%m-%d\ %H:)
utc=$(date -u +%H:%M)
ok_screen "gửi lúc $vn" "sent at Vietnam time"
no_screen "${utc}Z" "not UTC"
tui_stop

# item 18: a product received for the first time opens its line on the
# quantity, not the cost
DB=$T/pos.db
pos product add NEW-001 --name "Trà mãng cầu Tây Ninh" --producer "$(pos producer list --format csv | sed -n 2p | cut -d, -f1)" \
	--group 1 --stars 3 --price 95000 --unit hộp --barcode 8930000001115 --cert-issued 2025-01-15 > "$T/out" 2>&1 \
	&& ok "a product never received" || { notok "a product never received"; cat "$T/out"; }
tui_start 80 24
mgr_login quanly 2222
menu_open "Kho hàng"
key C-r
ok_screen "Nhập hàng (phiếu nhập kho mới)" "a new goods receipt"
scan 8930000001115
ok_screen "Trà mãng cầu" "the new product is on it"
key Enter
ok_screen "Dòng phiếu nhập" "Enter edits the line"
field_set 24
ok_screen_re "Số lượng: +24" "the first field typed in is the quantity"
tui_stop

# item 20: a consigned lot's commission keeps its "%" beside a long producer code
DB=$T/pos.db
line=$(pos stock lots --owner consigned --format csv | sed 's/"[^"]*"/x/g' | awk -F, 'NR > 1 && length($7) >= 16 { print; exit }')
lsku=$(printf '%s' "$line" | cut -d, -f1)
lowner=$(printf '%s' "$line" | cut -d, -f7)
if [ -z "$lsku" ]; then
	notok "the demo has a consigned lot of a producer with a long code"
else
	ok "a consigned lot of $lowner ($lsku)"
	tui_start 80 24
	mgr_login quanly 2222
	menu_open "Kho hàng"
	scan "$lsku"
	ok_screen "Các lô của" "the product's lots"
	ok_screen_re "${lowner:0:8}[A-Z-]* [0-9]+(,[0-9]+)? %" "the commission shows with its %"
fi
