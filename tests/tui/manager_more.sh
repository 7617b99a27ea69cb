#!/usr/bin/env bash
# Manager screens for what was command-line only (issue 14 item 23): the
# settings' "Selling" section (VietQR account, cashier discount limit,
# selling beyond stock, lapsed certificates, loyalty), consignment
# statements (make, print, mark paid) and the audit log, which the
# province's auditor reaches from the reports screen's menu.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_mgr.sh"

tui_start 80 24
mgr_login admin 1111
menu_open "Cài đặt"
ok_screen "Bán hàng" "the settings have a Selling section"
for i in 1 2 3 4 5; do key Down; done
ok_screen "Tài khoản VietQR" "the VietQR account is shown"
ok_screen "0011001234567" "with the saved account"
ok_screen "Mức giảm của thu ngân" "the discount limit"
ok_screen "không cho phép" "selling beyond stock refused by default"
key Enter
ok_screen "Số tài khoản" "Enter opens the form"
key Tab; field_set 0011009999888; key Tab
field_set 15; key Tab
field_set c; key Tab
field_set c; key Tab
field_set 1; key Tab
field_set 10; key Tab
field_set 300; key Enter
ok_screen "không phải 0 (tắt), 100" "a cash rounding step of 300 is refused"
field_set 1000; key Enter
ok_screen "đã lưu cài đặt bán hàng" "saved"
ok_screen "tới 1.000 ₫ gần nhất (nửa thì lên)" "cash rounding to 1.000 ₫ is shown"
ok_screen "0011009999888" "the new account is shown"
ok_screen "cho phép (tồn kho âm)" "overselling now allowed"
ok_screen "không bán tại quầy" "lapsed certificates refused"
ok_cmd "0011009999888" "the account is the showroom's VietQR" vietqr
ok_cmd "sale.cashier_discount_limit_bp=1500" "the limit is saved and audited" audit --action setting
ok_cmd "stock.oversell=allow" "oversell audited" audit --action setting
ok_cmd "sale.block_lapsed_cert=1" "lapsed certificates audited" audit --action setting
ok_cmd "1 điểm cho mỗi 1.000" "loyalty is on" customer loyalty
ok_cmd "cash.rounding_step=1000" "the rounding step is saved and audited" audit --action setting
ok_cmd "gần nhất của 1.000" "the till rounds cash to 1.000 ₫" sale rounding
key Enter
key Tab; key Tab
field_set 250; key Enter; key Enter; key Enter; key Enter; key Enter; key Enter
ok_screen "100" "a limit over 100 % is refused"
key Escape
# item 20: English mode has no Vietnamese left in the status bar
key Up
ok_screen "Tiếng Việt và English" "the language section"
key Enter
ok_screen "Print: file" "in English the status bar says Print: file"
no_screen "ra tệp" "not 'ra tệp'"
key Enter
ok_screen "In: ra tệp" "and back in Vietnamese"
key Escape
tui_stop

# consignment statements
prod=$(pos report consignment --format csv 2>/dev/null | sed -n 2p | cut -d, -f1)
[ -n "$prod" ] && ok "a consigning producer ($prod)" || notok "a consigning producer"
tui_start 80 24
mgr_login quanly 2222
menu_open "Bảng kê ký gửi"
ok_screen "Bảng kê hàng ký gửi (0)" "the statements screen"
key F2
ok_screen "Lập bảng kê ký gửi" "F2 makes a statement"
field_set "$prod"; key Tab
field_set "01/01/2026"; key Enter; key Enter
ok_screen "đã lập bảng kê CS-1" "statement CS-1 made"
ok_screen "chưa trả" "it is to pay"
: > "$PRN"
key F4
ok_screen "đã in CS-1" "F4 prints it"
[ -s "$PRN" ] && ok "the statement went to the printer" || notok "the statement went to the printer"
key F5
ok_screen "Ghi đã trả" "F5 marks it paid"
typ "UNC 0042"; key Enter
ok_screen "đã ghi CS-1 là đã trả" "marked paid"
ok_cmd "UNC 0042" "the reference is recorded" report statement CS-1
key F2
field_set "$prod"; key Tab; field_set "01/01/2026"; key Enter; key Enter
ok_screen "bảng kê" "an overlapping period is refused in words"
key Escape
tui_stop

# the auditor's audit log
tui_start 80 24
typ tinh; wait_for tinh; key Enter; typ 3333; settle; key Enter
ok_screen "Doanh thu theo sản phẩm" "the auditor lands on the reports"
_tmux send-keys C-e
wait_for "Menu" 5
ok_screen "Nhật ký kiểm soát" "the menu offers the audit log"
no_screen "Bảng kê ký gửi" "but not the statements (a manager's)"
menu_open "Nhật ký kiểm soát"
ok_screen_re "Nhật ký kiểm soát .* \\([1-9][0-9]*\\)" "the last 7 days' entries"
key /
ok_screen "Từ khóa" "/ asks for a period and a word"
key Tab; key Tab; field_set consign; key Enter
ok_screen "đã trả tiền ký gửi" "the statement paid is in the log (consign_paid, in words)"
ok_screen "UNC 0042" "with its reference"
