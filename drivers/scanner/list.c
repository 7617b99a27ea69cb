/*
 * list.c - scanner candidates (see list.h).
 *
 * The vendor and product ids come from FACTS.md ("Barcode scanners").  A
 * USB device's first interface says the rest: HID class with the boot
 * keyboard protocol is keyboard mode, other HID is most likely HID POS,
 * CDC (class 2 or 10) shows up as /dev/ttyACM*.
 */
#include "list.h"

#include <dirent.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "drivers/usb.h"
#include "scanner_source.h"

#define CLASS_CDC_COMM 0x02
#define HID_PROTO_KEYBOARD 1
#define DIR_MAX 32              /* candidates of one kind listed at most */

struct vendor {
	uint16_t vid;
	const char *name;
};

static const struct vendor vendors[] = {
	{ 0x0c2e, "Honeywell/Metrologic" },
	{ 0x05e0, "Zebra/Symbol" },
	{ 0x05f9, "Datalogic" },
	{ 0x1eab, "Newland" },
};

const char *scanner_known_vendor(uint16_t vid)
{
	size_t i;

	for (i = 0; i < sizeof(vendors) / sizeof(vendors[0]); i++)
		if (vendors[i].vid == vid)
			return vendors[i].name;
	return NULL;
}

enum scanner_usb_mode scanner_known_mode(uint16_t vid, uint16_t pid)
{
	switch (vid) {
	case 0x0c2e:
		if (pid == 0x0b8f)
			return SCANNER_USB_POS;
		if (pid == 0x0b81)
			return SCANNER_USB_KEYBOARD;
		break;
	case 0x05e0:
		if (pid == 0x1200)
			return SCANNER_USB_KEYBOARD;
		break;
	case 0x05f9:
		if (pid == 0x2206)
			return SCANNER_USB_KEYBOARD;
		break;
	case 0x1eab:
		if ((pid & 0xff) == 0x10)
			return SCANNER_USB_POS;
		if ((pid & 0xff) == 0x03)
			return SCANNER_USB_KEYBOARD;
		break;
	}
	return SCANNER_USB_AUTO;
}

/* Is the device a CDC serial scanner (by class or a known product id)? */
static int is_cdc(const struct usb_info *u)
{
	if (u->if_class == CLASS_CDC_COMM || u->if_class == USB_CLASS_CDC_DATA_IF)
		return 1;
	return (u->vid == 0x05e0 && u->pid == 0x1701) ||
	       (u->vid == 0x1eab && (u->pid & 0xff) == 0x06);
}

struct list_ctx {
	int (*cb)(void *ctx, const struct scanner_candidate *c);
	void *ctx;
	int stopped;
};

static int usb_cb(void *vctx, const struct usb_info *u)
{
	struct list_ctx *l = vctx;
	struct scanner_candidate c;
	const char *vendor = scanner_known_vendor(u->vid);
	int hid = u->if_class == USB_CLASS_HID_IF;
	int kbd = hid && u->if_protocol == HID_PROTO_KEYBOARD;
	enum scanner_usb_mode mode = scanner_known_mode(u->vid, u->pid);

	if (!vendor && !kbd)
		return 0;
	memset(&c, 0, sizeof(c));
	c.known = vendor != NULL;
	snprintf(c.spec, sizeof(c.spec), "usb:%04x:%04x", u->vid, u->pid);
	if (is_cdc(u))
		snprintf(c.kind, sizeof(c.kind), "USB CDC serial");
	else if (mode == SCANNER_USB_POS || (hid && !kbd))
		snprintf(c.kind, sizeof(c.kind), "USB HID POS");
	else if (kbd || mode == SCANNER_USB_KEYBOARD)
		snprintf(c.kind, sizeof(c.kind), "USB HID keyboard");
	else
		snprintf(c.kind, sizeof(c.kind), "USB");
	snprintf(c.desc, sizeof(c.desc), "%.40s%s%.40s",
		 vendor ? vendor : u->manufacturer,
		 (vendor || u->manufacturer[0]) && u->product[0] ? " " : "", u->product);
	if (is_cdc(u))
		c.note = "read it as serial:/dev/ttyACMn (the port `scanner list` shows)";
	else if (!vendor)
		c.note = "a keyboard: a scanner only if it is one";
	if (l->cb(l->ctx, &c)) {
		l->stopped = 1;
		return 1;
	}
	return 0;
}

/*
 * What path names: the device a by-id symlink points to ("../event5" in
 * dir becomes dir's parent + "/event5"), else path itself.  readlink, not
 * realpath, which trips ASan under umockdev's preload in the tests.
 */
static void link_target(const char *dir, const char *path, char *out, size_t n)
{
	char link[PATH_MAX], parent[PATH_MAX];
	const char *slash;
	ssize_t len;

	len = readlink(path, link, sizeof(link) - 1);
	if (len <= 0) {
		snprintf(out, n, "%.200s", path);
		return;
	}
	link[len] = '\0';
	if (link[0] == '/') {
		snprintf(out, n, "%.200s", link);
	} else if (strncmp(link, "../", 3) == 0 && (slash = strrchr(dir, '/')) && slash != dir) {
		snprintf(parent, sizeof(parent), "%.*s", (int)(slash - dir), dir);
		snprintf(out, n, "%.100s/%.100s", parent, link + 3);
	} else {
		snprintf(out, n, "%.100s/%.100s", dir, link);
	}
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

/*
 * Candidates for each entry of dir whose name matches pattern (sorted;
 * at most DIR_MAX), spec = prefix + path.  readdir rather than glob(3),
 * which does not see emulated devices in the umockdev tests.
 */
static void scan_dir(struct list_ctx *l, const char *dir, const char *pattern,
		     const char *prefix, const char *kind)
{
	char names[DIR_MAX][NAME_MAX + 1];
	struct scanner_candidate c;
	char path[PATH_MAX];
	struct dirent *e;
	size_t n = 0, i;
	DIR *d;

	d = opendir(dir);
	if (!d)
		return;
	while ((e = readdir(d)) && n < DIR_MAX) {
		if (e->d_name[0] == '.' || fnmatch(pattern, e->d_name, 0) != 0)
			continue;
		snprintf(names[n++], sizeof(names[0]), "%s", e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_name);
	for (i = 0; i < n && !l->stopped; i++) {
		memset(&c, 0, sizeof(c));
		snprintf(path, sizeof(path), "%.64s/%.255s", dir, names[i]);
		snprintf(c.spec, sizeof(c.spec), "%s%.280s", prefix, path);
		snprintf(c.kind, sizeof(c.kind), "%s", kind);
		link_target(dir, path, c.desc, sizeof(c.desc));
		if (l->cb(l->ctx, &c))
			l->stopped = 1;
	}
}

int scanner_list(int (*cb)(void *ctx, const struct scanner_candidate *c), void *ctx,
		 struct pos_error *err)
{
	struct list_ctx l = { cb, ctx, 0 };
	struct scanner_candidate c;

	(void)err;
	/* No USB bus is not a failure here: the other kinds still count. */
	usb_list(usb_cb, &l, NULL);
	if (!l.stopped)
		scan_dir(&l, "/dev", "ttyACM*", "serial:", "serial port");
	if (!l.stopped)
		scan_dir(&l, "/dev/input/by-id", "*kbd*", "evdev:", "evdev keyboard");
	if (!l.stopped) {
		memset(&c, 0, sizeof(c));
		snprintf(c.spec, sizeof(c.spec), "wedge");
		snprintf(c.kind, sizeof(c.kind), "terminal");
		c.note = "keys typed into this terminal; scans told from typing by timing";
		cb(ctx, &c);
	}
	return 0;
}

struct auto_ctx {
	uint16_t vid, pid;
	int found;
};

static int auto_cb(void *vctx, const struct usb_info *u)
{
	struct auto_ctx *a = vctx;

	if (!scanner_known_vendor(u->vid) || u->if_class != USB_CLASS_HID_IF)
		return 0;
	a->vid = u->vid;
	a->pid = u->pid;
	a->found = 1;
	return 1;
}

int scanner_usb_auto(uint16_t *vid, uint16_t *pid, struct pos_error *err)
{
	struct auto_ctx a = { 0, 0, 0 };
	int r;

	r = usb_list(auto_cb, &a, err);
	if (r)
		return r;
	if (!a.found)
		return pos_fail(err, POS_ERR_NOT_FOUND, "%s",
				scanner_tr("no USB scanner of a known make (Honeywell, Zebra, "
					   "Datalogic, Newland) found: plug it in, or name it as "
					   "usb:VID:PID (`ocop-pos scanner list` shows what is "
					   "connected)"));
	*vid = a.vid;
	*pid = a.pid;
	return 0;
}
