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

/* one session per process: the descriptors live at file scope */
static int tfm_fd = -1, op_fd = -1;
static int zc_pipe[2] = { -1, -1 };

static const struct sockaddr_alg aead_addr = { // expect: afalg-sockaddr {{aead gcm(aes)}}
	.salg_family = AF_ALG,
	.salg_type = "aead",
	.salg_name = "gcm(aes)",
};

static unsigned char key[16], nonce[12], aad[AAD_LEN];
static unsigned char out[AAD_LEN + 65536 + TAG_LEN];

static void bench_setup(void)
{
	tfm_fd = ALG_SOCKET(); // expect: afalg-socket
	OSERROR(tfm_fd, "AF_ALG");
	OSERROR(ALG_BIND(tfm_fd, &aead_addr), "bind"); // expect: afalg-bind
	OSERROR(ALG_SETKEY(tfm_fd, key), "setkey"); // expect: afalg-setsockopt
	OSERROR(ALG_SETAUTHSIZE(tfm_fd, TAG_LEN), "authsize"); // expect: afalg-setsockopt
	op_fd = accept(tfm_fd, NULL, 0); // expect: afalg-accept
	OSERROR(op_fd, "accept");
	OSERROR(pipe(zc_pipe), "pipe");
}

static void bench_send_meta(void)
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
	OSERROR(sendmsg(op_fd, &msg, MSG_MORE), "sendmsg"); // expect: afalg-io [flow]
}

int main(int argc, char *argv[])
{
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

	bench_setup();
	bench_send_meta();

	/* file -> pipe is an ordinary splice; pipe -> op socket is the AF_ALG one */
	n = splice(fd, NULL, zc_pipe[1], NULL, st.st_size, 0);
	OSERROR(n, "splice in");
	n = splice(zc_pipe[0], NULL, op_fd, NULL, n, 0); // expect: afalg-zerocopy [flow]
	OSERROR(n, "splice out");

	n = read(op_fd, out, AAD_LEN + n + TAG_LEN); // expect: afalg-io [flow]
	OSERROR(n, "read");
	printf("%zd bytes sealed\n", n);
	return 0;
}
