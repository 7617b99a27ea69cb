#!/usr/bin/env bash
# exchange files at the hub, issue 16: two imports into one hub at once.
# A showroom with a large catalogue (generated CSV, 8,000 products)
# writes a big exchange file (version 2, streamed and signed with
# Ed25519ph) and a small second one; the hub starts importing the big
# file and, while it holds the import turn, a second `import` of the
# next file is started: it says it waits, then imports once the first is
# done -- never "database is locked".  Meanwhile a reader (sqlite3) reads
# the hub (WAL).  Each file is all or nothing: the hub ends with both.
. "$(dirname "$0")/lib.sh"
export OCOP_POS_NOW=2026-11-22T03:00:00Z
HUB=$T/hub.db
N=8000

runat() {
	local db=$1; shift
	"$OCOP_POS" --lang en --db "$db" "$@" > "$T/out" 2> "$T/err" < /dev/null
	rc=$?
	out=$(cat "$T/out"); err=$(cat "$T/err")
}
runatin() {
	local input=$1 db=$2; shift 2
	printf '%s\n' "$input" | "$OCOP_POS" --lang en --db "$db" "$@" > "$T/out" 2> "$T/err"
	rc=$?
	out=$(cat "$T/out"); err=$(cat "$T/err")
}

runat "$DB" init --showroom DN01 --name "Điểm OCOP Đà Nẵng" --province 48
runatin 1111 "$DB" user add admin --role admin
{
	echo "sku,name,unit,price,vat_rate,group,stars,producer_code,producer_name,producer_kind,producer_province,origin_province"
	awk -v n=$N 'BEGIN { for (i = 1; i <= n; i++)
		printf "SP-%06d,Sản phẩm OCOP số %d,hộp,%d,5,1,4,HTX-%03d,Hợp tác xã số %d,Hợp tác xã,Sơn La,Sơn La\n",
			i, i, 10000 + i, i % 200, i % 200 }'
} > "$T/cat.csv"
runatin 1111 "$DB" catalog import "$T/cat.csv" --user admin
ok_rc 0 "a catalogue of $N products"
runatin 1111 "$DB" export --out "$T/big.jsonl" --user admin
ok_rc 0 "file 1 written"
ok_out "$N products" "it carries the whole catalogue"
head -n 1 "$T/big.jsonl" > "$T/head"
ok_eq "$(grep -c '"version":2' "$T/head")" 1 "the file is of version 2"
runatin 1111 "$DB" product add SP-NEW --name "Sản phẩm mới" --price 50000 --vat 5 \
	--group 1 --stars 3 --producer HTX-001 --origin 14 --user admin
runatin 1111 "$DB" export --out "$T/next.jsonl" --user admin
ok_rc 0 "file 2 written"

runat "$HUB" init --showroom TQ --name "Sở Nông nghiệp Tuyên Quang" --province 08 --province-hub
runatin 1111 "$HUB" user add admin --role admin
runat "$DB" showroom key
runatin 1111 "$HUB" showroom register DN01 --key "${out#* }" --user admin
ok_rc 0 "the hub knows DN01's key"

# the first import in the background; wait until it holds the turn
printf '1111\n' | "$OCOP_POS" --lang en --db "$HUB" import "$T/big.jsonl" --user admin \
	> "$T/a.out" 2> "$T/a.err" &
first=$!
held=0
for _ in $(seq 1 400); do
	if ! flock -n "$HUB.import" true 2> /dev/null; then held=1; break; fi
	sleep 0.01
done
ok_eq "$held" 1 "the first import holds the hub's import turn"
# a reader is never blocked (WAL): it reads while the import writes
readers=$(sqlite3 -cmd ".timeout 0" "$HUB" "SELECT count(*) FROM showroom_key" 2>&1)
ok_eq "$readers" 1 "a reader reads the hub during the import"
# so does a person: the PIN check writes nothing for a right PIN
runatin 1111 "$HUB" showroom list --user admin
ok_rc 0 "showroom list with a PIN during the import"
ok_out "DN01" "it lists the showroom"
# the second import waits its turn, then goes on from file 1
runatin 1111 "$HUB" import "$T/next.jsonl" --user admin
second_rc=$rc
wait "$first"
first_rc=$?
ok_eq "$first_rc" 0 "the first import succeeded"
ok_eq "$(grep -c 'file 1 of DN01 imported' "$T/a.out")" 1 "file 1 imported"
ok_eq "$second_rc" 0 "the second import succeeded"
ok_err "waiting for another import to finish" "the second import said it waits"
ok_out "file 2 of DN01 imported" "file 2 imported after file 1"
case $err in *"locked"*) _tap 1 "no 'database is locked'" ;; *) _tap 0 "no 'database is locked'" ;; esac
ok_eq "$(sqlite3 "$HUB" "SELECT count(*) FROM product")" $((N + 1)) "the hub has every product"
ok_eq "$(sqlite3 "$HUB" "SELECT group_concat(seq) FROM batch_in")" "1,2" "both files recorded"
# the same file again: still nothing to do
runatin 1111 "$HUB" import "$T/big.jsonl" --user admin
ok_out "imported before; nothing to do" "the same file again adds nothing"
