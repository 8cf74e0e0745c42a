/*
 * afalg_compat_core.c - descriptor table and the control calls: socket,
 * bind, setsockopt, accept, close, dup, fcntl.
 *
 * socket(AF_ALG) returns a real descriptor (see backing_fd), so unrewritten
 * close/dup/fcntl/poll keep working; the table maps it to the transform or
 * operation state.  Descriptors not in the table go straight to libc.  Each
 * entry remembers the inode of its descriptor so an entry left behind by an
 * unrewritten close() is recognised as stale when the number is reused.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "afalg_compat.h"
#include "afalg_compat_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_alg.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

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

/* struct sockaddr_alg_new: the header may predate it. */
struct alg_addr {
  uint16_t family;
  uint8_t type[14];
  uint32_t feat, mask;
};

struct entry {
  int fd;
  dev_t dev;
  ino_t ino;
  struct afalgc_obj *obj;
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

static void obj_free(struct afalgc_obj *o) {
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

void afalgc_obj_release(struct afalgc_obj *o) {
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
static struct afalgc_obj *unlink_locked(int fd) {
  struct entry **pp = &buckets[(unsigned)fd % NBUCKETS], *e;
  for (; (e = *pp); pp = &e->next)
    if (e->fd == fd) {
      struct afalgc_obj *o = e->obj;
      *pp = e->next;
      free(e);
      __atomic_sub_fetch(&live, 1, __ATOMIC_RELEASE);
      return o;
    }
  return NULL;
}

static struct afalgc_obj *unregister(int fd) {
  struct afalgc_obj *o;
  if (__atomic_load_n(&live, __ATOMIC_ACQUIRE) == 0)
    return NULL;
  pthread_mutex_lock(&tbl_mu);
  o = unlink_locked(fd);
  pthread_mutex_unlock(&tbl_mu);
  return o;
}

static int enroll(int fd, struct afalgc_obj *o) {
  struct entry *e = calloc(1, sizeof *e);
  struct afalgc_obj *stale;
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
  afalgc_obj_release(stale);
  return 0;
}

/* The object behind fd with a reference held, or NULL (pass through). */
struct afalgc_obj *afalgc_obj_lookup(int fd) {
  struct entry *e;
  struct afalgc_obj *o = NULL, *stale = NULL;
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
  afalgc_obj_release(stale);
  return o;
}

/*
 * The descriptor behind a handle: a sealed, empty memfd.  poll() reports it
 * readable and writable (the runtime never blocks), each one has its own
 * inode, and an I/O call that escaped the rewrite fails (write: EPERM) or
 * reads nothing instead of acting on some other object.
 */
static int backing_fd(int flags) {
  int fd;
#if defined(MFD_ALLOW_SEALING) && defined(F_ADD_SEALS)
  fd = memfd_create("afalg-compat",
                    MFD_ALLOW_SEALING |
                        (flags & SOCK_CLOEXEC ? MFD_CLOEXEC : 0));
  if (fd >= 0) {
    fcntl(fd, F_ADD_SEALS,
          F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
    if (flags & SOCK_NONBLOCK)
      fcntl(fd, F_SETFL, O_NONBLOCK);
    return fd;
  }
#endif
  fd = socket(AF_UNIX, SOCK_SEQPACKET | flags, 0);
  if (fd < 0)
    fd = open("/dev/null", O_RDWR | (flags & SOCK_CLOEXEC ? O_CLOEXEC : 0) |
                               (flags & SOCK_NONBLOCK ? O_NONBLOCK : 0));
  return fd;
}

/* New descriptor for an object; returns the fd or -errno. */
static int install(struct afalgc_obj *o, int flags) {
  int fd = backing_fd(flags), rc;
  if (fd < 0)
    return -errno;
  if ((rc = enroll(fd, o)) != 0) {
    close(fd);
    return rc;
  }
  return fd;
}

static struct afalgc_obj *obj_new(struct afalgc_tfm *t, struct afalgc_op *op) {
  struct afalgc_obj *o = calloc(1, sizeof *o);
  if (!o)
    return NULL;
  pthread_mutex_init(&o->mu, NULL);
  o->tfm = t, o->op = op;
  return o;
}

int afalg_compat_is_handle(int fd) {
  struct afalgc_obj *o = afalgc_obj_lookup(fd);
  afalgc_obj_release(o);
  return o != NULL;
}

/* ---- socket / bind / setsockopt / accept --------------------------------- */

int afalg_compat_socket(int domain, int type, int protocol) {
  struct afalgc_tfm *t;
  struct afalgc_obj *o;
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
  afalgc_obj_release(o);
  return fd < 0 ? fail(-fd) : fd;
}

int afalg_compat_bind(int fd, const struct sockaddr *addr, socklen_t len) {
  struct afalgc_obj *o = afalgc_obj_lookup(fd);
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
  afalgc_obj_release(o);
  return rc ? fail(-rc) : 0;
}

static int set_key(struct afalgc_tfm *t, const void *key, size_t len) {
  uint8_t *copy = NULL;
  int rc = afalgc_check_key(&t->alg, key, len);
  if (rc == -ENOSYS)
    return rc;
  if (rc == 0 && len && !(copy = malloc(len)))
    rc = -ENOMEM;
  if (rc) {
    /* a failed setkey leaves the tfm needing a key, unless the key is an
     * optional seed (then the old one stays) */
    if (!t->alg.optkey)
      t->haskey = 0;
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
  struct afalgc_obj *o = afalgc_obj_lookup(fd);
  struct afalgc_tfm *t;
  int rc = -ENOPROTOOPT;

  if (!o || level == SOL_SOCKET) {
    afalgc_obj_release(o);
    return setsockopt(fd, level, optname, optval, optlen);
  }
  t = o->tfm;
  if (o->op) {
    afalgc_obj_release(o);
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
  afalgc_obj_release(o);
  return rc ? fail(-rc) : 0;
}

int afalg_compat_accept4(int fd, struct sockaddr *addr, socklen_t *addrlen,
                         int flags) {
  struct afalgc_obj *o = afalgc_obj_lookup(fd), *n = NULL;
  struct afalgc_tfm *t;
  struct afalgc_op *op = NULL;
  int rc = 0, nfd = -1;

  if (!o)
    return accept4(fd, addr, addrlen, flags);
  t = o->tfm;
  if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
    rc = -EINVAL;
  else if (o->op && t->alg.type != AFALGC_T_HASH)
    rc = -EOPNOTSUPP;
  else if (o->op && (rc = afalgc_obj_check_key(o)) == 0) {
    struct afalgc_keyinfo k;
    pthread_mutex_lock(&o->mu);
    if ((rc = afalgc_keyinfo_take(o, &k)) == 0)
      op = afalgc_op_clone(o->op, &k, &rc);
    pthread_mutex_unlock(&o->mu);
    afalgc_keyinfo_drop(&k);
  }
  if (rc)
    goto out;
  pthread_mutex_lock(&t->mu);
  if (!t->bound)
    rc = -EINVAL;
  else if (addr) /* alg sockets have no getname(): the kernel aborts */
    rc = -ECONNABORTED;
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
  afalgc_obj_release(
      n); /* on failure this frees the op and undoes the counts */
  if (nfd < 0)
    rc = nfd;
out:
  afalgc_obj_release(o);
  return rc ? fail(-rc) : nfd;
}

int afalg_compat_accept(int fd, struct sockaddr *addr, socklen_t *addrlen) {
  struct afalgc_obj *o = afalgc_obj_lookup(fd);
  afalgc_obj_release(o);
  if (!o)
    return accept(fd, addr, addrlen);
  return afalg_compat_accept4(fd, addr, addrlen, 0);
}

/* ---- descriptor management ----------------------------------------------- */

int afalg_compat_close(int fd) {
  struct afalgc_obj *o = unregister(fd);
  int rc = close(fd), e = errno;
  afalgc_obj_release(o);
  errno = e;
  return rc;
}

static int alias(struct afalgc_obj *o, int nfd) {
  int e = errno;
  if (o && nfd >= 0 && enroll(nfd, o) != 0) {
    close(nfd);
    afalgc_obj_release(o);
    return fail(ENOMEM);
  }
  afalgc_obj_release(o);
  errno = e;
  return nfd;
}

int afalg_compat_dup(int fd) {
  struct afalgc_obj *o = afalgc_obj_lookup(fd);
  return alias(o, dup(fd));
}

int afalg_compat_dup2(int oldfd, int newfd) {
  struct afalgc_obj *o = afalgc_obj_lookup(oldfd);
  int rc = dup2(oldfd, newfd), e = errno;
  if (rc < 0 || oldfd == newfd) {
    afalgc_obj_release(o);
    errno = e;
    return rc;
  }
  afalgc_obj_release(unregister(newfd)); /* newfd was closed by dup2 */
  return alias(o, rc);
}

int afalg_compat_dup3(int oldfd, int newfd, int flags) {
  struct afalgc_obj *o = afalgc_obj_lookup(oldfd);
  int rc = dup3(oldfd, newfd, flags), e = errno;
  if (rc < 0) {
    afalgc_obj_release(o);
    errno = e;
    return rc;
  }
  afalgc_obj_release(unregister(newfd));
  return alias(o, rc);
}

int afalg_compat_fcntl(int fd, int cmd, ...) {
  va_list ap;
  void *arg;
  va_start(ap, cmd);
  if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC) {
    int min = va_arg(ap, int);
    struct afalgc_obj *o;
    va_end(ap);
    o = afalgc_obj_lookup(fd);
    return alias(o, fcntl(fd, cmd, min));
  }
  /* like glibc: every other command takes at most one pointer-sized arg */
  arg = va_arg(ap, void *);
  va_end(ap);
  return fcntl(fd, cmd, arg);
}
