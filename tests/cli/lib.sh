# tests/cli/lib.sh - helpers for CLI scenario scripts (sourced).
#
# Each scenario gets a fresh temporary directory ($T) and database ($DB).
#   run ARGS...         run ocop-pos --lang en --db $DB ARGS; sets $out, $err, $rc
#   runin INPUT ARGS... the same with INPUT on standard input
#   ok_rc N "desc"      the last run exited N
#   ok_out TEXT "desc"  stdout contains TEXT (fixed string)
#   ok_err TEXT "desc"  stderr contains TEXT
#   no_out TEXT "desc"  stdout does not contain TEXT
#   ok_eq A B "desc"    A equals B
#   ok_golden FILE "desc"  stdout equals tests/cli/expected/FILE
# Results are TAP lines, counted by tests/run.sh.
set -u
T=$(mktemp -d)
DB=$T/test.db
trap 'rm -rf "$T"' EXIT
# the program's cache (a PostgreSQL hub's catalogue, core/hubcat.h) in the
# scenario's folder, not the user's
export XDG_CACHE_HOME=$T/cache
_n=0
out= err= rc=0

run() {
	"$OCOP_POS" --lang en --db "$DB" "$@" > "$T/out" 2> "$T/err" < /dev/null
	rc=$?
	out=$(cat "$T/out"); err=$(cat "$T/err")
}
runin() {
	local input=$1; shift
	printf '%s\n' "$input" | "$OCOP_POS" --lang en --db "$DB" "$@" > "$T/out" 2> "$T/err"
	rc=$?
	out=$(cat "$T/out"); err=$(cat "$T/err")
}
_tap() {
	_n=$((_n + 1))
	if [ "$1" = 0 ]; then echo "ok $_n - $2"; else
		echo "not ok $_n - $2"
		echo "#   rc=$rc"
		printf '%s\n' "$out" | head -n 15 | sed 's/^/#   out: /'
		printf '%s\n' "$err" | head -n 5 | sed 's/^/#   err: /'
	fi
}
ok_rc()  { [ "$rc" = "$1" ]; _tap $? "$2"; }
ok_out() { case $out in *"$1"*) _tap 0 "$2" ;; *) _tap 1 "$2 (stdout lacks '$1')" ;; esac; }
no_out() { case $out in *"$1"*) _tap 1 "$2 (stdout has '$1')" ;; *) _tap 0 "$2" ;; esac; }
ok_err() { case $err in *"$1"*) _tap 0 "$2" ;; *) _tap 1 "$2 (stderr lacks '$1')" ;; esac; }
ok_eq()  { if [ "$1" = "$2" ]; then _tap 0 "$3"; else _tap 1 "$3 ('$1' != '$2')"; fi; }
ok_golden() {
	if diff -u "$OCOP_SRC/tests/cli/expected/$1" "$T/out" > "$T/diff"; then _tap 0 "$2"; else
		_tap 1 "$2"; sed 's/^/#   /' "$T/diff" | head -n 30; fi
}
ok_match() { if printf '%s\n' "$out" | grep -qE -- "$1"; then _tap 0 "$2"; else _tap 1 "$2 (stdout does not match /$1/)"; fi; }
