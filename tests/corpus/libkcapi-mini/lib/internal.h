/*
 * Library internals: the handle and the helpers of kcapi-kernel-if.c.
 */

#ifndef _INTERNAL_H
#define _INTERNAL_H

#include <stdint.h>
#include <sys/uio.h>
#include <linux/aio_abi.h>
#include <linux/if_alg.h>

#include "kcapi.h"

/* remove once in if_alg.h / socket.h */
#ifndef ALG_SET_AEAD_ASSOCLEN
#define ALG_SET_AEAD_ASSOCLEN	4
#endif
#ifndef ALG_SET_AEAD_AUTHSIZE
#define ALG_SET_AEAD_AUTHSIZE	5
#endif
#ifndef AF_ALG
#define AF_ALG 38
#endif
#ifndef SOL_ALG
#define SOL_ALG 279
#endif

#define KCAPI_MAX_SENDMSG	(16 * 4096)

struct kcapi_handle {
	int tfmfd;
	int opfd;			/* -1 until the first operation */
	int pipes[2];			/* vmsplice -> splice staging pipe */
	struct {
		const uint8_t *iv;
		uint32_t ivlen;
	} cipher;
	struct {
		uint32_t assoclen;
		uint32_t taglen;
	} aead;
	aio_context_t aio_ctx;		/* KCAPI_INIT_AIO */
	int aio_efd;
};

int _kcapi_handle_open(struct kcapi_handle **handle, const char *type,
		       const char *ciphername, uint32_t flags);
void _kcapi_handle_close(struct kcapi_handle *handle);
int _kcapi_tfm_setkey(struct kcapi_handle *handle, const uint8_t *key,
			 uint32_t keylen);
ssize_t _kcapi_send_iov(struct kcapi_handle *handle,
				struct iovec *iov, uint32_t iovlen,
				uint32_t flags);
ssize_t _kcapi_splice_in(struct kcapi_handle *handle,
				     const uint8_t *in, size_t inlen,
				     uint32_t flags);
ssize_t _kcapi_read_out(struct kcapi_handle *handle,
				uint8_t *out, size_t outlen);

#endif /* _INTERNAL_H */
