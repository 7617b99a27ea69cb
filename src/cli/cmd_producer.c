/*
 * cmd_producer.c - `ocop-pos producer add|edit|list|show`.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "core/db.h"
#include "core/field.h"
#include "core/i18n.h"
#include "core/producer.h"
#include "core/refdata.h"

static int run(struct app_ctx *ctx, int argc, char **argv);

const struct cli_cmd cmd_producer = {
	"producer", "add, edit, list and show producers",
	"Usage: ocop-pos producer add CODE --name NAME --kind KIND --province P [options]\n"
	"       ocop-pos producer edit CODE [options]\n"
	"       ocop-pos producer list [--province P] [--kind KIND] [--search TEXT] [--all]\n"
	"                              [--format table|csv|json]\n"
	"       ocop-pos producer show CODE [--format table|json]\n"
	"KIND: cooperative (HTX), cooperative_group (THT), enterprise (DN), household.\n"
	"P: a 2025 province code (48), a pre-2025 code (49 -> 48) or a name.\n"
	"Options: --commune TEXT --tax-code MST --contact NAME --phone TEXT\n"
	"         --women-led yes|no --ethnic-minority-led yes|no --active yes|no\n",
	run,
};

struct popts {
	const char *name, *kind, *province, *commune, *tax, *contact, *phone, *women,
		*ethnic, *active, *format, *search;
	int all;
};

static int parse_bool(const char *s, int *v)
{
	if (!strcmp(s, "yes") || !strcmp(s, "1") || !strcmp(s, "true") || !strcmp(s, "có"))
		*v = 1;
	else if (!strcmp(s, "no") || !strcmp(s, "0") || !strcmp(s, "false") || !strcmp(s, "không"))
		*v = 0;
	else
		return -1;
	return 0;
}

/* Apply the options given to p; 0 or an exit status. */
static int apply(const struct popts *o, struct producer *p)
{
	struct pos_error err;
	const struct province *prov;

	if (o->name)
		snprintf(p->name, sizeof(p->name), "%s", o->name);
	if (o->kind && producer_kind_parse(o->kind, &p->kind, &err))
		return app_error(&err);
	if (o->province) {
		if (province_resolve(o->province, &prov, NULL, &err))
			return app_error(&err);
		snprintf(p->province, sizeof(p->province), "%s", prov->code);
	}
	if (o->commune)
		snprintf(p->commune, sizeof(p->commune), "%s", o->commune);
	if (o->tax)
		snprintf(p->tax_code, sizeof(p->tax_code), "%s", o->tax);
	if (o->contact)
		snprintf(p->contact, sizeof(p->contact), "%s", o->contact);
	if (o->phone)
		snprintf(p->phone, sizeof(p->phone), "%s", o->phone);
	if (o->women && parse_bool(o->women, &p->women_led))
		return app_fail(tr("--women-led must be yes or no, not \"%s\""), o->women);
	if (o->ethnic && parse_bool(o->ethnic, &p->ethnic_minority_led))
		return app_fail(tr("--ethnic-minority-led must be yes or no, not \"%s\""), o->ethnic);
	if (o->active && parse_bool(o->active, &p->active))
		return app_fail(tr("--active must be yes or no, not \"%s\""), o->active);
	return 0;
}

struct list_ctx {
	struct app_table *t;
};

static int list_row(void *vctx, const struct producer *p)
{
	struct list_ctx *l = vctx;

	app_table_add_text(l->t, p->code);
	app_table_add_text(l->t, p->name);
	app_table_add_text(l->t, producer_kind_name(p->kind));
	app_table_add_text(l->t, p->province);
	app_table_add_text(l->t, province_find(p->province) ? province_find(p->province)->name : "");
	app_table_add_text(l->t, p->tax_code);
	app_table_add_bool(l->t, p->women_led);
	app_table_add_bool(l->t, p->ethnic_minority_led);
	return 0;
}

static int do_list(struct app_ctx *ctx, const struct popts *o)
{
	struct producer_filter f = { NULL, -1, NULL, 0 };
	const struct province *prov;
	enum producer_kind kind;
	enum app_format fmt;
	struct pos_error err;
	struct list_ctx l;

	if (app_format_parse(o->format, &fmt))
		return cli_usage(&cmd_producer, tr("unknown format \"%s\""), o->format);
	if (o->province) {
		if (province_resolve(o->province, &prov, NULL, &err))
			return app_error(&err);
		f.province = prov->code;
	}
	if (o->kind) {
		if (producer_kind_parse(o->kind, &kind, &err))
			return app_error(&err);
		f.kind = (int)kind;
	}
	f.text = o->search;
	f.include_inactive = o->all;
	l.t = app_table_new(8);
	app_table_col(l.t, 0, "code", "Code", COL_TEXT);
	app_table_col(l.t, 1, "name", "Name", COL_TEXT);
	app_table_col(l.t, 2, "kind", "Kind", COL_TEXT);
	app_table_col(l.t, 3, "province", "Prov.", COL_TEXT);
	app_table_col(l.t, 4, "province_name", "Province", COL_TEXT);
	app_table_col(l.t, 5, "tax_code", "Tax code", COL_TEXT);
	app_table_col(l.t, 6, "women_led", "Women-led", COL_BOOL);
	app_table_col(l.t, 7, "ethnic_minority_led", "Ethnic minority", COL_BOOL);
	if (producer_list(ctx->db, &f, list_row, &l, &err)) {
		app_table_print(l.t, fmt, stdout);
		return app_error(&err);
	}
	app_table_print(l.t, fmt, stdout);
	return 0;
}

static void show(const struct producer *p)
{
	const struct province *prov = province_find(p->province);
	char lb[96];

	printf("%s %s\n", app_pad(lb, sizeof(lb), tr("Code:"), 25), p->code);
	printf("%s %s\n", app_pad(lb, sizeof(lb), tr("Name:"), 25), p->name);
	printf("%s %s (%s)\n", app_pad(lb, sizeof(lb), tr("Kind:"), 25),
	       producer_kind_label_vi(p->kind),
	       producer_kind_name(p->kind));
	printf("%s %s %s\n", app_pad(lb, sizeof(lb), tr("Province:"), 25),
	       p->province, prov ? prov->name : "");
	printf("%s %s\n", app_pad(lb, sizeof(lb), tr("Commune:"), 25), p->commune);
	printf("%s %s\n", app_pad(lb, sizeof(lb), tr("Tax code:"), 25), p->tax_code);
	printf("%s %s\n", app_pad(lb, sizeof(lb), tr("Women-led:"), 25),
	       p->women_led ? tr("yes") : tr("no"));
	printf("%s %s\n", app_pad(lb, sizeof(lb), tr("Ethnic-minority-led:"), 25),
	       p->ethnic_minority_led ? tr("yes") : tr("no"));
	printf("%s %s\n", app_pad(lb, sizeof(lb), tr("Contact:"), 25), p->contact);
	printf("%s %s\n", app_pad(lb, sizeof(lb), tr("Phone:"), 25), p->phone);
	printf("%s %s\n", app_pad(lb, sizeof(lb), tr("Active:"), 25),
	       p->active ? tr("yes") : tr("no"));
}

static int run(struct app_ctx *ctx, int argc, char **argv)
{
	struct popts o = { 0 };
	struct cli_opt opts[] = {
		{ "name", OPT_STR, &o.name, 0 }, { "kind", OPT_STR, &o.kind, 0 },
		{ "province", OPT_STR, &o.province, 0 }, { "commune", OPT_STR, &o.commune, 0 },
		{ "tax-code", OPT_STR, &o.tax, 0 }, { "contact", OPT_STR, &o.contact, 0 },
		{ "phone", OPT_STR, &o.phone, 0 }, { "women-led", OPT_STR, &o.women, 0 },
		{ "ethnic-minority-led", OPT_STR, &o.ethnic, 0 },
		{ "active", OPT_STR, &o.active, 0 }, { "format", OPT_STR, &o.format, 0 },
		{ "search", OPT_STR, &o.search, 0 }, { "all", OPT_FLAG, &o.all, 0 },
		{ NULL, 0, NULL, 0 },
	};
	struct producer p;
	struct pos_error err;
	int npos, help, r, changed;
	const char *sub;

	r = cli_parse(&cmd_producer, argc, argv, opts, &npos, &help);
	if (r || help)
		return r;
	if (npos < 1)
		return cli_usage(&cmd_producer, "%s", tr("producer needs add, edit, list or show"));
	sub = argv[1];
	if ((r = app_db(ctx, 0)))
		return r;
	if (strcmp(sub, "list") == 0)
		return npos == 1 ? do_list(ctx, &o) :
				   cli_usage(&cmd_producer, tr("unexpected argument \"%s\""), argv[2]);
	if (strcmp(sub, "add") && strcmp(sub, "edit") && strcmp(sub, "show"))
		return cli_usage(&cmd_producer, tr("unknown producer command \"%s\""), sub);
	if (npos != 2)
		return cli_usage(&cmd_producer, tr("producer %s needs one CODE"), sub);
	if (strcmp(sub, "show") == 0) {
		if (producer_get(ctx->db, argv[2], &p, &err))
			return app_error(&err);
		show(&p);
		return 0;
	}
	if (strcmp(sub, "add") == 0) {
		if (producer_get(ctx->db, argv[2], &p, NULL) == 0)
			return app_fail(tr("producer %s already exists; change it with `producer edit`"),
					argv[2]);
		if (!o.name || !o.kind || !o.province)
			return cli_usage(&cmd_producer, "%s",
					 tr("producer add needs --name, --kind and --province"));
		producer_init(&p);
		if (field_copy_code(p.code, sizeof(p.code), argv[2], "code", &err))
			return app_error(&err);
	} else if (producer_get(ctx->db, argv[2], &p, &err)) {
		return app_error(&err);
	}
	if ((r = apply(&o, &p)))
		return r;
	if (producer_save(ctx->db, &p, &changed, &err))
		return app_error(&err);
	printf(changed ? tr("Saved producer %s (%s).\n") : tr("Producer %s (%s) unchanged.\n"),
	       p.code, p.name);
	return 0;
}
