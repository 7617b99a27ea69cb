/*
 * einvoice_send.c - the outbox sender (see einvoice_send.h): picks the
 * due invoices, drives a provider adapter through look-up and submit, and
 * records each answer as the invoice's state, one small committed update
 * at a time so a kill at any point loses nothing.
 */
#include "einvoice_send.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "clock.h"
#include "db.h"
#include "einvoice.h"
#include "einvoice_xml.h"
#include "fileio.h"
#include "i18n.h"
#include "vntext.h"

static const struct einv_provider_ops *const providers[] = {
	&einv_viettel_ops,
};

const struct einv_provider_ops *einv_provider_find(const char *name)
{
	size_t i;

	for (i = 0; name && i < sizeof(providers) / sizeof(providers[0]); i++)
		if (strcmp(providers[i]->name, name) == 0)
			return providers[i];
	return NULL;
}

const char *einv_provider_names(void)
{
	return "viettel";
}

int einvoice_read_credentials(const char *path, char *user, size_t un, char *password,
			      size_t pn, struct pos_error *err)
{
	struct stat sb;
	char *data = NULL, *line, *next;
	int r, got_user = 0, got_pw = 0;

	if (stat(path, &sb) == 0 && (sb.st_mode & 077))
		return pos_fail(err, POS_ERR_REFUSED,
				tr("credentials: %s may be read by others: chmod 600 it first"),
				path);
	if ((r = fileio_read(path, 4096, &data, NULL, err)))
		return r;
	for (line = data; line && *line; line = next) {
		size_t n;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		n = strlen(line);
		if (n && line[n - 1] == '\r')
			line[--n] = '\0';
		if (strncmp(line, "user=", 5) == 0) {
			vn_copy(user, un, line + 5);
			got_user = 1;
		} else if (strncmp(line, "password=", 9) == 0) {
			vn_copy(password, pn, line + 9);
			got_pw = 1;
		}
	}
	/* the password does not linger in freed memory */
	memset(data, 0, strlen(data));
	free(data);
	if (!got_user || !got_pw)
		return pos_fail(err, POS_ERR_INVALID,
				tr("credentials: %s needs a line user=... and a line password=..."),
				path);
	return 0;
}

struct due {
	long long id;
	char receipt_no[48];
	char state[12];
};

static void due_row(sqlite3_stmt *st, void *item)
{
	struct due *d = item;

	d->id = sqlite3_column_int64(st, 0);
	db_col_copy(st, 1, d->receipt_no, sizeof(d->receipt_no));
	db_col_copy(st, 2, d->state, sizeof(d->state));
}

/*
 * What is due: queued invoices past their backoff (all with force); those
 * a sender released without a definite answer (state sending, next try
 * set) likewise; and those a sender claimed (next try empty) but did not
 * release for stale_s seconds: its process died mid-send.  One claimed by
 * a sender that is still waiting for its answer is left alone.
 */
static int load_due(struct db *db, int force, size_t limit, long stale_s, struct due **out,
		    size_t *n, struct pos_error *err)
{
	char now[CLOCK_TS_LEN], stale[CLOCK_TS_LEN];
	sqlite3_stmt *st;
	void *rows = NULL;
	time_t t = clock_now();
	int r;

	clock_format_utc(t, now);
	clock_format_utc(t - stale_s, stale);
	if ((r = db_prepare(db, "SELECT e.id, s.receipt_no, e.state FROM einvoice e "
			    "JOIN sale s ON s.id = e.sale_id "
			    "WHERE (e.state = 'queued' AND (?1 OR e.next_try_at <= ?2)) "
			    "OR (e.state = 'sending' AND e.next_try_at <> '' "
			    "    AND (?1 OR e.next_try_at <= ?2)) "
			    "OR (e.state = 'sending' AND e.next_try_at = '' AND e.updated_at <= ?4) "
			    "ORDER BY e.id LIMIT ?3", &st, err)))
		return r;
	sqlite3_bind_int(st, 1, force ? 1 : 0);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, limit ? (long long)limit : -1);
	sqlite3_bind_text(st, 4, stale, -1, SQLITE_STATIC);
	if ((r = db_rows(db, st, sizeof(struct due), due_row, "listing e-invoices to send", &rows, n,
			 err)))
		return r;
	*out = rows;
	return 0;
}

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0)
		;
}

/* Backoff for the next run after `attempts` runs: 30 s doubling, ≤ 1 h. */
static int backoff_s(int attempts)
{
	int s = 30;

	while (attempts-- > 1 && s < 3600)
		s *= 2;
	return s > 3600 ? 3600 : s;
}

/* Send one invoice; returns 1 when the run should stop (fatal). */
static int send_one(struct db *db, const struct einv_provider_ops *ops, void *ps,
		    const struct due *du, const struct einv_send_opts *o,
		    struct einv_send_stats *stats, struct pos_error *err, int *dberr)
{
	struct einv_doc d;
	struct einv_answer a;
	struct pos_error e;
	int k, tries = o->tries > 0 ? o->tries : 3, unsure = 0, r;
	long pause = o->retry_ms > 0 ? o->retry_ms : 500;

	*dberr = 0;
	if ((r = einv_doc_load(db, du->receipt_no, &d, &e))) {
		*dberr = r;
		*err = e;
		return 1;
	}
	if (strcmp(d.inv.kind, "original") != 0 && strcmp(d.inv.ref_state, "accepted") != 0) {
		stats->waiting++;
		einv_doc_release(&d);
		return 0;
	}
	/* a previous run may have got it there: ask before sending again */
	if (strcmp(du->state, "sending") == 0)
		unsure = 1;
	if ((r = einvoice_claim(db, d.inv.id, d.inv.attempts, err))) {
		einv_doc_release(&d);
		if (r == POS_ERR_BUSY)
			return 0;    /* another sender has it */
		*dberr = r;
		return 1;
	}
	memset(&a, 0, sizeof(a));
	for (k = 0; k < tries; k++) {
		if (k > 0) {
			pause_ms(pause);
			pause *= 2;
		}
		if (unsure && ops->lookup && strcmp(d.inv.kind, "cancel") != 0) {
			memset(&a, 0, sizeof(a));
			ops->lookup(ps, &d, &a);
			if (a.outcome == EINV_OK)
				break;
			if (a.outcome == EINV_RETRY) {
				if (a.fatal)
					break;
				continue;
			}
		}
		memset(&a, 0, sizeof(a));
		ops->submit(ps, &d, &a);
		if (a.outcome != EINV_RETRY || a.fatal)
			break;
		if (a.unsure)
			unsure = 1;
	}
	if (a.outcome == EINV_OK) {
		r = einvoice_mark_accepted(db, d.inv.id, a.provider_no, err);
		stats->accepted++;
	} else if (a.outcome == EINV_REJECT) {
		r = einvoice_mark_rejected(db, d.inv.id, a.reason, err);
		stats->rejected++;
	} else {
		/* no definite answer: back in the queue; when the request may
		 * have arrived the state stays 'sending', so the next run asks
		 * the provider before sending again */
		r = einvoice_mark_retry(db, d.inv.id, a.reason, backoff_s(d.inv.attempts + 1),
					unsure, err);
		stats->retry++;
		VN_COPY(stats->last_error, a.reason);
	}
	einv_doc_release(&d);
	if (r) {
		*dberr = r;
		return 1;
	}
	return a.outcome == EINV_RETRY && a.fatal;
}

int einvoice_send(struct db *db, const struct einv_send_opts *opts, struct einv_send_stats *stats,
		  struct pos_error *err)
{
	struct einv_send_opts o;
	struct einv_send_stats s;
	struct einv_settings set;
	struct einv_provider_conf conf;
	const struct einv_provider_ops *ops;
	struct due *due = NULL;
	char user[128], password[256], tax[16] = "";
	const char *ca;
	void *ps = NULL;
	size_t n = 0, i;
	int r, enabled, dberr;

	memset(&o, 0, sizeof(o));
	if (opts)
		o = *opts;
	memset(&s, 0, sizeof(s));
	if ((r = einvoice_settings_get(db, &set, &enabled, err)))
		return r;
	if (!enabled)
		return pos_fail(err, POS_ERR_REFUSED, "%s",
				tr("e-invoices are not set up: run einvoice setup first"));
	ops = einv_provider_find(set.provider);
	if (!ops)
		return pos_fail(err, POS_ERR_REFUSED, "%s",
				tr("no e-invoice provider is configured: the invoices stay queued"));
	if ((r = load_due(db, o.force, o.limit,
			  2 * (o.timeout_ms > 0 ? o.timeout_ms : 60000) / 1000 + 1, &due, &n, err)))
		return r;
	if (n == 0) {
		*stats = s;
		return 0;
	}
	if ((r = einvoice_read_credentials(set.credentials, user, sizeof(user), password,
					   sizeof(password), err)))
		goto out;
	{
		struct einv_doc first;

		/* the seller's tax code as recorded on the first due document */
		if ((r = einv_doc_load(db, due[0].receipt_no, &first, err)))
			goto out;
		VN_COPY(tax, first.sale.seller_tax_code);
		einv_doc_release(&first);
	}
	ca = getenv("OCOP_POS_CA_FILE");
	memset(&conf, 0, sizeof(conf));
	conf.endpoint = set.endpoint;
	conf.user = user;
	conf.password = password;
	conf.seller_tax_code = tax;
	conf.timeout_ms = o.timeout_ms > 0 ? o.timeout_ms : 60000;
	conf.ca_file = ca && ca[0] ? ca : NULL;
	r = ops->open(&conf, &ps, err);
	memset(password, 0, sizeof(password));
	if (r)
		goto out;
	for (i = 0; i < n; i++) {
		if (send_one(db, ops, ps, &due[i], &o, &s, err, &dberr)) {
			if (dberr) {
				r = dberr;
				break;
			}
			/* provider unreachable: the rest stay queued as they are */
			break;
		}
	}
	ops->close(ps);
out:
	free(due);
	if (r)
		return r;
	*stats = s;
	return 0;
}
