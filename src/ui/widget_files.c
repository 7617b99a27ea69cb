/*
 * widget_files.c - pick a file: an overlay with a path field and the
 * files of one folder (names ending in a suffix), newest first.  Enough
 * for "which transfer file did the other showroom send?" without a
 * mouse: arrows and Enter, or type a folder or a full path.
 */
#include "ui/widget_mgr.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "app/app.h"
#include "core/i18n.h"
#include "core/vntext.h"
#include "ui/widget.h"

#define FILES_MAX 500

struct fentry {
	char name[256];
	time_t mtime;
	long long size;
	int is_dir;
};

struct files {
	char title[128];
	char dir[1024];
	char suffix[16];
	struct wfield path;
	int edited;
	struct fentry *e;
	int n;
	struct wlist list;
	char error[1400];
	wfiles_cb cb;
	void *ctx;
};

/* Copy a path, cut to the buffer (a path that long is refused by stat later). */
static void mgr_copy_path(char *dst, size_t n, const char *src)
{
	size_t len = strlen(src);

	if (len >= n)
		len = n - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

static int by_kind_then_newest(const void *a, const void *b)
{
	const struct fentry *x = a, *y = b;

	if (x->is_dir != y->is_dir)
		return x->is_dir ? 1 : -1;          /* files first, folders after */
	if (x->is_dir)
		return strcmp(x->name, y->name);
	if (x->mtime != y->mtime)
		return x->mtime > y->mtime ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static void list_dir(struct files *f)
{
	DIR *d = opendir(f->dir);
	struct dirent *de;
	char full[1400];
	struct stat sb;

	f->n = 0;
	f->error[0] = '\0';
	if (!d) {
		snprintf(f->error, sizeof(f->error), tr("cannot open the folder %s"), f->dir);
		wlist_set_count(&f->list, 0);
		return;
	}
	while ((de = readdir(d)) != NULL && f->n < FILES_MAX) {
		struct fentry *e;

		if (de->d_name[0] == '.' && strcmp(de->d_name, "..") != 0)
			continue;
		snprintf(full, sizeof(full), "%s/%s", f->dir, de->d_name);
		if (stat(full, &sb) != 0)
			continue;
		if (!S_ISDIR(sb.st_mode) && f->suffix[0] && !ends_with(de->d_name, f->suffix))
			continue;
		e = &f->e[f->n++];
		snprintf(e->name, sizeof(e->name), "%s", de->d_name);
		e->mtime = sb.st_mtime;
		e->size = (long long)sb.st_size;
		e->is_dir = S_ISDIR(sb.st_mode);
	}
	closedir(d);
	qsort(f->e, (size_t)f->n, sizeof(f->e[0]), by_kind_then_newest);
	f->list.sel = -1;
	f->list.top = 0;
	wlist_set_count(&f->list, f->n);
	snprintf(full, sizeof(full), "%s%s", f->dir, ends_with(f->dir, "/") ? "" : "/");
	mgr_copy_path(f->path.buf, sizeof(f->path.buf), full);
	f->edited = 0;
}

struct frow {
	struct files *f;
};

static void draw_entry(void *ctx, int i, int y, int x, int w, int selected)
{
	struct frow *r = ctx;
	const struct fentry *e = &r->f->e[i];
	attr_t a = selected ? tui_attr(TR_SEL) : tui_attr(TR_DIALOG);
	char when[32], size[32];
	struct tm tm;
	time_t local = e->mtime + 7 * 3600;

	gmtime_r(&local, &tm);
	strftime(when, sizeof(when), "%d/%m/%Y %H:%M", &tm);
	if (e->is_dir)
		snprintf(size, sizeof(size), "%s", tr("folder"));
	else
		snprintf(size, sizeof(size), "%lld KB", (e->size + 1023) / 1024);
	tui_fill(y, x, 1, w, a);
	tui_textf(y, x, w - 28, TA_LEFT, a, "%s%s", e->name, e->is_dir ? "/" : "");
	tui_text(y, x + w - 27, 16, TA_LEFT, a, e->is_dir ? "" : when);
	tui_text(y, x + w - 10, 10, TA_RIGHT, a, size);
}

static void files_draw(struct tui *t, void *st, struct tui_rect area)
{
	struct files *f = st;
	struct frow r = { f };
	int w = area.w - 4 < 90 ? area.w - 4 : 90;
	struct tui_rect b = tui_center(area, area.h - 2, w), in, lr;
	attr_t bg = tui_attr(TR_DIALOG);
	int lw = vn_width(tr("Path:")) + 1;     /* "Đường dẫn:" is wider than "Path:" */

	in = tui_box(b, bg, f->title);
	tui_text(in.y, in.x, lw, TA_LEFT, bg, tr("Path:"));
	tui_fill(in.y + 1, in.x, 1, in.w, bg);
	if (f->error[0])
		tui_text(in.y + 1, in.x, in.w, TA_LEFT, tui_attr(TR_ERROR), f->error);
	else if (f->n == 0)
		tui_text(in.y + 1, in.x, in.w, TA_LEFT, bg,
			 tr("no such file here: type another folder or the file's full path"));
	else
		tui_text(in.y + 1, in.x, in.w, TA_LEFT, bg | A_DIM,
			 tr("↑↓ choose, Enter open; or type a folder or a path"));
	lr.y = in.y + 2;
	lr.x = in.x;
	lr.h = in.h - 2;
	lr.w = in.w;
	tui_fill(lr.y, lr.x, lr.h, lr.w, bg);
	wlist_draw(&f->list, lr, draw_entry, &r);
	wfield_draw(t, &f->path, in.y, in.x + lw, in.w - lw, 1);
}

/* The chosen file: close the picker, then call back. */
static int pick(struct tui *t, struct files *f, const char *path)
{
	wfiles_cb cb = f->cb;
	void *ctx = f->ctx;
	char chosen[1400];

	snprintf(chosen, sizeof(chosen), "%s", path);
	tui_remove_state(t, f);
	cb(t, ctx, chosen);
	return TUI_REPAINT_ALL;
}

static int files_key(struct tui *t, void *st, int key)
{
	struct files *f = st;
	struct stat sb;
	char full[1400];

	switch (key) {
	case TK_ESC:
		tui_remove_state(t, f);
		return TUI_REPAINT_ALL;
	case TK_ENTER:
		if (!f->edited && f->list.sel >= 0) {
			const struct fentry *e = &f->e[f->list.sel];

			if (strcmp(e->name, "..") == 0) {
				char *slash = strrchr(f->dir, '/');

				if (slash && slash != f->dir)
					*slash = '\0';
				else
					snprintf(f->dir, sizeof(f->dir), "/");
				list_dir(f);
				return TUI_REPAINT_BODY;
			}
			snprintf(full, sizeof(full), "%s%s%s", f->dir,
				 ends_with(f->dir, "/") ? "" : "/", e->name);
			if (e->is_dir) {
				mgr_copy_path(f->dir, sizeof(f->dir), full);
				list_dir(f);
				return TUI_REPAINT_BODY;
			}
			return pick(t, f, full);
		}
		snprintf(full, sizeof(full), "%s", f->path.buf);
		while (strlen(full) > 1 && full[strlen(full) - 1] == '/')
			full[strlen(full) - 1] = '\0';
		if (stat(full, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			mgr_copy_path(f->dir, sizeof(f->dir), full);
			list_dir(f);
			return TUI_REPAINT_BODY;
		}
		if (stat(full, &sb) == 0)
			return pick(t, f, full);
		snprintf(f->error, sizeof(f->error), tr("%s does not exist"), full);
		tui_beep(t);
		return TUI_REPAINT_BODY;
	}
	if (wlist_key(&f->list, key, 10)) {
		if (f->list.sel >= 0) {
			snprintf(full, sizeof(full), "%s%s%s", f->dir,
				 ends_with(f->dir, "/") ? "" : "/", f->e[f->list.sel].name);
			mgr_copy_path(f->path.buf, sizeof(f->path.buf), full);
			f->edited = 0;
		}
		return TUI_REPAINT_BODY;
	}
	if (wfield_key(&f->path, key)) {
		f->edited = 1;
		f->error[0] = '\0';
		return TUI_REPAINT_BODY;
	}
	return TUI_REPAINT_NONE;
}

static void files_close(struct tui *t, void *st)
{
	struct files *f = st;

	(void)t;
	free(f->e);
	free(f);
}

static const struct tui_binding files_bind[] = {
	{ { TK_ENTER }, "Enter", NULL, N_("Open"), NULL, TK_ENTER, NULL },
	{ { 0 }, "↑↓", NULL, N_("Choose"), NULL, 0, NULL },
	{ { TK_ESC }, "Esc", NULL, N_("Cancel"), NULL, TK_ESC, NULL },
	TUI_BIND_END
};

static const struct tui_screen files_screen = {
	"files", TUI_OVERLAY, files_draw, files_key, NULL, files_close, files_bind,
};

void wfiles_open(struct tui *t, const char *title, const char *dir, const char *suffix,
		 wfiles_cb cb, void *ctx)
{
	struct files *f = xcalloc(1, sizeof(*f));

	snprintf(f->title, sizeof(f->title), "%s", title ? title : "");
	snprintf(f->dir, sizeof(f->dir), "%s", dir && *dir ? dir : ".");
	snprintf(f->suffix, sizeof(f->suffix), "%s", suffix ? suffix : "");
	f->path.kind = WF_TEXT;
	f->path.maxlen = WFIELD_MAX - 1;
	f->e = xcalloc(FILES_MAX, sizeof(*f->e));
	f->cb = cb;
	f->ctx = ctx;
	f->list.sel = -1;
	list_dir(f);
	tui_push(t, &files_screen, f);
}
