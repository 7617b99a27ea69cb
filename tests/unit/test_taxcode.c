/*
 * test_taxcode.c - unit tests of core/taxcode: the check digit of
 * Vietnamese tax codes (MST), valid and invalid examples from FACTS.md,
 * the 13-digit branch form with and without its dash, normalisation,
 * and the messages of refused codes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "lib/err.h"
#include "core/taxcode.h"

static void test_check_digit(void **state)
{
	static const struct {
		const char *nine;
		int check;
	} t[] = {
		{ "010010910", 6 },
		{ "010124315", 0 },	/* sum mod 11 = 10 gives 0 */
		{ "030058856", 9 },
		{ "123456789", 3 },
		{ "000000000", -1 },	/* sum mod 11 = 0: no check digit */
		{ "01001091a", -1 },
		{ "0100", -1 },		/* stops at the NUL */
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(t) / sizeof(t[0]); k++)
		assert_int_equal(taxcode_check_digit(t[k].nine), t[k].check);
	assert_int_equal(taxcode_check_digit(NULL), -1);
}

static void test_valid(void **state)
{
	static const struct {
		const char *in, *norm;
	} t[] = {
		{ "0100109106", "0100109106" },
		{ "0101243150", "0101243150" },
		{ "0300588569", "0300588569" },
		{ "1234567893", "1234567893" },
		{ " 0100109106\n", "0100109106" },
		{ "0100109106-001", "0100109106-001" },	/* branch */
		{ "0300588569-999", "0300588569-999" },
		{ "0100109106001", "0100109106-001" },	/* 13 digits, no dash */
		{ "001095012345", "001095012345" },	/* CCCD of an individual (since 7/2025) */
		{ " 079301000123 ", "079301000123" },
		{ "0101243150123", "0101243150-123" },
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
		char out[TAXCODE_MAX];
		struct pos_error err;

		if (taxcode_validate(t[k].in, &err) != 0)
			fail_msg("taxcode_validate(\"%s\"): %s", t[k].in,
				 err.msg);
		assert_int_equal(taxcode_normalize(t[k].in, out, sizeof(out),
						   &err),
				 (int)strlen(t[k].norm));
		assert_string_equal(out, t[k].norm);
		/* the normal form is itself valid and normal */
		assert_int_equal(taxcode_validate(out, NULL), 0);
	}
}

static void test_invalid(void **state)
{
	static const struct {
		const char *in, *msg;
	} t[] = {
		{ "0100109107", "tax code 0100109107 has a wrong check digit" },
		{ "0100109105", "tax code 0100109105 has a wrong check digit" },
		{ "0000000000", "wrong check digit" },	/* no digit fits */
		{ "0100109107-001", "tax code 0100109107-001 has a wrong check digit" },
		{ "0100109107001", "wrong check digit" },
		{ "0100109106-000", "branch number 000" },
		{ "0100109106000", "branch number 000" },
		{ "010010910", "must be 10 digits" },
		{ "01001091060", "must be 10 digits" },
		{ "000095012345", "CCCD" },	/* 12 digits: a CCCD, no province 000 */
		{ "097095012345", "CCCD" },
		{ "01001091060011", "must be 10 digits" },
		{ "0100109106-01", "must be 10 digits" },
		{ "0100109106-0001", "must be 10 digits" },
		{ "0100109106_001", "must be 10 digits" },
		{ "010010910-6001", "must be 10 digits" },
		{ "0100109106 -001", "must be 10 digits" },
		{ "01001O9106", "must be 10 digits" },	/* letter O */
		{ "-0100109106", "must be 10 digits" },
		{ "", "empty tax code" },
		{ "   ", "empty tax code" },
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
		struct pos_error err;
		char out[TAXCODE_MAX] = "untouched";

		pos_error_clear(&err);
		assert_int_equal(taxcode_validate(t[k].in, &err),
				 POS_ERR_INVALID);
		assert_int_equal(err.code, POS_ERR_INVALID);
		if (!strstr(err.msg, t[k].msg))
			fail_msg("taxcode_validate(\"%s\") said \"%s\"",
				 t[k].in, err.msg);
		assert_int_equal(taxcode_normalize(t[k].in, out, sizeof(out),
						   NULL),
				 POS_ERR_INVALID);
		assert_string_equal(out, "untouched");
	}
	assert_int_equal(taxcode_validate(NULL, NULL), POS_ERR_INVALID);
}

static void test_normalize_buffer(void **state)
{
	char out[TAXCODE_MAX] = "untouched";

	(void)state;
	assert_int_equal(taxcode_normalize("0100109106001", out, 14, NULL),
			 POS_ERR_INVALID);
	assert_string_equal(out, "untouched");
	assert_int_equal(taxcode_normalize("0100109106001", out, 15, NULL), 14);
	assert_string_equal(out, "0100109106-001");
	assert_int_equal(taxcode_normalize("0100109106", out, 10, NULL),
			 POS_ERR_INVALID);
	assert_int_equal(taxcode_normalize("0100109106", out, 11, NULL), 10);
	assert_int_equal(taxcode_normalize("0100109106", NULL, 0, NULL),
			 POS_ERR_INVALID);
}

/* Every tenth digit but the right one is refused. */
static void test_only_one_check_digit(void **state)
{
	static const char *const good[] = {
		"0100109106", "0101243150", "0300588569", "1234567893",
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(good) / sizeof(good[0]); k++) {
		char code[11];
		char d;

		memcpy(code, good[k], sizeof(code));
		for (d = '0'; d <= '9'; d++) {
			code[9] = d;
			assert_int_equal(taxcode_validate(code, NULL) == 0,
					 d == good[k][9]);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_digit),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_normalize_buffer),
		cmocka_unit_test(test_only_one_check_digit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
