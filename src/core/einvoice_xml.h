/*
 * einvoice_xml.h - an e-invoice's data and its XML in the tax authority's
 * format (Decision 1450/QĐ-TCT, revised by 1510/QĐ-TCT, PBan 2.0.0):
 * HDon/DLHDon{TTChung, NDHDon{NBan, NMua, DSHHDVu/HHDVu*, TToan}}, MCCQT,
 * DSCKS.  Built with libxml2 (escaping and UTF-8 by the library).
 *
 * docs/formats.md maps every element to where its value comes from;
 * tests/data/einvoice/hdon.xsd is the schema every produced XML is
 * validated against in the tests.
 */
#ifndef OCOP_EINVOICE_XML_H
#define OCOP_EINVOICE_XML_H

#include <stddef.h>

#include "einvoice.h"
#include "lib/err.h"
#include "sale.h"

struct db;

/* Everything an invoice shows: its row, the settings, the stored sale. */
struct einv_doc {
	struct einv_row inv;
	struct einv_settings set;
	struct sale_doc sale;         /* owned: einv_doc_release() */
};

/* Load the invoice of receipt_no.  POS_ERR_NOT_FOUND when it has none. */
int einv_doc_load(struct db *db, const char *receipt_no, struct einv_doc *out,
		  struct pos_error *err);
void einv_doc_release(struct einv_doc *d);

/* The VAT rate as the standard writes it: "KCT", "0%", "5%" ... */
const char *einv_rate_text(int rate);

/*
 * The XML of d, UTF-8, indented, in a malloc'ed NUL-terminated buffer
 * (*out, *len without the NUL; free()).  A cancel notice has no invoice
 * XML (POS_ERR_REFUSED).
 */
int einvoice_xml_build(const struct einv_doc *d, char **out, size_t *len,
		       struct pos_error *err);

/* Load and build in one step (`einvoice show`). */
int einvoice_xml(struct db *db, const char *receipt_no, char **out, size_t *len,
		 struct pos_error *err);

/*
 * Validate xml against the XSD at xsd_path with libxml2
 * (xmlSchemaValidateDoc).  0 when valid; POS_ERR_INVALID with the first
 * problem (line and message) otherwise; POS_ERR_IO when the schema does
 * not load.
 */
int einvoice_xml_validate(const char *xml, size_t len, const char *xsd_path,
			  struct pos_error *err);

#endif
