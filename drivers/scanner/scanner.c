/*
 * scanner.c - the scanner interface (scanner.h): open a source by spec,
 * and the parts every source shares (scanner_source.h).
 *
 * Each scanner owns one timerfd.  Before every poll(), scanner_pollfds()
 * arms it for the earliest thing that must happen without input: a code
 * waiting for its suffix must be flushed, or a disconnected scanner must
 * be looked for again.  So the loop that polls never computes timeouts of
 * its own and can sleep with -1.  scanner_handle() reads whatever is
 * ready (sources never block: they poll their fds with a zero timeout or
 * read non-blocking descriptors), then runs the reconnect clock.
 *
 * Opening is two steps for every source: its open function allocates its
 * state and sets the ops; ops->reconnect makes the first connection, so
 * "not plugged in yet" and "unplugged a minute ago" are the same path.
 */
#include "scanner.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "scanbuf.h"
#include "scanner_source.h"
#include "wedge_term.h"

#define DEF_GAP_MS SCANNER_DEF_GAP_MS
#define DEF_MIN_LEN SCANNER_DEF_MIN_LEN
#define DEF_FLUSH_MS SCANNER_DEF_FLUSH_MS
#define DEF_RETRY_MS SCANNER_DEF_RETRY_MS

static const char *(*tr_fn)(const char *msgid);

void scanner_set_tr(const char *(*fn)(const char *msgid))
{
	tr_fn = fn;
}

const char *scanner_tr(const char *msgid)
{
	const char *t;

	if (!tr_fn || !msgid)
		return msgid;
	t = tr_fn(msgid);
	return t ? t : msgid;
}

void scanner_opts_init(struct scanner_opts *o)
{
	scanbuf_default_opts(o);
}

int64_t scanner_now_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

const char *scanner_state_name(enum scanner_state st)
{
	switch (st) {
	case SCANNER_CONNECTED: return "connected";
	case SCANNER_DISCONNECTED: return "disconnected";
	case SCANNER_ENDED: return "ended";
	}
	return "unknown";
}

void scanner_set_state(struct scanner *s, enum scanner_state st, const char *msg)
{
	const char *m = msg ? msg : "";

	if (s->state == st && strcmp(s->state_msg, m) == 0)
		return;
	s->state = st;
	snprintf(s->state_msg, sizeof(s->state_msg), "%s", m);
	s->state_seq++;
}

void scanner_lost(struct scanner *s, const char *msg)
{
	if (s->state == SCANNER_CONNECTED && s->ops->disconnect)
		s->ops->disconnect(s);
	scanner_set_state(s, SCANNER_DISCONNECTED, msg);
	s->retry_at = scanner_now_ns() + (int64_t)s->opts.retry_ms * 1000000;
}

/* ---- the null source: never scans (tests, a till without scanner) ---- */

static int null_pollfds(struct scanner *s, struct pollfd *fds, int n)
{
	(void)s;
	(void)fds;
	(void)n;
	return 0;
}

static int null_handle(struct scanner *s, int64_t now_ns, struct pos_error *err)
{
	(void)s;
	(void)now_ns;
	(void)err;
	return 0;
}

static int64_t null_deadline(struct scanner *s)
{
	(void)s;
	return -1;
}

static int null_next(struct scanner *s, struct scan_event *ev)
{
	(void)s;
	(void)ev;
	return 0;
}

static int null_reconnect(struct scanner *s, struct pos_error *err)
{
	(void)s;
	(void)err;
	return 0;
}

static const struct scanner_ops null_ops = {
	"null", null_pollfds, null_handle, null_deadline, null_next, null_reconnect,
	NULL, NULL,
};

/* ---- the interface -------------------------------------------------- */

static void sanitize(struct scanner_opts *o)
{
	if (o->gap_ms <= 0)
		o->gap_ms = DEF_GAP_MS;
	if (o->min_len <= 0)
		o->min_len = DEF_MIN_LEN;
	if (o->min_len > SCAN_CODE_MAX - 1)
		o->min_len = SCAN_CODE_MAX - 1;
	if (o->flush_ms <= 0)
		o->flush_ms = DEF_FLUSH_MS;
	if (o->retry_ms <= 0)
		o->retry_ms = DEF_RETRY_MS;
	if (o->suffix < 0 || o->suffix > 0x7e)
		o->suffix = SCANNER_SUFFIX_ENTER;
}

static void destroy(struct scanner *s)
{
	if (s->ops && s->ops->destroy)
		s->ops->destroy(s);
	if (s->tfd >= 0)
		close(s->tfd);
	free(s);
}

int scanner_open(const struct device_spec *spec, const struct scanner_opts *o,
		 struct scanner **out, struct pos_error *err)
{
	struct scanner *s;
	struct pos_error e;
	int r;

	s = calloc(1, sizeof(*s));
	if (!s)
		return pos_fail(err, POS_ERR_NO_MEM, "%s",
				scanner_tr("out of memory opening the scanner"));
	s->tfd = -1;
	s->spec = *spec;
	if (o)
		s->opts = *o;
	else
		scanner_opts_init(&s->opts);
	sanitize(&s->opts);
	if (device_spec_format(spec, s->name, sizeof(s->name)) != 0)
		snprintf(s->name, sizeof(s->name), "scanner");
	s->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (s->tfd < 0) {
		r = pos_fail(err, errno == ENOMEM ? POS_ERR_NO_MEM : POS_ERR_IO,
			     scanner_tr("cannot create a timer for the scanner: %s"),
			     strerror(errno));
		goto fail;
	}
	switch (spec->kind) {
	case DEVICE_WEDGE:
		r = wedge_term_open(s, err);
		break;
	case DEVICE_USB:
		r = usbscan_source_open(s, err);
		break;
	case DEVICE_EVDEV:
		r = evdev_source_open(s, err);
		break;
	case DEVICE_SERIAL:
		r = serial_source_open(s, err);
		break;
	case DEVICE_NULL:
		s->ops = &null_ops;
		r = 0;
		break;
	default:
		r = pos_fail(err, POS_ERR_INVALID,
			     scanner_tr("%s is a printer connection: a scanner is wedge, usb:VID:PID, "
					"usb:auto, evdev:/dev/input/eventN or serial:/dev/ttyACM0"),
			     s->name);
		break;
	}
	if (r)
		goto fail;
	pos_error_clear(&e);
	r = s->ops->reconnect(s, &e);
	if (r) {
		if (!s->opts.allow_absent || r == POS_ERR_NO_MEM || r == POS_ERR_INVALID) {
			pos_fail(err, (enum pos_err)r, "%s", pos_error_text(&e));
			goto fail;
		}
		s->state = SCANNER_CONNECTED;  /* so scanner_lost() counts a change */
		s->state_seq = 0;
		scanner_set_state(s, SCANNER_DISCONNECTED, pos_error_text(&e));
		s->retry_at = scanner_now_ns() + (int64_t)s->opts.retry_ms * 1000000;
	} else {
		s->state = SCANNER_CONNECTED;
		snprintf(s->state_msg, sizeof(s->state_msg), "%s", s->note);
	}
	*out = s;
	return 0;

fail:
	destroy(s);
	return r;
}

void scanner_close(struct scanner *s)
{
	if (!s)
		return;
	if (s->state == SCANNER_CONNECTED && s->ops && s->ops->disconnect)
		s->ops->disconnect(s);
	destroy(s);
}

/* Arm the timer for the earliest deadline (absolute, monotonic ns). */
static void arm(struct scanner *s, int64_t when)
{
	struct itimerspec its;

	memset(&its, 0, sizeof(its));
	if (when >= 0) {
		if (when < 1)
			when = 1;
		its.it_value.tv_sec = (time_t)(when / 1000000000);
		its.it_value.tv_nsec = (long)(when % 1000000000);
	}
	timerfd_settime(s->tfd, TFD_TIMER_ABSTIME, &its, NULL);
}

int scanner_pollfds(struct scanner *s, struct pollfd *fds, int n)
{
	int k = 0;
	int64_t when = -1;

	if (n > SCANNER_MAX_FDS)
		n = SCANNER_MAX_FDS;
	if (n <= 0)
		return 0;
	if (s->state == SCANNER_CONNECTED) {
		k = s->ops->pollfds(s, fds, n - 1);
		when = s->ops->deadline(s);
	} else if (s->state == SCANNER_DISCONNECTED) {
		when = s->retry_at;
	}
	arm(s, when);
	if (when >= 0) {
		fds[k].fd = s->tfd;
		fds[k].events = POLLIN;
		fds[k].revents = 0;
		k++;
	}
	return k;
}

int scanner_handle(struct scanner *s, struct pos_error *err)
{
	uint64_t expirations;
	struct pos_error e;
	int64_t now;
	int r;

	while (read(s->tfd, &expirations, sizeof(expirations)) > 0)
		;
	now = scanner_now_ns();
	if (s->state == SCANNER_CONNECTED) {
		r = s->ops->handle(s, now, err);
		if (r)
			return r;
	}
	if (s->state == SCANNER_DISCONNECTED && now >= s->retry_at) {
		pos_error_clear(&e);
		r = s->ops->reconnect(s, &e);
		if (r == POS_ERR_NO_MEM)
			return pos_fail(err, r, "%s", pos_error_text(&e));
		if (r == 0) {
			scanner_set_state(s, SCANNER_CONNECTED, s->note);
		} else {
			scanner_set_state(s, SCANNER_DISCONNECTED, pos_error_text(&e));
			s->retry_at = now + (int64_t)s->opts.retry_ms * 1000000;
		}
	}
	return 0;
}

int scanner_next(struct scanner *s, struct scan_event *ev)
{
	return s->ops->next(s, ev);
}

enum scanner_state scanner_state(const struct scanner *s)
{
	return s->state;
}

const char *scanner_state_text(const struct scanner *s)
{
	return s->state_msg;
}

unsigned scanner_state_seq(const struct scanner *s)
{
	return s->state_seq;
}

const char *scanner_name(const struct scanner *s)
{
	return s->name;
}

int scanner_suffix_parse(const char *s, int *suffix, struct pos_error *err)
{
	if (!s)
		return pos_fail(err, POS_ERR_INVALID, "%s", scanner_tr("no suffix given"));
	if (strcmp(s, "enter") == 0 || strcmp(s, "cr") == 0 || strcmp(s, "lf") == 0)
		*suffix = SCANNER_SUFFIX_ENTER;
	else if (strcmp(s, "tab") == 0)
		*suffix = SCANNER_SUFFIX_TAB;
	else if (strcmp(s, "none") == 0)
		*suffix = SCANNER_SUFFIX_NONE;
	else if (s[0] > 0x20 && s[0] < 0x7f && s[1] == '\0')
		*suffix = s[0];
	else
		return pos_fail(err, POS_ERR_INVALID,
				scanner_tr("unknown scanner suffix \"%s\": use enter, tab, none or "
					   "one character"), s);
	return 0;
}
