/*
 * vn_codepage.h - Vietnamese text for printers: the four ways of getting
 * it on paper, UTF-8 decoding with Vietnamese composition, and our own
 * code-page tables.
 *
 * Modes (per printer profile, see docs/hardware.md):
 *   raster  text drawn by us (raster.c) and sent as an image: always
 *           correct, the default;
 *   tcvn3   the printer's TCVN-3 tables: lowercase set (Epson table 30)
 *           and capitals set (table 31); a line mixing cases switches
 *           tables with ESC t between characters.  Our tables come from
 *           escpos-printer-db with U+00D0 (Ð, Icelandic eth) corrected to
 *           U+0110 (Đ) in the capitals set; glibc's TCVN5712-1 is NOT used
 *           (it puts the capitals on control-code bytes);
 *   cp1258  Windows-1258: base letters plus combining tone-mark bytes (the
 *           printer must overprint them), precomposed where the code page
 *           has the letter;
 *   ascii   folded: "Mật ong Đắk Lắk" prints as "Mat ong Dak Lak".
 *
 * The mode names live in the base layer (lib/devspec.h), where settings
 * validation can reach them; UTF-8 decoding is lib/utf8.h.  The
 * Vietnamese letter table here holds the same facts as src/core/vntext.c
 * (drivers may not include core): keep the two in step.
 */
#ifndef OCOP_PRINTER_VN_CODEPAGE_H
#define OCOP_PRINTER_VN_CODEPAGE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/devspec.h"
#include "lib/utf8.h"


/*
 * Decode one letter at s[i], composing a following run of combining
 * Vietnamese marks (tones U+0300 U+0301 U+0303 U+0309 U+0323, letter
 * marks U+0302 U+0306 U+031B) into the precomposed letter when one
 * exists, so NFD input prints like NFC.  Returns the bytes consumed.
 */
size_t vncp_next(const char *s, size_t n, size_t i, uint32_t *cp);

/* 1 for a combining mark (U+0300-U+036F): it takes no cell of its own. */
int vncp_is_combining(uint32_t cp);

/* The ASCII letter a Vietnamese letter folds to ('a' for 'ậ', 'D' for
 * 'Đ'), or 0 when cp is not a Vietnamese letter with marks. */
char vncp_fold_letter(uint32_t cp);

/* The code tables a text mode uses (from the printer profile). */
struct vncp_tables {
	int tcvn3_lower;        /* ESC t number of the TCVN-3 lowercase set, or -1 */
	int tcvn3_upper;        /* ... of the capitals set, or -1 */
	int cp1258;             /* ESC t number of CP1258, or -1 */
};

/* One encoded character. */
struct vncp_char {
	int table;              /* ESC t table it needs, or -1 for any (ASCII) */
	unsigned char bytes[4];
	int len;
};

/*
 * Encode code point cp for mode (not VN_MODE_RASTER; tab may be NULL for
 * VN_MODE_ASCII).  A few
 * typographic characters the code page lacks are replaced by their
 * nearest ASCII/Vietnamese form (₫ -> đ, “ ” -> ", – — -> -, … -> .).
 * Returns 0, or -1 when the mode cannot print cp (the caller then draws
 * the line as raster, or prints '?').
 */
int vncp_encode(enum vn_mode mode, const struct vncp_tables *tab, uint32_t cp,
		struct vncp_char *out);

/*
 * The code point the printer's TCVN-3 table shows at byte b (0x80-0xFF):
 * upper = 0 for the lowercase set, 1 for the capitals set.  0 when that
 * position holds no Vietnamese letter.  Used by the self-test page.
 */
uint32_t vncp_tcvn3_at(int upper, unsigned char b);

#endif
