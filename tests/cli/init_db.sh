#!/usr/bin/env bash
# init, db check/backup/migrate, global options and error conventions.
. "$(dirname "$0")/lib.sh"

run init --showroom DN01 --name "Điểm OCOP Đà Nẵng" --province 48
ok_rc 0 "init creates a showroom database"
ok_out "DN01" "init names the showroom"
ok_eq "$(stat -c %a "$DB")" "600" "database file is private (0600)"

run init --showroom DN02 --name "Again" --province 48
ok_rc 1 "init twice is refused"
ok_err "already set up for showroom DN01" "init twice says why"

rm -f "$DB"*
run init --showroom HA01 --name "Điểm OCOP Hội An" --province "Quảng Nam"
ok_rc 0 "init accepts a legacy province name"
ok_out "Đà Nẵng" "legacy Quảng Nam is mapped to Đà Nẵng"
runin 1111 user add admin --role admin

run init --showroom X --name Y --province 99
ok_rc 1 "unknown province is refused"
ok_err "unknown province" "unknown province message"

run init --showroom X
ok_rc 2 "missing options are a usage error"
ok_err "ocop-pos init --help" "usage error points to --help"

run init --bogus
ok_rc 2 "unknown option is a usage error"

run db check
ok_rc 0 "db check on a fresh database"
ok_out "no problems found" "db check reports no problems"

runin 1111 db backup "$T/copy.db" --user admin
ok_rc 0 "db backup"
ok_eq "$(sqlite3 "$T/copy.db" 'select code from showroom')" "HA01" "backup holds the data"

runin 1111 db backup /nonexistent-dir/x.db --user admin
ok_rc 1 "backup to an unwritable place fails"
ok_err "cannot write the backup" "backup failure message"

run db migrate
ok_rc 0 "db migrate"
ok_out "up to date" "db migrate says up to date"

sqlite3 "$DB" "PRAGMA user_version = 999"
run db check
ok_rc 1 "a newer database is refused"
ok_err "newer ocop-pos" "newer database message"

"$OCOP_POS" --lang en --db "$T/none.db" product list > "$T/out" 2> "$T/err"; rc=$?; err=$(cat "$T/err")
ok_rc 1 "missing database"
ok_err "does not exist" "missing database says how to create it"
ok_eq "$(ls "$T"/none.db 2>/dev/null)" "" "opening a missing database does not create it"

printf 'not a database at all, just text.............................................................' > "$T/junk.db"
"$OCOP_POS" --lang en --db "$T/junk.db" product list > "$T/out" 2> "$T/err"; rc=$?; err=$(cat "$T/err")
ok_rc 1 "a file that is not a database"
ok_err "not an ocop-pos database" "junk file message"

run nosuchcommand
ok_rc 2 "unknown command"
run --help
ok_rc 0 "--help"
ok_out "catalog" "--help lists commands"
for c in init demo producer product catalog db; do
	run "$c" --help
	ok_rc 0 "$c --help"
	ok_out "Usage: ocop-pos" "$c --help shows usage"
done

"$OCOP_POS" --db "$T/none.db" product list > "$T/out" 2> "$T/err"; err=$(cat "$T/err")
ok_err "không tồn tại" "errors are in Vietnamese by default"
