/*
 * test_barcode.c - unit tests of core/barcode: GS1 check digits,
 * validation and normalisation of scanned codes (EAN-13, EAN-8, UPC-A,
 * GTIN-14, in-store, shop labels), wrong check digits with their message,
 * in-store code generation, and variable-measure layouts: parsing,
 * decoding, encoding and their round trip.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/barcode.h"
#include "lib/err.h"

static void test_check_digit(void **state)
{
	static const struct {
		const char *d;
		int check;
	} t[] = {
		{ "893123450001", 6 },		/* FACTS.md */
		{ "400638133393", 1 },		/* EAN-13 4006381333931 */
		{ "03600029145", 2 },		/* UPC-A 036000291452 */
		{ "9638507", 4 },		/* EAN-8 96385074 */
		{ "1003600029145", 9 },		/* GTIN-14 */
		{ "200000000001", 5 },
		{ "", 0 },
		{ "0", 0 },
		{ "1", 7 },
		{ "89312345000a", -1 },
		{ "8931 2345000", -1 },
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(t) / sizeof(t[0]); k++)
		assert_int_equal(barcode_check_digit(t[k].d, strlen(t[k].d)),
				 t[k].check);
	/* only n digits are read */
	assert_int_equal(barcode_check_digit("8931234500016", 12), 6);
	assert_int_equal(barcode_check_digit(NULL, 3), -1);
}

static void test_validate_accepts(void **state)
{
	static const struct {
		const char *in, *norm;
		enum barcode_kind kind;
	} t[] = {
		{ "8931234500016", "8931234500016", BARCODE_EAN13 },
		{ "  8931234500016\r\n", "8931234500016", BARCODE_EAN13 },
		{ "4006381333931", "4006381333931", BARCODE_EAN13 },
		{ "036000291452", "0036000291452", BARCODE_UPCA },
		{ "0036000291452", "0036000291452", BARCODE_EAN13 },
		{ "96385074", "96385074", BARCODE_EAN8 },
		{ "2000000000015", "2000000000015", BARCODE_INSTORE },
		{ "2999999999991", "2999999999991", BARCODE_INSTORE },
		{ "10036000291459", "10036000291459", BARCODE_GTIN14 },
		{ "00036000291452", "0036000291452", BARCODE_GTIN14 },
		{ "abc-12", "ABC-12", BARCODE_INTERNAL },
		{ "MO/2024_01.A", "MO/2024_01.A", BARCODE_INTERNAL },
		{ "A", "A", BARCODE_INTERNAL },
		{ " x1 ", "X1", BARCODE_INTERNAL },
		{ "-", "-", BARCODE_INTERNAL },
		{ "12345678901234567890123456789ABC",
		  "12345678901234567890123456789ABC", BARCODE_INTERNAL },
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
		char norm[BARCODE_NORM_MAX];
		enum barcode_kind kind = (enum barcode_kind)99;
		struct pos_error err;

		if (barcode_validate(t[k].in, norm, sizeof(norm), &kind, &err))
			fail_msg("barcode_validate(\"%s\"): %s", t[k].in,
				 err.msg);
		assert_string_equal(norm, t[k].norm);
		assert_int_equal(kind, t[k].kind);
	}
}

static void test_validate_same_product(void **state)
{
	/* the UPC-A, EAN-13 and GTIN-14 forms normalise to one key */
	static const char *const forms[] = {
		"036000291452", "0036000291452", "00036000291452",
	};
	char first[BARCODE_NORM_MAX];
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(forms) / sizeof(forms[0]); k++) {
		char norm[BARCODE_NORM_MAX];

		assert_int_equal(barcode_validate(forms[k], norm, sizeof(norm),
						  NULL, NULL), 0);
		if (k == 0)
			memcpy(first, norm, sizeof(norm));
		assert_string_equal(norm, first);
	}
}

static void test_validate_rejects(void **state)
{
	static const struct {
		const char *in;
		const char *msg;	/* part of the message */
	} t[] = {
		{ "8931234500017",
		  "wrong check digit in 8931234500017: expected 6" },
		{ " 8931234500010 ",
		  "wrong check digit in 8931234500010: expected 6" },
		{ "036000291453", "wrong check digit in 036000291453: expected 2" },
		{ "96385075", "wrong check digit in 96385075: expected 4" },
		{ "10036000291458", "expected 9" },
		{ "2000000000016", "expected 5" },
		{ "12345", "has 5 digits" },
		{ "1234567", "has 7 digits" },
		{ "123456789", "has 9 digits" },
		{ "12345678901", "has 11 digits" },
		{ "123456789012345", "has 15 digits" },
		{ "", "empty" },
		{ " \t ", "empty" },
		{ "AB 12", "space" },
		{ "AB#1", "'#'" },
		{ "M\xe1\xba\xadt", "byte 0xE1" },
		{ "A\x01", "byte 0x01" },
		{ "123456789012345678901234567890ABC", "too long" },
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
		char norm[BARCODE_NORM_MAX] = "untouched";
		enum barcode_kind kind = (enum barcode_kind)99;
		struct pos_error err;

		pos_error_clear(&err);
		assert_int_equal(barcode_validate(t[k].in, norm, sizeof(norm),
						  &kind, &err),
				 POS_ERR_INVALID);
		assert_int_equal(err.code, POS_ERR_INVALID);
		if (!strstr(err.msg, t[k].msg))
			fail_msg("barcode_validate(\"%s\") said \"%s\"", t[k].in,
				 err.msg);
		assert_string_equal(norm, "untouched");
		assert_int_equal(kind, 99);
	}
	assert_int_equal(barcode_validate(NULL, NULL, 0, NULL, NULL),
			 POS_ERR_INVALID);
}

static void test_validate_small_buffer(void **state)
{
	char norm[14] = "untouched";
	struct pos_error err;

	(void)state;
	/* UPC-A grows to 13 digits: 13 bytes are not enough with the NUL */
	assert_int_equal(barcode_validate("036000291452", norm, 13, NULL, &err),
			 POS_ERR_INVALID);
	assert_string_equal(norm, "untouched");
	assert_int_equal(barcode_validate("036000291452", norm, 14, NULL, &err),
			 0);
	assert_string_equal(norm, "0036000291452");
}

static void test_kind_names(void **state)
{
	(void)state;
	assert_string_equal(barcode_kind_name(BARCODE_EAN13), "EAN-13");
	assert_string_equal(barcode_kind_name(BARCODE_EAN8), "EAN-8");
	assert_string_equal(barcode_kind_name(BARCODE_UPCA), "UPC-A");
	assert_string_equal(barcode_kind_name(BARCODE_GTIN14), "GTIN-14");
	assert_string_equal(barcode_kind_name(BARCODE_INTERNAL), "internal");
	assert_string_equal(barcode_kind_name((enum barcode_kind)42),
			    "unknown");
}

/* ---- in-store codes ---- */

static void test_make_instore(void **state)
{
	static const struct {
		int prefix;
		uint64_t number;
		const char *code;
	} t[] = {
		{ 20, 1, "2000000000015" },
		{ 29, 9999999999ull, "2999999999991" },
		{ 20, 12345, "2000000123455" },
		{ 21, 0, "2100000000005" },
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
		char out[14], norm[BARCODE_NORM_MAX];
		enum barcode_kind kind;

		assert_int_equal(barcode_make_instore(t[k].prefix, t[k].number,
						      out, NULL), 0);
		assert_string_equal(out, t[k].code);
		/* what we print scans back as an in-store code */
		assert_int_equal(barcode_validate(out, norm, sizeof(norm),
						  &kind, NULL), 0);
		assert_string_equal(norm, out);
		assert_int_equal(kind, BARCODE_INSTORE);
	}
}

static void test_make_instore_rejects(void **state)
{
	char out[14] = "untouched";
	struct pos_error err;

	(void)state;
	assert_int_equal(barcode_make_instore(19, 1, out, &err),
			 POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "20 to 29"));
	assert_int_equal(barcode_make_instore(30, 1, out, &err),
			 POS_ERR_INVALID);
	assert_int_equal(barcode_make_instore(-20, 1, out, &err),
			 POS_ERR_INVALID);
	assert_int_equal(barcode_make_instore(20, 10000000000ull, out, &err),
			 POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "10 digits"));
	assert_int_equal(barcode_make_instore(20, UINT64_MAX, out, &err),
			 POS_ERR_INVALID);
	assert_string_equal(out, "untouched");
}

/* ---- variable-measure layouts ---- */

static void test_vm_layout_parse(void **state)
{
	static const struct {
		const char *pattern, *stored;
		int items, values, literals;
	} ok[] = {
		{ "20IIIIIVVVVVC", "20IIIIIVVVVVC", 5, 5, 2 },
		{ "2IIIIIIVVVVVC", "2IIIIIIVVVVVC", 6, 5, 1 },
		{ "21iiiixvvvvvc", "21IIIIXVVVVVC", 4, 5, 2 },
		{ "28IIIIVVVVVVC", "28IIIIVVVVVVC", 4, 6, 2 },
		{ "2IVIVIVIVIVIC", "2IVIVIVIVIVIC", 6, 5, 1 },
	};
	static const struct {
		const char *pattern, *msg;
	} bad[] = {
		{ "20IIIIIVVVVV", "has 12 characters" },
		{ "20IIIIIVVVVVCC", "has 14 characters" },
		{ "", "has 0 characters" },
		{ "FFIIIIIVVVVVC", "'F'" },
		{ "20IIIII VVVVC", "' '" },
		{ "20IIIIIVVVVCV", "must be last" },
		{ "20IIIIIVVVVVX", "must end with" },
		{ "I0IIIIIVVVVVC", "literal prefix" },
		{ "20IIIIIIIIIIC", "needs item digits I and value digits V" },
		{ "20VVVVVVVVVVC", "needs item digits I and value digits V" },
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(ok) / sizeof(ok[0]); k++) {
		struct barcode_vm_layout l;
		struct pos_error err;

		if (barcode_vm_layout_parse(ok[k].pattern, 1, &l, &err))
			fail_msg("layout %s: %s", ok[k].pattern, err.msg);
		assert_string_equal(l.pattern, ok[k].stored);
		assert_int_equal(l.item_digits, ok[k].items);
		assert_int_equal(l.value_digits, ok[k].values);
		assert_int_equal(l.literal_digits, ok[k].literals);
		assert_int_equal(l.value_is_price, 1);
	}
	for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		struct barcode_vm_layout l;
		struct pos_error err;

		memset(&l, 0x5a, sizeof(l));
		pos_error_clear(&err);
		assert_int_equal(barcode_vm_layout_parse(bad[k].pattern, 0, &l,
							 &err),
				 POS_ERR_INVALID);
		if (!strstr(err.msg, bad[k].msg))
			fail_msg("layout \"%s\" said \"%s\"", bad[k].pattern,
				 err.msg);
		assert_int_equal(l.item_digits, 0x5a5a5a5a);	/* untouched */
	}
	assert_int_equal(barcode_vm_layout_parse(NULL, 0, NULL, NULL),
			 POS_ERR_INVALID);
}

static void test_vm_decode(void **state)
{
	struct barcode_vm_layout w, p;
	char item[16];
	int64_t value = -1;
	struct pos_error err;

	(void)state;
	assert_int_equal(barcode_vm_layout_parse("20IIIIIVVVVVC", 0, &w, NULL),
			 0);
	assert_int_equal(barcode_vm_layout_parse("21IIIIXVVVVVC", 1, &p, NULL),
			 0);

	/* item 00123, 1.234 g; check digit 6 */
	assert_int_equal(barcode_vm_decode(&w, "2000123012346", item,
					   sizeof(item), &value, &err), 0);
	assert_string_equal(item, "00123");
	assert_true(value == 1234);

	/* price layout, the X digit is not checked: item 1234, 12.345 ₫ */
	assert_int_equal(barcode_vm_decode(&p, "2112340123450", item,
					   sizeof(item), &value, &err), 0);
	assert_string_equal(item, "1234");
	assert_true(value == 12345);

	/* another layout's code: not found, outputs untouched */
	value = -1;
	snprintf(item, sizeof(item), "none");
	pos_error_clear(&err);
	assert_int_equal(barcode_vm_decode(&w, "2112340123450", item,
					   sizeof(item), &value, &err),
			 POS_ERR_NOT_FOUND);
	assert_non_null(strstr(err.msg, "does not match"));
	assert_int_equal(barcode_vm_decode(&p, "2000123012346", item,
					   sizeof(item), &value, &err),
			 POS_ERR_NOT_FOUND);
	assert_int_equal(barcode_vm_decode(&w, "8931234500016", item,
					   sizeof(item), &value, &err),
			 POS_ERR_NOT_FOUND);
	/* not 13 digits: not found either */
	assert_int_equal(barcode_vm_decode(&w, "96385074", item, sizeof(item),
					   &value, &err), POS_ERR_NOT_FOUND);
	assert_int_equal(barcode_vm_decode(&w, "20001230123a6", item,
					   sizeof(item), &value, &err),
			 POS_ERR_NOT_FOUND);
	assert_int_equal(barcode_vm_decode(&w, NULL, item, sizeof(item),
					   &value, &err), POS_ERR_NOT_FOUND);

	/* right layout, wrong check digit: invalid */
	pos_error_clear(&err);
	assert_int_equal(barcode_vm_decode(&w, "2000123012347", item,
					   sizeof(item), &value, &err),
			 POS_ERR_INVALID);
	assert_string_equal(err.msg,
			    "wrong check digit in 2000123012347: expected 6");

	/* the item code does not fit */
	assert_int_equal(barcode_vm_decode(&w, "2000123012346", item, 5,
					   &value, &err), POS_ERR_INVALID);
	assert_string_equal(item, "none");
	assert_true(value == -1);
}

static void test_vm_round_trip(void **state)
{
	static const struct {
		const char *pattern;
		int price;
		const char *item, *item_back;
		int64_t value;
	} t[] = {
		{ "20IIIIIVVVVVC", 0, "12345", "12345", 1250 },	/* 1,25 kg */
		{ "20IIIIIVVVVVC", 0, "42", "00042", 500 },
		{ "20IIIIIVVVVVC", 0, "00001", "00001", 0 },
		{ "20IIIIIVVVVVC", 0, "99999", "99999", 99999 },
		{ "2IIIIIIVVVVVC", 1, "123456", "123456", 85000 },
		{ "21IIIIXVVVVVC", 1, "7", "0007", 12345 },
		{ "28IIIIVVVVVVC", 1, "1", "0001", 999999 },
		{ "2IVIVIVIVIVIC", 0, "123456", "123456", 54321 },
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
		struct barcode_vm_layout l;
		char code[14], item[16], norm[BARCODE_NORM_MAX];
		enum barcode_kind kind;
		int64_t value = -1;

		assert_int_equal(barcode_vm_layout_parse(t[k].pattern,
							 t[k].price, &l, NULL),
				 0);
		assert_int_equal(barcode_vm_encode(&l, t[k].item, t[k].value,
						   code, NULL), 0);
		/* a scale's code is a valid in-store EAN-13 */
		assert_int_equal(barcode_validate(code, norm, sizeof(norm),
						  &kind, NULL), 0);
		assert_int_equal(kind, BARCODE_INSTORE);
		assert_int_equal(barcode_vm_decode(&l, code, item, sizeof(item),
						   &value, NULL), 0);
		assert_string_equal(item, t[k].item_back);
		assert_true(value == t[k].value);
	}
}

static void test_vm_encode_rejects(void **state)
{
	struct barcode_vm_layout l;
	char out[14] = "untouched";
	struct pos_error err;

	(void)state;
	assert_int_equal(barcode_vm_layout_parse("20IIIIIVVVVVC", 0, &l, NULL),
			 0);
	assert_int_equal(barcode_vm_encode(&l, "123456", 1, out, &err),
			 POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "1 to 5 digits"));
	assert_int_equal(barcode_vm_encode(&l, "12a", 1, out, &err),
			 POS_ERR_INVALID);
	assert_int_equal(barcode_vm_encode(&l, "", 1, out, &err),
			 POS_ERR_INVALID);
	assert_int_equal(barcode_vm_encode(&l, "1", 100000, out, &err),
			 POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "weight 100000"));
	assert_int_equal(barcode_vm_encode(&l, "1", -1, out, &err),
			 POS_ERR_INVALID);
	assert_int_equal(barcode_vm_encode(NULL, "1", 1, out, &err),
			 POS_ERR_INVALID);
	assert_string_equal(out, "untouched");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_digit),
		cmocka_unit_test(test_validate_accepts),
		cmocka_unit_test(test_validate_same_product),
		cmocka_unit_test(test_validate_rejects),
		cmocka_unit_test(test_validate_small_buffer),
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_make_instore),
		cmocka_unit_test(test_make_instore_rejects),
		cmocka_unit_test(test_vm_layout_parse),
		cmocka_unit_test(test_vm_decode),
		cmocka_unit_test(test_vm_round_trip),
		cmocka_unit_test(test_vm_encode_rejects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
