/*
 * refdata.c - the province and OCOP group tables (see refdata.h).
 *
 * The tables are either the ones compiled from the embedded files at
 * build time (refdata_builtin, refdata_table.h: installed by pointing at
 * them, nothing parsed or allocated), or parsed from JSON: loading then
 * parses both files with cJSON into a fresh struct loaded, checks
 * everything a look-up relies on, and only then installs it in the one
 * process-wide pointer, so the tables are either complete and consistent
 * or absent.  A parsed table owns its strings (one malloc each, listed in
 * struct loaded's str) and its entries point to them as const.
 *
 * Names are matched through search keys computed once at load time:
 * vn_fold() of the name (lowercase ASCII words), with one leading
 * administrative prefix ("tinh", "thanh pho", "tp") removed for
 * provinces.  The tables are tiny (34 + 63 + 6 + 26 rows), so look-ups
 * are linear scans.
 *
 * Provinces are kept in code order; legacy provinces and product sets in
 * file order.  A legacy entry stores its target's code; the JSON must
 * list every merged legacy code in its new province's "absorbed" array
 * and nowhere else, which catches a mapping edited on one side only.
 */
#include "refdata.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "fileio.h"
#include "i18n.h"
#include "refdata_table.h"
#include "vntext.h"

#define NPROVINCES 34
#define NLEGACY 63
#define NGROUPS 6
#define NSETS 26
#define FILE_MAX (4u << 20)   /* a reference file bigger than this is wrong */

/* Tables parsed at run time: the arrays, writable while loading, and
 * every string their entries point to. */
struct loaded {
	struct refdata_prov *prov;
	size_t nprov;
	struct refdata_legacy *leg;
	unsigned char *listed;  /* leg[i] seen in an "absorbed" list */
	size_t nleg;
	struct ocop_group *grp;
	size_t ngrp;
	struct refdata_set *set;
	size_t nset;
	char **str;             /* NSTR slots */
	size_t nstr;
	struct refdata_tables view;  /* what g_tab points to once installed */
};

/* Strings per table: province name, ASCII name and key; legacy name and
 * key; group name and English name; set name, English name and key. */
#define NSTR (3 * NPROVINCES + 2 * NLEGACY + 2 * NGROUPS + 3 * NSETS)

static const struct refdata_tables *g_tab;
static struct loaded *g_loaded;  /* owns what g_tab points to, when parsed */
static int g_deferred;      /* refdata_defer(): the first look-up loads the embedded tables */

/* Every look-up starts here: load the tables if refdata_defer() said to. */
static void lazy_load(void)
{
	if (!g_tab && g_deferred) {
		g_deferred = 0;     /* once: a failure leaves the "not loaded" answers */
		refdata_load(NULL, NULL);
	}
}

static const char *const prov_prefixes[] = { "thanh pho ", "tinh ", "tp " };

/* ---- small helpers ------------------------------------------------ */

static int bad(struct pos_error *err, const char *file, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* POS_ERR_INVALID with the message "FILE: <fmt>". */
static int bad(struct pos_error *err, const char *file, const char *fmt, ...)
{
	char msg[POS_ERRMSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return pos_fail(err, POS_ERR_INVALID, "%s: %s", file, msg);
}

static int no_mem(struct pos_error *err)
{
	return pos_fail(err, POS_ERR_NO_MEM, tr("out of memory loading reference data"));
}

static char *dup_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

/* vn_fold(s) in a new heap string, or NULL when out of memory. */
static char *fold_dup(const char *s)
{
	char small[256];
	size_t need = vn_fold(s, small, sizeof(small));
	char *out = malloc(need + 1);

	if (!out)
		return NULL;
	if (need < sizeof(small))
		memcpy(out, small, need + 1);
	else
		vn_fold(s, out, need + 1);
	return out;
}

/* Remove one leading administrative prefix from a folded name, in place. */
static void strip_prefix(char *key)
{
	size_t i;

	for (i = 0; i < sizeof(prov_prefixes) / sizeof(prov_prefixes[0]); i++) {
		size_t n = strlen(prov_prefixes[i]);

		if (strncmp(key, prov_prefixes[i], n) == 0 && key[n]) {
			memmove(key, key + n, strlen(key + n) + 1);
			return;
		}
	}
}

/* The search key of a province name, or NULL when out of memory. */
static char *prov_key(const char *name)
{
	char *k = fold_dup(name);

	if (k)
		strip_prefix(k);
	return k;
}

static int is_two_digits(const char *s)
{
	return s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' && !s[2];
}

static int is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

/* Copy s without leading and trailing blanks into out (size n); returns
 * 0, or -1 when it does not fit. */
static int trim_copy(const char *s, char *out, size_t n)
{
	size_t len;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
			   s[len - 1] == '\n' || s[len - 1] == '\r'))
		len--;
	if (len >= n)
		return -1;
	memcpy(out, s, len);
	out[len] = '\0';
	return 0;
}

static int is_blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 0;
	return 1;
}

/* Record s (a new heap string, or NULL when out of memory) as owned by
 * t; returns s, or NULL when it could not be recorded. */
static const char *keep(struct loaded *t, char *s)
{
	if (!s)
		return NULL;
	if (t->nstr >= NSTR) {      /* the counts checked before make this impossible */
		free(s);
		return NULL;
	}
	t->str[t->nstr++] = s;
	return s;
}

static void loaded_free(struct loaded *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->nstr; i++)
		free(t->str[i]);
	free(t->str);
	free(t->prov);
	free(t->leg);
	free(t->listed);
	free(t->grp);
	free(t->set);
	free(t);
}

/* Index of the province with this code in a[0..n), or n. */
static size_t prov_index(const struct refdata_prov *a, size_t n, const char *code)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(a[i].pub.code, code) == 0)
			break;
	return i;
}

/* Index of the legacy province with this code in a[0..n), or n. */
static size_t leg_index(const struct refdata_legacy *a, size_t n, const char *code)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(a[i].code, code) == 0)
			break;
	return i;
}

static const struct refdata_prov *tab_prov(const struct refdata_tables *t, const char *code)
{
	size_t i = prov_index(t->prov, t->nprov, code);

	return i < t->nprov ? &t->prov[i] : NULL;
}

static const struct refdata_legacy *tab_leg(const struct refdata_tables *t, const char *code)
{
	size_t i = leg_index(t->leg, t->nleg, code);

	return i < t->nleg ? &t->leg[i] : NULL;
}

/* ---- JSON access -------------------------------------------------- */

/* Parse json and check its format tag and version; *out owns the tree. */
static int parse_root(const char *json, const char *file, const char *format,
		      cJSON **out, struct pos_error *err)
{
	const char *end = NULL;
	const cJSON *f, *v;
	cJSON *root;

	if (!json)
		return bad(err, file, "no data");
	root = cJSON_ParseWithOpts(json, &end, 1);
	if (!root) {
		int line = 1;
		const char *p;

		if (!end || end < json || end > json + strlen(json))
			end = json;
		for (p = json; p < end; p++)
			if (*p == '\n')
				line++;
		return bad(err, file, "not valid JSON (error near line %d)", line);
	}
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return bad(err, file, "expected a JSON object");
	}
	f = cJSON_GetObjectItemCaseSensitive(root, "format");
	if (!cJSON_IsString(f) || strcmp(f->valuestring, format) != 0) {
		cJSON_Delete(root);
		return bad(err, file, "\"format\" must be \"%s\"", format);
	}
	v = cJSON_GetObjectItemCaseSensitive(root, "version");
	if (!cJSON_IsNumber(v) || v->valuedouble != 1.0) {
		cJSON_Delete(root);
		return bad(err, file, "unsupported \"version\" (this ocop-pos reads version 1)");
	}
	*out = root;
	return 0;
}

/* The non-empty string member key of obj, or NULL. */
static const char *get_str(const cJSON *obj, const char *key)
{
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!cJSON_IsString(s) || !s->valuestring[0])
		return NULL;
	return s->valuestring;
}

/* ---- provinces.json ----------------------------------------------- */

static int cmp_prov(const void *a, const void *b)
{
	const struct refdata_prov *x = a, *y = b;

	return strcmp(x->pub.code, y->pub.code);
}

static int load_prov_entries(struct loaded *t, const cJSON *arr, const char *file,
			     struct pos_error *err)
{
	const cJSON *it;
	int n = cJSON_GetArraySize(arr);

	if (n != NPROVINCES)
		return bad(err, file, "expected %d provinces, found %d", NPROVINCES, n);
	t->prov = calloc((size_t)n, sizeof(*t->prov));
	if (!t->prov)
		return no_mem(err);
	cJSON_ArrayForEach(it, arr) {
		struct refdata_prov *e = &t->prov[t->nprov];
		size_t pos = t->nprov + 1;
		const char *code = get_str(it, "code");
		const char *name = get_str(it, "name");
		const char *ascii = get_str(it, "name_ascii");
		const char *kind = get_str(it, "kind");
		char *fa;
		int same;

		if (!code || !is_two_digits(code))
			return bad(err, file, "province #%zu: \"code\" must be two digits", pos);
		if (prov_index(t->prov, t->nprov, code) < t->nprov)
			return bad(err, file, "duplicate province code \"%s\"", code);
		if (!name || !ascii)
			return bad(err, file, "province %s: \"name\" and \"name_ascii\" are required",
				   code);
		if (!is_ascii(ascii))
			return bad(err, file, "province %s: \"name_ascii\" must be plain ASCII", code);
		if (!kind || (strcmp(kind, "city") != 0 && strcmp(kind, "province") != 0))
			return bad(err, file, "province %s: \"kind\" must be \"city\" or \"province\"",
				   code);
		if (!cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(it, "absorbed")))
			return bad(err, file, "province %s: \"absorbed\" must be an array of codes",
				   code);
		t->nprov++;
		memcpy(e->pub.code, code, 3);
		e->pub.is_city = strcmp(kind, "city") == 0;
		e->pub.name = keep(t, dup_str(name));
		e->pub.name_ascii = keep(t, dup_str(ascii));
		e->key = keep(t, prov_key(name));
		if (!e->pub.name || !e->pub.name_ascii || !e->key)
			return no_mem(err);
		fa = prov_key(ascii);
		if (!fa)
			return no_mem(err);
		same = strcmp(fa, e->key) == 0;
		free(fa);
		if (!same)
			return bad(err, file, "province %s: \"name_ascii\" \"%s\" does not match "
				   "\"name\" \"%s\"", code, ascii, name);
	}
	return 0;
}

static int load_legacy_entries(struct loaded *t, const cJSON *arr, const char *file,
			       struct pos_error *err)
{
	const cJSON *it;
	int n = cJSON_GetArraySize(arr);

	if (!cJSON_IsArray(arr))
		return bad(err, file, "\"legacy\" must be an array");
	if (n != NLEGACY)
		return bad(err, file, "expected %d legacy provinces, found %d", NLEGACY, n);
	t->leg = calloc((size_t)n, sizeof(*t->leg));
	t->listed = calloc((size_t)n, sizeof(*t->listed));
	if (!t->leg || !t->listed)
		return no_mem(err);
	cJSON_ArrayForEach(it, arr) {
		struct refdata_legacy *e = &t->leg[t->nleg];
		const char *code = get_str(it, "code");
		const char *name = get_str(it, "name");
		const char *to = get_str(it, "to");

		if (!code || !is_two_digits(code))
			return bad(err, file, "legacy province #%zu: \"code\" must be two digits",
				   t->nleg + 1);
		if (leg_index(t->leg, t->nleg, code) < t->nleg)
			return bad(err, file, "duplicate legacy province code \"%s\"", code);
		if (!name)
			return bad(err, file, "legacy province %s: \"name\" is required", code);
		if (!to || !is_two_digits(to) || prov_index(t->prov, t->nprov, to) == t->nprov)
			return bad(err, file, "legacy province %s (%s): \"to\" must be the code of "
				   "one of the 2025 provinces", code, name);
		if (prov_index(t->prov, t->nprov, code) < t->nprov && strcmp(code, to) != 0)
			return bad(err, file, "legacy province %s (%s) maps to %s, but a legacy code "
				   "that is also a 2025 code must map to itself", code, name, to);
		t->nleg++;
		memcpy(e->code, code, 3);
		memcpy(e->to, to, 3);
		e->name = keep(t, dup_str(name));
		e->key = keep(t, prov_key(name));
		if (!e->name || !e->key)
			return no_mem(err);
	}
	return 0;
}

/* Every merged legacy code is listed in "absorbed" of its new province. */
static int check_absorbed(struct loaded *t, const cJSON *arr, const char *file,
			  struct pos_error *err)
{
	const cJSON *it, *a;
	size_t i;

	cJSON_ArrayForEach(it, arr) {
		const char *code = get_str(it, "code");

		cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(it, "absorbed")) {
			const struct refdata_legacy *l;
			size_t li;

			if (!cJSON_IsString(a) || !is_two_digits(a->valuestring))
				return bad(err, file, "province %s: \"absorbed\" must hold two-digit "
					   "codes", code);
			li = leg_index(t->leg, t->nleg, a->valuestring);
			if (li == t->nleg)
				return bad(err, file, "province %s absorbed \"%s\", which is not a "
					   "legacy province code", code, a->valuestring);
			l = &t->leg[li];
			if (strcmp(l->to, code) != 0 || strcmp(l->code, code) == 0)
				return bad(err, file, "province %s absorbed %s (%s), but that legacy "
					   "province maps to %s", code, l->code, l->name, l->to);
			if (t->listed[li])
				return bad(err, file, "legacy province %s is absorbed twice", l->code);
			t->listed[li] = 1;
		}
	}
	for (i = 0; i < t->nleg; i++) {
		const struct refdata_legacy *l = &t->leg[i];

		if (strcmp(l->code, l->to) != 0 && !t->listed[i])
			return bad(err, file, "legacy province %s (%s) maps to %s but is missing "
				   "from that province's \"absorbed\" list", l->code, l->name, l->to);
	}
	for (i = 0; i < t->nprov; i++)
		if (leg_index(t->leg, t->nleg, t->prov[i].pub.code) == t->nleg)
			return bad(err, file, "province %s has no legacy province with the same "
				   "code", t->prov[i].pub.code);
	return 0;
}

/* Names must resolve to one province only. */
static int check_prov_names(const struct loaded *t, const char *file, struct pos_error *err)
{
	size_t i, j;

	for (i = 0; i < t->nprov; i++)
		for (j = 0; j < i; j++)
			if (strcmp(t->prov[i].key, t->prov[j].key) == 0)
				return bad(err, file, "provinces %s and %s have the same name",
					   t->prov[j].pub.code, t->prov[i].pub.code);
	for (i = 0; i < t->nleg; i++) {
		const struct refdata_legacy *l = &t->leg[i];

		for (j = 0; j < i; j++)
			if (strcmp(l->key, t->leg[j].key) == 0)
				return bad(err, file, "legacy provinces %s and %s have the same name",
					   t->leg[j].code, l->code);
		for (j = 0; j < t->nprov; j++)
			if (strcmp(l->key, t->prov[j].key) == 0 &&
			    strcmp(l->to, t->prov[j].pub.code) != 0)
				return bad(err, file, "legacy province %s (%s) maps to %s but has the "
					   "name of province %s", l->code, l->name, l->to,
					   t->prov[j].pub.code);
	}
	return 0;
}

static int load_provinces(struct loaded *t, const char *json, const char *file,
			  struct pos_error *err)
{
	cJSON *root = NULL;
	const cJSON *arr;
	int rc;

	rc = parse_root(json, file, "ocop-pos/provinces", &root, err);
	if (rc)
		return rc;
	arr = cJSON_GetObjectItemCaseSensitive(root, "provinces");
	if (!cJSON_IsArray(arr)) {
		rc = bad(err, file, "\"provinces\" must be an array");
		goto out;
	}
	rc = load_prov_entries(t, arr, file, err);
	if (rc)
		goto out;
	rc = load_legacy_entries(t, cJSON_GetObjectItemCaseSensitive(root, "legacy"), file, err);
	if (rc)
		goto out;
	rc = check_absorbed(t, arr, file, err);
	if (rc)
		goto out;
	rc = check_prov_names(t, file, err);
	if (rc)
		goto out;
	qsort(t->prov, t->nprov, sizeof(*t->prov), cmp_prov);
out:
	cJSON_Delete(root);
	return rc;
}

/* ---- ocop-groups.json --------------------------------------------- */

/* A set code is "<group>.<digits>", shorter than struct ocop_set's code. */
static int valid_set_code(const char *code, int group)
{
	char prefix[8];
	size_t n, len = strlen(code);
	int w = snprintf(prefix, sizeof(prefix), "%d.", group);

	if (w < 0 || (size_t)w >= sizeof(prefix))
		return 0;
	n = (size_t)w;
	if (len <= n || len >= sizeof(((struct ocop_set *)0)->code) ||
	    strncmp(code, prefix, n) != 0)
		return 0;
	for (; code[n]; n++)
		if (code[n] < '0' || code[n] > '9')
			return 0;
	return 1;
}

static int load_sets(struct loaded *t, const cJSON *arr, int group, const char *file,
		     struct pos_error *err)
{
	const cJSON *it;
	size_t j;

	cJSON_ArrayForEach(it, arr) {
		struct refdata_set *e = &t->set[t->nset];
		const char *code = get_str(it, "code");
		const char *name = get_str(it, "name");
		const char *name_en = get_str(it, "name_en");

		if (!code || !valid_set_code(code, group))
			return bad(err, file, "group %d, set #%zu: \"code\" must look like \"%d.01\"",
				   group, t->nset + 1, group);
		for (j = 0; j < t->nset; j++)
			if (strcmp(t->set[j].pub.code, code) == 0)
				return bad(err, file, "duplicate product set code \"%s\"", code);
		if (!name || !name_en)
			return bad(err, file, "product set %s: \"name\" and \"name_en\" are required",
				   code);
		t->nset++;
		snprintf(e->pub.code, sizeof(e->pub.code), "%s", code);
		e->pub.group = group;
		e->pub.name = keep(t, dup_str(name));
		e->pub.name_en = keep(t, dup_str(name_en));
		e->key = keep(t, fold_dup(name));
		if (!e->pub.name || !e->pub.name_en || !e->key)
			return no_mem(err);
		for (j = 0; j + 1 < t->nset; j++)
			if (strcmp(t->set[j].key, e->key) == 0)
				return bad(err, file, "product sets %s and %s have the same name",
					   t->set[j].pub.code, code);
	}
	return 0;
}

static int load_group_entries(struct loaded *t, const cJSON *arr, const char *file,
			      struct pos_error *err)
{
	const cJSON *it;
	size_t j;
	int n = cJSON_GetArraySize(arr), nsets = 0;

	if (n != NGROUPS)
		return bad(err, file, "expected %d groups, found %d", NGROUPS, n);
	cJSON_ArrayForEach(it, arr) {
		const cJSON *sets = cJSON_GetObjectItemCaseSensitive(it, "sets");

		if (!cJSON_IsArray(sets) || cJSON_GetArraySize(sets) == 0)
			return bad(err, file, "every group needs a non-empty \"sets\" array");
		nsets += cJSON_GetArraySize(sets);
	}
	if (nsets != NSETS)
		return bad(err, file, "expected %d product sets, found %d", NSETS, nsets);
	t->grp = calloc(NGROUPS, sizeof(*t->grp));
	t->set = calloc(NSETS, sizeof(*t->set));
	if (!t->grp || !t->set)
		return no_mem(err);
	cJSON_ArrayForEach(it, arr) {
		struct ocop_group *e = &t->grp[t->ngrp];
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "id");
		const cJSON *stock = cJSON_GetObjectItemCaseSensitive(it, "stock");
		const char *name = get_str(it, "name");
		const char *name_en = get_str(it, "name_en");
		int rc;

		if (!cJSON_IsNumber(id) || id->valuedouble < 1 || id->valuedouble > NGROUPS ||
		    id->valuedouble != (double)id->valueint)
			return bad(err, file, "group #%zu: \"id\" must be a number from 1 to %d",
				   t->ngrp + 1, NGROUPS);
		for (j = 0; j < t->ngrp; j++)
			if (t->grp[j].id == id->valueint)
				return bad(err, file, "duplicate group id %d", id->valueint);
		if (!name || !name_en)
			return bad(err, file, "group %d: \"name\" and \"name_en\" are required",
				   id->valueint);
		if (!cJSON_IsBool(stock))
			return bad(err, file, "group %d: \"stock\" must be true or false",
				   id->valueint);
		t->ngrp++;
		e->id = id->valueint;
		e->has_stock = cJSON_IsTrue(stock);
		e->name = keep(t, dup_str(name));
		e->name_en = keep(t, dup_str(name_en));
		if (!e->name || !e->name_en)
			return no_mem(err);
		rc = load_sets(t, cJSON_GetObjectItemCaseSensitive(it, "sets"), e->id,
			       file, err);
		if (rc)
			return rc;
	}
	return 0;
}

static int load_groups(struct loaded *t, const char *json, const char *file,
		       struct pos_error *err)
{
	cJSON *root = NULL;
	const cJSON *arr;
	int rc;

	rc = parse_root(json, file, "ocop-pos/ocop-groups", &root, err);
	if (rc)
		return rc;
	arr = cJSON_GetObjectItemCaseSensitive(root, "groups");
	if (!cJSON_IsArray(arr))
		rc = bad(err, file, "\"groups\" must be an array");
	else
		rc = load_group_entries(t, arr, file, err);
	cJSON_Delete(root);
	return rc;
}

/* ---- loading ------------------------------------------------------ */

static int load_named(const char *prov_json, const char *prov_file, const char *grp_json,
		      const char *grp_file, struct pos_error *err)
{
	struct loaded *t;
	int rc;

	t = calloc(1, sizeof(*t));
	if (t)
		t->str = calloc(NSTR, sizeof(*t->str));
	if (!t || !t->str) {
		loaded_free(t);
		return no_mem(err);
	}
	rc = load_provinces(t, prov_json, prov_file, err);
	if (rc)
		goto fail;
	rc = load_groups(t, grp_json, grp_file, err);
	if (rc)
		goto fail;
	if (g_tab) {
		loaded_free(t);     /* already loaded: keep what callers hold */
	} else {
		t->view = (struct refdata_tables){ t->prov, t->nprov, t->leg, t->nleg,
						   t->grp, t->ngrp, t->set, t->nset };
		g_loaded = t;
		g_tab = &t->view;
	}
	return 0;
fail:
	loaded_free(t);
	return rc;
}

int refdata_load_json(const char *provinces_json, const char *groups_json,
		      struct pos_error *err)
{
	return load_named(provinces_json, REFDATA_PROVINCES_FILE, groups_json,
			  REFDATA_GROUPS_FILE, err);
}

/*
 * The text of file name: dir/name when dir is set and it exists (then
 * *buf owns the text and label is the path), else the embedded copy.
 */
static int read_source(const char *dir, const char *name, char **buf, const char **text,
		       char *label, size_t labelsz, struct pos_error *err)
{
	const struct embedded_file *ef;
	char path[4096], embedded_path[64];
	size_t len = 0;
	char *data = NULL;
	int w, r;

	*buf = NULL;
	if (dir) {
		w = snprintf(path, sizeof(path), "%s/%s", dir, name);
		if (w < 0 || (size_t)w >= sizeof(path))
			return pos_fail(err, POS_ERR_INVALID, tr("data directory name too long: %s"),
					dir);
		r = fileio_read(path, FILE_MAX, &data, &len, err);
		if (r == 0) {
			if (strlen(data) != len) {
				free(data);
				return pos_fail(err, POS_ERR_INVALID, tr("%s: contains a NUL byte"),
						path);
			}
			snprintf(label, labelsz, "%s", path);
			*buf = data;
			*text = data;
			return 0;
		}
		if (r != POS_ERR_NOT_FOUND)
			return r;
	}
	snprintf(embedded_path, sizeof(embedded_path), "config/%s", name);
	ef = embedded_find(embedded_path);
	if (!ef)
		return pos_fail(err, POS_ERR_NOT_FOUND, tr("%s is not built into this ocop-pos; "
				"give a data directory that holds it"), embedded_path);
	snprintf(label, labelsz, "%s (built in)", embedded_path);
	*text = (const char *)ef->data;
	return 0;
}

int refdata_load(const char *dir, struct pos_error *err)
{
	char plabel[4200], glabel[4200];
	const char *ptext = NULL, *gtext = NULL;
	char *pbuf = NULL, *gbuf = NULL;
	int rc;

	if (g_tab)
		return 0;
	/* Nothing to replace the embedded files: their compiled tables. */
	if (!dir && refdata_builtin.nprov) {
		g_tab = &refdata_builtin;
		return 0;
	}
	rc = read_source(dir, REFDATA_PROVINCES_FILE, &pbuf, &ptext, plabel, sizeof(plabel),
			 err);
	if (rc)
		goto out;
	rc = read_source(dir, REFDATA_GROUPS_FILE, &gbuf, &gtext, glabel, sizeof(glabel), err);
	if (rc)
		goto out;
	if (!pbuf && !gbuf && refdata_builtin.nprov)
		g_tab = &refdata_builtin;   /* neither file in dir */
	else
		rc = load_named(ptext, plabel, gtext, glabel, err);
out:
	free(gbuf);
	free(pbuf);
	return rc;
}

void refdata_defer(void)
{
	if (!g_tab)
		g_deferred = 1;
}

void refdata_free(void)
{
	loaded_free(g_loaded);
	g_loaded = NULL;
	g_tab = NULL;
	g_deferred = 0;
}

const struct refdata_tables *refdata_tables_current(void)
{
	return g_tab;
}

static int not_loaded(struct pos_error *err)
{
	return pos_fail(err, POS_ERR_NOT_FOUND,
			"reference data not loaded: call refdata_load() first");
}

/* ---- provinces ---------------------------------------------------- */

size_t province_count(void)
{
	lazy_load();
	return g_tab ? g_tab->nprov : 0;
}

const struct province *province_at(size_t i)
{
	lazy_load();
	if (!g_tab || i >= g_tab->nprov)
		return NULL;
	return &g_tab->prov[i].pub;
}

const struct province *province_find(const char *code)
{
	const struct refdata_prov *e;

	lazy_load();
	if (!g_tab || !code)
		return NULL;
	e = tab_prov(g_tab, code);
	return e ? &e->pub : NULL;
}

static int unknown_province(const char *text, struct pos_error *err)
{
	const struct province *p = &g_tab->prov[0].pub;

	return pos_fail(err, POS_ERR_NOT_FOUND, tr("unknown province \"%s\": use a 2025 code "
			"such as %s (%s) or a province name"), text, p->code, p->name);
}

int province_resolve(const char *text, const struct province **out, int *was_legacy,
		     struct pos_error *err)
{
	const struct refdata_prov *found = NULL;
	const struct refdata_legacy *l;
	char code[3], *key;
	int legacy = 0;
	size_t i;

	lazy_load();
	if (!g_tab)
		return not_loaded(err);
	if (!text || is_blank(text))
		return pos_fail(err, POS_ERR_INVALID, tr("no province given: use a 2025 code such "
				"as %s (%s) or a province name"), g_tab->prov[0].pub.code,
				g_tab->prov[0].pub.name);
	if (trim_copy(text, code, sizeof(code)) == 0 && code[0] >= '0' && code[0] <= '9') {
		if (!code[1]) {
			code[1] = code[0];
			code[0] = '0';
			code[2] = '\0';
		}
		if (!is_two_digits(code))
			return unknown_province(text, err);
		found = tab_prov(g_tab, code);
		if (!found) {
			l = tab_leg(g_tab, code);
			if (!l)
				return unknown_province(text, err);
			found = tab_prov(g_tab, l->to);
			legacy = 1;
		}
		goto done;
	}
	key = prov_key(text);
	if (!key)
		return pos_fail(err, POS_ERR_NO_MEM, tr("out of memory"));
	for (i = 0; i < g_tab->nprov && !found; i++)
		if (strcmp(g_tab->prov[i].key, key) == 0)
			found = &g_tab->prov[i];
	for (i = 0; i < g_tab->nleg && !found; i++)
		if (strcmp(g_tab->leg[i].key, key) == 0) {
			found = tab_prov(g_tab, g_tab->leg[i].to);
			legacy = 1;
		}
	free(key);
	if (!found)
		return unknown_province(text, err);
done:
	*out = &found->pub;
	if (was_legacy)
		*was_legacy = legacy;
	return 0;
}

size_t province_legacy_count(void)
{
	lazy_load();
	return g_tab ? g_tab->nleg : 0;
}

const char *province_legacy_name(const char *legacy_code)
{
	const struct refdata_legacy *l;

	lazy_load();
	if (!g_tab || !legacy_code)
		return NULL;
	l = tab_leg(g_tab, legacy_code);
	return l ? l->name : NULL;
}

/* ---- OCOP groups and sets ----------------------------------------- */

size_t ocop_group_count(void)
{
	lazy_load();
	return g_tab ? g_tab->ngrp : 0;
}

const struct ocop_group *ocop_group_find(int id)
{
	size_t i;

	lazy_load();
	if (!g_tab)
		return NULL;
	for (i = 0; i < g_tab->ngrp; i++)
		if (g_tab->grp[i].id == id)
			return &g_tab->grp[i];
	return NULL;
}

size_t ocop_set_count(void)
{
	lazy_load();
	return g_tab ? g_tab->nset : 0;
}

const struct ocop_set *ocop_set_at(size_t i)
{
	lazy_load();
	if (!g_tab || i >= g_tab->nset)
		return NULL;
	return &g_tab->set[i].pub;
}

/* The set s, if it belongs to group (any group when group <= 0). */
static int set_in_group(const struct refdata_set *s, int group, const struct ocop_set **out,
			struct pos_error *err)
{
	const struct ocop_group *want, *has;

	if (group > 0 && s->pub.group != group) {
		want = ocop_group_find(group);
		has = ocop_group_find(s->pub.group);
		return pos_fail(err, POS_ERR_INVALID, tr("product set %s (%s) belongs to group %d "
				"(%s), not group %d (%s)"), s->pub.code, s->pub.name,
				s->pub.group, has ? has->name : "?", group,
				want ? want->name : "?");
	}
	*out = &s->pub;
	return 0;
}

static int is_set_code_text(const char *s)
{
	int dot = 0;

	if (!*s)
		return 0;
	for (; *s; s++) {
		if (*s == '.')
			dot++;
		else if (*s < '0' || *s > '9')
			return 0;
	}
	return dot == 1;
}

int ocop_set_resolve(int group, const char *text, const struct ocop_set **out,
		     struct pos_error *err)
{
	const struct refdata_set *hit = NULL, *in_grp = NULL, *other = NULL;
	size_t i, klen, n_in = 0, n_all = 0;
	char code[16], *key;

	lazy_load();
	if (!g_tab)
		return not_loaded(err);
	if (group > 0 && !ocop_group_find(group))
		return pos_fail(err, POS_ERR_INVALID, tr("unknown OCOP group %d: use 1 to %zu"),
				group, g_tab->ngrp);
	if (!text || is_blank(text))
		return pos_fail(err, POS_ERR_INVALID, tr("no product set given: use a code such "
				"as %s or a set name"), g_tab->set[0].pub.code);
	if (trim_copy(text, code, sizeof(code)) == 0 && is_set_code_text(code)) {
		for (i = 0; i < g_tab->nset; i++)
			if (strcmp(g_tab->set[i].pub.code, code) == 0)
				return set_in_group(&g_tab->set[i], group, out, err);
		goto unknown;
	}
	key = fold_dup(text);
	if (!key)
		return pos_fail(err, POS_ERR_NO_MEM, tr("out of memory"));
	klen = strlen(key);
	for (i = 0; i < g_tab->nset && klen && !hit; i++)
		if (strcmp(g_tab->set[i].key, key) == 0)
			hit = &g_tab->set[i];
	for (i = 0; i < g_tab->nset && klen && !hit; i++) {
		const struct refdata_set *s = &g_tab->set[i];

		if (strncmp(s->key, key, klen) != 0)
			continue;
		if (group > 0 && s->pub.group == group) {
			if (n_in++ == 0)
				in_grp = s;
		} else if (n_all++ == 0) {
			other = s;
		}
	}
	free(key);
	if (hit)
		return set_in_group(hit, group, out, err);
	/* Prefer matches in the wanted group; else any group. */
	if (n_in == 1)
		return set_in_group(in_grp, group, out, err);
	if (n_in == 0 && n_all == 1)
		return set_in_group(other, group, out, err);
	if (n_in > 1 || (n_in == 0 && n_all > 1)) {
		const struct refdata_set *first = n_in ? in_grp : other;

		return pos_fail(err, POS_ERR_INVALID, tr("product set \"%s\" is ambiguous (%zu sets "
				"start so, e.g. %s %s): type more of the name or use the code"),
				text, n_in ? n_in : n_all, first->pub.code, first->pub.name);
	}
unknown:
	return pos_fail(err, POS_ERR_NOT_FOUND, tr("unknown OCOP product set \"%s\": use a code "
			"such as %s or a set name"), text, g_tab->set[0].pub.code);
}
