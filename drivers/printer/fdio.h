/*
 * fdio.h - write-all and read-some on a non-blocking file descriptor with
 * a timeout (poll), shared by the lp, serial and TCP transports.  They
 * report what happened as a small code plus errno; each transport turns
 * that into a sentence that names its device.
 */
#ifndef OCOP_PRINTER_FDIO_H
#define OCOP_PRINTER_FDIO_H

#include <stddef.h>

enum fdio_result {
	FDIO_OK = 0,
	FDIO_TIMEOUT = 1,       /* no progress for timeout_ms */
	FDIO_ERROR = 2,         /* *os_err holds errno */
	FDIO_CLOSED = 3,        /* the peer closed (read 0 / POLLHUP) */
};

/*
 * Write all n bytes of buf to fd, waiting at most timeout_ms for each
 * chunk of progress.  *done (may be NULL) gets the bytes written.
 */
enum fdio_result fdio_write(int fd, const void *buf, size_t n, int timeout_ms, size_t *done,
			    int *os_err);

/*
 * Read what is available (up to n bytes), waiting at most timeout_ms for
 * the first byte.  *got = 0 with FDIO_TIMEOUT when nothing came.
 */
enum fdio_result fdio_read(int fd, void *buf, size_t n, size_t *got, int timeout_ms,
			   int *os_err);

#endif
