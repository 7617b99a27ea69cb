/*
 * clock.h - time for ocop-pos: timestamps are stored in UTC as ISO-8601
 * ("2026-11-22T08:30:00Z") and shown in Asia/Ho_Chi_Minh (UTC+7, no
 * daylight saving), so the local business date is computed with a fixed
 * offset and needs no tz database.
 *
 * For reproducible tests, the environment variable OCOP_POS_NOW (an
 * ISO-8601 UTC timestamp) replaces the system clock, in test builds only:
 * clock.c compiled with -DOCOP_TEST_CLOCK, which the Makefile does for the
 * test programs and build/.../test/ocop-pos, never for the installed
 * ocop-pos (a clock anyone can move would defeat the PIN lockout and the
 * document dates; issue 12).  The demo moves the clock in-process with
 * clock_override().
 */
#ifndef OCOP_CLOCK_H
#define OCOP_CLOCK_H

#include <stdint.h>
#include <time.h>

#include "lib/err.h"

#define CLOCK_TS_LEN 21    /* "YYYY-MM-DDTHH:MM:SSZ" + NUL */
#define CLOCK_DATE_LEN 11  /* "YYYY-MM-DD" + NUL */
#define CLOCK_VN_OFFSET (7 * 3600)

/* Seconds since the epoch: the override when set, else (test builds)
 * OCOP_POS_NOW when set and valid, else the system clock. */
time_t clock_now(void);

/* Set (t) or clear (NULL) this process's clock override. */
void clock_override(const time_t *t);

/* 1 with *t (may be NULL) when an override is set, else 0. */
int clock_overridden(time_t *t);

/* 1 when this program was built with the test clock (OCOP_POS_NOW). */
int clock_test_build(void);

/* Write t as a UTC ISO-8601 timestamp into out. */
void clock_format_utc(time_t t, char out[CLOCK_TS_LEN]);

/* The local (Vietnam) business date of t as YYYY-MM-DD. */
void clock_local_date(time_t t, char out[CLOCK_DATE_LEN]);

/* Local (Vietnam) "YYYY-MM-DD HH:MM" of t, for people. */
void clock_format_local(time_t t, char out[17]);

/*
 * Parse a UTC ISO-8601 timestamp "YYYY-MM-DDTHH:MM:SSZ" into *t.
 * Returns 0 or POS_ERR_INVALID.
 */
int clock_parse_utc(const char *s, time_t *t, struct pos_error *err);

/*
 * Check that s is a real calendar date "YYYY-MM-DD" (1900..9999); on
 * success and when days is non-NULL store its day number (days since
 * 1970-01-01).  Returns 0 or POS_ERR_INVALID with a message naming s.
 */
int clock_date_parse(const char *s, int64_t *days, struct pos_error *err);

/* The date `months` calendar months after date (day clamped to the month's
 * end: 2024-02-29 + 12 -> 2025-02-28).  date must be valid. */
int clock_date_add_months(const char *date, int months, char out[CLOCK_DATE_LEN],
			  struct pos_error *err);

/* The date `days` days after date. */
int clock_date_add_days(const char *date, int64_t days, char out[CLOCK_DATE_LEN],
			struct pos_error *err);

/* Day number -> "YYYY-MM-DD". */
void clock_date_from_days(int64_t days, char out[CLOCK_DATE_LEN]);

#endif
