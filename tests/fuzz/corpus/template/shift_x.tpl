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
@row Trả hàng ({refunds_count}) | -{refunds_total|money}
@row Hủy ({voids_count}) | -{voids_total|money}
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
@row   Thu thêm | {cash_in|money}
@row   Chi ra | -{cash_out|money}
@bold @row   Tiền mặt dự kiến | {expected_cash|money}
@sep =
@center Báo cáo X không đóng ca.
@cut
