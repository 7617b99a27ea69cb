/*
 * test_audit.c - the audit log: entries with who and who approved, local
 * date filters at the UTC+7 day boundary, UTF-8-safe truncation, entries
 * that follow their transaction, and the triggers that refuse UPDATE and
 * DELETE.
 */
#include <sqlite3.h>

#include "testutil.h"
#include "core/audit.h"
#include "core/i18n.h"
#include "lib/utf8.h"
#include "core/user.h"

static int setup(void **state)
{
	struct testdb *t = calloc(1, sizeof(*t));

	testdb_open(t);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct testdb *t = *state;

	testdb_close(t);
	free(t);
	unsetenv("OCOP_POS_NOW");
	return 0;
}

static void log_at(struct db *db, const char *now, long long uid, long long appr,
		   const char *action, const char *doc)
{
	struct pos_error err;

	setenv("OCOP_POS_NOW", now, 1);
	if (audit_log(db, uid, appr, action, doc, "", &err))
		fail_msg("audit_log: %s", err.msg);
}

static void test_log_and_list(void **state)
{
	struct testdb *t = *state;
	struct user admin, m;
	struct audit_entry *e;
	struct pos_error err;
	size_t n;

	setenv("OCOP_POS_NOW", "2026-01-01T00:00:00Z", 1);
	assert_int_equal(user_add(t->db, NULL, "admin", "", ROLE_ADMIN, "1111", &admin, &err), 0);
	assert_int_equal(user_add(t->db, &admin, "quanly", "", ROLE_MANAGER, "2222", &m, &err), 0);
	/* Local 2026-01-01 ends at 2026-01-01T17:00:00Z. */
	log_at(t->db, "2026-01-01T16:59:59Z", admin.id, m.id, "discount", "DN01-01-2026-000001");
	log_at(t->db, "2026-01-01T17:00:00Z", 0, 0, "drawer", "");
	log_at(t->db, "2026-01-03T02:00:00Z", m.id, 0, "void", "DN01-01-2026-000002");

	assert_int_equal(audit_list(t->db, NULL, NULL, &e, &n, &err), 0);
	assert_int_equal(n, 5);
	assert_string_equal(e[0].action, "user_add");
	assert_string_equal(e[2].user, "admin");
	assert_string_equal(e[2].approved_by, "quanly");
	assert_string_equal(e[2].doc, "DN01-01-2026-000001");
	assert_string_equal(e[2].at, "2026-01-01T16:59:59Z");
	assert_string_equal(e[3].user, "");
	assert_string_equal(e[3].approved_by, "");
	assert_true(e[3].id > e[2].id);
	free(e);

	assert_int_equal(audit_list(t->db, "2026-01-01", "2026-01-01", &e, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_string_equal(e[2].action, "discount");
	free(e);
	assert_int_equal(audit_list(t->db, "2026-01-02", NULL, &e, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(e[0].action, "drawer");
	assert_string_equal(e[1].action, "void");
	free(e);
	assert_int_equal(audit_list(t->db, NULL, "2026-01-02", &e, &n, &err), 0);
	assert_int_equal(n, 4);
	free(e);
	assert_int_equal(audit_list(t->db, "2026-01-04", NULL, &e, &n, &err), 0);
	assert_int_equal(n, 0);
	free(e);
	e = NULL;
	assert_int_equal(audit_list(t->db, "2026-02-30", NULL, &e, &n, &err), POS_ERR_INVALID);
	assert_null(e);
}

static void test_bad_and_long(void **state)
{
	struct testdb *t = *state;
	char doc[200], detail[600];
	struct audit_entry *e;
	struct pos_error err;
	size_t n, i;

	assert_int_equal(audit_log(t->db, 0, 0, "", "", "", &err), POS_ERR_INVALID);
	assert_int_equal(audit_log(t->db, 0, 0, NULL, "", "", &err), POS_ERR_INVALID);
	assert_int_equal(audit_log(t->db, 0, 0, "an_action_name_much_too_long_for_it", "", "",
				   &err), POS_ERR_INVALID);
	/* Long Vietnamese text is cut on a character boundary. */
	for (i = 0; i < 40; i++)
		memcpy(doc + 2 * i, "đ", 2);          /* 2 bytes each */
	doc[80] = '\0';
	for (i = 0; i < 150; i++)
		memcpy(detail + 3 * i, "ệ", 3);       /* 3 bytes each */
	detail[450] = '\0';
	assert_int_equal(audit_log(t->db, 0, 0, "note", doc, detail, &err), 0);
	assert_int_equal(audit_log(t->db, 0, 0, "note", NULL, NULL, &err), 0);
	assert_int_equal(audit_list(t->db, NULL, NULL, &e, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(strlen(e[0].doc), 62);
	assert_int_equal(strlen(e[0].detail), 255);
	assert_string_equal(e[0].detail + 252, "ệ");
	assert_string_equal(e[1].doc, "");
	free(e);
}

static void test_follows_transaction(void **state)
{
	struct testdb *t = *state;
	struct audit_entry *e;
	struct pos_error err;
	size_t n;

	assert_int_equal(db_begin(t->db, &err), 0);
	assert_int_equal(audit_log(t->db, 0, 0, "drawer", "", "rolled back", &err), 0);
	db_rollback(t->db);
	assert_int_equal(db_begin(t->db, &err), 0);
	assert_int_equal(audit_log(t->db, 0, 0, "drawer", "", "kept", &err), 0);
	assert_int_equal(db_commit(t->db, &err), 0);
	assert_int_equal(audit_list(t->db, NULL, NULL, &e, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(e[0].detail, "kept");
	free(e);
}

static void test_append_only(void **state)
{
	struct testdb *t = *state;
	struct audit_entry *e;
	struct pos_error err;
	char *msg = NULL;
	size_t n;

	assert_int_equal(audit_log(t->db, 0, 0, "void", "R1", "original", &err), 0);
	assert_int_not_equal(sqlite3_exec(db_handle(t->db), "UPDATE audit SET detail = 'forged'",
					  NULL, NULL, &msg), SQLITE_OK);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "append-only"));
	sqlite3_free(msg);
	msg = NULL;
	assert_int_not_equal(sqlite3_exec(db_handle(t->db), "DELETE FROM audit", NULL, NULL, &msg),
			     SQLITE_OK);
	assert_non_null(strstr(msg, "append-only"));
	sqlite3_free(msg);
	assert_int_equal(audit_list(t->db, NULL, NULL, &e, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(e[0].detail, "original");
	free(e);
}

/* Details are read in the reader's language: the writers' patterns
 * translated, pieces kept (a "%" in one too), anything else as stored. */
static void test_detail_text(void **state)
{
	struct pos_error err;
	char out[256], tiny[12];

	(void)state;
	assert_int_equal(i18n_set_lang("vi", &err), 0);
	assert_string_equal(audit_action_text("shift_open"), "mở ca");
	assert_string_equal(audit_detail_text("shift_open", "float=500000", out, sizeof(out)),
			    "tiền đầu ca 500000");
	assert_string_equal(audit_detail_text("discount", "sale discount 7.650 ₫ (15%)", out,
					      sizeof(out)),
			    "giảm giá cả đơn 7.650 ₫ (15%)");
	assert_string_equal(audit_detail_text("user_add", "role=admin", out, sizeof(out)),
			    "vai trò quản trị");
	/* a pattern of another action, or a reason typed by a person: as stored */
	assert_string_equal(audit_detail_text("void", "float=1", out, sizeof(out)), "float=1");
	assert_string_equal(audit_detail_text("cash_out", "160000 Mua túi", out, sizeof(out)),
			    "160000 Mua túi");
	/* cut to the buffer, never inside a UTF-8 character */
	audit_detail_text("shift_open", "float=500000", tiny, sizeof(tiny));
	assert_true(strlen(tiny) < sizeof(tiny));
	assert_int_equal(utf8_valid(tiny, strlen(tiny)), 1);
	assert_string_equal(audit_action_text("no_such_action"), "no_such_action");
	assert_int_equal(i18n_set_lang("en", &err), 0);
	assert_string_equal(audit_action_text("shift_open"), "shift opened");
	assert_string_equal(audit_detail_text("shift_open", "float=500000", out, sizeof(out)),
			    "float=500000");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_log_and_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_and_long, setup, teardown),
		cmocka_unit_test_setup_teardown(test_follows_transaction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_append_only, setup, teardown),
		cmocka_unit_test(test_detail_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
