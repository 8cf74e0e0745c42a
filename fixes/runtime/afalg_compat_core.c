/*
 * afalg_compat_core.c - descriptor table and the libc-shaped entry points.
 *
 * socket(AF_ALG) returns a real descriptor (an unconnected AF_UNIX
 * SOCK_SEQPACKET socket, so close/dup/fcntl/poll/getsockopt work and an I/O
 * call that escaped the rewrite fails loudly with ENOTCONN); the table maps
 * it to the transform or operation state.  Descriptors not in the table go
 * straight to libc.  Each entry remembers the inode of its descriptor so an
 * entry left behind by an unrewritten close() is recognised as stale.
 */
#define _GNU_SOURCE
#include "afalg_compat.h"
#include "afalg_compat_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/if_alg.h>

#ifndef AF_ALG
#define AF_ALG 38
#endif
#ifndef SOL_ALG
#define SOL_ALG 279
#endif
#ifndef ALG_SET_KEY_BY_KEY_SERIAL
#define ALG_SET_KEY_BY_KEY_SERIAL 7
#endif
#define KEYCTL_READ_OP 11
#define MAX_KEY 65536
#define FEAT_ALLOWED 0x1000u /* CRYPTO_ALG_KERN_DRIVER_ONLY */
#define CHUNK 65536

/* Transform state shared by the tfm descriptor and its operation sockets. */
struct afalgc_tfm {
  pthread_mutex_t mu;
  unsigned refs, nops, nokey_ops;
  int bound, haskey;
  struct afalgc_alg alg;
  uint8_t *key;
  size_t keylen;
  unsigned keygen, authsize;
};

/* struct sockaddr_alg_new: the header may predate it. */
struct alg_addr {
  uint16_t family;
  uint8_t type[14];
  uint32_t feat, mask;
};

struct obj {
  pthread_mutex_t mu; /* serializes I/O on one operation socket */
  unsigned refs;      /* table entries + calls in progress (under tbl_mu) */
  int nokey;          /* accepted before a key was set (under tfm->mu) */
  struct afalgc_tfm *tfm;
  struct afalgc_op *op; /* NULL for the tfm descriptor */
};

struct entry {
  int fd;
  dev_t dev;
  ino_t ino;
  struct obj *obj;
  struct entry *next;
};

#define NBUCKETS 256
static struct entry *buckets[NBUCKETS];
static pthread_mutex_t tbl_mu = PTHREAD_MUTEX_INITIALIZER;
static unsigned long live; /* entries in the table; read without the lock */

static int fail(int e) {
  errno = e;
  return -1;
}

static void tfm_put(struct afalgc_tfm *t) {
  unsigned r;
  pthread_mutex_lock(&t->mu);
  r = --t->refs;
  pthread_mutex_unlock(&t->mu);
  if (r)
    return;
  if (t->key) {
    afalgc_wipe(t->key, t->keylen);
    free(t->key);
  }
  pthread_mutex_destroy(&t->mu);
  free(t);
}

static void obj_free(struct obj *o) {
  if (o->op) {
    pthread_mutex_lock(&o->tfm->mu);
    o->tfm->nops--;
    if (o->nokey)
      o->tfm->nokey_ops--;
    pthread_mutex_unlock(&o->tfm->mu);
    afalgc_op_free(o->op);
  }
  tfm_put(o->tfm);
  pthread_mutex_destroy(&o->mu);
  free(o);
}

static void release(struct obj *o) {
  unsigned r;
  if (!o)
    return;
  pthread_mutex_lock(&tbl_mu);
  r = --o->refs;
  pthread_mutex_unlock(&tbl_mu);
  if (r == 0)
    obj_free(o);
}

/* Remove fd's entry; returns its object (the caller owns that reference). */
static struct obj *unlink_locked(int fd) {
  struct entry **pp = &buckets[(unsigned)fd % NBUCKETS], *e;
  for (; (e = *pp); pp = &e->next)
    if (e->fd == fd) {
      struct obj *o = e->obj;
      *pp = e->next;
      free(e);
      __atomic_sub_fetch(&live, 1, __ATOMIC_RELEASE);
      return o;
    }
  return NULL;
}

static struct obj *unregister(int fd) {
  struct obj *o;
  if (__atomic_load_n(&live, __ATOMIC_ACQUIRE) == 0)
    return NULL;
  pthread_mutex_lock(&tbl_mu);
  o = unlink_locked(fd);
  pthread_mutex_unlock(&tbl_mu);
  return o;
}

static int enroll(int fd, struct obj *o) {
  struct entry *e = calloc(1, sizeof *e);
  struct obj *stale;
  struct stat st;
  if (!e)
    return -ENOMEM;
  if (fstat(fd, &st) == 0)
    e->dev = st.st_dev, e->ino = st.st_ino;
  e->fd = fd, e->obj = o;
  pthread_mutex_lock(&tbl_mu);
  stale = unlink_locked(fd);
  e->next = buckets[(unsigned)fd % NBUCKETS];
  buckets[(unsigned)fd % NBUCKETS] = e;
  o->refs++;
  __atomic_add_fetch(&live, 1, __ATOMIC_RELEASE);
  pthread_mutex_unlock(&tbl_mu);
  release(stale);
  return 0;
}

/* The object behind fd with a reference held, or NULL (pass through). */
static struct obj *lookup(int fd) {
  struct entry *e;
  struct obj *o = NULL, *stale = NULL;
  struct stat st;
  if (fd < 0 || __atomic_load_n(&live, __ATOMIC_ACQUIRE) == 0)
    return NULL;
  pthread_mutex_lock(&tbl_mu);
  for (e = buckets[(unsigned)fd % NBUCKETS]; e; e = e->next)
    if (e->fd == fd)
      break;
  if (e) {
    if (fstat(fd, &st) != 0 || st.st_dev != e->dev || st.st_ino != e->ino) {
      stale = unlink_locked(fd); /* closed behind our back, fd reused */
    } else {
      o = e->obj;
      o->refs++;
    }
  }
  pthread_mutex_unlock(&tbl_mu);
  release(stale);
  return o;
}

static int backing_fd(int flags) {
  int fd = socket(AF_UNIX, SOCK_SEQPACKET | flags, 0);
  if (fd < 0)
    fd = open("/dev/null",
              O_RDWR | (flags & SOCK_CLOEXEC ? O_CLOEXEC : 0) |
                  (flags & SOCK_NONBLOCK ? O_NONBLOCK : 0));
  return fd;
}

/* New descriptor for an object; returns the fd or -errno. */
static int install(struct obj *o, int flags) {
  int fd = backing_fd(flags), rc;
  if (fd < 0)
    return -errno;
  if ((rc = enroll(fd, o)) != 0) {
    close(fd);
    return rc;
  }
  return fd;
}

static struct obj *obj_new(struct afalgc_tfm *t, struct afalgc_op *op) {
  struct obj *o = calloc(1, sizeof *o);
  if (!o)
    return NULL;
  pthread_mutex_init(&o->mu, NULL);
  o->tfm = t, o->op = op;
  return o;
}

int afalg_compat_is_handle(int fd) {
  struct obj *o = lookup(fd);
  release(o);
  return o != NULL;
}

/* ---- socket / bind / setsockopt / accept ------------------------------- */

int afalg_compat_socket(int domain, int type, int protocol) {
  struct afalgc_tfm *t;
  struct obj *o;
  int flags = type & ~0xf, fd;

  if (domain != AF_ALG)
    return socket(domain, type, protocol);
  if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
    return fail(EINVAL);
  if ((type & 0xf) != SOCK_SEQPACKET)
    return fail(ESOCKTNOSUPPORT);
  if (protocol != 0)
    return fail(EPROTONOSUPPORT);
  if (!(t = calloc(1, sizeof *t)))
    return fail(ENOMEM);
  pthread_mutex_init(&t->mu, NULL);
  t->refs = 1;
  if (!(o = obj_new(t, NULL))) {
    tfm_put(t);
    return fail(ENOMEM);
  }
  o->refs = 1; /* ours until installed */
  fd = install(o, flags);
  release(o);
  return fd < 0 ? fail(-fd) : fd;
}

int afalg_compat_bind(int fd, const struct sockaddr *addr, socklen_t len) {
  struct obj *o = lookup(fd);
  struct alg_addr *sa;
  unsigned char buf[sizeof(struct sockaddr_storage) + 1];
  struct afalgc_alg alg;
  struct afalgc_tfm *t;
  int rc = 0;

  if (!o)
    return bind(fd, addr, len);
  if (o->op)
    rc = -EOPNOTSUPP;
  else if (len > sizeof(struct sockaddr_storage))
    rc = -EINVAL;
  else if (!addr && len)
    rc = -EFAULT;
  else if (len < sizeof(struct alg_addr) + 1)
    rc = -EINVAL;
  if (rc)
    goto out;
  memcpy(buf, addr, len);
  sa = (struct alg_addr *)buf;
  if ((sa->feat & ~FEAT_ALLOWED) || (sa->mask & ~FEAT_ALLOWED)) {
    rc = -EINVAL;
    goto out;
  }
  sa->type[sizeof sa->type - 1] = 0;
  buf[len - 1] = 0; /* the kernel terminates the name at addrlen - 1 */
  if ((rc = afalgc_lookup((const char *)sa->type,
                          (const char *)buf + sizeof *sa, &alg)))
    goto out;
  t = o->tfm;
  pthread_mutex_lock(&t->mu);
  if (t->nops) {
    rc = -EBUSY;
  } else { /* a re-bind replaces the transform: key and authsize reset */
    t->alg = alg, t->bound = 1, t->haskey = 0, t->keygen++;
    t->authsize = alg.maxauthsize;
  }
  pthread_mutex_unlock(&t->mu);
out:
  release(o);
  return rc ? fail(-rc) : 0;
}

static int set_key(struct afalgc_tfm *t, const void *key, size_t len) {
  uint8_t *copy = NULL;
  int rc = afalgc_check_key(&t->alg, len);
  if (rc == -ENOSYS)
    return rc;
  if (rc == 0 && len && !(copy = malloc(len)))
    rc = -ENOMEM;
  if (rc) {
    t->haskey = 0; /* a failed setkey leaves the tfm needing a key */
    return rc;
  }
  if (len)
    memcpy(copy, key, len);
  if (t->key) {
    afalgc_wipe(t->key, t->keylen);
    free(t->key);
  }
  t->key = copy, t->keylen = len, t->haskey = 1, t->keygen++;
  return 0;
}

/* ALG_SET_KEY_BY_KEY_SERIAL: the payload of a readable (user) key. */
static int set_key_serial(struct afalgc_tfm *t, const void *optval,
                          socklen_t optlen) {
  int32_t serial;
  uint8_t *buf;
  long n;
  int rc;
  if (optlen != sizeof serial)
    return -EINVAL;
  if (!optval)
    return -EFAULT;
  memcpy(&serial, optval, sizeof serial);
  if (!(buf = malloc(MAX_KEY)))
    return -ENOMEM;
  n = syscall(SYS_keyctl, KEYCTL_READ_OP, (long)serial, buf, (long)MAX_KEY);
  rc = n < 0 ? -errno : n > MAX_KEY ? -ENOMEM : set_key(t, buf, (size_t)n);
  afalgc_wipe(buf, MAX_KEY);
  free(buf);
  return rc;
}

int afalg_compat_setsockopt(int fd, int level, int optname, const void *optval,
                            socklen_t optlen) {
  struct obj *o = lookup(fd);
  struct afalgc_tfm *t;
  int rc = -ENOPROTOOPT;

  if (!o || level == SOL_SOCKET) {
    release(o);
    return setsockopt(fd, level, optname, optval, optlen);
  }
  t = o->tfm;
  if (o->op) {
    release(o);
    return fail(EOPNOTSUPP);
  }
  pthread_mutex_lock(&t->mu);
  if (t->nops != t->nokey_ops)
    rc = -EBUSY;
  else if (level != SOL_ALG || !t->bound)
    rc = -ENOPROTOOPT;
  else if (optname == ALG_SET_KEY) {
    rc = optlen > MAX_KEY    ? -ENOMEM
         : !optval && optlen ? -EFAULT
                             : set_key(t, optval, optlen);
  } else if (optname == ALG_SET_KEY_BY_KEY_SERIAL) {
    rc = set_key_serial(t, optval, optlen);
  } else if (optname == ALG_SET_AEAD_AUTHSIZE) {
    rc = t->alg.type != AFALGC_T_AEAD ? -ENOPROTOOPT
                                      : afalgc_check_authsize(&t->alg, optlen);
    if (rc == 0)
      t->authsize = optlen;
  }
  pthread_mutex_unlock(&t->mu);
  release(o);
  return rc ? fail(-rc) : 0;
}

/* A nokey operation socket becomes usable once the parent has a key. */
static int check_key(struct obj *o) {
  int rc = 0;
  if (!o->nokey)
    return 0;
  pthread_mutex_lock(&o->tfm->mu);
  if (!o->nokey)
    rc = 0;
  else if (!o->tfm->haskey)
    rc = -ENOKEY;
  else
    o->nokey = 0, o->tfm->nokey_ops--;
  pthread_mutex_unlock(&o->tfm->mu);
  return rc;
}

struct snap {
  struct afalgc_keyinfo k;
  uint8_t *buf;
  size_t len;
};

static int snap_take(struct obj *o, struct snap *s) {
  struct afalgc_tfm *t = o->tfm;
  int rc = 0;
  memset(s, 0, sizeof *s);
  pthread_mutex_lock(&t->mu);
  s->k.alg = &t->alg, s->k.keygen = t->keygen, s->k.authsize = t->authsize;
  if (t->haskey && t->keylen) {
    if ((s->buf = malloc(t->keylen)))
      memcpy(s->buf, t->key, s->len = t->keylen);
    else
      rc = -ENOMEM;
  }
  s->k.key = s->buf, s->k.keylen = s->len;
  pthread_mutex_unlock(&t->mu);
  return rc;
}

static void snap_drop(struct snap *s) {
  if (s->buf) {
    afalgc_wipe(s->buf, s->len);
    free(s->buf);
  }
}

int afalg_compat_accept4(int fd, struct sockaddr *addr, socklen_t *addrlen,
                         int flags) {
  struct obj *o = lookup(fd), *n = NULL;
  struct afalgc_tfm *t;
  struct afalgc_op *op = NULL;
  int rc = 0, nfd;

  if (!o)
    return accept4(fd, addr, addrlen, flags);
  t = o->tfm;
  if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
    rc = -EINVAL;
  else if (addr) /* alg sockets have no getname(): the kernel aborts */
    rc = -ECONNABORTED;
  else if (o->op && t->alg.type != AFALGC_T_HASH)
    rc = -EOPNOTSUPP;
  else if (o->op && (rc = check_key(o)) == 0) {
    struct snap s;
    pthread_mutex_lock(&o->mu);
    if ((rc = snap_take(o, &s)) == 0)
      op = afalgc_op_clone(o->op, &s.k, &rc);
    pthread_mutex_unlock(&o->mu);
    snap_drop(&s);
  }
  if (rc)
    goto out;
  pthread_mutex_lock(&t->mu);
  if (!t->bound)
    rc = -EINVAL;
  else if (!op && !(op = afalgc_op_new(&t->alg)))
    rc = -ENOMEM;
  else if (!(n = obj_new(t, op)))
    rc = -ENOMEM;
  else {
    n->nokey = t->alg.needkey && !t->haskey;
    t->nops++, t->refs++;
    t->nokey_ops += (unsigned)n->nokey;
    n->refs = 1;
  }
  pthread_mutex_unlock(&t->mu);
  if (rc) {
    afalgc_op_free(op);
    goto out;
  }
  nfd = install(n, flags);
  release(n); /* on failure this frees the op and undoes the counts */
  if (nfd < 0)
    rc = nfd;
out:
  release(o);
  return rc ? fail(-rc) : nfd;
}

int afalg_compat_accept(int fd, struct sockaddr *addr, socklen_t *addrlen) {
  struct obj *o = lookup(fd);
  release(o);
  if (!o)
    return accept(fd, addr, addrlen);
  return afalg_compat_accept4(fd, addr, addrlen, 0);
}

/* ---- data transfer ------------------------------------------------------- */

static ssize_t op_send(struct obj *o, const struct iovec *iov, size_t cnt,
                       const void *ctl, size_t ctllen, int flags) {
  struct afalgc_iov d = {iov, cnt, 0};
  struct snap s;
  ssize_t rc;
  size_t i;

  for (i = 0; i < cnt; i++) {
    if (iov[i].iov_len > (size_t)SSIZE_MAX - d.total)
      return -EINVAL;
    d.total += iov[i].iov_len;
  }
  if (!o->op)
    return -EOPNOTSUPP; /* the tfm socket carries no data */
  if ((rc = check_key(o)))
    return rc;
  pthread_mutex_lock(&o->mu);
  if ((rc = snap_take(o, &s)) == 0)
    rc = afalgc_op_send(o->op, &s.k, &d, ctl, ctllen, flags);
  pthread_mutex_unlock(&o->mu);
  snap_drop(&s);
  return rc;
}

static ssize_t op_recv(struct obj *o, const struct iovec *iov, size_t cnt,
                       int *trunc) {
  size_t total = 0, need, i, done;
  uint8_t *tmp;
  struct snap s;
  ssize_t rc;

  *trunc = 0;
  for (i = 0; i < cnt; i++) {
    if (iov[i].iov_len > (size_t)SSIZE_MAX - total)
      return -EINVAL;
    total += iov[i].iov_len;
  }
  if (!o->op)
    return -EOPNOTSUPP;
  if ((rc = check_key(o)))
    return rc;
  pthread_mutex_lock(&o->mu);
  if ((rc = snap_take(o, &s)) == 0) {
    need = afalgc_op_pending(o->op, &s.k);
    need = need < total ? need : total;
    if (!(tmp = malloc(need ? need : 1)))
      rc = -ENOMEM;
    else
      rc = afalgc_op_recv(o->op, &s.k, tmp, need, trunc);
  }
  pthread_mutex_unlock(&o->mu);
  snap_drop(&s);
  if (rc < 0)
    return rc;
  for (i = 0, done = 0; i < cnt && done < (size_t)rc; i++) {
    size_t n = (size_t)rc - done;
    n = n < iov[i].iov_len ? n : iov[i].iov_len;
    memcpy(iov[i].iov_base, tmp + done, n);
    done += n;
  }
  afalgc_wipe(tmp, (size_t)rc);
  free(tmp);
  return rc;
}

static ssize_t finish(struct obj *o, ssize_t rc) {
  release(o);
  if (rc < 0) {
    errno = (int)-rc;
    return -1;
  }
  return rc;
}

ssize_t afalg_compat_sendmsg(int fd, const struct msghdr *msg, int flags) {
  struct obj *o = lookup(fd);
  if (!o)
    return sendmsg(fd, msg, flags);
  if (!msg)
    return finish(o, -EFAULT);
  if (msg->msg_iovlen > IOV_MAX)
    return finish(o, -EMSGSIZE);
  if (msg->msg_controllen > INT_MAX)
    return finish(o, -ENOBUFS);
  if (msg->msg_controllen && !msg->msg_control)
    return finish(o, -EFAULT);
  return finish(o, op_send(o, msg->msg_iov, msg->msg_iovlen, msg->msg_control,
                           msg->msg_controllen, flags));
}

ssize_t afalg_compat_send(int fd, const void *buf, size_t len, int flags) {
  struct obj *o = lookup(fd);
  struct iovec v = {(void *)buf, len};
  if (!o)
    return send(fd, buf, len, flags);
  return finish(o, op_send(o, &v, 1, NULL, 0, flags));
}

ssize_t afalg_compat_sendto(int fd, const void *buf, size_t len, int flags,
                            const struct sockaddr *dest, socklen_t destlen) {
  struct obj *o = lookup(fd);
  struct iovec v = {(void *)buf, len};
  if (!o)
    return sendto(fd, buf, len, flags, dest, destlen);
  return finish(o, op_send(o, &v, 1, NULL, 0, flags));
}

ssize_t afalg_compat_write(int fd, const void *buf, size_t len) {
  struct obj *o = lookup(fd);
  struct iovec v = {(void *)buf, len};
  if (!o)
    return write(fd, buf, len);
  return finish(o, op_send(o, &v, 1, NULL, 0, 0));
}

ssize_t afalg_compat_writev(int fd, const struct iovec *iov, int iovcnt) {
  struct obj *o = lookup(fd);
  if (!o)
    return writev(fd, iov, iovcnt);
  if (iovcnt < 0 || iovcnt > IOV_MAX)
    return finish(o, -EINVAL);
  return finish(o, op_send(o, iov, (size_t)iovcnt, NULL, 0, 0));
}

ssize_t afalg_compat_recvmsg(int fd, struct msghdr *msg, int flags) {
  struct obj *o = lookup(fd);
  ssize_t rc;
  int trunc;
  if (!o)
    return recvmsg(fd, msg, flags);
  if (!msg)
    return finish(o, -EFAULT);
  if (msg->msg_iovlen > IOV_MAX)
    return finish(o, -EMSGSIZE);
  rc = op_recv(o, msg->msg_iov, msg->msg_iovlen, &trunc);
  if (rc >= 0) {
    msg->msg_flags = trunc ? MSG_TRUNC : 0;
    msg->msg_controllen = 0;
    msg->msg_namelen = 0;
  }
  return finish(o, rc);
}

ssize_t afalg_compat_recv(int fd, void *buf, size_t len, int flags) {
  struct obj *o = lookup(fd);
  struct iovec v = {buf, len};
  int trunc;
  if (!o)
    return recv(fd, buf, len, flags);
  return finish(o, op_recv(o, &v, 1, &trunc));
}

ssize_t afalg_compat_recvfrom(int fd, void *buf, size_t len, int flags,
                              struct sockaddr *src, socklen_t *srclen) {
  struct obj *o = lookup(fd);
  struct iovec v = {buf, len};
  ssize_t rc;
  int trunc;
  if (!o)
    return recvfrom(fd, buf, len, flags, src, srclen);
  rc = op_recv(o, &v, 1, &trunc);
  if (rc >= 0 && src && srclen)
    *srclen = 0;
  return finish(o, rc);
}

/* read(2) on a socket returns 0 for an empty buffer without a recvmsg. */
ssize_t afalg_compat_read(int fd, void *buf, size_t len) {
  struct obj *o = lookup(fd);
  struct iovec v = {buf, len};
  int trunc;
  if (!o)
    return read(fd, buf, len);
  return finish(o, len ? op_recv(o, &v, 1, &trunc) : 0);
}

ssize_t afalg_compat_readv(int fd, const struct iovec *iov, int iovcnt) {
  struct obj *o = lookup(fd);
  size_t total = 0;
  int i, trunc;
  if (!o)
    return readv(fd, iov, iovcnt);
  if (iovcnt < 0 || iovcnt > IOV_MAX)
    return finish(o, -EINVAL);
  for (i = 0; i < iovcnt; i++)
    total += iov[i].iov_len;
  return finish(o, total ? op_recv(o, iov, (size_t)iovcnt, &trunc) : 0);
}

/* ---- zero-copy idioms ---------------------------------------------------- */

static int is_pipe(int fd) {
  struct stat st;
  return fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode);
}

/* pipe -> op: what is in the pipe (up to len) becomes one send. */
static ssize_t splice_in(struct obj *o, int pfd, size_t len, unsigned flags) {
  size_t cap = len < CHUNK ? len : CHUNK, have = 0, total = 0;
  uint8_t *buf = malloc(cap ? cap : 1);
  ssize_t rc = 0;
  int avail;

  if (!buf)
    return -ENOMEM;
  if (flags & SPLICE_F_NONBLOCK) {
    struct pollfd p = {pfd, POLLIN, 0};
    if (poll(&p, 1, 0) == 0)
      rc = -EAGAIN;
  }
  while (rc == 0 && total + have < len) {
    size_t want = len - total - have;
    ssize_t n;
    if (have == cap) { /* buffer full, more wanted: stream it */
      if ((rc = op_send(o, &(struct iovec){buf, have}, 1, NULL, 0, MSG_MORE)) <
          0)
        break;
      total += have, have = 0;
      continue;
    }
    if (total + have > 0 && (ioctl(pfd, FIONREAD, &avail) != 0 || avail <= 0))
      break; /* take only what the pipe already holds */
    n = read(pfd, buf + have, want < cap - have ? want : cap - have);
    if (n < 0)
      rc = total + have ? 0 : -errno;
    if (n <= 0)
      break;
    have += (size_t)n;
  }
  if (rc == 0 && have)
    rc = op_send(o, &(struct iovec){buf, have}, 1, NULL, 0,
                 flags & SPLICE_F_MORE ? MSG_MORE : 0);
  if (rc >= 0)
    rc = (ssize_t)(total + have);
  afalgc_wipe(buf, cap);
  free(buf);
  return rc;
}

/* op -> pipe: read a result and write it to the pipe. */
static ssize_t splice_out(struct obj *o, int pfd, size_t len) {
  size_t cap = len < CHUNK ? len : CHUNK, done = 0;
  uint8_t *buf = malloc(cap ? cap : 1);
  struct iovec v = {buf, cap};
  ssize_t rc;
  int trunc;
  if (!buf)
    return -ENOMEM;
  rc = cap ? op_recv(o, &v, 1, &trunc) : 0;
  while (rc > 0 && done < (size_t)rc) {
    ssize_t n = write(pfd, buf + done, (size_t)rc - done);
    if (n < 0) {
      rc = done ? (ssize_t)done : -errno;
      break;
    }
    done += (size_t)n;
  }
  afalgc_wipe(buf, cap);
  free(buf);
  return rc;
}

ssize_t afalg_compat_splice(int fd_in, afalg_compat_loff_t *off_in, int fd_out,
                            afalg_compat_loff_t *off_out, size_t len,
                            unsigned int flags) {
  struct obj *in = lookup(fd_in), *out = lookup(fd_out);
  ssize_t rc;
  if (!in && !out)
    return splice(fd_in, off_in, fd_out, off_out, len, flags);
  if ((out && off_out) || (in && off_in))
    rc = -ESPIPE;
  else if (in && out)
    rc = -EINVAL;
  else if (out)
    rc = !is_pipe(fd_in) ? -EINVAL
         : off_in        ? -ESPIPE
         : len           ? splice_in(out, fd_in, len, flags)
                         : 0;
  else
    rc = !is_pipe(fd_out) ? -EINVAL
         : off_out        ? -ESPIPE
                          : splice_out(in, fd_out, len);
  release(in);
  return finish(out, rc);
}

ssize_t afalg_compat_vmsplice(int fd, const struct iovec *iov, size_t nr_segs,
                              unsigned int flags) {
  return vmsplice(fd, iov, nr_segs, flags);
}

ssize_t afalg_compat_tee(int fd_in, int fd_out, size_t len,
                         unsigned int flags) {
  return tee(fd_in, fd_out, len, flags);
}

/* One sendfile() into an op socket is one complete message (AFALG.md 1.6.1). */
ssize_t afalg_compat_sendfile(int out_fd, int in_fd, off_t *offset,
                              size_t count) {
  struct obj *o = lookup(out_fd);
  size_t total = 0;
  ssize_t rc = 0, n;
  uint8_t *buf;

  if (!o)
    return sendfile(out_fd, in_fd, offset, count);
  if (!(buf = malloc(CHUNK)))
    return finish(o, -ENOMEM);
  while (total < count) {
    size_t want = count - total < CHUNK ? count - total : CHUNK;
    n = offset ? pread(in_fd, buf, want, *offset) : read(in_fd, buf, want);
    if (n <= 0) {
      rc = n < 0 ? -errno : 0;
      break;
    }
    if ((rc = op_send(o, &(struct iovec){buf, (size_t)n}, 1, NULL, 0,
                      MSG_MORE)) < 0)
      break;
    rc = 0;
    if (offset)
      *offset += n;
    total += (size_t)n;
  }
  /* the last chunk carries no MSG_MORE: finish the message */
  if (total && rc == 0)
    rc = op_send(o, &(struct iovec){buf, 0}, 1, NULL, 0, 0);
  afalgc_wipe(buf, CHUNK);
  free(buf);
  return finish(o, total ? (ssize_t)total : rc);
}

/* ---- descriptor management ---------------------------------------------- */

int afalg_compat_close(int fd) {
  struct obj *o = unregister(fd);
  int rc = close(fd), e = errno;
  release(o);
  errno = e;
  return rc;
}

static int alias(struct obj *o, int nfd) {
  int e = errno;
  if (o && nfd >= 0 && enroll(nfd, o) != 0) {
    close(nfd);
    release(o);
    return fail(ENOMEM);
  }
  release(o);
  errno = e;
  return nfd;
}

int afalg_compat_dup(int fd) {
  struct obj *o = lookup(fd);
  return alias(o, dup(fd));
}

int afalg_compat_dup2(int oldfd, int newfd) {
  struct obj *o = lookup(oldfd);
  int rc = dup2(oldfd, newfd);
  if (rc < 0 || oldfd == newfd) {
    release(o);
    return rc;
  }
  release(unregister(newfd)); /* newfd was closed by dup2 */
  return alias(o, rc);
}

int afalg_compat_dup3(int oldfd, int newfd, int flags) {
  struct obj *o = lookup(oldfd);
  int rc = dup3(oldfd, newfd, flags);
  if (rc < 0) {
    release(o);
    return rc;
  }
  release(unregister(newfd));
  return alias(o, rc);
}

int afalg_compat_fcntl(int fd, int cmd, ...) {
  va_list ap;
  void *arg;
  va_start(ap, cmd);
  if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC) {
    int min = va_arg(ap, int);
    struct obj *o;
    va_end(ap);
    o = lookup(fd);
    return alias(o, fcntl(fd, cmd, min));
  }
  /* like glibc: every other command takes at most one pointer-sized arg */
  arg = va_arg(ap, void *);
  va_end(ap);
  return fcntl(fd, cmd, arg);
}
