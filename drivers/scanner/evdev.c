/*
 * evdev.c - the evdev decoder and source (see evdev.h).
 *
 * Time stamps: the source asks the kernel for CLOCK_MONOTONIC event times
 * (EVIOCSCLOCKID) and uses them, so the timing shown by `scanner listen`
 * is the keyboard's, not our reading's; when the device refuses, the time
 * of reading is used.
 */
#include "evdev.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "scanner_source.h"

#define EV_BATCH 64

struct keymap {
	unsigned short code;
	char plain, shifted;
};

/* US layout; keypad keys with Num Lock on. */
static const struct keymap us_keys[] = {
	{ KEY_1, '1', '!' }, { KEY_2, '2', '@' }, { KEY_3, '3', '#' }, { KEY_4, '4', '$' },
	{ KEY_5, '5', '%' }, { KEY_6, '6', '^' }, { KEY_7, '7', '&' }, { KEY_8, '8', '*' },
	{ KEY_9, '9', '(' }, { KEY_0, '0', ')' }, { KEY_MINUS, '-', '_' },
	{ KEY_EQUAL, '=', '+' }, { KEY_TAB, '\t', '\t' },
	{ KEY_Q, 'q', 'Q' }, { KEY_W, 'w', 'W' }, { KEY_E, 'e', 'E' }, { KEY_R, 'r', 'R' },
	{ KEY_T, 't', 'T' }, { KEY_Y, 'y', 'Y' }, { KEY_U, 'u', 'U' }, { KEY_I, 'i', 'I' },
	{ KEY_O, 'o', 'O' }, { KEY_P, 'p', 'P' }, { KEY_LEFTBRACE, '[', '{' },
	{ KEY_RIGHTBRACE, ']', '}' }, { KEY_ENTER, '\r', '\r' },
	{ KEY_A, 'a', 'A' }, { KEY_S, 's', 'S' }, { KEY_D, 'd', 'D' }, { KEY_F, 'f', 'F' },
	{ KEY_G, 'g', 'G' }, { KEY_H, 'h', 'H' }, { KEY_J, 'j', 'J' }, { KEY_K, 'k', 'K' },
	{ KEY_L, 'l', 'L' }, { KEY_SEMICOLON, ';', ':' }, { KEY_APOSTROPHE, '\'', '"' },
	{ KEY_GRAVE, '`', '~' }, { KEY_BACKSLASH, '\\', '|' }, { KEY_102ND, '\\', '|' },
	{ KEY_Z, 'z', 'Z' }, { KEY_X, 'x', 'X' }, { KEY_C, 'c', 'C' }, { KEY_V, 'v', 'V' },
	{ KEY_B, 'b', 'B' }, { KEY_N, 'n', 'N' }, { KEY_M, 'm', 'M' }, { KEY_COMMA, ',', '<' },
	{ KEY_DOT, '.', '>' }, { KEY_SLASH, '/', '?' }, { KEY_SPACE, ' ', ' ' },
	{ KEY_KPASTERISK, '*', '*' }, { KEY_KPMINUS, '-', '-' }, { KEY_KPPLUS, '+', '+' },
	{ KEY_KPSLASH, '/', '/' }, { KEY_KPDOT, '.', '.' }, { KEY_KPENTER, '\r', '\r' },
	{ KEY_KP0, '0', '0' }, { KEY_KP1, '1', '1' }, { KEY_KP2, '2', '2' },
	{ KEY_KP3, '3', '3' }, { KEY_KP4, '4', '4' }, { KEY_KP5, '5', '5' },
	{ KEY_KP6, '6', '6' }, { KEY_KP7, '7', '7' }, { KEY_KP8, '8', '8' },
	{ KEY_KP9, '9', '9' },
};

int evkbd_key_char(enum scanner_layout layout, unsigned code, int shift)
{
	size_t i;

	(void)layout;
	for (i = 0; i < sizeof(us_keys) / sizeof(us_keys[0]); i++)
		if (us_keys[i].code == code)
			return (unsigned char)(shift ? us_keys[i].shifted : us_keys[i].plain);
	return -1;
}

void evkbd_init(struct evkbd *k, const struct scanner_opts *o, const char *source)
{
	struct scanner_opts def;

	if (!o) {
		scanbuf_default_opts(&def);
		o = &def;
	}
	memset(k, 0, sizeof(*k));
	scanbuf_init(&k->buf, o->suffix, o->flush_ms, source);
	k->layout = o->layout;
}

/* The modifier bit of code in *which (1 shift, 2 other), or 0. */
static int modifier_bit(unsigned code, int *which)
{
	switch (code) {
	case KEY_LEFTSHIFT: *which = 1; return 1;
	case KEY_RIGHTSHIFT: *which = 1; return 2;
	case KEY_LEFTCTRL: *which = 2; return 1;
	case KEY_RIGHTCTRL: *which = 2; return 2;
	case KEY_LEFTALT: *which = 2; return 4;
	case KEY_RIGHTALT: *which = 2; return 8;
	case KEY_LEFTMETA: *which = 2; return 16;
	case KEY_RIGHTMETA: *which = 2; return 32;
	}
	return 0;
}

void evkbd_feed(struct evkbd *k, unsigned type, unsigned code, int value, int64_t t_ns)
{
	int which = 0, bit, c;
	int *state;

	if (type != EV_KEY)
		return;
	bit = modifier_bit(code, &which);
	if (bit) {
		state = which == 1 ? &k->shift : &k->other;
		if (value)
			*state |= bit;
		else
			*state &= ~bit;
		return;
	}
	if (value != 1)
		return;         /* release or auto-repeat */
	c = evkbd_key_char(k->layout, code, k->shift != 0);
	if (c < 0 || k->other) {
		k->skipped_keys++;
		scanbuf_tick(&k->buf, t_ns);
		return;
	}
	scanbuf_char(&k->buf, c, t_ns);
}

int64_t evkbd_deadline(const struct evkbd *k)
{
	return scanbuf_deadline(&k->buf);
}

void evkbd_tick(struct evkbd *k, int64_t now_ns)
{
	scanbuf_tick(&k->buf, now_ns);
}

int evkbd_next(struct evkbd *k, struct scan_event *ev)
{
	return scanbuf_next(&k->buf, ev);
}

/* ---- the source ------------------------------------------------------ */

struct evdev_src {
	struct evkbd kbd;
	int fd;
	int grabbed;
	int monotonic;              /* event times are CLOCK_MONOTONIC */
};

static int evdev_pollfds(struct scanner *s, struct pollfd *fds, int n)
{
	struct evdev_src *e = s->priv;

	if (n < 1 || e->fd < 0)
		return 0;
	fds[0].fd = e->fd;
	fds[0].events = POLLIN;
	fds[0].revents = 0;
	return 1;
}

static int evdev_handle(struct scanner *s, int64_t now_ns, struct pos_error *err)
{
	struct evdev_src *e = s->priv;
	struct input_event evs[EV_BATCH];
	char msg[POS_ERRMSG_MAX];
	ssize_t got;
	size_t i, n;

	(void)err;
	for (;;) {
		got = read(e->fd, evs, sizeof(evs));
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0 && errno == EAGAIN)
			break;
		if (got <= 0) {
			snprintf(msg, sizeof(msg),
				 scanner_tr("the scanner at %s was unplugged (%s): plug it in again"),
				 s->spec.path,
				 got == 0 ? scanner_tr("end of input") : strerror(errno));
			scanner_lost(s, msg);
			return 0;
		}
		n = (size_t)got / sizeof(evs[0]);
		for (i = 0; i < n; i++) {
			int64_t t = now_ns;

			if (e->monotonic)
				t = (int64_t)evs[i].input_event_sec * 1000000000 +
				    (int64_t)evs[i].input_event_usec * 1000;
			evkbd_feed(&e->kbd, evs[i].type, evs[i].code, evs[i].value, t);
		}
		if ((size_t)got < sizeof(evs))
			break;
	}
	evkbd_tick(&e->kbd, now_ns);
	return 0;
}

static int64_t evdev_deadline(struct scanner *s)
{
	struct evdev_src *e = s->priv;

	return evkbd_deadline(&e->kbd);
}

static int evdev_next(struct scanner *s, struct scan_event *ev)
{
	struct evdev_src *e = s->priv;

	return evkbd_next(&e->kbd, ev);
}

static int evdev_reconnect(struct scanner *s, struct pos_error *err)
{
	struct evdev_src *e = s->priv;
	int fd, one = 1, clk = CLOCK_MONOTONIC, grab_errno;

	fd = open(s->spec.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		if (errno == EACCES || errno == EPERM)
			return pos_fail(err, POS_ERR_PERM,
					scanner_tr("not allowed to read %s: add the till's user to "
						   "the \"input\" group (sudo usermod -aG input USER, "
						   "then log in again) or install "
						   "config/udev/60-ocop-pos.rules"), s->spec.path);
		if (errno == ENOENT || errno == ENODEV || errno == ENXIO)
			return pos_fail(err, POS_ERR_NOT_FOUND,
					scanner_tr("no input device %s: is the scanner plugged in? "
						   "(`ocop-pos scanner list` shows the candidates)"),
					s->spec.path);
		return pos_fail(err, POS_ERR_DEVICE, scanner_tr("cannot open %s: %s"), s->spec.path,
				strerror(errno));
	}
	e->fd = fd;
	e->grabbed = ioctl(fd, EVIOCGRAB, one) == 0;
	grab_errno = errno;
	e->monotonic = ioctl(fd, EVIOCSCLOCKID, &clk) == 0;
	if (e->grabbed)
		s->note[0] = '\0';
	else
		snprintf(s->note, sizeof(s->note),
			 scanner_tr("could not grab %s (%s): its keys also reach the console"),
			 s->spec.path,
			 strerror(grab_errno));
	return 0;
}

static void evdev_disconnect(struct scanner *s)
{
	struct evdev_src *e = s->priv;
	int zero = 0;

	scanbuf_finish(&e->kbd.buf, e->kbd.buf.t_last, NULL, 1);
	e->kbd.shift = e->kbd.other = 0;
	if (e->fd >= 0) {
		if (e->grabbed)
			ioctl(e->fd, EVIOCGRAB, zero);
		close(e->fd);
	}
	e->fd = -1;
	e->grabbed = 0;
}

static void evdev_destroy(struct scanner *s)
{
	free(s->priv);
	s->priv = NULL;
}

static const struct scanner_ops evdev_ops = {
	"evdev",
	evdev_pollfds,
	evdev_handle,
	evdev_deadline,
	evdev_next,
	evdev_reconnect,
	evdev_disconnect,
	evdev_destroy,
};

int evdev_source_open(struct scanner *s, struct pos_error *err)
{
	struct evdev_src *e;

	e = calloc(1, sizeof(*e));
	if (!e)
		return pos_fail(err, POS_ERR_NO_MEM, "%s",
				scanner_tr("out of memory opening the scanner"));
	evkbd_init(&e->kbd, &s->opts, s->name);
	e->fd = -1;
	s->ops = &evdev_ops;
	s->priv = e;
	return 0;
}
