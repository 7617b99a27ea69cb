#!/usr/bin/env bash
# The manager's stock screens at 80x24: log in as quanly, open the stock
# screen from the menu, filter by the province of origin, see a product's
# lots, receive a lot by scanning (edit quantity, cost, lot, expiry), post
# it and print the goods-received note, count the province's stock by
# scanning and post the count, look at the alerts; then the database
# through the command line (stock lots, stock list, stock grn, audit).
# The product is picked from the demo data (lib_mgr.sh), so the scenario
# follows the demo as it changes.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_mgr.sh"

pick_product 1 || { notok "the demo has a shop-owned product with a barcode"; echo "1..$_n"; exit 0; }
ok "product $SKU ($NAME, $ONHAND $UNIT, province $PROV $PROVNAME)"
LOT=$(pos stock lots "$SKU" --format csv | sed -n 2p | cut -d, -f3)
FAR=$(pos stock list --format csv | grep -v '"' | awk -F, -v p="$PROV" 'NR > 1 && $10 != p { print $1; exit }')
INPROV=$(pos stock list --province "$PROV" --format csv | tail -n +2 | wc -l)
OTHER=$(pos stock list --province "$PROV" --format csv | grep -v '"' | awk -F, -v s="$SKU" 'NR > 1 && $1 != s { print $1; exit }')
[ -n "$OTHER" ] && other_before=$(onhand "$OTHER")

tui_start 80 24
mgr_login quanly 2222
menu_open "Kho hàng"
ok_screen "Hàng tồn kho" "the stock screen opens from the menu"
ok_screen "sản phẩm, giá trị" "it says how many products and their value"
ok_screen "$FAR" "unfiltered, every province is listed"
ok_screen "Nhập" "the key bar names the actions"

# Filter by the province of origin, typed by name.
key /
ok_screen "Lọc hàng tồn kho" "/ opens the filter"
typ "$PROVNAME"; wait_for "$PROVNAME"
key Enter; key Enter; key Enter; key Enter; key Enter; key Enter; key Enter
ok_screen "Lọc: tỉnh $PROVNAME" "the filter is applied and said in words"
no_screen "$FAR " "products of other provinces are not listed"
ok_screen "$INPROV sản phẩm" "the count follows the filter"

# The lots of the product: scan it to jump there.
scan "$CODE"
ok_screen "Các lô của $NAME" "a scan jumps to the product and shows its lots"
ok_screen "$LOT" "with the lot number"
key Escape
wait_gone "Các lô của" 5

# Receive: scan twice, edit the line, post, print the note.
key C-r
ok_screen "Nhập hàng (phiếu nhập kho mới)" "Ctrl-R opens a new goods receipt"
scan "$CODE"
ok_screen "$NAME × 1" "a scan adds the product"
scan "$CODE"
ok_screen "$NAME × 2" "scanning again adds one more"
no_screen "giá vốn?" "the cost of the last lot is offered"
key Enter
ok_screen "Dòng phiếu nhập" "Enter edits the line"
field_set 12; key Tab
field_set 45000; key Tab
field_set LOT-TUI-1; key Tab
field_set 31/12/2027; key Tab
_tmux send-keys C-u; key Tab
_tmux send-keys C-u; key Enter
wait_gone "Dòng phiếu nhập" 5
ok_screen "LOT-TUI-1" "the lot number is on the line"
ok_screen "31/12/2027" "the expiry is on the line"
ok_screen "1 dòng · 12 $UNIT · giá trị theo giá vốn 540.000 ₫" "the total follows the line, in its unit"
key C-p
ok_screen "Ghi sổ phiếu nhập kho này: 1 dòng, 12 $UNIT" "Ctrl-P asks once before posting"
key Enter
ok_screen "Đã ghi sổ phiếu nhập kho" "the receipt is posted"
grn=$(screen | grep -oE '[A-Z0-9]+-PNK-[0-9]{4}-[0-9]+' | head -n 1)
[ -n "$grn" ] && ok "a GRN number is shown ($grn)" || notok "a GRN number is shown"
ok_screen "In phiếu nhập kho?" "it offers to print the goods-received note"
key Enter
ok_screen "đã in $grn" "the note is printed"
[ -s "$PRN" ] && ok "bytes went to the printer" || notok "bytes went to the printer"
ok_cmd "LOT-TUI-1" "the lot is in the database" stock lots "$SKU"
ok_cmd "2027-12-31" "with its expiry" stock lots "$SKU" --format csv
now=$(onhand "$SKU")
[ "$now" = $((ONHAND + 12)) ] && ok "on hand is $ONHAND + 12" || notok "on hand is $ONHAND + 12 (it is $now)"
ok_cmd "12 $UNIT x 45.000 ₫" "the GRN has the quantity and cost typed" stock grn "$grn"
key Escape
ok_screen "Hàng tồn kho" "Esc on an empty receipt goes back to the stock"

# Count the filtered products: scan three, post.
key C-k
ok_screen "Chưa có đợt kiểm kê nào đang mở" "Ctrl-K: no count is open"
ok_screen "Lọc: tỉnh $PROVNAME" "a new count covers the screen's filter"
key C-n
ok_screen "Bắt đầu kiểm kê các sản phẩm này ngay?" "starting asks once"
key Enter
ok_screen "Kiểm kê số" "the count is open"
ok_screen "chưa đếm" "lots not counted yet are listed"
scan "$CODE"; wait_for "đếm được 1"
scan "$CODE"; wait_for "đếm được 2"
scan "$CODE"
ok_screen "$NAME: đếm được 3 $UNIT, theo sổ $((ONHAND + 12))" "each scan counts one more"
ok_screen "LOT-TUI-1          12        3       -9    -405.000 ₫" "the variance of a lot, in quantity and at cost"
ok_screen "Đã đếm 2 lô, 2 lô chênh lệch" "and the count's total"
key C-p
ok_screen "Ghi sổ kiểm kê số" "Ctrl-P asks once before posting the count"
ok_screen "Các lô chưa đếm giữ nguyên" "it says what happens to the lots not counted"
key Enter
ok_screen "đã ghi sổ kiểm kê số" "the count is posted"
now=$(onhand "$SKU")
[ "$now" = 3 ] && ok "the count set the stock to 3" || notok "the count set the stock to 3 (it is $now)"
if [ -n "$OTHER" ]; then
	now=$(onhand "$OTHER")
	[ "$now" = "$other_before" ] && ok "a product not counted stays as it was" ||
		notok "a product not counted stays as it was ($OTHER: $other_before -> $now)"
fi
ok_cmd "stock_count_post" "the count is audited" audit --format csv

# Alerts.
key C-w
ok_screen "Cảnh báo kho" "Ctrl-W shows the alerts"
key Escape
ok_screen "Hàng tồn kho" "back to the stock"
key Escape
ok_screen "Mã/SL:" "Esc goes back to the till"
tui_stop

# The same screen in English and in a large terminal.
tui_start 132 40 --lang en
login quanly 2222
if wait_for "float" 2; then key Escape; fi
menu_open "Stock: receive"
ok_screen "Stock on hand" "--lang en: the stock screen in English"
ok_screen "Province" "a large terminal shows the province column"
ok_screen "$PROVNAME" "with Vietnamese names lined up"
tui_stop
echo "1..$_n"
