/*
 * transfer.c - signed transfer files between showrooms (see transfer.h).
 *
 * Three layers: the reader (transfer_parse: cJSON, then every field checked
 * and copied into a struct; no database), the writer (transfer_canonical:
 * our own serialiser with a fixed member order, so the bytes signed can be
 * rebuilt exactly from the parsed values), and the two operations, which
 * go through stock.c for every movement (stock_take_exact,
 * stock_receive_lot) inside one transaction each.
 *
 * The sender's file appears atomically: written to a temporary file beside
 * it, flushed, linked to its name (link() refuses to overwrite), then the
 * transaction commits; if the commit fails the file is removed again.
 */
#include "transfer.h"

#include <ctype.h>

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit.h"
#include "catalog.h"
#include "clock.h"
#include "db.h"
#include "field.h"
#include "fileio.h"
#include "i18n.h"
#include "lib/alloc.h"
#include "lib/bytebuf.h"
#include "money.h"
#include "producer.h"
#include "showroom.h"
#include "sign.h"
#include "stock.h"
#include "user.h"
#include "uuid.h"
#include "vntext.h"

/* Integers in JSON numbers stay exact up to 2^53. */
#define JSON_INT_MAX 9007199254740992.0

void transfer_doc_free(struct transfer_doc *d)
{
	if (!d)
		return;
	free(d->lots);
	free(d);
}

/* ---- reading --------------------------------------------------------- */

/* A string member into buf: required (allow_null 0) or null/absent -> "". */
static int get_str(const cJSON *obj, const char *key, const char *where, int allow_null,
		   char *buf, size_t n, struct pos_error *err)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
	size_t len, i;

	if (!it || cJSON_IsNull(it)) {
		if (allow_null) {
			buf[0] = '\0';
			return 0;
		}
		return pos_fail(err, POS_ERR_INVALID, tr("transfer file: %s%s is missing"),
				where, key);
	}
	if (!cJSON_IsString(it) || !it->valuestring)
		return pos_fail(err, POS_ERR_INVALID, tr("transfer file: %s%s must be a string"),
				where, key);
	len = strlen(it->valuestring);
	if (len >= n)
		return pos_fail(err, POS_ERR_INVALID,
				tr("transfer file: %s%s is too long (at most %zu bytes)"), where, key,
				n - 1);
	if (!utf8_valid(it->valuestring, len))
		return pos_fail(err, POS_ERR_INVALID, tr("transfer file: %s%s is not valid UTF-8"),
				where, key);
	for (i = 0; i < len; i++)
		if ((unsigned char)it->valuestring[i] < 0x20 || it->valuestring[i] == 0x7f)
			return pos_fail(err, POS_ERR_INVALID,
					tr("transfer file: %s%s holds a control character"), where,
					key);
	memcpy(buf, it->valuestring, len + 1);
	return 0;
}

static int get_int(const cJSON *obj, const char *key, const char *where, int64_t lo, int64_t hi,
		   int64_t *out, struct pos_error *err)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
	double v;

	if (!it)
		return pos_fail(err, POS_ERR_INVALID, tr("transfer file: %s%s is missing"),
				where, key);
	v = cJSON_GetNumberValue(it);
	if (!cJSON_IsNumber(it) || v != v || v < -JSON_INT_MAX || v > JSON_INT_MAX ||
	    v != (double)(int64_t)v || (int64_t)v < lo || (int64_t)v > hi)
		return pos_fail(err, POS_ERR_INVALID,
				tr("transfer file: %s%s must be a whole number from %lld to %lld"),
				where, key, (long long)lo, (long long)hi);
	*out = (int64_t)v;
	return 0;
}

static int check_date(const char *s, const char *where, const char *key, struct pos_error *err)
{
	if (s[0] && (strlen(s) != 10 || clock_date_parse(s, NULL, NULL)))
		return pos_fail(err, POS_ERR_INVALID,
				tr("transfer file: %s%s is not a date YYYY-MM-DD: \"%s\""), where, key,
				s);
	return 0;
}

static int check_code(char *s, const char *where, const char *key, struct pos_error *err)
{
	struct pos_error e;

	if (field_code(s, key, &e))
		return pos_fail(err, POS_ERR_INVALID, tr("transfer file: %s%s"), where,
				pos_error_text(&e));
	return 0;
}

static int parse_lot(const cJSON *o, size_t idx, struct transfer_lot *l, struct pos_error *err)
{
	char where[32];
	const cJSON *bc, *it;
	int64_t v;
	int r;

	snprintf(where, sizeof(where), "lots[%zu].", idx);
	if (!cJSON_IsObject(o))
		return pos_fail(err, POS_ERR_INVALID, tr("transfer file: lots[%zu] must be an object"),
				idx);
	memset(l, 0, sizeof(*l));
	if ((r = get_str(o, "sku", where, 0, l->sku, sizeof(l->sku), err)) ||
	    (r = check_code(l->sku, where, "sku", err)) ||
	    (r = get_str(o, "name", where, 0, l->name, sizeof(l->name), err)) ||
	    (r = get_str(o, "unit", where, 0, l->unit, sizeof(l->unit), err)) ||
	    (r = get_str(o, "lot", where, 0, l->lot_no, sizeof(l->lot_no), err)) ||
	    (r = get_str(o, "expiry", where, 1, l->expiry, sizeof(l->expiry), err)) ||
	    (r = check_date(l->expiry, where, "expiry", err)) ||
	    (r = get_str(o, "received", where, 0, l->received_on, sizeof(l->received_on), err)) ||
	    (r = check_date(l->received_on, where, "received", err)) ||
	    (r = get_str(o, "owner", where, 1, l->owner, sizeof(l->owner), err)))
		return r;
	if (!l->name[0] || !l->lot_no[0] || !l->received_on[0] || !l->unit[0])
		return pos_fail(err, POS_ERR_INVALID,
				tr("transfer file: %sname, unit, lot and received must not be empty"),
				where);
	if (l->expiry[0] && strcmp(l->expiry, l->received_on) < 0)
		return pos_fail(err, POS_ERR_INVALID,
				tr("transfer file: %sexpiry %s is before the receipt date %s"), where,
				l->expiry, l->received_on);
	if (l->owner[0] && (r = check_code(l->owner, where, "owner", err)))
		return r;
	if ((r = get_int(o, "qty_milli", where, 1, QTY_MAX_MILLI, &l->qty_milli, err)) ||
	    (r = get_int(o, "unit_cost", where, 0, (int64_t)1000000000000, &l->unit_cost, err)) ||
	    (r = get_int(o, "commission_bp", where, 0, 10000, &v, err)))
		return r;
	l->commission_bp = (int)v;
	if (!l->owner[0] && l->commission_bp)
		return pos_fail(err, POS_ERR_INVALID,
				tr("transfer file: %scommission_bp applies only to consigned lots"),
				where);
	bc = cJSON_GetObjectItemCaseSensitive(o, "barcodes");
	if (bc && !cJSON_IsNull(bc)) {
		if (!cJSON_IsArray(bc) || cJSON_GetArraySize(bc) > TRANSFER_BARCODES_MAX)
			return pos_fail(err, POS_ERR_INVALID,
					tr("transfer file: %sbarcodes must be a list of at most %d "
					   "codes"), where, TRANSFER_BARCODES_MAX);
		cJSON_ArrayForEach(it, bc) {
			char *code = l->barcodes[l->nbarcodes];
			size_t i, len;

			if (!cJSON_IsString(it) || !it->valuestring ||
			    (len = strlen(it->valuestring)) == 0 || len >= sizeof(l->barcodes[0]))
				return pos_fail(err, POS_ERR_INVALID,
						tr("transfer file: %sbarcodes holds a bad code"), where);
			for (i = 0; i < len; i++)
				if (!strchr("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
					    "abcdefghijklmnopqrstuvwxyz-._/", it->valuestring[i]))
					return pos_fail(err, POS_ERR_INVALID,
							tr("transfer file: %sbarcodes holds a bad code"),
							where);
			memcpy(code, it->valuestring, len + 1);
			l->nbarcodes++;
		}
	}
	return 0;
}

int transfer_parse(const char *data, size_t n, struct transfer_doc **out,
		   struct pos_error *err)
{
	struct transfer_doc *d = NULL;
	const cJSON *lots, *it;
	cJSON *root = NULL;
	char format[32];
	time_t t;
	int64_t version;
	size_t i;
	int r;

	if (!data || n == 0)
		return pos_fail(err, POS_ERR_INVALID, tr("the transfer file is empty"));
	if (n > TRANSFER_MAX_BYTES)
		return pos_fail(err, POS_ERR_INVALID, tr("the transfer file is too large"));
	root = cJSON_ParseWithLength(data, n);
	if (!root) {
		r = pos_fail(err, POS_ERR_INVALID,
			     tr("the transfer file is not valid JSON (cut short or damaged?): ask "
				"the sending showroom for it again"));
		goto fail;
	}
	if (!cJSON_IsObject(root)) {
		r = pos_fail(err, POS_ERR_INVALID, tr("not a transfer file (a JSON object is expected)"));
		goto fail;
	}
	d = calloc(1, sizeof(*d));
	if (!d) {
		r = pos_fail(err, POS_ERR_NO_MEM, tr("out of memory"));
		goto fail;
	}
	if ((r = get_str(root, "format", "", 0, format, sizeof(format), err)))
		goto fail;
	if (strcmp(format, TRANSFER_FORMAT) != 0) {
		r = pos_fail(err, POS_ERR_INVALID, tr("not a transfer file (format \"%s\")"), format);
		goto fail;
	}
	if ((r = get_int(root, "version", "", 1, 1000, &version, err)))
		goto fail;
	if (version != TRANSFER_VERSION) {
		r = pos_fail(err, POS_ERR_INVALID,
			     tr("transfer file version %lld is not supported (this ocop-pos reads "
				"version %d): upgrade ocop-pos"), (long long)version,
			     TRANSFER_VERSION);
		goto fail;
	}
	if ((r = get_str(root, "uuid", "", 0, d->uuid, sizeof(d->uuid), err)) ||
	    (r = get_str(root, "from", "", 0, d->from, sizeof(d->from), err)) ||
	    (r = check_code(d->from, "", "from", err)) ||
	    (r = get_str(root, "to", "", 0, d->to, sizeof(d->to), err)) ||
	    (r = check_code(d->to, "", "to", err)) ||
	    (r = get_str(root, "created", "", 0, d->created, sizeof(d->created), err)) ||
	    (r = get_str(root, "user", "", 1, d->user, sizeof(d->user), err)) ||
	    (r = get_str(root, "note", "", 1, d->note, sizeof(d->note), err)) ||
	    (r = get_str(root, "signature", "", 1, d->signature, sizeof(d->signature), err)))
		goto fail;
	if (!uuid_valid(d->uuid)) {
		r = pos_fail(err, POS_ERR_INVALID, tr("transfer file: uuid \"%s\" is not a UUID"),
			     d->uuid);
		goto fail;
	}
	if (clock_parse_utc(d->created, &t, NULL)) {
		r = pos_fail(err, POS_ERR_INVALID,
			     tr("transfer file: created \"%s\" is not a UTC timestamp"), d->created);
		goto fail;
	}
	if (!d->signature[0]) {
		r = pos_fail(err, POS_ERR_INVALID, tr("the transfer file is not signed"));
		goto fail;
	}
	lots = cJSON_GetObjectItemCaseSensitive(root, "lots");
	if (!cJSON_IsArray(lots) || cJSON_GetArraySize(lots) < 1 ||
	    cJSON_GetArraySize(lots) > TRANSFER_MAX_LOTS) {
		r = pos_fail(err, POS_ERR_INVALID,
			     tr("transfer file: lots must be a list of 1 to %d lots"),
			     TRANSFER_MAX_LOTS);
		goto fail;
	}
	d->lots = calloc((size_t)cJSON_GetArraySize(lots), sizeof(*d->lots));
	if (!d->lots) {
		r = pos_fail(err, POS_ERR_NO_MEM, tr("out of memory"));
		goto fail;
	}
	i = 0;
	cJSON_ArrayForEach(it, lots) {
		if ((r = parse_lot(it, i, &d->lots[i], err)))
			goto fail;
		i++;
	}
	d->nlots = i;
	cJSON_Delete(root);
	*out = d;
	return 0;
fail:
	cJSON_Delete(root);
	transfer_doc_free(d);
	return r;
}

/* ---- writing --------------------------------------------------------- */

/* A JSON string: quotes, \" \\ and \u00XX for control characters. */
static void sb_str(struct bytebuf *b, const char *s)
{
	char esc[8];
	const char *run = s;

	bytebuf_put(b, "\"", 1);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\' || c < 0x20 || c == 0x7f) {
			bytebuf_put(b, run, (size_t)(s - run));
			if (c == '"' || c == '\\')
				snprintf(esc, sizeof(esc), "\\%c", c);
			else
				snprintf(esc, sizeof(esc), "\\u%04x", c);
			bytebuf_str(b, esc);
			run = s + 1;
		}
	}
	bytebuf_put(b, run, (size_t)(s - run));
	bytebuf_put(b, "\"", 1);
}

/* A string, or null when empty. */
static void sb_str_or_null(struct bytebuf *b, const char *s)
{
	if (s[0])
		sb_str(b, s);
	else
		bytebuf_str(b, "null");
}

static void sb_int(struct bytebuf *b, int64_t v)
{
	char num[32];

	snprintf(num, sizeof(num), "%lld", (long long)v);
	bytebuf_str(b, num);
}

/* A top-level member "\t\"key\": " */
static void member(struct bytebuf *b, const char *key)
{
	bytebuf_str(b, "\t");
	sb_str(b, key);
	bytebuf_str(b, ": ");
}

static void member_str(struct bytebuf *b, const char *key, const char *v)
{
	member(b, key);
	sb_str(b, v);
	bytebuf_str(b, ",\n");
}

/* ", \"key\": " inside a lot (sep is ", " or ",\n\t\t ") */
static void lot_key(struct bytebuf *b, const char *sep, const char *key)
{
	bytebuf_str(b, sep);
	sb_str(b, key);
	bytebuf_str(b, ": ");
}

/* The canonical text; with_sig adds the signature member. */
static int write_doc(const struct transfer_doc *d, int with_sig, char **out, size_t *n,
		     struct pos_error *err)
{
	struct bytebuf b;
	size_t i;
	int k;

	bytebuf_init(&b);
	bytebuf_str(&b, "{\n");
	member_str(&b, "format", TRANSFER_FORMAT);
	member(&b, "version");
	sb_int(&b, TRANSFER_VERSION);
	bytebuf_str(&b, ",\n");
	member_str(&b, "uuid", d->uuid);
	member_str(&b, "from", d->from);
	member_str(&b, "to", d->to);
	member_str(&b, "created", d->created);
	member_str(&b, "user", d->user);
	member_str(&b, "note", d->note);
	member(&b, "lots");
	bytebuf_str(&b, "[\n");
	for (i = 0; i < d->nlots; i++) {
		const struct transfer_lot *l = &d->lots[i];

		lot_key(&b, "\t\t{", "sku");
		sb_str(&b, l->sku);
		lot_key(&b, ", ", "barcodes");
		bytebuf_str(&b, "[");
		for (k = 0; k < l->nbarcodes; k++) {
			if (k)
				bytebuf_str(&b, ", ");
			sb_str(&b, l->barcodes[k]);
		}
		bytebuf_str(&b, "]");
		lot_key(&b, ", ", "name");
		sb_str(&b, l->name);
		lot_key(&b, ", ", "unit");
		sb_str(&b, l->unit);
		lot_key(&b, ",\n\t\t ", "lot");
		sb_str(&b, l->lot_no);
		lot_key(&b, ", ", "expiry");
		sb_str_or_null(&b, l->expiry);
		lot_key(&b, ", ", "received");
		sb_str(&b, l->received_on);
		lot_key(&b, ", ", "qty_milli");
		sb_int(&b, l->qty_milli);
		lot_key(&b, ", ", "unit_cost");
		sb_int(&b, l->unit_cost);
		lot_key(&b, ",\n\t\t ", "owner");
		sb_str_or_null(&b, l->owner);
		lot_key(&b, ", ", "commission_bp");
		sb_int(&b, l->commission_bp);
		bytebuf_str(&b, i + 1 < d->nlots ? "},\n" : "}\n");
	}
	bytebuf_str(&b, "\t]");
	if (with_sig) {
		bytebuf_str(&b, ",\n");
		member(&b, "signature");
		sb_str(&b, d->signature);
	}
	bytebuf_str(&b, "\n}\n");
	if (b.failed) {
		bytebuf_release(&b);
		return pos_fail(err, POS_ERR_NO_MEM, tr("out of memory"));
	}
	*out = (char *)b.data;
	*n = b.len;
	return 0;
}

int transfer_canonical(const struct transfer_doc *d, char **out, size_t *n,
		       struct pos_error *err)
{
	return write_doc(d, 0, out, n, err);
}

int transfer_file_text(const struct transfer_doc *d, char **out, size_t *n,
		       struct pos_error *err)
{
	return write_doc(d, 1, out, n, err);
}

/* ---- sending --------------------------------------------------------- */

/* Write data to path atomically, never replacing an existing file. */
static int write_new_file(const char *path, const char *data, size_t n, struct pos_error *err)
{
	char tmp[4096];
	size_t done = 0;
	ssize_t w;
	int fd, e;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp-%ld", path, (long)getpid()) >= (int)sizeof(tmp))
		return pos_fail(err, POS_ERR_INVALID, tr("file name too long: %s"), path);
	if (access(path, F_OK) == 0)
		return pos_fail(err, POS_ERR_EXISTS,
				tr("%s already exists: choose another file name"), path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);   /* like every output: private */
	if (fd < 0)
		return pos_fail(err, POS_ERR_IO, tr("cannot write %s: %s"), path, strerror(errno));
	while (done < n) {
		w = write(fd, data + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	if (done < n || fsync(fd) != 0) {
		e = errno;
		close(fd);
		unlink(tmp);
		return pos_fail(err, e == ENOSPC ? POS_ERR_FULL : POS_ERR_IO,
				tr("cannot write %s: %s"), path, strerror(e));
	}
	close(fd);
	if (link(tmp, path) != 0) {
		e = errno;
		unlink(tmp);
		if (e == EEXIST)
			return pos_fail(err, POS_ERR_EXISTS,
					tr("%s already exists: choose another file name"), path);
		return pos_fail(err, POS_ERR_IO, tr("cannot write %s: %s"), path, strerror(e));
	}
	unlink(tmp);
	return 0;
}

static int insert_transfer(struct db *db, const struct transfer_doc *d, const char *direction,
			   const char *status, const char *received_at, long long user_id,
			   const char *text, size_t n, struct pos_error *err)
{
	char sha[SIGN_SHA256_HEX];
	sqlite3_stmt *st;
	int r = db_prepare(db, "INSERT INTO transfer (uuid, direction, from_showroom, to_showroom, "
			   "status, created_at, received_at, user_id, sha256, doc) "
			   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", &st, err), rc;

	if (r)
		return r;
	sqlite3_bind_text(st, 1, d->uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, direction, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, d->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, d->to, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, d->created, -1, SQLITE_STATIC);
	if (received_at)
		sqlite3_bind_text(st, 7, received_at, -1, SQLITE_STATIC);
	if (user_id > 0)
		sqlite3_bind_int64(st, 8, user_id);
	sign_sha256_hex(text, n, sha);
	sqlite3_bind_text(st, 9, sha, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, text, (int)n, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, err, "recording the transfer");
	return 0;
}

/* Fill l from an allocation: the product's identity and the lot's. */
static int lot_of_alloc(struct db *db, const struct stock_alloc *a, struct transfer_lot *l,
			struct pos_error *err)
{
	struct product p;
	struct producer o;
	sqlite3_stmt *st;
	int r, i;

	if ((r = catalog_get_id(db, a->product_id, &p, err)))
		return r;
	memset(l, 0, sizeof(*l));
	snprintf(l->sku, sizeof(l->sku), "%s", p.sku);
	for (i = 0; i < p.nbarcodes && i < TRANSFER_BARCODES_MAX; i++)
		snprintf(l->barcodes[i], sizeof(l->barcodes[i]), "%s", p.barcodes[i]);
	l->nbarcodes = i;
	snprintf(l->name, sizeof(l->name), "%s", p.name);
	snprintf(l->unit, sizeof(l->unit), "%s", p.unit);
	snprintf(l->lot_no, sizeof(l->lot_no), "%s", a->lot_no);
	snprintf(l->expiry, sizeof(l->expiry), "%s", a->expiry);
	l->qty_milli = a->qty_milli;
	l->unit_cost = a->unit_cost;
	l->commission_bp = a->commission_bp;
	if (a->owner_producer_id) {
		if ((r = producer_get_id(db, a->owner_producer_id, &o, err)))
			return r;
		snprintf(l->owner, sizeof(l->owner), "%s", o.code);
	}
	r = db_prepare(db, "SELECT received_on FROM lot WHERE id = ?1", &st, err);
	if (r)
		return r;
	sqlite3_bind_int64(st, 1, a->lot_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(l->received_on, sizeof(l->received_on), "%s",
			 (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (!l->received_on[0])
		return db_fail(db, err, "reading a lot");
	return 0;
}

struct out_args {
	const struct user *u;
	const char *code, *path;
	const struct transfer_item *items;
	size_t n;
	struct transfer_doc *d;
	int written;                 /* the file is written: remove it if the commit fails */
};

/* Take the lots out, sign the document, record it and write the file. */
static int out_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct out_args *x = ctx;
	const struct user *u = x->u;
	const char *code = x->code;
	const struct transfer_item *items = x->items;
	struct transfer_doc *d = x->d;
	struct stock_alloc *a = NULL;
	struct stock_doc sd;
	char reason[40], detail[160];
	char *canon = NULL, *text = NULL;
	size_t na = 0, cap = 0, i, j, clen, tlen;
	int64_t total = 0;
	int r;

	snprintf(reason, sizeof(reason), "to %s", code);
	memset(&sd, 0, sizeof(sd));
	sd.kind = "transfer_out";
	sd.doc = d->uuid;
	sd.reason = reason;
	sd.user_id = u ? u->id : 0;
	for (i = 0; i < x->n; i++) {
		if ((r = stock_take_exact(db, items[i].product_id, items[i].lot_no,
					  items[i].qty_milli, &sd, &a, &na, err)))
			goto out;
		if (d->nlots + na > TRANSFER_MAX_LOTS) {
			r = pos_fail(err, POS_ERR_INVALID, tr("too many lots for one transfer"));
			goto out;
		}
		if (POS_GROW(d->lots, cap, d->nlots + na)) {
			r = pos_fail(err, POS_ERR_NO_MEM, tr("out of memory"));
			goto out;
		}
		for (j = 0; j < na; j++) {
			if ((r = lot_of_alloc(db, &a[j], &d->lots[d->nlots], err)))
				goto out;
			total += a[j].qty_milli;
			d->nlots++;
		}
		free(a);
		a = NULL;
	}
	if ((r = transfer_canonical(d, &canon, &clen, err)) ||
	    (r = sign_data(db, canon, clen, d->signature, err)) ||
	    (r = transfer_file_text(d, &text, &tlen, err)))
		goto out;
	if ((r = insert_transfer(db, d, "out", "in_transit", NULL, u ? u->id : 0, text, tlen, err)))
		goto out;
	{
		char q[QTY_FMT_MAX];

		qty_format_c(total, q, sizeof(q));
		snprintf(detail, sizeof(detail), "to %s: %zu lot(s), %s", code, d->nlots, q);
	}
	if ((r = audit_log(db, u ? u->id : 0, 0, "stock_transfer_out", d->uuid, detail, err)))
		goto out;
	if ((r = write_new_file(x->path, text, tlen, err)))
		goto out;
	x->written = 1;
out:
	free(a);
	free(canon);
	free(text);
	return r;
}

int transfer_out(struct db *db, const struct user *u, const char *to,
		 const struct transfer_item *items, size_t n, const char *note,
		 const char *path, struct transfer_doc **out, struct pos_error *err)
{
	struct transfer_doc *d = NULL;
	struct showroom local;
	struct out_args x;
	char code[17];
	int r;

	if (u && (r = user_require(u, PERM_STOCK, err)))
		return r;
	if (n == 0)
		return pos_fail(err, POS_ERR_INVALID, tr("nothing to transfer"));
	if (!path || !path[0])
		return pos_fail(err, POS_ERR_INVALID, tr("say where to write the transfer file"));
	snprintf(code, sizeof(code), "%s", to ? to : "");
	if (field_code(code, "to", err))
		return POS_ERR_INVALID;
	if ((r = showroom_local(db, &local, err)))
		return r;
	if (strcmp(code, local.code) == 0)
		return pos_fail(err, POS_ERR_INVALID,
				tr("a transfer goes to another showroom, not to %s itself"), code);
	d = calloc(1, sizeof(*d));
	if (!d)
		return pos_fail(err, POS_ERR_NO_MEM, tr("out of memory"));
	if ((r = uuid_v4(d->uuid, err)))
		goto fail;
	snprintf(d->from, sizeof(d->from), "%s", local.code);
	snprintf(d->to, sizeof(d->to), "%s", code);
	clock_format_utc(clock_now(), d->created);
	if (u)
		snprintf(d->user, sizeof(d->user), "%s", u->name);
	snprintf(d->note, sizeof(d->note), "%s", note ? note : "");
	if (field_plain(d->note, sizeof(d->note), "note", err)) {
		r = POS_ERR_INVALID;
		goto fail;
	}
	memset(&x, 0, sizeof(x));
	x.u = u;
	x.code = code;
	x.path = path;
	x.items = items;
	x.n = n;
	x.d = d;
	if ((r = db_tx(db, DB_TX_WRITE, out_in_tx, &x, err))) {
		if (x.written)
			unlink(path);
		goto fail;
	}
	if (out)
		*out = d;
	else
		transfer_doc_free(d);
	return 0;
fail:
	transfer_doc_free(d);
	return r;
}

/* ---- receiving ------------------------------------------------------- */

/* The local product a lot names: by SKU, else by one of its barcodes. */
static int find_product(struct db *db, const struct transfer_lot *l, long long *id,
			struct pos_error *err)
{
	struct product p;
	int i, r;

	r = catalog_get(db, l->sku, &p, NULL);
	for (i = 0; r == POS_ERR_NOT_FOUND && i < l->nbarcodes; i++)
		r = catalog_lookup(db, l->barcodes[i], &p, NULL);
	if (r == POS_ERR_NOT_FOUND || r == POS_ERR_INVALID)
		return pos_fail(err, POS_ERR_NOT_FOUND,
				tr("product %s (%s) is not in this showroom's catalogue: import the "
				   "catalogue (`ocop-pos catalog import`) and try again"),
				l->sku, l->name);
	if (r)
		return catalog_get(db, l->sku, &p, err);
	*id = p.id;
	return 0;
}

struct in_args {
	const struct user *u;
	struct transfer_doc *d;
	const char *data;
	size_t n;
};

/* Receive every lot of the document and record it, once. */
static int in_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct in_args *x = ctx;
	const struct user *u = x->u;
	struct transfer_doc *d = x->d;
	struct stock_doc sd;
	char ts[CLOCK_TS_LEN], source[64], detail[160], when[24];
	sqlite3_stmt *st;
	size_t i;
	int r, rc;

	r = db_prepare(db, "SELECT coalesce(received_at, created_at), direction FROM transfer "
		       "WHERE uuid = ?1", &st, err);
	if (r)
		return r;
	sqlite3_bind_text(st, 1, d->uuid, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(when, sizeof(when), "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return pos_fail(err, POS_ERR_EXISTS,
				tr("transfer %s was already received (%s): the same file is received "
				   "once"), d->uuid, when);
	if (rc != SQLITE_DONE)
		return db_fail(db, err, "reading the transfers");
	snprintf(source, sizeof(source), "transfer:%s", d->uuid);
	memset(&sd, 0, sizeof(sd));
	sd.kind = "transfer_in";
	sd.doc = d->uuid;
	sd.reason = d->from;
	sd.user_id = u ? u->id : 0;
	for (i = 0; i < d->nlots; i++) {
		const struct transfer_lot *l = &d->lots[i];
		struct stock_receipt_line line;
		struct pos_error e;
		struct producer o;

		memset(&line, 0, sizeof(line));
		if ((r = find_product(db, l, &line.product_id, err)))
			return r;
		if (l->owner[0]) {
			r = producer_get(db, l->owner, &o, &e);
			if (r == POS_ERR_NOT_FOUND)
				r = pos_fail(err, r,
					     tr("lot %s of %s is consigned by producer %s, who is not "
						"known here: import the catalogue first"),
					     l->lot_no, l->sku, l->owner);
			else if (r)
				r = pos_fail(err, r, "%s", e.msg);
			if (r)
				return r;
			line.owner_producer_id = o.id;
		}
		line.qty_milli = l->qty_milli;
		line.unit_cost = l->unit_cost;
		line.commission_bp = l->commission_bp;
		snprintf(line.lot_no, sizeof(line.lot_no), "%s", l->lot_no);
		snprintf(line.expiry, sizeof(line.expiry), "%s", l->expiry);
		r = stock_receive_lot(db, &line, l->received_on, source, &sd, &e);
		if (r)
			return pos_fail(err, r, tr("lot %s of %s: %s"), l->lot_no, l->sku,
					pos_error_text(&e));
	}
	clock_format_utc(clock_now(), ts);
	if ((r = insert_transfer(db, d, "in", "received", ts, u ? u->id : 0, x->data, x->n, err)))
		return r;
	snprintf(detail, sizeof(detail), "from %s: %zu lot(s)", d->from, d->nlots);
	if ((r = audit_log(db, u ? u->id : 0, 0, "stock_transfer_in", d->uuid, detail, err)))
		return r;
	return 0;
}

int transfer_in_data(struct db *db, const struct user *u, const char *data, size_t n,
		     struct transfer_doc **out, struct pos_error *err)
{
	struct transfer_doc *d = NULL;
	struct showroom local;
	struct in_args x;
	char *canon = NULL;
	size_t clen;
	int r;

	if (u && (r = user_require(u, PERM_STOCK, err)))
		return r;
	if ((r = transfer_parse(data, n, &d, err)))
		return r;
	if ((r = showroom_local(db, &local, err)))
		goto fail;
	if (strcmp(d->to, local.code) != 0) {
		r = pos_fail(err, POS_ERR_REFUSED,
			     tr("this transfer is addressed to showroom %s, and this is %s: "
				"send it to %s"), d->to, local.code, d->to);
		goto fail;
	}
	if (strcmp(d->from, local.code) == 0) {
		r = pos_fail(err, POS_ERR_REFUSED, tr("this transfer was sent by this showroom"));
		goto fail;
	}
	if ((r = transfer_canonical(d, &canon, &clen, err)))
		goto fail;
	r = sign_verify(db, d->from, canon, clen, d->signature, err);
	if (r == POS_ERR_REFUSED || r == POS_ERR_INVALID) {
		r = pos_fail(err, POS_ERR_REFUSED,
			     tr("the transfer file's signature does not match showroom %s's key: "
				"the file was changed after it was sent; nothing was received"),
			     d->from);
		goto fail;
	}
	if (r)
		goto fail;
	x.u = u;
	x.d = d;
	x.data = data;
	x.n = n;
	if ((r = db_tx(db, DB_TX_WRITE, in_in_tx, &x, err)))
		goto fail;
	free(canon);
	if (out)
		*out = d;
	else
		transfer_doc_free(d);
	return 0;
fail:
	free(canon);
	transfer_doc_free(d);
	return r;
}

int transfer_in(struct db *db, const struct user *u, const char *path,
		struct transfer_doc **out, struct pos_error *err)
{
	char *buf;
	size_t got;
	int r;

	if ((r = fileio_read(path, TRANSFER_MAX_BYTES, &buf, &got, err)))
		return r;
	r = transfer_in_data(db, u, buf, got, out, err);
	free(buf);
	return r;
}

/* The kept file's signature, by its sender (this showroom's own key for one sent from here). */
static int kept_signature(struct db *db, const struct transfer_doc *d, const char *uuid,
			  struct pos_error *err)
{
	char *canon = NULL;
	size_t clen;
	int r = transfer_canonical(d, &canon, &clen, err);

	if (!r && (r = sign_verify(db, d->from, canon, clen, d->signature, err)) &&
	    (r == POS_ERR_REFUSED || r == POS_ERR_INVALID))
		r = pos_fail(err, POS_ERR_REFUSED,
			     tr("the file kept with transfer %s is not signed by showroom %s: the "
				"database was altered"), uuid, d->from);
	free(canon);
	return r;
}

int transfer_get(struct db *db, const char *uuid, struct transfer_doc **out, struct pos_error *err)
{
	char sha[SIGN_SHA256_HEX], full[37] = "", kept[SIGN_SHA256_HEX] = "";
	char *text = NULL;
	size_t n = 0, len = uuid ? strlen(uuid) : 0, i;
	sqlite3_stmt *st;
	int r, rc, rows = 0;

	*out = NULL;
	for (i = 0; i < len && (isxdigit((unsigned char)uuid[i]) || uuid[i] == '-'); i++)
		;
	if (len < 8 || len > 36 || i < len)
		return pos_fail(err, POS_ERR_NOT_FOUND,
				tr("\"%s\" is not a transfer's UUID (at least its first 8 "
				   "characters, as `stock transfers` lists them)"), uuid ? uuid : "");
	if ((r = db_query(db, &st, err, "SELECT uuid, sha256, doc FROM transfer "
			  "WHERE substr(uuid, 1, length(?1)) = lower(?1) ORDER BY uuid LIMIT 2",
			  "t", uuid)))
		return r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && ++rows == 1) {
		snprintf(full, sizeof(full), "%s", (const char *)sqlite3_column_text(st, 0));
		snprintf(kept, sizeof(kept), "%s", (const char *)sqlite3_column_text(st, 1));
		if (sqlite3_column_type(st, 2) != SQLITE_NULL) {
			n = (size_t)sqlite3_column_bytes(st, 2);
			if (!(text = malloc(n + 1))) {
				sqlite3_reset(st);
				return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
			}
			memcpy(text, sqlite3_column_blob(st, 2), n);
			text[n] = '\0';
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		r = db_fail(db, err, "reading the transfer");
	else if (rows == 0)
		r = pos_fail(err, POS_ERR_NOT_FOUND, tr("no transfer %s here (see `stock transfers`)"),
			     uuid);
	else if (rows > 1)
		r = pos_fail(err, POS_ERR_INVALID,
			     tr("more than one transfer begins with %s: give more of its UUID"), uuid);
	else if (!text)
		r = pos_fail(err, POS_ERR_NOT_FOUND,
			     tr("transfer %s was recorded before its file was kept with it: "
				"its note cannot be printed again"), full);
	if (r) {
		free(text);
		return r;
	}
	sign_sha256_hex(text, n, sha);
	if (strcmp(sha, kept))
		r = pos_fail(err, POS_ERR_REFUSED,
			     tr("the file kept with transfer %s does not match its SHA-256: the "
				"database was altered"), full);
	else
		r = transfer_parse(text, n, out, err);
	free(text);
	if (!r)
		r = kept_signature(db, *out, full, err);
	if (r) {
		transfer_doc_free(*out);
		*out = NULL;
	}
	return r;
}

int transfer_list(struct db *db, int (*cb)(void *ctx, const struct transfer_row *r),
		  void *ctx, struct pos_error *err)
{
	struct transfer_row row;
	sqlite3_stmt *st;
	int r = db_prepare(db,
		"SELECT t.uuid, t.direction, t.from_showroom, t.to_showroom, t.status, t.created_at, "
		"coalesce(t.received_at, ''), count(m.id), coalesce(sum(abs(m.qty_milli)), 0) "
		"FROM transfer t LEFT JOIN stock_move m ON m.doc = t.uuid "
		"AND m.kind IN ('transfer_out', 'transfer_in') "
		"GROUP BY t.uuid ORDER BY t.created_at DESC, t.uuid", &st, err), rc;

	if (r)
		return r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row.uuid = (const char *)sqlite3_column_text(st, 0);
		row.direction = (const char *)sqlite3_column_text(st, 1);
		row.from = (const char *)sqlite3_column_text(st, 2);
		row.to = (const char *)sqlite3_column_text(st, 3);
		row.status = (const char *)sqlite3_column_text(st, 4);
		row.created = (const char *)sqlite3_column_text(st, 5);
		row.received = (const char *)sqlite3_column_text(st, 6);
		row.lots = sqlite3_column_int64(st, 7);
		row.qty_milli = sqlite3_column_int64(st, 8);
		if ((r = cb(ctx, &row))) {
			sqlite3_reset(st);
			return r;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, err, "listing the transfers");
}
