/*
 * transport_file.c - file:PATH appends the bytes to a file (tests,
 * inspecting output, a till without a printer).  A file never answers a
 * read: *got is 0, which callers treat as "this printer does not report
 * status".
 */
#include "transport.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

struct file_priv {
	int fd;
};

static int file_write(struct transport *t, const void *buf, size_t n, int timeout_ms,
		      struct pos_error *err)
{
	struct file_priv *p = t->priv;
	const char *c = buf;

	(void)timeout_ms;
	while (n > 0) {
		ssize_t w = write(p->fd, c, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno == ENOSPC)
			return pos_fail(err, POS_ERR_FULL, DRV_TR("cannot write %s: the disk is full"),
					t->spec.path);
		if (w <= 0)
			return pos_fail(err, POS_ERR_IO, DRV_TR("cannot write %s: %s"), t->spec.path,
					w < 0 ? strerror(errno) : DRV_TR("nothing written"));
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

static int no_read(struct transport *t, void *buf, size_t n, size_t *got, int timeout_ms,
		   struct pos_error *err)
{
	(void)t; (void)buf; (void)n; (void)timeout_ms; (void)err;
	*got = 0;
	return 0;
}

static void file_close(struct transport *t)
{
	struct file_priv *p = t->priv;

	if (p && p->fd >= 0)
		close(p->fd);
	transport_free_shell(t);
}

static const struct transport_ops file_ops = { "file", file_write, no_read, file_close };

int transport_file_open(const struct device_spec *spec, struct transport **out,
			struct pos_error *err)
{
	struct transport *t;
	struct file_priv *p;
	int fd;

	fd = open(spec->path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);  /* receipts hold buyers' names */
	if (fd < 0)
		return pos_fail(err, errno == EACCES ? POS_ERR_PERM : POS_ERR_IO,
				DRV_TR("cannot open %s for writing: %s"), spec->path, strerror(errno));
	t = transport_alloc(&file_ops, spec, sizeof(*p));
	if (!t) {
		close(fd);
		return pos_fail(err, POS_ERR_NO_MEM, DRV_TR("out of memory opening %s"), spec->path);
	}
	p = t->priv;
	p->fd = fd;
	*out = t;
	return 0;
}
