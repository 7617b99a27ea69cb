#!/usr/bin/env bash
# A transfer between two showrooms through the stock screens: the demo
# showroom's manager scans two of a product into a transfer to HUE01 and sends
# it (the file's path is shown); the manager at HUE01 picks the file in
# the file list and receives it; a second try is refused in words.  The
# command line checks both databases afterwards.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_mgr.sh"

pick_product 2 || { notok "the demo has a product with 2 in stock and a barcode"; echo "1..$_n"; exit 0; }
ok "product $SKU ($NAME, $ONHAND $UNIT)"
before=$ONHAND

tui_start 80 24
mgr_login quanly 2222
menu_open "Kho hàng"
ok_screen "Hàng tồn kho" "the stock screen"
key C-t
ok_screen "Chuyển hàng sang điểm bán khác" "Ctrl-T starts a transfer"
scan "$CODE"
ok_screen "$NAME × 1" "a scan adds the product"
scan "$CODE"
ok_screen "$NAME × 2" "a second scan adds one more"
key C-p
ok_screen "Đến điểm bán" "Ctrl-P asks where to"
field_set hue01; key Tab
field_set "hàng Tết"; key Tab
field_set "$T/tf.json"; key Enter
ok_screen "Chuyển 1 dòng (2 $UNIT) đến điểm bán HUE01?" "sending asks once"
key Enter
ok_screen "Đã chuyển hàng" "the goods are sent"
ok_screen "$T/tf.json" "the file's path is shown"
ok_screen "In phiếu chuyển kho đi kèm hàng?" "14.25: it offers to print the transfer note"
key Enter
ok_screen "đã in phiếu chuyển kho" "14.25: the transfer note is printed"
[ -s "$PRN" ] && ok "14.25: bytes went to the printer" || notok "14.25: bytes went to the printer"
[ -s "$T/tf.json" ] && ok "the transfer file is written" || notok "the transfer file is written"
ok_cmd ",out,DEMO,HUE01,in_transit," "the transfer is recorded" stock transfers --format csv
now=$(onhand "$SKU")
[ "$now" = $((before - 2)) ] && ok "two left the stock" || notok "two left the stock ($before -> $now)"
tui_stop

# The receiving showroom: same catalogue, DEMO's key registered.
key_line=$(pos showroom key)
pos catalog export --format json > "$T/catalog.json"
DB=$T/hue.db
pos init --showroom HUE01 --name "Điểm OCOP Huế" --province 46 > /dev/null
echo 1111 | pos user add admin --role admin > /dev/null 2>&1
printf '2222\n1111\n' | pos user add quanly --role manager --by admin > /dev/null 2>&1
pos catalog import "$T/catalog.json" > /dev/null
pos showroom register DEMO --key "${key_line#DEMO }" > /dev/null
ok_cmd "HUE01" "the second showroom is ready" showroom key

tui_start 80 24
mgr_login quanly 2222
menu_open "Kho hàng"
ok_screen "chưa có hàng trong kho" "HUE01 has no stock yet"
key C-o
ok_screen "chọn tệp" "Ctrl-O lists the files to receive"
ok_screen "tf.json" "the transfer file is in the list"
field_set "$T/tf.json"; key Enter
ok_screen "Từ điểm bán DEMO đến HUE01" "the file is read and summed up"
ok_screen "hàng Tết" "with its note"
key Enter
ok_screen "Đã nhận 1 lô từ điểm bán DEMO" "the goods are received"
key Enter
ok_screen "$SKU" "the stock list shows them"
[ "$(onhand "$SKU")" = 2 ] && ok "two arrived" || notok "two arrived ($(onhand "$SKU"))"
key C-o
wait_for "chọn tệp"
field_set "$T/tf.json"; key Enter
wait_for "Nhận hàng chuyển kho"
key Enter
ok_screen "Chưa nhận được hàng chuyển đến" "receiving the same file again is refused"
key Enter
[ "$(onhand "$SKU")" = 2 ] && ok "and nothing changed" || notok "and nothing changed"
tui_stop
echo "1..$_n"
