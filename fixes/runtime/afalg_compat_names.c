/*
 * afalg_compat_names.c - kernel algorithm names: the cryptomgr grammar and
 * the canonicalization of driver names (AFALG.md 2.2), e.g.
 * "cts-cbc-aes-aesni" -> "cts(cbc(aes))", "hmac(sha256-ni)" -> "hmac(sha256)".
 */
#include "afalg_compat_internal.h"

#include <string.h>

#define NAME_MAX_LEN AFALGC_NAME_MAX
#define MAX_NODES 64
#define MAX_ARGS 32

/* ---- parse tree ---------------------------------------------------------- */

struct node {
  char id[NAME_MAX_LEN];
  int nargs;
  int args[MAX_ARGS];
};

struct parser {
  const char *s;
  size_t pos;
  struct node nodes[MAX_NODES];
  int used;
};

static int is_ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/* name := ident [ "(" name { "," name } ")" ]; returns node index or -1. */
static int parse_name(struct parser *p) {
  struct node *n;
  size_t start = p->pos, len;
  int idx;

  while (is_ident_char(p->s[p->pos]))
    p->pos++;
  len = p->pos - start;
  if (len == 0 || len >= NAME_MAX_LEN || p->used >= MAX_NODES)
    return -1;
  idx = p->used++;
  n = &p->nodes[idx];
  memcpy(n->id, p->s + start, len);
  n->id[len] = 0;
  n->nargs = 0;
  if (p->s[p->pos] != '(')
    return idx;
  p->pos++;
  for (;;) {
    int child = parse_name(p);
    if (child < 0 || n->nargs >= MAX_ARGS)
      return -1;
    p->nodes[idx].args[p->nodes[idx].nargs++] = child;
    if (p->s[p->pos] == ',') {
      p->pos++;
      continue;
    }
    if (p->s[p->pos] != ')')
      return -1;
    p->pos++;
    return idx;
  }
}

/* ---- canonicalization (AFALG.md 2.2) ------------------------------------- */

static const char *const leaves[] = {"md4",         "md5",
                                     "sha1",        "sha224",
                                     "sha256",      "sha384",
                                     "sha512",      "sha3-224",
                                     "sha3-256",    "sha3-384",
                                     "sha3-512",    "sm3",
                                     "rmd160",      "wp256",
                                     "wp384",       "wp512",
                                     "streebog256", "streebog512",
                                     "blake2b-160", "blake2b-256",
                                     "blake2b-384", "blake2b-512",
                                     "crc32",       "crc32c",
                                     "crct10dif",   "xxhash64",
                                     "ghash",       "polyval",
                                     "poly1305",    "michael_mic",
                                     "digest_null", "aes",
                                     "sm4",         "des",
                                     "des3_ede",    "camellia",
                                     "serpent",     "twofish",
                                     "cast5",       "cast6",
                                     "blowfish",    "aria",
                                     "arc4",        "cipher_null",
                                     "chacha20",    "xchacha20",
                                     "xchacha12",   "aegis128",
                                     "stdrng",      "jitterentropy_rng",
                                     "ansi_cprng",  NULL};

static const char *const impl_suffixes[] = {
    "generic", "lib",     "asm",  "ni",     "avx", "avx2",  "ssse3",
    "aesni",   "ce",      "neon", "neonbs", "arm", "arm64", "intel",
    "pclmul",  "clmulni", "simd", "x86_64", NULL};

/* Modes that appear flattened in driver names: <mode>-<inner>-<impl>. */
static const char *const flat_modes[] = {
    "ecb",  "cbc",  "ctr",     "xts",     "cts",     "xctr",
    "gcm",  "ccm",  "rfc4106", "rfc4309", "rfc3686", "hmac",
    "cmac", "xcbc", "lrw",     "pcbc",    NULL};

static const struct {
  const char *driver, *name;
} driver_exceptions[] = {{"generic-gcm-aesni", "gcm(aes)"}, {NULL, NULL}};

static const char *const templates[] = {
    "ecb",        "cbc",      "ctr",        "xts",     "cts",     "lrw",
    "pcbc",       "xctr",     "hctr2",      "rfc3686", "essiv",   "adiantum",
    "hmac",       "cmac",     "xcbc",       "cbcmac",  "gcm",     "ccm",
    "gcm_base",   "ccm_base", "rfc4106",    "rfc4543", "rfc4309", "rfc7539",
    "rfc7539esp", "authenc",  "authencesn", NULL};

static int in_list(const char *const *list, const char *s) {
  for (; *list; list++)
    if (strcmp(*list, s) == 0)
      return 1;
  return 0;
}

static int is_drbg(const char *s) {
  return strncmp(s, "drbg_nopr_", 10) == 0 || strncmp(s, "drbg_pr_", 8) == 0;
}

/* Canonical form of one identifier (possibly a flattened driver name). */
static int canon_flat(const char *s, char *out, size_t cap, int depth) {
  size_t n = strlen(s), i;
  char buf[NAME_MAX_LEN];

  if (depth > 8 || n == 0 || n >= NAME_MAX_LEN || s[0] == '_')
    return -1;
  if (in_list(leaves, s) || is_drbg(s)) {
    if (n >= cap)
      return -1;
    memcpy(out, s, n + 1);
    return 0;
  }
  for (i = 0; driver_exceptions[i].driver; i++)
    if (strcmp(s, driver_exceptions[i].driver) == 0) {
      if (strlen(driver_exceptions[i].name) >= cap)
        return -1;
      strcpy(out, driver_exceptions[i].name);
      return 0;
    }
  /* <cra>-<impl>: strip one known implementation suffix. */
  for (i = 0; impl_suffixes[i]; i++) {
    size_t sl = strlen(impl_suffixes[i]);
    if (n > sl + 1 && s[n - sl - 1] == '-' &&
        strcmp(s + n - sl, impl_suffixes[i]) == 0) {
      memcpy(buf, s, n - sl - 1);
      buf[n - sl - 1] = 0;
      if (canon_flat(buf, out, cap, depth + 1) == 0)
        return 0;
    }
  }
  /* <mode>-<inner>[-<impl>...]: longest inner prefix that resolves. */
  for (i = 0; flat_modes[i]; i++) {
    size_t ml = strlen(flat_modes[i]), end;
    const char *rest;
    char inner[NAME_MAX_LEN];
    if (strncmp(s, flat_modes[i], ml) != 0 || s[ml] != '-')
      continue;
    rest = s + ml + 1;
    for (end = strlen(rest); end > 0; end--) {
      if (rest[end] != 0 && rest[end] != '-')
        continue;
      memcpy(buf, rest, end);
      buf[end] = 0;
      if (canon_flat(buf, inner, sizeof inner, depth + 1) == 0)
        break;
    }
    if (end == 0) {
      /* "gcm-aesni": the implementation names the cipher. */
      if (strncmp(rest, "aes", 3) != 0)
        continue;
      strcpy(inner, "aes");
    }
    if (ml + strlen(inner) + 3 > cap)
      return -1;
    strcpy(out, flat_modes[i]);
    strcat(out, "(");
    strcat(out, inner);
    strcat(out, ")");
    return 0;
  }
  return -1;
}

static int canon_node(const struct parser *p, int idx, char *out, size_t cap) {
  const struct node *n = &p->nodes[idx];
  size_t len;
  int i;

  if (n->nargs == 0)
    return canon_flat(n->id, out, cap, 0);
  /* Async/parallel wrappers do not change the algorithm. */
  if ((strcmp(n->id, "cryptd") == 0 || strcmp(n->id, "pcrypt") == 0) &&
      n->nargs == 1)
    return canon_node(p, n->args[0], out, cap);
  if (!in_list(templates, n->id))
    return -1;
  len = strlen(n->id);
  if (len + 2 > cap)
    return -1;
  memcpy(out, n->id, len);
  out[len++] = '(';
  for (i = 0; i < n->nargs; i++) {
    if (i > 0) {
      if (len + 1 >= cap)
        return -1;
      out[len++] = ',';
    }
    if (canon_node(p, n->args[i], out + len, cap - len) != 0)
      return -1;
    len += strlen(out + len);
  }
  if (len + 2 > cap)
    return -1;
  out[len++] = ')';
  out[len] = 0;
  return 0;
}

int afalgc_canonicalize(const char *name, char *out, size_t cap) {
  static struct parser zero;
  struct parser p = zero;
  int root;

  p.s = name;
  root = parse_name(&p);
  if (root < 0 || name[p.pos] != 0)
    return -1;
  return canon_node(&p, root, out, cap);
}
