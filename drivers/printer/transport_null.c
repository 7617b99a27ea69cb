/*
 * transport_null.c - the null transport: accepts every write, never has
 * anything to read (*got = 0).  Used where printing is switched off and
 * by tests that only care about the bytes produced.
 */
#include "transport.h"

static int null_write(struct transport *t, const void *buf, size_t n, int timeout_ms,
		      struct pos_error *err)
{
	(void)t; (void)buf; (void)n; (void)timeout_ms; (void)err;
	return 0;
}

static int null_read(struct transport *t, void *buf, size_t n, size_t *got, int timeout_ms,
		     struct pos_error *err)
{
	(void)t; (void)buf; (void)n; (void)timeout_ms; (void)err;
	*got = 0;
	return 0;
}

static void null_close(struct transport *t)
{
	transport_free_shell(t);
}

static const struct transport_ops null_ops = { "null", null_write, null_read, null_close };

int transport_null_open(const struct device_spec *spec, struct transport **out,
			struct pos_error *err)
{
	struct transport *t = transport_alloc(&null_ops, spec, 0);

	if (!t)
		return pos_fail(err, POS_ERR_NO_MEM, DRV_TR("out of memory"));
	*out = t;
	return 0;
}
