#!/usr/bin/env bash
# The admin's settings at 80x24: change the showroom's phone (and a tax
# code refused in words), choose a printer profile, print the self-test
# page to the file printer, pick the Vietnamese mode, see a scan arrive
# in the scanner box, add a cashier and reset her PIN, and check it all
# through the command line (audit, user list, the printed bytes); a
# manager's menu has no settings.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_mgr.sh"

tui_start 80 24
mgr_login admin 1111
menu_open "Cài đặt"
ok_screen "Cài đặt" "the settings open from the menu"
ok_screen "MST:" "the showroom section shows its details"

# Showroom details: a bad tax code is refused, a phone is saved.
key Enter
ok_screen "Thông tin điểm bán" "Enter edits the showroom"
key Tab; key Tab
field_set 0100109107
key Enter; key Enter
ok_screen "mã số thuế" "a wrong tax code is refused in words"
_tmux send-keys C-u; key Tab
field_set "0236 3999 123"; key Enter
ok_screen "đã lưu thông tin điểm bán" "the details are saved"
ok_screen "0236 3999 123" "the new phone is shown"
ok_cmd "0236 3999 123" "the change is audited with the new phone" audit --action showroom

# Printer: profile, test page, Vietnamese mode.
key Down
ok_screen "Cách in tiếng Việt" "the printer section"
key p
ok_screen "Cấu hình máy in" "p lists the printer profiles"
ok_screen "xprinter-pos58" "with the built-in ones"
down=$(screen | grep -F "│" | grep -nF "xprinter-pos58" | cut -d: -f1)
i=1; while [ "$i" -lt "$((down - 1))" ]; do _tmux send-keys Down; i=$((i + 1)); done
settle
key Enter
ok_screen "cấu hình máy in: xprinter-pos58" "the profile is saved"
size0=$(stat -c %s "$PRN" 2> /dev/null || echo 0)
key t
ok_screen "Đã in trang thử" "t prints the test page"
ok_screen "printer-test.png" "and says where its picture is"
size1=$(stat -c %s "$PRN" 2> /dev/null || echo 0)
[ "$size1" -gt "$size0" ] && ok "the test page's bytes went to the printer" || notok "the test page's bytes went to the printer"
key v
ok_screen "chọn mẫu in ra đúng" "v asks which sample reads right"
key 3
ok_screen "cách in tiếng Việt: tcvn3" "the mode is saved"
ok_cmd "printer.vn_mode=tcvn3" "the mode is audited" audit --action setting
ok_cmd "printer.profile=xprinter-pos58" "the profile is audited" audit --action setting

# Scanner: a scan shows in the box (and does not go to the till).
key Down
ok_screen "quét thử một mã" "the scanner section"
scan 8930076300365
ok_screen "8930076300365" "a scan shows in the box"
no_screen "không có trong danh mục" "the scan is the box's, not the till's"

# Users: add a cashier, reset her PIN.
key Down
ok_screen "thungan" "the users section lists the users"
key Enter
ok_screen "Người dùng (4)" "Enter opens the users"
key C-n
ok_screen "Thêm người dùng" "Ctrl-N adds a user"
field_set banhang2; key Tab
field_set "Phạm Thị Hoa"; key Tab
field_set 1; key Tab
typ 4321; settle; key Tab
typ 4322; settle; key Enter
ok_screen "hai mã PIN không giống nhau" "two different PINs are refused"
typ 4321; settle; key Tab
typ 4321; settle; key Enter
ok_screen "đã thêm banhang2" "the user is added"
ok_cmd "banhang2" "the new user is in the database" user list
ok_cmd "Phạm Thị Hoa" "with her full name" user list
key C-p
ok_screen "Mã PIN mới cho banhang2" "Ctrl-P resets the selected user's PIN"
typ 5678; settle; key Tab; typ 5678; settle; key Enter
ok_screen "đã lưu mã PIN mới cho banhang2" "the new PIN is saved"
key Escape
key Escape
ok_screen "Mã/SL:" "Esc goes back to the till"
key Escape
wait_for "Đăng xuất?" 3 && key Enter
wait_for "Đăng nhập" 5
login banhang2 5678
ok_screen "banhang2" "the new cashier logs in with the new PIN"
tui_stop

tui_start 80 24
mgr_login quanly 2222
_tmux send-keys C-e
wait_for "Menu" 5
no_screen "Cài đặt" "a manager's menu has no settings"
tui_stop
echo "1..$_n"
