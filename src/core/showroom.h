/*
 * showroom.h - this database's own showroom (or province hub) and the
 * settings table.  `ocop-pos init` writes them once; the seller's name,
 * address and tax code on receipts come from here.
 */
#ifndef OCOP_SHOWROOM_H
#define OCOP_SHOWROOM_H

#include <stddef.h>

#include "lib/err.h"

struct db;

struct showroom {
	long long id;
	char code[17];          /* "DN01": letters, digits, - */
	char name[256];
	char province[3];       /* 2025 code */
	char address[256];
	char tax_code[16];
	char phone[32];
	int is_hub;             /* a province hub that merges showrooms' files */
};

/* Zero s. */
void showroom_init_struct(struct showroom *s);

/*
 * Record s as this database's own showroom (once: POS_ERR_EXISTS if the
 * database already has one).  Validates code, name, province, tax code.
 */
int showroom_create(struct db *db, struct showroom *s, struct pos_error *err);

/* This database's own showroom; POS_ERR_NOT_FOUND before `init`. */
int showroom_local(struct db *db, struct showroom *out, struct pos_error *err);

/* A setting's value into buf (n bytes); POS_ERR_NOT_FOUND when unset. */
int setting_get(struct db *db, const char *key, char *buf, size_t n, struct pos_error *err);

/* Set a setting (insert or replace). */
int setting_set(struct db *db, const char *key, const char *value, struct pos_error *err);

#endif
