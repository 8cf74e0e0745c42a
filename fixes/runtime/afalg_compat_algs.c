/*
 * afalg_compat_algs.c - the algorithms a socket can bind: the table of
 * kernel names per socket type, what each needs from the backend, and the
 * kernel's key, IV and tag size rules.
 */
#include "afalg_compat.h"
#include "afalg_compat_internal.h"

#include <errno.h>
#include <string.h>

#define NAME_MAX_LEN AFALGC_NAME_MAX

/* drbg_nopr_* / drbg_pr_*: every SP 800-90A DRBG name of the kernel. */
static int is_drbg(const char *s) {
  return strncmp(s, "drbg_nopr_", 10) == 0 || strncmp(s, "drbg_pr_", 8) == 0;
}

/* ---- algorithm table ----------------------------------------------------- */

static const struct {
  const char *name;
  unsigned size;
} md_table[AFALGC_MD_COUNT] = {
    [AFALGC_MD_MD4] = {"md4", 16},
    [AFALGC_MD_MD5] = {"md5", 16},
    [AFALGC_MD_SHA1] = {"sha1", 20},
    [AFALGC_MD_SHA224] = {"sha224", 28},
    [AFALGC_MD_SHA256] = {"sha256", 32},
    [AFALGC_MD_SHA384] = {"sha384", 48},
    [AFALGC_MD_SHA512] = {"sha512", 64},
    [AFALGC_MD_SHA3_224] = {"sha3-224", 28},
    [AFALGC_MD_SHA3_256] = {"sha3-256", 32},
    [AFALGC_MD_SHA3_384] = {"sha3-384", 48},
    [AFALGC_MD_SHA3_512] = {"sha3-512", 64},
    [AFALGC_MD_SM3] = {"sm3", 32},
    [AFALGC_MD_RMD160] = {"rmd160", 20},
    [AFALGC_MD_STREEBOG256] = {"streebog256", 32},
    [AFALGC_MD_STREEBOG512] = {"streebog512", 64},
    [AFALGC_MD_WP512] = {"wp512", 64},
};

static int md_by_name(const char *s) {
  int i;
  for (i = 0; i < AFALGC_MD_COUNT; i++)
    if (strcmp(md_table[i].name, s) == 0)
      return i;
  return -1;
}

static int cipher_by_name(const char *s, unsigned *bs) {
  if (strcmp(s, "aes") == 0)
    return *bs = 16, AFALGC_C_AES;
  if (strcmp(s, "sm4") == 0)
    return *bs = 16, AFALGC_C_SM4;
  if (strcmp(s, "des3_ede") == 0)
    return *bs = 8, AFALGC_C_DES3;
  return -1;
}

/* "<prefix>(<inner>)" -> inner, else NULL. */
static const char *unwrap(const char *s, const char *prefix, char *buf,
                          size_t cap) {
  size_t pl = strlen(prefix), n = strlen(s);
  if (strncmp(s, prefix, pl) != 0 || s[pl] != '(' || s[n - 1] != ')' ||
      n - pl - 2 >= cap)
    return NULL;
  memcpy(buf, s + pl + 1, n - pl - 2);
  buf[n - pl - 2] = 0;
  return buf;
}

static const struct {
  const char *name;
  int kind, cipher;
  unsigned ivsize, blocksize, chunksize;
} sk_table[] = {{"chacha20", AFALGC_K_CHACHA20, AFALGC_C_CHACHA20, 16, 1, 64},
                {"xts(aes)", AFALGC_K_XTS, AFALGC_C_AES, 16, 16, 16},
                {"cts(cbc(aes))", AFALGC_K_CTS, AFALGC_C_AES, 16, 16, 16},
                {"rfc3686(ctr(aes))", AFALGC_K_RFC3686, AFALGC_C_AES, 8, 1, 16},
                {NULL, 0, 0, 0, 0, 0}};

static const struct {
  const char *name;
  int kind, cipher;
  unsigned ivsize;
} aead_table[] = {
    {"gcm(aes)", AFALGC_K_GCM, AFALGC_C_AES, 12},
    {"ccm(aes)", AFALGC_K_CCM, AFALGC_C_AES, 16},
    {"rfc4106(gcm(aes))", AFALGC_K_RFC4106, AFALGC_C_AES, 8},
    {"rfc4309(ccm(aes))", AFALGC_K_RFC4309, AFALGC_C_AES, 8},
    {"rfc7539(chacha20,poly1305)", AFALGC_K_CHACHAPOLY, AFALGC_C_CHACHA20, 12},
    {NULL, 0, 0, 0}};

static const struct {
  const char *name;
  int kind;
  unsigned size; /* digest and (optional) key size */
} cksum_table[] = {{"crc32", AFALGC_K_CRC32, 4},
                   {"crc32c", AFALGC_K_CRC32C, 4},
                   {"xxhash64", AFALGC_K_XXHASH64, 8},
                   {NULL, 0, 0}};

static int describe_hash(const char *s, struct afalgc_alg *a) {
  char buf[NAME_MAX_LEN];
  const char *in;
  unsigned bs;
  int md = md_by_name(s);

  int i;

  for (i = 0; cksum_table[i].name; i++)
    if (strcmp(s, cksum_table[i].name) == 0) { /* computed in the core */
      a->kind = cksum_table[i].kind, a->optkey = 1;
      a->digestsize = cksum_table[i].size;
      return 0;
    }
  if (md >= 0) {
    a->kind = AFALGC_K_DIGEST, a->md = md;
    a->digestsize = md_table[md].size;
    return afalgc_backend.has_md(md) ? 0 : -1;
  }
  if ((in = unwrap(s, "hmac", buf, sizeof buf)) && (md = md_by_name(in)) >= 0) {
    a->kind = AFALGC_K_HMAC, a->md = md, a->needkey = 1;
    a->digestsize = md_table[md].size;
    return afalgc_backend.has_hmac(md) ? 0 : -1;
  }
  if ((in = unwrap(s, "cmac", buf, sizeof buf)) &&
      (a->cipher = cipher_by_name(in, &bs)) > 0) {
    a->kind = AFALGC_K_CMAC, a->needkey = 1;
    a->digestsize = a->blocksize = bs;
    return afalgc_backend.has_cipher(a->cipher, AFALGC_M_CBC) ? 0 : -1;
  }
  return -1;
}

static int describe_skcipher(const char *s, struct afalgc_alg *a) {
  static const struct {
    const char *tmpl;
    int kind, mode;
  } modes[] = {{"ecb", AFALGC_K_ECB, AFALGC_M_ECB},
               {"cbc", AFALGC_K_CBC, AFALGC_M_CBC},
               {"ctr", AFALGC_K_CTR, AFALGC_M_CTR},
               {NULL, 0, 0}};
  char buf[NAME_MAX_LEN];
  const char *in;
  unsigned bs;
  int i, mode;

  a->needkey = 1;
  for (i = 0; modes[i].tmpl; i++) {
    if (!(in = unwrap(s, modes[i].tmpl, buf, sizeof buf)) ||
        (a->cipher = cipher_by_name(in, &bs)) < 0)
      continue;
    if (modes[i].kind == AFALGC_K_CTR && a->cipher == AFALGC_C_DES3)
      return -1;
    a->kind = modes[i].kind;
    a->blocksize = modes[i].kind == AFALGC_K_CTR ? 1 : bs;
    a->chunksize = bs;
    a->ivsize = modes[i].kind == AFALGC_K_ECB ? 0 : bs;
    return afalgc_backend.has_cipher(a->cipher, modes[i].mode) ? 0 : -1;
  }
  for (i = 0; sk_table[i].name; i++) {
    if (strcmp(s, sk_table[i].name) != 0)
      continue;
    a->kind = sk_table[i].kind, a->cipher = sk_table[i].cipher;
    a->ivsize = sk_table[i].ivsize, a->blocksize = sk_table[i].blocksize;
    a->chunksize = sk_table[i].chunksize;
    mode = a->kind == AFALGC_K_CHACHA20 ? AFALGC_M_STREAM
           : a->kind == AFALGC_K_XTS    ? AFALGC_M_ECB
           : a->kind == AFALGC_K_CTS    ? AFALGC_M_CBC
                                        : AFALGC_M_CTR;
    return afalgc_backend.has_cipher(a->cipher, mode) ? 0 : -1;
  }
  return -1;
}

static int describe_aead(const char *s, struct afalgc_alg *a) {
  int i, prim;
  for (i = 0; aead_table[i].name; i++) {
    if (strcmp(s, aead_table[i].name) != 0)
      continue;
    a->kind = aead_table[i].kind, a->cipher = aead_table[i].cipher;
    a->ivsize = aead_table[i].ivsize;
    a->blocksize = 1, a->chunksize = 1, a->maxauthsize = 16, a->needkey = 1;
    prim = (a->kind == AFALGC_K_GCM || a->kind == AFALGC_K_RFC4106)
               ? AFALGC_A_GCM
           : a->kind == AFALGC_K_CHACHAPOLY ? AFALGC_A_CHACHAPOLY
                                            : AFALGC_A_CCM;
    return afalgc_backend.has_aead(prim, a->cipher) ? 0 : -1;
  }
  return -1;
}

/* authenc(hmac(H),SK) and authencesn(...): the backend's HMAC and any
 * skcipher of the table except xts. */
static int describe_authenc(const char *s, struct afalgc_alg *a) {
  char buf[NAME_MAX_LEN], hb[NAME_MAX_LEN], *comma;
  const char *h;
  struct afalgc_alg enc;
  int esn = 1, depth = 0, md;

  if (!unwrap(s, "authencesn", buf, sizeof buf)) {
    esn = 0;
    if (!unwrap(s, "authenc", buf, sizeof buf))
      return -1;
  }
  for (comma = buf; *comma; comma++) {
    depth += *comma == '(' ? 1 : *comma == ')' ? -1 : 0;
    if (*comma == ',' && depth == 0)
      break;
  }
  if (!*comma)
    return -1;
  *comma = 0;
  if (!(h = unwrap(buf, "hmac", hb, sizeof hb)) || (md = md_by_name(h)) < 0 ||
      !afalgc_backend.has_hmac(md))
    return -1;
  memset(&enc, 0, sizeof enc);
  if (describe_skcipher(comma + 1, &enc) != 0 || enc.kind == AFALGC_K_XTS)
    return -1;
  a->kind = esn ? AFALGC_K_AUTHENCESN : AFALGC_K_AUTHENC;
  a->subkind = enc.kind, a->cipher = enc.cipher, a->md = md;
  a->ivsize = enc.ivsize, a->blocksize = enc.blocksize;
  a->chunksize = enc.chunksize, a->needkey = 1;
  a->digestsize = a->maxauthsize = md_table[md].size;
  return 0;
}

int afalgc_lookup(const char *type, const char *name, struct afalgc_alg *a) {
  char canon[NAME_MAX_LEN];
  int rc = -1;

  memset(a, 0, sizeof *a);
  if (!type || !name || afalgc_canonicalize(name, canon, sizeof canon) != 0)
    return -ENOENT;
  strcpy(a->name, canon);
  if (strcmp(type, "hash") == 0) {
    a->type = AFALGC_T_HASH;
    rc = describe_hash(canon, a);
  } else if (strcmp(type, "skcipher") == 0) {
    a->type = AFALGC_T_SKCIPHER;
    rc = describe_skcipher(canon, a);
  } else if (strcmp(type, "aead") == 0) {
    a->type = AFALGC_T_AEAD;
    rc = describe_aead(canon, a);
    if (rc != 0)
      rc = describe_authenc(canon, a);
  } else if (strcmp(type, "rng") == 0) {
    a->type = AFALGC_T_RNG, a->kind = AFALGC_K_RNG;
    /* Seeded DRNGs map onto the library CSPRNG; the X9.31 test RNG
     * (deterministic output from a seed) has no such equivalent. */
    rc = (strcmp(canon, "stdrng") == 0 || is_drbg(canon) ||
          strcmp(canon, "jitterentropy_rng") == 0) &&
                 afalgc_backend.rng
             ? 0
             : -1;
  }
  return rc == 0 ? 0 : -ENOENT;
}

int afalg_compat_supported(const char *type, const char *name) {
  struct afalgc_alg a;
  return afalgc_lookup(type, name, &a) == 0;
}

const char *afalg_compat_backend_name(void) { return afalgc_backend.name; }

/* ---- size rules ---------------------------------------------------------- */

static int cipher_key_ok(int cipher, size_t len) {
  switch (cipher) {
  case AFALGC_C_AES:
    return len == 16 || len == 24 || len == 32;
  case AFALGC_C_DES3:
    return len == 24;
  case AFALGC_C_SM4:
    return len == 16;
  case AFALGC_C_CHACHA20:
    return len == 32;
  }
  return 0;
}

/* crypto_authenc_extractkeys(): struct rtattr { u16 len = 8, type = 1 } in
 * host order, be32 enckeylen, then authkey || enckey. */
int afalgc_authenc_split(const uint8_t *key, size_t len, size_t *authlen,
                         size_t *enclen) {
  uint16_t rlen, rtype;
  uint32_t el;
  if (len < 8)
    return -EINVAL;
  memcpy(&rlen, key, 2);
  memcpy(&rtype, key + 2, 2);
  el = (uint32_t)key[4] << 24 | (uint32_t)key[5] << 16 | (uint32_t)key[6] << 8 |
       key[7];
  if (rlen != 8 || rtype != 1 || len - 8 < el)
    return -EINVAL;
  *enclen = el, *authlen = len - 8 - el;
  return 0;
}

int afalgc_check_key(const struct afalgc_alg *a, const uint8_t *key,
                     size_t len) {
  struct afalgc_alg inner;
  size_t authlen, enclen;
  int ok;
  switch (a->kind) {
  case AFALGC_K_AUTHENC:
  case AFALGC_K_AUTHENCESN: /* any HMAC key; the cipher key is checked */
    if (afalgc_authenc_split(key, len, &authlen, &enclen) != 0)
      return -EINVAL;
    inner = *a;
    inner.kind = a->subkind;
    return afalgc_check_key(&inner, key + 8 + authlen, enclen);
  case AFALGC_K_DIGEST:
    return -ENOSYS; /* unkeyed shash: the no-setkey stub */
  case AFALGC_K_CRC32:
  case AFALGC_K_CRC32C:
  case AFALGC_K_XXHASH64: /* the seed, exactly digest-sized */
    return len == a->digestsize ? 0 : -EINVAL;
  case AFALGC_K_HMAC:
  case AFALGC_K_RNG:
    return 0;
  case AFALGC_K_XTS:
    ok = len % 2 == 0 && cipher_key_ok(a->cipher, len / 2);
    break;
  case AFALGC_K_RFC3686:
  case AFALGC_K_RFC4106:
    ok = len >= 4 && cipher_key_ok(a->cipher, len - 4);
    break;
  case AFALGC_K_RFC4309:
    ok = len >= 3 && cipher_key_ok(a->cipher, len - 3);
    break;
  default:
    ok = cipher_key_ok(a->cipher, len);
  }
  return ok ? 0 : -EINVAL;
}

int afalgc_check_authsize(const struct afalgc_alg *a, unsigned n) {
  switch (a->kind) {
  case AFALGC_K_AUTHENC: /* crypto_aead_setauthsize: 1..digest size */
    return n >= 1 && n <= a->maxauthsize ? 0 : -EINVAL;
  case AFALGC_K_AUTHENCESN:
    return n >= 4 && n <= a->maxauthsize ? 0 : -EINVAL;
  case AFALGC_K_GCM:
    return (n == 4 || n == 8 || (n >= 12 && n <= 16)) ? 0 : -EINVAL;
  case AFALGC_K_CCM:
    return (n >= 4 && n <= 16 && n % 2 == 0) ? 0 : -EINVAL;
  case AFALGC_K_RFC4106:
  case AFALGC_K_RFC4309:
    return (n == 8 || n == 12 || n == 16) ? 0 : -EINVAL;
  case AFALGC_K_CHACHAPOLY:
    return n == 16 ? 0 : -EINVAL;
  }
  return -ENOPROTOOPT;
}
