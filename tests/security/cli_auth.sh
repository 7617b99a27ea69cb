#!/usr/bin/env bash
# Issue 12 item 2: every command that changes data, exports data or reads
# the audit log needs --user NAME with the PIN on standard input, checked
# in core against the permission table of src/core/user.c.  Each attack:
# no --user, a wrong PIN, a role that may not; each refused with its
# message and nothing written.  Replacing a showroom's key needs
# --replace-key and an admin, and is audited.
. "$(dirname "$0")/lib_cli.sh"
shop
runin 1111 catalog export --out "$T/cat.json" --user admin
sed -E 's/"price":([[:space:]]*)150000/"price":\11/' "$T/cat.json" > "$T/cheap.json"
grep -qE '"price":[[:space:]]*1,' "$T/cheap.json"; _tap $? "a catalogue file that sets a price to 1 VND"
for c in XX01 XX02; do
	DB=$T/$c.db run init --showroom $c --name "Điểm $c" --province 48
	DB=$T/$c.db run showroom key
	eval "key_$c=\${out#* }"
done
# the content apart from the users' wrong-PIN counters
datahash() {
	local t
	for t in $(sqlite3 "$DB" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('user', 'sqlite_sequence') ORDER BY name"); do
		sqlite3 "$DB" ".dump $t"
	done | sha256sum | cut -c1-64
}

# every attack, as: ARGS (the person's name is appended as --user NAME)
attacks=(
	"product edit MO-1 --price 1"
	"product add EVIL --name Evil --producer HTX-A --group 1 --stars 3 --price 1"
	"producer add EVIL --name Evil --kind household --province 48"
	"producer edit HTX-A --name Evil"
	"catalog import $T/cheap.json"
	"catalog export"
	"audit"
	"report products"
	"report daily --format csv"
	"export --out $T/stolen.jsonl"
	"db backup $T/stolen.db"
	"showroom register XX01 --key $key_XX01"
	"showroom list"
	"user list"
	"stock list"
	"stock lots"
	"shift list"
	"sale show DN01-01-2026-000001"
	"receipt show DN01-01-2026-000001"
)
h=$(dumphash)
for a in "${attacks[@]}"; do
	# shellcheck disable=SC2086
	run $a
	ok_rc 2 "$a: refused without --user"
	ok_err "say who you are with --user NAME" "$a: says who must say who they are"
done
unchanged "$h" "without --user nothing was written"

d=$(datahash)
n=0
for a in "${attacks[@]}"; do
	# a wrong PIN, four tries per person so that nobody is locked out yet
	[ $n -ge 16 ] && break
	case $((n % 4)) in 0) u=admin ;; 1) u=quanly ;; 2) u=tinh ;; 3) u=thungan ;; esac
	n=$((n + 1))
	# shellcheck disable=SC2086
	runin 9999 $a --user $u
	ok_rc 1 "$a: refused with a wrong PIN"
	ok_err "wrong PIN" "$a: says the PIN is wrong"
done
ok_eq "$(datahash)" "$d" "with wrong PINs nothing but the try counters was written"
ok_eq "$(sqlite3 "$DB" "SELECT group_concat(failed_logins) FROM user ORDER BY name")" "4,4,4,4" \
	"every wrong PIN was counted"
for p in 1111:admin 2222:quanly 3333:tinh 1234:thungan; do
	runin "${p%%:*}" shift x --user "${p#*:}" > /dev/null
done
ok_eq "$(sqlite3 "$DB" "SELECT sum(failed_logins) FROM user")" "0" "the right PIN clears the counters"

h=$(dumphash)
# a cashier may sell, not change the catalogue, export, back up or read the log
for a in "${attacks[@]}"; do
	case $a in "sale show"*|"receipt show"*) continue ;; esac
	# shellcheck disable=SC2086
	runin 1234 $a --user thungan
	ok_rc 1 "$a: refused to a cashier"
	ok_err "thungan (cashier) may not" "$a: names the person and the role"
done
# an auditor reads, never writes
for a in "product edit MO-1 --price 1" "catalog import $T/cheap.json" "export --out $T/a.jsonl" \
	 "db backup $T/a.db" "showroom register XX01 --key $key_XX01" "stock adjust MO-1 -1 --reason lost"; do
	# shellcheck disable=SC2086
	runin 3333 $a --user tinh
	ok_rc 1 "$a: refused to an auditor"
	ok_err "tinh (auditor) may not" "$a: says the auditor may not"
done
# a manager manages, but does not register keys or list users
for a in "showroom register XX01 --key $key_XX01" "user list"; do
	# shellcheck disable=SC2086
	runin 2222 $a --user quanly
	ok_rc 1 "$a: refused to a manager"
	ok_err "quanly (manager) may not" "$a: says the manager may not"
done
unchanged "$h" "under-privileged roles wrote nothing"
ok_eq "$(ls "$T"/stolen* "$T"/a.* 2>/dev/null | wc -l)" "0" "and no file was written"

# the roles that may, may (the matrix in docs/manager.md)
runin 3333 audit --user tinh
ok_rc 0 "an auditor reads the audit log"
runin 3333 report products --user tinh
ok_rc 0 "an auditor reads reports"
runin 2222 product edit MO-1 --price 160000 --user quanly
ok_rc 0 "a manager changes a price"
runin 1234 receipt show DN01-01-2026-000001 --user thungan
ok_rc 0 "a cashier shows a receipt"

# showroom keys: a different key over a registered one needs --replace-key and an admin
runin 1111 showroom register XX01 --key "$key_XX01" --user admin
ok_rc 0 "an admin registers XX01's key"
h=$(dumphash)
runin 1111 showroom register XX01 --key "$key_XX02" --user admin
ok_rc 1 "another key for XX01 is refused without --replace-key"
ok_err "already has a different key" "says so"
ok_err "--replace-key" "and how to replace it"
unchanged "$h" "the key is unchanged"
runin 2222 showroom register XX01 --key "$key_XX02" --replace-key --user quanly
ok_rc 1 "a manager cannot replace it"
unchanged "$h" "still unchanged"
ok_eq "$(sqlite3 "$DB" "SELECT public_key FROM showroom_key WHERE showroom = 'XX01'")" "$key_XX01" "XX01 keeps its key"
runin 1111 showroom register XX01 --key "$key_XX02" --replace-key --user admin
ok_rc 0 "an admin replaces it with --replace-key"
ok_eq "$(sqlite3 "$DB" "SELECT public_key FROM showroom_key WHERE showroom = 'XX01'")" "$key_XX02" "XX01 has the new key"
runin 1111 audit --action showroom_key --format csv --user admin
ok_out "showroom_key" "the replacement is audited"
ok_out "admin" "with who did it"
