#!/usr/bin/env bash
# The reports screen at 80x24: the manager reads the products report for
# this year, sorts it by quantity, draws the chart, switches views, and
# exports CSV (the same file the command line writes) and XLSX; then the
# province's auditor (tinh, 3333) logs in, sees the reports but no stock
# screen, and core refuses her a stock action.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_mgr.sh"

year=$(date -u -d '+7 hours' +%Y)
today=$(date -u -d '+7 hours' +%Y-%m-%d)

tui_start 80 24
mgr_login quanly 2222
menu_open "Báo cáo"
ok_screen "Doanh thu theo sản phẩm" "the reports screen opens on sales by product"
ok_screen "(tháng này)" "for this month"
key 3
ok_screen "(năm nay)" "3 picks this year"
ok_screen "01/01/$year" "from the first of January"
ok_screen "Tổng cộng" "with a total row"
ok_screen "Doanh thu" "and a revenue column"
ok_screen "xếp theo doanh thu" "sorted by revenue"
top=$(pos report products --from "$year-01-01" --to "$today" --format csv | sed -n 2p | cut -d, -f1)
ok_screen "$top" "the best seller is on screen ($top)"

# CSV export: the file is the command line's.
key e
ok_screen "Xuất ra CSV" "e asks where to write the CSV"
ok_screen "report-products-$year-01-01_$today.csv" "a file name is offered"
field_set "$T/products.csv"
key Enter
ok_screen "Đã ghi" "the screen says the file is written"
ok_screen "$T/products.csv" "and where"
key Enter
pos --lang vi report products --from "$year-01-01" --to "$today" --format csv --out "$T/cli.csv"
if cmp -s "$T/products.csv" "$T/cli.csv"; then ok "the CSV is the same as \`report products --format csv\`"; else
	notok "the CSV is the same as \`report products --format csv\`"
	diff "$T/products.csv" "$T/cli.csv" | head -n 6 | sed 's/^/#   /'
fi
ok_file "$T/products.csv" "$top," "the CSV has the best seller"
key e
wait_for "Xuất ra CSV"
field_set "$T/products.csv"
key Enter
ok_screen "đã có. Ghi đè lên?" "writing over a file asks first"
key Escape
wait_gone "Ghi đè" 5

key x
ok_screen "Xuất ra Excel" "x asks where to write the workbook"
field_set "$T/report.xlsx"
key Enter
ok_screen "Đã ghi tệp Excel" "the workbook is written"
key Enter
if [ "$(head -c 2 "$T/report.xlsx" 2> /dev/null)" = "PK" ]; then ok "the workbook is an XLSX (zip) file"; else notok "the workbook is an XLSX (zip) file"; fi

key s
ok_screen "xếp theo số lượng" "s sorts by quantity"
key s
ok_screen "xếp theo lãi gộp" "s again sorts by gross margin"
key c
if wait_for "█" 5; then ok "c draws the chart with block characters"; else notok "c draws the chart"; fi
key c
key Tab
ok_screen "Doanh thu theo chủ thể" "Tab shows the next view (producers)"
key Tab; key Tab; key Tab; key Tab
ok_screen "Doanh thu theo ngày" "the daily view"
key c
if wait_for "▁" 2 || wait_for "█" 2; then ok "the daily view charts columns"; else notok "the daily view charts columns"; fi
key Escape
ok_screen "Mã/SL:" "Esc goes back to the till"
tui_stop

# The auditor: reports yes, stock no.
tui_start 80 24
typ tinh; wait_for tinh; key Enter; typ 3333; settle; key Enter
ok_screen "Doanh thu theo sản phẩm" "the auditor lands on the reports"
no_screen "Mã/SL:" "the auditor gets no till"
key C-e
wait_for "Menu" 3
no_screen "Kho hàng" "the auditor's menu has no stock screen"
no_screen "Cài đặt" "nor settings"
key Escape
key Escape
ok_screen "Đăng xuất khỏi báo cáo?" "Esc on the auditor's reports asks to log out"
key Enter
ok_screen "Đăng nhập" "logged out"
tui_stop
printf '3333\n' | pos stock receive BK-0003 1 --cost 1000 --user tinh > "$T/out" 2>&1
if [ $? -ne 0 ] && grep -q "tinh" "$T/out"; then ok "core refuses the auditor a goods receipt"; else
	notok "core refuses the auditor a goods receipt"; sed 's/^/#   > /' "$T/out"; fi
echo "1..$_n"
