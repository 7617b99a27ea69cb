/*
 * schema.h - the forward-only migrations of the showroom database.
 *
 * Migration i (1-based) takes a database from user_version i-1 to i.  A
 * migration is never edited once released: change the schema by adding
 * one at the end.  db.c applies them; schema.c holds the SQL.
 */
#ifndef OCOP_SCHEMA_H
#define OCOP_SCHEMA_H

#include <stddef.h>

/* The migrations, in order; schema_count() of them. */
extern const char *const schema_migrations[];
size_t schema_count(void);

#endif
