/*
 * dynlib.c - loading optional libraries at their first use (see dynlib.h).
 */
#include "lib/dynlib.h"

#include <dlfcn.h>
#include <stdio.h>

#include "lib/msg.h"

int dynlib_open(struct dynlib *l, struct pos_error *err)
{
	const char *const *n;
	char why[256] = "";

	if (l->handle)
		return 0;
	for (n = l->names; *n; n++) {
		/* RTLD_LAZY: only the functions called are bound; LOCAL: its
		 * symbols stay out of the program's namespace. */
		l->handle = dlopen(*n, RTLD_LAZY | RTLD_LOCAL);
		if (l->handle) {
			l->file = *n;
			return 0;
		}
		if (n == l->names)
			snprintf(why, sizeof(why), "%s", dlerror());
	}
	return pos_fail(err, POS_ERR_IO,
			MSG_TR("%s needs %s, which cannot be loaded (install the Debian package "
			       "%s): %s"), MSG_TR(l->use), l->names[0], l->package, why);
}

void *dynlib_sym(struct dynlib *l, const char *name)
{
	struct pos_error err;
	void *p;

	if (!l->handle) {
		if (l->failed)
			return NULL;
		if (dynlib_open(l, &err)) {
			l->failed = 1;
			fprintf(stderr, "ocop-pos: %s\n", pos_error_text(&err));
			return NULL;
		}
	}
	p = dlsym(l->handle, name);
	if (!p && !l->failed) {
		l->failed = 1;
		fprintf(stderr, MSG_TR("ocop-pos: %s has no function %s (a version too old?)\n"),
			l->file, name);
	}
	return p;
}

int dynlib_loaded(const struct dynlib *l)
{
	return l->handle != NULL;
}
