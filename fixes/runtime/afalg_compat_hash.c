/*
 * afalg_compat_hash.c - the "hash" socket type (kernel algif_hash.c):
 * MSG_MORE streaming, read-once results, truncation, cloning by accept(2).
 * Digests and HMAC come from the backend; CMAC is built here on the
 * backend's CBC mode so that every backend can clone a CMAC state.
 */
#include "afalg_compat_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define BATCH 4096

/* ---- hash objects: backend digest/HMAC, or CMAC built on CBC ------------- */

struct cmac {
  void *c; /* backend CBC context */
  unsigned bs, blen;
  uint8_t x[16], buf[16], k1[16], k2[16];
  int cipher;
  size_t keylen;
  uint8_t key[32];
};

/* One of: a backend digest/HMAC, a CMAC, a checksum. */
struct afalgc_hobj {
  void *bh;
  struct cmac *cm;
  int is_ck;
  struct afalgc_cksum ck;
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
  if (!m->c ||
      afalgc_backend.cipher_crypt(m->c, 1, zero_block, zero_block, l, bs) != 0)
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

void afalgc_hash_free(struct afalgc_hobj *h) {
  if (!h)
    return;
  if (h->bh)
    afalgc_backend.hash_free(h->bh);
  cmac_free(h->cm);
  afalgc_wipe(h, sizeof *h);
  free(h);
}

static struct afalgc_hobj *hobj_new(const struct afalgc_keyinfo *k) {
  const struct afalgc_alg *a = k->alg;
  struct afalgc_hobj *h = calloc(1, sizeof *h);
  if (!h)
    return NULL;
  if (a->optkey) {
    h->is_ck = 1;
    afalgc_cksum_init(&h->ck, a->kind, k->key, k->keylen);
    return h;
  }
  if (a->kind == AFALGC_K_CMAC)
    h->cm = cmac_new(a->cipher, a->blocksize, k->key, k->keylen);
  else if (a->kind == AFALGC_K_HMAC)
    h->bh =
        afalgc_backend.hash_new(a->md, k->key ? k->key : zero_block, k->keylen);
  else
    h->bh = afalgc_backend.hash_new(a->md, NULL, 0);
  if (!h->bh && !h->cm)
    return free(h), NULL;
  return h;
}

static struct afalgc_hobj *hobj_dup(const struct afalgc_hobj *s) {
  struct afalgc_hobj *h = calloc(1, sizeof *h);
  if (!h)
    return NULL;
  if (s->is_ck) {
    *h = *s;
    return h;
  }
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

static int hobj_update(struct afalgc_hobj *h, const void *p, size_t n) {
  if (n == 0)
    return 0;
  if (h->is_ck) {
    afalgc_cksum_update(&h->ck, p, n);
    return 0;
  }
  return h->cm ? cmac_update(h->cm, p, n)
               : afalgc_backend.hash_update(h->bh, p, n);
}

static int hobj_final(struct afalgc_hobj *h, uint8_t *out) {
  if (h->is_ck) {
    afalgc_cksum_final(&h->ck, out);
    return 0;
  }
  return h->cm ? cmac_final(h->cm, out) : afalgc_backend.hash_final(h->bh, out);
}

/* ---- hash (algif_hash.c) ------------------------------------------------- */

ssize_t afalgc_hash_send(struct afalgc_op *op, const struct afalgc_keyinfo *k,
                         const struct afalgc_iov *d, int flags) {
  int more = (flags & MSG_MORE) != 0, rc = 0;
  size_t i;

  if (!op->more) {
    op->has_result = 0; /* discard an unread result */
    if (d->total == 0)
      return 0; /* zero-length: no new request */
    afalgc_hash_free(op->h);
    if (!(op->h = hobj_new(k)))
      return -ENOMEM;
  } else if (d->total == 0) {
    if (!more) {
      rc = hobj_final(op->h, op->result);
      afalgc_hash_free(op->h), op->h = NULL;
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
    afalgc_hash_free(op->h), op->h = NULL;
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

ssize_t afalgc_hash_recv(struct afalgc_op *op, const struct afalgc_keyinfo *k,
                         uint8_t *out, size_t cap, int *trunc) {
  size_t ds = op->alg->digestsize, len = cap < ds ? cap : ds;
  int rc = 0;

  *trunc = cap < ds;
  if (!op->has_result && !op->more) {
    afalgc_hash_free(op->h);
    if (!(op->h = hobj_new(k)))
      return -ENOMEM;
  }
  if (!op->has_result || op->more) {
    op->more = 0;
    rc = hobj_final(op->h, op->result);
    afalgc_hash_free(op->h), op->h = NULL;
  }
  if (rc == 0)
    memcpy(out, op->result, len);
  op->has_result = 0;
  afalgc_wipe(op->result, sizeof op->result);
  return rc ? rc : (ssize_t)len;
}

struct afalgc_op *afalgc_op_clone(const struct afalgc_op *src,
                                  const struct afalgc_keyinfo *k, int *err) {
  struct afalgc_op *op = afalgc_op_new(k->alg);
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
