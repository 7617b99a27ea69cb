@# shift_x.tpl - báo cáo X (giữa ca, không đóng ca), khổ 58 và 80 mm.
@center
@bold {showroom.name|upper}
@bold @tall BÁO CÁO X (GIỮA CA)
@left
@sep =
@row Quầy | {register}
@row Thu ngân | {cashier}
@row Mở ca | {opened_at|datetime}
@row In lúc | {printed_at|datetime}
@row Ngày kinh doanh | {business_date|date}
@sep
@row Bán hàng ({sales_count} HĐ) | {sales_total|money}
@if refunds_total > 0
@row Trả hàng ({refunds_count}) | -{refunds_total|money}
@else
@row Trả hàng (0) | 0 ₫
@endif
@if voids_total > 0
@row Hủy ({voids_count}) | -{voids_total|money}
@else
@row Hủy (0) | 0 ₫
@endif
@bold @row DOANH THU THUẦN | {net_total|money}
@if discounts > 0
@row Đã giảm giá | {discounts|money}
@endif
@sep
@bold Theo hình thức thanh toán
@each methods
@if method == cash
@row   Tiền mặt | {amount|money}
@elif method == qr
@row   Chuyển khoản VietQR | {amount|money}
@elif method == card
@row   Thẻ | {amount|money}
@else
@row   Ví điện tử | {amount|money}
@endif
@end
@sep
@bold Thuế GTGT theo thuế suất
@each vat
@if rate < 0
@row   Không chịu thuế | {vat|money}
@else
@row   {rate|vat} | {vat|money}
@endif
@end
@sep
@bold Tiền mặt trong két
@row   Tiền đầu ca | {opening_float|money}
@if cash_rounding != 0
@row   Làm tròn tiền mặt | {cash_rounding|money}
@endif
@row   Thu thêm | {cash_in|money}
@if cash_out > 0
@row   Chi ra | -{cash_out|money}
@else
@row   Chi ra | 0 ₫
@endif
@if !blind
@bold @row   Tiền mặt dự kiến | {expected_cash|money}
@endif
@if einvoice_waiting > 0
@row Hóa đơn điện tử chờ gửi | {einvoice_waiting}
@endif
@if einvoice_rejected > 0
@bold @row Hóa đơn điện tử bị từ chối | {einvoice_rejected}
@endif
@sep =
@center Báo cáo X không đóng ca.
@cut
