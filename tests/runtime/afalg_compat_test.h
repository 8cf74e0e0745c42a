/*
 * afalg_compat_test.h - shared by the runtime test files: check macros,
 * AF_ALG call helpers, vector drivers and the standard test inputs.
 */
#ifndef AFALG_COMPAT_TEST_H
#define AFALG_COMPAT_TEST_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "afalg_compat.h"

#include <errno.h>
#include <linux/if_alg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

#ifndef AF_ALG
#define AF_ALG 38
#endif
#ifndef SOL_ALG
#define SOL_ALG 279
#endif

/* A test returns 0 (pass), 77 (skip: not supported by the backend), else
 * fails after printing the check that did not hold. */
struct afalg_test {
  const char *name;
  int (*fn)(void);
};
#define TEST(fn)                                                               \
  { #fn, fn }

#define CHECK(cond, ...)                                                       \
  do {                                                                         \
    if (!(cond)) {                                                             \
      printf("#   %s:%d: check failed: %s\n#   ", __FILE__, __LINE__, #cond);  \
      printf(__VA_ARGS__);                                                     \
      printf("\n");                                                            \
      return 1;                                                                \
    }                                                                          \
  } while (0)

#define ERRNO_IS(expr, e)                                                      \
  do {                                                                         \
    long rc_ = (long)(expr);                                                   \
    int errno_ = errno;                                                        \
    CHECK(rc_ == -1 && errno_ == (e), "rc=%ld errno=%d (%s), want %s", rc_,    \
          errno_, strerror(errno_), #e);                                       \
  } while (0)

#define OPEN_OR_SKIP(var, type, name, key, keylen, as)                         \
  do {                                                                         \
    if (!afalg_compat_supported(type, name))                                   \
      return 77;                                                               \
    var = op_open(type, name, key, keylen, as);                                \
    CHECK(var >= 0, "op_open(%s, %s) = %s", type, name, strerror(-var));       \
  } while (0)

extern const char *backend;

size_t unhex(const char *h, uint8_t *out);
void tohex(const void *p, size_t n, char *out);
int eq_hex(const uint8_t *p, size_t n, const char *hex);
char *prefix(const char *hex, size_t bytes);
int tfm_open(const char *type, const char *name);
int op_open(const char *type, const char *name, const uint8_t *key,
            size_t keylen, int authsize);
ssize_t send_ctl(int op, int enc, const uint8_t *iv, size_t ivlen, int assoclen,
                 const struct iovec *iov, size_t niov, int flags);
ssize_t send1(int op, int enc, const uint8_t *iv, size_t ivlen, int assoclen,
              const uint8_t *p, size_t n, int flags);
int hash_vec(const char *name, const char *keyhex, const void *msg, size_t len,
             size_t readlen, const char *want);
int sk_vec(const char *name, const char *keyhex, const char *ivhex,
           const char *pthex, const char *cthex);
int aead_vec(const char *name, const char *keyhex, const char *ivhex,
             int authsize, const char *aadhex, const char *pthex,
             const char *cthex, const char *taghex);

/* Inputs of AFALG.md section 4 used by more than one file. */
extern const char abc_long[], sp800_38a_pt[], aes128_key[], aes256_key[],
    cbc_ct[], ctr_ct[], gcm_key[], gcm_iv[], gcm_pt[], gcm_ct[], gcm_aad[],
    ladies[];

extern const struct afalg_test afalg_tests_vectors[], afalg_tests_protocol[],
    afalg_tests_rules[], afalg_tests_fds[];

int afalg_compat_transcript(void);

#endif /* AFALG_COMPAT_TEST_H */
