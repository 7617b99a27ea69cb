/*
 * widget_qr.c - a QR code drawn in the terminal with half blocks, so a
 * phone's banking app can scan a VietQR payment from the screen.
 *
 * Each text cell shows two modules stacked (upper and lower half), which
 * makes the modules roughly square on a terminal font.  Light modules
 * (and the quiet zone) are drawn as blocks in the TR_QR role and dark
 * modules as blanks on black, so the code reads right whatever the
 * terminal's own colours are; qrencode's own terminal output does the
 * same.  The error correction level is M, or L when M does not fit.
 */
#include "ui/widget.h"

#include <qrencode.h>
#include <string.h>

static QRcode *encode(const char *payload, QRecLevel lvl)
{
	return QRcode_encodeString(payload, 0, lvl, QR_MODE_8, 1);
}

int wqr_size(const char *payload, int quiet, int *rows, int *cols)
{
	QRcode *q = encode(payload, QR_ECLEVEL_M);
	int n;

	if (!q)
		return -1;
	n = q->width + 2 * quiet;
	QRcode_free(q);
	*cols = n;
	*rows = (n + 1) / 2;
	return 0;
}

/* Module (x, y) of q with a quiet zone of qz: 1 dark, 0 light. */
static int dark(const QRcode *q, int qz, int x, int y)
{
	x -= qz;
	y -= qz;
	if (x < 0 || y < 0 || x >= q->width || y >= q->width)
		return 0;
	return q->data[y * q->width + x] & 1;
}

int wqr_draw(struct tui *t, const char *payload, struct tui_rect r)
{
	static const QRecLevel levels[] = { QR_ECLEVEL_M, QR_ECLEVEL_L };
	QRcode *q = NULL;
	int qz = 4, n = 0, rows, x, y, i, qzi;
	attr_t a = tui_attr(TR_QR);

	for (i = 0; i < 2 && !q; i++) {
		QRcode *c = encode(payload, levels[i]);

		if (!c)
			continue;
		for (qzi = 4; qzi >= 2; qzi -= 2) {
			n = c->width + 2 * qzi;
			if (n <= r.w && (n + 1) / 2 <= r.h) {
				q = c;
				qz = qzi;
				break;
			}
		}
		if (!q)
			QRcode_free(c);
	}
	if (!q)
		return -1;
	rows = (n + 1) / 2;
	r = tui_center(r, rows, n);
	attr_set(a & ~A_COLOR, (short)PAIR_NUMBER(a), NULL);
	for (y = 0; y < rows; y++) {
		move(r.y + y, r.x);
		for (x = 0; x < n; x++) {
			int top = !dark(q, qz, x, 2 * y);
			int bot = 2 * y + 1 < n ? !dark(q, qz, x, 2 * y + 1) : 0;
			const char *c;

			if (t->utf8)
				c = top && bot ? "█" : top ? "▀" : bot ? "▄" : " ";
			else
				c = top && bot ? "#" : top ? "\"" : bot ? "," : " ";
			addstr(c);
		}
	}
	attr_set(A_NORMAL, 0, NULL);
	QRcode_free(q);
	return 0;
}
