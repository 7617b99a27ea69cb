/*
 * i18n.c - message catalogue: a small open-addressing hash table from
 * English msgid to Vietnamese text, loaded once from the embedded
 * config/locale/vi.json and config/locale/vi-*.json (one per area).
 *
 * Loaded lazily, on the first tr() in Vietnamese, so a command that says
 * nothing pays nothing.  The catalogue (~240 KB of JSON) is read by a
 * small in-place scanner: each file copied once, its strings decoded
 * where they lie and the table pointing into the copy (no parse tree, no
 * string per entry): about a tenth of what cJSON took at every start of
 * the command line.  A file the scanner does not take (anything but one
 * object of strings) goes through cJSON as before.
 */
#include "i18n.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "lib/alloc.h"

struct entry {
	char *id;
	char *text;
};

static enum i18n_lang cur = I18N_VI;
static struct entry *table;
static size_t table_size;   /* power of two, or 0 */
static int loaded;
static int want_vi;         /* i18n_set_lang("vi") was called: load at the first tr() */
static int tried;           /* the lazy load was attempted */
static char *bufs[32];      /* the scanned files: the entries point into them */
static size_t nbufs;

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

void i18n_free(void)
{
	size_t i;

	if (!nbufs)
		for (i = 0; i < table_size; i++) {
			free(table[i].id);
			free(table[i].text);
		}
	for (i = 0; i < nbufs; i++)
		free(bufs[i]);
	nbufs = 0;
	free(table);
	table = NULL;
	table_size = 0;
	loaded = 0;
	tried = 0;
	want_vi = 0;
}

/* Append code point c as UTF-8 at *o. */
static void put_utf8(char **o, unsigned long c)
{
	unsigned char *u = (unsigned char *)*o;

	if (c < 0x80) {
		*u++ = (unsigned char)c;
	} else if (c < 0x800) {
		*u++ = (unsigned char)(0xc0 | c >> 6);
		*u++ = (unsigned char)(0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		*u++ = (unsigned char)(0xe0 | c >> 12);
		*u++ = (unsigned char)(0x80 | (c >> 6 & 0x3f));
		*u++ = (unsigned char)(0x80 | (c & 0x3f));
	} else {
		*u++ = (unsigned char)(0xf0 | c >> 18);
		*u++ = (unsigned char)(0x80 | (c >> 12 & 0x3f));
		*u++ = (unsigned char)(0x80 | (c >> 6 & 0x3f));
		*u++ = (unsigned char)(0x80 | (c & 0x3f));
	}
	*o = (char *)u;
}

static int hex4(const char *p, unsigned long *v)
{
	int i;

	*v = 0;
	for (i = 0; i < 4; i++) {
		char c = p[i];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned long)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned long)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

/*
 * The JSON string whose opening quote is at *p, decoded in place (never
 * longer than its source) and NUL-terminated; *p is left after its
 * closing quote.  NULL when it is not a well-formed string.
 */
static char *scan_string(char **p)
{
	char *s = *p + 1, *o = s, *start = s;
	unsigned long c, lo;

	for (;;) {
		if (*s == '"')
			break;
		if (*s == '\0' || (unsigned char)*s < 0x20)
			return NULL;
		if (*s != '\\') {
			*o++ = *s++;
			continue;
		}
		s++;
		switch (*s) {
		case '"': case '\\': case '/': *o++ = *s; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u':
			if (hex4(s + 1, &c))
				return NULL;
			s += 4;
			if (c >= 0xd800 && c < 0xdc00) {
				if (s[1] != '\\' || s[2] != 'u' || hex4(s + 3, &lo) ||
				    lo < 0xdc00 || lo >= 0xe000)
					return NULL;
				c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
				s += 6;
			}
			put_utf8(&o, c);
			break;
		default:
			return NULL;
		}
		s++;
	}
	*o = '\0';
	*p = s + 1;
	return start;
}

static char *skip_ws(char *p)
{
	while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
		p++;
	return p;
}

/*
 * Scan buf, one JSON object of strings, in place: its pairs into
 * ids/texts (n of cap used).  -1 when buf is anything else or there is
 * no room.
 */
static int scan_object(char *buf, char **ids, char **texts, size_t *n, size_t cap)
{
	char *p = skip_ws(buf), *k, *v;

	if (*p++ != '{')
		return -1;
	p = skip_ws(p);
	if (*p == '}')
		return *skip_ws(p + 1) ? -1 : 0;
	for (;;) {
		if (*p != '"' || !(k = scan_string(&p)))
			return -1;
		p = skip_ws(p);
		if (*p++ != ':')
			return -1;
		p = skip_ws(p);
		if (*p != '"' || !(v = scan_string(&p)))
			return -1;
		if (*n == cap)
			return -1;
		ids[*n] = k;
		texts[*n] = v;
		(*n)++;
		p = skip_ws(p);
		if (*p == '}')
			return *skip_ws(p + 1) ? -1 : 0;
		if (*p++ != ',')
			return -1;
		p = skip_ws(p);
	}
}

/*
 * Build the table from one or more JSON objects (msgid -> text).  The first
 * object to define a msgid wins.  Takes ownership of roots.
 */
static int load_roots(cJSON **roots, size_t nroots, struct pos_error *err)
{
	size_t n = 0, size = 16, i, r;
	struct entry *t;
	cJSON *it;
	int rc = 0;

	for (r = 0; r < nroots; r++)
		cJSON_ArrayForEach(it, roots[r])
			n++;
	while (size < n * 2)
		size *= 2;
	t = calloc(size, sizeof(*t));
	if (!t) {
		rc = pos_fail(err, POS_ERR_NO_MEM, "out of memory loading translations");
		goto out;
	}
	for (r = 0; r < nroots; r++) {
		cJSON_ArrayForEach(it, roots[r]) {
			if (!cJSON_IsString(it) || !it->string)
				continue;
			i = hash(it->string) & (size - 1);
			while (t[i].id && strcmp(t[i].id, it->string) != 0)
				i = (i + 1) & (size - 1);
			if (t[i].id)
				continue;
			t[i].id = strdup(it->string);
			t[i].text = strdup(it->valuestring);
			if (!t[i].id || !t[i].text) {
				free(t[i].id);
				free(t[i].text);
				t[i].id = NULL;
				t[i].text = NULL;
			}
		}
	}
	i18n_free();
	table = t;
	table_size = size;
	loaded = 1;
out:
	for (r = 0; r < nroots; r++)
		cJSON_Delete(roots[r]);
	return rc;
}

int i18n_load_json(const char *json, struct pos_error *err)
{
	cJSON *root = cJSON_Parse(json);

	if (!root || !cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return pos_fail(err, POS_ERR_INVALID, "translations: not a JSON object");
	}
	return load_roots(&root, 1, err);
}

/*
 * The embedded catalogue through the scanner: 0, or -1 (nothing kept)
 * when a file is not one object of strings or memory runs out.
 */
static int scan_embedded_vi(void)
{
	const struct embedded_file *f;
	char **ids = NULL, **texts = NULL;
	size_t n = 0, cap = 0, cap_ids = 0, cap_texts = 0, size = 16, i, j, len;
	struct entry *t;

	for (f = embedded_files; f->path; f++) {
		len = strlen(f->path);
		if (strncmp(f->path, "config/locale/vi", 16) != 0 || len < 21 ||
		    strcmp(f->path + len - 5, ".json") != 0 ||
		    (f->path[16] != '.' && f->path[16] != '-'))
			continue;
		if (nbufs == sizeof(bufs) / sizeof(bufs[0]))
			goto fail;
		/* at most one pair per 6 bytes ("":"",) */
		if (POS_GROW(ids, cap_ids, n + f->size / 6 + 1) ||
		    POS_GROW(texts, cap_texts, n + f->size / 6 + 1))
			goto fail;
		cap = cap_ids < cap_texts ? cap_ids : cap_texts;
		bufs[nbufs] = malloc(f->size + 1);
		if (!bufs[nbufs])
			goto fail;
		memcpy(bufs[nbufs], f->data, f->size);
		bufs[nbufs][f->size] = '\0';
		if (scan_object(bufs[nbufs++], ids, texts, &n, cap))
			goto fail;
	}
	while (size < n * 2)
		size *= 2;
	t = calloc(size, sizeof(*t));
	if (!t)
		goto fail;
	for (j = 0; j < n; j++) {
		i = hash(ids[j]) & (size - 1);
		while (t[i].id && strcmp(t[i].id, ids[j]) != 0)
			i = (i + 1) & (size - 1);
		if (t[i].id)
			continue;                /* the first file to define a msgid wins */
		t[i].id = ids[j];
		t[i].text = texts[j];
	}
	free(ids);
	free(texts);
	table = t;
	table_size = size;
	loaded = 1;
	return 0;
fail:
	free(ids);
	free(texts);
	for (i = 0; i < nbufs; i++)
		free(bufs[i]);
	nbufs = 0;
	return -1;
}

/*
 * The Vietnamese catalogue is config/locale/vi.json plus any
 * config/locale/vi-*.json (one per area of the program), all embedded.
 */
static int load_embedded_vi(struct pos_error *err)
{
	cJSON *roots[32];
	size_t n = 0, len;
	const struct embedded_file *f;

	i18n_free();
	if (scan_embedded_vi() == 0)
		return 0;
	for (f = embedded_files; f->path && n < 32; f++) {
		len = strlen(f->path);
		if (strncmp(f->path, "config/locale/vi", 16) != 0 || len < 21 ||
		    strcmp(f->path + len - 5, ".json") != 0 ||
		    (f->path[16] != '.' && f->path[16] != '-'))
			continue;
		roots[n] = cJSON_Parse((const char *)f->data);
		if (!roots[n] || !cJSON_IsObject(roots[n])) {
			cJSON_Delete(roots[n]);
			while (n--)
				cJSON_Delete(roots[n]);
			return pos_fail(err, POS_ERR_INVALID, "translations %s: not a JSON object",
					f->path);
		}
		n++;
	}
	if (!n)
		return 0;
	return load_roots(roots, n, err);
}

int i18n_set_lang(const char *lang, struct pos_error *err)
{
	if (!lang || strcmp(lang, "vi") == 0) {
		cur = I18N_VI;           /* the catalogue is read at the first tr() */
		want_vi = !loaded;
		(void)err;
		return 0;
	}
	if (strcmp(lang, "en") == 0) {
		cur = I18N_EN;
		return 0;
	}
	return pos_fail(err, POS_ERR_INVALID, "unknown language \"%s\": use vi or en", lang);
}

enum i18n_lang i18n_lang(void)
{
	return cur;
}

const char *tr(const char *msgid)
{
	size_t i;

	if (cur == I18N_VI && want_vi && !loaded && !tried) {
		load_embedded_vi(NULL);
		tried = 1;               /* once, even when it failed */
	}
	if (cur == I18N_EN || !table_size || !msgid)
		return msgid;
	i = hash(msgid) & (table_size - 1);
	while (table[i].id) {
		if (strcmp(table[i].id, msgid) == 0)
			return table[i].text;
		i = (i + 1) & (table_size - 1);
	}
	return msgid;
}
