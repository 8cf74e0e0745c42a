/*
 * Talking to the kernel: AF_ALG sockets, control messages, zero-copy and
 * AIO paths, plus the NETLINK_CRYPTO lookup of algorithm properties.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <linux/netlink.h>
#include <linux/cryptouser.h>

#include "internal.h"

static inline int *_kcapi_opfd_ptr(struct kcapi_handle *handle)
{
	return &handle->opfd;
}

/* operation socket on demand: setkey must come first for keyed ciphers */
static int _kcapi_op_get(struct kcapi_handle *handle)
{
	if (handle->opfd != -1)
		return 0;
	handle->opfd = accept(handle->tfmfd, NULL, 0); // expect: afalg-accept [flow]
	return handle->opfd == -1 ? -errno : 0;
}

/* NETLINK_CRYPTO: does the kernel know the algorithm at all? */
static int _kcapi_nl_lookup(const char *ciphername)
{
	struct {
		struct nlmsghdr n;
		struct crypto_user_alg cru;
	} req;
	struct sockaddr_nl nl = { .nl_family = AF_NETLINK };
	struct iovec iov = { .iov_base = &req, .iov_len = sizeof(req) };
	struct msghdr msg = { .msg_name = &nl, .msg_namelen = sizeof(nl),
			      .msg_iov = &iov, .msg_iovlen = 1 };
	char buf[4096];
	int sd, ret = -EFAULT;

	memset(&req, 0, sizeof(req));
	req.n.nlmsg_len = NLMSG_LENGTH(sizeof(req.cru));
	req.n.nlmsg_flags = NLM_F_REQUEST;
	req.n.nlmsg_type = CRYPTO_MSG_GETALG;
	strncpy(req.cru.cru_name, ciphername, sizeof(req.cru.cru_name) - 1);

	sd = socket(AF_NETLINK, SOCK_RAW, NETLINK_CRYPTO);
	if (sd < 0)
		return -errno;
	if (bind(sd, (struct sockaddr *)&nl, sizeof(nl)) < 0 ||
	    sendmsg(sd, &msg, 0) < 0)
		goto out;
	iov.iov_base = buf;
	iov.iov_len = sizeof(buf);
	if (recvmsg(sd, &msg, 0) > 0 &&
	    ((struct nlmsghdr *)buf)->nlmsg_type == CRYPTO_MSG_GETALG)
		ret = 0;
out:
	close(sd);
	return ret;
}

int _kcapi_handle_open(struct kcapi_handle **caller, const char *type,
		       const char *ciphername, uint32_t flags)
{
	struct kcapi_handle *handle;
	struct sockaddr_alg sa;
	int errsv;

	(void)flags;
	handle = calloc(1, sizeof(*handle));
	if (!handle)
		return -ENOMEM;
	handle->opfd = handle->pipes[0] = handle->pipes[1] = -1;

	memset(&sa, 0, sizeof(sa));
	sa.salg_family = AF_ALG; // expect: afalg-sockaddr
	snprintf((char *)sa.salg_type, sizeof(sa.salg_type), "%s", type);
	snprintf((char *)sa.salg_name, sizeof(sa.salg_name), "%s", ciphername);

	handle->tfmfd = socket(AF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0); // expect: afalg-socket
	if (handle->tfmfd == -1) {
		free(handle);
		return -EOPNOTSUPP;
	}
	if (bind(handle->tfmfd, (struct sockaddr *)&sa, sizeof(sa)) == -1 || // expect: afalg-bind
	    pipe(handle->pipes) == -1 ||
	    _kcapi_nl_lookup(ciphername) != 0) {
		errsv = errno;
		_kcapi_handle_close(handle);
		return errsv ? -errsv : -EINVAL;
	}
	*caller = handle;
	return 0;
}

void _kcapi_handle_close(struct kcapi_handle *handle)
{
	if (handle->tfmfd != -1)
		close(handle->tfmfd);
	if (handle->opfd != -1)
		close(handle->opfd);
	if (handle->pipes[0] != -1)
		close(handle->pipes[0]);
	if (handle->pipes[1] != -1)
		close(handle->pipes[1]);
	free(handle);
}

int _kcapi_tfm_setkey(struct kcapi_handle *handle, const uint8_t *key,
			 uint32_t keylen)
{
	if (setsockopt(handle->tfmfd, SOL_ALG, ALG_SET_KEY, key, keylen) == -1) // expect: afalg-setsockopt
		return -errno;
	return 0;
}

/* one sendmsg with OP, IV and (AEAD) associated-data length */
ssize_t _kcapi_send_ctrl(struct kcapi_handle *handle,
				struct iovec *iov, uint32_t iovlen,
				uint32_t enc, uint32_t flags)
{
	static char buffer[80];	/* OP + 12-byte IV + assoclen */
	struct cmsghdr *header;
	struct af_alg_iv *alg_iv;
	struct msghdr msg;
	ssize_t ret;

	ret = _kcapi_op_get(handle);
	if (ret)
		return ret;

	memset(buffer, 0, sizeof(buffer));
	memset(&msg, 0, sizeof(msg));
	msg.msg_control = buffer;
	msg.msg_controllen = sizeof(buffer);
	msg.msg_iov = iov;
	msg.msg_iovlen = iovlen;

	header = CMSG_FIRSTHDR(&msg);
	header->cmsg_level = SOL_ALG; // expect: afalg-cmsg
	header->cmsg_type = ALG_SET_OP; // expect: afalg-cmsg
	header->cmsg_len = CMSG_LEN(sizeof(uint32_t));
	*(uint32_t *)CMSG_DATA(header) = enc;

	if (handle->cipher.iv) {
		header = CMSG_NXTHDR(&msg, header);
		header->cmsg_level = SOL_ALG; // expect: afalg-cmsg
		header->cmsg_type = ALG_SET_IV; // expect: afalg-cmsg
		header->cmsg_len = CMSG_LEN(sizeof(*alg_iv) + handle->cipher.ivlen);
		alg_iv = (struct af_alg_iv *)CMSG_DATA(header);
		alg_iv->ivlen = handle->cipher.ivlen;
		memcpy(alg_iv->iv, handle->cipher.iv, handle->cipher.ivlen);
	}

	if (handle->aead.taglen) {
		/* pre-merge interface: tag size as a control message */
		header = CMSG_NXTHDR(&msg, header);
		header->cmsg_level = SOL_ALG; // expect: afalg-cmsg
		header->cmsg_type = ALG_SET_AEAD_AUTHSIZE;
		header->cmsg_len = CMSG_LEN(sizeof(uint32_t));
		*(uint32_t *)CMSG_DATA(header) = handle->aead.taglen;

		header = CMSG_NXTHDR(&msg, header);
		header->cmsg_level = SOL_ALG; // expect: afalg-cmsg
		header->cmsg_type = ALG_SET_AEAD_ASSOCLEN; // expect: afalg-cmsg
		header->cmsg_len = CMSG_LEN(sizeof(uint32_t));
		*(uint32_t *)CMSG_DATA(header) = handle->aead.assoclen;
	}

	ret = sendmsg(*_kcapi_opfd_ptr(handle), &msg, flags); // expect: afalg-io [flow]
	return ret < 0 ? -errno : ret;
}

ssize_t _kcapi_send_iov(struct kcapi_handle *handle,
				struct iovec *iov, uint32_t iovlen,
				uint32_t flags)
{
	struct msghdr msg = { .msg_iov = iov, .msg_iovlen = iovlen };
	ssize_t ret = _kcapi_op_get(handle);

	if (ret)
		return ret;
	ret = sendmsg(*_kcapi_opfd_ptr(handle), &msg, flags); // expect: afalg-io [flow]
	return ret < 0 ? -errno : ret;
}

ssize_t _kcapi_splice_in(struct kcapi_handle *handle,
				     const uint8_t *in, size_t inlen,
				     uint32_t flags)
{
	struct iovec iov = { .iov_base = (void *)in };
	size_t done = 0;
	ssize_t ret = _kcapi_op_get(handle);

	while (!ret && done < inlen) {
		iov.iov_len = inlen - done;
		ret = vmsplice(handle->pipes[1], &iov, 1, SPLICE_F_GIFT | flags); // expect: afalg-zerocopy [flow]
		if (ret < 0)
			return -errno;
		ret = splice(handle->pipes[0], NULL, handle->opfd, NULL, ret, flags); // expect: afalg-zerocopy [flow]
		if (ret < 0)
			return -errno;
		done += ret;
		iov.iov_base = (uint8_t *)in + done;
		ret = 0;
	}
	return ret ? ret : (ssize_t)done;
}

ssize_t _kcapi_read_out(struct kcapi_handle *handle,
				uint8_t *out, size_t outlen)
{
	ssize_t ret = read(handle->opfd, out, outlen); // expect: afalg-io [flow]

	return ret < 0 ? -errno : ret;
}

/* KCAPI_INIT_AIO: the result is read by a PREAD iocb on the op socket */
ssize_t _kcapi_aio_read_out(struct kcapi_handle *handle, uint8_t *out,
			size_t outlen)
{
	struct iocb cb = {
		.aio_lio_opcode = IOCB_CMD_PREAD,
		.aio_buf = (uintptr_t)out,
		.aio_nbytes = outlen,
		.aio_flags = IOCB_FLAG_RESFD,
	};
	struct iocb *cbp = &cb;
	struct io_event ev;
	uint64_t done;

	cb.aio_fildes = handle->opfd;
	cb.aio_resfd = handle->aio_efd;
	if (syscall(__NR_io_submit, handle->aio_ctx, 1, &cbp) != 1) // expect: afalg-io [flow]
		return -errno;
	/* eventfd counter first, then the completion record */
	if (read(handle->aio_efd, &done, sizeof(done)) != sizeof(done) ||
	    syscall(__NR_io_getevents, handle->aio_ctx, 1, 1, &ev, NULL) != 1)
		return -EIO;
	return ev.res;
}
