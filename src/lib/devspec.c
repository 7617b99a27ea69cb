/*
 * devspec.c - device specs (parse, format) and printer text-mode names
 * (see devspec.h).
 *
 * A spec is "KIND:REST".  Parsing is strict so that a typo in a shop's
 * configuration is reported at once with every accepted form, rather
 * than becoming "printer not found" later.  USB ids are 1-4 hex digits
 * and never 0000; TCP ports are 1-65535 (default 9100 when omitted);
 * IPv6 hosts go in brackets ("tcp:[fe80::1]:9100").  Paths must be
 * non-empty and fit the spec's buffers.
 */
#include "lib/devspec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/msg.h"

#define SPEC_FORMS "usb:auto, usb:VID:PID[:SERIAL], lp:/dev/usb/lp0, tcp:HOST:PORT, " \
	"file:PATH, serial:/dev/ttyACM0, evdev:/dev/input/eventN, wedge or null"

static int bad(struct pos_error *err, const char *s, const char *why)
{
	return pos_fail(err, POS_ERR_INVALID, MSG_TR("device \"%s\": %s; use %s"), s, why, MSG_TR(SPEC_FORMS));
}

/* Parse 1-4 hex digits ending at end (exclusive) into *v. */
static int parse_hex16(const char *p, const char *end, uint16_t *v)
{
	unsigned x = 0;
	const char *q;

	if (end <= p || end - p > 4)
		return -1;
	for (q = p; q < end; q++) {
		int c = (unsigned char)*q, d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		x = x * 16 + (unsigned)d;
	}
	*v = (uint16_t)x;
	return 0;
}

static int copy_field(char *dst, size_t n, const char *src, size_t len)
{
	if (len == 0 || len >= n)
		return -1;
	memcpy(dst, src, len);
	dst[len] = '\0';
	return 0;
}

static int has_ctrl(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

static int parse_usb(const char *s, const char *rest, struct device_spec *d,
		     struct pos_error *err)
{
	const char *c1, *c2;

	if (!*rest || strcmp(rest, "auto") == 0) {
		d->usb_auto = 1;
		return 0;
	}
	c1 = strchr(rest, ':');
	if (!c1)
		return bad(err, s, MSG_TR("a USB device is usb:auto or usb:VID:PID in hex, e.g. usb:0416:5011"));
	c2 = strchr(c1 + 1, ':');
	if (parse_hex16(rest, c1, &d->vid) ||
	    parse_hex16(c1 + 1, c2 ? c2 : c1 + 1 + strlen(c1 + 1), &d->pid))
		return bad(err, s, MSG_TR("USB vendor and product ids are 1-4 hex digits, e.g. usb:0416:5011"));
	if (!d->vid)
		return bad(err, s, MSG_TR("USB vendor id 0000 is not a real device"));
	if (c2 && copy_field(d->serial, sizeof(d->serial), c2 + 1, strlen(c2 + 1)))
		return bad(err, s, MSG_TR("the USB serial number after the second ':' is empty or too long"));
	return 0;
}

static int parse_tcp(const char *s, const char *rest, struct device_spec *d,
		     struct pos_error *err)
{
	const char *host = rest, *host_end, *port = NULL;
	char *end;
	long v;

	if (*rest == '[') {
		host = rest + 1;
		host_end = strchr(host, ']');
		if (!host_end)
			return bad(err, s, MSG_TR("an IPv6 address needs a closing ']'"));
		if (host_end[1] == ':')
			port = host_end + 2;
		else if (host_end[1])
			return bad(err, s, MSG_TR("expected ':PORT' after the IPv6 address"));
	} else {
		host_end = strrchr(rest, ':');
		if (host_end)
			port = host_end + 1;
		else
			host_end = rest + strlen(rest);
		if (memchr(host, ':', (size_t)(host_end - host)))
			return bad(err, s, MSG_TR("put an IPv6 address in brackets: tcp:[ADDR]:9100"));
	}
	if (copy_field(d->host, sizeof(d->host), host, (size_t)(host_end - host)))
		return bad(err, s, MSG_TR("the printer's host name or IP address is missing or too long"));
	if (!port) {
		d->port = 9100;
		return 0;
	}
	v = strtol(port, &end, 10);
	if (!*port || *end || v < 1 || v > 65535 || *port == '+' || *port == '-')
		return bad(err, s, MSG_TR("the TCP port must be a number from 1 to 65535 (printers use 9100)"));
	d->port = (int)v;
	return 0;
}

int device_spec_parse(const char *s, struct device_spec *out, struct pos_error *err)
{
	struct device_spec d;
	const char *colon, *rest;
	size_t klen;
	int r;

	if (!s || !*s)
		return pos_fail(err, POS_ERR_INVALID, MSG_TR("no device given; use %s"), MSG_TR(SPEC_FORMS));
	if (strlen(s) > 600)
		return pos_fail(err, POS_ERR_INVALID, MSG_TR("device spec is too long; use %s"), MSG_TR(SPEC_FORMS));
	if (has_ctrl(s))
		return bad(err, s, MSG_TR("it contains control characters"));
	memset(&d, 0, sizeof(d));
	colon = strchr(s, ':');
	klen = colon ? (size_t)(colon - s) : strlen(s);
	rest = colon ? colon + 1 : "";

#define KIND_IS(name) (klen == sizeof(name) - 1 && memcmp(s, name, klen) == 0)
	if (KIND_IS("null") && !colon) {
		d.kind = DEVICE_NULL;
	} else if (KIND_IS("wedge") && !colon) {
		d.kind = DEVICE_WEDGE;
	} else if (KIND_IS("usb")) {
		d.kind = DEVICE_USB;
		if ((r = parse_usb(s, rest, &d, err)))
			return r;
	} else if (KIND_IS("tcp")) {
		d.kind = DEVICE_TCP;
		if ((r = parse_tcp(s, rest, &d, err)))
			return r;
	} else if (KIND_IS("lp") || KIND_IS("file") || KIND_IS("serial") || KIND_IS("evdev")) {
		d.kind = KIND_IS("lp") ? DEVICE_LP : KIND_IS("file") ? DEVICE_FILE :
			 KIND_IS("serial") ? DEVICE_SERIAL : DEVICE_EVDEV;
		if (copy_field(d.path, sizeof(d.path), rest, strlen(rest)))
			return bad(err, s, MSG_TR("the path after ':' is missing or too long"));
	} else {
		return bad(err, s, MSG_TR("unknown kind of device"));
	}
#undef KIND_IS
	*out = d;
	return 0;
}

int device_spec_format(const struct device_spec *spec, char *out, size_t n)
{
	int w;

	switch (spec->kind) {
	case DEVICE_NULL: w = snprintf(out, n, "null"); break;
	case DEVICE_WEDGE: w = snprintf(out, n, "wedge"); break;
	case DEVICE_USB:
		if (spec->usb_auto)
			w = snprintf(out, n, "usb:auto");
		else if (spec->serial[0])
			w = snprintf(out, n, "usb:%04x:%04x:%s", spec->vid, spec->pid, spec->serial);
		else
			w = snprintf(out, n, "usb:%04x:%04x", spec->vid, spec->pid);
		break;
	case DEVICE_TCP:
		w = snprintf(out, n, strchr(spec->host, ':') ? "tcp:[%s]:%d" : "tcp:%s:%d",
			     spec->host, spec->port);
		break;
	case DEVICE_LP: w = snprintf(out, n, "lp:%s", spec->path); break;
	case DEVICE_FILE: w = snprintf(out, n, "file:%s", spec->path); break;
	case DEVICE_SERIAL: w = snprintf(out, n, "serial:%s", spec->path); break;
	case DEVICE_EVDEV: w = snprintf(out, n, "evdev:%s", spec->path); break;
	default: w = snprintf(out, n, "?"); break;
	}
	/* 0, or POS_ERR_INVALID when out was too small (it is still terminated). */
	return (w < 0 || (size_t)w >= n) ? POS_ERR_INVALID : 0;
}


static const char *const mode_names[VN_MODE_COUNT] = { "raster", "tcvn3", "cp1258", "ascii" };

const char *vn_mode_name(enum vn_mode m)
{
	if ((int)m < 0 || (int)m >= VN_MODE_COUNT)
		return "?";
	return mode_names[m];
}

int vn_mode_parse(const char *s, enum vn_mode *out)
{
	int i;

	if (!s)
		return -1;
	for (i = 0; i < VN_MODE_COUNT; i++)
		if (strcmp(s, mode_names[i]) == 0) {
			*out = (enum vn_mode)i;
			return 0;
		}
	return -1;
}
