/*
 * Kernel crypto API backend: declarations shared by the hash and the
 * cipher halves.  afalg-scan evaluation corpus, after a disk-encryption
 * setup library's "kernel" crypto backend.
 */
#ifndef CRYPTO_BACKEND_INTERNAL_H
#define CRYPTO_BACKEND_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "crypto_backend.h"	/* public backend API */

/* skcipher/aead context, embedded in struct crypt_cipher */
struct crypt_cipher_kernel {
	int tfmfd;
	int opfd;
};

int crypt_cipher_init_kernel(struct crypt_cipher_kernel *ctx, const char *name,
			     const char *mode, const void *key, size_t key_length);
void crypt_cipher_destroy_kernel(struct crypt_cipher_kernel *ctx);
int crypt_cipher_check_kernel(const char *name, const char *mode,
			      const char *integrity, size_t key_length);
int crypt_bitlk_decrypt_key_kernel(const void *key, size_t key_length,
				   const char *in, char *out, size_t length,
				   const char *iv, size_t iv_length,
				   const char *tag, size_t tag_length);

#endif
