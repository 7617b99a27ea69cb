/*
 * fixture.h - the shop most unit tests sell in: showroom DN01 in Đà Nẵng,
 * its staff (admin 1111, a cashier 1234, quanly 2222, tinh 3333), a
 * cooperative from Hà Giang, products with OCOP certificates and lots of
 * stock.  Each helper fails the test on an error, so a test's setup reads
 * as the list of what the shop holds.
 *
 * Header-only (static inline, like testutil.h): every tests/unit/test_*.c
 * is built alone from its own source by the Makefile's pattern rule, so a
 * shared .c would need a rule of its own.
 */
#ifndef OCOP_TEST_FIXTURE_H
#define OCOP_TEST_FIXTURE_H

#include "testutil.h"
#include "core/catalog.h"
#include "core/producer.h"
#include "core/showroom.h"
#include "core/stock.h"
#include "core/user.h"

/* Showroom DN01 (province 48) named name; address and tax_code may be NULL. */
static inline void fx_showroom(struct db *db, const char *name, const char *address,
			       const char *tax_code)
{
	struct showroom s;
	struct pos_error err;

	showroom_init_struct(&s);
	snprintf(s.code, sizeof(s.code), "DN01");
	snprintf(s.name, sizeof(s.name), "%s", name);
	snprintf(s.province, sizeof(s.province), "48");
	snprintf(s.address, sizeof(s.address), "%s", address ? address : "");
	snprintf(s.tax_code, sizeof(s.tax_code), "%s", tax_code ? tax_code : "");
	if (showroom_create(db, &s, &err))
		fail_msg("showroom_create: %s", err.msg);
}

/*
 * The staff: admin (1111), the cashier cashier_name / cashier_full (1234),
 * quanly the manager (2222) and, when auditor is not NULL, tinh (3333).
 */
static inline void fx_staff(struct db *db, const char *cashier_name, const char *cashier_full,
			    struct user *admin, struct user *cashier, struct user *manager,
			    struct user *auditor)
{
	struct pos_error err;

	assert_int_equal(user_add(db, NULL, "admin", "", ROLE_ADMIN, "1111", admin, &err), 0);
	assert_int_equal(user_add(db, admin, cashier_name, cashier_full, ROLE_CASHIER, "1234",
				  cashier, &err), 0);
	assert_int_equal(user_add(db, admin, "quanly", "", ROLE_MANAGER, "2222", manager, &err),
			 0);
	if (auditor)
		assert_int_equal(user_add(db, admin, "tinh", "", ROLE_AUDITOR, "3333", auditor,
					  &err), 0);
}

/* A producer from province 08; name NULL: "Hợp tác xã <code>".  Its id. */
static inline long long fx_producer(struct db *db, const char *code, const char *name,
				    enum producer_kind kind)
{
	struct producer p;
	struct pos_error err;
	int changed;

	producer_init(&p);
	snprintf(p.code, sizeof(p.code), "%s", code);
	if (name)
		snprintf(p.name, sizeof(p.name), "%s", name);
	else
		snprintf(p.name, sizeof(p.name), "Hợp tác xã %s", code);
	snprintf(p.province, sizeof(p.province), "08");
	p.kind = kind;
	if (producer_save(db, &p, &changed, &err))
		fail_msg("producer_save: %s", err.msg);
	return p.id;
}

/* A product of producer HTX-A (origin 08, certificate 12/QĐ-UBND). */
struct fx_product {
	const char *sku, *name, *unit;
	int64_t price;
	int vat;                    /* a rate, or VAT_KCT */
	const char *barcode;        /* NULL: none */
	int group;                  /* 0: group 1; 6 makes it a service */
	int stars;                  /* 0: 4 stars */
	const char *cert_issued;    /* NULL: 2025-01-15 */
};

/* Save product x; its id. */
static inline long long fx_product(struct db *db, const struct fx_product *x)
{
	struct product p;
	struct pos_error err;
	int changed;

	product_init(&p);
	snprintf(p.sku, sizeof(p.sku), "%s", x->sku);
	snprintf(p.name, sizeof(p.name), "%s", x->name);
	snprintf(p.unit, sizeof(p.unit), "%s", x->unit);
	snprintf(p.producer, sizeof(p.producer), "HTX-A");
	snprintf(p.origin_province, sizeof(p.origin_province), "08");
	p.ocop_group = x->group ? x->group : 1;
	p.stars = x->stars ? x->stars : 4;
	p.price = x->price;
	p.vat_rate = x->vat;
	p.is_service = x->group == 6;
	snprintf(p.cert_number, sizeof(p.cert_number), "12/QĐ-UBND");
	snprintf(p.cert_issued, sizeof(p.cert_issued), "%s",
		 x->cert_issued ? x->cert_issued : "2025-01-15");
	if (x->barcode) {
		snprintf(p.barcodes[0], PRODUCT_BARCODE_LEN, "%s", x->barcode);
		p.nbarcodes = 1;
	}
	if (product_validate(&p, &err) || catalog_save(db, &p, "test", &changed, &err))
		fail_msg("product %s: %s", x->sku, err.msg);
	return p.id;
}

/*
 * Receive qty_milli of product into lot `lot` (NULL: none) expiring on
 * expiry (NULL: by shelf life) on date (a goods-received note; actor and
 * date may be NULL), owned by the shop (owner 0) or consigned by producer
 * owner at commission_bp.  The lot's id.
 */
static inline long long fx_receive(struct db *db, const struct user *actor, const char *date,
				   long long product, int64_t qty_milli, int64_t cost,
				   const char *lot, const char *expiry, long long owner,
				   int commission_bp)
{
	struct stock_receipt_line l;
	struct pos_error err;
	char grn[STOCK_DOC_MAX];

	memset(&l, 0, sizeof(l));
	l.product_id = product;
	l.qty_milli = qty_milli;
	l.unit_cost = cost;
	snprintf(l.lot_no, sizeof(l.lot_no), "%s", lot ? lot : "");
	snprintf(l.expiry, sizeof(l.expiry), "%s", expiry ? expiry : "");
	l.owner_producer_id = owner;
	l.commission_bp = commission_bp;
	if (stock_receive(db, actor, date, &l, 1, grn, &err))
		fail_msg("stock_receive: %s", err.msg);
	assert_true(l.lot_id > 0);
	return l.lot_id;
}

#endif
