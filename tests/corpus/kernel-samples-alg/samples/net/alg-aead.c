// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * alg-aead <file>: AES-GCM seal of a file for throughput tests.  The
 * associated data and the IV go in with sendmsg(), the payload is spliced
 * from the file through a pipe.
 */
#include "alg-common.h"

#include <sys/stat.h>

#define AAD_LEN	16
#define TAG_LEN	16

struct aead_bench {
	int tfm;
	int op;
	int pipe[2];
};

static const struct sockaddr_alg aead_addr = { // expect: afalg-sockaddr {{aead gcm(aes)}}
	.salg_family = AF_ALG,
	.salg_type = "aead",
	.salg_name = "gcm(aes)",
};

static unsigned char key[16], nonce[12], aad[AAD_LEN];
static unsigned char out[AAD_LEN + 65536 + TAG_LEN];

static void bench_setup(struct aead_bench *b)
{
	b->tfm = ALG_SOCKET(); // expect: afalg-socket
	OSERROR(b->tfm, "AF_ALG");
	OSERROR(ALG_BIND(b->tfm, &aead_addr), "bind"); // expect: afalg-bind
	OSERROR(ALG_SETKEY(b->tfm, key), "setkey"); // expect: afalg-setsockopt
	OSERROR(ALG_SETAUTHSIZE(b->tfm, TAG_LEN), "authsize"); // expect: afalg-setsockopt
	b->op = accept(b->tfm, NULL, 0); // expect: afalg-accept
	OSERROR(b->op, "accept");
	OSERROR(pipe(b->pipe), "pipe");
}

static void bench_send_meta(struct aead_bench *b)
{
	unsigned char ctrl[CMSG_SPACE(4) + CMSG_SPACE(sizeof(struct af_alg_iv) + 12) +
			   CMSG_SPACE(4)];
	struct iovec iov = { .iov_base = aad, .iov_len = AAD_LEN };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctrl };
	struct af_alg_iv *ivp;
	struct cmsghdr *c;

	memset(ctrl, 0, sizeof(ctrl));
	ALG_CMSG_APPEND(&msg, c, 4); // expect: afalg-cmsg
	c->cmsg_type = ALG_SET_OP; // expect: afalg-cmsg
	*(__u32 *)CMSG_DATA(c) = ALG_OP_ENCRYPT;

	ALG_CMSG_APPEND(&msg, c, sizeof(*ivp) + sizeof(nonce)); // expect: afalg-cmsg
	c->cmsg_type = ALG_SET_IV; // expect: afalg-cmsg
	ivp = (struct af_alg_iv *)CMSG_DATA(c);
	ivp->ivlen = sizeof(nonce);
	memcpy(ivp->iv, nonce, sizeof(nonce));

	ALG_CMSG_APPEND(&msg, c, 4); // expect: afalg-cmsg
	c->cmsg_type = ALG_SET_AEAD_ASSOCLEN; // expect: afalg-cmsg
	*(__u32 *)CMSG_DATA(c) = AAD_LEN;

	/* more to come: the payload follows through the pipe */
	OSERROR(sendmsg(b->op, &msg, MSG_MORE), "sendmsg"); // expect: afalg-io [flow]
}

int main(int argc, char *argv[])
{
	struct aead_bench b;
	struct stat st;
	ssize_t n;
	int fd;

	if (argc != 2)
		return 2;
	fd = open(argv[1], O_RDONLY);
	OSERROR(fd, argv[1]);
	OSERROR(fstat(fd, &st), "fstat");
	if (st.st_size > 65536)
		st.st_size = 65536;

	bench_setup(&b);
	bench_send_meta(&b);

	/* file -> pipe is an ordinary splice; pipe -> op socket is the AF_ALG one */
	n = splice(fd, NULL, b.pipe[1], NULL, st.st_size, 0);
	OSERROR(n, "splice in");
	n = splice(b.pipe[0], NULL, b.op, NULL, n, 0); // expect: afalg-zerocopy [flow]
	OSERROR(n, "splice out");

	n = read(b.op, out, AAD_LEN + n + TAG_LEN); // expect: afalg-io [flow]
	OSERROR(n, "read");
	printf("%zd bytes sealed\n", n);
	return 0;
}
