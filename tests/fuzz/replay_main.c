/*
 * replay_main.c - run a libFuzzer target over every file of a corpus
 * directory without libFuzzer, so `make test` replays the corpus with any
 * compiler (and under ASan/UBSan in CI).  Prints one TAP line per file.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	char *names[4096];
	size_t n = 0, i;
	struct dirent *de;
	DIR *d;

	if (argc != 2) {
		fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
		return 2;
	}
	d = opendir(argv[1]);
	if (!d) {
		printf("not ok 1 - corpus %s missing\n", argv[1]);
		return 1;
	}
	while ((de = readdir(d)) && n < sizeof(names) / sizeof(names[0]))
		if (de->d_name[0] != '.')
			names[n++] = strdup(de->d_name);
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp);
	for (i = 0; i < n; i++) {
		char path[4096];
		unsigned char *buf;
		long len;
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s", argv[1], names[i]);
		f = fopen(path, "rb");
		if (!f || fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
			printf("not ok %zu - %s unreadable\n", i + 1, names[i]);
			if (f)
				fclose(f);
			continue;
		}
		buf = malloc((size_t)len + 1);
		if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len) {
			printf("not ok %zu - %s unreadable\n", i + 1, names[i]);
		} else {
			LLVMFuzzerTestOneInput(buf, (size_t)len);
			printf("ok %zu - %s\n", i + 1, names[i]);
		}
		free(buf);
		fclose(f);
		free(names[i]);
	}
	if (n == 0)
		printf("not ok 1 - corpus %s is empty\n", argv[1]);
	return n == 0;
}
