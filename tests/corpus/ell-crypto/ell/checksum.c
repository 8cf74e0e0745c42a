/*
 * Digests and MACs through the kernel "hash" interface (afalg-scan corpus,
 * after an embedded Linux library used by a wireless daemon).
 */

#define _GNU_SOURCE
#include <unistd.h>
#include <errno.h>
#include <stdint.h>
#include <stdbool.h>
#include <sys/socket.h>

#include "useful.h"
#include "private.h"

struct checksum_info {
	const char *name;
	uint8_t digest_len;
	bool supported;
};

static struct checksum_info plain_algs[] = {
	{ "md5", 16 }, { "sha1", 20 }, { "sha256", 32 }, { "sha512", 64 },
};

static struct checksum_info hmac_algs[] = {
	{ "hmac(sha1)", 20 }, { "hmac(sha256)", 32 },
};

struct l_checksum {
	int sk;					/* operation socket */
	const struct checksum_info *info;
};

static int hash_tfm_open(const char *alg)
{
	struct sockaddr_alg salg;
	int sk;

	sk = socket(PF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0); // expect: afalg-socket
	if (sk < 0)
		return -1;

	memset(&salg, 0, sizeof(salg));
	salg.salg_family = AF_ALG; // expect: afalg-sockaddr
	strcpy((char *) salg.salg_type, "hash");
	strcpy((char *) salg.salg_name, alg);

	if (bind(sk, (struct sockaddr *) &salg, sizeof(salg)) < 0) { // expect: afalg-bind
		close(sk);
		return -1;
	}
	return sk;
}

static struct l_checksum *checksum_open(struct checksum_info *info,
					int sockopt, const void *key,
					size_t key_len)
{
	struct l_checksum *checksum;
	int tfm;

	tfm = hash_tfm_open(info->name);
	if (tfm < 0)
		return NULL;

	if (key && setsockopt(tfm, SOL_ALG, sockopt, key, key_len) < 0) { // expect: afalg-setsockopt
		close(tfm);
		return NULL;
	}

	checksum = l_new(struct l_checksum, 1);
	/* the operation socket keeps the transform alive */
	checksum->sk = accept4(tfm, NULL, 0, SOCK_CLOEXEC); // expect: afalg-accept [flow]
	close(tfm);
	if (checksum->sk < 0) {
		l_free(checksum);
		return NULL;
	}
	checksum->info = info;
	return checksum;
}

LIB_EXPORT struct l_checksum *l_checksum_new(unsigned int type)
{
	if (type >= L_ARRAY_SIZE(plain_algs))
		return NULL;
	return checksum_open(&plain_algs[type], 0, NULL, 0);
}

LIB_EXPORT struct l_checksum *l_checksum_new_hmac(unsigned int type,
					const void *key, size_t key_len)
{
	if (type >= L_ARRAY_SIZE(hmac_algs))
		return NULL;
	return checksum_open(&hmac_algs[type], ALG_SET_KEY, key, key_len);
}

LIB_EXPORT struct l_checksum *l_checksum_clone(struct l_checksum *checksum)
{
	struct l_checksum *clone;

	if (unlikely(!checksum))
		return NULL;

	clone = l_new(struct l_checksum, 1);
	/* accept() on an operation socket exports the running hash state */
	clone->sk = accept4(checksum->sk, NULL, 0, SOCK_CLOEXEC); // expect: afalg-accept [flow]
	if (clone->sk < 0) {
		l_free(clone);
		return NULL;
	}
	clone->info = checksum->info;
	return clone;
}

LIB_EXPORT void l_checksum_reset(struct l_checksum *checksum)
{
	if (likely(checksum))
		send(checksum->sk, NULL, 0, 0); // expect: afalg-io [flow]
}

LIB_EXPORT bool l_checksum_update(struct l_checksum *checksum,
					const void *data, size_t len)
{
	if (unlikely(!checksum))
		return false;
	return send(checksum->sk, data, len, MSG_MORE) >= 0; // expect: afalg-io [flow]
}

LIB_EXPORT bool l_checksum_updatev(struct l_checksum *checksum,
				const struct iovec *iov, size_t iov_len)
{
	struct msghdr msg = { .msg_iov = (struct iovec *) iov,
				.msg_iovlen = iov_len };

	return checksum && sendmsg(checksum->sk, &msg, MSG_MORE) >= 0; // expect: afalg-io [flow]
}

LIB_EXPORT ssize_t l_checksum_get_digest(struct l_checksum *checksum,
						void *digest, size_t len)
{
	ssize_t n;

	if (unlikely(!checksum) || unlikely(!digest) || !len)
		return -EINVAL;

	n = recv(checksum->sk, digest, len, 0); // expect: afalg-io [flow]
	if (n < 0)
		return -errno;
	if ((size_t) n < len && n < checksum->info->digest_len)
		return -EIO;
	return n;
}

/* one transform socket may be re-bound to every name until it is accepted */
LIB_EXPORT void l_checksum_probe_supported(void)
{
	struct sockaddr_alg salg;
	size_t i;
	int sk;

	sk = socket(PF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0); // expect: afalg-socket
	if (sk < 0)
		return;

	memset(&salg, 0, sizeof(salg));
	salg.salg_family = AF_ALG; // expect: afalg-sockaddr
	strcpy((char *) salg.salg_type, "hash");

	for (i = 0; i < L_ARRAY_SIZE(plain_algs); i++) {
		strcpy((char *) salg.salg_name, plain_algs[i].name);
		plain_algs[i].supported = bind(sk, (struct sockaddr *) &salg, // expect: afalg-bind
						sizeof(salg)) == 0;
	}
	close(sk);
}
