/*
 * refdata_table.h - refdata's tables as laid out in memory, for the
 * build-time tool that compiles them (src/gen-refdata.c) and the tests.
 * Nothing else should include it: refdata.h is the interface.
 *
 * src/gen-refdata.c loads config/provinces.json and config/ocop-groups.json
 * with refdata's own loader and checks (so the build fails on data the
 * program would refuse) and writes the loaded tables as C source
 * (build/gen/refdata_table.c, defining refdata_builtin).  refdata_load()
 * without replacement files installs refdata_builtin: nothing to parse,
 * allocate or free.  A refdata_builtin with no provinces (the tool's own,
 * see gen-refdata.c) makes refdata parse the embedded JSON instead.
 *
 * Provinces are in code order, legacy provinces and product sets in file
 * order (sets group by group); keys are the folded names refdata matches
 * names against (refdata.c).
 */
#ifndef OCOP_REFDATA_TABLE_H
#define OCOP_REFDATA_TABLE_H

#include <stddef.h>

#include "refdata.h"

struct refdata_prov {
	struct province pub;
	const char *key;        /* folded name without its prefix */
};

struct refdata_legacy {
	char code[3];
	char to[3];             /* 2025 code it became part of */
	const char *name;
	const char *key;
};

struct refdata_set {
	struct ocop_set pub;
	const char *key;        /* folded name */
};

struct refdata_tables {
	const struct refdata_prov *prov;
	size_t nprov;
	const struct refdata_legacy *leg;
	size_t nleg;
	const struct ocop_group *grp;
	size_t ngrp;
	const struct refdata_set *set;
	size_t nset;
};

/* The tables compiled from the embedded files (build/gen/refdata_table.c). */
extern const struct refdata_tables refdata_builtin;

/* The tables installed now (refdata_builtin or parsed ones), or NULL
 * when nothing is loaded.  Does not load deferred tables. */
const struct refdata_tables *refdata_tables_current(void);

#endif
