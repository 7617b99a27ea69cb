/*
 * bench_pg.h - what the PostgreSQL benches share (bench_pghub.c,
 * bench_pgnational.c): the plain aggregates of 2025 they compare the
 * reports with, run through bench_run().
 */
#ifndef OCOP_BENCH_PG_H
#define OCOP_BENCH_PG_H

#include <libpq-fe.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

/* A plain connection to uri (exits on failure), notices above warnings only. */
static inline PGconn *bench_pg_connect(const char *uri)
{
	PGconn *c = PQconnectdb(uri);

	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "bench: %s", PQerrorMessage(c));
		exit(1);
	}
	PQclear(PQexec(c, "SET client_min_messages = warning"));
	return c;
}

/* Run sql on c; exits when it fails. */
static inline void bench_pg_must(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);

	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {
		fprintf(stderr, "bench: %s: %s", sql, PQerrorMessage(c));
		exit(1);
	}
	PQclear(r);
}

/* sum(amount) per SKU over table's rows of 2025 (col: its month or year column). */
#define BENCH_PG_PLAIN(table, col)                                                   \
	"SELECT sku, sum(amount) FROM " table " WHERE " col " >= '2025-01-01' AND " col \
	" < '2026-01-01' GROUP BY sku"

struct bench_pg_plain {
	PGconn *c;
	const char *sql;
};

/* A bench_run() body: run p->sql once; non-zero when it fails. */
static inline int bench_pg_plain_run(void *v, size_t i)
{
	const struct bench_pg_plain *p = v;
	PGresult *r = PQexec(p->c, p->sql);
	int bad = PQresultStatus(r) != PGRES_TUPLES_OK;

	(void)i;
	PQclear(r);
	return bad;
}

#endif
