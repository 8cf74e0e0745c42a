// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * alg-hash <string>: SHA-256 of the argument, the data pinned into a pipe
 * with vmsplice() and moved into the hash socket with splice().
 */
#include "alg-common.h"

DEFINE_ALG_ADDR(hash_addr, "hash", "sha256"); // expect: afalg-sockaddr {{hash sha256}}

static int open_hash_op(void)
{
	int alg = ALG_SOCKET(); // expect: afalg-socket
	int op;

	OSERROR(alg, "AF_ALG");
	OSERROR(
		ALG_BIND(alg, &hash_addr), // expect: afalg-bind
		"bind");
	op = RETRY_EINTR(accept(alg, NULL, 0)); // expect: afalg-accept
	OSERROR(op, "accept");
	close(alg);
	return op;
}

int main(int argc, char *argv[])
{
	unsigned char digest[32];
	struct iovec iov;
	int p[2], op;
	ssize_t n;
	size_t i;

	if (argc != 2)
		return 2;
	op = open_hash_op();
	OSERROR(pipe(p), "pipe");

	iov.iov_base = argv[1];
	iov.iov_len = strlen(argv[1]);
	n = vmsplice(p[1], &iov, 1, SPLICE_F_GIFT); // expect: afalg-zerocopy [flow]
	OSERROR(n, "vmsplice");
	/* no SPLICE_F_MORE: this splice completes the message */
	n = splice(p[0], NULL, op, NULL, n, 0); // expect: afalg-zerocopy [flow]
	OSERROR(n, "splice");

	n = RETRY_EINTR(read(op, digest, sizeof(digest))); // expect: afalg-io [flow]
	OSERROR(n, "read");
	for (i = 0; i < (size_t)n; i++)
		printf("%02x", digest[i]);
	printf("\n");
	return 0;
}
