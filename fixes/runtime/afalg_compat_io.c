/*
 * afalg_compat_io.c - the data calls on an AF_ALG descriptor: send*,
 * write*, recv*, read*, and the zero-copy idioms (splice from a pipe,
 * sendfile from a file), which become ordinary sends of the same bytes.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "afalg_compat.h"
#include "afalg_compat_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK 65536

/* A nokey operation socket becomes usable once the parent has a key. */
int afalgc_obj_check_key(struct afalgc_obj *o) {
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

/* Copy what one call needs from the tfm, so no tfm lock is held while the
 * crypto runs. */
int afalgc_keyinfo_take(struct afalgc_obj *o, struct afalgc_keyinfo *k) {
  struct afalgc_tfm *t = o->tfm;
  int rc = 0;
  memset(k, 0, sizeof *k);
  pthread_mutex_lock(&t->mu);
  k->alg = &t->alg, k->keygen = t->keygen, k->authsize = t->authsize;
  if (t->haskey && t->keylen) {
    if ((k->owned = malloc(t->keylen)))
      memcpy(k->owned, t->key, k->keylen = t->keylen);
    else
      rc = -ENOMEM;
  }
  k->key = k->owned;
  pthread_mutex_unlock(&t->mu);
  return rc;
}

void afalgc_keyinfo_drop(struct afalgc_keyinfo *k) {
  if (k->owned) {
    afalgc_wipe(k->owned, k->keylen);
    free(k->owned);
  }
  k->owned = NULL;
}

/* ---- data transfer ------------------------------------------------------- */

static ssize_t op_send(struct afalgc_obj *o, const struct iovec *iov,
                       size_t cnt, const void *ctl, size_t ctllen, int flags) {
  struct afalgc_iov d = {iov, cnt, 0};
  struct afalgc_keyinfo s;
  ssize_t rc;
  size_t i;

  for (i = 0; i < cnt; i++) {
    if (iov[i].iov_len > (size_t)SSIZE_MAX - d.total)
      return -EINVAL;
    d.total += iov[i].iov_len;
  }
  if (!o->op)
    return -EOPNOTSUPP; /* the tfm socket carries no data */
  if ((rc = afalgc_obj_check_key(o)))
    return rc;
  pthread_mutex_lock(&o->mu);
  if ((rc = afalgc_keyinfo_take(o, &s)) == 0)
    rc = afalgc_op_send(o->op, &s, &d, ctl, ctllen, flags);
  pthread_mutex_unlock(&o->mu);
  afalgc_keyinfo_drop(&s);
  return rc;
}

static ssize_t op_recv(struct afalgc_obj *o, const struct iovec *iov,
                       size_t cnt, int *trunc) {
  size_t total = 0, need, i, done;
  uint8_t *tmp = NULL;
  struct afalgc_keyinfo s;
  ssize_t rc;

  *trunc = 0;
  for (i = 0; i < cnt; i++) {
    if (iov[i].iov_len > (size_t)SSIZE_MAX - total)
      return -EINVAL;
    total += iov[i].iov_len;
  }
  if (!o->op)
    return -EOPNOTSUPP;
  if ((rc = afalgc_obj_check_key(o)))
    return rc;
  pthread_mutex_lock(&o->mu);
  if ((rc = afalgc_keyinfo_take(o, &s)) == 0) {
    /* size the bounce buffer by what can come out; keep it non-empty so
     * an empty queue still reports "would block" */
    need = afalgc_op_pending(o->op, &s);
    need = need < total ? need : total;
    if (need == 0 && total)
      need = 1;
    if (!(tmp = malloc(need ? need : 1)))
      rc = -ENOMEM;
    else
      rc = afalgc_op_recv(o->op, &s, tmp, need, trunc);
  }
  pthread_mutex_unlock(&o->mu);
  afalgc_keyinfo_drop(&s);
  if (rc < 0) {
    free(tmp);
    return rc;
  }
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

static ssize_t finish(struct afalgc_obj *o, ssize_t rc) {
  afalgc_obj_release(o);
  if (rc < 0) {
    errno = (int)-rc;
    return -1;
  }
  return rc;
}

ssize_t afalg_compat_sendmsg(int fd, const struct msghdr *msg, int flags) {
  struct afalgc_obj *o = afalgc_obj_lookup(fd);
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
  struct afalgc_obj *o = afalgc_obj_lookup(fd);
  struct iovec v = {(void *)buf, len};
  if (!o)
    return send(fd, buf, len, flags);
  return finish(o, op_send(o, &v, 1, NULL, 0, flags));
}

ssize_t afalg_compat_sendto(int fd, const void *buf, size_t len, int flags,
                            const struct sockaddr *dest, socklen_t destlen) {
  struct afalgc_obj *o = afalgc_obj_lookup(fd);
  struct iovec v = {(void *)buf, len};
  if (!o)
    return sendto(fd, buf, len, flags, dest, destlen);
  return finish(o, op_send(o, &v, 1, NULL, 0, flags));
}

ssize_t afalg_compat_write(int fd, const void *buf, size_t len) {
  struct afalgc_obj *o = afalgc_obj_lookup(fd);
  struct iovec v = {(void *)buf, len};
  if (!o)
    return write(fd, buf, len);
  return finish(o, op_send(o, &v, 1, NULL, 0, 0));
}

ssize_t afalg_compat_writev(int fd, const struct iovec *iov, int iovcnt) {
  struct afalgc_obj *o = afalgc_obj_lookup(fd);
  if (!o)
    return writev(fd, iov, iovcnt);
  if (iovcnt < 0 || iovcnt > IOV_MAX)
    return finish(o, -EINVAL);
  return finish(o, op_send(o, iov, (size_t)iovcnt, NULL, 0, 0));
}

ssize_t afalg_compat_recvmsg(int fd, struct msghdr *msg, int flags) {
  struct afalgc_obj *o = afalgc_obj_lookup(fd);
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
  struct afalgc_obj *o = afalgc_obj_lookup(fd);
  struct iovec v = {buf, len};
  int trunc;
  if (!o)
    return recv(fd, buf, len, flags);
  return finish(o, op_recv(o, &v, 1, &trunc));
}

ssize_t afalg_compat_recvfrom(int fd, void *buf, size_t len, int flags,
                              struct sockaddr *src, socklen_t *srclen) {
  struct afalgc_obj *o = afalgc_obj_lookup(fd);
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
  struct afalgc_obj *o = afalgc_obj_lookup(fd);
  struct iovec v = {buf, len};
  int trunc;
  if (!o)
    return read(fd, buf, len);
  return finish(o, len ? op_recv(o, &v, 1, &trunc) : 0);
}

ssize_t afalg_compat_readv(int fd, const struct iovec *iov, int iovcnt) {
  struct afalgc_obj *o = afalgc_obj_lookup(fd);
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
static ssize_t splice_in(struct afalgc_obj *o, int pfd, size_t len,
                         unsigned flags) {
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
static ssize_t splice_out(struct afalgc_obj *o, int pfd, size_t len) {
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
  struct afalgc_obj *in = afalgc_obj_lookup(fd_in),
                    *out = afalgc_obj_lookup(fd_out);
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
  afalgc_obj_release(in);
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
  struct afalgc_obj *o = afalgc_obj_lookup(out_fd);
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
