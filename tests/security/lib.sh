# tests/security/lib.sh - helpers for the security scenarios (sourced):
# everything of tests/cli/lib.sh, plus
#   dbhash              SHA-256 of `sqlite3 $DB .dump` (the whole content)
#   same_db HASH "desc" the database still dumps to HASH (nothing written)
#   setup_shop          a showroom with admin (PIN 1111), manager quanly
#                       (2222), cashier thungan (1234), two products and
#                       stock, an open shift, one cash sale
# Each attack of issue 12 is a test that asserts the refusal (exit code),
# the message and an unchanged database.
. "$(dirname "${BASH_SOURCE[0]}")/../cli/lib.sh"
NL=$'\n'

if ! command -v sqlite3 > /dev/null; then
	echo "1..0 # skip the sqlite3 command is needed"
	exit 0
fi

dbhash() { sqlite3 "$DB" .dump | sha256sum | cut -c1-64; }
same_db() { ok_eq "$(dbhash)" "$1" "$2"; }

setup_shop() {
	run init --showroom DN01 --name "Điểm OCOP Đà Nẵng" --province 48
	runin 1111 user add admin --role admin
	runin "2222${NL}1111" user add quanly --role manager --by admin
	runin "1234${NL}1111" user add thungan --role cashier --by admin
	run producer add HTX-A --name "HTX A" --kind cooperative --province 48
	run product add MO-1 --name "Mật ong" --producer HTX-A --price 150000 --group 1 --stars 4
	run product add TRA-1 --name "Trà" --producer HTX-A --price 90000 --group 1 --stars 3
	runin 2222 stock receive MO-1 20 --cost 90000 --user quanly
	runin 2222 stock receive TRA-1 20 --cost 50000 --user quanly
	runin 1234 shift open --user thungan --float 500000
	runin 1234 sale --user thungan --scan MO-1 --pay cash
}
