/*
 * sign.h - the showroom's signing key and file signatures (libsodium).
 *
 * Each showroom database holds one Ed25519 key pair, made on first use and
 * kept in the `setting` table (keys sign.public, sign.secret; the database
 * file is mode 0600).  Transfer files (showroom to showroom) and exchange
 * files (showroom to province hub) are signed with it; the receiver
 * verifies against the public key it registered for the sending showroom
 * (table showroom_key), so an unknown or tampered file is refused.
 *
 * Keys and signatures travel as standard base64 (with padding).
 */
#ifndef OCOP_SIGN_H
#define OCOP_SIGN_H

#include <stddef.h>

#include "lib/err.h"

struct db;

#define SIGN_PUBKEY_B64 45    /* 32 bytes -> 44 characters + NUL */
#define SIGN_SIG_B64 89       /* 64 bytes -> 88 characters + NUL */
#define SIGN_SHA256_HEX 65    /* 64 hex digits + NUL */
#define SIGN_SECKEY_B64 89    /* 64 bytes -> 88 characters + NUL */

/* Initialise libsodium once (any thread-unsafe first call is ours). 0 or POS_ERR_IO. */
int sign_init(struct pos_error *err);

/*
 * The showroom's public key in base64 into out, making the key pair (in
 * its own transaction) when the database has none yet.
 */
int sign_public_key(struct db *db, char out[SIGN_PUBKEY_B64], struct pos_error *err);

/* Detached signature of data[0..n) with the showroom's secret key, base64 into sig. */
int sign_data(struct db *db, const void *data, size_t n, char sig[SIGN_SIG_B64],
	      struct pos_error *err);

/*
 * A key pair kept outside a showroom database (a province hub on
 * PostgreSQL keeps its own): public and secret key in base64.  Call
 * sign_init() first.
 */
void sign_keypair(char pk64[SIGN_PUBKEY_B64], char sk64[SIGN_SECKEY_B64]);

/* Detached signature of data[0..n) with the secret key sk64 (base64) into sig. */
int sign_data_key(const char *sk64, const void *data, size_t n, char sig[SIGN_SIG_B64],
		  struct pos_error *err);

/*
 * Verify sig over data[0..n) as signed by showroom code.  The key is the
 * one registered with sign_register(), or this database's own key when
 * code is the local showroom.  POS_ERR_NOT_FOUND when no key is known for
 * code ("register it with `ocop-pos showroom register`"), POS_ERR_REFUSED
 * when the signature does not match (tampered file), POS_ERR_INVALID for a
 * malformed signature.
 */
int sign_verify(struct db *db, const char *code, const void *data, size_t n, const char *sig,
		struct pos_error *err);

/* The same with the public key pk64 (base64) given; code names the showroom in messages. */
int sign_verify_key(const char *pk64, const char *code, const void *data, size_t n,
		    const char *sig, struct pos_error *err);

/*
 * Register the public key of showroom code.  POS_ERR_INVALID for a key
 * that is not 32 bytes of base64.  The same key again changes nothing; a
 * different key over a registered one is refused (POS_ERR_REFUSED): see
 * sign_register_as.
 */
int sign_register(struct db *db, const char *code, const char *pubkey_b64,
		  struct pos_error *err);

/*
 * The same, replacing a different registered key when replace is set:
 * only an administrator may (actor, PERM_SETTINGS; POS_ERR_PERM
 * otherwise), and the replacement leaves an audit entry "showroom_key"
 * (the start of the old and the new key), in one transaction.
 */
struct user;
int sign_register_as(struct db *db, const struct user *actor, const char *code,
		     const char *pubkey_b64, int replace, struct pos_error *err);

/* The registered public key of code into out; POS_ERR_NOT_FOUND when none. */
int sign_registered_key(struct db *db, const char *code, char out[SIGN_PUBKEY_B64],
			struct pos_error *err);

/* SHA-256 of data[0..n) as 64 lower-case hex digits. */
void sign_sha256_hex(const void *data, size_t n, char out[SIGN_SHA256_HEX]);

/*
 * Signing and hashing a stream (exchange files of version 2, which may be
 * larger than memory): the bytes are fed in pieces, and the signature is
 * Ed25519ph (RFC 8032: Ed25519 over the SHA-512 of the bytes; libsodium's
 * crypto_sign_init/update/final), the SHA-256 of the same bytes is kept
 * alongside.  An Ed25519ph signature is not an Ed25519 signature of the
 * same bytes: sign_data/sign_verify_key do not check it, and the other way
 * round.  The state is plain memory (no allocation, nothing to release).
 */
struct sign_stream {
	unsigned long long ph[32];       /* crypto_sign_state (SHA-512) */
	unsigned long long sha[16];      /* crypto_hash_sha256_state */
	int no_sha256;                   /* set after init: keep no SHA-256 (a verifier
					    that does not need it: sign_stream_sha256_hex
					    then gives "") */
};

void sign_stream_init(struct sign_stream *s);
void sign_stream_update(struct sign_stream *s, const void *data, size_t n);
/* Bytes after the signed part (the signature line): into the SHA-256 only. */
void sign_stream_tail(struct sign_stream *s, const void *data, size_t n);
/* The SHA-256 of everything fed so far, as hex (the state goes on). */
void sign_stream_sha256_hex(const struct sign_stream *s, char out[SIGN_SHA256_HEX]);
/* Sign what was fed with the showroom's secret key (base64 into sig). */
int sign_stream_final(struct db *db, struct sign_stream *s, char sig[SIGN_SIG_B64],
		      struct pos_error *err);
/* Verify sig (Ed25519ph) over what was fed, by the key pk64; as sign_verify_key. */
int sign_stream_verify_key(struct sign_stream *s, const char *pk64, const char *code,
			   const char *sig, struct pos_error *err);

#endif
