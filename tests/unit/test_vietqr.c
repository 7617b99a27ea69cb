/*
 * test_vietqr.c - VietQR payloads: the CRC check value, FACTS' two
 * examples byte for byte, purpose folding, static payloads, bank names,
 * the decoder's checks (CRC, structure, duplicates) and the showroom's
 * settings.
 */
#include "testutil.h"
#include "core/audit.h"
#include "core/showroom.h"
#include "core/user.h"
#include "core/vietqr.h"

static const char ex1[] =
	"00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA5303704540612"
	"00005802VN62170813ung ho lu lut6304C15C";
static const char ex2[] =
	"00020101021238570010A00000072701270006970436011300110012345670208QRIBFTTA5303704540615"
	"00005802VN62120808HD0001236304CD47";

static void test_crc(void **state)
{
	(void)state;
	assert_int_equal(vietqr_crc16("123456789", 9), 0x29B1);
	assert_int_equal(vietqr_crc16("", 0), 0xFFFF);
}

static void test_facts_examples(void **state)
{
	char out[VIETQR_MAX];
	struct pos_error err;

	(void)state;
	assert_int_equal(vietqr_build("970415", "0011001932418", 120000, "ung ho lu lut", out,
				      sizeof(out), &err), 0);
	assert_string_equal(out, ex1);
	assert_int_equal(vietqr_build("970436", "0011001234567", 150000, "HD000123", out,
				      sizeof(out), &err), 0);
	assert_string_equal(out, ex2);
	/* Same payload from accented text and a bank name. */
	assert_int_equal(vietqr_build("VietinBank", "0011001932418", 120000, "ủng hộ lũ lụt!",
				      out, sizeof(out), &err), 0);
	assert_string_equal(out, ex1);
}

static void test_decode_examples(void **state)
{
	struct vietqr_info q;
	struct pos_error err;

	(void)state;
	assert_int_equal(vietqr_decode(ex1, strlen(ex1), &q, &err), 0);
	assert_int_equal(q.dynamic, 1);
	assert_string_equal(q.guid, "A000000727");
	assert_string_equal(q.bin, "970415");
	assert_string_equal(q.account, "0011001932418");
	assert_string_equal(q.service, "QRIBFTTA");
	assert_string_equal(q.currency, "704");
	assert_string_equal(q.country, "VN");
	assert_int_equal(q.amount, 120000);
	assert_string_equal(q.purpose, "ung ho lu lut");
	assert_string_equal(q.crc, "C15C");
	assert_int_equal(vietqr_decode(ex2, strlen(ex2), &q, &err), 0);
	assert_int_equal(q.amount, 150000);
	assert_string_equal(q.purpose, "HD000123");
	assert_string_equal(q.bin, "970436");
}

static void test_purpose(void **state)
{
	char p[64];

	(void)state;
	assert_int_equal(vietqr_purpose("Hóa đơn HD-0001", p, sizeof(p)), 15);
	assert_string_equal(p, "Hoa don HD 0001");
	assert_int_equal(vietqr_purpose("ĐẶC SẢN Ơ Ư Đắk Lắk", p, sizeof(p)), 19);
	assert_string_equal(p, "DAC SAN O U Dak Lak");
	/* NFD input: combining marks are dropped, not word breaks. */
	assert_int_equal(vietqr_purpose("hoa\xcc\x80 bi\xcc\x80nh", p, sizeof(p)), 8);
	assert_string_equal(p, "hoa binh");
	/* Cut at 25 characters, no trailing space. */
	vietqr_purpose("Thanh toan don hang so 0001234567 tai quay", p, sizeof(p));
	assert_string_equal(p, "Thanh toan don hang so 00");
	assert_true(strlen(p) <= VIETQR_PURPOSE_MAX);
	vietqr_purpose("Thanh toan don hang so 0 x", p, sizeof(p));
	assert_string_equal(p, "Thanh toan don hang so 0");
	assert_int_equal(vietqr_purpose("  !!  ", p, sizeof(p)), 0);
	assert_string_equal(p, "");
	assert_int_equal(vietqr_purpose(NULL, p, sizeof(p)), 0);
	/* A small buffer is respected. */
	assert_int_equal(vietqr_purpose("abcdef", p, 4), 3);
	assert_string_equal(p, "abc");
	/* Invalid UTF-8 and non-Vietnamese letters separate words. */
	vietqr_purpose("a\xff" "b 漢 c", p, sizeof(p));
	assert_string_equal(p, "a b c");
}

static void test_static_and_errors(void **state)
{
	char out[VIETQR_MAX], small[20];
	struct vietqr_info q;
	struct pos_error err;

	(void)state;
	assert_int_equal(vietqr_build("970418", "12345678", 0, NULL, out, sizeof(out), &err), 0);
	assert_non_null(strstr(out, "010211"));
	assert_null(strstr(out, "5406"));
	assert_null(strstr(out, "62"  "0"));
	assert_int_equal(vietqr_decode(out, strlen(out), &q, &err), 0);
	assert_int_equal(q.dynamic, 0);
	assert_int_equal(q.amount, -1);
	assert_string_equal(q.purpose, "");

	assert_int_equal(vietqr_build("97041", "1", 1, NULL, out, sizeof(out), &err),
			 POS_ERR_INVALID);
	assert_int_equal(vietqr_build("nobank", "1", 1, NULL, out, sizeof(out), &err),
			 POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "nobank"));
	assert_int_equal(vietqr_build("970418", "12 34", 1, NULL, out, sizeof(out), &err),
			 POS_ERR_INVALID);
	assert_int_equal(vietqr_build("970418", "", 1, NULL, out, sizeof(out), &err),
			 POS_ERR_INVALID);
	assert_int_equal(vietqr_build("970418", "12345678901234567890", 1, NULL, out,
				      sizeof(out), &err), POS_ERR_INVALID);
	assert_int_equal(vietqr_build("970418", "1", -5, NULL, out, sizeof(out), &err),
			 POS_ERR_INVALID);
	assert_int_equal(vietqr_build("970418", "1", VIETQR_AMOUNT_MAX + 1, NULL, out,
				      sizeof(out), &err), POS_ERR_INVALID);
	assert_int_equal(vietqr_build("970418", "1", VIETQR_AMOUNT_MAX, NULL, out,
				      sizeof(out), &err), 0);
	assert_int_equal(vietqr_build("970418", "1", 1, NULL, small, sizeof(small), &err),
			 POS_ERR_INVALID);
	{
		char bin[7];

		assert_int_equal(vietqr_bank_bin("VCB", bin, &err), 0);
		assert_string_equal(bin, "970436");
		assert_int_equal(vietqr_bank_bin("bidv", bin, &err), 0);
		assert_string_equal(bin, "970418");
		assert_int_equal(vietqr_bank_bin("Techcombank", bin, &err), 0);
		assert_string_equal(bin, "970407");
		assert_int_equal(vietqr_bank_bin("", bin, &err), POS_ERR_INVALID);
		assert_int_equal(vietqr_bank_bin(NULL, bin, &err), POS_ERR_INVALID);
	}
}

static void test_decode_rejects(void **state)
{
	char s[VIETQR_MAX];
	struct vietqr_info q;
	struct pos_error err;
	size_t n = strlen(ex1);

	(void)state;
	/* Lowercase CRC hex is accepted. */
	memcpy(s, ex1, n + 1);
	s[n - 1] = 'c';
	assert_int_equal(vietqr_decode(s, n, &q, &err), 0);
	/* One changed character breaks the CRC. */
	memcpy(s, ex1, n + 1);
	s[60] = s[60] == '1' ? '2' : '1';
	assert_int_equal(vietqr_decode(s, n, &q, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "CRC"));
	/* Truncated, empty, NULL. */
	assert_int_equal(vietqr_decode(ex1, n - 1, &q, &err), POS_ERR_INVALID);
	assert_int_equal(vietqr_decode("", 0, &q, &err), POS_ERR_INVALID);
	assert_int_equal(vietqr_decode(NULL, 0, &q, &err), POS_ERR_INVALID);
	/* Not starting with 000201. */
	{
		const char *body = "0102125303704";
		size_t len;

		snprintf(s, sizeof(s), "%s6304", body);
		len = strlen(s);
		snprintf(s + len, sizeof(s) - len, "%04X", (unsigned)vietqr_crc16(s, len));
		assert_int_equal(vietqr_decode(s, strlen(s), &q, &err), POS_ERR_INVALID);
		assert_non_null(strstr(err.msg, "000201"));
	}
	/* Duplicate field, valid CRC. */
	{
		size_t len;

		snprintf(s, sizeof(s), "000201010212010212" "6304");
		len = strlen(s);
		snprintf(s + len, sizeof(s) - len, "%04X", (unsigned)vietqr_crc16(s, len));
		assert_int_equal(vietqr_decode(s, strlen(s), &q, &err), POS_ERR_INVALID);
		assert_non_null(strstr(err.msg, "twice"));
	}
	/* Length running past the end, valid CRC. */
	{
		size_t len;

		snprintf(s, sizeof(s), "0002010102125899VN" "6304");
		len = strlen(s);
		snprintf(s + len, sizeof(s) - len, "%04X", (unsigned)vietqr_crc16(s, len));
		assert_int_equal(vietqr_decode(s, strlen(s), &q, &err), POS_ERR_INVALID);
	}
	/* No NAPAS account. */
	{
		size_t len;

		snprintf(s, sizeof(s), "000201010212530370454031005802VN" "6304");
		len = strlen(s);
		snprintf(s + len, sizeof(s) - len, "%04X", (unsigned)vietqr_crc16(s, len));
		assert_int_equal(vietqr_decode(s, strlen(s), &q, &err), POS_ERR_INVALID);
		assert_non_null(strstr(err.msg, "A000000727"));
	}
	/* A control character. */
	memcpy(s, ex1, n + 1);
	s[3] = '\n';
	assert_int_equal(vietqr_decode(s, n, &q, &err), POS_ERR_INVALID);
}

static void test_roundtrip(void **state)
{
	static const int64_t amounts[] = { 1, 999, 185000, 1234567890123LL };
	static const char *const purposes[] = { "DN01-01-2026-000001", "Mật ong rừng U Minh",
						"x", NULL };
	char out[VIETQR_MAX], want[32];
	struct vietqr_info q;
	struct pos_error err;
	size_t i, j;

	(void)state;
	for (i = 0; i < 4; i++) {
		for (j = 0; j < 4; j++) {
			assert_int_equal(vietqr_build("970422", "0987654321", amounts[i],
						      purposes[j], out, sizeof(out), &err), 0);
			assert_int_equal(vietqr_decode(out, strlen(out), &q, &err), 0);
			assert_int_equal(q.amount, amounts[i]);
			assert_string_equal(q.bin, "970422");
			assert_string_equal(q.account, "0987654321");
			vietqr_purpose(purposes[j], want, sizeof(want));
			assert_string_equal(q.purpose, want);
		}
	}
}

static void test_showroom_settings(void **state)
{
	struct testdb t;
	char out[VIETQR_MAX], v[32];
	struct pos_error err;
	struct user admin, cashier;

	(void)state;
	testdb_open(&t);
	assert_int_equal(user_add(t.db, NULL, "admin", "", ROLE_ADMIN, "1111", &admin, &err), 0);
	assert_int_equal(user_add(t.db, &admin, "c", "", ROLE_CASHIER, "1234", &cashier, &err), 0);
	assert_int_equal(vietqr_build_showroom(t.db, 120000, "ung ho lu lut", out, sizeof(out),
					       &err), POS_ERR_NOT_FOUND);
	assert_non_null(strstr(err.msg, "--save"));
	/* Only an admin, and only a valid bank and account. */
	assert_int_equal(vietqr_set_showroom(t.db, &cashier, "970415", "0011001932418", &err),
			 POS_ERR_PERM);
	assert_int_equal(vietqr_set_showroom(t.db, &admin, "nobank", "1", &err), POS_ERR_INVALID);
	assert_int_equal(vietqr_set_showroom(t.db, &admin, "970415", "bad account!", &err),
			 POS_ERR_INVALID);
	assert_int_equal(setting_get(t.db, "vietqr.bank", v, sizeof(v), &err), POS_ERR_NOT_FOUND);
	assert_int_equal(vietqr_set_showroom(t.db, &admin, "vietinbank", "0011001932418", &err), 0);
	assert_int_equal(setting_get(t.db, "vietqr.bank", v, sizeof(v), &err), 0);
	assert_string_equal(v, "970415");
	assert_int_equal(setting_get(t.db, "vietqr.account", v, sizeof(v), &err), 0);
	assert_string_equal(v, "0011001932418");
	assert_int_equal(vietqr_build_showroom(t.db, 120000, "ung ho lu lut", out, sizeof(out),
					       &err), 0);
	assert_string_equal(out, ex1);
	{
		struct audit_entry *e;
		size_t n;

		assert_int_equal(audit_list(t.db, NULL, NULL, &e, &n, &err), 0);
		assert_int_equal(n, 3);
		assert_string_equal(e[2].action, "setting");
		assert_string_equal(e[2].detail, "970415 0011001932418");
		free(e);
	}
	testdb_close(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc),
		cmocka_unit_test(test_facts_examples),
		cmocka_unit_test(test_decode_examples),
		cmocka_unit_test(test_purpose),
		cmocka_unit_test(test_static_and_errors),
		cmocka_unit_test(test_decode_rejects),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_showroom_settings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
