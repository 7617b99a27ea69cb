#!/usr/bin/env bash
# Issue 12 item 1: no command writes over the open database, its
# -wal/-shm/-journal, or a backup `db backup` made (any SQLite file); an
# existing file is replaced only with --force; outputs go through a
# temporary file renamed into place and are created 0600.
. "$(dirname "$0")/lib_cli.sh"
shop
h=$(dumphash)
sqlite3 "$DB" "PRAGMA journal_mode" > /dev/null

# the database itself, whatever the command and format
for f in xlsx csv json table; do
	runin 1111 report products --format $f --out "$DB" --user admin
	ok_rc 1 "report --format $f --out DB is refused"
	ok_err "refusing to write over the database" "report $f says why"
	unchanged "$h" "report $f: database unchanged"
done
runin 1111 report products --format csv --out "$DB" --force --user admin
ok_rc 1 "even with --force"
unchanged "$h" "report --force: database unchanged"
for f in json csv; do
	runin 1111 catalog export --format $f --out "$DB" --user admin
	ok_rc 1 "catalog export --format $f --out DB is refused"
	ok_err "refusing to write over the database" "catalog export $f says why"
	unchanged "$h" "catalog export $f: database unchanged"
done
runin 1111 export --out "$DB" --user admin
ok_rc 1 "export --out DB is refused"
ok_err "refusing to write over the database" "export says why"
unchanged "$h" "export: database unchanged (no sequence number used up)"
runin 1111 db backup "$DB" --force --user admin
ok_rc 1 "db backup over the database is refused"
unchanged "$h" "db backup: database unchanged"

# the side files, other spellings of the same path, a link to it
for side in -wal -shm -journal; do
	runin 1111 report products --format csv --out "$DB$side" --user admin
	ok_rc 1 "report --out DB$side is refused"
	ok_err "refusing to write over the database" "DB$side: says why"
done
d=$(dirname "$DB")
runin 1111 report products --format csv --out "$d/../$(basename "$d")/./$(basename "$DB")" --user admin
ok_rc 1 "another spelling of the database path is refused"
ln -s "$DB" "$T/link.csv"
runin 1111 report products --format csv --out "$T/link.csv" --force --user admin
ok_rc 1 "a symbolic link to the database is refused"
ln "$DB" "$T/hard.csv" 2>/dev/null && {
	runin 1111 report products --format csv --out "$T/hard.csv" --force --user admin
	ok_rc 1 "a hard link to the database is refused"
}
runin 1234 receipt print DN01-01-2026-000001 --printer "file:$DB" --user thungan
ok_rc 1 "a file printer pointed at the database is refused"
ok_err "refusing to write over the database" "the printer says why"
unchanged "$h" "links and printers: database unchanged"

# a backup is an SQLite file: never written over, even with --force
runin 1111 db backup "$T/b1.db" --user admin
ok_rc 0 "a backup"
ok_eq "$(stat -c %a "$T/b1.db")" "600" "the backup is 0600"
bh=$(sqlite3 "$T/b1.db" .dump | sha256sum)
runin 1111 report products --format xlsx --out "$T/b1.db" --force --user admin
ok_rc 1 "report over a backup is refused, even with --force"
ok_err "it is an SQLite database" "says it is a database"
runin 1111 catalog export --out "$T/b1.db" --force --user admin
ok_rc 1 "catalog export over a backup is refused"
runin 1111 db backup "$T/b1.db" --force --user admin
ok_rc 1 "a new backup over an old one is refused"
ok_eq "$(sqlite3 "$T/b1.db" .dump | sha256sum)" "$bh" "the backup is unchanged"

# an existing file only with --force; the old one stays until the new one is complete
printf 'keep me\n' > "$T/r.csv"
runin 1111 report products --format csv --out "$T/r.csv" --user admin
ok_rc 1 "an existing file is not replaced"
ok_err "already exists; add --force" "says how"
ok_eq "$(cat "$T/r.csv")" "keep me" "the file is untouched"
runin 1111 report products --format csv --out "$T/r.csv" --force --user admin
ok_rc 0 "--force replaces it"
ok_eq "$(head -c 3 "$T/r.csv" | od -An -tx1 | tr -d ' ')" "efbbbf" "with the report (CSV with a BOM)"
printf 'x\n' > "$T/c.json"
runin 1111 catalog export --out "$T/c.json" --user admin
ok_rc 1 "catalog export does not replace a file"
runin 1111 export --out "$T/c.json" --user admin
ok_rc 1 "export does not replace a file"
ok_eq "$(cat "$T/c.json")" "x" "still the old content"
unchanged "$h" "refused exports use up no sequence number"

# new files are private (0600), and no temporary file is left behind
umask 022
runin 1111 report products --format csv --out "$T/new.csv" --user admin
ok_eq "$(stat -c %a "$T/new.csv")" "600" "report csv is 0600"
runin 1111 report products --format xlsx --out "$T/new.xlsx" --user admin
ok_eq "$(stat -c %a "$T/new.xlsx")" "600" "report xlsx is 0600"
runin 1111 catalog export --format csv --out "$T/cat.csv" --user admin
ok_eq "$(stat -c %a "$T/cat.csv")" "600" "catalog export is 0600"
runin 1111 export --out "$T/x1.jsonl" --user admin
ok_rc 0 "export"
ok_eq "$(stat -c %a "$T/x1.jsonl")" "600" "the exchange file is 0600"
runin 1111 receipt preview DN01-01-2026-000001 --png "$T/r.png" --user admin
ok_eq "$(stat -c %a "$T/r.png")" "600" "a receipt preview is 0600"
runin 1234 receipt print DN01-01-2026-000001 --printer "file:$T/receipts.prn" --user thungan
ok_rc 0 "print to a file printer"
ok_eq "$(stat -c %a "$T/receipts.prn")" "600" "receipts.prn (buyers' names) is 0600"
ok_eq "$(find "$T" -name '.*.??????' | wc -l)" "0" "no temporary file left behind"

# a writer that fails leaves no half file
runin 1111 report products --format csv --out "$T/nodir/r.csv" --user admin
ok_rc 1 "a folder that does not exist"
ok_eq "$(ls "$T/nodir" 2>/dev/null | wc -l)" "0" "nothing written"
