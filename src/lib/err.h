/*
 * err.h - the one error type of ocop-pos.
 *
 * Every fallible function returns an enum pos_err (0 = success, negative =
 * failure) and, when given a non-NULL struct pos_error, writes a human
 * sentence saying what went wrong and what to do.  Out-parameters are only
 * written on success.  Core and drivers never abort: even out of memory is
 * reported as POS_ERR_NO_MEM.
 */
#ifndef OCOP_ERR_H
#define OCOP_ERR_H

#include <stddef.h>

enum pos_err {
	POS_OK = 0,
	POS_ERR_NO_MEM = -1,    /* allocation failed */
	POS_ERR_INVALID = -2,   /* bad input: malformed value, file, barcode */
	POS_ERR_NOT_FOUND = -3, /* unknown product, producer, file */
	POS_ERR_EXISTS = -4,    /* would duplicate something unique */
	POS_ERR_DB = -5,        /* SQLite failed */
	POS_ERR_IO = -6,        /* read/write of a file or device failed */
	POS_ERR_BUSY = -7,      /* database locked by another process */
	POS_ERR_VERSION = -8,   /* database from a newer ocop-pos */
	POS_ERR_PERM = -9,      /* the user may not do this */
	POS_ERR_REFUSED = -10,  /* a business rule refuses the operation */
	POS_ERR_CORRUPT = -11,  /* integrity check failed */
	POS_ERR_DEVICE = -12,   /* printer/scanner problem */
	POS_ERR_FULL = -13,     /* disk full */
};

#define POS_ERRMSG_MAX 512

struct pos_error {
	enum pos_err code;
	char msg[POS_ERRMSG_MAX];
};

/* A short English name of the code ("not found"); static storage. */
const char *pos_strerror(enum pos_err code);

/*
 * Record a failure in e (may be NULL) and return code, so callers can write
 * `return pos_fail(err, POS_ERR_INVALID, "...", ...);`.  The message is a
 * printf format; it is truncated to POS_ERRMSG_MAX - 1 bytes on a UTF-8
 * boundary.
 */
int pos_fail(struct pos_error *e, enum pos_err code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Reset e to success with an empty message. */
void pos_error_clear(struct pos_error *e);

/* The message of e, or pos_strerror(e->code) when it has none. */
const char *pos_error_text(const struct pos_error *e);

#endif
