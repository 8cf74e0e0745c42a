/*
 * hmac_sha256.c - HMAC-SHA256 through AF_ALG, key set on the transform socket.
 *
 * alg_open() creates and binds the transform socket; the key is installed
 * with setsockopt(SOL_ALG, ALG_SET_KEY) before the operation socket is
 * accepted.  The message is written in one call and the MAC read back.
 *
 * Vector: RFC 4231 test case 2 (key "Jefe", data "what do ya want for
 * nothing?").  Expected output:
 *   5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843
 *
 * Build: cc -O2 -Wall -o hmac_sha256 hmac_sha256.c
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/if_alg.h>

#ifndef AF_ALG
#define AF_ALG 38
#endif
#ifndef SOL_ALG
#define SOL_ALG 279
#endif

#define HMAC_SHA256_SIZE 32

/* Create a transform socket bound to the algorithm; -1 (errno set) on error. */
static int alg_open(const char *type, const char *name)
{
	struct sockaddr_alg sa;
	int fd, saved;

	memset(&sa, 0, sizeof(sa));
	sa.salg_family = AF_ALG;
	strncpy((char *)sa.salg_type, type, sizeof(sa.salg_type) - 1);
	strncpy((char *)sa.salg_name, name, sizeof(sa.salg_name) - 1);

	fd = socket(AF_ALG, SOCK_SEQPACKET, 0);
	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

static void print_hex(const unsigned char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		printf("%02x", buf[i]);
	putchar('\n');
}

int main(void)
{
	static const char key[] = "Jefe";
	static const char msg[] = "what do ya want for nothing?";
	unsigned char mac[HMAC_SHA256_SIZE];
	int tfm, op;
	ssize_t n;

	tfm = alg_open("hash", "hmac(sha256)");
	if (tfm < 0) {
		perror("alg_open(hash, hmac(sha256))");
		return EXIT_FAILURE;
	}

	if (setsockopt(tfm, SOL_ALG, ALG_SET_KEY, key, (socklen_t)strlen(key)) < 0) {
		perror("setsockopt(ALG_SET_KEY)");
		close(tfm);
		return EXIT_FAILURE;
	}

	op = accept(tfm, NULL, 0);
	if (op < 0) {
		perror("accept");
		close(tfm);
		return EXIT_FAILURE;
	}

	n = write(op, msg, strlen(msg));
	if (n != (ssize_t)strlen(msg)) {
		if (n < 0)
			perror("write");
		else
			fprintf(stderr, "write: short write (%zd bytes)\n", n);
		goto out_err;
	}

	n = read(op, mac, sizeof(mac));
	if (n != (ssize_t)sizeof(mac)) {
		if (n < 0)
			perror("read");
		else
			fprintf(stderr, "read: got %zd of %zu bytes\n", n, sizeof(mac));
		goto out_err;
	}

	print_hex(mac, sizeof(mac));
	close(op);
	close(tfm);
	return EXIT_SUCCESS;

out_err:
	close(op);
	close(tfm);
	return EXIT_FAILURE;
}
