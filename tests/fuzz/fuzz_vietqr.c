/*
 * fuzz_vietqr.c - libFuzzer target for the VietQR (EMVCo TLV) decoder and
 * the purpose folding: any input is decoded or refused with a message,
 * never read out of bounds; what is accepted is a NAPAS account payload
 * whose fields rebuild into a payload that decodes to the same bank,
 * account and amount; the purpose fold of any text is at most 25
 * characters of [A-Za-z0-9 ] with single inner spaces.  Each input is
 * also decoded with a correct CRC appended, to reach the field checks.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/vietqr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_purpose(const char *s)
{
	char p[VIETQR_PURPOSE_MAX + 1];
	size_t n = vietqr_purpose(s, p, sizeof(p)), i;

	if (n != strlen(p) || n > VIETQR_PURPOSE_MAX)
		abort();
	for (i = 0; i < n; i++) {
		char c = p[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == ' '))
			abort();
		if (c == ' ' && (i == 0 || i == n - 1 || p[i - 1] == ' '))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vietqr_info q, q2;
	struct pos_error err;
	char out[VIETQR_MAX], *text;

	pos_error_clear(&err);
	/* The decoder gets exactly size bytes: no NUL to lean on. */
	text = malloc(size ? size : 1);
	if (!text)
		return 0;
	if (size)
		memcpy(text, data, size);
	if (vietqr_decode(text, size, &q, &err) == 0) {
		if (strlen(q.bin) != 6 || !q.account[0] || strcmp(q.guid, VIETQR_GUID) != 0 ||
		    q.amount < -1 || (!q.dynamic && q.amount >= 0) || strlen(q.crc) != 4)
			abort();
		if (vietqr_build(q.bin, q.account, q.amount > 0 ? q.amount : 0, q.purpose, out,
				 sizeof(out), &err) == 0) {
			if (vietqr_decode(out, strlen(out), &q2, &err) != 0)
				abort();
			if (strcmp(q.bin, q2.bin) != 0 || strcmp(q.account, q2.account) != 0 ||
			    (q.amount > 0 && q2.amount != q.amount))
				abort();
		}
	} else if (!err.msg[0]) {
		abort();    /* a refusal always says why */
	}
	free(text);
	/*
	 * The same bytes with a correct CRC field appended, so the fuzzer gets
	 * past the checksum into the TLV walker.
	 */
	text = malloc(size + 9);
	if (!text)
		return 0;
	if (size)
		memcpy(text, data, size);
	memcpy(text + size, "6304", 4);
	snprintf(text + size + 4, 5, "%04X", (unsigned)vietqr_crc16(text, size + 4));
	pos_error_clear(&err);
	if (vietqr_decode(text, size + 8, &q, &err) == 0) {
		if (strlen(q.bin) != 6 || !q.account[0] || (!q.dynamic && q.amount >= 0))
			abort();
	} else if (!err.msg[0]) {
		abort();
	}
	free(text);
	/* The same bytes as a purpose. */
	text = malloc(size + 1);
	if (!text)
		return 0;
	if (size)
		memcpy(text, data, size);
	text[size] = '\0';
	check_purpose(text);
	free(text);
	return 0;
}
