/*
 * Kernel-backed AES primitives for the LE security manager.
 */

#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include <stdlib.h>

#include "src/shared/util.h"
#include "crypto.h"
#include "crypto-private.h"

static int random_source_open(void)
{
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	return fd < 0 ? -1 : fd;
}

static int aes_ecb_tfm_open(void)
{
	struct sockaddr_alg salg;
	int fd;

	fd = socket(PF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0); // expect: afalg-socket
	if (fd < 0)
		return -1;

	memset(&salg, 0, sizeof(salg));
	salg.salg_family = AF_ALG; // expect: afalg-sockaddr {{skcipher ecb(aes)}}
	strcpy((char *) salg.salg_type, "skcipher");
	strcpy((char *) salg.salg_name, "ecb(aes)");

	if (bind(fd, (struct sockaddr *) &salg, sizeof(salg)) < 0) { // expect: afalg-bind
		close(fd);
		return -1;
	}
	return fd;
}

static int aes_cmac_tfm_open(void)
{
	struct sockaddr_alg salg;
	int fd;

	fd = socket(PF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0); // expect: afalg-socket
	if (fd < 0)
		return -1;

	memset(&salg, 0, sizeof(salg));
	salg.salg_family = AF_ALG; // expect: afalg-sockaddr {{hash cmac(aes)}}
	strcpy((char *) salg.salg_type, "hash");
	strcpy((char *) salg.salg_name, "cmac(aes)");

	if (bind(fd, (struct sockaddr *) &salg, sizeof(salg)) < 0) { // expect: afalg-bind
		close(fd);
		return -1;
	}
	return fd;
}

struct bt_crypto *bt_crypto_new(void)
{
	struct bt_crypto *crypto;

	crypto = calloc(1, sizeof(*crypto));
	if (!crypto)
		return NULL;

	crypto->ecb_aes = aes_ecb_tfm_open();
	crypto->urandom = random_source_open();
	crypto->cmac_aes = aes_cmac_tfm_open();
	if (crypto->ecb_aes < 0 || crypto->urandom < 0 ||
						crypto->cmac_aes < 0) {
		bt_crypto_unref(bt_crypto_ref(crypto));
		return NULL;
	}
	return bt_crypto_ref(crypto);
}

struct bt_crypto *bt_crypto_ref(struct bt_crypto *crypto)
{
	if (crypto)
		__sync_fetch_and_add(&crypto->ref_count, 1);
	return crypto;
}

void bt_crypto_unref(struct bt_crypto *crypto)
{
	if (!crypto || __sync_sub_and_fetch(&crypto->ref_count, 1))
		return;

	if (crypto->urandom >= 0)
		close(crypto->urandom);
	if (crypto->ecb_aes >= 0)
		close(crypto->ecb_aes);
	if (crypto->cmac_aes >= 0)
		close(crypto->cmac_aes);
	free(crypto);
}

bool bt_crypto_random_bytes(struct bt_crypto *crypto,
					uint8_t *buf, uint8_t num_bytes)
{
	/* an ordinary character device, not a crypto socket */
	return crypto && read(crypto->urandom, buf, num_bytes) == num_bytes;
}

int bt_crypto_alg_new(int fd, const void *keyval, socklen_t keylen)
{
	if (setsockopt(fd, SOL_ALG, ALG_SET_KEY, keyval, keylen) < 0) // expect: afalg-setsockopt
		return -1;

	/* no accept4(): SOCK_CLOEXEC is not needed for a short-lived socket */
	return accept(fd, NULL, 0); // expect: afalg-accept [flow]
}

static bool ecb_encrypt_block(int fd, const void *in, size_t inlen,
						void *out, size_t outlen)
{
	__u32 op = ALG_OP_ENCRYPT;
	char cbuf[CMSG_SPACE(sizeof(op))];
	struct cmsghdr *cmsg;
	struct msghdr msg;
	struct iovec iov;

	memset(cbuf, 0, sizeof(cbuf));
	memset(&msg, 0, sizeof(msg));
	msg.msg_control = cbuf;
	msg.msg_controllen = sizeof(cbuf);

	/* ECB has no IV: the operation is the only control message */
	cmsg = CMSG_FIRSTHDR(&msg);
	cmsg->cmsg_level = SOL_ALG; // expect: afalg-cmsg
	cmsg->cmsg_type = ALG_SET_OP; // expect: afalg-cmsg
	cmsg->cmsg_len = CMSG_LEN(sizeof(op));
	memcpy(CMSG_DATA(cmsg), &op, sizeof(op));

	iov.iov_base = (void *) in;
	iov.iov_len = inlen;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;

	if (sendmsg(fd, &msg, 0) < 0) // expect: afalg-io [flow]
		return false;

	return read(fd, out, outlen) >= 0; // expect: afalg-io [flow]
}

bool bt_crypto_e(struct bt_crypto *crypto, const uint8_t key[16],
			const uint8_t plaintext[16], uint8_t encrypted[16])
{
	uint8_t tmp[16], in[16], out[16];
	bool ok;
	int fd;

	if (!crypto)
		return false;

	/* the spec is MSB first, the kernel wants LSB first */
	bt_crypto_swap128(key, tmp);
	fd = bt_crypto_alg_new(crypto->ecb_aes, tmp, 16);
	if (fd < 0)
		return false;

	bt_crypto_swap128(plaintext, in);
	ok = ecb_encrypt_block(fd, in, 16, out, 16);
	if (ok)
		bt_crypto_swap128(out, encrypted);
	close(fd);
	return ok;
}

bool bt_crypto_ah(struct bt_crypto *crypto, const uint8_t k[16],
			const uint8_t r[3], uint8_t hash[3])
{
	uint8_t rp[16], encrypted[16];

	memset(rp, 0, sizeof(rp));
	memcpy(rp, r, 3);
	if (!bt_crypto_e(crypto, k, rp, encrypted))
		return false;
	memcpy(hash, encrypted, 3);
	return true;
}
