@# transfer.tpl - phiếu chuyển kho đi kèm hàng chuyển sang điểm bán khác, khổ 58 và 80 mm.
@center
@bold {showroom.name|upper}
@bold @tall PHIẾU CHUYỂN KHO
(hàng đi đường, kèm tệp chuyển kho)
@left
@if copy
@center @bold BẢN SAO
@endif
@sep =
@row Số phiếu | {transfer_no}
@row Ngày chuyển | {created|datetime}
@row Từ điểm bán | {from}
@row Đến điểm bán | {to}
@row Người lập | {sent_by|default:-}
@if note
Ghi chú: {note}
@endif
@sep
@bold @row Mặt hàng / Lô / HSD | Số lượng
@sep
@each lines
{index}. {name}
@cols 2,*,~> | | Lô {lot_no} | HSD {expiry|date|default:-}
@if owner
@cols 2,* | | Hàng ký gửi của {owner}
@else
@cols 2,* | | Hàng của cửa hàng
@endif
@cols 2,*,~> | | Mã {sku} | {qty|qty} {unit}
@end
@sep
@row Số dòng | {lines}
@if consigned > 0
@row Trong đó hàng ký gửi | {consigned}
@endif
Mã chuyển kho: {uuid}
@feed 2
@cols 50%^,50%^ | Người giao | Người nhận
@cols 50%^,50%^ | (ký, họ tên) | (ký, họ tên)
@feed 3
@center @qr {uuid}
@cut
