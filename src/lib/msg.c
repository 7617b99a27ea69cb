/*
 * msg.c - the translation hook of the base layer and the drivers (see
 * msg.h).
 */
#include "lib/msg.h"

#include <stddef.h>

static const char *(*tr_fn)(const char *msgid);

void msg_set_tr(const char *(*fn)(const char *msgid))
{
	tr_fn = fn;
}

const char *msg_tr(const char *msgid)
{
	const char *t;

	if (!tr_fn || !msgid)
		return msgid;
	t = tr_fn(msgid);
	return t ? t : msgid;
}
