/*
 * serial.c - the serial scanner source (see serial.h).
 *
 * The descriptor is non-blocking: scanner_handle() reads until EAGAIN.
 * A hang-up shows as POLLHUP from poll() and then EIO from read(), which
 * we take as an unplug; closing the descriptor stops poll() from waking
 * up on the hang-up again and again.
 */
#include "serial.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "scanbuf.h"
#include "scanner_source.h"

#define SERIAL_READ_MAX 256

static speed_t baud_speed(int baud)
{
	switch (baud) {
	case 19200: return B19200;
	case 38400: return B38400;
	case 57600: return B57600;
	case 115200: return B115200;
	default: return B9600;
	}
}

int serial_set_raw(int fd, int baud, struct pos_error *err)
{
	struct termios tio;

	if (tcgetattr(fd, &tio) != 0)
		return pos_fail(err, POS_ERR_DEVICE, scanner_tr("not a serial port (%s)"),
				strerror(errno));
	cfmakeraw(&tio);
	tio.c_cflag |= CLOCAL | CREAD;
	tio.c_cflag &= ~(tcflag_t)(CSTOPB | PARENB | CRTSCTS);
	tio.c_cflag = (tio.c_cflag & ~(tcflag_t)CSIZE) | CS8;
	tio.c_cc[VMIN] = 1;
	tio.c_cc[VTIME] = 0;
	cfsetispeed(&tio, baud_speed(baud));
	cfsetospeed(&tio, baud_speed(baud));
	if (tcsetattr(fd, TCSANOW, &tio) != 0)
		return pos_fail(err, POS_ERR_DEVICE,
				scanner_tr("the serial port refused raw mode (%s)"), strerror(errno));
	return 0;
}

struct serial_src {
	struct scanbuf buf;
	int fd;
};

static int ser_pollfds(struct scanner *s, struct pollfd *fds, int n)
{
	struct serial_src *p = s->priv;

	if (n < 1 || p->fd < 0)
		return 0;
	fds[0].fd = p->fd;
	fds[0].events = POLLIN;
	fds[0].revents = 0;
	return 1;
}

static int ser_handle(struct scanner *s, int64_t now_ns, struct pos_error *err)
{
	struct serial_src *p = s->priv;
	unsigned char bytes[SERIAL_READ_MAX];
	char msg[POS_ERRMSG_MAX];
	ssize_t got, i;

	(void)err;
	for (;;) {
		got = read(p->fd, bytes, sizeof(bytes));
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0 && errno == EAGAIN)
			break;
		if (got <= 0) {
			snprintf(msg, sizeof(msg),
				 scanner_tr("the scanner on %s went away (%s): plug it in again"),
				 s->spec.path,
				 got == 0 ? scanner_tr("end of input") : strerror(errno));
			scanner_lost(s, msg);
			return 0;
		}
		for (i = 0; i < got; i++)
			scanbuf_char(&p->buf, bytes[i], now_ns);
		if ((size_t)got < sizeof(bytes))
			break;
	}
	scanbuf_tick(&p->buf, now_ns);
	return 0;
}

static int64_t ser_deadline(struct scanner *s)
{
	struct serial_src *p = s->priv;

	return scanbuf_deadline(&p->buf);
}

static int ser_next(struct scanner *s, struct scan_event *ev)
{
	struct serial_src *p = s->priv;

	return scanbuf_next(&p->buf, ev);
}

static int ser_reconnect(struct scanner *s, struct pos_error *err)
{
	struct serial_src *p = s->priv;
	struct pos_error e;
	int fd;

	fd = open(s->spec.path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		if (errno == EACCES || errno == EPERM)
			return pos_fail(err, POS_ERR_PERM,
					scanner_tr("not allowed to open %s: add the till's user to "
						   "the \"dialout\" group (sudo usermod -aG dialout "
						   "USER, then log in again) or install "
						   "config/udev/60-ocop-pos.rules"),
					s->spec.path);
		if (errno == ENOENT || errno == ENODEV || errno == ENXIO || errno == EIO)
			return pos_fail(err, POS_ERR_NOT_FOUND,
					scanner_tr("no serial port %s: is the scanner plugged in? "
						   "(`ocop-pos scanner list` shows the candidates)"),
					s->spec.path);
		return pos_fail(err, POS_ERR_DEVICE, scanner_tr("cannot open %s: %s"), s->spec.path,
				strerror(errno));
	}
	if (serial_set_raw(fd, SCANNER_SERIAL_BAUD, &e) != 0) {
		close(fd);
		return pos_fail(err, POS_ERR_DEVICE, "%s: %s", s->spec.path, pos_error_text(&e));
	}
	tcflush(fd, TCIFLUSH);
	p->fd = fd;
	return 0;
}

static void ser_disconnect(struct scanner *s)
{
	struct serial_src *p = s->priv;

	scanbuf_finish(&p->buf, p->buf.t_last, NULL, 1);
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
}

static void ser_destroy(struct scanner *s)
{
	free(s->priv);
	s->priv = NULL;
}

static const struct scanner_ops serial_ops = {
	"serial",
	ser_pollfds,
	ser_handle,
	ser_deadline,
	ser_next,
	ser_reconnect,
	ser_disconnect,
	ser_destroy,
};

int serial_source_open(struct scanner *s, struct pos_error *err)
{
	struct serial_src *p;

	p = calloc(1, sizeof(*p));
	if (!p)
		return pos_fail(err, POS_ERR_NO_MEM, "%s",
				scanner_tr("out of memory opening the scanner"));
	scanbuf_init(&p->buf, s->opts.suffix, s->opts.flush_ms, s->name);
	p->fd = -1;
	s->ops = &serial_ops;
	s->priv = p;
	return 0;
}
