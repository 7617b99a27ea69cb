/*
 * dl_pq.c - libpq, loaded when --db is a postgresql:// URI (see
 * lib/dynlib.h).  Linked, it and its Kerberos, LDAP and TLS libraries
 * cost about 8 ms at every start of the program.
 */
#include <libpq-fe.h>

#include "lib/dynlib.h"

static const char *const names[] = { "libpq.so.5", "libpq.so", NULL };
struct dynlib dynlib_pq = { .names = names, .package = "libpq5",
			.use = "a hub on PostgreSQL" };

DYNLIB_VOID(dynlib_pq, PQclear, (PGresult *res), (res))
DYNLIB_FN(dynlib_pq, PGconn *, NULL, PQconnectdb, (const char *conninfo), (conninfo))
DYNLIB_FN(dynlib_pq, char *, (char *)"libpq is not installed", PQerrorMessage,
	  (const PGconn *conn), (conn))
DYNLIB_FN(dynlib_pq, PGresult *, NULL, PQexec, (PGconn *conn, const char *query), (conn, query))
DYNLIB_FN(dynlib_pq, PGresult *, NULL, PQexecParams,
	  (PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
	   const char *const *paramValues, const int *paramLengths, const int *paramFormats,
	   int resultFormat),
	  (conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats,
	   resultFormat))
/* Sent without waiting: the hub's import stores the file while it verifies it (core/pghub.c). */
DYNLIB_FN(dynlib_pq, int, 0, PQsendQueryParams,
	  (PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
	   const char *const *paramValues, const int *paramLengths, const int *paramFormats,
	   int resultFormat),
	  (conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats,
	   resultFormat))
/* Several statements in one round trip (libpq 14 and later; 0 from an older one: one by one). */
DYNLIB_FN(dynlib_pq, int, 0, PQenterPipelineMode, (PGconn *conn), (conn))
DYNLIB_FN(dynlib_pq, int, 0, PQexitPipelineMode, (PGconn *conn), (conn))
DYNLIB_FN(dynlib_pq, int, 0, PQpipelineSync, (PGconn *conn), (conn))
DYNLIB_VOID(dynlib_pq, PQfinish, (PGconn *conn), (conn))
DYNLIB_VOID(dynlib_pq, PQfreemem, (void *ptr), (ptr))
DYNLIB_FN(dynlib_pq, PGresult *, NULL, PQgetResult, (PGconn *conn), (conn))
DYNLIB_FN(dynlib_pq, PGresult *, NULL, PQprepare,
	  (PGconn *conn, const char *stmtName, const char *query, int nParams,
	   const Oid *paramTypes),
	  (conn, stmtName, query, nParams, paramTypes))
DYNLIB_FN(dynlib_pq, PGresult *, NULL, PQexecPrepared,
	  (PGconn *conn, const char *stmtName, int nParams, const char *const *paramValues,
	   const int *paramLengths, const int *paramFormats, int resultFormat),
	  (conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat))
DYNLIB_FN(dynlib_pq, char *, (char *)"", PQcmdTuples, (PGresult *res), (res))
DYNLIB_FN(dynlib_pq, int, 1, PQgetisnull, (const PGresult *res, int tup_num, int field_num),
	  (res, tup_num, field_num))
DYNLIB_FN(dynlib_pq, char *, (char *)"", PQgetvalue,
	  (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num))
DYNLIB_FN(dynlib_pq, int, 0, PQntuples, (const PGresult *res), (res))
/* Binary results (the hub's reports, core/pghub.c): a value's length, a column's type. */
DYNLIB_FN(dynlib_pq, int, 0, PQgetlength, (const PGresult *res, int tup_num, int field_num),
	  (res, tup_num, field_num))
DYNLIB_FN(dynlib_pq, int, 0, PQnfields, (const PGresult *res), (res))
DYNLIB_FN(dynlib_pq, Oid, 0, PQftype, (const PGresult *res, int field_num), (res, field_num))
DYNLIB_FN(dynlib_pq, int, -1, PQputCopyData, (PGconn *conn, const char *buffer, int nbytes),
	  (conn, buffer, nbytes))
DYNLIB_FN(dynlib_pq, int, -1, PQputCopyEnd, (PGconn *conn, const char *errormsg),
	  (conn, errormsg))
DYNLIB_FN(dynlib_pq, char *, (char *)"libpq is not installed", PQresultErrorMessage,
	  (const PGresult *res), (res))
DYNLIB_FN(dynlib_pq, ExecStatusType, PGRES_FATAL_ERROR, PQresultStatus, (const PGresult *res),
	  (res))
DYNLIB_FN(dynlib_pq, ConnStatusType, CONNECTION_BAD, PQstatus, (const PGconn *conn), (conn))
DYNLIB_FN(dynlib_pq, unsigned char *, NULL, PQunescapeBytea,
	  (const unsigned char *strtext, size_t *retbuflen), (strtext, retbuflen))
/* Used by tests/bench/bench_pghub.c (its COPY baseline). */
DYNLIB_FN(dynlib_pq, int, -2, PQgetCopyData, (PGconn *conn, char **buffer, int async),
	  (conn, buffer, async))
