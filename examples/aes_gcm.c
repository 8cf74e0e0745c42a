/*
 * aes_gcm.c - AES-128-GCM encryption and decryption through AF_ALG "aead".
 *
 * The tag length is set with setsockopt(ALG_SET_AEAD_AUTHSIZE), whose value
 * is passed in optlen.  Each request is one sendmsg() carrying ALG_SET_OP,
 * ALG_SET_IV (12-byte nonce) and ALG_SET_AEAD_ASSOCLEN control messages:
 *   encrypt: in = AAD || plaintext,        out = AAD || ciphertext || tag
 *   decrypt: in = AAD || ciphertext || tag, out = AAD || plaintext
 *
 * Vector: GCM specification (McGrew & Viega) test case 4 (AES-128, 20 bytes
 * of AAD, 60 bytes of plaintext).  Expected output, two lines:
 *   ciphertext || tag
 *   decrypted plaintext
 *
 * Build: cc -O2 -Wall -o aes_gcm aes_gcm.c
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

#define GCM_IV_SIZE  12
#define GCM_TAG_SIZE 16

static const uint8_t key[16] = {
	0xfe, 0xff, 0xe9, 0x92, 0x86, 0x65, 0x73, 0x1c,
	0x6d, 0x6a, 0x8f, 0x94, 0x67, 0x30, 0x83, 0x08,
};

static const uint8_t nonce[GCM_IV_SIZE] = {
	0xca, 0xfe, 0xba, 0xbe, 0xfa, 0xce, 0xdb, 0xad,
	0xde, 0xca, 0xf8, 0x88,
};

static const uint8_t aad[20] = {
	0xfe, 0xed, 0xfa, 0xce, 0xde, 0xad, 0xbe, 0xef,
	0xfe, 0xed, 0xfa, 0xce, 0xde, 0xad, 0xbe, 0xef,
	0xab, 0xad, 0xda, 0xd2,
};

static const uint8_t plaintext[60] = {
	0xd9, 0x31, 0x32, 0x25, 0xf8, 0x84, 0x06, 0xe5,
	0xa5, 0x59, 0x09, 0xc5, 0xaf, 0xf5, 0x26, 0x9a,
	0x86, 0xa7, 0xa9, 0x53, 0x15, 0x34, 0xf7, 0xda,
	0x2e, 0x4c, 0x30, 0x3d, 0x8a, 0x31, 0x8a, 0x72,
	0x1c, 0x3c, 0x0c, 0x95, 0x95, 0x68, 0x09, 0x53,
	0x2f, 0xcf, 0x0e, 0x24, 0x49, 0xa6, 0xb5, 0x25,
	0xb1, 0x6a, 0xed, 0xf5, 0xaa, 0x0d, 0xe6, 0x57,
	0xba, 0x63, 0x7b, 0x39,
};

static void print_hex(const uint8_t *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		printf("%02x", buf[i]);
	putchar('\n');
}

/* Queue one complete AEAD request: direction, nonce and AAD length as cmsgs. */
static int aead_send(int opfd, uint32_t op, const uint8_t *iv,
		     uint32_t assoclen, struct iovec *iov, size_t iovcnt)
{
	size_t clen = CMSG_SPACE(sizeof(uint32_t)) +
		      CMSG_SPACE(sizeof(struct af_alg_iv) + GCM_IV_SIZE) +
		      CMSG_SPACE(sizeof(uint32_t));
	struct msghdr msg = { 0 };
	struct cmsghdr *cmsg;
	struct af_alg_iv *ivp;
	size_t total = 0;
	ssize_t n;
	char *cbuf;

	cbuf = calloc(1, clen);
	if (!cbuf) {
		perror("calloc");
		return -1;
	}
	msg.msg_control = cbuf;
	msg.msg_controllen = clen;
	msg.msg_iov = iov;
	msg.msg_iovlen = iovcnt;

	cmsg = CMSG_FIRSTHDR(&msg);
	cmsg->cmsg_level = SOL_ALG;
	cmsg->cmsg_type = ALG_SET_OP;
	cmsg->cmsg_len = CMSG_LEN(sizeof(op));
	memcpy(CMSG_DATA(cmsg), &op, sizeof(op));

	cmsg = CMSG_NXTHDR(&msg, cmsg);
	cmsg->cmsg_level = SOL_ALG;
	cmsg->cmsg_type = ALG_SET_IV;
	cmsg->cmsg_len = CMSG_LEN(sizeof(*ivp) + GCM_IV_SIZE);
	ivp = (struct af_alg_iv *)CMSG_DATA(cmsg);
	ivp->ivlen = GCM_IV_SIZE;
	memcpy(ivp->iv, iv, GCM_IV_SIZE);

	cmsg = CMSG_NXTHDR(&msg, cmsg);
	cmsg->cmsg_level = SOL_ALG;
	cmsg->cmsg_type = ALG_SET_AEAD_ASSOCLEN;
	cmsg->cmsg_len = CMSG_LEN(sizeof(assoclen));
	memcpy(CMSG_DATA(cmsg), &assoclen, sizeof(assoclen));

	for (size_t i = 0; i < iovcnt; i++)
		total += iov[i].iov_len;

	n = sendmsg(opfd, &msg, 0);
	free(cbuf);
	if (n < 0) {
		perror("sendmsg");
		return -1;
	}
	if ((size_t)n != total) {
		fprintf(stderr, "sendmsg: short send (%zd of %zu bytes)\n", n, total);
		return -1;
	}
	return 0;
}

int main(void)
{
	struct sockaddr_alg sa;
	uint8_t sealed[sizeof(aad) + sizeof(plaintext) + GCM_TAG_SIZE];
	uint8_t aad_out[sizeof(aad)];
	uint8_t opened[sizeof(plaintext)];
	struct iovec iov[2];
	struct msghdr msg;
	int tfmfd = -1, opfd = -1, ret = EXIT_FAILURE;
	ssize_t n;

	memset(&sa, 0, sizeof(sa));
	sa.salg_family = AF_ALG;
	strcpy((char *)sa.salg_type, "aead");
	strcpy((char *)sa.salg_name, "gcm(aes)");

	tfmfd = socket(AF_ALG, SOCK_SEQPACKET, 0);
	if (tfmfd < 0) {
		perror("socket(AF_ALG)");
		goto out;
	}
	if (bind(tfmfd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("bind(aead, gcm(aes))");
		goto out;
	}
	if (setsockopt(tfmfd, SOL_ALG, ALG_SET_KEY, key, sizeof(key)) < 0) {
		perror("setsockopt(ALG_SET_KEY)");
		goto out;
	}
	/* The tag size is the option length; there is no option value. */
	if (setsockopt(tfmfd, SOL_ALG, ALG_SET_AEAD_AUTHSIZE, NULL,
		       GCM_TAG_SIZE) < 0) {
		perror("setsockopt(ALG_SET_AEAD_AUTHSIZE)");
		goto out;
	}
	opfd = accept(tfmfd, NULL, 0);
	if (opfd < 0) {
		perror("accept");
		goto out;
	}

	/* Encrypt: AAD || plaintext  ->  AAD || ciphertext || tag. */
	iov[0].iov_base = (void *)aad;
	iov[0].iov_len = sizeof(aad);
	iov[1].iov_base = (void *)plaintext;
	iov[1].iov_len = sizeof(plaintext);
	if (aead_send(opfd, ALG_OP_ENCRYPT, nonce, sizeof(aad), iov, 2) < 0)
		goto out;
	n = read(opfd, sealed, sizeof(sealed));
	if (n < 0) {
		perror("read(encrypt)");
		goto out;
	}
	if (n != (ssize_t)sizeof(sealed)) {
		fprintf(stderr, "read(encrypt): got %zd of %zu bytes\n", n, sizeof(sealed));
		goto out;
	}
	print_hex(sealed + sizeof(aad), sizeof(sealed) - sizeof(aad));

	/* Decrypt: AAD || ciphertext || tag  ->  AAD || plaintext. */
	iov[0].iov_base = sealed;
	iov[0].iov_len = sizeof(sealed);
	if (aead_send(opfd, ALG_OP_DECRYPT, nonce, sizeof(aad), iov, 1) < 0)
		goto out;

	/* Receive the AAD copy into a scratch buffer, the plaintext apart. */
	memset(&msg, 0, sizeof(msg));
	iov[0].iov_base = aad_out;
	iov[0].iov_len = sizeof(aad_out);
	iov[1].iov_base = opened;
	iov[1].iov_len = sizeof(opened);
	msg.msg_iov = iov;
	msg.msg_iovlen = 2;
	n = recvmsg(opfd, &msg, 0);
	if (n < 0) {
		perror("recvmsg(decrypt)"); /* EBADMSG: authentication failed */
		goto out;
	}
	if (n != (ssize_t)(sizeof(aad_out) + sizeof(opened))) {
		fprintf(stderr, "recvmsg(decrypt): got %zd bytes\n", n);
		goto out;
	}
	print_hex(opened, sizeof(opened));
	ret = EXIT_SUCCESS;
out:
	if (opfd >= 0)
		close(opfd);
	if (tfmfd >= 0)
		close(tfmfd);
	return ret;
}
