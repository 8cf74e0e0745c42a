/*
 * afalg_compat_test.c - drives the compat runtime through the call sequences
 * real AF_ALG programs use and checks the known-answer vectors of AFALG.md
 * section 4 plus the protocol's error and state rules.  Built once per
 * backend; prints TAP and exits non-zero on any failure.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "afalg_compat.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include <linux/if_alg.h>

#ifndef AF_ALG
#define AF_ALG 38
#endif
#ifndef SOL_ALG
#define SOL_ALG 279
#endif

static int n_pass, n_fail, n_skip, n_test;
static const char *backend;

#define CHECK(cond, ...)                                                       \
  do {                                                                         \
    if (!(cond)) {                                                             \
      printf("#   %s:%d: check failed: %s\n#   ", __FILE__, __LINE__, #cond);  \
      printf(__VA_ARGS__);                                                     \
      printf("\n");                                                            \
      return 1;                                                                \
    }                                                                          \
  } while (0)

#define ERRNO_IS(expr, e)                                                      \
  do {                                                                         \
    long rc_ = (long)(expr);                                                   \
    int errno_ = errno;                                                        \
    CHECK(rc_ == -1 && errno_ == (e), "rc=%ld errno=%d (%s), want %s", rc_,    \
          errno_, strerror(errno_), #e);                                       \
  } while (0)

static void report(const char *name, int rc) {
  ++n_test;
  if (rc == 0) {
    ++n_pass;
    printf("ok %d - %s\n", n_test, name);
  } else if (rc == 77) {
    ++n_skip;
    printf("ok %d - %s # SKIP not supported by %s\n", n_test, name, backend);
  } else {
    ++n_fail;
    printf("not ok %d - %s\n", n_test, name);
  }
  fflush(stdout);
}

#define RUN(fn) report(#fn, fn())

/* ---- helpers ------------------------------------------------------------- */

static size_t unhex(const char *h, uint8_t *out) {
  size_t n = 0;
  while (h[0] && h[1]) {
    unsigned v;
    if (h[0] == ' ') {
      h++;
      continue;
    }
    sscanf(h, "%2x", &v);
    out[n++] = (uint8_t)v;
    h += 2;
  }
  return n;
}

static int eq_hex(const uint8_t *p, size_t n, const char *hex) {
  static uint8_t want[4096];
  size_t wn = unhex(hex, want);
  if (wn != n || memcmp(p, want, n) != 0) {
    size_t i;
    printf("#   got  ");
    for (i = 0; i < n; i++)
      printf("%02x", p[i]);
    printf("\n#   want %s\n", hex);
    return 0;
  }
  return 1;
}

/* socket + bind; returns the tfm fd or -errno. */
static int tfm_open(const char *type, const char *name) {
  struct sockaddr_alg sa;
  int fd = afalg_compat_socket(AF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return -errno;
  memset(&sa, 0, sizeof sa);
  sa.salg_family = AF_ALG;
  strncpy((char *)sa.salg_type, type, sizeof sa.salg_type - 1);
  strncpy((char *)sa.salg_name, name, sizeof sa.salg_name - 1);
  if (afalg_compat_bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
    int e = errno;
    afalg_compat_close(fd);
    return -e;
  }
  return fd;
}

/* tfm + key (+ authsize) + accept; tfm closed right away like ell/gnulib. */
static int op_open(const char *type, const char *name, const uint8_t *key,
                   size_t keylen, int authsize) {
  int tfm = tfm_open(type, name), op;
  if (tfm < 0)
    return tfm;
  if (key && afalg_compat_setsockopt(tfm, SOL_ALG, ALG_SET_KEY, key,
                                     (socklen_t)keylen) != 0)
    goto fail;
  if (authsize > 0 && afalg_compat_setsockopt(tfm, SOL_ALG,
                                              ALG_SET_AEAD_AUTHSIZE, NULL,
                                              (socklen_t)authsize) != 0)
    goto fail;
  op = afalg_compat_accept4(tfm, NULL, NULL, SOCK_CLOEXEC);
  if (op < 0)
    goto fail;
  afalg_compat_close(tfm);
  return op;
fail : {
  int e = errno;
  afalg_compat_close(tfm);
  return -e;
}
}

#define OPEN_OR_SKIP(var, type, name, key, keylen, as)                         \
  do {                                                                         \
    if (!afalg_compat_supported(type, name))                                   \
      return 77;                                                               \
    var = op_open(type, name, key, keylen, as);                                \
    CHECK(var >= 0, "op_open(%s, %s) = %s", type, name, strerror(-var));       \
  } while (0)

/* sendmsg with OP / IV / ASSOCLEN control messages (like libkcapi). */
static ssize_t send_ctl(int op, int enc, const uint8_t *iv, size_t ivlen,
                        int assoclen, const struct iovec *iov, size_t niov,
                        int flags) {
  union {
    char buf[CMSG_SPACE(4) * 2 + CMSG_SPACE(4 + 32)];
    struct cmsghdr align;
  } u;
  struct msghdr msg;
  struct cmsghdr *c;
  memset(&u, 0, sizeof u);
  memset(&msg, 0, sizeof msg);
  msg.msg_control = u.buf;
  msg.msg_controllen = CMSG_SPACE(4) + (iv ? CMSG_SPACE(4 + ivlen) : 0) +
                       (assoclen >= 0 ? CMSG_SPACE(4) : 0);
  msg.msg_iov = (struct iovec *)iov;
  msg.msg_iovlen = niov;
  c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_ALG;
  c->cmsg_type = ALG_SET_OP;
  c->cmsg_len = CMSG_LEN(4);
  *(uint32_t *)CMSG_DATA(c) = enc ? ALG_OP_ENCRYPT : ALG_OP_DECRYPT;
  if (iv) {
    struct af_alg_iv *ai;
    c = CMSG_NXTHDR(&msg, c);
    c->cmsg_level = SOL_ALG;
    c->cmsg_type = ALG_SET_IV;
    c->cmsg_len = CMSG_LEN(4 + ivlen);
    ai = (struct af_alg_iv *)CMSG_DATA(c);
    ai->ivlen = (uint32_t)ivlen;
    memcpy(ai->iv, iv, ivlen);
  }
  if (assoclen >= 0) {
    c = CMSG_NXTHDR(&msg, c);
    c->cmsg_level = SOL_ALG;
    c->cmsg_type = ALG_SET_AEAD_ASSOCLEN;
    c->cmsg_len = CMSG_LEN(4);
    *(uint32_t *)CMSG_DATA(c) = (uint32_t)assoclen;
  }
  return afalg_compat_sendmsg(op, &msg, flags);
}

static ssize_t send1(int op, int enc, const uint8_t *iv, size_t ivlen,
                     int assoclen, const uint8_t *p, size_t n, int flags) {
  struct iovec v = {(void *)p, n};
  return send_ctl(op, enc, iv, ivlen, assoclen, &v, 1, flags);
}

/* ---- vector drivers -------------------------------------------------------- */

static int hash_vec(const char *name, const char *keyhex, const void *msg,
                    size_t len, size_t readlen, const char *want) {
  uint8_t key[256], out[64];
  size_t kl = keyhex ? unhex(keyhex, key) : 0;
  ssize_t n;
  int op;
  OPEN_OR_SKIP(op, "hash", name, keyhex ? key : NULL, kl, 0);
  if (len > 1) { /* split like a streaming caller: update, then final */
    CHECK(afalg_compat_send(op, msg, 1, MSG_MORE) == 1, "send more");
    CHECK(afalg_compat_send(op, (const char *)msg + 1, len - 1, 0) ==
              (ssize_t)(len - 1),
          "send final");
  } else if (len == 1) {
    CHECK(afalg_compat_write(op, msg, 1) == 1, "write");
  }
  n = afalg_compat_read(op, out, readlen);
  CHECK(n == (ssize_t)(strlen(want) / 2), "read returned %zd", n);
  CHECK(eq_hex(out, (size_t)n, want), "digest %s", name);
  afalg_compat_close(op);
  return 0;
}

static int sk_vec(const char *name, const char *keyhex, const char *ivhex,
                  const char *pthex, const char *cthex) {
  uint8_t key[64], iv[32], pt[256], ct[256], out[256];
  size_t kl = unhex(keyhex, key), ivl = ivhex ? unhex(ivhex, iv) : 0;
  size_t n = unhex(pthex, pt);
  int op;
  unhex(cthex, ct);
  OPEN_OR_SKIP(op, "skcipher", name, key, kl, 0);
  CHECK(send1(op, 1, ivhex ? iv : NULL, ivl, -1, pt, n, 0) == (ssize_t)n,
        "sendmsg enc");
  CHECK(afalg_compat_read(op, out, n) == (ssize_t)n, "read enc");
  CHECK(eq_hex(out, n, cthex), "%s encrypt", name);
  CHECK(send1(op, 0, ivhex ? iv : NULL, ivl, -1, ct, n, 0) == (ssize_t)n,
        "sendmsg dec");
  CHECK(afalg_compat_read(op, out, n) == (ssize_t)n, "read dec");
  CHECK(eq_hex(out, n, pthex), "%s decrypt", name);
  afalg_compat_close(op);
  return 0;
}

/* AEAD: enc input AAD||PT -> AAD||CT||tag; dec input AAD||CT||tag -> AAD||PT */
static int aead_vec(const char *name, const char *keyhex, const char *ivhex,
                    int authsize, const char *aadhex, const char *pthex,
                    const char *cthex, const char *taghex) {
  uint8_t key[64], iv[16], in[512], out[512], want[512];
  size_t kl = unhex(keyhex, key), ivl = unhex(ivhex, iv);
  size_t al = unhex(aadhex, in), pl = unhex(pthex, in + al), cl, tl;
  ssize_t n;
  int op;
  cl = unhex(cthex, want + al);
  tl = unhex(taghex, want + al + cl);
  memcpy(want, in, al);
  CHECK(cl == pl && tl == (size_t)authsize, "vector shape");
  OPEN_OR_SKIP(op, "aead", name, key, kl, authsize);
  CHECK(send1(op, 1, iv, ivl, (int)al, in, al + pl, 0) == (ssize_t)(al + pl),
        "sendmsg enc");
  n = afalg_compat_read(op, out, al + pl + tl);
  CHECK(n == (ssize_t)(al + pl + tl), "read enc = %zd", n);
  CHECK(memcmp(out, want, (size_t)n) == 0, "%s encrypt output", name);
  /* decrypt the expected ciphertext */
  CHECK(send1(op, 0, iv, ivl, (int)al, want, al + cl + tl, 0) ==
            (ssize_t)(al + cl + tl),
        "sendmsg dec");
  n = afalg_compat_read(op, out, sizeof out); /* room for more is fine */
  CHECK(n == (ssize_t)(al + pl), "read dec = %zd", n);
  CHECK(memcmp(out, in, al + pl) == 0, "%s decrypt output", name);
  /* flip the last tag bit: EBADMSG */
  want[al + cl + tl - 1] ^= 1;
  CHECK(send1(op, 0, iv, ivl, (int)al, want, al + cl + tl, 0) ==
            (ssize_t)(al + cl + tl),
        "sendmsg dec tampered");
  ERRNO_IS(afalg_compat_read(op, out, sizeof out), EBADMSG);
  afalg_compat_close(op);
  return 0;
}

/* ---- 4.1 hashes ------------------------------------------------------------ */

static const char abc_long[] =
    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

static int t_sha1(void) {
  return hash_vec("sha1", NULL, "abc", 3, 64,
                  "a9993e364706816aba3e25717850c26c9cd0d89d");
}
static int t_sha224(void) {
  return hash_vec("sha224", NULL, "abc", 3, 64,
                  "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7");
}
static int t_sha256(void) {
  return hash_vec(
      "sha256", NULL, "abc", 3, 64,
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
static int t_sha256_long(void) {
  return hash_vec(
      "sha256", NULL, abc_long, strlen(abc_long), 64,
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}
static int t_sha256_empty(void) {
  return hash_vec(
      "sha256", NULL, "", 0, 64,
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}
static int t_sha384(void) {
  return hash_vec("sha384", NULL, "abc", 3, 64,
                  "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff"
                  "5bed8086072ba1e7cc2358baeca134c825a7");
}
static int t_sha512(void) {
  return hash_vec("sha512", NULL, "abc", 3, 64,
                  "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55"
                  "d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94f"
                  "a54ca49f");
}
static int t_sha3_256(void) {
  return hash_vec(
      "sha3-256", NULL, "abc", 3, 64,
      "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532");
}
static int t_sha3_256_empty(void) {
  return hash_vec(
      "sha3-256", NULL, "", 0, 64,
      "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
}
static int t_sm3(void) {
  return hash_vec(
      "sm3", NULL, "abc", 3, 64,
      "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
}
static int t_md5(void) {
  return hash_vec("md5", NULL, "abc", 3, 64,
                  "900150983cd24fb0d6963f7d28e17f72");
}
static int t_blake2b_512(void) {
  return hash_vec("blake2b-512", NULL, "abc", 3, 64,
                  "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbff"
                  "a2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386ed"
                  "d4009923");
}
static int t_blake2b_256(void) {
  return hash_vec(
      "blake2b-256", NULL, "abc", 3, 64,
      "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

/* send("a", MSG_MORE); accept(op) clones; both finish with "bc". */
static int t_hash_clone(void) {
  const char *want =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  uint8_t out[32];
  int op, clone;
  OPEN_OR_SKIP(op, "hash", "sha256", NULL, 0, 0);
  CHECK(afalg_compat_send(op, "a", 1, MSG_MORE) == 1, "send");
  clone = afalg_compat_accept(op, NULL, NULL);
  CHECK(clone >= 0, "accept(op): %s", strerror(errno));
  CHECK(afalg_compat_send(clone, "bc", 2, 0) == 2, "send clone");
  CHECK(afalg_compat_read(clone, out, 32) == 32 && eq_hex(out, 32, want),
        "clone digest");
  CHECK(afalg_compat_send(op, "bc", 2, 0) == 2, "send orig");
  CHECK(afalg_compat_read(op, out, 32) == 32 && eq_hex(out, 32, want),
        "original digest");
  /* no stream open: the clone is fresh (empty-message digest) */
  afalg_compat_close(clone);
  clone = afalg_compat_accept(op, NULL, NULL);
  CHECK(clone >= 0, "accept fresh");
  CHECK(afalg_compat_read(clone, out, 32) == 32 &&
            eq_hex(out, 32,
                   "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852"
                   "b855"),
        "fresh clone");
  afalg_compat_close(clone);
  afalg_compat_close(op);
  return 0;
}

/* read-once, zero-length send, truncation, empty message */
static int t_hash_state(void) {
  const char *empty =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  const char *abc =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  uint8_t out[64];
  struct iovec v = {out, 12};
  struct msghdr m;
  int op;
  OPEN_OR_SKIP(op, "hash", "sha256", NULL, 0, 0);
  CHECK(afalg_compat_send(op, "abc", 3, 0) == 3, "send");
  CHECK(afalg_compat_recv(op, out, 64, 0) == 32 && eq_hex(out, 32, abc),
        "first read");
  CHECK(afalg_compat_read(op, out, 64) == 32 && eq_hex(out, 32, empty),
        "second read is the empty digest");
  /* open stream finalized by a zero-length send */
  CHECK(afalg_compat_send(op, "ab", 2, MSG_MORE) == 2, "send more");
  CHECK(afalg_compat_send(op, "c", 1, MSG_MORE) == 1, "send more");
  CHECK(afalg_compat_send(op, NULL, 0, 0) == 0, "zero-length final");
  CHECK(afalg_compat_read(op, out, 32) == 32 && eq_hex(out, 32, abc),
        "finalized stream");
  /* a zero-length send on an idle socket discards the unread result */
  CHECK(afalg_compat_send(op, "abc", 3, 0) == 3, "send");
  CHECK(afalg_compat_send(op, NULL, 0, 0) == 0, "discard");
  CHECK(afalg_compat_read(op, out, 32) == 32 && eq_hex(out, 32, empty),
        "discarded");
  /* truncated read via recvmsg sets MSG_TRUNC */
  CHECK(afalg_compat_send(op, "abc", 3, 0) == 3, "send");
  memset(&m, 0, sizeof m);
  m.msg_iov = &v, m.msg_iovlen = 1;
  CHECK(afalg_compat_recvmsg(op, &m, 0) == 12, "recvmsg 12");
  CHECK(m.msg_flags & MSG_TRUNC, "MSG_TRUNC not set");
  CHECK(eq_hex(out, 12, "ba7816bf8f01cfea414140de"), "truncated prefix");
  /* writev with several pieces = one message */
  {
    struct iovec w[3] = {{"a", 1}, {"b", 1}, {"c", 1}};
    CHECK(afalg_compat_writev(op, w, 3) == 3, "writev");
    CHECK(afalg_compat_read(op, out, 32) == 32 && eq_hex(out, 32, abc),
          "writev digest");
  }
  afalg_compat_close(op);
  return 0;
}

/* ---- 4.2 HMAC, 4.3 CMAC ------------------------------------------------------ */

static int t_hmac_sha256_tc1(void) {
  return hash_vec(
      "hmac(sha256)", "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "Hi There",
      8, 64,
      "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}
static int t_hmac_sha256_tc2(void) {
  return hash_vec(
      "hmac(sha256)", "4a656665", "what do ya want for nothing?", 28, 64,
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}
static int t_hmac_sha256_tc5_trunc(void) {
  return hash_vec("hmac(sha256)",
                  "0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c",
                  "Test With Truncation", 20, 16,
                  "a3b6167473100ee06e0c796c2955552b");
}
static int t_hmac_sha256_tc6(void) {
  char key[263];
  memset(key, 'a', 262);
  key[262] = 0;
  return hash_vec(
      "hmac(sha256)", key,
      "Test Using Larger Than Block-Size Key - Hash Key First", 54, 64,
      "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}
static int t_hmac_sha384_tc2(void) {
  return hash_vec("hmac(sha384)", "4a656665", "what do ya want for nothing?",
                  28, 64,
                  "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322"
                  "445e8e2240ca5e69e2c78b3239ecfab21649");
}
static int t_hmac_sha512_tc2(void) {
  return hash_vec("hmac(sha512)", "4a656665", "what do ya want for nothing?",
                  28, 64,
                  "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea25"
                  "05549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a"
                  "38bce737");
}
static int t_hmac_sha1_tc2(void) {
  return hash_vec("hmac(sha1)", "4a656665", "what do ya want for nothing?", 28,
                  64, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
}

static const char sp800_38a_pt[] =
    "6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51"
    "30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710";
static const char aes128_key[] = "2b7e151628aed2a6abf7158809cf4f3c";
static const char aes256_key[] =
    "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4";

static int cmac_case(const char *keyhex, size_t mlen, const char *want) {
  uint8_t m[64];
  unhex(sp800_38a_pt, m);
  return hash_vec("cmac(aes)", keyhex, m, mlen, 64, want);
}
static int t_cmac_empty(void) {
  return cmac_case(aes128_key, 0, "bb1d6929e95937287fa37d129b756746");
}
static int t_cmac_16(void) {
  return cmac_case(aes128_key, 16, "070a16b46b4d4144f79bdd9dd04a287c");
}
static int t_cmac_40(void) {
  return cmac_case(aes128_key, 40, "dfa66747de9ae63030ca32611497c827");
}
static int t_cmac_64(void) {
  return cmac_case(aes128_key, 64, "51f0bebf7e3b9d92fc49741779363cfe");
}
static int t_cmac_aes256_empty(void) {
  return cmac_case(aes256_key, 0, "028962f61b7bf89efc6b551f4667d983");
}

/* CMAC clone in the middle of a block-aligned stream */
static int t_cmac_clone(void) {
  uint8_t key[16], m[64], out[16];
  int op, c;
  unhex(aes128_key, key);
  unhex(sp800_38a_pt, m);
  OPEN_OR_SKIP(op, "hash", "cmac(aes)", key, 16, 0);
  CHECK(afalg_compat_send(op, m, 32, MSG_MORE) == 32, "send");
  CHECK((c = afalg_compat_accept(op, NULL, NULL)) >= 0, "clone");
  CHECK(afalg_compat_send(c, m + 32, 32, 0) == 32, "send");
  CHECK(afalg_compat_read(c, out, 16) == 16 &&
            eq_hex(out, 16, "51f0bebf7e3b9d92fc49741779363cfe"),
        "clone tag");
  CHECK(afalg_compat_send(op, m + 32, 8, 0) == 8, "send");
  CHECK(afalg_compat_read(op, out, 16) == 16 &&
            eq_hex(out, 16, "dfa66747de9ae63030ca32611497c827"),
        "orig tag");
  afalg_compat_close(c);
  afalg_compat_close(op);
  return 0;
}

/* ---- 4.4 AES modes ------------------------------------------------------------ */

static int t_ecb_aes(void) {
  return sk_vec("ecb(aes)", aes128_key, NULL, sp800_38a_pt,
                "3ad77bb40d7a3660a89ecaf32466ef97f5d3d58503b9699de785895a96fd"
                "baaf43b1cd7f598ece23881b00e3ed0306887b0c785e27e8ad3f82232071"
                "04725dd4");
}
static const char cbc_ct[] =
    "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
    "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7";
static int t_cbc_aes128(void) {
  return sk_vec("cbc(aes)", aes128_key, "000102030405060708090a0b0c0d0e0f",
                sp800_38a_pt, cbc_ct);
}
static int t_cbc_aes256(void) {
  return sk_vec("cbc(aes)", aes256_key, "000102030405060708090a0b0c0d0e0f",
                sp800_38a_pt,
                "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc670"
                "2c7d39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c1907"
                "8c6a9d1b");
}
static const char ctr_ct[] =
    "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff"
    "5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee";
static int t_ctr_aes(void) {
  return sk_vec("ctr(aes)", aes128_key, "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
                sp800_38a_pt, ctr_ct);
}

/* op 1 = blocks 1-2 with IV, op 2 = blocks 3-4 with no IV cmsg at all */
static int t_cbc_chaining(void) {
  uint8_t key[16], iv[16], pt[64], out[64];
  int op;
  unhex(aes128_key, key);
  unhex("000102030405060708090a0b0c0d0e0f", iv);
  unhex(sp800_38a_pt, pt);
  OPEN_OR_SKIP(op, "skcipher", "cbc(aes)", key, 16, 0);
  CHECK(send1(op, 1, iv, 16, -1, pt, 32, 0) == 32, "op1");
  CHECK(afalg_compat_read(op, out, 32) == 32, "read1");
  CHECK(afalg_compat_send(op, pt + 32, 32, 0) == 32, "op2 (no cmsg)");
  CHECK(afalg_compat_read(op, out + 32, 32) == 32, "read2");
  CHECK(eq_hex(out, 64, cbc_ct), "chained CBC");
  /* decrypt direction chains too */
  unhex(cbc_ct, pt);
  CHECK(send1(op, 0, iv, 16, -1, pt, 16, 0) == 16, "dec1");
  CHECK(afalg_compat_read(op, out, 16) == 16, "rd");
  CHECK(afalg_compat_write(op, pt + 16, 48) == 48, "dec2");
  CHECK(afalg_compat_read(op, out + 16, 48) == 48, "rd");
  CHECK(eq_hex(out, 64, sp800_38a_pt), "chained CBC decrypt");
  afalg_compat_close(op);
  return 0;
}

static int t_ctr_partial_block(void) {
  uint8_t key[16], iv[16], pt[64], out[64];
  int op;
  unhex(aes128_key, key);
  unhex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", iv);
  unhex(sp800_38a_pt, pt);
  OPEN_OR_SKIP(op, "skcipher", "ctr(aes)", key, 16, 0);
  /* two complete operations: the second starts at the next whole block */
  CHECK(send1(op, 1, iv, 16, -1, pt, 20, 0) == 20, "op1");
  CHECK(afalg_compat_read(op, out, 20) == 20, "read1");
  CHECK(eq_hex(out, 20, "874d6191b620e3261bef6864990db6ce9806f66b"), "op1");
  CHECK(afalg_compat_send(op, pt + 20, 16, 0) == 16, "op2");
  CHECK(afalg_compat_read(op, out, 16) == 16, "read2");
  CHECK(eq_hex(out, 16, "742f6fe4e63e58e3fb1b464a27727002"), "op2 restarts");
  /* one logical operation (MSG_MORE) is byte-continuous */
  CHECK(send1(op, 1, iv, 16, -1, pt, 20, MSG_MORE) == 20, "more");
  CHECK(afalg_compat_send(op, pt + 20, 16, 0) == 16, "final");
  CHECK(afalg_compat_read(op, out, 36) == 36, "read");
  CHECK(eq_hex(out, 36,
               "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9ff"
               "fdff5ae4df3e"),
        "continuous");
  afalg_compat_close(op);
  return 0;
}

/* MSG_MORE stream read in whole chunks while more is pending */
static int t_skcipher_streaming(void) {
  uint8_t key[16], iv[16], pt[64], out[64];
  int op;
  unhex(aes128_key, key);
  unhex("000102030405060708090a0b0c0d0e0f", iv);
  unhex(sp800_38a_pt, pt);
  OPEN_OR_SKIP(op, "skcipher", "cbc(aes)", key, 16, 0);
  CHECK(send1(op, 1, iv, 16, -1, pt, 24, MSG_MORE) == 24, "send 24 more");
  CHECK(afalg_compat_read(op, out, 64) == 16, "only whole blocks");
  CHECK(afalg_compat_send(op, pt + 24, 40, 0) == 40, "final");
  CHECK(afalg_compat_read(op, out + 16, 48) == 48, "rest");
  CHECK(eq_hex(out, 64, cbc_ct), "streamed CBC");
  /* readv scatter + writev gather */
  {
    struct iovec w[2] = {{pt, 10}, {pt + 10, 54}}, r[3] = {
        {out, 5}, {out + 5, 40}, {out + 45, 19}};
    CHECK(send1(op, 1, iv, 16, -1, NULL, 0, MSG_MORE) == 0, "iv only");
    CHECK(afalg_compat_writev(op, w, 2) == 64, "writev");
    CHECK(afalg_compat_readv(op, r, 3) == 64, "readv");
    CHECK(eq_hex(out, 64, cbc_ct), "writev/readv CBC");
  }
  afalg_compat_close(op);
  return 0;
}

/* ---- 4.5 GCM, 4.6 CCM, 4.7 ChaCha20 ------------------------------------------ */

static const char gcm_key[] = "feffe9928665731c6d6a8f9467308308";
static const char gcm_iv[] = "cafebabefacedbaddecaf888";
static const char gcm_pt[] =
    "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
    "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
static const char gcm_ct[] =
    "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
    "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985";
static const char gcm_aad[] = "feedfacedeadbeeffeedfacedeadbeefabaddad2";

static char *prefix(const char *hex, size_t bytes) {
  static char buf[4][512];
  static int i;
  char *b = buf[i++ % 4];
  memcpy(b, hex, bytes * 2);
  b[bytes * 2] = 0;
  return b;
}

static int t_gcm_tc1(void) {
  return aead_vec("gcm(aes)", "00000000000000000000000000000000",
                  "000000000000000000000000", 16, "", "", "",
                  "58e2fccefa7e3061367f1d57a4e7455a");
}
static int t_gcm_tc2(void) {
  return aead_vec("gcm(aes)", "00000000000000000000000000000000",
                  "000000000000000000000000", 16, "",
                  "00000000000000000000000000000000",
                  "0388dace60b6a392f328c2b971b2fe78",
                  "ab6e47d42cec13bdf53a67b21257bddf");
}
static int t_gcm_tc3(void) {
  return aead_vec("gcm(aes)", gcm_key, gcm_iv, 16, "", gcm_pt, gcm_ct,
                  "4d5c2af327cd64a62cf35abd2ba6fab4");
}
static int t_gcm_tc4(void) {
  return aead_vec("gcm(aes)", gcm_key, gcm_iv, 16, gcm_aad, prefix(gcm_pt, 60),
                  prefix(gcm_ct, 60), "5bc94fbc3221a5db94fae95ae7121a47");
}
static int t_gcm_tc4_authsize12(void) {
  return aead_vec("gcm(aes)", gcm_key, gcm_iv, 12, gcm_aad, prefix(gcm_pt, 60),
                  prefix(gcm_ct, 60), "5bc94fbc3221a5db94fae95a");
}
static int t_gcm_tc16(void) {
  return aead_vec("gcm(aes)",
                  "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
                  gcm_iv, 16, gcm_aad, prefix(gcm_pt, 60),
                  "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555"
                  "d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
                  "76fc6ece0f4e1768cddf8853bb2d551b");
}
static int t_rfc4106(void) {
  /* AAD region = 8 AAD bytes || the 8-byte IV (not authenticated) */
  return aead_vec("rfc4106(gcm(aes))",
                  "feffe9928665731c6d6a8f9467308308cafebabe", "facedbaddecaf888",
                  16, "feedfacedeadbeeffacedbaddecaf888", prefix(gcm_pt, 60),
                  prefix(gcm_ct, 60), "c52dfb54afbb07a19affbee0614ce7a5");
}
static int t_ccm_ex1(void) {
  return aead_vec("ccm(aes)", "404142434445464748494a4b4c4d4e4f",
                  "07101112131415160000000000000000", 4, "0001020304050607",
                  "20212223", "7162015b", "4dac255d");
}
static int t_ccm_ex2(void) {
  return aead_vec("ccm(aes)", "404142434445464748494a4b4c4d4e4f",
                  "06101112131415161700000000000000", 6,
                  "000102030405060708090a0b0c0d0e0f",
                  "202122232425262728292a2b2c2d2e2f",
                  "d2a1f0e051ea5f62081a7792073d593d", "1fc64fbfaccd");
}

static const char ladies[] =
    "Ladies and Gentlemen of the class of '99: If I could offer you only one "
    "tip for the future, sunscreen would be it.";

static void tohex(const void *p, size_t n, char *out) {
  size_t i;
  for (i = 0; i < n; i++)
    sprintf(out + 2 * i, "%02x", ((const uint8_t *)p)[i]);
}

static int t_chacha20(void) {
  char pt[300];
  tohex(ladies, 114, pt);
  return sk_vec("chacha20",
                "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
                "01000000000000000000004a00000000", pt,
                "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9f"
                "ae0bf91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c35"
                "9f0861d807ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818c"
                "e91ab77937365af90bbf74a35be6b40b8eedf2785e42874d");
}
static int t_chachapoly(void) {
  char pt[300];
  tohex(ladies, 114, pt);
  return aead_vec(
      "rfc7539(chacha20,poly1305)",
      "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
      "070000004041424344454647", 16, "50515253c0c1c2c3c4c5c6c7", pt,
      "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e"
      "8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c"
      "9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d265"
      "86cec64b6116",
      "1ae10b594f09e26a7e902ecbd0600691");
}

/* ell's recvmsg into {scratch AAD, out}; return value counts the AAD */
static int t_aead_iov_layout(void) {
  uint8_t key[16], iv[12], in[128], aad[20], out[80];
  struct iovec r[2] = {{aad, 20}, {out, 76}};
  struct msghdr m;
  size_t al, pl;
  int op;
  unhex(gcm_key, key);
  unhex(gcm_iv, iv);
  al = unhex(gcm_aad, in);
  pl = unhex(prefix(gcm_pt, 60), in + al);
  OPEN_OR_SKIP(op, "aead", "gcm(aes)", key, 16, 16);
  {
    struct iovec w[2] = {{in, al}, {in + al, pl}};
    CHECK(send_ctl(op, 1, iv, 12, (int)al, w, 2, 0) == 80, "send");
  }
  memset(&m, 0, sizeof m);
  m.msg_iov = r, m.msg_iovlen = 2;
  CHECK(afalg_compat_recvmsg(op, &m, 0) == 96, "recvmsg counts AAD");
  CHECK(memcmp(aad, in, 20) == 0, "AAD copied to output");
  CHECK(eq_hex(out, 60, prefix(gcm_ct, 60)), "ciphertext");
  CHECK(eq_hex(out + 60, 16, "5bc94fbc3221a5db94fae95ae7121a47"), "tag");
  /* too-short input: fewer bytes than assoclen + tag when decrypting */
  CHECK(send1(op, 0, iv, 12, 20, in, 30, 0) == 30, "short send");
  ERRNO_IS(afalg_compat_read(op, out, 80), EINVAL);
  afalg_compat_close(op);
  return 0;
}

/* ---- 4.8 XTS, 4.9 CTS ---------------------------------------------------------- */

static int t_xts_vec1(void) {
  return sk_vec("xts(aes)",
                "0000000000000000000000000000000000000000000000000000000000000000",
                "00000000000000000000000000000000",
                "0000000000000000000000000000000000000000000000000000000000000000",
                "917cf69ebd68b2ec9b9fe9a3eadda692cd43d2f59598ed858c02c2652fbf922e");
}
static int t_xts_vec2(void) {
  return sk_vec("xts(aes)",
                "1111111111111111111111111111111122222222222222222222222222222222",
                "33333333330000000000000000000000",
                "4444444444444444444444444444444444444444444444444444444444444444",
                "c454185e6a16936e39334038acef838bfb186fff7480adc4289382ecd6d394f0");
}
/* XTS ciphertext stealing: round trip over a 17..47 byte data unit */
static int t_xts_stealing(void) {
  uint8_t key[32], iv[16], pt[48], ct[48], out[48];
  int op;
  size_t n;
  memset(key, 0x5a, 16);
  memset(key + 16, 0xa5, 16);
  memset(iv, 7, 16);
  for (n = 0; n < 48; n++)
    pt[n] = (uint8_t)(n * 7);
  OPEN_OR_SKIP(op, "skcipher", "xts(aes)", key, 32, 0);
  for (n = 17; n < 48; n += 15) {
    CHECK(send1(op, 1, iv, 16, -1, pt, n, 0) == (ssize_t)n, "enc");
    CHECK(afalg_compat_read(op, ct, n) == (ssize_t)n, "rd");
    CHECK(memcmp(ct, pt, n) != 0, "not identity");
    CHECK(send1(op, 0, iv, 16, -1, ct, n, 0) == (ssize_t)n, "dec");
    CHECK(afalg_compat_read(op, out, n) == (ssize_t)n, "rd");
    CHECK(memcmp(out, pt, n) == 0, "round trip %zu", n);
  }
  CHECK(send1(op, 1, iv, 16, -1, pt, 15, 0) == 15, "short");
  ERRNO_IS(afalg_compat_read(op, out, 15), EINVAL);
  afalg_compat_close(op);
  return 0;
}
static int t_cts_17(void) {
  return sk_vec("cts(cbc(aes))", "636869636b656e207465726979616b69",
                "00000000000000000000000000000000",
                "4920776f756c64206c696b652074686520",
                "c6353568f2bf8cb4d8a580362da7ff7f97");
}
static int t_cts_31(void) {
  char pt[70];
  tohex("I would like the General Gau's ", 31, pt);
  return sk_vec("cts(cbc(aes))", "636869636b656e207465726979616b69",
                "00000000000000000000000000000000", pt,
                "fc00783e0efdb2c1d445d4c8eff7ed2297687268d6ecccc0c07b25e25ecfe5");
}
/* RFC 3962's 32-byte input ends in "C" (AFALG.md 4.9 drops that letter) */
static int t_cts_32(void) {
  char pt[70];
  tohex("I would like the General Gau's C", 32, pt);
  return sk_vec("cts(cbc(aes))", "636869636b656e207465726979616b69",
                "00000000000000000000000000000000", pt,
                "39312523a78662d5be7fcbcc98ebf5a897687268d6ecccc0c07b25e25ecfe584");
}

/* ---- 4.10 / 4.11: not provided by the runtime ---------------------------------- */

static int t_authenc(void) {
  if (!afalg_compat_supported("aead", "authenc(hmac(sha256),cbc(aes))"))
    return 77;
  return 1; /* would need a vector driver with a key blob */
}
static int t_crc32c(void) {
  return hash_vec("crc32c", NULL, "123456789", 9, 64, "839206e3");
}
static int t_xxhash64(void) {
  return hash_vec("xxhash64", NULL, "abc", 3, 64, "990977adf52cbc44");
}

/* ---- error rules ----------------------------------------------------------------- */

static int t_errors(void) {
  uint8_t key[64] = {0}, buf[64];
  int tfm, op, rc;
  if (!afalg_compat_supported("skcipher", "cbc(aes)") ||
      !afalg_compat_supported("aead", "gcm(aes)"))
    return 77;
  /* unknown algorithm, type mismatch, unknown type: ENOENT */
  CHECK(tfm_open("hash", "nosuchalg") == -ENOENT, "unknown alg");
  CHECK(tfm_open("skcipher", "sha256") == -ENOENT, "type mismatch");
  CHECK(tfm_open("skcipher", "aes") == -ENOENT, "bare block cipher");
  CHECK(tfm_open("nosuchtype", "sha256") == -ENOENT, "unknown type");
  CHECK(tfm_open("hash", "sha256(") == -ENOENT, "grammar");
  CHECK(!afalg_compat_supported("hash", "__sha256-ni"), "internal driver");
  /* socket argument checks */
  ERRNO_IS(afalg_compat_socket(AF_ALG, SOCK_STREAM, 0), ESOCKTNOSUPPORT);
  ERRNO_IS(afalg_compat_socket(AF_ALG, SOCK_SEQPACKET, 1), EPROTONOSUPPORT);
  /* bad key length: EINVAL at setsockopt */
  tfm = tfm_open("skcipher", "cbc(aes)");
  CHECK(tfm >= 0, "tfm");
  ERRNO_IS(afalg_compat_setsockopt(tfm, SOL_ALG, ALG_SET_KEY, key, 15),
           EINVAL);
  ERRNO_IS(afalg_compat_setsockopt(tfm, SOL_ALG, ALG_SET_AEAD_AUTHSIZE, NULL,
                                   16),
           ENOPROTOOPT);
  ERRNO_IS(afalg_compat_setsockopt(tfm, SOL_ALG, 42, key, 16), ENOPROTOOPT);
  ERRNO_IS(afalg_compat_setsockopt(tfm, 1234, ALG_SET_KEY, key, 16),
           ENOPROTOOPT);
  /* no key: accept works, I/O says ENOKEY; a later key enables it */
  op = afalg_compat_accept(tfm, NULL, NULL);
  CHECK(op >= 0, "nokey accept");
  ERRNO_IS(afalg_compat_write(op, buf, 16), ENOKEY);
  CHECK(afalg_compat_setsockopt(tfm, SOL_ALG, ALG_SET_KEY, key, 16) == 0,
        "key after accept");
  CHECK(afalg_compat_write(op, buf, 16) == 16, "write after key");
  CHECK(afalg_compat_read(op, buf, 16) == 16, "read after key");
  /* keyed op sockets exist: the key cannot change, no re-bind */
  ERRNO_IS(afalg_compat_setsockopt(tfm, SOL_ALG, ALG_SET_KEY, key, 16), EBUSY);
  {
    struct sockaddr_alg sa = {AF_ALG, "hash", 0, 0, "sha256"};
    ERRNO_IS(afalg_compat_bind(tfm, (struct sockaddr *)&sa, sizeof sa), EBUSY);
    ERRNO_IS(afalg_compat_bind(op, (struct sockaddr *)&sa, sizeof sa),
             EOPNOTSUPP);
    sa.salg_feat = 4;
    afalg_compat_close(op);
    ERRNO_IS(afalg_compat_bind(tfm, (struct sockaddr *)&sa, sizeof sa),
             EINVAL);
    sa.salg_feat = 0;
    ERRNO_IS(afalg_compat_bind(tfm, (struct sockaddr *)&sa, 24), EINVAL);
    /* re-bind without op sockets is allowed (ell probes names this way) */
    CHECK(afalg_compat_bind(tfm, (struct sockaddr *)&sa, sizeof sa) == 0,
          "rebind");
    ERRNO_IS(afalg_compat_setsockopt(tfm, SOL_ALG, ALG_SET_KEY, key, 16),
             ENOSYS);
  }
  /* data on the tfm socket, accept with an address */
  ERRNO_IS(afalg_compat_write(tfm, buf, 16), EOPNOTSUPP);
  ERRNO_IS(afalg_compat_read(tfm, buf, 16), EOPNOTSUPP);
  {
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    ERRNO_IS(afalg_compat_accept(tfm, (struct sockaddr *)&ss, &sl),
             ECONNABORTED);
  }
  afalg_compat_close(tfm);
  /* unbound tfm: accept EINVAL, setsockopt ENOPROTOOPT */
  tfm = afalg_compat_socket(AF_ALG, SOCK_SEQPACKET, 0);
  ERRNO_IS(afalg_compat_accept(tfm, NULL, NULL), EINVAL);
  ERRNO_IS(afalg_compat_setsockopt(tfm, SOL_ALG, ALG_SET_KEY, key, 16),
           ENOPROTOOPT);
  afalg_compat_close(tfm);

  /* bad IV length: EINVAL at sendmsg; skcipher op: no accept, no setsockopt */
  op = op_open("skcipher", "cbc(aes)", key, 16, 0);
  CHECK(op >= 0, "op");
  rc = (int)send1(op, 1, key, 12, -1, buf, 16, 0);
  ERRNO_IS(rc, EINVAL);
  ERRNO_IS(afalg_compat_accept(op, NULL, NULL), EOPNOTSUPP);
  ERRNO_IS(afalg_compat_setsockopt(op, SOL_ALG, ALG_SET_KEY, key, 16),
           EOPNOTSUPP);
  /* nothing sent yet: the kernel would block; the runtime says EAGAIN */
  ERRNO_IS(afalg_compat_read(op, buf, 16), EAGAIN);
  /* CBC length not a block multiple: EINVAL at read */
  CHECK(send1(op, 1, key, 16, -1, buf, 20, 0) == 20, "send 20");
  ERRNO_IS(afalg_compat_read(op, buf, 20), EINVAL);
  /* a new request while the previous result is unread: EINVAL */
  CHECK(send1(op, 1, key, 16, -1, buf, 16, 0) == 16, "send");
  ERRNO_IS(send1(op, 1, key, 16, -1, buf, 16, 0), EINVAL);
  CHECK(afalg_compat_read(op, buf, 16) == 16, "drain");
  /* op value other than 0/1 */
  {
    union {
      char b[CMSG_SPACE(4)];
      struct cmsghdr a;
    } u;
    struct msghdr m;
    struct iovec v = {buf, 16};
    struct cmsghdr *c;
    memset(&m, 0, sizeof m);
    m.msg_control = u.b, m.msg_controllen = sizeof u.b;
    m.msg_iov = &v, m.msg_iovlen = 1;
    c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_ALG, c->cmsg_type = ALG_SET_OP;
    c->cmsg_len = CMSG_LEN(4);
    *(uint32_t *)CMSG_DATA(c) = 2;
    ERRNO_IS(afalg_compat_sendmsg(op, &m, 0), EINVAL);
    c->cmsg_type = 9; /* unknown SOL_ALG cmsg */
    ERRNO_IS(afalg_compat_sendmsg(op, &m, 0), EINVAL);
    c->cmsg_level = SOL_SOCKET; /* other levels are ignored */
    CHECK(afalg_compat_sendmsg(op, &m, 0) == 16, "foreign cmsg ignored");
    CHECK(afalg_compat_read(op, buf, 16) == 16, "drain");
  }
  afalg_compat_close(op);

  /* AEAD authsize rules */
  tfm = tfm_open("aead", "gcm(aes)");
  CHECK(tfm >= 0, "gcm tfm");
  ERRNO_IS(afalg_compat_setsockopt(tfm, SOL_ALG, ALG_SET_AEAD_AUTHSIZE, NULL,
                                   5),
           EINVAL);
  CHECK(afalg_compat_setsockopt(tfm, SOL_ALG, ALG_SET_AEAD_AUTHSIZE, NULL, 13) ==
            0,
        "authsize 13");
  ERRNO_IS(afalg_compat_setsockopt(tfm, SOL_ALG, ALG_SET_KEY, key, 17), EINVAL);
  afalg_compat_close(tfm);
  return 0;
}

/* direction defaults: control data without ALG_SET_OP decrypts; a fresh op
 * socket used with write() decrypts with an all-zero IV */
static int t_direction_default(void) {
  uint8_t key[16], ct[64], out[64], iv0[16] = {0}, enc[64];
  int op;
  unhex(aes128_key, key);
  unhex(cbc_ct, ct);
  OPEN_OR_SKIP(op, "skcipher", "cbc(aes)", key, 16, 0);
  /* reference: encrypt the SP 800-38A plaintext with IV 0 */
  unhex(sp800_38a_pt, out);
  CHECK(send1(op, 1, iv0, 16, -1, out, 64, 0) == 64, "enc");
  CHECK(afalg_compat_read(op, enc, 64) == 64, "rd");
  afalg_compat_close(op);
  op = op_open("skcipher", "cbc(aes)", key, 16, 0);
  CHECK(afalg_compat_write(op, enc, 64) == 64, "write on fresh op");
  CHECK(afalg_compat_read(op, out, 64) == 64, "rd");
  CHECK(eq_hex(out, 64, sp800_38a_pt), "fresh op = decrypt, IV 0");
  {
    union {
      char b[CMSG_SPACE(20)];
      struct cmsghdr a;
    } u;
    struct msghdr m;
    struct iovec v = {ct, 64};
    struct cmsghdr *c;
    struct af_alg_iv *ai;
    memset(&u, 0, sizeof u);
    memset(&m, 0, sizeof m);
    m.msg_control = u.b, m.msg_controllen = sizeof u.b;
    m.msg_iov = &v, m.msg_iovlen = 1;
    c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_ALG, c->cmsg_type = ALG_SET_IV;
    c->cmsg_len = CMSG_LEN(20);
    ai = (struct af_alg_iv *)CMSG_DATA(c);
    ai->ivlen = 16;
    unhex("000102030405060708090a0b0c0d0e0f", ai->iv);
    CHECK(afalg_compat_sendmsg(op, &m, 0) == 64, "IV-only cmsg");
    CHECK(afalg_compat_read(op, out, 64) == 64, "rd");
    CHECK(eq_hex(out, 64, sp800_38a_pt), "no ALG_SET_OP = decrypt");
  }
  afalg_compat_close(op);
  return 0;
}

static int t_names(void) {
  static const char *const ok[][2] = {
      {"hash", "sha256-generic"},    {"hash", "sha256-avx2"},
      {"hash", "sha3-256-generic"},  {"hash", "hmac(sha256-ni)"},
      {"hash", "hmac(sha1-ssse3)"},  {"skcipher", "cbc-aes-aesni"},
      {"skcipher", "cbc(aes-generic)"}, {"skcipher", "xts-aes-vaes-avx2"},
      {"skcipher", "cts-cbc-aes-aesni"}, {"skcipher", "ctr-aes-aesni"},
      {"aead", "rfc4106-gcm-aesni"}, {"aead", "generic-gcm-aesni"},
      {"aead", "gcm(aes-aesni)"},    {"rng", "stdrng"},
      {"rng", "drbg_nopr_hmac_sha512"}, {"hash", "cryptd(sha256-generic)"}};
  size_t i;
  if (!afalg_compat_supported("aead", "rfc4106(gcm(aes))") ||
      !afalg_compat_supported("skcipher", "cts(cbc(aes))"))
    return 77;
  for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    int fd = tfm_open(ok[i][0], ok[i][1]);
    CHECK(fd >= 0, "bind %s/%s: %s", ok[i][0], ok[i][1], strerror(-fd));
    afalg_compat_close(fd);
  }
  CHECK(!afalg_compat_supported("hash", "sha256-generic-extra"), "junk");
  CHECK(!afalg_compat_supported("rng", "ansi_cprng"), "ansi_cprng");
  /* sockaddr_alg_new-style long address: name beyond 64 bytes */
  {
    const char *name = "cryptd(cryptd(cryptd(cryptd(cryptd(cryptd(cryptd("
                       "sha256-generic)))))))";
    unsigned char buf[128];
    size_t len = 24 + strlen(name) + 1;
    int fd = afalg_compat_socket(AF_ALG, SOCK_SEQPACKET, 0);
    memset(buf, 0, sizeof buf);
    *(uint16_t *)buf = AF_ALG;
    memcpy(buf + 2, "hash", 5);
    memcpy(buf + 24, name, strlen(name) + 1);
    CHECK(afalg_compat_bind(fd, (struct sockaddr *)buf, (socklen_t)len) == 0,
          "long name bind: %s", strerror(errno));
    ERRNO_IS(afalg_compat_bind(fd, (struct sockaddr *)buf, 129), EINVAL);
    afalg_compat_close(fd);
  }
  return 0;
}

static int t_rng(void) {
  uint8_t a[256], b[256];
  int op;
  OPEN_OR_SKIP(op, "rng", "stdrng", NULL, 0, 0);
  CHECK(afalg_compat_read(op, a, 256) == 128, "at most 128 per read");
  CHECK(afalg_compat_recv(op, b, 0, 0) == 0, "zero-length read");
  CHECK(afalg_compat_read(op, b, 64) == 64, "64");
  CHECK(memcmp(a, b, 64) != 0, "distinct");
  ERRNO_IS(afalg_compat_write(op, a, 16), EOPNOTSUPP);
  afalg_compat_close(op);
  return 0;
}

/* ---- descriptors --------------------------------------------------------------- */

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

/* ---- zero-copy idioms ---------------------------------------------------------- */

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

/* ---- threads --------------------------------------------------------------------- */

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

/* ---- per-backend expectations ------------------------------------------------ */

static int t_support_matrix(void) {
  static const char *const common[][2] = {
      {"hash", "md5"},         {"hash", "sha1"},
      {"hash", "sha224"},      {"hash", "sha256"},
      {"hash", "sha384"},      {"hash", "sha512"},
      {"hash", "sha3-224"},    {"hash", "sha3-256"},
      {"hash", "sha3-384"},    {"hash", "sha3-512"},
      {"hash", "sm3"},         {"hash", "hmac(sha256)"},
      {"hash", "hmac(sha1)"},  {"hash", "hmac(sha3-256)"},
      {"hash", "cmac(aes)"},   {"skcipher", "ecb(aes)"},
      {"skcipher", "cbc(aes)"}, {"skcipher", "ctr(aes)"},
      {"skcipher", "xts(aes)"}, {"skcipher", "cts(cbc(aes))"},
      {"skcipher", "chacha20"}, {"skcipher", "rfc3686(ctr(aes))"},
      {"skcipher", "cbc(des3_ede)"}, {"aead", "gcm(aes)"},
      {"aead", "ccm(aes)"},    {"aead", "rfc4106(gcm(aes))"},
      {"aead", "rfc4309(ccm(aes))"}, {"aead", "rfc7539(chacha20,poly1305)"},
      {"rng", "stdrng"}};
  size_t i;
  for (i = 0; i < sizeof common / sizeof common[0]; i++)
    CHECK(afalg_compat_supported(common[i][0], common[i][1]),
          "%s must support %s/%s", backend, common[i][0], common[i][1]);
  if (strcmp(backend, "nettle") != 0)
    CHECK(afalg_compat_supported("skcipher", "cbc(sm4)"), "sm4");
  CHECK(!afalg_compat_supported("hash", "crc32c"), "crc32c");
  return 0;
}

int main(void) {
  backend = afalg_compat_backend_name();
  printf("# backend: %s\n", backend);
  RUN(t_support_matrix);
  RUN(t_sha1);
  RUN(t_sha224);
  RUN(t_sha256);
  RUN(t_sha256_long);
  RUN(t_sha256_empty);
  RUN(t_sha384);
  RUN(t_sha512);
  RUN(t_sha3_256);
  RUN(t_sha3_256_empty);
  RUN(t_sm3);
  RUN(t_md5);
  RUN(t_blake2b_512);
  RUN(t_blake2b_256);
  RUN(t_hash_clone);
  RUN(t_hash_state);
  RUN(t_hmac_sha256_tc1);
  RUN(t_hmac_sha256_tc2);
  RUN(t_hmac_sha256_tc5_trunc);
  RUN(t_hmac_sha256_tc6);
  RUN(t_hmac_sha384_tc2);
  RUN(t_hmac_sha512_tc2);
  RUN(t_hmac_sha1_tc2);
  RUN(t_cmac_empty);
  RUN(t_cmac_16);
  RUN(t_cmac_40);
  RUN(t_cmac_64);
  RUN(t_cmac_aes256_empty);
  RUN(t_cmac_clone);
  RUN(t_ecb_aes);
  RUN(t_cbc_aes128);
  RUN(t_cbc_aes256);
  RUN(t_ctr_aes);
  RUN(t_cbc_chaining);
  RUN(t_ctr_partial_block);
  RUN(t_skcipher_streaming);
  RUN(t_gcm_tc1);
  RUN(t_gcm_tc2);
  RUN(t_gcm_tc3);
  RUN(t_gcm_tc4);
  RUN(t_gcm_tc4_authsize12);
  RUN(t_gcm_tc16);
  RUN(t_rfc4106);
  RUN(t_ccm_ex1);
  RUN(t_ccm_ex2);
  RUN(t_chacha20);
  RUN(t_chachapoly);
  RUN(t_aead_iov_layout);
  RUN(t_xts_vec1);
  RUN(t_xts_vec2);
  RUN(t_xts_stealing);
  RUN(t_cts_17);
  RUN(t_cts_31);
  RUN(t_cts_32);
  RUN(t_authenc);
  RUN(t_crc32c);
  RUN(t_xxhash64);
  RUN(t_errors);
  RUN(t_direction_default);
  RUN(t_names);
  RUN(t_rng);
  RUN(t_passthrough);
  RUN(t_dup_alias);
  RUN(t_stale_entry);
  RUN(t_vmsplice_splice);
  RUN(t_sendfile);
  RUN(t_threads);
  printf("1..%d\n# %s: %d passed, %d failed, %d skipped\n", n_test, backend,
         n_pass, n_fail, n_skip);
  return n_fail ? 1 : 0;
}
