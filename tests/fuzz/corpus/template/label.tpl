@# label.tpl - nhãn kệ / nhãn sản phẩm in trên máy in hóa đơn.
@center
@bold {name}
@if stars > 0
OCOP {stars|stars}
@endif
@double {price|money}
@if unit
Giá cho 1 {unit}
@endif
@if barcode
@barcode {barcode}
@else
@barcode code128 {sku}
@endif
@left
@if origin
@row Xuất xứ | {origin}
@endif
@if producer
@text Chủ thể: {producer}
@endif
@if cert_number
@text Chứng nhận: {cert_number}
@endif
@if cert_expires
@row Hiệu lực đến | {cert_expires|date}
@endif
@cut
