/*
 * afalg_compat_test.c - drives the compat runtime through the call sequences
 * real AF_ALG programs use: the known-answer vectors of AFALG.md section 4
 * and the protocol's state and error rules.  Built once per backend; prints
 * TAP and exits non-zero on any failure.  With --transcript it prints the
 * randomized cross-backend transcript instead.
 */
#include "afalg_compat_test.h"

#include <stdlib.h>

const char *backend;

/* ---- helpers ------------------------------------------------------------- */

size_t unhex(const char *h, uint8_t *out) {
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

void tohex(const void *p, size_t n, char *out) {
  size_t i;
  for (i = 0; i < n; i++)
    sprintf(out + 2 * i, "%02x", ((const uint8_t *)p)[i]);
}

int eq_hex(const uint8_t *p, size_t n, const char *hex) {
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

char *prefix(const char *hex, size_t bytes) {
  static char buf[4][512];
  static int i;
  char *b = buf[i++ % 4];
  memcpy(b, hex, bytes * 2);
  b[bytes * 2] = 0;
  return b;
}

/* socket + bind; returns the tfm fd or -errno. */
int tfm_open(const char *type, const char *name) {
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
int op_open(const char *type, const char *name, const uint8_t *key,
            size_t keylen, int authsize) {
  int tfm = tfm_open(type, name), op;
  if (tfm < 0)
    return tfm;
  if (key && afalg_compat_setsockopt(tfm, SOL_ALG, ALG_SET_KEY, key,
                                     (socklen_t)keylen) != 0)
    goto fail;
  if (authsize > 0 &&
      afalg_compat_setsockopt(tfm, SOL_ALG, ALG_SET_AEAD_AUTHSIZE, NULL,
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

/* sendmsg with OP / IV / ASSOCLEN control messages (like libkcapi). */
ssize_t send_ctl(int op, int enc, const uint8_t *iv, size_t ivlen, int assoclen,
                 const struct iovec *iov, size_t niov, int flags) {
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

ssize_t send1(int op, int enc, const uint8_t *iv, size_t ivlen, int assoclen,
              const uint8_t *p, size_t n, int flags) {
  struct iovec v = {(void *)p, n};
  return send_ctl(op, enc, iv, ivlen, assoclen, &v, 1, flags);
}

/* ---- standard inputs ----------------------------------------------------- */

const char abc_long[] =
    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
const char sp800_38a_pt[] =
    "6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51"
    "30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710";
const char aes128_key[] = "2b7e151628aed2a6abf7158809cf4f3c";
const char aes256_key[] =
    "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4";
const char cbc_ct[] =
    "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
    "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7";
const char ctr_ct[] =
    "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff"
    "5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee";
const char gcm_key[] = "feffe9928665731c6d6a8f9467308308";
const char gcm_iv[] = "cafebabefacedbaddecaf888";
const char gcm_pt[] =
    "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
    "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
const char gcm_ct[] =
    "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
    "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985";
const char gcm_aad[] = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
const char ladies[] =
    "Ladies and Gentlemen of the class of '99: If I could offer you only one "
    "tip for the future, sunscreen would be it.";

/* ---- vector drivers ------------------------------------------------------ */

int hash_vec(const char *name, const char *keyhex, const void *msg, size_t len,
             size_t readlen, const char *want) {
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

int sk_vec(const char *name, const char *keyhex, const char *ivhex,
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
int aead_vec(const char *name, const char *keyhex, const char *ivhex,
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

/* ---- per-backend expectations -------------------------------------------- */

static int t_support_matrix(void) {
  static const char *const common[][2] = {
      {"hash", "md5"},
      {"hash", "sha1"},
      {"hash", "sha224"},
      {"hash", "sha256"},
      {"hash", "sha384"},
      {"hash", "sha512"},
      {"hash", "sha3-224"},
      {"hash", "sha3-256"},
      {"hash", "sha3-384"},
      {"hash", "sha3-512"},
      {"hash", "sm3"},
      {"hash", "hmac(sha256)"},
      {"hash", "hmac(sha1)"},
      {"hash", "hmac(sha3-256)"},
      {"hash", "cmac(aes)"},
      {"skcipher", "ecb(aes)"},
      {"skcipher", "cbc(aes)"},
      {"skcipher", "ctr(aes)"},
      {"skcipher", "xts(aes)"},
      {"skcipher", "cts(cbc(aes))"},
      {"skcipher", "chacha20"},
      {"skcipher", "rfc3686(ctr(aes))"},
      {"skcipher", "cbc(des3_ede)"},
      {"aead", "gcm(aes)"},
      {"aead", "ccm(aes)"},
      {"aead", "rfc4106(gcm(aes))"},
      {"aead", "rfc4309(ccm(aes))"},
      {"aead", "rfc7539(chacha20,poly1305)"},
      {"rng", "stdrng"},
      {"aead", "authenc(hmac(sha256),cbc(aes))"},
      {"aead", "authencesn(hmac(sha256),cbc(aes))"},
      {"aead", "authenc(hmac(sha1),rfc3686(ctr(aes)))"}};
  size_t i;
  for (i = 0; i < sizeof common / sizeof common[0]; i++)
    CHECK(afalg_compat_supported(common[i][0], common[i][1]),
          "%s must support %s/%s", backend, common[i][0], common[i][1]);
  if (strcmp(backend, "nettle") != 0)
    CHECK(afalg_compat_supported("skcipher", "cbc(sm4)"), "sm4");
  CHECK(afalg_compat_supported("hash", "crc32c-intel"), "crc32c");
  CHECK(!afalg_compat_supported("hash", "crct10dif"), "crct10dif");
  return 0;
}

/* ---- runner -------------------------------------------------------------- */

static int n_pass, n_fail, n_skip, n_test;

static void run(const struct afalg_test *t) {
  int rc = t->fn();
  ++n_test;
  if (rc == 0) {
    ++n_pass;
    printf("ok %d - %s\n", n_test, t->name);
  } else if (rc == 77) {
    ++n_skip;
    printf("ok %d - %s # SKIP not supported by %s\n", n_test, t->name, backend);
  } else {
    ++n_fail;
    printf("not ok %d - %s\n", n_test, t->name);
  }
  fflush(stdout);
}

int main(int argc, char **argv) {
  static const struct afalg_test first = TEST(t_support_matrix);
  const struct afalg_test *const groups[] = {
      afalg_tests_vectors, afalg_tests_protocol, afalg_tests_rules,
      afalg_tests_fds};
  size_t g;
  const struct afalg_test *t;
  if (argc > 1 && strcmp(argv[1], "--transcript") == 0)
    return afalg_compat_transcript();
  backend = afalg_compat_backend_name();
  printf("# backend: %s\n", backend);
  run(&first);
  for (g = 0; g < sizeof groups / sizeof groups[0]; g++)
    for (t = groups[g]; t->name; t++)
      run(t);
  printf("1..%d\n# %s: %d passed, %d failed, %d skipped\n", n_test, backend,
         n_pass, n_fail, n_skip);
  return n_fail ? 1 : 0;
}
