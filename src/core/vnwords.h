/*
 * vnwords.h - an amount of đồng in Vietnamese words, as e-invoices write
 * it in TgTTTBChu ("Tổng tiền thanh toán bằng chữ"):
 * 185000 -> "Một trăm tám mươi lăm nghìn đồng".
 *
 * The rules (docs/einvoice.md has them with examples):
 *   - the number is read in groups of three digits from the right, named
 *     nghìn, triệu, tỷ; above tỷ the names repeat (nghìn tỷ, triệu tỷ,
 *     tỷ tỷ);  a group of 000 after a higher group is left out;
 *   - a group after a higher one is read in full: "không trăm", and a
 *     zero ten before a unit is "lẻ" (or "linh" with VNW_LINH):
 *     1.000.005 -> "Một triệu không trăm lẻ năm đồng";
 *   - 10-19: "mười" + unit; 20+: "<digit> mươi" + unit;
 *   - unit 1 after mươi (20+) is "mốt", after mười or lẻ "một";
 *   - unit 4 after mươi is "tư" (or "bốn" with VNW_BON), elsewhere "bốn";
 *   - unit 5 after mười or mươi is "lăm", elsewhere (alone, after lẻ)
 *     "năm";
 *   - 0 is "Không đồng"; a negative amount starts with "Âm";
 *   - the first letter is a capital, words are separated by one space,
 *     and the sentence ends in " đồng".
 */
#ifndef OCOP_VNWORDS_H
#define OCOP_VNWORDS_H

#include <stddef.h>
#include <stdint.h>

enum {
	VNW_LINH = 1,   /* "linh" for a zero ten (default "lẻ") */
	VNW_BON = 2,    /* "bốn" after mươi (default "tư") */
};

/* Longest result (INT64_MIN in words) with its NUL, with room to spare. */
#define VNWORDS_MAX 512

/*
 * Write vnd in words into out (n bytes, caller-owned), NUL-terminated.
 * Returns the length in bytes, or -1 when out is too small (VNWORDS_MAX
 * always suffices); then out holds "" (if n > 0).
 */
int vnwords_amount(int64_t vnd, unsigned flags, char *out, size_t n);

#endif
