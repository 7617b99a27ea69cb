/*
 * open_floor.c - the floor of a command that opens the showroom database
 * (issue 16 item 4), compiled and timed by bench_cli.sh: a C program
 * that does nothing but what `ocop-pos product show SKU` must do with
 * SQLite -- open DB, the same pragmas (which make SQLite read and parse
 * the whole schema), read the product, close -- and none of ocop-pos's
 * own work (options, translations, reference data, output).
 *
 *   open_floor DB SKU
 *
 * bench_cli.sh builds it twice: against libsqlite3.so, and against
 * libsqlite3.a as ocop-pos links it.
 */
#include <sqlite3.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	int rc = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: open_floor DB SKU\n");
		return 2;
	}
	if (sqlite3_open_v2(argv[1], &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK ||
	    sqlite3_exec(h, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
			 "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY", NULL, NULL,
			 NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h, "SELECT sku, name, price FROM product WHERE sku = ?", -1, &st,
			       NULL) != SQLITE_OK) {
		fprintf(stderr, "open_floor: %s\n", sqlite3_errmsg(h));
		sqlite3_close(h);
		return 1;
	}
	sqlite3_bind_text(st, 1, argv[2], -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		printf("%s %s %lld\n", sqlite3_column_text(st, 0), sqlite3_column_text(st, 1),
		       sqlite3_column_int64(st, 2));
	else
		rc = 1;
	sqlite3_finalize(st);
	sqlite3_close(h);
	return rc;
}
