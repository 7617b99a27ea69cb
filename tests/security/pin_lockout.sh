#!/usr/bin/env bash
# Issue 12, item 3: the PIN lockout.  The installed program ignores
# OCOP_POS_NOW (moving it 400 s on each try found a manager's PIN in 33
# guesses), and 40 wrong PINs tried at once count 40: the user is locked
# and no more than the limit (5) are ever checked.
. "$(dirname "$0")/lib.sh"
export OCOP_POS_NOW=2026-11-22T01:00:00Z
setup_shop

# ---- the release binary has no clock override ---------------------------
# the test build honours it (the scenario suites' clock)
for i in 1 2 3 4 5; do runin 0000 shift x --user quanly; done
OCOP_POS_NOW=2026-11-22T01:02:00Z runin 2222 shift x --user quanly
ok_rc 1 "test build: locked 1 minute later"
OCOP_POS_NOW=2026-11-22T01:06:40Z runin 2222 shift x --user quanly
ok_rc 0 "test build: the lock runs out after 5 minutes of OCOP_POS_NOW"
# rel INPUT ARGS...: run the installed kind of program (no test clock)
rel() {
	local input=$1; shift
	printf '%s\n' "$input" | "$OCOP_POS_RELEASE" --lang en --db "$DB" "$@" > "$T/out" 2> "$T/err"
	rc=$?
	out=$(cat "$T/out"); err=$(cat "$T/err")
}
for i in 1 2 3 4 5; do rel 0000 shift x --user quanly; done
ok_rc 1 "the fifth wrong PIN is refused"
ok_err "locked for 5 minutes after 5 wrong PINs" "and locks the manager"
before=$(dbhash)
# the attack: the clock moved 400 s on, then a day on
OCOP_POS_NOW=$(date -u -d '+400 seconds' +%Y-%m-%dT%H:%M:%SZ) rel 2222 shift x --user quanly
ok_rc 1 "OCOP_POS_NOW 400 s on does not lift the lock in the installed program"
ok_err "quanly is locked after 5 wrong PINs" "the refusal says the user is locked"
OCOP_POS_NOW=$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ) rel 2222 shift x --user quanly
ok_rc 1 "nor a day on"
same_db "$before" "a refused try while locked writes nothing"
strings "$OCOP_POS_RELEASE" | grep -q OCOP_POS_NOW
ok_eq "$?" 1 "the installed program does not even contain the name OCOP_POS_NOW"

# ---- 40 wrong PINs at once ------------------------------------------------
before_audit=$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'user_locked'")
for i in $(seq 1 40); do
	(printf '0000\n' | "$OCOP_POS" --lang en --db "$DB" shift x --user thungan \
		> /dev/null 2> "$T/par.$i"; echo $? > "$T/rc.$i") &
done
wait
checked=$(cat "$T"/par.* | grep -c "wrong PIN for thungan")
refused=$(cat "$T"/par.* | grep -c "thungan is locked after 5 wrong PINs")
failed=$(cat "$T"/rc.* | grep -vc '^1$')
ok_eq "$failed" 0 "all 40 parallel tries are refused (exit 1)"
ok_eq "$checked" 5 "exactly the limit (5) of them were checked"
ok_eq "$((checked + refused))" 40 "the 35 others were refused as locked, unchecked"
ok_eq "$(sqlite3 "$DB" "SELECT locked_until IS NOT NULL FROM user WHERE name = 'thungan'")" 1 \
	"the cashier is locked"
ok_eq "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'user_locked'")" \
	"$((before_audit + 1))" "the lock is audited once"
before=$(dbhash)
runin 1234 shift x --user thungan
ok_rc 1 "even the right PIN is refused while locked"
ok_err "thungan is locked after 5 wrong PINs" "with the lock message"
same_db "$before" "and nothing is written"
echo "1..$_n"
