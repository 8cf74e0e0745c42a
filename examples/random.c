/*
 * random.c - random bytes from the kernel's default DRBG through AF_ALG "rng".
 *
 * A kernel DRBG must be instantiated before it produces output: the
 * "key" set with setsockopt(ALG_SET_KEY) resets it, and for the SP800-90A
 * DRBGs behind "stdrng" the key bytes are only a personalization string
 * (the entropy comes from the kernel).  Without it, read() fails with
 * EINVAL.
 *
 * Style of ell/gnulib: the transform socket is closed as soon as the
 * operation socket has been accepted (the op socket keeps the algorithm
 * alive), and both are close-on-exec.  An rng read returns at most 128
 * bytes per call, so the read is looped.
 *
 * The output is random; it is printed as "<count> bytes: <hex>", e.g.
 *   32 bytes: 3f9c...(64 hex digits)
 *
 * Build: cc -O2 -Wall -o random random.c
 */
#define _GNU_SOURCE /* accept4 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/if_alg.h>

#ifndef PF_ALG
#define PF_ALG 38
#endif
#ifndef AF_ALG
#define AF_ALG PF_ALG
#endif
#ifndef SOL_ALG
#define SOL_ALG 279
#endif

#define NBYTES 32

static int rng_open(const char *name, const void *pers, size_t perslen)
{
	struct sockaddr_alg sa = { .salg_family = AF_ALG };
	int tfm, op;

	strcpy((char *)sa.salg_type, "rng");
	snprintf((char *)sa.salg_name, sizeof(sa.salg_name), "%s", name);

	tfm = socket(PF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (tfm < 0) {
		perror("socket(PF_ALG)");
		return -1;
	}
	if (bind(tfm, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("bind(rng)");
		close(tfm);
		return -1;
	}
	/* Seed (instantiate) the DRBG; the bytes are its personalization. */
	if (setsockopt(tfm, SOL_ALG, ALG_SET_KEY, pers, (socklen_t)perslen) < 0) {
		perror("setsockopt(ALG_SET_KEY)");
		close(tfm);
		return -1;
	}
	op = accept4(tfm, NULL, NULL, SOCK_CLOEXEC);
	if (op < 0)
		perror("accept4");
	close(tfm);
	return op;
}

int main(void)
{
	static const char pers[] = "example random.c";
	unsigned char buf[NBYTES];
	size_t got = 0;
	int fd;

	fd = rng_open("stdrng", pers, sizeof(pers) - 1);
	if (fd < 0)
		return EXIT_FAILURE;

	while (got < sizeof(buf)) {
		ssize_t n = read(fd, buf + got, sizeof(buf) - got);

		if (n < 0) {
			perror("read(rng)");
			close(fd);
			return EXIT_FAILURE;
		}
		if (n == 0) {
			fprintf(stderr, "read(rng): unexpected end of data\n");
			close(fd);
			return EXIT_FAILURE;
		}
		got += (size_t)n;
	}
	close(fd);

	printf("%zu bytes: ", got);
	for (size_t i = 0; i < got; i++)
		printf("%02x", buf[i]);
	putchar('\n');
	return EXIT_SUCCESS;
}
