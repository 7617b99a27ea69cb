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

#define CONFIG_MAX_BYTES (1 << 20)

static int get_str(const cJSON *obj, const char *key, char *out, size_t n, const char *name,
		   struct pos_error *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!v)
		return 0;
	if (!cJSON_IsString(v) || strlen(v->valuestring) >= n)
		return pos_fail(err, POS_ERR_INVALID, "%s: \"%s\" must be a string of at most "
				"%zu characters", name, key, n - 1);
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
		return pos_fail(err, POS_ERR_INVALID, "%s: not valid JSON (an object is expected)", name);
	}
	fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
	ver = cJSON_GetObjectItemCaseSensitive(root, "version");
	if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, "ocop-pos/config") != 0) {
		r = pos_fail(err, POS_ERR_INVALID, "%s: \"format\" must be \"ocop-pos/config\"", name);
		goto out;
	}
	if (!cJSON_IsNumber(ver) || ver->valueint != 1) {
		r = pos_fail(err, POS_ERR_INVALID, "%s: unsupported \"version\" (this program reads 1)",
			     name);
		goto out;
	}
	if ((r = get_str(root, "lang", c.lang, sizeof(c.lang), name, err)) ||
	    (r = get_str(root, "register", c.register_code, sizeof(c.register_code), name, err)))
		goto out;
	if (strcmp(c.lang, "vi") && strcmp(c.lang, "en")) {
		r = pos_fail(err, POS_ERR_INVALID, "%s: \"lang\" must be \"vi\" or \"en\"", name);
		goto out;
	}
	if (strlen(c.register_code) != 2 || c.register_code[0] < '0' || c.register_code[0] > '9' ||
	    c.register_code[1] < '0' || c.register_code[1] > '9') {
		r = pos_fail(err, POS_ERR_INVALID, "%s: \"register\" must be two digits like \"01\"",
			     name);
		goto out;
	}
	bc = cJSON_GetObjectItemCaseSensitive(root, "barcode");
	vm = bc ? cJSON_GetObjectItemCaseSensitive(bc, "variable_measure") : NULL;
	if (vm && !cJSON_IsArray(vm)) {
		r = pos_fail(err, POS_ERR_INVALID, "%s: barcode.variable_measure must be a list", name);
		goto out;
	}
	cJSON_ArrayForEach(it, vm) {
		const cJSON *pat = cJSON_GetObjectItemCaseSensitive(it, "pattern");
		const cJSON *val = cJSON_GetObjectItemCaseSensitive(it, "value");
		struct pos_error e;
		int is_price;

		if (i >= CONFIG_VM_MAX) {
			r = pos_fail(err, POS_ERR_INVALID, "%s: at most %d variable-measure layouts",
				     name, CONFIG_VM_MAX);
			goto out;
		}
		if (!cJSON_IsString(pat) || !cJSON_IsString(val) ||
		    (strcmp(val->valuestring, "weight_g") && strcmp(val->valuestring, "price_vnd"))) {
			r = pos_fail(err, POS_ERR_INVALID, "%s: barcode.variable_measure[%d] needs a "
				     "\"pattern\" and a \"value\" of weight_g or price_vnd", name, i);
			goto out;
		}
		is_price = strcmp(val->valuestring, "price_vnd") == 0;
		if (barcode_vm_layout_parse(pat->valuestring, is_price, &c.layouts[i], &e)) {
			r = pos_fail(err, POS_ERR_INVALID, "%s: barcode.variable_measure[%d]: %s",
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

static int read_file(const char *path, char **out, struct pos_error *err)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return pos_fail(err, errno == ENOENT ? POS_ERR_NOT_FOUND : POS_ERR_IO,
				"cannot read the configuration %s: %s", path, strerror(errno));
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || n > CONFIG_MAX_BYTES ||
	    fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return pos_fail(err, POS_ERR_INVALID, "the configuration %s is unreadable or too big",
				path);
	}
	buf = malloc((size_t)n + 1);
	if (!buf) {
		fclose(f);
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory reading %s", path);
	}
	if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		fclose(f);
		return pos_fail(err, POS_ERR_IO, "cannot read the configuration %s", path);
	}
	buf[n] = '\0';
	fclose(f);
	*out = buf;
	return 0;
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
		r = read_file(path, &text, err);
		if (r)
			return r;
		r = config_parse(text, path, out, err);
		free(text);
		return r;
	}
	f = embedded_find("config/ocop-pos.json");
	if (!f)
		return pos_fail(err, POS_ERR_NOT_FOUND, "no built-in configuration");
	return config_parse((const char *)f->data, "built-in configuration", out, err);
}
