/*
 * config.h - the till's configuration file (config/ocop-pos.json, see
 * docs/formats.md).  Looked for in this order: the --config FILE given,
 * /etc/ocop-pos/ocop-pos.json,
 * then the built-in default.  Unknown keys are ignored so a newer file
 * works with an older program; a malformed file is refused with its name
 * and the reason.
 */
#ifndef OCOP_CONFIG_H
#define OCOP_CONFIG_H

#include "barcode.h"
#include "lib/err.h"

#define CONFIG_VM_MAX 8
#define CONFIG_SYSTEM_PATH "/etc/ocop-pos/ocop-pos.json"

struct config {
	char source[256];                    /* the file it came from, or "built-in" */
	char lang[3];                        /* "vi" or "en" */
	char register_code[3];               /* till number in receipt numbers */
	int nlayouts;                        /* variable-measure layouts */
	struct barcode_vm_layout layouts[CONFIG_VM_MAX];
};

/*
 * Load the configuration: from path when non-NULL (it must exist), else
 * the system file when it exists, else the built-in default.
 */
int config_load(const char *path, struct config *out, struct pos_error *err);

/* Parse configuration JSON text; name is used in messages. */
int config_parse(const char *json, const char *name, struct config *out,
		 struct pos_error *err);

#endif
