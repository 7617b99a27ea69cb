# tests/tui/lib_mgr.sh - what the manager's scenarios add to lib.sh
# (sourced after it).
#
#   menu_open TEXT          open the menu (Ctrl-E) and the entry containing TEXT
#   mgr_login USER PIN      log in at the till and close the shift question
#   field_set TEXT          clear the focused field (Ctrl-U), type TEXT, wait for it
#   ok_file FILE TEXT desc  FILE exists and contains TEXT
#   pick_product MIN        a shop-owned product of the demo with one dated lot,
#                           at least MIN on hand and a barcode: sets SKU CODE
#                           NAME UNIT ONHAND PROV (code) PROVNAME, so the
#                           scenarios follow the demo data as it changes
#   onhand SKU              the product's on hand (stock list)

menu_open() {
	local n
	_tmux send-keys C-e
	wait_for "Menu" 5 || { notok "the menu opens"; return 1; }
	n=$(screen | grep -F -- "$1" | grep -oE '│ +[0-9a-z] ' | grep -oE '[0-9a-z]' | head -n 1)
	if [ -z "$n" ]; then
		notok "the menu has \"$1\""
		return 1
	fi
	typ "$n"
	settle
}

mgr_login() {
	login "$1" "$2"
	# A manager without an open shift is offered one: not needed for stock.
	if wait_for "Mở ca" 2; then
		key Escape
		wait_gone "Tiền đầu ca" 5
	fi
}

field_set() {
	local before i=0
	_tmux send-keys C-u
	settle
	before=$(screen | grep -cF -- "$1")
	typ "$1"
	# Wait until the text shows once more than before (it may be on the
	# screen already, in a message): only then is it in the field, and
	# the Enter that follows is a key of its own, not the end of a scan.
	while [ $i -lt 100 ]; do
		[ "$(screen | grep -cF -- "$1")" -gt "$before" ] && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

ok_file() {
	if [ -f "$1" ] && grep -qF -- "$2" "$1"; then _tap 0 "$3"; else
		_tap 1 "$3 ($1 lacks '$2')"
		[ -f "$1" ] && head -n 5 "$1" | sed 's/^/#   > /'
	fi
}

pick_product() {
	local sku name unit oh cons value reorder lots producer origin rest exp
	while IFS=, read -r sku name unit oh cons value reorder lots producer origin rest; do
		[ -z "$rest" ] && [ "$sku" != sku ] || continue
		case $oh in *[!0-9]*|"") continue ;; esac
		[ "$oh" -ge "$1" ] && [ "$cons" = 0 ] && [ "$lots" = 1 ] || continue
		# A dated lot that expires before the lots the scenarios receive.
		exp=$(pos stock lots "$sku" --format csv | sed -n 2p | cut -d, -f4)
		[ -n "$exp" ] && [[ "$exp" < 2027-12-31 ]] || continue
		CODE=$(pos --lang en product show "$sku" | sed -n 's/^Barcodes: *//p' | awk '{print $1}')
		[ -n "$CODE" ] || continue
		SKU=$sku NAME=$name UNIT=$unit ONHAND=$oh PROV=$origin
		PROVNAME=$(pos --lang en product show "$sku" | sed -n 's/^Origin: *[0-9]* //p')
		return 0
	done < <(pos stock list --format csv | grep -v '"')
	return 1
}

onhand() {
	pos stock list --all --format csv | sed 's/"[^"]*"/x/g' |
		awk -F, -v s="$1" '$1 == s { print $4 }' | head -n 1
}
