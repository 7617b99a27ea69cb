#!/usr/bin/env bash
# bench_cli.sh - the command line's fixed cost (issue 16, item 4).
#
# A demo showroom (1,000 products, no sales) in a temporary directory on
# a real disk (BENCH_DIR, default /var/tmp: the fsync of a sale is part of
# its cost), an open shift, then BENCH_RUNS (30) rounds of each series,
# medians of wall time and of CPU time (perf stat's task-clock: user +
# system of every thread, the steadier figure on a shared machine):
#   - process start: `ocop-pos --version` against `/bin/true` (a process
#     and nothing else) and `sqlite3 -version` (a program linked with
#     SQLite);
#   - start-up and database open: `ocop-pos product show SKU` and
#     `ocop-pos product search SKU --limit 1` against a sqlite3 process
#     opening the same file with the same pragmas and reading the same
#     product (the search: the code, a name range, the FTS5 index);
#     product show also against the floor, open_floor.c (compiled here
#     with cc when there is one): a C program doing only the open, the
#     pragmas and the read, linked with libsqlite3.so, and with
#     libsqlite3.a as ocop-pos is;
#   - a one-line cash sale: `ocop-pos sale --user thungan --scan SKU --pay
#     cash` (PIN on stdin) against a sqlite3 process writing the same rows
#     (counter, sale, line, line lot, stock move with its trigger,
#     payment, and the fiscal journal's hash-chain rows written by the
#     schema's triggers) in one BEGIN IMMEDIATE ... COMMIT with the same
#     pragmas.  sqlite3 has no pos_sha256(), so the baseline works on a
#     copy of the database whose journal triggers call the shell's
#     sha3(X, 256) instead (the same number of hashes of the same texts);
#   - the PIN check alone (bench_pin: user_auth, argon2id), reported
#     separately and subtracted for "sale excluding the PIN check".
# The runs are interleaved (ocop-pos, baseline, ocop-pos, ...) so all see
# the machine's load alike.  Where the time goes: the dynamic loader's
# own statistics (LD_DEBUG=statistics) for --version, and the shared
# objects mapped at start; with valgrind installed, the instructions each
# start-up command executes (callgrind: the same on a loaded machine as
# on an idle one).  hyperfine (Debian package `hyperfine`) is not
# needed; for a second opinion run e.g.
#   hyperfine -N 'ocop-pos --db DB product show SKU'
# Figures, never asserts: exits 0 unless something fails.
set -euo pipefail

POS=${OCOP_POS:-./ocop-pos}
RUNS=${BENCH_RUNS:-30}
BENCH_PIN=${BENCH_PIN:-build/out/tests/bench/bench_pin}
command -v sqlite3 >/dev/null || { echo "bench_cli: sqlite3 is not installed: skipped"; exit 0; }
command -v python3 >/dev/null || { echo "bench_cli: python3 is not installed: skipped"; exit 0; }
T=$(mktemp -d "${BENCH_DIR:-/var/tmp}/ocop-bench-cli-XXXXXX")
trap 'rm -rf "$T"' EXIT
DB=$T/pos.db
BASE_DB=$T/base.db
"$POS" --db "$DB" demo --products 1000 --days 0 >/dev/null
printf '1234\n' | "$POS" --db "$DB" shift open --user thungan --float 1000000 >/dev/null
read -r SKU PID LOT < <(sqlite3 -separator ' ' "$DB" "SELECT p.sku, p.id, l.id FROM product p
  JOIN lot l ON l.product_id = p.id WHERE p.is_service = 0 AND p.active = 1
  AND (l.expiry IS NULL OR l.expiry > date('now', '+30 days'))
  AND NOT EXISTS (SELECT 1 FROM lot k WHERE k.product_id = p.id AND k.id <> l.id)
  ORDER BY l.on_hand_milli DESC, p.id LIMIT 1")
[ -n "$SKU" ] || { echo "bench_cli: no product with one lot in the demo" >&2; exit 1; }
SHOP=$(sqlite3 "$DB" "SELECT code FROM showroom WHERE is_local = 1")

# The baseline's copy: every trigger that calls pos_sha256(X) calls
# lower(hex(sha3(X, 256))) instead.
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
cp "$DB" "$BASE_DB"
python3 - "$BASE_DB" <<'EOF'
import sqlite3, sys

def rewrite(sql):
    out, i, key = [], 0, 'pos_sha256('
    while True:
        j = sql.find(key, i)
        if j < 0:
            out.append(sql[i:])
            return ''.join(out)
        out.append(sql[i:j] + 'lower(hex(sha3(')
        k, depth, quote = j + len(key), 1, False
        start = k
        while depth:
            c = sql[k]
            if quote:
                quote = c != "'"
            elif c == "'":
                quote = True
            elif c == '(':
                depth += 1
            elif c == ')':
                depth -= 1
            k += 1
        out.append(rewrite(sql[start:k - 1]) + ', 256)))')
        i = k

con = sqlite3.connect(sys.argv[1], isolation_level=None)
rows = con.execute("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' "
                   "AND sql LIKE '%pos_sha256(%'").fetchall()
con.execute('BEGIN')
for name, sql in rows:
    con.execute('DROP TRIGGER "%s"' % name)
    con.execute(rewrite(sql))
con.execute('COMMIT')
if not rows:
    sys.exit('bench_cli: no journal trigger found to rewrite')
EOF

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

# time_one command...: "wall_ms cpu_ms" of one run (stdin from $IN): with
# perf installed, the child's own wall time (duration_time, without perf's
# start) and CPU time (task-clock); without, the wall time around it and 0.
IN=/dev/null
HAVE_PERF=0
perf stat -x, -e task-clock -o /dev/null true 2>/dev/null && HAVE_PERF=1
time_one() {
	local f=$T/time.txt t0 t1 cpu=0 wall=
	t0=$EPOCHREALTIME
	if [ $HAVE_PERF = 1 ]; then
		perf stat -x, -e task-clock,duration_time -o "$f" "$@" <"$IN" >/dev/null 2>"$T/err.txt" ||
			{ echo "bench_cli: failed: $*" >&2; cat "$T/err.txt" >&2; exit 1; }
	else
		"$@" <"$IN" >/dev/null 2>"$T/err.txt" ||
			{ echo "bench_cli: failed: $*" >&2; cat "$T/err.txt" >&2; exit 1; }
	fi
	t1=$EPOCHREALTIME
	if [ $HAVE_PERF = 1 ]; then
		cpu=$(awk -F, '/task-clock/ { print $1 }' "$f")
		wall=$(awk -F, '/duration_time/ { print $1 / 1e6 }' "$f")
	fi
	[ -n "$wall" ] || wall=$(echo "($t1 - $t0) * 1000" | bc -l)
	echo "$wall $cpu"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2];
	else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# series NAME IN CMD BASE...: the arrays named CMD and BASE... run in
# turn RUNS times (CMD with stdin from IN, the baselines from /dev/null);
# each median printed, CMD's also as ratios to the first baseline.  Sets
# AW AC (CMD's wall and CPU medians) and BW BC (the first baseline's).
series() {
	local name=$1 in=$2 i k; shift 2
	local -a arrs=("$@")
	for ((k = 0; k < ${#arrs[@]}; k++)); do : >"$T/s$k.txt"; done
	for ((i = 0; i < RUNS; i++)); do
		for ((k = 0; k < ${#arrs[@]}; k++)); do
			local -n cmd=${arrs[k]}
			if [ $k = 0 ]; then IN=$in; else IN=/dev/null; fi
			time_one "${cmd[@]}" >>"$T/s$k.txt"
			unset -n cmd
		done
	done
	for ((k = 1; k < ${#arrs[@]}; k++)); do
		local -n cmd=${arrs[k]}
		printf '  %-52s wall %7.2f ms  cpu %6.2f ms\n' "baseline: ${LABEL[${arrs[k]}]}" \
			"$(cut -d' ' -f1 "$T/s$k.txt" | median)" "$(cut -d' ' -f2 "$T/s$k.txt" | median)"
		unset -n cmd
	done
	AW=$(cut -d' ' -f1 "$T/s0.txt" | median); AC=$(cut -d' ' -f2 "$T/s0.txt" | median)
	BW=$(cut -d' ' -f1 "$T/s1.txt" | median); BC=$(cut -d' ' -f2 "$T/s1.txt" | median)
	printf '%-54s wall %7.2f ms  cpu %6.2f ms  %5.2fx wall %5.2fx cpu\n' "$name" "$AW" "$AC" \
		"$(echo "$AW / $BW" | bc -l)" "$(echo "$AC / ($BC + 0.001)" | bc -l)"
}

echo
echo "bench_cli: the command line's fixed cost, median of $RUNS ($T)"
echo "  (ratios to the first baseline listed above each line)"

# Where start-up goes: the loader's statistics and the objects it maps.
if LD_DEBUG=statistics "$POS" --version 2>"$T/ld.txt" >/dev/null; then
	printf '  %-52s %s\n' "dynamic loader, ocop-pos --version:" \
		"$(sed -n 's/.*total startup time in dynamic loader: *//p' "$T/ld.txt" | head -1)"
	printf '  %-52s %s\n' "relocations:" \
		"$(sed -n 's/.*final number of relocations: *//p' "$T/ld.txt" | head -1)"
fi
printf '  %-52s %s\n' "shared objects mapped at start:" \
	"$(LD_TRACE_LOADED_OBJECTS=1 "$POS" 2>/dev/null | grep -c '=>' || true)"

# The floor: open_floor.c against the shared and the static SQLite.
FLOORS=()
FLOOR_SRC=$(dirname "$0")/open_floor.c
if command -v cc >/dev/null && [ -f "$FLOOR_SRC" ]; then
	if cc -O2 -o "$T/floor_so" "$FLOOR_SRC" $(pkg-config --cflags --libs sqlite3 2>/dev/null ||
		echo -lsqlite3) 2>/dev/null; then
		B_FLOOR_SO=("$T/floor_so" "$DB" "$SKU")
		FLOORS+=(B_FLOOR_SO)
	fi
	SQLITE_A=$(pkg-config --variable=libdir sqlite3 2>/dev/null)/libsqlite3.a
	if [ -f "$SQLITE_A" ] && cc -O2 -o "$T/floor_a" "$FLOOR_SRC" "$SQLITE_A" -lm -ldl -lpthread 2>/dev/null; then
		B_FLOOR_A=("$T/floor_a" "$DB" "$SKU")
		FLOORS+=(B_FLOOR_A)
	fi
fi

# The baselines' names in the output.
declare -A LABEL=([B_TRUE]="/bin/true" [B_SQLITE_VERSION]="sqlite3 -version"
	[B_SHOW]="sqlite3: open, pragmas, the product" [B_SEARCH]="sqlite3: open, pragmas, the 3 look-ups"
	[B_SALE]="sqlite3: open, pragmas, the sale's rows"
	[B_FLOOR_SO]="floor: open_floor.c, libsqlite3.so"
	[B_FLOOR_A]="floor: open_floor.c, libsqlite3.a")
C_VERSION=("$POS" --version); B_TRUE=(/bin/true); B_SQLITE_VERSION=(sqlite3 -version)
C_SHOW=("$POS" --db "$DB" product show "$SKU")
B_SHOW=(sqlite3 "$DB" "$PRAGMAS SELECT sku, name, price FROM product WHERE sku = '$SKU';")

# Instructions (callgrind), which the machine's load does not change.
if command -v valgrind >/dev/null; then
	instr() {
		valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" </dev/null 2>&1 >/dev/null |
			sed -n 's/.*Collected : *//p' | awk '{ printf "%.2f M", $1 / 1e6 }'
	}
	printf '  %-52s %s\n' "instructions, ocop-pos --version:" "$(instr "${C_VERSION[@]}")"
	printf '  %-52s %s\n' "instructions, ocop-pos product show:" "$(instr "${C_SHOW[@]}")"
	printf '  %-52s %s\n' "instructions, sqlite3 (the same product):" "$(instr "${B_SHOW[@]}")"
	for f in "${FLOORS[@]}"; do
		declare -n fl=$f
		printf '  %-52s %s\n' "instructions, ${LABEL[$f]}:" "$(instr "${fl[@]}")"
		unset -n fl
	done
fi

series "ocop-pos --version (process start)" /dev/null C_VERSION B_TRUE B_SQLITE_VERSION
series "ocop-pos product show (start + open + read)" /dev/null C_SHOW B_SHOW "${FLOORS[@]}"
FOLD=$(printf '%s' "$SKU" | tr '[:upper:]' '[:lower:]')
C_SEARCH=("$POS" --db "$DB" product search "$SKU" --limit 1)
B_SEARCH=(sqlite3 "$DB" "$PRAGMAS SELECT id, sku, name, price FROM product WHERE sku = '$SKU';
  SELECT id, sku, name, price FROM product WHERE name_fold >= '$FOLD' AND name_fold < '$FOLD~'
  AND active = 1 ORDER BY name_fold LIMIT 1;
  SELECT p.id, p.sku, p.name, p.price FROM product_fts f JOIN product p ON p.id = f.rowid
  WHERE product_fts MATCH '\"$FOLD\"*' AND p.active = 1 LIMIT 2;")
series "ocop-pos product search SKU --limit 1" /dev/null C_SEARCH B_SEARCH
printf '1234\n' >"$T/pin"
C_SALE=("$POS" --db "$DB" sale --user thungan --scan "$SKU" --pay cash)
B_SALE=(sqlite3 "$BASE_DB" "$SALE_SQL")
series "ocop-pos sale (1 line, cash, PIN checked)" "$T/pin" C_SALE B_SALE
SALE_CPU=$AC SALE_WALL=$AW BASE_WALL=$BW BASE_CPU=$BC
if [ -x "$BENCH_PIN" ]; then
	PIN=$(BENCH_ROUNDS=9 "$BENCH_PIN" | awk '/^pin_ms/ { print $2 }')
	printf '%-54s cpu %6.2f ms (bench_pin, mean of 9)\n' "PIN check alone (argon2id t=3, 12 MiB)" "$PIN"
	printf '%-54s wall %7.2f ms  cpu %6.2f ms  %5.2fx wall %5.2fx cpu\n' \
		"ocop-pos sale excluding the PIN check" \
		"$(echo "$SALE_WALL - $PIN" | bc -l)" "$(echo "$SALE_CPU - $PIN" | bc -l)" \
		"$(echo "($SALE_WALL - $PIN) / $BASE_WALL" | bc -l)" \
		"$(echo "($SALE_CPU - $PIN) / ($BASE_CPU + 0.001)" | bc -l)"
fi
