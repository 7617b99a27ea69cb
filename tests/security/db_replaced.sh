#!/usr/bin/env bash
# Issue 12, item 6: the database file changes under a running command.
# During `stock count enter --scan`, the file is deleted, a backup is
# copied over it, or it is moved away and its -wal deleted: the program
# must notice before its next commit (device, inode and header of the
# file at the path), stop with a clear error, and write nothing into
# whatever is at the path now.
. "$(dirname "$0")/lib.sh"
export OCOP_POS_NOW=2026-11-22T01:00:00Z
setup_shop
runin 1111 db backup "$T/backup.db" --user admin
cp "$DB" "$T/shop0.db"
[ -e "$DB-wal" ] && cp "$DB-wal" "$T/shop0.db-wal"

# scan_with ATTACK: start a count, feed one scan, wait until it is counted,
# run ATTACK (a shell command), feed three more scans; sets rc, out, err.
scan_with() {
	local attack=$1 i
	rm -f "$DB" "$DB-wal" "$DB-shm" "$T/moved.db"*
	cp "$T/shop0.db" "$DB"
	[ -e "$T/shop0.db-wal" ] && cp "$T/shop0.db-wal" "$DB-wal"
	runin 2222 stock count start --user quanly
	rm -f "$T/fifo"; mkfifo "$T/fifo"
	"$OCOP_POS" --lang en --db "$DB" stock count enter --scan --user quanly \
		< "$T/fifo" > "$T/out" 2> "$T/err" &
	local pid=$!
	exec 3> "$T/fifo"
	printf '2222\nMO-1\n' >&3
	for i in $(seq 1 200); do grep -q "counted" "$T/out" 2> /dev/null && break; sleep 0.05; done
	eval "$attack"
	printf 'MO-1\nMO-1\nTRA-1\n' >&3
	exec 3>&-
	wait $pid
	rc=$?
	out=$(cat "$T/out"); err=$(cat "$T/err")
}

# ---- the file deleted ------------------------------------------------------
scan_with 'rm -f "$DB"'
ok_rc 1 "deleted: the command fails"
ok_err "was deleted, moved or replaced while ocop-pos was using it" "deleted: and says why"
ok_out "1 scans counted, 1 refused" "deleted: it stops at the first commit after"
[ ! -e "$DB" ]; _tap $? "deleted: no new database appears at the path"

# ---- a backup copied over it ----------------------------------------------
scan_with 'cp "$T/backup.db" "$DB"; sha256sum < "$DB" > "$T/h1"'
ok_rc 1 "backup copied over: the command fails"
ok_err "was deleted, moved or replaced" "backup copied over: and says why"
ok_out "1 scans counted, 1 refused" "backup copied over: it stops"
ok_eq "$(sha256sum < "$DB")" "$(cat "$T/h1")" \
	"backup copied over: nothing is written into the backup (no checkpoint on close)"
ok_eq "$(sha256sum < "$DB")" "$(sha256sum < "$T/backup.db")" "backup copied over: it is the backup, byte for byte"

# ---- moved away, its -wal deleted ------------------------------------------
scan_with 'mv "$DB" "$T/moved.db"; rm -f "$DB-wal" "$DB-shm"; sha256sum < "$T/moved.db" > "$T/h1"'
ok_rc 1 "moved: the command fails"
ok_err "was deleted, moved or replaced" "moved: and says why"
ok_out "1 scans counted, 1 refused" "moved: it stops"
ok_eq "$(sha256sum < "$T/moved.db")" "$(cat "$T/h1")" "moved: the moved file is not written to"
[ ! -e "$DB" ]; _tap $? "moved: no new database appears at the path"

# ---- undisturbed, the same scans all count ---------------------------------
scan_with ':'
ok_rc 0 "undisturbed: the four scans count"
ok_out "4 scans counted, 0 refused" "undisturbed: all four"
echo "1..$_n"
