#!/usr/bin/env bash
# A large terminal (160x48) uses the room: SKU and VAT columns, one-line
# key bar, a bigger QR code; and the screen follows a resize.
. "$(dirname "$0")/lib.sh"

tui_start 160 48
login thungan 1234
wait_for "Mở ca"; typ 0; key Enter
scan 8937903100259
ok_screen "DL-0002" "the SKU column appears on a wide terminal"
ok_screen_re "Ba kích tím Quảng Ninh khô 500 g +★★★ +1 +340.000 ₫ +8% +340.000 ₫" "name, stars, qty, price, VAT, amount on one line"
ok_screen_re "F1 \? Trợ giúp .* Esc Đăng xuất" "the key bar fits on one line"
key F10; key q; key Enter
ok_screen "THANH TOÁN CHUYỂN KHOẢN" "the QR screen"
if command -v zbarimg > /dev/null 2>&1; then
	case $(qr_decode) in 000201010212*) ok "the QR code scans at 160x48" ;; *) notok "the QR code scans at 160x48" ;; esac
fi
key Escape; key Escape
_tmux resize-window -x 80 -y 24 2> /dev/null || _tmux resize-pane -x 80 -y 24
ok_screen "Thành tiền" "after shrinking to 80x24 the till is redrawn"
no_screen "DL-0002" "the SKU column goes at 80 columns"
_tmux resize-window -x 50 -y 14 2> /dev/null
ok_screen "Cửa sổ quá nhỏ" "a too small window says so"
_tmux resize-window -x 100 -y 30 2> /dev/null
ok_screen "Ba kích tím" "and comes back when larger"
