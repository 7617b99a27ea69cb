@# consignment.tpl - bảng kê đối soát hàng ký gửi: hàng đã bán trong kỳ,
@# hoa hồng của cửa hàng và số tiền phải trả cho chủ hàng; khổ 58 và 80 mm.
@center
@bold {showroom.name|upper}
@bold @tall BẢNG KÊ HÀNG KÝ GỬI
@left
@if copy
@center @bold BẢN SAO
@endif
@sep =
@row Số bảng kê | CS-{statement_id}
@row Từ ngày | {from|date}
@row Đến ngày | {to|date}
Chủ hàng: {producer.name}
@row Mã chủ hàng | {producer.code}
@if producer.tax_code
@row MST | {producer.tax_code}
@endif
@sep
@bold @row Mặt hàng / Lô | Tiền bán
@sep
@each lines
{index}. {name}
@cols 2,*,~> | | Lô {lot_no} | HH {commission_rate|pct}
@cols 2,*,~> | | Đã bán {sold|qty} {unit} | {gross|plain}
@if refunded > 0
@cols 2,* | | Khách trả lại {refunded|qty} {unit} (đã trừ)
@endif
@if returned > 0
@cols 2,* | | Trả về chủ hàng {returned|qty} {unit}
@endif
@cols 2,*,~> | | Hoa hồng | -{commission|plain}
@cols 2,*,~> | | Còn tồn cuối kỳ | {unsold|qty} {unit}
@end
@sep
@row Tiền bán hàng ký gửi | {gross|money}
@row Hoa hồng cửa hàng | -{commission|money}
@bold @tall @row PHẢI TRẢ CHỦ HÀNG | {payable|money}
@if paid
@row Đã thanh toán | {paid_at|date}
@row Chứng từ | {paid_reference}
@endif
@sep =
@row Lập lúc | {created_at|datetime}
@feed 2
@cols 50%^,50%^ | Chủ hàng | Cửa hàng
@cols 50%^,50%^ | (ký, họ tên) | (ký, họ tên)
@feed 3
@cut
