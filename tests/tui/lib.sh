# tests/tui/lib.sh - helpers for the tmux-driven scenarios of the terminal
# POS (sourced).  Each scenario gets a temporary directory $T with a demo
# database $DB (demo users thungan 1234, quanly 2222, admin 1111), the
# showroom's VietQR account set, and the printer going to the file $PRN.
# The POS runs in a private tmux server (its own socket), so nothing
# touches the person's own tmux.
#
#   tui_start [COLS ROWS] [ARGS...]   start ocop-pos in a COLSxROWS pane
#   tui_stop                          end it (kill the tmux server)
#   wait_exit [SECONDS]               until the POS exits; prints its status
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
# Results are TAP lines, counted by tests/run.sh.
#
# No fixed sleeps.  typ, key and scan return once the POS has read what
# they sent, handled it and painted the result: the POS runs with
# OCOP_POS_TRACE=$T/trace and writes "idle N" there each time it goes back
# to waiting with all N keys read so far handled (none held by its scan
# detector).  So "typ 1234; key Enter" can never reach the POS as one fast
# burst, which it would rightly take for a scan, however loaded the
# machine is.  Screen checks then poll the screen with a timeout.
#
# The demo database is made once per test run (tests/run.sh exports
# OCOP_TEST_TMP) and copied into each scenario.
set -u
_n=0
if ! command -v tmux > /dev/null 2>&1; then
	echo "ok 1 # skip tmux is not installed"
	exit 0
fi
T=$(mktemp -d)
DB=$T/pos.db
PRN=$T/printer.bin
TRACE=$T/trace
# A tmux server (socket) per tui_start: a killed server may still be
# exiting when the next one would start on the same socket.
SOCK=ocoptui$$-0
export OCOP_POS_PRINTER=file:$PRN
export OCOP_POS_LANG=vi
export LANG=C.UTF-8 LC_ALL=C.UTF-8
unset OCOP_POS_SCANNER OCOP_POS_TRACE
_tmux() { tmux -L "$SOCK" -f /dev/null "$@"; }
# TUI_KEEP=1 keeps $T (the trace, the screens) to look at after a run.
trap '_tmux kill-server 2>/dev/null; [ -n "${TUI_KEEP:-}" ] && echo "# kept $T" >&2 || rm -rf "$T"' EXIT

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

# `ocop-pos ARGS` on the test database.  A command that needs a person
# (the role matrix in docs/manager.md) and names none runs as admin (PIN
# 1111 on standard input), so the checks below read what the screens wrote.
needs_user() {
	case $1 in
	"product add"|"product edit"|"producer add"|"producer edit"|"catalog "*|"db backup"|\
	"user list"|"shift show"|"shift list"|audit*|"receipt show"|"receipt print"|\
	"receipt preview"|"sale show"|"sale held"|"stock grn"|"stock list"|"stock lots"|\
	"stock alerts"|"stock transfers"|"stock count"|report*|export*|import*|\
	"showroom register"|"showroom list"|"showroom exports"|"einvoice list"|"einvoice show"|\
	"einvoice send"|"einvoice resend"|"customer "*|"sale rounding") return 0 ;;
	esac
	return 1
}
pos() {
	local a=("$@") i=0
	while [ "${a[i]:-}" = --lang ]; do i=$((i + 2)); done
	if [[ " $* " != *" --user "* ]] && needs_user "${a[i]:-} ${a[i + 1]:-}"; then
		printf '1111\n' | "$OCOP_POS" --db "$DB" "$@" --user admin
	else
		"$OCOP_POS" --db "$DB" "$@"
	fi
}

# The demo showroom with stock, users and a VietQR account: made once per
# run of tests/run.sh for this binary, then copied (a file copy is ~100
# times faster than "demo").
_make_demo() {
	local db=$1
	"$OCOP_POS" --db "$db" demo > "$T/demo.out" 2>&1 || return 1
	echo 1111 | "$OCOP_POS" --db "$db" vietqr --bank 970436 --account 0011001234567 \
		--save --user admin > /dev/null 2>&1
}
_demo_db() {
	local key tpl tmp
	if [ -z "${OCOP_TEST_TMP:-}" ] || [ ! -d "$OCOP_TEST_TMP" ]; then
		_make_demo "$DB"
		return
	fi
	key=$(stat -L -c '%i-%s-%Y' "$OCOP_POS" 2> /dev/null)
	tpl=$OCOP_TEST_TMP/tui-demo-$key.db
	if [ ! -s "$tpl" ]; then
		tmp=$(mktemp "$OCOP_TEST_TMP/tui-demo.XXXXXX")
		rm -f "$tmp"
		_make_demo "$tmp" || { rm -f "$tmp"*; return 1; }
		# Closed cleanly, so the WAL is checkpointed: the file is whole.
		[ -e "$tmp-wal" ] && { rm -f "$tmp"*; _make_demo "$DB"; return; }
		mv -f "$tmp" "$tpl"
	fi
	cp "$tpl" "$DB"
}
_demo_db || { echo "not ok 1 - demo database"; cat "$T/demo.out"; exit 1; }

tui_start() {
	local cols=${1:-80} rows=${2:-24}
	shift 2 2> /dev/null
	_tmux kill-server 2> /dev/null
	SOCK=ocoptui$$-$((${SOCK##*-} + 1))
	: > "$T/exit"
	: > "$TRACE"
	_tmux new-session -d -x "$cols" -y "$rows" \
		"OCOP_POS_PRINTER=$OCOP_POS_PRINTER OCOP_POS_TRACE=$TRACE $OCOP_POS --db $DB $*; echo \"EXIT=\$?\" > $T/exit; sleep 600"
	_tmux set-option -g status off > /dev/null
	_wait_idle -1 10
	wait_for "PIN" 5
}
tui_stop() { _tmux kill-server 2> /dev/null; }
# wait_exit [SECONDS]: until the POS has exited; prints its status.
wait_exit() {
	local i=0
	while [ ! -s "$T/exit" ] && [ $i -lt $((${1:-10} * 100)) ]; do
		sleep 0.01
		i=$((i + 1))
	done
	sed -n 's/^EXIT=//p' "$T/exit"
}

screen() { _tmux capture-pane -p > "$T/screen" 2> /dev/null; cat "$T/screen"; }

# The N of the POS's last "idle N" line (-1 before the first).
_idle_n() {
	local l
	l=$(grep '^idle ' "$TRACE" 2> /dev/null | tail -n 1)
	if [ -n "$l" ]; then echo "${l#idle }"; else echo -1; fi
}
# _wait_idle N0 [SECONDS]: until the POS has handled keys past N0 and waits
# again (or has exited).  1 on timeout.
_wait_idle() {
	local n0=$1 limit=${2:-10} i=0 n
	while [ $i -lt $((limit * 100)) ]; do
		n=$(_idle_n)
		[ "$n" -gt "$n0" ] && return 0
		[ -s "$T/exit" ] && return 0
		sleep 0.01
		i=$((i + 1))
	done
	return 1
}
# _send ARGS...: tmux send-keys ARGS (one write to the terminal), then wait
# until the POS has handled them.
_send() {
	local n0
	n0=$(_idle_n)
	_tmux send-keys "$@"
	_wait_idle "$n0"
}

wait_for() {
	local text=$1 limit=${2:-10} i=0
	while [ $i -lt $((limit * 50)) ]; do
		_tmux capture-pane -p > "$T/screen" 2> /dev/null
		grep -qF -- "$text" "$T/screen" && return 0
		sleep 0.02
		i=$((i + 1))
	done
	return 1
}
wait_gone() {
	local text=$1 limit=${2:-10} i=0
	while [ $i -lt $((limit * 50)) ]; do
		_tmux capture-pane -p > "$T/screen" 2> /dev/null
		grep -qF -- "$text" "$T/screen" || return 0
		sleep 0.02
		i=$((i + 1))
	done
	return 1
}
# Wait until the screen stops changing: two captures 30 ms apart agree.
# typ, key and scan wait for the POS already; this is for what they cannot
# see (tmux drawing what the POS wrote).
settle() {
	local prev="" now i=0
	while [ $i -lt 100 ]; do
		now=$(_tmux capture-pane -p 2> /dev/null)
		[ "$now" = "$prev" ] && [ $i -gt 0 ] && return 0
		prev=$now
		sleep 0.03
		i=$((i + 1))
	done
}

# Typed text arrives as one write: the POS takes a burst without Enter as a
# paste (typed) once its 30 ms scan window has passed; typ returns after
# that, so an Enter sent next is a key of its own.
typ() { _send -l -- "$1"; }
key() { _send "$@"; }
scan() {
	local n0
	n0=$(_idle_n)
	_tmux send-keys -l -- "$1" \; send-keys Enter
	_wait_idle "$n0"
}

login() {
	typ "$1"
	key Enter
	typ "$2"
	key Enter
	wait_for "│ $1 │" 10
}

ok_screen() {
	if wait_for "$1" "${3:-10}"; then _tap 0 "$2"; else _tap 1 "$2 (screen lacks '$1')"; fi
}
ok_screen_re() {
	local i=0
	while [ $i -lt 250 ]; do
		screen > /dev/null
		grep -qE -- "$1" "$T/screen" && { _tap 0 "$2"; return 0; }
		sleep 0.02
		i=$((i + 1))
	done
	_tap 1 "$2 (screen does not match /$1/)"
}
no_screen() {
	settle
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
