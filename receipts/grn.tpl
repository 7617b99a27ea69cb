@# grn.tpl - phiếu nhập kho (goods-received note), khổ 58 và 80 mm.
@center
@bold {showroom.name|upper}
@bold @tall PHIẾU NHẬP KHO
@left
@if copy
@center @bold BẢN SAO
@endif
@sep =
@row Số phiếu | {grn_no}
@row Ngày nhập | {received_on|date}
@row Lập lúc | {at|datetime}
@row Người nhập | {received_by}
@if supplier
Nhà cung cấp: {supplier}
@endif
@if consigned
@bold Hàng ký gửi (chưa thanh toán cho chủ hàng)
@endif
@sep
@bold @row Mặt hàng / Lô / HSD | Thành tiền
@sep
@each lines
{index}. {name}
@cols 2,*,~> | | Lô {lot_no} | HSD {expiry|date|default:-}
@if owner
@cols 2,*,~> | | Ký gửi: {owner} | HH {commission|pct}
@endif
@cols 2,*,~> | | {qty|qty} {unit} x {unit_cost|plain} | {amount|plain}
@end
@sep
@row Số dòng | {lines}
@bold @tall @row TỔNG GIÁ VỐN | {total_cost|money}
@feed 2
@cols 50%^,50%^ | Người giao | Người nhận
@feed 3
@center @barcode code128 {grn_no}
@cut
