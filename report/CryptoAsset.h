#ifndef AFALG_REPORT_CRYPTOASSET_H
#define AFALG_REPORT_CRYPTOASSET_H

#include "model/Finding.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace afalg {
namespace report {

/// A kernel crypto API algorithm name as a tree (AFALG.md §2.2):
/// "authenc(hmac(sha256),cbc(aes))" is "authenc" with two arguments.
struct AlgorithmNode {
  std::string Ident;
  std::vector<AlgorithmNode> Args;
};

/// Parses `name := ident ["(" name {"," name} ")"]`; nullopt when Name does
/// not follow the grammar (whitespace, quotes, unbalanced parentheses,
/// more than 32 arguments, longer than 127 bytes).
std::optional<AlgorithmNode> parseAlgorithmName(llvm::StringRef Name);

/// The tree printed back in the grammar ("cbc(aes)").
std::string printAlgorithmName(const AlgorithmNode &Node);

/// The tree with driver names resolved to the generic names (cra_name) they
/// implement (`sha256-avx2` -> `sha256`, `cbc-aes-aesni` -> `cbc(aes)`,
/// `cts-cbc-aes-aesni` -> `cts(cbc(aes))`) and the cryptd/pcrypt wrappers
/// stripped, following the recipe of AFALG.md §2.2. Unknown leaves stay as
/// written.
AlgorithmNode canonicalAlgorithm(const AlgorithmNode &Node);

/// What a CycloneDX 1.6 CBOM says about one algorithm. Each string is a
/// value of the schema's enum of that name, or "" when it is left out
/// because a static scan cannot know it (a key size, for instance).
struct CryptoAsset {
  std::string Name;         ///< canonical name, or the name as written
  std::string SocketType;   ///< "hash", "skcipher", "aead", "rng" or ""
  bool Parsed = false;      ///< the name follows the kernel grammar
  std::string Primitive;    ///< "hash", "mac", "block-cipher", ... "unknown"
  std::string Mode;         ///< "cbc", "gcm", ..., "other", or ""
  std::string ParameterSet; ///< "256" for sha256, or ""
  std::vector<std::string> Functions; ///< cryptoFunctions, in schema order
  std::string Oid;                    ///< a well-known OID, or ""
};

/// Describes an algorithm bound through AF_ALG. A name that the grammar or
/// the tables do not know falls back on the socket type for what it can
/// (an aead is authenticated encryption whatever its name).
CryptoAsset describeAlgorithm(const Algorithm &A);

} // namespace report
} // namespace afalg

#endif
