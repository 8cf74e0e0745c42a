/*
 * afalg_compat_cksum.c - the kernel's non-cryptographic "hash" algorithms,
 * which no crypto library provides in the kernel's form (AFALG.md 2.4):
 *   crc32    raw crc32_le, optional 4-byte little-endian seed (default 0),
 *            no inversion; digest little-endian
 *   crc32c   Castagnoli CRC, optional seed (default ~0), final inversion;
 *            digest little-endian
 *   xxhash64 XXH64 with an optional 8-byte little-endian seed; digest
 *            little-endian
 */
#include "afalg_compat_internal.h"

#include <pthread.h>
#include <string.h>

static uint32_t crc_table[2][256]; /* [0] crc32 0xEDB88320, [1] crc32c */
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void make_tables(void) {
  static const uint32_t poly[2] = {0xEDB88320u, 0x82F63B78u};
  unsigned t, i, b;
  for (t = 0; t < 2; t++)
    for (i = 0; i < 256; i++) {
      uint32_t c = i;
      for (b = 0; b < 8; b++)
        c = c & 1 ? (c >> 1) ^ poly[t] : c >> 1;
      crc_table[t][i] = c;
    }
}

static uint32_t le32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p) {
  return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

#define P1 0x9E3779B185EBCA87u
#define P2 0xC2B2AE3D27D4EB4Fu
#define P3 0x165667B19E3779F9u
#define P4 0x85EBCA77C2B2AE63u
#define P5 0x27D4EB2F165667C5u

static uint64_t rotl(uint64_t x, unsigned r) { return x << r | x >> (64 - r); }

static uint64_t xxh_round(uint64_t acc, uint64_t in) {
  return rotl(acc + in * P2, 31) * P1;
}

static uint64_t xxh_merge(uint64_t h, uint64_t v) {
  return (h ^ xxh_round(0, v)) * P1 + P4;
}

void afalgc_cksum_init(struct afalgc_cksum *c, int kind, const uint8_t *key,
                       size_t keylen) {
  pthread_once(&tables_once, make_tables);
  memset(c, 0, sizeof *c);
  c->kind = kind;
  if (kind == AFALGC_K_XXHASH64) {
    uint64_t seed = key && keylen == 8 ? le64(key) : 0;
    c->v[0] = seed + P1 + P2, c->v[1] = seed + P2;
    c->v[2] = seed, c->v[3] = seed - P1, c->seed = seed;
  } else {
    c->crc = key && keylen == 4        ? le32(key)
             : kind == AFALGC_K_CRC32C ? 0xFFFFFFFFu
                                       : 0;
  }
}

void afalgc_cksum_update(struct afalgc_cksum *c, const uint8_t *p, size_t n) {
  if (c->kind != AFALGC_K_XXHASH64) {
    const uint32_t *t = crc_table[c->kind == AFALGC_K_CRC32C];
    uint32_t crc = c->crc;
    while (n--)
      crc = t[(crc ^ *p++) & 0xff] ^ crc >> 8;
    c->crc = crc;
    return;
  }
  c->total += n;
  while (n) {
    size_t t = 32 - c->memsize < n ? 32 - c->memsize : n;
    memcpy(c->mem + c->memsize, p, t);
    c->memsize += (unsigned)t, p += t, n -= t;
    if (c->memsize == 32) {
      unsigned i;
      for (i = 0; i < 4; i++)
        c->v[i] = xxh_round(c->v[i], le64(c->mem + 8 * i));
      c->memsize = 0;
    }
  }
}

void afalgc_cksum_final(struct afalgc_cksum *c, uint8_t *out) {
  uint64_t h;
  const uint8_t *p = c->mem, *end = c->mem + c->memsize;
  unsigned i;

  if (c->kind != AFALGC_K_XXHASH64) {
    uint32_t v = c->kind == AFALGC_K_CRC32C ? ~c->crc : c->crc;
    for (i = 0; i < 4; i++)
      out[i] = (uint8_t)(v >> (8 * i));
    return;
  }
  if (c->total >= 32) {
    h = rotl(c->v[0], 1) + rotl(c->v[1], 7) + rotl(c->v[2], 12) +
        rotl(c->v[3], 18);
    for (i = 0; i < 4; i++)
      h = xxh_merge(h, c->v[i]);
  } else {
    h = c->seed + P5;
  }
  h += c->total;
  for (; p + 8 <= end; p += 8)
    h = rotl(h ^ xxh_round(0, le64(p)), 27) * P1 + P4;
  if (p + 4 <= end) {
    h = rotl(h ^ (uint64_t)le32(p) * P1, 23) * P2 + P3;
    p += 4;
  }
  for (; p < end; p++)
    h = rotl(h ^ *p * P5, 11) * P1;
  h ^= h >> 33, h *= P2, h ^= h >> 29, h *= P3, h ^= h >> 32;
  for (i = 0; i < 8; i++)
    out[i] = (uint8_t)(h >> (8 * i));
}
