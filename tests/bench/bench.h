/*
 * bench.h - helpers shared by the benchmarks in tests/bench/.
 *
 * A benchmark measures a hot path of core and, in the same run, a
 * baseline doing the least SQLite work that could give the same answer;
 * it prints both and their ratio, so the figures mean something on any
 * machine.  Benchmarks print figures and never assert timings: they exit
 * 0 unless something fails (a database error, out of memory).
 *
 * What is here:
 *   bench_now_ns        monotonic clock (CLOCK_MONOTONIC) in nanoseconds, or
 *                       with BENCH_CPU set the process's CPU time
 *   bench_run           time a callback n times, keep every sample
 *   bench_summarise     median, p99 (nearest rank), max and mean of samples
 *   bench_print*        one result line: name, median, p99, ratio
 *   bench_verdict       one budget line: "budget: ... : OK" or "OVER"
 *   bench_status_kb     VmRSS / VmHWM of this process from /proc/self/status
 *   bench_env_long      a positive integer knob from the environment
 *   bench_rand*         a small deterministic PRNG (xorshift64*)
 *
 * Everything is static inline, so each bench_*.c includes this header
 * alone and nothing is exported.  Output goes to stdout, progress to
 * stderr.
 */
#ifndef OCOP_BENCH_H
#define OCOP_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BENCH_NAME_MAX 64

struct bench_result {
	char name[BENCH_NAME_MAX];
	size_t n;               /* number of samples */
	double median_us;
	double p99_us;
	double max_us;
	double mean_us;
};

/* Nanoseconds on the monotonic clock (0 if it cannot be read). */
static inline uint64_t bench_now_ns(void)
{
	struct timespec ts;

	if (clock_gettime(getenv("BENCH_CPU") ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline int bench_cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Fill *out from n samples in nanoseconds (sorted in place; the caller
 * keeps ownership).  The median of an even count is the mean of the two
 * middle samples; p99 is the nearest-rank percentile.  n == 0 gives
 * zeros.
 */
static inline void bench_summarise(const char *name, uint64_t *ns, size_t n,
				   struct bench_result *out)
{
	struct bench_result r;
	double sum = 0;
	size_t i, k;

	memset(&r, 0, sizeof(r));
	snprintf(r.name, sizeof(r.name), "%s", name);
	r.n = n;
	if (n > 0) {
		qsort(ns, n, sizeof(*ns), bench_cmp_u64);
		if (n % 2)
			r.median_us = (double)ns[n / 2] / 1e3;
		else
			r.median_us = ((double)ns[n / 2 - 1] + (double)ns[n / 2]) / 2e3;
		k = (n * 99 + 99) / 100;    /* ceil(0.99 n), 1-based rank */
		r.p99_us = (double)ns[k - 1] / 1e3;
		r.max_us = (double)ns[n - 1] / 1e3;
		for (i = 0; i < n; i++)
			sum += (double)ns[i];
		r.mean_us = sum / (double)n / 1e3;
	}
	*out = r;
}

/*
 * Call fn(ctx, i) for i = 0 .. n-1, timing each call, and summarise the
 * samples into *out (written only on success).  Returns 0; the first
 * non-zero return of fn (the run stops there); or -1 when the samples
 * cannot be allocated.
 */
static inline int bench_run(const char *name, size_t n, int (*fn)(void *ctx, size_t i),
			    void *ctx, struct bench_result *out)
{
	uint64_t *ns, t0;
	size_t i;
	int r = 0;

	ns = malloc((n ? n : 1) * sizeof(*ns));
	if (!ns)
		return -1;
	for (i = 0; i < n; i++) {
		t0 = bench_now_ns();
		r = fn(ctx, i);
		ns[i] = bench_now_ns() - t0;
		if (r)
			break;
	}
	if (!r)
		bench_summarise(name, ns, n, out);
	free(ns);
	return r;
}

/* The column titles of bench_print(). */
static inline void bench_print_header(void)
{
	printf("%-40s %11s %11s %9s\n", "name", "median_us", "p99_us", "ratio");
}

/*
 * One result line: name, median and p99 in microseconds, and the ratio of
 * r's median to base's median ("-" when base is NULL, i.e. r is itself a
 * baseline).
 */
static inline void bench_print(const struct bench_result *r, const struct bench_result *base)
{
	char ratio[32] = "-";

	if (base && base->median_us > 0)
		snprintf(ratio, sizeof(ratio), "%.2fx", r->median_us / base->median_us);
	printf("%-40s %11.2f %11.2f %9s\n", r->name, r->median_us, r->p99_us, ratio);
}

/*
 * A budget verdict line, e.g. "budget: barcode lookup < 1 ms: OK (p99
 * 0.021 ms)".  what names the budget with its limit, measure says which
 * figure was judged; value and limit are in the same unit (unit, e.g.
 * "ms" or "MB").  Returns 1 when within budget, else 0.
 */
static inline int bench_verdict(const char *what, const char *measure, double value,
				double limit, const char *unit)
{
	int ok = value < limit;

	printf("budget: %s: %s (%s %.3f %s)\n", what, ok ? "OK" : "OVER", measure, value, unit);
	return ok;
}

/*
 * A "kB" field of /proc/self/status ("VmRSS", "VmHWM"), or -1 when it
 * cannot be read (not Linux).
 */
static inline long bench_status_kb(const char *field)
{
	char line[256];
	size_t flen = strlen(field);
	long kb = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, field, flen) == 0 && line[flen] == ':') {
			kb = strtol(line + flen + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return kb;
}

/*
 * The environment variable name as a positive integer, or def when it is
 * unset; -1 (after a message on stderr) when it is set but not a positive
 * integer.
 */
static inline long bench_env_long(const char *name, long def)
{
	const char *s = getenv(name);
	char *end;
	long v;

	if (!s || !*s)
		return def;
	v = strtol(s, &end, 10);
	if (*end || v <= 0) {
		fprintf(stderr, "bench: %s=\"%s\" is not a positive integer\n", name, s);
		return -1;
	}
	return v;
}

/* xorshift64*: deterministic, so every run looks up the same codes. */
struct bench_rand {
	uint64_t s;
};

static inline void bench_rand_seed(struct bench_rand *r, uint64_t seed)
{
	r->s = seed ? seed : 0x9e3779b97f4a7c15u;
}

static inline uint64_t bench_rand_next(struct bench_rand *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545f4914f6cdd1du;
}

/* A number in [0, n) (n > 0); the modulo bias is irrelevant here. */
static inline size_t bench_rand_below(struct bench_rand *r, size_t n)
{
	return (size_t)(bench_rand_next(r) % n);
}

#endif
