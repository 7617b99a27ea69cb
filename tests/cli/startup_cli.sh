#!/usr/bin/env bash
# startup_cli.sh - what a command loads (issue 16, item 4): the program is
# linked only with SQLite, cJSON, libsodium and libc (SQLite and libsodium
# from their static archives unless built with `make STATIC_PKGS=`, so
# they are in the program itself, not mapped as shared objects); libpq, libxml2,
# libxlsxwriter, FreeType, libpng, libqrencode, libusb and ncurses are
# loaded with dlopen() by the commands that use them (src/lib/dynlib.h),
# and the Vietnamese catalogue is compiled in (src/gen-i18n.c).  Checked
# through the dynamic loader's own reports (LD_TRACE_LOADED_OBJECTS,
# LD_DEBUG=files), not timings.
. "$(dirname "$0")/lib.sh"
export OCOP_POS_NOW=2026-11-22T03:00:00Z
OPTIONAL='libpq|libxml2|libxlsxwriter|libncurses|libtinfo|libfreetype|libpng|libqrencode|libusb|libcurl'

# What the loader maps before main()
LD_TRACE_LOADED_OBJECTS=1 "$OCOP_POS" > "$T/ldd" 2>&1
ok_eq "$?" "0" "the loader lists the program's libraries"
out=$(cat "$T/ldd")
# linked: a shared object the loader maps, or in the program itself
linked() {
	grep -q "$1" "$T/ldd" || nm "$OCOP_POS" 2>/dev/null | grep -q " T $2\$"
}
linked libsqlite3 sqlite3_open_v2; _tap $? "SQLite is linked"
linked libsodium sodium_init; _tap $? "libsodium is linked"
n=$(grep -cE "$OPTIONAL" "$T/ldd")
ok_eq "$n" "0" "no optional library is linked ($(grep -oE "$OPTIONAL" "$T/ldd" | tr '\n' ' '))"
# Nothing else: libc's parts, or a sanitizer's runtime in a SANITIZE build.
ALLOWED='libsqlite3|libcjson|libsodium|libc\.|libm\.|libdl\.|libpthread|librt\.|libasan|libubsan|libgcc_s|libstdc\+\+'
extra=$(grep '=>' "$T/ldd" | grep -vE "$ALLOWED" | awk '{ print $1 }' | tr '\n' ' ')
ok_eq "$extra" "" "the shared objects at start are SQLite, cJSON, libsodium and libc's"

# loaded: "file=NAME [0];  dynamically loaded by ..." in LD_DEBUG=files
loaded() { grep -oE "file=[^ ]*($1)[^ ]* \[0\];  dynamically loaded" "$T/ld" | head -n 1; }

run demo --days 30 --seed 3
ok_rc 0 "a demo showroom"
LD_DEBUG=files "$OCOP_POS" --db "$DB" product list > "$T/out" 2> "$T/ld" < /dev/null
ok_eq "$?" "0" "product list"
ok_eq "$(grep -cE "file=[^ ]*($OPTIONAL)" "$T/ld")" "0" "product list loads no optional library"
out=$(cat "$T/out")
ok_out "Mã hàng" "product list speaks Vietnamese by default (the compiled catalogue)"
"$OCOP_POS" --lang en --db "$DB" product list > "$T/out" 2>&1 < /dev/null
out=$(cat "$T/out")
ok_out "SKU" "and English with --lang en"

printf '1111\n' | LD_DEBUG=files "$OCOP_POS" --lang en --db "$DB" report products \
	--from 2026-10-01 --to 2026-11-22 --format xlsx --out "$T/r.xlsx" --user admin \
	> "$T/out" 2> "$T/ld"
ok_eq "$?" "0" "report products --format xlsx"
[ -n "$(loaded libxlsxwriter)" ]; _tap $? "XLSX output loads libxlsxwriter with dlopen()"
ok_eq "$(grep -cE "file=[^ ]*(libpq|libxml2|libncurses)" "$T/ld")" "0" \
	"and nothing it does not use"
[ "$(head -c 2 "$T/r.xlsx")" = "PK" ]; _tap $? "the workbook is written (a zip)"

LD_DEBUG=files "$OCOP_POS" --lang en --db "$DB" receipt template sale --png "$T/r.png" \
	> "$T/out" 2> "$T/ld" < /dev/null
ok_eq "$?" "0" "receipt template sale --png"
[ -n "$(loaded libfreetype)" ]; _tap $? "a PNG preview loads FreeType with dlopen() for the raster"
grep -qE "file=[^ ]*libpng" "$T/ld"; _tap $? "and libpng (FreeType's dependency, then ours)"
[ "$(head -c 4 "$T/r.png" | tail -c 3)" = "PNG" ]; _tap $? "the PNG is written"

echo "1..$_n"
