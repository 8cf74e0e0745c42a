/*
 * afalg_compat_proto.c - what one operation socket does with the bytes it
 * is given: hash streaming and cloning, the skcipher TX queue with chunked
 * processing and IV chaining, the AEAD buffer layout, and rng reads.
 * Kernel references: crypto/af_alg.c, algif_hash.c, algif_skcipher.c,
 * algif_aead.c, algif_rng.c (see AFALG.md 1.6).
 */
#include "afalg_compat_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/if_alg.h>

#define MAX_QUEUE ((size_t)64 << 20) /* bytes queued per op socket */
#define RNG_MAXREAD 128
#define BATCH 4096

void afalgc_wipe(void *p, size_t n) {
  volatile uint8_t *v = p;
  while (n--)
    *v++ = 0;
}

/* ---- hash objects: backend digest/HMAC, or CMAC built on CBC ------------ */

struct cmac {
  void *c; /* backend CBC context */
  unsigned bs, blen;
  uint8_t x[16], buf[16], k1[16], k2[16];
  int cipher;
  size_t keylen;
  uint8_t key[32];
};

struct hobj {
  void *bh;
  struct cmac *cm;
};

static const uint8_t zero_block[32];

static void dbl(uint8_t *out, const uint8_t *in, unsigned bs) {
  unsigned i;
  uint8_t carry = in[0] >> 7;
  for (i = 0; i + 1 < bs; i++)
    out[i] = (uint8_t)(in[i] << 1 | in[i + 1] >> 7);
  out[bs - 1] = (uint8_t)(in[bs - 1] << 1);
  if (carry)
    out[bs - 1] ^= bs == 16 ? 0x87 : 0x1b;
}

static void cmac_free(struct cmac *m) {
  if (!m)
    return;
  if (m->c)
    afalgc_backend.cipher_free(m->c);
  afalgc_wipe(m, sizeof *m);
  free(m);
}

static struct cmac *cmac_new(int cipher, unsigned bs, const uint8_t *key,
                             size_t keylen) {
  struct cmac *m = calloc(1, sizeof *m);
  uint8_t l[16];
  if (!m || keylen > sizeof m->key)
    return free(m), NULL;
  m->bs = bs, m->cipher = cipher, m->keylen = keylen;
  memcpy(m->key, key, keylen);
  m->c = afalgc_backend.cipher_new(cipher, AFALGC_M_CBC, key, keylen);
  if (!m->c || afalgc_backend.cipher_crypt(m->c, 1, zero_block, zero_block, l,
                                           bs) != 0)
    return cmac_free(m), NULL;
  dbl(m->k1, l, bs);
  dbl(m->k2, m->k1, bs);
  afalgc_wipe(l, sizeof l);
  return m;
}

/* x = CBC-MAC over n (multiple of bs) bytes. */
static int cmac_blocks(struct cmac *m, const uint8_t *p, size_t n) {
  uint8_t tmp[BATCH];
  while (n) {
    size_t t = n < BATCH ? n : BATCH;
    int rc = afalgc_backend.cipher_crypt(m->c, 1, m->x, p, tmp, t);
    if (rc)
      return rc;
    memcpy(m->x, tmp + t - m->bs, m->bs);
    p += t, n -= t;
  }
  return 0;
}

static int cmac_update(struct cmac *m, const uint8_t *p, size_t n) {
  int rc;
  while (n) {
    size_t t;
    if (m->blen == m->bs) { /* a full held-back block and more data */
      if ((rc = cmac_blocks(m, m->buf, m->bs)))
        return rc;
      m->blen = 0;
    }
    if (m->blen == 0 && n > m->bs) {
      t = (n - 1) / m->bs * m->bs; /* keep the last block back */
      if ((rc = cmac_blocks(m, p, t)))
        return rc;
      p += t, n -= t;
      continue;
    }
    t = m->bs - m->blen < n ? m->bs - m->blen : n;
    memcpy(m->buf + m->blen, p, t);
    m->blen += (unsigned)t, p += t, n -= t;
  }
  return 0;
}

static int cmac_final(struct cmac *m, uint8_t *out) {
  unsigned i;
  const uint8_t *k = m->blen == m->bs ? m->k1 : m->k2;
  if (m->blen < m->bs) {
    m->buf[m->blen] = 0x80;
    memset(m->buf + m->blen + 1, 0, m->bs - m->blen - 1);
  }
  for (i = 0; i < m->bs; i++)
    m->buf[i] ^= k[i];
  return afalgc_backend.cipher_crypt(m->c, 1, m->x, m->buf, out, m->bs);
}

static void hobj_free(struct hobj *h) {
  if (!h)
    return;
  if (h->bh)
    afalgc_backend.hash_free(h->bh);
  cmac_free(h->cm);
  free(h);
}

static struct hobj *hobj_new(const struct afalgc_keyinfo *k) {
  const struct afalgc_alg *a = k->alg;
  struct hobj *h = calloc(1, sizeof *h);
  if (!h)
    return NULL;
  if (a->kind == AFALGC_K_CMAC)
    h->cm = cmac_new(a->cipher, a->blocksize, k->key, k->keylen);
  else if (a->kind == AFALGC_K_HMAC)
    h->bh = afalgc_backend.hash_new(a->md, k->key ? k->key : zero_block,
                                    k->keylen);
  else
    h->bh = afalgc_backend.hash_new(a->md, NULL, 0);
  if (!h->bh && !h->cm)
    return free(h), NULL;
  return h;
}

static struct hobj *hobj_dup(const struct hobj *s) {
  struct hobj *h = calloc(1, sizeof *h);
  if (!h)
    return NULL;
  if (s->cm) {
    h->cm = cmac_new(s->cm->cipher, s->cm->bs, s->cm->key, s->cm->keylen);
    if (h->cm) {
      void *c = h->cm->c;
      memcpy(h->cm, s->cm, sizeof *h->cm);
      h->cm->c = c;
    }
  } else {
    h->bh = afalgc_backend.hash_dup(s->bh);
  }
  if (!h->bh && !h->cm)
    return free(h), NULL;
  return h;
}

static int hobj_update(struct hobj *h, const void *p, size_t n) {
  if (n == 0)
    return 0;
  return h->cm ? cmac_update(h->cm, p, n)
               : afalgc_backend.hash_update(h->bh, p, n);
}

static int hobj_final(struct hobj *h, uint8_t *out) {
  return h->cm ? cmac_final(h->cm, out) : afalgc_backend.hash_final(h->bh, out);
}

/* ---- operation socket state -------------------------------------------- */

struct afalgc_op {
  const struct afalgc_alg *alg;
  /* hash */
  struct hobj *h;
  int has_result;
  uint8_t result[64];
  /* skcipher / aead: the kernel's af_alg_ctx */
  uint8_t *q;
  size_t qoff, qlen, qcap;
  int init, more, enc;
  uint8_t iv[32];
  uint32_t assoclen;
  uint64_t stream_blocks; /* blocks done in the current chacha/rfc3686 op */
  void *c1, *c2;
  unsigned keygen;
  uint8_t nonce[4];
};

struct afalgc_op *afalgc_op_new(const struct afalgc_alg *a) {
  struct afalgc_op *op = calloc(1, sizeof *op);
  if (op)
    op->alg = a;
  return op;
}

static void drop_ctx(struct afalgc_op *op) {
  if (op->c1)
    afalgc_backend.cipher_free(op->c1);
  if (op->c2)
    afalgc_backend.cipher_free(op->c2);
  op->c1 = op->c2 = NULL;
}

void afalgc_op_free(struct afalgc_op *op) {
  if (!op)
    return;
  hobj_free(op->h);
  drop_ctx(op);
  if (op->q) {
    afalgc_wipe(op->q, op->qcap);
    free(op->q);
  }
  afalgc_wipe(op, sizeof *op);
  free(op);
}

/* accept(2) on a hash op socket: export/import of an open stream. */
struct afalgc_op *afalgc_op_clone(const struct afalgc_op *src,
                                  const struct afalgc_keyinfo *k, int *err) {
  struct afalgc_op *op = afalgc_op_new(k->alg);
  (void)k;
  *err = -ENOMEM;
  if (!op)
    return NULL;
  if (src->more) {
    op->h = hobj_dup(src->h);
    if (!op->h)
      return afalgc_op_free(op), NULL;
    op->more = 1;
  }
  *err = 0;
  return op;
}

size_t afalgc_op_pending(const struct afalgc_op *op,
                         const struct afalgc_keyinfo *k) {
  switch (op->alg->type) {
  case AFALGC_T_HASH:
    return op->alg->digestsize;
  case AFALGC_T_RNG:
    return RNG_MAXREAD;
  case AFALGC_T_AEAD:
    return op->qlen - op->qoff + k->authsize;
  }
  return op->qlen - op->qoff;
}

/* ---- hash (algif_hash.c) ----------------------------------------------- */

static ssize_t hash_send(struct afalgc_op *op, const struct afalgc_keyinfo *k,
                         const struct afalgc_iov *d, int flags) {
  int more = (flags & MSG_MORE) != 0, rc = 0;
  size_t i;

  if (!op->more) {
    op->has_result = 0; /* discard an unread result */
    if (d->total == 0)
      return 0; /* zero-length: no new request */
    hobj_free(op->h);
    if (!(op->h = hobj_new(k)))
      return -ENOMEM;
  } else if (d->total == 0) {
    if (!more) {
      rc = hobj_final(op->h, op->result);
      hobj_free(op->h), op->h = NULL;
      if (rc)
        goto fail;
      op->has_result = 1;
    }
    op->more = more;
    return 0;
  }
  for (i = 0; i < d->cnt && rc == 0; i++)
    rc = hobj_update(op->h, d->iov[i].iov_base, d->iov[i].iov_len);
  if (rc == 0 && !more) {
    rc = hobj_final(op->h, op->result);
    hobj_free(op->h), op->h = NULL;
    op->has_result = rc == 0;
  }
  if (rc)
    goto fail;
  op->more = more;
  return (ssize_t)d->total;
fail:
  op->has_result = 0, op->more = 0;
  return rc;
}

static ssize_t hash_recv(struct afalgc_op *op, const struct afalgc_keyinfo *k,
                         uint8_t *out, size_t cap, int *trunc) {
  size_t ds = op->alg->digestsize, len = cap < ds ? cap : ds;
  int rc = 0;

  *trunc = cap < ds;
  if (!op->has_result && !op->more) {
    hobj_free(op->h);
    if (!(op->h = hobj_new(k)))
      return -ENOMEM;
  }
  if (!op->has_result || op->more) {
    op->more = 0;
    rc = hobj_final(op->h, op->result);
    hobj_free(op->h), op->h = NULL;
  }
  if (rc == 0)
    memcpy(out, op->result, len);
  op->has_result = 0;
  afalgc_wipe(op->result, sizeof op->result);
  return rc ? rc : (ssize_t)len;
}

/* ---- control messages and the TX queue (af_alg_sendmsg) ---------------- */

struct control {
  uint32_t op, assoclen;
  const uint8_t *iv;
  uint32_t ivlen;
};

static int parse_cmsgs(const uint8_t *ctl, size_t len, struct control *c) {
  size_t off = 0;
  memset(c, 0, sizeof *c);
  while (len - off >= sizeof(struct cmsghdr)) {
    struct cmsghdr h;
    const uint8_t *data = ctl + off + CMSG_LEN(0);
    memcpy(&h, ctl + off, sizeof h);
    if (h.cmsg_len < sizeof h || h.cmsg_len > len - off)
      return -EINVAL;
    if (h.cmsg_level == SOL_ALG) {
      switch (h.cmsg_type) {
      case ALG_SET_IV:
        if (h.cmsg_len < CMSG_LEN(4))
          return -EINVAL;
        memcpy(&c->ivlen, data, 4);
        if (c->ivlen > h.cmsg_len || h.cmsg_len < CMSG_LEN(c->ivlen + 4))
          return -EINVAL;
        c->iv = data + 4;
        break;
      case ALG_SET_OP:
      case ALG_SET_AEAD_ASSOCLEN:
        if (h.cmsg_len < CMSG_LEN(4))
          return -EINVAL;
        memcpy(h.cmsg_type == ALG_SET_OP ? &c->op : &c->assoclen, data, 4);
        break;
      default:
        return -EINVAL;
      }
    }
    off += CMSG_ALIGN(h.cmsg_len);
    if (off > len)
      break;
  }
  return 0;
}

static ssize_t queue_send(struct afalgc_op *op, const struct afalgc_iov *d,
                          const void *ctl, size_t ctllen, int flags) {
  struct control c;
  size_t copied = 0, i, used = op->qlen - op->qoff;
  int rc;

  if (ctllen) {
    if ((rc = parse_cmsgs(ctl, ctllen, &c)))
      return rc;
    if (c.op != ALG_OP_ENCRYPT && c.op != ALG_OP_DECRYPT)
      return -EINVAL;
    if (c.iv && c.ivlen != op->alg->ivsize)
      return -EINVAL;
  }
  if (op->init && !op->more && used)
    return -EINVAL; /* previous request not read yet */
  op->init = 1;
  if (ctllen) {
    op->enc = c.op == ALG_OP_ENCRYPT;
    if (c.iv)
      memcpy(op->iv, c.iv, c.ivlen);
    op->assoclen = c.assoclen;
  }
  if (op->qoff && op->qoff == op->qlen)
    op->qoff = op->qlen = 0;
  for (i = 0; i < d->cnt; i++) {
    size_t n = d->iov[i].iov_len;
    if (op->qlen - op->qoff + n > MAX_QUEUE)
      n = MAX_QUEUE - (op->qlen - op->qoff);
    if (op->qlen + n > op->qcap) {
      size_t cap = op->qcap ? op->qcap : 4096;
      uint8_t *q;
      if (op->qoff) { /* compact before growing */
        memmove(op->q, op->q + op->qoff, op->qlen - op->qoff);
        op->qlen -= op->qoff, op->qoff = 0;
      }
      while (cap < op->qlen + n)
        cap *= 2;
      if (cap != op->qcap) {
        if (!(q = malloc(cap)))
          return copied ? (ssize_t)copied : -ENOMEM;
        if (op->q) {
          memcpy(q, op->q, op->qlen);
          afalgc_wipe(op->q, op->qcap);
          free(op->q);
        }
        op->q = q, op->qcap = cap;
      }
    }
    memcpy(op->q + op->qlen, d->iov[i].iov_base, n);
    op->qlen += n, copied += n;
    if (n < d->iov[i].iov_len) /* the kernel would block: full buffer */
      return copied ? (ssize_t)copied : -EAGAIN;
  }
  op->more = (flags & MSG_MORE) != 0;
  return (ssize_t)copied;
}

/* Consume n queued bytes; like af_alg_pull_tsgl, a drained queue re-arms. */
static void pull(struct afalgc_op *op, size_t n) {
  op->qoff += n;
  if (op->qoff == op->qlen) {
    op->qoff = op->qlen = 0;
    op->init = op->more;
  }
}

/* ---- skcipher (algif_skcipher.c) ---------------------------------------- */

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
  drop_ctx(op);
  switch (a->kind) {
  case AFALGC_K_XTS:
    op->c1 = afalgc_backend.cipher_new(a->cipher, AFALGC_M_ECB, k->key, kl / 2);
    op->c2 = afalgc_backend.cipher_new(a->cipher, AFALGC_M_ECB, k->key + kl / 2,
                                       kl / 2);
    if (!op->c2)
      drop_ctx(op);
    break;
  case AFALGC_K_RFC3686:
    memcpy(op->nonce, k->key + kl - 4, 4);
    op->c1 = afalgc_backend.cipher_new(a->cipher, AFALGC_M_CTR, k->key, kl - 4);
    break;
  default:
    op->c1 = afalgc_backend.cipher_new(
        a->cipher,
        a->kind == AFALGC_K_ECB     ? AFALGC_M_ECB
        : a->kind == AFALGC_K_CTR   ? AFALGC_M_CTR
        : a->kind == AFALGC_K_CHACHA20 ? AFALGC_M_STREAM
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
  if ((rc = xts_blocks(op->c1, op->enc, t, in, out, r ? full - 1 : full)) ||
      !r)
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
    if (m > 1 && (rc = afalgc_backend.cipher_crypt(op->c1, 0, op->iv, in,
                                                   out, 16 * (m - 1))))
      return rc;
    if ((rc = afalgc_backend.cipher_crypt(
             op->c1, 0, m > 1 ? in + 16 * (m - 2) : op->iv, cm,
             out + 16 * (m - 1), 16)))
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

static ssize_t sk_recv(struct afalgc_op *op, const struct afalgc_keyinfo *k,
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
      const uint8_t *in = op->q + op->qoff;
      pull(op, len); /* consumed even if the cipher fails */
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

/* ---- aead (algif_aead.c) ------------------------------------------------ */

static int aead_one(struct afalgc_op *op, const struct afalgc_keyinfo *k,
                    uint8_t *out, size_t cap, size_t *produced) {
  const struct afalgc_alg *a = op->alg;
  size_t used = op->qlen - op->qoff, as = k->authsize, outlen, cl, kl;
  size_t assoclen = op->assoclen, aadlen = assoclen, nlen = 12;
  const uint8_t *q = op->q + op->qoff, *key = k->key;
  uint8_t nonce[16], *buf;
  int rc, prim = AFALGC_A_GCM;

  if (used < assoclen + (op->enc ? 0 : as))
    return -EINVAL;
  outlen = op->enc ? used + as : used - as;
  cl = used - assoclen;
  if (cap < outlen) { /* short output buffer: process less input */
    if (cl < outlen - cap)
      return -EINVAL;
    cl -= outlen - cap, outlen = cap;
  }
  pull(op, cl + assoclen);
  if (!op->enc && cl < as)
    return -EINVAL;
  kl = k->keylen;
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
    memcpy(nonce, key + kl, nlen);
    memcpy(nonce + nlen, op->iv, 8);
    nlen += 8;
    prim = a->kind == AFALGC_K_RFC4106 ? AFALGC_A_GCM : AFALGC_A_CCM;
    break;
  case AFALGC_K_CCM: { /* iv[0] = L - 1, nonce follows, counter is zero */
    size_t L = (size_t)op->iv[0] + 1, msg = op->enc ? cl : cl - as;
    if (op->iv[0] < 1 || op->iv[0] > 7)
      return -EINVAL;
    if (L < 4 && (msg >> (8 * L)) != 0)
      return -EOVERFLOW;
    nlen = 15 - L;
    memcpy(nonce, op->iv + 1, nlen);
    prim = AFALGC_A_CCM;
    break;
  }
  default:
    return -EINVAL;
  }
  if (!(buf = malloc(cl + as + 1)))
    return -ENOMEM;
  if (op->enc) {
    rc = afalgc_backend.aead_crypt(prim, a->cipher, key, kl, 1, nonce, nlen, q,
                                   aadlen, q + assoclen, cl, buf, buf + cl, as);
  } else {
    rc = afalgc_backend.aead_crypt(prim, a->cipher, key, kl, 0, nonce, nlen, q,
                                   aadlen, q + assoclen, cl - as, buf,
                                   (uint8_t *)q + assoclen + cl - as, as);
  }
  if (rc == 0) {
    memcpy(out, q, assoclen < outlen ? assoclen : outlen);
    if (outlen > assoclen)
      memcpy(out + assoclen, buf, outlen - assoclen);
    *produced = outlen;
  }
  afalgc_wipe(buf, cl + as + 1);
  free(buf);
  afalgc_wipe(nonce, sizeof nonce);
  return rc;
}

static ssize_t aead_recv(struct afalgc_op *op, const struct afalgc_keyinfo *k,
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

/* ---- entry points ------------------------------------------------------- */

ssize_t afalgc_op_send(struct afalgc_op *op, const struct afalgc_keyinfo *k,
                       const struct afalgc_iov *d, const void *ctl,
                       size_t ctllen, int flags) {
  switch (op->alg->type) {
  case AFALGC_T_HASH: /* control messages are ignored by algif_hash */
    return hash_send(op, k, d, flags);
  case AFALGC_T_SKCIPHER:
  case AFALGC_T_AEAD:
    return queue_send(op, d, ctl, ctllen, flags);
  }
  return -EOPNOTSUPP; /* rng: no sendmsg outside the CAVP test interface */
}

ssize_t afalgc_op_recv(struct afalgc_op *op, const struct afalgc_keyinfo *k,
                       uint8_t *out, size_t cap, int *trunc) {
  int rc;
  *trunc = 0;
  switch (op->alg->type) {
  case AFALGC_T_HASH:
    return hash_recv(op, k, out, cap, trunc);
  case AFALGC_T_SKCIPHER:
    return sk_recv(op, k, out, cap);
  case AFALGC_T_AEAD:
    return aead_recv(op, k, out, cap);
  }
  if (cap > RNG_MAXREAD)
    cap = RNG_MAXREAD;
  if (cap == 0)
    return 0;
  rc = afalgc_backend.rng(out, cap);
  return rc ? rc : (ssize_t)cap;
}
