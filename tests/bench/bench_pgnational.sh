#!/usr/bin/env bash
# tests/bench/bench_pgnational.sh - run bench_pgnational (a national server
# fed by 34 provinces of 60 showrooms) against a throwaway PostgreSQL
# cluster (tests/pg/lib.sh) with two databases, the province hub's and the
# national server's, stopped at the end.  BENCH_PG_NATIONAL_LINES sets the
# size (300,000 sale lines by default, a couple of minutes; the figures in
# docs/architecture.md are at 2M and more).
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build/out}
T=$(mktemp -d)
export XDG_CACHE_HOME=$T/cache   # (core/hubcat.h: not the user's cache)
. tests/pg/lib.sh
# the hub databases as docs/province.md makes them (LC_COLLATE C)
export PG_DB_COLLATE=C
trap 'pg_stop_all; rm -rf "$T"' EXIT
if ! pg_available; then
	echo "bench_pgnational: no PostgreSQL server binaries (Debian package postgresql); skipped"
	exit 0
fi
pg_start nat shared_buffers=512MB work_mem=64MB maintenance_work_mem=256MB \
	max_wal_size=4GB synchronous_commit=on || exit 1
pg_as "$PG_BIN/createdb" -h "$PG_SOCK_nat" -p "$PG_PORT_nat" -U postgres -T template0 \
	--lc-collate=C national || exit 1
OCOP_BENCH_PG_URI=$PG_URI_nat \
OCOP_BENCH_PG_NAT_URI=${PG_URI_nat/\/ocop?//national?} \
	"$BUILD/tests/bench/bench_pgnational"
