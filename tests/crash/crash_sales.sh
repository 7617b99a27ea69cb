#!/usr/bin/env bash
# crash_sales.sh - kill -9 a process completing sales, again and again.
#
# CRASH_ITERATIONS times (default 200): start crash_driver (it completes
# scripted `ocop-pos sale ... --uuid U` sales in a loop and appends each
# "UUID,receipt number" ocop-pos reported complete to a log, fsync'd),
# have it SIGKILL its whole process group after a random 20-150 ms (so
# the kill lands anywhere: starting up, checking the PIN, inside the
# transaction, during the commit's fsync, between commit and log) and
# reap it, then:
#   - every sale in the log is in the database whole, under its number:
#     2 lines, a payment equal to the total, stock moves of its number
#     adding up to the 3 units sold;
#   - no partial sale exists (every sale has that shape), no cart is left;
#   - numbers have no gaps (count = last number) and one UUID never got
#     two numbers (the driver retries an interrupted UUID first);
#   - every sale has its e-invoice (issued in the sale's transaction),
#     invoice numbers and MTT codes have no gaps;
#   - `ocop-pos db check` passes (totals, payments, lots against the
#     ledger, numbering, caches, e-invoices).
# A kill at the wrong moment shows up as a missing, doubled or partial
# sale.  Results in TAP; run by tests/run.sh as suite "crash".
. "$(dirname "$0")/../cli/lib.sh"
export OCOP_POS_NOW=2026-11-22T03:00:00Z
ITER=${CRASH_ITERATIONS:-200}
DRIVER=${CRASH_DRIVER:-$OCOP_SRC/${BUILD:-build/out}/tests/crash/crash_driver}
LOG=$T/log
PENDING=$T/pending

if [ ! -x "$DRIVER" ]; then
	echo "not ok 1 - crash driver $DRIVER is not built (make tests-build)"
	exit 1
fi
if ! command -v sqlite3 > /dev/null; then
	echo "not ok 1 - the sqlite3 command is needed"
	exit 1
fi

run init --showroom DN01 --name "Điểm OCOP Đà Nẵng" --province 48
runin 1111 user add admin --role admin
runin $'1234\n1111' user add thungan --role cashier --by admin
runin $'2222\n1111' user add quanly --role manager --by admin
runin 1111 producer add HTX-A --name "HTX Mật ong" --kind HTX --province 08 --user admin
runin 1111 product add CR-001 --name "Mật ong rừng" --producer HTX-A --group 1 --stars 4 --price 185000 --vat 5 --unit hũ --cert-issued 2025-01-15 --user admin
runin 1111 product add CR-002 --name "Trà shan tuyết" --producer HTX-A --group 1 --stars 3 --price 90000 --vat 8 --unit gói --cert-issued 2025-01-15 --user admin
runin 2222 stock receive CR-001 100000 --cost 120000 --user quanly
runin 2222 stock receive CR-002 100000 --cost 60000 --user quanly
runin 1234 shift open --user thungan --float 0
ok_rc 0 "setup: showroom, users, stock, an open shift"
sqlite3 "$DB" "UPDATE showroom SET tax_code = '0100109106' WHERE is_local = 1"
runin 1111 einvoice setup --method deduction --series C26MAB --code A1B2C --user admin
[ "$rc" = 0 ] || { echo "not ok 2 - einvoice setup: $err"; exit 1; }

: > "$LOG"
fail_at=0 why= kills=0 pending_kills=0
for i in $(seq 1 "$ITER"); do
	# the driver's supervisor kills its process group after the delay
	# and reaps every process of it before returning
	"$DRIVER" "$OCOP_POS" "$DB" "$LOG" "$PENDING" $((RANDOM % 131 + 20)) 2>> "$T/driver.err"
	if [ $? -ne 0 ]; then
		fail_at=$i why="the driver stopped by itself: $(tail -n 2 "$T/driver.err")"
		break
	fi
	kills=$((kills + 1))
	[ -f "$PENDING" ] && pending_kills=$((pending_kills + 1))

	# what the log says was completed (a line cut by the kill is skipped)
	grep -E '^[0-9a-f-]{36},DN01-01-2026-[0-9]{6}$' "$LOG" > "$T/log.csv"
	problems=$(sqlite3 "$DB" <<-EOF 2>&1
		.timeout 10000
		CREATE TEMP TABLE log(uuid TEXT, no TEXT);
		.import --csv $T/log.csv log
		SELECT 'reported but missing or partial: ' || l.uuid || ' ' || l.no FROM log l
		  LEFT JOIN sale s ON s.uuid = l.uuid AND s.receipt_no = l.no
		  WHERE s.id IS NULL
		  OR (SELECT count(*) FROM sale_line WHERE sale_id = s.id) <> 2
		  OR (SELECT sum(amount) FROM payment WHERE sale_id = s.id) <> s.total
		  OR (SELECT sum(qty_milli) FROM stock_move WHERE doc = s.receipt_no) <> -3000;
		SELECT 'one UUID, two numbers: ' || uuid FROM log GROUP BY uuid
		  HAVING count(DISTINCT no) > 1;
		SELECT 'partial sale: ' || receipt_no FROM sale s
		  WHERE (SELECT count(*) FROM sale_line WHERE sale_id = s.id) <> 2
		  OR (SELECT count(*) FROM payment WHERE sale_id = s.id) <> 1
		  OR total <> 460000
		  OR coalesce((SELECT sum(qty_milli) FROM stock_move WHERE doc = s.receipt_no), 0) <> -3000;
		SELECT 'numbers with a gap: ' || count(*) || ' sales, last ' || max(seq) FROM sale
		  HAVING count(*) > 0 AND count(*) <> max(seq);
		SELECT 'carts left behind: ' || count(*) FROM cart HAVING count(*) > 0;
		SELECT 'sale without its e-invoice: ' || s.receipt_no FROM sale s
		  LEFT JOIN einvoice e ON e.sale_id = s.id WHERE e.id IS NULL;
		SELECT 'e-invoice numbers with a gap: ' || count(*) || ' invoices, last ' || max(number)
		  FROM einvoice HAVING count(*) > 0 AND count(*) <> max(number);
		SELECT 'MTT codes with a gap: ' || count(*) || ' codes, last ' || max(substr(mtt_code, 13))
		  FROM einvoice HAVING count(*) > 0
		  AND count(*) <> max(CAST(substr(mtt_code, 13) AS INTEGER));
	EOF
	)
	if [ -n "$problems" ]; then
		fail_at=$i why=$problems
		break
	fi
	"$OCOP_POS" --lang en --db "$DB" db check > "$T/check.out" 2>&1
	if [ $? -ne 0 ]; then
		fail_at=$i why="db check: $(head -n 5 "$T/check.out")"
		break
	fi
done

sales=$(sqlite3 -cmd ".timeout 10000" "$DB" "SELECT count(*) FROM sale")
invoices=$(sqlite3 -cmd ".timeout 10000" "$DB" "SELECT count(*) FROM einvoice")
reported=$(cut -d, -f1 "$T/log.csv" 2> /dev/null | sort -u | wc -l)
echo "# $kills kills ($pending_kills with a sale in flight), $reported sales reported, $sales in the database, $invoices e-invoices"
if [ "$fail_at" -ne 0 ]; then
	echo "not ok 2 - after kill $fail_at: the database is whole"
	printf '%s\n' "$why" | head -n 10 | sed 's/^/#   /'
	exit 1
fi
ok_eq "$kills" "$ITER" "$ITER kills of a process completing sales"
ok_eq "$([ "$reported" -gt 0 ] && echo yes)" yes "sales were completed between the kills"
ok_eq "$([ "$sales" -ge "$reported" ] && echo yes)" yes "every reported sale is in the database, whole, under its number"
ok_eq ok ok "no partial sale, no gap in the numbers, no UUID with two numbers, db check passes after every kill"
ok_eq "$invoices" "$sales" "every sale has its e-invoice; invoice numbers and MTT codes without gaps after every kill"
