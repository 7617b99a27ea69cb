/*
 * mgr_common.c - what the manager's screens share (manager.h): dates,
 * the database's folder, typed quantities and percentages, naming a
 * product or a producer the way people do (a code, or a few words of the
 * name without accents), and the small list to pick a product from when
 * the words match several.
 */
#include "lib/utf8.h"
#include "ui/manager.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/clock.h"
#include "core/field.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/producer.h"
#include "core/refdata.h"
#include "core/vntext.h"
#include "ui/widget.h"

void mgr_copy(char *dst, size_t n, const char *src)
{
	size_t len;

	if (n == 0)
		return;
	len = src ? strlen(src) : 0;
	if (len >= n) {
		len = n - 1;
		while (len > 0 && ((unsigned char)src[len] & 0xc0) == 0x80)
			len--;
	}
	if (len)
		memcpy(dst, src, len);
	dst[len] = '\0';
}

int mgr_wrap(int y, int x, int w, int maxlines, attr_t attr, const char *text)
{
	const char *s = text ? text : "";
	char line[1024];
	int n = 0;

	while (*s && n < maxlines && w > 0) {
		const char *nl = strchr(s, '\n');
		size_t linelen = nl ? (size_t)(nl - s) : strlen(s), fit, brk, i;

		fit = vn_fit(s, w, NULL);
		if (fit > linelen)
			fit = linelen;
		brk = fit;
		if (fit < linelen) {
			for (i = fit; i > 0 && s[i] != ' '; i--)
				;
			if (i > 0)
				brk = i;
		}
		if (brk == 0)
			brk = fit ? fit : 1;
		if (brk >= sizeof(line))
			brk = sizeof(line) - 1;
		memcpy(line, s, brk);
		line[brk] = '\0';
		tui_text(y + n, x, w, TA_LEFT, attr, line);
		n++;
		s += brk;
		while (*s == ' ')
			s++;
		if (*s == '\n')
			s++;
	}
	return n;
}

void mgr_today(char out[11])
{
	clock_local_date(clock_now(), out);
}

const char *mgr_dir(const struct tui *t, char *buf, size_t n)
{
	const char *slash = t->db_path ? strrchr(t->db_path, '/') : NULL;
	char rel[PATH_MAX], abs[PATH_MAX];

	if (!slash)
		snprintf(rel, sizeof(rel), ".");
	else if (slash == t->db_path)
		snprintf(rel, sizeof(rel), "/");
	else
		snprintf(rel, sizeof(rel), "%.*s", (int)(slash - t->db_path), t->db_path);
	/* Say where files go in full: "./x.csv" means nothing to a manager. */
	if (realpath(rel, abs))
		mgr_copy(buf, n, abs);
	else
		mgr_copy(buf, n, rel);
	return buf;
}

int mgr_yes(const char *s)
{
	static const char *const yes[] = { "c", "co", "có", "y", "yes", "1", "x" };
	char w[16], folded[16];
	size_t i;

	snprintf(w, sizeof(w), "%s", s ? s : "");
	field_trim(w);
	vn_fold(w, folded, sizeof(folded));
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (strcmp(folded, yes[i]) == 0 || strcmp(w, yes[i]) == 0)
			return 1;
	return 0;
}

int mgr_product_for_code(struct tui *t, const char *code, struct product *out,
			 struct pos_error *err)
{
	return catalog_lookup(t->db, code, out, err);
}

/* ---- naming a product ---------------------------------------------------- */

#define PICK_MAX 50

struct pick_hit {
	long long id;
	char sku[PRODUCT_SKU_MAX];
	char name[PRODUCT_NAME_MAX];
	char unit[32];
	int stars;
};

struct pick {
	char query[128];
	struct pick_hit hits[PICK_MAX];
	int n;
	struct wlist list;
	mgr_product_cb cb;
	void *ctx;
};

static int collect_hit(void *vctx, const struct catalog_hit *h)
{
	struct pick *p = vctx;
	struct pick_hit *o;

	if (p->n >= PICK_MAX)
		return 1;
	o = &p->hits[p->n++];
	o->id = h->id;
	snprintf(o->sku, sizeof(o->sku), "%s", h->sku ? h->sku : "");
	snprintf(o->name, sizeof(o->name), "%s", h->name ? h->name : "");
	snprintf(o->unit, sizeof(o->unit), "%s", h->unit ? h->unit : "");
	o->stars = h->stars;
	return 0;
}

struct prow {
	struct pick *p;
	struct tui *t;
};

static void draw_pick(void *ctx, int i, int y, int x, int w, int selected)
{
	struct prow *r = ctx;
	const struct pick_hit *h = &r->p->hits[i];
	attr_t a = selected ? tui_attr(TR_SEL) : tui_attr(TR_DIALOG);

	tui_fill(y, x, 1, w, a);
	tui_text(y, x, 14, TA_LEFT, a, h->sku);
	tui_name(y, x + 15, w - 15 - 6, a, h->name);
	tui_text(y, x + w - 5, 5, TA_LEFT, a, tui_stars(r->t, h->stars));
}

static void pick_draw(struct tui *t, void *st, struct tui_rect area)
{
	struct pick *p = st;
	struct prow r = { p, t };
	char title[200];
	int h = p->n + 4 < area.h ? p->n + 4 : area.h;
	struct tui_rect b = tui_center(area, h, area.w - 4 < 76 ? area.w - 4 : 76), in;

	snprintf(title, sizeof(title), tr("Products matching \"%s\""), p->query);
	in = tui_box(b, tui_attr(TR_DIALOG), title);
	in.h -= 1;
	wlist_draw(&p->list, in, draw_pick, &r);
	tui_text(in.y + in.h, in.x, in.w, TA_RIGHT, tui_attr(TR_DIALOG) | A_BOLD,
		 tr("Enter = choose   Esc = cancel"));
	tui_cursor(t, -1, -1);
}

static int pick_key(struct tui *t, void *st, int key)
{
	struct pick *p = st;
	mgr_product_cb cb;
	void *ctx;
	long long id;

	switch (key) {
	case TK_ESC:
		tui_remove_state(t, p);
		return TUI_REPAINT_ALL;
	case TK_ENTER:
		if (p->list.sel < 0)
			return TUI_REPAINT_NONE;
		cb = p->cb;
		ctx = p->ctx;
		id = p->hits[p->list.sel].id;
		tui_remove_state(t, p);
		cb(t, ctx, id);
		return TUI_REPAINT_ALL;
	}
	if (wlist_key(&p->list, key, 10))
		return TUI_REPAINT_BODY;
	return TUI_REPAINT_NONE;
}

static void pick_close(struct tui *t, void *st)
{
	(void)t;
	free(st);
}

static const struct tui_binding pick_bind[] = {
	{ { TK_ENTER }, "Enter", NULL, N_("Choose"), NULL, TK_ENTER, NULL },
	{ { TK_ESC }, "Esc", NULL, N_("Cancel"), NULL, TK_ESC, NULL },
	TUI_BIND_END
};

static const struct tui_screen pick_screen = {
	"pick-product", TUI_OVERLAY, pick_draw, pick_key, NULL, pick_close, pick_bind,
};

int mgr_find_product(struct tui *t, const char *text, mgr_product_cb cb, void *ctx)
{
	struct product pr;
	struct pos_error err;
	struct pick *p;
	int r;

	if (!text || !*text)
		return 0;
	/* Words (a space, or a letter no code has) are a search, as at the till:
	 * only a code of digits is refused for a wrong check digit. */
	r = strchr(text, ' ') ? POS_ERR_NOT_FOUND : catalog_lookup(t->db, text, &pr, &err);
	if (r == 0) {
		cb(t, ctx, pr.id);
		return 1;
	}
	if (r == POS_ERR_INVALID && str_all_digits(text, strlen(text))) {
		tui_error(t, &err);          /* a barcode with a wrong check digit */
		return 0;
	}
	p = xcalloc(1, sizeof(*p));
	snprintf(p->query, sizeof(p->query), "%s", text);
	p->cb = cb;
	p->ctx = ctx;
	if (catalog_search(t->db, text, PICK_MAX, collect_hit, p, NULL, &err) < 0) {
		tui_error(t, &err);
		free(p);
		return 0;
	}
	if (p->n == 0) {
		tui_msg(t, TUI_MSG_WARN, tr("no product matches \"%s\": scan it, or type its code "
					    "or a few words of its name"), text);
		tui_beep(t);
		free(p);
		return 0;
	}
	if (p->n == 1) {
		long long id = p->hits[0].id;

		free(p);
		cb(t, ctx, id);
		return 1;
	}
	p->list.sel = -1;
	wlist_set_count(&p->list, p->n);
	tui_push(t, &pick_screen, p);
	return 1;
}

/* ---- choosing from a list ------------------------------------------------------ */

struct choose {
	char title[128];
	char item[MGR_CHOOSE_MAX][160];
	int n;
	struct wlist list;
	mgr_choose_cb cb;
	void *ctx;
	void *owned;              /* freed with the list (the callback's context) */
};

static void draw_choice(void *ctx, int i, int y, int x, int w, int selected)
{
	struct choose *c = ctx;
	attr_t a = selected ? tui_attr(TR_SEL) : tui_attr(TR_DIALOG);

	tui_textf(y, x, w, TA_LEFT, a, " %s", c->item[i]);
}

static void choose_draw(struct tui *t, void *st, struct tui_rect area)
{
	struct choose *c = st;
	int w = vn_width(c->title) + 8, i;
	struct tui_rect b, in;

	for (i = 0; i < c->n; i++)
		if (vn_width(c->item[i]) + 6 > w)
			w = vn_width(c->item[i]) + 6;
	if (w > area.w - 4)
		w = area.w - 4;
	b = tui_center(area, c->n + 3 < area.h ? c->n + 3 : area.h, w);
	in = tui_box(b, tui_attr(TR_DIALOG), c->title);
	in.h = b.h - 3;
	wlist_draw(&c->list, in, draw_choice, c);
	tui_text(in.y + in.h, in.x, in.w, TA_RIGHT, tui_attr(TR_DIALOG) | A_BOLD,
		 tr("Enter = choose   Esc = cancel"));
	tui_cursor(t, -1, -1);
}

static int choose_key(struct tui *t, void *st, int key)
{
	struct choose *c = st;
	mgr_choose_cb cb;
	void *ctx;
	int i;

	if (key >= '1' && key <= '9' && key - '1' < c->n) {
		wlist_select(&c->list, key - '1');
		key = TK_ENTER;
	}
	switch (key) {
	case TK_ESC:
		tui_remove_state(t, c);
		return TUI_REPAINT_ALL;
	case TK_ENTER:
		if (c->list.sel < 0)
			return TUI_REPAINT_NONE;
		cb = c->cb;
		ctx = c->ctx;
		i = c->list.sel;
		tui_remove_state(t, c);
		cb(t, ctx, i);
		return TUI_REPAINT_ALL;
	}
	if (wlist_key(&c->list, key, 10))
		return TUI_REPAINT_BODY;
	return TUI_REPAINT_NONE;
}

static void choose_close(struct tui *t, void *st)
{
	struct choose *c = st;

	(void)t;
	free(c->owned);
	free(c);
}

static const struct tui_screen choose_screen = {
	"choose", TUI_OVERLAY, choose_draw, choose_key, NULL, choose_close, pick_bind,
};

static void choose_push(struct tui *t, const char *title, const char *const *items, int n,
			int sel, mgr_choose_cb cb, void *ctx, void *owned)
{
	struct choose *c = xcalloc(1, sizeof(*c));
	int i;

	snprintf(c->title, sizeof(c->title), "%s", title ? title : "");
	if (n > MGR_CHOOSE_MAX)
		n = MGR_CHOOSE_MAX;
	for (i = 0; i < n; i++)
		mgr_copy(c->item[i], sizeof(c->item[i]), items[i]);
	c->n = n;
	c->cb = cb;
	c->ctx = ctx;
	c->list.sel = -1;
	wlist_set_count(&c->list, n);
	wlist_select(&c->list, sel);
	c->owned = owned;
	tui_push(t, &choose_screen, c);
}

void mgr_choose(struct tui *t, const char *title, const char *const *items, int n, int sel,
		mgr_choose_cb cb, void *ctx)
{
	choose_push(t, title, items, n, sel, cb, ctx, NULL);
}

/* ---- naming a producer ---------------------------------------------------- */

/* The producers a typed name matches: the first MGR_CHOOSE_MAX, counted all. */
struct prod_match {
	int n;
	char code[MGR_CHOOSE_MAX][33];
	char label[MGR_CHOOSE_MAX][160];
};

static int collect_producer(void *vctx, const struct producer *p)
{
	struct prod_match *m = vctx;

	if (m->n < MGR_CHOOSE_MAX) {
		char label[sizeof(p->name) + sizeof(p->code) + 4];

		snprintf(m->code[m->n], sizeof(m->code[m->n]), "%s", p->code);
		snprintf(label, sizeof(label), "%s (%s)", p->name, p->code);
		mgr_copy(m->label[m->n], sizeof(m->label[m->n]), label);
	}
	m->n++;
	return 0;
}

/* The field a producer list was opened for: the chosen code goes in it. */
struct prod_pick {
	struct wform *form;
	int field;
	struct prod_match m;
};

static void producer_picked(struct tui *t, void *ctx, int i)
{
	struct prod_pick *pp = ctx;

	if (i < 0 || i >= pp->m.n || i >= MGR_CHOOSE_MAX)
		return;
	wfield_set(&pp->form->f[pp->field], pp->m.code[i]);
	pp->form->cur = pp->field;
	dialog_note(t, tr("Enter to go on with the producer chosen"));
}

int mgr_producer_field(struct tui *t, struct wform *form, int field, char code[33])
{
	struct pos_error err;
	struct producer p;
	struct producer_filter f;
	struct prod_pick *pp;
	const char *items[MGR_CHOOSE_MAX];
	char w[128], title[200];
	int i, n;

	code[0] = '\0';
	mgr_copy(w, sizeof(w), form->f[field].buf);
	field_trim(w);
	if (!w[0])
		return 0;
	if (producer_get(t->db, w, &p, NULL) == 0) {
		snprintf(code, 33, "%s", p.code);
		return 0;
	}
	pp = xcalloc(1, sizeof(*pp));
	memset(&f, 0, sizeof(f));
	f.kind = -1;
	f.text = w;
	if (producer_list(t->db, &f, collect_producer, &pp->m, &err)) {
		dialog_error(t, pos_error_text(&err));
		form->cur = field;
		free(pp);
		return 1;
	}
	if (pp->m.n == 1) {
		snprintf(code, 33, "%s", pp->m.code[0]);
		free(pp);
		return 0;
	}
	form->cur = field;
	if (pp->m.n == 0) {
		snprintf(title, sizeof(title),
			 tr("no producer is called \"%s\": type its code or part of its name"), w);
		dialog_error(t, title);
		free(pp);
		return 1;
	}
	/* Several: a list to pick from; the chosen code replaces the words. */
	n = pp->m.n < MGR_CHOOSE_MAX ? pp->m.n : MGR_CHOOSE_MAX;
	for (i = 0; i < n; i++)
		items[i] = pp->m.label[i];
	pp->form = form;
	pp->field = field;
	snprintf(title, sizeof(title), tr("%d producers match \"%s\": choose one"), pp->m.n, w);
	dialog_error(t, title);
	choose_push(t, title, items, n, 0, producer_picked, pp, pp);
	return 1;
}

/* ---- numbers and dates ---------------------------------------------------- */

int mgr_qty_signed(const char *s, int64_t *milli, struct pos_error *err)
{
	char w[64];
	const char *p;
	int neg = 0, r;
	int64_t v;

	snprintf(w, sizeof(w), "%s", s ? s : "");
	field_trim(w);
	p = w;
	if (*p == '-' || *p == '+') {
		neg = *p == '-';
		p++;
		while (*p == ' ')
			p++;
	}
	if ((r = qty_parse(p, &v, err)))
		return r;
	*milli = neg ? -v : v;
	return 0;
}

int mgr_percent_bp(const char *s, int *bp, struct pos_error *err)
{
	char w[32];
	size_t n;
	int64_t milli;

	snprintf(w, sizeof(w), "%s", s ? s : "");
	field_trim(w);
	n = strlen(w);
	if (n && w[n - 1] == '%')
		w[--n] = '\0';
	field_trim(w);
	if (!w[0] || strcmp(w, "0") == 0) {
		*bp = 0;
		return 0;
	}
	if (qty_parse(w, &milli, NULL) || milli % 10 != 0 || milli > 100000)
		return pos_fail(err, POS_ERR_INVALID,
				tr("commission: \"%s\" is not a percentage from 0 to 100 (at most "
				   "two decimals)"), s);
	*bp = (int)(milli / 10);
	return 0;
}

const char *mgr_bp_text(int bp)
{
	static char buf[4][QTY_FMT_MAX + 8];
	static int k;
	char q[QTY_FMT_MAX];

	k = (k + 1) % 4;
	qty_format((int64_t)bp * 10, q, sizeof(q));
	snprintf(buf[k], sizeof(buf[k]), "%s %%", q);
	return buf[k];
}

const char *mgr_owner_text(const char *owner, int bp, int w, char *out, size_t n)
{
	const char *pct;
	int room;

	if (!owner || !owner[0]) {
		snprintf(out, n, "%s", tr("shop"));
		return out;
	}
	pct = mgr_bp_text(bp);
	room = w - 1 - (int)strlen(pct);
	snprintf(out, n, "%.*s %s", room > 0 ? room : 0, owner, pct);
	return out;
}

const char *mgr_date(const char *iso)
{
	static char buf[4][16];
	static int k;

	k = (k + 1) % 4;
	if (!iso || strlen(iso) < 10) {
		snprintf(buf[k], sizeof(buf[k]), "%s", iso ? iso : "");
		return buf[k];
	}
	snprintf(buf[k], sizeof(buf[k]), "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
	return buf[k];
}

int mgr_date_parse(const char *s, char out[11], struct pos_error *err)
{
	char w[32], iso[16];
	int d, m, y;
	char sep1, sep2, extra;

	snprintf(w, sizeof(w), "%s", s ? s : "");
	field_trim(w);
	if (sscanf(w, "%4d-%2d-%2d%c", &y, &m, &d, &extra) == 3 && strlen(w) == 10) {
		snprintf(iso, sizeof(iso), "%s", w);
	} else if (sscanf(w, "%2d%c%2d%c%4d%c", &d, &sep1, &m, &sep2, &y, &extra) == 5 &&
		   (sep1 == '/' || sep1 == '-' || sep1 == '.') && sep2 == sep1 && y >= 1900 &&
		   d >= 1 && m >= 1) {
		snprintf(iso, sizeof(iso), "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
	} else {
		return pos_fail(err, POS_ERR_INVALID,
				tr("\"%s\" is not a date: type it as 22/11/2026 or 2026-11-22"), w);
	}
	if (clock_date_parse(iso, NULL, NULL))
		return pos_fail(err, POS_ERR_INVALID, tr("%s is not a real date"), w);
	memcpy(out, iso, 11);
	return 0;
}

/* ---- the stock filter in words ---------------------------------------------- */

void mgr_filter_text(const struct stock_filter *f, int alerts_only, char *out, size_t n)
{
	const struct province *p;
	const struct ocop_group *g;
	size_t len;

	snprintf(out, n, "%s ", tr("Filter:"));
#define ADD(...) do { len = strlen(out); snprintf(out + len, n - len, __VA_ARGS__); } while (0)
	if (f->province[0]) {
		p = province_find(f->province);
		ADD("%s %s · ", tr("province"), p ? p->name : f->province);
	}
	if (f->producer[0])
		ADD("%s %s · ", tr("producer"), f->producer);
	if (f->group) {
		g = ocop_group_find(f->group);
		ADD("%s %d%s%s · ", tr("group"), f->group, g ? " " : "",
		    g ? (i18n_lang() == I18N_EN ? g->name_en : g->name) : "");
	}
	if (f->stars)
		ADD("%d★ · ", f->stars);
	if (!strcmp(f->owner, "shop"))
		ADD("%s · ", tr("bought by the shop"));
	else if (!strcmp(f->owner, "consigned"))
		ADD("%s · ", tr("consigned"));
	else if (f->owner[0])
		ADD("%s %s · ", tr("consigned by"), f->owner);
	if (alerts_only)
		ADD("%s · ", tr("only with alerts"));
	if (f->all)
		ADD("%s · ", tr("with products out of stock"));
	len = strlen(out);
	if (len >= strlen(" · ") && strcmp(out + len - strlen(" · "), " · ") == 0)
		out[len - strlen(" · ")] = '\0';
	else
		ADD("%s", tr("everything in stock (press / to filter)"));
#undef ADD
}

int mgr_filter_fields(struct tui *t, struct wform *form, int first, struct mgr_filter *out)
{
	struct mgr_filter f;
	struct pos_error err;
	char folded[64];
	const char *owner = form->f[first + 4].buf;
	long long v;

	memset(&f, 0, sizeof(f));
	if (form->f[first].buf[0]) {
		const struct province *p;

		if (province_resolve(form->f[first].buf, &p, NULL, &err)) {
			dialog_error(t, pos_error_text(&err));
			form->cur = first;
			return 1;
		}
		snprintf(f.province, sizeof(f.province), "%s", p->code);
	}
	if (mgr_producer_field(t, form, first + 1, f.producer))
		return 1;
	v = wfield_int(&form->f[first + 2]);
	if (form->f[first + 2].buf[0] && (v < 1 || v > 6)) {
		dialog_error(t, tr("OCOP group: 1 to 6, or empty for all"));
		form->cur = first + 2;
		return 1;
	}
	f.group = (int)v;
	v = wfield_int(&form->f[first + 3]);
	if (form->f[first + 3].buf[0] && (v < 3 || v > 5)) {
		dialog_error(t, tr("stars: 3, 4 or 5, or empty for all"));
		form->cur = first + 3;
		return 1;
	}
	f.stars = (int)v;
	vn_fold(owner, folded, sizeof(folded));
	if (!folded[0])
		f.owner[0] = '\0';
	else if (!strcmp(folded, "shop") || !strcmp(folded, "cua hang") || !strcmp(folded, "ch"))
		snprintf(f.owner, sizeof(f.owner), "shop");
	else if (!strcmp(folded, "consigned") || !strcmp(folded, "ky gui") ||
		 !strcmp(folded, "kg"))
		snprintf(f.owner, sizeof(f.owner), "consigned");
	else if (mgr_producer_field(t, form, first + 4, f.owner))
		return 1;
	*out = f;
	return 0;
}
