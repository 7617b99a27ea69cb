/*
 * test_config.c - the configuration file: defaults, layouts, bad files.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/config.h"

static void test_builtin(void **state)
{
	struct config c;
	struct pos_error err;
	char item[16];
	int64_t v;

	(void)state;
	assert_int_equal(config_load(NULL, &c, &err), 0);
	assert_string_equal(c.lang, "vi");
	assert_string_equal(c.register_code, "01");
	assert_int_equal(c.nlayouts, 2);
	assert_int_equal(c.layouts[0].value_is_price, 0);
	assert_int_equal(c.layouts[1].value_is_price, 1);
	/* 21 00123 01250 C: item 00123, 1250 g */
	assert_int_equal(barcode_vm_decode(&c.layouts[0], "2100123012503", item, sizeof(item), &v,
					   &err), 0);
	assert_string_equal(item, "00123");
	assert_int_equal(v, 1250);
}

static void test_bad_files(void **state)
{
	struct config c;
	struct pos_error err;

	(void)state;
	memset(&c, 0x5a, sizeof(c));
	assert_int_equal(config_parse("{", "x.json", &c, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "x.json"));
	assert_int_equal(config_parse("{\"format\":\"other\",\"version\":1}", "x.json", &c, &err),
			 POS_ERR_INVALID);
	assert_int_equal(config_parse("{\"format\":\"ocop-pos/config\",\"version\":2}", "x.json",
				      &c, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "version"));
	assert_int_equal(config_parse("{\"format\":\"ocop-pos/config\",\"version\":1,\"lang\":\"fr\"}",
				      "x.json", &c, &err), POS_ERR_INVALID);
	assert_int_equal(config_parse("{\"format\":\"ocop-pos/config\",\"version\":1,"
				      "\"barcode\":{\"variable_measure\":[{\"pattern\":\"21IIIII\","
				      "\"value\":\"weight_g\"}]}}", "x.json", &c, &err),
			 POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "variable_measure[0]"));
	assert_int_equal(config_parse("{\"format\":\"ocop-pos/config\",\"version\":1,"
				      "\"register\":\"1\"}", "x.json", &c, &err), POS_ERR_INVALID);
	assert_int_equal(config_load("/nonexistent/ocop.json", &c, &err), POS_ERR_NOT_FOUND);
	assert_non_null(strstr(err.msg, "/nonexistent/ocop.json"));
	/* a minimal file: defaults for the rest, unknown keys ignored */
	assert_int_equal(config_parse("{\"format\":\"ocop-pos/config\",\"version\":1,\"future\":1}",
				      "x.json", &c, &err), 0);
	assert_string_equal(c.lang, "vi");
	assert_int_equal(c.nlayouts, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin),
		cmocka_unit_test(test_bad_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
