/*
 * test_dynlib.c - optional libraries loaded at their first use
 * (lib/dynlib.h): a missing library is reported with its package, once;
 * a present one is loaded by the first call of one of its functions and
 * not before (the process's own map says so); the compiled Vietnamese
 * catalogue answers without any loading (core/i18n_table.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <libxml/tree.h>
#include <qrencode.h>

#include "core/i18n.h"
#include "core/i18n_table.h"
#include "lib/dynlib.h"

/* 1 when a mapping of this process names lib (a file name part). */
static int mapped(const char *lib)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	int found = 0;

	assert_non_null(f);
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, lib) != NULL;
	fclose(f);
	return found;
}

static void test_missing_library(void **state)
{
	static const char *const names[] = { "libocop-not-there.so.7", "libocop-nor-this.so",
					     NULL };
	struct dynlib l = { .names = names, .package = "ocop-missing-pkg", .use = "A test" };
	struct pos_error err;

	(void)state;
	assert_int_equal(dynlib_open(&l, &err), POS_ERR_IO);
	assert_non_null(strstr(err.msg, "libocop-not-there.so.7"));
	assert_non_null(strstr(err.msg, "ocop-missing-pkg"));
	assert_non_null(strstr(err.msg, "A test"));
	assert_int_equal(dynlib_loaded(&l), 0);
	/* a forwarder's view: NULL, said once, then NULL without trying again */
	assert_null(dynlib_sym(&l, "anything"));
	assert_int_equal(l.failed, 1);
	assert_null(dynlib_sym(&l, "anything"));
}

static void test_present_library(void **state)
{
	static const char *const names[] = { "libocop-not-there.so.7", "libm.so.6", NULL };
	struct dynlib l = { .names = names, .package = "libc6", .use = "A test" };
	double (*fn)(double);
	void *p;

	(void)state;
	assert_int_equal(dynlib_open(&l, NULL), 0);      /* the second name */
	assert_int_equal(dynlib_loaded(&l), 1);
	assert_string_equal(l.file, "libm.so.6");
	p = dynlib_sym(&l, "sqrt");
	assert_non_null(p);
	memcpy(&fn, &p, sizeof(fn));
	assert_true(fn(49.0) == 7.0);
	assert_null(dynlib_sym(&l, "no_such_function_here"));
}

/* The forwarders: nothing loaded until the first call, then the real thing. */
static void test_forwarders_load_at_first_call(void **state)
{
	QRcode *q;
	xmlDocPtr d;

	(void)state;
	assert_int_equal(dynlib_loaded(&dynlib_qrencode), 0);
	assert_false(mapped("libqrencode"));
	q = QRcode_encodeString8bit("ocop-pos", 0, QR_ECLEVEL_M);
	assert_non_null(q);
	assert_true(q->width >= 21);                    /* version 1 or more */
	QRcode_free(q);
	assert_int_equal(dynlib_loaded(&dynlib_qrencode), 1);
	assert_true(mapped("libqrencode"));

	assert_false(mapped("libxml2"));
	d = xmlNewDoc((const xmlChar *)"1.0");
	assert_non_null(d);
	xmlFreeDoc(d);
	assert_true(mapped("libxml2"));
	/* never touched by this test: still not mapped */
	assert_false(mapped("libpq"));
	assert_false(mapped("libxlsxwriter"));
}

static void test_compiled_catalogue(void **state)
{
	size_t i;

	(void)state;
	assert_true(i18n_vi_count > 1000);
	for (i = 1; i < i18n_vi_count; i++)     /* sorted and unique: the binary search holds */
		assert_true(strcmp(i18n_vi_pool + i18n_vi_index[i - 1][0],
				   i18n_vi_pool + i18n_vi_index[i][0]) < 0);
	assert_string_equal(tr("yes"), "yes");   /* English until a language is chosen */
	assert_int_equal(i18n_set_lang("vi", NULL), 0);
	assert_string_equal(tr("yes"), "có");
	for (i = 0; i < i18n_vi_count; i += 97)  /* every entry is found where it is */
		assert_ptr_equal(tr(i18n_vi_pool + i18n_vi_index[i][0]),
				 i18n_vi_pool + i18n_vi_index[i][1]);
	assert_string_equal(tr("zzz not a message"), "zzz not a message");
	assert_string_equal(tr(""), "");
	i18n_free();
	assert_string_equal(tr("yes"), "yes");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_library),
		cmocka_unit_test(test_present_library),
		cmocka_unit_test(test_forwarders_load_at_first_call),
		cmocka_unit_test(test_compiled_catalogue),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
