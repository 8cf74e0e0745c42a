/*
 * afalg_compat_proto.c - operation-socket state shared by all types: the
 * TX queue and control messages of af_alg_sendmsg (kernel crypto/af_alg.c),
 * dispatch per socket type, and the "rng" type (algif_rng.c).
 */
#include "afalg_compat_internal.h"

#include <errno.h>
#include <linux/if_alg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define MAX_QUEUE ((size_t)64 << 20) /* bytes queued per op socket */
#define RNG_MAXREAD 128

void afalgc_wipe(void *p, size_t n) {
  volatile uint8_t *v = p;
  while (n--)
    *v++ = 0;
}

struct afalgc_op *afalgc_op_new(const struct afalgc_alg *a) {
  struct afalgc_op *op = calloc(1, sizeof *op);
  if (op)
    op->alg = a;
  return op;
}

void afalgc_op_free(struct afalgc_op *op) {
  if (!op)
    return;
  afalgc_hash_free(op->h);
  afalgc_cipher_release(op);
  if (op->q) {
    afalgc_wipe(op->q, op->qcap);
    free(op->q);
  }
  afalgc_wipe(op, sizeof *op);
  free(op);
}

/* accept(2) on a hash op socket: export/import of an open stream. */
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

/* ---- control messages and the TX queue (af_alg_sendmsg) ------------------ */

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
    if (n)
      memcpy(op->q + op->qlen, d->iov[i].iov_base, n);
    op->qlen += n, copied += n;
    if (n < d->iov[i].iov_len) /* the kernel would block: full buffer */
      return copied ? (ssize_t)copied : -EAGAIN;
  }
  op->more = (flags & MSG_MORE) != 0;
  return (ssize_t)copied;
}

/* Consume n queued bytes; like af_alg_pull_tsgl, a drained queue re-arms. */
void afalgc_pull(struct afalgc_op *op, size_t n) {
  op->qoff += n;
  if (op->qoff == op->qlen) {
    op->qoff = op->qlen = 0;
    op->init = op->more;
  }
}

/* ---- entry points -------------------------------------------------------- */

ssize_t afalgc_op_send(struct afalgc_op *op, const struct afalgc_keyinfo *k,
                       const struct afalgc_iov *d, const void *ctl,
                       size_t ctllen, int flags) {
  switch (op->alg->type) {
  case AFALGC_T_HASH: /* control messages are ignored by algif_hash */
    return afalgc_hash_send(op, k, d, flags);
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
    return afalgc_hash_recv(op, k, out, cap, trunc);
  case AFALGC_T_SKCIPHER:
    return afalgc_sk_recv(op, k, out, cap);
  case AFALGC_T_AEAD:
    return afalgc_aead_recv(op, k, out, cap);
  }
  if (cap > RNG_MAXREAD)
    cap = RNG_MAXREAD;
  if (cap == 0)
    return 0;
  rc = afalgc_backend.rng(out, cap);
  return rc ? rc : (ssize_t)cap;
}
