/*
 * report.c - sales reports, commercialization, consignment settlement
 * (see report.h for what the figures mean).
 *
 * How a report is computed.  One function, facts(), streams "facts": the
 * measures of one (bucket, showroom, product, stars) from the summary
 * tables -- whole months from sale_month, the days at either end of the
 * period from sale_day -- with the showroom and stars filters in the SQL
 * (optional ones written `(?N = '' OR col = ?N)`, so the statement is
 * fixed and cached).  The product's producer, kind, origin and group come
 * from a cache filled once per product (point look-ups, or one scan of
 * the catalogue once a report touches more than an eighth of it), not
 * from a join per fact, and the catalogue filters are applied there.
 * With an owner filter it reads sale_line/sale_line_lot instead and
 * shares each line among its lots (window sums, cumulative floor, exact).
 * The callers aggregate facts in C, so no GROUP BY sorts a temporary
 * B-tree.  Where the row is a property of the product (products,
 * producers, provinces, groups), the facts are summed per product in a
 * dense array first and each product is looked up and rolled up once
 * ("sums per product").  Otherwise rows are found by number (stars) or by
 * text (dates, weeks, months: a map, the last key remembered), distinct
 * products and producers per row counted in bitmaps (pairs in a hash set
 * past a memory cap) and showrooms in a word per row; the total's and the
 * programme's distinct counts are taken per product at the end.  The
 * products and commercialization reports make their rows once, in sorted
 * order, from compact keys; the others sort compact keys and move rows
 * into place once; a row's strings point into text the report owns (the
 * products and commercialization reports adopt the buffer their labels
 * were read into).  Each report reads inside one read transaction (one
 * snapshot; no lock taken and dropped per statement); report_sales_many
 * makes several groupings in one, sharing the sums per product and one
 * stream of facts per grain.  The total row takes every fact once, so it
 * reconciles with the sales whatever the grouping.  Issue 16 and
 * docs/architecture.md have the figures: a year of a 100,000-product hub.
 *
 * Books (report_book_*) turn the data into typed tables for the CLI's
 * table/CSV/JSON and xlsx.c; a streamed book makes its grouping table's
 * rows from the report as they are read (report_table_row, the cells'
 * texts pointing into the report: nothing allocated per row), so the
 * command line and xlsx.c write a large report in constant memory.
 */
#include "report.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "audit.h"
#include "clock.h"
#include "db.h"
#include "i18n.h"
#include "lib/alloc.h"
#include "producer.h"
#include "refdata.h"
#include "strmap.h"
#include "user.h"
#include "vntext.h"

/* ---- small helpers --------------------------------------------------- */

void report_measures_add(struct report_measures *a, const struct report_measures *b)
{
	a->qty_milli += b->qty_milli;
	a->amount += b->amount;
	a->vat += b->vat;
	a->cost += b->cost;
	a->commission += b->commission;
	a->sales += b->sales;
	a->returns += b->returns;
	a->returned_milli += b->returned_milli;
	a->returned_amount += b->returned_amount;
}

int64_t report_net(const struct report_measures *m)
{
	return m->amount - m->vat;
}

int64_t report_margin(const struct report_measures *m)
{
	return m->amount - m->vat - m->cost;
}

/*
 * The index stored for key; when absent, store next (and set *added).
 * Returns 0 or POS_ERR_NO_MEM.
 */
static int smap_get(struct strmap *m, const char *key, size_t next, size_t *val, int *added)
{
	long long v;

	if (strmap_get(m, key, &v)) {
		*val = (size_t)v;
		*added = 0;
		return 0;
	}
	if (strmap_put(m, key, (long long)next))
		return POS_ERR_NO_MEM;
	*val = next;
	*added = 1;
	return 0;
}

/* Showroom codes numbered 0, 1, ... as first seen; the last one remembered
 * (facts come in runs of one showroom). */
struct srnums {
	struct strmap map;
	char last[REPORT_CODE_MAX];
	size_t last_n;                   /* SIZE_MAX: none yet */
};

/* The number of showroom code into *n: 0 or POS_ERR_NO_MEM. */
static int srnum(struct srnums *s, const char *code, size_t *n)
{
	int added, r;

	if (s->last_n != SIZE_MAX && strcmp(code, s->last) == 0) {
		*n = s->last_n;
		return 0;
	}
	if ((r = smap_get(&s->map, code, s->map.n, n, &added)))
		return r;
	VN_COPY(s->last, code);
	s->last_n = *n;
	return 0;
}

/* A set of (a, b) pairs; slots with used == 0 are empty. */
struct pset {
	uint64_t *a, *b;
	unsigned char *used;
	size_t cap, n;
};

static uint64_t hash_pair(uint64_t a, uint64_t b)
{
	uint64_t h = a * 0x9e3779b97f4a7c15u ^ (b + 0x632be59bd9b4e019u + (a << 6) + (a >> 2));

	h ^= h >> 31;
	h *= 0xbf58476d1ce4e5b9u;
	return h ^ (h >> 29);
}

static void pset_release(struct pset *s)
{
	free(s->a);
	free(s->b);
	free(s->used);
	memset(s, 0, sizeof(*s));
}

/* Insert (a, b): 1 when it was new, 0 when present, POS_ERR_NO_MEM. */
static int pset_add(struct pset *s, uint64_t a, uint64_t b)
{
	size_t j;

	if ((s->n + 1) * 2 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 1024, i;
		uint64_t *na = malloc(cap * sizeof(*na)), *nb = malloc(cap * sizeof(*nb));
		unsigned char *nu = calloc(cap, 1);

		if (!na || !nb || !nu) {
			free(na);
			free(nb);
			free(nu);
			return POS_ERR_NO_MEM;
		}
		for (i = 0; i < s->cap; i++) {
			if (!s->used[i])
				continue;
			j = (size_t)hash_pair(s->a[i], s->b[i]) & (cap - 1);
			while (nu[j])
				j = (j + 1) & (cap - 1);
			na[j] = s->a[i];
			nb[j] = s->b[i];
			nu[j] = 1;
		}
		pset_release(s);
		s->a = na;
		s->b = nb;
		s->used = nu;
		s->cap = cap;
		s->n = 0;
		for (i = 0; i < cap; i++)
			s->n += nu[i];
	}
	j = (size_t)hash_pair(a, b) & (s->cap - 1);
	while (s->used[j]) {
		if (s->a[j] == a && s->b[j] == b)
			return 0;
		j = (j + 1) & (s->cap - 1);
	}
	s->a[j] = a;
	s->b[j] = b;
	s->used[j] = 1;
	s->n++;
	return 1;
}

#define FIELD_SIZE(type, field) sizeof(((type *)0)->field)

/*
 * calloc for the large arrays a report fills once (a products report's
 * rows: 45 MB at 78,000 products; its per-product sums),
 * with a hint for transparent huge pages over them: filling them then
 * takes a page fault per 2 MB rather than per 4 KB (tens of thousands of
 * faults, a good part of such a report's time).  Only a hint: freed with
 * free() as any calloc'd block.
 */
static void *big_calloc(size_t n, size_t size)
{
	void *p = calloc(n, size);
#ifdef MADV_HUGEPAGE
	const uintptr_t huge = (uintptr_t)2 << 20;

	if (p && n * size >= 4 * huge) {
		uintptr_t lo = ((uintptr_t)p + huge - 1) & ~(huge - 1);
		uintptr_t hi = ((uintptr_t)p + n * size) & ~(huge - 1);

		if (hi > lo)
			(void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
	}
#endif
	return p;
}

/* Strings kept one after the other, found by offset (labels of many products). */
struct tarena {
	char *text;
	size_t len, cap;
	int failed;                      /* a put ran out of memory */
};

/* The length of s cut as VN_COPY cuts it into an array of size bytes
 * (len: strlen(s)). */
static size_t cut_len(const char *s, size_t len, size_t size)
{
	if (len >= size) {
		len = size - 1;
		while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--;
	}
	return len;
}

/* s, cut as VN_COPY cuts it into a field of n bytes, into t: its offset
 * (0 and t->failed set when out of memory). */
static uint32_t tarena_put(struct tarena *t, const char *s, size_t n)
{
	size_t len = cut_len(s, strlen(s), n), at = t->len;

	if (at + len + 1 > UINT32_MAX || POS_GROW(t->text, t->cap, at + len + 1)) {
		t->failed = 1;
		return 0;
	}
	memcpy(t->text + at, s, len);
	t->text[at + len] = '\0';
	t->len += len + 1;
	return (uint32_t)at;
}

/*
 * The strings a report's rows point to: blocks that never move once
 * written (strings copied in, or a whole buffer of them adopted), freed
 * together with the report.
 */
struct report_strs {
	void **blocks;
	size_t n, cap;
	char *at;                        /* the free part of the last copying block */
	size_t left;
};

#define STRS_BLOCK ((size_t)64 << 10)

/* Own block (freed with s); it is freed now when that fails (returns -1). */
static int strs_adopt(struct report_strs *s, void *block)
{
	if (POS_GROW(s->blocks, s->cap, s->n + 1)) {
		free(block);
		return -1;
	}
	s->blocks[s->n++] = block;
	return 0;
}

/* src, cut as VN_COPY cuts it into size bytes, copied into s; NULL when out of memory. */
static const char *strs_put(struct report_strs *s, const char *src, size_t size)
{
	size_t len = cut_len(src, strlen(src), size);
	char *out;

	if (len + 1 > s->left) {
		size_t n = len + 1 > STRS_BLOCK ? len + 1 : STRS_BLOCK;
		char *b = malloc(n);

		if (!b || strs_adopt(s, b))
			return NULL;
		s->at = b;
		s->left = n;
	}
	out = s->at;
	memcpy(out, src, len);
	out[len] = '\0';
	s->at += len + 1;
	s->left -= len + 1;
	return out;
}

static void strs_release(struct report_strs *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->blocks[i]);
	free(s->blocks);
	memset(s, 0, sizeof(*s));
}

static void strs_free(struct report_strs *s)
{
	if (s) {
		strs_release(s);
		free(s);
	}
}

/* ---- filters ---------------------------------------------------------- */

void report_filter_init(struct report_filter *f)
{
	char today[CLOCK_DATE_LEN];

	memset(f, 0, sizeof(*f));
	f->kind = -1;
	clock_local_date(clock_now(), today);
	VN_COPY(f->to, today);
	memcpy(f->from, today, 8);
	memcpy(f->from + 8, "01", 3);
}

static int producer_id_of(struct db *db, const char *code, long long *id, struct pos_error *err)
{
	sqlite3_stmt *st;
	int r = db_prepare(db, "SELECT id FROM producer WHERE code = ?1", &st, err), rc;

	if (r)
		return r;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		r = 0;
	} else if (rc == SQLITE_DONE) {
		r = pos_fail(err, POS_ERR_NOT_FOUND,
			     tr("unknown producer \"%s\": see `ocop-pos producer list`"), code);
	} else {
		r = db_fail(db, err, "looking up a producer");
	}
	sqlite3_reset(st);
	return r;
}

int report_filter_check(struct db *db, const struct report_filter *f, struct pos_error *err)
{
	long long id;
	int r;

	if (clock_date_parse(f->from, NULL, NULL))
		return pos_fail(err, POS_ERR_INVALID, tr("--from: \"%s\" is not a date YYYY-MM-DD"),
				f->from);
	if (clock_date_parse(f->to, NULL, NULL))
		return pos_fail(err, POS_ERR_INVALID, tr("--to: \"%s\" is not a date YYYY-MM-DD"),
				f->to);
	if (strcmp(f->from, f->to) > 0)
		return pos_fail(err, POS_ERR_INVALID, tr("--from %s is after --to %s"), f->from,
				f->to);
	if (f->province[0] && !province_find(f->province))
		return pos_fail(err, POS_ERR_INVALID,
				tr("province: \"%s\" is not a 2025 province code"), f->province);
	if (f->group < 0 || f->group > 6)
		return pos_fail(err, POS_ERR_INVALID, tr("--group must be 1 to 6, not %d"), f->group);
	if (f->stars && (f->stars < 3 || f->stars > 5))
		return pos_fail(err, POS_ERR_INVALID, tr("--stars must be 3, 4 or 5, not %d"),
				f->stars);
	if (f->kind < -1 || f->kind >= PRODUCER_KIND_COUNT)
		return pos_fail(err, POS_ERR_INVALID, "producer kind %d is not known", f->kind);
	if (!db)
		return 0;                        /* names are the caller's to check */
	if (f->producer[0] && (r = producer_id_of(db, f->producer, &id, err)))
		return r;
	if (f->owner[0] && strcmp(f->owner, "shop") && strcmp(f->owner, "consigned") &&
	    (r = producer_id_of(db, f->owner, &id, err)))
		return r;
	return 0;
}

/* ---- groupings -------------------------------------------------------- */

static const char *const group_names[REPORT_GROUP_COUNT] = {
	"products", "producers", "provinces", "groups", "stars", "daily", "weekly", "monthly",
};

const char *report_group_name(enum report_group g)
{
	return (unsigned)g < REPORT_GROUP_COUNT ? group_names[g] : "";
}

int report_group_parse(const char *s, enum report_group *out, struct pos_error *err)
{
	int i;

	for (i = 0; i < REPORT_GROUP_COUNT; i++)
		if (strcmp(s, group_names[i]) == 0) {
			*out = (enum report_group)i;
			return 0;
		}
	return pos_fail(err, POS_ERR_INVALID,
			tr("unknown report \"%s\": products, producers, provinces, groups, stars, "
			   "daily, weekly or monthly"), s);
}

/* ---- facts ------------------------------------------------------------ */

enum bucket { B_NONE, B_DAY, B_MONTH };

struct fact {
	const char *bucket;              /* date, month or "" */
	const char *showroom;
	long long product_id, producer_id;
	int stars, kind, women_led, ethnic, group;
	const char *province;            /* origin */
	struct report_measures m;
};

typedef int (*fact_cb)(void *ctx, const struct fact *f);

static const char facts_summary_sql[] =
	"SELECT f.b, f.showroom, f.product_id, f.stars, f.qty_milli, f.amount, f.vat, f.cost,"
	" f.commission, f.sales, f.returns, f.returned_milli, f.returned_amount "
	"FROM (SELECT iif(?1 = 2, month, '') AS b, showroom, product_id, stars, qty_milli, amount,"
	"  vat, cost, commission, sales, returns, returned_milli, returned_amount"
	"  FROM sale_month WHERE month BETWEEN ?2 AND ?3"
	" UNION ALL"
	" SELECT CASE ?1 WHEN 1 THEN business_date WHEN 2 THEN substr(business_date, 1, 7)"
	"  ELSE '' END, showroom, product_id, stars, qty_milli, amount, vat, cost, commission,"
	"  sales, returns, returned_milli, returned_amount"
	"  FROM sale_day WHERE business_date BETWEEN ?4 AND ?5"
	" UNION ALL"
	" SELECT CASE ?1 WHEN 1 THEN business_date WHEN 2 THEN substr(business_date, 1, 7)"
	"  ELSE '' END, showroom, product_id, stars, qty_milli, amount, vat, cost, commission,"
	"  sales, returns, returned_milli, returned_amount"
	"  FROM sale_day WHERE business_date BETWEEN ?6 AND ?7"
	") f WHERE (?8 = '' OR f.showroom = ?8) AND (?13 = 0 OR f.stars = ?13)";

/*
 * Each line's lots, with the line's measures shared among them by
 * quantity: share(x) = x * cum / tot - x * (cum - q) / tot (integer
 * division of non-negative numbers: floors), which add up to x over the
 * line.  A line without lots (a service) is one share owned by the shop.
 * A line counts as one sale (or return) on its first lot.
 */
static const char facts_lots_sql[] =
	"SELECT CASE ?1 WHEN 1 THEN x.business_date WHEN 2 THEN substr(x.business_date, 1, 7)"
	" ELSE '' END, x.showroom, x.product_id, x.stars, p.producer_id, pr.kind, pr.women_led,"
	" pr.ethnic_minority_led, p.origin_province, p.ocop_group, x.sign,"
	" x.qty_milli * x.cum / x.tot - x.qty_milli * (x.cum - x.q) / x.tot,"
	" x.amount * x.cum / x.tot - x.amount * (x.cum - x.q) / x.tot,"
	" x.vat * x.cum / x.tot - x.vat * (x.cum - x.q) / x.tot,"
	" x.cost * x.cum / x.tot - x.cost * (x.cum - x.q) / x.tot,"
	" x.commission * x.cum / x.tot - x.commission * (x.cum - x.q) / x.tot,"
	" x.cum = x.q "
	"FROM (SELECT sl.business_date, s.showroom, sl.product_id, sl.stars,"
	"  iif(s.kind = 'sale', 1, -1) AS sign, sll.owner_producer_id AS owner,"
	"  coalesce(sll.qty_milli, sl.qty_milli) AS q,"
	"  sum(coalesce(sll.qty_milli, sl.qty_milli)) OVER (PARTITION BY sl.id ORDER BY sll.lot_id"
	"   ROWS UNBOUNDED PRECEDING) AS cum,"
	"  sum(coalesce(sll.qty_milli, sl.qty_milli)) OVER (PARTITION BY sl.id) AS tot,"
	"  sl.qty_milli, sl.amount, sl.vat, sl.cost, sl.commission"
	"  FROM sale_line sl JOIN sale s ON s.id = sl.sale_id"
	"  LEFT JOIN sale_line_lot sll ON sll.sale_line_id = sl.id"
	"  WHERE sl.business_date BETWEEN ?2 AND ?3) x"
	" JOIN product p ON p.id = x.product_id JOIN producer pr ON pr.id = p.producer_id "
	"WHERE (?8 = '' OR x.showroom = ?8) AND (?9 = '' OR p.origin_province = ?9)"
	" AND (?10 = '' OR pr.code = ?10) AND (?11 = '' OR pr.kind = ?11)"
	" AND (?12 = 0 OR p.ocop_group = ?12) AND (?13 = 0 OR x.stars = ?13)"
	" AND CASE ?14 WHEN 1 THEN x.owner IS NULL WHEN 2 THEN x.owner IS NOT NULL"
	"  ELSE x.owner = ?15 END";

/* The last day of date's month into out. */
static void month_end(const char *date, char out[CLOCK_DATE_LEN])
{
	char first[CLOCK_DATE_LEN], next[CLOCK_DATE_LEN];

	memcpy(first, date, 8);
	memcpy(first + 8, "01", 3);
	clock_date_add_months(first, 1, next, NULL);
	clock_date_add_days(next, -1, out, NULL);
}

/*
 * Split [from, to] into whole months [m1, m2] (YYYY-MM; m1 > m2 when
 * none) and the days before (d1..d2) and after (d3..d4) them.
 */
struct span {
	char m1[8], m2[8];
	char d1[11], d2[11], d3[11], d4[11];
};

static void split_span(const char *from, const char *to, int months, struct span *s)
{
	char first[CLOCK_DATE_LEN], last[CLOCK_DATE_LEN], end[CLOCK_DATE_LEN],
	     tmp[CLOCK_DATE_LEN];

	memset(s, 0, sizeof(*s));
	/* first day of the first whole month, last day of the last one */
	if (strcmp(from + 8, "01") == 0) {
		VN_COPY(first, from);
	} else {
		memcpy(tmp, from, 8);
		memcpy(tmp + 8, "01", 3);
		clock_date_add_months(tmp, 1, first, NULL);
	}
	month_end(to, end);
	if (strcmp(end, to) == 0) {
		VN_COPY(last, to);
	} else {
		memcpy(tmp, to, 8);
		memcpy(tmp + 8, "01", 3);
		clock_date_add_days(tmp, -1, last, NULL);
	}
	if (!months || strcmp(first, last) > 0) {
		VN_COPY(s->m1, "9999-99");
		VN_COPY(s->m2, "0000-00");
		VN_COPY(s->d1, from);
		VN_COPY(s->d2, to);
		VN_COPY(s->d3, "9999-99-99");
		VN_COPY(s->d4, "0000-00-00");
		return;
	}
	snprintf(s->m1, sizeof(s->m1), "%.7s", first);
	snprintf(s->m2, sizeof(s->m2), "%.7s", last);
	VN_COPY(s->d1, from);
	clock_date_add_days(first, -1, s->d2, NULL);
	clock_date_add_days(last, 1, s->d3, NULL);
	VN_COPY(s->d4, to);
}

static const char *kind_text(int kind)
{
	return kind >= 0 ? producer_kind_name((enum producer_kind)kind) : "";
}

/* The kind as people read it: Vietnamese label, or the machine name in English. */
static const char *kind_label(int kind)
{
	if (kind < 0 || kind >= PRODUCER_KIND_COUNT)
		return "";
	return i18n_lang() == I18N_EN ? producer_kind_name((enum producer_kind)kind) :
		producer_kind_label_vi((enum producer_kind)kind);
}

static int kind_of(const char *s)
{
	int k;

	for (k = 0; k < PRODUCER_KIND_COUNT; k++)
		if (strcmp(s, producer_kind_name((enum producer_kind)k)) == 0)
			return k;
	return 0;
}

/*
 * Distinct (row, id) pairs, counted as they come: a bitmap of nbits per
 * row (ids below nbits; rows allocated on first use) while the bitmaps
 * stay under DSET_MAX_BYTES, the pair set otherwise.  A pair always goes
 * to the same place (a row's mode is fixed when it first appears), so the
 * counts are exact either way.  With product ids dense, a bitmap is a
 * bit per product: no hashing per fact.
 */
#define DSET_MAX_BYTES ((size_t)32 << 20)

struct dset {
	uint64_t **bits;                 /* per row */
	unsigned char *mode;             /* per row: 0 not seen, 1 bitmap, 2 pairs */
	size_t nrows, nbits, bytes;
	struct pset pairs;
};

static void dset_release(struct dset *s)
{
	size_t i;

	for (i = 0; i < s->nrows; i++)
		free(s->bits[i]);
	free(s->bits);
	free(s->mode);
	pset_release(&s->pairs);
	memset(s, 0, sizeof(*s));
}

/* Add (row, id): 1 when new, 0 when present, POS_ERR_NO_MEM. */
static int dset_add(struct dset *s, size_t row, uint64_t id)
{
	uint64_t *w, bit;

	if (row >= s->nrows) {
		size_t n = row < 8 ? 16 : row * 2, i;
		uint64_t **nb = realloc(s->bits, n * sizeof(*nb));
		unsigned char *nm;

		if (!nb)
			return POS_ERR_NO_MEM;
		s->bits = nb;
		nm = realloc(s->mode, n);
		if (!nm)
			return POS_ERR_NO_MEM;
		s->mode = nm;
		for (i = s->nrows; i < n; i++) {
			nb[i] = NULL;
			nm[i] = 0;
		}
		s->nrows = n;
	}
	if (s->mode[row] == 0) {
		size_t words = (s->nbits + 63) / 64;

		s->mode[row] = 2;
		if (words && s->bytes + words * 8 <= DSET_MAX_BYTES &&
		    (s->bits[row] = calloc(words, 8)) != NULL) {
			s->mode[row] = 1;
			s->bytes += words * 8;
		}
	}
	if (s->mode[row] == 1 && id < s->nbits) {
		w = &s->bits[row][id / 64];
		bit = (uint64_t)1 << (id % 64);
		if (*w & bit)
			return 0;
		*w |= bit;
		return 1;
	}
	return pset_add(&s->pairs, row, id);
}

/* A dense map from small non-negative ids (rowids) to indexes. */
struct idx {
	size_t *v;                       /* SIZE_MAX = absent */
	size_t cap;
};

static void idx_release(struct idx *m)
{
	free(m->v);
	memset(m, 0, sizeof(*m));
}

/* The slot of id (grown as needed), or NULL when out of memory. */
static size_t *idx_slot(struct idx *m, uint64_t id)
{
	if (id >= m->cap) {
		size_t cap = m->cap ? m->cap : 64, i;
		size_t *v;

		while (cap <= id) {
			if (cap > SIZE_MAX / 4 / sizeof(*v))
				return NULL;
			cap *= 2;
		}
		v = realloc(m->v, cap * sizeof(*v));
		if (!v)
			return NULL;
		for (i = m->cap; i < cap; i++)
			v[i] = SIZE_MAX;
		m->v = v;
		m->cap = cap;
	}
	return &m->v[id];
}

/*
 * What a fact needs of its product and producer, looked up by product id
 * once per product (not joined once per fact): one point look-up each at
 * first, one scan of the catalogue once a report has looked up more than
 * an eighth of it (a year of a big hub touches most products; a day's
 * report a few).
 */
struct pattr {                       /* 16 bytes: a report reads it per fact */
	long long producer_id;
	char province[3];
	signed char kind;
	unsigned char women_led, ethnic, group;
	unsigned char state;             /* 0 unknown, 1 known, 2 no such product */
};

struct pcache {
	struct db *db;
	struct pattr *v;
	size_t cap, lookups;
	long long max_product, max_producer;
	int scanned;
};

/*
 * Every producer's code and attributes, by id (a few thousand at most),
 * so that a scan of the catalogue reads the product table alone instead
 * of joining the producer once per product.  *out (free it) has *n slots;
 * ids without a producer have kind -1.
 */
struct pinfo {
	char code[REPORT_CODE_MAX];
	char name[256];
	int kind;
	unsigned char women_led, ethnic;
};

static int producers_load(struct db *db, struct pinfo **out, size_t *n, struct pos_error *err)
{
	sqlite3_stmt *st;
	struct pinfo *v;
	long long max = 0;
	size_t i, cap;
	int r, rc;

	*out = NULL;
	*n = 0;
	if ((r = db_query_int64(db, "SELECT coalesce(max(id), 0) FROM producer",
				"reading the producers", &max, err)))
		return r;
	cap = max > 0 ? (size_t)max + 1 : 1;
	v = malloc(cap * sizeof(*v));
	if (!v)
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
	for (i = 0; i < cap; i++) {
		v[i].code[0] = v[i].name[0] = '\0';
		v[i].kind = -1;
		v[i].women_led = v[i].ethnic = 0;
	}
	if ((r = db_prepare(db, "SELECT id, code, kind, women_led, ethnic_minority_led, name"
			    " FROM producer", &st, err))) {
		free(v);
		return r;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);

		if (id < 0 || (size_t)id >= cap)
			continue;
		db_col_copy(st, 1, v[id].code, sizeof(v[id].code));
		v[id].kind = kind_of(db_col_text(st, 2));
		v[id].women_led = (unsigned char)sqlite3_column_int(st, 3);
		v[id].ethnic = (unsigned char)sqlite3_column_int(st, 4);
		db_col_copy(st, 5, v[id].name, sizeof(v[id].name));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return db_fail(db, err, "reading the producers");
	}
	*out = v;
	*n = cap;
	return 0;
}

#define PATTR_COLS "p.id, p.producer_id, pr.kind, pr.women_led, pr.ethnic_minority_led," \
	" p.origin_province, p.ocop_group FROM product p JOIN producer pr ON pr.id = p.producer_id"

static int pcache_init(struct pcache *c, struct db *db, struct pos_error *err)
{
	sqlite3_stmt *st;
	int r;

	memset(c, 0, sizeof(*c));
	c->db = db;
	r = db_prepare(db, "SELECT (SELECT max(id) FROM product), (SELECT max(id) FROM producer)",
		       &st, err);
	if (r)
		return r;
	if (sqlite3_step(st) == SQLITE_ROW) {
		c->max_product = sqlite3_column_int64(st, 0);
		c->max_producer = sqlite3_column_int64(st, 1);
	}
	if (sqlite3_reset(st) != SQLITE_OK)
		return db_fail(db, err, "reading the catalogue");
	if (c->max_product < 0 || c->max_producer < 0)
		c->max_product = c->max_producer = 0;
	return 0;
}

static void pcache_release(struct pcache *c)
{
	free(c->v);
	c->v = NULL;
	c->cap = 0;
}

static int pcache_grow(struct pcache *c, long long id)
{
	size_t cap = c->cap ? c->cap : (size_t)c->max_product + 1, i;
	struct pattr *v;

	if (id < 0)
		return 0;
	while (cap <= (size_t)id)
		cap *= 2;
	if (cap <= c->cap)
		return 0;
	v = realloc(c->v, cap * sizeof(*v));
	if (!v)
		return POS_ERR_NO_MEM;
	for (i = c->cap; i < cap; i++)
		v[i].state = 0;
	c->v = v;
	c->cap = cap;
	return 0;
}

static void pattr_read(sqlite3_stmt *st, struct pattr *a)
{
	a->producer_id = sqlite3_column_int64(st, 1);
	a->kind = (signed char)kind_of(db_col_text(st, 2));
	a->women_led = (unsigned char)sqlite3_column_int(st, 3);
	a->ethnic = (unsigned char)sqlite3_column_int(st, 4);
	vn_copy(a->province, sizeof(a->province), db_col_text(st, 5));
	a->group = (unsigned char)sqlite3_column_int(st, 6);
	a->state = 1;
}

/*
 * Called by pcache_scan for each product with its attributes: st's
 * columns 4.. are sku, name, stars, unit; code is the producer's.
 */
typedef int (*pscan_cb)(void *ctx, long long id, sqlite3_stmt *st, const struct pattr *a,
			const char *code);

/*
 * One scan of the catalogue: every product's attributes into c (the
 * producers read once, not joined per product); each product also to cb
 * when there is one (the labels of a products report, in the same scan).
 */
static int pcache_scan(struct pcache *c, pscan_cb cb, void *ctx, struct pos_error *err)
{
	struct pinfo *pi;
	sqlite3_stmt *st;
	size_t npi;
	int r, rc;

	c->scanned = 1;
	if ((r = producers_load(c->db, &pi, &npi, err)))
		return r;
	if ((r = db_prepare(c->db, "SELECT id, producer_id, origin_province, ocop_group, sku, name,"
			    " stars, unit FROM product", &st, err))) {
		free(pi);
		return r;
	}
	r = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long pid = sqlite3_column_int64(st, 0), prid = sqlite3_column_int64(st, 1);
		struct pattr *a;

		if (pid < 0 || prid < 0 || (size_t)prid >= npi || pi[prid].kind < 0)
			continue;      /* no such producer: the join would drop it */
		if ((size_t)pid >= c->cap && (r = pcache_grow(c, pid))) {
			r = pos_fail(err, r, "out of memory");
			break;
		}
		a = &c->v[pid];
		a->producer_id = prid;
		a->kind = (signed char)pi[prid].kind;
		a->women_led = pi[prid].women_led;
		a->ethnic = pi[prid].ethnic;
		vn_copy(a->province, sizeof(a->province), db_col_text(st, 2));
		a->group = (unsigned char)sqlite3_column_int(st, 3);
		a->state = 1;
		if (cb && (r = cb(ctx, pid, st, a, pi[prid].code)))
			break;
	}
	sqlite3_reset(st);
	free(pi);
	if (!r && rc != SQLITE_DONE)
		return db_fail(c->db, err, "reading the catalogue");
	return r;
}

/* The attributes of product id into *out (NULL when there is no such product). */
static int pcache_get(struct pcache *c, long long id, const struct pattr **out,
		      struct pos_error *err)
{
	sqlite3_stmt *st;
	int r, rc;

	*out = NULL;
	if (id < 0)
		return 0;
	if ((size_t)id >= c->cap && (r = pcache_grow(c, id)))
		return pos_fail(err, r, "out of memory");
	if (c->v[id].state == 0 && !c->scanned && c->lookups > (size_t)c->max_product / 8 &&
	    (r = pcache_scan(c, NULL, NULL, err)))
		return r;
	if (c->v[id].state == 0) {
		c->lookups++;
		if ((r = db_prepare(c->db, "SELECT " PATTR_COLS " WHERE p.id = ?1", &st, err)))
			return r;
		sqlite3_bind_int64(st, 1, id);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			pattr_read(st, &c->v[id]);
		else
			c->v[id].state = 2;
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return db_fail(c->db, err, "reading the catalogue");
	}
	if (c->v[id].state == 1)
		*out = &c->v[id];
	return 0;
}

/*
 * A report reads several statements: one read transaction around them
 * gives one snapshot and spares every step its own (in WAL mode each
 * autocommit step takes and drops the read lock: two fcntl()s a row).
 * fn runs in db_tx(DB_TX_READ) (inside a caller's db_tx, a savepoint of
 * it); inside a transaction begun by hand (a test or tool driving SQLite
 * itself), in that one.
 */
static int in_snapshot(struct db *db, db_tx_fn fn, void *ctx, struct pos_error *err)
{
	if (db_tx_depth(db) == 0 && !sqlite3_get_autocommit(db_handle(db)))
		return fn(db, ctx, err);
	return db_tx(db, DB_TX_READ, fn, ctx, err);
}

/* Whether the catalogue filters of f select a product with attributes a
 * (NULL: no such product); producer_id is f->producer's id, -1 = any. */
static int pattr_selected(const struct pattr *a, const struct report_filter *f,
			  long long producer_id)
{
	return a && (!f->province[0] || !strcmp(a->province, f->province)) &&
	       (producer_id < 0 || a->producer_id == producer_id) &&
	       (f->kind < 0 || a->kind == f->kind) && (!f->group || a->group == f->group);
}

/*
 * Before streaming the facts of f at bucket b: when they are many (more
 * than an eighth of the catalogue; their products then likely many too),
 * scan the catalogue into c at once rather than looking products up one
 * by one until pcache_get gives up and scans anyway.  Counting the
 * summary rows walks an index range only.
 */
static int pcache_expect(struct pcache *c, const struct report_filter *f, enum bucket b,
			 struct pos_error *err)
{
	struct span sp;
	sqlite3_stmt *st;
	long long n = 0;
	int r;

	if (c->scanned || c->max_product < 1024)
		return 0;
	split_span(f->from, f->to, b != B_DAY, &sp);
	r = db_prepare(c->db, "SELECT (SELECT count(*) FROM sale_month WHERE month BETWEEN ?1 AND ?2)"
		       " + (SELECT count(*) FROM sale_day WHERE business_date BETWEEN ?3 AND ?4)"
		       " + (SELECT count(*) FROM sale_day WHERE business_date BETWEEN ?5 AND ?6)",
		       &st, err);
	if (r)
		return r;
	sqlite3_bind_text(st, 1, sp.m1, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sp.m2, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, sp.d1, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, sp.d2, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, sp.d3, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, sp.d4, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	if (sqlite3_reset(st) != SQLITE_OK)
		return db_fail(c->db, err, "counting the sales");
	return n > c->max_product / 8 ? pcache_scan(c, NULL, NULL, err) : 0;
}

/*
 * Stream the facts of f between from and to (f's own dates are not used)
 * at the bucket's grain.  stars_filter: apply f->stars (sales reports) or
 * not (commercialization filters on the product's current stars).  From
 * the summaries, the product and producer come from pc and the catalogue
 * filters are applied here (pc NULL: neither, the product's attributes
 * are left unknown for the caller to look up and filter once per product);
 * the lots' statement joins them itself.
 */
static int facts(struct db *db, struct pcache *pc, const struct report_filter *f,
		 const char *from, const char *to, enum bucket b, int stars_filter, fact_cb cb,
		 void *ctx, struct pos_error *err)
{
	struct span sp;
	sqlite3_stmt *st;
	long long owner_id = 0, producer_id = -1;
	int owner = 0, r, rc;

	if (f->owner[0]) {
		if (!strcmp(f->owner, "shop"))
			owner = 1;
		else if (!strcmp(f->owner, "consigned"))
			owner = 2;
		else if ((r = producer_id_of(db, f->owner, &owner_id, err)))
			return r;
		else
			owner = 3;
	}
	if (!owner && f->producer[0] && (r = producer_id_of(db, f->producer, &producer_id, err)))
		return r;
	r = db_prepare(db, owner ? facts_lots_sql : facts_summary_sql, &st, err);
	if (r)
		return r;
	sqlite3_bind_int(st, 1, (int)b);
	if (owner) {
		sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 9, f->province, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 10, f->producer, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 11, kind_text(f->kind), -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 12, f->group);
		sqlite3_bind_int(st, 14, owner);
		sqlite3_bind_int64(st, 15, owner_id);
	} else {
		split_span(from, to, b != B_DAY, &sp);
		sqlite3_bind_text(st, 2, sp.m1, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, sp.m2, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, sp.d1, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, sp.d2, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, sp.d3, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, sp.d4, -1, SQLITE_STATIC);
	}
	sqlite3_bind_text(st, 8, f->showroom, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 13, stars_filter ? f->stars : 0);
	r = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct fact x;

		memset(&x, 0, sizeof(x));
		x.bucket = db_col_text(st, 0);
		x.showroom = db_col_text(st, 1);
		x.product_id = sqlite3_column_int64(st, 2);
		x.stars = sqlite3_column_int(st, 3);
		if (owner) {
			int64_t sign = sqlite3_column_int64(st, 10);
			int first = sqlite3_column_int(st, 16);

			x.producer_id = sqlite3_column_int64(st, 4);
			x.kind = kind_of(db_col_text(st, 5));
			x.women_led = sqlite3_column_int(st, 6);
			x.ethnic = sqlite3_column_int(st, 7);
			x.province = db_col_text(st, 8);
			x.group = sqlite3_column_int(st, 9);
			x.m.qty_milli = sign * sqlite3_column_int64(st, 11);
			x.m.amount = sign * sqlite3_column_int64(st, 12);
			x.m.vat = sign * sqlite3_column_int64(st, 13);
			x.m.cost = sign * sqlite3_column_int64(st, 14);
			x.m.commission = sign * sqlite3_column_int64(st, 15);
			if (sign > 0) {
				x.m.sales = first;
			} else {
				x.m.returns = first;
				x.m.returned_milli = -x.m.qty_milli;
				x.m.returned_amount = -x.m.amount;
			}
		} else {
			const struct pattr *pa;

			if (!pc) {
				/* the caller looks the product up (per product, not per fact) */
				x.producer_id = -1;
				x.kind = -1;
				x.province = "";
			} else if ((r = pcache_get(pc, x.product_id, &pa, err))) {
				break;
			} else if (!pattr_selected(pa, f, producer_id)) {
				continue;
			} else {
				x.producer_id = pa->producer_id;
				x.kind = pa->kind;
				x.women_led = pa->women_led;
				x.ethnic = pa->ethnic;
				x.province = pa->province;
				x.group = pa->group;
			}
			x.m.qty_milli = sqlite3_column_int64(st, 4);
			x.m.amount = sqlite3_column_int64(st, 5);
			x.m.vat = sqlite3_column_int64(st, 6);
			x.m.cost = sqlite3_column_int64(st, 7);
			x.m.commission = sqlite3_column_int64(st, 8);
			x.m.sales = sqlite3_column_int64(st, 9);
			x.m.returns = sqlite3_column_int64(st, 10);
			x.m.returned_milli = sqlite3_column_int64(st, 11);
			x.m.returned_amount = sqlite3_column_int64(st, 12);
		}
		if ((r = cb(ctx, &x)))
			break;
	}
	if (!r && rc != SQLITE_DONE && rc != SQLITE_ROW)
		r = db_fail(db, err, "reading the sales");
	sqlite3_reset(st);
	return r;
}

/* ---- sales reports ------------------------------------------------------ */

/*
 * Sale invoices in the period with at least one line the filter selects
 * (the owner filter is left out: an invoice is one document whoever owns
 * its goods).  Refunds and voids are not invoices sold.  Without a
 * catalogue filter every sale counts: a sale document always has lines
 * (sale.c refuses an empty one, an import verifies it with
 * saleinv_has_lines before writing, `db check` reports one), so the sale
 * index answers alone, with no probe of the lines per sale.
 */
static int count_invoices(struct db *db, const struct report_filter *f, int64_t *out,
			  struct pos_error *err)
{
	sqlite3_stmt *st;
	int any = !f->province[0] && !f->producer[0] && f->kind < 0 && !f->group && !f->stars;
	int r = db_prepare(db, any ?
			   "SELECT count(*) FROM sale s WHERE s.kind = 'sale'"
			   " AND s.business_date BETWEEN ?1 AND ?2 AND (?3 = '' OR s.showroom = ?3)" :
			   "SELECT count(*) FROM sale s WHERE s.kind = 'sale'"
			   " AND s.business_date BETWEEN ?1 AND ?2 AND (?3 = '' OR s.showroom = ?3)"
			   " AND EXISTS (SELECT 1 FROM sale_line sl JOIN product p ON p.id = sl.product_id"
			   "  JOIN producer pr ON pr.id = p.producer_id WHERE sl.sale_id = s.id"
			   "  AND (?4 = '' OR p.origin_province = ?4) AND (?5 = '' OR pr.code = ?5)"
			   "  AND (?6 = '' OR pr.kind = ?6) AND (?7 = 0 OR p.ocop_group = ?7)"
			   "  AND (?8 = 0 OR sl.stars = ?8))", &st, err);

	if (r)
		return r;
	sqlite3_bind_text(st, 1, f->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, f->to, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, f->showroom, -1, SQLITE_STATIC);
	if (!any) {
		sqlite3_bind_text(st, 4, f->province, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, f->producer, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, kind_text(f->kind), -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 7, f->group);
		sqlite3_bind_int(st, 8, f->stars);
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	if (sqlite3_reset(st) != SQLITE_OK)
		return db_fail(db, err, "counting invoices");
	return 0;
}

/* The ISO week "2026-W47" of a date. */
static void iso_week(const char *date, char out[12])
{
	int64_t days, wd, thu, jan1;
	char d[CLOCK_DATE_LEN], y[CLOCK_DATE_LEN];

	if (clock_date_parse(date, &days, NULL)) {
		snprintf(out, 12, "%s", "?");
		return;
	}
	wd = ((days + 3) % 7 + 7) % 7;          /* Monday = 0; 1970-01-01 was a Thursday */
	thu = days - wd + 3;
	clock_date_from_days(thu, d);
	snprintf(y, sizeof(y), "%.4s-01-01", d);
	clock_date_parse(y, &jan1, NULL);
	/* thu and jan1 are in the same year: weeks 1..53 */
	snprintf(out, 12, "%.4s-W%02u", d, (unsigned)((thu - jan1) / 7) % 53u + 1u);
}

enum { PROG_COOPERATIVE, PROG_COOP_GROUP, PROG_ENTERPRISE, PROG_HOUSEHOLD, PROG_WOMEN_LED,
       PROG_ETHNIC, PROG_STARS3, PROG_STARS4, PROG_STARS5, PROG_COUNT };

/* ---- sums per product ----------------------------------------------------- */

/*
 * Where a row is a property of the product (products, producers,
 * provinces, groups) and the facts come from the summaries, the facts are
 * first summed per product into a dense array -- a fact is a few
 * additions into one small slot: no catalogue look-up, no distinct set --
 * then each product sold is looked up once (one scan of the catalogue
 * when they are many), filtered, and rolled up into its row, the total
 * and the programme's categories.  A product's producer and attributes
 * are the same for all its facts, so the figures (sums over facts,
 * distinct products, producers and showrooms) are those of aggregating
 * fact by fact.  The products report's rows are then made once, in their
 * sorted order, from compact keys: no row is moved.
 */
struct pacc {
	struct report_measures m;
	int64_t stars_amount[3];         /* at 3, 4 and 5 stars */
	uint64_t srmask;                 /* showrooms 0..63 it was sold in */
	unsigned char seen;
	unsigned char stars;             /* bit s - 3: sold at s stars */
};

struct pagg {
	struct pacc *v;                  /* by product id */
	size_t cap, nseen;
	struct srnums showrooms;
	struct pset srs;                 /* (product, showroom) from showroom 64 on */
};

static int pagg_fact(void *ctx, const struct fact *x)
{
	struct pagg *a = ctx;
	struct pacc *p;
	size_t sr;
	int r;

	if (x->product_id < 0)
		return 0;
	if ((size_t)x->product_id >= a->cap) {
		size_t cap = a->cap ? a->cap : 1024;
		struct pacc *v;

		while (cap <= (size_t)x->product_id) {
			if (cap > SIZE_MAX / 4 / sizeof(*v))
				return POS_ERR_NO_MEM;
			cap *= 2;
		}
		v = realloc(a->v, cap * sizeof(*v));
		if (!v)
			return POS_ERR_NO_MEM;
		memset(v + a->cap, 0, (cap - a->cap) * sizeof(*v));
		a->v = v;
		a->cap = cap;
	}
	p = &a->v[x->product_id];
	a->nseen += !p->seen;
	p->seen = 1;
	report_measures_add(&p->m, &x->m);
	if (x->stars >= 3 && x->stars <= 5) {
		p->stars_amount[x->stars - 3] += x->m.amount;
		p->stars |= (unsigned char)(1u << (x->stars - 3));
	}
	if ((r = srnum(&a->showrooms, x->showroom, &sr)))
		return r;
	if (sr < 64) {
		p->srmask |= (uint64_t)1 << sr;
		return 0;
	}
	return pset_add(&a->srs, (uint64_t)x->product_id, sr) < 0 ? POS_ERR_NO_MEM : 0;
}

static void pagg_release(struct pagg *a)
{
	free(a->v);
	strmap_release(&a->showrooms.map);
	pset_release(&a->srs);
	memset(a, 0, sizeof(*a));
}

static int popcount64(uint64_t w)
{
	return __builtin_popcountll(w);
}

/*
 * Rows are found by a number where the grouping has one (product id,
 * producer id, group, stars, a two-digit province code: a dense array),
 * else by text (dates, weeks, months: a map, with the last key remembered,
 * as facts come in runs of the same bucket).  Distinct counts per row use
 * dsets; where the grouping is a property of the product (products,
 * producers, provinces, groups), a product is new to its row exactly when
 * it is new to the report, so one bitmap serves every row.
 */
struct agg {
	struct db *db;
	enum report_group g;
	struct report *r;
	size_t cap;
	struct idx ids;                    /* number -> row */
	struct strmap rows;                /* text key -> row */
	char last_key[40];                 /* the bucket last looked up, and its row */
	size_t last_row;
	struct srnums showrooms;           /* showroom code -> small number */
	uint64_t *srmask;                  /* per row: showrooms 0..63 seen */
	size_t srcap;
	struct dset products, producers, srs, stars;             /* (row, id) */
	struct dset t_products, t_producers, t_srs, t_stars;     /* the total's */
	struct dset prog_producers, prog_products;               /* (category, id) */
	int64_t prog[PROG_COUNT][3];     /* producers, products, amount */
	/* facts from the summaries: the total's and the programme's sums taken
	 * per fact, their distinct counts once per product from a byte each
	 * (bit 0 sold, bit s - 2 sold at s stars): a small array, where a
	 * distinct set per fact would miss the cache at every fact */
	unsigned char *pflags;
	size_t pfcap;
	uint64_t tmask;                  /* the total's showrooms 0..63 */
};

static void agg_release(struct agg *a)
{
	free(a->pflags);
	idx_release(&a->ids);
	strmap_release(&a->rows);
	strmap_release(&a->showrooms.map);
	free(a->srmask);
	dset_release(&a->products);
	dset_release(&a->producers);
	dset_release(&a->srs);
	dset_release(&a->stars);
	dset_release(&a->t_products);
	dset_release(&a->t_producers);
	dset_release(&a->t_srs);
	dset_release(&a->t_stars);
	dset_release(&a->prog_producers);
	dset_release(&a->prog_products);
}

static void agg_init(struct agg *a, const struct pcache *pc)
{
	size_t np = (size_t)pc->max_product + 1, nr = (size_t)pc->max_producer + 1;

	a->last_row = a->showrooms.last_n = SIZE_MAX;
	a->products.nbits = a->t_products.nbits = a->prog_products.nbits = np;
	a->producers.nbits = a->t_producers.nbits = a->prog_producers.nbits = nr;
	a->srs.nbits = a->t_srs.nbits = 64;
	a->t_stars.nbits = np;
	/* (row x 8 + stars, product); a product's row counts its ratings itself */
	a->stars.nbits = np;
}

/* A new row keyed key; its index into *idx. */
static int agg_new_row(struct agg *a, const char *key, size_t *idx)
{
	if (POS_GROW(a->r->rows, a->cap, a->r->n + 1))
		return POS_ERR_NO_MEM;
	if (a->r->n >= a->srcap) {
		size_t cap = a->srcap ? a->srcap * 2 : 64;
		uint64_t *m = realloc(a->srmask, cap * sizeof(*m));

		if (!m)
			return POS_ERR_NO_MEM;
		memset(m + a->srcap, 0, (cap - a->srcap) * sizeof(*m));
		a->srmask = m;
		a->srcap = cap;
	}
	memset(&a->r->rows[a->r->n], 0, sizeof(a->r->rows[0]));
	VN_COPY(a->r->rows[a->r->n].key, key);
	a->r->rows[a->r->n].label = a->r->rows[a->r->n].producer = a->r->rows[a->r->n].unit = "";
	a->r->rows[a->r->n].kind = -1;
	*idx = a->r->n++;
	return 0;
}

/* The row numbered id (key: its text); made when new. */
static int agg_row_num(struct agg *a, uint64_t id, const char *text, size_t *idx)
{
	size_t *slot = idx_slot(&a->ids, id);
	char key[24];
	int r;

	if (!slot)
		return POS_ERR_NO_MEM;
	if (*slot != SIZE_MAX) {
		*idx = *slot;
		return 0;
	}
	if (!text) {
		snprintf(key, sizeof(key), "%llu", (unsigned long long)id);
		text = key;
	}
	if ((r = agg_new_row(a, text, idx)))
		return r;
	*slot = *idx;
	return 0;
}

/* The row keyed by text; made when new. */
static int agg_row_text(struct agg *a, const char *key, size_t *idx)
{
	int added, r;

	if (a->last_row != SIZE_MAX && strcmp(key, a->last_key) == 0) {
		*idx = a->last_row;
		return 0;
	}
	if ((r = smap_get(&a->rows, key, a->r->n, idx, &added)))
		return r;
	if (added && (r = agg_new_row(a, key, idx)))
		return r;
	VN_COPY(a->last_key, key);
	a->last_row = *idx;
	return 0;
}

/* The row of fact x in a's grouping. */
static int agg_row(struct agg *a, const struct fact *x, size_t *idx)
{
	char key[40];
	int r;

	switch (a->g) {
	case REPORT_PRODUCTS:
		return agg_row_num(a, (uint64_t)x->product_id, NULL, idx);
	case REPORT_PRODUCERS:
		return agg_row_num(a, (uint64_t)x->producer_id, NULL, idx);
	case REPORT_PROVINCES:
		if (x->province[0] >= '0' && x->province[0] <= '9' && x->province[1] >= '0' &&
		    x->province[1] <= '9' && !x->province[2])
			return agg_row_num(a, (uint64_t)((x->province[0] - '0') * 10 +
							 x->province[1] - '0'), x->province, idx);
		return agg_row_text(a, x->province, idx);
	case REPORT_GROUPS:
		if (x->group >= 0)
			return agg_row_num(a, (uint64_t)x->group, NULL, idx);
		snprintf(key, sizeof(key), "%d", x->group);
		return agg_row_text(a, key, idx);
	case REPORT_STARS:
		if (x->stars >= 0)
			return agg_row_num(a, (uint64_t)x->stars, NULL, idx);
		snprintf(key, sizeof(key), "%d", x->stars);
		return agg_row_text(a, key, idx);
	case REPORT_WEEKLY:
		/* the week of the bucket last seen is remembered with the date */
		if (a->last_row != SIZE_MAX && strcmp(x->bucket, a->last_key) == 0) {
			*idx = a->last_row;
			return 0;
		}
		iso_week(x->bucket, key);
		a->last_row = SIZE_MAX;
		if ((r = agg_row_text(a, key, idx)))
			return r;
		VN_COPY(a->last_key, x->bucket);
		return 0;
	default:
		return agg_row_text(a, x->bucket, idx);
	}
}

/* Add x to row i's sums and distinct counts. */
static int agg_into(struct agg *a, size_t i, const struct fact *x, uint64_t sr)
{
	struct report_row *row = &a->r->rows[i];
	int functional = a->g == REPORT_PRODUCTS || a->g == REPORT_PRODUCERS ||
			 a->g == REPORT_PROVINCES || a->g == REPORT_GROUPS;
	int n;

	report_measures_add(&row->m, &x->m);
	if (x->kind >= 0 && x->kind < REPORT_KINDS)
		row->by_kind[x->kind] += x->m.amount;
	if (x->women_led)
		row->women_led_amount += x->m.amount;
	if (x->ethnic)
		row->ethnic_amount += x->m.amount;
	if ((n = dset_add(&a->products, functional ? 0 : i, (uint64_t)x->product_id)) < 0)
		return n;
	row->products += n;
	if (a->g == REPORT_PRODUCTS || a->g == REPORT_PRODUCERS)
		row->producers = 1;       /* one producer per row */
	else if ((n = dset_add(&a->producers, i, (uint64_t)x->producer_id)) < 0)
		return n;
	else
		row->producers += n;
	if (sr < 64 && i < a->srcap) {
		/* the first 64 showrooms: a word per row, not a bitmap allocated per row */
		n = !(a->srmask[i] & (uint64_t)1 << sr);
		a->srmask[i] |= (uint64_t)1 << sr;
	} else if ((n = dset_add(&a->srs, i, sr)) < 0) {
		return n;
	}
	row->showrooms += n;
	if (x->stars >= 3 && x->stars <= 5) {
		row->stars_amount[x->stars - 3] += x->m.amount;
		/* a product's row: the one product counts once at each rating */
		n = a->g == REPORT_PRODUCTS ? !row->stars_products[x->stars - 3] :
			dset_add(&a->stars, i * 8 + (size_t)x->stars, (uint64_t)x->product_id);
		if (n < 0)
			return n;
		row->stars_products[x->stars - 3] += n;
	}
	return 0;
}

/* Add x to the total row. */
static int agg_total(struct agg *a, const struct fact *x, uint64_t sr)
{
	struct report_row *row = &a->r->total;
	int n;

	report_measures_add(&row->m, &x->m);
	if (x->kind >= 0 && x->kind < REPORT_KINDS)
		row->by_kind[x->kind] += x->m.amount;
	if (x->women_led)
		row->women_led_amount += x->m.amount;
	if (x->ethnic)
		row->ethnic_amount += x->m.amount;
	if ((n = dset_add(&a->t_products, 0, (uint64_t)x->product_id)) < 0)
		return n;
	row->products += n;
	if ((n = dset_add(&a->t_producers, 0, (uint64_t)x->producer_id)) < 0)
		return n;
	row->producers += n;
	if ((n = dset_add(&a->t_srs, 0, sr)) < 0)
		return n;
	row->showrooms += n;
	if (x->stars >= 3 && x->stars <= 5) {
		row->stars_amount[x->stars - 3] += x->m.amount;
		if ((n = dset_add(&a->t_stars, (size_t)x->stars, (uint64_t)x->product_id)) < 0)
			return n;
		row->stars_products[x->stars - 3] += n;
	}
	return 0;
}

static int prog_add(struct agg *a, int cat, const struct fact *x)
{
	int n;

	a->prog[cat][2] += x->m.amount;
	if ((n = dset_add(&a->prog_producers, (size_t)cat, (uint64_t)x->producer_id)) < 0)
		return n;
	a->prog[cat][0] += n;
	if ((n = dset_add(&a->prog_products, (size_t)cat, (uint64_t)x->product_id)) < 0)
		return n;
	a->prog[cat][1] += n;
	return 0;
}

/* Add x to the total's and the programme's sums, and note its product. */
static int agg_total_fast(struct agg *a, const struct fact *x, uint64_t sr)
{
	struct report_row *row = &a->r->total;
	int64_t amount = x->m.amount;
	unsigned char flag = 1;
	int n;

	report_measures_add(&row->m, &x->m);
	if (x->kind >= 0 && x->kind < REPORT_KINDS) {
		row->by_kind[x->kind] += amount;
		a->prog[PROG_COOPERATIVE + x->kind][2] += amount;
	}
	if (x->women_led) {
		row->women_led_amount += amount;
		a->prog[PROG_WOMEN_LED][2] += amount;
	}
	if (x->ethnic) {
		row->ethnic_amount += amount;
		a->prog[PROG_ETHNIC][2] += amount;
	}
	if (x->stars >= 3 && x->stars <= 5) {
		row->stars_amount[x->stars - 3] += amount;
		a->prog[PROG_STARS3 + x->stars - 3][2] += amount;
		flag |= (unsigned char)(2u << (x->stars - 3));
	}
	if (sr < 64) {
		a->tmask |= (uint64_t)1 << sr;
	} else if ((n = dset_add(&a->t_srs, 0, sr)) < 0) {
		return n;
	} else {
		row->showrooms += n;
	}
	if (x->product_id < 0)
		return 0;
	if ((size_t)x->product_id >= a->pfcap) {
		size_t cap = a->pfcap ? a->pfcap : 1024;
		unsigned char *v;

		while (cap <= (size_t)x->product_id) {
			if (cap > SIZE_MAX / 4)
				return POS_ERR_NO_MEM;
			cap *= 2;
		}
		if (!(v = realloc(a->pflags, cap)))
			return POS_ERR_NO_MEM;
		memset(v + a->pfcap, 0, cap - a->pfcap);
		a->pflags = v;
		a->pfcap = cap;
	}
	a->pflags[x->product_id] |= flag;
	return 0;
}

/* The total's and the programme's distinct counts from the products noted
 * by agg_total_fast (all selected: their attributes are in pc). */
static int agg_total_products(struct agg *a, const struct pcache *pc)
{
	struct report_row *row = &a->r->total;
	size_t id;
	int d, s, k, n, cats[6];

	row->showrooms += popcount64(a->tmask);
	for (id = 0; id < a->pfcap; id++) {
		unsigned char fl = a->pflags[id];
		const struct pattr *pa;

		if (!fl || id >= pc->cap || pc->v[id].state != 1)
			continue;
		pa = &pc->v[id];
		row->products++;
		if ((d = dset_add(&a->t_producers, 0, (uint64_t)pa->producer_id)) < 0)
			return d;
		row->producers += d;
		n = 0;
		if (pa->kind >= 0 && pa->kind < REPORT_KINDS)
			cats[n++] = PROG_COOPERATIVE + pa->kind;
		if (pa->women_led)
			cats[n++] = PROG_WOMEN_LED;
		if (pa->ethnic)
			cats[n++] = PROG_ETHNIC;
		for (s = 0; s < 3; s++)
			if (fl >> (s + 1) & 1) {
				row->stars_products[s]++;
				cats[n++] = PROG_STARS3 + s;
			}
		for (k = 0; k < n; k++) {
			a->prog[cats[k]][1]++;
			if ((d = dset_add(&a->prog_producers, (size_t)cats[k],
					  (uint64_t)pa->producer_id)) < 0)
				return d;
			a->prog[cats[k]][0] += d;
		}
	}
	return 0;
}

static int agg_fact(void *ctx, const struct fact *x)
{
	struct agg *a = ctx;
	size_t i, sr = 0;
	int r;

	if ((r = srnum(&a->showrooms, x->showroom, &sr)))
		return r;
	if ((r = agg_row(a, x, &i)) || (r = agg_into(a, i, x, sr)))
		return r;
	if (a->pflags)
		return agg_total_fast(a, x, sr);
	if ((r = agg_total(a, x, sr)))
		return r;
	if (x->kind >= 0 && x->kind < REPORT_KINDS && (r = prog_add(a, PROG_COOPERATIVE + x->kind, x)))
		return r;
	if (x->women_led && (r = prog_add(a, PROG_WOMEN_LED, x)))
		return r;
	if (x->ethnic && (r = prog_add(a, PROG_ETHNIC, x)))
		return r;
	if (x->stars >= 3 && x->stars <= 5 && (r = prog_add(a, PROG_STARS3 + x->stars - 3, x)))
		return r;
	return 0;
}

/* The product's labels into row (producer: its code, NULL = column 2); -1 when out of memory. */
static int label_product(struct report *rep, sqlite3_stmt *st, struct report_row *row,
			 const char *producer)
{
	VN_COPY(row->key, db_col_text(st, 0));
	VN_COPY(row->province, db_col_text(st, 3));
	row->group = sqlite3_column_int(st, 4);
	row->stars = sqlite3_column_int(st, 5);
	if (!(row->label = report_keep(rep, db_col_text(st, 1), REPORT_NAME_SIZE)) ||
	    !(row->producer = report_keep(rep, producer ? producer : db_col_text(st, 2),
					  REPORT_CODE_MAX)) ||
	    !(row->unit = report_keep(rep, db_col_text(st, 6), REPORT_UNIT_SIZE)))
		return -1;
	return 0;
}

/*
 * Products' names and attributes: one scan of the catalogue when the
 * report has many rows (a point look-up each costs more than reading
 * the row in a scan), else a look-up per row.
 */
/* The total's unit: the rows' one unit, or "" when they differ. */
static void total_unit(struct report *rep)
{
	size_t i;

	rep->total.unit = "";
	for (i = 0; i < rep->n; i++) {
		if (i == 0)
			rep->total.unit = rep->rows[i].unit;
		else if (strcmp(rep->total.unit, rep->rows[i].unit) != 0)
			rep->total.unit = "";
	}
}

static int label_products(struct agg *a, struct pos_error *err)
{
	struct report *rep = a->r;
	sqlite3_stmt *st;
	size_t i;
	int r, rc;

	if (rep->n > 64 && rep->n > a->ids.cap / 16) {
		struct pinfo *pi;
		size_t npi;

		if ((r = producers_load(a->db, &pi, &npi, err)))
			return r;
		r = db_prepare(a->db, "SELECT p.sku, p.name, p.producer_id, p.origin_province,"
			       " p.ocop_group, p.stars, p.unit, p.id FROM product p", &st, err);
		if (r) {
			free(pi);
			return r;
		}
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			sqlite3_int64 id = sqlite3_column_int64(st, 7), prid = sqlite3_column_int64(st, 2);
			struct report_row *row;

			if (id < 0 || (size_t)id >= a->ids.cap || a->ids.v[id] == SIZE_MAX ||
			    prid < 0 || (size_t)prid >= npi || pi[prid].kind < 0)
				continue;
			row = &rep->rows[a->ids.v[id]];
			if (label_product(rep, st, row, pi[prid].code))
				break;
		}
		sqlite3_reset(st);
		free(pi);
		if (rc == SQLITE_ROW)
			return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
		if (rc != SQLITE_DONE)
			return db_fail(a->db, err, "reading the catalogue");
		total_unit(rep);
		return 0;
	}
	r = db_prepare(a->db, "SELECT p.sku, p.name, pr.code, p.origin_province, p.ocop_group,"
		       " p.stars, p.unit FROM product p JOIN producer pr ON pr.id = p.producer_id"
		       " WHERE p.id = ?1", &st, err);
	if (r)
		return r;
	for (i = 0; i < rep->n; i++) {
		sqlite3_bind_int64(st, 1, strtoll(rep->rows[i].key, NULL, 10));
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW && label_product(rep, st, &rep->rows[i], NULL)) {
			sqlite3_reset(st);
			return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
		}
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return db_fail(a->db, err, "reading the catalogue");
	}
	total_unit(rep);
	return 0;
}

/* Names and attributes of the rows, once aggregated. */
static int label_rows(struct agg *a, struct pos_error *err)
{
	struct report *rep = a->r;
	sqlite3_stmt *st = NULL;
	size_t i;
	int r = 0, rc;

	if (rep->group == REPORT_PRODUCTS)
		return label_products(a, err);
	if (rep->group == REPORT_PRODUCERS)
		r = db_prepare(a->db, "SELECT code, name, province, kind, women_led,"
			       " ethnic_minority_led FROM producer WHERE id = ?1", &st, err);
	if (r)
		return r;
	for (i = 0; i < rep->n; i++) {
		struct report_row *row = &rep->rows[i];

		if (st) {
			sqlite3_bind_int64(st, 1, strtoll(row->key, NULL, 10));
			rc = sqlite3_step(st);
			if (rc == SQLITE_ROW) {
				VN_COPY(row->key, db_col_text(st, 0));
				if (!(row->label = report_keep(rep, db_col_text(st, 1),
							       REPORT_NAME_SIZE)) ||
				    !(row->producer = report_keep(rep, row->key, REPORT_CODE_MAX))) {
					sqlite3_reset(st);
					return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
				}
				VN_COPY(row->province, db_col_text(st, 2));
				row->kind = kind_of(db_col_text(st, 3));
				row->women_led = sqlite3_column_int(st, 4);
				row->ethnic_minority_led = sqlite3_column_int(st, 5);
			}
			sqlite3_reset(st);
			if (rc != SQLITE_ROW && rc != SQLITE_DONE)
				return db_fail(a->db, err, "reading the catalogue");
		} else if (rep->group == REPORT_PROVINCES) {
			const struct province *p = province_find(row->key);

			VN_COPY(row->province, row->key);
			row->label = report_keep(rep, p ? p->name : "", REPORT_NAME_SIZE);
		} else if (rep->group == REPORT_GROUPS) {
			const struct ocop_group *g = ocop_group_find(atoi(row->key));

			row->group = atoi(row->key);
			row->label = report_keep(rep, !g ? "" : i18n_lang() == I18N_EN ? g->name_en :
						 g->name, REPORT_NAME_SIZE);
		} else if (rep->group == REPORT_STARS) {
			char label[REPORT_NAME_SIZE];
			int s = atoi(row->key), k;
			size_t len = 0;

			row->stars = s;
			label[0] = '\0';
			for (k = 0; k < s && len + 4 < sizeof(label); k++)
				len += (size_t)snprintf(label + len, sizeof(label) - len, "★");
			row->label = report_keep(rep, label, REPORT_NAME_SIZE);
		}
		if (!row->label)
			return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
	}
	return 0;
}

static enum report_sort sort_key;


/*
 * Rows are sorted through small keys (the sort figure, negated so that
 * larger sorts first, and the row's index; ties by the row's key text),
 * so the comparisons touch a compact array rather than 600-byte rows.
 */
struct sort_ent {
	int grp;                         /* first: the smaller group first */
	int64_t v;                       /* then the smaller value */
	uint64_t pre[2];                 /* then the key: its first 16 bytes, big-endian */
	const char *key;
	size_t i;                        /* the row's place before the sort */
};

/* The first 16 bytes of key (0-padded) as two numbers that sort as strcmp does. */
static void key_prefix(const char *key, uint64_t pre[2])
{
	size_t k;
	int end = 0;

	pre[0] = pre[1] = 0;
	for (k = 0; k < 16; k++) {
		unsigned char c = end ? 0 : (unsigned char)key[k];

		end |= c == 0;
		pre[k / 8] = pre[k / 8] << 8 | c;
	}
}

static int64_t sort_value(const struct report_measures *m)
{
	int64_t v;

	switch (sort_key) {
	case REPORT_SORT_REVENUE:
		v = m->amount;
		break;
	case REPORT_SORT_QTY:
		v = m->qty_milli;
		break;
	case REPORT_SORT_MARGIN:
		v = report_margin(m);
		break;
	default:
		return 0;
	}
	/* descending: the largest first (INT64_MIN has no negation: it sorts last anyway) */
	return v == INT64_MIN ? INT64_MAX : -v;
}

static int cmp_sort_ent(const void *pa, const void *pb)
{
	const struct sort_ent *a = pa, *b = pb;

	if (a->grp != b->grp)
		return a->grp < b->grp ? -1 : 1;
	if (a->v != b->v)
		return a->v < b->v ? -1 : 1;
	if (a->pre[0] != b->pre[0])
		return a->pre[0] < b->pre[0] ? -1 : 1;
	if (a->pre[1] != b->pre[1])
		return a->pre[1] < b->pre[1] ? -1 : 1;
	return strcmp(a->key, b->key);
}

static enum report_sort default_sort(enum report_group g)
{
	return g == REPORT_PRODUCTS || g == REPORT_PRODUCERS || g == REPORT_PROVINCES ?
		REPORT_SORT_REVENUE : REPORT_SORT_KEY;
}

/* The programme's categories of a report, kept beside it (report.h has no room). */
struct report_ext {
	struct report r;
	int64_t prog[PROG_COUNT][3];
	struct report_strs strs;         /* what the rows' strings point into */
};

struct report *report_alloc(void)
{
	struct report_ext *ext = calloc(1, sizeof(*ext));

	if (!ext)
		return NULL;
	ext->r.total.label = ext->r.total.producer = ext->r.total.unit = "";
	return &ext->r;
}

const char *report_keep(struct report *r, const char *s, size_t size)
{
	return strs_put(&((struct report_ext *)r)->strs, s ? s : "", size);
}

/* Sort the keys e[0..n) (grp, v, key and i set). */
static void sort_keys(struct sort_ent *e, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		key_prefix(e[i].key, e[i].pre);
	qsort(e, n, sizeof(*e), cmp_sort_ent);
}

/*
 * Sort n rows of size bytes at rows by their keys e (e[i] made from row
 * i; key and i set, grp and v as wanted; e is consumed): the keys sorted,
 * then the rows moved into place along the permutation's cycles (each row
 * moved once, no second array of rows).  0 or POS_ERR_NO_MEM.
 */
static int sort_by_keys(void *rows, size_t n, size_t size, struct sort_ent *e)
{
	unsigned char *base = rows, *tmp;
	size_t i, j, k, *to;

	sort_keys(e, n);
	to = malloc(n * sizeof(*to));
	tmp = malloc(size);
	if (!to || !tmp) {
		free(to);
		free(tmp);
		return POS_ERR_NO_MEM;
	}
	/* to[i]: the row that goes to place i */
	for (i = 0; i < n; i++)
		to[i] = e[i].i;
	for (i = 0; i < n; i++) {
		if (to[i] == i || to[i] == SIZE_MAX)
			continue;
		memcpy(tmp, base + i * size, size);
		j = i;
		while (to[j] != i) {
			k = to[j];
			memcpy(base + j * size, base + k * size, size);
			to[j] = SIZE_MAX;
			j = k;
		}
		memcpy(base + j * size, tmp, size);
		to[j] = SIZE_MAX;
	}
	free(tmp);
	free(to);
	return 0;
}

/* Sort rep's rows by sort_key (ties by key). */
static int sort_rows(struct report *rep)
{
	struct sort_ent *e;
	size_t i;
	int r;

	if (rep->n < 2)
		return 0;
	e = malloc(rep->n * sizeof(*e));
	if (!e)
		return POS_ERR_NO_MEM;
	for (i = 0; i < rep->n; i++) {
		e[i].grp = 0;
		e[i].v = sort_value(&rep->rows[i].m);
		e[i].key = rep->rows[i].key;
		e[i].i = i;
	}
	r = sort_by_keys(rep->rows, rep->n, sizeof(*rep->rows), e);
	free(e);
	return r;
}

/* Add product p (attributes pa) to row: its sums, shares and ratings, one product. */
static void pacc_into(struct report_row *row, const struct pacc *p, const struct pattr *pa)
{
	int s;

	report_measures_add(&row->m, &p->m);
	if (pa->kind >= 0 && pa->kind < REPORT_KINDS)
		row->by_kind[pa->kind] += p->m.amount;
	if (pa->women_led)
		row->women_led_amount += p->m.amount;
	if (pa->ethnic)
		row->ethnic_amount += p->m.amount;
	row->products++;
	for (s = 0; s < 3; s++) {
		row->stars_amount[s] += p->stars_amount[s];
		row->stars_products[s] += p->stars >> s & 1;
	}
}

/* Add product p to the total row (but its showrooms 64 on) and the programme. */
static int pacc_total(struct agg *a, const struct pacc *p, const struct pattr *pa,
		      uint64_t *srmask)
{
	int cats[8], n = 0, k, s, d;
	int64_t amount[8];

	pacc_into(&a->r->total, p, pa);
	if ((d = dset_add(&a->t_producers, 0, (uint64_t)pa->producer_id)) < 0)
		return d;
	a->r->total.producers += d;
	*srmask |= p->srmask;
	if (pa->kind >= 0 && pa->kind < REPORT_KINDS) {
		cats[n] = PROG_COOPERATIVE + pa->kind;
		amount[n++] = p->m.amount;
	}
	if (pa->women_led) {
		cats[n] = PROG_WOMEN_LED;
		amount[n++] = p->m.amount;
	}
	if (pa->ethnic) {
		cats[n] = PROG_ETHNIC;
		amount[n++] = p->m.amount;
	}
	for (s = 0; s < 3; s++)
		if (p->stars >> s & 1) {
			cats[n] = PROG_STARS3 + s;
			amount[n++] = p->stars_amount[s];
		}
	for (k = 0; k < n; k++) {
		a->prog[cats[k]][2] += amount[k];
		a->prog[cats[k]][1]++;
		if ((d = dset_add(&a->prog_producers, (size_t)cats[k], (uint64_t)pa->producer_id)) < 0)
			return d;
		a->prog[cats[k]][0] += d;
	}
	return 0;
}

/* The showrooms from 64 on of the selected products (rowof[id] not
 * SIZE_MAX; rowof NULL: every product in pg) into their rows (extra: the
 * products report's, by product; rowof NULL: none) and the total; then the
 * total's from tmask. */
static int pagg_showrooms(struct agg *a, const struct pagg *pg, const size_t *rowof,
			  uint64_t tmask, uint32_t *extra)
{
	size_t j;
	int d;

	for (j = 0; j < pg->srs.cap; j++) {
		uint64_t id = pg->srs.a[j];

		if (!pg->srs.used[j] || id >= pg->cap || (rowof && rowof[id] == SIZE_MAX))
			continue;
		if (extra) {
			extra[id]++;
		} else if (rowof) {
			if ((d = dset_add(&a->srs, rowof[id], pg->srs.b[j])) < 0)
				return d;
			a->r->rows[rowof[id]].showrooms += d;
		}
		if ((d = dset_add(&a->t_srs, 0, pg->srs.b[j])) < 0)
			return d;
		a->r->total.showrooms += d;
	}
	a->r->total.showrooms += popcount64(tmask);
	return 0;
}

/* A products report's labels, by product id: offsets into text. */
struct plabel {
	uint32_t sku, name, unit, code;
	int stars;
	unsigned char set;
};

struct plabels {
	struct plabel *v;                /* pg->cap of them */
	struct tarena t;
	const struct pagg *pg;
};

static void plabels_set(struct plabels *l, long long id, const char *sku, const char *name,
			int stars, const char *unit, const char *code)
{
	struct plabel *p = &l->v[id];

	p->sku = tarena_put(&l->t, sku, FIELD_SIZE(struct report_row, key));
	p->name = tarena_put(&l->t, name, REPORT_NAME_SIZE);
	p->unit = tarena_put(&l->t, unit, REPORT_UNIT_SIZE);
	p->code = tarena_put(&l->t, code, REPORT_CODE_MAX);
	p->stars = stars;
	p->set = !l->t.failed;
}

/* pcache_scan's callback: the labels of the products sold. */
static int plabels_scanned(void *ctx, long long id, sqlite3_stmt *st, const struct pattr *a,
			   const char *code)
{
	struct plabels *l = ctx;

	(void)a;
	if ((size_t)id >= l->pg->cap || !l->pg->v[id].seen)
		return 0;
	plabels_set(l, id, db_col_text(st, 4), db_col_text(st, 5), sqlite3_column_int(st, 6),
		    db_col_text(st, 7), code);
	return l->t.failed ? POS_ERR_NO_MEM : 0;
}

/* The labels of the products sold: a look-up each when they are few. */
static int plabels_lookup(struct db *db, struct pcache *pc, struct plabels *l,
			  struct pos_error *err)
{
	sqlite3_stmt *st;
	size_t id;
	int r, rc;

	if ((r = db_prepare(db, "SELECT p.id, p.producer_id, pr.kind, pr.women_led,"
			    " pr.ethnic_minority_led, p.origin_province, p.ocop_group, p.sku, p.name,"
			    " p.stars, p.unit, pr.code FROM product p"
			    " JOIN producer pr ON pr.id = p.producer_id WHERE p.id = ?1", &st, err)))
		return r;
	for (id = 0; id < l->pg->cap; id++) {
		if (!l->pg->v[id].seen)
			continue;
		if (id >= pc->cap && (r = pcache_grow(pc, (long long)id)))
			return pos_fail(err, r, "out of memory");
		sqlite3_bind_int64(st, 1, (sqlite3_int64)id);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			pattr_read(st, &pc->v[id]);
			plabels_set(l, (long long)id, db_col_text(st, 7), db_col_text(st, 8),
				    sqlite3_column_int(st, 9), db_col_text(st, 10), db_col_text(st, 11));
		} else {
			pc->v[id].state = 2;
		}
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return db_fail(db, err, "reading the catalogue");
		if (l->t.failed)
			return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
	}
	return 0;
}

/* The products report from per-product sums: rows made in sorted order. */
static int product_rows(struct agg *a, struct pagg *pg, struct pcache *pc,
			const struct report_filter *f, long long producer_id, struct pos_error *err)
{
	struct report *rep = a->r;
	struct plabels l;
	char *own;
	const char *text;
	struct sort_ent *e = NULL;
	size_t *rowof = NULL, id, n = 0, k;
	uint32_t *extra = NULL;
	uint64_t tmask = 0;
	int r;

	memset(&l, 0, sizeof(l));
	l.pg = pg;
	l.v = calloc(pg->cap ? pg->cap : 1, sizeof(*l.v));
	e = malloc((pg->nseen ? pg->nseen : 1) * sizeof(*e));
	rowof = malloc((pg->cap ? pg->cap : 1) * sizeof(*rowof));
	if (pg->srs.n)
		extra = calloc(pg->cap, sizeof(*extra));
	if (!l.v || !e || !rowof || (pg->srs.n && !extra)) {
		r = pos_fail(err, POS_ERR_NO_MEM, "out of memory");
		goto out;
	}
	/* one scan of the catalogue gives attributes and labels when many were sold */
	memset(rowof, 0xff, pg->cap * sizeof(*rowof));       /* SIZE_MAX: no row */
	if (pg->nseen > 64 && pg->nseen > (size_t)pc->max_product / 16)
		r = pcache_scan(pc, plabels_scanned, &l, err);
	else
		r = plabels_lookup(a->db, pc, &l, err);
	if (r && l.t.failed)
		goto nomem;
	if (r)
		goto out;
	for (id = 0; id < pg->cap; id++) {
		const struct pacc *p = &pg->v[id];
		const struct pattr *pa = id < pc->cap && pc->v[id].state == 1 ? &pc->v[id] : NULL;

		if (!p->seen || !l.v[id].set || !pattr_selected(pa, f, producer_id))
			continue;
		if ((r = pacc_total(a, p, pa, &tmask)))
			goto nomem;
		rowof[id] = n;
		e[n].grp = 0;
		e[n].v = sort_value(&p->m);
		e[n].key = l.t.text + l.v[id].sku;
		e[n].i = id;
		n++;
	}
	if ((r = pagg_showrooms(a, pg, rowof, tmask, extra)))
		goto nomem;
	sort_keys(e, n);
	/* calloc: fresh pages come zeroed, the rows are not cleared twice */
	if (n && !(rep->rows = big_calloc(n, sizeof(*rep->rows))))
		goto nomem;
	/* the labels' text is the report's now: the rows point into it */
	own = l.t.text;
	l.t.text = NULL;
	if (own && strs_adopt(&((struct report_ext *)rep)->strs, own))
		goto nomem;
	text = own;
	for (k = 0; k < n; k++) {
		struct report_row *row = &rep->rows[k];
		const struct plabel *lb;

		id = e[k].i;
		lb = &l.v[id];
		memcpy(row->key, text + lb->sku, strlen(text + lb->sku) + 1);
		row->label = text + lb->name;
		row->producer = text + lb->code;
		memcpy(row->province, pc->v[id].province, sizeof(row->province));
		row->unit = text + lb->unit;
		row->group = pc->v[id].group;
		row->stars = lb->stars;
		row->kind = -1;
		pacc_into(row, &pg->v[id], &pc->v[id]);
		row->producers = 1;
		row->showrooms = popcount64(pg->v[id].srmask) + (extra ? extra[id] : 0);
	}
	rep->n = n;
	total_unit(rep);
	r = 0;
	goto out;
nomem:
	r = pos_fail(err, POS_ERR_NO_MEM, "out of memory");
out:
	free(l.v);
	free(l.t.text);
	free(e);
	free(rowof);
	free(extra);
	return r;
}

/* Producers, provinces and groups from per-product sums: each product rolled into its row. */
static int rollup_rows(struct agg *a, struct pagg *pg, struct pcache *pc,
		       const struct report_filter *f, long long producer_id, struct pos_error *err)
{
	size_t *rowof, id, i;
	uint64_t tmask = 0;
	int r = 0, d;

	rowof = malloc((pg->cap ? pg->cap : 1) * sizeof(*rowof));
	if (!rowof)
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
	memset(rowof, 0xff, pg->cap * sizeof(*rowof));       /* SIZE_MAX: no row */
	if (!pc->scanned && pg->nseen > (size_t)pc->max_product / 8 &&
	    (r = pcache_scan(pc, NULL, NULL, err)))
		goto out;
	for (id = 0; id < pg->cap; id++) {
		const struct pacc *p = &pg->v[id];
		const struct pattr *pa;
		struct report_row *row;
		struct fact x;

		if (!p->seen)
			continue;
		if ((r = pcache_get(pc, (long long)id, &pa, err)))
			goto out;
		if (!pattr_selected(pa, f, producer_id))
			continue;
		memset(&x, 0, sizeof(x));
		x.bucket = x.showroom = "";
		x.product_id = (long long)id;
		x.producer_id = pa->producer_id;
		x.province = pa->province;
		x.group = pa->group;
		if ((r = agg_row(a, &x, &i)) || (r = pacc_total(a, p, pa, &tmask)))
			goto nomem;
		row = &a->r->rows[i];
		pacc_into(row, p, pa);
		if (a->g == REPORT_PRODUCERS)
			row->producers = 1;
		else if ((d = dset_add(&a->producers, i, (uint64_t)pa->producer_id)) < 0)
			goto nomem;
		else
			row->producers += d;
		a->srmask[i] |= p->srmask;
		rowof[id] = i;
	}
	if ((r = pagg_showrooms(a, pg, rowof, tmask, NULL)))
		goto nomem;
	for (i = 0; i < a->r->n; i++)
		a->r->rows[i].showrooms += popcount64(a->srmask[i]);
	r = label_rows(a, err);
	goto out;
nomem:
	r = pos_fail(err, POS_ERR_NO_MEM, "out of memory");
out:
	free(rowof);
	return r;
}

/* The sums per product of f's period (pg: release with pagg_release), for
 * the groupings that are properties of the product. */
static int pagg_read(struct db *db, struct pcache *pc, const struct report_filter *f,
		     struct pagg *pg, struct pos_error *err)
{
	int r;

	memset(pg, 0, sizeof(*pg));
	pg->showrooms.last_n = SIZE_MAX;
	pg->cap = (size_t)pc->max_product + 1;
	pg->v = big_calloc(pg->cap, sizeof(*pg->v));
	if (!pg->v)
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
	r = facts(db, NULL, f, f->from, f->to, B_NONE, 1, pagg_fact, pg, err);
	if (r == POS_ERR_NO_MEM)
		r = pos_fail(err, r, "out of memory");
	if (r)
		pagg_release(pg);       /* the caller releases only what was read */
	return r;
}

/* Sales reports being made (report_sales, report_sales_many): n groupings. */
struct sales_job {
	const struct report_filter *f;
	size_t n;
	struct agg *a;                   /* a[i].g, a[i].r set */
};

/* 1 when grouping g is made from the sums per product (no owner filter). */
static int by_product(const struct report_filter *f, enum report_group g)
{
	return !f->owner[0] && (g == REPORT_PRODUCTS || g == REPORT_PRODUCERS ||
				g == REPORT_PROVINCES || g == REPORT_GROUPS);
}

static enum report_sort sort_of(const struct report_filter *f, enum report_group g)
{
	return f->sort == REPORT_SORT_DEFAULT ? default_sort(g) : f->sort;
}

/* The grain a grouping made fact by fact reads the sales at. */
static enum bucket bucket_of(enum report_group g)
{
	return g == REPORT_DAILY || g == REPORT_WEEKLY ? B_DAY :
	       g == REPORT_MONTHLY ? B_MONTH : B_NONE;
}

/* A grouping summed per product (a set up): the sums per product pg read
 * on first use (*have_pg set), then its rows. */
static int sales_by_product(struct db *db, struct agg *a, struct pcache *pc,
			    const struct report_filter *f, struct pagg *pg, int *have_pg,
			    struct pos_error *err)
{
	long long producer_id = -1;
	int r;

	sort_key = sort_of(f, a->g);
	agg_init(a, pc);
	if (f->producer[0] && (r = producer_id_of(db, f->producer, &producer_id, err)))
		return r;
	if (!*have_pg) {
		if ((r = pagg_read(db, pc, f, pg, err)))
			return r;
		*have_pg = 1;
	}
	return a->g == REPORT_PRODUCTS ? product_rows(a, pg, pc, f, producer_id, err) :
		rollup_rows(a, pg, pc, f, producer_id, err);
}

/* Groupings made fact by fact from one stream of facts. */
struct fan {
	struct agg **a;
	size_t n;
};

static int fan_fact(void *ctx, const struct fact *x)
{
	struct fan *fn = ctx;
	size_t i;
	int r;

	for (i = 0; i < fn->n; i++)
		if ((r = agg_fact(fn->a[i], x)))
			return r;
	return 0;
}

/*
 * The groupings of fn made fact by fact, from one stream at grain b (the
 * monthly report's months are the facts of the others too: stars and, with
 * an owner filter, the product roll-ups read the same rows and ignore the
 * bucket; daily and weekly share the days).
 */
static int sales_by_fact(struct db *db, struct fan *fn, struct pcache *pc,
			 const struct report_filter *f, enum bucket b, struct pos_error *err)
{
	size_t i;
	int r = 0;

	for (i = 0; i < fn->n && !r; i++) {
		struct agg *a = fn->a[i];

		agg_init(a, pc);
		/* the total's and the programme's distinct counts per product */
		if (!f->owner[0]) {
			a->pfcap = (size_t)pc->max_product + 1;
			if (!(a->pflags = calloc(a->pfcap, 1)))
				r = POS_ERR_NO_MEM;
		}
	}
	if (!r && !f->owner[0])
		r = pcache_expect(pc, f, b, err);
	if (!r)
		r = facts(db, pc, f, f->from, f->to, b, 1, fan_fact, fn, err);
	for (i = 0; i < fn->n && !r; i++)
		if (fn->a[i]->pflags)
			r = agg_total_products(fn->a[i], pc);
	if (r == POS_ERR_NO_MEM)
		pos_fail(err, r, "out of memory");
	for (i = 0; i < fn->n && !r; i++)
		r = label_rows(fn->a[i], err);
	return r;
}

/* The reading part of the reports, in one snapshot: the groupings made
 * from sums per product share one pass over the sales, the others one
 * pass per grain (days; months or none). */
static int sales_read(struct db *db, void *ctx, struct pos_error *err)
{
	struct sales_job *j = ctx;
	const struct report_filter *f = j->f;
	struct pcache pc;
	struct pagg pg;
	struct fan days, months;
	enum bucket mb = B_NONE;
	size_t i;
	int r, have_pg = 0;

	if ((r = report_filter_check(db, f, err)) || (r = pcache_init(&pc, db, err)))
		return r;
	days.n = months.n = 0;
	days.a = malloc((j->n ? j->n : 1) * sizeof(*days.a));
	months.a = malloc((j->n ? j->n : 1) * sizeof(*months.a));
	if (!days.a || !months.a)
		r = pos_fail(err, POS_ERR_NO_MEM, "out of memory");
	for (i = 0; i < j->n && !r; i++) {
		struct agg *a = &j->a[i];

		if (by_product(f, a->g))
			r = sales_by_product(db, a, &pc, f, &pg, &have_pg, err);
		else if (bucket_of(a->g) == B_DAY)
			days.a[days.n++] = a;
		else {
			months.a[months.n++] = a;
			if (bucket_of(a->g) == B_MONTH)
				mb = B_MONTH;
		}
	}
	if (have_pg)
		pagg_release(&pg);
	if (!r && days.n)
		r = sales_by_fact(db, &days, &pc, f, B_DAY, err);
	if (!r && months.n)
		r = sales_by_fact(db, &months, &pc, f, mb, err);
	free(days.a);
	free(months.a);
	pcache_release(&pc);
	if (!r)
		r = count_invoices(db, f, &j->a[0].r->invoices, err);
	for (i = 1; i < j->n && !r; i++)
		j->a[i].r->invoices = j->a[0].r->invoices;
	return r;
}

int report_sales_many(struct db *db, const enum report_group *g, size_t n,
		      const struct report_filter *f, struct report **out, struct pos_error *err)
{
	struct sales_job j;
	size_t i;
	int r = 0;

	for (i = 0; i < n; i++) {
		out[i] = NULL;
		if ((unsigned)g[i] >= REPORT_GROUP_COUNT)
			return pos_fail(err, POS_ERR_INVALID, "unknown report grouping %d", (int)g[i]);
	}
	memset(&j, 0, sizeof(j));
	j.f = f;
	j.n = n;
	if (n && !(j.a = calloc(n, sizeof(*j.a))))
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
	for (i = 0; i < n && !r; i++) {
		struct report *rep = report_alloc();

		if (!rep) {
			r = pos_fail(err, POS_ERR_NO_MEM, "out of memory");
			break;
		}
		out[i] = rep;
		rep->group = g[i];
		rep->f = *f;
		rep->total.kind = -1;
		j.a[i].db = db;
		j.a[i].g = g[i];
		j.a[i].r = rep;
	}
	if (!r)
		r = in_snapshot(db, sales_read, &j, err);
	for (i = 0; i < n; i++) {
		if (out[i])
			memcpy(((struct report_ext *)out[i])->prog, j.a[i].prog, sizeof(j.a[i].prog));
		agg_release(&j.a[i]);
		/* the products report from per-product sums is made sorted */
		if (!r && !(by_product(f, g[i]) && g[i] == REPORT_PRODUCTS)) {
			sort_key = sort_of(f, g[i]);
			if ((r = sort_rows(out[i])))
				pos_fail(err, r, "out of memory");
		}
	}
	free(j.a);
	if (r)
		for (i = 0; i < n; i++) {
			report_free(out[i]);
			out[i] = NULL;
		}
	return r;
}

int report_sales(struct db *db, enum report_group g, const struct report_filter *f,
		 struct report **out, struct pos_error *err)
{
	return report_sales_many(db, &g, 1, f, out, err);
}

void report_free(struct report *r)
{
	if (!r)
		return;
	free(r->rows);
	strs_release(&((struct report_ext *)r)->strs);
	free((struct report_ext *)r);
}

/* ---- commercialization ------------------------------------------------ */

/*
 * The report is made over compact per-product records (the catalogue's
 * strings kept in one buffer, the producer by id): the catalogue in one
 * scan without a join, the facts of the period and of the year before
 * (from the summaries, no product look-up: the catalogue filters chose
 * the records), the first and last sales; then the products kept are
 * sorted through compact keys and their rows made once, in order (a row
 * is about a kilobyte: with 100,000 products, moving rows about would
 * cost more than summing the sales).
 */
struct com_prod {
	long long id, producer_id;
	uint32_t sku, name, cert;          /* offsets into com_agg.text */
	char province[3];
	char cert_issued[11], cert_expires[11], first_sale[11], last_sale[11];
	int group, stars, active, months, showrooms;
	struct report_measures cur, prev;
};

struct com_agg {
	struct report_com *c;
	struct com_prod *p;                /* the products the filter selects, by id */
	size_t n, cap;
	struct tarena text;
	struct pinfo *producers;           /* by id */
	size_t nproducers;
	struct idx ids;                    /* product id -> p */
	struct srnums showrooms;
	/* per product, months (from the period's first) and showrooms below 64
	 * in a word each; the others in pair sets */
	uint64_t *mmask, *smask;
	long month0;                       /* year * 12 + month of the period's first */
	struct pset months, srs;
	int prev;
};

/* A distinct (row, id) of a com_agg: the row's word for ids below 64. */
static int com_distinct(uint64_t *mask, struct pset *s, size_t row, uint64_t id)
{
	uint64_t bit;

	if (id >= 64)
		return pset_add(s, row, id);
	bit = (uint64_t)1 << id;
	if (mask[row] & bit)
		return 0;
	mask[row] |= bit;
	return 1;
}

static int com_fact(void *ctx, const struct fact *x)
{
	struct com_agg *a = ctx;
	struct com_prod *row;
	size_t i, sr;
	int n, r;

	if (x->product_id < 0 || (size_t)x->product_id >= a->ids.cap ||
	    (i = a->ids.v[x->product_id]) == SIZE_MAX)
		return 0;                /* not selected by the catalogue filters */
	row = &a->p[i];
	if (a->prev) {
		report_measures_add(&row->prev, &x->m);
		report_measures_add(&a->c->prev, &x->m);
		return 0;
	}
	report_measures_add(&row->cur, &x->m);
	report_measures_add(&a->c->cur, &x->m);
	if (x->m.sales > 0) {
		long month = strtol(x->bucket, NULL, 10) * 12 + strtol(x->bucket + 5, NULL, 10) - 1 -
			     a->month0;

		/* 64 months and more (or, were there any, before the first): the pair set */
		if ((n = com_distinct(a->mmask, &a->months, i, (uint64_t)month)) < 0)
			return n;
		row->months += n;
		if ((r = srnum(&a->showrooms, x->showroom, &sr)))
			return r;
		if ((n = com_distinct(a->smask, &a->srs, i, sr)) < 0)
			return n;
		row->showrooms += n;
	}
	return 0;
}

/* arr (n used of *cap) with room for one more: arr itself, or a larger copy
 * (first slots to begin with, then doubling; *cap updated); NULL when out
 * of memory (arr untouched). */
static void *grow_array(void *arr, size_t n, size_t *cap, size_t size, size_t first)
{
	if (*cap == 0 && first > n + 1 && pos_grow(&arr, cap, first, size))
		return NULL;
	return pos_grow(&arr, cap, n + 1, size) ? NULL : arr;
}

/* The products the filter selects (their current stars for f->stars), in id order. */
static int com_products(struct db *db, const struct report_filter *f, struct com_agg *a,
			struct pos_error *err)
{
	const struct pinfo *pi;
	sqlite3_stmt *st;
	int r, rc;

	if ((r = producers_load(db, &a->producers, &a->nproducers, err)))
		return r;
	pi = a->producers;
	r = db_prepare(db, "SELECT id, producer_id, sku, name, origin_province, ocop_group, stars,"
		       " cert_number, coalesce(cert_issued, ''), coalesce(cert_expires, ''), active"
		       " FROM product ORDER BY id", &st, err);
	if (r)
		return r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0), prid = sqlite3_column_int64(st, 1);
		const char *province = db_col_text(st, 4);
		int group = sqlite3_column_int(st, 5), stars = sqlite3_column_int(st, 6);
		struct com_prod *p;
		size_t *slot;
		void *grown;

		/* no such producer: the join would drop it */
		if (id < 0 || prid < 0 || (size_t)prid >= a->nproducers || pi[prid].kind < 0 ||
		    (f->province[0] && strcmp(province, f->province)) ||
		    (f->producer[0] && strcmp(pi[prid].code, f->producer)) ||
		    (f->kind >= 0 && pi[prid].kind != f->kind) || (f->group && group != f->group) ||
		    (f->stars && stars != f->stars))
			continue;
		if (!(grown = grow_array(a->p, a->n, &a->cap, sizeof(*a->p), 128))) {
			r = POS_ERR_NO_MEM;
			break;
		}
		a->p = grown;
		p = &a->p[a->n];
		memset(p, 0, sizeof(*p));
		p->id = id;
		p->producer_id = prid;
		p->sku = tarena_put(&a->text, db_col_text(st, 2), REPORT_SKU_SIZE);
		p->name = tarena_put(&a->text, db_col_text(st, 3), REPORT_NAME_SIZE);
		p->cert = tarena_put(&a->text, db_col_text(st, 7), REPORT_CERT_SIZE);
		VN_COPY(p->province, province);
		p->group = group;
		p->stars = stars;
		VN_COPY(p->cert_issued, db_col_text(st, 8));
		VN_COPY(p->cert_expires, db_col_text(st, 9));
		p->active = sqlite3_column_int(st, 10);
		if (a->text.failed || !(slot = idx_slot(&a->ids, (uint64_t)id))) {
			r = POS_ERR_NO_MEM;
			break;
		}
		*slot = a->n++;
	}
	if (!r && rc != SQLITE_DONE)
		r = db_fail(db, err, "reading the catalogue");
	sqlite3_reset(st);
	if (r == POS_ERR_NO_MEM)
		pos_fail(err, r, "out of memory");
	return r;
}

/* The last day on or before f->to the product was sold on, into out ("" = none). */
static int last_sale_by(struct db *db, const struct report_filter *f, long long product_id,
			char out[11], struct pos_error *err)
{
	sqlite3_stmt *st;
	int r = db_prepare(db, "SELECT max(business_date) FROM sale_day WHERE product_id = ?1"
			   " AND (?2 = '' OR showroom = ?2) AND business_date <= ?3 AND sales > 0",
			   &st, err);

	if (r)
		return r;
	sqlite3_bind_int64(st, 1, product_id);
	sqlite3_bind_text(st, 2, f->showroom, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, f->to, -1, SQLITE_TRANSIENT);
	out[0] = '\0';
	if (sqlite3_step(st) == SQLITE_ROW)
		vn_copy(out, 11, db_col_text(st, 0));
	if (sqlite3_reset(st) != SQLITE_OK)
		return db_fail(db, err, "reading the last sale");
	return 0;
}

/* First and last sales: one pass over sale_product (in product order, the
 * earliest and latest of a product's showrooms taken here). */
static int com_first_last(struct db *db, const struct report_filter *f, struct com_agg *a,
			  struct pos_error *err)
{
	sqlite3_stmt *st;
	size_t i;
	int r = db_prepare(db, "SELECT product_id, first_date, last_date FROM sale_product"
			   " WHERE ?1 = '' OR showroom = ?1", &st, err), rc;

	if (r)
		return r;
	sqlite3_bind_text(st, 1, f->showroom, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(st, 0);
		const char *first, *last;
		struct com_prod *p;

		if (id < 0 || (size_t)id >= a->ids.cap || (i = a->ids.v[id]) == SIZE_MAX)
			continue;
		p = &a->p[i];
		first = db_col_text(st, 1);
		last = db_col_text(st, 2);
		if (!p->first_sale[0] || strcmp(first, p->first_sale) < 0)
			VN_COPY(p->first_sale, first);
		if (strcmp(last, p->last_sale) > 0)
			VN_COPY(p->last_sale, last);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, err, "reading first and last sales");
	/* a report of a past period shows the last sale up to its end */
	for (i = 0; i < a->n; i++)
		if (a->p[i].last_sale[0] && strcmp(a->p[i].last_sale, f->to) > 0 &&
		    (r = last_sale_by(db, f, a->p[i].id, a->p[i].last_sale, err)))
			return r;
	return 0;
}

static int com_upgrades(struct db *db, const struct report_filter *f, struct report_com *c,
			struct pos_error *err)
{
	char lo[CLOCK_TS_LEN], hi[CLOCK_TS_LEN], d[CLOCK_DATE_LEN];
	sqlite3_stmt *st;
	size_t cap = 0;
	int r, rc;

	/* local midnight is 17:00 UTC the day before */
	clock_date_add_days(f->from, -1, d, NULL);
	snprintf(lo, sizeof(lo), "%sT17:00:00Z", d);
	snprintf(hi, sizeof(hi), "%sT17:00:00Z", f->to);
	r = db_prepare(db, "SELECT p.sku, p.name, r.previous_stars, r.stars, r.recorded_at,"
		       " r.cert_number FROM rating r JOIN product p ON p.id = r.product_id"
		       " JOIN producer pr ON pr.id = p.producer_id"
		       " WHERE r.previous_stars IS NOT NULL AND r.stars > r.previous_stars"
		       " AND r.recorded_at >= ?1 AND r.recorded_at < ?2"
		       " AND (?3 = '' OR p.origin_province = ?3) AND (?4 = '' OR pr.code = ?4)"
		       " AND (?5 = '' OR pr.kind = ?5) AND (?6 = 0 OR p.ocop_group = ?6)"
		       " ORDER BY r.recorded_at, p.sku", &st, err);
	if (r)
		return r;
	sqlite3_bind_text(st, 1, lo, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, f->province, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, f->producer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, kind_text(f->kind), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, f->group);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct report_upgrade *u;
		time_t t;
		void *grown;

		if (!(grown = grow_array(c->upgrades, c->nupgrades, &cap, sizeof(*c->upgrades), 16))) {
			r = pos_fail(err, POS_ERR_NO_MEM, "out of memory");
			break;
		}
		c->upgrades = grown;
		u = &c->upgrades[c->nupgrades++];
		memset(u, 0, sizeof(*u));
		VN_COPY(u->sku, db_col_text(st, 0));
		VN_COPY(u->name, db_col_text(st, 1));
		u->from_stars = sqlite3_column_int(st, 2);
		u->to_stars = sqlite3_column_int(st, 3);
		if (clock_parse_utc(db_col_text(st, 4), &t, NULL) == 0)
			clock_local_date(t, u->date);
		VN_COPY(u->cert_number, db_col_text(st, 5));
	}
	if (!r && rc != SQLITE_DONE)
		r = db_fail(db, err, "reading the rating history");
	sqlite3_reset(st);
	return r;
}

/* The rows of the products kept (active or with lines in the period), in
 * the report's order, made once each; their strings point into the
 * catalogue's text and the producers, which the report takes over. */
static int com_rows(struct com_agg *a)
{
	struct report_com *c = a->c;
	const char *text = a->text.text;
	const struct pinfo *producers = a->producers;
	struct sort_ent *e;
	size_t i, n = 0;

	if (!c->strs && !(c->strs = calloc(1, sizeof(*c->strs))))
		return POS_ERR_NO_MEM;
	/* adopted (or freed on failure): no longer a's */
	i = (size_t)strs_adopt(c->strs, a->text.text) | (size_t)strs_adopt(c->strs, a->producers);
	a->text.text = NULL;
	a->producers = NULL;
	if (i)
		return POS_ERR_NO_MEM;
	e = malloc((a->n ? a->n : 1) * sizeof(*e));
	if (!e)
		return POS_ERR_NO_MEM;
	for (i = 0; i < a->n; i++) {
		const struct com_prod *p = &a->p[i];
		int no_sales = p->cur.sales == 0;

		if (!p->active && !p->cur.sales && !p->cur.returns)
			continue;
		/* no sales first, by stars (highest first); then by revenue; ties by SKU */
		e[n].grp = !no_sales;
		e[n].v = no_sales ? -(int64_t)p->stars :
			 p->cur.amount == INT64_MIN ? INT64_MAX : -p->cur.amount;
		e[n].key = text + p->sku;
		e[n].i = i;
		n++;
	}
	sort_keys(e, n);
	/* plain calloc: with huge pages this report came out slower in the
	 * benchmark (bench_report_large), the products report faster */
	if (n && !(c->rows = calloc(n, sizeof(*c->rows)))) {
		free(e);
		return POS_ERR_NO_MEM;
	}
	for (i = 0; i < n; i++) {
		const struct com_prod *p = &a->p[e[i].i];
		const struct pinfo *pi = &producers[p->producer_id];
		struct report_com_row *row = &c->rows[i];

		row->product_id = p->id;
		row->sku = text + p->sku;
		row->name = text + p->name;
		row->producer = pi->code;
		row->producer_name = pi->name;
		memcpy(row->province, p->province, sizeof(row->province));
		row->group = p->group;
		row->stars = p->stars;
		row->cert_number = text + p->cert;
		memcpy(row->cert_issued, p->cert_issued, sizeof(row->cert_issued));
		memcpy(row->cert_expires, p->cert_expires, sizeof(row->cert_expires));
		memcpy(row->first_sale, p->first_sale, sizeof(row->first_sale));
		memcpy(row->last_sale, p->last_sale, sizeof(row->last_sale));
		row->cur = p->cur;
		row->prev = p->prev;
		if (p->prev.amount > 0) {
			row->has_growth = 1;
			row->growth_bp = (p->cur.amount - p->prev.amount) * 10000 / p->prev.amount;
		}
		row->months = p->months;
		row->showrooms = p->showrooms;
		row->no_sales = p->cur.sales == 0;
		c->no_sales += (size_t)row->no_sales;
	}
	c->n = n;
	free(e);
	return 0;
}

/* A commercialization report being made (report_commercialization). */
struct com_job {
	const struct report_filter *f;
	struct com_agg a;
};

/* The reading part of the report, in one snapshot. */
static int com_read(struct db *db, void *ctx, struct pos_error *err)
{
	struct com_job *j = ctx;
	const struct report_filter *f = j->f;
	struct com_agg *a = &j->a;
	struct report_com *c = a->c;
	struct report_filter ff;
	int r;

	if ((r = report_filter_check(db, f, err)))
		return r;
	ff = *f;
	ff.stars = 0;                    /* the product's current stars, in com_products */
	r = com_products(db, f, a, err);
	if (!r && ((a->mmask = calloc(a->n + 1, sizeof(*a->mmask))) == NULL ||
		   (a->smask = calloc(a->n + 1, sizeof(*a->smask))) == NULL))
		r = POS_ERR_NO_MEM;
	/* the products are chosen: the facts need no catalogue look-up (pc NULL) */
	if (!r)
		r = facts(db, NULL, &ff, f->from, f->to, B_MONTH, 0, com_fact, a, err);
	if (!r) {
		a->prev = 1;
		r = facts(db, NULL, &ff, c->prev_from, c->prev_to, B_NONE, 0, com_fact, a, err);
	}
	if (r == POS_ERR_NO_MEM)
		pos_fail(err, r, "out of memory");
	strmap_release(&a->showrooms.map);
	pset_release(&a->months);
	pset_release(&a->srs);
	free(a->mmask);
	free(a->smask);
	a->mmask = a->smask = NULL;
	if (!r)
		r = com_first_last(db, f, a, err);
	idx_release(&a->ids);
	if (!r)
		r = com_upgrades(db, f, c, err);
	return r;
}

struct report_com *report_com_new(const struct report_filter *f)
{
	struct report_com *c = calloc(1, sizeof(*c));

	if (c) {
		c->f = *f;
		clock_date_add_months(f->from, -12, c->prev_from, NULL);
		clock_date_add_months(f->to, -12, c->prev_to, NULL);
	}
	return c;
}

int report_commercialization(struct db *db, const struct report_filter *f,
			     struct report_com **out, struct pos_error *err)
{
	struct report_com *c;
	struct com_job j;
	int r;

	if (!(c = report_com_new(f)))
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
	memset(&j, 0, sizeof(j));
	j.f = f;
	j.a.c = c;
	j.a.showrooms.last_n = SIZE_MAX;
	j.a.month0 = strtol(f->from, NULL, 10) * 12 + strtol(f->from + 5, NULL, 10) - 1;
	r = in_snapshot(db, com_read, &j, err);
	if (!r && com_rows(&j.a))
		r = pos_fail(err, POS_ERR_NO_MEM, "out of memory");
	free(j.a.p);
	free(j.a.text.text);
	free(j.a.producers);
	if (r) {
		report_com_free(c);
		return r;
	}
	*out = c;
	return 0;
}

const char *report_com_keep(struct report_com *c, const char *s, size_t size)
{
	if (!c->strs && !(c->strs = calloc(1, sizeof(*c->strs))))
		return NULL;
	return strs_put(c->strs, s ? s : "", size);
}

void report_com_free(struct report_com *c)
{
	if (!c)
		return;
	strs_free(c->strs);
	free(c->rows);
	free(c->upgrades);
	free(c);
}

/* ---- consignment -------------------------------------------------------- */

static void lot_add(struct report_consign_lot *t, const struct report_consign_lot *l)
{
	t->sold_milli += l->sold_milli;
	t->refunded_milli += l->refunded_milli;
	t->returned_milli += l->returned_milli;
	t->unsold_milli += l->unsold_milli;
	t->gross += l->gross;
	t->commission += l->commission;
	t->payable += l->payable;
}

/* Each share of a line taken from (or put back into) the producer's lots. */
static const char consign_shares_sql[] =
	"SELECT x.lot_id, x.sign, x.q, x.bp,"
	" x.amount * x.cum / x.tot - x.amount * (x.cum - x.q) / x.tot, x.cost "
	"FROM (SELECT sll.lot_id, iif(s.kind = 'sale', 1, -1) AS sign, sll.qty_milli AS q,"
	"  sll.commission_bp AS bp, sll.owner_producer_id AS owner, sl.amount,"
	"  sll.unit_cost AS cost,"
	"  sum(sll.qty_milli) OVER (PARTITION BY sl.id ORDER BY sll.lot_id"
	"   ROWS UNBOUNDED PRECEDING) AS cum,"
	"  sum(sll.qty_milli) OVER (PARTITION BY sl.id) AS tot"
	"  FROM sale_line sl JOIN sale s ON s.id = sl.sale_id"
	"  JOIN sale_line_lot sll ON sll.sale_line_id = sl.id"
	"  WHERE sl.id IN (SELECT sale_line_id FROM sale_line_lot WHERE owner_producer_id = ?3)"
	"  AND sl.business_date BETWEEN ?1 AND ?2) x "
	"WHERE x.owner = ?3";

static int consign_producer(struct db *db, const struct report_filter *f,
			    struct report_consign_producer *p, struct pos_error *err)
{
	sqlite3_stmt *st, *mv;
	struct strmap ids;
	size_t cap = 0, i;
	int r, rc, added;

	memset(&ids, 0, sizeof(ids));
	/* the producer's lots, with what the ledger says about them */
	r = db_prepare(db, "SELECT l.id, p.sku, p.name, p.unit, l.lot_no, l.received_on,"
		       " coalesce(l.expiry, ''), l.commission_bp, l.unit_cost"
		       " FROM lot l JOIN product p ON p.id = l.product_id"
		       " WHERE l.owner_producer_id = ?1 ORDER BY p.sku, l.lot_no", &st, err);
	if (r)
		return r;
	r = db_prepare(db, "SELECT coalesce(sum(qty_milli) FILTER (WHERE business_date <= ?3), 0),"
		       " coalesce(-sum(qty_milli) FILTER (WHERE kind = 'return_to_producer'"
		       "  AND business_date BETWEEN ?2 AND ?3), 0)"
		       " FROM stock_move WHERE lot_id = ?1", &mv, err);
	if (r)
		return r;
	sqlite3_bind_int64(st, 1, p->producer_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct report_consign_lot *l;
		char key[24];
		void *grown;

		if (!(grown = grow_array(p->lots, p->nlots, &cap, sizeof(*p->lots), 16))) {
			r = POS_ERR_NO_MEM;
			break;
		}
		p->lots = grown;
		l = &p->lots[p->nlots];
		memset(l, 0, sizeof(*l));
		l->lot_id = sqlite3_column_int64(st, 0);
		VN_COPY(l->sku, db_col_text(st, 1));
		VN_COPY(l->name, db_col_text(st, 2));
		VN_COPY(l->unit, db_col_text(st, 3));
		VN_COPY(l->lot_no, db_col_text(st, 4));
		VN_COPY(l->received_on, db_col_text(st, 5));
		VN_COPY(l->expiry, db_col_text(st, 6));
		l->commission_bp = sqlite3_column_int(st, 7);
		l->unit_cost = sqlite3_column_int64(st, 8);
		sqlite3_bind_int64(mv, 1, l->lot_id);
		sqlite3_bind_text(mv, 2, f->from, -1, SQLITE_STATIC);
		sqlite3_bind_text(mv, 3, f->to, -1, SQLITE_STATIC);
		if (sqlite3_step(mv) == SQLITE_ROW) {
			l->unsold_milli = sqlite3_column_int64(mv, 0);
			l->returned_milli = sqlite3_column_int64(mv, 1);
		}
		if (sqlite3_reset(mv) != SQLITE_OK) {
			r = db_fail(db, err, "reading the stock ledger");
			break;
		}
		snprintf(key, sizeof(key), "%lld", l->lot_id);
		if ((r = smap_get(&ids, key, p->nlots, &i, &added)))
			break;
		p->nlots++;
	}
	if (!r && rc != SQLITE_DONE)
		r = db_fail(db, err, "reading the lots");
	sqlite3_reset(st);
	if (!r)
		r = db_prepare(db, consign_shares_sql, &st, err);
	if (!r) {
		sqlite3_bind_text(st, 1, f->from, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, f->to, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, p->producer_id);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			struct report_consign_lot *l;
			char key[24];
			int64_t sign = sqlite3_column_int64(st, 1), q = sqlite3_column_int64(st, 2),
				bp = sqlite3_column_int64(st, 3), share = sqlite3_column_int64(st, 4),
				cost = sqlite3_column_int64(st, 5), com;

			/* commission model, or the agreed price per unit when there is none */
			if (bp > 0)
				com = (share * bp + 5000) / 10000;
			else
				com = share - (q * cost + 500) / 1000;

			snprintf(key, sizeof(key), "%lld", (long long)sqlite3_column_int64(st, 0));
			if ((r = smap_get(&ids, key, SIZE_MAX, &i, &added)))
				break;
			if (added || i == SIZE_MAX)
				continue;       /* a lot that changed owner: not this producer's */
			l = &p->lots[i];
			if (sign > 0)
				l->sold_milli += q;
			else
				l->refunded_milli += q;
			l->gross += sign * share;
			l->commission += sign * com;
		}
		if (!r && rc != SQLITE_DONE)
			r = db_fail(db, err, "reading the consigned sales");
		sqlite3_reset(st);
	}
	strmap_release(&ids);
	if (r == POS_ERR_NO_MEM)
		return pos_fail(err, r, "out of memory");
	if (r)
		return r;
	/* keep the lots that did something or still hold goods */
	{
		size_t keep = 0;

		memset(&p->total, 0, sizeof(p->total));
		for (i = 0; i < p->nlots; i++) {
			struct report_consign_lot *l = &p->lots[i];

			l->payable = l->gross - l->commission;
			if (!l->sold_milli && !l->refunded_milli && !l->returned_milli &&
			    !l->unsold_milli)
				continue;
			lot_add(&p->total, l);
			p->lots[keep++] = *l;
		}
		p->nlots = keep;
	}
	return 0;
}

int report_consignment(struct db *db, const struct report_filter *f,
		       struct report_consign **out, struct pos_error *err)
{
	struct report_consign *c;
	sqlite3_stmt *st;
	size_t cap = 0, i, keep;
	int r, rc;

	if ((r = report_filter_check(db, f, err)))
		return r;
	c = calloc(1, sizeof(*c));
	if (!c)
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
	c->f = *f;
	r = db_prepare(db, "SELECT id, code, name, tax_code, phone FROM producer"
		       " WHERE id IN (SELECT owner_producer_id FROM lot"
		       "  WHERE owner_producer_id IS NOT NULL)"
		       " AND (?1 = '' OR code = ?1) ORDER BY code", &st, err);
	if (r)
		goto fail;
	sqlite3_bind_text(st, 1, f->producer, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct report_consign_producer *p;
		void *grown;

		if (!(grown = grow_array(c->producers, c->n, &cap, sizeof(*c->producers), 16))) {
			r = pos_fail(err, POS_ERR_NO_MEM, "out of memory");
			break;
		}
		c->producers = grown;
		p = &c->producers[c->n++];
		memset(p, 0, sizeof(*p));
		p->producer_id = sqlite3_column_int64(st, 0);
		VN_COPY(p->code, db_col_text(st, 1));
		VN_COPY(p->name, db_col_text(st, 2));
		VN_COPY(p->tax_code, db_col_text(st, 3));
		VN_COPY(p->phone, db_col_text(st, 4));
	}
	if (!r && rc != SQLITE_DONE)
		r = db_fail(db, err, "reading the producers");
	sqlite3_reset(st);
	for (i = 0; !r && i < c->n; i++)
		r = consign_producer(db, f, &c->producers[i], err);
	if (r)
		goto fail;
	for (i = keep = 0; i < c->n; i++) {
		if (!c->producers[i].nlots) {
			free(c->producers[i].lots);
			continue;
		}
		lot_add(&c->total, &c->producers[i].total);
		c->producers[keep++] = c->producers[i];
	}
	c->n = keep;
	*out = c;
	return 0;
fail:
	report_consign_free(c);
	return r;
}

void report_consign_free(struct report_consign *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n; i++)
		free(c->producers[i].lots);
	free(c->producers);
	free(c);
}

/* ---- statements ----------------------------------------------------------- */

static int statement_row(sqlite3_stmt *st, struct report_statement *s)
{
	memset(s, 0, sizeof(*s));
	s->id = sqlite3_column_int64(st, 0);
	VN_COPY(s->producer, db_col_text(st, 1));
	VN_COPY(s->producer_name, db_col_text(st, 2));
	VN_COPY(s->producer_tax_code, db_col_text(st, 3));
	VN_COPY(s->producer_phone, db_col_text(st, 4));
	VN_COPY(s->from, db_col_text(st, 5));
	VN_COPY(s->to, db_col_text(st, 6));
	s->gross = sqlite3_column_int64(st, 7);
	s->commission = sqlite3_column_int64(st, 8);
	s->payable = sqlite3_column_int64(st, 9);
	VN_COPY(s->created_at, db_col_text(st, 10));
	VN_COPY(s->created_by, db_col_text(st, 11));
	s->paid = sqlite3_column_type(st, 12) != SQLITE_NULL;
	VN_COPY(s->paid_at, db_col_text(st, 12));
	VN_COPY(s->paid_by, db_col_text(st, 13));
	VN_COPY(s->paid_reference, db_col_text(st, 14));
	return 0;
}

#define STATEMENT_COLS \
	"SELECT cs.id, pr.code, pr.name, pr.tax_code, pr.phone, cs.from_date, cs.to_date," \
	" cs.gross, cs.commission, cs.payable, cs.created_at, coalesce(cu.name, ''), cs.paid_at," \
	" coalesce(pu.name, ''), cs.paid_reference FROM consign_statement cs" \
	" JOIN producer pr ON pr.id = cs.producer_id LEFT JOIN user cu ON cu.id = cs.created_by" \
	" LEFT JOIN user pu ON pu.id = cs.paid_by "

int report_statement_get(struct db *db, long long id, struct report_statement *out,
			 struct pos_error *err)
{
	struct report_statement s;
	sqlite3_stmt *st;
	size_t cap = 0;
	int r, rc;

	r = db_prepare(db, STATEMENT_COLS "WHERE cs.id = ?1", &st, err);
	if (r)
		return r;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		statement_row(st, &s);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return pos_fail(err, POS_ERR_NOT_FOUND, tr("there is no consignment statement %lld"),
				id);
	if (rc != SQLITE_ROW)
		return db_fail(db, err, "reading the statement");
	/* the unit and the lot's dates and cost are the lot's own, not copied */
	r = db_prepare(db, "SELECT x.lot_id, x.sku, x.name, x.lot_no, x.commission_bp,"
		       " x.sold_milli, x.refunded_milli, x.returned_milli, x.unsold_milli, x.gross,"
		       " x.commission, x.payable, coalesce(p.unit, ''), coalesce(l.received_on, ''),"
		       " coalesce(l.expiry, ''), coalesce(l.unit_cost, 0)"
		       " FROM consign_statement_line x LEFT JOIN lot l ON l.id = x.lot_id"
		       " LEFT JOIN product p ON p.id = l.product_id"
		       " WHERE x.statement_id = ?1 ORDER BY x.line_no", &st, err);
	if (r)
		return r;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct report_consign_lot *l;
		void *grown;

		if (!(grown = grow_array(s.lines, s.nlines, &cap, sizeof(*s.lines), 16))) {
			r = pos_fail(err, POS_ERR_NO_MEM, "out of memory");
			break;
		}
		s.lines = grown;
		l = &s.lines[s.nlines++];
		memset(l, 0, sizeof(*l));
		l->lot_id = sqlite3_column_int64(st, 0);
		VN_COPY(l->sku, db_col_text(st, 1));
		VN_COPY(l->name, db_col_text(st, 2));
		VN_COPY(l->lot_no, db_col_text(st, 3));
		l->commission_bp = sqlite3_column_int(st, 4);
		l->sold_milli = sqlite3_column_int64(st, 5);
		l->refunded_milli = sqlite3_column_int64(st, 6);
		l->returned_milli = sqlite3_column_int64(st, 7);
		l->unsold_milli = sqlite3_column_int64(st, 8);
		l->gross = sqlite3_column_int64(st, 9);
		l->commission = sqlite3_column_int64(st, 10);
		l->payable = sqlite3_column_int64(st, 11);
		VN_COPY(l->unit, db_col_text(st, 12));
		VN_COPY(l->received_on, db_col_text(st, 13));
		VN_COPY(l->expiry, db_col_text(st, 14));
		l->unit_cost = sqlite3_column_int64(st, 15);
	}
	if (!r && rc != SQLITE_DONE)
		r = db_fail(db, err, "reading the statement");
	sqlite3_reset(st);
	if (r) {
		free(s.lines);
		return r;
	}
	*out = s;
	return 0;
}

void report_statement_release(struct report_statement *s)
{
	if (!s)
		return;
	free(s->lines);
	s->lines = NULL;
	s->nlines = 0;
}

int report_statement_list(struct db *db, const char *producer, const char *from,
			  const char *to, struct report_statement **out, size_t *n,
			  struct pos_error *err)
{
	struct report_statement *v = NULL;
	sqlite3_stmt *st;
	size_t cap = 0, cnt = 0;
	int r, rc;

	r = db_prepare(db, STATEMENT_COLS "WHERE (?1 = '' OR pr.code = ?1)"
		       " AND cs.to_date >= ?2 AND cs.from_date <= ?3 ORDER BY cs.id DESC", &st, err);
	if (r)
		return r;
	sqlite3_bind_text(st, 1, producer ? producer : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, from ? from : "0000-00-00", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, to ? to : "9999-99-99", -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		void *grown;

		if (!(grown = grow_array(v, cnt, &cap, sizeof(*v), 16))) {
			r = pos_fail(err, POS_ERR_NO_MEM, "out of memory");
			break;
		}
		v = grown;
		statement_row(st, &v[cnt++]);
	}
	if (!r && rc != SQLITE_DONE)
		r = db_fail(db, err, "reading the statements");
	sqlite3_reset(st);
	if (r) {
		free(v);
		return r;
	}
	*out = v;
	*n = cnt;
	return 0;
}

struct statement_args {
	const struct user *u;
	const struct report_filter *f;
	struct report_consign *c;    /* freed by the caller */
	long long id;
};

static int statement_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct statement_args *a = ctx;
	struct report_consign_producer *p;
	sqlite3_stmt *st;
	char now[CLOCK_TS_LEN], detail[128];
	long long id, other;
	size_t i;
	int r, rc;

	if ((r = report_consignment(db, a->f, &a->c, err)))
		return r;
	if (a->c->n == 0)
		return pos_fail(err, POS_ERR_REFUSED,
				tr("%s had no consigned goods here from %s to %s: nothing to settle"),
				a->f->producer, a->f->from, a->f->to);
	p = &a->c->producers[0];
	r = db_prepare(db, "SELECT id FROM consign_statement WHERE producer_id = ?1"
		       " AND from_date <= ?3 AND to_date >= ?2 ORDER BY id LIMIT 1", &st, err);
	if (r)
		return r;
	sqlite3_bind_int64(st, 1, p->producer_id);
	sqlite3_bind_text(st, 2, a->f->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, a->f->to, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	other = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, err, "reading the statements");
	if (other)
		return pos_fail(err, POS_ERR_REFUSED,
				tr("statement %lld already covers part of %s to %s for %s: "
				   "choose a period after it"), other, a->f->from, a->f->to,
				a->f->producer);
	clock_format_utc(clock_now(), now);
	r = db_prepare(db, "INSERT INTO consign_statement (producer_id, from_date, to_date, gross,"
		       " commission, payable, created_at, created_by)"
		       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &st, err);
	if (r)
		return r;
	sqlite3_bind_int64(st, 1, p->producer_id);
	sqlite3_bind_text(st, 2, a->f->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, a->f->to, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, p->total.gross);
	sqlite3_bind_int64(st, 5, p->total.commission);
	sqlite3_bind_int64(st, 6, p->total.payable);
	sqlite3_bind_text(st, 7, now, -1, SQLITE_STATIC);
	if (a->u)
		sqlite3_bind_int64(st, 8, a->u->id);
	else
		sqlite3_bind_null(st, 8);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, err, "saving the statement");
	id = a->id = db_last_id(db);
	r = db_prepare(db, "INSERT INTO consign_statement_line (statement_id, line_no, lot_id, sku,"
		       " name, lot_no, commission_bp, sold_milli, refunded_milli, returned_milli,"
		       " unsold_milli, gross, commission, payable)"
		       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
		       &st, err);
	if (r)
		return r;
	for (i = 0; i < p->nlots; i++) {
		const struct report_consign_lot *l = &p->lots[i];

		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
		sqlite3_bind_int64(st, 3, l->lot_id);
		sqlite3_bind_text(st, 4, l->sku, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, l->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, l->lot_no, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 7, l->commission_bp);
		sqlite3_bind_int64(st, 8, l->sold_milli);
		sqlite3_bind_int64(st, 9, l->refunded_milli);
		sqlite3_bind_int64(st, 10, l->returned_milli);
		sqlite3_bind_int64(st, 11, l->unsold_milli);
		sqlite3_bind_int64(st, 12, l->gross);
		sqlite3_bind_int64(st, 13, l->commission);
		sqlite3_bind_int64(st, 14, l->payable);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return db_fail(db, err, "saving the statement");
	}
	snprintf(detail, sizeof(detail), "%s %s..%s payable %lld", a->f->producer, a->f->from,
		 a->f->to, (long long)p->total.payable);
	{
		char doc[32];

		snprintf(doc, sizeof(doc), "CS-%lld", id);
		if ((r = audit_log(db, a->u ? a->u->id : 0, 0, "consign_statement", doc, detail, err)))
			return r;
	}
	return 0;
}

int report_statement_create(struct db *db, const struct user *u, const char *producer,
			    const char *from, const char *to, struct report_statement *out,
			    struct pos_error *err)
{
	struct statement_args a = { u, NULL, NULL, 0 };
	struct report_filter f;
	int r;

	if (u && (r = user_require(u, PERM_STOCK, err)))
		return r;
	report_filter_init(&f);
	VN_COPY(f.producer, producer ? producer : "");
	VN_COPY(f.from, from ? from : "");
	VN_COPY(f.to, to ? to : "");
	if (!f.producer[0])
		return pos_fail(err, POS_ERR_INVALID, "%s",
				tr("a statement is for one producer: give --producer CODE"));
	a.f = &f;
	r = db_tx(db, DB_TX_WRITE, statement_in_tx, &a, err);
	report_consign_free(a.c);
	if (r == 0 && out)
		return report_statement_get(db, a.id, out, err);
	return r;
}

struct paid_args {
	const struct user *u;
	long long id;
	const char *ref;
};

static int paid_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct paid_args *a = ctx;
	struct report_statement s;
	sqlite3_stmt *st;
	char now[CLOCK_TS_LEN], doc[32];
	int r, rc;

	if ((r = report_statement_get(db, a->id, &s, err)))
		return r;
	report_statement_release(&s);
	if (s.paid)
		return pos_fail(err, POS_ERR_REFUSED,
				tr("statement %lld was already paid on %s (reference %s)"), a->id,
				s.paid_at, s.paid_reference);
	clock_format_utc(clock_now(), now);
	r = db_prepare(db, "UPDATE consign_statement SET paid_at = ?2, paid_by = ?3,"
		       " paid_reference = ?4 WHERE id = ?1 AND paid_at IS NULL", &st, err);
	if (r)
		return r;
	sqlite3_bind_int64(st, 1, a->id);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	if (a->u)
		sqlite3_bind_int64(st, 3, a->u->id);
	else
		sqlite3_bind_null(st, 3);
	sqlite3_bind_text(st, 4, a->ref, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, err, "marking the statement paid");
	snprintf(doc, sizeof(doc), "CS-%lld", a->id);
	if ((r = audit_log(db, a->u ? a->u->id : 0, 0, "consign_paid", doc, a->ref, err)))
		return r;
	return 0;
}

int report_statement_paid(struct db *db, const struct user *u, long long id,
			  const char *reference, struct pos_error *err)
{
	char ref[128];
	struct paid_args a = { u, id, ref };
	int r;

	if (u && (r = user_require(u, PERM_STOCK, err)))
		return r;
	VN_COPY(ref, reference ? reference : "");
	if (!ref[0])
		return pos_fail(err, POS_ERR_INVALID, "%s",
				tr("say how it was paid with --reference (a transfer number, "
				   "a receipt)"));
	return db_tx(db, DB_TX_WRITE, paid_in_tx, &a, err);
}

/* ---- books ---------------------------------------------------------------- */

struct tb {
	struct report_table *t;
	size_t cap;
	int col;
	int failed;
	int borrow;                      /* texts pointed to, not copied (a streamed row) */
};

static void tb_init(struct tb *b, struct report_table *t, const char *key, const char *title,
		    const struct report_col *cols, int ncols, int label_cols)
{
	memset(t, 0, sizeof(*t));
	t->key = key;
	t->title = title;
	t->cols = cols;
	t->ncols = ncols;
	t->label_cols = label_cols;
	t->chart_label = t->chart_value = -1;
	b->t = t;
	b->cap = 0;
	b->col = 0;
	b->failed = 0;
	b->borrow = 0;
}

static struct report_cell *tb_next(struct tb *b)
{
	struct report_table *t = b->t;
	size_t need = (t->nrows + 1) * (size_t)t->ncols;
	struct report_cell *c;

	if (b->failed)
		return NULL;
	if (b->col == 0 && need > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : (size_t)t->ncols * 32;
		struct report_cell *v;

		while (cap < need)
			cap *= 2;
		v = realloc(t->cells, cap * sizeof(*v));
		if (!v) {
			b->failed = 1;
			return NULL;
		}
		t->cells = v;
		b->cap = cap;
	}
	c = &t->cells[t->nrows * (size_t)t->ncols + (size_t)b->col];
	memset(c, 0, sizeof(*c));
	if (++b->col == t->ncols) {
		b->col = 0;
		t->nrows++;
	}
	return c;
}

static void tb_text(struct tb *b, const char *s)
{
	struct report_cell *c = tb_next(b);

	if (!c)
		return;
	if (b->borrow) {
		/* a streamed row's: the text outlives the row (report_table_row) */
		c->text = (char *)(s ? s : "");
		return;
	}
	c->text = strdup(s ? s : "");
	if (!c->text) {
		b->failed = 1;
		c->null = 1;
	}
}

static void tb_num(struct tb *b, int64_t v)
{
	struct report_cell *c = tb_next(b);

	if (c) {
		c->num = v;
		c->text = NULL;
	}
}

static void tb_null(struct tb *b)
{
	struct report_cell *c = tb_next(b);

	if (c)
		c->null = 1;
}

/* a / b in basis points, or a null cell when b <= 0 */
static void tb_share(struct tb *b, int64_t num, int64_t den)
{
	if (den <= 0)
		tb_null(b);
	else
		tb_num(b, (int64_t)((double)num * 10000.0 / (double)den + (num >= 0 ? 0.5 : -0.5)));
}

static void tb_measures(struct tb *b, const struct report_measures *m, int64_t total)
{
	tb_num(b, m->amount);
	tb_num(b, report_net(m));
	tb_num(b, m->vat);
	tb_num(b, m->cost);
	tb_num(b, report_margin(m));
	tb_share(b, report_margin(m), report_net(m));
	tb_num(b, m->sales);
	tb_num(b, m->returns);
	tb_num(b, m->returned_amount);
	tb_share(b, m->amount, total);
}

#define MEASURE_COLS \
	{ "revenue", "Revenue", RCOL_MONEY }, { "net", "Net of VAT", RCOL_MONEY }, \
	{ "vat", "VAT", RCOL_MONEY }, { "cost", "Cost", RCOL_MONEY }, \
	{ "margin", "Gross margin", RCOL_MONEY }, { "margin_pct", "Margin rate", RCOL_PERCENT }, \
	{ "sales", "Lines sold", RCOL_INT }, { "returns", "Returns", RCOL_INT }, \
	{ "refunded", "Refunded", RCOL_MONEY }, { "share", "Share", RCOL_PERCENT }

#define SHARE_COLS \
	{ "cooperative_pct", "Share of cooperatives", RCOL_PERCENT }, \
	{ "enterprise_pct", "Share of enterprises", RCOL_PERCENT }, \
	{ "household_pct", "Share of households", RCOL_PERCENT }, \
	{ "women_led_pct", "Share of women-led", RCOL_PERCENT }, \
	{ "ethnic_minority_led_pct", "Share of ethnic-minority-led", RCOL_PERCENT }, \
	{ "products_3star", "3★ products", RCOL_INT }, \
	{ "products_4star", "4★ products", RCOL_INT }, \
	{ "products_5star", "5★ products", RCOL_INT }

static const struct report_col product_cols[] = {
	{ "sku", "SKU", RCOL_TEXT }, { "name", "Product", RCOL_TEXT },
	{ "producer", "Producer", RCOL_TEXT }, { "origin", "Origin", RCOL_TEXT },
	{ "stars", "Stars", RCOL_INT }, { "qty", "Quantity", RCOL_QTY },
	MEASURE_COLS,
	{ "returned_qty", "Returned qty", RCOL_QTY },
};

static const struct report_col producer_cols[] = {
	{ "code", "Code", RCOL_TEXT }, { "name", "Producer", RCOL_TEXT },
	{ "kind", "Kind", RCOL_TEXT }, { "province", "Province", RCOL_TEXT },
	{ "women_led", "Women-led", RCOL_TEXT }, { "ethnic_minority_led", "Ethnic-minority-led", RCOL_TEXT },
	{ "products", "Products", RCOL_INT },
	MEASURE_COLS,
};

static const struct report_col rollup_cols[] = {
	{ "code", "Code", RCOL_TEXT }, { "name", "Name", RCOL_TEXT },
	{ "products", "Products", RCOL_INT }, { "producers", "Producers", RCOL_INT },
	MEASURE_COLS,
	SHARE_COLS,
};

static const struct report_col time_cols[] = {
	{ "period", "Period", RCOL_TEXT },
	{ "products", "Products", RCOL_INT }, { "producers", "Producers", RCOL_INT },
	MEASURE_COLS,
	SHARE_COLS,
};

static const struct report_col programme_cols[] = {
	{ "category", "Category", RCOL_TEXT }, { "producers", "Producers", RCOL_INT },
	{ "products", "Products", RCOL_INT }, { "revenue", "Revenue", RCOL_MONEY },
	{ "share", "Share", RCOL_PERCENT },
};

#define NCOLS(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const char *const group_titles[REPORT_GROUP_COUNT] = {
	"Sales by product", "Sales by producer", "Sales by province of origin",
	"Sales by OCOP group", "Sales by star rating", "Sales by day", "Sales by week",
	"Sales by month",
};

static void yes_no(struct tb *b, int v)
{
	tb_text(b, v ? tr("yes") : tr("no"));
}

static void row_shares(struct tb *b, const struct report_row *row)
{
	tb_share(b, row->by_kind[0] + row->by_kind[1], row->m.amount);
	tb_share(b, row->by_kind[2], row->m.amount);
	tb_share(b, row->by_kind[3], row->m.amount);
	tb_share(b, row->women_led_amount, row->m.amount);
	tb_share(b, row->ethnic_amount, row->m.amount);
	tb_num(b, row->stars_products[0]);
	tb_num(b, row->stars_products[1]);
	tb_num(b, row->stars_products[2]);
}

static void sales_row(struct tb *b, enum report_group g, const struct report_row *row,
		      int64_t total, int is_total)
{
	const char *tot = tr("Total");

	switch (g) {
	case REPORT_PRODUCTS:
		tb_text(b, is_total ? tot : row->key);
		tb_text(b, row->label);
		tb_text(b, row->producer);
		tb_text(b, row->province);
		if (is_total)
			tb_null(b);
		else
			tb_num(b, row->stars);
		if (is_total && !row->unit[0])
			tb_null(b);     /* kilograms and pieces do not add up */
		else
			tb_num(b, row->m.qty_milli);
		tb_measures(b, &row->m, total);
		if (is_total && !row->unit[0])
			tb_null(b);
		else
			tb_num(b, row->m.returned_milli);
		break;
	case REPORT_PRODUCERS:
		tb_text(b, is_total ? tot : row->key);
		tb_text(b, row->label);
		if (is_total) {
			tb_text(b, "");
			tb_text(b, "");
			tb_text(b, "");
			tb_text(b, "");
		} else {
			tb_text(b, kind_label(row->kind));
			tb_text(b, row->province);
			yes_no(b, row->women_led);
			yes_no(b, row->ethnic_minority_led);
		}
		tb_num(b, row->products);
		tb_measures(b, &row->m, total);
		break;
	case REPORT_DAILY:
	case REPORT_WEEKLY:
	case REPORT_MONTHLY:
		tb_text(b, is_total ? tot : row->key);
		tb_num(b, row->products);
		tb_num(b, row->producers);
		tb_measures(b, &row->m, total);
		row_shares(b, row);
		break;
	default:
		tb_text(b, is_total ? tot : row->key);
		tb_text(b, row->label);
		tb_num(b, row->products);
		tb_num(b, row->producers);
		tb_measures(b, &row->m, total);
		row_shares(b, row);
	}
}

/* Append what fmt says to out (n bytes, *len of them used), or nothing
 * when it does not fit whole: a filter is named in full or not at all. */
static void __attribute__((format(printf, 4, 5)))
appendf(char *out, size_t n, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int w;

	if (*len >= n)
		return;
	va_start(ap, fmt);
	w = vsnprintf(out + *len, n - *len, fmt, ap);
	va_end(ap);
	if (w < 0 || (size_t)w >= n - *len)
		out[*len] = '\0';
	else
		*len += (size_t)w;
}

static void filters_text(const struct report_filter *f, char *out, size_t n)
{
	size_t len = 0;

	out[0] = '\0';
	if (!f->showroom[0])
		appendf(out, n, &len, "%s", tr("all showrooms"));
	else
		appendf(out, n, &len, tr("showroom %s"), f->showroom);
	if (f->province[0])
		appendf(out, n, &len, tr(", origin %s"), f->province);
	if (f->producer[0])
		appendf(out, n, &len, tr(", producer %s"), f->producer);
	if (f->kind >= 0)
		appendf(out, n, &len, ", %s", kind_label(f->kind));
	if (f->group)
		appendf(out, n, &len, tr(", group %d"), f->group);
	if (f->stars)
		appendf(out, n, &len, tr(", %d stars"), f->stars);
	if (f->owner[0])
		appendf(out, n, &len, tr(", owner %s"), f->owner);
}

static struct report_book *book_new(const char *name, const char *title,
				    const struct report_filter *f, size_t ntables)
{
	struct report_book *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	b->tables = calloc(ntables, sizeof(*b->tables));
	if (!b->tables) {
		free(b);
		return NULL;
	}
	VN_COPY(b->name, name);
	VN_COPY(b->title, title);
	VN_COPY(b->from, f->from);
	VN_COPY(b->to, f->to);
	filters_text(f, b->filters, sizeof(b->filters));
	b->chart_table = -1;
	b->invoices = -1;
	return b;
}

/* The columns and chart of grouping g's table t (its builder b). */
static void book_sales_layout(struct tb *b, struct report_table *t, enum report_group g)
{
	switch (g) {
	case REPORT_PRODUCTS:
		tb_init(b, t, "products", group_titles[g], product_cols, NCOLS(product_cols), 2);
		t->chart_label = 1;
		t->chart_value = 6;
		break;
	case REPORT_PRODUCERS:
		tb_init(b, t, "producers", group_titles[g], producer_cols,
			NCOLS(producer_cols), 2);
		t->chart_label = 1;
		t->chart_value = 7;
		break;
	case REPORT_DAILY:
	case REPORT_WEEKLY:
	case REPORT_MONTHLY:
		tb_init(b, t, report_group_name(g), group_titles[g], time_cols,
			NCOLS(time_cols), 1);
		t->chart_label = 0;
		t->chart_value = 3;
		break;
	default:
		tb_init(b, t, report_group_name(g), group_titles[g], rollup_cols,
			NCOLS(rollup_cols), 2);
		t->chart_label = 1;
		t->chart_value = 4;
	}
}

static int book_sales_table(struct report_book *bk, const struct report *r)
{
	struct report_table *t = &bk->tables[bk->n];
	struct tb b;
	size_t i;

	book_sales_layout(&b, t, r->group);
	bk->n++;
	for (i = 0; i < r->n; i++)
		sales_row(&b, r->group, &r->rows[i], r->total.m.amount, 0);
	sales_row(&b, r->group, &r->total, r->total.m.amount, 1);
	t->has_total = 1;
	return b.failed ? POS_ERR_NO_MEM : 0;
}

static int book_programme(struct report_book *bk, const struct report *r)
{
	static const char *const cats[PROG_COUNT] = {
		"Cooperatives", "Cooperative groups", "Enterprises", "Households",
		"Women-led producers", "Ethnic-minority-led producers", "3★ products",
		"4★ products", "5★ products",
	};
	const struct report_ext *ext = (const struct report_ext *)r;
	struct report_table *t = &bk->tables[bk->n++];
	struct tb b;
	int i;

	tb_init(&b, t, "programme", "Programme shares", programme_cols, NCOLS(programme_cols), 1);
	for (i = 0; i < PROG_COUNT; i++) {
		tb_text(&b, tr(cats[i]));
		tb_num(&b, ext->prog[i][0]);
		tb_num(&b, ext->prog[i][1]);
		tb_num(&b, ext->prog[i][2]);
		tb_share(&b, ext->prog[i][2], r->total.m.amount);
	}
	tb_text(&b, tr("Total"));
	tb_num(&b, r->total.producers);
	tb_num(&b, r->total.products);
	tb_num(&b, r->total.m.amount);
	tb_share(&b, r->total.m.amount, r->total.m.amount);
	t->has_total = 1;
	return b.failed ? POS_ERR_NO_MEM : 0;
}

int report_book_sales(const struct report *r, struct report_book **out, struct pos_error *err)
{
	struct report_book *b = book_new(report_group_name(r->group), group_titles[r->group], &r->f, 2);

	if (!b || book_sales_table(b, r) || book_programme(b, r)) {
		report_book_free(b);
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
	}
	b->chart_table = 0;
	b->invoices = r->invoices;
	*out = b;
	return 0;
}

int report_book_sales_stream(const struct report *r, int programme, struct report_book **out,
			     struct pos_error *err)
{
	struct report_book *b = book_new(report_group_name(r->group), group_titles[r->group], &r->f, 2);
	struct report_table *t;
	struct tb tb;

	if (!b)
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
	/* the table's layout as book_sales_table makes it, without its rows */
	t = &b->tables[0];
	book_sales_layout(&tb, t, r->group);
	b->n = 1;
	t->nrows = r->n + 1;
	t->has_total = 1;
	t->src = r;
	if (programme && book_programme(b, r)) {
		report_book_free(b);
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
	}
	b->chart_table = 0;
	b->invoices = r->invoices;
	*out = b;
	return 0;
}

static void com_row(struct tb *b, const struct report_com_row *row);
static void com_total(struct tb *b, const struct report_com *c, char *text, size_t n);

const struct report_cell *report_table_row(const struct report_table *t, size_t i,
					   struct report_rowbuf *buf)
{
	struct report_table one;
	struct tb tb;

	if (t->cells || (!t->src && !t->com_src))
		return t->cells ? &t->cells[i * (size_t)t->ncols] : NULL;
	/* one row into buf's cells, its texts pointing into the report */
	tb_init(&tb, &one, t->key, t->title, t->cols, t->ncols, t->label_cols);
	tb.borrow = 1;
	one.cells = buf->cells;
	tb.cap = buf->cap;
	if (t->com_src && i < t->com_src->n)
		com_row(&tb, &t->com_src->rows[i]);
	else if (t->com_src)
		com_total(&tb, t->com_src, buf->text, sizeof(buf->text));
	else if (i < t->src->n)
		sales_row(&tb, t->src->group, &t->src->rows[i], t->src->total.m.amount, 0);
	else
		sales_row(&tb, t->src->group, &t->src->total, t->src->total.m.amount, 1);
	buf->cells = one.cells;
	buf->cap = tb.cap;
	buf->n = one.nrows ? one.ncols : 0;
	if (tb.failed) {
		buf->n = 0;
		return NULL;
	}
	return buf->cells;
}

void report_rowbuf_release(struct report_rowbuf *buf)
{
	free(buf->cells);
	memset(buf, 0, sizeof(*buf));
}

int report_book_all(struct db *db, enum report_group first, const struct report_filter *f,
		    struct report_book **out, struct pos_error *err)
{
	static const enum report_group order[] = {
		REPORT_PRODUCTS, REPORT_PRODUCERS, REPORT_PROVINCES, REPORT_GROUPS, REPORT_STARS,
		REPORT_MONTHLY,
	};
	struct report_book *b;
	struct report *r = NULL;
	size_t i;
	int rc;

	b = book_new(report_group_name(first), group_titles[first], f, NCOLS(order) + 2);
	if (!b)
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
	if ((rc = report_sales(db, first, f, &r, err)))
		goto fail;
	if (book_sales_table(b, r) || book_programme(b, r))
		goto nomem;
	b->invoices = r->invoices;
	report_free(r);
	r = NULL;
	for (i = 0; i < (size_t)NCOLS(order); i++) {
		if (order[i] == first)
			continue;
		if ((rc = report_sales(db, order[i], f, &r, err)))
			goto fail;
		if (book_sales_table(b, r))
			goto nomem;
		report_free(r);
		r = NULL;
	}
	b->chart_table = 0;
	*out = b;
	return 0;
nomem:
	rc = pos_fail(err, POS_ERR_NO_MEM, "out of memory");
fail:
	report_free(r);
	report_book_free(b);
	return rc;
}

static const struct report_col com_cols[] = {
	{ "sku", "SKU", RCOL_TEXT }, { "name", "Product", RCOL_TEXT },
	{ "producer", "Producer", RCOL_TEXT }, { "origin", "Origin", RCOL_TEXT },
	{ "stars", "Stars", RCOL_INT }, { "certificate", "Certificate", RCOL_TEXT },
	{ "cert_issued", "Certified", RCOL_DATE }, { "cert_expires", "Cert. expires", RCOL_DATE },
	{ "no_sales", "No sales", RCOL_TEXT },
	{ "first_sale", "First sale", RCOL_DATE }, { "last_sale", "Last sale", RCOL_DATE },
	{ "revenue", "Revenue", RCOL_MONEY }, { "margin", "Gross margin", RCOL_MONEY },
	{ "revenue_prev", "Revenue a year before", RCOL_MONEY },
	{ "margin_prev", "Margin a year before", RCOL_MONEY },
	{ "growth", "Growth", RCOL_PERCENT }, { "months", "Months with sales", RCOL_INT },
	{ "showrooms", "Showrooms", RCOL_INT }, { "sales", "Lines sold", RCOL_INT },
};

static const struct report_col upgrade_cols[] = {
	{ "sku", "SKU", RCOL_TEXT }, { "name", "Product", RCOL_TEXT },
	{ "from_stars", "From", RCOL_INT }, { "to_stars", "To", RCOL_INT },
	{ "date", "Date", RCOL_DATE }, { "certificate", "Certificate", RCOL_TEXT },
};

/* A commercialization row's cells. */
static void com_row(struct tb *b, const struct report_com_row *row)
{
	tb_text(b, row->sku);
	tb_text(b, row->name);
	tb_text(b, row->producer);
	tb_text(b, row->province);
	tb_num(b, row->stars);
	tb_text(b, row->cert_number);
	tb_text(b, row->cert_issued);
	tb_text(b, row->cert_expires);
	tb_text(b, row->no_sales ? tr("NO SALES") : "");
	tb_text(b, row->first_sale);
	tb_text(b, row->last_sale);
	tb_num(b, row->cur.amount);
	tb_num(b, report_margin(&row->cur));
	tb_num(b, row->prev.amount);
	tb_num(b, report_margin(&row->prev));
	if (row->has_growth)
		tb_num(b, row->growth_bp);
	else
		tb_null(b);
	tb_num(b, row->months);
	tb_num(b, row->showrooms);
	tb_num(b, row->cur.sales);
}

/* The commercialization total's cells; text (n bytes) holds its count of products. */
static void com_total(struct tb *b, const struct report_com *c, char *text, size_t n)
{
	int i;

	tb_text(b, tr("Total"));
	snprintf(text, n, tr("%zu products, %zu without sales"), c->n, c->no_sales);
	tb_text(b, text);
	for (i = 0; i < 7; i++)
		tb_text(b, "");
	tb_text(b, "");
	tb_text(b, "");
	tb_num(b, c->cur.amount);
	tb_num(b, report_margin(&c->cur));
	tb_num(b, c->prev.amount);
	tb_num(b, report_margin(&c->prev));
	tb_share(b, c->cur.amount - c->prev.amount, c->prev.amount);
	tb_null(b);
	tb_null(b);
	tb_num(b, c->cur.sales);
}

/* The commercialization book, its products table made (stream 0) or streamed. */
static int book_com(const struct report_com *c, int stream, struct report_book **out,
		    struct pos_error *err)
{
	struct report_book *bk = book_new("commercialization", "Commercialization of OCOP products",
					  &c->f, 2);
	struct report_table *t;
	struct tb b;
	size_t i;

	if (!bk)
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
	t = &bk->tables[bk->n++];
	tb_init(&b, t, "products", "Commercialization of OCOP products", com_cols, NCOLS(com_cols), 2);
	t->chart_label = 1;
	t->chart_value = 11;
	if (stream) {
		t->nrows = c->n + 1;
		t->com_src = c;
	} else {
		char n[64];

		for (i = 0; i < c->n; i++)
			com_row(&b, &c->rows[i]);
		com_total(&b, c, n, sizeof(n));
	}
	t->has_total = 1;
	if (b.failed)
		goto nomem;
	t = &bk->tables[bk->n++];
	tb_init(&b, t, "upgrades", "Rating upgrades in the period", upgrade_cols,
		NCOLS(upgrade_cols), 2);
	for (i = 0; i < c->nupgrades; i++) {
		const struct report_upgrade *u = &c->upgrades[i];

		tb_text(&b, u->sku);
		tb_text(&b, u->name);
		tb_num(&b, u->from_stars);
		tb_num(&b, u->to_stars);
		tb_text(&b, u->date);
		tb_text(&b, u->cert_number);
	}
	if (b.failed)
		goto nomem;
	bk->chart_table = 0;
	*out = bk;
	return 0;
nomem:
	report_book_free(bk);
	return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
}

int report_book_com(const struct report_com *c, struct report_book **out,
		    struct pos_error *err)
{
	return book_com(c, 0, out, err);
}

int report_book_com_stream(const struct report_com *c, struct report_book **out,
			   struct pos_error *err)
{
	return book_com(c, 1, out, err);
}

static const struct report_col consign_producer_cols[] = {
	{ "code", "Code", RCOL_TEXT }, { "name", "Producer", RCOL_TEXT },
	{ "tax_code", "Tax code", RCOL_TEXT }, { "lots", "Lots", RCOL_INT },
	{ "sold", "Sold", RCOL_QTY }, { "refunded", "Brought back", RCOL_QTY },
	{ "returned", "Returned to producer", RCOL_QTY }, { "unsold", "Unsold", RCOL_QTY },
	{ "gross", "Gross sales", RCOL_MONEY }, { "commission", "Commission", RCOL_MONEY },
	{ "payable", "Payable", RCOL_MONEY },
};

static const struct report_col consign_lot_cols[] = {
	{ "producer", "Producer", RCOL_TEXT }, { "sku", "SKU", RCOL_TEXT },
	{ "name", "Product", RCOL_TEXT }, { "lot", "Lot", RCOL_TEXT },
	{ "received", "Received", RCOL_DATE }, { "commission_pct", "Commission rate", RCOL_PERCENT },
	{ "sold", "Sold", RCOL_QTY }, { "refunded", "Brought back", RCOL_QTY },
	{ "returned", "Returned to producer", RCOL_QTY }, { "unsold", "Unsold", RCOL_QTY },
	{ "gross", "Gross sales", RCOL_MONEY }, { "commission", "Commission", RCOL_MONEY },
	{ "payable", "Payable", RCOL_MONEY },
};

static void consign_figures(struct tb *b, const struct report_consign_lot *l)
{
	tb_num(b, l->sold_milli);
	tb_num(b, l->refunded_milli);
	tb_num(b, l->returned_milli);
	tb_num(b, l->unsold_milli);
	tb_num(b, l->gross);
	tb_num(b, l->commission);
	tb_num(b, l->payable);
}

int report_book_consign(const struct report_consign *c, struct report_book **out,
			struct pos_error *err)
{
	struct report_book *bk = book_new("consignment", "Consignment settlement", &c->f, 2);
	struct report_table *t;
	struct tb b;
	size_t i, j, lots = 0;

	if (!bk)
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
	t = &bk->tables[bk->n++];
	tb_init(&b, t, "producers", "Consignment by producer", consign_producer_cols,
		NCOLS(consign_producer_cols), 2);
	t->chart_label = 1;
	t->chart_value = 10;
	for (i = 0; i < c->n; i++) {
		const struct report_consign_producer *p = &c->producers[i];

		tb_text(&b, p->code);
		tb_text(&b, p->name);
		tb_text(&b, p->tax_code);
		tb_num(&b, (int64_t)p->nlots);
		consign_figures(&b, &p->total);
		lots += p->nlots;
	}
	tb_text(&b, tr("Total"));
	tb_text(&b, "");
	tb_text(&b, "");
	tb_num(&b, (int64_t)lots);
	consign_figures(&b, &c->total);
	t->has_total = 1;
	if (b.failed)
		goto nomem;
	t = &bk->tables[bk->n++];
	tb_init(&b, t, "lots", "Consigned lots", consign_lot_cols, NCOLS(consign_lot_cols), 4);
	for (i = 0; i < c->n; i++)
		for (j = 0; j < c->producers[i].nlots; j++) {
			const struct report_consign_lot *l = &c->producers[i].lots[j];

			tb_text(&b, c->producers[i].code);
			tb_text(&b, l->sku);
			tb_text(&b, l->name);
			tb_text(&b, l->lot_no);
			tb_text(&b, l->received_on);
			tb_num(&b, l->commission_bp);
			consign_figures(&b, l);
		}
	tb_text(&b, tr("Total"));
	tb_text(&b, "");
	tb_text(&b, "");
	tb_text(&b, "");
	tb_text(&b, "");
	tb_null(&b);
	consign_figures(&b, &c->total);
	t->has_total = 1;
	if (b.failed)
		goto nomem;
	bk->chart_table = 0;
	*out = bk;
	return 0;
nomem:
	report_book_free(bk);
	return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
}

void report_book_free(struct report_book *b)
{
	size_t i, k;

	if (!b)
		return;
	for (i = 0; i < b->n; i++) {
		struct report_table *t = &b->tables[i];

		for (k = 0; t->cells && k < t->nrows * (size_t)t->ncols; k++)
			free(t->cells[k].text);
		free(t->cells);
	}
	free(b->tables);
	free(b);
}

/* ---- checks ------------------------------------------------------------------ */

int report_check_summary(struct db *db, struct pos_error *err)
{
	static const char *const sql[] = {
		/* sale_day against the lines */
		"SELECT coalesce(a.business_date, b.business_date), coalesce(a.product_id, b.product_id)"
		" FROM (SELECT sl.business_date, s.showroom, sl.product_id, sl.stars,"
		"  sum(iif(s.kind = 'sale', sl.qty_milli, -sl.qty_milli)) AS q,"
		"  sum(iif(s.kind = 'sale', sl.amount, -sl.amount)) AS a,"
		"  sum(iif(s.kind = 'sale', sl.vat, -sl.vat)) AS v,"
		"  sum(iif(s.kind = 'sale', sl.cost, -sl.cost)) AS c,"
		"  sum(iif(s.kind = 'sale', sl.commission, -sl.commission)) AS m,"
		"  sum(s.kind = 'sale') AS n, sum(s.kind <> 'sale') AS r"
		"  FROM sale_line sl JOIN sale s ON s.id = sl.sale_id"
		"  GROUP BY 1, 2, 3, 4) a"
		" FULL JOIN sale_day b ON b.business_date = a.business_date"
		"  AND b.showroom = a.showroom AND b.product_id = a.product_id AND b.stars = a.stars"
		" WHERE a.q IS NOT b.qty_milli OR a.a IS NOT b.amount OR a.v IS NOT b.vat"
		"  OR a.c IS NOT b.cost OR a.m IS NOT b.commission OR a.n IS NOT b.sales"
		"  OR a.r IS NOT b.returns LIMIT 1",
		/* sale_month against sale_day */
		"SELECT coalesce(a.month, b.month), coalesce(a.product_id, b.product_id)"
		" FROM (SELECT substr(business_date, 1, 7) AS month, showroom, product_id, stars,"
		"  sum(qty_milli) AS q, sum(amount) AS a, sum(vat) AS v, sum(cost) AS c,"
		"  sum(commission) AS m, sum(sales) AS n, sum(returns) AS r,"
		"  sum(returned_milli) AS rq, sum(returned_amount) AS ra"
		"  FROM sale_day GROUP BY 1, 2, 3, 4) a"
		" FULL JOIN sale_month b ON b.month = a.month AND b.showroom = a.showroom"
		"  AND b.product_id = a.product_id AND b.stars = a.stars"
		" WHERE a.q IS NOT b.qty_milli OR a.a IS NOT b.amount OR a.v IS NOT b.vat"
		"  OR a.c IS NOT b.cost OR a.m IS NOT b.commission OR a.n IS NOT b.sales"
		"  OR a.r IS NOT b.returns OR a.rq IS NOT b.returned_milli"
		"  OR a.ra IS NOT b.returned_amount LIMIT 1",
	};
	size_t i;

	for (i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		sqlite3_stmt *st;
		int r = db_prepare(db, sql[i], &st, err), rc;

		if (r)
			return r;
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			r = pos_fail(err, POS_ERR_CORRUPT,
				     tr("the sales summary (%s) disagrees with the sales on %s for "
					"product %lld"), i ? "sale_month" : "sale_day",
				     db_col_text(st, 0), (long long)sqlite3_column_int64(st, 1));
		} else if (rc != SQLITE_DONE) {
			r = db_fail(db, err, "checking the sales summary");
		}
		sqlite3_reset(st);
		if (r)
			return r;
	}
	return 0;
}
