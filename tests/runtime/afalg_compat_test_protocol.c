/*
 * afalg_compat_test_protocol.c - protocol state: hash cloning and
 * read-once results, IV chaining, partial CTR blocks, MSG_MORE streaming,
 * AEAD buffer layout, XTS ciphertext stealing. The error rules are in
 * afalg_compat_test_rules.c.
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

const struct afalg_test afalg_tests_protocol[] = {TEST(t_hash_clone),
                                                  TEST(t_hash_state),
                                                  TEST(t_cmac_clone),
                                                  TEST(t_cbc_chaining),
                                                  TEST(t_ctr_partial_block),
                                                  TEST(t_skcipher_streaming),
                                                  TEST(t_aead_iov_layout),
                                                  TEST(t_xts_stealing),
                                                  {NULL, NULL}};
