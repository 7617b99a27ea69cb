# tests/security/lib_cli.sh - helpers for the command-line attacks of
# issue 12 (sourced): everything of tests/cli/lib.sh, plus
#   dumphash            SHA-256 of `sqlite3 $DB .dump` (the whole content)
#   unchanged HASH "d"  the database still dumps to HASH (nothing written)
#   shop                a showroom with the demo users admin (PIN 1111),
#                       quanly (2222, manager), thungan (1234, cashier),
#                       tinh (3333, auditor), a producer, two products,
#                       stock, an open shift and one sale
# Each attack is a test that asserts the refusal (exit code), the message
# and an unchanged database.
. "$(dirname "${BASH_SOURCE[0]}")/../cli/lib.sh"
NL=$'\n'
export OCOP_POS_NOW=${OCOP_POS_NOW:-2026-11-22T03:00:00Z}

if ! command -v sqlite3 > /dev/null; then
	echo "1..0 # skip the sqlite3 command is needed"
	exit 0
fi

dumphash() { sqlite3 "$DB" .dump | sha256sum | cut -c1-64; }
unchanged() { ok_eq "$(dumphash)" "$1" "$2"; }

shop() {
	run init --showroom DN01 --name "Điểm OCOP Đà Nẵng" --province 48
	runin 1111 user add admin --role admin
	runin "2222${NL}1111" user add quanly --role manager --by admin
	runin "1234${NL}1111" user add thungan --role cashier --by admin
	runin "3333${NL}1111" user add tinh --role auditor --by admin
	runin 2222 producer add HTX-A --name "HTX A" --kind cooperative --province 48 --user quanly
	runin 2222 product add MO-1 --name "Mật ong" --producer HTX-A --price 150000 --group 1 \
		--stars 4 --user quanly
	runin 2222 product add TRA-1 --name "Trà" --producer HTX-A --price 90000 --group 1 \
		--stars 3 --user quanly
	runin 2222 stock receive MO-1 20 --cost 90000 --user quanly
	runin 1234 shift open --user thungan --float 500000
	runin 1234 sale --user thungan --scan MO-1 --pay cash --buyer-name "Nguyễn Văn A"
	[ "$rc" = 0 ] || { echo "Bail out! the shop could not be set up: $err"; exit 1; }
}
