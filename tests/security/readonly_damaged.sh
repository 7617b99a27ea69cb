#!/usr/bin/env bash
# Issue 12, item 7: a backup on write-protected media can be checked and
# searched (the database is opened read-only where it cannot be written);
# a truncated database is called damaged without sending `db check` to
# itself; killed backups leave no *.part behind after the next one.
. "$(dirname "$0")/lib.sh"
export OCOP_POS_NOW=2026-11-22T01:00:00Z
setup_shop
mkdir -p "$T/media" "$T/ro"
runin 1111 db backup "$T/media/backup.db" --user admin
ok_rc 0 "a backup"
cp "$DB" "$T/media/live.db"; [ -e "$DB-wal" ] && cp "$DB-wal" "$T/media/live.db-wal"
if mount --bind "$T/media" "$T/ro" 2> /dev/null && mount -o remount,bind,ro "$T/ro" 2> /dev/null; then
	h=$(sha256sum < "$T/ro/backup.db")
	"$OCOP_POS" --lang en --db "$T/ro/backup.db" db check > "$T/out" 2> "$T/err"
	rc=$?; out=$(cat "$T/out"); err=$(cat "$T/err")
	ok_rc 0 "db check of a backup on a read-only mount"
	ok_out "no problems found" "finds it sound"
	"$OCOP_POS" --lang en --db "$T/ro/backup.db" product search "mat ong" > "$T/out" 2> "$T/err"
	rc=$?; out=$(cat "$T/out"); err=$(cat "$T/err")
	ok_rc 0 "product search on a read-only mount"
	ok_out "MO-1" "finds the product"
	"$OCOP_POS" --lang en --db "$T/ro/live.db" db check > "$T/out" 2> "$T/err"
	rc=$?; out=$(cat "$T/out"); err=$(cat "$T/err")
	ok_rc 0 "db check of a WAL database on a read-only mount"
	printf '2222\n' | "$OCOP_POS" --lang en --db "$T/ro/backup.db" stock receive MO-1 1 --cost 1 --user quanly > "$T/out" 2> "$T/err"
	rc=$?; out=$(cat "$T/out"); err=$(cat "$T/err")
	ok_rc 1 "a write is refused there"
	ok_err "cannot write" "saying it cannot write"
	ok_eq "$(sha256sum < "$T/ro/backup.db")" "$h" "the backup is untouched"
	umount "$T/ro"
else
	echo "ok $((_n + 1)) # skip read-only bind mount not permitted here"; _n=$((_n + 1))
fi

# ---- a truncated database ---------------------------------------------------
cp "$T/media/backup.db" "$T/cut.db"
truncate -s 8192 "$T/cut.db"
h=$(sha256sum < "$T/cut.db")
"$OCOP_POS" --lang en --db "$T/cut.db" db check > "$T/out" 2> "$T/err"
rc=$?; out=$(cat "$T/out"); err=$(cat "$T/err")
ok_rc 1 "db check of a truncated database fails"
ok_err "is damaged" "and calls it damaged"
ok_err "restore the last backup" "and says what to do"
case $err$out in *"run \`ocop-pos db check\`"*) _tap 1 "it does not send db check to itself" ;; *) _tap 0 "it does not send db check to itself" ;; esac
ok_eq "$(sha256sum < "$T/cut.db")" "$h" "nothing was written to it"

# ---- a killed backup's *.part ------------------------------------------------
head -c 5000 "$T/media/backup.db" > "$T/media/old.db.part"   # killed mid-copy
printf 'a download' > "$T/media/film.part"                      # not ours
runin 1111 db backup "$T/media/new.db" --user admin
ok_rc 0 "the next backup"
[ ! -e "$T/media/old.db.part" ]; _tap $? "removes the part file a killed backup left"
[ -e "$T/media/film.part" ]; _tap $? "a .part file that is no database is left alone"

# ---- SQLite's raw messages --------------------------------------------------
runin 1234 shift cash-in 1000000000000000 --reason "thử" --user thungan
ok_rc 2 "cash in of 10^15 VND is refused (the command line's range)"
ok_err "too large" "with the limit, not 'above 0 VND'"
echo "1..$_n"
