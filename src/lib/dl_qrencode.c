/*
 * dl_qrencode.c - libqrencode, loaded when a QR code is drawn (see
 * lib/dynlib.h).
 */
#include <qrencode.h>

#include "lib/dynlib.h"

static const char *const names[] = { "libqrencode.so.4", "libqrencode.so", NULL };
struct dynlib dynlib_qrencode = { .names = names, .package = "libqrencode4",
			.use = "QR codes" };

DYNLIB_FN(dynlib_qrencode, QRcode *, NULL, QRcode_encodeString,
	  (const char *string, int version, QRecLevel level, QRencodeMode hint, int casesensitive),
	  (string, version, level, hint, casesensitive))
DYNLIB_FN(dynlib_qrencode, QRcode *, NULL, QRcode_encodeString8bit,
	  (const char *string, int version, QRecLevel level), (string, version, level))
DYNLIB_VOID(dynlib_qrencode, QRcode_free, (QRcode *qrcode), (qrcode))
