@# sale.tpl - hóa đơn bán hàng, in trên giấy 58 mm (32 cột) và 80 mm (48 cột).
@# Cửa hàng có thể sửa phần đầu, phần cuối, logo và các trường được in:
@# chép tệp này vào thư mục đặt trong receipt.dir rồi sửa (ngôn ngữ mẫu:
@# docs/formats.md, mục "Receipt templates").  Xem thử không cần máy in:
@#   ocop-pos receipt template sale --png thu.png
@# Dòng bắt đầu bằng @# là ghi chú, không được in.
@#
@# Ngăn kéo tiền do chương trình mở khi bán có tiền mặt (cài đặt
@# drawer.open_on_cash, drawer.pin), không do mẫu này.
@# Logo: đặt logo.png trong thư mục receipt.dir rồi bỏ "@# " ở dòng dưới.
@# @center @image logo.png
@center
@bold {showroom.name|upper}
@if showroom.address
{showroom.address}
@endif
@if showroom.tax_code
MST: {showroom.tax_code}
@endif
@if showroom.phone
ĐT: {showroom.phone}
@endif
@left
@sep =
@if copy
@center @bold @double BẢN SAO
@center (in lại lúc {printed_at|datetime})
@endif
@center @bold @tall HÓA ĐƠN BÁN HÀNG
@row Số: {receipt_no} | Quầy {register}
Ngày: {at|datetime}
Thu ngân: {cashier}
@if buyer.name
Khách hàng: {buyer.name}
@endif
@if buyer.tax_code
MST người mua: {buyer.tax_code}
@endif
@if buyer.address
Địa chỉ: {buyer.address}
@endif
@# Hóa đơn điện tử (einvoice setup): ký hiệu, số, mã MTT và mã QR tra cứu.
@if einvoice
@sep
@center HÓA ĐƠN ĐIỆN TỬ TỪ MÁY TÍNH TIỀN
@row Ký hiệu: {einvoice_symbol} | Số: {einvoice_no}
@center Mã của CQT: {einvoice_code}
@center Tra cứu tại hoadondientu.gdt.gov.vn
@center @qr {einvoice_qr}
@endif
@sep
@if paper.wide
@bold @row Mặt hàng (SL x Đơn giá) | Thành tiền
@else
@bold @row Mặt hàng | Thành tiền
@endif
@sep
@each lines
{index}. {name} {stars|stars}
@cols 2,*,~> | | {qty|qty} {unit} x {unit_price|plain} | {gross|plain}
@if discount > 0
@cols 2,*,~> | | Giảm giá | -{discount|plain}
@endif
@end
@sep
@row Tổng tiền hàng | {gross|money}
@if discount > 0
@row Giảm giá | -{discount|money}
@endif
@bold @tall @row TỔNG CỘNG | {total|money}
@each vat
@if rate < 0
@row   Không chịu thuế GTGT | {amount|money}
@else
@row   Thuế GTGT {rate|vat} (đã gồm) | {vat|money}
@endif
@end
@if cash_rounding != 0
@row Làm tròn | {cash_rounding|money}
@bold @row KHÁCH THANH TOÁN | {paid_rounded|money}
@endif
@sep
@each payments
@if method == cash
@row Tiền mặt khách đưa | {tendered|money}
@elif method == qr
@row Chuyển khoản VietQR | {amount|money}
@elif method == card
@row Thẻ {reference} | {amount|money}
@else
@row Ví điện tử {reference} | {amount|money}
@endif
@end
@if change > 0
@row Tiền thừa trả khách | {change|money}
@endif
@if due > 0
@bold @row CÒN PHẢI TRẢ | {due|money}
@endif
@if vietqr
@center Quét mã VietQR để chuyển khoản
@center @qr {vietqr}
@endif
@sep
@center Cảm ơn quý khách và hẹn gặp lại!
@center OCOP - Mỗi xã một sản phẩm
@center ★ = hạng sao OCOP của sản phẩm
@if lookup_url
@center Tra cứu hóa đơn:
@center @qr {lookup_url}
@else
@center Mã tra cứu hóa đơn:
@center {lookup_code}
@endif
@center @barcode code128 {receipt_no}
@cut
