#!/usr/bin/env bash
# tests/bench/bench_pghub.sh - run bench_pghub against a throwaway
# PostgreSQL cluster (tests/pg/lib.sh), stopped at the end.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build/out}
T=$(mktemp -d)
export XDG_CACHE_HOME=$T/cache   # (core/hubcat.h: not the user's cache)
. tests/pg/lib.sh
# the hub databases as docs/province.md makes them (LC_COLLATE C)
export PG_DB_COLLATE=C
if ! pg_available; then
	echo "bench_pghub: no PostgreSQL server binaries (Debian package postgresql); skipped"
	exit 0
fi
# a bench-sized server: more memory for sorts and the WAL than the defaults
pg_start bench shared_buffers=256MB work_mem=32MB maintenance_work_mem=128MB \
	max_wal_size=2GB synchronous_commit=on || exit 1
OCOP_BENCH_PG_URI=$PG_URI_bench "$BUILD/tests/bench/bench_pghub"
