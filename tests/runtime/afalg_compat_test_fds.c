/*
 * afalg_compat_test_fds.c - descriptors and plumbing: pass-through of other
 * descriptors, dup aliases, the backing descriptor, stale entries, splice and
 * sendfile into op sockets, threads, keys from the kernel keyring.
 */
#include "afalg_compat_test.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static int t_passthrough(void) {
  int p[2], s;
  char buf[8];
  CHECK(pipe(p) == 0, "pipe");
  CHECK(!afalg_compat_is_handle(p[0]), "pipe is not a handle");
  CHECK(afalg_compat_write(p[1], "hello", 5) == 5, "write pipe");
  CHECK(afalg_compat_read(p[0], buf, 8) == 5 && memcmp(buf, "hello", 5) == 0,
        "read pipe");
  CHECK(afalg_compat_close(p[0]) == 0 && afalg_compat_close(p[1]) == 0,
        "close");
  ERRNO_IS(afalg_compat_close(p[0]), EBADF);
  s = afalg_compat_socket(AF_UNIX, SOCK_DGRAM, 0);
  CHECK(s >= 0 && !afalg_compat_is_handle(s), "AF_UNIX pass-through");
  ERRNO_IS(afalg_compat_accept(s, NULL, NULL), EOPNOTSUPP);
  afalg_compat_close(s);
  return 0;
}

static int t_dup_alias(void) {
  const char *abc =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  uint8_t out[32];
  int op, d1, d2, d3, p[2];
  OPEN_OR_SKIP(op, "hash", "sha256", NULL, 0, 0);
  CHECK(afalg_compat_send(op, "a", 1, MSG_MORE) == 1, "send");
  d1 = afalg_compat_dup(op);
  CHECK(d1 >= 0 && afalg_compat_is_handle(d1), "dup");
  CHECK(afalg_compat_send(d1, "b", 1, MSG_MORE) == 1, "send dup");
  d2 = afalg_compat_fcntl(d1, F_DUPFD_CLOEXEC, 100);
  CHECK(d2 >= 100 && afalg_compat_is_handle(d2), "F_DUPFD_CLOEXEC");
  CHECK(afalg_compat_fcntl(d2, F_GETFD) == FD_CLOEXEC, "F_GETFD passthrough");
  CHECK(pipe(p) == 0, "pipe");
  d3 = afalg_compat_dup2(d2, p[0]); /* replaces a pipe end */
  CHECK(d3 == p[0] && afalg_compat_is_handle(d3), "dup2");
  afalg_compat_close(op);
  afalg_compat_close(d1);
  afalg_compat_close(d2);
  CHECK(afalg_compat_send(d3, "c", 1, 0) == 1, "send via last alias");
  CHECK(afalg_compat_read(d3, out, 32) == 32 && eq_hex(out, 32, abc),
        "shared state");
  /* dup2 over an AF_ALG handle drops its mapping */
  CHECK(afalg_compat_dup2(p[1], d3) == d3 && !afalg_compat_is_handle(d3),
        "dup2 over handle");
  afalg_compat_close(d3);
  afalg_compat_close(p[1]);
  return 0;
}

/* unrewritten calls on a handle: poll works, I/O fails instead of acting */
static int t_backing_fd(void) {
  struct pollfd p;
  int op;
  OPEN_OR_SKIP(op, "hash", "sha256", NULL, 0, 0);
  p.fd = op, p.events = POLLIN | POLLOUT, p.revents = 0;
  CHECK(poll(&p, 1, 0) == 1 &&
            (p.revents & (POLLIN | POLLOUT)) == (POLLIN | POLLOUT),
        "poll revents %#x", p.revents);
  CHECK(!(p.revents & (POLLERR | POLLNVAL)), "poll error bits");
  CHECK(write(op, "abc", 3) == -1, "a missed rewrite must not succeed");
  CHECK(fcntl(op, F_GETFD) == FD_CLOEXEC, "SOCK_CLOEXEC honoured");
  afalg_compat_close(op);
  return 0;
}

/* a handle closed with the real close(): the reused number passes through */
static int t_stale_entry(void) {
  int op, p[2];
  char buf[4];
  OPEN_OR_SKIP(op, "hash", "sha256", NULL, 0, 0);
  close(op);
  CHECK(pipe(p) == 0, "pipe");
  if (p[0] != op && p[1] != op) {
    int d = dup2(p[0], op);
    CHECK(d == op, "dup2");
    close(p[0]);
    p[0] = op;
  }
  CHECK(!afalg_compat_is_handle(op), "stale entry detected");
  CHECK(afalg_compat_write(p[1], "xy", 2) == 2, "write");
  CHECK(afalg_compat_read(p[0], buf, 4) == 2, "read");
  afalg_compat_close(p[0]);
  afalg_compat_close(p[1]);
  return 0;
}

static int t_vmsplice_splice(void) {
  const char *want =
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
  uint8_t out[64], key[16], iv[16], pt[64];
  size_t n = strlen(abc_long);
  int op, p[2];
  struct iovec v = {(void *)abc_long, 20};
  OPEN_OR_SKIP(op, "hash", "sha256", NULL, 0, 0);
  CHECK(pipe(p) == 0, "pipe");
  /* first part with SPLICE_F_MORE, the rest as the final splice */
  CHECK(afalg_compat_vmsplice(p[1], &v, 1, SPLICE_F_GIFT) == 20, "vmsplice");
  CHECK(afalg_compat_splice(p[0], NULL, op, NULL, 20, SPLICE_F_MORE) == 20,
        "splice more");
  v.iov_base = (void *)(abc_long + 20), v.iov_len = n - 20;
  CHECK(afalg_compat_vmsplice(p[1], &v, 1, SPLICE_F_GIFT) == (ssize_t)(n - 20),
        "vmsplice");
  CHECK(afalg_compat_splice(p[0], NULL, op, NULL, 4096, 0) == (ssize_t)(n - 20),
        "splice takes what the pipe holds");
  CHECK(afalg_compat_read(op, out, 32) == 32 && eq_hex(out, 32, want),
        "digest");
  afalg_compat_close(op);
  /* cbc through the pipe, result spliced back out into a pipe */
  if (!afalg_compat_supported("skcipher", "cbc(aes)"))
    return 0;
  unhex(aes128_key, key);
  unhex("000102030405060708090a0b0c0d0e0f", iv);
  unhex(sp800_38a_pt, pt);
  op = op_open("skcipher", "cbc(aes)", key, 16, 0);
  CHECK(send1(op, 1, iv, 16, -1, NULL, 0, MSG_MORE) == 0, "set iv");
  v.iov_base = pt, v.iov_len = 64;
  CHECK(afalg_compat_vmsplice(p[1], &v, 1, 0) == 64, "vmsplice");
  CHECK(afalg_compat_splice(p[0], NULL, op, NULL, 64, 0) == 64, "splice in");
  CHECK(afalg_compat_splice(op, NULL, p[1], NULL, 64, 0) == 64, "splice out");
  CHECK(afalg_compat_read(p[0], out, 64) == 64 && eq_hex(out, 64, cbc_ct),
        "cbc via pipes");
  ERRNO_IS(afalg_compat_splice(op, NULL, op, NULL, 16, 0), EINVAL);
  afalg_compat_close(op);
  afalg_compat_close(p[0]);
  afalg_compat_close(p[1]);
  return 0;
}

static int t_sendfile(void) {
  const char *want =
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
  const char *abc =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  char path[] = "/tmp/afalg_compat_testXXXXXX";
  uint8_t out[32];
  off_t off = 3;
  int op, fd = mkstemp(path);
  size_t n = strlen(abc_long);
  CHECK(fd >= 0, "mkstemp");
  unlink(path);
  CHECK(write(fd, "xyz", 3) == 3 && write(fd, abc_long, n) == (ssize_t)n,
        "fill");
  OPEN_OR_SKIP(op, "hash", "sha256", NULL, 0, 0);
  /* with an offset: pread, *off updated, file position untouched */
  CHECK(afalg_compat_sendfile(op, fd, &off, n) == (ssize_t)n, "sendfile");
  CHECK(off == (off_t)(3 + n), "offset advanced");
  CHECK(afalg_compat_read(op, out, 32) == 32 && eq_hex(out, 32, want),
        "one sendfile = one digest");
  /* without an offset: the file position is used and advanced */
  CHECK(lseek(fd, 3, SEEK_SET) == 3, "seek");
  CHECK(afalg_compat_sendfile(op, fd, NULL, 1 << 20) == (ssize_t)n,
        "sendfile to EOF");
  CHECK(lseek(fd, 0, SEEK_CUR) == (off_t)(3 + n), "position advanced");
  CHECK(afalg_compat_read(op, out, 32) == 32 && eq_hex(out, 32, want),
        "digest");
  /* appended to an open MSG_MORE stream */
  CHECK(pwrite(fd, "bc", 2, 0) == 2, "rewrite");
  off = 0;
  CHECK(afalg_compat_send(op, "a", 1, MSG_MORE) == 1, "send");
  CHECK(afalg_compat_sendfile(op, fd, &off, 2) == 2, "sendfile");
  CHECK(afalg_compat_read(op, out, 32) == 32 && eq_hex(out, 32, abc), "abc");
  afalg_compat_close(op);
  close(fd);
  return 0;
}

static void *hash_worker(void *arg) {
  const char *want =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  uint8_t out[32];
  long bad = 0;
  int i;
  (void)arg;
  for (i = 0; i < 200; i++) {
    int op = op_open("hash", "sha256", NULL, 0, 0), d;
    if (op < 0) {
      bad++;
      continue;
    }
    d = afalg_compat_dup(op);
    if (afalg_compat_send(op, "ab", 2, MSG_MORE) != 2 ||
        afalg_compat_send(d, "c", 1, 0) != 1 ||
        afalg_compat_read(d, out, 32) != 32 || memcmp(out, "\xba\x78", 2))
      bad++;
    (void)want;
    afalg_compat_close(d);
    afalg_compat_close(op);
  }
  return (void *)bad;
}

static int t_threads(void) {
  pthread_t th[8];
  long total = 0;
  int i;
  if (!afalg_compat_supported("hash", "sha256"))
    return 77;
  for (i = 0; i < 8; i++)
    CHECK(pthread_create(&th[i], NULL, hash_worker, NULL) == 0, "create");
  for (i = 0; i < 8; i++) {
    void *r;
    pthread_join(th[i], &r);
    total += (long)r;
  }
  CHECK(total == 0, "%ld failures", total);
  return 0;
}

/* many threads accepting from one keyed tfm (shared transform state) */
static int shared_tfm = -1;

static void *hmac_worker(void *arg) {
  uint8_t out[32];
  long bad = 0;
  int i;
  (void)arg;
  for (i = 0; i < 200; i++) {
    int op = afalg_compat_accept(shared_tfm, NULL, NULL);
    if (op < 0 ||
        afalg_compat_send(op, "what do ya want ", 16, MSG_MORE) != 16 ||
        afalg_compat_send(op, "for nothing?", 12, 0) != 12 ||
        afalg_compat_read(op, out, 32) != 32 ||
        memcmp(out, "\x5b\xdc\xc1\x46\xbf\x60\x75\x4e", 8) != 0)
      bad++;
    afalg_compat_close(op);
  }
  return (void *)bad;
}

static int t_threads_shared_tfm(void) {
  pthread_t th[8];
  long total = 0;
  int i;
  if (!afalg_compat_supported("hash", "hmac(sha256)"))
    return 77;
  shared_tfm = tfm_open("hash", "hmac(sha256)");
  CHECK(shared_tfm >= 0, "tfm");
  CHECK(afalg_compat_setsockopt(shared_tfm, SOL_ALG, ALG_SET_KEY, "Jefe", 4) ==
            0,
        "key");
  for (i = 0; i < 8; i++)
    CHECK(pthread_create(&th[i], NULL, hmac_worker, NULL) == 0, "create");
  for (i = 0; i < 8; i++) {
    void *r;
    pthread_join(th[i], &r);
    total += (long)r;
  }
  afalg_compat_close(shared_tfm);
  CHECK(total == 0, "%ld failures", total);
  return 0;
}

/* ALG_SET_KEY_BY_KEY_SERIAL with a "user" key from the process keyring */
static int t_key_serial(void) {
  int32_t serial;
  uint8_t out[32];
  int tfm, op;
  if (!afalg_compat_supported("hash", "hmac(sha256)"))
    return 77;
  serial = (int32_t)syscall(SYS_add_key, "user", "afalg-compat-test", "Jefe",
                            (size_t)4, -2 /* KEY_SPEC_PROCESS_KEYRING */);
  if (serial < 0) {
    printf("# add_key unavailable here: %s\n", strerror(errno));
    return 77;
  }
  tfm = tfm_open("hash", "hmac(sha256)");
  ERRNO_IS(afalg_compat_setsockopt(tfm, SOL_ALG, 7, &serial, 3), EINVAL);
  CHECK(afalg_compat_setsockopt(tfm, SOL_ALG, 7, &serial, 4) == 0,
        "key by serial: %s", strerror(errno));
  op = afalg_compat_accept(tfm, NULL, NULL);
  CHECK(afalg_compat_send(op, "what do ya want for nothing?", 28, 0) == 28,
        "send");
  CHECK(
      afalg_compat_read(op, out, 32) == 32 &&
          eq_hex(out, 32,
                 "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec"
                 "3843"),
      "HMAC with the keyring key");
  afalg_compat_close(op);
  afalg_compat_close(tfm);
  return 0;
}

/* The Copy Fail call sequence -- file pages spliced into an authencesn
 * decrypt with authsize 4 -- runs on the runtime, fails authentication as
 * it should, and leaves the file untouched. */
static int t_copyfail_shape(void) {
  char path[] = "/tmp/afalg_compat_cfXXXXXX";
  uint8_t key[56], iv[16] = {0}, before[128], after[128], out[128];
  afalg_compat_loff_t off = 0;
  int fd, tfm, op, p[2], i;
  if (!afalg_compat_supported("aead", "authencesn(hmac(sha256),cbc(aes))"))
    return 77;
  fd = mkstemp(path);
  CHECK(fd >= 0, "mkstemp");
  unlink(path);
  for (i = 0; i < 128; i++)
    before[i] = (uint8_t)(i * 37 + 1);
  CHECK(write(fd, before, 128) == 128, "fill");
  unhex("0800010000000010", key);
  memset(key + 8, 0x42, 48);
  tfm = tfm_open("aead", "authencesn(hmac(sha256),cbc(aes))");
  CHECK(afalg_compat_setsockopt(tfm, SOL_ALG, ALG_SET_KEY, key, 56) == 0,
        "key");
  CHECK(afalg_compat_setsockopt(tfm, SOL_ALG, ALG_SET_AEAD_AUTHSIZE, NULL, 4) ==
            0,
        "authsize");
  op = afalg_compat_accept(tfm, NULL, NULL);
  CHECK(send1(op, 0, iv, 16, 8, NULL, 0, MSG_MORE) == 0, "cmsgs only");
  CHECK(pipe(p) == 0, "pipe");
  CHECK(afalg_compat_splice(fd, &off, p[1], NULL, 76, 0) == 76, "file -> pipe");
  CHECK(afalg_compat_splice(p[0], NULL, op, NULL, 76, 0) == 76, "pipe -> op");
  ERRNO_IS(afalg_compat_read(op, out, sizeof out), EBADMSG);
  CHECK(pread(fd, after, 128, 0) == 128 && memcmp(before, after, 128) == 0,
        "spliced file unchanged");
  afalg_compat_close(op);
  afalg_compat_close(tfm);
  afalg_compat_close(p[0]);
  afalg_compat_close(p[1]);
  close(fd);
  return 0;
}

const struct afalg_test afalg_tests_fds[] = {TEST(t_passthrough),
                                             TEST(t_dup_alias),
                                             TEST(t_backing_fd),
                                             TEST(t_stale_entry),
                                             TEST(t_vmsplice_splice),
                                             TEST(t_sendfile),
                                             TEST(t_copyfail_shape),
                                             TEST(t_threads),
                                             TEST(t_threads_shared_tfm),
                                             TEST(t_key_serial),
                                             {NULL, NULL}};
