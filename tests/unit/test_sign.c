/*
 * test_sign.c - the showroom key pair, signatures across two databases,
 * tamper detection, key registration, SHA-256 and UUIDs.
 */
#include <sqlite3.h>

#include "testutil.h"
#include "core/showroom.h"
#include "core/sign.h"
#include "core/user.h"
#include "core/uuid.h"

static void make_showroom(struct db *db, const char *code)
{
	struct showroom s;
	struct pos_error err;

	showroom_init_struct(&s);
	snprintf(s.code, sizeof(s.code), "%s", code);
	snprintf(s.name, sizeof(s.name), "Điểm bán %s", code);
	snprintf(s.province, sizeof(s.province), "01");
	if (showroom_create(db, &s, &err))
		fail_msg("showroom_create: %s", err.msg);
}

static void test_key_is_made_once(void **state)
{
	struct testdb t;
	char a[SIGN_PUBKEY_B64], b[SIGN_PUBKEY_B64], secret[200];
	struct pos_error err;

	(void)state;
	testdb_open(&t);
	assert_int_equal(sign_public_key(t.db, a, &err), 0);
	assert_int_equal(strlen(a), 44);
	assert_int_equal(sign_public_key(t.db, b, &err), 0);
	assert_string_equal(a, b);
	/* The secret is stored, and is not the public key. */
	assert_int_equal(setting_get(t.db, "sign.secret", secret, sizeof(secret), &err), 0);
	assert_int_equal(strlen(secret), 88);
	testdb_close(&t);
}

static void test_sign_and_verify_across_databases(void **state)
{
	struct testdb src, dst;
	char pub[SIGN_PUBKEY_B64], sig[SIGN_SIG_B64];
	const char msg[] = "{\"format\":\"ocop-pos/transfer\",\"qty\":12}";
	char tampered[sizeof(msg)];
	struct pos_error err;

	(void)state;
	testdb_open(&src);
	testdb_open(&dst);
	make_showroom(src.db, "HN01");
	make_showroom(dst.db, "DN01");
	assert_int_equal(sign_data(src.db, msg, strlen(msg), sig, &err), 0);
	assert_int_equal(strlen(sig), 88);

	/* The local showroom verifies its own signature without registration. */
	assert_int_equal(sign_verify(src.db, "HN01", msg, strlen(msg), sig, &err), 0);

	/* Unknown showroom at the receiver. */
	assert_int_equal(sign_verify(dst.db, "HN01", msg, strlen(msg), sig, &err),
			 POS_ERR_NOT_FOUND);
	assert_non_null(strstr(err.msg, "showroom register"));

	assert_int_equal(sign_public_key(src.db, pub, &err), 0);
	assert_int_equal(sign_register(dst.db, "HN01", pub, &err), 0);
	assert_int_equal(sign_verify(dst.db, "HN01", msg, strlen(msg), sig, &err), 0);

	/* One changed byte, a truncated message, a garbled signature. */
	memcpy(tampered, msg, sizeof(msg));
	tampered[strlen(msg) - 3] = '3';
	assert_int_equal(sign_verify(dst.db, "HN01", tampered, strlen(tampered), sig, &err),
			 POS_ERR_REFUSED);
	assert_int_equal(sign_verify(dst.db, "HN01", msg, strlen(msg) - 1, sig, &err),
			 POS_ERR_REFUSED);
	assert_int_equal(sign_verify(dst.db, "HN01", msg, strlen(msg), "abc", &err),
			 POS_ERR_INVALID);
	/* Signed by another key: the receiver's own key registered as HN01.
	 * Replacing a registered key: refused without the replace flag, refused
	 * to a manager, done for an admin with an audit entry (issue 15). */
	assert_int_equal(sign_public_key(dst.db, pub, &err), 0);
	assert_int_equal(sign_register(dst.db, "HN01", pub, &err), POS_ERR_REFUSED);
	assert_non_null(strstr(err.msg, "--replace-key"));
	{
		struct user mgr = { .id = 0, .name = "lan", .role = ROLE_MANAGER, .active = 1 };
		struct user adm = { .id = 0, .name = "an", .role = ROLE_ADMIN, .active = 1 };
		char now[SIGN_PUBKEY_B64];

		assert_int_equal(sign_register_as(dst.db, &mgr, "HN01", pub, 1, &err), POS_ERR_PERM);
		assert_int_equal(sign_register_as(dst.db, NULL, "HN01", pub, 1, &err), POS_ERR_PERM);
		assert_int_equal(testdb_query(dst.db, "SELECT count(*) FROM audit WHERE action ="
					      " 'showroom_key'"), 0);
		assert_int_equal(sign_register_as(dst.db, &adm, "HN01", pub, 1, &err), 0);
		assert_int_equal(sign_registered_key(dst.db, "HN01", now, &err), 0);
		assert_string_equal(now, pub);
		assert_int_equal(testdb_query(dst.db, "SELECT count(*) FROM audit WHERE action ="
					      " 'showroom_key' AND doc = 'HN01'"), 1);
		/* the same key again: nothing to do, no second entry */
		assert_int_equal(sign_register(dst.db, "HN01", pub, &err), 0);
		assert_int_equal(testdb_query(dst.db, "SELECT count(*) FROM audit"), 1);
	}
	assert_int_equal(sign_verify(dst.db, "HN01", msg, strlen(msg), sig, &err),
			 POS_ERR_REFUSED);

	assert_int_equal(sign_register(dst.db, "HN01", "not-a-key", &err), POS_ERR_INVALID);
	assert_int_equal(sign_register(dst.db, "", pub, &err), POS_ERR_INVALID);
	testdb_close(&src);
	testdb_close(&dst);
}

static void test_sha256(void **state)
{
	char hex[SIGN_SHA256_HEX];

	(void)state;
	sign_sha256_hex("abc", 3, hex);
	assert_string_equal(hex,
		"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sign_sha256_hex("", 0, hex);
	assert_string_equal(hex,
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void test_uuid(void **state)
{
	char a[UUID_STR_LEN], b[UUID_STR_LEN];
	struct pos_error err;

	(void)state;
	assert_int_equal(uuid_v4(a, &err), 0);
	assert_int_equal(uuid_v4(b, &err), 0);
	assert_int_equal(strlen(a), 36);
	assert_true(uuid_valid(a));
	assert_string_not_equal(a, b);
	assert_int_equal(a[14], '4');
	assert_non_null(strchr("89ab", a[19]));
	assert_true(uuid_valid("123E4567-E89B-12D3-A456-426614174000"));
	assert_false(uuid_valid("123e4567e89b12d3a456426614174000"));
	assert_false(uuid_valid("123e4567-e89b-12d3-a456-42661417400g"));
	assert_false(uuid_valid(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_is_made_once),
		cmocka_unit_test(test_sign_and_verify_across_databases),
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_uuid),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);

	refdata_free();
	return r;
}
