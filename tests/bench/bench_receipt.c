/*
 * bench_receipt.c - the time to turn a 40-line sale into printer bytes:
 * the built-in sale template filled with a 40-line sample sale (parse
 * once, fill per receipt), then rendered to ESC/POS in each Vietnamese
 * mode on 58 and 80 mm paper.  Budget: fill + render under 5 ms in raster
 * mode (the mode every printer gets by default).
 *
 * Measured, per paper width:
 *   fill            receipt_fill() of the parsed template (the template
 *                   language's whole cost per receipt);
 *   render MODE     escpos_render() of the filled document with a font
 *                   already open, as the TUI keeps it (raster, tcvn3,
 *                   cp1258, ascii);
 *   fill+render     both, in raster mode: the figure the budget judges.
 * Baseline, in the same run: the layout alone - layout_item() of every
 * text item, the least any mode must do to know the lines it prints.
 * Ratios are to that baseline.  Also printed once: a cold raster render
 * that opens the font (what one `ocop-pos receipt print` pays).
 *
 * Knob: BENCH_ROUNDS (200 receipts per figure).  Timings are printed,
 * never asserted: exit 0 unless something fails.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/receipt.h"
#include "core/receipt_data.h"
#include "lib/bytebuf.h"
#include "drivers/printer/escpos.h"
#include "drivers/printer/layout.h"
#include "drivers/printer/profile.h"
#include "drivers/printer/raster.h"
#include "bench.h"

#define BUDGET_MS 5.0

static const char *const profiles[2] = {
	"{\"name\":\"b58\",\"width_dots\":384,\"columns\":32,"
	"\"vietnamese\":{\"mode\":\"raster\",\"tcvn3\":[30,31],\"cp1258\":[27]},"
	"\"raster_band_rows\":24,\"cut\":{\"type\":\"partial\"}}",
	"{\"name\":\"b80\",\"width_dots\":576,\"columns\":48,"
	"\"vietnamese\":{\"mode\":\"raster\",\"tcvn3\":[30,31],\"cp1258\":[52]},"
	"\"raster_band_rows\":128,\"cut\":{\"type\":\"partial\"}}",
};

struct ctx {
	struct receipt_tpl *tpl;
	struct receipt_rec *rec;
	struct printer_profile p;
	struct raster_font *font;
	struct doc doc;                 /* filled once, for the render figures */
	enum vn_mode mode;
	struct bytebuf out;
	size_t bytes;
};

static int do_fill(void *vc, size_t i)
{
	struct ctx *c = vc;
	struct receipt_opts o;
	struct doc d;

	(void)i;
	receipt_opts_init(&o, c->p.columns);
	o.width_dots = c->p.width_dots;
	if (receipt_fill(c->tpl, c->rec, &o, &d, NULL))
		return -1;
	doc_release(&d);
	return 0;
}

static int do_layout(void *vc, size_t i)
{
	struct ctx *c = vc;
	size_t k;

	(void)i;
	for (k = 0; k < c->doc.n; k++) {
		struct layout l;

		layout_init(&l);
		if (layout_item(&c->doc.items[k], c->p.columns, &l, NULL))
			return -1;
		layout_release(&l);
	}
	return 0;
}

static int render(struct ctx *c, const struct doc *d, struct raster_font *font)
{
	struct escpos_opts eo;
	struct pos_error err;

	escpos_opts_default(&c->p, &eo);
	eo.mode = c->mode;
	bytebuf_reset(&c->out);
	if (escpos_render(d, &c->p, &eo, font, &c->out, &err)) {
		fprintf(stderr, "bench: render: %s\n", err.msg);
		return -1;
	}
	c->bytes = c->out.len;
	return 0;
}

static int do_render(void *vc, size_t i)
{
	struct ctx *c = vc;

	(void)i;
	return render(c, &c->doc, c->font);
}

static int do_both(void *vc, size_t i)
{
	struct ctx *c = vc;
	struct receipt_opts o;
	struct doc d;
	int r;

	(void)i;
	receipt_opts_init(&o, c->p.columns);
	o.width_dots = c->p.width_dots;
	if (receipt_fill(c->tpl, c->rec, &o, &d, NULL))
		return -1;
	r = render(c, &d, c->font);
	doc_release(&d);
	return r;
}

static int do_cold(void *vc, size_t i)
{
	struct ctx *c = vc;

	(void)i;
	return render(c, &c->doc, NULL);
}

int main(void)
{
	static const enum vn_mode modes[] = { VN_MODE_RASTER, VN_MODE_TCVN3, VN_MODE_CP1258,
					      VN_MODE_ASCII };
	long rounds = bench_env_long("BENCH_ROUNDS", 200);
	struct bench_result base, r, cold;
	struct pos_error err;
	struct receipt_opts o;
	struct ctx c;
	int w, m, ok = 1;
	char name[BENCH_NAME_MAX];

	if (rounds < 0)
		return 1;
	setenv("OCOP_POS_NOW", "2026-11-22T03:00:00Z", 1);
	memset(&c, 0, sizeof(c));
	if (receipt_load("sale", NULL, &c.tpl, &err) ||
	    receipt_data_sample("sale", 40, 0, &c.rec, &err) ||
	    raster_font_open(NULL, NULL, &c.font, &err)) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return 1;
	}
	bytebuf_init(&c.out);
	printf("bench_receipt: the sale template with a 40-line sale, %ld receipts per figure\n",
	       rounds);
	bench_print_header();
	for (w = 0; w < 2; w++) {
		const char *mm = w ? "80mm" : "58mm";

		if (profile_parse(profiles[w], strlen(profiles[w]), "bench", &c.p, &err))
			goto fail;
		receipt_opts_init(&o, c.p.columns);
		o.width_dots = c.p.width_dots;
		if (receipt_fill(c.tpl, c.rec, &o, &c.doc, &err))
			goto fail;
		snprintf(name, sizeof(name), "%s layout only (baseline)", mm);
		if (bench_run(name, (size_t)rounds, do_layout, &c, &base))
			goto fail;
		bench_print(&base, NULL);
		snprintf(name, sizeof(name), "%s fill (%zu items)", mm, c.doc.n);
		if (bench_run(name, (size_t)rounds, do_fill, &c, &r))
			goto fail;
		bench_print(&r, &base);
		for (m = 0; m < 4; m++) {
			c.mode = modes[m];
			snprintf(name, sizeof(name), "%s render %s", mm, vn_mode_name(modes[m]));
			if (bench_run(name, (size_t)rounds, do_render, &c, &r))
				goto fail;
			bench_print(&r, &base);
			printf("%-40s %zu bytes\n", "", c.bytes);
		}
		c.mode = VN_MODE_RASTER;
		snprintf(name, sizeof(name), "%s fill+render raster", mm);
		if (bench_run(name, (size_t)rounds, do_both, &c, &r))
			goto fail;
		bench_print(&r, &base);
		snprintf(name, sizeof(name), "%s raster, font opened (cold)", mm);
		if (bench_run(name, 5, do_cold, &c, &cold))
			goto fail;
		bench_print(&cold, &base);
		snprintf(name, sizeof(name), "%s 40-line receipt, raster < %.0f ms", mm, BUDGET_MS);
		ok &= bench_verdict(name, "median", r.median_us / 1000.0, BUDGET_MS, "ms");
		doc_release(&c.doc);
	}
	(void)ok;
	bytebuf_release(&c.out);
	raster_font_close(c.font);
	receipt_rec_free(c.rec);
	receipt_tpl_free(c.tpl);
	return 0;
fail:
	fprintf(stderr, "bench: %s\n", err.msg);
	return 1;
}
