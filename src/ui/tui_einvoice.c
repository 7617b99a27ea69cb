/*
 * tui_einvoice.c - the till's side of the e-invoice outbox: the counts on
 * the status bar and sending in the background.
 *
 * The counts (waiting = queued + sending, rejected) are read from core
 * (einvoice_counts) at login, after each sale, after each send and every
 * 30 seconds, never at every repaint.  Nothing is shown when e-invoicing
 * is not set up.
 *
 * Background sending: a completed sale or a shift close marks the outbox
 * due (tui_einv_queued).  The loop calls tui_einv_idle once a second; it
 * sends only when the keyboard has been quiet for EINV_QUIET_NS, and then
 * ONE invoice (einv_send_opts.limit = 1) with one try and a short
 * per-request timeout, so the longest the cashier can wait for a key is
 * one invoice's requests (log in + send, EINV_BG_TIMEOUT_MS each).  When
 * the provider gives no definite answer (down, no network), background
 * sending pauses for EINV_PAUSE_NS; the invoices stay queued (core keeps
 * them durable and never sends one twice).  The manager's screen sends
 * everything now with the normal timeouts (screen_einvoice.c).
 */
#include "ui/tui.h"

#include <string.h>
#include <time.h>

#include "core/einvoice.h"
#include "core/einvoice_send.h"

#define EINV_QUIET_NS (2LL * 1000000000)      /* no key for 2 s */
#define EINV_PAUSE_NS (60LL * 1000000000)     /* after the provider did not answer */
#define EINV_RECOUNT_NS (30LL * 1000000000)
#define EINV_BG_TIMEOUT_MS 2000L

static int64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void tui_einv_refresh(struct tui *t)
{
	struct einv_settings s;
	struct einv_counts c;
	struct pos_error err;
	int on = 0;

	t->einv_counted_ns = mono_ns();
	if (einvoice_settings_get(t->db, &s, &on, &err) || !on) {
		if (t->einv_on)
			t->dirty |= TUI_REPAINT_STATUS;
		t->einv_on = 0;
		t->einv_waiting = t->einv_rejected = 0;
		return;
	}
	if (einvoice_counts(t->db, &c, &err))
		return;                  /* keep the last counts */
	if (!t->einv_on || c.waiting != t->einv_waiting || c.rejected != t->einv_rejected)
		t->dirty |= TUI_REPAINT_STATUS;
	t->einv_on = 1;
	t->einv_waiting = c.waiting;
	t->einv_rejected = c.rejected;
}

void tui_einv_queued(struct tui *t)
{
	tui_einv_refresh(t);
	if (t->einv_on && t->einv_waiting > 0)
		t->einv_due = 1;
}

void tui_einv_idle(struct tui *t, int64_t now)
{
	struct einv_send_opts o;
	struct einv_send_stats st;
	struct pos_error err;

	if (!t->logged_in)
		return;
	if (now - t->einv_counted_ns >= EINV_RECOUNT_NS)
		tui_einv_refresh(t);
	if (!t->einv_due || !t->einv_on)
		return;
	if (t->einv_waiting <= 0) {
		t->einv_due = 0;
		return;
	}
	if (now < t->einv_next_ns || now - t->last_key_ns < EINV_QUIET_NS)
		return;
	memset(&o, 0, sizeof(o));
	o.limit = 1;
	o.tries = 1;
	o.timeout_ms = EINV_BG_TIMEOUT_MS;
	memset(&st, 0, sizeof(st));
	if (einvoice_send(t->db, &o, &st, &err)) {
		/* not set up for sending (no provider, credentials): stop until
		 * the next sale says there is something new */
		t->einv_due = 0;
		tui_einv_refresh(t);
		return;
	}
	if (st.retry > 0 || (st.accepted == 0 && st.rejected == 0))
		t->einv_next_ns = mono_ns() + EINV_PAUSE_NS;   /* nothing due or no answer */
	tui_einv_refresh(t);
	if (t->einv_waiting <= 0 || t->einv_next_ns > mono_ns())
		t->einv_due = t->einv_waiting > 0;
}
