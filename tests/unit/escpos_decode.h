/*
 * escpos_decode.h - a small ESC/POS decoder for tests: parses printer
 * bytes back into commands and text, failing on any malformed command, a
 * band or barcode running past the end, or a control byte leaking from
 * encoded text.  Text bytes are mapped back through the table selected
 * with ESC t (TCVN-3 lower/upper, CP1258 letters) so a test can check the
 * Vietnamese that a text-mode printer would show.
 *
 * escpos_golden() compares printer bytes with a golden file under
 * tests/data/DIR/ (OCOP_UPDATE_GOLDEN=1 rewrites it instead).
 *
 * Shared by test_escpos.c (the writer's golden files) and test_receipt.c
 * (whole receipts); header-only (static functions).  Include <cmocka.h>
 * (or testutil.h) first.
 */
#ifndef OCOP_TEST_ESCPOS_DECODE_H
#define OCOP_TEST_ESCPOS_DECODE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/printer/vn_codepage.h"

struct decoded {
	int ok;
	char why[128];
	int n_raster, n_cut, n_drawer, n_barcode, n_qr, n_init, n_fsdot;
	int raster_stride, raster_rows;         /* summed rows, stride of all bands */
	char text[65536];                       /* printed text as UTF-8, lines '\n' */
	size_t tlen;
};

static void dec_fail(struct decoded *o, const char *why, size_t at)
{
	if (o->ok)
		snprintf(o->why, sizeof(o->why), "%s at byte %zu", why, at);
	o->ok = 0;
}

static void dec_put(struct decoded *o, uint32_t cp)
{
	char u[4];
	size_t k = utf8_encode(cp, u);

	if (o->tlen + k < sizeof(o->text)) {
		memcpy(o->text + o->tlen, u, k);
		o->tlen += k;
		o->text[o->tlen] = '\0';
	}
}

/* Map a printed byte back through the current table. */
static uint32_t dec_back(unsigned char b, int table, const struct vncp_tables *tab)
{
	static const uint32_t c1258[128] = {
		[0x43] = 0x0102, [0x4C] = 0x0300, [0x50] = 0x0110, [0x52] = 0x0309,
		[0x5E] = 0x0303, [0x63] = 0x0103, [0x6C] = 0x0301, [0x70] = 0x0111,
		[0x72] = 0x0323, [0x42] = 0x00C2, [0x4A] = 0x00CA, [0x54] = 0x00D4,
		[0x55] = 0x01A0, [0x5D] = 0x01AF, [0x62] = 0x00E2, [0x6A] = 0x00EA,
		[0x74] = 0x00F4, [0x75] = 0x01A1, [0x7D] = 0x01B0, [0x7E] = 0x20AB,
		[0x60] = 0x00E0, [0x61] = 0x00E1, [0x68] = 0x00E8, [0x69] = 0x00E9,
		[0x6D] = 0x00ED, [0x73] = 0x00F3, [0x79] = 0x00F9, [0x7A] = 0x00FA,
		[0x40] = 0x00C0, [0x41] = 0x00C1, [0x48] = 0x00C8, [0x49] = 0x00C9,
		[0x4D] = 0x00CD, [0x53] = 0x00D3, [0x59] = 0x00D9, [0x5A] = 0x00DA,
	};

	if (b < 0x80)
		return b;
	if (table >= 0 && table == tab->tcvn3_lower)
		return vncp_tcvn3_at(0, b);
	if (table >= 0 && table == tab->tcvn3_upper)
		return vncp_tcvn3_at(1, b);
	if (table >= 0 && table == tab->cp1258)
		return c1258[b - 0x80];
	return 0xFFFD;
}

static void escpos_decode(const unsigned char *p, size_t n, const struct vncp_tables *tab,
			  struct decoded *o)
{
	size_t i = 0;
	int table = -1;

	memset(o, 0, sizeof(*o));
	o->ok = 1;
	while (i < n && o->ok) {
		unsigned char c = p[i];

		if (c == 0x1B) {
			unsigned char k;

			if (i + 1 >= n) {
				dec_fail(o, "truncated ESC", i);
				break;
			}
			k = p[i + 1];
			if (k == '@') {
				o->n_init++;
				table = -1;
				i += 2;
			} else if (k == 't' && i + 2 < n) {
				table = p[i + 2];
				i += 3;
			} else if ((k == 'a' && i + 2 < n && p[i + 2] <= 2) ||
				   ((k == 'E' || k == '-') && i + 2 < n && p[i + 2] <= 1) ||
				   ((k == 'd' || k == 'J') && i + 2 < n)) {
				i += 3;
			} else if (k == 'p' && i + 4 < n && p[i + 2] <= 1) {
				o->n_drawer++;
				i += 5;
			} else {
				dec_fail(o, "unknown or malformed ESC command", i);
			}
		} else if (c == 0x1D) {
			unsigned char k;

			if (i + 2 >= n) {
				dec_fail(o, "truncated GS", i);
				break;
			}
			k = p[i + 1];
			if (k == '!' || k == 'h' || k == 'w' || k == 'H') {
				i += 3;
			} else if (k == 'V' && i + 3 < n && (p[i + 2] == 65 || p[i + 2] == 66)) {
				o->n_cut++;
				i += 4;
			} else if (k == 'v' && i + 7 < n && p[i + 2] == '0' && p[i + 3] == 0) {
				int x = p[i + 4] | p[i + 5] << 8, y = p[i + 6] | p[i + 7] << 8;

				if (i + 8 + (size_t)x * (size_t)y > n || !x || !y) {
					dec_fail(o, "raster band runs past the end", i);
					break;
				}
				if (o->raster_stride && o->raster_stride != x)
					dec_fail(o, "raster bands of different widths", i);
				o->raster_stride = x;
				o->raster_rows += y;
				o->n_raster++;
				i += 8 + (size_t)x * (size_t)y;
			} else if (k == 'k' && i + 3 < n && p[i + 2] >= 65 && p[i + 2] <= 73) {
				size_t len = p[i + 3];

				if (i + 4 + len > n)
					dec_fail(o, "barcode runs past the end", i);
				o->n_barcode++;
				i += 4 + len;
			} else if (k == '(' && p[i + 2] == 'k' && i + 5 < n) {
				size_t len = p[i + 3] | (size_t)p[i + 4] << 8;

				if (i + 5 + len > n || len < 3 || p[i + 5] != '1')
					dec_fail(o, "malformed GS ( k", i);
				if (p[i + 6] == 'Q')
					o->n_qr++;
				i += 5 + len;
			} else {
				dec_fail(o, "unknown GS command", i);
			}
		} else if (c == 0x1C) {
			if (i + 1 < n && p[i + 1] == '.') {
				o->n_fsdot++;
				i += 2;
			} else {
				dec_fail(o, "unknown FS command", i);
			}
		} else if (c == '\n') {
			dec_put(o, '\n');
			i++;
		} else if (c < 0x20 || c == 0x7F) {
			dec_fail(o, "stray control byte in text", i);
		} else {
			uint32_t cp = dec_back(c, table, tab);

			if (cp == 0 || cp == 0xFFFD)
				dec_fail(o, "text byte outside the selected table", i);
			dec_put(o, cp);
			i++;
		}
	}
}

/* Compare len bytes at data with tests/data/DIR/NAME.bin ($OCOP_SRC or the
 * current directory); OCOP_UPDATE_GOLDEN=1 writes the file instead. */
static void escpos_golden(const char *dir, const char *name, const unsigned char *data,
			  size_t len)
{
	const char *src = getenv("OCOP_SRC");
	char path[512];
	unsigned char *want;
	FILE *f;
	long size;

	snprintf(path, sizeof(path), "%s/tests/data/%s/%s.bin", src ? src : ".", dir, name);
	if (getenv("OCOP_UPDATE_GOLDEN")) {
		f = fopen(path, "wb");
		if (!f)
			fail_msg("cannot write %s", path);
		assert_int_equal(fwrite(data, 1, len, f), len);
		fclose(f);
		return;
	}
	f = fopen(path, "rb");
	if (!f)
		fail_msg("missing golden file %s (run with OCOP_UPDATE_GOLDEN=1)", path);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	want = malloc((size_t)size + 1);
	assert_non_null(want);
	assert_int_equal(fread(want, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	if ((size_t)size != len || memcmp(want, data, len) != 0) {
		size_t i = 0;

		while (i < len && i < (size_t)size && want[i] == data[i])
			i++;
		free(want);
		fail_msg("%s differs from its golden file (%zu vs %ld bytes, first difference at "
			 "byte %zu)", name, len, size, i);
	}
	free(want);
}

#endif
