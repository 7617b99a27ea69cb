/*
 * cartfile.h - a cart as JSON, the text kept in the `cart` table's data
 * column so an open or held cart survives a crash or a restart.
 *
 * The format (version 1) holds what the cashier did, not what follows
 * from it: lines (product, snapshot of name/unit/stars/VAT, quantity,
 * prices, line discount, approval), the whole-sale discount, the buyer and
 * the payments.  Totals are recomputed with cart_totals() after loading.
 *
 *   {"format":"ocop-pos/cart","version":1,"uuid":"...","register":"01",
 *    "user_id":3,"label":"","sale_disc_percent":0,"sale_disc_amount":0,
 *    "approved_by":0,"buyer":{"name":"","tax_code":"","address":"",
 *    "contact":""},"lines":[{"product_id":7,"sku":"MO-001","name":"...",
 *    "unit":"hũ","stars":4,"vat_rate":5,"is_service":0,"cert_lapsed":0,
 *    "qty_milli":2000,"list_price":185000,"unit_price":185000,
 *    "fixed_amount":-1,"disc_percent":0,"disc_amount":0,"approved_by":0,
 *    "price_overridden":0}],"payments":[{"method":"cash","amount":370000,
 *    "tendered":500000,"reference":""}]}
 *
 * The parser trusts nothing: every field is checked for type and range,
 * and a malformed text is refused whole (POS_ERR_INVALID naming the
 * field), never half-loaded.
 */
#ifndef OCOP_CARTFILE_H
#define OCOP_CARTFILE_H

#include <stddef.h>

#include "lib/err.h"

struct cart;

/* Most lines a cart file may hold (a till never comes near it). */
#define CARTFILE_MAX_LINES 2000

/*
 * The cart as JSON text: *out is malloc'd (free()), NUL-terminated.
 * POS_ERR_NO_MEM on allocation failure.
 */
int cartfile_write(const struct cart *c, char **out, struct pos_error *err);

/*
 * Parse text (n bytes, need not be NUL-terminated) into *c, which is
 * overwritten whole on success (its line array is malloc'd: release with
 * cart_release()) and untouched on failure.  Totals are recomputed.
 */
int cartfile_read(const char *text, size_t n, struct cart *c, struct pos_error *err);

#endif
