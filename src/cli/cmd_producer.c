/*
 * cmd_producer.c - `ocop-pos producer add|edit|list|show`.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "core/db.h"
#include "core/field.h"
#include "core/i18n.h"
#include "core/user.h"
#include "core/producer.h"
#include "core/refdata.h"

static int run_list(struct app_ctx *ctx, const struct cli_args *a);
static int run_show(struct app_ctx *ctx, const struct cli_args *a);
static int run_save(struct app_ctx *ctx, const struct cli_args *a);

#define PRODUCER_FIELDS \
	CLI_STR("name", "NAME", "the producer's name"), \
	CLI_STR("kind", "KIND", "cooperative, cooperative_group, enterprise or household"), \
	CLI_STR("province", "P", "province code or name"), \
	CLI_STR("commune", "TEXT", "commune"), \
	CLI_STR("tax-code", "MST", "tax code"), \
	CLI_STR("contact", "NAME", "contact person"), \
	CLI_STR("phone", "TEXT", "phone"), \
	CLI_STR("women-led", "yes|no", "led by women"), \
	CLI_STR("ethnic-minority-led", "yes|no", "led by an ethnic minority"), \
	CLI_STR("active", "yes|no", "still supplying")

static const struct cli_opt save_opts[] = { PRODUCER_FIELDS, CLI_USER, CLI_END };
static const struct cli_opt list_opts[] = {
	CLI_STR("province", "P", "only producers of this province"),
	CLI_STR("kind", "KIND", "only this kind"),
	CLI_STR("search", "TEXT", "name or code contains TEXT"),
	CLI_FLAG("all", "also inactive producers"),
	CLI_FORMAT, CLI_END,
};

static const struct cli_sub producer_subs[] = {
	{ "add", "CODE", "add a producer (--name, --kind and --province needed)", save_opts,
	  run_save, CLI_NEEDS(PERM_CATALOG), NULL },
	{ "edit", "CODE", "change a producer", save_opts, run_save, CLI_NEEDS(PERM_CATALOG), NULL },
	{ "list", NULL, "list producers", list_opts, run_list, 0, NULL },
	{ "show", "CODE", "show one producer", NULL, run_show, 0, NULL },
	CLI_SUBS_END,
};

const struct cli_cmd cmd_producer = {
	"producer", "add, edit, list and show producers", producer_subs,
	"KIND: cooperative (HTX), cooperative_group (THT), enterprise (DN), household.\n"
	"P: a 2025 province code (48), a pre-2025 code (49 -> 48) or a name.\n"
	"Options: --commune TEXT --tax-code MST --contact NAME --phone TEXT\n"
	"         --women-led yes|no --ethnic-minority-led yes|no --active yes|no\n",
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

static void load(const struct cli_args *a, struct popts *o)
{
	memset(o, 0, sizeof(*o));
	o->name = cli_str(a, "name");
	o->kind = cli_str(a, "kind");
	o->province = cli_str(a, "province");
	o->commune = cli_str(a, "commune");
	o->tax = cli_str(a, "tax-code");
	o->contact = cli_str(a, "contact");
	o->phone = cli_str(a, "phone");
	o->women = cli_str(a, "women-led");
	o->ethnic = cli_str(a, "ethnic-minority-led");
	o->active = cli_str(a, "active");
	o->format = cli_str(a, "format");
	o->search = cli_str(a, "search");
	o->all = cli_has(a, "all");
}

static int run_list(struct app_ctx *ctx, const struct cli_args *a)
{
	struct popts o;
	int r;

	load(a, &o);
	if ((r = app_db(ctx, 0)))
		return r;
	return do_list(ctx, &o);
}

static int run_show(struct app_ctx *ctx, const struct cli_args *a)
{
	struct producer p;
	struct pos_error err;
	int r;

	if (cli_nargs(a) != 1)
		return cli_usage(&cmd_producer, tr("producer %s needs one CODE"), "show");
	if ((r = app_db(ctx, 0)))
		return r;
	if (producer_get(ctx->db, cli_arg(a, 0), &p, &err))
		return app_error(&err);
	show(&p);
	return 0;
}

/* add and edit */
static int run_save(struct app_ctx *ctx, const struct cli_args *a)
{
	const char *sub = a->sub->name, *code = cli_arg(a, 0);
	struct producer p;
	struct pos_error err;
	struct popts o;
	int r, changed;

	load(a, &o);
	if (cli_nargs(a) != 1)
		return cli_usage(&cmd_producer, tr("producer %s needs one CODE"), sub);
	if ((r = app_db(ctx, 0)))
		return r;
	if (strcmp(sub, "add") == 0) {
		if (producer_get(ctx->db, code, &p, NULL) == 0)
			return app_fail(tr("producer %s already exists; change it with `producer edit`"),
					code);
		if (!o.name || !o.kind || !o.province)
			return cli_usage(&cmd_producer, "%s",
					 tr("producer add needs --name, --kind and --province"));
		producer_init(&p);
		if (field_copy_code(p.code, sizeof(p.code), code, "code", &err))
			return app_error(&err);
	} else if (producer_get(ctx->db, code, &p, &err)) {
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
