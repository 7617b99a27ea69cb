/*
 * hash.h - FNV-1a over a NUL-terminated string, for the small hash tables
 * of core (translations, prepared statements, catalogue files, the
 * PostgreSQL hub's SKUs).  Not for anything an attacker could aim at a
 * table's worst case where that matters.
 */
#ifndef OCOP_LIB_HASH_H
#define OCOP_LIB_HASH_H

#include <stdint.h>

static inline uint32_t hash_str(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

#endif
