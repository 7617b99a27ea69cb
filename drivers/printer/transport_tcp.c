/*
 * transport_tcp.c - network printers on raw TCP (tcp:HOST:PORT, usually
 * port 9100).  Status answers (DLE EOT) come back on the same socket.
 *
 * Connecting is non-blocking with a timeout per address (a printer that
 * is off must not freeze the till for the kernel's two minutes), writes
 * and reads wait at most their timeout, and SIGPIPE is avoided with
 * MSG_NOSIGNAL (fdio.c).  Name resolution uses getaddrinfo; shops
 * normally give the printer's IP address, which resolves without DNS.
 */
#include "transport.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fdio.h"

struct tcp_priv {
	int fd;
};

static int tcp_fail(struct transport *t, enum fdio_result r, int os_err, int timeout_ms,
		    const char *what, struct pos_error *err)
{
	if (r == FDIO_TIMEOUT)
		return pos_fail(err, POS_ERR_DEVICE,
				DRV_TR("the printer at %s:%d did not take data for %d ms: check that it "
				"is on, has paper and its cover is closed"), t->spec.host,
				t->spec.port, timeout_ms);
	if (r == FDIO_CLOSED)
		return pos_fail(err, POS_ERR_DEVICE,
				DRV_TR("the printer at %s:%d closed the connection while %s it: check "
				"that it is on and try again"), t->spec.host, t->spec.port, what);
	return pos_fail(err, POS_ERR_DEVICE, DRV_TR("network error while %s the printer at %s:%d: %s"),
			what, t->spec.host, t->spec.port, strerror(os_err));
}

static int tcp_write(struct transport *t, const void *buf, size_t n, int timeout_ms,
		     struct pos_error *err)
{
	struct tcp_priv *p = t->priv;
	enum fdio_result r;
	int os_err;

	r = fdio_write(p->fd, buf, n, timeout_ms, NULL, &os_err);
	if (r != FDIO_OK)
		return tcp_fail(t, r, os_err, timeout_ms, DRV_TR("sending to"), err);
	return 0;
}

static int tcp_read(struct transport *t, void *buf, size_t n, size_t *got, int timeout_ms,
		    struct pos_error *err)
{
	struct tcp_priv *p = t->priv;
	enum fdio_result r;
	int os_err;

	r = fdio_read(p->fd, buf, n, got, timeout_ms, &os_err);
	if (r == FDIO_OK || r == FDIO_TIMEOUT)
		return 0;
	return tcp_fail(t, r, os_err, timeout_ms, DRV_TR("reading from"), err);
}

static void tcp_close(struct transport *t)
{
	struct tcp_priv *p = t->priv;

	if (p && p->fd >= 0)
		close(p->fd);
	transport_free_shell(t);
}

static const struct transport_ops tcp_ops = { "tcp", tcp_write, tcp_read, tcp_close };

/* Connect one address with a timeout; returns the fd or -1 with *e set. */
static int connect_one(const struct addrinfo *ai, int timeout_ms, int *e)
{
	struct pollfd pfd;
	socklen_t len = sizeof(*e);
	int fd, r;

	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    ai->ai_protocol);
	if (fd < 0) {
		*e = errno;
		return -1;
	}
	r = connect(fd, ai->ai_addr, ai->ai_addrlen);
	if (r == 0)
		return fd;
	if (errno != EINPROGRESS) {
		*e = errno;
		close(fd);
		return -1;
	}
	pfd.fd = fd;
	pfd.events = POLLOUT;
	pfd.revents = 0;
	do
		r = poll(&pfd, 1, timeout_ms);
	while (r < 0 && errno == EINTR);
	if (r == 0) {
		*e = ETIMEDOUT;
		close(fd);
		return -1;
	}
	if (r < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, e, &len) != 0) {
		*e = errno;
		close(fd);
		return -1;
	}
	if (*e) {
		close(fd);
		return -1;
	}
	return fd;
}

int transport_tcp_open(const struct device_spec *spec, struct transport **out,
		       struct pos_error *err)
{
	struct addrinfo hints, *res = NULL, *ai;
	struct transport *t;
	struct tcp_priv *p;
	char port[16];
	int fd = -1, e = 0, r;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	snprintf(port, sizeof(port), "%d", spec->port);
	r = getaddrinfo(spec->host, port, &hints, &res);
	if (r != 0)
		return pos_fail(err, POS_ERR_NOT_FOUND,
				DRV_TR("cannot find the printer's address \"%s\" (%s): check the name, "
				"or give its IP address as tcp:192.168.1.50:9100"), spec->host,
				gai_strerror(r));
	for (ai = res; ai && fd < 0; ai = ai->ai_next)
		fd = connect_one(ai, TRANSPORT_CONNECT_TIMEOUT_MS, &e);
	freeaddrinfo(res);
	if (fd < 0) {
		if (e == ECONNREFUSED)
			return pos_fail(err, POS_ERR_DEVICE,
					DRV_TR("%s refused a connection on port %d: is it the printer's "
					"address, and is raw printing (port 9100) enabled?"),
					spec->host, spec->port);
		if (e == ETIMEDOUT)
			return pos_fail(err, POS_ERR_DEVICE,
					DRV_TR("no answer from %s:%d within %d ms: check that the printer "
					"is on and connected to this network (cable or Wi-Fi) and "
					"that its IP address is right"), spec->host, spec->port,
					TRANSPORT_CONNECT_TIMEOUT_MS);
		return pos_fail(err, POS_ERR_DEVICE, DRV_TR("cannot connect to the printer at %s:%d: %s"),
				spec->host, spec->port, strerror(e));
	}
	t = transport_alloc(&tcp_ops, spec, sizeof(*p));
	if (!t) {
		close(fd);
		return pos_fail(err, POS_ERR_NO_MEM, DRV_TR("out of memory connecting to %s"), spec->host);
	}
	p = t->priv;
	p->fd = fd;
	*out = t;
	return 0;
}
