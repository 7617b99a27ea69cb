/*
 * producer.h - OCOP producers ("chủ thể OCOP"): cooperatives, cooperative
 * groups, enterprises and household businesses, with the programme's
 * tracking fields (province, women-led, ethnic-minority-led).
 *
 * Producers are keyed by a short code chosen by the province or the shop
 * ("HTX-MOCCHAU").  Saving is an upsert by code.
 */
#ifndef OCOP_PRODUCER_H
#define OCOP_PRODUCER_H

#include "lib/err.h"

struct db;

enum producer_kind {
	PRODUCER_COOPERATIVE = 0,   /* hợp tác xã (HTX) */
	PRODUCER_COOP_GROUP,        /* tổ hợp tác */
	PRODUCER_ENTERPRISE,        /* doanh nghiệp */
	PRODUCER_HOUSEHOLD,         /* hộ kinh doanh / cơ sở sản xuất */
	PRODUCER_KIND_COUNT
};

#define PRODUCER_CODE_MAX 33
#define PRODUCER_NAME_MAX 256

struct producer {
	long long id;                   /* 0 until saved */
	char code[PRODUCER_CODE_MAX];
	char name[PRODUCER_NAME_MAX];
	enum producer_kind kind;
	char province[3];               /* 2025 province code */
	char commune[128];
	char tax_code[16];              /* "" or a valid MST */
	int women_led;
	int ethnic_minority_led;
	char contact[128];              /* contact person */
	char phone[32];
	int active;
};

/* Machine name of a kind ("cooperative", "cooperative_group", ...). */
const char *producer_kind_name(enum producer_kind kind);

/* Vietnamese label of a kind ("Hợp tác xã"). */
const char *producer_kind_label_vi(enum producer_kind kind);

/*
 * Parse a kind: the machine names, and Vietnamese or short forms
 * ("HTX", "hợp tác xã", "THT", "tổ hợp tác", "DN", "doanh nghiệp",
 * "hộ kinh doanh", "household"), accent-insensitive.
 */
int producer_kind_parse(const char *s, enum producer_kind *kind, struct pos_error *err);

/* Initialise p to an empty, active producer. */
void producer_init(struct producer *p);

/*
 * Check and normalise p before saving: code (letters, digits, - _ .),
 * name (valid UTF-8, stored NFC, at most PRODUCER_NAME_MAX-1 bytes),
 * province (must be a 2025 code: resolve names and legacy codes with
 * province_resolve() first), tax code (MST check digit).  Needs
 * refdata_load().  The message names the field.
 */
int producer_validate(struct producer *p, struct pos_error *err);

/*
 * Insert p, or update the producer with the same code.  *changed (may be
 * NULL) is 1 when a row was written, 0 when nothing differed.  On
 * success p->id is set.
 */
int producer_save(struct db *db, struct producer *p, int *changed, struct pos_error *err);

/* Look a producer up by code (POS_ERR_NOT_FOUND if none). */
int producer_get(struct db *db, const char *code, struct producer *out,
		 struct pos_error *err);

/* Look a producer up by id. */
int producer_get_id(struct db *db, long long id, struct producer *out,
		    struct pos_error *err);

struct producer_filter {
	const char *province;   /* 2025 code or NULL */
	int kind;               /* enum producer_kind or -1 */
	const char *text;       /* accent-insensitive words in name/code, or NULL */
	int include_inactive;
};

/*
 * Call cb for each producer matching f (NULL = all active), in
 * Vietnamese name order.  A non-zero return from cb stops the walk and
 * is returned.
 */
int producer_list(struct db *db, const struct producer_filter *f,
		  int (*cb)(void *ctx, const struct producer *p), void *ctx,
		  struct pos_error *err);

#endif
