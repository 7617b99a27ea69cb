/*
 * widget_form.c - edit fields and forms.  A field keeps its text in a
 * fixed buffer and is edited at its end (what a till needs: type, erase,
 * clear), so there is no cursor to move.  Kinds filter what may be typed
 * and how the value is shown: a PIN as bullets, money grouped by
 * thousands as it is typed ("185.000").
 */
#include "lib/utf8.h"
#include "ui/widget.h"

#include <string.h>

#include "core/i18n.h"
#include "core/money.h"
#include "core/vntext.h"

void wform_init(struct wform *f)
{
	memset(f, 0, sizeof(*f));
}

struct wfield *wform_add(struct wform *f, const char *label, enum wfield_kind kind,
			 const char *init)
{
	struct wfield *fl;

	if (f->n >= WFORM_MAX)
		return &f->f[WFORM_MAX - 1];
	fl = &f->f[f->n++];
	memset(fl, 0, sizeof(*fl));
	fl->label = label;
	fl->kind = kind;
	if (init)
		wfield_set(fl, init);
	return fl;
}

void wfield_set(struct wfield *fl, const char *value)
{
	snprintf(fl->buf, sizeof(fl->buf), "%s", value ? value : "");
	fl->fresh = fl->buf[0] != '\0';
}

/* Number of characters (code points) in s. */
static int nchars(const char *s)
{
	int n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

static int accepts(const struct wfield *fl, int key)
{
	switch (fl->kind) {
	case WF_TEXT:
		return tui_key_is_text(key);
	case WF_PIN:
	case WF_MONEY:
	case WF_DIGITS:
		return key >= '0' && key <= '9';
	case WF_QTY:
	case WF_PERCENT:
		return (key >= '0' && key <= '9') || key == ',' || key == '.';
	}
	return 0;
}

int wfield_key(struct wfield *fl, int key)
{
	size_t len = strlen(fl->buf);
	int max = fl->maxlen > 0 ? fl->maxlen : WFIELD_MAX - 1;

	if (fl->fresh) {
		fl->fresh = 0;
		if (accepts(fl, key)) {
			fl->buf[0] = '\0';   /* the first key replaces the pre-filled value */
			len = 0;
		} else if (key == TK_BS || key == TK_CTRL('U')) {
			fl->buf[0] = '\0';   /* erase the selected value */
			return len > 0;
		} else if (key == TK_LEFT || key == TK_RIGHT || key == TK_END) {
			return 1;            /* keep it, to edit at its end */
		}
	}
	if (key == TK_BS) {
		if (!len)
			return 0;
		/* Drop the last code point, and the combining marks before it. */
		do {
			while (len > 0 && ((unsigned char)fl->buf[len - 1] & 0xc0) == 0x80)
				len--;
			if (len > 0)
				len--;
		} while (0);
		fl->buf[len] = '\0';
		return 1;
	}
	if (key == TK_CTRL('U')) {
		fl->buf[0] = '\0';
		return len > 0;
	}
	if (!accepts(fl, key))
		return 0;
	if (fl->kind == WF_MONEY && len == 0 && key == '0')
		return 1;               /* no leading zeros in amounts */
	if (nchars(fl->buf) >= max)
		return 0;
	{
		char u[5];
		int n = 0;
		unsigned c = (unsigned)key;

		if (c < 0x80) {
			u[n++] = (char)c;
		} else if (c < 0x800) {
			u[n++] = (char)(0xc0 | (c >> 6));
			u[n++] = (char)(0x80 | (c & 0x3f));
		} else if (c < 0x10000) {
			u[n++] = (char)(0xe0 | (c >> 12));
			u[n++] = (char)(0x80 | ((c >> 6) & 0x3f));
			u[n++] = (char)(0x80 | (c & 0x3f));
		} else {
			u[n++] = (char)(0xf0 | (c >> 18));
			u[n++] = (char)(0x80 | ((c >> 12) & 0x3f));
			u[n++] = (char)(0x80 | ((c >> 6) & 0x3f));
			u[n++] = (char)(0x80 | (c & 0x3f));
		}
		if (len + (size_t)n + 1 > sizeof(fl->buf))
			return 0;
		memcpy(fl->buf + len, u, (size_t)n);
		fl->buf[len + (size_t)n] = '\0';
	}
	return 1;
}

int64_t wfield_int(const struct wfield *fl)
{
	int64_t v = 0;
	const char *p;

	for (p = fl->buf; *p; p++) {
		if (*p < '0' || *p > '9')
			continue;
		if (v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*p - '0');
	}
	return v;
}

int wform_key(struct wform *f, int key)
{
	if (f->n == 0)
		return WFORM_NONE;
	switch (key) {
	case TK_ESC:
		return WFORM_CANCEL;
	case TK_ENTER:
		if (f->cur >= f->n - 1)
			return WFORM_SUBMIT;
		f->cur++;
		f->f[f->cur].fresh = f->f[f->cur].buf[0] != '\0';
		return WFORM_CHANGED;
	case TK_TAB:
	case TK_DOWN:
		f->cur = (f->cur + 1) % f->n;
		f->f[f->cur].fresh = f->f[f->cur].buf[0] != '\0';
		return WFORM_CHANGED;
	case TK_BTAB:
	case TK_UP:
		f->cur = (f->cur + f->n - 1) % f->n;
		f->f[f->cur].fresh = f->f[f->cur].buf[0] != '\0';
		return WFORM_CHANGED;
	}
	return wfield_key(&f->f[f->cur], key) ? WFORM_CHANGED : WFORM_NONE;
}

void wfield_draw(struct tui *t, const struct wfield *fl, int y, int x, int w, int focus)
{
	char shown[WFIELD_MAX * 3];
	int used, start = 0, cx;
	size_t i, n;

	if (fl->kind == WF_PIN) {
		n = strlen(fl->buf);
		shown[0] = '\0';
		for (i = 0; i < n && i < 64; i++)
			utf8_append(shown, sizeof(shown), t->utf8 ? "•" : "*");
	} else if (fl->kind == WF_MONEY && fl->buf[0]) {
		int64_t v = wfield_int(fl);

		if (v < 0 || money_format_plain(v, shown, sizeof(shown)) < 0)
			snprintf(shown, sizeof(shown), "%s", fl->buf);
	} else {
		snprintf(shown, sizeof(shown), "%s", fl->buf);
	}
	used = vn_width(shown);
	/* Show the end of a value longer than the box. */
	if (used > w - 1) {
		const char *s = shown;
		int skip = used - (w - 1);

		while (*s && skip > 0) {
			size_t k = vn_fit(s, 1, NULL);

			if (!k)
				k = 1;
			skip -= vn_width("x");
			s += k;
		}
		start = (int)(s - shown);
	}
	tui_text(y, x, w, TA_LEFT, tui_attr(TR_FIELD) | (focus ? A_BOLD : 0), shown + start);
	if (focus && fl->fresh) {
		/* Selected: the next key replaces it, so the cursor is at its start. */
		tui_text(y, x, vn_width(shown + start), TA_LEFT, tui_attr(TR_SEL) | A_REVERSE,
			 shown + start);
		tui_cursor(t, y, x);
	} else if (focus) {
		cx = x + vn_width(shown + start);
		if (cx >= x + w)
			cx = x + w - 1;
		tui_cursor(t, y, cx);
	}
}

void wform_draw(struct tui *t, struct wform *f, struct tui_rect r)
{
	int lw = f->label_w, i, w;

	if (!lw) {
		for (i = 0; i < f->n; i++) {
			w = vn_width(tr(f->f[i].label)) + 2;
			if (w > lw)
				lw = w;
		}
	}
	if (lw > r.w / 2)
		lw = r.w / 2;
	for (i = 0; i < f->n && i < r.h; i++) {
		tui_textf(r.y + i, r.x, lw, TA_LEFT, f->bg | (i == f->cur ? A_BOLD : 0), "%s:",
			  tr(f->f[i].label));
		wfield_draw(t, &f->f[i], r.y + i, r.x + lw, r.w - lw, i == f->cur);
	}
}
