/*
 * test_admin.c - the administrator's changes: the showroom's details
 * (checked, only by an admin, code fixed, audited with what changed, no
 * entry when nothing changed) and the settings the settings screen
 * writes (each value checked for its key, "" removes, unknown keys and
 * non-admins refused with nothing written).
 */
#include <sqlite3.h>

#include "testutil.h"
#include "core/admin.h"
#include "core/audit.h"
#include "core/showroom.h"
#include "core/user.h"

struct fx {
	struct testdb t;
	struct user admin, manager;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct showroom s;
	struct pos_error err;

	setenv("OCOP_POS_NOW", "2026-11-22T01:00:00Z", 1);
	testdb_open(&f->t);
	showroom_init_struct(&s);
	snprintf(s.code, sizeof(s.code), "DN01");
	snprintf(s.name, sizeof(s.name), "Điểm OCOP Đà Nẵng");
	snprintf(s.province, sizeof(s.province), "48");
	snprintf(s.address, sizeof(s.address), "12 Bạch Đằng");
	if (showroom_create(f->t.db, &s, &err))
		fail_msg("showroom_create: %s", err.msg);
	if (user_add(f->t.db, NULL, "admin", "", ROLE_ADMIN, "1111", &f->admin, &err) ||
	    user_add(f->t.db, &f->admin, "quanly", "", ROLE_MANAGER, "2222", &f->manager, &err))
		fail_msg("user_add: %s", err.msg);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	testdb_close(&f->t);
	free(f);
	unsetenv("OCOP_POS_NOW");
	return 0;
}

/* Number of audit entries with this action. */
static size_t audits(struct db *db, const char *action, char *last_detail, size_t n)
{
	struct audit_entry *e;
	struct pos_error err;
	size_t cnt, i, k = 0;

	if (audit_list(db, NULL, NULL, &e, &cnt, &err))
		fail_msg("audit_list: %s", err.msg);
	for (i = 0; i < cnt; i++)
		if (strcmp(e[i].action, action) == 0) {
			k++;
			if (last_detail)
				snprintf(last_detail, n, "%s", e[i].detail);
		}
	free(e);
	return k;
}

static void test_showroom_update(void **state)
{
	struct fx *f = *state;
	struct showroom s, got;
	struct pos_error err;
	char detail[256];
	int changed = -1;

	assert_int_equal(showroom_local(f->t.db, &s, &err), 0);
	snprintf(s.name, sizeof(s.name), "Trung tâm OCOP Đà Nẵng");
	snprintf(s.phone, sizeof(s.phone), "0236 3888 999");
	snprintf(s.tax_code, sizeof(s.tax_code), "0100109106");
	assert_int_equal(admin_showroom_update(f->t.db, &f->admin, &s, &changed, &err), 0);
	assert_int_equal(changed, 1);
	assert_int_equal(showroom_local(f->t.db, &got, &err), 0);
	assert_string_equal(got.name, "Trung tâm OCOP Đà Nẵng");
	assert_string_equal(got.phone, "0236 3888 999");
	assert_string_equal(got.tax_code, "0100109106");
	assert_string_equal(got.code, "DN01");
	assert_string_equal(got.province, "48");
	assert_int_equal(audits(f->t.db, "showroom", detail, sizeof(detail)), 1);
	assert_non_null(strstr(detail, "name: Điểm OCOP Đà Nẵng -> Trung tâm OCOP Đà Nẵng"));
	assert_non_null(strstr(detail, "phone"));

	/* The same again: nothing written, no audit entry. */
	assert_int_equal(admin_showroom_update(f->t.db, &f->admin, &s, &changed, &err), 0);
	assert_int_equal(changed, 0);
	assert_int_equal(audits(f->t.db, "showroom", NULL, 0), 1);
}

static void test_showroom_refusals(void **state)
{
	struct fx *f = *state;
	struct showroom s, got;
	struct pos_error err;

	assert_int_equal(showroom_local(f->t.db, &s, &err), 0);
	snprintf(s.name, sizeof(s.name), "Khác");
	assert_int_equal(admin_showroom_update(f->t.db, &f->manager, &s, NULL, &err), POS_ERR_PERM);
	assert_int_equal(admin_showroom_update(f->t.db, NULL, &s, NULL, &err), POS_ERR_PERM);

	snprintf(s.name, sizeof(s.name), "   ");
	assert_int_equal(admin_showroom_update(f->t.db, &f->admin, &s, NULL, &err),
			 POS_ERR_INVALID);
	snprintf(s.name, sizeof(s.name), "Khác");
	snprintf(s.tax_code, sizeof(s.tax_code), "0100109107");   /* wrong check digit */
	assert_int_equal(admin_showroom_update(f->t.db, &f->admin, &s, NULL, &err),
			 POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "tax code"));
	s.tax_code[0] = '\0';
	snprintf(s.code, sizeof(s.code), "HN01");
	assert_int_equal(admin_showroom_update(f->t.db, &f->admin, &s, NULL, &err),
			 POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "DN01"));

	assert_int_equal(showroom_local(f->t.db, &got, &err), 0);
	assert_string_equal(got.name, "Điểm OCOP Đà Nẵng");
	assert_int_equal(audits(f->t.db, "showroom", NULL, 0), 0);
}

static void test_settings(void **state)
{
	struct fx *f = *state;
	struct pos_error err;
	char buf[300], detail[256];

	assert_int_equal(admin_setting_set(f->t.db, &f->admin, ADMIN_SET_PRINTER,
					   "file:/tmp/x.prn", &err), 0);
	assert_int_equal(setting_get(f->t.db, ADMIN_SET_PRINTER, buf, sizeof(buf), &err), 0);
	assert_string_equal(buf, "file:/tmp/x.prn");
	assert_int_equal(admin_setting_set(f->t.db, &f->admin, ADMIN_SET_VN_MODE, "tcvn3", &err), 0);
	assert_int_equal(admin_setting_set(f->t.db, &f->admin, ADMIN_SET_PROFILE, "xprinter-pos58",
					   &err), 0);
	assert_int_equal(admin_setting_set(f->t.db, &f->admin, ADMIN_SET_SCANNER, "wedge", &err), 0);
	assert_int_equal(admin_setting_set(f->t.db, &f->admin, ADMIN_SET_LANG, "en", &err), 0);
	assert_int_equal(audits(f->t.db, "setting", detail, sizeof(detail)), 5);
	assert_string_equal(detail, "ui.lang=en");

	/* "" removes the setting. */
	assert_int_equal(admin_setting_set(f->t.db, &f->admin, ADMIN_SET_PRINTER, "", &err), 0);
	assert_int_equal(setting_get(f->t.db, ADMIN_SET_PRINTER, buf, sizeof(buf), &err),
			 POS_ERR_NOT_FOUND);

	/* Bad values and keys, and a manager: refused, nothing written. */
	assert_int_equal(admin_setting_set(f->t.db, &f->admin, ADMIN_SET_VN_MODE, "utf8", &err),
			 POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "utf8"));
	assert_int_equal(admin_setting_set(f->t.db, &f->admin, ADMIN_SET_PRINTER, "floppy:a",
					   &err), POS_ERR_INVALID);
	assert_int_equal(admin_setting_set(f->t.db, &f->admin, ADMIN_SET_PROFILE, "../etc/passwd",
					   &err), POS_ERR_INVALID);
	assert_int_equal(admin_setting_set(f->t.db, &f->admin, ADMIN_SET_LANG, "fr", &err),
			 POS_ERR_INVALID);
	assert_int_equal(admin_setting_set(f->t.db, &f->admin, "sign.secret", "x", &err),
			 POS_ERR_INVALID);
	assert_int_equal(admin_setting_set(f->t.db, &f->manager, ADMIN_SET_VN_MODE, "ascii", &err),
			 POS_ERR_PERM);
	assert_int_equal(setting_get(f->t.db, ADMIN_SET_VN_MODE, buf, sizeof(buf), &err), 0);
	assert_string_equal(buf, "tcvn3");
	assert_int_equal(audits(f->t.db, "setting", NULL, 0), 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_showroom_update, setup, teardown),
		cmocka_unit_test_setup_teardown(test_showroom_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_settings, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
