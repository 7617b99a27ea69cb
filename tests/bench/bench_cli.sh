#!/usr/bin/env bash
# bench_cli.sh - the command line's fixed cost (issue 16, item 4).
#
# A demo showroom (1,000 products, no sales) in a temporary directory on
# a real disk (BENCH_DIR, default /var/tmp: the fsync of a sale is part of
# its cost), an open shift, then BENCH_RUNS (20) runs of each, medians of
# wall time and of CPU time (perf stat's task-clock, when perf is there):
#   - start-up alone: `ocop-pos --version`, against `sqlite3 -version`;
#   - start-up and database open: `ocop-pos product show SKU`, against a
#     sqlite3 process opening the same file with the same pragmas and
#     reading the product;
#   - a one-line cash sale: `ocop-pos sale --user thungan --scan SKU --pay
#     cash` (PIN on stdin), against a sqlite3 process writing the same rows
#     (counter, sale, line, line lot, stock move with its trigger,
#     payment) in one BEGIN IMMEDIATE ... COMMIT with the same pragmas;
#     "excluding the PIN check" subtracts the CPU time of one check as
#     measured by build/.../bench_pin (user_auth, argon2id).
# The runs are interleaved (ocop-pos, baseline, ocop-pos, ...) so both see
# the machine's load alike.  hyperfine (Debian package `hyperfine`) is not
# needed; for a second opinion run e.g.
#   hyperfine -N 'ocop-pos --db DB product show SKU'
# Figures, never asserts: exits 0 unless something fails.
set -euo pipefail

POS=${OCOP_POS:-./ocop-pos}
RUNS=${BENCH_RUNS:-20}
BENCH_PIN=${BENCH_PIN:-build/out/tests/bench/bench_pin}
command -v sqlite3 >/dev/null || { echo "bench_cli: sqlite3 is not installed: skipped"; exit 0; }
T=$(mktemp -d "${BENCH_DIR:-/var/tmp}/ocop-bench-cli-XXXXXX")
trap 'rm -rf "$T"' EXIT
DB=$T/pos.db
"$POS" --db "$DB" demo --products 1000 --days 0 >/dev/null
printf '1234\n' | "$POS" --db "$DB" shift open --user thungan --float 1000000 >/dev/null
read -r SKU PID LOT < <(sqlite3 -separator ' ' "$DB" "SELECT p.sku, p.id, l.id FROM product p
  JOIN lot l ON l.product_id = p.id WHERE p.is_service = 0 AND p.active = 1
  AND (l.expiry IS NULL OR l.expiry > date('now', '+30 days'))
  AND NOT EXISTS (SELECT 1 FROM lot k WHERE k.product_id = p.id AND k.id <> l.id)
  ORDER BY l.on_hand_milli DESC, p.id LIMIT 1")
[ -n "$SKU" ] || { echo "bench_cli: no product with one lot in the demo" >&2; exit 1; }
SHOP=$(sqlite3 "$DB" "SELECT code FROM showroom WHERE is_local = 1")
PRAGMAS="PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;
PRAGMA temp_store = MEMORY;"
SALE_SQL="$PRAGMAS BEGIN IMMEDIATE;
INSERT INTO doc_counter (showroom, register, year, kind, last) VALUES ('$SHOP', '99', 2026,
  'sale', 1) ON CONFLICT (showroom, register, year, kind) DO UPDATE SET last = last + 1;
INSERT INTO sale (uuid, kind, receipt_no, showroom, register, seq, at, business_date, gross,
  discount, total, vat, seller_name) SELECT lower(hex(randomblob(16))), 'sale',
  'B-' || hex(randomblob(8)), '$SHOP', '99', last, strftime('%Y-%m-%dT%H:%M:%SZ'), date(),
  p.price, 0, p.price, p.price / 11, 'x' FROM doc_counter, product p
  WHERE showroom = '$SHOP' AND register = '99' AND year = 2026 AND kind = 'sale' AND p.id = $PID;
INSERT INTO sale_line (sale_id, line_no, product_id, sku, name, unit, stars, qty_milli,
  list_price, unit_price, discount, amount, vat_rate, vat, cost, commission, business_date)
  SELECT last_insert_rowid(), 1, id, sku, name, unit, stars, 1000, price, price, 0, price,
  vat_rate, price / 11, price / 2, 0, date() FROM product WHERE id = $PID;
INSERT INTO sale_line_lot (sale_line_id, lot_id, qty_milli, unit_cost, commission_bp)
  SELECT last_insert_rowid(), $LOT, 1000, unit_cost, 0 FROM lot WHERE id = $LOT;
INSERT INTO stock_move (lot_id, product_id, qty_milli, kind, doc, sale_line_id, at,
  business_date) SELECT $LOT, $PID, -1000, 'sale', 'B', max(id), strftime('%Y-%m-%dT%H:%M:%SZ'),
  date() FROM sale_line;
INSERT INTO payment (sale_id, method, amount, tendered, change) SELECT max(id), 'cash', total,
  total, 0 FROM sale;
COMMIT;"

# time_one command...: "wall_ms cpu_ms" of one run (stdin from $IN); the CPU
# time (task-clock: user + system of every thread) from `perf stat` when
# perf is installed, else 0.
IN=/dev/null
HAVE_PERF=0
perf stat -x, -e task-clock -o /dev/null true 2>/dev/null && HAVE_PERF=1
time_one() {
	local f=$T/time.txt t0 t1 cpu=0
	t0=$EPOCHREALTIME
	if [ $HAVE_PERF = 1 ]; then
		perf stat -x, -e task-clock -o "$f" "$@" <"$IN" >/dev/null 2>"$T/err.txt" ||
			{ echo "bench_cli: failed: $*" >&2; cat "$T/err.txt" >&2; exit 1; }
	else
		"$@" <"$IN" >/dev/null 2>"$T/err.txt" ||
			{ echo "bench_cli: failed: $*" >&2; cat "$T/err.txt" >&2; exit 1; }
	fi
	t1=$EPOCHREALTIME
	[ $HAVE_PERF = 1 ] && cpu=$(awk -F, '/task-clock/ { print $1 }' "$f")
	echo "$(echo "($t1 - $t0) * 1000" | bc -l) $cpu"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2];
	else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# pair NAME IN_A CMD_A... -- CMD_B...: interleaved runs, medians, ratios (B the baseline)
pair() {
	local name=$1 in_a=$2 i; shift 2
	local -a a=() b=()
	while [ "$1" != "--" ]; do a+=("$1"); shift; done; shift
	b=("$@")
	: >"$T/a.txt"; : >"$T/b.txt"
	for ((i = 0; i < RUNS; i++)); do
		IN=$in_a; time_one "${a[@]}" >>"$T/a.txt"
		IN=/dev/null; time_one "${b[@]}" >>"$T/b.txt"
	done
	AW=$(cut -d' ' -f1 "$T/a.txt" | median); AC=$(cut -d' ' -f2 "$T/a.txt" | median)
	BW=$(cut -d' ' -f1 "$T/b.txt" | median); BC=$(cut -d' ' -f2 "$T/b.txt" | median)
	printf '%-44s wall %8.2f ms  cpu %7.2f ms\n' "baseline for $name" "$BW" "$BC"
	printf '%-44s wall %8.2f ms  cpu %7.2f ms  %5.2fx wall %5.2fx cpu\n' "$name" "$AW" "$AC" \
		"$(echo "$AW / $BW" | bc -l)" "$(echo "$AC / ($BC + 0.001)" | bc -l)"
}

echo
echo "bench_cli: the command line's fixed cost, median of $RUNS ($T)"
pair "ocop-pos --version" /dev/null "$POS" --version -- sqlite3 -version
pair "ocop-pos product show (start + open + read)" /dev/null "$POS" --db "$DB" product show "$SKU" \
	-- sqlite3 "$DB" "$PRAGMAS SELECT sku, name, price FROM product WHERE sku = '$SKU';"
printf '1234\n' >"$T/pin"
pair "ocop-pos sale (1 line, cash, PIN checked)" "$T/pin" "$POS" --db "$DB" sale --user thungan \
	--scan "$SKU" --pay cash -- sqlite3 "$DB" "$SALE_SQL"
SALE_CPU=$AC SALE_WALL=$AW BASE_WALL=$BW BASE_CPU=$BC
if [ -x "$BENCH_PIN" ]; then
	PIN=$(BENCH_ROUNDS=9 "$BENCH_PIN" | awk '/^pin_ms/ { print $2 }')
	printf '%-44s cpu %7.2f ms (bench_pin)\n' "PIN check (argon2id t=3, 12 MiB)" "$PIN"
	printf '%-44s wall %8.2f ms  cpu %7.2f ms  %5.2fx wall %5.2fx cpu\n' \
		"ocop-pos sale excluding the PIN check" \
		"$(echo "$SALE_WALL - $PIN" | bc -l)" "$(echo "$SALE_CPU - $PIN" | bc -l)" \
		"$(echo "($SALE_WALL - $PIN) / $BASE_WALL" | bc -l)" \
		"$(echo "($SALE_CPU - $PIN) / ($BASE_CPU + 0.001)" | bc -l)"
fi
