/*
 * sign.c - the showroom key pair, Ed25519 signatures and SHA-256 (see
 * sign.h).  libsodium does the cryptography; this file only stores keys
 * and converts to and from base64.
 */
#include "sign.h"

#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "db.h"
#include "i18n.h"
#include "showroom.h"
#include "user.h"

#define B64 sodium_base64_VARIANT_ORIGINAL

int sign_init(struct pos_error *err)
{
	static int done;

	if (done)
		return 0;
	if (sodium_init() < 0)
		return pos_fail(err, POS_ERR_IO, tr("cannot initialise libsodium (no random source?)"));
	done = 1;
	return 0;
}

/* Decode base64 text into exactly n bytes. */
static int b64_decode(const char *s, unsigned char *out, size_t n)
{
	size_t len = 0;

	if (!s || sodium_base642bin(out, n, s, strlen(s), NULL, &len, NULL, B64) != 0)
		return -1;
	return len == n ? 0 : -1;
}

struct keys_args {
	const char *sk64, *pk64;
};

static int keys_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct keys_args *a = ctx;
	int rc = setting_set(db, "sign.secret", a->sk64, err);

	return rc ? rc : setting_set(db, "sign.public", a->pk64, err);
}

/* Make and store the key pair unless one exists. */
static int ensure_keys(struct db *db, struct pos_error *err)
{
	struct keys_args a;
	char pk64[SIGN_PUBKEY_B64], sk64[SIGN_SECKEY_B64];
	char buf[8];
	struct pos_error e;
	int rc;

	if ((rc = sign_init(err)) != 0)
		return rc;
	rc = setting_get(db, "sign.public", buf, sizeof(buf), &e);
	if (rc == 0)
		return 0;
	if (rc != POS_ERR_NOT_FOUND) {
		if (err)
			*err = e;
		return rc;
	}
	sign_keypair(pk64, sk64);
	a.sk64 = sk64;
	a.pk64 = pk64;
	rc = db_tx(db, DB_TX_WRITE, keys_in_tx, &a, err);
	sodium_memzero(sk64, sizeof(sk64));
	return rc;
}

int sign_public_key(struct db *db, char out[SIGN_PUBKEY_B64], struct pos_error *err)
{
	char buf[SIGN_PUBKEY_B64];
	int rc;

	if ((rc = ensure_keys(db, err)) != 0 ||
	    (rc = setting_get(db, "sign.public", buf, sizeof(buf), err)) != 0)
		return rc;
	snprintf(out, SIGN_PUBKEY_B64, "%s", buf);
	return 0;
}

void sign_keypair(char pk64[SIGN_PUBKEY_B64], char sk64[SIGN_SECKEY_B64])
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];

	crypto_sign_keypair(pk, sk);
	sodium_bin2base64(pk64, SIGN_PUBKEY_B64, pk, sizeof(pk), B64);
	sodium_bin2base64(sk64, SIGN_SECKEY_B64, sk, sizeof(sk), B64);
	sodium_memzero(sk, sizeof(sk));
}

/* The secret key sk64 (base64) decoded into sk. */
static int decode_secret(const char *sk64, unsigned char sk[crypto_sign_SECRETKEYBYTES],
			 struct pos_error *err)
{
	int rc;

	if ((rc = sign_init(err)) != 0)
		return rc;
	if (b64_decode(sk64, sk, crypto_sign_SECRETKEYBYTES) != 0)
		return pos_fail(err, POS_ERR_CORRUPT,
				tr("the showroom's signing key in this database is damaged"));
	return 0;
}

/* Sign data with the decoded key sk (rc: how getting sk went), then wipe sk. */
static int sign_with(int rc, unsigned char sk[crypto_sign_SECRETKEYBYTES], const void *data,
		     size_t n, char sig[SIGN_SIG_B64])
{
	unsigned char s[crypto_sign_BYTES];

	if (rc)
		return rc;
	crypto_sign_detached(s, NULL, data, n, sk);
	sodium_memzero(sk, crypto_sign_SECRETKEYBYTES);
	sodium_bin2base64(sig, SIGN_SIG_B64, s, sizeof(s), B64);
	return 0;
}

int sign_data_key(const char *sk64, const void *data, size_t n, char sig[SIGN_SIG_B64],
		  struct pos_error *err)
{
	unsigned char sk[crypto_sign_SECRETKEYBYTES];

	return sign_with(decode_secret(sk64, sk, err), sk, data, n, sig);
}

/* The showroom's secret key (made on first use), decoded into sk. */
static int secret_key(struct db *db, unsigned char sk[crypto_sign_SECRETKEYBYTES],
		      struct pos_error *err)
{
	char sk64[SIGN_SECKEY_B64 + 8];
	int rc;

	if ((rc = ensure_keys(db, err)) != 0 ||
	    (rc = setting_get(db, "sign.secret", sk64, sizeof(sk64), err)) != 0)
		return rc;
	rc = decode_secret(sk64, sk, err);
	sodium_memzero(sk64, sizeof(sk64));
	return rc;
}

int sign_data(struct db *db, const void *data, size_t n, char sig[SIGN_SIG_B64],
	      struct pos_error *err)
{
	unsigned char sk[crypto_sign_SECRETKEYBYTES];

	return sign_with(secret_key(db, sk, err), sk, data, n, sig);
}

int sign_registered_key(struct db *db, const char *code, char out[SIGN_PUBKEY_B64],
			struct pos_error *err)
{
	int rc = db_text_by(db, "SELECT public_key FROM showroom_key WHERE showroom = ?1", code,
			    out, SIGN_PUBKEY_B64, "reading showroom keys", err);

	if (rc == POS_ERR_NOT_FOUND)
		return pos_fail(err, rc,
				tr("no signing key is registered for showroom %s: register it with "
				   "`ocop-pos showroom register %s --key KEY`"), code, code);
	return rc;
}

int sign_verify(struct db *db, const char *code, const void *data, size_t n, const char *sig,
		struct pos_error *err)
{
	unsigned char s[crypto_sign_BYTES];
	char pk64[SIGN_PUBKEY_B64];
	struct showroom local;
	struct pos_error e;
	int rc;

	if ((rc = sign_init(err)) != 0)
		return rc;
	if (!sig || b64_decode(sig, s, sizeof(s)) != 0)
		return pos_fail(err, POS_ERR_INVALID, tr("the signature is malformed"));
	rc = sign_registered_key(db, code, pk64, &e);
	if (rc == POS_ERR_NOT_FOUND && showroom_local(db, &local, NULL) == 0 &&
	    strcmp(local.code, code) == 0)
		rc = sign_public_key(db, pk64, &e);
	if (rc) {
		if (err)
			*err = e;
		return rc;
	}
	return sign_verify_key(pk64, code, data, n, sig, err);
}

/* The public key pk64 and the signature sig decoded (after sign_init). */
static int decode_pair(const char *pk64, const char *code, const char *sig,
		       unsigned char pk[crypto_sign_PUBLICKEYBYTES],
		       unsigned char s[crypto_sign_BYTES], struct pos_error *err)
{
	int rc;

	if ((rc = sign_init(err)) != 0)
		return rc;
	if (!sig || b64_decode(sig, s, crypto_sign_BYTES) != 0)
		return pos_fail(err, POS_ERR_INVALID, tr("the signature is malformed"));
	if (b64_decode(pk64, pk, crypto_sign_PUBLICKEYBYTES) != 0)
		return pos_fail(err, POS_ERR_CORRUPT, tr("the key registered for showroom %s is damaged"),
				code);
	return 0;
}

static int mismatch(const char *code, struct pos_error *err)
{
	return pos_fail(err, POS_ERR_REFUSED,
			tr("the signature does not match: the file was changed after showroom "
			   "%s signed it, or another key signed it"), code);
}

int sign_verify_key(const char *pk64, const char *code, const void *data, size_t n,
		    const char *sig, struct pos_error *err)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], s[crypto_sign_BYTES];
	int rc = decode_pair(pk64, code, sig, pk, s, err);

	if (rc)
		return rc;
	if (crypto_sign_verify_detached(s, data, n, pk) != 0)
		return mismatch(code, err);
	return 0;
}

/* Store the key of code (new or replacing): the caller has decided it may. */
static int store_key(struct db *db, const char *code, const char *pubkey_b64,
		     struct pos_error *err)
{
	char ts[CLOCK_TS_LEN];

	clock_format_utc(clock_now(), ts);
	return db_write(db, err, "registering a showroom key",
			"INSERT INTO showroom_key (showroom, public_key, registered_at) "
			"VALUES (?1, ?2, ?3) ON CONFLICT(showroom) DO UPDATE SET "
			"public_key = excluded.public_key, registered_at = excluded.registered_at",
			"ttt", code, pubkey_b64, ts);
}

/* A replaced key and its audit row, in one transaction. */
struct replace_key {
	const char *code, *pubkey_b64, *detail;
	long long actor_id;
};

static int replace_key_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	const struct replace_key *k = ctx;
	int rc = store_key(db, k->code, k->pubkey_b64, err);

	return rc ? rc : audit_log(db, k->actor_id, 0, "showroom_key", k->code, k->detail, err);
}

int sign_register_as(struct db *db, const struct user *actor, const char *code,
		     const char *pubkey_b64, int replace, struct pos_error *err)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	char old[SIGN_PUBKEY_B64], detail[160];
	struct replace_key rk;
	struct pos_error e;
	int rc;

	if (!code || !*code || strlen(code) > 16)
		return pos_fail(err, POS_ERR_INVALID, tr("a showroom code has 1 to 16 characters"));
	if ((rc = sign_init(err)) != 0)
		return rc;
	if (b64_decode(pubkey_b64, pk, sizeof(pk)) != 0)
		return pos_fail(err, POS_ERR_INVALID,
				tr("\"%s\" is not a public key: copy the line `ocop-pos showroom key` "
				"prints at showroom %s"), pubkey_b64 ? pubkey_b64 : "", code);
	rc = sign_registered_key(db, code, old, &e);
	if (rc == POS_ERR_NOT_FOUND)
		return store_key(db, code, pubkey_b64, err);
	if (rc) {
		if (err)
			*err = e;
		return rc;
	}
	if (!strcmp(old, pubkey_b64))
		return 0;                        /* the same key again */
	if (!replace)
		return pos_fail(err, POS_ERR_REFUSED,
				tr("showroom %s already has a different key: a file signed with a new "
				   "key would be taken for %s's. Replace it only when the showroom "
				   "really has a new key, with --replace-key, as an administrator"),
				code, code);
	if ((rc = user_require(actor, PERM_SETTINGS, err)))
		return rc;
	snprintf(detail, sizeof(detail), "old %.12s..., new %.12s...", old, pubkey_b64);
	rk.code = code;
	rk.pubkey_b64 = pubkey_b64;
	rk.actor_id = actor->id;
	rk.detail = detail;
	return db_tx(db, DB_TX_WRITE, replace_key_in_tx, &rk, err);
}

int sign_register(struct db *db, const char *code, const char *pubkey_b64,
		  struct pos_error *err)
{
	return sign_register_as(db, NULL, code, pubkey_b64, 0, err);
}

void sign_sha256_hex(const void *data, size_t n, char out[SIGN_SHA256_HEX])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, data, n);
	sodium_bin2hex(out, SIGN_SHA256_HEX, h, sizeof(h));
}

/* ---- streams (Ed25519ph and SHA-256 fed in pieces) ---------------------- */

_Static_assert(sizeof(crypto_sign_state) <= sizeof(((struct sign_stream *)0)->ph),
	       "sign_stream too small for crypto_sign_state");
_Static_assert(sizeof(crypto_hash_sha256_state) <= sizeof(((struct sign_stream *)0)->sha),
	       "sign_stream too small for crypto_hash_sha256_state");

void sign_stream_init(struct sign_stream *s)
{
	memset(s, 0, sizeof(*s));
	crypto_sign_init((crypto_sign_state *)(void *)s->ph);
	crypto_hash_sha256_init((crypto_hash_sha256_state *)(void *)s->sha);
}

void sign_stream_update(struct sign_stream *s, const void *data, size_t n)
{
	crypto_sign_update((crypto_sign_state *)(void *)s->ph, data, n);
	if (!s->no_sha256)
		crypto_hash_sha256_update((crypto_hash_sha256_state *)(void *)s->sha, data, n);
}

void sign_stream_tail(struct sign_stream *s, const void *data, size_t n)
{
	if (!s->no_sha256)
		crypto_hash_sha256_update((crypto_hash_sha256_state *)(void *)s->sha, data, n);
}

void sign_stream_sha256_hex(const struct sign_stream *s, char out[SIGN_SHA256_HEX])
{
	crypto_hash_sha256_state copy;
	unsigned char h[crypto_hash_sha256_BYTES];

	if (s->no_sha256) {
		out[0] = '\0';
		return;
	}
	memcpy(&copy, s->sha, sizeof(copy));
	crypto_hash_sha256_final(&copy, h);
	sodium_bin2hex(out, SIGN_SHA256_HEX, h, sizeof(h));
}

int sign_stream_final(struct db *db, struct sign_stream *s, char sig[SIGN_SIG_B64],
		      struct pos_error *err)
{
	unsigned char sk[crypto_sign_SECRETKEYBYTES], out[crypto_sign_BYTES];
	int rc = secret_key(db, sk, err);

	if (rc)
		return rc;
	crypto_sign_final_create((crypto_sign_state *)(void *)s->ph, out, NULL, sk);
	sodium_memzero(sk, sizeof(sk));
	sodium_bin2base64(sig, SIGN_SIG_B64, out, sizeof(out), B64);
	return 0;
}

int sign_stream_verify_key(struct sign_stream *s, const char *pk64, const char *code,
			   const char *sig, struct pos_error *err)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sg[crypto_sign_BYTES];
	int rc = decode_pair(pk64, code, sig, pk, sg, err);

	if (rc)
		return rc;
	if (crypto_sign_final_verify((crypto_sign_state *)(void *)s->ph, sg, pk) != 0)
		return mismatch(code, err);
	return 0;
}
