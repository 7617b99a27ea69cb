#!/usr/bin/env bash
# Nothing is lost: a scan while a dialog is open lands in the cart, a scan
# before login waits for the till, English with --lang en, and after a
# kill the terminal is restored and the open cart comes back at login.
. "$(dirname "$0")/lib.sh"

tui_start 80 24
scan 2000000936048
ok_screen "sẽ vào giỏ hàng" "a scan before login is kept"
login thungan 1234
ok_screen "Bánh đa Kế" "and lands in the cart after login"
ok_screen "Mở ca" "while the float dialog is open"
scan 8937903100259
ok_screen "Ba kích tím" "a scan while a dialog is open lands in the cart"
key Escape
key F8
ok_screen "Xóa dòng" "F8 asks before removing a line"
key Escape
ok_screen "Ba kích tím" "Esc keeps the line"
key F1
ok_screen "Phím tắt" "F1 shows the keys"
ok_screen "Ctrl-F" "with the keys that need no F-keys"
key Escape
pid=$(pgrep -f -n "ocop-pos --db $DB")
kill -TERM "$pid"
if wait_for "dừng do tín hiệu 15" 5; then ok "SIGTERM: the terminal is restored and says the cart is saved"; else notok "SIGTERM: the terminal is restored"; fi
grep -q "EXIT=143" "$T/exit" && ok "exit status 128+15" || notok "exit status 128+15 ($(cat "$T/exit"))"

tui_start 80 24 --lang en
ok_screen "Log in" "--lang en speaks English"
login thungan 1234
ok_screen "the unfinished sale of this till is back (2 lines" "the open cart comes back at the next login"
ok_screen "Bánh đa Kế" "with its lines"
