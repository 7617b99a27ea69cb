{name|upper|default:-}{price|plain}{stars|stars}{vat_rate|vat}{cert_expires|date}{printed_at|datetime}{printed_at|time}
