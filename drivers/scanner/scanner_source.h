/*
 * scanner_source.h - what a scanner source implements, for the sources in
 * drivers/scanner/ only (users include scanner.h).
 *
 * scanner.c owns the parts every source shares: the timerfd that wakes
 * poll() for timeouts and reconnection, the connected/disconnected state
 * with its sentence, and the retry clock.  A source fills s->ops and
 * s->priv in its open function and reports trouble with scanner_lost();
 * scanner.c then calls ops->disconnect and, every retry_ms,
 * ops->reconnect until it succeeds.
 */
#ifndef OCOP_SCANNER_SOURCE_H
#define OCOP_SCANNER_SOURCE_H

#include <stdint.h>

#include "lib/err.h"
#include "drivers/scanner/scanner.h"

struct pollfd;

struct scanner_ops {
	const char *name;
	/* Device descriptors to poll while connected; returns the count. */
	int (*pollfds)(struct scanner *s, struct pollfd *fds, int n);
	/* Non-blocking work at now_ns while connected: 0 or POS_ERR_NO_MEM. */
	int (*handle)(struct scanner *s, int64_t now_ns, struct pos_error *err);
	/* When handle() must run without input (partial flush), or -1. */
	int64_t (*deadline)(struct scanner *s);
	/* Take the oldest scan: 1 or 0. */
	int (*next)(struct scanner *s, struct scan_event *ev);
	/* Open the device again: 0 (connected) or an error with a message. */
	int (*reconnect)(struct scanner *s, struct pos_error *err);
	/* Release the device but keep the source (flush a pending code). */
	void (*disconnect)(struct scanner *s);
	/* Free s->priv (the device is released already). */
	void (*destroy)(struct scanner *s);
};

struct scanner {
	const struct scanner_ops *ops;
	struct device_spec spec;
	struct scanner_opts opts;
	char name[64];              /* spec text, the events' source */
	enum scanner_state state;
	char state_msg[POS_ERRMSG_MAX];
	char note[POS_ERRMSG_MAX];  /* set by reconnect: a remark while connected
				     * ("keys also reach the console") */
	unsigned state_seq;
	int tfd;                    /* timerfd (CLOCK_MONOTONIC), -1 if none */
	int64_t retry_at;           /* next reconnect attempt while disconnected */
	void *priv;
};

/*
 * A source lost its device (unplugged, read error): flush, release it via
 * ops->disconnect, go SCANNER_DISCONNECTED with msg and retry later.
 */
void scanner_lost(struct scanner *s, const char *msg);

/*
 * Set the state and its sentence (msg may be NULL for ""), counting a
 * change in state_seq.
 */
void scanner_set_state(struct scanner *s, enum scanner_state st, const char *msg);

/*
 * msgid in the user's language, through scanner_set_tr() (English when
 * none was given).  Every sentence a source writes goes through it.
 */
const char *scanner_tr(const char *msgid) __attribute__((format_arg(1)));

/*
 * The sources' constructors: allocate s->priv and set s->ops; scanner.c
 * then connects with ops->reconnect.  (The terminal's is in wedge_term.h.)
 */
int usbscan_source_open(struct scanner *s, struct pos_error *err);
int evdev_source_open(struct scanner *s, struct pos_error *err);
int serial_source_open(struct scanner *s, struct pos_error *err);

#endif
