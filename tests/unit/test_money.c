/*
 * test_money.c - unit tests of core/money: formatting and parsing of VND
 * amounts (round trips, every accepted spelling, bad input with its
 * message), quantities in thousandths, line amounts with half-up
 * rounding and overflow, VAT inside VAT-inclusive prices (per line), and
 * VAT rates.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "lib/err.h"
#include "core/money.h"

/* ---- formatting ---- */

static void test_format(void **state)
{
	static const struct {
		int64_t v;
		const char *sym, *plain;
	} t[] = {
		{ 0, "0 ₫", "0" },
		{ 5, "5 ₫", "5" },
		{ 999, "999 ₫", "999" },
		{ 1000, "1.000 ₫", "1.000" },
		{ -1500, "-1.500 ₫", "-1.500" },
		{ 185000, "185.000 ₫", "185.000" },
		{ 1234567, "1.234.567 ₫", "1.234.567" },
		{ -100000000, "-100.000.000 ₫", "-100.000.000" },
		{ INT64_MAX, "9.223.372.036.854.775.807 ₫",
		  "9.223.372.036.854.775.807" },
		{ INT64_MIN, "-9.223.372.036.854.775.808 ₫",
		  "-9.223.372.036.854.775.808" },
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
		char buf[MONEY_FMT_MAX];

		assert_int_equal(money_format(t[k].v, buf, sizeof(buf)),
				 (int)strlen(t[k].sym));
		assert_string_equal(buf, t[k].sym);
		assert_int_equal(money_format_plain(t[k].v, buf, sizeof(buf)),
				 (int)strlen(t[k].plain));
		assert_string_equal(buf, t[k].plain);
	}
}

static void test_format_small_buffer(void **state)
{
	char buf[16];

	(void)state;
	/* "185.000 ₫" is 11 bytes: 12 fit, 11 do not */
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(money_format(185000, buf, 11), POS_ERR_INVALID);
	assert_int_equal(buf[0], 'x');	/* untouched */
	assert_int_equal(money_format(185000, buf, 12), 11);
	assert_string_equal(buf, "185.000 ₫");
	assert_int_equal(money_format_plain(185000, buf, 7), POS_ERR_INVALID);
	assert_int_equal(money_format_plain(185000, buf, 8), 7);
	assert_int_equal(money_format(1, NULL, 0), POS_ERR_INVALID);
	assert_int_equal(qty_format(1500, buf, 3), POS_ERR_INVALID);
	assert_int_equal(qty_format(1500, buf, 4), 3);
	assert_string_equal(buf, "1,5");
}

/* ---- parsing ---- */

static void test_parse_accepts(void **state)
{
	static const struct {
		const char *s;
		int64_t v;
	} t[] = {
		{ "185000", 185000 },
		{ "185.000", 185000 },
		{ "185,000", 185000 },
		{ "185 000", 185000 },
		{ "185\xc2\xa0" "000", 185000 },	/* NBSP */
		{ "185\xe2\x80\xaf" "000", 185000 },	/* narrow NBSP */
		{ "185.000 ₫", 185000 },
		{ "185.000₫", 185000 },
		{ "185000đ", 185000 },
		{ "185000 Đ", 185000 },
		{ "185000d", 185000 },
		{ "185.000 VND", 185000 },
		{ "185.000 vnd", 185000 },
		{ "185.000 VNĐ", 185000 },
		{ "  1.500  ", 1500 },
		{ "-1.500 ₫", -1500 },
		{ "-0", 0 },
		{ "0", 0 },
		{ "007", 7 },
		{ "1.234.567", 1234567 },
		{ "1 234 567 ₫", 1234567 },
		{ "9.223.372.036.854.775.807", INT64_MAX },
		{ "-9223372036854775808", INT64_MIN },
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
		struct pos_error err;
		int64_t v = 42;

		pos_error_clear(&err);
		if (money_parse(t[k].s, &v, &err) != 0)
			fail_msg("money_parse(\"%s\"): %s", t[k].s, err.msg);
		assert_true(v == t[k].v);
	}
}

static void test_parse_rejects(void **state)
{
	static const struct {
		const char *s;
		const char *why;	/* part of the message */
	} t[] = {
		{ "", "no digits" },
		{ "   ", "no digits" },
		{ "₫", "no digits" },
		{ "-", "no digits" },
		{ "185.5", "no decimals" },
		{ "185,50", "no decimals" },
		{ "1.000,50", "mixed separators" },
		{ "185000.5", "no decimals" },
		{ "1.5000", "no decimals" },
		{ "18.50.000", "3 digits" },
		{ "1850.000", "3 digits" },
		{ "185.000.", "separator" },
		{ "185..000", "digits" },
		{ "185  000", "digits" },
		{ ".185", "digits" },
		{ "abc", "digits" },
		{ "12abc", "only digits" },
		{ "- 185", "digits" },
		{ "--5", "digits" },
		{ "+5", "digits" },
		{ "₫185", "digits" },
		{ "185 ₫ 000", "digits" },
		{ "9223372036854775808", "too large" },
		{ "-9223372036854775809", "too large" },
		{ "99999999999999999999999", "too large" },
		{ "1e6", "only digits" },
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
		struct pos_error err;
		char quoted[64];
		int64_t v = 42;

		pos_error_clear(&err);
		assert_int_equal(money_parse(t[k].s, &v, &err),
				 POS_ERR_INVALID);
		assert_true(v == 42);	/* untouched */
		assert_int_equal(err.code, POS_ERR_INVALID);
		snprintf(quoted, sizeof(quoted), "\"%s\"", t[k].s);
		if (!strstr(err.msg, quoted) || !strstr(err.msg, t[k].why))
			fail_msg("money_parse(\"%s\") said \"%s\"", t[k].s,
				 err.msg);
	}
	/* NULL, and a NULL error pointer */
	{
		int64_t v = 42;

		assert_int_equal(money_parse(NULL, &v, NULL), POS_ERR_INVALID);
		assert_int_equal(money_parse("x", &v, NULL), POS_ERR_INVALID);
		assert_true(v == 42);
	}
}

static void test_round_trip(void **state)
{
	static const int64_t vals[] = {
		0, 1, -1, 999, 1000, -1000, 185000, 1234567, -98765432,
		1000000000000LL, INT64_MAX, INT64_MIN, INT64_MIN + 1,
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(vals) / sizeof(vals[0]); k++) {
		char buf[MONEY_FMT_MAX];
		int64_t v;

		assert_true(money_format(vals[k], buf, sizeof(buf)) > 0);
		assert_int_equal(money_parse(buf, &v, NULL), 0);
		assert_true(v == vals[k]);
		assert_true(money_format_plain(vals[k], buf, sizeof(buf)) > 0);
		assert_int_equal(money_parse(buf, &v, NULL), 0);
		assert_true(v == vals[k]);
	}
}

/* ---- quantities ---- */

static void test_qty_parse(void **state)
{
	static const struct {
		const char *s;
		int64_t milli;
	} ok[] = {
		{ "2", 2000 }, { "1.5", 1500 }, { "1,5", 1500 },
		{ "0.125", 125 }, { "0,001", 1 }, { "1.500", 1500 },
		{ " 3 ", 3000 }, { ".5", 500 }, { "10", 10000 },
		{ "1000000000", QTY_MAX_MILLI }, { "007,25", 7250 },
	};
	static const char *const bad[] = {
		"", "  ", "0", "0.000", "-1", "-0.5", "1.2345", "1.", ",",
		"1,5kg", "abc", "1.5.0", "1 000", "+2", "1000000000.001",
		"99999999999999999999", "1e3",
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(ok) / sizeof(ok[0]); k++) {
		struct pos_error err;
		int64_t m = -1;

		if (qty_parse(ok[k].s, &m, &err) != 0)
			fail_msg("qty_parse(\"%s\"): %s", ok[k].s, err.msg);
		assert_true(m == ok[k].milli);
	}
	for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		struct pos_error err;
		int64_t m = -1;

		pos_error_clear(&err);
		if (qty_parse(bad[k], &m, &err) != POS_ERR_INVALID)
			fail_msg("qty_parse(\"%s\") accepted %lld", bad[k],
				 (long long)m);
		assert_true(m == -1);
		assert_true(strlen(err.msg) > 0);
	}
	assert_int_equal(qty_parse(NULL, NULL, NULL), POS_ERR_INVALID);
}

static void test_qty_format(void **state)
{
	static const struct {
		int64_t milli;
		const char *vi, *c;
	} t[] = {
		{ 2000, "2", "2" }, { 1500, "1,5", "1.5" },
		{ 125, "0,125", "0.125" }, { 1250, "1,25", "1.25" },
		{ 1, "0,001", "0.001" }, { 10, "0,01", "0.01" },
		{ 0, "0", "0" }, { -250, "-0,25", "-0.25" },
		{ -3000, "-3", "-3" }, { 1234567, "1234,567", "1234.567" },
		{ INT64_MIN, "-9223372036854775,808", "-9223372036854775.808" },
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
		char buf[QTY_FMT_MAX];

		assert_int_equal(qty_format(t[k].milli, buf, sizeof(buf)),
				 (int)strlen(t[k].vi));
		assert_string_equal(buf, t[k].vi);
		assert_int_equal(qty_format_c(t[k].milli, buf, sizeof(buf)),
				 (int)strlen(t[k].c));
		assert_string_equal(buf, t[k].c);
	}
}

static void test_qty_round_trip(void **state)
{
	int64_t m;

	(void)state;
	for (m = 1; m <= 30000; m += 7) {
		char buf[QTY_FMT_MAX];
		int64_t back = 0;

		assert_true(qty_format(m, buf, sizeof(buf)) > 0);
		assert_int_equal(qty_parse(buf, &back, NULL), 0);
		assert_true(back == m);
		assert_true(qty_format_c(m, buf, sizeof(buf)) > 0);
		assert_int_equal(qty_parse(buf, &back, NULL), 0);
		assert_true(back == m);
	}
}

/* ---- line amounts ---- */

static void test_line_amount(void **state)
{
	static const struct {
		int64_t price, qty, want;
	} t[] = {
		{ 185000, 2000, 370000 },
		{ 45000, 1500, 67500 },		/* 1,5 kg */
		{ 120000, 125, 15000 },
		{ 12345, 333, 4111 },		/* 4110.885 */
		{ 3, 1500, 5 },			/* 4.5 rounds up */
		{ 3, 1499, 4 },
		{ -3, 1500, -5 },		/* half away from zero */
		{ 3, -1500, -5 },
		{ -3, -1500, 5 },
		{ 1, 499, 0 },
		{ 1, 500, 1 },
		{ 1, -500, -1 },
		{ 0, 5000, 0 },
		{ 185000, 0, 0 },
		{ INT64_MAX, 1000, INT64_MAX },
		{ INT64_MIN, 1000, INT64_MIN },
		{ INT64_MAX, 999, 9214148664817921031LL },
		{ 9000000000000000LL, 1000, 9000000000000000LL },
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
		struct pos_error err;
		int64_t v = 42;

		if (money_line_amount(t[k].price, t[k].qty, &v, &err) != 0)
			fail_msg("%lld x %lld: %s", (long long)t[k].price,
				 (long long)t[k].qty, err.msg);
		if (v != t[k].want)
			fail_msg("%lld x %lld = %lld, want %lld",
				 (long long)t[k].price, (long long)t[k].qty,
				 (long long)v, (long long)t[k].want);
	}
}

static void test_line_amount_overflow(void **state)
{
	static const int64_t t[][2] = {
		{ INT64_MAX, 2000 },
		{ INT64_MAX, 1001 },
		{ INT64_MIN, 2000 },
		{ 10000000000000000LL, 1000000 },
		{ INT64_MAX / 500, 1000000 },
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
		struct pos_error err;
		int64_t v = 42;

		pos_error_clear(&err);
		assert_int_equal(money_line_amount(t[k][0], t[k][1], &v, &err),
				 POS_ERR_INVALID);
		assert_true(v == 42);
		assert_non_null(strstr(err.msg, "too large"));
	}
}

/* ---- VAT ---- */

static void test_vat_included(void **state)
{
	static const struct {
		int64_t amount;
		int rate;
		int64_t vat;
	} t[] = {
		{ 185000, 8, 13704 },		/* 13703.7 */
		{ 100000, 10, 9091 },		/* 9090.9 */
		{ 105000, 5, 5000 },
		{ 108000, 8, 8000 },
		{ 110000, 10, 10000 },
		{ 185000, 0, 0 },
		{ 185000, VAT_KCT, 0 },
		{ 0, 10, 0 },
		{ 1, 10, 0 },
		{ 6, 10, 1 },			/* 0.545 */
		{ 5, 10, 0 },			/* 0.4545 */
		{ -185000, 8, -13704 },		/* refunds: symmetric */
		{ -100000, 10, -9091 },
		{ 3, 100, 2 },			/* exactly 1.5: half up */
		{ -3, 100, -2 },
		{ 12345, 100, 6173 },		/* 6172.5 */
		{ INT64_MAX, 10, 838488366986797801LL },
		{ INT64_MAX, 8, 683212743470724134LL },
		{ INT64_MIN, 8, -683212743470724134LL },
		{ INT64_MIN, 5, -439208192231179800LL },
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
		int64_t v = money_vat_included(t[k].amount, t[k].rate);

		if (v != t[k].vat)
			fail_msg("VAT of %lld at %d%% = %lld, want %lld",
				 (long long)t[k].amount, t[k].rate,
				 (long long)v, (long long)t[k].vat);
	}
}

static void test_vat_per_line(void **state)
{
	/* a receipt: VAT is rounded on each line, then summed per rate */
	static const struct {
		int64_t price, qty;
		int rate;
	} lines[] = {
		{ 185000, 1000, 8 }, { 185000, 1000, 8 }, { 185000, 1000, 8 },
		{ 100000, 1000, 10 }, { 45000, 1500, 10 },
		{ 50000, 2000, VAT_KCT }, { 120000, 1000, 5 },
	};
	int64_t vat8 = 0, vat10 = 0, vat5 = 0, kct = 0, total8 = 0;
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(lines) / sizeof(lines[0]); k++) {
		int64_t amount, vat;

		assert_int_equal(money_line_amount(lines[k].price,
						   lines[k].qty, &amount, NULL),
				 0);
		vat = money_vat_included(amount, lines[k].rate);
		switch (lines[k].rate) {
		case 8: vat8 += vat; total8 += amount; break;
		case 10: vat10 += vat; break;
		case 5: vat5 += vat; break;
		default: kct += vat; break;
		}
	}
	assert_true(vat8 == 3 * 13704);		/* 41112 */
	/* on the 555.000 ₫ total it would be 41111: not what we print */
	assert_true(total8 == 555000);
	assert_true(money_vat_included(total8, 8) == 41111);
	assert_true(vat8 != money_vat_included(total8, 8));
	assert_true(vat10 == 9091 + 6136);	/* 67500 / 11 = 6136.36 */
	assert_true(vat5 == 5714);		/* 5714.29 */
	assert_true(kct == 0);
}

static void test_vat_rates(void **state)
{
	static const struct {
		const char *s;
		int rate;
	} ok[] = {
		{ "0", 0 }, { "5", 5 }, { "8", 8 }, { "10", 10 },
		{ "8%", 8 }, { "10 %", 10 }, { " 5% ", 5 }, { "0%", 0 },
		{ "KCT", VAT_KCT }, { "kct", VAT_KCT }, { "none", VAT_KCT },
		{ "None", VAT_KCT }, { "08", 8 },
	};
	static const char *const bad[] = {
		"", "7", "-1", "100", "10.5", "8%%", "%", "abc", "k c t",
		"8 percent", "12345", "kctx",
	};
	static const int valid[] = { 0, 5, 8, 10, VAT_KCT };
	static const int invalid[] = { -2, 1, 7, 9, 11, 100, 20 };
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(valid) / sizeof(valid[0]); k++)
		assert_true(vat_rate_valid(valid[k]));
	for (k = 0; k < sizeof(invalid) / sizeof(invalid[0]); k++)
		assert_false(vat_rate_valid(invalid[k]));
	for (k = 0; k < sizeof(ok) / sizeof(ok[0]); k++) {
		struct pos_error err;
		int r = 99;

		if (vat_rate_parse(ok[k].s, &r, &err) != 0)
			fail_msg("vat_rate_parse(\"%s\"): %s", ok[k].s, err.msg);
		assert_int_equal(r, ok[k].rate);
	}
	for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		struct pos_error err;
		int r = 99;

		pos_error_clear(&err);
		assert_int_equal(vat_rate_parse(bad[k], &r, &err),
				 POS_ERR_INVALID);
		assert_int_equal(r, 99);
		assert_non_null(strstr(err.msg, "KCT"));
	}
	assert_int_equal(vat_rate_parse(NULL, NULL, NULL), POS_ERR_INVALID);
}

static void test_vat_rate_format(void **state)
{
	static const int rates[] = { 0, 5, 8, 10, VAT_KCT };
	static const char *const want[] = { "0%", "5%", "8%", "10%", "KCT" };
	char buf[8];
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(rates) / sizeof(rates[0]); k++) {
		int r = -99;

		assert_int_equal(vat_rate_format(rates[k], buf, sizeof(buf)),
				 (int)strlen(want[k]));
		assert_string_equal(buf, want[k]);
		/* what is formatted parses back */
		assert_int_equal(vat_rate_parse(buf, &r, NULL), 0);
		assert_int_equal(r, rates[k]);
	}
	assert_int_equal(vat_rate_format(7, buf, sizeof(buf)), POS_ERR_INVALID);
	assert_int_equal(vat_rate_format(10, buf, 3), POS_ERR_INVALID);
}

#ifdef __SIZEOF_INT128__
/* A small deterministic generator of values of every magnitude. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t next(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* A value of 0 to 63 random bits, either sign. */
static int64_t rnd(void)
{
	unsigned bits = (unsigned)(next() % 64);
	uint64_t v = bits ? next() >> (64 - bits) : 0;

	return (next() & 1) ? -(int64_t)v : (int64_t)v;
}

/* round(x / d) half away from zero in 128 bits. */
static __int128 ref_round(__int128 x, __int128 d)
{
	__int128 q = x / d, r = x % d;

	if (r < 0 ? -2 * r >= d : 2 * r >= d)
		q += r < 0 ? -1 : 1;
	return q;
}

static void test_against_128bit(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < 200000; i++) {
		int64_t price = rnd(), qty = rnd(), got;
		int rate = (int)((uint64_t)rnd() % 120);
		__int128 want = ref_round((__int128)price * qty, 1000);
		int rc = money_line_amount(price, qty, &got, NULL);

		if (want > INT64_MAX || want < INT64_MIN) {
			assert_int_equal(rc, POS_ERR_INVALID);
		} else {
			assert_int_equal(rc, 0);
			assert_true(got == (int64_t)want);
		}
		want = ref_round((__int128)price * rate, 100 + rate);
		assert_true(money_vat_included(price, rate) ==
			    (rate == 0 ? 0 : (int64_t)want));
	}
}
#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_small_buffer),
		cmocka_unit_test(test_parse_accepts),
		cmocka_unit_test(test_parse_rejects),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_qty_parse),
		cmocka_unit_test(test_qty_format),
		cmocka_unit_test(test_qty_round_trip),
		cmocka_unit_test(test_line_amount),
		cmocka_unit_test(test_line_amount_overflow),
		cmocka_unit_test(test_vat_included),
		cmocka_unit_test(test_vat_per_line),
		cmocka_unit_test(test_vat_rates),
		cmocka_unit_test(test_vat_rate_format),
#ifdef __SIZEOF_INT128__
		cmocka_unit_test(test_against_128bit),
#endif
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
