#!/usr/bin/env bash
# receipts from the command line: a sale printed to the default file beside
# the database, to a file, to a TCP listener on localhost (the bytes must
# arrive), a PNG preview, reprint copies, refunds, Z reports and goods-
# received notes by number, print failures that keep the sale, the shop's
# own templates (checked with file:line errors, never stopping a print),
# shelf labels, and the audited drawer.
. "$(dirname "$0")/lib.sh"
export OCOP_POS_NOW=2026-11-22T03:00:00Z
unset OCOP_POS_PRINTER OCOP_POS_DATADIR

run init --showroom DN01 --name "Điểm OCOP Đà Nẵng" --province 48
runin 1111 user add admin --role admin
printf '1234\n1111\n' | "$OCOP_POS" --lang en --db "$DB" user add lan --role cashier \
	--full-name "Nguyễn Thị Lan" --by admin > /dev/null
printf '2222\n1111\n' | "$OCOP_POS" --lang en --db "$DB" user add ql --role manager \
	--by admin > /dev/null
runin 1111 producer add HTX-MV --name "HTX Mật ong Mèo Vạc" --kind cooperative --province 08 --user admin
runin 1111 product add MO-001 --user admin --name "Mật ong bạc hà Mèo Vạc" --producer HTX-MV --group 1 --stars 4 \
	--price 185000 --vat 5 --barcode 8931234500016 --unit hũ --cert-number "123/QĐ-UBND" \
	--cert-issued 2025-01-15
runin 1111 product add TRA-01 --user admin --name "Trà shan tuyết cổ thụ Hà Giang hộp quà 100g" --producer HTX-MV \
	--group 1 --stars 5 --price 240000 --vat 8 --unit hộp --cert-number "9/QĐ-UBND" \
	--cert-issued 2025-03-01
runin 2222 stock receive MO-001 20 --cost 120000 --lot L1 --user ql
ok_rc 0 "stock received"
grn=$(printf '%s\n' "$out" | sed -n 's/^Goods receipt: //p')
runin 2222 stock receive TRA-01 10 --cost 150000 --consign HTX-MV --commission 15 --user ql
ok_rc 0 "consigned stock received"
runin 1234 shift open --user lan --float 500000
ok_rc 0 "shift open"

# A sale printed with no printer configured: bytes go to receipts.prn beside the database.
runin 1234 sale --user lan --scan 8931234500016*2 --scan TRA-01 --pay qr:200000 --pay cash:500000 --print
ok_rc 0 "sale --print without a printer"
ok_out "Printed receipt DN01-01-2026-000001 on file:$T/receipts.prn" "printed to the file beside the database"
no=DN01-01-2026-000001
[ -s "$T/receipts.prn" ]; _tap $? "receipts.prn holds the receipt"
head -c 2 "$T/receipts.prn" | od -An -tx1 | grep -q '1b 40'; _tap $? "it starts with ESC @"

runin 1111 receipt show $no --width 58 --user admin
ok_rc 0 "receipt show"
ok_out "HÓA ĐƠN BÁN HÀNG" "title"
ok_out "Số: $no" "receipt number"
ok_out "1. Mật ong bạc hà Mèo Vạc ★★★★" "item with its OCOP stars"
ok_out "   2 hũ x 185.000        370.000" "quantity x unit price, amount (58 mm)"
ok_out "Thuế GTGT 5% (đã gồm)" "VAT per rate"
ok_out "TỔNG CỘNG              610.000 ₫" "total"
ok_out "Tiền thừa trả khách     90.000 ₫" "change"
ok_out "Thu ngân: Nguyễn Thị Lan" "cashier"
ok_out "[the cash drawer opens]" "a cash sale opens the drawer"
runin 1111 receipt show $no --copy --user admin
ok_out "BẢN SAO" "a reprint says BẢN SAO"
no_out "[the cash drawer opens]" "a reprint does not open the drawer"
ok_out "   2 hũ x 185.000                        370.000" "80 mm by default"

# Preview: a PNG of the raster print.
runin 1111 receipt preview $no --width 58 --png "$T/r58.png" --user admin
ok_rc 0 "receipt preview"
[ "$(head -c 8 "$T/r58.png" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ]; _tap $? "a PNG file"
[ "$(od -An -tu1 -j16 -N4 "$T/r58.png" | awk '{print $3 * 256 + $4}')" = 400 ]; _tap $? "384 dots wide on 58 mm, with the paper's 8 white dots each side"
(cd "$T" && printf '1111\n' | "$OCOP_POS" --lang en --db "$DB" receipt preview $no --user admin > /dev/null)
[ -s "$T/$no.png" ]; _tap $? "preview defaults to NUMBER.png"

# Print to a file, then to a TCP printer on localhost: the same bytes arrive.
runin 1111 receipt print $no --copy --printer "file:$T/copy.bin" --user admin
ok_rc 0 "reprint to a file"
ok_out "Printed receipt $no on file:$T/copy.bin (profile generic-80" "says where"
python3 - "$T/tcp.bin" > "$T/port" <<'EOF' &
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(1)
print(s.getsockname()[1], flush=True)
s.settimeout(20)
c, _ = s.accept()
c.settimeout(10)
with open(sys.argv[1], "wb") as f:
    while True:
        d = c.recv(65536)
        if not d:
            break
        f.write(d)
EOF
lpid=$!
for _ in $(seq 50); do [ -s "$T/port" ] && break; sleep 0.1; done
port=$(cat "$T/port")
runin 1111 receipt print $no --copy --printer "tcp:127.0.0.1:$port" --user admin
ok_rc 0 "print to a TCP printer"
ok_out "on tcp:127.0.0.1:$port" "says which printer"
wait $lpid
python3 -c 'import sys; a = open(sys.argv[1], "rb").read(); b = open(sys.argv[2], "rb").read(); sys.exit(0 if len(a) > 1000 and a in b else 1)' \
	"$T/copy.bin" "$T/tcp.bin"
_tap $? "the listener received the whole receipt"

# Failures keep the sale and say how to print again.
runin 1111 receipt print $no --printer tcp:127.0.0.1:9 --user admin
ok_rc 1 "printer refusing the connection"
ok_err "refused a connection" "says what is wrong"
ok_err "$no is saved: print it again with \`ocop-pos receipt print $no\`" "says the sale is saved"
runin 1111 receipt print $no --printer usb:1234:5678 --user admin
ok_rc 1 "printer not plugged in"
ok_err "no USB device 1234:5678 found" "says the printer is not found"
runin 1111 sale show $no --user admin
ok_rc 0 "the sale is still there"
runin 1111 receipt print DN01-01-2026-999999 --user admin
ok_rc 1 "unknown number"
ok_err "no receipt, Z report, goods-received note, consignment statement or transfer numbered \"DN01-01-2026-999999\"" "names the number"

# Refunds, goods-received notes and Z reports print by number.
runin 1234 return $no --scan MO-001 --user lan --refund cash
ok_rc 0 "return"
runin 1111 receipt show DN01-01-2026-R000001 --user admin
ok_out "PHIẾU TRẢ HÀNG" "refund receipt"
ok_out "Theo hóa đơn: $no" "names the original"
runin 1111 receipt show "$grn" --user admin
ok_out "PHIẾU NHẬP KHO" "goods-received note"
ok_out "Lô L1" "with its lot"
runin 2222 report consignment --producer HTX-MV --from 2026-11-01 --to 2026-11-30 --statement --user ql
ok_rc 0 "consignment statement recorded"
runin 1111 receipt show CS-1 --width 58 --user admin
ok_out "BẢNG KÊ HÀNG KÝ GỬI" "consignment statement by its number"
ok_out "Chủ hàng: HTX Mật ong Mèo Vạc" "names the producer"
ok_out "PHẢI TRẢ CHỦ HÀNG" "what the shop owes"
runin 1234 shift close --user lan --counted 700000
ok_rc 0 "shift close"
runin 1111 receipt print DN01-01-Z2026-000001 --printer "file:$T/z.bin" --user admin
ok_rc 0 "Z report printed by number"
runin 1111 receipt show DN01-01-Z2026-000001 --user admin
ok_out "BÁO CÁO Z (ĐÓNG CA)" "Z report"
ok_out "THIẾU" "shows the shortfall"

# The shop's own templates: checked strictly, never stopping a print.
mkdir -p "$T/data/receipts"
printf '@center @bold {showroom.name}\nCảm ơn!\n@cut\n' > "$T/data/receipts/sale.tpl"
OCOP_POS_DATADIR=$T/data runin 1111 receipt show $no --user admin
ok_out "Cảm ơn!" "the shop's template is used"
no_out "HÓA ĐƠN BÁN HÀNG" "instead of the built-in one"
printf 'Cửa hàng\n@bol {showroom.name}\n' > "$T/data/receipts/sale.tpl"
OCOP_POS_DATADIR=$T/data run receipt template sale
ok_rc 1 "a broken template is refused by the check"
ok_err "$T/data/receipts/sale.tpl:2: unknown directive @bol" "with the file, the line and the reason"
OCOP_POS_DATADIR=$T/data runin 1111 receipt print $no --printer "file:$T/fallback.bin" --user admin
ok_rc 0 "a broken shop template still prints"
ok_err "printed with the built-in template instead" "with a warning"
printf '{nmae}\n' > "$T/bad.tpl"
run receipt template sale --file "$T/bad.tpl"
ok_err "bad.tpl:1: unknown field {nmae}" "unknown fields are named"
run receipt template grn --width 58
ok_rc 0 "built-in template check"
ok_out "Template receipts/grn.tpl is valid" "says it is valid"
run receipt template sale --png "$T/t.png"
ok_rc 0 "template preview"
[ -s "$T/t.png" ]; _tap $? "template preview written"
run receipt frobnicate 1
ok_rc 2 "unknown receipt command"

# Shelf labels.
run label 8931234500016 --png "$T/label.png"
ok_rc 0 "label preview"
[ -s "$T/label.png" ]; _tap $? "label PNG written"
run label MO-001 --count 3 --printer "file:$T/labels.bin"
ok_out "Printed 3 x label MO-001" "three labels"
run label NOPE
ok_rc 1 "unknown product"
run label MO-001 --count 0
ok_rc 2 "bad count"

# The drawer without a sale: a person, and the audit log.
run printer drawer --printer null
ok_rc 2 "drawer needs --user"
runin 1234 printer drawer --user lan --printer "file:$T/drawer.bin" --reason "đổi tiền lẻ"
ok_rc 0 "drawer opened"
[ "$(od -An -tx1 "$T/drawer.bin" | tr -d ' \n')" = 1b401b700019fa ]; _tap $? "ESC @, ESC p 0"
runin 1111 audit --user admin
ok_out "opened without a sale (pin 2, file:$T/drawer.bin): đổi tiền lẻ" "audited with who and why"
runin 0000 printer drawer --user lan --printer null
ok_rc 1 "a wrong PIN opens nothing"

# printer test/status find the printer as printing does: --printer, else
# $OCOP_POS_PRINTER, else the setting printer.device, else receipts.prn
# beside the database.
run printer test
ok_rc 0 "test page with nothing configured"
ok_out "on file:$T/receipts.prn" "goes to receipts.prn beside the database"
[ -s "$T/receipts.prn" ]; _tap $? "test page written there"
run printer status
ok_rc 0 "status of a file printer"
ok_out "not a printer (a file)" "nothing asked of a file"
# (settings are chained in the fiscal journal, whose triggers need
# ocop-pos's pos_sha256(): the plain shell must drop them first)
sqlite3 "$DB" "DROP TRIGGER journal_setting_ai; INSERT OR REPLACE INTO setting (key, value) VALUES ('printer.device', 'file:$T/set.prn')"
run printer test
ok_out "on file:$T/set.prn" "the setting printer.device"
[ -s "$T/set.prn" ]; _tap $? "test page written to the configured printer"
OCOP_POS_PRINTER="file:$T/env.prn" run printer test
ok_out "on file:$T/env.prn" "\$OCOP_POS_PRINTER before the setting"
OCOP_POS_PRINTER="file:$T/env.prn" run printer test --printer "file:$T/opt.prn"
ok_out "on file:$T/opt.prn" "--printer before everything"
run printer status --printer "tcp:bad host"
ok_rc 1 "a bad printer spec is refused"
n=$(wc -c < "$T/set.prn")
run printer test --png "$T/selftest.png"
ok_rc 0 "--png alone previews"
[ -s "$T/selftest.png" ] && [ "$(wc -c < "$T/set.prn")" = "$n" ]; _tap $? "preview only: nothing printed"
