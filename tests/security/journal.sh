#!/usr/bin/env bash
# Issue 12, item 5: the tamper-evident fiscal journal.  Each edit that
# passed `db check` before is made with the plain sqlite3 shell, the way
# an attacker would (dropping the journal's triggers first, since the
# shell lacks pos_sha256()); db check must name the record, and change
# nothing itself.  The Z report prints the chain head and the perpetual
# grand total; an exchange file carries the head.
. "$(dirname "$0")/lib.sh"
export OCOP_POS_NOW=2026-11-22T01:00:00Z
setup_shop
runin 1234 shift cash-in 200000 --reason "đổi tiền lẻ" --user thungan
runin 1111 product add --user admin NM-1 --name "Nước mắm" --producer HTX-A --price 90000 --group 1 --stars 4
runin 2222 stock receive NM-1 5 --cost 40000 --consign HTX-A --commission 15 --user quanly
runin 1234 sale --user thungan --scan NM-1*2 --pay cash
OCOP_POS_NOW=2026-11-22T10:00:00Z runin 1234 shift close --user thungan --counted 1040000
ok_rc 0 "the shift closes with its counted cash"
OCOP_POS_NOW=2026-11-22T10:05:00Z runin 2222 report consignment --producer HTX-A \
	--from 2026-11-01 --to 2026-11-30 --statement --user quanly
ok_rc 0 "a consignment statement is recorded"
ok_out "Gross sales:     180.000" "over the consigned sale"
run db check
ok_rc 0 "db check passes on the untouched database"
ok_out "no problems found" "and says so"

# ---- the plain shell cannot edit a chained table --------------------------
before=$(dbhash)
! sqlite3 "$DB" "UPDATE payment SET method = 'card' WHERE method = 'cash'" 2> "$T/sh.err"
_tap $? "sqlite3 alone cannot edit a payment (the journal trigger needs ocop-pos)"
grep -q "pos_sha256" "$T/sh.err"; _tap $? "the shell's error names the missing function"
same_db "$before" "nothing changed"
! sqlite3 "$DB" "DELETE FROM journal WHERE seq = 3" 2> "$T/sh.err"
_tap $? "the journal refuses a delete"
grep -q "append-only" "$T/sh.err"; _tap $? "because it is append-only"
same_db "$before" "nothing changed"

# attack NAME SQL EXPECTED: on a copy of the shop, run SQL in the shell,
# then db check must exit 1 naming EXPECTED, and not write.
attack() {
	local name=$1 sql=$2 want=$3 h
	cp "$DB" "$T/attack.db"
	sqlite3 "$T/attack.db" "$sql" 2> "$T/sh.err" || { _tap 1 "$name: the shell edit itself failed: $(cat "$T/sh.err")"; return; }
	h=$(sqlite3 "$T/attack.db" .dump | sha256sum | cut -c1-64)
	"$OCOP_POS" --lang en --db "$T/attack.db" db check > "$T/out" 2> "$T/err"
	rc=$?; out=$(cat "$T/out"); err=$(cat "$T/err")
	ok_rc 1 "$name: db check finds it"
	ok_out "$want" "$name: and names the record ($want)"
	ok_eq "$(sqlite3 "$T/attack.db" .dump | sha256sum | cut -c1-64)" "$h" "$name: db check wrote nothing"
}
attack "payment cash -> card" \
	"DROP TRIGGER journal_payment_au; UPDATE payment SET method = 'card' WHERE id = 1" \
	"payment 1: changed behind the fiscal journal's back"
attack "closed shift's counted cash +1.000.000" \
	"DROP TRIGGER journal_shift_au; UPDATE shift SET counted_cash = counted_cash + 1000000, over_short = over_short + 1000000 WHERE id = 1" \
	"shift 1: changed behind the fiscal journal's back"
attack "cash move deleted" \
	"DROP TRIGGER journal_cash_move_ad; DELETE FROM cash_move WHERE id = 1" \
	"cash_move 1: deleted behind the fiscal journal's back"
attack "consignment statement gross 0" \
	"DROP TRIGGER journal_consign_statement_au; UPDATE consign_statement SET gross = 0, payable = 0 WHERE id = 1" \
	"consign_statement 1: changed behind the fiscal journal's back"
attack "cashier made admin" \
	"DROP TRIGGER journal_user_au; UPDATE user SET role = 'admin' WHERE name = 'thungan'" \
	"user 3: changed behind the fiscal journal's back"
attack "a stock move deleted" \
	"DROP TRIGGER stock_move_no_delete; DROP TRIGGER journal_stock_move_ad; DELETE FROM stock_move WHERE id = (SELECT max(id) FROM stock_move WHERE sale_line_id IS NULL)" \
	"behind the fiscal journal's back"
attack "a cash move inserted" \
	"DROP TRIGGER journal_cash_move_ai; INSERT INTO cash_move (shift_id, kind, amount, reason, user_id, at) VALUES (1, 'out', 300000, 'x', 1, '2026-11-22T03:00:00Z')" \
	"cash_move 2: not in the fiscal journal (inserted behind its back)"
attack "an audit entry deleted" \
	"DROP TRIGGER audit_no_delete; DROP TRIGGER journal_audit_ad; DELETE FROM audit WHERE id = 2" \
	"audit 2: deleted behind the fiscal journal's back"
# the journal itself: a record edited, then one removed
attack "a journal record edited" \
	"DROP TRIGGER journal_no_update; UPDATE journal SET content_hash = pos || '' FROM (SELECT '0' AS pos) WHERE seq = 4" \
	"fiscal journal: record 4"
attack "a journal record deleted" \
	"DROP TRIGGER journal_no_delete; DELETE FROM journal WHERE seq = 7" \
	"fiscal journal: record 7 is missing"
# a thorough attacker rewrites the row's journal record too: the chain breaks
attack "a payment and its journal record rewritten" \
	"DROP TRIGGER journal_payment_au; DROP TRIGGER journal_no_update; UPDATE payment SET method = 'card' WHERE id = 1; UPDATE journal SET content_hash = (SELECT lower(hex(randomblob(32)))) WHERE tbl = 'payment' AND row_key = '1'" \
	"does not match its hash"

# ---- the chain head on the Z report and in the exchange file -------------
head_seq=$(sqlite3 "$DB" "SELECT seq FROM journal WHERE tbl = 'shift' AND row_key = '1' AND op = 'U' ORDER BY seq DESC LIMIT 1")
head_hash=$(sqlite3 "$DB" "SELECT hash FROM journal WHERE seq = $head_seq")
runin 1111 receipt show --user admin DN01-01-Z2026-000001
ok_rc 0 "the Z report prints"
ok_out "${head_hash:0:32}" "it prints the chain head at the close (first half)"
ok_out "${head_hash:32:32}" "and its second half"
ok_out "$head_seq" "and the journal record's number"
ok_out "330.000" "and the perpetual grand total (150.000 + 2 x 90.000)"
before=$(dbhash)
"$OCOP_POS_RELEASE" > /dev/null 2>&1 || true
runin 1111 export --user admin --all --out "$T/x.json"
ok_rc 0 "export"
jseq=$(sqlite3 "$DB" "SELECT max(seq) FROM journal")
jhash=$(sqlite3 "$DB" "SELECT hash FROM journal WHERE seq = (SELECT max(seq) FROM journal)")
head -n 1 "$T/x.json" | grep -q "\"journal\":{\"seq\":$jseq,\"head\":\"$jhash\"}"
_tap $? "the exchange file's header carries the chain head"

# ---- an auditor recomputes a record with sqlite3 and sha256sum alone -----
seq=$(sqlite3 "$DB" "SELECT seq FROM journal WHERE tbl = 'payment' AND row_key = '1'")
prev=$(sqlite3 "$DB" "SELECT hash FROM journal WHERE seq = $seq - 1")
content=$(sqlite3 "$DB" "SELECT json_array(id, sale_id, method, amount, tendered, change, reference) FROM payment WHERE id = 1")
ch=$(printf '%s' "$content" | sha256sum | cut -c1-64)
ok_eq "$ch" "$(sqlite3 "$DB" "SELECT content_hash FROM journal WHERE seq = $seq")" \
	"docs/formats.md: content hash = sha256 of json_array(columns)"
h=$(printf '%s' "$prev|payment|1|I|$ch" | sha256sum | cut -c1-64)
ok_eq "$h" "$(sqlite3 "$DB" "SELECT hash FROM journal WHERE seq = $seq")" \
	"docs/formats.md: hash = sha256 of prev|table|key|op|content hash"
echo "1..$_n"
