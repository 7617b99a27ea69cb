/*
 * hid_pos.c - HID POS scanned-data report decoder (see hid_pos.h).
 *
 * The assembler (scanbuf) runs without a flush pause of its own: here the
 * report, not a suffix or a pause, ends a code, and only a missing
 * continuation needs the clock (t_more + flush_ns).
 */
#include "hid_pos.h"

#include <string.h>

#include "lib/err.h"

#define OFF_LEN 1
#define OFF_AIM 2
#define OFF_DATA 5
#define OFF_MORE 63

void hidpos_init(struct hidpos *p, const struct scanner_opts *o, const char *source)
{
	struct scanner_opts def;

	if (!o) {
		scanbuf_default_opts(&def);
		o = &def;
	}
	memset(p, 0, sizeof(*p));
	scanbuf_init(&p->buf, SCANNER_SUFFIX_NONE, 0, source);
	p->flush_ns = (int64_t)(o->flush_ms > 0 ? o->flush_ms : 100) * 1000000;
}

/* The AIM identifier at a: "]" + two printable characters, else "". */
static void read_aim(const uint8_t *a, char out[4])
{
	if (a[0] == ']' && a[1] > 0x20 && a[1] < 0x7f && a[2] > 0x20 && a[2] < 0x7f) {
		out[0] = ']';
		out[1] = (char)a[1];
		out[2] = (char)a[2];
		out[3] = '\0';
	} else {
		out[0] = '\0';
	}
}

int hidpos_feed(struct hidpos *p, const uint8_t *rep, size_t n, int64_t t_ns)
{
	size_t len, cap;
	int more;

	hidpos_tick(p, t_ns);
	if (!rep || n < 1) {
		p->bad_reports++;
		return POS_ERR_INVALID;
	}
	if (rep[0] != HIDPOS_REPORT_ID) {
		p->other_reports++;
		return 0;
	}
	if (n < OFF_DATA) {
		p->bad_reports++;
		return POS_ERR_INVALID;
	}
	cap = n >= HIDPOS_REPORT_LEN ? HIDPOS_DATA_MAX : n - OFF_DATA;
	if (cap > HIDPOS_DATA_MAX)
		cap = HIDPOS_DATA_MAX;
	len = rep[OFF_LEN];
	if (len > cap) {
		p->bad_reports++;
		return POS_ERR_INVALID;
	}
	more = n >= HIDPOS_REPORT_LEN && (rep[OFF_MORE] & 1);
	if (!p->more)
		read_aim(rep + OFF_AIM, p->aim);
	scanbuf_append(&p->buf, rep + OFF_DATA, len, t_ns);
	if (more) {
		p->more = 1;
		p->t_more = t_ns;
		return 0;
	}
	p->more = 0;
	scanbuf_finish(&p->buf, t_ns, p->aim, 0);
	return 0;
}

int64_t hidpos_deadline(const struct hidpos *p)
{
	return p->more ? p->t_more + p->flush_ns : -1;
}

void hidpos_tick(struct hidpos *p, int64_t now_ns)
{
	if (!p->more || now_ns < p->t_more + p->flush_ns)
		return;
	p->more = 0;
	scanbuf_finish(&p->buf, p->t_more, p->aim, 1);
}

int hidpos_next(struct hidpos *p, struct scan_event *ev)
{
	return scanbuf_next(&p->buf, ev);
}
