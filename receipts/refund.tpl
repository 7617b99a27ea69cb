@# refund.tpl - phiếu trả hàng / hoàn tiền và hóa đơn hủy (kind = void),
@# khổ 58 và 80 mm.  Ngôn ngữ mẫu: docs/formats.md, "Receipt templates".
@center
@bold {showroom.name|upper}
@if showroom.address
{showroom.address}
@endif
@if showroom.tax_code
MST: {showroom.tax_code}
@endif
@left
@sep =
@if copy
@center @bold @double BẢN SAO
@center (in lại lúc {printed_at|datetime})
@endif
@if kind == void
@center @bold @tall HÓA ĐƠN HỦY
@else
@center @bold @tall PHIẾU TRẢ HÀNG
@endif
@row Số: {receipt_no} | Quầy {register}
Ngày: {at|datetime}
Thu ngân: {cashier}
Theo hóa đơn: {original_receipt_no}
@if reason
Lý do: {reason}
@endif
@if buyer.name
Khách hàng: {buyer.name}
@endif
@if einvoice
@sep
@if einvoice_kind == adjust
@center HÓA ĐƠN ĐIỆN TỬ ĐIỀU CHỈNH GIẢM
@else
@center HÓA ĐƠN ĐIỆN TỬ THAY THẾ
@endif
@row Ký hiệu: {einvoice_symbol} | Số: {einvoice_no}
@center Mã của CQT: {einvoice_code}
@center Tra cứu tại hoadondientu.gdt.gov.vn
@center @qr {einvoice_qr}
@endif
@sep
@bold @row Mặt hàng trả lại | Hoàn tiền
@sep
@each lines
{index}. {name} {stars|stars}
@cols 2,*,~> | | {qty|qty} {unit} x {unit_price|plain} | {gross|plain}
@if discount > 0
@cols 2,*,~> | | Giảm giá | -{discount|plain}
@endif
@end
@sep
@bold @tall @row TỔNG HOÀN TRẢ | {total|money}
@each vat
@if rate < 0
@row   Không chịu thuế GTGT | {amount|money}
@else
@row   Thuế GTGT {rate|vat} (đã gồm) | {vat|money}
@endif
@end
@sep
@each payments
@if method == cash
@row Trả tiền mặt | {amount|money}
@elif method == qr
@row Hoàn chuyển khoản | {amount|money}
@elif method == card
@row Hoàn về thẻ {reference} | {amount|money}
@else
@row Hoàn về ví {reference} | {amount|money}
@endif
@end
@if cash_rounding != 0
@row Làm tròn tiền mặt | {cash_rounding|money}
@bold @row KHÁCH NHẬN LẠI | {paid_rounded|money}
@endif
@feed 2
@cols 50%^,50%^ | Khách hàng | Thu ngân
@cols 50%^,50%^ | (ký, họ tên) | (ký, họ tên)
@feed 3
@center @barcode code128 {receipt_no}
@cut
