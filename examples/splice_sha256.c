/*
 * splice_sha256.c - zero-copy SHA-256 through AF_ALG: vmsplice + splice.
 *
 * The user buffer is mapped into a pipe with vmsplice(), then splice()d
 * from the pipe into the operation socket.  A splice without
 * SPLICE_F_MORE ends the message, so the following read() returns the
 * digest.  (Kernels from 2026 on copy the data instead of mapping it; the
 * calls still work.)
 *
 * Vector: FIPS 180-2, two-block message
 * "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".
 * Expected output:
 *   248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1
 *
 * Build: cc -O2 -Wall -o splice_sha256 splice_sha256.c
 */
#define _GNU_SOURCE /* vmsplice, splice */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <linux/if_alg.h>

#ifndef AF_ALG
#define AF_ALG 38
#endif

#define DIGEST_SIZE 32

static const char message[] =
	"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

int main(void)
{
	struct sockaddr_alg sa = {
		.salg_family = AF_ALG,
		.salg_type = "hash",
		.salg_name = "sha256",
	};
	unsigned char digest[DIGEST_SIZE];
	struct iovec iov;
	size_t len = strlen(message);
	int pipefd[2] = { -1, -1 };
	int tfmfd = -1, opfd = -1, ret = EXIT_FAILURE;
	ssize_t n;

	tfmfd = socket(AF_ALG, SOCK_SEQPACKET, 0);
	if (tfmfd < 0) {
		perror("socket(AF_ALG)");
		goto out;
	}
	if (bind(tfmfd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("bind(hash, sha256)");
		goto out;
	}
	opfd = accept(tfmfd, NULL, 0);
	if (opfd < 0) {
		perror("accept");
		goto out;
	}
	if (pipe(pipefd) < 0) {
		perror("pipe");
		goto out;
	}

	/* Map the user pages into the pipe ... */
	iov.iov_base = (void *)message;
	iov.iov_len = len;
	n = vmsplice(pipefd[1], &iov, 1, SPLICE_F_GIFT);
	if (n < 0) {
		perror("vmsplice");
		goto out;
	}
	if ((size_t)n != len) {
		fprintf(stderr, "vmsplice: short (%zd of %zu bytes)\n", n, len);
		goto out;
	}

	/* ... and move them into the hash; no SPLICE_F_MORE: final data. */
	n = splice(pipefd[0], NULL, opfd, NULL, len, 0);
	if (n < 0) {
		perror("splice");
		goto out;
	}
	if ((size_t)n != len) {
		fprintf(stderr, "splice: short (%zd of %zu bytes)\n", n, len);
		goto out;
	}

	n = read(opfd, digest, sizeof(digest));
	if (n < 0) {
		perror("read");
		goto out;
	}
	if (n != DIGEST_SIZE) {
		fprintf(stderr, "read: short digest (%zd bytes)\n", n);
		goto out;
	}

	for (int i = 0; i < DIGEST_SIZE; i++)
		printf("%02x", digest[i]);
	printf("\n");
	ret = EXIT_SUCCESS;
out:
	if (pipefd[0] >= 0)
		close(pipefd[0]);
	if (pipefd[1] >= 0)
		close(pipefd[1]);
	if (opfd >= 0)
		close(opfd);
	if (tfmfd >= 0)
		close(tfmfd);
	return ret;
}
