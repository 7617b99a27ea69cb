/*
 * test_vntext.c - unit tests of core/vntext: UTF-8 decoding and
 * validation, search-key folding of every Vietnamese letter (NFC, NFD,
 * old tone placement, đ), composition to NFC, terminal widths, cutting
 * to a width without splitting letters from their marks, and Vietnamese
 * collation order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "core/vntext.h"

/* Combining marks, UTF-8. */
#define GRAVE "\xcc\x80"	/* U+0300 huyền */
#define ACUTE "\xcc\x81"	/* U+0301 sắc */
#define CIRC "\xcc\x82"		/* U+0302 */
#define TILDE "\xcc\x83"	/* U+0303 ngã */
#define BREVE "\xcc\x86"	/* U+0306 */
#define HOOK "\xcc\x89"		/* U+0309 hỏi */
#define HORN "\xcc\x9b"		/* U+031B */
#define DOT "\xcc\xa3"		/* U+0323 nặng */

/*
 * Every Vietnamese vowel, by base and letter mark, with its tones in the
 * order none, grave, hook, tilde, acute, dot.
 */
struct vowel_row {
	const char *base;
	const char *mark;
	const char *letters;	/* 6 letters, NFC */
};

static const struct vowel_row vowels[] = {
	{ "a", "", "aàảãáạ" }, { "a", BREVE, "ăằẳẵắặ" },
	{ "a", CIRC, "âầẩẫấậ" }, { "e", "", "eèẻẽéẹ" },
	{ "e", CIRC, "êềểễếệ" }, { "i", "", "iìỉĩíị" },
	{ "o", "", "oòỏõóọ" }, { "o", CIRC, "ôồổỗốộ" },
	{ "o", HORN, "ơờởỡớợ" }, { "u", "", "uùủũúụ" },
	{ "u", HORN, "ưừửữứự" }, { "y", "", "yỳỷỹýỵ" },
	{ "A", "", "AÀẢÃÁẠ" }, { "A", BREVE, "ĂẰẲẴẮẶ" },
	{ "A", CIRC, "ÂẦẨẪẤẬ" }, { "E", "", "EÈẺẼÉẸ" },
	{ "E", CIRC, "ÊỀỂỄẾỆ" }, { "I", "", "IÌỈĨÍỊ" },
	{ "O", "", "OÒỎÕÓỌ" }, { "O", CIRC, "ÔỒỔỖỐỘ" },
	{ "O", HORN, "ƠỜỞỠỚỢ" }, { "U", "", "UÙỦŨÚỤ" },
	{ "U", HORN, "ƯỪỬỮỨỰ" }, { "Y", "", "YỲỶỸÝỴ" },
};

static const char *const tones[6] = { "", GRAVE, HOOK, TILDE, ACUTE, DOT };

/* The k-th code point of s as its own string in out. */
static void nth_char(const char *s, int k, char out[8])
{
	size_t n = strlen(s), i = 0, len = 0;

	for (;;) {
		len = utf8_next(s, n, i, NULL);
		assert_true(len > 0);
		if (k-- == 0)
			break;
		i += len;
	}
	assert_true(len < 8);
	memcpy(out, s + i, len);
	out[len] = '\0';
}

static void fold_is(const char *in, const char *want)
{
	char buf[256];
	size_t n = vn_fold(in, buf, sizeof(buf));

	assert_string_equal(buf, want);
	assert_int_equal(n, strlen(want));
}

/* ---- UTF-8 ---- */

static void test_utf8_next(void **state)
{
	static const struct {
		const char *s;
		size_t n;
		size_t len;
		uint32_t cp;
	} t[] = {
		{ "A", 1, 1, 'A' },
		{ "\xc3\xa9", 2, 2, 0xE9 },		/* é */
		{ "\xe1\xba\xad", 3, 3, 0x1EAD },	/* ậ */
		{ "\xe2\x82\xab", 3, 3, 0x20AB },	/* ₫ */
		{ "\xf0\x9f\x8d\xaf", 4, 4, 0x1F36F },	/* 🍯 */
		{ "\xef\xbf\xbd", 3, 3, 0xFFFD },	/* a real U+FFFD */
		{ "\xc0\x80", 2, 1, 0xFFFD },		/* overlong NUL */
		{ "\xc1\xbf", 2, 1, 0xFFFD },		/* overlong */
		{ "\xe0\x80\xaf", 3, 1, 0xFFFD },	/* overlong '/' */
		{ "\xf0\x80\x80\xaf", 4, 1, 0xFFFD },	/* overlong '/' */
		{ "\xed\xa0\x80", 3, 1, 0xFFFD },	/* surrogate */
		{ "\xf4\x90\x80\x80", 4, 1, 0xFFFD },	/* > U+10FFFF */
		{ "\xf5\x80\x80\x80", 4, 1, 0xFFFD },
		{ "\x80", 1, 1, 0xFFFD },		/* lone continuation */
		{ "\xe1\xba", 2, 1, 0xFFFD },		/* truncated */
		{ "\xe1\xba\xad", 2, 1, 0xFFFD },	/* cut by n */
		{ "\xe1" "A", 2, 1, 0xFFFD },		/* bad continuation */
		{ "\xff", 1, 1, 0xFFFD },
	};
	size_t k;
	uint32_t cp;

	(void)state;
	for (k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
		cp = 0;
		assert_int_equal(utf8_next(t[k].s, t[k].n, 0, &cp),
				 t[k].len);
		assert_int_equal(cp, t[k].cp);
	}
	/* i at or past the end */
	cp = 7;
	assert_int_equal(utf8_next("ab", 2, 2, &cp), 0);
	assert_int_equal(cp, 0);
	assert_int_equal(utf8_next(NULL, 0, 0, &cp), 0);
	/* decoding from the middle, cp may be NULL */
	assert_int_equal(utf8_next("x\xe1\xba\xady", 5, 1, &cp), 3);
	assert_int_equal(cp, 0x1EAD);
	assert_int_equal(utf8_next("x\xe1\xba\xady", 5, 4, NULL), 1);
}

static void test_utf8_valid(void **state)
{
	static const struct {
		const char *s;
		int valid;
	} t[] = {
		{ "", 1 },
		{ "Mật ong Đắk Lắk", 1 },
		{ "茶 🍯 ₫ ★", 1 },
		{ "\xef\xbf\xbd", 1 },
		{ "\xf4\x8f\xbf\xbf", 1 },		/* U+10FFFF */
		{ "abc\xff", 0 },
		{ "\xc0\xaf", 0 },
		{ "\xe0\x9f\xbf", 0 },			/* overlong */
		{ "\xed\xbf\xbf", 0 },			/* surrogate */
		{ "\xf4\x90\x80\x80", 0 },
		{ "M\xe1\xba", 0 },			/* truncated at end */
		{ "\x80" "abc", 0 },
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(t) / sizeof(t[0]); k++)
		assert_int_equal(utf8_valid(t[k].s, strlen(t[k].s)),
				 t[k].valid);
	/* an embedded NUL is valid UTF-8; n bounds the check */
	assert_int_equal(utf8_valid("a\0b", 3), 1);
	assert_int_equal(utf8_valid("ab\xff", 2), 1);
	assert_int_equal(utf8_valid(NULL, 0), 1);
}

/* ---- folding ---- */

static void test_fold_every_letter(void **state)
{
	size_t r;
	int t, count = 0;

	(void)state;
	for (r = 0; r < sizeof(vowels) / sizeof(vowels[0]); r++) {
		char base[2] = { (char)(vowels[r].base[0] | 0x20), 0 };

		for (t = 0; t < 6; t++) {
			char nfc[8], nfd[16];

			nth_char(vowels[r].letters, t, nfc);
			if ((unsigned char)nfc[0] >= 0x80)
				count++;
			fold_is(nfc, base);
			/* NFD, marks in canonical and in reversed order */
			snprintf(nfd, sizeof(nfd), "%s%s%s", vowels[r].base,
				 vowels[r].mark, tones[t]);
			fold_is(nfd, base);
			snprintf(nfd, sizeof(nfd), "%s%s%s", vowels[r].base,
				 tones[t], vowels[r].mark);
			fold_is(nfd, base);
		}
	}
	fold_is("đ", "d");
	fold_is("Đ", "d");
	count += 2;
	/* the table of precomposed Vietnamese letters has 134 entries */
	assert_int_equal(count, 134);
}

static void test_fold_examples(void **state)
{
	static const struct {
		const char *in, *want;
	} t[] = {
		{ "Mật ong Đắk Lắk", "mat ong dak lak" },
		{ "  Trà   xanh--Thái Nguyên!! ", "tra xanh thai nguyen" },
		{ "Cà phê 100% Arabica", "ca phe 100 arabica" },
		{ "NƯỚC MẮM PHÚ QUỐC", "nuoc mam phu quoc" },
		{ "Gạo ST25", "gao st25" },
		{ "M" "a" DOT CIRC "t ong", "mat ong" },	/* NFD */
		{ "M" "a" CIRC DOT "t ong", "mat ong" },	/* NFD, other order */
		{ "hoà", "hoa" }, { "hòa", "hoa" },		/* old/new tones */
		{ "thuỷ", "thuy" }, { "thủy", "thuy" },
		{ "Thanh Hoá", "thanh hoa" }, { "Thanh Hóa", "thanh hoa" },
		{ "Đường", "duong" },
		{ "D" BREVE "ung", "dung" },	/* stray marks are dropped */
		{ GRAVE "abc", "abc" },
		{ "", "" },
		{ "   ", "" },
		{ "!!!", "" },
		{ "ab\xff\xfe" "cd", "ab cd" },	/* invalid bytes separate */
		{ "\xe1\xba", "" },		/* truncated sequence */
		{ "Müller", "m ller" },		/* other letters separate */
		{ "茶 Tea", "tea" },
		{ "a\tb\nc", "a b c" },
		{ "★★★★ 5 sao", "5 sao" },
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(t) / sizeof(t[0]); k++)
		fold_is(t[k].in, t[k].want);
	fold_is(NULL, "");
}

static void test_fold_same_key(void **state)
{
	/* different spellings of the same words give the same key */
	static const char *const same[][2] = {
		{ "hoà", "hòa" },
		{ "thuỷ", "thủy" },
		{ "Khoẻ", "khỏe" },
		{ "Mật Ong", "M" "a" DOT CIRC "t  ong" },
		{ "ĐẮK LẮK", "Đắk-Lắk" },
		{ "ơ", "o" HORN },
		{ "ư", "u" HORN },
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(same) / sizeof(same[0]); k++) {
		char a[64], b[64];

		vn_fold(same[k][0], a, sizeof(a));
		vn_fold(same[k][1], b, sizeof(b));
		assert_string_equal(a, b);
	}
}

static void test_fold_truncates_like_snprintf(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(vn_fold("Mật ong Đắk Lắk", buf, 4), 15);
	assert_string_equal(buf, "mat");
	assert_int_equal(buf[4], 'x');	/* nothing written past outsz */

	assert_int_equal(vn_fold("Mật ong", buf, 5), 7);
	assert_string_equal(buf, "mat ");
	assert_int_equal(vn_fold("Mật ong", buf, 1), 7);
	assert_string_equal(buf, "");
	assert_int_equal(vn_fold("Mật ong", NULL, 0), 7);
	assert_int_equal(vn_fold("Mật ong", buf, 8), 7);
	assert_string_equal(buf, "mat ong");
}

/* ---- composition ---- */

static void nfc_is(const char *in, const char *want)
{
	char buf[256];
	int n = vn_nfc(in, buf, sizeof(buf));

	assert_int_equal(n, (int)strlen(want));
	assert_string_equal(buf, want);
}

static void test_nfc_every_letter(void **state)
{
	size_t r;
	int t;

	(void)state;
	for (r = 0; r < sizeof(vowels) / sizeof(vowels[0]); r++) {
		for (t = 0; t < 6; t++) {
			char nfc[8], nfd[16], part[16];

			nth_char(vowels[r].letters, t, nfc);
			nfc_is(nfc, nfc);
			snprintf(nfd, sizeof(nfd), "%s%s%s", vowels[r].base,
				 vowels[r].mark, tones[t]);
			nfc_is(nfd, nfc);
			snprintf(nfd, sizeof(nfd), "%s%s%s", vowels[r].base,
				 tones[t], vowels[r].mark);
			nfc_is(nfd, nfc);
			/* partly composed: the letter with its mark, then tone */
			nth_char(vowels[r].letters, 0, part);
			snprintf(nfd, sizeof(nfd), "%s%s", part, tones[t]);
			nfc_is(nfd, nfc);
		}
	}
}

static void test_nfc_examples(void **state)
{
	static const struct {
		const char *in, *want;
	} t[] = {
		{ "M" "a" DOT CIRC "t ong \xc4\x90" "a" BREVE ACUTE "k L"
		  "a" BREVE ACUTE "k", "Mật ong Đắk Lắk" },
		{ "Mật ong", "Mật ong" },
		{ "hoa" GRAVE, "hoà" },		/* tone placement is kept */
		{ "ho" GRAVE "a", "hòa" },
		{ "", "" },
		{ "ASCII only 123", "ASCII only 123" },
		{ "e" BREVE, "e" BREVE },	/* not Vietnamese: kept */
		{ "i" CIRC, "i" CIRC },
		{ "n" TILDE, "n" TILDE },
		{ "a" ACUTE GRAVE, "á" GRAVE },	/* a second tone is kept */
		{ "a" CIRC BREVE, "â" BREVE },	/* a second letter mark */
		{ "\xc4\x91" ACUTE, "\xc4\x91" ACUTE },	/* đ takes no tone */
		{ GRAVE "a", GRAVE "a" },	/* a mark before any letter */
		{ "u" "\xcc\x88" ACUTE, "u" "\xcc\x88" ACUTE },	/* ü: stops */
		{ "茶 ★ 🍯", "茶 ★ 🍯" },
		{ "a" "\xcd\x81", "á" },	/* U+0341 = acute */
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(t) / sizeof(t[0]); k++)
		nfc_is(t[k].in, t[k].want);
}

static void test_nfc_errors(void **state)
{
	char buf[16];
	const char *nfd = "a" CIRC ACUTE "b";	/* 6 bytes -> "ấb" 4 bytes */

	(void)state;
	/* invalid UTF-8: refused, out untouched */
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(vn_nfc("ab\xff", buf, sizeof(buf)), POS_ERR_INVALID);
	assert_int_equal(buf[0], 'x');
	assert_int_equal(vn_nfc("\xc0\x80", buf, sizeof(buf)),
			 POS_ERR_INVALID);
	assert_int_equal(buf[0], 'x');

	/* too small: refused, out untouched; exact size works */
	assert_int_equal(vn_nfc(nfd, buf, 4), POS_ERR_INVALID);
	assert_int_equal(buf[0], 'x');
	assert_int_equal(vn_nfc(nfd, buf, 0), POS_ERR_INVALID);
	assert_int_equal(vn_nfc(nfd, NULL, 10), POS_ERR_INVALID);
	assert_int_equal(vn_nfc(nfd, buf, 5), 4);
	assert_string_equal(buf, "ấb");

	/* NULL is the empty string */
	assert_int_equal(vn_nfc(NULL, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
}

/* ---- width ---- */

static void test_width(void **state)
{
	static const struct {
		const char *s;
		int w;
	} t[] = {
		{ "", 0 },
		{ "abc", 3 },
		{ "Mật ong ★★★★", 12 },
		{ "M" "a" DOT CIRC "t", 3 },	/* NFD: marks take no column */
		{ "Đắk Lắk", 7 },
		{ "茶叶", 4 },			/* CJK is two columns */
		{ "お茶 tea", 8 },
		{ "한국", 4 },			/* Hangul */
		{ "ＡＢ", 4 },			/* fullwidth forms */
		{ "ｱｲ", 2 },			/* halfwidth katakana */
		{ "🍯", 2 },			/* emoji */
		{ "★☆", 2 },			/* ambiguous: 1 */
		{ "185.000 ₫", 9 },
		{ "a\tb\n", 2 },		/* controls take none */
		{ "\x1b[0m", 3 },		/* ESC itself is 0 */
		{ "a\xe2\x80\x8b" "b", 2 },	/* zero-width space */
		{ "\xff\xfe", 2 },		/* invalid bytes: 1 each */
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(t) / sizeof(t[0]); k++)
		assert_int_equal(vn_width(t[k].s), t[k].w);
	assert_int_equal(vn_width(NULL), 0);
}

/* ---- fit ---- */

static void test_fit_examples(void **state)
{
	static const struct {
		const char *s;
		int cols;
		size_t bytes;
		int used;
	} t[] = {
		{ "Mật ong", 2, 4, 2 },			/* "Mậ" */
		{ "Mật ong", 3, 5, 3 },
		{ "Mật ong", 7, 9, 7 },
		{ "Mật ong", 100, 9, 7 },
		{ "Mật ong", 0, 0, 0 },
		{ "Mật ong", -5, 0, 0 },
		{ "M" "a" DOT CIRC "t", 2, 6, 2 },	/* marks stay */
		{ "M" "a" DOT CIRC "t", 1, 1, 1 },
		{ "茶叶x", 3, 3, 2 },			/* 叶 does not fit */
		{ "茶叶x", 4, 6, 4 },
		{ "茶叶x", 1, 0, 0 },
		{ "ab🍯", 3, 2, 2 },
		{ "", 5, 0, 0 },
		{ "ab\xff" "c", 3, 3, 3 },
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
		int used = -1;

		assert_int_equal(vn_fit(t[k].s, t[k].cols, &used),
				 t[k].bytes);
		assert_int_equal(used, t[k].used);
	}
	assert_int_equal(vn_fit(NULL, 5, NULL), 0);
	assert_int_equal(vn_fit("abc", 2, NULL), 2);
}

/* Combining mark U+0300-U+036F at s[i]? */
static int mark_at(const char *s, size_t i)
{
	uint32_t cp;

	utf8_next(s, strlen(s), i, &cp);
	return cp >= 0x300 && cp <= 0x36F;
}

static void test_fit_never_splits(void **state)
{
	static const char *const strs[] = {
		"Mật ong Đắk Lắk ★★★★",
		"M" "a" DOT CIRC "t o" HORN ACUTE "ng " "\xc4\x90" "a" BREVE
		ACUTE "k",
		"茶 tea お茶 🍯 ok",
		"a" GRAVE GRAVE GRAVE "b" "\xe2\x80\x8b" "c",
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(strs) / sizeof(strs[0]); k++) {
		const char *s = strs[k];
		int total = vn_width(s), cols, prev_used = 0;
		size_t prev = 0;

		for (cols = 0; cols <= total + 2; cols++) {
			char buf[128];
			int used;
			size_t n = vn_fit(s, cols, &used);

			assert_true(n <= strlen(s));
			assert_true(used <= cols);
			assert_true(n >= prev && used >= prev_used);
			/* on a code point boundary, not before a mark */
			assert_true(n == strlen(s) ||
				    ((unsigned char)s[n] & 0xC0) != 0x80);
			assert_false(n < strlen(s) && n > 0 && mark_at(s, n));
			/* the prefix is valid UTF-8 of the width reported */
			assert_true(utf8_valid(s, n));
			memcpy(buf, s, n);
			buf[n] = '\0';
			assert_int_equal(vn_width(buf), used);
			prev = n;
			prev_used = used;
		}
		assert_int_equal(prev, strlen(s));
		assert_int_equal(prev_used, total);
	}
}

/* ---- collation ---- */

static int cmp_collate(const void *a, const void *b)
{
	return vn_collate(*(const char *const *)a, *(const char *const *)b);
}

/* Sort a shuffled copy of want and check it comes back in order. */
static void check_sorts(const char *const *want, size_t n)
{
	const char *v[32];
	size_t i;

	assert_true(n <= 32);
	/* reverse, then swap neighbours: far from sorted */
	for (i = 0; i < n; i++)
		v[i] = want[n - 1 - i];
	for (i = 0; i + 1 < n; i += 2) {
		const char *tmp = v[i];

		v[i] = v[i + 1];
		v[i + 1] = tmp;
	}
	qsort(v, n, sizeof(v[0]), cmp_collate);
	for (i = 0; i < n; i++)
		assert_string_equal(v[i], want[i]);
	/* strictly increasing, and antisymmetric */
	for (i = 0; i + 1 < n; i++) {
		assert_true(vn_collate(want[i], want[i + 1]) < 0);
		assert_true(vn_collate(want[i + 1], want[i]) > 0);
	}
}

static void test_collate_alphabet(void **state)
{
	static const char *const letters[] = {
		"a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "h", "i",
		"o", "ô", "ơ", "p", "u", "ư", "v", "y",
	};
	static const char *const tone_order[] = {
		"ca", "cà", "cả", "cã", "cá", "cạ",
	};
	static const char *const words[] = {
		"1 kg", "500g", "an", "ăn", "ân", "Bắc Giang", "Bắc Ninh",
		"Bến Tre", "dừa", "Dừa", "dz", "đa", "Đà Nẵng", "em", "êm",
		"hoa", "hoà", "hòa", "hỏa", "ô mai", "ơi", "Ư", "zz",
	};

	(void)state;
	check_sorts(letters, sizeof(letters) / sizeof(letters[0]));
	check_sorts(tone_order, sizeof(tone_order) / sizeof(tone_order[0]));
	check_sorts(words, sizeof(words) / sizeof(words[0]));
}

static void test_collate_levels(void **state)
{
	(void)state;
	/* letters first, then tones: "cá" < "cab" though á > a */
	assert_true(vn_collate("cá", "cab") < 0);
	assert_true(vn_collate("cạ", "cb") < 0);
	/* case is tertiary: after letters and tones */
	assert_true(vn_collate("a", "A") < 0);
	assert_true(vn_collate("A", "b") < 0);
	assert_true(vn_collate("Á", "à") > 0);	/* tone beats case */
	assert_true(vn_collate("Bắc", "bắc") > 0);
	/* đ is a letter of its own after d, whatever follows */
	assert_true(vn_collate("dzzz", "đa") < 0);
	assert_true(vn_collate("Đ", "d") > 0);
	/* prefix first */
	assert_true(vn_collate("mật", "mật ong") < 0);
	assert_true(vn_collate("", "a") < 0);
	assert_true(vn_collate(NULL, "") == 0);
	assert_true(vn_collate(NULL, "a") < 0);
	/* equal only when identical */
	assert_int_equal(vn_collate("Mật ong", "Mật ong"), 0);
	assert_true(vn_collate("ab\xff", "ab\xfe") != 0);
}

static void test_collate_nfd(void **state)
{
	/* NFD input sorts exactly like its NFC form */
	static const char *const nfc[] = {
		"ca", "cà", "cả", "cã", "cá", "cạ", "câ", "cấ", "cơ", "cờ",
		"Cư", "đá", "mật",
	};
	static const char *const nfd[] = {
		"ca", "ca" GRAVE, "ca" HOOK, "ca" TILDE, "ca" ACUTE, "ca" DOT,
		"ca" CIRC, "ca" ACUTE CIRC, "co" HORN, "co" HORN GRAVE,
		"Cu" HORN, "\xc4\x91" "a" ACUTE, "ma" DOT CIRC "t",
	};
	size_t i, j, n = sizeof(nfc) / sizeof(nfc[0]);

	(void)state;
	for (i = 0; i < n; i++) {
		for (j = 0; j < n; j++) {
			int want = vn_collate(nfc[i], nfc[j]);

			if (i == j) {
				/* same text: only the byte tie-break differs */
				assert_int_equal(want, 0);
				continue;
			}
			assert_int_equal(vn_collate(nfd[i], nfd[j]) > 0, want > 0);
			assert_int_equal(vn_collate(nfd[i], nfc[j]) > 0, want > 0);
			assert_int_equal(vn_collate(nfc[i], nfd[j]) > 0, want > 0);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_next),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_fold_every_letter),
		cmocka_unit_test(test_fold_examples),
		cmocka_unit_test(test_fold_same_key),
		cmocka_unit_test(test_fold_truncates_like_snprintf),
		cmocka_unit_test(test_nfc_every_letter),
		cmocka_unit_test(test_nfc_examples),
		cmocka_unit_test(test_nfc_errors),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_fit_examples),
		cmocka_unit_test(test_fit_never_splits),
		cmocka_unit_test(test_collate_alphabet),
		cmocka_unit_test(test_collate_levels),
		cmocka_unit_test(test_collate_nfd),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
