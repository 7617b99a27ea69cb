#!/usr/bin/env bash
# The option parser is table-driven (src/cli/cli.h): every subcommand
# refuses an option it does not declare (exit 2, naming the option and
# pointing to its own --help), prints a generated --help, and refuses
# numbers outside an option's range.  The list of subcommands comes from
# the program itself (`ocop-pos --list-commands`), so a new command is
# covered without touching this file.
. "$(dirname "$0")/lib.sh"
export OCOP_POS_NOW=2026-11-22T03:00:00Z

run init --showroom DN01 --name "Điểm OCOP Đà Nẵng" --province 48
runin 1111 user add admin --role admin
before=$(sqlite3 "$DB" .dump | sha256sum)

"$OCOP_POS" --list-commands > "$T/cmds"
ok_eq "$?" "0" "--list-commands"
n=$(wc -l < "$T/cmds")
[ "$n" -ge 70 ]; _tap $? "--list-commands lists every subcommand ($n)"
ok_eq "$(grep -cx 'stock count start' "$T/cmds")" "1" "nested subcommands are listed by their words"

bad=0 badhelp=0
while read -r line; do
	# shellcheck disable=SC2086
	run $line --bogus-opt 1
	try="Try \`ocop-pos $line --help\`."
	if [ "$rc" != 2 ] || [[ $err != *"unknown option --bogus-opt"* ]] || [[ $err != *"$try"* ]]; then
		bad=$((bad + 1))
		echo "# $line --bogus-opt: rc=$rc err=$err"
	fi
	# shellcheck disable=SC2086
	run $line --help
	if [ "$rc" != 0 ] || [[ $out != *"Usage: ocop-pos $line"* ]]; then
		badhelp=$((badhelp + 1))
		echo "# $line --help: rc=$rc out=$(printf '%s' "$out" | head -n 2)"
	fi
done < "$T/cmds"
ok_eq "$bad" "0" "every subcommand refuses --bogus-opt with exit 2, naming it and its own --help"
ok_eq "$badhelp" "0" "every subcommand has a generated --help"

# the issue's example: options another subcommand takes are refused too
run stock transfers --stars 4 --to X --scan
ok_rc 2 "stock transfers --stars 4 --to X --scan is refused"
ok_err "unknown option --stars for \`ocop-pos stock transfers\`" "names the option and the subcommand"
ok_err "Try \`ocop-pos stock transfers --help\`." "points to the subcommand's help"
run product list --scan
ok_rc 2 "a flag of another subcommand is refused"
run stock count show --scan
ok_rc 2 "nested subcommands have their own options"
run stock count enter --missing
ok_rc 2 "... both ways"
run product list --format csv --format json
ok_rc 2 "an option given twice is refused"
ok_err "given twice" "and says so"
run product list --all=yes
ok_rc 2 "a flag takes no value"
run product list -x
ok_rc 2 "a short option nobody declares"

# help generated from the table
run stock receive --help
ok_out "--cost VND" "the options are listed"
ok_out "--user NAME" "with --user"
run report products --help
ok_out "Needs --user NAME" "a command that needs a person says so"
run stock --help
ok_out "ocop-pos stock count enter" "the group help shows every subcommand"
run product list --stars 4 --help
ok_rc 0 "--help anywhere"

# typed options with ranges, for every command
run product list --stars 9
ok_rc 2 "product list --stars 9"
ok_err "--stars takes a whole number from 1 to 5, not \"9\"" "says the range"
run product list --stars -1
ok_rc 2 "product list --stars -1"
run product list --group 99999999999999999999
ok_rc 2 "product list --group 99999999999999999999 (overflow)"
ok_err "from 1 to 6" "says the range"
run product list --group 7
ok_rc 2 "product list --group 7"
run product list --group 1x
ok_rc 2 "not a number"
run product search mat --limit -5
ok_rc 2 "product search --limit -5"
run product search mat --limit 0
ok_rc 2 "product search --limit 0"
run product search mat --limit 1001
ok_rc 2 "product search --limit 1001"
run product search mat --limit 1000
ok_rc 0 "product search --limit 1000 (at the limit)"
run product list --stars 5
ok_rc 0 "product list --stars 5 (at the limit)"
run demo --products 0
ok_rc 2 "demo --products 0"
run stock alerts --days 36501 --user admin
ok_rc 2 "stock alerts --days 36501"
run receipt template sale --lines 501
ok_rc 2 "receipt template --lines 501"
run label X --count 101
ok_rc 2 "label --count 101"
run printer drawer --pin 3 --user admin
ok_rc 2 "printer drawer --pin 3"
run vietqr --bank vcb --account 123 --amount 100000000001
ok_rc 2 "an amount over 100 billion VND"
ok_err "too large" "is too large"
runin 1111 shift cash-in 1000000000000000 --reason x --user admin
ok_rc 2 "shift cash-in 1000000000000000"
ok_err "too large" "says the amount is too large"
no_out "above 0" "not that it needs an amount above 0"
runin 1111 shift open --float 1000000000000000 --user admin
ok_rc 2 "shift open --float too large"
ok_err "too large" "says so"

runin 1111 shift show 99999999999999999999 --user admin
ok_rc 2 "shift show with a number that overflows"

# unknown and incomplete subcommands
run stock
ok_rc 2 "stock alone"
ok_err "stock needs receive" "lists the subcommands"
run stock count
ok_rc 2 "stock count alone"
ok_err "stock count needs start, enter, show, post or cancel" "lists the next words"
run stock frobnicate
ok_rc 2 "an unknown subcommand"
ok_err "unknown stock command \"frobnicate\"" "names it"
run sale frobnicate
ok_rc 2 "an unknown sale subcommand"
run audit extra --user admin
ok_rc 2 "a command that takes no arguments refuses one"

after=$(sqlite3 "$DB" .dump | sha256sum)
ok_eq "$after" "$before" "none of the refused commands changed the database"
