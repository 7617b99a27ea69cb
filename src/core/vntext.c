/*
 * vntext.c - Vietnamese UTF-8 text without ICU (see vntext.h).
 *
 * Design: everything rests on two kinds of const tables.
 *
 * vn_letters[] lists the 134 precomposed Vietnamese letters sorted by code
 * point; each entry gives the ASCII base letter (with its case), the
 * letter mark (circumflex, breve, horn, or the stroke of đ) and the tone.
 * Decomposing is a binary search; composing a (base, mark, tone) triple
 * back is a linear scan, done only by vn_nfc.  Tones are numbered in
 * Vietnamese collation order (none, huyền, hỏi, ngã, sắc, nặng) so the
 * number is also the secondary collation weight.
 *
 * vn_zero_width[] and vn_wide[] are code point ranges for vn_width and
 * vn_fit.  They were generated from the Unicode 14 character database
 * (general categories Mn, Me, Cf plus the Hangul medial vowels U+1160-
 * U+11FF are zero width; East Asian Width W and F are two columns), the
 * same rule wcwidth() implementations use.
 *
 * A letter followed by combining marks is handled the same way by the
 * composer and the collator (struct vn_cluster): the marks are absorbed
 * one at a time into the letter's (mark, tone) state as long as the
 * result is a real Vietnamese letter, whatever order they come in.  The
 * fold needs no such care: it drops every mark.
 */
#include "vntext.h"

#include <limits.h>
#include <string.h>

#include "lib/err.h"

enum vn_mark { VN_NOMARK, VN_CIRC, VN_BREVE, VN_HORN, VN_STROKE };
enum vn_tone { VN_NOTONE, VN_GRAVE, VN_HOOK, VN_TILDE, VN_ACUTE, VN_DOT };

struct vn_letter {
	uint16_t cp;
	char base;		/* ASCII base letter, same case as cp */
	unsigned char mark;	/* enum vn_mark */
	unsigned char tone;	/* enum vn_tone */
};

struct vn_range {
	uint32_t lo, hi;
};

static const struct vn_letter vn_letters[] = {
	{ 0x00C0, 'A', 0, VN_GRAVE },	/* À */
	{ 0x00C1, 'A', 0, VN_ACUTE },	/* Á */
	{ 0x00C2, 'A', VN_CIRC, 0 },	/* Â */
	{ 0x00C3, 'A', 0, VN_TILDE },	/* Ã */
	{ 0x00C8, 'E', 0, VN_GRAVE },	/* È */
	{ 0x00C9, 'E', 0, VN_ACUTE },	/* É */
	{ 0x00CA, 'E', VN_CIRC, 0 },	/* Ê */
	{ 0x00CC, 'I', 0, VN_GRAVE },	/* Ì */
	{ 0x00CD, 'I', 0, VN_ACUTE },	/* Í */
	{ 0x00D2, 'O', 0, VN_GRAVE },	/* Ò */
	{ 0x00D3, 'O', 0, VN_ACUTE },	/* Ó */
	{ 0x00D4, 'O', VN_CIRC, 0 },	/* Ô */
	{ 0x00D5, 'O', 0, VN_TILDE },	/* Õ */
	{ 0x00D9, 'U', 0, VN_GRAVE },	/* Ù */
	{ 0x00DA, 'U', 0, VN_ACUTE },	/* Ú */
	{ 0x00DD, 'Y', 0, VN_ACUTE },	/* Ý */
	{ 0x00E0, 'a', 0, VN_GRAVE },	/* à */
	{ 0x00E1, 'a', 0, VN_ACUTE },	/* á */
	{ 0x00E2, 'a', VN_CIRC, 0 },	/* â */
	{ 0x00E3, 'a', 0, VN_TILDE },	/* ã */
	{ 0x00E8, 'e', 0, VN_GRAVE },	/* è */
	{ 0x00E9, 'e', 0, VN_ACUTE },	/* é */
	{ 0x00EA, 'e', VN_CIRC, 0 },	/* ê */
	{ 0x00EC, 'i', 0, VN_GRAVE },	/* ì */
	{ 0x00ED, 'i', 0, VN_ACUTE },	/* í */
	{ 0x00F2, 'o', 0, VN_GRAVE },	/* ò */
	{ 0x00F3, 'o', 0, VN_ACUTE },	/* ó */
	{ 0x00F4, 'o', VN_CIRC, 0 },	/* ô */
	{ 0x00F5, 'o', 0, VN_TILDE },	/* õ */
	{ 0x00F9, 'u', 0, VN_GRAVE },	/* ù */
	{ 0x00FA, 'u', 0, VN_ACUTE },	/* ú */
	{ 0x00FD, 'y', 0, VN_ACUTE },	/* ý */
	{ 0x0102, 'A', VN_BREVE, 0 },	/* Ă */
	{ 0x0103, 'a', VN_BREVE, 0 },	/* ă */
	{ 0x0110, 'D', VN_STROKE, 0 },	/* Đ */
	{ 0x0111, 'd', VN_STROKE, 0 },	/* đ */
	{ 0x0128, 'I', 0, VN_TILDE },	/* Ĩ */
	{ 0x0129, 'i', 0, VN_TILDE },	/* ĩ */
	{ 0x0168, 'U', 0, VN_TILDE },	/* Ũ */
	{ 0x0169, 'u', 0, VN_TILDE },	/* ũ */
	{ 0x01A0, 'O', VN_HORN, 0 },	/* Ơ */
	{ 0x01A1, 'o', VN_HORN, 0 },	/* ơ */
	{ 0x01AF, 'U', VN_HORN, 0 },	/* Ư */
	{ 0x01B0, 'u', VN_HORN, 0 },	/* ư */
	{ 0x1EA0, 'A', 0, VN_DOT },	/* Ạ */
	{ 0x1EA1, 'a', 0, VN_DOT },	/* ạ */
	{ 0x1EA2, 'A', 0, VN_HOOK },	/* Ả */
	{ 0x1EA3, 'a', 0, VN_HOOK },	/* ả */
	{ 0x1EA4, 'A', VN_CIRC, VN_ACUTE },	/* Ấ */
	{ 0x1EA5, 'a', VN_CIRC, VN_ACUTE },	/* ấ */
	{ 0x1EA6, 'A', VN_CIRC, VN_GRAVE },	/* Ầ */
	{ 0x1EA7, 'a', VN_CIRC, VN_GRAVE },	/* ầ */
	{ 0x1EA8, 'A', VN_CIRC, VN_HOOK },	/* Ẩ */
	{ 0x1EA9, 'a', VN_CIRC, VN_HOOK },	/* ẩ */
	{ 0x1EAA, 'A', VN_CIRC, VN_TILDE },	/* Ẫ */
	{ 0x1EAB, 'a', VN_CIRC, VN_TILDE },	/* ẫ */
	{ 0x1EAC, 'A', VN_CIRC, VN_DOT },	/* Ậ */
	{ 0x1EAD, 'a', VN_CIRC, VN_DOT },	/* ậ */
	{ 0x1EAE, 'A', VN_BREVE, VN_ACUTE },	/* Ắ */
	{ 0x1EAF, 'a', VN_BREVE, VN_ACUTE },	/* ắ */
	{ 0x1EB0, 'A', VN_BREVE, VN_GRAVE },	/* Ằ */
	{ 0x1EB1, 'a', VN_BREVE, VN_GRAVE },	/* ằ */
	{ 0x1EB2, 'A', VN_BREVE, VN_HOOK },	/* Ẳ */
	{ 0x1EB3, 'a', VN_BREVE, VN_HOOK },	/* ẳ */
	{ 0x1EB4, 'A', VN_BREVE, VN_TILDE },	/* Ẵ */
	{ 0x1EB5, 'a', VN_BREVE, VN_TILDE },	/* ẵ */
	{ 0x1EB6, 'A', VN_BREVE, VN_DOT },	/* Ặ */
	{ 0x1EB7, 'a', VN_BREVE, VN_DOT },	/* ặ */
	{ 0x1EB8, 'E', 0, VN_DOT },	/* Ẹ */
	{ 0x1EB9, 'e', 0, VN_DOT },	/* ẹ */
	{ 0x1EBA, 'E', 0, VN_HOOK },	/* Ẻ */
	{ 0x1EBB, 'e', 0, VN_HOOK },	/* ẻ */
	{ 0x1EBC, 'E', 0, VN_TILDE },	/* Ẽ */
	{ 0x1EBD, 'e', 0, VN_TILDE },	/* ẽ */
	{ 0x1EBE, 'E', VN_CIRC, VN_ACUTE },	/* Ế */
	{ 0x1EBF, 'e', VN_CIRC, VN_ACUTE },	/* ế */
	{ 0x1EC0, 'E', VN_CIRC, VN_GRAVE },	/* Ề */
	{ 0x1EC1, 'e', VN_CIRC, VN_GRAVE },	/* ề */
	{ 0x1EC2, 'E', VN_CIRC, VN_HOOK },	/* Ể */
	{ 0x1EC3, 'e', VN_CIRC, VN_HOOK },	/* ể */
	{ 0x1EC4, 'E', VN_CIRC, VN_TILDE },	/* Ễ */
	{ 0x1EC5, 'e', VN_CIRC, VN_TILDE },	/* ễ */
	{ 0x1EC6, 'E', VN_CIRC, VN_DOT },	/* Ệ */
	{ 0x1EC7, 'e', VN_CIRC, VN_DOT },	/* ệ */
	{ 0x1EC8, 'I', 0, VN_HOOK },	/* Ỉ */
	{ 0x1EC9, 'i', 0, VN_HOOK },	/* ỉ */
	{ 0x1ECA, 'I', 0, VN_DOT },	/* Ị */
	{ 0x1ECB, 'i', 0, VN_DOT },	/* ị */
	{ 0x1ECC, 'O', 0, VN_DOT },	/* Ọ */
	{ 0x1ECD, 'o', 0, VN_DOT },	/* ọ */
	{ 0x1ECE, 'O', 0, VN_HOOK },	/* Ỏ */
	{ 0x1ECF, 'o', 0, VN_HOOK },	/* ỏ */
	{ 0x1ED0, 'O', VN_CIRC, VN_ACUTE },	/* Ố */
	{ 0x1ED1, 'o', VN_CIRC, VN_ACUTE },	/* ố */
	{ 0x1ED2, 'O', VN_CIRC, VN_GRAVE },	/* Ồ */
	{ 0x1ED3, 'o', VN_CIRC, VN_GRAVE },	/* ồ */
	{ 0x1ED4, 'O', VN_CIRC, VN_HOOK },	/* Ổ */
	{ 0x1ED5, 'o', VN_CIRC, VN_HOOK },	/* ổ */
	{ 0x1ED6, 'O', VN_CIRC, VN_TILDE },	/* Ỗ */
	{ 0x1ED7, 'o', VN_CIRC, VN_TILDE },	/* ỗ */
	{ 0x1ED8, 'O', VN_CIRC, VN_DOT },	/* Ộ */
	{ 0x1ED9, 'o', VN_CIRC, VN_DOT },	/* ộ */
	{ 0x1EDA, 'O', VN_HORN, VN_ACUTE },	/* Ớ */
	{ 0x1EDB, 'o', VN_HORN, VN_ACUTE },	/* ớ */
	{ 0x1EDC, 'O', VN_HORN, VN_GRAVE },	/* Ờ */
	{ 0x1EDD, 'o', VN_HORN, VN_GRAVE },	/* ờ */
	{ 0x1EDE, 'O', VN_HORN, VN_HOOK },	/* Ở */
	{ 0x1EDF, 'o', VN_HORN, VN_HOOK },	/* ở */
	{ 0x1EE0, 'O', VN_HORN, VN_TILDE },	/* Ỡ */
	{ 0x1EE1, 'o', VN_HORN, VN_TILDE },	/* ỡ */
	{ 0x1EE2, 'O', VN_HORN, VN_DOT },	/* Ợ */
	{ 0x1EE3, 'o', VN_HORN, VN_DOT },	/* ợ */
	{ 0x1EE4, 'U', 0, VN_DOT },	/* Ụ */
	{ 0x1EE5, 'u', 0, VN_DOT },	/* ụ */
	{ 0x1EE6, 'U', 0, VN_HOOK },	/* Ủ */
	{ 0x1EE7, 'u', 0, VN_HOOK },	/* ủ */
	{ 0x1EE8, 'U', VN_HORN, VN_ACUTE },	/* Ứ */
	{ 0x1EE9, 'u', VN_HORN, VN_ACUTE },	/* ứ */
	{ 0x1EEA, 'U', VN_HORN, VN_GRAVE },	/* Ừ */
	{ 0x1EEB, 'u', VN_HORN, VN_GRAVE },	/* ừ */
	{ 0x1EEC, 'U', VN_HORN, VN_HOOK },	/* Ử */
	{ 0x1EED, 'u', VN_HORN, VN_HOOK },	/* ử */
	{ 0x1EEE, 'U', VN_HORN, VN_TILDE },	/* Ữ */
	{ 0x1EEF, 'u', VN_HORN, VN_TILDE },	/* ữ */
	{ 0x1EF0, 'U', VN_HORN, VN_DOT },	/* Ự */
	{ 0x1EF1, 'u', VN_HORN, VN_DOT },	/* ự */
	{ 0x1EF2, 'Y', 0, VN_GRAVE },	/* Ỳ */
	{ 0x1EF3, 'y', 0, VN_GRAVE },	/* ỳ */
	{ 0x1EF4, 'Y', 0, VN_DOT },	/* Ỵ */
	{ 0x1EF5, 'y', 0, VN_DOT },	/* ỵ */
	{ 0x1EF6, 'Y', 0, VN_HOOK },	/* Ỷ */
	{ 0x1EF7, 'y', 0, VN_HOOK },	/* ỷ */
	{ 0x1EF8, 'Y', 0, VN_TILDE },	/* Ỹ */
	{ 0x1EF9, 'y', 0, VN_TILDE },	/* ỹ */
};

#define VN_NLETTERS (sizeof(vn_letters) / sizeof(vn_letters[0]))

static const struct vn_range vn_zero_width[] = {
	{ 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD },
	{ 0x05BF, 0x05BF }, { 0x05C1, 0x05C2 }, { 0x05C4, 0x05C5 },
	{ 0x05C7, 0x05C7 }, { 0x0600, 0x0605 }, { 0x0610, 0x061A },
	{ 0x061C, 0x061C }, { 0x064B, 0x065F }, { 0x0670, 0x0670 },
	{ 0x06D6, 0x06DD }, { 0x06DF, 0x06E4 }, { 0x06E7, 0x06E8 },
	{ 0x06EA, 0x06ED }, { 0x070F, 0x070F }, { 0x0711, 0x0711 },
	{ 0x0730, 0x074A }, { 0x07A6, 0x07B0 }, { 0x07EB, 0x07F3 },
	{ 0x07FD, 0x07FD }, { 0x0816, 0x0819 }, { 0x081B, 0x0823 },
	{ 0x0825, 0x0827 }, { 0x0829, 0x082D }, { 0x0859, 0x085B },
	{ 0x0890, 0x0891 }, { 0x0898, 0x089F }, { 0x08CA, 0x0902 },
	{ 0x093A, 0x093A }, { 0x093C, 0x093C }, { 0x0941, 0x0948 },
	{ 0x094D, 0x094D }, { 0x0951, 0x0957 }, { 0x0962, 0x0963 },
	{ 0x0981, 0x0981 }, { 0x09BC, 0x09BC }, { 0x09C1, 0x09C4 },
	{ 0x09CD, 0x09CD }, { 0x09E2, 0x09E3 }, { 0x09FE, 0x09FE },
	{ 0x0A01, 0x0A02 }, { 0x0A3C, 0x0A3C }, { 0x0A41, 0x0A42 },
	{ 0x0A47, 0x0A48 }, { 0x0A4B, 0x0A4D }, { 0x0A51, 0x0A51 },
	{ 0x0A70, 0x0A71 }, { 0x0A75, 0x0A75 }, { 0x0A81, 0x0A82 },
	{ 0x0ABC, 0x0ABC }, { 0x0AC1, 0x0AC5 }, { 0x0AC7, 0x0AC8 },
	{ 0x0ACD, 0x0ACD }, { 0x0AE2, 0x0AE3 }, { 0x0AFA, 0x0AFF },
	{ 0x0B01, 0x0B01 }, { 0x0B3C, 0x0B3C }, { 0x0B3F, 0x0B3F },
	{ 0x0B41, 0x0B44 }, { 0x0B4D, 0x0B4D }, { 0x0B55, 0x0B56 },
	{ 0x0B62, 0x0B63 }, { 0x0B82, 0x0B82 }, { 0x0BC0, 0x0BC0 },
	{ 0x0BCD, 0x0BCD }, { 0x0C00, 0x0C00 }, { 0x0C04, 0x0C04 },
	{ 0x0C3C, 0x0C3C }, { 0x0C3E, 0x0C40 }, { 0x0C46, 0x0C48 },
	{ 0x0C4A, 0x0C4D }, { 0x0C55, 0x0C56 }, { 0x0C62, 0x0C63 },
	{ 0x0C81, 0x0C81 }, { 0x0CBC, 0x0CBC }, { 0x0CBF, 0x0CBF },
	{ 0x0CC6, 0x0CC6 }, { 0x0CCC, 0x0CCD }, { 0x0CE2, 0x0CE3 },
	{ 0x0D00, 0x0D01 }, { 0x0D3B, 0x0D3C }, { 0x0D41, 0x0D44 },
	{ 0x0D4D, 0x0D4D }, { 0x0D62, 0x0D63 }, { 0x0D81, 0x0D81 },
	{ 0x0DCA, 0x0DCA }, { 0x0DD2, 0x0DD4 }, { 0x0DD6, 0x0DD6 },
	{ 0x0E31, 0x0E31 }, { 0x0E34, 0x0E3A }, { 0x0E47, 0x0E4E },
	{ 0x0EB1, 0x0EB1 }, { 0x0EB4, 0x0EBC }, { 0x0EC8, 0x0ECD },
	{ 0x0F18, 0x0F19 }, { 0x0F35, 0x0F35 }, { 0x0F37, 0x0F37 },
	{ 0x0F39, 0x0F39 }, { 0x0F71, 0x0F7E }, { 0x0F80, 0x0F84 },
	{ 0x0F86, 0x0F87 }, { 0x0F8D, 0x0F97 }, { 0x0F99, 0x0FBC },
	{ 0x0FC6, 0x0FC6 }, { 0x102D, 0x1030 }, { 0x1032, 0x1037 },
	{ 0x1039, 0x103A }, { 0x103D, 0x103E }, { 0x1058, 0x1059 },
	{ 0x105E, 0x1060 }, { 0x1071, 0x1074 }, { 0x1082, 0x1082 },
	{ 0x1085, 0x1086 }, { 0x108D, 0x108D }, { 0x109D, 0x109D },
	{ 0x1160, 0x11FF }, { 0x135D, 0x135F }, { 0x1712, 0x1714 },
	{ 0x1732, 0x1733 }, { 0x1752, 0x1753 }, { 0x1772, 0x1773 },
	{ 0x17B4, 0x17B5 }, { 0x17B7, 0x17BD }, { 0x17C6, 0x17C6 },
	{ 0x17C9, 0x17D3 }, { 0x17DD, 0x17DD }, { 0x180B, 0x180F },
	{ 0x1885, 0x1886 }, { 0x18A9, 0x18A9 }, { 0x1920, 0x1922 },
	{ 0x1927, 0x1928 }, { 0x1932, 0x1932 }, { 0x1939, 0x193B },
	{ 0x1A17, 0x1A18 }, { 0x1A1B, 0x1A1B }, { 0x1A56, 0x1A56 },
	{ 0x1A58, 0x1A5E }, { 0x1A60, 0x1A60 }, { 0x1A62, 0x1A62 },
	{ 0x1A65, 0x1A6C }, { 0x1A73, 0x1A7C }, { 0x1A7F, 0x1A7F },
	{ 0x1AB0, 0x1ACE }, { 0x1B00, 0x1B03 }, { 0x1B34, 0x1B34 },
	{ 0x1B36, 0x1B3A }, { 0x1B3C, 0x1B3C }, { 0x1B42, 0x1B42 },
	{ 0x1B6B, 0x1B73 }, { 0x1B80, 0x1B81 }, { 0x1BA2, 0x1BA5 },
	{ 0x1BA8, 0x1BA9 }, { 0x1BAB, 0x1BAD }, { 0x1BE6, 0x1BE6 },
	{ 0x1BE8, 0x1BE9 }, { 0x1BED, 0x1BED }, { 0x1BEF, 0x1BF1 },
	{ 0x1C2C, 0x1C33 }, { 0x1C36, 0x1C37 }, { 0x1CD0, 0x1CD2 },
	{ 0x1CD4, 0x1CE0 }, { 0x1CE2, 0x1CE8 }, { 0x1CED, 0x1CED },
	{ 0x1CF4, 0x1CF4 }, { 0x1CF8, 0x1CF9 }, { 0x1DC0, 0x1DFF },
	{ 0x200B, 0x200F }, { 0x202A, 0x202E }, { 0x2060, 0x2064 },
	{ 0x2066, 0x206F }, { 0x20D0, 0x20F0 }, { 0x2CEF, 0x2CF1 },
	{ 0x2D7F, 0x2D7F }, { 0x2DE0, 0x2DFF }, { 0x302A, 0x302D },
	{ 0x3099, 0x309A }, { 0xA66F, 0xA672 }, { 0xA674, 0xA67D },
	{ 0xA69E, 0xA69F }, { 0xA6F0, 0xA6F1 }, { 0xA802, 0xA802 },
	{ 0xA806, 0xA806 }, { 0xA80B, 0xA80B }, { 0xA825, 0xA826 },
	{ 0xA82C, 0xA82C }, { 0xA8C4, 0xA8C5 }, { 0xA8E0, 0xA8F1 },
	{ 0xA8FF, 0xA8FF }, { 0xA926, 0xA92D }, { 0xA947, 0xA951 },
	{ 0xA980, 0xA982 }, { 0xA9B3, 0xA9B3 }, { 0xA9B6, 0xA9B9 },
	{ 0xA9BC, 0xA9BD }, { 0xA9E5, 0xA9E5 }, { 0xAA29, 0xAA2E },
	{ 0xAA31, 0xAA32 }, { 0xAA35, 0xAA36 }, { 0xAA43, 0xAA43 },
	{ 0xAA4C, 0xAA4C }, { 0xAA7C, 0xAA7C }, { 0xAAB0, 0xAAB0 },
	{ 0xAAB2, 0xAAB4 }, { 0xAAB7, 0xAAB8 }, { 0xAABE, 0xAABF },
	{ 0xAAC1, 0xAAC1 }, { 0xAAEC, 0xAAED }, { 0xAAF6, 0xAAF6 },
	{ 0xABE5, 0xABE5 }, { 0xABE8, 0xABE8 }, { 0xABED, 0xABED },
	{ 0xFB1E, 0xFB1E }, { 0xFE00, 0xFE0F }, { 0xFE20, 0xFE2F },
	{ 0xFEFF, 0xFEFF }, { 0xFFF9, 0xFFFB }, { 0x101FD, 0x101FD },
	{ 0x102E0, 0x102E0 }, { 0x10376, 0x1037A }, { 0x10A01, 0x10A03 },
	{ 0x10A05, 0x10A06 }, { 0x10A0C, 0x10A0F }, { 0x10A38, 0x10A3A },
	{ 0x10A3F, 0x10A3F }, { 0x10AE5, 0x10AE6 }, { 0x10D24, 0x10D27 },
	{ 0x10EAB, 0x10EAC }, { 0x10F46, 0x10F50 }, { 0x10F82, 0x10F85 },
	{ 0x11001, 0x11001 }, { 0x11038, 0x11046 }, { 0x11070, 0x11070 },
	{ 0x11073, 0x11074 }, { 0x1107F, 0x11081 }, { 0x110B3, 0x110B6 },
	{ 0x110B9, 0x110BA }, { 0x110BD, 0x110BD }, { 0x110C2, 0x110C2 },
	{ 0x110CD, 0x110CD }, { 0x11100, 0x11102 }, { 0x11127, 0x1112B },
	{ 0x1112D, 0x11134 }, { 0x11173, 0x11173 }, { 0x11180, 0x11181 },
	{ 0x111B6, 0x111BE }, { 0x111C9, 0x111CC }, { 0x111CF, 0x111CF },
	{ 0x1122F, 0x11231 }, { 0x11234, 0x11234 }, { 0x11236, 0x11237 },
	{ 0x1123E, 0x1123E }, { 0x112DF, 0x112DF }, { 0x112E3, 0x112EA },
	{ 0x11300, 0x11301 }, { 0x1133B, 0x1133C }, { 0x11340, 0x11340 },
	{ 0x11366, 0x1136C }, { 0x11370, 0x11374 }, { 0x11438, 0x1143F },
	{ 0x11442, 0x11444 }, { 0x11446, 0x11446 }, { 0x1145E, 0x1145E },
	{ 0x114B3, 0x114B8 }, { 0x114BA, 0x114BA }, { 0x114BF, 0x114C0 },
	{ 0x114C2, 0x114C3 }, { 0x115B2, 0x115B5 }, { 0x115BC, 0x115BD },
	{ 0x115BF, 0x115C0 }, { 0x115DC, 0x115DD }, { 0x11633, 0x1163A },
	{ 0x1163D, 0x1163D }, { 0x1163F, 0x11640 }, { 0x116AB, 0x116AB },
	{ 0x116AD, 0x116AD }, { 0x116B0, 0x116B5 }, { 0x116B7, 0x116B7 },
	{ 0x1171D, 0x1171F }, { 0x11722, 0x11725 }, { 0x11727, 0x1172B },
	{ 0x1182F, 0x11837 }, { 0x11839, 0x1183A }, { 0x1193B, 0x1193C },
	{ 0x1193E, 0x1193E }, { 0x11943, 0x11943 }, { 0x119D4, 0x119D7 },
	{ 0x119DA, 0x119DB }, { 0x119E0, 0x119E0 }, { 0x11A01, 0x11A0A },
	{ 0x11A33, 0x11A38 }, { 0x11A3B, 0x11A3E }, { 0x11A47, 0x11A47 },
	{ 0x11A51, 0x11A56 }, { 0x11A59, 0x11A5B }, { 0x11A8A, 0x11A96 },
	{ 0x11A98, 0x11A99 }, { 0x11C30, 0x11C36 }, { 0x11C38, 0x11C3D },
	{ 0x11C3F, 0x11C3F }, { 0x11C92, 0x11CA7 }, { 0x11CAA, 0x11CB0 },
	{ 0x11CB2, 0x11CB3 }, { 0x11CB5, 0x11CB6 }, { 0x11D31, 0x11D36 },
	{ 0x11D3A, 0x11D3A }, { 0x11D3C, 0x11D3D }, { 0x11D3F, 0x11D45 },
	{ 0x11D47, 0x11D47 }, { 0x11D90, 0x11D91 }, { 0x11D95, 0x11D95 },
	{ 0x11D97, 0x11D97 }, { 0x11EF3, 0x11EF4 }, { 0x13430, 0x13438 },
	{ 0x16AF0, 0x16AF4 }, { 0x16B30, 0x16B36 }, { 0x16F4F, 0x16F4F },
	{ 0x16F8F, 0x16F92 }, { 0x16FE4, 0x16FE4 }, { 0x1BC9D, 0x1BC9E },
	{ 0x1BCA0, 0x1BCA3 }, { 0x1CF00, 0x1CF2D }, { 0x1CF30, 0x1CF46 },
	{ 0x1D167, 0x1D169 }, { 0x1D173, 0x1D182 }, { 0x1D185, 0x1D18B },
	{ 0x1D1AA, 0x1D1AD }, { 0x1D242, 0x1D244 }, { 0x1DA00, 0x1DA36 },
	{ 0x1DA3B, 0x1DA6C }, { 0x1DA75, 0x1DA75 }, { 0x1DA84, 0x1DA84 },
	{ 0x1DA9B, 0x1DA9F }, { 0x1DAA1, 0x1DAAF }, { 0x1E000, 0x1E006 },
	{ 0x1E008, 0x1E018 }, { 0x1E01B, 0x1E021 }, { 0x1E023, 0x1E024 },
	{ 0x1E026, 0x1E02A }, { 0x1E130, 0x1E136 }, { 0x1E2AE, 0x1E2AE },
	{ 0x1E2EC, 0x1E2EF }, { 0x1E8D0, 0x1E8D6 }, { 0x1E944, 0x1E94A },
	{ 0xE0001, 0xE0001 }, { 0xE0020, 0xE007F }, { 0xE0100, 0xE01EF },
};
static const struct vn_range vn_wide[] = {
	{ 0x1100, 0x115F }, { 0x231A, 0x231B }, { 0x2329, 0x232A },
	{ 0x23E9, 0x23EC }, { 0x23F0, 0x23F0 }, { 0x23F3, 0x23F3 },
	{ 0x25FD, 0x25FE }, { 0x2614, 0x2615 }, { 0x2648, 0x2653 },
	{ 0x267F, 0x267F }, { 0x2693, 0x2693 }, { 0x26A1, 0x26A1 },
	{ 0x26AA, 0x26AB }, { 0x26BD, 0x26BE }, { 0x26C4, 0x26C5 },
	{ 0x26CE, 0x26CE }, { 0x26D4, 0x26D4 }, { 0x26EA, 0x26EA },
	{ 0x26F2, 0x26F3 }, { 0x26F5, 0x26F5 }, { 0x26FA, 0x26FA },
	{ 0x26FD, 0x26FD }, { 0x2705, 0x2705 }, { 0x270A, 0x270B },
	{ 0x2728, 0x2728 }, { 0x274C, 0x274C }, { 0x274E, 0x274E },
	{ 0x2753, 0x2755 }, { 0x2757, 0x2757 }, { 0x2795, 0x2797 },
	{ 0x27B0, 0x27B0 }, { 0x27BF, 0x27BF }, { 0x2B1B, 0x2B1C },
	{ 0x2B50, 0x2B50 }, { 0x2B55, 0x2B55 }, { 0x2E80, 0x2E99 },
	{ 0x2E9B, 0x2EF3 }, { 0x2F00, 0x2FD5 }, { 0x2FF0, 0x2FFB },
	{ 0x3000, 0x3029 }, { 0x302E, 0x303E }, { 0x3041, 0x3096 },
	{ 0x309B, 0x30FF }, { 0x3105, 0x312F }, { 0x3131, 0x318E },
	{ 0x3190, 0x31E3 }, { 0x31F0, 0x321E }, { 0x3220, 0x3247 },
	{ 0x3250, 0x4DBF }, { 0x4E00, 0xA48C }, { 0xA490, 0xA4C6 },
	{ 0xA960, 0xA97C }, { 0xAC00, 0xD7A3 }, { 0xF900, 0xFA6D },
	{ 0xFA70, 0xFAD9 }, { 0xFE10, 0xFE19 }, { 0xFE30, 0xFE52 },
	{ 0xFE54, 0xFE66 }, { 0xFE68, 0xFE6B }, { 0xFF01, 0xFF60 },
	{ 0xFFE0, 0xFFE6 }, { 0x16FE0, 0x16FE3 }, { 0x16FF0, 0x16FF1 },
	{ 0x17000, 0x187F7 }, { 0x18800, 0x18CD5 }, { 0x18D00, 0x18D08 },
	{ 0x1AFF0, 0x1AFF3 }, { 0x1AFF5, 0x1AFFB }, { 0x1AFFD, 0x1AFFE },
	{ 0x1B000, 0x1B122 }, { 0x1B150, 0x1B152 }, { 0x1B164, 0x1B167 },
	{ 0x1B170, 0x1B2FB }, { 0x1F004, 0x1F004 }, { 0x1F0CF, 0x1F0CF },
	{ 0x1F18E, 0x1F18E }, { 0x1F191, 0x1F19A }, { 0x1F200, 0x1F202 },
	{ 0x1F210, 0x1F23B }, { 0x1F240, 0x1F248 }, { 0x1F250, 0x1F251 },
	{ 0x1F260, 0x1F265 }, { 0x1F300, 0x1F320 }, { 0x1F32D, 0x1F335 },
	{ 0x1F337, 0x1F37C }, { 0x1F37E, 0x1F393 }, { 0x1F3A0, 0x1F3CA },
	{ 0x1F3CF, 0x1F3D3 }, { 0x1F3E0, 0x1F3F0 }, { 0x1F3F4, 0x1F3F4 },
	{ 0x1F3F8, 0x1F43E }, { 0x1F440, 0x1F440 }, { 0x1F442, 0x1F4FC },
	{ 0x1F4FF, 0x1F53D }, { 0x1F54B, 0x1F54E }, { 0x1F550, 0x1F567 },
	{ 0x1F57A, 0x1F57A }, { 0x1F595, 0x1F596 }, { 0x1F5A4, 0x1F5A4 },
	{ 0x1F5FB, 0x1F64F }, { 0x1F680, 0x1F6C5 }, { 0x1F6CC, 0x1F6CC },
	{ 0x1F6D0, 0x1F6D2 }, { 0x1F6D5, 0x1F6D7 }, { 0x1F6DD, 0x1F6DF },
	{ 0x1F6EB, 0x1F6EC }, { 0x1F6F4, 0x1F6FC }, { 0x1F7E0, 0x1F7EB },
	{ 0x1F7F0, 0x1F7F0 }, { 0x1F90C, 0x1F93A }, { 0x1F93C, 0x1F945 },
	{ 0x1F947, 0x1F9FF }, { 0x1FA70, 0x1FA74 }, { 0x1FA78, 0x1FA7C },
	{ 0x1FA80, 0x1FA86 }, { 0x1FA90, 0x1FAAC }, { 0x1FAB0, 0x1FABA },
	{ 0x1FAC0, 0x1FAC5 }, { 0x1FAD0, 0x1FAD9 }, { 0x1FAE0, 0x1FAE7 },
	{ 0x1FAF0, 0x1FAF6 }, { 0x20000, 0x3FFFD },
};

/* ---- tables ---- */

static const struct vn_letter *letter_find(uint32_t cp)
{
	size_t lo = 0, hi = VN_NLETTERS;

	if (cp < 0xC0 || cp > 0x1EF9)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (vn_letters[mid].cp == cp)
			return &vn_letters[mid];
		if (vn_letters[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The code point of base + mark + tone, or 0 when there is none. */
static uint32_t letter_compose(char base, int mark, int tone)
{
	size_t k;

	if (mark == VN_NOMARK && tone == VN_NOTONE)
		return (unsigned char)base;
	for (k = 0; k < VN_NLETTERS; k++) {
		const struct vn_letter *l = &vn_letters[k];

		if (l->base == base && l->mark == mark && l->tone == tone)
			return l->cp;
	}
	return 0;
}

static int in_ranges(const struct vn_range *r, size_t n, uint32_t cp)
{
	size_t lo = 0, hi = n;

	if (n == 0 || cp < r[0].lo || cp > r[n - 1].hi)
		return 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

static int is_zero_width(uint32_t cp)
{
	return in_ranges(vn_zero_width,
			 sizeof(vn_zero_width) / sizeof(vn_zero_width[0]), cp);
}

static int cp_width(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 0;
	if (cp < 0x300)
		return 1;
	if (is_zero_width(cp))
		return 0;
	if (in_ranges(vn_wide, sizeof(vn_wide) / sizeof(vn_wide[0]), cp))
		return 2;
	return 1;
}

static int is_ascii_alpha(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Does the lowercase base letter b carry letter mark m in Vietnamese? */
static int mark_fits(char b, int m)
{
	switch (m) {
	case VN_NOMARK:
		return 1;
	case VN_CIRC:
		return b == 'a' || b == 'e' || b == 'o';
	case VN_BREVE:
		return b == 'a';
	case VN_HORN:
		return b == 'o' || b == 'u';
	default:
		return 0;
	}
}

/* Can the lowercase base b carry a tone?  Only the Vietnamese vowels. */
static int tone_fits(char b)
{
	return b == 'a' || b == 'e' || b == 'i' || b == 'o' || b == 'u' ||
	       b == 'y';
}

/*
 * Classify a Vietnamese combining mark: returns 1 and sets *mark or *tone
 * (the other is left alone), or 0 for any other code point.  U+0340 and
 * U+0341 are the deprecated canonical twins of the grave and acute.
 */
static int comb_mark(uint32_t cp, int *mark, int *tone)
{
	switch (cp) {
	case 0x0300: case 0x0340: *tone = VN_GRAVE; return 1;
	case 0x0301: case 0x0341: *tone = VN_ACUTE; return 1;
	case 0x0303: *tone = VN_TILDE; return 1;
	case 0x0309: *tone = VN_HOOK; return 1;
	case 0x0323: *tone = VN_DOT; return 1;
	case 0x0302: *mark = VN_CIRC; return 1;
	case 0x0306: *mark = VN_BREVE; return 1;
	case 0x031B: *mark = VN_HORN; return 1;
	default: return 0;
	}
}

static int is_combining_block(uint32_t cp)
{
	return cp >= 0x0300 && cp <= 0x036F;
}

/*
 * A Vietnamese letter being assembled from a base and its marks.
 * base is the ASCII letter with its case (0 when the code point is not a
 * letter that takes marks).
 */
struct vn_cluster {
	char base;
	int mark;
	int tone;
};

/* Start a cluster from cp; returns 0 when cp cannot take marks. */
static int cluster_start(uint32_t cp, struct vn_cluster *c)
{
	const struct vn_letter *l;

	c->mark = VN_NOMARK;
	c->tone = VN_NOTONE;
	if (cp < 0x80) {
		if (!is_ascii_alpha(cp))
			return 0;
		c->base = (char)cp;
		return 1;
	}
	l = letter_find(cp);
	if (!l)
		return 0;
	c->base = l->base;
	c->mark = l->mark;
	c->tone = l->tone;
	return 1;
}

/*
 * Try to absorb combining mark cp into c.  Returns 1 if it composes (the
 * cluster is still a Vietnamese letter), 0 if it does not.
 */
static int cluster_add(struct vn_cluster *c, uint32_t cp)
{
	int mark = -1, tone = -1;
	char b = ascii_lower(c->base);

	if (!comb_mark(cp, &mark, &tone))
		return 0;
	if (mark >= 0) {
		if (c->mark != VN_NOMARK || !mark_fits(b, mark))
			return 0;
		c->mark = mark;
		return 1;
	}
	if (c->tone != VN_NOTONE || !tone_fits(b))
		return 0;
	c->tone = tone;
	return 1;
}

void vn_copy(char *dst, size_t n, const char *src)
{
	size_t len = src ? strlen(src) : 0;

	if (len >= n) {
		len = n - 1;
		while (len > 0 && ((unsigned char)src[len] & 0xC0) == 0x80)
			len--;
	}
	if (len)
		memcpy(dst, src, len);
	dst[len] = '\0';
}

/* ---- output buffer that counts past its end ---- */

struct vn_buf {
	char *p;	/* NULL: count only */
	size_t cap;
	size_t len;
};

static void buf_put(struct vn_buf *b, const char *src, size_t n)
{
	if (b->p && b->len < b->cap) {
		size_t room = b->cap - b->len;

		memcpy(b->p + b->len, src, n < room ? n : room);
	}
	b->len += n;
}

/* ---- folding ---- */

size_t vn_fold(const char *s, char *out, size_t outsz)
{
	size_t n = s ? strlen(s) : 0;
	size_t i = 0, len = 0;
	int gap = 0;

	while (i < n) {
		uint32_t cp;
		char c = 0;
		const struct vn_letter *l;

		i += utf8_next(s, n, i, &cp);
		if (cp < 0x80) {
			if (is_ascii_alpha(cp))
				c = ascii_lower((char)cp);
			else if (cp >= '0' && cp <= '9')
				c = (char)cp;
		} else if (is_combining_block(cp)) {
			continue;	/* a mark belongs to its letter */
		} else if ((l = letter_find(cp)) != NULL) {
			c = ascii_lower(l->base);
		}
		if (!c) {
			gap = 1;
			continue;
		}
		if (gap && len > 0) {
			if (len + 1 < outsz)
				out[len] = ' ';
			len++;
		}
		gap = 0;
		if (len + 1 < outsz)
			out[len] = c;
		len++;
	}
	if (outsz > 0)
		out[len < outsz ? len : outsz - 1] = '\0';
	return len;
}

/* ---- composition ---- */

/* Compose the n valid UTF-8 bytes of s into b. */
static void nfc_run(const char *s, size_t n, struct vn_buf *b)
{
	size_t i = 0;

	while (i < n) {
		struct vn_cluster c;
		uint32_t cp, ncp;
		size_t len = utf8_next(s, n, i, &cp);
		size_t j = i + len;
		char enc[4];

		if (!cluster_start(cp, &c)) {
			buf_put(b, s + i, len);
			i = j;
			continue;
		}
		while (j < n) {
			size_t l2 = utf8_next(s, n, j, &ncp);

			if (!cluster_add(&c, ncp))
				break;
			j += l2;
		}
		if (j == i + len) {
			/* nothing absorbed: copy the letter as it came */
			buf_put(b, s + i, len);
		} else {
			/* cluster_add only accepts marks that compose */
			uint32_t out = letter_compose(c.base, c.mark, c.tone);

			if (out)
				buf_put(b, enc, utf8_encode(out, enc));
			else
				buf_put(b, s + i, j - i);
		}
		i = j;
	}
}

int vn_nfc(const char *s, char *out, size_t outsz)
{
	struct vn_buf b = { NULL, 0, 0 };
	size_t n = s ? strlen(s) : 0;

	if (!utf8_valid(s, n))
		return POS_ERR_INVALID;
	nfc_run(s, n, &b);
	if (!out || b.len >= outsz || b.len > INT_MAX)
		return POS_ERR_INVALID;
	b.p = out;
	b.cap = outsz;
	b.len = 0;
	nfc_run(s, n, &b);
	out[b.len] = '\0';
	return (int)b.len;
}

/* ---- width ---- */

int vn_width(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	size_t i = 0;
	long w = 0;

	while (i < n) {
		uint32_t cp;

		i += utf8_next(s, n, i, &cp);
		w += cp_width(cp);
		if (w > INT32_MAX / 2)
			return INT32_MAX / 2;
	}
	return (int)w;
}

size_t vn_fit(const char *s, int cols, int *used)
{
	size_t n = s ? strlen(s) : 0;
	size_t i = 0;
	int w = 0;

	while (cols > 0 && i < n && w < cols) {
		uint32_t cp;
		size_t j = i + utf8_next(s, n, i, &cp);
		int cw = cp_width(cp);

		if (cw > cols - w)
			break;
		/* the marks that follow belong to this character */
		while (j < n) {
			uint32_t m;
			size_t l = utf8_next(s, n, j, &m);

			if (m < 0x300 || !is_zero_width(m))
				break;
			j += l;
		}
		w += cw;
		i = j;
	}
	if (used)
		*used = w;
	return i;
}

/* ---- collation ---- */

/* Primary weight of a lowercase ASCII letter in the Vietnamese alphabet. */
static const unsigned char vn_alpha_rank[26] = {
	/* a */ 0, /* b */ 3, /* c */ 4, /* d */ 5, /* e */ 7, /* f */ 9,
	/* g */ 10, /* h */ 11, /* i */ 12, /* j */ 13, /* k */ 14,
	/* l */ 15, /* m */ 16, /* n */ 17, /* o */ 18, /* p */ 21,
	/* q */ 22, /* r */ 23, /* s */ 24, /* t */ 25, /* u */ 26,
	/* v */ 28, /* w */ 29, /* x */ 30, /* y */ 31, /* z */ 32,
};

#define COLL_PUNCT 1u		/* + ASCII code: spaces, punctuation */
#define COLL_DIGIT 200u		/* + digit value */
#define COLL_LETTER 300u	/* + alphabet rank */
#define COLL_OTHER 1000u	/* + code point: everything else */

/*
 * How far a marked letter sorts after its base: a < ă < â, d < đ, e < ê,
 * o < ô < ơ, u < ư.  The ranks above leave room for these.
 */
static unsigned mark_rank(char b, int mark)
{
	switch (mark) {
	case VN_BREVE:		/* ă */
	case VN_STROKE:		/* đ */
		return 1;
	case VN_CIRC:		/* â is after ă; ê, ô come right after e, o */
		return b == 'a' ? 2 : 1;
	case VN_HORN:		/* ơ is after ô; ư comes right after u */
		return b == 'o' ? 2 : 1;
	default:
		return 0;
	}
}

struct coll_el {
	uint32_t primary;
	int secondary;		/* tone */
	int tertiary;		/* 1 = uppercase */
};

/* The next collation element of s from *i; 0 at the end. */
static int coll_next(const char *s, size_t n, size_t *i, struct coll_el *e)
{
	while (*i < n) {
		struct vn_cluster c;
		uint32_t cp, m;
		size_t len = utf8_next(s, n, *i, &cp);

		*i += len;
		if (is_combining_block(cp))
			continue;	/* a mark with no letter: ignorable */
		e->secondary = 0;
		e->tertiary = 0;
		if (cluster_start(cp, &c)) {
			char b = ascii_lower(c.base);
			unsigned r = vn_alpha_rank[b - 'a'];

			while (*i < n) {
				size_t l = utf8_next(s, n, *i, &m);

				if (!is_combining_block(m))
					break;
				/* marks that do not compose are ignored */
				cluster_add(&c, m);
				*i += l;
			}
			e->primary = COLL_LETTER + r + mark_rank(b, c.mark);
			e->secondary = c.tone;
			e->tertiary = c.base >= 'A' && c.base <= 'Z';
		} else {
			if (cp >= '0' && cp <= '9')
				e->primary = COLL_DIGIT + (cp - '0');
			else if (cp < 0x80)
				e->primary = COLL_PUNCT + cp;
			else
				e->primary = COLL_OTHER + cp;
			while (*i < n) {
				size_t l = utf8_next(s, n, *i, &m);

				if (!is_combining_block(m))
					break;
				*i += l;
			}
		}
		return 1;
	}
	return 0;
}

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

int vn_collate(const char *a, const char *b)
{
	size_t na, nb, ia = 0, ib = 0;
	int second = 0, third = 0;

	if (!a)
		a = "";
	if (!b)
		b = "";
	na = strlen(a);
	nb = strlen(b);
	for (;;) {
		struct coll_el ea, eb;
		int ha = coll_next(a, na, &ia, &ea);
		int hb = coll_next(b, nb, &ib, &eb);

		if (!ha || !hb) {
			if (ha != hb)
				return ha ? 1 : -1;
			break;
		}
		if (ea.primary != eb.primary)
			return ea.primary < eb.primary ? -1 : 1;
		if (!second && ea.secondary != eb.secondary)
			second = ea.secondary < eb.secondary ? -1 : 1;
		if (!third && ea.tertiary != eb.tertiary)
			third = ea.tertiary < eb.tertiary ? -1 : 1;
	}
	if (second)
		return second;
	if (third)
		return third;
	return sign(strcmp(a, b));
}
