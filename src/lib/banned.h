/*
 * banned.h - functions ocop-pos never calls (git's banned.h is the
 * model): each overflows or truncates silently, or keeps hidden state.
 * Use snprintf (checked), memcpy with a checked length, strtok_r or a
 * hand-written scanner, and getline/fgets instead.  The Makefile
 * force-includes this file into every translation unit, after the system
 * headers that declare these names, so a call is a compile error that
 * names the function.
 */
#ifndef OCOP_LIB_BANNED_H
#define OCOP_LIB_BANNED_H

/* Declare the real functions first: their headers are guarded, so the
 * macros below cannot break a later #include of them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) BANNED(strncat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef gets
#define gets(x) BANNED(gets)

#endif
