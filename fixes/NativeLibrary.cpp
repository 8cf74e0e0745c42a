#include "NativeLibrary.h"
#include "Support.h"
#include "llvm/ADT/StringExtras.h"

namespace afalg {

namespace {

struct DigestNames {
  const char *Kernel;
  const char *OpenSsl; ///< EVP_MD_fetch name
  const char *Gcrypt;  ///< GCRY_MD_* constant
  const char *Nettle;  ///< nettle_hash instance
};

// Only digests every target library has, so a native rewrite never depends
// on the library's version or provider configuration.
const DigestNames Digests[] = {
    {"md5", "MD5", "GCRY_MD_MD5", "nettle_md5"},
    {"sha1", "SHA1", "GCRY_MD_SHA1", "nettle_sha1"},
    {"sha224", "SHA2-224", "GCRY_MD_SHA224", "nettle_sha224"},
    {"sha256", "SHA2-256", "GCRY_MD_SHA256", "nettle_sha256"},
    {"sha384", "SHA2-384", "GCRY_MD_SHA384", "nettle_sha384"},
    {"sha512", "SHA2-512", "GCRY_MD_SHA512", "nettle_sha512"},
    {"sha3-224", "SHA3-224", "GCRY_MD_SHA3_224", "nettle_sha3_224"},
    {"sha3-256", "SHA3-256", "GCRY_MD_SHA3_256", "nettle_sha3_256"},
    {"sha3-384", "SHA3-384", "GCRY_MD_SHA3_384", "nettle_sha3_384"},
    {"sha3-512", "SHA3-512", "GCRY_MD_SHA3_512", "nettle_sha3_512"},
};

const DigestNames *findDigest(llvm::StringRef Kernel) {
  for (const DigestNames &D : Digests)
    if (Kernel == D.Kernel)
      return &D;
  return nullptr;
}

} // namespace

std::optional<NativeAlgorithm>
nativeAlgorithm(llvm::StringRef Lib, const Algorithm &A, std::string &Why) {
  if (!A.Type.empty() && A.Type != "hash") {
    Why = "native rewriting covers hashes and HMACs; a " + A.Type +
          " session needs the compat runtime";
    return std::nullopt;
  }
  std::string Name = canonicalAlgorithmName(A.Name);
  NativeAlgorithm N;
  llvm::StringRef Inner = Name;
  if (Inner.consume_front("hmac(") && Inner.consume_back(")")) {
    N.Hmac = true;
    N.Digest = Inner.str();
  } else {
    N.Digest = Name;
  }
  if (!findDigest(N.Digest)) {
    Why = "no native " + Lib.str() + " rewrite for '" + A.Name + "'";
    return std::nullopt;
  }
  return N;
}

std::string NativeLibrary::tfmType() const {
  if (Lib == "openssl")
    return Alg.Hmac ? "EVP_MAC_CTX *" : "EVP_MD *";
  if (Lib == "gcrypt")
    return "gcry_md_hd_t ";
  return "struct afalg_native_nettle *";
}

std::string NativeLibrary::opType() const {
  if (Lib == "openssl")
    return Alg.Hmac ? "EVP_MAC_CTX *" : "EVP_MD_CTX *";
  return tfmType();
}

std::string NativeLibrary::open() const {
  const DigestNames *D = findDigest(Alg.Digest);
  if (Lib == "openssl")
    return Alg.Hmac
               ? std::string("afalg_native_hmac_new(\"") + D->OpenSsl + "\")"
               : std::string("EVP_MD_fetch(NULL, \"") + D->OpenSsl +
                     "\", NULL)";
  if (Lib == "gcrypt")
    return std::string("afalg_native_gcry_open(") + D->Gcrypt + ", " +
           (Alg.Hmac ? "GCRY_MD_FLAG_HMAC" : "0") + ")";
  return std::string("afalg_native_nettle_open(&") + D->Nettle + ", " +
         (Alg.Hmac ? "1" : "0") + ")";
}

std::string NativeLibrary::setKey(llvm::StringRef T, llvm::StringRef Key,
                                  llvm::StringRef Len, bool Used) const {
  std::string K = Key.str(), L = Len.str(), V = T.str();
  if (Lib == "openssl") {
    std::string Call = "EVP_MAC_init(" + V + ", (const unsigned char *)(" + K +
                       "), (size_t)(" + L + "), NULL)";
    return Used ? "(" + Call + " ? 0 : -1)" : Call;
  }
  if (Lib == "gcrypt") {
    std::string Call = "gcry_md_setkey(" + V + ", " + K + ", " + L + ")";
    return Used ? "(" + Call + " ? -1 : 0)" : Call;
  }
  return "afalg_native_nettle_setkey(" + V + ", " + K + ", " + L + ")";
}

std::string NativeLibrary::accept(llvm::StringRef T) const {
  if (Lib == "openssl")
    return Alg.Hmac ? "EVP_MAC_CTX_dup(" + T.str() + ")"
                    : "afalg_native_md_accept(" + T.str() + ")";
  if (Lib == "gcrypt")
    return "afalg_native_gcry_accept(" + T.str() + ")";
  return "afalg_native_nettle_accept(" + T.str() + ")";
}

std::string NativeLibrary::update(llvm::StringRef O, llvm::StringRef Buf,
                                  llvm::StringRef Len, bool Used) const {
  std::string V = O.str(), B = Buf.str(), L = Len.str();
  if (Lib == "nettle") // returns what write() did
    return "afalg_native_nettle_update(" + V + ", " + B + ", " + L + ")";
  std::string Call;
  if (Lib == "openssl")
    Call = Alg.Hmac ? "EVP_MAC_update(" + V + ", (const unsigned char *)(" + B +
                          "), " + L + ")"
                    : "EVP_DigestUpdate(" + V + ", " + B + ", " + L + ")";
  else
    Call = "gcry_md_write(" + V + ", " + B + ", " + L + ")";
  if (!Used)
    return Call;
  // What write()/send() returned: the bytes taken, or -1.
  if (Lib == "gcrypt")
    return "(" + Call + ", (ssize_t)(" + L + "))";
  return "(" + Call + " ? (ssize_t)(" + L + ") : -1)";
}

std::string NativeLibrary::final(llvm::StringRef O, llvm::StringRef Buf,
                                 llvm::StringRef N) const {
  std::string Fn = Lib == "openssl"  ? (Alg.Hmac ? "afalg_native_hmac_final"
                                                 : "afalg_native_md_final")
                   : Lib == "gcrypt" ? "afalg_native_gcry_final"
                                     : "afalg_native_nettle_final";
  return Fn + "(" + O.str() + ", " + Buf.str() + ", " + N.str() + ")";
}

std::string NativeLibrary::close(llvm::StringRef V, bool IsTfm,
                                 bool Used) const {
  std::string Fn;
  if (Lib == "openssl")
    Fn = Alg.Hmac ? "EVP_MAC_CTX_free"
         : IsTfm  ? "EVP_MD_free"
                  : "EVP_MD_CTX_free";
  else if (Lib == "gcrypt")
    Fn = "gcry_md_close";
  else
    Fn = "afalg_native_nettle_free";
  std::string Call = Fn + "(" + V.str() + ")";
  return Used ? "(" + Call + ", 0)" : Call;
}

llvm::StringRef NativeLibrary::preludeMarker() {
  return "/* afalg-scan native rewrite helpers */";
}

std::string NativeLibrary::prelude(llvm::StringRef Lib) {
  std::string Head = preludeMarker().str() + "\n" +
                     "/* The kernel's hash socket protocol on " + Lib.str() +
                     ": read() returns the digest, cut to the\n"
                     " * buffer's size, and starts the next message. */\n";
  if (Lib == "openssl")
    return Head + R"(#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <string.h>
#include <sys/types.h>

static inline EVP_MD_CTX *afalg_native_md_accept(const EVP_MD *md) {
  EVP_MD_CTX *c = md ? EVP_MD_CTX_new() : NULL;
  if (c && !EVP_DigestInit_ex(c, md, NULL)) {
    EVP_MD_CTX_free(c);
    c = NULL;
  }
  return c;
}

static inline ssize_t afalg_native_md_final(EVP_MD_CTX *c, void *out,
                                            size_t n) {
  unsigned char d[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!EVP_DigestFinal_ex(c, d, &len) || !EVP_DigestInit_ex(c, NULL, NULL))
    return -1;
  if (n > len)
    n = len;
  memcpy(out, d, n);
  return (ssize_t)n;
}

static inline EVP_MAC_CTX *afalg_native_hmac_new(const char *digest) {
  EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
  EVP_MAC_CTX *c = mac ? EVP_MAC_CTX_new(mac) : NULL;
  OSSL_PARAM p[2];
  p[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
                                          (char *)digest, 0);
  p[1] = OSSL_PARAM_construct_end();
  EVP_MAC_free(mac);
  if (c && !EVP_MAC_CTX_set_params(c, p)) {
    EVP_MAC_CTX_free(c);
    c = NULL;
  }
  return c;
}

static inline ssize_t afalg_native_hmac_final(EVP_MAC_CTX *c, void *out,
                                              size_t n) {
  unsigned char d[EVP_MAX_MD_SIZE];
  size_t len = 0;
  if (!EVP_MAC_final(c, d, &len, sizeof(d)) || !EVP_MAC_init(c, NULL, 0, NULL))
    return -1;
  if (n > len)
    n = len;
  memcpy(out, d, n);
  return (ssize_t)n;
}

)";
  if (Lib == "gcrypt")
    return Head + R"(#include <gcrypt.h>
#include <string.h>
#include <sys/types.h>

static inline gcry_md_hd_t afalg_native_gcry_open(int algo,
                                                  unsigned int flags) {
  gcry_md_hd_t h = NULL;
  if (!gcry_control(GCRYCTL_INITIALIZATION_FINISHED_P)) {
    gcry_check_version(NULL);
    gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
  }
  return gcry_md_open(&h, algo, flags) ? NULL : h;
}

static inline gcry_md_hd_t afalg_native_gcry_accept(gcry_md_hd_t t) {
  gcry_md_hd_t h = NULL;
  return t && !gcry_md_copy(&h, t) ? h : NULL;
}

static inline ssize_t afalg_native_gcry_final(gcry_md_hd_t h, void *out,
                                              size_t n) {
  int algo = gcry_md_get_algo(h);
  size_t len = gcry_md_get_algo_dlen(algo);
  const unsigned char *d = gcry_md_read(h, algo);
  if (!d)
    return -1;
  if (n > len)
    n = len;
  memcpy(out, d, n);
  gcry_md_reset(h);
  return (ssize_t)n;
}

)";
  return Head + R"(#include <nettle/hmac.h>
#include <nettle/nettle-meta.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

struct afalg_native_nettle {
  const struct nettle_hash *hash;
  int hmac;
  unsigned char *state, *inner, *outer; /* HMAC keeps all three */
};

static inline struct afalg_native_nettle *
afalg_native_nettle_open(const struct nettle_hash *hash, int hmac) {
  struct afalg_native_nettle *m =
      (struct afalg_native_nettle *)calloc(1, sizeof(*m));
  if (!m)
    return NULL;
  m->state = (unsigned char *)calloc(3, hash->context_size);
  if (!m->state) {
    free(m);
    return NULL;
  }
  m->inner = m->state + hash->context_size;
  m->outer = m->inner + hash->context_size;
  m->hash = hash;
  m->hmac = hmac;
  hash->init(m->state);
  return m;
}

static inline int afalg_native_nettle_setkey(struct afalg_native_nettle *m,
                                             const void *key, size_t len) {
  hmac_set_key(m->outer, m->inner, m->state, m->hash, len,
               (const uint8_t *)key);
  return 0;
}

static inline struct afalg_native_nettle *
afalg_native_nettle_accept(struct afalg_native_nettle *t) {
  struct afalg_native_nettle *m =
      t ? afalg_native_nettle_open(t->hash, t->hmac) : NULL;
  if (m)
    memcpy(m->state, t->state, 3 * t->hash->context_size);
  return m;
}

static inline ssize_t afalg_native_nettle_update(struct afalg_native_nettle *m,
                                                 const void *buf, size_t len) {
  if (m->hmac)
    hmac_update(m->state, m->hash, len, (const uint8_t *)buf);
  else
    m->hash->update(m->state, len, (const uint8_t *)buf);
  return (ssize_t)len;
}

static inline ssize_t afalg_native_nettle_final(struct afalg_native_nettle *m,
                                                void *out, size_t n) {
  uint8_t d[64]; /* SHA512_DIGEST_SIZE, the largest digest in the table */
  size_t len = m->hash->digest_size;
  if (m->hmac)
    hmac_digest(m->outer, m->inner, m->state, m->hash, len, d);
  else
    m->hash->digest(m->state, len, d);
  if (n > len)
    n = len;
  memcpy(out, d, n);
  return (ssize_t)n;
}

static inline void afalg_native_nettle_free(struct afalg_native_nettle *m) {
  if (m)
    free(m->state);
  free(m);
}

)";
}

} // namespace afalg
