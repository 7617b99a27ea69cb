/*
 * test_vnwords.c - unit tests of core/vnwords: amounts in Vietnamese
 * words for e-invoices (TgTTTBChu).  A table of numbers covering zero,
 * units, mười/mươi, mốt/một, tư/bốn, lăm/năm, lẻ/linh, groups read in
 * full after a higher one, skipped empty groups, tỷ and above, negatives,
 * and a too-small buffer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/vnwords.h"

static const struct {
	int64_t v;
	unsigned flags;
	const char *words;
} table[] = {
	{ 0, 0, "Không đồng" },
	{ 1, 0, "Một đồng" },
	{ 4, 0, "Bốn đồng" },
	{ 5, 0, "Năm đồng" },
	{ 10, 0, "Mười đồng" },
	{ 11, 0, "Mười một đồng" },
	{ 14, 0, "Mười bốn đồng" },
	{ 15, 0, "Mười lăm đồng" },
	{ 20, 0, "Hai mươi đồng" },
	{ 21, 0, "Hai mươi mốt đồng" },
	{ 24, 0, "Hai mươi tư đồng" },
	{ 24, VNW_BON, "Hai mươi bốn đồng" },
	{ 25, 0, "Hai mươi lăm đồng" },
	{ 55, 0, "Năm mươi lăm đồng" },
	{ 99, 0, "Chín mươi chín đồng" },
	{ 100, 0, "Một trăm đồng" },
	{ 101, 0, "Một trăm lẻ một đồng" },
	{ 101, VNW_LINH, "Một trăm linh một đồng" },
	{ 104, 0, "Một trăm lẻ bốn đồng" },
	{ 105, 0, "Một trăm lẻ năm đồng" },
	{ 105, VNW_LINH, "Một trăm linh năm đồng" },
	{ 110, 0, "Một trăm mười đồng" },
	{ 111, 0, "Một trăm mười một đồng" },
	{ 115, 0, "Một trăm mười lăm đồng" },
	{ 121, 0, "Một trăm hai mươi mốt đồng" },
	{ 144, 0, "Một trăm bốn mươi tư đồng" },
	{ 1000, 0, "Một nghìn đồng" },
	{ 1001, 0, "Một nghìn không trăm lẻ một đồng" },
	{ 1010, 0, "Một nghìn không trăm mười đồng" },
	{ 1021, 0, "Một nghìn không trăm hai mươi mốt đồng" },
	{ 1500, 0, "Một nghìn năm trăm đồng" },
	{ 15000, 0, "Mười lăm nghìn đồng" },
	{ 21000, 0, "Hai mươi mốt nghìn đồng" },
	{ 45000, 0, "Bốn mươi lăm nghìn đồng" },
	{ 185000, 0, "Một trăm tám mươi lăm nghìn đồng" },
	{ 3200000, 0, "Ba triệu hai trăm nghìn đồng" },
	{ 1000005, 0, "Một triệu không trăm lẻ năm đồng" },
	{ 1000005, VNW_LINH, "Một triệu không trăm linh năm đồng" },
	{ 1005000, 0, "Một triệu không trăm lẻ năm nghìn đồng" },
	{ 1000000, 0, "Một triệu đồng" },
	{ 10000000, 0, "Mười triệu đồng" },
	{ 25500000, 0, "Hai mươi lăm triệu năm trăm nghìn đồng" },
	{ 1000000000, 0, "Một tỷ đồng" },
	{ 1000000010, 0, "Một tỷ không trăm mười đồng" },
	{ 2000000005, 0, "Hai tỷ không trăm lẻ năm đồng" },
	{ 1234567891, 0,
	  "Một tỷ hai trăm ba mươi tư triệu năm trăm sáu mươi bảy nghìn tám trăm chín mươi mốt đồng" },
	{ 1000000000000LL, 0, "Một nghìn tỷ đồng" },
	{ 1000000000000000000LL, 0, "Một tỷ tỷ đồng" },
	{ 5000001000000LL, 0, "Năm nghìn tỷ không trăm lẻ một triệu đồng" },
	{ -185000, 0, "Âm một trăm tám mươi lăm nghìn đồng" },
	{ 914914, 0, "Chín trăm mười bốn nghìn chín trăm mười bốn đồng" },
	{ 701, 0, "Bảy trăm lẻ một đồng" },
};

static void test_table(void **state)
{
	char out[VNWORDS_MAX];
	size_t k;

	(void)state;
	assert_true(sizeof(table) / sizeof(table[0]) >= 40);
	for (k = 0; k < sizeof(table) / sizeof(table[0]); k++) {
		int len = vnwords_amount(table[k].v, table[k].flags, out, sizeof(out));

		if (strcmp(out, table[k].words) != 0)
			fail_msg("%lld: got \"%s\", want \"%s\"", (long long)table[k].v, out,
				 table[k].words);
		assert_int_equal(len, (int)strlen(table[k].words));
	}
}

static void test_extremes(void **state)
{
	char out[VNWORDS_MAX];

	(void)state;
	assert_true(vnwords_amount(INT64_MAX, 0, out, sizeof(out)) > 0);
	assert_non_null(strstr(out, "tỷ tỷ"));
	assert_true(vnwords_amount(INT64_MIN, 0, out, sizeof(out)) > 0);
	assert_true(strncmp(out, "Âm chín tỷ tỷ", strlen("Âm chín tỷ tỷ")) == 0);
}

static void test_small_buffer(void **state)
{
	char out[14];  /* "Một đồng" is 13 bytes */

	(void)state;
	assert_int_equal(vnwords_amount(185000, 0, out, sizeof(out)), -1);
	assert_string_equal(out, "");
	assert_int_equal(vnwords_amount(1, 0, NULL, 0), -1);
	assert_int_equal(vnwords_amount(1, 0, out, sizeof(out)), (int)strlen("Một đồng"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_extremes),
		cmocka_unit_test(test_small_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
