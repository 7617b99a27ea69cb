#!/usr/bin/env bash
# tests/fuzz/run.sh [SECONDS] - build every tests/fuzz/fuzz_*.c with clang's
# libFuzzer + ASan + UBSan and run each for SECONDS (default 20) starting
# from its seed corpus (copied, so the repository's corpus stays small).
# Crashes are saved under build/fuzz/ and fail the run.
set -eu
cd "$(dirname "$0")/../.."
secs=${1:-20}
command -v clang >/dev/null || { echo "fuzz: clang is needed (apt-get install clang)"; exit 1; }
make --no-print-directory CC=clang SANITIZE=fuzzer-no-link,address,undefined BUILD=build/fuzzlib \
	build/fuzzlib/libocopcore.a build/fuzzlib/libocopdrv.a build/fuzzlib/libocoplib.a >/dev/null
libs="build/fuzzlib/libocopcore.a build/fuzzlib/libocopdrv.a build/fuzzlib/libocoplib.a"
mkdir -p build/fuzz
pkgs=$(make --no-print-directory -s print-pkgs)
fail=0
for src in tests/fuzz/fuzz_*.c; do
	name=$(basename "$src" .c)
	corpus=tests/fuzz/corpus/${name#fuzz_}
	bin=build/fuzz/$name
	clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc -I. -Ibuild/fuzzlib/gen \
		-D_DEFAULT_SOURCE -D_GNU_SOURCE -include src/lib/banned.h "$src" $libs \
		$(pkg-config --cflags --libs $pkgs) -lm -o "$bin"
	work=build/fuzz/$name.corpus
	rm -rf "$work"; mkdir -p "$work"
	cp "$corpus"/* "$work"/ 2>/dev/null || true
	echo "fuzz: $name for ${secs}s"
	if ! ASAN_OPTIONS=detect_leaks=1 "$bin" -max_total_time="$secs" -rss_limit_mb=2048 \
		-artifact_prefix=build/fuzz/"$name"- "$work" > build/fuzz/"$name".log 2>&1; then
		echo "fuzz: $name FAILED"; tail -n 30 build/fuzz/"$name".log; fail=1
	else
		grep -E '^(#[0-9]+|Done)' build/fuzz/"$name".log | tail -n 1
	fi
done
exit $fail
