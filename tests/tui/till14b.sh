#!/usr/bin/env bash
# Issue 14, items 11, 13, 18 and 20 at 80x24: the cursor is where typing
# goes; words in the goods-received code field are a search; goods
# received: an ambiguous producer is a list to pick from, a consigned cost
# that disagrees with price and commission is warned about; the screens
# in English and Vietnamese (item 20).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_mgr.sh"

# The column where the value of the field labelled LABEL starts (the first
# character after the label and its padding).
value_col() {
	local line pre rest sp
	line=$(screen | grep -F -- "$1" | head -n 1)
	pre=${line#*"$1"}
	pre=${line%"$pre"}
	rest=${line#"$pre"}
	sp=${rest%%[! ]*}
	printf '%s' "$pre$sp" | wc -m
}

# ok_cursor LABEL VALUE "desc" [ANCHOR]: the cursor is on the row of LABEL,
# in the column right after VALUE (where the next typed character lands;
# VALUE "" is the start of a fresh or empty value).  The values of a form
# start in one column: for an empty field ANCHOR names a field of the same
# form that shows a value.
ok_cursor() {
	local c x y line want i=0
	while [ $i -lt 40 ]; do
		c=$(_tmux display -p '#{cursor_x} #{cursor_y}')
		x=${c% *}
		y=${c#* }
		line=$(screen | sed -n "$((y + 1))p")
		case $line in *"$1"*) break ;; esac
		sleep 0.05
		i=$((i + 1))
	done
	case $line in
	*"$1"*) ;;
	*) notok "$3 (the cursor ($x,$y) is on '$line', not on '$1')"; return ;;
	esac
	want=$(( $(value_col "${4:-$1}") + $(printf '%s' "$2" | wc -m) ))
	if [ "$x" = "$want" ]; then ok "$3 ($x,$y)"; else
		notok "$3 (cursor at column $x, typing goes to $want on '$line')"
	fi
}

# The screen as one line: box edges, line ends and runs of spaces gone
# (a wrapped message reads whole).
flat() { screen | tr -d '│\n' | tr -s ' '; }
ok_flat() {
	local i=0
	while [ $i -lt 40 ]; do
		case $(flat) in *"$1"*) ok "$2"; return ;; esac
		sleep 0.05
		i=$((i + 1))
	done
	notok "$2 (screen lacks '$1')"
}

# --- 11. The cursor in the user dialog after a PIN mismatch ---------------
tui_start 80 24
mgr_login admin 1111
menu_open "Cài đặt"
key Down; key Down; key Down
key Enter
ok_screen "Người dùng (4)" "11: the users"
key C-n
ok_screen "Thêm người dùng" "11: Ctrl-N adds a user"
field_set banhang3; key Tab
field_set "Lê Văn Ba"; key Tab
ok_cursor "Vai trò (1-4):" "" "11: the cursor is on the role's pre-filled value"
field_set 1; key Tab
typ 4321; settle; key Tab
typ 4322; settle; key Enter
ok_screen "hai mã PIN không giống nhau" "11: two different PINs are refused"
ok_cursor "Mã PIN:" "" "11: after the mismatch the cursor is on Mã PIN, not on Vai trò" "Vai trò (1-4):"
typ 12; settle
ok_cursor "Mã PIN:" "••" "11: and follows the digits typed there"
key Escape
tui_stop

# --- 11. The discount dialog ----------------------------------------------
tui_start 80 24
login thungan 1234
typ 0; key Enter
scan 2000000936048
key F4
ok_screen "Giảm giá" "11: F4 opens the discount"
ok_cursor "Phần trăm:" "" "11: discount: the cursor is at the start of the percent" "Áp dụng (1 dòng, 2 cả đơn):"
typ 5; settle
ok_cursor "Phần trăm:" "5" "11: discount: right after the 5 typed"
key Tab
typ 20000; settle
ok_cursor "hoặc số tiền (đồng):" "20.000" "11: discount: right after the amount (grouped)"
key Tab
ok_cursor "Áp dụng (1 dòng, 2 cả đơn):" "" "11: discount: on the selected '1'"
key Escape
tui_stop

# --- 13, 18, 11. Goods received -------------------------------------------
tui_start 80 24
mgr_login quanly 2222
menu_open "Kho hàng"
key C-r
ok_screen "Nhập hàng (phiếu nhập kho mới)" "13: a new goods receipt"
typ "mat ong"; key Enter
ok_screen 'Sản phẩm khớp với "mat ong"' "13: 'mat ong' + Enter opens the search"
no_screen "có dấu cách" "13: no complaint about a space in a code"
ok_screen "Mật ong rừng U Minh 500 ml" "13: listing the honeys"
n=$(screen | grep -F "│ " | grep -nF "Mật ong rừng U Minh 500 ml" | cut -d: -f1)
i=1; while [ "$i" -lt "$((n - 1))" ]; do _tmux send-keys Down; i=$((i + 1)); done
settle
key Enter
ok_screen "1 Mật ong rừng U Mi…500 ml" "13: the chosen honey is the first line (20: its size kept whole)"
key Enter
ok_screen "Dòng phiếu nhập" "18: Enter edits the line"
ok_cursor "Số lượng:" "" "11: goods received: the cursor is on the quantity"
typ 24; settle
ok_cursor "Số lượng:" "24" "11: goods received: right after 24"
key Tab; typ 45000; settle
ok_cursor "Giá vốn (đồng):" "45.000" "11: goods received: right after the cost"
key Tab; key Tab; key Tab
typ "mo cay"; settle
ok_cursor "Chủ hàng (ký gửi):" "mo cay" "11: goods received: right after the owner's words"
key Tab; typ 18; key Enter
ok_screen 'có 2 chủ thể khớp với "mo cay": hãy chọn một' "18: an ambiguous producer says how many match"
ok_screen "HTX Bưởi da xanh Mỏ Cày (HTX-MOCAY)" "18: and lists them to pick from"
ok_screen "Cơ sở sản xuất kẹo dừa Mỏ Cày (HKD-KEODUA)" "18: each name whole, with its code"
key Down; key Enter
ok_screen_re "Chủ hàng \(ký gửi\): +HTX-MOCAY" "18: the one picked replaces the words"
ok_screen "đã chọn chủ thể: Enter để tiếp tục" "18: and the dialog says to go on"
key Enter; key Enter
ok_flat "trừ hoa hồng 18 % còn" "18: a consigned cost that disagrees with price and commission is warned about"
ok_screen "Bấm Enter lần nữa để giữ giá vốn này" "18: the manager may keep it"
want=$(flat | grep -oE 'hoặc gõ giá vốn [0-9.]+' | grep -oE '[0-9.]+$' | sed 's/\.$//')
key Enter
ok_screen_re "1 Mật ong rừng U Mi…500 ml +24 +45.000 ₫" "18: Enter again keeps the cost the manager typed"
ok_screen_re "HTX-M[A-Z]* 18 %" "20: the owner column keeps the commission's %"
ok_screen_re "MO-0003 chai · HTX-MO[A-Z]* 18 %" "20: the selected line's owner below, % whole"
key C-p
ok_screen "Chú ý, dòng 1:" "18: posting warns again"
ok_screen "c = có   Enter hoặc Esc = không" "18: and only a deliberate yes posts"
key Enter
ok_screen "1 dòng · 24 chai" "18: Enter is no: nothing posted"
# Typing the cost that agrees: no warning.
key Enter
ok_screen "Dòng phiếu nhập" "18: the line again"
key Tab; typ "$want"; key Enter; key Enter; key Enter; key Enter; key Enter
wait_gone "Dòng phiếu nhập" 5
no_screen "Bấm Enter lần nữa" "18: the cost $want that agrees is taken without a word"
key C-p
ok_screen "Ghi sổ phiếu nhập kho này" "18: posting asks"
no_screen "Chú ý" "18: without a warning"
key Enter
ok_screen "Đã ghi sổ phiếu nhập kho" "18: posted"
# 20. Names that differ only at the end (the size) never look the same.
key Escape
wait_gone "In phiếu nhập kho?" 5
typ "MO-0002"; key Enter
typ "MO-0007"; key Enter
ok_screen "Mật ong bạc hà Mè…250 ml" "20: a long name keeps its size (250 ml)"
ok_screen "Mật ong bạc hà Mè…500 ml" "20: and the other one its own (500 ml)"
key Escape; key Enter
tui_stop

# --- 20. ←/→ in the reports page a screen of columns; Home, End -----------
tui_start 80 24
typ tinh; key Enter; typ 3333; settle; key Enter
ok_screen "Doanh thu theo sản phẩm" "20: the auditor's reports"
hdr() { screen | grep -F "Mã hàng" | head -n 1; }
first=$(hdr)
case $first in *"Lãi gộp ▸") ok "20: the first screen ends at Lãi gộp" ;; *) notok "20: the first screen ends at Lãi gộp ('$first')" ;; esac
key Right
settle
now=$(hdr)
case $now in *"Doanh thu"*) notok "20: → shows the next screen of columns (still '$now')" ;;
*) ok "20: → shows the next screen of columns" ;; esac
case $now in *"Sản phẩm"*" Tỷ suất lãi gộp "*) ok "20: the page starts after the last column shown (Lãi gộp)" ;;
*) notok "20: the page starts after the last column shown (Lãi gộp): '$now'" ;; esac
key End
settle
now=$(hdr)
case $now in *"SL trả lại◂") ok "20: End shows the last column" ;; *) notok "20: End shows the last column ('$now')" ;; esac
key Home
settle
[ "$(hdr)" = "$first" ] && ok "20: Home goes back to the first columns" || notok "20: Home goes back to the first columns ('$(hdr)')"
key Right; key Left
settle
[ "$(hdr)" = "$first" ] && ok "20: ← pages back" || notok "20: ← pages back ('$(hdr)')"

# --- 20. The audit log in Vietnamese: actions and details translated ------
menu_open "Nhật ký kiểm soát"
ok_screen "Nhật ký kiểm soát" "20: the auditor's audit log"
ok_screen_re "mở ca +thungan" "20: the action in Vietnamese (shift_open: mở ca)"
ok_screen "tiền đầu ca 0" "20: the detail in Vietnamese (float=0: tiền đầu ca 0)"
no_screen "float=" "20: no English detail left"
no_screen "shift_open" "20: nor an action key"
key Escape
tui_stop
