/*
 * afalg_compat_transcript.c - randomized operations, deterministic seed.
 * Prints one line per algorithm: "<type>/<name> <fnv64 of all outputs>
 * <cases>".  The same transcript from two backends must agree for every
 * algorithm both support (compare_transcripts.cmake); the known-answer
 * tests pin the values themselves.
 */
#include "afalg_compat_test.h"

#include <stdlib.h>

static uint64_t rs = 0x9e3779b97f4a7c15u, fnv;
static unsigned n_ok, n_err,
    n_rt; /* results folded in, errors, failed round trips */

static uint32_t rnd(uint32_t n) {
  rs ^= rs << 13, rs ^= rs >> 7, rs ^= rs << 17;
  return n ? (uint32_t)(rs % n) : 0;
}

static void fill(uint8_t *p, size_t n) {
  while (n--)
    *p++ = (uint8_t)rnd(256);
}

static void mix(const void *p, long n) {
  const uint8_t *b = p;
  long i;
  if (n < 0) { /* fold the error code in */
    fnv = (fnv ^ (uint64_t)errno) * 0x100000001b3u;
    n_err++;
    return;
  }
  n_ok++;
  for (i = 0; i < n; i++)
    fnv = (fnv ^ b[i]) * 0x100000001b3u;
  fnv = (fnv ^ (uint64_t)n) * 0x100000001b3u;
}

/* kls: key sizes to pick from (NULL: unkeyed); anylen: any length 0..200 */
static void hash_cases(const char *name, const unsigned *kls, int anylen) {
  uint8_t key[256], msg[600], out[64];
  int i;
  for (i = 0; i < 24; i++) {
    size_t kl = anylen ? rnd(201) : kls ? kls[rnd(3)] : 0;
    size_t n = rnd(600), a = rnd((uint32_t)n + 1);
    int op, c;
    fill(key, kl);
    fill(msg, n);
    if ((op = op_open("hash", name, kls ? key : NULL, kl, 0)) < 0) {
      mix(NULL, -1);
      continue;
    }
    afalg_compat_send(op, msg, a, MSG_MORE);
    c = afalg_compat_accept(op, NULL, NULL); /* clone mid-stream */
    afalg_compat_send(op, msg + a, n - a, 0);
    mix(out, (long)afalg_compat_read(op, out, sizeof out));
    afalg_compat_send(c, msg, n - a, 0);
    mix(out, (long)afalg_compat_read(c, out, 1 + rnd(64)));
    afalg_compat_close(c);
    afalg_compat_close(op);
  }
}

/* kl: key sizes to pick from; unit: data granularity; min: shortest data */
static void sk_cases(const char *name, const unsigned *kls, unsigned ivl,
                     unsigned unit, unsigned min, unsigned chunk) {
  uint8_t key[64], iv[16], in[700], out[700], back[700];
  int i;
  for (i = 0; i < 24; i++) {
    unsigned kl = kls[rnd(3)];
    size_t n = min + unit * rnd(600 / unit),
           s = chunk * rnd((uint32_t)(n / chunk) + 1);
    long r1, r2 = 0;
    int op;
    fill(key, kl), fill(iv, ivl), fill(in, n);
    if ((op = op_open("skcipher", name, key, kl, 0)) < 0) {
      mix(NULL, -1);
      continue;
    }
    /* encrypt as a MSG_MORE stream read in two pieces */
    send1(op, 1, ivl ? iv : NULL, ivl, -1, in, s, MSG_MORE);
    afalg_compat_send(op, in + s, n - s, 0);
    r1 = (long)afalg_compat_read(op, out, s);
    if (r1 >= 0)
      r2 = (long)afalg_compat_read(op, out + r1, n - (size_t)r1);
    mix(out, r1 < 0 ? r1 : r2 < 0 ? r2 : r1 + r2);
    /* a chained second operation without an IV */
    if (afalg_compat_send(op, in, n, 0) == (ssize_t)n)
      mix(out, (long)afalg_compat_read(op, out, n));
    /* decrypt round trip */
    send1(op, 1, ivl ? iv : NULL, ivl, -1, in, n, 0);
    afalg_compat_read(op, out, n);
    send1(op, 0, ivl ? iv : NULL, ivl, -1, out, n, 0);
    if (afalg_compat_read(op, back, n) != (ssize_t)n || memcmp(back, in, n))
      mix("RT", 2), n_rt++;
    afalg_compat_close(op);
  }
}

/* authenc key blob around a random HMAC key and the cipher key */
static size_t authenc_blob(uint8_t *key, unsigned enclen) {
  size_t authlen = rnd(65);
  key[0] = 8, key[1] = 0, key[2] = 1, key[3] = 0;
  key[4] = key[5] = key[6] = 0, key[7] = (uint8_t)enclen;
  fill(key + 8, authlen + enclen);
  return 8 + authlen + enclen;
}

static void aead_cases(const char *name, const unsigned *kls, unsigned ivl,
                       const unsigned *tags, unsigned ntags, int esp) {
  uint8_t key[160], iv[16], in[400], out[450], back[450];
  int i;
  for (i = 0; i < 24; i++) {
    unsigned kl = kls[rnd(3)], as = tags[rnd(ntags)];
    size_t al = esp ? 16 + 4 * rnd(2) : rnd(40), pl = rnd(300);
    long r;
    int op;
    if (strncmp(name, "authenc", 7) == 0) {
      kl = (unsigned)authenc_blob(key, kl);
      if (strstr(name, "cbc"))
        pl -= pl % 16;
      al += 8 * (strncmp(name, "authencesn", 10) == 0);
    } else {
      fill(key, kl);
    }
    fill(iv, ivl), fill(in, al + pl);
    if (strncmp(name, "ccm", 3) == 0) { /* iv[0] = L - 1 */
      iv[0] = (uint8_t)(1 + rnd(7));
      if (iv[0] == 1)
        pl = rnd(256);
      memset(iv + 15 - iv[0], 0, iv[0] + 1);
    }
    if ((op = op_open("aead", name, key, kl, (int)as)) < 0) {
      mix(NULL, -1);
      continue;
    }
    send1(op, 1, iv, ivl, (int)al, in, al + pl, 0);
    if (getenv("AFALG_TRANSCRIPT_DEBUG"))
      fprintf(stderr, "%s case %d: al=%zu pl=%zu as=%u kl=%u\n", name, i, al,
              pl, as, kl);
    r = (long)afalg_compat_read(op, out, sizeof out);
    mix(out, r);
    send1(op, 0, iv, ivl, (int)al, out, al + pl + as, 0);
    r = (long)afalg_compat_read(op, back, sizeof back);
    if (r != (long)(al + pl) || memcmp(back, in, al + pl)) {
      mix("RT", 2), n_rt++;
      if (getenv("AFALG_TRANSCRIPT_DEBUG"))
        fprintf(stderr, "  round trip failed: r=%ld errno=%d\n", r, errno);
    }
    out[al + rnd((uint32_t)(pl + as))] ^= (uint8_t)(1 << rnd(8));
    send1(op, 0, iv, ivl, (int)al, out, al + pl + as, 0);
    mix(back, (long)afalg_compat_read(op, back, sizeof back));
    afalg_compat_close(op);
  }
}

/* Each algorithm gets its own random stream, seeded by its name. */
static int start(const char *type, const char *name) {
  if (!afalg_compat_supported(type, name)) {
    printf("%s/%s unsupported\n", type, name);
    return 0;
  }
  fnv = 0xcbf29ce484222325u;
  mix(name, (long)strlen(name));
  rs = fnv | 1;
  n_ok = n_err = n_rt = 0;
  return 1;
}

/* The counts go to stderr: errors are part of the checksum, but a reader
 * should see how many cases produced output at all. */
static void line(const char *type, const char *name) {
  printf("%s/%s %016llx\n", type, name, (unsigned long long)fnv);
  fprintf(stderr, "%s/%s: %u results, %u errors, %u failed round trips\n", type,
          name, n_ok, n_err, n_rt);
}

#define HASH(n, kls, any)                                                      \
  if (start("hash", n))                                                        \
  hash_cases(n, kls, any), line("hash", n)
#define SK(n, kls, ivl, unit, min, chunk)                                      \
  if (start("skcipher", n))                                                    \
  sk_cases(n, kls, ivl, unit, min, chunk), line("skcipher", n)
#define AEAD(n, kls, ivl, tags, esp)                                           \
  if (start("aead", n))                                                        \
  aead_cases(n, kls, ivl, tags, sizeof tags / sizeof tags[0], esp),            \
      line("aead", n)

int afalg_compat_transcript(void) {
  static const char *const hashes[] = {
      "md4",    "md5",         "sha1",        "sha224",   "sha256",   "sha384",
      "sha512", "sha3-224",    "sha3-256",    "sha3-384", "sha3-512", "sm3",
      "rmd160", "streebog256", "streebog512", "wp512"};
  static const char *const hmacs[] = {
      "hmac(md5)",      "hmac(sha1)", "hmac(sha256)", "hmac(sha512)",
      "hmac(sha3-256)", "hmac(sm3)",  "hmac(rmd160)", "hmac(streebog512)"};
  static const unsigned aes[] = {16, 24, 32}, xts[] = {32, 48, 64},
                        r3686[] = {20, 28, 36}, r4106[] = {20, 28, 36},
                        r4309[] = {19, 27, 35}, k32[] = {32, 32, 32},
                        r3686e[] = {20, 28, 36}, k4[] = {4, 4, 4},
                        k8[] = {8, 8, 8}, k24[] = {24, 24, 24},
                        k16[] = {16, 16, 16};
  static const unsigned gcm_tags[] = {4, 8, 12, 13, 14, 15, 16},
                        ccm_tags[] = {4, 6, 8, 10, 12, 14, 16},
                        esp_tags[] = {8, 12, 16}, t16[] = {16},
                        hmac_tags[] = {1, 12, 16, 20}, esn_tags[] = {4, 12, 20};
  size_t i;
  for (i = 0; i < sizeof hashes / sizeof hashes[0]; i++)
    HASH(hashes[i], NULL, 0);
  for (i = 0; i < sizeof hmacs / sizeof hmacs[0]; i++)
    HASH(hmacs[i], k16, 1);
  HASH("cmac(aes)", aes, 0);
  HASH("cmac(des3_ede)", k24, 0);
  HASH("cmac(sm4)", k16, 0);
  HASH("crc32", NULL, 0);
  HASH("crc32c", k4, 0);
  HASH("xxhash64", k8, 0);
  SK("ecb(aes)", aes, 0, 16, 0, 16);
  SK("cbc(aes)", aes, 16, 16, 0, 16);
  SK("ctr(aes)", aes, 16, 1, 0, 16);
  SK("xts(aes)", xts, 16, 1, 16, 16);
  SK("cts(cbc(aes))", aes, 16, 1, 17, 16);
  SK("rfc3686(ctr(aes))", r3686, 8, 1, 0, 16);
  SK("chacha20", k32, 16, 1, 0, 64);
  SK("ecb(des3_ede)", k24, 0, 8, 0, 8);
  SK("cbc(des3_ede)", k24, 8, 8, 0, 8);
  SK("cbc(sm4)", k16, 16, 16, 0, 16);
  SK("ctr(sm4)", k16, 16, 1, 0, 16);
  AEAD("gcm(aes)", aes, 12, gcm_tags, 0);
  AEAD("ccm(aes)", aes, 16, ccm_tags, 0);
  AEAD("rfc4106(gcm(aes))", r4106, 8, esp_tags, 1);
  AEAD("rfc4309(ccm(aes))", r4309, 8, esp_tags, 1);
  AEAD("rfc7539(chacha20,poly1305)", k32, 12, t16, 0);
  AEAD("authenc(hmac(sha256),cbc(aes))", aes, 16, hmac_tags, 0);
  AEAD("authencesn(hmac(sha1),cbc(aes))", aes, 16, esn_tags, 0);
  AEAD("authenc(hmac(sha512),rfc3686(ctr(aes)))", r3686e, 8, hmac_tags, 0);
  AEAD("authenc(hmac(sha256),cbc(des3_ede))", k24, 8, hmac_tags, 0);
  return 0;
}
