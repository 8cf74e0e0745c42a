/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared helpers of the AF_ALG sample/benchmark programs.  afalg-scan
 * evaluation corpus, after the kernel tree's small AF_ALG test programs.
 */
#ifndef ALG_COMMON_H
#define ALG_COMMON_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <linux/if_alg.h>

#define OSERROR(X, Y) do { if ((long)(X) == -1) { perror(Y); exit(1); } } while (0)
#define min(x, y) ((x) < (y) ? (x) : (y))

/* retry a system call interrupted by a signal; value of the last try */
#define RETRY_EINTR(expr)						\
	({								\
		long __r;						\
		do {							\
			__r = (long)(expr);				\
		} while (__r == -1 && errno == EINTR);			\
		__r;							\
	})

#define ALG_SOCKET()		socket(AF_ALG, SOCK_SEQPACKET, 0)
#define ALG_BIND(fd, sa)	bind((fd), (const struct sockaddr *)(sa), sizeof(*(sa)))
#define ALG_SETKEY(fd, k)	setsockopt((fd), SOL_ALG, ALG_SET_KEY, (k), sizeof(k))
#define ALG_SETAUTHSIZE(fd, n)	setsockopt((fd), SOL_ALG, ALG_SET_AEAD_AUTHSIZE, NULL, (n))

#define DEFINE_ALG_ADDR(var, t, n)					\
	static const struct sockaddr_alg var = {			\
		.salg_family = AF_ALG, .salg_type = t, .salg_name = n	\
	}

/* append an empty SOL_ALG header of payload size len; caller sets the type */
#define ALG_CMSG_APPEND(msg, c, len)					\
	do {								\
		(c) = (struct cmsghdr *)((char *)(msg)->msg_control +	\
					 (msg)->msg_controllen);	\
		(c)->cmsg_len = CMSG_LEN(len);				\
		(c)->cmsg_level = SOL_ALG;				\
		(msg)->msg_controllen += CMSG_SPACE(len);		\
	} while (0)

#endif
