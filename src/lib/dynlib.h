/*
 * dynlib.h - optional libraries loaded with dlopen() when first used.
 *
 * Linking a library makes every start of the program map it, its own
 * dependencies and their relocations: with libpq (Kerberos, LDAP, TLS),
 * libxml2 (ICU), libxlsxwriter, FreeType, libpng, libqrencode, libusb and
 * ncurses linked, `ocop-pos --version` spent about 15 ms of CPU in the
 * dynamic loader before main() (docs/architecture.md, "Start-up").  Most
 * commands use none of them, so they are not linked: each has a file
 * (lib/dl_*.c; libusb: drivers/dl_usb.c, as drivers own USB; ncurses:
 * ui/dl_curses.c) that defines the functions ocop-pos calls,
 * under their own names and with the prototypes of the library's header,
 * as small forwarders that load the library at the first call.  The
 * callers are unchanged and keep including the library's header.
 *
 * When a library cannot be loaded, the forwarders print once on standard
 * error which library and which Debian package is missing and return the
 * library's own failure value (NULL, an error code), so the caller's
 * error path runs; an entry point that wants the reason as a pos_error
 * calls dynlib_open() first.
 */
#ifndef OCOP_LIB_DYNLIB_H
#define OCOP_LIB_DYNLIB_H

#include <string.h>

#include "lib/err.h"

struct dynlib {
	const char *const *names;  /* file names to try, NULL-terminated */
	const char *package;       /* the Debian package that has it */
	const char *use;           /* what needs it (an English msgid) */
	void *handle;              /* once loaded */
	int failed;                /* tried, failed, and said so */
	const char *file;          /* the name that loaded */
};

/* Load l if not loaded: 0, or POS_ERR_IO naming the library and package. */
int dynlib_open(struct dynlib *l, struct pos_error *err);

/*
 * The address of symbol name in l, loading l first; NULL, after one
 * message on standard error per library, when l or the symbol is missing.
 */
void *dynlib_sym(struct dynlib *l, const char *name);

/* 1 when l is loaded (it was used), else 0. */
int dynlib_loaded(const struct dynlib *l);

/* The optional libraries, one file each (lib/dl_*.c; libusb: drivers/dl_usb.c;
 * ncurses: ui/dl_curses.c). */
extern struct dynlib dynlib_pq, dynlib_xlsx, dynlib_xml2, dynlib_freetype, dynlib_png,
	dynlib_qrencode, dynlib_usb;

/*
 * Define function `name` forwarding to the library's: ret and params as in
 * its header, args the parameter names in parentheses, fail what it
 * returns when the library is missing.
 */
#define DYNLIB_FN(lib, ret, fail, name, params, args) \
	ret name params \
	{ \
		static ret (*fp_) params; \
		if (!fp_) { \
			void *p_ = dynlib_sym(&(lib), #name); \
			if (!p_) \
				return fail; \
			memcpy(&fp_, &p_, sizeof(fp_)); \
		} \
		return fp_ args; \
	}

/* The same for a function returning nothing (a no-op without the library). */
#define DYNLIB_VOID(lib, name, params, args) \
	void name params \
	{ \
		static void (*fp_) params; \
		if (!fp_) { \
			void *p_ = dynlib_sym(&(lib), #name); \
			if (!p_) \
				return; \
			memcpy(&fp_, &p_, sizeof(fp_)); \
		} \
		fp_ args; \
	}

#endif
