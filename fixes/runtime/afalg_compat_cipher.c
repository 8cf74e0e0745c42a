/*
 * afalg_compat_cipher.c - processing of queued data for the "skcipher" and
 * "aead" socket types (kernel algif_skcipher.c, algif_aead.c): chunking,
 * IV chaining, the AEAD buffer layout and nonce formats.  XTS, CBC-CTS and
 * RFC 3686 are composed here from the backend's ECB/CBC/CTR primitives.
 */
#include "afalg_compat_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define BATCH 4096

static const uint8_t zero_block[16];

/* The pending TX bytes. A request without data (empty plaintext and AAD)
 * has no queue buffer yet, and NULL + 0 is undefined in C: then a valid
 * pointer of which no byte is used, so that offsets of 0 stay defined. */
static const uint8_t *queued(const struct afalgc_op *op) {
  return op->q ? op->q + op->qoff : zero_block;
}

void afalgc_cipher_release(struct afalgc_op *op) {
  if (op->c1)
    afalgc_backend.cipher_free(op->c1);
  if (op->c2)
    afalgc_backend.cipher_free(op->c2);
  op->c1 = op->c2 = NULL;
}

/* ---- skcipher (algif_skcipher.c) ----------------------------------------- */

static void be_add(uint8_t *ctr, unsigned len, uint64_t n) {
  while (len-- && n) {
    uint64_t s = ctr[len] + (n & 0xff);
    ctr[len] = (uint8_t)s;
    n = (n >> 8) + (s >> 8);
  }
}

static int ensure_ctx(struct afalgc_op *op, const struct afalgc_keyinfo *k) {
  const struct afalgc_alg *a = op->alg;
  size_t kl = k->keylen;
  if (op->c1 && op->keygen == k->keygen)
    return 0;
  afalgc_cipher_release(op);
  switch (a->kind) {
  case AFALGC_K_XTS:
    op->c1 = afalgc_backend.cipher_new(a->cipher, AFALGC_M_ECB, k->key, kl / 2);
    op->c2 = afalgc_backend.cipher_new(a->cipher, AFALGC_M_ECB, k->key + kl / 2,
                                       kl / 2);
    if (!op->c2)
      afalgc_cipher_release(op);
    break;
  case AFALGC_K_RFC3686:
    memcpy(op->nonce, k->key + kl - 4, 4);
    op->c1 = afalgc_backend.cipher_new(a->cipher, AFALGC_M_CTR, k->key, kl - 4);
    break;
  default:
    op->c1 = afalgc_backend.cipher_new(a->cipher,
                                       a->kind == AFALGC_K_ECB   ? AFALGC_M_ECB
                                       : a->kind == AFALGC_K_CTR ? AFALGC_M_CTR
                                       : a->kind == AFALGC_K_CHACHA20
                                           ? AFALGC_M_STREAM
                                           : AFALGC_M_CBC,
                                       k->key, kl);
  }
  op->keygen = k->keygen;
  return op->c1 ? 0 : -ENOMEM;
}

/* Multiply the XTS tweak by x in GF(2^128), little-endian convention. */
static void xts_next(uint8_t *t) {
  unsigned i, carry = t[15] >> 7;
  for (i = 15; i > 0; i--)
    t[i] = (uint8_t)(t[i] << 1 | t[i - 1] >> 7);
  t[0] = (uint8_t)(t[0] << 1);
  if (carry)
    t[0] ^= 0x87;
}

/* n full blocks through ECB, whitened with successive tweaks t. */
static int xts_blocks(void *c, int enc, uint8_t *t, const uint8_t *in,
                      uint8_t *out, size_t n) {
  uint8_t tw[BATCH];
  while (n) {
    size_t blk = n < BATCH / 16 ? n : BATCH / 16, i, j;
    int rc;
    for (i = 0; i < blk; i++) {
      memcpy(tw + 16 * i, t, 16);
      for (j = 0; j < 16; j++)
        out[16 * i + j] = in[16 * i + j] ^ t[j];
      xts_next(t);
    }
    if ((rc = afalgc_backend.cipher_crypt(c, enc, NULL, out, out, 16 * blk)))
      return rc;
    for (i = 0; i < 16 * blk; i++)
      out[i] ^= tw[i];
    in += 16 * blk, out += 16 * blk, n -= blk;
  }
  return 0;
}

static int xts_crypt(struct afalgc_op *op, const uint8_t *in, uint8_t *out,
                     size_t len) {
  uint8_t t[16], t2[16], pp[16];
  size_t full = len / 16, r = len % 16;
  int rc;

  if (len < 16)
    return -EINVAL;
  if ((rc = afalgc_backend.cipher_crypt(op->c2, 1, NULL, op->iv, t, 16)))
    return rc;
  if ((rc = xts_blocks(op->c1, op->enc, t, in, out, r ? full - 1 : full)) || !r)
    return rc;
  in += 16 * (full - 1), out += 16 * (full - 1);
  if (op->enc) { /* ciphertext stealing, IEEE 1619 5.3.2 */
    if ((rc = xts_blocks(op->c1, 1, t, in, pp, 1)))
      return rc;
    memcpy(out + 16, pp, r);
    memcpy(pp, in + 16, r);
    return xts_blocks(op->c1, 1, t, pp, out, 1);
  }
  memcpy(t2, t, 16);
  xts_next(t2);
  if ((rc = xts_blocks(op->c1, 0, t2, in, pp, 1)))
    return rc;
  memcpy(out + 16, pp, r);
  memcpy(pp, in + 16, r);
  return xts_blocks(op->c1, 0, t, pp, out, 1);
}

/* CBC ciphertext stealing, variant CS3 (kernel cts(cbc(aes))), len > 16. */
static int cts_crypt(struct afalgc_op *op, const uint8_t *in, uint8_t *out,
                     size_t len) {
  size_t r = len % 16 ? len % 16 : 16, m = (len - r) / 16, i;
  uint8_t cm[16], cn[16], d[16];
  int rc;

  if (op->enc) {
    if ((rc = afalgc_backend.cipher_crypt(op->c1, 1, op->iv, in, out, 16 * m)))
      return rc;
    memcpy(cm, out + 16 * (m - 1), 16);
    memset(d, 0, 16);
    memcpy(d, in + 16 * m, r);
    if ((rc = afalgc_backend.cipher_crypt(op->c1, 1, cm, d, cn, 16)))
      return rc;
    memcpy(out + 16 * (m - 1), cn, 16);
    memcpy(out + 16 * m, cm, r);
  } else {
    memcpy(cn, in + 16 * (m - 1), 16);
    if ((rc = afalgc_backend.cipher_crypt(op->c1, 0, zero_block, cn, d, 16)))
      return rc;
    memcpy(cm, in + 16 * m, r);
    memcpy(cm + r, d + r, 16 - r);
    for (i = 0; i < r; i++)
      out[16 * m + i] = d[i] ^ cm[i];
    if (m > 1 && (rc = afalgc_backend.cipher_crypt(op->c1, 0, op->iv, in, out,
                                                   16 * (m - 1))))
      return rc;
    if ((rc = afalgc_backend.cipher_crypt(op->c1, 0,
                                          m > 1 ? in + 16 * (m - 2) : op->iv,
                                          cm, out + 16 * (m - 1), 16)))
      return rc;
  }
  memcpy(op->iv, cn, 16);
  return 0;
}

static int sk_crypt(struct afalgc_op *op, const uint8_t *in, uint8_t *out,
                    size_t len, int last) {
  const struct afalgc_alg *a = op->alg;
  unsigned bs = a->chunksize;
  uint8_t iv[32], save[16];
  int rc = 0;

  switch (a->kind) {
  case AFALGC_K_ECB:
  case AFALGC_K_CBC:
    if (len % bs)
      return -EINVAL;
    if (len == 0)
      return 0;
    if (a->kind == AFALGC_K_ECB)
      return afalgc_backend.cipher_crypt(op->c1, op->enc, NULL, in, out, len);
    if (!op->enc)
      memcpy(save, in + len - bs, bs);
    rc = afalgc_backend.cipher_crypt(op->c1, op->enc, op->iv, in, out, len);
    memcpy(op->iv, op->enc ? out + len - bs : save, bs);
    return rc;
  case AFALGC_K_CTR:
    rc = afalgc_backend.cipher_crypt(op->c1, op->enc, op->iv, in, out, len);
    /* a partial final block still uses up a counter value */
    be_add(op->iv, bs, (len + bs - 1) / bs);
    return rc;
  case AFALGC_K_RFC3686:
    memcpy(iv, op->nonce, 4);
    memcpy(iv + 4, op->iv, 8);
    memset(iv + 12, 0, 4);
    be_add(iv, 16, 1 + op->stream_blocks);
    rc = afalgc_backend.cipher_crypt(op->c1, op->enc, iv, in, out, len);
    break;
  case AFALGC_K_CHACHA20: {
    uint32_t ctr = (uint32_t)op->iv[0] | (uint32_t)op->iv[1] << 8 |
                   (uint32_t)op->iv[2] << 16 | (uint32_t)op->iv[3] << 24;
    ctr += (uint32_t)op->stream_blocks;
    memcpy(iv, op->iv, 16);
    iv[0] = (uint8_t)ctr, iv[1] = (uint8_t)(ctr >> 8);
    iv[2] = (uint8_t)(ctr >> 16), iv[3] = (uint8_t)(ctr >> 24);
    rc = afalgc_backend.cipher_crypt(op->c1, op->enc, iv, in, out, len);
    break;
  }
  case AFALGC_K_XTS:
    return xts_crypt(op, in, out, len);
  case AFALGC_K_CTS:
    if (len < 16)
      return -EINVAL;
    if (len == 16 || !last) { /* plain CBC: one block, or mid-stream */
      if (len % 16)
        return -EINVAL;
      rc = afalgc_backend.cipher_crypt(op->c1, op->enc, op->iv, in, out, len);
      memcpy(op->iv, (op->enc ? out : in) + len - 16, 16);
      return rc;
    }
    return cts_crypt(op, in, out, len);
  }
  op->stream_blocks = last ? 0 : op->stream_blocks + len / bs;
  return rc;
}

ssize_t afalgc_sk_recv(struct afalgc_op *op, const struct afalgc_keyinfo *k,
                       uint8_t *out, size_t cap) {
  unsigned bs = op->alg->chunksize;
  size_t ret = 0;
  int rc;

  if ((rc = ensure_ctx(op, k)))
    return rc;
  while (ret < cap) {
    size_t used = op->qlen - op->qoff, len;
    int last;
    /* where the kernel would sleep, return what we have (or EAGAIN) */
    if (!op->init || (op->more && used < bs))
      return ret ? (ssize_t)ret : -EAGAIN;
    len = cap - ret < used ? cap - ret : used;
    if (op->more || len < used)
      len -= len % bs;
    last = !op->more && len == used;
    if (len == 0 && !last)
      break;
    {
      const uint8_t *in = queued(op);
      afalgc_pull(op, len); /* consumed even if the cipher fails */
      rc = sk_crypt(op, in, out + ret, len, last);
    }
    if (rc)
      return ret ? (ssize_t)ret : rc;
    ret += len;
    if (len == 0 || last)
      break;
  }
  return (ssize_t)ret;
}

/* ---- aead (algif_aead.c) ------------------------------------------------- */

/* gcm / ccm / chachapoly and their RFC 4106/4309 forms: derive the nonce
 * from the kernel IV format, then one backend call. */
static int aead_prim(struct afalgc_op *op, const struct afalgc_keyinfo *k,
                     const uint8_t *q, size_t assoclen, size_t len, size_t as,
                     uint8_t *buf) {
  const struct afalgc_alg *a = op->alg;
  size_t aadlen = assoclen, nlen = 12, kl = k->keylen;
  uint8_t nonce[16];
  int rc, prim = AFALGC_A_GCM;

  switch (a->kind) {
  case AFALGC_K_GCM:
  case AFALGC_K_CHACHAPOLY:
    memcpy(nonce, op->iv, 12);
    prim = a->kind == AFALGC_K_GCM ? AFALGC_A_GCM : AFALGC_A_CHACHAPOLY;
    break;
  case AFALGC_K_RFC4106:
  case AFALGC_K_RFC4309: /* salt from the key, IV at the end of the AAD */
    if (assoclen != 16 && assoclen != 20)
      return -EINVAL;
    aadlen = assoclen - 8;
    nlen = a->kind == AFALGC_K_RFC4106 ? 4 : 3;
    kl -= nlen;
    memcpy(nonce, k->key + kl, nlen);
    memcpy(nonce + nlen, op->iv, 8);
    nlen += 8;
    prim = a->kind == AFALGC_K_RFC4106 ? AFALGC_A_GCM : AFALGC_A_CCM;
    break;
  case AFALGC_K_CCM: { /* iv[0] = L - 1, nonce follows, counter is zero */
    size_t L = (size_t)op->iv[0] + 1;
    if (op->iv[0] < 1 || op->iv[0] > 7)
      return -EINVAL;
    if (L < 4 && (len >> (8 * L)) != 0)
      return -EOVERFLOW;
    nlen = 15 - L;
    memcpy(nonce, op->iv + 1, nlen);
    prim = AFALGC_A_CCM;
    break;
  }
  default:
    return -EINVAL;
  }
  rc = afalgc_backend.aead_crypt(
      prim, a->cipher, k->key, kl, op->enc, nonce, nlen, q, aadlen,
      q + assoclen, len, buf,
      op->enc ? buf + len : (uint8_t *)q + assoclen + len, as);
  afalgc_wipe(nonce, sizeof nonce);
  return rc;
}

static int equal_ct(const uint8_t *a, const uint8_t *b, size_t n) {
  uint8_t d = 0;
  while (n--)
    d |= *a++ ^ *b++;
  return d == 0;
}

/*
 * authenc(hmac(H),SK) and authencesn (kernel authenc.c, authencesn.c):
 * encrypt-then-MAC with the tfm key split by crypto_authenc_extractkeys.
 * ESN authenticates AAD bytes 4..8 after the ciphertext instead of in place.
 * Like the kernel's skcipher request, the socket IV is updated.
 */
static int authenc_crypt(struct afalgc_op *op, const struct afalgc_keyinfo *k,
                         const uint8_t *q, size_t assoclen, size_t len,
                         size_t as, uint8_t *buf) {
  const struct afalgc_alg *a = op->alg;
  struct afalgc_alg inner = *a;
  struct afalgc_keyinfo ik;
  struct afalgc_op sub;
  size_t authlen, enclen;
  uint8_t mac[64];
  const uint8_t *ct = op->enc ? buf : q + assoclen;
  int esn = a->kind == AFALGC_K_AUTHENCESN, rc;
  void *h;

  if (afalgc_authenc_split(k->key, k->keylen, &authlen, &enclen) != 0 ||
      (esn && assoclen < 8))
    return -EINVAL;
  inner.type = AFALGC_T_SKCIPHER, inner.kind = a->subkind;
  memset(&ik, 0, sizeof ik);
  ik.alg = &inner, ik.key = k->key + 8 + authlen, ik.keylen = enclen;
  memset(&sub, 0, sizeof sub);
  sub.alg = &inner, sub.enc = op->enc;
  memcpy(sub.iv, op->iv, inner.ivsize);
  if ((rc = ensure_ctx(&sub, &ik)) != 0)
    goto out;
  if (op->enc && (rc = sk_crypt(&sub, q + assoclen, buf, len, 1)) != 0)
    goto out;
  rc = -ENOMEM;
  if (!(h = afalgc_backend.hash_new(a->md, k->key + 8, authlen)))
    goto out;
  rc = afalgc_backend.hash_update(h, q, esn ? 4 : assoclen);
  if (esn && rc == 0)
    rc = afalgc_backend.hash_update(h, q + 8, assoclen - 8);
  if (rc == 0)
    rc = afalgc_backend.hash_update(h, ct, len);
  if (esn && rc == 0)
    rc = afalgc_backend.hash_update(h, q + 4, 4);
  if (rc == 0)
    rc = afalgc_backend.hash_final(h, mac);
  afalgc_backend.hash_free(h);
  if (rc)
    goto out;
  if (op->enc)
    memcpy(buf + len, mac, as);
  else if (!equal_ct(mac, q + assoclen + len, as))
    rc = -EBADMSG;
  else
    rc = sk_crypt(&sub, ct, buf, len, 1);
  if (rc == 0)
    memcpy(op->iv, sub.iv, inner.ivsize);
out:
  afalgc_cipher_release(&sub);
  afalgc_wipe(&sub, sizeof sub);
  afalgc_wipe(mac, sizeof mac);
  return rc;
}

static int aead_one(struct afalgc_op *op, const struct afalgc_keyinfo *k,
                    uint8_t *out, size_t cap, size_t *produced) {
  const struct afalgc_alg *a = op->alg;
  size_t used = op->qlen - op->qoff, as = k->authsize, outlen, cl;
  size_t assoclen = op->assoclen;
  const uint8_t *q = queued(op);
  uint8_t *buf;
  int rc;

  if (used < assoclen + (op->enc ? 0 : as))
    return -EINVAL;
  outlen = op->enc ? used + as : used - as;
  cl = used - assoclen;
  if (cap < outlen) { /* short output buffer: process less input */
    if (cl < outlen - cap)
      return -EINVAL;
    cl -= outlen - cap, outlen = cap;
  }
  afalgc_pull(op, cl + assoclen);
  if (!op->enc && cl < as)
    return -EINVAL;
  if (!(buf = malloc(cl + as + 1)))
    return -ENOMEM;
  if (a->kind == AFALGC_K_AUTHENC || a->kind == AFALGC_K_AUTHENCESN)
    rc = authenc_crypt(op, k, q, assoclen, op->enc ? cl : cl - as, as, buf);
  else
    rc = aead_prim(op, k, q, assoclen, op->enc ? cl : cl - as, as, buf);
  if (rc == 0) {
    if (assoclen)
      memcpy(out, q, assoclen < outlen ? assoclen : outlen);
    if (outlen > assoclen)
      memcpy(out + assoclen, buf, outlen - assoclen);
    *produced = outlen;
  }
  afalgc_wipe(buf, cl + as + 1);
  free(buf);
  return rc;
}

ssize_t afalgc_aead_recv(struct afalgc_op *op, const struct afalgc_keyinfo *k,
                         uint8_t *out, size_t cap) {
  size_t ret = 0;
  while (ret < cap) {
    size_t n = 0;
    int rc;
    if (!op->init || op->more)
      return ret ? (ssize_t)ret : -EAGAIN;
    rc = aead_one(op, k, out + ret, cap - ret, &n);
    if (rc == -EBADMSG || (rc && !ret))
      return rc;
    if (rc || n == 0)
      break;
    ret += n;
  }
  return (ssize_t)ret;
}
