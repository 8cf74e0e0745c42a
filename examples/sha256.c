/*
 * sha256.c - SHA-256 of "abc" through the kernel's AF_ALG "hash" interface.
 *
 * The message is fed in two parts: send(..., MSG_MORE) for the first part
 * (an update), then a final send without MSG_MORE, after which read()
 * returns the digest.
 *
 * Expected output (FIPS 180-2, "abc"):
 *   ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
 *
 * Build: cc -O2 -Wall -o sha256 sha256.c
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/if_alg.h>

#ifndef AF_ALG
#define AF_ALG 38
#endif

#define SHA256_DIGEST_SIZE 32

static void print_hex(const unsigned char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		printf("%02x", buf[i]);
	putchar('\n');
}

int main(void)
{
	struct sockaddr_alg sa = {
		.salg_family = AF_ALG,
		.salg_type = "hash",
		.salg_name = "sha256",
	};
	unsigned char digest[SHA256_DIGEST_SIZE];
	int tfmfd, opfd;
	ssize_t n;

	tfmfd = socket(AF_ALG, SOCK_SEQPACKET, 0);
	if (tfmfd < 0) {
		perror("socket(AF_ALG)");
		return EXIT_FAILURE;
	}
	if (bind(tfmfd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("bind(hash, sha256)");
		close(tfmfd);
		return EXIT_FAILURE;
	}
	opfd = accept(tfmfd, NULL, 0);
	if (opfd < 0) {
		perror("accept");
		close(tfmfd);
		return EXIT_FAILURE;
	}

	/* First part: more data follows. */
	if (send(opfd, "a", 1, MSG_MORE) != 1) {
		perror("send(MSG_MORE)");
		goto fail;
	}
	/* Last part: no MSG_MORE, the kernel finishes the hash. */
	if (send(opfd, "bc", 2, 0) != 2) {
		perror("send");
		goto fail;
	}

	n = read(opfd, digest, sizeof(digest));
	if (n < 0) {
		perror("read");
		goto fail;
	}
	if (n != (ssize_t)sizeof(digest)) {
		fprintf(stderr, "read: short digest (%zd bytes)\n", n);
		goto fail;
	}

	print_hex(digest, sizeof(digest));
	close(opfd);
	close(tfmfd);
	return EXIT_SUCCESS;

fail:
	close(opfd);
	close(tfmfd);
	return EXIT_FAILURE;
}
