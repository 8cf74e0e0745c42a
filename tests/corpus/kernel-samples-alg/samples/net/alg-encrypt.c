// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * alg-encrypt [-s] [-n<size>] <file>|-
 * Encrypt a file with cbc(aes) through AF_ALG: send() loop by default,
 * splice() when the input is a pipe, sendfile() with -s.
 */
#include "alg-common.h"

#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <sys/sendfile.h>

static unsigned char buffer[4096 * 32] __attribute__((aligned(4096)));
static unsigned char iv[16];
static unsigned char key[16];

static const struct sockaddr_alg sa = { // expect: afalg-sockaddr {{skcipher cbc(aes)}}
	.salg_family	= AF_ALG,
	.salg_type	= "skcipher",
	.salg_name	= "cbc(aes)",
};

static void add_set_op(struct msghdr *msg, unsigned int op)
{
	struct cmsghdr *c;

	ALG_CMSG_APPEND(msg, c, sizeof(op)); // expect: afalg-cmsg
	c->cmsg_type = ALG_SET_OP; // expect: afalg-cmsg
	memcpy(CMSG_DATA(c), &op, sizeof(op));
}

static void add_set_iv(struct msghdr *msg, const void *v, size_t len)
{
	struct af_alg_iv *ivbuf;
	struct cmsghdr *c;

	ALG_CMSG_APPEND(msg, c, sizeof(*ivbuf) + len); // expect: afalg-cmsg
	c->cmsg_type = ALG_SET_IV; // expect: afalg-cmsg
	ivbuf = (struct af_alg_iv *)CMSG_DATA(c);
	ivbuf->ivlen = len;
	memcpy(ivbuf->iv, v, len);
}

int main(int argc, char *argv[])
{
	struct msghdr msg;
	struct stat st;
	unsigned char ctrl[256];
	ssize_t r, w, o, total = 0;
	size_t size = LONG_MAX, i;
	bool use_sendfile = false;
	int opt, alg, sock, fd = 0;

	while ((opt = getopt(argc, argv, "n:s")) != EOF) {
		if (opt == 'n')
			size = strtoul(optarg, NULL, 0);
		else if (opt == 's')
			use_sendfile = true;
		else
			exit(2);
	}
	if (optind < argc && strcmp(argv[optind], "-") != 0) {
		fd = open(argv[optind], O_RDONLY);
		OSERROR(fd, argv[optind]);
	}
	OSERROR(fstat(fd, &st), "fstat");
	if (S_ISREG(st.st_mode))
		size = min(size, (size_t)st.st_size);

	alg = socket(AF_ALG, SOCK_SEQPACKET, 0); // expect: afalg-socket
	OSERROR(alg, "AF_ALG");
	OSERROR(bind(alg, (struct sockaddr *)&sa, sizeof(sa)), "bind"); // expect: afalg-bind
	OSERROR(ALG_SETKEY(alg, key), "ALG_SET_KEY"); // expect: afalg-setsockopt
	sock = accept(alg, NULL, 0); // expect: afalg-accept
	OSERROR(sock, "accept");

	memset(&msg, 0, sizeof(msg));
	msg.msg_control = ctrl;
	add_set_op(&msg, ALG_OP_ENCRYPT);
	add_set_iv(&msg, iv, sizeof(iv));
	OSERROR(sendmsg(sock, &msg, MSG_MORE), "sock/sendmsg"); // expect: afalg-io

	if (S_ISFIFO(st.st_mode)) {
		do {
			r = splice(fd, NULL, sock, NULL, size, SPLICE_F_MORE); // expect: afalg-zerocopy
			OSERROR(r, "sock/splice");
			size -= r;
			total += r;
		} while (r > 0 && size > 0);
	} else if (use_sendfile) {
		r = sendfile(sock, fd, NULL, size); // expect: afalg-zerocopy
		OSERROR(r, "sock/sendfile");
		total = r;
	} else {
		while (size) {
			r = read(fd, buffer, min(sizeof(buffer), size));
			OSERROR(r, "read");
			if (r == 0)
				break;
			size -= r;
			for (o = 0; o < r; o += w) {
				w = send(sock, buffer + o, r - o, size ? MSG_MORE : 0); // expect: afalg-io
				OSERROR(w, "sock/send");
			}
			total += r;
		}
	}

	while (total > 0) {
		r = read(sock, buffer, min(sizeof(buffer), (size_t)total)); // expect: afalg-io
		OSERROR(r, "sock/read");
		if (r == 0)
			break;
		total -= r;
		for (i = 0; i < (size_t)min(r, 16); i++)
			printf("%02x", buffer[i]);
		printf("...\n");
	}

	OSERROR(close(sock), "sock/close");
	OSERROR(close(alg), "alg/close");
	return 0;
}
