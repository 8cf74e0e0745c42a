/*
 * afalg_compat_nettle.c - backend on Nettle (>= 3.7): nettle_hash
 * descriptors with the generic HMAC, AES through nettle_cipher with the
 * generic CBC/CTR/GCM/CCM functions, ChaCha20(-Poly1305), and getrandom(2)
 * for the rng type (Nettle has no self-seeding CSPRNG).
 */
#include "afalg_compat_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <nettle/cbc.h>
#include <nettle/ccm.h>
#include <nettle/chacha-poly1305.h>
#include <nettle/chacha.h>
#include <nettle/ctr.h>
#include <nettle/des.h>
#include <nettle/gcm.h>
#include <nettle/hmac.h>
#include <nettle/memops.h>
#include <nettle/nettle-meta.h>
#include <nettle/version.h>

static const struct nettle_hash *md_desc(int md) {
  switch (md) {
  case AFALGC_MD_MD4:
    return &nettle_md4;
  case AFALGC_MD_MD5:
    return &nettle_md5;
  case AFALGC_MD_SHA1:
    return &nettle_sha1;
  case AFALGC_MD_SHA224:
    return &nettle_sha224;
  case AFALGC_MD_SHA256:
    return &nettle_sha256;
  case AFALGC_MD_SHA384:
    return &nettle_sha384;
  case AFALGC_MD_SHA512:
    return &nettle_sha512;
  case AFALGC_MD_SHA3_224:
    return &nettle_sha3_224;
  case AFALGC_MD_SHA3_256:
    return &nettle_sha3_256;
  case AFALGC_MD_SHA3_384:
    return &nettle_sha3_384;
  case AFALGC_MD_SHA3_512:
    return &nettle_sha3_512;
#if NETTLE_VERSION_MAJOR > 3 || NETTLE_VERSION_MINOR >= 8
  case AFALGC_MD_SM3:
    return &nettle_sm3;
#endif
  case AFALGC_MD_RMD160:
    return &nettle_ripemd160;
  case AFALGC_MD_STREEBOG256:
    return &nettle_streebog256;
  case AFALGC_MD_STREEBOG512:
    return &nettle_streebog512;
  }
  return NULL;
}

/* Block ciphers as nettle_cipher descriptors (3DES has none upstream). */
static void des3_set(void *ctx, const uint8_t *key) {
  des3_set_key(ctx, key); /* weak keys are reported, not refused */
}

static const struct nettle_cipher des3_desc = {
    "des3",
    sizeof(struct des3_ctx),
    DES3_BLOCK_SIZE,
    DES3_KEY_SIZE,
    des3_set,
    des3_set,
    (nettle_cipher_func *)des3_encrypt,
    (nettle_cipher_func *)des3_decrypt,
};

static const struct nettle_cipher *block_desc(int cipher, size_t keylen) {
  if (cipher == AFALGC_C_AES)
    return keylen == 16   ? &nettle_aes128
           : keylen == 24 ? &nettle_aes192
           : keylen == 32 ? &nettle_aes256
                          : NULL;
  if (cipher == AFALGC_C_DES3)
    return keylen == DES3_KEY_SIZE ? &des3_desc : NULL;
  return NULL;
}

static int has_md(int md) { return md_desc(md) != NULL; }

static int has_hmac(int md) { return md_desc(md) != NULL; }

static int has_cipher(int cipher, int mode) {
  if (cipher == AFALGC_C_CHACHA20)
    return mode == AFALGC_M_STREAM;
  if (cipher == AFALGC_C_DES3)
    return mode == AFALGC_M_ECB || mode == AFALGC_M_CBC;
  return cipher == AFALGC_C_AES && mode != AFALGC_M_STREAM;
}

static int has_aead(int aead, int cipher) {
  return aead == AFALGC_A_CHACHAPOLY ? cipher == AFALGC_C_CHACHA20
                                     : cipher == AFALGC_C_AES;
}

/* ---- hashes -------------------------------------------------------------- */

struct nh {
  const struct nettle_hash *hash;
  int hmac;
  size_t size;
  uint8_t *ctx; /* state, or outer || inner || state for HMAC */
};

static void hash_free(void *p) {
  struct nh *h = p;
  if (!h)
    return;
  if (h->ctx) {
    afalgc_wipe(h->ctx, h->size);
    free(h->ctx);
  }
  free(h);
}

static void *hash_new(int md, const uint8_t *key, size_t keylen) {
  struct nh *h = calloc(1, sizeof *h);
  if (!h || !(h->hash = md_desc(md)))
    return free(h), NULL;
  h->hmac = key != NULL;
  h->size = h->hash->context_size * (h->hmac ? 3 : 1);
  if (!(h->ctx = malloc(h->size)))
    return free(h), NULL;
  if (h->hmac) {
    size_t c = h->hash->context_size;
    hmac_set_key(h->ctx, h->ctx + c, h->ctx + 2 * c, h->hash, keylen, key);
  } else {
    h->hash->init(h->ctx);
  }
  return h;
}

static int hash_update(void *p, const void *data, size_t len) {
  struct nh *h = p;
  if (h->hmac)
    hmac_update(h->ctx + 2 * h->hash->context_size, h->hash, len, data);
  else
    h->hash->update(h->ctx, len, data);
  return 0;
}

static int hash_final(void *p, uint8_t *out) {
  struct nh *h = p;
  size_t c = h->hash->context_size;
  if (h->hmac)
    hmac_digest(h->ctx, h->ctx + c, h->ctx + 2 * c, h->hash,
                h->hash->digest_size, out);
  else
    h->hash->digest(h->ctx, h->hash->digest_size, out);
  return 0;
}

/* Nettle contexts are plain structs: a copy is a clone. */
static void *hash_dup(const void *p) {
  const struct nh *s = p;
  struct nh *h = malloc(sizeof *h);
  if (!h)
    return NULL;
  *h = *s;
  if (!(h->ctx = malloc(s->size)))
    return free(h), NULL;
  memcpy(h->ctx, s->ctx, s->size);
  return h;
}

/* ---- ciphers ------------------------------------------------------------- */

struct nc {
  const struct nettle_cipher *desc; /* NULL for ChaCha20 */
  int mode;
  void *ectx, *dctx;
  struct chacha_ctx chacha;
};

static void cipher_free(void *p) {
  struct nc *c = p;
  if (!c)
    return;
  if (c->desc) {
    afalgc_wipe(c->ectx, c->desc->context_size);
    afalgc_wipe(c->dctx, c->desc->context_size);
  }
  free(c->ectx);
  free(c->dctx);
  afalgc_wipe(c, sizeof *c);
  free(c);
}

static void *cipher_new(int cipher, int mode, const uint8_t *key,
                        size_t keylen) {
  struct nc *c = calloc(1, sizeof *c);
  if (!c)
    return NULL;
  c->mode = mode;
  if (cipher == AFALGC_C_CHACHA20) {
    if (keylen != CHACHA_KEY_SIZE)
      return free(c), NULL;
    chacha_set_key(&c->chacha, key);
    return c;
  }
  if (!(c->desc = block_desc(cipher, keylen)) ||
      !(c->ectx = malloc(c->desc->context_size)) ||
      !(c->dctx = malloc(c->desc->context_size)))
    return cipher_free(c), NULL;
  c->desc->set_encrypt_key(c->ectx, key);
  c->desc->set_decrypt_key(c->dctx, key);
  return c;
}

static int cipher_crypt(void *p, int enc, const uint8_t *iv, const uint8_t *in,
                        uint8_t *out, size_t len) {
  struct nc *c = p;
  uint8_t ivbuf[16];
  const struct nettle_cipher *d = c->desc;

  if (c->mode == AFALGC_M_STREAM) {
    chacha_set_nonce96(&c->chacha, iv + 4);
    chacha_set_counter32(&c->chacha, iv);
    chacha_crypt32(&c->chacha, len, out, in);
    return 0;
  }
  if (len % d->block_size && c->mode != AFALGC_M_CTR)
    return -EINVAL;
  switch (c->mode) {
  case AFALGC_M_ECB:
    if (enc)
      d->encrypt(c->ectx, len, out, in);
    else
      d->decrypt(c->dctx, len, out, in);
    break;
  case AFALGC_M_CBC:
    memcpy(ivbuf, iv, d->block_size);
    if (enc)
      cbc_encrypt(c->ectx, d->encrypt, d->block_size, ivbuf, len, out, in);
    else
      cbc_decrypt(c->dctx, d->decrypt, d->block_size, ivbuf, len, out, in);
    break;
  case AFALGC_M_CTR:
    memcpy(ivbuf, iv, d->block_size);
    ctr_crypt(c->ectx, d->encrypt, d->block_size, ivbuf, len, out, in);
    break;
  }
  return 0;
}

/* ---- AEAD ---------------------------------------------------------------- */

static int gcm_crypt(const struct nettle_cipher *d, const uint8_t *key, int enc,
                     const uint8_t *nonce, size_t noncelen, const uint8_t *aad,
                     size_t aadlen, const uint8_t *in, size_t len, uint8_t *out,
                     uint8_t *tag, size_t taglen) {
  struct gcm_key gk;
  struct gcm_ctx gc;
  uint8_t calc[GCM_DIGEST_SIZE];
  void *ctx = malloc(d->context_size);
  int rc = 0;
  if (!ctx)
    return -ENOMEM;
  d->set_encrypt_key(ctx, key);
  gcm_set_key(&gk, ctx, d->encrypt);
  gcm_set_iv(&gc, &gk, noncelen, nonce);
  gcm_update(&gc, &gk, aadlen, aad);
  if (enc) {
    gcm_encrypt(&gc, &gk, ctx, d->encrypt, len, out, in);
    gcm_digest(&gc, &gk, ctx, d->encrypt, taglen, tag);
  } else {
    gcm_decrypt(&gc, &gk, ctx, d->encrypt, len, out, in);
    gcm_digest(&gc, &gk, ctx, d->encrypt, taglen, calc);
    rc = memeql_sec(calc, tag, taglen) ? 0 : -EBADMSG;
  }
  afalgc_wipe(ctx, d->context_size);
  afalgc_wipe(&gk, sizeof gk);
  afalgc_wipe(&gc, sizeof gc);
  free(ctx);
  return rc;
}

/* Nettle's CCM works on ciphertext || tag in one buffer. */
static int ccm_crypt(const struct nettle_cipher *d, const uint8_t *key, int enc,
                     const uint8_t *nonce, size_t noncelen, const uint8_t *aad,
                     size_t aadlen, const uint8_t *in, size_t len, uint8_t *out,
                     uint8_t *tag, size_t taglen) {
  uint8_t *buf = malloc(len + taglen);
  void *ctx = malloc(d->context_size);
  int rc = 0;
  if (!buf || !ctx) {
    free(buf), free(ctx);
    return -ENOMEM;
  }
  d->set_encrypt_key(ctx, key);
  if (enc) {
    ccm_encrypt_message(ctx, d->encrypt, noncelen, nonce, aadlen, aad, taglen,
                        len + taglen, buf, in);
    memcpy(out, buf, len);
    memcpy(tag, buf + len, taglen);
  } else {
    memcpy(buf, in, len);
    memcpy(buf + len, tag, taglen);
    rc = ccm_decrypt_message(ctx, d->encrypt, noncelen, nonce, aadlen, aad,
                             taglen, len, out, buf)
             ? 0
             : -EBADMSG;
  }
  afalgc_wipe(ctx, d->context_size);
  afalgc_wipe(buf, len + taglen);
  free(ctx);
  free(buf);
  return rc;
}

static int chachapoly_crypt(const uint8_t *key, int enc, const uint8_t *nonce,
                            const uint8_t *aad, size_t aadlen,
                            const uint8_t *in, size_t len, uint8_t *out,
                            uint8_t *tag, size_t taglen) {
  struct chacha_poly1305_ctx ctx;
  uint8_t calc[CHACHA_POLY1305_DIGEST_SIZE];
  int rc = 0;
  chacha_poly1305_set_key(&ctx, key);
  chacha_poly1305_set_nonce(&ctx, nonce);
  chacha_poly1305_update(&ctx, aadlen, aad);
  if (enc) {
    chacha_poly1305_encrypt(&ctx, len, out, in);
    chacha_poly1305_digest(&ctx, taglen, tag);
  } else {
    chacha_poly1305_decrypt(&ctx, len, out, in);
    chacha_poly1305_digest(&ctx, taglen, calc);
    rc = memeql_sec(calc, tag, taglen) ? 0 : -EBADMSG;
  }
  afalgc_wipe(&ctx, sizeof ctx);
  return rc;
}

static int aead_crypt(int aead, int cipher, const uint8_t *key, size_t keylen,
                      int enc, const uint8_t *nonce, size_t noncelen,
                      const uint8_t *aad, size_t aadlen, const uint8_t *in,
                      size_t len, uint8_t *out, uint8_t *tag, size_t taglen) {
  const struct nettle_cipher *d;
  if (aead == AFALGC_A_CHACHAPOLY)
    return keylen == CHACHA_POLY1305_KEY_SIZE &&
                   noncelen == CHACHA_POLY1305_NONCE_SIZE
               ? chachapoly_crypt(key, enc, nonce, aad, aadlen, in, len, out,
                                  tag, taglen)
               : -EINVAL;
  if (!(d = block_desc(cipher, keylen)) || d->block_size != 16)
    return -EINVAL;
  return aead == AFALGC_A_GCM ? gcm_crypt(d, key, enc, nonce, noncelen, aad,
                                          aadlen, in, len, out, tag, taglen)
                              : ccm_crypt(d, key, enc, nonce, noncelen, aad,
                                          aadlen, in, len, out, tag, taglen);
}

static int rng(uint8_t *out, size_t len) {
  while (len) {
    ssize_t n = getrandom(out, len, 0);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return -errno;
    }
    out += n, len -= (size_t)n;
  }
  return 0;
}

const struct afalgc_backend afalgc_backend = {
    "nettle",   has_md,       has_hmac,    has_cipher, has_aead,
    hash_new,   hash_update,  hash_final,  hash_dup,   hash_free,
    cipher_new, cipher_crypt, cipher_free, aead_crypt, rng,
};
