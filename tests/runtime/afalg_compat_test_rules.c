/*
 * afalg_compat_test_rules.c - the kernel's rules the runtime reproduces:
 * errno values, the default direction, algorithm name canonicalization,
 * rng, authenc key and size rules, checksum seeds.
 */
#include "afalg_compat_test.h"

#include <stdlib.h>

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
  ERRNO_IS(afalg_compat_setsockopt(tfm, SOL_ALG, ALG_SET_KEY, key, 15), EINVAL);
  ERRNO_IS(
      afalg_compat_setsockopt(tfm, SOL_ALG, ALG_SET_AEAD_AUTHSIZE, NULL, 16),
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
    ERRNO_IS(afalg_compat_bind(tfm, (struct sockaddr *)&sa, sizeof sa), EINVAL);
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
  ERRNO_IS(
      afalg_compat_setsockopt(tfm, SOL_ALG, ALG_SET_AEAD_AUTHSIZE, NULL, 5),
      EINVAL);
  CHECK(afalg_compat_setsockopt(tfm, SOL_ALG, ALG_SET_AEAD_AUTHSIZE, NULL,
                                13) == 0,
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
      {"hash", "sha256-generic"},        {"hash", "sha256-avx2"},
      {"hash", "sha3-256-generic"},      {"hash", "hmac(sha256-ni)"},
      {"hash", "hmac(sha1-ssse3)"},      {"skcipher", "cbc-aes-aesni"},
      {"skcipher", "cbc(aes-generic)"},  {"skcipher", "xts-aes-vaes-avx2"},
      {"skcipher", "cts-cbc-aes-aesni"}, {"skcipher", "ctr-aes-aesni"},
      {"aead", "rfc4106-gcm-aesni"},     {"aead", "generic-gcm-aesni"},
      {"aead", "gcm(aes-aesni)"},        {"rng", "stdrng"},
      {"rng", "drbg_nopr_hmac_sha512"},  {"hash", "cryptd(sha256-generic)"}};
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

/* authenc key blob and authsize rules; the socket IV chains like CBC */
static int t_authenc_rules(void) {
  uint8_t key[56], iv[16], pt[64], out[160], out2[160];
  int tfm, op;
  if (!afalg_compat_supported("aead", "authencesn(hmac(sha256),cbc(aes))"))
    return 77;
  unhex("0800010000000010", key);
  memset(key + 8, 0x11, 32);
  unhex(aes128_key, key + 40);
  unhex("000102030405060708090a0b0c0d0e0f", iv);
  unhex(sp800_38a_pt, pt);
  tfm = tfm_open("aead", "authencesn(hmac(sha256),cbc(aes))");
  CHECK(tfm >= 0, "tfm");
  key[2] = 2; /* rta_type must be CRYPTO_AUTHENC_KEYA_PARAM */
  ERRNO_IS(afalg_compat_setsockopt(tfm, SOL_ALG, ALG_SET_KEY, key, 56), EINVAL);
  key[2] = 1, key[7] = 17; /* enckeylen 17: not an AES key */
  ERRNO_IS(afalg_compat_setsockopt(tfm, SOL_ALG, ALG_SET_KEY, key, 56), EINVAL);
  key[7] = 16;
  ERRNO_IS(afalg_compat_setsockopt(tfm, SOL_ALG, ALG_SET_KEY, key, 7), EINVAL);
  CHECK(afalg_compat_setsockopt(tfm, SOL_ALG, ALG_SET_KEY, key, 56) == 0,
        "key");
  ERRNO_IS(
      afalg_compat_setsockopt(tfm, SOL_ALG, ALG_SET_AEAD_AUTHSIZE, NULL, 3),
      EINVAL);
  ERRNO_IS(
      afalg_compat_setsockopt(tfm, SOL_ALG, ALG_SET_AEAD_AUTHSIZE, NULL, 33),
      EINVAL);
  CHECK(afalg_compat_setsockopt(tfm, SOL_ALG, ALG_SET_AEAD_AUTHSIZE, NULL, 4) ==
            0,
        "authsize 4 (the Copy Fail configuration)");
  op = afalg_compat_accept(tfm, NULL, NULL);
  CHECK(op >= 0, "accept");
  /* ESN needs at least 8 bytes of AAD */
  CHECK(send1(op, 1, iv, 16, 4, pt, 36, 0) == 36, "send");
  ERRNO_IS(afalg_compat_read(op, out, sizeof out), EINVAL);
  /* two 32-byte messages: the second, sent without an IV, continues the CBC
   * chain, so its ciphertext equals the second half of a 64-byte message */
  memset(out, 0, 8);
  memcpy(out + 8, pt, 64);
  CHECK(send1(op, 1, iv, 16, 8, out, 8 + 32, 0) == 40, "msg 1");
  CHECK(afalg_compat_read(op, out2, sizeof out2) == 44, "8 + 32 + 4");
  CHECK(eq_hex(out2 + 8, 32, prefix(cbc_ct, 32)), "first half");
  memcpy(out + 8, pt + 32, 32);
  CHECK(afalg_compat_write(op, out, 40) == 40, "msg 2, no cmsg");
  CHECK(afalg_compat_read(op, out2, sizeof out2) == 44, "read 2");
  CHECK(eq_hex(out2 + 8, 32, cbc_ct + 64), "chained second half");
  afalg_compat_close(op);
  afalg_compat_close(tfm);
  return 0;
}

/* checksum seeds are optional keys: no ENOKEY, a bad length is EINVAL and
 * keeps the previous seed; a 32-byte stream crosses the xxhash64 stripe */
static int t_checksum_seed(void) {
  uint8_t out[8];
  int tfm, op;
  tfm = tfm_open("hash", "crc32");
  CHECK(tfm >= 0, "tfm");
  op = afalg_compat_accept(tfm, NULL, NULL);
  CHECK(afalg_compat_send(op, "123456789", 9, 0) == 9, "unkeyed");
  CHECK(afalg_compat_read(op, out, 4) == 4 && eq_hex(out, 4, "882dfd2d"),
        "default seed");
  afalg_compat_close(op);
  CHECK(afalg_compat_setsockopt(tfm, SOL_ALG, ALG_SET_KEY, "\xff\xff\xff\xff",
                                4) == 0,
        "seed");
  ERRNO_IS(afalg_compat_setsockopt(tfm, SOL_ALG, ALG_SET_KEY, "abcde", 5),
           EINVAL);
  op = afalg_compat_accept(tfm, NULL, NULL);
  CHECK(afalg_compat_send(op, "1234", 4, MSG_MORE) == 4, "part");
  CHECK(afalg_compat_send(op, "56789", 5, 0) == 5, "rest");
  CHECK(afalg_compat_read(op, out, 4) == 4 && eq_hex(out, 4, "d9c60b34"),
        "seed kept after a bad setkey");
  afalg_compat_close(op);
  afalg_compat_close(tfm);
  return hash_vec("xxhash64", "0100000000000000",
                  "0123456789abcdef0123456789abcdef0123456789", 42, 64,
                  "a6319b8620778d2b"); /* libxxhash XXH64(seed 1), LE */
}

const struct afalg_test afalg_tests_rules[] = {
    TEST(t_errors), TEST(t_direction_default), TEST(t_names),
    TEST(t_rng),    TEST(t_authenc_rules),     TEST(t_checksum_seed),
    {NULL, NULL}};
