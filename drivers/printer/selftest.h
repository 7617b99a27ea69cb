/*
 * selftest.h - the printer self-test page (`ocop-pos printer test`): the
 * profile, a Vietnamese sample in every mode the printer might support,
 * each labelled so a shop can pick the one that prints right, a barcode,
 * a QR code and the printer's own TCVN-3 tables next to ours.
 */
#ifndef OCOP_PRINTER_SELFTEST_H
#define OCOP_PRINTER_SELFTEST_H

#include "lib/err.h"
#include "lib/doc.h"
#include "profile.h"

/* The Vietnamese sample lines printed in each mode. */
#define SELFTEST_SAMPLE "Nước mắm Phú Quốc, chè Thái Nguyên, mật ong Đắk Lắk."
#define SELFTEST_LETTERS "ĂÂĐÊÔƠƯ ăâđêôơư Ấ Ầ Ẩ Ẫ Ậ ỳ ỷ ỹ ý ỵ"

/*
 * Append the test page for profile p to d (initialised by the caller);
 * device names the printer spec shown on the page (may be NULL).
 * 0 or POS_ERR_NO_MEM.
 */
int selftest_build(const struct printer_profile *p, const char *device, struct doc *d,
		   struct pos_error *err);

#endif
