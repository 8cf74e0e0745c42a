/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <inttypes.h>
#include <sys/types.h>
#include <sys/uio.h>

typedef struct khash khash;

int khash_supported(void);

/* Unkeyed digests, by kernel name: "sha256", "sha1", "crc32c", "sha3-512"... */
int khash_new(khash **ret, const char *algorithm);

/* Keyed digests: "hmac(sha256)", "cmac(aes)", "xcbc(aes)"... The key is set
 * on the transform before the first operation socket is taken. */
int khash_new_with_key(khash **ret, const char *algorithm, const void *key, size_t key_size);

int khash_dup(khash *h, khash **ret);
khash* khash_unref(khash *h);

int khash_reset(khash *h);
int khash_put(khash *h, const void *buffer, size_t size);
int khash_put_iovec(khash *h, const struct iovec *iovec, size_t n);
int khash_digest_data(khash *h, const void **ret);
