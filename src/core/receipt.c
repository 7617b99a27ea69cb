/*
 * receipt.c - the receipt template language (see receipt.h and the
 * "Receipt templates" section of docs/formats.md).
 *
 * Design.  A template is parsed line by line into a tree of nodes: text
 * lines and rows hold "texts" (lists of literal pieces and {field|filter}
 * references), @if and @each hold child lists.  Style prefixes (@bold,
 * @center ...) in front of content apply to that one line; alone on a line
 * they change the running style, which filling tracks.  Nothing is looked
 * up at parse time, so a template parses without data; filling walks the
 * tree with a stack of records (the root, then one per enclosing @each)
 * and adds items to a struct doc.  Fill errors carry the template line.
 *
 * Records are small arrays searched linearly: a receipt has a few dozen
 * fields per record and the whole fill costs microseconds next to the
 * raster rendering that follows.
 *
 * @image reads a PNG with libpng's simplified API, turns it grey, scales it
 * down to the paper width and thresholds it to 1 bit.  A logo that cannot
 * be read is skipped with a warning (o->warning), never a failed receipt.
 */
#include "receipt.h"

#include <errno.h>
#include <png.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "embedded.h"
#include "fileio.h"
#include "i18n.h"
#include "lib/alloc.h"
#include "lib/bytebuf.h"
#include "money.h"
#include "vntext.h"

#define KEY_MAX 63
#define LINE_MAX_BYTES 4096
#define DEFAULT_CELL_DOTS 12

/* ======================================================================
 * Records
 * ==================================================================== */

struct rfield {
	char *key;
	char *val;
};

struct rsect {
	char *name;
	struct receipt_rec **recs;
	size_t n, cap;
};

struct receipt_rec {
	struct receipt_rec *root;
	int failed;                     /* root only: 1 out of memory, 2 bad key */
	struct rfield *f;
	size_t nf, capf;
	struct rsect *s;
	size_t ns, caps;
};

static int key_ok(const char *k)
{
	size_t i, n = k ? strlen(k) : 0;

	if (n == 0 || n > KEY_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		char c = k[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '.'))
			return 0;
	}
	return 1;
}

static void rec_fail(struct receipt_rec *r, int why)
{
	if (!r->root->failed)
		r->root->failed = why;
}

struct receipt_rec *receipt_rec_new(void)
{
	struct receipt_rec *r = calloc(1, sizeof(*r));

	if (r)
		r->root = r;
	return r;
}

static void rec_release(struct receipt_rec *r)
{
	size_t i, j;

	for (i = 0; i < r->nf; i++) {
		free(r->f[i].key);
		free(r->f[i].val);
	}
	free(r->f);
	for (i = 0; i < r->ns; i++) {
		for (j = 0; j < r->s[i].n; j++) {
			rec_release(r->s[i].recs[j]);
			free(r->s[i].recs[j]);
		}
		free(r->s[i].recs);
		free(r->s[i].name);
	}
	free(r->s);
}

void receipt_rec_free(struct receipt_rec *r)
{
	if (!r)
		return;
	rec_release(r);
	free(r);
}

static struct rfield *find_field(const struct receipt_rec *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->nf; i++)
		if (strcmp(r->f[i].key, key) == 0)
			return &r->f[i];
	return NULL;
}

static struct rsect *find_sect(const struct receipt_rec *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->ns; i++)
		if (strcmp(r->s[i].name, name) == 0)
			return &r->s[i];
	return NULL;
}

void receipt_rec_set(struct receipt_rec *r, const char *key, const char *value)
{
	struct rfield *f;
	char *v;

	if (!r)
		return;
	if (!key_ok(key)) {
		rec_fail(r, 2);
		return;
	}
	v = strdup(value ? value : "");
	if (!v) {
		rec_fail(r, 1);
		return;
	}
	f = find_field(r, key);
	if (f) {
		free(f->val);
		f->val = v;
		return;
	}
	if (POS_GROW(r->f, r->capf, r->nf + 1)) {
		free(v);
		rec_fail(r, 1);
		return;
	}
	r->f[r->nf].key = strdup(key);
	if (!r->f[r->nf].key) {
		free(v);
		rec_fail(r, 1);
		return;
	}
	r->f[r->nf].val = v;
	r->nf++;
}

void receipt_rec_setf(struct receipt_rec *r, const char *key, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	receipt_rec_set(r, key, buf);
}

void receipt_rec_set_int(struct receipt_rec *r, const char *key, long long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", v);
	receipt_rec_set(r, key, buf);
}

static struct rsect *declare(struct receipt_rec *r, const char *name)
{
	struct rsect *s;

	if (!key_ok(name)) {
		rec_fail(r, 2);
		return NULL;
	}
	s = find_sect(r, name);
	if (s)
		return s;
	if (POS_GROW(r->s, r->caps, r->ns + 1)) {
		rec_fail(r, 1);
		return NULL;
	}
	s = &r->s[r->ns];
	memset(s, 0, sizeof(*s));
	s->name = strdup(name);
	if (!s->name) {
		rec_fail(r, 1);
		return NULL;
	}
	r->ns++;
	return s;
}

void receipt_rec_section(struct receipt_rec *r, const char *name)
{
	if (r)
		declare(r, name);
}

struct receipt_rec *receipt_rec_add(struct receipt_rec *r, const char *name)
{
	struct receipt_rec *c;
	struct rsect *s;

	if (!r)
		return NULL;
	s = declare(r, name);
	if (!s)
		return NULL;
	if (POS_GROW(s->recs, s->cap, s->n + 1)) {
		rec_fail(r, 1);
		return NULL;
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		rec_fail(r, 1);
		return NULL;
	}
	c->root = r->root;
	s->recs[s->n++] = c;
	return c;
}

const char *receipt_rec_get(const struct receipt_rec *r, const char *key)
{
	const struct rfield *f = r ? find_field(r, key) : NULL;

	return f ? f->val : NULL;
}

size_t receipt_rec_count(const struct receipt_rec *r, const char *name)
{
	const struct rsect *s = r ? find_sect(r, name) : NULL;

	return s ? s->n : 0;
}

const struct receipt_rec *receipt_rec_at(const struct receipt_rec *r, const char *name,
					 size_t i)
{
	const struct rsect *s = r ? find_sect(r, name) : NULL;

	return s && i < s->n ? s->recs[i] : NULL;
}

int receipt_rec_check(const struct receipt_rec *r, struct pos_error *err)
{
	if (!r || r->root->failed == 1)
		return pos_fail(err, POS_ERR_NO_MEM, tr("out of memory gathering the receipt's data"));
	if (r->root->failed == 2)
		return pos_fail(err, POS_ERR_INVALID,
				tr("a receipt field name is not valid (letters, digits, _ and .)"));
	return 0;
}

/* ======================================================================
 * Template tree
 * ==================================================================== */

enum filter_kind {
	F_MONEY, F_PLAIN, F_QTY, F_STARS, F_VAT, F_PCT, F_DATE, F_DATETIME, F_TIME, F_UPPER,
	F_DEFAULT,
};

static const char *const filter_names[] = {
	"money", "plain", "qty", "stars", "vat", "pct", "date", "datetime", "time", "upper",
	"default",
};
#define NFILTERS (sizeof(filter_names) / sizeof(filter_names[0]))

struct filter {
	enum filter_kind kind;
	char *arg;
};

struct seg {
	char *lit;              /* literal text, or NULL for a field */
	char *field;
	struct filter *filters;
	int nfilters;
	size_t cap_filters;
};

struct ttext {
	struct seg *segs;
	int n;
	size_t cap;
};

enum node_kind {
	N_TEXT, N_ROW, N_SEP, N_BARCODE, N_QR, N_IMAGE, N_FEED, N_CUT, N_STATE,
	N_IF, N_EACH,
};

enum cond_op { OP_TRUE, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE };

struct atom {
	int neg;
	char *field;
	enum cond_op op;
	char *value;
	int or_next;            /* 1: "||" follows this atom, 0: "&&" (or the end) */
};

struct nodes {
	struct node **v;
	size_t n, cap;
};

#define BC_AUTO (-1)
#define PCT_NONE 0

struct node {
	enum node_kind kind;
	int line;
	/* style: prefixes of a content line, or the change an N_STATE makes */
	int reset;              /* @normal */
	unsigned set;           /* DOC_BOLD ... */
	int align;              /* enum doc_align, or -1 */
	struct ttext text;      /* TEXT; BARCODE/QR data */
	char *name;             /* IMAGE file, EACH section */
	int ncols;
	int widths[DOC_COLS_MAX];
	int pct[DOC_COLS_MAX];  /* > 0: width is this percent of the paper */
	enum doc_align aligns[DOC_COLS_MAX];
	struct ttext cols[DOC_COLS_MAX];
	char fill;
	int bctype;             /* enum doc_barcode_type or BC_AUTO */
	int num;                /* FEED lines, DRAWER pin, QR module, CUT partial */
	struct atom *atoms;     /* IF */
	int natoms;
	size_t cap_atoms;
	struct nodes body, els;
};

struct receipt_tpl {
	char *source;
	struct nodes top;
};

static void seg_free(struct seg *sg);

static void ttext_free(struct ttext *t)
{
	int i;

	for (i = 0; i < t->n; i++)
		seg_free(&t->segs[i]);
	free(t->segs);
	t->segs = NULL;
	t->n = 0;
	t->cap = 0;
}

static void nodes_free(struct nodes *l);

static void node_free(struct node *nd)
{
	int i;

	if (!nd)
		return;
	ttext_free(&nd->text);
	for (i = 0; i < DOC_COLS_MAX; i++)
		ttext_free(&nd->cols[i]);
	free(nd->name);
	for (i = 0; i < nd->natoms; i++) {
		free(nd->atoms[i].field);
		free(nd->atoms[i].value);
	}
	free(nd->atoms);
	nodes_free(&nd->body);
	nodes_free(&nd->els);
	free(nd);
}

static void nodes_free(struct nodes *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		node_free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

void receipt_tpl_free(struct receipt_tpl *t)
{
	if (!t)
		return;
	nodes_free(&t->top);
	free(t->source);
	free(t);
}

const char *receipt_tpl_source(const struct receipt_tpl *t)
{
	return t->source;
}

/* ======================================================================
 * Parser
 * ==================================================================== */

struct open_block {
	struct node *nd;
	int in_else;
	int chained;            /* an @elif: closed together with its @if */
};

struct parser {
	const char *source;
	int line;
	struct pos_error *err;
	struct nodes *top;
	struct open_block stack[RECEIPT_DEPTH_MAX];
	int depth;
};

static int perr(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int perr(struct parser *p, const char *fmt, ...)
{
	char msg[POS_ERRMSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return pos_fail(p->err, POS_ERR_INVALID, "%s:%d: %s", p->source, p->line, msg);
}

static int pnomem(struct parser *p)
{
	return pos_fail(p->err, POS_ERR_NO_MEM, tr("out of memory reading template %s"), p->source);
}

static char *dupn(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

static int nodes_push(struct nodes *l, struct node *nd)
{
	if (POS_GROW(l->v, l->cap, l->n + 1))
		return -1;
	l->v[l->n++] = nd;
	return 0;
}

static struct nodes *current(struct parser *p)
{
	struct open_block *b;

	if (!p->depth)
		return p->top;
	b = &p->stack[p->depth - 1];
	return b->in_else ? &b->nd->els : &b->nd->body;
}

static int seg_push(struct parser *p, struct ttext *t, struct seg *s)
{
	if (POS_GROW(t->segs, t->cap, (size_t)t->n + 1))
		return pnomem(p);
	t->segs[t->n++] = *s;
	return 0;
}

static int add_lit(struct parser *p, struct ttext *t, const char *s, size_t n)
{
	struct seg sg;

	if (!n)
		return 0;
	/* Extend the previous literal when there is one. */
	if (t->n && t->segs[t->n - 1].lit) {
		char *old = t->segs[t->n - 1].lit;
		size_t k = strlen(old);
		char *q = realloc(old, k + n + 1);

		if (!q)
			return pnomem(p);
		memcpy(q + k, s, n);
		q[k + n] = '\0';
		t->segs[t->n - 1].lit = q;
		return 0;
	}
	memset(&sg, 0, sizeof(sg));
	sg.lit = dupn(s, n);
	if (!sg.lit)
		return pnomem(p);
	if (seg_push(p, t, &sg)) {
		free(sg.lit);
		return POS_ERR_NO_MEM;
	}
	return 0;
}

static int is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.';
}

static void seg_free(struct seg *sg)
{
	int j;

	free(sg->lit);
	free(sg->field);
	for (j = 0; j < sg->nfilters; j++)
		free(sg->filters[j].arg);
	free(sg->filters);
	memset(sg, 0, sizeof(*sg));
}

/* Parse "{name|filter|filter:arg}" contents (between the braces). */
static int parse_field(struct parser *p, const char *s, size_t n, struct ttext *t)
{
	struct seg sg;
	size_t i = 0, k;
	int show = (int)(n > 80 ? 80 : n), r;

	memset(&sg, 0, sizeof(sg));
	while (i < n && s[i] == ' ')
		i++;
	k = i;
	while (i < n && is_key_char(s[i]))
		i++;
	if (i == k)
		return perr(p, tr("a field name is missing in {%.*s}"), show, s);
	if (i - k > KEY_MAX)
		return perr(p, tr("field name too long in {%.*s}"), show, s);
	sg.field = dupn(s + k, i - k);
	if (!sg.field)
		return pnomem(p);
	while (i < n && s[i] == ' ')
		i++;
	while (i < n) {
		size_t fs, fe, f;

		if (s[i] != '|') {
			r = perr(p, tr("unexpected \"%c\" in {%.*s}: write {field|filter}"), s[i], show, s);
			goto fail;
		}
		i++;
		while (i < n && s[i] == ' ')
			i++;
		fs = i;
		while (i < n && s[i] >= 'a' && s[i] <= 'z')
			i++;
		fe = i;
		for (f = 0; f < NFILTERS; f++)
			if (fe - fs == strlen(filter_names[f]) &&
			    memcmp(s + fs, filter_names[f], fe - fs) == 0)
				break;
		if (f == NFILTERS) {
			r = perr(p, tr("unknown filter \"%.*s\" in {%.*s} (filters: money, plain, qty, "
				 "stars, vat, pct, date, datetime, time, upper, default:TEXT)"),
				 (int)(fe - fs), s + fs, show, s);
			goto fail;
		}
		if (POS_GROW(sg.filters, sg.cap_filters, (size_t)sg.nfilters + 1)) {
			r = pnomem(p);
			goto fail;
		}
		sg.filters[sg.nfilters].kind = (enum filter_kind)f;
		sg.filters[sg.nfilters].arg = NULL;
		sg.nfilters++;
		if (f == F_DEFAULT) {
			size_t as;

			if (i >= n || s[i] != ':') {
				r = perr(p, tr("the default filter needs a text: {field|default:TEXT}"));
				goto fail;
			}
			as = ++i;
			while (i < n && s[i] != '|')
				i++;
			sg.filters[sg.nfilters - 1].arg = dupn(s + as, i - as);
			if (!sg.filters[sg.nfilters - 1].arg) {
				r = pnomem(p);
				goto fail;
			}
		} else {
			while (i < n && s[i] == ' ')
				i++;
		}
	}
	if ((r = seg_push(p, t, &sg)))
		goto fail;
	return 0;
fail:
	seg_free(&sg);
	return r;
}

/*
 * Parse text with {fields}.  "{{" and "}}" are literal braces; with
 * cols, "\|" is a literal bar (the caller split at the others).
 */
static int parse_text(struct parser *p, const char *s, size_t n, struct ttext *t)
{
	size_t i = 0, lit = 0;
	int r;

	while (i < n) {
		if (s[i] == '{' && i + 1 < n && s[i + 1] == '{') {
			if ((r = add_lit(p, t, s + lit, i + 1 - lit)))
				return r;
			i += 2;
			lit = i;
		} else if (s[i] == '}' && i + 1 < n && s[i + 1] == '}') {
			if ((r = add_lit(p, t, s + lit, i + 1 - lit)))
				return r;
			i += 2;
			lit = i;
		} else if (s[i] == '\\' && i + 1 < n && (s[i + 1] == '|' || s[i + 1] == '\\')) {
			if ((r = add_lit(p, t, s + lit, i - lit)) ||
			    (r = add_lit(p, t, s + i + 1, 1)))
				return r;
			i += 2;
			lit = i;
		} else if (s[i] == '{') {
			size_t close = i + 1;

			while (close < n && s[close] != '}' && s[close] != '{')
				close++;
			if (close >= n || s[close] != '}')
				return perr(p, tr("\"{\" without \"}\" (write {{ for a literal brace)"));
			if ((r = add_lit(p, t, s + lit, i - lit)) ||
			    (r = parse_field(p, s + i + 1, close - i - 1, t)))
				return r;
			i = close + 1;
			lit = i;
		} else {
			i++;
		}
	}
	return add_lit(p, t, s + lit, n - lit);
}

static struct node *new_node(struct parser *p, enum node_kind kind)
{
	struct node *nd = calloc(1, sizeof(*nd));

	if (!nd) {
		pnomem(p);
		return NULL;
	}
	nd->kind = kind;
	nd->line = p->line;
	nd->align = -1;
	nd->bctype = BC_AUTO;
	return nd;
}

static int add_node(struct parser *p, struct node *nd)
{
	if (nodes_push(current(p), nd)) {
		node_free(nd);
		return pnomem(p);
	}
	return 0;
}

static const char *skip_sp(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* The next word of s (up to a space) into w (n bytes); returns what follows. */
static const char *word(const char *s, char *w, size_t n)
{
	size_t k = 0;

	s = skip_sp(s);
	while (*s && *s != ' ' && *s != '\t') {
		if (k + 1 < n)
			w[k++] = *s;
		s++;
	}
	w[k] = '\0';
	return skip_sp(s);
}

/* Split s at '|' outside braces (not "\|") into at most max parts. */
static int split_cols(const char *s, const char **part, size_t *len, int max)
{
	int np = 0, depth = 0;
	const char *start = s, *q = s;

	for (;; q++) {
		if (*q == '\\' && (q[1] == '|' || q[1] == '\\')) {
			q++;
			continue;
		}
		if (*q == '{')
			depth++;
		else if (*q == '}' && depth > 0)
			depth--;
		if (*q == '\0' || (*q == '|' && depth == 0)) {
			if (np == max)
				return max + 1;
			part[np] = start;
			len[np] = (size_t)(q - start);
			np++;
			if (*q == '\0')
				break;
			start = q + 1;
		}
	}
	return np;
}

/* Trim spaces at both ends of part i. */
static void trim_part(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

/* "*", "~", "12", "40%" then optional "<", ">" or "^". */
static int parse_colspec(struct parser *p, const char *spec, struct node *nd)
{
	const char *s = spec;
	int i = 0;

	for (;;) {
		if (i == DOC_COLS_MAX)
			return perr(p, tr("@cols takes 2 or 3 columns, not more"));
		nd->aligns[i] = DOC_LEFT;
		nd->pct[i] = PCT_NONE;
		if (*s == '*') {
			nd->widths[i] = DOC_COL_FILL;
			s++;
		} else if (*s == '~') {
			nd->widths[i] = DOC_COL_AUTO;
			s++;
		} else if (*s >= '0' && *s <= '9') {
			long v = 0;

			while (*s >= '0' && *s <= '9' && v < 1000)
				v = v * 10 + (*s++ - '0');
			if (*s == '%') {
				if (v < 1 || v > 100)
					return perr(p, tr("column width %ld%% is not 1-100%%"), v);
				nd->pct[i] = (int)v;
				nd->widths[i] = 1;
				s++;
			} else {
				if (v < 1 || v > 200)
					return perr(p, tr("column width %ld is not 1-200 cells"), v);
				nd->widths[i] = (int)v;
			}
		} else {
			return perr(p, tr("bad column width in \"%s\": use * (the rest), ~ (as wide "
				    "as the text), a number of cells or a percentage, e.g. *,5>,10>"),
				    spec);
		}
		if (*s == '<' || *s == '>' || *s == '^') {
			nd->aligns[i] = *s == '<' ? DOC_LEFT : *s == '>' ? DOC_RIGHT : DOC_CENTER;
			s++;
		}
		i++;
		if (*s == '\0')
			break;
		if (*s != ',')
			return perr(p, tr("bad column list \"%s\": widths are separated by commas"), spec);
		s++;
	}
	if (i < 2)
		return perr(p, tr("@cols takes 2 or 3 columns"));
	nd->ncols = i;
	return 0;
}

static int parse_cols(struct parser *p, struct node *nd, const char *rest, int is_row)
{
	const char *part[DOC_COLS_MAX + 1];
	size_t len[DOC_COLS_MAX + 1];
	int np, i, r;

	if (!is_row) {
		char spec[64];

		rest = word(rest, spec, sizeof(spec));
		if (!spec[0])
			return perr(p, tr("@cols needs widths and texts: @cols *,10> | left | right"));
		if ((r = parse_colspec(p, spec, nd)))
			return r;
		if (*rest != '|')
			return perr(p, tr("@cols %s: the texts follow after \"|\""), spec);
		rest++;
	}
	np = split_cols(rest, part, len, DOC_COLS_MAX);
	if (is_row) {
		if (np < 2 || np > DOC_COLS_MAX)
			return perr(p, tr("@row takes 2 or 3 texts separated by \"|\""));
		nd->ncols = np;
		for (i = 0; i < np; i++) {
			nd->widths[i] = i == 0 ? DOC_COL_FILL : DOC_COL_AUTO;
			nd->aligns[i] = i == 0 ? DOC_LEFT : DOC_RIGHT;
		}
	} else if (np != nd->ncols) {
		return perr(p, tr("@cols has %d widths but %d texts"), nd->ncols, np);
	}
	for (i = 0; i < np; i++) {
		const char *s = part[i];
		size_t n = len[i];

		trim_part(&s, &n);
		if ((r = parse_text(p, s, n, &nd->cols[i])))
			return r;
	}
	return 0;
}

static int parse_cond(struct parser *p, struct node *nd, const char *s)
{
	char w[256];
	const char *q = s;

	if (!*skip_sp(s))
		return perr(p, tr("@if needs a condition: @if FIELD, @if !FIELD, @if FIELD > 0"));
	for (;;) {
		struct atom a;
		const char *field;

		memset(&a, 0, sizeof(a));
		q = word(q, w, sizeof(w));
		field = w;
		if (*field == '!') {
			a.neg = 1;
			field++;
		}
		if (!*field || !key_ok(field))
			return perr(p, tr("bad condition \"%s\": expected a field name"), s);
		a.field = strdup(field);
		if (!a.field)
			return pnomem(p);
		a.op = OP_TRUE;
		if (POS_GROW(nd->atoms, nd->cap_atoms, (size_t)nd->natoms + 1)) {
			free(a.field);
			return pnomem(p);
		}
		nd->atoms[nd->natoms++] = a;
		if (!*q)
			break;
		q = word(q, w, sizeof(w));
		if (!strcmp(w, "==") || !strcmp(w, "!=") || !strcmp(w, "<") || !strcmp(w, "<=") ||
		    !strcmp(w, ">") || !strcmp(w, ">=")) {
			struct atom *last = &nd->atoms[nd->natoms - 1];
			const char *vs;
			size_t vn;

			if (last->neg)
				return perr(p, tr("bad condition \"%s\": \"!\" goes with a field alone"), s);
			last->op = !strcmp(w, "==") ? OP_EQ : !strcmp(w, "!=") ? OP_NE :
				   !strcmp(w, "<") ? OP_LT : !strcmp(w, "<=") ? OP_LE :
				   !strcmp(w, ">") ? OP_GT : OP_GE;
			q = skip_sp(q);
			if (*q == '"') {
				vs = ++q;
				while (*q && *q != '"')
					q++;
				if (*q != '"')
					return perr(p, tr("bad condition \"%s\": a quote is not closed"), s);
				vn = (size_t)(q - vs);
				q = skip_sp(q + 1);
			} else {
				vs = q;
				while (*q && *q != ' ' && *q != '\t')
					q++;
				vn = (size_t)(q - vs);
				q = skip_sp(q);
				if (!vn)
					return perr(p, tr("bad condition \"%s\": a value is missing after %s"),
						    s, w);
			}
			last->value = dupn(vs, vn);
			if (!last->value)
				return pnomem(p);
			if (!*q)
				break;
			q = word(q, w, sizeof(w));
		}
		if (!strcmp(w, "&&") || !strcmp(w, "and")) {
			nd->atoms[nd->natoms - 1].or_next = 0;
		} else if (!strcmp(w, "||") || !strcmp(w, "or")) {
			nd->atoms[nd->natoms - 1].or_next = 1;
		} else {
			return perr(p, tr("bad condition \"%s\": expected ==, !=, <, <=, >, >=, && or || "
				    "before \"%s\""), s, w);
		}
		if (!*q)
			return perr(p, tr("bad condition \"%s\": it ends with %s"), s, w);
		if (nd->natoms >= 32)
			return perr(p, tr("condition too long"));
	}
	return 0;
}

static int push_block(struct parser *p, struct node *nd, int chained)
{
	if (p->depth == RECEIPT_DEPTH_MAX)
		return perr(p, tr("@if/@each nested more than %d deep"), RECEIPT_DEPTH_MAX);
	p->stack[p->depth].nd = nd;
	p->stack[p->depth].in_else = 0;
	p->stack[p->depth].chained = chained;
	p->depth++;
	return 0;
}

static int close_if(struct parser *p, const char *what)
{
	if (!p->depth || p->stack[p->depth - 1].nd->kind != N_IF)
		return perr(p, tr("%s without @if"), what);
	while (p->depth && p->stack[p->depth - 1].chained)
		p->depth--;
	p->depth--;
	return 0;
}

static int style_word(const char *w, unsigned *set, int *reset, int *align)
{
	if (!strcmp(w, "bold"))
		*set |= DOC_BOLD;
	else if (!strcmp(w, "underline"))
		*set |= DOC_UNDERLINE;
	else if (!strcmp(w, "double"))
		*set |= DOC_DOUBLE;
	else if (!strcmp(w, "wide"))
		*set |= DOC_DOUBLE_WIDTH;
	else if (!strcmp(w, "tall"))
		*set |= DOC_DOUBLE_HEIGHT;
	else if (!strcmp(w, "normal")) {
		*reset = 1;
		*set = 0;
	} else if (!strcmp(w, "left"))
		*align = DOC_LEFT;
	else if (!strcmp(w, "center") || !strcmp(w, "centre"))
		*align = DOC_CENTER;
	else if (!strcmp(w, "right"))
		*align = DOC_RIGHT;
	else
		return 0;
	return 1;
}

#define KNOWN_DIRECTIVES \
	"@bold @underline @double @wide @tall @normal @left @center @right @text @row @cols " \
	"@sep @barcode @qr @image @feed @cut @if @elif @else @endif @each @end @#"

static int parse_int_arg(struct parser *p, const char *what, const char *s, int lo, int hi,
			 int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *skip_sp(end) || v < lo || v > hi)
		return perr(p, tr("%s takes a number %d-%d, not \"%s\""), what, lo, hi, s);
	*out = (int)v;
	return 0;
}

static int parse_directive(struct parser *p, const char *s)
{
	unsigned set = 0;
	int reset = 0, align = -1, prefixes = 0, r;
	char w[32];
	struct node *nd;
	const char *rest = s, *raw = s;

	for (;;) {
		const char *q = rest + 1;       /* after '@' */
		size_t k = 0;

		raw = q;

		while (q[k] >= 'a' && q[k] <= 'z' && k + 1 < sizeof(w)) {
			w[k] = q[k];
			k++;
		}
		w[k] = '\0';
		if (!k) {
			if (rest[1] == '#')
				return prefixes ? perr(p, tr("a comment (@#) must start the line")) : 0;
			return perr(p, tr("\"@\" must be followed by a directive (%s); write @@ for a "
				    "literal @"), KNOWN_DIRECTIVES);
		}
		if (q[k] != '\0' && q[k] != ' ' && q[k] != '\t')
			return perr(p, tr("unknown directive @%.*s"), (int)(strcspn(q, " \t")), q);
		raw = q + k;
		rest = skip_sp(raw);
		if (!style_word(w, &set, &reset, &align))
			break;
		prefixes++;
		if (!*rest) {
			/* A style line: changes the running style. */
			nd = new_node(p, N_STATE);
			if (!nd)
				return POS_ERR_NO_MEM;
			nd->reset = reset;
			nd->set = set;
			nd->align = align;
			return add_node(p, nd);
		}
		if (*rest != '@' || rest[1] == '@') {
			/* Styled text. */
			nd = new_node(p, N_TEXT);
			if (!nd)
				return POS_ERR_NO_MEM;
			nd->reset = reset;
			nd->set = set;
			nd->align = align;
			if (*rest == '@')
				rest++;
			if ((r = parse_text(p, rest, strlen(rest), &nd->text))) {
				node_free(nd);
				return r;
			}
			return add_node(p, nd);
		}
	}

	/* Block structure: no prefixes allowed. */
	if (!strcmp(w, "if") || !strcmp(w, "elif") || !strcmp(w, "else") ||
	    !strcmp(w, "endif") || !strcmp(w, "each") || !strcmp(w, "end") ||
	    !strcmp(w, "endeach")) {
		if (prefixes)
			return perr(p, tr("@%s cannot follow a style directive"), w);
		if (!strcmp(w, "if") || !strcmp(w, "elif")) {
			struct open_block *b = p->depth ? &p->stack[p->depth - 1] : NULL;

			if (w[0] == 'e' && (!b || b->nd->kind != N_IF || b->in_else))
				return perr(p, tr("@elif without @if"));
			nd = new_node(p, N_IF);
			if (!nd)
				return POS_ERR_NO_MEM;
			if ((r = parse_cond(p, nd, rest))) {
				node_free(nd);
				return r;
			}
			if (w[0] == 'e')
				b->in_else = 1;
			if ((r = add_node(p, nd)))
				return r;
			return push_block(p, nd, w[0] == 'e');
		}
		if (!strcmp(w, "else")) {
			struct open_block *b = p->depth ? &p->stack[p->depth - 1] : NULL;

			if (*rest)
				return perr(p, tr("@else takes nothing after it"));
			if (!b || b->nd->kind != N_IF || b->in_else)
				return perr(p, tr("@else without @if"));
			b->in_else = 1;
			return 0;
		}
		if (!strcmp(w, "endif")) {
			if (*rest)
				return perr(p, tr("@endif takes nothing after it"));
			return close_if(p, "@endif");
		}
		if (!strcmp(w, "each")) {
			char sect[KEY_MAX + 2];

			rest = word(rest, sect, sizeof(sect));
			if (!sect[0] || !key_ok(sect) || *rest)
				return perr(p, tr("@each takes one section name: @each lines"));
			nd = new_node(p, N_EACH);
			if (!nd)
				return POS_ERR_NO_MEM;
			nd->name = strdup(sect);
			if (!nd->name) {
				node_free(nd);
				return pnomem(p);
			}
			if ((r = add_node(p, nd)))
				return r;
			return push_block(p, nd, 0);
		}
		/* end, endeach */
		if (*rest)
			return perr(p, tr("@%s takes nothing after it"), w);
		if (!p->depth)
			return perr(p, tr("@%s without @each or @if"), w);
		if (p->stack[p->depth - 1].nd->kind == N_IF) {
			if (!strcmp(w, "endeach"))
				return perr(p, tr("@endeach closes an @if (use @endif)"));
			return close_if(p, "@end");
		}
		p->depth--;
		return 0;
	}

	if (!strcmp(w, "text")) {
		nd = new_node(p, N_TEXT);
		if (!nd)
			return POS_ERR_NO_MEM;
		/* Keep the text as written after one space. */
		rest = *raw ? raw + 1 : raw;
		goto text_common;
	}
	if (!strcmp(w, "row") || !strcmp(w, "cols")) {
		nd = new_node(p, N_ROW);
		if (!nd)
			return POS_ERR_NO_MEM;
		if ((r = parse_cols(p, nd, rest, w[0] == 'r')))
			goto fail;
	} else if (!strcmp(w, "sep")) {
		nd = new_node(p, N_SEP);
		if (!nd)
			return POS_ERR_NO_MEM;
		nd->fill = '-';
		if (*rest) {
			if (rest[1] || !strchr("-=.*_", rest[0])) {
				r = perr(p, tr("@sep takes one of - = . * _ (default -), not \"%s\""), rest);
				goto fail;
			}
			nd->fill = rest[0];
		}
	} else if (!strcmp(w, "barcode")) {
		char t[16];
		const char *after = word(rest, t, sizeof(t));

		nd = new_node(p, N_BARCODE);
		if (!nd)
			return POS_ERR_NO_MEM;
		if (!strcmp(t, "ean13"))
			nd->bctype = DOC_EAN13;
		else if (!strcmp(t, "ean8"))
			nd->bctype = DOC_EAN8;
		else if (!strcmp(t, "upca"))
			nd->bctype = DOC_UPCA;
		else if (!strcmp(t, "code128"))
			nd->bctype = DOC_CODE128;
		else if (!strcmp(t, "auto"))
			nd->bctype = BC_AUTO;
		else
			after = rest;
		if (!*after) {
			r = perr(p, tr("@barcode needs data: @barcode [ean13|ean8|upca|code128] {field}"));
			goto fail;
		}
		if ((r = parse_text(p, after, strlen(after), &nd->text)))
			goto fail;
	} else if (!strcmp(w, "qr")) {
		nd = new_node(p, N_QR);
		if (!nd)
			return POS_ERR_NO_MEM;
		if (!strncmp(rest, "size=", 5)) {
			char t[16];

			rest = word(rest + 5, t, sizeof(t));
			if ((r = parse_int_arg(p, "@qr size=", t, 1, 16, &nd->num)))
				goto fail;
		}
		if (!*rest) {
			r = perr(p, tr("@qr needs data: @qr {field}"));
			goto fail;
		}
		if ((r = parse_text(p, rest, strlen(rest), &nd->text)))
			goto fail;
	} else if (!strcmp(w, "image")) {
		nd = new_node(p, N_IMAGE);
		if (!nd)
			return POS_ERR_NO_MEM;
		if (!*rest || strchr(rest, '/') || strstr(rest, "..") || strlen(rest) > 128) {
			r = perr(p, tr("@image takes a file name in the template directory, e.g. "
				 "@image logo.png"));
			goto fail;
		}
		nd->name = strdup(rest);
		if (!nd->name) {
			r = pnomem(p);
			goto fail;
		}
	} else if (!strcmp(w, "feed")) {
		nd = new_node(p, N_FEED);
		if (!nd)
			return POS_ERR_NO_MEM;
		nd->num = 1;
		if (*rest && (r = parse_int_arg(p, "@feed", rest, 1, 20, &nd->num)))
			goto fail;
	} else if (!strcmp(w, "cut")) {
		nd = new_node(p, N_CUT);
		if (!nd)
			return POS_ERR_NO_MEM;
		nd->num = 1;
		if (!strcmp(rest, "full")) {
			nd->num = 0;
		} else if (*rest && strcmp(rest, "partial")) {
			r = perr(p, tr("@cut takes partial (default) or full, not \"%s\""), rest);
			goto fail;
		}
	} else if (!strcmp(w, "drawer")) {
		/* Policy is not editable data: the program opens the drawer. */
		return perr(p, tr("@drawer is not a template command: the drawer opens by the "
				  "settings drawer.open_on_cash and drawer.pin"));
	} else {
		return perr(p, tr("unknown directive @%s (directives: %s)"), w, KNOWN_DIRECTIVES);
	}
	nd->reset = reset;
	nd->set = set;
	nd->align = align;
	return add_node(p, nd);
text_common:
	nd->reset = reset;
	nd->set = set;
	nd->align = align;
	if ((r = parse_text(p, rest, strlen(rest), &nd->text)))
		goto fail;
	return add_node(p, nd);
fail:
	node_free(nd);
	return r;
}

int receipt_parse(const char *text, size_t len, const char *source, struct receipt_tpl **out,
		  struct pos_error *err)
{
	struct receipt_tpl *t;
	struct parser p;
	char *line = NULL;
	size_t i = 0;
	int r = 0;

	if (!source)
		source = "template";
	if (len > RECEIPT_TPL_MAX)
		return pos_fail(err, POS_ERR_INVALID, tr("%s: a template is at most %d KB"), source,
				RECEIPT_TPL_MAX / 1024);
	if (memchr(text, '\0', len))
		return pos_fail(err, POS_ERR_INVALID, tr("%s: the file holds a NUL byte: save it as "
				"plain UTF-8 text"), source);
	t = calloc(1, sizeof(*t));
	line = malloc(LINE_MAX_BYTES + 1);
	if (!t || !line || !(t->source = strdup(source))) {
		free(line);
		receipt_tpl_free(t);
		return pos_fail(err, POS_ERR_NO_MEM, tr("out of memory reading template %s"), source);
	}
	memset(&p, 0, sizeof(p));
	p.source = t->source;
	p.err = err;
	p.top = &t->top;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;                          /* a byte-order mark from a Windows editor */
	while (i < len && !r) {
		size_t e = i, n;
		const char *s;

		while (e < len && text[e] != '\n')
			e++;
		p.line++;
		n = e - i;
		if (n > LINE_MAX_BYTES) {
			r = perr(&p, tr("line longer than %d bytes"), LINE_MAX_BYTES);
			break;
		}
		memcpy(line, text + i, n);
		line[n] = '\0';
		i = e + 1;
		while (n && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
			line[--n] = '\0';
		if (!utf8_valid(line, n)) {
			r = perr(&p, tr("the line is not UTF-8: save the template as UTF-8"));
			break;
		}
		s = skip_sp(line);
		if (!*s)
			continue;
		if (s[0] == '@' && s[1] != '@') {
			r = parse_directive(&p, s);
		} else {
			struct node *nd = new_node(&p, N_TEXT);

			if (!nd) {
				r = POS_ERR_NO_MEM;
				break;
			}
			if (s[0] == '@')
				s++;            /* "@@" is a literal "@" */
			r = parse_text(&p, s, strlen(s), &nd->text);
			if (r)
				node_free(nd);
			else
				r = add_node(&p, nd);
		}
	}
	if (!r && p.depth) {
		struct node *open = p.stack[p.depth - 1].nd;

		p.line = open->line;
		r = perr(&p, "%s", open->kind == N_IF ? tr("@if has no @endif") : tr("@each has no @end"));
	}
	free(line);
	if (r) {
		receipt_tpl_free(t);
		return r;
	}
	*out = t;
	return 0;
}

static int name_ok(const char *name)
{
	size_t i, n = name ? strlen(name) : 0;

	if (n == 0 || n > 64)
		return 0;
	for (i = 0; i < n; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z') ||
		      (name[i] >= '0' && name[i] <= '9') || name[i] == '_' || name[i] == '-'))
			return 0;
	return 1;
}

int receipt_load_file(const char *path, struct receipt_tpl **out, struct pos_error *err)
{
	size_t len = 0;
	char *text;
	int r;

	if ((r = fileio_read(path, RECEIPT_TPL_MAX, &text, &len, err)))
		return r;
	r = receipt_parse(text, len, path, out, err);
	free(text);
	return r;
}

int receipt_load(const char *name, const char *dir, struct receipt_tpl **out,
		 struct pos_error *err)
{
	const struct embedded_file *ef;
	char path[1200];

	if (!name_ok(name))
		return pos_fail(err, POS_ERR_INVALID, tr("\"%s\" is not a template name (letters, "
				"digits, _ and -)"), name ? name : "");
	if (dir && *dir) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s.tpl", dir, name);
		f = fopen(path, "rb");
		if (f) {
			fclose(f);
			return receipt_load_file(path, out, err);
		}
	}
	snprintf(path, sizeof(path), "receipts/%s.tpl", name);
	ef = embedded_find(path);
	if (!ef)
		return pos_fail(err, POS_ERR_NOT_FOUND, tr("no receipt template \"%s\" (built in: "
				"sale, refund, shift_x, shift_z, grn, consignment, label)"), name);
	return receipt_parse((const char *)ef->data, ef->size, path, out, err);
}

/* ======================================================================
 * Filling
 * ==================================================================== */

void receipt_opts_init(struct receipt_opts *o, int columns)
{
	memset(o, 0, sizeof(*o));
	o->columns = columns > 0 ? columns : 48;
}

struct filler {
	const struct receipt_tpl *t;
	struct receipt_opts *o;
	struct doc d;
	const struct receipt_rec *scope[RECEIPT_DEPTH_MAX + 1];
	size_t index[RECEIPT_DEPTH_MAX + 1];
	int depth;              /* scope[0] is the root */
	unsigned style;
	enum doc_align align;
	struct bytebuf a, b;       /* filter scratch */
	struct bytebuf cols[DOC_COLS_MAX];
	char num[32];           /* builtin values */
	struct pos_error *err;
};

static int ferr(struct filler *f, const struct node *nd, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int ferr(struct filler *f, const struct node *nd, const char *fmt, ...)
{
	char msg[POS_ERRMSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return pos_fail(f->err, POS_ERR_INVALID, "%s:%d: %s", f->t->source, nd->line, msg);
}

static int fnomem(struct filler *f)
{
	return pos_fail(f->err, POS_ERR_NO_MEM, tr("out of memory filling template %s"),
			f->t->source);
}

/* The value of name in the current scope, or NULL when nothing has it. */
static const char *lookup(struct filler *f, const char *name)
{
	int i;

	for (i = f->depth; i >= 0; i--) {
		const char *v = receipt_rec_get(f->scope[i], name);

		if (v)
			return v;
	}
	for (i = f->depth; i >= 0; i--) {
		const struct rsect *s = find_sect(f->scope[i], name);

		if (s) {
			snprintf(f->num, sizeof(f->num), "%zu", s->n);
			return f->num;
		}
	}
	if (!strcmp(name, "index") && f->depth > 0) {
		snprintf(f->num, sizeof(f->num), "%zu", f->index[f->depth] + 1);
		return f->num;
	}
	if (!strcmp(name, "paper.cols")) {
		snprintf(f->num, sizeof(f->num), "%d", f->o->columns);
		return f->num;
	}
	if (!strcmp(name, "paper.dots")) {
		snprintf(f->num, sizeof(f->num), "%d", f->o->width_dots);
		return f->num;
	}
	if (!strcmp(name, "paper.wide"))
		return f->o->columns >= 42 ? "1" : "0";
	return NULL;
}

/* Strict integer: optional '-', digits, nothing else. */
static int parse_i64(const char *s, int64_t *out)
{
	int64_t v = 0;
	int neg = 0;

	if (*s == '-') {
		neg = 1;
		s++;
	}
	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	*out = neg ? -v : v;
	return 0;
}

static uint32_t vn_upper(uint32_t c)
{
	if (c >= 'a' && c <= 'z')
		return c - 32;
	if (c >= 0xE0 && c <= 0xFE && c != 0xF7)
		return c - 0x20;
	if (c == 0x103 || c == 0x111 || c == 0x129 || c == 0x169 || c == 0x1A1 || c == 0x1B0)
		return c - 1;
	if (c >= 0x1EA0 && c <= 0x1EF9 && (c & 1))
		return c - 1;
	return c;
}

static void put_cp(struct bytebuf *b, uint32_t cp)
{
	char u[4];
	size_t k;

	if (cp < 0x80) {
		u[0] = (char)cp;
		k = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		k = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		k = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		k = 4;
	}
	bytebuf_put(b, u, k);
}

/* "YYYY-MM-DD" at s -> "DD/MM/YYYY" appended to out. */
static void put_date(struct bytebuf *out, const char *s)
{
	char d[11];

	snprintf(d, sizeof(d), "%.2s/%.2s/%.4s", s + 8, s + 5, s);
	bytebuf_str(out, d);
}

static int is_date(const char *s)
{
	int i;

	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return 0;
	return 1;
}

static int ffmt_bad(struct filler *f, const struct node *nd, const struct seg *sg,
		    const struct filter *fl, const char *in)
{
	return ferr(f, nd, tr("{%s|%s}: \"%.60s\" is not %s"), sg->field, filter_names[fl->kind], in,
		    fl->kind == F_DATE || fl->kind == F_DATETIME ? tr("a date") :
		    fl->kind == F_TIME ? tr("a date and time") :
		    fl->kind == F_VAT ? tr("a VAT rate (0, 5, 8, 10 or -1 for KCT)") :
		    tr("a whole number"));
}

/* Apply one filter to in, writing out. */
static int apply_filter(struct filler *f, const struct node *nd, const struct seg *sg,
			const struct filter *fl, const char *in, struct bytebuf *out)
{
	char buf[MONEY_FMT_MAX];
	int64_t v = 0;
	int i;

	bytebuf_reset(out);
	if (fl->kind == F_DEFAULT) {
		bytebuf_str(out, *in ? in : fl->arg);
		return 0;
	}
	if (fl->kind == F_UPPER) {
		size_t k = 0, n = strlen(in);

		while (k < n) {
			uint32_t cp;

			k += utf8_next(in, n, k, &cp);
			put_cp(out, vn_upper(cp));
		}
		return 0;
	}
	if (!*in)
		return 0;               /* an empty value stays empty */
	if (fl->kind == F_DATE || fl->kind == F_DATETIME || fl->kind == F_TIME) {
		size_t n = strlen(in);

		if (n == 20 && in[10] == 'T') {
			char local[17];
			time_t t;

			if (clock_parse_utc(in, &t, NULL))
				return ferr(f, nd, tr("{%s|%s}: \"%s\" is not a date and time"), sg->field,
					    filter_names[fl->kind], in);
			clock_format_local(t, local);   /* "YYYY-MM-DD HH:MM" */
			if (fl->kind != F_TIME)
				put_date(out, local);
			if (fl->kind == F_DATETIME)
				bytebuf_str(out, " ");
			if (fl->kind != F_DATE)
				bytebuf_put(out, local + 11, 5);
			return 0;
		}
		if (n == 10 && is_date(in) && fl->kind != F_TIME) {
			put_date(out, in);
			return 0;
		}
		return ffmt_bad(f, nd, sg, fl, in);
	}
	if (parse_i64(in, &v))
		return ffmt_bad(f, nd, sg, fl, in);
	switch (fl->kind) {
	case F_MONEY:
		money_format(v, buf, sizeof(buf));
		bytebuf_str(out, buf);
		break;
	case F_PLAIN:
		money_format_plain(v, buf, sizeof(buf));
		bytebuf_str(out, buf);
		break;
	case F_QTY:
		qty_format(v, buf, sizeof(buf));
		bytebuf_str(out, buf);
		break;
	case F_STARS:
		for (i = 0; i < v && i < 5; i++)
			bytebuf_str(out, "\xE2\x98\x85");    /* ★ */
		break;
	case F_VAT:
		if (v > INT32_MAX || v < INT32_MIN || vat_rate_format((int)v, buf, sizeof(buf)) < 0)
			return ffmt_bad(f, nd, sg, fl, in);
		bytebuf_str(out, buf);
		break;
	case F_PCT: {
		/* basis points: 1500 -> "15%", 1250 -> "12,5%" */
		int64_t whole = v / 100, frac = v % 100;
		char pb[40];

		if (frac < 0)
			frac = -frac;
		if (frac == 0)
			snprintf(pb, sizeof(pb), "%lld%%", (long long)whole);
		else if (frac % 10 == 0)
			snprintf(pb, sizeof(pb), "%s%lld,%lld%%", v < 0 && whole == 0 ? "-" : "",
				 (long long)whole, (long long)(frac / 10));
		else
			snprintf(pb, sizeof(pb), "%s%lld,%02lld%%", v < 0 && whole == 0 ? "-" : "",
				 (long long)whole, (long long)frac);
		bytebuf_str(out, pb);
		break;
	}
	default:
		break;
	}
	return 0;
}

/* Append text t, filled from the current scope, to out. */
static int expand(struct filler *f, const struct node *nd, const struct ttext *t,
		  struct bytebuf *out)
{
	int i, j;

	for (i = 0; i < t->n; i++) {
		const struct seg *sg = &t->segs[i];
		const struct bytebuf *last;
		const char *v;

		if (sg->lit) {
			bytebuf_str(out, sg->lit);
			continue;
		}
		v = lookup(f, sg->field);
		if (!v)
			return ferr(f, nd, tr("unknown field {%s}"), sg->field);
		if (!sg->nfilters) {
			bytebuf_str(out, v);
			continue;
		}
		/* Filters chain through the two scratch buffers. */
		bytebuf_reset(&f->a);
		bytebuf_str(&f->a, v);
		for (j = 0; j < sg->nfilters; j++) {
			struct bytebuf *src = j % 2 ? &f->b : &f->a, *dst = j % 2 ? &f->a : &f->b;
			int r;

			if (src->failed)
				return fnomem(f);
			if ((r = apply_filter(f, nd, sg, &sg->filters[j], bytebuf_cstr(src), dst)))
				return r;
		}
		last = sg->nfilters % 2 ? &f->b : &f->a;
		if (last->failed)
			return fnomem(f);
		bytebuf_str(out, bytebuf_cstr(last));
	}
	if (out->failed || f->a.failed || f->b.failed)
		return fnomem(f);
	return 0;
}

static int truthy(const char *v)
{
	return v && *v && strcmp(v, "0") != 0;
}

static int atom_true(struct filler *f, const struct node *nd, const struct atom *a, int *res)
{
	const char *v = lookup(f, a->field);
	int64_t x, y;
	int c;

	if (!v)
		return ferr(f, nd, tr("unknown field \"%s\" in @if"), a->field);
	if (a->op == OP_TRUE) {
		*res = truthy(v) != a->neg;
		return 0;
	}
	if (parse_i64(v, &x) == 0 && parse_i64(a->value, &y) == 0)
		c = x < y ? -1 : x > y;
	else
		c = strcmp(v, a->value);
	switch (a->op) {
	case OP_EQ: *res = c == 0; break;
	case OP_NE: *res = c != 0; break;
	case OP_LT: *res = c < 0; break;
	case OP_LE: *res = c <= 0; break;
	case OP_GT: *res = c > 0; break;
	default: *res = c >= 0; break;
	}
	return 0;
}

/* OR of AND-groups ("&&" binds tighter than "||"). */
static int cond_true(struct filler *f, const struct node *nd, int *res)
{
	int i, group = 1, any = 0, r, v = 0;

	for (i = 0; i < nd->natoms; i++) {
		if ((r = atom_true(f, nd, &nd->atoms[i], &v)))
			return r;
		group = group && v;
		if (nd->atoms[i].or_next || i == nd->natoms - 1) {
			any = any || group;
			group = 1;
		}
	}
	*res = any;
	return 0;
}

static int too_many(struct filler *f, const struct node *nd)
{
	if (f->d.n >= RECEIPT_ITEMS_MAX)
		return ferr(f, nd, tr("the document would have more than %d items"), RECEIPT_ITEMS_MAX);
	return 0;
}

/* Style and alignment of a content node: running state + its prefixes. */
static unsigned node_style(const struct filler *f, const struct node *nd)
{
	return (nd->reset ? 0 : f->style) | nd->set;
}

static enum doc_align node_align(const struct filler *f, const struct node *nd)
{
	return nd->align >= 0 ? (enum doc_align)nd->align : f->align;
}

static int blank(const char *s)
{
	while (*s == ' ')
		s++;
	return *s == '\0';
}

/* Guess the barcode type from the data (BC_AUTO). */
static enum doc_barcode_type guess_barcode(const char *s)
{
	size_t n = strlen(s), i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return DOC_CODE128;
	if (n == 13)
		return DOC_EAN13;
	if (n == 8)
		return DOC_EAN8;
	if (n == 12)
		return DOC_UPCA;
	return DOC_CODE128;
}

static void warn(struct filler *f, const struct node *nd, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void warn(struct filler *f, const struct node *nd, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	if (f->o->warning[0])
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(f->o->warning, sizeof(f->o->warning), "%s:%d: %s", f->t->source, nd->line, msg);
}

/*
 * Read a PNG, grey, scaled down to at most maxw dots wide, 1 bit.
 * Returns 0 with *bits (malloc'd), or -1 with why.
 */
static int load_png(const char *path, int maxw, unsigned char **bits, int *w, int *h,
		    char *why, size_t whyn)
{
	png_image img;
	png_color bg = { 255, 255, 255 };
	unsigned char *grey = NULL, *out = NULL;
	int W, H, ow, oh, x, y, stride;

	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_file(&img, path)) {
		snprintf(why, whyn, "%s", img.message);
		return -1;
	}
	if (img.width < 1 || img.height < 1 || img.width > 4096 || img.height > 4096) {
		png_image_free(&img);
		snprintf(why, whyn, "the image is %ux%u; at most 4096x4096", img.width, img.height);
		return -1;
	}
	img.format = PNG_FORMAT_GRAY;
	grey = malloc(PNG_IMAGE_SIZE(img));
	if (!grey) {
		png_image_free(&img);
		snprintf(why, whyn, "out of memory");
		return -1;
	}
	if (!png_image_finish_read(&img, &bg, grey, 0, NULL)) {
		snprintf(why, whyn, "%s", img.message);
		free(grey);
		return -1;
	}
	W = (int)img.width;
	H = (int)img.height;
	ow = W > maxw ? maxw : W;
	oh = (int)((long)H * ow / W);
	if (oh < 1)
		oh = 1;
	if (oh > 4096)
		oh = 4096;
	stride = (ow + 7) / 8;
	out = calloc((size_t)stride * (size_t)oh, 1);
	if (!out) {
		free(grey);
		snprintf(why, whyn, "out of memory");
		return -1;
	}
	for (y = 0; y < oh; y++) {
		int sy = (int)((long)y * H / oh);

		for (x = 0; x < ow; x++) {
			int sx = (int)((long)x * W / ow);

			if (grey[(size_t)sy * (size_t)W + (size_t)sx] < 128)
				out[(size_t)y * (size_t)stride + (size_t)(x / 8)] |=
					(unsigned char)(0x80 >> (x % 8));
		}
	}
	free(grey);
	*bits = out;
	*w = ow;
	*h = oh;
	return 0;
}

static int fill_image(struct filler *f, const struct node *nd)
{
	char path[1200], why[200];
	unsigned char *bits = NULL;
	int w, h, r;
	struct pos_error e2;

	if (!f->o->image_dir) {
		warn(f, nd, tr("@image %s: no image directory is set (setting receipt.dir)"), nd->name);
		return 0;
	}
	snprintf(path, sizeof(path), "%s/%s", f->o->image_dir, nd->name);
	if (load_png(path, f->o->width_dots, &bits, &w, &h, why, sizeof(why))) {
		warn(f, nd, tr("@image %s skipped: %s"), path, why);
		return 0;
	}
	r = doc_image(&f->d, w, h, bits, node_align(f, nd), &e2);
	free(bits);
	if (r == POS_ERR_NO_MEM)
		return fnomem(f);
	if (r)
		warn(f, nd, tr("@image %s skipped: %s"), path, e2.msg);
	return 0;
}

static int fill_nodes(struct filler *f, const struct nodes *l);

static int fill_node(struct filler *f, const struct node *nd)
{
	struct bytebuf *t = &f->cols[0];
	int r, i;

	if (nd->kind != N_IF && nd->kind != N_EACH && nd->kind != N_STATE && (r = too_many(f, nd)))
		return r;
	switch (nd->kind) {
	case N_STATE:
		if (nd->reset)
			f->style = 0;
		f->style |= nd->set;
		if (nd->align >= 0)
			f->align = (enum doc_align)nd->align;
		return 0;
	case N_TEXT:
		bytebuf_reset(t);
		if ((r = expand(f, nd, &nd->text, t)))
			return r;
		if (blank(bytebuf_cstr(t)))
			return 0;
		r = doc_text(&f->d, node_style(f, nd), node_align(f, nd), bytebuf_cstr(t), f->err);
		break;
	case N_ROW: {
		const char *texts[DOC_COLS_MAX];
		int widths[DOC_COLS_MAX], empty = 1;

		for (i = 0; i < nd->ncols; i++) {
			bytebuf_reset(&f->cols[i]);
			if ((r = expand(f, nd, &nd->cols[i], &f->cols[i])))
				return r;
			texts[i] = bytebuf_cstr(&f->cols[i]);
			empty = empty && blank(texts[i]);
			widths[i] = nd->widths[i];
			if (nd->pct[i] > 0) {
				widths[i] = f->o->columns * nd->pct[i] / 100;
				if (widths[i] < 1)
					widths[i] = 1;
			}
		}
		if (empty)
			return 0;
		r = doc_row(&f->d, node_style(f, nd), nd->ncols, texts, widths, nd->aligns, f->err);
		break;
	}
	case N_SEP:
		r = doc_separator(&f->d, nd->fill, f->err);
		break;
	case N_BARCODE: {
		enum doc_barcode_type type;

		bytebuf_reset(t);
		if ((r = expand(f, nd, &nd->text, t)))
			return r;
		if (blank(bytebuf_cstr(t)))
			return 0;
		type = nd->bctype == BC_AUTO ? guess_barcode(bytebuf_cstr(t))
					     : (enum doc_barcode_type)nd->bctype;
		r = doc_barcode(&f->d, type, bytebuf_cstr(t), 1, node_align(f, nd), f->err);
		if (r == POS_ERR_INVALID && type != DOC_CODE128 && nd->bctype == BC_AUTO)
			r = doc_barcode(&f->d, DOC_CODE128, bytebuf_cstr(t), 1, node_align(f, nd), f->err);
		break;
	}
	case N_QR:
		bytebuf_reset(t);
		if ((r = expand(f, nd, &nd->text, t)))
			return r;
		if (blank(bytebuf_cstr(t)))
			return 0;
		r = doc_qr(&f->d, bytebuf_cstr(t), nd->num, node_align(f, nd), f->err);
		break;
	case N_IMAGE:
		return fill_image(f, nd);
	case N_FEED:
		r = doc_feed(&f->d, nd->num, f->err);
		break;
	case N_CUT:
		r = doc_cut(&f->d, nd->num, f->err);
		break;
	case N_IF: {
		int yes;

		if ((r = cond_true(f, nd, &yes)))
			return r;
		return fill_nodes(f, yes ? &nd->body : &nd->els);
	}
	case N_EACH: {
		const struct rsect *s = NULL;
		size_t k;

		for (i = f->depth; i >= 0 && !s; i--)
			s = find_sect(f->scope[i], nd->name);
		if (!s)
			return ferr(f, nd, tr("unknown section \"%s\" in @each"), nd->name);
		if (f->depth >= RECEIPT_DEPTH_MAX)
			return ferr(f, nd, tr("@each nested too deep"));
		f->depth++;
		for (k = 0; k < s->n; k++) {
			f->scope[f->depth] = s->recs[k];
			f->index[f->depth] = k;
			if ((r = fill_nodes(f, &nd->body))) {
				f->depth--;
				return r;
			}
		}
		f->depth--;
		return 0;
	}
	default:
		return 0;
	}
	if (r == POS_ERR_NO_MEM)
		return fnomem(f);
	if (r) {
		/* Prefix the adder's reason with the template line. */
		char why[POS_ERRMSG_MAX];

		snprintf(why, sizeof(why), "%s", f->err ? f->err->msg : "");
		return ferr(f, nd, "%s", why);
	}
	return 0;
}

static int fill_nodes(struct filler *f, const struct nodes *l)
{
	size_t i;
	int r;

	for (i = 0; i < l->n; i++)
		if ((r = fill_node(f, l->v[i])))
			return r;
	return 0;
}

int receipt_fill(const struct receipt_tpl *t, const struct receipt_rec *data,
		 struct receipt_opts *o, struct doc *out, struct pos_error *err)
{
	struct filler f;
	struct receipt_rec empty;
	int r, i;

	memset(&f, 0, sizeof(f));
	memset(&empty, 0, sizeof(empty));
	empty.root = &empty;
	if (o->columns < 8 || o->columns > 200)
		return pos_fail(err, POS_ERR_INVALID, tr("paper of %d columns is not supported"),
				o->columns);
	if (o->width_dots <= 0)
		o->width_dots = o->columns * DEFAULT_CELL_DOTS;
	o->warning[0] = '\0';
	f.t = t;
	f.o = o;
	f.err = err;
	f.scope[0] = data ? data : &empty;
	f.align = DOC_LEFT;
	doc_init(&f.d);
	bytebuf_init(&f.a);
	bytebuf_init(&f.b);
	for (i = 0; i < DOC_COLS_MAX; i++)
		bytebuf_init(&f.cols[i]);
	r = fill_nodes(&f, &t->top);
	bytebuf_release(&f.a);
	bytebuf_release(&f.b);
	for (i = 0; i < DOC_COLS_MAX; i++)
		bytebuf_release(&f.cols[i]);
	if (r) {
		doc_release(&f.d);
		return r;
	}
	*out = f.d;
	return 0;
}
