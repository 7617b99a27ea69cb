/*
 * test_refdata.c - unit tests of core/refdata: the real (embedded)
 * province and OCOP group files load and say what FACTS.md says; names
 * and codes resolve, old and new; malformed files are refused with a
 * message naming the file and the fault; everything is freed (run under
 * ASan to check).
 *
 * Malformed inputs are made by parsing the embedded files with cJSON,
 * changing one thing, and printing them again, so each test breaks
 * exactly one rule.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/embedded.h"
#include "lib/err.h"
#include "core/refdata.h"
#include "core/refdata_table.h"

static const char *embedded_text(const char *path)
{
	const struct embedded_file *f = embedded_find(path);

	assert_non_null(f);
	return (const char *)f->data;
}

static const char *prov_json(void)
{
	return embedded_text("config/provinces.json");
}

static const char *groups_json(void)
{
	return embedded_text("config/ocop-groups.json");
}

static int setup_loaded(void **state)
{
	struct pos_error err = { 0 };

	(void)state;
	refdata_free();
	if (refdata_load(NULL, &err) != 0) {
		fprintf(stderr, "refdata_load: %s\n", pos_error_text(&err));
		return -1;
	}
	return 0;
}

static int setup_empty(void **state)
{
	(void)state;
	refdata_free();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	refdata_free();
	return 0;
}

/* ---- the real files ----------------------------------------------- */

static void test_counts(void **state)
{
	(void)state;
	assert_int_equal(province_count(), 34);
	assert_int_equal(province_legacy_count(), 63);
	assert_int_equal(ocop_group_count(), 6);
	assert_int_equal(ocop_set_count(), 26);
	assert_null(province_at(34));
	assert_null(ocop_set_at(26));
	assert_null(ocop_group_find(0));
	assert_null(ocop_group_find(7));
}

static const struct {
	const char *code, *name, *ascii;
	int city;
} new_provinces[] = {
	{ "01", "Hà Nội", "Ha Noi", 1 },           { "04", "Cao Bằng", "Cao Bang", 0 },
	{ "08", "Tuyên Quang", "Tuyen Quang", 0 }, { "11", "Điện Biên", "Dien Bien", 0 },
	{ "12", "Lai Châu", "Lai Chau", 0 },       { "14", "Sơn La", "Son La", 0 },
	{ "15", "Lào Cai", "Lao Cai", 0 },         { "19", "Thái Nguyên", "Thai Nguyen", 0 },
	{ "20", "Lạng Sơn", "Lang Son", 0 },       { "22", "Quảng Ninh", "Quang Ninh", 0 },
	{ "24", "Bắc Ninh", "Bac Ninh", 0 },       { "25", "Phú Thọ", "Phu Tho", 0 },
	{ "31", "Hải Phòng", "Hai Phong", 1 },     { "33", "Hưng Yên", "Hung Yen", 0 },
	{ "37", "Ninh Bình", "Ninh Binh", 0 },     { "38", "Thanh Hóa", "Thanh Hoa", 0 },
	{ "40", "Nghệ An", "Nghe An", 0 },         { "42", "Hà Tĩnh", "Ha Tinh", 0 },
	{ "44", "Quảng Trị", "Quang Tri", 0 },     { "46", "Huế", "Hue", 1 },
	{ "48", "Đà Nẵng", "Da Nang", 1 },         { "51", "Quảng Ngãi", "Quang Ngai", 0 },
	{ "52", "Gia Lai", "Gia Lai", 0 },         { "56", "Khánh Hòa", "Khanh Hoa", 0 },
	{ "66", "Đắk Lắk", "Dak Lak", 0 },         { "68", "Lâm Đồng", "Lam Dong", 0 },
	{ "75", "Đồng Nai", "Dong Nai", 0 },       { "79", "TP Hồ Chí Minh", "TP Ho Chi Minh", 1 },
	{ "80", "Tây Ninh", "Tay Ninh", 0 },       { "82", "Đồng Tháp", "Dong Thap", 0 },
	{ "86", "Vĩnh Long", "Vinh Long", 0 },     { "91", "An Giang", "An Giang", 0 },
	{ "92", "Cần Thơ", "Can Tho", 1 },         { "96", "Cà Mau", "Ca Mau", 0 },
};

#define N_NEW (sizeof(new_provinces) / sizeof(new_provinces[0]))

static void test_new_provinces(void **state)
{
	size_t i;

	(void)state;
	assert_int_equal(N_NEW, 34);
	for (i = 0; i < N_NEW; i++) {
		const struct province *p = province_find(new_provinces[i].code);
		const struct province *q = province_at(i);

		assert_non_null(p);
		assert_string_equal(p->code, new_provinces[i].code);
		assert_string_equal(p->name, new_provinces[i].name);
		assert_string_equal(p->name_ascii, new_provinces[i].ascii);
		assert_int_equal(p->is_city, new_provinces[i].city);
		/* province_at() walks them in code order */
		assert_ptr_equal(q, p);
	}
	assert_null(province_find("02"));
	assert_null(province_find("49"));
	assert_null(province_find("1"));
	assert_null(province_find(""));
	assert_null(province_find(NULL));
}

/* Every pre-2025 code, its name, and the 2025 code it maps to. */
static const struct {
	const char *code, *name, *to;
} legacy[] = {
	{ "01", "Hà Nội", "01" },         { "02", "Hà Giang", "08" },
	{ "04", "Cao Bằng", "04" },       { "06", "Bắc Kạn", "19" },
	{ "08", "Tuyên Quang", "08" },    { "10", "Lào Cai", "15" },
	{ "11", "Điện Biên", "11" },      { "12", "Lai Châu", "12" },
	{ "14", "Sơn La", "14" },         { "15", "Yên Bái", "15" },
	{ "17", "Hòa Bình", "25" },       { "19", "Thái Nguyên", "19" },
	{ "20", "Lạng Sơn", "20" },       { "22", "Quảng Ninh", "22" },
	{ "24", "Bắc Giang", "24" },      { "25", "Phú Thọ", "25" },
	{ "26", "Vĩnh Phúc", "25" },      { "27", "Bắc Ninh", "24" },
	{ "30", "Hải Dương", "31" },      { "31", "Hải Phòng", "31" },
	{ "33", "Hưng Yên", "33" },       { "34", "Thái Bình", "33" },
	{ "35", "Hà Nam", "37" },         { "36", "Nam Định", "37" },
	{ "37", "Ninh Bình", "37" },      { "38", "Thanh Hóa", "38" },
	{ "40", "Nghệ An", "40" },        { "42", "Hà Tĩnh", "42" },
	{ "44", "Quảng Bình", "44" },     { "45", "Quảng Trị", "44" },
	{ "46", "Thừa Thiên Huế", "46" }, { "48", "Đà Nẵng", "48" },
	{ "49", "Quảng Nam", "48" },      { "51", "Quảng Ngãi", "51" },
	{ "52", "Bình Định", "52" },      { "54", "Phú Yên", "66" },
	{ "56", "Khánh Hòa", "56" },      { "58", "Ninh Thuận", "56" },
	{ "60", "Bình Thuận", "68" },     { "62", "Kon Tum", "51" },
	{ "64", "Gia Lai", "52" },        { "66", "Đắk Lắk", "66" },
	{ "67", "Đắk Nông", "68" },       { "68", "Lâm Đồng", "68" },
	{ "70", "Bình Phước", "75" },     { "72", "Tây Ninh", "80" },
	{ "74", "Bình Dương", "79" },     { "75", "Đồng Nai", "75" },
	{ "77", "Bà Rịa - Vũng Tàu", "79" }, { "79", "TP Hồ Chí Minh", "79" },
	{ "80", "Long An", "80" },        { "82", "Tiền Giang", "82" },
	{ "83", "Bến Tre", "86" },        { "84", "Trà Vinh", "86" },
	{ "86", "Vĩnh Long", "86" },      { "87", "Đồng Tháp", "82" },
	{ "89", "An Giang", "91" },       { "91", "Kiên Giang", "91" },
	{ "92", "Cần Thơ", "92" },        { "93", "Hậu Giang", "92" },
	{ "94", "Sóc Trăng", "92" },      { "95", "Bạc Liêu", "96" },
	{ "96", "Cà Mau", "96" },
};

#define N_LEGACY (sizeof(legacy) / sizeof(legacy[0]))

static void test_legacy_codes(void **state)
{
	struct pos_error err = { 0 };
	size_t i;

	(void)state;
	assert_int_equal(N_LEGACY, 63);
	for (i = 0; i < N_LEGACY; i++) {
		const struct province *p = NULL;
		int was = -1;
		int is_new = province_find(legacy[i].code) != NULL;

		assert_non_null(province_legacy_name(legacy[i].code));
		assert_string_equal(province_legacy_name(legacy[i].code), legacy[i].name);
		assert_int_equal(province_resolve(legacy[i].code, &p, &was, &err), 0);
		assert_string_equal(p->code, legacy[i].to);
		/* a code that is still a 2025 code is not "legacy" */
		assert_int_equal(was, !is_new);
		if (is_new)
			assert_string_equal(legacy[i].code, legacy[i].to);
		/* the old name resolves to the same place */
		p = NULL;
		assert_int_equal(province_resolve(legacy[i].name, &p, NULL, &err), 0);
		assert_string_equal(p->code, legacy[i].to);
	}
	assert_null(province_legacy_name("03"));
	assert_null(province_legacy_name(NULL));
}

static void expect_province(const char *text, const char *code, int want_legacy)
{
	struct pos_error err = { 0 };
	const struct province *p = NULL;
	int was = -1;
	int rc = province_resolve(text, &p, &was, &err);

	if (rc != 0)
		fprintf(stderr, "resolving \"%s\": %s\n", text, pos_error_text(&err));
	assert_int_equal(rc, 0);
	assert_non_null(p);
	assert_string_equal(p->code, code);
	assert_int_equal(was, want_legacy);
}

static void test_mergers(void **state)
{
	(void)state;
	expect_province("49", "48", 1);  /* Quảng Nam -> Đà Nẵng */
	expect_province("64", "52", 1);  /* Gia Lai -> Gia Lai (Bình Định's 52) */
	expect_province("87", "82", 1);  /* Đồng Tháp -> Đồng Tháp (Tiền Giang's 82) */
	expect_province("89", "91", 1);  /* An Giang -> An Giang (Kiên Giang's 91) */
	expect_province("45", "44", 1);  /* Quảng Trị -> Quảng Trị (Quảng Bình's 44) */
	expect_province("74", "79", 1);  /* Bình Dương -> TP HCM */
	expect_province("77", "79", 1);  /* Bà Rịa - Vũng Tàu -> TP HCM */
	expect_province("35", "37", 1);  /* Hà Nam -> Ninh Bình */
	expect_province("36", "37", 1);  /* Nam Định -> Ninh Bình */
	expect_province("02", "08", 1);  /* Hà Giang -> Tuyên Quang */
	expect_province("10", "15", 1);  /* Lào Cai -> Lào Cai (Yên Bái's 15) */
	expect_province("27", "24", 1);  /* Bắc Ninh -> Bắc Ninh (Bắc Giang's 24) */
	expect_province("72", "80", 1);  /* Tây Ninh -> Tây Ninh (Long An's 80) */
	/* codes of capitals stay */
	expect_province("48", "48", 0);
	expect_province("24", "24", 0);
	expect_province("91", "91", 0);
	/* one digit, blanks around */
	expect_province("1", "01", 0);
	expect_province("4", "04", 0);
	expect_province("2", "08", 1);
	expect_province(" 79 ", "79", 0);
}

static void test_names(void **state)
{
	(void)state;
	expect_province("Hà Nội", "01", 0);
	expect_province("ha noi", "01", 0);
	expect_province("HA NOI", "01", 0);
	expect_province("Đà Nẵng", "48", 0);
	expect_province("da nang", "48", 0);
	expect_province("Thành phố Đà Nẵng", "48", 0);
	expect_province("TP. Đà Nẵng", "48", 0);
	expect_province("quang nam", "48", 1);
	expect_province("Tỉnh Quảng Nam", "48", 1);
	expect_province("Thừa Thiên Huế", "46", 1);
	expect_province("thua thien hue", "46", 1);
	expect_province("Huế", "46", 0);
	expect_province("Thành phố Huế", "46", 0);
	expect_province("Hồ Chí Minh", "79", 0);
	expect_province("TP Hồ Chí Minh", "79", 0);
	expect_province("Thành phố Hồ Chí Minh", "79", 0);
	expect_province("tp.ho chi minh", "79", 0);
	expect_province("Ba Ria Vung Tau", "79", 1);
	expect_province("Bà Rịa-Vũng Tàu", "79", 1);
	expect_province("Bình Dương", "79", 1);
	expect_province("  Đắk  Lắk ", "66", 0);
	expect_province("Phú Yên", "66", 1);
	expect_province("Đắk Nông", "68", 1);
	expect_province("Khánh Hoà", "56", 0);  /* old tone placement */
	expect_province("Hoà Bình", "25", 1);
	expect_province("Yên Bái", "15", 1);
	/* a name that is both pre-2025 and 2025 is the 2025 one */
	expect_province("Lào Cai", "15", 0);
	expect_province("Gia Lai", "52", 0);
	expect_province("Bình Định", "52", 1);
	expect_province("Kiên Giang", "91", 1);
	expect_province("Bạc Liêu", "96", 1);
	expect_province("Sóc Trăng", "92", 1);
	expect_province("Kon Tum", "51", 1);
}

static void expect_unknown_province(const char *text, int code)
{
	static const struct province sentinel;
	struct pos_error err = { 0 };
	const struct province *p = &sentinel;  /* not written on failure */

	assert_int_equal(province_resolve(text, &p, NULL, &err), code);
	assert_ptr_equal(p, &sentinel);
	assert_int_equal(err.code, code);
	assert_non_null(strstr(err.msg, "01 (Hà Nội)"));
}

static void test_unknown_provinces(void **state)
{
	struct pos_error err = { 0 };
	const struct province *p = NULL;

	(void)state;
	expect_unknown_province("03", POS_ERR_NOT_FOUND);
	expect_unknown_province("00", POS_ERR_NOT_FOUND);
	expect_unknown_province("99", POS_ERR_NOT_FOUND);
	expect_unknown_province("480", POS_ERR_NOT_FOUND);
	expect_unknown_province("Atlantis", POS_ERR_NOT_FOUND);
	expect_unknown_province("Quảng", POS_ERR_NOT_FOUND);  /* no prefix matching */
	expect_unknown_province("Tỉnh", POS_ERR_NOT_FOUND);
	expect_unknown_province("", POS_ERR_INVALID);
	expect_unknown_province("   ", POS_ERR_INVALID);
	expect_unknown_province(NULL, POS_ERR_INVALID);

	assert_int_equal(province_resolve("xyz", &p, NULL, &err), POS_ERR_NOT_FOUND);
	assert_string_equal(err.msg, "unknown province \"xyz\": use a 2025 code such as "
			    "01 (Hà Nội) or a province name");
	/* err may be NULL */
	assert_int_equal(province_resolve("xyz", &p, NULL, NULL), POS_ERR_NOT_FOUND);
	assert_null(p);
}

/* ---- OCOP groups and sets ----------------------------------------- */

static void test_groups(void **state)
{
	static const struct {
		const char *name;
		int nsets, stock;
	} want[] = {
		{ "Thực phẩm", 13, 1 },
		{ "Đồ uống", 4, 1 },
		{ "Dược liệu và sản phẩm từ dược liệu", 3, 1 },
		{ "Thủ công mỹ nghệ", 2, 1 },
		{ "Sinh vật cảnh", 3, 1 },
		{ "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch", 1, 0 },
	};
	int counts[7] = { 0 };
	size_t i, j;

	(void)state;
	for (i = 0; i < ocop_set_count(); i++) {
		const struct ocop_set *s = ocop_set_at(i);
		char code[32];

		assert_non_null(s);
		assert_in_range(s->group, 1, 6);
		counts[s->group]++;
		/* codes are G.NN, numbered in order within the group */
		snprintf(code, sizeof(code), "%d.%02d", s->group, counts[s->group]);
		assert_string_equal(s->code, code);
		assert_true(s->name[0] != '\0');
		assert_true(s->name_en[0] != '\0');
		for (j = 0; j < i; j++)
			assert_string_not_equal(ocop_set_at(j)->code, s->code);
	}
	for (i = 0; i < 6; i++) {
		const struct ocop_group *g = ocop_group_find((int)i + 1);

		assert_non_null(g);
		assert_int_equal(g->id, (int)i + 1);
		assert_string_equal(g->name, want[i].name);
		assert_true(g->name_en[0] != '\0');
		assert_int_equal(g->has_stock, want[i].stock);
		assert_int_equal(counts[i + 1], want[i].nsets);
	}
	assert_string_equal(ocop_group_find(1)->name_en, "Food");
	assert_string_equal(ocop_set_at(0)->name, "Rau, củ, quả, hạt tươi");
	assert_string_equal(ocop_set_at(12)->name, "Cà phê, ca cao");
	assert_string_equal(ocop_set_at(13)->name, "Rượu trắng");
	assert_string_equal(ocop_set_at(25)->code, "6.01");
}

static void expect_set(int group, const char *text, const char *code)
{
	struct pos_error err = { 0 };
	const struct ocop_set *s = NULL;
	int rc = ocop_set_resolve(group, text, &s, &err);

	if (rc != 0)
		fprintf(stderr, "resolving set \"%s\": %s\n", text, pos_error_text(&err));
	assert_int_equal(rc, 0);
	assert_non_null(s);
	assert_string_equal(s->code, code);
}

static void test_set_resolve(void **state)
{
	(void)state;
	/* by code */
	expect_set(0, "1.13", "1.13");
	expect_set(1, "1.13", "1.13");
	expect_set(0, " 2.01 ", "2.01");
	expect_set(6, "6.01", "6.01");
	/* by exact name, with or without accents */
	expect_set(0, "Cà phê, ca cao", "1.13");
	expect_set(1, "ca phe ca cao", "1.13");
	expect_set(0, "HOA", "5.01");
	expect_set(5, "Cây cảnh", "5.02");
	expect_set(0, "Mỹ phẩm từ dược liệu", "3.02");
	/* by unique prefix */
	expect_set(0, "ca phe", "1.13");
	expect_set(0, "mật ong", "1.04");
	expect_set(0, "ruou", "2.01");
	expect_set(0, "tinh dau", "3.03");
	expect_set(0, "vai", "4.02");
	expect_set(0, "Dịch vụ du lịch", "6.01");
	expect_set(5, "hoa", "5.01");
	expect_set(2, "do uong co", "2.02");
	expect_set(1, "che bien tu gao", "1.06");
	/* ambiguous across groups, but unique in the wanted one */
	expect_set(4, "do", "4.01");
	expect_set(5, "ca", "5.02");
	expect_set(1, "ca", "1.13");
}

static void test_set_errors(void **state)
{
	struct pos_error err = { 0 };
	const struct ocop_set *s = NULL;

	(void)state;
	/* wrong group, by code and by name */
	assert_int_equal(ocop_set_resolve(2, "1.13", &s, &err), POS_ERR_INVALID);
	assert_null(s);
	assert_string_equal(err.msg, "product set 1.13 (Cà phê, ca cao) belongs to group 1 "
			    "(Thực phẩm), not group 2 (Đồ uống)");
	assert_int_equal(ocop_set_resolve(4, "hoa", &s, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "belongs to group 5"));
	assert_int_equal(ocop_set_resolve(1, "ruou trang", &s, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "not group 1"));
	/* a prefix of three food sets */
	assert_int_equal(ocop_set_resolve(0, "chế biến", &s, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "ambiguous"));
	assert_non_null(strstr(err.msg, "3 sets"));
	assert_int_equal(ocop_set_resolve(0, "do", &s, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "ambiguous"));
	assert_int_equal(ocop_set_resolve(0, "ca", &s, &err), POS_ERR_INVALID);
	assert_int_equal(ocop_set_resolve(2, "do", &s, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "2 sets"));
	/* unknown */
	assert_int_equal(ocop_set_resolve(0, "1.14", &s, &err), POS_ERR_NOT_FOUND);
	assert_non_null(strstr(err.msg, "unknown OCOP product set \"1.14\""));
	assert_int_equal(ocop_set_resolve(0, "7.01", &s, &err), POS_ERR_NOT_FOUND);
	assert_int_equal(ocop_set_resolve(0, "xe máy", &s, &err), POS_ERR_NOT_FOUND);
	assert_int_equal(ocop_set_resolve(0, "!!!", &s, &err), POS_ERR_NOT_FOUND);
	/* bad group, empty text */
	assert_int_equal(ocop_set_resolve(7, "1.13", &s, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "unknown OCOP group 7"));
	assert_int_equal(ocop_set_resolve(0, "", &s, &err), POS_ERR_INVALID);
	assert_int_equal(ocop_set_resolve(0, "  ", &s, &err), POS_ERR_INVALID);
	assert_int_equal(ocop_set_resolve(0, NULL, &s, &err), POS_ERR_INVALID);
	assert_null(s);
	assert_int_equal(ocop_set_resolve(2, "1.13", &s, NULL), POS_ERR_INVALID);
}

/* ---- load / free lifecycle ---------------------------------------- */

static void test_not_loaded(void **state)
{
	struct pos_error err = { 0 };
	const struct province *p = NULL;
	const struct ocop_set *s = NULL;

	(void)state;
	assert_int_equal(province_count(), 0);
	assert_int_equal(province_legacy_count(), 0);
	assert_int_equal(ocop_group_count(), 0);
	assert_int_equal(ocop_set_count(), 0);
	assert_null(province_at(0));
	assert_null(province_find("01"));
	assert_null(province_legacy_name("49"));
	assert_null(ocop_group_find(1));
	assert_null(ocop_set_at(0));
	assert_int_equal(province_resolve("01", &p, NULL, &err), POS_ERR_NOT_FOUND);
	assert_non_null(strstr(err.msg, "refdata_load"));
	assert_int_equal(ocop_set_resolve(0, "1.01", &s, &err), POS_ERR_NOT_FOUND);
	assert_null(p);
	assert_null(s);
	refdata_free();  /* harmless when nothing is loaded */
}

static void test_load_twice_and_reload(void **state)
{
	struct pos_error err = { 0 };
	const struct province *first;

	(void)state;
	assert_int_equal(refdata_load(NULL, &err), 0);
	first = province_find("48");
	assert_non_null(first);
	/* second load is a no-op: same tables */
	assert_int_equal(refdata_load(NULL, &err), 0);
	assert_ptr_equal(province_find("48"), first);
	/* load_json while loaded checks its input but keeps the tables */
	assert_int_equal(refdata_load_json(prov_json(), groups_json(), &err), 0);
	assert_ptr_equal(province_find("48"), first);
	assert_int_equal(refdata_load_json("{", groups_json(), &err), POS_ERR_INVALID);
	assert_ptr_equal(province_find("48"), first);
	refdata_free();
	assert_int_equal(province_count(), 0);
	refdata_free();
	assert_int_equal(refdata_load_json(prov_json(), groups_json(), &err), 0);
	assert_int_equal(province_count(), 34);
	assert_int_equal(ocop_set_count(), 26);
}

/* ---- malformed data ----------------------------------------------- */

/* Parse the embedded text at path, for editing. */
static cJSON *parse_embedded(const char *path)
{
	cJSON *root = cJSON_Parse(embedded_text(path));

	assert_non_null(root);
	return root;
}

static cJSON *find_by_code(cJSON *arr, const char *code)
{
	cJSON *it;

	cJSON_ArrayForEach(it, arr) {
		cJSON *c = cJSON_GetObjectItemCaseSensitive(it, "code");

		if (cJSON_IsString(c) && strcmp(c->valuestring, code) == 0)
			return it;
	}
	fail_msg("no entry with code %s", code);
	return NULL;
}

static void set_string(cJSON *obj, const char *key, const char *value)
{
	assert_non_null(cJSON_ReplaceItemInObjectCaseSensitive(obj, key,
							       cJSON_CreateString(value)));
}

/*
 * Feed edited provinces (prov, consumed) or groups (grp, consumed) with
 * the other file intact; expect POS_ERR_INVALID, a message containing
 * each of the given fragments, and nothing loaded.
 */
static void expect_rejected(cJSON *prov, cJSON *grp, const char *frag1, const char *frag2)
{
	struct pos_error err = { 0 };
	char *ptext = prov ? cJSON_PrintUnformatted(prov) : NULL;
	char *gtext = grp ? cJSON_PrintUnformatted(grp) : NULL;
	int rc;

	assert_true(!prov || ptext);
	assert_true(!grp || gtext);
	rc = refdata_load_json(ptext ? ptext : prov_json(), gtext ? gtext : groups_json(), &err);
	if (rc != POS_ERR_INVALID || !strstr(err.msg, frag1) ||
	    (frag2 && !strstr(err.msg, frag2)))
		fprintf(stderr, "got %d: %s\n", rc, err.msg);
	assert_int_equal(rc, POS_ERR_INVALID);
	assert_int_equal(err.code, POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, frag1));
	if (frag2)
		assert_non_null(strstr(err.msg, frag2));
	assert_int_equal(province_count(), 0);
	assert_int_equal(ocop_set_count(), 0);
	cJSON_free(ptext);
	cJSON_free(gtext);
	cJSON_Delete(prov);
	cJSON_Delete(grp);
}

static void test_bad_json_text(void **state)
{
	struct pos_error err = { 0 };
	const char *p = prov_json();
	size_t n = strlen(p);
	char *cut = malloc(n / 2 + 1);

	(void)state;
	assert_non_null(cut);
	memcpy(cut, p, n / 2);
	cut[n / 2] = '\0';
	assert_int_equal(refdata_load_json(cut, groups_json(), &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "provinces.json: not valid JSON"));
	assert_non_null(strstr(err.msg, "line"));
	free(cut);

	assert_int_equal(refdata_load_json(prov_json(), "[1,2", &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "ocop-groups.json: not valid JSON"));
	assert_int_equal(refdata_load_json("", groups_json(), &err), POS_ERR_INVALID);
	assert_int_equal(refdata_load_json("{} trailing", groups_json(), &err), POS_ERR_INVALID);
	assert_int_equal(refdata_load_json("[]", groups_json(), &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "object"));
	assert_int_equal(refdata_load_json(NULL, groups_json(), &err), POS_ERR_INVALID);
	assert_int_equal(refdata_load_json(prov_json(), NULL, &err), POS_ERR_INVALID);
	/* the files swapped */
	assert_int_equal(refdata_load_json(groups_json(), prov_json(), &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "\"format\" must be \"ocop-pos/provinces\""));
	assert_int_equal(province_count(), 0);
}

static void test_bad_header(void **state)
{
	cJSON *p;

	(void)state;
	p = parse_embedded("config/provinces.json");
	set_string(p, "format", "ocop-pos/catalog");
	expect_rejected(p, NULL, "provinces.json", "\"format\"");

	p = parse_embedded("config/provinces.json");
	cJSON_ReplaceItemInObjectCaseSensitive(p, "version", cJSON_CreateNumber(2));
	expect_rejected(p, NULL, "provinces.json", "version");

	p = parse_embedded("config/ocop-groups.json");
	cJSON_DeleteItemFromObjectCaseSensitive(p, "format");
	expect_rejected(NULL, p, "ocop-groups.json", "\"format\"");
}

static void test_bad_provinces(void **state)
{
	cJSON *p, *arr, *e;

	(void)state;
	/* a legacy province mapping to a code that does not exist */
	p = parse_embedded("config/provinces.json");
	e = find_by_code(cJSON_GetObjectItemCaseSensitive(p, "legacy"), "49");
	set_string(e, "to", "03");
	expect_rejected(p, NULL, "legacy province 49", "\"to\"");

	/* duplicate 2025 code */
	p = parse_embedded("config/provinces.json");
	e = find_by_code(cJSON_GetObjectItemCaseSensitive(p, "provinces"), "96");
	set_string(e, "code", "92");
	expect_rejected(p, NULL, "duplicate province code \"92\"", NULL);

	/* duplicate legacy code */
	p = parse_embedded("config/provinces.json");
	e = find_by_code(cJSON_GetObjectItemCaseSensitive(p, "legacy"), "95");
	set_string(e, "code", "94");
	expect_rejected(p, NULL, "duplicate legacy province code \"94\"", NULL);

	/* 33 provinces */
	p = parse_embedded("config/provinces.json");
	cJSON_DeleteItemFromArray(cJSON_GetObjectItemCaseSensitive(p, "provinces"), 33);
	expect_rejected(p, NULL, "expected 34 provinces, found 33", NULL);

	/* 62 legacy provinces */
	p = parse_embedded("config/provinces.json");
	cJSON_DeleteItemFromArray(cJSON_GetObjectItemCaseSensitive(p, "legacy"), 0);
	expect_rejected(p, NULL, "expected 63 legacy provinces, found 62", NULL);

	/* a legacy code that is a 2025 code must map to itself */
	p = parse_embedded("config/provinces.json");
	e = find_by_code(cJSON_GetObjectItemCaseSensitive(p, "legacy"), "52");
	set_string(e, "to", "51");
	expect_rejected(p, NULL, "legacy province 52", "map to itself");

	/* moved in "legacy" but not in "absorbed" */
	p = parse_embedded("config/provinces.json");
	e = find_by_code(cJSON_GetObjectItemCaseSensitive(p, "legacy"), "49");
	set_string(e, "to", "51");
	expect_rejected(p, NULL, "48 absorbed 49", NULL);

	/* missing from "absorbed" */
	p = parse_embedded("config/provinces.json");
	e = find_by_code(cJSON_GetObjectItemCaseSensitive(p, "provinces"), "48");
	cJSON_ReplaceItemInObjectCaseSensitive(e, "absorbed", cJSON_CreateArray());
	expect_rejected(p, NULL, "legacy province 49", "\"absorbed\"");

	/* bad code text, kind, names */
	p = parse_embedded("config/provinces.json");
	arr = cJSON_GetObjectItemCaseSensitive(p, "provinces");
	set_string(find_by_code(arr, "01"), "code", "1");
	expect_rejected(p, NULL, "province #1", "two digits");

	p = parse_embedded("config/provinces.json");
	set_string(find_by_code(cJSON_GetObjectItemCaseSensitive(p, "provinces"), "46"),
		   "kind", "town");
	expect_rejected(p, NULL, "province 46", "\"kind\"");

	p = parse_embedded("config/provinces.json");
	cJSON_DeleteItemFromObjectCaseSensitive(
		find_by_code(cJSON_GetObjectItemCaseSensitive(p, "provinces"), "12"), "name");
	expect_rejected(p, NULL, "province 12", "\"name\"");

	p = parse_embedded("config/provinces.json");
	set_string(find_by_code(cJSON_GetObjectItemCaseSensitive(p, "provinces"), "12"),
		   "name_ascii", "Lai Chu");
	expect_rejected(p, NULL, "province 12", "does not match");

	/* two provinces with one name: names would not resolve */
	p = parse_embedded("config/provinces.json");
	set_string(find_by_code(cJSON_GetObjectItemCaseSensitive(p, "provinces"), "12"),
		   "name", "Sơn La");
	set_string(find_by_code(cJSON_GetObjectItemCaseSensitive(p, "provinces"), "12"),
		   "name_ascii", "Son La");
	expect_rejected(p, NULL, "same name", NULL);
}

static void test_bad_groups(void **state)
{
	cJSON *g, *groups, *sets;

	(void)state;
	/* duplicate set code */
	g = parse_embedded("config/ocop-groups.json");
	groups = cJSON_GetObjectItemCaseSensitive(g, "groups");
	sets = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(groups, 0), "sets");
	set_string(find_by_code(sets, "1.02"), "code", "1.01");
	expect_rejected(NULL, g, "duplicate product set code \"1.01\"", NULL);

	/* a set code of another group */
	g = parse_embedded("config/ocop-groups.json");
	groups = cJSON_GetObjectItemCaseSensitive(g, "groups");
	sets = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(groups, 1), "sets");
	set_string(find_by_code(sets, "2.04"), "code", "3.04");
	expect_rejected(NULL, g, "group 2", "\"code\"");

	/* 25 sets */
	g = parse_embedded("config/ocop-groups.json");
	groups = cJSON_GetObjectItemCaseSensitive(g, "groups");
	sets = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(groups, 0), "sets");
	cJSON_DeleteItemFromArray(sets, 12);
	expect_rejected(NULL, g, "expected 26 product sets, found 25", NULL);

	/* 5 groups */
	g = parse_embedded("config/ocop-groups.json");
	cJSON_DeleteItemFromArray(cJSON_GetObjectItemCaseSensitive(g, "groups"), 5);
	expect_rejected(NULL, g, "expected 6 groups, found 5", NULL);

	/* duplicate group id */
	g = parse_embedded("config/ocop-groups.json");
	groups = cJSON_GetObjectItemCaseSensitive(g, "groups");
	cJSON_ReplaceItemInObjectCaseSensitive(cJSON_GetArrayItem(groups, 5), "id",
					       cJSON_CreateNumber(5));
	expect_rejected(NULL, g, "duplicate group id 5", NULL);

	/* "stock" must be a boolean */
	g = parse_embedded("config/ocop-groups.json");
	groups = cJSON_GetObjectItemCaseSensitive(g, "groups");
	cJSON_ReplaceItemInObjectCaseSensitive(cJSON_GetArrayItem(groups, 5), "stock",
					       cJSON_CreateString("no"));
	expect_rejected(NULL, g, "group 6", "\"stock\"");

	/* id out of range */
	g = parse_embedded("config/ocop-groups.json");
	groups = cJSON_GetObjectItemCaseSensitive(g, "groups");
	cJSON_ReplaceItemInObjectCaseSensitive(cJSON_GetArrayItem(groups, 0), "id",
					       cJSON_CreateNumber(1.5));
	expect_rejected(NULL, g, "\"id\"", NULL);

	/* a set without an English name */
	g = parse_embedded("config/ocop-groups.json");
	groups = cJSON_GetObjectItemCaseSensitive(g, "groups");
	sets = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(groups, 4), "sets");
	cJSON_DeleteItemFromObjectCaseSensitive(find_by_code(sets, "5.02"), "name_en");
	expect_rejected(NULL, g, "product set 5.02", "\"name_en\"");
}

/* ---- data directory ----------------------------------------------- */

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static void test_load_dir(void **state)
{
	struct pos_error err = { 0 };
	char dir[] = "/tmp/test_refdata.XXXXXX";
	char ppath[64], gpath[64];
	cJSON *p;
	char *text;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(ppath, sizeof(ppath), "%s/provinces.json", dir);
	snprintf(gpath, sizeof(gpath), "%s/ocop-groups.json", dir);

	/* an empty directory: both files come from the binary */
	assert_int_equal(refdata_load(dir, &err), 0);
	assert_int_equal(province_count(), 34);
	refdata_free();

	/* a file on disk overrides the embedded one */
	p = parse_embedded("config/provinces.json");
	set_string(find_by_code(cJSON_GetObjectItemCaseSensitive(p, "provinces"), "01"),
		   "name", "Thủ đô Hà Nội");
	set_string(find_by_code(cJSON_GetObjectItemCaseSensitive(p, "provinces"), "01"),
		   "name_ascii", "Thu do Ha Noi");
	text = cJSON_Print(p);
	assert_non_null(text);
	write_file(ppath, text);
	cJSON_free(text);
	cJSON_Delete(p);
	assert_int_equal(refdata_load(dir, &err), 0);
	assert_string_equal(province_find("01")->name, "Thủ đô Hà Nội");
	assert_int_equal(ocop_set_count(), 26);
	refdata_free();

	/* a broken file on disk is named by its path */
	write_file(gpath, "{\"format\":\"ocop-pos/ocop-groups\",\"version\":1,\n\"groups\":[");
	assert_int_equal(refdata_load(dir, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, gpath));
	assert_non_null(strstr(err.msg, "line 2"));
	assert_int_equal(province_count(), 0);

	/* without a directory the embedded files are used */
	assert_int_equal(refdata_load(NULL, &err), 0);
	assert_string_equal(province_find("01")->name, "Hà Nội");
	refdata_free();

	assert_int_equal(unlink(gpath), 0);
	assert_int_equal(unlink(ppath), 0);

	/* a directory where the file should be cannot be read */
	assert_int_equal(mkdir(ppath, 0700), 0);
	assert_int_not_equal(refdata_load(dir, &err), 0);
	assert_non_null(strstr(err.msg, ppath));
	assert_int_equal(province_count(), 0);
	assert_int_equal(rmdir(ppath), 0);
	assert_int_equal(rmdir(dir), 0);
}

/* ---- the compiled tables ------------------------------------------ */

/* Append what the look-ups answer for every code and name in t (and a
 * few spellings) to out, one line each, for comparing two installs. */
static void lookup_all(const struct refdata_tables *t, char *out, size_t size)
{
	struct pos_error err = { 0 };
	const struct province *p;
	const struct ocop_set *s;
	size_t i, len = 0;
	char one[16];
	int leg, rc, w;

#define PUT(...) do { \
		w = snprintf(out + len, size - len, __VA_ARGS__); \
		assert_true(w >= 0 && (size_t)w < size - len); \
		len += (size_t)w; \
	} while (0)
	for (i = 0; i < t->nprov; i++) {
		const char *texts[3] = { t->prov[i].pub.code, t->prov[i].pub.name,
					 t->prov[i].pub.name_ascii };
		size_t k;

		for (k = 0; k < 3; k++) {
			p = NULL;
			leg = -1;
			rc = province_resolve(texts[k], &p, &leg, &err);
			PUT("%s -> %d %s %d\n", texts[k], rc, p ? p->code : "-", leg);
		}
		p = province_find(t->prov[i].pub.code);
		PUT("find %s -> %s %s %s %d\n", t->prov[i].pub.code, p ? p->code : "-",
		    p ? p->name : "-", p ? p->name_ascii : "-", p ? p->is_city : -1);
	}
	for (i = 0; i < t->nleg; i++) {
		const char *texts[2] = { t->leg[i].code, t->leg[i].name };
		size_t k;

		for (k = 0; k < 2; k++) {
			p = NULL;
			leg = -1;
			rc = province_resolve(texts[k], &p, &leg, &err);
			PUT("%s -> %d %s %d\n", texts[k], rc, p ? p->code : "-", leg);
		}
		PUT("legacy %s -> %s\n", t->leg[i].code,
		    province_legacy_name(t->leg[i].code) ? province_legacy_name(t->leg[i].code)
							 : "-");
	}
	for (i = 0; i < 100; i++) {     /* every code, also the unknown ones */
		snprintf(one, sizeof(one), "%02zu", i);
		p = NULL;
		rc = province_resolve(one, &p, NULL, &err);
		PUT("%s -> %d %s\n", one, rc, p ? p->code : "-");
	}
	for (i = 0; i < t->ngrp + 2; i++) {
		const struct ocop_group *g = ocop_group_find((int)i);

		PUT("group %zu -> %s %s %d\n", i, g ? g->name : "-", g ? g->name_en : "-",
		    g ? g->has_stock : -1);
	}
	for (i = 0; i < t->nset; i++) {
		const char *texts[3] = { t->set[i].pub.code, t->set[i].pub.name, "ca" };
		size_t k;
		int g;

		for (k = 0; k < 3; k++)
			for (g = 0; g <= 2; g++) {
				s = NULL;
				rc = ocop_set_resolve(g, texts[k], &s, &err);
				PUT("set %d %s -> %d %s\n", g, texts[k], rc, s ? s->code : "-");
			}
	}
#undef PUT
}

/* The tables compiled at build time (src/gen-refdata.c) are what parsing
 * the embedded files gives, entry by entry and look-up by look-up. */
static void test_compiled_tables(void **state)
{
	struct pos_error err = { 0 };
	const struct refdata_tables *b = &refdata_builtin, *t;
	static char want[1 << 17], got[1 << 17];
	size_t i;

	(void)state;
	/* without replacement files the compiled tables are installed */
	assert_int_equal(refdata_load(NULL, &err), 0);
	assert_ptr_equal(refdata_tables_current(), b);
	lookup_all(b, got, sizeof(got));
	refdata_free();
	assert_null(refdata_tables_current());
	refdata_defer();
	assert_int_equal(province_count(), 34);
	assert_ptr_equal(refdata_tables_current(), b);
	refdata_free();

	/* parsed from the embedded JSON */
	assert_int_equal(refdata_load_json(prov_json(), groups_json(), &err), 0);
	t = refdata_tables_current();
	assert_non_null(t);
	assert_ptr_not_equal(t, b);
	lookup_all(b, want, sizeof(want));
	assert_string_equal(got, want);

	assert_int_equal(b->nprov, t->nprov);
	assert_int_equal(b->nleg, t->nleg);
	assert_int_equal(b->ngrp, t->ngrp);
	assert_int_equal(b->nset, t->nset);
	for (i = 0; i < t->nprov; i++) {
		assert_string_equal(b->prov[i].pub.code, t->prov[i].pub.code);
		assert_string_equal(b->prov[i].pub.name, t->prov[i].pub.name);
		assert_string_equal(b->prov[i].pub.name_ascii, t->prov[i].pub.name_ascii);
		assert_int_equal(b->prov[i].pub.is_city, t->prov[i].pub.is_city);
		assert_string_equal(b->prov[i].key, t->prov[i].key);
	}
	for (i = 0; i < t->nleg; i++) {
		assert_string_equal(b->leg[i].code, t->leg[i].code);
		assert_string_equal(b->leg[i].to, t->leg[i].to);
		assert_string_equal(b->leg[i].name, t->leg[i].name);
		assert_string_equal(b->leg[i].key, t->leg[i].key);
	}
	for (i = 0; i < t->ngrp; i++) {
		assert_int_equal(b->grp[i].id, t->grp[i].id);
		assert_string_equal(b->grp[i].name, t->grp[i].name);
		assert_string_equal(b->grp[i].name_en, t->grp[i].name_en);
		assert_int_equal(b->grp[i].has_stock, t->grp[i].has_stock);
	}
	for (i = 0; i < t->nset; i++) {
		assert_string_equal(b->set[i].pub.code, t->set[i].pub.code);
		assert_int_equal(b->set[i].pub.group, t->set[i].pub.group);
		assert_string_equal(b->set[i].pub.name, t->set[i].pub.name);
		assert_string_equal(b->set[i].pub.name_en, t->set[i].pub.name_en);
		assert_string_equal(b->set[i].key, t->set[i].key);
	}
	/* the public structs point into the installed table */
	assert_ptr_equal(province_at(0), &t->prov[0].pub);
	assert_ptr_equal(ocop_set_at(0), &t->set[0].pub);
	refdata_free();
}

/* A data directory with neither file installs the compiled tables; one
 * replacement file makes both be parsed, as before. */
static void test_compiled_or_parsed(void **state)
{
	struct pos_error err = { 0 };
	char dir[] = "/tmp/test_refdata_c.XXXXXX";
	char path[64];

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(refdata_load(dir, &err), 0);
	assert_ptr_equal(refdata_tables_current(), &refdata_builtin);
	refdata_free();
	snprintf(path, sizeof(path), "%s/ocop-groups.json", dir);
	write_file(path, groups_json());
	assert_int_equal(refdata_load(dir, &err), 0);
	assert_non_null(refdata_tables_current());
	assert_ptr_not_equal(refdata_tables_current(), &refdata_builtin);
	assert_int_equal(province_count(), 34);
	assert_string_equal(province_find("48")->name, "Đà Nẵng");
	assert_int_equal(ocop_set_count(), 26);
	refdata_free();
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_counts, setup_loaded, teardown),
		cmocka_unit_test_setup_teardown(test_new_provinces, setup_loaded, teardown),
		cmocka_unit_test_setup_teardown(test_legacy_codes, setup_loaded, teardown),
		cmocka_unit_test_setup_teardown(test_mergers, setup_loaded, teardown),
		cmocka_unit_test_setup_teardown(test_names, setup_loaded, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_provinces, setup_loaded, teardown),
		cmocka_unit_test_setup_teardown(test_groups, setup_loaded, teardown),
		cmocka_unit_test_setup_teardown(test_set_resolve, setup_loaded, teardown),
		cmocka_unit_test_setup_teardown(test_set_errors, setup_loaded, teardown),
		cmocka_unit_test_setup_teardown(test_not_loaded, setup_empty, teardown),
		cmocka_unit_test_setup_teardown(test_load_twice_and_reload, setup_empty, teardown),
		cmocka_unit_test_setup_teardown(test_bad_json_text, setup_empty, teardown),
		cmocka_unit_test_setup_teardown(test_bad_header, setup_empty, teardown),
		cmocka_unit_test_setup_teardown(test_bad_provinces, setup_empty, teardown),
		cmocka_unit_test_setup_teardown(test_bad_groups, setup_empty, teardown),
		cmocka_unit_test_setup_teardown(test_load_dir, setup_empty, teardown),
		cmocka_unit_test_setup_teardown(test_compiled_tables, setup_empty, teardown),
		cmocka_unit_test_setup_teardown(test_compiled_or_parsed, setup_empty, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
