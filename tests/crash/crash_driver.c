/*
 * crash_driver.c - the process tests/crash/crash_sales.sh kills.
 *
 * Usage: crash_driver OCOP_POS DB LOG PENDING KILL_AFTER_MS
 *
 * A supervisor (a child subreaper) forks the driver into a process group
 * of its own, sleeps KILL_AFTER_MS milliseconds, SIGKILLs the whole group
 * (the driver and the ocop-pos it is running, wherever they are: starting
 * up, checking the PIN, inside the transaction, in the commit's fsync,
 * between commit and log) and reaps everything, so when it returns no
 * killed process is still letting go of the database.  Exit status 0
 * when the driver was killed, 1 when it stopped by itself first (a sale
 * was refused: the test fails), 2 on a usage or system error.
 *
 * The driver completes scripted sales in a loop, each one `OCOP_POS
 * --lang en --db DB sale --user thungan --scan CR-001*2 --scan CR-002
 * --pay cash --uuid U` with the PIN on standard input, exactly as a till
 * script would.  Before a sale its UUID is written to PENDING (fsync'd,
 * renamed into place); when ocop-pos reports the sale complete (exit 0
 * and a "Receipt <number>" line) the pair "UUID,number" is appended to
 * LOG and fsync'd, then PENDING is removed.  On start, a UUID left in
 * PENDING by a killed run is retried first: the sale it names may or may
 * not have been committed, and the retry must give the same number or a
 * new sale, never two sales.
 *
 * Plain POSIX (and Linux's PR_SET_CHILD_SUBREAPER), no ocop-pos code: it
 * sees the program from outside.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Write text to path durably: a temporary file, fsync, rename, fsync the directory. */
static int write_durable(const char *path, const char *text)
{
	char tmp[4200];
	int fd;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write_all(fd, text, strlen(text)) || fsync(fd) || close(fd))
		return -1;
	return rename(tmp, path);
}

static int new_uuid(char out[37])
{
	FILE *f = fopen("/proc/sys/kernel/random/uuid", "r");
	int ok = f && fgets(out, 37, f) && strlen(out) == 36;

	if (f)
		fclose(f);
	return ok ? 0 : -1;
}

/* Run one sale with uuid; the receipt number into no.  0 done, 1 refused, -1 error. */
static int sell(const char *prog, const char *db, const char *uuid, char *no, size_t n)
{
	int in[2], out[2], status;
	char buf[8192], *p;
	size_t len = 0;
	ssize_t got;
	pid_t pid;

	if (pipe(in) || pipe(out))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		execl(prog, prog, "--lang", "en", "--db", db, "sale", "--user", "thungan", "--scan",
		      "CR-001*2", "--scan", "CR-002", "--pay", "cash", "--uuid", uuid, (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	write_all(in[1], "1234\n", 5);
	close(in[1]);
	while ((got = read(out[0], buf + len, sizeof(buf) - 1 - len)) > 0)
		len += (size_t)got;
	close(out[0]);
	buf[len] = '\0';
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return 1;
	p = strstr(buf, "Receipt ");
	if (!p)
		return -1;
	p += 8;
	len = strcspn(p, "\n");
	if (len == 0 || len >= n)
		return -1;
	memcpy(no, p, len);
	no[len] = '\0';
	return 0;
}

/* The loop of sales; returns only when a sale fails. */
static int drive(char **argv)
{
	char uuid[64], no[64], line[200];
	int logfd, r;
	FILE *f;

	logfd = open(argv[3], O_WRONLY | O_CREAT | O_APPEND, 0600);
	if (logfd < 0) {
		perror(argv[3]);
		return 2;
	}
	/* a line cut by the last kill was never reported: end it so the next
	 * record starts on a line of its own (the checker skips the stub) */
	f = fopen(argv[3], "r");
	if (f) {
		int c = EOF, last = '\n';

		while ((c = fgetc(f)) != EOF)
			last = c;
		fclose(f);
		if (last != '\n' && (write_all(logfd, "\n", 1) || fsync(logfd)))
			return 2;
	}
	for (;;) {
		uuid[0] = '\0';
		f = fopen(argv[4], "r");
		if (f) {
			if (!fgets(uuid, sizeof(uuid), f))
				uuid[0] = '\0';
			fclose(f);
			uuid[strcspn(uuid, "\n")] = '\0';
		}
		if (strlen(uuid) != 36) {
			if (new_uuid(uuid) || write_durable(argv[4], uuid)) {
				perror("crash_driver: pending");
				return 2;
			}
		}
		r = sell(argv[1], argv[2], uuid, no, sizeof(no));
		if (r) {
			fprintf(stderr, "crash_driver: sale %s %s\n", uuid,
				r > 0 ? "refused" : "failed");
			return 1;
		}
		snprintf(line, sizeof(line), "%s,%s\n", uuid, no);
		if (write_all(logfd, line, strlen(line)) || fsync(logfd)) {
			perror("crash_driver: log");
			return 2;
		}
		if (unlink(argv[4]) && errno != ENOENT) {
			perror("crash_driver: unlink");
			return 2;
		}
	}
}

int main(int argc, char **argv)
{
	struct timespec ts;
	long ms;
	pid_t pid, w;
	int st, driver_status = -1;

	if (argc != 6 || (ms = strtol(argv[5], NULL, 10)) < 0) {
		fprintf(stderr, "usage: crash_driver OCOP_POS DB LOG PENDING KILL_AFTER_MS\n");
		return 2;
	}
	/* orphans of the group (the ocop-pos of a killed driver) come to us */
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) {
		perror("crash_driver: subreaper");
		return 2;
	}
	pid = fork();
	if (pid < 0) {
		perror("crash_driver: fork");
		return 2;
	}
	if (pid == 0) {
		setpgid(0, 0);
		_exit(drive(argv));
	}
	setpgid(pid, pid);
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	while ((w = waitpid(-1, &st, 0)) > 0 || (w < 0 && errno == EINTR))
		if (w == pid)
			driver_status = st;
	if (driver_status != -1 && WIFEXITED(driver_status)) {
		fprintf(stderr, "crash_driver: the driver stopped by itself (status %d)\n",
			WEXITSTATUS(driver_status));
		return 1;
	}
	return 0;
}
