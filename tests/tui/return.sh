#!/usr/bin/env bash
# A return against a receipt: sold from the command line, returned at the
# till (receipt number typed, a line taken back), refund in cash; the
# refund is a new document and the goods are back in stock.
. "$(dirname "$0")/lib.sh"

echo 1234 | pos shift open --user thungan --float 0 > /dev/null 2>&1
echo 1234 | pos sale --user thungan --scan "8937903100259*2" --scan 2000000936048 --pay cash > "$T/sale.out" 2>&1
no=$(grep -oE '[A-Z0-9]+-[0-9]{2}-[0-9]{4}-[0-9]{6}' "$T/sale.out" | head -n 1)
[ -n "$no" ] && ok "a sale to return ($no)" || { notok "a sale to return"; cat "$T/sale.out"; }
before=$(pos stock list --format csv | grep '^DL-0002,' | cut -d, -f4)

tui_start 80 24
login thungan 1234
key F7
ok_screen "TRẢ HÀNG - số hóa đơn:" "F7 opens the return screen"
typ "$no"; key Enter
ok_screen "Ba kích tím Quảng Ninh khô 500 g" "the receipt's lines are shown"
ok_screen "Bánh đa Kế" "all of them"
key Enter
ok_screen "Hoàn tiền: 680.000 ₫" "Enter takes the whole first line back"
key c
ok_screen "Hoàn bằng: tiền mặt" "c refunds in cash"
key F10
ok_screen "Hoàn 680.000 ₫ cho hóa đơn" "F10 asks once, with the exact amount (14.6: no 'khoảng')"
no_screen "khoảng" "14.6: the amount is not 'about'"
: > "$PRN"
key Enter
ok_screen "Đã trả hàng:" "the refund is done"
ok_screen "Trả lại cho khách: 680.000 ₫ (bằng tiền mặt)" "the amount to give back, and how (14.6: cash)"
if od -An -tx1 -v "$PRN" | tr -d '\n' | grep -q "1b 70"; then ok "14.6: the cash refund's slip kicks the drawer"; else notok "14.6: the cash refund's slip kicks the drawer"; fi
pos audit --action drawer > "$T/audit.out" 2>&1
if grep -q "without a sale" "$T/audit.out"; then notok "14.6: no 'drawer opened without a sale' row for a refund"; sed 's/^/#   > /' "$T/audit.out"; else ok "14.6: no 'drawer opened without a sale' row for a refund"; fi
rno=$(receipt_on_screen R)
case $rno in *-R*) ok "the refund has its own number ($rno)" ;; *) notok "the refund has its own number ($rno)" ;; esac
ok_cmd '"kind": "refund"' "the refund is in the database" sale show "$rno" --format json
ok_cmd '"total": 680000' "refunding 680.000" sale show "$rno" --format json
ok_cmd '"refunded": 680000' "the original sale knows it" sale show "$no" --format json
after=$(pos stock list --format csv | grep '^DL-0002,' | cut -d, -f4)
[ "$after" = "$((before + 2))" ] && ok "the goods are back in stock ($before -> $after)" || notok "the goods are back in stock ($before -> $after)"
key Enter
key F7; typ "$no"; key Enter
key Enter
ok_screen "dòng này đã được trả hết" "a line returned already cannot come back again"
