// Kernel algorithm names (AFALG.md §2) as CycloneDX 1.6 crypto assets. The
// values chosen here must be members of the schema's enums
// (tests/schema/cyclonedx/bom-1.6.SNAPSHOT.schema.json, cryptoProperties):
// a mode the schema does not list (xts, cts, lrw, ...) is "other".

#include "report/CryptoAsset.h"
#include "model/AlgorithmName.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"

namespace afalg {
namespace report {

namespace {

// CRYPTO_MAX_ALG_NAME (128 with the NUL) and CRYPTO_MAX_ATTRS.
constexpr size_t MaxNameLength = 127;
constexpr size_t MaxArgs = 32;

enum class Kind {
  Unknown,
  Hash,
  Checksum, // not cryptographic: CRCs, xxhash
  Mac,
  BlockCipher,
  StreamCipher,
  Aead,
  Drbg,
  Entropy, // a noise source, not a DRBG
  Null,    // cipher_null, digest_null: no cryptography at all
};

struct Leaf {
  llvm::StringLiteral Name;
  Kind K;
  llvm::StringLiteral Param; // fixed by the name: digest or key bits
  llvm::StringLiteral Oid;
};

// Base names of AFALG.md §2.3 with their well-known OIDs (NIST CSOR for
// SHA-2/SHA-3, RFC 3279 for MD5/SHA-1, RFC 7693 for BLAKE2b, GM/T for SM3,
// TC26 for Streebog); key bits only where the name fixes them.
constexpr Leaf Leaves[] = {
    {"md4", Kind::Hash, "128", "1.2.840.113549.2.4"},
    {"md5", Kind::Hash, "128", "1.2.840.113549.2.5"},
    {"sha1", Kind::Hash, "160", "1.3.14.3.2.26"},
    {"sha224", Kind::Hash, "224", "2.16.840.1.101.3.4.2.4"},
    {"sha256", Kind::Hash, "256", "2.16.840.1.101.3.4.2.1"},
    {"sha384", Kind::Hash, "384", "2.16.840.1.101.3.4.2.2"},
    {"sha512", Kind::Hash, "512", "2.16.840.1.101.3.4.2.3"},
    {"sha3-224", Kind::Hash, "224", "2.16.840.1.101.3.4.2.7"},
    {"sha3-256", Kind::Hash, "256", "2.16.840.1.101.3.4.2.8"},
    {"sha3-384", Kind::Hash, "384", "2.16.840.1.101.3.4.2.9"},
    {"sha3-512", Kind::Hash, "512", "2.16.840.1.101.3.4.2.10"},
    {"sm3", Kind::Hash, "256", "1.2.156.10197.1.401"},
    {"rmd160", Kind::Hash, "160", "1.3.36.3.2.1"},
    {"wp256", Kind::Hash, "256", ""},
    {"wp384", Kind::Hash, "384", ""},
    {"wp512", Kind::Hash, "512", ""},
    {"streebog256", Kind::Hash, "256", "1.2.643.7.1.1.2.2"},
    {"streebog512", Kind::Hash, "512", "1.2.643.7.1.1.2.3"},
    {"blake2b-160", Kind::Hash, "160", "1.3.6.1.4.1.1722.12.2.1.5"},
    {"blake2b-256", Kind::Hash, "256", "1.3.6.1.4.1.1722.12.2.1.8"},
    {"blake2b-384", Kind::Hash, "384", "1.3.6.1.4.1.1722.12.2.1.12"},
    {"blake2b-512", Kind::Hash, "512", "1.3.6.1.4.1.1722.12.2.1.16"},
    {"crc32", Kind::Checksum, "32", ""},
    {"crc32c", Kind::Checksum, "32", ""},
    {"crct10dif", Kind::Checksum, "16", ""},
    {"xxhash64", Kind::Checksum, "64", ""},
    {"ghash", Kind::Mac, "", ""},
    {"polyval", Kind::Mac, "", ""},
    {"poly1305", Kind::Mac, "", ""},
    {"michael_mic", Kind::Mac, "", ""},
    {"aes", Kind::BlockCipher, "", ""},
    {"aria", Kind::BlockCipher, "", ""},
    {"blowfish", Kind::BlockCipher, "", ""},
    {"camellia", Kind::BlockCipher, "", ""},
    {"cast5", Kind::BlockCipher, "", ""},
    {"cast6", Kind::BlockCipher, "", ""},
    {"des", Kind::BlockCipher, "56", ""},
    {"des3_ede", Kind::BlockCipher, "168", ""},
    {"serpent", Kind::BlockCipher, "", ""},
    {"sm4", Kind::BlockCipher, "128", ""},
    {"twofish", Kind::BlockCipher, "", ""},
    {"arc4", Kind::StreamCipher, "", ""},
    {"chacha20", Kind::StreamCipher, "256", ""},
    {"xchacha12", Kind::StreamCipher, "256", ""},
    {"xchacha20", Kind::StreamCipher, "256", ""},
    {"aegis128", Kind::Aead, "128", ""},
    {"stdrng", Kind::Drbg, "", ""},
    {"ansi_cprng", Kind::Drbg, "", ""},
    {"jitterentropy_rng", Kind::Entropy, "", ""},
    {"cipher_null", Kind::Null, "", ""},
    {"digest_null", Kind::Null, "", ""},
};

const Leaf *findLeaf(llvm::StringRef Name) {
  for (const Leaf &L : Leaves)
    if (L.Name == Name)
      return &L;
  return nullptr;
}

bool isIdentChar(char C) { return llvm::isAlnum(C) || C == '-' || C == '_'; }

class Parser {
public:
  explicit Parser(llvm::StringRef S) : S(S) {}

  std::optional<AlgorithmNode> parseAll() {
    std::optional<AlgorithmNode> N = parse();
    if (!N || Pos != S.size())
      return std::nullopt;
    return N;
  }

private:
  std::optional<AlgorithmNode> parse() {
    size_t Start = Pos;
    while (Pos < S.size() && isIdentChar(S[Pos]))
      ++Pos;
    if (Pos == Start)
      return std::nullopt;
    AlgorithmNode N;
    N.Ident = S.slice(Start, Pos).str();
    if (Pos == S.size() || S[Pos] != '(')
      return N;
    do {
      ++Pos; // '(' or ','
      std::optional<AlgorithmNode> Arg = parse();
      if (!Arg || N.Args.size() == MaxArgs)
        return std::nullopt;
      N.Args.push_back(std::move(*Arg));
    } while (Pos < S.size() && S[Pos] == ',');
    if (Pos == S.size() || S[Pos] != ')')
      return std::nullopt;
    ++Pos;
    return N;
  }

  llvm::StringRef S;
  size_t Pos = 0;
};

AlgorithmNode leaf(llvm::StringRef Ident) {
  return AlgorithmNode{Ident.str(), {}};
}

bool isDriverSuffix(llvm::StringRef S) {
  return llvm::is_contained({"generic", "lib", "asm", "ni", "avx", "avx2",
                             "ssse3", "aesni", "ce", "neon", "neonbs", "arm",
                             "arm64", "intel", "pclmul", "clmulni", "simd",
                             "x86_64"},
                            S);
}

bool isDriverMode(llvm::StringRef S) {
  return llvm::is_contained({"ecb", "cbc", "ctr", "xts", "cts", "xctr", "gcm",
                             "ccm", "rfc3686", "rfc4106", "rfc4309", "rfc4543"},
                            S);
}

/// A leaf that is a driver name, resolved to the name it implements.
AlgorithmNode canonicalLeaf(llvm::StringRef Ident) {
  if (findLeaf(Ident))
    return leaf(Ident);
  if (Ident == "generic-gcm-aesni")
    return AlgorithmNode{"gcm", {leaf("aes")}};
  // "<cra>-<impl>": sha256-avx2, sha3-256-generic, crc32c-intel.
  auto [Cra, Suffix] = Ident.rsplit('-');
  if (!Suffix.empty() && findLeaf(Cra) && isDriverSuffix(Suffix))
    return leaf(Cra);
  // "<mode>-...-<cipher>-<impl>": cbc-aes-aesni, cts-cbc-aes-aesni, and
  // rfc4106-gcm-aesni where the implementation names the cipher.
  llvm::SmallVector<llvm::StringRef, 6> Parts;
  Ident.split(Parts, '-');
  size_t Modes = 0;
  while (Modes < Parts.size() && isDriverMode(Parts[Modes]))
    ++Modes;
  if (Modes == 0 || Modes == Parts.size())
    return leaf(Ident);
  llvm::StringRef Cipher = Parts[Modes];
  const Leaf *L = findLeaf(Cipher);
  if (!L && Cipher.starts_with("aes"))
    Cipher = "aes";
  else if (!L || (L->K != Kind::BlockCipher && L->K != Kind::StreamCipher))
    return leaf(Ident);
  AlgorithmNode N = leaf(Cipher);
  for (size_t I = Modes; I-- > 0;)
    N = AlgorithmNode{Parts[I].str(), {std::move(N)}};
  return N;
}

struct Info {
  Kind K = Kind::Unknown;
  std::string Mode, Param, Oid;
};

llvm::StringRef hmacOid(llvm::StringRef Hash) {
  return llvm::StringSwitch<llvm::StringRef>(Hash)
      .Case("sha1", "1.2.840.113549.2.7")
      .Case("sha224", "1.2.840.113549.2.8")
      .Case("sha256", "1.2.840.113549.2.9")
      .Case("sha384", "1.2.840.113549.2.10")
      .Case("sha512", "1.2.840.113549.2.11")
      .Case("sha3-224", "2.16.840.1.101.3.4.2.13")
      .Case("sha3-256", "2.16.840.1.101.3.4.2.14")
      .Case("sha3-384", "2.16.840.1.101.3.4.2.15")
      .Case("sha3-512", "2.16.840.1.101.3.4.2.16")
      .Default("");
}

Info classify(const AlgorithmNode &N) {
  const std::string &Head = N.Ident;
  if (N.Args.empty()) {
    if (const Leaf *L = findLeaf(Head))
      return {L->K, "", L->Param.str(), L->Oid.str()};
    if (llvm::StringRef(Head).starts_with("drbg_"))
      return {Kind::Drbg, "", "", ""};
    return {};
  }
  size_t Arity = N.Args.size();
  Info Arg0 = classify(N.Args[0]);
  bool OneArg = Arity == 1;
  if (OneArg && llvm::is_contained({"ecb", "cbc", "ctr", "cfb", "ofb", "xts",
                                    "cts", "lrw", "pcbc", "xctr", "hctr2"},
                                   Head)) {
    if (Arg0.K == Kind::StreamCipher || Arg0.K == Kind::Null)
      return {Arg0.K, "", Arg0.Param, ""}; // ecb(arc4), ecb(cipher_null)
    bool Listed = llvm::is_contained({"ecb", "cbc", "ctr", "cfb", "ofb"}, Head);
    return {Kind::BlockCipher, Listed ? Head : "other", Arg0.Param, ""};
  }
  if (OneArg && Head == "rfc3686")
    return {Kind::BlockCipher, "ctr", Arg0.Param, ""};
  if (Arity == 2 && Head == "essiv")
    return {Arg0.K, Arg0.Mode, Arg0.Param, ""};
  if ((Arity == 2 || Arity == 3) && Head == "adiantum")
    return {Kind::BlockCipher, "other", "", ""};
  if (OneArg && Head == "hmac")
    return {Kind::Mac, "", Arg0.Param, hmacOid(N.Args[0].Ident).str()};
  if (OneArg && (Head == "cmac" || Head == "xcbc" || Head == "cbcmac"))
    return {Kind::Mac, "", "", ""};
  if (OneArg && (Head == "gcm" || Head == "ccm"))
    return {Kind::Aead, Head, Arg0.Param, ""};
  if (Arity == 2 && (Head == "gcm_base" || Head == "ccm_base"))
    return {Kind::Aead, Head.substr(0, 3), Arg0.Param, ""};
  if (OneArg && (Head == "rfc4106" || Head == "rfc4309"))
    return {Kind::Aead, Head == "rfc4106" ? "gcm" : "ccm", Arg0.Param, ""};
  if (OneArg && Head == "rfc4543") // GMAC: authentication only
    return {Kind::Mac, "gcm", Arg0.Param, ""};
  if (Arity == 2 && (Head == "rfc7539" || Head == "rfc7539esp")) {
    // AEAD_CHACHA20_POLY1305 (RFC 8103) is the RFC 7539 construction.
    bool Standard = Head == "rfc7539" && N.Args[0].Ident == "chacha20" &&
                    N.Args[1].Ident == "poly1305";
    return {Kind::Aead, "", "", Standard ? "1.2.840.113549.1.9.16.3.18" : ""};
  }
  if (Arity == 2 && (Head == "authenc" || Head == "authencesn"))
    return {Kind::Aead, classify(N.Args[1]).Mode, "", ""};
  return {};
}

llvm::StringRef primitiveOf(Kind K, llvm::StringRef SocketType) {
  switch (K) {
  case Kind::Hash:
    return "hash";
  case Kind::Mac:
    return "mac";
  case Kind::BlockCipher:
    return "block-cipher";
  case Kind::StreamCipher:
    return "stream-cipher";
  case Kind::Aead:
    return "ae";
  case Kind::Drbg:
    return "drbg";
  case Kind::Checksum:
  case Kind::Entropy:
  case Kind::Null:
    return "other";
  case Kind::Unknown:
    break;
  }
  // Whatever its name, an aead transform is authenticated encryption.
  return SocketType == "aead" ? "ae" : "unknown";
}

std::vector<std::string> functionsOf(Kind K, llvm::StringRef SocketType) {
  switch (K) {
  case Kind::Hash:
  case Kind::Checksum:
    return {"digest"};
  case Kind::Mac:
    return {"tag"};
  case Kind::BlockCipher:
  case Kind::StreamCipher:
  case Kind::Aead:
    return {"encrypt", "decrypt"};
  case Kind::Drbg:
  case Kind::Entropy:
    return {"generate"};
  case Kind::Null:
  case Kind::Unknown:
    break;
  }
  // The socket type tells what the operation sockets do; an unknown hash
  // transform may be a digest or a MAC, so it stays unsaid.
  if (SocketType == "skcipher" || SocketType == "aead")
    return {"encrypt", "decrypt"};
  if (SocketType == "rng")
    return {"generate"};
  if (K == Kind::Null && SocketType == "hash")
    return {"digest"};
  return {};
}

} // namespace

std::optional<AlgorithmNode> parseAlgorithmName(llvm::StringRef Name) {
  if (Name.empty() || Name.size() > MaxNameLength)
    return std::nullopt;
  return Parser(Name).parseAll();
}

std::string printAlgorithmName(const AlgorithmNode &Node) {
  std::string Out = Node.Ident;
  if (Node.Args.empty())
    return Out;
  Out += '(';
  for (size_t I = 0; I < Node.Args.size(); ++I) {
    if (I)
      Out += ',';
    Out += printAlgorithmName(Node.Args[I]);
  }
  return Out + ")";
}

AlgorithmNode canonicalAlgorithm(const AlgorithmNode &Node) {
  if (Node.Args.empty())
    return canonicalLeaf(Node.Ident);
  // Asynchronous and parallel wrappers change how, not what.
  if (Node.Args.size() == 1 &&
      (Node.Ident == "cryptd" || Node.Ident == "pcrypt"))
    return canonicalAlgorithm(Node.Args[0]);
  AlgorithmNode Out{Node.Ident, {}};
  for (const AlgorithmNode &Arg : Node.Args)
    Out.Args.push_back(canonicalAlgorithm(Arg));
  return Out;
}

CryptoAsset describeAlgorithm(const Algorithm &A) {
  CryptoAsset C;
  C.Name = A.Name;
  C.SocketType = A.Type;
  Info I;
  if (std::optional<AlgorithmNode> Tree = parseAlgorithmName(A.Name)) {
    AlgorithmNode Canonical = canonicalAlgorithm(*Tree);
    C.Parsed = true;
    C.Name = printAlgorithmName(Canonical);
    std::string FromName = socketTypeOf(C.Name);
    if (!FromName.empty())
      C.SocketType = FromName;
    I = classify(Canonical);
  }
  C.Primitive = primitiveOf(I.K, C.SocketType).str();
  C.Mode = I.Mode;
  C.ParameterSet = I.Param;
  C.Functions = functionsOf(I.K, C.SocketType);
  C.Oid = I.Oid;
  return C;
}

} // namespace report
} // namespace afalg
