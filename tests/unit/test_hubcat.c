/*
 * test_hubcat.c - unit tests of core/hubcat, the client's copy of a
 * PostgreSQL hub's catalogue: rows added and found (thousands, so the
 * index grows), a SKU added twice kept once, long strings cut on a
 * character boundary, the file written and read back whole (mode 0600,
 * in $XDG_CACHE_HOME/ocop-pos; a folder others may write to not used),
 * a copy of another epoch or hub read as empty, and every damaged file
 * (bad magic, version, sizes, offsets out of the text, text without its
 * last NUL, stars out of range, each prefix of a good file) refused with
 * the copy left empty.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/err.h"
#include "core/hubcat.h"

#define ID "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"

static void add(struct hubcat *c, const char *sku, const char *name, int group, int stars)
{
	struct hubcat_row r = { sku, name, "NSX-01", "01", group, stars };

	assert_int_equal(hubcat_add(c, &r), 0);
}

static void test_ids(void **state)
{
	(void)state;
	assert_true(hubcat_id_ok(ID));
	assert_true(hubcat_id_ok("0"));
	assert_false(hubcat_id_ok(""));
	assert_false(hubcat_id_ok(NULL));
	assert_false(hubcat_id_ok("../../etc/passwd"));
	assert_false(hubcat_id_ok("ABC"));
	assert_false(hubcat_id_ok("0123456789012345678901234567890123456789012345678901234567890123"
				  "4"));
	assert_null(hubcat_new("a/b", 0));
}

static void test_add_find(void **state)
{
	struct hubcat *c = hubcat_new(ID, 3);
	struct hubcat_row r;
	char sku[32], name[32];
	int i;

	(void)state;
	assert_non_null(c);
	assert_int_equal(hubcat_find(c, "X"), -1);
	for (i = 0; i < 5000; i++) {
		snprintf(sku, sizeof(sku), "SKU-%05d", i);
		snprintf(name, sizeof(name), "Sản phẩm %d", i);
		add(c, sku, name, 1 + i % 6, 3 + i % 3);
	}
	add(c, "SKU-00007", "again", 2, 4);           /* kept once, as first added */
	assert_int_equal(hubcat_count(c), 5000);
	for (i = 0; i < 5000; i += 499) {
		long k;

		snprintf(sku, sizeof(sku), "SKU-%05d", i);
		snprintf(name, sizeof(name), "Sản phẩm %d", i);
		k = hubcat_find(c, sku);
		assert_true(k >= 0);
		hubcat_row(c, (size_t)k, &r);
		assert_string_equal(r.sku, sku);
		assert_string_equal(r.name, name);
		assert_string_equal(r.producer, "NSX-01");
		assert_string_equal(r.province, "01");
		assert_int_equal(r.group, 1 + i % 6);
		assert_int_equal(r.stars, 3 + i % 3);
	}
	hubcat_row(c, (size_t)hubcat_find(c, "SKU-00007"), &r);
	assert_string_equal(r.name, "Sản phẩm 7");
	assert_int_equal(hubcat_find(c, "SKU-5000"), -1);
	hubcat_free(c);
}

static void test_long_name_cut(void **state)
{
	struct hubcat *c = hubcat_new(ID, 0);
	struct hubcat_row r;
	char name[2100];
	size_t i;

	(void)state;
	for (i = 0; i + 2 < sizeof(name); i += 2)
		memcpy(name + i, "\xc3\xa2", 2);              /* "â" a thousand times over */
	name[i] = '\0';
	add(c, "LONG", name, 1, 3);
	hubcat_row(c, 0, &r);
	assert_true(strlen(r.name) <= 1000);
	assert_int_equal(strlen(r.name) % 2, 0);              /* whole characters */
	hubcat_free(c);
}

static struct hubcat *sample(long long epoch)
{
	struct hubcat *c = hubcat_new(ID, epoch);

	add(c, "BK-0002", "Bánh đa Kế", 1, 4);
	add(c, "TC-0001", "Chè Tân Cương", 2, 5);
	add(c, "NL-0001", "", 3, 3);
	return c;
}

static void test_format_parse(void **state)
{
	struct hubcat *c = sample(7), *d = hubcat_new(ID, 7), *e = hubcat_new(ID, 8);
	struct hubcat_row r;
	unsigned char *b;
	size_t n;

	(void)state;
	assert_int_equal(hubcat_format(c, &b, &n), 0);
	assert_int_equal(hubcat_parse(d, b, n), 0);
	assert_int_equal(hubcat_count(d), 3);
	hubcat_row(d, (size_t)hubcat_find(d, "TC-0001"), &r);
	assert_string_equal(r.name, "Chè Tân Cương");
	assert_int_equal(r.stars, 5);
	hubcat_row(d, (size_t)hubcat_find(d, "NL-0001"), &r);
	assert_string_equal(r.name, "");
	/* another epoch: not this copy */
	assert_int_equal(hubcat_parse(e, b, n), POS_ERR_INVALID);
	assert_int_equal(hubcat_count(e), 0);
	free(b);
	hubcat_free(c);
	hubcat_free(d);
	hubcat_free(e);
}

/* A good file with bytes [at, at + len) replaced by v: refused, the copy empty. */
static void refused(const unsigned char *good, size_t n, size_t at, const void *v, size_t len)
{
	unsigned char *b = malloc(n);
	struct hubcat *c = hubcat_new(ID, 7);

	memcpy(b, good, n);
	memcpy(b + at, v, len);
	assert_int_equal(hubcat_parse(c, b, n), POS_ERR_INVALID);
	assert_int_equal(hubcat_count(c), 0);
	assert_int_equal(hubcat_find(c, "BK-0002"), -1);
	free(b);
	hubcat_free(c);
}

static void test_damaged(void **state)
{
	struct hubcat *c = sample(7), *d;
	unsigned char *b;
	size_t n, k;

	(void)state;
	assert_int_equal(hubcat_format(c, &b, &n), 0);
	refused(b, n, 0, "X", 1);                             /* magic */
	refused(b, n, 8, "\x02", 1);                          /* version */
	refused(b, n, 20, "\x04", 1);                         /* rows: one too many */
	refused(b, n, 20, "\xff\xff\xff\xff", 4);             /* rows: far too many */
	refused(b, n, 24, "\x01\x00\x00\x00", 4);             /* text bytes */
	refused(b, n, 28 + 4, "\xff\xff\x00\x00", 4);         /* a name outside the text */
	refused(b, n, 28 + 20, "\x06", 1);                    /* six stars */
	refused(b, n, 28 + 16, "\x64", 1);                    /* group 100 */
	refused(b, n, n - 1, "x", 1);                         /* the text's last NUL */
	for (k = 0; k < n; k++) {                             /* every prefix */
		d = hubcat_new(ID, 7);
		assert_int_equal(hubcat_parse(d, b, k), POS_ERR_INVALID);
		assert_int_equal(hubcat_count(d), 0);
		hubcat_free(d);
	}
	free(b);
	hubcat_free(c);
}

static void test_save_open(void **state)
{
	char dir[] = "/tmp/hubcatXXXXXX", path[256];
	struct hubcat *c = sample(9), *d;
	struct hubcat_row r;
	struct stat st;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	setenv("XDG_CACHE_HOME", dir, 1);
	/* nothing yet: an empty copy */
	d = hubcat_open(ID, 9);
	assert_non_null(d);
	assert_int_equal(hubcat_count(d), 0);
	hubcat_free(d);
	assert_int_equal(hubcat_save(c, NULL), 0);
	snprintf(path, sizeof(path), "%s/ocop-pos/hub-%s.cat", dir, ID);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	d = hubcat_open(ID, 9);
	assert_int_equal(hubcat_count(d), 3);
	hubcat_row(d, (size_t)hubcat_find(d, "BK-0002"), &r);
	assert_string_equal(r.name, "Bánh đa Kế");
	hubcat_free(d);
	/* another epoch of the same hub, another hub: empty */
	d = hubcat_open(ID, 10);
	assert_int_equal(hubcat_count(d), 0);
	hubcat_free(d);
	d = hubcat_open("0f1e2d3c", 9);
	assert_int_equal(hubcat_count(d), 0);
	hubcat_free(d);
	/* a damaged file: empty, and written whole again when rows are added */
	f = fopen(path, "w");
	fputs("not a catalogue", f);
	fclose(f);
	d = hubcat_open(ID, 9);
	assert_int_equal(hubcat_count(d), 0);
	add(d, "BK-0002", "Bánh đa Kế", 1, 4);
	assert_int_equal(hubcat_save(d, NULL), 0);
	hubcat_free(d);
	d = hubcat_open(ID, 9);
	assert_int_equal(hubcat_count(d), 1);
	hubcat_free(d);
	/* a folder others may write to is not used: no copy read, none written */
	snprintf(path, sizeof(path), "%s/ocop-pos", dir);
	assert_int_equal(chmod(path, 0777), 0);
	d = hubcat_open(ID, 9);
	assert_int_equal(hubcat_count(d), 0);
	add(d, "TC-0001", "Chè Tân Cương", 2, 5);
	assert_int_equal(hubcat_save(d, NULL), 0);
	hubcat_free(d);
	assert_int_equal(chmod(path, 0700), 0);
	d = hubcat_open(ID, 9);
	assert_int_equal(hubcat_count(d), 1);                 /* the earlier file, untouched */
	assert_int_equal(hubcat_find(d, "TC-0001"), -1);
	hubcat_free(d);
	snprintf(path, sizeof(path), "%s/ocop-pos/hub-%s.cat", dir, ID);
	unlink(path);
	snprintf(path, sizeof(path), "%s/ocop-pos", dir);
	rmdir(path);
	rmdir(dir);
	unsetenv("XDG_CACHE_HOME");
	hubcat_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_add_find),
		cmocka_unit_test(test_long_name_cut),
		cmocka_unit_test(test_format_parse),
		cmocka_unit_test(test_damaged),
		cmocka_unit_test(test_save_open),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
