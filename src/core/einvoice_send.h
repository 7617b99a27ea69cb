/*
 * einvoice_send.h - the e-invoice outbox's sender and the provider
 * adapters behind a small vtable.
 *
 * einvoice_send() takes the queued invoices in issue order and hands each
 * to the configured provider over HTTPS (libcurl, certificates verified).
 * The state is committed as "sending" before a request leaves, so a
 * process killed mid-send is noticed at the next run: the provider is
 * first asked whether it already has that invoice (look-up by the
 * invoice's key, the sale's UUID), and only then is it sent again.  A
 * timeout or a dropped connection is handled the same way, since the
 * provider may have stored the invoice before the answer was lost.  So an
 * invoice is never created twice, and nothing is lost: anything that did
 * not get a definite answer stays queued with a backoff.
 *
 *   queued --(send)--> sending --> accepted
 *                              \-> rejected (reason)   -- resend --> queued
 *                              \-> queued (error, next try after backoff)
 *
 * Adjustments, replacements and cancel notices wait until the invoice
 * they refer to is accepted (the provider needs its number).
 *
 * Two senders at once (the till's background send and a command): each
 * claims an invoice before sending it (einvoice_claim: the attempts count
 * as a version), so only one sends it; an invoice claimed by a sender
 * that is still waiting for its answer is left alone until the claim is
 * older than twice the request timeout, when its sender must have died.
 */
#ifndef OCOP_EINVOICE_SEND_H
#define OCOP_EINVOICE_SEND_H

#include <stddef.h>

#include "lib/err.h"

struct db;
struct einv_doc;

enum einv_outcome {
	EINV_OK = 0,        /* the provider has the invoice (created or found) */
	EINV_REJECT = 1,    /* refused for good: reason says why */
	EINV_RETRY = 2,     /* no definite answer: try again later */
	EINV_ABSENT = 3,    /* look-up: the provider does not have it */
};

struct einv_answer {
	int outcome;             /* enum einv_outcome */
	int unsure;              /* RETRY after the request may have arrived */
	int fatal;               /* RETRY that stops this run (no network, login refused) */
	char reason[256];
	char provider_no[64];
};

/* What an adapter is opened with.  Strings are borrowed for the call. */
struct einv_provider_conf {
	const char *endpoint;        /* base URL, https:// */
	const char *user, *password; /* from the credentials file */
	const char *seller_tax_code;
	long timeout_ms;             /* per request */
	const char *ca_file;         /* extra trusted CA bundle, or NULL */
};

struct einv_provider_ops {
	const char *name;
	int (*open)(const struct einv_provider_conf *c, void **state, struct pos_error *err);
	/* Does the provider have this invoice?  OK (with its number), ABSENT,
	 * or RETRY. */
	void (*lookup)(void *state, const struct einv_doc *d, struct einv_answer *a);
	/* Create the invoice (or send the cancel notice). */
	void (*submit)(void *state, const struct einv_doc *d, struct einv_answer *a);
	void (*close)(void *state);
};

/* The adapter called name, or NULL. */
const struct einv_provider_ops *einv_provider_find(const char *name);
/* The known names, comma-separated, for messages. */
const char *einv_provider_names(void);

/* The Viettel S-Invoice adapter (einvoice_viettel.c). */
extern const struct einv_provider_ops einv_viettel_ops;

struct einv_send_opts {
	int force;             /* ignore the backoff: send everything waiting now */
	long timeout_ms;       /* per request; 0 = 60 s */
	int tries;             /* attempts per invoice in this run; 0 = 3 */
	long retry_ms;         /* first pause between attempts; 0 = 500 ms, doubling */
	size_t limit;          /* at most this many invoices; 0 = all */
};

struct einv_send_stats {
	int accepted, rejected, retry, waiting;
	char last_error[256];
};

/*
 * Send what is due.  POS_ERR_REFUSED when e-invoicing is not set up or no
 * provider is configured; POS_ERR_IO/POS_ERR_INVALID when the credentials
 * file cannot be read.  Otherwise 0 with *stats (a provider being down is
 * not an error of this call: the invoices stay queued and stats->retry
 * says how many).
 */
int einvoice_send(struct db *db, const struct einv_send_opts *opts, struct einv_send_stats *stats,
		  struct pos_error *err);

/*
 * Read a credentials file: lines "user=..." and "password=..." (blank
 * lines and # comments allowed).  Refused (POS_ERR_REFUSED) when the file
 * may be read by group or others.
 */
int einvoice_read_credentials(const char *path, char *user, size_t un, char *password,
			      size_t pn, struct pos_error *err);

#endif
