/*
 * cmd_demo.c - `ocop-pos demo`: a realistic demo showroom.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "core/catalog.h"
#include "core/db.h"
#include "core/demo.h"
#include "core/i18n.h"
#include "core/showroom.h"

static int run(struct app_ctx *ctx, int argc, char **argv);

const struct cli_cmd cmd_demo = {
	"demo", "fill a database with a realistic demo showroom",
	"Usage: ocop-pos [--db FILE] demo [--products N] [--days D] [--seed S]\n"
	"Creates (if needed) the demo showroom DEMO in Đà Nẵng and fills the\n"
	"database with producers and OCOP products from many provinces (150 by\n"
	"default), their stock, and D days of sales before today (90 by default):\n"
	"shifts, every kind of payment, returns, voids, deliveries.  A few products\n"
	"are low, near expiry or expired, for `ocop-pos stock alerts`.  The same\n"
	"--seed always gives the same data.  Refuses a database that already has\n"
	"products.\n",
	run,
};

static void progress(void *ctx, int done, int total)
{
	(void)ctx;
	if (isatty(STDERR_FILENO) && total > 0) {
		fprintf(stderr, "\r%s %d/%d", tr("Generating"), done, total);
		if (done == total)
			fputc('\n', stderr);
	}
}

static int run(struct app_ctx *ctx, int argc, char **argv)
{
	long long products = 150, days = 90, seed = 1, count = 0;
	int npos, help, r;
	struct cli_opt opts[] = {
		{ "products", OPT_INT, &products, 0 }, { "days", OPT_INT, &days, 0 },
		{ "seed", OPT_INT, &seed, 0 }, { NULL, 0, NULL, 0 },
	};
	struct demo_options o;
	struct showroom s;
	struct pos_error err;

	r = cli_parse(&cmd_demo, argc, argv, opts, &npos, &help);
	if (r || help)
		return r;
	if (npos)
		return cli_usage(&cmd_demo, tr("unexpected argument \"%s\""), argv[1]);
	if (products < 1 || products > 1000000)
		return cli_usage(&cmd_demo, "%s", tr("--products must be between 1 and 1000000"));
	if (days < 0 || days > 3650)
		return cli_usage(&cmd_demo, "%s", tr("--days must be between 0 and 3650"));
	if ((r = app_db(ctx, DB_CREATE)))
		return r;
	if (catalog_count(ctx->db, &count, &err))
		return app_error(&err);
	if (count > 0)
		return app_fail(tr("%s already has %lld products; give demo a new --db file"),
				db_path(ctx->db), count);
	if (showroom_local(ctx->db, &s, NULL) != 0) {
		showroom_init_struct(&s);
		snprintf(s.code, sizeof(s.code), "DEMO");
		snprintf(s.name, sizeof(s.name), "Điểm giới thiệu và bán sản phẩm OCOP Đà Nẵng");
		snprintf(s.province, sizeof(s.province), "48");
		snprintf(s.address, sizeof(s.address), "12 Bạch Đằng, phường Hải Châu, Đà Nẵng");
		snprintf(s.tax_code, sizeof(s.tax_code), "0401234567");
		snprintf(s.phone, sizeof(s.phone), "0236 3888 999");
		if (showroom_create(ctx->db, &s, &err)) {
			/* the sample tax code may not pass the check digit: drop it */
			s.tax_code[0] = '\0';
			if (showroom_create(ctx->db, &s, &err))
				return app_error(&err);
		}
	}
	demo_options_init(&o);
	o.products = (int)products;
	o.days = (int)days;
	o.seed = (uint64_t)seed;
	o.progress = progress;
	if (demo_generate(ctx->db, &o, &err))
		return app_error(&err);
	catalog_count(ctx->db, &count, NULL);
	printf(tr("Demo showroom %s ready in %s: %lld products.\n"), s.code, db_path(ctx->db), count);
	return 0;
}
