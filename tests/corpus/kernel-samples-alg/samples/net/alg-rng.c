// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * alg-rng <bytes>: random bytes from the kernel DRBG ("stdrng"), seeded
 * from /dev/urandom through ALG_SET_KEY.
 */
#include "alg-common.h"

int main(int argc, char *argv[])
{
	struct sockaddr_alg sa;
	unsigned char seed[48], out[128];
	size_t want = argc > 1 ? strtoul(argv[1], NULL, 0) : 32, i;
	int alg, op, ufd;
	ssize_t n;

	memset(&sa, 0, sizeof(sa));
	sa.salg_family = AF_ALG; // expect: afalg-sockaddr {{rng stdrng}}
	strcpy((char *)sa.salg_type, "rng");
	strcpy((char *)sa.salg_name, "stdrng");

	ufd = open("/dev/urandom", O_RDONLY);
	OSERROR(ufd, "/dev/urandom");
	OSERROR(read(ufd, seed, sizeof(seed)), "seed");
	close(ufd);

	OSERROR(alg = ALG_SOCKET(), "AF_ALG"); // expect: afalg-socket
	OSERROR(ALG_BIND(alg, &sa), "bind"); // expect: afalg-bind
	OSERROR(ALG_SETKEY(alg, seed), "seed"); // expect: afalg-setsockopt
	OSERROR(op = accept(alg, NULL, 0), "accept"); // expect: afalg-accept

	while (want > 0) {
		n = recv(op, out, min(want, sizeof(out)), MSG_WAITALL); // expect: afalg-io
		OSERROR(n, "recv");
		for (i = 0; i < (size_t)n; i++)
			printf("%02x", out[i]);
		want -= n;
	}
	printf("\n");
	close(op);
	close(alg);
	return 0;
}
