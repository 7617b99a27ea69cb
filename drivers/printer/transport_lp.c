/*
 * transport_lp.c - printers behind a character device: the usblp kernel
 * driver's /dev/usb/lpN (lp:) and serial ports (serial:, RS-232 or
 * USB-CDC, set to raw 8N1 at 9600 baud, the factory setting of most
 * serial receipt printers; USB-CDC ignores the speed).
 *
 * The device is opened non-blocking and every write and read waits with
 * poll() for at most the timeout, so a printer that is out of paper
 * (usblp stops taking data) gives a clear error instead of hanging the
 * till.  usblp answers reads only for bidirectional printers; a one-way
 * printer just never has anything to read (*got = 0).
 */
#include "transport.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "fdio.h"

struct chr_priv {
	int fd;
	int serial;
};

static const char *kind_name(const struct transport *t)
{
	return ((const struct chr_priv *)t->priv)->serial ? DRV_TR("serial printer") : DRV_TR("printer");
}

static int io_fail(struct transport *t, enum fdio_result r, int os_err, int timeout_ms,
		   const char *what, struct pos_error *err)
{
	if (r == FDIO_TIMEOUT)
		return pos_fail(err, POS_ERR_DEVICE,
				DRV_TR("the %s at %s did not take data for %d ms: check that it is "
				"on, has paper and its cover is closed"), kind_name(t), t->spec.path,
				timeout_ms);
	if (os_err == ENODEV || os_err == ENXIO || r == FDIO_CLOSED)
		return pos_fail(err, POS_ERR_DEVICE,
				DRV_TR("the %s at %s was unplugged or switched off while %s it: plug it "
				"in, switch it on and try again"), kind_name(t), t->spec.path, what);
	return pos_fail(err, POS_ERR_DEVICE, DRV_TR("error while %s the %s at %s: %s"), what,
			kind_name(t), t->spec.path, strerror(os_err));
}

static int chr_write(struct transport *t, const void *buf, size_t n, int timeout_ms,
		     struct pos_error *err)
{
	struct chr_priv *p = t->priv;
	enum fdio_result r;
	int os_err;

	r = fdio_write(p->fd, buf, n, timeout_ms, NULL, &os_err);
	if (r != FDIO_OK)
		return io_fail(t, r, os_err, timeout_ms, DRV_TR("sending to"), err);
	return 0;
}

static int chr_read(struct transport *t, void *buf, size_t n, size_t *got, int timeout_ms,
		    struct pos_error *err)
{
	struct chr_priv *p = t->priv;
	enum fdio_result r;
	int os_err;

	r = fdio_read(p->fd, buf, n, got, timeout_ms, &os_err);
	if (r == FDIO_OK || r == FDIO_TIMEOUT)
		return 0;
	/* usblp of a one-way printer refuses reads: no answer, not a fault. */
	if (r == FDIO_ERROR && (os_err == EINVAL || os_err == EIO) && !p->serial) {
		*got = 0;
		return 0;
	}
	return io_fail(t, r, os_err, timeout_ms, DRV_TR("reading from"), err);
}

static void chr_close(struct transport *t)
{
	struct chr_priv *p = t->priv;

	if (p && p->fd >= 0)
		close(p->fd);
	transport_free_shell(t);
}

static const struct transport_ops lp_ops = { "lp", chr_write, chr_read, chr_close };
static const struct transport_ops serial_ops = { "serial", chr_write, chr_read, chr_close };

static int open_fail(const struct device_spec *spec, int e, int serial, struct pos_error *err)
{
	if (e == ENOENT || e == ENODEV || e == ENXIO)
		return pos_fail(err, POS_ERR_NOT_FOUND,
				serial ? DRV_TR("no serial port %s: is the printer's cable plugged in?") :
				DRV_TR("no printer at %s: is it plugged in and switched on? (the usblp "
				"driver creates /dev/usb/lp0 when a USB printer appears)"), spec->path);
	if (e == EACCES || e == EPERM)
		return pos_fail(err, POS_ERR_PERM,
				DRV_TR("permission denied opening %s: add the user to group %s, or install "
				"config/udev/60-ocop-pos.rules into /etc/udev/rules.d/ and plug the "
				"printer in again"), spec->path, serial ? "dialout" : "lp");
	if (e == EBUSY)
		return pos_fail(err, POS_ERR_DEVICE,
				DRV_TR("%s is in use by another program (CUPS or another ocop-pos): close "
				"it and try again"), spec->path);
	return pos_fail(err, POS_ERR_DEVICE, DRV_TR("cannot open %s: %s"), spec->path, strerror(e));
}

static int chr_open(const struct device_spec *spec, int serial, struct transport **out,
		    struct pos_error *err)
{
	struct transport *t;
	struct chr_priv *p;
	int fd;

	fd = open(spec->path, O_RDWR | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 && (errno == EACCES || errno == EROFS) && !serial)
		fd = open(spec->path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return open_fail(spec, errno, serial, err);
	if (serial) {
		struct termios tio;

		if (tcgetattr(fd, &tio) != 0) {
			int e = errno;

			close(fd);
			return pos_fail(err, POS_ERR_DEVICE, DRV_TR("%s is not a serial port: %s"),
					spec->path, strerror(e));
		}
		cfmakeraw(&tio);
		cfsetispeed(&tio, B9600);
		cfsetospeed(&tio, B9600);
		tio.c_cflag |= CLOCAL | CREAD;
		tio.c_cc[VMIN] = 0;
		tio.c_cc[VTIME] = 0;
		tcsetattr(fd, TCSANOW, &tio);
	}
	t = transport_alloc(serial ? &serial_ops : &lp_ops, spec, sizeof(*p));
	if (!t) {
		close(fd);
		return pos_fail(err, POS_ERR_NO_MEM, DRV_TR("out of memory opening %s"), spec->path);
	}
	p = t->priv;
	p->fd = fd;
	p->serial = serial;
	*out = t;
	return 0;
}

int transport_lp_open(const struct device_spec *spec, struct transport **out,
		      struct pos_error *err)
{
	return chr_open(spec, 0, out, err);
}

int transport_serial_open(const struct device_spec *spec, struct transport **out,
			  struct pos_error *err)
{
	return chr_open(spec, 1, out, err);
}
