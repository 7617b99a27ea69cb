/*
 * clock.c - UTC timestamps, Vietnamese business dates and calendar
 * arithmetic with civil-date algorithms (no tz database, no locale).
 */
#include "clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* Write "YYYY-MM-DD" (y in 0..9999, m 1..12, d 1..31). */
static void fmt_date(char out[CLOCK_DATE_LEN], int y, int m, int d)
{
	out[0] = (char)('0' + y / 1000 % 10);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10 % 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10 % 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

static int is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int64_t y, int m)
{
	static const int md[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : md[m - 1];
}

/* Parse exactly n digits at s. */
static int digits(const char *s, int n, int *v)
{
	int i, x = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		x = x * 10 + (s[i] - '0');
	}
	*v = x;
	return 0;
}

static int parse_ymd(const char *s, int *y, int *m, int *d)
{
	if (digits(s, 4, y) || s[4] != '-' || digits(s + 5, 2, m) || s[7] != '-' ||
	    digits(s + 8, 2, d))
		return -1;
	if (*y < 1900 || *m < 1 || *m > 12 || *d < 1 || *d > month_days(*y, *m))
		return -1;
	return 0;
}

/* The program's own override (the demo dating its history); one process,
 * no threads, so a plain static. */
static int override_on;
static time_t override_t;

void clock_override(const time_t *t)
{
	override_on = t != NULL;
	override_t = t ? *t : 0;
}

int clock_overridden(time_t *t)
{
	if (override_on && t)
		*t = override_t;
	return override_on;
}

time_t clock_now(void)
{
#ifdef OCOP_TEST_CLOCK
	const char *env = getenv("OCOP_POS_NOW");
	time_t t;
#endif

	if (override_on)
		return override_t;
#ifdef OCOP_TEST_CLOCK
	if (env && *env && clock_parse_utc(env, &t, NULL) == 0)
		return t;
#endif
	return time(NULL);
}

int clock_test_build(void)
{
#ifdef OCOP_TEST_CLOCK
	return 1;
#else
	return 0;
#endif
}

void clock_format_utc(time_t t, char out[CLOCK_TS_LEN])
{
	int64_t days = (int64_t)t / 86400, secs = (int64_t)t % 86400, y;
	int m, d;

	if (secs < 0) {
		secs += 86400;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	fmt_date(out, (int)(y % 10000), m, d);
	out[10] = 'T';
	out[11] = (char)('0' + secs / 36000);
	out[12] = (char)('0' + secs / 3600 % 10);
	out[13] = ':';
	out[14] = (char)('0' + secs / 600 % 6);
	out[15] = (char)('0' + secs / 60 % 10);
	out[16] = ':';
	out[17] = (char)('0' + secs % 60 / 10);
	out[18] = (char)('0' + secs % 10);
	out[19] = 'Z';
	out[20] = '\0';
}

void clock_local_date(time_t t, char out[CLOCK_DATE_LEN])
{
	int64_t local = (int64_t)t + CLOCK_VN_OFFSET;
	int64_t days = local / 86400;

	if (local % 86400 < 0)
		days--;
	clock_date_from_days(days, out);
}

void clock_format_local(time_t t, char out[17])
{
	char ts[CLOCK_TS_LEN];

	clock_format_utc(t + CLOCK_VN_OFFSET, ts);
	snprintf(out, 17, "%.10s %.5s", ts, ts + 11);
}

int clock_parse_utc(const char *s, time_t *t, struct pos_error *err)
{
	int y, m, d, hh, mm, ss;

	if (!s || strlen(s) != 20 || parse_ymd(s, &y, &m, &d) || s[10] != 'T' ||
	    digits(s + 11, 2, &hh) || s[13] != ':' || digits(s + 14, 2, &mm) ||
	    s[16] != ':' || digits(s + 17, 2, &ss) || s[19] != 'Z' || hh > 23 ||
	    mm > 59 || ss > 60)
		return pos_fail(err, POS_ERR_INVALID,
				tr("bad timestamp \"%s\": expected YYYY-MM-DDTHH:MM:SSZ"),
				s ? s : "");
	*t = (time_t)(days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss);
	return 0;
}

int clock_date_parse(const char *s, int64_t *days, struct pos_error *err)
{
	int y, m, d;

	if (!s || strlen(s) != 10 || parse_ymd(s, &y, &m, &d))
		return pos_fail(err, POS_ERR_INVALID,
				tr("bad date \"%s\": expected a real date as YYYY-MM-DD"),
				s ? s : "");
	if (days)
		*days = days_from_civil(y, m, d);
	return 0;
}

void clock_date_from_days(int64_t days, char out[CLOCK_DATE_LEN])
{
	int64_t y;
	int m, d;

	civil_from_days(days, &y, &m, &d);
	fmt_date(out, (int)(y % 10000), m, d);
}

int clock_date_add_months(const char *date, int months, char out[CLOCK_DATE_LEN],
			  struct pos_error *err)
{
	int y, m, d, r = clock_date_parse(date, NULL, err);
	int64_t total, ny;
	int nm;

	if (r)
		return r;
	parse_ymd(date, &y, &m, &d);
	total = (int64_t)y * 12 + (m - 1) + months;
	ny = total / 12;
	nm = (int)(total % 12) + 1;
	if (ny < 1900 || ny > 9999)
		return pos_fail(err, POS_ERR_INVALID, tr("date out of range"));
	if (d > month_days(ny, nm))
		d = month_days(ny, nm);
	fmt_date(out, (int)ny, nm, d);
	return 0;
}

int clock_date_add_days(const char *date, int64_t days, char out[CLOCK_DATE_LEN],
			struct pos_error *err)
{
	int64_t n = 0;
	int r = clock_date_parse(date, &n, err);

	if (r)
		return r;
	n += days;
	if (n < days_from_civil(1900, 1, 1) || n > days_from_civil(9999, 12, 31))
		return pos_fail(err, POS_ERR_INVALID, tr("date out of range"));
	clock_date_from_days(n, out);
	return 0;
}
