@center @bold @double x
@normal
@right
@text   y
@@z
@sep =
@feed 3
@cut full
@drawer 5
@qr size=4 {name}
@barcode ean13 8931234500016
@barcode auto {sku}
@image logo.png
