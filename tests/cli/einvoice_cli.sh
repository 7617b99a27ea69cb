#!/usr/bin/env bash
# einvoice: setup (admin, tax code, series, code, provider, 0600
# credentials), invoices issued with sales, returns and voids (gapless
# numbers, MTT codes), `show` XML validated against the XSD, list in
# table/csv/json, and `send` against a Viettel S-Invoice emulator over
# TLS on 127.0.0.1 that the test starts and stops: accept, reject with a
# reason and resend, 5xx, slow (timeout), dropped connection, expired
# token, refused login, no network, a sender killed mid-send; nothing lost, nothing
# created twice.  db check at the end.
. "$(dirname "$0")/lib.sh"
export OCOP_POS_NOW=2026-11-22T03:00:00Z
XSD=$OCOP_SRC/tests/data/einvoice/hdon.xsd
EMU=$OCOP_SRC/tests/einvoice/sinvoice_emulator.py
emu_pid=
stop_emu() { [ -n "$emu_pid" ] && kill "$emu_pid" 2>/dev/null && wait "$emu_pid" 2>/dev/null; emu_pid=; }
trap 'stop_emu; rm -rf "$T"' EXIT

# --- a showroom without a tax code cannot set up e-invoices -----------------
MAIN=$DB
DB=$T/notax.db
run init --showroom DN09 --name "Điểm thử" --province 48
runin 1111 user add admin --role admin
runin 1111 einvoice setup --method deduction --series C26MAB --code A1B2C --user admin
ok_rc 1 "setup refused without the showroom's tax code"
ok_err "tax code" "the message asks for the tax code"
DB=$MAIN

run init --showroom DN01 --name "Điểm OCOP Đà Nẵng" --province 48 --tax-code 0100109106 --address "12 Bạch Đằng, Đà Nẵng"
runin 1111 user add admin --role admin
runin $'1234\n1111' user add thungan --role cashier --by admin
runin $'2222\n1111' user add quanly --role manager --by admin
run producer add HTX-A --name "HTX Mật ong Mèo Vạc" --kind HTX --province 08
run product add MO-001 --name "Mật ong bạc hà Mèo Vạc" --producer HTX-A --group 1 --stars 4 --price 185000 --vat 5 --unit hũ --cert-issued 2025-01-15
run product add TRA-01 --name "Trà shan tuyết & <Tà Xùa>" --producer HTX-A --group 1 --stars 4 --price 90000 --vat 8 --unit gói --cert-issued 2025-01-15
run product add GAO-01 --name "Gạo ST25" --producer HTX-A --group 1 --stars 5 --price 33333 --vat KCT --unit kg --cert-issued 2025-01-15
runin 2222 stock receive MO-001 50 --cost 120000 --user quanly
runin 2222 stock receive TRA-01 50 --cost 60000 --user quanly
runin 2222 stock receive GAO-01 50 --cost 20000 --user quanly
runin 1234 shift open --user thungan --float 500000
ok_rc 0 "shift opened"

# --- setup ------------------------------------------------------------------------
run einvoice --help
ok_rc 0 "einvoice --help"
ok_out "--series C26MAB" "help shows the series"
run einvoice
ok_rc 2 "no subcommand is a usage error"
run einvoice status
ok_out "not set up" "status before setup"
runin 2222 einvoice setup --method deduction --series C26MAB --code A1B2C --user quanly
ok_rc 1 "a manager cannot set up e-invoices"
runin 1111 einvoice setup --method vat --series C26MAB --code A1B2C --user admin
ok_rc 2 "an unknown method is a usage error"
runin 1111 einvoice setup --method deduction --series C26TAB --code A1B2C --user admin
ok_rc 1 "a series without M is refused"
ok_err "C26MAB" "the message shows the form of a series"
runin 1111 einvoice setup --method deduction --series C26MAB --code A1B --user admin
ok_rc 1 "a short code is refused"
printf 'user=0100109106\npassword=s3cret-Viettel\n' > "$T/cred"
chmod 644 "$T/cred"
runin 1111 einvoice setup --method deduction --series C26MAB --code A1B2C --provider viettel --endpoint https://127.0.0.1:1/services/einvoiceapplication/api --credentials "$T/cred" --user admin
ok_rc 1 "credentials readable by others are refused"
ok_err "chmod 600" "the message says how to fix it"
chmod 600 "$T/cred"
runin 1111 einvoice setup --method deduction --series C26MAB --code A1B2C --user admin
ok_rc 0 "setup without a provider (queue only)"
ok_out "series C26MAB" "setup confirms the series"

# --- invoices with every document -------------------------------------------------
runin 1234 sale --user thungan --scan MO-001*2 --scan TRA-01 --scan GAO-01*3 --pay cash
ok_rc 0 "sale 1"
runin 1234 sale --user thungan --scan TRA-01 --pay qr
runin 1234 sale --user thungan --scan MO-001 --pay cash
runin 1234 return DN01-01-2026-000001 --scan MO-001 --user thungan --refund cash
ok_rc 0 "a return"
runin 2222 sale void --user quanly --reason "khách đổi ý"
ok_rc 0 "a void"
run einvoice list --format csv
ok_rc 0 "einvoice list csv"
ok_out "DN01-01-2026-000001,original,1,C26MAB,1,M1-26-A1B2C-00000000001,2026-11-22,559999,queued" "sale 1 is invoice 1 with its MTT code"
ok_out "DN01-01-2026-000003,original,1,C26MAB,3,M1-26-A1B2C-00000000003" "sale 3 is invoice 3"
ok_out "DN01-01-2026-R000001,adjust,1,C26MAB,4,M1-26-A1B2C-00000000004" "the return is an adjustment invoice"
ok_out "DN01-01-2026-R000002,replace,1,C26MAB,5,M1-26-A1B2C-00000000005" "the void is a replacement (2026 rules)"
run einvoice list --format json
ok_match '"mtt_code":[[:space:]]+"M1-26-A1B2C-00000000002"' "JSON list"
run einvoice list
ok_out "M1-26-A1B2C-00000000005" "table list"
for no in DN01-01-2026-000001 DN01-01-2026-000002 DN01-01-2026-R000001 DN01-01-2026-R000002; do
	run einvoice show $no
	printf '%s\n' "$out" > "$T/$no.xml"
	if xmllint --noout --schema "$XSD" "$T/$no.xml" 2> "$T/xsd.err"; then _tap 0 "XML of $no validates"
	else cat "$T/xsd.err" | head -3 | sed 's/^/#   /'; _tap 1 "XML of $no validates"; fi
done
run einvoice show DN01-01-2026-000001
ok_out "<TgTTTBChu>Năm trăm năm mươi chín nghìn chín trăm chín mươi chín đồng</TgTTTBChu>" "total in words"
ok_out "<THHDVu>Trà shan tuyết &amp; &lt;Tà Xùa&gt;</THHDVu>" "names are escaped"
ok_out "<TSuat>KCT</TSuat>" "KCT line"
run einvoice show DN01-01-2026-R000001
ok_out "<TCHDon>2</TCHDon>" "the adjustment says so"
ok_out "<TgTTTBSo>-185000</TgTTTBSo>" "and is negative"
run einvoice show NOPE
ok_rc 1 "show of an unknown receipt"

# --- the receipt prints series, number, MTT code and a look-up QR ------------
run receipt show DN01-01-2026-000001
ok_out "Ký hiệu: 1C26MAB" "the receipt shows the symbol"
ok_match "Số: 1$" "and the invoice number"
ok_out "M1-26-A1B2C-00000000001" "and the MTT code"
run receipt show DN01-01-2026-R000001
ok_out "ĐIỀU CHỈNH GIẢM" "the return's slip names its adjustment invoice"
ok_out "M1-26-A1B2C-00000000004" "with its code"
run receipt preview DN01-01-2026-000001 --png "$T/r1.png"
ok_rc 0 "receipt preview as PNG"
zbarimg -q --raw "$T/r1.png" 2> /dev/null > "$T/codes"
grep -qx "hoadondientu.gdt.gov.vn|0100109106|1|C26MAB|1|M1-26-A1B2C-00000000001|2026-11-22|559999" "$T/codes"
_tap $? "the QR on the PNG decodes to the look-up data"
run db check
ok_rc 0 "db check with invoices"

# --- sending: the provider emulator ---------------------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key.pem" -out "$T/cert.pem" -days 2 \
	-subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" > /dev/null 2>&1
export OCOP_POS_CA_FILE=$T/cert.pem
start_emu() {
	rm -f "$T/port"
	python3 "$EMU" "$T/cert.pem" "$T/key.pem" "$T/port" 0100109106 s3cret-Viettel &
	emu_pid=$!
	for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.05; done
	PORT=$(cat "$T/port")
	URL=https://127.0.0.1:$PORT
}
# talk to the emulator's control endpoint (python3 only: no curl needed)
_emu_py='import json, ssl, sys, urllib.request as u
c = ssl.create_default_context(cafile=sys.argv[1])
body = sys.argv[3].encode() if len(sys.argv) > 3 else None
s = json.load(u.urlopen(u.Request(sys.argv[2] + "/_ctl", data=body), context=c))'
ctl() { python3 -c "$_emu_py" "$T/cert.pem" "$URL" "$1" > /dev/null; }
emu() { python3 -c "$_emu_py
print($1)" "$T/cert.pem" "$URL"; }
state_of() { run einvoice list --format csv; printf '%s\n' "$out" | grep "^$1," | cut -d, -f9; }
start_emu
ok_eq "$(emu 's["creates"]')" 0 "the emulator is up"

run einvoice send
ok_rc 1 "send without a provider is refused"
ok_err "no e-invoice provider" "the message says so"
runin 1111 einvoice setup --method deduction --series C26MAB --code A1B2C --provider viettel --endpoint "$URL/services/einvoiceapplication/api" --credentials "$T/cred" --user admin
ok_rc 0 "setup with the Viettel provider"
run audit --action einvoice.setup --format csv
no_out "s3cret" "the password is not in the audit log"
ok_eq "$(sqlite3 "$DB" "SELECT count(*) FROM setting WHERE value LIKE '%s3cret%'")" 0 "nor in the settings"

run einvoice send
ok_rc 0 "everything sent"
ok_out "5 accepted, 0 rejected" "five invoices accepted"
ok_eq "$(emu 'len(s["invoices"])')" 5 "the provider created five invoices (3 sales, an adjustment, a replacement)"
ok_eq "$(emu 's["cancels"]')" "[]" "and no cancel (2026 rules replace)"
ok_eq "$(emu '[i["adjustmentType"] for i in s["invoices"].values()].count("5")')" 1 "one adjustment"
ok_eq "$(emu '[i["adjustmentType"] for i in s["invoices"].values()].count("3")')" 1 "one replacement"
ok_eq "$(emu '[i["originalInvoiceId"] for i in s["invoices"].values() if i["adjustmentType"]=="5"][0]')" "C26MAB1" "the adjustment refers to the provider's number of sale 1"
ok_eq "$(emu 'sorted(i["mttCode"] for i in s["invoices"].values())[0]')" "M1-26-A1B2C-00000000001" "the MTT code goes along"
ok_eq "$(state_of DN01-01-2026-000003)" accepted "sale 3 accepted"
run einvoice send
ok_rc 0 "a second send has nothing to do"
ok_eq "$(emu 's["creates"]')" 5 "and creates nothing"

# reject with a reason, resend
ctl '{"mode": "reject", "count": 1, "reason": "Mã số thuế người mua không hợp lệ"}'
runin 1234 sale --user thungan --scan MO-001 --pay cash
run einvoice send
ok_rc 1 "a rejection makes send fail"
ok_out "1 rejected" "one rejected"
run einvoice list --state rejected --format csv
ok_out "Mã số thuế người mua không hợp lệ" "the provider's reason is kept"
runin 1234 einvoice resend DN01-01-2026-000004 --user thungan
ok_rc 1 "a cashier cannot resend"
runin 2222 einvoice resend DN01-01-2026-000004 --user quanly
ok_rc 0 "a manager resends"
run einvoice send
ok_rc 0 "accepted on the second go"
ok_eq "$(state_of DN01-01-2026-000004)" accepted "sale 4 accepted"
runin 2222 einvoice resend DN01-01-2026-000004 --user quanly
ok_rc 1 "an accepted invoice is never resent"

# 5xx: retried, then left queued with a backoff
ctl '{"mode": "5xx", "count": 3}'
runin 1234 sale --user thungan --scan TRA-01 --pay cash
run einvoice send --tries 3
ok_rc 1 "the provider keeps failing"
ok_out "1 to retry" "the invoice stays to retry"
ok_err "HTTP 503" "the last error is shown"
ok_eq "$(emu 's["errors5xx"]')" 3 "three attempts were made"
ok_eq "$(state_of DN01-01-2026-000005)" sending "kept, to be looked up first"
run einvoice send
ok_out "0 accepted" "the backoff holds it back"
run einvoice send --force
ok_rc 0 "--force sends it now"
ok_eq "$(state_of DN01-01-2026-000005)" accepted "sale 5 accepted"

# slow provider: timeout; the provider did store it; found by the look-up
ctl '{"mode": "slow", "count": 1, "delay": 3}'
runin 1234 sale --user thungan --scan GAO-01 --pay cash
run einvoice send --timeout 1 --tries 1
ok_rc 1 "a timeout leaves it queued"
ok_err "imeout" "the timeout is named"
sleep 2.5
run einvoice send --force
ok_rc 0 "the next run finds it"
ok_eq "$(state_of DN01-01-2026-000006)" accepted "sale 6 accepted"
ok_eq "$(emu 's["duplicates"]')" 0 "not created twice after a timeout"

# dropped connection after the provider stored it
ctl '{"mode": "drop", "count": 1}'
runin 1234 sale --user thungan --scan MO-001 --pay cash
run einvoice send --tries 1
ok_rc 1 "a dropped connection leaves it queued"
ok_eq "$(emu 's["dropped"]')" 1 "the emulator dropped the connection"
run einvoice send --force
ok_eq "$(state_of DN01-01-2026-000007)" accepted "sale 7 accepted after a look-up"
ok_eq "$(emu 's["duplicates"]')" 0 "not created twice after a dropped connection"

# killed mid-send
ctl '{"mode": "slow", "count": 1, "delay": 4}'
runin 1234 sale --user thungan --scan TRA-01 --pay cash
"$OCOP_POS" --lang en --db "$DB" einvoice send > /dev/null 2>&1 &
sender=$!
for _ in $(seq 60); do [ "$(emu 's["creates"]')" -ge 10 ] && break; sleep 0.1; done
kill -9 $sender; wait $sender 2>/dev/null
ok_eq "$(state_of DN01-01-2026-000008)" sending "killed while sending: the state says so"
run einvoice send --timeout 2
ok_out "0 accepted" "a claim still in flight is left alone"
sleep 3
OCOP_POS_NOW=2026-11-22T03:00:10Z run einvoice send --timeout 2
ok_rc 0 "once stale (10 s later here), the next run completes it"
ok_eq "$(state_of DN01-01-2026-000008)" accepted "sale 8 accepted"
ok_eq "$(emu 's["duplicates"]')" 0 "not created twice after a kill"

# tokens expiring after one request: a 401, a new login, and on
ctl '{"token_uses": 1}'
logins=$(emu 's["logins"]')
runin 1234 sale --user thungan --scan GAO-01 --pay cash
runin 1234 sale --user thungan --scan GAO-01 --pay cash
run einvoice send
ok_rc 0 "sent although the provider refused the token after one use"
ok_out "2 accepted" "both invoices accepted"
ok_eq "$(emu 's["logins"]')" "$((logins + 2))" "by logging in again when refused"
ctl '{"token_uses": null}'

# refused login: nothing sent, nothing lost
printf 'user=0100109106\npassword=wrong\n' > "$T/cred"
runin 1234 sale --user thungan --scan MO-001 --pay cash
run einvoice send
ok_rc 1 "a refused login"
ok_err "login refused" "says the login was refused"
ok_eq "$(state_of DN01-01-2026-000011)" queued "the invoice stays queued"
printf 'user=0100109106\npassword=s3cret-Viettel\n' > "$T/cred"

# no network: the provider is down
stop_emu
run einvoice send --force
ok_rc 1 "the provider is down"
ok_eq "$(state_of DN01-01-2026-000011)" queued "still queued"
run einvoice status
ok_out "Waiting: 1" "status counts what waits"
start_emu
runin 1111 einvoice setup --method deduction --series C26MAB --code A1B2C --provider viettel --endpoint "$URL/services/einvoiceapplication/api" --credentials "$T/cred" --user admin
run einvoice send --force
ok_rc 0 "sent once the provider is back"
ok_eq "$(state_of DN01-01-2026-000011)" accepted "sale 11 accepted"
# under the rules up to 2026-06-30 a void of an unsent invoice cancels it;
# a database of its own, since a till's clock never runs back (issue 12)
MAIN=$DB
DB=$T/june.db
export OCOP_POS_NOW=2026-06-15T02:00:00Z
run init --showroom DN02 --name "Điểm OCOP tháng 6" --province 48 --tax-code 0100109106 --address "12 Bạch Đằng, Đà Nẵng"
runin 1111 user add admin --role admin
runin $'1234\n1111' user add thungan --role cashier --by admin
runin $'2222\n1111' user add quanly --role manager --by admin
run producer add HTX-A --name "HTX Mật ong Mèo Vạc" --kind HTX --province 08
run product add MO-001 --name "Mật ong bạc hà Mèo Vạc" --producer HTX-A --group 1 --stars 4 --price 185000 --vat 5 --unit hũ --cert-issued 2025-01-15
runin 2222 stock receive MO-001 5 --cost 120000 --user quanly
runin 1234 shift open --user thungan --float 500000
ok_rc 0 "a June shift in its own database"
runin 1111 einvoice setup --method deduction --series C26MAB --code A1B2C --provider viettel --endpoint "$URL/services/einvoiceapplication/api" --credentials "$T/cred" --user admin
ok_rc 0 "e-invoices set up there too"
export OCOP_POS_NOW=2026-06-15T03:00:00Z
runin 1234 sale --user thungan --scan MO-001 --pay cash
ok_rc 0 "a sale in June 2026"
june=$(printf '%s\n' "$out" | sed -n 's/^Receipt //p' | head -1)
runin 2222 sale void --user quanly --reason "nhầm hàng"
ok_rc 0 "voided before sending"
run einvoice list --format csv
ok_match ",cancel,1,C26MAB,0,,2026-06-15," "the void is a cancel notice without number or code"
run einvoice send --force
ok_rc 0 "the sale and its cancel notice sent"
ok_out "2 accepted" "both"
ok_eq "$(emu 's["cancels"]')" "['$(sqlite3 "$DB" "SELECT e.provider_no FROM einvoice e JOIN sale s ON s.id = e.sale_id WHERE s.receipt_no = '$june'")']" "the provider got the cancel of the June invoice"
DB=$MAIN
export OCOP_POS_NOW=2026-11-22T03:00:00Z
run einvoice list --state queued --format csv
ok_eq "$(printf '%s\n' "$out" | wc -l)" 1 "nothing left in the queue"
run db check
ok_rc 0 "db check: every document has its invoice, no gaps"

# --- the exchange file carries each sale's invoice ---------------------------
run export --all --out "$T/x.json"
ok_rc 0 "export"
grep -q '"einvoice":{"form":1,"series":"C26MAB","number":1,"mtt_code":"M1-26-A1B2C-00000000001","kind":"original"}' "$T/x.json"
_tap $? "the exchange file has sale 1's series, number and MTT code"
grep -q '"einvoice":{"form":1,"series":"C26MAB","number":4,"mtt_code":"M1-26-A1B2C-00000000004","kind":"adjust"}' "$T/x.json"
_tap $? "and the return's adjustment invoice"
echo "1..$_n"
