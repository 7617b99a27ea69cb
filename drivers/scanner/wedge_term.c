/*
 * wedge_term.c - the terminal as a scanner source (see wedge_term.h): the
 * burst detector (wedge.h) over standard input.
 *
 * The terminal is put in raw mode (no echo, no line editing; signals kept
 * so Ctrl-C still works) on connecting and restored on close or at the
 * end of input.  Standard input is polled with a zero timeout before each
 * read, so it is never switched to non-blocking (which would leak to the
 * shell sharing it).  Bytes read together get the same time stamp, which
 * is what they are: a burst.  A pipe is read as is.
 */
#include "wedge_term.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "scanbuf.h"
#include "scanner_source.h"
#include "wedge.h"

#define WEDGE_READ_MAX 256

struct wedge_term {
	struct wedge det;
	struct scanq q;
	int fd;
	int raw;                    /* terminal settings to restore */
	struct termios saved;
};

static void term_restore(struct wedge_term *t)
{
	if (t->raw) {
		tcsetattr(t->fd, TCSANOW, &t->saved);
		t->raw = 0;
	}
}

/* Move the detector's outputs: scans to our queue, keys to on_key. */
static void term_drain(struct scanner *s)
{
	struct wedge_term *t = s->priv;
	struct wedge_out o;

	while (wedge_next(&t->det, &o) != WEDGE_NONE) {
		if (o.kind == WEDGE_SCAN)
			scanq_push(&t->q, &o.scan);
		else if (s->opts.on_key)
			s->opts.on_key(s->opts.key_ctx, o.key);
	}
}

static int term_pollfds(struct scanner *s, struct pollfd *fds, int n)
{
	struct wedge_term *t = s->priv;

	if (n < 1)
		return 0;
	fds[0].fd = t->fd;
	fds[0].events = POLLIN;
	fds[0].revents = 0;
	return 1;
}

static int term_handle(struct scanner *s, int64_t now_ns, struct pos_error *err)
{
	struct wedge_term *t = s->priv;
	unsigned char buf[WEDGE_READ_MAX];
	struct pollfd p;
	ssize_t got;
	int i;

	(void)err;
	for (;;) {
		p.fd = t->fd;
		p.events = POLLIN;
		p.revents = 0;
		if (poll(&p, 1, 0) <= 0 || !(p.revents & (POLLIN | POLLHUP | POLLERR)))
			break;
		got = read(t->fd, buf, sizeof(buf));
		if (got < 0 && (errno == EINTR || errno == EAGAIN))
			break;
		if (got <= 0) {
			wedge_flush(&t->det);
			term_drain(s);
			term_restore(t);
			scanner_set_state(s, SCANNER_ENDED,
					  got == 0 ? scanner_tr("the input ended")
						   : scanner_tr("the terminal went away"));
			return 0;
		}
		for (i = 0; i < got; i++) {
			if (wedge_feed(&t->det, buf[i], now_ns) == POS_ERR_FULL) {
				term_drain(s);
				wedge_feed(&t->det, buf[i], now_ns);
			}
			term_drain(s);
		}
	}
	wedge_tick(&t->det, now_ns);
	term_drain(s);
	return 0;
}

static int64_t term_deadline(struct scanner *s)
{
	struct wedge_term *t = s->priv;

	return wedge_deadline(&t->det);
}

static int term_next(struct scanner *s, struct scan_event *ev)
{
	struct wedge_term *t = s->priv;

	return scanq_pop(&t->q, ev);
}

/* The first connection: raw mode on a terminal (nothing to do on a pipe). */
static int term_reconnect(struct scanner *s, struct pos_error *err)
{
	struct wedge_term *t = s->priv;
	struct termios raw;

	(void)err;
	if (!t->raw && isatty(t->fd) && tcgetattr(t->fd, &t->saved) == 0) {
		raw = t->saved;
		raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO | IEXTEN);
		raw.c_iflag &= ~(tcflag_t)(ICRNL | INLCR | IGNCR | IXON);
		raw.c_cc[VMIN] = 1;
		raw.c_cc[VTIME] = 0;
		if (tcsetattr(t->fd, TCSANOW, &raw) == 0)
			t->raw = 1;
	}
	return 0;
}

static void term_disconnect(struct scanner *s)
{
	struct wedge_term *t = s->priv;

	wedge_flush(&t->det);
	term_drain(s);
	term_restore(t);
}

static void term_destroy(struct scanner *s)
{
	struct wedge_term *t = s->priv;

	if (t)
		term_restore(t);
	free(t);
	s->priv = NULL;
}

static const struct scanner_ops term_ops = {
	"wedge",
	term_pollfds,
	term_handle,
	term_deadline,
	term_next,
	term_reconnect,
	term_disconnect,
	term_destroy,
};

int wedge_term_open(struct scanner *s, struct pos_error *err)
{
	struct wedge_term *t;

	t = calloc(1, sizeof(*t));
	if (!t)
		return pos_fail(err, POS_ERR_NO_MEM, "%s",
				scanner_tr("out of memory opening the terminal scanner"));
	wedge_init(&t->det, &s->opts, s->name);
	scanq_init(&t->q);
	t->fd = STDIN_FILENO;
	s->ops = &term_ops;
	s->priv = t;
	return 0;
}
