/*
 * device.c - the transport vtable's dispatch and wrappers (see device.h).
 * Device specs are parsed in the base layer (lib/devspec.c).
 */
#include "device.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/printer/transport.h"

struct transport *transport_alloc(const struct transport_ops *ops,
				  const struct device_spec *spec, size_t priv_size)
{
	struct transport *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	if (priv_size) {
		t->priv = calloc(1, priv_size);
		if (!t->priv) {
			free(t);
			return NULL;
		}
	}
	t->ops = ops;
	t->spec = *spec;
	return t;
}

void transport_free_shell(struct transport *t)
{
	if (!t)
		return;
	free(t->priv);
	free(t);
}

int transport_open(const struct device_spec *spec, struct transport **out,
		   struct pos_error *err)
{
	switch (spec->kind) {
	case DEVICE_NULL: return transport_null_open(spec, out, err);
	case DEVICE_USB: return transport_usb_open(spec, out, err);
	case DEVICE_LP: return transport_lp_open(spec, out, err);
	case DEVICE_TCP: return transport_tcp_open(spec, out, err);
	case DEVICE_FILE: return transport_file_open(spec, out, err);
	case DEVICE_SERIAL: return transport_serial_open(spec, out, err);
	case DEVICE_EVDEV:
	case DEVICE_WEDGE:
		return pos_fail(err, POS_ERR_INVALID,
				DRV_TR("%s is an input device (a scanner), not a printer: give the "
				"printer as usb:, lp:, tcp:, file: or serial:"),
				spec->kind == DEVICE_WEDGE ? "wedge" : spec->path);
	}
	return pos_fail(err, POS_ERR_INVALID, DRV_TR("unknown kind of device"));
}

int transport_write(struct transport *t, const void *buf, size_t n, int timeout_ms,
		    struct pos_error *err)
{
	if (timeout_ms <= 0)
		timeout_ms = TRANSPORT_DEFAULT_TIMEOUT_MS;
	if (n == 0)
		return 0;
	return t->ops->write(t, buf, n, timeout_ms, err);
}

int transport_read(struct transport *t, void *buf, size_t n, size_t *got, int timeout_ms,
		   struct pos_error *err)
{
	size_t g = 0;
	int r;

	if (timeout_ms <= 0)
		timeout_ms = TRANSPORT_DEFAULT_TIMEOUT_MS;
	if (n == 0) {
		*got = 0;
		return 0;
	}
	r = t->ops->read(t, buf, n, &g, timeout_ms, err);
	if (r == 0)
		*got = g;
	return r;
}

void transport_close(struct transport *t)
{
	if (t)
		t->ops->close(t);
}
