/*
 * report.h - what was sold, per product and rolled up; whether each OCOP
 * product is commercially active and growing; what the shop owes each
 * consigning producer.  Used by `ocop-pos report`, the TUI's reports
 * screen and the province hub (where the sales of every showroom sit in
 * the same tables, told apart by sale.showroom).
 *
 * Where the figures come from.  Every measure is a sum over sale lines
 * whose business date lies in the period: a sale adds, a refund or a void
 * subtracts (on its own business date; amounts are stored positive and
 * the document's kind gives the sign).  Revenue is VAT-inclusive (the
 * line's amount after discounts), net revenue = revenue - VAT, gross
 * margin = net revenue - cost.  Reports read the summary tables sale_day
 * and sale_month, which a trigger on sale_line keeps in the sale's own
 * transaction (schema v2), so a year of a busy showroom is a few thousand
 * rows rather than hundreds of thousands of lines; whole months come from
 * sale_month and the days at either end from sale_day.  The owner filter
 * (shop-owned or consigned goods) and the consignment report need the
 * lots a line was taken from, so they read sale_line and sale_line_lot:
 * a line's measures are shared among its lots in proportion to quantity,
 * cumulatively (floor(x * cum_i / total) - floor(x * cum_i-1 / total)),
 * so the shares add up exactly to the line.
 *
 * Reports are data (struct report, report_com, report_consign); the
 * presentation model (struct report_book: titled tables of typed columns)
 * is built here too, so the terminal table, CSV, JSON (src/cli) and XLSX
 * (xlsx.h) all show the same columns.  Nothing here prints.
 */
#ifndef OCOP_REPORT_H
#define OCOP_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"

struct db;
struct user;
struct report_strs;

/* ---- filters --------------------------------------------------------- */

enum report_sort {
	REPORT_SORT_DEFAULT,       /* revenue for products/producers/provinces, key otherwise */
	REPORT_SORT_REVENUE,       /* largest revenue first */
	REPORT_SORT_QTY,           /* largest quantity first */
	REPORT_SORT_MARGIN,        /* largest gross margin first */
	REPORT_SORT_KEY,           /* by key (SKU, code, date) */
};

#define REPORT_CODE_MAX 33

/*
 * What a report covers.  Empty strings and zeros mean "any".  Dates are
 * local business dates YYYY-MM-DD, both ends included.
 */
struct report_filter {
	char from[11], to[11];
	char showroom[17];               /* sale.showroom code (a hub merges many) */
	char province[3];                /* origin province of the product, 2025 code */
	char producer[REPORT_CODE_MAX];  /* the product's producer, by code */
	int kind;                        /* producer kind (enum producer_kind), -1 = any */
	int group;                       /* OCOP group 1..6 */
	int stars;                       /* 3..5: stars at the time of sale (commercialization:
					    the product's current stars) */
	char owner[REPORT_CODE_MAX];     /* "shop", "consigned" or a consigning producer's code */
	enum report_sort sort;
};

/* Any showroom, product and owner; from the first of this month to today. */
void report_filter_init(struct report_filter *f);

/*
 * Check f before use: dates valid and from <= to (POS_ERR_INVALID naming
 * the option), producer and owner producer known (POS_ERR_NOT_FOUND; not
 * looked up when db is NULL),
 * province a 2025 code (resolve names first with province_resolve()),
 * group 0..6, stars 0 or 3..5.
 */
int report_filter_check(struct db *db, const struct report_filter *f, struct pos_error *err);

/* ---- sales reports ---------------------------------------------------- */

enum report_group {
	REPORT_PRODUCTS, REPORT_PRODUCERS, REPORT_PROVINCES, REPORT_GROUPS, REPORT_STARS,
	REPORT_DAILY, REPORT_WEEKLY, REPORT_MONTHLY,
	REPORT_GROUP_COUNT
};

/* "products", "producers", "provinces", "groups", "stars", "daily", "weekly", "monthly". */
const char *report_group_name(enum report_group g);
/* The reverse; POS_ERR_INVALID listing the names for anything else. */
int report_group_parse(const char *s, enum report_group *out, struct pos_error *err);

/* Sums over sale lines (see the top of this file). */
struct report_measures {
	int64_t qty_milli;               /* net quantity, thousandths */
	int64_t amount;                  /* net revenue, VAT-inclusive */
	int64_t vat;
	int64_t cost;
	int64_t commission;              /* the shop's commission on consigned goods */
	int64_t sales;                   /* sale lines (times the product was sold; an
					    invoice with two lines of it counts twice) */
	int64_t returns;                 /* refund and void lines */
	int64_t returned_milli;          /* quantity they took back */
	int64_t returned_amount;         /* money they gave back */
};

/* a += b, measure by measure. */
void report_measures_add(struct report_measures *a, const struct report_measures *b);
/* amount - vat */
int64_t report_net(const struct report_measures *m);
/* amount - vat - cost */
int64_t report_margin(const struct report_measures *m);

/* The programme's shares are the by_kind, women/ethnic and stars fields. */
enum { REPORT_KINDS = 4 };

/*
 * A sales report's row.  Its label, producer and unit point into the
 * report (kept until report_free(); never NULL, "" when there is none),
 * cut as VN_COPY would cut them into arrays of REPORT_NAME_SIZE,
 * REPORT_CODE_MAX and REPORT_UNIT_SIZE bytes: a row of arrays was 600
 * bytes, and a national catalogue's products report copied 45 MB of them.
 */
#define REPORT_NAME_SIZE 256
#define REPORT_UNIT_SIZE 32

struct report_row {
	char key[40];                    /* SKU, producer code, province code, group "1".."6",
					    stars "3".."5", date, ISO week "2026-W47", month "2026-11" */
	const char *label;               /* product, producer, province or group name; "" for dates */
	/* products: the product's producer code, origin, group and current stars;
	 * producers: the producer's province and kind, women-/ethnic-minority-led. */
	const char *producer;
	char province[3];
	const char *unit;                /* products: the unit of m.qty_milli; the total: the
					    rows' common unit, "" when they mix units (kg and
					    pieces do not add: the total shows no quantity) */
	int group, stars;
	int kind, women_led, ethnic_minority_led;
	struct report_measures m;
	int64_t products;                /* distinct products with lines in the row */
	int64_t producers;               /* distinct producers */
	int64_t showrooms;               /* distinct showrooms */
	int64_t by_kind[REPORT_KINDS];   /* revenue from producers of each kind */
	int64_t women_led_amount;        /* revenue from women-led producers */
	int64_t ethnic_amount;           /* revenue from ethnic-minority-led producers */
	int64_t stars_products[3];       /* distinct products sold at 3, 4 and 5 stars */
	int64_t stars_amount[3];         /* revenue at 3, 4 and 5 stars */
};

struct report {
	enum report_group group;
	struct report_filter f;
	struct report_row *rows;
	size_t n;
	struct report_row total;         /* every fact once: reconciles with the sales */
	int64_t invoices;                /* sale invoices with a line in the report (a
					    sale counted once however many lines it has);
					    -1: not known (a PostgreSQL hub's summaries) */
};

/*
 * The sales report of grouping g for filter f (checked with
 * report_filter_check), rows sorted by f->sort.  *out is allocated (free
 * with report_free()).  Returns 0, POS_ERR_INVALID/NOT_FOUND for a bad
 * filter, POS_ERR_DB, POS_ERR_NO_MEM.
 */
int report_sales(struct db *db, enum report_group g, const struct report_filter *f,
		 struct report **out, struct pos_error *err);
void report_free(struct report *r);

/*
 * The sales reports of groupings g[0..n) for f, as report_sales() makes
 * each, into out[0..n) (each freed with report_free(); all NULL on
 * error), read in one snapshot: the groupings summed per product
 * (products, producers, provinces, groups, without an owner filter)
 * share one pass over the sales.
 */
int report_sales_many(struct db *db, const enum report_group *g, size_t n,
		      const struct report_filter *f, struct report **out, struct pos_error *err);

/*
 * An empty report (zeroed but the total's strings, "", with room for
 * what report_book_sales reads beyond struct report: the programme
 * shares, left at zero) for another source of rows to fill (pghub.c; a
 * row's strings set, from report_keep() or static); free with
 * report_free().  NULL when out of memory.
 */
struct report *report_alloc(void);
/*
 * s, cut as VN_COPY cuts it into an array of size bytes, kept with r (from
 * report_alloc() or report_sales()) until report_free(): for the strings
 * of r's rows.  NULL when out of memory.
 */
const char *report_keep(struct report *r, const char *s, size_t size);

/* ---- commercialization ----------------------------------------------- */

/*
 * A commercialization row's strings point into its report (kept until
 * report_com_free(); never NULL): with a national catalogue a row of
 * inline arrays was 900 bytes, most of it empty, and copying them cost a
 * third of the report.  They are cut as VN_COPY would cut them into
 * arrays of these sizes.
 */
#define REPORT_SKU_SIZE 64
#define REPORT_CERT_SIZE 64

struct report_com_row {
	long long product_id;
	const char *sku;
	const char *name;
	const char *producer;            /* code */
	const char *producer_name;
	const char *cert_number;
	char province[3];
	int group, stars;                /* current rating */
	char cert_issued[11], cert_expires[11];  /* "" when unknown */
	char first_sale[11];             /* ever recorded (in f->showroom); "" = never */
	char last_sale[11];              /* the last sale on or before the period's end */
	struct report_measures cur;      /* in the period */
	struct report_measures prev;     /* in the same period a year before */
	int has_growth;                  /* 0 when prev.amount <= 0 */
	int64_t growth_bp;               /* (cur - prev) / prev revenue, basis points */
	int months;                      /* months of the period with at least one sale */
	int showrooms;                   /* showrooms that sold it in the period */
	int no_sales;                    /* 1: not sold once in the period */
};

struct report_upgrade {
	char sku[64];
	char name[256];
	int from_stars, to_stars;
	char date[11];                   /* local date recorded */
	char cert_number[64];
};

struct report_com {
	struct report_filter f;
	char prev_from[11], prev_to[11];
	struct report_com_row *rows;     /* products without sales first */
	size_t n;
	size_t no_sales;                 /* how many rows have no sales */
	struct report_upgrade *upgrades; /* rating upgrades recorded in the period */
	size_t nupgrades;
	struct report_measures cur, prev;/* totals */
	struct report_strs *strs;        /* what the rows' strings point into */
};

/*
 * Commercialization of every product the filter selects that is active
 * or was sold in the period (f->stars and the catalogue filters apply to
 * the product as it is now).  Order: products with no sale in the period
 * first (by stars, highest first, then SKU) -- the ones the province must
 * act on -- then the others by revenue.  *out: report_com_free().
 */
int report_commercialization(struct db *db, const struct report_filter *f,
			     struct report_com **out, struct pos_error *err);
void report_com_free(struct report_com *r);
/*
 * An empty commercialization report of filter f (its comparison period,
 * the same dates a year before, set) for a source of rows to fill
 * (report.c, pghub.c); NULL when out of memory.  Free with report_com_free().
 */
struct report_com *report_com_new(const struct report_filter *f);
/*
 * s, cut as VN_COPY cuts it into an array of size bytes, kept with c until
 * report_com_free(): for the strings of c's rows.  NULL when out of memory.
 */
const char *report_com_keep(struct report_com *c, const char *s, size_t size);

/* ---- consignment ------------------------------------------------------ */

struct report_consign_lot {
	long long lot_id;
	char sku[64];
	char name[256];
	char unit[32];
	char lot_no[64];
	char received_on[11], expiry[11];
	int commission_bp;
	int64_t unit_cost;
	int64_t sold_milli;              /* sold in the period */
	int64_t refunded_milli;          /* brought back by customers in the period */
	int64_t returned_milli;          /* given back to the producer in the period */
	int64_t unsold_milli;            /* left in the lot at the end of the period */
	int64_t gross;                   /* net sales (sold - refunded), VAT-inclusive */
	int64_t commission;              /* the shop's part: sum over the lot's shares of
					    lines of round(share x commission_bp / 10000), or
					    when the lot has no commission, share - round(qty x
					    unit_cost) (the agreed price per unit) */
	int64_t payable;                 /* gross - commission */
};

struct report_consign_producer {
	long long producer_id;
	char code[REPORT_CODE_MAX];
	char name[256];
	char tax_code[16];
	char phone[32];
	struct report_consign_lot *lots; /* by SKU, then lot */
	size_t nlots;
	struct report_consign_lot total; /* sums (lot fields empty) */
};

struct report_consign {
	struct report_filter f;
	struct report_consign_producer *producers;   /* by code */
	size_t n;
	struct report_consign_lot total;
};

/*
 * What each consigning producer's lots did in the period (f->producer
 * selects one; f->showroom is not used: lots belong to this database).
 * A lot is listed when it sold, took back or gave back anything in the
 * period or holds goods at its end.  *out: report_consign_free().
 */
int report_consignment(struct db *db, const struct report_filter *f,
		       struct report_consign **out, struct pos_error *err);
void report_consign_free(struct report_consign *r);

/* A consignment statement as recorded (consign_statement + its lines). */
struct report_statement {
	long long id;
	char producer[REPORT_CODE_MAX];
	char producer_name[256];
	char producer_tax_code[16];
	char producer_phone[32];
	char from[11], to[11];
	int64_t gross, commission, payable;
	char created_at[21];             /* UTC */
	char created_by[33];             /* user name, "" = system */
	int paid;
	char paid_at[21];
	char paid_by[33];
	char paid_reference[128];
	struct report_consign_lot *lines;/* as at creation; malloc'd */
	size_t nlines;
};

/*
 * Record a statement for producer code over [from, to] from
 * report_consignment(): totals and one line per lot, in one transaction.
 * Needs PERM_STOCK (manager, admin); u NULL = the system.  Refused
 * (POS_ERR_REFUSED): a period overlapping an earlier statement of the
 * producer, a producer with nothing consigned in the period.  Audited
 * ("consign_statement").  *out (may be NULL) receives the statement.
 */
int report_statement_create(struct db *db, const struct user *u, const char *producer,
			    const char *from, const char *to, struct report_statement *out,
			    struct pos_error *err);

/*
 * Mark statement id as paid with a payment reference (bank transfer
 * number, receipt of cash): once (POS_ERR_REFUSED when already paid).
 * Needs PERM_STOCK.  Audited ("consign_paid").
 */
int report_statement_paid(struct db *db, const struct user *u, long long id,
			  const char *reference, struct pos_error *err);

/*
 * The statement with its lines, for showing and printing (the receipts
 * template "consign_statement" fills from it).  POS_ERR_NOT_FOUND when
 * there is none.  Free the lines with report_statement_release().
 */
int report_statement_get(struct db *db, long long id, struct report_statement *out,
			 struct pos_error *err);
void report_statement_release(struct report_statement *s);

/*
 * Statements of a producer (code, NULL = all) overlapping [from, to]
 * (either NULL = open), newest first, without lines.  *out malloc'd
 * (free()).
 */
int report_statement_list(struct db *db, const char *producer, const char *from,
			  const char *to, struct report_statement **out, size_t *n,
			  struct pos_error *err);

/* ---- presentation: books of typed tables ------------------------------ */

enum report_col_kind {
	RCOL_TEXT,                       /* text */
	RCOL_INT,                        /* a count */
	RCOL_MONEY,                      /* VND */
	RCOL_QTY,                        /* thousandths of a unit */
	RCOL_PERCENT,                    /* basis points (1234 = 12.34 %) */
	RCOL_DATE,                       /* YYYY-MM-DD text */
};

struct report_col {
	const char *key;                 /* machine name (CSV header, JSON key) */
	const char *header;              /* English msgid: tr() it when showing */
	enum report_col_kind kind;
};

struct report_cell {
	char *text;                      /* RCOL_TEXT/RCOL_DATE (never NULL) */
	int64_t num;                     /* the others */
	int null;                        /* no value (a growth with no base year) */
};

struct report_table {
	const char *key;                 /* "products", "shares", "upgrades", ... */
	const char *title;               /* English msgid */
	const struct report_col *cols;   /* static */
	int ncols;
	int label_cols;                  /* leading columns naming the row (kept when a
					    terminal shows the table in parts) */
	struct report_cell *cells;       /* nrows x ncols */
	size_t nrows;
	int has_total;                   /* the last row is the total */
	int chart_label, chart_value;    /* columns for a chart of this table, -1 = none */
	/* a streamed table (report_book_sales_stream, report_book_com_stream):
	 * cells is NULL and each row is made from one of these reports when
	 * read with report_table_row() */
	const struct report *src;
	const struct report_com *com_src;
};

struct report_book {
	char name[32];                   /* the report's name ("products", "consignment") */
	char title[128];                 /* English msgid of the report's title */
	char from[11], to[11];
	char filters[512];               /* what was selected, for people ("showroom DN01") */
	struct report_table *tables;
	size_t n;
	int chart_table;                 /* table to chart (its chart_* columns), -1 = none */
	int64_t invoices;                /* sales books: invoices sold in the period; -1 = n/a */
};

/*
 * Lay a report out as a book.  The sales book has the grouping's table
 * (with the programme's shares as columns for roll-ups) and a "programme"
 * table (revenue by producer kind, women-led, ethnic-minority-led and
 * stars, with their shares).  Returns 0 or POS_ERR_NO_MEM; *out is freed
 * with report_book_free().
 */
int report_book_sales(const struct report *r, struct report_book **out, struct pos_error *err);
int report_book_com(const struct report_com *r, struct report_book **out,
		    struct pos_error *err);
int report_book_consign(const struct report_consign *r, struct report_book **out,
			struct pos_error *err);

/*
 * Every sales grouping of f in one book (for a workbook: a sheet per
 * grouping), first's table first, then the others and the programme
 * table; the chart is of first's table.
 */
int report_book_all(struct db *db, enum report_group first, const struct report_filter *f,
		    struct report_book **out, struct pos_error *err);
void report_book_free(struct report_book *b);

/*
 * report_book_sales's book (programme: with the programme table) whose
 * grouping table is streamed: it holds no cells, each row is made from r
 * when read with report_table_row(), so a writer that streams (xlsx.c)
 * needs no memory per row.  r must outlive the book.
 */
int report_book_sales_stream(const struct report *r, int programme, struct report_book **out,
			     struct pos_error *err);

/*
 * report_book_com's book whose products table is streamed (the upgrades
 * table is made whole): c must outlive the book.
 */
int report_book_com_stream(const struct report_com *c, struct report_book **out,
			   struct pos_error *err);

/* Where report_table_row() makes a streamed table's row (zero it before use). */
struct report_rowbuf {
	struct report_cell *cells;
	size_t cap;
	int n;                           /* cells of the last row made */
	char text[128];                  /* a cell's text made for the row (a total's) */
};

/*
 * The ncols cells of row i (< t->nrows) of any table: in t->cells, or made
 * into buf for a streamed table (valid until buf's next use; their texts
 * point into the report, or buf, and are not to be freed: no allocation
 * per row).  NULL when out of memory.  Free buf with report_rowbuf_release().
 */
const struct report_cell *report_table_row(const struct report_table *t, size_t i,
					   struct report_rowbuf *buf);
void report_rowbuf_release(struct report_rowbuf *buf);

/* ---- checks ----------------------------------------------------------- */

/*
 * Compare the summary tables with sale_line (every date, showroom,
 * product, stars).  Returns 0 when they agree, POS_ERR_CORRUPT naming the
 * first difference, POS_ERR_DB.  (For `db check`.)
 */
int report_check_summary(struct db *db, struct pos_error *err);

#endif
