/*
 * afalg_compat_internal.h - shared by the protocol core and the backends.
 *
 * The core owns every kernel rule (names, key/IV/tag sizes, buffer layouts,
 * IV chaining, errno values).  A backend only supplies primitives: hashes and
 * HMAC, block-cipher modes with an explicit IV, one-shot AEAD, and a CSPRNG.
 * Compositions the libraries disagree on or lack (XTS, CBC-CTS, CMAC,
 * RFC 3686, authenc/authencesn) and the kernel checksums are built in the
 * core, so every backend has the kernel's behaviour, e.g. XTS with equal key
 * halves or 48-byte keys.
 */
#ifndef AFALG_COMPAT_INTERNAL_H
#define AFALG_COMPAT_INTERNAL_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>

#if defined(__GNUC__)
#define AFALGC_HIDDEN __attribute__((visibility("hidden")))
#else
#define AFALGC_HIDDEN
#endif

enum afalgc_type {
  AFALGC_T_HASH = 1,
  AFALGC_T_SKCIPHER,
  AFALGC_T_AEAD,
  AFALGC_T_RNG
};

/* Message digests (also the inner hash of hmac(...)). */
enum afalgc_md {
  AFALGC_MD_MD4,
  AFALGC_MD_MD5,
  AFALGC_MD_SHA1,
  AFALGC_MD_SHA224,
  AFALGC_MD_SHA256,
  AFALGC_MD_SHA384,
  AFALGC_MD_SHA512,
  AFALGC_MD_SHA3_224,
  AFALGC_MD_SHA3_256,
  AFALGC_MD_SHA3_384,
  AFALGC_MD_SHA3_512,
  AFALGC_MD_SM3,
  AFALGC_MD_RMD160,
  AFALGC_MD_STREEBOG256,
  AFALGC_MD_STREEBOG512,
  AFALGC_MD_WP512,
  AFALGC_MD_COUNT
};

/* Block and stream ciphers. */
enum afalgc_cipher {
  AFALGC_C_AES = 1,
  AFALGC_C_DES3,
  AFALGC_C_SM4,
  AFALGC_C_CHACHA20
};

/* Library-level modes a backend implements (IV passed on every call). */
enum afalgc_mode {
  AFALGC_M_ECB = 1,
  AFALGC_M_CBC,
  AFALGC_M_CTR,   /* full-block big-endian counter */
  AFALGC_M_STREAM /* chacha20: 16-byte IV = le32 counter || 96-bit nonce */
};

/* Kernel-level constructions (what the name asks for). */
enum afalgc_kind {
  /* hash */
  AFALGC_K_DIGEST = 1,
  AFALGC_K_HMAC,
  AFALGC_K_CMAC,
  AFALGC_K_CRC32,
  AFALGC_K_CRC32C,
  AFALGC_K_XXHASH64,
  /* skcipher */
  AFALGC_K_ECB,
  AFALGC_K_CBC,
  AFALGC_K_CTR,
  AFALGC_K_XTS,
  AFALGC_K_CTS,
  AFALGC_K_RFC3686,
  AFALGC_K_CHACHA20,
  /* aead */
  AFALGC_K_GCM,
  AFALGC_K_CCM,
  AFALGC_K_RFC4106,
  AFALGC_K_RFC4309,
  AFALGC_K_CHACHAPOLY,
  AFALGC_K_AUTHENC,
  AFALGC_K_AUTHENCESN,
  /* rng */
  AFALGC_K_RNG
};

/* AEAD primitive a backend implements (nonce already derived). */
enum afalgc_aead { AFALGC_A_GCM = 1, AFALGC_A_CCM, AFALGC_A_CHACHAPOLY };

/* A bound algorithm: everything the protocol needs to know about it. */
struct afalgc_alg {
  int type;             /* enum afalgc_type */
  int kind;             /* enum afalgc_kind */
  int md;               /* digest / hmac inner hash */
  int cipher;           /* enum afalgc_cipher */
  unsigned digestsize;  /* hash output */
  unsigned blocksize;   /* cipher block (1 for stream ciphers) */
  unsigned chunksize;   /* kernel chunk for partial processing */
  unsigned ivsize;      /* kernel IV size (ALG_SET_IV) */
  unsigned maxauthsize; /* default authsize for AEAD */
  int subkind;          /* authenc*: kind of the inner skcipher */
  unsigned optkey;      /* checksum seeds: a key is optional */
  unsigned needkey;     /* accept() gives a nokey socket without key */
  char name[128];       /* canonical cra_name */
};

/* Backend primitives.  All return 0 or a negative errno. */
struct afalgc_backend {
  const char *name;
  /* Availability of a primitive combination (called at bind time). */
  int (*has_md)(int md);
  int (*has_hmac)(int md);
  int (*has_cipher)(int cipher, int mode);
  int (*has_aead)(int aead, int cipher);

  /* Digest or HMAC (key != NULL selects HMAC). NULL on failure. */
  void *(*hash_new)(int md, const uint8_t *key, size_t keylen);
  int (*hash_update)(void *h, const void *data, size_t len);
  int (*hash_final)(void *h, uint8_t *out); /* h is freed afterwards */
  void *(*hash_dup)(const void *h);
  void (*hash_free)(void *h);

  /* Keyed cipher context. crypt() is stateless: IV in, no IV out. */
  void *(*cipher_new)(int cipher, int mode, const uint8_t *key, size_t keylen);
  int (*cipher_crypt)(void *c, int enc, const uint8_t *iv, const uint8_t *in,
                      uint8_t *out, size_t len);
  void (*cipher_free)(void *c);

  /*
   * One-shot AEAD.  Encrypt: out = E(in), tag filled.  Decrypt: out = D(in)
   * if tag verifies, else -EBADMSG.  out never aliases in.
   */
  int (*aead_crypt)(int aead, int cipher, const uint8_t *key, size_t keylen,
                    int enc, const uint8_t *nonce, size_t noncelen,
                    const uint8_t *aad, size_t aadlen, const uint8_t *in,
                    size_t len, uint8_t *out, uint8_t *tag, size_t taglen);

  int (*rng)(uint8_t *out, size_t len);
};

/* Provided by exactly one backend file. */
extern const struct afalgc_backend afalgc_backend AFALGC_HIDDEN;

/* ---- afalg_compat_names.c, afalg_compat_algs.c -------------------------- */

#define AFALGC_NAME_MAX 128 /* CRYPTO_MAX_ALG_NAME */

/* Kernel name -> canonical cra_name ("cbc-aes-aesni" -> "cbc(aes)"). */
AFALGC_HIDDEN int afalgc_canonicalize(const char *name, char *out, size_t cap);

AFALGC_HIDDEN int afalgc_lookup(const char *type, const char *name,
                                struct afalgc_alg *out);
AFALGC_HIDDEN int afalgc_check_key(const struct afalgc_alg *a,
                                   const uint8_t *key, size_t keylen);
AFALGC_HIDDEN int afalgc_check_authsize(const struct afalgc_alg *a,
                                        unsigned authsize);
/* authenc key blob: rtattr header, be32 enckeylen, authkey, enckey. */
AFALGC_HIDDEN int afalgc_authenc_split(const uint8_t *key, size_t len,
                                       size_t *authlen, size_t *enclen);

/* ---- descriptor objects (afalg_compat_core.c, afalg_compat_io.c) --------- */

/* Transform state shared by the tfm descriptor and its operation sockets. */
struct afalgc_tfm {
  pthread_mutex_t mu;
  unsigned refs, nops, nokey_ops;
  int bound, haskey;
  struct afalgc_alg alg;
  uint8_t *key;
  size_t keylen;
  unsigned keygen, authsize;
};

/* What a descriptor refers to; dup()ed descriptors share one object. */
struct afalgc_op;
struct afalgc_obj {
  pthread_mutex_t mu; /* serializes I/O on one operation socket */
  unsigned refs;      /* table entries + calls in progress (table lock) */
  int nokey;          /* accepted before a key was set (tfm->mu) */
  struct afalgc_tfm *tfm;
  struct afalgc_op *op; /* NULL for the tfm descriptor */
};

/* Key material and sizes copied from the tfm for one call. */
struct afalgc_keyinfo {
  const struct afalgc_alg *alg;
  const uint8_t *key;
  size_t keylen;
  unsigned keygen; /* changes whenever the key changes */
  unsigned authsize;
  uint8_t *owned;
};

AFALGC_HIDDEN struct afalgc_obj *afalgc_obj_lookup(int fd);
AFALGC_HIDDEN void afalgc_obj_release(struct afalgc_obj *o);
AFALGC_HIDDEN int afalgc_obj_check_key(struct afalgc_obj *o);
AFALGC_HIDDEN int afalgc_keyinfo_take(struct afalgc_obj *o,
                                      struct afalgc_keyinfo *k);
AFALGC_HIDDEN void afalgc_keyinfo_drop(struct afalgc_keyinfo *k);

/* ---- operation sockets (afalg_compat_proto.c and the type files) --------- */

/* Gathered input: a list of buffers. */
struct afalgc_iov {
  const struct iovec *iov;
  size_t cnt;
  size_t total;
};

/* State of one operation socket (the kernel's hash_ctx / af_alg_ctx). */
struct afalgc_hobj;
struct afalgc_op {
  const struct afalgc_alg *alg;
  /* hash */
  struct afalgc_hobj *h;
  int has_result;
  uint8_t result[64];
  /* skcipher / aead */
  uint8_t *q; /* TX queue: bytes q[qoff..qlen) are pending */
  size_t qoff, qlen, qcap;
  int init, more, enc;
  uint8_t iv[32];
  uint32_t assoclen;
  uint64_t stream_blocks; /* blocks done in the current chacha/rfc3686 op */
  void *c1, *c2;          /* keyed backend contexts */
  unsigned keygen;        /* key generation c1/c2 were made for */
  uint8_t nonce[4];       /* rfc3686 nonce from the key */
};

AFALGC_HIDDEN struct afalgc_op *afalgc_op_new(const struct afalgc_alg *a);
AFALGC_HIDDEN void afalgc_op_free(struct afalgc_op *op);
AFALGC_HIDDEN ssize_t afalgc_op_send(struct afalgc_op *op,
                                     const struct afalgc_keyinfo *k,
                                     const struct afalgc_iov *data,
                                     const void *ctrl, size_t ctrllen,
                                     int flags);
/* Produces at most `cap` bytes into out; *trunc set for hash truncation. */
AFALGC_HIDDEN ssize_t afalgc_op_recv(struct afalgc_op *op,
                                     const struct afalgc_keyinfo *k,
                                     uint8_t *out, size_t cap, int *trunc);
/* Upper bound of what the next recv can produce (sizes the bounce buffer). */
AFALGC_HIDDEN size_t afalgc_op_pending(const struct afalgc_op *op,
                                       const struct afalgc_keyinfo *k);
/* Consume n queued bytes; a drained queue re-arms like af_alg_pull_tsgl. */
AFALGC_HIDDEN void afalgc_pull(struct afalgc_op *op, size_t n);
AFALGC_HIDDEN void afalgc_wipe(void *p, size_t n);

/* afalg_compat_hash.c */
AFALGC_HIDDEN ssize_t afalgc_hash_send(struct afalgc_op *op,
                                       const struct afalgc_keyinfo *k,
                                       const struct afalgc_iov *d, int flags);
AFALGC_HIDDEN ssize_t afalgc_hash_recv(struct afalgc_op *op,
                                       const struct afalgc_keyinfo *k,
                                       uint8_t *out, size_t cap, int *trunc);
/* accept(2) on a hash op socket: a copy of an open stream, else fresh. */
AFALGC_HIDDEN struct afalgc_op *afalgc_op_clone(const struct afalgc_op *src,
                                                const struct afalgc_keyinfo *k,
                                                int *err);
AFALGC_HIDDEN void afalgc_hash_free(struct afalgc_hobj *h);

/* afalg_compat_cksum.c: crc32, crc32c, xxhash64 */
struct afalgc_cksum {
  int kind;
  uint32_t crc;
  uint64_t v[4], seed, total;
  uint8_t mem[32];
  unsigned memsize;
};
AFALGC_HIDDEN void afalgc_cksum_init(struct afalgc_cksum *c, int kind,
                                     const uint8_t *key, size_t keylen);
AFALGC_HIDDEN void afalgc_cksum_update(struct afalgc_cksum *c, const uint8_t *p,
                                       size_t n);
AFALGC_HIDDEN void afalgc_cksum_final(struct afalgc_cksum *c, uint8_t *out);

/* afalg_compat_cipher.c */
AFALGC_HIDDEN ssize_t afalgc_sk_recv(struct afalgc_op *op,
                                     const struct afalgc_keyinfo *k,
                                     uint8_t *out, size_t cap);
AFALGC_HIDDEN ssize_t afalgc_aead_recv(struct afalgc_op *op,
                                       const struct afalgc_keyinfo *k,
                                       uint8_t *out, size_t cap);
AFALGC_HIDDEN void afalgc_cipher_release(struct afalgc_op *op);

#endif /* AFALG_COMPAT_INTERNAL_H */
