/*
 * screen_settings.c - the administrator's settings: the showroom's own
 * details (printed on every receipt), the receipt printer (device,
 * profile, the self-test page and the Vietnamese mode chosen by looking
 * at it), the barcode scanner (device, and a box that shows each scan as
 * it arrives), the users and the language.
 *
 * Sections on the left (↑↓), the section's details and actions on the
 * right.  Changes go through core (admin.h: PERM_SETTINGS, checked and
 * audited); the printer and scanner chosen are used at once: the status
 * bar's printer is re-resolved and the scanner reopened.
 */
#include "ui/manager.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/printing.h"
#include "core/admin.h"
#include "core/clock.h"
#include "core/embedded.h"
#include "core/field.h"
#include "core/i18n.h"
#include "core/refdata.h"
#include "core/taxcode.h"
#include "core/vntext.h"
#include "drivers/device.h"
#include "lib/doc.h"
#include "drivers/printer/preview.h"
#include "drivers/printer/profile.h"
#include "drivers/printer/selftest.h"
#include "drivers/scanner/list.h"
#include "drivers/usb.h"
#include "ui/settings_ui.h"
#include "ui/widget.h"

enum section { SEC_SHOWROOM, SEC_PRINTER, SEC_SCANNER, SEC_USERS, SEC_LANG, SEC_SALES,
	       SEC_COUNT };

static const char *const section_names[SEC_COUNT] = {
	N_("Showroom"), N_("Printer"), N_("Scanner"), N_("Users"), N_("Language"), N_("Selling"),
};

#define SCANS_SHOWN 8
#define PROFILES_MAX 48

struct seen_scan {
	char when[9];
	char code[SCAN_CODE_MAX];
	char symbology[8];
	char source[64];
	int partial;
};

struct settings {
	struct wlist sections;
	/* printer */
	char profile[64];
	char vn_mode[16];
	char test_result[600];
	char choices[MGR_CHOOSE_MAX][300];   /* specs or names behind a choice list */
	const char *items[MGR_CHOOSE_MAX];
	char labels[MGR_CHOOSE_MAX][160];
	int nchoices;
	/* scanner */
	char scanner_spec[300];
	struct seen_scan scans[SCANS_SHOWN];
	int nscans;
	int typing_printer;        /* the typed device is the printer's (else the scanner's) */
};

static void reopen_scanner(struct tui *t, struct settings *s);

/* ---- reading the settings ----------------------------------------------------- */

static void setting_or(struct tui *t, const char *key, char *buf, size_t n, const char *dflt)
{
	if (setting_get(t->db, key, buf, n, NULL))
		snprintf(buf, n, "%s", dflt);
}

static void settings_refresh(struct tui *t, struct settings *s)
{
	struct pos_error err;

	setting_or(t, ADMIN_SET_PROFILE, s->profile, sizeof(s->profile), "");
	setting_or(t, ADMIN_SET_VN_MODE, s->vn_mode, sizeof(s->vn_mode), "");
	setting_or(t, ADMIN_SET_SCANNER, s->scanner_spec, sizeof(s->scanner_spec), "");
	if (showroom_local(t->db, &t->showroom, &err))
		tui_error(t, &err);
}

/* The printer the till uses now, and its word in the status bar. */
static void refresh_printer(struct tui *t)
{
	static const struct { const char *prefix, *word; } kinds[] = {
		{ "file:", N_("file") }, { "usb:", "USB" }, { "lp:", "USB (lp)" },
		{ "tcp:", N_("network") }, { "serial:", N_("serial") }, { "null", N_("none") },
	};
	size_t i;

	app_printer_spec(t->app, NULL, t->printer_spec, sizeof(t->printer_spec));
	t->printer_state[0] = '\0';
	t->printer_ok = 0;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strncmp(t->printer_spec, kinds[i].prefix, strlen(kinds[i].prefix)) == 0)
			/* a msgid, translated when drawn (the language may change) */
			snprintf(t->printer_state, sizeof(t->printer_state), "%s", kinds[i].word);
}

/* ---- drawing ----------------------------------------------------------------------- */

static void draw_section(void *ctx, int i, int y, int x, int w, int selected)
{
	(void)ctx;
	tui_textf(y, x, w, TA_LEFT, selected ? tui_attr(TR_SEL) : tui_attr(TR_NORMAL), " %s",
		  tr(section_names[i]));
}

/* "label: value" on one line; returns the next line. */
static int field_line(int y, int x, int w, const char *label, const char *value)
{
	int lw = 21;

	tui_textf(y, x, lw, TA_LEFT, tui_attr(TR_DIM), "%s:", label);
	return y + mgr_wrap(y, x + lw, w - lw, 2, tui_attr(TR_NORMAL) | A_BOLD,
			    value && *value ? value : "—");
}

static void draw_showroom(struct tui *t, struct tui_rect r)
{
	const struct province *p = province_find(t->showroom.province);
	int y = r.y;

	y = field_line(y, r.x, r.w, tr("Code"), t->showroom.code);
	y = field_line(y, r.x, r.w, tr("Name"), t->showroom.name);
	y = field_line(y, r.x, r.w, tr("Showroom province"), p ? p->name : t->showroom.province);
	y = field_line(y, r.x, r.w, tr("Address"), t->showroom.address);
	y = field_line(y, r.x, r.w, tr("Tax code"), t->showroom.tax_code);
	y = field_line(y, r.x, r.w, tr("Phone"), t->showroom.phone);
	y = field_line(y, r.x, r.w, tr("Kind"),
		       t->showroom.is_hub ? tr("province hub") : tr("showroom"));
	mgr_wrap(y + 1, r.x, r.w, 3, tui_attr(TR_DIM),
		 tr("Name, address, tax code and phone are printed on every receipt. "
		    "Enter: change them."));
}

static void draw_printer(struct tui *t, struct settings *s, struct tui_rect r)
{
	char set[300] = "", mode[80];
	int y = r.y;
	enum vn_mode m;

	setting_get(t->db, ADMIN_SET_PRINTER, set, sizeof(set), NULL);
	y = field_line(y, r.x, r.w, tr("Device"), t->printer_spec);
	if (getenv("OCOP_POS_PRINTER") && *getenv("OCOP_POS_PRINTER"))
		y += mgr_wrap(y, r.x + 21, r.w - 21, 2, tui_attr(TR_DIM),
			      tr("(from $OCOP_POS_PRINTER, which wins over the setting)"));
	else if (!set[0])
		y += mgr_wrap(y, r.x + 21, r.w - 21, 2, tui_attr(TR_DIM),
			      tr("(none chosen: receipts go to a file beside the database)"));
	y = field_line(y, r.x, r.w, tr("Profile"),
		       s->profile[0] ? s->profile : tr("automatic (by USB id, else generic-80)"));
	if (s->vn_mode[0] && vn_mode_parse(s->vn_mode, &m) == 0)
		snprintf(mode, sizeof(mode), "%s", s->vn_mode);
	else
		snprintf(mode, sizeof(mode), "%s", tr("the profile's (raster: always right)"));
	y = field_line(y, r.x, r.w, tr("Vietnamese mode"), mode);
	y++;
	if (s->test_result[0]) {
		y += mgr_wrap(y, r.x, r.w, 4, tui_attr(TR_OK), s->test_result);
		y++;
	}
	y += mgr_wrap(y, r.x, r.w, 2, tui_attr(TR_DIM),
		      tr("1. Choose the device and the profile of the printer."));
	y += mgr_wrap(y, r.x, r.w, 2, tui_attr(TR_DIM),
		      tr("2. Print the test page: it shows a Vietnamese sample in each mode."));
	mgr_wrap(y, r.x, r.w, 2, tui_attr(TR_DIM),
		 tr("3. Choose the mode whose sample reads right on the paper."));
}

static void draw_scanner(struct tui *t, struct settings *s, struct tui_rect r)
{
	int y = r.y, i;
	struct tui_rect b, in;
	const char *state;

	y = field_line(y, r.x, r.w, tr("Device"),
		       s->scanner_spec[0] ? s->scanner_spec : tr("the keyboard (wedge)"));
	if (t->scanner)
		state = scanner_state(t->scanner) == SCANNER_CONNECTED ? tr("connected") :
			tr("not connected");
	else
		state = tr("the terminal: scans are told from typing by their speed");
	y = field_line(y, r.x, r.w, tr("State"), state);
	b.y = y + 1;
	b.x = r.x;
	b.w = r.w;
	b.h = r.y + r.h - b.y;
	if (b.h < 4)
		return;
	in = tui_box(b, tui_attr(TR_NORMAL), tr("Scans (scan something to test)"));
	if (s->nscans == 0)
		tui_text(in.y + in.h / 2, in.x, in.w, TA_CENTER, tui_attr(TR_DIM),
			 tr("waiting for a scan..."));
	for (i = 0; i < s->nscans && i < in.h; i++) {
		const struct seen_scan *sc = &s->scans[i];

		tui_textf(in.y + i, in.x, in.w, TA_LEFT,
			  i == 0 ? tui_attr(TR_OK) : tui_attr(TR_NORMAL), "%s  %-16s %-4s %s%s",
			  sc->when, sc->code, sc->symbology, sc->source,
			  sc->partial ? tr(" (no Enter at the end)") : "");
	}
}

static void draw_users(struct tui *t, struct tui_rect r)
{
	struct user *u = NULL;
	size_t n = 0, i;
	int y = r.y;

	if (user_list(t->db, &u, &n, NULL) == 0) {
		for (i = 0; i < n && y < r.y + r.h - 2; i++, y++)
			tui_textf(y, r.x, r.w, TA_LEFT, u[i].active ? tui_attr(TR_NORMAL) :
				  tui_attr(TR_DIM), "%-12s %-24s %s%s", u[i].name, u[i].full_name,
				  tr(user_role_name(u[i].role)), u[i].active ? "" : tr(" (disabled)"));
		free(u);
	}
	mgr_wrap(y + 1, r.x, r.w, 2, tui_attr(TR_DIM),
		 tr("Enter: add users, reset a PIN, disable a user."));
}

static void draw_lang(struct tui *t, struct tui_rect r)
{
	char set[8] = "";
	int y = r.y;

	setting_get(t->db, ADMIN_SET_LANG, set, sizeof(set), NULL);
	y = field_line(y, r.x, r.w, tr("Now"), i18n_lang() == I18N_EN ? "English" : "Tiếng Việt");
	y = field_line(y, r.x, r.w, tr("Saved"),
		       !strcmp(set, "en") ? "English" : !strcmp(set, "vi") ? "Tiếng Việt" :
		       tr("not set (Vietnamese)"));
	mgr_wrap(y + 1, r.x, r.w, 3, tui_attr(TR_DIM),
		 tr("Enter: switch between Tiếng Việt and English. --lang on the command line "
		    "still wins."));
}

static void settings_draw(struct tui *t, void *st, struct tui_rect area)
{
	struct settings *s = st;
	struct tui_rect left = { area.y + 1, area.x, area.h - 1, 18 }, right;
	int sec = s->sections.sel;

	tui_fill(area.y, area.x, area.h, area.w, tui_attr(TR_NORMAL));
	tui_text(area.y, area.x, area.w, TA_LEFT, tui_attr(TR_TITLE), tr("Settings"));
	wlist_draw(&s->sections, left, draw_section, s);
	right.y = area.y + 1;
	right.x = area.x + 20;
	right.w = area.w - 20;
	right.h = area.h - 1;
	tui_textf(right.y, right.x, right.w, TA_LEFT, tui_attr(TR_HEADER), "%s",
		  tr(section_names[sec]));
	right.y += 2;
	right.h -= 2;
	switch (sec) {
	case SEC_SHOWROOM:
		draw_showroom(t, right);
		break;
	case SEC_SALES:
		settings_sales_draw(t, right);
		break;
	case SEC_PRINTER:
		draw_printer(t, s, right);
		break;
	case SEC_SCANNER:
		draw_scanner(t, s, right);
		break;
	case SEC_USERS:
		draw_users(t, right);
		break;
	case SEC_LANG:
		draw_lang(t, right);
		break;
	}
	tui_cursor(t, -1, -1);
}

/* ---- showroom ------------------------------------------------------------------------ */

static int showroom_done(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct showroom sr = t->showroom;
	struct pos_error err;
	int changed = 0;

	(void)ctx;
	if (!ok)
		return 0;
	mgr_copy(sr.name, sizeof(sr.name), form->f[0].buf);
	mgr_copy(sr.address, sizeof(sr.address), form->f[1].buf);
	mgr_copy(sr.tax_code, sizeof(sr.tax_code), form->f[2].buf);
	mgr_copy(sr.phone, sizeof(sr.phone), form->f[3].buf);
	if (admin_showroom_update(t->db, &t->user, &sr, &changed, &err)) {
		struct pos_error e2;

		/* Put the cursor on the field core refused (it checks them all). */
		field_trim(sr.tax_code);
		if (sr.tax_code[0] && taxcode_validate(sr.tax_code, &e2))
			form->cur = 2;
		else if (!form->f[0].buf[0])
			form->cur = 0;
		dialog_error(t, pos_error_text(&err));
		return 1;
	}
	showroom_local(t->db, &t->showroom, NULL);
	tui_msg(t, TUI_MSG_OK, "%s", changed ? tr("showroom details saved") :
		tr("nothing changed"));
	return 0;
}

static void edit_showroom(struct tui *t, struct settings *s)
{
	struct wform *f = dialog_form(t, tr("Showroom details"),
				      tr("Printed at the top of every receipt. The code and the "
					 "province are fixed."), showroom_done, s);

	wform_add(f, N_("Name"), WF_TEXT, t->showroom.name)->maxlen = 120;
	wform_add(f, N_("Address"), WF_TEXT, t->showroom.address)->maxlen = 200;
	wform_add(f, N_("Tax code"), WF_TEXT, t->showroom.tax_code)->maxlen = 14;
	wform_add(f, N_("Phone"), WF_TEXT, t->showroom.phone)->maxlen = 30;
}

/* ---- printer ------------------------------------------------------------------------- */

static int save_setting(struct tui *t, const char *key, const char *value)
{
	struct pos_error err;

	if (admin_setting_set(t->db, &t->user, key, value, &err)) {
		dialog_message(t, TUI_MSG_ERROR, tr("Not saved"), pos_error_text(&err));
		return -1;
	}
	return 0;
}

static void add_choice(struct settings *s, const char *value, const char *label)
{
	if (s->nchoices >= MGR_CHOOSE_MAX)
		return;
	mgr_copy(s->choices[s->nchoices], sizeof(s->choices[0]), value);
	mgr_copy(s->labels[s->nchoices], sizeof(s->labels[0]), label);
	s->items[s->nchoices] = s->labels[s->nchoices];
	s->nchoices++;
}

static int typed_device_done(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct settings *s = ctx;
	int printer = s->typing_printer;
	struct pos_error err;
	char spec[WFIELD_MAX];

	if (!ok)
		return 0;
	mgr_copy(spec, sizeof(spec), form->f[0].buf);
	field_trim(spec);
	if (admin_setting_set(t->db, &t->user, printer ? ADMIN_SET_PRINTER : ADMIN_SET_SCANNER,
			      spec, &err)) {
		dialog_error(t, pos_error_text(&err));
		return 1;
	}
	if (printer) {
		refresh_printer(t);
		tui_msg(t, TUI_MSG_OK, tr("receipts now go to %s"), t->printer_spec);
	} else {
		settings_refresh(t, s);
		reopen_scanner(t, s);
		s->nscans = 0;
		tui_msg(t, TUI_MSG_OK, "%s", tr("scanner saved; scan something to test it"));
	}
	settings_refresh(t, s);
	return 0;
}

static void type_device(struct tui *t, struct settings *s, int printer, const char *init)
{
	struct wform *f;

	s->typing_printer = printer;
	f = dialog_form(t, printer ? tr("Printer device") : tr("Scanner device"),
		printer ? tr("usb:auto, usb:VID:PID, lp:/dev/usb/lp0, tcp:HOST:9100, file:PATH, "
			     "serial:/dev/ttyACM0, or empty for the file beside the database.") :
		tr("wedge (the keyboard), usb:auto, usb:VID:PID, evdev:/dev/input/..., "
		   "serial:/dev/ttyACM0."), typed_device_done, s);

	wform_add(f, printer ? N_("Printer device") : N_("Scanner device"), WF_TEXT, init);
}

struct usb_collect {
	struct settings *s;
};

static int collect_usb_printer(void *ctx, const struct usb_info *info)
{
	struct usb_collect *c = ctx;
	char spec[64], label[200];

	if (info->if_class != 7)      /* USB printer class */
		return 0;
	snprintf(spec, sizeof(spec), "usb:%04x:%04x", info->vid, info->pid);
	snprintf(label, sizeof(label), "%s  %s %s", spec, info->manufacturer, info->product);
	add_choice(c->s, spec, label);
	return 0;
}

static void printer_device_chosen(struct tui *t, void *ctx, int i)
{
	struct settings *s = ctx;

	if (i < 0 || i >= s->nchoices)
		return;
	if (!strcmp(s->choices[i], "?")) {
		type_device(t, s, 1, t->printer_spec);
		return;
	}
	if (save_setting(t, ADMIN_SET_PRINTER, s->choices[i]))
		return;
	refresh_printer(t);
	tui_msg(t, TUI_MSG_OK, tr("receipts now go to %s"), t->printer_spec);
}

static void choose_printer(struct tui *t, struct settings *s)
{
	struct usb_collect c = { s };
	char dir[1024], path[1200], label[1300];
	FILE *lp;

	s->nchoices = 0;
	usb_list(collect_usb_printer, &c, NULL);
	add_choice(s, "usb:auto", tr("usb:auto  the first USB receipt printer found"));
	if ((lp = fopen("/dev/usb/lp0", "r")) != NULL) {
		fclose(lp);
		add_choice(s, "lp:/dev/usb/lp0", "lp:/dev/usb/lp0");
	}
	snprintf(path, sizeof(path), "file:%s/receipts.prn", mgr_dir(t, dir, sizeof(dir)));
	snprintf(label, sizeof(label), "%s  %s", path, tr("(no printer: a file)"));
	add_choice(s, path, label);
	add_choice(s, "?", tr("Type another (network, serial...)"));
	mgr_choose(t, tr("Printer device"), s->items, s->nchoices, 0, printer_device_chosen, s);
}

static void profile_chosen(struct tui *t, void *ctx, int i)
{
	struct settings *s = ctx;

	if (i < 0 || i >= s->nchoices)
		return;
	if (save_setting(t, ADMIN_SET_PROFILE, s->choices[i]))
		return;
	settings_refresh(t, s);
	tui_msg(t, TUI_MSG_OK, tr("printer profile: %s"),
		s->choices[i][0] ? s->choices[i] : tr("automatic"));
}

static void choose_profile(struct tui *t, struct settings *s)
{
	const struct embedded_file *ef;
	const char *dirp = "config/printers/";
	struct printer_profile p;
	struct pos_error err;
	char label[300];

	s->nchoices = 0;
	add_choice(s, "", tr("automatic (by USB id, else generic-80)"));
	for (ef = embedded_files; ef->path; ef++) {
		char name[64];
		size_t len;
		const char *base;

		if (strncmp(ef->path, dirp, strlen(dirp)) != 0)
			continue;
		base = ef->path + strlen(dirp);
		len = strlen(base);
		if (len < 6 || len - 5 >= sizeof(name) || strcmp(base + len - 5, ".json"))
			continue;
		memcpy(name, base, len - 5);
		name[len - 5] = '\0';
		if (app_printer_profile_load(t->app, name, &p, &err) == 0)
			snprintf(label, sizeof(label), "%-16s %s", name, p.description);
		else
			snprintf(label, sizeof(label), "%s", name);
		add_choice(s, name, label);
	}
	if (t->datadir) {
		char dir[1024];
		DIR *d;
		struct dirent *e;

		snprintf(dir, sizeof(dir), "%s/printers", t->datadir);
		d = opendir(dir);
		while (d && (e = readdir(d)) != NULL) {
			char name[64];
			size_t len = strlen(e->d_name);
			int i, dup = 0;

			if (len < 6 || len - 5 >= sizeof(name) || strcmp(e->d_name + len - 5, ".json"))
				continue;
			memcpy(name, e->d_name, len - 5);
			name[len - 5] = '\0';
			for (i = 0; i < s->nchoices; i++)
				dup |= strcmp(s->choices[i], name) == 0;
			if (!dup)
				add_choice(s, name, name);
		}
		if (d)
			closedir(d);
	}
	mgr_choose(t, tr("Printer profile"), s->items, s->nchoices, 0, profile_chosen, s);
}

static void print_test(struct tui *t, struct settings *s)
{
	struct app_print_opts o;
	struct app_print_result res;
	struct printer_profile p;
	struct pos_error err;
	struct doc d;
	char spec[600], png[1200], dir[1024];
	int r;

	memset(&o, 0, sizeof(o));
	memset(&res, 0, sizeof(res));
	app_printer_spec(t->app, t->printer_spec[0] ? t->printer_spec : NULL, spec, sizeof(spec));
	tui_msg(t, TUI_MSG_INFO, "%s", tr("printing the test page..."));
	tui_flush(t);
	if ((r = app_print_profile(t->app, &o, spec, &p, &err))) {
		dialog_message(t, TUI_MSG_ERROR, tr("Test page not printed"), pos_error_text(&err));
		return;
	}
	doc_init(&d);
	if (selftest_build(&p, spec, &d, &err) ||
	    app_print_doc(t->app, &d, &p, spec, &res, &err)) {
		doc_release(&d);
		t->printer_ok = -1;
		dialog_message(t, TUI_MSG_ERROR, tr("Test page not printed"), pos_error_text(&err));
		return;
	}
	t->printer_ok = 1;
	snprintf(png, sizeof(png), "%s/printer-test.png", mgr_dir(t, dir, sizeof(dir)));
	if (preview_png(&d, &p, NULL, png, &err) == 0)
		snprintf(s->test_result, sizeof(s->test_result),
			 tr("Test page printed on %s (profile %s, %zu bytes).\nA picture of it: %s"),
			 res.device, p.name, res.bytes, png);
	else
		snprintf(s->test_result, sizeof(s->test_result),
			 tr("Test page printed on %s (profile %s, %zu bytes)"), res.device, p.name,
			 res.bytes);
	doc_release(&d);
	if (res.warning[0])
		tui_msg(t, TUI_MSG_WARN, "%s", res.warning);
	else
		tui_msg(t, TUI_MSG_OK, "%s", tr("look at the Vietnamese samples, then press F5 (v)"));
}

static void mode_chosen(struct tui *t, void *ctx, int i)
{
	struct settings *s = ctx;
	static const char *const modes[] = { "", "raster", "tcvn3", "cp1258", "ascii" };

	if (i < 0 || i >= 5)
		return;
	if (save_setting(t, ADMIN_SET_VN_MODE, modes[i]))
		return;
	settings_refresh(t, s);
	tui_msg(t, TUI_MSG_OK, tr("Vietnamese mode: %s"), i ? modes[i] : tr("the profile's"));
}

static void choose_mode(struct tui *t, struct settings *s)
{
	const char *items[5];
	int sel = 0;

	items[0] = tr("The profile's own mode");
	items[1] = tr("raster: drawn as a picture, always right, slower");
	items[2] = tr("tcvn3: the printer's TCVN-3 tables (most Vietnamese-market printers)");
	items[3] = tr("cp1258: Windows-1258 code page (tone marks printed over letters)");
	items[4] = tr("ascii: no accents (\"Mat ong\"), when nothing else reads right");
	if (!strcmp(s->vn_mode, "raster"))
		sel = 1;
	else if (!strcmp(s->vn_mode, "tcvn3"))
		sel = 2;
	else if (!strcmp(s->vn_mode, "cp1258"))
		sel = 3;
	else if (!strcmp(s->vn_mode, "ascii"))
		sel = 4;
	mgr_choose(t, tr("Vietnamese mode: the sample that reads right"), items, 5, sel,
		   mode_chosen, s);
}

/* ---- scanner ------------------------------------------------------------------------- */

static void reopen_scanner(struct tui *t, struct settings *s)
{
	struct device_spec spec;
	struct scanner_opts o;
	struct pos_error err;

	scanner_close(t->scanner);
	t->scanner = NULL;
	if (!s->scanner_spec[0] || !strcmp(s->scanner_spec, "wedge"))
		return;
	if (device_spec_parse(s->scanner_spec, &spec, &err)) {
		tui_error(t, &err);
		return;
	}
	scanner_opts_init(&o);
	o.allow_absent = 1;
	if (scanner_open(&spec, &o, &t->scanner, &err)) {
		t->scanner = NULL;
		tui_error(t, &err);
	}
}

static int collect_scanner(void *ctx, const struct scanner_candidate *c)
{
	struct settings *s = ctx;
	char label[600];

	snprintf(label, sizeof(label), "%s  %s %s", c->spec, tr(c->kind), c->desc);
	add_choice(s, c->spec, label);
	return 0;
}

static void scanner_chosen(struct tui *t, void *ctx, int i)
{
	struct settings *s = ctx;

	if (i < 0 || i >= s->nchoices)
		return;
	if (!strcmp(s->choices[i], "?")) {
		type_device(t, s, 0, s->scanner_spec);
		return;
	}
	if (save_setting(t, ADMIN_SET_SCANNER, s->choices[i]))
		return;
	settings_refresh(t, s);
	reopen_scanner(t, s);
	s->nscans = 0;
	tui_msg(t, TUI_MSG_OK, tr("scanner: %s; scan something to test it"), s->scanner_spec);
}

static void choose_scanner(struct tui *t, struct settings *s)
{
	s->nchoices = 0;
	scanner_list(collect_scanner, s, NULL);
	add_choice(s, "?", tr("Type another"));
	mgr_choose(t, tr("Scanner device"), s->items, s->nchoices, 0, scanner_chosen, s);
}

/* ---- language -------------------------------------------------------------------------- */

static void toggle_lang(struct tui *t)
{
	const char *to = i18n_lang() == I18N_EN ? "vi" : "en";
	struct pos_error err;

	if (admin_setting_set(t->db, &t->user, ADMIN_SET_LANG, to, &err)) {
		tui_error(t, &err);
		return;
	}
	i18n_set_lang(to, NULL);
	tui_msg(t, TUI_MSG_OK, "%s", tr("language changed"));
}

/* ---- keys ------------------------------------------------------------------------------ */

static int settings_key(struct tui *t, void *st, int key)
{
	struct settings *s = st;
	int sec = s->sections.sel;

	if (key == TK_ESC) {
		tui_pop(t);
		return TUI_REPAINT_ALL;
	}
	if (wlist_key(&s->sections, key, 5))
		return TUI_REPAINT_BODY;
	switch (sec) {
	case SEC_SHOWROOM:
		if (key == TK_ENTER || key == TK_F(2) || key == 'e') {
			edit_showroom(t, s);
			return TUI_REPAINT_ALL;
		}
		break;
	case SEC_SALES:
		if (key == TK_ENTER) {
			settings_sales_edit(t);
			return TUI_REPAINT_ALL;
		}
		break;
	case SEC_PRINTER:
		switch (key) {
		case TK_ENTER:
		case TK_F(2):
			choose_printer(t, s);
			return TUI_REPAINT_ALL;
		case TK_F(3):
			choose_profile(t, s);
			return TUI_REPAINT_ALL;
		case TK_F(4):
			print_test(t, s);
			return TUI_REPAINT_ALL;
		case TK_F(5):
			choose_mode(t, s);
			return TUI_REPAINT_ALL;
		}
		break;
	case SEC_SCANNER:
		if (key == TK_ENTER || key == TK_F(2) || key == 'd') {
			choose_scanner(t, s);
			return TUI_REPAINT_ALL;
		}
		break;
	case SEC_USERS:
		if (key == TK_ENTER) {
			screen_users_open(t);
			return TUI_REPAINT_ALL;
		}
		break;
	case SEC_LANG:
		if (key == TK_ENTER) {
			toggle_lang(t);
			return TUI_REPAINT_ALL;
		}
		break;
	}
	return TUI_PASS;
}

static int settings_event(struct tui *t, void *st, const struct tui_event *ev)
{
	struct settings *s = st;
	struct seen_scan *sc;
	time_t now;
	struct tm tm;

	if (ev->kind == TUI_EV_RESUME) {
		settings_refresh(t, s);
		return TUI_REPAINT_ALL;
	}
	if (ev->kind != TUI_EV_SCAN || s->sections.sel != SEC_SCANNER)
		return ev->kind == TUI_EV_SCAN ? TUI_PASS : TUI_REPAINT_NONE;
	memmove(&s->scans[1], &s->scans[0], (SCANS_SHOWN - 1) * sizeof(s->scans[0]));
	sc = &s->scans[0];
	now = clock_now() + CLOCK_VN_OFFSET;
	gmtime_r(&now, &tm);
	strftime(sc->when, sizeof(sc->when), "%H:%M:%S", &tm);
	snprintf(sc->code, sizeof(sc->code), "%s", ev->scan.code);
	snprintf(sc->symbology, sizeof(sc->symbology), "%s", ev->scan.symbology);
	snprintf(sc->source, sizeof(sc->source), "%s", ev->scan.source);
	sc->partial = ev->scan.partial;
	if (s->nscans < SCANS_SHOWN)
		s->nscans++;
	tui_msg(t, TUI_MSG_OK, tr("scanned %s"), ev->scan.code);
	return TUI_REPAINT_ALL;
}

static void settings_close(struct tui *t, void *st)
{
	(void)t;
	free(st);
}

static int sec_is(const void *st, int sec)
{
	return ((const struct settings *)st)->sections.sel == sec;
}

static int on_showroom(struct tui *t, void *st)
{
	(void)t;
	return sec_is(st, SEC_SHOWROOM);
}

static int on_sales(struct tui *t, void *st)
{
	(void)t;
	return sec_is(st, SEC_SALES);
}

static int on_printer(struct tui *t, void *st)
{
	(void)t;
	return sec_is(st, SEC_PRINTER);
}

static int on_scanner(struct tui *t, void *st)
{
	(void)t;
	return sec_is(st, SEC_SCANNER);
}

static int on_users(struct tui *t, void *st)
{
	(void)t;
	return sec_is(st, SEC_USERS);
}

static int on_lang(struct tui *t, void *st)
{
	(void)t;
	return sec_is(st, SEC_LANG);
}

static const struct tui_binding settings_bind[] = {
	{ { 0 }, "↑↓", NULL, N_("Section"), NULL, 0, NULL },
	{ { TK_ENTER }, "Enter", NULL, N_("Change"), NULL, TK_ENTER, on_showroom },
	{ { TK_ENTER }, "Enter", NULL, N_("Change"), NULL, TK_ENTER, on_sales },
	{ { TK_F(2), 'd', 'D' }, "F2", "d", N_("Device"), NULL, TK_F(2), on_printer },
	{ { TK_F(3), 'p', 'P' }, "F3", "p", N_("Profile"), NULL, TK_F(3), on_printer },
	{ { TK_F(4), 't', 'T' }, "F4", "t", N_("Test page"), NULL, TK_F(4), on_printer },
	{ { TK_F(5), 'v', 'V' }, "F5", "v", N_("Vietnamese mode"), NULL, TK_F(5), on_printer },
	{ { TK_F(2), 'd', 'D' }, "F2", "d", N_("Device"), NULL, TK_F(2), on_scanner },
	{ { TK_ENTER }, "Enter", NULL, N_("Manage users"), NULL, TK_ENTER, on_users },
	{ { TK_ENTER }, "Enter", NULL, N_("Switch language"), NULL, TK_ENTER, on_lang },
	{ { TK_ESC }, "Esc", NULL, N_("Back"), NULL, TK_ESC, NULL },
	TUI_BIND_END
};

static const struct tui_screen screen_settings = {
	"settings", 0, settings_draw, settings_key, settings_event, settings_close,
	settings_bind,
};

void screen_settings_open(struct tui *t)
{
	struct settings *s = xcalloc(1, sizeof(*s));

	s->sections.sel = -1;
	wlist_set_count(&s->sections, SEC_COUNT);
	wlist_select(&s->sections, 0);
	settings_refresh(t, s);
	tui_push(t, &screen_settings, s);
	t->msg[0] = '\0';           /* the till's last word is not about this screen */
}
