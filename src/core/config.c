/*
 * config.c - reading config/ocop-pos.json (see config.h).
 */
#include "config.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "embedded.h"
#include "fileio.h"
#include "i18n.h"

#define CONFIG_MAX_BYTES (1 << 20)

static int get_str(const cJSON *obj, const char *key, char *out, size_t n, const char *name,
		   struct pos_error *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!v)
		return 0;
	if (!cJSON_IsString(v) || strlen(v->valuestring) >= n)
		return pos_fail(err, POS_ERR_INVALID, tr("%s: \"%s\" must be a string of at most "
				"%zu characters"), name, key, n - 1);
	snprintf(out, n, "%s", v->valuestring);
	return 0;
}

int config_parse(const char *json, const char *name, struct config *out,
		 struct pos_error *err)
{
	struct config c;
	cJSON *root, *bc, *vm, *it;
	const cJSON *fmt, *ver;
	int r = 0, i = 0;

	memset(&c, 0, sizeof(c));
	snprintf(c.source, sizeof(c.source), "%s", name);
	snprintf(c.lang, sizeof(c.lang), "vi");
	snprintf(c.register_code, sizeof(c.register_code), "01");
	root = cJSON_Parse(json);
	if (!root || !cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return pos_fail(err, POS_ERR_INVALID, tr("%s: not valid JSON (an object is expected)"), name);
	}
	fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
	ver = cJSON_GetObjectItemCaseSensitive(root, "version");
	if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, "ocop-pos/config") != 0) {
		r = pos_fail(err, POS_ERR_INVALID, tr("%s: \"format\" must be \"ocop-pos/config\""), name);
		goto out;
	}
	if (!cJSON_IsNumber(ver) || ver->valueint != 1) {
		r = pos_fail(err, POS_ERR_INVALID, tr("%s: unsupported \"version\" (this program reads 1)"),
			     name);
		goto out;
	}
	if ((r = get_str(root, "lang", c.lang, sizeof(c.lang), name, err)) ||
	    (r = get_str(root, "register", c.register_code, sizeof(c.register_code), name, err)))
		goto out;
	if (strcmp(c.lang, "vi") && strcmp(c.lang, "en")) {
		r = pos_fail(err, POS_ERR_INVALID, tr("%s: \"lang\" must be \"vi\" or \"en\""), name);
		goto out;
	}
	if (strlen(c.register_code) != 2 || c.register_code[0] < '0' || c.register_code[0] > '9' ||
	    c.register_code[1] < '0' || c.register_code[1] > '9') {
		r = pos_fail(err, POS_ERR_INVALID, tr("%s: \"register\" must be two digits like \"01\""),
			     name);
		goto out;
	}
	bc = cJSON_GetObjectItemCaseSensitive(root, "barcode");
	vm = bc ? cJSON_GetObjectItemCaseSensitive(bc, "variable_measure") : NULL;
	if (vm && !cJSON_IsArray(vm)) {
		r = pos_fail(err, POS_ERR_INVALID, tr("%s: barcode.variable_measure must be a list"), name);
		goto out;
	}
	cJSON_ArrayForEach(it, vm) {
		const cJSON *pat = cJSON_GetObjectItemCaseSensitive(it, "pattern");
		const cJSON *val = cJSON_GetObjectItemCaseSensitive(it, "value");
		struct pos_error e;
		int is_price;

		if (i >= CONFIG_VM_MAX) {
			r = pos_fail(err, POS_ERR_INVALID, tr("%s: at most %d variable-measure layouts"),
				     name, CONFIG_VM_MAX);
			goto out;
		}
		if (!cJSON_IsString(pat) || !cJSON_IsString(val) ||
		    (strcmp(val->valuestring, "weight_g") && strcmp(val->valuestring, "price_vnd"))) {
			r = pos_fail(err, POS_ERR_INVALID, tr("%s: barcode.variable_measure[%d] needs a "
				     "\"pattern\" and a \"value\" of weight_g or price_vnd"), name, i);
			goto out;
		}
		is_price = strcmp(val->valuestring, "price_vnd") == 0;
		if (barcode_vm_layout_parse(pat->valuestring, is_price, &c.layouts[i], &e)) {
			r = pos_fail(err, POS_ERR_INVALID, tr("%s: barcode.variable_measure[%d]: %s"),
				     name, i, pos_error_text(&e));
			goto out;
		}
		i++;
	}
	c.nlayouts = i;
	*out = c;
out:
	cJSON_Delete(root);
	return r;
}

int config_load(const char *path, struct config *out, struct pos_error *err)
{
	const struct embedded_file *f;
	struct stat sb;
	char *text = NULL;
	int r;

	if (!path && stat(CONFIG_SYSTEM_PATH, &sb) == 0)
		path = CONFIG_SYSTEM_PATH;
	if (path) {
		r = fileio_read(path, CONFIG_MAX_BYTES, &text, NULL, err);
		if (r)
			return r;
		r = config_parse(text, path, out, err);
		free(text);
		return r;
	}
	f = embedded_find("config/ocop-pos.json");
	if (!f)
		return pos_fail(err, POS_ERR_NOT_FOUND, tr("no built-in configuration"));
	return config_parse((const char *)f->data, "built-in configuration", out, err);
}
