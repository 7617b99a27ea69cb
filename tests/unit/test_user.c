/*
 * test_user.c - users: roles and permissions, the first admin, PIN rules,
 * argon2id hashes that never contain the PIN, wrong-PIN counting and the
 * lockout (time moved with OCOP_POS_NOW), PIN changes and resets,
 * disabling, the discount limit and its setting, and the audit trail of
 * user changes (never with a PIN in it).
 */
#include <sqlite3.h>

#include "testutil.h"
#include "core/showroom.h"
#include "core/user.h"

#define T0 "2026-11-22T01:00:00Z"

static int setup(void **state)
{
	struct testdb *t = calloc(1, sizeof(*t));

	setenv("OCOP_POS_NOW", T0, 1);
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

static void add_admin(struct db *db, struct user *admin)
{
	struct pos_error err;

	if (user_add(db, NULL, "admin", "Nguyễn Văn An", ROLE_ADMIN, "1111", admin, &err))
		fail_msg("user_add: %s", err.msg);
}

static void test_roles_and_perms(void **state)
{
	struct user u = { .id = 1, .name = "x", .active = 1 };
	struct pos_error err;
	enum user_role r;

	(void)state;
	assert_int_equal(user_role_parse("auditor", &r, &err), 0);
	assert_int_equal(r, ROLE_AUDITOR);
	assert_string_equal(user_role_name(ROLE_MANAGER), "manager");
	assert_int_equal(user_role_parse("boss", &r, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "boss"));
	assert_int_equal(user_role_parse(NULL, &r, &err), POS_ERR_INVALID);

	u.role = ROLE_CASHIER;
	assert_true(user_can(&u, PERM_SELL));
	assert_true(user_can(&u, PERM_RETURN));
	assert_true(user_can(&u, PERM_SHIFT));
	assert_true(user_can(&u, PERM_DRAWER));
	assert_false(user_can(&u, PERM_VOID));
	assert_false(user_can(&u, PERM_DISCOUNT_ANY));
	assert_false(user_can(&u, PERM_PRICE_OVERRIDE));
	assert_false(user_can(&u, PERM_STOCK));
	assert_false(user_can(&u, PERM_REPORTS));
	assert_false(user_can(&u, PERM_USERS));
	assert_int_equal(user_require(&u, PERM_VOID, &err), POS_ERR_PERM);
	assert_non_null(strstr(err.msg, "x"));
	assert_non_null(strstr(err.msg, "manager"));
	assert_int_equal(user_discount_limit_bp(&u), 1000);

	u.role = ROLE_MANAGER;
	assert_true(user_can(&u, PERM_VOID));
	assert_true(user_can(&u, PERM_STOCK));
	assert_true(user_can(&u, PERM_CATALOG));
	assert_true(user_can(&u, PERM_REPORTS));
	assert_false(user_can(&u, PERM_USERS));
	assert_false(user_can(&u, PERM_SETTINGS));
	assert_int_equal(user_discount_limit_bp(&u), 10000);

	u.role = ROLE_ADMIN;
	assert_true(user_can(&u, PERM_USERS));
	assert_true(user_can(&u, PERM_SETTINGS));
	assert_true(user_can(&u, PERM_SELL));
	assert_int_equal(user_require(&u, PERM_SETTINGS, &err), 0);

	u.role = ROLE_AUDITOR;
	assert_true(user_can(&u, PERM_REPORTS));
	assert_false(user_can(&u, PERM_SELL));
	assert_false(user_can(&u, PERM_SHIFT));
	assert_false(user_can(&u, PERM_DRAWER));
	assert_int_equal(user_discount_limit_bp(&u), 0);

	/* A disabled user and no user can do nothing. */
	u.role = ROLE_ADMIN;
	u.active = 0;
	assert_false(user_can(&u, PERM_SELL));
	assert_int_equal(user_require(&u, PERM_SELL, &err), POS_ERR_PERM);
	assert_false(user_can(NULL, PERM_SELL));
	assert_int_equal(user_require(NULL, PERM_SELL, &err), POS_ERR_PERM);
	assert_int_equal(user_discount_limit_bp(NULL), 0);
}

/*
 * The whole matrix of docs/manager.md ("Ai được làm gì"), role by role:
 * a change to the table in user.c shows up here and must be documented.
 */
static void test_role_matrix(void **state)
{
	static const struct {
		enum user_perm p;
		int cashier, manager, admin, auditor;
	} m[] = {
		{ PERM_SELL, 1, 1, 1, 0 },          { PERM_RETURN, 1, 1, 1, 0 },
		{ PERM_VOID, 0, 1, 1, 0 },          { PERM_DISCOUNT_ANY, 0, 1, 1, 0 },
		{ PERM_PRICE_OVERRIDE, 0, 1, 1, 0 }, { PERM_DRAWER, 1, 1, 1, 0 },
		{ PERM_SHIFT, 1, 1, 1, 0 },         { PERM_STOCK, 0, 1, 1, 0 },
		{ PERM_CATALOG, 0, 1, 1, 0 },       { PERM_USERS, 0, 0, 1, 0 },
		{ PERM_REPORTS, 0, 1, 1, 1 },       { PERM_SETTINGS, 0, 0, 1, 0 },
		{ PERM_AUDIT, 0, 1, 1, 1 },         { PERM_EXPORT, 0, 1, 1, 0 },
		{ PERM_RECEIPTS, 1, 1, 1, 1 },
	};
	struct user u = { .id = 1, .name = "x", .active = 1 };
	struct pos_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		u.role = ROLE_CASHIER;
		assert_int_equal(user_can(&u, m[i].p), m[i].cashier);
		u.role = ROLE_MANAGER;
		assert_int_equal(user_can(&u, m[i].p), m[i].manager);
		u.role = ROLE_ADMIN;
		assert_int_equal(user_can(&u, m[i].p), m[i].admin);
		u.role = ROLE_AUDITOR;
		assert_int_equal(user_can(&u, m[i].p), m[i].auditor);
	}
	/* a refusal names the person, the role and who may */
	u.role = ROLE_AUDITOR;
	assert_int_equal(user_require(&u, PERM_EXPORT, &err), POS_ERR_PERM);
	assert_non_null(strstr(err.msg, "x (auditor) may not export or back up data"));
	u.role = ROLE_CASHIER;
	assert_int_equal(user_require(&u, PERM_AUDIT, &err), POS_ERR_PERM);
	assert_non_null(strstr(err.msg, "read the audit log"));
	/* a permission past the table is refused, never read out of bounds */
	u.role = ROLE_ADMIN;
	assert_false(user_can(&u, (enum user_perm)(PERM_RECEIPTS + 1)));
}

static void test_validation(void **state)
{
	struct pos_error err;

	(void)state;
	assert_int_equal(user_pin_valid("1234", &err), 0);
	assert_int_equal(user_pin_valid("123456789012", &err), 0);
	assert_int_equal(user_pin_valid("123", &err), POS_ERR_INVALID);
	assert_int_equal(user_pin_valid("1234567890123", &err), POS_ERR_INVALID);
	assert_int_equal(user_pin_valid("12a4", &err), POS_ERR_INVALID);
	assert_int_equal(user_pin_valid("", &err), POS_ERR_INVALID);
	assert_int_equal(user_pin_valid(NULL, &err), POS_ERR_INVALID);
	assert_int_equal(user_name_valid("thu.ngan-1_a", &err), 0);
	assert_int_equal(user_name_valid("thu ngân", &err), POS_ERR_INVALID);
	assert_int_equal(user_name_valid("", &err), POS_ERR_INVALID);
	assert_int_equal(user_name_valid("abcdefghijklmnopqrstuvwxyz0123456", &err),
			 POS_ERR_INVALID);
	assert_int_equal(user_name_valid("abcdefghijklmnopqrstuvwxyz012345", &err), 0);
}

static void test_first_admin(void **state)
{
	struct testdb *t = *state;
	struct user admin, u, cashier;
	struct pos_error err;
	long long n = -1;

	assert_int_equal(user_count(t->db, &n, &err), 0);
	assert_int_equal(n, 0);
	/* The first user must be an admin. */
	assert_int_equal(user_add(t->db, NULL, "thungan", "", ROLE_CASHIER, "1234", &u, &err),
			 POS_ERR_REFUSED);
	assert_int_equal(user_count(t->db, &n, &err), 0);
	assert_int_equal(n, 0);
	add_admin(t->db, &admin);
	assert_int_equal(admin.role, ROLE_ADMIN);
	assert_string_equal(admin.full_name, "Nguyễn Văn An");
	assert_true(admin.active);
	/* Then nobody adds a user without an admin. */
	assert_int_equal(user_add(t->db, NULL, "x", "", ROLE_ADMIN, "1234", &u, &err),
			 POS_ERR_PERM);
	assert_int_equal(user_add(t->db, &admin, "thungan", "Trần Thị Bình", ROLE_CASHIER, "1234",
				  &cashier, &err), 0);
	assert_int_equal(user_add(t->db, &cashier, "other", "", ROLE_CASHIER, "1234", &u, &err),
			 POS_ERR_PERM);
	/* Names are unique regardless of case. */
	assert_int_equal(user_add(t->db, &admin, "ThuNgan", "", ROLE_CASHIER, "1234", &u, &err),
			 POS_ERR_EXISTS);
	assert_int_equal(user_add(t->db, &admin, "bad name", "", ROLE_CASHIER, "1234", &u, &err),
			 POS_ERR_INVALID);
	assert_int_equal(user_add(t->db, &admin, "short", "", ROLE_CASHIER, "12", &u, &err),
			 POS_ERR_INVALID);
	assert_int_equal(user_add(t->db, &admin, "ctl", "a\tb", ROLE_CASHIER, "1234", &u, &err),
			 POS_ERR_INVALID);
	assert_int_equal(user_count(t->db, &n, &err), 0);
	assert_int_equal(n, 2);
	/* Look-ups. */
	assert_int_equal(user_get(t->db, "THUNGAN", &u, &err), 0);
	assert_int_equal(u.id, cashier.id);
	assert_int_equal(user_get_id(t->db, admin.id, &u, &err), 0);
	assert_string_equal(u.name, "admin");
	assert_int_equal(user_get(t->db, "nobody", &u, &err), POS_ERR_NOT_FOUND);
	assert_non_null(strstr(err.msg, "nobody"));
	assert_int_equal(user_get_id(t->db, 999, &u, &err), POS_ERR_NOT_FOUND);
	{
		struct user *v;
		size_t k;

		assert_int_equal(user_list(t->db, &v, &k, &err), 0);
		assert_int_equal(k, 2);
		assert_string_equal(v[0].name, "admin");
		assert_string_equal(v[1].name, "thungan");
		assert_int_equal(v[1].role, ROLE_CASHIER);
		free(v);
	}
	/* Audited, with the role, never the PIN. */
	assert_int_equal(testdb_query(t->db, "SELECT count(*) FROM audit WHERE action = 'user_add'"),
			    2);
	assert_int_equal(testdb_query(t->db, "SELECT count(*) FROM audit WHERE detail LIKE '%1234%' "
				      "OR detail LIKE '%1111%' OR doc LIKE '%1234%'"), 0);
}

static void test_hash_never_pin(void **state)
{
	struct testdb *t = *state;
	struct user admin;

	add_admin(t->db, &admin);
	assert_int_equal(testdb_query(t->db, "SELECT count(*) FROM user WHERE pin_hash LIKE "
				      "'$argon2id$%'"), 1);
	assert_int_equal(testdb_query(t->db, "SELECT count(*) FROM user WHERE pin_hash LIKE "
				      "'%1111%' OR pin_hash = '1111'"), 0);
}

static void test_auth_and_lockout(void **state)
{
	struct testdb *t = *state;
	struct user admin, u;
	struct pos_error err;
	int i;

	add_admin(t->db, &admin);
	assert_int_equal(user_add(t->db, &admin, "thungan", "", ROLE_CASHIER, "1234", &u, &err), 0);
	memset(&u, 0, sizeof(u));
	assert_int_equal(user_auth(t->db, "thungan", "1234", &u, &err), 0);
	assert_string_equal(u.name, "thungan");
	assert_int_equal(user_auth(t->db, "nobody", "1234", &u, &err), POS_ERR_NOT_FOUND);
	/* An empty PIN is refused but not counted. */
	assert_int_equal(user_auth(t->db, "thungan", "", &u, &err), POS_ERR_PERM);
	assert_int_equal(testdb_query(t->db, "SELECT failed_logins FROM user WHERE name = 'thungan'"),
			    0);
	/* Wrong PINs are counted; a good one resets the count. */
	assert_int_equal(user_auth(t->db, "thungan", "9999", &u, &err), POS_ERR_PERM);
	assert_non_null(strstr(err.msg, "4"));
	assert_int_equal(user_auth(t->db, "thungan", "abc", &u, &err), POS_ERR_PERM);
	assert_int_equal(testdb_query(t->db, "SELECT failed_logins FROM user WHERE name = 'thungan'"),
			    2);
	assert_int_equal(user_auth(t->db, "thungan", "1234", &u, &err), 0);
	assert_int_equal(testdb_query(t->db, "SELECT failed_logins FROM user WHERE name = 'thungan'"),
			    0);
	/* USER_MAX_FAILS wrong PINs lock the user. */
	for (i = 0; i < USER_MAX_FAILS - 1; i++)
		assert_int_equal(user_auth(t->db, "thungan", "0000", &u, &err), POS_ERR_PERM);
	assert_int_equal(user_auth(t->db, "thungan", "0000", &u, &err), POS_ERR_PERM);
	assert_non_null(strstr(err.msg, "5"));
	assert_int_equal(testdb_query(t->db, "SELECT count(*) FROM user WHERE name = 'thungan' "
				      "AND locked_until = '2026-11-22T01:05:00Z'"), 1);
	assert_int_equal(testdb_query(t->db, "SELECT count(*) FROM audit WHERE action = 'user_locked'"),
			    1);
	/* Even the right PIN is refused while locked; the message says how long. */
	memset(&u, 0, sizeof(u));
	assert_int_equal(user_auth(t->db, "thungan", "1234", &u, &err), POS_ERR_PERM);
	assert_non_null(strstr(err.msg, "5 minute"));
	assert_string_equal(u.name, "");
	setenv("OCOP_POS_NOW", "2026-11-22T01:03:30Z", 1);
	assert_int_equal(user_auth(t->db, "thungan", "1234", &u, &err), POS_ERR_PERM);
	assert_non_null(strstr(err.msg, "2 minute"));
	/* Other users are not affected. */
	assert_int_equal(user_auth(t->db, "admin", "1111", &u, &err), 0);
	/* After the lock time the right PIN works and clears the lock. */
	setenv("OCOP_POS_NOW", "2026-11-22T01:05:00Z", 1);
	assert_int_equal(user_auth(t->db, "thungan", "1234", &u, &err), 0);
	assert_int_equal(testdb_query(t->db, "SELECT count(*) FROM user WHERE name = 'thungan' "
				      "AND locked_until IS NULL AND failed_logins = 0"), 1);
}

/*
 * A long import holds the hub's write lock for minutes: a right PIN is
 * still checked (it writes nothing), while a wrong one, which must be
 * counted, waits for the lock, then fails busy with no verdict and no count.
 */
static void test_auth_under_write_lock(void **state)
{
	struct testdb *t = *state;
	struct user admin, u;
	struct pos_error err;
	sqlite3 *other;

	add_admin(t->db, &admin);
	assert_int_equal(user_add(t->db, &admin, "thungan", "", ROLE_CASHIER, "1234", &u, &err), 0);
	assert_int_equal(sqlite3_open(t->path, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	memset(&u, 0, sizeof(u));
	assert_int_equal(user_auth(t->db, "thungan", "1234", &u, &err), 0);
	assert_string_equal(u.name, "thungan");
	assert_int_equal(user_auth(t->db, "thungan", "9999", &u, &err), POS_ERR_BUSY);
	assert_int_equal(sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(other);
	assert_int_equal(testdb_query(t->db, "SELECT failed_logins FROM user WHERE name = 'thungan'"),
			    0);
	/* Once the lock is gone a wrong PIN counts, and a right one resets. */
	assert_int_equal(user_auth(t->db, "thungan", "9999", &u, &err), POS_ERR_PERM);
	assert_int_equal(testdb_query(t->db, "SELECT failed_logins FROM user WHERE name = 'thungan'"),
			    1);
	assert_int_equal(user_auth(t->db, "thungan", "1234", &u, &err), 0);
	assert_int_equal(testdb_query(t->db, "SELECT failed_logins FROM user WHERE name = 'thungan'"),
			    0);
}

static void test_set_pin(void **state)
{
	struct testdb *t = *state;
	struct user admin, c1, c2, u;
	struct pos_error err;
	int i;

	add_admin(t->db, &admin);
	assert_int_equal(user_add(t->db, &admin, "c1", "", ROLE_CASHIER, "1234", &c1, &err), 0);
	assert_int_equal(user_add(t->db, &admin, "c2", "", ROLE_CASHIER, "5678", &c2, &err), 0);
	/* Oneself. */
	assert_int_equal(user_set_pin(t->db, &c1, "c1", "4321", &err), 0);
	assert_int_equal(user_auth(t->db, "c1", "1234", &u, &err), POS_ERR_PERM);
	assert_int_equal(user_auth(t->db, "c1", "4321", &u, &err), 0);
	/* Not another cashier. */
	assert_int_equal(user_set_pin(t->db, &c1, "c2", "0000", &err), POS_ERR_PERM);
	assert_int_equal(user_auth(t->db, "c2", "5678", &u, &err), 0);
	assert_int_equal(user_set_pin(t->db, NULL, "c2", "0000", &err), POS_ERR_PERM);
	assert_int_equal(user_set_pin(t->db, &c1, "c1", "12", &err), POS_ERR_INVALID);
	assert_int_equal(user_set_pin(t->db, &admin, "nobody", "1234", &err), POS_ERR_NOT_FOUND);
	/* An admin's reset also unlocks. */
	for (i = 0; i < USER_MAX_FAILS; i++)
		user_auth(t->db, "c2", "0001", &u, &err);
	assert_int_equal(user_auth(t->db, "c2", "5678", &u, &err), POS_ERR_PERM);
	assert_int_equal(user_set_pin(t->db, &admin, "c2", "24680", &err), 0);
	assert_int_equal(user_auth(t->db, "c2", "24680", &u, &err), 0);
	assert_int_equal(testdb_query(t->db, "SELECT count(*) FROM audit WHERE action = 'user_pin'"),
			    2);
	assert_int_equal(testdb_query(t->db, "SELECT count(*) FROM audit WHERE detail LIKE '%4321%' "
				      "OR detail LIKE '%24680%'"), 0);
}

static void test_disable(void **state)
{
	struct testdb *t = *state;
	struct user admin, c1, u;
	struct pos_error err;

	add_admin(t->db, &admin);
	assert_int_equal(user_add(t->db, &admin, "c1", "", ROLE_CASHIER, "1234", &c1, &err), 0);
	assert_int_equal(user_set_active(t->db, &c1, "c1", 0, &err), POS_ERR_PERM);
	assert_int_equal(user_set_active(t->db, &admin, "admin", 0, &err), POS_ERR_REFUSED);
	assert_int_equal(user_set_active(t->db, &admin, "c1", 0, &err), 0);
	assert_int_equal(user_auth(t->db, "c1", "1234", &u, &err), POS_ERR_PERM);
	assert_non_null(strstr(err.msg, "disabled"));
	assert_int_equal(user_get(t->db, "c1", &u, &err), 0);
	assert_false(u.active);
	assert_false(user_can(&u, PERM_SELL));
	assert_int_equal(user_set_active(t->db, &admin, "c1", 1, &err), 0);
	assert_int_equal(user_auth(t->db, "c1", "1234", &u, &err), 0);
	assert_int_equal(testdb_query(t->db, "SELECT count(*) FROM audit WHERE action IN "
				      "('user_disable', 'user_enable')"), 2);
}

static void test_discount_setting(void **state)
{
	struct testdb *t = *state;
	struct user admin, c1, m;
	struct pos_error err;
	int bp = -1;

	add_admin(t->db, &admin);
	assert_int_equal(user_add(t->db, &admin, "c1", "", ROLE_CASHIER, "1234", &c1, &err), 0);
	assert_int_equal(user_add(t->db, &admin, "m", "", ROLE_MANAGER, "1234", &m, &err), 0);
	assert_int_equal(user_discount_limit(t->db, &c1, &bp, &err), 0);
	assert_int_equal(bp, 1000);
	assert_int_equal(setting_set(t->db, "sale.cashier_discount_limit_bp", "500", &err), 0);
	assert_int_equal(user_discount_limit(t->db, &c1, &bp, &err), 0);
	assert_int_equal(bp, 500);
	assert_int_equal(user_discount_limit(t->db, &m, &bp, &err), 0);
	assert_int_equal(bp, 10000);
	assert_int_equal(setting_set(t->db, "sale.cashier_discount_limit_bp", "lots", &err), 0);
	bp = -1;
	assert_int_equal(user_discount_limit(t->db, &c1, &bp, &err), POS_ERR_INVALID);
	assert_int_equal(bp, -1);
	assert_int_equal(setting_set(t->db, "sale.cashier_discount_limit_bp", "10001", &err), 0);
	assert_int_equal(user_discount_limit(t->db, &c1, &bp, &err), POS_ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roles_and_perms),
		cmocka_unit_test(test_role_matrix),
		cmocka_unit_test(test_validation),
		cmocka_unit_test_setup_teardown(test_first_admin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hash_never_pin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_auth_and_lockout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_auth_under_write_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_pin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_discount_setting, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
