#!/usr/bin/env bash
# tests/run.sh [SUITE...] - run the test suites and end with one line
# "N passed, N failed".  Suites: unit (cmocka binaries), fuzz (corpus
# replay of every fuzz target), cli (scenario scripts), security (the
# attacks of issue 12, each asserting the refusal, the message and an
# unchanged database), tui (tmux), usb (umockdev), crash (kill -9 while
# selling), pg (hubs on throwaway PostgreSQL clusters, tests/pg/lib.sh).
# No argument runs them all.
#
# OCOP_POS is the program the scenarios run: the test build (the Makefile's
# $(BUILD)/test/ocop-pos, whose clock OCOP_POS_NOW may set);
# OCOP_POS_RELEASE the installed kind, which must ignore OCOP_POS_NOW.
# Each suite speaks TAP ("ok ..." / "not ok ..."); this script counts and
# prints failures.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build/out}
export OCOP_POS=${OCOP_POS:-$PWD/$BUILD/test/ocop-pos}
export OCOP_POS_RELEASE=${OCOP_POS_RELEASE:-$PWD/ocop-pos}
export OCOP_SRC=$PWD
export CMOCKA_MESSAGE_OUTPUT=TAP
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}:verify_asan_link_order=0
suites=("$@")
[ ${#suites[@]} -eq 0 ] && suites=(unit fuzz cli security tui usb crash pg)

pass=0
fail=0
failed_names=()
times=()
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
# Scratch space the suites share for this run (tests/tui/lib.sh keeps its
# demo database there), removed at the end.
export OCOP_TEST_TMP=$log

# count FILE NAME: add the TAP results in FILE to the totals.
count() {
	local p f
	p=$(grep -cE '^ok ' "$1")
	f=$(grep -cE '^not ok ' "$1")
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$f" -gt 0 ]; then
		failed_names+=("$2")
		grep -E '^not ok ' "$1" | sed "s|^|  $2: |"
	fi
}

# run_one NAME CMD...: run a test program; a crash or non-zero exit with
# no "not ok" line still counts as one failure.
run_one() {
	local name=$1; shift
	local out="$log/$(echo "$name" | tr '/ ' '__').out"
	local t0=$(date +%s%N)
	"$@" > "$out" 2>&1
	local rc=$?
	times+=("$(( ($(date +%s%N) - t0) / 1000000 )) $name")
	count "$out" "$name"
	if [ $rc -ne 0 ] && ! grep -qE '^not ok ' "$out"; then
		fail=$((fail + 1))
		failed_names+=("$name")
		echo "  $name: exited $rc"
		tail -n 20 "$out" | sed 's/^/    /'
	elif grep -qE '^not ok ' "$out"; then
		grep -B2 -A12 -E '^not ok ' "$out" | grep -vE '^ok ' | head -n 40 | sed 's/^/    /'
	fi
}

for s in "${suites[@]}"; do
	case $s in
	unit)
		for t in "$BUILD"/tests/unit/test_*; do
			[ -x "$t" ] || continue
			echo "unit: $(basename "$t")"
			run_one "unit/$(basename "$t")" "$t"
		done ;;
	fuzz)
		for t in "$BUILD"/tests/fuzz/*-replay; do
			[ -x "$t" ] || continue
			n=$(basename "$t" -replay)
			echo "fuzz corpus: $n"
			run_one "fuzz/$n" "$t" tests/fuzz/corpus/"${n#fuzz_}"
		done ;;
	usb)
		for t in "$BUILD"/tests/usb/test_*; do
			[ -x "$t" ] || continue
			echo "usb: $(basename "$t")"
			run_one "usb/$(basename "$t")" umockdev-wrapper "$t"
		done ;;
	cli|security|tui|crash|pg)
		for t in tests/$s/*.sh; do
			[ -f "$t" ] || continue
			case $(basename "$t") in lib*.sh) continue ;; esac
			echo "$s: $(basename "$t" .sh)"
			run_one "$s/$(basename "$t" .sh)" bash "$t"
		done ;;
	*) echo "run.sh: unknown suite $s" >&2; exit 2 ;;
	esac
done

# The slowest programs, to keep the whole run well under 10 minutes.
printf '%s\n' "${times[@]}" | sort -rn | head -n 5 | awk '{ printf "slowest: %s %.1f s\n", $2, $1 / 1000 }'
if [ ${#failed_names[@]} -gt 0 ]; then
	echo "failed: ${failed_names[*]}"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
