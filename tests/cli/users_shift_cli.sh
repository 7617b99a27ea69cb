#!/usr/bin/env bash
# users, shifts, the audit log and VietQR from the command line: the first
# admin, PINs on standard input, lockout, permissions, a whole shift with
# cash moves and a blind close by denomination, Z numbers, audit listing,
# and VietQR payloads byte for byte against FACTS' examples.
. "$(dirname "$0")/lib.sh"
export OCOP_POS_NOW=2026-11-22T01:00:00Z
NL=$'\n'

run init --showroom DN01 --name "Điểm OCOP Đà Nẵng" --province 48

# ---- users ----------------------------------------------------------------
runin 1111 user list --user admin
ok_rc 1 "user list on a new database: nobody to ask"
ok_err "first admin" "a database without users says how to add the first admin"
runin 1234 user add thungan --role cashier
ok_rc 1 "the first user must be an admin"
ok_err "first user must be an admin" "and the message says so"
runin 1111 user add admin --role admin --full-name "Nguyễn Thị Lan"
ok_rc 0 "the first admin needs no --by"
ok_out "Added user admin (admin)" "user add confirms"
runin 1234 user add thungan --role cashier
ok_rc 2 "after the first user, --by is needed"
runin "1234${NL}1111" user add thungan --role cashier --full-name "Lê Thị Mai" --by admin
ok_rc 0 "admin adds a cashier (new PIN, then admin's PIN)"
runin "2222${NL}1111" user add quanly --role manager --by admin
runin "3333${NL}1111" user add tinh --role auditor --by admin
runin "5555${NL}1234" user add x --role cashier --by thungan
ok_rc 1 "a cashier cannot add users"
ok_err "may not manage users" "the refusal names the permission"
runin "12${NL}1111" user add y --role cashier --by admin
ok_rc 1 "a short PIN is refused"
ok_err "4 to 12 digits" "the PIN rule is stated"
runin "5555${NL}1111" user add "thu ngân" --role cashier --by admin
ok_rc 1 "a name with accents is refused"
runin "5555${NL}1111" user add THUNGAN --role cashier --by admin
ok_rc 1 "names are unique regardless of case"
runin "5555${NL}1111" user add z --role boss --by admin
ok_rc 1 "unknown role"
runin 1111 user list --format csv --user admin
ok_eq "$(printf '%s' "$out" | tr -d '\r')" "name,full_name,role,active
admin,Nguyễn Thị Lan,admin,1
quanly,,manager,1
thungan,Lê Thị Mai,cashier,1
tinh,,auditor,1" "user list as CSV"
runin 1111 user list --format json --user admin
ok_match '"name":[[:space:]]*"thungan"' "user list as JSON"
ok_eq "$(grep -c 1234 "$DB" 2>/dev/null || true)" "0" "no PIN in clear in the database file"

# passwd: old then new; wrong old PIN refused
runin "1234${NL}4321" user passwd thungan
ok_rc 0 "a user changes their own PIN"
runin "1234${NL}9999" user passwd thungan
ok_rc 1 "the old PIN no longer works"
ok_err "wrong PIN" "wrong PIN message"
ok_err "4 more" "it says how many tries are left"

# lockout after 5 wrong PINs, with the time in the message
for i in 1 2 3 4; do runin 0000 shift x --user thungan; done
ok_err "locked for 5 minutes" "the fifth wrong PIN locks the user"
runin 4321 shift x --user thungan
ok_rc 1 "even the right PIN is refused while locked"
ok_err "try again in 5 minute" "the message says how long"
runin "1111${NL}1234" user passwd thungan --by admin
ok_rc 0 "an admin resets the PIN (admin's PIN, then the new one)"
ok_out "Changed the PIN of thungan" "passwd confirms"
runin "1111${NL}1234" user disable tinh --by admin
ok_rc 0 "an admin disables a user"
runin 3333 audit --user tinh
ok_rc 1 "a disabled auditor cannot read the audit log"
ok_err "disabled" "and is told why"
runin "1111" user enable tinh --by admin
ok_rc 0 "and enables them again"

# ---- shifts ---------------------------------------------------------------
runin 1234 shift x --user thungan
ok_rc 1 "no X report without an open shift"
ok_err "shift open" "the message says how to open one"
runin 3333 shift open --user tinh --float 0
ok_rc 1 "an auditor cannot open a shift"
runin 1234 shift open --user thungan
ok_rc 2 "shift open needs --float"
run shift open --float 500000
ok_rc 2 "shift open needs --user"
runin 1234 shift open --user thungan --float 500.000
ok_rc 0 "cashier opens a shift"
ok_out "Opened shift 1 on register 01" "shift open confirms the register"
ok_out "500.000 ₫" "and the float"
runin 2222 shift open --user quanly --float 0
ok_rc 1 "one open shift per register"
ok_err "already has an open shift" "the refusal says why"
runin 1234 shift cash-in 200000 --reason "Đổi tiền lẻ" --user thungan
ok_rc 0 "cash in"
runin 1234 shift cash-out 50000 --user thungan
ok_rc 2 "cash out needs a reason"
runin 1234 shift cash-out 5000000 --reason "Nộp ngân hàng" --user thungan
ok_rc 1 "cannot take out more than the drawer holds"
ok_err "does not hold that much cash" "the refusal says why"
case $err in *700[.,]000*) _tap 1 "a cashier is not told what the drawer should hold (blind close)" ;; *) _tap 0 "a cashier is not told what the drawer should hold (blind close)" ;; esac
runin 1234 shift cash-out 80000 --reason "Mua túi giấy" --user thungan
ok_rc 0 "cash out"
runin 1234 shift x --user thungan
ok_rc 0 "X report"
ok_out "X report - shift 1" "X report title"
no_out "Expected cash" "the cashier's X report leaves out the expected cash (blind close)"
no_out "620.000" "nor its amount"
runin 2222 shift x --user quanly
ok_match "Expected cash +620.000 ₫" "the manager's: expected = 500.000 + 200.000 - 80.000"
runin 3333 shift x --user tinh --format json
ok_rc 0 "an auditor may read the X report"
ok_out '"expected_cash":620000' "X report as JSON"
ok_out '"closed":false' "the shift is still open"
runin 1111 shift show --user admin
ok_rc 1 "no closed shift to show yet"
runin 1111 shift show 1 --user admin
ok_rc 1 "shift show refuses an open shift (the count stays blind)"
no_out "620.000" "and shows no expected amount"
runin 1234 shift close --user thungan
ok_rc 2 "close needs the counted cash"
runin 1234 shift close --user thungan --count 300000x1
ok_rc 2 "300.000 is not a banknote"
runin 4321 shift close --user quanly --counted 0
ok_rc 1 "wrong PIN: nothing closed"
runin 1234 shift close --user thungan --count 500000x1,100000x1,10000x1,5000x1
ok_rc 0 "blind close by denomination"
ok_out "Closed shift 1: counted 615.000 ₫" "the count comes first"
ok_out "Z report DN01-01-Z2026-000001" "Z number"
no_out "Short" "the cashier is not told the over/short (blind close)"
ok_out "Count: 500000x1,100000x1,10000x1,5000x1" "the count per denomination is kept"
runin 2222 shift show --user quanly
ok_match "Short +-5.000 ₫" "the manager sees: short by 5.000"
runin 1234 shift close --user thungan --counted 0
ok_rc 1 "no second close"

# second shift, closed by a manager with a total, over by 1.000
export OCOP_POS_NOW=2026-11-22T08:00:00Z
runin 1234 shift open --user thungan --float 100000
runin 1234 shift close --user thungan --counted 101000 --format json
ok_out '"z_no":"DN01-01-Z2026-000002"' "Z numbers are gapless"
no_out '"over_short"' "a cashier's JSON has no over/short"
runin 2222 shift show --user quanly --format json
ok_out '"over_short":1000' "over by 1.000"
runin 1111 shift show 1 --user admin
ok_out "Z report DN01-01-Z2026-000001" "shift show ID prints the Z report"
ok_match "Counted cash +615.000 ₫" "with the counted cash"
runin 1111 shift show --user admin
ok_out "DN01-01-Z2026-000002" "shift show defaults to the last closed shift"
runin 1111 shift list --format csv --user admin
ok_out "1,01,thungan,2026-11-22T01:00:00Z,2026-11-22T01:00:00Z,DN01-01-Z2026-000001,620000,615000,-5000" "shift list as CSV"

# ---- audit ----------------------------------------------------------------
runin 1111 audit --user admin
ok_rc 0 "audit lists"
ok_out "user_add" "user changes are audited"
ok_out "user_locked" "the lockout is audited"
ok_out "cash_out" "cash moves are audited"
ok_out "shift_close" "shift closes are audited"
runin 1111 audit --format csv --action shift_close --user admin
ok_eq "$(printf '%s\n' "$out" | wc -l)" "3" "--action filters (header + 2 closes)"
runin 1111 audit --from 2026-11-23 --user admin
ok_err "No audit entries" "nothing after the day"
runin 1111 audit --from 2026-11-23 --to 2026-11-22 --user admin
ok_rc 2 "--from after --to is bad usage"
runin 1111 audit --from 2026-13-01 --user admin
ok_rc 2 "a bad date is bad usage"
runin 1111 audit --format csv --user admin
no_out "1234" "no PIN in the audit log"
no_out "4321" "no changed PIN in the audit log"

# ---- VietQR ---------------------------------------------------------------
run vietqr --bank 970415 --account 0011001932418 --amount 120000 --purpose "ung ho lu lut"
ok_eq "$out" "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813ung ho lu lut6304C15C" "FACTS example 1 byte for byte"
run vietqr --bank 970436 --account 0011001234567 --amount 150.000 --purpose HD000123
ok_eq "$out" "00020101021238570010A00000072701270006970436011300110012345670208QRIBFTTA530370454061500005802VN62120808HD0001236304CD47" "FACTS example 2 byte for byte"
run vietqr --bank vietinbank --account 0011001932418 --amount 120000 --purpose "ủng hộ lũ lụt!"
ok_out "62170813ung ho lu lut" "accents are folded out of the purpose"
run vietqr --bank 97041 --account 1 --amount 1
ok_rc 1 "a bad BIN is refused"
run vietqr --bank 970415 --amount 1
ok_rc 2 "--bank without --account"
run vietqr --amount 1000
ok_rc 1 "no showroom account saved yet"
ok_err "--save" "the message says how to save it"
runin 1234 vietqr --bank vcb --account 0011001234567 --save --user thungan
ok_rc 1 "a cashier cannot change the showroom's account"
runin 1111 vietqr --bank vcb --account 0011001234567 --save --user admin
ok_rc 0 "an admin saves the showroom's account"
run vietqr --amount 150000 --purpose HD000123
ok_eq "$out" "00020101021238570010A00000072701270006970436011300110012345670208QRIBFTTA530370454061500005802VN62120808HD0001236304CD47" "the saved account is used"
run vietqr --decode "$out" --format json
ok_out '"amount":150000' "decode reads the amount"
ok_out '"bin":"970436"' "decode reads the bank"
run vietqr --decode "00020101021238570010A00000072701270006970436011300110012345670208QRIBFTTA530370454061500005802VN62120808HD0001236304CD48"
ok_rc 1 "decode refuses a wrong CRC"
ok_err "CRC" "and says so"

# ---- Vietnamese messages ----------------------------------------------------
printf '0000\n' | "$OCOP_POS" --lang vi --db "$DB" shift x --user quanly > "$T/out" 2> "$T/err"
rc=$?; out=$(cat "$T/out"); err=$(cat "$T/err")
ok_err "sai mã PIN của quanly" "errors are in Vietnamese by default"

# ---- demo users -------------------------------------------------------------
DB=$T/demo.db
run demo --products 5
ok_rc 0 "demo"
runin 1111 user list --format csv --user admin
ok_out "admin,Nguyễn Thị Lan,admin,1" "demo admin"
ok_out "thungan,Lê Thị Mai,cashier,1" "demo cashier"
ok_out "tinh,Võ Thị Tình,auditor,1" "demo auditor"
runin 2222 shift open --user quanly --float 0
ok_rc 0 "demo manager's PIN is 2222"

# ---- a shift with real sales (through `ocop-pos sale`, when present) -------
if "$OCOP_POS" sale --help > /dev/null 2>&1; then
	DB=$T/sales.db
	export OCOP_POS_NOW=2026-11-22T02:00:00Z
	run init --showroom DN01 --name "Điểm OCOP Đà Nẵng" --province 48
	runin 1111 user add admin --role admin
	runin "1234${NL}1111" user add thungan --role cashier --by admin
	runin "2222${NL}1111" user add quanly --role manager --by admin
	runin 1111 producer add HTX-A --name "HTX Mật ong" --kind HTX --province 66 --user admin
	runin 1111 product add MO-1 --name "Mật ong rừng" --producer HTX-A --group 1 --stars 4 --price 185000 --vat 8 --user admin
	runin 2222 stock receive MO-1 10 --cost 120000 --user quanly
	ok_rc 0 "stock received for the sales"
	runin 1234 sale --user thungan --scan MO-1 --pay cash:200000
	ok_rc 1 "no sale without an open shift"
	runin 1234 shift open --user thungan --float 300000
	runin 1234 sale --user thungan --scan MO-1*2 --pay cash:400000
	ok_rc 0 "a cash sale with change"
	runin 1234 sale --user thungan --scan MO-1 --pay qr
	ok_rc 0 "a VietQR sale"
	runin 1234 sale --user thungan --scan MO-1 --pay cash
	ok_rc 0 "an exact-cash sale"
	runin 2222 sale void --user quanly --reason "Khách đổi ý"
	ok_rc 0 "the manager voids the last sale"
	runin 2222 shift x --user quanly --format json
	ok_out '"sales_count":3' "three sales"
	ok_out '"voids_count":1' "one void"
	ok_out '"cash":370000' "cash net of change and of the void"
	ok_out '"qr":185000' "VietQR on its own"
	ok_out '"expected_cash":670000' "expected = 300.000 + 370.000"
	runin 2222 shift close --user quanly --counted 670000 --format json
	ok_out '"over_short":0' "the drawer balances"
	runin 1111 audit --format csv --action void --user admin
	ok_out "Khách đổi ý" "the void is audited with its reason"
fi
