/*
 * Emulator crypto layer: AF_ALG socket setup shared by cipher and hash.
 */

#include "qemu/osdep.h"
#include "qemu/sockets.h"
#include "qapi/error.h"
#include "afalgpriv.h"

static bool
qcrypto_afalg_fill_addr(const char *type, const char *name,
                        struct sockaddr_alg *salg, Error **errp)
{
    salg->salg_family = AF_ALG; // expect: afalg-sockaddr

    if (strnlen(type, SALG_TYPE_LEN_MAX) >= SALG_TYPE_LEN_MAX ||
        strnlen(name, SALG_NAME_LEN_MAX) >= SALG_NAME_LEN_MAX) {
        error_setg(errp, "AF_ALG type/name too long: %s/%s", type, name);
        return false;
    }

    pstrcpy((char *)salg->salg_type, SALG_TYPE_LEN_MAX, type);
    pstrcpy((char *)salg->salg_name, SALG_NAME_LEN_MAX, name);
    return true;
}

static int
qcrypto_afalg_open_bound(const char *type, const char *name, Error **errp)
{
    struct sockaddr_alg salg = {0};
    int sbind;

    if (!qcrypto_afalg_fill_addr(type, name, &salg, errp)) {
        return -1;
    }

    sbind = qemu_socket(AF_ALG, SOCK_SEQPACKET, 0);
    if (sbind < 0) {
        error_setg_errno(errp, errno, "Failed to create socket");
        return -1;
    }

    if (bind(sbind, (const struct sockaddr *)&salg, sizeof(salg)) != 0) { // expect: afalg-bind
        error_setg_errno(errp, errno, "Failed to bind socket");
        close(sbind);
        return -1;
    }
    return sbind;
}

QCryptoAFAlg *
qcrypto_afalg_session_new(const char *type, const char *name, Error **errp)
{
    QCryptoAFAlg *afalg = g_new0(QCryptoAFAlg, 1);

    afalg->opfd = -1;
    afalg->tfmfd = qcrypto_afalg_open_bound(type, name, errp);
    if (afalg->tfmfd == -1) {
        goto error;
    }

    /* accepted before any key is set: the key follows on the tfm */
    afalg->opfd = qemu_accept(afalg->tfmfd, NULL, 0);
    if (afalg->opfd == -1) {
        error_setg_errno(errp, errno, "Failed to accept socket");
        goto error;
    }
    return afalg;

error:
    qcrypto_afalg_session_free(afalg);
    return NULL;
}

void qcrypto_afalg_session_free(QCryptoAFAlg *afalg)
{
    if (!afalg) {
        return;
    }
    if (afalg->msg) {
        g_free(afalg->msg->msg_control);
        g_free(afalg->msg);
    }
    if (afalg->tfmfd != -1) {
        close(afalg->tfmfd);
    }
    if (afalg->opfd != -1) {
        close(afalg->opfd);
    }
    g_free(afalg);
}
