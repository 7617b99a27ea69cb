/*
 * fdio.c - timed write-all and read-some on non-blocking descriptors
 * (see fdio.h).  Writes use send(MSG_NOSIGNAL) on sockets so a printer
 * that drops the connection gives EPIPE instead of killing the program
 * with SIGPIPE.
 */
#include "fdio.h"

#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int is_socket(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode);
}

/* Wait for events on fd; returns 1 ready, 0 timeout, -1 error. */
static int wait_fd(int fd, short events, int timeout_ms, int *os_err)
{
	struct pollfd p = { fd, events, 0 };
	int r;

	do
		r = poll(&p, 1, timeout_ms);
	while (r < 0 && errno == EINTR);
	if (r < 0) {
		*os_err = errno;
		return -1;
	}
	return r > 0;
}

enum fdio_result fdio_write(int fd, const void *buf, size_t n, int timeout_ms, size_t *done,
			    int *os_err)
{
	const char *p = buf;
	size_t off = 0;
	int sock = is_socket(fd);
	enum fdio_result res = FDIO_OK;
	long long deadline = now_ms() + timeout_ms;

	*os_err = 0;
	while (off < n) {
		ssize_t w;
		long long left = deadline - now_ms();
		int r = wait_fd(fd, POLLOUT, left > 0 ? (int)left : 0, os_err);

		if (r < 0) {
			res = FDIO_ERROR;
			break;
		}
		if (r == 0) {
			res = FDIO_TIMEOUT;
			break;
		}
		if (sock)
			w = send(fd, p + off, n - off, MSG_NOSIGNAL);
		else
			w = write(fd, p + off, n - off);
		if (w < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
			continue;
		if (w < 0) {
			*os_err = errno;
			res = errno == EPIPE || errno == ECONNRESET ? FDIO_CLOSED : FDIO_ERROR;
			break;
		}
		if (w == 0) {
			res = FDIO_CLOSED;
			break;
		}
		off += (size_t)w;
		deadline = now_ms() + timeout_ms;       /* progress: wait afresh */
	}
	if (done)
		*done = off;
	return res;
}

enum fdio_result fdio_read(int fd, void *buf, size_t n, size_t *got, int timeout_ms,
			   int *os_err)
{
	long long deadline = now_ms() + timeout_ms;
	ssize_t r;
	int w;

	*got = 0;
	*os_err = 0;
	for (;;) {
		long long left = deadline - now_ms();

		w = wait_fd(fd, POLLIN, left > 0 ? (int)left : 0, os_err);
		if (w < 0)
			return FDIO_ERROR;
		if (w == 0)
			return FDIO_TIMEOUT;
		r = read(fd, buf, n);
		if (r < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
			continue;
		if (r < 0) {
			*os_err = errno;
			return FDIO_ERROR;
		}
		if (r == 0)
			return FDIO_CLOSED;
		*got = (size_t)r;
		return FDIO_OK;
	}
}
