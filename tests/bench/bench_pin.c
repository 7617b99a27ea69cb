/*
 * bench_pin.c - the cost of a PIN check (issue 16, item 4): user_auth()
 * of a user with a 6-digit PIN, BENCH_ROUNDS (15) times, against a bare
 * argon2id verification of the same hash with libsodium's "interactive"
 * limits for scale.  A fresh database in /tmp.  Prints figures, never
 * asserts them.  The mean CPU time of a check in milliseconds is also
 * printed alone on a line "pin_ms N" for tests/bench/bench_cli.sh to
 * subtract.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/db.h"
#include "core/user.h"
#include "bench.h"

struct ctx {
	struct db *db;
	char hash[crypto_pwhash_STRBYTES];
};

static int run_auth(void *vc, size_t i)
{
	struct ctx *c = vc;
	struct user u;
	struct pos_error err;
	(void)i;

	if (user_auth(c->db, "thu", "246810", &u, &err)) {
		fprintf(stderr, "bench_pin: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static int run_interactive(void *vc, size_t i)
{
	struct ctx *c = vc;
	(void)i;

	return crypto_pwhash_str_verify(c->hash, "246810", 6) == 0 ? 0 : -1;
}

static double cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int main(void)
{
	char path[] = "/tmp/ocop-bench-pin-XXXXXX";
	long rounds = bench_env_long("BENCH_ROUNDS", 15);
	struct bench_result auth, inter;
	struct pos_error err;
	struct user admin, u;
	struct ctx c;
	double cpu0, cpu;
	int fd;

	if (rounds < 0 || sodium_init() < 0)
		return 1;
	fd = mkstemp(path);
	if (fd < 0)
		return 1;
	close(fd);
	unlink(path);
	memset(&c, 0, sizeof(c));
	if (db_open(path, DB_CREATE, &c.db, &err) ||
	    user_add(c.db, NULL, "admin", "", ROLE_ADMIN, "135790", &admin, &err) ||
	    user_add(c.db, &admin, "thu", "", ROLE_CASHIER, "246810", &u, &err)) {
		fprintf(stderr, "bench_pin: %s\n", err.msg);
		return 1;
	}
	if (crypto_pwhash_str(c.hash, "246810", 6, crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return 1;
	printf("\nbench_pin: the PIN check, median of %ld\n", rounds);
	bench_print_header();
	if (bench_run("argon2id, libsodium interactive (64 MiB)", (size_t)rounds, run_interactive,
		      &c, &inter))
		return 1;
	cpu0 = cpu_ms();
	if (bench_run("user_auth (argon2id t=3, 12 MiB)", (size_t)rounds, run_auth, &c, &auth))
		return 1;
	cpu = (cpu_ms() - cpu0) / (double)rounds;
	bench_print(&inter, NULL);
	bench_print(&auth, &inter);
	printf("user_auth CPU time: %.2f ms a check (mean; wall time includes the machine's load)\n",
	       cpu);
	printf("pin_ms %.2f\n", cpu);
	db_close(c.db);
	unlink(path);
	return 0;
}
