/*
 * customer_table.h - the customer list as a table (people's table, CSV,
 * JSON), the same columns for `ocop-pos customer list|export` and the
 * manager's customer screen's export.
 */
#ifndef OCOP_APP_CUSTOMER_TABLE_H
#define OCOP_APP_CUSTOMER_TABLE_H

#include <stddef.h>
#include <stdio.h>

#include "app/table.h"
#include "core/customer.h"

/* Print the n customers in fmt to out (masked rows print as they are). */
void app_customer_table(const struct customer *c, size_t n, enum app_format fmt, FILE *out);

#endif
