/*
 * vietqr.h - VietQR (NAPAS 247) payment payloads: the EMVCo
 * merchant-presented QR a customer scans with any Vietnamese banking app
 * to transfer an amount to the showroom's account.
 *
 * A payload is a string of TLV fields "IDLLvalue" (ID and LL two decimal
 * digits):
 *   00 "01"  01 "11" static / "12" dynamic (an amount is given)
 *   38 { 00 "A000000727", 01 { 00 bank BIN, 01 account }, 02 "QRIBFTTA" }
 *   53 "704" (VND)  54 amount (integer VND, dynamic only)  58 "VN"
 *   62 { 08 purpose }  63 CRC-16/CCITT-FALSE of everything before its
 *   value, "6304" included, as 4 uppercase hex digits.
 * The purpose (the transfer's content, what the cashier looks for in the
 * bank's notification) is folded to ASCII letters, digits and spaces
 * ("Hóa đơn 123" -> "Hoa don 123") and cut to VIETQR_PURPOSE_MAX
 * characters, because banks rewrite or refuse anything else.
 *
 * The showroom's own bank and account are the settings `vietqr.bank` (a
 * 6-digit BIN) and `vietqr.account`.
 */
#ifndef OCOP_VIETQR_H
#define OCOP_VIETQR_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"

struct db;
struct user;

#define VIETQR_MAX 256             /* longest payload we build, with the NUL */
#define VIETQR_PAYLOAD_MAX VIETQR_MAX
#define VIETQR_PURPOSE_MAX 25      /* characters of field 62/08 */
#define VIETQR_ACCOUNT_MAX 19      /* characters of an account number */
#define VIETQR_AMOUNT_MAX 9999999999999LL   /* 13 digits, field 54's limit */
#define VIETQR_GUID "A000000727"

/* CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF): "123456789" -> 0x29B1. */
uint16_t vietqr_crc16(const void *data, size_t len);

/*
 * Fold s into a VietQR purpose in out (n bytes, at least
 * VIETQR_PURPOSE_MAX + 1 are used): Vietnamese letters lose their marks
 * but keep their case, đ/Đ become d/D, ASCII letters and digits stay,
 * anything else separates words by one space; cut to VIETQR_PURPOSE_MAX
 * characters without a trailing space.  Returns the length written.
 */
size_t vietqr_purpose(const char *s, char *out, size_t n);

/*
 * Resolve a bank given as a 6-digit BIN or a common name ("vcb",
 * "Vietcombank", "BIDV", "MB", ...) into bin (7 bytes).  POS_ERR_INVALID
 * names what was not understood.
 */
int vietqr_bank_bin(const char *bank, char bin[7], struct pos_error *err);

/*
 * Build the payload for a transfer to account at bank (a BIN or a name as
 * above): dynamic with the amount when amount > 0, static (the payer types
 * the amount) when amount == 0; purpose NULL or folding to "" leaves field
 * 62 out.  The NUL-terminated payload is written to out (n bytes;
 * VIETQR_MAX is always enough).  POS_ERR_INVALID for a bad BIN, account or
 * amount.
 */
int vietqr_build(const char *bank, const char *account, int64_t amount, const char *purpose,
		 char *out, size_t n, struct pos_error *err);

/*
 * The same for the showroom's own account (settings vietqr.bank and
 * vietqr.account); POS_ERR_NOT_FOUND with how to set them when missing.
 */
int vietqr_build_showroom(struct db *db, int64_t amount, const char *purpose, char *out,
			  size_t n, struct pos_error *err);

/*
 * Save the showroom's bank (BIN or name) and account after checking them:
 * actor needs PERM_SETTINGS; audited ("setting").
 */
int vietqr_set_showroom(struct db *db, const struct user *actor, const char *bank,
			const char *account, struct pos_error *err);

/* What a decoded payload says. */
struct vietqr_info {
	int dynamic;                   /* field 01 was "12" */
	char guid[33];                 /* 38/00 */
	char bin[16];                  /* 38/01/00 */
	char account[32];              /* 38/01/01 */
	char service[16];              /* 38/02: QRIBFTTA (account), QRIBFTTC (card) */
	char currency[4];              /* 53 */
	char country[3];               /* 58 */
	int64_t amount;                /* 54, -1 when absent */
	char purpose[100];             /* 62/08, "" when absent */
	char crc[5];                   /* 63 as given */
};

/*
 * Decode and check a payload of len bytes (not necessarily
 * NUL-terminated): every TLV well formed and inside the string, no field
 * twice, 00 first and "01", 63 last with the right CRC, and a VietQR
 * account (38 with the NAPAS GUID, a BIN and an account).  out is written
 * on success; POS_ERR_INVALID says what is wrong and where.
 */
int vietqr_decode(const char *s, size_t len, struct vietqr_info *out, struct pos_error *err);

#endif
