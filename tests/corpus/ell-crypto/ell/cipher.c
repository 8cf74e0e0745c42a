/* Block ciphers and AEAD via "skcipher"/"aead"; ARC4 stays in userspace. */

#define _GNU_SOURCE
#include <unistd.h>
#include <errno.h>
#include <stdint.h>
#include <stdbool.h>
#include <alloca.h>
#include <sys/socket.h>

#include "useful.h"
#include "private.h"

enum { CIPHER_AES_ECB, CIPHER_AES_CBC, CIPHER_AES_CTR, CIPHER_ARC4 };

void *arc4_new(const void *key, size_t key_length);

struct l_cipher {
	int type;
	const void *local;		/* userspace implementation, if any */
	union {
		int sk;			/* kernel operation socket */
		void *local_data;
	};
};

struct l_aead_cipher {
	int type;
	int sk;
};

static int cipher_op_open(const char *alg_type, const char *alg_name,
			const void *key, size_t key_length, size_t tag_length)
{
	struct sockaddr_alg salg;
	int sk, op;

	sk = socket(PF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0); // expect: afalg-socket
	if (sk < 0)
		return -errno;

	memset(&salg, 0, sizeof(salg));
	salg.salg_family = AF_ALG; // expect: afalg-sockaddr
	strcpy((char *) salg.salg_type, alg_type);
	strcpy((char *) salg.salg_name, alg_name);

	op = -1;
	if (bind(sk, (struct sockaddr *) &salg, sizeof(salg)) < 0 || setsockopt(sk, SOL_ALG, ALG_SET_KEY, key, key_length) < 0) // expect: afalg-bind, afalg-setsockopt
		goto done;
	/* the tag length travels in optlen, optval is unused */
	if (tag_length && setsockopt(sk, SOL_ALG, ALG_SET_AEAD_AUTHSIZE, // expect: afalg-setsockopt
					NULL, tag_length) < 0)
		goto done;
	op = accept4(sk, NULL, 0, SOCK_CLOEXEC); // expect: afalg-accept
done:
	close(sk);
	return op;
}

static const char *const skcipher_names[] = {
	[CIPHER_AES_ECB] = "ecb(aes)",
	[CIPHER_AES_CBC] = "cbc(aes)",
	[CIPHER_AES_CTR] = "ctr(aes)",
};

LIB_EXPORT struct l_cipher *l_cipher_new(int type, const void *key,
							size_t key_length)
{
	struct l_cipher *cipher = l_new(struct l_cipher, 1);

	cipher->type = type;
	if (type == CIPHER_ARC4) {
		cipher->local = "arc4";
		cipher->local_data = arc4_new(key, key_length);
		return cipher;
	}
	cipher->sk = cipher_op_open("skcipher", skcipher_names[type],
						key, key_length, 0);
	if (cipher->sk < 0) {
		l_free(cipher);
		return NULL;
	}
	return cipher;
}

LIB_EXPORT struct l_aead_cipher *l_aead_cipher_new(int gcm, const void *key,
				size_t key_length, size_t tag_length)
{
	struct l_aead_cipher *cipher = l_new(struct l_aead_cipher, 1);

	cipher->type = gcm;
	cipher->sk = cipher_op_open("aead", gcm ? "gcm(aes)" : "ccm(aes)",
					key, key_length, tag_length);
	if (cipher->sk >= 0)
		return cipher;
	l_free(cipher);
	return NULL;
}

static ssize_t cipher_run(int sk, __u32 operation, const void *in,
			size_t in_len, const void *ad, size_t ad_len,
			const void *iv, size_t iv_len, void *out, size_t out_len)
{
	size_t space = CMSG_SPACE(sizeof(operation)) +
		(ad_len ? CMSG_SPACE(sizeof(uint32_t)) : 0) +
		(iv_len ? CMSG_SPACE(sizeof(struct af_alg_iv) + iv_len) : 0);
	char *ctl = alloca(space);
	struct msghdr msg;
	struct cmsghdr *c;
	struct iovec iov[2];
	ssize_t n;

	memset(ctl, 0, space);
	memset(&msg, 0, sizeof(msg));
	msg.msg_control = ctl;
	msg.msg_controllen = space;
	msg.msg_iov = iov;

	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_ALG; // expect: afalg-cmsg
	c->cmsg_type = ALG_SET_OP; // expect: afalg-cmsg
	c->cmsg_len = CMSG_LEN(sizeof(operation));
	memcpy(CMSG_DATA(c), &operation, sizeof(operation));

	iov[0].iov_base = (void *) (ad_len ? ad : in);
	iov[0].iov_len = ad_len ? ad_len : in_len;
	iov[1].iov_base = (void *) in;
	iov[1].iov_len = in_len;
	msg.msg_iovlen = ad_len ? 2 : 1;

	if (ad_len) {
		c = CMSG_NXTHDR(&msg, c);
		c->cmsg_level = SOL_ALG; // expect: afalg-cmsg
		c->cmsg_type = ALG_SET_AEAD_ASSOCLEN; // expect: afalg-cmsg
		c->cmsg_len = CMSG_LEN(sizeof(uint32_t));
		*(uint32_t *) CMSG_DATA(c) = ad_len;
	}
	if (iv_len) {
		struct af_alg_iv *algiv;

		c = CMSG_NXTHDR(&msg, c);
		c->cmsg_level = SOL_ALG; // expect: afalg-cmsg
		c->cmsg_type = ALG_SET_IV; // expect: afalg-cmsg
		c->cmsg_len = CMSG_LEN(sizeof(*algiv) + iv_len);
		algiv = (void *) CMSG_DATA(c);
		algiv->ivlen = iv_len;
		memcpy(algiv->iv, iv, iv_len);
	}

	if (sendmsg(sk, &msg, 0) < 0) // expect: afalg-io [flow]
		return -errno;

	if (!ad_len)
		return read(sk, out, out_len); // expect: afalg-io [flow]

	/* the kernel echoes the AAD in front of the result: drop it */
	iov[0].iov_base = alloca(ad_len);
	iov[1].iov_base = out;
	iov[1].iov_len = out_len;
	msg.msg_control = NULL;
	msg.msg_controllen = 0;
	n = recvmsg(sk, &msg, 0); // expect: afalg-io [flow]
	return n >= (ssize_t) ad_len ? n - (ssize_t) ad_len : -EIO;
}

LIB_EXPORT bool l_cipher_encrypt(struct l_cipher *cipher, const void *in,
						void *out, size_t len)
{
	if (unlikely(!cipher) || cipher->local)
		return false;
	return cipher_run(cipher->sk, ALG_OP_ENCRYPT, in, len, NULL, 0,
						NULL, 0, out, len) >= 0;
}

LIB_EXPORT bool l_aead_cipher_encrypt(struct l_aead_cipher *cipher,
				const void *in, size_t in_len,
				const void *ad, size_t ad_len,
				const void *nonce, size_t nonce_len,
				void *out, size_t out_len)
{
	return cipher_run(cipher->sk, ALG_OP_ENCRYPT, in, in_len, ad, ad_len,
			nonce, nonce_len, out, out_len) == (ssize_t) out_len;
}
