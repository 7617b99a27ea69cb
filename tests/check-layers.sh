#!/usr/bin/env bash
# tests/check-layers.sh [BUILD] - the house's layers, checked (make check-layers):
#
#   lib <- (core, drivers) <- app <- (cli, ui) <- main
#
# 1. Every #include "..." in src/ and drivers/ points down or within its
#    own layer: core never includes drivers, drivers never include core,
#    ui and cli never include each other, nothing includes app/cli/ui
#    from below; a build-time tool (src/gen-*.c) uses lib and core only.
# 2. With BUILD given (a built tree), every symbol an archive needs from
#    another of our archives comes from a layer it may use: the link
#    boundary, which catches a call made without an #include.
# Prints each violation and exits 1 if there is any.
set -u
cd "$(dirname "$0")/.."
bad=0

layer_of() {   # path -> layer name
	case $1 in
	src/lib/*) echo lib ;;
	src/core/*) echo core ;;
	drivers/*) echo drivers ;;
	src/app/*) echo app ;;
	src/cli/*) echo cli ;;
	src/ui/*) echo ui ;;
	src/main.c) echo main ;;
	src/gen-*.c) echo tool ;;     # build-time tools (gen-refdata links core)
	*) echo other ;;
	esac
}

allowed() {    # layer -> the layers it may include or call
	case $1 in
	lib) echo "lib" ;;
	core) echo "lib core" ;;
	drivers) echo "lib drivers" ;;
	app) echo "lib core drivers app" ;;
	cli) echo "lib core drivers app cli" ;;
	ui) echo "lib core drivers app ui" ;;
	main) echo "lib core drivers app cli ui main" ;;
	tool) echo "lib core" ;;
	esac
}

while IFS= read -r f; do
	from=$(layer_of "$f")
	ok=" $(allowed "$from") "
	dir=$(dirname "$f")
	while IFS=: read -r line inc; do
		[ -n "$inc" ] || continue
		# Resolve like the compiler: beside the file first, then -Isrc, then -I.
		if [ -f "$dir/$inc" ]; then target="$dir/$inc"
		elif [ -f "src/$inc" ]; then target="src/$inc"
		elif [ -f "$inc" ]; then target="$inc"
		else continue   # generated (embedded.h in build/gen) or a system header in quotes
		fi
		target=$(realpath --relative-to=. "$target")
		to=$(layer_of "$target")
		[ "$to" = other ] && continue
		case $ok in
		*" $to "*) ;;
		*) echo "check-layers: $f:$line includes $target ($from may not include $to)"; bad=1 ;;
		esac
	done < <(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" | sed -E 's/^([0-9]+):.*"([^"]+)".*/\1:\2/')
done < <(find src drivers -name '*.[ch]' | sort)

# The link boundary: undefined symbols of each archive against the
# symbols the others define.
B=${1:-}
if [ -n "$B" ] && [ -f "$B/libocoplib.a" ]; then
	declare -A arch=( [lib]=libocoplib.a [core]=libocopcore.a [drivers]=libocopdrv.a [app]=libocopapp.a )
	tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
	for l in "${!arch[@]}"; do
		nm -g --defined-only "$B/${arch[$l]}" 2>/dev/null | awk 'NF==3{print $3}' | sort -u > "$tmp/def.$l"
	done
	for l in "${!arch[@]}"; do
		ok=" $(allowed "$l") "
		nm -u "$B/${arch[$l]}" 2>/dev/null | awk '{print $NF}' | sort -u > "$tmp/undef.$l"
		for m in "${!arch[@]}"; do
			case $ok in *" $m "*) continue ;; esac
			comm -12 "$tmp/undef.$l" "$tmp/def.$m" | while read -r sym; do
				echo "check-layers: $l calls $sym, defined in $m ($l may not use $m)"
			done > "$tmp/v.$l.$m"
			if [ -s "$tmp/v.$l.$m" ]; then cat "$tmp/v.$l.$m"; bad=1; fi
		done
	done
fi

if [ $bad -ne 0 ]; then
	echo "check-layers: FAILED (lib <- (core, drivers) <- app <- (cli, ui) <- main; see docs/architecture.md)"
	exit 1
fi
echo "layers OK"
