/*
 * Emulator crypto layer: AF_ALG hash and HMAC driver.
 */

#include "qemu/osdep.h"
#include "qemu/iov.h"
#include "qapi/error.h"
#include "afalgpriv.h"

static const char *const hash_names[] = {
    "md5", "sha1", "sha224", "sha256", "sha384", "sha512", "rmd160",
};

QCryptoAFAlg *
qcrypto_afalg_hash_new(int alg, const uint8_t *key, size_t nkey,
                           bool is_hmac, Error **errp)
{
    QCryptoAFAlg *afalg;
    char *name;

    name = is_hmac ? g_strdup_printf("hmac(%s)", hash_names[alg])
                   : g_strdup(hash_names[alg]);
    afalg = qcrypto_afalg_session_new(AFALG_TYPE_HASH, name, errp);
    g_free(name);
    if (!afalg) {
        return NULL;
    }

    if (is_hmac &&
        setsockopt(afalg->tfmfd, SOL_ALG, ALG_SET_KEY, key, nkey) != 0) { // expect: afalg-setsockopt
        error_setg_errno(errp, errno, "Set hmac key failed");
        qcrypto_afalg_session_free(afalg);
        return NULL;
    }
    return afalg;
}

int
qcrypto_afalg_hash_iov(QCryptoAFAlg *afalg, const struct iovec *iov,
                          size_t niov, uint8_t *result, size_t resultlen,
                          Error **errp)
{
    struct iovec outv = { .iov_base = result, .iov_len = resultlen };

    /* data in, then the digest out, both through the generic iov helper */
    if (iov_send_recv(afalg->opfd, iov, niov, iov_size(iov, niov), true) < 0 ||
        iov_send_recv(afalg->opfd, &outv, 1, resultlen, false) < 0) {
        error_setg_errno(errp, errno, "AF_ALG hash failed");
        return -1;
    }
    return 0;
}
