# tests/tui/lib.sh - helpers for the tmux-driven scenarios of the terminal
# POS (sourced).  Each scenario gets a temporary directory $T with a demo
# database $DB (demo users thungan 1234, quanly 2222, admin 1111), the
# showroom's VietQR account set, and the printer going to the file $PRN.
# The POS runs in a private tmux server (its own socket), so nothing
# touches the person's own tmux.
#
#   tui_start [COLS ROWS] [ARGS...]   start ocop-pos in a COLSxROWS pane
#   tui_stop                          end it (kill the tmux server)
#   wait_for TEXT [SECONDS]           until TEXT is on screen (default 10 s);
#                                     1 on timeout (the screen is kept in $T/screen)
#   wait_gone TEXT [SECONDS]          until TEXT is no longer on screen
#   typ TEXT                          type TEXT (not a scan: the POS sees a paste)
#   key KEY...                        tmux key names: Enter, Escape, F10, C-p, Up
#   scan CODE                         a scanner's burst: CODE and Enter at once
#   screen                            the screen now (also into $T/screen)
#   login USER PIN                    log in and wait for the till
#   ok_screen TEXT "desc"             TEXT is on screen (waits for it)
#   ok_screen_re REGEX "desc"         a line matches REGEX (waits 5 s)
#   no_screen TEXT "desc"             TEXT is not on screen now
#   ok_cmd TEXT "desc" ARGS...        `ocop-pos ARGS` prints TEXT
#   ok "desc" / notok "desc"          a plain TAP result
# Results are TAP lines, counted by tests/run.sh.  Waiting is always a
# loop on the screen's content with a timeout, never a fixed sleep.
set -u
_n=0
if ! command -v tmux > /dev/null 2>&1; then
	echo "ok 1 # skip tmux is not installed"
	exit 0
fi
T=$(mktemp -d)
DB=$T/pos.db
PRN=$T/printer.bin
SOCK=ocoptui$$
export OCOP_POS_PRINTER=file:$PRN
export OCOP_POS_LANG=vi
export LANG=C.UTF-8 LC_ALL=C.UTF-8
unset OCOP_POS_SCANNER
_tmux() { tmux -L "$SOCK" -f /dev/null "$@"; }
trap '_tmux kill-server 2>/dev/null; rm -rf "$T"' EXIT

_tap() {
	_n=$((_n + 1))
	if [ "$1" = 0 ]; then echo "ok $_n - $2"; else
		echo "not ok $_n - $2"
		[ -f "$T/screen" ] && sed 's/^/#   | /' "$T/screen"
	fi
	return 0
}
ok() { _tap 0 "$1"; }
notok() { _tap 1 "$1"; }

pos() { "$OCOP_POS" --db "$DB" "$@"; }

# The demo showroom with stock, users and a VietQR account.
"$OCOP_POS" --db "$DB" demo > "$T/demo.out" 2>&1 || { echo "not ok 1 - demo database"; cat "$T/demo.out"; exit 1; }
echo 1111 | pos vietqr --bank 970436 --account 0011001234567 --save --user admin > /dev/null 2>&1

tui_start() {
	local cols=${1:-80} rows=${2:-24}
	shift 2 2> /dev/null
	_tmux kill-server 2> /dev/null
	: > "$T/exit"
	_tmux new-session -d -x "$cols" -y "$rows" \
		"OCOP_POS_PRINTER=$OCOP_POS_PRINTER $OCOP_POS --db $DB $*; echo \"EXIT=\$?\" > $T/exit; sleep 600"
	_tmux set-option -g status off > /dev/null
	wait_for "Mã PIN" 10 || wait_for "PIN" 2
}
tui_stop() { _tmux kill-server 2> /dev/null; }

screen() { _tmux capture-pane -p > "$T/screen" 2> /dev/null; cat "$T/screen"; }

wait_for() {
	local text=$1 limit=${2:-10} i=0
	while [ $i -lt $((limit * 20)) ]; do
		_tmux capture-pane -p > "$T/screen" 2> /dev/null
		grep -qF -- "$text" "$T/screen" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
wait_gone() {
	local text=$1 limit=${2:-10} i=0
	while [ $i -lt $((limit * 20)) ]; do
		_tmux capture-pane -p > "$T/screen" 2> /dev/null
		grep -qF -- "$text" "$T/screen" || return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
# Wait until the screen stops changing (after a key whose effect has no
# text of its own to wait for).
settle() {
	local prev="" now i=0
	while [ $i -lt 100 ]; do
		now=$(_tmux capture-pane -p 2> /dev/null)
		[ "$now" = "$prev" ] && [ $i -gt 1 ] && return 0
		prev=$now
		sleep 0.05
		i=$((i + 1))
	done
}

# Typed text arrives as one write: the POS takes a burst without Enter as a
# paste (typed) once the burst's 30 ms gap has passed; Enter within that
# gap would make it a scan.  So: typ, then settle (or wait_for), then Enter.
typ() { _tmux send-keys -l -- "$1"; }
key() { _tmux send-keys "$@"; settle; }
scan() { _tmux send-keys -l -- "$1" \; send-keys Enter; }

login() {
	typ "$1"
	settle
	_tmux send-keys Enter
	settle
	typ "$2"
	settle
	_tmux send-keys Enter
	wait_for "│ $1 │" 10
}

ok_screen() {
	if wait_for "$1" "${3:-10}"; then _tap 0 "$2"; else _tap 1 "$2 (screen lacks '$1')"; fi
}
ok_screen_re() {
	local i=0
	while [ $i -lt 100 ]; do
		screen > /dev/null
		grep -qE -- "$1" "$T/screen" && { _tap 0 "$2"; return 0; }
		sleep 0.05
		i=$((i + 1))
	done
	_tap 1 "$2 (screen does not match /$1/)"
}
no_screen() {
	screen > /dev/null
	if grep -qF -- "$1" "$T/screen"; then _tap 1 "$2 (screen has '$1')"; else _tap 0 "$2"; fi
}
ok_cmd() {
	local text=$1 desc=$2
	shift 2
	pos "$@" > "$T/cmd.out" 2>&1
	if grep -qF -- "$text" "$T/cmd.out"; then _tap 0 "$desc"; else
		_tap 1 "$desc (ocop-pos $* lacks '$text')"
		sed 's/^/#   > /' "$T/cmd.out" | head -n 20
	fi
}

# The first receipt number on screen ("DEMO-01-2026-000001"), or with R
# the first refund number ("DEMO-01-2026-R000001").
receipt_on_screen() {
	screen | grep -oE "[A-Z0-9]+-[0-9]{2}-[0-9]{4}-${1:-}[0-9]{6}" | head -n 1
}

# Decode the QR code on screen with zbarimg (from zbar-tools): the half
# blocks become a picture, 4 pixels a module.  Prints the payload, or
# nothing when zbarimg is missing.
qr_decode() {
	command -v zbarimg > /dev/null 2>&1 || return 0
	local pgm=$T/qr.pgm line ch i w=0 rows=() first
	while IFS= read -r line; do
		case $line in "████"*|"▀▀▀▀"*) rows+=("$line") ;; esac
	done < <(screen)
	[ ${#rows[@]} -gt 0 ] || return 0
	# The first row is the quiet zone: light blocks as wide as the code.
	first=${rows[0]%% *}
	w=${#first}
	for i in "${!rows[@]}"; do rows[i]=${rows[i]:0:w}; done
	{
		printf 'P1\n%d %d\n' $((w * 4)) $((${#rows[@]} * 8))
		for line in "${rows[@]}"; do
			local top="" bot=""
			for ((i = 0; i < w; i++)); do
				ch=${line:i:1}
				case $ch in "█") top+="0 0 0 0 "; bot+="0 0 0 0 " ;;
					"▀") top+="0 0 0 0 "; bot+="1 1 1 1 " ;;
					"▄") top+="1 1 1 1 "; bot+="0 0 0 0 " ;;
					*) top+="1 1 1 1 "; bot+="1 1 1 1 " ;; esac
			done
			for i in 1 2 3 4; do echo "$top"; done
			for i in 1 2 3 4; do echo "$bot"; done
		done
	} > "$pgm"
	zbarimg -q --raw "$pgm" 2> /dev/null
}
