/*
 * selftest.c - the self-test page (see selftest.h).
 *
 * Every sample line is forced into its mode, so it shows the printer's
 * own rendering even where the document's mode would have fallen back to
 * raster; the labels are plain ASCII so they read the same in any mode.
 * For TCVN-3, each row of the printer's table 30/31 (sent as raw bytes)
 * sits under the same row drawn by us from our table: where they differ,
 * the printer's table is not TCVN-3 and tcvn3 mode must not be used.
 */
#include "selftest.h"

#include <stdio.h>
#include <string.h>

#include "vn_codepage.h"

#define TRY(x) do { if ((r = (x)) != 0) return r; } while (0)

static int sample(struct doc *d, int mode, int table, struct pos_error *err)
{
	int r;

	TRY(doc_text(d, 0, DOC_LEFT, SELFTEST_SAMPLE, err));
	TRY(doc_force_last(d, mode, table, err));
	TRY(doc_text(d, 0, DOC_LEFT, SELFTEST_LETTERS, err));
	return doc_force_last(d, mode, table, err);
}

/* Our row and the printer's row of TCVN-3 table `table`, bytes hi..hi+15. */
static int tcvn3_row(struct doc *d, int upper, int table, unsigned hi, struct pos_error *err)
{
	char ours[128];
	unsigned char raw[32];
	size_t o, k = 0;
	int b, r;

	o = (size_t)snprintf(ours, sizeof(ours), "%02X ", hi);
	for (b = 0; b < 16; b++) {
		uint32_t cp = vncp_tcvn3_at(upper, (unsigned char)(hi + (unsigned)b));

		o += utf8_encode(cp ? cp : '.', ours + o);
	}
	ours[o] = '\0';
	TRY(doc_text(d, 0, DOC_LEFT, ours, err));
	TRY(doc_force_last(d, VN_MODE_RASTER, -1, err));
	raw[k++] = ' ';
	raw[k++] = ' ';
	raw[k++] = ' ';
	raw[k++] = 0x1B;
	raw[k++] = 't';
	raw[k++] = (unsigned char)table;
	for (b = 0; b < 16; b++) {
		uint32_t cp = vncp_tcvn3_at(upper, (unsigned char)(hi + (unsigned)b));

		raw[k++] = cp ? (unsigned char)(hi + (unsigned)b) : '.';
	}
	raw[k++] = '\n';
	return doc_raw(d, raw, k, err);
}

int selftest_build(const struct printer_profile *p, const char *device, struct doc *d,
		   struct pos_error *err)
{
	char line[256];
	int r, i, n = 1;
	unsigned hi;

	TRY(doc_text(d, DOC_BOLD | DOC_DOUBLE, DOC_CENTER, "OCOP-POS", err));
	TRY(doc_text(d, DOC_BOLD, DOC_CENTER, "TRANG THỬ MÁY IN\nPRINTER TEST PAGE", err));
	TRY(doc_separator(d, '=', err));
	TRY(doc_row2(d, 0, "Profile", p->name, err));
	if (p->description[0])
		TRY(doc_text(d, 0, DOC_LEFT, p->description, err));
	if (device)
		TRY(doc_row2(d, 0, "Device", device, err));
	snprintf(line, sizeof(line), "%d dots, %d cols", p->width_dots, p->columns);
	TRY(doc_row2(d, 0, "Paper", line, err));
	TRY(doc_row2(d, 0, "Vietnamese mode", vn_mode_name(p->mode), err));
	if (p->tcvn3_lower >= 0) {
		snprintf(line, sizeof(line), "tables %d/%d", p->tcvn3_lower, p->tcvn3_upper);
		TRY(doc_row2(d, 0, "TCVN-3", line, err));
	}
	for (i = 0; i < p->ncp1258; i++) {
		snprintf(line, sizeof(line), "table %d", p->cp1258[i]);
		TRY(doc_row2(d, 0, "CP1258", line, err));
	}
	TRY(doc_row2(d, 0, "Cut", p->cut == PROFILE_CUT_NONE ? "none (tear off)" :
		     p->cut == PROFILE_CUT_PARTIAL ? "partial" : "full", err));
	snprintf(line, sizeof(line), "%s%s%s", (p->drawer_pins & (1u << 2)) ? "pin 2" : "",
		 (p->drawer_pins & (1u << 2)) && (p->drawer_pins & (1u << 5)) ? ", " : "",
		 (p->drawer_pins & (1u << 5)) ? "pin 5" : "");
	TRY(doc_row2(d, 0, "Drawer", line, err));
	TRY(doc_separator(d, '-', err));
	TRY(doc_text(d, DOC_BOLD, DOC_LEFT,
		     "Chọn chế độ in tiếng Việt đúng nhất / Pick the mode that prints right:", err));

	snprintf(line, sizeof(line), "%d. raster (always right)", n++);
	TRY(doc_text(d, DOC_BOLD, DOC_LEFT, line, err));
	TRY(sample(d, VN_MODE_RASTER, -1, err));
	if (p->tcvn3_lower >= 0) {
		snprintf(line, sizeof(line), "%d. tcvn3 (ESC t %d/%d)", n++, p->tcvn3_lower,
			 p->tcvn3_upper);
		TRY(doc_text(d, DOC_BOLD, DOC_LEFT, line, err));
		TRY(sample(d, VN_MODE_TCVN3, -1, err));
	}
	for (i = 0; i < p->ncp1258; i++) {
		snprintf(line, sizeof(line), "%d. cp1258 (ESC t %d)", n++, p->cp1258[i]);
		TRY(doc_text(d, DOC_BOLD, DOC_LEFT, line, err));
		TRY(sample(d, VN_MODE_CP1258, p->cp1258[i], err));
	}
	snprintf(line, sizeof(line), "%d. ascii (no accents)", n++);
	TRY(doc_text(d, DOC_BOLD, DOC_LEFT, line, err));
	TRY(sample(d, VN_MODE_ASCII, -1, err));
	TRY(doc_separator(d, '-', err));

	TRY(doc_text(d, DOC_BOLD, DOC_LEFT, "Barcode EAN-13", err));
	TRY(doc_barcode(d, DOC_EAN13, "893123450001", 1, DOC_CENTER, err));
	TRY(doc_text(d, DOC_BOLD, DOC_LEFT, "QR (VietQR)", err));
	TRY(doc_qr(d, "00020101021238570010A00000072701270006970436011300110012345670208"
		   "QRIBFTTA530370454061500005802VN62120808HD0001236304CD47", 0, DOC_CENTER, err));

	if (p->tcvn3_lower >= 0) {
		TRY(doc_separator(d, '-', err));
		TRY(doc_text(d, DOC_BOLD, DOC_LEFT,
			     "TCVN-3: our table, then the printer's (must match)", err));
		snprintf(line, sizeof(line), "ESC t %d (lowercase)", p->tcvn3_lower);
		TRY(doc_text(d, 0, DOC_LEFT, line, err));
		for (hi = 0xA0; hi <= 0xF0; hi += 0x10)
			TRY(tcvn3_row(d, 0, p->tcvn3_lower, hi, err));
		snprintf(line, sizeof(line), "ESC t %d (capitals)", p->tcvn3_upper);
		TRY(doc_text(d, 0, DOC_LEFT, line, err));
		for (hi = 0xA0; hi <= 0xF0; hi += 0x10)
			TRY(tcvn3_row(d, 1, p->tcvn3_upper, hi, err));
		TRY(doc_raw(d, "\x1bt\x00", 3, err));
	}
	TRY(doc_separator(d, '=', err));
	TRY(doc_cut(d, 1, err));
	return 0;
}
