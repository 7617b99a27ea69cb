/*
 * profile.c - parse and check printer profiles (see profile.h).
 *
 * Every value is range-checked, because a profile is the one piece of
 * configuration a shop is told to copy and edit: a wrong width or table
 * number must be refused with the field's name, never become garbage on
 * paper.  cJSON does the syntax; this file the meaning.
 */
#include "profile.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "drivers/device.h"

#define FORMAT "ocop-pos/printer-profile"

static int bad(struct pos_error *err, const char *src, const char *field, const char *why)
{
	return pos_fail(err, POS_ERR_INVALID, DRV_TR("printer profile %s: \"%s\" %s"), src, field, why);
}

/* An optional integer in [lo, hi]; *out keeps its default when absent. */
static int get_int(const cJSON *obj, const char *key, int lo, int hi, int *out,
		   const char *src, struct pos_error *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	char why[64];

	if (!v)
		return 0;
	/* Range first: casting an out-of-range double to int is undefined. */
	if (!cJSON_IsNumber(v) || !(v->valuedouble >= lo && v->valuedouble <= hi) ||
	    v->valuedouble != (double)(int)v->valuedouble) {
		snprintf(why, sizeof(why), DRV_TR("must be a whole number from %d to %d"), lo, hi);
		return bad(err, src, key, why);
	}
	*out = (int)v->valuedouble;
	return 0;
}

static int get_bool(const cJSON *obj, const char *key, int *out, const char *src,
		    struct pos_error *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!v)
		return 0;
	if (!cJSON_IsBool(v))
		return bad(err, src, key, DRV_TR("must be true or false"));
	*out = cJSON_IsTrue(v) ? 1 : 0;
	return 0;
}

static int get_str(const cJSON *obj, const char *key, char *out, size_t n, int required,
		   const char *src, struct pos_error *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!v) {
		if (required)
			return bad(err, src, key, DRV_TR("is missing"));
		return 0;
	}
	if (!cJSON_IsString(v) || !v->valuestring[0] || strlen(v->valuestring) >= n)
		return bad(err, src, key, DRV_TR("must be a non-empty string (not too long)"));
	snprintf(out, n, "%s", v->valuestring);
	return 0;
}

static int hex16(const char *s, size_t n, uint16_t *v)
{
	unsigned x = 0;
	size_t i;

	if (n < 1 || n > 4)
		return -1;
	for (i = 0; i < n; i++) {
		char c = s[i];

		x <<= 4;
		if (c >= '0' && c <= '9')
			x |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			x |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			x |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*v = (uint16_t)x;
	return 0;
}

static int parse_ids(const cJSON *root, struct printer_profile *p, const char *src,
		     struct pos_error *err)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "usb_ids"), *it;

	if (!arr)
		return 0;
	if (!cJSON_IsArray(arr))
		return bad(err, src, "usb_ids", DRV_TR("must be a list like [\"0416:5011\", \"04b8:*\"]"));
	cJSON_ArrayForEach(it, arr) {
		const char *s, *colon;

		if (p->nids >= PROFILE_IDS_MAX)
			return bad(err, src, "usb_ids", DRV_TR("has too many entries (at most 16)"));
		if (!cJSON_IsString(it))
			return bad(err, src, "usb_ids", DRV_TR("entries are strings \"VID:PID\" in hex"));
		s = it->valuestring;
		colon = strchr(s, ':');
		if (!colon || hex16(s, (size_t)(colon - s), &p->ids[p->nids].vid) ||
		    p->ids[p->nids].vid == 0)
			return bad(err, src, "usb_ids", DRV_TR("entries are \"VID:PID\" in hex, PID may be *"));
		if (strcmp(colon + 1, "*") == 0)
			p->ids[p->nids].pid = 0;
		else if (hex16(colon + 1, strlen(colon + 1), &p->ids[p->nids].pid) ||
			 p->ids[p->nids].pid == 0)
			return bad(err, src, "usb_ids", DRV_TR("entries are \"VID:PID\" in hex, PID may be *"));
		p->nids++;
	}
	return 0;
}

/* A list of code-table numbers 0-255 into tables[0..max). */
static int parse_tables(const cJSON *v, const char *key, int *tables, int max, int *count,
			const char *src, struct pos_error *err)
{
	const cJSON *it;
	int n = 0;

	if (!v || cJSON_IsNull(v)) {
		*count = 0;
		return 0;
	}
	if (!cJSON_IsArray(v))
		return bad(err, src, key, DRV_TR("must be a list of code table numbers or null"));
	cJSON_ArrayForEach(it, v) {
		if (n >= max)
			return bad(err, src, key, DRV_TR("lists too many code tables"));
		if (!cJSON_IsNumber(it) || !(it->valuedouble >= 0 && it->valuedouble <= 255) ||
		    it->valuedouble != (double)(int)it->valuedouble)
			return bad(err, src, key, DRV_TR("code table numbers are whole numbers 0-255"));
		tables[n++] = (int)it->valuedouble;
	}
	*count = n;
	return 0;
}

static int parse_vietnamese(const cJSON *root, struct printer_profile *p, const char *src,
			    struct pos_error *err)
{
	const cJSON *vn = cJSON_GetObjectItemCaseSensitive(root, "vietnamese"), *m;
	int t[2], n = 0, r;

	if (!vn)
		return 0;
	if (!cJSON_IsObject(vn))
		return bad(err, src, "vietnamese", DRV_TR("must be an object"));
	r = parse_tables(cJSON_GetObjectItemCaseSensitive(vn, "tcvn3"), "vietnamese.tcvn3", t, 2,
			 &n, src, err);
	if (r)
		return r;
	if (n != 0 && n != 2)
		return bad(err, src, "vietnamese.tcvn3",
			   DRV_TR("is two tables [lowercase, capitals], e.g. [30, 31], or null"));
	if (n == 2) {
		p->tcvn3_lower = t[0];
		p->tcvn3_upper = t[1];
	}
	r = parse_tables(cJSON_GetObjectItemCaseSensitive(vn, "cp1258"), "vietnamese.cp1258",
			 p->cp1258, PROFILE_CP1258_MAX, &p->ncp1258, src, err);
	if (r)
		return r;
	m = cJSON_GetObjectItemCaseSensitive(vn, "mode");
	if (m && (!cJSON_IsString(m) || vn_mode_parse(m->valuestring, &p->mode)))
		return bad(err, src, "vietnamese.mode", DRV_TR("is raster, tcvn3, cp1258 or ascii"));
	if (p->mode == VN_MODE_TCVN3 && p->tcvn3_lower < 0)
		return bad(err, src, "vietnamese.mode", DRV_TR("is tcvn3 but no tcvn3 tables are given"));
	if (p->mode == VN_MODE_CP1258 && p->ncp1258 == 0)
		return bad(err, src, "vietnamese.mode", DRV_TR("is cp1258 but no cp1258 table is given"));
	return 0;
}

static int parse_cut(const cJSON *root, struct printer_profile *p, const char *src,
		     struct pos_error *err)
{
	const cJSON *cut = cJSON_GetObjectItemCaseSensitive(root, "cut"), *t;

	if (!cut)
		return 0;
	if (!cJSON_IsObject(cut))
		return bad(err, src, "cut", DRV_TR("must be an object {\"type\": ..., \"feed_lines\": ...}"));
	t = cJSON_GetObjectItemCaseSensitive(cut, "type");
	if (t) {
		if (!cJSON_IsString(t))
			return bad(err, src, "cut.type", DRV_TR("is none, partial or full"));
		if (strcmp(t->valuestring, "none") == 0)
			p->cut = PROFILE_CUT_NONE;
		else if (strcmp(t->valuestring, "partial") == 0)
			p->cut = PROFILE_CUT_PARTIAL;
		else if (strcmp(t->valuestring, "full") == 0)
			p->cut = PROFILE_CUT_FULL;
		else
			return bad(err, src, "cut.type", DRV_TR("is none, partial or full"));
	}
	return get_int(cut, "feed_lines", 0, 10, &p->cut_feed, src, err);
}

static int parse_drawer(const cJSON *root, struct printer_profile *p, const char *src,
			struct pos_error *err)
{
	const cJSON *dr = cJSON_GetObjectItemCaseSensitive(root, "drawer"), *pins, *it;
	int r;

	if (!dr)
		return 0;
	if (!cJSON_IsObject(dr))
		return bad(err, src, "drawer", DRV_TR("must be an object"));
	pins = cJSON_GetObjectItemCaseSensitive(dr, "pins");
	if (pins) {
		if (!cJSON_IsArray(pins))
			return bad(err, src, "drawer.pins", DRV_TR("is a list of 2 and/or 5"));
		p->drawer_pins = 0;
		cJSON_ArrayForEach(it, pins) {
			if (!cJSON_IsNumber(it) || (it->valuedouble != 2 && it->valuedouble != 5))
				return bad(err, src, "drawer.pins", DRV_TR("is a list of 2 and/or 5"));
			p->drawer_pins |= 1u << (int)it->valuedouble;
		}
	}
	r = get_int(dr, "on_ms", 2, 510, &p->drawer_on_ms, src, err);
	if (!r)
		r = get_int(dr, "off_ms", 2, 510, &p->drawer_off_ms, src, err);
	return r;
}

static int valid_name(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return 0;
	return 1;
}

int profile_parse(const char *json, size_t len, const char *source,
		  struct printer_profile *out, struct pos_error *err)
{
	struct printer_profile p;
	const char *src = source ? source : "(profile)";
	cJSON *root;
	const cJSON *f;
	int r = 0, version = 1;

	memset(&p, 0, sizeof(p));
	p.mode = VN_MODE_RASTER;
	p.tcvn3_lower = p.tcvn3_upper = -1;
	p.cut = PROFILE_CUT_NONE;
	p.cut_feed = 4;
	p.drawer_pins = 1u << 2;
	p.drawer_on_ms = 50;
	p.drawer_off_ms = 500;
	p.band_rows = 24;
	p.status = 1;

	if (!json)
		return bad(err, src, "(file)", DRV_TR("is empty"));
	root = cJSON_ParseWithLength(json, len);
	if (!root) {
		const char *at = cJSON_GetErrorPtr();
		long off = at && at >= json && at <= json + len ? (long)(at - json) : -1;

		return pos_fail(err, POS_ERR_INVALID,
				DRV_TR("printer profile %s is not valid JSON (near byte %ld)"), src, off);
	}
	if (!cJSON_IsObject(root)) {
		r = bad(err, src, "(file)", DRV_TR("must be a JSON object"));
		goto out;
	}
	f = cJSON_GetObjectItemCaseSensitive(root, "format");
	if (f && (!cJSON_IsString(f) || strcmp(f->valuestring, FORMAT) != 0)) {
		r = bad(err, src, "format", DRV_TR("must be \"" FORMAT "\""));
		goto out;
	}
	if ((r = get_int(root, "version", 1, 1000, &version, src, err)))
		goto out;
	if (version != 1) {
		r = bad(err, src, "version", DRV_TR("is newer than this ocop-pos understands (1)"));
		goto out;
	}
	if ((r = get_str(root, "name", p.name, sizeof(p.name), 1, src, err)))
		goto out;
	if (!valid_name(p.name)) {
		r = bad(err, src, "name", DRV_TR("uses only a-z, 0-9, '-' and '_'"));
		goto out;
	}
	if ((r = get_str(root, "description", p.description, sizeof(p.description), 0, src, err)))
		goto out;
	if (!cJSON_GetObjectItemCaseSensitive(root, "width_dots") ||
	    !cJSON_GetObjectItemCaseSensitive(root, "columns")) {
		r = bad(err, src, "width_dots/columns", DRV_TR("are required (e.g. 384 and 32 for 58 mm)"));
		goto out;
	}
	if ((r = get_int(root, "width_dots", 128, 1024, &p.width_dots, src, err)) ||
	    (r = get_int(root, "columns", 16, 80, &p.columns, src, err)))
		goto out;
	if (p.width_dots % 8) {
		r = bad(err, src, "width_dots", DRV_TR("must be a multiple of 8"));
		goto out;
	}
	if (p.width_dots / p.columns < 8) {
		r = bad(err, src, "columns", DRV_TR("leaves less than 8 dots per character"));
		goto out;
	}
	if ((r = parse_ids(root, &p, src, err)) || (r = parse_vietnamese(root, &p, src, err)) ||
	    (r = parse_cut(root, &p, src, err)) || (r = parse_drawer(root, &p, src, err)) ||
	    (r = get_bool(root, "native_qr", &p.native_qr, src, err)) ||
	    (r = get_bool(root, "native_barcode", &p.native_barcode, src, err)) ||
	    (r = get_int(root, "raster_band_rows", 8, 256, &p.band_rows, src, err)) ||
	    (r = get_bool(root, "needs_fs_dot", &p.needs_fs_dot, src, err)) ||
	    (r = get_bool(root, "status", &p.status, src, err)))
		goto out;
	*out = p;
out:
	cJSON_Delete(root);
	return r;
}

int profile_match_usb(const struct printer_profile *p, uint16_t vid, uint16_t pid)
{
	int i, best = 0;

	for (i = 0; i < p->nids; i++) {
		if (p->ids[i].vid != vid)
			continue;
		if (p->ids[i].pid == pid)
			return 2;
		if (p->ids[i].pid == 0)
			best = 1;
	}
	return best;
}

void profile_tables(const struct printer_profile *p, int cp1258_table,
		    struct vncp_tables *out)
{
	out->tcvn3_lower = p->tcvn3_lower;
	out->tcvn3_upper = p->tcvn3_upper;
	if (cp1258_table >= 0)
		out->cp1258 = cp1258_table;
	else
		out->cp1258 = p->ncp1258 > 0 ? p->cp1258[0] : -1;
}
