/*
 * customer_table.c - the customer list as a table (see customer_table.h).
 */
#include "app/customer_table.h"

#include "core/i18n.h"

void app_customer_table(const struct customer *c, size_t n, enum app_format fmt, FILE *out)
{
	struct app_table *t = app_table_new(9);
	size_t i;

	app_table_col(t, 0, "code", tr("Code"), COL_TEXT);
	app_table_col(t, 1, "phone", tr("Phone"), COL_TEXT);
	app_table_col(t, 2, "name", tr("Name"), COL_TEXT);
	app_table_col(t, 3, "tax_code", tr("Tax code"), COL_TEXT);
	app_table_col(t, 4, "email", tr("E-mail"), COL_TEXT);
	app_table_col(t, 5, "purchases", tr("Purchases"), COL_INT);
	app_table_col(t, 6, "spent", tr("Spent"), COL_MONEY);
	app_table_col(t, 7, "last_purchase", tr("Last purchase"), COL_TEXT);
	app_table_col(t, 8, "points", tr("Points"), COL_INT);
	for (i = 0; i < n; i++) {
		app_table_add_text(t, c[i].code);
		app_table_add_text(t, c[i].phone);
		app_table_add_text(t, c[i].name);
		app_table_add_text(t, c[i].tax_code);
		app_table_add_text(t, c[i].email);
		app_table_add_int(t, c[i].purchases);
		app_table_add_money(t, c[i].spent);
		app_table_add_text(t, c[i].last_purchase);
		app_table_add_int(t, c[i].points);
	}
	app_table_print(t, fmt, out);
}
