/*
 * gen-i18n.c - build-time tool: compile the Vietnamese catalogue
 * (config/locale/vi*.json, given in order on the command line) into C
 * source for core/i18n_table.h: one pool of NUL-terminated strings and
 * the (msgid, text) offset pairs sorted by msgid in strcmp() order, for
 * tr()'s binary search.  The first file to define a msgid wins.  Each
 * file must be one JSON object of strings; anything else stops the build
 * with the file's name.  A plain tool: it includes nothing of ours.
 *
 *   gen-i18n FILE... > i18n_table.c
 *
 * JSON strings are decoded in place by a small scanner (no parse tree).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n + 1)) && fread(buf, 1, (size_t)n, f) == (size_t)n)
		buf[n] = '\0';
	else {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

/* s as the body of a C string literal: octal escapes for all but plain ASCII. */
static void put_literal(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	for (; *u; u++)
		if (*u >= 0x20 && *u < 0x7f && *u != '"' && *u != '\\' && *u != '?')
			putchar(*u);
		else
			printf("\\%03o", *u);
	printf("\\000");
}

static char **ids, **texts;

/* By msgid, then by the order read: the first definition comes first. */
static int by_id(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = strcmp(ids[i], ids[j]);

	return c ? c : (i > j) - (i < j);
}

int main(int argc, char **argv)
{
	size_t n = 0, cap = 0, i, kept = 0, *order;
	unsigned long off = 1;
	int a;

	for (a = 1; a < argc; a++) {
		char *buf = read_file(argv[a]);
		size_t len;

		if (!buf) {
			fprintf(stderr, "gen-i18n: cannot read %s\n", argv[a]);
			return 1;
		}
		len = strlen(buf);
		if (cap - n < len / 6 + 1) {    /* at most one pair per 6 bytes ("":"",) */
			cap = n + len / 6 + 1;
			ids = realloc(ids, cap * sizeof(*ids));
			texts = realloc(texts, cap * sizeof(*texts));
			if (!ids || !texts)
				return 1;
		}
		if (scan_object(buf, ids, texts, &n, cap)) {
			fprintf(stderr, "gen-i18n: %s is not one JSON object of strings\n", argv[a]);
			return 1;
		}
	}
	order = malloc((n ? n : 1) * sizeof(*order));
	if (!order)
		return 1;
	for (i = 0; i < n; i++)
		order[i] = i;
	qsort(order, n, sizeof(*order), by_id);
	printf("/* generated by src/gen-i18n.c from config/locale/vi*.json: do not edit */\n"
	       "#include \"core/i18n_table.h\"\n\nconst char i18n_vi_pool[] =\n\"\\000\"\n");
	for (i = 0; i < n; i++) {
		if (i && strcmp(ids[order[i]], ids[order[i - 1]]) == 0)
			continue;                /* the first file to define a msgid wins */
		putchar('"');
		put_literal(ids[order[i]]);
		put_literal(texts[order[i]]);
		printf("\"\n");
	}
	printf(";\n\nconst uint32_t i18n_vi_index[][2] = {\n");
	for (i = 0; i < n; i++) {
		if (i && strcmp(ids[order[i]], ids[order[i - 1]]) == 0)
			continue;
		printf("\t{ %lu, %lu },\n", off, off + strlen(ids[order[i]]) + 1);
		off += strlen(ids[order[i]]) + 1 + strlen(texts[order[i]]) + 1;
		kept++;
	}
	printf("\t{ 0, 0 }\n};\nconst size_t i18n_vi_count = %zu;\n", kept);
	return 0;
}
