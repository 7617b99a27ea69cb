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

/* Check one catalogue file; returns its number of entries. */
static int check_file(const struct embedded_file *f)
{
	cJSON *root, *it;
	char a[32], b[32];
	int n = 0;

	root = cJSON_Parse((const char *)f->data);
	if (!root)
		fail_msg("%s is not valid JSON", f->path);
	assert_true(cJSON_IsObject(root));
	cJSON_ArrayForEach(it, root) {
		if (!cJSON_IsString(it))
			fail_msg("%s: \"%s\" is not translated by a string", f->path, it->string);
		assert_true(utf8_valid(it->valuestring, strlen(it->valuestring)));
		conversions(it->string, a, sizeof(a));
		conversions(it->valuestring, b, sizeof(b));
		if (strcmp(a, b) != 0)
			fail_msg("%s: translation of \"%s\" has conversions \"%s\", expected \"%s\"",
				 f->path, it->string, b, a);
		n++;
	}
	cJSON_Delete(root);
	return n;
}

/*
 * Every Vietnamese catalogue (vi.json and the vi-<area>.json files merged
 * with it) keeps each msgid's printf conversions: tr() is used as a format.
 */
static void test_catalogue_consistent(void **state)
{
	const struct embedded_file *f;
	int files = 0;

	(void)state;
	f = embedded_find("config/locale/vi.json");
	assert_non_null(f);
	assert_true(check_file(f) > 50);
	for (f = embedded_files; f->path; f++) {
		if (strncmp(f->path, "config/locale/vi-", 17) != 0)
			continue;
		check_file(f);
		files++;
	}
	assert_true(files > 0);
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
