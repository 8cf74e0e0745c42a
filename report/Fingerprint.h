#ifndef AFALG_REPORT_FINGERPRINT_H
#define AFALG_REPORT_FINGERPRINT_H

#include "model/Finding.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace afalg {
namespace report {

/// The key under which SARIF results carry fingerprintFor()'s value. The
/// "/v1" is the recipe's version: change it whenever the recipe changes.
inline constexpr llvm::StringLiteral FingerprintKey = "afalgScan/v1";

/// The message with whitespace runs collapsed and line numbers ("line 12",
/// ":12") blanked, so that editing code above a finding does not change it.
std::string normalizeMessage(llvm::StringRef Message);

/// One fingerprint per finding, for findings already in report order. A
/// fingerprint hashes (rule, file, function, normalized message) and the
/// finding's occurrence index among findings with that same key, never the
/// line: inserting lines above a finding keeps its fingerprint, so code
/// scanning tracks it as the same alert. 16 lowercase hex digits.
std::vector<std::string>
computeFingerprints(const std::vector<const Finding *> &Sorted);

} // namespace report
} // namespace afalg

#endif
