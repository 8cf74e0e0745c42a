/*
 * Emulator crypto layer: AF_ALG skcipher driver.
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "crypto/cipher.h"
#include "afalgpriv.h"

static char *
qcrypto_afalg_cipher_kname(int alg, const char *mode_name, Error **errp)
{
    static const char *const names[] = { "aes", "cast5", "serpent", "twofish" };

    if (alg < 0 || alg >= (int)(sizeof(names) / sizeof(names[0]))) {
        error_setg(errp, "Unsupported cipher algorithm %d", alg);
        return NULL;
    }
    return g_strdup_printf("%s(%s)", mode_name, names[alg]);
}

QCryptoAFAlg *
qcrypto_afalg_cipher_new(int alg, const char *mode_name,
                             const uint8_t *key, size_t nkey,
                             size_t niv, Error **errp)
{
    QCryptoAFAlg *afalg;
    char *name;

    name = qcrypto_afalg_cipher_kname(alg, mode_name, errp);
    if (!name) {
        return NULL;
    }
    afalg = qcrypto_afalg_session_new(AFALG_TYPE_CIPHER, name, errp);
    g_free(name);
    if (!afalg) {
        return NULL;
    }

    /* the transform takes the key after the operation socket exists */
    if (setsockopt(afalg->tfmfd, SOL_ALG, ALG_SET_KEY, key, nkey) != 0) { // expect: afalg-setsockopt
        error_setg_errno(errp, errno, "Set key failed");
        qcrypto_afalg_session_free(afalg);
        return NULL;
    }

    /* one control buffer: operation header first, IV header second */
    afalg->msg = g_new0(struct msghdr, 1);
    afalg->msg->msg_controllen = CMSG_SPACE(ALG_OPTYPE_LEN);
    if (niv) {
        afalg->msg->msg_controllen += CMSG_SPACE(ALG_MSGIV_LEN(niv));
    }
    afalg->msg->msg_control = g_malloc0(afalg->msg->msg_controllen);

    afalg->cmsg = CMSG_FIRSTHDR(afalg->msg);
    afalg->cmsg->cmsg_type = ALG_SET_OP; // expect: afalg-cmsg
    afalg->cmsg->cmsg_len = CMSG_SPACE(ALG_OPTYPE_LEN);
    if (niv) {
        afalg->cmsg = CMSG_NXTHDR(afalg->msg, afalg->cmsg);
        afalg->cmsg->cmsg_type = ALG_SET_IV; // expect: afalg-cmsg
        afalg->cmsg->cmsg_len = CMSG_SPACE(ALG_MSGIV_LEN(niv));
    }
    afalg->cmsg = CMSG_FIRSTHDR(afalg->msg);
    return afalg;
}

int
qcrypto_afalg_cipher_set_iv(QCryptoAFAlg *afalg, const uint8_t *iv, size_t niv)
{
    struct af_alg_iv *alg_iv;

    afalg->cmsg = CMSG_NXTHDR(afalg->msg, afalg->cmsg);
    afalg->cmsg->cmsg_level = SOL_ALG; // expect: afalg-cmsg
    alg_iv = (struct af_alg_iv *)CMSG_DATA(afalg->cmsg);
    alg_iv->ivlen = niv;
    memcpy(alg_iv->iv, iv, niv);
    return 0;
}

int
qcrypto_afalg_cipher_run(QCryptoAFAlg *afalg, const void *in, void *out,
                        size_t len, bool do_encrypt, Error **errp)
{
    uint32_t saved_controllen = afalg->msg->msg_controllen;
    struct iovec iov;
    size_t done = 0;
    ssize_t ret, rlen;

    afalg->cmsg = CMSG_FIRSTHDR(afalg->msg);
    afalg->cmsg->cmsg_level = SOL_ALG; // expect: afalg-cmsg
    *(uint32_t *)CMSG_DATA(afalg->cmsg) =
        do_encrypt ? ALG_OP_ENCRYPT : ALG_OP_DECRYPT;
    afalg->msg->msg_iov = &iov;
    afalg->msg->msg_iovlen = 1;

    do {
        iov.iov_base = (char *)in + done;
        iov.iov_len = len - done;

        ret = sendmsg(afalg->opfd, afalg->msg, 0); // expect: afalg-io [flow]
        if (ret == -1) {
            error_setg_errno(errp, errno, "Send data to AF_ALG core failed");
            return -1;
        }
        rlen = read(afalg->opfd, (char *)out + done, ret); // expect: afalg-io [flow]
        if (rlen != ret) {
            error_setg_errno(errp, errno, "Get result from AF_ALG core failed");
            return -1;
        }
        /* later chunks continue with the kernel-held IV */
        afalg->msg->msg_controllen = 0;
        done += ret;
    } while (done < len);

    afalg->msg->msg_controllen = saved_controllen;
    return 0;
}
