/*
 * AF_ALG transform/operation socket handling for the af_alg plugin.
 */

#include "af_alg_ops.h"
#include "af_alg_compat.h"

#include <unistd.h>
#include <errno.h>
#include <stddef.h>

#include <utils/debug.h>	/* DBG1: not shipped with the plugin */

typedef struct private_af_alg_ops_t private_af_alg_ops_t;

struct private_af_alg_ops_t {

	/** public interface */
	af_alg_ops_t public;

	/** transform socket, bound once in af_alg_ops_create() */
	int tfm;

	/** operation socket of a running hash, -1 when idle */
	int op;
};

METHOD(af_alg_ops_t, reset, void,
	private_af_alg_ops_t *this)
{
	if (this->op != -1)
	{
		close(this->op);
		this->op = -1;
	}
}

METHOD(af_alg_ops_t, hash, bool,
	private_af_alg_ops_t *this, chunk_t data, char *out, size_t outlen)
{
	ssize_t len;

	while (this->op == -1)
	{
		this->op = accept(this->tfm, NULL, 0); // expect: afalg-accept [flow]
		if (this->op == -1 && errno != EINTR)
		{
			DBG1(DBG_LIB, "AF_ALG hasher: accept: %s", strerror(errno));
			return FALSE;
		}
	}
	do
	{
		/* keep the message open until the caller wants the digest */
		len = send(this->op, data.ptr, data.len, out ? 0 : MSG_MORE); // expect: afalg-io [flow]
		if (len == -1)
		{
			if (errno == EINTR)
			{
				continue;
			}
			DBG1(DBG_LIB, "AF_ALG hasher: send: %s", strerror(errno));
			return FALSE;
		}
		data = chunk_skip(data, len);
	}
	while (data.len);

	if (!out)
	{
		return TRUE;
	}
	while (outlen)
	{
		/* outlen may be shorter than the digest (truncated MACs) */
		len = read(this->op, out, outlen); // expect: afalg-io [flow]
		if (len == -1)
		{
			if (errno == EINTR)
			{
				continue;
			}
			DBG1(DBG_LIB, "AF_ALG hasher: read: %s", strerror(errno));
			return FALSE;
		}
		out += len;
		outlen -= len;
	}
	reset(this);
	return TRUE;
}

METHOD(af_alg_ops_t, crypt_, bool,
	private_af_alg_ops_t *this, uint32_t type, chunk_t iv, chunk_t data,
	char *out)
{
	char ctrl[CMSG_SPACE(sizeof(type)) +
			  CMSG_SPACE(offsetof(struct af_alg_iv, iv) + iv.len)];
	struct msghdr msg = {};
	struct cmsghdr *hdr;
	struct af_alg_iv *ivp;
	struct iovec vec;
	ssize_t len;
	int op;

	for (;;)
	{
		op = accept(this->tfm, NULL, 0); // expect: afalg-accept [flow]
		if (op != -1)
		{
			break;
		}
		if (errno != EINTR)
		{
			DBG1(DBG_LIB, "AF_ALG crypter: accept: %s", strerror(errno));
			return FALSE;
		}
	}

	memset(ctrl, 0, sizeof(ctrl));
	msg.msg_control = ctrl;
	msg.msg_controllen = sizeof(ctrl);
	msg.msg_iov = &vec;
	msg.msg_iovlen = 1;

	hdr = CMSG_FIRSTHDR(&msg);
	hdr->cmsg_level = SOL_ALG; // expect: afalg-cmsg
	hdr->cmsg_type = ALG_SET_OP; // expect: afalg-cmsg
	hdr->cmsg_len = CMSG_LEN(sizeof(type));
	memcpy(CMSG_DATA(hdr), &type, sizeof(type));

	hdr = CMSG_NXTHDR(&msg, hdr);
	hdr->cmsg_level = SOL_ALG; // expect: afalg-cmsg
	hdr->cmsg_type = ALG_SET_IV; // expect: afalg-cmsg
	hdr->cmsg_len = CMSG_LEN(offsetof(struct af_alg_iv, iv) + iv.len);
	ivp = (struct af_alg_iv*)CMSG_DATA(hdr);
	ivp->ivlen = iv.len;
	memcpy(ivp->iv, iv.ptr, iv.len);

	while (data.len)
	{
		vec.iov_base = data.ptr;
		vec.iov_len = data.len;

		len = sendmsg(op, &msg, 0); // expect: afalg-io [flow]
		if (len == -1)
		{
			if (errno == EINTR)
			{
				continue;
			}
			DBG1(DBG_LIB, "AF_ALG crypter: sendmsg: %s", strerror(errno));
			close(op);
			return FALSE;
		}
		while (read(op, out, len) != len) // expect: afalg-io [flow]
		{
			if (errno != EINTR)
			{
				DBG1(DBG_LIB, "AF_ALG crypter: read: %s", strerror(errno));
				close(op);
				return FALSE;
			}
		}
		out += len;
		data = chunk_skip(data, len);
		/* the kernel chains the IV across chunks: no control data */
		msg.msg_controllen = 0;
	}
	close(op);
	return TRUE;
}

METHOD(af_alg_ops_t, set_key, bool,
	private_af_alg_ops_t *this, chunk_t key)
{
	if (setsockopt(this->tfm, SOL_ALG, ALG_SET_KEY, key.ptr, key.len) == -1) // expect: afalg-setsockopt
	{
		DBG1(DBG_LIB, "AF_ALG: setting key failed: %s", strerror(errno));
		return FALSE;
	}
	return TRUE;
}

METHOD(af_alg_ops_t, destroy, void,
	private_af_alg_ops_t *this)
{
	close(this->tfm);
	if (this->op != -1)
	{
		close(this->op);
	}
	free(this);
}

/*
 * Described in header
 */
af_alg_ops_t *af_alg_ops_create(char *type, char *alg)
{
	private_af_alg_ops_t *this;
	struct sockaddr_alg sa = { // expect: afalg-sockaddr
		.salg_family = AF_ALG,
	};

	strncpy((char*)sa.salg_type, type, sizeof(sa.salg_type) - 1);
	strncpy((char*)sa.salg_name, alg, sizeof(sa.salg_name) - 1);

	INIT(this,
		.public = {
			.hash = (void*)hash,
			.reset = (void*)reset,
			.crypt = (void*)crypt_,
			.set_key = (void*)set_key,
			.destroy = (void*)destroy,
		},
		.tfm = socket(AF_ALG, SOCK_SEQPACKET, 0), // expect: afalg-socket
		.op = -1,
	);
	if (this->tfm == -1)
	{
		DBG1(DBG_LIB, "opening AF_ALG socket failed: %s", strerror(errno));
		free(this);
		return NULL;
	}
	if (bind(this->tfm, (struct sockaddr*)&sa, sizeof(sa)) == -1) // expect: afalg-bind
	{
		/* ENOENT: the kernel does not know the algorithm, stay quiet */
		if (errno != ENOENT)
		{
			DBG1(DBG_LIB, "binding AF_ALG socket for '%s' failed: %s",
				 sa.salg_name, strerror(errno));
		}
		destroy(this);
		return NULL;
	}
	return &this->public;
}
