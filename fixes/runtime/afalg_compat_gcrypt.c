/*
 * afalg_compat_gcrypt.c - backend on libgcrypt (gcry_md with
 * GCRY_MD_FLAG_HMAC, gcry_cipher modes, gcry_randomize).  The library is
 * initialised on first use unless the application already did it.
 */
#include "afalg_compat_internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <gcrypt.h>

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init_library(void) {
  if (!gcry_control(GCRYCTL_INITIALIZATION_FINISHED_P)) {
    gcry_check_version(NULL);
    gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
  }
}

static void init(void) { pthread_once(&init_once, init_library); }

static int md_algo(int md) {
  static const int algos[AFALGC_MD_COUNT] = {
      [AFALGC_MD_MD4] = GCRY_MD_MD4,
      [AFALGC_MD_MD5] = GCRY_MD_MD5,
      [AFALGC_MD_SHA1] = GCRY_MD_SHA1,
      [AFALGC_MD_SHA224] = GCRY_MD_SHA224,
      [AFALGC_MD_SHA256] = GCRY_MD_SHA256,
      [AFALGC_MD_SHA384] = GCRY_MD_SHA384,
      [AFALGC_MD_SHA512] = GCRY_MD_SHA512,
      [AFALGC_MD_SHA3_224] = GCRY_MD_SHA3_224,
      [AFALGC_MD_SHA3_256] = GCRY_MD_SHA3_256,
      [AFALGC_MD_SHA3_384] = GCRY_MD_SHA3_384,
      [AFALGC_MD_SHA3_512] = GCRY_MD_SHA3_512,
      [AFALGC_MD_SM3] = GCRY_MD_SM3,
      [AFALGC_MD_RMD160] = GCRY_MD_RMD160,
      [AFALGC_MD_STREEBOG256] = GCRY_MD_STRIBOG256,
      [AFALGC_MD_STREEBOG512] = GCRY_MD_STRIBOG512,
      [AFALGC_MD_WP512] = GCRY_MD_WHIRLPOOL,
  };
  return md >= 0 && md < AFALGC_MD_COUNT ? algos[md] : 0;
}

static int cipher_algo(int cipher, size_t keylen) {
  switch (cipher) {
  case AFALGC_C_AES:
    return keylen == 16   ? GCRY_CIPHER_AES128
           : keylen == 24 ? GCRY_CIPHER_AES192
           : keylen == 32 ? GCRY_CIPHER_AES256
                          : 0;
  case AFALGC_C_DES3:
    return GCRY_CIPHER_3DES;
  case AFALGC_C_SM4:
    return GCRY_CIPHER_SM4;
  case AFALGC_C_CHACHA20:
    return GCRY_CIPHER_CHACHA20;
  }
  return 0;
}

static int cipher_mode(int mode) {
  switch (mode) {
  case AFALGC_M_ECB:
    return GCRY_CIPHER_MODE_ECB;
  case AFALGC_M_CBC:
    return GCRY_CIPHER_MODE_CBC;
  case AFALGC_M_CTR:
    return GCRY_CIPHER_MODE_CTR;
  }
  return GCRY_CIPHER_MODE_STREAM;
}

static int has_md(int md) {
  init();
  return md_algo(md) && gcry_md_test_algo(md_algo(md)) == 0;
}

static int has_cipher(int cipher, int mode) {
  int algo = cipher_algo(cipher, cipher == AFALGC_C_AES ? 16 : 0);
  init();
  if (!algo || (cipher == AFALGC_C_CHACHA20) != (mode == AFALGC_M_STREAM))
    return 0;
  return gcry_cipher_test_algo(algo) == 0;
}

static int has_aead(int aead, int cipher) {
  init();
  if (aead == AFALGC_A_CHACHAPOLY)
    return gcry_cipher_test_algo(GCRY_CIPHER_CHACHA20) == 0;
  return cipher == AFALGC_C_AES &&
         gcry_cipher_test_algo(GCRY_CIPHER_AES128) == 0;
}

/* ---- hashes -------------------------------------------------------------- */

struct gh {
  gcry_md_hd_t h;
  int algo;
};

static void hash_free(void *p) {
  struct gh *g = p;
  if (!g)
    return;
  gcry_md_close(g->h);
  free(g);
}

static void *hash_new(int md, const uint8_t *key, size_t keylen) {
  struct gh *g = calloc(1, sizeof *g);
  init();
  if (!g || !(g->algo = md_algo(md)))
    return free(g), NULL;
  if (gcry_md_open(&g->h, g->algo, key ? GCRY_MD_FLAG_HMAC : 0) != 0)
    return free(g), NULL;
  if (key && gcry_md_setkey(g->h, key, keylen) != 0)
    return hash_free(g), NULL;
  return g;
}

static int hash_update(void *p, const void *data, size_t len) {
  gcry_md_write(((struct gh *)p)->h, data, len);
  return 0;
}

static int hash_final(void *p, uint8_t *out) {
  struct gh *g = p;
  const unsigned char *d = gcry_md_read(g->h, g->algo);
  if (!d)
    return -EINVAL;
  memcpy(out, d, gcry_md_get_algo_dlen(g->algo));
  return 0;
}

static void *hash_dup(const void *p) {
  const struct gh *s = p;
  struct gh *g = calloc(1, sizeof *g);
  if (!g || gcry_md_copy(&g->h, s->h) != 0)
    return free(g), NULL;
  g->algo = s->algo;
  return g;
}

static int has_hmac(int md) { return has_md(md); }

/* ---- ciphers ------------------------------------------------------------- */

struct gc {
  gcry_cipher_hd_t h;
  int mode;
  size_t blklen;
};

static void cipher_free(void *p) {
  struct gc *c = p;
  if (!c)
    return;
  gcry_cipher_close(c->h);
  free(c);
}

static void *cipher_new(int cipher, int mode, const uint8_t *key,
                        size_t keylen) {
  struct gc *c = calloc(1, sizeof *c);
  int algo = cipher_algo(cipher, keylen);
  gcry_error_t e;
  init();
  if (!c || !algo || gcry_cipher_open(&c->h, algo, cipher_mode(mode), 0) != 0)
    return free(c), NULL;
  c->mode = mode;
  c->blklen = gcry_cipher_get_algo_blklen(algo);
  e = gcry_cipher_setkey(c->h, key, keylen);
  /* the kernel accepts DES weak keys outside FIPS mode; so does the key
   * schedule here, it only reports them */
  if (e && gcry_err_code(e) != GPG_ERR_WEAK_KEY)
    return cipher_free(c), NULL;
  return c;
}

static int cipher_crypt(void *p, int enc, const uint8_t *iv, const uint8_t *in,
                        uint8_t *out, size_t len) {
  struct gc *c = p;
  gcry_error_t e = 0;
  if (c->mode == AFALGC_M_CBC)
    e = gcry_cipher_setiv(c->h, iv, c->blklen);
  else if (c->mode == AFALGC_M_CTR)
    e = gcry_cipher_setctr(c->h, iv, c->blklen);
  else if (c->mode == AFALGC_M_STREAM) /* le32 counter || 96-bit nonce */
    e = gcry_cipher_setiv(c->h, iv, 16);
  if (e)
    return -EINVAL;
  if (len == 0)
    return 0;
  if (in == out)
    e = enc ? gcry_cipher_encrypt(c->h, out, len, NULL, 0)
            : gcry_cipher_decrypt(c->h, out, len, NULL, 0);
  else
    e = enc ? gcry_cipher_encrypt(c->h, out, len, in, len)
            : gcry_cipher_decrypt(c->h, out, len, in, len);
  return e ? -EINVAL : 0;
}

/* ---- AEAD ---------------------------------------------------------------- */

static int aead_crypt(int aead, int cipher, const uint8_t *key, size_t keylen,
                      int enc, const uint8_t *nonce, size_t noncelen,
                      const uint8_t *aad, size_t aadlen, const uint8_t *in,
                      size_t len, uint8_t *out, uint8_t *tag, size_t taglen) {
  gcry_cipher_hd_t h;
  int rc = -EINVAL, mode = aead == AFALGC_A_GCM   ? GCRY_CIPHER_MODE_GCM
                           : aead == AFALGC_A_CCM ? GCRY_CIPHER_MODE_CCM
                                                  : GCRY_CIPHER_MODE_POLY1305;
  init();
  if (gcry_cipher_open(&h, cipher_algo(cipher, keylen), mode, 0) != 0)
    return -EINVAL;
  if (gcry_cipher_setkey(h, key, keylen) ||
      gcry_cipher_setiv(h, nonce, noncelen))
    goto out;
  if (aead == AFALGC_A_CCM) {
    uint64_t lens[3] = {len, aadlen, taglen};
    if (gcry_cipher_ctl(h, GCRYCTL_SET_CCM_LENGTHS, lens, sizeof lens))
      goto out;
  }
  if (gcry_cipher_authenticate(h, aad, aadlen))
    goto out;
  if (enc) {
    if ((len && gcry_cipher_encrypt(h, out, len, in, len)) ||
        gcry_cipher_gettag(h, tag, taglen))
      goto out;
  } else {
    if (len && gcry_cipher_decrypt(h, out, len, in, len))
      goto out;
    rc = -EBADMSG;
    if (gcry_cipher_checktag(h, tag, taglen))
      goto out;
  }
  rc = 0;
out:
  gcry_cipher_close(h);
  return rc;
}

static int rng(uint8_t *out, size_t len) {
  init();
  gcry_randomize(out, len, GCRY_STRONG_RANDOM);
  return 0;
}

const struct afalgc_backend afalgc_backend = {
    "gcrypt",   has_md,       has_hmac,    has_cipher, has_aead,
    hash_new,   hash_update,  hash_final,  hash_dup,   hash_free,
    cipher_new, cipher_crypt, cipher_free, aead_crypt, rng,
};
