#!/usr/bin/env bash
# Issue 12, item 4: a clock that moves.  With the clock set to 2025, 1960
# or 9999 inside a 2026 shift, sales were accepted (DEMO-01-1960-000001);
# a shift opened on 2026-12-07 closed on 2026-01-01.  Now a document dated
# more than 5 minutes before the last one, or outside the open shift's
# business day +-1, is refused with a message to have the clock fixed,
# and db check reports time that ran backwards.
. "$(dirname "$0")/lib.sh"
export OCOP_POS_NOW=2026-11-22T01:00:00Z
setup_shop
ok_rc 0 "a sale at 08:00 local in the 2026-11-22 shift"
before=$(dbhash)
for t in 2025-11-22T01:00:00Z 1960-01-01T01:00:00Z 2026-11-22T00:50:00Z; do
	OCOP_POS_NOW=$t runin 1234 sale --user thungan --scan MO-1 --pay cash
	ok_rc 1 "a sale with the clock at $t (before the last receipt) is refused"
	ok_err "have the clock fixed, then try again (nothing was saved)" \
		"the message tells the cashier to have the clock fixed ($t)"
done
ok_err "the till's clock is behind the last receipt" "10 minutes behind: the message says behind what"
for t in 9999-01-01T01:00:00Z 2026-11-25T01:00:00Z; do
	OCOP_POS_NOW=$t runin 1234 sale --user thungan --scan MO-1 --pay cash
	ok_rc 1 "a sale with the clock at $t (outside the shift's day +-1) is refused"
	ok_err "outside the open shift's business day: have the clock fixed" \
		"the message tells the cashier to have the clock fixed ($t)"
done
OCOP_POS_NOW=2026-01-01T01:00:00Z runin 1234 shift close --user thungan --counted 650000
ok_rc 1 "the shift cannot be closed on 2026-01-01"
ok_err "have the clock fixed" "with the clock message"
OCOP_POS_NOW=2026-01-01T01:00:00Z runin 1234 shift cash-in 100000 --reason "tiền lẻ" --user thungan
ok_rc 1 "nor cash put in before the shift opened"
ok_err "have the clock fixed" "with the clock message"
same_db "$before" "none of the refused documents left a trace"
run db check
ok_rc 0 "db check still passes"
# within the tolerance (NTP steps, a slow RTC): accepted
OCOP_POS_NOW=2026-11-22T00:57:00Z runin 1234 sale --user thungan --scan MO-1 --pay cash
ok_rc 0 "3 minutes behind the last receipt is tolerated"
OCOP_POS_NOW=2026-11-22T17:30:00Z runin 1234 sale --user thungan --scan MO-1 --pay cash
ok_rc 0 "the next local day (00:30) is still within the shift's day +-1"

# ---- db check: time that ran backwards in the journal ----------------------
cp "$DB" "$T/back.db"
sqlite3 "$T/back.db" "DROP TRIGGER sale_no_update; DROP TRIGGER journal_sale_au;
	UPDATE sale SET at = '2025-01-01T01:00:00Z' WHERE id = (SELECT max(id) FROM sale)"
"$OCOP_POS" --lang en --db "$T/back.db" db check > "$T/out" 2> "$T/err"
rc=$?; out=$(cat "$T/out"); err=$(cat "$T/err")
ok_rc 1 "db check finds a receipt dated before the one before it"
ok_out "clock ran backwards: DN01-01-2026-000003 is dated 2025-01-01T01:00:00Z, before DN01-01-2026-000002" \
	"and names both receipts"
cp "$DB" "$T/back.db"
sqlite3 "$T/back.db" "DROP TRIGGER clock_shift_close; DROP TRIGGER journal_shift_au;
	UPDATE shift SET closed_at = '2026-01-01T01:00:00Z', z_no = 'Z' WHERE id = 1"
"$OCOP_POS" --lang en --db "$T/back.db" db check > "$T/out" 2> "$T/err"
rc=$?; out=$(cat "$T/out"); err=$(cat "$T/err")
ok_rc 1 "db check finds a shift closed before it opened"
ok_out "clock ran backwards: shift 1 closed at 2026-01-01T01:00:00Z, before it opened" "and says so"
echo "1..$_n"
