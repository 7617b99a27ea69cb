# tests/pg/lib.sh - throwaway PostgreSQL clusters for the hub tests
# (sourced after tests/cli/lib.sh, which gives $T and the TAP helpers).
#
#   pg_start NAME [postgres -c options...]   a new cluster in $T/pg-NAME on
#       a Unix socket in $T (no TCP), started; sets PG_URI_<NAME> to
#       postgresql://postgres@/ocop?host=...&port=...  (database "ocop")
#   pg_stop_all                              stop every cluster started here
#
# initdb refuses to run as root: then the cluster belongs to the postgres
# user (runuser).  Every cluster is stopped on exit, even after a failure
# (the trap), and its folder goes with $T.
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
PG_STARTED=()

pg_as() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

pg_available() {
	[ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ]
}

pg_stop_all() {
	local d
	for d in "${PG_STARTED[@]}"; do
		pg_as "$PG_BIN/pg_ctl" -D "$d" -m immediate stop > /dev/null 2>&1
	done
	PG_STARTED=()
}

pg_start() {
	local name=$1; shift
	local dir=$T/pg-$name sock=$T/sock-$name port opts="" o
	mkdir -p "$dir" "$sock"
	[ "$(id -u)" = 0 ] && chown postgres "$T" "$dir" "$sock" && chmod 755 "$T"
	pg_as "$PG_BIN/initdb" -D "$dir" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
		> "$T/initdb-$name.log" 2>&1 || { cat "$T/initdb-$name.log" >&2; return 1; }
	for o in "$@"; do opts="$opts -c $o"; done
	# a free port number for the socket's name (no TCP is opened)
	port=$((20000 + RANDOM % 20000))
	pg_as "$PG_BIN/pg_ctl" -D "$dir" -l "$dir/log" -w \
		-o "-k $sock -p $port -c listen_addresses='' -c fsync=off $opts" start \
		> /dev/null 2>&1 || { cat "$dir/log" >&2; return 1; }
	PG_STARTED+=("$dir")
	# PG_DB_COLLATE=C: the database made as docs/province.md advises a hub's
	# (codes compared byte for byte); unset: the cluster's default, as an
	# administrator who skipped that line would have it
	pg_as "$PG_BIN/createdb" -h "$sock" -p "$port" -U postgres \
		${PG_DB_COLLATE:+-T template0 --lc-collate=$PG_DB_COLLATE} ocop || return 1
	printf -v "PG_URI_$name" '%s' "postgresql://postgres@/ocop?host=$sock&port=$port"
	printf -v "PG_SOCK_$name" '%s' "$sock"
	printf -v "PG_PORT_$name" '%s' "$port"
}

# psql_at NAME SQL: one value (or rows) from cluster NAME
psql_at() {
	local sock port
	sock=PG_SOCK_$1; port=PG_PORT_$1
	psql -X -q -A -t -h "${!sock}" -p "${!port}" -U postgres -d ocop -c "$2"
}

# stop the clusters before lib.sh's trap removes their folders
trap 'pg_stop_all; rm -rf "$T"' EXIT
