/*
 * Kernel AF_ALG engine: AES-CBC through "skcipher" sockets, results read
 * with native AIO so the operation can pause an ASYNC job.
 */

/* the ENGINE API is deprecated */
#define OPENSSL_SUPPRESS_DEPRECATED

/* vmsplice() needs it */
#ifndef _GNU_SOURCE
# define _GNU_SOURCE
#endif
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/engine.h>
#include <openssl/async.h>
#include <openssl/err.h>

#include <sys/socket.h>
#include <linux/version.h>
#define K_MAJ   4
#define K_MIN1  1
#define K_MIN2  0
#if LINUX_VERSION_CODE < KERNEL_VERSION(K_MAJ, K_MIN1, K_MIN2) || \
    !defined(AF_ALG)
void engine_load_afalg_int(void);
void engine_load_afalg_int(void)
{
}
#else

# include <linux/if_alg.h>
# include <fcntl.h>
# include <sys/utsname.h>
# include <linux/aio_abi.h>
# include <sys/syscall.h>
# include <errno.h>

# include "e_afalg.h"

# ifndef SOL_ALG
#  define SOL_ALG 279
# endif

# define ALG_AES_IV_LEN 16
# define ALG_IV_LEN(len) (sizeof(struct af_alg_iv) + (len))
# define ALG_OP_TYPE     unsigned int
# define ALG_OP_LEN      (sizeof(ALG_OP_TYPE))

static const char *engine_afalg_id = "afalg";

/* raw AIO syscalls: no libaio dependency */
static ossl_inline int io_setup(unsigned n, aio_context_t *ctx)
{
    return syscall(__NR_io_setup, n, ctx);
}

static ossl_inline int aio_submit_read(aio_context_t ctx, long n, struct iocb **iocb)
{
    return syscall(__NR_io_submit, ctx, n, iocb); // expect: afalg-io [flow]
}

static ossl_inline int io_getevents(aio_context_t ctx, long min, long max,
                                    struct io_event *events,
                                    struct timespec *timeout)
{
    return syscall(__NR_io_getevents, ctx, min, max, events, timeout);
}

static int afalg_collect_aio(afalg_aio *aio, int sfd, unsigned char *buf,
                                size_t len)
{
    struct timespec timeout = { 0, 0 };
    struct iocb *cb;
    uint64_t eval = 0;
    int r;

    if (aio->mode == MODE_UNINIT) {
        aio->efd = syscall(__NR_eventfd2, 0, 0);
        if (aio->efd == -1)
            return 0;
        aio->mode = MODE_SYNC;
    }

    /* one PREAD on the operation socket, completion signalled on efd */
    cb = &aio->cbt[0];
    memset(cb, 0, sizeof(*cb));
    cb->aio_fildes = sfd;
    cb->aio_lio_opcode = IOCB_CMD_PREAD;
    cb->aio_buf = (size_t)buf;
    cb->aio_nbytes = len;
    cb->aio_flags = IOCB_FLAG_RESFD;
    cb->aio_resfd = aio->efd;

    r = aio_submit_read(aio->aio_ctx, 1, &cb);
    if (r < 0) {
        ALG_PERR("%s(%d): aio_submit_read failed : ", __FILE__, __LINE__);
        return 0;
    }

    for (;;) {
        ASYNC_pause_job();
        /* eventfd counter, not crypto data */
        r = read(aio->efd, &eval, sizeof(eval));
        if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            continue;
        if (r < 0)
            return 0;
        if (eval > 0 &&
            io_getevents(aio->aio_ctx, 1, MAX_INFLIGHTS, aio->events, &timeout) > 0)
            return aio->events[0].res >= 0;
    }
}

static ossl_inline void alg_cmsg_set_op(struct cmsghdr *cmsg,
                                        const ALG_OP_TYPE op)
{
    cmsg->cmsg_level = SOL_ALG; // expect: afalg-cmsg
    cmsg->cmsg_type = ALG_SET_OP; // expect: afalg-cmsg
    cmsg->cmsg_len = CMSG_LEN(ALG_OP_LEN);
    memcpy(CMSG_DATA(cmsg), &op, ALG_OP_LEN);
}

static void alg_cmsg_set_iv(struct cmsghdr *cmsg, const unsigned char *iv,
                            const unsigned int len)
{
    struct af_alg_iv *aiv;

    cmsg->cmsg_level = SOL_ALG; // expect: afalg-cmsg
    cmsg->cmsg_type = ALG_SET_IV; // expect: afalg-cmsg
    cmsg->cmsg_len = CMSG_LEN(ALG_IV_LEN(len));
    aiv = (struct af_alg_iv *)CMSG_DATA(cmsg);
    aiv->ivlen = len;
    memcpy(aiv->iv, iv, len);
}

static int afalg_open_session(afalg_ctx *actx, const char *ciphertype,
                           const char *ciphername)
{
    struct sockaddr_alg sa;

    actx->bfd = actx->sfd = -1;

    memset(&sa, 0, sizeof(sa));
    sa.salg_family = AF_ALG; // expect: afalg-sockaddr {{skcipher cbc(aes)}} [flow]
    OPENSSL_strlcpy((char *)sa.salg_type, ciphertype, sizeof(sa.salg_type));
    OPENSSL_strlcpy((char *)sa.salg_name, ciphername, sizeof(sa.salg_name));

    actx->bfd = socket(AF_ALG, SOCK_SEQPACKET, 0); // expect: afalg-socket
    if (actx->bfd == -1)
        goto err;
    if (bind(actx->bfd, (struct sockaddr *)&sa, sizeof(sa)) < 0) // expect: afalg-bind
        goto err;
    actx->sfd = accept(actx->bfd, NULL, 0); // expect: afalg-accept
    if (actx->sfd < 0)
        goto err;
    return 1;

 err:
    if (actx->bfd >= 0)
        close(actx->bfd);
    actx->bfd = actx->sfd = -1;
    return 0;
}

static int afalg_submit_input(afalg_ctx *actx, const unsigned char *in,
                                 size_t inl, const unsigned char *iv,
                                 unsigned int enc)
{
    char cbuf[CMSG_SPACE(ALG_IV_LEN(ALG_AES_IV_LEN)) + CMSG_SPACE(ALG_OP_LEN)];
    struct msghdr msg;
    struct cmsghdr *cmsg;
    struct iovec iov;
    ssize_t sbytes;

    memset(&msg, 0, sizeof(msg));
    memset(cbuf, 0, sizeof(cbuf));
    msg.msg_control = cbuf;
    msg.msg_controllen = sizeof(cbuf);

    cmsg = CMSG_FIRSTHDR(&msg);
    alg_cmsg_set_op(cmsg, enc);
    cmsg = CMSG_NXTHDR(&msg, cmsg);
    alg_cmsg_set_iv(cmsg, iv, ALG_AES_IV_LEN);

    iov.iov_base = (unsigned char *)in;
    iov.iov_len = inl;
    msg.msg_flags = MSG_MORE;   /* output-only field: has no effect here */

# ifdef ALG_ZERO_COPY
    /* control data first, then the payload pinned through a pipe */
    sbytes = sendmsg(actx->sfd, &msg, 0); // expect: afalg-io [low]
    if (sbytes < 0)
        return 0;
    if (vmsplice(actx->zc_pipe[1], &iov, 1, SPLICE_F_GIFT) < 0) // expect: afalg-zerocopy [low]
        return 0;
    if (splice(actx->zc_pipe[0], NULL, actx->sfd, NULL, inl, 0) < 0) // expect: afalg-zerocopy [low]
        return 0;
# else
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    sbytes = sendmsg(actx->sfd, &msg, 0); // expect: afalg-io [flow]
    if (sbytes != (ssize_t)inl)
        return 0;
# endif
    return 1;
}

static int afalg_cbc_init(EVP_CIPHER_CTX *ctx, const unsigned char *key,
                             const unsigned char *iv, int enc)
{
    afalg_ctx *actx = EVP_CIPHER_CTX_get_cipher_data(ctx);
    int klen = EVP_CIPHER_CTX_get_key_length(ctx);

    if (actx == NULL || key == NULL || klen <= 0)
        return 0;
    /* the engine only offers AES-CBC */
    if (!afalg_open_session(actx, "skcipher", "cbc(aes)"))
        return 0;
    if (setsockopt(actx->bfd, SOL_ALG, ALG_SET_KEY, key, klen) < 0) // expect: afalg-setsockopt
        goto err;
    actx->aio.aio_ctx = 0;
    actx->aio.mode = MODE_UNINIT;
    if (io_setup(MAX_INFLIGHTS, &actx->aio.aio_ctx) < 0)
        goto err;
# ifdef ALG_ZERO_COPY
    pipe(actx->zc_pipe);
# endif
    actx->init_done = MAGIC_INIT_NUM;
    return 1;
 err:
    close(actx->sfd);
    close(actx->bfd);
    return 0;
}

static int afalg_cbc_do(EVP_CIPHER_CTX *ctx, unsigned char *out,
                           const unsigned char *in, size_t inl)
{
    afalg_ctx *actx = EVP_CIPHER_CTX_get_cipher_data(ctx);

    if (actx == NULL || actx->init_done != MAGIC_INIT_NUM)
        return 0;
    if (!afalg_submit_input(actx, in, inl, EVP_CIPHER_CTX_iv(ctx),
                               EVP_CIPHER_CTX_is_encrypting(ctx)))
        return 0;
    /* IV chaining for the next call is done by the caller */
    return afalg_collect_aio(&actx->aio, actx->sfd, out, inl);
}

static EVP_CIPHER *afalg_aes_128_cbc(void)
{
    EVP_CIPHER *c = EVP_CIPHER_meth_new(NID_aes_128_cbc, AES_BLOCK_SIZE,
                                        AES_KEY_SIZE_128);

    if (c == NULL
        || !EVP_CIPHER_meth_set_iv_length(c, ALG_AES_IV_LEN)
        || !EVP_CIPHER_meth_set_flags(c, EVP_CIPH_CBC_MODE)
        || !EVP_CIPHER_meth_set_init(c, afalg_cbc_init)
        || !EVP_CIPHER_meth_set_do_cipher(c, afalg_cbc_do)
        || !EVP_CIPHER_meth_set_impl_ctx_size(c, sizeof(afalg_ctx))) {
        EVP_CIPHER_meth_free(c);
        return NULL;
    }
    return c;
}

static int afalg_cipher_list(ENGINE *e, const EVP_CIPHER **cipher,
                         const int **nids, int nid)
{
    static const int afalg_nids[] = { NID_aes_128_cbc };
    static EVP_CIPHER *cbc128;

    if (cipher == NULL) {
        *nids = afalg_nids;
        return 1;
    }
    if (nid != NID_aes_128_cbc)
        return 0;
    if (cbc128 == NULL)
        cbc128 = afalg_aes_128_cbc();
    *cipher = cbc128;
    return *cipher != NULL;
}

static int afalg_kernel_usable(void)
{
    int sock = socket(AF_ALG, SOCK_SEQPACKET, 0); // expect: afalg-socket

    if (sock == -1)
        return 0;
    close(sock);
    return 1;
}

static int bind_afalg(ENGINE *e, const char *id)
{
    if (id != NULL && strcmp(id, engine_afalg_id) != 0)
        return 0;
    return afalg_kernel_usable()
        && ENGINE_set_id(e, engine_afalg_id)
        && ENGINE_set_name(e, "AFALG engine support")
        && ENGINE_set_ciphers(e, afalg_cipher_list);
}

IMPLEMENT_DYNAMIC_CHECK_FN()
IMPLEMENT_DYNAMIC_BIND_FN(bind_afalg)

#endif                          /* KERNEL VERSION */
