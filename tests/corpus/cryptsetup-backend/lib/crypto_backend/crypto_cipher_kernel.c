/*
 * Block ciphers and the BitLocker key unwrap through AF_ALG.  Built only
 * when configure found <linux/if_alg.h> (ENABLE_AF_ALG in config.h).
 */

#include <stdlib.h>
#include <stdio.h>
#include <errno.h>
#include <unistd.h>
#include <sys/socket.h>

#include "crypto_backend_internal.h"

#ifdef ENABLE_AF_ALG

#include <linux/if_alg.h>

#ifndef AF_ALG
#define AF_ALG 38
#endif
#ifndef SOL_ALG
#define SOL_ALG 279
#endif
#ifndef ALG_SET_AEAD_AUTHSIZE
#define ALG_SET_AEAD_AUTHSIZE 5
#endif

static int cipher_socket_open(struct crypt_cipher_kernel *ctx,
			      const void *key, size_t key_length,
			      size_t tag_length, struct sockaddr_alg *sa)
{
	ctx->opfd = -1;
	ctx->tfmfd = socket(AF_ALG, SOCK_SEQPACKET, 0); // expect: afalg-socket [low]
	if (ctx->tfmfd < 0)
		return -ENOTSUP;

	if (bind(ctx->tfmfd, (struct sockaddr *)sa, sizeof(*sa)) < 0) // expect: afalg-bind [low]
		goto fail;
	if (setsockopt(ctx->tfmfd, SOL_ALG, ALG_SET_KEY, key, key_length) < 0) // expect: afalg-setsockopt [low]
		goto fail;
	if (tag_length &&
	    setsockopt(ctx->tfmfd, SOL_ALG, ALG_SET_AEAD_AUTHSIZE, NULL, tag_length) < 0) // expect: afalg-setsockopt [low]
		goto fail;

	ctx->opfd = accept(ctx->tfmfd, NULL, 0); // expect: afalg-accept [low]
	if (ctx->opfd >= 0)
		return 0;
fail:
	crypt_cipher_destroy_kernel(ctx);
	return -EINVAL;
}

int crypt_cipher_init_kernel(struct crypt_cipher_kernel *ctx, const char *name,
			     const char *mode, const void *key, size_t key_length)
{
	struct sockaddr_alg sa = { // expect: afalg-sockaddr [low]
		.salg_family = AF_ALG,
		.salg_type = "skcipher",
	};
	int r;

	if (!strcmp(name, "cipher_null"))
		key_length = 0;
	r = snprintf((char *)sa.salg_name, sizeof(sa.salg_name), "%s(%s)", mode, name);
	if (r < 0 || (size_t)r >= sizeof(sa.salg_name))
		return -EINVAL;
	return cipher_socket_open(ctx, key, key_length, 0, &sa);
}

static int cipher_run(struct crypt_cipher_kernel *ctx, const char *in,
		      size_t in_length, char *out, size_t out_length,
		      const char *iv, size_t iv_length, uint32_t direction)
{
	struct iovec iov = { .iov_base = (void *)in, .iov_len = in_length };
	size_t iv_space = iv ? CMSG_SPACE(sizeof(struct af_alg_iv) + iv_length) : 0;
	char buffer[CMSG_SPACE(sizeof(uint32_t)) + iv_space];
	struct msghdr msg = {
		.msg_control = buffer,
		.msg_controllen = sizeof(buffer),
		.msg_iov = &iov,
		.msg_iovlen = 1,
	};
	struct cmsghdr *header;
	struct af_alg_iv *alg_iv;
	int r = 0;

	memset(buffer, 0, sizeof(buffer));
	header = CMSG_FIRSTHDR(&msg);
	header->cmsg_level = SOL_ALG; // expect: afalg-cmsg [low]
	header->cmsg_type = ALG_SET_OP; // expect: afalg-cmsg [low]
	header->cmsg_len = CMSG_LEN(sizeof(uint32_t));
	*(uint32_t *)CMSG_DATA(header) = direction;

	if (iv) {
		header = CMSG_NXTHDR(&msg, header);
		header->cmsg_level = SOL_ALG; // expect: afalg-cmsg [low]
		header->cmsg_type = ALG_SET_IV; // expect: afalg-cmsg [low]
		header->cmsg_len = iv_space;
		alg_iv = (struct af_alg_iv *)CMSG_DATA(header);
		alg_iv->ivlen = iv_length;
		memcpy(alg_iv->iv, iv, iv_length);
	}

	if (sendmsg(ctx->opfd, &msg, 0) != (ssize_t)in_length || // expect: afalg-io [low]
	    read(ctx->opfd, out, out_length) != (ssize_t)out_length) // expect: afalg-io [low]
		r = -EIO;
	memset(buffer, 0, sizeof(buffer));
	return r;
}

void crypt_cipher_destroy_kernel(struct crypt_cipher_kernel *ctx)
{
	if (ctx->tfmfd >= 0)
		close(ctx->tfmfd);
	if (ctx->opfd >= 0)
		close(ctx->opfd);
	ctx->tfmfd = ctx->opfd = -1;
}

/* try a dummy key: tells whether the kernel knows "mode(cipher)" */
int crypt_cipher_check_kernel(const char *name, const char *mode,
			      const char *integrity, size_t key_length)
{
	struct crypt_cipher_kernel c;
	struct sockaddr_alg sa = { .salg_family = AF_ALG }; // expect: afalg-sockaddr [low]
	bool aead = integrity && strcmp(integrity, "none");
	char *key;
	int r;

	strcpy((char *)sa.salg_type, aead ? "aead" : "skcipher");
	if (aead && !strcmp(integrity, "poly1305"))
		r = snprintf((char *)sa.salg_name, sizeof(sa.salg_name),
			     "rfc7539(%s,%s)", name, integrity);
	else
		r = snprintf((char *)sa.salg_name, sizeof(sa.salg_name),
			     "%s(%s)", mode, name);
	if (r < 0 || (size_t)r >= sizeof(sa.salg_name) || !(key = malloc(key_length)))
		return -EINVAL;

	memset(key, 0xab, key_length);
	r = cipher_socket_open(&c, key, key_length, 0, &sa);
	crypt_cipher_destroy_kernel(&c);
	free(key);
	return r;
}

/* BitLocker: AES-CCM key unwrap, tag appended to the ciphertext */
int crypt_bitlk_decrypt_key_kernel(const void *key, size_t key_length,
				   const char *in, char *out, size_t length,
				   const char *iv, size_t iv_length,
				   const char *tag, size_t tag_length)
{
	struct crypt_cipher_kernel c;
	struct sockaddr_alg sa = { // expect: afalg-sockaddr {{aead ccm(aes)}} [low]
		.salg_family = AF_ALG,
		.salg_type = "aead",
		.salg_name = "ccm(aes)",
	};
	char buffer[128], ccm_iv[16];
	int r;

	if (length + tag_length > sizeof(buffer) || iv_length > sizeof(ccm_iv) - 2)
		return -EINVAL;
	r = cipher_socket_open(&c, key, key_length, tag_length, &sa);
	if (r < 0)
		return r;

	memcpy(buffer, in, length);
	memcpy(buffer + length, tag, tag_length);

	/* RFC 3610 counter block: flags, nonce, zero counter */
	memset(ccm_iv, 0, sizeof(ccm_iv));
	ccm_iv[0] = 15 - iv_length - 1;
	memcpy(ccm_iv + 1, iv, iv_length);

	r = cipher_run(&c, buffer, length + tag_length, out, length,
		       ccm_iv, sizeof(ccm_iv), ALG_OP_DECRYPT);
	crypt_cipher_destroy_kernel(&c);
	memset(buffer, 0, sizeof(buffer));
	return r;
}

#else /* ENABLE_AF_ALG */

int crypt_cipher_init_kernel(struct crypt_cipher_kernel *ctx, const char *name,
			     const char *mode, const void *key, size_t key_length)
{
	return -ENOTSUP;
}

void crypt_cipher_destroy_kernel(struct crypt_cipher_kernel *ctx)
{
}

int crypt_cipher_check_kernel(const char *name, const char *mode,
			      const char *integrity, size_t key_length)
{
	/* cannot check, assume the kernel knows it */
	return 0;
}

#endif /* ENABLE_AF_ALG */
