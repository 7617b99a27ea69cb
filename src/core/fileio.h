/*
 * fileio.h - reading a whole file into memory, the one way every module
 * does it (catalogue and exchange files, transfer files, configuration,
 * reference data, receipt templates, printer profiles).
 *
 * Files are read in one go because every format here is parsed as a
 * whole (JSON, CSV with quoted newlines, signed files whose signature
 * covers every byte), and each caller passes the size it accepts so a
 * wrong file (a disk image, /dev/zero) is refused instead of filling the
 * memory of a small showroom PC.
 */
#ifndef OCOP_FILEIO_H
#define OCOP_FILEIO_H

#include <stddef.h>

#include "lib/err.h"

/*
 * Read all of the file at path, at most max bytes, into a new buffer with
 * a NUL after the last byte: on success *data (the caller frees it) and
 * *len (may be NULL).  Pipes and character devices are read to their end
 * as well, so "-" style paths like /dev/stdin work.  Errors, each with a
 * sentence naming path: POS_ERR_NOT_FOUND (no such file), POS_ERR_INVALID
 * (a directory, or more than max bytes), POS_ERR_IO, POS_ERR_NO_MEM.
 */
int fileio_read(const char *path, size_t max, char **data, size_t *len, struct pos_error *err);

#endif
