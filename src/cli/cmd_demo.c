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

static int run(struct app_ctx *ctx, const struct cli_args *a);

static const struct cli_opt demo_opts[] = {
	CLI_INT("products", 1, 1000000, "N", "how many products (default 150)"),
	CLI_INT("days", 0, 3650, "D", "days of sales before today (default 90)"),
	CLI_INT("seed", 0, 0x7fffffffffffffffLL, "S", "the same seed gives the same data"),
	CLI_END,
};

static const struct cli_sub demo_subs[] = {
	{ NULL, NULL, "fill a database with a realistic demo showroom", demo_opts, run, 0,
	"Creates (if needed) the demo showroom DEMO in Đà Nẵng and fills the\n"
	"database with producers and OCOP products from many provinces (150 by\n"
	"default), their stock, and D days of sales before today (90 by default):\n"
	"shifts, every kind of payment, returns, voids, deliveries.  A few products\n"
	"are low, near expiry or expired, for `ocop-pos stock alerts`.  The same\n"
	"--seed always gives the same data.  Refuses a database that already has\n"
	"products.\n" },
	CLI_SUBS_END,
};

const struct cli_cmd cmd_demo = {
	"demo", "fill a database with a realistic demo showroom", demo_subs, NULL,
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

static int run(struct app_ctx *ctx, const struct cli_args *a)
{
	long long products = cli_int(a, "products", 150), days = cli_int(a, "days", 90),
		  seed = cli_int(a, "seed", 1), count = 0;
	int r;
	struct demo_options o;
	struct showroom s;
	struct pos_error err;

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
