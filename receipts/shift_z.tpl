@# shift_z.tpl - báo cáo Z (đóng ca), khổ 58 và 80 mm.
@center
@bold {showroom.name|upper}
@if showroom.tax_code
MST: {showroom.tax_code}
@endif
@bold @tall BÁO CÁO Z (ĐÓNG CA)
@left
@if copy
@center @bold BẢN SAO
@endif
@sep =
@row Số báo cáo | {z_no}
@row Quầy | {register}
@row Thu ngân | {cashier}
@row Mở ca | {opened_at|datetime}
@row Đóng ca | {closed_at|datetime}
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
@bold Tiền mặt
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
@if blind
@row   Đếm thực tế | {counted_cash|money}
@else
@row   Dự kiến trong két | {expected_cash|money}
@row   Đếm thực tế | {counted_cash|money}
@if over_short > 0
@bold @row   THỪA | {over_short|money}
@elif over_short < 0
@bold @row   THIẾU | {over_short|money}
@else
@row   Chênh lệch | 0 ₫
@endif
@endif
@if einvoice_waiting > 0
@row Hóa đơn điện tử chờ gửi | {einvoice_waiting}
@endif
@if einvoice_rejected > 0
@bold @row Hóa đơn điện tử bị từ chối | {einvoice_rejected}
@endif
@if journal_seq
@sep
@row Tổng lũy kế từ đầu | {grand_total|money}
@row Nhật ký điện tử, bản ghi | {journal_seq}
@center {journal_hash1}
@center {journal_hash2}
@endif
@sep =
@feed 2
@cols 50%^,50%^ | Thu ngân | Quản lý
@feed 3
@cut
