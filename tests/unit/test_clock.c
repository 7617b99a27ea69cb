/*
 * test_clock.c - timestamps, Vietnam business dates, date arithmetic.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/clock.h"

static void test_format_parse_roundtrip(void **state)
{
	char buf[CLOCK_TS_LEN];
	time_t t;
	struct pos_error err;

	(void)state;
	clock_format_utc(0, buf);
	assert_string_equal(buf, "1970-01-01T00:00:00Z");
	assert_int_equal(clock_parse_utc("2026-11-22T16:59:59Z", &t, &err), 0);
	clock_format_utc(t, buf);
	assert_string_equal(buf, "2026-11-22T16:59:59Z");
	assert_int_equal(clock_parse_utc("2026-02-30T00:00:00Z", &t, &err), POS_ERR_INVALID);
	assert_int_equal(clock_parse_utc("2026-11-22 16:59:59", &t, &err), POS_ERR_INVALID);
	assert_int_equal(clock_parse_utc(NULL, &t, &err), POS_ERR_INVALID);
}

static void test_local_date(void **state)
{
	char d[CLOCK_DATE_LEN], local[17];
	time_t t;

	(void)state;
	/* 16:59 UTC is 23:59 in Hà Nội; 17:00 UTC is already the next day */
	assert_int_equal(clock_parse_utc("2026-12-31T16:59:00Z", &t, NULL), 0);
	clock_local_date(t, d);
	assert_string_equal(d, "2026-12-31");
	clock_format_local(t, local);
	assert_string_equal(local, "2026-12-31 23:59");
	clock_local_date(t + 60, d);
	assert_string_equal(d, "2027-01-01");
}

static void test_env_now(void **state)
{
	char buf[CLOCK_TS_LEN];

	(void)state;
	setenv("OCOP_POS_NOW", "2026-11-22T08:00:00Z", 1);
	clock_format_utc(clock_now(), buf);
	assert_string_equal(buf, "2026-11-22T08:00:00Z");
	setenv("OCOP_POS_NOW", "garbage", 1);
	assert_true(clock_now() > 1700000000);   /* falls back to the real clock */
	unsetenv("OCOP_POS_NOW");
}

static void test_date_arithmetic(void **state)
{
	char out[CLOCK_DATE_LEN];
	int64_t days;
	struct pos_error err;

	(void)state;
	assert_int_equal(clock_date_add_months("2024-02-29", 36, out, &err), 0);
	assert_string_equal(out, "2027-02-28");
	assert_int_equal(clock_date_add_months("2024-01-31", 1, out, &err), 0);
	assert_string_equal(out, "2024-02-29");
	assert_int_equal(clock_date_add_months("2025-11-15", -12, out, &err), 0);
	assert_string_equal(out, "2024-11-15");
	assert_int_equal(clock_date_add_days("2026-12-30", 3, out, &err), 0);
	assert_string_equal(out, "2027-01-02");
	assert_int_equal(clock_date_parse("2026-11-22", &days, &err), 0);
	clock_date_from_days(days, out);
	assert_string_equal(out, "2026-11-22");
	assert_int_equal(clock_date_parse("2026-13-01", NULL, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "2026-13-01"));
	assert_int_equal(clock_date_parse("2100-02-29", NULL, &err), POS_ERR_INVALID);
	assert_int_equal(clock_date_parse("2000-02-29", NULL, &err), 0);
	assert_int_equal(clock_date_parse("26-11-22", NULL, &err), POS_ERR_INVALID);
	assert_int_equal(clock_date_add_months("bad", 1, out, &err), POS_ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_parse_roundtrip),
		cmocka_unit_test(test_local_date),
		cmocka_unit_test(test_env_now),
		cmocka_unit_test(test_date_arithmetic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
