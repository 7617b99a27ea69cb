/*
 * uuid.h - random (version 4) UUIDs for sales, carts and transfer files:
 * unique across showrooms without coordination, so a province hub can
 * merge their sales safely.
 */
#ifndef OCOP_UUID_H
#define OCOP_UUID_H

#include "lib/err.h"

#define UUID_STR_LEN 37   /* 36 characters + NUL */

/*
 * Write a new lower-case UUID v4 ("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx")
 * into out.  Randomness from libsodium (the kernel's getrandom).  Returns 0,
 * or POS_ERR_IO when the random source cannot be initialised.
 */
int uuid_v4(char out[UUID_STR_LEN], struct pos_error *err);

/* 1 when s is a well-formed UUID (any version, either case), else 0. */
int uuid_valid(const char *s);

#endif
