/*
 * bench_report_run.h - one run of a sales report or the commercialization
 * report through core, as bench_report and bench_report_large time it.
 */
#ifndef OCOP_BENCH_REPORT_RUN_H
#define OCOP_BENCH_REPORT_RUN_H

#include <stdio.h>

#include "core/report.h"

/* Make and free report g (com: the commercialization report) over f. */
static inline int bench_report_once(struct db *db, enum report_group g, struct report_filter *f,
				    int com)
{
	struct pos_error err;

	if (com) {
		struct report_com *r;

		if (report_commercialization(db, f, &r, &err)) {
			fprintf(stderr, "bench: %s\n", err.msg);
			return -1;
		}
		report_com_free(r);
	} else {
		struct report *r;

		if (report_sales(db, g, f, &r, &err)) {
			fprintf(stderr, "bench: %s\n", err.msg);
			return -1;
		}
		report_free(r);
	}
	return 0;
}

#endif
