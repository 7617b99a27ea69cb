/*
 * refdata.h - reference data: Vietnam's provinces (the 34 units since the
 * 1 July 2025 reform, plus the 63 pre-2025 provinces and where each went)
 * and the OCOP product groups (6 sectors, 26 product sets).
 *
 * The data lives in config/provinces.json and config/ocop-groups.json,
 * which are compiled into the binary as ready tables (checked at build
 * time by src/gen-refdata.c, core/refdata_table.h); a directory given to
 * refdata_load() may hold replacements, which are parsed and checked.
 * The tables are loaded once, validated as a whole, and then immutable
 * and process-wide: pointers returned by the look-ups below stay valid
 * until refdata_free().
 *
 * refdata_load() (or refdata_load_json()) must be called before any
 * look-up, or refdata_defer() to have the first look-up load the embedded
 * tables (the program does that when no data directory is given).  Loading
 * the compiled tables parses and allocates nothing.  Before loading,
 * counts are 0, finders return NULL and resolvers return
 * POS_ERR_NOT_FOUND saying so.
 * Not thread-safe while loading or freeing (ocop-pos has one thread).
 */
#ifndef OCOP_REFDATA_H
#define OCOP_REFDATA_H

#include <stddef.h>

#include "lib/err.h"

#define REFDATA_PROVINCES_FILE "provinces.json"
#define REFDATA_GROUPS_FILE "ocop-groups.json"

/*
 * Load provinces.json and ocop-groups.json, each from directory dir when
 * dir is non-NULL and the file exists there, else from the copy embedded
 * in the binary.  When neither file is in dir (or dir is NULL) this
 * installs the tables compiled from the embedded files.  Otherwise both
 * files are parsed and checked (34 provinces with
 * unique codes, every legacy province mapped to an existing new one,
 * 6 groups, 26 product sets with unique codes, ...) before anything is
 * installed, so a failure leaves no tables behind.
 * Returns 0; POS_ERR_INVALID naming the file and what is wrong with it;
 * POS_ERR_IO when a file exists but cannot be read; POS_ERR_NO_MEM.
 * When the tables are already loaded this is a no-op returning 0.
 */
int refdata_load(const char *dir, struct pos_error *err);

/*
 * Load the tables from the text of the two files (NUL-terminated UTF-8
 * JSON, owned by the caller and not kept).  Same checks and errors as
 * refdata_load(); messages call the files "provinces.json" and
 * "ocop-groups.json".  The input is always checked; if tables are
 * already loaded they are kept and the new data is discarded.
 */
int refdata_load_json(const char *provinces_json, const char *groups_json,
		      struct pos_error *err);

/*
 * Load the embedded tables at the first look-up instead of now.  They
 * are the compiled ones, checked at build time, so this cannot fail
 * (with a build whose compiled tables are empty, only memory can fail;
 * then the look-ups answer as when nothing is loaded).  A no-op when
 * loaded.
 */
void refdata_defer(void);

/* Free the tables; every pointer handed out becomes invalid.  A later
 * refdata_load() loads again.  Safe to call when nothing is loaded. */
void refdata_free(void);

/* ---- provinces ---------------------------------------------------- */

struct province {
	char code[3];           /* 2025 code, two digits ("01") */
	const char *name;       /* "Hà Nội" */
	const char *name_ascii; /* "Ha Noi" */
	int is_city;            /* centrally-run city (thành phố) */
};

/* Number of 2025 provinces and cities (34), 0 when not loaded. */
size_t province_count(void);

/* The i-th province in code order, or NULL when i >= province_count(). */
const struct province *province_at(size_t i);

/* The province with this exact 2025 code ("48"), or NULL. */
const struct province *province_find(const char *code);

/*
 * Resolve what a person or an old file calls a province:
 *  - a 2025 code ("48"), also with one digit ("1" -> 01);
 *  - a pre-2025 code ("49" -> 48 Đà Nẵng): a legacy code that is also a
 *    2025 code always means that same province;
 *  - a 2025 or pre-2025 name, compared without accents or case and
 *    ignoring a leading "Tỉnh", "Thành phố" or "TP"/"TP." ("quang nam",
 *    "Thừa Thiên Huế" -> 46 Huế, "Ba Ria Vung Tau" -> 79).
 * On success stores the 2025 province in *out and, when was_legacy is
 * non-NULL, 1 in *was_legacy if text was not a 2025 code or name but was
 * mapped from a pre-2025 one (0 otherwise), and returns 0.
 * Returns POS_ERR_NOT_FOUND for an unknown province (or when the tables
 * are not loaded), POS_ERR_INVALID for a NULL or blank text,
 * POS_ERR_NO_MEM.
 */
int province_resolve(const char *text, const struct province **out, int *was_legacy,
		     struct pos_error *err);

/* Number of pre-2025 provinces (63), 0 when not loaded. */
size_t province_legacy_count(void);

/* The name of the pre-2025 province with this exact code ("49" ->
 * "Quảng Nam"), or NULL.  Static storage until refdata_free(). */
const char *province_legacy_name(const char *legacy_code);

/* ---- OCOP groups and product sets --------------------------------- */

struct ocop_group {
	int id;                 /* 1..6 */
	const char *name;       /* "Thực phẩm" */
	const char *name_en;    /* "Food" */
	int has_stock;          /* 0 for tourism services (group 6) */
};

struct ocop_set {
	char code[8];           /* "1.13" */
	int group;              /* id of its group */
	const char *name;       /* "Cà phê, ca cao" */
	const char *name_en;    /* "Coffee and cocoa" */
};

/* Number of groups (6), 0 when not loaded. */
size_t ocop_group_count(void);

/* The group with this id, or NULL. */
const struct ocop_group *ocop_group_find(int id);

/* Number of product sets (26), 0 when not loaded. */
size_t ocop_set_count(void);

/* The i-th product set in file order (group by group), or NULL. */
const struct ocop_set *ocop_set_at(size_t i);

/*
 * Resolve a product set from its code ("1.13") or its name, compared
 * without accents or case: an exact name, else a prefix of exactly one
 * set's name ("ca phe" -> 1.13).  When group > 0 the set must belong to
 * that group, and a name prefix is looked for in that group first.
 * Stores the set in *out and returns 0; POS_ERR_NOT_FOUND for an unknown
 * set (or when not loaded); POS_ERR_INVALID for a set of another group,
 * an ambiguous prefix, a group that does not exist or a blank text;
 * POS_ERR_NO_MEM.
 */
int ocop_set_resolve(int group, const char *text, const struct ocop_set **out,
		     struct pos_error *err);

#endif
