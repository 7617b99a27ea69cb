#!/usr/bin/env bash
# scanner list|listen: help and bad usage, the default scanner
# ($OCOP_POS_SCANNER, then the till's setting), the list on a computer with no
# scanner (an empty umockdev test bed), the wedge source fed through a pipe
# and typed into a terminal (tmux: a burst is a scan, slow keys are typing),
# the serial source on a pty (script(1) gives the pty), and the decisions
# listen shows: valid, wrong check digit, cut short, noise.  The USB and
# evdev sources are run through `scanner listen` by tests/usb/.
. "$(dirname "$0")/lib.sh"
unset OCOP_POS_SCANNER

# skip "desc": a TAP line that counts as passed, for a missing tool.
skip() { _n=$((_n + 1)); echo "ok $_n - $1 # SKIP $2"; }

# listen_pipe BYTES ARGS...: the wedge source reading BYTES (printf format)
# from a pipe; sets $out, $err, $rc like run.
listen_pipe() {
	local bytes=$1; shift
	printf "$bytes" | "$OCOP_POS" --lang en --db "$DB" scanner listen --scanner wedge "$@" \
		> "$T/out" 2> "$T/err"
	rc=$?
	out=$(cat "$T/out"); err=$(cat "$T/err")
}

# ---- help and bad usage ------------------------------------------------------
run scanner --help
ok_rc 0 "scanner --help"
ok_out "scanner listen [--scanner SPEC]" "help shows listen"
ok_out "OCOP_POS_SCANNER" "help names the default scanner variable"
run scanner
ok_rc 2 "scanner without a subcommand is a usage error"
ok_err "scanner needs list or listen" "says what is missing"
run scanner frob
ok_rc 2 "unknown subcommand"
ok_err 'unknown scanner command "frob"' "names it"
run scanner list extra
ok_rc 2 "extra argument"
run scanner list --format xml
ok_rc 2 "unknown format"
run scanner listen --scanner bogus
ok_rc 2 "a spec that is no device is a usage error"
ok_err "unknown kind of device" "says so"
ok_err "serial:/dev/ttyACM0" "and shows the accepted forms"
run scanner listen --scanner tcp:192.168.1.50:9100
ok_rc 1 "a printer connection is refused"
ok_err "is a printer connection: a scanner is wedge" "says what a scanner is"
run scanner listen --scanner "serial:$T/ttyACM9"
ok_rc 1 "a serial port that is not there"
ok_err "no serial port $T/ttyACM9: is the scanner plugged in?" "says what to check"
run scanner listen --scanner "evdev:$T/event9"
ok_rc 1 "an input device that is not there"
ok_err "no input device $T/event9" "names it"
run scanner listen --suffix xx
ok_rc 2 "bad suffix"
ok_err 'unknown scanner suffix "xx"' "names the suffix"
run scanner listen --mode joystick
ok_rc 2 "bad USB mode"
run scanner listen --gap -5
ok_rc 2 "negative gap"
OCOP_POS_SCANNER="serial:$T/ttyACM8" run scanner listen
ok_rc 1 "OCOP_POS_SCANNER is the default scanner"
ok_err "$T/ttyACM8" "it was the one opened"
[ ! -e "$DB" ]
_tap $? "scanner commands do not create a database"
run init --showroom DN01 --name "Điểm OCOP Đà Nẵng" --province 48
if command -v sqlite3 > /dev/null; then
	# The till's scanner, as the settings screen saves it.
	# (the shell lacks the fiscal journal's pos_sha256(): drop its trigger)
	sqlite3 "$DB" "DROP TRIGGER journal_setting_ai; INSERT INTO setting (key, value) VALUES ('scanner.device', 'serial:$T/ttyACM7')"
	run scanner listen
	ok_rc 1 "the till's scanner setting is the default"
	ok_err "$T/ttyACM7" "the configured scanner was the one opened"
	OCOP_POS_SCANNER=wedge run scanner listen
	ok_rc 0 "OCOP_POS_SCANNER comes before the setting"
else
	skip "the till's scanner setting" "sqlite3 missing"
fi

# ---- list ----------------------------------------------------------------------
run scanner list
ok_rc 0 "scanner list"
ok_match "^wedge +terminal" "the terminal is always a candidate"
if command -v umockdev-run > /dev/null; then
	# An empty test bed: no USB bus, no serial port, no input device.
	umockdev-run -- "$OCOP_POS" --lang en scanner list > "$T/out" 2> "$T/err"
	rc=$?; out=$(cat "$T/out"); err=$(cat "$T/err")
	ok_rc 0 "scanner list with no scanner plugged in is not an error"
	ok_out "No scanner device found" "says none was found"
	ok_out "Plug the scanner in and run \`ocop-pos scanner list\` again" "says what to do"
	ok_out "docs/hardware.md" "points to the set-up guide"
	umockdev-run -- "$OCOP_POS" --lang en scanner list --format json > "$T/out" 2> "$T/err"
	rc=$?; out=$(cat "$T/out"); err=$(cat "$T/err")
	ok_rc 0 "scanner list --format json"
	ok_out '"spec":	"wedge"' "JSON lists the terminal"
	no_out "No scanner device found" "JSON stdout stays machine-readable"
	ok_err "No scanner device found" "the hint goes to stderr"
	umockdev-run -- "$OCOP_POS" scanner list > "$T/out" 2> "$T/err"
	out=$(cat "$T/out")
	ok_out "Không tìm thấy thiết bị máy quét nào" "the hint in Vietnamese by default"
	ok_out "Hãng đã biết" "Vietnamese column headers"
else
	skip "scanner list with no scanner" "umockdev-run missing"
fi

# ---- listen: the wedge source through a pipe --------------------------------------
listen_pipe '8935001234562\r4006381333932\rABC-123\r12345\r' --count 4
ok_rc 0 "four scans through the terminal"
ok_out 'scan 1: "8935001234562" from wedge' "a scan with its source"
ok_out "first to last key: valid EAN-13" "a valid EAN-13"
ok_out 'scan 2: "4006381333932"' "the second scan"
ok_out "REJECTED: wrong check digit (the last digit should be 1)" "wrong check digit rejected with the right digit"
ok_out "a shop's own label" "a shop label is shown as such"
ok_out "REJECTED: 5 digits, but GS1 barcodes have 8, 12, 13 or 14" "a wrong length is rejected"
ok_err "Scans: 4, rejected: 2." "a summary on stderr"

listen_pipe 'ab\r8935001234562\r'
ok_rc 0 "typing then a scan"
ok_out 'typed, not a scan: "ab"' "a short burst is typing"
ok_out 'scan 1: "8935001234562"' "the scan after it"
ok_out "scanner wedge: ended" "the end of the input is said"

listen_pipe '89350012345'
ok_rc 0 "a burst without its Enter"
ok_out 'scan 1: "89350012345"' "is still shown"
ok_out "REJECTED: cut short" "and rejected as cut short"

listen_pipe '8935001234562#' --suffix '#'
ok_out "valid EAN-13" "another suffix character ends a code"

listen_pipe 'ab\r' --count 1
ok_rc 1 "fewer scans than --count"
ok_err "0 of 1 scans came in" "says how many came"

run scanner listen --scanner wedge
ok_rc 0 "the terminal source with nothing on stdin"
no_out "scan 1" "no scan"

# Vietnamese by default.
printf '4006381333932\r' | "$OCOP_POS" --db "$DB" scanner listen --scanner wedge > "$T/out" 2> "$T/err"
out=$(cat "$T/out")
ok_out "BỊ TỪ CHỐI: sai số kiểm tra (chữ số cuối phải là 1)" "rejection in Vietnamese"
ok_out "lần quét 1" "scan line in Vietnamese"

# ---- listen: the serial source on a pty -------------------------------------------
if command -v script > /dev/null; then
	# script(1) runs listen on a new pty; listen opens that pty as the
	# scanner's serial port (serial:$(tty)); what we pipe into script comes
	# out of it as a USB-CDC scanner would send it.  The pause lets listen
	# open the port first (opening flushes what came before).
	{ sleep 1.5; printf '8935001234562\r\n'; sleep 0.2; printf '96385074\n'
	  sleep 0.2; printf '12\001\3773\r'; sleep 0.2; printf '4006381333932\r'
	  sleep 0.2; printf '893500'; sleep 3; } |
		script -qec "exec '$OCOP_POS' --lang en scanner listen --scanner serial:\$(tty) --count 5 --timeout 8" /dev/null > "$T/out" 2>&1
	rc=$?; out=$(tr -d '\r\a' < "$T/out"); err=
	ok_rc 0 "five scans from a serial scanner"
	ok_match 'scan 1: "8935001234562" from serial:/dev/pts/[0-9]+, .*valid EAN-13' "CR LF suffix, valid EAN-13"
	ok_out 'scan 2: "96385074"' "LF suffix"
	ok_out "valid EAN-8" "EAN-8"
	ok_out 'scan 3: "12??3"' "noise bytes are shown as ?"
	ok_out "REJECTED: noise" "and rejected as noise"
	ok_out "REJECTED: wrong check digit" "a wrong check digit from the serial scanner"
	ok_match 'scan 5: "893500" .*REJECTED: cut short' "bytes without suffix are cut short after the pause"
else
	skip "serial source on a pty" "script(1) missing"
fi

# ---- listen: the wedge source in a terminal (tmux) -----------------------------------
if command -v tmux > /dev/null; then
	sock=$T/tmux.sock
	tm() { tmux -S "$sock" "$@"; }
	tm new-session -d -x 160 -y 20 \
		"'$OCOP_POS' --lang en --db '$DB' scanner listen --scanner wedge --timeout 15 > '$T/wedge.out'; echo \$? > '$T/wedge.rc'; sleep 5"
	for _ in $(seq 50); do
		tm capture-pane -p 2> /dev/null | grep -q "Listening to wedge" && break
		sleep 0.1
	done
	tm send-keys '8935001234562' Enter          # a scanner: all keys at once
	sleep 0.3
	for k in 1 2 3 4 5 6 7 8; do                 # a person: one key at a time
		tm send-keys "$k"; sleep 0.15
	done
	tm send-keys Enter
	sleep 0.3
	tm send-keys 'ABC-99' Enter
	sleep 0.3
	tm send-keys C-c
	for _ in $(seq 50); do [ -s "$T/wedge.rc" ] && break; sleep 0.1; done
	tm kill-server 2> /dev/null
	out=$(cat "$T/wedge.out"); rc=$(cat "$T/wedge.rc" 2> /dev/null)
	ok_rc 0 "listen in a terminal stops on Ctrl-C"
	ok_out 'scan 1: "8935001234562" from wedge' "a burst typed into the terminal is a scan"
	ok_out 'typed, not a scan: "12345678"' "eight digits typed slowly are typing, not a scan"
	ok_out 'scan 2: "ABC-99"' "the next burst is a scan again"
	no_out "scan 3" "nothing else was taken for a scan"
else
	skip "wedge in a terminal" "tmux missing"
fi
