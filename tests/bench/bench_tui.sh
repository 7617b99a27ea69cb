#!/usr/bin/env bash
# tests/bench/bench_tui.sh - the terminal POS against DESIGN's budget:
# start-up to the sale screen (< 150 ms) and keystroke-to-redraw.
#
# The POS runs in a private tmux server with OCOP_POS_TRACE=FILE, where
# tui.c writes when each screen was first painted and, for each key, when
# it was read and when its effect was on the screen (CLOCK_REALTIME, us);
# and "idle N" whenever it waits for input again with all N keys read so
# far handled, which paces the keys sent here (no fixed sleeps).
# Baseline, measured in the same run and the same way: launching a shell
# that only writes the time, so the cost of tmux starting a pane is known.
# Figures are medians of RUNS start-ups (default 5) and of the keys sent.
#
#   OCOP_POS=./ocop-pos bash tests/bench/bench_tui.sh
#   TUI_BENCH_PRODUCTS=100000 ... (catalogue size; default the demo's 150)
set -u
cd "$(dirname "$0")/../.."
OCOP_POS=${OCOP_POS:-$PWD/ocop-pos}
RUNS=${RUNS:-5}
command -v tmux > /dev/null || { echo "bench_tui: tmux is not installed"; exit 0; }
T=$(mktemp -d)
SOCK=ocopbench$$
RUN=0
# A fresh tmux server (socket) per run: a killed server may still be
# exiting when the next one starts.
tm() { tmux -L "$SOCK.$RUN" -f /dev/null "$@"; }
trap 'for s in $(seq 0 $((RUNS * 2 + 2))); do tmux -L "$SOCK.$s" kill-server 2>/dev/null; done; rm -rf "$T"' EXIT
export LANG=C.UTF-8 OCOP_POS_PRINTER=file:$T/prn OCOP_POS_LANG=vi
DB=$T/bench.db
if [ -n "${TUI_BENCH_PRODUCTS:-}" ]; then
	"$OCOP_POS" --db "$DB" demo --products "$TUI_BENCH_PRODUCTS" > /dev/null || exit 1
else
	"$OCOP_POS" --db "$DB" demo > /dev/null || exit 1
fi
echo 1234 | "$OCOP_POS" --db "$DB" shift open --user thungan --float 0 > /dev/null 2>&1

us() { date +%s%6N; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]; else print 0}'; }
p99() { sort -n | awk '{a[NR]=$1} END {i=int(NR*0.99+0.999); if(i<1)i=1; if (NR) print a[i]; else print 0}'; }
wait_line() {   # wait_line FILE REGEX
	local i=0
	while [ $i -lt 400 ]; do
		grep -qE "$2" "$1" 2> /dev/null && return 0
		sleep 0.01; i=$((i + 1))
	done
	return 1
}
# idle_n FILE: N of the last "idle N" line (-1 before the first).
idle_n() {
	local l
	l=$(grep '^idle ' "$1" 2> /dev/null | tail -n 1)
	if [ -n "$l" ]; then echo "${l#idle }"; else echo -1; fi
}
# send FILE KEYS...: send-keys, then wait until the POS has handled them.
send() {
	local f=$1 n0 i=0
	shift
	n0=$(idle_n "$f")
	tm send-keys "$@"
	while [ "$(idle_n "$f")" -le "$n0" ] && [ $i -lt 500 ]; do
		sleep 0.005; i=$((i + 1))
	done
}

# Baseline: a pane that only writes the time.
for r in $(seq "$RUNS"); do
	RUN=$((RUN + 1))
	t0=$(us)
	tm new-session -d -x 80 -y 24 "date +%s%6N > $T/base.$r; sleep 5"
	wait_line "$T/base.$r" '^[0-9]+$'
	echo $(( $(cat "$T/base.$r") - t0 ))
	tm kill-server
done > "$T/base"

# Start-up: launch -> login screen painted; PIN Enter read -> sale screen painted.
: > "$T/start"; : > "$T/login"
for r in $(seq "$RUNS"); do
	RUN=$((RUN + 1))
	tr=$T/trace.$r
	t0=$(us)
	tm new-session -d -x 80 -y 24 "OCOP_POS_TRACE=$tr $OCOP_POS --db $DB; sleep 5"
	wait_line "$tr" '^screen login ' || { echo "bench_tui: no login screen"; exit 1; }
	echo $(( $(awk '/^screen login /{print $3; exit}' "$tr") - t0 )) >> "$T/start"
	wait_line "$tr" '^idle '
	send "$tr" -l thungan; send "$tr" Enter
	send "$tr" -l 1234
	tm send-keys Enter
	wait_line "$tr" '^screen sale ' || { echo "bench_tui: no sale screen"; exit 1; }
	# The paint that shows the sale screen is traced with the key it
	# answers (the Enter of the PIN) on the next line.
	awk '/^screen sale /{s=$3; getline; if ($1 == "key") print s - $3; exit}' "$tr" >> "$T/login"
	if [ "$r" -lt "$RUNS" ]; then tm kill-server; fi
done

# Keystroke to redraw: arrows on a cart of 30 lines (no wedge delay), then
# typed letters in the search (held 30 ms by the scan detector, by design).
tr=$T/trace.$RUNS
for code in $("$OCOP_POS" --db "$DB" product list --format csv | awk -F, 'NR>1 && $10 ~ /^[0-9]+$/ {print $10}' | head -n 30); do
	send "$tr" -l "$code" \; send-keys Enter
done
n0=$(wc -l < "$tr")
for i in $(seq 40); do send "$tr" Up; done
for i in $(seq 40); do send "$tr" Down; done
tail -n +"$((n0 + 1))" "$tr" | awk '/^key /{print $4 - $3}' > "$T/arrows"
send "$tr" /
n0=$(wc -l < "$tr")
for w in m a t " " o n g; do send "$tr" -l "$w"; done
tail -n +"$((n0 + 1))" "$tr" | awk '/^key /{print $4 - $3}' > "$T/typed"
tm kill-server

base=$(median < "$T/base")
start=$(median < "$T/start")
login=$(median < "$T/login")
arrow=$(median < "$T/arrows"); arrow99=$(p99 < "$T/arrows")
typed=$(median < "$T/typed"); typed99=$(p99 < "$T/typed")
ms() { awk -v v="$1" 'BEGIN {printf "%.1f ms", v / 1000}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2fx", a / b; else print "-"}'; }
echo "bench_tui: $RUNS runs, 80x24, catalogue: ${TUI_BENCH_PRODUCTS:-150 (demo)} products"
printf '  %-44s %10s\n' "baseline: tmux pane running a shell" "$(ms "$base")"
printf '  %-44s %10s  %s of baseline\n' "start-up to the login screen" "$(ms "$start")" "$(ratio "$start" "$base")"
printf '  %-44s %10s  (argon2id PIN check included)\n' "PIN Enter to the sale screen" "$(ms "$login")"
printf '  %-44s %10s  p99 %s  (%s keys)\n' "key to redraw: arrows in a 30-line cart" "$(ms "$arrow")" "$(ms "$arrow99")" "$(wc -l < "$T/arrows")"
printf '  %-44s %10s  p99 %s  (30 ms scan window + search)\n' "key to redraw: typed letters, live search" "$(ms "$typed")" "$(ms "$typed99")"
total=$(( start - base + login ))
verdict=OK; [ "$total" -lt 150000 ] || verdict=OVER
echo "budget: start-up to the sale screen (less the pane's own start) $(ms "$total") < 150 ms: $verdict"
