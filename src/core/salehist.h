/*
 * salehist.h - finding past invoices for the till's history screen: by
 * number (or its end: "1234" finds DN01-01-2026-001234), day, amount or
 * buyer (name without accents, phone, tax code), newest first, with what
 * happened to each sale since (voided, refunded).
 */
#ifndef OCOP_SALEHIST_H
#define OCOP_SALEHIST_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"

struct db;

#define SALEHIST_MAX 500          /* rows returned at most */

struct salehist_query {
	const char *text;         /* receipt number (or its end), buyer name/phone/tax code; "" = any */
	const char *date;         /* business date YYYY-MM-DD, "" = any */
	int64_t amount;           /* the document's total, 0 = any */
};

struct salehist_row {
	char receipt_no[32];
	char kind[8];             /* "sale", "refund", "void" */
	char local_time[17];      /* "YYYY-MM-DD HH:MM", Vietnam time */
	char register_code[8];
	char cashier[33];
	int64_t total;
	char buyer[128];          /* buyer name, else contact, else "" */
	char buyer_tax_code[16];
	char buyer_contact[128];
	int voided;               /* a sale: voided since */
	int64_t refunded;         /* a sale: refunded since */
};

/* Up to SALEHIST_MAX documents matching q, newest first; *out: free(). */
int salehist_find(struct db *db, const struct salehist_query *q, struct salehist_row **out,
		  size_t *n, struct pos_error *err);

/* 1 when code is the number of a document in this database (a scanned receipt). */
int salehist_is_receipt(struct db *db, const char *code);

#endif
