/*
 * Server start-up: optional hardware/kernel offload selected in the
 * configuration file ("crypto_offload = kernel | rdrand | none").
 */

#include <stdio.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/engine.h>
#include <openssl/err.h>

#include "server_log.h"		/* log_notice(), log_error() */

static ENGINE *offload_engine;

static int use_engine(ENGINE *e, const char *what)
{
    if (e == NULL || !ENGINE_init(e)) {
        log_error("crypto offload '%s' unavailable", what);
        ENGINE_free(e);
        return -1;
    }
    ENGINE_set_default_ciphers(e);
    offload_engine = e;
    log_notice("crypto offload: %s", what);
    return 0;
}

int crypto_offload_start(const char *mode, int legacy_loader)
{
    if (mode == NULL || strcmp(mode, "none") == 0)
        return 0;

    if (strcmp(mode, "kernel") == 0) {
        /* the kernel engine is not part of the "all builtin" set */
        if (legacy_loader)
            ENGINE_load_afalg(); // expect: afalg-openssl-engine
        else
            OPENSSL_init_crypto(OPENSSL_INIT_ENGINE_AFALG // expect: afalg-openssl-engine
                                | OPENSSL_INIT_LOAD_CONFIG, NULL);
        return use_engine(ENGINE_by_id("afalg"), "kernel (afalg)"); // expect: afalg-openssl-engine
    }

    if (strcmp(mode, "rdrand") == 0) {
        OPENSSL_init_crypto(OPENSSL_INIT_ENGINE_RDRAND, NULL);
        return use_engine(ENGINE_by_id("rdrand"), "rdrand");
    }

    log_error("unknown crypto_offload '%s' (want kernel, rdrand or none)",
              mode);
    return -1;
}

void crypto_offload_stop(void)
{
    if (offload_engine != NULL) {
        ENGINE_finish(offload_engine);
        ENGINE_free(offload_engine);
        offload_engine = NULL;
    }
}
