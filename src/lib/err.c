/*
 * err.c - error codes and the human message buffer (see err.h).
 */
#include "lib/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *pos_strerror(enum pos_err code)
{
	switch (code) {
	case POS_OK: return "success";
	case POS_ERR_NO_MEM: return "out of memory";
	case POS_ERR_INVALID: return "invalid input";
	case POS_ERR_NOT_FOUND: return "not found";
	case POS_ERR_EXISTS: return "already exists";
	case POS_ERR_DB: return "database error";
	case POS_ERR_IO: return "input/output error";
	case POS_ERR_BUSY: return "database is busy";
	case POS_ERR_VERSION: return "unsupported version";
	case POS_ERR_PERM: return "permission denied";
	case POS_ERR_REFUSED: return "refused";
	case POS_ERR_CORRUPT: return "data is corrupt";
	case POS_ERR_DEVICE: return "device error";
	case POS_ERR_FULL: return "disk is full";
	}
	return "unknown error";
}

/* Cut s back so it does not end inside a UTF-8 sequence. */
static void trim_utf8_tail(char *s)
{
	size_t n = strlen(s);
	size_t i = n;

	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i > 0) {
		unsigned char lead = (unsigned char)s[i - 1];
		size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
		if (n - (i - 1) < need)
			s[i - 1] = '\0';
	}
}

int pos_fail(struct pos_error *e, enum pos_err code, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return code;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	trim_utf8_tail(e->msg);
	return code;
}

void pos_error_clear(struct pos_error *e)
{
	if (!e)
		return;
	e->code = POS_OK;
	e->msg[0] = '\0';
}

const char *pos_error_text(const struct pos_error *e)
{
	if (!e)
		return "";
	if (e->msg[0])
		return e->msg;
	return pos_strerror(e->code);
}
