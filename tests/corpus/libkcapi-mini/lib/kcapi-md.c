/*
 * Message digest API on top of the kernel interface helpers.  Calls between
 * the library's own kcapi_* functions stay inside the library.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>

#include "internal.h"

int kcapi_md_init(struct kcapi_handle **handle, const char *ciphername,
		  uint32_t flags)
{
	return _kcapi_handle_open(handle, "hash", ciphername, flags);
}

int kcapi_md_setkey(struct kcapi_handle *handle, const uint8_t *key,
		    uint32_t keylen)
{
	return _kcapi_tfm_setkey(handle, key, keylen);
}

ssize_t kcapi_md_update(struct kcapi_handle *handle, const uint8_t *buffer,
			size_t len)
{
	struct iovec iov = { .iov_base = (void *)buffer, .iov_len = len };

	/* small updates by sendmsg, large ones through the splice pipe */
	if (len < KCAPI_MAX_SENDMSG)
		return _kcapi_send_iov(handle, &iov, 1, MSG_MORE);
	return _kcapi_splice_in(handle, buffer, len, SPLICE_F_MORE);
}

ssize_t kcapi_md_final(struct kcapi_handle *handle, uint8_t *buffer,
		       size_t len)
{
	return _kcapi_read_out(handle, buffer, len);
}

void kcapi_md_destroy(struct kcapi_handle *handle)
{
	if (handle)
		_kcapi_handle_close(handle);
}

ssize_t kcapi_md_sha256(const uint8_t *in, size_t inlen, uint8_t *out,
			size_t outlen)
{
	struct kcapi_handle *handle;
	ssize_t ret;

	ret = kcapi_md_init(&handle, "sha256", 0);
	if (ret)
		return ret;
	ret = kcapi_md_update(handle, in, inlen);
	if (ret >= 0)
		ret = kcapi_md_final(handle, out, outlen);
	kcapi_md_destroy(handle);
	return ret;
}
