/*
 * customer_ui.h - customers in the terminal POS (core/customer.h): the
 * till's dialog (find or add a customer by phone, attach them to the
 * sale, redeem points) and the manager's customer list.
 */
#ifndef OCOP_UI_CUSTOMER_UI_H
#define OCOP_UI_CUSTOMER_UI_H

#include "ui/tui.h"

/*
 * At the till (PERM_CUSTOMER): ask for the customer's phone; a known
 * customer is attached to the cart at once (the e-invoice buyer fields),
 * with their purchases and points on the message line and, when loyalty
 * is on and they have points, an offer to redeem some; an unknown phone
 * opens the form to add them.  dialog_customer.c.
 */
void dialog_customer_open(struct tui *t);

/*
 * The customer list (PERM_CUSTOMER_DATA: names and phones; PERM_REPORTS
 * alone: masked): search, a customer's purchases, add, CSV export with or
 * without personal data.  screen_customers.c.
 */
void screen_customers_open(struct tui *t);

#endif
