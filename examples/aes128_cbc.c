/*
 * aes128_cbc.c - AES-128-CBC encryption through AF_ALG "skcipher".
 *
 * The sockets live in a small context structure.  The direction
 * (ALG_SET_OP) and the IV (ALG_SET_IV, struct af_alg_iv) travel as SOL_ALG
 * control messages of sendmsg().  The plaintext is encrypted in two
 * requests: the first carries the control messages, the second is sent
 * without any, so the kernel continues from the chained IV (the last
 * ciphertext block), as strongSwan and QEMU do for multi-chunk data.
 *
 * Vector: NIST SP 800-38A F.2.1 (CBC-AES128.Encrypt).  Expected output:
 *   7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2
 *   73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7
 * (printed as one line).
 *
 * Build: cc -O2 -Wall -o aes128_cbc aes128_cbc.c
 */
#include <stdint.h>
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
#ifndef SOL_ALG
#define SOL_ALG 279
#endif

#define AES_BLOCK_SIZE 16

struct cbc_ctx {
	int tfmfd;
	int opfd;
};

static const uint8_t key[16] = {
	0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
	0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c,
};

static const uint8_t iv[AES_BLOCK_SIZE] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
};

static const uint8_t plaintext[64] = {
	0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96,
	0xe9, 0x3d, 0x7e, 0x11, 0x73, 0x93, 0x17, 0x2a,
	0xae, 0x2d, 0x8a, 0x57, 0x1e, 0x03, 0xac, 0x9c,
	0x9e, 0xb7, 0x6f, 0xac, 0x45, 0xaf, 0x8e, 0x51,
	0x30, 0xc8, 0x1c, 0x46, 0xa3, 0x5c, 0xe4, 0x11,
	0xe5, 0xfb, 0xc1, 0x19, 0x1a, 0x0a, 0x52, 0xef,
	0xf6, 0x9f, 0x24, 0x45, 0xdf, 0x4f, 0x9b, 0x17,
	0xad, 0x2b, 0x41, 0x7b, 0xe6, 0x6c, 0x37, 0x10,
};

static int cbc_init(struct cbc_ctx *ctx, const uint8_t *k, size_t klen)
{
	struct sockaddr_alg sa = {
		.salg_family = AF_ALG,
		.salg_type = "skcipher",
		.salg_name = "cbc(aes)",
	};

	ctx->tfmfd = -1;
	ctx->opfd = -1;

	ctx->tfmfd = socket(AF_ALG, SOCK_SEQPACKET, 0);
	if (ctx->tfmfd < 0) {
		perror("socket(AF_ALG)");
		return -1;
	}
	if (bind(ctx->tfmfd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("bind(skcipher, cbc(aes))");
		return -1;
	}
	if (setsockopt(ctx->tfmfd, SOL_ALG, ALG_SET_KEY, k, (socklen_t)klen) < 0) {
		perror("setsockopt(ALG_SET_KEY)");
		return -1;
	}
	ctx->opfd = accept(ctx->tfmfd, NULL, 0);
	if (ctx->opfd < 0) {
		perror("accept");
		return -1;
	}
	return 0;
}

static void cbc_free(struct cbc_ctx *ctx)
{
	if (ctx->opfd >= 0)
		close(ctx->opfd);
	if (ctx->tfmfd >= 0)
		close(ctx->tfmfd);
}

/*
 * Encrypt len bytes (a multiple of the block size).  With a non-NULL iv the
 * request carries ALG_SET_OP and ALG_SET_IV control messages; with iv ==
 * NULL no control data is sent and the socket's chained IV is used.
 */
static int cbc_encrypt(struct cbc_ctx *ctx, const uint8_t *iv_in,
		       const uint8_t *in, uint8_t *out, size_t len)
{
	union {
		char buf[CMSG_SPACE(sizeof(uint32_t)) +
			 CMSG_SPACE(sizeof(struct af_alg_iv) + AES_BLOCK_SIZE)];
		struct cmsghdr align;
	} cbuf;
	struct msghdr msg;
	struct cmsghdr *cmsg;
	struct af_alg_iv *alg_iv;
	struct iovec iov;
	uint32_t op = ALG_OP_ENCRYPT;
	ssize_t n;

	memset(&msg, 0, sizeof(msg));
	iov.iov_base = (void *)in;
	iov.iov_len = len;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;

	if (iv_in) {
		memset(&cbuf, 0, sizeof(cbuf));
		msg.msg_control = cbuf.buf;
		msg.msg_controllen = sizeof(cbuf.buf);

		cmsg = CMSG_FIRSTHDR(&msg);
		cmsg->cmsg_level = SOL_ALG;
		cmsg->cmsg_type = ALG_SET_OP;
		cmsg->cmsg_len = CMSG_LEN(sizeof(op));
		memcpy(CMSG_DATA(cmsg), &op, sizeof(op));

		cmsg = CMSG_NXTHDR(&msg, cmsg);
		cmsg->cmsg_level = SOL_ALG;
		cmsg->cmsg_type = ALG_SET_IV;
		cmsg->cmsg_len = CMSG_LEN(sizeof(*alg_iv) + AES_BLOCK_SIZE);
		alg_iv = (struct af_alg_iv *)CMSG_DATA(cmsg);
		alg_iv->ivlen = AES_BLOCK_SIZE;
		memcpy(alg_iv->iv, iv_in, AES_BLOCK_SIZE);
	}

	n = sendmsg(ctx->opfd, &msg, 0);
	if (n < 0) {
		perror("sendmsg");
		return -1;
	}
	if ((size_t)n != len) {
		fprintf(stderr, "sendmsg: short send (%zd of %zu bytes)\n", n, len);
		return -1;
	}

	n = read(ctx->opfd, out, len);
	if (n < 0) {
		perror("read");
		return -1;
	}
	if ((size_t)n != len) {
		fprintf(stderr, "read: short read (%zd of %zu bytes)\n", n, len);
		return -1;
	}
	return 0;
}

int main(void)
{
	struct cbc_ctx ctx;
	uint8_t ciphertext[sizeof(plaintext)];
	const size_t half = sizeof(plaintext) / 2;
	int ret = EXIT_FAILURE;

	if (cbc_init(&ctx, key, sizeof(key)) < 0)
		goto out;

	/* Blocks 1-2 with explicit direction and IV ... */
	if (cbc_encrypt(&ctx, iv, plaintext, ciphertext, half) < 0)
		goto out;
	/* ... blocks 3-4 continue from the IV the kernel kept. */
	if (cbc_encrypt(&ctx, NULL, plaintext + half, ciphertext + half,
			sizeof(plaintext) - half) < 0)
		goto out;

	for (size_t i = 0; i < sizeof(ciphertext); i++)
		printf("%02x", ciphertext[i]);
	putchar('\n');
	ret = EXIT_SUCCESS;
out:
	cbc_free(&ctx);
	return ret;
}
