/*
 * test_i18n.c - the translation table: look-up, language switch, and that
 * every Vietnamese string keeps its msgid's printf conversions.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <cjson/cJSON.h>

#include "core/embedded.h"
#include "core/i18n.h"
#include "core/vntext.h"

/* The sequence of conversion letters in a printf format ("%s%d" -> "sd"). */
static void conversions(const char *f, char *out, size_t n)
{
	size_t len = 0;

	for (; *f; f++) {
		if (*f != '%')
			continue;
		f++;
		if (*f == '%')
			continue;
		while (*f && strchr("-+ #0123456789.*lhzjt", *f))
			f++;
		if (*f && len + 1 < n)
			out[len++] = *f;
		if (!*f)
			break;
	}
	out[len] = '\0';
}

static void test_catalogue_consistent(void **state)
{
	const struct embedded_file *f = embedded_find("config/locale/vi.json");
	cJSON *root, *it;
	char a[32], b[32];
	int n = 0;

	(void)state;
	assert_non_null(f);
	root = cJSON_Parse((const char *)f->data);
	assert_non_null(root);
	cJSON_ArrayForEach(it, root) {
		assert_true(cJSON_IsString(it));
		assert_true(vn_utf8_valid(it->valuestring, strlen(it->valuestring)));
		conversions(it->string, a, sizeof(a));
		conversions(it->valuestring, b, sizeof(b));
		if (strcmp(a, b) != 0)
			fail_msg("translation of \"%s\" has conversions \"%s\", expected \"%s\"",
				 it->string, b, a);
		n++;
	}
	assert_true(n > 50);
	cJSON_Delete(root);
}

static void test_switch(void **state)
{
	struct pos_error err;

	(void)state;
	assert_int_equal(i18n_set_lang("vi", &err), 0);
	assert_int_equal(i18n_lang(), I18N_VI);
	assert_string_equal(tr("yes"), "có");
	assert_string_equal(tr("a message nobody translated"), "a message nobody translated");
	assert_int_equal(i18n_set_lang("en", &err), 0);
	assert_string_equal(tr("yes"), "yes");
	assert_int_equal(i18n_set_lang("fr", &err), POS_ERR_INVALID);
	assert_int_equal(i18n_load_json("[1,2]", &err), POS_ERR_INVALID);
	assert_int_equal(i18n_load_json("{\"a\":\"b\"}", &err), 0);
	assert_int_equal(i18n_set_lang("vi", &err), 0);
	assert_string_equal(tr("a"), "b");
	i18n_free();
	assert_string_equal(tr("a"), "a");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalogue_consistent),
		cmocka_unit_test(test_switch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
