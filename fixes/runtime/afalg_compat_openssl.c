/*
 * afalg_compat_openssl.c - backend on OpenSSL 3 (EVP_MD, EVP_MAC "HMAC",
 * EVP_CIPHER, RAND_bytes).  Availability is decided by fetching from the
 * default library context, so a FIPS-only configuration reports exactly
 * what it can do.
 */
#include "afalg_compat_internal.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

static const char *md_name(int md) {
  static const char *const names[AFALGC_MD_COUNT] = {
      [AFALGC_MD_MD4] = "MD4",           [AFALGC_MD_MD5] = "MD5",
      [AFALGC_MD_SHA1] = "SHA1",         [AFALGC_MD_SHA224] = "SHA2-224",
      [AFALGC_MD_SHA256] = "SHA2-256",   [AFALGC_MD_SHA384] = "SHA2-384",
      [AFALGC_MD_SHA512] = "SHA2-512",   [AFALGC_MD_SHA3_224] = "SHA3-224",
      [AFALGC_MD_SHA3_256] = "SHA3-256", [AFALGC_MD_SHA3_384] = "SHA3-384",
      [AFALGC_MD_SHA3_512] = "SHA3-512", [AFALGC_MD_SM3] = "SM3",
      [AFALGC_MD_RMD160] = "RIPEMD-160", [AFALGC_MD_WP512] = "WHIRLPOOL",
  };
  return md >= 0 && md < AFALGC_MD_COUNT ? names[md] : NULL;
}

/* EVP cipher name for (cipher, mode, key length); NULL if none. */
static const char *cipher_name(int cipher, int mode, size_t keylen, char *buf,
                               size_t cap) {
  static const char *const modes[] = {NULL, "ECB", "CBC", "CTR"};
  switch (cipher) {
  case AFALGC_C_AES:
    if (mode < AFALGC_M_ECB || mode > AFALGC_M_CTR)
      return NULL;
    snprintf(buf, cap, "AES-%u-%s", (unsigned)keylen * 8, modes[mode]);
    return buf;
  case AFALGC_C_DES3:
    return mode == AFALGC_M_ECB   ? "DES-EDE3-ECB"
           : mode == AFALGC_M_CBC ? "DES-EDE3-CBC"
                                  : NULL;
  case AFALGC_C_SM4:
    if (mode < AFALGC_M_ECB || mode > AFALGC_M_CTR)
      return NULL;
    snprintf(buf, cap, "SM4-%s", modes[mode]);
    return buf;
  case AFALGC_C_CHACHA20:
    return mode == AFALGC_M_STREAM ? "ChaCha20" : NULL;
  }
  return NULL;
}

static int has_md(int md) {
  EVP_MD *m = md_name(md) ? EVP_MD_fetch(NULL, md_name(md), NULL) : NULL;
  EVP_MD_free(m);
  return m != NULL;
}

static int has_hmac(int md) {
  EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
  EVP_MAC_free(mac);
  return mac && has_md(md);
}

static int has_cipher(int cipher, int mode) {
  char buf[32];
  const char *n = cipher_name(cipher, mode, 16, buf, sizeof buf);
  EVP_CIPHER *c = n ? EVP_CIPHER_fetch(NULL, n, NULL) : NULL;
  EVP_CIPHER_free(c);
  return c != NULL;
}

static const char *aead_name(int aead, size_t keylen, char *buf, size_t cap) {
  if (aead == AFALGC_A_CHACHAPOLY)
    return "ChaCha20-Poly1305";
  snprintf(buf, cap, "AES-%u-%s", (unsigned)keylen * 8,
           aead == AFALGC_A_GCM ? "GCM" : "CCM");
  return buf;
}

static int has_aead(int aead, int cipher) {
  char buf[32];
  EVP_CIPHER *c =
      EVP_CIPHER_fetch(NULL, aead_name(aead, 16, buf, sizeof buf), NULL);
  EVP_CIPHER_free(c);
  (void)cipher;
  return c != NULL;
}

/* ---- hashes -------------------------------------------------------------- */

struct oh {
  EVP_MD_CTX *md;
  EVP_MAC_CTX *mac;
};

static void hash_free(void *p) {
  struct oh *h = p;
  if (!h)
    return;
  EVP_MD_CTX_free(h->md);
  EVP_MAC_CTX_free(h->mac);
  free(h);
}

static void *hash_new(int md, const uint8_t *key, size_t keylen) {
  struct oh *h = calloc(1, sizeof *h);
  const char *name = md_name(md);
  if (!h || !name)
    return free(h), NULL;
  if (!key) {
    EVP_MD *m = EVP_MD_fetch(NULL, name, NULL);
    h->md = EVP_MD_CTX_new();
    if (!m || !h->md || !EVP_DigestInit_ex2(h->md, m, NULL))
      EVP_MD_CTX_free(h->md), h->md = NULL;
    EVP_MD_free(m);
    if (!h->md)
      return hash_free(h), NULL;
  } else {
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    OSSL_PARAM params[2];
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
                                                 (char *)name, 0);
    params[1] = OSSL_PARAM_construct_end();
    h->mac = mac ? EVP_MAC_CTX_new(mac) : NULL;
    EVP_MAC_free(mac);
    if (!h->mac || !EVP_MAC_init(h->mac, key, keylen, params))
      return hash_free(h), NULL;
  }
  return h;
}

static int hash_update(void *p, const void *data, size_t len) {
  struct oh *h = p;
  int ok = h->md ? EVP_DigestUpdate(h->md, data, len)
                 : EVP_MAC_update(h->mac, data, len);
  return ok ? 0 : -EINVAL;
}

static int hash_final(void *p, uint8_t *out) {
  struct oh *h = p;
  unsigned int l;
  size_t sl;
  int ok = h->md ? EVP_DigestFinal_ex(h->md, out, &l)
                 : EVP_MAC_final(h->mac, out, &sl, 64);
  return ok ? 0 : -EINVAL;
}

static void *hash_dup(const void *p) {
  const struct oh *s = p;
  struct oh *h = calloc(1, sizeof *h);
  if (!h)
    return NULL;
  if (s->md) {
    h->md = EVP_MD_CTX_new();
    if (!h->md || !EVP_MD_CTX_copy_ex(h->md, s->md))
      return hash_free(h), NULL;
  } else if (!(h->mac = EVP_MAC_CTX_dup(s->mac))) {
    return hash_free(h), NULL;
  }
  return h;
}

/* ---- ciphers ------------------------------------------------------------- */

struct oc {
  EVP_CIPHER *cipher;
  EVP_CIPHER_CTX *ctx[2]; /* [enc]; lazily keyed */
  int stream;             /* CTR/ChaCha20: direction does not matter */
  size_t keylen;
  uint8_t key[32];
};

static void cipher_free(void *p) {
  struct oc *c = p;
  if (!c)
    return;
  EVP_CIPHER_CTX_free(c->ctx[0]);
  EVP_CIPHER_CTX_free(c->ctx[1]);
  EVP_CIPHER_free(c->cipher);
  afalgc_wipe(c, sizeof *c);
  free(c);
}

static void *cipher_new(int cipher, int mode, const uint8_t *key,
                        size_t keylen) {
  char buf[32];
  const char *n = cipher_name(cipher, mode, keylen, buf, sizeof buf);
  struct oc *c = calloc(1, sizeof *c);
  if (!c || !n || keylen > sizeof c->key)
    return free(c), NULL;
  if (!(c->cipher = EVP_CIPHER_fetch(NULL, n, NULL)) ||
      (size_t)EVP_CIPHER_get_key_length(c->cipher) != keylen)
    return cipher_free(c), NULL;
  c->stream = mode == AFALGC_M_CTR || mode == AFALGC_M_STREAM;
  c->keylen = keylen;
  memcpy(c->key, key, keylen);
  return c;
}

static int cipher_crypt(void *p, int enc, const uint8_t *iv, const uint8_t *in,
                        uint8_t *out, size_t len) {
  struct oc *c = p;
  EVP_CIPHER_CTX *ctx;
  int ok;

  if (c->stream)
    enc = 1;
  enc = enc ? 1 : 0;
  if (!c->ctx[enc]) {
    if (!(c->ctx[enc] = EVP_CIPHER_CTX_new()))
      return -ENOMEM;
    ok = EVP_CipherInit_ex2(c->ctx[enc], c->cipher, c->key, iv, enc, NULL) &&
         EVP_CIPHER_CTX_set_padding(c->ctx[enc], 0);
  } else { /* new IV, same key: also resets the CTR byte position */
    ok = EVP_CipherInit_ex2(c->ctx[enc], NULL, NULL, iv, enc, NULL);
  }
  if (!ok)
    return -EINVAL;
  ctx = c->ctx[enc];
  while (len) {
    int step = len > (INT_MAX / 2) ? INT_MAX / 2 : (int)len, outl;
    if (!EVP_CipherUpdate(ctx, out, &outl, in, step) || outl != step)
      return -EINVAL;
    in += step, out += step, len -= (size_t)step;
  }
  return 0;
}

/* ---- AEAD ---------------------------------------------------------------- */

static int aead_crypt(int aead, int cipher, const uint8_t *key, size_t keylen,
                      int enc, const uint8_t *nonce, size_t noncelen,
                      const uint8_t *aad, size_t aadlen, const uint8_t *in,
                      size_t len, uint8_t *out, uint8_t *tag, size_t taglen) {
  char buf[32];
  EVP_CIPHER *c =
      EVP_CIPHER_fetch(NULL, aead_name(aead, keylen, buf, sizeof buf), NULL);
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
  int rc = -EINVAL, l, ccm = aead == AFALGC_A_CCM;

  (void)cipher;
  if (!c || !ctx || len > INT_MAX || aadlen > INT_MAX)
    goto out;
  if (!EVP_CipherInit_ex2(ctx, c, NULL, NULL, enc, NULL) ||
      !EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, (int)noncelen, NULL) ||
      (ccm && !EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, (int)taglen,
                                   enc ? NULL : tag)) ||
      !EVP_CipherInit_ex2(ctx, NULL, key, nonce, enc, NULL))
    goto out;
  if (ccm && !EVP_CipherUpdate(ctx, NULL, &l, NULL, (int)len))
    goto out;
  if (aadlen && !EVP_CipherUpdate(ctx, NULL, &l, aad, (int)aadlen))
    goto out;
  if (!enc && !ccm &&
      !EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, (int)taglen, tag))
    goto out;
  rc = enc ? -EINVAL : -EBADMSG; /* CCM verifies inside Update */
  if ((len || ccm) && EVP_CipherUpdate(ctx, out, &l, in, (int)len) <= 0)
    goto out;
  if ((!ccm || enc) && EVP_CipherFinal_ex(ctx, out + len, &l) <= 0)
    goto out;
  rc = -EINVAL;
  if (enc && !EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, (int)taglen, tag))
    goto out;
  rc = 0;
out:
  EVP_CIPHER_CTX_free(ctx);
  EVP_CIPHER_free(c);
  return rc;
}

static int rng(uint8_t *out, size_t len) {
  return RAND_bytes(out, (int)len) == 1 ? 0 : -EIO;
}

const struct afalgc_backend afalgc_backend = {
    "openssl",  has_md,       has_hmac,    has_cipher, has_aead,
    hash_new,   hash_update,  hash_final,  hash_dup,   hash_free,
    cipher_new, cipher_crypt, cipher_free, aead_crypt, rng,
};
