/*
 * afalg_compat_test_protocol.c - protocol state and error rules: hash
 * cloning and read-once results, IV chaining, partial CTR blocks, MSG_MORE
 * streaming, AEAD buffer layout, errno values, name canonicalization, rng.
 */
#include "afalg_compat_test.h"

#include <stdlib.h>

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
  CHECK(
      afalg_compat_read(clone, out, 32) == 32 &&
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
    struct iovec w[2] = {{pt, 10}, {pt + 10, 54}},
                 r[3] = {{out, 5}, {out + 5, 40}, {out + 45, 19}};
    CHECK(send1(op, 1, iv, 16, -1, NULL, 0, MSG_MORE) == 0, "iv only");
    CHECK(afalg_compat_writev(op, w, 2) == 64, "writev");
    CHECK(afalg_compat_readv(op, r, 3) == 64, "readv");
    CHECK(eq_hex(out, 64, cbc_ct), "writev/readv CBC");
  }
  afalg_compat_close(op);
  return 0;
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
  /* one request over several sends: only the first carries cmsgs */
  CHECK(send1(op, 1, iv, 12, (int)al, in, 7, MSG_MORE) == 7, "send aad part");
  CHECK(afalg_compat_send(op, in + 7, al - 7, MSG_MORE) == (ssize_t)(al - 7),
        "send rest of aad");
  ERRNO_IS(afalg_compat_read(op, out, 80), EAGAIN); /* request incomplete */
  CHECK(afalg_compat_send(op, in + al, pl, 0) == (ssize_t)pl, "send pt");
  memset(&m, 0, sizeof m);
  m.msg_iov = r, m.msg_iovlen = 2;
  CHECK(afalg_compat_recvmsg(op, &m, 0) == 96, "recvmsg");
  CHECK(eq_hex(out + 60, 16, "5bc94fbc3221a5db94fae95ae7121a47"), "split tag");
  /* too-short input: fewer bytes than assoclen + tag when decrypting */
  CHECK(send1(op, 0, iv, 12, 20, in, 30, 0) == 30, "short send");
  ERRNO_IS(afalg_compat_read(op, out, 80), EINVAL);
  afalg_compat_close(op);
  return 0;
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

const struct afalg_test afalg_tests_protocol[] = {TEST(t_hash_clone),
                                                  TEST(t_hash_state),
                                                  TEST(t_cmac_clone),
                                                  TEST(t_cbc_chaining),
                                                  TEST(t_ctr_partial_block),
                                                  TEST(t_skcipher_streaming),
                                                  TEST(t_aead_iov_layout),
                                                  TEST(t_xts_stealing),
                                                  TEST(t_errors),
                                                  TEST(t_direction_default),
                                                  TEST(t_names),
                                                  TEST(t_rng),
                                                  TEST(t_authenc_rules),
                                                  TEST(t_checksum_seed),
                                                  {NULL, NULL}};
